//! Predictive lifetime value for a ledger's customers: BG/NBD fitted on their
//! purchase days, Gamma-Gamma on the value of their repeat purchases, and the
//! expected value of the coming years discounted to today.
//!
//! The models count as Fader, Hardie & Lee and the `lifetimes` package do: a
//! customer's purchases are the distinct days they bought on (a dated order of
//! 0 is a purchase: CDNOW's published fit counts its $0 orders), x is the
//! purchases after the first, t_x the weeks from the first to the last, T the
//! weeks from the first to the period's last day. A customer with no purchase
//! at all (only returns) is left out of the fits and counted. Time is in weeks,
//! so the parameters read as the literature's.
//!
//! The Gamma-Gamma part is fitted on the mean value of the repeat purchases
//! (the first purchase excluded) of customers with at least one; the value is
//! profit when the ledger has profit or cost, sales times an assumed margin
//! when the user sets one, else sales (see [`ValueBasis`]). Future purchases
//! are summed per year of the horizon (the last year pro rata), each year's
//! discounted at its middle, `(1 + rate)^−(k − ½)`. A customer whose purchases
//! were worth nothing on average is credited no future value.
//!
//! Every customer is fitted: identical histories are grouped and the fits use
//! analytic gradients, so 50,000 customers cost milliseconds (`cargo bench
//! --bench clv`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{BgNbd, FitError, GammaGamma, Rfm, SpendSummary};
use crate::fxhash::FxHashMap;

/// Default horizon, years.
pub const DEFAULT_HORIZON_YEARS: f64 = 3.0;
/// Default annual discount rate.
pub const DEFAULT_DISCOUNT_RATE: f64 = 0.10;
/// Days in a model time unit (a week).
pub const DAYS_PER_UNIT: f64 = 7.0;

/// What a lifetime value is counted in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ValueBasis {
    /// Gross profit (the ledger's profit, or amount − cost).
    #[default]
    Profit,
    /// Sales (销售额口径): the ledger has no profit or cost.
    Sales,
    /// Sales times a gross margin the user assumed.
    AssumedMargin {
        /// The margin, 0–1.
        margin: f64,
    },
}

impl ValueBasis {
    /// The value of a purchase with this sales amount and profit.
    pub fn value(self, sales: f64, profit: f64) -> f64 {
        match self {
            ValueBasis::Profit => profit,
            ValueBasis::Sales => sales,
            ValueBasis::AssumedMargin { margin } => sales * margin,
        }
    }
}

/// The time unit the model's parameters are stated in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    /// Weeks (this version).
    Week,
    /// Days (runs stored by versions before the full fit).
    #[default]
    Day,
}

/// The fitted models and settings, stated in the export, the app and `--json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PredictiveClv {
    /// Years of future purchases counted.
    pub horizon_years: f64,
    /// Annual discount rate.
    pub discount_rate: f64,
    /// The unit of α and of the histories.
    #[serde(default)]
    pub time_unit: TimeUnit,
    /// What the values are counted in.
    #[serde(default)]
    pub value: ValueBasis,
    /// BG/NBD r, α, a, b.
    pub bgnbd: [f64; 4],
    /// Gamma-Gamma p, q, v (None: it could not be fitted, see `spend_fallback`).
    pub gamma_gamma: Option<[f64; 3]>,
    /// Why the Gamma-Gamma part was not used: the value of a future purchase is
    /// then the customer's own mean repeat value (the population's mean for a
    /// one-time buyer), the limit the model tends to when values barely vary.
    #[serde(default)]
    pub spend_fallback: Option<ClvFallback>,
    /// Customers the BG/NBD fit used.
    pub fitted: usize,
    /// Customers left out of both fits: no purchase at all (only returns).
    #[serde(default)]
    pub left_out: usize,
    /// Repeat buyers the Gamma-Gamma fit used.
    pub spend_fitted: usize,
    /// Customers left out of the Gamma-Gamma fit (no repeat purchase, or repeat
    /// purchases worth nothing).
    pub spend_excluded: usize,
}

/// Which of the two models a fallback concerns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ModelPart {
    /// BG/NBD (purchases and activity).
    #[default]
    BgNbd,
    /// Gamma-Gamma (value per purchase).
    GammaGamma,
}

/// Why the predictive model was not used (the simple estimate was).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ClvFallback {
    /// The ledger has no purchase dates (e.g. a customer summary).
    NoDates,
    /// Too few customers (BG/NBD) or repeat buyers with a positive value
    /// (Gamma-Gamma) to fit.
    TooFew {
        /// Usable.
        have: usize,
        /// Needed.
        need: usize,
        /// Which model.
        #[serde(default)]
        model: ModelPart,
    },
    /// The optimiser found no optimum; what it reached.
    FitFailed {
        /// Which model.
        model: ModelPart,
        /// Parameters reached (BG/NBD r, α, a, b; Gamma-Gamma p, q, v); empty
        /// when no finite point was found.
        reached: Vec<f64>,
        /// The log-likelihood there.
        log_likelihood: f64,
    },
    /// The fit succeeded but a prediction is not a finite number.
    Numeric {
        /// The first customer concerned.
        customer: String,
    },
    /// Runs stored by earlier versions: the fit did not converge.
    NotConverged,
}

impl ClvFallback {
    fn from_fit(model: ModelPart, e: FitError) -> Self {
        match e {
            FitError::TooFew { have, need } => ClvFallback::TooFew { have, need, model },
            FitError::NotConverged {
                reached,
                log_likelihood,
            } => ClvFallback::FitFailed {
                model,
                reached,
                log_likelihood,
            },
        }
    }
}

/// One customer's purchase days with the value bought on each, as the models
/// count purchases (see the module docs).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PurchaseLog {
    /// (day number from the common era, value), by customer then day.
    days: Vec<(i32, f64)>,
    /// Customer i's days are `days[starts[i]..starts[i + 1]]`.
    starts: Vec<usize>,
}

impl PurchaseLog {
    /// From (customer index, day, value) entries in any order, several per day
    /// allowed; `customers` is the number of customers (some may have none).
    pub fn new(entries: Vec<(u32, i32, f64)>, customers: usize) -> Self {
        Self::build(customers, || entries.iter().copied())
    }

    /// The same from an iterator made twice: once to count each customer's
    /// entries, once to place them, so a million orders need one buffer of
    /// their size and no sort of the whole (each customer's days are sorted
    /// in place, then days bought on twice are summed).
    pub fn build<I: Iterator<Item = (u32, i32, f64)>>(customers: usize, entries: impl Fn() -> I) -> Self {
        let mut starts = vec![0usize; customers + 1];
        for (c, _, _) in entries() {
            starts[c as usize + 1] += 1;
        }
        for i in 0..customers {
            starts[i + 1] += starts[i];
        }
        let mut next = starts.clone();
        let mut days = vec![(0i32, 0.0f64); starts[customers]];
        for (c, day, value) in entries() {
            let at = &mut next[c as usize];
            days[*at] = (day, value);
            *at += 1;
        }
        // Sort each customer's days and sum repeated days, compacting in place.
        let mut write = 0;
        for c in 0..customers {
            let (from, to) = (starts[c], starts[c + 1]);
            days[from..to].sort_unstable_by_key(|d| d.0);
            starts[c] = write;
            for k in from..to {
                let d = days[k];
                if write > starts[c] && days[write - 1].0 == d.0 {
                    days[write - 1].1 += d.1;
                } else {
                    days[write] = d;
                    write += 1;
                }
            }
        }
        starts[customers] = write;
        days.truncate(write);
        days.shrink_to_fit();
        PurchaseLog { days, starts }
    }

    /// Customers.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Whether there are no customers.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Customer `i`'s purchase days.
    pub fn of(&self, i: usize) -> &[(i32, f64)] {
        &self.days[self.starts[i]..self.starts[i + 1]]
    }
}

/// One customer's history in the models' terms, up to `end` (a day number).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct History {
    pub rfm: Rfm,
    /// Mean value of the repeat purchases (None without one).
    pub repeat_mean: Option<f64>,
    /// Mean value of all purchases.
    pub mean: f64,
}

pub(crate) fn history(days: &[(i32, f64)], end: i32) -> Option<History> {
    let days: &[(i32, f64)] = &days[..days.partition_point(|d| d.0 <= end)];
    let (&(first, first_value), &(last, _)) = (days.first()?, days.last()?);
    let x = (days.len() - 1) as f64;
    let unit = |d: i32| f64::from(d) / DAYS_PER_UNIT;
    let total: f64 = days.iter().map(|d| d.1).sum();
    Some(History {
        rfm: Rfm {
            frequency: x,
            recency: unit(last - first),
            age: unit(end.max(last) - first),
        },
        repeat_mean: (x > 0.0).then(|| (total - first_value) / x),
        mean: total / days.len() as f64,
    })
}

/// What the models expect of one customer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prediction {
    /// Expected value over the horizon, discounted.
    pub future_value: f64,
    /// Expected purchases over the horizon (BG/NBD).
    pub purchases: f64,
    /// Probability the customer is still active at the end of the period (BG/NBD).
    pub p_alive: f64,
}

/// The two fitted models and what they were fitted on.
pub(crate) struct Fitted {
    pub bgnbd: BgNbd,
    /// The Gamma-Gamma fit and the repeat buyers it used, or why it failed.
    pub gamma_gamma: Result<(GammaGamma, usize), ClvFallback>,
    pub histories: Vec<Option<History>>,
    pub fitted: usize,
}

/// Fits both models on the customers' histories up to `end`.
pub(crate) fn fit(log: &PurchaseLog, end: i32) -> Result<Fitted, ClvFallback> {
    let histories: Vec<Option<History>> = (0..log.len()).map(|i| history(log.of(i), end)).collect();
    let rfm: Vec<Rfm> = histories.iter().flatten().map(|h| h.rfm).collect();
    let bg = BgNbd::fit(&rfm).map_err(|e| ClvFallback::from_fit(ModelPart::BgNbd, e))?;
    let spends: Vec<SpendSummary> = histories
        .iter()
        .flatten()
        .filter_map(|h| {
            Some(SpendSummary {
                frequency: h.rfm.frequency,
                mean: h.repeat_mean?,
            })
        })
        .collect();
    let gamma_gamma = GammaGamma::fit(&spends)
        .map(|f| (f.model, f.customers))
        .map_err(|e| ClvFallback::from_fit(ModelPart::GammaGamma, e));
    Ok(Fitted {
        bgnbd: bg.model,
        gamma_gamma,
        fitted: bg.customers,
        histories,
    })
}

/// Values of `f` at each distinct (x, T) of the histories, computed once each
/// (the costly series depends on nothing else) and spread over the cores;
/// returns the per-customer slot into the result.
pub(crate) fn per_frequency_and_age<R: Send>(
    histories: &[Option<History>],
    f: impl Fn(f64, f64) -> R + Sync,
) -> (Vec<Option<usize>>, Vec<R>) {
    let mut slot: FxHashMap<(u64, u64), usize> = FxHashMap::default();
    let mut keys: Vec<(f64, f64)> = Vec::new();
    let slots = histories
        .iter()
        .map(|h| {
            let h = h.as_ref()?;
            Some(
                *slot
                    .entry((h.rfm.frequency.to_bits(), h.rfm.age.to_bits()))
                    .or_insert_with(|| {
                        keys.push((h.rfm.frequency, h.rfm.age));
                        keys.len() - 1
                    }),
            )
        })
        .collect();
    (slots, parallel_map(&keys, |&(x, age)| f(x, age)))
}

/// What the models expect of each customer of the log (None: no purchase),
/// with their fitted parameters.
///
/// # Errors
/// Why the predictive model cannot be used for this ledger, in its true terms.
pub fn predict(
    log: &PurchaseLog,
    ids: &[&str],
    period_end: Option<NaiveDate>,
    value: ValueBasis,
    horizon_years: f64,
    discount_rate: f64,
) -> Result<(Vec<Option<Prediction>>, PredictiveClv), ClvFallback> {
    use chrono::Datelike;
    let end = period_end.ok_or(ClvFallback::NoDates)?.num_days_from_ce();
    let Fitted {
        bgnbd: model,
        gamma_gamma,
        histories,
        fitted,
    } = fit(log, end)?;
    let (gg, spend_fitted, spend_fallback) = match gamma_gamma {
        Ok((gg, n)) => (Some(gg), n, None),
        Err(why) => (None, 0, Some(why)),
    };
    let spend = spend_estimator(gg, &histories);
    let unit_per_year = 365.25 / DAYS_PER_UNIT;
    // Year ends of the horizon (the last one may be partial), in model units.
    let mut ends: Vec<f64> = (1..=horizon_years.ceil().max(1.0) as usize)
        .map(|k| (k as f64).min(horizon_years) * unit_per_year)
        .collect();
    ends.dedup();
    let (slots, tails) = per_frequency_and_age(&histories, |x, age| {
        ends.iter()
            .map(|&t| model.expected_tail(x, age, t))
            .collect::<Vec<f64>>()
    });
    let mut out = Vec::with_capacity(histories.len());
    for (i, (h, k)) in histories.iter().zip(&slots).enumerate() {
        let (Some(h), Some(k)) = (h, k) else {
            out.push(None);
            continue;
        };
        let scale = model.expected_scale(&h.rfm);
        let purchases = scale * tails[*k].last().copied().unwrap_or(0.0);
        let p_alive = model.p_alive(&h.rfm);
        let mut future_value = 0.0;
        if h.mean > 0.0 {
            let spend = spend(h);
            let (mut before, mut start) = (0.0, 0.0);
            for (&end, tail) in ends.iter().zip(&tails[*k]) {
                let e = scale * tail;
                let middle = (start + end) / 2.0 / unit_per_year;
                future_value += (e - before).max(0.0) * spend / (1.0 + discount_rate).powf(middle);
                before = e;
                start = end;
            }
        }
        let usable = |v: f64| v.is_finite() && v >= 0.0;
        if !(usable(future_value) && usable(purchases) && (0.0..=1.0).contains(&p_alive)) {
            return Err(ClvFallback::Numeric {
                customer: ids.get(i).map_or_else(String::new, |s| s.to_string()),
            });
        }
        out.push(Some(Prediction {
            future_value,
            purchases,
            p_alive,
        }));
    }
    let left_out = histories.iter().filter(|h| h.is_none()).count();
    Ok((
        out,
        PredictiveClv {
            horizon_years,
            discount_rate,
            time_unit: TimeUnit::Week,
            value,
            bgnbd: [model.r, model.alpha, model.a, model.b],
            gamma_gamma: gg.map(|g| [g.p, g.q, g.v]),
            spend_fallback,
            fitted,
            left_out,
            spend_fitted,
            spend_excluded: histories.len() - left_out - spend_fitted,
        },
    ))
}

/// The expected value of a customer's future purchase: Gamma-Gamma's, or
/// without it the customer's own mean repeat value (the mean of those means for
/// a customer without repeat purchases).
pub(crate) fn spend_estimator(gg: Option<GammaGamma>, histories: &[Option<History>]) -> impl Fn(&History) -> f64 {
    let means: Vec<f64> = histories
        .iter()
        .flatten()
        .filter_map(|h| h.repeat_mean)
        .filter(|m| *m > 0.0)
        .collect();
    let population = if means.is_empty() {
        let all: Vec<f64> = histories.iter().flatten().map(|h| h.mean.max(0.0)).collect();
        all.iter().sum::<f64>() / all.len().max(1) as f64
    } else {
        means.iter().sum::<f64>() / means.len() as f64
    };
    move |h: &History| match gg {
        Some(gg) => gg.expected_spend(&SpendSummary {
            frequency: h.rfm.frequency,
            mean: h.repeat_mean.unwrap_or(0.0),
        }),
        None => h.repeat_mean.filter(|m| *m > 0.0).unwrap_or(population),
    }
}

/// `f` over `items` on up to 8 threads, in order.
pub(crate) fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_purchase_log_sums_the_value_of_one_day_and_keeps_customers_without_purchases() {
        let log = PurchaseLog::new(vec![(2, 10, 5.0), (0, 3, 1.0), (0, 3, 2.0), (0, 1, 4.0)], 3);
        assert_eq!(log.of(0), &[(1, 4.0), (3, 3.0)]);
        assert!(log.of(1).is_empty());
        assert_eq!(log.of(2), &[(10, 5.0)]);
    }

    #[test]
    fn the_repeat_mean_leaves_the_first_purchase_out() {
        let h = history(&[(0, 100.0), (7, 10.0), (14, 20.0), (70, 99.0)], 21).unwrap();
        assert_eq!(h.rfm.frequency, 2.0, "the day after the end is not counted");
        assert_eq!((h.rfm.recency, h.rfm.age), (2.0, 3.0), "in weeks");
        assert_eq!(h.repeat_mean, Some(15.0));
        assert_eq!(history(&[(30, 1.0)], 21), None, "no purchase by the end");
    }
}
