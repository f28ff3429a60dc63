//! The policy's numeric parameters as a person sees them: each with the name
//! the method panel gives it and the range it may take, so a value out of
//! range is refused with a message that names the field and says what is
//! allowed (“A 类占客户数”填的是 150%，应在 0% 到 100% 之间), never a JSON path.
//!
//! Validation runs once, at the boundary (`TierPolicy::check`, which makes a `CheckedPolicy`), whichever
//! adapter built the policy: the panel, a policy file or the CLI's flags.

use crate::Lang;

/// How a parameter's values read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A share held as 0–1, shown as a percentage.
    Share,
    /// A number of days.
    Days,
    /// A number of years.
    Years,
    /// A plain number (a score, a weight, a coefficient).
    Number,
}

/// A parameter: its key in policy files, its name for people, how it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    /// The key in a policy file (`abc_rank.a_share`).
    pub key: &'static str,
    zh: &'static str,
    en: &'static str,
    /// How its values read.
    pub kind: Kind,
}

macro_rules! params {
    ($($name:ident = $key:literal, $zh:literal, $en:literal, $kind:ident;)*) => {
        $(
            #[doc = concat!("`", $key, "`: ", $zh)]
            pub const $name: Param = Param { key: $key, zh: $zh, en: $en, kind: Kind::$kind };
        )*
        /// Every parameter, for looking one up by key.
        pub const ALL: &[Param] = &[$($name),*];
    };
}

params! {
    A_SHARE = "abc_rank.a_share", "A 类占客户数", "Share of customers in A", Share;
    AB_SHARE = "abc_rank.ab_share", "A+B 类占客户数", "Share of customers in A and B", Share;
    A_CUT = "abc_value.a_cut", "A 类累计占比上限", "Cumulative share limit of A", Share;
    B_CUT = "abc_value.b_cut", "B 类累计占比上限", "Cumulative share limit of B", Share;
    A_MIN = "share.a_min", "A 类（战略）最低占比", "Lowest share for A (strategic)", Share;
    B_MIN = "share.b_min", "B 类（重点）最低占比", "Lowest share for B (key)", Share;
    SALES_A = "thresholds.sales.a", "购买力 A ≥（元）", "Sales A ≥ (yuan)", Number;
    SALES_B = "thresholds.sales.b", "购买力 B ≥（元）", "Sales B ≥ (yuan)", Number;
    FREQUENCY_A = "thresholds.frequency.a", "成交频率 A ≥（次）", "Frequency A ≥ (purchases)", Number;
    FREQUENCY_B = "thresholds.frequency.b", "成交频率 B ≥（次）", "Frequency B ≥ (purchases)", Number;
    PROFIT_A = "thresholds.profit.a", "利润贡献 A ≥（元）", "Profit A ≥ (yuan)", Number;
    PROFIT_B = "thresholds.profit.b", "利润贡献 B ≥（元）", "Profit B ≥ (yuan)", Number;
    CLV_A = "thresholds.clv.a", "生命周期价值 A ≥（元）", "Lifetime value A ≥ (yuan)", Number;
    CLV_B = "thresholds.clv.b", "生命周期价值 B ≥（元）", "Lifetime value B ≥ (yuan)", Number;
    WEIGHT_SALES = "thresholds.sales.weight", "购买力的权重", "Weight of sales", Number;
    WEIGHT_FREQUENCY = "thresholds.frequency.weight", "成交频率的权重", "Weight of frequency", Number;
    WEIGHT_PROFIT = "thresholds.profit.weight", "利润贡献的权重", "Weight of profit", Number;
    WEIGHT_CLV = "thresholds.clv.weight", "生命周期价值的权重", "Weight of lifetime value", Number;
    W_SALES = "score.w_sales", "评分中购买力的权重", "Score weight of sales", Number;
    W_FREQUENCY = "score.w_frequency", "评分中成交频率的权重", "Score weight of frequency", Number;
    W_PROFIT = "score.w_profit", "评分中利润贡献的权重", "Score weight of profit", Number;
    W_CLV = "score.w_clv", "评分中生命周期价值的权重", "Score weight of lifetime value", Number;
    STD_SALES = "score.std_sales", "购买力的满分标准", "Full-marks standard of sales", Number;
    STD_FREQUENCY = "score.std_frequency", "成交频率的满分标准", "Full-marks standard of frequency", Number;
    STD_PROFIT = "score.std_profit", "利润贡献的满分标准", "Full-marks standard of profit", Number;
    STD_CLV = "score.std_clv", "生命周期价值的满分标准", "Full-marks standard of lifetime value", Number;
    A_SCORE = "score.a_score", "A 类得分线", "A score line", Number;
    B_SCORE = "score.b_score", "B 类得分线", "B score line", Number;
    RETENTION = "clv_retention", "留存率", "Retention rate", Share;
    DISCOUNT = "clv_discount_rate", "年折现率", "Annual discount rate", Share;
    MARGIN = "clv_margin", "假定毛利率", "Assumed gross margin", Share;
    HORIZON = "clv_horizon_years", "预测年限", "Forecast horizon", Years;
    DORMANT = "lenses.dormant_days", "退化期：未采购超过（天）", "Declining: no purchase for (days)", Days;
    EXPLORATION = "lenses.exploration_days", "考察期：合作不足（天）", "Exploring: together for less than (days)", Days;
    OVERDUE = "lenses.overdue_days", "欠款逾期：最早未回款超过（天）", "Overdue: oldest unpaid for more than (days)", Days;
    ARREARS = "lenses.arrears_share", "欠款偏大：应收超过销售额", "High arrears: receivable above sales", Share;
    LOW_MARGIN = "lenses.low_margin", "低毛利线", "Low-margin line", Share;
    GROWTH = "lenses.growth_weight", "潜力中增长的权重", "Weight of growth in potential", Share;
    DECLINE = "lenses.decline_drop", "退化期：后半期采购次数下滑", "Declining: purchases down in the second half by", Share;
    AT_RISK = "lenses.at_risk_alive", "流失预警：存活概率低于", "At risk: probability alive below", Share;
    REGULARITY = "lenses.regularity_cv", "高忠诚：采购间隔变异系数不超过", "Loyal: purchase-gap variation at most", Number;
}

impl Param {
    /// The parameter with this key.
    pub fn by_key(key: &str) -> Option<Param> {
        ALL.iter().copied().find(|p| p.key == key)
    }

    /// Its name for people, as the method panel writes it.
    pub fn label(self, lang: Lang) -> &'static str {
        lang.pick(self.zh, self.en)
    }

    /// A value as people write it: shares in percent, days and years with their unit.
    pub fn show(self, v: f64, lang: Lang) -> String {
        let n = |v: f64| {
            let s = format!("{:.4}", v);
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        };
        match self.kind {
            Kind::Share => format!("{}%", n(v * 100.0)),
            Kind::Days => format!("{}{}", n(v), lang.pick(" 天", if v == 1.0 { " day" } else { " days" })),
            Kind::Years => format!(
                "{}{}",
                n(v),
                lang.pick(" 年", if v == 1.0 { " year" } else { " years" })
            ),
            Kind::Number => n(v),
        }
    }
}

/// What a parameter may be, for the message that refuses a value.
#[derive(Debug, Clone, PartialEq)]
pub enum Allowed {
    /// Between two values, both included.
    Between(f64, f64),
    /// Above a value, up to another (included).
    AboveUpTo(f64, f64),
    /// Above a value.
    Above(f64),
    /// At least a value.
    AtLeast(f64),
    /// Not below another parameter's value.
    NotBelow(&'static Param, f64),
    /// Not above another parameter's value.
    NotAbove(&'static Param, f64),
}

impl Allowed {
    /// Whether `v` is allowed.
    pub fn admits(&self, v: f64) -> bool {
        v.is_finite()
            && match *self {
                Allowed::Between(lo, hi) => (lo..=hi).contains(&v),
                Allowed::AboveUpTo(lo, hi) => v > lo && v <= hi,
                Allowed::Above(lo) => v > lo,
                Allowed::AtLeast(lo) => v >= lo,
                Allowed::NotBelow(_, other) => v >= other,
                Allowed::NotAbove(_, other) => v <= other,
            }
    }

    /// The rule in words, with values shown as `p` shows them.
    pub fn describe(&self, p: &Param, lang: Lang) -> String {
        let s = |v| p.show(v, lang);
        match (self, lang) {
            (Allowed::Between(lo, hi), Lang::Zh) => format!("应在 {} 到 {} 之间", s(*lo), s(*hi)),
            (Allowed::Between(lo, hi), Lang::En) => format!("it must lie between {} and {}", s(*lo), s(*hi)),
            (Allowed::AboveUpTo(lo, hi), Lang::Zh) => format!("应大于 {}、不超过 {}", s(*lo), s(*hi)),
            (Allowed::AboveUpTo(lo, hi), Lang::En) => format!("it must be above {} and at most {}", s(*lo), s(*hi)),
            (Allowed::Above(lo), Lang::Zh) => format!("应大于 {}", s(*lo)),
            (Allowed::Above(lo), Lang::En) => format!("it must be above {}", s(*lo)),
            (Allowed::AtLeast(lo), Lang::Zh) => format!("应不少于 {}", s(*lo)),
            (Allowed::AtLeast(lo), Lang::En) => format!("it must be at least {}", s(*lo)),
            (Allowed::NotBelow(o, v), Lang::Zh) => format!("不能低于“{}”（{}）", o.label(lang), o.show(*v, lang)),
            (Allowed::NotBelow(o, v), Lang::En) => {
                format!("it may not be below “{}” ({})", o.label(lang), o.show(*v, lang))
            }
            (Allowed::NotAbove(o, v), Lang::Zh) => format!("不能高于“{}”（{}）", o.label(lang), o.show(*v, lang)),
            (Allowed::NotAbove(o, v), Lang::En) => {
                format!("it may not be above “{}” ({})", o.label(lang), o.show(*v, lang))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_listed_once() {
        for (i, p) in ALL.iter().enumerate() {
            assert_eq!(Param::by_key(p.key), Some(*p));
            assert!(ALL[i + 1..].iter().all(|q| q.key != p.key), "{}", p.key);
        }
    }

    #[test]
    fn values_read_as_the_panel_writes_them() {
        assert_eq!(A_SHARE.show(1.5, Lang::Zh), "150%");
        assert_eq!(A_SHARE.show(0.055, Lang::Zh), "5.5%");
        assert_eq!(DORMANT.show(0.0, Lang::Zh), "0 天");
        assert_eq!(
            Allowed::Between(0.0, 1.0).describe(&A_SHARE, Lang::Zh),
            "应在 0% 到 100% 之间"
        );
        assert_eq!(
            Allowed::NotBelow(&A_SHARE, 0.05).describe(&AB_SHARE, Lang::En),
            "it may not be below “Share of customers in A” (5%)"
        );
    }
}
