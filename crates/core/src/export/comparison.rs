//! The comparison of two tier runs as a workbook: the migration matrix (counts and
//! sales), customers moved up and down, new and lost, rising stars and slipping
//! key accounts with their reasons.

use std::path::Path;

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::styles::{cents, Kind, Styles};
use super::ExportError;
use crate::history::{Comparison, Mover};
use crate::tiering::Tier;
use crate::Lang;

fn headers(ws: &mut Worksheet, row: u32, cols: &[&str], st: &Styles) -> Result<(), XlsxError> {
    super::styles::header_row(ws, row, cols, st)?;
    for j in 0..cols.len() {
        ws.set_column_width(j as u16, if j == 1 { 28.0 } else { 16.0 })?;
    }
    Ok(())
}

/// One sheet of movers: name, rows, the extra column and its header.
type MoverSheet<'a> = (&'a str, &'a [&'a Mover], &'a dyn Fn(&Mover) -> String, &'a str);

fn movers(
    ws: &mut Worksheet,
    list: &[&Mover],
    extra: &dyn Fn(&Mover) -> String,
    extra_head: &str,
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    let cols = [
        lang.pick("客户编号", "Customer ID"),
        lang.pick("客户名称", "Customer name"),
        lang.pick("原等级", "Tier before"),
        lang.pick("现等级", "Tier now"),
        lang.pick("原销售额", "Sales before"),
        lang.pick("现销售额", "Sales now"),
        extra_head,
    ];
    headers(ws, 0, &cols, st)?;
    for (i, m) in list.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, &m.id)?;
        ws.write_string(r, 1, &m.name)?;
        ws.write_string(r, 2, m.before_text(lang))?;
        ws.write_string(r, 3, m.after_text(lang))?;
        ws.write_number_with_format(r, 4, cents(m.sales_before), st.cell(Kind::Money, None))?;
        ws.write_number_with_format(r, 5, cents(m.sales_after), st.cell(Kind::Money, None))?;
        let e = extra(m);
        if !e.is_empty() {
            ws.write_string(r, 6, e)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_repeat_rows(0, 0)?;
    super::styles::print_setup(ws, lang);
    Ok(())
}

/// Writes the comparison of `before_label` → `after_label` to `path`, atomically.
///
/// # Errors
/// As [`super::write_workbook`].
pub fn write_comparison(
    path: &Path,
    c: &Comparison,
    before_label: &str,
    after_label: &str,
    lang: Lang,
) -> Result<(), ExportError> {
    let st = Styles::new();
    let mut wb = Workbook::new();
    let title = match lang {
        Lang::Zh => format!("客户等级迁移：{before_label} → {after_label}"),
        Lang::En => format!("Tier migration: {before_label} → {after_label}"),
    };
    wb.set_default_format(&super::styles::format(), 20, 64)?;
    wb.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title(title.as_str())
            .set_subject(lang.pick("客户等级迁移", "Tier migration"))
            .set_author("Tierbook"),
    );
    {
        let ws = wb.add_worksheet();
        ws.set_name(lang.pick("迁移矩阵", "Migration"))?;
        super::styles::print_setup(ws, lang);
        ws.write_string_with_format(0, 0, title, &st.title)?;
        let corner = lang.pick("原等级 \\ 现等级（客户数）", "Before \\ now (customers)");
        let mut cols = vec![corner.to_string()];
        cols.extend(Tier::ALL.iter().map(|t| t.label(lang).to_string()));
        headers(ws, 2, &cols.iter().map(String::as_str).collect::<Vec<_>>(), &st)?;
        for from in Tier::ALL {
            let r = 3 + from.index() as u32;
            ws.write_string(r, 0, from.label(lang))?;
            for to in Tier::ALL {
                ws.write_number_with_format(
                    r,
                    1 + to.index() as u16,
                    c.matrix[from.index()][to.index()].customers as f64,
                    st.cell(Kind::Int, Some(to)),
                )?;
            }
        }
        let corner = lang.pick("原等级 \\ 现等级（现销售额）", "Before \\ now (sales now)");
        let mut cols = vec![corner.to_string()];
        cols.extend(Tier::ALL.iter().map(|t| t.label(lang).to_string()));
        headers(ws, 8, &cols.iter().map(String::as_str).collect::<Vec<_>>(), &st)?;
        for from in Tier::ALL {
            let r = 9 + from.index() as u32;
            ws.write_string(r, 0, from.label(lang))?;
            for to in Tier::ALL {
                ws.write_number_with_format(
                    r,
                    1 + to.index() as u16,
                    cents(c.matrix[from.index()][to.index()].sales_after),
                    st.cell(Kind::Money, Some(to)),
                )?;
            }
        }
        let line = match lang {
            Lang::Zh => format!("新增客户 {} 位，流失客户 {} 位。", c.new.len(), c.lost.len()),
            Lang::En => format!("{} new customers, {} lost.", c.new.len(), c.lost.len()),
        };
        ws.write_string(13, 0, line)?;
        ws.set_column_width(0, 30)?;
    }
    let none = |_: &Mover| String::new();
    let growth = |m: &Mover| m.growth_text();
    let reasons = |m: &Mover| c.slip_text(&m.id, lang);
    let moved: Vec<&Mover> = c.upgraded.iter().chain(&c.downgraded).collect();
    let churn: Vec<&Mover> = c.new.iter().chain(&c.lost).collect();
    let stars: Vec<&Mover> = c.rising_stars.iter().collect();
    let slipping: Vec<&Mover> = c.slipping.iter().map(|s| &s.mover).collect();
    let sheets: [MoverSheet; 4] = [
        (lang.pick("升级与降级", "Moved"), &moved, &none, ""),
        (lang.pick("新增与流失", "New and lost"), &churn, &none, ""),
        (
            lang.pick("明日之星", "Rising stars"),
            &stars,
            &growth,
            lang.pick("增长", "Growth"),
        ),
        (
            lang.pick("需关注客户", "Slipping"),
            &slipping,
            &reasons,
            lang.pick("原因", "Why"),
        ),
    ];
    for (name, list, extra, head) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        movers(ws, list, extra, head, lang, &st)?;
    }
    super::save(path, &mut wb)
}
