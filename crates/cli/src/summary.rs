//! What the CLI prints: the run summary and the inspection, in the user's language.

use std::fmt::Write;
use std::path::Path;

use tierbook_core::format::{money, percent, period};
use tierbook_core::import::Inspection;
use tierbook_core::{ImportReport, Lang, TierTable};

/// The summary after `classify`.
pub fn text(table: &TierTable, report: &ImportReport, out: &Path, lang: Lang) -> String {
    let mut s = String::new();
    let m = &table.metrics;
    let _ = writeln!(s, "{}{}", lang.pick("台账：", "Ledger: "), report.file);
    let _ = writeln!(
        s,
        "{}{}",
        lang.pick("期间：", "Period: "),
        period(m.period_start, m.period_end, lang)
    );
    let _ = writeln!(s, "{}{}", lang.pick("方法：", "Method: "), table.policy.describe(lang));
    let _ = writeln!(s, "{}", report.counts_message(lang));
    for r in &report.reconciliations {
        let _ = writeln!(s, "{}", r.message(lang));
    }
    for sk in report.skipped_rows.iter().take(5) {
        let _ = writeln!(s, "  {}{}", lang.pick("跳过：", "skipped: "), sk.message(lang));
    }
    if report.skipped_rows.len() > 5 {
        let more = report.skipped_rows.len() - 5;
        let _ = writeln!(
            s,
            "  {}",
            match lang {
                Lang::Zh => format!("……另有 {more} 行，详见导入报告工作表"),
                Lang::En => format!("…and {more} more, see the import report sheet"),
            }
        );
    }
    for note in &table.notes {
        let _ = writeln!(s, "{}{}", lang.pick("提示：", "Note: "), note.message(lang));
    }
    let _ = writeln!(s);
    let b = table.breakdown();
    let _ = writeln!(
        s,
        "{}",
        lang.pick(
            "等级          客户数   客户占比     销售额            销售占比   利润              利润占比",
            "Tier          Customers  % cust   Sales             % sales   Profit            % profit"
        )
    );
    for x in b.tiers {
        let t = x.tier;
        let label = format!("{} {}", t.label(lang), table.policy.tier_name(t));
        let profit = if m.total_profit.is_some() {
            money(x.profit, lang)
        } else {
            "—".into()
        };
        let profit_share = if m.total_profit.is_some() {
            percent(x.profit_share)
        } else {
            "—".into()
        };
        let _ = writeln!(
            s,
            "{}{:>7}  {:>8}   {}{:>8}   {}{:>8}",
            pad(&label, 14),
            x.customers,
            percent(x.customer_share),
            pad(&money(x.sales, lang), 18),
            percent(x.sales_share),
            pad(&profit, 18),
            profit_share
        );
    }
    let _ = writeln!(
        s,
        "{}{:>7}  {:>8}   {}",
        pad(lang.pick("合计", "Total"), 14),
        table.len(),
        "100.0%",
        money(b.sales, lang)
    );
    let _ = writeln!(s);
    let _ = writeln!(s, "{}{}", lang.pick("已写入：", "Written: "), out.display());
    s
}

/// Pads to a display width, counting CJK characters as two columns.
fn pad(s: &str, width: usize) -> String {
    let w: usize = s.chars().map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 }).sum();
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// The summary as JSON, for scripts.
pub fn json(table: &TierTable, report: &ImportReport, out: &Path) -> String {
    let tiers: Vec<serde_json::Value> = table
        .breakdown()
        .tiers
        .iter()
        .map(|x| {
            let t = x.tier;
            serde_json::json!({"tier": format!("{t:?}"), "name": table.policy.tier_name(t), "customers": x.customers, "sales": x.sales, "profit": x.profit})
        })
        .collect();
    serde_json::json!({
        "output": out.display().to_string(),
        "method": table.policy.method.key(),
        "rows": {"read": report.rows_read(), "imported": report.imported(), "skipped": report.skipped(), "totals": report.totals(), "blank": report.blank(), "preamble": report.preamble()},
        "tiers": tiers,
        "reconciliations": report.reconciliations,
    })
    .to_string()
}

/// The `inspect` output.
pub fn inspection(i: &Inspection, lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}{}", lang.pick("文件：", "File: "), i.file);
    let _ = writeln!(s, "{}{}", lang.pick("格式：", "Format: "), i.format);
    let _ = writeln!(s, "{}{}", lang.pick("台账类型：", "Shape: "), i.shape.label(lang));
    for sheet in &i.sheets {
        let _ = writeln!(s);
        let status = match &sheet.skip {
            None => lang.pick("导入", "imported").to_string(),
            Some(r) => format!("{}{}", lang.pick("不导入：", "left out: "), r.message(lang)),
        };
        let _ = writeln!(s, "{}“{}” — {status}", lang.pick("工作表", "Sheet "), sheet.name);
        if let Some(h) = &sheet.header {
            let _ = writeln!(
                s,
                "  {}{}",
                lang.pick("表头行：第 ", "Header row: "),
                match lang {
                    Lang::Zh => format!("{} 行", h.row + 1),
                    Lang::En => format!("{}", h.row + 1),
                }
            );
            for c in &h.columns {
                let role = match c.role {
                    Some(r) => {
                        let unit = if r.is_money() {
                            format!(" ({})", c.unit.label())
                        } else {
                            String::new()
                        };
                        format!("{}{unit}", r.label(lang))
                    }
                    None => lang.pick("（忽略）", "(ignored)").to_string(),
                };
                let _ = writeln!(s, "    {:>3}  {} → {role}", column_letter(c.index), c.header);
            }
            // A summary ledger has no dates by nature; a transaction ledger should.
            let required: &[tierbook_core::import::Role] = match i.shape {
                tierbook_core::ledger::LedgerShape::Transactions => {
                    &[tierbook_core::import::Role::Date, tierbook_core::import::Role::Profit]
                }
                tierbook_core::ledger::LedgerShape::CustomerSummary => &[tierbook_core::import::Role::Profit],
            };
            for &r in required {
                if !h.has(r) && sheet.skip.is_none() {
                    let _ = writeln!(
                        s,
                        "  {}{}",
                        lang.pick("提示：没有列被识别为", "Note: no column recognised as "),
                        r.label(lang)
                    );
                }
            }
        }
        if let Some((_, first)) = sheet
            .rows
            .iter()
            .find(|(r, _)| sheet.header.as_ref().is_some_and(|h| *r as usize > h.row))
        {
            let _ = writeln!(
                s,
                "  {}{}",
                lang.pick("首行数据：", "First data row: "),
                first.join(" | ")
            );
        }
    }
    s
}

fn column_letter(mut i: usize) -> String {
    let mut s = String::new();
    loop {
        s.insert(0, (b'A' + (i % 26) as u8) as char);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s
}
