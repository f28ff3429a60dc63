//! ABC by customer rank (abc-customer-classification.txt): A = the top 5% of
//! customers, B = the top 20% minus A, C = the rest.
//!
//! Counts are `round_half_up(n × share)`; A has at least one customer when there is
//! at least one; the A+B count is never below the A count. Ties on the ranking
//! value are broken by customer id, so the split is deterministic.

use super::policy::AbcRankParams;
use super::{round_half_up, Candidate, MethodResult, Tier};

/// The tier of each position in a ranking of `n` customers.
pub(crate) fn tiers_by_rank(n: usize, p: &AbcRankParams) -> Vec<Tier> {
    let mut a = round_half_up(n as f64 * p.a_share).min(n);
    if n > 0 && a == 0 && p.a_share > 0.0 {
        a = 1;
    }
    let ab = round_half_up(n as f64 * p.ab_share).clamp(a, n);
    (0..n)
        .map(|i| {
            if i < a {
                Tier::A
            } else if i < ab {
                Tier::B
            } else {
                Tier::C
            }
        })
        .collect()
}

pub(crate) fn classify(c: &[Candidate], p: &AbcRankParams) -> MethodResult {
    MethodResult {
        tiers: tiers_by_rank(c.len(), p),
        scores: None,
        notes: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hundred_customers_split_five_fifteen_eighty() {
        let t = tiers_by_rank(100, &AbcRankParams::default());
        assert_eq!(t.iter().filter(|x| **x == Tier::A).count(), 5);
        assert_eq!(t.iter().filter(|x| **x == Tier::B).count(), 15);
        assert_eq!(t.iter().filter(|x| **x == Tier::C).count(), 80);
    }

    #[test]
    fn small_ledgers_still_get_one_a_customer() {
        // 3 × 5% = 0.15 → at least one A; 3 × 20% = 0.6 → 1, so B is empty.
        assert_eq!(tiers_by_rank(3, &AbcRankParams::default()), [Tier::A, Tier::C, Tier::C]);
        assert_eq!(tiers_by_rank(1, &AbcRankParams::default()), [Tier::A]);
        assert!(tiers_by_rank(0, &AbcRankParams::default()).is_empty());
        // 10 × 5% = 0.5 rounds up to 1; 10 × 20% = 2.
        let t = tiers_by_rank(10, &AbcRankParams::default());
        assert_eq!(&t[..3], [Tier::A, Tier::B, Tier::C]);
    }
}
