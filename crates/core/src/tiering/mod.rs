//! Sorting customers into tiers A/B/C by the method a [`TierPolicy`] names.
//!
//! Every method sees the customers sorted by (ranking value desc, customer id asc),
//! so results never depend on the order of the ledger's rows. Manual overrides are
//! applied last and keep the computed tier beside the given one.

mod abc_rank;
mod abc_value;
mod checked;
pub mod lenses;
pub mod params;
pub mod policy;
pub mod rfm;
mod score;
mod share;
pub mod slice;
mod thresholds;

use serde::{Deserialize, Serialize};

use crate::metrics::{CustomerMetrics, MetricsSet};
use crate::Lang;
pub use checked::CheckedPolicy;
pub use policy::{Method, PolicyError, RankMetric, RunSpec, TierPolicy};

/// A customer tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Tier {
    /// 核心客户 / 战略客户.
    A,
    /// 重要客户 / 重点客户.
    B,
    /// 一般客户 / 普通客户.
    C,
}

impl Tier {
    /// A, B, C.
    pub const ALL: [Tier; 3] = [Tier::A, Tier::B, Tier::C];

    /// 0, 1, 2.
    pub fn index(self) -> usize {
        self as usize
    }

    /// `A类客户` (zh) or `A` (en), the table's 客户等级 value.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Tier::A, Lang::Zh) => "A类客户",
            (Tier::B, Lang::Zh) => "B类客户",
            (Tier::C, Lang::Zh) => "C类客户",
            (Tier::A, Lang::En) => "A",
            (Tier::B, Lang::En) => "B",
            (Tier::C, Lang::En) => "C",
        }
    }

    /// Parses `A`, `b`, `A类客户`.
    pub fn parse(s: &str) -> Option<Tier> {
        match s.trim().chars().next()?.to_ascii_uppercase() {
            'A' => Some(Tier::A),
            'B' => Some(Tier::B),
            'C' => Some(Tier::C),
            _ => None,
        }
    }
}

/// One customer's tier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Assignment {
    /// The tier in force (after any override).
    pub tier: Tier,
    /// The tier the method gave.
    pub computed: Tier,
    /// The ranking value (sales or profit).
    pub value: f64,
    /// The score, for `score` and the `points` rule.
    pub score: Option<f64>,
    /// The override reason, when the tier was set by hand.
    pub override_reason: Option<String>,
}

/// Something the user should know about a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum TierNote {
    /// A dimension had no data and was left out.
    DimensionSkipped {
        /// `frequency`, `profit` or `clv`.
        dimension: String,
    },
    /// An override names a customer not in the ledger.
    OverrideUnmatched {
        /// The customer named.
        customer: String,
    },
    /// RFM needs purchase dates, and the ledger has none (a customer summary):
    /// every customer's recency is unknown, so no one reaches A or B.
    RfmWithoutDates,
    /// The ledger has no profit or cost column: 利润贡献 is empty.
    NoProfit,
}

impl TierNote {
    /// The note for people.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (TierNote::DimensionSkipped { dimension }, Lang::Zh) => format!(
                "台账中没有“{}”数据，该维度未参与分级。",
                dimension_label(dimension, lang)
            ),
            (TierNote::DimensionSkipped { dimension }, Lang::En) => format!(
                "The ledger has no {} figures; that dimension was left out.",
                dimension_label(dimension, lang)
            ),
            (TierNote::OverrideUnmatched { customer }, Lang::Zh) => {
                format!("手工调级中的客户 {customer} 不在本台账中，已忽略。")
            }
            (TierNote::OverrideUnmatched { customer }, Lang::En) => {
                format!("Manual tier for {customer} ignored: the customer is not in this ledger.")
            }
            (TierNote::RfmWithoutDates, Lang::Zh) => "RFM 细分需要逐笔交易日期，这份台账没有日期（可能是客户汇总表），无法算出最近购买，所以没有客户进入 A 类或 B 类。请改用 ABC 分类、多维度阈值或加权评分。".into(),
            (TierNote::RfmWithoutDates, Lang::En) => "RFM needs the date of each purchase and this ledger has none (it may be a customer summary), so recency is unknown and no customer reaches A or B. Use ABC, thresholds or the weighted score instead.".into(),
            (TierNote::NoProfit, Lang::Zh) => "台账中没有毛利或成本列，利润贡献为空。如台账有这样的列，请在导入预览中把它设为“毛利”或“成本”。".into(),
            (TierNote::NoProfit, Lang::En) => "The ledger has no profit or cost column, so profit contribution is empty. If it has one, set it to “Profit” or “Cost” in the import preview.".into(),
        }
    }
}

fn dimension_label(d: &str, lang: Lang) -> &'static str {
    match d {
        "frequency" => lang.pick("成交频率", "frequency"),
        "profit" => lang.pick("利润贡献", "profit"),
        "clv" => lang.pick("生命周期价值", "lifetime value"),
        _ => lang.pick("购买力", "sales"),
    }
}

/// The filled tier management table: metrics, tiers and the policy that made them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TierTable {
    /// Customers in sales-rank order, with the period's totals.
    pub metrics: MetricsSet,
    /// Tiers, index-aligned with `metrics.customers`.
    pub assignments: Vec<Assignment>,
    /// Indices into `metrics.customers` in table order: tier, then value desc, then id.
    pub order: Vec<usize>,
    /// The policy used.
    pub policy: CheckedPolicy,
    /// Notes for the user.
    pub notes: Vec<TierNote>,
    /// RFM scores and segments of every customer (whatever the method).
    pub rfm: rfm::RfmResult,
    /// Every customer through the other lenses, index-aligned with the metrics.
    pub lenses: Vec<lenses::Lens>,
}

/// Per-tier totals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TierTotals {
    /// Customers in the tier.
    pub customers: usize,
    /// Net sales.
    pub sales: f64,
    /// Profit (0 when unknown).
    pub profit: f64,
}

impl TierTable {
    /// 流失预警: the A and B customers whose probability of still being active
    /// is below the policy's threshold, biggest buyers first (indices into
    /// `metrics.customers`). Empty without the predictive model.
    pub fn at_risk(&self) -> Vec<usize> {
        let limit = self.policy.lenses.at_risk_alive;
        let mut v: Vec<usize> = (0..self.assignments.len())
            .filter(|&i| self.assignments[i].tier != Tier::C)
            .filter(|&i| self.metrics.customers[i].p_alive.is_some_and(|p| p < limit))
            .collect();
        // Customers are in sales-rank order already; keep it explicit.
        v.sort_by_key(|&i| self.metrics.customers[i].rank);
        v
    }

    /// Rows in table order.
    pub fn rows(&self) -> impl Iterator<Item = (&CustomerMetrics, &Assignment)> + '_ {
        self.order
            .iter()
            .map(move |&i| (&self.metrics.customers[i], &self.assignments[i]))
    }

    /// Totals for A, B and C.
    pub fn totals(&self) -> [TierTotals; 3] {
        let mut t = [TierTotals::default(); 3];
        for (c, a) in self.metrics.customers.iter().zip(&self.assignments) {
            let x = &mut t[a.tier.index()];
            x.customers += 1;
            x.sales += c.sales;
            x.profit += c.profit.unwrap_or(0.0);
        }
        t
    }

    /// Per-tier figures with their shares of all customers, sales and profit:
    /// the one place the tables, charts, report, CLI and app take them from.
    pub fn breakdown(&self) -> Breakdown {
        let totals = self.totals();
        let customers = self.len();
        let sales: f64 = totals.iter().map(|t| t.sales).sum();
        let profit: f64 = totals.iter().map(|t| t.profit).sum();
        Breakdown {
            tiers: Tier::ALL.map(|t| {
                let x = totals[t.index()];
                TierShare {
                    tier: t,
                    customers: x.customers,
                    sales: x.sales,
                    profit: x.profit,
                    customer_share: ratio(x.customers as f64, customers as f64),
                    sales_share: ratio(x.sales, sales),
                    profit_share: ratio(x.profit, profit),
                }
            }),
            customers,
            sales,
            profit,
        }
    }

    /// Number of customers.
    pub fn len(&self) -> usize {
        self.assignments.len()
    }

    /// True when the ledger had no customers.
    pub fn is_empty(&self) -> bool {
        self.assignments.is_empty()
    }
}

/// `part / whole`, or 0 when the whole is 0 (an empty ledger has no shares).
pub fn ratio(part: f64, whole: f64) -> f64 {
    if whole != 0.0 {
        part / whole
    } else {
        0.0
    }
}

/// One tier's figures and their shares of the whole (0 when the whole is 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TierShare {
    /// The tier.
    pub tier: Tier,
    /// Customers.
    pub customers: usize,
    /// Net sales.
    pub sales: f64,
    /// Profit (0 when unknown).
    pub profit: f64,
    /// Share of all customers.
    pub customer_share: f64,
    /// Share of all sales.
    pub sales_share: f64,
    /// Share of all profit.
    pub profit_share: f64,
}

/// The tiers with the totals they share.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Breakdown {
    /// A, B, C.
    pub tiers: [TierShare; 3],
    /// All customers.
    pub customers: usize,
    /// All net sales.
    pub sales: f64,
    /// All profit.
    pub profit: f64,
}

/// A customer as the methods see it.
pub(crate) struct Candidate<'a> {
    pub value: f64,
    pub m: &'a CustomerMetrics,
    /// Position in `metrics.customers`.
    pub index: usize,
}

/// What a method returns for the candidates, in candidate order.
pub(crate) struct MethodResult {
    pub tiers: Vec<Tier>,
    pub scores: Option<Vec<f64>>,
    pub notes: Vec<TierNote>,
}

/// Rounds half up, robust to binary fractions such as 20 × 0.05.
pub(crate) fn round_half_up(x: f64) -> usize {
    (x + 0.5 + 1e-9).floor().max(0.0) as usize
}

/// Tolerance for comparing shares with cut lines, so 80% means 80%.
pub(crate) const EPS: f64 = 1e-9;

/// Tiers the customers of `metrics` by `policy`.
///
/// # Errors
/// An invalid policy, or a ranking metric the ledger has no figures for.
pub fn classify(metrics: MetricsSet, policy: &CheckedPolicy) -> Result<TierTable, PolicyError> {
    if policy.metric == RankMetric::Profit && metrics.total_profit.is_none() {
        return Err(PolicyError::MetricUnavailable {
            metric: "profit".into(),
        });
    }
    let value_of = |c: &CustomerMetrics| match policy.metric {
        RankMetric::Sales => c.sales,
        RankMetric::Profit => c.profit.unwrap_or(0.0),
    };
    let mut by_value: Vec<usize> = (0..metrics.customers.len()).collect();
    by_value.sort_by(|&a, &b| {
        let (x, y) = (&metrics.customers[a], &metrics.customers[b]);
        value_of(y).total_cmp(&value_of(x)).then_with(|| x.id.cmp(&y.id))
    });
    let candidates: Vec<Candidate> = by_value
        .iter()
        .map(|&i| Candidate {
            value: value_of(&metrics.customers[i]),
            m: &metrics.customers[i],
            index: i,
        })
        .collect();
    let rfm = rfm::analyse(&metrics.customers, &policy.rfm);
    let result = match policy.method {
        Method::AbcRank => abc_rank::classify(&candidates, &policy.abc_rank),
        Method::AbcValue => abc_value::classify(&candidates, &policy.abc_value),
        Method::Share => share::classify(&candidates, &policy.share),
        Method::Thresholds => thresholds::classify(&candidates, &metrics, &policy.thresholds),
        Method::Score => score::classify(&candidates, &metrics, &policy.score),
        Method::Rfm => rfm::classify(&candidates, &rfm, &policy.rfm),
    };
    let mut assignments: Vec<Option<Assignment>> = vec![None; metrics.customers.len()];
    for (k, &i) in by_value.iter().enumerate() {
        let tier = result.tiers[k];
        assignments[i] = Some(Assignment {
            tier,
            computed: tier,
            value: candidates[k].value,
            score: result.scores.as_ref().map(|s| s[k]),
            override_reason: None,
        });
    }
    let mut assignments: Vec<Assignment> = assignments
        .into_iter()
        .map(|a| a.expect("every customer is tiered"))
        .collect();
    let mut notes = result.notes;
    if metrics.total_profit.is_none() {
        notes.push(TierNote::NoProfit);
    }
    if policy.method == Method::Rfm && metrics.customers.iter().all(|c| c.recency_days.is_none()) {
        notes.push(TierNote::RfmWithoutDates);
    }
    for o in &policy.run.overrides {
        match metrics.customers.iter().position(|c| c.id == o.customer) {
            Some(i) => {
                assignments[i].tier = o.tier;
                assignments[i].override_reason = Some(o.reason.clone());
            }
            None => notes.push(TierNote::OverrideUnmatched {
                customer: o.customer.clone(),
            }),
        }
    }
    let lenses = lenses::analyse(&metrics, &policy.lenses);
    let mut order: Vec<usize> = by_value;
    order.sort_by_key(|&i| assignments[i].tier);
    Ok(TierTable {
        metrics,
        assignments,
        order,
        policy: policy.clone(),
        notes,
        rfm,
        lenses,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_up_rounding_handles_binary_fractions() {
        assert_eq!(round_half_up(20.0 * 0.05), 1);
        assert_eq!(round_half_up(10.0 * 0.05), 1);
        assert_eq!(round_half_up(30.0 * 0.05), 2);
        assert_eq!(round_half_up(9.0 * 0.05), 0);
    }
}
