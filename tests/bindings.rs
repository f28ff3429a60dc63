//! The TypeScript declarations of the IPC types in `ui/src/api/bindings/` are
//! generated from Rust; this test fails when they are stale. Regenerate with
//! `TIERBOOK_UPDATE_BINDINGS=1 cargo test --test bindings`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ts_rs::TS;

fn export_all(dir: &Path) {
    use tierbook_app::error::IpcError;
    use tierbook_app::ipc::*;
    AppInfo::export_all_to(dir).unwrap();
    MoveOutcome::export_all_to(dir).unwrap();
    WelcomeFacts::export_all_to(dir).unwrap();
    AboutView::export_all_to(dir).unwrap();
    InspectResult::export_all_to(dir).unwrap();
    ImportProgress::export_all_to(dir).unwrap();
    ImportOutcome::export_all_to(dir).unwrap();
    PageQuery::export_all_to(dir).unwrap();
    GroupChoices::export_all_to(dir).unwrap();
    Page::export_all_to(dir).unwrap();
    Charts::export_all_to(dir).unwrap();
    ExportOutcome::export_all_to(dir).unwrap();
    ReportView::export_all_to(dir).unwrap();
    PrintJobView::export_all_to(dir).unwrap();
    PrintOutcome::export_all_to(dir).unwrap();
    ReportSettings::export_all_to(dir).unwrap();
    LensFilter::export_all_to(dir).unwrap();
    IpcError::export_all_to(dir).unwrap();
    tierbook_core::tiering::Method::export_all_to(dir).unwrap();
    history::WorkspaceView::export_all_to(dir).unwrap();
    history::DeleteOutcome::export_all_to(dir).unwrap();
    history::ComparisonView::export_all_to(dir).unwrap();
    history::CustomerPage::export_all_to(dir).unwrap();
    tierbook_core::history::Granularity::export_all_to(dir).unwrap();
    std::fs::write(dir.join("choices.ts"), choices_ts()).unwrap();
}

/// `choices.ts`: the engine's fixed lists the window offers (methods, each RFM
/// scheme's segments and their default tiers), so the window never keeps a copy.
fn choices_ts() -> String {
    use tierbook_core::tiering::rfm::SegmentScheme;
    use tierbook_core::tiering::Method;
    let key = |v: serde_json::Value| v.as_str().unwrap().to_string();
    let list = |items: Vec<String>| items.iter().map(|k| format!("\"{k}\"")).collect::<Vec<_>>().join(", ");
    let methods = list(Method::ALL.iter().map(|m| m.key().to_string()).collect());
    let schemes: String = [SegmentScheme::Eight, SegmentScheme::Eleven]
        .iter()
        .map(|s| {
            let keys = |v: &[tierbook_core::tiering::rfm::Segment]| {
                list(v.iter().map(|x| key(serde_json::to_value(x).unwrap())).collect())
            };
            let (a, b) = s.default_tiers();
            format!(
                "  {}: {{ segments: [{}], a: [{}], b: [{}] }},\n",
                key(serde_json::to_value(s).unwrap()),
                keys(s.segments()),
                keys(&a),
                keys(&b)
            )
        })
        .collect();
    let colours: String = tierbook_core::Tier::ALL
        .iter()
        .map(|t| {
            format!(
                "\"{}\": \"{t:?}\"",
                tierbook_core::chart::palette::css(tierbook_core::chart::palette::tier(*t))
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "// Generated from the engine's enums by `TIERBOOK_UPDATE_BINDINGS=1 cargo test --test bindings`; do not edit.\nimport type {{ Method }} from \"./Method\";\nimport type {{ Segment }} from \"./Segment\";\nimport type {{ SegmentScheme }} from \"./SegmentScheme\";\nimport type {{ Tier }} from \"./Tier\";\n\n/** Every tiering method, in the engine's order. */\nexport const METHODS: Method[] = [{methods}];\n\n/** Each RFM scheme's segments, best first, with the tiers the engine gives them by default. */\nexport const SEGMENTS: Record<SegmentScheme, {{ segments: Segment[]; a: Segment[]; b: Segment[] }}> = {{\n{schemes}}};\n\n/** The tier each colour of the engine's charts stands for (chart/palette.rs), lower case. */\nexport const TIER_COLOURS: Record<string, Tier> = {{ {colours} }};\n"
    )
}

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "ts") {
            out.insert(
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            );
        }
    }
    out
}

/// `ui/src/i18n/domain.ts`: the engine's domain texts (`tierbook_core::text`)
/// for the window, so it never keeps its own copy of them.
fn domain_ts() -> String {
    use tierbook_core::text::domain_texts;
    use tierbook_core::Lang;
    let table = |lang: Lang| {
        domain_texts(lang)
            .iter()
            .map(|(k, v)| {
                format!(
                    "  {}: {},\n",
                    serde_json::to_string(k).unwrap(),
                    serde_json::to_string(v).unwrap()
                )
            })
            .collect::<String>()
    };
    format!(
        "// Generated from the engine's texts (tierbook_core::text) by\n// `TIERBOOK_UPDATE_BINDINGS=1 cargo test --test bindings`; do not edit.\nexport const domainZh = {{\n{}}} as const;\n\nexport const domainEn: Record<keyof typeof domainZh, string> = {{\n{}}};\n",
        table(Lang::Zh),
        table(Lang::En)
    )
}

#[test]
fn the_windows_domain_texts_are_the_engines() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/i18n/domain.ts");
    let want = domain_ts();
    if std::env::var_os("TIERBOOK_UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &want).unwrap();
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "ui/src/i18n/domain.ts is stale; run TIERBOOK_UPDATE_BINDINGS=1 cargo test --test bindings"
    );
}

#[test]
fn typescript_bindings_match_the_rust_types() {
    let committed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/api/bindings");
    let fresh = tempfile::tempdir().unwrap();
    export_all(fresh.path());
    if std::env::var_os("TIERBOOK_UPDATE_BINDINGS").is_some() {
        let _ = std::fs::remove_dir_all(&committed);
        std::fs::create_dir_all(&committed).unwrap();
        export_all(&committed);
        return;
    }
    let want = read_dir(fresh.path());
    let have = if committed.is_dir() {
        read_dir(&committed)
    } else {
        BTreeMap::new()
    };
    let stale: Vec<&String> = want
        .keys()
        .filter(|k| have.get(*k) != want.get(*k))
        .chain(have.keys().filter(|k| !want.contains_key(*k)))
        .collect();
    assert!(
        stale.is_empty(),
        "ui/src/api/bindings is stale ({stale:?}); run TIERBOOK_UPDATE_BINDINGS=1 cargo test --test bindings"
    );
}
