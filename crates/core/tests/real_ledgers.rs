//! Ledgers as ERPs and finance clerks make them, one fixture per class of
//! problem that once gave a wrong number without saying so. Each fixture is
//! written here in full; each test pins every customer's 购买力, 成交频率 and
//! 利润贡献, the row accounting, and what the confidence line says.

mod common;

use common::*;
use tierbook_core::confidence::Finding;
use tierbook_core::CheckedPolicy;
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
        .run
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

/// An ERP's "导出 Excel" that is an HTML page saved as .xls, in GBK, with a
/// title row, a colspan'd group header and a 合计 row.
pub fn html_as_xls(dir: &std::path::Path) -> std::path::PathBuf {
    let page = r#"<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>
<table border="1">
<tr><td colspan="5">销售明细表&nbsp;2025年</td></tr>
<tr><th rowspan="2">客户编号</th><th rowspan="2">客户名称</th><th rowspan="2">日期</th><th colspan="2">金额</th></tr>
<tr><th>销售额</th><th>毛利</th></tr>
<tr><td>C01</td><td>华东精工</td><td>2025-01-05</td><td>1,000.00</td><td>200.00</td></tr>
<tr><td>C02</td><td>南方机电&amp;配件</td><td>2025-02-06</td><td>2,500.00</td><td>300.00</td></tr>
<tr><td>C01</td><td>华东精工</td><td>2025-03-07</td><td>500.00</td><td>120.00</td></tr>
<tr><td>合计</td><td></td><td></td><td>4,000.00</td><td>620.00</td></tr>
</table></body></html>"#;
    let (gbk, _, _) = encoding_rs::GBK.encode(page);
    let p = dir.join("销售明细.xls");
    std::fs::write(&p, &gbk).unwrap();
    p
}

/// Class 7: an HTML table saved as .xls is read as the table it is.
#[test]
fn an_html_table_saved_as_xls_is_read_as_a_ledger() {
    let dir = tmp();
    let p = html_as_xls(dir.path());
    let (report, table) = run(&p, &TierPolicy::default());
    assert!(report.format.starts_with("html"), "{}", report.format);
    assert_eq!(
        figures(&table),
        vec![row("C01", 1500.0, 2, Some(320.0)), row("C02", 2500.0, 1, Some(300.0))]
    );
    assert_eq!(
        table.metrics.customers.iter().find(|c| c.id == "C02").unwrap().name,
        "南方机电&配件"
    );
    assert!(report.adds_up());
    assert_eq!(report.reconciliations.len(), 1);
    assert!(report.reconciliations[0].matches);
}

/// Class 7: Excel's XML Spreadsheet 2003, renamed .xls.
#[test]
fn an_xml_spreadsheet_2003_renamed_xls_is_read() {
    let dir = tmp();
    let p = dir.path().join("台账.xls");
    std::fs::write(
        &p,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="销售">
  <Table>
   <Row><Cell><Data ss:Type="String">客户</Data></Cell><Cell><Data ss:Type="String">日期</Data></Cell><Cell><Data ss:Type="String">金额</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">甲</Data></Cell><Cell><Data ss:Type="DateTime">2025-04-01T00:00:00.000</Data></Cell><Cell><Data ss:Type="Number">800</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">乙</Data></Cell><Cell><Data ss:Type="DateTime">2025-04-02T00:00:00.000</Data></Cell><Cell><Data ss:Type="Number">120.5</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">甲</Data></Cell><Cell><Data ss:Type="DateTime">2025-05-02T00:00:00.000</Data></Cell><Cell><Data ss:Type="Number">200</Data></Cell></Row>
  </Table>
 </Worksheet>
</Workbook>"#,
    )
    .unwrap();
    let (report, table) = run(&p, &TierPolicy::default());
    assert!(report.format.starts_with("xml"), "{}", report.format);
    assert_eq!(
        figures(&table),
        vec![row("乙", 120.5, 1, None), row("甲", 1000.0, 2, None)]
    );
}

/// Class 7: a folder, a PDF and a Word file are named for what they are.
#[test]
fn files_that_are_not_ledgers_are_named_for_what_they_are() {
    let dir = tmp();
    let folder = dir.path().join("台账文件夹");
    std::fs::create_dir(&folder).unwrap();
    let (code, msg) = error_code(&folder);
    assert_eq!(code, "import.other_kind");
    assert!(msg.contains("是一个文件夹"), "{msg}");
    let pdf = dir.path().join("报表.xlsx");
    std::fs::write(&pdf, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n").unwrap();
    let (code, msg) = error_code(&pdf);
    assert_eq!(code, "import.other_kind");
    assert!(msg.contains("是PDF 文件，不是台账"), "{msg}");
    let docx = dir.path().join("说明.xlsx");
    {
        let mut z = zip::ZipWriter::new(std::fs::File::create(&docx).unwrap());
        z.start_file("word/document.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut z, b"<w:document/>").unwrap();
        z.finish().unwrap();
    }
    let (code, msg) = error_code(&docx);
    assert_eq!(code, "import.other_kind");
    assert!(msg.contains("Word 文档"), "{msg}");
}

/// Class 8: a workbook written by a program with formulas and no saved values.
#[test]
fn formulas_without_saved_values_say_to_open_and_save_in_excel() {
    let dir = tmp();
    let p = dir.path().join("程序生成.xlsx");
    let sheet = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>客户</t></is></c><c r="B1" t="inlineStr"><is><t>单价</t></is></c><c r="C1" t="inlineStr"><is><t>数量</t></is></c><c r="D1" t="inlineStr"><is><t>金额</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>甲</t></is></c><c r="B2"><v>10</v></c><c r="C2"><v>3</v></c><c r="D2"><f>B2*C2</f></c></row>
<row r="3"><c r="A3" t="inlineStr"><is><t>乙</t></is></c><c r="B3"><v>20</v></c><c r="C3"><v>1</v></c><c r="D3"><f>B3*C3</f></c></row>
</sheetData></worksheet>"#;
    xlsx_package(&p, sheet, None);
    let (code, msg) = error_code(&p);
    assert_eq!(code, "import.formulas_without_values");
    assert!(
        msg.contains("有 2 个公式单元格没有保存计算结果") && msg.contains("请用 Excel 或 WPS 打开该文件并保存一次"),
        "{msg}"
    );
}

/// Class 3's doubt: amounts that look like 万元 read in 元.
#[test]
fn amounts_that_look_like_wan_in_a_yuan_ledger_are_flagged() {
    let dir = tmp();
    let mut text = String::from("客户,日期,金额\n");
    for (k, v) in ["12.3456", "8.1234", "150.5521", "3.0107", "99.9999", "47.2513"]
        .iter()
        .enumerate()
    {
        text.push_str(&format!("客户{k},2025-01-0{},{v}\n", k + 1));
    }
    let p = csv(dir.path(), "looks-wan.csv", &text);
    let (report, _) = run(&p, &TierPolicy::default());
    assert!(report.doubtful());
    assert!(line(&report).contains("像是以万元为单位"), "{}", line(&report));
}

/// Class 12: a Big5 file from a Hong Kong branch is read as Big5, not as
/// plausible GB18030 mojibake.
#[test]
fn a_big5_ledger_keeps_its_names() {
    let dir = tmp();
    let text = "客戶名稱,日期,銷售金額\n香港環球貿易有限公司,2025-01-02,1000\n台灣精密機械股份有限公司,2025-01-03,2000\n香港環球貿易有限公司,2025-02-03,500\n";
    let (big5, _, _) = encoding_rs::BIG5.encode(text);
    let p = dir.path().join("香港分公司.csv");
    std::fs::write(&p, &big5).unwrap();
    let (report, table) = run(&p, &TierPolicy::default());
    assert!(report.format.contains("Big5"), "{}", report.format);
    assert_eq!(sales(&table, "香港環球貿易有限公司"), 1500.0);
    assert!(!report.doubtful(), "{}", line(&report));
}

/// Class 10: a single cell that inflates to gigabytes is refused at once,
/// with flat memory; a long text is cut with a note, and the export writes.
#[test]
fn a_cell_bomb_is_refused_and_long_text_is_cut() {
    let dir = tmp();
    let bomb = dir.path().join("bomb.xlsx");
    let huge = "A".repeat(70 << 20);
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>客户</t></is></c><c r="B1" t="inlineStr"><is><t>金额</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>{huge}</t></is></c><c r="B2"><v>1</v></c></row></sheetData></worksheet>"#
    );
    xlsx_package(&bomb, &sheet, None);
    drop(sheet);
    assert!(std::fs::metadata(&bomb).unwrap().len() < 2 << 20, "a small file");
    let (code, msg) = error_code(&bomb);
    assert_eq!(code, "import.too_large");
    assert!(msg.contains("过大"), "{msg}");
    // 40,000 characters of needs: imported cut, reported, exported.
    let long = dir.path().join("long.csv");
    std::fs::write(
        &long,
        format!("客户,金额,需求和行为模式\n甲,100,{}\n", "需".repeat(40_000)),
    )
    .unwrap();
    let (report, table) = run(&long, &TierPolicy::default());
    assert!(
        line(&report).contains("有 40000 个字符，超过 Excel 单元格上限，截取前 32,767 个"),
        "{}",
        line(&report)
    );
    let out = dir.path().join("out.xlsx");
    tierbook_core::export::write_workbook(&out, &table, &report, Lang::Zh).unwrap();
}

/// Class 11: sheet XML in UTF-16 is not silently read as no rows: the fast
/// scanner refuses it and calamine reads it.
#[test]
fn a_sheet_in_utf16_is_read_by_calamine_not_lost() {
    let dir = tmp();
    let p = dir.path().join("utf16.xlsx");
    let xml = r#"<?xml version="1.0" encoding="UTF-16"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>客户</t></is></c><c r="B1" t="inlineStr"><is><t>金额</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>甲</t></is></c><c r="B2"><v>250</v></c></row></sheetData></worksheet>"#;
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(xml.encode_utf16().flat_map(|u| u.to_le_bytes()));
    write_xlsx_bytes(&p, &bytes);
    match tierbook_core::run(&p, &CheckedPolicy::default(), &mut tierbook_core::Quiet) {
        Ok((_, table)) => assert_eq!(sales(&table, "甲"), 250.0),
        Err(e) => assert_ne!(e.code(), "import.no_data_rows", "{}", e.message(Lang::Zh)),
    }
}

fn write_xlsx_bytes(path: &std::path::Path, sheet: &[u8]) {
    // The same package as `xlsx_package`, with the sheet's bytes as given.
    xlsx_package(path, "", None);
    let src = std::fs::read(path).unwrap();
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(src)).unwrap();
    let mut zout = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        zout.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            std::io::Write::write_all(&mut zout, sheet).unwrap();
        } else {
            std::io::copy(&mut f, &mut zout).unwrap();
        }
    }
    zout.finish().unwrap();
}

/// Class 5: a name written once in a cell merged over its order rows, and
/// dates without a year under a title that names it.
#[test]
fn merged_names_are_filled_down_and_yearless_dates_take_the_titles_year() {
    use rust_xlsxwriter::{Format, Workbook};
    let dir = tmp();
    let p = dir.path().join("手工台账.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("三月").unwrap();
    let f = Format::new();
    ws.write_string(0, 0, "华东精工 2025年3月销售记录").unwrap();
    for (c, h) in ["客户名称", "日期", "产品", "金额"].iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    ws.merge_range(2, 0, 4, 0, "南京华东设备", &f).unwrap();
    ws.merge_range(5, 0, 6, 0, "苏州精工", &f).unwrap();
    let lines = [
        ("3月2日", "轴承", 100.0),
        ("3月5日", "齿轮", 200.0),
        ("3月9日", "轴承", 300.0),
        ("3月10日", "齿轮", 50.0),
        ("3月31日", "轴承", 70.0),
    ];
    for (k, (d, item, amount)) in lines.iter().enumerate() {
        let r = 2 + k as u32;
        ws.write_string(r, 1, *d).unwrap();
        ws.write_string(r, 2, *item).unwrap();
        ws.write_number(r, 3, *amount).unwrap();
    }
    wb.save(&p).unwrap();
    let (report, table) = run(&p, &TierPolicy::default());
    assert_eq!(
        figures(&table),
        vec![row("南京华东设备", 600.0, 3, None), row("苏州精工", 120.0, 2, None)]
    );
    assert_eq!(report.skipped(), 0, "{:?}", report.skipped_rows);
    assert_eq!(report.first_date, chrono::NaiveDate::from_ymd_opt(2025, 3, 2));
    let l = line(&report);
    assert!(l.contains("“客户名称”是合并单元格，已向下填入 3 行"), "{l}");
    assert!(l.contains("有 5 行“日期”未写年份（如 3月7日），按 2025 年计"), "{l}");
}

/// Found by `scripts/fuzz.sh`: a malformed OLE (.xls) file on which calamine's
/// compound-file reader panics (a slice index out of range). The user gets a
/// damaged-file message, never a crash.
#[test]
fn fuzz_crash_calamine_cfb_slice_is_a_damaged_file_not_a_panic() {
    let (code, msg) = error_code(&fixture("fuzz/calamine-cfb-slice.xls"));
    assert_eq!(code, "import.damaged");
    assert!(msg.contains("已损坏或不完整"), "{msg}");
}

/// Found by `scripts/fuzz.sh`: a 5 KB OLE file whose sector chain loops, on
/// which calamine asked for 3 GB. Refused as damaged before any reader sees it.
#[test]
fn fuzz_oom_looping_ole_chain_is_refused_before_reading() {
    let (code, msg) = error_code(&fixture("fuzz/calamine-cfb-chain-loop.xls"));
    assert_eq!(code, "import.damaged");
    assert!(msg.contains("已损坏或不完整"), "{msg}");
    // Real .xls files still open.
    let (_, table) = run(&fixture("small.xls"), &TierPolicy::default());
    assert!(!table.is_empty());
}
