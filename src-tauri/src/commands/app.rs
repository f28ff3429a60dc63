//! Start-up information and preferences.

use tauri::State;
use tierbook_core::Lang;

use crate::ipc::AppInfo;
use crate::state::{lock, AppState};

/// What the window needs at start.
#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    let settings = lock(&state.settings);
    AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        sample: state.sample.as_ref().map(|p| p.display().to_string()),
        lang: settings.lang,
        first_run: !settings.seen_first_run,
        test_ledgers: state.hooks.ledgers.iter().map(|p| p.display().to_string()).collect(),
        workspace: state.workspace_path.as_ref().map(|p| p.display().to_string()),
        workspace_problem: state
            .workspace_problem
            .as_ref()
            .map(|e| crate::error::IpcError::from_store(e, settings.lang)),
        test_save: state.hooks.save.as_ref().map(|p| p.display().to_string()),
    }
}

/// Switches and remembers the language.
#[tauri::command]
pub fn set_language(lang: Lang, state: State<'_, AppState>) {
    lock(&state.settings).lang = lang;
    state.save_settings();
}
