//! Command-line arguments as clap parses them. Turning them into a policy is
//! [`crate::policy`]'s job; running them is each subcommand's file in
//! [`crate::commands`].

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use tierbook_core::history::Granularity;
use tierbook_core::tiering::policy::{Method, RankMetric};
use tierbook_core::Lang;

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
    /// Move a workspace between a file and a team server, either way, losing
    /// nothing (the target must be empty; the source is only read).
    Move(MoveArgs),
    /// Set up a team workspace's roles, or add a person to it.
    Team(TeamArgs),
}

/// `move` options.
#[derive(clap::Args, Debug)]
pub struct MoveArgs {
    /// The workspace to move: a file, or postgres://user@host/db.
    #[arg(long)]
    pub from: String,
    /// The empty workspace to move it into: a new file, or postgres://user@host/db.
    #[arg(long)]
    pub to: String,
}

/// `team` options.
#[derive(clap::Args, Debug)]
pub struct TeamArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: TeamAction,
}

/// `team` actions.
#[derive(clap::Subcommand, Debug)]
pub enum TeamAction {
    /// Create (or bring up to date) the roles 管理员/财务/只读/客户经理 and their rights
    /// on the team database; run by its owner, once and after each upgrade.
    Init {
        /// The team workspace: postgres://owner@host/db.
        #[arg(long)]
        db: String,
    },
    /// Add a person as a database user with a role; the new password is read
    /// from TIERBOOK_NEW_PASSWORD or asked for.
    AddUser {
        /// The team workspace: postgres://admin@host/db.
        #[arg(long)]
        db: String,
        /// The new user's login name.
        user: String,
        /// Their role (`account`: an account manager, who sees their own
        /// customers only).
        #[arg(long, value_parser = choice(&tierbook_core::store::Role::ALL, tierbook_core::store::Role::key))]
        role: tierbook_core::store::Role,
        /// For an account manager: the 业务员 name the ledgers (or the 客户经理
        /// of the customer records) use for them; their login name when not given.
        #[arg(long)]
        salesperson: Option<String>,
    },
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
    /// The workspace: a file, or a team server (postgres://user@host/db;
    /// the password from PGPASSWORD or asked for).
    #[arg(long)]
    pub db: String,
}

/// `compare` options.
#[derive(clap::Args, Debug)]
pub struct CompareArgs {
    /// The workspace: a file, or a team server (postgres://user@host/db).
    #[arg(long)]
    pub db: String,
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
    /// Where to write: the tier workbook for classify (default: 客户分级管理表.xlsx
    /// beside the ledger), the HTML report for report.
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
    /// Keep the import and the run in this workspace: a file (SQLite) or a
    /// team server (postgres://user@host/db; the password from PGPASSWORD or
    /// asked for). The same ledger imported again is recognised and not
    /// stored twice.
    #[arg(long)]
    pub db: Option<String>,
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
