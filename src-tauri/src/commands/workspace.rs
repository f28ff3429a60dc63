//! The workspace view: every import and run kept, opening a past run, tiering a
//! ledger per year/quarter/month, and deleting an import (the window asks first).

use std::collections::HashMap;
use std::path::PathBuf;

use tauri::State;
use tierbook_core::history::Granularity;
use tierbook_core::store::{StoreError, Workspace};
use tierbook_core::{usecase, Lang};

use crate::error::IpcError;
use crate::ipc::history::{DeleteOutcome, LedgerView, RunView, WorkspaceView};
use crate::ipc::ImportOutcome;
use crate::state::{lock, AppState, Session};
use crate::view;

fn iso<D: ToString>(d: Option<D>) -> Option<String> {
    d.map(|d| d.to_string())
}

/// The runs of the workspace as listed, oldest period first.
pub(crate) fn run_views(ws: &Workspace, open: Option<i64>, lang: Lang) -> Result<Vec<RunView>, StoreError> {
    let names: HashMap<i64, String> = ws.ledgers()?.into_iter().map(|l| (l.id, l.file_name)).collect();
    let latest: Vec<i64> = ws.timeline()?.iter().map(|r| r.run.id).collect();
    ws.timed_runs()?
        .into_iter()
        .map(|t| {
            let counts = ws.run_tier_counts(t.run.id)?;
            Ok(RunView {
                id: t.run.id,
                ledger_id: t.run.ledger_id,
                file_name: names.get(&t.run.ledger_id).cloned().unwrap_or_default(),
                label: t.run.name(lang),
                created_at: t.run.created_at.clone(),
                from: iso(t.from),
                to: iso(t.to),
                method: t.run.policy.describe(lang),
                customers: counts.iter().map(|&n| n as u32).collect(),
                open: open == Some(t.run.id),
                latest: latest.contains(&t.run.id),
                created_by: t.run.created_by.clone(),
            })
        })
        .collect()
}

fn overview(ws: &Workspace, path: Option<String>, open: Option<i64>, lang: Lang) -> Result<WorkspaceView, StoreError> {
    let runs = run_views(ws, open, lang)?;
    let ledgers = ws
        .ledgers()?
        .into_iter()
        .map(|l| {
            let report = ws.report(l.id)?;
            Ok(LedgerView {
                id: l.id,
                runs: runs.iter().filter(|r| r.ledger_id == l.id).count() as u32,
                file_name: l.file_name,
                size: l.size,
                imported_at: l.imported_at,
                first_date: iso(l.first_date),
                last_date: iso(l.last_date),
                rows_imported: report.imported() as u32,
                rows_skipped: report.skipped() as u32,
                imported_by: l.imported_by.clone(),
            })
        })
        .collect::<Result<_, StoreError>>()?;
    Ok(WorkspaceView {
        path,
        shared: match ws.sharing() {
            tierbook_core::store::Sharing::Network { kind } => Some(kind.clone()),
            _ => None,
        },
        ledgers,
        runs,
        pair: ws.latest_pair()?,
    })
}

fn open_run_id(state: &AppState) -> Option<i64> {
    lock(&state.session)
        .as_ref()
        .and_then(|s| s.stored.as_ref())
        .map(|r| r.id)
}

/// The workspace's imports and runs.
#[tauri::command(async)]
pub fn workspace_overview(lang: Lang, state: State<'_, AppState>) -> Result<WorkspaceView, IpcError> {
    let open = open_run_id(&state);
    super::with_workspace(&state, |ws| overview(ws, state.workspace_label(), open, lang))
}

/// Opens a saved run in the window, with its own policy and period.
#[tauri::command(async)]
pub fn open_run(run_id: i64, state: State<'_, AppState>) -> Result<ImportOutcome, IpcError> {
    let lang = state.lang();
    let session = super::with_workspace(&state, |ws| {
        let (info, report, table) = ws.open_run(run_id)?;
        let ledger = ws.ledger(info.ledger_id)?;
        Ok(Session::new(
            PathBuf::from(&ledger.file_name),
            report,
            table,
            Some(info),
            ws.recorded_needs()?,
        ))
    })?;
    let outcome = view::outcome(&session, None, lang);
    *lock(&state.session) = Some(session);
    Ok(outcome)
}

/// Tiers a stored ledger once per calendar year, quarter or month with the
/// method in force (a period already tiered with it is kept, not saved twice).
#[tauri::command(async)]
pub fn tier_periods(
    ledger_id: i64,
    per: Granularity,
    lang: Lang,
    state: State<'_, AppState>,
) -> Result<WorkspaceView, IpcError> {
    let policy = lock(&state.session)
        .as_ref()
        .map(|s| s.table.policy.clone())
        .unwrap_or_default();
    let open = open_run_id(&state);
    super::with_workspace(&state, |ws| {
        usecase::tier_periods(ws, ledger_id, per, &policy, lang)?;
        overview(ws, state.workspace_label(), open, lang)
    })
}

/// Deletes an import with its rows and runs, in one transaction (the window has
/// asked the user first). Closes the open run if it belonged to it.
#[tauri::command(async)]
pub fn delete_ledger(ledger_id: i64, lang: Lang, state: State<'_, AppState>) -> Result<DeleteOutcome, IpcError> {
    let mut session = lock(&state.session);
    let closed = session
        .as_ref()
        .and_then(|s| s.stored.as_ref())
        .is_some_and(|r| r.ledger_id == ledger_id);
    let open = session.as_ref().and_then(|s| s.stored.as_ref()).map(|r| r.id);
    let workspace = super::with_workspace(&state, |ws| {
        ws.delete_ledger(ledger_id)?;
        overview(ws, state.workspace_label(), if closed { None } else { open }, lang)
    })?;
    if closed {
        *session = None;
    }
    Ok(DeleteOutcome { workspace, closed })
}
