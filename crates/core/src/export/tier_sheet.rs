//! The 客户分级管理表 sheet: a title row, then the header in the documents' order
//! (客户编号, 客户名称, 客户等级, 购买力, 成交频率, 利润贡献, 生命周期价值,
//! 需求和行为模式) and the extra columns, the value lenses' among them; one row
//! per customer in table order.
//!
//! Number formats are set per column and the tier tints (with the cell border)
//! are conditional formats on the tier column, so a row's cells carry no format
//! of their own: with 50,000 customers, looking a format up for every cell was
//! a sixth of the export's time.

use rust_xlsxwriter::{ConditionalFormatFormula, Worksheet, XlsxError};

use super::styles::{cents, AmountUnit, Kind, Styles};
use super::SheetNames;
use crate::metrics::CustomerMetrics;
use crate::tiering::{Assignment, TierTable};
use crate::{format, Lang};

/// Row of the column header (0-based): the title and the 单位 / 制表日期
/// line are above it.
pub const HEADER_ROW: u32 = 2;

/// A column of the tier table.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Col {
    /// 客户编号.
    Id,
    /// 客户名称.
    Name,
    /// 客户等级.
    Tier,
    /// 购买力.
    Sales,
    /// 成交频率.
    Frequency,
    /// 利润贡献.
    Profit,
    /// 生命周期价值.
    Clv,
    /// 需求和行为模式.
    Needs,
    /// 等级名称.
    TierName,
    /// 销售占比.
    Share,
    /// 累计占比.
    CumShare,
    /// 排名.
    Rank,
    /// 最近购买距今（天）.
    Recency,
    /// 毛利率.
    Margin,
    /// 评分.
    Score,
    /// RFM scores as the usual three-digit code, 543 for R 5, F 4, M 3.
    Rfm,
    /// RFM segment.
    Segment,
    /// Probability of still being active (predictive model).
    Alive,
    /// Purchases expected over the CLV horizon (predictive model).
    Expected,
    /// Relationship stage.
    Stage,
    /// Value-matrix account level with its coverage.
    Level,
    /// CLV quadrant.
    Quadrant,
    /// Potential score, 0–100.
    Potential,
    /// Loyalty × value class.
    Loyalty,
    /// Credit and profit warnings.
    Credit,
    /// Unpaid balance / sales.
    UnpaidShare,
    /// Days since the oldest unpaid sale.
    UnpaidAge,
    /// 调级原因.
    Override,
}

impl Col {
    /// The header text.
    pub fn header(self, lang: Lang) -> &'static str {
        match self {
            Col::Id => lang.pick("客户编号", "Customer ID"),
            Col::Name => lang.pick("客户名称", "Customer Name"),
            Col::Tier => lang.pick("客户等级", "Tier"),
            Col::Sales => lang.pick("购买力", "Purchasing Power"),
            Col::Frequency => lang.pick("成交频率", "Purchase Frequency"),
            Col::Profit => lang.pick("利润贡献", "Profit Contribution"),
            Col::Clv => lang.pick("生命周期价值", "Lifetime Value"),
            Col::Needs => lang.pick("需求和行为模式", "Needs and Behaviour"),
            Col::TierName => lang.pick("等级名称", "Tier Name"),
            Col::Share => lang.pick("销售占比", "Share of Sales"),
            Col::CumShare => lang.pick("累计占比", "Cumulative Share"),
            Col::Rank => lang.pick("排名", "Rank"),
            Col::Recency => lang.pick("最近购买距今（天）", "Days Since Last Purchase"),
            Col::Margin => lang.pick("毛利率", "Margin"),
            Col::Score => lang.pick("评分", "Score"),
            Col::Rfm => "RFM",
            Col::Segment => lang.pick("RFM客户细分", "RFM Segment"),
            Col::Alive => lang.pick("存活概率", "P(active)"),
            Col::Expected => lang.pick("预计购买次数", "Expected Purchases"),
            Col::Stage => lang.pick("生命周期", "Relationship Stage"),
            Col::Level => lang.pick("价值矩阵（覆盖方式）", "Account Level (Coverage)"),
            Col::Quadrant => lang.pick("CLV象限", "CLV Quadrant"),
            Col::Potential => lang.pick("潜力分", "Potential"),
            Col::Loyalty => lang.pick("忠诚度×价值", "Loyalty × Value"),
            Col::Credit => lang.pick("信用/利润预警", "Credit / Profit Warning"),
            Col::UnpaidShare => lang.pick("应收占销售额", "Unpaid Share of Sales"),
            Col::UnpaidAge => lang.pick("欠款账龄（天）", "Arrears Age (days)"),
            Col::Override => lang.pick("调级原因", "Override Reason"),
        }
    }

    fn kind(self) -> Kind {
        match self {
            Col::Sales | Col::Profit | Col::Clv => Kind::Money,
            Col::Frequency | Col::Rank | Col::Recency | Col::Rfm | Col::Potential | Col::UnpaidAge => Kind::Int,
            Col::Share | Col::CumShare | Col::Margin | Col::UnpaidShare | Col::Alive => Kind::Percent,
            Col::Score | Col::Expected => Kind::Decimal,
            _ => Kind::Text,
        }
    }

    fn width(self) -> f64 {
        match self {
            Col::Id => 12.0,
            Col::Name => 24.0,
            Col::Tier | Col::TierName => 11.0,
            Col::Sales | Col::Profit | Col::Clv => 17.0,
            Col::Needs => 30.0,
            Col::Override => 30.0,
            Col::Recency => 12.0,
            Col::Segment | Col::Loyalty => 16.0,
            Col::Level => 22.0,
            Col::Credit => 20.0,
            Col::UnpaidShare | Col::UnpaidAge => 12.0,
            _ => 10.0,
        }
    }
}

/// The columns written for a table, in order. The score column appears only when
/// the method produces scores, P(active) and expected purchases only with the
/// predictive lifetime value.
pub fn columns(table: &TierTable) -> Vec<Col> {
    let mut cols = vec![
        Col::Id,
        Col::Name,
        Col::Tier,
        Col::Sales,
        Col::Frequency,
        Col::Profit,
        Col::Clv,
        Col::Needs,
        Col::TierName,
        Col::Share,
        Col::CumShare,
        Col::Rank,
        Col::Recency,
        Col::Margin,
    ];
    if table.assignments.iter().any(|a| a.score.is_some()) {
        cols.push(Col::Score);
    }
    cols.extend([Col::Rfm, Col::Segment]);
    // The predictive model's figures, when it was used.
    if table.metrics.customers.iter().any(|c| c.p_alive.is_some()) {
        cols.extend([Col::Alive, Col::Expected]);
    }
    cols.extend([
        Col::Stage,
        Col::Level,
        Col::Quadrant,
        Col::Potential,
        Col::Loyalty,
        Col::Credit,
        Col::UnpaidShare,
        Col::UnpaidAge,
        Col::Override,
    ]);
    cols
}

/// A cell's value.
pub enum Value {
    /// Fixed text (a tier or segment name), written without a copy.
    Static(&'static str),
    /// Text.
    Text(String),
    /// Number.
    Num(f64),
    /// Nothing.
    Blank,
}

/// The value of a column for one row.
pub fn value(col: Col, i: usize, table: &TierTable, lang: Lang) -> Value {
    let (c, a): (&CustomerMetrics, &Assignment) = (&table.metrics.customers[i], &table.assignments[i]);
    let num = |v: Option<f64>| v.map(Value::Num).unwrap_or(Value::Blank);
    let l = &table.lenses[i];
    match col {
        Col::Id => Value::Text(c.id.clone()),
        Col::Name => Value::Text(c.name.clone()),
        Col::Tier => Value::Static(a.tier.label(lang)),
        Col::Sales => Value::Num(c.sales),
        Col::Frequency => num(c.frequency.map(f64::from)),
        Col::Profit => num(c.profit),
        Col::Clv => num(c.clv),
        Col::Needs => Value::Text(c.needs.text(lang)),
        Col::TierName => Value::Text(table.policy.tier_name(a.tier, lang).to_string()),
        Col::Share => Value::Num(c.share),
        Col::CumShare => Value::Num(c.cumulative_share),
        Col::Rank => Value::Num(c.rank as f64),
        Col::Recency => num(c.recency_days.map(|d| d as f64)),
        Col::Margin => num(c.margin),
        Col::Score => num(a.score),
        Col::Rfm => {
            let s = table.rfm.scores[i];
            Value::Num(f64::from(s.r) * 100.0 + f64::from(s.f) * 10.0 + f64::from(s.m))
        }
        Col::Segment => Value::Static(table.rfm.segments[i].name(lang)),
        Col::Alive => num(c.p_alive),
        Col::Expected => num(c.expected_purchases),
        Col::Stage => l.stage.map_or(Value::Blank, |s| Value::Static(s.name(lang))),
        Col::Level => Value::Static(l.level.name(lang)),
        Col::Quadrant => l.quadrant.map_or(Value::Blank, |q| Value::Static(q.name(lang))),
        Col::Potential => Value::Num(l.potential.round()),
        Col::Loyalty => Value::Static(l.loyalty.name(lang)),
        Col::Credit if l.credit.any() => Value::Text(l.credit.describe(lang)),
        Col::Credit => Value::Blank,
        Col::UnpaidShare => num(l.unpaid_share),
        Col::UnpaidAge => num(l.unpaid_age_days.map(|d| d as f64)),
        Col::Override => match &a.override_reason {
            Some(r) => Value::Text(match lang {
                Lang::Zh => format!("原为{}：{r}", a.computed.label(lang)),
                Lang::En => format!("was {}: {r}", a.computed.label(lang)),
            }),
            None => Value::Blank,
        },
    }
}

/// Writes the sheet.
pub fn write(
    ws: &mut Worksheet,
    table: &TierTable,
    lang: Lang,
    st: &Styles,
    unit: AmountUnit,
) -> Result<(), XlsxError> {
    ws.set_name(SheetNames::tier_table(lang))?;
    let cols = columns(table);
    let amounts = super::styles::format().set_num_format(unit.format());
    // Constant-memory sheets write rows as they come: widths, heights and panes
    // must be set before the first row.
    for (j, col) in cols.iter().enumerate() {
        ws.set_column_width(j as u16, col.width())?;
        match col.kind() {
            Kind::Money => ws.set_column_format(j as u16, &amounts)?,
            k => ws.set_column_format(j as u16, st.number(k))?,
        };
    }
    ws.set_row_height(0, 24)?;
    ws.set_row_height(HEADER_ROW, 30)?;
    ws.set_freeze_panes(HEADER_ROW + 1, 2)?;
    super::styles::print_setup(ws, lang);
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    let period = format::period(table.metrics.period_start, table.metrics.period_end, lang);
    let title = match lang {
        Lang::Zh => format!("客户分级管理表（{period}）"),
        Lang::En => format!("Customer Tier Management Table ({period})"),
    };
    ws.write_string_with_format(0, 0, title, &st.title)?;
    let today = format::date(chrono::Local::now().date_naive(), lang);
    let unit_line = match lang {
        Lang::Zh => format!("单位：{}", unit.name(lang)),
        Lang::En => format!("Unit: {}", unit.name(lang)),
    };
    ws.write_string_with_format(1, 0, unit_line, &st.note)?;
    let dated = match lang {
        Lang::Zh => format!("制表日期：{today}"),
        Lang::En => format!("Prepared: {today}"),
    };
    ws.write_string_with_format(1, 3, dated, &st.note)?;
    for (j, col) in cols.iter().enumerate() {
        let header = match lang {
            _ if col.kind() != Kind::Money || unit == AmountUnit::Yuan => col.header(lang).to_string(),
            Lang::Zh => format!("{}（{}）", col.header(lang), unit.name(lang)),
            Lang::En => format!("{} ({})", col.header(lang), unit.name(lang)),
        };
        ws.write_string_with_format(HEADER_ROW, j as u16, header, &st.header)?;
    }
    let first = HEADER_ROW + 1;
    let mut r = first;
    for &i in &table.order {
        for (j, col) in cols.iter().enumerate() {
            match value(*col, i, table, lang) {
                Value::Static(s) => {
                    ws.write_string(r, j as u16, s)?;
                }
                Value::Text(s) => {
                    ws.write_string(r, j as u16, super::excel_text(&s))?;
                }
                // Amounts to the fen, in the unit chosen (the one place they are rounded).
                Value::Num(v) if col.kind() == Kind::Money => {
                    ws.write_number(r, j as u16, unit.of(v))?;
                }
                Value::Num(v) => {
                    ws.write_number(r, j as u16, v)?;
                }
                Value::Blank => {}
            }
        }
        r += 1;
    }
    let last_col = cols.len() as u16 - 1;
    if r > first {
        // Each tier's rows take its tint: a rule on the tier column (C) of the row.
        let tier_col = cols.iter().position(|c| *c == Col::Tier).unwrap_or(2) as u16;
        let letter = rust_xlsxwriter::utility::column_number_to_name(tier_col);
        for t in crate::Tier::ALL {
            let rule = format!("=${letter}{}=\"{}\"", first + 1, t.label(lang));
            let band = ConditionalFormatFormula::new()
                .set_rule(rule.as_str())
                .set_format(st.band(t));
            ws.add_conditional_format(first, 0, r - 1, last_col, &band)?;
        }
    }
    let last = if r > first { r - 1 } else { HEADER_ROW };
    ws.autofilter(HEADER_ROW, 0, last, last_col)?;
    if r > first {
        totals(ws, first..r, &cols, table, lang, st, unit)?;
    }
    Ok(())
}

/// The 合计 row under the table: SUBTOTAL formulas, so the totals follow the
/// autofilter (a clerk filtering to A类客户 sees the A total), with the
/// unfiltered totals as the cached results a reader without a calculation
/// engine shows.
/// `rows` are the table's data rows; the 合计 row goes right under them.
fn totals(
    ws: &mut Worksheet,
    rows: std::ops::Range<u32>,
    cols: &[Col],
    table: &TierTable,
    lang: Lang,
    st: &Styles,
    unit: AmountUnit,
) -> Result<(), XlsxError> {
    use rust_xlsxwriter::{utility::column_number_to_name, Formula};
    let (first, r) = (rows.start, rows.end);
    let amounts = st.total(Kind::Money).clone().set_num_format(unit.format());
    let range = |j: usize| {
        let l = column_number_to_name(j as u16);
        format!("{l}{}:{l}{}", first + 1, r)
    };
    for (j, col) in cols.iter().enumerate() {
        let sum = |v: &dyn Fn(usize) -> Option<f64>| unit.of(table.order.iter().filter_map(|&i| v(i)).sum());
        let cell = match col {
            Col::Name => Some(Formula::new(format!("=SUBTOTAL(103,{})", range(j))).set_result(table.len().to_string())),
            Col::Sales => Some(
                Formula::new(format!("=SUBTOTAL(109,{})", range(j)))
                    .set_result(sum(&|i| Some(cents(table.metrics.customers[i].sales))).to_string()),
            ),
            Col::Profit => Some(
                Formula::new(format!("=SUBTOTAL(109,{})", range(j)))
                    .set_result(sum(&|i| table.metrics.customers[i].profit.map(cents)).to_string()),
            ),
            _ => None,
        };
        match (col, cell) {
            (Col::Name, Some(f)) => {
                let count = st
                    .total(Kind::Int)
                    .clone()
                    .set_num_format(lang.pick("\"共 \"0\" 位客户\"", "0\" customers\""));
                ws.write_formula_with_format(r, j as u16, f, &count)?;
            }
            (_, Some(f)) => {
                ws.write_formula_with_format(r, j as u16, f, &amounts)?;
            }
            (Col::Id, None) => {
                ws.write_string_with_format(r, j as u16, lang.pick("合计", "Total"), st.total(Kind::Text))?;
            }
            (_, None) => {
                ws.write_blank(r, j as u16, st.total(Kind::Text))?;
            }
        }
    }
    Ok(())
}
