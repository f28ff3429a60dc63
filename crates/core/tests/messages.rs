//! Every error the engine can raise has a stable code and a message in both
//! languages, and speaks to a person in the window as well as on the command
//! line: no message names a CLI flag or subcommand (the CLI adds those itself).
//! The window shows these messages as they are, so this is their one owner.

use tierbook_core::export::ExportError;
use tierbook_core::import::ImportError;
use tierbook_core::store::StoreError;
use tierbook_core::tiering::params::{Allowed, A_SHARE};
use tierbook_core::{Error, Lang, PolicyError};

fn every_error() -> Vec<Error> {
    let f = || "台账.xlsx".to_string();
    let sheet = || "销售明细".to_string();
    let d = || "detail".to_string();
    let import = vec![
        ImportError::NotFound { file: f() },
        ImportError::Unreadable { file: f(), detail: d() },
        ImportError::EmptyFile { file: f() },
        ImportError::NotAWorkbook { file: f() },
        ImportError::OtherKind {
            file: f(),
            kind: "pdf".into(),
        },
        ImportError::FormulasWithoutValues {
            file: f(),
            sheet: sheet(),
            formulas: 12,
        },
        ImportError::TooLarge { file: f(), detail: d() },
        ImportError::Damaged { file: f(), detail: d() },
        ImportError::PasswordProtected { file: f() },
        ImportError::EmptyWorkbook { file: f() },
        ImportError::NoLedgerSheet { file: f() },
        ImportError::NoCustomerColumn {
            file: f(),
            sheet: sheet(),
            row: 3,
        },
        ImportError::NoAmountColumn {
            file: f(),
            sheet: sheet(),
            row: 3,
        },
        ImportError::NoDataRows { file: f() },
        ImportError::SheetNotFound {
            file: f(),
            sheet: sheet(),
        },
        ImportError::MappedColumnNotFound {
            file: f(),
            role: "amount".into(),
            column: "含税金额".into(),
        },
        ImportError::Cancelled,
    ];
    let p = || "/x/客户分级管理表.xlsx".to_string();
    let export = vec![
        ExportError::FolderNotFound { path: p() },
        ExportError::PermissionDenied { path: p() },
        ExportError::TargetInUse { path: p() },
        ExportError::DiskFull { path: p() },
        ExportError::Io { path: p(), detail: d() },
        ExportError::Xlsx { detail: d() },
    ];
    let w = || "workspace.tierbook".to_string();
    let store = vec![
        StoreError::Open { file: w(), detail: d() },
        StoreError::NewerVersion {
            file: w(),
            version: 9,
            supported: 3,
        },
        StoreError::Sql { file: w(), detail: d() },
        StoreError::Busy {
            file: w(),
            holder: Some("FIN-PC（王会计）".into()),
            since: Some("10:42".into()),
        },
        StoreError::Conflict {
            who: "王会计".into(),
            at: "2026-12-01T02:42:00Z".into(),
        },
        StoreError::Denied {
            role: Some(tierbook_core::store::Role::Viewer),
            detail: "permission denied for table ledger".into(),
        },
        StoreError::NeedsServer,
        StoreError::NotShared { id: 3 },
        StoreError::TargetNotEmpty { file: w() },
        StoreError::NoSuchLedger { id: 7 },
        StoreError::NoSuchRun { id: 7 },
    ];
    let policy = vec![
        PolicyError::Parse {
            file: "p.json".into(),
            detail: d(),
        },
        PolicyError::OutOfRange {
            param: &A_SHARE,
            value: 1.5,
            allowed: Allowed::Between(0.0, 1.0),
        },
        PolicyError::OverrideWithoutReason {
            customer: "KH001".into(),
        },
        PolicyError::MetricUnavailable {
            metric: "profit".into(),
        },
    ];
    import
        .into_iter()
        .map(Error::from)
        .chain(export.into_iter().map(Error::from))
        .chain(store.into_iter().map(Error::from))
        .chain(policy.into_iter().map(Error::from))
        .collect()
}

#[test]
fn every_error_code_has_a_message_in_both_languages() {
    let errors = every_error();
    let mut codes: Vec<&str> = errors.iter().map(|e| e.code()).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), errors.len(), "each variant has its own code");
    for e in &errors {
        let (zh, en) = (e.message(Lang::Zh), e.message(Lang::En));
        assert!(
            zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{}: {zh}",
            e.code()
        );
        assert!(en.is_ascii() || en.contains('“'), "{}: {en}", e.code());
        assert_ne!(zh, en, "{}", e.code());
        assert!(
            zh.ends_with('。') && (en.ends_with('.') || en.ends_with(')')),
            "{}: a whole sentence",
            e.code()
        );
    }
}

#[test]
fn no_message_names_a_command_line_flag_or_subcommand() {
    for e in every_error() {
        for lang in [Lang::Zh, Lang::En] {
            let m = e.message(lang);
            assert!(!m.contains("--"), "{}: {m}", e.code());
            assert!(
                !m.contains(" history") && !m.contains("用 history"),
                "{}: {m}",
                e.code()
            );
        }
    }
}

#[test]
fn a_message_says_where_and_what_to_do() {
    let e = Error::from(ImportError::NoAmountColumn {
        file: "台账.xlsx".into(),
        sheet: "销售明细".into(),
        row: 3,
    });
    assert_eq!(
        e.message(Lang::Zh),
        "“台账.xlsx”工作表“销售明细”第 3 行的表头中没有金额列。请添加“销售额”或“金额”列，或指定哪一列是金额。"
    );
}
