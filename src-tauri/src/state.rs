//! The app's state: the open ledger's tier run, the import in progress, settings.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard};

use tierbook_core::store::{StoreError, Workspace};
use tierbook_core::{ImportReport, Lang, TierTable};

use crate::settings::Settings;

/// The ledger open in the window.
pub struct Session {
    /// The file the user picked.
    pub path: PathBuf,
    /// How its rows were accounted for.
    pub report: ImportReport,
    /// The tiers under the current policy, with the user's edits.
    pub table: TierTable,
    /// The run it is kept as in the workspace, rewritten when the method or an
    /// override changes (None when the workspace is unavailable).
    pub stored: Option<tierbook_core::store::RunInfo>,
    /// The needs texts the workspace held when the run was opened (and as this
    /// window changed them since): an edit based on one someone else has
    /// changed meanwhile is refused, not silently overwritten.
    pub needs_seen: std::collections::HashMap<String, String>,
}

impl Session {
    /// A session over a run's report and tiers. The report already says what
    /// only the customers tell (the core's one pipeline adds it, whichever path
    /// made the run).
    pub fn new(
        path: PathBuf,
        report: ImportReport,
        table: TierTable,
        stored: Option<tierbook_core::store::RunInfo>,
        needs_seen: std::collections::HashMap<String, String>,
    ) -> Self {
        Session {
            path,
            report,
            table,
            stored,
            needs_seen,
        }
    }
}

/// Paths given by the test harness instead of the native dialogs.
#[derive(Debug, Clone, Default)]
pub struct TestHooks {
    /// Used instead of the open dialog, in turn (the list wraps around).
    pub ledgers: Vec<PathBuf>,
    /// Used instead of the save dialog.
    pub save: Option<PathBuf>,
    /// A team server to use from the start (`TIERBOOK_WORKSPACE`, a
    /// `postgres://` address; the password from `PGPASSWORD`): how IT points a
    /// shortcut at the company's server, and how the end-to-end test connects.
    pub workspace: Option<String>,
    /// 打印… writes this PDF (its folder and name given to 打印到文件 as the
    /// dialog's would be) through WebKit's print-to-file, with no dialog
    /// (`TIERBOOK_TEST_PRINT`).
    pub print: Option<PathBuf>,
}

impl TestHooks {
    /// Reads `TIERBOOK_TEST_LEDGER` (one path or several joined like `PATH`) and
    /// `TIERBOOK_TEST_SAVE`.
    pub fn from_env() -> TestHooks {
        TestHooks {
            ledgers: std::env::var_os("TIERBOOK_TEST_LEDGER")
                .map(|v| std::env::split_paths(&v).collect())
                .unwrap_or_default(),
            save: std::env::var_os("TIERBOOK_TEST_SAVE").map(PathBuf::from),
            workspace: std::env::var("TIERBOOK_WORKSPACE")
                .ok()
                .filter(|w| tierbook_core::store::is_server(w)),
            print: std::env::var_os("TIERBOOK_TEST_PRINT").map(PathBuf::from),
        }
    }
}

/// Everything the commands share.
pub struct AppState {
    /// The open ledger.
    pub session: Arc<Mutex<Option<Session>>>,
    /// Set to cancel the running import.
    pub cancel: Arc<AtomicBool>,
    /// Remembered settings.
    pub settings: Arc<Mutex<Settings>>,
    /// Where settings are saved (None: not saved, as in tests).
    pub settings_path: Option<PathBuf>,
    /// The bundled sample ledger.
    pub sample: Option<PathBuf>,
    /// Test hooks.
    pub hooks: TestHooks,
    /// Files exported in this run (only these may be revealed in the file manager).
    pub exported: Mutex<Vec<PathBuf>>,
    /// The workspace in use: this PC's file or a team server, switchable.
    pub place: Mutex<Place>,
    /// This PC's workspace file.
    pub workspace_path: Option<PathBuf>,
    /// A ledger the app was started with ("Open with Tierbook", a file on the
    /// command line), until the window takes it.
    pub opened: Mutex<Option<PathBuf>>,
    /// The folder of the log file (None in tests).
    pub log_dir: Mutex<Option<PathBuf>>,
    /// The report waiting in the print window.
    pub print_job: Mutex<Option<crate::printing::PrintJob>>,
    /// Prints started, to name each print window.
    pub prints: std::sync::atomic::AtomicU32,
}

/// The workspace in use and how it came to be.
#[derive(Default)]
pub struct Place {
    /// The workspace that keeps every import and run, when it could be opened.
    pub workspace: Option<Arc<Mutex<Workspace>>>,
    /// Why it could not be opened (the app then works without history).
    pub problem: Option<StoreError>,
    /// What it is, for the window: the file's path or the server's `db@host`.
    pub label: Option<String>,
    /// The team server connected to, when it is one.
    pub team: Option<crate::settings::TeamServer>,
}

impl Place {
    /// A workspace opened (or not) at `label`.
    pub fn opened(
        result: Result<Workspace, StoreError>,
        label: String,
        team: Option<crate::settings::TeamServer>,
    ) -> Place {
        match result {
            Ok(ws) => Place {
                workspace: Some(Arc::new(Mutex::new(ws))),
                problem: None,
                label: Some(label),
                team,
            },
            Err(e) => Place {
                workspace: None,
                problem: Some(e),
                label: Some(label),
                team,
            },
        }
    }
}

/// Locks a mutex, recovering the data if a previous holder panicked: the state is
/// plain data and stays usable, and no panic must reach the user.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// This PC's own workspace file, opened (or created).
pub fn local_place(path: Option<&std::path::Path>) -> Place {
    match path {
        Some(p) => {
            if let Some(dir) = p.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            Place::opened(Workspace::open(p), p.display().to_string(), None)
        }
        None => Place::default(),
    }
}

impl AppState {
    /// The workspace in use, if one is open.
    pub fn workspace(&self) -> Option<Arc<Mutex<Workspace>>> {
        lock(&self.place).workspace.clone()
    }

    /// What the workspace in use is, for the window.
    pub fn workspace_label(&self) -> Option<String> {
        lock(&self.place).label.clone()
    }

    /// State with settings loaded from `settings_path` and the workspace opened (or
    /// created) at `workspace_path`.
    pub fn new(
        settings_path: Option<PathBuf>,
        workspace_path: Option<PathBuf>,
        sample: Option<PathBuf>,
        hooks: TestHooks,
    ) -> AppState {
        let settings = settings_path.as_deref().map(Settings::load).unwrap_or_default();
        let place = match &hooks.workspace {
            // A team server given at start (IT's shortcut, the end-to-end test):
            // the password from PGPASSWORD.
            Some(url) => {
                let server = crate::settings::TeamServer::from_url(url);
                let label = server
                    .as_ref()
                    .map(|s| format!("{}@{}", s.database, s.host))
                    .unwrap_or_else(|| url.clone());
                Place::opened(Workspace::connect(url), label, server)
            }
            None => local_place(workspace_path.as_deref()),
        };
        AppState {
            place: Mutex::new(place),
            workspace_path,
            session: Arc::new(Mutex::new(None)),
            cancel: Arc::new(AtomicBool::new(false)),
            settings: Arc::new(Mutex::new(settings)),
            settings_path,
            sample,
            hooks,
            exported: Mutex::new(Vec::new()),
            opened: Mutex::new(None),
            log_dir: Mutex::new(None),
            print_job: Mutex::new(None),
            prints: Default::default(),
        }
    }

    /// The current language.
    pub fn lang(&self) -> Lang {
        lock(&self.settings).lang
    }

    /// Saves settings; failures are ignored (preferences are not data).
    pub fn save_settings(&self) {
        if let Some(p) = &self.settings_path {
            let _ = lock(&self.settings).save(p);
        }
    }
}

/// Who is making an edit, for the audit log: the operating-system user.
pub fn who() -> String {
    tierbook_core::store::sharing::os_user()
}
