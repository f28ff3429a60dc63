//! The workspace commands: `classify --db` keeps imports and runs, `history`
//! lists them, `compare` writes the movers between two runs.

use std::path::Path;

use tierbook_core::history::{self, CompareOptions};
use tierbook_core::store::Workspace;
use tierbook_core::{export, format, usecase, ImportReport, Lang, Tier, TierPolicy, TierTable};

use crate::args::{ClassifyArgs, CliError, Progress};

fn open(db: &Path) -> Result<Workspace, CliError> {
    Workspace::open(db).map_err(|e| CliError::Core(e.into()))
}

/// Imports the ledger into the workspace (once), saves one run per period, and
/// returns the last run's report and table for the workbook and summary.
pub fn classify_into(
    db: &Path,
    a: &ClassifyArgs,
    policy: &TierPolicy,
    lang: Lang,
    progress: &mut Progress,
) -> Result<(ImportReport, TierTable), CliError> {
    let mut ws = open(db)?;
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

/// A stored run's report inputs (the app saves the report settings there).
pub fn stored_report(db: &Path, run_id: i64, lang: Lang) -> Result<usecase::ReportInputs, CliError> {
    let ws = open(db)?;
    usecase::report_inputs(&ws, run_id, lang).map_err(|e| CliError::Core(e.into()))
}

/// Lists the workspace's imports and runs.
pub fn history(db: &Path, lang: Lang) -> Result<(), CliError> {
    let ws = open(db)?;
    let core = |e: tierbook_core::store::StoreError| CliError::Core(e.into());
    println!("{}", lang.pick("已导入的台账：", "Imported ledgers:"));
    for l in ws.ledgers().map_err(core)? {
        println!(
            "  [{}] {}  {}  {}",
            l.id,
            l.file_name,
            format::period(l.first_date, l.last_date, lang),
            l.imported_at
        );
    }
    println!("{}", lang.pick("分级记录：", "Tier runs:"));
    for r in ws.runs().map_err(core)? {
        let [a, b, c] = ws.run_tier_counts(r.id).map_err(core)?;
        println!(
            "  [{}] {}  {} {}  {}  A {a} / B {b} / C {c}",
            r.id,
            r.name(lang),
            lang.pick("台账", "ledger"),
            r.ledger_id,
            r.policy.method.label(lang),
        );
    }
    Ok(())
}

/// Compares two saved runs and writes the comparison workbook.
pub fn compare(db: &Path, run_a: i64, run_b: i64, output: Option<&Path>, lang: Lang) -> Result<(), CliError> {
    let ws = open(db)?;
    let core = |e: tierbook_core::store::StoreError| CliError::Core(e.into());
    let (a, before) = ws.run_table(run_a).map_err(core)?;
    let (b, after) = ws.run_table(run_b).map_err(core)?;
    let c = history::compare(&before, &after, &CompareOptions::default());
    println!(
        "{}",
        match lang {
            Lang::Zh => format!("等级迁移：{} → {}", a.name(lang), b.name(lang)),
            Lang::En => format!("Tier migration: {} → {}", a.name(lang), b.name(lang)),
        }
    );
    println!("        A     B     C");
    for from in Tier::ALL {
        let row = &c.matrix[from.index()];
        println!(
            "  {:?}  {:>4}  {:>4}  {:>4}",
            from, row[0].customers, row[1].customers, row[2].customers
        );
    }
    let (up, down, new, lost, stars, slipping) = (
        c.upgraded.len(),
        c.downgraded.len(),
        c.new.len(),
        c.lost.len(),
        c.rising_stars.len(),
        c.slipping.len(),
    );
    match lang {
        Lang::Zh => println!("升级 {up}，降级 {down}，新增 {new}，流失 {lost}，明日之星 {stars}，需关注 {slipping}"),
        Lang::En => println!("{up} up, {down} down, {new} new, {lost} lost, {stars} rising stars, {slipping} slipping"),
    }
    if let Some(out) = output {
        export::write_comparison(out, &c, &a.name(lang), &b.name(lang), lang)?;
        println!("{}{}", lang.pick("已写入：", "Written: "), out.display());
    }
    Ok(())
}
