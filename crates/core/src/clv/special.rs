//! The special functions the models need: ln Γ (Lanczos, |error| < 1e-14 for
//! positive arguments), its derivative ψ (for the fits' gradients) and the Gauss
//! hypergeometric function ₂F₁ for 0 ≤ z < 1 (its power series, summed until
//! terms stop mattering).
//!
//! The series is only cheap and finite when its terms shrink from the start,
//! i.e. when c is large against a and b. The BG/NBD calls it through Euler's
//! transformation (see `BgNbd::expected_tail`), which keeps it so for any
//! number of repeat purchases; `tests/clv_special.rs` pins both against
//! arbitrary-precision values up to 10,000 repeat purchases.

/// ln Γ(x) for x > 0.
pub fn ln_gamma(x: f64) -> f64 {
    // Lanczos approximation, g = 7, n = 9 (Numerical Recipes' coefficients).
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection keeps the series in its accurate range.
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + G + 0.5;
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// ψ(x) = d/dx ln Γ(x) for x > 0: the recurrence ψ(x) = ψ(x + 1) − 1/x up to
/// x ≥ 10, then the asymptotic series (|error| < 1e-14 there).
pub fn digamma(x: f64) -> f64 {
    let mut x = x;
    let mut acc = 0.0;
    while x < 10.0 {
        acc -= 1.0 / x;
        x += 1.0;
    }
    let inv = 1.0 / x;
    let inv2 = inv * inv;
    // B₂ₖ / (2k) for k = 1..6.
    let series = inv2
        * (1.0 / 12.0
            - inv2
                * (1.0 / 120.0
                    - inv2 * (1.0 / 252.0 - inv2 * (1.0 / 240.0 - inv2 * (1.0 / 132.0 - inv2 * 691.0 / 32_760.0)))));
    acc + x.ln() - 0.5 * inv - series
}

/// ₂F₁(a, b; c; z) for 0 ≤ z < 1 by its power series. NaN when the terms grow
/// past what a double holds (call it where they shrink: see the module docs).
pub fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> f64 {
    let mut term = 1.0;
    let mut sum = 1.0;
    for j in 0..100_000 {
        let j = j as f64;
        term *= (a + j) * (b + j) / ((c + j) * (j + 1.0)) * z;
        sum += term;
        if !sum.is_finite() {
            return f64::NAN;
        }
        if term.abs() < 1e-15 * sum.abs() {
            break;
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_gamma_matches_factorials_and_half_integers() {
        assert!((ln_gamma(1.0)).abs() < 1e-13);
        assert!((ln_gamma(5.0) - 24f64.ln()).abs() < 1e-12);
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-12);
        assert!((ln_gamma(171.0) - 706.573_062_245_787_4).abs() < 1e-9);
    }

    #[test]
    fn digamma_is_the_derivative_of_ln_gamma() {
        // ψ(1) = −γ; ψ(x + 1) = ψ(x) + 1/x.
        assert!((digamma(1.0) + 0.577_215_664_901_532_9).abs() < 1e-13);
        assert!((digamma(0.25) + 4.227_453_533_376_265_4).abs() < 1e-12);
        for x in [0.3, 2.5, 7.0, 40.0, 1e4] {
            let h = 1e-5 * x;
            let numeric = (ln_gamma(x + h) - ln_gamma(x - h)) / (2.0 * h);
            assert!((digamma(x) - numeric).abs() < 1e-6 * (1.0 + numeric.abs()), "ψ({x})");
        }
    }

    #[test]
    fn hyp2f1_matches_closed_forms() {
        // ₂F₁(1, 1; 2; z) = −ln(1 − z) / z.
        let z = 0.6;
        assert!((hyp2f1(1.0, 1.0, 2.0, z) + (1.0 - z).ln() / z).abs() < 1e-12);
        // ₂F₁(a, b; b; z) = (1 − z)^(−a).
        assert!((hyp2f1(2.5, 3.0, 3.0, 0.3) - 0.7f64.powf(-2.5)).abs() < 1e-12);
    }
}
