//! The tier policy is data: method, parameters, ranking metric, tier names and
//! manual overrides, serialisable to JSON so a company keeps its rules in a file.
//! Presets carry the source documents' defaults.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::params::{Allowed, Param};
use crate::import::{ImportOptions, Period};
use crate::Lang;

use super::Tier;

/// The classification method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// Top 5% of customers A, next 15% B (the documents' ABC by rank).
    #[default]
    AbcRank,
    /// Cumulative share of the metric: A up to 80%, B up to 95%.
    AbcValue,
    /// Share of company sales: ≥ 5% A (战略), 1–5% B (重点), < 1% C (普通).
    Share,
    /// Bands on several dimensions (tier-management-table.txt).
    Thresholds,
    /// Weighted score 0–100.
    Score,
    /// RFM segments, each mapped to a tier.
    Rfm,
}

impl Method {
    /// Every method.
    pub const ALL: [Method; 6] = [
        Method::AbcRank,
        Method::AbcValue,
        Method::Share,
        Method::Thresholds,
        Method::Score,
        Method::Rfm,
    ];

    /// The key used on the command line and in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Method::AbcRank => "abc-rank",
            Method::AbcValue => "abc-value",
            Method::Share => "share",
            Method::Thresholds => "thresholds",
            Method::Score => "score",
            Method::Rfm => "rfm",
        }
    }

    /// Parses a key.
    pub fn parse(s: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.key() == s.trim())
    }

    /// The method's name for people.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Method::AbcRank => lang.pick("ABC 分类（按客户排名）", "ABC by customer rank"),
            Method::AbcValue => lang.pick("ABC 分类（按累计金额占比）", "ABC by cumulative value share"),
            Method::Share => lang.pick("按占公司销售额比例", "Share of company sales"),
            Method::Thresholds => lang.pick("多维度阈值", "Thresholds on several dimensions"),
            Method::Score => lang.pick("加权评分", "Weighted score"),
            Method::Rfm => lang.pick("RFM 客户细分", "RFM segments"),
        }
    }
}

/// What customers are ranked on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RankMetric {
    /// 购买力 (net sales), the default.
    #[default]
    Sales,
    /// 利润贡献.
    Profit,
}

impl RankMetric {
    /// Every metric.
    pub const ALL: [RankMetric; 2] = [RankMetric::Sales, RankMetric::Profit];

    /// The key used on the command line and in JSON.
    pub fn key(self) -> &'static str {
        match self {
            RankMetric::Sales => "sales",
            RankMetric::Profit => "profit",
        }
    }

    /// Parses `sales` or `profit`.
    pub fn parse(s: &str) -> Option<RankMetric> {
        match s.trim() {
            "sales" | "销售额" | "购买力" => Some(RankMetric::Sales),
            "profit" | "利润" | "毛利" | "利润贡献" => Some(RankMetric::Profit),
            _ => None,
        }
    }

    /// The metric's name for people.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            RankMetric::Sales => lang.pick("购买力（销售额）", "sales"),
            RankMetric::Profit => lang.pick("利润贡献", "profit"),
        }
    }
}

/// `abc-rank` parameters: shares of the customer count.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct AbcRankParams {
    /// Share of customers in A (0.05).
    pub a_share: f64,
    /// Share of customers in A or B (0.20).
    pub ab_share: f64,
}
impl Default for AbcRankParams {
    fn default() -> Self {
        AbcRankParams {
            a_share: 0.05,
            ab_share: 0.20,
        }
    }
}

/// `abc-value` parameters: cumulative share cut lines.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct AbcValueParams {
    /// A up to this cumulative share (0.80).
    pub a_cut: f64,
    /// B up to this cumulative share (0.95).
    pub b_cut: f64,
}
impl Default for AbcValueParams {
    fn default() -> Self {
        AbcValueParams {
            a_cut: 0.80,
            b_cut: 0.95,
        }
    }
}

/// `share` parameters: minimum share of total for A and B.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct ShareParams {
    /// A (战略客户) from this share (0.05).
    pub a_min: f64,
    /// B (重点客户) from this share (0.01).
    pub b_min: f64,
}
impl Default for ShareParams {
    fn default() -> Self {
        ShareParams {
            a_min: 0.05,
            b_min: 0.01,
        }
    }
}

/// Bands for one dimension: value ≥ `a` → A, ≥ `b` → B, else C.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Band {
    /// Whether the dimension takes part.
    pub enabled: bool,
    /// A threshold.
    pub a: f64,
    /// B threshold.
    pub b: f64,
    /// Weight under the `points` rule.
    pub weight: f64,
}
impl Default for Band {
    fn default() -> Self {
        Band {
            enabled: true,
            a: 0.0,
            b: 0.0,
            weight: 1.0,
        }
    }
}
impl Band {
    fn new(a: f64, b: f64) -> Band {
        Band {
            a,
            b,
            ..Band::default()
        }
    }
    /// The tier of a value on this band.
    pub fn tier(&self, v: f64) -> Tier {
        if v >= self.a {
            Tier::A
        } else if v >= self.b {
            Tier::B
        } else {
            Tier::C
        }
    }
}

/// How dimensions that disagree are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Combine {
    /// A tier needs every dimension at that tier or better (the documents' wording).
    #[default]
    All,
    /// A=3, B=2, C=1 per dimension, weighted average; ≥ 2.5 A, ≥ 1.5 B.
    Points,
}

/// `thresholds` parameters (amounts in 元).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct ThresholdParams {
    /// 购买力: ≥ 50万 A, ≥ 20万 B.
    pub sales: Band,
    /// 成交频率: ≥ 10 A, ≥ 5 B.
    pub frequency: Band,
    /// 利润贡献: ≥ 10万 A, ≥ 5万 B.
    pub profit: Band,
    /// 生命周期价值: ≥ 100万 A, ≥ 50万 B.
    pub clv: Band,
    /// Combining rule.
    pub combine: Combine,
    /// Average points for A under `points` (2.5).
    pub points_a: f64,
    /// Average points for B under `points` (1.5).
    pub points_b: f64,
}
impl Default for ThresholdParams {
    fn default() -> Self {
        ThresholdParams {
            sales: Band::new(500_000.0, 200_000.0),
            frequency: Band::new(10.0, 5.0),
            profit: Band::new(100_000.0, 50_000.0),
            clv: Band::new(1_000_000.0, 500_000.0),
            combine: Combine::All,
            points_a: 2.5,
            points_b: 1.5,
        }
    }
}

/// How `score` turns scores into tiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ScoreCut {
    /// Fixed score cut-offs.
    #[default]
    Score,
    /// Shares of customers, as abc-rank.
    Rank,
}

/// `score` parameters. Each metric scores `min(value / standard, 1) × 100`, the
/// weighted mean of the scores plus bonus points (capped at 100) is the score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct ScoreParams {
    /// Weight of sales.
    pub w_sales: f64,
    /// Weight of frequency.
    pub w_frequency: f64,
    /// Weight of profit.
    pub w_profit: f64,
    /// Weight of CLV.
    pub w_clv: f64,
    /// Standard for sales, in 元 (a full score), default 50万.
    pub std_sales: f64,
    /// Standard for frequency, default 10.
    pub std_frequency: f64,
    /// Standard for profit, default 10万.
    pub std_profit: f64,
    /// Standard for CLV, default 100万.
    pub std_clv: f64,
    /// Bonus points per customer id (industry standing, brand influence).
    pub bonus: BTreeMap<String, f64>,
    /// Score or rank cut.
    pub cut: ScoreCut,
    /// Score for A (80).
    pub a_score: f64,
    /// Score for B (50).
    pub b_score: f64,
    /// Rank shares when `cut` is `rank`.
    pub rank: AbcRankParams,
}
impl Default for ScoreParams {
    fn default() -> Self {
        ScoreParams {
            w_sales: 0.4,
            w_frequency: 0.2,
            w_profit: 0.3,
            w_clv: 0.1,
            std_sales: 500_000.0,
            std_frequency: 10.0,
            std_profit: 100_000.0,
            std_clv: 1_000_000.0,
            bonus: BTreeMap::new(),
            cut: ScoreCut::Score,
            a_score: 80.0,
            b_score: 50.0,
            rank: AbcRankParams::default(),
        }
    }
}

/// A manual tier, with the reason that must accompany it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Override {
    /// Customer id (or name when the ledger has no id column).
    pub customer: String,
    /// The tier to give.
    pub tier: Tier,
    /// Why (shown in the table and the export).
    pub reason: String,
}

/// A run's specification, apart from the tiering rules: the import choices
/// (mapping, sheets, units, the period) and the manual tiers. A policy file
/// may carry them, but they belong to one run: tiering per period or another
/// ledger takes the rules and leaves these (its policy JSON keeps them flat,
/// as every earlier version wrote it).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct RunSpec {
    /// Manual tiers, applied last.
    pub overrides: Vec<Override>,
    /// Column mapping and other import choices, with the period.
    pub import: ImportOptions,
}

impl RunSpec {
    /// Checks that every manual tier gives its reason.
    pub(super) fn check(&self) -> Result<(), PolicyError> {
        match self.overrides.iter().find(|o| o.reason.trim().is_empty()) {
            Some(o) => Err(PolicyError::OverrideWithoutReason {
                customer: o.customer.clone(),
            }),
            None => Ok(()),
        }
    }

    /// The same specification over another period (the overrides belong to
    /// one run and are left out).
    pub fn for_period(&self, period: Period) -> RunSpec {
        RunSpec {
            overrides: Vec::new(),
            import: ImportOptions {
                period,
                ..self.import.clone()
            },
        }
    }
}

/// Everything that decides a tiering run: the tiering rules (method, metric,
/// names, parameters, lenses, lifetime value) and the run's [`RunSpec`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct TierPolicy {
    /// The method.
    pub method: Method,
    /// The ranking metric.
    pub metric: RankMetric,
    /// Names of tiers A, B, C.
    pub tier_names: [String; 3],
    /// `abc-rank` parameters.
    pub abc_rank: AbcRankParams,
    /// `abc-value` parameters.
    pub abc_value: AbcValueParams,
    /// `share` parameters.
    pub share: ShareParams,
    /// `thresholds` parameters.
    pub thresholds: ThresholdParams,
    /// `score` parameters.
    pub score: ScoreParams,
    /// RFM scoring and the segments' tiers (also used for the RFM columns).
    #[serde(default)]
    pub rfm: super::rfm::RfmParams,
    /// Thresholds of the lifecycle, value-matrix and credit-risk lenses.
    #[serde(default)]
    pub lenses: super::lenses::LensOptions,
    /// The run's specification: what is imported and who is tiered by hand.
    #[serde(flatten)]
    pub run: RunSpec,
    /// Retention rate for the simple CLV estimate (None: the predictive model,
    /// or the observed rate when it cannot be fitted).
    pub clv_retention: Option<f64>,
    /// Years of future profit in the predictive CLV (None: 3).
    #[serde(default)]
    pub clv_horizon_years: Option<f64>,
    /// Annual discount rate of the predictive CLV (None: 10%).
    #[serde(default)]
    pub clv_discount_rate: Option<f64>,
    /// Gross margin assumed for the lifetime value of a ledger without profit
    /// or cost (None: the lifetime value is stated in sales, 销售额口径).
    #[serde(default)]
    pub clv_margin: Option<f64>,
    /// Last day of the model check's calibration part (None: the last third of
    /// the period is the holdout).
    #[serde(default)]
    pub clv_backtest_split: Option<chrono::NaiveDate>,
}

impl TierPolicy {
    /// The lifetime-value choices, for aggregating metrics.
    pub fn clv_options(&self) -> crate::metrics::ClvOptions {
        crate::metrics::ClvOptions {
            retention: self.clv_retention,
            horizon_years: self.clv_horizon_years,
            discount_rate: self.clv_discount_rate,
            margin: self.clv_margin,
            backtest_split: self.clv_backtest_split,
        }
    }
}

impl Default for TierPolicy {
    fn default() -> Self {
        TierPolicy::preset(Method::AbcRank)
    }
}

/// The presets' tier names with their English forms (核心/重要/一般客户 of the
/// tier management table; 战略/重点/普通客户 of the share method).
const DEFAULT_TIER_NAMES: [(&str, &str); 6] = [
    ("核心客户", "Core customers"),
    ("重要客户", "Important customers"),
    ("一般客户", "General customers"),
    ("战略客户", "Strategic accounts"),
    ("重点客户", "Key accounts"),
    ("普通客户", "Regular accounts"),
];

/// Why a policy cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PolicyError {
    /// The JSON does not parse.
    #[error("policy {file}: {detail}")]
    Parse {
        /// File name.
        file: String,
        /// Where and what.
        detail: String,
    },
    /// A parameter is out of range.
    #[error("policy parameter {} = {value} is out of range", param.key)]
    OutOfRange {
        /// The parameter.
        param: &'static Param,
        /// The value given.
        value: f64,
        /// What it may be.
        allowed: Allowed,
    },
    /// An override without a reason.
    #[error("override for {customer} has no reason")]
    OverrideWithoutReason {
        /// Customer.
        customer: String,
    },
    /// The ranking metric or a required dimension has no data in this ledger.
    #[error("the ledger has no {metric} figures")]
    MetricUnavailable {
        /// `profit`, `frequency`…
        metric: String,
    },
}

impl PolicyError {
    /// A stable code.
    pub fn code(&self) -> &'static str {
        match self {
            PolicyError::Parse { .. } => "policy.parse",
            PolicyError::OutOfRange { .. } => "policy.out_of_range",
            PolicyError::OverrideWithoutReason { .. } => "policy.override_without_reason",
            PolicyError::MetricUnavailable { .. } => "policy.metric_unavailable",
        }
    }

    /// Parameters by name.
    pub fn params(&self) -> BTreeMap<&'static str, String> {
        let mut p = BTreeMap::new();
        match self {
            PolicyError::Parse { file, detail } => {
                p.insert("file", file.clone());
                p.insert("detail", detail.clone());
            }
            PolicyError::OutOfRange { param, value, allowed } => {
                p.insert("name", param.key.to_string());
                p.insert("value", value.to_string());
                p.insert("label", param.label(Lang::Zh).to_string());
                p.insert("allowed", allowed.describe(param, Lang::Zh));
            }
            PolicyError::OverrideWithoutReason { customer } => {
                p.insert("customer", customer.clone());
            }
            PolicyError::MetricUnavailable { metric } => {
                p.insert("metric", metric.clone());
            }
        }
        p
    }

    /// The message for people.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (PolicyError::Parse { file, detail }, Lang::Zh) => format!("分级规则文件“{file}”格式有误：{detail}。请对照 README 中的示例修改。"),
            (PolicyError::Parse { file, detail }, Lang::En) => format!("Policy file “{file}” is not valid: {detail}. Compare it with the example in README."),
            (PolicyError::OutOfRange { param, value, allowed }, Lang::Zh) => format!(
                "“{}”填的是 {}，超出允许范围：{}。请改正后再分级。",
                param.label(lang),
                param.show(*value, lang),
                allowed.describe(param, lang)
            ),
            (PolicyError::OutOfRange { param, value, allowed }, Lang::En) => format!(
                "“{}” is {}, out of range: {}. Correct it and tier again.",
                param.label(lang),
                param.show(*value, lang),
                allowed.describe(param, lang)
            ),
            (PolicyError::OverrideWithoutReason { customer }, Lang::Zh) => format!("客户 {customer} 的手工调级缺少原因。请填写调级原因。"),
            (PolicyError::OverrideWithoutReason { customer }, Lang::En) => format!("The manual tier for customer {customer} has no reason. Give a reason for the change."),
            (PolicyError::MetricUnavailable { metric }, Lang::Zh) => format!("台账中没有“{metric}”数据，无法按它分级。请选择其他指标或方法，或导入含该列的台账。"),
            (PolicyError::MetricUnavailable { metric }, Lang::En) => format!("The ledger has no {metric} figures to tier on. Choose another metric or method, or import a ledger with that column."),
        }
    }
}

impl TierPolicy {
    /// The documents' defaults for a method. `share` names the tiers
    /// 战略/重点/普通 as key-account-management.txt does; the others 核心/重要/一般.
    pub fn preset(method: Method) -> TierPolicy {
        let names = match method {
            Method::Share => ["战略客户", "重点客户", "普通客户"],
            _ => ["核心客户", "重要客户", "一般客户"],
        };
        TierPolicy {
            method,
            metric: RankMetric::Sales,
            tier_names: names.map(String::from),
            abc_rank: AbcRankParams::default(),
            abc_value: AbcValueParams::default(),
            share: ShareParams::default(),
            thresholds: ThresholdParams::default(),
            score: ScoreParams::default(),
            rfm: super::rfm::RfmParams::default(),
            lenses: super::lenses::LensOptions::default(),
            run: RunSpec::default(),
            clv_retention: None,
            clv_horizon_years: None,
            clv_discount_rate: None,
            clv_margin: None,
            clv_backtest_split: None,
        }
    }

    /// Reads and checks a policy from JSON text (a file, a stored run).
    ///
    /// # Errors
    /// As [`TierPolicy::parse_json`] and [`TierPolicy::check`].
    pub fn from_json(file: &str, text: &str) -> Result<super::CheckedPolicy, PolicyError> {
        TierPolicy::parse_json(file, text)?.check()
    }

    /// Reads a policy from JSON text, unchecked, for an adapter that changes
    /// it before checking it once (the CLI's flags over a policy file).
    /// Missing fields take the defaults of the method named in the file.
    ///
    /// # Errors
    /// [`PolicyError::Parse`] with line and column.
    pub fn parse_json(file: &str, text: &str) -> Result<TierPolicy, PolicyError> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| PolicyError::Parse {
            file: file.into(),
            detail: e.to_string(),
        })?;
        let method = value
            .get("method")
            .and_then(|m| m.as_str())
            .map(|m| {
                Method::parse(m).ok_or_else(|| PolicyError::Parse {
                    file: file.into(),
                    detail: format!("unknown method “{m}”"),
                })
            })
            .transpose()?
            .unwrap_or_default();
        let mut base = serde_json::to_value(TierPolicy::preset(method)).expect("policies serialise");
        // A file that names an RFM scheme takes that scheme's default tiers
        // for the lists it leaves out, not the preset's (8-segment) ones.
        if value.pointer("/rfm/scheme").is_some() {
            if let Some(rfm) = base.get_mut("rfm").and_then(|r| r.as_object_mut()) {
                rfm.remove("a_segments");
                rfm.remove("b_segments");
            }
        }
        merge(&mut base, value);
        serde_json::from_value(base).map_err(|e| PolicyError::Parse {
            file: file.into(),
            detail: e.to_string(),
        })
    }

    /// The policy as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("policies serialise")
    }

    /// Checks the tiering rules' parameters (the run's specification is
    /// checked by [`RunSpec::check`]); [`TierPolicy::check`] calls both.
    pub(super) fn check_rules(&self) -> Result<(), PolicyError> {
        use super::params::{self as p, Allowed};
        let check = |param: &'static p::Param, value: f64, allowed: Allowed| {
            if allowed.admits(value) {
                Ok(())
            } else {
                Err(PolicyError::OutOfRange { param, value, allowed })
            }
        };
        let share = |param: &'static p::Param, value| check(param, value, Allowed::Between(0.0, 1.0));
        share(&p::A_SHARE, self.abc_rank.a_share)?;
        share(&p::AB_SHARE, self.abc_rank.ab_share)?;
        check(
            &p::AB_SHARE,
            self.abc_rank.ab_share,
            Allowed::NotBelow(&p::A_SHARE, self.abc_rank.a_share),
        )?;
        share(&p::A_CUT, self.abc_value.a_cut)?;
        share(&p::B_CUT, self.abc_value.b_cut)?;
        check(
            &p::B_CUT,
            self.abc_value.b_cut,
            Allowed::NotBelow(&p::A_CUT, self.abc_value.a_cut),
        )?;
        share(&p::A_MIN, self.share.a_min)?;
        share(&p::B_MIN, self.share.b_min)?;
        check(
            &p::A_MIN,
            self.share.a_min,
            Allowed::NotBelow(&p::B_MIN, self.share.b_min),
        )?;
        let t = &self.thresholds;
        for (a, b, weight, band) in [
            (&p::SALES_A, &p::SALES_B, &p::WEIGHT_SALES, t.sales),
            (&p::FREQUENCY_A, &p::FREQUENCY_B, &p::WEIGHT_FREQUENCY, t.frequency),
            (&p::PROFIT_A, &p::PROFIT_B, &p::WEIGHT_PROFIT, t.profit),
            (&p::CLV_A, &p::CLV_B, &p::WEIGHT_CLV, t.clv),
        ] {
            check(b, band.b, Allowed::AtLeast(f64::MIN))?;
            check(a, band.a, Allowed::NotBelow(b, band.b))?;
            check(weight, band.weight, Allowed::AtLeast(0.0))?;
        }
        let s = &self.score;
        for (param, w) in [
            (&p::W_SALES, s.w_sales),
            (&p::W_FREQUENCY, s.w_frequency),
            (&p::W_PROFIT, s.w_profit),
            (&p::W_CLV, s.w_clv),
        ] {
            check(param, w, Allowed::AtLeast(0.0))?;
        }
        for (param, v) in [
            (&p::STD_SALES, s.std_sales),
            (&p::STD_FREQUENCY, s.std_frequency),
            (&p::STD_PROFIT, s.std_profit),
            (&p::STD_CLV, s.std_clv),
        ] {
            check(param, v, Allowed::Above(0.0))?;
        }
        check(&p::A_SCORE, s.a_score, Allowed::NotBelow(&p::B_SCORE, s.b_score))?;
        if let Some(r) = self.clv_retention {
            share(&p::RETENTION, r)?;
        }
        let l = &self.lenses;
        check(&p::DORMANT, l.dormant_days as f64, Allowed::AtLeast(1.0))?;
        check(&p::EXPLORATION, l.exploration_days as f64, Allowed::AtLeast(1.0))?;
        check(&p::OVERDUE, l.overdue_days as f64, Allowed::AtLeast(1.0))?;
        share(&p::ARREARS, l.arrears_share)?;
        share(&p::LOW_MARGIN, l.low_margin)?;
        share(&p::GROWTH, l.growth_weight)?;
        share(&p::DECLINE, l.decline_drop)?;
        share(&p::AT_RISK, l.at_risk_alive)?;
        check(&p::REGULARITY, l.regularity_cv, Allowed::AboveUpTo(0.0, 10.0))?;
        if let Some(r) = self.clv_discount_rate {
            share(&p::DISCOUNT, r)?;
        }
        if let Some(m) = self.clv_margin {
            check(&p::MARGIN, m, Allowed::AboveUpTo(0.0, 1.0))?;
        }
        if let Some(h) = self.clv_horizon_years {
            check(&p::HORIZON, h, Allowed::AboveUpTo(0.0, 30.0))?;
        }
        Ok(())
    }

    /// The name of a tier (核心客户…).
    pub fn tier_name(&self, tier: Tier, lang: Lang) -> &str {
        let name = &self.tier_names[tier.index()];
        // The documents' names (as the presets set them) have English forms;
        // a name the company chose is its own and stays as written.
        match (lang, DEFAULT_TIER_NAMES.iter().find(|(zh, _)| zh == name)) {
            (Lang::En, Some((_, en))) => en,
            _ => name,
        }
    }
}

fn merge(base: &mut serde_json::Value, over: serde_json::Value) {
    match (base, over) {
        (serde_json::Value::Object(b), serde_json::Value::Object(o)) => {
            for (k, v) in o {
                match b.get_mut(&k) {
                    Some(slot) if slot.is_object() && v.is_object() => merge(slot, v),
                    _ => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (b, o) => *b = o,
    }
}

impl TierPolicy {
    /// The method and its parameters in words, for the export and the report.
    pub fn describe(&self, lang: Lang) -> String {
        let pct = |x: f64| crate::format::percent(x);
        let money = |x: f64| crate::format::money(x, lang);
        let metric = self.metric.label(lang);
        let body = match (self.method, lang) {
            (Method::AbcRank, Lang::Zh) => format!(
                "按{metric}排名，前 {} 的客户为 A 类，前 {} 中其余为 B 类，其余为 C 类",
                pct(self.abc_rank.a_share),
                pct(self.abc_rank.ab_share)
            ),
            (Method::AbcRank, Lang::En) => format!(
                "ranked by {metric}: the top {} of customers are A, the rest of the top {} B, the others C",
                pct(self.abc_rank.a_share),
                pct(self.abc_rank.ab_share)
            ),
            (Method::AbcValue, Lang::Zh) => format!(
                "按{metric}累计占比，累计至 {} 为 A 类，至 {} 为 B 类，其余为 C 类（跨越分界线的客户归入较高等级）",
                pct(self.abc_value.a_cut),
                pct(self.abc_value.b_cut)
            ),
            (Method::AbcValue, Lang::En) => format!(
                "cumulative share of {metric}: up to {} A, up to {} B, the rest C (the customer crossing a line goes to the higher tier)",
                pct(self.abc_value.a_cut),
                pct(self.abc_value.b_cut)
            ),
            (Method::Share, Lang::Zh) => format!(
                "占公司{metric}比例 ≥ {} 为 A 类，{}–{} 为 B 类，< {} 为 C 类",
                pct(self.share.a_min),
                pct(self.share.b_min),
                pct(self.share.a_min),
                pct(self.share.b_min)
            ),
            (Method::Share, Lang::En) => format!(
                "≥ {} of company {metric} A, {}–{} B, < {} C",
                pct(self.share.a_min),
                pct(self.share.b_min),
                pct(self.share.a_min),
                pct(self.share.b_min)
            ),
            (Method::Thresholds, _) => {
                let t = &self.thresholds;
                let mut parts = Vec::new();
                let dims: [(&str, &str, Band, bool); 4] = [
                    ("购买力", "sales", t.sales, true),
                    ("成交频率", "frequency", t.frequency, false),
                    ("利润贡献", "profit", t.profit, true),
                    ("生命周期价值", "lifetime value", t.clv, true),
                ];
                for (zh, en, band, is_money) in dims {
                    if !band.enabled {
                        continue;
                    }
                    let (a, b) = if is_money { (money(band.a), money(band.b)) } else { (format!("{}", band.a), format!("{}", band.b)) };
                    parts.push(match lang {
                        Lang::Zh => format!("{zh} ≥ {a} 为 A、≥ {b} 为 B"),
                        Lang::En => format!("{en} ≥ {a} A, ≥ {b} B"),
                    });
                }
                let rule = match (t.combine, lang) {
                    (Combine::All, Lang::Zh) => "各维度均达到该等级才归入该等级".to_string(),
                    (Combine::All, Lang::En) => "a tier needs every dimension at that tier or better".to_string(),
                    (Combine::Points, Lang::Zh) => format!("按 A=3、B=2、C=1 加权平均，≥ {} 为 A，≥ {} 为 B", t.points_a, t.points_b),
                    (Combine::Points, Lang::En) => format!("points A=3, B=2, C=1, weighted mean ≥ {} A, ≥ {} B", t.points_a, t.points_b),
                };
                let sep = lang.pick("；", "; ");
                format!("{}{sep}{rule}", parts.join(sep))
            }
            (Method::Score, _) => {
                let s = &self.score;
                let cut = match (s.cut, lang) {
                    (ScoreCut::Score, Lang::Zh) => format!("得分 ≥ {} 为 A 类，≥ {} 为 B 类", s.a_score, s.b_score),
                    (ScoreCut::Score, Lang::En) => format!("score ≥ {} A, ≥ {} B", s.a_score, s.b_score),
                    (ScoreCut::Rank, Lang::Zh) => format!("按得分排名前 {} 为 A 类、前 {} 为 A+B 类", pct(s.rank.a_share), pct(s.rank.ab_share)),
                    (ScoreCut::Rank, Lang::En) => format!("top {} by score A, top {} A or B", pct(s.rank.a_share), pct(s.rank.ab_share)),
                };
                match lang {
                    Lang::Zh => format!(
                        "加权评分（购买力 {}、成交频率 {}、利润贡献 {}、生命周期价值 {}，各项以标准值为满分）；{cut}",
                        s.w_sales, s.w_frequency, s.w_profit, s.w_clv
                    ),
                    Lang::En => format!(
                        "weighted score (sales {}, frequency {}, profit {}, lifetime value {}, each against its standard); {cut}",
                        s.w_sales, s.w_frequency, s.w_profit, s.w_clv
                    ),
                }
            }
            (Method::Rfm, _) => self.rfm.describe(lang),
        };
        format!("{}{}{body}", self.method.label(lang), lang.pick("：", ": "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_policy_file_takes_the_method_defaults() {
        let p = TierPolicy::from_json("p.json", r#"{"method":"share","share":{"a_min":0.1}}"#).unwrap();
        assert_eq!(p.method, Method::Share);
        assert_eq!(p.share.a_min, 0.1);
        assert_eq!(p.share.b_min, 0.01);
        assert_eq!(p.tier_names[0], "战略客户");
    }

    #[test]
    fn policies_round_trip_through_json() {
        let mut p = TierPolicy::preset(Method::Thresholds);
        p.run.overrides.push(Override {
            customer: "C9".into(),
            tier: Tier::A,
            reason: "战略意义".into(),
        });
        p.run
            .import
            .mapping
            .insert(crate::import::Role::Amount, "含税金额".into());
        let json = p.to_json();
        let back = TierPolicy::from_json("p.json", &json).unwrap();
        assert_eq!(*back, p);
        // The run's specification stays flat in the file, as it always was.
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert!(v.get("overrides").is_some() && v.get("import").is_some() && v.get("run").is_none());
    }

    #[test]
    fn the_documents_tier_names_read_in_english_and_a_companys_own_stay() {
        let mut p = TierPolicy::default();
        assert_eq!(p.tier_name(Tier::A, Lang::Zh), "核心客户");
        assert_eq!(p.tier_name(Tier::A, Lang::En), "Core customers");
        assert_eq!(
            TierPolicy::preset(Method::Share).tier_name(Tier::B, Lang::En),
            "Key accounts"
        );
        p.tier_names[2] = "培育客户".into();
        assert_eq!(p.tier_name(Tier::C, Lang::En), "培育客户");
    }

    #[test]
    fn bad_policies_are_refused_with_the_parameter_named() {
        let e = TierPolicy::from_json("p.json", r#"{"abc_rank":{"a_share":1.5}}"#).unwrap_err();
        assert_eq!(e.code(), "policy.out_of_range");
        assert_eq!(
            e.message(Lang::Zh),
            "“A 类占客户数”填的是 150%，超出允许范围：应在 0% 到 100% 之间。请改正后再分级。"
        );
        assert_eq!(e.params()["name"], "abc_rank.a_share");
        // Every parameter gets its own name and range, not the shares' rule.
        let e = TierPolicy::from_json("p.json", r#"{"lenses":{"dormant_days":0}}"#).unwrap_err();
        assert_eq!(
            e.message(Lang::En),
            "“Declining: no purchase for (days)” is 0 days, out of range: it must be at least 1 day. Correct it and tier again."
        );
        let e = TierPolicy::from_json("p.json", r#"{"clv_horizon_years":40}"#).unwrap_err();
        assert!(e
            .message(Lang::Zh)
            .contains("“预测年限”填的是 40 年，超出允许范围：应大于 0 年、不超过 30 年"));
        let e = TierPolicy::from_json("p.json", r#"{"abc_rank":{"a_share":0.3,"ab_share":0.2}}"#).unwrap_err();
        assert!(
            e.message(Lang::Zh).contains("不能低于“A 类占客户数”（30%）"),
            "{}",
            e.message(Lang::Zh)
        );
        let e = TierPolicy::from_json("p.json", "{ nope").unwrap_err();
        assert_eq!(e.code(), "policy.parse");
        let e =
            TierPolicy::from_json("p.json", r#"{"overrides":[{"customer":"X","tier":"A","reason":" "}]}"#).unwrap_err();
        assert_eq!(e.code(), "policy.override_without_reason");
    }
}
