//! Tier again after an edit (another method, an override, a needs note), and
//! keep the edit in the workspace with its audit entry.

use crate::store::{Change, RunInfo, Workspace};
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
/// edit audited, in one transaction, and brings `run` (as the caller opened
/// it) to the saved version. Nothing changes if that fails.
///
/// # Errors
/// The policy's or the workspace's errors; [`crate::store::StoreError::Conflict`]
/// when someone else changed the run since `run` was read (reopen it).
pub fn retier(
    table: &TierTable,
    policy: &CheckedPolicy,
    saved: Option<(&mut Workspace, &mut RunInfo)>,
    edit: &Edit,
) -> Result<TierTable, Error> {
    let next = tiering::classify(table.metrics.clone(), policy)?;
    if let Some((ws, run)) = saved {
        let change = Change {
            who: &edit.who,
            customer: edit.customer.as_deref(),
            action: edit.action,
            detail: &edit.detail,
        };
        run.version = ws.update_run(run.id, run.version, &next, Some(change))?;
        run.policy = next.policy.clone();
    }
    Ok(next)
}
