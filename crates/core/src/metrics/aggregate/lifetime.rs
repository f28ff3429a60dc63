//! How the lifetime values are obtained when the predictive model is not used:
//! the ledger's own column, the simple estimate with its retention rate, or
//! none (sales only, no margin).

use super::*;

impl Aggregator {
    pub(super) fn clv_basis(
        &self,
        start: Option<NaiveDate>,
        end: Option<NaiveDate>,
        retention: Option<f64>,
        value: ValueBasis,
    ) -> ClvBasis {
        if self.any_clv {
            return ClvBasis::Given;
        }
        if value == ValueBasis::Sales {
            return ClvBasis::Unavailable { fallback: None };
        }
        let simple = |r: f64, observed: bool| {
            let r = r.clamp(0.0, 0.9);
            ClvBasis::Simple {
                value,
                retention: r,
                observed,
                further_years: r / (1.0 - r),
                fallback: None,
            }
        };
        if let Some(r) = retention {
            return simple(r, false);
        }
        if let (Some(s), Some(e)) = (start, end) {
            let mid = s + chrono::Duration::days((e - s).num_days() / 2);
            let early: Vec<&Acc> = self.acc.iter().filter(|a| a.first.is_some_and(|f| f <= mid)).collect();
            if early.len() >= 10 {
                let kept = early.iter().filter(|a| a.last.is_some_and(|l| l > mid)).count();
                return simple(kept as f64 / early.len() as f64, true);
            }
        }
        simple(0.6, false)
    }
}

/// A customer's historical value on a basis: profit, sales, or sales times the
/// assumed margin (None: profit basis without this customer's profit).
pub(super) fn historical_value(basis: ValueBasis, sales: f64, profit: Option<f64>) -> Option<f64> {
    match basis {
        ValueBasis::Profit => profit,
        other => Some(other.value(sales, 0.0)),
    }
}
