//! The report's page on the value lenses: how customers fall into the account
//! levels (with their coverage) and relationship stages, and the customers the
//! documents warn about — big buyers with large or overdue arrears or thin
//! margins (欠款大户 are not VIPs) — biggest first, for the meeting to act on.

use super::{esc, table_head};
use crate::format::{money, percent};
use crate::tiering::lenses::{AccountLevel, Stage};
use crate::tiering::TierTable;
use crate::Lang;

/// Customers with a warning listed at most (the rest are counted).
pub const WARNING_ROWS: usize = 15;

/// A two-column count table: class, customers, share of sales.
fn counts(title: &str, rows: &[(&str, usize, f64)], total_sales: f64, lang: Lang) -> String {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let mut h = table_head(
        "lens-counts",
        &[
            (title, false),
            (l("客户数", "Customers"), true),
            (l("销售占比", "Share of sales"), true),
        ],
    );
    for (name, n, sales) in rows {
        let share = if total_sales > 0.0 { sales / total_sales } else { 0.0 };
        h.push_str(&format!(
            "<tr><td>{name}</td><td class=\"num\">{n}</td><td class=\"num\">{}</td></tr>",
            percent(share)
        ));
    }
    h.push_str("</tbody></table>");
    h
}

/// The section's HTML.
pub fn section(table: &TierTable, lang: Lang) -> String {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let customers = &table.metrics.customers;
    let positive: f64 = customers.iter().map(|c| c.sales.max(0.0)).sum();
    let tally = |f: &dyn Fn(usize) -> bool| {
        (0..customers.len())
            .filter(|&i| f(i))
            .fold((0usize, 0.0), |(n, s), i| (n + 1, s + customers[i].sales.max(0.0)))
    };
    let mut h = format!(
        "<section class=\"lenses\"><h2>{}</h2>",
        l("价值视角与风险提示", "Value lenses and warnings")
    );
    let levels: Vec<(&str, usize, f64)> = [
        AccountLevel::Major,
        AccountLevel::Named,
        AccountLevel::NonNamed,
        AccountLevel::Mass,
    ]
    .into_iter()
    .map(|lv| {
        let (n, s) = tally(&|i| table.lenses[i].level == lv);
        (lv.name(lang), n, s)
    })
    .collect();
    h.push_str(&counts(
        l("客户级别（覆盖方式）", "Account level (coverage)"),
        &levels,
        positive,
        lang,
    ));
    if table.lenses.iter().any(|x| x.stage.is_some()) {
        let stages: Vec<(&str, usize, f64)> = [Stage::Exploration, Stage::BuildUp, Stage::Maturity, Stage::Decline]
            .into_iter()
            .map(|sg| {
                let (n, s) = tally(&|i| table.lenses[i].stage == Some(sg));
                (sg.name(lang), n, s)
            })
            .collect();
        h.push_str(&counts(
            l("关系生命周期", "Relationship stage"),
            &stages,
            positive,
            lang,
        ));
    }
    // The customers with a warning, biggest first (the table is in sales order).
    let flagged: Vec<usize> = (0..customers.len()).filter(|&i| table.lenses[i].credit.any()).collect();
    h.push_str(&format!(
        "<h3>{}</h3>",
        l("需关注：信用与利润预警", "To watch: credit and profit warnings")
    ));
    if flagged.is_empty() {
        h.push_str(&format!(
            "<p class=\"rest\">{}</p></section>",
            l("没有客户触发预警。", "No customer has a warning.")
        ));
        return h;
    }
    h.push_str(&table_head(
        "warnings",
        &[
            (l("客户名称", "Customer"), false),
            (l("等级", "Tier"), false),
            (l("购买力", "Sales"), true),
            (l("毛利率", "Margin"), true),
            (l("应收占比", "Unpaid"), true),
            (l("欠款账龄", "Arrears age"), true),
            (l("预警", "Warning"), false),
        ],
    ));
    let dash = || "—".to_string();
    for &i in flagged.iter().take(WARNING_ROWS) {
        let (c, a, x) = (&customers[i], &table.assignments[i], &table.lenses[i]);
        let t = a.tier;
        h.push_str(&format!(
            "<tr class=\"tier-{t:?}\" data-id=\"{}\"><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            esc(&c.id),
            esc(&c.name),
            t.label(lang),
            money(c.sales, lang),
            c.margin.map(percent).unwrap_or_else(dash),
            x.unpaid_share.map(percent).unwrap_or_else(dash),
            x.unpaid_age_days
                .map(|d| match lang {
                    Lang::Zh => format!("{d}天"),
                    Lang::En => format!("{d} days"),
                })
                .unwrap_or_else(dash),
            esc(&x.credit.describe(lang)),
        ));
    }
    h.push_str("</tbody></table>");
    if flagged.len() > WARNING_ROWS {
        let rest = flagged.len() - WARNING_ROWS;
        h.push_str(&super::rest_line(match lang {
            Lang::Zh => format!("另有 {rest} 位客户有预警，见导出的客户分级管理表（信用/利润预警列）。"),
            Lang::En => format!("{rest} more customers have a warning; see the exported tier table."),
        }));
    }
    h.push_str("</section>");
    h
}
