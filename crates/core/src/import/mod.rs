//! Importing a sales ledger: open the file, find each sheet's header row, map
//! columns to roles, stream the rows, and turn each one into a [`Transaction`] or
//! a reported skip. Every row read is accounted for in the [`ImportReport`].

pub mod cell;
pub mod error;
pub mod grid;
pub mod header;
pub mod sniff;
pub mod source;
pub mod totals;
mod xlsx_fast;

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use cell::CellValue;
pub use error::ImportError;
pub use header::{HeaderMap, MappedColumn, Role, Unit};
use source::Source;

use crate::confidence::Finding;
use crate::ledger::*;

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

/// A sheet as seen before import: its header and first rows, for previews.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SheetPreview {
    /// Sheet name.
    pub name: String,
    /// The detected (or chosen) header, if the sheet has one.
    pub header: Option<HeaderMap>,
    /// The first rows as text (row index, cells), up to the search depth.
    pub rows: Vec<(u32, Vec<String>)>,
    /// Whether the sheet will be imported with the current options.
    pub included: bool,
    /// Why not, when it is not.
    pub skip: Option<SheetSkip>,
}

/// The plan for an import: format, shape, and which sheets with which header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Inspection {
    /// File name.
    pub file: String,
    /// Format label.
    pub format: String,
    /// Detected shape.
    pub shape: LedgerShape,
    /// Every sheet in workbook order.
    pub sheets: Vec<SheetPreview>,
}

impl Inspection {
    /// The header of the first included sheet (every included sheet has the same roles).
    pub fn header(&self) -> Option<&HeaderMap> {
        self.sheets.iter().find(|s| s.included).and_then(|s| s.header.as_ref())
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Reads the top of every sheet and decides the import plan, without reading the
/// whole file. This is what `tierbook-cli inspect` prints and the app previews.
///
/// # Errors
/// Any [`ImportError`] about the file as a whole.
pub fn inspect(path: &Path, opts: &ImportOptions) -> Result<Inspection, ImportError> {
    let mut source = Source::open(path)?;
    plan(path, &mut source, opts)
}

/// Like [`inspect`], but a file that cannot be imported as it stands (no amount
/// column, a mapping naming a missing column) still gives its sheets and headers,
/// with the problem beside them, so a mapping screen can show what to fix.
///
/// # Errors
/// Only problems with the file as a whole (missing, damaged, encrypted…).
pub fn survey(path: &Path, opts: &ImportOptions) -> Result<(Inspection, Option<ImportError>), ImportError> {
    let mut source = Source::open(path)?;
    survey_source(path, &mut source, opts)
}

fn plan(path: &Path, source: &mut Source, opts: &ImportOptions) -> Result<Inspection, ImportError> {
    match survey_source(path, source, opts)? {
        (inspection, None) => Ok(inspection),
        (_, Some(problem)) => Err(problem),
    }
}

fn survey_source(
    path: &Path,
    source: &mut Source,
    opts: &ImportOptions,
) -> Result<(Inspection, Option<ImportError>), ImportError> {
    let file = file_name(path);
    let names = source.sheet_names();
    if let Some(wanted) = &opts.sheets {
        if let Some(missing) = wanted.iter().find(|w| !names.contains(w)) {
            return Err(ImportError::SheetNotFound {
                file,
                sheet: missing.clone(),
            });
        }
    }
    let mut sheets = Vec::new();
    for name in &names {
        let mut top: Vec<(usize, Vec<CellValue>)> = Vec::new();
        let depth = opts
            .header_row
            .map(|r| (r as usize).max(HEADER_SEARCH_ROWS))
            .unwrap_or(HEADER_SEARCH_ROWS);
        source.for_each_row(&file, name, &mut |r, cells| {
            if r as usize >= depth {
                return ControlFlow::Break(());
            }
            top.push((r as usize, cells.to_vec()));
            ControlFlow::Continue(())
        })?;
        let header = match opts.header_row {
            Some(r) => {
                let idx = r.saturating_sub(1) as usize;
                let cells = top
                    .iter()
                    .find(|(i, _)| *i == idx)
                    .map(|(_, c)| c.clone())
                    .unwrap_or_default();
                // The row chosen may be the top of a two-row header.
                let single = header::map_header(idx, &cells, &opts.mapping);
                let stacked = top
                    .iter()
                    .find(|(i, _)| *i == idx + 1)
                    .and_then(|(_, below)| header::stack(&cells, below))
                    .map(|c| header::map_header(idx + 1, &c, &opts.mapping));
                let roles = |h: &HeaderMap| h.columns.iter().filter(|c| c.role.is_some()).count();
                let chosen = match stacked {
                    Some(st)
                        if (st.is_ledger() && !single.is_ledger())
                            || (st.is_ledger() && roles(&st) > roles(&single)) =>
                    {
                        st
                    }
                    _ => single,
                };
                Some(chosen).filter(|h| !h.columns.is_empty())
            }
            None => header::detect_header(&top, &opts.mapping),
        };
        let header = header.map(|mut h| {
            // A unit declared above the header applies to the money columns
            // whose header names none.
            if let Some((row, unit)) = header::unit_note(&top, h.row) {
                let mut applied = false;
                for c in &mut h.columns {
                    if c.role.is_some_and(|r| r.is_money()) && header::stated_unit(&c.header).is_none() {
                        c.unit = unit;
                        applied = true;
                    }
                }
                if applied {
                    h.notes.push(header::HeaderNote::UnitFromTitle { row, unit });
                }
            }
            for c in &mut h.columns {
                if let Some(u) = c.role.and_then(|r| opts.units.get(&r)) {
                    c.unit = *u;
                }
            }
            h
        });
        let rows = top
            .iter()
            .map(|(i, c)| (*i as u32, c.iter().map(|v| v.as_text()).collect()))
            .collect();
        let skip = if top.is_empty() {
            Some(SheetSkip::Empty)
        } else if opts.sheets.as_ref().is_some_and(|w| !w.contains(name)) {
            Some(SheetSkip::NotSelected)
        } else if !header.as_ref().is_some_and(|h| h.is_ledger()) {
            Some(SheetSkip::NotALedger)
        } else {
            None
        };
        sheets.push(SheetPreview {
            name: name.clone(),
            header,
            rows,
            included: skip.is_none(),
            skip,
        });
    }
    // A mapping that names a column no header has is the user's typo: say so
    // rather than "no amount column".
    let first_header = sheets
        .iter()
        .filter(|s| s.skip != Some(SheetSkip::NotSelected))
        .find_map(|s| s.header.as_ref());
    let format = source.format_label();
    let unfinished = |sheets: Vec<SheetPreview>, problem: ImportError| {
        let dated = sheets
            .iter()
            .filter_map(|s| s.header.as_ref())
            .any(|h| h.has(Role::Date));
        let shape = if dated {
            LedgerShape::Transactions
        } else {
            LedgerShape::CustomerSummary
        };
        let inspection = Inspection {
            file: file.clone(),
            format: format.clone(),
            shape,
            sheets,
        };
        Ok((inspection, Some(problem)))
    };
    if let Some(h) = first_header {
        // An empty column name in the mapping means "no column for this role".
        let missing = opts
            .mapping
            .iter()
            .find(|(role, column)| !column.trim().is_empty() && !h.has(**role));
        if let Some((role, column)) = missing {
            let problem = ImportError::MappedColumnNotFound {
                file: file.clone(),
                role: role.key().into(),
                column: column.clone(),
            };
            return unfinished(sheets, problem);
        }
    }
    let Some(primary) = sheets.iter().position(|s| s.included) else {
        if sheets.iter().all(|s| s.skip == Some(SheetSkip::Empty)) {
            return Err(ImportError::EmptyWorkbook { file });
        }
        let problem = no_ledger_error(&file, &sheets, opts);
        return unfinished(sheets, problem);
    };
    let signature = sheets[primary].header.as_ref().map(|h| h.signature());
    for s in sheets.iter_mut().skip(primary + 1) {
        if s.included && s.header.as_ref().map(|h| h.signature()) != signature {
            s.included = false;
            s.skip = Some(SheetSkip::DifferentColumns);
        }
    }
    let h = sheets[primary].header.as_ref().expect("included sheets have a header");
    let summary_like = h.has(Role::Frequency) || h.has(Role::Clv);
    let shape = if !summary_like && (h.has(Role::Date) || h.has(Role::OrderId)) {
        LedgerShape::Transactions
    } else {
        LedgerShape::CustomerSummary
    };
    Ok((
        Inspection {
            file,
            format,
            shape,
            sheets,
        },
        None,
    ))
}

fn no_ledger_error(file: &str, sheets: &[SheetPreview], opts: &ImportOptions) -> ImportError {
    let file = file.to_string();
    if sheets.iter().all(|s| s.skip == Some(SheetSkip::Empty)) {
        return ImportError::EmptyWorkbook { file };
    }
    let candidates = sheets
        .iter()
        .filter(|s| opts.sheets.as_ref().is_none_or(|w| w.contains(&s.name)));
    for s in candidates {
        if let Some(h) = &s.header {
            let row = h.row as u32 + 1;
            let sheet = s.name.clone();
            if !(h.has(Role::CustomerId) || h.has(Role::CustomerName)) {
                return ImportError::NoCustomerColumn { file, sheet, row };
            }
            if !h.has(Role::Amount) {
                return ImportError::NoAmountColumn { file, sheet, row };
            }
        }
    }
    ImportError::NoLedgerSheet { file }
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
    let plan = plan(path, &mut source, opts)?;
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

/// Sums of the sheet's lines, overall and since the last total row: a row whose
/// amount equals one of them is a total, whatever its label.
#[derive(Default)]
struct Running {
    all: f64,
    segment: f64,
    lines: u32,
}

/// How a row that reads like a total was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TotalKind {
    /// Its amount adds up and it lacks what sale rows carry.
    Structure,
    /// It adds up but is a full sale row or a company's name: flagged only.
    Suspect,
}

impl Running {
    fn add(&mut self, amount: f64) {
        self.all += amount;
        self.segment += amount;
        self.lines += 1;
    }

    fn reset(&mut self) {
        self.segment = 0.0;
        self.lines = 0;
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 0.005 + a.abs() * 1e-9
    }

    /// The amount equals the lines since the last total (two at least) or all so far.
    fn sums_up(&self, amount: f64) -> bool {
        amount != 0.0 && self.lines >= 2 && (Self::close(amount, self.segment) || Self::close(amount, self.all))
    }

    fn is_grand(&self, amount: f64) -> bool {
        Self::close(amount, self.all)
    }

    fn total_like(&self, t: &Transaction, typical: &[Role]) -> Option<TotalKind> {
        let labels = || std::iter::once(t.customer.as_str()).chain(t.name.as_deref());
        if !self.sums_up(t.amount) {
            return None;
        }
        let lacking = typical.iter().any(|r| match r {
            Role::Date => t.date.is_none(),
            Role::OrderId => t.order_id.is_none(),
            Role::Product => t.product.is_none(),
            Role::Quantity => t.quantity.is_none(),
            Role::Salesperson => t.salesperson.is_none(),
            _ => false,
        });
        let company = labels().any(|l| totals::organisation(&l.to_lowercase()));
        Some(if lacking && !company {
            TotalKind::Structure
        } else {
            TotalKind::Suspect
        })
    }
}

/// What one data row turned out to be.
// Boxing the imported transaction would cost an allocation per row on the
// import's hot path; the outcome is consumed at once, never stored.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum RowOutcome {
    /// Every cell empty.
    Blank,
    /// A total or subtotal row.
    Total {
        /// The label found.
        label: String,
        /// Grand total or subtotal.
        grand: bool,
        /// The amount it carries.
        amount: Option<f64>,
        /// Recognised by a total word in an unusual label (本年累计, 合计（含税）):
        /// said in the confidence line.
        by_word: bool,
    },
    /// Not imported, with the reason.
    Skip(SkipReason),
    /// A valid row, with what reading it had to leave out: secondary fields
    /// that could not be read, text cut to Excel's cell limit.
    Imported(Transaction, Vec<RowNote>),
}

/// Something a row's reading left out, said in the import report.
#[derive(Debug, Clone, PartialEq)]
pub enum RowNote {
    /// A secondary field that is not a number (column, cell text).
    Unreadable(String, String),
    /// Text longer than an Excel cell holds, cut (column, characters it had).
    Cut(String, usize),
    /// A date without its year, given the year (column, year).
    YearAssumed(String, i32),
}

/// Turns raw rows of one sheet into outcomes, given the sheet's header.
pub struct RowReader<'h> {
    shape: LedgerShape,
    total_columns: Vec<usize>,
    /// The column of each role, by `Role as usize`, looked up once per sheet.
    by_role: [Option<&'h MappedColumn>; Role::ALL.len()],
    /// The year of dates written without one (3月7日): the sheet's title
    /// gives it, then the latest full date read.
    year: std::cell::Cell<Option<i32>>,
}

impl<'h> RowReader<'h> {
    /// A reader for rows under `header`. The period only lends its year to
    /// dates written without one: choosing rows by period is the pipeline's job.
    pub fn new(header: &'h HeaderMap, shape: LedgerShape, period: Period) -> Self {
        let amount_col = header.column(Role::Amount).map(|c| c.index).unwrap_or(usize::MAX);
        // Totals are labelled left of the amount or in a customer column, never in
        // free-text columns such as needs or product.
        let total_columns = header
            .columns
            .iter()
            .filter(|c| {
                matches!(c.role, Some(Role::CustomerId) | Some(Role::CustomerName))
                    || (c.index < amount_col && !matches!(c.role, Some(Role::Needs) | Some(Role::Product)))
            })
            .map(|c| c.index)
            .chain(0..1)
            .collect();
        let by_role = Role::ALL.map(|r| header.column(r));
        RowReader {
            shape,
            total_columns,
            by_role,
            year: std::cell::Cell::new(period.from.or(period.to).map(|d| chrono::Datelike::year(&d))),
        }
    }

    fn cell<'c>(&self, cells: &'c [CellValue], role: Role) -> Option<(&'c CellValue, &'h MappedColumn)> {
        let col = self.by_role[role as usize]?;
        Some((cells.get(col.index).unwrap_or(&CellValue::Empty), col))
    }

    fn text(&self, cells: &[CellValue], role: Role) -> Option<String> {
        self.cell(cells, role)
            .map(|(c, _)| c.as_text())
            .filter(|s| !s.is_empty())
    }

    /// Text cut to Excel's cell limit, noting the cut.
    fn cut(&self, role: Role, text: Option<String>, notes: &mut Vec<RowNote>) -> Option<String> {
        let mut s = text?;
        let limit = crate::export::MAX_CELL_CHARS;
        if s.len() > limit {
            if let Some((at, _)) = s.char_indices().nth(limit) {
                let chars = s.chars().count();
                s.truncate(at);
                let column = self.by_role[role as usize]
                    .map(|c| c.header.clone())
                    .unwrap_or_default();
                notes.push(RowNote::Cut(column, chars));
            }
        }
        Some(s)
    }

    fn money(&self, cells: &[CellValue], role: Role) -> Result<Option<f64>, SkipReason> {
        let Some((cell, col)) = self.cell(cells, role) else {
            return Ok(None);
        };
        match cell::parse_number(cell) {
            Ok(v) => Ok(Some(v * if role.is_money() { col.unit.factor() } else { 1.0 })),
            Err(cell::NumberProblem::Empty) => Ok(None),
            Err(cell::NumberProblem::NotANumber(value)) => Err(if role == Role::Amount {
                SkipReason::BadAmount {
                    column: col.header.clone(),
                    value,
                }
            } else {
                SkipReason::BadNumber {
                    column: col.header.clone(),
                    value,
                }
            }),
        }
    }

    fn amount(&self, cells: &[CellValue]) -> Option<f64> {
        self.money(cells, Role::Amount).ok().flatten()
    }

    /// Classifies one row.
    pub fn read(&self, cells: &[CellValue]) -> RowOutcome {
        if cells.iter().all(|c| c.is_blank()) {
            return RowOutcome::Blank;
        }
        for &i in &self.total_columns {
            if let Some(CellValue::Text(t)) = cells
                .get(i)
                .filter(|c| matches!(c, CellValue::Text(t) if totals::may_be_total(t)))
            {
                if let Some(grand) = totals::total_label(t) {
                    return RowOutcome::Total {
                        label: t.trim().to_string(),
                        grand,
                        amount: self.amount(cells),
                        by_word: false,
                    };
                }
                if totals::total_word(t) {
                    return RowOutcome::Total {
                        label: t.trim().to_string(),
                        grand: false,
                        amount: self.amount(cells),
                        by_word: true,
                    };
                }
            }
        }
        let mut unreadable = Vec::new();
        match self.transaction(cells, &mut unreadable) {
            Ok(t) => RowOutcome::Imported(t, unreadable),
            Err(reason) => RowOutcome::Skip(reason),
        }
    }

    /// A secondary figure (profit, cost, quantity, receivable…): a cell that is
    /// not a number is left out of the sale and noted, never the sale dropped.
    fn secondary(&self, cells: &[CellValue], role: Role, unreadable: &mut Vec<RowNote>) -> Option<f64> {
        match self.money(cells, role) {
            Ok(v) => v,
            Err(SkipReason::BadNumber { column, value } | SkipReason::BadAmount { column, value }) => {
                unreadable.push(RowNote::Unreadable(column, value));
                None
            }
            Err(_) => None,
        }
    }

    fn transaction(&self, cells: &[CellValue], unreadable: &mut Vec<RowNote>) -> Result<Transaction, SkipReason> {
        let name = self.cut(Role::CustomerName, self.text(cells, Role::CustomerName), unreadable);
        // A row without its code is keyed by its name: the aggregator gives it the
        // code that name has elsewhere, or keeps it a customer by name.
        let customer = if self.by_role[Role::CustomerId as usize].is_some() {
            match self.text(cells, Role::CustomerId) {
                Some(id) => id,
                None => name.clone().ok_or(SkipReason::MissingCustomer)?,
            }
        } else {
            name.clone().ok_or(SkipReason::MissingCustomer)?
        };
        let amount = self.money(cells, Role::Amount)?.ok_or(SkipReason::MissingAmount)?;
        let date = match self.cell(cells, Role::Date) {
            None => None,
            Some((c, col)) => match cell::parse_date(c, false) {
                Ok(d) => {
                    self.year.set(Some(chrono::Datelike::year(&d)));
                    Some(d)
                }
                Err(cell::DateProblem::NotADate(value))
                    if cell::month_day(&value).is_some() && self.year.get().is_some() =>
                {
                    let ((m, d), y) = (
                        cell::month_day(&value).unwrap_or((1, 1)),
                        self.year.get().unwrap_or(2000),
                    );
                    match NaiveDate::from_ymd_opt(y, m, d) {
                        Some(date) => {
                            unreadable.push(RowNote::YearAssumed(col.header.clone(), y));
                            Some(date)
                        }
                        None => {
                            return Err(SkipReason::BadDate {
                                column: col.header.clone(),
                                value,
                            })
                        }
                    }
                }
                Err(cell::DateProblem::Empty) if self.shape == LedgerShape::CustomerSummary => None,
                Err(cell::DateProblem::Empty) => return Err(SkipReason::MissingDate),
                Err(cell::DateProblem::NotADate(value)) => {
                    return Err(SkipReason::BadDate {
                        column: col.header.clone(),
                        value,
                    })
                }
            },
        };
        let profit = match self.secondary(cells, Role::Profit, unreadable) {
            Some(p) => Some(p),
            None => self.secondary(cells, Role::Cost, unreadable).map(|c| amount - c),
        };
        let t = Transaction {
            customer,
            name,
            date,
            amount,
            profit,
            quantity: self.secondary(cells, Role::Quantity, unreadable),
            order_id: self.text(cells, Role::OrderId),
            product: self.cut(Role::Product, self.text(cells, Role::Product), unreadable),
            salesperson: self.cut(Role::Salesperson, self.text(cells, Role::Salesperson), unreadable),
            receivable: self.secondary(cells, Role::Receivable, unreadable),
            needs: self.cut(Role::Needs, self.text(cells, Role::Needs), unreadable),
            purchases: self.money(cells, Role::Frequency)?,
            clv: self.money(cells, Role::Clv)?,
        };
        Ok(t)
    }
}
