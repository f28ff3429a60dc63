//! The tier table: pages of rows, edits to needs, manual tiers with reasons.

use tauri::State;
use tierbook_core::metrics::Needs;
use tierbook_core::tiering::policy::Override;
use tierbook_core::{PolicyError, Tier};

use crate::error::{IntoIpc, IpcError};
use crate::ipc::{Page, PageQuery, Summary};
use crate::state::{lock, AppState};
use crate::view;

/// One page of the table.
#[tauri::command(async)]
pub fn table_page(query: PageQuery, state: State<'_, AppState>) -> Result<Page, IpcError> {
    super::with_session(&state, |s| view::page(&s.table, &query))
}

/// Sets a customer's 需求和行为模式 text (kept across re-tiering and exported).
#[tauri::command(async)]
pub fn set_needs(customer: String, text: String, state: State<'_, AppState>) -> Result<(), IpcError> {
    let lang = state.lang();
    let mut session = lock(&state.session);
    let s = session.as_mut().ok_or_else(|| IpcError::no_ledger(lang))?;
    let c = s
        .table
        .metrics
        .customers
        .iter_mut()
        .find(|c| c.id == customer)
        .ok_or_else(|| IpcError::no_customer(&customer, lang))?;
    c.needs = Needs::Given {
        text: text.trim().to_string(),
    };
    Ok(())
}

/// Gives a customer a tier by hand, with a required reason; `tier: null` undoes
/// the override and the method's tier applies again.
#[tauri::command(async)]
pub fn set_override(
    customer: String,
    tier: Option<Tier>,
    reason: String,
    state: State<'_, AppState>,
) -> Result<Summary, IpcError> {
    let lang = state.lang();
    let (known, mut policy) = super::with_session(&state, |s| {
        (
            s.table.metrics.customers.iter().any(|c| c.id == customer),
            s.table.policy.clone(),
        )
    })?;
    if !known {
        return Err(IpcError::no_customer(&customer, lang));
    }
    policy.overrides.retain(|o| o.customer != customer);
    if let Some(tier) = tier {
        if reason.trim().is_empty() {
            return Err(PolicyError::OverrideWithoutReason { customer }).ipc(lang);
        }
        policy.overrides.push(Override {
            customer,
            tier,
            reason: reason.trim().to_string(),
        });
    }
    super::retier(&state, policy)
}
