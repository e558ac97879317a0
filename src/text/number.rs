//! Number formatting for print: thousands separators, fixed decimals, percentages, one rounding rule.
//!
//! The one rule: 四捨五入 (half away from zero) at a stated decimal place, applied once, by
//! [`round`]. Every printed number is rounded here and its `value` is the rounded value, so a
//! reader who re-computes from the printed figures gets the printed result, and 99.10% never
//! prints as 99.09999%.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::values::Number;

/// Decimals of a 達成率 in percent: 76.9%.
pub const RATE_DECIMALS: u32 = 1;

/// Decimals of a share (構成比) in percent: 40.0%.
pub const SHARE_DECIMALS: u32 = 1;

/// Decimals at most of a target computed from other figures (prorated, baseline × (1+p)):
/// 6,851.11.
pub const DERIVED_DECIMALS: u32 = 2;

/// 四捨五入 to `decimals` places: halves go away from zero (2.25 → 2.3, −2.25 → −2.3).
pub fn round(value: Decimal, decimals: u32) -> Decimal {
    value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero)
}

/// The number of decimals `value` needs to be printed without loss (trailing zeros dropped).
pub fn needed_decimals(value: Decimal) -> u32 {
    value.normalize().scale()
}

/// `value` rounded and printed with exactly `decimals` decimals and thousands separators:
/// 「1,360,000」, 「6,851.11」, 「-163」, 「99.10」.
pub fn format_decimal(value: Decimal, decimals: u32) -> String {
    let mut rounded = round(value, decimals);
    rounded.rescale(decimals);
    let text = rounded.abs().to_string();
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::with_capacity(text.len() + text.len() / 3 + 1);
    if rounded.is_sign_negative() && !rounded.is_zero() {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// The Excel number format that prints like [`format_decimal`]: "#,##0", "#,##0.00".
pub fn excel_format(decimals: u32) -> String {
    if decimals == 0 {
        "#,##0".to_string()
    } else {
        format!("#,##0.{}", "0".repeat(decimals as usize))
    }
}

/// The Excel number format that prints `number` as its text: "#,##0.00", "#,##0.0%".
pub fn excel_number_format(number: &Number) -> String {
    match (number.percent, number.decimals) {
        (false, decimals) => excel_format(decimals),
        (true, 0) => "#,##0%".to_string(),
        (true, decimals) => format!("#,##0.{}%", "0".repeat(decimals as usize)),
    }
}

/// A plain number rounded to `decimals`, so that its value is the figure it prints as.
pub fn number(value: Decimal, decimals: u32) -> Number {
    let rounded = round(value, decimals);
    Number {
        value: rounded,
        decimals,
        percent: false,
    }
}

/// A percentage given in percent (76.93) rounded to `decimals` places of a percent: the value
/// is the fraction Excel expects (0.769); it prints 「76.9%」.
pub fn percent(percent: Decimal, decimals: u32) -> Number {
    let rounded = round(percent, decimals);
    Number {
        value: (rounded / Decimal::ONE_HUNDRED).normalize(),
        decimals,
        percent: true,
    }
}

/// The circled number of a plan as the outline prints it: 1 → 「①」, 21 → 「㉑」, 29 → 「㉙」;
/// numbers without a circled form print as 「(51)」.
pub fn circled(n: u32) -> String {
    let c = match n {
        1..=20 => char::from_u32(0x2460 + n - 1),
        21..=35 => char::from_u32(0x3251 + n - 21),
        36..=50 => char::from_u32(0x32B1 + n - 36),
        _ => None,
    };
    c.map_or_else(|| format!("({n})"), String::from)
}

/// A plan named in running text: 「プラン①」; past ㊿ 「プラン51」, as 「（プラン(51)）」
/// would stack brackets.
pub fn plan_label(n: u32) -> String {
    let mark = circled(n);
    if mark.starts_with('(') {
        format!("プラン{n}")
    } else {
        format!("プラン{mark}")
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(round(d("76.95"), 1), d("77.0"));
        assert_eq!(round(d("76.949999"), 1), d("76.9"));
        assert_eq!(round(d("-2.25"), 1), d("-2.3"));
        assert_eq!(round(d("2.5"), 0), d("3"));
        assert_eq!(round(d("99.10"), 2), d("99.10"));
    }

    #[test]
    fn prints_with_separators_and_fixed_decimals() {
        assert_eq!(format_decimal(d("1360000"), 0), "1,360,000");
        assert_eq!(format_decimal(d("6851.11"), 2), "6,851.11");
        assert_eq!(format_decimal(d("6851.105"), 2), "6,851.11");
        assert_eq!(format_decimal(d("-163"), 0), "-163");
        assert_eq!(format_decimal(d("-0.004"), 2), "0.00");
        assert_eq!(format_decimal(d("99.1"), 2), "99.10");
        assert_eq!(format_decimal(d("100"), 0), "100");
        assert_eq!(format_decimal(d("999.999"), 2), "1,000.00");
        assert_eq!(format_decimal(d("0"), 1), "0.0");
        assert_eq!(format_decimal(d("123456.5"), 0), "123,457");
        // Extremes print without panicking (the scale cannot grow past 28 digits).
        assert_eq!(
            format_decimal(Decimal::MAX, 0),
            "79,228,162,514,264,337,593,543,950,335"
        );
        assert!(format_decimal(Decimal::MIN, 2).starts_with("-79,228"));
    }

    #[test]
    fn numbers_agree_in_value_text_and_format() {
        let n = number(d("6851.1100"), 2);
        assert_eq!(n.value, d("6851.11"));
        assert_eq!(format_decimal(n.value, n.decimals), "6,851.11");
        assert_eq!(excel_number_format(&n), "#,##0.00");
        assert_eq!(excel_number_format(&number(d("7063"), 0)), "#,##0");
    }

    /// A percentage as compose prints it: the fraction in percent, at its decimals.
    pub(super) fn percent_text(p: &Number) -> String {
        format!(
            "{}%",
            format_decimal(p.value * Decimal::ONE_HUNDRED, p.decimals)
        )
    }

    #[test]
    fn percentages_never_show_float_noise() {
        let p = percent(d("163") / d("211.89") * d("100"), RATE_DECIMALS);
        assert_eq!(percent_text(&p), "76.9%");
        assert_eq!(p.value, d("0.769"));
        assert_eq!(excel_number_format(&p), "#,##0.0%");
        assert_eq!(excel_number_format(&percent(d("50"), 0)), "#,##0%");
        assert_eq!(percent_text(&percent(d("99.10"), 2)), "99.10%");
        assert_eq!(percent_text(&percent(d("206.66"), 1)), "206.7%");
        assert_eq!(percent_text(&percent(d("-64.66"), 1)), "-64.7%");
        assert_eq!(percent(d("100"), 1).value, d("1"));
        assert_eq!(percent_text(&percent(d("1234.56"), 1)), "1,234.6%");
    }

    #[test]
    fn circled_numbers_match_the_outline() {
        assert_eq!(circled(1), "①");
        assert_eq!(circled(20), "⑳");
        assert_eq!(circled(21), "㉑");
        assert_eq!(circled(29), "㉙");
        assert_eq!(circled(35), "㉟");
        assert_eq!(circled(36), "㊱");
        assert_eq!(circled(50), "㊿");
        assert_eq!(circled(51), "(51)");
        assert_eq!(circled(0), "(0)");
    }

    #[test]
    fn plan_labels_do_not_stack_brackets() {
        assert_eq!(plan_label(11), "プラン⑪");
        assert_eq!(plan_label(50), "プラン㊿");
        assert_eq!(plan_label(437), "プラン437");
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// The printed text, read back, is exactly the rounded value: nothing is lost or invented.
        #[test]
        fn text_reads_back_as_the_value(mantissa in -10_000_000_000i64..10_000_000_000, scale in 0u32..6, decimals in 0u32..4) {
            let value = Decimal::new(mantissa, scale);
            let n = number(value, decimals);
            let text = format_decimal(n.value, n.decimals);
            let back: Decimal = text.replace(',', "").parse().unwrap();
            prop_assert_eq!(back, n.value);
            prop_assert_eq!(n.value, round(value, decimals));
            prop_assert!((n.value - value).abs() * Decimal::from(10u64.pow(decimals)) <= Decimal::new(5, 1));
            let frac = text.split_once('.').map_or(0, |(_, f)| f.len());
            prop_assert_eq!(frac, decimals as usize);
        }

        #[test]
        fn percent_value_is_the_text_over_a_hundred(mantissa in -100_000_000i64..100_000_000, scale in 0u32..6) {
            let p = percent(Decimal::new(mantissa, scale), RATE_DECIMALS);
            let shown: Decimal = super::tests::percent_text(&p).trim_end_matches('%').replace(',', "").parse().unwrap();
            prop_assert_eq!(shown / Decimal::ONE_HUNDRED, p.value);
        }
    }
}
