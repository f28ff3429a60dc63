//! The dashboard's charts, drawn by the core as SVG.

use tauri::State;
use tierbook_core::{chart, Lang};

use crate::error::IpcError;
use crate::ipc::{Charts, SegmentRow};
use crate::state::{lock, AppState};

/// The dashboard charts of the open ledger (and its RFM heat map), in `lang`.
#[tauri::command]
pub async fn charts(lang: Lang, rfm_by_count: Option<bool>, state: State<'_, AppState>) -> Result<Charts, IpcError> {
    let ui = state.lang();
    let session = state.session.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let guard = lock(&session);
        let s = guard.as_ref().ok_or_else(|| IpcError::no_ledger(ui))?;
        let set = chart::charts(&s.table, lang).map_err(|e| IpcError::internal(&e.to_string(), ui))?;
        Ok(Charts {
            pareto: set.pareto,
            pyramid: set.pyramid,
            shares: set.shares,
            distribution: set.distribution,
            rfm: tierbook_core::rfm_chart::heatmap(&s.table, rfm_by_count.unwrap_or(false), lang)
                .map_err(|e| IpcError::internal(&e.to_string(), ui))?,
            value: tierbook_core::lens_chart::value_scatter(&s.table, lang)
                .map_err(|e| IpcError::internal(&e.to_string(), ui))?,
            segments: segments(&s.table, lang),
        })
    })
    .await
    .map_err(|e| IpcError::internal(&e.to_string(), ui))?
}

/// The scheme's segments, best first, with their totals.
fn segments(table: &tierbook_core::TierTable, lang: Lang) -> Vec<SegmentRow> {
    use tierbook_core::tiering::rfm::{Segment, SegmentScheme};
    let all: &[Segment] = match table.rfm.scheme {
        SegmentScheme::Eight => &Segment::EIGHT,
        SegmentScheme::Eleven => &Segment::ELEVEN,
    };
    let positive: f64 = table.metrics.customers.iter().map(|c| c.sales.max(0.0)).sum();
    all.iter()
        .map(|&seg| {
            let (customers, sales) = table
                .metrics
                .customers
                .iter()
                .zip(&table.rfm.segments)
                .filter(|(_, s)| **s == seg)
                .fold((0u32, 0.0), |(k, v), (c, _)| (k + 1, v + c.sales));
            SegmentRow {
                segment: seg,
                name: seg.name(lang).to_string(),
                tier: table.policy.rfm.tier(seg),
                customers,
                sales,
                sales_share: if positive > 0.0 { sales.max(0.0) / positive } else { 0.0 },
            }
        })
        .collect()
}
