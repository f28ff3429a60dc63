//! Moving a workspace between a file and a team server (either way), losing
//! nothing: every import with all its rows and report, every run with its
//! policy, results, version and author, the customer records and needs, the
//! audit log, settings, saved policies and mappings — and the cache, so the
//! moved runs open at once.
//!
//! Why one transaction on the target: a move interrupted (a lost connection, a
//! full disk) leaves the target as empty as it was and the source untouched;
//! the user just moves again.

use std::collections::HashMap;

use super::db::{Db, DbError, Row, P, V};
use super::{StoreError, Workspace};
use crate::ledger::Origin;

/// What a move carried.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Moved {
    /// Imports.
    pub ledgers: u64,
    /// Their rows.
    pub rows: u64,
    /// Runs.
    pub runs: u64,
    /// Customer records.
    pub customers: u64,
    /// Audit entries.
    pub audit: u64,
}

impl Moved {
    /// What was moved, in words.
    pub fn describe(&self, lang: crate::Lang) -> String {
        match lang {
            crate::Lang::Zh => format!(
                "已迁移：台账 {}（{} 行），分级记录 {}，客户档案 {}，操作记录 {}。原工作区未改动。",
                self.ledgers, self.rows, self.runs, self.customers, self.audit
            ),
            crate::Lang::En => format!(
                "Moved: {} imports ({} rows), {} runs, {} customer records, {} audit entries. The source was not changed.",
                self.ledgers, self.rows, self.runs, self.customers, self.audit
            ),
        }
    }
}

/// A row's values as parameters for the same row elsewhere.
fn params(row: &Row) -> Vec<P<'_>> {
    row.0
        .iter()
        .map(|v| match v {
            V::Null => P::Null,
            V::Int(i) => P::Int(*i),
            V::Real(r) => P::Real(*r),
            V::Text(t) => P::Text(t),
        })
        .collect()
}

/// Every row of a query, kept to be written elsewhere.
fn rows(src: &dyn Db, sql: &str, params: &[P<'_>]) -> Result<Vec<Row>, DbError> {
    src.all(sql, params, |r| Ok(Row(r.0.clone())))
}

/// Copies a table whose rows need no id of their own.
fn copy_plain(src: &dyn Db, dst: &dyn Db, table: &str, columns: &[&str]) -> Result<u64, DbError> {
    let rows = rows(src, &format!("SELECT {} FROM {table}", columns.join(", ")), &[])?;
    dst.insert_many(table, columns, &mut rows.iter().map(params))
}

impl Workspace {
    /// Copies everything in this workspace into `target`, which must be
    /// empty (a new file, or a new team database), in one transaction there.
    /// This workspace is only read.
    ///
    /// # Errors
    /// [`StoreError::TargetNotEmpty`] when `target` holds imports; either
    /// side's failure (then `target` is left as it was).
    pub fn move_into(&self, target: &mut Workspace) -> Result<Moved, StoreError> {
        if !target.ledgers()?.is_empty() || !target.runs()?.is_empty() {
            return Err(StoreError::TargetNotEmpty {
                file: target.at.file.clone(),
            });
        }
        let src = &*self.db;
        let mut moved = Moved::default();
        let result = {
            let dst = &mut target.db;
            dst.tx(|dst| -> Result<(), DbError> {
                dst.begin_move()?;
                let mut ledger_ids = HashMap::new();
                let ledgers = rows(src, "SELECT id, file_name, size, sha256, imported_at, options, report, first_date, last_date, imported_by FROM ledger ORDER BY id", &[])?;
                for l in &ledgers {
                    let p = params(l);
                    let new = dst.insert_id(
                        "INSERT INTO ledger (file_name, size, sha256, imported_at, options, report, first_date, last_date, imported_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                        &p[1..],
                    )?;
                    let old = l.i64(0)?;
                    ledger_ids.insert(old, new);
                    moved.rows += copy_rows(self, dst, old, new)?;
                    moved.ledgers += 1;
                }
                let cache = rows(src, "SELECT ledger_id, key, metrics FROM metrics_cache", &[])?;
                for c in &cache {
                    if let Some(new) = ledger_ids.get(&c.i64(0)?) {
                        let mut p = params(c);
                        p[0] = P::Int(*new);
                        dst.exec("INSERT INTO metrics_cache (ledger_id, key, metrics) VALUES (?1, ?2, ?3)", &p)?;
                    }
                }
                let mut run_ids = HashMap::new();
                let runs = rows(src, "SELECT id, ledger_id, label, created_at, period_from, period_to, policy, created_by, version, frame FROM run ORDER BY id", &[])?;
                for r in &runs {
                    let Some(ledger) = ledger_ids.get(&r.i64(1)?) else { continue };
                    let mut p = params(r);
                    p[1] = P::Int(*ledger);
                    let new = dst.insert_id(
                        "INSERT INTO run (ledger_id, label, created_at, period_from, period_to, policy, created_by, version, frame) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                        &p[1..],
                    )?;
                    let old = r.i64(0)?;
                    run_ids.insert(old, new);
                    let results = rows(src, "SELECT run_id, customer, name, tier, computed, sales, profit, frequency, clv, override_reason, owner, detail FROM run_result WHERE run_id = ?1 ORDER BY customer", &[P::Int(old)])?;
                    dst.insert_many(
                        "run_result",
                        &["run_id", "customer", "name", "tier", "computed", "sales", "profit", "frequency", "clv", "override_reason", "owner", "detail"],
                        &mut results.iter().map(|x| {
                            let mut p = params(x);
                            p[0] = P::Int(new);
                            p
                        }),
                    )?;
                    moved.runs += 1;
                }
                moved.customers = copy_plain(
                    src,
                    dst,
                    "customer",
                    &["id", "name", "manager", "contact", "industry", "region", "notes", "needs"],
                )?;
                let audit = rows(src, "SELECT at, who, customer, action, detail, db_user, run_id FROM audit ORDER BY id", &[])?;
                for a in &audit {
                    let mut p = params(a);
                    p[6] = match a.opt_i64(6)? {
                        Some(old) => run_ids.get(&old).map_or(P::Null, |n| P::Int(*n)),
                        None => P::Null,
                    };
                    dst.exec(
                        "INSERT INTO audit (at, who, customer, action, detail, db_user, run_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        &p,
                    )?;
                    moved.audit += 1;
                }
                copy_plain(src, dst, "account_manager", &["db_user", "salesperson"])?;
                copy_plain(src, dst, "setting", &["key", "value"])?;
                copy_plain(src, dst, "saved_policy", &["name", "policy"])?;
                copy_plain(src, dst, "saved_mapping", &["layout", "options"])?;
                Ok(())
            })
        };
        result.map_err(|e| target.sql(e))?;
        Ok(moved)
    }
}

/// Copies one ledger's rows from `from` into `to` under its new id, a batch
/// at a time (a million rows never sit in memory together).
fn copy_rows(from: &Workspace, to: &dyn Db, old: i64, new: i64) -> Result<u64, DbError> {
    const BATCH: usize = 50_000;
    let mut batch = Vec::with_capacity(BATCH);
    let mut written = 0u64;
    let mut failed = None;
    let read = from.each_row(old, &mut |t, at| {
        if failed.is_some() {
            return;
        }
        // Rows stored before their place was kept count on the first sheet.
        batch.push((t, at.unwrap_or(Origin { sheet: 0, row: 0 })));
        if batch.len() == BATCH {
            match to.load_rows(new, &mut batch.drain(..)) {
                Ok(n) => written += n,
                Err(e) => failed = Some(e),
            }
        }
    });
    read.map_err(|e| DbError::other(e.message(crate::Lang::En)))?;
    if let Some(e) = failed {
        return Err(e);
    }
    let rest = to.load_rows(new, &mut batch.drain(..))?;
    Ok(written + rest)
}
