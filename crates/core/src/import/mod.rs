//! Importing a sales ledger: open the file, find each sheet's header row, map
//! columns to roles, stream the rows, and turn each one into a [`Transaction`] or
//! a reported skip. Every row read is accounted for in the [`ImportReport`].

pub mod cell;
pub mod error;
pub mod header;
mod plan;
mod read;
mod rows;
pub mod totals;

pub use plan::{inspect, survey, Inspection, SheetPreview};
pub use rows::{RowNote, RowOutcome, RowReader};

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use cell::CellValue;
pub use error::ImportError;
pub use header::{HeaderMap, MappedColumn, Role, Unit};
use read::Source;

use crate::confidence::Finding;
use crate::ledger::*;
use totals::{Running, TotalKind};

/// How many rows at the top of a sheet are searched for the header.
pub const HEADER_SEARCH_ROWS: usize = 30;

/// A date range; either end may be open. Both ends are inclusive.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Period {
    /// First day included.
    pub from: Option<NaiveDate>,
    /// Last day included.
    pub to: Option<NaiveDate>,
}

impl Period {
    /// Whether a date lies in the period.
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from.is_none_or(|f| d >= f) && self.to.is_none_or(|t| d <= t)
    }
    /// True when neither end is set.
    pub fn is_open(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }
}

/// What the user may correct before importing. The defaults detect everything.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct ImportOptions {
    /// Role → column header; wins over detection.
    pub mapping: BTreeMap<Role, String>,
    /// 1-based header row, for every sheet, instead of detection.
    pub header_row: Option<u32>,
    /// Only these sheets (by name); None: every ledger sheet.
    pub sheets: Option<Vec<String>>,
    /// Money unit per role, instead of the unit read from the header.
    pub units: BTreeMap<Role, Unit>,
    /// Only rows dated in this period are tiered (the others are reported as
    /// outside it); the importer itself reads every row, so a workspace keeps
    /// them all, and takes the period's year for dates written without one.
    pub period: Period,
}

/// Progress and cancellation for long imports. The core knows nothing of the UI.
pub trait Observer {
    /// Called every few thousand rows with the number of rows read so far.
    fn rows_read(&mut self, _rows: u64) {}
    /// Polled as rows are read; returning true stops the import with
    /// [`ImportError::Cancelled`].
    fn cancelled(&self) -> bool {
        false
    }
}

/// An observer that ignores progress and never cancels.
pub struct Quiet;
impl Observer for Quiet {}

/// Unreadable fields listed one by one at most; the rest are counted.
const MAX_LOCATED_FINDINGS: u64 = 500;

/// How often the observer hears about progress.
const PROGRESS_EVERY: u64 = 8192;

/// A ledger's sheets as the reader saw them, before any interpretation: for
/// checking the readers against each other (the fast xlsx scanner against
/// calamine). Collects every row, so it is meant for small files.
#[derive(Debug, Clone, PartialEq)]
pub struct RawSheets {
    /// True when the fast xlsx scanner read the file (else calamine or the
    /// text reader did).
    pub fast: bool,
    /// Each sheet's name and its rows.
    pub sheets: Vec<(String, Vec<RawRow>)>,
}

/// A row as read: its 0-based index and its cells.
pub type RawRow = (u32, Vec<CellValue>);

/// Reads a ledger's sheets as raw cells (see [`RawSheets`]).
///
/// # Errors
/// The file cannot be opened or read.
pub fn raw_sheets(path: &Path) -> Result<RawSheets, ImportError> {
    let mut src = Source::open(path)?;
    let fast = matches!(src, Source::FastXlsx(_));
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut sheets = Vec::new();
    for name in src.sheet_names() {
        let mut rows = Vec::new();
        src.for_each_row(&file, &name, &mut |r, cells| {
            rows.push((r, cells.to_vec()));
            ControlFlow::Continue(())
        })?;
        sheets.push((name, rows));
    }
    Ok(RawSheets { fast, sheets })
}

/// Imports a ledger, handing each transaction to `sink` as it is read, and returns
/// the report. Memory stays flat: rows are never collected.
///
/// # Errors
/// File-level problems ([`ImportError`]); row problems are skips in the report.
pub fn import_ledger(
    path: &Path,
    opts: &ImportOptions,
    observer: &mut dyn Observer,
    sink: &mut dyn FnMut(Transaction, Origin),
) -> Result<ImportReport, ImportError> {
    let mut source = Source::open(path)?;
    let plan = plan::plan(path, &mut source, opts)?;
    let mut report = ImportReport {
        file: plan.file.clone(),
        format: plan.format.clone(),
        shape: plan.shape,
        sheets: Vec::new(),
        skipped_sheets: plan
            .sheets
            .iter()
            .filter_map(|s| {
                s.skip.clone().map(|reason| SkippedSheet {
                    sheet: s.name.clone(),
                    reason,
                })
            })
            .collect(),
        skipped_rows: Vec::new(),
        total_rows: Vec::new(),
        reconciliations: Vec::new(),
        name_conflicts: Vec::new(),
        findings: plan
            .sheets
            .iter()
            .filter(|s| s.included)
            .flat_map(|s| s.header.iter().flat_map(|h| h.notes.iter().map(|n| n.finding(&s.name))))
            .collect(),
        imported_amount: 0.0,
        return_lines: 0,
        first_date: None,
        last_date: None,
    };
    let mut rows_so_far = 0u64;
    let mut cancelled = false;
    let mut unreadable_rows = 0u64;
    for sheet in plan.sheets.iter().filter(|s| s.included) {
        let header = sheet.header.as_ref().expect("included sheets have a header");
        let reader = RowReader::new(header, plan.shape, opts.period);
        let sheet_index = report.sheets.len() as u16;
        // A year named above the header (2025年销售台账) dates 3月7日.
        if let Some(y) = sheet
            .rows
            .iter()
            .filter(|(r, _)| (*r as usize) < header.row)
            .flat_map(|(_, cells)| cells.iter())
            .find_map(|t| cell::year_in(t))
        {
            reader.year.set(Some(y));
        }
        let mut year_assumed: Option<(String, i32, u64)> = None;
        // A name (or date, order, salesperson) written once in a cell merged down
        // over several order rows is filled into each of them.
        let fill_columns: Vec<usize> = [
            Role::CustomerId,
            Role::CustomerName,
            Role::Date,
            Role::OrderId,
            Role::Salesperson,
        ]
        .into_iter()
        .filter_map(|role| header.column(role).map(|c| c.index))
        .collect();
        let merges: Vec<(u32, usize, u32, usize)> = source
            .merges(&sheet.name)
            .into_iter()
            .filter(|m| m.2 > m.0 && m.0 as usize > header.row && fill_columns.contains(&m.1))
            .collect();
        let mut merge_values: Vec<Option<CellValue>> = vec![None; merges.len()];
        let mut filled: Vec<(usize, u64)> = Vec::new();
        let mut row_buf: Vec<CellValue> = Vec::new();
        let mut counts = SheetCounts {
            sheet: sheet.name.clone(),
            header_row: header.row as u32 + 1,
            ..Default::default()
        };
        let mut last_index: Option<u32> = None;
        let mut valid_sum = 0.0;
        let mut grand: Option<(u32, f64)> = None;
        // Sums since the last total row, for totals recognised by structure.
        let mut run = Running::default();
        // Amounts read in 元 that look like 万元: below 1,000 with four decimals.
        let amount_column = header.column(Role::Amount).filter(|c| c.unit == Unit::Yuan);
        let (mut small_four, mut amounts) = (0u64, 0u64);
        let typical: Vec<Role> = [
            Role::Date,
            Role::OrderId,
            Role::Product,
            Role::Quantity,
            Role::Salesperson,
        ]
        .into_iter()
        .filter(|r| header.has(*r))
        .collect();
        source.for_each_row(&plan.file, &sheet.name, &mut |r, cells| {
            // Rows absent from the file (no cells at all) are counted too: above the
            // header they are preamble, below it blank.
            let start = last_index.map_or(0, |p| p as u64 + 1);
            let gap = (r as u64).saturating_sub(start);
            let above_header = (header.row as u64 + 1).min(r as u64).saturating_sub(start);
            counts.preamble += above_header;
            counts.blank += gap - above_header;
            counts.rows_read += gap + 1;
            last_index = Some(r);
            if r as usize <= header.row {
                counts.preamble += 1;
            }
            let at = || RowRef {
                sheet: sheet.name.clone(),
                row: r + 1,
            };
            // Fill merged cells down (only sheets with merges pay for this).
            let cells: &[CellValue] = if merges.is_empty() {
                cells
            } else {
                let mut copied = false;
                for (k, &(r0, c0, r1, _)) in merges.iter().enumerate() {
                    if r == r0 {
                        merge_values[k] = cells.get(c0).cloned();
                    } else if r > r0 && r <= r1 && cells.get(c0).is_none_or(CellValue::is_blank) {
                        if let Some(v) = &merge_values[k] {
                            if !copied {
                                row_buf.clear();
                                row_buf.extend_from_slice(cells);
                                copied = true;
                            }
                            if row_buf.len() <= c0 {
                                row_buf.resize(c0 + 1, CellValue::Empty);
                            }
                            row_buf[c0] = v.clone();
                            match filled.iter_mut().find(|(c, _)| *c == c0) {
                                Some((_, n)) => *n += 1,
                                None => filled.push((c0, 1)),
                            }
                        }
                    }
                }
                if copied {
                    &row_buf
                } else {
                    cells
                }
            };
            if r as usize > header.row {
                match reader.read(cells) {
                    RowOutcome::Blank => counts.blank += 1,
                    RowOutcome::Total {
                        label,
                        grand: is_grand,
                        amount,
                        by_word,
                    } => {
                        let is_grand = is_grand || by_word && amount.is_some_and(|a| run.lines > 0 && run.is_grand(a));
                        if by_word {
                            report.findings.push(Finding::TotalByWord {
                                sheet: sheet.name.clone(),
                                row: r + 1,
                                label: label.clone(),
                                amount: amount.unwrap_or(0.0),
                            });
                        }
                        run.reset();
                        counts.totals += 1;
                        if is_grand {
                            if let Some(a) = amount {
                                grand = Some((r + 1, a));
                            }
                        }
                        report.total_rows.push(TotalRow {
                            at: at(),
                            label,
                            grand: is_grand,
                            amount,
                        });
                    }
                    RowOutcome::Skip(SkipReason::MissingCustomer)
                        if reader.amount(cells).is_some_and(|a| run.sums_up(a)) =>
                    {
                        // Only amounts filled, and they add up: a total without a label.
                        let amount = reader.amount(cells).unwrap_or(0.0);
                        counts.totals += 1;
                        report.findings.push(Finding::TotalByStructure {
                            sheet: sheet.name.clone(),
                            row: r + 1,
                            label: String::new(),
                            amount,
                        });
                        report.total_rows.push(TotalRow {
                            at: at(),
                            label: String::new(),
                            grand: run.is_grand(amount),
                            amount: Some(amount),
                        });
                        run.reset();
                    }
                    RowOutcome::Skip(reason) => {
                        counts.skipped += 1;
                        report.skipped_rows.push(SkippedRow { at: at(), reason });
                    }
                    RowOutcome::Imported(t, unreadable) => {
                        for note in unreadable {
                            let (sheet, row) = (sheet.name.clone(), r + 1);
                            let finding = match note {
                                RowNote::YearAssumed(column, year) => {
                                    year_assumed.get_or_insert((column, year, 0)).2 += 1;
                                    continue;
                                }
                                RowNote::Unreadable(column, value) => Finding::FieldUnreadable {
                                    sheet,
                                    row,
                                    column,
                                    value,
                                },
                                RowNote::Cut(column, chars) => Finding::TextCut {
                                    sheet,
                                    row,
                                    column,
                                    chars,
                                },
                            };
                            unreadable_rows += 1;
                            if unreadable_rows <= MAX_LOCATED_FINDINGS {
                                report.findings.push(finding);
                            }
                        }
                        let kind = run.total_like(&t, &typical);
                        let label = || t.name.clone().unwrap_or_else(|| t.customer.clone());
                        let (sheet_name, row) = (sheet.name.clone(), r + 1);
                        if kind == Some(TotalKind::Structure) {
                            let (label, amount) = (label(), t.amount);
                            report.findings.push(Finding::TotalByStructure {
                                sheet: sheet_name,
                                row,
                                label: label.clone(),
                                amount,
                            });
                            counts.totals += 1;
                            report.total_rows.push(TotalRow {
                                at: at(),
                                label,
                                grand: run.is_grand(amount),
                                amount: Some(amount),
                            });
                            run.reset();
                        } else {
                            if kind == Some(TotalKind::Suspect) {
                                // It adds up but is a full sale row (or a company's
                                // name): imported, and the user is asked to check.
                                report.findings.push(Finding::SuspectTotal {
                                    sheet: sheet_name,
                                    row,
                                    label: label(),
                                    amount: t.amount,
                                });
                            }
                            run.add(t.amount);
                            if amount_column.is_some() {
                                amounts += 1;
                                let scaled = t.amount * 10_000.0;
                                if t.amount.abs() < 1000.0
                                    && (scaled - scaled.round()).abs() < 1e-6
                                    && (scaled.round() as i64) % 10 != 0
                                {
                                    small_four += 1;
                                }
                            }
                            counts.imported += 1;
                            valid_sum += t.amount;
                            report.imported_amount += t.amount;
                            if t.amount < 0.0 {
                                report.return_lines += 1;
                            }
                            if let Some(d) = t.date {
                                report.first_date = Some(report.first_date.map_or(d, |f| f.min(d)));
                                report.last_date = Some(report.last_date.map_or(d, |l| l.max(d)));
                            }
                            sink(
                                t,
                                Origin {
                                    sheet: sheet_index,
                                    row: r + 1,
                                },
                            );
                        }
                    }
                }
            }
            rows_so_far += 1;
            if rows_so_far.is_multiple_of(PROGRESS_EVERY) {
                observer.rows_read(rows_so_far);
                if observer.cancelled() {
                    cancelled = true;
                    return ControlFlow::Break(());
                }
            }
            ControlFlow::Continue(())
        })?;
        if cancelled {
            return Err(ImportError::Cancelled);
        }
        // Formulas with no saved results read as empty cells: with nothing
        // imported that is the whole story, so say what to do; with some rows
        // imported, say how many cells were empty for it.
        if let Some((count, encoding)) = source.replacements().filter(|(n, _)| *n > 0) {
            report.findings.push(Finding::Unreadable {
                sheet: sheet.name.clone(),
                characters: count,
                encoding: encoding.to_string(),
            });
        }
        let unsaved = source.unsaved_formulas();
        if unsaved > 0 && counts.imported == 0 {
            return Err(ImportError::FormulasWithoutValues {
                file: plan.file.clone(),
                sheet: sheet.name.clone(),
                formulas: unsaved,
            });
        }
        for (col, rows) in filled.drain(..) {
            let column = header
                .columns
                .iter()
                .find(|c| c.index == col)
                .map(|c| c.header.clone())
                .unwrap_or_default();
            report.findings.push(Finding::FilledDown {
                sheet: sheet.name.clone(),
                column,
                rows,
            });
        }
        if let Some((column, year, rows)) = year_assumed.take() {
            report.findings.push(Finding::YearAssumed {
                sheet: sheet.name.clone(),
                column,
                year,
                rows,
            });
        }
        if let Some(col) = amount_column.filter(|_| amounts >= 5 && small_four * 2 > amounts) {
            report.findings.push(Finding::UnitLooksWan {
                sheet: sheet.name.clone(),
                column: col.header.clone(),
            });
        }
        if unsaved > 0 {
            report.findings.push(Finding::UnsavedFormulas {
                sheet: sheet.name.clone(),
                cells: unsaved,
            });
        }
        if let Some((row, ledger_total)) = grand {
            report.reconciliations.push(Reconciliation {
                sheet: sheet.name.clone(),
                row,
                ledger_total,
                imported_total: valid_sum,
                matches: (ledger_total - valid_sum).abs() < 0.005 + ledger_total.abs() * 1e-12,
            });
        }
        report.sheets.push(counts);
    }
    observer.rows_read(rows_so_far);
    if unreadable_rows > MAX_LOCATED_FINDINGS {
        report.findings.push(Finding::MoreUnreadable {
            fields: unreadable_rows - MAX_LOCATED_FINDINGS,
        });
    }
    let data_rows: u64 = report.imported() + report.skipped() + report.totals();
    if data_rows == 0 {
        return Err(ImportError::NoDataRows { file: plan.file });
    }
    Ok(report)
}
