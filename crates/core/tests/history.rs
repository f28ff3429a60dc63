//! Comparing two periods on a hand-checked pair of ledgers. Tiers by sales bands
//! only (≥ 500 A, ≥ 100 B), so every expectation can be worked out by hand:
//!
//! | customer | 2024 | tier | 2025 | tier | what happened |
//! |---|---|---|---|---|---|
//! | K1 | 1000 (4 buys) | A | 1100 (2 buys, last 1 Mar) | A | stays A, but purchases −50% and 306 days quiet → slipping |
//! | K2 | 300 (3 buys) | B | 700 (1 buy, 1 Jun) | A | upgraded, yet purchases −67% and 214 days quiet → slipping |
//! | K3 | 50 | C | 150 | B | upgraded, +200% → rising star |
//! | K4 | 80 | C | 90 | C | stays C, +12.5% → rising star |
//! | K5 | 600 (5 buys) | A | 300 (2 buys) | B | downgraded, sales −50%, purchases −60% → slipping |
//! | K6 | 200 | B | — | — | lost → slipping |
//! | K7 | — | — | 120 | B | new |

mod common;

use common::*;
use tierbook_core::history::{compare, CompareOptions, SlipReason};
use tierbook_core::{Tier, TierPolicy};

const Y2024: &str = "客户编号,日期,金额
K1,2024-01-10,250
K1,2024-02-10,250
K1,2024-03-10,250
K1,2024-12-20,250
K2,2024-02-01,100
K2,2024-05-01,100
K2,2024-09-01,100
K3,2024-06-01,50
K4,2024-07-01,80
K5,2024-01-05,120
K5,2024-03-05,120
K5,2024-05-05,120
K5,2024-07-05,120
K5,2024-12-30,120
K6,2024-04-01,100
K6,2024-10-01,100
";

const Y2025: &str = "客户编号,日期,金额
K1,2025-01-15,550
K1,2025-03-01,550
K2,2025-06-01,700
K3,2025-11-01,150
K4,2025-10-01,90
K5,2025-02-01,150
K5,2025-12-01,150
K7,2025-12-31,120
";

fn bands() -> tierbook_core::CheckedPolicy {
    TierPolicy::from_json(
        "bands.json",
        r#"{"method":"thresholds","thresholds":{"sales":{"a":500,"b":100},"frequency":{"enabled":false},"profit":{"enabled":false},"clv":{"enabled":false}}}"#,
    )
    .unwrap()
}

fn tables() -> (tierbook_core::TierTable, tierbook_core::TierTable) {
    let dir = tmp();
    let (p1, p2) = (dir.path().join("2024.csv"), dir.path().join("2025.csv"));
    std::fs::write(&p1, Y2024).unwrap();
    std::fs::write(&p2, Y2025).unwrap();
    (run(&p1, &bands()).1, run(&p2, &bands()).1)
}

#[test]
fn the_migration_matrix_counts_every_customer_in_both_periods() {
    let (before, after) = tables();
    let c = compare(&before, &after, &CompareOptions::default());
    let count = |from: Tier, to: Tier| c.matrix[from.index()][to.index()].customers;
    assert_eq!(count(Tier::A, Tier::A), 1);
    assert_eq!(count(Tier::B, Tier::A), 1);
    assert_eq!(count(Tier::C, Tier::B), 1);
    assert_eq!(count(Tier::C, Tier::C), 1);
    assert_eq!(count(Tier::A, Tier::B), 1);
    assert_eq!(c.matrix.iter().flatten().map(|x| x.customers).sum::<usize>(), 5);
    assert_eq!(c.matrix[Tier::A.index()][Tier::B.index()].sales_before, 600.0);
    assert_eq!(c.matrix[Tier::A.index()][Tier::B.index()].sales_after, 300.0);
}

#[test]
fn movers_new_and_lost_customers_are_listed_biggest_first() {
    let (before, after) = tables();
    let c = compare(&before, &after, &CompareOptions::default());
    let ids = |v: &[tierbook_core::history::Mover]| v.iter().map(|m| m.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&c.upgraded), ["K2", "K3"]);
    assert_eq!(ids(&c.downgraded), ["K5"]);
    assert_eq!(ids(&c.new), ["K7"]);
    assert_eq!(ids(&c.lost), ["K6"]);
    assert_eq!(ids(&c.rising_stars), ["K3", "K4"]);
    assert!((c.rising_stars[0].growth().unwrap() - 2.0).abs() < 1e-12);
    assert!((c.rising_stars[1].growth().unwrap() - 0.125).abs() < 1e-12);
}

#[test]
fn slipping_key_accounts_say_why() {
    let (before, after) = tables();
    let c = compare(&before, &after, &CompareOptions::default());
    let slip: Vec<(&str, &Vec<SlipReason>)> = c.slipping.iter().map(|s| (s.mover.id.as_str(), &s.reasons)).collect();
    assert_eq!(
        slip.iter().map(|s| s.0).collect::<Vec<_>>(),
        ["K1", "K5", "K2", "K6"],
        "biggest earlier sales first"
    );
    assert_eq!(
        slip[0].1,
        &vec![
            SlipReason::FrequencyFell { share: 0.5 },
            SlipReason::Dormant { days: 306 }
        ]
    );
    assert!(matches!(slip[1].1[0], SlipReason::SalesFell { share } if (share - 0.5).abs() < 1e-12));
    assert!(matches!(slip[1].1[1], SlipReason::FrequencyFell { share } if (share - 0.6).abs() < 1e-12));
    assert!(matches!(slip[2].1[0], SlipReason::FrequencyFell { share } if (share - 2.0 / 3.0).abs() < 1e-12));
    assert_eq!(slip[2].1[1], SlipReason::Dormant { days: 214 });
    assert_eq!(slip[3].1, &vec![SlipReason::SalesFell { share: 1.0 }]);
    // Looser thresholds: a year of quiet and a 60% fall in purchases are tolerated.
    let loose = compare(
        &before,
        &after,
        &CompareOptions {
            recency_days: 365,
            frequency_drop: 0.6,
            ..Default::default()
        },
    );
    assert!(loose.slipping.iter().all(|s| s.mover.id != "K1"));
}

#[test]
fn the_printed_report_shows_who_moved_when_two_periods_exist() {
    use tierbook_core::playbook::Playbook;
    use tierbook_core::report::{render, PreviousPeriod, ReportOptions};
    let (before, after) = tables();
    let comparison = compare(&before, &after, &CompareOptions::default());
    let dir = tmp();
    let p = dir.path().join("2025.csv");
    std::fs::write(&p, Y2025).unwrap();
    let (import, _) = run(&p, &bands());
    let options = ReportOptions {
        company: String::new(),
        date: chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
        lang: tierbook_core::Lang::Zh,
        playbook: Playbook::default_for(tierbook_core::Lang::Zh),
        previous: Some(PreviousPeriod {
            label: "2024年".into(),
            comparison,
        }),
    };
    let html = render(&after, &import, &options).unwrap().document;
    let start = html.find("<section class=\"movers\">").expect("a movers section");
    let movers = &html[start..start + html[start..].find("</section>").unwrap()];
    assert!(movers.contains("客户变动（与2024年相比）"));
    assert!(movers.contains("新增客户 1 位，流失客户 1 位"));
    assert!(
        movers.contains("<td>K3</td>") && movers.contains("+200.0%"),
        "the rising star with its growth"
    );
    assert!(movers.contains("销售额下降 50.0%；成交频率下降 60.0%"), "why K5 slips");
    assert!(movers.contains("B类客户 → 流失"), "a lost key account");
    let no_previous = render(
        &after,
        &import,
        &ReportOptions {
            previous: None,
            ..options
        },
    )
    .unwrap()
    .document;
    assert!(!no_previous.contains("class=\"movers\""));
}
