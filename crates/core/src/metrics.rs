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

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::clv::{ClvFallback, ModelCheck, PurchaseLog, ValueBasis};
use crate::fxhash::{hash_str, FxHashMap};
use crate::ledger::{LedgerShape, NameConflict, Transaction};
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

#[derive(Default)]
struct Acc {
    key: String,
    /// Rows whose id was written exactly as the key.
    plain: u64,
    /// Other spellings of the key (full-width forms…) with their rows.
    spellings: Vec<(String, u64)>,
    names: Vec<(String, u64)>,
    sales: f64,
    profit: f64,
    profit_lines: u64,
    quantity: Option<f64>,
    receivable: Option<f64>,
    unpaid_since: Option<NaiveDate>,
    needs: Option<String>,
    purchases_given: Option<f64>,
    clv_given: Option<f64>,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
    return_lines: u32,
    salesperson: Option<String>,
}

/// Builds [`MetricsSet`]s from a stream of transactions, in memory proportional to
/// the number of customers and orders, not lines.
#[derive(Default)]
pub struct Aggregator {
    index: FxHashMap<String, u32>,
    acc: Vec<Acc>,
    /// Net amount and day (see [`Basket`]) per (customer, order or day) —
    /// purchases are the positive ones.
    baskets: FxHashMap<(u32, u64), Basket>,
    first_date: Option<NaiveDate>,
    last_date: Option<NaiveDate>,
    any_profit: bool,
    any_purchases: bool,
    any_clv: bool,
    any_basket: bool,
}

/// One order (or day) of a customer: its net amount and profit, whether any
/// line had a non-zero amount, and the day of its first dated line (days from
/// the common era; [`Basket::UNDATED`] without a date).
///
/// Sixteen bytes, as a million orders are held at once: the profit is kept in
/// single precision (an order's profit to ~7 digits; it feeds the models'
/// value per purchase, never a figure of the table, which sums the lines
/// themselves in double precision), and the non-zero flag rides in a spare
/// bit of the day.
#[derive(Clone, Copy)]
struct Basket {
    net: f64,
    profit: f32,
    day_and_flag: i32,
}

impl Basket {
    const UNDATED: i32 = i32::MIN;
    const NONZERO: i32 = 1 << 30;

    fn new(day: i32) -> Self {
        Basket {
            net: 0.0,
            profit: 0.0,
            day_and_flag: day,
        }
    }

    fn day(&self) -> i32 {
        self.day_and_flag & !Self::NONZERO
    }

    fn set_day(&mut self, day: i32) {
        self.day_and_flag = day | (self.day_and_flag & Self::NONZERO);
    }

    fn nonzero(&self) -> bool {
        self.day_and_flag & Self::NONZERO != 0
    }

    fn add(&mut self, net: f64, profit: f64, nonzero: bool) {
        self.net += net;
        self.profit += profit as f32;
        if nonzero {
            self.day_and_flag |= Self::NONZERO;
        }
    }
}

/// Bump when [`CustomerMetrics`] gains a field, so cached metrics of older
/// versions are recomputed rather than read without it.
pub const METRICS_VERSION: u32 = 4;

/// Order keys: the order id's hash with the top bit set, or the day number
/// (top bit clear), so the two never collide.
fn order_key(s: &str) -> u64 {
    hash_str(s) | 1 << 63
}

impl Acc {
    /// Takes in another spelling's rows.
    fn absorb(&mut self, o: Acc) {
        for (s, c) in o.names {
            match self.names.iter_mut().find(|(x, _)| *x == s) {
                Some((_, n)) => *n += c,
                None => self.names.push((s, c)),
            }
        }
        self.plain += o.plain;
        self.spellings.extend(o.spellings);
        self.sales += o.sales;
        self.profit += o.profit;
        self.profit_lines += o.profit_lines;
        let add = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(0.0) + b.unwrap_or(0.0)),
        };
        self.quantity = add(self.quantity, o.quantity);
        self.receivable = add(self.receivable, o.receivable);
        self.purchases_given = add(self.purchases_given, o.purchases_given);
        self.clv_given = add(self.clv_given, o.clv_given);
        let min = |a: Option<NaiveDate>, b: Option<NaiveDate>| a.into_iter().chain(b).min();
        let max = |a: Option<NaiveDate>, b: Option<NaiveDate>| a.into_iter().chain(b).max();
        self.unpaid_since = min(self.unpaid_since, o.unpaid_since);
        self.first = min(self.first, o.first);
        self.last = max(self.last, o.last);
        if self.needs.is_none() {
            self.needs = o.needs;
        }
        if self.salesperson.is_none() {
            self.salesperson = o.salesperson;
        }
        self.return_lines += o.return_lines;
    }
}

impl Aggregator {
    /// An empty aggregator.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one transaction. Customers are keyed by their id folded to one
    /// spelling ([`fold_key`]: full-width forms and brackets), so ＫＨ００１ and
    /// KH001, （南京） and (南京) are one customer.
    pub fn add(&mut self, t: &Transaction) {
        let folded = fold_key(&t.customer);
        let key: &str = folded.as_deref().unwrap_or(&t.customer);
        let i = match self.index.get(key) {
            Some(i) => *i,
            None => {
                let i = self.acc.len() as u32;
                self.index.insert(key.to_string(), i);
                self.acc.push(Acc {
                    key: key.to_string(),
                    ..Default::default()
                });
                i
            }
        };
        let a = &mut self.acc[i as usize];
        if folded.is_some() {
            match a.spellings.iter_mut().find(|(s, _)| *s == t.customer) {
                Some((_, c)) => *c += 1,
                None => a.spellings.push((t.customer.clone(), 1)),
            }
        } else {
            a.plain += 1;
        }
        if let Some(n) = &t.name {
            match a.names.iter_mut().find(|(s, _)| s == n) {
                Some((_, c)) => *c += 1,
                None => a.names.push((n.clone(), 1)),
            }
        }
        a.sales += t.amount;
        if let Some(p) = t.profit {
            a.profit += p;
            a.profit_lines += 1;
            self.any_profit = true;
        }
        if let Some(q) = t.quantity {
            *a.quantity.get_or_insert(0.0) += q;
        }
        if let Some(r) = t.receivable {
            *a.receivable.get_or_insert(0.0) += r;
            if let (true, Some(d)) = (r > 0.0, t.date) {
                a.unpaid_since = Some(a.unpaid_since.map_or(d, |u| u.min(d)));
            }
        }
        if t.needs.is_some() {
            a.needs.clone_from(&t.needs);
        }
        if t.salesperson.is_some() {
            a.salesperson.clone_from(&t.salesperson);
        }
        if let Some(p) = t.purchases {
            *a.purchases_given.get_or_insert(0.0) += p;
            self.any_purchases = true;
        }
        if let Some(c) = t.clv {
            *a.clv_given.get_or_insert(0.0) += c;
            self.any_clv = true;
        }
        if t.amount < 0.0 {
            a.return_lines += 1;
        }
        if let Some(d) = t.date {
            self.first_date = Some(self.first_date.map_or(d, |f| f.min(d)));
            self.last_date = Some(self.last_date.map_or(d, |l| l.max(d)));
            if t.amount > 0.0 {
                a.first = Some(a.first.map_or(d, |f| f.min(d)));
                a.last = Some(a.last.map_or(d, |l| l.max(d)));
            }
        }
        {
            let basket = match (&t.order_id, t.date) {
                (Some(o), _) => Some(order_key(o)),
                (None, Some(d)) => Some(d.num_days_from_ce() as u64),
                (None, None) => None,
            };
            if let Some(b) = basket {
                self.any_basket = true;
                let day = t.date.map_or(Basket::UNDATED, |d| d.num_days_from_ce());
                let e = self.baskets.entry((i, b)).or_insert(Basket::new(day));
                e.add(t.amount, t.profit.unwrap_or(0.0), t.amount != 0.0);
                if e.day() == Basket::UNDATED {
                    e.set_day(day);
                }
            }
        }
    }

    /// Number of customers so far.
    pub fn customers(&self) -> usize {
        self.acc.len()
    }

    /// Computes the metrics. For a customer-summary ledger, frequency is the
    /// ledger's own count, never a count of rows.
    pub fn finish(mut self, shape: LedgerShape, opts: MetricsOptions) -> MetricsSet {
        let merged = self.merge_spellings();
        if shape == LedgerShape::CustomerSummary {
            self.any_basket = false;
            self.baskets.clear();
        }
        let period_start = opts.period_start.or(self.first_date);
        let period_end = opts.period_end.or(self.last_date);
        let mut freq = vec![0u32; self.acc.len()];
        // The period's halves: days before `middle` are the first half.
        let middle = match (period_start, period_end) {
            (Some(s), Some(e)) => Some(s.num_days_from_ce() + ((e - s).num_days() as i32 + 1) / 2),
            _ => None,
        };
        let n = if middle.is_some() { self.acc.len() } else { 0 };
        let mut rhythms: Vec<Option<Rhythm>> = vec![None; n];
        // (customer, purchase day) of every dated purchase, sorted below so each
        // customer's days are one run.
        let mut purchase_days: Vec<u64> = Vec::new();
        let value_basis = match (self.any_profit, opts.clv_margin) {
            (true, _) => ValueBasis::Profit,
            (false, Some(margin)) => ValueBasis::AssumedMargin { margin },
            (false, None) => ValueBasis::Sales,
        };
        for ((i, _), b) in &self.baskets {
            let bought = b.net > 0.0;
            if bought {
                freq[*i as usize] += 1;
            }
            if let (Some(mid), true) = (middle, b.day() != Basket::UNDATED) {
                let r = rhythms[*i as usize].get_or_insert_with(Rhythm::default);
                let (sales, purchases) = if b.day() < mid {
                    (&mut r.sales.0, &mut r.purchases.0)
                } else {
                    (&mut r.sales.1, &mut r.purchases.1)
                };
                *sales += b.net;
                if bought {
                    *purchases += 1;
                    purchase_days.push(u64::from(*i) << 32 | u64::from(b.day() as u32));
                }
            }
        }
        purchase_days.sort_unstable();
        purchase_days.dedup();
        let mut days: Vec<u32> = Vec::new();
        for run in purchase_days.chunk_by(|a, b| a >> 32 == b >> 32) {
            days.clear();
            days.extend(run.iter().map(|k| *k as u32));
            if let Some(r) = rhythms[(run[0] >> 32) as usize].as_mut() {
                (r.mean_gap_days, r.gap_cv) = Rhythm::gaps(&days);
            }
        }
        let mut rhythms = rhythms.into_iter();
        let has_frequency = self.any_basket || self.any_purchases;
        let mut clv_basis = self.clv_basis(period_start, period_end, opts.retention, value_basis);
        let years = match (period_start, period_end) {
            (Some(s), Some(e)) => (((e - s).num_days() + 1) as f64 / 365.0).max(1.0 / 12.0),
            _ => 1.0,
        };
        let mut name_conflicts = Vec::new();
        let mut customers: Vec<CustomerMetrics> = self
            .acc
            .into_iter()
            .zip(freq)
            .map(|(mut a, f)| {
                a.names.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
                if a.names.len() > 1 {
                    name_conflicts.push(NameConflict {
                        customer: a.key.clone(),
                        names: a.names.clone(),
                    });
                }
                let name = a.names.first().map(|n| n.0.clone()).unwrap_or_else(|| a.key.clone());
                let frequency = if self.any_purchases {
                    a.purchases_given.map(|p| p.max(0.0).round() as u32)
                } else if self.any_basket {
                    Some(f)
                } else {
                    None
                };
                let profit = (self.any_profit && a.profit_lines > 0).then_some(a.profit);
                let (clv, future_value) = match &clv_basis {
                    ClvBasis::Given => (a.clv_given, None),
                    ClvBasis::Simple { further_years, .. } => {
                        let value = historical_value(value_basis, a.sales, profit);
                        let future = value.map(|v| (v / years).max(0.0) * further_years);
                        (value.zip(future).map(|(v, f)| v + f), future)
                    }
                    ClvBasis::Unavailable { .. } | ClvBasis::Predictive(_) => (None, None),
                };
                let recency_days = match (period_end, a.last) {
                    (Some(e), Some(l)) => Some((e - l).num_days() + 1),
                    _ => None,
                };
                let tenure_days = match (period_end, a.first) {
                    (Some(e), Some(fst)) => Some((e - fst).num_days() + 1),
                    _ => None,
                };
                CustomerMetrics {
                    id: a.key,
                    name,
                    sales: a.sales,
                    frequency,
                    profit,
                    clv,
                    future_value,
                    expected_purchases: None,
                    p_alive: None,
                    margin: profit.filter(|_| a.sales > 0.0).map(|p| p / a.sales),
                    first_purchase: a.first,
                    last_purchase: a.last,
                    recency_days,
                    tenure_days,
                    avg_order_value: frequency.filter(|f| *f > 0).map(|f| a.sales / f as f64),
                    quantity: a.quantity,
                    receivable: a.receivable,
                    unpaid_since: a.unpaid_since,
                    rhythm: rhythms.next().flatten(),
                    return_lines: a.return_lines,
                    salesperson: a.salesperson,
                    share: 0.0,
                    cumulative_share: 0.0,
                    rank: 0,
                    needs: match a.needs {
                        Some(text) => Needs::Given { text },
                        None => Needs::Generated {
                            frequent: false,
                            large: false,
                            dormant_days: None,
                        },
                    },
                }
            })
            .collect();
        customers.sort_by(|a, b| b.sales.total_cmp(&a.sales).then_with(|| a.id.cmp(&b.id)));
        let total_sales: f64 = customers.iter().map(|c| c.sales).sum();
        let positive: f64 = customers.iter().map(|c| c.sales.max(0.0)).sum();
        let median_sales = median(customers.iter().map(|c| c.sales)).unwrap_or(0.0);
        let median_freq = median(customers.iter().filter_map(|c| c.frequency.map(f64::from))).unwrap_or(0.0);
        let mut cum = 0.0;
        for (i, c) in customers.iter_mut().enumerate() {
            c.rank = i + 1;
            c.share = if positive > 0.0 { c.sales / positive } else { 0.0 };
            cum += c.share;
            c.cumulative_share = cum;
            if let Needs::Generated {
                frequent,
                large,
                dormant_days,
            } = &mut c.needs
            {
                *large = c.sales >= median_sales;
                *frequent = c.frequency.is_some_and(|f| f as f64 >= median_freq);
                *dormant_days = c.recency_days.filter(|d| *d > 90);
            }
        }
        // The models' purchase days, by customer in `customers` order.
        let dated = shape == LedgerShape::Transactions && period_end.is_some();
        // The models' purchases: dated orders with a positive net amount, and
        // dated orders of nothing but zero amounts (a $0 order is a purchase;
        // an order netted to zero by a return is not).
        let log = dated.then(|| {
            let mut order = vec![0u32; customers.len()];
            for (pos, c) in customers.iter().enumerate() {
                order[self.index[c.id.as_str()] as usize] = pos as u32;
            }
            let baskets = &self.baskets;
            PurchaseLog::build(customers.len(), || {
                baskets
                    .iter()
                    .filter(|(_, b)| b.day() != Basket::UNDATED && (b.net > 0.0 || !b.nonzero()))
                    .map(|((i, _), b)| {
                        (
                            order[*i as usize],
                            b.day(),
                            value_basis.value(b.net, f64::from(b.profit)),
                        )
                    })
            })
        });
        // The predictive model replaces the simple estimate unless the user set a
        // retention rate; if it cannot be used, the simple estimate stays and says
        // why. The model check (its own fits) runs beside it on another thread.
        let wanted = opts.retention.is_none() && !matches!(clv_basis, ClvBasis::Given);
        let (predicted, model_check) = std::thread::scope(|scope| {
            let check = log.as_ref().map(|log| {
                scope.spawn(move || {
                    match crate::clv::backtest(log, period_start, period_end, opts.clv_backtest_split, value_basis) {
                        Ok(b) => ModelCheck::Done(Box::new(b)),
                        Err(reason) => ModelCheck::Unavailable { reason },
                    }
                })
            });
            let predicted = wanted.then(|| {
                let horizon = opts.clv_horizon_years.unwrap_or(crate::clv::DEFAULT_HORIZON_YEARS);
                let rate = opts.clv_discount_rate.unwrap_or(crate::clv::DEFAULT_DISCOUNT_RATE);
                let ids: Vec<&str> = customers.iter().map(|c| c.id.as_str()).collect();
                match &log {
                    Some(log) => crate::clv::predict(log, &ids, period_end, value_basis, horizon, rate),
                    None => Err(ClvFallback::NoDates),
                }
            });
            let check = check.map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
            (predicted, check)
        });
        if let (Some(predicted), ClvBasis::Simple { fallback, .. } | ClvBasis::Unavailable { fallback }) =
            (predicted, &mut clv_basis)
        {
            match predicted {
                Ok((future, info)) => {
                    for (c, f) in customers.iter_mut().zip(future) {
                        let value = historical_value(value_basis, c.sales, c.profit);
                        let future = f.map_or(0.0, |f| f.future_value);
                        c.clv = value.map(|v| v + future);
                        c.future_value = Some(future);
                        c.expected_purchases = f.map(|f| f.purchases);
                        c.p_alive = f.map(|f| f.p_alive);
                    }
                    clv_basis = ClvBasis::Predictive(info);
                }
                Err(why) => *fallback = Some(why),
            }
        }
        let total_profit = self.any_profit.then(|| customers.iter().filter_map(|c| c.profit).sum());
        name_conflicts.sort_by(|a, b| a.customer.cmp(&b.customer));
        MetricsSet {
            customers,
            shape,
            period_start,
            period_end,
            total_sales,
            total_profit,
            has_frequency,
            clv_basis,
            name_conflicts,
            merged,
            model_check,
        }
    }

    /// Merges the customers that are one written several ways, and says so:
    /// ids that differ only in full-width forms or brackets (folded already in
    /// [`Self::add`]); an all-digit id and a zero-padded one (123 and 00123)
    /// with the same name; a row keyed by its name (no code) when exactly one
    /// coded customer has that name.
    fn merge_spellings(&mut self) -> Vec<crate::confidence::Finding> {
        use crate::confidence::Finding;
        let n = self.acc.len();
        let top_name = |a: &Acc| {
            a.names
                .iter()
                .max_by(|x, y| x.1.cmp(&y.1).then_with(|| y.0.cmp(&x.0)))
                .map(|(s, _)| fold_key(s).unwrap_or_else(|| s.clone()))
        };
        let names: Vec<Option<String>> = self.acc.iter().map(top_name).collect();
        let mut target: Vec<u32> = (0..n as u32).collect();
        let mut findings = Vec::new();
        // Width folding: several spellings of one key.
        for a in &self.acc {
            let spellings = a.spellings.len() + usize::from(a.plain > 0);
            if spellings >= 2 {
                let mut merged: Vec<String> = a.spellings.iter().map(|(s, _)| s.clone()).collect();
                merged.sort();
                findings.push(Finding::NamesMerged {
                    customer: a.key.clone(),
                    merged,
                });
            }
        }
        // Zero padding, with agreeing names.
        let mut by_digits: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        for (i, a) in self.acc.iter().enumerate() {
            if !a.key.is_empty() && a.key.bytes().all(|b| b.is_ascii_digit()) {
                let stripped = a.key.trim_start_matches('0');
                by_digits
                    .entry(if stripped.is_empty() { "0" } else { stripped })
                    .or_default()
                    .push(i);
            }
        }
        let mut groups: Vec<Vec<usize>> = by_digits.into_values().filter(|g| g.len() > 1).collect();
        groups.sort();
        for g in groups {
            // Keep the spelling with the most rows (the longer on a tie).
            let rows = |i: usize| self.acc[i].names.iter().map(|x| x.1).sum::<u64>() + self.acc[i].plain;
            let keep = *g
                .iter()
                .max_by(|&&x, &&y| {
                    rows(x)
                        .cmp(&rows(y))
                        .then(self.acc[x].key.len().cmp(&self.acc[y].key.len()))
                })
                .unwrap_or(&g[0]);
            let mut merged = Vec::new();
            for &i in &g {
                if i != keep && names[i].is_some() && names[i] == names[keep] {
                    target[i] = keep as u32;
                    merged.push(self.acc[i].key.clone());
                }
            }
            if !merged.is_empty() {
                merged.sort();
                findings.push(Finding::NamesMerged {
                    customer: self.acc[keep].key.clone(),
                    merged,
                });
            }
        }
        // A row without its code: keyed by its name; merged into the one coded
        // customer of that name, or a customer by name.
        let coded: Vec<bool> = self
            .acc
            .iter()
            .zip(&names)
            .map(|(a, nm)| nm.as_deref() != Some(a.key.as_str()))
            .collect();
        let rows = |a: &Acc| a.names.iter().map(|x| x.1).sum::<u64>();
        let coded_rows: u64 = self
            .acc
            .iter()
            .zip(&coded)
            .filter(|(_, c)| **c)
            .map(|(a, _)| rows(a))
            .sum();
        let named_rows: u64 = self
            .acc
            .iter()
            .zip(&coded)
            .filter(|(_, c)| !**c)
            .map(|(a, _)| rows(a))
            .sum();
        // Most rows coded: a ledger with a code column whose clerk left some out.
        if coded_rows > named_rows {
            let mut by_name: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
            for (i, nm) in names.iter().enumerate() {
                if let (true, Some(nm)) = (coded[i], nm) {
                    by_name.entry(nm.as_str()).or_default().push(i);
                }
            }
            let (mut filled, mut by_name_rows) = (0u64, 0u64);
            for i in 0..n {
                if coded[i] || target[i] != i as u32 {
                    continue;
                }
                let rows = self.acc[i].names.iter().map(|x| x.1).sum::<u64>();
                match by_name.get(self.acc[i].key.as_str()).map(Vec::as_slice) {
                    Some([one]) => {
                        target[i] = target[*one];
                        filled += rows;
                    }
                    _ => by_name_rows += rows,
                }
            }
            if filled > 0 {
                findings.push(Finding::IdFromName { rows: filled });
            }
            if by_name_rows > 0 {
                findings.push(Finding::CustomerByName { rows: by_name_rows });
            }
        }
        if target.iter().enumerate().all(|(i, t)| *t == i as u32) {
            return findings;
        }
        // Rebuild the customers and their orders under the kept indices.
        let old = std::mem::take(&mut self.acc);
        let mut slot: Vec<Option<u32>> = vec![None; n];
        let mut fresh: Vec<Acc> = Vec::with_capacity(n);
        let mut parts: Vec<Option<Acc>> = old.into_iter().map(Some).collect();
        for i in 0..n {
            if target[i] as usize == i {
                slot[i] = Some(fresh.len() as u32);
                fresh.push(parts[i].take().unwrap_or_default());
            }
        }
        for i in 0..n {
            let t = target[i] as usize;
            if t != i {
                let to = slot[t].expect("a kept customer") as usize;
                slot[i] = Some(to as u32);
                if let Some(a) = parts[i].take() {
                    fresh[to].absorb(a);
                }
            }
        }
        self.index = fresh
            .iter()
            .enumerate()
            .map(|(i, a)| (a.key.clone(), i as u32))
            .collect();
        self.acc = fresh;
        let baskets = std::mem::take(&mut self.baskets);
        for ((i, k), b) in baskets {
            let to = slot[i as usize].expect("every customer has a slot");
            self.baskets
                .entry((to, k))
                .and_modify(|e| {
                    e.add(b.net, f64::from(b.profit), b.nonzero());
                    if e.day() == Basket::UNDATED || (b.day() != Basket::UNDATED && b.day() < e.day()) {
                        e.set_day(b.day());
                    }
                })
                .or_insert(b);
        }
        findings
    }

    fn clv_basis(
        &self,
        start: Option<NaiveDate>,
        end: Option<NaiveDate>,
        retention: Option<f64>,
        value: ValueBasis,
    ) -> ClvBasis {
        if self.any_clv {
            return ClvBasis::Given;
        }
        if value == ValueBasis::Sales {
            return ClvBasis::Unavailable { fallback: None };
        }
        let simple = |r: f64, observed: bool| {
            let r = r.clamp(0.0, 0.9);
            ClvBasis::Simple {
                value,
                retention: r,
                observed,
                further_years: r / (1.0 - r),
                fallback: None,
            }
        };
        if let Some(r) = retention {
            return simple(r, false);
        }
        if let (Some(s), Some(e)) = (start, end) {
            let mid = s + chrono::Duration::days((e - s).num_days() / 2);
            let early: Vec<&Acc> = self.acc.iter().filter(|a| a.first.is_some_and(|f| f <= mid)).collect();
            if early.len() >= 10 {
                let kept = early.iter().filter(|a| a.last.is_some_and(|l| l > mid)).count();
                return simple(kept as f64 / early.len() as f64, true);
            }
        }
        simple(0.6, false)
    }
}

/// A customer key folded to one spelling (NFKC: full-width letters, digits and
/// brackets to their ASCII forms; surrounding spaces trimmed), or None when it
/// is already so — the common case, checked without allocating.
pub fn fold_key(s: &str) -> Option<String> {
    use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};
    let trimmed = s.trim();
    if s.is_ascii() {
        return (trimmed.len() != s.len()).then(|| trimmed.to_string());
    }
    let needs =
        trimmed.len() != s.len() || is_nfkc_quick(trimmed.chars()) != IsNormalized::Yes || trimmed.contains('\u{3000}');
    if !needs {
        return None;
    }
    let folded: String = trimmed.nfkc().collect::<String>().trim().to_string();
    (folded != s).then_some(folded)
}

/// A customer's historical value on a basis: profit, sales, or sales times the
/// assumed margin (None: profit basis without this customer's profit).
fn historical_value(basis: ValueBasis, sales: f64, profit: Option<f64>) -> Option<f64> {
    match basis {
        ValueBasis::Profit => profit,
        other => Some(other.value(sales, 0.0)),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn t(c: &str, d: &str, amount: f64, order: Option<&str>) -> Transaction {
        Transaction {
            customer: c.into(),
            name: Some(format!("{c}公司")),
            date: Some(NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()),
            amount,
            profit: Some(amount * 0.2),
            order_id: order.map(String::from),
            ..Transaction::default()
        }
    }

    #[test]
    fn sales_split_at_the_middle_of_the_period_and_the_oldest_unpaid_sale_is_kept() {
        let mut a = Aggregator::new();
        // 2025: 365 days, the second half starts on 2 July.
        a.add(&t("C1", "2025-01-01", 100.0, Some("SO1")));
        a.add(&t("C1", "2025-07-01", 200.0, Some("SO2")));
        a.add(&t("C1", "2025-07-02", 400.0, Some("SO3")));
        // An order's lines count on the day of its first line.
        a.add(&t("C1", "2025-06-30", 50.0, Some("SO4")));
        a.add(&t("C1", "2025-07-05", 50.0, Some("SO4")));
        a.add(&Transaction {
            receivable: Some(300.0),
            ..t("C1", "2025-12-31", 300.0, Some("SO5"))
        });
        a.add(&Transaction {
            receivable: Some(80.0),
            ..t("C1", "2025-03-10", 80.0, None)
        });
        a.add(&Transaction {
            receivable: Some(0.0),
            ..t("C1", "2025-02-01", 10.0, None)
        });
        let m = a.finish(LedgerShape::Transactions, MetricsOptions::default());
        let c = &m.customers[0];
        let r = c.rhythm.as_ref().unwrap();
        assert_eq!(r.sales, (100.0 + 200.0 + 100.0 + 80.0 + 10.0, 400.0 + 300.0));
        // SO1, SO2, SO4, the two undated-order days; SO3, SO5.
        assert_eq!(r.purchases, (5, 2));
        assert_eq!(c.unpaid_since, NaiveDate::from_ymd_opt(2025, 3, 10));
    }

    #[test]
    fn purchase_gaps_count_days_not_orders_and_measure_their_steadiness() {
        let mut a = Aggregator::new();
        for (d, o) in [
            ("2025-01-01", "A"),
            ("2025-01-31", "B"),
            ("2025-01-31", "C"),
            ("2025-03-02", "D"),
            ("2025-04-01", "E"),
        ] {
            a.add(&t("C1", d, 100.0, Some(o)));
        }
        // Uneven: gaps of 1, 1 and 88 days.
        for d in ["2025-01-01", "2025-01-02", "2025-01-03", "2025-04-01"] {
            a.add(&t("C2", d, 100.0, None));
        }
        let m = a.finish(LedgerShape::Transactions, MetricsOptions::default());
        let r = |id: &str| m.customers.iter().find(|c| c.id == id).unwrap().rhythm.clone().unwrap();
        assert_eq!(
            r("C1").mean_gap_days,
            Some(30.0),
            "two orders on 31 January are one purchase day"
        );
        assert_eq!(r("C1").gap_cv, Some(0.0), "every 30 days");
        assert_eq!(r("C2").mean_gap_days, Some(30.0));
        assert!(r("C2").gap_cv.unwrap() > 1.0, "{:?}", r("C2").gap_cv);
    }

    #[test]
    fn undated_ledgers_have_no_rhythm() {
        let mut a = Aggregator::new();
        a.add(&Transaction {
            date: None,
            ..t("C1", "2025-01-01", 100.0, Some("SO1"))
        });
        let m = a.finish(LedgerShape::Transactions, MetricsOptions::default());
        assert_eq!(m.customers[0].rhythm, None);
    }

    #[test]
    fn returns_net_off_and_are_not_purchases() {
        let mut a = Aggregator::new();
        a.add(&t("C1", "2025-01-05", 1000.0, Some("SO1")));
        a.add(&t("C1", "2025-02-05", 500.0, Some("SO2")));
        a.add(&t("C1", "2025-02-20", -500.0, Some("SO2")));
        a.add(&t("C1", "2025-03-01", -100.0, Some("RT9")));
        let m = a.finish(LedgerShape::Transactions, MetricsOptions::default());
        let c = &m.customers[0];
        assert_eq!(c.sales, 900.0);
        assert_eq!(c.frequency, Some(1), "SO2 nets to zero, RT9 is a pure return");
        assert_eq!(c.return_lines, 2);
        assert_eq!(c.last_purchase, NaiveDate::from_ymd_opt(2025, 2, 5));
        assert_eq!(c.recency_days, Some(25), "from 2025-03-02 back to 2025-02-05");
    }

    #[test]
    fn without_order_ids_frequency_counts_purchase_days() {
        let mut a = Aggregator::new();
        a.add(&t("C1", "2025-01-05", 10.0, None));
        a.add(&t("C1", "2025-01-05", 20.0, None));
        a.add(&t("C1", "2025-01-06", 20.0, None));
        let m = a.finish(LedgerShape::Transactions, MetricsOptions::default());
        assert_eq!(m.customers[0].frequency, Some(2));
    }

    #[test]
    fn most_frequent_name_wins_and_conflicts_are_reported() {
        let mut a = Aggregator::new();
        let mut x = t("C1", "2025-01-05", 10.0, None);
        a.add(&x);
        a.add(&x);
        x.name = Some("旧名称".into());
        a.add(&x);
        let m = a.finish(LedgerShape::Transactions, MetricsOptions::default());
        assert_eq!(m.customers[0].name, "C1公司");
        assert_eq!(m.name_conflicts.len(), 1);
        assert_eq!(m.name_conflicts[0].names[1], ("旧名称".to_string(), 1));
    }

    #[test]
    fn shares_ranks_and_cumulative_shares_follow_sales() {
        let mut a = Aggregator::new();
        a.add(&t("B", "2025-01-05", 300.0, None));
        a.add(&t("A", "2025-01-05", 300.0, None));
        a.add(&t("C", "2025-01-05", 400.0, None));
        let m = a.finish(LedgerShape::Transactions, MetricsOptions::default());
        let ids: Vec<&str> = m.customers.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["C", "A", "B"], "ties broken by id");
        assert!((m.customers[2].cumulative_share - 1.0).abs() < 1e-12);
        assert!((m.customers[0].share - 0.4).abs() < 1e-12);
    }

    #[test]
    fn simple_clv_adds_expected_future_profit() {
        let mut a = Aggregator::new();
        a.add(&t("C1", "2025-01-01", 1000.0, None));
        a.add(&t("C1", "2025-12-31", 1000.0, None));
        let m = a.finish(
            LedgerShape::Transactions,
            MetricsOptions {
                retention: Some(0.5),
                ..Default::default()
            },
        );
        // profit 400 over one year; r = 0.5 → one further year.
        assert_eq!(m.customers[0].clv, Some(800.0));
    }
}
