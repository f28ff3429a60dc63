//! Benchmark of the workspace: storing the transactions of the 1,000,000-line
//! ledger (the same generated file as the classify bench) and re-tiering from the
//! store with another method, without reading the workbook again. Targets on a
//! 2-core machine: ≤ 3 s to store, ≤ 0.5 s to re-tier. Also prints the workspace
//! file size. Then the app's import (the use-case: store and aggregate in one
//! pass, then tier), to set beside the classify bench: target ≤ 1.5× the CLI's
//! whole job. `cargo bench -p tierbook-core --bench store`.
//!
//! With `TIERBOOK_BENCH_PG=postgres://user@host/db` (a server the bench may
//! create a database on), the same ledger goes into a team workspace too:
//! targets ≤ 6 s to import (COPY) and ≤ 1 s to re-tier from the server.

use std::path::{Path, PathBuf};
use std::time::Instant;

use tierbook_core::store::Workspace;
use tierbook_core::tiering::policy::Method;
use tierbook_core::CheckedPolicy;
use tierbook_core::{usecase, Lang, Period, Quiet};

fn data_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("bench-data")
}

fn main() {
    let dir = data_dir();
    std::fs::create_dir_all(&dir).expect("bench data folder");
    let ledger = dir.join("ledger-1m-50k.xlsx");
    if !ledger.exists() {
        eprintln!("generating {}…", ledger.display());
        tierbook_testdata::write_large_ledger(&ledger, 1_000_000, 50_000).expect("bench ledger written");
    }
    let db = dir.join("bench.tierbook");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let mut ws = Workspace::open(&db).expect("workspace");
    let t = Instant::now();
    let imported = ws.import(&ledger, &Default::default(), &mut Quiet).expect("import");
    let store = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let (_, first) = ws
        .run(
            imported.ledger.id,
            "abc-rank",
            Period::default(),
            &CheckedPolicy::default(),
        )
        .expect("run");
    let first_run = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let (_, table) = ws
        .run(
            imported.ledger.id,
            "abc-value",
            Period::default(),
            &CheckedPolicy::preset(Method::AbcValue),
        )
        .expect("re-tier");
    let retier = t.elapsed().as_secs_f64();
    drop(ws);
    let size: u64 = ["", "-wal"]
        .iter()
        .filter_map(|s| std::fs::metadata(format!("{}{s}", db.display())).ok())
        .map(|m| m.len())
        .sum();
    println!(
        "store 1M lines (read xlsx + insert): {store:.3} s (target ≤ 3 s); first run {first_run:.3} s; re-tier from the store with another method: {retier:.3} s (target ≤ 0.5 s); {} customers; workspace {:.1} MB",
        table.len(),
        size as f64 / 1e6
    );
    assert_eq!(first.len(), table.len());

    // The app's import: one pass that stores the rows and aggregates them
    // (the use-case the window calls), into a fresh workspace.
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let mut ws = Workspace::open(&db).expect("workspace");
    let t = Instant::now();
    let tiered = usecase::import_and_tier(
        &ledger,
        &CheckedPolicy::default(),
        Some(&mut ws),
        None,
        &mut Quiet,
        Lang::Zh,
    )
    .expect("the app's import");
    let app = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let (_, _, reopened) = ws.open_run(tiered.run.expect("a saved run").id).expect("reopen");
    let reopen = t.elapsed().as_secs_f64();
    println!(
        "the app's import into a workspace (read + store + tier, one pass): {app:.3} s; reopening the run {reopen:.3} s; {} customers",
        tiered.table.len()
    );
    assert_eq!(reopened.len(), tiered.table.len());

    if let Ok(admin) = std::env::var("TIERBOOK_BENCH_PG") {
        team(&admin, &ledger);
    }
}

/// The 1M-line ledger into a team workspace on PostgreSQL, then re-tiered.
fn team(admin: &str, ledger: &Path) {
    let mut c = postgres::Client::connect(admin, postgres::NoTls).expect("the bench server");
    c.batch_execute("DROP DATABASE IF EXISTS tierbook_bench").expect("drop");
    c.batch_execute("CREATE DATABASE tierbook_bench").expect("create");
    let url = format!("{}/tierbook_bench", admin.rsplit_once('/').expect("…/db").0);
    let mut ws = Workspace::connect(&url).expect("team workspace");
    let t = Instant::now();
    let imported = ws.import(ledger, &Default::default(), &mut Quiet).expect("import");
    let import = t.elapsed().as_secs_f64();
    let t = Instant::now();
    ws.run(
        imported.ledger.id,
        "abc-value",
        Period::default(),
        &CheckedPolicy::preset(Method::AbcValue),
    )
    .expect("re-tier");
    let retier = t.elapsed().as_secs_f64();
    // Cold: every row read back from the server (the cache emptied first).
    postgres::Client::connect(&url, postgres::NoTls)
        .and_then(|mut c| c.batch_execute("DELETE FROM metrics_cache"))
        .expect("empty the cache");
    let t = Instant::now();
    let (_, cold) = ws
        .run(imported.ledger.id, "cold", Period::default(), &CheckedPolicy::default())
        .expect("cold re-tier");
    let cold_time = t.elapsed().as_secs_f64();
    println!(
        "team workspace (PostgreSQL): import 1M lines (read xlsx + COPY) {import:.3} s (target ≤ 6 s); re-tier with another method {retier:.3} s (target ≤ 1 s); re-tier with every row read back from the server {cold_time:.3} s; {} customers",
        cold.len()
    );

    // With an account manager: every run keeps each customer's row for them.
    // The bench ledger has no 业务员 column: a sixth of the customers get
    // them as 客户经理 in their records.
    postgres::Client::connect(&url, postgres::NoTls)
        .and_then(|mut c| {
            c.batch_execute(
                "INSERT INTO customer (id, name, manager) SELECT DISTINCT customer, customer, '王建国' FROM run_result WHERE abs(hashtext(customer)) % 6 = 0",
            )
        })
        .expect("records");
    ws.team_setup().expect("roles");
    c.batch_execute("DROP ROLE IF EXISTS tierbook_bench_am")
        .expect("drop role");
    let t = Instant::now();
    ws.add_account_manager("tierbook_bench_am", "pw", "王建国")
        .expect("account manager");
    let keep = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let (run, _) = ws
        .run(
            imported.ledger.id,
            "shared",
            Period::default(),
            &CheckedPolicy::preset(Method::Share),
        )
        .expect("re-tier with account managers");
    let shared = t.elapsed().as_secs_f64();
    let manager_url = url.replacen("postgres@", "tierbook_bench_am@", 1);
    let manager = Workspace::connect_as(&manager_url, Some("pw")).expect("the account manager");
    let t = Instant::now();
    let (_, _, theirs) = manager.open_run(run.id).expect("their run");
    let open = t.elapsed().as_secs_f64();
    println!(
        "  with an account manager: keeping the 3 earlier runs for them {keep:.3} s; re-tier {shared:.3} s; the manager opens a run of their {} customers in {open:.3} s",
        theirs.len()
    );
    drop(manager);
    c.batch_execute("DROP DATABASE IF EXISTS tierbook_bench WITH (FORCE)")
        .ok();
    c.batch_execute("DROP ROLE IF EXISTS tierbook_bench_am").ok();
}
