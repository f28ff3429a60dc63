//! The two value scatters, each customer a point at its current value
//! (historical profit, or sales) across, log scale:
//!
//! - the **CLV quadrants**: future value (the CLV's expected future part) up,
//!   log scale, split at the medians into VIP / 改进 / 维持 / 放弃;
//! - the **value matrix**: the potential score (0–100, future value blended
//!   with growth, see [`crate::tiering::lenses`]) up, split at the medians into
//!   the account levels and their coverage.
//!
//! Points take their tier's colour; hovering a point names the customer.
//! Large ledgers are thinned to an even sample of [`MAX_POINTS`] points (the
//! biggest customers always kept) so the SVG stays light.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{err, svg_chart, tier_color, ChartError, Hover, FONT};
use crate::format::{axis_money, money};
use crate::metrics::{median, ClvBasis, CustomerMetrics};
use crate::tiering::lenses::{current, future};
use crate::tiering::TierTable;
use crate::Lang;

/// Points drawn at most.
pub const MAX_POINTS: usize = 1_500;

fn lg(v: f64) -> f64 {
    v.max(1.0).log10()
}

/// The CLV quadrant scatter: current × future value. None when the ledger
/// gives no lifetime values.
///
/// # Errors
/// A drawing failure.
pub fn clv_scatter(table: &TierTable, lang: Lang) -> Result<Option<String>, ChartError> {
    let basis = &table.metrics.clv_basis;
    if matches!(basis, ClvBasis::Unavailable { .. }) {
        return Ok(None);
    }
    let futures: Vec<f64> = table
        .metrics
        .customers
        .iter()
        .map(|c| future(c, basis).unwrap_or(0.0))
        .collect();
    scatter(
        table,
        lang,
        &Axis {
            values: futures.iter().map(|v| lg(*v)).collect(),
            log: true,
            desc: lang.pick(
                "未来价值（预期未来利润，对数刻度）",
                "future value (expected future profit, log scale)",
            ),
            show: &|i| money(futures[i], lang),
        },
        lang.pick(
            "生命周期价值象限：当前价值 × 未来价值",
            "CLV quadrants: current × future value",
        ),
        [
            ("VIP", "VIP"),
            ("改进", "Improve"),
            ("维持", "Maintain"),
            ("放弃", "Drop"),
        ],
    )
    .map(Some)
}

/// The value-matrix scatter: current value × potential score.
///
/// # Errors
/// A drawing failure.
pub fn value_matrix_scatter(table: &TierTable, lang: Lang) -> Result<String, ChartError> {
    let scores: Vec<f64> = table.lenses.iter().map(|l| l.potential).collect();
    scatter(
        table,
        lang,
        &Axis {
            values: scores.clone(),
            log: false,
            desc: lang.pick(
                "潜力分（未来价值与增长，0–100）",
                "potential score (future value and growth, 0–100)",
            ),
            show: &|i| match lang {
                Lang::Zh => format!("潜力 {:.0} 分", scores[i]),
                Lang::En => format!("potential {:.0}", scores[i]),
            },
        },
        lang.pick(
            "客户价值矩阵：当前价值 × 潜力",
            "Value matrix: current value × potential",
        ),
        [
            ("重要客户（1:1）", "Major (1:1)"),
            ("一般重要客户（1:多）", "Non-named (1:many)"),
            ("次重要客户（1:少数）", "Named (1:few)"),
            ("不重要客户（呼叫中心）", "Mass market (call centre)"),
        ],
    )
}

/// The vertical axis of a scatter.
struct Axis<'a> {
    /// One value per customer, already on the drawn scale (log10 when `log`).
    values: Vec<f64>,
    log: bool,
    desc: &'a str,
    /// A customer's value in words, for the hover title.
    show: &'a dyn Fn(usize) -> String,
}

/// Current value across, `y` up, the median lines, and the four quadrants
/// named top-right, top-left, bottom-right, bottom-left (zh, en).
fn scatter(
    table: &TierTable,
    lang: Lang,
    y: &Axis,
    caption: &str,
    quads: [(&str, &str); 4],
) -> Result<String, ChartError> {
    let customers = &table.metrics.customers;
    let step = customers.len().div_ceil(MAX_POINTS).max(1);
    let shown: Vec<usize> = (0..customers.len()).filter(|i| i % step == 0 || *i < 50).collect();
    let xs: Vec<f64> = customers.iter().map(|c| lg(current(c))).collect();
    let ys = &y.values;
    let x_max = xs.iter().copied().fold(1.0, f64::max) + 0.3;
    // Start just below the smallest value: the interesting spread fills the plot.
    let x_min = (xs.iter().copied().fold(f64::MAX, f64::min) - 0.3).clamp(0.0, x_max - 0.5);
    // Headroom above the points holds the legend and the upper quadrants' names.
    let (y_min, y_max) = if y.log {
        let top = ys.iter().copied().fold(1.0, f64::max);
        (
            (ys.iter().copied().fold(f64::MAX, f64::min) - 0.3).clamp(0.0, top - 0.5),
            top + 0.9,
        )
    } else {
        (0.0, 125.0)
    };
    let mid = |v: &[f64]| median(v.iter().copied()).unwrap_or(0.0);
    let (mx, my) = (mid(&xs), mid(ys));
    svg_chart(|root, hovers| {
        let mut chart = ChartBuilder::on(root)
            .caption(caption, (FONT, 20))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(if y.log { 80 } else { 50 })
            .build_cartesian_2d(x_min..x_max, y_min..y_max)
            .map_err(err)?;
        let unit = |v: &f64| axis_money(10f64.powf(*v), lang);
        chart
            .configure_mesh()
            .x_labels(6)
            .y_labels(6)
            .x_label_formatter(&unit)
            .y_label_formatter(&|v| match (y.log, *v <= 100.0) {
                (true, _) => unit(v),
                (false, true) => format!("{v:.0}"),
                (false, false) => String::new(),
            })
            .x_desc(lang.pick(
                "当前价值（历史利润，对数刻度）",
                "current value (historical profit, log scale)",
            ))
            .y_desc(y.desc)
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
        let pad = (y_max - y_min) * 0.04;
        let places = [
            (x_max - 0.05, y_max - pad, HPos::Right),
            (x_min + 0.05, y_max - pad, HPos::Left),
            (x_max - 0.05, y_min + pad, HPos::Right),
            (x_min + 0.05, y_min + pad, HPos::Left),
        ];
        chart
            .draw_series(quads.iter().zip(places).map(|((zh, en), (x, yy, h))| {
                Text::new(
                    lang.pick(zh, en).to_string(),
                    (x, yy),
                    TextStyle::from((FONT, 13).into_font())
                        .color(&grey)
                        .pos(Pos::new(h, VPos::Center)),
                )
            }))
            .map_err(err)?;
        // A legend of the tier colours.
        for t in crate::Tier::ALL {
            chart
                .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())
                .map_err(err)?
                .label(t.label(lang))
                .legend(move |(x, y)| Circle::new((x + 6, y), 4, tier_color(t).filled()));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperMiddle)
            .label_font((FONT, 12))
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.2))
            .draw()
            .map_err(err)?;
        for &i in shown.iter().rev() {
            let c: &CustomerMetrics = &customers[i];
            let tier = table.assignments[i].tier;
            let (x, yv) = (xs[i], ys[i]);
            chart
                .draw_series(std::iter::once(Circle::new(
                    (x, yv),
                    3,
                    tier_color(tier).mix(0.8).filled(),
                )))
                .map_err(err)?;
            if hovers.len() < super::MAX_HOVER_POINTS {
                let (px, py) = chart.backend_coord(&(x, yv));
                hovers.push(Hover::Dot {
                    x: px,
                    y: py,
                    title: format!(
                        "{}（{}）：{} / {}",
                        c.name,
                        tier.label(lang),
                        money(current(c), lang),
                        (y.show)(i)
                    ),
                });
            }
        }
        Ok(())
    })
}
