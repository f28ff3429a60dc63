//! The types of the workspace, comparison and customer views.

use serde::Serialize;
use tierbook_core::history::{MatrixCell, Mover};
use tierbook_core::store::{AuditEntry, CustomerPeriod, CustomerRecord};

/// An imported ledger in the workspace list.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct LedgerView {
    /// Id in the workspace.
    #[ts(type = "number")]
    pub id: i64,
    /// Source file name.
    pub file_name: String,
    /// Size in bytes.
    #[ts(type = "number")]
    pub size: i64,
    /// When it was imported (RFC 3339).
    pub imported_at: String,
    /// First date of its rows (ISO).
    pub first_date: Option<String>,
    /// Last date of its rows (ISO).
    pub last_date: Option<String>,
    /// Rows imported.
    pub rows_imported: u32,
    /// Rows skipped with a reason.
    pub rows_skipped: u32,
    /// Runs saved for it.
    pub runs: u32,
    /// Who imported it (the database user on a team server).
    pub imported_by: Option<String>,
}

/// A saved tier run in the workspace list.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RunView {
    /// Id in the workspace.
    #[ts(type = "number")]
    pub id: i64,
    /// The ledger it tiers.
    #[ts(type = "number")]
    pub ledger_id: i64,
    /// That ledger's file name.
    pub file_name: String,
    /// Its label (the period).
    pub label: String,
    /// When it was saved (RFC 3339).
    pub created_at: String,
    /// First day covered (ISO).
    pub from: Option<String>,
    /// Last day covered (ISO).
    pub to: Option<String>,
    /// The method in words.
    pub method: String,
    /// Customers in A, B, C.
    pub customers: Vec<u32>,
    /// True for the run open in the window.
    pub open: bool,
    /// True when it is the run its period is shown by (the latest for it).
    pub latest: bool,
    /// Who saved it (the database user on a team server).
    pub created_by: Option<String>,
}

/// The workspace: its imports and runs.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct WorkspaceView {
    /// The workspace file.
    pub path: Option<String>,
    /// On a shared folder (opened in the network-safe mode), with the file
    /// system found (`cifs`, `nfs4`, `UNC`); `None` on this PC's own disk.
    pub shared: Option<String>,
    /// Imports, oldest first.
    pub ledgers: Vec<LedgerView>,
    /// Runs, oldest period first.
    pub runs: Vec<RunView>,
    /// The two latest periods' runs (earlier, later): the comparison's default.
    #[ts(type = "[number, number] | null")]
    pub pair: Option<(i64, i64)>,
}

/// After deleting an import.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DeleteOutcome {
    /// The workspace now.
    pub workspace: WorkspaceView,
    /// True when the open run belonged to the deleted import (the window closes it).
    pub closed: bool,
}

/// A slipping key account and why, in words.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SlipView {
    /// The customer.
    pub mover: Mover,
    /// The reasons, in the asked language.
    pub why: String,
}

/// Two runs compared.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ComparisonView {
    /// The earlier run.
    pub before: RunView,
    /// The later run.
    pub after: RunView,
    /// `matrix[from][to]` (A, B, C order).
    pub matrix: Vec<Vec<MatrixCell>>,
    /// Moved up.
    pub upgraded: Vec<Mover>,
    /// Moved down.
    pub downgraded: Vec<Mover>,
    /// Only in the later run.
    pub new: Vec<Mover>,
    /// Only in the earlier run.
    pub lost: Vec<Mover>,
    /// Fastest-growing B and C customers.
    pub rising_stars: Vec<Mover>,
    /// Key accounts slipping.
    pub slipping: Vec<SlipView>,
    /// The flow chart (SVG).
    pub flow: String,
    /// Customers per tier over every period (SVG).
    pub trend: String,
}

/// A customer's page.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct CustomerPage {
    /// The record (客户档案).
    pub record: CustomerRecord,
    /// Tier, sales and profit in every saved run, earliest first.
    pub periods: Vec<CustomerPeriod>,
    /// Overrides, needs and record edits, newest first.
    pub audit: Vec<AuditEntry>,
    /// The customer in the open run, with its lenses (None when it is not in it).
    pub current: Option<crate::ipc::RowView>,
}
