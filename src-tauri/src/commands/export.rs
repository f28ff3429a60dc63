//! Writing the workbook, and showing it in the file manager afterwards.

use std::path::{Path, PathBuf};

use tauri::State;
use tierbook_core::{export, Lang};

use crate::error::{IntoIpc, IpcError};
use crate::ipc::ExportOutcome;
use crate::state::{lock, AppState};

/// Writes the filled workbook to `path` (atomically; nothing half-written is left).
#[tauri::command]
pub async fn export_workbook(
    path: String,
    lang: Lang,
    unit: Option<export::AmountUnit>,
    state: State<'_, AppState>,
) -> Result<ExportOutcome, IpcError> {
    let ui_lang = state.lang();
    let target = PathBuf::from(&path);
    let session = state.session.clone();
    let job_target = target.clone();
    let options = export::ExportOptions {
        company: super::report::stored_settings(&state).company,
        unit: unit.unwrap_or_default(),
    };
    tauri::async_runtime::spawn_blocking(move || {
        let guard = lock(&session);
        let s = guard.as_ref().ok_or_else(|| IpcError::no_ledger(ui_lang))?;
        export::write_workbook_for(&job_target, &s.table, &s.report, lang, &options).ipc(ui_lang)
    })
    .await
    .map_err(|e| IpcError::internal(e, ui_lang))??;
    Ok(exported(&state, target))
}

/// Remembers a file this run wrote (only those may be shown in the file
/// manager) and says where it went.
pub(crate) fn exported(state: &AppState, target: PathBuf) -> ExportOutcome {
    let folder = target.parent().map(Path::to_path_buf).unwrap_or_default();
    let outcome = ExportOutcome {
        path: target.display().to_string(),
        folder: folder.display().to_string(),
    };
    lock(&state.exported).push(target);
    outcome
}

/// A file this run exported, or the refusal: only those may be shown or
/// opened, whatever path the window sends.
fn exported_file(path: &str, state: &AppState) -> Result<PathBuf, IpcError> {
    let p = PathBuf::from(path);
    if lock(&state.exported).contains(&p) {
        return Ok(p);
    }
    Err(IpcError::app(
        "app.not_exported",
        &[("path", path.to_string())],
        state.lang(),
        format!("“{path}”不是本次导出的文件。"),
        format!("“{path}” was not exported in this session."),
    ))
}

/// Shows an exported file in the system's file manager. Only files this run
/// exported can be shown.
#[tauri::command]
pub fn reveal_in_folder(path: String, state: State<'_, AppState>) -> Result<(), IpcError> {
    let p = exported_file(&path, &state)?;
    tauri_plugin_opener::reveal_item_in_dir(&p).map_err(|e| {
        IpcError::app(
            "app.reveal_failed",
            &[("path", path.clone())],
            state.lang(),
            format!("无法打开“{path}”所在的文件夹（{e}）。"),
            format!("Could not open the folder of “{path}” ({e})."),
        )
    })
}

/// Opens an exported file in the program the system opens it with (Excel or
/// WPS for a workbook, the browser for a report). Only files this run
/// exported can be opened.
#[tauri::command]
pub fn open_exported(path: String, state: State<'_, AppState>) -> Result<(), IpcError> {
    let p = exported_file(&path, &state)?;
    tauri_plugin_opener::open_path(&p, None::<&str>).map_err(|e| {
        IpcError::app(
            "app.open_failed",
            &[("path", path.clone())],
            state.lang(),
            format!("无法打开“{path}”（{e}）。请确认电脑上装有 Excel 或 WPS，或在文件夹中双击打开。"),
            format!("Could not open “{path}” ({e}). Check that Excel or WPS is installed, or open it from its folder."),
        )
    })
}
