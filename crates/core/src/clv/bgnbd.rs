//! BG/NBD: while active, a customer buys at a Poisson rate λ (gamma-distributed
//! across customers with shape r and rate α); after each purchase they become
//! inactive with probability p (beta-distributed with a, b). From each
//! customer's repeat purchases x, the time of the last one t_x and their age T,
//! it gives the expected purchases in a coming period and P(still active).
//!
//! One-time buyers (x = 0) are part of the fit, as the model defines: they carry
//! the information about how many never come back.

use super::optimize::{minimise, FitError};
use super::special::{digamma, hyp2f1, ln_gamma};

/// One customer's purchase history in the models' terms.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rfm {
    /// Repeat purchases x (purchases after the first).
    pub frequency: f64,
    /// t_x: time from the first purchase to the last.
    pub recency: f64,
    /// T: time from the first purchase to the end of the calibration period.
    pub age: f64,
}

/// Fitted BG/NBD parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BgNbd {
    /// Shape of the purchase-rate gamma.
    pub r: f64,
    /// Rate (scale in time units) of the purchase-rate gamma.
    pub alpha: f64,
    /// Beta parameter a of the drop-out probability.
    pub a: f64,
    /// Beta parameter b of the drop-out probability.
    pub b: f64,
}

/// A fit and how well it fits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BgNbdFit {
    /// The parameters.
    pub model: BgNbd,
    /// The log-likelihood at the optimum.
    pub log_likelihood: f64,
    /// Customers fitted.
    pub customers: usize,
}

/// ln Γ(s + x) − ln Γ(s), exactly as a sum of logs for small whole x.
pub(crate) fn ln_rising(s: f64, x: f64) -> f64 {
    if x.fract() == 0.0 && (0.0..=24.0).contains(&x) {
        (0..x as usize).map(|k| (s + k as f64).ln()).sum()
    } else {
        ln_gamma(s + x) - ln_gamma(s)
    }
}

/// ψ(s + x) − ψ(s), the derivative of [`ln_rising`] in s.
pub(crate) fn digamma_rising(s: f64, x: f64) -> f64 {
    if x.fract() == 0.0 && (0.0..=24.0).contains(&x) {
        (0..x as usize).map(|k| 1.0 / (s + k as f64)).sum()
    } else {
        digamma(s + x) - digamma(s)
    }
}

/// Fewest customers the fit accepts.
pub const MIN_CUSTOMERS: usize = 20;

/// Customers grouped for the likelihood: identical (x, t_x, T) histories are one
/// term weighted by their count, and the terms that depend on x alone, on T
/// alone or on t_x alone are computed once per distinct value. A ledger of a
/// year's days has a few hundred distinct ages, so every customer costs one
/// exp and one log per evaluation.
struct Grouped {
    /// Distinct x with their customer counts.
    xs: Vec<(f64, f64)>,
    /// Distinct ages T and recencies t_x.
    ages: Vec<f64>,
    recencies: Vec<f64>,
    /// (x index, t_x index, T index, count).
    groups: Vec<(u32, u32, u32, f64)>,
    customers: f64,
}

fn index_of(values: &mut Vec<f64>, index: &mut crate::fxhash::FxHashMap<u64, u32>, v: f64) -> u32 {
    *index.entry(v.to_bits()).or_insert_with(|| {
        values.push(v);
        (values.len() - 1) as u32
    })
}

impl Grouped {
    fn new(data: &[Rfm]) -> Self {
        let mut map: crate::fxhash::FxHashMap<(u64, u64, u64), f64> = Default::default();
        for c in data {
            let recency = if c.frequency > 0.0 { c.recency } else { 0.0 };
            *map.entry((c.frequency.to_bits(), recency.to_bits(), c.age.to_bits()))
                .or_insert(0.0) += 1.0;
        }
        let mut keys: Vec<_> = map.into_iter().collect();
        // A fixed order keeps the sums, and so the fit, bit-for-bit repeatable.
        keys.sort_unstable_by_key(|(k, _)| *k);
        let (mut xs, mut ages, mut recencies) = (Vec::new(), Vec::new(), Vec::new());
        let (mut xi, mut ai, mut ri) = (Default::default(), Default::default(), Default::default());
        let mut x_values = Vec::new();
        let groups = keys
            .into_iter()
            .map(|((x, rec, age), n)| {
                let i = index_of(&mut x_values, &mut xi, f64::from_bits(x)) as usize;
                if i == xs.len() {
                    xs.push((f64::from_bits(x), 0.0));
                }
                xs[i].1 += n;
                (
                    i as u32,
                    index_of(&mut recencies, &mut ri, f64::from_bits(rec)),
                    index_of(&mut ages, &mut ai, f64::from_bits(age)),
                    n,
                )
            })
            .collect();
        Grouped {
            xs,
            ages,
            recencies,
            groups,
            customers: data.len() as f64,
        }
    }

    /// The log-likelihood and its gradient in (r, α, a, b).
    fn eval(&self, m: &BgNbd, grad: &mut [f64; 4]) -> f64 {
        let BgNbd { r, alpha, a, b } = *m;
        let (ln_a, ln_alpha) = (a.ln(), alpha.ln());
        let table =
            |v: &[f64]| -> Vec<(f64, f64)> { v.iter().map(|t| ((alpha + t).ln(), 1.0 / (alpha + t))).collect() };
        let (ages, recs) = (table(&self.ages), table(&self.recencies));
        let mut ll = 0.0;
        *grad = [0.0; 4];
        // Terms of x alone: ln_b1 = ln(b + x − 1) and its inverse, per distinct x.
        let per_x: Vec<(f64, f64)> = self
            .xs
            .iter()
            .map(|&(x, n)| {
                ll += n * (ln_rising(r, x) + r * ln_alpha + ln_rising(b, x) - ln_rising(a + b, x));
                grad[0] += n * (digamma_rising(r, x) + ln_alpha);
                grad[1] += n * r / alpha;
                grad[2] -= n * digamma_rising(a + b, x);
                grad[3] += n * (digamma_rising(b, x) - digamma_rising(a + b, x));
                if x > 0.0 {
                    ((b + x - 1.0).ln(), 1.0 / (b + x - 1.0))
                } else {
                    (0.0, 0.0)
                }
            })
            .collect();
        for &(xi, ri, ti, n) in &self.groups {
            let x = self.xs[xi as usize].0;
            let (lt, it) = ages[ti as usize];
            let a3 = -(r + x) * lt;
            if x > 0.0 {
                let (lr, ir) = recs[ri as usize];
                let (ln_b1, inv_b1) = per_x[xi as usize];
                let a4 = ln_a - ln_b1 - (r + x) * lr;
                let e = (-(a3 - a4).abs()).exp();
                // w: the weight of the "dropped out after the last purchase" term.
                let (top, w) = if a4 >= a3 {
                    (a4, 1.0 / (1.0 + e))
                } else {
                    (a3, e / (1.0 + e))
                };
                ll += n * (top + e.ln_1p());
                grad[0] -= n * ((1.0 - w) * lt + w * lr);
                grad[1] -= n * (r + x) * ((1.0 - w) * it + w * ir);
                grad[2] += n * w / a;
                grad[3] -= n * w * inv_b1;
            } else {
                ll += n * a3;
                grad[0] -= n * lt;
                grad[1] -= n * r * it;
            }
        }
        ll
    }
}

impl BgNbd {
    /// One customer's log-likelihood.
    fn ll_one(&self, c: &Rfm) -> f64 {
        let BgNbd { r, alpha, a, b } = *self;
        let x = c.frequency;
        let a1 = ln_rising(r, x) + r * alpha.ln();
        let a2 = ln_rising(b, x) - ln_rising(a + b, x);
        let a3 = -(r + x) * (alpha + c.age).ln();
        if x > 0.0 {
            let a4 = a.ln() - (b + x - 1.0).ln() - (r + x) * (alpha + c.recency).ln();
            let m = a3.max(a4);
            a1 + a2 + m + ((a3 - m).exp() + (a4 - m).exp()).ln()
        } else {
            a1 + a2 + a3
        }
    }

    /// The log-likelihood of a set of customers.
    pub fn log_likelihood(&self, data: &[Rfm]) -> f64 {
        data.iter().map(|c| self.ll_one(c)).sum()
    }

    /// Maximum-likelihood fit on every customer given (no sample: identical
    /// histories are grouped instead, and the analytic gradient lets a
    /// quasi-Newton search settle in a few dozen evaluations).
    ///
    /// # Errors
    /// Fewer than [`MIN_CUSTOMERS`] customers or no repeat buyer, or no optimum
    /// found (with the point reached).
    pub fn fit(data: &[Rfm]) -> Result<BgNbdFit, FitError> {
        let repeaters = data.iter().filter(|c| c.frequency > 0.0).count();
        if data.len() < MIN_CUSTOMERS || repeaters == 0 {
            return Err(FitError::TooFew {
                have: if repeaters == 0 { 0 } else { data.len() },
                need: MIN_CUSTOMERS,
            });
        }
        // Parameters are searched on a log scale, so they stay positive; time is
        // rescaled by the mean age so α starts near 1 whatever the unit.
        let scale = data.iter().map(|c| c.age).sum::<f64>() / data.len() as f64;
        let scale = if scale > 0.0 { scale } else { 1.0 };
        let model = |p: &[f64]| BgNbd {
            r: p[0].exp(),
            alpha: p[1].exp() * scale,
            a: p[2].exp(),
            b: p[3].exp(),
        };
        let grouped = Grouped::new(data);
        let n = grouped.customers;
        // The mean negative log-likelihood per customer, so the tolerance does
        // not depend on the ledger's size.
        let f = |p: &[f64], g: &mut [f64]| {
            if p.iter().any(|v| v.abs() > 30.0) {
                return f64::INFINITY;
            }
            let m = model(p);
            let mut d = [0.0; 4];
            let ll = grouped.eval(&m, &mut d);
            let natural = [m.r, m.alpha, m.a, m.b];
            for i in 0..4 {
                g[i] = -d[i] * natural[i] / n;
            }
            -ll / n
        };
        let reached = |p: &[f64], v: f64| {
            let m = model(p);
            FitError::NotConverged {
                reached: vec![m.r, m.alpha, m.a, m.b],
                log_likelihood: -v * n,
            }
        };
        let found = minimise(&f, &[0.0; 4], 1e-9).map_err(|best| match best {
            Some(b) => reached(&b.point, b.value),
            None => FitError::nowhere(),
        })?;
        let m = model(&found.point);
        if ![m.r, m.alpha, m.a, m.b].iter().all(|v| v.is_finite() && *v > 0.0) {
            return Err(reached(&found.point, found.value));
        }
        Ok(BgNbdFit {
            model: m,
            log_likelihood: -found.value * n,
            customers: data.len(),
        })
    }

    /// ln of the odds term of a repeat buyer: a/(b+x−1) · ((α+T)/(α+t_x))^(r+x),
    /// kept in logs so thousands of purchases do not overflow.
    fn ln_dropout_odds(&self, c: &Rfm) -> f64 {
        if c.frequency <= 0.0 {
            return f64::NEG_INFINITY;
        }
        let x = c.frequency;
        (self.a / (self.b + x - 1.0)).ln() + (self.r + x) * ((self.alpha + c.age).ln() - (self.alpha + c.recency).ln())
    }

    /// P(the customer is still active at T).
    pub fn p_alive(&self, c: &Rfm) -> f64 {
        1.0 / (1.0 + self.ln_dropout_odds(c).exp())
    }

    /// Expected purchases in the next `t` time units, given the history.
    pub fn expected_purchases(&self, c: &Rfm, t: f64) -> f64 {
        self.expected_scale(c) * self.expected_tail(c.frequency, c.age, t)
    }

    /// The part of [`Self::expected_purchases`] that depends on the recency:
    /// (a+b+x−1)/(a−1) · P(alive).
    pub fn expected_scale(&self, c: &Rfm) -> f64 {
        (self.a + self.b + c.frequency - 1.0) / (self.a - 1.0) * self.p_alive(c)
    }

    /// The part of [`Self::expected_purchases`] that depends only on the
    /// frequency `x`, the age `T` and the horizon `t`:
    /// 1 − ((α+T)/(α+T+t))^(r+x) · ₂F₁(r+x, b+x; a+b+x−1; z), z = t/(α+T+t).
    ///
    /// Summed as written, the series' terms grow for hundreds of terms before
    /// they shrink and overflow from about 535 repeat purchases. Euler's
    /// transformation ₂F₁(A,B;C;z) = (1−z)^(C−A−B) ₂F₁(C−A,C−B;C;z) turns it
    /// into 1 − (1−z)^(a−1) · ₂F₁(a+b−1−r, a−1; a+b+x−1; z), whose terms shrink
    /// from the first, faster the more purchases, and whose power no longer
    /// depends on x. Callers with many customers compute it once per (x, T).
    pub fn expected_tail(&self, x: f64, age: f64, t: f64) -> f64 {
        let BgNbd { r, alpha, a, b } = *self;
        let z = t / (alpha + age + t);
        1.0 - (1.0 - z).powf(a - 1.0) * hyp2f1(a + b - 1.0 - r, a - 1.0, a + b + x - 1.0, z)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_few_customers_are_refused() {
        let c = Rfm {
            frequency: 1.0,
            recency: 2.0,
            age: 5.0,
        };
        assert!(matches!(BgNbd::fit(&[c; 5]), Err(FitError::TooFew { .. })));
    }

    #[test]
    fn a_one_time_buyer_is_certainly_alive_and_recent_buyers_more_than_lapsed() {
        let m = BgNbd {
            r: 0.243,
            alpha: 4.414,
            a: 0.793,
            b: 2.426,
        };
        let once = Rfm {
            frequency: 0.0,
            recency: 0.0,
            age: 38.0,
        };
        assert_eq!(m.p_alive(&once), 1.0);
        let recent = Rfm {
            frequency: 5.0,
            recency: 37.0,
            age: 38.0,
        };
        let lapsed = Rfm { recency: 5.0, ..recent };
        assert!(m.p_alive(&recent) > 0.85 && m.p_alive(&lapsed) < 0.01);
        assert!(m.expected_purchases(&recent, 39.0) > m.expected_purchases(&lapsed, 39.0));
    }
}
