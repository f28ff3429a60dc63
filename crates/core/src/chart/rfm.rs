//! The RFM heat map: recency score across, frequency score up, each cell
//! coloured by its customers' mean monetary score (or, with `by_count`, by how
//! many customers it holds) and labelled with the count. Drawn with plotters as
//! SVG like the dashboard's charts; hovering a cell shows its figures.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{err, svg_chart, ChartError, Hover, FONT};
use crate::format::money;
use crate::tiering::TierTable;
use crate::Lang;

/// Light to dark blue over 0..1.
fn shade(t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * t).round() as u8;
    RGBColor(mix(0xEE, 0x1F), mix(0xF4, 0x38), mix(0xFB, 0x64))
}

/// The heat map of a tier table's RFM scores.
///
/// # Errors
/// A drawing failure.
pub fn heatmap(table: &TierTable, by_count: bool, lang: Lang) -> Result<String, ChartError> {
    let rfm = &table.rfm;
    let k = rfm.scale.bins() as usize;
    // cells[r-1][f-1] = (customers, sum of M scores, sales)
    let mut cells = vec![vec![(0usize, 0u32, 0f64); k]; k];
    for (s, c) in rfm.scores.iter().zip(&table.metrics.customers) {
        let cell = &mut cells[s.r as usize - 1][s.f as usize - 1];
        cell.0 += 1;
        cell.1 += s.m as u32;
        cell.2 += c.sales;
    }
    let max_count = cells.iter().flatten().map(|c| c.0).max().unwrap_or(1).max(1) as f64;
    svg_chart(|root, hovers| {
        let caption = match (by_count, lang) {
            (false, Lang::Zh) => "RFM 热力图：颜色为平均金额得分（M），数字为客户数",
            (false, Lang::En) => "RFM heat map: colour = mean monetary score, number = customers",
            (true, Lang::Zh) => "RFM 热力图：颜色与数字均为客户数",
            (true, Lang::En) => "RFM heat map: colour and number = customers",
        };
        let mut chart = ChartBuilder::on(root)
            .caption(caption, (FONT, 18))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(48)
            .build_cartesian_2d(0.5f64..(k as f64 + 0.5), 0.5f64..(k as f64 + 0.5))
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(k)
            .y_labels(k)
            .x_label_formatter(&|v| format!("{:.0}", v))
            .y_label_formatter(&|v| format!("{:.0}", v))
            .x_desc(lang.pick("R 最近购买得分（越大越近）", "R recency score (higher: more recent)"))
            .y_desc(lang.pick("F 购买频率得分", "F frequency score"))
            .label_style((FONT, 13))
            .axis_desc_style((FONT, 13))
            .draw()
            .map_err(err)?;
        for r in 1..=k {
            for f in 1..=k {
                let (n, m_sum, sales) = cells[r - 1][f - 1];
                let (x, y) = (r as f64, f as f64);
                let mean_m = if n > 0 { m_sum as f64 / n as f64 } else { 0.0 };
                let t = if by_count {
                    n as f64 / max_count
                } else if n > 0 {
                    (mean_m - 1.0) / (k as f64 - 1.0)
                } else {
                    -1.0
                };
                let color = if n == 0 { RGBColor(0xFA, 0xFA, 0xFA) } else { shade(t) };
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x - 0.48, y - 0.48), (x + 0.48, y + 0.48)],
                        color.filled(),
                    )))
                    .map_err(err)?;
                let ink = if n > 0 && t > 0.55 { WHITE } else { BLACK };
                chart
                    .draw_series(std::iter::once(Text::new(
                        format!("{n}"),
                        (x, y),
                        TextStyle::from((FONT, 15).into_font())
                            .color(&ink)
                            .pos(Pos::new(HPos::Center, VPos::Center)),
                    )))
                    .map_err(err)?;
                let (a, b) = (
                    chart.backend_coord(&(x - 0.48, y + 0.48)),
                    chart.backend_coord(&(x + 0.48, y - 0.48)),
                );
                let title = match lang {
                    Lang::Zh => format!(
                        "R={r} F={f}：{n} 位客户，平均 M 得分 {mean_m:.1}，销售额 {}",
                        money(sales, lang)
                    ),
                    Lang::En => format!(
                        "R={r} F={f}: {n} customers, mean M score {mean_m:.1}, sales {}",
                        money(sales, lang)
                    ),
                };
                hovers.push(Hover::Box {
                    x0: a.0,
                    y0: a.1,
                    x1: b.0,
                    y1: b.1,
                    title,
                });
            }
        }
        Ok(())
    })
}
