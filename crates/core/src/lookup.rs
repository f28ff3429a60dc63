//! Finding and sorting customers by name as Chinese users expect: names in
//! pinyin order (as Excel and WPS sort in zh-CN), a search by pinyin initials
//! (hdjg finds 华东精工, the 助记码 an ERP user types) or by whole pinyin, and
//! full-width and half-width forms alike (ＫＨ１００１ finds KH1001).

use pinyin::ToPinyin;
use unicode_normalization::UnicodeNormalization;

/// Text folded for matching: full-width forms to half-width (NFKC), lower case.
pub fn fold(s: &str) -> String {
    s.nfkc().flat_map(char::to_lowercase).collect()
}

/// A name's sort key: each Chinese character by its pinyin, then a space (so
/// 华 hua sorts before 环 huan, character by character), anything else as
/// folded. Ties (the same pinyin) are broken by the caller on the name itself.
pub fn sort_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len() * 2);
    for c in name.nfkc() {
        match c.to_pinyin() {
            Some(p) => {
                key.push_str(p.plain());
                key.push(' ');
            }
            None => key.extend(c.to_lowercase()),
        }
    }
    key
}

/// A name's pinyin initials with its letters and digits: 华东精工 → hdjg,
/// 3M中国 → 3mzg.
pub fn initials(name: &str) -> String {
    name.nfkc()
        .filter_map(|c| match c.to_pinyin() {
            Some(p) => p.first_letter().chars().next(),
            None => c.is_alphanumeric().then(|| c.to_ascii_lowercase()),
        })
        .collect()
}

/// A name's whole pinyin without spaces: 华东 → huadong.
fn spelled(name: &str) -> String {
    name.nfkc()
        .filter_map(|c| match c.to_pinyin() {
            Some(p) => Some(p.plain().to_string()),
            None => c.is_alphanumeric().then(|| c.to_ascii_lowercase().to_string()),
        })
        .collect()
}

/// A search as typed, ready to match many customers.
pub struct Needle {
    folded: String,
    /// Only ASCII letters and digits: may be pinyin or initials.
    latin: bool,
}

impl Needle {
    /// The user's search text (trimmed and folded).
    pub fn new(typed: &str) -> Needle {
        let folded = fold(typed.trim());
        let latin = !folded.is_empty() && folded.chars().all(|c| c.is_ascii_alphanumeric());
        Needle { folded, latin }
    }

    /// Whether nothing was typed.
    pub fn is_empty(&self) -> bool {
        self.folded.is_empty()
    }

    /// Whether a customer's id or name matches: as text in either (folded),
    /// or, for latin letters, as the name's pinyin initials or whole pinyin.
    pub fn matches(&self, id: &str, name: &str) -> bool {
        if self.folded.is_empty() {
            return true;
        }
        if fold(id).contains(&self.folded) || fold(name).contains(&self.folded) {
            return true;
        }
        self.latin
            && name.chars().any(|c| c.to_pinyin().is_some())
            && (initials(name).contains(&self.folded) || spelled(name).contains(&self.folded))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_find_a_company_as_an_erp_mnemonic_does() {
        assert_eq!(initials("华东精工"), "hdjg");
        assert!(Needle::new("hdjg").matches("KH1001", "华东精工机械有限公司"));
        assert!(Needle::new("HDJG").matches("KH1001", "华东精工机械有限公司"));
        assert!(Needle::new("huadong").matches("KH1001", "华东精工机械有限公司"));
        assert!(!Needle::new("hdjx").matches("KH1001", "华东精工机械有限公司"));
    }

    #[test]
    fn full_and_half_width_forms_find_each_other() {
        assert!(Needle::new("ＫＨ１００１").matches("KH1001", "甲"));
        assert!(Needle::new("kh1001").matches("ＫＨ１００１", "甲"));
        assert!(Needle::new("（南京）").matches("K", "华东(南京)公司"));
    }

    #[test]
    fn names_sort_by_pinyin_character_by_character() {
        let mut names = vec!["张三贸易", "阿里巴巴", "华东精工", "环球物流", "北京机电"];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(names, ["阿里巴巴", "北京机电", "华东精工", "环球物流", "张三贸易"]);
    }

    #[test]
    fn latin_text_in_an_id_is_not_taken_for_pinyin() {
        // "ab" is in no initials here; ids match as text only.
        assert!(!Needle::new("ab").matches("KH1", "华东"));
        assert!(Needle::new("kh").matches("KH1", "华东"));
    }
}
