//! Writes the dashboard charts of a ledger as SVG files, to look at them:
//! `cargo run -p tierbook-core --example charts_svg -- samples/2025销售台账.xlsx out/`
use tierbook_core::{chart, CheckedPolicy, Lang, Quiet};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let ledger = args.next().ok_or("usage: charts_svg LEDGER OUT_DIR")?;
    let out = std::path::PathBuf::from(args.next().ok_or("usage: charts_svg LEDGER OUT_DIR")?);
    std::fs::create_dir_all(&out)?;
    let (_, table) =
        tierbook_core::run(ledger.as_ref(), &CheckedPolicy::default(), &mut Quiet).map_err(|e| e.message(Lang::En))?;
    let set = chart::charts(&table, Lang::Zh)?;
    for (name, svg) in [
        ("pareto", &set.pareto),
        ("pyramid", &set.pyramid),
        ("shares", &set.shares),
        ("distribution", &set.distribution),
        ("rfm", &tierbook_core::chart::rfm::heatmap(&table, false, Lang::Zh)?),
        (
            "matrix",
            &tierbook_core::chart::lens::value_matrix_scatter(&table, Lang::Zh)?,
        ),
    ] {
        std::fs::write(out.join(format!("{name}.svg")), svg)?;
    }
    if let Some(svg) = tierbook_core::chart::lens::clv_scatter(&table, Lang::Zh)? {
        std::fs::write(out.join("clv.svg"), svg)?;
    }
    Ok(())
}
