//! 模型检验: the predictive model checked on the company's own ledger. The dated
//! period is cut at a date; the models are fitted on the calibration part
//! (customers whose first purchase falls in it, their purchases up to the cut)
//! and predict the holdout; the prediction is then compared with what those
//! customers really bought after the cut — the test Fader, Hardie & Lee make
//! on CDNOW, here on the user's data.
//!
//! Counted: repeat purchases (purchase days, as the models count them) in the
//! holdout, in total and per customer, and their value (undiscounted: the
//! holdout is short). Two series for charts:
//! the weekly cumulative tracking of repeat purchases over the whole period
//! (the calibration part from the model's unconditional expectation for the
//! cohort, the holdout part from each customer's conditional expectation added
//! to the actual count at the cut, so its end is the figure the sentence
//! gives), and calibration-vs-holdout: mean actual against mean predicted
//! holdout purchases by calibration repeat purchases 0, 1, … 7+.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::predict::{fit, per_frequency_and_age, ClvFallback, Fitted, PurchaseLog, ValueBasis, DAYS_PER_UNIT};
use super::special::hyp2f1;
use super::BgNbd;
use crate::{format, Lang};

/// The highest calibration-purchase bucket (7 means 7 or more).
pub const TOP_BUCKET: u32 = 7;

/// One week of the tracking chart.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrackingPoint {
    /// The week's last day.
    pub date: NaiveDate,
    /// Repeat purchases made up to it.
    pub actual: f64,
    /// Repeat purchases the model expects up to it.
    pub predicted: f64,
}

/// Customers with the same number of repeat purchases in the calibration part.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CalibrationBucket {
    /// Repeat purchases in the calibration part ([`TOP_BUCKET`]: that many or more).
    pub purchases: u32,
    /// Customers.
    pub customers: usize,
    /// Mean repeat purchases in the holdout, actual.
    pub actual: f64,
    /// Mean repeat purchases in the holdout, predicted.
    pub predicted: f64,
}

/// The label of a calibration bucket: its purchases, `7+` for the top one.
pub fn bucket_label(purchases: u32) -> String {
    if purchases >= TOP_BUCKET {
        format!("{TOP_BUCKET}+")
    } else {
        purchases.to_string()
    }
}

/// The outcome of a backtest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Backtest {
    /// The period's first day.
    pub start: NaiveDate,
    /// The calibration part's last day.
    pub split: NaiveDate,
    /// The period's last day.
    pub end: NaiveDate,
    /// Whether the split was chosen by the user (false: the last third is the holdout).
    pub split_given: bool,
    /// Customers of the calibration part.
    pub customers: usize,
    /// Customers who first bought in the holdout (not predicted).
    pub new_in_holdout: usize,
    /// Repeat purchases the model predicted for the holdout.
    pub predicted_purchases: f64,
    /// Repeat purchases made in the holdout.
    pub actual_purchases: f64,
    /// (predicted − actual) / actual; None when nothing was bought.
    pub purchases_error: Option<f64>,
    /// Mean over customers of |predicted − actual| purchases.
    pub purchases_mae: f64,
    /// What the values are counted in.
    pub value: ValueBasis,
    /// Value of the holdout's purchases predicted.
    pub predicted_value: f64,
    /// Whether the value per purchase came from the Gamma-Gamma fit (false:
    /// the customers' own mean repeat values, see [`super::PredictiveClv`]).
    pub gamma_gamma: bool,
    /// Value of the holdout's purchases, actual.
    pub actual_value: f64,
    /// (predicted − actual) / actual value.
    pub value_error: Option<f64>,
    /// Mean over customers of |predicted − actual| value.
    pub value_mae: f64,
    /// BG/NBD r, α (weeks), a, b fitted on the calibration part.
    pub bgnbd: [f64; 4],
    /// Weekly cumulative repeat purchases, actual and predicted.
    pub tracking: Vec<TrackingPoint>,
    /// Calibration against holdout by calibration repeat purchases.
    pub buckets: Vec<CalibrationBucket>,
}

/// The model check of a run: done, or why not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ModelCheck {
    /// The backtest's figures.
    Done(Box<Backtest>),
    /// Not possible on this ledger.
    Unavailable {
        /// Why.
        reason: ClvFallback,
    },
}

/// The default split: the last third of the period is the holdout.
pub fn default_split(start: NaiveDate, end: NaiveDate) -> NaiveDate {
    let days = (end - start).num_days();
    start + chrono::Duration::days(days * 2 / 3)
}

/// E[X(t)]: repeat purchases a new customer is expected to make in the `t`
/// model units after their first (the unconditional BG/NBD expectation).
fn unconditional(m: &BgNbd, t: f64) -> f64 {
    if t <= 0.0 {
        return 0.0;
    }
    let BgNbd { r, alpha, a, b } = *m;
    let z = t / (alpha + t);
    // Euler's transformation, as in `BgNbd::expected_tail`.
    (a + b - 1.0) / (a - 1.0) * (1.0 - (1.0 - z).powf(a - 1.0) * hyp2f1(a + b - 1.0 - r, a - 1.0, a + b - 1.0, z))
}

/// Backtests the model on `log` over `[start, end]`, split after `split`
/// (None: [`default_split`]).
///
/// # Errors
/// Why it cannot be done: no dates, a split outside the period, too few
/// customers in the calibration part, or a fit that fails there.
pub fn backtest(
    log: &PurchaseLog,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    split: Option<NaiveDate>,
    value: ValueBasis,
) -> Result<Backtest, ClvFallback> {
    let (Some(start), Some(end)) = (start, end) else {
        return Err(ClvFallback::NoDates);
    };
    let split_given = split.is_some();
    let split = split.unwrap_or_else(|| default_split(start, end)).clamp(start, end);
    let (d_start, d_split, d_end) = (
        start.num_days_from_ce(),
        split.num_days_from_ce(),
        end.num_days_from_ce(),
    );
    let Fitted {
        bgnbd: model,
        gamma_gamma,
        histories,
        ..
    } = fit(log, d_split)?;
    let spend_model = gamma_gamma.ok().map(|(m, _)| m);
    let spend = super::predict::spend_estimator(spend_model, &histories);
    let holdout = f64::from(d_end - d_split) / DAYS_PER_UNIT;
    let (slots, tails) = per_frequency_and_age(&histories, |x, age| model.expected_tail(x, age, holdout));
    // Per calibration customer: predicted and actual holdout purchases and value.
    let (mut predicted, mut actual, mut mae, mut customers) = (0.0, 0.0, 0.0, 0usize);
    let (mut pred_value, mut act_value, mut value_mae) = (0.0, 0.0, 0.0);
    let mut buckets: Vec<CalibrationBucket> = (0..=TOP_BUCKET)
        .map(|purchases| CalibrationBucket {
            purchases,
            customers: 0,
            actual: 0.0,
            predicted: 0.0,
        })
        .collect();
    // Weekly points: the period's week ends, the split and the end included.
    let mut weeks: Vec<i32> = (1..)
        .map(|k| d_start + 7 * k - 1)
        .take_while(|d| *d < d_end)
        .chain([d_split, d_end])
        .collect();
    weeks.sort_unstable();
    weeks.dedup();
    let mut actual_by_day = vec![0.0; (d_end - d_start + 1) as usize];
    let mut first_days = vec![0.0; (d_end - d_start + 1) as usize];
    let mut new_in_holdout = 0;
    for (i, h) in histories.iter().enumerate() {
        let days = log.of(i);
        // The cohort: customers who first bought by the split.
        if let Some(&(first, _)) = days.first().filter(|d| (d_start..=d_split).contains(&d.0)) {
            first_days[(first - d_start) as usize] += 1.0;
            for &(d, _) in days[1..].iter().filter(|d| d.0 <= d_end) {
                actual_by_day[(d - d_start) as usize] += 1.0;
            }
        }
        let (Some(h), Some(k)) = (h, slots[i]) else {
            if !days.is_empty() {
                new_in_holdout += 1;
            }
            continue;
        };
        customers += 1;
        let expect = model.expected_scale(&h.rfm) * tails[k];
        let after: Vec<&(i32, f64)> = days.iter().filter(|d| d.0 > d_split && d.0 <= d_end).collect();
        let bought = after.len() as f64;
        let worth: f64 = after.iter().map(|d| d.1).sum();
        predicted += expect;
        actual += bought;
        mae += (expect - bought).abs();
        let b = &mut buckets[(h.rfm.frequency as u32).min(TOP_BUCKET) as usize];
        b.customers += 1;
        b.actual += bought;
        b.predicted += expect;
        let spend = if h.mean > 0.0 { spend(h) } else { 0.0 };
        pred_value += expect * spend;
        value_mae += (expect * spend - worth).abs();
        act_value += worth;
    }
    for b in &mut buckets {
        if b.customers > 0 {
            b.actual /= b.customers as f64;
            b.predicted /= b.customers as f64;
        }
    }
    buckets.retain(|b| b.customers > 0);
    let tracking = tracking(
        &model,
        &histories,
        &weeks,
        d_start,
        d_split,
        &actual_by_day,
        &first_days,
    );
    let share = |p: f64, a: f64| (a > 0.0).then(|| (p - a) / a);
    let per = |v: f64| if customers > 0 { v / customers as f64 } else { 0.0 };
    Ok(Backtest {
        start,
        split,
        end,
        split_given,
        customers,
        new_in_holdout,
        predicted_purchases: predicted,
        actual_purchases: actual,
        purchases_error: share(predicted, actual),
        purchases_mae: per(mae),
        value,
        predicted_value: pred_value,
        gamma_gamma: spend_model.is_some(),
        actual_value: act_value,
        value_error: share(pred_value, act_value),
        value_mae: per(value_mae),
        bgnbd: [model.r, model.alpha, model.a, model.b],
        tracking,
        buckets,
    })
}

/// The weekly cumulative series (see the module docs).
fn tracking(
    model: &BgNbd,
    histories: &[Option<super::predict::History>],
    weeks: &[i32],
    d_start: i32,
    d_split: i32,
    actual_by_day: &[f64],
    first_days: &[f64],
) -> Vec<TrackingPoint> {
    let unit = |days: i32| f64::from(days) / DAYS_PER_UNIT;
    // E[X(t)] once per day offset, and the cohort's first days as counts.
    let span = actual_by_day.len();
    let expected: Vec<f64> = (0..span as i32).map(|d| unconditional(model, unit(d))).collect();
    let mut cum_actual = 0.0;
    let mut counted = 0usize;
    let mut at_split = 0.0;
    // Holdout: each calibration customer's conditional expectation, per (x, T)
    // and week, scaled by its P(alive) part.
    let holdout_weeks: Vec<i32> = weeks.iter().copied().filter(|w| *w > d_split).collect();
    let (slots, tails) = per_frequency_and_age(histories, |x, age| {
        holdout_weeks
            .iter()
            .map(|w| model.expected_tail(x, age, unit(w - d_split)))
            .collect::<Vec<f64>>()
    });
    let mut conditional = vec![0.0; holdout_weeks.len()];
    for (h, k) in histories.iter().zip(&slots) {
        if let (Some(h), Some(k)) = (h, k) {
            let scale = model.expected_scale(&h.rfm);
            for (c, t) in conditional.iter_mut().zip(&tails[*k]) {
                *c += scale * t;
            }
        }
    }
    let mut out = Vec::with_capacity(weeks.len());
    for &w in weeks {
        let upto = (w - d_start) as usize + 1;
        cum_actual += actual_by_day[counted..upto.min(span)].iter().sum::<f64>();
        counted = upto.min(span);
        let predicted = if w <= d_split {
            let p: f64 = first_days[..upto.min(span)]
                .iter()
                .enumerate()
                .filter(|(_, n)| **n > 0.0)
                .map(|(d, n)| n * expected[(w - d_start) as usize - d])
                .sum();
            if w == d_split {
                at_split = cum_actual;
            }
            p
        } else {
            let j = holdout_weeks.iter().position(|h| *h == w).unwrap_or(0);
            at_split + conditional[j]
        };
        out.push(TrackingPoint {
            date: NaiveDate::from_num_days_from_ce_opt(w).unwrap_or_default(),
            actual: cum_actual,
            predicted,
        });
    }
    out
}

/// A span of days in words: months from about two months up, else weeks.
fn span(days: i64, lang: Lang) -> String {
    let months = (days as f64 / 30.44).round() as i64;
    match (months >= 2, lang) {
        (true, Lang::Zh) => format!("{months} 个月"),
        (true, Lang::En) => format!("{months} months"),
        (false, Lang::Zh) => format!("{} 周", (days + 3) / 7),
        (false, Lang::En) => format!("{} weeks", (days + 3) / 7),
    }
}

impl Backtest {
    /// The result in one plain sentence, e.g. 用前 12 个月预测后 6 个月：预测复购
    /// 1,240 次，实际 1,310 次，少估 5.3%.
    pub fn sentence(&self, lang: Lang) -> String {
        let before = span((self.split - self.start).num_days() + 1, lang);
        let after = span((self.end - self.split).num_days(), lang);
        let (p, a) = (
            format::group(self.predicted_purchases, 0),
            format::group(self.actual_purchases, 0),
        );
        let off = self.purchases_error.map(|e| (e, format::percent(e.abs())));
        match lang {
            Lang::Zh => {
                let verdict = match off {
                    Some((e, pct)) if e < 0.0 => format!("，少估 {pct}"),
                    Some((_, pct)) => format!("，多估 {pct}"),
                    None => String::new(),
                };
                format!("用前 {before}预测后 {after}：预测复购 {p} 次，实际 {a} 次{verdict}")
            }
            Lang::En => {
                let verdict = match off {
                    Some((e, pct)) if e < 0.0 => format!(", {pct} under"),
                    Some((_, pct)) => format!(", {pct} over"),
                    None => String::new(),
                };
                format!("Fitted on the first {before} to predict the last {after}: {p} repeat purchases predicted, {a} made{verdict}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_default_holdout_is_the_last_third_of_the_period() {
        assert_eq!(default_split(day("2025-01-01"), day("2025-12-31")), day("2025-08-31"));
    }

    #[test]
    fn the_sentence_says_how_far_off_the_prediction_was_in_months() {
        let b = Backtest {
            start: day("2024-01-01"),
            split: day("2024-12-31"),
            end: day("2025-06-30"),
            split_given: true,
            customers: 10,
            new_in_holdout: 0,
            predicted_purchases: 1240.0,
            actual_purchases: 1310.0,
            purchases_error: Some(-70.0 / 1310.0),
            purchases_mae: 0.0,
            value: ValueBasis::Profit,
            predicted_value: 0.0,
            gamma_gamma: true,
            actual_value: 0.0,
            value_error: None,
            value_mae: 0.0,
            bgnbd: [1.0; 4],
            tracking: Vec::new(),
            buckets: Vec::new(),
        };
        assert_eq!(
            b.sentence(Lang::Zh),
            "用前 12 个月预测后 6 个月：预测复购 1,240 次，实际 1,310 次，少估 5.3%"
        );
        assert_eq!(
            b.sentence(Lang::En),
            "Fitted on the first 12 months to predict the last 6 months: 1,240 repeat purchases predicted, 1,310 made, 5.3% under"
        );
    }
}
