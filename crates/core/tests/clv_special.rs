//! The BG/NBD's special functions against arbitrary-precision reference values
//! (`fixtures/bgnbd_reference.csv`, written once by
//! `fixtures/make_bgnbd_reference.py` with mpmath at 50 digits): the expected
//! purchases, P(alive) and the log-likelihood of histories from 0 to 10,000
//! repeat purchases, with the published CDNOW parameters in weeks and in days
//! and a loyal population (a > 1, b < 1).

use std::path::Path;

use tierbook_core::clv::{BgNbd, Rfm};

struct Case {
    name: String,
    model: BgNbd,
    rfm: Rfm,
    t: f64,
    expected: f64,
    p_alive: f64,
    ll: f64,
}

fn cases() -> Vec<Case> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bgnbd_reference.csv");
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let n = |i: usize| f[i].parse::<f64>().unwrap();
            Case {
                name: format!("{} x={} t_x={} T={} t={}", f[0], f[5], f[6], f[7], f[8]),
                model: BgNbd {
                    r: n(1),
                    alpha: n(2),
                    a: n(3),
                    b: n(4),
                },
                rfm: Rfm {
                    frequency: n(5),
                    recency: n(6),
                    age: n(7),
                },
                t: n(8),
                expected: n(11),
                p_alive: n(10),
                ll: n(12),
            }
        })
        .collect()
}

fn close(got: f64, want: f64, rel: f64) -> bool {
    (got - want).abs() <= rel * want.abs().max(1e-300)
}

#[test]
fn the_reference_covers_up_to_ten_thousand_repeat_purchases() {
    let c = cases();
    assert_eq!(c.len(), 216);
    assert!(c.iter().any(|c| c.rfm.frequency == 10_000.0));
}

#[test]
fn expected_purchases_match_the_arbitrary_precision_values_for_any_frequency() {
    for c in cases() {
        let got = c.model.expected_purchases(&c.rfm, c.t);
        assert!(got.is_finite(), "{}: {got}", c.name);
        assert!(close(got, c.expected, 1e-9), "{}: {got} vs {}", c.name, c.expected);
    }
}

#[test]
fn p_alive_matches_the_arbitrary_precision_values_even_when_tiny() {
    for c in cases() {
        let got = c.model.p_alive(&c.rfm);
        assert!(close(got, c.p_alive, 1e-9), "{}: {got} vs {}", c.name, c.p_alive);
    }
}

#[test]
fn the_log_likelihood_matches_the_arbitrary_precision_values() {
    for c in cases() {
        let got = c.model.log_likelihood(&[c.rfm]);
        assert!(close(got, c.ll, 1e-11), "{}: {got} vs {}", c.name, c.ll);
    }
}
