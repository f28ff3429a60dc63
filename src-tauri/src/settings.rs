//! What the app remembers between runs: the language, whether the first-run screen
//! was seen, and the column mapping chosen for each ledger layout.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use tierbook_core::import::{HeaderMap, ImportOptions};
use tierbook_core::Lang;

/// Settings stored as JSON in the app's config folder.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// UI language.
    pub lang: Lang,
    /// True once a ledger has been imported.
    pub seen_first_run: bool,
    /// Import choices per layout key (see [`layout_key`]).
    pub layouts: BTreeMap<String, ImportOptions>,
    /// Company name on the report's cover.
    pub company: String,
    /// The edited strategy playbook (None: the documents' defaults in the
    /// report's language).
    pub playbook: Option<tierbook_core::playbook::Playbook>,
    /// The team workspace last connected to (never its password, which is
    /// asked for at each start).
    pub team: Option<TeamServer>,
    /// Ledgers imported lately, newest first (paths the user picked).
    pub recent: Vec<String>,
}

/// How many ledgers the welcome screen lists.
pub const RECENT: usize = 6;

impl Settings {
    /// Puts an imported ledger first among the recent ones (once, at most
    /// [`RECENT`] kept).
    pub fn remember_ledger(&mut self, path: &Path) {
        let p = path.display().to_string();
        self.recent.retain(|r| *r != p);
        self.recent.insert(0, p);
        self.recent.truncate(RECENT);
    }
}

/// A team workspace's server, as the 团队工作区 dialog asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct TeamServer {
    /// Host name or address (`fs01`, `192.168.1.20`).
    pub host: String,
    /// Port (5432 unless IT chose another).
    pub port: u16,
    /// Database name.
    pub database: String,
    /// The person's database user.
    pub user: String,
}

impl TeamServer {
    /// The server named by an address (`postgres://user@host:port/db`).
    pub fn from_url(url: &str) -> Option<TeamServer> {
        let a = tierbook_core::store::parse_server(url)?;
        Some(TeamServer {
            host: a.host,
            port: a.port,
            database: a.database,
            user: a.user,
        })
    }

    /// The server's address (no password in it).
    pub fn url(&self) -> String {
        // Characters that would end a URL part are escaped; names in Chinese
        // are kept as they are (the driver reads them).
        let part = |s: &str| {
            s.trim()
                .chars()
                .map(|c| match c {
                    '@' | ':' | '/' | '?' | '#' | '%' | ' ' => format!("%{:02X}", c as u32),
                    c => c.to_string(),
                })
                .collect::<String>()
        };
        format!(
            "postgres://{}@{}:{}/{}",
            part(&self.user),
            part(&self.host),
            self.port,
            part(&self.database)
        )
    }
}

impl Settings {
    /// Reads settings; a missing or unreadable file gives the defaults (the file is
    /// only preferences, never data).
    pub fn load(path: &Path) -> Settings {
        std::fs::read_to_string(path)
            .ok()
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default()
    }

    /// Writes settings atomically.
    pub fn save(&self, path: &Path) -> Result<(), tierbook_core::export::ExportError> {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let text = serde_json::to_string_pretty(self).expect("settings serialise");
        tierbook_core::export::write_atomically(path, text.as_bytes())
    }
}

/// A ledger layout: the header texts of its first ledger sheet, in order. Two
/// exports from the same ERP report share a key, so the mapping is remembered.
pub fn layout_key(header: &HeaderMap) -> String {
    header
        .columns
        .iter()
        .map(|c| c.header.trim())
        .collect::<Vec<_>>()
        .join("|")
}

/// The choices worth remembering (not the period or the sheet list of one file).
pub fn rememberable(o: &ImportOptions) -> ImportOptions {
    ImportOptions {
        mapping: o.mapping.clone(),
        header_row: o.header_row,
        units: o.units.clone(),
        ..Default::default()
    }
}
