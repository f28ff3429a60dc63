//! Per-customer metrics over a period, aggregated as transactions stream in.
//!
//! Definitions (the table's columns):
//! - 购买力 purchasing power: net amount (returns subtract).
//! - 成交频率 frequency: distinct orders with a positive net amount when there is an
//!   order-id column, else distinct days with a positive net amount; a return is
//!   never a purchase. Summary ledgers: the ledger's own count.
//! - 利润贡献 profit: net gross profit (given, or amount − cost).
//! - recency: days from the day after the period's last date back to the last
//!   purchase (bought on the last day → 1).
//! - 生命周期价值 CLV: see [`ClvBasis`].
//!
//! The module holds the metrics' types; [`Aggregator`] (in `aggregate`) builds
//! them from the rows as they stream past, merging spellings of one customer
//! and stating how the lifetime values were obtained.

mod aggregate;

pub use aggregate::{fold_key, Aggregator, METRICS_VERSION};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::clv::{ClvFallback, ModelCheck, ValueBasis};
use crate::ledger::{LedgerShape, NameConflict};
use crate::Lang;

/// How the lifetime values were obtained, stated in the export.
///
/// By default the lifetime value is predictive (BG/NBD + Gamma-Gamma, fitted on
/// the ledger's own customers); when the ledger is too small or has no dates, or
/// the fit does not converge, or the retention rate is set by the user, the
/// simple estimate is used and the reason is kept.
///
/// The simple estimate is
/// `CLV = historical profit + max(annual profit, 0) × r / (1 − r)`, where `r / (1 − r)`
/// is the expected number of further years of a customer kept each year with
/// probability `r` (the sum of r^k, k ≥ 1). `r` is the observed retention rate:
/// of the customers who bought in the first half of the period, the share who
/// bought again in the second half, capped at 0.9 (at most 9 further years). With
/// fewer than 10 such customers, or no dates, `r` = 0.6 (1.5 further years) unless
/// the policy sets one. Annual profit is profit scaled to 365 days of the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ClvBasis {
    /// The ledger's own CLV column was used.
    Given,
    /// BG/NBD + Gamma-Gamma: historical value + discounted expected future
    /// value over the horizon (see [`crate::clv::predict`]).
    Predictive(crate::clv::PredictiveClv),
    /// The simple estimate above (on profit, or sales without profit figures).
    Simple {
        /// What the values are counted in.
        #[serde(default)]
        value: ValueBasis,
        /// Retention rate used.
        retention: f64,
        /// Whether it was observed (false: default or set by the user).
        observed: bool,
        /// Expected further years, r / (1 − r).
        further_years: f64,
        /// Why the predictive model was not used (None: the user chose the simple estimate).
        #[serde(default)]
        fallback: Option<crate::clv::ClvFallback>,
    },
    /// No profit figures, no assumed margin and no predictive model: the simple
    /// estimate would only rescale sales, so no lifetime value is given.
    Unavailable {
        /// Why the predictive model (which works in sales) could not be used.
        #[serde(default)]
        fallback: Option<crate::clv::ClvFallback>,
    },
}

/// A generated needs/behaviour description, rendered in the user's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Needs {
    /// Text from the ledger's needs column.
    Given {
        /// The text.
        text: String,
    },
    /// Generated from the metrics.
    Generated {
        /// Frequency at or above the median.
        frequent: bool,
        /// Sales at or above the median.
        large: bool,
        /// Days since the last purchase, when more than 90.
        dormant_days: Option<i64>,
    },
}

impl Needs {
    /// The text for the table.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Needs::Given { text } => text.clone(),
            Needs::Generated {
                frequent,
                large,
                dormant_days,
            } => {
                let base = match (frequent, large, lang) {
                    (true, true, Lang::Zh) => "高频大额",
                    (true, false, Lang::Zh) => "高频小额",
                    (false, true, Lang::Zh) => "低频大额",
                    (false, false, Lang::Zh) => "低频小额",
                    (true, true, Lang::En) => "frequent, large orders",
                    (true, false, Lang::En) => "frequent, small orders",
                    (false, true, Lang::En) => "occasional, large orders",
                    (false, false, Lang::En) => "occasional, small orders",
                };
                match (dormant_days, lang) {
                    (Some(d), Lang::Zh) => format!("{base}；近期未购（{d}天）"),
                    (Some(d), Lang::En) => format!("{base}; no purchase for {d} days"),
                    (None, _) => base.to_string(),
                }
            }
        }
    }
}

/// One customer's metrics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerMetrics {
    /// 客户编号 (the key: id, or name when the ledger has no id column).
    pub id: String,
    /// 客户名称 (the most frequent name for the id).
    pub name: String,
    /// 购买力: net sales in 元.
    pub sales: f64,
    /// 成交频率.
    pub frequency: Option<u32>,
    /// 利润贡献 in 元.
    pub profit: Option<f64>,
    /// 生命周期价值 in 元 (profit, or sales: see [`ClvBasis`]).
    pub clv: Option<f64>,
    /// The expected future part of the lifetime value (None: the ledger's own
    /// CLV column, or none).
    #[serde(default)]
    pub future_value: Option<f64>,
    /// Purchases the predictive model expects over the CLV horizon.
    pub expected_purchases: Option<f64>,
    /// Probability the customer is still active at the end of the period
    /// (predictive model).
    pub p_alive: Option<f64>,
    /// Profit / sales.
    pub margin: Option<f64>,
    /// First purchase date.
    pub first_purchase: Option<NaiveDate>,
    /// Last purchase date.
    pub last_purchase: Option<NaiveDate>,
    /// Days since the last purchase (see module docs).
    pub recency_days: Option<i64>,
    /// Days from the first purchase to the end of the period, inclusive.
    pub tenure_days: Option<i64>,
    /// Sales / frequency.
    pub avg_order_value: Option<f64>,
    /// Quantity bought.
    pub quantity: Option<f64>,
    /// Unpaid balance in 元.
    pub receivable: Option<f64>,
    /// Date of the oldest sale with an unpaid balance (dated ledgers with a
    /// receivable column): the age of the arrears is counted from it.
    pub unpaid_since: Option<NaiveDate>,
    /// How the purchases spread over the period (dated transaction ledgers):
    /// growth, frequency trend and regularity are read from it.
    pub rhythm: Option<Rhythm>,
    /// Lines with a negative amount.
    pub return_lines: u32,
    /// The last salesperson seen.
    pub salesperson: Option<String>,
    /// The products bought in the period (lines naming one), biggest net
    /// sales first: the table filters by them.
    #[serde(default)]
    pub products: Vec<String>,
    /// Share of total sales.
    pub share: f64,
    /// Cumulative share down to this customer, by sales rank.
    pub cumulative_share: f64,
    /// 1-based rank by sales (ties by id).
    pub rank: usize,
    /// 需求和行为模式.
    pub needs: Needs,
}

/// How a customer's purchases spread over the period. The period is cut in two
/// halves of equal days; an order counts on the day of its first line.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Rhythm {
    /// Net sales in the first and the second half.
    pub sales: (f64, f64),
    /// Purchases (orders or days with a positive net amount) in each half.
    pub purchases: (u32, u32),
    /// Mean days between purchase days (None with fewer than two).
    pub mean_gap_days: Option<f64>,
    /// Coefficient of variation of those gaps (None with fewer than three
    /// purchase days): 0 is clockwork, about 1 is as irregular as chance.
    pub gap_cv: Option<f64>,
}

impl Rhythm {
    /// Gap statistics of sorted, distinct purchase days.
    fn gaps(days: &[u32]) -> (Option<f64>, Option<f64>) {
        let gaps = || days.windows(2).map(|w| f64::from(w[1] - w[0]));
        let count = days.len().saturating_sub(1);
        if count == 0 {
            return (None, None);
        }
        let n = count as f64;
        let mean = gaps().sum::<f64>() / n;
        let cv = (count >= 2 && mean > 0.0).then(|| {
            let var = gaps().map(|g| (g - mean).powi(2)).sum::<f64>() / n;
            var.sqrt() / mean
        });
        (Some(mean), cv)
    }
}

/// Every customer of a ledger with the period's totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MetricsSet {
    /// Customers by sales rank.
    pub customers: Vec<CustomerMetrics>,
    /// Shape of the source ledger.
    pub shape: LedgerShape,
    /// First date in the period (from the options or the ledger).
    pub period_start: Option<NaiveDate>,
    /// Last date in the period.
    pub period_end: Option<NaiveDate>,
    /// Net sales of all customers.
    pub total_sales: f64,
    /// Profit of all customers (None: the ledger has no profit figures).
    pub total_profit: Option<f64>,
    /// Whether frequencies are known.
    pub has_frequency: bool,
    /// How CLV was obtained.
    pub clv_basis: ClvBasis,
    /// Ids seen with several names.
    pub name_conflicts: Vec<NameConflict>,
    /// Spellings merged into one customer (full-width forms, brackets, zero
    /// padding, a name without its code), as import findings.
    #[serde(default)]
    pub merged: Vec<crate::confidence::Finding>,
    /// The predictive model checked on this ledger (dated transaction ledgers;
    /// None for customer summaries).
    #[serde(default)]
    pub model_check: Option<ModelCheck>,
}

/// The lifetime-value choices of a policy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct ClvOptions {
    /// Retention rate of the simple estimate (set: the simple estimate is used).
    pub retention: Option<f64>,
    /// Horizon of the predictive CLV, years.
    pub horizon_years: Option<f64>,
    /// Annual discount rate of the predictive CLV.
    pub discount_rate: Option<f64>,
    /// Gross margin assumed for lifetime values of a ledger without profit.
    pub margin: Option<f64>,
    /// Last day of the backtest's calibration part (None: two thirds in).
    pub backtest_split: Option<NaiveDate>,
}

/// Choices for [`Aggregator::finish`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MetricsOptions {
    /// First day of the period (None: the ledger's first date).
    pub period_start: Option<NaiveDate>,
    /// Last day of the period (None: the ledger's last date).
    pub period_end: Option<NaiveDate>,
    /// Retention rate for the CLV estimate (None: observed). Setting it chooses
    /// the simple estimate over the predictive model.
    pub retention: Option<f64>,
    /// Years of future profit in the predictive CLV (None: 3).
    #[serde(default)]
    pub clv_horizon_years: Option<f64>,
    /// Annual discount rate of the predictive CLV (None: 10%).
    #[serde(default)]
    pub clv_discount_rate: Option<f64>,
    /// Gross margin assumed for lifetime values of a ledger without profit
    /// (None: they are stated in sales).
    #[serde(default)]
    pub clv_margin: Option<f64>,
    /// Last day of the backtest's calibration part (None: two thirds in).
    #[serde(default)]
    pub clv_backtest_split: Option<NaiveDate>,
}

impl MetricsOptions {
    /// The options of a period with a policy's lifetime-value choices.
    pub fn new(period_start: Option<NaiveDate>, period_end: Option<NaiveDate>, clv: ClvOptions) -> Self {
        MetricsOptions {
            period_start,
            period_end,
            retention: clv.retention,
            clv_horizon_years: clv.horizon_years,
            clv_discount_rate: clv.discount_rate,
            clv_margin: clv.margin,
            clv_backtest_split: clv.backtest_split,
        }
    }
}

/// The median (the mean of the middle two for an even count); None when empty.
pub(crate) fn median(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let mut v: Vec<f64> = values.into_iter().collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}
