//! Progress on stderr, and where output goes by default.

use std::path::{Path, PathBuf};

use tierbook_core::{Lang, Observer};

/// Progress on stderr for large ledgers, only when stderr is a terminal.
pub(crate) struct Progress {
    pub(crate) shown: bool,
    pub(crate) lang: Lang,
}

impl Observer for Progress {
    fn rows_read(&mut self, rows: u64) {
        use std::io::IsTerminal;
        if rows >= 100_000 && std::io::stderr().is_terminal() {
            eprint!("\r{}{rows}", self.lang.pick("已读取行数：", "rows read: "));
            self.shown = true;
        }
    }
}

/// The default output beside the ledger, named in the user's language.
pub(crate) fn default_output(ledger: &Path, lang: Lang) -> PathBuf {
    let name = match lang {
        Lang::Zh => "客户分级管理表.xlsx",
        Lang::En => "tier-table.xlsx",
    };
    ledger
        .parent()
        .map(|p| p.join(name))
        .unwrap_or_else(|| PathBuf::from(name))
}
