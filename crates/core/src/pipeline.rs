//! The one import pipeline. Every import, in memory or into a workspace, reads
//! the ledger once on the calling thread and hands batches of rows to an
//! aggregator thread, which sorts each row into the run's period (or reports it
//! as outside) and, when a workspace is given, passes the batch on to the
//! workspace's insert thread. So the report and the customers come out of the
//! same code whichever path is taken, and storing a ledger costs no second
//! pass over its rows.
//!
//! ```text
//!  reader (this thread) ──batches──▶ aggregator ──batches──▶ store (optional)
//!  import_ledger                     period, Aggregator      one transaction
//! ```
//!
//! The pipeline knows nothing of the workspace: the store is a closure over
//! the receiving end, so `store` builds on this module, not the other way.

use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

use chrono::NaiveDate;

use crate::import::{self, ImportError, ImportOptions, Observer, Period};
use crate::ledger::{ImportReport, Origin, OutsideRow, Transaction};
use crate::metrics::{Aggregator, ClvOptions, MetricsOptions, MetricsSet};

/// Rows per batch: a few MB in flight at most with the channels' bound.
const BATCH: usize = 2048;
/// Batches a channel holds before the sender waits.
const IN_FLIGHT: usize = 8;

/// What travels down the pipeline: rows, then the finished report (only when
/// the import succeeded; a store that never sees it rolls back).
pub(crate) enum Batch {
    /// Rows in file order.
    Rows(Vec<(Transaction, Origin)>),
    /// The whole ledger's report.
    Done(Box<ImportReport>),
}

/// Rows sorted by period as they stream past, for a run and for the report.
#[derive(Default)]
pub(crate) struct PeriodSplit {
    pub(crate) agg: Aggregator,
    pub(crate) outside: Vec<OutsideRow>,
    pub(crate) first: Option<NaiveDate>,
    pub(crate) last: Option<NaiveDate>,
}

impl PeriodSplit {
    /// One row: into the customers when its date is in the period (rows
    /// without a date always are), else into the outside list.
    pub(crate) fn add(&mut self, period: Period, t: &Transaction, origin: Option<Origin>) {
        match t.date {
            Some(d) if !period.contains(d) => self.outside.push(OutsideRow {
                origin,
                date: d,
                amount: t.amount,
            }),
            date => {
                if let Some(d) = date {
                    self.first = Some(self.first.map_or(d, |f| f.min(d)));
                    self.last = Some(self.last.map_or(d, |l| l.max(d)));
                }
                self.agg.add(t);
            }
        }
    }

    /// The run's report (the whole ledger's narrowed to the period, with what
    /// only the customers show) and its customers.
    pub(crate) fn finish(self, mut whole: ImportReport, period: Period, clv: ClvOptions) -> (ImportReport, MetricsSet) {
        whole.narrow(&self.outside, (self.first, self.last));
        let metrics = self
            .agg
            .finish(whole.shape, MetricsOptions::new(period.from, period.to, clv));
        whole.absorb(&metrics);
        (whole, metrics)
    }
}

/// The store end of the pipeline: takes the batches, returns what storing them gave.
pub(crate) type Sink<'a, R> = Box<dyn FnOnce(Receiver<Batch>) -> R + Send + 'a>;

/// Reads a ledger once, splitting its rows by the period of `opts` as they
/// stream past; with `store`, every row (in or out of the period) is also
/// handed on to it on its own thread, followed by the report when the whole
/// file was read. Returns the whole ledger's report, the split, and what the
/// store returned.
pub(crate) fn stream<R: Send>(
    path: &Path,
    opts: &ImportOptions,
    observer: &mut dyn Observer,
    store: Option<Sink<'_, R>>,
) -> (Result<ImportReport, ImportError>, PeriodSplit, Option<R>) {
    let period = opts.period;
    let (to_agg, from_reader) = sync_channel::<Batch>(IN_FLIGHT);
    std::thread::scope(|scope| {
        let (to_store, inserter) = match store {
            Some(store) => {
                let (tx, rx) = sync_channel::<Batch>(IN_FLIGHT);
                (Some(tx), Some(scope.spawn(move || store(rx))))
            }
            None => (None, None),
        };
        let aggregator = scope.spawn(move || aggregate(period, from_reader, to_store));
        let mut batch = Vec::with_capacity(BATCH);
        let read = import::import_ledger(path, opts, observer, &mut |t, at| {
            batch.push((t, at));
            if batch.len() == BATCH {
                // A closed channel means a later stage failed; its error is reported below.
                let _ = to_agg.send(Batch::Rows(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))));
            }
        });
        if let Ok(report) = &read {
            let _ = to_agg.send(Batch::Rows(batch));
            let _ = to_agg.send(Batch::Done(Box::new(report.clone())));
        }
        drop(to_agg);
        let split = aggregator.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
        let stored = inserter.map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        (read, split, stored)
    })
}

/// The aggregator thread: splits rows by period and passes every batch on.
fn aggregate(period: Period, rows: Receiver<Batch>, next: Option<SyncSender<Batch>>) -> PeriodSplit {
    let mut split = PeriodSplit::default();
    for batch in rows {
        if let Batch::Rows(rows) = &batch {
            for (t, at) in rows {
                split.add(period, t, Some(*at));
            }
        }
        if let Some(next) = &next {
            // The store stopped (a database error it reports itself): keep
            // aggregating so the reader is never blocked.
            let _ = next.send(batch);
        }
    }
    split
}
