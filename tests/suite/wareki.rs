//! 和暦 and fiscal years through the public API, as the CLI's `--year` and the book use them.

use hyoka::text::wareki::{
    WarekiError, date_label, fiscal_year_era, fiscal_year_label, fiscal_year_short,
    parse_fiscal_year,
};
use hyoka::values::Date;

#[test]
fn every_form_the_issue_lists() {
    let cases = [
        ("2024", 2024),
        ("2024年度", 2024),
        ("令和6年度", 2024),
        ("令和６年度", 2024),
        ("R6", 2024),
        ("Ｒ６", 2024),
        ("令和元年度", 2019),
        ("平成31年度", 2019),
        ("平成30年度", 2018),
        ("H30", 2018),
        ("Ｈ３０年度", 2018),
        (" 令和 6 年度 ", 2024),
    ];
    for (text, year) in cases {
        assert_eq!(parse_fiscal_year(text), Ok(year), "{text}");
    }
}

#[test]
fn the_heisei_reiwa_boundary() {
    // FY2019 began in 平成31年 and became 令和元年 on 1 May: printed 令和元年度, both accepted.
    assert_eq!(fiscal_year_label(2019), "令和元年度（2019年度）");
    assert_eq!(fiscal_year_era(2019), "令和元年度");
    assert_eq!(fiscal_year_short(2019), "R1");
    assert_eq!(
        parse_fiscal_year("平成31年度"),
        parse_fiscal_year("令和元年度")
    );
    assert!(matches!(
        parse_fiscal_year("平成32年度"),
        Err(WarekiError::OutOfEra(_))
    ));
    let day = |m, d| date_label(Date::new(2019, m, d).unwrap());
    assert_eq!(day(4, 30), "平成31年4月30日");
    assert_eq!(day(5, 1), "令和元年5月1日");
}

#[test]
fn printed_forms_round_trip() {
    for year in 1989..=2040 {
        for text in [
            fiscal_year_label(year),
            fiscal_year_era(year),
            fiscal_year_short(year),
        ] {
            assert_eq!(parse_fiscal_year(&text), Ok(year), "{text}");
        }
    }
    assert_eq!(fiscal_year_label(2024), "令和6年度（2024年度）");
    assert_eq!(
        date_label(Date::new(2025, 3, 31).unwrap()),
        "令和7年3月31日"
    );
}

#[test]
fn errors_are_japanese_and_name_the_text() {
    let err = parse_fiscal_year("来年度").unwrap_err();
    assert_eq!(
        err.to_string(),
        "「来年度」は年度として読めません（例: 2024、2024年度、令和6年度、R6）"
    );
}

mod properties {
    use hyoka::text::wareki::{
        fiscal_year_era, fiscal_year_label, fiscal_year_short, parse_fiscal_year,
    };
    use proptest::prelude::*;

    /// The first fiscal year with a 和暦 (昭和2年度) and a last one well past 令和99年度.
    const YEARS: std::ops::RangeInclusive<i32> = 1927..=2200;

    /// Full-width letters, digits and brackets: 「Ｒ６」「令和６年度（２０２４年度）」.
    fn full_width(s: &str) -> String {
        s.chars()
            .map(|c| match c {
                '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
                '（' | '）' => c,
                other => other,
            })
            .collect()
    }

    /// Every way this program prints a fiscal year, and the other ways people write it.
    fn forms(year: i32) -> Vec<String> {
        let short = fiscal_year_short(year);
        let mut v = vec![
            fiscal_year_label(year),
            fiscal_year_era(year),
            short.clone(),
            short.to_lowercase(),
            format!("{short}年度"),
            year.to_string(),
            format!("{year}年度"),
            format!("FY{year}"),
            format!("{}（{year}年度）", fiscal_year_era(year)),
            format!("{}({year})", fiscal_year_era(year)),
        ];
        // 「R06」: the era year written with two digits.
        let (letter, number) = short.split_at(1);
        if number.len() == 1 {
            v.push(format!("{letter}0{number}"));
        }
        // 「令和元年度」 is printed; 「令和1年度」 is typed too.
        if let Some(era) = fiscal_year_era(year).strip_suffix("元年度") {
            v.push(format!("{era}1年度"));
        }
        let wide: Vec<String> = v.iter().map(|s| full_width(s)).collect();
        v.extend(wide);
        v
    }

    proptest! {
        /// Every printed form, half- or full-width, with spaces anywhere, parses back.
        #[test]
        fn every_form_of_a_year_parses_back(year in YEARS, spaces in prop::collection::vec(0usize..12, 0..3)) {
            for text in forms(year) {
                prop_assert_eq!(parse_fiscal_year(&text), Ok(year), "{:?}", text);
                let mut spaced: Vec<char> = text.chars().collect();
                for &at in &spaces {
                    spaced.insert(at.min(spaced.len()), if at % 2 == 0 { ' ' } else { '　' });
                }
                let spaced: String = spaced.into_iter().collect();
                prop_assert_eq!(parse_fiscal_year(&spaced), Ok(year), "{:?}", spaced);
            }
        }

        /// The label of two different years never agrees: 和暦 and 西暦 in one text must match.
        #[test]
        fn a_label_with_another_western_year_is_refused(year in YEARS, other in YEARS) {
            prop_assume!(year != other);
            let text = format!("{}（{other}年度）", fiscal_year_era(year));
            prop_assert!(parse_fiscal_year(&text).is_err(), "{:?}", text);
        }

        /// Any text: no panic; and a year read from it prints as a label that reads back as
        /// the same year (what `--year` accepts, the book can print and read again).
        #[test]
        fn any_text_parses_without_panic_and_consistently(s in any::<String>()) {
            if let Ok(year) = parse_fiscal_year(&s) {
                prop_assert_eq!(parse_fiscal_year(&fiscal_year_label(year)), Ok(year), "{:?}", s);
            }
        }

        /// Text made of the pieces years are written with, in any order: the same two
        /// properties, on inputs that reach every branch of the parser.
        #[test]
        fn year_like_text_parses_consistently(parts in prop::collection::vec(prop::sample::select(vec![
            "令和", "平成", "昭和", "R", "H", "S", "r", "Ｒ", "FY", "元", "0", "1", "6", "9",
            "30", "31", "64", "2019", "2024", "０", "６", "年", "年度", "(", ")", "（", "）",
            " ", "　", ".",
        ]), 0..7)) {
            let s: String = parts.concat();
            if let Ok(year) = parse_fiscal_year(&s) {
                prop_assert_eq!(parse_fiscal_year(&fiscal_year_label(year)), Ok(year), "{:?}", s);
                prop_assert_eq!(parse_fiscal_year(&fiscal_year_short(year)), Ok(year), "{:?}", s);
            }
        }
    }
}
