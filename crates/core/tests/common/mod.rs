//! Builders for small fixture ledgers, written with rust_xlsxwriter or as text, so
//! each test states its ledger in full beside its assertions.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use tierbook_core::{ImportReport, Quiet, TierPolicy, TierTable};

/// A fixture cell.
#[derive(Clone, Debug)]
pub enum C {
    /// Text.
    S(&'static str),
    /// Owned text.
    T(String),
    /// Number.
    N(f64),
    /// A date cell (y, m, d), formatted as a date.
    D(u16, u8, u8),
    /// Empty.
    E,
}

/// Writes an xlsx with the given sheets of rows.
pub fn xlsx(path: &Path, sheets: &[(&str, Vec<Vec<C>>)]) {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    C::S(s) => {
                        ws.write_string(r, c, *s).unwrap();
                    }
                    C::T(s) => {
                        ws.write_string(r, c, s).unwrap();
                    }
                    C::N(n) => {
                        ws.write_number(r, c, *n).unwrap();
                    }
                    C::D(y, m, d) => {
                        let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                        ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
                    }
                    C::E => {}
                }
            }
        }
    }
    wb.save(path).unwrap();
}

/// A fresh temporary folder.
pub fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// The repository's bundled sample ledger.
pub fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples").join(name)
}

/// A committed fixture.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Imports and tiers with a policy.
pub fn run(path: &Path, policy: &TierPolicy) -> (ImportReport, TierTable) {
    tierbook_core::run(path, policy, &mut Quiet)
        .unwrap_or_else(|e| panic!("{}: {}", e.code(), e.message(tierbook_core::Lang::En)))
}

/// The import error code for a file.
pub fn error_code(path: &Path) -> (String, String) {
    match tierbook_core::run(path, &TierPolicy::default(), &mut Quiet) {
        Ok(_) => panic!("{} imported, but an error was expected", path.display()),
        Err(e) => (e.code().to_string(), e.message(tierbook_core::Lang::Zh)),
    }
}

/// A customer's sales from a table.
pub fn sales(t: &TierTable, id: &str) -> f64 {
    t.metrics
        .customers
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no customer {id}"))
        .sales
}

/// A customer's tier.
pub fn tier(t: &TierTable, id: &str) -> tierbook_core::Tier {
    let i = t
        .metrics
        .customers
        .iter()
        .position(|c| c.id == id)
        .unwrap_or_else(|| panic!("no customer {id}"));
    t.assignments[i].tier
}
