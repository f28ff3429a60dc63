//! The workspace commands: `classify --db` keeps imports and runs, `history`
//! lists them, `compare` writes the movers between two runs.

use std::path::Path;

use tierbook_core::history::{self, CompareOptions, Granularity};
use tierbook_core::store::Workspace;
use tierbook_core::{export, format, ImportReport, Lang, Period, Tier, TierPolicy, TierTable};

use crate::args::{bad, ClassifyArgs, CliError, Progress};

fn open(db: &Path) -> Result<Workspace, CliError> {
    Workspace::open(db).map_err(|e| CliError::Core(e.into()))
}

/// Imports the ledger into the workspace (once), saves one run per period, and
/// returns the last run's table for the workbook and summary.
pub fn classify_into(
    db: &Path,
    a: &ClassifyArgs,
    policy: &TierPolicy,
    lang: Lang,
    progress: &mut Progress,
) -> Result<(ImportReport, TierTable), CliError> {
    let mut ws = open(db)?;
    let imported = ws
        .import(&a.ledger, &policy.import, progress)
        .map_err(|e| CliError::Core(e.into()))?;
    let ledger = &imported.ledger;
    if imported.already {
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
    let granularity = match a.per.as_deref() {
        None => None,
        Some("year") => Some(Granularity::Year),
        Some("quarter") => Some(Granularity::Quarter),
        Some("month") => Some(Granularity::Month),
        Some(other) => {
            return Err(bad(
                "--per",
                other,
                ("year、quarter 或 month", "year, quarter or month"),
            ))
        }
    };
    let periods: Vec<(String, Period)> = match (granularity, ledger.first_date, ledger.last_date) {
        (Some(g), Some(first), Some(last)) => history::periods(first, last, g, lang),
        _ => {
            let p = policy.import.period;
            let label = history::run_label(p, ledger.first_date, ledger.last_date, lang).unwrap_or_else(|| {
                a.ledger
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default()
            });
            vec![(label, p)]
        }
    };
    let mut last = None;
    for (label, period) in periods {
        let (info, table) = ws
            .run(ledger.id, &label, period, policy)
            .map_err(|e| CliError::Core(e.into()))?;
        eprintln!(
            "{}",
            match lang {
                Lang::Zh => format!("已保存分级记录 {}：{}", info.id, info.label),
                Lang::En => format!("Saved run {}: {}", info.id, info.label),
            }
        );
        last = Some(table);
    }
    let table = last.expect("at least one period");
    Ok((imported.report, table))
}

/// What the report of a stored run needs from the workspace.
pub struct StoredReport {
    /// The run's ledger's import report.
    pub import: ImportReport,
    /// The run's tiers.
    pub table: TierTable,
    /// The period before it, as last decided, compared with it.
    pub previous: Option<tierbook_core::report::PreviousPeriod>,
    /// The company name saved with the workspace.
    pub company: Option<String>,
    /// The playbook saved with the workspace.
    pub playbook: Option<tierbook_core::playbook::Playbook>,
}

/// A stored run with the previous period and the report settings kept in the
/// workspace (the app saves them there).
pub fn stored_report(db: &Path, run_id: i64, lang: Lang) -> Result<StoredReport, CliError> {
    let ws = open(db)?;
    let core = |e: tierbook_core::store::StoreError| CliError::Core(e.into());
    let (info, table) = ws.run_table(run_id).map_err(core)?;
    let import = ws.report(info.ledger_id).map_err(core)?;
    let previous = match ws.previous_run(run_id).map_err(core)? {
        Some(r) => {
            let (before_info, before) = ws.run_table(r.id).map_err(core)?;
            Some(tierbook_core::report::PreviousPeriod {
                label: before_info.name(lang),
                comparison: history::compare(&before, &table, &CompareOptions::default()),
            })
        }
        None => None,
    };
    let setting = |k: &str| ws.setting(k).ok().flatten();
    Ok(StoredReport {
        import,
        table,
        previous,
        company: setting("company").and_then(|c| serde_json::from_str(&c).ok()),
        playbook: setting("playbook")
            .and_then(|p| serde_json::from_str(&p).ok())
            .flatten(),
    })
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
