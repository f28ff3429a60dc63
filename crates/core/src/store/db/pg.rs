//! The team backend: a workspace in a PostgreSQL database that finance and the
//! managers share. The synchronous `postgres` crate is used, not an async
//! driver: the workspace is called from the import pipeline's threads and the
//! app's blocking commands, as it calls SQLite, so an async runtime would only
//! add a second way of waiting.
//!
//! Rows go in with `COPY … FROM STDIN BINARY` (a million-line ledger in one
//! stream, not a million inserts); statements are prepared once per
//! connection.

use std::cell::RefCell;
use std::collections::HashMap;
use std::error::Error as StdError;

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
];

/// A connection to the team's database.
pub(crate) struct Pg {
    client: RefCell<Client>,
    statements: RefCell<HashMap<String, Statement>>,
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
        let client = config.connect(postgres::NoTls).map_err(err)?;
        Ok(Pg {
            client: RefCell::new(client),
            statements: RefCell::new(HashMap::new()),
        })
    }

    fn client(&self) -> Result<std::cell::RefMut<'_, Client>, DbError> {
        self.client
            .try_borrow_mut()
            .map_err(|_| DbError::other("the connection is already in use by this workspace"))
    }

    fn prepare(&self, client: &mut Client, sql: &str) -> Result<Statement, DbError> {
        if let Some(st) = self.statements.borrow().get(sql) {
            return Ok(st.clone());
        }
        let st = client.prepare(&dollar_params(sql)).map_err(err)?;
        self.statements.borrow_mut().insert(sql.to_string(), st.clone());
        Ok(st)
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

impl Db for Pg {
    fn exec(&self, sql: &str, params: &[P<'_>]) -> Result<u64, DbError> {
        let mut client = self.client()?;
        let st = self.prepare(&mut client, sql)?;
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        client.execute(&st, &refs).map_err(err)
    }

    fn each(&self, sql: &str, params: &[P<'_>], f: &mut dyn FnMut(&Row) -> Result<(), DbError>) -> Result<(), DbError> {
        let mut client = self.client()?;
        let st = self.prepare(&mut client, sql)?;
        let mut rows = client.query_raw(&st, params.iter()).map_err(err)?;
        let mut row = Row::default();
        while let Some(r) = rows.next().map_err(err)? {
            row.0.clear();
            for i in 0..r.len() {
                row.0.push(value(&r, i)?);
            }
            f(&row)?;
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
        let mut client = self.client()?;
        // The columns' own types, as the server knows them.
        let probe = self.prepare(&mut client, &format!("SELECT {list} FROM {table} LIMIT 0"))?;
        let types: Vec<Type> = probe.columns().iter().map(|c| c.type_().clone()).collect();
        let sink = client
            .copy_in(&format!("COPY {table} ({list}) FROM STDIN BINARY"))
            .map_err(err)?;
        let mut w = BinaryCopyInWriter::new(sink, &types);
        for row in rows {
            let refs: Vec<&(dyn ToSql + Sync)> = row.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
            w.write(&refs).map_err(err)?;
        }
        w.finish().map_err(err)
    }

    fn load_rows(&self, ledger_id: i64, rows: &mut RowStream<'_>) -> Result<u64, DbError> {
        let mut client = self.client()?;
        let sink = client
            .copy_in("COPY txn (ledger_id, customer, name, date, amount, profit, quantity, order_id, product, salesperson, receivable, needs, purchases, clv, src_sheet, src_row) FROM STDIN BINARY")
            .map_err(err)?;
        let (i8, f8, t) = (Type::INT8, Type::FLOAT8, Type::TEXT);
        let types = [
            i8.clone(),
            t.clone(),
            t.clone(),
            i8.clone(),
            f8.clone(),
            f8.clone(),
            f8.clone(),
            t.clone(),
            t.clone(),
            t.clone(),
            f8.clone(),
            t.clone(),
            f8.clone(),
            f8,
            i8.clone(),
            i8,
        ];
        let mut w = BinaryCopyInWriter::new(sink, &types);
        for (x, at) in rows {
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
            .map_err(err)?;
        }
        w.finish().map_err(err)
    }

    fn batch(&self, sql: &str) -> Result<(), DbError> {
        self.client()?.batch_execute(sql).map_err(err)
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

#[cfg(test)]
mod tests {
    #[test]
    fn the_postgres_migrations_are_the_sqlite_ones_version_for_version() {
        let names = |m: &[(&'static str, &'static str)]| m.iter().map(|(n, _)| *n).collect::<Vec<&str>>();
        assert_eq!(names(super::MIGRATIONS), names(super::super::sqlite::MIGRATIONS));
    }
}
