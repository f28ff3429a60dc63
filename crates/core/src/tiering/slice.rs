//! A tier table cut into its run-wide part and one row per customer, and put
//! back together from the rows a reader may see.
//!
//! Why: an account manager (客户经理) sees their own customers only, and the
//! team server enforces it by the rows it hands out. Their table cannot be
//! tiered again from those rows — ABC cut points, RFM quintiles and the
//! lenses' medians depend on every customer — so each row keeps what the whole
//! run worked out for that customer (its tier, scores, segment, lens, rank and
//! share of the company's sales), and the table is rebuilt from the rows as
//! they are.

use serde::{Deserialize, Serialize};

use super::lenses::Lens;
use super::rfm::{RfmResult, RfmScore, Segment};
use super::{Assignment, CheckedPolicy, TierNote, TierTable};
use crate::metrics::{CustomerMetrics, MetricsSet};

/// The run-wide part of a table, with nothing that names a customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableFrame {
    /// The period's totals and the ledger's shape (no customers).
    pub metrics: MetricsSet,
    /// The notes that name no customer.
    pub notes: Vec<TierNote>,
    /// The RFM cut points, scale and scheme (no scores).
    pub rfm: RfmResult,
}

/// One customer's row of a table, as the whole run worked it out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableRow {
    /// The customer's metrics (rank and shares among all customers).
    pub metrics: CustomerMetrics,
    /// The tier.
    pub assignment: Assignment,
    /// The RFM scores.
    pub score: RfmScore,
    /// The RFM segment.
    pub segment: Segment,
    /// The other lenses.
    pub lens: Lens,
}

impl TierTable {
    /// The run-wide part: customers, customer-naming notes, name conflicts and
    /// merged spellings left out.
    pub fn frame(&self) -> TableFrame {
        let mut metrics = MetricsSet {
            customers: Vec::new(),
            name_conflicts: Vec::new(),
            merged: Vec::new(),
            ..self.metrics.clone()
        };
        metrics.customers.shrink_to_fit();
        TableFrame {
            metrics,
            notes: self
                .notes
                .iter()
                .filter(|n| !matches!(n, TierNote::OverrideUnmatched { .. }))
                .cloned()
                .collect(),
            rfm: RfmResult {
                scores: Vec::new(),
                segments: Vec::new(),
                ..self.rfm.clone()
            },
        }
    }

    /// The row of the customer at `index` in `metrics.customers`.
    pub fn row(&self, index: usize) -> TableRow {
        TableRow {
            metrics: self.metrics.customers[index].clone(),
            assignment: self.assignments[index].clone(),
            score: self.rfm.scores[index],
            segment: self.rfm.segments[index],
            lens: self.lenses[index],
        }
    }

    /// The table of just these rows, each as the whole run had it: customers in
    /// sales-rank order, shown by tier then ranking value as [`super::classify`]
    /// orders them; the totals are those of these customers.
    pub fn from_rows(frame: TableFrame, policy: CheckedPolicy, mut rows: Vec<TableRow>) -> TierTable {
        rows.sort_by_key(|r| r.metrics.rank);
        let TableFrame {
            mut metrics,
            notes,
            mut rfm,
        } = frame;
        metrics.total_sales = rows.iter().map(|r| r.metrics.sales).sum();
        if metrics.total_profit.is_some() {
            metrics.total_profit = Some(rows.iter().map(|r| r.metrics.profit.unwrap_or(0.0)).sum());
        }
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.sort_by(|&a, &b| {
            let (x, y) = (&rows[a], &rows[b]);
            x.assignment
                .tier
                .cmp(&y.assignment.tier)
                .then_with(|| y.assignment.value.total_cmp(&x.assignment.value))
                .then_with(|| x.metrics.id.cmp(&y.metrics.id))
        });
        let n = rows.len();
        let (mut assignments, mut lenses) = (Vec::with_capacity(n), Vec::with_capacity(n));
        metrics.customers = Vec::with_capacity(n);
        for r in rows {
            metrics.customers.push(r.metrics);
            assignments.push(r.assignment);
            rfm.scores.push(r.score);
            rfm.segments.push(r.segment);
            lenses.push(r.lens);
        }
        TierTable {
            metrics,
            assignments,
            order,
            policy,
            notes,
            rfm,
            lenses,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{LedgerShape, Transaction};
    use crate::metrics::{Aggregator, MetricsOptions};

    fn table() -> TierTable {
        let mut agg = Aggregator::new();
        for i in 0..40u32 {
            agg.add(&Transaction {
                customer: format!("K{i:02}"),
                name: Some(format!("客户{i}")),
                amount: 1000.0 * f64::from(40 - i) + f64::from(i % 3),
                profit: Some(100.0 * f64::from(i % 7)),
                ..Transaction::default()
            });
        }
        let metrics = agg.finish(LedgerShape::CustomerSummary, MetricsOptions::default());
        super::super::classify(metrics, &CheckedPolicy::default()).unwrap()
    }

    #[test]
    fn every_row_put_back_gives_the_table_that_was_cut() {
        let t = table();
        let rows = (0..t.len()).map(|i| t.row(i)).collect();
        let back = TierTable::from_rows(t.frame(), t.policy.clone(), rows);
        let ids = |t: &TierTable| t.rows().map(|(c, a)| (c.id.clone(), a.tier)).collect::<Vec<_>>();
        assert_eq!(ids(&back), ids(&t));
        assert_eq!(back.metrics.total_sales, t.metrics.total_sales);
        assert_eq!(back.rfm.segments, t.rfm.segments);
    }

    #[test]
    fn some_rows_keep_the_whole_runs_tiers_and_shares_and_total_only_themselves() {
        let t = table();
        let picked: Vec<usize> = (0..t.len()).filter(|i| i % 3 == 0).collect();
        let part = TierTable::from_rows(
            t.frame(),
            t.policy.clone(),
            picked.iter().rev().map(|&i| t.row(i)).collect(),
        );
        assert_eq!(part.len(), picked.len());
        for (c, a) in part.rows() {
            let i = t.metrics.customers.iter().position(|x| x.id == c.id).unwrap();
            assert_eq!(a.tier, t.assignments[i].tier, "{}", c.id);
            assert_eq!(c.share, t.metrics.customers[i].share);
        }
        let sum: f64 = picked.iter().map(|&i| t.metrics.customers[i].sales).sum();
        assert_eq!(part.metrics.total_sales, sum);
        assert_eq!(
            part.breakdown().tiers.iter().map(|x| x.customers).sum::<usize>(),
            picked.len()
        );
    }
}
