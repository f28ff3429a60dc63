//! The app's commands on Tauri's mock runtime: no webview, no window, the real
//! IPC path (arguments as JSON, errors as `{code, params, message}`).

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow};
use tierbook_app::{AppState, TestHooks};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/2025销售台账.xlsx")
}

fn previous() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/2024销售台账.xlsx")
}

struct Harness {
    _app: tauri::App<tauri::test::MockRuntime>,
    webview: WebviewWindow<tauri::test::MockRuntime>,
    _dir: tempfile::TempDir,
}

fn harness(settings: Option<PathBuf>) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    harness_in(settings, Some(dir.path().join("ws.tierbook")), dir)
}

fn harness_in(settings: Option<PathBuf>, workspace: Option<PathBuf>, dir: tempfile::TempDir) -> Harness {
    let app = tierbook_app::builder(mock_builder())
        .manage(AppState::new(settings, workspace, Some(sample()), TestHooks::default()))
        .build(mock_context(noop_assets()))
        .expect("the app builds on the mock runtime");
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("a mock webview");
    Harness {
        _app: app,
        webview,
        _dir: dir,
    }
}

impl Harness {
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(
            &self.webview,
            InvokeRequest {
                cmd: cmd.into(),
                callback: tauri::ipc::CallbackFn(0),
                error: tauri::ipc::CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: tauri::ipc::InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|b| b.deserialize::<Value>().unwrap())
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args).unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    fn import_sample(&self) -> Value {
        self.import(&sample())
    }

    fn import(&self, path: &Path) -> Value {
        let inspected = self.ok("inspect_ledger", json!({ "path": path, "options": null }));
        self.ok(
            "import_ledger",
            json!({ "path": path, "options": inspected["options"], "onProgress": "__CHANNEL__:1" }),
        )
    }
}

fn counts(summary: &Value) -> Vec<u64> {
    summary["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["customers"].as_u64().unwrap())
        .collect()
}

#[test]
fn first_run_offers_the_bundled_sample() {
    let h = harness(None);
    let info = h.ok("app_info", json!({}));
    assert_eq!(info["first_run"], true);
    assert_eq!(info["lang"], "zh");
    assert!(info["sample"].as_str().unwrap().ends_with("2025销售台账.xlsx"));
}

#[test]
fn importing_the_sample_tiers_it_like_the_core_does() {
    let h = harness(None);
    let out = h.import_sample();
    assert_eq!(out["report"]["sheets"].as_array().unwrap().len(), 2);
    assert_eq!(counts(&out["summary"]), [5, 16, 85]);
    let page = h.ok("table_page", json!({ "query": { "offset": 0, "limit": 10, "sort": "sales", "descending": true, "tier": null, "search": "", "lang": "zh" } }));
    assert_eq!(page["total"], 106);
    assert_eq!(page["rows"][0]["id"], "KH1001");
    assert_eq!(page["rows"].as_array().unwrap().len(), 10);
    let found = h.ok("table_page", json!({ "query": { "offset": 0, "limit": 50, "sort": "tier", "descending": false, "tier": "B", "search": "无锡", "lang": "zh" } }));
    assert!(found["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["tier"] == "B" && r["name"].as_str().unwrap().contains("无锡")));
    // 助记码: the pinyin initials of 无锡 (wx) find the same customers, and
    // full-width letters match too.
    let query = |search: &str, sort: &str| json!({ "query": { "offset": 0, "limit": 200, "sort": sort, "descending": false, "tier": null, "search": search, "lang": "zh" } });
    let names = |page: &serde_json::Value| -> Vec<String> {
        page["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap().to_string())
            .collect()
    };
    let wuxi = names(&h.ok("table_page", query("无锡", "name")));
    assert!(!wuxi.is_empty());
    let by_initials = names(&h.ok("table_page", query("ｗｘ", "name")));
    assert!(wuxi.iter().all(|n| by_initials.contains(n)), "{by_initials:?}");
    assert!(by_initials
        .iter()
        .all(|n| tierbook_core::lookup::initials(n).contains("wx")));
    // Names sort by pinyin, as Excel zh-CN does: 常州 (chang) before 南京 (nan) before 无锡 (wu).
    let all = names(&h.ok("table_page", query("", "name")));
    let keys: Vec<String> = all.iter().map(|n| tierbook_core::lookup::sort_key(n)).collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "pinyin order");
    let first = |city: &str| all.iter().position(|n| n.starts_with(city)).unwrap();
    assert!(first("常州") < first("南京") && first("南京") < first("无锡"));
}

#[test]
fn the_table_filters_by_salesperson_and_by_the_records_region() {
    let h = harness(None);
    h.import_sample();
    let choices = h.ok("group_choices", json!({}));
    let wang = choices["salespeople"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s[0] == "王建国")
        .unwrap()
        .clone();
    assert_eq!(wang[1], 17);
    assert!(choices["regions"].as_array().unwrap().is_empty(), "no records yet");
    let query = |group: Value| json!({ "query": { "offset": 0, "limit": 500, "sort": "tier", "descending": false, "tier": null, "search": "", "group": group, "lang": "zh" } });
    let page = h.ok("table_page", query(json!({ "dim": "salesperson", "value": "王建国" })));
    assert_eq!(page["total"], 17);
    // A record's 地区 (and its 客户经理) group the customer too.
    let rec = json!({ "id": "KH1001", "name": "南京华东设备贸易商行", "manager": "李敏", "contact": "", "industry": "机械", "region": "华东", "notes": "", "needs": "" });
    h.ok("save_customer", json!({ "record": rec }));
    let choices = h.ok("group_choices", json!({}));
    assert_eq!(choices["regions"], json!([["华东", 1]]));
    assert_eq!(choices["industries"], json!([["机械", 1]]));
    let east = h.ok("table_page", query(json!({ "dim": "region", "value": "华东" })));
    assert_eq!(east["rows"][0]["id"], "KH1001");
    let li = h.ok("table_page", query(json!({ "dim": "salesperson", "value": "李敏" })));
    assert!(
        li["rows"].as_array().unwrap().iter().any(|r| r["id"] == "KH1001"),
        "the record's 客户经理 counts"
    );
}

/// Who bought what, read straight from the sample workbook with calamine: every
/// line naming a product and an amount, the one line without a 客户编号 taken
/// by its name, as the import reports doing.
fn buyers_in_the_sample() -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    use calamine::{Data, Reader};
    let mut wb = calamine::open_workbook_auto(sample()).unwrap();
    let mut lines = Vec::new();
    for sheet in ["销售明细", "销售明细(续)"] {
        let range = wb.worksheet_range(sheet).unwrap();
        let mut rows = range
            .rows()
            .skip_while(|r| r.first().map(|c| c.to_string()) != Some("序号".into()));
        let header: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        let (id, name, product, amount) = (col("客户编号"), col("客户名称"), col("产品名称"), col("含税金额（元）"));
        for r in rows {
            let text = |i: usize| r[i].to_string().trim().to_string();
            if matches!(r[amount], Data::Float(_) | Data::Int(_)) && !text(product).is_empty() {
                lines.push((text(id), text(name), text(product)));
            }
        }
    }
    let ids: std::collections::HashMap<String, String> = lines
        .iter()
        .filter(|(id, _, _)| !id.is_empty())
        .map(|(id, name, _)| (name.clone(), id.clone()))
        .collect();
    let mut buyers: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> = Default::default();
    for (id, name, product) in lines {
        let id = if id.is_empty() { ids[&name].clone() } else { id };
        buyers.entry(product).or_default().insert(id);
    }
    buyers
}

#[test]
fn the_table_filters_by_a_product_to_the_customers_who_bought_it() {
    let h = harness(None);
    h.import_sample();
    let expected = buyers_in_the_sample();
    assert!(expected.len() >= 5, "the sample names its products");
    let choices = h.ok("group_choices", json!({}));
    let offered: std::collections::BTreeMap<String, usize> = choices["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_str().unwrap().to_string(), p[1].as_u64().unwrap() as usize))
        .collect();
    let counted: std::collections::BTreeMap<String, usize> =
        expected.iter().map(|(p, c)| (p.clone(), c.len())).collect();
    assert_eq!(offered, counted, "each product with the customers who bought it");
    // The biggest product group first.
    let first = &choices["products"][0];
    assert_eq!(
        first[1].as_u64().unwrap() as usize,
        counted.values().copied().max().unwrap()
    );
    // The filter lists exactly those customers, narrowed further by a tier.
    let query = |product: &str, tier: Value| json!({ "query": { "offset": 0, "limit": 500, "sort": "tier", "descending": false, "tier": tier, "search": "", "group": { "dim": "product", "value": product }, "lang": "zh" } });
    let (product, buyers) = expected.iter().min_by_key(|(_, c)| c.len()).unwrap();
    let page = h.ok("table_page", query(product, Value::Null));
    let ids: std::collections::BTreeSet<String> = page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(&ids, buyers, "{product}");
    let a = h.ok("table_page", query(product, json!("A")));
    assert!(a["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["tier"] == "A" && buyers.contains(r["id"].as_str().unwrap())));
}

#[test]
fn after_an_import_the_welcome_offers_the_last_run_and_the_ledger() {
    let h = harness(None);
    let before = h.ok("welcome_facts", json!({ "lang": "zh" }));
    assert!(before["last_run"].is_null() && before["recent"].as_array().unwrap().is_empty());
    let out = h.import_sample();
    let facts = h.ok("welcome_facts", json!({ "lang": "zh" }));
    assert_eq!(facts["last_run"]["id"], out["run_id"]);
    assert_eq!(facts["last_run"]["label"], "2025年");
    assert_eq!(facts["last_run"]["file_name"], "2025销售台账.xlsx");
    let recent = &facts["recent"][0];
    assert_eq!(recent["name"], "2025销售台账.xlsx");
    assert_eq!(recent["exists"], true);
    // The same ledger again stays one entry.
    h.import_sample();
    assert_eq!(
        h.ok("welcome_facts", json!({ "lang": "zh" }))["recent"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a_workspace_import_reports_what_only_the_customers_tell_as_the_cli_does() {
    // Through the workspace (as the app imports) and in memory (as the CLI
    // without --db does), the report carries the same findings: row 205's code
    // taken from its name is known only once customers are aggregated.
    let h = harness(None);
    let out = h.import_sample();
    let line = out["summary"]["confidence"]["line"].as_str().unwrap().to_string();
    assert!(line.contains("1 行缺客户编号，按同名客户的编号补上"), "{line}");
    let (cli_report, _) = tierbook_core::run(
        &sample(),
        &tierbook_core::CheckedPolicy::default(),
        &mut tierbook_core::Quiet,
    )
    .unwrap();
    assert_eq!(line, cli_report.confidence(tierbook_core::Lang::Zh));
    assert_eq!(
        out["report"]["findings"],
        serde_json::to_value(&cli_report.findings).unwrap()
    );
}

#[test]
fn a_period_chosen_in_the_preview_is_the_banners_and_the_reports_as_the_clis() {
    // 2025-07-01 – 2025-12-31 of the sample: the window's report (banner,
    // 导入金额) once counted the whole year while the CLI skipped the rest.
    let h = harness(None);
    let inspected = h.ok("inspect_ledger", json!({ "path": sample(), "options": null }));
    let mut options = inspected["options"].clone();
    options["period"] = json!({ "from": "2025-07-01", "to": "2025-12-31" });
    let out = h.ok(
        "import_ledger",
        json!({ "path": sample(), "options": options, "onProgress": "__CHANNEL__:1" }),
    );
    let policy = tierbook_core::CheckedPolicy::default()
        .with_run(tierbook_core::RunSpec {
            import: serde_json::from_value(options).unwrap(),
            ..Default::default()
        })
        .unwrap();
    let (cli, _) = tierbook_core::run(&sample(), &policy, &mut tierbook_core::Quiet).unwrap();
    let report = &out["report"];
    let imported: u64 = report["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["imported"].as_u64().unwrap())
        .sum();
    let skipped: u64 = report["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["skipped"].as_u64().unwrap())
        .sum();
    assert_eq!((imported, skipped), (cli.imported(), cli.skipped()));
    assert!(cli.skipped() > 1, "the first half is skipped");
    assert_eq!(report["imported_amount"].as_f64().unwrap(), cli.imported_amount);
    assert_eq!(report["skipped_rows"], serde_json::to_value(&cli.skipped_rows).unwrap());
}

#[test]
fn a_policy_out_of_range_is_refused_at_the_command_naming_the_field_and_nothing_changes() {
    let h = harness(None);
    let before = h.import_sample();
    let mut policy = h.ok("policy_preset", json!({ "method": "abc-rank" }));
    policy["abc_rank"]["a_share"] = json!(1.5);
    let e = h.call("apply_policy", json!({ "policy": policy })).unwrap_err();
    assert_eq!(e["code"], "policy.out_of_range");
    assert_eq!(e["params"]["name"], "abc_rank.a_share");
    let message = e["message"].as_str().unwrap();
    assert!(
        message.contains("A 类占客户数") && message.contains("150%"),
        "{message}"
    );
    let after = h.ok("current_summary", json!({}));
    assert_eq!(counts(&after), counts(&before["summary"]));
}

#[test]
fn changing_the_method_re_tiers_and_keeps_manual_tiers() {
    let h = harness(None);
    h.import_sample();
    let e = h
        .call(
            "set_override",
            json!({ "customer": "KH1090", "tier": "A", "reason": "  " }),
        )
        .unwrap_err();
    assert_eq!(e["code"], "policy.override_without_reason");
    assert!(e["message"].as_str().unwrap().contains("缺少原因"));
    let s = h.ok(
        "set_override",
        json!({ "customer": "KH1090", "tier": "A", "reason": "战略意义" }),
    );
    assert_eq!(s["overrides"], 1);
    let preset = h.ok("policy_preset", json!({ "method": "abc-value" }));
    let s = h.ok("apply_policy", json!({ "policy": preset }));
    assert_eq!(s["policy"]["method"], "abc-value");
    assert_eq!(s["overrides"], 1, "the manual tier survives the method change");
    assert_ne!(counts(&s), [5, 16, 85]);
    let s = h.ok(
        "set_override",
        json!({ "customer": "KH1090", "tier": null, "reason": "" }),
    );
    assert_eq!(s["overrides"], 0, "undone");
}

#[test]
fn edited_needs_and_overrides_reach_the_exported_workbook() {
    let h = harness(None);
    h.import_sample();
    h.ok(
        "set_needs",
        json!({ "customer": "KH1001", "text": "定制化方案，关注交期" }),
    );
    h.ok(
        "set_override",
        json!({ "customer": "KH1090", "tier": "A", "reason": "战略意义" }),
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("表.xlsx");
    let done = h.ok("export_workbook", json!({ "path": out, "lang": "zh" }));
    assert_eq!(done["folder"], dir.path().display().to_string());
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let range = wb.worksheet_range("客户分级管理表").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let top = rows.iter().find(|r| r[0] == "KH1001").unwrap();
    assert_eq!(top[7], "定制化方案，关注交期");
    let lifted = rows.iter().find(|r| r[0] == "KH1090").unwrap();
    assert_eq!(lifted[2], "A类客户");
    assert!(lifted.last().unwrap().contains("战略意义"));
    let e = h
        .call("reveal_in_folder", json!({ "path": "/etc/passwd" }))
        .unwrap_err();
    assert_eq!(e["code"], "app.not_exported", "only exported files can be revealed");
    let e = h.call("open_exported", json!({ "path": "/etc/passwd" })).unwrap_err();
    assert_eq!(e["code"], "app.not_exported", "only exported files can be opened");
}

#[test]
fn errors_cross_ipc_as_code_params_and_message() {
    let h = harness(None);
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("空.xlsx");
    std::fs::write(&empty, b"").unwrap();
    let e = h
        .call("inspect_ledger", json!({ "path": empty, "options": null }))
        .unwrap_err();
    assert_eq!(e["code"], "import.empty_file");
    assert_eq!(e["params"]["file"], "空.xlsx");
    assert!(e["message"].as_str().unwrap().contains("是空的"));
    let e = h.call("table_page", json!({ "query": { "offset": 0, "limit": 10, "sort": "tier", "descending": false, "tier": null, "search": "", "lang": "zh" } })).unwrap_err();
    assert_eq!(e["code"], "app.no_ledger");
}

#[test]
fn the_language_and_the_mapping_for_a_layout_are_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let settings = dir.path().join("settings.json");
    let ledger = dir.path().join("erp.csv");
    std::fs::write(
        &ledger,
        "客户,日期,含税金额,净额\n甲,2025-01-01,100,80\n乙,2025-01-02,50,40\n",
    )
    .unwrap();
    {
        let h = harness(Some(settings.clone()));
        h.ok("set_language", json!({ "lang": "en" }));
        let mut options = h.ok("inspect_ledger", json!({ "path": ledger, "options": null }))["options"].clone();
        options["mapping"] = json!({ "amount": "净额" });
        h.ok(
            "import_ledger",
            json!({ "path": ledger, "options": options, "onProgress": "__CHANNEL__:1" }),
        );
    }
    let h = harness(Some(settings));
    let info = h.ok("app_info", json!({}));
    assert_eq!(info["lang"], "en");
    assert_eq!(info["first_run"], false);
    let again = h.ok("inspect_ledger", json!({ "path": ledger, "options": null }));
    assert_eq!(again["remembered"], true);
    assert_eq!(again["options"]["mapping"]["amount"], "净额");
}

#[test]
fn the_mapping_travels_with_the_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared.tierbook");
    let ledger = dir.path().join("erp.csv");
    std::fs::write(&ledger, "客户,日期,含税金额,净额\n甲,2025-01-01,100,80\n").unwrap();
    {
        let h = harness_in(None, Some(db.clone()), tempfile::tempdir().unwrap());
        let mut options = h.ok("inspect_ledger", json!({ "path": ledger, "options": null }))["options"].clone();
        options["mapping"] = json!({ "amount": "净额" });
        h.ok(
            "import_ledger",
            json!({ "path": ledger, "options": options, "onProgress": "__CHANNEL__:1" }),
        );
    }
    // Another computer (no settings file) opening the same workspace.
    let h = harness_in(None, Some(db), dir);
    let again = h.ok("inspect_ledger", json!({ "path": ledger, "options": null }));
    assert_eq!(again["remembered"], true);
    assert_eq!(again["options"]["mapping"]["amount"], "净额");
}

#[test]
fn a_policy_saved_from_the_window_loads_back_and_is_a_cli_policy_file() {
    let h = harness(None);
    h.import_sample();
    let mut preset = h.ok("policy_preset", json!({ "method": "share" }));
    preset["share"]["a_min"] = json!(0.02);
    h.ok("apply_policy", json!({ "policy": preset }));
    h.ok(
        "set_override",
        json!({ "customer": "KH1090", "tier": "A", "reason": "战略意义" }),
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("规则.json");
    h.ok("save_policy", json!({ "path": file }));
    let text = std::fs::read_to_string(&file).unwrap();
    let parsed = tierbook_core::TierPolicy::from_json("规则.json", &text).unwrap();
    assert_eq!(parsed.share.a_min, 0.02);
    assert_eq!(parsed.run.overrides.len(), 1);
    let other = harness(None);
    other.import_sample();
    let s = other.ok("load_policy", json!({ "path": file }));
    assert_eq!(s["policy"]["method"], "share");
    assert_eq!(s["overrides"], 1);
    std::fs::write(&file, "{ not json").unwrap();
    let e = other.call("load_policy", json!({ "path": file })).unwrap_err();
    assert_eq!(e["code"], "policy.parse");
}

#[test]
fn printing_lays_the_report_out_in_a_hidden_window_of_its_own() {
    let h = harness(None);
    assert_eq!(h.call("print_job", json!({})).unwrap_err()["code"], "app.no_ledger");
    h.import_sample();
    h.ok(
        "print_report",
        json!({ "lang": "en", "suggested": "/nowhere/客户分级分析报告_2025年.pdf" }),
    );
    let windows = h.webview.app_handle().webview_windows();
    assert!(windows.contains_key("print-1"), "the print window is made");
    let job = h.ok("print_job", json!({}));
    assert!(job["body"]
        .as_str()
        .unwrap()
        .starts_with("<article class=\"tb-report\" lang=\"en\""));
    assert_eq!(job["lang"], "en");
    // The print job's name is the file 打印到文件 offers.
    assert_eq!(job["title"], "客户分级分析报告_2025年");
    // A second print, before the first window has gone, replaces the first.
    h.ok("print_report", json!({ "lang": "zh", "suggested": "" }));
    assert!(h.webview.app_handle().webview_windows().contains_key("print-2"));
    assert_eq!(h.ok("print_job", json!({}))["title"], "客户分级分析报告");
}

#[test]
fn the_report_previews_saves_and_carries_the_company_and_playbook() {
    let dir = tempfile::tempdir().unwrap();
    let h = harness(Some(dir.path().join("settings.json")));
    h.import_sample();
    let defaults = h.ok("report_settings", json!({ "lang": "zh" }));
    assert_eq!(defaults["edited"], false);
    let mut playbook = defaults["playbook"].clone();
    playbook["tiers"][0]["visit_frequency"] = json!("每两周拜访一次");
    h.ok(
        "set_report_settings",
        json!({ "company": " 华东精工 ", "playbook": playbook }),
    );
    let preview = h.ok("report_preview", json!({ "lang": "zh" }));
    let body = preview["body"].as_str().unwrap();
    assert!(body.starts_with("<article class=\"tb-report\""));
    assert!(body.contains("华东精工") && body.contains("每两周拜访一次"));
    let file = dir.path().join("报告.html");
    h.ok("save_report_html", json!({ "path": file, "lang": "en" }));
    let doc = std::fs::read_to_string(&file).unwrap();
    assert!(doc.contains("<style>") && doc.contains("Customer Tier Report"));
    h.ok(
        "set_report_settings",
        json!({ "company": "华东精工", "playbook": null }),
    );
    assert_eq!(
        h.ok("report_settings", json!({ "lang": "zh" }))["edited"],
        false,
        "defaults restored"
    );
}

#[test]
fn the_charts_follow_the_language() {
    let h = harness(None);
    h.import_sample();
    let zh = h.ok("charts", json!({ "lang": "zh" }));
    assert!(zh["pareto"].as_str().unwrap().contains("帕累托"));
    assert_eq!(zh["segments"].as_array().unwrap().len(), 8, "the 8 RFM segments");
    let total: u64 = zh["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["customers"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 106, "every customer in one segment");
    let by_count = h.ok("charts", json!({ "lang": "zh", "rfmByCount": true }));
    assert!(by_count["rfm"].as_str().unwrap().contains("颜色与数字均为客户数"));
    let en = h.ok("charts", json!({ "lang": "en" }));
    assert!(en["pareto"].as_str().unwrap().contains("Pareto"));
}

#[test]
fn importing_the_same_file_again_opens_its_earlier_run_instead_of_doubling_it() {
    let h = harness(None);
    let first = h.import_sample();
    assert_eq!(first["already"], Value::Null);
    assert_eq!(first["summary"]["run_label"], "2025年");
    let again = h.import_sample();
    assert!(again["already"].is_string(), "offered as already imported: {again}");
    assert_eq!(again["run_id"], first["run_id"]);
    let ws = h.ok("workspace_overview", json!({ "lang": "zh" }));
    assert_eq!(ws["ledgers"].as_array().unwrap().len(), 1);
    assert_eq!(ws["runs"].as_array().unwrap().len(), 1);
    assert_eq!(
        ws["ledgers"][0]["rows_imported"],
        first["report"]["sheets"][0]["imported"].as_u64().unwrap()
            + first["report"]["sheets"][1]["imported"].as_u64().unwrap()
    );
}

#[test]
fn a_run_saved_in_chinese_is_named_in_english_after_switching_language() {
    let h = harness(None);
    h.import(&previous());
    h.import_sample();
    h.ok("set_language", json!({ "lang": "en" }));
    assert_eq!(h.ok("current_summary", json!({}))["run_label"], "2025");
    let ws = h.ok("workspace_overview", json!({ "lang": "en" }));
    let labels: Vec<&str> = ws["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["2024", "2025"]);
    let pair = ws["pair"].clone();
    let c = h.ok(
        "compare_runs",
        json!({ "before": pair[0], "after": pair[1], "lang": "en" }),
    );
    assert_eq!(c["before"]["label"], "2024");
}

#[test]
fn two_periods_are_compared_with_the_matrix_the_lists_and_a_workbook() {
    let h = harness(None);
    let y2024 = h.import(&previous());
    let y2025 = h.import_sample();
    assert_eq!(y2024["summary"]["run_label"], "2024年");
    let ws = h.ok("workspace_overview", json!({ "lang": "zh" }));
    let pair = ws["pair"].as_array().unwrap();
    assert_eq!(
        (&pair[0], &pair[1]),
        (&y2024["run_id"], &y2025["run_id"]),
        "the two latest periods, earlier first"
    );
    let c = h.ok(
        "compare_runs",
        json!({ "before": pair[0], "after": pair[1], "lang": "zh" }),
    );
    let in_both: u64 = c["matrix"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r.as_array().unwrap().iter().map(|x| x["customers"].as_u64().unwrap()))
        .sum();
    let new = c["new"].as_array().unwrap().len() as u64;
    let lost = c["lost"].as_array().unwrap().len() as u64;
    assert_eq!(in_both + new, y2025["summary"]["customers"].as_u64().unwrap());
    assert_eq!(in_both + lost, y2024["summary"]["customers"].as_u64().unwrap());
    assert!(new >= 1, "customers who started buying in 2025");
    assert!(!c["upgraded"].as_array().unwrap().is_empty() && !c["downgraded"].as_array().unwrap().is_empty());
    assert!(c["flow"].as_str().unwrap().contains("2024年 → 2025年"));
    assert!(c["trend"].as_str().unwrap().contains("各等级客户数趋势"));
    let file = h._dir.path().join("迁移.xlsx");
    let out = h.ok(
        "export_comparison",
        json!({ "before": pair[0], "after": pair[1], "path": file, "lang": "zh" }),
    );
    assert_eq!(out["path"], file.display().to_string());
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(&file).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names[0], "迁移矩阵");
    let matrix = wb.worksheet_range("迁移矩阵").unwrap();
    let cells: Vec<String> = matrix.rows().flatten().map(|c| c.to_string()).collect();
    assert!(cells.iter().any(|c| c.contains("2024年 → 2025年")));
    // The report of 2025 now shows who moved since 2024.
    let body = h.ok("report_preview", json!({ "lang": "zh" }))["body"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(body.contains("客户变动（与2024年相比）"));
}

#[test]
fn overrides_needs_and_records_are_kept_with_who_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.tierbook");
    let customer;
    let run_id;
    {
        let h = harness_in(None, Some(db.clone()), tempfile::tempdir().unwrap());
        let o = h.import_sample();
        run_id = o["run_id"].clone();
        let page = h.ok("table_page", json!({ "query": { "offset": 0, "limit": 1, "sort": "sales", "descending": true, "tier": null, "search": "", "lang": "zh" } }));
        customer = page["rows"][0]["id"].as_str().unwrap().to_string();
        h.ok(
            "set_override",
            json!({ "customer": customer, "tier": "B", "reason": "回款慢，暂降一级" }),
        );
        h.ok("set_needs", json!({ "customer": customer, "text": "年底集中采购" }));
        let mut rec = h.ok("customer_page", json!({ "customer": customer }))["record"].clone();
        rec["manager"] = json!("王建国");
        rec["region"] = json!("华东");
        let page = h.ok("save_customer", json!({ "record": rec }));
        let actions: Vec<&str> = page["audit"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["action"].as_str().unwrap())
            .collect();
        assert_eq!(actions, ["record", "needs", "override"], "newest first");
        assert!(page["audit"][2]["detail"]
            .as_str()
            .unwrap()
            .contains("A类客户 → B类客户：回款慢，暂降一级"));
        assert_eq!(page["periods"][0]["tier"], "B");
        assert_eq!(page["periods"][0]["computed"], "A");
    }
    // Reopened: the run keeps the override, the record and the needs.
    let h = harness_in(None, Some(db), dir);
    let o = h.ok("open_run", json!({ "runId": run_id }));
    assert_eq!(o["summary"]["overrides"], 1);
    let page = h.ok("customer_page", json!({ "customer": customer }));
    assert_eq!(page["record"]["manager"], "王建国");
    assert_eq!(page["record"]["needs"], "年底集中采购");
    // The open run shows the customer through its lenses too.
    let current = &page["current"];
    assert_eq!(current["id"], customer.as_str());
    assert_eq!(current["tier"], "B", "the manual tier");
    assert!(current["segment"].as_str().unwrap().ends_with("客户"), "{current}");
    assert!(current["level"].as_str().unwrap().contains("1:"), "{current}");
}

#[test]
fn deleting_an_import_removes_it_and_closes_its_open_run() {
    let h = harness(None);
    let o = h.import_sample();
    let ws = h.ok("workspace_overview", json!({ "lang": "zh" }));
    let ledger = ws["ledgers"][0]["id"].clone();
    let ws = h.ok(
        "tier_periods",
        json!({ "ledgerId": ledger, "per": "quarter", "lang": "zh" }),
    );
    assert_eq!(
        ws["runs"].as_array().unwrap().len(),
        5,
        "the year and its four quarters"
    );
    let open: Vec<&Value> = ws["runs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["open"] == true)
        .collect();
    assert_eq!(open.len(), 1);
    assert_eq!((&open[0]["id"], &open[0]["label"]), (&o["run_id"], &json!("2025年")));
    let out = h.ok("delete_ledger", json!({ "ledgerId": ledger, "lang": "zh" }));
    assert_eq!(out["closed"], true);
    assert!(out["workspace"]["ledgers"].as_array().unwrap().is_empty());
    assert!(out["workspace"]["runs"].as_array().unwrap().is_empty());
    assert_eq!(h.call("table_page", json!({ "query": { "offset": 0, "limit": 1, "sort": "sales", "descending": true, "tier": null, "search": "", "lang": "zh" } })).unwrap_err()["code"], "app.no_ledger");
}

#[test]
fn without_a_workspace_the_app_still_tiers_and_says_history_is_unavailable() {
    let h = harness_in(None, None, tempfile::tempdir().unwrap());
    let o = h.import_sample();
    assert_eq!(o["run_id"], Value::Null);
    let e = h.call("workspace_overview", json!({ "lang": "zh" })).unwrap_err();
    assert_eq!(e["code"], "app.no_workspace");
}

#[test]
fn on_the_team_server_finance_imports_and_a_read_only_manager_sees_the_run_but_cannot_override() {
    use tierbook_core::store::{Role, Workspace};
    let url = tierbook_testdata::server::fresh_database();
    let db = url.rsplit_once('/').unwrap().1.to_string();
    {
        let mut owner = Workspace::connect(&url).unwrap();
        owner.team_setup().unwrap();
        owner.add_member(&format!("{db}_fin"), "pw", Role::Finance).unwrap();
        owner.add_member(&format!("{db}_gm"), "pw", Role::Viewer).unwrap();
        owner
            .add_account_manager(&format!("{db}_wang"), "pw", "王建国")
            .unwrap();
    }
    let (host, port) = {
        let rest = url.split_once('@').unwrap().1;
        let (hp, _) = rest.split_once('/').unwrap();
        let (h, p) = hp.split_once(':').unwrap();
        (h.to_string(), p.parse::<u16>().unwrap())
    };
    let server = |user: &str| json!({ "host": host, "port": port, "database": db, "user": format!("{db}_{user}") });

    let dir = tempfile::tempdir().unwrap();
    let settings = dir.path().join("settings.json");
    let clerk = harness(Some(settings.clone()));
    let info = clerk.ok("connect_team", json!({ "server": server("fin"), "password": "" }));
    assert_eq!(info["team"]["connected"], true);
    assert_eq!(info["team"]["role"], "finance");
    assert_eq!(info["workspace"], format!("{db}@{host}"));
    let out = clerk.import_sample();
    assert!(out["run_id"].as_i64().is_some(), "the import is kept on the server");
    // The server is remembered for the next start, never the password.
    let saved = std::fs::read_to_string(&settings).unwrap();
    assert!(saved.contains(&format!("{db}_fin")) && !saved.contains("password"));

    let manager = harness(None);
    let info = manager.ok("connect_team", json!({ "server": server("gm"), "password": "" }));
    assert_eq!(info["team"]["role"], "viewer");
    let w = manager.ok("workspace_overview", json!({ "lang": "zh" }));
    let run = w["runs"][0]["id"].as_i64().unwrap();
    manager.ok("open_run", json!({ "runId": run }));
    let e = manager
        .call(
            "set_override",
            json!({ "customer": "KH1090", "tier": "A", "reason": "战略意义" }),
        )
        .unwrap_err();
    assert_eq!(e["code"], "store.denied");
    assert!(e["message"].as_str().unwrap().contains("只读（管理层）"), "{e}");
    // Back to this PC's workspace: the team server is forgotten.
    let info = manager.ok("use_local_workspace", json!({}));
    assert!(info["team"].is_null(), "{info}");

    // An account manager's window lists their own customers only.
    let account = harness(None);
    let info = account.ok("connect_team", json!({ "server": server("wang"), "password": "" }));
    assert_eq!(info["team"]["role"], "account");
    let w = account.ok("workspace_overview", json!({ "lang": "zh" }));
    assert_eq!(
        w["runs"][0]["customers"],
        json!([1, 3, 13]),
        "counted over their customers"
    );
    let opened = account.ok("open_run", json!({ "runId": run }));
    assert_eq!(opened["summary"]["customers"], 17);
    let all = json!({ "query": { "offset": 0, "limit": 500, "sort": "tier", "descending": false, "tier": null, "search": "", "lang": "zh" } });
    let rows = |h: &Harness| -> std::collections::BTreeMap<String, (String, i64)> {
        h.ok("table_page", all.clone())["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["id"].as_str().unwrap().to_string(),
                    (r["tier"].as_str().unwrap().to_string(), r["rank"].as_i64().unwrap()),
                )
            })
            .collect()
    };
    let (theirs, company) = (rows(&account), rows(&clerk));
    assert_eq!(company.len(), 106);
    assert_eq!(theirs.len(), 17);
    for (id, tier) in &theirs {
        assert_eq!(Some(tier), company.get(id), "{id}: the company run's tier and rank");
    }
    let e = account
        .call(
            "set_override",
            json!({ "customer": "KH1001", "tier": "B", "reason": "试试" }),
        )
        .unwrap_err();
    assert_eq!(e["code"], "store.denied");
    assert!(e["message"].as_str().unwrap().contains("客户经理"), "{e}");
}

#[test]
fn the_window_moves_its_workspace_up_to_the_team_server_and_back_losing_nothing() {
    let url = tierbook_testdata::server::fresh_database();
    let address = tierbook_core::store::parse_server(&url).unwrap();
    let server =
        json!({ "host": address.host, "port": address.port, "database": address.database, "user": address.user });
    let h = harness(None);
    h.import_sample();
    let before = h.ok("workspace_overview", json!({ "lang": "zh" }));
    let up = h.ok("move_to_team", json!({ "server": server, "password": "" }));
    assert!(
        up["text"]
            .as_str()
            .unwrap()
            .starts_with("已迁移：台账 1（2411 行），分级记录 1"),
        "{up}"
    );
    assert_eq!(up["info"]["team"]["connected"], true);
    let on_server = h.ok("workspace_overview", json!({ "lang": "zh" }));
    assert_eq!(on_server["runs"][0]["customers"], before["runs"][0]["customers"]);
    assert_eq!(
        on_server["ledgers"][0]["rows_imported"],
        before["ledgers"][0]["rows_imported"]
    );
    // Down again: this PC's file still holds the original, so it is refused, untouched.
    let e = h.call("move_to_local", json!({})).unwrap_err();
    assert_eq!(e["code"], "store.target_not_empty");
    let fresh = tempfile::tempdir().unwrap();
    let h2 = harness_in(None, Some(fresh.path().join("ws.tierbook")), fresh);
    h2.ok("connect_team", json!({ "server": server, "password": "" }));
    let down = h2.ok("move_to_local", json!({}));
    assert!(down["info"]["team"].is_null());
    let back = h2.ok("workspace_overview", json!({ "lang": "zh" }));
    assert_eq!(back["runs"][0]["customers"], before["runs"][0]["customers"]);
}
