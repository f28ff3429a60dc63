//! The exported workbook read back with a second reader (calamine): every value of
//! the tier table, the header order, number types, the summary, the import report,
//! and cells that look like formulas written as text.

mod common;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::*;
use tierbook_core::export::{self, SheetNames};
use tierbook_core::tiering::policy::{Method, Override};
use tierbook_core::{Lang, Tier, TierPolicy};

fn read(path: &std::path::Path, sheet: &str) -> Vec<Vec<Data>> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    let (r0, c0) = range.start().unwrap();
    assert_eq!((r0, c0), (0, 0));
    range.rows().map(|r| r.to_vec()).collect()
}

/// Where a column of the tier table is, by its header (row 3, under the
/// title and the 单位 / 制表日期 line).
fn column(rows: &[Vec<Data>], name: &str) -> usize {
    rows[2]
        .iter()
        .position(|h| text(h) == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

/// The tier table's customer rows: under the header, above the 合计 row.
fn data(rows: &[Vec<Data>]) -> &[Vec<Data>] {
    &rows[3..rows.len() - 1]
}

/// An amount as the workbook writes it: to the cent.
fn cents(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("expected text, got {other:?}"),
    }
}

fn num(d: &Data) -> Option<f64> {
    match d {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        Data::Empty => None,
        other => panic!("expected a number, got {other:?}"),
    }
}

#[test]
fn every_value_of_the_tier_table_reads_back_as_written() {
    let dir = tmp();
    let mut policy = TierPolicy::default();
    policy.run.overrides.push(Override {
        customer: "KH1050".into(),
        tier: Tier::A,
        reason: "行业龙头，战略意义".into(),
    });
    let (report, table) = run(&sample("2025销售台账.xlsx"), &policy);
    let out = dir.path().join("客户分级管理表.xlsx");
    export::write_workbook(&out, &table, &report, Lang::Zh).unwrap();
    let rows = read(&out, SheetNames::tier_table(Lang::Zh));
    assert!(
        text(&rows[0][0]).starts_with("客户分级管理表"),
        "title row above the header"
    );
    let header: Vec<String> = rows[2].iter().map(text).collect();
    assert_eq!(
        &header[..8],
        [
            "客户编号",
            "客户名称",
            "客户等级",
            "购买力",
            "成交频率",
            "利润贡献",
            "生命周期价值",
            "需求和行为模式"
        ]
    );
    assert_eq!(header.last().unwrap(), "调级原因");
    let data = data(&rows);
    assert_eq!(data.len(), table.len());
    for ((c, a), row) in table.rows().zip(data) {
        assert_eq!(text(&row[0]), c.id);
        assert_eq!(text(&row[1]), c.name);
        assert_eq!(text(&row[2]), a.tier.label(Lang::Zh));
        assert_eq!(num(&row[3]), Some(cents(c.sales)), "{}", c.id);
        assert_eq!(num(&row[4]), c.frequency.map(f64::from));
        assert_eq!(num(&row[5]), c.profit.map(cents));
        assert_eq!(num(&row[6]), c.clv.map(cents));
        assert_eq!(text(&row[7]), c.needs.text(Lang::Zh));
        assert_eq!(text(&row[8]), table.policy.tier_name(a.tier, Lang::Zh));
        assert_eq!(num(&row[9]), Some(c.share));
        assert_eq!(num(&row[11]), Some(c.rank as f64));
        let reason = text(row.last().unwrap());
        assert_eq!(reason.is_empty(), a.override_reason.is_none());
    }
    let overridden = data.iter().find(|r| text(&r[0]) == "KH1050").unwrap();
    assert_eq!(text(&overridden[2]), "A类客户");
    assert!(text(overridden.last().unwrap()).contains("行业龙头，战略意义"));
    // Sorted by tier, then value.
    let tiers: Vec<String> = data.iter().map(|r| text(&r[2])).collect();
    let mut sorted = tiers.clone();
    sorted.sort();
    assert_eq!(tiers, sorted);
}

#[test]
fn the_summary_states_the_policy_and_the_per_tier_shares() {
    let dir = tmp();
    let (report, table) = run(&sample("2025销售台账.xlsx"), &TierPolicy::preset(Method::AbcValue));
    let out = dir.path().join("s.xlsx");
    export::write_workbook(&out, &table, &report, Lang::Zh).unwrap();
    let rows = read(&out, SheetNames::summary(Lang::Zh));
    let flat: Vec<String> = rows
        .iter()
        .flatten()
        .filter_map(|d| if let Data::String(s) = d { Some(s.clone()) } else { None })
        .collect();
    assert!(
        flat.iter().any(|s| s.contains("累计占比") && s.contains("80.0%")),
        "policy in words"
    );
    assert!(flat.iter().any(|s| s.contains("2025年1月2日")), "period in words");
    let totals = table.totals();
    let a_row = rows
        .iter()
        .find(|r| matches!(&r[0], Data::String(s) if s == "A类客户") && matches!(&r[2], Data::Float(_)))
        .unwrap();
    assert_eq!(num(&a_row[2]), Some(totals[0].customers as f64));
    assert!((num(&a_row[4]).unwrap() - totals[0].sales).abs() < 1e-6);
    let share: f64 = totals[0].sales / totals.iter().map(|t| t.sales).sum::<f64>();
    assert!((num(&a_row[5]).unwrap() - share).abs() < 1e-9);
    // The import report lists the skipped row with sheet and row.
    let rep = read(&out, SheetNames::import_report(Lang::Zh));
    let skipped: Vec<(String, f64)> = rep
        .iter()
        .filter(|r| r.len() > 2 && matches!(&r[2], Data::String(s) if s == "跳过"))
        .map(|r| (text(&r[0]), num(&r[1]).unwrap()))
        .collect();
    assert_eq!(skipped, [("销售明细".to_string(), 310.0)]);
}

#[test]
fn cells_that_look_like_formulas_are_written_as_text() {
    let dir = tmp();
    let p = dir.path().join("inject.csv");
    std::fs::write(
        &p,
        "客户编号,客户名称,金额,需求\n=1+1,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",100,+SUM(A1)\n@cmd,-2+3,50,=2\n",
    )
    .unwrap();
    let (report, table) = run(&p, &TierPolicy::default());
    let out = dir.path().join("o.xlsx");
    export::write_workbook(&out, &table, &report, Lang::Zh).unwrap();
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let formulas = wb.worksheet_formula(SheetNames::tier_table(Lang::Zh)).unwrap();
    let last = formulas.end().unwrap().0;
    assert!(
        formulas
            .used_cells()
            .all(|(r, _, f)| f.is_empty()
                || (r as u32 == last - formulas.start().unwrap().0 && f.starts_with("SUBTOTAL("))),
        "no formulas in the table but the 合计 row's own"
    );
    let rows = read(&out, SheetNames::tier_table(Lang::Zh));
    assert_eq!(rows[3][0], Data::String("=1+1".into()));
    assert_eq!(rows[3][1], Data::String("=HYPERLINK(\"http://x\",\"y\")".into()));
    assert_eq!(rows[3][7], Data::String("+SUM(A1)".into()));
    assert_eq!(rows[4][0], Data::String("@cmd".into()));
}

#[test]
fn english_workbooks_use_english_sheet_and_column_names() {
    let dir = tmp();
    let (report, table) = run(&sample("客户汇总.xlsx"), &TierPolicy::preset(Method::Thresholds));
    let out = dir.path().join("en.xlsx");
    export::write_workbook(&out, &table, &report, Lang::En).unwrap();
    let wb: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "Tier Table",
            "Tier Summary",
            "Import Report",
            "Chart Data",
            "RFM Segments",
            "Lifetime Value",
            "Value Matrix"
        ]
    );
    let rows = read(&out, "Tier Table");
    assert_eq!(text(&rows[2][0]), "Customer ID");
    assert_eq!(text(&rows[3][2]), "A");
}

#[test]
fn exporting_over_an_existing_file_replaces_it_whole() {
    let dir = tmp();
    let (report, table) = run(&sample("客户汇总.xlsx"), &TierPolicy::default());
    let out = dir.path().join("o.xlsx");
    std::fs::write(&out, b"an old file").unwrap();
    export::write_workbook(&out, &table, &report, Lang::Zh).unwrap();
    let _: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left behind"
    );
}

#[test]
fn an_unwritable_target_gives_a_clear_error_and_leaves_nothing_behind() {
    let dir = tmp();
    let not_a_folder = dir.path().join("report.txt");
    std::fs::write(&not_a_folder, b"keep me").unwrap();
    let (report, table) = run(&sample("客户汇总.xlsx"), &TierPolicy::default());
    let e = export::write_workbook(&not_a_folder.join("o.xlsx"), &table, &report, Lang::Zh).unwrap_err();
    assert_eq!(e.code(), "export.io");
    assert!(
        e.message(Lang::Zh).contains("原文件未被改动"),
        "{}",
        e.message(Lang::Zh)
    );
    assert_eq!(std::fs::read(&not_a_folder).unwrap(), b"keep me");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn the_summary_carries_a_native_pareto_chart_and_a_tier_share_chart() {
    use std::io::Read;
    let dir = tmp();
    let (report, table) = run(&sample("2025销售台账.xlsx"), &TierPolicy::default());
    let out = dir.path().join("c.xlsx");
    export::write_workbook(&out, &table, &report, Lang::Zh).unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut chart = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let pareto = chart("xl/charts/chart1.xml");
    assert!(
        pareto.contains("<c:barChart>") && pareto.contains("<c:lineChart>"),
        "columns plus a line"
    );
    assert_eq!(
        pareto.matches("<c:ser>").count(),
        4,
        "A, B and C columns and the cumulative line"
    );
    assert!(pareto.contains("图表数据!$E$2"), "the line plots the cumulative share");
    assert!(pareto.contains("帕累托图"));
    let share = chart("xl/charts/chart2.xml");
    assert_eq!(share.matches("<c:ser>").count(), 3, "% customers, % sales, % profit");
}

#[test]
fn the_rfm_and_lifetime_value_sheets_state_their_parameters_and_every_customer() {
    let dir = tmp();
    let (report, table) = run(&sample("2025销售台账.xlsx"), &TierPolicy::preset(Method::Rfm));
    let out = dir.path().join("lenses.xlsx");
    export::write_workbook(&out, &table, &report, Lang::Zh).unwrap();
    let rfm = read(&out, "RFM客户细分");
    let cell = |rows: &Vec<Vec<Data>>, label: &str| {
        rows.iter()
            .find(|r| text(&r[0]) == label)
            .map(|r| text(&r[2]))
            .unwrap_or_else(|| panic!("no {label}"))
    };
    assert_eq!(cell(&rfm, "评分方式"), "五分位（1–5 分）");
    let m_cuts = cell(&rfm, "M 分界点（元）");
    assert_eq!(m_cuts.split(" / ").count(), 4, "{m_cuts}");
    // Segment totals add up to every customer.
    let seg_start = rfm.iter().position(|r| text(&r[0]) == "客户细分").unwrap() + 1;
    let counted: f64 = rfm[seg_start..seg_start + 8].iter().map(|r| num(&r[2]).unwrap()).sum();
    assert_eq!(counted as usize, table.len());
    // Every customer's scores and segment are columns of the tier table.
    let rows = read(&out, "客户分级管理表");
    let col = |name: &str| column(&rows, name);
    let (rfm_col, seg_col) = (col("RFM"), col("RFM客户细分"));
    for row in data(&rows) {
        let i = table
            .metrics
            .customers
            .iter()
            .position(|c| c.id == text(&row[0]))
            .unwrap();
        let s = table.rfm.scores[i];
        assert_eq!(
            num(&row[rfm_col]),
            Some(f64::from(s.r) * 100.0 + f64::from(s.f) * 10.0 + f64::from(s.m))
        );
        assert_eq!(text(&row[seg_col]), table.rfm.segments[i].name(Lang::Zh));
    }
    let clv = read(&out, "生命周期价值");
    assert!(
        text(&clv[2][1]).starts_with("预测模型（BG/NBD + Gamma-Gamma，利润口径）"),
        "{}",
        text(&clv[2][1])
    );
    let a = &clv[5];
    assert_eq!(text(&a[0]), "A类客户");
    let (profit, future, total) = (num(&a[2]).unwrap(), num(&a[3]).unwrap(), num(&a[4]).unwrap());
    assert!(future > 0.0 && (profit + future - total).abs() < 0.01);
    let a_clv: f64 = table
        .rows()
        .filter(|(_, x)| x.tier == Tier::A)
        .map(|(c, _)| c.clv.unwrap())
        .sum();
    assert!((total - a_clv).abs() < 0.01);
}

#[test]
fn the_value_matrix_sheet_states_the_thresholds_in_force_and_counts_every_customer_once_per_lens() {
    let dir = tmp();
    let mut policy = TierPolicy::default();
    policy.lenses.overdue_days = 45;
    policy.lenses.growth_weight = 0.5;
    let (report, table) = run(&lens_ledger(dir.path()), &policy);
    let out = dir.path().join("matrix.xlsx");
    export::write_workbook(&out, &table, &report, Lang::Zh).unwrap();
    let rows = read(&out, "价值矩阵");
    let rule = |label: &str| {
        rows.iter()
            .find(|r| text(&r[0]) == label)
            .map(|r| text(&r[1]))
            .unwrap_or_else(|| panic!("no rule {label}"))
    };
    assert!(rule("欠款逾期").contains("超过 45 天"), "{}", rule("欠款逾期"));
    assert!(
        rule("潜力（价值矩阵）").contains("增长百分位 × 50.0%"),
        "{}",
        rule("潜力（价值矩阵）")
    );
    // The four account levels hold every customer exactly once.
    let start = rows.iter().position(|r| text(&r[0]) == "客户级别（覆盖方式）").unwrap() + 1;
    let levels: f64 = rows[start..start + 4].iter().map(|r| num(&r[1]).unwrap()).sum();
    assert_eq!(levels as usize, table.len());
    assert_eq!(text(&rows[start][0]), "重要客户（1:1）");
    // Each warning row counts the customers the table flags with it.
    use tierbook_core::tiering::lenses::CreditFlag;
    for f in CreditFlag::ALL {
        let row = rows.iter().rev().find(|r| text(&r[0]) == f.name(Lang::Zh)).unwrap();
        let flagged = table.lenses.iter().filter(|l| l.credit.has(f)).count();
        assert!(flagged > 0, "the ledger has a customer with each warning");
        assert_eq!(num(&row[1]).unwrap() as usize, flagged, "{}", f.name(Lang::Zh));
    }
}

/// The text of one part of an xlsx package.
fn part(path: &std::path::Path, name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

#[test]
fn the_tier_table_carries_each_customers_lenses_with_number_formats_per_column_and_tier_tints() {
    let dir = tmp();
    let (report, table) = run(&lens_ledger(dir.path()), &TierPolicy::default());
    let out = dir.path().join("lenses.xlsx");
    export::write_workbook(&out, &table, &report, Lang::Zh).unwrap();
    let rows = read(&out, "客户分级管理表");
    let col = |name: &str| column(&rows, name);
    let row = |id: &str| {
        rows.iter()
            .find(|r| text(&r[0]) == id)
            .unwrap_or_else(|| panic!("no row {id}"))
    };
    let owing = row("欠款户");
    assert_eq!(text(&owing[col("信用/利润预警")]), "欠款偏大、欠款逾期");
    assert_eq!(num(&owing[col("欠款账龄（天）")]), Some(353.0));
    assert!((num(&owing[col("应收占销售额")]).unwrap() - 0.5).abs() < 1e-9);
    assert_eq!(text(&row("减少户")[col("生命周期")]), "退化期");
    assert_eq!(text(&row("大户")[col("价值矩阵（覆盖方式）")]), "重要客户（1:1）");
    assert_eq!(text(&row("突击户")[col("忠诚度×价值")]), "B 低忠诚高价值");
    assert_eq!(text(&row("大户")[col("信用/利润预警")]), "", "no warning, no text");
    assert!(
        !rows[2].iter().any(|h| text(h) == "存活概率"),
        "ten customers are too few for the predictive model: no P(active) column"
    );
    // Every customer has one quadrant and a whole potential score.
    for r in data(&rows) {
        assert!(["VIP", "改进", "维持", "放弃"].contains(&text(&r[col("CLV象限")]).as_str()));
        let p = num(&r[col("潜力分")]).unwrap();
        assert!((0.0..=100.0).contains(&p) && p.fract() == 0.0);
    }
    // Amounts and shares keep their number formats through the column, and
    // each tier's rows are tinted by a rule on the tier column.
    let styles = part(&out, "xl/styles.xml");
    assert!(styles.contains(r#"formatCode="¥#,##0.00;[Red]-¥#,##0.00""#) && styles.contains(r#"formatCode="0.00%""#));
    let sheet = part(&out, "xl/worksheets/sheet1.xml");
    let money_col = sheet
        .split("<col ")
        .find(|c| c.starts_with(r#"min="4" max="4""#))
        .unwrap();
    assert!(
        money_col.contains("style="),
        "购买力 (D) has its column format: {money_col}"
    );
    for t in Tier::ALL {
        let rule = format!("<formula>$C4=\"{}\"</formula>", t.label(Lang::Zh));
        assert!(sheet.contains(&rule), "{rule}");
    }
}

#[test]
fn with_the_predictive_model_each_customer_has_its_chance_of_being_active_and_expected_purchases() {
    let dir = tmp();
    let (report, table) = run(&sample("2025销售台账.xlsx"), &TierPolicy::default());
    let out = dir.path().join("clv.xlsx");
    export::write_workbook(&out, &table, &report, Lang::Zh).unwrap();
    let rows = read(&out, "客户分级管理表");
    let (alive, expected) = (column(&rows, "存活概率"), column(&rows, "预计购买次数"));
    for r in data(&rows) {
        let c = table.metrics.customers.iter().find(|c| c.id == text(&r[0])).unwrap();
        assert_eq!(num(&r[alive]), c.p_alive);
        assert_eq!(num(&r[expected]), c.expected_purchases);
        assert!((0.0..=1.0).contains(&c.p_alive.unwrap()));
    }
}

#[test]
fn the_model_check_and_at_risk_sheets_carry_the_backtest_and_every_at_risk_key_account() {
    use tierbook_core::clv::ModelCheck;
    let dir = tmp();
    // A strict threshold, so the sample has key accounts at risk.
    let mut policy = TierPolicy::default();
    policy.lenses.at_risk_alive = 0.9;
    let (report, table) = run(&sample("2025销售台账.xlsx"), &policy);
    let out = dir.path().join("model.xlsx");
    export::write_workbook(&out, &table, &report, Lang::Zh).unwrap();
    let Some(ModelCheck::Done(b)) = &table.metrics.model_check else {
        panic!()
    };
    let check = read(&out, "模型检验");
    assert_eq!(text(&check[2][0]), b.sentence(Lang::Zh));
    let row = |label: &str| {
        check
            .iter()
            .find(|r| text(&r[0]) == label)
            .unwrap_or_else(|| panic!("{label}"))
    };
    assert_eq!(num(&row("实际复购次数")[1]), Some(b.actual_purchases));
    assert!((num(&row("预测复购次数")[1]).unwrap() - b.predicted_purchases).abs() < 1e-9);
    let risk = read(&out, "流失预警");
    let ids: Vec<String> = risk
        .iter()
        .skip(3)
        .map(|r| text(&r[0]))
        .filter(|s| !s.is_empty())
        .collect();
    let expected: Vec<String> = table
        .at_risk()
        .iter()
        .map(|&i| table.metrics.customers[i].id.clone())
        .collect();
    assert!(!expected.is_empty(), "the strict threshold finds some");
    assert_eq!(ids, expected, "all of them, biggest first");
    for r in risk.iter().skip(3) {
        assert!(num(&r[4]).unwrap() < 0.9, "P(active) below the threshold");
        assert!(["核心客户", "重要客户"].contains(&text(&r[2]).as_str()), "A and B only");
    }
}

#[test]
fn the_workbook_follows_chinese_finance_conventions() {
    let dir = tmp();
    let (report, table) = run(&sample("2025销售台账.xlsx"), &TierPolicy::default());
    let out = dir.path().join("惯例.xlsx");
    let options = export::ExportOptions {
        company: "华东精工机械有限公司".into(),
        ..Default::default()
    };
    export::write_workbook_for(&out, &table, &report, Lang::Zh, &options).unwrap();
    let rows = read(&out, "客户分级管理表");
    // The 单位 / 制表日期 line under the title.
    assert_eq!(text(&rows[1][0]), "单位：元");
    assert!(text(&rows[1][3]).starts_with("制表日期：") && text(&rows[1][3]).ends_with('日'));
    // Every amount to the cent: no binary noise such as 636729.1799999999.
    for r in data(&rows) {
        for j in [3, 5, 6] {
            if let Some(v) = num(&r[j]) {
                assert!(((v * 100.0).round() - v * 100.0).abs() < 1e-6, "{v}");
            }
        }
    }
    // A 合计 row whose SUBTOTALs follow the autofilter, with the whole
    // table's totals as results for readers that do not calculate.
    let total = rows.last().unwrap();
    assert_eq!(text(&total[0]), "合计");
    assert_eq!(num(&total[1]), Some(table.len() as f64));
    let sales: f64 = data(&rows).iter().map(|r| num(&r[3]).unwrap()).sum();
    assert!((num(&total[3]).unwrap() - sales).abs() < 0.005);
    let sheet = part(&out, "xl/worksheets/sheet1.xml");
    let last = table.len() + 3;
    assert!(
        sheet.contains(&format!("<f>SUBTOTAL(109,D4:D{last})</f>")),
        "sum of the visible rows"
    );
    assert!(
        sheet.contains(&format!("<f>SUBTOTAL(103,B4:B{last})</f>")),
        "count of the visible rows"
    );
    assert!(
        sheet.contains(r#"<autoFilter ref="A3:"#) && sheet.contains(&format!("{last}\"/>")),
        "the filter stops above the 合计 row"
    );
    // Red negatives, 等线, and the document's title and company.
    let styles = part(&out, "xl/styles.xml");
    assert!(styles.contains("[Red]-¥#,##0.00"));
    assert!(styles.contains(r#"<name val="等线"/>"#));
    assert!(!styles.contains("Calibri"), "no cell left in the writer's default font");
    assert!(part(&out, "docProps/core.xml").contains("<dc:title>客户分级管理表（2025年"));
    assert!(part(&out, "docProps/app.xml").contains("<Company>华东精工机械有限公司</Company>"));
}

#[test]
fn the_comparison_workbook_prints_and_writes_cents() {
    use tierbook_core::history::{compare, CompareOptions};
    let dir = tmp();
    let (_, before) = run(&sample("2024销售台账.xlsx"), &TierPolicy::default());
    let (_, after) = run(&sample("2025销售台账.xlsx"), &TierPolicy::default());
    let c = compare(&before, &after, &CompareOptions::default());
    let out = dir.path().join("对比.xlsx");
    export::write_comparison(&out, &c, "2024年", "2025年", Lang::Zh).unwrap();
    for n in 1..=5 {
        let sheet = part(&out, &format!("xl/worksheets/sheet{n}.xml"));
        assert!(
            sheet.contains("<pageSetup") && sheet.contains("orientation=\"landscape\""),
            "sheet {n} has its print setup"
        );
        assert!(sheet.contains("&amp;P"), "sheet {n} has page numbers");
    }
    let moved = read(&out, "升级与降级");
    for r in &moved[1..] {
        let v = num(&r[5]).unwrap();
        assert!(((v * 100.0).round() - v * 100.0).abs() < 1e-6, "{v}");
    }
    assert!(part(&out, "docProps/core.xml").contains("客户等级迁移：2024年 → 2025年"));
}

#[test]
fn the_tier_table_can_be_written_in_wan_yuan_under_headers_that_say_so() {
    let dir = tmp();
    let (report, table) = run(&sample("2025销售台账.xlsx"), &TierPolicy::default());
    let out = dir.path().join("万元.xlsx");
    let options = export::ExportOptions {
        unit: export::AmountUnit::Wan,
        ..Default::default()
    };
    export::write_workbook_for(&out, &table, &report, Lang::Zh, &options).unwrap();
    let rows = read(&out, "客户分级管理表");
    assert_eq!(text(&rows[1][0]), "单位：万元");
    assert_eq!(text(&rows[2][3]), "购买力（万元）");
    assert_eq!(text(&rows[2][5]), "利润贡献（万元）");
    assert_eq!(text(&rows[2][4]), "成交频率", "counts keep their header");
    for ((c, _), row) in table.rows().zip(data(&rows)) {
        assert!((num(&row[3]).unwrap() - c.sales / 1e4).abs() < 1e-6, "{}", c.id);
        assert_eq!(num(&row[4]), c.frequency.map(f64::from), "counts are not scaled");
    }
    let total = num(&rows.last().unwrap()[3]).unwrap();
    assert!((total - table.metrics.total_sales / 1e4).abs() < 0.01);
    assert!(part(&out, "xl/styles.xml").contains("#,##0.00;[Red]-#,##0.00"));
}
