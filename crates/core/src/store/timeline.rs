//! The workspace's runs in time: one run per period (the latest saved for it),
//! ordered by period, for the comparison's default pair, the trend chart and the
//! report's "previous period".
//!
//! Why: a user may re-run a period with several methods; the history should show
//! each period once, as last decided, and a run over a whole ledger takes that
//! ledger's own dates as its period.

use super::db::p;
use super::{RunInfo, StoreError, Workspace};
use crate::history::TrendPoint;
use crate::tiering::Tier;
use chrono::NaiveDate;

/// A run with the dates it actually covers.
#[derive(Debug, Clone, PartialEq)]
pub struct TimedRun {
    /// The run.
    pub run: RunInfo,
    /// First day covered (the period's, or the ledger's first date).
    pub from: Option<NaiveDate>,
    /// Last day covered.
    pub to: Option<NaiveDate>,
}

impl Workspace {
    /// Every run with the dates it covers, oldest period first (then oldest run).
    pub fn timed_runs(&self) -> Result<Vec<TimedRun>, StoreError> {
        let ledgers = self.ledgers()?;
        let mut out: Vec<TimedRun> = self
            .runs()?
            .into_iter()
            .map(|run| {
                let l = ledgers.iter().find(|l| l.id == run.ledger_id);
                TimedRun {
                    from: run.period.from.or(l.and_then(|l| l.first_date)),
                    to: run.period.to.or(l.and_then(|l| l.last_date)),
                    run,
                }
            })
            .collect();
        out.sort_by(|a, b| a.from.cmp(&b.from).then(a.to.cmp(&b.to)).then(a.run.id.cmp(&b.run.id)));
        Ok(out)
    }

    /// One run per period — the latest saved for it — oldest period first.
    pub fn timeline(&self) -> Result<Vec<TimedRun>, StoreError> {
        let mut out: Vec<TimedRun> = Vec::new();
        for r in self.timed_runs()? {
            match out.last_mut() {
                Some(last) if last.from == r.from && last.to == r.to => *last = r,
                _ => out.push(r),
            }
        }
        Ok(out)
    }

    /// The period before a run's, as last decided (for "who moved" in its report).
    pub fn previous_run(&self, run_id: i64) -> Result<Option<RunInfo>, StoreError> {
        let all = self.timed_runs()?;
        let Some(me) = all.iter().find(|r| r.run.id == run_id) else {
            return Err(StoreError::NoSuchRun { id: run_id });
        };
        Ok(self
            .timeline()?
            .into_iter()
            .rfind(|r| matches!((r.to, me.from), (Some(end), Some(start)) if end < start))
            .map(|r| r.run))
    }

    /// The two latest periods' runs (earlier, later), when there are two.
    pub fn latest_pair(&self) -> Result<Option<(i64, i64)>, StoreError> {
        let t = self.timeline()?;
        Ok(match t.as_slice() {
            [.., a, b] => Some((a.run.id, b.run.id)),
            _ => None,
        })
    }

    /// Customers and sales per tier in each period of the timeline, periods named in `lang`.
    pub fn trend(&self, lang: crate::Lang) -> Result<Vec<TrendPoint>, StoreError> {
        let mut out = Vec::new();
        for r in self.timeline()? {
            let mut p = TrendPoint {
                label: r.run.name(lang),
                customers: [0; 3],
                sales: [0.0; 3],
            };
            self.db
                .each(
                    "SELECT tier, COUNT(*), COALESCE(SUM(sales), 0.0) FROM run_result WHERE run_id = ?1 GROUP BY tier",
                    p![r.run.id],
                    &mut |x| {
                        if let Some(t) = Tier::parse(&x.str(0)?) {
                            p.customers[t.index()] = x.i64(1)? as usize;
                            p.sales[t.index()] = x.f64(2)?;
                        }
                        Ok(())
                    },
                )
                .map_err(|e| self.sql(e))?;
            out.push(p);
        }
        Ok(out)
    }
}
