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

#[test]
fn the_model_check_charts_mark_the_split_and_show_actual_against_predicted() {
    use tierbook_core::clv::ModelCheck;
    let (_, table) = run(&sample("2025销售台账.xlsx"), &TierPolicy::default());
    let Some(ModelCheck::Done(b)) = &table.metrics.model_check else {
        panic!("{:?}", table.metrics.model_check);
    };
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/chart-check");
    std::fs::create_dir_all(&dir).unwrap();
    for lang in [Lang::Zh, Lang::En] {
        let tracking = tierbook_core::chart::model::tracking(b, lang).unwrap();
        let calibration = tierbook_core::chart::model::calibration(b, lang).unwrap();
        for svg in [&tracking, &calibration] {
            assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        }
        let (split, actual, predicted) = match lang {
            Lang::Zh => ("分割 2025年8月30日", "实际", "预测"),
            Lang::En => ("split", "Actual", "Predicted"),
        };
        assert!(tracking.contains(split), "the split is marked");
        assert!(tracking.contains(actual) && tracking.contains(predicted), "legend");
        assert_eq!(
            tracking.matches("<title>").count(),
            b.tracking.len(),
            "a tooltip per week"
        );
        assert_eq!(calibration.matches("<title>").count(), b.buckets.len());
        std::fs::write(dir.join(format!("tracking-{lang:?}.svg")), &tracking).unwrap();
        std::fs::write(dir.join(format!("calibration-{lang:?}.svg")), &calibration).unwrap();
    }
}
