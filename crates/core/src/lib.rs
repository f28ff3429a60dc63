//! # tierbook-core
//!
//! The engine of Tierbook (客户分级管理): read a sales ledger, work out each
//! customer's purchasing power, frequency, profit and lifetime value, sort the
//! customers into tiers A/B/C by the method a [`TierPolicy`] names (checked
//! once, into a [`CheckedPolicy`], by whoever built it), and write the
//! filled tier management table (客户分级管理表) as an xlsx workbook.
//!
//! No window and no Tauri: everything here runs under `cargo test`.
//!
//! ```
//! use tierbook_core::{analyse, export, tiering, Lang, Quiet, TierPolicy};
//! # let dir = tempfile::tempdir().unwrap();
//! # let ledger = dir.path().join("ledger.csv");
//! # std::fs::write(&ledger, "客户编号,客户名称,日期,销售额,毛利\nC1,甲公司,2025-01-03,800000,150000\nC2,乙公司,2025-02-03,300000,80000\nC3,丙公司,2025-03-03,150000,30000\n").unwrap();
//! let mut policy = TierPolicy::default(); // ABC by rank: top 5% A, next 15% B
//! policy.abc_rank.ab_share = 0.30;
//! let policy = policy.check().unwrap(); // once, at the boundary
//! let (report, metrics) = analyse(&ledger, &policy, &mut Quiet).unwrap();
//! assert!(report.adds_up());
//! let table = tiering::classify(metrics, &policy).unwrap();
//! let out = dir.path().join("客户分级管理表.xlsx");
//! export::write_workbook(&out, &table, &report, Lang::Zh).unwrap();
//! assert_eq!(table.totals()[0].customers, 1);
//! ```

pub mod chart;
pub mod clv;
pub mod confidence;
pub mod export;
pub mod format;
mod fxhash;
pub mod history;
pub mod import;
mod lang;
pub mod ledger;
pub mod lookup;
pub mod metrics;
mod pipeline;
pub mod playbook;
pub mod report;
pub mod store;
pub mod text;
pub mod tiering;
pub mod usecase;

use std::collections::BTreeMap;
use std::path::Path;

pub use import::{ImportError, ImportOptions, Observer, Period, Quiet};
pub use lang::Lang;
pub use ledger::ImportReport;
pub use metrics::MetricsSet;
pub use tiering::{CheckedPolicy, PolicyError, RunSpec, Tier, TierPolicy, TierTable};

/// Any error the engine reports, with a stable code, parameters and a message in
/// the user's language.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading the ledger.
    #[error(transparent)]
    Import(#[from] ImportError),
    /// The policy.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// Writing the workbook.
    #[error(transparent)]
    Export(#[from] export::ExportError),
    /// The workspace.
    #[error(transparent)]
    Store(#[from] store::StoreError),
}

impl Error {
    /// A stable code such as `import.password_protected`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Import(e) => e.code(),
            Error::Policy(e) => e.code(),
            Error::Export(e) => e.code(),
            Error::Store(e) => e.code(),
        }
    }

    /// The message parameters.
    pub fn params(&self) -> BTreeMap<&'static str, String> {
        match self {
            Error::Import(e) => e.params(),
            Error::Policy(e) => e.params(),
            Error::Export(e) => e.params(),
            Error::Store(e) => e.params(),
        }
    }

    /// The message for people.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Error::Import(e) => e.message(lang),
            Error::Policy(e) => e.message(lang),
            Error::Export(e) => e.message(lang),
            Error::Store(e) => e.message(lang),
        }
    }
}

/// Imports a ledger and aggregates its customers under a policy's import choices,
/// in one streaming pass (the pipeline a workspace import uses too, so both
/// report alike). The ledger file is only read, never written.
///
/// # Errors
/// [`Error::Import`] for file-level problems, [`Error::Policy`] for a bad policy.
pub fn analyse(
    path: &Path,
    policy: &CheckedPolicy,
    observer: &mut dyn Observer,
) -> Result<(ImportReport, MetricsSet), Error> {
    let (read, split, _) = pipeline::stream::<()>(path, &policy.run.import, observer, None);
    Ok(split.finish(read?, policy.run.import.period, policy.clv_options()))
}

/// Imports, tiers and returns the table: the whole `classify` flow without the export.
///
/// # Errors
/// As [`analyse`] and [`tiering::classify`].
pub fn run(
    path: &Path,
    policy: &CheckedPolicy,
    observer: &mut dyn Observer,
) -> Result<(ImportReport, TierTable), Error> {
    let (report, metrics) = analyse(path, policy, observer)?;
    let table = tiering::classify(metrics, policy)?;
    Ok((report, table))
}
