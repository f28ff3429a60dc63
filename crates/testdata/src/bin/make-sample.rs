//! Regenerates the bundled sample ledgers in `samples/`:
//! `cargo run -p tierbook-testdata --bin make-sample`.
//! With `--large PATH LINES CUSTOMERS` it writes a large ledger instead (for
//! trying the app on 50,000 customers).

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--large") {
        let usage = "usage: make-sample --large PATH LINES CUSTOMERS";
        let path = args.get(1).ok_or(usage)?;
        let lines: usize = args.get(2).ok_or(usage)?.parse()?;
        let customers: usize = args.get(3).ok_or(usage)?.parse()?;
        tierbook_testdata::write_large_ledger(path.as_ref(), lines, customers)?;
        println!("written {path}");
        return Ok(());
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
    std::fs::create_dir_all(&dir)?;
    tierbook_testdata::write_sample_ledger(&dir.join("2025销售台账.xlsx"))?;
    tierbook_testdata::write_summary_ledger(&dir.join("客户汇总.xlsx"))?;
    tierbook_testdata::write_previous_ledger(&dir.join("2024销售台账.xlsx"))?;
    println!("written to {}", dir.canonicalize()?.display());
    Ok(())
}
