//! Who may do what in a team workspace, enforced by the database itself
//! (PostgreSQL roles and grants), not only by the window: a read-only user's
//! import is refused by the server, whatever program sends it.
//!
//! Three group roles, each including the one below it:
//! - `tierbook_viewer` (只读/管理层): view, export, print — reading every
//!   table, and keeping the cache of customers worked out for a run;
//! - `tierbook_finance` (财务): import, tier, override, edit records — adding
//!   and changing rows, appending to the audit log, never deleting an import;
//! - `tierbook_admin` (管理员): deleting imports and managing users.
//!
//! And beside them `tierbook_account` (客户经理): a read-only user who sees
//! their own customers only — the rows whose owner is the 业务员 they are
//! (see [`super::owners`]) — through views in the schema `tierbook_own` that
//! take the tables' names; they have no right on the tables themselves, so no
//! program can read anyone else's customers with their login.
//!
//! Nobody may change or delete the audit log (its trigger refuses even the
//! owner). People log in as their own database users, members of one group.

use serde::{Deserialize, Serialize};

use super::db::P;
use super::{Sharing, StoreError, Workspace};
use crate::Lang;

/// A team member's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "TeamRole"))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 管理员: everything, deleting imports and managing users included.
    Admin,
    /// 财务: import, tier, override, edit records.
    Finance,
    /// 只读/管理层: view, export, print.
    Viewer,
    /// 客户经理: view, export and print their own customers only.
    Account,
}

impl Role {
    /// Every role, most rights first.
    pub const ALL: [Role; 4] = [Role::Admin, Role::Finance, Role::Viewer, Role::Account];

    /// The key on the command line.
    pub fn key(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Finance => "finance",
            Role::Viewer => "viewer",
            Role::Account => "account",
        }
    }

    /// The database group role.
    pub fn group(self) -> &'static str {
        match self {
            Role::Admin => "tierbook_admin",
            Role::Finance => "tierbook_finance",
            Role::Viewer => "tierbook_viewer",
            Role::Account => "tierbook_account",
        }
    }

    /// The role's name for people.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Role::Admin => lang.pick("管理员", "administrator"),
            Role::Finance => lang.pick("财务", "finance"),
            Role::Viewer => lang.pick("只读（管理层）", "read-only (management)"),
            Role::Account => lang.pick("客户经理（仅本人客户）", "account manager (own customers only)"),
        }
    }

    /// Whether the role may change nothing (tiers, records, imports).
    pub fn read_only(self) -> bool {
        matches!(self, Role::Viewer | Role::Account)
    }

    /// Parses a key.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == s.trim())
    }
}

/// The grants, run again whenever the setup is (each is idempotent).
const GRANTS: &str = r#"
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tierbook_viewer') THEN
        CREATE ROLE tierbook_viewer NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tierbook_finance') THEN
        CREATE ROLE tierbook_finance NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tierbook_admin') THEN
        CREATE ROLE tierbook_admin NOLOGIN;
    END IF;
END
$$;
GRANT tierbook_viewer TO tierbook_finance;
GRANT tierbook_finance TO tierbook_admin;
GRANT USAGE ON SCHEMA public TO tierbook_viewer;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO tierbook_viewer;
GRANT INSERT, UPDATE, DELETE ON metrics_cache TO tierbook_viewer;
GRANT INSERT, UPDATE ON ledger, txn, run, run_result, customer, setting, saved_policy, saved_mapping TO tierbook_finance;
GRANT DELETE ON run_result TO tierbook_finance;
GRANT INSERT ON audit TO tierbook_finance;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO tierbook_finance;
GRANT DELETE ON ledger, txn, run TO tierbook_admin;
GRANT INSERT, UPDATE, DELETE ON account_manager TO tierbook_admin;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tierbook_account') THEN
        CREATE ROLE tierbook_account NOLOGIN;
    END IF;
END
$$;
CREATE SCHEMA IF NOT EXISTS tierbook_own;
CREATE OR REPLACE VIEW tierbook_own.names WITH (security_barrier) AS
    SELECT salesperson FROM public.account_manager WHERE db_user = current_user;
CREATE OR REPLACE VIEW tierbook_own.run_result WITH (security_barrier) AS
    SELECT * FROM public.run_result r
    WHERE r.owner IN (SELECT salesperson FROM tierbook_own.names)
       OR r.customer IN (SELECT id FROM public.customer WHERE manager IN (SELECT salesperson FROM tierbook_own.names));
CREATE OR REPLACE VIEW tierbook_own.customer WITH (security_barrier) AS
    SELECT * FROM public.customer c
    WHERE c.manager IN (SELECT salesperson FROM tierbook_own.names)
       OR c.id IN (SELECT customer FROM tierbook_own.run_result);
CREATE OR REPLACE VIEW tierbook_own.audit WITH (security_barrier) AS
    SELECT * FROM public.audit a
    WHERE a.customer IS NULL OR a.customer IN (SELECT id FROM tierbook_own.customer)
       OR a.customer IN (SELECT customer FROM tierbook_own.run_result);
CREATE OR REPLACE VIEW tierbook_own.run WITH (security_barrier) AS
    SELECT id, ledger_id, label, created_at, period_from, period_to,
           jsonb_set(policy::jsonb, '{overrides}', '[]'::jsonb)::text AS policy,
           created_by, version, frame
    FROM public.run;
CREATE OR REPLACE VIEW tierbook_own.ledger WITH (security_barrier) AS
    SELECT id, file_name, size, sha256, imported_at, first_date, last_date, imported_by,
           jsonb_set(jsonb_set(report::jsonb, '{name_conflicts}', '[]'::jsonb), '{findings}', '[]'::jsonb)::text AS report
    FROM public.ledger;
GRANT USAGE ON SCHEMA public, tierbook_own TO tierbook_account;
GRANT SELECT ON tierbook_own.names, tierbook_own.run_result, tierbook_own.customer, tierbook_own.audit, tierbook_own.run, tierbook_own.ledger TO tierbook_account;
GRANT SELECT ON tierbook_schema, setting, saved_policy, saved_mapping TO tierbook_account;
"#;

/// An identifier quoted for SQL.
fn ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// A string literal quoted for SQL.
fn literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

impl Workspace {
    fn on_server(&self) -> Result<(), StoreError> {
        match self.sharing() {
            Sharing::Server => Ok(()),
            _ => Err(StoreError::NeedsServer),
        }
    }

    /// Sets up (or brings up to date) the three roles and their rights on a
    /// team database. Run by the database's owner when the company sets up
    /// its server, and after an upgrade that added tables.
    ///
    /// # Errors
    /// [`StoreError::NeedsServer`] on a file; the server's refusal otherwise.
    pub fn team_setup(&self) -> Result<(), StoreError> {
        self.on_server()?;
        self.db.batch(GRANTS).map_err(|e| self.sql(e))
    }

    /// Adds a person as a database user in `role`. Administrators may also
    /// add users themselves.
    ///
    /// # Errors
    /// [`StoreError::NeedsServer`] on a file; the server's refusal (the user
    /// exists, or the caller may not create users).
    ///
    /// An account manager added here is the 业务员 of their own name; see
    /// [`Workspace::add_account_manager`] to give the ledgers' name for them.
    pub fn add_member(&mut self, user: &str, password: &str, role: Role) -> Result<(), StoreError> {
        if role == Role::Account {
            return self.add_account_manager(user, password, user);
        }
        self.on_server()?;
        let extra = if role == Role::Admin { " CREATEROLE" } else { "" };
        self.db
            .batch(&format!(
                "CREATE ROLE {} LOGIN PASSWORD {}{extra} IN ROLE {}",
                ident(user),
                literal(password),
                role.group()
            ))
            .map_err(|e| self.sql(e))
    }

    /// Adds an account manager (客户经理) who sees the customers of
    /// `salesperson` (the 业务员 as the ledgers write it, or the 客户经理 of a
    /// customer's record) only. The first one makes the team keep each run's
    /// rows for them, the runs saved before included.
    ///
    /// # Errors
    /// As [`Workspace::add_member`].
    pub fn add_account_manager(&mut self, user: &str, password: &str, salesperson: &str) -> Result<(), StoreError> {
        self.on_server()?;
        let salesperson = salesperson.trim();
        self.db
            .tx(|db| {
                db.batch(&format!(
                    "CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}",
                    ident(user),
                    literal(password),
                    Role::Account.group()
                ))?;
                db.exec(
                    "INSERT INTO account_manager (db_user, salesperson) VALUES (?1, ?2)",
                    &[P::Text(user), P::Text(salesperson)],
                )
                .map(|_| ())
            })
            .map_err(|e| self.sql(e))?;
        self.keep_rows_of_old_runs()?;
        Ok(())
    }

    /// Whether the team has account managers (then each run keeps its rows
    /// for them).
    pub(super) fn has_account_managers(&self) -> Result<bool, StoreError> {
        Ok(self
            .db
            .one("SELECT COUNT(*) FROM account_manager", &[], |r| r.i64(0))
            .map_err(|e| self.sql(e))?
            .unwrap_or(0)
            > 0)
    }

    /// Points an account manager's queries at the views of their own
    /// customers (the tables' names resolve there first). Their rights are
    /// on the views only, so this is convenience, not the safeguard.
    pub(super) fn narrow_to_own(&self) -> Result<(), StoreError> {
        self.db
            .batch("SET search_path TO tierbook_own, public")
            .map_err(|e| self.sql(e))
    }

    /// The connected user's role on a team server (`None` on a file, and for
    /// the database's owner, who may do everything).
    pub fn role(&self) -> Option<Role> {
        self.at.role
    }

    /// Reads the connected user's role from the server.
    pub(super) fn read_role(&self) -> Option<Role> {
        if !matches!(self.sharing(), Sharing::Server) {
            return None;
        }
        let groups = self
            .db
            .all(
                "SELECT rolname FROM pg_roles WHERE rolname LIKE 'tierbook\\_%' AND pg_has_role(current_user, oid, 'MEMBER')",
                &[],
                |r| r.str(0),
            )
            .ok()?;
        let owner = self
            .db
            .one(
                "SELECT pg_catalog.pg_get_userbyid(datdba) = current_user OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) FROM pg_database WHERE datname = current_database()",
                &[],
                |r| r.i64(0),
            )
            .ok()
            .flatten()
            .unwrap_or(0)
            != 0;
        if owner {
            return None;
        }
        Role::ALL.into_iter().find(|r| groups.iter().any(|g| g == r.group()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_passwords_are_quoted_so_they_cannot_end_the_statement() {
        assert_eq!(ident(r#"王"会计"#), r#""王""会计""#);
        assert_eq!(literal("it's; DROP"), "'it''s; DROP'");
    }

    #[test]
    fn roles_read_from_their_keys() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.key()), Some(r));
        }
        assert_eq!(Role::parse("boss"), None);
    }
}
