//! The use-case layer, tested without a window: importing in memory and into a
//! workspace give the same report and tiers, a run's policy is stored the
//! same whichever adapter asks, doing the same twice saves nothing twice, an
//! edit is audited, and the report settings are typed.

mod common;

use chrono::NaiveDate;
use common::*;
use tierbook_core::history::Granularity;
use tierbook_core::store::Workspace;
use tierbook_core::tiering::policy::Override;
use tierbook_core::usecase::{self, Edit, ReportSettings};
use tierbook_core::CheckedPolicy;
use tierbook_core::{Lang, Period, Quiet, Tier, TierPolicy};

fn renamed(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("改名台账.xlsx");
    tierbook_testdata::write_renamed_ledger(&path).unwrap();
    path
}

/// The renamed ledger imported into a fresh workspace, one run per year.
fn per_year(dir: &std::path::Path) -> (Workspace, usecase::Tiered) {
    let ledger = renamed(dir);
    let mut ws = Workspace::open(&dir.join("ws.tierbook")).unwrap();
    let year = Some(Granularity::Year);
    let t = usecase::import_and_tier(
        &ledger,
        &CheckedPolicy::default(),
        Some(&mut ws),
        year,
        &mut Quiet,
        Lang::Zh,
    )
    .unwrap();
    (ws, t)
}

fn second_half() -> CheckedPolicy {
    let mut p = TierPolicy::default();
    p.run.import.period = Period {
        from: NaiveDate::from_ymd_opt(2025, 7, 1),
        to: NaiveDate::from_ymd_opt(2025, 12, 31),
    };
    p.check().unwrap()
}

#[test]
fn the_workspace_path_reports_and_tiers_exactly_as_the_in_memory_path() {
    let dir = tmp();
    let ledger = renamed(dir.path());
    for policy in [CheckedPolicy::default(), second_half()] {
        let memory = usecase::import_and_tier(&ledger, &policy, None, None, &mut Quiet, Lang::Zh).unwrap();
        let mut ws = Workspace::open(
            &dir.path()
                .join(format!("ws-{}.tierbook", policy.run.import.period.is_open())),
        )
        .unwrap();
        let stored = usecase::import_and_tier(&ledger, &policy, Some(&mut ws), None, &mut Quiet, Lang::Zh).unwrap();
        assert_eq!(memory.report, stored.report);
        assert!(stored.report.adds_up());
        assert_eq!(memory.table.rows().count(), stored.table.rows().count());
        for ((a, ta), (b, tb)) in memory.table.rows().zip(stored.table.rows()) {
            assert_eq!(
                (&a.id, a.sales, a.frequency, a.profit, ta.tier),
                (&b.id, b.sales, b.frequency, b.profit, tb.tier)
            );
        }
        // The renamed customer is one customer with a name conflict on both
        // paths; in the second half of 2025 only its new name is seen.
        let conflicts: Vec<&str> = stored
            .report
            .name_conflicts
            .iter()
            .map(|c| c.customer.as_str())
            .collect();
        let expected: &[&str] = if policy.run.import.period.is_open() {
            &["KH003"]
        } else {
            &[]
        };
        assert_eq!(conflicts, expected);
        // Reopening the saved run gives the same report again (from the cache).
        let (_, again, _) = ws.open_run(stored.run.unwrap().id).unwrap();
        assert_eq!(again, memory.report);
    }
}

#[test]
fn a_period_skips_the_rows_outside_it_with_their_place_on_both_paths() {
    let dir = tmp();
    let ledger = renamed(dir.path());
    let whole = usecase::import_and_tier(&ledger, &CheckedPolicy::default(), None, None, &mut Quiet, Lang::Zh).unwrap();
    let mut ws = Workspace::open(&dir.path().join("ws.tierbook")).unwrap();
    let half = usecase::import_and_tier(&ledger, &second_half(), Some(&mut ws), None, &mut Quiet, Lang::Zh).unwrap();
    let outside: Vec<_> = half
        .report
        .skipped_rows
        .iter()
        .filter(|s| matches!(s.reason, tierbook_core::ledger::SkipReason::OutsidePeriod { .. }))
        .collect();
    assert!(!outside.is_empty());
    assert_eq!(half.report.imported() + outside.len() as u64, whole.report.imported());
    assert!(outside.iter().all(|s| s.at.sheet == "销售明细" && s.at.row >= 2));
    let in_period: f64 = half.table.metrics.customers.iter().map(|c| c.sales).sum();
    assert!((half.report.imported_amount - in_period).abs() < 1e-6);
    assert_eq!(
        half.report
            .first_date
            .map(|d| d.to_string())
            .as_deref()
            .map(|d| d >= "2025-07-01"),
        Some(true)
    );
    // The whole ledger is stored all the same: another period reads its rows.
    let ledger_id = half.ledger.unwrap().id;
    let (all, _) = ws
        .metrics(ledger_id, Period::default(), TierPolicy::default().clv_options())
        .unwrap();
    assert_eq!(all, whole.report);
}

#[test]
fn a_run_stores_its_period_in_its_policy_whichever_adapter_asks() {
    // The app imports a chosen period; the CLI tiers per year. Both go through
    // the use-cases, so the 2025 run is stored once with one policy JSON.
    let dir = tmp();
    let ledger = renamed(dir.path());
    let mut ws = Workspace::open(&dir.path().join("ws.tierbook")).unwrap();
    let year = CheckedPolicy::default().for_period(Period {
        from: NaiveDate::from_ymd_opt(2025, 1, 1),
        to: NaiveDate::from_ymd_opt(2025, 12, 31),
    });
    let first = usecase::import_and_tier(&ledger, &year, Some(&mut ws), None, &mut Quiet, Lang::Zh).unwrap();
    let run = first.run.unwrap();
    assert_eq!(run.policy.run.import.period, year.run.import.period);
    let per_year = usecase::tier_periods(
        &mut ws,
        run.ledger_id,
        Granularity::Year,
        &CheckedPolicy::default(),
        Lang::Zh,
    )
    .unwrap();
    assert_eq!(per_year.len(), 2);
    assert!(per_year[0].new, "2024 was not tiered before");
    assert!(!per_year[1].new, "2025 is the run the import saved");
    assert_eq!(per_year[1].run.id, run.id);
    assert_eq!(per_year[1].run.policy.to_json(), run.policy.to_json());
    // Tiering per year again saves nothing; the same import again opens its run.
    let again = usecase::tier_periods(
        &mut ws,
        run.ledger_id,
        Granularity::Year,
        &CheckedPolicy::default(),
        Lang::Zh,
    )
    .unwrap();
    assert!(again.iter().all(|r| !r.new));
    let reimport = usecase::import_and_tier(&ledger, &year, Some(&mut ws), None, &mut Quiet, Lang::Zh).unwrap();
    assert!(reimport.already && reimport.new_runs.is_empty());
    assert_eq!(reimport.run.unwrap().id, run.id);
    assert_eq!(ws.runs().unwrap().len(), 2);
    // Another method is another run of the same period.
    let score = CheckedPolicy::preset(tierbook_core::tiering::policy::Method::Score).for_period(year.run.import.period);
    let other = usecase::import_and_tier(&ledger, &score, Some(&mut ws), None, &mut Quiet, Lang::Zh).unwrap();
    assert_eq!(other.new_runs.len(), 1);
    assert_eq!(ws.runs().unwrap().len(), 3);
}

#[test]
fn importing_per_year_saves_only_the_years_and_returns_the_last() {
    let dir = tmp();
    let (ws, t) = per_year(dir.path());
    let names: Vec<String> = t.new_runs.iter().map(|r| r.name(Lang::Zh)).collect();
    assert_eq!(names, ["2024年", "2025年"]);
    assert_eq!(t.run.unwrap().name(Lang::Zh), "2025年");
    assert!(t.report.skipped_rows.iter().any(|s| s.at.row > 1));
    assert_eq!(ws.runs().unwrap().len(), 2);
}

#[test]
fn an_override_is_saved_with_its_audit_entry() {
    let dir = tmp();
    let ledger = renamed(dir.path());
    let mut ws = Workspace::open(&dir.path().join("ws.tierbook")).unwrap();
    let t = usecase::import_and_tier(
        &ledger,
        &CheckedPolicy::default(),
        Some(&mut ws),
        None,
        &mut Quiet,
        Lang::Zh,
    )
    .unwrap();
    let mut run = t.run.clone().unwrap();
    let mut policy = t.table.policy.clone().into_inner();
    policy.run.overrides.push(Override {
        customer: "KH005".into(),
        tier: Tier::A,
        reason: "战略意义".into(),
    });
    let policy = policy.check().unwrap();
    let edit = Edit {
        who: "王会计".into(),
        customer: Some("KH005".into()),
        action: "override",
        detail: "C → A：战略意义".into(),
    };
    let next = usecase::retier(&t.table, &policy, Some((&mut ws, &mut run)), &edit).unwrap();
    assert_eq!(tier(&next, "KH005"), Tier::A);
    let (_, reopened) = ws.run_table(run.id).unwrap();
    assert_eq!(tier(&reopened, "KH005"), Tier::A);
    let audit = ws.audit_log(Some("KH005")).unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(
        (audit[0].who.as_str(), audit[0].action.as_str()),
        ("王会计", "override")
    );
    // A bad policy is refused at the boundary, before it can reach a re-tier.
    let mut bad = policy.into_inner();
    bad.abc_rank.a_share = 1.5;
    assert_eq!(bad.check().unwrap_err().code(), "policy.out_of_range");
}

#[test]
fn report_inputs_carry_the_typed_settings_and_the_period_before() {
    let dir = tmp();
    let (ws, t) = per_year(dir.path());
    let fallback = ReportSettings {
        company: "本机公司".into(),
        playbook: None,
    };
    assert_eq!(ReportSettings::load(Some(&ws), fallback.clone()), fallback);
    let chosen = ReportSettings {
        company: "  华东精工  ".into(),
        playbook: None,
    };
    chosen.save(&ws).unwrap();
    let inputs = usecase::report_inputs(&ws, t.run.unwrap().id, Lang::Zh).unwrap();
    assert_eq!(inputs.settings.company, "华东精工");
    assert_eq!(inputs.previous.as_ref().map(|p| p.label.as_str()), Some("2024年"));
    assert_eq!(inputs.import, t.report);
}

#[test]
fn a_workspace_and_a_policy_written_by_the_current_release_keep_loading() {
    // Made by release 1c50289's CLI from `改名台账.xlsx`: `--per year --method
    // score --override KH005=A:战略意义`, then `--from 2025-07-01 --to 2025-12-31`.
    let dir = tmp();
    let db = dir.path().join("release.tierbook");
    std::fs::copy(fixture("release-1c50289.tierbook"), &db).unwrap();
    let saved: Vec<(i64, String, String)> = {
        let c = rusqlite::Connection::open(&db).unwrap();
        let mut st = c
            .prepare("SELECT run_id, customer, tier FROM run_result ORDER BY run_id, customer")
            .unwrap();
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap();
        rows.map(Result::unwrap).collect()
    };
    let ws = Workspace::open(&db).unwrap();
    assert_eq!(ws.version().unwrap(), tierbook_core::store::VERSION);
    let runs = ws.runs().unwrap();
    assert_eq!(runs.len(), 3);
    let mut rebuilt = Vec::new();
    for r in &runs {
        let (_, report, table) = ws.open_run(r.id).unwrap();
        assert!(report.adds_up(), "run {}", r.id);
        for (c, a) in table.rows() {
            rebuilt.push((r.id, c.id.clone(), format!("{:?}", a.tier)));
        }
    }
    rebuilt.sort();
    assert_eq!(rebuilt, saved, "every run tiers as the release saved it");
    // Rows stored before their place was kept are still reported outside the period.
    let (_, half, _) = ws.open_run(3).unwrap();
    let whole = ws.report(runs[2].ledger_id).unwrap();
    let outside = half.skipped() - whole.skipped();
    assert!(outside > 0);
    assert_eq!(half.imported() + outside, whole.imported());
    // The release's policy file reads as the same policy.
    let text = std::fs::read_to_string(fixture("release-1c50289-policy.json")).unwrap();
    let policy = TierPolicy::from_json("release", &text).unwrap();
    assert_eq!(policy.method, tierbook_core::tiering::policy::Method::Score);
    assert_eq!(policy, runs[0].policy);
}
