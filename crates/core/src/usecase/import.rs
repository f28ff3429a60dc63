//! Import a ledger and tier it: the first thing anyone does.

use std::path::Path;

use crate::history::Granularity;
use crate::store::{LedgerInfo, RunInfo, Workspace};
use crate::{history, tiering, CheckedPolicy, Error, ImportReport, Lang, Observer, TierTable};

/// A tiered import.
#[derive(Debug, Clone)]
pub struct Tiered {
    /// The run's report: the ledger's rows accounted for, narrowed to the period.
    pub report: ImportReport,
    /// The tiers.
    pub table: TierTable,
    /// The stored ledger, with a workspace.
    pub ledger: Option<LedgerInfo>,
    /// The saved run, with a workspace.
    pub run: Option<RunInfo>,
    /// True when the same file was in the workspace already (it was not read
    /// again; the same run was reopened or a new one tiered from its rows).
    pub already: bool,
    /// The runs saved by this call, oldest period first.
    pub new_runs: Vec<RunInfo>,
}

/// Imports the ledger at `path` under `policy`'s import choices and tiers the
/// policy's period. With a workspace the ledger is stored (once: the same
/// content again is recognised) and the run saved, in the same pass over the
/// file; a run of the same period and policy already saved is opened instead
/// of saved twice. The run is named after its period (`2025年`), or the file.
///
/// With `per`, a workspace import is tiered once per calendar year, quarter or
/// month instead (see [`super::tier_periods`]) and the latest period's run is
/// returned; a ledger without dates keeps its one run.
///
/// # Errors
/// The policy's, the file's or the workspace's errors; nothing is stored then.
pub fn import_and_tier(
    path: &Path,
    policy: &CheckedPolicy,
    workspace: Option<&mut Workspace>,
    per: Option<Granularity>,
    observer: &mut dyn Observer,
    lang: Lang,
) -> Result<Tiered, Error> {
    let Some(ws) = workspace else {
        let (report, metrics) = crate::analyse(path, policy, observer)?;
        let table = tiering::classify(metrics, policy)?;
        return Ok(Tiered {
            report,
            table,
            ledger: None,
            run: None,
            already: false,
            new_runs: Vec::new(),
        });
    };
    let period = policy.run.import.period;
    let (imported, report, metrics) = ws.import_for(path, &policy.run.import, policy.clv_options(), observer)?;
    let ledger = imported.ledger;
    if let Some(per) = per {
        let runs = super::tier_periods(ws, ledger.id, per, policy, lang)?;
        if let Some(last) = runs.last() {
            let (run, report, table) = ws.open_run(last.run.id)?;
            return Ok(Tiered {
                report,
                table,
                ledger: Some(ledger),
                run: Some(run),
                already: imported.already,
                new_runs: runs.into_iter().filter(|r| r.new).map(|r| r.run).collect(),
            });
        }
    }
    if imported.already {
        if let Some(id) = super::same_run(&ws.runs()?, ledger.id, period, policy) {
            let (run, report, table) = ws.open_run(id)?;
            return Ok(Tiered {
                report,
                table,
                ledger: Some(ledger),
                run: Some(run),
                already: true,
                new_runs: Vec::new(),
            });
        }
    }
    let label = history::run_label(period, ledger.first_date, ledger.last_date, lang).unwrap_or_else(|| {
        path.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| ledger.file_name.clone())
    });
    let (run, table) = ws.save_run(ledger.id, &label, period, policy, metrics)?;
    Ok(Tiered {
        report,
        table,
        ledger: Some(ledger),
        new_runs: vec![run.clone()],
        run: Some(run),
        already: imported.already,
    })
}
