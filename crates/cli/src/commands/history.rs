//! `history`: the imports and tier runs kept in a workspace.

use tierbook_core::{format, Lang};

use crate::args::HistoryArgs;
use crate::error::CliError;

/// Lists the workspace's imports and runs.
pub fn run(h: &HistoryArgs, lang: Lang) -> Result<(), CliError> {
    let ws = super::open(&h.db)?;
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
