//! Importing real-shaped ledgers: every format, both shapes, messy cells, totals,
//! continuation sheets, and the promise that every row is accounted for.

mod common;

use chrono::NaiveDate;
use common::*;
use tierbook_core::ledger::{LedgerShape, SheetSkip, SkipReason};
use tierbook_core::tiering::policy::Method;
use tierbook_core::CheckedPolicy;
use tierbook_core::{import, Period, TierPolicy};

#[test]
fn sample_ledger_accounts_for_every_row_and_reconciles_both_sheets() {
    let (report, table) = run(&sample("2025销售台账.xlsx"), &TierPolicy::default());
    assert!(report.adds_up());
    assert_eq!(report.shape, LedgerShape::Transactions);
    assert_eq!(report.sheets.len(), 2, "销售明细 and 销售明细(续) are merged");
    assert_eq!(report.sheets[1].sheet, "销售明细(续)");
    assert_eq!(
        report.rows_read(),
        report.imported() + report.skipped() + report.totals() + report.blank() + report.preamble()
    );
    assert_eq!(report.skipped(), 1);
    // Row 205 has a name but no code: it takes the code that name has elsewhere.
    assert!(
        report
            .findings
            .contains(&tierbook_core::confidence::Finding::IdFromName { rows: 1 }),
        "{:?}",
        report.findings
    );
    assert!(matches!(&report.skipped_rows[0].reason, SkipReason::BadAmount { value, .. } if value == "待核实"));
    assert_eq!(report.skipped_rows[0].at.row, 310);
    assert_eq!(report.totals(), 14, "12 monthly subtotals and 2 sheet totals");
    assert_eq!(report.reconciliations.len(), 2);
    assert!(
        report.reconciliations.iter().all(|r| r.matches),
        "{:?}",
        report.reconciliations
    );
    assert_eq!(report.return_lines, 12);
    assert!(report
        .skipped_sheets
        .iter()
        .any(|s| s.sheet == "说明" && s.reason == SheetSkip::NotALedger));
    let imported: f64 = table.metrics.customers.iter().map(|c| c.sales).sum();
    assert!((imported - report.imported_amount).abs() < 0.01);
}

fn small_ledger() -> Vec<Vec<C>> {
    use C::*;
    vec![
        vec![S("测试台账")],
        vec![],
        vec![S("日期"), S("单号"), S("客户编号"), S("客户名称"), S("金额"), S("毛利")],
        vec![D(2025, 1, 5), S("SO1"), S("C1"), S("甲公司"), N(1000.0), N(200.0)],
        vec![D(2025, 2, 5), S("SO2"), S("C2"), S("乙公司"), N(500.0), N(100.0)],
        vec![D(2025, 3, 5), S("SO3"), S("C1"), S("甲公司"), N(300.0), N(60.0)],
        vec![D(2025, 3, 6), S("SO4"), S("C3"), S("丙公司"), N(200.0), N(20.0)],
        vec![S("合计"), E, E, E, N(2000.0), N(380.0)],
    ]
}

fn assert_small(path: &std::path::Path) {
    let (report, table) = run(path, &TierPolicy::default());
    assert!(report.adds_up(), "{report:?}");
    assert_eq!(report.imported(), 4, "{}", path.display());
    assert_eq!(report.totals(), 1);
    assert_eq!(report.sheets[0].header_row, 3);
    assert_eq!(sales(&table, "C1"), 1300.0);
    assert_eq!(sales(&table, "C2"), 500.0);
    let c1 = table.metrics.customers.iter().find(|c| c.id == "C1").unwrap();
    assert_eq!(c1.frequency, Some(2));
    assert_eq!(c1.profit, Some(260.0));
    assert_eq!(c1.first_purchase, NaiveDate::from_ymd_opt(2025, 1, 5));
    assert_eq!(c1.last_purchase, NaiveDate::from_ymd_opt(2025, 3, 5));
    assert!(report.reconciliations[0].matches);
}

#[test]
fn xlsx_xls_ods_and_1904_workbooks_give_the_same_customers() {
    let dir = tmp();
    let p = dir.path().join("generated.xlsx");
    xlsx(&p, &[("台账", small_ledger())]);
    assert_small(&p);
    for f in ["small.xlsx", "small.xlsm", "small.xls", "small.ods", "small-1904.xlsx"] {
        assert_small(&fixture(f));
    }
}

#[test]
fn the_format_is_sniffed_from_content_not_the_file_name() {
    let dir = tmp();
    let p = dir.path().join("really-a-workbook.csv");
    std::fs::copy(fixture("small.xls"), &p).unwrap();
    assert_small(&p);
    let q = dir.path().join("really-text.xlsx");
    std::fs::write(&q, "客户编号,金额\nC1,10\n").unwrap();
    let (report, _) = run(&q, &TierPolicy::default());
    assert!(report.format.starts_with("csv"));
}

const CSV: &str = "客户编号,客户名称,订单日期,销售额,毛利\nC1,甲公司,2025-01-05,\"1,000.00\",200\nC2,乙公司,2025/2/5,500,100\nC1,甲公司,2025年3月5日,300,60\n合计,,,\"1,800.00\",360\n";

#[test]
fn csv_in_utf8_bom_utf16_and_gbk_reads_the_same() {
    let dir = tmp();
    let mut variants: Vec<(&str, Vec<u8>)> = vec![("utf8.csv", CSV.as_bytes().to_vec())];
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(CSV.as_bytes());
    variants.push(("bom.csv", bom));
    let mut le = vec![0xFF, 0xFE];
    le.extend(CSV.encode_utf16().flat_map(|u| u.to_le_bytes()));
    variants.push(("utf16.csv", le));
    let (gbk, _, _) = encoding_rs::GBK.encode(CSV);
    variants.push(("gbk.csv", gbk.into_owned()));
    variants.push((
        "tab.txt",
        CSV.replace(",\"1,000.00\",", "\t1000\t")
            .replace(',', "\t")
            .into_bytes(),
    ));
    for (name, bytes) in variants {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let (report, table) = run(&p, &TierPolicy::default());
        assert!(report.adds_up(), "{name}");
        assert_eq!(report.imported(), 3, "{name}: {report:?}");
        assert_eq!(sales(&table, "C1"), 1300.0, "{name}");
        assert_eq!(table.metrics.customers[0].name, "甲公司", "{name}");
        assert_eq!(report.totals(), 1, "{name}");
    }
}

#[test]
fn messy_cells_are_read_and_bad_ones_reported_with_row_and_column() {
    use C::*;
    let dir = tmp();
    let p = dir.path().join("messy.xlsx");
    let rows = vec![
        vec![
            S("Customer ID"),
            S("Customer Name"),
            S("Order Date"),
            S("Sales"),
            S("Profit"),
        ],
        vec![S("C1"), S("Alpha"), S("2025-03-07"), S("¥1,234.50"), S("(100.00)")],
        vec![S("C1"), S("Alpha"), S("20250308"), S("１２３"), S("10")],
        vec![S("C2"), S("Beta"), N(45723.0), S("1.5万"), S("-1,234")],
        vec![],
        vec![S("C3"), S("Gamma"), S("yesterday"), N(10.0), N(1.0)],
        vec![S("C3"), S("Gamma"), S("2025-03-09"), S("n/a"), N(1.0)],
        vec![S("C3"), S("Gamma"), S("2025-03-09"), N(5.0), S("lots")],
        vec![E, E, S("2025-03-09"), N(5.0), N(1.0)],
        vec![S("C4"), S("Delta"), E, N(5.0), N(1.0)],
        vec![S("Grand Total"), E, E, N(17662.5), E],
    ];
    xlsx(&p, &[("Sheet1", rows)]);
    let (report, table) = run(&p, &TierPolicy::default());
    assert!(report.adds_up());
    assert_eq!(sales(&table, "C1"), 1357.5);
    assert_eq!(sales(&table, "C2"), 15000.0);
    assert_eq!(
        report.imported(),
        4,
        "a sale with an unreadable profit is imported without it"
    );
    assert_eq!(sales(&table, "C3"), 5.0);
    assert_eq!(
        table.metrics.customers.iter().find(|c| c.id == "C3").unwrap().profit,
        None
    );
    assert!(report
        .findings
        .contains(&tierbook_core::confidence::Finding::FieldUnreadable {
            sheet: "Sheet1".into(),
            row: 8,
            column: "Profit".into(),
            value: "lots".into(),
        }));
    assert_eq!(report.blank(), 1);
    let reasons: Vec<(u32, &SkipReason)> = report.skipped_rows.iter().map(|s| (s.at.row, &s.reason)).collect();
    assert_eq!(reasons.len(), 4);
    assert!(
        matches!(reasons[0], (6, SkipReason::BadDate { column, value }) if column == "Order Date" && value == "yesterday")
    );
    assert!(matches!(reasons[1], (7, SkipReason::BadAmount { value, .. }) if value == "n/a"));
    assert_eq!(reasons[2], (9, &SkipReason::MissingCustomer));
    assert_eq!(reasons[3], (10, &SkipReason::MissingDate));
    let r = &report.reconciliations[0];
    assert!(!r.matches, "the grand total includes rows that were skipped");
    assert_eq!(r.ledger_total, 17662.5);
}

#[test]
fn excel_subtotal_output_is_recognised_and_never_aggregated() {
    use C::*;
    let dir = tmp();
    let p = dir.path().join("subtotal.xlsx");
    let rows = vec![
        vec![S("客户名称"), S("日期"), S("金额")],
        vec![S("华东机电"), D(2025, 1, 1), N(100.0)],
        vec![S("华东机电"), D(2025, 1, 2), N(50.0)],
        vec![S("华东机电 汇总"), E, N(150.0)],
        vec![S("江南建材"), D(2025, 1, 3), N(70.0)],
        vec![S("江南建材 汇总"), E, N(70.0)],
        vec![S("总计"), E, N(220.0)],
    ];
    xlsx(&p, &[("Sheet1", rows)]);
    let (report, table) = run(&p, &TierPolicy::default());
    assert_eq!(table.len(), 2, "names are the key when there is no id column");
    assert_eq!(report.totals(), 3);
    assert_eq!(report.total_rows.iter().filter(|t| t.grand).count(), 1);
    assert!(report.reconciliations[0].matches);
    assert_eq!(sales(&table, "华东机电"), 150.0);
}

#[test]
fn continuation_sheets_merge_and_other_sheets_are_reported() {
    use C::*;
    let dir = tmp();
    let p = dir.path().join("multi.xlsx");
    let header = || vec![S("客户编号"), S("客户名称"), S("日期"), S("金额")];
    xlsx(
        &p,
        &[
            ("说明", vec![vec![S("本台账由财务部维护")], vec![S("金额单位：元")]]),
            ("明细", vec![header(), vec![S("C1"), S("甲"), D(2025, 1, 1), N(10.0)]]),
            (
                "明细(续)",
                vec![
                    header(),
                    vec![S("C1"), S("甲"), D(2025, 7, 1), N(5.0)],
                    vec![S("C2"), S("乙"), D(2025, 7, 2), N(1.0)],
                ],
            ),
            (
                "产品",
                vec![
                    vec![S("客户名称"), S("产品"), S("金额"), S("数量")],
                    vec![S("甲"), S("X"), N(1.0), N(1.0)],
                ],
            ),
            ("空白", vec![]),
        ],
    );
    let (report, table) = run(&p, &TierPolicy::default());
    assert_eq!(
        report.sheets.iter().map(|s| s.sheet.as_str()).collect::<Vec<_>>(),
        ["明细", "明细(续)"]
    );
    assert_eq!(sales(&table, "C1"), 15.0);
    let skipped: Vec<(&str, &SheetSkip)> = report
        .skipped_sheets
        .iter()
        .map(|s| (s.sheet.as_str(), &s.reason))
        .collect();
    assert_eq!(
        skipped,
        [
            ("说明", &SheetSkip::NotALedger),
            ("产品", &SheetSkip::DifferentColumns),
            ("空白", &SheetSkip::Empty)
        ]
    );
}

#[test]
fn an_id_seen_with_several_names_is_reported_and_the_most_frequent_name_wins() {
    let dir = tmp();
    let p = dir.path().join("names.csv");
    std::fs::write(
        &p,
        "客户编号,客户名称,日期,金额\nC1,甲公司,2025-01-01,1\nC1,甲有限公司,2025-01-02,1\nC1,甲有限公司,2025-01-03,1\n",
    )
    .unwrap();
    let (report, table) = run(&p, &TierPolicy::default());
    assert_eq!(table.metrics.customers[0].name, "甲有限公司");
    assert_eq!(report.name_conflicts.len(), 1);
    assert_eq!(
        report.name_conflicts[0].names,
        vec![("甲有限公司".to_string(), 2), ("甲公司".to_string(), 1)]
    );
}

#[test]
fn units_from_headers_and_explicit_mappings_apply() {
    let dir = tmp();
    let p = dir.path().join("units.csv");
    std::fs::write(
        &p,
        "客户,含税金额（万元）,不含税收入（万元）,成本（万元）\n甲,1.5,1.2,1.0\n",
    )
    .unwrap();
    let (report, table) = run(&p, &TierPolicy::default());
    assert_eq!(sales(&table, "甲"), 12000.0, "net of VAT is the purchasing power");
    assert_eq!(
        table.metrics.customers[0].profit,
        Some(2000.0),
        "profit = amount − cost"
    );
    assert!(
        report
            .confidence(tierbook_core::Lang::Zh)
            .contains("购买力取“不含税收入（万元）”（不含税），未用“含税金额（万元）”"),
        "{}",
        report.confidence(tierbook_core::Lang::Zh)
    );
    let mut policy = TierPolicy::default();
    policy
        .run
        .import
        .mapping
        .insert(import::Role::Amount, "含税金额（万元）".into());
    let (report, table) = run(&p, &policy);
    assert_eq!(sales(&table, "甲"), 15000.0, "the user's choice wins");
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    policy
        .run
        .import
        .mapping
        .insert(import::Role::Amount, "没有这一列".into());
    let e = tierbook_core::run(&p, &checked(&policy), &mut tierbook_core::Quiet).unwrap_err();
    assert_eq!(e.code(), "import.mapped_column_not_found");
}

#[test]
fn rows_outside_the_period_are_reported_not_lost() {
    let dir = tmp();
    let p = dir.path().join("period.csv");
    std::fs::write(
        &p,
        "客户,日期,金额\n甲,2024-12-31,5\n甲,2025-01-01,10\n乙,2025-06-30,3\n乙,2025-07-01,8\n",
    )
    .unwrap();
    let mut policy = TierPolicy::default();
    policy.run.import.period = Period {
        from: NaiveDate::from_ymd_opt(2025, 1, 1),
        to: NaiveDate::from_ymd_opt(2025, 6, 30),
    };
    let (report, table) = run(&p, &policy);
    assert!(report.adds_up());
    assert_eq!(report.imported(), 2);
    assert_eq!(report.skipped(), 2);
    assert!(report
        .skipped_rows
        .iter()
        .all(|s| matches!(s.reason, SkipReason::OutsidePeriod { .. })));
    assert_eq!(sales(&table, "甲"), 10.0);
    let yi = table.metrics.customers.iter().find(|c| c.id == "乙").unwrap();
    assert_eq!(yi.recency_days, Some(1), "bought on the period's last day");
}

#[test]
fn a_customer_summary_ledger_is_detected_and_its_figures_used_as_given() {
    let (report, table) = run(&sample("客户汇总.xlsx"), &TierPolicy::preset(Method::Thresholds));
    assert_eq!(report.shape, LedgerShape::CustomerSummary);
    let a = table.metrics.customers.iter().find(|c| c.id == "A001").unwrap();
    assert_eq!(a.sales, 800_000.0);
    assert_eq!(a.frequency, Some(12));
    assert_eq!(a.profit, Some(150_000.0));
    assert_eq!(a.clv, Some(1_200_000.0));
    assert_eq!(a.needs.text(tierbook_core::Lang::Zh), "高端产品和个性化服务");
}

#[test]
fn bad_files_get_a_clear_message_naming_the_file() {
    let dir = tmp();
    let d = dir.path();
    let write = |name: &str, bytes: &[u8]| {
        let p = d.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let good = std::fs::read(fixture("small.xlsx")).unwrap();
    let cases = vec![
        (write("empty.xlsx", b""), "import.empty_file"),
        (write("truncated.xlsx", &good[..good.len() / 2]), "import.damaged"),
        (
            write(
                "garbage.xlsx",
                &[0u8, 159, 146, 150, 0, 0, 7, 1, 2, 3, 0, 0, 0, 0, 200, 201],
            ),
            "import.not_a_workbook",
        ),
        (
            write("header-only.csv", "客户编号,客户名称,日期,金额\n".as_bytes()),
            "import.no_data_rows",
        ),
        (
            write("no-customer.csv", "日期,金额,毛利\n2025-01-01,1,1\n".as_bytes()),
            "import.no_customer_column",
        ),
        (
            write("no-amount.csv", "客户编号,客户名称,日期\nC1,甲,2025-01-01\n".as_bytes()),
            "import.no_amount_column",
        ),
        (
            write("not-a-ledger.csv", "hello\nworld\n".as_bytes()),
            "import.no_ledger_sheet",
        ),
        (fixture("encrypted.xlsx"), "import.password_protected"),
        (d.join("missing.xlsx"), "import.not_found"),
    ];
    for (path, code) in cases {
        let (got, message) = error_code(&path);
        assert_eq!(got, code, "{}", path.display());
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(message.contains(&name), "message names the file: {message}");
    }
}

#[test]
fn inspect_shows_the_plan_without_reading_everything() {
    let i = import::inspect(&sample("2025销售台账.xlsx"), &Default::default()).unwrap();
    let h = i.header().unwrap();
    assert_eq!(h.row, 3, "below the merged title and the unit line");
    assert_eq!(h.column(import::Role::Amount).unwrap().header, "含税金额（元）");
    assert_eq!(h.column(import::Role::CustomerId).unwrap().index, 3);
    assert_eq!(i.sheets.iter().filter(|s| s.included).count(), 2);
}

#[test]
fn survey_shows_a_file_that_cannot_be_imported_yet_with_the_reason() {
    let dir = tmp();
    let p = dir.path().join("no-amount.csv");
    std::fs::write(&p, "客户编号,客户名称,日期,回款额\nC1,甲,2025-01-01,5\n").unwrap();
    let (inspection, problem) = import::survey(&p, &Default::default()).unwrap();
    assert_eq!(problem.unwrap().code(), "import.no_amount_column");
    let header = inspection.sheets[0].header.as_ref().unwrap();
    assert_eq!(header.columns.len(), 4, "every column is there to be mapped");
    // The user maps the unrecognised column; now the plan is complete.
    let mut opts = tierbook_core::ImportOptions::default();
    opts.mapping.insert(import::Role::Amount, "回款额".into());
    let (inspection, problem) = import::survey(&p, &opts).unwrap();
    assert!(problem.is_none());
    assert_eq!(
        inspection
            .header()
            .unwrap()
            .column(import::Role::Amount)
            .unwrap()
            .header,
        "回款额"
    );
}

#[test]
fn an_empty_mapping_switches_a_role_off() {
    let dir = tmp();
    let p = dir.path().join("notes.csv");
    std::fs::write(&p, "客户,金额,需求\n甲,5,老客户\n").unwrap();
    let (_, table) = run(&p, &TierPolicy::default());
    assert_eq!(table.metrics.customers[0].needs.text(tierbook_core::Lang::Zh), "老客户");
    let mut policy = TierPolicy::default();
    policy.run.import.mapping.insert(import::Role::Needs, String::new());
    let (_, table) = run(&p, &policy);
    assert_ne!(table.metrics.customers[0].needs.text(tierbook_core::Lang::Zh), "老客户");
}

#[test]
fn a_remark_column_is_not_the_customers_needs_unless_mapped() {
    // A return line's remark 退货 once became the customer's needs.
    let dir = tmp();
    let p = dir.path().join("remarks.csv");
    std::fs::write(&p, "客户,金额,备注\n甲,500,\n甲,-50,退货\n").unwrap();
    let (_, table) = run(&p, &TierPolicy::default());
    assert_ne!(table.metrics.customers[0].needs.text(tierbook_core::Lang::Zh), "退货");
    let mut policy = TierPolicy::default();
    policy.run.import.mapping.insert(import::Role::Needs, "备注".into());
    let (_, table) = run(&p, &policy);
    assert_eq!(table.metrics.customers[0].needs.text(tierbook_core::Lang::Zh), "退货");
}

#[test]
fn an_import_can_be_cancelled_and_reports_progress_on_the_way() {
    struct CancelAfter {
        seen: Vec<u64>,
    }
    impl tierbook_core::Observer for CancelAfter {
        fn rows_read(&mut self, rows: u64) {
            self.seen.push(rows);
        }
        fn cancelled(&self) -> bool {
            !self.seen.is_empty()
        }
    }
    let dir = tmp();
    let p = dir.path().join("long.csv");
    let mut csv = String::from("客户,日期,金额\n");
    for i in 0..20_000 {
        csv.push_str(&format!("客户{},2025-01-01,{}\n", i % 300, i));
    }
    std::fs::write(&p, csv).unwrap();
    let mut observer = CancelAfter { seen: Vec::new() };
    let e = tierbook_core::run(&p, &CheckedPolicy::default(), &mut observer).unwrap_err();
    assert_eq!(e.code(), "import.cancelled");
    assert_eq!(
        observer.seen,
        [8192],
        "progress arrives every 8,192 rows and the import stops at once"
    );
}

#[test]
fn a_header_without_rows_is_said_in_the_preview_with_its_columns() {
    // headers_only.xlsx once previewed normally and failed only after 开始导入.
    let dir = tmp();
    let p = dir.path().join("headers_only.xlsx");
    xlsx(
        &p,
        &[(
            "明细",
            vec![vec![C::S("客户编号"), C::S("客户名称"), C::S("日期"), C::S("金额")]],
        )],
    );
    let (inspection, problem) = import::survey(&p, &Default::default()).unwrap();
    let problem = problem.expect("the preview says what is wrong");
    assert_eq!(problem.code(), "import.no_data_rows");
    assert!(problem
        .message(tierbook_core::Lang::Zh)
        .contains("只有表头，没有数据行"));
    // The columns are there all the same, so the user sees what was found.
    assert_eq!(inspection.sheets[0].header.as_ref().unwrap().columns.len(), 4);
    // A sheet whose rows go past the preview is never called empty.
    let long = dir.path().join("long.csv");
    let mut text = String::from("客户,金额\n");
    for _ in 0..60 {
        text.push_str(",\n");
    }
    text.push_str("甲,5\n");
    std::fs::write(&long, text).unwrap();
    assert!(import::survey(&long, &Default::default()).unwrap().1.is_none());
}
