//! The workspace store: round trips, duplicate imports, deletes, versions, per-year
//! runs of one ledger, and a process killed in the middle of an import.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::*;
use tierbook_core::history::{compare, periods, CompareOptions, Granularity};
use tierbook_core::metrics::Needs;
use tierbook_core::store::{Change, CustomerRecord, StoreError, Workspace, VERSION};
use tierbook_core::tiering::policy::Override;
use tierbook_core::CheckedPolicy;
use tierbook_core::Tier;
use tierbook_core::{Lang, Period, Quiet, TierPolicy};

fn count(ws_path: &Path, sql: &str) -> i64 {
    Store::File(ws_path.to_path_buf()).count(sql)
}

#[test]
fn a_stored_ledger_tiers_exactly_like_the_file_and_runs_survive_reopening() {
    let dir = tmp();
    let policy = CheckedPolicy::default();
    let (file_report, file_table) = run(&sample("2025销售台账.xlsx"), &policy);
    for store in Store::both(dir.path()) {
        let run_id = {
            let mut ws = store.open();
            let imported = ws
                .import(&sample("2025销售台账.xlsx"), &Default::default(), &mut Quiet)
                .unwrap();
            assert!(!imported.already);
            // The report the workspace shows (with what only the customers tell:
            // names, merged spellings) is the file's.
            let (stored_report, _) = ws
                .metrics(imported.ledger.id, Period::default(), policy.clv_options())
                .unwrap();
            assert_eq!(stored_report, file_report, "{}", store.place());
            let (info, table) = ws
                .run(imported.ledger.id, "2025年", Period::default(), &policy)
                .unwrap();
            assert_eq!(
                table.metrics.customers, file_table.metrics.customers,
                "same metrics without the workbook"
            );
            assert_eq!(table.assignments, file_table.assignments);
            info.id
        };
        let ws = store.open();
        assert_eq!(ws.version().unwrap(), VERSION);
        let runs = ws.runs().unwrap();
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].label, "2025年");
        let (_, again) = ws.run_table(run_id).unwrap();
        assert_eq!(again.assignments, file_table.assignments);
        assert_eq!(store.count("SELECT COUNT(*) FROM run_result"), file_table.len() as i64);
        assert_eq!(store.count("SELECT COUNT(*) FROM txn"), file_report.imported() as i64);
    }
}

#[test]
fn a_run_read_back_from_the_rows_alone_reports_and_tiers_as_the_file_on_both_backends() {
    // No metrics cache: the stored rows are read back in file order.
    let dir = tmp();
    let policy = CheckedPolicy::default();
    let ledger = dir.path().join("改名台账.xlsx");
    tierbook_testdata::write_renamed_ledger(&ledger).unwrap();
    let (file_report, file_table) = run(&ledger, &policy);
    for store in Store::both(dir.path()) {
        let mut ws = store.open();
        let id = ws.import(&ledger, &Default::default(), &mut Quiet).unwrap().ledger.id;
        store.exec("DELETE FROM metrics_cache").unwrap();
        let (report, metrics) = ws.metrics(id, Period::default(), policy.clv_options()).unwrap();
        assert_eq!(report, file_report, "{}", store.place());
        assert_eq!(metrics.customers, file_table.metrics.customers, "{}", store.place());
    }
}

#[test]
fn importing_the_same_file_twice_is_detected_and_adds_nothing() {
    let dir = tmp();
    let copy = dir.path().join("副本.xlsx");
    std::fs::copy(sample("客户汇总.xlsx"), &copy).unwrap();
    for store in Store::both(dir.path()) {
        let mut ws = store.open();
        let first = ws
            .import(&sample("客户汇总.xlsx"), &Default::default(), &mut Quiet)
            .unwrap();
        let second = ws.import(&copy, &Default::default(), &mut Quiet).unwrap();
        assert!(second.already, "same content under another name");
        assert_eq!(second.ledger.id, first.ledger.id);
        assert_eq!(ws.ledgers().unwrap().len(), 1);
        assert_eq!(store.count("SELECT COUNT(*) FROM txn"), 40);
    }
}

#[test]
fn deleting_an_import_removes_its_rows_and_runs_and_is_audited_for_good() {
    let dir = tmp();
    for store in Store::both(dir.path()) {
        let mut ws = store.open();
        let id = ws
            .import(&sample("客户汇总.xlsx"), &Default::default(), &mut Quiet)
            .unwrap()
            .ledger
            .id;
        ws.run(id, "2025", Period::default(), &CheckedPolicy::default())
            .unwrap();
        ws.delete_ledger(id).unwrap();
        assert!(ws.ledgers().unwrap().is_empty());
        assert_eq!(
            store.count("SELECT COUNT(*) FROM txn")
                + store.count("SELECT COUNT(*) FROM run")
                + store.count("SELECT COUNT(*) FROM run_result"),
            0
        );
        assert_eq!(
            store.count("SELECT COUNT(*) FROM audit WHERE action = 'delete_ledger'"),
            1
        );
        assert!(
            store.exec("DELETE FROM audit").is_err(),
            "the audit log is append-only ({})",
            store.place()
        );
        assert!(store.exec("UPDATE audit SET who = 'x'").is_err());
        assert!(matches!(ws.delete_ledger(id), Err(StoreError::NoSuchLedger { .. })));
    }
}

#[test]
fn a_team_database_of_a_newer_schema_is_refused_and_left_untouched() {
    let url = fresh_database();
    let store = Store::Server(url.clone());
    drop(store.open());
    store.exec("UPDATE tierbook_schema SET version = 99").unwrap();
    let e = Workspace::connect(&url).err().unwrap();
    assert_eq!(e.code(), "store.newer_version");
    assert_eq!(store.count("SELECT version FROM tierbook_schema"), 99);
}

#[test]
fn a_workspace_from_a_newer_version_is_refused_and_left_untouched() {
    let dir = tmp();
    let db = dir.path().join("future.tierbook");
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch("CREATE TABLE later (x); PRAGMA user_version = 99;")
            .unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let e = Workspace::open(&db).err().unwrap();
    assert_eq!(e.code(), "store.newer_version");
    assert!(e.message(Lang::Zh).contains("更新版本"));
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn migrations_run_from_an_empty_file() {
    let dir = tmp();
    let db = dir.path().join("empty.tierbook");
    std::fs::write(&db, b"").unwrap();
    let ws = Workspace::open(&db).unwrap();
    assert_eq!(ws.version().unwrap(), VERSION);
    assert!(ws.ledgers().unwrap().is_empty());
    assert_eq!(count(&db, "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('ledger','txn','run','run_result','customer','audit','saved_policy','saved_mapping')"), 8);
    // A new team database gets the same tables.
    let server = Store::Server(fresh_database());
    assert_eq!(server.open().version().unwrap(), VERSION);
    assert_eq!(server.count("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('ledger','txn','run','run_result','customer','audit','saved_policy','saved_mapping')"), 8);
}

#[test]
fn one_ledger_spanning_two_years_is_tiered_per_year_and_compared() {
    let dir = tmp();
    let csv = dir.path().join("两年.csv");
    std::fs::write(&csv, "客户编号,日期,金额\nK1,2024-03-01,600\nK2,2024-04-01,150\nK1,2025-03-01,100\nK2,2025-04-01,700\nK3,2025-05-01,120\n").unwrap();
    let policy = TierPolicy::from_json(
        "bands.json",
        r#"{"method":"thresholds","thresholds":{"sales":{"a":500,"b":100},"frequency":{"enabled":false},"profit":{"enabled":false},"clv":{"enabled":false}}}"#,
    )
    .unwrap();
    for store in Store::both(dir.path()) {
        let mut ws = store.open();
        let ledger = ws.import(&csv, &Default::default(), &mut Quiet).unwrap().ledger;
        let years = periods(
            ledger.first_date.unwrap(),
            ledger.last_date.unwrap(),
            Granularity::Year,
            Lang::Zh,
        );
        assert_eq!(
            years.iter().map(|(l, _)| l.as_str()).collect::<Vec<_>>(),
            ["2024年", "2025年"]
        );
        let tables: Vec<_> = years
            .iter()
            .map(|(label, p)| ws.run(ledger.id, label, *p, &policy).unwrap().1)
            .collect();
        let c = compare(&tables[0], &tables[1], &CompareOptions::default());
        assert_eq!(c.upgraded.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), ["K2"]);
        assert_eq!(c.downgraded.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), ["K1"]);
        assert_eq!(c.new.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), ["K3"]);
        assert_eq!(ws.runs().unwrap().len(), 2);
    }
}

/// The two-period sample: one ledger over 2024 and 2025, tiered per year,
/// in `store`.
fn two_year_workspace(dir: &Path, store: &Store) -> (Workspace, i64, i64) {
    let csv = dir.join("两年.csv");
    std::fs::write(&csv, "客户编号,客户名称,日期,金额\nK1,甲公司,2024-03-01,600\nK2,乙公司,2024-04-01,150\nK1,甲公司,2025-03-01,100\nK2,乙公司,2025-04-01,700\n").unwrap();
    let policy = TierPolicy::from_json(
        "bands.json",
        r#"{"method":"thresholds","thresholds":{"sales":{"a":500,"b":100},"frequency":{"enabled":false},"profit":{"enabled":false},"clv":{"enabled":false}}}"#,
    )
    .unwrap();
    let mut ws = store.open();
    let ledger = ws.import(&csv, &Default::default(), &mut Quiet).unwrap().ledger;
    let years = periods(
        ledger.first_date.unwrap(),
        ledger.last_date.unwrap(),
        Granularity::Year,
        Lang::Zh,
    );
    let ids: Vec<i64> = years
        .iter()
        .map(|(label, p)| ws.run(ledger.id, label, *p, &policy).unwrap().0.id)
        .collect();
    (ws, ids[0], ids[1])
}

#[test]
fn a_customer_record_is_kept_across_runs_and_every_change_is_audited() {
    let dir = tmp();
    for store in Store::both(dir.path()) {
        let (mut ws, _, _) = two_year_workspace(dir.path(), &store);
        let blank = ws.customer_record("K1", "甲公司").unwrap();
        assert_eq!((blank.name.as_str(), blank.manager.as_str()), ("甲公司", ""));
        let rec = CustomerRecord {
            manager: "王建国".into(),
            region: "华东".into(),
            ..blank.clone()
        };
        ws.save_customer_record(&rec, "clerk").unwrap();
        ws.save_customer_record(&rec, "clerk").unwrap(); // unchanged: not audited again
        let again = ws.customer_record("K1", "").unwrap();
        assert_eq!(again.manager, "王建国");
        assert_eq!(again.region, "华东");
        let log = ws.audit_log(Some("K1")).unwrap();
        assert_eq!(log.len(), 1);
        assert_eq!((log[0].who.as_str(), log[0].action.as_str()), ("clerk", "record"));
        assert_eq!(log[0].detail, "客户经理：（空） → 王建国；地区：（空） → 华东");
    }
}

#[test]
fn needs_written_by_the_user_replace_the_derived_text_in_every_run() {
    let dir = tmp();
    for store in Store::both(dir.path()) {
        let (mut ws, first, _) = two_year_workspace(dir.path(), &store);
        ws.set_needs("K2", "乙公司", None, "  季度集中采购，看重交期  ", "clerk")
            .unwrap();
        let (_, table) = ws.run_table(first).unwrap();
        let k2 = table.metrics.customers.iter().find(|c| c.id == "K2").unwrap();
        assert_eq!(
            k2.needs,
            Needs::Given {
                text: "季度集中采购，看重交期".into()
            }
        );
        assert_eq!(ws.audit_log(Some("K2")).unwrap()[0].action, "needs");
    }
}

#[test]
fn a_customer_page_shows_its_tier_and_sales_in_every_period() {
    let dir = tmp();
    for store in Store::both(dir.path()) {
        let (ws, first, second) = two_year_workspace(dir.path(), &store);
        let h = ws.customer_history("K2", Lang::Zh).unwrap();
        assert_eq!(h.iter().map(|p| p.run_id).collect::<Vec<_>>(), [first, second]);
        assert_eq!(
            h.iter().map(|p| p.label.as_str()).collect::<Vec<_>>(),
            ["2024年", "2025年"]
        );
        assert_eq!(h.iter().map(|p| p.tier).collect::<Vec<_>>(), [Tier::B, Tier::A]);
        assert_eq!(h.iter().map(|p| p.sales).collect::<Vec<_>>(), [150.0, 700.0]);
    }
}

#[test]
fn changing_a_runs_overrides_rewrites_its_results_in_place() {
    let dir = tmp();
    for store in Store::both(dir.path()) {
        let (mut ws, first, _) = two_year_workspace(dir.path(), &store);
        let (_, table) = ws.run_table(first).unwrap();
        let mut policy = table.policy.clone().into_inner();
        policy.run.overrides.push(Override {
            customer: "K2".into(),
            tier: Tier::A,
            reason: "战略客户".into(),
        });
        let retiered = tierbook_core::tiering::classify(table.metrics.clone(), &policy.check().unwrap()).unwrap();
        ws.update_run(
            first,
            0,
            &retiered,
            Some(Change {
                who: "manager",
                customer: Some("K2"),
                action: "override",
                detail: "B类客户 → A类客户：战略客户",
            }),
        )
        .unwrap();
        assert_eq!(ws.audit_log(Some("K2")).unwrap()[0].who, "manager");
        assert_eq!(ws.runs().unwrap().len(), 2, "no new run");
        let h = ws.customer_history("K2", Lang::Zh).unwrap();
        assert_eq!((h[0].tier, h[0].computed), (Tier::A, Tier::B));
        assert_eq!(h[0].override_reason.as_deref(), Some("战略客户"));
        let (info, again) = ws.run_table(first).unwrap();
        assert_eq!(info.policy.run.overrides.len(), 1);
        assert_eq!(again.assignments, retiered.assignments);
    }
}

#[test]
fn the_timeline_keeps_the_latest_run_per_period_in_date_order() {
    let dir = tmp();
    for store in Store::both(dir.path()) {
        let (mut ws, first, second) = two_year_workspace(dir.path(), &store);
        assert_eq!(ws.latest_pair().unwrap(), Some((first, second)));
        assert_eq!(ws.previous_run(second).unwrap().map(|r| r.id), Some(first));
        assert_eq!(ws.previous_run(first).unwrap(), None);
        // Re-running 2024 with another method replaces it in the timeline.
        let info = ws.run_info(first).unwrap();
        let again = ws
            .run(info.ledger_id, "2024年", info.period, &CheckedPolicy::default())
            .unwrap()
            .0
            .id;
        let t = ws.timeline().unwrap();
        assert_eq!(t.iter().map(|r| r.run.id).collect::<Vec<_>>(), [again, second]);
        let trend = ws.trend(Lang::Zh).unwrap();
        assert_eq!(
            trend.iter().map(|p| p.label.as_str()).collect::<Vec<_>>(),
            ["2024年", "2025年"]
        );
        // Periods are named in the language asked for, whatever the language
        // they were saved in.
        let en = ws.trend(Lang::En).unwrap();
        assert_eq!(
            en.iter().map(|p| p.label.as_str()).collect::<Vec<_>>(),
            ["2024", "2025"]
        );
        assert_eq!(ws.run_info(second).unwrap().name(Lang::En), "2025");
        assert_eq!(
            trend[1].customers,
            [1, 1, 0],
            "K2 A with 700, K1 B with 100 (B from 100)"
        );
        assert_eq!(trend[1].sales, [700.0, 100.0, 0.0]);
    }
}

#[test]
fn mappings_and_policies_are_saved_with_the_workspace() {
    let dir = tmp();
    for store in Store::both(dir.path()) {
        let ws = store.open();
        assert_eq!(ws.mapping("客户编号|金额").unwrap(), None);
        let opts = tierbook_core::ImportOptions {
            header_row: Some(4),
            ..Default::default()
        };
        ws.save_mapping("客户编号|金额", &opts).unwrap();
        assert_eq!(ws.mapping("客户编号|金额").unwrap().unwrap().header_row, Some(4));
        let policy = TierPolicy::from_json("p.json", r#"{"method":"share"}"#).unwrap();
        ws.save_policy("按份额", &policy).unwrap();
        ws.save_policy("按份额", &policy).unwrap();
        let saved = ws.policies().unwrap();
        assert_eq!(saved.len(), 1);
        assert_eq!(saved[0].1, policy);
    }
}

#[test]
fn settings_travel_with_the_workspace() {
    let dir = tmp();
    for store in Store::both(dir.path()) {
        store.open().set_setting("company", "\"华东机床\"").unwrap();
        let ws = store.open();
        assert_eq!(ws.setting("company").unwrap().as_deref(), Some("\"华东机床\""));
        assert_eq!(ws.setting("playbook").unwrap(), None);
    }
}

#[test]
fn a_version_1_workspace_is_upgraded_with_its_data_kept() {
    let dir = tmp();
    let db = dir.path().join("v1.tierbook");
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch(include_str!("../src/store/migrations/2026-11-23-initial.sql"))
            .unwrap();
        c.execute_batch(
            "INSERT INTO customer (id, name, manager) VALUES ('K9', '老客户', '李敏'); PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let ws = Workspace::open(&db).unwrap();
    assert_eq!(ws.version().unwrap(), VERSION);
    let rec = ws.customer_record("K9", "").unwrap();
    assert_eq!(
        (rec.name.as_str(), rec.manager.as_str(), rec.needs.as_str()),
        ("老客户", "李敏", "")
    );
    assert_eq!(ws.setting("x").unwrap(), None);
}

/// Run in a child process by the kill test: imports a large ledger into the
/// workspace named by TIERBOOK_KILL_DB. Does nothing in a normal test run.
#[test]
fn child_import_for_the_kill_test() {
    let (Some(db), Some(ledger)) = (
        std::env::var_os("TIERBOOK_KILL_DB"),
        std::env::var_os("TIERBOOK_KILL_LEDGER"),
    ) else {
        return;
    };
    let mut ws = Workspace::open_any(&db.to_string_lossy()).unwrap();
    ws.import(Path::new(&ledger), &Default::default(), &mut Quiet).unwrap();
}

/// Kills a child importing a large ledger into `store` after each delay in
/// turn, until one import lands (the last is let run); after every kill the workspace must hold the old
/// state or the whole new import, never part of it.
fn kill_mid_import(dir: &Path, store: &Store) {
    let ledger = dir.join("big.csv");
    if !ledger.exists() {
        let mut csv = String::from("客户,日期,金额\n");
        for i in 0..300_000 {
            csv.push_str(&format!("客户{},2025-01-{:02},{}\n", i % 5000, i % 28 + 1, i % 997));
        }
        std::fs::write(&ledger, csv).unwrap();
    }
    store
        .open()
        .import(&sample("客户汇总.xlsx"), &Default::default(), &mut Quiet)
        .unwrap();
    let mut landed = false;
    // The last child is not killed: its import must land.
    for delay in [Some(150u64), Some(400), Some(900), Some(2000), None] {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "child_import_for_the_kill_test", "--nocapture"])
            .env("TIERBOOK_KILL_DB", store.place())
            .env("TIERBOOK_KILL_LEDGER", &ledger)
            .spawn()
            .unwrap();
        if let Some(delay) = delay {
            std::thread::sleep(Duration::from_millis(delay));
            let _ = child.kill();
        }
        let _ = child.wait();
        let ws = store.open();
        let ledgers = ws.ledgers().expect("the workspace reads after a kill");
        assert_eq!(ledgers[0].file_name, "客户汇总.xlsx", "the old state is intact");
        let big = ledgers.iter().find(|l| l.file_name == "big.csv");
        let rows = store.count("SELECT COUNT(*) FROM txn WHERE ledger_id <> 1");
        match big {
            Some(_) => assert_eq!(rows, 300_000, "a stored import is complete"),
            None => assert_eq!(rows, 0, "an interrupted import left no rows"),
        }
        if big.is_some() {
            landed = true;
            break;
        }
    }
    assert!(landed, "the import that was let run did not land");
}

#[test]
fn a_client_killed_mid_import_leaves_the_team_server_consistent() {
    let dir = tmp();
    kill_mid_import(dir.path(), &Store::Server(fresh_database()));
}

#[test]
fn killing_the_process_mid_import_leaves_a_readable_workspace_with_old_or_new_state() {
    let dir = tmp();
    let db = dir.path().join("ws.tierbook");
    kill_mid_import(dir.path(), &Store::File(db.clone()));
    let c = rusqlite::Connection::open(&db).unwrap();
    let ok: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
}

/// Two people at two PCs open the same run; each edits it from what they saw.
#[test]
fn two_people_editing_one_run_never_lose_an_edit_silently() {
    let dir = tmp();
    for store in Store::both(dir.path()) {
        let (mut wang, first, _) = two_year_workspace(dir.path(), &store);
        let mut li = store.open();
        let (mut wang_run, wang_table) = wang.run_table(first).unwrap();
        let (mut li_run, li_table) = li.run_table(first).unwrap();
        let edit = |who: &str, tier, reason: &str| {
            let mut p = wang_table.policy.clone().into_inner();
            p.run.overrides.push(Override {
                customer: "K2".into(),
                tier,
                reason: reason.into(),
            });
            (
                p.check().unwrap(),
                tierbook_core::usecase::Edit {
                    who: who.into(),
                    customer: Some("K2".into()),
                    action: "override",
                    detail: reason.into(),
                },
            )
        };
        let (policy, e) = edit("王会计", Tier::A, "战略客户");
        tierbook_core::usecase::retier(&wang_table, &policy, Some((&mut wang, &mut wang_run)), &e).unwrap();
        assert_eq!(wang_run.version, 1);
        // 李经理 edits the version he opened: refused, with who did it.
        let (policy, e) = edit("李经理", Tier::C, "暂停合作");
        let err = tierbook_core::usecase::retier(&li_table, &policy, Some((&mut li, &mut li_run)), &e).unwrap_err();
        assert_eq!(err.code(), "store.conflict", "{}", store.place());
        assert!(
            err.message(Lang::Zh).contains("已被 王会计"),
            "{}",
            err.message(Lang::Zh)
        );
        let h = li.customer_history("K2", Lang::Zh).unwrap();
        assert_eq!(h[0].tier, Tier::A, "王会计's edit stands ({})", store.place());
        assert_eq!(
            li.audit_log(Some("K2")).unwrap().len(),
            1,
            "nothing of 李经理's was written"
        );
        // Reloaded, his edit goes through on the latest version.
        let (mut li_run, li_table) = li.run_table(first).unwrap();
        assert_eq!(li_run.version, 1);
        tierbook_core::usecase::retier(&li_table, &policy, Some((&mut li, &mut li_run)), &e).unwrap();
        assert_eq!(li.customer_history("K2", Lang::Zh).unwrap()[0].tier, Tier::C);
        let log = li.audit_log(Some("K2")).unwrap();
        assert_eq!(log.len(), 2);
        assert!(log.iter().all(|a| a.run_id == Some(first)));
        if matches!(store, Store::Server(_)) {
            assert_eq!(
                log[0].db_user.as_deref(),
                Some("postgres"),
                "the server stamps its user"
            );
        }
    }
}

#[test]
fn two_people_writing_one_customers_needs_never_lose_an_edit_silently() {
    let dir = tmp();
    for store in Store::both(dir.path()) {
        let (mut wang, _, _) = two_year_workspace(dir.path(), &store);
        let mut li = store.open();
        // Both saw no recorded needs; 王会计 saves first.
        wang.set_needs("K1", "甲公司", None, "月结，季度集中采购", "王会计")
            .unwrap();
        let e = li.set_needs("K1", "甲公司", None, "现结", "李经理").unwrap_err();
        assert_eq!(e.code(), "store.conflict");
        assert!(e.message(Lang::Zh).contains("王会计"));
        assert_eq!(li.recorded_needs().unwrap()["K1"], "月结，季度集中采购");
        // Based on what is there now, it goes through.
        li.set_needs("K1", "甲公司", Some("月结，季度集中采购"), "现结", "李经理")
            .unwrap();
        assert_eq!(wang.recorded_needs().unwrap()["K1"], "现结");
    }
}

#[test]
fn imports_and_runs_say_who_made_them() {
    let dir = tmp();
    for store in Store::both(dir.path()) {
        let (ws, first, _) = two_year_workspace(dir.path(), &store);
        let expected = match store {
            Store::Server(_) => "postgres".to_string(),
            Store::File(_) => tierbook_core::store::sharing::os_user(),
        };
        assert_eq!(ws.ledgers().unwrap()[0].imported_by.as_deref(), Some(expected.as_str()));
        assert_eq!(
            ws.run_info(first).unwrap().created_by.as_deref(),
            Some(expected.as_str())
        );
    }
}

#[test]
fn roles_are_enforced_by_the_server_and_a_refused_edit_leaves_nothing_half_written() {
    use tierbook_core::store::Role;
    let dir = tmp();
    let url = fresh_database();
    let store = Store::Server(url.clone());
    let (mut owner, first, _) = two_year_workspace(dir.path(), &store);
    owner.team_setup().unwrap();
    owner.team_setup().unwrap(); // again after an upgrade: idempotent
    let db = url.rsplit_once('/').unwrap().1.to_string();
    for (suffix, role) in [("v", Role::Viewer), ("f", Role::Finance), ("a", Role::Admin)] {
        owner.add_member(&format!("{db}_{suffix}"), "初始密码'1", role).unwrap();
    }
    let connect = |suffix: &str| Workspace::connect(&as_user(&url, &format!("{db}_{suffix}"))).unwrap();
    let ledgers = || store.count("SELECT COUNT(*) FROM ledger");
    let rows = || store.count("SELECT COUNT(*) FROM txn");
    let (before_ledgers, before_rows) = (ledgers(), rows());

    // 只读/管理层: sees the runs and opens them, changes nothing.
    let mut viewer = connect("v");
    assert_eq!(viewer.role(), Some(Role::Viewer));
    let (mut run, table) = viewer.run_table(first).unwrap();
    assert_eq!(viewer.runs().unwrap().len(), 2);
    let e = viewer
        .import(&sample("客户汇总.xlsx"), &Default::default(), &mut Quiet)
        .unwrap_err();
    assert_eq!(e.code(), "store.denied");
    assert!(
        e.message(Lang::Zh).contains("只读（管理层）"),
        "{}",
        e.message(Lang::Zh)
    );
    assert_eq!(
        (ledgers(), rows()),
        (before_ledgers, before_rows),
        "nothing half-written"
    );
    let edit = tierbook_core::usecase::Edit {
        who: "张总".into(),
        customer: Some("K2".into()),
        action: "override",
        detail: "C".into(),
    };
    let e = tierbook_core::usecase::retier(&table, &table.policy, Some((&mut viewer, &mut run)), &edit).unwrap_err();
    assert_eq!(e.code(), "store.denied");
    assert_eq!(run.version, 0, "the run is as it was");
    assert_eq!(
        viewer.set_needs("K1", "甲公司", None, "x", "张总").unwrap_err().code(),
        "store.denied"
    );
    assert!(viewer.audit_log(None).unwrap().is_empty());

    // 财务: imports and tiers, but may not delete an import.
    let mut finance = connect("f");
    assert_eq!(finance.role(), Some(Role::Finance));
    let id = finance
        .import(&sample("客户汇总.xlsx"), &Default::default(), &mut Quiet)
        .unwrap()
        .ledger
        .id;
    finance
        .run(id, "汇总", Period::default(), &CheckedPolicy::default())
        .unwrap();
    let e = finance.delete_ledger(id).unwrap_err();
    assert_eq!(e.code(), "store.denied");
    assert_eq!(
        store.count(&format!("SELECT COUNT(*) FROM txn WHERE ledger_id = {id}")),
        40,
        "its rows stay"
    );
    assert_eq!(
        finance.ledgers().unwrap()[1].imported_by.as_deref(),
        Some(format!("{db}_f").as_str())
    );

    // 管理员: deletes imports; nobody rewrites the audit log.
    let mut admin = connect("a");
    assert_eq!(admin.role(), Some(Role::Admin));
    admin.delete_ledger(id).unwrap();
    assert_eq!(admin.ledgers().unwrap().len(), 1);
    let audit_user = Store::Server(as_user(&url, &format!("{db}_a")));
    assert!(audit_user.exec("DELETE FROM audit").is_err());
    // The owner is no member of a group and may do everything.
    assert_eq!(owner.role(), None);
}

#[test]
fn users_and_roles_are_for_team_servers_only() {
    let dir = tmp();
    let ws = Workspace::open(&dir.path().join("ws.tierbook")).unwrap();
    assert_eq!(ws.team_setup().unwrap_err().code(), "store.needs_server");
}

/// Everything a person can see in a workspace, with ids replaced by position
/// (a moved workspace numbers its imports and runs afresh).
fn everything(ws: &Workspace) -> String {
    let ledgers: Vec<_> = ws
        .ledgers()
        .unwrap()
        .into_iter()
        .map(|l| {
            let report = ws.report(l.id).unwrap();
            (
                l.file_name,
                l.size,
                l.sha256,
                l.imported_at,
                l.first_date,
                l.last_date,
                l.imported_by,
                report,
            )
        })
        .collect();
    let runs = ws.runs().unwrap();
    let position = |id: Option<i64>| id.and_then(|id| runs.iter().position(|r| r.id == id));
    let tables: Vec<_> = runs
        .iter()
        .map(|r| {
            let (info, report, table) = ws.open_run(r.id).unwrap();
            (
                info.label,
                info.created_at,
                info.period,
                info.policy.to_json(),
                info.created_by,
                info.version,
                report,
                table.assignments,
                table.metrics.customers,
                ws.run_tier_counts(r.id).unwrap(),
            )
        })
        .collect();
    let audit: Vec<_> = ws
        .audit_log(None)
        .unwrap()
        .into_iter()
        .map(|a| {
            (
                a.at,
                a.who,
                a.customer,
                a.action,
                a.detail,
                a.db_user,
                position(a.run_id),
            )
        })
        .collect();
    let records: Vec<_> = ["K1", "K2"]
        .iter()
        .map(|id| ws.customer_record(id, "").unwrap())
        .collect();
    format!(
        "{ledgers:#?}\n{tables:#?}\n{audit:#?}\n{records:#?}\n{:?}\n{:?}\n{:?}\n{:?}",
        ws.recorded_needs()
            .unwrap()
            .into_iter()
            .collect::<std::collections::BTreeMap<_, _>>(),
        ws.setting("company").unwrap(),
        ws.policies().unwrap(),
        ws.mapping("客户编号|金额").unwrap(),
    )
}

#[test]
fn a_workspace_moves_to_the_team_server_and_back_losing_nothing() {
    let dir = tmp();
    let file = Store::File(dir.path().join("本机.tierbook"));
    let (mut ws, first, _) = two_year_workspace(dir.path(), &file);
    // What a year of use leaves: an override, needs, a record, settings.
    let (mut run, table) = ws.run_table(first).unwrap();
    let mut p = table.policy.clone().into_inner();
    p.run.overrides.push(Override {
        customer: "K2".into(),
        tier: Tier::A,
        reason: "战略客户".into(),
    });
    let edit = tierbook_core::usecase::Edit {
        who: "王会计".into(),
        customer: Some("K2".into()),
        action: "override",
        detail: "B → A：战略客户".into(),
    };
    tierbook_core::usecase::retier(&table, &p.check().unwrap(), Some((&mut ws, &mut run)), &edit).unwrap();
    ws.set_needs("K1", "甲公司", None, "月结，季度集中采购", "王会计")
        .unwrap();
    let rec = CustomerRecord {
        manager: "李敏".into(),
        ..ws.customer_record("K2", "乙公司").unwrap()
    };
    ws.save_customer_record(&rec, "王会计").unwrap();
    ws.set_setting("company", "\"华东机床\"").unwrap();
    ws.save_policy(
        "按份额",
        &TierPolicy::from_json("p.json", r#"{"method":"share"}"#).unwrap(),
    )
    .unwrap();
    ws.save_mapping("客户编号|金额", &Default::default()).unwrap();
    let before = everything(&ws);

    let server = Store::Server(fresh_database());
    let mut up = server.open();
    let moved = ws.move_into(&mut up).unwrap();
    assert_eq!((moved.ledgers, moved.rows, moved.runs), (1, 4, 2));
    assert_eq!(everything(&up), before, "up: every run, edit and setting as it was");
    // The moved workspace works on: an edit on the server goes on from the
    // run's moved version.
    assert_eq!(up.runs().unwrap()[0].version, 1);
    assert_eq!(
        ws.move_into(&mut server.open()).unwrap_err().code(),
        "store.target_not_empty"
    );

    let down = Store::File(dir.path().join("带回本机.tierbook"));
    let mut back = down.open();
    up.move_into(&mut back).unwrap();
    assert_eq!(everything(&back), before, "and down again");
}
