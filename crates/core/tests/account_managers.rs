//! Account managers (客户经理) on a team server see their own customers only —
//! enforced by the server, not by the window — each with the tier the whole
//! company's run gave it.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;
use tierbook_core::store::{CustomerRecord, Role, Workspace};
use tierbook_core::tiering::policy::Override;
use tierbook_core::usecase::{retier, Edit};
use tierbook_core::{CheckedPolicy, Lang, Period, Quiet, Tier, TierTable};

/// A fresh team database with the sample ledger imported by its owner: the
/// address, the database's name (prefix of its users), the owner, the ledger.
fn team_with_sample() -> (String, String, Workspace, i64) {
    let url = fresh_database();
    let db = url.rsplit_once('/').unwrap().1.to_string();
    let mut owner = Workspace::connect(&url).unwrap();
    let ledger = owner
        .import(&sample("2025销售台账.xlsx"), &Default::default(), &mut Quiet)
        .unwrap()
        .ledger;
    (url, db, owner, ledger.id)
}

/// Each customer's tier and rank, for the customers `keep` picks.
fn tiers(t: &TierTable, keep: impl Fn(&str) -> bool) -> BTreeMap<String, (Tier, usize)> {
    t.rows()
        .filter(|(c, _)| keep(&c.id))
        .map(|(c, a)| (c.id.clone(), (a.tier, c.rank)))
        .collect()
}

#[test]
fn an_account_manager_sees_only_their_customers_as_the_whole_run_tiered_them() {
    let (url, db, mut owner, ledger) = team_with_sample();
    let (before, _) = owner
        .run(ledger, "2025年", Period::default(), &CheckedPolicy::default())
        .unwrap();
    owner.team_setup().unwrap();
    let (wang, li) = (format!("{db}_wang"), format!("{db}_li"));
    // Added after the first run: that run is kept for them too.
    owner.add_account_manager(&wang, "pw", "王建国").unwrap();
    owner.add_account_manager(&li, "pw", "李敏").unwrap();
    owner.add_member(&format!("{db}_fin"), "pw", Role::Finance).unwrap();

    let (_, whole) = owner.run_table(before.id).unwrap();
    let of = |name: &str| -> BTreeSet<String> {
        whole
            .rows()
            .filter(|(c, _)| c.salesperson.as_deref() == Some(name))
            .map(|(c, _)| c.id.clone())
            .collect()
    };
    let (wangs, lis) = (of("王建国"), of("李敏"));
    assert!(!wangs.is_empty() && !lis.is_empty());

    let mut manager = Workspace::connect(&as_user(&url, &wang)).unwrap();
    assert_eq!(manager.role(), Some(Role::Account));
    assert!(Role::Account.read_only());
    let (info, report, mine) = manager.open_run(before.id).unwrap();
    assert_eq!(
        tiers(&mine, |_| true),
        tiers(&whole, |id| wangs.contains(id)),
        "their customers, with the whole run's tiers and ranks"
    );
    assert_eq!(mine.len(), wangs.len());
    let sales: f64 = mine.metrics.customers.iter().map(|c| c.sales).sum();
    let shown: f64 = mine.breakdown().tiers.iter().map(|t| t.sales).sum();
    assert!((shown - sales).abs() < 0.01 && (mine.metrics.total_sales - sales).abs() < 0.01);
    assert_eq!(report.imported(), owner.report(ledger).unwrap().imported());
    assert!(info.policy.run.overrides.is_empty());

    // A run saved now (by finance) and an override are theirs at once.
    let mut finance = Workspace::connect(&as_user(&url, &format!("{db}_fin"))).unwrap();
    let (mut run, table) = finance
        .run(ledger, "2025年", Period::default(), &CheckedPolicy::default())
        .unwrap();
    let theirs = wangs
        .iter()
        .find(|id| tiers(&table, |x| x == *id)[*id].0 != Tier::A)
        .unwrap()
        .clone();
    let not_theirs = lis.iter().next().unwrap().clone();
    let mut policy = table.policy.clone().into_inner();
    for id in [&theirs, &not_theirs] {
        policy.run.overrides.push(Override {
            customer: id.clone(),
            tier: Tier::A,
            reason: "战略合作".into(),
        });
    }
    let edit = Edit {
        who: "王会计".into(),
        customer: Some(theirs.clone()),
        action: "override",
        detail: "A".into(),
    };
    retier(&table, &policy.check().unwrap(), Some((&mut finance, &mut run)), &edit).unwrap();
    let (_, _, now) = manager.open_run(run.id).unwrap();
    let ids: BTreeSet<String> = now.rows().map(|(c, _)| c.id.clone()).collect();
    assert_eq!(ids, wangs);
    let (c, a) = now.rows().find(|(c, _)| c.id == theirs).unwrap();
    assert_eq!(
        (a.tier, a.override_reason.as_deref()),
        (Tier::A, Some("战略合作")),
        "{}",
        c.id
    );

    // Another manager's customer: no record, no history, no audit entry.
    let rec = CustomerRecord {
        id: not_theirs.clone(),
        name: "x".into(),
        needs: "只给李敏看".into(),
        ..Default::default()
    };
    owner.save_customer_record(&rec, "王会计").unwrap();
    assert_eq!(manager.customer_record(&not_theirs, "").unwrap().needs, "");
    assert!(manager.customer_history(&not_theirs, Lang::Zh).unwrap().is_empty());
    assert!(manager
        .audit_log(None)
        .unwrap()
        .iter()
        .all(|e| e.customer.as_deref().is_none_or(|c| wangs.contains(c))));
    assert!(manager
        .audit_log(Some(&theirs))
        .unwrap()
        .iter()
        .any(|e| e.action == "override"));
    let li_sees = Workspace::connect(&as_user(&url, &li))
        .unwrap()
        .open_run(run.id)
        .unwrap()
        .2;
    assert_eq!(li_sees.rows().map(|(c, _)| c.id.clone()).collect::<BTreeSet<_>>(), lis);

    // The server refuses the tables themselves, whatever program asks.
    let raw = Store::Server(as_user(&url, &wang));
    for table in [
        "public.txn",
        "public.run_result",
        "public.metrics_cache",
        "public.customer",
        "public.audit",
    ] {
        let e = raw.exec(&format!("SELECT * FROM {table} LIMIT 1")).unwrap_err();
        assert!(e.contains("permission denied"), "{table}: {e}");
    }
    assert!(raw.exec("SELECT report FROM public.ledger").is_err());
    // …and every change.
    let e = retier(&now, &now.policy, Some((&mut manager, &mut run.clone())), &edit).unwrap_err();
    assert_eq!(e.code(), "store.denied", "{}", e.message(Lang::En));
    assert_eq!(
        manager.set_needs(&theirs, "", None, "x", "王建国").unwrap_err().code(),
        "store.denied"
    );
    let e = manager
        .import(&sample("客户汇总.xlsx"), &Default::default(), &mut Quiet)
        .unwrap_err();
    assert_eq!(e.code(), "store.denied");
    assert!(e.message(Lang::Zh).contains("客户经理"), "{}", e.message(Lang::Zh));
}

#[test]
fn a_customer_record_naming_the_manager_makes_the_customer_theirs() {
    let (url, db, mut owner, ledger) = team_with_sample();
    owner.team_setup().unwrap();
    let user = format!("{db}_chen");
    owner.add_account_manager(&user, "pw", "陈静").unwrap();
    let (_, whole) = owner
        .run(ledger, "2025年", Period::default(), &CheckedPolicy::default())
        .unwrap();
    let moved = whole
        .rows()
        .find(|(c, _)| c.salesperson.as_deref() == Some("王建国"))
        .map(|(c, _)| c.id.clone())
        .unwrap();
    let rec = CustomerRecord {
        id: moved.clone(),
        name: "改由陈静负责".into(),
        manager: "陈静".into(),
        ..Default::default()
    };
    owner.save_customer_record(&rec, "王会计").unwrap();
    let manager = Workspace::connect(&as_user(&url, &user)).unwrap();
    let (_, _, mine) = manager.open_run(manager.runs().unwrap()[0].id).unwrap();
    assert!(mine.rows().any(|(c, _)| c.id == moved), "the record's 客户经理 counts");
    assert_eq!(manager.customer_record(&moved, "").unwrap().manager, "陈静");
}

#[test]
fn on_a_file_no_rows_are_kept_for_account_managers() {
    let dir = tmp();
    let mut ws = Workspace::open(&dir.path().join("ws.tierbook")).unwrap();
    let ledger = ws
        .import(&sample("2025销售台账.xlsx"), &Default::default(), &mut Quiet)
        .unwrap()
        .ledger
        .id;
    let (_, table) = ws
        .run(ledger, "2025年", Period::default(), &CheckedPolicy::default())
        .unwrap();
    let wangs = table
        .rows()
        .filter(|(c, _)| c.salesperson.as_deref() == Some("王建国"))
        .count();
    assert!(wangs > 0);
    let store = Store::File(dir.path().join("ws.tierbook"));
    assert_eq!(
        store.count("SELECT COUNT(*) FROM run_result WHERE detail IS NOT NULL"),
        0
    );
    assert_eq!(
        store.count("SELECT COUNT(*) FROM run_result WHERE owner = '王建国'"),
        wangs as i64,
        "each result still names its 业务员"
    );
    assert_eq!(
        ws.add_account_manager("x", "pw", "王建国").unwrap_err().code(),
        "store.needs_server"
    );
}
