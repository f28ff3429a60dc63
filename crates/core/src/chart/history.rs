//! Charts of tier history, drawn with plotters as SVG like the dashboard's: the
//! migration flow between two runs (bands from the earlier tiers to the later
//! ones, as wide as the customers that moved, with new customers entering and
//! lost ones leaving) and the per-tier trend over every period.
//!
//! Hover: every band and point carries an SVG `<title>`, as in [`crate::chart`].

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{err, svg_chart, tier_color, ChartError, Hover, FONT};
use crate::format::money;
use crate::history::Comparison;
pub use crate::history::TrendPoint;
use crate::tiering::Tier;
use crate::Lang;

const NEW: RGBColor = RGBColor(0x38, 0x8E, 0x3C);
const LOST: RGBColor = RGBColor(0xB7, 0x1C, 0x1C);

/// A node of the flow: a tier, or new/lost customers.
struct Node {
    name: String,
    color: RGBColor,
    size: f64,
}

/// Where each node sits, (top, bottom) in 0..1 with 1 at the top, and the height
/// of one customer.
fn stack(nodes: &[Node], total: f64) -> (Vec<(f64, f64)>, f64) {
    const GAP: f64 = 0.04;
    let shown = nodes.iter().filter(|n| n.size > 0.0).count().max(1);
    let scale = (1.0 - GAP * (shown - 1) as f64) / total.max(1.0);
    let mut y = 1.0;
    let pos = nodes
        .iter()
        .map(|n| {
            let top = y;
            let bottom = top - n.size * scale;
            if n.size > 0.0 {
                y = bottom - GAP;
            }
            (top, bottom)
        })
        .collect();
    (pos, scale)
}

/// The migration flow from the earlier run (left) to the later one (right).
///
/// # Errors
/// A drawing failure.
pub fn flow(c: &Comparison, before: &str, after: &str, lang: Lang) -> Result<String, ChartError> {
    let cnt =
        |v: &[crate::history::Mover], f: &dyn Fn(&crate::history::Mover) -> bool| v.iter().filter(|m| f(m)).count();
    // bands[i][j]: customers from left node i (A, B, C, new) to right node j (A, B, C, lost).
    let mut bands = [[0usize; 4]; 4];
    for (i, row) in c.matrix.iter().enumerate() {
        for (j, cell) in row.iter().enumerate() {
            bands[i][j] = cell.customers;
        }
    }
    for t in Tier::ALL {
        bands[t.index()][3] = cnt(&c.lost, &|m| m.before == Some(t));
        bands[3][t.index()] = cnt(&c.new, &|m| m.after == Some(t));
    }
    let tier_node = |t: Tier, size: usize| Node {
        name: format!("{} {size}", t.label(lang)),
        color: tier_color(t),
        size: size as f64,
    };
    let left: Vec<Node> = Tier::ALL
        .iter()
        .map(|&t| tier_node(t, bands[t.index()].iter().sum()))
        .chain(std::iter::once(Node {
            name: format!("{} {}", lang.pick("新增", "new"), c.new.len()),
            color: NEW,
            size: c.new.len() as f64,
        }))
        .collect();
    let right: Vec<Node> = Tier::ALL
        .iter()
        .map(|&t| tier_node(t, bands.iter().map(|r| r[t.index()]).sum()))
        .chain(std::iter::once(Node {
            name: format!("{} {}", lang.pick("流失", "lost"), c.lost.len()),
            color: LOST,
            size: c.lost.len() as f64,
        }))
        .collect();
    let total: f64 = left.iter().map(|n| n.size).sum();
    let ((lpos, scale), (rpos, rscale)) = (stack(&left, total), stack(&right, total));
    let (x0, x1, x2, x3) = (24.0, 28.0, 72.0, 76.0);
    svg_chart(|root, hovers| {
        let caption = match lang {
            Lang::Zh => format!("客户迁移：{before} → {after}"),
            Lang::En => format!("Customer migration: {before} → {after}"),
        };
        let mut chart = ChartBuilder::on(root)
            .caption(caption, (FONT, 22))
            .margin(14)
            .build_cartesian_2d(0f64..100f64, -0.02f64..1.08f64)
            .map_err(err)?;
        let text = |s: String, x: f64, y: f64, h: HPos| {
            Text::new(
                s,
                (x, y),
                TextStyle::from((FONT, 14).into_font()).pos(Pos::new(h, VPos::Center)),
            )
        };
        chart
            .draw_series([
                text(before.to_string(), (x0 + x1) / 2.0, 1.05, HPos::Center),
                text(after.to_string(), (x2 + x3) / 2.0, 1.05, HPos::Center),
            ])
            .map_err(err)?;
        if total == 0.0 {
            chart
                .draw_series(std::iter::once(text(
                    lang.pick("两次分级都没有客户", "No customers in either run").into(),
                    50.0,
                    0.5,
                    HPos::Center,
                )))
                .map_err(err)?;
        }
        // Bands: stacked at the source by target, at the target by source.
        let mut out_y: Vec<f64> = lpos.iter().map(|p| p.0).collect();
        let mut in_y: Vec<f64> = rpos.iter().map(|p| p.0).collect();
        let mut in_offsets = [[0f64; 4]; 4];
        for j in 0..4 {
            for i in 0..4 {
                in_offsets[i][j] = in_y[j];
                in_y[j] -= bands[i][j] as f64 * rscale;
            }
        }
        for i in 0..4 {
            for j in 0..4 {
                let n = bands[i][j];
                if n == 0 {
                    continue;
                }
                let h_l = n as f64 * scale;
                let h_r = n as f64 * rscale;
                let (ls, rs) = (out_y[i], in_offsets[i][j]);
                out_y[i] -= h_l;
                const STEPS: usize = 24;
                let curve = |a: f64, b: f64| -> Vec<(f64, f64)> {
                    (0..=STEPS)
                        .map(|k| {
                            let t = k as f64 / STEPS as f64;
                            let s = t * t * (3.0 - 2.0 * t);
                            (x1 + (x2 - x1) * t, a + (b - a) * s)
                        })
                        .collect()
                };
                let mut pts = curve(ls, rs);
                pts.extend(curve(ls - h_l, rs - h_r).into_iter().rev());
                chart
                    .draw_series(std::iter::once(Polygon::new(
                        pts.clone(),
                        left[i].color.mix(0.42).filled(),
                    )))
                    .map_err(err)?;
                let title = match lang {
                    Lang::Zh => format!("{} → {}：{n} 位客户", node_word(i, lang), node_word_right(j, lang)),
                    Lang::En => format!("{} → {}: {n} customers", node_word(i, lang), node_word_right(j, lang)),
                } + &band_sales(c, i, j, lang);
                hovers.push(Hover::Polygon {
                    points: pts.iter().map(|p| chart.backend_coord(p)).collect(),
                    title,
                });
            }
        }
        for (nodes, pos, (a, b), h, lx) in [
            (&left, &lpos, (x0, x1), HPos::Right, x0 - 1.0),
            (&right, &rpos, (x2, x3), HPos::Left, x3 + 1.0),
        ] {
            for (n, &(top, bottom)) in nodes.iter().zip(pos.iter()) {
                if n.size == 0.0 {
                    continue;
                }
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(a, top), (b, bottom)],
                        n.color.filled(),
                    )))
                    .map_err(err)?;
                chart
                    .draw_series(std::iter::once(text(n.name.clone(), lx, (top + bottom) / 2.0, h)))
                    .map_err(err)?;
            }
        }
        Ok(())
    })
}

fn node_word(i: usize, lang: Lang) -> String {
    Tier::ALL
        .get(i)
        .map_or_else(|| lang.pick("新增", "new").to_string(), |t| t.label(lang).to_string())
}

fn node_word_right(j: usize, lang: Lang) -> String {
    Tier::ALL
        .get(j)
        .map_or_else(|| lang.pick("流失", "lost").to_string(), |t| t.label(lang).to_string())
}

/// The sales a band carried, before → after (for tier-to-tier bands).
fn band_sales(c: &Comparison, i: usize, j: usize, lang: Lang) -> String {
    match (c.matrix.get(i).and_then(|r| r.get(j)), lang) {
        (Some(cell), Lang::Zh) => format!(
            "，销售额 {} → {}",
            money(cell.sales_before, lang),
            money(cell.sales_after, lang)
        ),
        (Some(cell), Lang::En) => format!(
            ", sales {} → {}",
            money(cell.sales_before, lang),
            money(cell.sales_after, lang)
        ),
        (None, _) => String::new(),
    }
}

/// Customers per tier over every period, one line per tier.
///
/// # Errors
/// A drawing failure.
pub fn trend(points: &[TrendPoint], lang: Lang) -> Result<String, ChartError> {
    let n = points.len().max(1);
    let max = points.iter().flat_map(|p| p.customers).max().unwrap_or(1).max(1) as f64;
    svg_chart(|root, hovers| {
        let mut chart = ChartBuilder::on(root)
            .caption(
                lang.pick("各等级客户数趋势", "Customers per tier over time"),
                (FONT, 22),
            )
            .margin(14)
            .x_label_area_size(36)
            .y_label_area_size(48)
            .build_cartesian_2d((0..n - 1).into_segmented(), 0f64..max * 1.35)
            .map_err(err)?;
        let labels: Vec<String> = points.iter().map(|p| p.label.clone()).collect();
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(n)
            .x_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => labels.get(*i).cloned().unwrap_or_default(),
                SegmentValue::Last => String::new(),
            })
            .y_desc(lang.pick("客户数", "customers"))
            .y_label_formatter(&|v| format!("{v:.0}"))
            .label_style((FONT, 13))
            .axis_desc_style((FONT, 14))
            .light_line_style(WHITE)
            .draw()
            .map_err(err)?;
        for t in Tier::ALL {
            let color = tier_color(t);
            let series: Vec<(SegmentValue<usize>, f64)> = points
                .iter()
                .enumerate()
                .map(|(i, p)| (SegmentValue::CenterOf(i), p.customers[t.index()] as f64))
                .collect();
            chart
                .draw_series(LineSeries::new(series.clone(), color.stroke_width(3)))
                .map_err(err)?
                .label(t.label(lang))
                .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 16, y + 5)], color.filled()));
            chart
                .draw_series(series.iter().map(|p| Circle::new(p.clone(), 5, color.filled())))
                .map_err(err)?;
            for (i, p) in points.iter().enumerate() {
                let (x, y) = chart.backend_coord(&(SegmentValue::CenterOf(i), p.customers[t.index()] as f64));
                let k = p.customers[t.index()];
                let sales = money(p.sales[t.index()], lang);
                let title = match lang {
                    Lang::Zh => format!("{} {}：{k} 位客户，销售额 {sales}", p.label, t.label(lang)),
                    Lang::En => format!("{} tier {}: {k} customers, sales {sales}", p.label, t.label(lang)),
                };
                hovers.push(Hover::Dot { x, y, title });
            }
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .label_font((FONT, 13))
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.3))
            .draw()
            .map_err(err)?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::{MatrixCell, Mover};

    fn mover(id: &str, before: Option<Tier>, after: Option<Tier>) -> Mover {
        Mover {
            id: id.into(),
            name: id.into(),
            before,
            after,
            sales_before: 1.0,
            sales_after: 2.0,
        }
    }

    #[test]
    fn the_flow_has_one_band_per_nonempty_move_with_its_count_on_hover() {
        let mut c = Comparison {
            matrix: [[MatrixCell::default(); 3]; 3],
            upgraded: vec![],
            downgraded: vec![],
            new: vec![mover("N1", None, Some(Tier::C))],
            lost: vec![mover("L1", Some(Tier::B), None), mover("L2", Some(Tier::B), None)],
            rising_stars: vec![],
            slipping: vec![],
        };
        c.matrix[0][0].customers = 3;
        c.matrix[1][0].customers = 1;
        c.matrix[2][2].customers = 5;
        let svg = flow(&c, "2024年", "2025年", Lang::Zh).unwrap();
        assert_eq!(
            svg.matches("<polygon").count(),
            2 * 5,
            "5 bands, each drawn and hoverable"
        );
        assert!(svg.contains("B类客户 → A类客户：1 位客户"));
        assert!(svg.contains("B类客户 → 流失：2 位客户"));
        assert!(svg.contains("新增 → C类客户：1 位客户"));
        assert!(svg.contains("2024年") && svg.contains("2025年"));
    }

    #[test]
    fn the_trend_has_a_hover_point_per_tier_and_period() {
        let p = |l: &str, a: usize| TrendPoint {
            label: l.into(),
            customers: [a, 10, 30],
            sales: [1e6, 2e5, 5e4],
        };
        let svg = trend(&[p("2023年", 4), p("2024年", 5), p("2025年", 7)], Lang::Zh).unwrap();
        assert_eq!(svg.matches("<title>").count(), 9);
        assert!(svg.contains("2025年 A类客户：7 位客户"));
        assert!(svg.contains("2024年\n</text>"), "period labels on the axis");
        let one = trend(&[p("2025年", 7)], Lang::En).unwrap();
        assert_eq!(one.matches("<title>").count(), 3);
    }
}
