//! Share of company sales (key-account-management.txt): a customer with at least
//! 5% of the total is A (战略客户), 1%–5% B (重点客户), below 1% C (普通客户). The
//! bounds belong to the higher tier (exactly 5% is A). Shares are of the sum of
//! positive values. “Strategic significance” is a manual override with a reason.

use super::policy::ShareParams;
use super::{Candidate, MethodResult, Tier, EPS};

pub(crate) fn classify(c: &[Candidate], p: &ShareParams) -> MethodResult {
    let total: f64 = c.iter().map(|x| x.value.max(0.0)).sum();
    let tiers = c
        .iter()
        .map(|x| {
            let share = if total > 0.0 { x.value / total } else { 0.0 };
            if share >= p.a_min - EPS && share > 0.0 {
                Tier::A
            } else if share >= p.b_min - EPS && share > 0.0 {
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
