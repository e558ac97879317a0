//! Normalising what people type into cells: numbers, percentages, fiscal years, labels.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::text::{nfkc, wareki};
use crate::values::{Date, FiscalYear};

/// A cell value after normalisation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Value {
    /// Nothing in the cell (or only spaces, or a dash meaning "none").
    Empty,
    /// A number: typed as a number or as text that reads as one (units, 「△」, 「，」 removed).
    Number(Decimal),
    /// Text that is not a number, trimmed, with `\r\n` turned into `\n`.
    Text(String),
    /// An Excel error value such as `#DIV/0!`.
    Error(String),
}

impl Value {
    /// Whether the cell is empty.
    pub fn is_empty(&self) -> bool {
        matches!(self, Value::Empty)
    }

    /// The value as text, for free-text fields (numbers printed back).
    pub fn as_text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Number(n) => n.normalize().to_string(),
            Value::Text(t) => t.clone(),
            Value::Error(e) => e.clone(),
        }
    }
}

/// A raw cell as the workbook reader gives it.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    /// A number; `percent` when its number format shows it as a percentage.
    Number {
        /// The stored value.
        value: f64,
        /// The number format contains `%`.
        percent: bool,
    },
    /// A string.
    Text(String),
    /// TRUE/FALSE.
    Bool(bool),
    /// A date stored as a serial number (days since 1899-12-30).
    Date(f64),
    /// An ISO date/time string.
    DateIso(String),
    /// An Excel error value.
    Error(String),
    /// A formula whose result was never stored (a file written by a program, not saved by
    /// Excel), with the formula.
    Uncalculated(String),
}

/// The [`Value::Error`] of a formula whose result was never stored.
pub const UNCALCULATED: &str = "#未計算";

/// Normalises a raw cell value.
pub fn normalise(raw: &Raw) -> Value {
    match raw {
        Raw::Number { value, percent } => match decimal_from_f64(*value) {
            // 99.1 % is stored as 0.9909999999999999; ×100 and rounding restores 99.1.
            Some(d) if *percent => {
                Value::Number((d * Decimal::ONE_HUNDRED).round_dp(8).normalize())
            }
            Some(d) => Value::Number(d),
            // Beyond what a decimal holds (about 7.9E+28): kept as Excel shows it, as text
            // that validation reports as not a number.
            None if value.is_finite() => Value::Text(excel_scientific(*value)),
            None => Value::Error(value.to_string()),
        },
        Raw::Text(t) => {
            let t = t.replace("\r\n", "\n").trim().to_string();
            if t.is_empty() || is_dash(&t) {
                Value::Empty
            } else if EXCEL_ERRORS.contains(&t.as_str()) {
                // Some writers store a formula's error result as text.
                Value::Error(t)
            } else if let Some(n) = parse_number(&t) {
                Value::Number(n)
            } else {
                Value::Text(t)
            }
        }
        Raw::Bool(b) => Value::Text(if *b { "TRUE" } else { "FALSE" }.to_string()),
        Raw::Date(serial) if EXCEL_SERIALS.contains(serial) => {
            let (y, m, d) = date_from_serial(*serial);
            Value::Text(format!("{y:04}-{m:02}-{d:02}"))
        }
        // A number in a date-formatted cell that is no date (Excel shows 「#####」).
        Raw::Date(serial) => normalise(&Raw::Number {
            value: *serial,
            percent: false,
        }),
        Raw::DateIso(s) => Value::Text(s.clone()),
        Raw::Error(e) => Value::Error(e.clone()),
        Raw::Uncalculated(_) => Value::Error(UNCALCULATED.to_string()),
    }
}

/// A text cell as free text: numbers are not interpreted (「１件」 stays as typed).
pub fn normalise_text(raw: &Raw) -> Value {
    match raw {
        Raw::Text(t) => {
            let t = t.replace("\r\n", "\n").trim().to_string();
            if t.is_empty() {
                Value::Empty
            } else {
                Value::Text(t)
            }
        }
        other => normalise(other),
    }
}

const EXCEL_ERRORS: &[&str] = &[
    "#DIV/0!",
    "#N/A",
    "#NAME?",
    "#NULL!",
    "#NUM!",
    "#REF!",
    "#VALUE!",
    "#SPILL!",
    "#CALC!",
    "#GETTING_DATA",
];

fn is_dash(t: &str) -> bool {
    matches!(t, "-" | "－" | "―" | "—" | "ー" | "‐" | "−")
}

/// A number as Excel shows it in scientific notation: 「1E+40」, 「-2.5E-30」.
fn excel_scientific(v: f64) -> String {
    let text = format!("{v:E}");
    match text.split_once('E') {
        Some((mantissa, exp)) if !exp.starts_with('-') => format!("{mantissa}E+{exp}"),
        _ => text,
    }
}

/// `f64` → `Decimal` through its shortest decimal form, so 99.1 stays 99.1.
pub fn decimal_from_f64(v: f64) -> Option<Decimal> {
    if !v.is_finite() {
        return None;
    }
    let s = format!("{v}");
    Decimal::from_str(&s)
        .or_else(|_| Decimal::from_scientific(&s))
        .ok()
        .map(|d| d.normalize())
}

/// Units a department may type after a number; longer ones first.
const UNITS: &[&str] = &[
    "グループ",
    "事業",
    "施設",
    "業務",
    "団体",
    "時間",
    "千円",
    "世帯",
    "kWh",
    "件",
    "人",
    "社",
    "橋",
    "区",
    "円",
    "回",
    "L",
    "l",
    "%",
    "％",
    "名",
    "箇所",
    "か所",
    "ヶ所",
];

/// Reads text as a number: NFKC (full-width digits), thousands separators, a unit typed
/// after the number, 「△」「▲」 as minus, a trailing 「%」. `None` if it is not a number.
pub fn parse_number(text: &str) -> Option<Decimal> {
    let mut t: String = nfkc(text)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',' && *c != '、')
        .collect();
    let mut negative = false;
    for minus in ['△', '▲', '-', '−', 'ー'] {
        if let Some(rest) = t.strip_prefix(minus) {
            t = rest.to_string();
            negative = true;
            break;
        }
    }
    if let Some(rest) = t.strip_prefix('+') {
        t = rest.to_string();
    }
    let mut changed = true;
    while changed {
        changed = false;
        for unit in UNITS {
            if let Some(rest) = t.strip_suffix(unit) {
                t = rest.to_string();
                changed = true;
            }
        }
    }
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let d = Decimal::from_str(&t).ok()?.normalize();
    Some(if negative { -d } else { d })
}

/// A number read from a text cell that [`parse_number`] refuses, because a person wrote
/// more than the number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// 「52（速報値）」「52※1」: the number, and the note that was dropped.
    Annotated {
        /// The number.
        value: Decimal,
        /// The dropped note as written (「（速報値）」).
        note: String,
    },
    /// 「105.1万人」「1.2千件」: the number times 万 or 千.
    Scaled {
        /// The number read (1,051,000).
        value: Decimal,
        /// 「万」 or 「千」.
        unit: char,
    },
    /// 「なし」「該当なし」: nothing happened.
    Nothing,
}

/// Words that make a number an estimate or a range, never an actual (「52（見込み）」).
const VAGUE: &[&str] = &[
    "約", "程度", "見込", "予定", "推計", "概算", "以上", "以下", "未満", "超", "前後", "うち",
];

/// Reads what a person would read in a text cell that is more than a number: a number with
/// a note after it (「52（速報値）」「52※1」「52 ※速報値」), a number with 万 or 千 (「105.1万人」),
/// or 「なし」. Anything with a second number (「48→52」「2～3件」「52件（うち新規12件）」) or a
/// vague word (「約」「程度」「見込み」) reads as nothing: it stays an error.
pub fn read_annotated(text: &str) -> Option<Reading> {
    let t: String = nfkc(text).trim().to_string();
    let bare: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if matches!(
        bare.as_str(),
        "なし"
            | "無し"
            | "該当なし"
            | "該当無し"
            | "該当なし。"
            | "なし。"
            | "実績なし"
            | "実績無し"
    ) {
        return Some(Reading::Nothing);
    }
    if VAGUE.iter().any(|w| bare.contains(w)) {
        return None;
    }
    // Where a note starts: a bracket, 「※」 or 「*」, after the number (and its unit).
    if let Some(at) = bare
        .find(['(', '[', '【', '〔', '※', '*', '＊'])
        .filter(|at| *at > 0)
    {
        let (number, note) = bare.split_at(at);
        let value = parse_number(number)?;
        // A footnote mark 「※1」 is a digit that is not a second number.
        let without_marks: String = {
            let mut out = String::new();
            let mut mark = false;
            for c in note.chars() {
                if c == '※' || c == '*' || c == '＊' {
                    mark = true;
                    out.push(c);
                } else if mark && c.is_ascii_digit() {
                    continue;
                } else {
                    mark = false;
                    out.push(c);
                }
            }
            out
        };
        if without_marks.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        let typed = text.trim();
        let original = typed
            .find(['(', '（', '[', '［', '【', '〔', '※', '*', '＊'])
            .map_or(note, |i| &typed[i..]);
        return Some(Reading::Annotated {
            value,
            note: original.trim().to_string(),
        });
    }
    for (unit, factor) in [('万', 10_000), ('千', 1_000)] {
        if let Some(at) = bare.find(unit) {
            let (number, rest) = bare.split_at(at);
            let rest = &rest[unit.len_utf8()..];
            if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit() || c == '.') {
                return None;
            }
            // Only a unit may follow: 「万人」「千件」 (「万円」 too: 円 is a unit).
            if !rest.is_empty() && parse_number(&format!("1{rest}")) != Some(Decimal::ONE) {
                return None;
            }
            let value = (Decimal::from_str(number).ok()? * Decimal::from(factor)).normalize();
            return Some(Reading::Scaled { value, unit });
        }
    }
    None
}

/// Normalises a label for comparison: NFKC, no spaces or line breaks, no trailing colon,
/// no leading mark (■●◆○※) and no bracketed note at the end (「取組実績（今年度）」 → 「取組実績」 is
/// not done here: see `label_matches`).
pub fn normalise_label(text: &str) -> String {
    // One allocation: called on every short text cell of every sheet.
    let mut t: String = crate::text::nfkc_cow(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let start = t.len()
        - t.trim_start_matches(['■', '●', '◆', '○', '□', '・', '*', '※', '【'])
            .len();
    let kept = t[start..]
        .trim_end_matches([':', '：', '】', '*', '※'])
        .len();
    t.truncate(start + kept);
    t.drain(..start);
    t
}

/// Whether a normalised cell text is the label `wanted` (also normalised): equal, or equal
/// followed by a bracketed or 「※」 note.
pub fn label_matches(cell: &str, wanted: &str) -> bool {
    // Every short text of a sheet is compared with every spelling of the labels looked for,
    // and nearly all differ in their first character: comparing that inline first saves a
    // memcmp call each (9% of reading at 1,000 plans).
    let (c, w) = (cell.as_bytes(), wanted.as_bytes());
    if c.len() < w.len() || c.iter().zip(w).take(4).any(|(a, b)| a != b) {
        return false;
    }
    match cell.strip_prefix(wanted) {
        Some("") => true,
        Some(rest) => rest.starts_with(['(', '（', '※', '[', '<', '〈', ':', '：']),
        None => false,
    }
}

/// Reads a fiscal year from a cell's text: what [`crate::text::wareki::parse_fiscal_year`]
/// reads (2024, 2024年度, 令和6年度, R6, 令和元年度, 平成30年度, H30, full-width digits …),
/// or else the first year written inside a longer text, in the same forms
/// (「年度：令和6年度分」, 「r.6」, 「2024年4月1日」).
pub fn parse_fiscal_year(text: &str) -> Option<FiscalYear> {
    if let Ok(year) = wareki::parse_fiscal_year(text) {
        return Some(year);
    }
    // 「令和6年度（2023年度）」 fails as a whole (the two disagree): the first one wins,
    // as in any other longer text.
    let chars: Vec<char> = nfkc(text).chars().filter(|c| !c.is_whitespace()).collect();
    (0..chars.len())
        .filter_map(|i| year_token(&chars, i))
        .find_map(|token| wareki::parse_fiscal_year(&token).ok())
}

/// Era names and letters that start a year inside a text (昭和's 「S」 is left out: too
/// common a letter).
const ERA_PREFIXES: &[&str] = &["令和", "平成", "昭和", "R", "r", "H", "h"];

/// The year written from `chars[i]` on, cut out for the strict parser: an era name or letter
/// with 元 or its digits (「r.6」 → 「r6」), or four digits that are not part of a longer
/// number.
fn year_token(chars: &[char], i: usize) -> Option<String> {
    let rest = &chars[i..];
    let prefix = ERA_PREFIXES.iter().find(|p| {
        let p: Vec<char> = p.chars().collect();
        rest.starts_with(&p)
    });
    if let Some(prefix) = prefix {
        let after: Vec<char> = rest[prefix.chars().count()..]
            .iter()
            .copied()
            .skip_while(|c| *c == '.')
            .collect();
        if after.first() == Some(&'元') {
            return Some(format!("{prefix}元"));
        }
        let digits: String = after.iter().take_while(|c| c.is_ascii_digit()).collect();
        return (!digits.is_empty()).then(|| format!("{prefix}{digits}"));
    }
    let starts_number = rest.first().is_some_and(char::is_ascii_digit)
        && (i == 0 || !chars[i - 1].is_ascii_digit());
    if starts_number {
        let digits: String = rest.iter().take_while(|c| c.is_ascii_digit()).collect();
        return (digits.len() == 4).then_some(digits);
    }
    None
}

/// A fiscal year from a cell: text as [`parse_fiscal_year`], a whole number 1989–2100, or a
/// date (April–March).
pub fn fiscal_year_of(raw: &Raw) -> Option<FiscalYear> {
    match raw {
        Raw::Text(t) => parse_fiscal_year(t),
        Raw::Number { value, .. } => {
            let v = *value;
            if v.fract() == 0.0 && (1989.0..=2100.0).contains(&v) {
                Some(v as i32)
            } else {
                None
            }
        }
        Raw::Date(serial) if EXCEL_SERIALS.contains(serial) => {
            let (y, m, _) = date_from_serial(*serial);
            Some(if m >= 4 { y } else { y - 1 })
        }
        Raw::DateIso(s) => {
            let y: i32 = s.get(0..4)?.parse().ok()?;
            let m: u32 = s.get(5..7)?.parse().ok()?;
            Some(if m >= 4 { y } else { y - 1 })
        }
        _ => None,
    }
}

/// The serial dates of Excel's calendar: 0 (1900-01-00) to 2,958,465 (9999-12-31), with
/// the time of day as the fraction.
const EXCEL_SERIALS: std::ops::Range<f64> = 0.0..2_958_466.0;

/// Converts an Excel serial date (1900 system) to (year, month, day); a serial outside
/// Excel's calendar (0 to 9999-12-31) is clamped to it.
pub fn date_from_serial(serial: f64) -> (i32, u32, u32) {
    // Excel counts 1900-02-29, which did not exist; from serial 61 on, day 0 is 1899-12-30.
    // Clamped first: a huge serial would overflow the day arithmetic (NaN becomes 0).
    let days = serial
        .clamp(EXCEL_SERIALS.start, EXCEL_SERIALS.end - 1.0)
        .floor() as i64;
    let days = if days < 61 { days + 1 } else { days };
    let date = Date::from_unix_days(days - 25569);
    (date.year, date.month, date.day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    /// The one-allocation `normalise_label` reads every label as the plain definition does:
    /// NFKC, spaces dropped, marks trimmed at the start, then at the end.
    #[test]
    fn labels_normalise_as_the_plain_definition() {
        fn plain(text: &str) -> String {
            let t: String = nfkc(text).chars().filter(|c| !c.is_whitespace()).collect();
            let t = t.trim_start_matches(['■', '●', '◆', '○', '□', '・', '*', '※', '【']);
            t.trim_end_matches([':', '：', '】', '*', '※']).to_string()
        }
        for text in [
            "年度",
            " 【 年 度 】： ",
            "■担当課名",
            "※",
            "【】",
            "*※*",
            "・取組実績（令和6年度）",
            "ｱｸｼｮﾝﾌﾟﾗﾝ",
            "ＡＰ　Ｎｏ．１",
            "⽇程",
            "実績値 ※注:",
            "",
            "　",
            "e\u{301}",
        ] {
            assert_eq!(normalise_label(text), plain(text), "{text:?}");
        }
    }

    #[test]
    fn numbers_as_typed() {
        assert_eq!(parse_number("１，２３４"), Some(d("1234")));
        assert_eq!(parse_number("1,000,000人"), Some(d("1000000")));
        assert_eq!(parse_number("99.1%"), Some(d("99.1")));
        assert_eq!(parse_number("９９．１％"), Some(d("99.1")));
        assert_eq!(parse_number("△3"), Some(d("-3")));
        assert_eq!(parse_number("▲ 1,200 kWh"), Some(d("-1200")));
        assert_eq!(parse_number("12件"), Some(d("12")));
        assert_eq!(parse_number("約12件"), None);
        assert_eq!(parse_number("未集計"), None);
        assert_eq!(parse_number("1.2.3"), None);
    }

    #[test]
    fn numbers_with_more_than_a_number() {
        let note = |v: &str, n: &str| Reading::Annotated {
            value: d(v),
            note: n.to_string(),
        };
        assert_eq!(
            read_annotated("52（速報値）"),
            Some(note("52", "（速報値）"))
        );
        assert_eq!(read_annotated("52※1"), Some(note("52", "※1")));
        assert_eq!(read_annotated("1,234件 ※速報"), Some(note("1234", "※速報")));
        assert_eq!(
            read_annotated("105.1万人"),
            Some(Reading::Scaled {
                value: d("1051000"),
                unit: '万'
            })
        );
        assert_eq!(
            read_annotated("1.2千件"),
            Some(Reading::Scaled {
                value: d("1200"),
                unit: '千'
            })
        );
        assert_eq!(read_annotated("該当なし"), Some(Reading::Nothing));
        assert_eq!(read_annotated("な し"), Some(Reading::Nothing));
        for two in [
            "48→52",
            "2～3件",
            "52件（うち新規12件）",
            "約52",
            "52程度",
            "52（見込み）",
            "52(2023年度)",
            "1万2千",
            "万人",
            "未集計",
        ] {
            assert_eq!(read_annotated(two), None, "{two}");
        }
    }

    #[test]
    fn percent_format_and_errors() {
        let v = normalise(&Raw::Number {
            value: 99.1 / 100.0,
            percent: true,
        });
        assert_eq!(v, Value::Number(d("99.1")));
        assert_eq!(
            normalise(&Raw::Text(" － ".into())),
            Value::Empty,
            "a dash means nothing was entered"
        );
        assert_eq!(
            normalise(&Raw::Error("#DIV/0!".into())),
            Value::Error("#DIV/0!".into())
        );
    }

    #[test]
    fn fiscal_years() {
        for (text, year) in [
            ("2024", 2024),
            ("2024年度", 2024),
            ("令和6年度", 2024),
            ("R6", 2024),
            ("r.6", 2024),
            ("令和元年度", 2019),
            ("平成30年度", 2018),
            ("H30", 2018),
            ("令和６年度", 2024),
            ("２０２３年度", 2023),
            ("令和6年度（2024年度）", 2024),
            ("令和6年度（2023年度）", 2024),
            ("年度：令和6年度分", 2024),
            ("2024年4月1日", 2024),
            ("R.元", 2019),
            ("平成31年度（令和元年度）", 2019),
            ("ＦＹ２０２４", 2024),
        ] {
            assert_eq!(parse_fiscal_year(text), Some(year), "{text}");
        }
        assert_eq!(parse_fiscal_year("年度"), None);
        assert_eq!(parse_fiscal_year("12345"), None);
        assert_eq!(parse_fiscal_year("来年度"), None);
        assert_eq!(parse_fiscal_year("平成32年度"), None, "outside the era");
        assert_eq!(parse_fiscal_year("内線 12345"), None);
        assert_eq!(
            fiscal_year_of(&Raw::Date(45383.0)),
            Some(2024),
            "2024-04-01"
        );
        assert_eq!(date_from_serial(45383.0), (2024, 4, 1));
        assert_eq!(fiscal_year_of(&Raw::Date(45366.0)), Some(2023));
    }

    #[test]
    fn labels() {
        assert_eq!(normalise_label(" 実 績 値\n"), "実績値");
        assert_eq!(normalise_label("■取組実績："), "取組実績");
        assert!(label_matches("取組実績(今年度)", "取組実績"));
        assert!(!label_matches("前年度実績", "実績"));
        assert!(!label_matches("年度末", "年度"));
        assert!(label_matches("年度:令和6年度", "年度"));
        // Short labels, and texts that differ only after the first character.
        assert!(label_matches("ID", "ID"));
        assert!(label_matches("年", "年"));
        assert!(!label_matches("年", "年度"));
        assert!(!label_matches("年度", "年次"));
        assert!(!label_matches("ab", "ac"));
        assert!(label_matches("abcdef（注）", "abcdef"));
        assert!(!label_matches("abcdeg", "abcdef"));
        assert!(label_matches("", ""));
        assert!(label_matches("（注）", ""));
    }
}
