//! What the CLI prints: the run summary and the inspection, in the user's language.

use std::fmt::Write;
use std::path::Path;

use tierbook_core::clv::{Backtest, ModelCheck};
use tierbook_core::export::clv_basis_text;
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
    let _ = writeln!(
        s,
        "{}{}",
        lang.pick("可信度：", "Confidence: "),
        report.confidence(lang)
    );
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
    let _ = writeln!(
        s,
        "{}{}",
        lang.pick("生命周期价值：", "Lifetime value: "),
        clv_basis_text(&m.clv_basis, lang)
    );
    if let Some(ModelCheck::Done(b)) = &m.model_check {
        let _ = writeln!(s, "{}{}", lang.pick("模型检验：", "Model check: "), b.sentence(lang));
    }
    let _ = writeln!(s);
    let b = table.breakdown();
    let label = |t: tierbook_core::Tier| format!("{} {}", t.label(lang), table.policy.tier_name(t, lang));
    // The first column is as wide as the longest tier name (English names are long).
    let first = b
        .tiers
        .iter()
        .map(|x| width(&label(x.tier)) + 2)
        .max()
        .unwrap_or(0)
        .max(14);
    let _ = writeln!(
        s,
        "{}{}",
        pad(lang.pick("等级", "Tier"), first),
        lang.pick(
            "客户数   客户占比     销售额            销售占比   利润              利润占比",
            "Customers  % cust   Sales             % sales   Profit            % profit"
        )
    );
    for x in b.tiers {
        let t = x.tier;
        let label = label(t);
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
            pad(&label, first),
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
        pad(lang.pick("合计", "Total"), first),
        table.len(),
        "100.0%",
        money(b.sales, lang)
    );
    let _ = writeln!(s);
    let _ = writeln!(s, "{}{}", lang.pick("已写入：", "Written: "), out.display());
    s
}

/// Pads to a display width, counting CJK characters as two columns.
/// Columns a text takes in a terminal (CJK characters take two).
fn width(s: &str) -> usize {
    s.chars().map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 }).sum()
}

fn pad(s: &str, columns: usize) -> String {
    format!("{s}{}", " ".repeat(columns.saturating_sub(width(s))))
}

/// The summary as JSON, for scripts.
pub fn json(table: &TierTable, report: &ImportReport, out: &Path) -> String {
    let tiers: Vec<serde_json::Value> = table
        .breakdown()
        .tiers
        .iter()
        .map(|x| {
            let t = x.tier;
            serde_json::json!({"tier": format!("{t:?}"), "name": table.policy.tier_names[t.index()], "customers": x.customers, "sales": x.sales, "profit": x.profit})
        })
        .collect();
    serde_json::json!({
        "output": out.display().to_string(),
        "method": table.policy.method.key(),
        "rows": {"read": report.rows_read(), "imported": report.imported(), "skipped": report.skipped(), "totals": report.totals(), "blank": report.blank(), "preamble": report.preamble()},
        "tiers": tiers,
        "reconciliations": report.reconciliations,
        "confidence": {
            "line": report.confidence(Lang::En),
            "line_zh": report.confidence(Lang::Zh),
            "doubtful": report.doubtful(),
            "findings": report.findings,
        },
        "clv": clv_json(table),
    })
    .to_string()
}

/// The lifetime value's basis for scripts: the model used (predictive, simple,
/// given, unavailable), its parameters and time unit, the customers fitted and
/// left out, or why the predictive model was not used — with the same in words.
fn clv_json(table: &TierTable) -> serde_json::Value {
    let m = &table.metrics;
    let mut v = serde_json::to_value(&m.clv_basis).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.insert("text".into(), clv_basis_text(&m.clv_basis, Lang::En).into());
        o.insert("text_zh".into(), clv_basis_text(&m.clv_basis, Lang::Zh).into());
        if let Some(check) = &m.model_check {
            o.insert("model_check".into(), serde_json::to_value(check).unwrap_or_default());
        }
    }
    v
}

/// The `backtest` figures in words.
pub fn backtest_text(b: &Backtest, lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", b.sentence(lang));
    let _ = writeln!(
        s,
        "{}{} → {} → {}",
        lang.pick("期间：", "Period: "),
        b.start,
        b.split,
        b.end
    );
    let _ = writeln!(
        s,
        "{}{}",
        lang.pick("参与检验的客户：", "Customers checked: "),
        b.customers
    );
    let _ = writeln!(
        s,
        "{}{:.2}",
        lang.pick(
            "每位客户复购次数的平均绝对误差：",
            "Mean absolute error of repeat purchases per customer: "
        ),
        b.purchases_mae
    );
    let _ = writeln!(
        s,
        "{}{} / {}{}",
        lang.pick("预测期价值（预测 / 实际）：", "Holdout value (predicted / actual): "),
        money(b.predicted_value, lang),
        money(b.actual_value, lang),
        b.value_error
            .map(|e| format!(" ({:+.1}%)", e * 100.0))
            .unwrap_or_default()
    );
    let _ = writeln!(
        s,
        "{}",
        lang.pick("按校准期复购次数：", "By calibration repeat purchases:")
    );
    for k in &b.buckets {
        let label = tierbook_core::clv::bucket_label(k.purchases);
        let _ = writeln!(
            s,
            "  {label:>3}  {:>6}  {:>8.2}  {:>8.2}",
            k.customers, k.actual, k.predicted
        );
    }
    s
}

/// The `backtest` figures as JSON.
pub fn backtest_json(b: &Backtest, lang: Lang) -> String {
    let mut v = serde_json::to_value(b).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.insert("sentence".into(), b.sentence(lang).into());
    }
    v.to_string()
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
            for note in &h.notes {
                let _ = writeln!(
                    s,
                    "  {}{}",
                    lang.pick("假定：", "Assumed: "),
                    note.finding(&sheet.name).message(lang)
                );
            }
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
