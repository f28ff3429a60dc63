//! Command-line arguments, turned into a policy and a run. Raw flags are parsed by
//! clap; [`build_policy`] validates them into a `TierPolicy` (raw → validated).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use tierbook_core::history::Granularity;
use tierbook_core::import::{self, Role, Unit};
use tierbook_core::tiering::policy::{Method, RankMetric};
use tierbook_core::{export, Lang, Observer, Period, PolicyError, TierPolicy};

use crate::summary;

/// Tierbook 客户分级管理: tier customers from a sales ledger.
#[derive(Parser, Debug)]
#[command(name = "tierbook-cli", version, about)]
pub struct Cli {
    /// Language of messages and of the exported workbook: zh (default) or en.
    #[arg(long, global = true, default_value = "zh")]
    pub lang: String,
    #[command(subcommand)]
    pub command: Command,
}

/// A flag whose values are a core enum's keys: `--help` lists them from the
/// enum itself, so a new method can never be missing from it.
fn choice<T: Copy + Send + Sync + 'static>(
    all: &'static [T],
    key: fn(T) -> &'static str,
) -> impl clap::builder::TypedValueParser<Value = T> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(all.iter().map(|t| key(*t)))
        .map(move |s| *all.iter().find(|t| key(**t) == s).expect("clap checked the value"))
}

/// Subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Import a ledger, tier the customers and write the tier management table.
    Classify(ClassifyArgs),
    /// Show sheets, the detected header row, column roles, shape and warnings.
    Inspect(InspectArgs),
    /// Write the printable tier report (HTML, A4) for a ledger.
    Report(ReportArgs),
    /// List the imports and tier runs kept in a workspace.
    History(HistoryArgs),
    /// Compare two saved runs: migration matrix, movers, rising stars, slipping accounts.
    Compare(CompareArgs),
    /// Check the lifetime-value model on the ledger itself (模型检验): fit on the
    /// part before the split date, predict the rest, compare with what happened.
    Backtest(BacktestArgs),
}

/// `backtest` options.
#[derive(clap::Args, Debug)]
pub struct BacktestArgs {
    /// The ledger.
    pub ledger: PathBuf,
    /// Last day of the calibration part (default: the last third of the period
    /// is the holdout).
    #[arg(long)]
    pub split: Option<String>,
    /// First day of the period.
    #[arg(long)]
    pub from: Option<String>,
    /// Last day of the period.
    #[arg(long)]
    pub to: Option<String>,
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
    /// Import choices.
    #[command(flatten)]
    pub import: ImportArgs,
}

/// `history` options.
#[derive(clap::Args, Debug)]
pub struct HistoryArgs {
    /// The workspace file.
    #[arg(long)]
    pub db: PathBuf,
}

/// `compare` options.
#[derive(clap::Args, Debug)]
pub struct CompareArgs {
    /// The workspace file.
    #[arg(long)]
    pub db: PathBuf,
    /// The earlier run (id from `history`).
    pub run_a: i64,
    /// The later run.
    pub run_b: i64,
    /// Where to write the comparison workbook.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// `report` options.
#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    /// Tiering choices, as for classify (its -o is the report's path). With
    /// --db, LEDGER may instead be a run id from `history`: the stored run is
    /// reported, with who moved since the period before it and the company name
    /// and playbook saved with the workspace.
    #[command(flatten)]
    pub classify: ClassifyArgs,
    /// Company name for the cover (default: the one saved with the workspace).
    #[arg(long, default_value = "")]
    pub company: String,
    /// The previous period's ledger: the report then shows who moved up or down,
    /// the rising stars and the slipping key accounts.
    #[arg(long)]
    pub previous: Option<PathBuf>,
}

/// Options shared by classify and inspect.
#[derive(clap::Args, Debug, Default)]
pub struct ImportArgs {
    /// Column mapping, overriding detection: role=column header (repeatable).
    /// Roles: customer_id customer_name date amount profit cost quantity order_id
    /// product salesperson receivable needs frequency clv.
    #[arg(long = "map", value_name = "ROLE=COLUMN")]
    pub map: Vec<String>,
    /// Header row (1-based) instead of detection.
    #[arg(long)]
    pub header_row: Option<u32>,
    /// Only these sheets (repeatable).
    #[arg(long = "sheet")]
    pub sheets: Vec<String>,
    /// Unit of the amount columns: 元, 千元 or 万元 (default: read from the header).
    #[arg(long)]
    pub unit: Option<String>,
}

/// `classify` options.
#[derive(clap::Args, Debug)]
pub struct ClassifyArgs {
    /// The ledger (xlsx, xlsm, xlsb, xls, ods, csv, txt).
    pub ledger: PathBuf,
    /// Where to write the workbook (default: 客户分级管理表.xlsx beside the ledger).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Method (default abc-rank).
    #[arg(long, value_parser = choice(&Method::ALL, Method::key))]
    pub method: Option<Method>,
    /// Ranking metric (default sales).
    #[arg(long, value_parser = choice(&RankMetric::ALL, RankMetric::key))]
    pub metric: Option<RankMetric>,
    /// A policy file (JSON); flags given on the command line win over it.
    #[arg(long)]
    pub policy: Option<PathBuf>,
    /// First day of the period (2025-01-01).
    #[arg(long)]
    pub from: Option<String>,
    /// Last day of the period (2025-12-31).
    #[arg(long)]
    pub to: Option<String>,
    /// Manual tier: CUSTOMER=TIER:REASON (repeatable), e.g. C042=A:战略意义.
    #[arg(long = "override", value_name = "CUSTOMER=TIER:REASON")]
    pub overrides: Vec<String>,
    /// Gross margin (0–1, or a percentage such as 25%) assumed for the lifetime
    /// value when the ledger has no profit or cost (default: stated in sales).
    #[arg(long)]
    pub clv_margin: Option<String>,
    /// Print the summary as JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Exit non-zero (3) when the import flagged anything doubtful, for batch
    /// jobs; the workbook is still written.
    #[arg(long)]
    pub strict: bool,
    /// Keep the import and the run in this workspace file (SQLite); the same
    /// ledger imported again is recognised and not stored twice.
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// With --db: one run per calendar year, quarter or month of the ledger.
    #[arg(long, value_parser = choice(&Granularity::ALL, Granularity::key))]
    pub per: Option<Granularity>,
    /// Import choices.
    #[command(flatten)]
    pub import: ImportArgs,
}

/// `inspect` options.
#[derive(clap::Args, Debug)]
pub struct InspectArgs {
    /// The ledger.
    pub ledger: PathBuf,
    /// Import choices.
    #[command(flatten)]
    pub import: ImportArgs,
}

impl Cli {
    /// The language asked for (zh when unknown).
    pub fn lang(&self) -> Lang {
        Lang::parse(&self.lang).unwrap_or_default()
    }
}

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

fn parse_date(flag: &str, v: &Option<String>) -> Result<Option<NaiveDate>, CliError> {
    v.as_deref()
        .map(|s| {
            import::cell::parse_date_text(s)
                .map_err(|_| bad(flag, s, ("日期，如 2025-01-01", "a date such as 2025-01-01")))
        })
        .transpose()
}

fn apply_import_args(policy: &mut TierPolicy, a: &ImportArgs) -> Result<(), CliError> {
    for m in &a.map {
        let (role, column) = m.split_once('=').ok_or_else(|| {
            bad(
                "--map",
                m,
                ("角色=列名，如 amount=含税金额", "ROLE=COLUMN, e.g. amount=Net Sales"),
            )
        })?;
        let role = Role::parse(role).ok_or_else(|| bad("--map", m, ("已知角色：customer_id customer_name date amount profit cost quantity order_id product salesperson receivable needs frequency clv", "a known role: customer_id customer_name date amount profit cost quantity order_id product salesperson receivable needs frequency clv")))?;
        policy.import.mapping.insert(role, column.trim().to_string());
    }
    if a.header_row.is_some() {
        policy.import.header_row = a.header_row;
    }
    if !a.sheets.is_empty() {
        policy.import.sheets = Some(a.sheets.clone());
    }
    if let Some(u) = &a.unit {
        let unit = Unit::parse(u).ok_or_else(|| bad("--unit", u, ("元、千元 或 万元", "元, 千元 or 万元")))?;
        for role in Role::ALL.into_iter().filter(|r| r.is_money()) {
            policy.import.units.insert(role, unit);
        }
    }
    Ok(())
}

/// Builds the policy: the file (or the method's preset), then the flags on top.
pub fn build_policy(a: &ClassifyArgs) -> Result<TierPolicy, CliError> {
    let mut policy = match &a.policy {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| CliError::PolicyFile {
                path: p.display().to_string(),
                detail: e.to_string(),
            })?;
            TierPolicy::from_json(&p.display().to_string(), &text)?
        }
        None => TierPolicy::default(),
    };
    if let Some(method) = a.method {
        if a.policy.is_none() {
            policy = TierPolicy::preset(method);
        } else {
            policy.method = method;
        }
    }
    if let Some(m) = a.metric {
        policy.metric = m;
    }
    let period = Period {
        from: parse_date("--from", &a.from)?,
        to: parse_date("--to", &a.to)?,
    };
    if !period.is_open() {
        policy.import.period = period;
    }
    if let Some(m) = &a.clv_margin {
        let t = m.trim();
        let v = match t.strip_suffix('%') {
            Some(p) => p.trim().parse::<f64>().map(|p| p / 100.0),
            None => t.parse::<f64>(),
        };
        policy.clv_margin = Some(v.ok().filter(|v| *v > 0.0 && *v <= 1.0).ok_or_else(|| {
            bad(
                "--clv-margin",
                m,
                (
                    "0 到 1 之间的毛利率，如 0.25 或 25%",
                    "a gross margin between 0 and 1, e.g. 0.25 or 25%",
                ),
            )
        })?);
    }
    for o in &a.overrides {
        let expected = (
            "客户=等级:原因，如 C042=A:战略意义",
            "CUSTOMER=TIER:REASON, e.g. C042=A:strategic",
        );
        let (customer, rest) = o.split_once('=').ok_or_else(|| bad("--override", o, expected))?;
        let (tier, reason) = rest
            .split_once([':', '：'])
            .ok_or_else(|| bad("--override", o, expected))?;
        let tier = tierbook_core::Tier::parse(tier).ok_or_else(|| bad("--override", o, expected))?;
        policy.overrides.retain(|x| x.customer != customer.trim());
        policy.overrides.push(tierbook_core::tiering::policy::Override {
            customer: customer.trim().into(),
            tier,
            reason: reason.trim().into(),
        });
    }
    apply_import_args(&mut policy, &a.import)?;
    policy.validate().map_err(|e: PolicyError| CliError::Core(e.into()))?;
    Ok(policy)
}

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

fn default_output(ledger: &Path, lang: Lang) -> PathBuf {
    let name = match lang {
        Lang::Zh => "客户分级管理表.xlsx",
        Lang::En => "tier-table.xlsx",
    };
    ledger
        .parent()
        .map(|p| p.join(name))
        .unwrap_or_else(|| PathBuf::from(name))
}

/// Runs a command.
pub fn run(cli: Cli) -> Result<(), CliError> {
    let lang = cli.lang();
    match cli.command {
        Command::Classify(a) => {
            let policy = build_policy(&a)?;
            let mut progress = Progress { shown: false, lang };
            let result = match &a.db {
                Some(db) => crate::workspace::classify_into(db, &a, &policy, lang, &mut progress),
                None => tierbook_core::run(&a.ledger, &policy, &mut progress).map_err(CliError::from),
            };
            if progress.shown {
                eprintln!();
            }
            let (report, table) = result?;
            let out = a.output.clone().unwrap_or_else(|| default_output(&a.ledger, lang));
            export::write_workbook(&out, &table, &report, lang)?;
            if a.json {
                println!("{}", summary::json(&table, &report, &out));
            } else {
                print!("{}", summary::text(&table, &report, &out, lang));
            }
            if a.strict && report.doubtful() {
                return Err(CliError::Doubtful {
                    line: report.confidence(lang),
                });
            }
            Ok(())
        }
        Command::Report(r) => {
            let a = &r.classify;
            let run_id = a.ledger.to_str().and_then(|s| s.parse::<i64>().ok());
            let stored = match (&a.db, run_id) {
                (Some(db), Some(id)) if !a.ledger.exists() => Some(crate::workspace::stored_report(db, id, lang)?),
                _ => None,
            };
            let (import, table, previous, company, playbook) = match stored {
                Some(s) => (
                    s.import,
                    s.table,
                    s.previous,
                    Some(s.settings.company),
                    s.settings.playbook,
                ),
                None => {
                    let policy = build_policy(a)?;
                    let (import, table) = tierbook_core::run(&a.ledger, &policy, &mut Progress { shown: false, lang })?;
                    let previous = match &r.previous {
                        Some(p) => {
                            let (_, before) = tierbook_core::run(p, &policy, &mut Progress { shown: false, lang })?;
                            let label = p
                                .file_stem()
                                .map(|s| s.to_string_lossy().into_owned())
                                .unwrap_or_default();
                            let comparison = tierbook_core::history::compare(&before, &table, &Default::default());
                            Some(tierbook_core::report::PreviousPeriod { label, comparison })
                        }
                        None => None,
                    };
                    (import, table, previous, None, None)
                }
            };
            let options = tierbook_core::report::ReportOptions {
                company: if r.company.trim().is_empty() {
                    company.unwrap_or_default()
                } else {
                    r.company.trim().to_string()
                },
                date: chrono::Local::now().date_naive(),
                lang,
                playbook: playbook.unwrap_or_else(|| tierbook_core::playbook::Playbook::default_for(lang)),
                previous,
            };
            let rendered = tierbook_core::report::render(&table, &import, &options)
                .map_err(|e| CliError::Report { detail: e.to_string() })?;
            let name = match lang {
                Lang::Zh => "客户分级分析报告.html",
                Lang::En => "tier-report.html",
            };
            let out = a.output.clone().unwrap_or_else(|| {
                a.ledger
                    .parent()
                    .map(|p| p.join(name))
                    .unwrap_or_else(|| PathBuf::from(name))
            });
            export::write_atomically(&out, rendered.document.as_bytes())?;
            println!("{}{}", lang.pick("已写入：", "Written: "), out.display());
            Ok(())
        }
        Command::History(h) => crate::workspace::history(&h.db, lang),
        Command::Compare(c) => crate::workspace::compare(&c.db, c.run_a, c.run_b, c.output.as_deref(), lang),
        Command::Backtest(b) => {
            let mut policy = TierPolicy::default();
            apply_import_args(&mut policy, &b.import)?;
            policy.import.period = Period {
                from: parse_date("--from", &b.from)?,
                to: parse_date("--to", &b.to)?,
            };
            policy.clv_backtest_split = parse_date("--split", &b.split)?;
            let (_, table) = tierbook_core::run(&b.ledger, &policy, &mut Progress { shown: false, lang })?;
            let check = table.metrics.model_check.clone();
            match check {
                Some(tierbook_core::clv::ModelCheck::Done(bt)) => {
                    if b.json {
                        println!("{}", summary::backtest_json(&bt, lang));
                    } else {
                        print!("{}", summary::backtest_text(&bt, lang));
                    }
                    Ok(())
                }
                Some(tierbook_core::clv::ModelCheck::Unavailable { reason }) => Err(CliError::Backtest {
                    detail: export::clv_fallback_text(&reason, lang),
                }),
                None => Err(CliError::Backtest {
                    detail: lang
                        .pick(
                            "台账没有逐笔交易日期（可能是客户汇总表）",
                            "the ledger has no dated transactions (it may be a customer summary)",
                        )
                        .to_string(),
                }),
            }
        }
        Command::Inspect(a) => {
            let mut policy = TierPolicy::default();
            apply_import_args(&mut policy, &a.import)?;
            // Show what was found even when it cannot be imported as it stands,
            // so the columns are there to map.
            let (inspection, problem) = import::survey(&a.ledger, &policy.import)?;
            print!("{}", summary::inspection(&inspection, lang));
            match problem {
                Some(p) => Err(p.into()),
                None => Ok(()),
            }
        }
    }
}
