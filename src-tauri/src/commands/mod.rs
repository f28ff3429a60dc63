//! IPC commands: thin translations from the window's requests to engine calls.
//!
//! Anything that sorts, re-tiers or reads and writes files is `async` (or
//! `#[tauri::command(async)]`), so it runs off the main thread and the window never
//! freezes, even with 50,000 customers.

pub mod app;
pub mod charts;
pub mod export;
pub mod import;
pub mod policy;
pub mod report;
pub mod table;

use tauri::State;
use tierbook_core::tiering;

use crate::error::{IntoIpc, IpcError};
use crate::ipc::Summary;
use crate::state::{lock, AppState};
use crate::view;

/// Reads from the open ledger, or says that none is open.
pub(crate) fn with_session<T>(
    state: &State<'_, AppState>,
    f: impl FnOnce(&crate::state::Session) -> T,
) -> Result<T, IpcError> {
    let lang = state.lang();
    lock(&state.session)
        .as_ref()
        .map(f)
        .ok_or_else(|| IpcError::no_ledger(lang))
}

/// Re-tiers the open ledger under `policy` (keeping the user's edits to needs,
/// which live in the metrics) and returns the new summary.
pub(crate) fn retier(state: &State<'_, AppState>, policy: tierbook_core::TierPolicy) -> Result<Summary, IpcError> {
    let lang = state.lang();
    let mut session = lock(&state.session);
    let s = session.as_mut().ok_or_else(|| IpcError::no_ledger(lang))?;
    let table = tiering::classify(s.table.metrics.clone(), &policy).ipc(lang)?;
    s.table = table;
    Ok(view::summary(&s.report.file, &s.table, lang))
}
