//! The dashboard's charts, drawn once in Rust with plotters as SVG and used by the
//! app (and the printed report): the Pareto curve with the tier cut lines, the
//! tier pyramid (share of customers vs share of sales), sales and profit share
//! per tier, and the distribution of the ranking metric.
//!
//! Hover: each point or bar carries an SVG `<title>` (the customer or the value),
//! which browsers show as a tooltip, so no script is needed.
//!
//! The other charts live beside these: [`history`] (tier flow and trend across
//! periods), [`lens`] (value matrix and lifetime-value scatter), [`model`] (the
//! lifetime-value model check) and [`rfm`] (the RFM heat map); [`palette`] holds
//! the tier colours every chart, the exported workbook and the report share.

pub mod history;
pub mod lens;
pub mod model;
pub mod palette;
pub mod rfm;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::format::{money, percent};
use crate::tiering::{RankMetric, Tier, TierTable};
use crate::Lang;

/// Size of every chart, in SVG pixels.
pub const SIZE: (u32, u32) = (640, 380);
/// Points with a tooltip on the Pareto curve at most (larger ledgers are sampled).
pub const MAX_HOVER_POINTS: usize = 400;
pub(crate) const FONT: &str = "sans-serif";

/// The four charts as SVG documents.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSet {
    /// Pareto curve.
    pub pareto: String,
    /// Tier pyramid.
    pub pyramid: String,
    /// Sales and profit share per tier.
    pub shares: String,
    /// Distribution of the ranking metric.
    pub distribution: String,
}

/// Why a chart could not be drawn.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("chart: {0}")]
pub struct ChartError(String);

pub(crate) fn err<E: std::fmt::Debug>(e: E) -> ChartError {
    ChartError(format!("{e:?}"))
}

/// The tier colours, as in the workbook.
pub fn tier_color(t: Tier) -> RGBColor {
    let [r, g, b] = palette::rgb(palette::tier(t));
    RGBColor(r, g, b)
}

/// Escapes text for SVG.
pub(crate) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// An invisible shape with a tooltip, added after plotters has drawn.
pub(crate) enum Hover {
    Dot {
        x: i32,
        y: i32,
        title: String,
    },
    Box {
        x0: i32,
        y0: i32,
        x1: i32,
        y1: i32,
        title: String,
    },
    Polygon {
        points: Vec<(i32, i32)>,
        title: String,
    },
}

pub(crate) fn with_hover(mut svg: String, hovers: &[Hover]) -> String {
    let mut g = String::from("<g class=\"hover\">");
    for h in hovers {
        match h {
            Hover::Dot { x, y, title } => g.push_str(&format!(
                "<circle cx=\"{x}\" cy=\"{y}\" r=\"5\" fill=\"#000\" fill-opacity=\"0\"><title>{}</title></circle>",
                esc(title)
            )),
            Hover::Box { x0, y0, x1, y1, title } => g.push_str(&format!(
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#000\" fill-opacity=\"0\"><title>{}</title></rect>",
                x0.min(x1),
                y0.min(y1),
                (x1 - x0).abs().max(1),
                (y1 - y0).abs().max(1),
                esc(title)
            )),
            Hover::Polygon { points, title } => g.push_str(&format!(
                "<polygon points=\"{}\" fill=\"#000\" fill-opacity=\"0\"><title>{}</title></polygon>",
                points.iter().map(|(x, y)| format!("{x},{y}")).collect::<Vec<_>>().join(" "),
                esc(title)
            )),
        }
    }
    g.push_str("</g>");
    if let Some(end) = svg.rfind("</svg>") {
        svg.insert_str(end, &g);
    }
    svg
}

/// Draws one chart: a white SVG canvas of [`SIZE`] handed to `draw`, which may
/// also collect hover targets; they are added once plotters has finished.
pub(crate) fn svg_chart(
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, plotters::coord::Shift>, &mut Vec<Hover>) -> Result<(), ChartError>,
) -> Result<String, ChartError> {
    let mut svg = String::new();
    let mut hovers = Vec::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        draw(&root, &mut hovers)?;
        root.present().map_err(err)?;
    }
    Ok(with_hover(svg, &hovers))
}

/// Draws all four charts.
///
/// # Errors
/// A drawing failure (no font found for text layout).
pub fn charts(table: &TierTable, lang: Lang) -> Result<ChartSet, ChartError> {
    Ok(ChartSet {
        pareto: pareto(table, lang)?,
        pyramid: pyramid(table, lang)?,
        shares: shares(table, lang)?,
        distribution: distribution(table, lang)?,
    })
}

/// Cumulative share of sales against share of customers (by sales rank), with
/// vertical lines where tiers A and B end.
pub fn pareto(table: &TierTable, lang: Lang) -> Result<String, ChartError> {
    let customers = &table.metrics.customers;
    let n = customers.len().max(1);
    let mut points: Vec<(f64, f64)> = vec![(0.0, 0.0)];
    points.extend(
        customers
            .iter()
            .enumerate()
            .map(|(i, c)| ((i + 1) as f64 / n as f64 * 100.0, c.cumulative_share * 100.0)),
    );
    let b = table.breakdown();
    let cuts = [b.tiers[0].customers, b.tiers[0].customers + b.tiers[1].customers];
    svg_chart(|root, hovers| {
        let title = lang.pick(
            "帕累托曲线：客户累计销售占比",
            "Pareto curve: cumulative share of sales",
        );
        let y_max = points.iter().map(|p| p.1).fold(100.0f64, f64::max);
        let mut chart = ChartBuilder::on(root)
            .caption(title, (FONT, 22))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(52)
            .build_cartesian_2d(0f64..100f64, 0f64..y_max.ceil())
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_desc(lang.pick("客户占比（按销售额排名）", "Share of customers (by sales rank)"))
            .y_desc(lang.pick("累计销售占比", "Cumulative share of sales"))
            .x_label_formatter(&|v| format!("{v:.0}%"))
            .y_label_formatter(&|v| format!("{v:.0}%"))
            .label_style((FONT, 14))
            .axis_desc_style((FONT, 14))
            .light_line_style(WHITE)
            .draw()
            .map_err(err)?;
        chart
            .draw_series(LineSeries::new(
                points.clone(),
                RGBColor(0x1F, 0x38, 0x64).stroke_width(2),
            ))
            .map_err(err)?;
        for (k, cut) in cuts.iter().enumerate() {
            let x = *cut as f64 / n as f64 * 100.0;
            let t = [Tier::A, Tier::B][k];
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(x, 0.0), (x, y_max)],
                    tier_color(t).stroke_width(2),
                )))
                .map_err(err)?;
            let label = match lang {
                Lang::Zh => format!("{}类 | {}", ["A", "B"][k], percent(x / 100.0)),
                Lang::En => format!("end of {} | {}", ["A", "B"][k], percent(x / 100.0)),
            };
            chart
                .draw_series(std::iter::once(Text::new(
                    label,
                    (x, y_max * 0.08 + k as f64 * y_max * 0.08),
                    (FONT, 14)
                        .into_font()
                        .color(&tier_color(t))
                        .pos(Pos::new(HPos::Left, VPos::Center)),
                )))
                .map_err(err)?;
        }
        let step = (customers.len() / MAX_HOVER_POINTS).max(1);
        for (i, c) in customers.iter().enumerate().filter(|(i, _)| i % step == 0) {
            let (x, y) = chart.backend_coord(&((i + 1) as f64 / n as f64 * 100.0, c.cumulative_share * 100.0));
            let title = match lang {
                Lang::Zh => format!(
                    "第{}名 {} {}：{}，累计 {}",
                    c.rank,
                    c.id,
                    c.name,
                    money(c.sales, lang),
                    percent(c.cumulative_share)
                ),
                Lang::En => format!(
                    "#{} {} {}: {}, cumulative {}",
                    c.rank,
                    c.id,
                    c.name,
                    money(c.sales, lang),
                    percent(c.cumulative_share)
                ),
            };
            hovers.push(Hover::Dot { x, y, title });
        }
        Ok(())
    })
}

/// Butterfly bars per tier: share of customers to the left, share of sales to
/// the right, A at the top. The shape is the pyramid the documents describe.
pub fn pyramid(table: &TierTable, lang: Lang) -> Result<String, ChartError> {
    let b = table.breakdown();
    svg_chart(|root, hovers| {
        let mut chart = ChartBuilder::on(root)
            .caption(
                lang.pick(
                    "客户金字塔：客户数占比 vs 销售额占比",
                    "Tier pyramid: customers vs sales",
                ),
                (FONT, 22),
            )
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(20)
            .build_cartesian_2d(-100f64..100f64, 0f64..3f64)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .disable_y_axis()
            .x_desc(lang.pick(
                "← 客户数占比　　　　销售额占比 →",
                "← share of customers        share of sales →",
            ))
            .x_label_formatter(&|v| format!("{:.0}%", v.abs()))
            .label_style((FONT, 14))
            .axis_desc_style((FONT, 14))
            .light_line_style(WHITE)
            .draw()
            .map_err(err)?;
        for t in Tier::ALL {
            let y0 = 2.0 - t.index() as f64 + 0.15;
            let y1 = y0 + 0.7;
            let x = b.tiers[t.index()];
            let (c, s) = (x.customer_share * 100.0, x.sales_share * 100.0);
            let color = tier_color(t);
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(-c, y0), (0.0, y1)],
                    color.mix(0.55).filled(),
                )))
                .map_err(err)?;
            chart
                .draw_series(std::iter::once(Rectangle::new([(0.0, y0), (s, y1)], color.filled())))
                .map_err(err)?;
            let name = format!("{} {}", t.label(lang), table.policy.tier_name(t, lang));
            chart
                .draw_series(std::iter::once(Text::new(
                    name.clone(),
                    (0.0, y1 + 0.08),
                    TextStyle::from((FONT, 15).into_font()).pos(Pos::new(HPos::Center, VPos::Bottom)),
                )))
                .map_err(err)?;
            let (a, b) = (chart.backend_coord(&(-c, y1)), chart.backend_coord(&(0.0, y0)));
            let count = x.customers;
            hovers.push(Hover::Box {
                x0: a.0,
                y0: a.1,
                x1: b.0,
                y1: b.1,
                title: format!("{name}: {count} {}", lang.pick("位客户", "customers"))
                    + &format!(" ({})", percent(c / 100.0)),
            });
            let (a, b) = (chart.backend_coord(&(0.0, y1)), chart.backend_coord(&(s, y0)));
            hovers.push(Hover::Box {
                x0: a.0,
                y0: a.1,
                x1: b.0,
                y1: b.1,
                title: format!("{name}: {} ({})", money(x.sales, lang), percent(s / 100.0)),
            });
        }
        Ok(())
    })
}

/// Share of sales and of profit per tier, side by side.
pub fn shares(table: &TierTable, lang: Lang) -> Result<String, ChartError> {
    let b = table.breakdown();
    let has_profit = table.metrics.total_profit.is_some();
    svg_chart(|root, hovers| {
        let mut chart = ChartBuilder::on(root)
            .caption(
                lang.pick("各等级销售额与利润占比", "Share of sales and profit by tier"),
                (FONT, 22),
            )
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(52)
            .build_cartesian_2d(0f64..3f64, 0f64..100f64)
            .map_err(err)?;
        let names: Vec<String> = Tier::ALL
            .iter()
            .map(|t| format!("{} {}", t.label(lang), table.policy.tier_name(*t, lang)))
            .collect();
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(3)
            .x_label_formatter(&|v| names.get(v.floor() as usize).cloned().unwrap_or_default())
            .y_label_formatter(&|v| format!("{v:.0}%"))
            .label_style((FONT, 14))
            .axis_desc_style((FONT, 14))
            .light_line_style(WHITE)
            .draw()
            .map_err(err)?;
        for t in Tier::ALL {
            let x = t.index() as f64;
            let s = b.tiers[t.index()].sales_share * 100.0;
            let p = b.tiers[t.index()].profit_share * 100.0;
            let color = tier_color(t);
            let bars: Vec<(f64, f64, ShapeStyle, &str, f64)> = if has_profit {
                vec![
                    (x + 0.15, x + 0.48, color.filled(), lang.pick("销售额", "sales"), s),
                    (
                        x + 0.52,
                        x + 0.85,
                        color.mix(0.45).filled(),
                        lang.pick("利润", "profit"),
                        p,
                    ),
                ]
            } else {
                vec![(x + 0.25, x + 0.75, color.filled(), lang.pick("销售额", "sales"), s)]
            };
            for (x0, x1, style, what, v) in bars {
                chart
                    .draw_series(std::iter::once(Rectangle::new([(x0, 0.0), (x1, v)], style)))
                    .map_err(err)?;
                chart
                    .draw_series(std::iter::once(Text::new(
                        format!("{v:.1}%"),
                        ((x0 + x1) / 2.0, v + 2.0),
                        TextStyle::from((FONT, 14).into_font()).pos(Pos::new(HPos::Center, VPos::Bottom)),
                    )))
                    .map_err(err)?;
                let (a, b) = (chart.backend_coord(&(x0, v)), chart.backend_coord(&(x1, 0.0)));
                hovers.push(Hover::Box {
                    x0: a.0,
                    y0: a.1,
                    x1: b.0,
                    y1: b.1,
                    title: format!("{} {what}: {v:.1}%", names[t.index()]),
                });
            }
        }
        Ok(())
    })
}

/// How many customers fall in each band of the ranking metric. Bands are equal on
/// a log scale, because purchasing power spans several orders of magnitude.
pub fn distribution(table: &TierTable, lang: Lang) -> Result<String, ChartError> {
    let metric = table.policy.metric;
    let values: Vec<(f64, Tier)> = table
        .metrics
        .customers
        .iter()
        .zip(&table.assignments)
        .map(|(_, a)| (a.value, a.tier))
        .filter(|(v, _)| *v > 0.0)
        .collect();
    const BINS: usize = 20;
    let (lo, hi) = values.iter().fold((f64::MAX, f64::MIN), |(l, h), (v, _)| {
        (l.min(v.log10()), h.max(v.log10()))
    });
    let (lo, hi) = if values.is_empty() {
        (0.0, 1.0)
    } else if hi - lo < 1e-9 {
        (lo - 0.5, hi + 0.5)
    } else {
        (lo, hi)
    };
    let width = (hi - lo) / BINS as f64;
    let mut counts = vec![[0usize; 3]; BINS];
    for (v, t) in &values {
        let b = (((v.log10() - lo) / width) as usize).min(BINS - 1);
        counts[b][t.index()] += 1;
    }
    let max = counts.iter().map(|c| c.iter().sum::<usize>()).max().unwrap_or(1).max(1);
    svg_chart(|root, hovers| {
        let what = match metric {
            RankMetric::Sales => lang.pick("购买力", "sales"),
            RankMetric::Profit => lang.pick("利润贡献", "profit"),
        };
        let caption = match lang {
            Lang::Zh => format!("{what}分布（对数刻度）"),
            Lang::En => format!("Distribution of {what} (log scale)"),
        };
        let mut chart = ChartBuilder::on(root)
            .caption(caption, (FONT, 22))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(52)
            .build_cartesian_2d(lo..hi, 0f64..(max as f64 * 1.1))
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(6)
            .x_label_formatter(&|v| crate::format::axis_money(10f64.powf(*v), lang))
            .y_label_formatter(&|v| format!("{v:.0}"))
            .y_desc(lang.pick("客户数", "customers"))
            .label_style((FONT, 13))
            .axis_desc_style((FONT, 14))
            .light_line_style(WHITE)
            .draw()
            .map_err(err)?;
        for (b, c) in counts.iter().enumerate() {
            let x0 = lo + b as f64 * width;
            let x1 = x0 + width * 0.92;
            let mut y = 0.0;
            for t in Tier::ALL {
                let k = c[t.index()] as f64;
                if k > 0.0 {
                    chart
                        .draw_series(std::iter::once(Rectangle::new(
                            [(x0, y), (x1, y + k)],
                            tier_color(t).filled(),
                        )))
                        .map_err(err)?;
                    y += k;
                }
            }
            let total: usize = c.iter().sum();
            if total > 0 {
                let (a, bb) = (chart.backend_coord(&(x0, y)), chart.backend_coord(&(x1, 0.0)));
                let range = format!(
                    "{} – {}",
                    money(10f64.powf(x0), lang),
                    money(10f64.powf(x0 + width), lang)
                );
                let title = match lang {
                    Lang::Zh => format!("{range}：{total} 位客户（A {} / B {} / C {}）", c[0], c[1], c[2]),
                    Lang::En => format!("{range}: {total} customers (A {} / B {} / C {})", c[0], c[1], c[2]),
                };
                hovers.push(Hover::Box {
                    x0: a.0,
                    y0: a.1,
                    x1: bb.0,
                    y1: bb.1,
                    title,
                });
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tooltips_are_escaped() {
        let svg = with_hover(
            "<svg></svg>".into(),
            &[Hover::Dot {
                x: 1,
                y: 2,
                title: "A&B <x>".into(),
            }],
        );
        assert!(svg.contains("<title>A&amp;B &lt;x&gt;</title>"));
        assert!(svg.ends_with("</g></svg>"));
    }
}
