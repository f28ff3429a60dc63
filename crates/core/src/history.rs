//! Tiering is dynamic (科学动态的分类管理机制): the company re-tiers every period and
//! watches customers move. This module splits a ledger's dates into periods and
//! compares two tier runs: the migration matrix, who moved up or down, who is new
//! or lost, the rising stars (明日之星) and the slipping key accounts.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::import::Period;
use crate::metrics::CustomerMetrics;
use crate::tiering::{Tier, TierTable};
use crate::Lang;

/// One period of the trend: its label and, per tier (A, B, C), customers and sales.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendPoint {
    /// The run's label (`2025年`).
    pub label: String,
    /// Customers per tier.
    pub customers: [usize; 3],
    /// Sales per tier.
    pub sales: [f64; 3],
}

/// How a ledger's dates are cut into periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    /// Calendar years.
    Year,
    /// Calendar quarters.
    Quarter,
    /// Calendar months.
    Month,
}

impl Granularity {
    /// Every granularity.
    pub const ALL: [Granularity; 3] = [Granularity::Year, Granularity::Quarter, Granularity::Month];

    /// The key used on the command line and in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Granularity::Year => "year",
            Granularity::Quarter => "quarter",
            Granularity::Month => "month",
        }
    }
}

/// The calendar periods that cover `first..=last`, each with its label
/// (`2025年`, `2025年第1季度`, `2025年3月`; `2025`, `2025 Q1`, `2025-03`).
pub fn periods(first: NaiveDate, last: NaiveDate, g: Granularity, lang: Lang) -> Vec<(String, Period)> {
    let mut out = Vec::new();
    let months = match g {
        Granularity::Year => 12,
        Granularity::Quarter => 3,
        Granularity::Month => 1,
    };
    let start_month = (first.month0() / months) * months;
    let mut y = first.year();
    let mut m0 = start_month;
    loop {
        let from = NaiveDate::from_ymd_opt(y, m0 + 1, 1).expect("a valid month start");
        if from > last {
            break;
        }
        let (ny, nm0) = if m0 + months >= 12 {
            (y + 1, m0 + months - 12)
        } else {
            (y, m0 + months)
        };
        let to = NaiveDate::from_ymd_opt(ny, nm0 + 1, 1)
            .expect("a valid month start")
            .pred_opt()
            .expect("a day before");
        let label = match (g, lang) {
            (Granularity::Year, Lang::Zh) => format!("{y}年"),
            (Granularity::Year, Lang::En) => format!("{y}"),
            (Granularity::Quarter, Lang::Zh) => format!("{y}年第{}季度", m0 / 3 + 1),
            (Granularity::Quarter, Lang::En) => format!("{y} Q{}", m0 / 3 + 1),
            (Granularity::Month, Lang::Zh) => format!("{y}年{}月", m0 + 1),
            (Granularity::Month, Lang::En) => format!("{y}-{:02}", m0 + 1),
        };
        out.push((
            label,
            Period {
                from: Some(from),
                to: Some(to),
            },
        ));
        y = ny;
        m0 = nm0;
    }
    out
}

/// A run's name for a date range: the calendar year, quarter or month it is
/// exactly (`2025年`, `2025年第1季度`, `2025年3月`), else the range in words.
pub fn period_label(from: NaiveDate, to: NaiveDate, lang: Lang) -> String {
    [Granularity::Year, Granularity::Quarter, Granularity::Month]
        .into_iter()
        .find_map(|g| {
            periods(from, from, g, lang)
                .into_iter()
                .find(|(_, p)| p.from == Some(from) && p.to == Some(to))
                .map(|(l, _)| l)
        })
        .unwrap_or_else(|| crate::format::period(Some(from), Some(to), lang))
}

/// A name for a whole ledger's dates: the one calendar year (or quarter, month)
/// they fall in (`2025年` for a ledger of 2 Jan – 30 Dec), else the range.
pub fn span_label(first: NaiveDate, last: NaiveDate, lang: Lang) -> String {
    [Granularity::Month, Granularity::Quarter, Granularity::Year]
        .into_iter()
        .map(|g| periods(first, last, g, lang))
        .find(|p| p.len() == 1)
        .and_then(|mut p| p.pop())
        .map(|(l, _)| l)
        .unwrap_or_else(|| crate::format::period(Some(first), Some(last), lang))
}

/// The name of a run over `period` of a ledger whose rows span `first..=last`:
/// the calendar unit the period (or, for the whole ledger, its dates) covers,
/// else the range in words; None when nothing is known about the dates.
pub fn run_label(period: Period, first: Option<NaiveDate>, last: Option<NaiveDate>, lang: Lang) -> Option<String> {
    match (period.from, period.to, first, last) {
        (Some(f), Some(t), _, _) => Some(period_label(f, t, lang)),
        (None, None, Some(f), Some(t)) => Some(span_label(f, t, lang)),
        (None, None, _, _) => None,
        (f, t, _, _) => Some(crate::format::period(f, t, lang)),
    }
}

/// Thresholds for the lists of a comparison (editable; defaults in brackets).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CompareOptions {
    /// Rising stars listed at most (10).
    pub rising_stars: usize,
    /// An A or B customer slips when sales fell by more than this share (30%).
    pub sales_drop: f64,
    /// … or purchase frequency fell by more than this share (30%).
    pub frequency_drop: f64,
    /// … or the last purchase is more than this many days ago (90).
    pub recency_days: i64,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            rising_stars: 10,
            sales_drop: 0.3,
            frequency_drop: 0.3,
            recency_days: 90,
        }
    }
}

/// One cell of the migration matrix: customers that went from one tier to another.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MatrixCell {
    /// Customers.
    pub customers: usize,
    /// Their sales in the earlier period.
    pub sales_before: f64,
    /// Their sales in the later period.
    pub sales_after: f64,
}

/// A customer in both or one of the periods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Mover {
    /// Customer id.
    pub id: String,
    /// Name (from the later period when present).
    pub name: String,
    /// Tier in the earlier period (None: new).
    pub before: Option<Tier>,
    /// Tier in the later period (None: lost).
    pub after: Option<Tier>,
    /// Sales in the earlier period.
    pub sales_before: f64,
    /// Sales in the later period.
    pub sales_after: f64,
}

impl Mover {
    /// Sales growth, `after / before − 1`, when the earlier sales were positive.
    pub fn growth(&self) -> Option<f64> {
        (self.sales_before > 0.0).then(|| self.sales_after / self.sales_before - 1.0)
    }

    /// The growth as `+200.0%`, or empty.
    pub fn growth_text(&self) -> String {
        self.growth().map(|g| format!("{:+.1}%", g * 100.0)).unwrap_or_default()
    }

    /// The earlier tier's label, or 新增/new.
    pub fn before_text(&self, lang: Lang) -> String {
        self.before
            .map_or_else(|| lang.pick("新增", "new").to_string(), |t| t.label(lang).to_string())
    }

    /// The later tier's label, or 流失/lost.
    pub fn after_text(&self, lang: Lang) -> String {
        self.after
            .map_or_else(|| lang.pick("流失", "lost").to_string(), |t| t.label(lang).to_string())
    }
}

impl Comparison {
    /// Why a customer is on the slipping list, in words (empty when it is not).
    pub fn slip_text(&self, id: &str, lang: Lang) -> String {
        self.slipping
            .iter()
            .find(|s| s.mover.id == id)
            .map(|s| {
                s.reasons
                    .iter()
                    .map(|r| r.message(lang))
                    .collect::<Vec<_>>()
                    .join(lang.pick("；", "; "))
            })
            .unwrap_or_default()
    }
}

/// Why a key account is slipping.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum SlipReason {
    /// Sales fell by this share (1.0: no sales at all in the later period).
    SalesFell {
        /// The fall, 0–1.
        share: f64,
    },
    /// Purchase frequency fell by this share.
    FrequencyFell {
        /// The fall, 0–1.
        share: f64,
    },
    /// No purchase for this many days at the end of the later period.
    Dormant {
        /// Days.
        days: i64,
    },
}

impl SlipReason {
    /// The reason in words.
    pub fn message(&self, lang: Lang) -> String {
        let pct = |s: f64| crate::format::percent(s);
        match (self, lang) {
            (SlipReason::SalesFell { share }, Lang::Zh) => format!("销售额下降 {}", pct(*share)),
            (SlipReason::SalesFell { share }, Lang::En) => format!("sales fell {}", pct(*share)),
            (SlipReason::FrequencyFell { share }, Lang::Zh) => format!("成交频率下降 {}", pct(*share)),
            (SlipReason::FrequencyFell { share }, Lang::En) => format!("purchases fell {}", pct(*share)),
            (SlipReason::Dormant { days }, Lang::Zh) => format!("{days} 天未采购"),
            (SlipReason::Dormant { days }, Lang::En) => format!("no purchase for {days} days"),
        }
    }
}

/// A slipping key account and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Slipping {
    /// The customer.
    pub mover: Mover,
    /// Every reason that applies.
    pub reasons: Vec<SlipReason>,
}

/// Two tier runs compared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// `matrix[from][to]` over customers present in both periods (A, B, C order).
    pub matrix: [[MatrixCell; 3]; 3],
    /// Moved to a better tier, biggest later sales first.
    pub upgraded: Vec<Mover>,
    /// Moved to a worse tier, biggest earlier sales first.
    pub downgraded: Vec<Mover>,
    /// Only in the later period.
    pub new: Vec<Mover>,
    /// Only in the earlier period.
    pub lost: Vec<Mover>,
    /// B or C customers (later tier) whose sales grew fastest.
    pub rising_stars: Vec<Mover>,
    /// A or B customers (earlier tier) whose sales or frequency fell, or who went quiet.
    pub slipping: Vec<Slipping>,
}

struct Side<'a> {
    tier: Tier,
    m: &'a CustomerMetrics,
}

fn index(t: &TierTable) -> HashMap<&str, Side<'_>> {
    t.metrics
        .customers
        .iter()
        .zip(&t.assignments)
        .map(|(m, a)| (m.id.as_str(), Side { tier: a.tier, m }))
        .collect()
}

/// Compares an earlier tier run with a later one. Lists are ordered by size, then
/// by customer id, so the result does not depend on ledger row order.
pub fn compare(before: &TierTable, after: &TierTable, o: &CompareOptions) -> Comparison {
    let (b, a) = (index(before), index(after));
    let mut matrix = [[MatrixCell::default(); 3]; 3];
    let (mut upgraded, mut downgraded, mut new, mut lost, mut rising, mut slipping) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mover = |id: &str, x: Option<&Side>, y: Option<&Side>| Mover {
        id: id.to_string(),
        name: y.or(x).map(|s| s.m.name.clone()).unwrap_or_default(),
        before: x.map(|s| s.tier),
        after: y.map(|s| s.tier),
        sales_before: x.map_or(0.0, |s| s.m.sales),
        sales_after: y.map_or(0.0, |s| s.m.sales),
    };
    for (id, x) in &b {
        match a.get(id) {
            Some(y) => {
                let cell = &mut matrix[x.tier.index()][y.tier.index()];
                cell.customers += 1;
                cell.sales_before += x.m.sales;
                cell.sales_after += y.m.sales;
                let mv = mover(id, Some(x), Some(y));
                if y.tier < x.tier {
                    upgraded.push(mv.clone());
                } else if y.tier > x.tier {
                    downgraded.push(mv.clone());
                }
                if y.tier != Tier::A && mv.growth().is_some_and(|g| g > 0.0) {
                    rising.push(mv.clone());
                }
                if x.tier != Tier::C {
                    let mut reasons = Vec::new();
                    if x.m.sales > 0.0 && y.m.sales < x.m.sales * (1.0 - o.sales_drop) {
                        reasons.push(SlipReason::SalesFell {
                            share: 1.0 - y.m.sales.max(0.0) / x.m.sales,
                        });
                    }
                    if let (Some(fb), Some(fa)) = (x.m.frequency, y.m.frequency) {
                        if fb > 0 && (fa as f64) < fb as f64 * (1.0 - o.frequency_drop) {
                            reasons.push(SlipReason::FrequencyFell {
                                share: 1.0 - fa as f64 / fb as f64,
                            });
                        }
                    }
                    if let Some(days) = y.m.recency_days.filter(|d| *d > o.recency_days) {
                        reasons.push(SlipReason::Dormant { days });
                    }
                    if !reasons.is_empty() {
                        slipping.push(Slipping { mover: mv, reasons });
                    }
                }
            }
            None => {
                let mv = mover(id, Some(x), None);
                if x.tier != Tier::C {
                    slipping.push(Slipping {
                        mover: mv.clone(),
                        reasons: vec![SlipReason::SalesFell { share: 1.0 }],
                    });
                }
                lost.push(mv);
            }
        }
    }
    for (id, y) in &a {
        if !b.contains_key(id) {
            new.push(mover(id, None, Some(y)));
        }
    }
    let by = |f: fn(&Mover) -> f64| move |p: &Mover, q: &Mover| f(q).total_cmp(&f(p)).then_with(|| p.id.cmp(&q.id));
    upgraded.sort_by(by(|m| m.sales_after));
    downgraded.sort_by(by(|m| m.sales_before));
    new.sort_by(by(|m| m.sales_after));
    lost.sort_by(by(|m| m.sales_before));
    rising.sort_by(|p, q| {
        q.growth()
            .unwrap_or(0.0)
            .total_cmp(&p.growth().unwrap_or(0.0))
            .then_with(|| p.id.cmp(&q.id))
    });
    rising.truncate(o.rising_stars);
    slipping.sort_by(|p, q| {
        q.mover
            .sales_before
            .total_cmp(&p.mover.sales_before)
            .then_with(|| p.mover.id.cmp(&q.mover.id))
    });
    Comparison {
        matrix,
        upgraded,
        downgraded,
        new,
        lost,
        rising_stars: rising,
        slipping,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn periods_cover_the_dates_in_calendar_units() {
        let q = periods(d(2024, 11, 5), d(2025, 4, 2), Granularity::Quarter, Lang::Zh);
        let labels: Vec<&str> = q.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(labels, ["2024年第4季度", "2025年第1季度", "2025年第2季度"]);
        assert_eq!(
            q[1].1,
            Period {
                from: Some(d(2025, 1, 1)),
                to: Some(d(2025, 3, 31))
            }
        );
        let y = periods(d(2023, 6, 1), d(2025, 1, 1), Granularity::Year, Lang::En);
        assert_eq!(
            y.iter().map(|(l, _)| l.as_str()).collect::<Vec<_>>(),
            ["2023", "2024", "2025"]
        );
        let m = periods(d(2025, 2, 10), d(2025, 3, 1), Granularity::Month, Lang::Zh);
        assert_eq!(m[0].1.to, Some(d(2025, 2, 28)));
        assert_eq!(m[1].0, "2025年3月");
    }

    #[test]
    fn a_run_is_named_after_the_calendar_unit_it_covers_exactly() {
        assert_eq!(period_label(d(2025, 1, 1), d(2025, 12, 31), Lang::Zh), "2025年");
        assert_eq!(period_label(d(2025, 4, 1), d(2025, 6, 30), Lang::Zh), "2025年第2季度");
        assert_eq!(period_label(d(2025, 3, 1), d(2025, 3, 31), Lang::En), "2025-03");
        let odd = period_label(d(2025, 1, 2), d(2025, 12, 30), Lang::Zh);
        assert!(odd.contains("2025年1月2日") && odd.contains("2025年12月30日"), "{odd}");
        assert_eq!(span_label(d(2025, 1, 2), d(2025, 12, 30), Lang::Zh), "2025年");
        assert_eq!(span_label(d(2025, 1, 2), d(2025, 2, 3), Lang::Zh), "2025年第1季度");
        assert!(span_label(d(2024, 7, 1), d(2025, 6, 30), Lang::Zh).contains("至"));
    }
}
