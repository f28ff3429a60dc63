//! The workbook's cell formats, built once: header, title, and per-tier tinted
//! text, money, integer and percentage cells.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Worksheet};

use crate::tiering::Tier;

/// What a cell holds, for its number format.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text.
    Text,
    /// Money in 元: ¥#,##0.00.
    Money,
    /// Integer.
    Int,
    /// Percentage 0.00%.
    Percent,
    /// Score 0.0.
    Decimal,
}

/// All formats.
pub struct Styles {
    /// Sheet title.
    pub title: Format,
    /// Column header.
    pub header: Format,
    /// Bold label.
    pub bold: Format,
    /// A grey note (the 单位 / 制表日期 line).
    pub note: Format,
    /// The 合计 row's cells by kind.
    totals: [Format; 5],
    /// Untinted cells by kind.
    plain: [Format; 5],
    /// Tinted cells by tier and kind.
    tinted: [[Format; 5]; 3],
    /// Number formats alone, by kind (for whole columns).
    numbers: [Format; 5],
    /// A tier's tint with the cell border (for conditional formats).
    bands: [Format; 3],
}

fn kind_index(k: Kind) -> usize {
    k as usize
}

/// The font of every cell: 等线, the default of Excel and WPS in Chinese since
/// Office 2016 (Calibri, the writer's default, shows Chinese in a fallback font).
pub const FONT: &str = "等线";

/// A new format in the workbook's font.
pub fn format() -> Format {
    Format::new().set_font_name(FONT).set_font_size(11)
}

/// The unit the tier table's amounts are written in: 元 (to the fen), or
/// 万元 / 亿元 under headers that say so, as a report for management is kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AmountUnit {
    /// 元.
    #[default]
    Yuan,
    /// 万元.
    Wan,
    /// 亿元.
    Yi,
}

impl AmountUnit {
    /// 元 in one unit.
    pub fn scale(self) -> f64 {
        match self {
            AmountUnit::Yuan => 1.0,
            AmountUnit::Wan => 1e4,
            AmountUnit::Yi => 1e8,
        }
    }

    /// An amount in 元, written in this unit: to the fen, so sums stay exact.
    pub fn of(self, yuan: f64) -> f64 {
        match self {
            AmountUnit::Yuan => cents(yuan),
            u => cents(yuan) / u.scale(),
        }
    }

    /// The unit's name: 万元 / 10k yuan.
    pub fn name(self, lang: crate::Lang) -> &'static str {
        match self {
            AmountUnit::Yuan => lang.pick("元", "yuan"),
            AmountUnit::Wan => lang.pick("万元", "10k yuan"),
            AmountUnit::Yi => lang.pick("亿元", "100M yuan"),
        }
    }

    /// The number format of its amounts (the ¥ sign only on 元: the header
    /// names the others).
    pub fn format(self) -> &'static str {
        match self {
            AmountUnit::Yuan => MONEY,
            AmountUnit::Wan => "#,##0.00;[Red]-#,##0.00",
            AmountUnit::Yi => "#,##0.0000;[Red]-#,##0.0000",
        }
    }
}

/// Money as Excel's accounting users write it: negatives in red.
pub const MONEY: &str = "¥#,##0.00;[Red]-¥#,##0.00";

/// An amount rounded to the cent, as written: a sum of many lines carries
/// binary noise (636729.1799999999) that a clerk's own check would not.
pub fn cents(v: f64) -> f64 {
    let r = (v * 100.0).round() / 100.0;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

fn base(kind: Kind) -> Format {
    with_number(
        format()
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xD9D9D9)),
        kind,
    )
}

fn number(kind: Kind) -> Format {
    with_number(format(), kind)
}

fn with_number(f: Format, kind: Kind) -> Format {
    match kind {
        Kind::Text => f,
        Kind::Money => f.set_num_format(MONEY),
        Kind::Int => f.set_num_format("0"),
        Kind::Percent => f.set_num_format("0.00%"),
        Kind::Decimal => f.set_num_format("0.0"),
    }
}

/// The tint of a tier's rows.
pub fn tier_color(t: Tier) -> Color {
    match t {
        Tier::A => Color::RGB(0xFCE4D6),
        Tier::B => Color::RGB(0xDDEBF7),
        Tier::C => Color::RGB(0xF2F2F2),
    }
}

impl Styles {
    /// Builds the formats.
    pub fn new() -> Styles {
        let kinds = [Kind::Text, Kind::Money, Kind::Int, Kind::Percent, Kind::Decimal];
        Styles {
            title: format().set_bold().set_font_size(14).set_align(FormatAlign::Left),
            note: format().set_font_color(Color::RGB(0x595959)),
            totals: kinds.map(|k| base(k).set_bold().set_border_top(FormatBorder::Double)),
            header: format()
                .set_bold()
                .set_font_color(Color::White)
                .set_background_color(Color::RGB(0x305496))
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            bold: format().set_bold(),
            plain: kinds.map(base),
            tinted: Tier::ALL.map(|t| kinds.map(|k| base(k).set_background_color(tier_color(t)))),
            numbers: kinds.map(number),
            bands: Tier::ALL.map(|t| base(Kind::Text).set_background_color(tier_color(t))),
        }
    }

    /// The number format of a kind alone (a column's format: an empty cell
    /// below the table shows nothing of it).
    pub fn number(&self, kind: Kind) -> &Format {
        &self.numbers[kind_index(kind)]
    }

    /// A tier's tint and the cell border, for the conditional format of its rows.
    pub fn band(&self, tier: Tier) -> &Format {
        &self.bands[tier.index()]
    }

    /// A 合计 row's cell of a kind.
    pub fn total(&self, kind: Kind) -> &Format {
        &self.totals[kind_index(kind)]
    }

    /// A cell format of a kind, tinted for a tier or plain.
    pub fn cell(&self, kind: Kind, tier: Option<Tier>) -> &Format {
        match tier {
            Some(t) => &self.tinted[t.index()][kind_index(kind)],
            None => &self.plain[kind_index(kind)],
        }
    }
}

/// Writes a row of column headers.
pub fn header_row(ws: &mut Worksheet, row: u32, cols: &[&str], st: &Styles) -> Result<(), rust_xlsxwriter::XlsxError> {
    for (j, h) in cols.iter().enumerate() {
        ws.write_string_with_format(row, j as u16, *h, &st.header)?;
    }
    Ok(())
}

/// Print setup for a sheet: A4 landscape, one page wide, page numbers in the
/// footer (`第 1 页，共 3 页` / `Page 1 of 3`).
pub fn print_setup(ws: &mut Worksheet, lang: crate::Lang) {
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_footer(lang.pick("&C第 &P 页，共 &N 页", "&CPage &P of &N"));
}
