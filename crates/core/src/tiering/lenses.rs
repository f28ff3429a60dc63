//! The documents' other value lenses, per customer, beside the tiers:
//!
//! - **CLV quadrant** (customer-differentiation-rfm-clv.txt): current value
//!   (historical profit, or sales without profit figures) × future value (the
//!   CLV's expected future part), each high when at or above the median:
//!   high/high VIP, low current/high future 改进, high current/low future 维持,
//!   low/low 放弃.
//! - **Value matrix** (customer-planning-value-matrix.txt): current value × potential,
//!   giving the account level and its coverage. Potential is a 0–100 score:
//!   the percentile of the future value (of the purchase frequency when there is
//!   no CLV), blended with the percentile of growth by `growth_weight` (30%);
//!   growth is the second half's share of the customer's sales in the period
//!   (50% flat, 100% bought only lately), neutral without dates. High potential
//!   is at or above the median score. Levels: 重要客户 Major (1:1), 次重要客户 Named (1:few, high
//!   current, low potential), 一般重要客户 Non-named (1:many, low current, high
//!   potential), 不重要客户 Mass-market (call-centre).
//! - **Relationship stage** (key-account-management.txt): 退化期 decline when the last
//!   purchase is more than `dormant_days` ago, or when purchases are falling — the
//!   second half of the period has at most (1 − `decline_drop`) of the first
//!   half's purchases, with at least 4 in the first; else 考察期 exploration for a single
//!   purchase or a relationship younger than `exploration_days`; 稳定期 maturity
//!   for at least the median repeat buyer's purchases over at least twice
//!   `exploration_days`; 形成期 build-up otherwise.
//! - **Loyalty × value grid** (the HSBC case): E inactive (no purchase for more
//!   than `dormant_days`), G potential (no positive purchases in the period), F
//!   possible (a single purchase so far), else loyalty is high for a repeat buyer
//!   with at least the median repeat buyer's purchases over at least twice
//!   `exploration_days` who buys steadily — the gaps between purchase days vary
//!   by at most `regularity_cv` of their mean (checked from three purchase
//!   days) — and value is high at or above the median current value:
//!   A high/high, B low loyalty/high value, C high loyalty/low value, D low/low.
//! - **Profit quality and credit risk**: the unpaid balance (应收/欠款/未回款
//!   column) as a share of sales, and its age: days from the oldest sale with an
//!   unpaid balance to the end of the period. A customer is flagged for large
//!   arrears above `arrears_share`, for overdue arrears older than
//!   `overdue_days`, and for low margin when a big buyer (sales at or above the
//!   median) earns less than `low_margin` — 欠款大户 are not VIPs.

use serde::{Deserialize, Serialize};

use crate::metrics::{median, ClvBasis, CustomerMetrics, MetricsSet};
use crate::Lang;

/// The rules' thresholds (editable in the policy).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct LensOptions {
    /// Days without a purchase after which a relationship is in decline (90).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub dormant_days: i64,
    /// A relationship younger than this many days is still being explored (90).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub exploration_days: i64,
    /// Unpaid balance over this share of sales is large arrears (30%).
    pub arrears_share: f64,
    /// A big buyer below this margin is flagged (10%).
    pub low_margin: f64,
    /// Arrears whose oldest unpaid sale is older than this many days are
    /// overdue (90).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub overdue_days: i64,
    /// Weight of growth in the potential score, 0–1 (30%); the rest is future value.
    pub growth_weight: f64,
    /// Loyal buyers' gaps between purchases vary by at most this share of their
    /// mean (coefficient of variation, 1.0: no more irregular than chance).
    pub regularity_cv: f64,
    /// Purchases falling by at least this share from the first half of the
    /// period to the second put a relationship in decline (50%).
    pub decline_drop: f64,
    /// A or B customers whose probability of still being active (predictive
    /// model) is below this are at risk of being lost (流失预警, 50%).
    pub at_risk_alive: f64,
}

impl Default for LensOptions {
    fn default() -> Self {
        LensOptions {
            dormant_days: 90,
            exploration_days: 90,
            arrears_share: 0.3,
            low_margin: 0.1,
            overdue_days: 90,
            growth_weight: 0.3,
            regularity_cv: 1.0,
            decline_drop: 0.5,
            at_risk_alive: 0.5,
        }
    }
}

/// Current × future value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ClvQuadrant {
    /// High current, high future.
    Vip,
    /// Low current, high future: 改进.
    Improve,
    /// High current, low future: 维持.
    Maintain,
    /// Low current, low future: 放弃.
    Drop,
}

/// Account level of the value matrix, with its coverage model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AccountLevel {
    /// 重要客户 (1:1).
    Major,
    /// 次重要客户 (1:few).
    Named,
    /// 一般重要客户 (1:many).
    NonNamed,
    /// 不重要客户 (call-centre).
    Mass,
}

/// Relationship lifecycle stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 考察期.
    Exploration,
    /// 形成期.
    BuildUp,
    /// 稳定期.
    Maturity,
    /// 退化期.
    Decline,
}

/// Loyalty × value grid of the HSBC case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum LoyaltyGrid {
    /// High loyalty, high value.
    A,
    /// Low loyalty, high value.
    B,
    /// High loyalty, low value.
    C,
    /// Low loyalty, low value.
    D,
    /// Inactive.
    E,
    /// Possible: one purchase so far.
    F,
    /// Potential: no positive purchases yet.
    G,
}

impl LoyaltyGrid {
    /// The class with its meaning.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (LoyaltyGrid::A, Lang::Zh) => "A 高忠诚高价值",
            (LoyaltyGrid::A, Lang::En) => "A loyal, high value",
            (LoyaltyGrid::B, Lang::Zh) => "B 低忠诚高价值",
            (LoyaltyGrid::B, Lang::En) => "B not loyal, high value",
            (LoyaltyGrid::C, Lang::Zh) => "C 高忠诚低价值",
            (LoyaltyGrid::C, Lang::En) => "C loyal, low value",
            (LoyaltyGrid::D, Lang::Zh) => "D 低忠诚低价值",
            (LoyaltyGrid::D, Lang::En) => "D not loyal, low value",
            (LoyaltyGrid::E, Lang::Zh) => "E 不活跃",
            (LoyaltyGrid::E, Lang::En) => "E inactive",
            (LoyaltyGrid::F, Lang::Zh) => "F 可能客户",
            (LoyaltyGrid::F, Lang::En) => "F possible",
            (LoyaltyGrid::G, Lang::Zh) => "G 潜在客户",
            (LoyaltyGrid::G, Lang::En) => "G potential",
        }
    }
}

/// One reason a customer's profit quality is flagged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CreditFlag {
    /// Unpaid balance above the set share of sales.
    LargeArrears,
    /// The oldest unpaid sale is older than the set number of days.
    Overdue,
    /// A big buyer with a low margin.
    LowMargin,
}

/// The credit and profit warnings of one customer (any number of them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CreditFlags {
    /// Unpaid balance above the set share of sales.
    pub large_arrears: bool,
    /// The oldest unpaid sale is older than the set number of days.
    pub overdue: bool,
    /// A big buyer with a low margin.
    pub low_margin: bool,
}

impl CreditFlags {
    /// Whether any warning applies.
    pub fn any(self) -> bool {
        self.large_arrears || self.overdue || self.low_margin
    }

    /// Whether this warning applies.
    pub fn has(self, f: CreditFlag) -> bool {
        match f {
            CreditFlag::LargeArrears => self.large_arrears,
            CreditFlag::Overdue => self.overdue,
            CreditFlag::LowMargin => self.low_margin,
        }
    }

    /// The warnings that apply, in a fixed order.
    pub fn list(self) -> impl Iterator<Item = CreditFlag> {
        CreditFlag::ALL.into_iter().filter(move |f| self.has(*f))
    }

    /// The warnings in words, joined ("" without any).
    pub fn describe(self, lang: Lang) -> String {
        self.list()
            .map(|f| f.name(lang))
            .collect::<Vec<_>>()
            .join(lang.pick("、", ", "))
    }
}

/// One customer through the lenses.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Lens {
    /// None without lifetime values.
    pub quadrant: Option<ClvQuadrant>,
    /// Account level.
    pub level: AccountLevel,
    /// None without purchase dates.
    pub stage: Option<Stage>,
    /// Loyalty × value class.
    pub loyalty: LoyaltyGrid,
    /// Unpaid balance / sales, when the ledger has receivables.
    pub unpaid_share: Option<f64>,
    /// Days from the oldest sale with an unpaid balance to the end of the
    /// period, when the ledger has dates and receivables.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub unpaid_age_days: Option<i64>,
    /// Credit and profit warnings.
    pub credit: CreditFlags,
    /// The second half's share of the period's sales (None without dates or
    /// positive sales).
    pub growth: Option<f64>,
    /// Potential score, 0–100 (see the module docs).
    pub potential: f64,
}

impl ClvQuadrant {
    /// The name.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ClvQuadrant::Vip, Lang::Zh) => "VIP",
            (ClvQuadrant::Vip, Lang::En) => "VIP",
            (ClvQuadrant::Improve, Lang::Zh) => "改进",
            (ClvQuadrant::Improve, Lang::En) => "Improve",
            (ClvQuadrant::Maintain, Lang::Zh) => "维持",
            (ClvQuadrant::Maintain, Lang::En) => "Maintain",
            (ClvQuadrant::Drop, Lang::Zh) => "放弃",
            (ClvQuadrant::Drop, Lang::En) => "Drop",
        }
    }
}

impl AccountLevel {
    /// The name with its coverage model.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (AccountLevel::Major, Lang::Zh) => "重要客户（1:1）",
            (AccountLevel::Major, Lang::En) => "Major account (1:1)",
            (AccountLevel::Named, Lang::Zh) => "次重要客户（1:少数）",
            (AccountLevel::Named, Lang::En) => "Named account (1:few)",
            (AccountLevel::NonNamed, Lang::Zh) => "一般重要客户（1:多）",
            (AccountLevel::NonNamed, Lang::En) => "Non-named account (1:many)",
            (AccountLevel::Mass, Lang::Zh) => "不重要客户（呼叫中心）",
            (AccountLevel::Mass, Lang::En) => "Mass-market (call centre)",
        }
    }
}

impl Stage {
    /// The name.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Stage::Exploration, Lang::Zh) => "考察期",
            (Stage::Exploration, Lang::En) => "Exploration",
            (Stage::BuildUp, Lang::Zh) => "形成期",
            (Stage::BuildUp, Lang::En) => "Build-up",
            (Stage::Maturity, Lang::Zh) => "稳定期",
            (Stage::Maturity, Lang::En) => "Maturity",
            (Stage::Decline, Lang::Zh) => "退化期",
            (Stage::Decline, Lang::En) => "Decline",
        }
    }
}

impl CreditFlag {
    /// Every warning, in the order they are listed.
    pub const ALL: [CreditFlag; 3] = [CreditFlag::LargeArrears, CreditFlag::Overdue, CreditFlag::LowMargin];

    /// The warning.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (CreditFlag::LargeArrears, Lang::Zh) => "欠款偏大",
            (CreditFlag::LargeArrears, Lang::En) => "Large arrears",
            (CreditFlag::Overdue, Lang::Zh) => "欠款逾期",
            (CreditFlag::Overdue, Lang::En) => "Overdue arrears",
            (CreditFlag::LowMargin, Lang::Zh) => "大额低毛利",
            (CreditFlag::LowMargin, Lang::En) => "Big buyer, low margin",
        }
    }
}

/// Mid-rank percentiles in (0, 1): the share of values below plus half the
/// share equal, so ties share a percentile. `None`s get 0.5.
fn percentiles(v: &[Option<f64>]) -> Vec<f64> {
    let mut known: Vec<(f64, usize)> = v.iter().enumerate().filter_map(|(i, x)| x.map(|x| (x, i))).collect();
    known.sort_by(|a, b| a.0.total_cmp(&b.0));
    let n = known.len() as f64;
    let mut out = vec![0.5; v.len()];
    let mut i = 0;
    while i < known.len() {
        let mut j = i;
        while j < known.len() && known[j].0 == known[i].0 {
            j += 1;
        }
        let p = (i as f64 + (j - i) as f64 / 2.0) / n;
        for k in &known[i..j] {
            out[k.1] = p;
        }
        i = j;
    }
    out
}

/// The current value of a customer: historical profit, or sales without profit figures.
pub fn current(c: &CustomerMetrics) -> f64 {
    c.profit.unwrap_or(c.sales)
}

/// The future value of a customer: the CLV's expected future part (None without CLV).
pub fn future(c: &CustomerMetrics, basis: &ClvBasis) -> Option<f64> {
    match basis {
        ClvBasis::Given => c.clv.map(|v| v - c.profit.unwrap_or(0.0)),
        _ => c.future_value.or_else(|| Some(c.clv? - c.profit?)),
    }
}

/// The second half's share of a customer's positive sales in the period.
pub fn growth(c: &CustomerMetrics) -> Option<f64> {
    let (h1, h2) = c.rhythm.as_ref()?.sales;
    let (h1, h2) = (h1.max(0.0), h2.max(0.0));
    (h1 + h2 > 0.0).then(|| h2 / (h1 + h2))
}

/// Every customer through the lenses, index-aligned with `m.customers`.
pub fn analyse(m: &MetricsSet, o: &LensOptions) -> Vec<Lens> {
    let cs = &m.customers;
    let cur_med = median(cs.iter().map(current)).unwrap_or(0.0);
    let futures: Vec<Option<f64>> = cs.iter().map(|c| future(c, &m.clv_basis)).collect();
    let fut_med = median(futures.iter().flatten().copied());
    // Potential: future value (frequency without CLV) blended with growth.
    let base = if fut_med.is_some() {
        percentiles(&futures)
    } else {
        percentiles(&cs.iter().map(|c| c.frequency.map(f64::from)).collect::<Vec<_>>())
    };
    let growths: Vec<Option<f64>> = cs.iter().map(growth).collect();
    let w = if growths.iter().any(Option::is_some) {
        o.growth_weight.clamp(0.0, 1.0)
    } else {
        0.0
    };
    // Without lifetime values, frequencies or dates nothing speaks for
    // potential: every customer scores 0 and none is "high potential".
    let informative = fut_med.is_some() || cs.iter().any(|c| c.frequency.is_some()) || w > 0.0;
    let potentials: Vec<f64> = base
        .iter()
        .zip(percentiles(&growths))
        .map(|(b, g)| {
            if informative {
                100.0 * ((1.0 - w) * b + w * g)
            } else {
                0.0
            }
        })
        .collect();
    let pot_med = if informative {
        median(potentials.iter().copied()).unwrap_or(0.0)
    } else {
        f64::INFINITY
    };
    let repeat_med = median(cs.iter().filter_map(|c| c.frequency.filter(|f| *f >= 2).map(f64::from))).unwrap_or(2.0);
    let sales_med = median(cs.iter().map(|c| c.sales)).unwrap_or(0.0);
    let end = m.period_end;
    cs.iter()
        .zip(&futures)
        .zip(growths.into_iter().zip(potentials))
        .map(|((c, fut), (growth, potential))| {
            let high_now = current(c) >= cur_med;
            let quadrant = match (fut, fut_med) {
                (Some(f), Some(med)) => Some(match (high_now, *f >= med) {
                    (true, true) => ClvQuadrant::Vip,
                    (false, true) => ClvQuadrant::Improve,
                    (true, false) => ClvQuadrant::Maintain,
                    (false, false) => ClvQuadrant::Drop,
                }),
                _ => None,
            };
            let level = match (high_now, potential >= pot_med) {
                (true, true) => AccountLevel::Major,
                (true, false) => AccountLevel::Named,
                (false, true) => AccountLevel::NonNamed,
                (false, false) => AccountLevel::Mass,
            };
            let falling = c.rhythm.as_ref().is_some_and(|r| {
                let (first, second) = r.purchases;
                first >= 4 && f64::from(second) <= f64::from(first) * (1.0 - o.decline_drop)
            });
            let stage = match (c.recency_days, c.tenure_days) {
                (Some(rec), Some(tenure)) => Some(if rec > o.dormant_days || falling {
                    Stage::Decline
                } else if c.frequency.unwrap_or(1) <= 1 || tenure <= o.exploration_days {
                    Stage::Exploration
                } else if f64::from(c.frequency.unwrap_or(0)) >= repeat_med && tenure >= 2 * o.exploration_days {
                    Stage::Maturity
                } else {
                    Stage::BuildUp
                }),
                _ => None,
            };
            let steady = c
                .rhythm
                .as_ref()
                .and_then(|r| r.gap_cv)
                .is_none_or(|cv| cv <= o.regularity_cv);
            let loyal = c.frequency.is_some_and(|f| f >= 2 && f64::from(f) >= repeat_med)
                && c.tenure_days.is_some_and(|t| t >= 2 * o.exploration_days)
                && steady;
            let loyalty = if c.sales <= 0.0 {
                LoyaltyGrid::G
            } else if c.recency_days.is_some_and(|r| r > o.dormant_days) {
                LoyaltyGrid::E
            } else if c.frequency.is_some_and(|f| f <= 1) {
                LoyaltyGrid::F
            } else {
                match (loyal, high_now) {
                    (true, true) => LoyaltyGrid::A,
                    (false, true) => LoyaltyGrid::B,
                    (true, false) => LoyaltyGrid::C,
                    (false, false) => LoyaltyGrid::D,
                }
            };
            let unpaid_share = c.receivable.filter(|_| c.sales > 0.0).map(|r| r.max(0.0) / c.sales);
            let unpaid_age_days = match (c.unpaid_since, end) {
                (Some(since), Some(end)) if c.receivable.is_some_and(|r| r > 0.0) => Some((end - since).num_days()),
                _ => None,
            };
            let credit = CreditFlags {
                large_arrears: unpaid_share.is_some_and(|s| s > o.arrears_share),
                overdue: unpaid_age_days.is_some_and(|d| d > o.overdue_days),
                low_margin: c.sales >= sales_med && c.sales > 0.0 && c.margin.is_some_and(|mg| mg < o.low_margin),
            };
            Lens {
                quadrant,
                level,
                stage,
                loyalty,
                unpaid_share,
                unpaid_age_days,
                credit,
                growth,
                potential,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_anything_to_judge_potential_by_no_customer_is_high_potential() {
        use crate::ledger::{LedgerShape, Transaction};
        use crate::metrics::{Aggregator, MetricsOptions};
        let mut agg = Aggregator::new();
        for (id, v) in [("甲", 900.0), ("乙", 500.0), ("丙", 100.0)] {
            agg.add(&Transaction {
                customer: id.into(),
                amount: v,
                ..Transaction::default()
            });
        }
        let m = agg.finish(LedgerShape::CustomerSummary, MetricsOptions::default());
        let lenses = analyse(&m, &LensOptions::default());
        assert!(lenses.iter().all(|l| l.potential == 0.0));
        let levels: Vec<AccountLevel> = lenses.iter().map(|l| l.level).collect();
        assert_eq!(levels, [AccountLevel::Named, AccountLevel::Named, AccountLevel::Mass]);
    }

    #[test]
    fn percentiles_share_ties_and_put_unknowns_in_the_middle() {
        let p = percentiles(&[Some(3.0), Some(1.0), Some(3.0), None, Some(2.0)]);
        assert_eq!(p, vec![0.75, 0.125, 0.75, 0.5, 0.375]);
    }
}
