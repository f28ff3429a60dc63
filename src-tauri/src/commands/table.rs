//! The tier table: pages of rows, edits to needs, manual tiers with reasons.

use tauri::State;
use tierbook_core::metrics::Needs;
use tierbook_core::tiering::policy::Override;
use tierbook_core::Tier;

use crate::error::{IntoIpc, IpcError};
use crate::ipc::{GroupChoices, Page, PageQuery, Summary};
use crate::state::{lock, who, AppState};
use crate::view;

/// One page of the table.
#[tauri::command(async)]
pub fn table_page(query: PageQuery, state: State<'_, AppState>) -> Result<Page, IpcError> {
    // The records are read only for a filter that uses them.
    let groups = match &query.group {
        Some(g) if view::Groups::needs_records(g.dim) => groups(&state),
        _ => view::Groups::default(),
    };
    super::with_session(&state, |s| view::page(&s.table, &query, &groups))
}

/// The customer records kept in the workspace (none without one: then only
/// the ledger's 业务员 groups customers).
fn groups(state: &AppState) -> view::Groups {
    let records = state
        .workspace()
        .and_then(|ws| lock(&ws).customer_records().ok())
        .unwrap_or_default();
    view::Groups::new(records)
}

/// The 业务员, 地区, 行业 and 产品 the open run's customers fall into, for
/// the table's filter.
#[tauri::command(async)]
pub fn group_choices(state: State<'_, AppState>) -> Result<GroupChoices, IpcError> {
    let groups = groups(&state);
    super::with_session(&state, |s| groups.choices(&s.table))
}

/// Sets a customer's 需求和行为模式 text (kept across re-tiering and exported, and
/// kept in the workspace for every later run, with who and when in the audit log).
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
    if s.stored.is_some() {
        let name = c.name.clone();
        let seen = s.needs_seen.get(&customer).map(String::as_str);
        super::with_workspace(&state, |ws| ws.set_needs(&customer, &name, seen, &text, &who()))?;
        match text.trim() {
            "" => s.needs_seen.remove(&customer),
            t => s.needs_seen.insert(customer.clone(), t.to_string()),
        };
    }
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
    let (current, rules) = super::with_session(&state, |s| {
        (
            s.table.rows().find(|(c, _)| c.id == customer).map(|(_, a)| a.tier),
            s.table.policy.clone(),
        )
    })?;
    let Some(current) = current else {
        return Err(IpcError::no_customer(&customer, lang));
    };
    let mut run = rules.run.clone();
    run.overrides.retain(|o| o.customer != customer);
    if let Some(tier) = tier {
        run.overrides.push(Override {
            customer: customer.clone(),
            tier,
            reason: reason.trim().to_string(),
        });
    }
    // An override without a reason is refused here, by the policy's own check.
    let policy = rules.with_run(run).ipc(lang)?;
    let edit = super::Edit {
        customer: Some(customer.clone()),
        action: if tier.is_some() { "override" } else { "override_undone" },
        detail: match tier {
            Some(t) => format!("{} → {}：{}", current.label(lang), t.label(lang), reason.trim()),
            None => format!(
                "{} → {}",
                current.label(lang),
                lang.pick("按方法重新分级", "tier from the method")
            ),
        },
    };
    super::retier(&state, policy, edit)
}
