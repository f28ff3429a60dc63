//! Recognising total rows, which are not customers: 合计, 总计, 小计, 本页合计 and
//! Excel's Subtotal output (“客户X 汇总”, “总计”, “X Total”, “Grand Total”).

/// A label that marks a total row, and whether it is a grand total.
pub fn total_label(text: &str) -> Option<bool> {
    let t: String = text.chars().filter(|c| !c.is_whitespace() && *c != ':' && *c != '：').collect();
    if t.is_empty() {
        return None;
    }
    let lower = t.to_lowercase();
    const GRAND: &[&str] = &["合计", "总计", "总合计", "全年合计", "累计", "grandtotal", "total", "sum"];
    const SUB: &[&str] = &["小计", "本页合计", "本页小计", "subtotal"];
    if GRAND.contains(&lower.as_str()) {
        return Some(true);
    }
    if SUB.contains(&lower.as_str()) {
        return Some(false);
    }
    // Excel Subtotal writes “<group> 汇总” (zh) or “<group> Total” (en) per group.
    let trimmed = text.trim();
    if trimmed.ends_with(" 汇总") || trimmed.ends_with("汇总") && trimmed.chars().count() > 2 && !trimmed.starts_with("汇总") {
        return Some(false);
    }
    if trimmed.len() > 6 && trimmed.to_lowercase().ends_with(" total") {
        return Some(trimmed.eq_ignore_ascii_case("grand total"));
    }
    if lower.starts_with("合计") || lower.starts_with("总计") {
        return Some(true);
    }
    if lower.starts_with("小计") {
        return Some(false);
    }
    None
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
        assert_eq!(total_label("华东机电"), None);
        assert_eq!(total_label("汇总表"), None);
        assert_eq!(total_label("Totalink Ltd"), None);
    }
}
