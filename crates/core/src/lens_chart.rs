//! The value scatter: each customer a point at its current value (historical
//! profit, or sales) across and its future value (the CLV's expected future
//! part; purchase frequency without lifetime values) up, both on log scales,
//! with the median lines that make the CLV quadrants and value-matrix levels.
//! Points take their tier's colour; hovering a point names the customer.
//!
//! Large ledgers are thinned to an even sample of [`MAX_POINTS`] points (the
//! biggest customers always kept) so the SVG stays light.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::chart::{err, svg_chart, tier_color, ChartError, Hover, FONT};
use crate::format::money;
use crate::metrics::{ClvBasis, CustomerMetrics};
use crate::tiering::TierTable;
use crate::Lang;

/// Points drawn at most.
pub const MAX_POINTS: usize = 1_500;

fn current(c: &CustomerMetrics) -> f64 {
    c.profit.unwrap_or(c.sales)
}

/// The scatter of current × future value.
///
/// # Errors
/// A drawing failure.
pub fn value_scatter(table: &TierTable, lang: Lang) -> Result<String, ChartError> {
    let has_clv = !matches!(table.metrics.clv_basis, ClvBasis::Unavailable);
    let future = |c: &CustomerMetrics| -> f64 {
        if has_clv {
            c.clv.unwrap_or(0.0) - c.profit.unwrap_or(0.0)
        } else {
            c.frequency.unwrap_or(0) as f64
        }
    };
    let lg = |v: f64| v.max(1.0).log10();
    let customers = &table.metrics.customers;
    let step = customers.len().div_ceil(MAX_POINTS).max(1);
    let shown: Vec<usize> = (0..customers.len()).filter(|i| i % step == 0 || *i < 50).collect();
    let xs: Vec<f64> = customers.iter().map(|c| lg(current(c))).collect();
    let ys: Vec<f64> = customers.iter().map(|c| lg(future(c))).collect();
    let (x_max, y_max) = (
        xs.iter().copied().fold(1.0, f64::max) + 0.3,
        ys.iter().copied().fold(1.0, f64::max) + 0.3,
    );
    // Start just below the smallest value: the interesting spread fills the plot.
    let (x_min, y_min) = (
        (xs.iter().copied().fold(f64::MAX, f64::min) - 0.3).clamp(0.0, x_max - 0.5),
        (ys.iter().copied().fold(f64::MAX, f64::min) - 0.3).clamp(0.0, y_max - 0.5),
    );
    let med = |v: &[f64]| {
        let mut s = v.to_vec();
        s.sort_by(f64::total_cmp);
        s.get(s.len() / 2).copied().unwrap_or(0.0)
    };
    let (mx, my) = (med(&xs), med(&ys));
    svg_chart(|root, hovers| {
        let mut chart = ChartBuilder::on(root)
            .caption(
                lang.pick(
                    "客户价值矩阵：当前价值 × 未来价值",
                    "Value matrix: current × future value",
                ),
                (FONT, 20),
            )
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(60)
            .build_cartesian_2d(x_min..x_max, y_min..y_max)
            .map_err(err)?;
        let unit = |v: &f64| money(10f64.powf(*v), lang);
        chart
            .configure_mesh()
            .x_labels(6)
            .y_labels(6)
            .x_label_formatter(&unit)
            .y_label_formatter(&|v| {
                if has_clv {
                    unit(v)
                } else {
                    format!("{:.0}", 10f64.powf(*v))
                }
            })
            .x_desc(lang.pick(
                "当前价值（历史利润，对数刻度）",
                "current value (historical profit, log scale)",
            ))
            .y_desc(if has_clv {
                lang.pick("未来价值（预期未来利润）", "future value (expected future profit)")
            } else {
                lang.pick("成交频率", "purchases")
            })
            .label_style((FONT, 12))
            .axis_desc_style((FONT, 13))
            .light_line_style(WHITE)
            .draw()
            .map_err(err)?;
        let grey = RGBColor(0x90, 0x90, 0x90);
        chart
            .draw_series([
                PathElement::new(vec![(mx, y_min), (mx, y_max)], grey.stroke_width(1)),
                PathElement::new(vec![(x_min, my), (x_max, my)], grey.stroke_width(1)),
            ])
            .map_err(err)?;
        let label = |s: &str, x: f64, y: f64, h: HPos| {
            Text::new(
                s.to_string(),
                (x, y),
                TextStyle::from((FONT, 13).into_font())
                    .color(&grey)
                    .pos(Pos::new(h, VPos::Center)),
            )
        };
        let quads: [(&str, &str, f64, f64, HPos); 4] = [
            ("VIP · 重要客户", "VIP · major", x_max - 0.05, y_max - 0.15, HPos::Right),
            (
                "改进 · 一般重要客户",
                "Improve · non-named",
                0.05,
                y_max - 0.15,
                HPos::Left,
            ),
            ("维持 · 次重要客户", "Maintain · named", x_max - 0.05, 0.15, HPos::Right),
            ("放弃 · 不重要客户", "Drop · mass market", 0.05, 0.15, HPos::Left),
        ];
        chart
            .draw_series(
                quads
                    .iter()
                    .map(|(zh, en, x, y, h)| label(lang.pick(zh, en), *x, *y, *h)),
            )
            .map_err(err)?;
        for &i in shown.iter().rev() {
            let c = &customers[i];
            let tier = table.assignments[i].tier;
            let (x, y) = (xs[i], ys[i]);
            chart
                .draw_series(std::iter::once(Circle::new(
                    (x, y),
                    3,
                    tier_color(tier).mix(0.8).filled(),
                )))
                .map_err(err)?;
            if hovers.len() < crate::chart::MAX_HOVER_POINTS {
                let (px, py) = chart.backend_coord(&(x, y));
                let fut = if has_clv {
                    money(future(c), lang)
                } else {
                    format!("{:.0}", future(c))
                };
                hovers.push(Hover::Dot {
                    x: px,
                    y: py,
                    title: format!(
                        "{}（{}）：{} / {}",
                        c.name,
                        tier.label(lang),
                        money(current(c), lang),
                        fut
                    ),
                });
            }
        }
        Ok(())
    })
}
