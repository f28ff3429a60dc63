//! Differential test: the fast xlsx row reader against calamine, cell by cell, on
//! every committed and generated workbook.

mod common;

use std::ops::ControlFlow;
use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::*;
use tierbook_core::import::cell::CellValue;
use tierbook_core::import::source::Source;

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
    let mut src = Source::open(path).unwrap();
    assert!(
        matches!(src, Source::FastXlsx(_)),
        "{} is read by the fast reader",
        path.display()
    );
    let names = src.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let mut rows = Vec::new();
            src.for_each_row("f", &name, &mut |r, cells| {
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
                if !v.is_empty() {
                    rows.push((r, v));
                }
                ControlFlow::Continue(())
            })
            .unwrap();
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
