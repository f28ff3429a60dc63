//! The printable report: every section present, numbers equal to the tier table,
//! no empty section, text escaped, both languages.

mod common;

use chrono::NaiveDate;
use common::*;
use tierbook_core::format::money;
use tierbook_core::playbook::Playbook;
use tierbook_core::report::{render, ReportOptions, TOP_ROWS};
use tierbook_core::tiering::policy::Override;
use tierbook_core::{Lang, Tier, TierPolicy};

fn options(lang: Lang) -> ReportOptions {
    ReportOptions {
        company: "华东精工机械有限公司 <总部>".into(),
        date: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
        lang,
        playbook: Playbook::default_for(lang),
        previous: None,
    }
}

fn section<'a>(html: &'a str, class: &str) -> &'a str {
    let start = html
        .find(&format!("<section class=\"{class}"))
        .unwrap_or_else(|| panic!("no section {class}"));
    let end = html[start..].find("</section>").unwrap() + start;
    &html[start..end]
}

#[test]
fn the_report_has_every_section_with_the_tier_tables_numbers() {
    let mut policy = TierPolicy::default();
    policy.run.overrides.push(Override {
        customer: "KH1090".into(),
        tier: Tier::A,
        reason: "战略意义".into(),
    });
    let (import, table) = run(&sample("2025销售台账.xlsx"), &policy);
    let r = render(&table, &import, &options(Lang::Zh)).unwrap();
    let html = &r.document;
    assert!(html.starts_with("<!doctype html>") && html.contains("<style>") && html.contains("@page report-zh"));
    for class in [
        "cover",
        "key-figures",
        "charts",
        "tier tier-A",
        "tier tier-B",
        "tier tier-C",
        "lenses",
        "playbook",
    ] {
        let s = section(html, class);
        assert!(s.len() > 200, "section {class} is not empty");
    }
    assert!(
        section(html, "cover").contains("华东精工机械有限公司 &lt;总部&gt;"),
        "text is escaped"
    );
    assert!(section(html, "cover").contains("2026年1月5日"));
    let totals = table.totals();
    let key = section(html, "key-figures");
    for t in Tier::ALL {
        assert!(
            key.contains(&money(totals[t.index()].sales, Lang::Zh)),
            "sales of tier {t:?}"
        );
    }
    // Every A customer is listed; B and C show the top rows and count the rest.
    let a = section(html, "tier tier-A");
    assert_eq!(a.matches("<tr class=\"tier-A\" data-id=").count(), totals[0].customers);
    assert!(a.contains("data-id=\"KH1090\"") && a.contains("手工调级：战略意义"));
    let c = section(html, "tier tier-C");
    assert_eq!(c.matches("data-id=").count(), TOP_ROWS);
    assert!(c.contains(&format!("另有 {} 位客户未列出", totals[2].customers - TOP_ROWS)));
    let charts = section(html, "charts");
    assert_eq!(charts.matches("<svg").count(), 2, "Pareto chart and pyramid");
    let play = section(html, "playbook");
    assert!(play.contains("每月至少上门拜访一次") && play.contains("关键决策人") && play.contains("明日之星"));
    assert!(r.body.starts_with("<article") && !r.body.contains("<style>"));
}

#[test]
fn the_report_follows_the_language() {
    let (import, table) = run(&sample("客户汇总.xlsx"), &TierPolicy::default());
    let r = render(&table, &import, &options(Lang::En)).unwrap();
    assert!(r.document.contains("<html lang=\"en\">") && r.document.contains("Customer Tier Report"));
    assert!(r.document.contains("Key figures") && r.document.contains("Tier strategy playbook"));
    assert!(!section(&r.document, "key-figures").contains("客户等级"));
}

#[test]
fn the_lens_page_counts_levels_and_stages_and_lists_the_customers_to_watch_biggest_first() {
    let dir = tmp();
    let (import, table) = run(&lens_ledger(dir.path()), &TierPolicy::default());
    let r = render(&table, &import, &options(Lang::Zh)).unwrap();
    let s = section(&r.body, "lenses");
    assert!(
        s.contains("重要客户（1:1）") && s.contains("退化期"),
        "levels and stages counted"
    );
    let watch = &s[s.find("class=\"warnings\"").expect("a list of warnings")..];
    // 欠款户 (120,000 sales) before 薄利户 (108,000) before 逾期户 (24,000).
    let at = |id: &str| {
        watch
            .find(&format!("data-id=\"{id}\""))
            .unwrap_or_else(|| panic!("{id} listed"))
    };
    assert!(at("欠款户") < at("薄利户") && at("薄利户") < at("逾期户"));
    assert!(watch.contains("欠款偏大、欠款逾期") && watch.contains("353天"));
    assert!(!watch.contains("data-id=\"大户\""), "no warning, not listed");
    let en = render(&table, &import, &options(Lang::En)).unwrap();
    assert!(section(&en.body, "lenses").contains("Large arrears, Overdue arrears"));
}

#[test]
fn the_report_states_the_model_check_and_lists_the_top_at_risk_key_accounts() {
    use tierbook_core::clv::ModelCheck;
    let mut policy = TierPolicy::default();
    policy.lenses.at_risk_alive = 0.95;
    let (import, table) = run(&sample("2025销售台账.xlsx"), &policy);
    let html = render(&table, &import, &options(Lang::Zh)).unwrap().document;
    let s = section(&html, "model");
    let Some(ModelCheck::Done(b)) = &table.metrics.model_check else {
        panic!()
    };
    assert!(s.contains(&b.sentence(Lang::Zh)), "the sentence");
    assert!(
        s.contains("<svg") && s.contains("分割"),
        "the tracking chart with its split"
    );
    assert!(s.contains("利润口径"), "what the values are counted in");
    let risk = table.at_risk();
    let rows = s.matches("<tr><td>").count();
    assert_eq!(rows, risk.len().min(15));
    let top = &table.metrics.customers[risk[0]];
    assert!(s.contains(&top.name), "the biggest at-risk account first");
    if risk.len() > 15 {
        assert!(s.contains(&format!("另有 {} 位", risk.len() - 15)));
    }
}

#[test]
fn a_tier_with_many_customers_lists_the_best_and_counts_the_rest() {
    // 80% of the customers in A: the report lists the top TOP_ROWS of them,
    // best first, and says how many more the workbook holds.
    let mut policy = TierPolicy::default();
    policy.abc_rank.a_share = 0.8;
    policy.abc_rank.ab_share = 0.9;
    let (import, table) = run(&sample("2025销售台账.xlsx"), &policy);
    let a = table.totals()[0].customers;
    assert!(a > TOP_ROWS, "{a} A customers");
    let html = render(&table, &import, &options(Lang::Zh)).unwrap().body;
    let s = section(&html, "tier tier-A");
    assert_eq!(s.matches("data-id=").count(), TOP_ROWS);
    assert!(s.contains(&format!("另有 {} 位客户未列出", a - TOP_ROWS)), "{s}");
    let first = table.rows().find(|(_, x)| x.tier == Tier::A).unwrap().0;
    let listed_first = s.split("data-id=\"").nth(1).unwrap().split('"').next().unwrap();
    assert_eq!(listed_first, first.id, "the best A customer comes first");
}
