//! The types that cross IPC, besides the engine's own. TypeScript declarations
//! are generated from them (see `tests/bindings.rs`).

pub mod history;

use serde::{Deserialize, Serialize};
use tierbook_core::import::{ImportOptions, Inspection};
use tierbook_core::metrics::ClvBasis;
use tierbook_core::{ImportReport, Lang, Tier, TierPolicy};

/// Dates travel as ISO strings (`2025-03-07`).
type IsoDate = Option<String>;

/// What the window needs at start.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AppInfo {
    /// App version.
    pub version: String,
    /// The bundled sample ledger, when found.
    pub sample: Option<String>,
    /// Remembered language.
    pub lang: Lang,
    /// True until the first import.
    pub first_run: bool,
    /// Test hook: ledger paths used in turn instead of the open dialog (end-to-end tests).
    pub test_ledgers: Vec<String>,
    /// The workspace file that keeps imports and runs.
    pub workspace: Option<String>,
    /// Why the workspace could not be opened (imports then are not kept).
    pub workspace_problem: Option<crate::error::IpcError>,
    /// Test hook: a path used instead of the save dialog.
    pub test_save: Option<String>,
    /// The team workspace in use or remembered (None: this PC's file only).
    pub team: Option<TeamView>,
}

/// 帮助 → 关于: what support asks for.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AboutView {
    /// App version.
    pub version: String,
    /// The workspace in use: its file's path or the server's `db@host`.
    pub workspace: Option<String>,
    /// The folder of the log file.
    pub log_dir: Option<String>,
}

/// What the welcome screen offers after the first day: the last run to go
/// on with, and the ledgers imported lately.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct WelcomeFacts {
    /// The workspace's newest run.
    pub last_run: Option<LastRun>,
    /// Ledgers imported lately, newest first.
    pub recent: Vec<RecentLedger>,
}

/// The run to go on with.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct LastRun {
    /// Its id (to open it).
    #[ts(type = "number")]
    pub id: i64,
    /// Its name (`2025年`).
    pub label: String,
    /// Its ledger's file name.
    pub file_name: String,
    /// When it was saved (RFC 3339).
    pub created_at: String,
}

/// A ledger imported lately.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RecentLedger {
    /// Its path.
    pub path: String,
    /// Its file name.
    pub name: String,
    /// Its folder.
    pub folder: String,
    /// Whether it is still there (moved or deleted files are listed, not offered).
    pub exists: bool,
}

/// After moving a workspace: what was moved, in words, and the window's new
/// start-up facts (the workspace now in use).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct MoveOutcome {
    /// What was moved.
    pub text: String,
    /// The workspace now in use.
    pub info: AppInfo,
}

/// A team workspace as the window shows it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct TeamView {
    /// The server.
    pub server: crate::settings::TeamServer,
    /// Whether the window is working on it now (else it is remembered and
    /// the password is to be asked for).
    pub connected: bool,
    /// The user's role there.
    pub role: Option<tierbook_core::store::Role>,
}

/// A file's import plan, with the remembered choices applied.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct InspectResult {
    /// The plan.
    pub inspection: Inspection,
    /// The options it was made with.
    pub options: ImportOptions,
    /// True when the options came from a remembered layout.
    pub remembered: bool,
    /// Why the file cannot be imported with these options, if it cannot.
    pub problem: Option<crate::error::IpcError>,
    /// What reading the headers assumed (the unit from a title row, the net
    /// amount chosen…), in the window's language, shown before the import.
    pub assumptions: Vec<String>,
}

/// Import progress, sent over a channel.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ImportProgress {
    /// Rows read so far.
    #[ts(type = "number")]
    pub rows: u64,
}

/// One tier's figures.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct TierSummary {
    /// The tier.
    pub tier: Tier,
    /// Its name (核心客户…).
    pub name: String,
    /// Customers.
    pub customers: u32,
    /// Share of customers.
    pub customer_share: f64,
    /// Net sales in 元.
    pub sales: f64,
    /// Share of sales.
    pub sales_share: f64,
    /// Profit in 元.
    pub profit: f64,
    /// Share of profit.
    pub profit_share: f64,
}

/// The state of the tier run shown in the window.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Summary {
    /// Ledger file name.
    pub file: String,
    /// The stored run's name (its period) in the window's language.
    pub run_label: Option<String>,
    /// Customers.
    pub customers: u32,
    /// A, B, C.
    pub tiers: Vec<TierSummary>,
    /// The policy in force.
    pub policy: TierPolicy,
    /// The policy in words.
    pub policy_text: String,
    /// Notes about the run, in words.
    pub notes: Vec<NoteView>,
    /// Why 利润贡献 is empty, for its column's tooltip (None: the ledger has profit).
    pub profit_text: Option<String>,
    /// First day of the period.
    pub period_start: IsoDate,
    /// Last day of the period.
    pub period_end: IsoDate,
    /// Total net sales.
    pub total_sales: f64,
    /// Total profit, when known.
    pub total_profit: Option<f64>,
    /// How CLV was obtained.
    pub clv_basis: ClvBasis,
    /// Number of manual tiers.
    pub overrides: u32,
    /// The RFM cut points in force (the user's, or the ledger's quantiles).
    pub rfm_cuts: tierbook_core::tiering::rfm::RfmCuts,
    /// Customers with a credit or profit warning.
    pub warnings: u32,
    /// Their share of sales.
    pub warning_share: f64,
    /// The lifetime value's basis in words (what it is counted in, the model
    /// and its parameters, or why it fell back).
    pub clv_text: String,
    /// What the import assumed and doubts, in the window's language.
    pub confidence: ConfidenceView,
    /// The model check (模型检验), when the ledger is dated.
    pub model_check: Option<ModelCheckView>,
    /// 流失预警: A and B customers unlikely to be still active, biggest first
    /// (at most [`crate::view::AT_RISK_LISTED`]).
    pub at_risk: Vec<AtRiskRow>,
    /// All of them.
    pub at_risk_count: u32,
    /// Their share of sales.
    pub at_risk_share: f64,
}

/// A note about the run: its stable code and the engine's words for it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct NoteView {
    /// `dimension_skipped`, `override_unmatched`, `rfm_without_dates`, `no_profit`.
    pub code: String,
    /// The note for people.
    pub text: String,
}

/// The confidence line and its items, in words.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ConfidenceView {
    /// One line: what was assumed and what is doubtful, or that the ledger is clean.
    pub line: String,
    /// Whether anything is doubtful.
    pub doubtful: bool,
    /// Each finding: whether it is a doubt, and its text with sheet and row.
    pub items: Vec<(bool, String)>,
}

/// The model check for the window: the sentence, the figures, or why not.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ModelCheckView {
    /// The result in one sentence (None when it could not be done).
    pub sentence: Option<String>,
    /// Why it could not be done.
    pub unavailable: Option<String>,
    /// The figures.
    pub backtest: Option<tierbook_core::clv::Backtest>,
    /// What the values are counted in, in words.
    pub value_text: String,
}

/// One at-risk key account.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AtRiskRow {
    /// 客户编号.
    pub id: String,
    /// 客户名称.
    pub name: String,
    /// Tier in force.
    pub tier: Tier,
    /// 购买力.
    pub sales: f64,
    /// Probability of still being active.
    pub p_alive: f64,
    /// Last purchase.
    pub last_purchase: IsoDate,
    /// Purchases expected over the CLV horizon.
    pub expected_purchases: Option<f64>,
}

/// The result of an import.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ImportOutcome {
    /// Every row accounted for.
    pub report: ImportReport,
    /// The tiers.
    pub summary: Summary,
    /// The run kept in the workspace (None when the workspace is unavailable).
    #[ts(type = "number | null")]
    pub run_id: Option<i64>,
    /// When the same file was already in the workspace: when it was imported
    /// (nothing was added; its earlier run was opened).
    pub already: Option<String>,
}

/// A column to sort the table by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    /// Tier, then value (the export's order).
    #[default]
    Tier,
    /// 客户编号.
    Id,
    /// 客户名称.
    Name,
    /// 购买力.
    Sales,
    /// 成交频率.
    Frequency,
    /// 利润贡献.
    Profit,
    /// 生命周期价值.
    Clv,
    /// 需求和行为模式.
    Needs,
    /// 销售占比.
    Share,
    /// 排名.
    Rank,
    /// 最近购买.
    Recency,
    /// 毛利率.
    Margin,
    /// 评分.
    Score,
    /// RFM scores (R, then F, then M).
    Rfm,
    /// Growth (second half's share).
    Growth,
    /// Mean days between purchases.
    Gap,
    /// Probability of still being active.
    Alive,
    /// Expected purchases.
    Expected,
    /// Potential score.
    Potential,
    /// RFM segment.
    Segment,
    /// Relationship stage.
    Stage,
    /// Account level.
    Level,
    /// CLV quadrant.
    Quadrant,
    /// Loyalty × value class.
    Loyalty,
    /// Credit-risk warning.
    Credit,
}

/// A page request for the table.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct PageQuery {
    /// First row.
    pub offset: u32,
    /// Rows wanted.
    pub limit: u32,
    /// Sort column.
    pub sort: SortKey,
    /// Descending.
    pub descending: bool,
    /// Only this tier.
    pub tier: Option<Tier>,
    /// Text in the id or name.
    pub search: String,
    /// Only customers in this lifecycle stage or with a credit flag.
    #[serde(default)]
    pub lens: Option<LensFilter>,
    /// Only the customers of one 业务员, 地区 or 行业.
    #[serde(default)]
    #[ts(optional)]
    pub group: Option<GroupFilter>,
    /// Language of generated texts.
    pub lang: Lang,
}

/// A filter on who looks after a customer or where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct GroupFilter {
    /// Which kind of group.
    pub dim: GroupDim,
    /// The group (王建国, 华东, 机械).
    pub value: String,
}

/// The kinds of group the table filters by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum GroupDim {
    /// 业务员: the 客户经理 of the customer's record, else the ledger's last 业务员.
    Salesperson,
    /// 地区, from the customer's record.
    Region,
    /// 行业, from the customer's record.
    Industry,
    /// 产品: the customers who bought it in the period (from the ledger).
    Product,
}

/// The groups the open run's customers fall into, with how many each.
#[derive(Debug, Clone, Default, Serialize, ts_rs::TS)]
pub struct GroupChoices {
    /// 业务员 and their customers.
    pub salespeople: Vec<(String, u32)>,
    /// 地区.
    pub regions: Vec<(String, u32)>,
    /// 行业.
    pub industries: Vec<(String, u32)>,
    /// 产品 and the customers who bought each.
    pub products: Vec<(String, u32)>,
}

/// A filter on the lenses beside the tiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum LensFilter {
    /// Flagged for arrears or low margin.
    CreditRisk,
    /// 考察期.
    Exploration,
    /// 形成期.
    BuildUp,
    /// 稳定期.
    Maturity,
    /// 退化期.
    Decline,
    /// 流失预警: A or B customers unlikely to be still active.
    AtRisk,
}

/// One row of the table.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RowView {
    /// 客户编号.
    pub id: String,
    /// 客户名称.
    pub name: String,
    /// Tier in force.
    pub tier: Tier,
    /// Tier the method gave.
    pub computed: Tier,
    /// 购买力.
    pub sales: f64,
    /// 成交频率.
    pub frequency: Option<u32>,
    /// 利润贡献.
    pub profit: Option<f64>,
    /// 生命周期价值.
    pub clv: Option<f64>,
    /// 需求和行为模式.
    pub needs: String,
    /// Share of sales.
    pub share: f64,
    /// Cumulative share.
    pub cumulative_share: f64,
    /// Rank by sales.
    pub rank: u32,
    /// Days since the last purchase.
    #[ts(type = "number | null")]
    pub recency_days: Option<i64>,
    /// Margin.
    pub margin: Option<f64>,
    /// Score.
    pub score: Option<f64>,
    /// Override reason.
    pub override_reason: Option<String>,
    /// RFM scores, `5-4-3`.
    pub rfm: String,
    /// RFM segment name.
    pub segment: String,
    /// Relationship stage (empty without dates).
    pub stage: String,
    /// Account level of the value matrix, with its coverage model.
    pub level: String,
    /// CLV quadrant (empty without lifetime values).
    pub quadrant: String,
    /// Loyalty × value class (A–G).
    pub loyalty: String,
    /// Credit and profit warnings in words (empty when none).
    pub credit: String,
    /// Unpaid balance / sales, when the ledger has receivables.
    pub unpaid_share: Option<f64>,
    /// Age of the unpaid balance in days (from its oldest unpaid sale).
    #[ts(type = "number | null")]
    pub unpaid_age_days: Option<i64>,
    /// The second half's share of the period's sales.
    pub growth: Option<f64>,
    /// Potential score, 0–100.
    pub potential: f64,
    /// Mean days between purchase days.
    pub mean_gap_days: Option<f64>,
    /// Purchases expected over the CLV horizon (predictive model).
    pub expected_purchases: Option<f64>,
    /// Probability the customer is still active (predictive model).
    pub p_alive: Option<f64>,
}

/// A page of rows.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Page {
    /// Rows matching the filter.
    pub total: u32,
    /// First row's position.
    pub offset: u32,
    /// The rows.
    pub rows: Vec<RowView>,
}

/// The dashboard's charts as SVG.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Charts {
    /// Pareto curve with the tier cut lines.
    pub pareto: String,
    /// Tier pyramid: customers vs share of sales.
    pub pyramid: String,
    /// Sales and profit share per tier.
    pub shares: String,
    /// Distribution of the ranking metric.
    pub distribution: String,
    /// RFM heat map (R × F, coloured by mean M).
    pub rfm: String,
    /// Current × future value scatter with the CLV quadrants (None without
    /// lifetime values).
    pub clv: Option<String>,
    /// The model check's cumulative tracking chart (None without a backtest).
    pub tracking: Option<String>,
    /// The model check's calibration-vs-holdout chart.
    pub calibration: Option<String>,
    /// Current value × potential scatter with the value-matrix account levels.
    pub matrix: String,
    /// The RFM segments with their tier, customers and sales.
    pub segments: Vec<tierbook_core::tiering::rfm::SegmentTotal>,
}

/// The report for the print preview.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ReportView {
    /// The report's `<article>`, styled by the bundled report stylesheet.
    pub body: String,
}

/// What the print window lays out: the report and its language and title.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PrintJobView {
    /// The report's `<article>`, as in the preview.
    pub body: String,
    /// The report's language (the page footers are written in it).
    pub lang: Lang,
    /// The document's title: the print job's name and the file name offered
    /// for 打印到文件 (客户分级分析报告_2025年).
    pub title: String,
}

/// How a print ended, sent to the main window as `print-finished`.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum PrintOutcome {
    /// The pages went to the printer (or the file).
    Printed {
        /// How many.
        pages: u32,
    },
    /// The system's print dialog opened in a window of its own (Windows,
    /// macOS), which does not say when it is done.
    Opened,
    /// The user closed the print dialog.
    Cancelled,
    /// The system could not print; the error says why.
    Failed {
        /// What went wrong.
        error: crate::error::IpcError,
    },
}

/// What the report carries besides the tiers.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ReportSettings {
    /// Company name on the cover.
    pub company: String,
    /// The playbook in force.
    pub playbook: tierbook_core::playbook::Playbook,
    /// True when the playbook was edited (not the defaults).
    pub edited: bool,
}

/// Where the workbook went.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ExportOutcome {
    /// The file.
    pub path: String,
    /// Its folder.
    pub folder: String,
}
