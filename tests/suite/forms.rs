//! Forms: one workbook per 担当課, a sheet per plan, locked facts, unlocked inputs.

use crate::helper;

use std::io::Read;

use hyoka::forms::{make_forms, safe_file_part, year_target_text};

fn xml(bytes: &[u8], part: &str) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    z.by_name(part).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn one_workbook_per_department_with_its_plans_of_the_year() {
    let plans = helper::plans();
    let forms = make_forms(&plans, 2024).unwrap();
    let active: Vec<_> = plans
        .plans
        .iter()
        .filter(|p| p.period.contains(2024))
        .collect();
    let mut sheets_total = 0;
    for form in &forms {
        assert_eq!(
            form.file_name,
            format!("2024年度_{}_進捗シート.xlsx", form.department)
        );
        let sheets = helper::read(&form.bytes);
        assert_eq!(sheets[0].name, "説明");
        let mine: Vec<_> = active
            .iter()
            .filter(|p| p.department == form.department)
            .collect();
        assert_eq!(sheets.len(), mine.len() + 1, "{}", form.department);
        for (sheet, plan) in sheets[1..].iter().zip(&mine) {
            for label in [
                "年度",
                "担当課",
                "アクションプラン",
                "実績値",
                "前年度実績",
                "参考値",
                "取組実績",
                "自己評価",
                "課題",
                "今後の方向性",
                "記入者",
                "連絡先",
            ] {
                assert!(sheet.try_find(label).is_some(), "{label} on {}", sheet.name);
            }
            let (r, c) = sheet.find("アクションプラン");
            assert_eq!(
                sheet.get((r, c + 1)),
                Some(&helper::C::S(format!(
                    "{} {}",
                    hyoka::forms::circled(plan.number),
                    plan.name
                )))
            );
        }
        sheets_total += sheets.len() - 1;
    }
    assert_eq!(sheets_total, active.len());
    // ⑨ (to 2023) has no sheet in 2024, and 都市計画課 has no other plan: no workbook.
    assert!(!forms.iter().any(|f| f.department == "都市計画課"));
    assert_eq!(
        make_forms(&plans, 2023)
            .unwrap()
            .iter()
            .filter(|f| f.department == "都市計画課")
            .count(),
        1
    );
}

#[test]
fn forms_are_protected_printable_and_offer_the_grading_scale() {
    let plans = helper::plans();
    let forms = make_forms(&plans, 2024).unwrap();
    let form = forms.iter().find(|f| f.department == "職員課").unwrap();
    let sheet = xml(&form.bytes, "xl/worksheets/sheet2.xml");
    assert!(sheet.contains("<sheetProtection"), "protected");
    assert!(!sheet.contains("password"), "without a password");
    assert!(sheet.contains(r#"paperSize="9""#), "A4");
    assert!(sheet.contains(r#"fitToHeight="0""#), "fit to width");
    assert!(sheet.contains(r#"type="list""#), "自己評価 dropdown");
    assert!(
        sheet.contains("&quot;A,B,C,D,－&quot;") || sheet.contains("\"A,B,C,D,－\""),
        "{sheet}"
    );
    assert!(sheet.contains("promptTitle=\"実績値\""), "input messages");
    let workbook = xml(&form.bytes, "xl/workbook.xml");
    assert!(workbook.contains("Print_Area"), "print area");
    let styles = xml(&form.bytes, "xl/styles.xml");
    assert!(styles.contains(r#"locked="0""#), "unlocked input cells");
    // ㉗ asks for 前年度実績 only for 2a (前年度比), and ⑪'s workbook for 参考値.
    let s = helper::read(&form.bytes);
    let s27 = s.iter().find(|s| s.name.starts_with('㉗')).unwrap();
    let (hr, pc) = s27.find("前年度実績");
    let dash = helper::C::S("－".into());
    let rows: Vec<bool> = (hr + 1..hr + 5)
        .map(|r| s27.get((r, pc)) != Some(&dash))
        .collect();
    assert_eq!(rows, [false, true, false, false]);
}

#[test]
fn forms_are_deterministic() {
    let plans = helper::plans();
    let a = make_forms(&plans, 2024).unwrap();
    let b = make_forms(&plans, 2024).unwrap();
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.bytes, y.bytes, "{}", x.file_name);
    }
    let core = xml(&a[0].bytes, "docProps/core.xml");
    assert!(core.contains("2024-04-01T00:00:00Z"), "{core}");
}

#[test]
fn this_years_target_from_the_definition() {
    let plans = helper::plans();
    let t = |n: u32, i: usize, y: i32| {
        let p = plans.plans.iter().find(|p| p.number == n).unwrap();
        year_target_text(p, &p.indicators[i], y)
    };
    assert_eq!(t(1, 0, 2024), "0件");
    assert_eq!(t(10, 0, 2024), "11.6%");
    assert_eq!(t(7, 0, 2021), "累計34施設（今年度分 6施設）");
    assert_eq!(t(6, 0, 2022), "10社");
    assert_eq!(t(5, 0, 2022), "1事業以上");
    assert_eq!(t(28, 0, 2022), "前年度実績から3%減");
    assert_eq!(t(11, 0, 2022), "類似団体(Ⅱ-1)平均値以下");
    assert_eq!(t(9, 0, 2024), "－", "outside the period");
    // The book's 年度目標, with the book's rounding: 7,063 − 3% = 6,851.11 in the last year,
    // a ceiling in whole 人, rounded down (never eased): the 目標の読み方's 「6,851人以下」.
    assert_eq!(t(2, 0, 2024), "6,851人以下", "7,063 − 3%");
    // Prorated from 7,063 (H30) to 6,851.11 (R6): 6,957.055 → 6,957, the book's R3 target.
    assert_eq!(t(2, 0, 2021), "6,957人以下");
    // Declared decimals: ⑫ 99.30%, ⑮ prorated 48.2 → 60 in R3: 55.28 → 55.3 (one decimal as
    // 48.2, a target to reach rounded up), the book's.
    assert_eq!(t(12, 0, 2022), "99.30%");
    assert_eq!(t(12, 1, 2022), "22.50%");
    assert_eq!(t(15, 0, 2021), "55.3%以上");
    assert_eq!(t(15, 0, 2023), "60.0%以上");
    assert_eq!(t(22, 0, 2022), "1,000,000人");
}

#[test]
fn file_names_are_safe_on_windows() {
    assert_eq!(safe_file_part("a/b:c*?\"<>|"), "a_b_c______");
    assert_eq!(safe_file_part("課. "), "課");
}

/// One workbook for a whole city of some 10,000 plans of the year (as the sample's first year was sent): no
/// text of it grows with the number of plans past Excel's limits (32,767 characters a cell,
/// 409 points a row), and 説明 still names every plan.
#[test]
fn one_workbook_holds_ten_thousand_plans() {
    let city = crate::synthetic_city::synthetic(&helper::plans(), 13_000);
    let numbers: Vec<u32> = city
        .plans
        .iter()
        .filter(|p| p.period.contains(2024))
        .map(|p| p.number)
        .collect();
    assert!(numbers.len() > 9_500, "{}", numbers.len());
    let bytes = hyoka::forms::make_workbook(
        &city,
        2024,
        "政策経営課（全担当課分）",
        &numbers,
        &hyoka::forms::WorkbookOptions::default(),
    )
    .expect("one workbook of 10,000 plans");
    let instructions = xml(&bytes, "xl/worksheets/sheet1.xml");
    let tallest = instructions
        .split(" ht=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].parse::<f64>().unwrap())
        .fold(0.0, f64::max);
    assert!(tallest <= 409.0, "row of {tallest} pt");
    let strings = xml(&bytes, "xl/sharedStrings.xml");
    let strings: std::collections::HashSet<&str> = strings
        .split("<t>")
        .chain(strings.split("<t xml:space=\"preserve\">"))
        .skip(1)
        .map(|s| &s[..s.find("</t>").unwrap_or(s.len())])
        .flat_map(|s| s.split('\n'))
        .collect();
    for p in city.plans.iter().filter(|p| p.period.contains(2024)) {
        let line = format!("{} {}", p.display_id(), p.name);
        assert!(strings.contains(line.as_str()), "{line} on 説明");
    }
    // hyoka reads its own form back with the default limits: the 説明 sheet lists several
    // plans a row rather than outgrow the rows `check` reads (it refused 10,018 rows).
    let rows = instructions.matches("<row ").count();
    assert!(
        rows <= hyoka::intake::IntakeOptions::default().max_rows,
        "説明 has {rows} rows"
    );
}

/// Texts of the plan definition longer than Excel holds (a 目標 of 40,000 characters, stages
/// whose list passes the 255 characters of an inline list, a grade label that makes the input
/// message too long): the form is written all the same, the text cut with a 警告 naming the
/// cell, the long list offered from a hidden list sheet, and intake reads the sheet back.
#[test]
fn texts_past_excels_limits_are_cut_with_a_warning() {
    use hyoka::plan::Target;
    let mut plans = helper::plans();
    let stages: Vec<String> = (1..=30).map(|i| format!("第{i}段階の取組")).collect();
    let p = plans
        .plans
        .iter_mut()
        .find(|p| p.period.contains(2024))
        .unwrap();
    p.target_text = "長".repeat(40_000);
    p.indicators[0].target = Target::Milestone {
        stages: stages.clone(),
        schedule: std::collections::BTreeMap::from([(2024, stages[29].clone())]),
    };
    p.indicators[0].revisions.clear();
    let (number, department) = (p.number, p.department.clone());
    plans.grading.grades[0].label = "大".repeat(300);
    let forms = make_forms(&plans, 2024).expect("forms despite long texts");
    let form = forms.iter().find(|f| f.department == department).unwrap();
    let messages: Vec<String> = form
        .warnings
        .iter()
        .map(|w| format!("{} {:?}", w.message, w.source))
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("32767") && m.contains("B6")),
        "{messages:#?}"
    );
    assert!(messages.iter().any(|m| m.contains("255")), "{messages:#?}");
    let sheets = helper::read(&form.bytes);
    let list = sheets
        .iter()
        .find(|s| s.name == "選択肢")
        .expect("list sheet");
    assert!(list.try_find("第30段階の取組").is_some());
    let workbook = xml(&form.bytes, "xl/workbook.xml");
    assert!(workbook.contains("state=\"hidden\""), "{workbook}");

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(&form.file_name), &form.bytes).unwrap();
    let intake =
        hyoka::intake::read_dir(dir.path(), &hyoka::intake::IntakeOptions::default()).unwrap();
    assert!(
        intake
            .submissions
            .iter()
            .any(|s| s.plan_number == Some(number)),
        "{:#?}",
        intake.diagnostics
    );
    assert!(
        !intake.diagnostics.iter().any(|d| d.code == "sheet-hidden"),
        "{:#?}",
        intake.diagnostics
    );
}
