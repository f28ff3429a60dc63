//! The printable report: preview in the window, save as one HTML file, and the
//! report settings (company name, strategy playbook) kept with the app's settings.

use std::path::PathBuf;

use tauri::State;
use tierbook_core::playbook::Playbook;
use tierbook_core::report::{self, ReportOptions};
use tierbook_core::Lang;

use crate::error::{IntoIpc, IpcError};
use crate::ipc::{ReportSettings, ReportView};
use crate::state::{lock, AppState};

fn options(state: &AppState, lang: Lang) -> ReportOptions {
    let settings = lock(&state.settings);
    ReportOptions {
        company: settings.company.clone(),
        date: report::today(),
        lang,
        playbook: settings.playbook.clone().unwrap_or_else(|| Playbook::default_for(lang)),
        previous: None,
    }
}

fn render(state: &AppState, lang: Lang) -> Result<report::Report, IpcError> {
    let ui = state.lang();
    let opts = options(state, lang);
    let session = lock(&state.session);
    let s = session.as_ref().ok_or_else(|| IpcError::no_ledger(ui))?;
    report::render(&s.table, &s.report, &opts).map_err(|e| IpcError::internal(&e.to_string(), ui))
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
    let settings = lock(&state.settings);
    ReportSettings {
        company: settings.company.clone(),
        playbook: settings.playbook.clone().unwrap_or_else(|| Playbook::default_for(lang)),
        edited: settings.playbook.is_some(),
    }
}

/// Keeps the company name and playbook (`playbook: null` restores the defaults).
#[tauri::command]
pub fn set_report_settings(company: String, playbook: Option<Playbook>, state: State<'_, AppState>) {
    {
        let mut settings = lock(&state.settings);
        settings.company = company.trim().to_string();
        settings.playbook = playbook;
    }
    state.save_settings();
}
