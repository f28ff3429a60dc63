//! Printing on Linux with WebKitGTK's own print operation: the page setup
//! (A4, the report's margins) is set before the GTK print dialog opens, and
//! 打印到文件 starts in the ledger's folder with the report's name.

use std::cell::{Cell, RefCell};
use std::path::PathBuf;
use std::rc::Rc;

use gtk::{PageSetup, PaperSize, PrintSettings, Unit};
use tauri::{Manager, Runtime, WebviewWindow};
use tierbook_core::Lang;
use webkit2gtk::glib;
use webkit2gtk::{PrintOperation, PrintOperationExt, PrintOperationResponse};

use super::{PrintJob, MARGINS_MM};
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

/// What the dialog's 打印到文件 offers: the report's name, a PDF, in the
/// ledger's folder; or, for the test harness, that file and that printer.
fn print_settings(job: &PrintJob, to_file: Option<&PathBuf>) -> PrintSettings {
    let settings = PrintSettings::new();
    settings.set(gtk::PRINT_SETTINGS_OUTPUT_FILE_FORMAT.as_str(), Some("pdf"));
    settings.set(gtk::PRINT_SETTINGS_OUTPUT_BASENAME.as_str(), Some(&job.title()));
    if let Some(uri) = job.folder().and_then(|d| glib::filename_to_uri(d, None).ok()) {
        settings.set(gtk::PRINT_SETTINGS_OUTPUT_DIR.as_str(), Some(&uri));
    }
    if let Some(uri) = to_file.and_then(|p| glib::filename_to_uri(p, None).ok()) {
        settings.set_printer("Print to File");
        settings.set(gtk::PRINT_SETTINGS_OUTPUT_URI.as_str(), Some(&uri));
    }
    settings
}

pub(super) fn print<R: Runtime>(
    window: &WebviewWindow<R>,
    job: &PrintJob,
    pages: u32,
    to_file: Option<PathBuf>,
    lang: Lang,
    done: impl Fn(PrintOutcome) + Send + 'static,
) -> tauri::Result<()> {
    let job = job.clone();
    let main = window.app_handle().get_webview_window("main");
    window.with_webview(move |webview| {
        let op = PrintOperation::new(&webview.inner());
        op.set_page_setup(&page_setup());
        op.set_print_settings(&print_settings(&job, to_file.as_ref()));
        // Told once (WebKit follows `failed` with `finished`); the operation is
        // kept alive until then.
        let keep = Rc::new(RefCell::new(Some(op.clone())));
        let told = Rc::new(Cell::new(false));
        let done = Rc::new(done);
        let tell = {
            let (keep, told, done) = (keep.clone(), told.clone(), done.clone());
            move |outcome: PrintOutcome| {
                if !told.replace(true) {
                    done(outcome);
                }
                keep.borrow_mut().take();
            }
        };
        let tell = Rc::new(tell);
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
        if op.run_dialog(parent.as_ref()) == PrintOperationResponse::Cancel {
            tell(PrintOutcome::Cancelled);
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
