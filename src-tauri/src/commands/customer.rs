//! A customer's page: the record (客户档案), the tier, sales and profit in every
//! saved run, and the history of edits; saving the record is audited.

use tauri::State;
use tierbook_core::store::{CustomerRecord, StoreError, Workspace};
use tierbook_core::Lang;

use crate::error::IpcError;
use crate::ipc::history::CustomerPage;
use crate::state::{lock, who, AppState};

fn page(ws: &Workspace, id: &str, name: &str, lang: Lang) -> Result<CustomerPage, StoreError> {
    Ok(CustomerPage {
        record: ws.customer_record(id, name)?,
        periods: ws.customer_history(id, lang)?,
        audit: ws.audit_log(Some(id))?,
    })
}

/// The name the open run knows a customer by (for a record not yet written).
fn name_in_session(state: &AppState, id: &str) -> String {
    lock(&state.session)
        .as_ref()
        .and_then(|s| {
            s.table
                .metrics
                .customers
                .iter()
                .find(|c| c.id == id)
                .map(|c| c.name.clone())
        })
        .unwrap_or_default()
}

/// A customer's page.
#[tauri::command(async)]
pub fn customer_page(customer: String, state: State<'_, AppState>) -> Result<CustomerPage, IpcError> {
    let name = name_in_session(&state, &customer);
    let lang = state.lang();
    super::with_workspace(&state, |ws| page(ws, &customer, &name, lang))
}

/// Saves a customer's record; each changed field goes to the audit log.
#[tauri::command(async)]
pub fn save_customer(record: CustomerRecord, state: State<'_, AppState>) -> Result<CustomerPage, IpcError> {
    let lang = state.lang();
    if record.id.trim().is_empty() {
        return Err(IpcError::no_customer("", lang));
    }
    super::with_workspace(&state, |ws| {
        ws.save_customer_record(&record, &who())?;
        page(ws, &record.id, &record.name, lang)
    })
}
