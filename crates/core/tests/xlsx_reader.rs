//! Differential test: the fast xlsx row reader against calamine, cell by cell, on
//! every committed and generated workbook.

mod common;

use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::*;
use tierbook_core::import::cell::CellValue;
use tierbook_core::import::raw_sheets;

/// Sheets with their non-empty rows (row index, cell texts).
type Sheets = Vec<(String, Vec<(u32, Vec<String>)>)>;

fn via_calamine(path: &Path) -> Sheets {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).unwrap();
            let mut rows = Vec::new();
            if let Some((r0, c0)) = range.start() {
                for (i, row) in range.rows().enumerate() {
                    let mut cells: Vec<String> = vec![String::new(); c0 as usize];
                    cells.extend(row.iter().map(|d| match d {
                        Data::DateTime(dt) if dt.is_datetime() => {
                            let (y, m, d, ..) = dt.to_ymd_hms_milli();
                            format!("{y:04}-{m:02}-{d:02}")
                        }
                        Data::Float(f) => CellValue::Number(*f).as_text(),
                        Data::Int(i) => i.to_string(),
                        Data::Empty => String::new(),
                        other => other.to_string(),
                    }));
                    while cells.last().is_some_and(|c| c.is_empty()) {
                        cells.pop();
                    }
                    if !cells.is_empty() {
                        rows.push((r0 + i as u32, cells));
                    }
                }
            }
            (name, rows)
        })
        .collect()
}

fn via_source(path: &Path) -> Sheets {
    let raw = raw_sheets(path).unwrap();
    assert!(raw.fast, "{} is read by the fast reader", path.display());
    raw.sheets
        .into_iter()
        .map(|(name, sheet)| {
            let rows = sheet
                .into_iter()
                .filter_map(|(r, cells)| {
                    let mut v: Vec<String> = cells
                        .iter()
                        .map(|c| match c {
                            CellValue::Text(t) => t.clone(),
                            other => other.as_text(),
                        })
                        .collect();
                    while v.last().is_some_and(|c| c.is_empty()) {
                        v.pop();
                    }
                    (!v.is_empty()).then_some((r, v))
                })
                .collect();
            (name, rows)
        })
        .collect()
}

fn assert_same(path: &Path) {
    let a = via_calamine(path);
    let b = via_source(path);
    assert_eq!(a.len(), b.len(), "{}", path.display());
    for ((na, ra), (nb, rb)) in a.iter().zip(&b) {
        assert_eq!(na, nb);
        for (x, y) in ra.iter().zip(rb) {
            assert_eq!(x, y, "{} sheet {na}", path.display());
        }
        assert_eq!(ra.len(), rb.len(), "{} sheet {na}", path.display());
    }
}

#[test]
fn the_fast_reader_agrees_with_calamine_on_every_workbook() {
    assert_same(&sample("2025销售台账.xlsx"));
    assert_same(&sample("客户汇总.xlsx"));
    assert_same(&fixture("small.xlsx"));
    assert_same(&fixture("small-1904.xlsx"));
}

#[test]
fn the_fast_reader_agrees_on_awkward_cells() {
    use C::*;
    let dir = tmp();
    let p = dir.path().join("awkward.xlsx");
    let long = "很长的客户名称".repeat(400);
    xlsx(
        &p,
        &[
            (
                "A & B <表>",
                vec![
                    vec![
                        S("a&b"),
                        S("<tag>"),
                        S("quote\"s"),
                        S("line\nbreak"),
                        S("  spaced  "),
                        S("_x000D_ literal"),
                    ],
                    vec![],
                    vec![E, E, E, N(1.5), N(-0.25), N(1e-7), N(123456789012.0)],
                    vec![D(1904, 1, 2), D(2025, 12, 31), T(long)],
                ],
            ),
            ("空", vec![]),
        ],
    );
    assert_same(&p);
}

/// Workbooks as other writers make them, read the same by both readers:
/// EPPlus/.NET's `x:` prefixes, Apache POI streaming's inline strings without
/// cell references, openpyxl write-only's explicit types, WPS's rich text and
/// CDATA in shared strings.
#[test]
fn the_fast_reader_agrees_with_calamine_on_other_writers_workbooks() {
    const NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    let dir = tmp();
    let cases: [(&str, String, Option<String>); 4] = [
        (
            "epplus.xlsx",
            format!(
                r#"<?xml version="1.0" encoding="utf-8"?><x:worksheet xmlns:x="{NS}"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>客户</x:t></x:is></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>金额</x:t></x:is></x:c></x:row><x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>甲 &amp; 乙</x:t></x:is></x:c><x:c r="B2"><x:v>1234.5</x:v></x:c></x:row></x:sheetData></x:worksheet>"#
            ),
            None,
        ),
        (
            "poi-streaming.xlsx",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}"><dimension ref="A1"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetData><row r="1"><c t="inlineStr"><is><t>客户</t></is></c><c t="inlineStr"><is><t>金额</t></is></c></row><row r="3"><c t="inlineStr"><is><t>丙</t></is></c><c t="n"><v>42</v></c></row></sheetData></worksheet>"#
            ),
            None,
        ),
        (
            "openpyxl-write-only.xlsx",
            format!(
                r#"<worksheet xmlns="{NS}"><sheetPr><outlinePr summaryBelow="1" summaryRight="1"/></sheetPr><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>客户</t></is></c><c r="B1" t="inlineStr"><is><t>金额</t></is></c><c r="C1" t="inlineStr"><is><t>已付</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>丁</t></is></c><c r="B2" t="n"><v>7</v></c><c r="C2" t="b"><v>1</v></c></row></sheetData></worksheet>"#
            ),
            None,
        ),
        (
            "wps.xlsx",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{NS}"><sheetData><row r="1" spans="1:2"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2" spans="1:2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>99.5</v></c></row></sheetData></worksheet>"#
            ),
            Some(format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{NS}" count="3" uniqueCount="3"><si><t>客户</t></si><si><r><rPr><b/></rPr><t>金</t></r><r><t>额</t></r></si><si><t><![CDATA[戊 <总部> & 分部]]></t></si></sst>"#
            )),
        ),
    ];
    for (name, sheet, sst) in cases {
        let p = dir.path().join(name);
        xlsx_package(&p, &sheet, sst.as_deref());
        assert_same(&p);
    }
}
