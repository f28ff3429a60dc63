//! The importer over arbitrary bytes: whatever a file holds (xlsx, xls, ods,
//! csv, html, xml or garbage), importing and tiering it either succeeds with
//! rows that add up or fails with an error — never a panic, never a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The importer turns panics inside third-party readers into errors (the app
    // unwinds); let them unwind here too, so only a panic that escapes counts.
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let dir = tempfile::tempdir().expect("a temporary folder");
    // The extension does not matter: formats are told by content.
    let path = dir.path().join("ledger.xlsx");
    std::fs::write(&path, data).expect("the input is written");
    if let Ok((report, table)) = tierbook_core::run(&path, &tierbook_core::TierPolicy::default(), &mut tierbook_core::Quiet) {
        assert!(report.adds_up(), "rows do not add up: {report:?}");
        let imported: f64 = table.metrics.customers.iter().map(|c| c.sales).sum();
        assert!(
            (imported - report.imported_amount).abs() <= 1e-6 * (1.0 + report.imported_amount.abs()) || !imported.is_finite(),
            "sales {imported} vs imported {}",
            report.imported_amount
        );
    }
});
