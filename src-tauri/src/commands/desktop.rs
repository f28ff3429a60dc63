//! The app as one desktop program: a ledger handed over on the command line
//! ("Open with Tierbook", a double-click on an associated file) is opened in
//! the window, and a second start hands its file to the running window and
//! brings that window forward instead of opening another.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use tauri::{AppHandle, Emitter, Manager, Runtime, State};

use crate::state::{lock, AppState};

/// The event the window opens a handed-over ledger on.
pub const OPEN_LEDGER: &str = "open-ledger";

/// The ledger among a start's arguments (after the program's own name): the
/// first that is an existing file, relative paths read from `cwd`. Options
/// and anything else are ignored.
pub fn ledger_argument(args: impl IntoIterator<Item = OsString>, cwd: &Path) -> Option<PathBuf> {
    args.into_iter()
        .skip(1)
        .filter(|a| !a.to_string_lossy().starts_with('-'))
        .map(|a| cwd.join(a))
        .find(|p| p.is_file())
}

/// Called in the running app when the user starts Tierbook again.
pub fn second_start<R: Runtime>(app: &AppHandle<R>, args: Vec<String>, cwd: String) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
    }
    if let Some(path) = ledger_argument(args.into_iter().map(OsString::from), Path::new(&cwd)) {
        let _ = app.emit(OPEN_LEDGER, path.display().to_string());
    }
}

/// Saves the main window's size and place half a second after it last moved
/// or changed size. The window-state plugin saves only when the app closes
/// normally; this keeps them through a crash, a shutdown with the app open, or
/// a test harness that ends it.
pub fn remember_window_soon<R: Runtime>(app: &AppHandle<R>) {
    use std::sync::atomic::{AtomicU64, Ordering};
    use tauri_plugin_window_state::{AppHandleExt, StateFlags};
    static LATEST: AtomicU64 = AtomicU64::new(0);
    let mine = LATEST.fetch_add(1, Ordering::SeqCst) + 1;
    let app = app.clone();
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(500));
        // Only the last of a drag's many events saves.
        if LATEST.load(Ordering::SeqCst) == mine {
            if let Err(e) = app.save_window_state(StateFlags::all()) {
                log::warn!("the window's size and place could not be kept: {e}");
            }
        }
    });
}

/// The ledger the app was started with, once (the window opens it).
#[tauri::command]
pub fn take_opened_file(state: State<'_, AppState>) -> Option<String> {
    lock(&state.opened).take().map(|p| p.display().to_string())
}

/// 帮助 → 关于: the version, the workspace and where the log is.
#[tauri::command]
pub fn about(state: State<'_, AppState>) -> crate::ipc::AboutView {
    crate::ipc::AboutView {
        version: env!("CARGO_PKG_VERSION").to_string(),
        workspace: lock(&state.place).label.clone(),
        log_dir: lock(&state.log_dir).as_ref().map(|d| d.display().to_string()),
    }
}

/// Opens the log folder in the file manager (for sending the log to support).
#[tauri::command]
pub fn open_log_folder(state: State<'_, AppState>) -> Result<(), crate::error::IpcError> {
    let lang = state.lang();
    let dir = lock(&state.log_dir).clone().ok_or_else(|| {
        crate::error::IpcError::app(
            "app.no_log",
            &[],
            lang,
            "此次运行没有日志文件夹。".into(),
            "This run has no log folder.".into(),
        )
    })?;
    let _ = std::fs::create_dir_all(&dir);
    tauri_plugin_opener::open_path(&dir, None::<&str>).map_err(|e| {
        crate::error::IpcError::app(
            "app.open_failed",
            &[("path", dir.display().to_string())],
            lang,
            format!("无法打开日志文件夹“{}”（{e}）。", dir.display()),
            format!("Could not open the log folder “{}” ({e}).", dir.display()),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_start_up_failure_is_told_in_both_languages_with_what_to_do() {
        let text = crate::startup_failure("no display");
        assert!(text.contains("Tierbook 无法启动：no display") && text.contains("请把这段文字发给技术支持"));
        assert!(text.contains("Tierbook could not start: no display") && text.contains("send this text to support"));
    }

    #[test]
    fn the_first_existing_file_after_the_program_is_the_ledger() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("台账.xlsx"), b"x").unwrap();
        let args = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            ledger_argument(args(&["tierbook", "--flag", "missing.xlsx", "台账.xlsx"]), dir.path()),
            Some(dir.path().join("台账.xlsx"))
        );
        assert_eq!(
            ledger_argument(args(&["台账.xlsx"]), dir.path()),
            None,
            "the program itself is no ledger"
        );
        assert_eq!(ledger_argument(args(&["tierbook"]), dir.path()), None);
    }
}
