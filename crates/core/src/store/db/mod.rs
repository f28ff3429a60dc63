//! The few things the workspace asks of a database, so its logic (what is
//! stored, in which transaction, with which audit entry) is written once for
//! the embedded SQLite file and the team's PostgreSQL server.
//!
//! SQL is written once, in the dialect both understand (`?1` parameters,
//! `ON CONFLICT … DO UPDATE`, `COALESCE(SUM(…), 0)`); a backend rewrites the
//! parameters for its server. What differs beyond that has its own method:
//! the new row's id, bulk loading the transactions (chunked inserts into
//! SQLite, COPY into PostgreSQL), the schema version and the migrations.

pub(crate) mod pg;
pub(crate) mod sqlite;

use crate::ledger::{Origin, Transaction};

/// A parameter: borrowed, since every statement's values outlive it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum P<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
}

impl From<i64> for P<'_> {
    fn from(v: i64) -> Self {
        P::Int(v)
    }
}
impl From<f64> for P<'_> {
    fn from(v: f64) -> Self {
        P::Real(v)
    }
}
impl<'a> From<&'a str> for P<'a> {
    fn from(v: &'a str) -> Self {
        P::Text(v)
    }
}
impl<'a> From<&'a String> for P<'a> {
    fn from(v: &'a String) -> Self {
        P::Text(v)
    }
}
impl<'a, T: Into<P<'a>>> From<Option<T>> for P<'a> {
    fn from(v: Option<T>) -> Self {
        v.map_or(P::Null, Into::into)
    }
}

/// Parameters for a statement: `p![a, b]`.
macro_rules! p {
    ($($v:expr),* $(,)?) => { &[$($crate::store::db::P::from($v)),*] };
}
pub(crate) use p;

/// A value read back.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum V {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

/// A result row, read by column index with the type the workspace expects.
#[derive(Debug, Default)]
pub(crate) struct Row(pub Vec<V>);

impl Row {
    fn at(&self, i: usize) -> Result<&V, DbError> {
        self.0.get(i).ok_or_else(|| DbError::other(format!("no column {i}")))
    }
    pub fn opt_i64(&self, i: usize) -> Result<Option<i64>, DbError> {
        match self.at(i)? {
            V::Null => Ok(None),
            V::Int(v) => Ok(Some(*v)),
            V::Real(v) => Ok(Some(*v as i64)),
            V::Text(t) => Err(DbError::other(format!("column {i}: a number was expected, not “{t}”"))),
        }
    }
    pub fn i64(&self, i: usize) -> Result<i64, DbError> {
        self.opt_i64(i)?
            .ok_or_else(|| DbError::other(format!("column {i} is empty")))
    }
    pub fn opt_f64(&self, i: usize) -> Result<Option<f64>, DbError> {
        match self.at(i)? {
            V::Null => Ok(None),
            V::Int(v) => Ok(Some(*v as f64)),
            V::Real(v) => Ok(Some(*v)),
            V::Text(t) => Err(DbError::other(format!("column {i}: a number was expected, not “{t}”"))),
        }
    }
    pub fn f64(&self, i: usize) -> Result<f64, DbError> {
        self.opt_f64(i)?
            .ok_or_else(|| DbError::other(format!("column {i} is empty")))
    }
    pub fn opt_str(&self, i: usize) -> Result<Option<String>, DbError> {
        match self.at(i)? {
            V::Null => Ok(None),
            V::Text(t) => Ok(Some(t.clone())),
            V::Int(v) => Ok(Some(v.to_string())),
            V::Real(v) => Ok(Some(v.to_string())),
        }
    }
    pub fn str(&self, i: usize) -> Result<String, DbError> {
        self.opt_str(i)?
            .ok_or_else(|| DbError::other(format!("column {i} is empty")))
    }
}

/// A database failure, with what the workspace needs to tell the user.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DbError {
    pub kind: DbErrorKind,
    pub detail: String,
}

/// What kind of failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DbErrorKind {
    /// A lock held elsewhere past the wait.
    Busy,
    /// The database refused for want of a privilege (a role without the right).
    Denied,
    /// The connection is gone.
    Closed,
    /// Anything else.
    Other,
}

impl DbError {
    pub fn other(detail: impl Into<String>) -> DbError {
        DbError {
            kind: DbErrorKind::Other,
            detail: detail.into(),
        }
    }
}

/// A ledger's rows as they arrive from the import pipeline.
pub(crate) type RowStream<'a> = dyn Iterator<Item = (Transaction, Origin)> + 'a;

/// A workspace database.
pub(crate) trait Db: Send {
    /// Runs a statement; the number of rows it changed.
    fn exec(&self, sql: &str, params: &[P<'_>]) -> Result<u64, DbError>;
    /// Runs a query and hands each row to `f`, in order, without collecting them.
    fn each(&self, sql: &str, params: &[P<'_>], f: &mut dyn FnMut(&Row) -> Result<(), DbError>) -> Result<(), DbError>;
    /// Inserts a row into a table whose key is `id` and returns the new id.
    fn insert_id(&self, sql: &str, params: &[P<'_>]) -> Result<i64, DbError>;
    /// Inserts many rows of `columns` into `table`, inside the open
    /// transaction (a run's 50,000 results in a few statements, not 50,000).
    fn insert_many<'a>(
        &self,
        table: &str,
        columns: &[&str],
        rows: &mut dyn Iterator<Item = Vec<P<'a>>>,
    ) -> Result<u64, DbError>;
    /// Loads a ledger's transactions, in file order, inside the open transaction.
    fn load_rows(&self, ledger_id: i64, rows: &mut RowStream<'_>) -> Result<u64, DbError>;
    /// Runs several statements (a migration).
    fn batch(&self, sql: &str) -> Result<(), DbError>;
    /// Begins a write transaction.
    fn begin(&self) -> Result<(), DbError>;
    /// Commits it.
    fn commit(&self) -> Result<(), DbError>;
    /// Rolls it back (after a failure; its own failure changes nothing).
    fn rollback(&self);
    /// The schema version stored in the database (0 for a new one).
    fn version(&self) -> Result<i64, DbError>;
    /// Records the schema version, inside a migration's transaction.
    fn set_version(&self, v: i64) -> Result<(), DbError>;
    /// The migrations of this backend's dialect, oldest first.
    fn migrations(&self) -> &'static [(&'static str, &'static str)];
    /// Marks the open transaction as moving a workspace in, so the names it
    /// carries (who imported, who edited) are kept, not stamped anew.
    fn begin_move(&self) -> Result<(), DbError>;
    /// The column that keeps a ledger's rows in file order.
    fn row_order(&self) -> &'static str;
}

impl dyn Db + '_ {
    /// Runs `f` in one transaction: committed when it succeeds, rolled back
    /// when it fails, so a failure leaves the workspace as it was.
    pub fn tx<T>(&self, f: impl FnOnce(&Self) -> Result<T, DbError>) -> Result<T, DbError> {
        self.begin()?;
        match f(self) {
            Ok(v) => {
                if let Err(e) = self.commit() {
                    self.rollback();
                    return Err(e);
                }
                Ok(v)
            }
            Err(e) => {
                self.rollback();
                Err(e)
            }
        }
    }

    /// Every row of a query.
    pub fn all<T>(
        &self,
        sql: &str,
        params: &[P<'_>],
        mut f: impl FnMut(&Row) -> Result<T, DbError>,
    ) -> Result<Vec<T>, DbError> {
        let mut out = Vec::new();
        self.each(sql, params, &mut |r| {
            out.push(f(r)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// The first row of a query, if any.
    pub fn one<T>(
        &self,
        sql: &str,
        params: &[P<'_>],
        f: impl FnMut(&Row) -> Result<T, DbError>,
    ) -> Result<Option<T>, DbError> {
        Ok(self.all(sql, params, f)?.into_iter().next())
    }

    /// Brings the schema up to date, each migration in its own transaction.
    /// A database of a newer schema is refused untouched.
    pub fn migrate(&self, supported: i64) -> Result<Result<(), i64>, DbError> {
        let version = self.version()?;
        if version > supported {
            return Ok(Err(version));
        }
        for (i, (_, migration)) in self.migrations().iter().enumerate().skip(version as usize) {
            self.tx(|db| {
                db.batch(migration)?;
                db.set_version(i as i64 + 1)
            })?;
        }
        Ok(Ok(()))
    }
}

/// `?1`-style parameters as `$1` (PostgreSQL's); a bare `?` takes the next
/// number. Quoted text is left alone.
pub(crate) fn dollar_params(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut next = 1;
    let mut quoted = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            quoted = !quoted;
        }
        if c == '?' && !quoted {
            let mut n = String::new();
            while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                n.push(*d);
                chars.next();
            }
            if n.is_empty() {
                n = next.to_string();
                next += 1;
            }
            out.push('$');
            out.push_str(&n);
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_numbered_for_postgres_outside_quotes() {
        assert_eq!(
            dollar_params("SELECT a FROM t WHERE b = ?1 AND c = ?2 OR d = ?1"),
            "SELECT a FROM t WHERE b = $1 AND c = $2 OR d = $1"
        );
        assert_eq!(dollar_params("VALUES (?, ?, '?')"), "VALUES ($1, $2, '?')");
    }
}
