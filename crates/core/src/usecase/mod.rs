//! The use-cases: what a person does with Tierbook, written once for the app
//! and the CLI. Each takes the workspace (or none, in memory) and plain inputs,
//! and returns plain results; the Tauri commands and the CLI subcommands are
//! adapters of a few lines that translate requests and answers.
//!
//! - [`import_and_tier`]: read a ledger (storing it in a workspace when there
//!   is one) and tier the chosen period;
//! - [`tier_periods`]: tier a stored ledger once per year, quarter or month;
//! - [`retier`]: tier again after an edit, saving it with its audit entry;
//! - [`report_inputs`] and [`ReportSettings`]: what the printed report needs.

mod import;
mod periods;
mod report;
mod retier;

pub use import::{import_and_tier, Tiered};
pub use periods::{tier_periods, PeriodRun};
pub use report::{previous_period, report_inputs, ReportInputs, ReportSettings};
pub use retier::{retier, Edit};

use crate::import::Period;
use crate::store::RunInfo;
use crate::CheckedPolicy;

/// The latest of `runs` (the workspace's, read once by the caller) of a ledger
/// over `period` saved with exactly `policy`: doing the same again opens it
/// rather than saving a copy.
fn same_run(runs: &[RunInfo], ledger_id: i64, period: Period, policy: &CheckedPolicy) -> Option<i64> {
    runs.iter()
        .rev()
        .find(|r| r.ledger_id == ledger_id && r.period == period && r.policy == *policy)
        .map(|r| r.id)
}
