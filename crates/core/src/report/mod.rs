//! The printable tier report for meetings, as HTML: a cover, key figures per tier,
//! the Pareto chart and tier pyramid (the app's own SVG charts), a section per tier
//! (all of A; the top of B and C with the count of the rest), the value lenses
//! with the customers to watch ([`lenses`]) and the strategy playbook. [`render`] gives the body for the app's print preview and a
//! self-contained document (styles and charts inline) for saving and mailing.
//!
//! Print layout lives in `report.css`: A4 portrait, headers repeated on each page,
//! no row or chart split across pages, page numbers in a running footer.

mod lenses;
mod model;

use chrono::NaiveDate;

use crate::chart;
use crate::format::{date, money, percent, period};
use crate::history::{Comparison, Mover};
use crate::ledger::ImportReport;
use crate::playbook::Playbook;
use crate::tiering::{Tier, TierTable};
use crate::Lang;

/// The report's stylesheet (also bundled by the app).
pub const CSS: &str = include_str!("report.css");

/// A calendar date (re-exported so callers need no date crate of their own).
pub type Date = NaiveDate;

/// Today's date on this computer.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Customers listed per tier, best first; the rest are counted, and the full
/// list is the exported workbook's. A ledger with 9,557 A customers once made
/// a report the window took seconds and 800 MB to show.
pub const TOP_ROWS: usize = 50;

/// What the report needs besides the tier run.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportOptions {
    /// Company name for the cover (may be empty).
    pub company: String,
    /// The date printed on the cover.
    pub date: NaiveDate,
    /// Language.
    pub lang: Lang,
    /// The strategy playbook.
    pub playbook: Playbook,
    /// The earlier period, when two periods exist: the report then shows who moved.
    pub previous: Option<PreviousPeriod>,
}

/// An earlier tier run compared with this one.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviousPeriod {
    /// How the earlier period is called (`2024年`, a file name).
    pub label: String,
    /// The comparison, earlier → this run.
    pub comparison: Comparison,
}

/// Rows listed per mover list.
pub const MOVER_ROWS: usize = 15;

/// A rendered report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The `<article>` alone, for embedding in the app.
    pub body: String,
    /// A complete HTML document with the stylesheet inline.
    pub document: String,
}

/// A table's opening and header row, up to the open `<tbody>`; numeric
/// columns (`true`) are right-aligned.
fn table_head(class: &str, cols: &[(&str, bool)]) -> String {
    let mut h = if class.is_empty() {
        "<table><thead><tr>".to_string()
    } else {
        format!("<table class=\"{class}\"><thead><tr>")
    };
    for (head, num) in cols {
        h.push_str(&format!("<th{}>{head}</th>", if *num { " class=\"num\"" } else { "" }));
    }
    h.push_str("</tr></thead><tbody>");
    h
}

/// The line under a shortened list that says where the rest is.
fn rest_line(text: String) -> String {
    format!("<p class=\"rest\">{}</p>", esc(&text))
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Renders the report.
///
/// # Errors
/// A chart that cannot be drawn.
pub fn render(table: &TierTable, import: &ImportReport, o: &ReportOptions) -> Result<Report, chart::ChartError> {
    let lang = o.lang;
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let m = &table.metrics;
    let mut h = String::with_capacity(64 * 1024);
    let title = l("客户分级分析报告", "Customer Tier Report");
    h.push_str(&format!("<article class=\"tb-report\" lang=\"{}\">", l("zh-CN", "en")));

    // Cover.
    h.push_str("<section class=\"cover\">");
    if !o.company.trim().is_empty() {
        h.push_str(&format!("<p class=\"company\">{}</p>", esc(o.company.trim())));
    }
    h.push_str(&format!("<h1>{title}</h1><dl>"));
    let facts = [
        (l("期间", "Period"), period(m.period_start, m.period_end, lang)),
        (l("分级方法", "Method"), table.policy.describe(lang)),
        (l("台账", "Ledger"), import.file.clone()),
        (l("客户数", "Customers"), table.len().to_string()),
        (l("报告日期", "Date"), date(o.date, lang)),
    ];
    for (k, v) in facts {
        h.push_str(&format!("<dt>{k}</dt><dd>{}</dd>", esc(&v)));
    }
    h.push_str("</dl></section>");

    // Key figures.
    let b = table.breakdown();
    let has_profit = m.total_profit.is_some();
    h.push_str(&format!(
        "<section class=\"key-figures\"><h2>{}</h2>{}",
        l("关键数据", "Key figures"),
        table_head(
            "",
            &[
                (l("客户等级", "Tier"), false),
                (l("客户数", "Customers"), true),
                (l("占比", "Share"), true),
                (l("销售额", "Sales"), true),
                (l("占比", "Share"), true),
                (l("利润", "Profit"), true),
                (l("占比", "Share"), true),
            ]
        )
    ));
    let dash = || "—".to_string();
    for x in b.tiers {
        let t = x.tier;
        h.push_str(&format!(
            "<tr class=\"tier-{t:?}\"><td>{} {}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            t.label(lang),
            esc(table.policy.tier_name(t, lang)),
            x.customers,
            percent(x.customer_share),
            money(x.sales, lang),
            percent(x.sales_share),
            if has_profit { money(x.profit, lang) } else { dash() },
            if has_profit { percent(x.profit_share) } else { dash() },
        ));
    }
    h.push_str(&format!(
        "<tr class=\"total\"><td>{}</td><td class=\"num\">{}</td><td class=\"num\">100.0%</td><td class=\"num\">{}</td><td class=\"num\">100.0%</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr></tbody></table>",
        l("合计", "Total"),
        table.len(),
        money(b.sales, lang),
        if has_profit { money(b.profit, lang) } else { dash() },
        if has_profit { "100.0%".to_string() } else { dash() },
    ));
    for r in &import.reconciliations {
        h.push_str(&format!("<p class=\"recon\">{}</p>", esc(&r.message(lang))));
    }
    h.push_str("</section>");

    // Charts.
    h.push_str(&format!(
        "<section class=\"charts\"><h2>{}</h2>",
        l("客户结构", "Customer structure")
    ));
    h.push_str(&format!(
        "<figure>{}<figcaption>{}</figcaption></figure>",
        chart::pareto(table, lang)?,
        l(
            "帕累托曲线：竖线为 A 类、B 类的分界",
            "Pareto curve: the vertical lines mark where tiers A and B end"
        )
    ));
    h.push_str(&format!(
        "<figure>{}<figcaption>{}</figcaption></figure></section>",
        chart::pyramid(table, lang)?,
        l(
            "客户金字塔：左为客户数占比，右为销售额占比",
            "Tier pyramid: share of customers on the left, share of sales on the right"
        )
    ));

    // One section per tier.
    for t in Tier::ALL {
        let rows: Vec<_> = table.rows().filter(|(_, a)| a.tier == t).collect();
        let shown = rows.len().min(TOP_ROWS);
        let heading = match lang {
            Lang::Zh => format!(
                "{} · {}（{} 位客户）",
                t.label(lang),
                esc(table.policy.tier_name(t, lang)),
                rows.len()
            ),
            Lang::En => format!(
                "Tier {} · {} ({} customers)",
                t.label(lang),
                esc(table.policy.tier_name(t, lang)),
                rows.len()
            ),
        };
        h.push_str(&format!(
            "<section class=\"tier tier-{t:?}\" data-tier=\"{t:?}\"><h2>{heading}</h2>"
        ));
        if rows.is_empty() {
            h.push_str(&format!(
                "<p class=\"rest\">{}</p></section>",
                l("本等级没有客户。", "No customers in this tier.")
            ));
            continue;
        }
        h.push_str(&table_head(
            "",
            &[
                (l("排名", "Rank"), true),
                (l("客户编号", "Customer ID"), false),
                (l("客户名称", "Customer name"), false),
                (l("购买力", "Purchasing power"), true),
                (l("成交频率", "Frequency"), true),
                (l("利润贡献", "Profit"), true),
                (l("生命周期价值", "Lifetime value"), true),
                (l("需求和行为模式", "Needs and behaviour"), false),
            ],
        ));
        for (c, a) in rows.iter().take(shown) {
            let opt = |v: Option<f64>| v.map(|x| money(x, lang)).unwrap_or_else(dash);
            let mut needs = c.needs.text(lang);
            if let Some(r) = &a.override_reason {
                needs = match lang {
                    Lang::Zh => format!("{needs}（手工调级：{r}）"),
                    Lang::En => format!("{needs} (set by hand: {r})"),
                };
            }
            h.push_str(&format!(
                "<tr class=\"tier-{t:?}\" data-id=\"{}\"><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                esc(&c.id),
                c.rank,
                esc(&c.id),
                esc(&c.name),
                money(c.sales, lang),
                c.frequency.map(|f| f.to_string()).unwrap_or_else(dash),
                opt(c.profit),
                opt(c.clv),
                esc(&needs),
            ));
        }
        h.push_str("</tbody></table>");
        if rows.len() > shown {
            let rest = rows.len() - shown;
            h.push_str(&rest_line(match lang {
                Lang::Zh => format!("另有 {rest} 位客户未列出，见导出的客户分级管理表。"),
                Lang::En => format!("{rest} more customers are not listed; see the exported tier table."),
            }));
        }
        h.push_str("</section>");
    }

    h.push_str(&lenses::section(table, lang));
    h.push_str(&model::section(table, lang)?);

    if let Some(prev) = &o.previous {
        h.push_str(&movers(prev, lang));
    }

    // Playbook.
    h.push_str(&format!(
        "<section class=\"playbook\"><h2>{}</h2>",
        l("分级管理策略", "Tier strategy playbook")
    ));
    for t in Tier::ALL {
        let p = &o.playbook.tiers[t.index()];
        h.push_str(&format!(
            "<div class=\"play tier-{t:?}\"><h3>{} · {}</h3><dl>",
            t.label(lang),
            esc(table.policy.tier_name(t, lang))
        ));
        for (k, v) in [
            (l("服务模式", "Service model"), &p.service_model),
            (l("拜访频率", "Visits"), &p.visit_frequency),
            (l("负责人", "Responsible"), &p.responsible),
            (l("覆盖模式", "Coverage"), &p.coverage),
        ] {
            h.push_str(&format!("<dt>{k}</dt><dd>{}</dd>", esc(v)));
        }
        h.push_str(&format!("<dt>{}</dt><dd><ul>", l("行动要点", "Actions")));
        for a in &p.actions {
            h.push_str(&format!("<li>{}</li>", esc(a)));
        }
        h.push_str("</ul></dd></dl></div>");
    }
    h.push_str("</section></article>");

    let document = format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{title}</title><style>{CSS}</style></head><body>{h}</body></html>",
        l("zh-CN", "en")
    );
    Ok(Report { body: h, document })
}

/// The movers section: the migration matrix and the lists of a comparison.
fn movers(prev: &PreviousPeriod, lang: Lang) -> String {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let c = &prev.comparison;
    let mut h = String::new();
    let heading = match lang {
        Lang::Zh => format!("客户变动（与{}相比）", esc(&prev.label)),
        Lang::En => format!("Movers (compared with {})", esc(&prev.label)),
    };
    h.push_str(&format!(
        "<section class=\"movers\"><h2>{heading}</h2><h3>{}</h3><table><thead><tr><th>{}</th>",
        l("等级迁移", "Tier migration"),
        l("原等级 → 现等级", "Earlier → now")
    ));
    for t in Tier::ALL {
        h.push_str(&format!("<th class=\"num\">{}</th>", t.label(lang)));
    }
    h.push_str("</tr></thead><tbody>");
    for from in Tier::ALL {
        h.push_str(&format!("<tr class=\"tier-{from:?}\"><td>{}</td>", from.label(lang)));
        for to in Tier::ALL {
            h.push_str(&format!(
                "<td class=\"num\">{}</td>",
                c.matrix[from.index()][to.index()].customers
            ));
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table>");
    h.push_str(&format!(
        "<p>{}</p>",
        match lang {
            Lang::Zh => format!("新增客户 {} 位，流失客户 {} 位。", c.new.len(), c.lost.len()),
            Lang::En => format!("{} new customers, {} lost.", c.new.len(), c.lost.len()),
        }
    ));
    let list = |h: &mut String, title: &str, rows: &[&Mover], extra: &dyn Fn(&Mover) -> String, extra_head: &str| {
        if rows.is_empty() {
            return;
        }
        h.push_str(&format!(
            "<h3>{title}</h3><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th>{extra_head}</th></tr></thead><tbody>",
            l("客户编号", "Customer ID"),
            l("客户名称", "Customer name"),
            l("等级变化", "Tier"),
            l("原销售额", "Sales before"),
            l("现销售额", "Sales now"),
        ));
        for m in rows.iter().take(MOVER_ROWS) {
            h.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{} → {}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                esc(&m.id),
                esc(&m.name),
                m.before_text(lang),
                m.after_text(lang),
                money(m.sales_before, lang),
                money(m.sales_after, lang),
                esc(&extra(m)),
            ));
        }
        h.push_str("</tbody></table>");
    };
    let growth = |m: &Mover| m.growth_text();
    let none = |_: &Mover| String::new();
    list(
        &mut h,
        l("升级客户", "Moved up"),
        &c.upgraded.iter().collect::<Vec<_>>(),
        &none,
        "",
    );
    list(
        &mut h,
        l("降级客户", "Moved down"),
        &c.downgraded.iter().collect::<Vec<_>>(),
        &none,
        "",
    );
    list(
        &mut h,
        l(
            "明日之星（增长最快的 B、C 类客户）",
            "Rising stars (fastest-growing B and C customers)",
        ),
        &c.rising_stars.iter().collect::<Vec<_>>(),
        &growth,
        l("增长", "Growth"),
    );
    let slipping: Vec<&Mover> = c.slipping.iter().map(|s| &s.mover).collect();
    let reasons = |m: &Mover| c.slip_text(&m.id, lang);
    list(
        &mut h,
        l(
            "需要关注的重点客户（A、B 类下滑）",
            "Slipping key accounts (A and B customers)",
        ),
        &slipping,
        &reasons,
        l("原因", "Why"),
    );
    h.push_str("</section>");
    h
}
