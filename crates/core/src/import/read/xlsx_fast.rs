//! A fast row reader for xlsx/xlsm worksheets.
//!
//! Why: a sales ledger of a million lines is ~300 MB of sheet XML, and a general
//! XML event parser spends most of the import time there (calamine's cell reader
//! takes ~1.9 s on the benchmark ledger). Worksheet XML has one hot element,
//! `<c>` inside `<row>`, so this reader scans for it directly with `memchr`:
//! about five times faster, with flat memory (the decompressed XML is read in
//! chunks, never whole).
//!
//! Scope: the parts a ledger needs — workbook (sheet names, 1904 flag), its
//! relationships, shared strings (rich text runs joined, phonetic runs skipped),
//! cell styles (which number formats are dates) and worksheet cells of every type
//! (shared, inline and formula strings, numbers, booleans, errors, ISO dates).
//! Namespace prefixes (`<x:c>`) are accepted. When a workbook cannot be opened
//! this way, the caller falls back to calamine. Differential tests compare both
//! readers on every fixture.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use chrono::NaiveDate;
use memchr::{memchr, memmem};
use zip::ZipArchive;

use super::source::RowFn;
use crate::import::cell::{excel_serial_to_date, CellValue};

/// Shared strings stored in one buffer.
#[derive(Default)]
struct SharedStrings {
    text: String,
    ends: Vec<u32>,
}

impl SharedStrings {
    fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.text.get(start..end)
    }
}

/// An xlsx workbook opened for fast row streaming.
pub struct FastXlsx {
    path: std::path::PathBuf,
    sheets: Vec<(String, String)>,
    strings: SharedStrings,
    date_styles: Vec<bool>,
    is_1904: bool,
    /// Formula cells without a saved value met in the last sheet read (a
    /// workbook written by a program and never opened in Excel).
    unsaved_formulas: std::cell::Cell<u64>,
}

type Zip = ZipArchive<BufReader<File>>;

/// Finds an entry case-insensitively, as Excel itself does.
fn entry_name(zip: &Zip, wanted: &str) -> Option<String> {
    let wanted = wanted.trim_start_matches('/');
    zip.file_names()
        .filter_map(Result::ok)
        .find(|n| n.trim_start_matches('/').eq_ignore_ascii_case(wanted))
        .map(|n| n.into_owned())
}

/// The most a part read whole (shared strings, styles) may inflate to.
pub const MAX_PART_BYTES: u64 = 512 << 20;
/// The most one row's XML may take: a single cell inflating to gigabytes is a
/// zip bomb, not a ledger (rows of any number are fine: they stream).
pub const MAX_ROW_BYTES: usize = 64 << 20;
/// Sheets larger than this (compressed) are not searched for merged ranges.
pub const MERGES_UP_TO: u64 = 4 << 20;
/// Errors that must not fall back on another reader start with this.
pub const TOO_LARGE: &str = "too large: ";

fn read_entry(zip: &mut Zip, name: &str) -> Result<Option<Vec<u8>>, String> {
    let Some(real) = entry_name(zip, name) else {
        return Ok(None);
    };
    let f = zip.by_name(&real).map_err(|e| e.to_string())?;
    let mut buf = Vec::with_capacity(f.size().min(1 << 28) as usize);
    f.take(MAX_PART_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(|e| e.to_string())?;
    if buf.len() as u64 > MAX_PART_BYTES {
        return Err(format!("{TOO_LARGE}{real} inflates past {} MB", MAX_PART_BYTES >> 20));
    }
    Ok(Some(buf))
}

/// Iterates the start tags with a given local name, yielding their attribute text.
fn tags<'a>(xml: &'a [u8], local: &'a [u8]) -> impl Iterator<Item = &'a [u8]> + 'a {
    let mut pos = 0;
    std::iter::from_fn(move || loop {
        let lt = pos + memchr(b'<', &xml[pos..])?;
        let end = lt + memchr(b'>', &xml[lt..])?;
        pos = end + 1;
        let tag = &xml[lt + 1..end];
        let (name, rest) = split_name(tag);
        if local_name(name) == local {
            return Some(rest);
        }
    })
}

fn split_name(tag: &[u8]) -> (&[u8], &[u8]) {
    let n = tag
        .iter()
        .position(|b| b.is_ascii_whitespace() || *b == b'/')
        .unwrap_or(tag.len());
    (&tag[..n], &tag[n..])
}

fn local_name(name: &[u8]) -> &[u8] {
    match memchr(b':', name) {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// The value of an attribute (by local name) in a tag's attribute text.
fn attr<'a>(attrs: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let mut pos = 0;
    while pos < attrs.len() {
        let eq = pos + memchr(b'=', &attrs[pos..])?;
        let name = attrs[pos..eq].trim_ascii();
        let q = *attrs.get(eq + 1)?;
        if q != b'"' && q != b'\'' {
            return None;
        }
        let close = eq + 2 + memchr(q, &attrs[eq + 2..])?;
        if local_name(name) == key {
            return Some(&attrs[eq + 2..close]);
        }
        pos = close + 1;
    }
    None
}

/// Appends XML text to `out`, resolving entities and OOXML `_xHHHH_` escapes.
fn unescape_into(raw: &[u8], out: &mut String) {
    let s = String::from_utf8_lossy(raw);
    if !s.contains('&') && !s.contains("_x") {
        out.push_str(&s);
        return;
    }
    let mut rest: &str = &s;
    while let Some(i) = rest.find(['&', '_']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('&') {
            if let Some(semi) = rest.find(';') {
                let ent = &rest[1..semi];
                let ch = match ent {
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "amp" => Some('&'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    _ if ent.starts_with("#x") || ent.starts_with("#X") => {
                        u32::from_str_radix(&ent[2..], 16).ok().and_then(char::from_u32)
                    }
                    _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
                    _ => None,
                };
                if let Some(c) = ch {
                    out.push(c);
                    rest = &rest[semi + 1..];
                    continue;
                }
            }
            out.push('&');
            rest = &rest[1..];
        } else {
            // _xHHHH_ encodes a character XML cannot hold (e.g. _x000D_).
            let b = rest.as_bytes();
            if b.len() >= 7 && b[1] == b'x' && b[6] == b'_' && b[2..6].iter().all(u8::is_ascii_hexdigit) {
                if let Some(c) = u32::from_str_radix(&rest[2..6], 16).ok().and_then(char::from_u32) {
                    out.push(c);
                    rest = &rest[7..];
                    continue;
                }
            }
            out.push('_');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
}

/// The text of an `<si>` or `<is>` element: every `<t>` joined, phonetic `<rPh>`
/// runs left out.
fn rich_text(xml: &[u8], out: &mut String) {
    let mut pos = 0;
    while let Some(lt) = memchr(b'<', &xml[pos..]).map(|i| pos + i) {
        let Some(gt) = memchr(b'>', &xml[lt..]).map(|i| lt + i) else {
            return;
        };
        let tag = &xml[lt + 1..gt];
        let (name, _) = split_name(tag);
        let local = local_name(name);
        pos = gt + 1;
        if local == b"rPh" && !tag.ends_with(b"/") {
            match memmem::find(&xml[pos..], b"rPh>") {
                Some(i) => pos += i + 4,
                None => return,
            }
        } else if local == b"t" && !tag.ends_with(b"/") {
            // Text and CDATA sections (WPS and some generators write those),
            // up to the closing tag.
            loop {
                if xml[pos..].starts_with(b"<![CDATA[") {
                    let start = pos + 9;
                    let Some(end) = memmem::find(&xml[start..], b"]]>").map(|i| start + i) else {
                        return;
                    };
                    out.push_str(&String::from_utf8_lossy(&xml[start..end]));
                    pos = end + 3;
                    continue;
                }
                let Some(close) = memchr(b'<', &xml[pos..]).map(|i| pos + i) else {
                    return;
                };
                unescape_into(&xml[pos..close], out);
                pos = close;
                if !xml[pos..].starts_with(b"<![CDATA[") {
                    break;
                }
            }
        }
    }
}

fn parse_shared_strings(xml: &[u8]) -> SharedStrings {
    let mut s = SharedStrings::default();
    let mut pos = 0;
    while let Some(open) = find_tag(xml, pos, b"si") {
        if xml[..open].ends_with(b"/>") {
            s.ends.push(s.text.len() as u32);
            pos = open;
            continue;
        }
        let Some((body_end, after)) = find_close(xml, open, b"si") else {
            break;
        };
        rich_text(&xml[open..body_end], &mut s.text);
        s.ends.push(s.text.len() as u32);
        pos = after;
    }
    s
}

/// Finds the closing tag `</name>` or `</prefix:name>` from `pos`: returns where
/// it starts and the index after it. `</` never occurs in XML text, so it is a
/// safe anchor even when text holds a raw `>`.
fn find_close(xml: &[u8], mut pos: usize, local: &[u8]) -> Option<(usize, usize)> {
    loop {
        let at = pos + memchr(b'<', &xml[pos..])?;
        if xml.get(at + 1) != Some(&b'/') {
            pos = at + 1;
            continue;
        }
        let gt = at + memchr(b'>', &xml[at..])?;
        if local_name(xml[at + 2..gt].trim_ascii()) == local {
            return Some((at, gt + 1));
        }
        pos = gt + 1;
    }
}

/// Finds the next start tag `<name …>` or `<prefix:name …>` (not self-closing is
/// not required) from `pos`, returning the index after its `>`; self-closing
/// `<si/>` counts as an empty element and is handled by the caller via an empty body.
fn find_tag(xml: &[u8], mut pos: usize, local: &[u8]) -> Option<usize> {
    loop {
        let lt = pos + memchr(b'<', &xml[pos..])?;
        let gt = lt + memchr(b'>', &xml[lt..])?;
        let (name, _) = split_name(&xml[lt + 1..gt]);
        if local_name(name) == local {
            return Some(gt + 1);
        }
        pos = gt + 1;
    }
}

/// Whether a number format shows a date (built-in ids or a custom code with date
/// or time letters outside quotes and brackets).
fn is_date_format(id: u32, code: Option<&str>) -> bool {
    if let Some(code) = code {
        let mut in_quote = false;
        let mut in_bracket = false;
        let mut escaped = false;
        let mut date = false;
        for c in code.chars() {
            if escaped {
                escaped = false;
                continue;
            }
            match c {
                '\\' => escaped = true,
                '"' => in_quote = !in_quote,
                '[' if !in_quote => in_bracket = true,
                ']' if !in_quote => in_bracket = false,
                'y' | 'Y' | 'd' | 'D' | 'm' | 'M' | 'h' | 'H' | 's' | 'S' if !in_quote && !in_bracket => date = true,
                _ => {}
            }
        }
        return date && !code.eq_ignore_ascii_case("general");
    }
    matches!(id, 14..=22 | 27..=36 | 45..=47 | 50..=58)
}

fn parse_styles(xml: &[u8]) -> Vec<bool> {
    let mut custom: Vec<(u32, String)> = Vec::new();
    for a in tags(xml, b"numFmt") {
        if let (Some(id), Some(code)) = (attr(a, b"numFmtId"), attr(a, b"formatCode")) {
            let mut c = String::new();
            unescape_into(code, &mut c);
            if let Ok(id) = std::str::from_utf8(id).unwrap_or("").parse() {
                custom.push((id, c));
            }
        }
    }
    let Some(start) = memmem::find(xml, b"cellXfs") else {
        return Vec::new();
    };
    let end = memmem::find(&xml[start..], b"/cellXfs")
        .map(|e| start + e)
        .unwrap_or(xml.len());
    tags(&xml[start..end], b"xf")
        .map(|a| {
            let id: u32 = attr(a, b"numFmtId")
                .and_then(|v| std::str::from_utf8(v).ok())
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            let code = custom.iter().find(|(i, _)| *i == id).map(|(_, c)| c.as_str());
            is_date_format(id, code)
        })
        .collect()
}

fn resolve_target(base_dir: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = base_dir.split('/').filter(|p| !p.is_empty()).collect();
    for seg in target.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

impl FastXlsx {
    /// Opens the workbook parts. Fails (and the caller uses calamine) on anything
    /// this reader does not understand.
    pub fn open(path: &Path) -> Result<FastXlsx, String> {
        let mut zip =
            ZipArchive::new(BufReader::new(File::open(path).map_err(|e| e.to_string())?)).map_err(|e| e.to_string())?;
        let root_rels = read_entry(&mut zip, "_rels/.rels")?.unwrap_or_default();
        let wb_path = tags(&root_rels, b"Relationship")
            .find(|a| attr(a, b"Type").is_some_and(|t| t.ends_with(b"/officeDocument")))
            .and_then(|a| attr(a, b"Target"))
            .map(|t| resolve_target("", &String::from_utf8_lossy(t)))
            .unwrap_or_else(|| "xl/workbook.xml".into());
        let wb = read_entry(&mut zip, &wb_path)?.ok_or("no workbook part")?;
        let base = wb_path.rsplit_once('/').map(|(d, _)| d.to_string()).unwrap_or_default();
        let (dir, file) = wb_path.rsplit_once('/').unwrap_or(("", &wb_path));
        let rels_path = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        let rels = read_entry(&mut zip, &rels_path)?.ok_or("no workbook relationships")?;
        let mut targets: Vec<(String, String, String)> = Vec::new();
        for a in tags(&rels, b"Relationship") {
            let (Some(id), Some(ty), Some(target)) = (attr(a, b"Id"), attr(a, b"Type"), attr(a, b"Target")) else {
                continue;
            };
            let ty = String::from_utf8_lossy(ty);
            let kind = ty.rsplit('/').next().unwrap_or("").to_string();
            targets.push((
                String::from_utf8_lossy(id).into_owned(),
                kind,
                resolve_target(&base, &String::from_utf8_lossy(target)),
            ));
        }
        let is_1904 = tags(&wb, b"workbookPr").any(|a| matches!(attr(a, b"date1904"), Some(b"1") | Some(b"true")));
        let mut sheets = Vec::new();
        for a in tags(&wb, b"sheet") {
            let (Some(name), Some(rid)) = (attr(a, b"name"), attr(a, b"id")) else {
                return Err("sheet without name or id".into());
            };
            let rid = String::from_utf8_lossy(rid);
            let Some((_, kind, target)) = targets.iter().find(|(id, ..)| *id == rid) else {
                return Err("sheet without target".into());
            };
            if kind != "worksheet" {
                continue;
            }
            let mut n = String::new();
            unescape_into(name, &mut n);
            sheets.push((n, target.clone()));
        }
        let strings = match targets.iter().find(|(_, k, _)| k == "sharedStrings") {
            Some((_, _, p)) => read_entry(&mut zip, p)?
                .map(|x| parse_shared_strings(&x))
                .unwrap_or_default(),
            None => SharedStrings::default(),
        };
        let date_styles = match targets.iter().find(|(_, k, _)| k == "styles") {
            Some((_, _, p)) => read_entry(&mut zip, p)?.map(|x| parse_styles(&x)).unwrap_or_default(),
            None => Vec::new(),
        };
        for (_, p) in &sheets {
            let real = entry_name(&zip, p).ok_or_else(|| format!("missing part {p}"))?;
            // This scanner reads UTF-8 XML only: a sheet in UTF-16 is left to calamine.
            let mut head = [0u8; 4];
            let n = zip
                .by_name(&real)
                .map_err(|e| e.to_string())?
                .read(&mut head)
                .map_err(|e| e.to_string())?;
            if n >= 2 && (head[..2] == [0xFF, 0xFE] || head[..2] == [0xFE, 0xFF] || head[1] == 0 || head[0] == 0) {
                return Err(format!("{p} is not UTF-8"));
            }
        }
        Ok(FastXlsx {
            path: path.to_path_buf(),
            sheets,
            strings,
            date_styles,
            is_1904,
            unsaved_formulas: Default::default(),
        })
    }

    /// Sheet names in workbook order.
    pub fn sheet_names(&self) -> Vec<String> {
        self.sheets.iter().map(|(n, _)| n.clone()).collect()
    }

    /// The merged ranges of a sheet ((first row, first column, last row, last
    /// column), 0-based), read only for sheets up to [`MERGES_UP_TO`] compressed:
    /// merging is how hand-kept ledgers write a name once over its orders,
    /// and the ranges sit after the rows, so a large export is not read twice.
    pub fn merges(&self, sheet: &str) -> Vec<(u32, usize, u32, usize)> {
        let Some((_, part)) = self.sheets.iter().find(|(n, _)| n == sheet) else {
            return Vec::new();
        };
        let read = || -> Option<Vec<u8>> {
            let mut zip = ZipArchive::new(BufReader::new(File::open(&self.path).ok()?)).ok()?;
            let real = entry_name(&zip, part)?;
            if zip.by_name(&real).ok()?.compressed_size() > MERGES_UP_TO {
                return None;
            }
            read_entry(&mut zip, part).ok().flatten()
        };
        let Some(xml) = read() else { return Vec::new() };
        let Some(at) = memmem::find(&xml, b"mergeCells") else {
            return Vec::new();
        };
        let cell = |r: &[u8]| -> Option<(u32, usize)> {
            let digits = r.iter().position(|b| b.is_ascii_digit())?;
            Some((parse_u32(&r[digits..])?.checked_sub(1)?, column_of(&r[..digits])?))
        };
        tags(&xml[at..], b"mergeCell")
            .filter_map(|attrs| {
                let range = attr(attrs, b"ref")?;
                let (a, b) = match memchr(b':', range) {
                    Some(i) => (&range[..i], &range[i + 1..]),
                    None => (range, range),
                };
                let ((r0, c0), (r1, c1)) = (cell(a)?, cell(b)?);
                Some((r0, c0, r1, c1))
            })
            .collect()
    }

    /// The workbook's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Formula cells without a saved value in the sheet read last.
    pub fn unsaved_formulas(&self) -> u64 {
        self.unsaved_formulas.get()
    }

    /// Streams a sheet's rows. The decompressed XML is read in 1 MiB chunks; only
    /// complete rows are parsed, the tail is carried to the next chunk.
    pub fn for_each_row(&self, sheet: &str, f: &mut RowFn<'_>) -> Result<(), String> {
        let part = &self
            .sheets
            .iter()
            .find(|(n, _)| n == sheet)
            .ok_or_else(|| format!("no sheet {sheet}"))?
            .1;
        let mut zip = ZipArchive::new(BufReader::new(File::open(&self.path).map_err(|e| e.to_string())?))
            .map_err(|e| e.to_string())?;
        let real = entry_name(&zip, part).ok_or_else(|| format!("missing part {part}"))?;
        let mut entry = zip.by_name(&real).map_err(|e| e.to_string())?;
        let mut buf: Vec<u8> = Vec::with_capacity(2 << 20);
        let mut state = RowState::default();
        self.unsaved_formulas.set(0);
        let row_end = memmem::FinderRev::new(b"row>");
        let mut in_data = false;
        let mut eof = false;
        while !eof {
            // `read_to_end` fills the spare capacity without zeroing it first, and
            // `take` makes each chunk a whole MiB rather than one inflate block.
            let n = (&mut entry)
                .take(1 << 20)
                .read_to_end(&mut buf)
                .map_err(|e| e.to_string())?;
            eof = n == 0;
            // Complete rows are drained below: what is left is one row's start.
            if buf.len() > MAX_ROW_BYTES + (1 << 20) {
                return Err(format!(
                    "{TOO_LARGE}one row of {sheet} inflates past {} MB",
                    MAX_ROW_BYTES >> 20
                ));
            }
            let mut start = 0;
            if !in_data {
                match find_tag(&buf, 0, b"sheetData") {
                    Some(p) => {
                        in_data = true;
                        start = p;
                    }
                    None if eof => return Ok(()),
                    None => continue,
                }
            }
            // Parse up to the last complete </row> (or everything at the end).
            let upto = if eof {
                buf.len()
            } else {
                match row_end.rfind(&buf[start..]) {
                    Some(i) => start + i + 4,
                    None => {
                        buf.drain(..start);
                        continue;
                    }
                }
            };
            if self.scan(&buf[start..upto], &mut state, f)? {
                return Ok(());
            }
            buf.drain(..upto);
        }
        if state.open && !state.cells.is_empty() && f(state.row, &state.cells[..state.width]).is_break() {
            return Ok(());
        }
        Ok(())
    }

    /// Scans complete rows. Returns true when the callback asked to stop.
    fn scan(&self, xml: &[u8], st: &mut RowState, f: &mut RowFn<'_>) -> Result<bool, String> {
        let mut pos = 0;
        while let Some(lt) = memchr(b'<', &xml[pos..]).map(|i| pos + i) {
            let gt = lt + memchr(b'>', &xml[lt..]).ok_or("unterminated tag")?;
            let tag = &xml[lt + 1..gt];
            pos = gt + 1;
            let closing = tag.first() == Some(&b'/');
            let (name, attrs) = split_name(if closing { &tag[1..] } else { tag });
            let local = local_name(name);
            match (local, closing) {
                (b"row", false) => {
                    st.row = attr(attrs, b"r")
                        .and_then(parse_u32)
                        .map(|r| r.saturating_sub(1))
                        .unwrap_or(st.next_row);
                    st.open = true;
                    st.col = 0;
                    st.width = 0;
                    if tag.ends_with(b"/") {
                        st.open = false;
                        st.next_row = st.row + 1;
                    }
                }
                (b"row", true) => {
                    st.open = false;
                    st.next_row = st.row + 1;
                    if st.width > 0 {
                        if f(st.row, &st.cells[..st.width]).is_break() {
                            return Ok(true);
                        }
                        for c in &mut st.cells[..st.width] {
                            clear(c);
                        }
                    }
                }
                (b"c", false) => {
                    let CellAttrs { r, t, s: style } = cell_attrs(attrs);
                    let col = match r {
                        Some(r) => column_of(r).ok_or("bad cell reference")?,
                        None => st.col,
                    };
                    st.col = col + 1;
                    let self_closing = tag.ends_with(b"/");
                    let body: &[u8] = if self_closing {
                        &[]
                    } else if let Some((body, after)) = plain_value_body(xml, pos) {
                        pos = after;
                        body
                    } else {
                        let (end, after) = find_close(xml, pos, b"c").ok_or("unterminated cell")?;
                        let body = &xml[pos..end];
                        pos = after;
                        body
                    };
                    if col >= st.cells.len() {
                        st.cells.resize(col + 1, CellValue::Empty);
                    }
                    let slot = &mut st.cells[col];
                    self.cell_value(t, style, body, slot);
                    if !matches!(slot, CellValue::Empty) {
                        st.width = st.width.max(col + 1);
                    }
                }
                (b"sheetData", true) => return Ok(false),
                _ => {}
            }
        }
        Ok(false)
    }

    fn cell_value(&self, t: Option<&[u8]>, style: Option<&[u8]>, body: &[u8], slot: &mut CellValue) {
        let t = t.unwrap_or(b"n");
        if t == b"inlineStr" {
            let mut s = String::new();
            rich_text(body, &mut s);
            *slot = CellValue::Text(s);
            return;
        }
        let Some(v) = element_text(body, b"v") else {
            if memchr::memmem::find(body, b"<f").is_some() || memchr::memmem::find(body, b":f").is_some() {
                self.unsaved_formulas.set(self.unsaved_formulas.get() + 1);
            }
            clear(slot);
            return;
        };
        match t {
            b"s" => match parse_u32(v).and_then(|i| self.strings.get(i as usize)) {
                Some(s) => slot.set_text(s),
                None => *slot = CellValue::Error("#REF!".into()),
            },
            b"str" => {
                let mut s = String::new();
                unescape_into(v, &mut s);
                *slot = CellValue::Text(s);
            }
            b"b" => *slot = CellValue::Bool(v == b"1" || v == b"true"),
            b"e" => *slot = CellValue::Error(String::from_utf8_lossy(v).into_owned()),
            b"d" => {
                let s = String::from_utf8_lossy(v);
                *slot = match NaiveDate::parse_from_str(s.get(..10).unwrap_or(&s), "%Y-%m-%d") {
                    Ok(d) => CellValue::Date(d),
                    Err(_) => CellValue::Text(s.into_owned()),
                };
            }
            _ => {
                let Some(n) = std::str::from_utf8(v).ok().and_then(|s| s.trim().parse::<f64>().ok()) else {
                    *slot = CellValue::Text(String::from_utf8_lossy(v).into_owned());
                    return;
                };
                let is_date = style
                    .and_then(parse_u32)
                    .and_then(|s| self.date_styles.get(s as usize).copied())
                    .unwrap_or(false);
                *slot = match is_date.then(|| excel_serial_to_date(n, self.is_1904)).flatten() {
                    Some(d) => CellValue::Date(d),
                    None => CellValue::Number(n),
                };
            }
        }
    }
}

/// The `r`, `t` and `s` attributes of a `<c>` tag.
#[derive(Default)]
struct CellAttrs<'a> {
    r: Option<&'a [u8]>,
    t: Option<&'a [u8]>,
    s: Option<&'a [u8]>,
}

/// Reads a `<c>` tag's attributes in one pass.
fn cell_attrs(attrs: &[u8]) -> CellAttrs<'_> {
    let mut a = CellAttrs::default();
    let mut pos = 0;
    while let Some(eq) = memchr(b'=', &attrs[pos..]).map(|i| pos + i) {
        let name = local_name(attrs[pos..eq].trim_ascii());
        let Some(&q) = attrs.get(eq + 1) else { break };
        let Some(close) = memchr(q, &attrs[eq + 2..]).map(|i| eq + 2 + i) else {
            break;
        };
        let value = &attrs[eq + 2..close];
        match name {
            b"r" => a.r = Some(value),
            b"t" => a.t = Some(value),
            b"s" => a.s = Some(value),
            _ => {}
        }
        pos = close + 1;
    }
    a
}

/// The common cell body `<v>…</v></c>` recognised without a general search:
/// returns the body and the index after `</c>`.
fn plain_value_body(xml: &[u8], pos: usize) -> Option<(&[u8], usize)> {
    let rest = xml.get(pos..)?;
    if !rest.starts_with(b"<v>") {
        return None;
    }
    let lt = 3 + memchr(b'<', &rest[3..])?;
    rest[lt..]
        .starts_with(b"</v></c>")
        .then(|| (&rest[..lt + 4], pos + lt + 8))
}

#[derive(Default)]
struct RowState {
    cells: Vec<CellValue>,
    width: usize,
    row: u32,
    next_row: u32,
    col: usize,
    open: bool,
}

fn clear(slot: &mut CellValue) {
    match slot {
        CellValue::Text(s) => s.clear(),
        _ => *slot = CellValue::Empty,
    }
}

/// The text content of the first `<name>` child (no nested elements expected).
fn element_text<'a>(body: &'a [u8], local: &[u8]) -> Option<&'a [u8]> {
    let start = find_tag(body, 0, local)?;
    if body[..start].ends_with(b"/>") {
        return Some(&[]);
    }
    let end = start + memchr(b'<', &body[start..])?;
    Some(&body[start..end])
}

fn parse_u32(v: &[u8]) -> Option<u32> {
    if v.is_empty() || v.len() > 9 {
        return None;
    }
    v.iter()
        .try_fold(0u32, |acc, b| b.is_ascii_digit().then(|| acc * 10 + (b - b'0') as u32))
}

/// 0-based column of a reference such as `AB12`.
fn column_of(r: &[u8]) -> Option<usize> {
    let mut col = 0usize;
    let mut any = false;
    for b in r {
        if b.is_ascii_alphabetic() {
            col = col * 26 + (b.to_ascii_uppercase() - b'A' + 1) as usize;
            any = true;
        } else {
            break;
        }
    }
    any.then(|| col - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_escapes_are_decoded() {
        assert_eq!(column_of(b"A1"), Some(0));
        assert_eq!(column_of(b"AB12"), Some(27));
        let mut s = String::new();
        unescape_into(b"a&amp;b &lt;c&gt; &#x4E2D;&#25991; _x000D_ x_y", &mut s);
        assert_eq!(s, "a&b <c> 中文 \r x_y");
    }

    #[test]
    fn rich_text_joins_runs_and_skips_phonetics() {
        let mut s = String::new();
        rich_text(b"<r><rPr><b/></rPr><t>Hello </t></r><r><t xml:space=\"preserve\">World</t></r><rPh sb=\"0\" eb=\"1\"><t>ph</t></rPh>", &mut s);
        assert_eq!(s, "Hello World");
        let ss = parse_shared_strings(b"<sst><si><t>a</t></si><si/><x:si><x:t>b&amp;c</x:t></x:si></sst>");
        assert_eq!(ss.get(0), Some("a"));
        assert_eq!(ss.get(1), Some(""));
        assert_eq!(ss.get(2), Some("b&c"));
    }

    #[test]
    fn date_formats_are_told_from_number_formats() {
        assert!(is_date_format(14, None));
        assert!(is_date_format(164, Some("yyyy\"年\"m\"月\"d\"日\"")));
        assert!(is_date_format(165, Some("[$-804]yyyy/m/d")));
        assert!(!is_date_format(166, Some("¥#,##0.00;[Red]-¥#,##0.00")));
        assert!(!is_date_format(167, Some("0.00E+00")));
        assert!(!is_date_format(168, Some("\"days\" 0")));
        assert!(!is_date_format(0, None));
    }
}
