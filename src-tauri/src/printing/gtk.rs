//! Printing on Linux with WebKitGTK's own print operation: the page setup
//! (A4, the report's margins) is set before the GTK print dialog opens, and
//! 打印到文件 starts in the ledger's folder with the report's name.

use std::cell::{Cell, RefCell};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use gtk::{PageSetup, PaperSize, PrintSettings, Unit};
use tauri::{Manager, Runtime, WebviewWindow};
use tierbook_core::Lang;
use webkit2gtk::glib;
use webkit2gtk::{PrintOperation, PrintOperationExt, PrintOperationResponse};

use super::{Print, PrintJob, MARGINS_MM};
use crate::error::IpcError;
use crate::ipc::PrintOutcome;

/// A4 portrait with the report's margins: WebKitGTK prints inside these.
fn page_setup() -> PageSetup {
    let setup = PageSetup::new();
    setup.set_paper_size(&PaperSize::new(Some(gtk::PAPER_NAME_A4.as_str())));
    setup.set_orientation(gtk::PageOrientation::Portrait);
    let [top, right, bottom, left] = MARGINS_MM;
    setup.set_top_margin(top, Unit::Mm);
    setup.set_right_margin(right, Unit::Mm);
    setup.set_bottom_margin(bottom, Unit::Mm);
    setup.set_left_margin(left, Unit::Mm);
    setup
}

/// What the dialog starts with: the printer and options chosen last time
/// (`remembered`, GTK's own key file), less what would undo the report's page
/// (paper, orientation, scale) or a file path from then; 打印到文件 offers the
/// report's name, a PDF, in the ledger's folder. For the test harness,
/// `to_file` names the file, and the printer is 打印到文件.
fn print_settings(job: &PrintJob, to_file: Option<&PathBuf>, remembered: Option<&Path>) -> PrintSettings {
    let settings = match (to_file, remembered) {
        (None, Some(path)) => PrintSettings::from_file(path).ok(),
        _ => None,
    }
    .unwrap_or_else(PrintSettings::new);
    for key in [
        gtk::PRINT_SETTINGS_OUTPUT_URI,
        gtk::PRINT_SETTINGS_ORIENTATION,
        gtk::PRINT_SETTINGS_PAPER_FORMAT,
        gtk::PRINT_SETTINGS_PAPER_WIDTH,
        gtk::PRINT_SETTINGS_PAPER_HEIGHT,
        gtk::PRINT_SETTINGS_SCALE,
    ] {
        settings.unset(key.as_str());
    }
    // The test harness's file goes through the very settings 打印到文件 starts
    // with: a folder and a name (GTK adds .pdf), never a URI of its own.
    let (folder, name) = match to_file {
        Some(file) => (
            file.parent(),
            file.file_stem().map(|s| s.to_string_lossy().into_owned()),
        ),
        None => (job.folder(), Some(job.title())),
    };
    settings.set(gtk::PRINT_SETTINGS_OUTPUT_FILE_FORMAT.as_str(), Some("pdf"));
    settings.set(gtk::PRINT_SETTINGS_OUTPUT_BASENAME.as_str(), name.as_deref());
    // A plain path in GTK 3 (GTK 4 wants a URI): a URI here makes the file
    // printer fail with "Operation not supported".
    if let Some(dir) = folder.and_then(Path::to_str) {
        settings.set(gtk::PRINT_SETTINGS_OUTPUT_DIR.as_str(), Some(dir));
    }
    if to_file.is_some() {
        settings.set_printer("Print to File");
    }
    settings
}

/// Keeps the printer and options the user printed with, for the next print
/// (a preference: a failure to write it only means starting afresh).
fn remember(settings: &PrintSettings, path: &Path) {
    let file = glib::KeyFile::new();
    settings.to_key_file(&file, None);
    let written = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .map_err(|e| e.to_string())
        .and_then(|_| {
            tierbook_core::export::write_atomically(path, file.to_data().as_bytes()).map_err(|e| e.to_string())
        });
    if let Err(e) = written {
        log::warn!("the print settings could not be kept: {e}");
    }
}

pub(super) fn print<R: Runtime>(
    window: &WebviewWindow<R>,
    print: Print,
    done: impl Fn(PrintOutcome) + Send + 'static,
) -> tauri::Result<()> {
    let Print {
        job,
        pages,
        to_file,
        lang,
    } = print;
    let main = window.app_handle().get_webview_window("main");
    let remembered = window
        .app_handle()
        .path()
        .app_config_dir()
        .ok()
        .map(|d| d.join("print-settings.ini"));
    window.with_webview(move |webview| {
        let op = PrintOperation::new(&webview.inner());
        op.set_page_setup(&page_setup());
        op.set_print_settings(&print_settings(&job, to_file.as_ref(), remembered.as_deref()));
        // Told once (WebKit follows `failed` with `finished`); the operation is
        // kept alive until then.
        let keep = RefCell::new(Some(op.clone()));
        let told = Cell::new(false);
        let tell = Rc::new(move |outcome: PrintOutcome| {
            if !told.replace(true) {
                done(outcome);
            }
            keep.borrow_mut().take();
        });
        {
            let tell = tell.clone();
            op.connect_failed(move |_, e| {
                log::warn!("printing failed: {e}");
                tell(PrintOutcome::Failed {
                    error: print_error(&e.to_string(), lang),
                })
            });
        }
        {
            let tell = tell.clone();
            op.connect_finished(move |_| tell(PrintOutcome::Printed { pages }));
        }
        if to_file.is_some() {
            op.print();
            return;
        }
        let parent = main.and_then(|w| w.gtk_window().ok());
        match op.run_dialog(parent.as_ref()) {
            PrintOperationResponse::Cancel => tell(PrintOutcome::Cancelled),
            _ => {
                if let (Some(chosen), Some(path)) = (op.print_settings(), remembered.as_deref()) {
                    remember(&chosen, path);
                }
            }
        }
    })
}

/// The printer refused or failed: what the user can do next.
fn print_error(detail: &str, lang: Lang) -> IpcError {
    IpcError::app(
        "app.print_failed",
        &[("detail", detail.to_string())],
        lang,
        format!("打印失败：{detail}。请检查打印机是否已连接并开机，或在打印对话框中选择“打印到文件”保存为 PDF。"),
        format!("Printing failed: {detail}. Check that the printer is connected and on, or choose “Print to File” in the print dialog to save a PDF."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dialog_starts_with_the_printer_chosen_last_on_the_reports_own_page() {
        // Print settings are plain GObjects that need no display; gtk-rs only
        // asks to be told GTK is usable on this (the only GTK test's) thread.
        // SAFETY: no other thread of this test binary touches GTK.
        unsafe { gtk::set_initialized() };
        let dir = tempfile::tempdir().unwrap();
        let kept = dir.path().join("print-settings.ini");
        let last = PrintSettings::new();
        last.set_printer("HP-LaserJet-财务室");
        last.set_n_copies(2);
        last.set(gtk::PRINT_SETTINGS_ORIENTATION.as_str(), Some("landscape"));
        last.set(gtk::PRINT_SETTINGS_OUTPUT_URI.as_str(), Some("file:///tmp/old.pdf"));
        remember(&last, &kept);
        let job = PrintJob::new(String::new(), Lang::Zh, dir.path().join("客户分级分析报告_2025年.pdf"));
        let s = print_settings(&job, None, Some(&kept));
        assert_eq!(s.printer().as_deref(), Some("HP-LaserJet-财务室"));
        assert_eq!(s.n_copies(), 2);
        assert_eq!(
            s.get(gtk::PRINT_SETTINGS_ORIENTATION.as_str()),
            None,
            "the report's page is portrait"
        );
        assert_eq!(
            s.get(gtk::PRINT_SETTINGS_OUTPUT_URI.as_str()),
            None,
            "no file from last time"
        );
        assert_eq!(
            s.get(gtk::PRINT_SETTINGS_OUTPUT_BASENAME.as_str()).as_deref(),
            Some("客户分级分析报告_2025年")
        );
        assert_eq!(
            s.get(gtk::PRINT_SETTINGS_OUTPUT_DIR.as_str()).as_deref(),
            dir.path().to_str()
        );
        // The test harness's file: the same two settings, to 打印到文件.
        let file = dir.path().join("打印的报告.pdf");
        let to_file = print_settings(&job, Some(&file), Some(&kept));
        assert_eq!(to_file.printer().as_deref(), Some("Print to File"));
        assert_eq!(
            to_file.get(gtk::PRINT_SETTINGS_OUTPUT_BASENAME.as_str()).as_deref(),
            Some("打印的报告")
        );
        assert_eq!(
            to_file.get(gtk::PRINT_SETTINGS_OUTPUT_DIR.as_str()).as_deref(),
            dir.path().to_str()
        );
        assert_eq!(to_file.n_copies(), 1, "nothing of the user's kept choice");
        // With nothing kept, GTK's own default printer is left to choose.
        let fresh = print_settings(&job, None, Some(&dir.path().join("none.ini")));
        assert_eq!(fresh.printer(), None);
    }
}
