//! Choosing the method, its parameters and the tier names.

use tauri::State;
use tierbook_core::tiering::Method;
use tierbook_core::{RunSpec, TierPolicy};

use super::with_session;
use crate::error::{IntoIpc, IpcError};
use crate::ipc::Summary;
use crate::state::AppState;
use crate::view;

/// The documents' defaults for a method.
#[tauri::command]
pub fn policy_preset(method: Method) -> TierPolicy {
    TierPolicy::preset(method)
}

/// Re-tiers the open ledger under a new policy. Manual tiers and the import
/// choices of the open ledger are kept.
#[tauri::command(async)]
pub fn apply_policy(policy: TierPolicy, state: State<'_, AppState>) -> Result<Summary, IpcError> {
    // New rules for the same run: its specification (manual tiers, import
    // choices, period) is the open run's.
    let run = with_session(&state, |s| s.table.policy.run.clone())?;
    let policy = TierPolicy { run, ..policy }.check().ipc(state.lang())?;
    let edit = super::Edit {
        customer: None,
        action: "policy",
        detail: policy.describe(tierbook_core::Lang::Zh),
    };
    super::retier(&state, policy, edit)
}

/// Loads a policy file (the same JSON as `tierbook-cli --policy`) and re-tiers the
/// open ledger with its method, parameters, tier names and manual tiers. The
/// ledger's own import choices stay as they are.
#[tauri::command(async)]
pub fn load_policy(path: String, state: State<'_, AppState>) -> Result<Summary, IpcError> {
    let lang = state.lang();
    let file = std::path::Path::new(&path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = std::fs::read_to_string(&path).map_err(|e| {
        IpcError::app(
            "app.policy_unreadable",
            &[("file", file.clone())],
            lang,
            format!("无法读取分级规则文件“{file}”（{e}）。"),
            format!("Cannot read policy file “{file}” ({e})."),
        )
    })?;
    let loaded = TierPolicy::from_json(&file, &text).ipc(lang)?;
    let import = with_session(&state, |s| s.table.policy.run.import.clone())?;
    let policy = loaded
        .with_run(RunSpec {
            import,
            ..loaded.run.clone()
        })
        .ipc(lang)?;
    let edit = super::Edit {
        customer: None,
        action: "policy",
        detail: format!("{file}: {}", policy.describe(tierbook_core::Lang::Zh)),
    };
    super::retier(&state, policy, edit)
}

/// Saves the policy in force as a JSON file that `tierbook-cli --policy` and
/// [`load_policy`] read back.
#[tauri::command(async)]
pub fn save_policy(path: String, state: State<'_, AppState>) -> Result<(), IpcError> {
    let lang = state.lang();
    let policy = with_session(&state, |s| s.table.policy.clone())?;
    let path = std::path::Path::new(&path);
    tierbook_core::export::write_atomically(path, policy.to_json().as_bytes()).ipc(lang)?;
    if state.workspace().is_some() {
        // Kept in the workspace too, under the file's name, with the data it tiers.
        let name = path
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        super::with_workspace(&state, |ws| ws.save_policy(&name, &policy))?;
    }
    Ok(())
}

/// The summary of the open ledger.
#[tauri::command(async)]
pub fn current_summary(state: State<'_, AppState>) -> Result<Summary, IpcError> {
    let lang = state.lang();
    with_session(&state, |s| view::summary(s, lang))
}
