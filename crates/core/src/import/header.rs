//! Finding the header row and giving each column a role.
//!
//! Headers are matched to [`Role`]s by Chinese and English synonyms: first by
//! exact (normalised) text, then by keyword rules in a fixed priority order, so
//! `订单日期` is a date and not an order id, and `毛利率` (a rate) is not profit.
//! The unit comes from the header: `金额(万元)` multiplies by 10 000.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::cell::{fold_width, CellValue};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 客户编号.
    CustomerId,
    /// 客户名称.
    CustomerName,
    /// 日期.
    Date,
    /// 销售额 / 金额 / 购买力.
    Amount,
    /// 毛利 / 利润.
    Profit,
    /// 成本 (profit = amount − cost when there is no profit column).
    Cost,
    /// 数量.
    Quantity,
    /// 订单编号.
    OrderId,
    /// 产品.
    Product,
    /// 业务员.
    Salesperson,
    /// 应收 / 欠款.
    Receivable,
    /// 需求和行为模式 (a remark column only when the user maps it).
    Needs,
    /// 成交频率 / 购买次数 (summary ledgers).
    Frequency,
    /// 生命周期价值 (summary ledgers).
    Clv,
}

impl Role {
    /// Every role, in the order the mapping screen lists them.
    pub const ALL: [Role; 14] = [
        Role::CustomerId,
        Role::CustomerName,
        Role::Date,
        Role::Amount,
        Role::Profit,
        Role::Cost,
        Role::Quantity,
        Role::OrderId,
        Role::Product,
        Role::Salesperson,
        Role::Receivable,
        Role::Needs,
        Role::Frequency,
        Role::Clv,
    ];

    /// The key used in `--map role=列名` and in policy files.
    pub fn key(self) -> &'static str {
        match self {
            Role::CustomerId => "customer_id",
            Role::CustomerName => "customer_name",
            Role::Date => "date",
            Role::Amount => "amount",
            Role::Profit => "profit",
            Role::Cost => "cost",
            Role::Quantity => "quantity",
            Role::OrderId => "order_id",
            Role::Product => "product",
            Role::Salesperson => "salesperson",
            Role::Receivable => "receivable",
            Role::Needs => "needs",
            Role::Frequency => "frequency",
            Role::Clv => "clv",
        }
    }

    /// Parses a role key (`amount`) or its Chinese label (`金额`).
    pub fn parse(s: &str) -> Option<Role> {
        let t = s.trim();
        Role::ALL
            .into_iter()
            .find(|r| r.key() == t || r.label(crate::Lang::Zh) == t || r.label(crate::Lang::En).eq_ignore_ascii_case(t))
    }

    /// The role's name for people.
    pub fn label(self, lang: crate::Lang) -> &'static str {
        let (zh, en) = match self {
            Role::CustomerId => ("客户编号", "Customer ID"),
            Role::CustomerName => ("客户名称", "Customer name"),
            Role::Date => ("日期", "Date"),
            Role::Amount => ("金额", "Amount"),
            Role::Profit => ("毛利", "Profit"),
            Role::Cost => ("成本", "Cost"),
            Role::Quantity => ("数量", "Quantity"),
            Role::OrderId => ("订单编号", "Order ID"),
            Role::Product => ("产品", "Product"),
            Role::Salesperson => ("业务员", "Salesperson"),
            Role::Receivable => ("应收余额", "Receivable"),
            Role::Needs => ("需求和行为模式", "Needs"),
            Role::Frequency => ("成交频率", "Frequency"),
            Role::Clv => ("生命周期价值", "Lifetime value"),
        };
        lang.pick(zh, en)
    }

    /// True for roles holding money, to which a unit applies.
    pub fn is_money(self) -> bool {
        matches!(
            self,
            Role::Amount | Role::Profit | Role::Cost | Role::Receivable | Role::Clv
        )
    }
}

/// A money unit read from a header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// 元 (the default).
    #[default]
    Yuan,
    /// 千元.
    Thousand,
    /// 万元.
    TenThousand,
}

impl Unit {
    /// The factor to 元.
    pub fn factor(self) -> f64 {
        match self {
            Unit::Yuan => 1.0,
            Unit::Thousand => 1e3,
            Unit::TenThousand => 1e4,
        }
    }

    /// Parses `元`, `千元`, `万元`, `yuan`, `thousand`, `10k`.
    pub fn parse(s: &str) -> Option<Unit> {
        match s.trim().to_ascii_lowercase().as_str() {
            "元" | "yuan" | "1" => Some(Unit::Yuan),
            "千元" | "thousand" | "1000" | "k" => Some(Unit::Thousand),
            "万元" | "万" | "ten_thousand" | "10k" | "10000" | "wan" => Some(Unit::TenThousand),
            _ => None,
        }
    }

    /// `元`, `千元`, `万元`.
    pub fn label(self) -> &'static str {
        match self {
            Unit::Yuan => "元",
            Unit::Thousand => "千元",
            Unit::TenThousand => "万元",
        }
    }

    fn from_header(h: &str) -> Unit {
        if h.contains("万元") || h.contains("(万)") || h.contains("万)") {
            Unit::TenThousand
        } else if h.contains("千元") || h.contains("k元") || h.contains("(千)") {
            Unit::Thousand
        } else {
            Unit::Yuan
        }
    }
}

/// A column with its role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MappedColumn {
    /// 0-based column index.
    pub index: usize,
    /// Header text as written.
    pub header: String,
    /// Role given (None: ignored).
    pub role: Option<Role>,
    /// Unit read from the header (money roles only).
    pub unit: Unit,
}

/// The header of one sheet: where it is and what each column holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HeaderMap {
    /// 0-based header row index.
    pub row: usize,
    /// Every non-empty header cell.
    pub columns: Vec<MappedColumn>,
    /// What reading the header assumed (shown in the preview before import).
    #[serde(default)]
    pub notes: Vec<HeaderNote>,
}

/// An assumption made while reading a header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum HeaderNote {
    /// The money columns' unit comes from a note above the header.
    UnitFromTitle {
        /// 1-based row of the note.
        row: u32,
        /// The unit.
        unit: Unit,
    },
    /// The net amount was chosen over the tax-inclusive one.
    NetAmountChosen {
        /// Used.
        chosen: String,
        /// Not used.
        over: String,
    },
    /// A per-unit column was not taken as an amount.
    PerUnitIgnored {
        /// The column.
        column: String,
    },
}

impl HeaderNote {
    /// The note as an import finding of `sheet`.
    pub fn finding(&self, sheet: &str) -> crate::confidence::Finding {
        use crate::confidence::Finding;
        let sheet = sheet.to_string();
        match self.clone() {
            HeaderNote::UnitFromTitle { row, unit } => Finding::UnitFromTitle { sheet, row, unit },
            HeaderNote::NetAmountChosen { chosen, over } => Finding::NetAmountChosen { sheet, chosen, over },
            HeaderNote::PerUnitIgnored { column } => Finding::PerUnitIgnored { sheet, column },
        }
    }
}

/// Whether a normalised header is a per-unit figure (单价, 单位成本, unit cost…):
/// never an amount, a cost or a profit, whatever else it says.
fn per_unit(n: &str) -> bool {
    const WORDS: &[&str] = &[
        "单价",
        "单位成本",
        "单位毛利",
        "单位利润",
        "单位售价",
        "均价",
        "平均",
        "每件",
        "每吨",
        "每单位",
        "unitcost",
        "unitprice",
        "unitprofit",
        "perunit",
        "average",
        "avg",
    ];
    WORDS.iter().any(|w| n.contains(w)) || n.starts_with("unit") && !n.starts_with("units")
}

/// Whether a normalised amount header is net of VAT (无税金额, 不含税金额…) or
/// includes it (含税金额, 价税合计).
fn tax(n: &str) -> Option<bool> {
    if ["无税", "不含税", "未税", "去税", "税前", "净额", "net"]
        .iter()
        .any(|w| n.contains(w))
    {
        Some(false)
    } else if n.contains("含税") || n.contains("价税") || n.contains("gross") || n.contains("inclvat") {
        Some(true)
    } else {
        None
    }
}

/// The unit a header states itself (None: it names none).
pub fn stated_unit(h: &str) -> Option<Unit> {
    let h = fold_width(h);
    if h.contains("万元") || h.contains("(万)") || h.contains("万)") {
        Some(Unit::TenThousand)
    } else if h.contains("千元") || h.contains("k元") || h.contains("(千)") {
        Some(Unit::Thousand)
    } else if h.contains('元') || h.contains('¥') || h.contains("rmb") || h.contains("RMB") {
        Some(Unit::Yuan)
    } else {
        None
    }
}

/// A unit declared in a title, filter or note row above the header: 单位：万元,
/// 金额单位：万元, （单位：元）, 单位:千元. The first one found wins.
pub fn unit_note(rows: &[(usize, Vec<CellValue>)], header_row: usize) -> Option<(u32, Unit)> {
    for (r, cells) in rows.iter().filter(|(r, _)| *r < header_row) {
        for c in cells {
            let CellValue::Text(t) = c else { continue };
            let t: String = fold_width(t).chars().filter(|c| !c.is_whitespace()).collect();
            let Some(at) = t.find("单位:").map(|i| i + "单位:".len()) else {
                continue;
            };
            let rest = &t[at..];
            let unit = if rest.starts_with("万元") || rest.starts_with('万') {
                Unit::TenThousand
            } else if rest.starts_with("千元") || rest.starts_with('千') {
                Unit::Thousand
            } else if rest.starts_with('元') {
                Unit::Yuan
            } else {
                continue;
            };
            return Some((*r as u32 + 1, unit));
        }
    }
    None
}

impl HeaderMap {
    /// The column holding a role.
    pub fn column(&self, role: Role) -> Option<&MappedColumn> {
        self.columns.iter().find(|c| c.role == Some(role))
    }

    /// Whether a role is present.
    pub fn has(&self, role: Role) -> bool {
        self.column(role).is_some()
    }

    /// The roles present, sorted: two sheets with the same signature are
    /// continuations of one ledger.
    pub fn signature(&self) -> Vec<(Role, String)> {
        let mut v: Vec<(Role, String)> = self
            .columns
            .iter()
            .filter_map(|c| c.role.map(|r| (r, normalise(&c.header))))
            .collect();
        v.sort();
        v
    }

    /// True when the header has a customer column and an amount column.
    pub fn is_ledger(&self) -> bool {
        (self.has(Role::CustomerId) || self.has(Role::CustomerName)) && self.has(Role::Amount)
    }
}

/// The simplified form of the traditional characters header words use (Big5
/// ledgers of Hong Kong and Taiwan branches: 客戶名稱, 銷售金額, 價稅合計).
fn simplified(c: char) -> char {
    const PAIRS: &[(char, char)] = &[
        ('戶', '户'),
        ('稱', '称'),
        ('銷', '销'),
        ('額', '额'),
        ('編', '编'),
        ('號', '号'),
        ('碼', '码'),
        ('單', '单'),
        ('據', '据'),
        ('價', '价'),
        ('稅', '税'),
        ('計', '计'),
        ('彙', '汇'),
        ('匯', '汇'),
        ('總', '总'),
        ('數', '数'),
        ('訂', '订'),
        ('貨', '货'),
        ('產', '产'),
        ('業', '业'),
        ('務', '务'),
        ('員', '员'),
        ('應', '应'),
        ('潤', '润'),
        ('頻', '频'),
        ('購', '购'),
        ('買', '买'),
        ('發', '发'),
        ('備', '备'),
        ('註', '注'),
        ('為', '为'),
        ('間', '间'),
        ('時', '时'),
        ('經', '经'),
        ('門', '门'),
        ('區', '区'),
        ('類', '类'),
        ('級', '级'),
        ('實', '实'),
        ('際', '际'),
        ('額', '额'),
        ('倉', '仓'),
        ('庫', '库'),
        ('項', '项'),
        ('費', '费'),
        ('營', '营'),
        ('收', '收'),
        ('筆', '笔'),
        ('狀', '状'),
        ('態', '态'),
        ('幣', '币'),
        ('圓', '元'),
        ('萬', '万'),
        ('備', '备'),
        ('戶', '户'),
        ('歸', '归'),
    ];
    if (c as u32) < 0x4E00 {
        return c;
    }
    PAIRS.iter().find(|(t, _)| *t == c).map_or(c, |(_, s)| *s)
}

/// Normalises header text for matching: full-width folded, whitespace, line
/// breaks and units in brackets removed, lower case.
pub fn normalise(h: &str) -> String {
    let folded: String = fold_width(h).to_lowercase().chars().map(simplified).collect();
    let mut out = String::with_capacity(folded.len());
    let mut depth = 0;
    for c in folded.chars() {
        match c {
            '(' | '[' | '【' => depth += 1,
            ')' | ']' | '】' => depth = (depth - 1).max(0),
            _ if depth > 0 => {}
            c if c.is_whitespace() || c == '*' || c == '_' || c == ':' => {}
            c => out.push(c),
        }
    }
    for suffix in ["/元", "/万元", "/千元", "（元）"] {
        if let Some(s) = out.strip_suffix(suffix) {
            out = s.to_string();
        }
    }
    out
}

/// Exact synonyms, checked first.
const EXACT: &[(&str, Role)] = &[
    ("客户编号", Role::CustomerId),
    ("客户代码", Role::CustomerId),
    ("客户id", Role::CustomerId),
    ("客户号", Role::CustomerId),
    ("客户编码", Role::CustomerId),
    ("customerid", Role::CustomerId),
    ("customercode", Role::CustomerId),
    ("custid", Role::CustomerId),
    ("customerno.", Role::CustomerId),
    ("customerno", Role::CustomerId),
    ("客户名称", Role::CustomerName),
    ("客户", Role::CustomerName),
    ("客户名", Role::CustomerName),
    ("客户简称", Role::CustomerName),
    ("客户全称", Role::CustomerName),
    ("购货单位", Role::CustomerName),
    ("单位名称", Role::CustomerName),
    ("购买方", Role::CustomerName),
    ("customername", Role::CustomerName),
    ("customer", Role::CustomerName),
    ("client", Role::CustomerName),
    ("account", Role::CustomerName),
    ("日期", Role::Date),
    ("订单日期", Role::Date),
    ("开票日期", Role::Date),
    ("销售日期", Role::Date),
    ("单据日期", Role::Date),
    ("发货日期", Role::Date),
    ("orderdate", Role::Date),
    ("date", Role::Date),
    ("invoicedate", Role::Date),
    ("销售额", Role::Amount),
    ("销售金额", Role::Amount),
    ("金额", Role::Amount),
    ("含税金额", Role::Amount),
    ("价税合计", Role::Amount),
    ("销售收入", Role::Amount),
    ("购买力", Role::Amount),
    ("购买金额", Role::Amount),
    ("采购金额", Role::Amount),
    ("sales", Role::Amount),
    ("amount", Role::Amount),
    ("revenue", Role::Amount),
    ("salesamount", Role::Amount),
    ("monetary", Role::Amount),
    ("毛利", Role::Profit),
    ("利润", Role::Profit),
    ("毛利额", Role::Profit),
    ("利润贡献", Role::Profit),
    ("profit", Role::Profit),
    ("grossprofit", Role::Profit),
    ("成本", Role::Cost),
    ("销售成本", Role::Cost),
    ("cost", Role::Cost),
    ("数量", Role::Quantity),
    ("销售数量", Role::Quantity),
    ("quantity", Role::Quantity),
    ("qty", Role::Quantity),
    ("订单编号", Role::OrderId),
    ("订单号", Role::OrderId),
    ("单号", Role::OrderId),
    ("单据编号", Role::OrderId),
    ("发票号", Role::OrderId),
    ("发票号码", Role::OrderId),
    ("orderid", Role::OrderId),
    ("orderno", Role::OrderId),
    ("invoiceno", Role::OrderId),
    ("产品", Role::Product),
    ("产品名称", Role::Product),
    ("商品", Role::Product),
    ("商品名称", Role::Product),
    ("品名", Role::Product),
    ("product", Role::Product),
    ("item", Role::Product),
    ("业务员", Role::Salesperson),
    ("销售员", Role::Salesperson),
    ("客户经理", Role::Salesperson),
    ("salesperson", Role::Salesperson),
    ("salesrep", Role::Salesperson),
    ("应收余额", Role::Receivable),
    ("应收账款", Role::Receivable),
    ("欠款", Role::Receivable),
    ("未收款", Role::Receivable),
    ("未回款", Role::Receivable),
    ("outstanding", Role::Receivable),
    ("receivable", Role::Receivable),
    ("需求和行为模式", Role::Needs),
    ("需求", Role::Needs),
    ("needs", Role::Needs),
    ("成交频率", Role::Frequency),
    ("购买次数", Role::Frequency),
    ("成交次数", Role::Frequency),
    ("frequency", Role::Frequency),
    ("purchases", Role::Frequency),
    ("生命周期价值", Role::Clv),
    ("客户终身价值", Role::Clv),
    ("clv", Role::Clv),
    ("lifetimevalue", Role::Clv),
];

/// Keyword rules, in priority order: the first rule whose every keyword occurs wins.
/// Rules that exclude (`None`) come first, so a rate or a tier column is not taken
/// for an amount or a name.
const KEYWORDS: &[(&[&str], Option<Role>)] = &[
    (&["单位", "成本"], None),
    (&["单位", "毛利"], None),
    (&["单位", "利润"], None),
    (&["单位", "售价"], None),
    (&["均价"], None),
    (&["平均"], None),
    (&["unit", "cost"], None),
    (&["unit", "price"], None),
    (&["average"], None),
    (&["税额"], None),
    (&["tax"], None),
    (&["率"], None),
    (&["rate"], None),
    (&["%"], None),
    (&["等级"], None),
    (&["级别"], None),
    (&["tier"], None),
    (&["单价"], None),
    (&["price"], None),
    (&["生命周期"], Some(Role::Clv)),
    (&["终身价值"], Some(Role::Clv)),
    (&["lifetime"], Some(Role::Clv)),
    (&["日期"], Some(Role::Date)),
    (&["date"], Some(Role::Date)),
    (&["时间"], Some(Role::Date)),
    (&["数量"], Some(Role::Quantity)),
    (&["qty"], Some(Role::Quantity)),
    (&["次数"], Some(Role::Frequency)),
    (&["频率"], Some(Role::Frequency)),
    (&["频次"], Some(Role::Frequency)),
    (&["毛利"], Some(Role::Profit)),
    (&["利润"], Some(Role::Profit)),
    (&["profit"], Some(Role::Profit)),
    (&["成本"], Some(Role::Cost)),
    (&["cost"], Some(Role::Cost)),
    (&["应收"], Some(Role::Receivable)),
    (&["欠款"], Some(Role::Receivable)),
    (&["未收"], Some(Role::Receivable)),
    (&["未回款"], Some(Role::Receivable)),
    (&["outstanding"], Some(Role::Receivable)),
    (&["receivable"], Some(Role::Receivable)),
    (&["经理"], Some(Role::Salesperson)),
    (&["业务员"], Some(Role::Salesperson)),
    (&["销售员"], Some(Role::Salesperson)),
    (&["销售人员"], Some(Role::Salesperson)),
    (&["sales", "rep"], Some(Role::Salesperson)),
    (&["需求"], Some(Role::Needs)),
    (&["行为"], Some(Role::Needs)),
    (&["客户", "编号"], Some(Role::CustomerId)),
    (&["客户", "代码"], Some(Role::CustomerId)),
    (&["客户", "编码"], Some(Role::CustomerId)),
    (&["客户", "id"], Some(Role::CustomerId)),
    (&["customer", "id"], Some(Role::CustomerId)),
    (&["customer", "code"], Some(Role::CustomerId)),
    (&["customer", "no"], Some(Role::CustomerId)),
    (&["订单"], Some(Role::OrderId)),
    (&["单号"], Some(Role::OrderId)),
    (&["单据"], Some(Role::OrderId)),
    (&["发票"], Some(Role::OrderId)),
    (&["order"], Some(Role::OrderId)),
    (&["invoice"], Some(Role::OrderId)),
    (&["客户", "名"], Some(Role::CustomerName)),
    (&["customer"], Some(Role::CustomerName)),
    (&["client"], Some(Role::CustomerName)),
    (&["单位"], Some(Role::CustomerName)),
    (&["产品"], Some(Role::Product)),
    (&["商品"], Some(Role::Product)),
    (&["物料"], Some(Role::Product)),
    (&["货品"], Some(Role::Product)),
    (&["存货"], Some(Role::Product)),
    (&["货物"], Some(Role::Product)),
    (&["product"], Some(Role::Product)),
    (&["金额"], Some(Role::Amount)),
    (&["销售额"], Some(Role::Amount)),
    (&["收入"], Some(Role::Amount)),
    (&["amount"], Some(Role::Amount)),
    (&["sales"], Some(Role::Amount)),
    (&["revenue"], Some(Role::Amount)),
];

/// The role a header suggests, if any. A stacked header (`金额/无税金额`)
/// is judged by its sub-header first, then as a whole.
pub fn guess_role(header: &str) -> Option<Role> {
    if let Some((group, sub)) = header.rsplit_once('/') {
        if !group.trim().is_empty() && !sub.trim().is_empty() {
            let whole = format!("{group}{sub}");
            return match (single_role(sub), single_role(&whole)) {
                // A sub-header that is not a role of its own (税额, 本币) under a
                // money group is no amount.
                (Some(r), _) => Some(r),
                (None, _) if per_unit(&normalise(sub)) || is_excluded(&normalise(sub)) => None,
                (None, w) => w,
            };
        }
    }
    single_role(header)
}

/// Whether a normalised header is excluded from every role (rates, tiers, tax…).
fn is_excluded(n: &str) -> bool {
    KEYWORDS
        .iter()
        .any(|(words, r)| r.is_none() && words.iter().all(|w| n.contains(w)))
}

fn single_role(header: &str) -> Option<Role> {
    let n = normalise(header);
    if n.is_empty() {
        return None;
    }
    if let Some((_, r)) = EXACT.iter().find(|(s, _)| *s == n) {
        return Some(*r);
    }
    KEYWORDS
        .iter()
        .find(|(words, _)| words.iter().all(|w| n.contains(w)))
        .and_then(|(_, r)| *r)
}

/// Builds the column map for one header row. Each role goes to the first column
/// that suggests it; `overrides` (role → header text) win over detection.
pub fn map_header(row_index: usize, cells: &[CellValue], overrides: &BTreeMap<Role, String>) -> HeaderMap {
    let mut columns: Vec<MappedColumn> = Vec::new();
    for (i, cell) in cells.iter().enumerate() {
        let header = cell.as_text();
        if header.is_empty() {
            continue;
        }
        columns.push(MappedColumn {
            index: i,
            unit: Unit::from_header(&fold_width(&header)),
            role: None,
            header,
        });
    }
    // Explicit mapping first.
    for (role, name) in overrides {
        if name.trim().is_empty() {
            // An empty name switches the role off: no column gets it.
            continue;
        }
        let target = normalise(name);
        if let Some(col) = columns
            .iter_mut()
            .find(|c| normalise(&c.header) == target || c.header == *name)
        {
            col.role = Some(*role);
        }
    }
    for i in 0..columns.len() {
        if columns[i].role.is_some() {
            continue;
        }
        if let Some(role) = guess_role(&columns[i].header) {
            if !overrides.contains_key(&role) && !columns.iter().any(|c| c.role == Some(role)) {
                columns[i].role = Some(role);
            }
        }
    }
    // Per-unit columns that would have been taken for money are noted: the
    // total column (成本 beside 单位成本) is the one used.
    let mut notes = Vec::new();
    for c in &columns {
        let n = normalise(&c.header);
        let moneyish = ["金额", "成本", "毛利", "利润", "cost", "price", "profit", "amount"]
            .iter()
            .any(|w| n.contains(w));
        if c.role.is_none() && per_unit(&n) && moneyish && !overrides.values().any(|v| normalise(v) == n) {
            notes.push(HeaderNote::PerUnitIgnored {
                column: c.header.clone(),
            });
        }
    }
    // Net of VAT over tax-inclusive for 购买力, unless the user chose; when both
    // are there, say which is used.
    if !overrides.contains_key(&Role::Amount) {
        let taxed = |c: &MappedColumn, inclusive: bool| {
            guess_role(&c.header) == Some(Role::Amount) && tax(&normalise(&c.header)) == Some(inclusive)
        };
        if let Some(cur) = columns.iter().position(|c| c.role == Some(Role::Amount)) {
            if taxed(&columns[cur], true) {
                if let Some(net) = columns.iter().position(|c| c.role.is_none() && taxed(c, false)) {
                    notes.push(HeaderNote::NetAmountChosen {
                        chosen: columns[net].header.clone(),
                        over: columns[cur].header.clone(),
                    });
                    columns[cur].role = None;
                    columns[net].role = Some(Role::Amount);
                }
            } else if taxed(&columns[cur], false) {
                if let Some(gross) = columns.iter().find(|c| c.role.is_none() && taxed(c, true)) {
                    notes.push(HeaderNote::NetAmountChosen {
                        chosen: columns[cur].header.clone(),
                        over: gross.header.clone(),
                    });
                }
            }
        }
    }
    HeaderMap {
        row: row_index,
        columns,
        notes,
    }
}

/// Picks the header row among the first rows of a sheet: the row with the most
/// recognised columns, preferring rows that make a ledger (customer + amount).
/// Two-row headers (用友's 销售统计表: group headers such as 金额 over 无税金额 /
/// 税额 / 价税合计, merged across their columns) are read stacked: each column
/// takes the group above it and its own sub-header, and the header ends at the
/// second row. Returns None when no row has at least two recognised columns.
pub fn detect_header(rows: &[(usize, Vec<CellValue>)], overrides: &BTreeMap<Role, String>) -> Option<HeaderMap> {
    let mut best: Option<(u32, HeaderMap)> = None;
    let mut consider = |map: HeaderMap, bonus: u32| {
        let recognised = map.columns.iter().filter(|c| c.role.is_some()).count() as u32;
        if recognised < 2 {
            return;
        }
        let score = recognised * 2 + bonus + if map.is_ledger() { 200 } else { 0 };
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, map));
        }
    };
    for (k, (index, cells)) in rows.iter().enumerate() {
        consider(map_header(*index, cells, overrides), 0);
        if let Some((next, below)) = rows.get(k + 1).filter(|(n, _)| *n == index + 1) {
            if let Some(stacked) = stack(cells, below) {
                // One point for reading the sub-headers: a stacked pair wins a tie.
                consider(map_header(*next, &stacked, overrides), 1);
            }
        }
    }
    best.map(|(_, m)| m)
}

/// The two header rows combined, when `below` reads as sub-headers of `above`:
/// all text, and under a group header that spans several columns (written once,
/// in its first column). A column with only a top cell (客户名称 merged down)
/// keeps it; a sub-header under a group is `group/sub` (金额/无税金额).
pub fn stack(above: &[CellValue], below: &[CellValue]) -> Option<Vec<CellValue>> {
    let text = |c: Option<&CellValue>| match c {
        Some(CellValue::Text(t)) if !t.trim().is_empty() => Some(t.trim().to_string()),
        _ => None,
    };
    // Sub-headers are words: a row with a number or a date (CSV gives text) is data.
    let data_like = |c: &CellValue| match c {
        CellValue::Number(_) | CellValue::Date(_) => true,
        CellValue::Text(t) => super::cell::parse_number_text(t).is_ok() || super::cell::parse_date_text(t).is_ok(),
        _ => false,
    };
    if below.iter().any(data_like) {
        return None;
    }
    let width = above.len().max(below.len());
    let subs = (0..width).filter(|&j| text(below.get(j)).is_some()).count();
    // The row above is a header row itself: several of its cells name a
    // column's role (a title, a filter row or a note such as 单位：万元 does not).
    let note = |t: &str| {
        let t = fold_width(t);
        t.split_once(':')
            .is_some_and(|(a, b)| !a.trim().is_empty() && !b.trim().is_empty())
    };
    let top_roles = (0..width)
        .filter_map(|j| text(above.get(j)))
        .filter(|t| !note(t) && single_role(t).is_some())
        .count();
    if top_roles < 2 {
        return None;
    }
    // A group spans: a top cell with sub-headers under it and the next column's
    // top empty while its sub-header is there.
    let spans = (1..width).any(|j| {
        text(above.get(j)).is_none()
            && text(below.get(j)).is_some()
            && (0..j).rev().find_map(|i| text(above.get(i))).is_some()
    });
    // And some sub-header says what its column holds on its own.
    let named = (0..width).any(|j| text(below.get(j)).is_some_and(|t| single_role(&t).is_some()));
    if subs < 2 || !spans || !named {
        return None;
    }
    let mut group: Option<String> = None;
    let cells = (0..width)
        .map(|j| {
            let (top, sub) = (text(above.get(j)), text(below.get(j)));
            match (&top, &sub) {
                (Some(t), _) => group = Some(t.clone()),
                (None, None) => group = None,
                (None, Some(_)) => {}
            }
            let combined = match (top, sub) {
                (Some(t), None) => t,
                (None, Some(s)) => match &group {
                    Some(g) => format!("{g}/{s}"),
                    None => s,
                },
                (Some(t), Some(s)) if t == s => t,
                (Some(t), Some(s)) => format!("{t}/{s}"),
                (None, None) => String::new(),
            };
            if combined.is_empty() {
                CellValue::Empty
            } else {
                CellValue::Text(combined)
            }
        })
        .collect();
    Some(cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_english_headers_get_their_roles() {
        let cases = [
            ("客户编号", Role::CustomerId),
            ("客户代码", Role::CustomerId),
            ("Customer ID", Role::CustomerId),
            ("客户名称", Role::CustomerName),
            ("客户", Role::CustomerName),
            ("Customer Name", Role::CustomerName),
            ("订单日期", Role::Date),
            ("开票日期", Role::Date),
            ("Order Date", Role::Date),
            ("销售额", Role::Amount),
            ("含税金额(元)", Role::Amount),
            ("金额（万元）", Role::Amount),
            ("Sales", Role::Amount),
            ("毛利", Role::Profit),
            ("利润", Role::Profit),
            ("数量", Role::Quantity),
            ("销售数量", Role::Quantity),
            ("订单编号", Role::OrderId),
            ("单号", Role::OrderId),
            ("需求和行为模式", Role::Needs),
            ("成交频率", Role::Frequency),
            ("生命周期价值", Role::Clv),
            ("客户经理", Role::Salesperson),
            ("应收余额", Role::Receivable),
            ("未回款（元）", Role::Receivable),
            ("Outstanding", Role::Receivable),
        ];
        for (h, r) in cases {
            assert_eq!(guess_role(h), Some(r), "{h}");
        }
        // A remark is a line's note (退货, 加急), not the customer's needs:
        // only the user maps it to 需求和行为模式.
        for h in ["备注", "摘要备注", "Notes", "备注说明"] {
            assert_eq!(guess_role(h), None, "{h}");
        }
    }

    #[test]
    fn the_role_list_is_in_declaration_order() {
        // RowReader indexes a per-role table by `role as usize`.
        for (i, r) in Role::ALL.iter().enumerate() {
            assert_eq!(*r as usize, i);
        }
    }

    #[test]
    fn rates_tiers_and_prices_are_not_amounts() {
        for h in ["毛利率", "客户等级", "单价", "Margin %", "销售占比%"] {
            assert_eq!(guess_role(h), None, "{h}");
        }
    }

    #[test]
    fn units_are_read_from_headers() {
        let cells: Vec<CellValue> = ["客户", "金额（万元）", "毛利(千元)", "成本"]
            .iter()
            .map(|s| CellValue::Text(s.to_string()))
            .collect();
        let m = map_header(0, &cells, &BTreeMap::new());
        assert_eq!(m.column(Role::Amount).unwrap().unit, Unit::TenThousand);
        assert_eq!(m.column(Role::Profit).unwrap().unit, Unit::Thousand);
        assert_eq!(m.column(Role::Cost).unwrap().unit, Unit::Yuan);
    }

    #[test]
    fn header_is_found_below_title_rows() {
        let t = |v: &[&str]| v.iter().map(|s| CellValue::Text(s.to_string())).collect::<Vec<_>>();
        let rows = vec![
            (0, t(&["2025年销售台账"])),
            (1, t(&["制表：财务部", "", "单位：元"])),
            (2, t(&["序号", "日期", "客户编号", "客户名称", "金额"])),
            (3, t(&["1", "2025-01-02", "C001", "甲公司", "100"])),
        ];
        let m = detect_header(&rows, &BTreeMap::new()).unwrap();
        assert_eq!(m.row, 2);
        assert!(m.is_ledger());
    }

    #[test]
    fn explicit_mapping_overrides_detection() {
        let t = |v: &[&str]| v.iter().map(|s| CellValue::Text(s.to_string())).collect::<Vec<_>>();
        let mut o = BTreeMap::new();
        o.insert(Role::Amount, "不含税收入".to_string());
        let m = map_header(0, &t(&["客户", "金额", "不含税收入"]), &o);
        assert_eq!(m.column(Role::Amount).unwrap().header, "不含税收入");
    }
}
