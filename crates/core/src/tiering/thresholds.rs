//! Thresholds on several dimensions (tier-management-table.txt): purchasing power
//! ≥ 50万 A / ≥ 20万 B; frequency ≥ 10 / ≥ 5; profit ≥ 10万 / ≥ 5万; CLV ≥ 100万 /
//! ≥ 50万. A value on a bound belongs to the higher band.
//!
//! The documents do not say how to combine dimensions that disagree:
//! - `all` (default): a tier needs every dimension at that tier or better, i.e. the
//!   customer gets its weakest dimension's tier;
//! - `points`: A=3, B=2, C=1 per dimension, weighted mean; ≥ 2.5 A, ≥ 1.5 B.
//!
//! Dimensions the ledger has no figures for are left out and noted.

use super::policy::{Band, Combine, ThresholdParams};
use super::{Candidate, MethodResult, Tier, TierNote, EPS};
use crate::metrics::{CustomerMetrics, MetricsSet};

type Getter = fn(&CustomerMetrics) -> f64;

/// The dimensions that take part: enabled and with data in this ledger.
pub(crate) fn dimensions(metrics: &MetricsSet, p: &ThresholdParams, notes: &mut Vec<TierNote>) -> Vec<(Band, Getter)> {
    let has_clv = metrics.customers.iter().any(|c| c.clv.is_some());
    let dims: [(&str, Band, bool, Getter); 4] = [
        ("sales", p.sales, true, |c| c.sales),
        ("frequency", p.frequency, metrics.has_frequency, |c| {
            c.frequency.unwrap_or(0) as f64
        }),
        ("profit", p.profit, metrics.total_profit.is_some(), |c| {
            c.profit.unwrap_or(0.0)
        }),
        ("clv", p.clv, has_clv, |c| c.clv.unwrap_or(0.0)),
    ];
    let mut out = Vec::new();
    for (name, band, available, get) in dims {
        if !band.enabled {
            continue;
        }
        if !available {
            notes.push(TierNote::DimensionSkipped { dimension: name.into() });
            continue;
        }
        out.push((band, get));
    }
    out
}

pub(crate) fn classify(c: &[Candidate], metrics: &MetricsSet, p: &ThresholdParams) -> MethodResult {
    let mut notes = Vec::new();
    let dims = dimensions(metrics, p, &mut notes);
    let mut scores = Vec::with_capacity(c.len());
    let tiers = c
        .iter()
        .map(|x| {
            let per: Vec<(Tier, f64)> = dims
                .iter()
                .map(|(band, get)| (band.tier(get(x.m)), band.weight))
                .collect();
            let weight: f64 = per.iter().map(|(_, w)| w).sum();
            let points = if weight > 0.0 {
                per.iter().map(|(t, w)| (3 - t.index()) as f64 * w).sum::<f64>() / weight
            } else {
                1.0
            };
            let points = (points * 1e6).round() / 1e6;
            scores.push(points);
            match p.combine {
                Combine::All => per.iter().map(|(t, _)| *t).max().unwrap_or(Tier::C),
                Combine::Points => {
                    if points >= p.points_a - EPS {
                        Tier::A
                    } else if points >= p.points_b - EPS {
                        Tier::B
                    } else {
                        Tier::C
                    }
                }
            }
        })
        .collect();
    let scores = (p.combine == Combine::Points).then_some(scores);
    MethodResult { tiers, scores, notes }
}
