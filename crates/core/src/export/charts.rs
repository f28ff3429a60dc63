//! Native Excel charts: the Pareto chart (sales per customer rank as stacked
//! columns coloured by tier, so the A/B cut is visible, with the cumulative share as
//! a line on a secondary axis) and the tier-share chart (% of customers, sales and
//! profit per tier). Their data sits on the chart data sheet.
//!
//! Up to [`MAX_POINTS`] customers get one column each; larger ledgers are grouped
//! into 100 rank bands (top 1%, top 2%, …) so the chart stays readable.

use rust_xlsxwriter::{Chart, ChartFormat, ChartLine, ChartSolidFill, ChartType, Worksheet, XlsxError};

use super::styles::{Kind, Styles};
use super::SheetNames;
use crate::tiering::{Tier, TierTable};
use crate::Lang;

/// Customers beyond which the Pareto chart groups ranks into 100 bands.
pub const MAX_POINTS: usize = 200;

/// Where the chart data landed.
pub struct ChartData {
    sheet: String,
    pareto_rows: u32,
    share_row: u32,
}

fn tier_fill(t: Tier) -> u32 {
    crate::chart::palette::tier(t)
}

/// Where the chart data will be written, known before writing it, so the
/// summary sheet (with the charts) can come before the data sheet.
pub fn layout(table: &TierTable, lang: Lang) -> ChartData {
    let n = table.len();
    let pareto_rows = if n <= MAX_POINTS { n as u32 } else { 100 };
    ChartData {
        sheet: SheetNames::chart_data(lang).to_string(),
        pareto_rows,
        share_row: pareto_rows + 3,
    }
}

/// Writes the chart data sheet at the places [`layout`] gave.
pub fn write_data(
    ws: &mut Worksheet,
    table: &TierTable,
    lang: Lang,
    st: &Styles,
    at: &ChartData,
) -> Result<(), XlsxError> {
    ws.set_name(&at.sheet)?;
    let headers = [
        lang.pick("排名", "Rank"),
        Tier::A.label(lang),
        Tier::B.label(lang),
        Tier::C.label(lang),
        lang.pick("累计销售占比", "Cumulative share"),
    ];
    for (j, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, j as u16, *h, &st.header)?;
        ws.set_column_width(j as u16, 14)?;
    }
    let customers = &table.metrics.customers;
    let n = customers.len();
    let bands: Vec<(String, std::ops::Range<usize>)> = if n <= MAX_POINTS {
        (0..n).map(|i| (format!("{}", i + 1), i..i + 1)).collect()
    } else {
        (0..100)
            .map(|k| {
                let label = match lang {
                    Lang::Zh => format!("前{}%", k + 1),
                    Lang::En => format!("Top {}%", k + 1),
                };
                (label, (k * n / 100)..((k + 1) * n / 100))
            })
            .collect()
    };
    let money = st.cell(Kind::Money, None);
    let pct = st.cell(Kind::Percent, None);
    for (r, (label, range)) in bands.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, label)?;
        let mut sums = [0.0; 3];
        for i in range.clone() {
            sums[table.assignments[i].tier.index()] += customers[i].sales;
        }
        for (t, s) in sums.iter().enumerate() {
            if *s != 0.0 {
                ws.write_number_with_format(r, 1 + t as u16, *s, money)?;
            }
        }
        let cum = range
            .clone()
            .last()
            .map(|i| customers[i].cumulative_share)
            .unwrap_or(0.0);
        ws.write_number_with_format(r, 4, cum, pct)?;
    }
    debug_assert_eq!(bands.len() as u32, at.pareto_rows);
    let share_row = at.share_row;
    let share_headers = [
        lang.pick("客户等级", "Tier"),
        lang.pick("客户数占比", "% of customers"),
        lang.pick("销售额占比", "% of sales"),
        lang.pick("利润占比", "% of profit"),
    ];
    for (j, h) in share_headers.iter().enumerate() {
        ws.write_string_with_format(share_row, j as u16, *h, &st.header)?;
    }
    for (k, x) in table.breakdown().tiers.iter().enumerate() {
        let r = share_row + 1 + k as u32;
        ws.write_string(
            r,
            0,
            format!("{} {}", x.tier.label(lang), table.policy.tier_name(x.tier, lang)),
        )?;
        ws.write_number_with_format(r, 1, x.customer_share, pct)?;
        ws.write_number_with_format(r, 2, x.sales_share, pct)?;
        ws.write_number_with_format(r, 3, x.profit_share, pct)?;
    }
    Ok(())
}

/// The Pareto chart.
pub fn pareto(d: &ChartData, lang: Lang) -> Chart {
    let mut columns = Chart::new(ChartType::ColumnStacked);
    let last = d.pareto_rows.max(1);
    for t in Tier::ALL {
        let col = 1 + t.index() as u16;
        columns
            .add_series()
            .set_name((d.sheet.as_str(), 0, col))
            .set_categories((d.sheet.as_str(), 1, 0, last, 0))
            .set_values((d.sheet.as_str(), 1, col, last, col))
            .set_format(ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(tier_fill(t))))
            .set_gap(10);
    }
    let mut line = Chart::new(ChartType::Line);
    line.add_series()
        .set_name((d.sheet.as_str(), 0, 4))
        .set_categories((d.sheet.as_str(), 1, 0, last, 0))
        .set_values((d.sheet.as_str(), 1, 4, last, 4))
        .set_format(ChartFormat::new().set_line(ChartLine::new().set_color(0x375623).set_width(2.0)))
        .set_secondary_axis(true);
    columns.combine(&line);
    columns.title().set_name(lang.pick(
        "帕累托图：客户销售额与累计占比",
        "Pareto chart: sales by customer rank and cumulative share",
    ));
    columns.x_axis().set_name(lang.pick("客户排名", "Customer rank"));
    columns
        .y_axis()
        .set_name(lang.pick("销售额（元）", "Sales (yuan)"))
        .set_num_format("#,##0");
    columns
        .y2_axis()
        .set_name(lang.pick("累计占比", "Cumulative share"))
        .set_num_format("0%")
        .set_max(1.0)
        .set_min(0.0);
    columns.set_width(720).set_height(360);
    columns
}

/// The tier-share chart.
pub fn tier_share(d: &ChartData, lang: Lang) -> Chart {
    let mut chart = Chart::new(ChartType::Column);
    let (r0, r1) = (d.share_row + 1, d.share_row + 3);
    for col in 1..=3u16 {
        chart
            .add_series()
            .set_name((d.sheet.as_str(), d.share_row, col))
            .set_categories((d.sheet.as_str(), r0, 0, r1, 0))
            .set_values((d.sheet.as_str(), r0, col, r1, col));
    }
    chart.title().set_name(lang.pick(
        "各等级客户数、销售额与利润占比",
        "Share of customers, sales and profit by tier",
    ));
    chart.y_axis().set_num_format("0%").set_min(0.0);
    chart.set_width(520).set_height(360);
    chart
}
