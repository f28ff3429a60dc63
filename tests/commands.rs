//! The app's commands on Tauri's mock runtime: no webview, no window, the real
//! IPC path (arguments as JSON, errors as `{code, params, message}`).

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindow;
use tierbook_app::{AppState, TestHooks};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/2025销售台账.xlsx")
}

struct Harness {
    _app: tauri::App<tauri::test::MockRuntime>,
    webview: WebviewWindow<tauri::test::MockRuntime>,
}

fn harness(settings: Option<PathBuf>) -> Harness {
    let app = tierbook_app::builder(mock_builder())
        .manage(AppState::new(settings, Some(sample()), TestHooks::default()))
        .build(mock_context(noop_assets()))
        .expect("the app builds on the mock runtime");
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("a mock webview");
    Harness { _app: app, webview }
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
        let inspected = self.ok("inspect_ledger", json!({ "path": sample(), "options": null }));
        self.ok(
            "import_ledger",
            json!({ "path": sample(), "options": inspected["options"], "onProgress": "__CHANNEL__:1" }),
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
    assert_eq!(parsed.overrides.len(), 1);
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
    let en = h.ok("charts", json!({ "lang": "en" }));
    assert!(en["pareto"].as_str().unwrap().contains("Pareto"));
}
