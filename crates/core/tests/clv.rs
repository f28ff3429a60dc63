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
