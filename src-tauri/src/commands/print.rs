//! 打印…: the report printed as a document of its own, never the window.
//!
//! Printing the main window's page gave WebKitGTK's print the app's grey
//! background, no page numbers (WebKit has no `@page` margin boxes) and charts
//! cut in two. Instead a hidden window loads `print.html`, which lays the report
//! out in A4 sheets with numbered footers (`ui/src/print/`), and then asks for
//! the print here; see [`crate::printing`] for how the page is set up.

use std::path::PathBuf;
use std::sync::atomic::Ordering;

use tauri::{AppHandle, Emitter, Manager, Runtime, State, WebviewUrl, WebviewWindow, WebviewWindowBuilder};
use tierbook_core::Lang;

use crate::error::IpcError;
use crate::ipc::{PrintJobView, PrintOutcome};
use crate::printing::{self, PrintJob};
use crate::state::{lock, AppState};

/// The print windows' labels start so (`print-1`, `print-2`, …): each print
/// has a window of its own, as closing one takes a moment.
pub const PRINT_WINDOW: &str = "print-";
/// The event the main window hears the end of a print on.
pub const PRINT_FINISHED: &str = "print-finished";

/// Prepares the report for printing and opens the hidden print window; the
/// print dialog follows once the window has laid the pages out. `suggested` is
/// the file 打印到文件 offers (the ledger's folder, 客户分级分析报告_2025年.pdf).
#[tauri::command(async)]
pub fn print_report<R: Runtime>(
    lang: Lang,
    suggested: String,
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<(), IpcError> {
    let ui = state.lang();
    let body = super::report::render(&state, lang)?.body;
    *lock(&state.print_job) = Some(PrintJob::new(body, lang, PathBuf::from(suggested)));
    // A print left half-way (its dialog closed by the system) gives way.
    for (label, old) in app.webview_windows() {
        if label.starts_with(PRINT_WINDOW) {
            let _ = old.destroy();
        }
    }
    let label = format!("{PRINT_WINDOW}{}", state.prints.fetch_add(1, Ordering::Relaxed) + 1);
    WebviewWindowBuilder::new(&app, label, WebviewUrl::App("print.html".into()))
        .title(crate::printing::window_title(lang))
        .visible(false)
        .inner_size(860.0, 1000.0)
        .build()
        .map(|_| ())
        .map_err(|e| IpcError::internal(e, ui))
}

/// The report the print window lays out.
#[tauri::command]
pub fn print_job(state: State<'_, AppState>) -> Result<PrintJobView, IpcError> {
    let ui = state.lang();
    lock(&state.print_job)
        .as_ref()
        .map(PrintJob::view)
        .ok_or_else(|| IpcError::no_ledger(ui))
}

/// The print window has laid out `pages` sheets: print them (the system's
/// dialog, or straight to the file the test harness names).
#[tauri::command]
pub fn print_ready<R: Runtime>(
    pages: u32,
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
) -> Result<(), IpcError> {
    let ui = state.lang();
    let job = lock(&state.print_job).clone().ok_or_else(|| IpcError::no_ledger(ui))?;
    log::info!("printing the report: {pages} pages");
    let to_file = state.hooks.print.clone();
    let done = {
        let window = window.clone();
        move |outcome: PrintOutcome| finish(&window, outcome)
    };
    let print = printing::Print {
        job,
        pages,
        to_file,
        lang: ui,
    };
    printing::print(&window, print, done).map_err(|e| IpcError::internal(e, ui))
}

/// The print window could not lay the report out (it says why).
#[tauri::command]
pub fn print_failed<R: Runtime>(detail: String, window: WebviewWindow<R>, state: State<'_, AppState>) {
    let error = IpcError::internal(detail, state.lang());
    finish(&window, PrintOutcome::Failed { error });
}

/// Tells the main window how the print ended and closes the print window.
fn finish<R: Runtime>(window: &WebviewWindow<R>, outcome: PrintOutcome) {
    let opened = matches!(outcome, PrintOutcome::Opened);
    let _ = window.app_handle().emit_to("main", PRINT_FINISHED, outcome);
    // A dialog of the system's own prints from the window: it stays for the user to close.
    if opened {
        return;
    }
    // Later, not inside the print operation's own signal.
    let window = window.clone();
    tauri::async_runtime::spawn(async move {
        let _ = window.destroy();
    });
}
