//! A CLI failure: an engine error (with the flag that fixes it) or a bad flag,
//! with its stable code and exit status.

use tierbook_core::Lang;

/// A CLI failure: an engine error or a bad flag.
#[derive(Debug)]
pub enum CliError {
    /// From the engine.
    Core(tierbook_core::Error),
    /// A flag that does not parse.
    BadFlag {
        /// The flag.
        flag: String,
        /// Its value.
        value: String,
        /// What was expected (zh, en).
        expected: (String, String),
    },
    /// The report could not be drawn.
    Report {
        /// Reason.
        detail: String,
    },
    /// `--strict` and the import flagged something doubtful.
    Doubtful {
        /// The confidence line.
        line: String,
    },
    /// The model check cannot be done on this ledger.
    Backtest {
        /// Why.
        detail: String,
    },
    /// The policy file cannot be read.
    PolicyFile {
        /// Path.
        path: String,
        /// Reason.
        detail: String,
    },
}

/// How to do on the command line what the engine's message asks for (the
/// engine speaks to both the window and the CLI, so it never names a flag).
fn flag_hint(code: &str) -> Option<(&'static str, &'static str)> {
    Some(match code {
        "import.no_ledger_sheet" => (
            "命令行：用 --header-row 行号 指定表头行，用 --map 角色=列名 指定列。",
            " On the command line: --header-row N gives the header row, --map ROLE=COLUMN a column.",
        ),
        "import.no_customer_column" => (
            "命令行：--map customer_name=列名。",
            " On the command line: --map customer_name=COLUMN.",
        ),
        "import.no_amount_column" => (
            "命令行：--map amount=列名。",
            " On the command line: --map amount=COLUMN.",
        ),
        "store.no_such_ledger" | "store.no_such_run" => (
            "命令行：用 history 列出工作区中的台账和分级记录。",
            " On the command line: history lists the workspace's imports and runs.",
        ),
        _ => return None,
    })
}

impl CliError {
    /// The message for people.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            CliError::Core(e) => match flag_hint(e.code()) {
                Some(hint) => format!("{}{}", e.message(lang), lang.pick(hint.0, hint.1)),
                None => e.message(lang),
            },
            CliError::BadFlag { flag, value, expected } => match lang {
                Lang::Zh => format!("参数 {flag} 的值“{value}”无效：应为 {}。", expected.0),
                Lang::En => format!("Invalid value “{value}” for {flag}: expected {}.", expected.1),
            },
            CliError::Report { detail } => match lang {
                Lang::Zh => format!("无法生成报告（{detail}）。"),
                Lang::En => format!("Could not draw the report ({detail})."),
            },
            CliError::Doubtful { line } => match lang {
                Lang::Zh => format!("--strict：导入有存疑之处（{line}）。工作簿已写入，请核对后再用。"),
                Lang::En => format!(
                    "--strict: the import flagged doubts ({line}). The workbook is written; check it before use."
                ),
            },
            CliError::Backtest { detail } => match lang {
                Lang::Zh => format!("无法做模型检验：{detail}。"),
                Lang::En => format!("Cannot check the model: {detail}."),
            },
            CliError::PolicyFile { path, detail } => match lang {
                Lang::Zh => format!("无法读取分级规则文件“{path}”（{detail}）。"),
                Lang::En => format!("Cannot read policy file “{path}” ({detail})."),
            },
        }
    }

    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            CliError::Core(e) => e.code(),
            CliError::BadFlag { .. } => "cli.bad_flag",
            CliError::PolicyFile { .. } => "cli.policy_file",
            CliError::Report { .. } => "cli.report",
            CliError::Backtest { .. } => "cli.backtest",
            CliError::Doubtful { .. } => "cli.doubtful",
        }
    }

    /// 2 for usage errors, 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::BadFlag { .. } => 2,
            CliError::Doubtful { .. } => 3,
            _ => 1,
        }
    }
}

impl<E: Into<tierbook_core::Error>> From<E> for CliError {
    fn from(e: E) -> Self {
        CliError::Core(e.into())
    }
}

pub(crate) fn bad(flag: &str, value: &str, expected: (&'static str, &'static str)) -> CliError {
    CliError::BadFlag {
        flag: flag.into(),
        value: value.into(),
        expected: (expected.0.into(), expected.1.into()),
    }
}

/// clap's refusal of a value outside a fixed list, as our own located message
/// in the user's language (clap speaks English only); None for other errors.
pub fn invalid_choice(e: &clap::Error) -> Option<CliError> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if e.kind() != ErrorKind::InvalidValue {
        return None;
    }
    let text = |k| match e.get(k) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    let flag = text(ContextKind::InvalidArg)?;
    let flag = flag.split(' ').next().unwrap_or(&flag).to_string();
    let value = text(ContextKind::InvalidValue)?;
    let Some(ContextValue::Strings(valid)) = e.get(ContextKind::ValidValue) else {
        return None;
    };
    let list = |sep: &str, or: &str| match valid.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{}{or}{last}", rest.join(sep)),
        None => String::new(),
    };
    Some(CliError::BadFlag {
        flag,
        value,
        expected: (list("、", " 或 "), list(", ", " or ")),
    })
}
