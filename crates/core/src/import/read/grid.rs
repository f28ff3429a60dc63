//! Ledgers that are not what their name says: the ".xls" an ERP's web page
//! exports is an HTML table, and Excel's XML Spreadsheet 2003 (.xml, often
//! renamed .xls) is XML. Both are read whole into a grid of cells, one sheet
//! per table or worksheet — they are web-export sized (a reader refuses more
//! than [`MAX_BYTES`]).
//!
//! HTML is parsed with `tl` (a small, fast, lenient parser: ERP pages are not
//! always well-formed, and nothing here needs the full HTML5 tree-building
//! rules); SpreadsheetML with `quick-xml`, which calamine already brings.
//! Spans are kept in place: a cell spanning columns (colspan, MergeAcross) or
//! rows (rowspan, MergeDown) leaves the cells it covers empty, as a merged
//! range does in a workbook, so stacked headers read the same.

use quick_xml::events::Event;

use crate::import::cell::CellValue;

/// Files larger than this are refused rather than read whole (256 MiB).
pub const MAX_BYTES: u64 = 256 << 20;

/// Sheets of rows of cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grid {
    /// (name, rows).
    pub sheets: Vec<(String, Vec<Vec<CellValue>>)>,
}

/// What a text file holds, told by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    /// An HTML page with tables.
    Html,
    /// Excel's XML Spreadsheet 2003.
    SpreadsheetMl,
}

/// Whether decoded text is HTML or SpreadsheetML (None: plain text).
pub fn markup(head: &str) -> Option<Markup> {
    let start: String = head
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(4096)
        .collect();
    let lower = start.to_lowercase();
    if lower.starts_with("<?xml") || lower.starts_with("<workbook") {
        if lower.contains("urn:schemas-microsoft-com:office:spreadsheet") {
            return Some(Markup::SpreadsheetMl);
        }
        if lower.contains("<html") || lower.contains("<table") {
            return Some(Markup::Html);
        }
        return None;
    }
    let html = lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || lower.starts_with("<table")
        || lower.starts_with("<meta")
        || (lower.starts_with('<') && lower.contains("<table"));
    html.then_some(Markup::Html)
}

/// Decodes the HTML character references ERP pages use.
fn entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = tail.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|e| {
            let name = &tail[1..e];
            let c = match name {
                "nbsp" => Some(' '),
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "yen" => Some('¥'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &tail[e + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn cell(text: &str) -> CellValue {
    let t = entities(text.trim()).replace('\u{a0}', " ");
    let t = t.trim();
    if t.is_empty() {
        CellValue::Empty
    } else {
        CellValue::Text(t.to_string())
    }
}

/// Places a row's cells, leaving the columns covered by spans from above empty.
struct Spans {
    /// Rows still covered, per column.
    down: Vec<u32>,
}

impl Spans {
    fn row(&mut self, cells: impl IntoIterator<Item = (Option<usize>, CellValue, usize, usize)>) -> Vec<CellValue> {
        let mut row: Vec<CellValue> = Vec::new();
        let mut col = 0usize;
        let skip_covered = |row: &mut Vec<CellValue>, col: &mut usize, down: &mut Vec<u32>| {
            while down.get(*col).is_some_and(|d| *d > 0) {
                down[*col] -= 1;
                row.push(CellValue::Empty);
                *col += 1;
            }
        };
        for (index, value, across, rows_down) in cells {
            skip_covered(&mut row, &mut col, &mut self.down);
            if let Some(i) = index.filter(|i| *i > col) {
                while col < i {
                    row.push(CellValue::Empty);
                    col += 1;
                    skip_covered(&mut row, &mut col, &mut self.down);
                }
            }
            for k in 0..across.max(1) {
                if self.down.len() <= col {
                    self.down.resize(col + 1, 0);
                }
                self.down[col] = self.down[col].max(rows_down.saturating_sub(1) as u32);
                row.push(if k == 0 { value.clone() } else { CellValue::Empty });
                col += 1;
            }
        }
        // Covered columns past the row's last cell.
        while col < self.down.len() {
            if self.down[col] > 0 {
                self.down[col] -= 1;
            }
            col += 1;
        }
        row
    }
}

/// The tables of an HTML page, one sheet each (named 表1, 表2…).
///
/// # Errors
/// The page has no table.
pub fn html(text: &str) -> Result<Grid, String> {
    let dom = tl::parse(text, tl::ParserOptions::default()).map_err(|e| e.to_string())?;
    let parser = dom.parser();
    let mut grid = Grid::default();
    let tables = dom
        .query_selector("table")
        .map(|q| q.collect::<Vec<_>>())
        .unwrap_or_default();
    for (k, t) in tables.iter().enumerate() {
        let Some(table) = t.get(parser).and_then(|n| n.as_tag()) else {
            continue;
        };
        let mut spans = Spans { down: Vec::new() };
        let mut rows = Vec::new();
        for tr in table.query_selector(parser, "tr").into_iter().flatten() {
            let Some(tr) = tr.get(parser).and_then(|n| n.as_tag()) else {
                continue;
            };
            let cells: Vec<(Option<usize>, CellValue, usize, usize)> = tr
                .children()
                .top()
                .iter()
                .filter_map(|h| h.get(parser).and_then(|n| n.as_tag()))
                .filter(|tag| matches!(tag.name().as_utf8_str().to_ascii_lowercase().as_str(), "td" | "th"))
                .map(|tag| {
                    let attr = |name: &str| {
                        tag.attributes()
                            .get(name)
                            .flatten()
                            .and_then(|v| v.as_utf8_str().trim().parse::<usize>().ok())
                            .unwrap_or(1)
                    };
                    (None, cell(&tag.inner_text(parser)), attr("colspan"), attr("rowspan"))
                })
                .collect();
            rows.push(spans.row(cells));
        }
        if rows.iter().any(|r| r.iter().any(|c| !c.is_blank())) {
            grid.sheets.push((format!("表{}", k + 1), rows));
        }
    }
    if grid.sheets.is_empty() {
        return Err("no table".into());
    }
    Ok(grid)
}

/// The worksheets of an XML Spreadsheet 2003 file.
///
/// # Errors
/// The XML does not parse.
pub fn spreadsheet_ml(text: &str) -> Result<Grid, String> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut grid = Grid::default();
    let (mut sheet, mut rows): (Option<String>, Vec<Vec<CellValue>>) = (None, Vec::new());
    let mut spans = Spans { down: Vec::new() };
    let mut row: Vec<(Option<usize>, CellValue, usize, usize)> = Vec::new();
    let mut row_index: Option<usize> = None;
    // The cell being read: (index, merge across, merge down), its type and text.
    let mut current: Option<(Option<usize>, usize, usize)> = None;
    let (mut kind, mut value, mut in_data) = (String::new(), String::new(), false);
    let attr = |e: &quick_xml::events::BytesStart<'_>, name: &str| -> Option<String> {
        e.attributes().flatten().find_map(|a| {
            let key: &str = a.key.as_ref();
            let local = key.rsplit(':').next().unwrap_or(key);
            (local == name).then(|| {
                quick_xml::escape::unescape(&a.value)
                    .map(|v| v.into_owned())
                    .unwrap_or_else(|_| a.value.to_string())
            })
        })
    };
    loop {
        let ev = reader.read_event().map_err(|e| e.to_string())?;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                match e.local_name().as_ref() {
                    "Worksheet" => {
                        sheet = Some(attr(e, "Name").unwrap_or_else(|| format!("Sheet{}", grid.sheets.len() + 1)));
                        rows.clear();
                        spans = Spans { down: Vec::new() };
                    }
                    "Row" => {
                        let index = attr(e, "Index").and_then(|v| v.parse::<usize>().ok());
                        // Rows skipped by ss:Index are empty rows.
                        if let Some(i) = index {
                            while rows.len() + 1 < i {
                                rows.push(spans.row(Vec::new()));
                            }
                        }
                        row_index = index;
                        row.clear();
                        if empty {
                            rows.push(spans.row(Vec::new()));
                        }
                    }
                    "Cell" => {
                        let n = |k: &str| attr(e, k).and_then(|v| v.parse::<usize>().ok());
                        current = Some((
                            n("Index").map(|i| i - 1),
                            n("MergeAcross").unwrap_or(0) + 1,
                            n("MergeDown").unwrap_or(0) + 1,
                        ));
                        value.clear();
                        kind.clear();
                        if empty {
                            let (index, across, down) = current.take().unwrap_or((None, 1, 1));
                            row.push((index, CellValue::Empty, across, down));
                        }
                    }
                    "Data" => {
                        kind = attr(e, "Type").unwrap_or_default();
                        in_data = !empty;
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_data => value.push_str(&t.xml10_content()),
            Event::CData(t) if in_data => value.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_data => match r.resolve_char_ref() {
                Ok(Some(c)) => value.push(c),
                _ => value.push_str(quick_xml::escape::resolve_predefined_entity(&r).unwrap_or("")),
            },
            Event::End(ref e) => match e.local_name().as_ref() {
                "Data" => in_data = false,
                "Cell" => {
                    if let Some((index, across, down)) = current.take() {
                        let v = match kind.as_str() {
                            "Number" => value
                                .trim()
                                .parse::<f64>()
                                .map(CellValue::Number)
                                .unwrap_or_else(|_| cell(&value)),
                            "DateTime" => {
                                chrono::NaiveDate::parse_from_str(value.trim().get(..10).unwrap_or(""), "%Y-%m-%d")
                                    .map(CellValue::Date)
                                    .unwrap_or_else(|_| cell(&value))
                            }
                            "Boolean" => CellValue::Bool(value.trim() == "1"),
                            "Error" => CellValue::Error(value.trim().to_string()),
                            _ => cell(&value),
                        };
                        row.push((index, v, across, down));
                    }
                }
                "Row" => {
                    let _ = row_index.take();
                    rows.push(spans.row(std::mem::take(&mut row)));
                }
                "Worksheet" => {
                    if let Some(name) = sheet.take() {
                        grid.sheets.push((name, std::mem::take(&mut rows)));
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if grid.sheets.is_empty() {
        return Err("no worksheet".into());
    }
    Ok(grid)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(rows: &[Vec<CellValue>]) -> Vec<Vec<String>> {
        rows.iter().map(|r| r.iter().map(|c| c.as_text()).collect()).collect()
    }

    #[test]
    fn html_tables_keep_spans_in_place_and_decode_entities() {
        let page = r#"<html><head><meta charset="utf-8"></head><body>
            <table><tr><td colspan="2">销售统计</td></tr>
            <tr><th rowspan="2">客户</th><th colspan="2">金额</th></tr>
            <tr><th>无税金额</th><th>价税合计</th></tr>
            <tr><td>华东&amp;精工</td><td>1,000.00</td><td>1&#44;130</td></tr></table></body></html>"#;
        assert_eq!(markup(page), Some(Markup::Html));
        let g = html(page).unwrap();
        assert_eq!(g.sheets.len(), 1);
        assert_eq!(
            texts(&g.sheets[0].1),
            [
                vec!["销售统计", ""],
                vec!["客户", "金额", ""],
                vec!["", "无税金额", "价税合计"],
                vec!["华东&精工", "1,000.00", "1,130"],
            ]
        );
    }

    #[test]
    fn spreadsheet_ml_reads_types_indices_and_merges() {
        let xml = r#"<?xml version="1.0"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="明细"><Table>
  <Row><Cell ss:MergeAcross="1"><Data ss:Type="String">客户</Data></Cell><Cell><Data ss:Type="String">日期</Data></Cell></Row>
  <Row ss:Index="3"><Cell><Data ss:Type="String">K&amp;1</Data></Cell><Cell ss:Index="3"><Data ss:Type="DateTime">2025-03-07T00:00:00.000</Data></Cell><Cell><Data ss:Type="Number">12.5</Data></Cell></Row>
 </Table></Worksheet></Workbook>"#;
        assert_eq!(markup(xml), Some(Markup::SpreadsheetMl));
        let g = spreadsheet_ml(xml).unwrap();
        assert_eq!(g.sheets[0].0, "明细");
        assert_eq!(
            texts(&g.sheets[0].1),
            [vec!["客户", "", "日期"], vec![], vec!["K&1", "", "2025-03-07", "12.5"]]
        );
    }

    #[test]
    fn plain_text_is_neither() {
        assert_eq!(markup("客户,金额\n甲,1\n"), None);
    }
}
