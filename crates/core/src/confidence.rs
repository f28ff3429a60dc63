//! What an import assumed and what it doubts: the confidence line of every
//! import (banner, import report sheet, CLI summary, `--json`).
//!
//! The rule: every number is right, or the user is told exactly what is
//! uncertain and how to fix it. An import that had to guess (a unit read from a
//! title row, the net amount chosen over the amount with tax, a row taken for a
//! total because its amount is the sum above it) records an *assumption*; a
//! row or a figure that may be wrong (a row labelled like a total that sums to
//! nothing, margins no ledger has) records a *doubt*, with its sheet and row.
//! A clean ledger says so in one short line.

use serde::{Deserialize, Serialize};

use crate::import::Unit;
use crate::Lang;

/// One assumption or doubt, with where it was found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Finding {
    /// The amount columns' unit was read from a title or note row above the header.
    UnitFromTitle {
        /// Sheet.
        sheet: String,
        /// 1-based row of the note.
        row: u32,
        /// The unit.
        unit: Unit,
    },
    /// Both a net (无税) and a tax-inclusive amount exist: the net one is 购买力.
    NetAmountChosen {
        /// Sheet.
        sheet: String,
        /// The column used.
        chosen: String,
        /// The column not used.
        over: String,
    },
    /// A per-unit column (单价, 单位成本…) was not taken as an amount.
    PerUnitIgnored {
        /// Sheet.
        sheet: String,
        /// The column.
        column: String,
    },
    /// A row was taken for a total because of its shape, not its label.
    TotalByStructure {
        /// Sheet.
        sheet: String,
        /// 1-based row.
        row: u32,
        /// Its label (may be empty).
        label: String,
        /// Its amount.
        amount: f64,
    },
    /// A row was taken for a total because its label says so (本年累计,
    /// 合计（含税）…), though the label is not one of the usual total forms.
    TotalByWord {
        /// Sheet.
        sheet: String,
        /// 1-based row.
        row: u32,
        /// Its label.
        label: String,
        /// Its amount.
        amount: f64,
    },
    /// Spellings of one customer (full-width forms, brackets, zero padding)
    /// were merged into one.
    NamesMerged {
        /// The customer kept.
        customer: String,
        /// The spellings merged into it.
        merged: Vec<String>,
    },
    /// A sale was imported but one of its fields could not be read and is left out.
    FieldUnreadable {
        /// Sheet.
        sheet: String,
        /// 1-based row.
        row: u32,
        /// The column.
        column: String,
        /// The cell as written.
        value: String,
    },
    /// Text longer than an Excel cell holds (32,767 characters) was cut.
    TextCut {
        /// Sheet.
        sheet: String,
        /// 1-based row.
        row: u32,
        /// The column.
        column: String,
        /// Characters it had.
        chars: usize,
    },
    /// Dates written without a year (3月7日) were given the year of the title
    /// or of the rows before them.
    YearAssumed {
        /// Sheet.
        sheet: String,
        /// The date column.
        column: String,
        /// The year given.
        year: i32,
        /// Rows concerned.
        rows: u64,
    },
    /// A value written once in a cell merged down over several rows was filled
    /// into each of them.
    FilledDown {
        /// Sheet.
        sheet: String,
        /// The column.
        column: String,
        /// Rows filled.
        rows: u64,
    },
    /// More unreadable fields than are listed one by one.
    MoreUnreadable {
        /// Fields not listed.
        fields: u64,
    },
    /// A row without a customer code was given the code its name has elsewhere.
    IdFromName {
        /// Rows concerned.
        rows: u64,
    },
    /// Rows without a customer code whose name has none anywhere are customers
    /// by name.
    CustomerByName {
        /// Rows concerned.
        rows: u64,
    },
    /// A row labelled like a total was imported as a sale: its amount is not
    /// the sum of the rows above it and its label may be a company's name.
    SuspectTotal {
        /// Sheet.
        sheet: String,
        /// 1-based row.
        row: u32,
        /// Its label.
        label: String,
        /// Its amount.
        amount: f64,
    },
    /// Most customers' margins are beyond belief: the profit or cost column is
    /// probably the wrong one.
    MarginAnomaly {
        /// Customers with such a margin.
        customers: usize,
        /// Customers with a margin at all.
        of: usize,
        /// Their median margin.
        median: f64,
    },
    /// Characters of a text file that its encoding could not decode (shown as �).
    Unreadable {
        /// Sheet (the file's name).
        sheet: String,
        /// Characters.
        characters: u64,
        /// The encoding used.
        encoding: String,
    },
    /// Formula cells without saved results were read as empty.
    UnsavedFormulas {
        /// Sheet.
        sheet: String,
        /// Cells.
        cells: u64,
    },
    /// The amounts look like 万元 (mostly below 1,000 with four decimals) while
    /// the unit is 元.
    UnitLooksWan {
        /// Sheet.
        sheet: String,
        /// The column.
        column: String,
    },
}

impl Finding {
    /// Whether the finding is a doubt (else an assumption).
    pub fn is_doubt(&self) -> bool {
        matches!(
            self,
            Finding::SuspectTotal { .. }
                | Finding::MarginAnomaly { .. }
                | Finding::UnitLooksWan { .. }
                | Finding::FieldUnreadable { .. }
                | Finding::UnsavedFormulas { .. }
                | Finding::Unreadable { .. }
                | Finding::MoreUnreadable { .. }
        )
    }

    /// The finding in words, with what to do where something may be wrong.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Finding::UnitFromTitle { sheet, row, unit }, Lang::Zh) => {
                format!("金额单位按“{sheet}”第 {row} 行的说明取为{}", unit.label())
            }
            (Finding::UnitFromTitle { sheet, row, unit }, Lang::En) => {
                format!("amounts taken in {} as the note in row {row} of “{sheet}” says", unit.label())
            }
            (Finding::NetAmountChosen { chosen, over, .. }, Lang::Zh) => {
                format!("购买力取“{chosen}”（不含税），未用“{over}”")
            }
            (Finding::NetAmountChosen { chosen, over, .. }, Lang::En) => {
                format!("purchasing power from “{chosen}” (net of VAT), not “{over}”")
            }
            (Finding::PerUnitIgnored { column, .. }, Lang::Zh) => format!("“{column}”是单价类列，不作金额"),
            (Finding::PerUnitIgnored { column, .. }, Lang::En) => {
                format!("“{column}” is a per-unit column, not an amount")
            }
            (Finding::TotalByStructure { sheet, row, label, .. }, Lang::Zh) => {
                let label = if label.is_empty() { "无标签".to_string() } else { format!("“{label}”") };
                format!("“{sheet}”第 {row} 行（{label}）金额等于其上各行之和，按合计行处理")
            }
            (Finding::TotalByStructure { sheet, row, label, .. }, Lang::En) => {
                let label = if label.is_empty() { "no label".to_string() } else { format!("“{label}”") };
                format!("row {row} of “{sheet}” ({label}) sums the rows above it and is taken as a total")
            }
            (Finding::TotalByWord { sheet, row, label, .. }, Lang::Zh) => {
                format!("“{sheet}”第 {row} 行“{label}”按合计行处理，未计入客户")
            }
            (Finding::TotalByWord { sheet, row, label, .. }, Lang::En) => {
                format!("row {row} of “{sheet}” (“{label}”) is taken as a total, not a customer")
            }
            (Finding::NamesMerged { customer, merged }, Lang::Zh) => {
                format!("{} 与 {customer} 视为同一客户（全角/半角、括号或前导零不同）", merged.join("、"))
            }
            (Finding::NamesMerged { customer, merged }, Lang::En) => format!(
                "{} merged into {customer} (full-width forms, brackets or leading zeros)",
                merged.join(", ")
            ),
            (Finding::FieldUnreadable { sheet, row, column, value }, Lang::Zh) => {
                format!("“{sheet}”第 {row} 行“{column}”的值“{value}”无法识别，该笔销售已导入，此项留空")
            }
            (Finding::FieldUnreadable { sheet, row, column, value }, Lang::En) => format!(
                "row {row} of “{sheet}”: “{value}” in “{column}” is unreadable; the sale is imported without it"
            ),
            (Finding::TextCut { sheet, row, column, chars }, Lang::Zh) => format!(
                "“{sheet}”第 {row} 行“{column}”有 {chars} 个字符，超过 Excel 单元格上限，截取前 32,767 个"
            ),
            (Finding::TextCut { sheet, row, column, chars }, Lang::En) => format!(
                "row {row} of “{sheet}”: “{column}” has {chars} characters, more than an Excel cell holds; the first 32,767 are kept"
            ),
            (Finding::YearAssumed { sheet, column, year, rows }, Lang::Zh) => {
                format!("“{sheet}”有 {rows} 行“{column}”未写年份（如 3月7日），按 {year} 年计")
            }
            (Finding::YearAssumed { sheet, column, year, rows }, Lang::En) => {
                format!("{rows} rows of “{sheet}” have no year in “{column}” (such as 3月7日) and were taken as {year}")
            }
            (Finding::FilledDown { sheet, column, rows }, Lang::Zh) => {
                format!("“{sheet}”的“{column}”是合并单元格，已向下填入 {rows} 行")
            }
            (Finding::FilledDown { sheet, column, rows }, Lang::En) => {
                format!("“{column}” in “{sheet}” is merged down; its value was filled into {rows} rows")
            }
            (Finding::MoreUnreadable { fields }, Lang::Zh) => format!("另有 {fields} 个无法识别的字段（该笔销售均已导入，此项留空）"),
            (Finding::MoreUnreadable { fields }, Lang::En) => {
                format!("{fields} more unreadable fields (their sales are imported without them)")
            }
            (Finding::IdFromName { rows }, Lang::Zh) => format!("{rows} 行缺客户编号，按同名客户的编号补上"),
            (Finding::IdFromName { rows }, Lang::En) => {
                format!("{rows} rows without a customer code took the code their name has elsewhere")
            }
            (Finding::CustomerByName { rows }, Lang::Zh) => format!("{rows} 行没有客户编号，按客户名称归户"),
            (Finding::CustomerByName { rows }, Lang::En) => {
                format!("{rows} rows without a customer code are customers by name")
            }
            (Finding::SuspectTotal { sheet, row, label, .. }, Lang::Zh) => format!(
                "“{sheet}”第 {row} 行“{label}”像合计行但金额对不上，已作为客户导入，请核对；若是合计行，请在台账中删去或改名后重新导入"
            ),
            (Finding::SuspectTotal { sheet, row, label, .. }, Lang::En) => format!(
                "row {row} of “{sheet}” (“{label}”) looks like a total but does not add up; it is imported as a customer — check it, and delete or relabel it if it is a total"
            ),
            (Finding::MarginAnomaly { customers, of, median }, Lang::Zh) => format!(
                "{customers}/{of} 位客户的毛利率超出常理（中位数 {}），利润或成本列可能选错，请在预览中核对列的用途",
                crate::format::percent(*median)
            ),
            (Finding::MarginAnomaly { customers, of, median }, Lang::En) => format!(
                "{customers} of {of} customers have margins no ledger has (median {}): the profit or cost column is probably the wrong one — check the column roles in the preview",
                crate::format::percent(*median)
            ),
            (Finding::Unreadable { sheet, characters, encoding }, Lang::Zh) => format!(
                "“{sheet}”按 {encoding} 解码时有 {characters} 个字符无法识别（显示为 �），客户名称可能有误；请在 Excel 中另存为 UTF-8 CSV 或 .xlsx 后重新导入"
            ),
            (Finding::Unreadable { sheet, characters, encoding }, Lang::En) => format!(
                "{characters} characters of “{sheet}” could not be decoded as {encoding} (shown as �); names may be wrong — save it as UTF-8 CSV or .xlsx in Excel and import again"
            ),
            (Finding::UnsavedFormulas { sheet, cells }, Lang::Zh) => format!(
                "“{sheet}”有 {cells} 个公式单元格没有保存计算结果，按空白读取；请用 Excel 或 WPS 打开并保存一次后重新导入"
            ),
            (Finding::UnsavedFormulas { sheet, cells }, Lang::En) => format!(
                "{cells} formula cells in “{sheet}” have no saved results and were read as empty; open and save the file in Excel or WPS, then import again"
            ),
            (Finding::UnitLooksWan { sheet, column }, Lang::Zh) => format!(
                "“{sheet}”的“{column}”多为千元以下且带四位小数，像是以万元为单位，但按元导入；如是万元请在预览中把单位改为万元"
            ),
            (Finding::UnitLooksWan { sheet, column }, Lang::En) => format!(
                "“{column}” in “{sheet}” is mostly below 1,000 with four decimals, as if in 万元, but was read in 元; set the unit to 万元 in the preview if so"
            ),
        }
    }
}

/// How many findings of each kind the line names before it counts the rest.
const NAMED: usize = 3;

/// The confidence line: what was assumed and what is doubtful, or that the
/// ledger is clean.
pub fn line(findings: &[Finding], lang: Lang) -> String {
    let (doubts, assumptions): (Vec<&Finding>, Vec<&Finding>) = findings.iter().partition(|f| f.is_doubt());
    if findings.is_empty() {
        return lang
            .pick(
                "台账清楚：没有需要假定或存疑之处。",
                "Clean ledger: nothing assumed, nothing doubtful.",
            )
            .to_string();
    }
    let list = |v: &[&Finding]| {
        let mut parts: Vec<String> = v.iter().take(NAMED).map(|f| f.message(lang)).collect();
        if v.len() > NAMED {
            parts.push(match lang {
                Lang::Zh => format!("另有 {} 项", v.len() - NAMED),
                Lang::En => format!("{} more", v.len() - NAMED),
            });
        }
        parts.join(lang.pick("；", "; "))
    };
    let mut s = String::new();
    if !doubts.is_empty() {
        s.push_str(&match lang {
            Lang::Zh => format!("存疑 {} 项：{}。", doubts.len(), list(&doubts)),
            Lang::En => format!("{} doubtful: {}. ", doubts.len(), list(&doubts)),
        });
    }
    if !assumptions.is_empty() {
        s.push_str(&match lang {
            Lang::Zh => format!("已假定 {} 项：{}。", assumptions.len(), list(&assumptions)),
            Lang::En => format!("{} assumed: {}.", assumptions.len(), list(&assumptions)),
        });
    }
    s.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clean_ledger_says_so_in_one_short_line() {
        assert_eq!(line(&[], Lang::Zh), "台账清楚：没有需要假定或存疑之处。");
    }

    #[test]
    fn doubts_come_first_and_long_lists_are_counted() {
        let unit = Finding::UnitFromTitle {
            sheet: "明细".into(),
            row: 2,
            unit: Unit::TenThousand,
        };
        let doubt = Finding::SuspectTotal {
            sheet: "明细".into(),
            row: 40,
            label: "合计贸易有限公司".into(),
            amount: 5.0,
        };
        let mut v = vec![unit.clone(); 5];
        v.push(doubt);
        let s = line(&v, Lang::Zh);
        assert!(
            s.starts_with("存疑 1 项：“明细”第 40 行“合计贸易有限公司”像合计行"),
            "{s}"
        );
        assert!(s.contains("已假定 5 项：金额单位按“明细”第 2 行的说明取为万元"), "{s}");
        assert!(s.contains("另有 2 项"), "{s}");
    }
}
