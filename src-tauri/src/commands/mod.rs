//! IPC commands: thin translations from the window's requests to engine calls.
//!
//! Anything that sorts, re-tiers or reads and writes files is `async` (or
//! `#[tauri::command(async)]`), so it runs off the main thread and the window never
//! freezes, even with 50,000 customers.

pub mod app;
pub mod charts;
pub mod compare;
pub mod customer;
pub mod desktop;
pub mod export;
pub mod import;
pub mod policy;
pub mod print;
pub mod report;
pub mod table;
pub mod workspace;

use tauri::State;
use tierbook_core::usecase;

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

/// What a re-tier changed, for the audit log.
pub(crate) struct Edit {
    /// The customer concerned.
    pub customer: Option<String>,
    /// `override`, `override_undone`, `policy`.
    pub action: &'static str,
    /// The change in words.
    pub detail: String,
}

/// Re-tiers the open ledger under `policy` (keeping the user's edits to needs,
/// which live in the metrics), rewrites its run in the workspace with the edit
/// audited, and returns the new summary. Nothing changes if the store fails.
pub(crate) fn retier(
    state: &State<'_, AppState>,
    policy: tierbook_core::CheckedPolicy,
    edit: Edit,
) -> Result<Summary, IpcError> {
    let lang = state.lang();
    let mut session = lock(&state.session);
    let s = session.as_mut().ok_or_else(|| IpcError::no_ledger(lang))?;
    let edit = usecase::Edit {
        who: crate::state::who(),
        customer: edit.customer,
        action: edit.action,
        detail: edit.detail,
    };
    let workspace = state.workspace();
    let mut ws = workspace.as_ref().map(|ws| lock(ws));
    let saved = match (s.stored.as_mut(), ws.as_deref_mut()) {
        (Some(run), Some(ws)) => Some((ws, run)),
        _ => None,
    };
    s.table = usecase::retier(&s.table, &policy, saved, &edit).ipc(lang)?;
    Ok(view::summary(s, lang))
}

/// Runs `f` on the workspace, or says it is unavailable.
pub(crate) fn with_workspace<T>(
    state: &AppState,
    f: impl FnOnce(&mut tierbook_core::store::Workspace) -> Result<T, tierbook_core::store::StoreError>,
) -> Result<T, IpcError> {
    let lang = state.lang();
    let ws = state.workspace().ok_or_else(|| IpcError::no_workspace(lang))?;
    let mut ws = lock(&ws);
    f(&mut ws).map_err(|e| IpcError::from_store(&e, lang))
}
