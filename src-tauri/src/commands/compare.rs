//! Comparing two saved runs: the migration matrix, flow and trend charts, the
//! mover lists, and the comparison workbook.

use std::path::PathBuf;

use tauri::State;
use tierbook_core::history::{self, CompareOptions, Comparison};
use tierbook_core::store::{StoreError, Workspace};
use tierbook_core::{chart, export, Lang};

use crate::error::{IntoIpc, IpcError};
use crate::ipc::history::{ComparisonView, RunView, SlipView};
use crate::ipc::ExportOutcome;
use crate::state::AppState;

/// The comparison of two runs, earlier first, with their list entries.
fn comparison(
    ws: &Workspace,
    before: i64,
    after: i64,
    lang: Lang,
) -> Result<(Comparison, RunView, RunView), StoreError> {
    let (_, a) = ws.run_table(before)?;
    let (_, b) = ws.run_table(after)?;
    let views = super::workspace::run_views(ws, None, lang)?;
    let find = |id: i64| {
        views
            .iter()
            .find(|r| r.id == id)
            .cloned()
            .ok_or(StoreError::NoSuchRun { id })
    };
    Ok((
        history::compare(&a, &b, &CompareOptions::default()),
        find(before)?,
        find(after)?,
    ))
}

/// Compares run `before` (earlier) with run `after`.
#[tauri::command(async)]
pub fn compare_runs(
    before: i64,
    after: i64,
    lang: Lang,
    state: State<'_, AppState>,
) -> Result<ComparisonView, IpcError> {
    let ui = state.lang();
    let (c, b, a, trend) = super::with_workspace(&state, |ws| {
        let (c, b, a) = comparison(ws, before, after, lang)?;
        Ok((c, b, a, ws.trend(lang)?))
    })?;
    let draw = |r: Result<String, chart::ChartError>| r.map_err(|e| IpcError::internal(e, ui));
    let flow = draw(chart::history::flow(&c, &b.label, &a.label, lang))?;
    let trend = draw(chart::history::trend(&trend, lang))?;
    let slipping = c
        .slipping
        .iter()
        .map(|s| SlipView {
            mover: s.mover.clone(),
            why: c.slip_text(&s.mover.id, lang),
        })
        .collect();
    Ok(ComparisonView {
        before: b,
        after: a,
        matrix: c.matrix.iter().map(|r| r.to_vec()).collect(),
        upgraded: c.upgraded,
        downgraded: c.downgraded,
        new: c.new,
        lost: c.lost,
        rising_stars: c.rising_stars,
        slipping,
        flow,
        trend,
    })
}

/// Writes the comparison workbook (matrix, movers, rising stars, slipping
/// accounts) atomically.
#[tauri::command(async)]
pub fn export_comparison(
    before: i64,
    after: i64,
    path: String,
    lang: Lang,
    state: State<'_, AppState>,
) -> Result<ExportOutcome, IpcError> {
    let ui = state.lang();
    let target = PathBuf::from(&path);
    let (c, b, a) = super::with_workspace(&state, |ws| comparison(ws, before, after, lang))?;
    export::write_comparison(&target, &c, &b.label, &a.label, lang).ipc(ui)?;
    Ok(super::export::exported(&state, target))
}
