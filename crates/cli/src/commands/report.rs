//! `report`: the printable tier report (HTML, A4), of a ledger or of a run
//! saved in a workspace.

use std::path::PathBuf;

use tierbook_core::{export, usecase, Lang};

use crate::args::ReportArgs;
use crate::error::CliError;
use crate::policy::build_policy;
use crate::progress::Progress;

/// Runs `report`.
pub fn run(r: &ReportArgs, lang: Lang) -> Result<(), CliError> {
    let a = &r.classify;
    let run_id = a.ledger.to_str().and_then(|s| s.parse::<i64>().ok());
    let stored = match (&a.db, run_id) {
        (Some(db), Some(id)) if !a.ledger.exists() => Some(stored_report(db, id, lang)?),
        _ => None,
    };
    let (import, table, previous, company, playbook) = match stored {
        Some(s) => (
            s.import,
            s.table,
            s.previous,
            Some(s.settings.company),
            s.settings.playbook,
        ),
        None => {
            let policy = build_policy(a)?;
            let (import, table) = tierbook_core::run(&a.ledger, &policy, &mut Progress { shown: false, lang })?;
            let previous = match &r.previous {
                Some(p) => {
                    let (_, before) = tierbook_core::run(p, &policy, &mut Progress { shown: false, lang })?;
                    let label = p
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let comparison = tierbook_core::history::compare(&before, &table, &Default::default());
                    Some(tierbook_core::report::PreviousPeriod { label, comparison })
                }
                None => None,
            };
            (import, table, previous, None, None)
        }
    };
    let options = tierbook_core::report::ReportOptions {
        company: if r.company.trim().is_empty() {
            company.unwrap_or_default()
        } else {
            r.company.trim().to_string()
        },
        date: chrono::Local::now().date_naive(),
        lang,
        playbook: playbook.unwrap_or_else(|| tierbook_core::playbook::Playbook::default_for(lang)),
        previous,
    };
    let rendered = tierbook_core::report::render(&table, &import, &options)
        .map_err(|e| CliError::Report { detail: e.to_string() })?;
    let name = match lang {
        Lang::Zh => "客户分级分析报告.html",
        Lang::En => "tier-report.html",
    };
    let out = a.output.clone().unwrap_or_else(|| {
        a.ledger
            .parent()
            .map(|p| p.join(name))
            .unwrap_or_else(|| PathBuf::from(name))
    });
    export::write_atomically(&out, rendered.document.as_bytes())?;
    println!("{}{}", lang.pick("已写入：", "Written: "), out.display());
    Ok(())
}

/// A stored run's report inputs (the app saves the report settings there).
pub fn stored_report(db: &str, run_id: i64, lang: Lang) -> Result<usecase::ReportInputs, CliError> {
    let ws = super::open(db)?;
    usecase::report_inputs(&ws, run_id, lang).map_err(|e| CliError::Core(e.into()))
}
