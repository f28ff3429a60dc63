//! The model check's two charts (模型检验), drawn like the dashboard's: the
//! cumulative tracking of repeat purchases week by week, actual against
//! predicted, with the split marked; and calibration against holdout, the mean
//! actual and predicted holdout purchases of the customers grouped by their
//! repeat purchases before the split (0, 1, … 7+).

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{err, svg_chart, ChartError, Hover, FONT};
use crate::clv::{bucket_label, Backtest, TOP_BUCKET};
use crate::format::{date, group};
use crate::Lang;

const ACTUAL: RGBColor = RGBColor(0x1F, 0x38, 0x64);
const PREDICTED: RGBColor = RGBColor(0xC6, 0x59, 0x11);

type Chart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The two series both charts show: actual (solid) and predicted (dashed),
/// with dots at the points when `dots`, and their legend.
fn actual_and_predicted<'a, 'b: 'a>(
    chart: &mut Chart<'a, 'b>,
    actual: Vec<(f64, f64)>,
    predicted: Vec<(f64, f64)>,
    dots: bool,
    lang: Lang,
) -> Result<(), ChartError> {
    for (points, color, dashed, name) in [
        (actual, ACTUAL, false, lang.pick("实际", "Actual")),
        (predicted, PREDICTED, true, lang.pick("预测", "Predicted")),
    ] {
        let style = color.stroke_width(2);
        let drawn = if dashed {
            chart
                .draw_series(DashedLineSeries::new(points.clone(), 6, 4, style))
                .map_err(err)?
        } else {
            chart.draw_series(LineSeries::new(points.clone(), style)).map_err(err)?
        };
        drawn
            .label(name)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], style));
        if dots {
            chart
                .draw_series(points.into_iter().map(|p| Circle::new(p, 4, color.filled())))
                .map_err(err)?;
        }
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font((FONT, 13))
        .background_style(WHITE.mix(0.9))
        .border_style(RGBColor(0xD9, 0xD9, 0xD9))
        .draw()
        .map_err(err)
}

/// Cumulative repeat purchases per week, actual and predicted, split marked.
///
/// # Errors
/// A drawing failure.
pub fn tracking(b: &Backtest, lang: Lang) -> Result<String, ChartError> {
    let days = |d: chrono::NaiveDate| (d - b.start).num_days() as f64;
    let x_max = days(b.end).max(1.0);
    let y_max = b
        .tracking
        .iter()
        .map(|p| p.actual.max(p.predicted))
        .fold(1.0f64, f64::max)
        * 1.12;
    svg_chart(|root, hovers| {
        let mut chart = ChartBuilder::on(root)
            .caption(
                lang.pick(
                    "模型检验：累计复购次数（实际 vs 预测）",
                    "Model check: cumulative repeat purchases (actual vs predicted)",
                ),
                (FONT, 20),
            )
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(56)
            .build_cartesian_2d(0f64..x_max, 0f64..y_max)
            .map_err(err)?;
        let start = b.start;
        chart
            .configure_mesh()
            .x_desc(lang.pick("日期", "Date"))
            .y_desc(lang.pick("累计复购次数", "Cumulative repeat purchases"))
            .x_labels(6)
            .x_label_formatter(&|v| {
                let d = start + chrono::Duration::days(*v as i64);
                match lang {
                    Lang::Zh => d.format("%Y年%-m月").to_string(),
                    Lang::En => d.format("%b %Y").to_string(),
                }
            })
            .y_label_formatter(&|v| group(*v, 0))
            .label_style((FONT, 13))
            .axis_desc_style((FONT, 14))
            .light_line_style(WHITE)
            .draw()
            .map_err(err)?;
        let series = |f: fn(&crate::clv::TrackingPoint) -> f64| -> Vec<(f64, f64)> {
            std::iter::once((0.0, 0.0))
                .chain(b.tracking.iter().map(|p| (days(p.date), f(p))))
                .collect()
        };
        actual_and_predicted(&mut chart, series(|p| p.actual), series(|p| p.predicted), false, lang)?;
        let split = days(b.split);
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(split, 0.0), (split, y_max)],
                RGBColor(0x80, 0x80, 0x80).stroke_width(1),
            )))
            .map_err(err)?;
        chart
            .draw_series(std::iter::once(Text::new(
                match lang {
                    Lang::Zh => format!(" 分割 {}", date(b.split, lang)),
                    Lang::En => format!(" split {}", date(b.split, lang)),
                },
                (split, y_max * 0.97),
                (FONT, 13)
                    .into_font()
                    .color(&RGBColor(0x59, 0x59, 0x59))
                    .pos(Pos::new(HPos::Left, VPos::Top)),
            )))
            .map_err(err)?;
        for p in &b.tracking {
            let (x, y) = chart.backend_coord(&(days(p.date), p.actual));
            let title = match lang {
                Lang::Zh => format!(
                    "截至 {}：实际 {} 次，预测 {} 次",
                    date(p.date, lang),
                    group(p.actual, 0),
                    group(p.predicted, 0)
                ),
                Lang::En => format!(
                    "to {}: {} actual, {} predicted",
                    date(p.date, lang),
                    group(p.actual, 0),
                    group(p.predicted, 0)
                ),
            };
            hovers.push(Hover::Dot { x, y, title });
        }
        Ok(())
    })
}

/// Mean holdout purchases by calibration repeat purchases, actual and predicted.
///
/// # Errors
/// A drawing failure.
pub fn calibration(b: &Backtest, lang: Lang) -> Result<String, ChartError> {
    let label = bucket_label;
    let y_max = b
        .buckets
        .iter()
        .map(|k| k.actual.max(k.predicted))
        .fold(0.5f64, f64::max)
        * 1.15;
    let n = (TOP_BUCKET + 1) as f64;
    svg_chart(|root, hovers| {
        let mut chart = ChartBuilder::on(root)
            .caption(
                lang.pick(
                    "模型检验：按校准期复购次数的预测期平均复购",
                    "Model check: holdout purchases by calibration purchases",
                ),
                (FONT, 20),
            )
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(52)
            .build_cartesian_2d(-0.5f64..n - 0.5, 0f64..y_max)
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_desc(lang.pick(
                "校准期复购次数（人数）",
                "Repeat purchases before the split (customers)",
            ))
            .y_desc(lang.pick("预测期平均复购次数", "Mean holdout purchases"))
            .x_labels(TOP_BUCKET as usize + 1)
            .x_label_formatter(&|v| {
                let k = v.round();
                match b.buckets.iter().find(|x| f64::from(x.purchases) == k) {
                    Some(x) if (v - k).abs() < 0.01 => format!("{} ({})", label(x.purchases), x.customers),
                    _ if (v - k).abs() < 0.01 && k >= 0.0 => label(k as u32),
                    _ => String::new(),
                }
            })
            .y_label_formatter(&|v| format!("{v:.1}"))
            .label_style((FONT, 12))
            .axis_desc_style((FONT, 14))
            .light_line_style(WHITE)
            .draw()
            .map_err(err)?;
        let points = |f: fn(&crate::clv::CalibrationBucket) -> f64| -> Vec<(f64, f64)> {
            b.buckets.iter().map(|k| (f64::from(k.purchases), f(k))).collect()
        };
        actual_and_predicted(&mut chart, points(|k| k.actual), points(|k| k.predicted), true, lang)?;
        for k in &b.buckets {
            let (x, y) = chart.backend_coord(&(f64::from(k.purchases), k.actual));
            let title = match lang {
                Lang::Zh => format!(
                    "校准期复购 {} 次的 {} 位客户：预测期平均实际 {:.2} 次，预测 {:.2} 次",
                    label(k.purchases),
                    k.customers,
                    k.actual,
                    k.predicted
                ),
                Lang::En => format!(
                    "{} customers with {} repeat purchases before the split: {:.2} actual, {:.2} predicted on average",
                    k.customers,
                    label(k.purchases),
                    k.actual,
                    k.predicted
                ),
            };
            hovers.push(Hover::Dot { x, y, title });
        }
        Ok(())
    })
}
