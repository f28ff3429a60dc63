//! Opening a ledger: the preview with the detected mapping, and the import itself,
//! which runs off the main thread with throttled progress and can be cancelled.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tauri::ipc::Channel;
use tauri::State;
use tierbook_core::import::{self, ImportOptions};
use tierbook_core::{usecase, Observer, RunSpec};

use crate::error::{IntoIpc, IpcError};
use crate::ipc::{ImportOutcome, ImportProgress, InspectResult};
use crate::settings::{layout_key, rememberable};
use crate::state::{lock, AppState, Session};
use crate::view;

/// The import plan for a file. Without options, a remembered mapping for the
/// file's layout is applied when there is one.
#[tauri::command]
pub async fn inspect_ledger(
    path: String,
    options: Option<ImportOptions>,
    state: State<'_, AppState>,
) -> Result<InspectResult, IpcError> {
    let lang = state.lang();
    let settings = state.settings.clone();
    let workspace = state.workspace();
    let path = PathBuf::from(path);
    tauri::async_runtime::spawn_blocking(move || {
        let survey = |options: ImportOptions, remembered: bool| -> Result<InspectResult, IpcError> {
            let (inspection, problem) = import::survey(&path, &options).ipc(lang)?;
            let problem = problem.map(|e| IpcError::from_core(&e.into(), lang));
            let assumptions = inspection
                .sheets
                .iter()
                .filter(|s| s.included)
                .flat_map(|s| {
                    s.header
                        .iter()
                        .flat_map(|h| h.notes.iter().map(|n| n.finding(&s.name).message(lang)))
                })
                .collect();
            Ok(InspectResult {
                inspection,
                options,
                remembered,
                problem,
                assumptions,
            })
        };
        if let Some(options) = options {
            return survey(options, false);
        }
        let detected = survey(ImportOptions::default(), false)?;
        let key = detected
            .inspection
            .sheets
            .iter()
            .find_map(|s| s.header.as_ref())
            .map(layout_key);
        // The workspace's mapping first (it travels with the data), then this computer's.
        let remembered = key.and_then(|k| {
            let stored = workspace.as_ref().and_then(|ws| lock(ws).mapping(&k).ok().flatten());
            stored.or_else(|| lock(&settings).layouts.get(&k).cloned())
        });
        match remembered {
            Some(options) => survey(options, true).or(Ok(detected)),
            None => Ok(detected),
        }
    })
    .await
    .map_err(|e| IpcError::internal(e, lang))?
}

/// Sends progress at most every 100 ms and watches the cancel flag.
struct ChannelObserver {
    channel: Channel<ImportProgress>,
    cancel: Arc<AtomicBool>,
    last: Instant,
}

impl Observer for ChannelObserver {
    fn rows_read(&mut self, rows: u64) {
        if self.last.elapsed() >= Duration::from_millis(100) {
            self.last = Instant::now();
            let _ = self.channel.send(ImportProgress { rows });
        }
    }
    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// Imports the ledger with the given choices and tiers it under the current
/// policy (or the default one), keeping both in the workspace. The mapping is
/// remembered for the layout.
#[tauri::command]
pub async fn import_ledger(
    path: String,
    options: ImportOptions,
    on_progress: Channel<ImportProgress>,
    state: State<'_, AppState>,
) -> Result<ImportOutcome, IpcError> {
    let lang = state.lang();
    state.cancel.store(false, Ordering::Relaxed);
    let rules = lock(&state.session)
        .as_ref()
        .map(|s| s.table.policy.clone())
        .unwrap_or_default();
    // The rules stay; this import is a new run with its own specification.
    let policy = rules
        .with_run(RunSpec {
            overrides: Vec::new(),
            import: options,
        })
        .ipc(lang)?;
    let cancel = state.cancel.clone();
    let path = PathBuf::from(path);
    let job_path = path.clone();
    let job_policy = policy.clone();
    let workspace = state.workspace();
    let result = tauri::async_runtime::spawn_blocking(move || {
        let mut observer = ChannelObserver {
            channel: on_progress.clone(),
            cancel,
            last: Instant::now(),
        };
        let mut ws = workspace.as_ref().map(|ws| lock(ws));
        let out = usecase::import_and_tier(&job_path, &job_policy, ws.as_deref_mut(), None, &mut observer, lang);
        if let Ok(done) = &out {
            let _ = on_progress.send(ImportProgress {
                rows: done.report.rows_read(),
            });
        }
        out
    })
    .await
    .map_err(|e| IpcError::internal(e, lang))?;
    let done = result.ipc(lang)?;
    // The layout is keyed on the detected header (as inspect_ledger looks it up).
    let key = import::survey(&path, &ImportOptions::default())
        .ok()
        .and_then(|(i, _)| i.sheets.iter().find_map(|s| s.header.as_ref()).map(layout_key));
    {
        let mut settings = lock(&state.settings);
        settings.seen_first_run = true;
        settings.remember_ledger(&path);
        if let Some(key) = &key {
            settings.layouts.insert(key.clone(), rememberable(&policy.run.import));
        }
    }
    if let (Some(key), Some(ws)) = (&key, &state.workspace()) {
        // A preference: failing to remember it must not fail the import.
        let _ = lock(ws).save_mapping(key, &rememberable(&policy.run.import));
    }
    state.save_settings();
    let already = done
        .ledger
        .as_ref()
        .filter(|_| done.already)
        .map(|l| l.imported_at.clone());
    let needs_seen = match (&done.run, &state.workspace()) {
        (Some(_), Some(ws)) => lock(ws).recorded_needs().ipc(lang)?,
        _ => Default::default(),
    };
    let session = Session::new(path, done.report, done.table, done.run, needs_seen);
    let outcome = view::outcome(&session, already, lang);
    *lock(&state.session) = Some(session);
    Ok(outcome)
}

/// Asks the running import to stop.
#[tauri::command]
pub fn cancel_import(state: State<'_, AppState>) {
    state.cancel.store(true, Ordering::Relaxed);
}
