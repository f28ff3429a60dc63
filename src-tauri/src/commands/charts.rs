//! The dashboard's charts, drawn by the core as SVG.

use tauri::State;
use tierbook_core::{chart, Lang};

use crate::error::IpcError;
use crate::ipc::Charts;
use crate::state::{lock, AppState};

/// The dashboard charts of the open ledger (and its RFM heat map), in `lang`.
#[tauri::command]
pub async fn charts(lang: Lang, rfm_by_count: Option<bool>, state: State<'_, AppState>) -> Result<Charts, IpcError> {
    let ui = state.lang();
    let session = state.session.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let guard = lock(&session);
        let s = guard.as_ref().ok_or_else(|| IpcError::no_ledger(ui))?;
        let set = chart::charts(&s.table, lang).map_err(|e| IpcError::internal(e, ui))?;
        let backtest = match &s.table.metrics.model_check {
            Some(tierbook_core::clv::ModelCheck::Done(b)) => Some(b.as_ref()),
            _ => None,
        };
        Ok(Charts {
            pareto: set.pareto,
            pyramid: set.pyramid,
            shares: set.shares,
            distribution: set.distribution,
            rfm: tierbook_core::chart::rfm::heatmap(&s.table, rfm_by_count.unwrap_or(false), lang)
                .map_err(|e| IpcError::internal(e, ui))?,
            clv: tierbook_core::chart::lens::clv_scatter(&s.table, lang).map_err(|e| IpcError::internal(e, ui))?,
            matrix: tierbook_core::chart::lens::value_matrix_scatter(&s.table, lang)
                .map_err(|e| IpcError::internal(e, ui))?,
            segments: s.table.rfm.totals(&s.table.metrics.customers, &s.table.policy.rfm),
            tracking: backtest
                .map(|b| tierbook_core::chart::model::tracking(b, lang))
                .transpose()
                .map_err(|e| IpcError::internal(e, ui))?,
            calibration: backtest
                .map(|b| tierbook_core::chart::model::calibration(b, lang))
                .transpose()
                .map_err(|e| IpcError::internal(e, ui))?,
        })
    })
    .await
    .map_err(|e| IpcError::internal(e, ui))?
}
