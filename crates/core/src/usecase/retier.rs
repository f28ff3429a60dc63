//! Tier again after an edit (another method, an override, a needs note), and
//! keep the edit in the workspace with its audit entry.

use crate::store::{Change, Workspace};
use crate::{tiering, CheckedPolicy, Error, TierTable};

/// What a re-tier changed, for the audit log.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    /// Who made it (the OS user).
    pub who: String,
    /// The customer concerned.
    pub customer: Option<String>,
    /// `override`, `override_undone`, `policy`.
    pub action: &'static str,
    /// The change in words.
    pub detail: String,
}

/// Tiers `table`'s customers again under `policy` (their metrics, with the
/// user's edits to needs, are kept) and, for a saved run, rewrites it with the
/// edit audited, in one transaction. Nothing changes if that fails.
///
/// # Errors
/// The policy's or the workspace's errors.
pub fn retier(
    table: &TierTable,
    policy: &CheckedPolicy,
    saved: Option<(&mut Workspace, i64)>,
    edit: &Edit,
) -> Result<TierTable, Error> {
    let next = tiering::classify(table.metrics.clone(), policy)?;
    if let Some((ws, run_id)) = saved {
        let change = Change {
            who: &edit.who,
            customer: edit.customer.as_deref(),
            action: edit.action,
            detail: &edit.detail,
        };
        ws.update_run(run_id, &next, Some(change))?;
    }
    Ok(next)
}
