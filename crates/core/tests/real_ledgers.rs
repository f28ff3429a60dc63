//! Ledgers as ERPs and finance clerks make them, one fixture per class of
//! problem that once gave a wrong number without saying so. Each fixture is
//! written here in full; each test pins every customer's 购买力, 成交频率 and
//! 利润贡献, the row accounting, and what the confidence line says.

mod common;

use common::*;
use tierbook_core::confidence::Finding;
use tierbook_core::{ImportReport, Lang, TierPolicy, TierTable};

/// (id, sales, frequency, profit) of every customer, by id.
fn figures(t: &TierTable) -> Vec<(String, f64, Option<u32>, Option<f64>)> {
    let mut v: Vec<_> = t
        .metrics
        .customers
        .iter()
        .map(|c| {
            (
                c.id.clone(),
                (c.sales * 100.0).round() / 100.0,
                c.frequency,
                c.profit.map(|p| (p * 100.0).round() / 100.0),
            )
        })
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

fn row(id: &str, sales: f64, frequency: u32, profit: Option<f64>) -> (String, f64, Option<u32>, Option<f64>) {
    (id.to_string(), sales, Some(frequency), profit)
}

fn csv(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn line(r: &ImportReport) -> String {
    r.confidence(Lang::Zh)
}

/// Class 1: total rows with unfamiliar labels, in a ledger with names only.
/// 本年累计 is a running total, 合计（含税） and 合计(大写) carry words, the
/// month-end row dated 3-31 with only the amount is the month's sum, and a
/// real company named 合计贸易有限公司 stays a customer.
#[test]
fn totals_with_unfamiliar_labels_or_none_never_become_customers() {
    let dir = tmp();
    let p = csv(
        dir.path(),
        "names-only.csv",
        "客户名称,日期,产品,金额,毛利\n\
         华东精工,2025-03-02,轴承,1000,200\n\
         合计贸易有限公司,2025-03-05,齿轮,500,100\n\
         南方机电,2025-03-09,轴承,2000,300\n\
         ,2025-03-31,,3500,\n\
         华东精工,2025-04-02,齿轮,1500,250\n\
         本年累计,2025-04-30,,5000,850\n\
         合计（含税）,,,5650,\n\
         合计(大写)：伍仟元整,,,,\n",
    );
    let (report, table) = run(&p, &TierPolicy::default());
    assert_eq!(
        figures(&table),
        vec![
            row("华东精工", 2500.0, 2, Some(450.0)),
            row("南方机电", 2000.0, 1, Some(300.0)),
            row("合计贸易有限公司", 500.0, 1, Some(100.0)),
        ]
    );
    assert!(report.adds_up());
    assert_eq!((report.imported(), report.totals(), report.skipped()), (4, 4, 0));
    let l = line(&report);
    assert!(l.contains("第 5 行（无标签）金额等于其上各行之和，按合计行处理"), "{l}");
    assert!(l.contains("“本年累计”按合计行处理"), "{l}");
    assert!(!report.doubtful(), "{l}");
}

/// Class 1, the undecidable case: a full sale row whose amount happens to be
/// the sum of the rows above it is imported, and flagged.
#[test]
fn a_full_row_that_adds_up_is_imported_and_flagged() {
    let dir = tmp();
    let p = csv(
        dir.path(),
        "coincidence.csv",
        "客户编号,客户名称,日期,订单号,金额\nK1,甲,2025-01-02,SO1,100\nK2,乙,2025-01-03,SO2,200\nK3,丙,2025-01-04,SO3,300\n",
    );
    let (report, table) = run(&p, &TierPolicy::default());
    assert_eq!(table.len(), 3);
    assert_eq!(sales(&table, "K3"), 300.0);
    assert!(report.doubtful());
    assert!(
        line(&report).starts_with("存疑 1 项：“coincidence.csv”第 4 行“丙”像合计行但金额对不上"),
        "{}",
        line(&report)
    );
}

/// Class 2: 金蝶 K3's 销售出库单 with 单位成本 before 成本: the total cost is the cost.
#[test]
fn a_unit_cost_column_is_never_the_cost_when_the_total_is_there() {
    let dir = tmp();
    let p = csv(
        dir.path(),
        "k3.csv",
        "日期,客户编码,客户,物料名称,实发数量,单价,单位成本,成本,销售金额\n\
         2025-05-06,C01,华东精工,轴承,10,100,60,600,1000\n\
         2025-05-07,C02,南方机电,齿轮,4,250,150,600,1000\n\
         2025-05-08,C01,华东精工,齿轮,2,250,150,300,500\n",
    );
    let (report, table) = run(&p, &TierPolicy::default());
    assert_eq!(
        figures(&table),
        vec![row("C01", 1500.0, 2, Some(600.0)), row("C02", 1000.0, 1, Some(400.0))]
    );
    assert!(
        line(&report).contains("“单位成本”是单价类列，不作金额"),
        "{}",
        line(&report)
    );
    assert!(!report.doubtful());
}

/// Class 2, the warning: when only a per-unit cost is mapped by hand, margins
/// of ~96% for most customers say the mapping is likely wrong.
#[test]
fn margins_no_ledger_has_are_flagged_as_a_likely_wrong_mapping() {
    let dir = tmp();
    let p = csv(
        dir.path(),
        "wrong-cost.csv",
        "客户,日期,金额,成本价\n甲,2025-01-02,1000,40\n乙,2025-01-03,2000,70\n丙,2025-01-04,3000,100\n",
    );
    let mut policy = TierPolicy::default();
    policy
        .import
        .mapping
        .insert(tierbook_core::import::Role::Cost, "成本价".into());
    let (report, _) = run(&p, &policy);
    assert!(report.doubtful());
    assert!(
        line(&report).contains("3/3 位客户的毛利率超出常理"),
        "{}",
        line(&report)
    );
}

/// Class 3: 单位：万元 in the title row applies to amounts whose header says
/// no unit; a header with its own unit keeps it.
#[test]
fn a_unit_in_the_title_row_applies_to_the_amount_columns() {
    let dir = tmp();
    let p = csv(
        dir.path(),
        "wan.csv",
        "2025年销售统计,,,单位：万元\n客户,日期,销售额,毛利(元)\n甲,2025-02-01,1.5,3000\n乙,2025-02-02,0.25,500\n",
    );
    let (report, table) = run(&p, &TierPolicy::default());
    assert_eq!(
        figures(&table),
        vec![row("乙", 2500.0, 1, Some(500.0)), row("甲", 15000.0, 1, Some(3000.0))]
    );
    assert!(
        line(&report).contains("金额单位按“wan.csv”第 1 行的说明取为万元"),
        "{}",
        line(&report)
    );
}

/// Class 4: one customer written four ways.
#[test]
fn one_customer_however_its_id_or_brackets_are_written() {
    let dir = tmp();
    let p = dir.path().join("split.xlsx");
    use C::*;
    xlsx(
        &p,
        &[(
            "明细",
            vec![
                vec![S("客户编号"), S("客户名称"), S("日期"), S("金额")],
                vec![S("KH001"), S("华东精工（南京）"), D(2025, 1, 2), N(100.0)],
                vec![S("ＫＨ００１"), S("华东精工(南京)"), D(2025, 1, 3), N(200.0)],
                vec![N(123.0), S("南方机电"), D(2025, 1, 4), N(300.0)],
                vec![S("00123"), S("南方机电"), D(2025, 1, 5), N(400.0)],
                vec![S("00456"), S("东海贸易"), D(2025, 1, 6), N(50.0)],
                vec![N(456.0), S("西山五金"), D(2025, 1, 7), N(60.0)],
            ],
        )],
    );
    let (report, table) = run(&p, &TierPolicy::default());
    let ids: Vec<(String, f64)> = figures(&table).into_iter().map(|f| (f.0, f.1)).collect();
    assert_eq!(
        ids,
        [
            ("00123".to_string(), 700.0),
            ("00456".to_string(), 50.0),
            ("456".to_string(), 60.0),
            ("KH001".to_string(), 300.0)
        ],
        "456 and 00456 have different names: two customers"
    );
    let l = line(&report);
    assert!(l.contains("ＫＨ００１ 与 KH001 视为同一客户"), "{l}");
    assert!(l.contains("123 与 00123 视为同一客户"), "{l}");
}

/// Class 5: the sale stays when a secondary field is unreadable.
#[test]
fn secondary_fields_never_drop_a_sale() {
    let dir = tmp();
    let p = csv(
        dir.path(),
        "messy.csv",
        "客户编号,客户名称,日期,金额,毛利\n\
         K1,华东精工,2025-01-02,1000,-\n\
         K1,华东精工,2025-01-03,500,#DIV/0!\n\
         K2,南方机电,2025-01-04,\"1,234.50-\",-100\n\
         K2,南方机电,2025-01-05,3000,600\n\
         ,南方机电,2025-01-06,200,40\n\
         ,散客-张先生,2025-01-07,80,10\n",
    );
    let (report, table) = run(&p, &TierPolicy::default());
    assert_eq!(
        figures(&table),
        vec![
            row("K1", 1500.0, 2, Some(0.0)),
            row("K2", 1965.5, 2, Some(540.0)),
            row("散客-张先生", 80.0, 1, Some(10.0)),
        ]
    );
    assert_eq!((report.imported(), report.skipped()), (6, 0));
    let l = line(&report);
    assert!(
        l.contains("第 3 行“毛利”的值“#DIV/0!”无法识别，该笔销售已导入，此项留空"),
        "{l}"
    );
    assert!(l.contains("1 行缺客户编号，按同名客户的编号补上"), "{l}");
    assert!(l.contains("1 行没有客户编号，按客户名称归户"), "{l}");
}

/// Class 6's preference: the net amount is 购买力 when both are there.
#[test]
fn the_net_amount_is_purchasing_power_and_the_report_says_so() {
    let dir = tmp();
    let p = csv(
        dir.path(),
        "vat.csv",
        "客户,日期,价税合计,无税金额,税额\n甲,2025-01-02,1130,1000,130\n乙,2025-01-03,565,500,65\n",
    );
    let (report, table) = run(&p, &TierPolicy::default());
    assert_eq!(sales(&table, "甲"), 1000.0);
    assert_eq!(sales(&table, "乙"), 500.0);
    assert!(
        line(&report).contains("购买力取“无税金额”（不含税），未用“价税合计”"),
        "{}",
        line(&report)
    );
}

#[test]
fn a_clean_ledger_says_so_in_one_short_line() {
    let (report, _) = run(&sample("2024销售台账.xlsx"), &TierPolicy::default());
    let doubts: Vec<&Finding> = report.findings.iter().filter(|f| f.is_doubt()).collect();
    assert!(doubts.is_empty(), "{doubts:?}");
}

/// 用友 U8's 销售统计表: a title, a filter row, then a two-row header whose
/// group headers (数量, 金额) are merged over their sub-headers and whose
/// single columns are merged down. Written with merges, as U8 exports it.
pub fn u8_ledger(dir: &std::path::Path) -> std::path::PathBuf {
    use rust_xlsxwriter::{Format, Workbook};
    let p = dir.join("U8销售统计表.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("销售统计表").unwrap();
    let f = Format::new();
    ws.merge_range(0, 0, 0, 7, "销售统计表", &f).unwrap();
    ws.write_string(1, 0, "日期：2025-01-01 至 2025-12-31    币种：人民币")
        .unwrap();
    for (c, h) in [(0u16, "客户编码"), (1, "客户名称"), (2, "单据日期"), (3, "存货名称")] {
        ws.merge_range(2, c, 3, c, h, &f).unwrap();
    }
    ws.merge_range(2, 4, 2, 4, "数量", &f).ok();
    ws.write_string(2, 4, "数量").unwrap();
    ws.write_string(3, 4, "主数量").unwrap();
    ws.merge_range(2, 5, 2, 7, "金额", &f).unwrap();
    for (c, h) in [(5u16, "无税金额"), (6, "税额"), (7, "价税合计")] {
        ws.write_string(3, c, h).unwrap();
    }
    let rows: [(&str, &str, &str, &str, f64, f64); 4] = [
        ("0101", "华东精工", "2025-03-02", "轴承", 10.0, 1000.0),
        ("0102", "南方机电", "2025-03-05", "齿轮", 4.0, 2000.0),
        ("0101", "华东精工", "2025-04-09", "齿轮", 2.0, 500.0),
        ("0103", "东海贸易", "2025-05-12", "轴承", 1.0, 300.0),
    ];
    let mut r = 4;
    for (id, name, date, item, qty, net) in rows {
        ws.write_string(r, 0, id).unwrap();
        ws.write_string(r, 1, name).unwrap();
        ws.write_string(r, 2, date).unwrap();
        ws.write_string(r, 3, item).unwrap();
        ws.write_number(r, 4, qty).unwrap();
        ws.write_number(r, 5, net).unwrap();
        ws.write_number(r, 6, net * 0.13).unwrap();
        ws.write_number(r, 7, net * 1.13).unwrap();
        r += 1;
    }
    ws.write_string(r, 0, "合计").unwrap();
    ws.write_number(r, 5, 3800.0).unwrap();
    ws.write_number(r, 7, 3800.0 * 1.13).unwrap();
    wb.save(&p).unwrap();
    p
}

/// Class 6: the two-row header is read stacked; 无税金额 is 购买力.
#[test]
fn a_two_row_header_is_read_stacked_and_the_net_amount_is_used() {
    let dir = tmp();
    let p = u8_ledger(dir.path());
    let inspection = tierbook_core::import::inspect(&p, &Default::default()).unwrap();
    let h = inspection.header().unwrap();
    assert_eq!(h.row, 3, "the header ends at its second row");
    let headers: Vec<(&str, Option<tierbook_core::import::Role>)> =
        h.columns.iter().map(|c| (c.header.as_str(), c.role)).collect();
    use tierbook_core::import::Role;
    assert_eq!(
        headers,
        [
            ("客户编码", Some(Role::CustomerId)),
            ("客户名称", Some(Role::CustomerName)),
            ("单据日期", Some(Role::Date)),
            ("存货名称", Some(Role::Product)),
            ("数量/主数量", Some(Role::Quantity)),
            ("金额/无税金额", Some(Role::Amount)),
            ("金额/税额", None),
            ("金额/价税合计", None),
        ]
    );
    let (report, table) = run(&p, &TierPolicy::default());
    assert_eq!(
        figures(&table),
        vec![
            ("0101".to_string(), 1500.0, Some(2), None),
            ("0102".to_string(), 2000.0, Some(1), None),
            ("0103".to_string(), 300.0, Some(1), None),
        ]
    );
    assert!(report.adds_up());
    assert_eq!((report.imported(), report.totals(), report.preamble()), (4, 1, 4));
    assert!(
        report.reconciliations.iter().all(|r| r.matches),
        "{:?}",
        report.reconciliations
    );
    assert!(
        line(&report).contains("购买力取“金额/无税金额”（不含税），未用“金额/价税合计”"),
        "{}",
        line(&report)
    );
}
