//! Numbers and dates the way Chinese finance staff read them: 128.5万元,
//! 2025年3月7日, 12.3%; and the English equivalents.

use chrono::{Datelike, NaiveDate};

use crate::Lang;

/// An amount in 元 as 万元 (zh: `128.53万元`, below 1万 `8,532元`) or with
/// thousands separators (en: `¥1,285,300`).
pub fn money(yuan: f64, lang: Lang) -> String {
    match lang {
        Lang::Zh if yuan.abs() >= 10_000.0 => format!("{}万元", group(yuan / 10_000.0, 2)),
        Lang::Zh => format!("{}元", group(yuan, 0)),
        Lang::En => format!("¥{}", group(yuan, 0)),
    }
}

/// An amount for a chart axis: as [`money`] without the cents (zh `3.2万元`,
/// `150万元`, `800元`; en `¥31,623`).
pub fn axis_money(yuan: f64, lang: Lang) -> String {
    match lang {
        Lang::Zh if yuan.abs() >= 10_000.0 => {
            let wan = yuan / 10_000.0;
            let text = group(wan, if wan.abs() >= 10.0 { 0 } else { 1 });
            format!("{}万元", text.strip_suffix(".0").unwrap_or(&text))
        }
        _ => money(yuan, lang),
    }
}

/// A share as a percentage with one decimal.
pub fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// A date: `2025年3月7日` or `2025-03-07`.
pub fn date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        Lang::En => d.format("%Y-%m-%d").to_string(),
    }
}

/// A period: `2025年1月1日 至 2025年12月31日`.
pub fn period(from: Option<NaiveDate>, to: Option<NaiveDate>, lang: Lang) -> String {
    match (from, to) {
        (Some(f), Some(t)) => match lang {
            Lang::Zh => format!("{} 至 {}", date(f, lang), date(t, lang)),
            Lang::En => format!("{} to {}", date(f, lang), date(t, lang)),
        },
        _ => lang.pick("台账全部期间", "the whole ledger").to_string(),
    }
}

/// A number with thousands separators and `decimals` decimals.
pub fn group(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s, None),
    };
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(&f);
    }
    if v < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.insert(0, '-');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_as_wan_yuan_in_chinese() {
        assert_eq!(money(1_285_300.0, Lang::Zh), "128.53万元");
        assert_eq!(money(8_532.0, Lang::Zh), "8,532元");
        assert_eq!(money(-25_000.0, Lang::Zh), "-2.50万元");
        assert_eq!(money(1_285_300.0, Lang::En), "¥1,285,300");
        assert_eq!(
            date(NaiveDate::from_ymd_opt(2025, 3, 7).unwrap(), Lang::Zh),
            "2025年3月7日"
        );
        assert_eq!(percent(0.1234), "12.3%");
    }
}
