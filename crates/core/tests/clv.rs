//! Predictive CLV against the published CDNOW results (Fader, Hardie & Lee 2005):
//! 2,357 customers, 39-week calibration (`fixtures/cdnow_customers_summary.csv`,
//! a copy of the public summary in the project's shared data).

use std::path::Path;

use tierbook_core::clv::{BgNbd, Rfm};

fn cdnow() -> Vec<Rfm> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cdnow_customers_summary.csv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (x, tx, t) = (col("frequency"), col("recency"), col("T"));
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<f64> = l.split(',').map(|v| v.parse().unwrap()).collect();
            Rfm {
                frequency: f[x],
                recency: f[tx],
                age: f[t],
            }
        })
        .collect()
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
