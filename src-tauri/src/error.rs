//! Errors as they cross IPC: a stable `code`, named `params` and a `message` in
//! the user's language. The UI translates by code; the message is a fallback.

use std::collections::BTreeMap;

use serde::Serialize;
use tierbook_core::Lang;

/// The error every command returns.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct IpcError {
    /// Stable code, e.g. `import.password_protected`.
    pub code: String,
    /// Message parameters by name.
    pub params: BTreeMap<String, String>,
    /// The message, already in the user's language.
    pub message: String,
}

impl IpcError {
    /// An error of the app shell itself.
    pub fn app(code: &str, params: &[(&str, String)], lang: Lang, zh: String, en: String) -> IpcError {
        IpcError {
            code: code.into(),
            params: params.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
            message: match lang {
                Lang::Zh => zh,
                Lang::En => en,
            },
        }
        .logged()
    }

    /// Writes the error to the log file (its code and parameters, for
    /// support; the message is what the user saw).
    fn logged(self) -> IpcError {
        log::warn!("{} {:?}: {}", self.code, self.params, self.message);
        self
    }

    /// Nothing has been imported yet.
    pub fn no_ledger(lang: Lang) -> IpcError {
        IpcError::app(
            "app.no_ledger",
            &[],
            lang,
            "尚未导入台账。请先打开一个台账文件。".into(),
            "No ledger is open yet. Open a ledger file first.".into(),
        )
    }

    /// An unknown customer.
    pub fn no_customer(customer: &str, lang: Lang) -> IpcError {
        IpcError::app(
            "app.no_customer",
            &[("customer", customer.to_string())],
            lang,
            format!("找不到客户 {customer}。"),
            format!("There is no customer {customer}."),
        )
    }

    /// A background task failed unexpectedly (a bug, reported without panicking).
    pub fn internal(detail: impl std::fmt::Display, lang: Lang) -> IpcError {
        IpcError::app(
            "app.internal",
            &[("detail", detail.to_string())],
            lang,
            "处理时发生意外错误，请重试；如仍出现，请联系技术支持。".into(),
            "Something went wrong while working; try again, and contact support if it persists.".into(),
        )
    }

    /// From a workspace error.
    pub fn from_store(e: &tierbook_core::store::StoreError, lang: Lang) -> IpcError {
        IpcError {
            code: e.code().into(),
            params: e.params().into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
            message: e.message(lang),
        }
        .logged()
    }

    /// The workspace could not be opened, so history is not available.
    pub fn no_workspace(lang: Lang) -> IpcError {
        IpcError::app(
            "app.no_workspace",
            &[],
            lang,
            "工作区不可用，历史记录和对比功能无法使用。请检查应用数据文件夹的权限后重启 Tierbook。".into(),
            "The workspace is not available, so history and comparisons cannot be used. Check the app data folder's permissions and restart Tierbook.".into(),
        )
    }

    /// From an engine error.
    pub fn from_core(e: &tierbook_core::Error, lang: Lang) -> IpcError {
        IpcError {
            code: e.code().into(),
            params: e.params().into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
            message: e.message(lang),
        }
        .logged()
    }
}

/// Converts engine errors in the user's language.
pub trait IntoIpc<T> {
    /// The result with an [`IpcError`].
    fn ipc(self, lang: Lang) -> Result<T, IpcError>;
}

impl<T, E: Into<tierbook_core::Error>> IntoIpc<T> for Result<T, E> {
    fn ipc(self, lang: Lang) -> Result<T, IpcError> {
        self.map_err(|e| IpcError::from_core(&e.into(), lang))
    }
}
