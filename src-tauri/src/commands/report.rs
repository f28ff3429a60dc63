//! The printable report: preview in the window, save as one HTML file, and the
//! report settings (company name, strategy playbook) kept with the workspace. With
//! an earlier period in the workspace, the report shows who moved.

use std::path::PathBuf;

use tauri::State;
use tierbook_core::playbook::Playbook;
use tierbook_core::report::{self, ReportOptions};
use tierbook_core::{usecase, Lang};

use crate::error::{IntoIpc, IpcError};
use crate::ipc::{ReportSettings, ReportView};
use crate::state::{lock, AppState};

/// The company name and edited playbook: kept in the workspace (so they travel
/// with it), falling back to the app's settings when there is no workspace or
/// nothing was saved there yet.
pub(crate) fn stored_settings(state: &AppState) -> usecase::ReportSettings {
    let fallback = {
        let settings = lock(&state.settings);
        usecase::ReportSettings {
            company: settings.company.clone(),
            playbook: settings.playbook.clone(),
        }
    };
    let workspace = state.workspace();
    let ws = workspace.as_ref().map(|ws| lock(ws));
    usecase::ReportSettings::load(ws.as_deref(), fallback)
}

pub(crate) fn render(state: &AppState, lang: Lang) -> Result<report::Report, IpcError> {
    let ui = state.lang();
    let settings = stored_settings(state);
    let session = lock(&state.session);
    let s = session.as_ref().ok_or_else(|| IpcError::no_ledger(ui))?;
    // When an earlier period is in the workspace, the report shows who moved.
    let previous = match (&s.stored, &state.workspace()) {
        (Some(run), Some(ws)) => {
            usecase::previous_period(&lock(ws), run.id, &s.table, lang).map_err(|e| IpcError::from_store(&e, ui))?
        }
        _ => None,
    };
    let opts = ReportOptions {
        date: report::today(),
        lang,
        playbook: settings.playbook_for(lang),
        company: settings.company,
        previous,
    };
    report::render(&s.table, &s.report, &opts).map_err(|e| IpcError::internal(e, ui))
}

/// The report's body for the print preview.
#[tauri::command(async)]
pub fn report_preview(lang: Lang, state: State<'_, AppState>) -> Result<ReportView, IpcError> {
    Ok(ReportView {
        body: render(&state, lang)?.body,
    })
}

/// Saves the report as one self-contained HTML file (styles and charts inline).
#[tauri::command(async)]
pub fn save_report_html(path: String, lang: Lang, state: State<'_, AppState>) -> Result<(), IpcError> {
    let ui = state.lang();
    let doc = render(&state, lang)?.document;
    tierbook_core::export::write_atomically(&PathBuf::from(path), doc.as_bytes()).ipc(ui)
}

/// The company name and the playbook in force for `lang`.
#[tauri::command]
pub fn report_settings(lang: Lang, state: State<'_, AppState>) -> ReportSettings {
    let settings = stored_settings(&state);
    ReportSettings {
        edited: settings.playbook.is_some(),
        playbook: settings.playbook_for(lang),
        company: settings.company,
    }
}

/// Keeps the company name and playbook (`playbook: null` restores the defaults)
/// in the workspace, and in the app's settings when there is no workspace.
#[tauri::command]
pub fn set_report_settings(
    company: String,
    playbook: Option<Playbook>,
    state: State<'_, AppState>,
) -> Result<(), IpcError> {
    let chosen = usecase::ReportSettings {
        company: company.trim().to_string(),
        playbook,
    };
    if state.workspace().is_some() {
        super::with_workspace(&state, |ws| chosen.save(ws))?;
    }
    {
        let mut settings = lock(&state.settings);
        settings.company = chosen.company;
        settings.playbook = chosen.playbook;
    }
    state.save_settings();
    Ok(())
}
