//! Cell values as the importer sees them, and the parsing of the messy numbers and
//! dates that hand-kept and ERP-exported ledgers contain.
//!
//! Numbers: text numbers, `¥`/`￥`, thousands separators, `万`/`千` suffixes,
//! `(1,234.00)` and `-1,234` negatives, full-width digits. Dates: Excel serials
//! (1900 and 1904 systems, the workbook decides), `2025-03-07`, `2025/3/7`,
//! `2025年3月7日`, `20250307`, `2025.3.7` and datetime cells.

use chrono::NaiveDate;

/// One cell of a raw row, independent of the file format it came from.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum CellValue {
    /// No value.
    #[default]
    Empty,
    /// Text as written in the cell (not trimmed).
    Text(String),
    /// A number cell.
    Number(f64),
    /// A cell formatted as a date or datetime (the time of day is dropped).
    Date(NaiveDate),
    /// A boolean cell.
    Bool(bool),
    /// An Excel error value such as `#N/A`.
    Error(String),
}

impl CellValue {
    /// True for empty cells and cells holding only whitespace.
    pub fn is_blank(&self) -> bool {
        match self {
            CellValue::Empty => true,
            CellValue::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as display text (numbers without exponent, dates as ISO).
    pub fn as_text(&self) -> String {
        match self {
            CellValue::Empty => String::new(),
            CellValue::Text(s) => s.trim().to_string(),
            CellValue::Number(n) => format_plain_number(*n),
            CellValue::Date(d) => d.format("%Y-%m-%d").to_string(),
            CellValue::Bool(b) => b.to_string(),
            CellValue::Error(e) => e.clone(),
        }
    }

    /// Sets this cell to the given text, reusing the existing allocation if any.
    /// Streaming readers call this for every string cell; reuse keeps the hot
    /// loop from allocating a fresh `String` per cell.
    pub fn set_text(&mut self, s: &str) {
        if let CellValue::Text(buf) = self {
            buf.clear();
            buf.push_str(s);
        } else {
            *self = CellValue::Text(s.to_string());
        }
    }
}

/// Formats a number the way a clerk typed it: integers without `.0`, ids such as
/// `10023` not as `10023.0`.
pub fn format_plain_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Why a cell could not be read as a number.
#[derive(Debug, Clone, PartialEq)]
pub enum NumberProblem {
    /// The cell is empty.
    Empty,
    /// The text is not a number (the trimmed text is kept for the message).
    NotANumber(String),
}

/// Reads an amount from a cell. `unit` multiplies (1 for 元, 10 000 for 万元);
/// a `万`/`千` suffix inside the cell multiplies again.
pub fn parse_number(cell: &CellValue) -> Result<f64, NumberProblem> {
    match cell {
        CellValue::Number(n) if n.is_finite() => Ok(*n),
        CellValue::Number(_) => Err(NumberProblem::NotANumber("NaN".into())),
        CellValue::Text(s) => parse_number_text(s),
        CellValue::Empty => Err(NumberProblem::Empty),
        CellValue::Bool(_) | CellValue::Date(_) | CellValue::Error(_) => Err(NumberProblem::NotANumber(cell.as_text())),
    }
}

/// Parses a number written as text. See the module docs for the accepted forms.
pub fn parse_number_text(raw: &str) -> Result<f64, NumberProblem> {
    let folded = fold_width(raw);
    let mut s: &str = folded.trim();
    if s.is_empty() {
        return Err(NumberProblem::Empty);
    }
    let bad = || NumberProblem::NotANumber(raw.trim().to_string());
    // The accountant's zero: a lone dash.
    if matches!(s, "-" | "—" | "–" | "−" | "--" | "——") {
        return Ok(0.0);
    }
    let mut negative = false;
    // A trailing minus, as ERP printouts write returns: 1,234.50-.
    if let Some(rest) = s.strip_suffix('-').or_else(|| s.strip_suffix('−')) {
        if rest.trim_end().ends_with(|c: char| c.is_ascii_digit()) {
            negative = true;
            s = rest.trim_end();
        }
    }
    if s.starts_with('(') && s.ends_with(')') && s.len() >= 2 {
        negative = true;
        s = s[1..s.len() - 1].trim();
    }
    if let Some(rest) = s.strip_prefix('-').or_else(|| s.strip_prefix('−')) {
        negative = !negative;
        s = rest.trim();
    } else if let Some(rest) = s.strip_prefix('+') {
        s = rest.trim();
    }
    for prefix in ["¥", "￥", "RMB", "CNY", "$"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.trim();
        }
    }
    // A sign may also follow the currency symbol: ¥-1,234.
    if let Some(rest) = s.strip_prefix('-') {
        negative = !negative;
        s = rest.trim();
    }
    let mut multiplier = 1.0;
    for (suffix, m) in [("万元", 1e4), ("千元", 1e3), ("元", 1.0), ("万", 1e4), ("千", 1e3)] {
        if let Some(rest) = s.strip_suffix(suffix) {
            multiplier = m;
            s = rest.trim();
            break;
        }
    }
    let mut percent = false;
    if let Some(rest) = s.strip_suffix('%') {
        percent = true;
        s = rest.trim();
    }
    if s.is_empty() {
        return Err(bad());
    }
    let cleaned: String = s.chars().filter(|c| *c != ',' && *c != ' ').collect();
    if !cleaned
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == 'e' || c == 'E' || c == '-')
        || !cleaned.chars().next().is_some_and(|c| c.is_ascii_digit() || c == '.')
    {
        return Err(bad());
    }
    let v: f64 = cleaned.parse().map_err(|_| bad())?;
    if !v.is_finite() {
        return Err(bad());
    }
    let v = v * multiplier * if percent { 0.01 } else { 1.0 };
    Ok(if negative { -v } else { v })
}

/// Replaces full-width digits and punctuation (`１２３，４５６．７８`) with ASCII.
pub fn fold_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '，' => ',',
            '．' => '.',
            '－' => '-',
            '＋' => '+',
            '（' => '(',
            '）' => ')',
            '／' => '/',
            '：' => ':',
            '　' => ' ',
            '％' => '%',
            _ => c,
        })
        .collect()
}

/// Why a cell could not be read as a date.
#[derive(Debug, Clone, PartialEq)]
pub enum DateProblem {
    /// The cell is empty.
    Empty,
    /// Not a date (the text is kept for the message).
    NotADate(String),
}

/// Reads a date. Number cells are Excel serials in the workbook's date system
/// (`is_1904`), except 8-digit numbers such as 20250307, which are `yyyymmdd`.
pub fn parse_date(cell: &CellValue, is_1904: bool) -> Result<NaiveDate, DateProblem> {
    match cell {
        CellValue::Date(d) => Ok(*d),
        CellValue::Number(n) => {
            let n = *n;
            if (19000101.0..=29991231.0).contains(&n) && n.fract() == 0.0 {
                return ymd_from_compact(n as u32).ok_or_else(|| DateProblem::NotADate(format_plain_number(n)));
            }
            excel_serial_to_date(n, is_1904).ok_or_else(|| DateProblem::NotADate(format_plain_number(n)))
        }
        CellValue::Text(s) => parse_date_text(s),
        CellValue::Empty => Err(DateProblem::Empty),
        other => Err(DateProblem::NotADate(other.as_text())),
    }
}

/// Converts an Excel serial day number to a date. Serial 60 in the 1900 system is
/// Excel's fictitious 1900-02-29; it and anything before 1900-03-01 are rejected,
/// since no sales ledger has such dates.
pub fn excel_serial_to_date(serial: f64, is_1904: bool) -> Option<NaiveDate> {
    if !serial.is_finite() || !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    let (epoch, days) = if is_1904 {
        (NaiveDate::from_ymd_opt(1904, 1, 1)?, days)
    } else {
        if days <= 60 {
            return None;
        }
        (NaiveDate::from_ymd_opt(1899, 12, 30)?, days)
    };
    epoch.checked_add_signed(chrono::Duration::days(days))
}

fn ymd_from_compact(n: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt((n / 10000) as i32, (n / 100) % 100, n % 100)
}

/// Parses a date written as text.
pub fn parse_date_text(raw: &str) -> Result<NaiveDate, DateProblem> {
    let folded = fold_width(raw);
    let s = folded.trim();
    if s.is_empty() {
        return Err(DateProblem::Empty);
    }
    let bad = || DateProblem::NotADate(raw.trim().to_string());
    // Drop a time part: "2025-03-07 14:30:00", "2025-03-07T14:30".
    let date_part = s.split(['T', ' ']).next().unwrap_or(s);
    if date_part.len() == 8 && date_part.chars().all(|c| c.is_ascii_digit()) {
        return date_part.parse::<u32>().ok().and_then(ymd_from_compact).ok_or_else(bad);
    }
    let parts: Vec<&str> = date_part
        .split(['-', '/', '.', '年', '月', '日'])
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() != 3 || !parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())) {
        return Err(bad());
    }
    let nums: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    if nums.len() != 3 {
        return Err(bad());
    }
    let (y, m, d) = if parts[0].len() == 4 {
        (nums[0] as i32, nums[1], nums[2])
    } else if parts[2].len() == 4 {
        // 07/03/2025 is ambiguous; Chinese ledgers do not write it, but US exports
        // write month first. Accept it only when the reading is unambiguous.
        if nums[0] > 12 {
            (nums[2] as i32, nums[1], nums[0])
        } else if nums[1] > 12 {
            (nums[2] as i32, nums[0], nums[1])
        } else {
            return Err(bad());
        }
    } else {
        return Err(bad());
    };
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(bad)
}

/// A date written without its year (3月7日, 3/7 is not accepted: it could be
/// 7 March or 3 July): the month and day.
pub fn month_day(raw: &str) -> Option<(u32, u32)> {
    let folded = fold_width(raw);
    let s = folded.trim();
    let (m, rest) = s.split_once('月')?;
    let d = rest
        .strip_suffix('日')
        .or_else(|| rest.strip_suffix('号'))
        .unwrap_or(rest);
    let (m, d): (u32, u32) = (m.trim().parse().ok()?, d.trim().parse().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((m, d))
}

/// The year a title or note row names (2025年销售台账, 2025年度, 期间：2025-01-01…).
pub fn year_in(text: &str) -> Option<i32> {
    let folded = fold_width(text);
    let b = folded.as_bytes();
    (0..b.len().saturating_sub(3)).find_map(|i| {
        let w = &b[i..i + 4];
        let before = i.checked_sub(1).map(|j| b[j].is_ascii_digit()).unwrap_or(false);
        let after = b.get(i + 4).is_some_and(|c| c.is_ascii_digit());
        (w.iter().all(u8::is_ascii_digit) && !before && !after && (w[0] == b'1' || w[0] == b'2'))
            .then(|| std::str::from_utf8(w).ok()?.parse::<i32>().ok())
            .flatten()
            .filter(|y| (1990..=2100).contains(y))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_without_a_year_and_years_in_titles_are_read() {
        assert_eq!(month_day("3月7日"), Some((3, 7)));
        assert_eq!(month_day("１２月３１号"), Some((12, 31)));
        assert_eq!(month_day("13月1日"), None);
        assert_eq!(month_day("3/7"), None);
        assert_eq!(year_in("2025年销售台账"), Some(2025));
        assert_eq!(year_in("期间：2024-01-01 至 2024-12-31"), Some(2024));
        assert_eq!(year_in("订单 120251"), None);
    }

    fn num(s: &str) -> f64 {
        parse_number_text(s).unwrap()
    }

    #[test]
    fn numbers_written_by_hand_are_read() {
        assert_eq!(num("1,234.50"), 1234.5);
        assert_eq!(num("¥1,234"), 1234.0);
        assert_eq!(num("￥ 88"), 88.0);
        assert_eq!(num("(1,234.00)"), -1234.0);
        assert_eq!(num("-1,234"), -1234.0);
        assert_eq!(num("１２，３４５．６"), 12345.6);
        assert_eq!(num("3.5万"), 35000.0);
        assert_eq!(num("12千"), 12000.0);
        assert_eq!(num("80万元"), 800000.0);
        assert_eq!(num(" 42 "), 42.0);
        assert_eq!(num("¥-5"), -5.0);
    }

    #[test]
    fn non_numbers_are_rejected_with_their_text() {
        assert_eq!(parse_number_text("abc"), Err(NumberProblem::NotANumber("abc".into())));
        assert_eq!(parse_number_text("  "), Err(NumberProblem::Empty));
        assert!(parse_number_text("1.2.3").is_err());
        assert!(parse_number_text("万").is_err());
        assert!(parse_number_text("N/A").is_err());
    }

    #[test]
    fn dates_in_every_written_form_are_read() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 7).unwrap();
        for s in [
            "2025-03-07",
            "2025/3/7",
            "2025年3月7日",
            "20250307",
            "2025.3.7",
            "2025-03-07 14:30:00",
            "２０２５／３／７",
        ] {
            assert_eq!(parse_date_text(s), Ok(d), "{s}");
        }
        assert!(parse_date_text("2025-02-30").is_err());
        assert!(parse_date_text("昨天").is_err());
    }

    #[test]
    fn excel_serials_follow_the_workbook_date_system() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 7).unwrap();
        assert_eq!(excel_serial_to_date(45723.0, false), Some(d));
        assert_eq!(excel_serial_to_date(45723.0 - 1462.0, true), Some(d));
        assert_eq!(parse_date(&CellValue::Number(20250307.0), false), Ok(d));
        assert_eq!(parse_date(&CellValue::Number(45723.75), false), Ok(d));
        assert!(excel_serial_to_date(60.0, false).is_none());
    }
}
