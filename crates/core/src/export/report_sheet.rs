//! The 导入报告 sheet: the counts that add up to the rows read, per sheet; sheets
//! left out; the reconciliation against the ledger's own totals; ids with several
//! names; and every skipped or total row with sheet, row and reason.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::styles::{header_row as header, Kind, Styles};
use super::SheetNames;
use crate::ledger::ImportReport;
use crate::{format, Lang};

/// Writes the sheet.
pub fn write(ws: &mut Worksheet, rep: &ImportReport, lang: Lang, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name(SheetNames::import_report(lang))?;
    super::styles::print_setup(ws, lang);
    for (j, w) in [22.0, 18.0, 18.0, 10.0, 18.0, 10.0, 16.0, 50.0].iter().enumerate() {
        ws.set_column_width(j as u16, *w)?;
    }
    ws.write_string_with_format(0, 0, lang.pick("导入报告", "Import Report"), &st.title)?;
    let int = st.cell(Kind::Int, None);
    let money = st.cell(Kind::Money, None);
    let facts: Vec<(&str, String)> = vec![
        (lang.pick("文件", "File"), rep.file.clone()),
        (lang.pick("格式", "Format"), rep.format.clone()),
        (lang.pick("台账类型", "Ledger shape"), rep.shape.label(lang).into()),
        (
            lang.pick("日期范围", "Dates"),
            format::period(rep.first_date, rep.last_date, lang),
        ),
    ];
    let mut r = 2u32;
    for (k, v) in facts {
        ws.write_string_with_format(r, 0, k, &st.bold)?;
        ws.write_string(r, 1, v)?;
        r += 1;
    }
    // The confidence line, then every assumption and doubt on its own row.
    ws.write_string_with_format(r, 0, lang.pick("可信度", "Confidence"), &st.bold)?;
    ws.write_string(r, 1, rep.confidence(lang))?;
    r += 1;
    for f in &rep.findings {
        ws.write_string(
            r,
            0,
            if f.is_doubt() {
                lang.pick("存疑", "doubtful")
            } else {
                lang.pick("假定", "assumed")
            },
        )?;
        ws.write_string(r, 1, f.message(lang))?;
        r += 1;
    }
    let counts: [(&str, f64, bool); 8] = [
        (lang.pick("读取行数", "Rows read"), rep.rows_read() as f64, false),
        (lang.pick("导入行数", "Rows imported"), rep.imported() as f64, false),
        (
            lang.pick("跳过行数（见下表原因）", "Rows skipped (reasons below)"),
            rep.skipped() as f64,
            false,
        ),
        (
            lang.pick("合计/小计行（未计入）", "Total/subtotal rows (not counted)"),
            rep.totals() as f64,
            false,
        ),
        (lang.pick("空行", "Blank rows"), rep.blank() as f64, false),
        (
            lang.pick("标题及表头行", "Title and header rows"),
            rep.preamble() as f64,
            false,
        ),
        (lang.pick("退货行", "Return lines"), rep.return_lines as f64, false),
        (lang.pick("导入金额合计", "Imported amount"), rep.imported_amount, true),
    ];
    for (k, v, is_money) in counts {
        ws.write_string_with_format(r, 0, k, &st.bold)?;
        ws.write_number_with_format(r, 1, v, if is_money { money } else { int })?;
        r += 1;
    }
    r += 1;
    header(
        ws,
        r,
        &[
            lang.pick("工作表", "Sheet"),
            lang.pick("表头行", "Header row"),
            lang.pick("读取", "Read"),
            lang.pick("导入", "Imported"),
            lang.pick("跳过", "Skipped"),
            lang.pick("合计行", "Totals"),
            lang.pick("空行", "Blank"),
            lang.pick("标题及表头", "Title/header"),
        ],
        st,
    )?;
    r += 1;
    for s in &rep.sheets {
        ws.write_string(r, 0, &s.sheet)?;
        for (j, v) in [
            s.header_row as u64,
            s.rows_read,
            s.imported,
            s.skipped,
            s.totals,
            s.blank,
            s.preamble,
        ]
        .iter()
        .enumerate()
        {
            ws.write_number_with_format(r, 1 + j as u16, *v as f64, int)?;
        }
        r += 1;
    }
    if !rep.skipped_sheets.is_empty() {
        r += 1;
        header(
            ws,
            r,
            &[
                lang.pick("未导入的工作表", "Sheets left out"),
                lang.pick("原因", "Reason"),
            ],
            st,
        )?;
        r += 1;
        for s in &rep.skipped_sheets {
            ws.write_string(r, 0, &s.sheet)?;
            ws.write_string(r, 1, s.reason.message(lang))?;
            r += 1;
        }
    }
    r += 1;
    ws.write_string_with_format(
        r,
        0,
        lang.pick("与台账合计核对", "Reconciliation with the ledger's totals"),
        &st.bold,
    )?;
    r += 1;
    if rep.reconciliations.is_empty() {
        ws.write_string(
            r,
            0,
            lang.pick(
                "台账中没有总计行，无法核对。",
                "The ledger carries no grand total to reconcile with.",
            ),
        )?;
        r += 1;
    } else {
        header(
            ws,
            r,
            &[
                lang.pick("工作表", "Sheet"),
                lang.pick("合计所在行", "Total row"),
                lang.pick("台账合计", "Ledger total"),
                "",
                lang.pick("导入合计", "Imported total"),
                "",
                lang.pick("差额", "Difference"),
                lang.pick("结果", "Result"),
            ],
            st,
        )?;
        r += 1;
        for c in &rep.reconciliations {
            ws.write_string(r, 0, &c.sheet)?;
            ws.write_number_with_format(r, 1, c.row as f64, int)?;
            ws.write_number_with_format(r, 2, c.ledger_total, money)?;
            ws.write_number_with_format(r, 4, c.imported_total, money)?;
            ws.write_number_with_format(r, 6, c.imported_total - c.ledger_total, money)?;
            ws.write_string(
                r,
                7,
                if c.matches {
                    lang.pick("一致", "matches")
                } else {
                    lang.pick("不一致，请检查跳过的行", "differs: check the skipped rows")
                },
            )?;
            r += 1;
        }
    }
    if !rep.name_conflicts.is_empty() {
        r += 1;
        header(
            ws,
            r,
            &[
                lang.pick("客户编号", "Customer ID"),
                lang.pick("使用的名称", "Name used"),
                "",
                "",
                "",
                "",
                "",
                lang.pick("出现过的名称（行数）", "Names seen (rows)"),
            ],
            st,
        )?;
        r += 1;
        for c in &rep.name_conflicts {
            ws.write_string(r, 0, &c.customer)?;
            ws.write_string(r, 1, &c.names[0].0)?;
            let all: Vec<String> = c.names.iter().map(|(n, k)| format!("{n}（{k}）")).collect();
            ws.write_string(r, 7, all.join("、"))?;
            r += 1;
        }
    }
    r += 1;
    header(
        ws,
        r,
        &[
            lang.pick("工作表", "Sheet"),
            lang.pick("行号", "Row"),
            lang.pick("类型", "Kind"),
            "",
            "",
            "",
            "",
            lang.pick("原因 / 标签", "Reason / label"),
        ],
        st,
    )?;
    r += 1;
    for s in &rep.skipped_rows {
        ws.write_string(r, 0, &s.at.sheet)?;
        ws.write_number_with_format(r, 1, s.at.row as f64, int)?;
        ws.write_string(r, 2, lang.pick("跳过", "skipped"))?;
        ws.write_string(r, 7, s.reason.message(lang))?;
        r += 1;
    }
    for t in &rep.total_rows {
        ws.write_string(r, 0, &t.at.sheet)?;
        ws.write_number_with_format(r, 1, t.at.row as f64, int)?;
        ws.write_string(
            r,
            2,
            if t.grand {
                lang.pick("合计", "total")
            } else {
                lang.pick("小计", "subtotal")
            },
        )?;
        if let Some(a) = t.amount {
            ws.write_number_with_format(r, 4, a, money)?;
        }
        ws.write_string(r, 7, &t.label)?;
        r += 1;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}
