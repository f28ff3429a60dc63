//! Tiering by every method: the documents' worked example, cut-line semantics,
//! overrides, and property tests of the invariants every method keeps.

mod common;

use common::*;
use proptest::prelude::*;
use tierbook_core::ledger::LedgerShape;
use tierbook_core::ledger::Transaction;
use tierbook_core::metrics::{Aggregator, MetricsOptions};
use tierbook_core::tiering::policy::{Combine, Method, Override, RankMetric, ScoreCut};
use tierbook_core::tiering::{classify, TierNote};
use tierbook_core::CheckedPolicy;
use tierbook_core::{Tier, TierPolicy, TierTable};

/// The worked example of tier-management-table.txt, as a summary ledger in 万元.
const EXAMPLE: &str =
    "客户编号,客户名称,购买力（万元）,成交频率,利润贡献（万元）,生命周期价值（万元）,需求和行为模式\n\
A001,客户A,80,12,15,120,高端产品和个性化服务\n\
B001,客户B,30,8,8,60,性价比高的产品和标准化服务\n\
C001,客户C,15,4,3,30,普通产品和标准化服务\n";

fn example(policy: &TierPolicy) -> TierTable {
    let dir = tmp();
    let p = dir.path().join("example.csv");
    std::fs::write(&p, EXAMPLE).unwrap();
    run(&p, policy).1
}

#[test]
fn the_documents_worked_example_comes_out_a_b_c_under_both_combining_rules() {
    for combine in [Combine::All, Combine::Points] {
        let mut policy = TierPolicy::preset(Method::Thresholds);
        policy.thresholds.combine = combine;
        let t = example(&policy);
        assert_eq!(
            [tier(&t, "A001"), tier(&t, "B001"), tier(&t, "C001")],
            [Tier::A, Tier::B, Tier::C],
            "{combine:?}"
        );
    }
}

#[test]
fn the_worked_example_is_also_a_b_c_by_weighted_score() {
    let t = example(&TierPolicy::preset(Method::Score));
    let scores: Vec<f64> = ["A001", "B001", "C001"]
        .iter()
        .map(|id| {
            let i = t.metrics.customers.iter().position(|c| c.id == *id).unwrap();
            t.assignments[i].score.unwrap()
        })
        .collect();
    assert_eq!(scores[0], 100.0);
    assert!(
        (scores[1] - 70.0).abs() < 1e-9,
        "0.4×60 + 0.2×80 + 0.3×80 + 0.1×60 = 70, got {}",
        scores[1]
    );
    assert!((scores[2] - 32.0).abs() < 1e-9);
    assert_eq!(
        [tier(&t, "A001"), tier(&t, "B001"), tier(&t, "C001")],
        [Tier::A, Tier::B, Tier::C]
    );
}

#[test]
fn the_weakest_dimension_decides_under_the_all_rule() {
    // Big buyer, but rarely and with little profit: A on sales, C on profit.
    let csv = "客户编号,购买力,成交频率,利润贡献,生命周期价值\nX,900000,12,20000,2000000\n";
    let dir = tmp();
    let p = dir.path().join("x.csv");
    std::fs::write(&p, csv).unwrap();
    let mut policy = TierPolicy::preset(Method::Thresholds);
    assert_eq!(tier(&run(&p, &policy).1, "X"), Tier::C);
    policy.thresholds.combine = Combine::Points;
    // points: 3 + 3 + 1 + 3 = 10 / 4 = 2.5 → A.
    assert_eq!(tier(&run(&p, &policy).1, "X"), Tier::A);
}

fn metrics_of(values: &[(&str, f64)]) -> tierbook_core::MetricsSet {
    let mut agg = Aggregator::new();
    for (id, v) in values {
        agg.add(&Transaction {
            customer: id.to_string(),
            name: None,
            date: None,
            amount: *v,
            profit: Some(v * 0.1),
            quantity: None,
            order_id: None,
            product: None,
            salesperson: None,
            receivable: None,
            needs: None,
            purchases: Some(1.0),
            clv: None,
        });
    }
    agg.finish(LedgerShape::CustomerSummary, MetricsOptions::default())
}

fn tiers(t: &TierTable) -> Vec<(String, Tier)> {
    t.rows().map(|(c, a)| (c.id.clone(), a.tier)).collect()
}

#[test]
fn abc_value_gives_the_customer_crossing_a_cut_line_the_higher_tier() {
    // Cumulative shares before each: 0, .5, .8, .9, .95.
    let m = metrics_of(&[("a", 50.0), ("b", 30.0), ("c", 10.0), ("d", 5.0), ("e", 5.0)]);
    let t = classify(m, &CheckedPolicy::preset(Method::AbcValue)).unwrap();
    let got: Vec<Tier> = tiers(&t).into_iter().map(|(_, t)| t).collect();
    assert_eq!(got, [Tier::A, Tier::A, Tier::B, Tier::B, Tier::C]);
}

#[test]
fn share_bounds_belong_to_the_higher_tier() {
    // 5 of 100 = exactly 5% → A; 1 of 100 = exactly 1% → B.
    let mut v: Vec<(String, f64)> = vec![("s5".into(), 5.0), ("s1".into(), 1.0), ("s0".into(), 0.5)];
    v.push(("big".into(), 93.5));
    let refs: Vec<(&str, f64)> = v.iter().map(|(a, b)| (a.as_str(), *b)).collect();
    let t = classify(metrics_of(&refs), &CheckedPolicy::preset(Method::Share)).unwrap();
    assert_eq!(tier(&t, "s5"), Tier::A);
    assert_eq!(tier(&t, "s1"), Tier::B);
    assert_eq!(tier(&t, "s0"), Tier::C);
    assert_eq!(t.policy.tier_names[0], "战略客户");
}

#[test]
fn ties_are_broken_by_customer_id() {
    let m = metrics_of(&[("z", 10.0), ("a", 10.0), ("m", 10.0)]);
    let t = classify(m, &CheckedPolicy::default()).unwrap();
    assert_eq!(tiers(&t)[0], ("a".to_string(), Tier::A));
}

#[test]
fn overrides_apply_last_keep_the_computed_tier_and_unknown_customers_are_noted() {
    let m = metrics_of(&[("a", 100.0), ("b", 10.0), ("c", 1.0)]);
    let mut policy = TierPolicy::default();
    policy.run.overrides.push(Override {
        customer: "c".into(),
        tier: Tier::A,
        reason: "战略意义".into(),
    });
    policy.run.overrides.push(Override {
        customer: "nobody".into(),
        tier: Tier::A,
        reason: "x".into(),
    });
    let t = classify(m, &checked(&policy)).unwrap();
    let i = t.metrics.customers.iter().position(|c| c.id == "c").unwrap();
    assert_eq!(t.assignments[i].tier, Tier::A);
    assert_eq!(t.assignments[i].computed, Tier::C);
    assert_eq!(t.assignments[i].override_reason.as_deref(), Some("战略意义"));
    assert_eq!(
        t.notes,
        vec![TierNote::OverrideUnmatched {
            customer: "nobody".into()
        }]
    );
    assert_eq!(t.totals()[0].customers, 2);
}

#[test]
fn ranking_on_profit_needs_profit_figures() {
    let dir = tmp();
    let p = dir.path().join("noprofit.csv");
    std::fs::write(&p, "客户,金额\n甲,1\n").unwrap();
    let policy = TierPolicy {
        metric: RankMetric::Profit,
        ..Default::default()
    };
    let e = tierbook_core::run(&p, &checked(&policy), &mut tierbook_core::Quiet).unwrap_err();
    assert_eq!(e.code(), "policy.metric_unavailable");
}

#[test]
fn thresholds_without_profit_figures_leave_the_dimension_out_and_say_so() {
    let dir = tmp();
    let p = dir.path().join("noprofit.csv");
    std::fs::write(&p, "客户,日期,金额\n甲,2025-01-01,600000\n").unwrap();
    let t = run(&p, &TierPolicy::preset(Method::Thresholds)).1;
    assert!(t.notes.contains(&TierNote::DimensionSkipped {
        dimension: "profit".into()
    }));
    assert!(t.notes.contains(&TierNote::DimensionSkipped {
        dimension: "clv".into()
    }));
}

fn policies() -> Vec<TierPolicy> {
    let mut v: Vec<TierPolicy> = Method::ALL.iter().map(|m| TierPolicy::preset(*m)).collect();
    let mut points = TierPolicy::preset(Method::Thresholds);
    points.thresholds.combine = Combine::Points;
    v.push(points);
    let mut rank = TierPolicy::preset(Method::Score);
    rank.score.cut = ScoreCut::Rank;
    v.push(rank);
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_method_keeps_the_tiering_invariants(
        values in prop::collection::vec(-1000i64..1_000_000, 0..80),
        seed in any::<u64>(),
    ) {
        let named: Vec<(String, f64)> = values.iter().enumerate().map(|(i, v)| (format!("K{i:03}"), *v as f64)).collect();
        let mut shuffled = named.clone();
        // A deterministic shuffle from the seed.
        let mut s = seed;
        for i in (1..shuffled.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (s >> 33) as usize % (i + 1));
        }
        let refs = |v: &[(String, f64)]| v.iter().map(|(a, b)| (a.clone(), *b)).collect::<Vec<_>>();
        for policy in policies() {
            let a: Vec<(String, f64)> = refs(&named);
            let b: Vec<(String, f64)> = refs(&shuffled);
            let ta = classify(metrics_of(&a.iter().map(|(x, y)| (x.as_str(), *y)).collect::<Vec<_>>()), &checked(&policy)).unwrap();
            let tb = classify(metrics_of(&b.iter().map(|(x, y)| (x.as_str(), *y)).collect::<Vec<_>>()), &checked(&policy)).unwrap();
            // Every customer gets exactly one tier and the counts add up.
            prop_assert_eq!(ta.len(), named.len());
            prop_assert_eq!(ta.totals().iter().map(|t| t.customers).sum::<usize>(), named.len());
            let mut ids: Vec<&str> = ta.rows().map(|(c, _)| c.id.as_str()).collect();
            ids.sort();
            ids.dedup();
            prop_assert_eq!(ids.len(), named.len());
            // Row order does not matter.
            prop_assert_eq!(tiers(&ta), tiers(&tb));
            // For rank and value methods, A ranks above B above C on the metric.
            if matches!(policy.method, Method::AbcRank | Method::AbcValue | Method::Share) {
                let rows: Vec<(Tier, f64)> = ta.rows().map(|(_, a)| (a.tier, a.value)).collect();
                for x in &rows {
                    for y in &rows {
                        if x.0 < y.0 {
                            prop_assert!(x.1 >= y.1, "{:?} above {:?} under {:?}", x, y, policy.method);
                        }
                    }
                }
            }
            // Table order: tier, then value descending.
            let order: Vec<(Tier, f64)> = ta.rows().map(|(_, a)| (a.tier, a.value)).collect();
            for w in order.windows(2) {
                prop_assert!(w[0].0 < w[1].0 || (w[0].0 == w[1].0 && w[0].1 >= w[1].1));
            }
        }
    }
}

#[test]
fn the_breakdown_shares_add_up_and_an_empty_ledger_has_no_nan() {
    let t = classify(
        metrics_of(&[("a", 60.0), ("b", 30.0), ("c", 10.0)]),
        &CheckedPolicy::default(),
    )
    .unwrap();
    let b = t.breakdown();
    let sum = |f: fn(&tierbook_core::tiering::TierShare) -> f64| b.tiers.iter().map(f).sum::<f64>();
    assert!((sum(|x| x.customer_share) - 1.0).abs() < 1e-12);
    assert!((sum(|x| x.sales_share) - 1.0).abs() < 1e-12);
    assert_eq!(b.sales, 100.0);
    let empty = classify(metrics_of(&[]), &CheckedPolicy::default())
        .unwrap()
        .breakdown();
    assert!(empty
        .tiers
        .iter()
        .all(|x| x.customer_share == 0.0 && x.sales_share == 0.0 && x.profit_share == 0.0));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// RFM: equal values share a score, scores stay on the scale, and every
    /// customer lands in exactly one segment of the scheme.
    #[test]
    fn rfm_scores_respect_ties_and_every_customer_has_one_segment(
        rows in prop::collection::vec((0i64..400, 1u32..30, 0i64..1_000_000), 1..120),
        quartiles in any::<bool>(),
        eleven in any::<bool>(),
    ) {
        use tierbook_core::tiering::rfm::{self, RfmScale, Segment, SegmentScheme};
        let scale = if quartiles { RfmScale::Quartiles } else { RfmScale::Quintiles };
        let scheme = if eleven { SegmentScheme::Eleven } else { SegmentScheme::Eight };
        let named: Vec<(String, f64)> = rows.iter().enumerate().map(|(i, r)| (format!("K{i:03}"), r.2 as f64)).collect();
        let mut m = metrics_of(&named.iter().map(|(a, b)| (a.as_str(), *b)).collect::<Vec<_>>());
        for (c, r) in m.customers.iter_mut().zip(&rows) {
            c.recency_days = Some(r.0);
            c.frequency = Some(r.1);
        }
        let cuts = rfm::cuts_for(&m.customers, scale);
        let scores: Vec<_> = m.customers.iter().map(|c| rfm::score_customer(c, &cuts, scale)).collect();
        for (i, a) in m.customers.iter().enumerate() {
            let s = scores[i];
            prop_assert!((1..=scale.bins()).contains(&s.r) && (1..=scale.bins()).contains(&s.f) && (1..=scale.bins()).contains(&s.m));
            let seg = rfm::segment(s, scale, scheme);
            let all: &[Segment] = if eleven { &Segment::ELEVEN } else { &Segment::EIGHT };
            prop_assert_eq!(all.iter().filter(|x| **x == seg).count(), 1);
            for (j, b) in m.customers.iter().enumerate() {
                if a.sales == b.sales { prop_assert_eq!(s.m, scores[j].m); }
                if a.recency_days == b.recency_days { prop_assert_eq!(s.r, scores[j].r); }
                if a.sales > b.sales { prop_assert!(s.m >= scores[j].m); }
                if a.recency_days < b.recency_days { prop_assert!(s.r >= scores[j].r); }
            }
        }
    }
}

/// Five customers whose recency, frequency and amount all rank the same way
/// (K1 best … K5 worst), and K6 who spent most but long ago and once.
fn rfm_ledger(dir: &std::path::Path) -> std::path::PathBuf {
    let mut csv = String::from("客户编号,日期,金额\n");
    for (i, (purchases, last_month, amount)) in [(5, 12, 500), (4, 11, 400), (3, 10, 300), (2, 9, 200), (1, 8, 100)]
        .iter()
        .enumerate()
    {
        for p in 0..*purchases {
            csv.push_str(&format!(
                "K{},2025-{:02}-{:02},{}\n",
                i + 1,
                last_month,
                20 - p,
                amount / purchases
            ));
        }
    }
    csv.push_str("K6,2025-01-05,900\n");
    let path = dir.join("rfm.csv");
    std::fs::write(&path, csv).unwrap();
    path
}

#[test]
fn rfm_scores_by_quintiles_and_tiers_segments_by_their_mapping() {
    use tierbook_core::tiering::rfm::{RfmScore, Segment};
    let dir = tmp();
    let mut policy = TierPolicy::preset(Method::Rfm);
    policy.metric = RankMetric::Sales;
    let (_, table) = run(&rfm_ledger(dir.path()), &policy);
    let by_id = |id: &str| {
        let i = table.metrics.customers.iter().position(|c| c.id == id).unwrap();
        (table.rfm.scores[i], table.rfm.segments[i], table.assignments[i].tier)
    };
    // Six customers: cut j is the value at position ⌈6j/5⌉.
    assert_eq!(
        by_id("K1"),
        (RfmScore { r: 5, f: 5, m: 4 }, Segment::ImportantValue, Tier::A)
    );
    let (k6, seg6, tier6) = by_id("K6");
    assert_eq!((k6.r, k6.m), (1, 5), "oldest purchase, biggest amount");
    assert_eq!(
        (seg6, tier6),
        (Segment::ImportantRetain, Tier::B),
        "a big customer to win back"
    );
    assert_eq!(by_id("K5").1, Segment::GeneralRetain);
    assert_eq!(by_id("K5").2, Tier::C);
    assert!(table
        .policy
        .describe(tierbook_core::Lang::Zh)
        .contains("重要价值客户 为 A 类"));
    let svg = tierbook_core::chart::rfm::heatmap(&table, false, tierbook_core::Lang::Zh).unwrap();
    assert_eq!(svg.matches("<title>").count(), 25, "a 5 × 5 grid, each cell hoverable");
    assert!(svg.contains("R=5 F=5：1 位客户"));
}

#[test]
fn lenses_flag_arrears_overdue_balances_and_thin_margins_and_place_relationships_in_their_stage() {
    use tierbook_core::tiering::lenses::{AccountLevel, CreditFlags, Stage};
    let dir = tmp();
    let csv = lens_ledger(dir.path());
    let (_, table) = run(&csv, &TierPolicy::default());
    let lens = |id: &str| {
        let i = table.metrics.customers.iter().position(|c| c.id == id).unwrap();
        table.lenses[i]
    };
    let flags = |large_arrears, overdue, low_margin| CreditFlags {
        large_arrears,
        overdue,
        low_margin,
    };
    assert_eq!(lens("欠款户").credit, flags(true, true, false));
    assert!((lens("欠款户").unpaid_share.unwrap() - 0.5).abs() < 1e-9);
    assert_eq!(lens("欠款户").unpaid_age_days, Some(353), "12 January to 31 December");
    assert_eq!(lens("逾期户").credit, flags(false, true, false));
    assert_eq!(lens("逾期户").unpaid_age_days, Some(291));
    assert_eq!(lens("近欠户").credit, flags(true, false, false));
    assert_eq!(lens("近欠户").unpaid_age_days, Some(11));
    assert_eq!(lens("薄利户").credit, flags(false, false, true));
    assert!(!lens("大户").credit.any());
    assert_eq!(lens("大户").unpaid_age_days, None, "paid up");
    // Growth: the second half's share of the year's sales.
    assert_eq!(lens("成长户").growth, Some(1.0));
    assert_eq!(lens("沉睡户").growth, Some(0.0));
    assert!((lens("大户").growth.unwrap() - 7.0 / 13.0).abs() < 1e-9);
    assert_eq!(lens("大户").stage, Some(Stage::Maturity));
    assert_eq!(lens("新客户").stage, Some(Stage::Exploration));
    assert_eq!(lens("沉睡户").stage, Some(Stage::Decline));
    assert_eq!(lens("成长户").stage, Some(Stage::BuildUp));
    assert_eq!(
        lens("减少户").stage,
        Some(Stage::Decline),
        "six purchases, then one: falling, though it bought six weeks ago"
    );
    assert_eq!(lens("突击户").stage, Some(Stage::Maturity));
    assert_eq!(lens("大户").level, AccountLevel::Major);
    assert_eq!(lens("新客户").level, AccountLevel::Mass);
    use tierbook_core::tiering::lenses::LoyaltyGrid;
    assert_eq!(lens("大户").loyalty, LoyaltyGrid::A);
    assert_eq!(lens("沉睡户").loyalty, LoyaltyGrid::E);
    assert_eq!(lens("新客户").loyalty, LoyaltyGrid::F);
    assert_eq!(
        lens("突击户").loyalty,
        LoyaltyGrid::B,
        "valuable and frequent, but buys in bursts: not loyal"
    );
    let mut lenient = TierPolicy::default();
    lenient.lenses.regularity_cv = 10.0;
    let (_, t) = run(&csv, &lenient);
    let i = t.metrics.customers.iter().position(|c| c.id == "突击户").unwrap();
    assert_eq!(t.lenses[i].loyalty, LoyaltyGrid::A, "loyal once bursts are allowed");
    assert_eq!(
        lens("成长户").loyalty,
        LoyaltyGrid::D,
        "repeat buyer, short tenure, small"
    );
    // Every customer has a quadrant when lifetime values exist.
    assert!(table.lenses.iter().all(|l| l.quadrant.is_some()));
    // Both scatters draw every customer, each named on hover.
    let svg = tierbook_core::chart::lens::clv_scatter(&table, tierbook_core::Lang::Zh)
        .unwrap()
        .expect("lifetime values exist");
    assert_eq!(svg.matches("<title>").count(), table.len());
    assert!(svg.contains("欠款户（") && svg.contains("改进") && svg.contains("VIP"));
    let svg = tierbook_core::chart::lens::value_matrix_scatter(&table, tierbook_core::Lang::Zh).unwrap();
    assert_eq!(svg.matches("<title>").count(), table.len());
    assert!(svg.contains("潜力") && svg.contains("重要客户（1:1）"));
    // Potential on growth alone: the customer who only bought lately has the
    // most, the one who only bought early the least.
    let mut policy = TierPolicy::default();
    policy.lenses.growth_weight = 1.0;
    let (_, grown) = run(&csv, &policy);
    let potential = |id: &str| {
        let i = grown.metrics.customers.iter().position(|c| c.id == id).unwrap();
        grown.lenses[i].potential
    };
    let most = grown.lenses.iter().map(|l| l.potential).fold(0.0, f64::max);
    let least = grown.lenses.iter().map(|l| l.potential).fold(100.0, f64::min);
    assert_eq!(potential("成长户"), most);
    assert_eq!(potential("沉睡户"), least);
    let i = grown.metrics.customers.iter().position(|c| c.id == "成长户").unwrap();
    assert_eq!(grown.lenses[i].level, AccountLevel::NonNamed, "small now, growing");
}

#[test]
fn a_policy_file_naming_the_eleven_segment_scheme_gets_its_default_tiers() {
    use tierbook_core::tiering::rfm::{Segment, SegmentScheme};
    let p = TierPolicy::from_json("p.json", r#"{"method": "rfm", "rfm": {"scheme": "eleven"}}"#).unwrap();
    assert_eq!(p.rfm.scheme, SegmentScheme::Eleven);
    assert!(p.rfm.a_segments.contains(&Segment::Champions));
    assert!(p.rfm.b_segments.contains(&Segment::AtRisk));
    // Every tier has some segment: the ledger does not come out all C.
    let tiers: std::collections::HashSet<_> = Segment::ELEVEN.iter().map(|s| p.rfm.tier(*s)).collect();
    assert_eq!(tiers.len(), 3);
    // Lists the file gives are kept as written.
    let q = TierPolicy::from_json(
        "q.json",
        r#"{"method": "rfm", "rfm": {"scheme": "eleven", "a_segments": ["loyal"], "b_segments": []}}"#,
    )
    .unwrap();
    assert_eq!(q.rfm.a_segments, vec![Segment::Loyal]);
    assert!(q.rfm.b_segments.is_empty());
    // And the policy survives a round trip.
    assert_eq!(TierPolicy::from_json("r.json", &q.to_json()).unwrap().rfm, q.rfm);
}

#[test]
fn rfm_without_dates_and_a_ledger_without_profit_say_why() {
    use tierbook_core::tiering::TierNote;
    // A customer summary has no dates: RFM cannot rank recency, and says so.
    let (_, table) = run(
        &sample("客户汇总.xlsx"),
        &TierPolicy::preset(tierbook_core::tiering::Method::Rfm),
    );
    assert!(table.notes.contains(&TierNote::RfmWithoutDates), "{:?}", table.notes);
    assert!(TierNote::RfmWithoutDates
        .message(tierbook_core::Lang::Zh)
        .contains("没有日期"));
    // A ledger with sales only: 利润贡献 is empty, and the note says what to map.
    let dir = tmp();
    let p = dir.path().join("sales-only.csv");
    std::fs::write(&p, "客户,日期,金额\n甲,2025-01-02,100\n乙,2025-02-03,50\n").unwrap();
    let (_, table) = run(&p, &TierPolicy::default());
    assert!(table.notes.contains(&TierNote::NoProfit));
    let (_, table) = run(&sample("2025销售台账.xlsx"), &TierPolicy::default());
    assert!(!table.notes.contains(&TierNote::NoProfit) && !table.notes.contains(&TierNote::RfmWithoutDates));
}
