//! Choosing the method, its parameters and the tier names.

use tauri::State;
use tierbook_core::tiering::Method;
use tierbook_core::TierPolicy;

use crate::error::IpcError;
use crate::ipc::Summary;
use crate::state::{lock, AppState};
use crate::view;

/// The documents' defaults for a method.
#[tauri::command]
pub fn policy_preset(method: Method) -> TierPolicy {
    TierPolicy::preset(method)
}

/// Re-tiers the open ledger under a new policy. Manual tiers and the import
/// choices of the open ledger are kept.
#[tauri::command]
pub fn apply_policy(policy: TierPolicy, state: State<'_, AppState>) -> Result<Summary, IpcError> {
    let lang = state.lang();
    let (overrides, import) = {
        let session = lock(&state.session);
        let s = session.as_ref().ok_or_else(|| IpcError::no_ledger(lang))?;
        (s.table.policy.overrides.clone(), s.table.policy.import.clone())
    };
    let policy = TierPolicy {
        overrides,
        import,
        ..policy
    };
    super::retier(&state, policy)
}

/// The summary of the open ledger.
#[tauri::command]
pub fn current_summary(state: State<'_, AppState>) -> Result<Summary, IpcError> {
    let lang = state.lang();
    let session = lock(&state.session);
    let s = session.as_ref().ok_or_else(|| IpcError::no_ledger(lang))?;
    Ok(view::summary(&s.report.file, &s.table, lang))
}
