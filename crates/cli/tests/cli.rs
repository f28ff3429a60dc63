//! The command-line tool as a clerk uses it: exit codes, the printed summary in
//! both languages, messages for bad input, policy files and flags.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples").join(name)
}

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tierbook-cli"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn classify_writes_the_workbook_and_prints_the_tier_summary() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("客户分级管理表.xlsx");
    let o = cli(&[
        "classify",
        sample("2025销售台账.xlsx").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = stdout(&o);
    assert!(s.contains("导入 2411，跳过 1，合计/小计 14"), "{s}");
    assert!(s.contains("A类客户 核心客户"), "{s}");
    assert!(s.contains("万元"), "{s}");
    assert!(s.contains("与导入金额一致"), "{s}");
    let wb: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    use calamine::Reader;
    assert_eq!(wb.sheet_names()[0], "客户分级管理表");
}

#[test]
fn english_output_and_json_summary() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o.xlsx");
    let o = cli(&[
        "--lang",
        "en",
        "classify",
        sample("客户汇总.xlsx").to_str().unwrap(),
        "--method",
        "thresholds",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Thresholds on several dimensions"),
        "{}",
        stdout(&o)
    );
    let o = cli(&[
        "classify",
        sample("客户汇总.xlsx").to_str().unwrap(),
        "--method",
        "thresholds",
        "--json",
        "-o",
        out.to_str().unwrap(),
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["method"], "thresholds");
    let total: u64 = v["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["customers"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 40);
}

#[test]
fn a_policy_file_and_flags_choose_the_method_and_overrides() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("p.json");
    std::fs::write(
        &policy,
        r#"{"method":"share","overrides":[{"customer":"C001","tier":"A","reason":"战略意义"}]}"#,
    )
    .unwrap();
    let out = dir.path().join("o.xlsx");
    let o = cli(&[
        "classify",
        sample("客户汇总.xlsx").to_str().unwrap(),
        "--policy",
        policy.to_str().unwrap(),
        "--json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["method"], "share");
    assert_eq!(v["tiers"][0]["name"], "战略客户");
    let o = cli(&[
        "classify",
        sample("客户汇总.xlsx").to_str().unwrap(),
        "--policy",
        policy.to_str().unwrap(),
        "--method",
        "abc-value",
        "--json",
        "-o",
        out.to_str().unwrap(),
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["method"], "abc-value", "flags win over the file");
}

#[test]
fn a_bad_ledger_fails_with_a_located_chinese_message_and_no_panic() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("台账.xlsx");
    std::fs::write(&bad, b"").unwrap();
    let o = cli(&[
        "classify",
        bad.to_str().unwrap(),
        "-o",
        dir.path().join("o.xlsx").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("错误：文件“台账.xlsx”是空的"), "{e}");
    assert!(e.contains("import.empty_file"));
    assert!(!e.contains("panicked"));
    assert!(!dir.path().join("o.xlsx").exists());
}

#[test]
fn output_piped_into_a_reader_that_stops_early_ends_without_a_panic() {
    use std::io::Read;
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.xlsx");
    let mut child = Command::new(env!("CARGO_BIN_EXE_tierbook-cli"))
        .args([
            "classify",
            sample("2025销售台账.xlsx").to_str().unwrap(),
            "--json",
            "-o",
            out.to_str().unwrap(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // As `| head -c 1` does: read a little, then close the pipe.
    drop(child.stdout.take());
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    child.wait().unwrap();
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn bad_flags_exit_with_usage_status_and_say_what_was_expected() {
    let o = cli(&["classify", sample("客户汇总.xlsx").to_str().unwrap(), "--method", "abc"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("参数 --method 的值“abc”无效：应为 abc-rank、abc-value、share、thresholds、score 或 rfm"),
        "{}",
        stderr(&o)
    );
    let o = cli(&[
        "--lang",
        "en",
        "classify",
        sample("客户汇总.xlsx").to_str().unwrap(),
        "--from",
        "someday",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("a date such as 2025-01-01"), "{}", stderr(&o));
}

#[test]
fn inspect_shows_header_row_roles_and_left_out_sheets() {
    let o = cli(&["inspect", sample("2025销售台账.xlsx").to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = stdout(&o);
    assert!(s.contains("表头行：第 4 行"), "{s}");
    assert!(s.contains("含税金额（元） → 金额 (元)"), "{s}");
    assert!(s.contains("“说明” — 不导入"), "{s}");
    assert!(s.contains("交易明细"), "{s}");
}

#[test]
fn a_mapping_flag_overrides_detection() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("l.csv");
    std::fs::write(&csv, "客户,金额,净额\n甲,10,8\n").unwrap();
    let o = cli(&[
        "classify",
        csv.to_str().unwrap(),
        "--map",
        "amount=净额",
        "--json",
        "-o",
        dir.path().join("o.xlsx").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["tiers"][0]["sales"], 8.0);
}

#[test]
fn report_writes_a_printable_page_and_compares_with_the_previous_period() {
    let dir = tempfile::tempdir().unwrap();
    let prev = dir.path().join("2024.csv");
    let now = dir.path().join("2025.csv");
    std::fs::write(&prev, "客户,日期,金额\n甲,2024-01-01,100\n乙,2024-01-02,900\n").unwrap();
    std::fs::write(&now, "客户,日期,金额\n甲,2025-01-01,950\n乙,2025-01-02,80\n").unwrap();
    let out = dir.path().join("报告.html");
    let o = cli(&[
        "report",
        now.to_str().unwrap(),
        "--previous",
        prev.to_str().unwrap(),
        "--company",
        "华东精工",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("华东精工") && html.contains("客户分级分析报告"));
    assert!(html.contains("客户变动（与2024相比）"));
    assert!(html.contains("<td>甲</td>"), "甲 moved up");
}

#[test]
fn a_workspace_keeps_runs_per_year_and_compares_them() {
    let dir = tempfile::tempdir().unwrap();
    workspace_runs_per_year(dir.path(), &dir.path().join("ws.tierbook").display().to_string());
}

#[test]
fn a_team_workspace_on_the_server_keeps_runs_per_year_and_compares_them() {
    let dir = tempfile::tempdir().unwrap();
    workspace_runs_per_year(dir.path(), &tierbook_testdata::server::fresh_database());
}

/// The per-year workflow on the workspace `db` (a file or a server address).
fn workspace_runs_per_year(dir: &Path, db: &str) {
    let ledger = dir.join("两年台账.csv");
    std::fs::write(&ledger, "客户编号,日期,金额\nK1,2024-03-01,600\nK2,2024-04-01,150\nK1,2025-03-01,100\nK2,2025-04-01,700\nK3,2025-05-01,120\n").unwrap();
    let policy = dir.join("bands.json");
    std::fs::write(&policy, r#"{"method":"thresholds","thresholds":{"sales":{"a":500,"b":100},"frequency":{"enabled":false},"profit":{"enabled":false},"clv":{"enabled":false}}}"#).unwrap();
    let args = |out: &str| {
        vec![
            "classify".to_string(),
            ledger.to_str().unwrap().into(),
            "--db".into(),
            db.into(),
            "--per".into(),
            "year".into(),
            "--policy".into(),
            policy.to_str().unwrap().into(),
            "-o".into(),
            dir.join(out).to_str().unwrap().into(),
        ]
    };
    let o = cli(&args("a.xlsx").iter().map(String::as_str).collect::<Vec<_>>());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("已保存分级记录 1：2024年") && stderr(&o).contains("已保存分级记录 2：2025年"),
        "{}",
        stderr(&o)
    );
    let again = cli(&args("b.xlsx").iter().map(String::as_str).collect::<Vec<_>>());
    assert!(stderr(&again).contains("该台账已导入过"), "{}", stderr(&again));
    let h = cli(&["history", "--db", db]);
    let listed = stdout(&h);
    assert!(
        listed.contains("[1] 两年台账.csv") && listed.contains("[2] 2025年"),
        "{listed}"
    );
    let out = dir.join("迁移.xlsx");
    let c = cli(&["compare", "--db", db, "1", "2", "-o", out.to_str().unwrap()]);
    assert!(c.status.success(), "{}", stderr(&c));
    assert!(stdout(&c).contains("升级 1，降级 1，新增 1，流失 0"), "{}", stdout(&c));
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["迁移矩阵", "升级与降级", "新增与流失", "明日之星", "需关注客户"]
    );
    let m = wb.worksheet_range("迁移矩阵").unwrap();
    // Row 4 (0-based 3) is "A类客户 → A, B, C"; K1 went A → B (100 meets the B band).
    assert_eq!(m.get_value((3, 2)), Some(&calamine::Data::Float(1.0)));
    assert_eq!(m.get_value((4, 1)), Some(&calamine::Data::Float(1.0)), "K2 went B → A");
    let e = cli(&["compare", "--db", db, "1", "9"]);
    assert_eq!(e.status.code(), Some(1));
    assert!(stderr(&e).contains("没有编号为 9 的分级记录"));
}

#[test]
fn report_of_a_stored_run_shows_who_moved_since_the_period_before() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.tierbook");
    let db = db.to_str().unwrap();
    for (ledger, out) in [("2024销售台账.xlsx", "a.xlsx"), ("2025销售台账.xlsx", "b.xlsx")] {
        let o = cli(&[
            "classify",
            sample(ledger).to_str().unwrap(),
            "--db",
            db,
            "-o",
            dir.path().join(out).to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let html = dir.path().join("r.html");
    let o = cli(&[
        "report",
        "2",
        "--db",
        db,
        "--company",
        "华东精工",
        "-o",
        html.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = std::fs::read_to_string(&html).unwrap();
    assert!(doc.contains("客户变动（与2024年相比）"), "movers since 2024");
    assert!(doc.contains("华东精工"));
    // The first period has nothing before it.
    let o = cli(&["report", "1", "--db", db, "-o", html.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!std::fs::read_to_string(&html).unwrap().contains("客户变动"));
    let e = cli(&["report", "9", "--db", db, "-o", html.to_str().unwrap()]);
    assert!(!e.status.success());
    assert!(stderr(&e).contains("没有编号为 9 的分级记录"), "{}", stderr(&e));
}

#[test]
fn a_workspace_moves_up_to_the_team_server_where_a_read_only_user_cannot_import() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("本机.tierbook");
    let ledger = dir.path().join("两年台账.csv");
    std::fs::write(&ledger, "客户编号,日期,金额\nK1,2024-03-01,600\nK2,2025-04-01,700\n").unwrap();
    let o = cli(&[
        "classify",
        ledger.to_str().unwrap(),
        "--db",
        file.to_str().unwrap(),
        "--per",
        "year",
        "-o",
        dir.path().join("a.xlsx").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let server = tierbook_testdata::server::fresh_database();
    let m = cli(&["move", "--from", file.to_str().unwrap(), "--to", &server]);
    assert!(m.status.success(), "{}", stderr(&m));
    assert!(
        stdout(&m).contains("已迁移：台账 1（2 行），分级记录 2"),
        "{}",
        stdout(&m)
    );
    let h = cli(&["history", "--db", &server]);
    assert!(stdout(&h).contains("[2] 2025年"), "{}", stdout(&h));
    // The owner sets up the roles and adds a manager who may only read.
    assert!(cli(&["team", "init", "--db", &server]).status.success());
    let db = server.rsplit_once('/').unwrap().1;
    let viewer = format!("{db}_gm");
    let add = Command::new(env!("CARGO_BIN_EXE_tierbook-cli"))
        .args(["team", "add-user", "--db", &server, &viewer, "--role", "viewer"])
        .env("TIERBOOK_NEW_PASSWORD", "初始密码")
        .output()
        .unwrap();
    assert!(add.status.success(), "{}", stderr(&add));
    assert!(stdout(&add).contains("角色：只读（管理层）"));
    let as_viewer = server.replacen("postgres@", &format!("{viewer}@"), 1);
    let h = cli(&["history", "--db", &as_viewer]);
    assert!(
        stdout(&h).contains("[2] 2025年"),
        "the manager sees the runs: {}",
        stderr(&h)
    );
    let refused = cli(&[
        "classify",
        sample("客户汇总.xlsx").to_str().unwrap(),
        "--db",
        &as_viewer,
        "-o",
        dir.path().join("b.xlsx").to_str().unwrap(),
    ]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("只读（管理层）"), "{}", stderr(&refused));
}
