//! Whose customer each result is, and the account manager's (客户经理's) view
//! of a run: their own customers only, as the whole run tiered them.
//!
//! A result's owner is the 客户经理 of the customer's record, else the
//! ledger's last 业务员 for the customer. On a team server with account
//! managers, every run also keeps each customer's table row and the run's
//! frame (see [`crate::tiering::slice`]); the server hands an account manager
//! the rows of their customers only, through views (see [`super::team`]).
//!
//! Why views, not row-level security on the tables: PostgreSQL refuses
//! `COPY FROM` into a table with row-level security for every user subject
//! to it, and a run's results (and a ledger's million rows) are written by
//! COPY. The views give the same guarantee — an account manager has no right
//! on the tables themselves, only on the views that filter them.

use std::collections::HashMap;

use super::db::{p, Db, DbError, P};
use super::{Role, Sharing, StoreError, Workspace};
use crate::ledger::ImportReport;
use crate::tiering::slice::{TableFrame, TableRow};
use crate::tiering::TierTable;

/// What a run's results are written with.
pub(super) struct Owners {
    /// 客户经理 of the customers whose record names one.
    managers: HashMap<String, String>,
    /// Whether each customer's row and the frame are kept (a team server
    /// with account managers).
    pub keep_rows: bool,
}

/// The run-wide part kept for account managers: the table's frame and the
/// period's import report without the names of customers.
#[derive(serde::Serialize, serde::Deserialize)]
struct Frame {
    table: TableFrame,
    report: ImportReport,
}

impl Owners {
    /// Read once per write of results, in its transaction.
    pub(super) fn read(db: &dyn Db, server: bool) -> Result<Owners, DbError> {
        let managers = db
            .all(
                "SELECT id, manager FROM customer WHERE manager IS NOT NULL AND manager <> ''",
                &[],
                |r| Ok((r.str(0)?, r.str(1)?)),
            )?
            .into_iter()
            .collect();
        let keep_rows = server
            && db
                .one("SELECT COUNT(*) FROM account_manager", &[], |r| r.i64(0))?
                .unwrap_or(0)
                > 0;
        Ok(Owners { managers, keep_rows })
    }

    /// The owner of the customer at `index`.
    pub(super) fn of<'t>(&'t self, table: &'t TierTable, index: usize) -> Option<&'t str> {
        let c = &table.metrics.customers[index];
        self.managers
            .get(&c.id)
            .map(String::as_str)
            .or(c.salesperson.as_deref())
            .filter(|s| !s.trim().is_empty())
    }

    /// The customer's kept row, when rows are kept.
    pub(super) fn detail(&self, table: &TierTable, index: usize) -> Option<String> {
        self.keep_rows
            .then(|| serde_json::to_string(&table.row(index)).expect("table rows serialise"))
    }
}

/// The frame kept with a run, when rows are kept.
pub(super) fn frame(table: &TierTable, report: &ImportReport) -> String {
    let report = ImportReport {
        name_conflicts: Vec::new(),
        findings: Vec::new(),
        ..report.clone()
    };
    serde_json::to_string(&Frame {
        table: table.frame(),
        report,
    })
    .expect("frames serialise")
}

impl Workspace {
    /// Whether this user sees only their own customers.
    pub(super) fn own_customers_only(&self) -> bool {
        self.at.role == Some(Role::Account)
    }

    /// Refuses a change from an account manager at once, with their role, as
    /// the server would (their rights are on views, where a change would
    /// fail with a less telling message).
    pub(super) fn writable(&self) -> Result<(), StoreError> {
        match self.own_customers_only() {
            true => Err(StoreError::Denied {
                role: self.at.role,
                detail: "permission denied".into(),
            }),
            false => Ok(()),
        }
    }

    /// An account manager's run: their customers, as the whole run had them.
    pub(super) fn own_run(&self, id: i64) -> Result<(super::RunInfo, ImportReport, TierTable), StoreError> {
        let info = self.run_info(id)?;
        let frame: Option<String> = self
            .db
            .one("SELECT frame FROM run WHERE id = ?1", p![id], |r| r.opt_str(0))
            .map_err(|e| self.sql(e))?
            .flatten();
        let frame: Frame = frame
            .and_then(|f| serde_json::from_str(&f).ok())
            .ok_or(StoreError::NotShared { id })?;
        let rows = self
            .db
            .all(
                "SELECT detail FROM run_result WHERE run_id = ?1 AND detail IS NOT NULL",
                p![id],
                |r| r.str(0),
            )
            .map_err(|e| self.sql(e))?;
        let rows: Vec<TableRow> = rows.iter().filter_map(|d| serde_json::from_str(d).ok()).collect();
        let mut table = TierTable::from_rows(frame.table, info.policy.clone(), rows);
        self.apply_records(&mut table.metrics)?;
        Ok((info, frame.report, table))
    }

    /// Keeps each customer's row and the frame of every run saved before the
    /// team had account managers, so those runs open for them too. Run when
    /// the first account manager is added (by whoever adds them).
    pub(super) fn keep_rows_of_old_runs(&mut self) -> Result<usize, StoreError> {
        let old: Vec<i64> = self
            .db
            .all("SELECT id FROM run WHERE frame IS NULL ORDER BY id", &[], |r| r.i64(0))
            .map_err(|e| self.sql(e))?;
        let server = matches!(self.sharing(), Sharing::Server);
        for &id in &old {
            let (_, report, table) = self.open_run(id)?;
            self.db
                .tx(|db| {
                    let owners = Owners::read(db, server)?;
                    db.exec("DELETE FROM run_result WHERE run_id = ?1", p![id])?;
                    super::insert_results(db, id, &table, &owners)?;
                    if owners.keep_rows {
                        db.exec(
                            "UPDATE run SET frame = ?2 WHERE id = ?1",
                            &[P::Int(id), P::Text(&frame(&table, &report))],
                        )?;
                    }
                    Ok(())
                })
                .map_err(|e| self.sql(e))?;
        }
        Ok(old.len())
    }
}
