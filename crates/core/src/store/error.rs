//! Workspace errors, with the file named and what to do next.

use std::collections::BTreeMap;

use crate::import::ImportError;
use crate::tiering::PolicyError;
use crate::Lang;

/// Why the workspace could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file cannot be opened as a workspace.
    #[error("workspace {file}: {detail}")]
    Open {
        /// File name.
        file: String,
        /// Reason.
        detail: String,
    },
    /// Written by a newer Tierbook.
    #[error("workspace {file} has version {version}; this Tierbook reads up to {supported}")]
    NewerVersion {
        /// File name.
        file: String,
        /// The file's version.
        version: i64,
        /// The newest version this build knows.
        supported: i64,
    },
    /// Another PC (or program) holds the workspace's lock past the wait.
    #[error("workspace {file} is in use")]
    Busy {
        /// File name.
        file: String,
        /// The PC and user that hold a shared workspace, when known.
        holder: Option<String>,
        /// Since when (HH:MM), when known.
        since: Option<String>,
    },
    /// Someone else changed what an edit was based on (optimistic
    /// concurrency): nothing was written; reload and edit again.
    #[error("changed by {who} at {at} in the meantime")]
    Conflict {
        /// Who changed it (the PC's user, with the database user on a server).
        who: String,
        /// When (RFC 3339, UTC).
        at: String,
    },
    /// The team server refused: the user's role does not allow it (the
    /// transaction was rolled back).
    #[error("not allowed: {detail}")]
    Denied {
        /// The user's role, when known.
        role: Option<super::Role>,
        /// What the server said.
        detail: String,
    },
    /// A workspace is moved only into an empty one.
    #[error("workspace {file} is not empty")]
    TargetNotEmpty {
        /// The target's name.
        file: String,
    },
    /// Users and roles exist only on a team server.
    #[error("users and roles need a team server")]
    NeedsServer,
    /// A run saved before the team had account managers, not yet kept for them.
    #[error("run {id} is not kept for account managers")]
    NotShared {
        /// The run.
        id: i64,
    },
    /// A database failure (the transaction was rolled back).
    #[error("workspace {file}: {detail}")]
    Sql {
        /// File name.
        file: String,
        /// Reason.
        detail: String,
    },
    /// No ledger with that id.
    #[error("no ledger {id}")]
    NoSuchLedger {
        /// The id asked for.
        id: i64,
    },
    /// No run with that id.
    #[error("no run {id}")]
    NoSuchRun {
        /// The id asked for.
        id: i64,
    },
    /// Importing the file failed.
    #[error(transparent)]
    Import(ImportError),
    /// A stored or given policy is invalid.
    #[error(transparent)]
    Policy(PolicyError),
}

impl StoreError {
    /// A stable code.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Open { .. } => "store.open",
            StoreError::NewerVersion { .. } => "store.newer_version",
            StoreError::Busy { .. } => "store.busy",
            StoreError::Conflict { .. } => "store.conflict",
            StoreError::Denied { .. } => "store.denied",
            StoreError::NeedsServer => "store.needs_server",
            StoreError::NotShared { .. } => "store.not_shared",
            StoreError::TargetNotEmpty { .. } => "store.target_not_empty",
            StoreError::Sql { .. } => "store.sql",
            StoreError::NoSuchLedger { .. } => "store.no_such_ledger",
            StoreError::NoSuchRun { .. } => "store.no_such_run",
            StoreError::Import(e) => e.code(),
            StoreError::Policy(e) => e.code(),
        }
    }

    /// Parameters by name.
    pub fn params(&self) -> BTreeMap<&'static str, String> {
        let mut p = BTreeMap::new();
        match self {
            StoreError::Open { file, detail } | StoreError::Sql { file, detail } => {
                p.insert("file", file.clone());
                p.insert("detail", detail.clone());
            }
            StoreError::NewerVersion {
                file,
                version,
                supported,
            } => {
                p.insert("file", file.clone());
                p.insert("version", version.to_string());
                p.insert("supported", supported.to_string());
            }
            StoreError::Busy { file, holder, since } => {
                p.insert("file", file.clone());
                if let Some(h) = holder {
                    p.insert("holder", h.clone());
                }
                if let Some(t) = since {
                    p.insert("since", t.clone());
                }
            }
            StoreError::Denied { role, detail } => {
                if let Some(r) = role {
                    p.insert("role", r.key().to_string());
                }
                p.insert("detail", detail.clone());
            }
            StoreError::NeedsServer => {}
            StoreError::NotShared { id } => {
                p.insert("id", id.to_string());
            }
            StoreError::TargetNotEmpty { file } => {
                p.insert("file", file.clone());
            }
            StoreError::Conflict { who, at } => {
                p.insert("who", who.clone());
                p.insert("at", at.clone());
            }
            StoreError::NoSuchLedger { id } | StoreError::NoSuchRun { id } => {
                p.insert("id", id.to_string());
            }
            StoreError::Import(e) => return e.params(),
            StoreError::Policy(e) => return e.params(),
        }
        p
    }

    /// The message for people.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (StoreError::Open { file, detail }, Lang::Zh) => format!("无法打开工作区“{file}”（{detail}）。请确认它是 Tierbook 工作区文件且未被其他程序占用。"),
            (StoreError::Open { file, detail }, Lang::En) => format!("Cannot open workspace “{file}” ({detail}). Check that it is a Tierbook workspace and not in use."),
            (StoreError::NewerVersion { file, version, supported }, Lang::Zh) => format!("工作区“{file}”由更新版本的 Tierbook 创建（版本 {version}，本程序支持到 {supported}）。请升级 Tierbook；文件未被改动。"),
            (StoreError::NewerVersion { file, version, supported }, Lang::En) => format!("Workspace “{file}” was written by a newer Tierbook (version {version}; this one reads up to {supported}). Update Tierbook; the file was not changed."),
            (StoreError::Busy { file, holder, since }, Lang::Zh) => {
                let who = match (holder, since) {
                    (Some(h), Some(t)) => format!("正在被 {h} 使用（{t} 起）"),
                    (Some(h), None) => format!("正在被 {h} 使用"),
                    _ => "正在被其他电脑或程序使用".to_string(),
                };
                format!("工作区“{file}”{who}，本次操作未执行，数据未改动。请稍后再试；多人同时使用请改用团队工作区（PostgreSQL 服务器），或把文件复制到本机使用。")
            }
            (StoreError::Busy { file, holder, since }, Lang::En) => {
                let who = match (holder, since) {
                    (Some(h), Some(t)) => format!("is in use by {h} (since {t})"),
                    (Some(h), None) => format!("is in use by {h}"),
                    _ => "is in use by another PC or program".to_string(),
                };
                format!("Workspace “{file}” {who}; nothing was done and no data changed. Try again shortly; for several people at once use a team workspace (PostgreSQL server), or copy the file to this PC.")
            }
            (StoreError::Conflict { who, at }, Lang::Zh) => format!(
                "这项内容已被 {who} 在 {} 修改，你的修改未保存。已载入最新内容，请确认后再改。",
                when(at, lang)
            ),
            (StoreError::Conflict { who, at }, Lang::En) => format!(
                "This was changed by “{who}” at {} in the meantime; your change was not saved. The latest version is shown: check it and change it again.",
                when(at, lang)
            ),
            (StoreError::Denied { role, detail }, Lang::Zh) => format!(
                "你的账号{}没有这项操作的权限（{detail}），操作未执行，数据未改动。需要时请联系团队工作区的管理员。",
                role.map(|r| format!("（{}）", r.label(lang))).unwrap_or_default()
            ),
            (StoreError::Denied { role, detail }, Lang::En) => format!(
                "Your account{} may not do this (“{detail}”); nothing was done and no data changed. Ask the team workspace's administrator if you need it.",
                role.map(|r| format!(" ({})", r.label(lang))).unwrap_or_default()
            ),
            (StoreError::TargetNotEmpty { file }, Lang::Zh) => format!("目标工作区“{file}”里已有台账，为免混淆只能迁入空的工作区。请新建一个空数据库（或新文件）再迁移；两边数据都未改动。"),
            (StoreError::TargetNotEmpty { file }, Lang::En) => format!("The target workspace “{file}” already holds imports; a workspace moves only into an empty one. Create an empty database (or a new file) and move again; neither side was changed."),
            (StoreError::NeedsServer, Lang::Zh) => "用户和权限只在团队工作区（PostgreSQL 服务器）上管理。请用 postgres:// 地址连接团队工作区后再设置。".to_string(),
            (StoreError::NeedsServer, Lang::En) => "Users and roles exist only in a team workspace (a PostgreSQL server). Connect to one with its postgres:// address first.".to_string(),
            (StoreError::NotShared { id }, Lang::Zh) => format!("分级记录 {id} 保存于团队设置客户经理之前，还没有为客户经理准备好。请管理员再添加一次客户经理（或财务重新分级一次），之后即可打开。"),
            (StoreError::NotShared { id }, Lang::En) => format!("Run {id} was saved before the team had account managers and is not ready for them yet. Ask the administrator to add an account manager again (or finance to re-tier it once); then it opens."),
            (StoreError::Sql { file, detail }, Lang::Zh) => format!("工作区“{file}”写入失败（{detail}），本次操作已撤销，原有数据不受影响。"),
            (StoreError::Sql { file, detail }, Lang::En) => format!("Writing workspace “{file}” failed ({detail}); the change was rolled back and existing data is intact."),
            (StoreError::NoSuchLedger { id }, Lang::Zh) => format!("工作区中没有编号为 {id} 的台账。请在工作区的台账列表中查看已导入的台账（可能已被删除）。"),
            (StoreError::NoSuchLedger { id }, Lang::En) => format!("The workspace has no ledger {id}. Look in the workspace's list of imports (it may have been deleted)."),
            (StoreError::NoSuchRun { id }, Lang::Zh) => format!("工作区中没有编号为 {id} 的分级记录。请在工作区的分级记录中查看（可能已被删除）。"),
            (StoreError::NoSuchRun { id }, Lang::En) => format!("The workspace has no run {id}. Look in the workspace's tier runs (it may have been deleted)."),
            (StoreError::Import(e), _) => e.message(lang),
            (StoreError::Policy(e), _) => e.message(lang),
        }
    }
}

/// An audit time (RFC 3339, UTC) as a person reads it, in local time: `10:42`
/// today, `12月1日 10:42` (`Dec 1 10:42`) another day.
fn when(at: &str, lang: Lang) -> String {
    let Ok(t) = chrono::DateTime::parse_from_rfc3339(at) else {
        return at.to_string();
    };
    let local = t.with_timezone(&chrono::Local);
    if local.date_naive() == chrono::Local::now().date_naive() {
        local.format("%H:%M").to_string()
    } else {
        match lang {
            Lang::Zh => local.format("%-m月%-d日 %H:%M").to_string(),
            Lang::En => local.format("%b %-d %H:%M").to_string(),
        }
    }
}
