//! Tier a stored ledger per calendar year, quarter or month: the runs the
//! history compares.

use crate::history::{self, Granularity};
use crate::store::{RunInfo, StoreError, Workspace};
use crate::{CheckedPolicy, Lang, TierTable};

/// One period's run.
#[derive(Debug, Clone)]
pub struct PeriodRun {
    /// The run, saved now or before.
    pub run: RunInfo,
    /// Its tiers.
    pub table: TierTable,
    /// False when a run of this period with this policy was saved before and
    /// is reused (tiering twice saves nothing twice).
    pub new: bool,
}

/// Tiers a stored ledger once per period of `per` under `policy` (its
/// overrides aside: they belong to one run), oldest period first. A ledger
/// without dates has no periods and gives none.
///
/// # Errors
/// The workspace's or the policy's errors.
pub fn tier_periods(
    ws: &mut Workspace,
    ledger_id: i64,
    per: Granularity,
    policy: &CheckedPolicy,
    lang: Lang,
) -> Result<Vec<PeriodRun>, StoreError> {
    let ledger = ws.ledger(ledger_id)?;
    let (Some(first), Some(last)) = (ledger.first_date, ledger.last_date) else {
        return Ok(Vec::new());
    };
    // Read once: each period is matched against the runs saved before this call.
    let saved = ws.runs()?;
    let mut out = Vec::new();
    for (label, period) in history::periods(first, last, per, lang) {
        // The period is part of the run's specification, so the app and the
        // CLI store the same policy for one run; its overrides are left out.
        let p = policy.for_period(period);
        let run = match super::same_run(&saved, ledger_id, period, &p) {
            Some(id) => {
                let (run, table) = ws.run_table(id)?;
                PeriodRun { run, table, new: false }
            }
            None => {
                let (run, table) = ws.run(ledger_id, &label, period, &p)?;
                PeriodRun { run, table, new: true }
            }
        };
        out.push(run);
    }
    Ok(out)
}
