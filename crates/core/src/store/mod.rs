//! The workspace: one SQLite file (WAL) that keeps every imported ledger with its
//! transactions, every tier run with its policy, period and results, customer
//! records, an append-only audit log, and saved policies and mappings.
//!
//! Why: re-tiering with another method or period must not re-read the workbook,
//! and tiering is dynamic — runs of several periods are compared (see `history`).
//!
//! Safety: schema changes are versioned migrations embedded in the binary and
//! applied in transactions; every write is one transaction, so a process killed at
//! any moment leaves the old or the new state; a workspace written by a newer
//! version is refused, never touched.

mod error;
mod records;
pub mod sharing;
mod timeline;

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use error::StoreError;
pub use records::{AuditEntry, Change, CustomerPeriod, CustomerRecord};
pub use sharing::Sharing;
pub use timeline::TimedRun;

use std::sync::mpsc::Receiver;

use crate::import::{self, ImportOptions, Observer, Period};
use crate::ledger::{ImportReport, Origin, Transaction};
use crate::metrics::{ClvOptions, MetricsSet};
use crate::pipeline::{self, Batch, PeriodSplit};
use crate::tiering::{self, CheckedPolicy, TierPolicy, TierTable};

/// The migrations, oldest first. A workspace's `user_version` is how many ran.
const MIGRATIONS: &[(&str, &str)] = &[
    ("2026-11-23-initial", include_str!("migrations/2026-11-23-initial.sql")),
    ("2026-11-24-records", include_str!("migrations/2026-11-24-records.sql")),
    (
        "2026-12-01-row-origin",
        include_str!("migrations/2026-12-01-row-origin.sql"),
    ),
];

/// The schema version this build writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// An imported ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerInfo {
    /// Id in the workspace.
    pub id: i64,
    /// Source file name.
    pub file_name: String,
    /// Size in bytes.
    pub size: i64,
    /// SHA-256 of the content.
    pub sha256: String,
    /// When it was imported (RFC 3339, UTC).
    pub imported_at: String,
    /// First date of its rows.
    pub first_date: Option<NaiveDate>,
    /// Last date of its rows.
    pub last_date: Option<NaiveDate>,
}

/// The result of importing a file into the workspace.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The ledger.
    pub ledger: LedgerInfo,
    /// Its import report.
    pub report: ImportReport,
    /// True when the same content was already in the workspace (nothing was added).
    pub already: bool,
}

/// A saved tier run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunInfo {
    /// Id in the workspace.
    pub id: i64,
    /// The ledger it tiers.
    pub ledger_id: i64,
    /// Its name (usually the period, `2025年`).
    pub label: String,
    /// When it was saved.
    pub created_at: String,
    /// The period tiered.
    pub period: Period,
    /// The policy used.
    pub policy: CheckedPolicy,
    /// First and last dates of its ledger's rows (for naming a whole-ledger run).
    pub ledger_dates: (Option<NaiveDate>, Option<NaiveDate>),
}

impl RunInfo {
    /// The run's name in `lang`: its period as a calendar unit (`2025年` /
    /// `2025`) or a range, made afresh so it follows the window's language; the
    /// name saved with the run when nothing is known about the dates.
    pub fn name(&self, lang: crate::Lang) -> String {
        run_name(self.period, self.ledger_dates, &self.label, lang)
    }
}

/// A run's name in `lang` from its period and its ledger's first and last
/// dates, or the name saved with it when nothing is known about the dates.
fn run_name(period: Period, dates: (Option<NaiveDate>, Option<NaiveDate>), saved: &str, lang: crate::Lang) -> String {
    crate::history::run_label(period, dates.0, dates.1, lang).unwrap_or_else(|| saved.to_string())
}

fn days(d: NaiveDate) -> i64 {
    (d - NaiveDate::from_ymd_opt(1970, 1, 1).expect("the epoch")).num_days()
}

fn from_days(n: i64) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(1970, 1, 1)?.checked_add_signed(chrono::Duration::days(n))
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// SHA-256 of a file, read in blocks.
fn sha256(path: &Path) -> std::io::Result<(String, i64)> {
    let mut f = File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0i64;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        size += n as i64;
        h.update(&buf[..n]);
    }
    Ok((h.finalize().iter().map(|b| format!("{b:02x}")).collect(), size))
}

/// A `run` row as stored, before its policy is parsed.
struct RunRow {
    id: i64,
    ledger_id: i64,
    label: String,
    created_at: String,
    from: Option<String>,
    to: Option<String>,
    policy: String,
    first: Option<String>,
    last: Option<String>,
}

/// An open workspace.
pub struct Workspace {
    conn: Connection,
    at: Place,
}

/// Where an open workspace is, for its messages and its writes.
#[derive(Debug, Clone)]
struct Place {
    /// The file's name, as messages give it.
    file: String,
    /// The file, when it is on a shared folder (its writes mark the writer).
    shared: Option<PathBuf>,
    /// How it was opened.
    mode: Sharing,
}

impl Place {
    /// Begins a write transaction: on a shared folder the exclusive lock is
    /// taken at once (set at open) and this PC is marked as its holder.
    fn begin<'c>(&self, conn: &'c mut Connection) -> rusqlite::Result<rusqlite::Transaction<'c>> {
        let tx = conn.transaction()?;
        if let Some(path) = &self.shared {
            sharing::mark_writer(path);
        }
        Ok(tx)
    }
}

impl Workspace {
    /// Opens (or creates) a workspace file and brings its schema up to date,
    /// in the mode its place allows (see [`sharing`]).
    ///
    /// # Errors
    /// The file cannot be opened, is not a workspace, or was written by a newer
    /// version of Tierbook (then it is left untouched).
    pub fn open(path: &Path) -> Result<Workspace, StoreError> {
        Workspace::open_in(path, sharing::detect(path))
    }

    /// Opens a workspace file as [`Workspace::open`] does, in the mode given
    /// rather than the one detected (a shared folder the detection cannot see,
    /// and the tests of the shared-folder mode on a local disk).
    ///
    /// # Errors
    /// As [`Workspace::open`], and [`StoreError::Busy`] when a shared
    /// workspace is held by another PC.
    pub fn open_in(path: &Path, mode: Sharing) -> Result<Workspace, StoreError> {
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let at = Place {
            file: file.clone(),
            shared: mode.is_network().then(|| path.to_path_buf()),
            mode: mode.clone(),
        };
        let sql = |e: rusqlite::Error| match busy(&at, &e) {
            Some(b) => b,
            None => StoreError::Open {
                file: file.clone(),
                detail: e.to_string(),
            },
        };
        let mut conn = Connection::open(path).map_err(sql)?;
        let wait = match mode {
            Sharing::Local => std::time::Duration::from_secs(5),
            Sharing::Network { .. } => sharing::NETWORK_BUSY_WAIT,
        };
        conn.busy_timeout(wait).map_err(sql)?;
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(sql)?;
        if version > VERSION {
            return Err(StoreError::NewerVersion {
                file,
                version,
                supported: VERSION,
            });
        }
        if mode.is_network() {
            // WAL needs memory shared between the processes, which a network
            // file system cannot give: a rollback journal, every write taking
            // the exclusive lock before it starts, and FULL syncs.
            let journal: String = conn
                .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))
                .map_err(sql)?;
            if !journal.eq_ignore_ascii_case("delete") {
                // Still WAL: a PC has it open in the local mode; never mix them.
                return Err(StoreError::Busy {
                    file,
                    holder: sharing::last_writer(path).map(|w| w.0),
                    since: None,
                });
            }
            conn.pragma_update(None, "synchronous", "FULL").map_err(sql)?;
            conn.set_transaction_behavior(rusqlite::TransactionBehavior::Exclusive);
        } else {
            conn.pragma_update(None, "journal_mode", "WAL").map_err(sql)?;
            // Under WAL, NORMAL keeps every transaction atomic across a killed
            // process; only a power cut may lose the last commit (never corrupt
            // the file).
            conn.pragma_update(None, "synchronous", "NORMAL").map_err(sql)?;
        }
        // A 64 MB page cache keeps a million-row import off the disk until commit.
        conn.pragma_update(None, "cache_size", -65536).map_err(sql)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(sql)?;
        for (i, (_, migration)) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = at.begin(&mut conn).map_err(sql)?;
            tx.execute_batch(migration).map_err(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64).map_err(sql)?;
            tx.commit().map_err(sql)?;
        }
        Ok(Workspace { conn, at })
    }

    fn sql(&self, e: rusqlite::Error) -> StoreError {
        sql_error(&self.at)(e)
    }

    /// How the workspace was opened: on this PC's disk or on a shared folder.
    pub fn sharing(&self) -> &Sharing {
        &self.at.mode
    }

    /// The schema version of the open file.
    pub fn version(&self) -> Result<i64, StoreError> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| self.sql(e))
    }

    /// Imports a ledger file with all its rows (the store keeps everything and
    /// runs choose their period). The same content imported twice is detected
    /// by its SHA-256 and not added again.
    ///
    /// # Errors
    /// The file's import errors, or a database error (then nothing is stored).
    pub fn import(
        &mut self,
        path: &Path,
        opts: &ImportOptions,
        observer: &mut dyn Observer,
    ) -> Result<Imported, StoreError> {
        let opts = ImportOptions {
            period: Period::default(),
            ..opts.clone()
        };
        Ok(self.import_for(path, &opts, ClvOptions::default(), observer)?.0)
    }

    /// Imports a ledger file with all its rows and, in the same pass, the
    /// customers of the period of `opts` (kept in the metrics cache, so tiering
    /// that period next reads no row again). A ledger already stored is not read:
    /// its customers come from the workspace.
    ///
    /// # Errors
    /// As [`Workspace::import`].
    pub fn import_for(
        &mut self,
        path: &Path,
        opts: &ImportOptions,
        clv: ClvOptions,
        observer: &mut dyn Observer,
    ) -> Result<(Imported, ImportReport, MetricsSet), StoreError> {
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (hash, size) = sha256(path).map_err(|e| {
            let ie = match e.kind() {
                std::io::ErrorKind::NotFound => import::ImportError::NotFound {
                    file: file_name.clone(),
                },
                _ => import::ImportError::Unreadable {
                    file: file_name.clone(),
                    detail: e.to_string(),
                },
            };
            StoreError::Import(ie)
        })?;
        let period = opts.period;
        if let Some(ledger) = self.ledger_by_hash(&hash)? {
            let report = self.report(ledger.id)?;
            let (run_report, metrics) = self.metrics(ledger.id, period, clv)?;
            let imported = Imported {
                ledger,
                report,
                already: true,
            };
            return Ok((imported, run_report, metrics));
        }
        let stored_options = ImportOptions {
            period: Period::default(),
            ..opts.clone()
        };
        let new = NewLedger {
            file_name,
            size,
            hash,
            options: serde_json::to_string(&stored_options).expect("options serialise"),
        };
        let at = self.at.clone();
        let (read, split, stored) = {
            let conn = &mut self.conn;
            let at = &at;
            let store: Box<dyn FnOnce(Receiver<Batch>) -> rusqlite::Result<Option<i64>> + Send + '_> =
                Box::new(move |rows| store_rows(conn, at, &new, rows));
            pipeline::stream(path, opts, observer, Some(store))
        };
        let whole = read.map_err(StoreError::Import)?;
        let id = stored
            .expect("a store was given")
            .map_err(sql_error(&at))?
            .ok_or_else(|| StoreError::Sql {
                file: at.file.clone(),
                detail: "the import was not stored".into(),
            })?;
        let (report, metrics) = split.finish(whole.clone(), period, clv);
        self.cache(id, &cache_key(period, clv), &report, &metrics)?;
        let imported = Imported {
            ledger: self.ledger(id)?,
            report: whole,
            already: false,
        };
        Ok((imported, report, metrics))
    }

    fn ledger_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<LedgerInfo> {
        let date = |s: Option<String>| s.and_then(|s| s.parse().ok());
        Ok(LedgerInfo {
            id: r.get(0)?,
            file_name: r.get(1)?,
            size: r.get(2)?,
            sha256: r.get(3)?,
            imported_at: r.get(4)?,
            first_date: date(r.get(5)?),
            last_date: date(r.get(6)?),
        })
    }

    const LEDGER_COLUMNS: &'static str = "id, file_name, size, sha256, imported_at, first_date, last_date";

    fn ledger_by_hash(&self, hash: &str) -> Result<Option<LedgerInfo>, StoreError> {
        self.conn
            .query_row(
                &format!("SELECT {} FROM ledger WHERE sha256 = ?1", Self::LEDGER_COLUMNS),
                [hash],
                Self::ledger_from_row,
            )
            .optional()
            .map_err(|e| self.sql(e))
    }

    /// One ledger.
    ///
    /// # Errors
    /// [`StoreError::NoSuchLedger`].
    pub fn ledger(&self, id: i64) -> Result<LedgerInfo, StoreError> {
        self.conn
            .query_row(
                &format!("SELECT {} FROM ledger WHERE id = ?1", Self::LEDGER_COLUMNS),
                [id],
                Self::ledger_from_row,
            )
            .optional()
            .map_err(|e| self.sql(e))?
            .ok_or(StoreError::NoSuchLedger { id })
    }

    /// Every imported ledger, oldest first.
    pub fn ledgers(&self) -> Result<Vec<LedgerInfo>, StoreError> {
        let mut st = self
            .conn
            .prepare(&format!("SELECT {} FROM ledger ORDER BY id", Self::LEDGER_COLUMNS))
            .map_err(|e| self.sql(e))?;
        let rows = st.query_map([], Self::ledger_from_row).map_err(|e| self.sql(e))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(|e| self.sql(e))
    }

    /// A ledger's import report.
    pub fn report(&self, id: i64) -> Result<ImportReport, StoreError> {
        let json: String = self
            .conn
            .query_row("SELECT report FROM ledger WHERE id = ?1", [id], |r| r.get(0))
            .optional()
            .map_err(|e| self.sql(e))?
            .ok_or(StoreError::NoSuchLedger { id })?;
        serde_json::from_str(&json).map_err(|e| StoreError::Sql {
            file: self.at.file.clone(),
            detail: e.to_string(),
        })
    }

    /// Deletes a ledger with its rows and runs, in one transaction.
    pub fn delete_ledger(&mut self, id: i64) -> Result<(), StoreError> {
        self.ledger(id)?;
        let sql = sql_error(&self.at);
        let tx = self.at.begin(&mut self.conn).map_err(sql)?;
        tx.execute("DELETE FROM ledger WHERE id = ?1", [id]).map_err(sql)?;
        records::audit(&tx, "tierbook", None, "delete_ledger", &id.to_string()).map_err(sql)?;
        tx.commit().map_err(sql)
    }

    /// A stored ledger's run of a period without the workbook: its report
    /// (narrowed to the period, as an import of that period reports) and its
    /// customers. From the cache when this (ledger, period) was worked out
    /// before, else from the stored rows (and then cached).
    pub fn metrics(
        &self,
        ledger_id: i64,
        period: Period,
        clv: ClvOptions,
    ) -> Result<(ImportReport, MetricsSet), StoreError> {
        let key = cache_key(period, clv);
        let cached: Option<String> = self
            .conn
            .query_row(
                "SELECT metrics FROM metrics_cache WHERE ledger_id = ?1 AND key = ?2",
                params![ledger_id, key],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.sql(e))?;
        if let Some(c) = cached.and_then(|json| serde_json::from_str::<CachedRun>(&json).ok()) {
            return Ok((c.report, c.metrics));
        }
        let whole = self.report(ledger_id)?;
        let mut split = PeriodSplit::default();
        self.each_row(ledger_id, &mut |t, at| split.add(period, &t, at))?;
        let (report, metrics) = split.finish(whole, period, clv);
        self.cache(ledger_id, &key, &report, &metrics)?;
        Ok((report, metrics))
    }

    fn cache(&self, ledger_id: i64, key: &str, report: &ImportReport, metrics: &MetricsSet) -> Result<(), StoreError> {
        #[derive(Serialize)]
        struct Borrowed<'a> {
            report: &'a ImportReport,
            metrics: &'a MetricsSet,
        }
        let json = serde_json::to_string(&Borrowed { report, metrics }).expect("metrics serialise");
        self.conn
            .execute(
                "INSERT OR REPLACE INTO metrics_cache (ledger_id, key, metrics) VALUES (?1, ?2, ?3)",
                params![ledger_id, key, json],
            )
            .map_err(|e| self.sql(e))?;
        Ok(())
    }

    /// Every stored row of a ledger, in file order, with where it was read.
    fn each_row(&self, ledger_id: i64, f: &mut dyn FnMut(Transaction, Option<Origin>)) -> Result<(), StoreError> {
        let mut st = self
            .conn
            .prepare(
                "SELECT customer, name, date, amount, profit, quantity, order_id, product, salesperson, receivable, needs, purchases, clv, src_sheet, src_row
                 FROM txn WHERE ledger_id = ?1 ORDER BY rowid",
            )
            .map_err(|e| self.sql(e))?;
        let mut rows = st.query(params![ledger_id]).map_err(|e| self.sql(e))?;
        while let Some(r) = rows.next().map_err(|e| self.sql(e))? {
            let row = (|| -> rusqlite::Result<(Transaction, Option<Origin>)> {
                let t = Transaction {
                    customer: r.get(0)?,
                    name: r.get(1)?,
                    date: r.get::<_, Option<i64>>(2)?.and_then(from_days),
                    amount: r.get(3)?,
                    profit: r.get(4)?,
                    quantity: r.get(5)?,
                    order_id: r.get(6)?,
                    product: r.get(7)?,
                    salesperson: r.get(8)?,
                    receivable: r.get(9)?,
                    needs: r.get(10)?,
                    purchases: r.get(11)?,
                    clv: r.get(12)?,
                };
                let at = match (r.get::<_, Option<i64>>(13)?, r.get::<_, Option<i64>>(14)?) {
                    (Some(sheet), Some(row)) => Some(Origin {
                        sheet: sheet as u16,
                        row: row as u32,
                    }),
                    _ => None,
                };
                Ok((t, at))
            })()
            .map_err(|e| self.sql(e))?;
            f(row.0, row.1);
        }
        Ok(())
    }

    /// Tiers a stored ledger over a period and saves the run with its results.
    pub fn run(
        &mut self,
        ledger_id: i64,
        label: &str,
        period: Period,
        policy: &CheckedPolicy,
    ) -> Result<(RunInfo, TierTable), StoreError> {
        let (_, metrics) = self.metrics(ledger_id, period, policy.clv_options())?;
        self.save_run(ledger_id, label, period, policy, metrics)
    }

    /// Tiers customers already worked out for a stored ledger's period (with
    /// the workspace's customer records applied) and saves the run.
    pub fn save_run(
        &mut self,
        ledger_id: i64,
        label: &str,
        period: Period,
        policy: &CheckedPolicy,
        mut metrics: MetricsSet,
    ) -> Result<(RunInfo, TierTable), StoreError> {
        self.apply_records(&mut metrics)?;
        let table = tiering::classify(metrics, policy).map_err(StoreError::Policy)?;
        let sql = sql_error(&self.at);
        let tx = self.at.begin(&mut self.conn).map_err(sql)?;
        tx.execute(
            "INSERT INTO run (ledger_id, label, created_at, period_from, period_to, policy) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![ledger_id, label, now(), period.from.map(|d| d.to_string()), period.to.map(|d| d.to_string()), policy.to_json()],
        )
        .map_err(sql)?;
        let run_id = tx.last_insert_rowid();
        insert_results(&tx, run_id, &table).map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok((self.run_info(run_id)?, table))
    }

    const RUN_SELECT: &'static str = "SELECT r.id, r.ledger_id, r.label, r.created_at, r.period_from, r.period_to, r.policy, l.first_date, l.last_date FROM run r JOIN ledger l ON l.id = r.ledger_id";

    fn run_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RunRow> {
        Ok(RunRow {
            id: r.get(0)?,
            ledger_id: r.get(1)?,
            label: r.get(2)?,
            created_at: r.get(3)?,
            from: r.get(4)?,
            to: r.get(5)?,
            policy: r.get(6)?,
            first: r.get(7)?,
            last: r.get(8)?,
        })
    }

    fn to_run(&self, row: RunRow) -> Result<RunInfo, StoreError> {
        let policy = TierPolicy::from_json("run", &row.policy).map_err(StoreError::Policy)?;
        let date = |s: Option<String>| s.and_then(|s| s.parse().ok());
        Ok(RunInfo {
            id: row.id,
            ledger_id: row.ledger_id,
            label: row.label,
            created_at: row.created_at,
            period: Period {
                from: date(row.from),
                to: date(row.to),
            },
            policy,
            ledger_dates: (date(row.first), date(row.last)),
        })
    }

    /// One saved run.
    pub fn run_info(&self, id: i64) -> Result<RunInfo, StoreError> {
        let row = self
            .conn
            .query_row(
                &format!("{} WHERE r.id = ?1", Self::RUN_SELECT),
                [id],
                Self::run_from_row,
            )
            .optional()
            .map_err(|e| self.sql(e))?
            .ok_or(StoreError::NoSuchRun { id })?;
        self.to_run(row)
    }

    /// Every saved run, oldest first.
    pub fn runs(&self) -> Result<Vec<RunInfo>, StoreError> {
        let mut st = self
            .conn
            .prepare(&format!("{} ORDER BY r.id", Self::RUN_SELECT))
            .map_err(|e| self.sql(e))?;
        let rows = st
            .query_map([], Self::run_from_row)
            .map_err(|e| self.sql(e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.sql(e))?;
        rows.into_iter().map(|r| self.to_run(r)).collect()
    }

    /// A saved run's full tier table, rebuilt from the stored rows with the run's
    /// own policy and period (tiering is deterministic, so it is the table saved).
    pub fn run_table(&self, id: i64) -> Result<(RunInfo, TierTable), StoreError> {
        let (info, _, table) = self.open_run(id)?;
        Ok((info, table))
    }

    /// A saved run with its report (the ledger's, narrowed to the run's period)
    /// and its full tier table.
    pub fn open_run(&self, id: i64) -> Result<(RunInfo, ImportReport, TierTable), StoreError> {
        let info = self.run_info(id)?;
        let (report, mut metrics) = self.metrics(info.ledger_id, info.period, info.policy.clv_options())?;
        self.apply_records(&mut metrics)?;
        let table = tiering::classify(metrics, &info.policy).map_err(StoreError::Policy)?;
        Ok((info, report, table))
    }

    /// Customers per tier (A, B, C) in a saved run.
    pub fn run_tier_counts(&self, id: i64) -> Result<[i64; 3], StoreError> {
        let mut st = self
            .conn
            .prepare("SELECT tier, COUNT(*) FROM run_result WHERE run_id = ?1 GROUP BY tier")
            .map_err(|e| self.sql(e))?;
        let mut counts = [0i64; 3];
        let rows = st
            .query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .map_err(|e| self.sql(e))?;
        for row in rows {
            let (tier, n) = row.map_err(|e| self.sql(e))?;
            if let Some(t) = crate::Tier::parse(&tier) {
                counts[t.index()] = n;
            }
        }
        Ok(counts)
    }

    /// Path helper for the default workspace in an app data folder.
    pub fn default_path(data_dir: &Path) -> PathBuf {
        data_dir.join("workspace.tierbook")
    }

    /// The app's own workspace in `local_dir` (on Windows the local, not the
    /// roaming, app data folder: a roaming profile copies the folder at every
    /// log-on and log-off, which a database must not ride on). A workspace an
    /// earlier version kept in `old_dir` is moved there first, with its
    /// journal files; one already in `local_dir` is never overwritten.
    ///
    /// # Errors
    /// The move failed; the old workspace is then left where it was, whole.
    pub fn settle_default(old_dir: &Path, local_dir: &Path) -> std::io::Result<PathBuf> {
        let to = Workspace::default_path(local_dir);
        let from = Workspace::default_path(old_dir);
        if from == to || to.exists() || !from.is_file() {
            return Ok(to);
        }
        std::fs::create_dir_all(local_dir)?;
        let with = |p: &Path, suffix: &str| {
            let mut s = p.as_os_str().to_owned();
            s.push(suffix);
            PathBuf::from(s)
        };
        // The journal files first, the database last: until it lands, the
        // old place is still the complete workspace.
        for suffix in ["-wal", "-shm", ""] {
            let (a, b) = (with(&from, suffix), with(&to, suffix));
            if a.is_file() {
                move_file(&a, &b)?;
            }
        }
        Ok(to)
    }
}

/// Moves a file: a rename, or across volumes a copy that lands whole (to a
/// temporary name, then renamed) before the original is removed.
fn move_file(from: &Path, to: &Path) -> std::io::Result<()> {
    if std::fs::rename(from, to).is_ok() {
        return Ok(());
    }
    let tmp = to.with_extension("moving");
    std::fs::copy(from, &tmp)?;
    std::fs::rename(&tmp, to)?;
    std::fs::remove_file(from)
}

/// The cache key of a ledger's run of a period under lifetime-value choices.
fn cache_key(period: Period, clv: ClvOptions) -> String {
    let opt = |v: Option<f64>| v.map(|r| r.to_string()).unwrap_or_default();
    format!(
        "run{}|{}|{}|{}|{}|{}|{}|{}",
        crate::metrics::METRICS_VERSION,
        period.from.map(|d| d.to_string()).unwrap_or_default(),
        period.to.map(|d| d.to_string()).unwrap_or_default(),
        opt(clv.retention),
        opt(clv.horizon_years),
        opt(clv.discount_rate),
        opt(clv.margin),
        clv.backtest_split.map(|d| d.to_string()).unwrap_or_default(),
    )
}

/// A cached run of a period: its report and its customers.
#[derive(Deserialize)]
struct CachedRun {
    report: ImportReport,
    metrics: MetricsSet,
}

/// What identifies a ledger about to be stored.
struct NewLedger {
    file_name: String,
    size: i64,
    hash: String,
    options: String,
}

/// The insert thread of an import: stores the rows as they arrive in one
/// transaction, committed only when the finished report arrives; if the import
/// fails, the channel closes without it and everything rolls back (Ok(None)).
fn store_rows(
    conn: &mut Connection,
    at: &Place,
    new: &NewLedger,
    rows: Receiver<Batch>,
) -> rusqlite::Result<Option<i64>> {
    let tx = at.begin(conn)?;
    tx.execute(
        "INSERT INTO ledger (file_name, size, sha256, imported_at, options, report) VALUES (?1, ?2, ?3, ?4, ?5, '{}')",
        params![new.file_name, new.size, new.hash, now(), new.options],
    )?;
    let id = tx.last_insert_rowid();
    let mut report = None;
    {
        // Rows go in 64 at a time: one statement per chunk instead of per
        // row roughly halves SQLite's work for a million-line ledger.
        const CHUNK: usize = 64;
        let columns = "INSERT INTO txn (ledger_id, customer, name, date, amount, profit, quantity, order_id, product, salesperson, receivable, needs, purchases, clv, src_sheet, src_row) VALUES ";
        let one = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        let mut many = tx.prepare(&format!("{columns}{}", vec![one; CHUNK].join(", ")))?;
        let mut single = tx.prepare(&format!("{columns}{one}"))?;
        let values = |(t, at): (Transaction, Origin)| -> [rusqlite::types::Value; 16] {
            use rusqlite::types::Value;
            let text = |s: Option<String>| s.map_or(Value::Null, Value::Text);
            let real = |x: Option<f64>| x.map_or(Value::Null, Value::Real);
            [
                Value::Integer(id),
                Value::Text(t.customer),
                text(t.name),
                t.date.map_or(Value::Null, |d| Value::Integer(days(d))),
                Value::Real(t.amount),
                real(t.profit),
                real(t.quantity),
                text(t.order_id),
                text(t.product),
                text(t.salesperson),
                real(t.receivable),
                text(t.needs),
                real(t.purchases),
                real(t.clv),
                Value::Integer(at.sheet as i64),
                Value::Integer(at.row as i64),
            ]
        };
        for msg in rows {
            match msg {
                Batch::Rows(rows) => {
                    let mut rows = rows.into_iter().peekable();
                    while rows.peek().is_some() {
                        let chunk: Vec<(Transaction, Origin)> = rows.by_ref().take(CHUNK).collect();
                        if chunk.len() == CHUNK {
                            many.execute(rusqlite::params_from_iter(chunk.into_iter().flat_map(values)))?;
                        } else {
                            for t in chunk {
                                single.execute(rusqlite::params_from_iter(values(t)))?;
                            }
                        }
                    }
                }
                Batch::Done(r) => report = Some(*r),
            }
        }
    }
    let Some(report) = report else { return Ok(None) };
    tx.execute(
        "UPDATE ledger SET report = ?1, first_date = ?2, last_date = ?3 WHERE id = ?4",
        params![
            serde_json::to_string(&report).expect("reports serialise"),
            report.first_date.map(|d| d.to_string()),
            report.last_date.map(|d| d.to_string()),
            id
        ],
    )?;
    tx.commit()?;
    Ok(Some(id))
}

/// A database failure on workspace `file`; usable while a transaction holds the
/// connection (it borrows only the file name).
fn sql_error(at: &Place) -> impl Fn(rusqlite::Error) -> StoreError + Copy + '_ {
    move |e| {
        busy(at, &e).unwrap_or_else(|| StoreError::Sql {
            file: at.file.clone(),
            detail: e.to_string(),
        })
    }
}

/// A lock another process held past the wait, named with the PC that holds a
/// shared workspace when it is known.
fn busy(at: &Place, e: &rusqlite::Error) -> Option<StoreError> {
    let code = e.sqlite_error_code()?;
    if !matches!(
        code,
        rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
    ) {
        return None;
    }
    let writer = at.shared.as_deref().and_then(sharing::last_writer);
    Some(StoreError::Busy {
        file: at.file.clone(),
        holder: writer.as_ref().map(|w| format!("{}（{}）", w.0, w.1)),
        since: writer.map(|w| w.2).filter(|t| !t.is_empty()),
    })
}

/// Writes a run's per-customer results.
fn insert_results(tx: &rusqlite::Transaction<'_>, run_id: i64, table: &TierTable) -> rusqlite::Result<()> {
    let mut insert = tx.prepare(
        "INSERT INTO run_result (run_id, customer, name, tier, computed, sales, profit, frequency, clv, override_reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (c, a) in table.rows() {
        insert.execute(params![
            run_id,
            c.id,
            c.name,
            format!("{:?}", a.tier),
            format!("{:?}", a.computed),
            c.sales,
            c.profit,
            c.frequency,
            c.clv,
            a.override_reason
        ])?;
    }
    Ok(())
}
