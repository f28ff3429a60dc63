//! The embedded backend: one SQLite file, WAL on this PC's disk, a rollback
//! journal with exclusive writes on a shared folder (see `sharing`).

use std::path::{Path, PathBuf};

use rusqlite::types::{Value, ValueRef};
use rusqlite::Connection;

use super::{Db, DbError, DbErrorKind, Row, RowStream, P, V};
use crate::store::sharing::{self, Sharing};

/// The SQLite migrations, oldest first (`user_version` counts them).
pub(crate) const MIGRATIONS: &[(&str, &str)] = &[
    (
        "2026-11-23-initial",
        include_str!("../migrations/2026-11-23-initial.sql"),
    ),
    (
        "2026-11-24-records",
        include_str!("../migrations/2026-11-24-records.sql"),
    ),
    (
        "2026-12-01-row-origin",
        include_str!("../migrations/2026-12-01-row-origin.sql"),
    ),
    ("2026-12-02-team", include_str!("../migrations/2026-12-02-team.sql")),
    ("2026-12-03-owners", include_str!("../migrations/2026-12-03-owners.sql")),
];

/// A workspace file.
pub(crate) struct Sqlite {
    conn: Connection,
    /// The file, when on a shared folder: writes take the lock at once and
    /// mark this PC as the writer.
    shared: Option<PathBuf>,
}

impl Sqlite {
    /// Opens (or creates) the file in the mode its place needs. `Err(None)`
    /// when a shared file is still held open in the local (WAL) mode.
    pub fn open(path: &Path, mode: &Sharing) -> Result<Sqlite, DbError> {
        let conn = Connection::open(path).map_err(err)?;
        let wait = match mode {
            Sharing::Network { .. } => sharing::NETWORK_BUSY_WAIT,
            _ => std::time::Duration::from_secs(5),
        };
        conn.busy_timeout(wait).map_err(err)?;
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(err)?;
        let shared = mode.is_network().then(|| path.to_path_buf());
        if version > MIGRATIONS.len() as i64 {
            // A newer Tierbook's file: not even its journal mode is touched
            // (the caller refuses it).
            return Ok(Sqlite { conn, shared });
        }
        if mode.is_network() {
            // WAL needs memory shared between the processes, which a network
            // file system cannot give: a rollback journal, every write taking
            // the exclusive lock before it starts, and FULL syncs.
            let journal: String = conn
                .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))
                .map_err(err)?;
            if !journal.eq_ignore_ascii_case("delete") {
                // Still WAL: a PC has it open in the local mode; never mix them.
                return Err(DbError {
                    kind: DbErrorKind::Busy,
                    detail: "open in WAL mode elsewhere".into(),
                });
            }
            conn.pragma_update(None, "synchronous", "FULL").map_err(err)?;
        } else {
            conn.pragma_update(None, "journal_mode", "WAL").map_err(err)?;
            // Under WAL, NORMAL keeps every transaction atomic across a killed
            // process; only a power cut may lose the last commit (never
            // corrupt the file).
            conn.pragma_update(None, "synchronous", "NORMAL").map_err(err)?;
        }
        // A 64 MB page cache keeps a million-row import off the disk until commit.
        conn.pragma_update(None, "cache_size", -65536).map_err(err)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(err)?;
        Ok(Sqlite { conn, shared })
    }
}

impl rusqlite::ToSql for P<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(rusqlite::types::ToSqlOutput::Borrowed(match *self {
            P::Null => ValueRef::Null,
            P::Int(v) => ValueRef::Integer(v),
            P::Real(v) => ValueRef::Real(v),
            P::Text(t) => ValueRef::Text(t.as_bytes()),
        }))
    }
}

/// A rusqlite error as the workspace sees it.
fn err(e: rusqlite::Error) -> DbError {
    let kind = match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => DbErrorKind::Busy,
        Some(rusqlite::ErrorCode::PermissionDenied | rusqlite::ErrorCode::ReadOnly) => DbErrorKind::Denied,
        _ => DbErrorKind::Other,
    };
    DbError {
        kind,
        detail: e.to_string(),
    }
}

impl Db for Sqlite {
    fn exec(&self, sql: &str, params: &[P<'_>]) -> Result<u64, DbError> {
        let mut st = self.conn.prepare_cached(sql).map_err(err)?;
        st.execute(rusqlite::params_from_iter(params.iter()))
            .map(|n| n as u64)
            .map_err(err)
    }

    fn each(&self, sql: &str, params: &[P<'_>], f: &mut dyn FnMut(&Row) -> Result<(), DbError>) -> Result<(), DbError> {
        let mut st = self.conn.prepare_cached(sql).map_err(err)?;
        let n = st.column_count();
        let mut rows = st.query(rusqlite::params_from_iter(params.iter())).map_err(err)?;
        let mut row = Row(Vec::with_capacity(n));
        while let Some(r) = rows.next().map_err(err)? {
            row.0.clear();
            for i in 0..n {
                row.0.push(match r.get_ref(i).map_err(err)? {
                    ValueRef::Null => V::Null,
                    ValueRef::Integer(v) => V::Int(v),
                    ValueRef::Real(v) => V::Real(v),
                    ValueRef::Text(t) | ValueRef::Blob(t) => V::Text(String::from_utf8_lossy(t).into_owned()),
                });
            }
            f(&row)?;
        }
        Ok(())
    }

    fn insert_id(&self, sql: &str, params: &[P<'_>]) -> Result<i64, DbError> {
        self.exec(sql, params)?;
        Ok(self.conn.last_insert_rowid())
    }

    fn insert_many<'a>(
        &self,
        table: &str,
        columns: &[&str],
        rows: &mut dyn Iterator<Item = Vec<P<'a>>>,
    ) -> Result<u64, DbError> {
        // In process, one prepared statement per row costs no round trip.
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            columns.join(", "),
            vec!["?"; columns.len()].join(", ")
        );
        let mut st = self.conn.prepare_cached(&sql).map_err(err)?;
        let mut stored = 0u64;
        for row in rows {
            st.execute(rusqlite::params_from_iter(row.iter())).map_err(err)?;
            stored += 1;
        }
        Ok(stored)
    }

    fn load_rows(&self, ledger_id: i64, rows: &mut RowStream<'_>) -> Result<u64, DbError> {
        // Rows go in 64 at a time: one statement per chunk instead of per
        // row roughly halves SQLite's work for a million-line ledger.
        const CHUNK: usize = 64;
        let columns = "INSERT INTO txn (ledger_id, customer, name, date, amount, profit, quantity, order_id, product, salesperson, receivable, needs, purchases, clv, src_sheet, src_row) VALUES ";
        let one = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        let mut many = self
            .conn
            .prepare(&format!("{columns}{}", vec![one; CHUNK].join(", ")))
            .map_err(err)?;
        let mut single = self.conn.prepare(&format!("{columns}{one}")).map_err(err)?;
        let values = |(t, at): (crate::ledger::Transaction, crate::ledger::Origin)| -> [Value; 16] {
            let text = |s: Option<String>| s.map_or(Value::Null, Value::Text);
            let real = |x: Option<f64>| x.map_or(Value::Null, Value::Real);
            [
                Value::Integer(ledger_id),
                Value::Text(t.customer),
                text(t.name),
                t.date.map_or(Value::Null, |d| Value::Integer(crate::store::days(d))),
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
        let mut stored = 0u64;
        let mut rows = rows.peekable();
        while rows.peek().is_some() {
            let chunk: Vec<_> = rows.by_ref().take(CHUNK).collect();
            stored += chunk.len() as u64;
            if chunk.len() == CHUNK {
                many.execute(rusqlite::params_from_iter(chunk.into_iter().flat_map(values)))
                    .map_err(err)?;
            } else {
                for t in chunk {
                    single.execute(rusqlite::params_from_iter(values(t))).map_err(err)?;
                }
            }
        }
        Ok(stored)
    }

    fn batch(&self, sql: &str) -> Result<(), DbError> {
        self.conn.execute_batch(sql).map_err(err)
    }

    fn begin(&self) -> Result<(), DbError> {
        match &self.shared {
            Some(path) => {
                self.conn.execute_batch("BEGIN EXCLUSIVE").map_err(err)?;
                sharing::mark_writer(path);
                Ok(())
            }
            None => self.conn.execute_batch("BEGIN").map_err(err),
        }
    }

    fn commit(&self) -> Result<(), DbError> {
        self.conn.execute_batch("COMMIT").map_err(err)
    }

    fn rollback(&self) {
        let _ = self.conn.execute_batch("ROLLBACK");
    }

    fn version(&self) -> Result<i64, DbError> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(err)
    }

    fn set_version(&self, v: i64) -> Result<(), DbError> {
        self.conn.pragma_update(None, "user_version", v).map_err(err)
    }

    fn migrations(&self) -> &'static [(&'static str, &'static str)] {
        MIGRATIONS
    }

    fn begin_move(&self) -> Result<(), DbError> {
        // A file stamps nothing: the names are written as given.
        Ok(())
    }

    fn row_order(&self) -> &'static str {
        "rowid"
    }
}
