//! The committee cycle, out and back in: `hyoka committee` writes the review workbook, a
//! script fills it (several opinions, one grade differing from the computed one), and the
//! book built with it in the input shows each opinion with its id, the 委員会評価 and the
//! 総括's count of differences. A broken review workbook gives cell-precise diagnostics, and
//! a review workbook, a department form and a one-table list are never taken for each other.

use crate::helper;

use std::path::{Path, PathBuf};
use std::process::Command;

use helper::{C, Case, Sheet};
use hyoka::book::Book;
use hyoka::compose::{ComposeOptions, Variant, compose_book, opinions_table};
use hyoka::document::{Block, CellContent, Document, Section};
use hyoka::forms::committee::{
    ReviewFill, ReviewOptions, ReviewPlan, make_review_workbook, make_review_workbook_checked,
    opinion_id,
};
use hyoka::intake::{IntakeOptions, read_dir};
use hyoka::pipeline::{BuildOptions, Prepared, prepare_book};
use hyoka::render::csv::render_table_csv;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("committee-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

fn book_of(input: &Path, year: i32) -> Book {
    let options = BuildOptions {
        year: Some(year),
        input: input.to_path_buf(),
        plan: root().join("plans/azumino-4th.toml"),
        templates: root().join("templates"),
        allow_errors: false,
        date: None,
        intake: Default::default(),
    };
    match prepare_book(&options).expect("builds") {
        Prepared::Book { book, .. } => *book,
        Prepared::Rejected { diagnostics, .. } => panic!("rejected: {diagnostics:#?}"),
    }
}

/// Every text of a block, cells and box contents included.
fn texts(blocks: &[Block], out: &mut Vec<String>) {
    for b in blocks {
        match b {
            Block::Heading(h) => out.push(h.text.clone()),
            Block::Paragraph(p) => out.push(p.text.clone()),
            Block::List(l) => out.extend(l.items.clone()),
            Block::Table(t) => {
                for c in t.header.iter().chain(&t.body).flatten() {
                    match &c.content {
                        CellContent::Text(s) => out.push(s.clone()),
                        CellContent::Grade(g) => out.push(g.mark.clone()),
                        _ => {}
                    }
                }
            }
            Block::Box(b) => {
                out.push(format!("[{}]", b.label));
                texts(&b.blocks, out);
            }
            Block::KeepTogether(inner) => texts(inner, out),
            Block::Chart(_) | Block::PageBreak => {}
        }
    }
}

fn section<'d>(doc: &'d Document, id: &str) -> &'d Section {
    doc.sections.iter().find(|s| s.id == id).unwrap()
}

fn section_text(doc: &Document, id: &str) -> Vec<String> {
    let mut out = Vec::new();
    texts(&section(doc, id).blocks, &mut out);
    out
}

fn opinion_box(doc: &Document, id: &str) -> Option<Vec<Block>> {
    section(doc, id).blocks.iter().find_map(|b| match b {
        Block::Box(b) if b.label == "委員会意見" => Some(b.blocks.clone()),
        _ => None,
    })
}

/// The header row of the review sheet and the column of each header.
fn columns(sheet: &Sheet) -> (u32, std::collections::BTreeMap<String, u32>) {
    // 「意見番号」 heads its column whatever the body is called (委員会評価, 懇話会評価).
    let (row, _) = sheet.find("意見番号");
    let cols = sheet
        .cells
        .iter()
        .filter(|((r, _), _)| *r == row)
        .filter_map(|((_, c), v)| match v {
            C::S(t) => Some((t.clone(), *c)),
            _ => None,
        })
        .collect();
    (row, cols)
}

#[test]
fn committee_round_trip_shows_opinions_ids_and_the_difference_count() {
    let dir = scratch("round-trip");
    let out = dir.join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .args(["committee", "--year", "R5", "--input"])
        .arg(root().join("input"))
        .arg("--out")
        .arg(&out)
        .arg("--plan")
        .arg(root().join("plans/azumino-4th.toml"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let path = out.join("2023年度_委員会評価シート.xlsx");
    let bytes = std::fs::read(&path).unwrap();
    assert_print_ready_and_protected(&bytes);

    // The secretariat's typing, by a script editing the generated workbook.
    let mut sheets = helper::read(&bytes);
    let sheet = &mut sheets[0];
    let (header, cols) = columns(sheet);
    let col = |label: &str| cols[label];
    let (plan_c, computed_c, grade_c, id_c, opinion_c, member_c) = (
        col("アクションプラン"),
        col("算定評価"),
        col("委員会評価"),
        col("意見番号"),
        col("委員会意見"),
        col("委員名"),
    );
    let text = |s: &Sheet, r: u32, c: u32| match s.cells.get(&(r, c)) {
        Some(C::S(t)) => t.clone(),
        _ => String::new(),
    };
    // The first plan's rows: its title row and the opinion rows below it.
    let first = header + 1;
    let title = text(sheet, first, plan_c);
    assert!(title.starts_with('①'), "{title}");
    let computed = text(sheet, first, computed_c);
    assert_eq!(text(sheet, first, id_c), "R5-①-1");
    assert_eq!(text(sheet, first + 1, id_c), "R5-①-2");
    let differing = if computed == "A" { "B" } else { "A" };
    sheet.cells.insert((first, grade_c), C::S(differing.into()));
    sheet.cells.insert(
        (first, opinion_c),
        C::S("研修の受講率をさらに高める工夫を求める。".into()),
    );
    sheet
        .cells
        .insert((first, member_c), C::S("委員A（架空）".into()));
    sheet.cells.insert(
        (first + 1, opinion_c),
        C::S("訓練の結果を職員に周知すること。".into()),
    );
    // The second plan: the computed grade confirmed, one opinion.
    let second = (first + 1..)
        .find(|r| text(sheet, *r, plan_c).starts_with('②'))
        .unwrap();
    let computed2 = text(sheet, second, computed_c);
    sheet
        .cells
        .insert((second, grade_c), C::S(computed2.clone()));
    sheet.cells.insert(
        (second, opinion_c),
        C::S("申告の電子化の周知を継続されたい。".into()),
    );
    // A fourth opinion on ① in a row added at the end, its plan told by its id only.
    let last = sheet.cells.keys().map(|(r, _)| *r).max().unwrap() + 2;
    sheet.cells.insert((last, id_c), C::S("R5-①-4".into()));
    sheet.cells.insert(
        (last, opinion_c),
        C::S("目標の見直しも検討すること。".into()),
    );
    let filled = helper::write(&sheets);

    let input = dir.join("input");
    copy_dir(&root().join("input"), &input);
    // This review replaces the sample's own review of R5, to which R6's sheets answer.
    std::fs::remove_file(input.join("2023年度/2023年度_委員会評価シート.xlsx")).unwrap();
    std::fs::remove_dir_all(input.join("2024年度")).unwrap();
    // Named like nothing in particular: recognised by its headers, not its name.
    std::fs::write(input.join("審議結果.xlsx"), &filled).unwrap();

    let book = book_of(&input, 2023);
    let review = book.committee.as_ref().expect("the review is read");
    assert_eq!(review.differing, 1);
    assert_eq!(review.graded, 2);
    let doc = compose_book(
        &book,
        &ComposeOptions {
            variant: Variant::Handout,
        },
    );
    let one = section_text(&doc, "plan-1");
    for (id, opinion) in [
        ("R5-①-1", "研修の受講率をさらに高める工夫を求める。"),
        ("R5-①-2", "訓練の結果を職員に周知すること。"),
        ("R5-①-4", "目標の見直しも検討すること。"),
    ] {
        assert!(one.iter().any(|t| t == id), "{id} in {one:?}");
        assert!(one.iter().any(|t| t == opinion), "{opinion}");
    }
    assert!(one.iter().any(|t| t == "委員A（架空）"));
    assert!(
        one.iter()
            .any(|t| t.starts_with(&format!("委員会評価：{differing}"))
                && t.contains(&format!("算定評価 {computed} と異なる"))),
        "{one:?}"
    );
    let two = section_text(&doc, "plan-2");
    assert!(two.iter().any(|t| t == "R5-②-1"));
    assert!(two.iter().any(|t| t.contains("算定評価と同じ")), "{two:?}");
    // A plan the committee said nothing of keeps the empty box to write in (handout) and
    // has none on the web.
    assert_eq!(opinion_box(&doc, "plan-3"), Some(Vec::new()));
    let web = compose_book(
        &book,
        &ComposeOptions {
            variant: Variant::Web,
        },
    );
    assert_eq!(opinion_box(&web, "plan-3"), None);
    assert!(opinion_box(&web, "plan-1").is_some_and(|b| !b.is_empty()));

    let html = String::from_utf8(hyoka::render::html::render_html(&web)).unwrap();
    assert!(html.contains("R5-①-4") && html.contains("目標の見直しも検討すること。"));

    let summary = section_text(&doc, "summary");
    assert!(
        summary
            .iter()
            .any(|t| t.contains("委員会評価が算定した評価と異なるプランは 1 プラン")),
        "{summary:?}"
    );
    assert!(summary.iter().any(|t| t == "異なる"));

    let csv = String::from_utf8(render_table_csv(&opinions_table(&book))).unwrap();
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "プラン番号,アクションプラン,意見番号,年度,委員会意見,委員名,対応状況,対応内容"
    );
    assert_eq!(lines.len(), 5, "{csv}");
    assert!(lines.contains(
        &"1,情報セキュリティ対策の強化,R5-①-1,2023,研修の受講率をさらに高める工夫を求める。,委員A（架空）,,"
    ), "{csv}");

    // `hyoka build` writes the opinions beside the four editions.
    let (name, bytes) = editions(&book)
        .opinions
        .expect("the opinions CSV is written when the review is in");
    assert_eq!(name, "令和5年度_アクションプラン評価書_委員会意見.csv");
    assert_eq!(bytes, csv.into_bytes());
}

/// Every edition `hyoka build` writes for `book` (the handout).
fn editions(book: &Book) -> hyoka::pipeline::Outputs {
    let fonts = hyoka::render::pdf::FontSet::load(&root().join("fonts")).expect("fonts");
    hyoka::pipeline::render_outputs(book, hyoka::render::pdf::Variant::Handout, fonts)
        .expect("renders")
}

/// The review sheet prints on A4 landscape, is protected (no password), offers the grade
/// list, and is the same bytes every time.
fn assert_print_ready_and_protected(bytes: &[u8]) {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(xml.contains("paperSize=\"9\""), "A4");
    assert!(xml.contains("orientation=\"landscape\""));
    assert!(xml.contains("<sheetProtection") && !xml.contains("password"));
    assert!(xml.contains("type=\"list\"") && xml.contains("\"A,B,C,D\""));
    assert!(xml.contains("<fitToPage") || xml.contains("fitToPage=\"1\""));
}

#[test]
fn the_review_workbook_is_deterministic() {
    assert_eq!(blank_review(3), blank_review(3));
}

#[test]
fn without_a_review_the_handout_keeps_the_empty_box() {
    // The sample has no review of R4 nor of R3 (the year R4's sheets would answer).
    let book = book_of(&root().join("input"), 2022);
    assert!(book.follow_up.is_none());
    assert!(book.committee.is_none());
    let doc = compose_book(&book, &ComposeOptions::default());
    assert_eq!(opinion_box(&doc, "plan-1"), Some(Vec::new()));
    let summary = section_text(&doc, "summary");
    assert!(!summary.iter().any(|t| t == "委員会評価"));
    let csv = render_table_csv(&opinions_table(&book));
    assert_eq!(String::from_utf8(csv).unwrap().lines().count(), 1);
    assert!(
        editions(&book).opinions.is_none(),
        "no opinions CSV without a review"
    );
}

/// A blank review workbook for 2024 listing plans ① to ③.
fn blank_review(opinion_rows: usize) -> Vec<u8> {
    let plans = helper::plans();
    let rows: Vec<ReviewPlan> = plans.plans[..3]
        .iter()
        .map(|p| ReviewPlan {
            plan: p.number,
            title: format!("{}{}", hyoka::text::number::circled(p.number), p.name),
            department: p.department.clone(),
            computed: "A".into(),
            self_grade: "B".into(),
        })
        .collect();
    make_review_workbook(
        &plans,
        2024,
        &rows,
        &ReviewOptions {
            opinion_rows,
            ..ReviewOptions::default()
        },
    )
    .unwrap()
}

#[test]
fn a_broken_review_workbook_gives_cell_precise_diagnostics() {
    let mut sheets = helper::read(&blank_review(2));
    let sheet = &mut sheets[0];
    let (header, cols) = columns(sheet);
    let col = |label: &str| cols[label];
    let (plan_c, grade_c, id_c, opinion_c) = (
        col("アクションプラン"),
        col("委員会評価"),
        col("意見番号"),
        col("委員会意見"),
    );
    let file = "委員会評価.xlsx".to_string();
    let at = |r: u32, c: u32| helper::a1((r, c));
    let r1 = header + 1; // ①, opinion row 1
    // A grade not on the scale.
    sheet.cells.insert((r1, grade_c), C::S("S".into()));
    sheet
        .cells
        .insert((r1, opinion_c), C::S("一つ目の意見".into()));
    // The second opinion row of ① given the first row's id: used twice.
    sheet.cells.insert((r1 + 1, id_c), C::S("R6-①-1".into()));
    sheet
        .cells
        .insert((r1 + 1, opinion_c), C::S("二つ目の意見".into()));
    // A plan the plan file does not have.
    let r2 = r1 + 2;
    sheet
        .cells
        .insert((r2, plan_c), C::S("㊿ 架空のプラン".into()));
    sheet.cells.insert((r2, grade_c), C::S("A".into()));
    // ③'s row carrying an id of ①, as a row copied from ① would: a warning, read as ③'s.
    let r3 = r1 + 4;
    sheet.cells.insert((r3, id_c), C::S("R6-①-9".into()));
    sheet
        .cells
        .insert((r3, opinion_c), C::S("写した行の意見".into()));
    // An opinion in a row of its own, with neither a plan nor an id.
    let last = sheet.cells.keys().map(|(r, _)| *r).max().unwrap() + 2;
    sheet
        .cells
        .insert((last, opinion_c), C::S("宙に浮いた意見".into()));
    let bytes = helper::write(&sheets);
    helper::run_corpus(vec![Case {
        name: "committee-broken",
        files: vec![(file.clone(), bytes)],
        year: Some(2024),
        expect: vec![
            ("committee-grade-unknown", file.clone(), at(r1, grade_c)),
            (
                "committee-opinion-id-duplicate",
                file.clone(),
                at(r1 + 1, id_c),
            ),
            ("committee-plan-unknown", file.clone(), at(r2, plan_c)),
            ("committee-opinion-id-plan", file.clone(), at(r3, id_c)),
            (
                "committee-opinion-no-plan",
                file.clone(),
                at(last, opinion_c),
            ),
        ],
    }]);
}

#[test]
fn review_workbooks_forms_and_lists_are_never_taken_for_each_other() {
    // The review workbook: a review sheet, no submission, nothing to report.
    let dir = scratch("kinds");
    std::fs::write(dir.join("2024年度_委員会評価シート.xlsx"), blank_review(3)).unwrap();
    let intake = read_dir(&dir, &IntakeOptions::default()).unwrap();
    assert_eq!(intake.committee.len(), 1);
    assert!(intake.submissions.is_empty(), "{:?}", intake.submissions);
    assert!(intake.diagnostics.is_empty(), "{:?}", intake.diagnostics);
    let rows = &intake.committee[0].rows;
    assert_eq!(rows.len(), 9, "three plans × three opinion rows");
    assert_eq!(intake.committee[0].year_value, Some(2024));

    // A department form named like a review workbook is a form.
    let dir = scratch("form");
    let form = helper::filled("情報統計課", 2024, |_| {});
    std::fs::write(dir.join("2024年度_委員会評価シート.xlsx"), form).unwrap();
    let intake = read_dir(&dir, &IntakeOptions::default()).unwrap();
    assert!(intake.committee.is_empty());
    assert!(!intake.submissions.is_empty());

    // A department's list that also has the committee's columns is still a list.
    let dir = scratch("list-with-committee-columns");
    let mut cells = std::collections::BTreeMap::new();
    for (c, h) in [
        "年度",
        "アクションプラン",
        "指標",
        "実績値",
        "自己評価",
        "取組実績",
        "委員会評価",
        "委員会意見",
    ]
    .iter()
    .enumerate()
    {
        cells.insert((0, c as u32), C::S(h.to_string()));
    }
    for (c, v) in [
        C::S("令和6年度".into()),
        C::S("① 情報セキュリティ対策の強化".into()),
        C::S("情報セキュリティインシデント発生件数".into()),
        C::N(0.0),
        C::S("A".into()),
        C::S("研修を実施した。".into()),
    ]
    .into_iter()
    .enumerate()
    {
        cells.insert((1, c as u32), v);
    }
    let list = helper::write(&[Sheet {
        name: "一覧".into(),
        cells,
        hidden: false,
    }]);
    std::fs::write(dir.join("一覧表.xlsx"), list).unwrap();
    let intake = read_dir(&dir, &IntakeOptions::default()).unwrap();
    assert!(intake.committee.is_empty());
    assert_eq!(intake.submissions.len(), 1, "{:?}", intake.diagnostics);

    // A one-table list is a list.
    let intake = read_dir(
        &root().join("tests/fixtures/intake/list-good/input"),
        &IntakeOptions::default(),
    )
    .unwrap();
    assert!(intake.committee.is_empty());
    assert!(!intake.submissions.is_empty());
}

#[test]
fn opinion_ids_name_year_plan_and_number() {
    assert_eq!(opinion_id(2024, "⑫", 1), "R6-⑫-1");
    assert_eq!(opinion_id(2023, "①", 3), "R5-①-3");
}

#[test]
fn the_plan_file_may_ask_for_agreement_instead_of_grades() {
    let mut plans = helper::plans();
    assert_eq!(plans.grading.committee_marks(), ["A", "B", "C", "D"]);
    let text = std::fs::read_to_string(root().join("plans/azumino-4th.toml"))
        .unwrap()
        .replace(
            "plan_rule = \"lowest\"",
            "plan_rule = \"lowest\"\ncommittee = \"agreement\"",
        );
    plans = toml::from_str(&text).unwrap();
    assert_eq!(plans.grading.committee_marks(), ["妥当", "要再検討"]);
}

#[test]
fn with_agreement_the_committee_chooses_between_valid_and_review_again() {
    let text = std::fs::read_to_string(root().join("plans/azumino-4th.toml"))
        .unwrap()
        .replace(
            "plan_rule = \"lowest\"",
            "plan_rule = \"lowest\"\ncommittee = \"agreement\"",
        );
    let plans: hyoka::plan::PlanSet = toml::from_str(&text).unwrap();
    let rows: Vec<ReviewPlan> = plans.plans[..2]
        .iter()
        .map(|p| ReviewPlan {
            plan: p.number,
            title: format!("{}{}", hyoka::text::number::circled(p.number), p.name),
            department: p.department.clone(),
            computed: "A".into(),
            self_grade: "A".into(),
        })
        .collect();
    let fills = [(1, "妥当"), (2, "A")]
        .into_iter()
        .map(|(n, g)| {
            (
                n,
                hyoka::forms::committee::ReviewFill {
                    grade: Some(g.to_string()),
                    opinions: vec![("意見".to_string(), String::new())],
                },
            )
        })
        .collect();
    let bytes = make_review_workbook(
        &plans,
        2024,
        &rows,
        &ReviewOptions {
            fills,
            ..ReviewOptions::default()
        },
    )
    .unwrap();
    let dir = scratch("agreement");
    std::fs::write(dir.join("審議.xlsx"), bytes).unwrap();
    let intake = read_dir(&dir, &IntakeOptions::default()).unwrap();
    let validated = hyoka::validate::validate(&plans, &intake, Some(2024));
    let unknown: Vec<_> = validated
        .diagnostics
        .iter()
        .filter(|d| d.code == "committee-grade-unknown")
        .collect();
    assert_eq!(unknown.len(), 1, "{:?}", validated.diagnostics);
    assert!(unknown[0].message.contains("妥当・要再検討"));
    assert_eq!(validated.committee[0].grade.as_deref(), Some("妥当"));
    assert_eq!(validated.committee[1].grade, None);
    assert_eq!(validated.committee[1].opinions.len(), 1);
}

/// A city whose plans carry ids of their own (「1-1」 … 「4-3」): the review workbook prints
/// them in the plan column and in the opinion ids (「R7-2-1-1」), never a circled number, and
/// the filled workbook is read back onto the plan the ids name.
#[test]
fn a_city_with_plan_ids_reviews_its_plans_by_those_ids() {
    let plans = hyoka::plan::load(&root().join("tests/fixtures/city2/plan.toml"))
        .expect("city2 plan file")
        .plans;
    let rows: Vec<ReviewPlan> = plans
        .plans
        .iter()
        .map(|p| ReviewPlan {
            plan: p.number,
            title: format!("{}{}", p.display_id(), p.name),
            department: p.department.clone(),
            computed: "○".into(),
            self_grade: String::new(),
        })
        .collect();
    let bytes = make_review_workbook(&plans, 2025, &rows, &ReviewOptions::default()).unwrap();
    let mut sheets = helper::read(&bytes);
    let circled = |t: &str| {
        t.chars()
            .any(|c| matches!(c, '①'..='⑳' | '㉑'..='㉟' | '㊱'..='㊿'))
    };
    for (pos, v) in &sheets[0].cells {
        if let C::S(t) = v {
            assert!(!circled(t), "a circled number at {pos:?}: {t}");
        }
    }
    let sheet = &mut sheets[0];
    let (header, cols) = columns(sheet);
    let col = |label: &str| cols[label];
    let (plan_c, id_c, opinion_c, member_c) = (
        col("アクションプラン"),
        col("意見番号"),
        col("懇話会意見"), // city2 says 懇話会 (vocabulary.body)
        col("委員名"),
    );
    let text = |s: &Sheet, r: u32, c: u32| match s.cells.get(&(r, c)) {
        Some(C::S(t)) => t.clone(),
        _ => String::new(),
    };
    let plan21 = plans
        .plans
        .iter()
        .find(|p| p.display_id() == "2-1")
        .unwrap();
    let row = (header + 1..)
        .find(|r| text(sheet, *r, plan_c).starts_with("2-1"))
        .unwrap();
    assert_eq!(text(sheet, row, id_c), "R7-2-1-1");
    assert_eq!(text(sheet, row + 1, plan_c), "2-1");
    assert_eq!(text(sheet, row + 1, id_c), "R7-2-1-2");
    sheet.cells.insert(
        (row, opinion_c),
        C::S("納付の電子化をさらに進めること。".into()),
    );
    sheet
        .cells
        .insert((row, member_c), C::S("委員A（架空）".into()));
    sheet.cells.insert(
        (row + 1, opinion_c),
        C::S("滞納の分析を示されたい。".into()),
    );
    // A row copied from 1-1 keeps 1-1's id: still told, and read as the row's plan's.
    let first = header + 1;
    assert_eq!(text(sheet, first, id_c), "R7-1-1-1");
    sheet
        .cells
        .insert((first + 2, id_c), C::S("R7-2-1-9".into()));
    sheet
        .cells
        .insert((first + 2, opinion_c), C::S("写した行の意見".into()));
    // A row added below naming its plan by name only, with an opinion and no id plan part.
    let plan31 = plans
        .plans
        .iter()
        .find(|p| p.display_id() == "3-1")
        .unwrap();
    let last = sheet.cells.keys().map(|(r, _)| *r).max().unwrap() + 2;
    sheet
        .cells
        .insert((last, plan_c), C::S(plan31.name.clone()));
    sheet.cells.insert((last, id_c), C::S("R7-3-1-4".into()));
    sheet
        .cells
        .insert((last, opinion_c), C::S("名称だけの行の意見".into()));
    let filled = helper::write(&sheets);

    let dir = scratch("city2");
    std::fs::write(dir.join("2025年度_委員会評価シート.xlsx"), &filled).unwrap();
    let intake = read_dir(&dir, &IntakeOptions::default()).unwrap();
    assert_eq!(intake.committee.len(), 1);
    let validated = hyoka::validate::validate(&plans, &intake, Some(2025));
    let on = |n: u32| {
        validated
            .committee
            .iter()
            .find(|e| e.plan == n && e.year == 2025)
    };
    let entry = on(plan21.number).expect("the opinions are on 2-1");
    let ids: Vec<_> = entry.opinions.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["R7-2-1-1", "R7-2-1-2"]);
    assert_eq!(entry.opinions[0].text, "納付の電子化をさらに進めること。");
    assert_eq!(entry.opinions[0].member, "委員A（架空）");
    let plan11 = plans
        .plans
        .iter()
        .find(|p| p.display_id() == "1-1")
        .unwrap();
    let copied = on(plan11.number).expect("the copied row is read as 1-1's");
    assert_eq!(copied.opinions[0].id, "R7-2-1-9");
    let by_name = on(plan31.number).expect("the row named by its plan's name is read");
    assert_eq!(by_name.opinions[0].id, "R7-3-1-4");
    let warned: Vec<_> = validated
        .diagnostics
        .iter()
        .filter(|d| d.code == "committee-opinion-id-plan")
        .collect();
    assert_eq!(warned.len(), 1, "{:#?}", validated.diagnostics);
    assert!(warned[0].message.contains("2-1") && warned[0].message.contains("1-1"));
    assert!(
        !validated.diagnostics.iter().any(|d| d.is_error()),
        "{:#?}",
        validated.diagnostics
    );
}

/// The style of cell `cell` in the sheet's XML and whether that style is locked (Excel's
/// default) in styles.xml.
fn locked(bytes: &[u8], sheet_xml: &str, cell: &str) -> bool {
    let xml = crate::package::part(bytes, sheet_xml);
    let at = xml
        .find(&format!("<c r=\"{cell}\""))
        .unwrap_or_else(|| panic!("{cell} in {sheet_xml}"));
    let tag = &xml[at..at + xml[at..].find('>').unwrap()];
    let style: usize = tag
        .split("s=\"")
        .nth(1)
        .map_or(0, |s| s[..s.find('"').unwrap()].parse().unwrap());
    let styles = crate::package::part(bytes, "xl/styles.xml");
    let xfs = &styles[styles.find("<cellXfs").unwrap()..styles.find("</cellXfs>").unwrap()];
    let xf = xfs.split("<xf ").nth(style + 1).unwrap();
    let xf = &xf[..xf.find("</xf>").or_else(|| xf.find("/>")).unwrap()];
    !xf.contains("locked=\"0\"")
}

/// The sheet's cell holding exactly `text`, every one top to bottom.
fn cells_with(sheet: &Sheet, text: &str) -> Vec<(u32, u32)> {
    sheet
        .cells
        .iter()
        .filter(|(_, v)| matches!(v, C::S(t) if t == text))
        .map(|(p, _)| *p)
        .collect()
}

#[test]
fn next_years_form_carries_last_years_opinions_and_the_next_book_prints_the_responses() {
    let dir = scratch("follow-up");
    let input = dir.join("input");
    copy_dir(&root().join("input"), &input);
    // The sample's R5 review is in; R6's sheets have not come back yet.
    std::fs::remove_dir_all(input.join("2024年度")).unwrap();
    let out = dir.join("forms");
    let run = Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .args(["forms", "--year", "2024", "--input"])
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .arg("--plan")
        .arg(root().join("plans/azumino-4th.toml"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(stdout.contains("2023年度の委員会意見 8 件"), "{stdout}");
    let bytes = std::fs::read(out.join("2024年度_税務課_進捗シート.xlsx")).unwrap();
    let mut sheets = helper::read(&bytes);
    let index = sheets
        .iter()
        .position(|s| s.name.starts_with('②'))
        .expect("plan ②'s sheet");
    let sheet_xml = format!("xl/worksheets/sheet{}.xml", index + 1);
    let two = &sheets[index];
    let (header, status_c) = two.find("対応状況");
    let (_, text_c) = two.find("対応内容");
    let (_, id_c) = two.find("意見番号");
    assert_eq!(two.try_find("委員会意見").map(|p| p.0), Some(header));
    let first = cells_with(two, "R5-②-1");
    let second = cells_with(two, "R5-②-2");
    assert_eq!(first, vec![(header + 1, id_c)]);
    assert_eq!(second, vec![(header + 2, id_c)]);
    assert!(
        two.cells
            .values()
            .any(|v| matches!(v, C::S(t) if t.starts_with("電子申告の利用を広げるため"))),
        "the opinion is printed"
    );
    // Id and opinion locked, the answers open, 対応状況 a list; the sheet protected.
    let xml = crate::package::part(&bytes, &sheet_xml);
    assert!(xml.contains("<sheetProtection"));
    assert!(
        xml.contains("\"対応済,対応中,未対応,対応しない\""),
        "the list"
    );
    assert!(locked(&bytes, &sheet_xml, &helper::a1((header + 1, id_c))));
    assert!(locked(
        &bytes,
        &sheet_xml,
        &helper::a1((header + 1, id_c + 1))
    ));
    assert!(!locked(
        &bytes,
        &sheet_xml,
        &helper::a1((header + 1, status_c))
    ));
    assert!(!locked(
        &bytes,
        &sheet_xml,
        &helper::a1((header + 1, text_c))
    ));
    // A plan the committee said nothing of has no response table.
    assert!(
        sheets
            .iter()
            .all(|s| s.name.starts_with('②') || s.try_find("対応状況").is_none())
    );

    // The department answers the first opinion and leaves the second open.
    helper::fill_all(&mut sheets, 0.0);
    let two = &mut sheets[index];
    two.cells
        .insert((header + 1, status_c), C::S("対応済".into()));
    two.cells.insert(
        (header + 1, text_c),
        C::S("公民館で操作説明会を3回開いた。".into()),
    );
    std::fs::create_dir_all(input.join("2024年度")).unwrap();
    // Named like nothing in particular: read by its labels.
    std::fs::write(
        input.join("2024年度/税務課の回答.xlsx"),
        helper::write(&sheets),
    )
    .unwrap();

    let book = book_of(&input, 2024);
    let follow = book.follow_up.as_ref().expect("last year's opinions");
    assert_eq!(follow.year, 2023);
    let items: usize = follow.plans.iter().map(|p| p.items.len()).sum();
    assert_eq!(items, 8, "every R5 opinion, answered or not");
    let doc = compose_book(
        &book,
        &ComposeOptions {
            variant: Variant::Web,
        },
    );
    let page = section_text(&doc, "plan-2");
    for t in [
        "[前年度の委員会意見への対応]",
        "R5-②-1",
        "対応済",
        "公民館で操作説明会を3回開いた。",
        "R5-②-2",
        "未回答",
    ] {
        assert!(page.iter().any(|x| x == t), "{t} in {page:?}");
    }
    let summary = section_text(&doc, "summary");
    assert!(
        summary.iter().any(|t| t.contains("意見 8 件")
            && t.contains("対応済 1 件")
            && t.contains("未回答 7 件")
            && t.contains("は 7 件です")),
        "{summary:?}"
    );
    assert!(summary.iter().any(|t| t == "R5-②-2"));
    assert!(!summary.iter().any(|t| t == "R5-②-1"), "answered: not open");
    let html = String::from_utf8(hyoka::render::html::render_html(&doc)).unwrap();
    assert!(html.contains("公民館で操作説明会を3回開いた。") && html.contains("R5-⑤-3"));

    let csv = String::from_utf8(render_table_csv(&opinions_table(&book))).unwrap();
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "プラン番号,アクションプラン,意見番号,年度,委員会意見,委員名,対応状況,対応内容"
    );
    assert_eq!(lines.len(), 9, "{csv}");
    assert!(
        lines.iter().any(|l| l.starts_with("2,")
            && l.contains(",R5-②-1,2023,")
            && l.ends_with(",対応済,公民館で操作説明会を3回開いた。")),
        "{csv}"
    );
    assert!(
        editions(&book).opinions.is_some(),
        "the opinions CSV is written with the responses"
    );
}

#[test]
fn without_last_years_review_the_forms_ask_for_no_response() {
    let dir = scratch("follow-up-none");
    let forms = hyoka::forms::make_forms(&helper::plans(), 2024).unwrap();
    assert!(forms.iter().all(|f| {
        helper::read(&f.bytes)
            .iter()
            .all(|s| s.try_find("対応状況").is_none())
    }));
    // An input folder without a review (or none at all) gives none either.
    let plans = helper::plans();
    let (prior, diagnostics) = hyoka::pipeline::prior_review(
        &plans,
        &dir.join("missing"),
        &IntakeOptions::default(),
        2024,
    )
    .unwrap();
    assert!(prior.is_none() && diagnostics.is_empty());
}

/// The R5 review with opinions on ① (one) and ② (two), as the secretariat filled it.
fn review_2023() -> Vec<u8> {
    let plans = helper::plans();
    let rows: Vec<ReviewPlan> = [1, 2]
        .into_iter()
        .map(|n| ReviewPlan {
            plan: n,
            title: format!("{}プラン", hyoka::forms::circled(n)),
            department: "税務課".into(),
            computed: "A".into(),
            self_grade: "A".into(),
        })
        .collect();
    let fill = |opinions: &[&str]| hyoka::forms::committee::ReviewFill {
        grade: Some("A".into()),
        opinions: opinions
            .iter()
            .map(|o| (o.to_string(), String::new()))
            .collect(),
    };
    make_review_workbook(
        &plans,
        2023,
        &rows,
        &ReviewOptions {
            fills: std::collections::BTreeMap::from([
                (1, fill(&["①への意見"])),
                (2, fill(&["②への一つ目の意見", "②への二つ目の意見"])),
            ]),
            ..ReviewOptions::default()
        },
    )
    .unwrap()
}

#[test]
fn broken_responses_give_cell_precise_diagnostics() {
    use hyoka::forms::{PriorOpinion, PriorReview, ResponseFill};
    let opinion = |id: &str| PriorOpinion {
        id: id.into(),
        text: format!("{id}の意見"),
    };
    // As printed: the two real ids, then ids a department might leave or retype.
    let printed = ["R5-②-1", "R5-②-2", "R5-②-9", "R5-①-1", "R5-②-1", ""];
    let prior = PriorReview {
        year: 2023,
        opinions: std::collections::BTreeMap::from([(
            2,
            printed.iter().map(|id| opinion(id)).collect(),
        )]),
    };
    let answer = |status: &str, text: &str| ResponseFill {
        status: Some(status.into()),
        text: (!text.is_empty()).then(|| text.into()),
    };
    let responses = std::collections::BTreeMap::from([
        // 対応済 and nothing said of what was done.
        ("R5-②-1".to_string(), answer("対応済", "")),
        // Not on the list.
        ("R5-②-2".to_string(), answer("済み", "説明会を開いた。")),
        // No such opinion last year.
        ("R5-②-9".to_string(), answer("対応済", "実施した。")),
        // ①'s opinion answered on ②'s sheet.
        ("R5-①-1".to_string(), answer("未対応", "")),
        // The id erased.
        (String::new(), answer("対応中", "検討中。")),
    ]);
    let form = responding_form(2024, 2, prior, responses, 0.0);
    let sheets = helper::read(&form);
    let two = sheets.iter().find(|s| s.name.starts_with('②')).unwrap();
    let (header, status_c) = two.find("対応状況");
    let (_, text_c) = two.find("対応内容");
    let (_, id_c) = two.find("意見番号");
    let row = |i: u32| header + 1 + i;
    let file = "2024年度/税務課.xlsx".to_string();
    let at = |r: u32, c: u32| helper::a1((r, c));
    helper::run_corpus(vec![Case {
        name: "committee-responses-broken",
        files: vec![
            (
                "2023年度/2023年度_委員会評価シート.xlsx".to_string(),
                review_2023(),
            ),
            (file.clone(), form),
        ],
        year: Some(2024),
        expect: vec![
            ("response-text-missing", file.clone(), at(row(0), text_c)),
            (
                "response-status-unknown",
                file.clone(),
                at(row(1), status_c),
            ),
            ("response-id-unknown", file.clone(), at(row(2), id_c)),
            ("response-id-other-plan", file.clone(), at(row(3), id_c)),
            ("response-duplicate", file.clone(), at(row(4), id_c)),
            ("response-id-missing", file.clone(), at(row(5), id_c)),
        ],
    }]);
}

#[test]
fn without_last_years_review_the_responses_are_read_as_the_form_printed_them() {
    use hyoka::forms::{PlanFill, PriorOpinion, PriorReview, ResponseFill, WorkbookOptions};
    let dir = scratch("follow-up-no-review");
    let plans = helper::plans();
    let prior = PriorReview {
        year: 2023,
        opinions: std::collections::BTreeMap::from([(
            2,
            vec![PriorOpinion {
                id: "R5-②-1".into(),
                text: "様式に印字された意見".into(),
            }],
        )]),
    };
    let fill = PlanFill {
        responses: std::collections::BTreeMap::from([(
            "R5-②-1".to_string(),
            ResponseFill {
                status: Some("対応中".into()),
                text: Some("検討を進めている。".into()),
            },
        )]),
        ..PlanFill::default()
    };
    let bytes = hyoka::forms::make_workbook(
        &plans,
        2024,
        "税務課",
        &[2],
        &WorkbookOptions {
            sample: false,
            fills: std::collections::BTreeMap::from([(2, fill)]),
            prior: Some(prior),
        },
    )
    .unwrap();
    std::fs::write(dir.join("税務課.xlsx"), bytes).unwrap();
    let intake = read_dir(&dir, &IntakeOptions::default()).unwrap();
    let validated = hyoka::validate::validate(&plans, &intake, Some(2024));
    let warning = validated
        .diagnostics
        .iter()
        .find(|d| d.code == "response-review-missing")
        .expect("the ids cannot be checked: said once");
    assert!(!warning.is_error());
    assert_eq!(
        warning.source.as_ref().map(|s| s.file.as_str()),
        Some("税務課.xlsx")
    );
    let [r] = &validated.responses[..] else {
        panic!("{:?}", validated.responses)
    };
    assert_eq!(
        (r.plan, r.year, r.id.as_str(), r.opinion.as_str()),
        (2, 2024, "R5-②-1", "様式に印字された意見")
    );
    assert_eq!(r.status.as_deref(), Some("対応中"));
}

#[test]
fn forms_refuses_when_last_years_review_is_broken() {
    let dir = scratch("follow-up-broken-review");
    let input = dir.join("input");
    std::fs::create_dir_all(&input).unwrap();
    let mut sheets = helper::read(&review_2023());
    let sheet = &mut sheets[0];
    let (header, cols) = columns(sheet);
    sheet
        .cells
        .insert((header + 1, cols["委員会評価"]), C::S("S".into()));
    std::fs::write(input.join("審議結果.xlsx"), helper::write(&sheets)).unwrap();
    let out = dir.join("forms");
    let run = Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .args(["forms", "--year", "R6", "--input"])
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .arg("--plan")
        .arg(root().join("plans/azumino-4th.toml"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("committee-grade-unknown"), "{stderr}");
    assert!(stderr.contains("審議結果.xlsx"), "{stderr}");
    assert!(stderr.contains("入力様式は作成しませんでした"), "{stderr}");
    assert!(
        std::fs::read_dir(&out).map_or(true, |mut d| d.next().is_none()),
        "no form written"
    );
    // Another year's forms do not depend on that review.
    let run = Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .args(["forms", "--year", "R7", "--input"])
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .arg("--plan")
        .arg(root().join("plans/azumino-4th.toml"))
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn a_review_workbook_past_excels_limits_is_cut_with_a_warning_and_reads_back() {
    // Another city's outline: a body whose name has characters a sheet name cannot hold and
    // is longer than a list's title, a scale whose marks do not fit an inline list, a plan
    // title and an opinion longer than a cell.
    let mut plans = helper::plans();
    plans.vocabulary.body = format!("{}（第4次）", "行政改革/推進[市民]委員会".repeat(2));
    let template = plans.grading.grades[0].clone();
    plans.grading.grades = (1..=40)
        .map(|i| hyoka::plan::Grade {
            mark: format!("段階{i}（評価の区分）"),
            ..template.clone()
        })
        .collect();
    let rows: Vec<ReviewPlan> = plans.plans[..2]
        .iter()
        .map(|p| ReviewPlan {
            plan: p.number,
            title: format!("{}{}", p.display_id(), "長".repeat(40_000)),
            department: p.department.clone(),
            computed: "段階1（評価の区分）".into(),
            self_grade: String::new(),
        })
        .collect();
    let fills = std::collections::BTreeMap::from([(
        plans.plans[0].number,
        ReviewFill {
            grade: Some("段階40（評価の区分）".into()),
            opinions: vec![("意".repeat(40_000), "委員A".into())],
        },
    )]);
    let options = ReviewOptions {
        fills,
        ..ReviewOptions::default()
    };
    let (bytes, cut) =
        make_review_workbook_checked(&plans, 2024, &rows, &options, "評価シート.xlsx")
            .expect("a workbook despite the long texts");
    let messages: Vec<String> = cut
        .iter()
        .map(|w| format!("{} {} {:?}", w.code, w.message, w.source))
        .collect();
    // The title of the first plan is A6, its opinion G6 (header row 5).
    for cell in ["A6", "G6", "A9"] {
        assert!(
            messages
                .iter()
                .any(|m| m.contains("xlsx-text-cut") && m.contains("32767") && m.contains(cell)),
            "no warning for {cell}: {messages:#?}"
        );
    }
    assert!(messages.iter().all(|m| m.contains("評価シート.xlsx")));

    // The body's word names files too: a 「/」 in it makes no folder.
    let name = hyoka::forms::committee::file_name_for(&plans, 2024);
    assert!(!name.contains('/'), "{name}");
    let names = hyoka::pipeline::output_names_for(2024, Variant::Web, &plans.vocabulary.body);
    assert!(!names.opinions.contains('/'), "{}", names.opinions);

    let sheets = helper::read(&bytes);
    let review = &sheets[0];
    assert!(review.name.chars().count() <= 31, "{}", review.name);
    assert!(!review.name.contains(['/', '[', ']']), "{}", review.name);
    let list = sheets
        .iter()
        .find(|s| s.name == "選択肢")
        .expect("the marks come from the list sheet");
    assert!(list.try_find("段階40（評価の区分）").is_some());

    // Read back: the cut title still names the plan, the opinion is there (cut, marked).
    let dir = scratch("limits");
    std::fs::write(dir.join("2024年度_評価シート.xlsx"), &bytes).unwrap();
    let intake = read_dir(
        &dir,
        &IntakeOptions {
            max_text_chars: 32_767,
            ..IntakeOptions::default()
        },
    )
    .unwrap();
    assert_eq!(intake.committee.len(), 1, "{:#?}", intake.diagnostics);
    let first = &intake.committee[0].rows[0];
    assert_eq!(first.plan_number, Some(plans.plans[0].number));
    let opinion = first.opinion.as_ref().expect("the opinion is read");
    let text = opinion.value.as_text();
    assert!(
        text.starts_with("意意") && text.ends_with("省略しました］"),
        "{}…",
        text.chars().take(20).collect::<String>()
    );
}

/// The review of 2022 (R4) with one opinion on ①.
fn review_2022() -> Vec<u8> {
    let plans = helper::plans();
    let rows = vec![ReviewPlan {
        plan: 1,
        title: "①プラン".into(),
        department: plans.plans[0].department.clone(),
        computed: "A".into(),
        self_grade: "A".into(),
    }];
    make_review_workbook(
        &plans,
        2022,
        &rows,
        &ReviewOptions {
            fills: std::collections::BTreeMap::from([(
                1,
                ReviewFill {
                    grade: Some("A".into()),
                    opinions: vec![("①への古い意見".into(), String::new())],
                },
            )]),
            ..ReviewOptions::default()
        },
    )
    .unwrap()
}

/// ①'s form of `year`, answering `prior` with `responses` (id → 対応状況, 対応内容).
fn answering_form(
    year: i32,
    prior: hyoka::forms::PriorReview,
    responses: &[(&str, &str, &str)],
) -> Vec<u8> {
    let responses = responses
        .iter()
        .map(|(id, status, text)| {
            (
                id.to_string(),
                hyoka::forms::ResponseFill {
                    status: Some(status.to_string()),
                    text: Some(text.to_string()),
                },
            )
        })
        .collect();
    responding_form(year, 1, prior, responses, 1.0)
}

/// The form of `year` for plan `number` alone, filled (every 実績値 `actual`), answering
/// `prior` with `responses` as typed.
fn responding_form(
    year: i32,
    number: u32,
    prior: hyoka::forms::PriorReview,
    responses: std::collections::BTreeMap<String, hyoka::forms::ResponseFill>,
    actual: f64,
) -> Vec<u8> {
    use hyoka::forms::{PlanFill, WorkbookOptions};
    let plans = helper::plans();
    let department = &plans
        .plans
        .iter()
        .find(|p| p.number == number)
        .unwrap()
        .department;
    let bytes = hyoka::forms::make_workbook(
        &plans,
        year,
        department,
        &[number],
        &WorkbookOptions {
            sample: false,
            fills: std::collections::BTreeMap::from([(
                number,
                PlanFill {
                    responses,
                    ..PlanFill::default()
                },
            )]),
            prior: Some(prior),
        },
    )
    .unwrap();
    let mut sheets = helper::read(&bytes);
    helper::fill_all(&mut sheets, actual);
    helper::write(&sheets)
}

#[test]
fn an_opinion_still_open_is_asked_again_the_next_year_until_it_is_done() {
    use hyoka::forms::{PriorOpinion, PriorReview};
    let plans = helper::plans();
    let dir = scratch("carry");
    let put = |name: &str, bytes: Vec<u8>| {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    };
    put("2022年度/2022年度_委員会評価シート.xlsx", review_2022());
    put("2023年度/2023年度_委員会評価シート.xlsx", review_2023());
    // 2023's form: R4-①-1 still 対応中.
    let r4 = PriorReview {
        year: 2022,
        opinions: std::collections::BTreeMap::from([(
            1,
            vec![PriorOpinion {
                id: "R4-①-1".into(),
                text: "①への古い意見".into(),
            }],
        )]),
    };
    put(
        "2023年度/①.xlsx",
        answering_form(
            2023,
            r4.clone(),
            &[("R4-①-1", "対応中", "検討を進めている。")],
        ),
    );

    let (prior, diagnostics) =
        hyoka::pipeline::prior_review(&plans, &dir, &IntakeOptions::default(), 2024).unwrap();
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let prior = prior.expect("opinions to answer in 2024");
    let ids =
        |plan: u32| -> Vec<String> { prior.opinions[&plan].iter().map(|o| o.id.clone()).collect() };
    assert_eq!(
        ids(1),
        ["R4-①-1", "R5-①-1"],
        "the open R4 opinion comes first"
    );
    assert_eq!(prior.opinions[&1][0].text, "①への古い意見");
    assert_eq!(ids(2), ["R5-②-1", "R5-②-2"]);

    // The 2024 form asks both, and says that one is older.
    let form = answering_form(
        2024,
        prior.clone(),
        &[
            ("R4-①-1", "対応済", "制度を改めた。"),
            ("R5-①-1", "対応中", "調整している。"),
        ],
    );
    let sheets = helper::read(&form);
    let one = sheets.iter().find(|s| s.name.starts_with('①')).unwrap();
    assert!(one.try_find("R4-①-1").is_some());
    assert!(
        one.try_find("前年度（令和5年度（2023年度））の委員会意見と、それより前の対応が済んでいない委員会意見への対応")
            .is_some()
    );
    // Read back: both answers are taken, the old one with the old review's text.
    put("2024年度/①.xlsx", form);
    let intake = read_dir(&dir, &IntakeOptions::default()).unwrap();
    let validated = hyoka::validate::validate(&plans, &intake, Some(2024));
    let wrong: Vec<_> = validated
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with("response-"))
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
    let answered: Vec<(&str, &str)> = validated
        .responses
        .iter()
        .filter(|r| r.year == 2024)
        .map(|r| (r.id.as_str(), r.opinion.as_str()))
        .collect();
    assert!(
        answered.contains(&("R4-①-1", "①への古い意見")),
        "{answered:?}"
    );
    assert!(answered.contains(&("R5-①-1", "①への意見")), "{answered:?}");

    // The book of 2024 prints the carried opinion with its answer and says it is older.
    let options = BuildOptions {
        year: Some(2024),
        input: dir.clone(),
        plan: root().join("plans/azumino-4th.toml"),
        templates: root().join("templates"),
        allow_errors: true,
        date: None,
        intake: Default::default(),
    };
    let book = match prepare_book(&options).expect("builds") {
        Prepared::Book { book, .. } => *book,
        Prepared::Rejected { diagnostics, .. } => panic!("rejected: {diagnostics:#?}"),
    };
    let doc = compose_book(&book, &ComposeOptions::default());
    let plan = section_text(&doc, "plan-1");
    assert!(plan.iter().any(|t| t == "R4-①-1"), "{plan:#?}");
    assert!(plan.iter().any(|t| t == "制度を改めた。"), "{plan:#?}");
    let captions: Vec<&str> = section(&doc, "plan-1")
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Box(b) => Some(&b.blocks),
            _ => None,
        })
        .flatten()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t.caption.as_str()),
            _ => None,
        })
        .collect();
    assert!(
        captions
            .iter()
            .any(|c| c.contains("R5と、それより前の対応が済んでいない意見")),
        "{captions:#?}"
    );
    let summary = section_text(&doc, "summary").join("\n");
    assert!(
        summary.contains("の意見と、それより前の対応が済んでいない意見 4 件への対応状況"),
        "{summary}"
    );

    // Done in 2024: 2025's forms no longer ask R4-①-1, but still R5-①-1 (対応中).
    let (prior, _) =
        hyoka::pipeline::prior_review(&plans, &dir, &IntakeOptions::default(), 2025).unwrap();
    let prior = prior.expect("R5-①-1 is still open");
    let ids: Vec<&str> = prior.opinions[&1].iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["R5-①-1"]);
}
