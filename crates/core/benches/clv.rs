//! Fit time of BG/NBD on the CDNOW summary (target ≤ 50 ms); the full fit (every
//! customer, no sample) and the backtest on the 50,000-customer benchmark
//! ledger; and what the predictive lifetime value and the model check add to
//! the metrics of those customers: `cargo bench -p tierbook-core --bench clv`.

use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;
use tierbook_core::clv::{BgNbd, GammaGamma, Rfm, SpendSummary};
use tierbook_core::ledger::{LedgerShape, Transaction};
use tierbook_core::metrics::{Aggregator, MetricsOptions};

/// The numbers of a CSV fixture's rows, header skipped.
fn fixture(file: &str) -> Vec<Vec<f64>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(file);
    let text = std::fs::read_to_string(path).expect("the CDNOW fixture");
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split(',').map(|v| v.parse().expect("a number")).collect())
        .collect()
}

fn main() {
    let data: Vec<Rfm> = fixture("cdnow_customers_summary.csv")
        .into_iter()
        .map(|f| Rfm {
            frequency: f[1],
            recency: f[2],
            age: f[3],
        })
        .collect();
    let runs = 20;
    let mut times = Vec::new();
    let mut fit = None;
    for _ in 0..runs {
        let t = Instant::now();
        fit = Some(BgNbd::fit(&data).expect("CDNOW fits"));
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let fit = fit.expect("at least one run");
    println!(
        "BG/NBD on CDNOW ({} customers): median {:.1} ms, best {:.1} ms over {runs} fits; r={:.3} α={:.3} a={:.3} b={:.3} LL={:.1}",
        data.len(),
        times[runs / 2],
        times[0],
        fit.model.r,
        fit.model.alpha,
        fit.model.a,
        fit.model.b,
        fit.log_likelihood
    );
    gamma_gamma_fit_time();
    full_fit_and_backtest();
    predictive_clv_cost();
}

/// The median of `runs` timings of `f`, in ms, with its last result.
fn median_ms<R>(runs: usize, mut f: impl FnMut() -> R) -> (f64, R) {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        last = Some(f());
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    (times[runs / 2], last.expect("at least one run"))
}

/// BG/NBD on all 50,000 customers of the benchmark ledger, and the backtest.
fn full_fit_and_backtest() {
    use chrono::Datelike;
    use std::collections::BTreeMap;
    use tierbook_core::clv::{backtest, PurchaseLog, ValueBasis};
    let lines = ledger();
    let end = NaiveDate::from_ymd_opt(2025, 12, 31).expect("a date");
    let mut days: BTreeMap<&str, Vec<i32>> = BTreeMap::new();
    for t in &lines {
        days.entry(t.customer.as_str())
            .or_default()
            .push(t.date.expect("dated").num_days_from_ce());
    }
    let mut entries = Vec::new();
    let rfm: Vec<Rfm> = days
        .values_mut()
        .enumerate()
        .map(|(i, d)| {
            d.sort_unstable();
            d.dedup();
            entries.extend(d.iter().map(|&day| (i as u32, day, 100.0 + f64::from(day % 7))));
            let (first, last) = (d[0], d[d.len() - 1]);
            Rfm {
                frequency: (d.len() - 1) as f64,
                recency: f64::from(last - first) / 7.0,
                age: f64::from(end.num_days_from_ce() - first) / 7.0,
            }
        })
        .collect();
    let (ms, fit) = median_ms(5, || BgNbd::fit(&rfm).expect("the benchmark ledger fits"));
    let m = fit.model;
    println!(
        "BG/NBD on all {} customers of the benchmark ledger (no sample): median {ms:.1} ms; r={:.3} α={:.3} a={:.3} b={:.3}",
        rfm.len(),
        m.r,
        m.alpha,
        m.a,
        m.b
    );
    let log = PurchaseLog::new(entries, rfm.len());
    let start = NaiveDate::from_ymd_opt(2025, 1, 1);
    let (ms, b) = median_ms(5, || {
        backtest(&log, start, Some(end), None, ValueBasis::Sales).expect("backtests")
    });
    println!(
        "backtest of the benchmark ledger ({} customers, split {}): median {ms:.1} ms; {}",
        b.customers,
        b.split,
        b.sentence(tierbook_core::Lang::Zh)
    );
}

/// Gamma-Gamma on the 946 CDNOW repeat buyers (the fixture with spend).
fn gamma_gamma_fit_time() {
    let data: Vec<SpendSummary> = fixture("cdnow_customers_summary_with_transactions.csv")
        .into_iter()
        .map(|f| SpendSummary {
            frequency: f[1],
            mean: f[4],
        })
        .collect();
    let mut times = Vec::new();
    let mut fit = None;
    for _ in 0..20 {
        let t = Instant::now();
        fit = Some(GammaGamma::fit(&data).expect("CDNOW fits"));
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let m = fit.expect("at least one run").model;
    println!(
        "Gamma-Gamma on CDNOW (946 repeat buyers): median {:.1} ms; p={:.3} q={:.3} v={:.3}",
        times[10], m.p, m.q, m.v
    );
}

/// 50,000 customers with Pareto-like spending over one year, 400,000 lines.
fn ledger() -> Vec<Transaction> {
    let mut seed: u64 = 7;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let start = NaiveDate::from_ymd_opt(2025, 1, 1).expect("a date");
    (0..400_000)
        .map(|i| {
            let who = ((next().powf(3.0)) * 50_000.0) as usize;
            let amount = 100.0 + 5000.0 * next();
            Transaction {
                customer: format!("K{who:05}"),
                date: start.checked_add_days(chrono::Days::new((next() * 365.0) as u64)),
                amount,
                profit: Some(amount * (0.05 + 0.3 * next())),
                order_id: Some(format!("D{i}")),
                ..Transaction::default()
            }
        })
        .collect()
}

fn predictive_clv_cost() {
    let lines = ledger();
    let time = |opts: MetricsOptions| {
        let mut times = Vec::new();
        for _ in 0..5 {
            let mut agg = Aggregator::new();
            for t in &lines {
                agg.add(t);
            }
            let t = Instant::now();
            let set = agg.finish(LedgerShape::Transactions, opts);
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            std::hint::black_box(set);
        }
        times.sort_by(f64::total_cmp);
        times[2]
    };
    let simple = time(MetricsOptions {
        retention: Some(0.8),
        ..Default::default()
    });
    let predictive = time(MetricsOptions::default());
    println!(
        "metrics of 50000 customers: {simple:.1} ms with the simple estimate, {predictive:.1} ms with the predictive CLV (+{:.1} ms)",
        predictive - simple
    );
}
