//! The import plan: the top of every sheet read, the header found (or stacked,
//! or mapped), the ledger's shape decided, and any problem said beside the
//! columns, so a mapping screen (or `inspect`) can show what to fix.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::read::Source;
use super::*;
use crate::ledger::*;

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

pub(super) fn plan(path: &Path, source: &mut Source, opts: &ImportOptions) -> Result<Inspection, ImportError> {
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
    // Sheets read to their end within the preview (so their rows are all known).
    let mut whole: Vec<bool> = Vec::new();
    for name in &names {
        let mut top: Vec<(usize, Vec<CellValue>)> = Vec::new();
        let mut ended = true;
        let depth = opts
            .header_row
            .map(|r| (r as usize).max(HEADER_SEARCH_ROWS))
            .unwrap_or(HEADER_SEARCH_ROWS);
        source.for_each_row(&file, name, &mut |r, cells| {
            if r as usize >= depth {
                ended = false;
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
        whole.push(ended);
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
    // Only a header and nothing under it, in every sheet to be imported, is
    // known now: say so in the preview rather than after 开始导入.
    let data_below = |s: &SheetPreview, ended: bool| {
        let row = s.header.as_ref().map_or(0, |h| h.row as u32);
        !ended
            || s.rows
                .iter()
                .any(|(i, cells)| *i > row && cells.iter().any(|c| !c.trim().is_empty()))
    };
    if !sheets
        .iter()
        .zip(&whole)
        .any(|(s, &ended)| s.included && data_below(s, ended))
    {
        let problem = ImportError::NoDataRows { file: file.clone() };
        return unfinished(sheets, problem);
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
