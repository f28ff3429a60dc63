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

mod db;
mod error;
mod moving;
mod owners;
mod records;
pub mod sharing;
mod team;
mod timeline;

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use error::StoreError;
pub use moving::Moved;
pub use records::{AuditEntry, Change, CustomerPeriod, CustomerRecord};
pub use sharing::Sharing;
pub use team::Role;
pub use timeline::TimedRun;

use std::sync::mpsc::Receiver;

use crate::import::{self, ImportOptions, Observer, Period};
use crate::ledger::{ImportReport, Origin, Transaction};
use crate::metrics::{ClvOptions, MetricsSet};
use crate::pipeline::{self, Batch, PeriodSplit};
use crate::tiering::{self, CheckedPolicy, TierPolicy, TierTable};
use db::{p, Db, DbError, DbErrorKind, Row, P};

/// The schema version this build writes.
pub const VERSION: i64 = db::sqlite::MIGRATIONS.len() as i64;

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
    /// Who imported it: the database user on a team server, the PC's user in a file.
    pub imported_by: Option<String>,
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
    /// Who saved it: the database user on a team server, the PC's user in a file.
    pub created_by: Option<String>,
    /// How many times its tiers were changed since it was saved: an edit
    /// made on an older version is refused ([`StoreError::Conflict`]).
    pub version: i64,
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
    created_by: Option<String>,
    version: i64,
}

/// An open workspace.
pub struct Workspace {
    db: Box<dyn Db>,
    at: Place,
}

/// Where an open workspace is, for its messages.
#[derive(Debug, Clone)]
struct Place {
    /// The file's name (or the server's database), as messages give it.
    file: String,
    /// The file, when it is on a shared folder (a busy message names its writer).
    shared: Option<PathBuf>,
    /// How it was opened.
    mode: Sharing,
    /// The connected user's role, on a team server.
    role: Option<Role>,
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
            file,
            shared: mode.is_network().then(|| path.to_path_buf()),
            mode: mode.clone(),
            role: None,
        };
        let db = db::sqlite::Sqlite::open(path, &mode).map_err(|e| at.open_error(e))?;
        Workspace::ready(Box::new(db), at)
    }

    /// Connects to a team workspace on a PostgreSQL server
    /// (`postgres://user@host/db`; the password from `PGPASSWORD`) and brings
    /// its schema up to date.
    ///
    /// # Errors
    /// The server cannot be reached or refuses the user, or its schema is
    /// newer than this Tierbook's.
    pub fn connect(url: &str) -> Result<Workspace, StoreError> {
        Workspace::connect_as(url, None)
    }

    /// Connects as [`Workspace::connect`] does, with the password given (asked
    /// of the user, or kept in the system's keychain) instead of `PGPASSWORD`.
    ///
    /// # Errors
    /// As [`Workspace::connect`].
    pub fn connect_as(url: &str, password: Option<&str>) -> Result<Workspace, StoreError> {
        let at = Place {
            file: server_name(url),
            shared: None,
            mode: Sharing::Server,
            role: None,
        };
        let db = db::pg::Pg::connect(url, password).map_err(|e| at.open_error(e))?;
        Workspace::ready(Box::new(db), at)
    }

    /// Whether a server address carries no password of its own (then one is
    /// taken from `PGPASSWORD`, or asked for).
    pub fn needs_password(url: &str) -> bool {
        url.parse::<postgres::Config>()
            .map(|c| c.get_password().is_none())
            .unwrap_or(false)
    }

    /// Opens a workspace by what the user gave: a `postgres://` (or
    /// `postgresql://`) address is a team server, anything else a file.
    ///
    /// # Errors
    /// As [`Workspace::open`] and [`Workspace::connect`].
    pub fn open_any(place: &str) -> Result<Workspace, StoreError> {
        if is_server(place) {
            Workspace::connect(place)
        } else {
            Workspace::open(Path::new(place))
        }
    }

    fn ready(db: Box<dyn Db>, at: Place) -> Result<Workspace, StoreError> {
        match db.migrate(VERSION).map_err(|e| at.open_error(e))? {
            Ok(()) => {
                let mut ws = Workspace { db, at };
                ws.at.role = ws.read_role();
                if ws.own_customers_only() {
                    ws.narrow_to_own()?;
                }
                Ok(ws)
            }
            Err(version) => Err(StoreError::NewerVersion {
                file: at.file,
                version,
                supported: VERSION,
            }),
        }
    }

    fn on_a_server(&self) -> bool {
        matches!(self.sharing(), Sharing::Server)
    }

    /// The frame an account manager's view of a run needs: on a team server
    /// with account managers only (then each customer's row is kept too).
    pub(super) fn frame_for(
        &self,
        ledger_id: i64,
        period: Period,
        table: &TierTable,
    ) -> Result<Option<String>, StoreError> {
        if !self.on_a_server() || !self.has_account_managers()? {
            return Ok(None);
        }
        let (report, _) = self.metrics(ledger_id, period, table.policy.clv_options())?;
        Ok(Some(owners::frame(table, &report)))
    }

    fn sql(&self, e: DbError) -> StoreError {
        self.at.error(e)
    }

    /// How the workspace was opened: on this PC's disk, on a shared folder,
    /// or on a team server.
    pub fn sharing(&self) -> &Sharing {
        &self.at.mode
    }

    /// The schema version of the open workspace.
    pub fn version(&self) -> Result<i64, StoreError> {
        self.db.version().map_err(|e| self.sql(e))
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
        self.writable()?;
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
        let (read, split, stored) = {
            let db = &mut self.db;
            let store: pipeline::Sink<'_, Result<Option<i64>, DbError>> =
                Box::new(move |rows| store_rows(&**db, &new, rows));
            pipeline::stream(path, opts, observer, Some(store))
        };
        let whole = read.map_err(StoreError::Import)?;
        let id = stored
            .expect("a store was given")
            .map_err(|e| self.sql(e))?
            .ok_or_else(|| StoreError::Sql {
                file: self.at.file.clone(),
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

    fn ledger_from_row(r: &Row) -> Result<LedgerInfo, DbError> {
        let date = |s: Option<String>| s.and_then(|s| s.parse().ok());
        Ok(LedgerInfo {
            id: r.i64(0)?,
            file_name: r.str(1)?,
            size: r.i64(2)?,
            sha256: r.str(3)?,
            imported_at: r.str(4)?,
            first_date: date(r.opt_str(5)?),
            last_date: date(r.opt_str(6)?),
            imported_by: r.opt_str(7)?,
        })
    }

    const LEDGER_COLUMNS: &'static str = "id, file_name, size, sha256, imported_at, first_date, last_date, imported_by";

    fn ledger_by_hash(&self, hash: &str) -> Result<Option<LedgerInfo>, StoreError> {
        self.db
            .one(
                &format!("SELECT {} FROM ledger WHERE sha256 = ?1", Self::LEDGER_COLUMNS),
                p![hash],
                Self::ledger_from_row,
            )
            .map_err(|e| self.sql(e))
    }

    /// One ledger.
    ///
    /// # Errors
    /// [`StoreError::NoSuchLedger`].
    pub fn ledger(&self, id: i64) -> Result<LedgerInfo, StoreError> {
        self.db
            .one(
                &format!("SELECT {} FROM ledger WHERE id = ?1", Self::LEDGER_COLUMNS),
                p![id],
                Self::ledger_from_row,
            )
            .map_err(|e| self.sql(e))?
            .ok_or(StoreError::NoSuchLedger { id })
    }

    /// Every imported ledger, oldest first.
    pub fn ledgers(&self) -> Result<Vec<LedgerInfo>, StoreError> {
        self.db
            .all(
                &format!("SELECT {} FROM ledger ORDER BY id", Self::LEDGER_COLUMNS),
                &[],
                Self::ledger_from_row,
            )
            .map_err(|e| self.sql(e))
    }

    /// A ledger's import report.
    pub fn report(&self, id: i64) -> Result<ImportReport, StoreError> {
        let json: String = self
            .db
            .one("SELECT report FROM ledger WHERE id = ?1", p![id], |r| r.str(0))
            .map_err(|e| self.sql(e))?
            .ok_or(StoreError::NoSuchLedger { id })?;
        serde_json::from_str(&json).map_err(|e| StoreError::Sql {
            file: self.at.file.clone(),
            detail: e.to_string(),
        })
    }

    /// Deletes a ledger with its rows and runs, in one transaction.
    pub fn delete_ledger(&mut self, id: i64) -> Result<(), StoreError> {
        self.writable()?;
        self.ledger(id)?;
        self.db
            .tx(|db| {
                // The rows first: the server's table has no cascade (see its schema).
                db.exec("DELETE FROM txn WHERE ledger_id = ?1", p![id])?;
                db.exec("DELETE FROM ledger WHERE id = ?1", p![id])?;
                records::audit(
                    db,
                    &records::Entry {
                        who: &sharing::os_user(),
                        customer: None,
                        run_id: None,
                        action: "delete_ledger",
                        detail: &id.to_string(),
                    },
                )
            })
            .map_err(|e| self.sql(e))
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
            .db
            .one(
                "SELECT metrics FROM metrics_cache WHERE ledger_id = ?1 AND key = ?2",
                p![ledger_id, &key],
                |r| r.str(0),
            )
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
        self.db
            .exec(
                "INSERT INTO metrics_cache (ledger_id, key, metrics) VALUES (?1, ?2, ?3) ON CONFLICT (ledger_id, key) DO UPDATE SET metrics = excluded.metrics",
                p![ledger_id, key, &json],
            )
            .map_err(|e| self.sql(e))?;
        Ok(())
    }

    /// Every stored row of a ledger, in file order, with where it was read.
    fn each_row(&self, ledger_id: i64, f: &mut dyn FnMut(Transaction, Option<Origin>)) -> Result<(), StoreError> {
        let sql = format!(
            "SELECT customer, name, date, amount, profit, quantity, order_id, product, salesperson, receivable, needs, purchases, clv, src_sheet, src_row
             FROM txn WHERE ledger_id = ?1 ORDER BY {}",
            self.db.row_order()
        );
        self.db
            .each(&sql, p![ledger_id], &mut |r| {
                let t = Transaction {
                    customer: r.str(0)?,
                    name: r.opt_str(1)?,
                    date: r.opt_i64(2)?.and_then(from_days),
                    amount: r.f64(3)?,
                    profit: r.opt_f64(4)?,
                    quantity: r.opt_f64(5)?,
                    order_id: r.opt_str(6)?,
                    product: r.opt_str(7)?,
                    salesperson: r.opt_str(8)?,
                    receivable: r.opt_f64(9)?,
                    needs: r.opt_str(10)?,
                    purchases: r.opt_f64(11)?,
                    clv: r.opt_f64(12)?,
                };
                let at = match (r.opt_i64(13)?, r.opt_i64(14)?) {
                    (Some(sheet), Some(row)) => Some(Origin {
                        sheet: sheet as u16,
                        row: row as u32,
                    }),
                    _ => None,
                };
                f(t, at);
                Ok(())
            })
            .map_err(|e| self.sql(e))
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
        self.writable()?;
        self.apply_records(&mut metrics)?;
        let table = tiering::classify(metrics, policy).map_err(StoreError::Policy)?;
        let (from, to) = (period.from.map(|d| d.to_string()), period.to.map(|d| d.to_string()));
        let frame = self.frame_for(ledger_id, period, &table)?;
        let run_id = self
            .db
            .tx(|db| {
                let owners = owners::Owners::read(db, frame.is_some())?;
                let frame = frame.as_deref();
                let id = db.insert_id(
                    "INSERT INTO run (ledger_id, label, created_at, period_from, period_to, policy, created_by, frame) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    p![ledger_id, label, &now(), from.as_deref(), to.as_deref(), &policy.to_json(), &sharing::os_user(), frame],
                )?;
                insert_results(db, id, &table, &owners)?;
                Ok(id)
            })
            .map_err(|e| self.sql(e))?;
        Ok((self.run_info(run_id)?, table))
    }

    const RUN_SELECT: &'static str = "SELECT r.id, r.ledger_id, r.label, r.created_at, r.period_from, r.period_to, r.policy, l.first_date, l.last_date, r.created_by, r.version FROM run r JOIN ledger l ON l.id = r.ledger_id";

    fn run_from_row(r: &Row) -> Result<RunRow, DbError> {
        Ok(RunRow {
            id: r.i64(0)?,
            ledger_id: r.i64(1)?,
            label: r.str(2)?,
            created_at: r.str(3)?,
            from: r.opt_str(4)?,
            to: r.opt_str(5)?,
            policy: r.str(6)?,
            first: r.opt_str(7)?,
            last: r.opt_str(8)?,
            created_by: r.opt_str(9)?,
            version: r.i64(10)?,
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
            created_by: row.created_by,
            version: row.version,
        })
    }

    /// One saved run.
    pub fn run_info(&self, id: i64) -> Result<RunInfo, StoreError> {
        let row = self
            .db
            .one(
                &format!("{} WHERE r.id = ?1", Self::RUN_SELECT),
                p![id],
                Self::run_from_row,
            )
            .map_err(|e| self.sql(e))?
            .ok_or(StoreError::NoSuchRun { id })?;
        self.to_run(row)
    }

    /// Every saved run, oldest first.
    pub fn runs(&self) -> Result<Vec<RunInfo>, StoreError> {
        let rows = self
            .db
            .all(&format!("{} ORDER BY r.id", Self::RUN_SELECT), &[], Self::run_from_row)
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
    ///
    /// An account manager (客户经理) gets their own customers only, each as
    /// the whole run tiered them.
    pub fn open_run(&self, id: i64) -> Result<(RunInfo, ImportReport, TierTable), StoreError> {
        if self.own_customers_only() {
            return self.own_run(id);
        }
        let info = self.run_info(id)?;
        let (report, mut metrics) = self.metrics(info.ledger_id, info.period, info.policy.clv_options())?;
        self.apply_records(&mut metrics)?;
        let table = tiering::classify(metrics, &info.policy).map_err(StoreError::Policy)?;
        Ok((info, report, table))
    }

    /// Customers per tier (A, B, C) in a saved run.
    pub fn run_tier_counts(&self, id: i64) -> Result<[i64; 3], StoreError> {
        let mut counts = [0i64; 3];
        self.db
            .each(
                "SELECT tier, COUNT(*) FROM run_result WHERE run_id = ?1 GROUP BY tier",
                p![id],
                &mut |r| {
                    if let Some(t) = crate::Tier::parse(&r.str(0)?) {
                        counts[t.index()] = r.i64(1)?;
                    }
                    Ok(())
                },
            )
            .map_err(|e| self.sql(e))?;
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
fn store_rows(db: &dyn Db, new: &NewLedger, rows: Receiver<Batch>) -> Result<Option<i64>, DbError> {
    db.begin()?;
    let stored = (|| {
        let id = db.insert_id(
            "INSERT INTO ledger (file_name, size, sha256, imported_at, options, report, imported_by) VALUES (?1, ?2, ?3, ?4, ?5, '{}', ?6)",
            p![&new.file_name, new.size, &new.hash, &now(), &new.options, &sharing::os_user()],
        )?;
        let mut report = None;
        let mut stream = rows
            .iter()
            .map_while(|msg| match msg {
                Batch::Rows(rows) => Some(rows),
                Batch::Done(r) => {
                    report = Some(*r);
                    None
                }
            })
            .flatten();
        db.load_rows(id, &mut stream)?;
        drop(stream);
        Ok(report.map(|r| (id, r)))
    })();
    match stored {
        Ok(Some((id, report))) => {
            let (first, last) = (report.first_date, report.last_date);
            let done = (|| {
                db.exec(
                    "UPDATE ledger SET report = ?2, first_date = ?3, last_date = ?4 WHERE id = ?1",
                    p![
                        id,
                        &serde_json::to_string(&report).expect("reports serialise"),
                        first.map(|d| d.to_string()).as_deref(),
                        last.map(|d| d.to_string()).as_deref()
                    ],
                )?;
                db.commit()
            })();
            match done {
                Ok(()) => Ok(Some(id)),
                Err(e) => {
                    db.rollback();
                    Err(e)
                }
            }
        }
        Ok(None) => {
            db.rollback();
            Ok(None)
        }
        Err(e) => {
            db.rollback();
            Err(e)
        }
    }
}

/// Writes a run's per-customer results, each with its owner (and, for
/// account managers, its whole row).
fn insert_results(db: &dyn Db, run_id: i64, table: &TierTable, owners: &owners::Owners) -> Result<(), DbError> {
    let extra: Vec<(String, String, Option<String>)> = table
        .order
        .iter()
        .map(|&i| {
            let a = &table.assignments[i];
            (
                format!("{:?}", a.tier),
                format!("{:?}", a.computed),
                owners.detail(table, i),
            )
        })
        .collect();
    let mut rows = table.order.iter().zip(&extra).map(|(&i, (tier, computed, detail))| {
        let (c, a) = (&table.metrics.customers[i], &table.assignments[i]);
        vec![
            P::Int(run_id),
            P::from(&c.id),
            P::from(&c.name),
            P::from(tier),
            P::from(computed),
            P::Real(c.sales),
            P::from(c.profit),
            P::from(c.frequency.map(|f| f as i64)),
            P::from(c.clv),
            P::from(a.override_reason.as_deref()),
            P::from(owners.of(table, i)),
            P::from(detail.as_deref()),
        ]
    });
    db.insert_many(
        "run_result",
        &[
            "run_id",
            "customer",
            "name",
            "tier",
            "computed",
            "sales",
            "profit",
            "frequency",
            "clv",
            "override_reason",
            "owner",
            "detail",
        ],
        &mut rows,
    )?;
    Ok(())
}

impl Place {
    /// A database failure, in the user's terms: a lock held elsewhere names
    /// who holds it.
    fn error(&self, e: DbError) -> StoreError {
        match e.kind {
            DbErrorKind::Busy => {
                let writer = self.shared.as_deref().and_then(sharing::last_writer);
                StoreError::Busy {
                    file: self.file.clone(),
                    holder: writer.as_ref().map(|w| format!("{}（{}）", w.0, w.1)),
                    since: writer.map(|w| w.2).filter(|t| !t.is_empty()),
                }
            }
            DbErrorKind::Denied => StoreError::Denied {
                role: self.role,
                detail: e.detail,
            },
            _ => StoreError::Sql {
                file: self.file.clone(),
                detail: e.detail,
            },
        }
    }

    /// A failure while opening.
    fn open_error(&self, e: DbError) -> StoreError {
        match e.kind {
            DbErrorKind::Busy | DbErrorKind::Denied => self.error(e),
            _ => StoreError::Open {
                file: self.file.clone(),
                detail: e.detail,
            },
        }
    }
}

/// Whether a workspace place is a team server's address.
pub fn is_server(place: &str) -> bool {
    let p = place.trim_start().to_ascii_lowercase();
    p.starts_with("postgres://") || p.starts_with("postgresql://")
}

/// A team server's address in parts (the password left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerAddress {
    /// Host name or address.
    pub host: String,
    /// Port.
    pub port: u16,
    /// Database.
    pub database: String,
    /// User.
    pub user: String,
}

/// The parts of a `postgres://user@host:port/db` address.
pub fn parse_server(url: &str) -> Option<ServerAddress> {
    let c: postgres::Config = url.parse().ok()?;
    let host = match c.get_hosts().first()? {
        postgres::config::Host::Tcp(h) => h.clone(),
        #[cfg(unix)]
        postgres::config::Host::Unix(p) => p.display().to_string(),
    };
    Some(ServerAddress {
        host,
        port: c.get_ports().first().copied().unwrap_or(5432),
        database: c.get_dbname().unwrap_or("postgres").to_string(),
        user: c.get_user().unwrap_or_default().to_string(),
    })
}

/// A server address as messages show it (`database@host`), never the password.
fn server_name(url: &str) -> String {
    match url.parse::<postgres::Config>() {
        Ok(c) => {
            let host = c
                .get_hosts()
                .first()
                .map(|h| match h {
                    postgres::config::Host::Tcp(h) => h.clone(),
                    #[cfg(unix)]
                    postgres::config::Host::Unix(p) => p.display().to_string(),
                })
                .unwrap_or_default();
            format!("{}@{}", c.get_dbname().unwrap_or("postgres"), host)
        }
        Err(_) => "postgres".into(),
    }
}
