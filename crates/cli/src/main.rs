//! tierbook-cli: tier a sales ledger from the command line.
//!
//! ```text
//! tierbook-cli classify 2025销售台账.xlsx -o 客户分级管理表.xlsx
//! tierbook-cli classify 2025销售台账.xlsx --method abc-value -o out.xlsx
//! tierbook-cli inspect 2025销售台账.xlsx
//! ```

mod args;
mod summary;
mod workspace;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let lang = cli.lang();
    match args::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}{}", lang.pick("错误：", "Error: "), e.message(lang));
            eprintln!("  [{}]", e.code());
            ExitCode::from(e.exit_code())
        }
    }
}
