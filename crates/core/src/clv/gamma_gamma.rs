//! Gamma-Gamma: each purchase's value is gamma-distributed around a customer's
//! own mean spend, and those means vary across customers (shape p per purchase,
//! shape q and rate v across customers). From a repeat buyer's number of
//! purchases and average value it gives the expected value of their future
//! purchases, shrunk towards the population mean when the history is short.
//!
//! Fitted on repeat buyers with a positive average value only: the model is for
//! positive amounts, so customers whose purchases net to zero or less (returns)
//! are left out of the fit and counted.

use super::optimize::{minimise, FitError};
use super::special::{digamma, ln_gamma};

/// A repeat buyer's purchases: how many and their average value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpendSummary {
    /// Purchases the average is over (x ≥ 1).
    pub frequency: f64,
    /// Their average value m̄.
    pub mean: f64,
}

/// Fitted Gamma-Gamma parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GammaGamma {
    /// Shape of a purchase's value around the customer's mean.
    pub p: f64,
    /// Shape of the customers' mean-spend distribution.
    pub q: f64,
    /// Rate of the customers' mean-spend distribution.
    pub v: f64,
}

/// A fit, with the customers left out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GammaGammaFit {
    /// The parameters.
    pub model: GammaGamma,
    /// The log-likelihood at the optimum.
    pub log_likelihood: f64,
    /// Customers fitted.
    pub customers: usize,
    /// Customers left out (no repeat purchase, or a non-positive average).
    pub excluded: usize,
}

/// Fewest repeat buyers the fit accepts.
pub const MIN_REPEAT_BUYERS: usize = 10;

impl GammaGamma {
    fn ll_one(&self, c: &SpendSummary) -> f64 {
        let GammaGamma { p, q, v } = *self;
        let (x, m) = (c.frequency, c.mean);
        ln_gamma(p * x + q) - ln_gamma(p * x) - ln_gamma(q) + q * v.ln() + (p * x - 1.0) * m.ln() + (p * x) * x.ln()
            - (p * x + q) * (x * m + v).ln()
    }

    /// The log-likelihood of a set of repeat buyers (all with x ≥ 1, m̄ > 0).
    pub fn log_likelihood(&self, data: &[SpendSummary]) -> f64 {
        data.iter().map(|c| self.ll_one(c)).sum()
    }

    /// The log-likelihood and its gradient in (p, q, v), with the terms that
    /// depend only on x computed once per distinct x: the fit's inner loop.
    fn eval_grouped(&self, data: &[(f64, f64)], by_x: &[(f64, std::ops::Range<usize>)], grad: &mut [f64; 3]) -> f64 {
        let GammaGamma { p, q, v } = *self;
        let (ln_v, dg_q) = (v.ln(), digamma(q));
        let base = q * ln_v - ln_gamma(q);
        *grad = [0.0; 3];
        let mut ll = 0.0;
        for (x, range) in by_x {
            let (x, px) = (*x, p * x);
            let n = range.len() as f64;
            let (ln_x, dg_sum, dg_px) = (x.ln(), digamma(px + q), digamma(px));
            ll += n * (ln_gamma(px + q) - ln_gamma(px) + base + px * ln_x);
            grad[0] += n * x * (dg_sum - dg_px + ln_x);
            grad[1] += n * (dg_sum - dg_q + ln_v);
            grad[2] += n * q / v;
            // (ln m̄, m̄) per customer.
            for &(ln_m, m) in &data[range.clone()] {
                let total = x * m + v;
                let ln_total = total.ln();
                ll += (px - 1.0) * ln_m - (px + q) * ln_total;
                grad[0] += x * (ln_m - ln_total);
                grad[1] -= ln_total;
                grad[2] -= (px + q) / total;
            }
        }
        ll
    }

    /// Maximum-likelihood fit on the usable customers of `data` (all of them:
    /// the analytic gradient makes a quasi-Newton search cheap).
    ///
    /// # Errors
    /// Fewer than [`MIN_REPEAT_BUYERS`] usable customers, or no usable optimum
    /// (with the point reached).
    pub fn fit(data: &[SpendSummary]) -> Result<GammaGammaFit, FitError> {
        let mut usable: Vec<SpendSummary> = data
            .iter()
            .copied()
            .filter(|c| c.frequency >= 1.0 && c.mean > 0.0 && c.mean.is_finite())
            .collect();
        usable.sort_by(|a, b| a.frequency.total_cmp(&b.frequency).then(a.mean.total_cmp(&b.mean)));
        let mut by_x: Vec<(f64, std::ops::Range<usize>)> = Vec::new();
        for (i, c) in usable.iter().enumerate() {
            match by_x.last_mut() {
                Some((x, r)) if *x == c.frequency => r.end = i + 1,
                _ => by_x.push((c.frequency, i..i + 1)),
            }
        }
        if usable.len() < MIN_REPEAT_BUYERS {
            return Err(FitError::TooFew {
                have: usable.len(),
                need: MIN_REPEAT_BUYERS,
            });
        }
        let logs: Vec<(f64, f64)> = usable.iter().map(|c| (c.mean.ln(), c.mean)).collect();
        // v is in money units: start it at the mean spend so the search is unit-free.
        let scale = usable.iter().map(|c| c.mean).sum::<f64>() / usable.len() as f64;
        let model = |p: &[f64]| GammaGamma {
            p: p[0].exp(),
            q: p[1].exp(),
            v: p[2].exp() * scale,
        };
        let n = usable.len() as f64;
        let f = |p: &[f64], g: &mut [f64]| {
            if p.iter().any(|v| v.abs() > 30.0) {
                return f64::INFINITY;
            }
            let m = model(p);
            let mut d = [0.0; 3];
            let ll = m.eval_grouped(&logs, &by_x, &mut d);
            for (i, natural) in [m.p, m.q, m.v].into_iter().enumerate() {
                g[i] = -d[i] * natural / n;
            }
            -ll / n
        };
        let reached = |p: &[f64], v: f64| {
            let m = model(p);
            FitError::NotConverged {
                reached: vec![m.p, m.q, m.v],
                log_likelihood: -v * n,
            }
        };
        let found = minimise(&f, &[0.0; 3], 1e-9).map_err(|best| match best {
            Some(b) => reached(&b.point, b.value),
            None => FitError::nowhere(),
        })?;
        let m = model(&found.point);
        if m.q <= 1.0 || ![m.p, m.q, m.v].iter().all(|v| v.is_finite()) {
            // With q ≤ 1 the expected spend is infinite: not a usable fit.
            return Err(reached(&found.point, found.value));
        }
        Ok(GammaGammaFit {
            model: m,
            log_likelihood: -found.value * n,
            customers: usable.len(),
            excluded: data.len() - usable.len(),
        })
    }

    /// Expected value of a future purchase of a customer with this history
    /// (the population mean for one without repeat purchases).
    pub fn expected_spend(&self, c: &SpendSummary) -> f64 {
        let GammaGamma { p, q, v } = *self;
        if c.frequency < 1.0 || c.mean <= 0.0 {
            return p * v / (q - 1.0);
        }
        p * (v + c.frequency * c.mean) / (p * c.frequency + q - 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// xorshift64* and the Marsaglia–Tsang gamma sampler, for synthetic data.
    struct Rng(u64);
    impl Rng {
        fn uniform(&mut self) -> f64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            ((self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 + 0.5) / (1u64 << 53) as f64
        }
        fn normal(&mut self) -> f64 {
            (-2.0 * self.uniform().ln()).sqrt() * (2.0 * std::f64::consts::PI * self.uniform()).cos()
        }
        fn gamma(&mut self, shape: f64, rate: f64) -> f64 {
            if shape < 1.0 {
                return self.gamma(shape + 1.0, rate) * self.uniform().powf(1.0 / shape);
            }
            let d = shape - 1.0 / 3.0;
            let c = 1.0 / (9.0 * d).sqrt();
            loop {
                let x = self.normal();
                let v = (1.0 + c * x).powi(3);
                if v > 0.0 && self.uniform().ln() < 0.5 * x * x + d - d * v + d * v.ln() {
                    return d * v / rate;
                }
            }
        }
    }

    #[test]
    fn the_fit_recovers_the_parameters_that_generated_the_spend() {
        let (p, q, v) = (6.0, 4.0, 15.0);
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let data: Vec<SpendSummary> = (0..6000)
            .map(|i| {
                let nu = rng.gamma(q, v);
                let x = 1 + i % 8;
                let total: f64 = (0..x).map(|_| rng.gamma(p, nu)).sum();
                SpendSummary {
                    frequency: x as f64,
                    mean: total / x as f64,
                }
            })
            .collect();
        let fit = GammaGamma::fit(&data).unwrap();
        let m = fit.model;
        assert!((m.p - p).abs() / p < 0.1, "{m:?}");
        assert!((m.q - q).abs() / q < 0.15, "{m:?}");
        assert!((m.v - v).abs() / v < 0.2, "{m:?}");
        assert_eq!(fit.excluded, 0);
        // The grouped likelihood the fit uses equals the plain one.
        let plain = m.log_likelihood(&data);
        assert!(
            (plain - fit.log_likelihood).abs() < 1e-6 * plain.abs(),
            "{plain} vs {}",
            fit.log_likelihood
        );
    }

    #[test]
    fn non_positive_spend_is_left_out_and_counted() {
        let mut data = vec![
            SpendSummary {
                frequency: 2.0,
                mean: 30.0
            };
            12
        ];
        for (i, d) in data.iter_mut().enumerate() {
            d.mean += i as f64 * 3.0;
        }
        data.push(SpendSummary {
            frequency: 3.0,
            mean: -5.0,
        });
        data.push(SpendSummary {
            frequency: 0.0,
            mean: 0.0,
        });
        match GammaGamma::fit(&data) {
            Ok(fit) => assert_eq!((fit.customers, fit.excluded), (12, 2)),
            Err(FitError::NotConverged { .. }) => {}
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn expected_spend_shrinks_a_short_history_towards_the_population_mean() {
        let m = GammaGamma {
            p: 6.25,
            q: 3.74,
            v: 15.44,
        };
        let population = m.expected_spend(&SpendSummary {
            frequency: 0.0,
            mean: 0.0,
        });
        assert!((population - 6.25 * 15.44 / 2.74).abs() < 1e-9);
        let one = m.expected_spend(&SpendSummary {
            frequency: 1.0,
            mean: 100.0,
        });
        let many = m.expected_spend(&SpendSummary {
            frequency: 20.0,
            mean: 100.0,
        });
        assert!(population < one && one < many && many < 100.0);
    }
}
