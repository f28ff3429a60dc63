//! Predictive CLV against the published CDNOW results (Fader, Hardie & Lee 2005;
//! Fader & Hardie 2013 for Gamma-Gamma): 2,357 customers, 39-week calibration.
//!
//! Fixtures: `fixtures/cdnow_customers_summary.csv` is a copy of the public
//! summary in the project's shared data (ID, frequency, recency, T). It has no
//! spend column, so the Gamma-Gamma figures use
//! `fixtures/cdnow_customers_summary_with_transactions.csv` (ID, x, t_x, T,
//! zbar — the same customers with their mean repeat spend), taken unchanged
//! from the `datasets/` folder of the MIT-licensed `lifetimes` 0.11.3 wheel on
//! PyPI; a test checks that both files hold the same histories.

use std::path::Path;

use tierbook_core::clv::{BgNbd, GammaGamma, Rfm, SpendSummary};

/// The rows of a numeric CSV fixture, with the chosen columns in order.
fn columns(file: &str, names: &[&str]) -> Vec<Vec<f64>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').map(str::trim).collect();
    let idx: Vec<usize> = names
        .iter()
        .map(|n| {
            header
                .iter()
                .position(|h| h == n)
                .unwrap_or_else(|| panic!("{file}: no column {n}"))
        })
        .collect();
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<f64> = l.split(',').map(|v| v.trim().parse().unwrap()).collect();
            idx.iter().map(|i| f[*i]).collect()
        })
        .collect()
}

fn cdnow() -> Vec<Rfm> {
    columns("cdnow_customers_summary.csv", &["frequency", "recency", "T"])
        .into_iter()
        .map(|f| Rfm {
            frequency: f[0],
            recency: f[1],
            age: f[2],
        })
        .collect()
}

const WITH_SPEND: &str = "cdnow_customers_summary_with_transactions.csv";

#[test]
fn the_spend_fixture_holds_the_same_customers_as_the_shared_summary() {
    let shared = columns("cdnow_customers_summary.csv", &["ID", "frequency", "recency", "T"]);
    let spend = columns(WITH_SPEND, &["ID", "x", "t_x", "T"]);
    assert_eq!(shared, spend);
}

#[test]
fn gamma_gamma_reproduces_the_published_cdnow_fit_on_the_repeat_buyers() {
    let data: Vec<SpendSummary> = columns(WITH_SPEND, &["x", "zbar"])
        .into_iter()
        .map(|f| SpendSummary {
            frequency: f[0],
            mean: f[1],
        })
        .collect();
    let fit = GammaGamma::fit(&data).unwrap();
    assert_eq!(fit.customers, 946, "the repeat buyers");
    assert_eq!(fit.excluded, 2357 - 946, "one-time buyers have no repeat spend");
    let m = fit.model;
    assert!(sig3(m.p, 6.25), "p = {}", m.p);
    assert!(sig3(m.q, 3.74), "q = {}", m.q);
    assert!(sig3(m.v, 15.44), "v = {}", m.v);
}

fn sig3(v: f64, expected: f64) -> bool {
    let digits = 3 - 1 - expected.abs().log10().floor() as i32;
    let scale = 10f64.powi(digits);
    (v * scale).round() == (expected * scale).round()
}

#[test]
fn bg_nbd_reproduces_the_published_cdnow_fit() {
    let data = cdnow();
    assert_eq!(data.len(), 2357);
    let fit = BgNbd::fit(&data).unwrap();
    let m = fit.model;
    assert!(sig3(m.r, 0.243), "r = {}", m.r);
    assert!(sig3(m.alpha, 4.414), "α = {}", m.alpha);
    assert!(sig3(m.a, 0.793), "a = {}", m.a);
    assert!(sig3(m.b, 2.426), "b = {}", m.b);
    assert!(
        (fit.log_likelihood - -9582.4).abs() < 0.05,
        "LL = {}",
        fit.log_likelihood
    );
}

#[test]
fn the_conditional_expectation_matches_the_paper() {
    let m = BgNbd::fit(&cdnow()).unwrap().model;
    let c = Rfm {
        frequency: 2.0,
        recency: 30.43,
        age: 38.86,
    };
    let e = m.expected_purchases(&c, 39.0);
    assert!(sig3(e, 1.226), "E[Y(39) | x=2, t_x=30.43, T=38.86] = {e}");
}

mod common;

#[test]
fn a_dated_ledger_gets_predictive_lifetime_values_that_never_fall_below_history() {
    use tierbook_core::metrics::ClvBasis;
    let (_, table) = common::run(
        &common::sample("2025销售台账.xlsx"),
        &tierbook_core::TierPolicy::default(),
    );
    let ClvBasis::Predictive(p) = &table.metrics.clv_basis else {
        panic!("expected the predictive model, got {:?}", table.metrics.clv_basis);
    };
    assert_eq!((p.horizon_years, p.discount_rate), (3.0, 0.1));
    assert_eq!(p.fitted, table.len());
    for c in &table.metrics.customers {
        let (clv, profit) = (c.clv.unwrap(), c.profit.unwrap());
        assert!(
            clv.is_finite() && clv >= profit,
            "{}: CLV {clv} below profit {profit}",
            c.id
        );
    }
    // Every customer has its expected purchases and its chance of still being
    // active; a customer who bought lately and often is likelier alive than one
    // gone quiet, and expects more purchases.
    for c in &table.metrics.customers {
        let (n, alive) = (c.expected_purchases.unwrap(), c.p_alive.unwrap());
        assert!(
            n >= 0.0 && (0.0..=1.0).contains(&alive),
            "{}: {n} purchases, P(alive) {alive}",
            c.id
        );
    }
    let repeat: Vec<_> = table
        .metrics
        .customers
        .iter()
        .filter(|c| c.frequency.unwrap() >= 3)
        .collect();
    let recent = repeat.iter().min_by_key(|c| c.recency_days).unwrap();
    let lapsed = repeat.iter().max_by_key(|c| c.recency_days).unwrap();
    assert!(
        recent.p_alive > lapsed.p_alive,
        "{:?} vs {:?}",
        recent.p_alive,
        lapsed.p_alive
    );
    assert!(table.metrics.customers[0].expected_purchases > lapsed.expected_purchases);
    // A longer horizon is worth more; a higher discount rate less.
    let longer = tierbook_core::TierPolicy {
        clv_horizon_years: Some(5.0),
        ..Default::default()
    };
    let (_, t5) = common::run(&common::sample("2025销售台账.xlsx"), &longer);
    assert!(t5.metrics.customers[0].clv > table.metrics.customers[0].clv);
}

#[test]
fn a_tiny_ledger_falls_back_to_the_simple_estimate_and_says_why() {
    use tierbook_core::clv::ClvFallback;
    use tierbook_core::metrics::ClvBasis;
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("小.csv");
    std::fs::write(
        &csv,
        "客户,日期,金额,毛利\n甲,2025-01-03,100,20\n甲,2025-02-03,100,20\n乙,2025-03-01,50,5\n",
    )
    .unwrap();
    let (_, table) = common::run(&csv, &tierbook_core::TierPolicy::default());
    match &table.metrics.clv_basis {
        ClvBasis::Simple {
            fallback: Some(ClvFallback::TooFew { have: 2, .. }),
            ..
        } => {}
        other => panic!("{other:?}"),
    }
    assert!(table
        .metrics
        .customers
        .iter()
        .all(|c| c.clv.is_some_and(f64::is_finite)));
}

/// The public CDNOW sample ledger (`fixtures/CDNOW_sample.txt`, a copy of the
/// shared data: customer, sample id, date, CDs, dollars — 6,919 lines of 2,357
/// customers) written as an xlsx ledger, as a company would hand it over.
fn cdnow_ledger(dir: &Path) -> std::path::PathBuf {
    use common::C;
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/CDNOW_sample.txt")).unwrap();
    let mut rows = vec![vec![C::S("客户编号"), C::S("日期"), C::S("数量"), C::S("金额")]];
    for l in text.lines() {
        let f: Vec<&str> = l.split_whitespace().collect();
        let d = f[2];
        let (y, m, day) = (
            d[..4].parse().unwrap(),
            d[4..6].parse().unwrap(),
            d[6..].parse().unwrap(),
        );
        rows.push(vec![
            C::T(format!("S{}", f[1])),
            C::D(y, m, day),
            C::N(f[3].parse().unwrap()),
            C::N(f[4].parse().unwrap()),
        ]);
    }
    let path = dir.join("CDNOW.xlsx");
    common::xlsx(&path, &[("销售明细", rows)]);
    path
}

fn cdnow_policy(to: Option<&str>, split: Option<&str>) -> tierbook_core::TierPolicy {
    let date = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let mut p = tierbook_core::TierPolicy::default();
    p.run.import.period.to = to.map(date);
    p.clv_backtest_split = split.map(date);
    p
}

#[test]
fn the_cdnow_ledger_reproduces_the_published_fits_through_the_import() {
    use tierbook_core::clv::{TimeUnit, ValueBasis};
    use tierbook_core::metrics::ClvBasis;
    let dir = common::tmp();
    let (report, table) = common::run(&cdnow_ledger(dir.path()), &cdnow_policy(Some("1997-09-30"), None));
    assert_eq!(report.imported(), 4960, "the calibration period's lines");
    assert_eq!(table.len(), 2357);
    let ClvBasis::Predictive(p) = &table.metrics.clv_basis else {
        panic!(
            "the $0 customers must not switch the model off: {:?}",
            table.metrics.clv_basis
        );
    };
    assert_eq!(p.time_unit, TimeUnit::Week);
    assert_eq!(p.value, ValueBasis::Sales, "no profit column: in sales");
    assert_eq!(
        (p.fitted, p.left_out),
        (2357, 0),
        "the 8 customers of one $0 order are fitted"
    );
    let [r, alpha, a, b] = p.bgnbd;
    assert!(
        sig3(r, 0.243) && sig3(alpha, 4.414) && sig3(a, 0.793) && sig3(b, 2.426),
        "{:?}",
        p.bgnbd
    );
    let [gp, gq, gv] = p.gamma_gamma.expect("Gamma-Gamma fitted");
    assert_eq!(p.spend_fitted, 946, "the repeat buyers");
    assert!(
        sig3(gp, 6.25) && sig3(gq, 3.74) && sig3(gv, 15.44),
        "{:?}",
        p.gamma_gamma
    );
    // No profit: P(active) and expected purchases all the same, and CLV in sales.
    for c in &table.metrics.customers {
        assert!(c.p_alive.is_some() && c.expected_purchases.is_some(), "{}", c.id);
        assert!(c.clv.unwrap() >= c.sales, "{}", c.id);
    }
}

/// Repeat purchases after 1997-09-30 by customer, counted from the text file
/// alone (distinct days, as the models count them).
fn cdnow_holdout_purchases() -> std::collections::BTreeMap<String, usize> {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/CDNOW_sample.txt")).unwrap();
    let mut days = std::collections::BTreeSet::new();
    for l in text.lines() {
        let f: Vec<&str> = l.split_whitespace().collect();
        if f[2] > "19970930" {
            days.insert((format!("S{}", f[1]), f[2].to_string()));
        }
    }
    let mut by = std::collections::BTreeMap::new();
    for (c, _) in days {
        *by.entry(c).or_insert(0) += 1;
    }
    by
}

#[test]
fn the_cdnow_backtest_at_the_papers_split_matches_an_independent_count_and_prediction() {
    use tierbook_core::clv::ModelCheck;
    let dir = common::tmp();
    let (_, table) = common::run(&cdnow_ledger(dir.path()), &cdnow_policy(None, Some("1997-09-30")));
    let Some(ModelCheck::Done(b)) = &table.metrics.model_check else {
        panic!("{:?}", table.metrics.model_check);
    };
    assert!(b.split_given);
    assert_eq!(b.customers, 2357);
    // Actual: counted from the text file.
    let actual: usize = cdnow_holdout_purchases().values().sum();
    assert_eq!(b.actual_purchases, actual as f64);
    // Predicted: the published fit's conditional expectations over the 39
    // holdout weeks, summed over the summary file's histories.
    let published = BgNbd {
        r: 0.243,
        alpha: 4.414,
        a: 0.793,
        b: 2.426,
    };
    let expected: f64 = cdnow().iter().map(|c| published.expected_purchases(c, 39.0)).sum();
    assert!(
        (b.predicted_purchases - expected).abs() < 0.005 * expected,
        "{} vs {expected}",
        b.predicted_purchases
    );
    eprintln!(
        "CDNOW holdout: predicted {:.1}, actual {}",
        b.predicted_purchases, b.actual_purchases
    );
    // The charts' series: weekly to the end, the cohort's cumulative actual
    // count ends at the calibration repeats plus the holdout's.
    let last = b.tracking.last().unwrap();
    assert_eq!(last.date, b.end);
    assert_eq!(last.actual, 2457.0 + actual as f64);
    assert!((last.predicted - (2457.0 + b.predicted_purchases)).abs() < 1e-6);
    assert_eq!(b.buckets.first().unwrap().purchases, 0);
    assert_eq!(b.buckets.iter().map(|k| k.customers).sum::<usize>(), 2357);
}

#[test]
fn daily_buyers_zero_orders_and_returns_only_customers_keep_the_model_on() {
    use common::C;
    use tierbook_core::metrics::ClvBasis;
    let dir = common::tmp();
    let mut rows = vec![vec![C::S("客户编号"), C::S("日期"), C::S("金额"), C::S("毛利")]];
    let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let day = |n: i64| {
        use chrono::Datelike;
        let d = start + chrono::Duration::days(n);
        C::D(d.year() as u16, d.month() as u8, d.day() as u8)
    };
    // Three distributors order every day of two years (730 purchase days).
    for k in 0..3 {
        for n in 0..731 {
            rows.push(vec![C::T(format!("D{k}")), day(n), C::N(1000.0), C::N(150.0)]);
        }
    }
    // 400 ordinary customers: a few purchases each, spread over the period.
    let mut seed = 11u64;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as i64
    };
    for c in 0..400 {
        let first = next() % 600;
        for _ in 0..1 + next() % 5 {
            let n = (first + next() % 130).min(730);
            rows.push(vec![
                C::T(format!("K{c:03}")),
                day(n),
                C::N(200.0 + (next() % 800) as f64),
                C::N(30.0),
            ]);
        }
    }
    // A customer whose only order was free, one with only a return.
    rows.push(vec![C::S("Z0"), day(100), C::N(0.0), C::N(0.0)]);
    rows.push(vec![C::S("R0"), day(200), C::N(-500.0), C::N(-80.0)]);
    let path = dir.path().join("daily.xlsx");
    common::xlsx(&path, &[("明细", rows)]);
    let (_, table) = common::run(&path, &tierbook_core::TierPolicy::default());
    let ClvBasis::Predictive(p) = &table.metrics.clv_basis else {
        panic!("{:?}", table.metrics.clv_basis);
    };
    assert_eq!(p.left_out, 1, "the returns-only customer");
    assert_eq!(p.fitted, 404, "everyone else, the $0 order included");
    let get = |id: &str| table.metrics.customers.iter().find(|c| c.id == id).unwrap();
    for k in 0..3 {
        let d = get(&format!("D{k}"));
        assert!(d.p_alive.unwrap() > 0.95, "{:?}", d.p_alive);
        assert!(d.clv.unwrap().is_finite() && d.clv.unwrap() > d.profit.unwrap());
    }
    let r0 = get("R0");
    assert_eq!((r0.p_alive, r0.expected_purchases), (None, None));
    assert_eq!(r0.clv, r0.profit, "no purchase: no future value");
    assert!(get("Z0").p_alive.is_some());
}
