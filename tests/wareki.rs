//! 和暦 and fiscal years through the public API, as the CLI's `--year` and the book use them.

use hyoka::text::wareki::{
    Date, WarekiError, fiscal_year_era, fiscal_year_label, fiscal_year_short, parse_fiscal_year,
};

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
    let day = |m, d| Date::new(2019, m, d).unwrap().label();
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
    assert_eq!(Date::new(2025, 3, 31).unwrap().label(), "令和7年3月31日");
}

#[test]
fn errors_are_japanese_and_name_the_text() {
    let err = parse_fiscal_year("来年度").unwrap_err();
    assert_eq!(
        err.to_string(),
        "「来年度」は年度として読めません（例: 2024、2024年度、令和6年度、R6）"
    );
}
