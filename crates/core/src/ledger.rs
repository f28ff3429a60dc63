//! What an import produces: validated [`Transaction`]s and an [`ImportReport`] that
//! accounts for every row read. Raw rows (cells) live in `import`; this module holds
//! only checked values, so downstream code never re-validates.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The two ledger shapes the importer recognises from the columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum LedgerShape {
    /// One row per order or order line (has a date column).
    Transactions,
    /// One row per customer with already aggregated figures.
    CustomerSummary,
}

/// Where a row came from: sheet name and 1-based row number as Excel shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RowRef {
    /// Sheet name (for CSV files, the file name).
    pub sheet: String,
    /// 1-based row number.
    pub row: u32,
}

/// Where a transaction was read: its sheet (the index among the report's
/// imported sheets) and its 1-based row. Two integers, so a million of them
/// travel with the rows for nothing and a workspace can store them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Origin {
    /// Index into [`ImportReport::sheets`].
    pub sheet: u16,
    /// 1-based row number.
    pub row: u32,
}

/// A row left out of a run because its date lies outside the run's period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OutsideRow {
    /// Where it was read (None for rows stored before locations were kept).
    pub origin: Option<Origin>,
    /// Its date.
    pub date: NaiveDate,
    /// Its amount in 元.
    pub amount: f64,
}

/// One validated ledger row. Amounts are in 元 (units from headers already applied).
///
/// For a customer-summary ledger each row is one customer and `purchases`/`clv`
/// may carry the ledger's own figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Transaction {
    /// Customer key: the id when the ledger has an id column, else the trimmed name.
    pub customer: String,
    /// Customer name as written on this row, when there is a name column.
    pub name: Option<String>,
    /// Order or invoice date.
    pub date: Option<NaiveDate>,
    /// Net amount in 元; negative for returns.
    pub amount: f64,
    /// Gross profit in 元 (given, or amount minus cost).
    pub profit: Option<f64>,
    /// Quantity.
    pub quantity: Option<f64>,
    /// Order or invoice number.
    pub order_id: Option<String>,
    /// Product.
    pub product: Option<String>,
    /// Salesperson or account manager.
    pub salesperson: Option<String>,
    /// Unpaid balance in 元.
    pub receivable: Option<f64>,
    /// Needs and behaviour notes.
    pub needs: Option<String>,
    /// Purchase count given by a summary ledger.
    pub purchases: Option<f64>,
    /// Lifetime value given by a summary ledger, in 元.
    pub clv: Option<f64>,
}

/// Why a row was not imported. Each reason is reported with its sheet and row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum SkipReason {
    /// Neither customer id nor name.
    MissingCustomer,
    /// There is an id column but the id cell is empty.
    MissingCustomerId,
    /// The amount cell is empty.
    MissingAmount,
    /// The amount cell is not a number.
    BadAmount {
        /// The column header.
        column: String,
        /// The cell text.
        value: String,
    },
    /// Another numeric cell (profit, quantity…) is not a number.
    BadNumber {
        /// The column header.
        column: String,
        /// The cell text.
        value: String,
    },
    /// The date cell is empty on a transaction ledger.
    MissingDate,
    /// The date cell is not a date.
    BadDate {
        /// The column header.
        column: String,
        /// The cell text.
        value: String,
    },
    /// The date lies outside the chosen period.
    OutsidePeriod {
        /// The row's date.
        date: NaiveDate,
    },
}

/// A skipped row with its location.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SkippedRow {
    /// Where.
    pub at: RowRef,
    /// Why.
    pub reason: SkipReason,
}

/// A row recognised as a total or subtotal (合计/总计/小计/“… 汇总”).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TotalRow {
    /// Where.
    pub at: RowRef,
    /// The label that marked it (e.g. `合计`).
    pub label: String,
    /// True for a grand total (合计/总计/Grand Total), false for a subtotal.
    pub grand: bool,
    /// The amount the row carries, in 元, if readable.
    pub amount: Option<f64>,
}

/// A sheet that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum SheetSkip {
    /// No header row with a customer and an amount column in the first rows.
    NotALedger,
    /// Has a ledger header, but its columns differ from the main ledger sheet's.
    DifferentColumns,
    /// The user chose not to include it.
    NotSelected,
    /// The sheet is empty.
    Empty,
}

/// A sheet left out of the import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SkippedSheet {
    /// Sheet name.
    pub sheet: String,
    /// Why it was left out.
    pub reason: SheetSkip,
}

/// A sheet's own grand total compared with the sum of the rows imported from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Reconciliation {
    /// Sheet name.
    pub sheet: String,
    /// Row of the total.
    pub row: u32,
    /// The ledger's total, in 元.
    pub ledger_total: f64,
    /// The sum of amounts imported from this sheet, in 元.
    pub imported_total: f64,
    /// Whether they agree to the fen (0.01 元).
    pub matches: bool,
}

/// An id that appears with more than one name; the most frequent name is used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NameConflict {
    /// The customer id.
    pub customer: String,
    /// Every name seen with how many rows carry it, most frequent first.
    #[cfg_attr(feature = "ts", ts(type = "Array<[string, number]>"))]
    pub names: Vec<(String, u64)>,
}

/// Per-sheet counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SheetCounts {
    /// Sheet name.
    pub sheet: String,
    /// 1-based header row.
    pub header_row: u32,
    /// Rows read, from row 1 to the last row with content.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub rows_read: u64,
    /// Title rows and the header row.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub preamble: u64,
    /// Rows imported.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub imported: u64,
    /// Rows skipped with a reason.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub skipped: u64,
    /// Total and subtotal rows.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub totals: u64,
    /// Blank rows.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub blank: u64,
}

/// Accounts for every row of an import:
/// `rows_read = preamble + imported + skipped + totals + blank`, per sheet and overall.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportReport {
    /// File name (no directories).
    pub file: String,
    /// Detected format (`xlsx`, `xls`, `csv (GBK)`…).
    pub format: String,
    /// Detected shape.
    pub shape: LedgerShape,
    /// Counts per imported sheet, in workbook order.
    pub sheets: Vec<SheetCounts>,
    /// Sheets left out.
    pub skipped_sheets: Vec<SkippedSheet>,
    /// Every skipped row.
    pub skipped_rows: Vec<SkippedRow>,
    /// Every total/subtotal row.
    pub total_rows: Vec<TotalRow>,
    /// Grand totals compared with imported sums.
    pub reconciliations: Vec<Reconciliation>,
    /// Ids seen with several names.
    pub name_conflicts: Vec<NameConflict>,
    /// Sum of imported amounts, in 元.
    pub imported_amount: f64,
    /// Number of return lines (negative amounts) imported.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub return_lines: u64,
    /// First and last date of the imported rows, when there are dates.
    pub first_date: Option<NaiveDate>,
    /// Last date of the imported rows.
    pub last_date: Option<NaiveDate>,
    /// What the import assumed and what it doubts (see [`crate::confidence`]).
    #[serde(default)]
    pub findings: Vec<crate::confidence::Finding>,
}

impl ImportReport {
    /// The confidence line: what was assumed and what is doubtful.
    pub fn confidence(&self, lang: crate::Lang) -> String {
        crate::confidence::line(&self.findings, lang)
    }

    /// Takes in what only the aggregated customers show: ids seen with several
    /// names, spellings merged into one customer, and margins no ledger has (a
    /// likely wrong profit or cost column). The pipeline calls it for every
    /// run, in memory or in a workspace, so their reports agree; calling it
    /// again replaces what it added, never doubles it.
    pub fn absorb(&mut self, m: &crate::metrics::MetricsSet) {
        use crate::confidence::Finding;
        self.name_conflicts = m.name_conflicts.clone();
        self.findings.retain(|f| {
            !matches!(f, Finding::MarginAnomaly { .. } | Finding::NamesMerged { .. }) && !m.merged.contains(f)
        });
        self.findings.extend(m.merged.iter().cloned());
        let margins: Vec<f64> = m
            .customers
            .iter()
            .filter(|c| c.sales > 0.0)
            .filter_map(|c| c.margin)
            .collect();
        let odd = margins.iter().filter(|&&g| !(-0.5..=0.9).contains(&g)).count();
        if margins.len() >= 3 && odd * 2 > margins.len() {
            self.findings.push(Finding::MarginAnomaly {
                customers: odd,
                of: margins.len(),
                median: crate::metrics::median(margins.iter().copied()).unwrap_or(0.0),
            });
        }
    }

    /// The report of the whole ledger narrowed to a period: the rows dated
    /// outside it move from imported to skipped (with their place and date), and
    /// the dates become those of the rows kept. The in-memory and the workspace
    /// paths both narrow this way, from the rows in file order, so their reports
    /// are the same to the last digit.
    pub fn narrow(&mut self, outside: &[OutsideRow], kept: (Option<NaiveDate>, Option<NaiveDate>)) {
        if outside.is_empty() {
            return;
        }
        for o in outside {
            let sheet = o.origin.and_then(|at| self.sheets.get_mut(at.sheet as usize));
            let sheet = match sheet {
                Some(s) => s,
                // Rows stored without a place count on the first sheet.
                None => match self.sheets.first_mut() {
                    Some(s) => s,
                    None => continue,
                },
            };
            sheet.imported = sheet.imported.saturating_sub(1);
            sheet.skipped += 1;
            let name = sheet.sheet.clone();
            self.imported_amount -= o.amount;
            if o.amount < 0.0 {
                self.return_lines = self.return_lines.saturating_sub(1);
            }
            self.skipped_rows.push(SkippedRow {
                at: RowRef {
                    sheet: name,
                    row: o.origin.map_or(0, |at| at.row),
                },
                reason: SkipReason::OutsidePeriod { date: o.date },
            });
        }
        let order: Vec<String> = self.sheets.iter().map(|s| s.sheet.clone()).collect();
        let place = |r: &SkippedRow| {
            (
                order.iter().position(|s| *s == r.at.sheet).unwrap_or(usize::MAX),
                r.at.row,
            )
        };
        self.skipped_rows.sort_by_key(place);
        (self.first_date, self.last_date) = kept;
    }

    /// Whether anything is doubtful (`--strict` fails the run then).
    pub fn doubtful(&self) -> bool {
        self.findings.iter().any(|f| f.is_doubt())
    }

    /// Total rows read over all imported sheets.
    pub fn rows_read(&self) -> u64 {
        self.sheets.iter().map(|s| s.rows_read).sum()
    }
    /// Rows imported.
    pub fn imported(&self) -> u64 {
        self.sheets.iter().map(|s| s.imported).sum()
    }
    /// Rows skipped with a reason.
    pub fn skipped(&self) -> u64 {
        self.sheets.iter().map(|s| s.skipped).sum()
    }
    /// Total/subtotal rows.
    pub fn totals(&self) -> u64 {
        self.sheets.iter().map(|s| s.totals).sum()
    }
    /// Blank rows.
    pub fn blank(&self) -> u64 {
        self.sheets.iter().map(|s| s.blank).sum()
    }
    /// Title and header rows.
    pub fn preamble(&self) -> u64 {
        self.sheets.iter().map(|s| s.preamble).sum()
    }
    /// True when every row read is accounted for.
    pub fn adds_up(&self) -> bool {
        self.sheets
            .iter()
            .all(|s| s.rows_read == s.preamble + s.imported + s.skipped + s.totals + s.blank)
            && self.skipped() == self.skipped_rows.len() as u64
            && self.totals() == self.total_rows.len() as u64
    }
}

impl SkipReason {
    /// The reason for people, saying what to fix.
    pub fn message(&self, lang: crate::Lang) -> String {
        use crate::Lang::*;
        match (self, lang) {
            (SkipReason::MissingCustomer, Zh) => "客户编号和客户名称都为空".into(),
            (SkipReason::MissingCustomer, En) => "no customer id or name".into(),
            (SkipReason::MissingCustomerId, Zh) => "客户编号为空（有客户名称），请补上编号".into(),
            (SkipReason::MissingCustomerId, En) => "customer id is empty (name present); fill in the id".into(),
            (SkipReason::MissingAmount, Zh) => "金额为空".into(),
            (SkipReason::MissingAmount, En) => "amount is empty".into(),
            (SkipReason::BadAmount { column, value }, Zh) => format!("“{column}”列的“{value}”不是金额"),
            (SkipReason::BadAmount { column, value }, En) => format!("“{value}” in column “{column}” is not an amount"),
            (SkipReason::BadNumber { column, value }, Zh) => format!("“{column}”列的“{value}”不是数字"),
            (SkipReason::BadNumber { column, value }, En) => format!("“{value}” in column “{column}” is not a number"),
            (SkipReason::MissingDate, Zh) => "日期为空".into(),
            (SkipReason::MissingDate, En) => "date is empty".into(),
            (SkipReason::BadDate { column, value }, Zh) => {
                format!("“{column}”列的“{value}”不是日期（应为 2025-03-07、2025/3/7 或 2025年3月7日）")
            }
            (SkipReason::BadDate { column, value }, En) => {
                format!("“{value}” in column “{column}” is not a date (expected 2025-03-07, 2025/3/7 or 20250307)")
            }
            (SkipReason::OutsidePeriod { date }, Zh) => {
                format!("日期 {} 不在所选期间内", crate::format::date(*date, lang))
            }
            (SkipReason::OutsidePeriod { date }, En) => {
                format!("date {} is outside the chosen period", crate::format::date(*date, lang))
            }
        }
    }
}

impl SheetSkip {
    /// The reason for people.
    pub fn message(&self, lang: crate::Lang) -> String {
        let text = match self {
            SheetSkip::NotALedger => {
                let rows = crate::import::HEADER_SEARCH_ROWS;
                return match lang {
                    crate::Lang::Zh => {
                        format!("不是台账（前 {rows} 行中没有包含客户列和金额列的表头），如说明或备注页")
                    }
                    crate::Lang::En => {
                        format!("not a ledger (no header with customer and amount columns in the first {rows} rows), e.g. notes")
                    }
                };
            }
            SheetSkip::DifferentColumns => lang.pick(
                "表头与主台账工作表不同",
                "its columns differ from the main ledger sheet",
            ),
            SheetSkip::NotSelected => lang.pick("未选择导入", "not selected"),
            SheetSkip::Empty => lang.pick("空工作表", "empty sheet"),
        };
        text.to_string()
    }
}

impl LedgerShape {
    /// The shape's name for people.
    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            LedgerShape::Transactions => lang.pick("交易明细（每行一笔订单）", "transaction lines"),
            LedgerShape::CustomerSummary => lang.pick("客户汇总（每行一个客户）", "customer summary"),
        }
    }
}

impl Reconciliation {
    /// The check in words: whether the ledger's own total matches what was imported.
    pub fn message(&self, lang: crate::Lang) -> String {
        use crate::format::money;
        let (ledger, imported) = (money(self.ledger_total, lang), money(self.imported_total, lang));
        let (sheet, row) = (&self.sheet, self.row);
        match (lang, self.matches) {
            (crate::Lang::Zh, true) => format!("核对：工作表“{sheet}”第 {row} 行合计 {ledger} 与导入金额一致"),
            (crate::Lang::Zh, false) => {
                format!("核对：工作表“{sheet}”第 {row} 行合计 {ledger}，导入金额 {imported}，不一致，请检查导入报告")
            }
            (crate::Lang::En, true) => {
                format!("Check: total on sheet “{sheet}” row {row} ({ledger}) matches the imported sum")
            }
            (crate::Lang::En, false) => {
                format!("Check: total on sheet “{sheet}” row {row} is {ledger} but {imported} was imported; see the import report")
            }
        }
    }
}

impl ImportReport {
    /// The row counts in one sentence, adding up to the rows read.
    pub fn counts_message(&self, lang: crate::Lang) -> String {
        let (read, imported, skipped, totals, blank, preamble) = (
            self.rows_read(),
            self.imported(),
            self.skipped(),
            self.totals(),
            self.blank(),
            self.preamble(),
        );
        match lang {
            crate::Lang::Zh => format!(
                "行数：读取 {read}，导入 {imported}，跳过 {skipped}，合计/小计 {totals}，空行 {blank}，标题及表头 {preamble}"
            ),
            crate::Lang::En => format!(
                "Rows: {read} read, {imported} imported, {skipped} skipped, {totals} totals, {blank} blank, {preamble} title/header"
            ),
        }
    }
}

impl SkippedRow {
    /// The skip with its location: `销售明细 第 205 行：…`.
    pub fn message(&self, lang: crate::Lang) -> String {
        match lang {
            crate::Lang::Zh => format!("{} 第 {} 行：{}", self.at.sheet, self.at.row, self.reason.message(lang)),
            crate::Lang::En => format!("{} row {}: {}", self.at.sheet, self.at.row, self.reason.message(lang)),
        }
    }
}
