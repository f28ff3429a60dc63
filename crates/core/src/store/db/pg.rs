//! The team backend: a workspace in a PostgreSQL database that finance and the
//! managers share. The synchronous `postgres` crate is used, not an async
//! driver: the workspace is called from the import pipeline's threads and the
//! app's blocking commands, as it calls SQLite, so an async runtime would only
//! add a second way of waiting.
//!
//! Rows go in with `COPY … FROM STDIN BINARY` (a million-line ledger in one
//! stream, not a million inserts); statements are prepared once per
//! connection.

use std::collections::HashMap;
use std::error::Error as StdError;
use std::sync::mpsc::{channel, sync_channel, Sender};
use std::sync::Mutex;

use bytes::BytesMut;
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::error::SqlState;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{IsNull, ToSql, Type};
use postgres::{Client, Statement};

use super::{dollar_params, Db, DbError, DbErrorKind, Row, RowStream, P, V};

/// The PostgreSQL migrations, version for version with SQLite's (a test
/// checks the names match).
pub(crate) const MIGRATIONS: &[(&str, &str)] = &[
    (
        "2026-11-23-initial",
        include_str!("../migrations/pg/2026-11-23-initial.sql"),
    ),
    (
        "2026-11-24-records",
        include_str!("../migrations/pg/2026-11-24-records.sql"),
    ),
    (
        "2026-12-01-row-origin",
        include_str!("../migrations/pg/2026-12-01-row-origin.sql"),
    ),
    ("2026-12-02-team", include_str!("../migrations/pg/2026-12-02-team.sql")),
    (
        "2026-12-03-owners",
        include_str!("../migrations/pg/2026-12-03-owners.sql"),
    ),
];

/// What the connection thread is asked to do: a job on the client and its
/// statement cache.
type Job = Box<dyn FnOnce(&mut Client, &mut HashMap<String, Statement>) + Send>;

/// A connection to the team's database, owned by a thread of its own.
///
/// Why a thread: the `postgres` crate blocks on a runtime of its own, which
/// panics when called from inside another async runtime (the app's commands
/// run on Tauri's). Sending each job to the connection's thread makes the
/// workspace safe to call from anywhere: the CLI, tests, blocking or async
/// commands alike.
pub(crate) struct Pg {
    jobs: Mutex<Sender<Job>>,
}

impl Pg {
    /// Connects. The password is the one given, else the URL's, else
    /// `PGPASSWORD`'s (never a command-line argument, so it stays out of shell
    /// history and logs).
    pub fn connect(url: &str, password: Option<&str>) -> Result<Pg, DbError> {
        let mut config: postgres::Config = url.parse().map_err(err)?;
        if let Some(pw) = password {
            config.password(pw);
        } else if config.get_password().is_none() {
            if let Ok(pw) = std::env::var("PGPASSWORD") {
                config.password(pw);
            }
        }
        config.application_name("tierbook");
        config.connect_timeout(std::time::Duration::from_secs(10));
        let (jobs, queue) = channel::<Job>();
        let (ready, connected) = sync_channel(1);
        std::thread::Builder::new()
            .name("tierbook-pg".into())
            .spawn(move || {
                let mut client = match config.connect(postgres::NoTls) {
                    Ok(c) => {
                        let _ = ready.send(Ok(()));
                        c
                    }
                    Err(e) => {
                        let _ = ready.send(Err(err(e)));
                        return;
                    }
                };
                let mut statements = HashMap::new();
                for job in queue {
                    job(&mut client, &mut statements);
                }
            })
            .map_err(|e| DbError::other(e.to_string()))?;
        connected
            .recv()
            .map_err(|_| DbError::other("the connection thread stopped"))??;
        Ok(Pg { jobs: Mutex::new(jobs) })
    }

    /// Runs `f` on the connection's thread and waits for its answer.
    fn on_connection<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Client, &mut HashMap<String, Statement>) -> Result<T, DbError> + Send + 'static,
    ) -> Result<T, DbError> {
        let (answer, result) = sync_channel(1);
        self.send(Box::new(move |c, st| {
            let _ = answer.send(f(c, st));
        }))?;
        result.recv().map_err(|_| closed())?
    }

    fn send(&self, job: Job) -> Result<(), DbError> {
        self.jobs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .send(job)
            .map_err(|_| closed())
    }
}

fn closed() -> DbError {
    DbError {
        kind: DbErrorKind::Closed,
        detail: "the connection to the server was lost".into(),
    }
}

/// A statement prepared once per connection.
fn prepare(client: &mut Client, cache: &mut HashMap<String, Statement>, sql: &str) -> Result<Statement, DbError> {
    if let Some(st) = cache.get(sql) {
        return Ok(st.clone());
    }
    let st = client.prepare(&dollar_params(sql)).map_err(err)?;
    cache.insert(sql.to_string(), st.clone());
    Ok(st)
}

/// A parameter the connection's thread can own.
#[derive(Debug, Clone)]
enum Owned {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl Owned {
    fn all(params: &[P<'_>]) -> Vec<Owned> {
        params
            .iter()
            .map(|p| match *p {
                P::Null => Owned::Null,
                P::Int(v) => Owned::Int(v),
                P::Real(v) => Owned::Real(v),
                P::Text(t) => Owned::Text(t.to_string()),
            })
            .collect()
    }

    fn as_p(&self) -> P<'_> {
        match self {
            Owned::Null => P::Null,
            Owned::Int(v) => P::Int(*v),
            Owned::Real(v) => P::Real(*v),
            Owned::Text(t) => P::Text(t),
        }
    }
}

/// A PostgreSQL error as the workspace sees it.
fn err(e: postgres::Error) -> DbError {
    let kind = if e.is_closed() {
        DbErrorKind::Closed
    } else {
        match e.code() {
            Some(c) if *c == SqlState::INSUFFICIENT_PRIVILEGE => DbErrorKind::Denied,
            Some(c)
                if *c == SqlState::LOCK_NOT_AVAILABLE
                    || *c == SqlState::T_R_SERIALIZATION_FAILURE
                    || *c == SqlState::T_R_DEADLOCK_DETECTED =>
            {
                DbErrorKind::Busy
            }
            _ => DbErrorKind::Other,
        }
    };
    let detail = match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => e.to_string(),
    };
    DbError { kind, detail }
}

impl ToSql for P<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, Box<dyn StdError + Sync + Send>> {
        // The workspace's values are few kinds; each is written as the
        // column's own type, as SQLite would store it.
        match *self {
            P::Null => Ok(IsNull::Yes),
            P::Int(v) => match *ty {
                Type::INT8 => v.to_sql(ty, out),
                Type::INT4 => i32::try_from(v)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(v)?.to_sql(ty, out),
                Type::FLOAT8 => (v as f64).to_sql(ty, out),
                Type::FLOAT4 => (v as f32).to_sql(ty, out),
                Type::BOOL => (v != 0).to_sql(ty, out),
                _ => v.to_string().to_sql(ty, out),
            },
            P::Real(v) => match *ty {
                Type::FLOAT8 => v.to_sql(ty, out),
                Type::FLOAT4 => (v as f32).to_sql(ty, out),
                Type::INT8 => (v as i64).to_sql(ty, out),
                _ => v.to_string().to_sql(ty, out),
            },
            P::Text(t) => t.to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    fn to_sql_checked(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, Box<dyn StdError + Sync + Send>> {
        self.to_sql(ty, out)
    }
}

/// One column of a result row as a workspace value.
fn value(row: &postgres::Row, i: usize) -> Result<V, DbError> {
    let ty = row.columns()[i].type_().clone();
    let v = match ty {
        Type::INT8 => row.try_get::<_, Option<i64>>(i).map(|v| v.map(V::Int)),
        Type::INT4 => row.try_get::<_, Option<i32>>(i).map(|v| v.map(|v| V::Int(v.into()))),
        Type::INT2 => row.try_get::<_, Option<i16>>(i).map(|v| v.map(|v| V::Int(v.into()))),
        Type::BOOL => row.try_get::<_, Option<bool>>(i).map(|v| v.map(|v| V::Int(v.into()))),
        Type::FLOAT8 => row.try_get::<_, Option<f64>>(i).map(|v| v.map(V::Real)),
        Type::FLOAT4 => row.try_get::<_, Option<f32>>(i).map(|v| v.map(|v| V::Real(v.into()))),
        _ => row.try_get::<_, Option<String>>(i).map(|v| v.map(V::Text)),
    };
    Ok(v.map_err(err)?.unwrap_or(V::Null))
}

/// Rows from the connection's thread to the caller, a bounded batch in flight.
const ROWS_IN_FLIGHT: usize = 1024;

impl Db for Pg {
    fn exec(&self, sql: &str, params: &[P<'_>]) -> Result<u64, DbError> {
        let (sql, params) = (sql.to_string(), Owned::all(params));
        self.on_connection(move |c, cache| {
            let st = prepare(c, cache, &sql)?;
            let p: Vec<P<'_>> = params.iter().map(Owned::as_p).collect();
            let refs: Vec<&(dyn ToSql + Sync)> = p.iter().map(|x| x as &(dyn ToSql + Sync)).collect();
            c.execute(&st, &refs).map_err(err)
        })
    }

    fn each(&self, sql: &str, params: &[P<'_>], f: &mut dyn FnMut(&Row) -> Result<(), DbError>) -> Result<(), DbError> {
        let (sql, params) = (sql.to_string(), Owned::all(params));
        let (rows, incoming) = sync_channel::<Result<Row, DbError>>(ROWS_IN_FLIGHT);
        self.send(Box::new(move |c, cache| {
            let mut run = || -> Result<(), DbError> {
                let st = prepare(c, cache, &sql)?;
                let p: Vec<P<'_>> = params.iter().map(Owned::as_p).collect();
                let mut it = c.query_raw(&st, p.iter()).map_err(err)?;
                while let Some(r) = it.next().map_err(err)? {
                    let row = Row((0..r.len()).map(|i| value(&r, i)).collect::<Result<_, _>>()?);
                    if rows.send(Ok(row)).is_err() {
                        // The caller stopped reading (its callback failed).
                        return Ok(());
                    }
                }
                Ok(())
            };
            if let Err(e) = run() {
                let _ = rows.send(Err(e));
            }
        }))?;
        for row in incoming {
            f(&row?)?;
        }
        Ok(())
    }

    fn insert_id(&self, sql: &str, params: &[P<'_>]) -> Result<i64, DbError> {
        let sql = format!("{sql} RETURNING id");
        let mut id = None;
        self.each(&sql, params, &mut |r| {
            id = Some(r.i64(0)?);
            Ok(())
        })?;
        id.ok_or_else(|| DbError::other("the insert returned no id"))
    }

    fn insert_many<'a>(
        &self,
        table: &str,
        columns: &[&str],
        rows: &mut dyn Iterator<Item = Vec<P<'a>>>,
    ) -> Result<u64, DbError> {
        let list = columns.join(", ");
        let probe = format!("SELECT {list} FROM {table} LIMIT 0");
        let copy = format!("COPY {table} ({list}) FROM STDIN BINARY");
        self.copy_in(probe, copy, &mut rows.map(|r| Owned::all(&r)), |w, row: Vec<Owned>| {
            let p: Vec<P<'_>> = row.iter().map(Owned::as_p).collect();
            let refs: Vec<&(dyn ToSql + Sync)> = p.iter().map(|x| x as &(dyn ToSql + Sync)).collect();
            w.write(&refs)
        })
    }

    fn load_rows(&self, ledger_id: i64, rows: &mut RowStream<'_>) -> Result<u64, DbError> {
        let columns = "ledger_id, customer, name, date, amount, profit, quantity, order_id, product, salesperson, receivable, needs, purchases, clv, src_sheet, src_row";
        self.copy_in(
            format!("SELECT {columns} FROM txn LIMIT 0"),
            format!("COPY txn ({columns}) FROM STDIN BINARY"),
            rows,
            move |w, (x, at): (crate::ledger::Transaction, crate::ledger::Origin)| {
                let date = x.date.map(crate::store::days);
                let (sheet, row) = (i64::from(at.sheet), i64::from(at.row));
                w.write(&[
                    &ledger_id,
                    &x.customer,
                    &x.name,
                    &date,
                    &x.amount,
                    &x.profit,
                    &x.quantity,
                    &x.order_id,
                    &x.product,
                    &x.salesperson,
                    &x.receivable,
                    &x.needs,
                    &x.purchases,
                    &x.clv,
                    &sheet,
                    &row,
                ])
            },
        )
    }

    fn batch(&self, sql: &str) -> Result<(), DbError> {
        let sql = sql.to_string();
        self.on_connection(move |c, _| c.batch_execute(&sql).map_err(err))
    }

    fn begin(&self) -> Result<(), DbError> {
        self.batch("BEGIN")
    }

    fn commit(&self) -> Result<(), DbError> {
        self.batch("COMMIT")
    }

    fn rollback(&self) {
        let _ = self.batch("ROLLBACK");
    }

    fn version(&self) -> Result<i64, DbError> {
        let mut v = 0;
        self.each("SELECT to_regclass('tierbook_schema') IS NOT NULL", &[], &mut |r| {
            v = r.i64(0)?;
            Ok(())
        })?;
        if v == 0 {
            return Ok(0);
        }
        self.each("SELECT COALESCE(MAX(version), 0) FROM tierbook_schema", &[], &mut |r| {
            v = r.i64(0)?;
            Ok(())
        })?;
        Ok(v)
    }

    fn set_version(&self, v: i64) -> Result<(), DbError> {
        self.batch(
            "CREATE TABLE IF NOT EXISTS tierbook_schema (version BIGINT NOT NULL); DELETE FROM tierbook_schema",
        )?;
        self.exec("INSERT INTO tierbook_schema (version) VALUES (?1)", &[P::Int(v)])
            .map(|_| ())
    }

    fn migrations(&self) -> &'static [(&'static str, &'static str)] {
        MIGRATIONS
    }

    fn begin_move(&self) -> Result<(), DbError> {
        self.batch("SET LOCAL tierbook.moving = 'on'")
    }

    fn row_order(&self) -> &'static str {
        "src_sheet, src_row"
    }
}

impl Pg {
    /// Streams `rows` into one `COPY … FROM STDIN BINARY` on the connection's
    /// thread, with the columns' types read from `probe`; `write` puts one
    /// row. Returns the rows copied.
    fn copy_in<R: Send + 'static>(
        &self,
        probe: String,
        copy: String,
        rows: &mut dyn Iterator<Item = R>,
        write: impl Fn(&mut BinaryCopyInWriter<'_>, R) -> Result<(), postgres::Error> + Send + 'static,
    ) -> Result<u64, DbError> {
        let (feed, queue) = sync_channel::<R>(ROWS_IN_FLIGHT);
        let (answer, result) = sync_channel(1);
        self.send(Box::new(move |c, cache| {
            let mut run = || -> Result<u64, DbError> {
                let st = prepare(c, cache, &probe)?;
                let types: Vec<Type> = st.columns().iter().map(|col| col.type_().clone()).collect();
                let sink = c.copy_in(&copy).map_err(err)?;
                let mut w = BinaryCopyInWriter::new(sink, &types);
                for row in queue.iter() {
                    write(&mut w, row).map_err(err)?;
                }
                w.finish().map_err(err)
            };
            let outcome = run();
            let _ = answer.send(outcome);
        }))?;
        for row in rows {
            if feed.send(row).is_err() {
                // The copy failed; its error is the answer below.
                break;
            }
        }
        drop(feed);
        result.recv().map_err(|_| closed())?
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_postgres_migrations_are_the_sqlite_ones_version_for_version() {
        let names = |m: &[(&'static str, &'static str)]| m.iter().map(|(n, _)| *n).collect::<Vec<&str>>();
        assert_eq!(names(super::MIGRATIONS), names(super::super::sqlite::MIGRATIONS));
    }
}
