//! The dashboard charts: valid SVG with the tier cut lines and hover titles.

mod common;

use common::*;
use tierbook_core::{chart, Lang, TierPolicy};

#[test]
fn the_pareto_curve_marks_where_tiers_a_and_b_end_and_names_customers_on_hover() {
    let (_, table) = run(&sample("2025销售台账.xlsx"), &TierPolicy::default());
    let set = chart::charts(&table, Lang::Zh).unwrap();
    for svg in [&set.pareto, &set.pyramid, &set.shares, &set.distribution] {
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    }
    assert!(
        set.pareto.contains("A类 |") && set.pareto.contains("B类 |"),
        "cut lines are labelled"
    );
    let top = &table.metrics.customers[0];
    assert!(
        set.pareto.contains(&format!("第1名 {} {}", top.id, top.name)),
        "the top customer shows on hover"
    );
    assert_eq!(
        set.pareto.matches("<title>").count(),
        table.len(),
        "one tooltip per customer"
    );
    assert!(set.pyramid.contains("A类客户 核心客户"));
    assert!(set.shares.contains("利润"));
    let en = chart::charts(&table, Lang::En).unwrap();
    assert!(en.distribution.contains("Distribution of sales"));
}
