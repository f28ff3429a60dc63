//! Predictive lifetime value for a ledger's customers: BG/NBD fitted on their
//! purchase days, Gamma-Gamma on the profit per purchase of repeat buyers, and
//! the expected profit of the coming years discounted to today.
//!
//! Time is counted in days: a customer's age T runs from the first purchase to
//! the period's last day, t_x to the last purchase, x is purchases after the
//! first. Future purchases are summed per year of the horizon (the last year
//! pro rata), each year's discounted at its middle, `(1 + rate)^−(k − ½)`. A
//! customer whose purchases made no profit on average is credited no future
//! profit.
//!
//! Above [`FIT_SAMPLE`] customers, the models are fitted on an evenly spread
//! sample of them (maximum likelihood needs no more; the predictions still cover
//! everyone), which keeps a 50,000-customer ledger fast.

use crate::fxhash::FxHashMap;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{BgNbd, FitError, GammaGamma, Rfm, SpendSummary};
use crate::metrics::CustomerMetrics;

/// Customers at most in a fit.
pub const FIT_SAMPLE: usize = 800;

/// Default horizon, years.
pub const DEFAULT_HORIZON_YEARS: f64 = 3.0;
/// Default annual discount rate.
pub const DEFAULT_DISCOUNT_RATE: f64 = 0.10;

/// The fitted models and settings, stated in the export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PredictiveClv {
    /// Years of future purchases counted.
    pub horizon_years: f64,
    /// Annual discount rate.
    pub discount_rate: f64,
    /// BG/NBD r, α (per day), a, b.
    pub bgnbd: [f64; 4],
    /// Gamma-Gamma p, q, v.
    pub gamma_gamma: [f64; 3],
    /// Customers the BG/NBD fit used.
    pub fitted: usize,
    /// Repeat buyers the Gamma-Gamma fit used.
    pub spend_fitted: usize,
    /// Customers left out of the Gamma-Gamma fit (one purchase, or no profit).
    pub spend_excluded: usize,
}

/// Why the predictive model was not used (the simple estimate was).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ClvFallback {
    /// The ledger has no purchase dates (e.g. a customer summary).
    NoDates,
    /// Too few customers or repeat buyers to fit.
    TooFew {
        /// Usable.
        have: usize,
        /// Needed.
        need: usize,
    },
    /// The fit did not converge, or gave values that are not usable.
    NotConverged,
}

fn days(a: NaiveDate, b: NaiveDate) -> f64 {
    (b - a).num_days() as f64
}

fn sample<T: Copy>(v: &[T]) -> Vec<T> {
    if v.len() <= FIT_SAMPLE {
        return v.to_vec();
    }
    (0..FIT_SAMPLE).map(|i| v[i * v.len() / FIT_SAMPLE]).collect()
}

/// What the models expect of one customer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prediction {
    /// Expected profit over the horizon, discounted.
    pub future_profit: f64,
    /// Expected purchases over the horizon (BG/NBD).
    pub purchases: f64,
    /// Probability the customer is still active at the end of the period (BG/NBD).
    pub p_alive: f64,
}

/// What the models expect of each customer (in `customers` order).
///
/// # Errors
/// Why the predictive model cannot be used for this ledger.
pub fn predict(
    customers: &[CustomerMetrics],
    period_end: Option<NaiveDate>,
    horizon_years: f64,
    discount_rate: f64,
) -> Result<(Vec<Prediction>, PredictiveClv), ClvFallback> {
    let end = period_end.ok_or(ClvFallback::NoDates)?;
    let mut histories = Vec::with_capacity(customers.len());
    for c in customers {
        let (Some(first), Some(last), Some(f)) = (c.first_purchase, c.last_purchase, c.frequency) else {
            return Err(ClvFallback::NoDates);
        };
        let x = f.saturating_sub(1) as f64;
        histories.push(Rfm {
            frequency: x,
            recency: if x > 0.0 { days(first, last) } else { 0.0 },
            age: days(first, end).max(days(first, last)),
        });
    }
    let fit = BgNbd::fit(&sample(&histories)).map_err(|e| match e {
        FitError::TooFew { have, need } => ClvFallback::TooFew { have, need },
        FitError::NotConverged => ClvFallback::NotConverged,
    })?;
    let spends: Vec<SpendSummary> = customers
        .iter()
        .filter_map(|c| {
            let f = c.frequency? as f64;
            let profit = c.profit?;
            (f >= 2.0).then_some(SpendSummary {
                frequency: f,
                mean: profit / f,
            })
        })
        .collect();
    let gg = GammaGamma::fit(&sample(&spends)).map_err(|e| match e {
        FitError::TooFew { have, need } => ClvFallback::TooFew { have, need },
        FitError::NotConverged => ClvFallback::NotConverged,
    })?;
    let model = fit.model;
    // Year ends of the horizon (the last one may be partial), in days.
    let mut ends: Vec<f64> = (1..=horizon_years.ceil().max(1.0) as usize)
        .map(|k| (k as f64).min(horizon_years) * 365.25)
        .collect();
    ends.dedup();
    // The costly series depends only on (x, T), which many customers share:
    // compute it once per distinct pair, spread over the cores.
    let mut slot: FxHashMap<(u64, u64), usize> = FxHashMap::default();
    let mut keys: Vec<(f64, f64)> = Vec::new();
    let slots: Vec<usize> = histories
        .iter()
        .map(|h| {
            *slot.entry((h.frequency.to_bits(), h.age.to_bits())).or_insert_with(|| {
                keys.push((h.frequency, h.age));
                keys.len() - 1
            })
        })
        .collect();
    let tails = parallel_map(&keys, |&(x, age)| {
        ends.iter()
            .map(|&t| model.expected_tail(x, age, t))
            .collect::<Vec<f64>>()
    });
    let future: Vec<Prediction> = customers
        .iter()
        .zip(&histories)
        .zip(&slots)
        .map(|((c, h), &k)| {
            let scale = model.expected_scale(h);
            let purchases = scale * tails[k].last().copied().unwrap_or(0.0);
            let p_alive = model.p_alive(h);
            let f = c.frequency.unwrap_or(1).max(1) as f64;
            let mean = c.profit.unwrap_or(0.0) / f;
            if mean <= 0.0 {
                return Prediction {
                    future_profit: 0.0,
                    purchases,
                    p_alive,
                };
            }
            let spend = gg.model.expected_spend(&SpendSummary { frequency: f, mean });
            let (mut before, mut start, mut value) = (0.0, 0.0, 0.0);
            for (&end, tail) in ends.iter().zip(&tails[k]) {
                let e = scale * tail;
                let middle = (start + end) / 2.0 / 365.25;
                value += (e - before).max(0.0) * spend / (1.0 + discount_rate).powf(middle);
                before = e;
                start = end;
            }
            Prediction {
                future_profit: value,
                purchases,
                p_alive,
            }
        })
        .collect();
    let usable = |v: f64| v.is_finite() && v >= 0.0;
    if future
        .iter()
        .any(|p| !usable(p.future_profit) || !usable(p.purchases) || !(0.0..=1.0).contains(&p.p_alive))
    {
        return Err(ClvFallback::NotConverged);
    }
    Ok((
        future,
        PredictiveClv {
            horizon_years,
            discount_rate,
            bgnbd: [model.r, model.alpha, model.a, model.b],
            gamma_gamma: [gg.model.p, gg.model.q, gg.model.v],
            fitted: fit.customers,
            spend_fitted: gg.customers,
            spend_excluded: customers.len() - gg.customers,
        },
    ))
}

/// `f` over `items` on up to 8 threads, in order.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let chunk = items.len().div_ceil(threads).max(1);
    let f = &f;
    std::thread::scope(|scope| {
        let jobs: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        jobs.into_iter()
            .flat_map(|j| j.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}
