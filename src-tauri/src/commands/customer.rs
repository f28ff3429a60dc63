//! A customer's page: the record (客户档案), the tier, sales and profit in every
//! saved run, and the history of edits; saving the record is audited.

use tauri::State;
use tierbook_core::store::{CustomerRecord, StoreError, Workspace};
use tierbook_core::Lang;

use crate::error::IpcError;
use crate::ipc::history::CustomerPage;
use crate::ipc::RowView;
use crate::state::{lock, who, AppState};

fn page(ws: &Workspace, id: &str, current: Option<RowView>, lang: Lang) -> Result<CustomerPage, StoreError> {
    let name = current.as_ref().map(|r| r.name.clone()).unwrap_or_default();
    Ok(CustomerPage {
        record: ws.customer_record(id, &name)?,
        periods: ws.customer_history(id, lang)?,
        audit: ws.audit_log(Some(id))?,
        current,
    })
}

/// The customer as the open run shows it (its name for a record not yet
/// written, and its lenses).
fn in_session(state: &AppState, id: &str, lang: Lang) -> Option<RowView> {
    let session = lock(&state.session);
    let table = &session.as_ref()?.table;
    let i = table.metrics.customers.iter().position(|c| c.id == id)?;
    Some(crate::view::row(table, i, lang))
}

/// A customer's page.
#[tauri::command(async)]
pub fn customer_page(customer: String, state: State<'_, AppState>) -> Result<CustomerPage, IpcError> {
    let lang = state.lang();
    let current = in_session(&state, &customer, lang);
    super::with_workspace(&state, |ws| page(ws, &customer, current, lang))
}

/// Saves a customer's record; each changed field goes to the audit log.
#[tauri::command(async)]
pub fn save_customer(record: CustomerRecord, state: State<'_, AppState>) -> Result<CustomerPage, IpcError> {
    let lang = state.lang();
    if record.id.trim().is_empty() {
        return Err(IpcError::no_customer("", lang));
    }
    let current = in_session(&state, &record.id, lang);
    super::with_workspace(&state, |ws| {
        ws.save_customer_record(&record, &who())?;
        page(ws, &record.id, current, lang)
    })
}
