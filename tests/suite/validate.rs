//! Validation: one small broken submission per rule of §3 of issue 3, each giving its
//! diagnostic at the right cell; the corpus is committed under tests/fixtures/intake/.

use crate::helper;

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

/// A department's filled workbook for `year` after `edit`, written with what `edit` adds to
/// the `Extra` (formats, hidden rows, formulas without results, saved date).
fn filled_with(
    department: &str,
    year: i32,
    edit: impl FnOnce(&mut Vec<Sheet>, &mut helper::Extra),
) -> Vec<u8> {
    let mut sheets = helper::form_sheets(department, year);
    helper::fill_all(&mut sheets, 0.0);
    let mut extra = helper::Extra::default();
    edit(&mut sheets, &mut extra);
    helper::write_with(&sheets, &extra)
}

/// The index of the sheet of plan `mark` (「㉗」) in a department's workbook.
fn plan_sheet(sheets: &[Sheet], mark: char) -> usize {
    sheets
        .iter()
        .position(|s| s.name.starts_with(mark))
        .unwrap_or_else(|| panic!("no sheet {mark}"))
}

/// Moves every cell at or below `row` down by `n` rows (rows inserted by a clerk, with
/// nothing written in them yet).
fn insert_rows(s: &mut Sheet, row: u32, n: u32) {
    s.cells = s
        .cells
        .iter()
        .map(|(&(r, c), v)| (if r >= row { (r + n, c) } else { (r, c) }, v.clone()))
        .collect();
}

fn one_file(
    name: &'static str,
    file: &str,
    bytes: Vec<u8>,
    expect: Vec<(&'static str, String)>,
) -> Case {
    Case {
        name,
        files: vec![(file.to_string(), bytes)],
        year: Some(2024),
        expect: expect
            .into_iter()
            .map(|(code, cell)| (code, file.to_string(), cell))
            .collect(),
    }
}

/// Workbooks filled the way clerks really fill them (issue 12): each case gives an error or
/// a correct read, never a quiet guess. A case whose sheet is read right lists the plans not
/// submitted, so that its answer file still says what was read.
#[test]
fn corpus_of_what_clerks_send() {
    let mut cases = Vec::new();

    // §1.1 99.61 typed, then the cell given a % format (Excel shows 9961.00%); a negative
    // share; 将来負担比率 above 100% is a ratio that can be.
    let mut cells = Vec::new();
    let staff = filled_with("職員課", 2024, |sheets, extra| {
        let i = plan_sheet(sheets, '㉗');
        let pos = sheets[i].set_column("実績値", "1", C::N(99.61));
        extra.percent.push((i, pos));
        cells.push(a1(pos));
        cells.push(a1(sheets[i].set_column("実績値", "3", C::N(-5.0))));
    });
    let finance = filled_with("財政課", 2024, |sheets, _| {
        let i = plan_sheet(sheets, '⑪');
        sheets[i].set_column("実績値", "1", C::N(120.0));
        sheets[i].set_column("参考値", "1", C::N(130.0));
    });
    cases.push(Case {
        name: "rate-impossible",
        files: vec![
            ("職員課.xlsx".to_string(), staff),
            ("財政課.xlsx".to_string(), finance),
        ],
        year: Some(2024),
        expect: vec![
            (
                "value-over-100",
                "職員課.xlsx".to_string(),
                cells[0].clone(),
            ),
            (
                "value-negative",
                "職員課.xlsx".to_string(),
                cells[1].clone(),
            ),
        ],
    });

    // §1.2 取組実績 in three rows (rows inserted under the field), and a fourth paragraph
    // typed beside the field's column, which is not read and is reported.
    let mut beside = (0, 0);
    let bytes = filled_with(DEPT, 2024, |sheets, _| {
        let s = &mut sheets[1];
        let (r, c) = s.find("取組実績");
        insert_rows(s, r + 1, 2);
        s.cells
            .insert((r, c + 1), C::S("研修会を2回実施した。".into()));
        s.cells.insert(
            (r + 1, c + 1),
            C::S("e-ラーニングを全職員が受講した。".into()),
        );
        s.cells
            .insert((r + 2, c + 1), C::S("標的型メール訓練を行った。".into()));
        beside = (r + 2, c + 3);
        s.cells
            .insert(beside, C::S("（別の列に書いた補足）".into()));
    });
    cases.push(one_file(
        "text-continued",
        "情報統計課.xlsx",
        bytes,
        vec![("text-not-read", a1(beside))],
    ));

    // §1.3 A hidden stale copy of an indicator row above the visible one; a hidden stale
    // 実績値 column left of the visible one.
    let mut hidden_cell = (0, 0);
    let rows = filled_with(DEPT, 2024, |sheets, extra| {
        let s = &mut sheets[1];
        let row = s.set_column("実績値", "1", C::N(0.0)).0;
        let stale: Vec<((u32, u32), C)> = s
            .cells
            .range((row, 0)..(row + 1, 0))
            .map(|(&(_, c), v)| ((row, c), v.clone()))
            .collect();
        insert_rows(s, row, 1);
        for (pos, v) in stale {
            s.cells.insert(pos, v);
        }
        let (_, actual_col) = s.find("実績値");
        s.cells.insert((row, actual_col), C::N(5.0));
        hidden_cell = (row, 0);
        extra.hidden_rows.push((1, row));
    });
    let mut hidden_col_cell = (0, 0);
    let cols = filled_with(DEPT, 2024, |sheets, extra| {
        let s = &mut sheets[1];
        let (hr, col) = s.find("実績値");
        s.insert_col(col);
        s.cells.insert((hr, col), C::S("実績値".into()));
        s.cells.insert((hr + 1, col), C::N(3.0));
        s.cells.insert((hr + 2, col), C::N(4.0));
        hidden_col_cell = (hr, col);
        extra.hidden_cols.push((1, col as u16));
    });
    cases.push(one_file(
        "hidden-rows",
        "情報統計課.xlsx",
        rows,
        vec![("hidden-data", a1(hidden_cell))],
    ));
    cases.push(one_file(
        "hidden-columns",
        "情報統計課.xlsx",
        cols,
        vec![("hidden-data", a1(hidden_col_cell))],
    ));

    // §1.4 An indicator row copied to type a corrected value, the old one kept; and a second
    // 取組実績 field below the first.
    let mut second = (0, 0);
    let twice = filled_with(DEPT, 2024, |sheets, _| {
        let s = &mut sheets[1];
        let row = s.set_column("実績値", "1", C::N(0.0)).0;
        let copy: Vec<((u32, u32), C)> = s
            .cells
            .range((row, 0)..(row + 1, 0))
            .map(|(&(_, c), v)| ((row + 1, c), v.clone()))
            .collect();
        insert_rows(s, row + 1, 1);
        for (pos, v) in copy {
            s.cells.insert(pos, v);
        }
        let (_, actual_col) = s.find("実績値");
        second = (row + 1, actual_col);
        s.cells.insert(second, C::N(1.0));
    });
    let mut field = (0, 0);
    let field_twice = filled_with("職員課", 2024, |sheets, _| {
        let i = plan_sheet(sheets, '㉘');
        let s = &mut sheets[i];
        let last = s.cells.keys().map(|p| p.0).max().unwrap();
        field = (last + 2, 0);
        s.cells.insert(field, C::S("取組実績".into()));
        s.cells.insert((last + 2, 1), C::S("前年度の文章".into()));
    });
    cases.push(Case {
        name: "indicator-twice",
        files: vec![
            ("情報統計課.xlsx".to_string(), twice),
            ("職員課.xlsx".to_string(), field_twice),
        ],
        year: Some(2024),
        expect: vec![
            (
                "indicator-row-duplicate",
                "情報統計課.xlsx".to_string(),
                a1(second),
            ),
            ("field-duplicate", "職員課.xlsx".to_string(), a1(field)),
        ],
    });

    // §2 「なし」 for a zero target; notes after a number; 万 and 千; two numbers or a
    // vague word stay errors.
    let mut none_cells = Vec::new();
    let none = filled_with(DEPT, 2024, |sheets, _| {
        none_cells.push(a1(sheets[1].set_column("実績値", "1", C::S("なし".into()))));
        none_cells.push(a1(sheets[1].set_column(
            "実績値",
            "2",
            C::S("該当なし".into()),
        )));
    });
    let mut commerce_cells = Vec::new();
    let commerce = filled_with("商工労政課", 2024, |sheets, _| {
        for (mark, text) in [('⑥', "52（速報値）"), ('㉕', "12※1"), ('㉖', "48→52")] {
            let i = plan_sheet(sheets, mark);
            commerce_cells.push(a1(sheets[i].set_column("実績値", "1", C::S(text.into()))));
        }
    });
    let mut pr_cell = String::new();
    let pr = filled_with("秘書広報課", 2024, |sheets, _| {
        pr_cell = a1(sheets[1].set_column("実績値", "1", C::S("105.1万人".into())));
    });
    let mut local_cells = Vec::new();
    let local = filled_with("地域づくり課", 2024, |sheets, _| {
        let i = plan_sheet(sheets, '⑱');
        local_cells.push(a1(sheets[i].set_column(
            "実績値",
            "1",
            C::S("52件（うち新規12件）".into()),
        )));
        local_cells.push(a1(sheets[i].set_column("実績値", "2", C::S("約52".into()))));
        let j = plan_sheet(sheets, '⑰');
        local_cells.push(a1(sheets[j].set_column(
            "実績値",
            "1",
            C::S("1.2千区".into()),
        )));
    });
    let mut bridge_cell = String::new();
    let bridges = filled_with("建設課", 2024, |sheets, _| {
        bridge_cell = a1(sheets[1].set_column("実績値", "1", C::S("2～3橋".into())));
    });
    cases.push(Case {
        name: "value-annotations",
        files: vec![
            ("情報統計課.xlsx".to_string(), none),
            ("商工労政課.xlsx".to_string(), commerce),
            ("秘書広報課.xlsx".to_string(), pr),
            ("地域づくり課.xlsx".to_string(), local),
            ("建設課.xlsx".to_string(), bridges),
        ],
        year: Some(2024),
        expect: vec![
            (
                "value-none-as-zero",
                "情報統計課.xlsx".into(),
                none_cells[0].clone(),
            ),
            (
                "value-none-as-zero",
                "情報統計課.xlsx".into(),
                none_cells[1].clone(),
            ),
            (
                "value-annotated",
                "商工労政課.xlsx".into(),
                commerce_cells[0].clone(),
            ),
            (
                "value-annotated",
                "商工労政課.xlsx".into(),
                commerce_cells[1].clone(),
            ),
            (
                "value-not-number",
                "商工労政課.xlsx".into(),
                commerce_cells[2].clone(),
            ),
            (
                "value-not-number",
                "建設課.xlsx".into(),
                bridge_cell.clone(),
            ),
            ("value-scaled", "秘書広報課.xlsx".into(), pr_cell.clone()),
            (
                "value-not-number",
                "地域づくり課.xlsx".into(),
                local_cells[0].clone(),
            ),
            (
                "value-not-number",
                "地域づくり課.xlsx".into(),
                local_cells[1].clone(),
            ),
            (
                "value-scaled",
                "地域づくり課.xlsx".into(),
                local_cells[2].clone(),
            ),
        ],
    });

    // §2 自己評価 「Ｂ評価」「B評価」: read as B.
    let grades = filled_with("職員課", 2024, |sheets, _| {
        let i = plan_sheet(sheets, '㉗');
        sheets[i].set_beside("自己評価", C::S("Ｂ評価".into()));
        let j = plan_sheet(sheets, '㉘');
        sheets[j].set_beside("自己評価", C::S("B評価".into()));
    });
    cases.push(Case {
        name: "grade-written-out",
        files: vec![("職員課.xlsx".to_string(), grades)],
        year: Some(2024),
        expect: vec![("plan-not-submitted", String::new(), String::new())],
    });

    // §2 Formulas written by a program that never computed them.
    let mut formula_cells = Vec::new();
    let formulas = filled_with(DEPT, 2024, |sheets, extra| {
        let actual = sheets[1].set_column("実績値", "1", C::N(0.0));
        sheets[1].cells.remove(&actual);
        let text = sheets[1].set_beside("取組実績", C::N(0.0));
        sheets[1].cells.remove(&text);
        extra.uncalculated.push((1, actual, "1+1".into()));
        extra
            .uncalculated
            .push((1, text, "\"研修を\"&\"実施した。\"".into()));
        formula_cells.push(a1(actual));
        formula_cells.push(a1(text));
    });
    cases.push(Case {
        name: "formula-uncalculated",
        files: vec![("情報統計課.xlsx".to_string(), formulas)],
        year: Some(2024),
        expect: vec![
            (
                "value-uncalculated",
                "情報統計課.xlsx".into(),
                formula_cells[0].clone(),
            ),
            (
                "value-uncalculated",
                "情報統計課.xlsx".into(),
                formula_cells[1].clone(),
            ),
        ],
    });

    // §2 A text over the intake limit (10,000 characters): cut, and said where.
    let mut long_cell = String::new();
    let long = filled_with(DEPT, 2024, |sheets, _| {
        long_cell = a1(sheets[1].set_beside("取組実績", C::S("研修を実施した。".repeat(1_500))));
    });
    cases.push(one_file(
        "text-cut",
        "情報統計課.xlsx",
        long,
        vec![("text-cut", long_cell)],
    ));

    // §2 The same plan submitted twice, the revised file saved later.
    let (plan_cell, _) = {
        let sheets = helper::form_sheets(DEPT, 2024);
        let (r, c) = sheets[1].find("アクションプラン");
        (a1((r, c + 1)), ())
    };
    let original = filled_with(DEPT, 2024, |_, extra| {
        extra.saved = Some((2024, 5, 1, 9, 0))
    });
    let revised = filled_with(DEPT, 2024, |sheets, extra| {
        sheets[1].set_column("実績値", "1", C::N(0.0));
        extra.saved = Some((2024, 5, 10, 17, 30));
    });
    cases.push(Case {
        name: "submission-revised",
        files: vec![
            ("情報統計課.xlsx".to_string(), original),
            ("情報統計課（修正版）.xlsx".to_string(), revised),
        ],
        year: Some(2024),
        expect: vec![(
            "submission-duplicate",
            "情報統計課（修正版）.xlsx".to_string(),
            plan_cell,
        )],
    });

    // §3 A value that falls to a tenth or less of last year's (a 万 slip).
    let last = helper::filled("秘書広報課", 2023, |sheets| {
        sheets[1].set_column("実績値", "1", C::N(825_462.0));
    });
    let mut cell = String::new();
    let now = helper::filled("秘書広報課", 2024, |sheets| {
        cell = a1(sheets[1].set_column("実績値", "1", C::N(79.0)));
    });
    cases.push(Case {
        name: "value-drop",
        files: vec![
            ("2023/秘書広報課.xlsx".to_string(), last),
            ("2024/秘書広報課.xlsx".to_string(), now),
        ],
        year: Some(2024),
        expect: vec![("value-drop", "2024/秘書広報課.xlsx".to_string(), cell)],
    });

    // §3 A 前年度実績 typed this year that is not last year's reported 実績値.
    let last = helper::filled("職員課", 2023, |sheets| {
        let i = plan_sheet(sheets, '㉗');
        sheets[i].set_column("実績値", "2a", C::N(120.0));
    });
    let mut cell = String::new();
    let now = helper::filled("職員課", 2024, |sheets| {
        let i = plan_sheet(sheets, '㉗');
        sheets[i].set_column("実績値", "2a", C::N(110.0));
        cell = a1(sheets[i].set_column("前年度実績", "2a", C::N(100.0)));
    });
    cases.push(Case {
        name: "previous-mismatch",
        files: vec![
            ("2023/職員課.xlsx".to_string(), last),
            ("2024/職員課.xlsx".to_string(), now),
        ],
        year: Some(2024),
        expect: vec![("previous-mismatch", "2024/職員課.xlsx".to_string(), cell)],
    });
    helper::run_corpus(cases);
}

/// What the cases of [`corpus_of_what_clerks_send`] and the .xls/.ods percent cases are read
/// as: the figures and texts the sheets show, or none where the sheet does not say.
#[test]
fn what_the_clerks_files_are_read_as() {
    use rust_decimal::Decimal;
    let plans = helper::plans();
    let read = |case: &str| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/intake")
            .join(case)
            .join("input");
        let intake = hyoka::intake::read_dir(&dir, &Default::default()).unwrap();
        hyoka::validate::validate(&plans, &intake, Some(2024))
    };
    let actual = |v: &hyoka::validate::Validated, plan: u32, key: &str| {
        v.records
            .iter()
            .find(|r| r.plan == plan && r.year == 2024)
            .unwrap_or_else(|| panic!("no record of plan {plan}"))
            .indicators
            .iter()
            .find(|i| i.key == key)
            .unwrap()
            .actual
    };
    let d = |s: &str| Some(s.parse::<Decimal>().unwrap());

    let v = read("text-continued");
    assert_eq!(
        v.records[0].achievements,
        "研修会を2回実施した。\ne-ラーニングを全職員が受講した。\n標的型メール訓練を行った。"
    );
    for case in [
        "hidden-rows",
        "hidden-columns",
        "hidden-rows-xls",
        "hidden-columns-ods",
    ] {
        let v = read(case);
        assert_eq!(actual(&v, 1, "1"), d("0"), "{case}: the visible value");
        assert!(!v.diagnostics.iter().any(|d| d.is_error()), "{case}");
    }
    let v = read("rate-impossible");
    assert_eq!(actual(&v, 27, "1"), None, "9961% is never graded");
    assert_eq!(
        actual(&v, 27, "3"),
        None,
        "a negative share is never graded"
    );
    assert_eq!(
        actual(&v, 11, "1"),
        d("120"),
        "将来負担比率 can exceed 100%"
    );
    let v = read("indicator-twice");
    assert_eq!(actual(&v, 1, "1"), None, "two rows: neither is read");
    for plan in [1, 28] {
        let r = v.records.iter().find(|r| r.plan == plan).unwrap();
        assert!(r.needs_review, "plan {plan} kept only for review");
    }
    let v = read("value-annotations");
    assert_eq!(actual(&v, 1, "1"), d("0"));
    assert_eq!(actual(&v, 6, "1"), d("52"));
    assert_eq!(actual(&v, 25, "1"), d("12"));
    assert_eq!(actual(&v, 22, "1"), d("1051000"));
    assert_eq!(actual(&v, 17, "1"), d("1200"));
    assert_eq!(actual(&v, 26, "1"), None);
    assert_eq!(actual(&v, 8, "1"), None);
    let v = read("grade-written-out");
    assert!(
        v.records
            .iter()
            .all(|r| r.self_grade.as_deref() == Some("B"))
    );
    let v = read("formula-uncalculated");
    assert_eq!(actual(&v, 1, "1"), None);
    assert_eq!(v.records[0].achievements, "");
    for case in ["ods-percent", "xls-percent"] {
        let v = read(case);
        assert_eq!(actual(&v, 12, "現年"), d("99.9"), "{case}");
        assert_eq!(actual(&v, 12, "滞繰"), d("22.4"), "{case}");
    }
}

/// Issue 12 §4: the same plans submitted twice (an original, then 「（修正版）」): one record
/// per plan, from the first file read (a/ before b/), marked for review (要確認 in a book
/// built with --allow-errors); the second file gives no record of its own.
#[test]
fn a_second_submission_gives_no_record_and_marks_the_first_for_review() {
    let plans = helper::plans();
    let dir = tempfile::tempdir().unwrap();
    let mut plan_sheets = 0;
    let first = helper::filled(DEPT, 2024, |sheets| {
        plan_sheets = sheets.len() - 1;
        sheets[1].set_column("実績値", "1", C::N(1.0));
    });
    let second = helper::filled(DEPT, 2024, |sheets| {
        sheets[1].set_column("実績値", "1", C::N(2.0));
    });
    for (name, bytes) in [
        ("a/情報統計課.xlsx", first),
        ("b/情報統計課（修正版）.xlsx", second),
    ] {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let intake = hyoka::intake::read_dir(dir.path(), &Default::default()).unwrap();
    let v = hyoka::validate::validate(&plans, &intake, Some(2024));
    assert!(plan_sheets >= 1);
    assert_eq!(
        v.records.len(),
        plan_sheets,
        "one record per plan sheet of the form, not two"
    );
    for r in &v.records {
        assert_eq!(r.source.file, "a/情報統計課.xlsx", "plan {}", r.plan);
        assert!(r.needs_review, "plan {} must be marked for review", r.plan);
    }
    let plan1 = v.records.iter().find(|r| r.plan == 1).unwrap();
    assert_eq!(
        plan1.indicators[0].actual,
        Some(rust_decimal::Decimal::ONE),
        "the first file's 実績値"
    );
    let duplicates = v
        .diagnostics
        .iter()
        .filter(|d| d.code == "submission-duplicate")
        .count();
    assert_eq!(duplicates, plan_sheets);

    let book = hyoka::evaluate::build_book(
        &plans,
        &v,
        &hyoka::evaluate::BookOptions {
            year: 2024,
            allow_errors: true,
        },
    )
    .unwrap();
    let page = book.plans.iter().find(|p| p.number == 1).unwrap();
    assert_eq!(page.status, hyoka::book::PlanStatus::NeedsReview);
    assert!(
        !book
            .diagnostics
            .iter()
            .any(|d| d.code == "eval-duplicate-record"),
        "evaluation never sees two records"
    );
}
