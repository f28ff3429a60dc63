//! Recognising total rows, which are not customers: 合计, 总计, 小计, 本页合计 and
//! Excel's Subtotal output (“客户X 汇总”, “总计”, “X Total”, “Grand Total”).

use super::Role;
use crate::ledger::Transaction;

/// Whether a cell could hold a total label at all: every label holds 计 or 汇
/// or (case-insensitively) “total”. Ordinary ids and names are rejected
/// without allocating; the row reader asks this once per cell.
pub fn may_be_total(text: &str) -> bool {
    // Asked of every row's label, so it looks for the lead bytes with memchr
    // rather than decoding characters: 计 is E8 AE A1, 汇 is E6 B1 87.
    let b = text.as_bytes();
    memchr::memchr3_iter(0xE8, 0xE6, b't', b)
        .chain(memchr::memchr_iter(b'T', b))
        .any(|i| {
            let rest = &b[i..];
            rest.starts_with("计".as_bytes())
                || rest.starts_with("汇".as_bytes())
                || rest.len() >= 5 && rest[..5].eq_ignore_ascii_case(b"total")
        })
}

/// A label that marks a total row, and whether it is a grand total.
pub fn total_label(text: &str) -> Option<bool> {
    if !may_be_total(text) {
        return None;
    }
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ':' && *c != '：')
        .collect();
    if t.is_empty() {
        return None;
    }
    let lower = t.to_lowercase();
    const GRAND: &[&str] = &[
        "合计",
        "总计",
        "总合计",
        "全年合计",
        "年度合计",
        "本年合计",
        "grandtotal",
        "total",
    ];
    if GRAND.contains(&lower.as_str()) {
        return Some(true);
    }
    // Page, month and group totals: 小计, 本页合计, 3月合计, “华东机电 汇总”, “C001 Total”.
    if lower.ends_with("小计") || lower == "subtotal" || lower.ends_with("合计") && t.chars().count() <= 8 {
        return Some(false);
    }
    let trimmed = text.trim();
    if trimmed.ends_with("汇总") && trimmed.chars().count() > 2 && !trimmed.starts_with("汇总") {
        return Some(false);
    }
    if trimmed.len() > 6 && trimmed.to_lowercase().ends_with(" total") {
        return Some(false);
    }
    None
}

/// Whether a label carries a total word anywhere (本年累计, 合计（含税）,
/// 合计(大写)：壹拾万元整, 累计, 汇总…) and does not read as an organisation's
/// name (合计贸易有限公司 stays a customer). Such a row is a total when its
/// amount adds up (see `import_ledger`), else it is flagged.
pub fn total_word(text: &str) -> bool {
    if !may_be_total(text) {
        return false;
    }
    let t = text.to_lowercase();
    let word = ["合计", "累计", "小计", "总计", "汇总", "total"]
        .iter()
        .any(|w| t.contains(w));
    word && !organisation(&t)
}

/// Whether a (lower-cased) label reads as the name of a company, shop or body.
pub fn organisation(t: &str) -> bool {
    const SUFFIXES: &[&str] = &[
        "公司",
        "集团",
        "厂",
        "商行",
        "商店",
        "门市",
        "经营部",
        "店",
        "中心",
        "研究院",
        "研究所",
        "医院",
        "学校",
        "大学",
        "学院",
        "合作社",
        "事务所",
        "工作室",
        "有限",
        "股份",
    ];
    const WORDS: &[&str] = &["co", "ltd", "inc", "corp", "llc", "gmbh", "company", "limited", "plc"];
    SUFFIXES.iter().any(|s| t.contains(s))
        || t.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| WORDS.contains(&w))
}

/// Sums of the sheet's lines, overall and since the last total row: a row whose
/// amount equals one of them is a total, whatever its label.
#[derive(Default)]
pub(super) struct Running {
    pub(super) all: f64,
    pub(super) segment: f64,
    pub(super) lines: u32,
}

/// How a row that reads like a total was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TotalKind {
    /// Its amount adds up and it lacks what sale rows carry.
    Structure,
    /// It adds up but is a full sale row or a company's name: flagged only.
    Suspect,
}

impl Running {
    pub(super) fn add(&mut self, amount: f64) {
        self.all += amount;
        self.segment += amount;
        self.lines += 1;
    }

    pub(super) fn reset(&mut self) {
        self.segment = 0.0;
        self.lines = 0;
    }

    pub(super) fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 0.005 + a.abs() * 1e-9
    }

    /// The amount equals the lines since the last total (two at least) or all so far.
    pub(super) fn sums_up(&self, amount: f64) -> bool {
        amount != 0.0 && self.lines >= 2 && (Self::close(amount, self.segment) || Self::close(amount, self.all))
    }

    pub(super) fn is_grand(&self, amount: f64) -> bool {
        Self::close(amount, self.all)
    }

    pub(super) fn total_like(&self, t: &Transaction, typical: &[Role]) -> Option<TotalKind> {
        let labels = || std::iter::once(t.customer.as_str()).chain(t.name.as_deref());
        if !self.sums_up(t.amount) {
            return None;
        }
        let lacking = typical.iter().any(|r| match r {
            Role::Date => t.date.is_none(),
            Role::OrderId => t.order_id.is_none(),
            Role::Product => t.product.is_none(),
            Role::Quantity => t.quantity.is_none(),
            Role::Salesperson => t.salesperson.is_none(),
            _ => false,
        });
        let company = labels().any(|l| organisation(&l.to_lowercase()));
        Some(if lacking && !company {
            TotalKind::Structure
        } else {
            TotalKind::Suspect
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_and_subtotals_are_told_apart() {
        assert_eq!(total_label("合计"), Some(true));
        assert_eq!(total_label("合 计"), Some(true));
        assert_eq!(total_label("总计"), Some(true));
        assert_eq!(total_label("Grand Total"), Some(true));
        assert_eq!(total_label("小计"), Some(false));
        assert_eq!(total_label("华东机电 汇总"), Some(false));
        assert_eq!(total_label("C001 Total"), Some(false));
        assert_eq!(total_label("合计："), Some(true));
        assert_eq!(total_label("3月合计"), Some(false));
        assert_eq!(total_label("本页合计"), Some(false));
        assert_eq!(total_label("华东机电"), None);
        assert_eq!(total_label("汇总表"), None);
        assert_eq!(total_label("Totalink Ltd"), None);
    }

    #[test]
    fn the_byte_scan_finds_what_a_character_scan_finds() {
        let slow = |t: &str| t.contains(['计', '汇']) || t.to_lowercase().contains("total");
        for t in [
            "合计",
            "汇总",
            "本年累计",
            "Total",
            "GRAND TOTAL",
            "subTotal",
            "tota",
            "华东机电",
            "计",
            "设计院",
            "汉",
            "TOTA L",
            "客户totals",
            "",
            "t",
            "T",
        ] {
            assert_eq!(may_be_total(t), slow(t), "{t}");
        }
    }

    #[test]
    fn total_words_anywhere_but_not_in_company_names() {
        for t in [
            "本年累计",
            "累计",
            "合计（含税）",
            "合计(大写)：壹拾万元整",
            "本月合计",
            "华东区汇总",
            "Total (incl. VAT)",
        ] {
            assert!(total_word(t), "{t}");
        }
        for t in [
            "合计贸易有限公司",
            "汇总科技股份公司",
            "华东精工",
            "Totalink Ltd",
            "累计电器商行",
        ] {
            assert!(!total_word(t), "{t}");
        }
    }
}
