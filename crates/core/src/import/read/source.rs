//! Opening a ledger file and streaming its rows, whatever the format.
//!
//! xlsx and xlsb are streamed cell by cell (calamine's cell readers) and handed
//! on one row at a time, so a million-line ledger is never held as a grid. xls
//! and ods have no streaming reader in calamine; their sheets are read as ranges
//! (these formats are small in practice: xls stops at 65 536 rows). CSV and TXT
//! are decoded on the fly from UTF-8, UTF-16 or GB18030.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use calamine::{Data, DataRef, Ods, Reader, Xls, XlsError, Xlsb, Xlsx};
use chrono::NaiveDate;

use super::sniff::{detect_encoding, is_encrypted_ole, sniff, Sniffed, TextEncoding};
use super::xlsx_fast::FastXlsx;
use crate::import::cell::CellValue;
use crate::import::error::ImportError;

type Rs = BufReader<File>;

/// A callback receiving each row: 0-based row index and its cells (index = column).
pub type RowFn<'f> = dyn FnMut(u32, &[CellValue]) -> ControlFlow<()> + 'f;

/// An opened ledger file.
pub enum Source {
    /// Office Open XML workbook (xlsx, xlsm) read by the fast scanner.
    FastXlsx(Box<FastXlsx>),
    /// Office Open XML workbook (xlsx, xlsm) read by calamine, when the fast
    /// scanner cannot open it.
    Xlsx(Box<Xlsx<Rs>>),
    /// Excel binary workbook.
    Xlsb(Box<Xlsb<Rs>>),
    /// Excel 97–2003 workbook.
    Xls(Box<Xls<Rs>>),
    /// OpenDocument spreadsheet.
    Ods(Box<Ods<Rs>>),
    /// Delimited text.
    Text(TextSource),
    /// An HTML table or an XML Spreadsheet 2003, read whole (see [`super::grid`]).
    Grid(Box<super::grid::Grid>, &'static str),
}

/// A delimited text file and how to read it.
pub struct TextSource {
    path: PathBuf,
    sheet: String,
    encoding: TextEncoding,
    delimiter: u8,
    /// Characters the decoder could not read (U+FFFD) in the last pass.
    replacements: std::cell::Cell<u64>,
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn open_file(path: &Path) -> Result<File, ImportError> {
    let file = file_name(path);
    match File::open(path) {
        Ok(f) => {
            if f.metadata().map(|m| m.is_dir()).unwrap_or(false) {
                return Err(ImportError::OtherKind {
                    file,
                    kind: "folder".into(),
                });
            }
            Ok(f)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(ImportError::NotFound { file }),
        Err(e) => Err(ImportError::Unreadable {
            file,
            detail: e.to_string(),
        }),
    }
}

impl Source {
    /// Opens a file, telling the format from its content.
    ///
    /// # Errors
    /// Missing, unreadable, empty, damaged, encrypted or non-ledger files. A
    /// reader that panics on a malformed file (the fuzzer found calamine's OLE
    /// reader does) gives a damaged-file error, never a panic.
    pub fn open(path: &Path) -> Result<Source, ImportError> {
        guarded(file_name(path), || Self::open_unguarded(path))
    }

    fn open_unguarded(path: &Path) -> Result<Source, ImportError> {
        let file = file_name(path);
        let mut f = open_file(path)?;
        let mut head = vec![0u8; 64 * 1024];
        let n = read_up_to(&mut f, &mut head).map_err(|e| ImportError::Unreadable {
            file: file.clone(),
            detail: e.to_string(),
        })?;
        head.truncate(n);
        let damaged = |detail: String| ImportError::Damaged {
            file: file.clone(),
            detail,
        };
        match sniff(&head) {
            Sniffed::Empty => Err(ImportError::EmptyFile { file }),
            Sniffed::Zip => {
                match FastXlsx::open(path) {
                    Ok(x) => return Ok(Source::FastXlsx(Box::new(x))),
                    // A bomb is refused, never handed on to a reader without limits.
                    Err(e) if e.starts_with(super::xlsx_fast::TOO_LARGE) => {
                        return Err(ImportError::TooLarge {
                            file,
                            detail: e[super::xlsx_fast::TOO_LARGE.len()..].to_string(),
                        })
                    }
                    Err(_) => {}
                }
                let reopen = || -> Result<Rs, ImportError> { Ok(BufReader::new(open_file(path)?)) };
                let xlsx_err = match Xlsx::new(reopen()?) {
                    Ok(x) => return Ok(Source::Xlsx(Box::new(x))),
                    Err(e) => e.to_string(),
                };
                if let Ok(x) = Xlsb::new(reopen()?) {
                    return Ok(Source::Xlsb(Box::new(x)));
                }
                if let Ok(x) = Ods::new(reopen()?) {
                    return Ok(Source::Ods(Box::new(x)));
                }
                // An Office document of another kind, or an archive of files.
                if let Ok(z) = zip::ZipArchive::new(reopen()?) {
                    let has = |prefix: &str| z.file_names().any(|n| n.is_ok_and(|n| n.starts_with(prefix)));
                    let kind = if has("word/") {
                        "word"
                    } else if has("ppt/") {
                        "powerpoint"
                    } else if !has("xl/") && !has("content.xml") {
                        "archive"
                    } else {
                        ""
                    };
                    if !kind.is_empty() {
                        return Err(ImportError::OtherKind {
                            file,
                            kind: kind.into(),
                        });
                    }
                }
                Err(damaged(xlsx_err))
            }
            Sniffed::Ole => {
                let mut all = Vec::new();
                f.seek(SeekFrom::Start(0))
                    .and_then(|_| f.read_to_end(&mut all))
                    .map_err(|e| damaged(e.to_string()))?;
                if is_encrypted_ole(&all) {
                    return Err(ImportError::PasswordProtected { file });
                }
                if !super::sniff::ole_chains_sound(&all) {
                    return Err(damaged(
                        "the compound file's sector chains loop or run past the file".into(),
                    ));
                }
                match Xls::new(BufReader::new(open_file(path)?)) {
                    Ok(x) => Ok(Source::Xls(Box::new(x))),
                    Err(XlsError::Password) => Err(ImportError::PasswordProtected { file }),
                    Err(e) => Err(damaged(e.to_string())),
                }
            }
            Sniffed::Text => {
                let other = |kind: &str| ImportError::OtherKind {
                    file: file.clone(),
                    kind: kind.into(),
                };
                if head.starts_with(b"%PDF") {
                    return Err(other("pdf"));
                }
                if head.starts_with(b"\x89PNG")
                    || head.starts_with(&[0xFF, 0xD8, 0xFF])
                    || head.starts_with(b"GIF8")
                    || head.starts_with(b"BM") && head.len() > 14 && head[6..10] == [0, 0, 0, 0]
                {
                    return Err(other("image"));
                }
                if head.starts_with(b"Rar!") || head.starts_with(&[0x1F, 0x8B]) || head.starts_with(b"7z\xBC\xAF") {
                    return Err(other("archive"));
                }
                let encoding = detect_encoding(&head).ok_or(ImportError::NotAWorkbook { file: file.clone() })?;
                let (text, _, _) = encoding.encoding().decode(&head);
                if let Some(kind) = super::grid::markup(&text) {
                    return read_markup(path, &file, kind);
                }
                let delimiter = detect_delimiter(&text);
                Ok(Source::Text(TextSource {
                    path: path.to_path_buf(),
                    sheet: file,
                    encoding,
                    delimiter,
                    replacements: Default::default(),
                }))
            }
        }
    }

    /// Formula cells without a saved value in the sheet streamed last (known
    /// for xlsx read by the fast scanner; 0 otherwise).
    pub fn unsaved_formulas(&self) -> u64 {
        match self {
            Source::FastXlsx(x) => x.unsaved_formulas(),
            _ => 0,
        }
    }

    /// The merged ranges of a sheet (see [`FastXlsx::merges`]; none for other formats).
    pub fn merges(&self, sheet: &str) -> Vec<(u32, usize, u32, usize)> {
        match self {
            Source::FastXlsx(x) => x.merges(sheet),
            _ => Vec::new(),
        }
    }

    /// Characters a text file's decoding could not read in the sheet streamed
    /// last, with the encoding used.
    pub fn replacements(&self) -> Option<(u64, &'static str)> {
        match self {
            Source::Text(t) => Some((t.replacements.get(), t.encoding.label())),
            _ => None,
        }
    }

    /// The format shown in reports: `xlsx`, `xls`, `csv (GBK/GB18030)`…
    pub fn format_label(&self) -> String {
        match self {
            Source::FastXlsx(_) | Source::Xlsx(_) => "xlsx".into(),
            Source::Grid(_, label) => (*label).into(),
            Source::Xlsb(_) => "xlsb".into(),
            Source::Xls(_) => "xls".into(),
            Source::Ods(_) => "ods".into(),
            Source::Text(t) => {
                let kind = match t.delimiter {
                    b'\t' => "txt (Tab)",
                    b';' => "csv (;)",
                    b'|' => "txt (|)",
                    _ => "csv",
                };
                format!("{kind} {}", t.encoding.label())
            }
        }
    }

    /// Sheet names in workbook order (a text file has one, named after the file).
    pub fn sheet_names(&self) -> Vec<String> {
        match self {
            Source::FastXlsx(x) => x.sheet_names(),
            Source::Xlsx(x) => x.sheet_names(),
            Source::Xlsb(x) => x.sheet_names(),
            Source::Xls(x) => x.sheet_names(),
            Source::Ods(x) => x.sheet_names(),
            Source::Text(t) => vec![t.sheet.clone()],
            Source::Grid(g, _) => g.sheets.iter().map(|(n, _)| n.clone()).collect(),
        }
    }

    /// Streams the rows of one sheet to `f` until it returns `Break`. Rows with no
    /// cells at all may be absent; callers count the gap in row indices as blank rows.
    ///
    /// # Errors
    /// A damaged sheet or a read error.
    pub fn for_each_row(&mut self, file: &str, sheet: &str, f: &mut RowFn<'_>) -> Result<(), ImportError> {
        guarded(file.to_string(), || self.for_each_row_unguarded(file, sheet, f))
    }

    fn for_each_row_unguarded(&mut self, file: &str, sheet: &str, f: &mut RowFn<'_>) -> Result<(), ImportError> {
        let damaged = |detail: String| ImportError::Damaged {
            file: file.to_string(),
            detail,
        };
        match self {
            Source::FastXlsx(x) => {
                let mut delivered = false;
                let result = x.for_each_row(sheet, &mut |r, cells| {
                    delivered = true;
                    f(r, cells)
                });
                match result {
                    Ok(()) => Ok(()),
                    Err(e) => match e.strip_prefix(super::xlsx_fast::TOO_LARGE) {
                        Some(detail) => Err(ImportError::TooLarge {
                            file: file.to_string(),
                            detail: detail.to_string(),
                        }),
                        // Nothing handed on yet: calamine reads the sheet instead.
                        None if !delivered => {
                            let mut wb =
                                Xlsx::new(BufReader::new(open_file(x.path())?)).map_err(|_| damaged(e.clone()))?;
                            let mut reader = wb.worksheet_cells_reader(sheet).map_err(|_| damaged(e.clone()))?;
                            stream_cells(|| reader.next_cell().map_err(|e| e.to_string()), f).map_err(damaged)
                        }
                        None => Err(damaged(e)),
                    },
                }
            }
            Source::Xlsx(x) => {
                let mut reader = x.worksheet_cells_reader(sheet).map_err(|e| damaged(e.to_string()))?;
                stream_cells(|| reader.next_cell().map_err(|e| e.to_string()), f).map_err(damaged)
            }
            Source::Xlsb(x) => {
                let mut reader = x.worksheet_cells_reader(sheet).map_err(|e| damaged(e.to_string()))?;
                stream_cells(|| reader.next_cell().map_err(|e| e.to_string()), f).map_err(damaged)
            }
            Source::Xls(x) => {
                let range = x.worksheet_range(sheet).map_err(|e| damaged(e.to_string()))?;
                walk_range(&range, f);
                Ok(())
            }
            Source::Ods(x) => {
                let range = x.worksheet_range(sheet).map_err(|e| damaged(e.to_string()))?;
                walk_range(&range, f);
                Ok(())
            }
            Source::Text(t) => t.for_each_row(file, f),
            Source::Grid(g, _) => {
                if let Some((_, rows)) = g.sheets.iter().find(|(n, _)| n == sheet) {
                    for (r, cells) in rows.iter().enumerate() {
                        if f(r as u32, cells).is_break() {
                            break;
                        }
                    }
                }
                Ok(())
            }
        }
    }
}

/// Reads an HTML table or an XML Spreadsheet 2003 whole: they are web-export
/// sized, and a larger one is refused rather than read into memory.
fn read_markup(path: &Path, file: &str, kind: super::grid::Markup) -> Result<Source, ImportError> {
    use super::grid::{Markup, MAX_BYTES};
    let mut f = open_file(path)?;
    let size = f.metadata().map(|m| m.len()).unwrap_or(0);
    if size > MAX_BYTES {
        return Err(ImportError::TooLarge {
            file: file.to_string(),
            detail: format!("{} MB > {} MB", size >> 20, MAX_BYTES >> 20),
        });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    f.read_to_end(&mut bytes).map_err(|e| ImportError::Unreadable {
        file: file.to_string(),
        detail: e.to_string(),
    })?;
    let encoding = detect_encoding(&bytes).unwrap_or(TextEncoding::Utf8);
    let (text, _, _) = encoding.encoding().decode(&bytes);
    let damaged = |detail: String| ImportError::Damaged {
        file: file.to_string(),
        detail,
    };
    let (grid, label) = match kind {
        Markup::Html => (super::grid::html(&text).map_err(damaged)?, "html (网页表格)"),
        Markup::SpreadsheetMl => (
            super::grid::spreadsheet_ml(&text).map_err(damaged)?,
            "xml (XML 电子表格 2003)",
        ),
    };
    Ok(Source::Grid(Box::new(grid), label))
}

/// Runs a reader, turning a panic inside it into a damaged-file error.
fn guarded<T>(file: String, run: impl FnOnce() -> Result<T, ImportError>) -> Result<T, ImportError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).unwrap_or_else(|panic| {
        let detail = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "the reader failed".into());
        Err(ImportError::Damaged { file, detail })
    })
}

fn read_up_to(f: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// Stores a calamine value into a reusable slot.
fn put(slot: &mut CellValue, v: &DataRef<'_>) {
    match v {
        DataRef::Int(i) => *slot = CellValue::Number(*i as f64),
        DataRef::Float(x) => *slot = CellValue::Number(*x),
        DataRef::String(s) => slot.set_text(s),
        DataRef::SharedString(s) => slot.set_text(s),
        DataRef::Bool(b) => *slot = CellValue::Bool(*b),
        DataRef::DateTime(dt) => {
            *slot = if dt.is_datetime() {
                let (y, m, d, ..) = dt.to_ymd_hms_milli();
                NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32)
                    .map(CellValue::Date)
                    .unwrap_or(CellValue::Number(dt.as_f64()))
            } else {
                CellValue::Number(dt.as_f64())
            }
        }
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => slot.set_text(s),
        DataRef::Error(e) => *slot = CellValue::Error(e.to_string()),
        DataRef::Empty => clear(slot),
    }
}

fn clear(slot: &mut CellValue) {
    match slot {
        CellValue::Text(s) => s.clear(),
        _ => *slot = CellValue::Empty,
    }
}

fn stream_cells<'a>(
    mut next: impl FnMut() -> Result<Option<calamine::Cell<DataRef<'a>>>, String>,
    f: &mut RowFn<'_>,
) -> Result<(), String> {
    let mut row: Vec<CellValue> = Vec::new();
    let mut width = 0usize;
    let mut current: Option<u32> = None;
    while let Some(cell) = next()? {
        let (r, c) = cell.get_position();
        if current != Some(r) {
            if let Some(cur) = current {
                if f(cur, &row[..width]).is_break() {
                    return Ok(());
                }
                row[..width].iter_mut().for_each(clear);
            }
            current = Some(r);
            width = 0;
        }
        let c = c as usize;
        if c >= row.len() {
            row.resize(c + 1, CellValue::Empty);
        }
        put(&mut row[c], cell.get_value());
        width = width.max(c + 1);
    }
    if let Some(cur) = current {
        let _ = f(cur, &row[..width]);
    }
    Ok(())
}

fn to_cell(d: &Data) -> CellValue {
    let mut slot = CellValue::Empty;
    let r: DataRef<'_> = match d {
        Data::Int(i) => DataRef::Int(*i),
        Data::Float(x) => DataRef::Float(*x),
        Data::String(s) => DataRef::SharedString(s),
        Data::Bool(b) => DataRef::Bool(*b),
        Data::DateTime(dt) => DataRef::DateTime(*dt),
        Data::DateTimeIso(s) => DataRef::SharedString(s),
        Data::DurationIso(s) => DataRef::SharedString(s),
        Data::Error(e) => DataRef::Error(e.clone()),
        Data::Empty => DataRef::Empty,
    };
    put(&mut slot, &r);
    slot
}

fn walk_range(range: &calamine::Range<Data>, f: &mut RowFn<'_>) {
    let Some((r0, c0)) = range.start() else {
        return;
    };
    let mut cells = Vec::new();
    for (i, row) in range.rows().enumerate() {
        cells.clear();
        cells.resize(c0 as usize, CellValue::Empty);
        cells.extend(row.iter().map(to_cell));
        while cells.last().is_some_and(|c| c.is_blank()) {
            cells.pop();
        }
        if cells.is_empty() {
            continue;
        }
        if f(r0 + i as u32, &cells).is_break() {
            return;
        }
    }
}

/// Picks the delimiter that splits the first lines most consistently.
fn detect_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(30).collect();
    let mut best = (b',', 0usize, 0usize);
    for d in [b',', b'\t', b';', b'|'] {
        let counts: Vec<usize> = lines.iter().map(|l| l.bytes().filter(|b| *b == d).count()).collect();
        let with = counts.iter().filter(|c| **c > 0).count();
        let total: usize = counts.iter().sum();
        if (with, total) > (best.1, best.2) {
            best = (d, with, total);
        }
    }
    best.0
}

impl TextSource {
    fn for_each_row(&self, file: &str, f: &mut RowFn<'_>) -> Result<(), ImportError> {
        let raw = open_file(&self.path)?;
        let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new()
            .encoding(Some(self.encoding.encoding()))
            .bom_override(true)
            .build(BufReader::with_capacity(256 * 1024, raw));
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(self.delimiter)
            .buffer_capacity(256 * 1024)
            .from_reader(decoded);
        let mut record = csv::StringRecord::new();
        let mut cells: Vec<CellValue> = Vec::new();
        let mut index = 0u32;
        self.replacements.set(0);
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => return Ok(()),
                Ok(true) => {}
                Err(e) => {
                    return Err(ImportError::Damaged {
                        file: file.to_string(),
                        detail: format!("row {}: {e}", index + 1),
                    })
                }
            }
            if cells.len() < record.len() {
                cells.resize(record.len(), CellValue::Empty);
            }
            for (slot, field) in cells.iter_mut().zip(record.iter()) {
                let field = field.trim_start_matches('\u{feff}');
                if field.contains('\u{fffd}') {
                    let n = field.matches('\u{fffd}').count() as u64;
                    self.replacements.set(self.replacements.get() + n);
                }
                slot.set_text(field);
            }
            if f(index, &cells[..record.len()]).is_break() {
                return Ok(());
            }
            index += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_is_the_one_that_splits_every_line() {
        assert_eq!(detect_delimiter("客户\t金额\n甲\t1,000\n"), b'\t');
        assert_eq!(detect_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(detect_delimiter("a;b\n1;2,5\n"), b';');
    }
}
