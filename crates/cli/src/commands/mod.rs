//! One file per subcommand: each turns its flags into a use-case call of the
//! core and prints what it produced.

pub mod backtest;
pub mod classify;
pub mod compare;
pub mod history;
pub mod inspect;
pub mod report;

use std::path::Path;

use tierbook_core::store::Workspace;

use crate::error::CliError;

/// Opens the workspace named by `--db`.
pub(crate) fn open(db: &Path) -> Result<Workspace, CliError> {
    Workspace::open(db).map_err(|e| CliError::Core(e.into()))
}
