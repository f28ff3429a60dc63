//! Weighted score (the FAQ of tier-management-table.txt): each metric scores
//! `min(max(value, 0) / standard, 1) × 100` against a standard (by default the
//! thresholds method's A bounds: 50万, 10 purchases, 10万 profit, 100万 CLV); the
//! score is the weighted mean over the dimensions with data, plus the customer's
//! bonus points (industry standing, brand influence), clamped to 0–100.
//!
//! Tiers by score cut-offs (≥ 80 A, ≥ 50 B) or, with `cut = rank`, by the shares of
//! customers of abc-rank applied to the ranking by score (ties by id).

use super::abc_rank::tiers_by_rank;
use super::policy::{ScoreCut, ScoreParams};
use super::{Candidate, MethodResult, Tier, TierNote, EPS};
use crate::metrics::{CustomerMetrics, MetricsSet};

type Getter = fn(&CustomerMetrics) -> f64;

/// The score of each candidate.
pub(crate) fn scores(c: &[Candidate], metrics: &MetricsSet, p: &ScoreParams, notes: &mut Vec<TierNote>) -> Vec<f64> {
    let has_clv = metrics.customers.iter().any(|c| c.clv.is_some());
    let dims: [(&str, f64, f64, bool, Getter); 4] = [
        ("sales", p.w_sales, p.std_sales, true, |c| c.sales),
        (
            "frequency",
            p.w_frequency,
            p.std_frequency,
            metrics.has_frequency,
            |c| c.frequency.unwrap_or(0) as f64,
        ),
        (
            "profit",
            p.w_profit,
            p.std_profit,
            metrics.total_profit.is_some(),
            |c| c.profit.unwrap_or(0.0),
        ),
        ("clv", p.w_clv, p.std_clv, has_clv, |c| c.clv.unwrap_or(0.0)),
    ];
    let mut used = Vec::new();
    for (name, w, std, available, get) in dims {
        if w <= 0.0 {
            continue;
        }
        if !available {
            notes.push(TierNote::DimensionSkipped { dimension: name.into() });
            continue;
        }
        used.push((w, std, get));
    }
    let total_w: f64 = used.iter().map(|(w, ..)| w).sum();
    c.iter()
        .map(|x| {
            let base = if total_w > 0.0 {
                used.iter()
                    .map(|(w, std, get)| w * ((get(x.m).max(0.0) / std).min(1.0) * 100.0))
                    .sum::<f64>()
                    / total_w
            } else {
                0.0
            };
            let bonus = p.bonus.get(&x.m.id).copied().unwrap_or(0.0);
            // Rounded to 6 decimals so that binary noise (99.99999999999997) never
            // decides a tier at a cut-off.
            ((base + bonus).clamp(0.0, 100.0) * 1e6).round() / 1e6
        })
        .collect()
}

pub(crate) fn classify(c: &[Candidate], metrics: &MetricsSet, p: &ScoreParams) -> MethodResult {
    let mut notes = Vec::new();
    let s = scores(c, metrics, p, &mut notes);
    let tiers = match p.cut {
        ScoreCut::Score => s
            .iter()
            .map(|v| {
                if *v >= p.a_score - EPS {
                    Tier::A
                } else if *v >= p.b_score - EPS {
                    Tier::B
                } else {
                    Tier::C
                }
            })
            .collect(),
        ScoreCut::Rank => {
            let mut idx: Vec<usize> = (0..c.len()).collect();
            idx.sort_by(|&a, &b| s[b].total_cmp(&s[a]).then_with(|| c[a].m.id.cmp(&c[b].m.id)));
            let by_rank = tiers_by_rank(c.len(), &p.rank);
            let mut tiers = vec![Tier::C; c.len()];
            for (k, &i) in idx.iter().enumerate() {
                tiers[i] = by_rank[k];
            }
            tiers
        }
    };
    MethodResult {
        tiers,
        scores: Some(s),
        notes,
    }
}
