//! What the printed report needs besides the tiers: the settings kept with
//! the workspace and the earlier period to compare with.

use serde::{Deserialize, Serialize};

use crate::history::{self, CompareOptions};
use crate::playbook::Playbook;
use crate::report::PreviousPeriod;
use crate::store::{StoreError, Workspace};
use crate::{ImportReport, Lang, TierTable};

/// The report's settings: the company on the cover and the edited playbook
/// (None: the default one in the report's language). Kept in the workspace so
/// they travel with it; typed here so no adapter reads them by string key.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportSettings {
    /// The company name (may be empty).
    pub company: String,
    /// The playbook as edited, if it was.
    pub playbook: Option<Playbook>,
}

const COMPANY: &str = "company";
const PLAYBOOK: &str = "playbook";

impl ReportSettings {
    /// The settings saved in the workspace, each over `fallback` where the
    /// workspace has none (or an unreadable one).
    pub fn load(ws: Option<&Workspace>, fallback: ReportSettings) -> ReportSettings {
        let Some(ws) = ws else { return fallback };
        let get = |k: &str| ws.setting(k).ok().flatten();
        ReportSettings {
            company: get(COMPANY)
                .and_then(|c| serde_json::from_str(&c).ok())
                .unwrap_or(fallback.company),
            playbook: get(PLAYBOOK)
                .and_then(|p| serde_json::from_str(&p).ok())
                .unwrap_or(fallback.playbook),
        }
    }

    /// Saves them in the workspace (the company trimmed).
    ///
    /// # Errors
    /// A database error.
    pub fn save(&self, ws: &Workspace) -> Result<(), StoreError> {
        let c = serde_json::to_string(self.company.trim()).expect("a string serialises");
        let p = serde_json::to_string(&self.playbook).expect("a playbook serialises");
        ws.set_setting(COMPANY, &c)?;
        ws.set_setting(PLAYBOOK, &p)
    }

    /// The playbook in force for `lang`.
    pub fn playbook_for(&self, lang: Lang) -> Playbook {
        self.playbook.clone().unwrap_or_else(|| Playbook::default_for(lang))
    }
}

/// A saved run's report inputs.
#[derive(Debug, Clone)]
pub struct ReportInputs {
    /// The run's report (narrowed to its period).
    pub import: ImportReport,
    /// The run's tiers.
    pub table: TierTable,
    /// The period before it, as last decided, compared with it.
    pub previous: Option<PreviousPeriod>,
    /// The workspace's report settings.
    pub settings: ReportSettings,
}

/// The period before run `run_id` (as last decided), compared with `table`.
///
/// # Errors
/// A database error or an unknown run.
pub fn previous_period(
    ws: &Workspace,
    run_id: i64,
    table: &TierTable,
    lang: Lang,
) -> Result<Option<PreviousPeriod>, StoreError> {
    let Some(earlier) = ws.previous_run(run_id)? else {
        return Ok(None);
    };
    let (info, before) = ws.run_table(earlier.id)?;
    Ok(Some(PreviousPeriod {
        label: info.name(lang),
        comparison: history::compare(&before, table, &CompareOptions::default()),
    }))
}

/// Everything the report of saved run `run_id` needs from the workspace.
///
/// # Errors
/// A database error or an unknown run.
pub fn report_inputs(ws: &Workspace, run_id: i64, lang: Lang) -> Result<ReportInputs, StoreError> {
    let (_, import, table) = ws.open_run(run_id)?;
    let previous = previous_period(ws, run_id, &table, lang)?;
    Ok(ReportInputs {
        import,
        table,
        previous,
        settings: ReportSettings::load(Some(ws), ReportSettings::default()),
    })
}
