//! Validation: one small broken submission per rule of §3 of issue 3, each giving its
//! diagnostic at the right cell; the corpus is committed under tests/fixtures/intake/.

#[path = "fixtures/intake/helper.rs"]
mod helper;

use helper::{C, Case, Sheet, a1};

const DEPT: &str = "情報統計課";

/// The plan ① workbook of 情報統計課 for 2024 with one edit of its plan sheet; returns the
/// bytes and the A1 name of the cell the edit touched.
fn one(edit: impl FnOnce(&mut Sheet) -> (u32, u32)) -> (Vec<u8>, String) {
    let mut cell = String::new();
    let bytes = helper::filled(DEPT, 2024, |sheets| {
        cell = a1(edit(&mut sheets[1]));
    });
    (bytes, cell)
}

fn case(
    name: &'static str,
    code: &'static str,
    edit: impl FnOnce(&mut Sheet) -> (u32, u32),
) -> Case {
    let (bytes, cell) = one(edit);
    Case {
        name,
        files: vec![("情報統計課.xlsx".to_string(), bytes)],
        year: Some(2024),
        expect: vec![(code, "情報統計課.xlsx".to_string(), cell)],
    }
}

fn dept_case(
    name: &'static str,
    code: &'static str,
    department: &str,
    sheet_prefix: char,
    edit: impl FnOnce(&mut Sheet) -> (u32, u32),
) -> Case {
    let mut cell = String::new();
    let bytes = helper::filled(department, 2024, |sheets| {
        let s = sheets
            .iter_mut()
            .find(|s| s.name.starts_with(sheet_prefix))
            .unwrap();
        cell = a1(edit(s));
    });
    let file = format!("{department}.xlsx");
    Case {
        name,
        files: vec![(file.clone(), bytes)],
        year: Some(2024),
        expect: vec![(code, file, cell)],
    }
}

#[test]
fn corpus_of_invalid_submissions() {
    let mut cases = vec![
        case("plan-unknown-number", "plan-unknown", |s| {
            s.set_beside("アクションプラン", C::S("㊿ 架空のプラン".into()))
        }),
        case("plan-unknown-name", "plan-unknown", |s| {
            s.set_beside("アクションプラン", C::S("存在しないプランの名前".into()))
        }),
        case("plan-name-mismatch", "plan-name-mismatch", |s| {
            s.set_beside(
                "アクションプラン",
                C::S("① e-Tax及びeLTAXによる自主申告の推進".into()),
            )
        }),
        case("plan-other-department", "plan-other-department", |s| {
            s.set_beside("担当課", C::S("税務課".into()))
        }),
        case("year-missing", "year-missing", |s| {
            let (r, c) = s.find("年度");
            s.cells.remove(&(r, c + 1));
            (r, c + 1)
        }),
        case("year-invalid", "year-invalid", |s| {
            s.set_beside("年度", C::S("来年度".into()))
        }),
        case("year-outside-period", "year-outside-period", |s| {
            s.set_beside("年度", C::S("令和7年度".into()))
        }),
        case("required-empty", "required-empty", |s| {
            let pos = s.set_column("実績値", "1", C::N(0.0));
            s.cells.remove(&pos);
            pos
        }),
        case("value-not-number", "value-not-number", |s| {
            s.set_column("実績値", "2", C::S("未集計".into()))
        }),
        case("value-error", "value-error", |s| {
            s.set_column("実績値", "1", C::F("=1/0".into(), "#DIV/0!".into()))
        }),
        case("value-negative", "value-negative", |s| {
            s.set_column("実績値", "1", C::N(-3.0))
        }),
        case("grade-unknown", "grade-unknown", |s| {
            s.set_beside("自己評価", C::S("S".into()))
        }),
        case("grade-empty", "required-empty", |s| {
            let pos = s.set_beside("自己評価", C::N(0.0));
            s.cells.remove(&pos);
            pos
        }),
        case("text-too-long", "text-too-long", |s| {
            s.set_beside("取組実績", C::S("研修を実施した。".repeat(60)))
        }),
        case("field-empty", "field-empty", |s| {
            let pos = s.set_beside("記入者", C::N(0.0));
            s.cells.remove(&pos);
            pos
        }),
        dept_case(
            "value-over-100",
            "value-over-100",
            "職員課",
            '㉗',
            |s| s.set_column("実績値", "1", C::N(120.0)),
        ),
        dept_case(
            "previous-empty",
            "required-empty",
            "職員課",
            '㉗',
            |s| {
                let pos = s.set_column("前年度実績", "2a", C::N(0.0));
                s.cells.remove(&pos);
                pos
            },
        ),
        dept_case(
            "reference-empty",
            "required-empty",
            "財政課",
            '⑪',
            |s| {
                let pos = s.set_column("参考値", "1", C::N(0.0));
                s.cells.remove(&pos);
                pos
            },
        ),
    ];

    // Twice the same plan and year: both files named.
    let (bytes, _) = one(|s| s.find("年度"));
    let (plan_cell, _) = {
        let sheets = helper::form_sheets(DEPT, 2024);
        let (r, c) = sheets[1].find("アクションプラン");
        (a1((r, c + 1)), ())
    };
    cases.push(Case {
        name: "submission-duplicate",
        files: vec![
            ("a/情報統計課.xlsx".to_string(), bytes.clone()),
            ("b/情報統計課（再提出）.xlsx".to_string(), bytes),
        ],
        year: Some(2024),
        expect: vec![(
            "submission-duplicate",
            "b/情報統計課（再提出）.xlsx".to_string(),
            plan_cell,
        )],
    });

    // More than ten times last year's value.
    let last = helper::filled("秘書広報課", 2023, |sheets| {
        sheets[1].set_column("実績値", "1", C::N(100.0));
    });
    let mut cell = String::new();
    let now = helper::filled("秘書広報課", 2024, |sheets| {
        cell = a1(sheets[1].set_column("実績値", "1", C::N(5000.0)));
    });
    cases.push(Case {
        name: "value-jump",
        files: vec![
            ("2023/秘書広報課.xlsx".to_string(), last),
            ("2024/秘書広報課.xlsx".to_string(), now),
        ],
        year: Some(2024),
        expect: vec![("value-jump", "2024/秘書広報課.xlsx".to_string(), cell)],
    });

    // Only one department submitted: every other plan of the year is 未提出.
    let (bytes, _) = one(|s| s.find("年度"));
    cases.push(Case {
        name: "plan-not-submitted",
        files: vec![("情報統計課.xlsx".to_string(), bytes)],
        year: Some(2024),
        expect: vec![("plan-not-submitted", String::new(), String::new())],
    });
    helper::run_corpus(cases);
}

#[test]
fn records_of_all_years_and_the_report_year() {
    let plans = helper::plans();
    let dir = tempfile::tempdir().unwrap();
    for year in [2022, 2023, 2024] {
        let bytes = helper::filled(DEPT, year, |_| {});
        std::fs::write(dir.path().join(format!("{year}.xlsx")), bytes).unwrap();
    }
    let intake = hyoka::intake::read_dir(dir.path(), &Default::default()).unwrap();
    let v = hyoka::validate::validate(&plans, &intake, None);
    assert_eq!(v.year, Some(2024), "the latest year found");
    let years: Vec<i32> = v.records.iter().map(|r| r.year).collect();
    assert_eq!(years, [2022, 2023, 2024]);
    let missing: Vec<u32> = v
        .diagnostics
        .iter()
        .filter(|d| d.code == "plan-not-submitted")
        .filter_map(|d| d.plan)
        .collect();
    assert!(!missing.contains(&1));
    assert!(missing.contains(&2));
    assert!(!missing.contains(&9), "⑨ ends in 2023: not due in 2024");
    let v = hyoka::validate::validate(&plans, &intake, Some(2022));
    assert_eq!(v.year, Some(2022));
    assert_eq!(
        v.records.len(),
        3,
        "history is kept whatever the report year"
    );
    let missing = |n: u32| {
        v.diagnostics
            .iter()
            .any(|d| d.code == "plan-not-submitted" && d.plan == Some(n))
    };
    assert!(!missing(24), "㉔ ended in 2021: not due in 2022");
    assert!(missing(2));
}

#[test]
fn plan_recognised_by_number_or_name() {
    let plans = helper::plans();
    for text in [
        "1",
        "No.1",
        "①",
        "情報セキュリティ対策の強化",
        "１　情報セキュリティ対策の強化",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let bytes = helper::filled(DEPT, 2024, |sheets| {
            sheets[1].set_beside("アクションプラン", C::S(text.into()));
        });
        std::fs::write(dir.path().join("a.xlsx"), bytes).unwrap();
        let intake = hyoka::intake::read_dir(dir.path(), &Default::default()).unwrap();
        let v = hyoka::validate::validate(&plans, &intake, Some(2024));
        assert_eq!(v.records.len(), 1, "{text}");
        assert_eq!(v.records[0].plan, 1, "{text}");
        assert!(!v.diagnostics.iter().any(|d| d.is_error()), "{text}");
    }
}

#[test]
fn every_code_is_listed() {
    let codes: Vec<&str> = hyoka::validate::CODES.iter().map(|c| c.0).collect();
    let src: String = [
        "src/validate/check.rs",
        "src/validate/list.rs",
        "src/intake/mod.rs",
        "src/intake/list.rs",
        "src/intake/year.rs",
    ]
    .iter()
    .map(|f| {
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(f)).unwrap()
    })
    .collect();
    for (i, part) in src.split("Diagnostic::").skip(1).enumerate() {
        let Some(code) = part.split('"').nth(1) else {
            continue;
        };
        if part.starts_with("error(") || part.starts_with("warning(") {
            assert!(codes.contains(&code), "code {code} (#{i}) not in CODES");
        }
    }
}
