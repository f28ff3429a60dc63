//! Builders for small fixture ledgers, written with rust_xlsxwriter or as text, so
//! each test states its ledger in full beside its assertions.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use tierbook_core::{CheckedPolicy, ImportReport, Quiet, TierPolicy, TierTable};

/// A fixture cell.
#[derive(Clone, Debug)]
pub enum C {
    /// Text.
    S(&'static str),
    /// Owned text.
    T(String),
    /// Number.
    N(f64),
    /// A date cell (y, m, d), formatted as a date.
    D(u16, u8, u8),
    /// Empty.
    E,
}

/// Writes an xlsx with the given sheets of rows.
pub fn xlsx(path: &Path, sheets: &[(&str, Vec<Vec<C>>)]) {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    C::S(s) => {
                        ws.write_string(r, c, *s).unwrap();
                    }
                    C::T(s) => {
                        ws.write_string(r, c, s).unwrap();
                    }
                    C::N(n) => {
                        ws.write_number(r, c, *n).unwrap();
                    }
                    C::D(y, m, d) => {
                        let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                        ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
                    }
                    C::E => {}
                }
            }
        }
    }
    wb.save(path).unwrap();
}

/// A fresh temporary folder.
pub fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// The repository's bundled sample ledger.
pub fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples").join(name)
}

/// A committed fixture.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Imports and tiers with a policy, checked first as an adapter checks it.
pub fn run(path: &Path, policy: &TierPolicy) -> (ImportReport, TierTable) {
    let policy = checked(policy);
    tierbook_core::run(path, &policy, &mut Quiet)
        .unwrap_or_else(|e| panic!("{}: {}", e.code(), e.message(tierbook_core::Lang::En)))
}

/// A policy a test built, checked (it must be valid).
pub fn checked(policy: &TierPolicy) -> CheckedPolicy {
    policy
        .clone()
        .check()
        .unwrap_or_else(|e| panic!("{}", e.message(tierbook_core::Lang::En)))
}

/// The import error code for a file.
pub fn error_code(path: &Path) -> (String, String) {
    match tierbook_core::run(path, &CheckedPolicy::default(), &mut Quiet) {
        Ok(_) => panic!("{} imported, but an error was expected", path.display()),
        Err(e) => (e.code().to_string(), e.message(tierbook_core::Lang::Zh)),
    }
}

/// A customer's sales from a table.
pub fn sales(t: &TierTable, id: &str) -> f64 {
    t.metrics
        .customers
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no customer {id}"))
        .sales
}

/// A customer's tier.
pub fn tier(t: &TierTable, id: &str) -> tierbook_core::Tier {
    let i = t
        .metrics
        .customers
        .iter()
        .position(|c| c.id == id)
        .unwrap_or_else(|| panic!("no customer {id}"));
    t.assignments[i].tier
}

/// A year's ledger (2025) whose customers each show one lens: 大户 (mature,
/// paid up), 欠款户 (half unpaid since January), 逾期户 (a little unpaid since
/// March), 近欠户 (half unpaid, from December), 薄利户 (big, 2% margin),
/// 新客户, 沉睡户 (spring only), 成长户 (since August), 减少户 (buying less
/// and less), 突击户 (two bursts a year).
pub fn lens_ledger(dir: &Path) -> PathBuf {
    let csv = dir.join("lens.csv");
    // Period 2025-01-01 … 2025-12-31 (the last row's date).
    let mut rows = String::from("客户编号,日期,金额,毛利,应收余额\n");
    // 大户: monthly all year, good margin, paid up → mature, no flag.
    for m in 1..=12 {
        rows.push_str(&format!("大户,2025-{m:02}-10,10000,2500,0\n"));
    }
    // 欠款户: big, monthly, but half the sales unpaid → large arrears.
    for m in 1..=12 {
        rows.push_str(&format!("欠款户,2025-{m:02}-12,10000,2000,5000\n"));
    }
    // 薄利户: big buyer at a 2% margin → low margin.
    for m in 1..=12 {
        rows.push_str(&format!("薄利户,2025-{m:02}-14,9000,180,0\n"));
    }
    // 逾期户: a small share unpaid, but since March → overdue only.
    for m in 1..=12 {
        let unpaid = if m == 3 { 3000 } else { 0 };
        rows.push_str(&format!("逾期户,2025-{m:02}-15,2000,400,{unpaid}\n"));
    }
    // 近欠户: half unpaid, all of it from a sale eleven days before the end → large arrears only.
    for m in 1..=12 {
        let (amount, unpaid) = if m == 12 { (6000, 6000) } else { (600, 0) };
        rows.push_str(&format!("近欠户,2025-{m:02}-20,{amount},{},{unpaid}\n", amount / 5));
    }
    // 新客户: first bought three weeks before the end → exploration.
    rows.push_str("新客户,2025-12-10,800,200,0\n");
    // 沉睡户: bought in spring only → decline.
    rows.push_str("沉睡户,2025-02-01,900,200,0\n沉睡户,2025-04-01,900,200,0\n");
    // 成长户: three purchases since August → build-up.
    rows.push_str("成长户,2025-08-05,500,150,0\n成长户,2025-10-05,500,150,0\n成长户,2025-12-20,500,150,0\n");
    // 减少户: monthly in the first half, once since → purchases falling → decline.
    for m in 1..=6 {
        rows.push_str(&format!("减少户,2025-{m:02}-05,1000,200,0\n"));
    }
    rows.push_str("减少户,2025-11-20,1000,200,0\n");
    // 突击户: twelve purchases in two bursts, January and December → not steady, so not loyal.
    for d in 2..=7 {
        rows.push_str(&format!(
            "突击户,2025-01-{d:02},5000,1000,0\n突击户,2025-12-{d:02},5000,1000,0\n"
        ));
    }
    rows.push_str("大户,2025-12-31,10000,2500,0\n");
    std::fs::write(&csv, rows).unwrap();
    csv
}

/// A minimal xlsx package around one sheet's XML (and shared strings when
/// given), as other programs write them: for the scanner's differential tests
/// and for ledgers no rust_xlsxwriter call can make.
pub fn xlsx_package(path: &Path, sheet: &str, shared_strings: Option<&str>) {
    use std::io::Write;
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let o = zip::write::SimpleFileOptions::default();
    let sst_override = if shared_strings.is_some() {
        r#"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#
    } else {
        ""
    };
    let sst_rel = if shared_strings.is_some() {
        r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#
    } else {
        ""
    };
    let content_types = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>{sst_override}</Types>"#
    );
    let workbook_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>{sst_rel}</Relationships>"#
    );
    let mut parts: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string()),
        ("xl/_rels/workbook.xml.rels", workbook_rels),
        ("xl/worksheets/sheet1.xml", sheet.to_string()),
    ];
    if let Some(sst) = shared_strings {
        parts.push(("xl/sharedStrings.xml", sst.to_string()));
    }
    for (name, body) in parts {
        z.start_file(name, o).unwrap();
        z.write_all(body.as_bytes()).unwrap();
    }
    z.finish().unwrap();
}

/// Where a store test's workspace lives. The store's tests run on both
/// backends: a file in the test's folder and a fresh database on the test
/// server (`TIERBOOK_TEST_PG`, which `scripts/test.sh` starts).
pub enum Store {
    /// A workspace file.
    File(PathBuf),
    /// A database on the test server.
    Server(String),
}

impl Store {
    /// A file workspace in `dir` and a new database on the test server.
    pub fn both(dir: &Path) -> [Store; 2] {
        [Store::File(dir.join("ws.tierbook")), Store::Server(fresh_database())]
    }

    /// What the user would give to open it (a path or a server address).
    pub fn place(&self) -> String {
        match self {
            Store::File(p) => p.display().to_string(),
            Store::Server(url) => url.clone(),
        }
    }

    /// Opens it.
    pub fn open(&self) -> tierbook_core::store::Workspace {
        tierbook_core::store::Workspace::open_any(&self.place())
            .unwrap_or_else(|e| panic!("{}: {}", self.place(), e.message(tierbook_core::Lang::En)))
    }

    /// The single number a query returns, read past the workspace.
    pub fn count(&self, sql: &str) -> i64 {
        match self {
            Store::File(p) => rusqlite::Connection::open(p)
                .unwrap()
                .query_row(sql, [], |r| r.get(0))
                .unwrap(),
            Store::Server(url) => postgres::Client::connect(url, postgres::NoTls)
                .unwrap()
                .query_one(sql, &[])
                .unwrap()
                .get(0),
        }
    }

    /// Runs a statement past the workspace; the database's refusal as text.
    pub fn exec(&self, sql: &str) -> Result<(), String> {
        match self {
            Store::File(p) => rusqlite::Connection::open(p)
                .unwrap()
                .execute_batch(sql)
                .map_err(|e| e.to_string()),
            Store::Server(url) => postgres::Client::connect(url, postgres::NoTls)
                .unwrap()
                .batch_execute(sql)
                .map_err(|e| {
                    e.as_db_error()
                        .map_or_else(|| e.to_string(), |d| d.message().to_string())
                }),
        }
    }
}

pub use tierbook_testdata::server::fresh_database;

/// A server address for another user of the same database.
pub fn as_user(url: &str, user: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let (_, host) = rest.split_once('@').unwrap();
    format!("{scheme}://{user}@{host}")
}
