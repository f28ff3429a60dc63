//! The documents' other value lenses, per customer, beside the tiers:
//!
//! - **CLV quadrant** (customer-differentiation-rfm-clv.txt): current value
//!   (historical profit, or sales without profit figures) × future value (the
//!   CLV's expected future part), each high when at or above the median:
//!   high/high VIP, low current/high future 改进, high current/low future 维持,
//!   low/low 放弃.
//! - **Value matrix** (customer-planning-value-matrix.txt): current value × potential
//!   (future value; purchase frequency when there is no CLV), giving the account
//!   level and its coverage: 重要客户 Major (1:1), 次重要客户 Named (1:few, high
//!   current, low potential), 一般重要客户 Non-named (1:many, low current, high
//!   potential), 不重要客户 Mass-market (call-centre).
//! - **Relationship stage** (key-account-management.txt): 退化期 decline when the last
//!   purchase is more than `dormant_days` ago; else 考察期 exploration for a single
//!   purchase or a relationship younger than `exploration_days`; 稳定期 maturity
//!   for at least the median repeat buyer's purchases over at least twice
//!   `exploration_days`; 形成期 build-up otherwise.
//! - **Loyalty × value grid** (the HSBC case): E inactive (no purchase for more
//!   than `dormant_days`), G potential (no positive purchases in the period), F
//!   possible (a single purchase so far), else loyalty is high for a repeat buyer
//!   with at least the median repeat buyer's purchases over at least twice
//!   `exploration_days`, and value is high at or above the median current value:
//!   A high/high, B low loyalty/high value, C high loyalty/low value, D low/low.
//! - **Profit quality and credit risk**: the unpaid balance (应收/欠款/未回款
//!   column) as a share of sales; a customer is flagged for large arrears above
//!   `arrears_share`, and for low margin when a big buyer (sales at or above the
//!   median) earns less than `low_margin` — 欠款大户 are not VIPs.

use serde::{Deserialize, Serialize};

use crate::metrics::{ClvBasis, CustomerMetrics, MetricsSet};
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
}

impl Default for LensOptions {
    fn default() -> Self {
        LensOptions {
            dormant_days: 90,
            exploration_days: 90,
            arrears_share: 0.3,
            low_margin: 0.1,
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

/// Why a customer's profit quality is flagged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CreditFlag {
    /// Unpaid balance above the set share of sales.
    LargeArrears,
    /// A big buyer with a low margin.
    LowMargin,
    /// Both.
    Both,
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
    /// The flag, if any.
    pub credit: Option<CreditFlag>,
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
    /// The warning.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (CreditFlag::LargeArrears, Lang::Zh) => "欠款偏大",
            (CreditFlag::LargeArrears, Lang::En) => "Large arrears",
            (CreditFlag::LowMargin, Lang::Zh) => "大额低毛利",
            (CreditFlag::LowMargin, Lang::En) => "Big buyer, low margin",
            (CreditFlag::Both, Lang::Zh) => "欠款偏大且低毛利",
            (CreditFlag::Both, Lang::En) => "Large arrears, low margin",
        }
    }
}

fn median(mut v: Vec<f64>) -> Option<f64> {
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

fn current(c: &CustomerMetrics) -> f64 {
    c.profit.unwrap_or(c.sales)
}

fn future(c: &CustomerMetrics, basis: &ClvBasis) -> Option<f64> {
    match basis {
        ClvBasis::Given => c.clv.map(|v| v - c.profit.unwrap_or(0.0)),
        _ => Some(c.clv? - c.profit?),
    }
}

/// Every customer through the lenses, index-aligned with `m.customers`.
pub fn analyse(m: &MetricsSet, o: &LensOptions) -> Vec<Lens> {
    let cs = &m.customers;
    let cur_med = median(cs.iter().map(current).collect()).unwrap_or(0.0);
    let futures: Vec<Option<f64>> = cs.iter().map(|c| future(c, &m.clv_basis)).collect();
    let fut_med = median(futures.iter().flatten().copied().collect());
    let freq_med = median(cs.iter().filter_map(|c| c.frequency.map(f64::from)).collect()).unwrap_or(0.0);
    let repeat_med = median(
        cs.iter()
            .filter_map(|c| c.frequency.filter(|f| *f >= 2).map(f64::from))
            .collect(),
    )
    .unwrap_or(2.0);
    let sales_med = median(cs.iter().map(|c| c.sales).collect()).unwrap_or(0.0);
    cs.iter()
        .zip(&futures)
        .map(|(c, fut)| {
            let high_now = current(c) >= cur_med;
            let high_future = match (fut, fut_med) {
                (Some(f), Some(med)) => Some(*f >= med),
                _ => None,
            };
            let quadrant = high_future.map(|hf| match (high_now, hf) {
                (true, true) => ClvQuadrant::Vip,
                (false, true) => ClvQuadrant::Improve,
                (true, false) => ClvQuadrant::Maintain,
                (false, false) => ClvQuadrant::Drop,
            });
            let high_potential = high_future.unwrap_or_else(|| c.frequency.is_some_and(|f| f64::from(f) >= freq_med));
            let level = match (high_now, high_potential) {
                (true, true) => AccountLevel::Major,
                (true, false) => AccountLevel::Named,
                (false, true) => AccountLevel::NonNamed,
                (false, false) => AccountLevel::Mass,
            };
            let stage = match (c.recency_days, c.tenure_days) {
                (Some(rec), Some(tenure)) => Some(if rec > o.dormant_days {
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
            let loyal = c.frequency.is_some_and(|f| f >= 2 && f64::from(f) >= repeat_med)
                && c.tenure_days.is_some_and(|t| t >= 2 * o.exploration_days);
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
            let arrears = unpaid_share.is_some_and(|s| s > o.arrears_share);
            let low_margin = c.sales >= sales_med && c.sales > 0.0 && c.margin.is_some_and(|mg| mg < o.low_margin);
            let credit = match (arrears, low_margin) {
                (true, true) => Some(CreditFlag::Both),
                (true, false) => Some(CreditFlag::LargeArrears),
                (false, true) => Some(CreditFlag::LowMargin),
                (false, false) => None,
            };
            Lens {
                quadrant,
                level,
                stage,
                loyalty,
                unpaid_share,
                credit,
            }
        })
        .collect()
}
