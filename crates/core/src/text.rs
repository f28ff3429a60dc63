//! The engine's words for the window: every name of a domain thing (tiers,
//! methods, column roles, the table's columns, RFM segments, relationship
//! stages, ledger shapes, why a sheet or a row was left out) in both
//! languages, by the key the window looks it up with. The window does not
//! write these itself: the bindings test generates `ui/src/i18n/domain.ts`
//! from this table and fails when it is stale, so a name changed here changes
//! everywhere — the window, the workbook, the report and the CLI alike.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::export::Col;
use crate::import::Role;
use crate::ledger::{LedgerShape, SheetSkip, SkipReason};
use crate::tiering::lenses::Stage;
use crate::tiering::rfm::SegmentScheme;
use crate::tiering::{Method, Tier};
use crate::Lang;

/// A value's serde name (`important_value`, `abc-rank`): the key the window
/// already receives for it over IPC.
fn key<T: Serialize>(v: T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other
            .get("code")
            .and_then(|c| c.as_str())
            .unwrap_or_default()
            .to_string(),
        Err(_) => String::new(),
    }
}

/// The table's columns the window shows, by the window's key.
const COLUMNS: [(&str, Col); 23] = [
    ("id", Col::Id),
    ("name", Col::Name),
    ("tier", Col::Tier),
    ("sales", Col::Sales),
    ("frequency", Col::Frequency),
    ("profit", Col::Profit),
    ("clv", Col::Clv),
    ("needs", Col::Needs),
    ("share", Col::Share),
    ("rank", Col::Rank),
    ("recency", Col::Recency),
    ("margin", Col::Margin),
    ("score", Col::Score),
    ("rfm", Col::Rfm),
    ("segment", Col::Segment),
    ("stage", Col::Stage),
    ("level", Col::Level),
    ("quadrant", Col::Quadrant),
    ("credit", Col::Credit),
    ("loyalty", Col::Loyalty),
    ("potential", Col::Potential),
    ("alive", Col::Alive),
    ("expected", Col::Expected),
];

/// Every domain text in `lang`, by key (`tier.A`, `method.abc-rank`,
/// `col.sales`, `seg.champions`, `skip.bad_amount` …). Texts with parameters
/// carry `{name}` placeholders, as the window's own texts do.
pub fn domain_texts(lang: Lang) -> BTreeMap<String, String> {
    let mut t = BTreeMap::new();
    let mut put = |k: String, v: String| {
        t.insert(k, v);
    };
    for tier in Tier::ALL {
        put(format!("tier.{tier:?}"), tier.label(lang).into());
    }
    for m in Method::ALL {
        put(format!("method.{}", m.key()), m.label(lang).into());
    }
    for r in Role::ALL {
        put(format!("role.{}", r.key()), r.label(lang).into());
    }
    for (k, c) in COLUMNS {
        put(format!("col.{k}"), c.header(lang).into());
    }
    // The thresholds' dimensions are the table's columns of the same name.
    for (k, c) in [
        ("sales", Col::Sales),
        ("frequency", Col::Frequency),
        ("profit", Col::Profit),
        ("clv", Col::Clv),
    ] {
        put(format!("dim.{k}"), c.header(lang).into());
    }
    for scheme in [SegmentScheme::Eight, SegmentScheme::Eleven] {
        for s in scheme.segments() {
            put(format!("seg.{}", key(*s)), s.name(lang).into());
        }
    }
    for s in [Stage::Exploration, Stage::BuildUp, Stage::Maturity, Stage::Decline] {
        put(format!("lens.{}", key(s)), s.name(lang).into());
    }
    for s in [LedgerShape::Transactions, LedgerShape::CustomerSummary] {
        put(format!("shape.{}", key(s)), s.label(lang).into());
    }
    for s in [
        SheetSkip::NotALedger,
        SheetSkip::DifferentColumns,
        SheetSkip::NotSelected,
        SheetSkip::Empty,
    ] {
        put(format!("sheetskip.{}", key(&s)), s.message(lang));
    }
    // Row skips as templates: the reasons written with placeholder values.
    let column = || "{column}".to_string();
    let value = || "{value}".to_string();
    let sentinel = NaiveDate::from_ymd_opt(1901, 2, 3).expect("a real day");
    for r in [
        SkipReason::MissingCustomer,
        SkipReason::MissingCustomerId,
        SkipReason::MissingAmount,
        SkipReason::BadAmount {
            column: column(),
            value: value(),
        },
        SkipReason::BadNumber {
            column: column(),
            value: value(),
        },
        SkipReason::MissingDate,
        SkipReason::BadDate {
            column: column(),
            value: value(),
        },
        SkipReason::OutsidePeriod { date: sentinel },
    ] {
        let text = r.message(lang).replace(&crate::format::date(sentinel, lang), "{date}");
        put(format!("skip.{}", key(&r)), text);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_keys_and_no_empty_text() {
        let (zh, en) = (domain_texts(Lang::Zh), domain_texts(Lang::En));
        assert_eq!(zh.keys().collect::<Vec<_>>(), en.keys().collect::<Vec<_>>());
        assert!(zh.values().chain(en.values()).all(|v| !v.trim().is_empty()));
        assert_eq!(zh["method.rfm"], "RFM 客户细分");
        assert_eq!(zh["col.recency"], "最近购买距今（天）");
        assert_eq!(zh["seg.champions"], "冠军客户");
        assert!(zh["skip.bad_amount"].contains("{column}") && zh["skip.bad_amount"].contains("{value}"));
        assert!(
            en["skip.outside_period"].contains("{date}"),
            "{}",
            en["skip.outside_period"]
        );
    }
}
