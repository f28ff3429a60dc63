//! `compare`: two saved runs side by side, with the movers written out.

use tierbook_core::history::{self, CompareOptions};
use tierbook_core::{export, Lang, Tier};

use crate::args::CompareArgs;
use crate::error::CliError;

/// Compares two saved runs and writes the comparison workbook.
pub fn run(c: &CompareArgs, lang: Lang) -> Result<(), CliError> {
    let (run_a, run_b, output) = (c.run_a, c.run_b, c.output.as_deref());
    let ws = super::open(&c.db)?;
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
