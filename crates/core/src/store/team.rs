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
//! Nobody may change or delete the audit log (its trigger refuses even the
//! owner). People log in as their own database users, members of one group.

use serde::{Deserialize, Serialize};

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
}

impl Role {
    /// Every role, most rights first.
    pub const ALL: [Role; 3] = [Role::Admin, Role::Finance, Role::Viewer];

    /// The key on the command line.
    pub fn key(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Finance => "finance",
            Role::Viewer => "viewer",
        }
    }

    /// The database group role.
    pub fn group(self) -> &'static str {
        match self {
            Role::Admin => "tierbook_admin",
            Role::Finance => "tierbook_finance",
            Role::Viewer => "tierbook_viewer",
        }
    }

    /// The role's name for people.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Role::Admin => lang.pick("管理员", "administrator"),
            Role::Finance => lang.pick("财务", "finance"),
            Role::Viewer => lang.pick("只读（管理层）", "read-only (management)"),
        }
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
    pub fn add_member(&self, user: &str, password: &str, role: Role) -> Result<(), StoreError> {
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
