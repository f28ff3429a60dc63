//! The app's state: the open ledger's tier run, the import in progress, settings.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard};

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
}

/// Paths given by the test harness instead of the native dialogs.
#[derive(Debug, Clone, Default)]
pub struct TestHooks {
    /// Used instead of the open dialog.
    pub ledger: Option<PathBuf>,
    /// Used instead of the save dialog.
    pub save: Option<PathBuf>,
}

impl TestHooks {
    /// Reads `TIERBOOK_TEST_LEDGER` and `TIERBOOK_TEST_SAVE`.
    pub fn from_env() -> TestHooks {
        TestHooks {
            ledger: std::env::var_os("TIERBOOK_TEST_LEDGER").map(PathBuf::from),
            save: std::env::var_os("TIERBOOK_TEST_SAVE").map(PathBuf::from),
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
}

/// Locks a mutex, recovering the data if a previous holder panicked: the state is
/// plain data and stays usable, and no panic must reach the user.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl AppState {
    /// State with settings loaded from `settings_path`.
    pub fn new(settings_path: Option<PathBuf>, sample: Option<PathBuf>, hooks: TestHooks) -> AppState {
        let settings = settings_path.as_deref().map(Settings::load).unwrap_or_default();
        AppState {
            session: Arc::new(Mutex::new(None)),
            cancel: Arc::new(AtomicBool::new(false)),
            settings: Arc::new(Mutex::new(settings)),
            settings_path,
            sample,
            hooks,
            exported: Mutex::new(Vec::new()),
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
