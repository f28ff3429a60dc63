//! tierbook-cli: tier a sales ledger from the command line.
//!
//! ```text
//! tierbook-cli classify 2025销售台账.xlsx -o 客户分级管理表.xlsx
//! tierbook-cli classify 2025销售台账.xlsx --method abc-value -o out.xlsx
//! tierbook-cli inspect 2025销售台账.xlsx
//! ```

mod args;
mod commands;
mod error;
mod policy;
mod progress;
mod summary;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Rust ignores SIGPIPE, so `tierbook-cli classify … | head` would panic on
    // the closed pipe; the default ends the program quietly, as `ls | head` does.
    #[cfg(unix)]
    // SAFETY: at the start of main, before any thread or output exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => match error::invalid_choice(&e) {
            Some(bad) => {
                // The language flag may follow the bad one: look for it by hand.
                let argv: Vec<String> = std::env::args().collect();
                let en =
                    argv.windows(2).any(|w| w[0] == "--lang" && w[1] == "en") || argv.iter().any(|a| a == "--lang=en");
                let lang = if en {
                    tierbook_core::Lang::En
                } else {
                    tierbook_core::Lang::Zh
                };
                eprintln!("{}{}", lang.pick("错误：", "Error: "), bad.message(lang));
                eprintln!("  [{}]", bad.code());
                return ExitCode::from(bad.exit_code());
            }
            None => e.exit(),
        },
    };
    let lang = cli.lang();
    let result = match &cli.command {
        args::Command::Classify(a) => commands::classify::run(a, lang),
        args::Command::Inspect(a) => commands::inspect::run(a, lang),
        args::Command::Report(r) => commands::report::run(r, lang),
        args::Command::History(h) => commands::history::run(h, lang),
        args::Command::Compare(c) => commands::compare::run(c, lang),
        args::Command::Backtest(b) => commands::backtest::run(b, lang),
        args::Command::Move(m) => commands::team::move_workspace(m, lang),
        args::Command::Team(t) => commands::team::run(t, lang),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}{}", lang.pick("错误：", "Error: "), e.message(lang));
            eprintln!("  [{}]", e.code());
            ExitCode::from(e.exit_code())
        }
    }
}
