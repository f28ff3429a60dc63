//! The printable report: preview in the window, save as one HTML file, and the
//! report settings (company name, strategy playbook) kept with the workspace. With
//! an earlier period in the workspace, the report shows who moved.

use std::path::PathBuf;

use tauri::State;
use tierbook_core::history::{self, CompareOptions};
use tierbook_core::playbook::Playbook;
use tierbook_core::report::{self, PreviousPeriod, ReportOptions};
use tierbook_core::Lang;

use crate::error::{IntoIpc, IpcError};
use crate::ipc::{ReportSettings, ReportView};
use crate::state::{lock, AppState};

/// The company name and edited playbook: kept in the workspace (so they travel
/// with it), falling back to the app's settings when there is no workspace or
/// nothing was saved there yet.
fn stored_settings(state: &AppState) -> (String, Option<Playbook>) {
    let (mut company, mut playbook) = {
        let settings = lock(&state.settings);
        (settings.company.clone(), settings.playbook.clone())
    };
    if let Some(ws) = &state.workspace {
        let ws = lock(ws);
        if let Ok(Some(c)) = ws.setting("company") {
            company = serde_json::from_str(&c).unwrap_or(company);
        }
        if let Ok(Some(p)) = ws.setting("playbook") {
            playbook = serde_json::from_str(&p).unwrap_or(playbook);
        }
    }
    (company, playbook)
}

fn render(state: &AppState, lang: Lang) -> Result<report::Report, IpcError> {
    let ui = state.lang();
    let (company, playbook) = stored_settings(state);
    let session = lock(&state.session);
    let s = session.as_ref().ok_or_else(|| IpcError::no_ledger(ui))?;
    // When an earlier period is in the workspace, the report shows who moved.
    let previous = match (&s.stored, &state.workspace) {
        (Some(run), Some(ws)) => {
            let ws = lock(ws);
            let earlier = ws.previous_run(run.id).map_err(|e| IpcError::from_store(&e, ui))?;
            match earlier {
                Some(r) => {
                    let (info, before) = ws.run_table(r.id).map_err(|e| IpcError::from_store(&e, ui))?;
                    Some(PreviousPeriod {
                        label: info.name(lang),
                        comparison: history::compare(&before, &s.table, &CompareOptions::default()),
                    })
                }
                None => None,
            }
        }
        _ => None,
    };
    let opts = ReportOptions {
        company,
        date: report::today(),
        lang,
        playbook: playbook.unwrap_or_else(|| Playbook::default_for(lang)),
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
    let (company, playbook) = stored_settings(&state);
    ReportSettings {
        company,
        edited: playbook.is_some(),
        playbook: playbook.unwrap_or_else(|| Playbook::default_for(lang)),
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
    let company = company.trim().to_string();
    if state.workspace.is_some() {
        let c = serde_json::to_string(&company).expect("a string serialises");
        let p = serde_json::to_string(&playbook).expect("a playbook serialises");
        super::with_workspace(&state, |ws| {
            ws.set_setting("company", &c)?;
            ws.set_setting("playbook", &p)
        })?;
    }
    {
        let mut settings = lock(&state.settings);
        settings.company = company;
        settings.playbook = playbook;
    }
    state.save_settings();
    Ok(())
}
