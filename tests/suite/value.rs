//! Property tests of how typed cell values are normalised (src/intake/value.rs): a number
//! reads the same however a department types it, text is kept as typed, nothing panics.

use std::str::FromStr;

use hyoka::intake::value::{Raw, Value, normalise, normalise_text, parse_number};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// The full-width form of ASCII digits, separators and signs: 「１，２３４．５」.
fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            other => other,
        })
        .collect()
}

/// `digits` with a separator every three digits of its integer part: 1234567.5 → 1,234,567.5.
fn grouped(plain: &str, separator: &str) -> String {
    let (int, frac) = plain
        .split_once('.')
        .map_or((plain, None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push_str(separator);
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// A non-negative number as a person types it plainly, with its value: 「1234.5」.
fn plain_number() -> impl Strategy<Value = (String, Decimal)> {
    (0u64..10_000_000_000, 0u32..=4).prop_map(|(m, scale)| {
        let d = Decimal::from_i128_with_scale(i128::from(m), scale);
        (d.to_string(), d.normalize())
    })
}

/// The ways of writing the same number that intake must all read alike.
#[derive(Debug, Clone)]
struct Dress {
    full_width: bool,
    separator: Option<&'static str>,
    unit: Option<&'static str>,
    before: &'static str,
    after: &'static str,
}

fn dress() -> impl Strategy<Value = Dress> {
    (
        any::<bool>(),
        proptest::option::of(prop::sample::select(vec![",", "，", "、"])),
        proptest::option::of(prop::sample::select(vec![
            "件",
            "人",
            "千円",
            "円",
            "kWh",
            "ｋＷｈ",
            "L",
            "回",
            "%",
            "％",
            "か所",
            "ヶ所",
            "世帯",
            "時間",
            "事業",
        ])),
        prop::sample::select(vec!["", " ", "　", "  \t"]),
        prop::sample::select(vec!["", " ", "　", "\n"]),
    )
        .prop_map(|(full_width, separator, unit, before, after)| Dress {
            full_width,
            separator,
            unit,
            before,
            after,
        })
}

fn dressed(plain: &str, d: &Dress, minus: &str) -> String {
    let mut n = match d.separator {
        Some(sep) => grouped(plain, sep),
        None => plain.to_string(),
    };
    if d.full_width {
        n = full_width(&n);
    }
    format!("{}{minus}{n}{}{}", d.before, d.unit.unwrap_or(""), d.after)
}

proptest! {
    /// Full-width digits, thousands separators, a unit, spaces around: the plain number.
    #[test]
    fn a_number_reads_the_same_however_it_is_typed((plain, value) in plain_number(), d in dress()) {
        prop_assert_eq!(parse_number(&plain), Some(value));
        let typed = dressed(&plain, &d, "");
        prop_assert_eq!(parse_number(&typed), Some(value), "{:?}", typed);
        prop_assert_eq!(normalise(&Raw::Text(typed.clone())), Value::Number(value), "{:?}", typed);
    }

    /// 「△」「▲」 and the minus signs people type read as a negative number.
    #[test]
    fn a_triangle_or_a_dash_before_a_number_is_a_minus(
        (plain, value) in plain_number(),
        d in dress(),
        minus in prop::sample::select(vec!["△", "▲", "-", "－", "−", "ー"]),
    ) {
        let typed = dressed(&plain, &d, minus);
        prop_assert_eq!(parse_number(&typed), Some(-value), "{:?}", typed);
    }

    /// A rate stored as a fraction with a percent format (Excel keeps 99.1% as 0.991, or
    /// as 0.9909999999999999 when computed) reads as the percentage people see.
    #[test]
    fn a_percent_format_gives_the_percentage_shown(m in 0u64..10_000_000, scale in 0u32..=4) {
        let shown = Decimal::from_i128_with_scale(i128::from(m), scale).normalize();
        let stored = f64::from_str(&shown.to_string()).unwrap() / 100.0;
        prop_assert_eq!(
            normalise(&Raw::Number { value: stored, percent: true }),
            Value::Number(shown),
            "stored {}", stored
        );
        // Typed as text with a percent sign, it is the same number.
        prop_assert_eq!(parse_number(&format!("{shown}%")), Some(shown));
    }

    /// Text that is not a number is kept as typed, only trimmed and with CRLF as LF; as free
    /// text (normalise_text) even 「１件」 stays as typed.
    #[test]
    fn text_keeps_its_content(
        words in "[安曇野市研修を実施したア-ンa-zＡ-Ｚ１２３、。（）「」 　\n]{0,30}",
        lead in "[ 　\t\r\n]{0,3}",
        trail in "[ 　\t\r\n]{0,3}",
    ) {
        let core = format!("研修{words}");
        let cell = format!("{lead}{}{trail}", core.replace('\n', "\r\n"));
        let want = core.trim_end().to_string();
        prop_assert_eq!(normalise(&Raw::Text(cell.clone())), Value::Text(want.clone()));
        prop_assert_eq!(normalise_text(&Raw::Text(cell)), Value::Text(want));
        let count = format!("１{words}件");
        prop_assert_eq!(normalise_text(&Raw::Text(count.clone())), Value::Text(count.trim().to_string()));
    }

    /// Whatever is in a cell, normalising it returns (no panic, no hang), and a number it
    /// finds in text is also what parse_number finds.
    #[test]
    fn any_text_is_normalised_without_panic(s in any::<String>()) {
        let v = normalise(&Raw::Text(s.clone()));
        if let Value::Number(n) = v {
            prop_assert_eq!(parse_number(s.trim()), Some(n));
        }
        let _ = normalise_text(&Raw::Text(s.clone()));
        // A year found in a cell is one the strict parser prints and reads back.
        if let Some(year) = hyoka::intake::value::parse_fiscal_year(&s) {
            let label = hyoka::text::wareki::fiscal_year_label(year);
            prop_assert_eq!(hyoka::text::wareki::parse_fiscal_year(&label), Ok(year), "{:?}", s);
        }
        let _ = hyoka::intake::value::normalise_label(&s);
    }

    /// Text built from the characters numbers are made of, in any order: no panic, and a
    /// number read is negative exactly when the text starts with a minus sign.
    #[test]
    fn number_like_text_never_panics(s in "[0-9０-９.．,，、△▲+\\-－ー%％件千円 ]{0,40}") {
        if let Some(n) = parse_number(&s) {
            let first = hyoka::text::nfkc(&s)
                .chars()
                .find(|c| !c.is_whitespace() && !matches!(c, ',' | '、'));
            let minus = matches!(first, Some('△' | '▲' | '-' | '−' | 'ー'));
            prop_assert_eq!(n.is_sign_negative() && !n.is_zero(), minus && !n.is_zero(), "{:?} → {}", s, n);
        }
    }

    /// A number in a date-formatted cell, whatever it is (Excel shows 「#####」 beyond
    /// 9999-12-31): normalising it and reading a fiscal year from it never panics, and a
    /// serial of Excel's calendar gives an ISO date of that range.
    #[test]
    fn any_date_serial_is_read_without_panic(serial in prop_oneof![
        any::<f64>(),
        -1.0e20f64..1.0e20,
        0.0f64..2_958_466.0,
    ]) {
        let v = normalise(&Raw::Date(serial));
        let year = hyoka::intake::value::fiscal_year_of(&Raw::Date(serial));
        if (1.0..2_958_466.0).contains(&serial) {
            let Value::Text(iso) = v else {
                return Err(TestCaseError::fail(format!("{serial}: {v:?}")));
            };
            let y: i32 = iso[..4].parse().unwrap();
            prop_assert!((1900..=9999).contains(&y), "{} → {}", serial, iso);
            prop_assert!(year.is_some_and(|fy| fy == y || fy == y - 1), "{} → {:?}", serial, year);
        }
    }

    /// Any finite number stored in a cell is read as a number; a percent format only
    /// multiplies it by 100.
    #[test]
    fn stored_numbers_are_numbers(v in -1.0e12f64..1.0e12) {
        let Value::Number(plain) = normalise(&Raw::Number { value: v, percent: false }) else {
            return Err(TestCaseError::fail(format!("{v} is not a number")));
        };
        let Value::Number(percent) = normalise(&Raw::Number { value: v, percent: true }) else {
            return Err(TestCaseError::fail(format!("{v} with % is not a number")));
        };
        let diff = (plain * Decimal::ONE_HUNDRED - percent).abs();
        prop_assert!(diff < Decimal::new(1, 6), "{} vs {}", plain, percent);
    }
}

#[test]
fn tiny_and_huge_stored_numbers() {
    // =0.1+0.2-0.3 leaves 5.55e-17 in the cell: a number close to 0, not an error.
    for v in [5.551115123125783e-17, 1e-300, -1e-30] {
        let Value::Number(n) = normalise(&Raw::Number {
            value: v,
            percent: false,
        }) else {
            panic!("{v} is not read as a number");
        };
        assert!(n.abs() < Decimal::new(1, 15), "{v} → {n}");
    }
    // Beyond a decimal's range: text as Excel shows it, which validation calls not a number.
    for (v, shown) in [(1e40, "1E+40"), (-2.5e300, "-2.5E+300")] {
        let raw = Raw::Number {
            value: v,
            percent: false,
        };
        assert_eq!(normalise(&raw), Value::Text(shown.to_string()));
    }
}

#[test]
fn infinities_and_nan_are_errors_not_numbers() {
    for v in [f64::INFINITY, f64::NEG_INFINITY, f64::NAN] {
        assert!(matches!(
            normalise(&Raw::Number {
                value: v,
                percent: false
            }),
            Value::Error(_)
        ));
    }
}
