//! `classify`: import a ledger, tier it, write the tier management table.

use tierbook_core::{export, usecase, CheckedPolicy, ImportReport, Lang, TierTable};

use crate::args::ClassifyArgs;
use crate::error::CliError;
use crate::policy::build_policy;
use crate::progress::{default_output, Progress};
use crate::summary;

/// Runs `classify`.
pub fn run(a: &ClassifyArgs, lang: Lang) -> Result<(), CliError> {
    let policy = build_policy(a)?;
    let mut progress = Progress { shown: false, lang };
    let result = match &a.db {
        Some(db) => classify_into(db, a, &policy, lang, &mut progress),
        None => tierbook_core::run(&a.ledger, &policy, &mut progress).map_err(CliError::from),
    };
    if progress.shown {
        eprintln!();
    }
    let (report, table) = result?;
    let out = a.output.clone().unwrap_or_else(|| default_output(&a.ledger, lang));
    export::write_workbook(&out, &table, &report, lang)?;
    if a.json {
        println!("{}", summary::json(&table, &report, &out));
    } else {
        print!("{}", summary::text(&table, &report, &out, lang));
    }
    if a.strict && report.doubtful() {
        return Err(CliError::Doubtful {
            line: report.confidence(lang),
        });
    }
    Ok(())
}

/// Imports the ledger into the workspace (once), saves one run per period, and
/// returns the last run's report and table for the workbook and summary.
pub fn classify_into(
    db: &str,
    a: &ClassifyArgs,
    policy: &CheckedPolicy,
    lang: Lang,
    progress: &mut Progress,
) -> Result<(ImportReport, TierTable), CliError> {
    let mut ws = super::open(db)?;
    let tiered = usecase::import_and_tier(&a.ledger, policy, Some(&mut ws), a.per, progress, lang)?;
    let ledger = tiered.ledger.as_ref().expect("a workspace import has a ledger");
    if tiered.already {
        eprintln!(
            "{}",
            match lang {
                Lang::Zh => format!(
                    "该台账已导入过（台账 {}，{}），直接使用工作区中的数据。",
                    ledger.id, ledger.imported_at
                ),
                Lang::En => format!(
                    "This ledger was imported before (ledger {}, {}); using the stored rows.",
                    ledger.id, ledger.imported_at
                ),
            }
        );
    }
    for info in &tiered.new_runs {
        eprintln!(
            "{}",
            match lang {
                Lang::Zh => format!("已保存分级记录 {}：{}", info.id, info.name(lang)),
                Lang::En => format!("Saved run {}: {}", info.id, info.name(lang)),
            }
        )
    }
    Ok((tiered.report, tiered.table))
}
