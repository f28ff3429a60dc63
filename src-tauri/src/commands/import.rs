//! Opening a ledger: the preview with the detected mapping, and the import itself,
//! which runs off the main thread with throttled progress and can be cancelled.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tauri::ipc::Channel;
use tauri::State;
use tierbook_core::import::{self, ImportOptions};
use tierbook_core::{tiering, Observer};

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
    let path = PathBuf::from(path);
    tauri::async_runtime::spawn_blocking(move || {
        let survey = |options: ImportOptions, remembered: bool| -> Result<InspectResult, IpcError> {
            let (inspection, problem) = import::survey(&path, &options).ipc(lang)?;
            let problem = problem.map(|e| IpcError::from_core(&e.into(), lang));
            Ok(InspectResult {
                inspection,
                options,
                remembered,
                problem,
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
        let remembered = key.and_then(|k| lock(&settings).layouts.get(&k).cloned());
        match remembered {
            Some(options) => survey(options, true).or(Ok(detected)),
            None => Ok(detected),
        }
    })
    .await
    .map_err(|e| IpcError::internal(&e.to_string(), lang))?
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
/// policy (or the default one). The mapping is remembered for the layout.
#[tauri::command]
pub async fn import_ledger(
    path: String,
    options: ImportOptions,
    on_progress: Channel<ImportProgress>,
    state: State<'_, AppState>,
) -> Result<ImportOutcome, IpcError> {
    let lang = state.lang();
    state.cancel.store(false, Ordering::Relaxed);
    let mut policy = lock(&state.session)
        .as_ref()
        .map(|s| s.table.policy.clone())
        .unwrap_or_default();
    policy.overrides.clear();
    policy.import = options;
    let cancel = state.cancel.clone();
    let path = PathBuf::from(path);
    let job_path = path.clone();
    let job_policy = policy.clone();
    let result = tauri::async_runtime::spawn_blocking(move || {
        let mut observer = ChannelObserver {
            channel: on_progress.clone(),
            cancel,
            last: Instant::now(),
        };
        let out = tierbook_core::analyse(&job_path, &job_policy, &mut observer)
            .and_then(|(report, metrics)| Ok((report, tiering::classify(metrics, &job_policy)?)));
        if let Ok((report, _)) = &out {
            let _ = on_progress.send(ImportProgress {
                rows: report.rows_read(),
            });
        }
        out
    })
    .await
    .map_err(|e| IpcError::internal(&e.to_string(), lang))?;
    let (report, table) = result.ipc(lang)?;
    // The layout is keyed on the detected header (as inspect_ledger looks it up).
    let key = import::survey(&path, &ImportOptions::default())
        .ok()
        .and_then(|(i, _)| i.sheets.iter().find_map(|s| s.header.as_ref()).map(layout_key));
    {
        let mut settings = lock(&state.settings);
        settings.seen_first_run = true;
        if let Some(key) = key {
            settings.layouts.insert(key, rememberable(&policy.import));
        }
    }
    state.save_settings();
    let summary = view::summary(&report.file, &table, lang);
    let outcome = ImportOutcome {
        report: report.clone(),
        summary,
    };
    *lock(&state.session) = Some(Session { path, report, table });
    Ok(outcome)
}

/// Asks the running import to stop.
#[tauri::command]
pub fn cancel_import(state: State<'_, AppState>) {
    state.cancel.store(true, Ordering::Relaxed);
}
