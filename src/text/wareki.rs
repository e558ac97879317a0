//! 和暦 and fiscal years: parse 2024 / 2024年度 / 令和6年度 / R6 / 平成30年度 / H30, print 令和6年度（2024年度）.
//!
//! A fiscal year (年度) starts on 1 April and is named by the era year in which it starts:
//! FY2019 began on 1 April 2019, still in 平成31年, but the era changed to 令和 on 1 May 2019,
//! so the year is printed 「令和元年度」 (as the city does) and 「平成31年度」 is accepted on input.

use crate::text::nfkc;
use crate::values::{Date, FiscalYear};

/// A Japanese era (元号) used for fiscal years since 1926.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Era {
    /// 「令和」.
    name: &'static str,
    /// 「R」.
    letter: char,
    /// The Western year of the era's first year (元年).
    first_year: i32,
    /// The era's first day (month, day) in `first_year`.
    first_day: (u32, u32),
}

/// Newest first: the first era whose start is not after a date names it.
const ERAS: [Era; 3] = [
    Era {
        name: "令和",
        letter: 'R',
        first_year: 2019,
        first_day: (5, 1),
    },
    Era {
        name: "平成",
        letter: 'H',
        first_year: 1989,
        first_day: (1, 8),
    },
    Era {
        name: "昭和",
        letter: 'S',
        first_year: 1926,
        first_day: (12, 25),
    },
];

/// The first fiscal year that can be named (昭和2年度); earlier years have no 和暦 here.
const FIRST_NAMED_YEAR: i32 = 1927;

/// The fiscal years [`parse_fiscal_year`] reads. Within them every form this module prints
/// reads back as the same year (the last, 令和981年度, still has a three-digit era year).
pub const SUPPORTED_YEARS: std::ops::RangeInclusive<FiscalYear> = 1900..=2999;

/// A year text that is not a fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WarekiError {
    /// Not a form we know.
    #[error("「{0}」は年度として読めません（例: 2024、2024年度、令和6年度、R6）")]
    Unreadable(String),
    /// An era year outside the era (平成32年度, 令和0年度).
    #[error("「{0}」の年は元号の範囲外です")]
    OutOfEra(String),
    /// 「令和6年度（2023年度）」: the two forms disagree.
    #[error("「{0}」の和暦と西暦が一致しません")]
    Mismatch(String),
}

/// Parses a fiscal year written as 2024, 2024年度, 令和6年度, 令和６年度, 令和元年度, R6, Ｒ６, H30,
/// 平成31年度 (= 令和元年度), FY2024, or the printed form 「令和6年度（2024年度）」;
/// full- and half-width, with or without 年度 (or 年), spaces ignored; years in
/// [`SUPPORTED_YEARS`].
///
/// # Errors
/// [`WarekiError::Unreadable`] for other text, [`WarekiError::OutOfEra`] for 平成32年度 or
/// 令和0年度, [`WarekiError::Mismatch`] when a printed form's two years disagree.
pub fn parse_fiscal_year(text: &str) -> Result<FiscalYear, WarekiError> {
    let norm: String = nfkc(text).chars().filter(|c| !c.is_whitespace()).collect();
    let unreadable = || WarekiError::Unreadable(text.trim().to_string());
    if norm.is_empty() {
        return Err(unreadable());
    }
    // 「令和6年度(2024年度)」: both must name the same year.
    if let Some(open) = norm.find('(') {
        let inner = norm[open + 1..].strip_suffix(')').ok_or_else(unreadable)?;
        let first = parse_single(&norm[..open], text)?;
        let second = parse_single(inner, text)?;
        return if first == second {
            Ok(first)
        } else {
            Err(WarekiError::Mismatch(text.trim().to_string()))
        };
    }
    parse_single(&norm, text)
}

/// One form without parentheses, already normalised.
fn parse_single(norm: &str, original: &str) -> Result<FiscalYear, WarekiError> {
    let unreadable = || WarekiError::Unreadable(original.trim().to_string());
    let body = norm
        .strip_suffix("年度")
        .or_else(|| norm.strip_suffix('年'))
        .unwrap_or(norm);
    let body = body
        .strip_prefix("FY")
        .or_else(|| body.strip_prefix("fy"))
        .unwrap_or(body);
    if !body.is_empty() && body.chars().all(|c| c.is_ascii_digit()) {
        // A Western year: four digits in the supported range, so 「6」 is not read as year 6.
        let year: FiscalYear = body.parse().map_err(|_| unreadable())?;
        if body.len() != 4 || !SUPPORTED_YEARS.contains(&year) {
            return Err(unreadable());
        }
        return Ok(year);
    }
    for era in ERAS {
        let rest = body.strip_prefix(era.name).or_else(|| {
            let mut chars = body.chars();
            let first = chars.next()?;
            (first.to_ascii_uppercase() == era.letter).then_some(chars.as_str())
        });
        let Some(rest) = rest else { continue };
        let era_year: i32 = if rest == "元" {
            1
        } else if !rest.is_empty() && rest.len() <= 3 && rest.chars().all(|c| c.is_ascii_digit()) {
            // Up to three digits: 令和100年度 (FY2118) is printed by `fiscal_year_era`, so it
            // must read back.
            rest.parse().map_err(|_| unreadable())?
        } else {
            return Err(unreadable());
        };
        let year = era.first_year + era_year - 1;
        if era_year < 1
            || year < FIRST_NAMED_YEAR
            || year > last_fiscal_year_of(era)
            || year > *SUPPORTED_YEARS.end()
        {
            return Err(WarekiError::OutOfEra(original.trim().to_string()));
        }
        return Ok(year);
    }
    Err(unreadable())
}

/// The last fiscal year that may still be written in `era`: the one whose first day (1 April)
/// is still in the era, so 平成31年度 (2019) exists but 昭和64年度 does not; the newest era is open.
fn last_fiscal_year_of(era: Era) -> i32 {
    let newer = ERAS
        .iter()
        .position(|e| *e == era)
        .and_then(|i| i.checked_sub(1))
        .map(|i| ERAS[i]);
    match newer {
        None => i32::MAX,
        Some(next) if next.first_day > (4, 1) => next.first_year,
        Some(next) => next.first_year - 1,
    }
}

/// The era that names a fiscal year: the newest era that began in or before the calendar year
/// the fiscal year starts in, so FY2019 is 令和元年度 (the city's usage) and FY1988 昭和63年度.
fn era_of_fiscal_year(year: FiscalYear) -> Option<(Era, i32)> {
    if year < FIRST_NAMED_YEAR {
        return None;
    }
    ERAS.iter()
        .find(|e| year >= e.first_year)
        .map(|e| (*e, year - e.first_year + 1))
}

/// The era in force on a date and the era year.
fn era_of_date(year: i32, month: u32, day: u32) -> Option<(Era, i32)> {
    ERAS.iter()
        .find(|e| (year, month, day) >= (e.first_year, e.first_day.0, e.first_day.1))
        .map(|e| (*e, year - e.first_year + 1))
}

fn era_year_text(n: i32) -> String {
    if n == 1 {
        "元".to_string()
    } else {
        n.to_string()
    }
}

/// 「令和6年度」 (era only); 2019 prints 「令和元年度」; years before 昭和2年度 print 「1900年度」.
pub fn fiscal_year_era(year: FiscalYear) -> String {
    match era_of_fiscal_year(year) {
        Some((era, n)) => format!("{}{}年度", era.name, era_year_text(n)),
        None => format!("{year}年度"),
    }
}

/// 「令和6年度（2024年度）」, as the outline prints years.
pub fn fiscal_year_label(year: FiscalYear) -> String {
    match era_of_fiscal_year(year) {
        Some(_) => format!("{}（{year}年度）", fiscal_year_era(year)),
        None => format!("{year}年度"),
    }
}

/// 「R6」 for chart axes and narrow columns; 2019 prints 「R1」, 2018 「H30」.
pub fn fiscal_year_short(year: FiscalYear) -> String {
    match era_of_fiscal_year(year) {
        Some((era, n)) => format!("{}{n}", era.letter),
        None => year.to_string(),
    }
}

/// 「令和7年5月31日」; 1 May 2019 is 「令和元年5月1日」, 30 April 2019 「平成31年4月30日」.
pub fn date_label(date: Date) -> String {
    match era_of_date(date.year, date.month, date.day) {
        Some((era, n)) => format!(
            "{}{}年{}月{}日",
            era.name,
            era_year_text(n),
            date.month,
            date.day
        ),
        None => format!("{}年{}月{}日", date.year, date.month, date.day),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_form() {
        let cases = [
            ("2024", 2024),
            ("2024年度", 2024),
            ("２０２４年度", 2024),
            ("FY2024", 2024),
            ("令和6年度", 2024),
            ("令和６年度", 2024),
            ("令和 6 年度", 2024),
            ("　令和６年度　", 2024),
            ("令和6", 2024),
            ("令和6年", 2024),
            ("R6", 2024),
            ("r6", 2024),
            ("R06", 2024),
            ("Ｒ６", 2024),
            ("Ｒ６年度", 2024),
            ("令和元年度", 2019),
            ("R1", 2019),
            ("平成31年度", 2019),
            ("H31", 2019),
            ("平成30年度", 2018),
            ("H30", 2018),
            ("Ｈ３０", 2018),
            ("平成元年度", 1989),
            ("昭和63年度", 1988),
            ("令和6年度（2024年度）", 2024),
            ("令和元年度(2019年度)", 2019),
        ];
        for (text, year) in cases {
            assert_eq!(parse_fiscal_year(text), Ok(year), "{text}");
        }
    }

    #[test]
    fn rejects_what_is_not_a_fiscal_year() {
        for text in [
            "",
            "令和",
            "R",
            "6",
            "20245",
            "0999",
            "1899",
            "3000",
            "R2024",
            "令和六年度",
            "X6",
            "2024年度度",
        ] {
            assert!(
                matches!(parse_fiscal_year(text), Err(WarekiError::Unreadable(_))),
                "{text}"
            );
        }
        for text in [
            "平成32年度",
            "H32",
            "令和0年度",
            "R0",
            "昭和64年度",
            "昭和65年度",
            "令和982年度",
        ] {
            assert!(
                matches!(parse_fiscal_year(text), Err(WarekiError::OutOfEra(_))),
                "{text}"
            );
        }
        assert!(matches!(
            parse_fiscal_year("令和6年度（2023年度）"),
            Err(WarekiError::Mismatch(_))
        ));
    }

    #[test]
    fn prints_as_the_outline_does() {
        assert_eq!(fiscal_year_label(2024), "令和6年度（2024年度）");
        assert_eq!(fiscal_year_label(2020), "令和2年度（2020年度）");
        assert_eq!(fiscal_year_label(2019), "令和元年度（2019年度）");
        assert_eq!(fiscal_year_label(2018), "平成30年度（2018年度）");
        assert_eq!(fiscal_year_era(2019), "令和元年度");
        assert_eq!(fiscal_year_era(2025), "令和7年度");
        assert_eq!(fiscal_year_era(1989), "平成元年度");
        assert_eq!(fiscal_year_era(1988), "昭和63年度");
        assert_eq!(fiscal_year_short(2024), "R6");
        assert_eq!(fiscal_year_short(2019), "R1");
        assert_eq!(fiscal_year_short(2018), "H30");
        assert_eq!(fiscal_year_label(1900), "1900年度");
    }

    #[test]
    fn round_trips_every_year_of_three_eras() {
        for year in FIRST_NAMED_YEAR..=2060 {
            for text in [
                fiscal_year_label(year),
                fiscal_year_era(year),
                fiscal_year_short(year),
                year.to_string(),
            ] {
                assert_eq!(parse_fiscal_year(&text), Ok(year), "{text}");
            }
        }
    }

    #[test]
    fn dates_follow_the_era_change_on_the_day() {
        let d = |y, m, dd| date_label(Date::new(y, m, dd).unwrap());
        assert_eq!(d(2025, 3, 31), "令和7年3月31日");
        assert_eq!(d(2025, 5, 31), "令和7年5月31日");
        assert_eq!(d(2019, 4, 30), "平成31年4月30日");
        assert_eq!(d(2019, 5, 1), "令和元年5月1日");
        assert_eq!(d(1989, 1, 7), "昭和64年1月7日");
        assert_eq!(d(1989, 1, 8), "平成元年1月8日");
    }
}
