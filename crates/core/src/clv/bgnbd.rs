//! BG/NBD: while active, a customer buys at a Poisson rate λ (gamma-distributed
//! across customers with shape r and rate α); after each purchase they become
//! inactive with probability p (beta-distributed with a, b). From each
//! customer's repeat purchases x, the time of the last one t_x and their age T,
//! it gives the expected purchases in a coming period and P(still active).
//!
//! One-time buyers (x = 0) are part of the fit, as the model defines: they carry
//! the information about how many never come back.

use super::optimize::{nelder_mead, FitError};
use super::special::{hyp2f1, ln_gamma};

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

/// ln Γ(s + x) − ln Γ(s), exactly as a sum of logs for whole x.
fn ln_rising(s: f64, x: f64) -> f64 {
    if x.fract() == 0.0 && (0.0..=24.0).contains(&x) {
        (0..x as usize).map(|k| (s + k as f64).ln()).sum()
    } else {
        ln_gamma(s + x) - ln_gamma(s)
    }
}

/// Fewest customers the fit accepts.
pub const MIN_CUSTOMERS: usize = 20;

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

    /// Maximum-likelihood fit.
    ///
    /// # Errors
    /// Fewer than [`MIN_CUSTOMERS`] customers or no repeat buyer, or no finite optimum.
    pub fn fit(data: &[Rfm]) -> Result<BgNbdFit, FitError> {
        let repeaters = data.iter().filter(|c| c.frequency > 0.0).count();
        if data.len() < MIN_CUSTOMERS || repeaters == 0 {
            return Err(FitError::TooFew {
                have: data.len().min(if repeaters == 0 { 0 } else { data.len() }),
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
        // Customers with the same history contribute the same term: each distinct
        // (x, t_x, T) is evaluated once and weighted by its count (one-time buyers
        // share a handful of ages), which halves the work on real ledgers.
        let mut groups: Vec<(Rfm, f64)> = Vec::new();
        let mut sorted: Vec<Rfm> = data.to_vec();
        sorted.sort_by(|p, q| {
            p.frequency
                .total_cmp(&q.frequency)
                .then(p.recency.total_cmp(&q.recency))
                .then(p.age.total_cmp(&q.age))
        });
        for c in sorted {
            match groups.last_mut() {
                Some((g, n)) if *g == c => *n += 1.0,
                _ => groups.push((c, 1.0)),
            }
        }
        let f = |p: &[f64]| {
            if p.iter().any(|v| v.abs() > 30.0) {
                return f64::INFINITY;
            }
            let m = model(p);
            -groups.iter().map(|(c, n)| n * m.ll_one(c)).sum::<f64>()
        };
        let (p, _) = nelder_mead(&f, &[0.0, 0.0, 0.0, 0.0], 1.0, 4_000)?;
        // A restart from the optimum guards against a collapsed simplex.
        let (p, v) = nelder_mead(&f, &p, 0.05, 800)?;
        let m = model(&p);
        if !(v.is_finite() && m.r.is_finite() && m.alpha.is_finite() && m.a.is_finite() && m.b.is_finite()) {
            return Err(FitError::NotConverged);
        }
        Ok(BgNbdFit {
            model: m,
            log_likelihood: -v,
            customers: data.len(),
        })
    }

    /// The odds term of a repeat buyer: a/(b+x−1) · ((α+T)/(α+t_x))^(r+x).
    fn dropout_odds(&self, c: &Rfm) -> f64 {
        if c.frequency <= 0.0 {
            return 0.0;
        }
        let x = c.frequency;
        (self.a / (self.b + x - 1.0)) * ((self.alpha + c.age) / (self.alpha + c.recency)).powf(self.r + x)
    }

    /// P(the customer is still active at T).
    pub fn p_alive(&self, c: &Rfm) -> f64 {
        1.0 / (1.0 + self.dropout_odds(c))
    }

    /// Expected purchases in the next `t` time units, given the history.
    pub fn expected_purchases(&self, c: &Rfm, t: f64) -> f64 {
        self.expected_scale(c) * self.expected_tail(c.frequency, c.age, t)
    }

    /// The part of [`Self::expected_purchases`] that depends on the recency:
    /// (a+b+x−1)/(a−1) / (1 + dropout odds).
    pub fn expected_scale(&self, c: &Rfm) -> f64 {
        (self.a + self.b + c.frequency - 1.0) / (self.a - 1.0) / (1.0 + self.dropout_odds(c))
    }

    /// The part of [`Self::expected_purchases`] that depends only on the
    /// frequency `x`, the age `T` and the horizon `t`:
    /// 1 − ((α+T)/(α+T+t))^(r+x) · ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t)).
    /// It holds the costly series, so callers with many customers compute it
    /// once per distinct (x, T).
    pub fn expected_tail(&self, x: f64, age: f64, t: f64) -> f64 {
        let BgNbd { r, alpha, a, b } = *self;
        let z = t / (alpha + age + t);
        1.0 - ((alpha + age) / (alpha + age + t)).powf(r + x) * hyp2f1(r + x, b + x, a + b + x - 1.0, z)
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
