//! ABC by cumulative value share (the inventory-style ABC): walking down the
//! ranking, A holds the customers up to 80% of the cumulative metric, B up to 95%,
//! C the rest. The customer whose value crosses a cut line belongs to the higher
//! tier: a customer is A when the cumulative share *before* it is below the A cut.
//! Shares are of the sum of positive values; customers with a value ≤ 0 are C.

use super::policy::AbcValueParams;
use super::{Candidate, MethodResult, Tier, EPS};

pub(crate) fn classify(c: &[Candidate], p: &AbcValueParams) -> MethodResult {
    let total: f64 = c.iter().map(|x| x.value.max(0.0)).sum();
    let mut before = 0.0;
    let tiers = c
        .iter()
        .map(|x| {
            if x.value <= 0.0 || total <= 0.0 {
                return Tier::C;
            }
            let prev = before / total;
            before += x.value;
            if prev < p.a_cut - EPS {
                Tier::A
            } else if prev < p.b_cut - EPS {
                Tier::B
            } else {
                Tier::C
            }
        })
        .collect();
    MethodResult {
        tiers,
        scores: None,
        notes: Vec::new(),
    }
}
