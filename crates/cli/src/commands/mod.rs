//! One file per subcommand: each turns its flags into a use-case call of the
//! core and prints what it produced.

pub mod backtest;
pub mod classify;
pub mod compare;
pub mod history;
pub mod inspect;
pub mod report;
pub mod team;

use std::io::IsTerminal;

use tierbook_core::store::{self, Workspace};

use crate::error::CliError;

/// Opens the workspace named by `--db`: a file, or a team server
/// (`postgres://user@host/db`). A server's password comes from `PGPASSWORD`
/// or, at a terminal, is asked for without echo; it is never a flag.
pub(crate) fn open(db: &str) -> Result<Workspace, CliError> {
    let core = |e: store::StoreError| CliError::Core(e.into());
    if !store::is_server(db) {
        return Workspace::open(std::path::Path::new(db)).map_err(core);
    }
    let ask =
        Workspace::needs_password(db) && std::env::var_os("PGPASSWORD").is_none() && std::io::stdin().is_terminal();
    let password = if ask {
        rpassword::prompt_password("PostgreSQL 密码 / password: ").ok()
    } else {
        None
    };
    Workspace::connect_as(db, password.as_deref()).map_err(core)
}
