//! Regenerates the bundled sample ledgers in `samples/`:
//! `cargo run -p tierbook-testdata --bin make-sample`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
    std::fs::create_dir_all(&dir)?;
    tierbook_testdata::write_sample_ledger(&dir.join("2025销售台账.xlsx"))?;
    tierbook_testdata::write_summary_ledger(&dir.join("客户汇总.xlsx"))?;
    println!("written to {}", dir.canonicalize()?.display());
    Ok(())
}
