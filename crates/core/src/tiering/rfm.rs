//! RFM: recency, frequency and monetary value, each scored 1–5 (quintiles) or
//! 1–4 (quartiles), and the customers sorted into named segments.
//!
//! - Recency counts days from the last purchase to the day after the period's
//!   last date (a purchase on the last day is 1 day old); frequency and
//!   monetary value are the metrics' 成交频率 and 购买力.
//! - Cut points: with k bins, cut j (j = 1 … k−1) is the value of the customer at
//!   position ⌈j·n/k⌉ in ascending order. A value scores 1 + the number of cuts
//!   it is strictly above, so a value equal to a cut takes the lower score and
//!   customers with equal values always share a score — ties are never split,
//!   even when that leaves a bin fuller or emptier than n/k. Recency is scored
//!   the other way round (fewer days, higher score). Cut points can be edited.
//! - Segments: the common 8-segment high/low scheme (a score above the middle of
//!   the scale is "high") and, as an option, the 11-segment Champions … Lost map
//!   over R and the mean of F and M. Both cover every score, so every customer
//!   lands in exactly one segment.

use serde::{Deserialize, Serialize};

use super::{Candidate, MethodResult, Tier};
use crate::metrics::CustomerMetrics;
use crate::Lang;

/// RFM choices: the scale, the scheme, cut points (None: quantiles of the
/// ledger) and which segments are tier A and B (the rest are C).
///
/// A policy file that names a scheme but not its tiers gets that scheme's
/// default tiers ([`SegmentScheme::default_tiers`]), not the other scheme's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(from = "RfmParamsFile")]
pub struct RfmParams {
    /// Quintiles or quartiles.
    pub scale: RfmScale,
    /// 8 or 11 segments.
    pub scheme: SegmentScheme,
    /// Cut points set by the user (None: from the ledger).
    pub cuts: Option<RfmCuts>,
    /// Segments given tier A.
    pub a_segments: Vec<Segment>,
    /// Segments given tier B.
    pub b_segments: Vec<Segment>,
}

impl Default for RfmParams {
    fn default() -> Self {
        let (a_segments, b_segments) = SegmentScheme::Eight.default_tiers();
        RfmParams {
            scale: RfmScale::Quintiles,
            scheme: SegmentScheme::Eight,
            cuts: None,
            a_segments,
            b_segments,
        }
    }
}

/// [`RfmParams`] as a policy file may write them, every field optional.
#[derive(Deserialize)]
struct RfmParamsFile {
    #[serde(default)]
    scale: RfmScale,
    #[serde(default)]
    scheme: SegmentScheme,
    #[serde(default)]
    cuts: Option<RfmCuts>,
    a_segments: Option<Vec<Segment>>,
    b_segments: Option<Vec<Segment>>,
}

impl From<RfmParamsFile> for RfmParams {
    fn from(f: RfmParamsFile) -> Self {
        let (a, b) = f.scheme.default_tiers();
        RfmParams {
            scale: f.scale,
            scheme: f.scheme,
            cuts: f.cuts,
            a_segments: f.a_segments.unwrap_or(a),
            b_segments: f.b_segments.unwrap_or(b),
        }
    }
}

impl RfmParams {
    /// The tier of a segment.
    pub fn tier(&self, s: Segment) -> Tier {
        if self.a_segments.contains(&s) {
            Tier::A
        } else if self.b_segments.contains(&s) {
            Tier::B
        } else {
            Tier::C
        }
    }

    /// The rule in words.
    pub fn describe(&self, lang: Lang) -> String {
        let names = |v: &[Segment]| {
            if v.is_empty() {
                lang.pick("无", "none").to_string()
            } else {
                v.iter()
                    .map(|s| s.name(lang))
                    .collect::<Vec<_>>()
                    .join(lang.pick("、", ", "))
            }
        };
        let scale = match (self.scale, lang) {
            (RfmScale::Quintiles, Lang::Zh) => "五分位（1–5 分）",
            (RfmScale::Quintiles, Lang::En) => "quintiles (1–5)",
            (RfmScale::Quartiles, Lang::Zh) => "四分位（1–4 分）",
            (RfmScale::Quartiles, Lang::En) => "quartiles (1–4)",
        };
        let cuts = if self.cuts.is_some() {
            lang.pick("，自定分界点", ", cut points set by hand")
        } else {
            ""
        };
        match lang {
            Lang::Zh => format!(
                "最近购买、购买频率、购买金额各按{scale}评分{cuts}；{} 为 A 类，{} 为 B 类，其余为 C 类",
                names(&self.a_segments),
                names(&self.b_segments)
            ),
            Lang::En => format!(
                "recency, frequency and monetary value scored by {scale}{cuts}; {} are A, {} are B, the rest C",
                names(&self.a_segments),
                names(&self.b_segments)
            ),
        }
    }
}

/// Every customer's RFM scores and segment under a policy's RFM choices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RfmResult {
    /// The cut points used (the user's, or the ledger's quantiles).
    pub cuts: RfmCuts,
    /// The scale.
    pub scale: RfmScale,
    /// The scheme.
    pub scheme: SegmentScheme,
    /// Scores, index-aligned with the metrics' customers.
    pub scores: Vec<RfmScore>,
    /// Segments, index-aligned with the metrics' customers.
    pub segments: Vec<Segment>,
}

/// A segment's tier and totals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SegmentTotal {
    /// The segment.
    pub segment: Segment,
    /// The tier it maps to.
    pub tier: Tier,
    /// Customers in it.
    pub customers: usize,
    /// Their sales.
    pub sales: f64,
    /// Their share of (positive) sales.
    pub sales_share: f64,
}

impl RfmResult {
    /// The scheme's segments, best first, each with its tier, customers and sales.
    pub fn totals(&self, customers: &[CustomerMetrics], p: &RfmParams) -> Vec<SegmentTotal> {
        let positive: f64 = customers.iter().map(|c| c.sales.max(0.0)).sum();
        self.scheme
            .segments()
            .iter()
            .map(|&segment| {
                let (count, sales) = customers
                    .iter()
                    .zip(&self.segments)
                    .filter(|(_, s)| **s == segment)
                    .fold((0usize, 0.0), |(k, v), (c, _)| (k + 1, v + c.sales));
                SegmentTotal {
                    segment,
                    tier: p.tier(segment),
                    customers: count,
                    sales,
                    sales_share: super::ratio(sales.max(0.0), positive),
                }
            })
            .collect()
    }
}

/// Scores and segments every customer.
pub fn analyse(customers: &[CustomerMetrics], p: &RfmParams) -> RfmResult {
    let cuts = p.cuts.clone().unwrap_or_else(|| cuts_for(customers, p.scale));
    let scores: Vec<RfmScore> = customers.iter().map(|c| score_customer(c, &cuts, p.scale)).collect();
    let segments = scores.iter().map(|s| segment(*s, p.scale, p.scheme)).collect();
    RfmResult {
        cuts,
        scale: p.scale,
        scheme: p.scheme,
        scores,
        segments,
    }
}

/// The RFM tiering method: each candidate's segment, mapped to its tier.
pub(crate) fn classify(c: &[Candidate], rfm: &RfmResult, p: &RfmParams) -> MethodResult {
    MethodResult {
        tiers: c.iter().map(|x| p.tier(rfm.segments[x.index])).collect(),
        scores: None,
        notes: Vec::new(),
    }
}

/// How finely each dimension is scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RfmScale {
    /// 1–5.
    #[default]
    Quintiles,
    /// 1–4.
    Quartiles,
}

impl RfmScale {
    /// Bins per dimension.
    pub fn bins(self) -> u8 {
        match self {
            RfmScale::Quintiles => 5,
            RfmScale::Quartiles => 4,
        }
    }
}

/// The cut points per dimension, ascending (k − 1 each). Recency in days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RfmCuts {
    /// Days since the last purchase.
    pub recency: Vec<f64>,
    /// Purchases.
    pub frequency: Vec<f64>,
    /// Sales.
    pub monetary: Vec<f64>,
}

/// Scores of one customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RfmScore {
    /// Recency score (higher: more recent).
    pub r: u8,
    /// Frequency score.
    pub f: u8,
    /// Monetary score.
    pub m: u8,
}

/// Which segment scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SegmentScheme {
    /// R/F/M each high or low: 8 segments.
    #[default]
    Eight,
    /// Champions … Lost over R and FM: 11 segments.
    Eleven,
}

impl SegmentScheme {
    /// The scheme's segments, best first.
    pub fn segments(self) -> &'static [Segment] {
        match self {
            SegmentScheme::Eight => &Segment::EIGHT,
            SegmentScheme::Eleven => &Segment::ELEVEN,
        }
    }

    /// The segments of tier A and of tier B when the user has not chosen:
    /// the 8-segment scheme's 重要价值 is A and the other 重要 ones B; of the
    /// 11, champions, loyal and can't-lose are A, the promising ones and those
    /// at risk or needing attention B.
    pub fn default_tiers(self) -> (Vec<Segment>, Vec<Segment>) {
        use Segment::*;
        match self {
            SegmentScheme::Eight => (
                vec![ImportantValue],
                vec![ImportantDevelop, ImportantKeep, ImportantRetain],
            ),
            SegmentScheme::Eleven => (
                vec![Champions, Loyal, CantLose],
                vec![PotentialLoyalist, AtRisk, NeedAttention, New, Promising],
            ),
        }
    }
}

/// An RFM segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    /// 重要价值客户: R, F, M high.
    ImportantValue,
    /// 重要发展客户: R and M high, F low.
    ImportantDevelop,
    /// 重要保持客户: F and M high, R low.
    ImportantKeep,
    /// 重要挽留客户: M high, R and F low.
    ImportantRetain,
    /// 一般价值客户: R and F high, M low.
    GeneralValue,
    /// 一般发展客户: R high, F and M low.
    GeneralDevelop,
    /// 一般保持客户: F high, R and M low.
    GeneralKeep,
    /// 一般挽留客户: all low.
    GeneralRetain,
    /// Champions.
    Champions,
    /// Loyal customers.
    Loyal,
    /// Potential loyalists.
    PotentialLoyalist,
    /// New customers.
    New,
    /// Promising.
    Promising,
    /// Need attention.
    NeedAttention,
    /// About to sleep.
    AboutToSleep,
    /// At risk.
    AtRisk,
    /// Can't lose them.
    CantLose,
    /// Hibernating.
    Hibernating,
    /// Lost.
    Lost,
}

impl Segment {
    /// The 8 segments of the high/low scheme, best first.
    pub const EIGHT: [Segment; 8] = [
        Segment::ImportantValue,
        Segment::ImportantDevelop,
        Segment::ImportantKeep,
        Segment::ImportantRetain,
        Segment::GeneralValue,
        Segment::GeneralDevelop,
        Segment::GeneralKeep,
        Segment::GeneralRetain,
    ];

    /// The 11 segments of the Champions … Lost map.
    pub const ELEVEN: [Segment; 11] = [
        Segment::Champions,
        Segment::Loyal,
        Segment::PotentialLoyalist,
        Segment::New,
        Segment::Promising,
        Segment::NeedAttention,
        Segment::AboutToSleep,
        Segment::AtRisk,
        Segment::CantLose,
        Segment::Hibernating,
        Segment::Lost,
    ];

    /// The segment's name.
    pub fn name(self, lang: Lang) -> &'static str {
        use Segment::*;
        match (self, lang) {
            (ImportantValue, Lang::Zh) => "重要价值客户",
            (ImportantValue, Lang::En) => "Champions (important value)",
            (ImportantDevelop, Lang::Zh) => "重要发展客户",
            (ImportantDevelop, Lang::En) => "Important to develop",
            (ImportantKeep, Lang::Zh) => "重要保持客户",
            (ImportantKeep, Lang::En) => "Important to keep",
            (ImportantRetain, Lang::Zh) => "重要挽留客户",
            (ImportantRetain, Lang::En) => "At risk (important to win back)",
            (GeneralValue, Lang::Zh) => "一般价值客户",
            (GeneralValue, Lang::En) => "General value",
            (GeneralDevelop, Lang::Zh) => "一般发展客户",
            (GeneralDevelop, Lang::En) => "General to develop",
            (GeneralKeep, Lang::Zh) => "一般保持客户",
            (GeneralKeep, Lang::En) => "General to keep",
            (GeneralRetain, Lang::Zh) => "一般挽留客户",
            (GeneralRetain, Lang::En) => "General to win back",
            (Champions, Lang::Zh) => "冠军客户",
            (Champions, Lang::En) => "Champions",
            (Loyal, Lang::Zh) => "忠诚客户",
            (Loyal, Lang::En) => "Loyal customers",
            (PotentialLoyalist, Lang::Zh) => "潜在忠诚客户",
            (PotentialLoyalist, Lang::En) => "Potential loyalists",
            (New, Lang::Zh) => "新客户",
            (New, Lang::En) => "New customers",
            (Promising, Lang::Zh) => "有潜力客户",
            (Promising, Lang::En) => "Promising",
            (NeedAttention, Lang::Zh) => "需关注客户",
            (NeedAttention, Lang::En) => "Need attention",
            (AboutToSleep, Lang::Zh) => "即将沉睡客户",
            (AboutToSleep, Lang::En) => "About to sleep",
            (AtRisk, Lang::Zh) => "流失风险客户",
            (AtRisk, Lang::En) => "At risk",
            (CantLose, Lang::Zh) => "不能失去的客户",
            (CantLose, Lang::En) => "Can't lose them",
            (Hibernating, Lang::Zh) => "休眠客户",
            (Hibernating, Lang::En) => "Hibernating",
            (Lost, Lang::Zh) => "已流失客户",
            (Lost, Lang::En) => "Lost",
        }
    }
}

/// Cut points over `values` for `bins` bins (see the module docs).
pub fn cuts(values: &[f64], bins: u8) -> Vec<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return vec![0.0; bins as usize - 1];
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    (1..bins as usize)
        .map(|j| v[(j * n).div_ceil(bins as usize).max(1) - 1])
        .collect()
}

/// 1 + the number of cuts `value` is strictly above.
pub fn score(value: f64, cuts: &[f64]) -> u8 {
    1 + cuts.iter().filter(|c| value > **c).count() as u8
}

/// Days from the last purchase to the day after the period's end (None: no dated purchase).
pub fn recency(c: &CustomerMetrics) -> Option<f64> {
    c.recency_days.map(|d| (d + 1) as f64)
}

/// The cut points of a set of customers (customers without a dated purchase
/// count as the oldest; without a frequency, as one purchase).
pub fn cuts_for(customers: &[CustomerMetrics], scale: RfmScale) -> RfmCuts {
    let k = scale.bins();
    let r: Vec<f64> = customers.iter().filter_map(recency).collect();
    let f: Vec<f64> = customers.iter().map(|c| c.frequency.unwrap_or(1) as f64).collect();
    let m: Vec<f64> = customers.iter().map(|c| c.sales).collect();
    RfmCuts {
        recency: cuts(&r, k),
        frequency: cuts(&f, k),
        monetary: cuts(&m, k),
    }
}

/// A customer's scores under the given cut points.
pub fn score_customer(c: &CustomerMetrics, cuts: &RfmCuts, scale: RfmScale) -> RfmScore {
    let k = scale.bins();
    let r = match recency(c) {
        Some(days) => k + 1 - score(days, &cuts.recency),
        None => 1,
    };
    RfmScore {
        r,
        f: score(c.frequency.unwrap_or(1) as f64, &cuts.frequency),
        m: score(c.sales, &cuts.monetary),
    }
}

/// The segment of a score.
pub fn segment(s: RfmScore, scale: RfmScale, scheme: SegmentScheme) -> Segment {
    let k = scale.bins();
    match scheme {
        SegmentScheme::Eight => {
            // Above the middle of the scale is high: 4–5 of 5, 3–4 of 4.
            let high = |x: u8| 2 * x > k + 1;
            use Segment::*;
            match (high(s.r), high(s.f), high(s.m)) {
                (true, true, true) => ImportantValue,
                (true, false, true) => ImportantDevelop,
                (false, true, true) => ImportantKeep,
                (false, false, true) => ImportantRetain,
                (true, true, false) => GeneralValue,
                (true, false, false) => GeneralDevelop,
                (false, true, false) => GeneralKeep,
                (false, false, false) => GeneralRetain,
            }
        }
        SegmentScheme::Eleven => {
            // The map is drawn on 1–5; quartile scores are spread onto it.
            let five = |x: u8| {
                if k == 5 {
                    x
                } else {
                    [1, 2, 4, 5][(x.clamp(1, 4) - 1) as usize]
                }
            };
            let r = five(s.r);
            let fm = (five(s.f) as u32 + five(s.m) as u32).div_ceil(2) as u8;
            use Segment::*;
            match (r, fm) {
                (1, 1) => Lost,
                (1..=2, 1..=2) => Hibernating,
                (1..=2, 3..=4) => AtRisk,
                (1..=2, _) => CantLose,
                (3, 1..=2) => AboutToSleep,
                (3, 3) => NeedAttention,
                (3, _) => Loyal,
                (4, 1) => Promising,
                (4, 2..=3) => PotentialLoyalist,
                (4, _) => Loyal,
                (5, 1) => New,
                (5, 2..=3) => PotentialLoyalist,
                _ => Champions,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quintile_cuts_never_split_ties() {
        // Ten customers; four share the value at the second cut.
        let v = [1.0, 2.0, 3.0, 3.0, 3.0, 3.0, 7.0, 8.0, 9.0, 10.0];
        let c = cuts(&v, 5);
        assert_eq!(c, [2.0, 3.0, 3.0, 8.0], "the tie at 3 holds two cut positions");
        let scores: Vec<u8> = v.iter().map(|x| score(*x, &c)).collect();
        // All four 3s share score 2 (a value on a cut takes the lower score);
        // score 3 stays empty rather than split them.
        assert_eq!(scores, [1, 1, 2, 2, 2, 2, 4, 4, 5, 5]);
    }

    #[test]
    fn every_score_has_exactly_one_segment_in_both_schemes() {
        for scale in [RfmScale::Quintiles, RfmScale::Quartiles] {
            let k = scale.bins();
            let mut eight = std::collections::BTreeSet::new();
            let mut eleven = std::collections::BTreeSet::new();
            for r in 1..=k {
                for f in 1..=k {
                    for m in 1..=k {
                        let s = RfmScore { r, f, m };
                        eight.insert(segment(s, scale, SegmentScheme::Eight));
                        eleven.insert(segment(s, scale, SegmentScheme::Eleven));
                    }
                }
            }
            assert_eq!(eight.len(), 8, "{scale:?}");
            assert!(eight.iter().all(|s| Segment::EIGHT.contains(s)));
            assert!(eleven.iter().all(|s| Segment::ELEVEN.contains(s)));
            if scale == RfmScale::Quintiles {
                assert_eq!(eleven.len(), 11);
            }
        }
    }

    #[test]
    fn a_recent_frequent_big_buyer_is_a_champion_and_the_opposite_is_lost() {
        let top = RfmScore { r: 5, f: 5, m: 5 };
        let bottom = RfmScore { r: 1, f: 1, m: 1 };
        assert_eq!(
            segment(top, RfmScale::Quintiles, SegmentScheme::Eight),
            Segment::ImportantValue
        );
        assert_eq!(
            segment(top, RfmScale::Quintiles, SegmentScheme::Eleven),
            Segment::Champions
        );
        assert_eq!(
            segment(bottom, RfmScale::Quintiles, SegmentScheme::Eleven),
            Segment::Lost
        );
        let big_but_gone = RfmScore { r: 1, f: 2, m: 5 };
        assert_eq!(
            segment(big_but_gone, RfmScale::Quintiles, SegmentScheme::Eight),
            Segment::ImportantRetain
        );
        assert_eq!(Segment::ImportantRetain.name(Lang::Zh), "重要挽留客户");
    }
}
