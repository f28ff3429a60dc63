//! The PostgreSQL test server the team-workspace tests run against: its
//! address comes from `TIERBOOK_TEST_PG` (which `scripts/test.sh` sets after
//! starting one with `scripts/pg.sh`); each test takes a fresh database on it.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The test server's address, or a panic that says how to start one.
pub fn test_server() -> String {
    std::env::var("TIERBOOK_TEST_PG").unwrap_or_else(|_| {
        panic!(
            "the team-workspace tests need a PostgreSQL test server: start one with \
             `export TIERBOOK_TEST_PG=$(bash scripts/pg.sh start)` (scripts/test.sh does)"
        )
    })
}

/// A new, empty database on the test server, and its address.
pub fn fresh_database() -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let admin = test_server();
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_micros() % 1_000_000_000)
        .unwrap_or(0);
    let name = format!(
        "tb_{}_{}_{stamp}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    postgres::Client::connect(&admin, postgres::NoTls)
        .and_then(|mut c| c.batch_execute(&format!("CREATE DATABASE {name}")))
        .unwrap_or_else(|e| panic!("cannot create a test database on {admin}: {e}"));
    let (base, _) = admin.rsplit_once('/').expect("a server address ends with /database");
    format!("{base}/{name}")
}
