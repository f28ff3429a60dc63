//! Import errors: each names the file (and sheet and row where there is one) and
//! says what to do next, in the user's language. At the IPC edge they travel as a
//! stable [`code`](ImportError::code) plus [`params`](ImportError::params).

use super::HEADER_SEARCH_ROWS;
use std::collections::BTreeMap;

use crate::Lang;

/// Why a file could not be imported at all. Row-level problems are not errors:
/// they are skipped rows in the import report.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImportError {
    /// The file does not exist.
    #[error("{file}: file not found")]
    NotFound {
        /// File name.
        file: String,
    },
    /// The file exists but cannot be read (permissions, locked).
    #[error("{file}: cannot be read: {detail}")]
    Unreadable {
        /// File name.
        file: String,
        /// The system's reason.
        detail: String,
    },
    /// Zero bytes.
    #[error("{file}: the file is empty (0 bytes)")]
    EmptyFile {
        /// File name.
        file: String,
    },
    /// Neither a workbook nor delimited text.
    #[error("{file}: not a spreadsheet or CSV file")]
    NotAWorkbook {
        /// File name.
        file: String,
    },
    /// Something else than a ledger, told by its content: a folder, a PDF, a
    /// picture, a Word or PowerPoint file, another archive.
    #[error("{file}: this is a {kind}, not a ledger")]
    OtherKind {
        /// File name.
        file: String,
        /// `folder`, `pdf`, `image`, `word`, `powerpoint`, `archive`.
        kind: String,
    },
    /// A workbook whose formula cells hold no saved values (written by a
    /// program and never opened in Excel).
    #[error("{file}: sheet {sheet} has {formulas} formula cells without saved values")]
    FormulasWithoutValues {
        /// File name.
        file: String,
        /// Sheet.
        sheet: String,
        /// Formula cells without a value.
        formulas: u64,
    },
    /// Too big to read whole (HTML or XML exports) or inflating beyond reason.
    #[error("{file}: too large to read ({detail})")]
    TooLarge {
        /// File name.
        file: String,
        /// What exceeded which limit.
        detail: String,
    },
    /// Looks like a workbook but cannot be parsed (truncated download, broken zip).
    #[error("{file}: the workbook is damaged or incomplete: {detail}")]
    Damaged {
        /// File name.
        file: String,
        /// The parser's reason.
        detail: String,
    },
    /// Encrypted with a password.
    #[error("{file}: the workbook is password-protected")]
    PasswordProtected {
        /// File name.
        file: String,
    },
    /// Every sheet is empty.
    #[error("{file}: the workbook has no data")]
    EmptyWorkbook {
        /// File name.
        file: String,
    },
    /// No sheet has a recognisable header row.
    #[error(
        "{file}: no sheet has a ledger header (customer and amount columns) in its first {} rows",
        super::HEADER_SEARCH_ROWS
    )]
    NoLedgerSheet {
        /// File name.
        file: String,
    },
    /// A header row was found but it has no customer column.
    #[error("{file}, sheet {sheet}, row {row}: no customer column")]
    NoCustomerColumn {
        /// File name.
        file: String,
        /// Sheet.
        sheet: String,
        /// 1-based header row.
        row: u32,
    },
    /// A header row was found but it has no amount column.
    #[error("{file}, sheet {sheet}, row {row}: no amount column")]
    NoAmountColumn {
        /// File name.
        file: String,
        /// Sheet.
        sheet: String,
        /// 1-based header row.
        row: u32,
    },
    /// The ledger has a header but no data rows.
    #[error("{file}: the ledger has a header but no data rows")]
    NoDataRows {
        /// File name.
        file: String,
    },
    /// A sheet named in the options does not exist.
    #[error("{file}: there is no sheet named {sheet}")]
    SheetNotFound {
        /// File name.
        file: String,
        /// The sheet asked for.
        sheet: String,
    },
    /// A column named in an explicit mapping is not in the header.
    #[error("{file}: the mapping names column {column} for {role}, but the header has no such column")]
    MappedColumnNotFound {
        /// File name.
        file: String,
        /// Role key.
        role: String,
        /// Column header asked for.
        column: String,
    },
    /// The user cancelled.
    #[error("import cancelled")]
    Cancelled,
}

impl ImportError {
    /// A stable code for the UI and scripts, e.g. `import.password_protected`.
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::NotFound { .. } => "import.not_found",
            ImportError::Unreadable { .. } => "import.unreadable",
            ImportError::EmptyFile { .. } => "import.empty_file",
            ImportError::NotAWorkbook { .. } => "import.not_a_workbook",
            ImportError::OtherKind { .. } => "import.other_kind",
            ImportError::FormulasWithoutValues { .. } => "import.formulas_without_values",
            ImportError::TooLarge { .. } => "import.too_large",
            ImportError::Damaged { .. } => "import.damaged",
            ImportError::PasswordProtected { .. } => "import.password_protected",
            ImportError::EmptyWorkbook { .. } => "import.empty_workbook",
            ImportError::NoLedgerSheet { .. } => "import.no_ledger_sheet",
            ImportError::NoCustomerColumn { .. } => "import.no_customer_column",
            ImportError::NoAmountColumn { .. } => "import.no_amount_column",
            ImportError::NoDataRows { .. } => "import.no_data_rows",
            ImportError::SheetNotFound { .. } => "import.sheet_not_found",
            ImportError::MappedColumnNotFound { .. } => "import.mapped_column_not_found",
            ImportError::Cancelled => "import.cancelled",
        }
    }

    /// The message parameters by name.
    pub fn params(&self) -> BTreeMap<&'static str, String> {
        let mut p = BTreeMap::new();
        match self {
            ImportError::NotFound { file }
            | ImportError::EmptyFile { file }
            | ImportError::NotAWorkbook { file }
            | ImportError::PasswordProtected { file }
            | ImportError::EmptyWorkbook { file }
            | ImportError::NoLedgerSheet { file }
            | ImportError::NoDataRows { file } => {
                p.insert("file", file.clone());
            }
            ImportError::OtherKind { file, kind } => {
                p.insert("file", file.clone());
                p.insert("kind", kind.clone());
            }
            ImportError::FormulasWithoutValues { file, sheet, formulas } => {
                p.insert("file", file.clone());
                p.insert("sheet", sheet.clone());
                p.insert("formulas", formulas.to_string());
            }
            ImportError::TooLarge { file, detail } => {
                p.insert("file", file.clone());
                p.insert("detail", detail.clone());
            }
            ImportError::Unreadable { file, detail } | ImportError::Damaged { file, detail } => {
                p.insert("file", file.clone());
                p.insert("detail", detail.clone());
            }
            ImportError::NoCustomerColumn { file, sheet, row } | ImportError::NoAmountColumn { file, sheet, row } => {
                p.insert("file", file.clone());
                p.insert("sheet", sheet.clone());
                p.insert("row", row.to_string());
            }
            ImportError::SheetNotFound { file, sheet } => {
                p.insert("file", file.clone());
                p.insert("sheet", sheet.clone());
            }
            ImportError::MappedColumnNotFound { file, role, column } => {
                p.insert("file", file.clone());
                p.insert("role", role.clone());
                p.insert("column", column.clone());
            }
            ImportError::Cancelled => {}
        }
        p
    }

    /// The message for people, in `lang`, saying what to do next.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ImportError::NotFound { file }, Lang::Zh) => format!("找不到文件“{file}”。请检查文件名和所在文件夹。"),
            (ImportError::NotFound { file }, Lang::En) => format!("File “{file}” was not found. Check the name and folder."),
            (ImportError::Unreadable { file, detail }, Lang::Zh) => format!("无法读取文件“{file}”（{detail}）。请关闭占用它的程序或检查访问权限后重试。"),
            (ImportError::Unreadable { file, detail }, Lang::En) => format!("Cannot read “{file}” ({detail}). Close any program using it or check permissions, then try again."),
            (ImportError::EmptyFile { file }, Lang::Zh) => format!("文件“{file}”是空的（0 字节）。请重新导出台账后再导入。"),
            (ImportError::EmptyFile { file }, Lang::En) => format!("“{file}” is empty (0 bytes). Export the ledger again and import the new file."),
            (ImportError::NotAWorkbook { file }, Lang::Zh) => format!("“{file}”不是 Excel 工作簿或 CSV 文件。请选择 .xlsx、.xls、.xlsb、.ods、.csv 或 .txt 格式的台账。"),
            (ImportError::NotAWorkbook { file }, Lang::En) => format!("“{file}” is not an Excel workbook or CSV file. Choose a ledger in .xlsx, .xls, .xlsb, .ods, .csv or .txt format."),
            (ImportError::OtherKind { file, kind }, Lang::Zh) => match kind.as_str() {
                "folder" => format!("“{file}”是一个文件夹。请打开它，选择其中的台账文件（.xlsx、.xls、.csv 等）。"),
                k => format!(
                    "“{file}”是{}，不是台账。请从 ERP 或 Excel 导出 .xlsx、.xls 或 .csv 格式的销售台账后再导入。",
                    match k {
                        "pdf" => "PDF 文件",
                        "image" => "图片",
                        "word" => "Word 文档",
                        "powerpoint" => "PowerPoint 演示文稿",
                        _ => "压缩包",
                    }
                ),
            },
            (ImportError::OtherKind { file, kind }, Lang::En) => match kind.as_str() {
                "folder" => format!("“{file}” is a folder. Open it and choose the ledger file inside (.xlsx, .xls, .csv…)."),
                k => format!(
                    "“{file}” is {}, not a ledger. Export the sales ledger from the ERP or Excel as .xlsx, .xls or .csv and import that.",
                    match k {
                        "pdf" => "a PDF file",
                        "image" => "a picture",
                        "word" => "a Word document",
                        "powerpoint" => "a PowerPoint presentation",
                        _ => "an archive",
                    }
                ),
            },
            (ImportError::FormulasWithoutValues { file, sheet, formulas }, Lang::Zh) => format!(
                "“{file}”工作表“{sheet}”有 {formulas} 个公式单元格没有保存计算结果（由程序生成、从未在 Excel 中打开过）。请用 Excel 或 WPS 打开该文件并保存一次，再导入。"
            ),
            (ImportError::FormulasWithoutValues { file, sheet, formulas }, Lang::En) => format!(
                "Sheet “{sheet}” of “{file}” has {formulas} formula cells with no saved results (written by a program and never opened in Excel). Open the file in Excel or WPS, save it once, and import it again."
            ),
            (ImportError::TooLarge { file, detail }, Lang::Zh) => format!("“{file}”过大，无法安全读取（{detail}）。请在 Excel 中另存为 .xlsx 或拆分后再导入。"),
            (ImportError::TooLarge { file, detail }, Lang::En) => format!("“{file}” is too large to read safely ({detail}). Save it as .xlsx in Excel, or split it, and import again."),
            (ImportError::Damaged { file, detail }, Lang::Zh) => format!("工作簿“{file}”已损坏或不完整（{detail}）。请用 Excel 打开并另存为 .xlsx，或重新下载/导出。"),
            (ImportError::Damaged { file, detail }, Lang::En) => format!("Workbook “{file}” is damaged or incomplete ({detail}). Open it in Excel and save it as .xlsx, or download/export it again."),
            (ImportError::PasswordProtected { file }, Lang::Zh) => format!("工作簿“{file}”设置了打开密码。请在 Excel 中取消密码（文件 → 信息 → 保护工作簿）后另存，再导入。"),
            (ImportError::PasswordProtected { file }, Lang::En) => format!("Workbook “{file}” is password-protected. Remove the password in Excel (File → Info → Protect Workbook), save, and import again."),
            (ImportError::EmptyWorkbook { file }, Lang::Zh) => format!("工作簿“{file}”中没有任何数据：所有工作表都是空的。请在 Excel 或 WPS 中打开它，确认销售记录在其中并已保存，或从 ERP 重新导出台账。"),
            (ImportError::EmptyWorkbook { file }, Lang::En) => format!("Workbook “{file}” contains no data: every sheet is empty. Open it in Excel or WPS to check the sales are there and saved, or export the ledger from the ERP again."),
            (ImportError::NoLedgerSheet { file }, Lang::Zh) => format!("在“{file}”各工作表的前 {HEADER_SEARCH_ROWS} 行中找不到台账表头（需要客户列和金额列）。请确认表头包含“客户编号/客户名称”和“销售额/金额”，或指定表头所在的行和各列的含义。"),
            (ImportError::NoLedgerSheet { file }, Lang::En) => format!("No sheet of “{file}” has a ledger header (a customer column and an amount column) in its first {HEADER_SEARCH_ROWS} rows. Make sure the header names them, or say which row is the header and what its columns hold."),
            (ImportError::NoCustomerColumn { file, sheet, row }, Lang::Zh) => format!("“{file}”工作表“{sheet}”第 {row} 行的表头中没有客户列。请添加“客户编号”或“客户名称”列，或指定哪一列是客户名称。"),
            (ImportError::NoCustomerColumn { file, sheet, row }, Lang::En) => format!("The header in “{file}”, sheet “{sheet}”, row {row} has no customer column. Add a “Customer ID” or “Customer Name” column, or say which column holds the customer name."),
            (ImportError::NoAmountColumn { file, sheet, row }, Lang::Zh) => format!("“{file}”工作表“{sheet}”第 {row} 行的表头中没有金额列。请添加“销售额”或“金额”列，或指定哪一列是金额。"),
            (ImportError::NoAmountColumn { file, sheet, row }, Lang::En) => format!("The header in “{file}”, sheet “{sheet}”, row {row} has no amount column. Add a “Sales” or “Amount” column, or say which column holds the amount."),
            (ImportError::NoDataRows { file }, Lang::Zh) => format!("“{file}”只有表头，没有数据行。请确认导出的台账包含销售记录。"),
            (ImportError::NoDataRows { file }, Lang::En) => format!("“{file}” has a header but no data rows. Check that the exported ledger contains sales."),
            (ImportError::SheetNotFound { file, sheet }, Lang::Zh) => format!("“{file}”中没有名为“{sheet}”的工作表。"),
            (ImportError::SheetNotFound { file, sheet }, Lang::En) => format!("“{file}” has no sheet named “{sheet}”."),
            (ImportError::MappedColumnNotFound { file, role, column }, Lang::Zh) => format!("列映射把“{column}”指定为 {role}，但“{file}”的表头中没有这一列。请检查列名是否与表头一致。"),
            (ImportError::MappedColumnNotFound { file, role, column }, Lang::En) => format!("The mapping names column “{column}” for {role}, but the header of “{file}” has no such column. Check the spelling against the header."),
            (ImportError::Cancelled, Lang::Zh) => "导入已取消。".to_string(),
            (ImportError::Cancelled, Lang::En) => "Import cancelled.".to_string(),
        }
    }
}
