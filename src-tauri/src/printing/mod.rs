//! How the report meets the printer: the page it is laid out for and the
//! print itself, per platform.
//!
//! The page is A4 portrait with [`MARGINS_MM`]. WebKitGTK prints inside the
//! page setup's margins and ignores CSS `@page` margins, Chromium (WebView2)
//! does the opposite, so both are set to the same values: the page setup here,
//! `@page` in `ui/src/print/print.css`, whose sheets fill the box in between.
//! A test keeps the two files equal.

#[cfg(target_os = "linux")]
mod gtk;

use std::path::{Path, PathBuf};

use tauri::{Runtime, WebviewWindow};
use tierbook_core::Lang;

use crate::ipc::{PrintJobView, PrintOutcome};

/// A4 portrait, in millimetres.
pub const PAPER_MM: (f64, f64) = (210.0, 297.0);

/// The page's margins in millimetres: top, right, bottom, left.
pub const MARGINS_MM: [f64; 4] = [12.0, 14.0, 10.0, 14.0];

/// The report waiting in the print window.
#[derive(Debug, Clone)]
pub struct PrintJob {
    /// The report's `<article>`.
    pub body: String,
    /// Its language.
    pub lang: Lang,
    /// Where 打印到文件 suggests writing (its folder and name, `.pdf`).
    pub suggested: PathBuf,
}

impl PrintJob {
    /// The report `body` in `lang`, to be offered as `suggested` when printed
    /// to a file.
    pub fn new(body: String, lang: Lang, suggested: PathBuf) -> PrintJob {
        PrintJob { body, lang, suggested }
    }

    /// The document's title: the suggested file's name without `.pdf`.
    pub fn title(&self) -> String {
        self.suggested
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| window_title(self.lang).to_string())
    }

    /// The folder 打印到文件 starts in, when the suggestion names one.
    pub fn folder(&self) -> Option<&Path> {
        self.suggested.parent().filter(|p| p.is_dir())
    }

    /// What the print window is sent.
    pub fn view(&self) -> PrintJobView {
        PrintJobView {
            body: self.body.clone(),
            lang: self.lang,
            title: self.title(),
        }
    }
}

/// The print window's title (seen only where the platform shows it).
pub fn window_title(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "客户分级分析报告",
        Lang::En => "Customer tier report",
    }
}

/// One print: the report, its pages, the language of what is said about it,
/// and the file the test harness wants it in (no dialog then).
#[derive(Debug, Clone)]
pub struct Print {
    /// The report.
    pub job: PrintJob,
    /// The sheets the print window laid out.
    pub pages: u32,
    /// The test harness's PDF (`TIERBOOK_TEST_PRINT`).
    pub to_file: Option<PathBuf>,
    /// The window's language, for a failure's message.
    pub lang: Lang,
}

/// Prints the laid-out `window`: through the system's print dialog, or, when
/// `to_file` is given (the test harness), straight to that PDF with no dialog.
/// `done` hears how it ended, once.
pub fn print<R: Runtime>(
    window: &WebviewWindow<R>,
    print: Print,
    done: impl Fn(PrintOutcome) + Send + 'static,
) -> tauri::Result<()> {
    #[cfg(target_os = "linux")]
    {
        gtk::print(window, print, done)
    }
    #[cfg(not(target_os = "linux"))]
    {
        // WebView2 and WKWebView show their own print dialog for the window's
        // document and do not say when it closes: the window stays open as the
        // preview the dialog prints from, for the user to close.
        let _ = print;
        window.show()?;
        window.print()?;
        done(PrintOutcome::Opened);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The CSS lengths of one declaration in print.css, in millimetres.
    fn lengths(css: &str, selector: &str, property: &str) -> Vec<f64> {
        let block = css.split(selector).nth(1).expect(selector);
        let block = &block[..block.find('}').unwrap()];
        let decl = block
            .split(';')
            .find_map(|d| d.trim().strip_prefix(&format!("{property}:")).map(str::trim))
            .unwrap_or_else(|| panic!("{selector} has no {property}"));
        decl.split_whitespace()
            .filter_map(|v| v.strip_suffix("mm"))
            .map(|v| v.parse().unwrap())
            .collect()
    }

    #[test]
    fn the_print_stylesheet_lays_sheets_out_in_the_page_setups_box() {
        let css = include_str!("../../../ui/src/print/print.css");
        assert_eq!(lengths(css, "@page {", "margin"), MARGINS_MM.to_vec());
        let [top, right, bottom, left] = MARGINS_MM;
        let width = lengths(css, ".sheet {", "width")[0];
        let height = lengths(css, ".sheet {", "height")[0];
        assert_eq!(width, PAPER_MM.0 - left - right);
        // A millimetre short of the box, so rounding never spills a sheet onto
        // a second, blank page.
        assert_eq!(height, PAPER_MM.1 - top - bottom - 1.0);
    }

    #[test]
    fn the_document_is_named_after_the_suggested_file() {
        let job = PrintJob::new(
            String::new(),
            Lang::Zh,
            PathBuf::from("/tmp/客户分级分析报告_2025年.pdf"),
        );
        assert_eq!(job.title(), "客户分级分析报告_2025年");
        assert_eq!(job.folder(), Some(Path::new("/tmp")));
        let bare = PrintJob::new(String::new(), Lang::En, PathBuf::new());
        assert_eq!(bare.title(), "Customer tier report");
        assert_eq!(bare.folder(), None);
    }
}
