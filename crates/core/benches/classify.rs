//! Benchmark of the whole `classify` flow on a 1,000,000-line ledger with 50,000
//! customers (Pareto-like spending, shared strings as Excel writes them):
//! import → tiers → export, plus the export of the 50,000-customer table alone.
//!
//! `cargo bench -p tierbook-core --bench classify` — the ledger is generated once
//! under `target/bench-data/`. Each measurement runs in a fresh child process so
//! the peak resident memory (VmHWM) is that run's own. Targets on a 2-core
//! machine: ≤ 2.0 s and ≤ 200 MB for the 1M-line ledger; export ≤ 0.5 s.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use tierbook_core::CheckedPolicy;
use tierbook_core::{export, Lang, Quiet};

const LINES: usize = 1_000_000;
const CUSTOMERS: usize = 50_000;
const RUNS: usize = 3;

fn data_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("bench-data")
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

/// One measured run, in this (child) process. Prints `phase seconds peak_mb`.
fn child(ledger: &Path, out: &Path) {
    let policy = CheckedPolicy::default();
    let t0 = Instant::now();
    let (report, table) = tierbook_core::run(ledger, &policy, &mut Quiet).expect("the bench ledger imports");
    let t_import = t0.elapsed().as_secs_f64();
    if std::env::var_os("TIERBOOK_BENCH_VERBOSE").is_some() {
        eprintln!("peak after import and tiering: {:.1} MB", peak_rss_mb());
    }
    let t1 = Instant::now();
    export::write_workbook(out, &table, &report, Lang::Zh).expect("the export is written");
    let t_export = t1.elapsed().as_secs_f64();
    let total = t0.elapsed().as_secs_f64();
    assert_eq!(report.imported() as usize, LINES);
    println!(
        "{total:.3} {t_import:.3} {t_export:.3} {:.1} {}",
        peak_rss_mb(),
        table.len()
    );
}

fn main() {
    let dir = data_dir();
    std::fs::create_dir_all(&dir).expect("bench data folder");
    let ledger = dir.join("ledger-1m-50k.xlsx");
    let out = dir.join("ledger-1m-50k-tiers.xlsx");
    if std::env::var_os("TIERBOOK_BENCH_CHILD").is_some() {
        child(&ledger, &out);
        return;
    }
    if !ledger.exists() {
        eprintln!(
            "generating {} ({LINES} lines, {CUSTOMERS} customers)…",
            ledger.display()
        );
        let t = Instant::now();
        tierbook_testdata::write_large_ledger(&ledger, LINES, CUSTOMERS).expect("bench ledger written");
        eprintln!("generated in {:.1} s", t.elapsed().as_secs_f64());
    }
    let size = std::fs::metadata(&ledger).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
    println!("ledger: {} ({size:.1} MB, {LINES} lines)", ledger.display());
    let exe = std::env::current_exe().expect("own path");
    let mut runs = Vec::new();
    for _ in 0..RUNS {
        let o = Command::new(&exe)
            .env("TIERBOOK_BENCH_CHILD", "1")
            .output()
            .expect("child runs");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let line = String::from_utf8_lossy(&o.stdout).trim().to_string();
        let v: Vec<f64> = line.split_whitespace().map(|x| x.parse().unwrap_or(f64::NAN)).collect();
        println!(
            "run: total {:.3} s (import+tier {:.3} s, export {:.3} s), peak {:.1} MB, {} customers",
            v[0], v[1], v[2], v[3], v[4]
        );
        runs.push(v);
    }
    runs.sort_by(|a, b| a[0].total_cmp(&b[0]));
    let m = &runs[runs.len() / 2];
    println!(
        "median: classify 1M lines {:.3} s (target ≤ 2.0 s), peak memory {:.1} MB (target ≤ 200 MB), export of {} customers {:.3} s (target ≤ 0.5 s)",
        m[0], m[3], m[4], m[2]
    );
}
