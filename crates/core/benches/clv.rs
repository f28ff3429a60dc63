//! Fit time of BG/NBD on the CDNOW summary (target ≤ 50 ms):
//! `cargo bench -p tierbook-core --bench clv`.

use std::path::Path;
use std::time::Instant;

use tierbook_core::clv::{BgNbd, Rfm};

fn main() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cdnow_customers_summary.csv");
    let text = std::fs::read_to_string(path).expect("the CDNOW fixture");
    let data: Vec<Rfm> = text
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<f64> = l.split(',').map(|v| v.parse().expect("a number")).collect();
            Rfm {
                frequency: f[1],
                recency: f[2],
                age: f[3],
            }
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
}
