//! The one-table list (一覧表) as a first-class layout, and the year every submission states
//! (sheet, list, file name, folders): issue 12 §1.5, §1.6 and §2 (own sheets beside the form).
//!
//! The corpus cases are written under `tests/fixtures/intake/<case>/` and read back from
//! there (tests/suite/corpus.rs runs the same folders through the binary). The list built from the
//! sample's own 2024 forms must give the same Book as the forms.

use crate::helper;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use helper::{C, Case, Sheet};
use hyoka::intake::{Submission, Value};
use hyoka::pipeline::{BuildOptions, Prepared, prepare_book};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A sheet from rows of cells, starting at row `top` (0-based); `None` leaves a cell empty
/// (as a cell merged over a plan's rows reads).
fn table(name: &str, top: u32, rows: &[Vec<Option<C>>]) -> Sheet {
    let mut cells = BTreeMap::new();
    for (i, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if let Some(v) = cell {
                cells.insert((top + i as u32, c as u32), v.clone());
            }
        }
    }
    Sheet {
        name: name.to_string(),
        cells,
        hidden: false,
    }
}

fn s(t: &str) -> Option<C> {
    Some(C::S(t.to_string()))
}

fn n(v: f64) -> Option<C> {
    Some(C::N(v))
}

const HEADER: [&str; 12] = [
    "番号",
    "アクションプラン名",
    "担当課",
    "指標番号",
    "指標",
    "目標値",
    "実績値",
    "自己評価",
    "取組実績",
    "課題",
    "今後の方向性",
    "記入者",
];

fn header() -> Vec<Option<C>> {
    HEADER.iter().map(|h| s(h)).collect()
}

/// One plan's rows in a list: number, name, 担当課, 自己評価, 取組実績 and its indicators
/// (key, label, 実績値).
struct Plan {
    number: f64,
    name: &'static str,
    department: &'static str,
    grade: &'static str,
    text: &'static str,
    indicators: &'static [(&'static str, &'static str, f64)],
}

const SECURITY: Plan = Plan {
    number: 1.0,
    name: "情報セキュリティ対策の強化",
    department: "情報統計課",
    grade: "A",
    text: "標的型攻撃メール訓練を全職員に実施した。",
    indicators: &[
        ("1", "サイバー攻撃によるシステム障害、情報流出等被害", 0.0),
        ("2", "人的ミスによるセキュリティ事故", 0.0),
    ],
};

const RPA: Plan = Plan {
    number: 3.0,
    name: "RPA導入の推進",
    department: "総務課",
    grade: "B",
    text: "3業務に導入した。",
    indicators: &[("1", "RPA導入業務", 3.0)],
};

const PRIVATE: Plan = Plan {
    number: 5.0,
    name: "民間活力導入の推進",
    department: "総務課",
    grade: "A",
    text: "指定管理者制度を1施設に導入した。",
    indicators: &[("1", "民間活力導入事業", 1.0)],
};

/// The header and one row per indicator; the plan-level cells only on a plan's first row,
/// as cells merged over the plan's rows read.
fn list_rows(plans: &[&Plan]) -> Vec<Vec<Option<C>>> {
    let mut rows = vec![header()];
    for p in plans {
        for (i, (key, label, actual)) in p.indicators.iter().enumerate() {
            let first = i == 0;
            let on_first = |v: Option<C>| if first { v } else { None };
            rows.push(vec![
                on_first(n(p.number)),
                on_first(s(p.name)),
                on_first(s(p.department)),
                s(key),
                s(label),
                None,
                n(*actual),
                on_first(s(p.grade)),
                on_first(s(p.text)),
                on_first(s("対象の拡大")),
                on_first(s("継続して実施する。")),
                on_first(s("架空 太郎")),
            ]);
        }
    }
    rows
}

/// Cases read by `hyoka check --year 2024`; 未提出 lines are kept where they tell which plans a
/// list filed.
fn case(
    name: &'static str,
    files: Vec<(String, Vec<u8>)>,
    expect: Vec<(&'static str, &str, &str)>,
) -> Case {
    Case {
        name,
        files,
        year: Some(2024),
        expect: expect
            .into_iter()
            .map(|(code, file, cell)| (code, file.to_string(), cell.to_string()))
            .collect(),
    }
}

#[test]
fn corpus_of_years_lists_and_own_sheets() {
    // §1.5: last year's form reused, renamed 2024年度_…, its year cell still 令和5年度.
    let reused = helper::filled("情報統計課", 2023, |_| {});
    let reused_name = "2024年度/2024年度_情報統計課_進捗シート.xlsx";
    // §1.5: this year's form in last year's folder.
    let misfiled = helper::filled("情報統計課", 2024, |_| {});

    // §1.6: lists.
    let good_rows = || list_rows(&[&SECURITY, &PRIVATE]);
    let good = helper::write(&[table("一覧", 0, &good_rows())]);
    let mut block_rows = vec![
        vec![s("行財政改革アクションプラン 取組状況一覧")],
        vec![s("年度"), s("令和6年度")],
        vec![s("担当課"), s("総務課")],
        vec![],
    ];
    // Under the block: no 担当課 column, headers typed with line breaks and full-width.
    let mut rows = list_rows(&[&RPA, &PRIVATE]);
    for row in &mut rows {
        row.remove(2);
    }
    rows[0] = vec![
        s("Ｎｏ．"),
        s("アクション\nプラン名"),
        s("指標\n番号"),
        s("指 標"),
        s("目標値"),
        s("実績値\n（今年度）"),
        s("自己\n評価"),
        s("取組実績"),
        s("課題"),
        s("今後の\n方向性"),
        s("記入者"),
    ];
    block_rows.extend(rows);
    let under_block = helper::write(&[table("R6一覧", 0, &block_rows)]);

    let mut unmatched = good_rows();
    // A plan the plan file does not have, an indicator plan ⑤ does not have, and a row whose
    // plan is not written at all (the first row of the table).
    unmatched.insert(
        1,
        vec![None, None, None, s("1"), s("窓口の待ち時間"), None, n(12.0)],
    );
    unmatched.push(vec![
        n(99.0),
        s("存在しないプラン"),
        s("情報統計課"),
        s("1"),
        s("何かの件数"),
        n(1.0),
        n(1.0),
        s("A"),
        s("実施した。"),
    ]);
    unmatched.push(vec![
        None,
        None,
        None,
        s("2"),
        s("架空の指標"),
        n(1.0),
        n(2.0),
    ]);
    unmatched[4][3] = s("");
    unmatched[4][4] = s("民間活力導入事業");
    unmatched.insert(
        5,
        vec![
            None,
            None,
            None,
            None,
            s("民間活力で削減した経費"),
            None,
            n(300.0),
        ],
    );
    let unmatched = helper::write(&[table("一覧", 0, &unmatched)]);

    let mut with_year = good_rows();
    with_year[0].push(s("年度"));
    for row in with_year.iter_mut().skip(1) {
        row.resize(12, None);
        row.push(s("令和5年度"));
    }
    let year_column = helper::write(&[table("一覧", 0, &with_year)]);

    // §2: the plan sheets copied into the department's own workbook beside its own sheets.
    let mut own = helper::form_sheets("情報統計課", 2024);
    helper::fill_all(&mut own, 0.0);
    own.retain(|sh| sh.name != "説明");
    own.insert(
        0,
        table(
            "表紙",
            0,
            &[
                vec![s("令和6年度 行財政改革 進捗報告")],
                vec![s("担当課"), s("情報統計課")],
            ],
        ),
    );
    own.push(table(
        "事務分担",
        0,
        &[
            vec![s("年度"), s("令和6年度")],
            vec![s("担当者"), s("架空 太郎")],
            vec![s("内線"), s("1234")],
        ],
    ));
    own.push(table(
        "集計",
        0,
        &[
            vec![s("年度"), s("指標"), s("実績値"), s("前年度実績")],
            vec![s("2023"), s("研修受講者"), n(120.0), n(110.0)],
            vec![s("2024"), s("研修受講者"), n(130.0), n(120.0)],
        ],
    ));
    let own = helper::write(&own);

    let cases = vec![
        case(
            "year-reused-form",
            vec![(reused_name.to_string(), reused)],
            vec![("year-conflict", reused_name, "B3")],
        ),
        case(
            "year-folder-vs-sheet",
            vec![("2023年度/情報統計課.xlsx".to_string(), misfiled)],
            vec![("year-conflict", "2023年度/情報統計課.xlsx", "B3")],
        ),
        case(
            "list-good",
            vec![("2024年度/アクションプラン一覧.xlsx".to_string(), good)],
            vec![("plan-not-submitted", "", "")],
        ),
        case(
            "list-under-header-block",
            vec![("アクションプラン一覧.xlsx".to_string(), under_block)],
            vec![("plan-not-submitted", "", "")],
        ),
        case(
            "list-row-unmatched",
            vec![("2024年度/一覧.xlsx".to_string(), unmatched)],
            vec![
                ("list-row-unmatched", "2024年度/一覧.xlsx", "B2"),
                ("plan-unknown", "2024年度/一覧.xlsx", "B7"),
                ("list-row-unmatched", "2024年度/一覧.xlsx", "G8"),
                ("list-row-unmatched", "2024年度/一覧.xlsx", "G6"),
            ],
        ),
        case(
            "list-year-column-vs-folder",
            vec![("2024年度/一覧.xlsx".to_string(), year_column)],
            vec![("year-conflict", "2024年度/一覧.xlsx", "M2")],
        ),
        case(
            "own-sheets-skipped",
            vec![("情報統計課.xlsx".to_string(), own)],
            vec![
                ("sheet-skipped", "情報統計課.xlsx", ""),
                ("plan-not-submitted", "", ""),
            ],
        ),
    ];
    helper::run_corpus(cases);
}

/// The checks the corpus golden files make, said outright: what each case must and must not
/// give (so a golden file rewritten from a wrong output cannot hide it).
#[test]
fn the_corpus_cases_say_what_the_issue_asks() {
    let read = |case: &str| {
        let input = root()
            .join("tests/fixtures/intake")
            .join(case)
            .join("input");
        let intake = hyoka::intake::read_dir(&input, &Default::default()).unwrap();
        let v = hyoka::validate::validate(&helper::plans(), &intake, Some(2024));
        (intake, v)
    };
    let errors = |v: &hyoka::validate::Validated| -> Vec<String> {
        v.diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.code.to_string())
            .collect()
    };

    // A reused form: nothing filed, under either year; the error names both years and the file.
    let (_, v) = read("year-reused-form");
    assert!(v.records.is_empty(), "{:?}", v.records);
    let d = v
        .diagnostics
        .iter()
        .find(|d| d.code == "year-conflict")
        .unwrap();
    for part in [
        "令和5年度（2023年度）",
        "令和6年度（2024年度）",
        "2024年度_情報統計課_進捗シート.xlsx",
    ] {
        assert!(d.message.contains(part), "{}", d.message);
    }

    let (_, v) = read("year-folder-vs-sheet");
    assert!(v.records.is_empty());
    assert_eq!(errors(&v), ["year-conflict"], "{:?}", v.diagnostics);

    // A good list: both plans filed with every indicator, each value from its own cell.
    for (case, plans, cells) in [
        ("list-good", [1, 5], ("G4", "H4")),
        ("list-under-header-block", [3, 5], ("F7", "G7")),
    ] {
        let (intake, v) = read(case);
        assert_eq!(
            errors(&v),
            Vec::<String>::new(),
            "{case}: {:?}",
            v.diagnostics
        );
        let filed: Vec<(u32, i32)> = v.records.iter().map(|r| (r.plan, r.year)).collect();
        assert_eq!(filed, [(plans[0], 2024), (plans[1], 2024)], "{case}");
        assert!(
            v.records
                .iter()
                .all(|r| r.indicators.iter().all(|i| i.actual.is_some())),
            "{case}"
        );
        assert_eq!(
            v.records[0].indicators.len(),
            if plans[0] == 1 { 2 } else { 1 }
        );
        let five = intake
            .submissions
            .iter()
            .find(|s| s.plan_number == Some(5))
            .unwrap();
        let actual_cell = five.indicators[0].actual.at.cell.clone().unwrap();
        let grade_cell = five.self_grade.as_ref().unwrap().at.cell.clone().unwrap();
        assert_eq!((actual_cell.as_str(), grade_cell.as_str()), cells, "{case}");
        assert_eq!(v.records[1].self_grade.as_deref(), Some("A"));
        assert_eq!(
            v.records[1].department, "総務課",
            "{case}: the column's or the block's"
        );
    }

    // Every row that cannot be filed is named by its row.
    let (_, v) = read("list-row-unmatched");
    let named: Vec<String> = v
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            format!(
                "{} {}",
                d.code,
                d.source.as_ref().unwrap().cell.as_deref().unwrap_or("")
            )
        })
        .collect();
    for want in [
        "list-row-unmatched B2",
        "list-row-unmatched G6",
        "plan-unknown B7",
        "list-row-unmatched G8",
    ] {
        assert!(named.contains(&want.to_string()), "{want}: {named:?}");
    }

    let (_, v) = read("list-year-column-vs-folder");
    assert!(v.records.is_empty());
    let d = v
        .diagnostics
        .iter()
        .find(|d| d.code == "year-conflict")
        .unwrap();
    assert!(d.message.contains("2～4 行目"), "{}", d.message);

    // Own sheets: noted, not errors; the plan sheets are still read.
    let (_, v) = read("own-sheets-skipped");
    assert_eq!(errors(&v), Vec::<String>::new(), "{:?}", v.diagnostics);
    let skipped: Vec<&str> = v
        .diagnostics
        .iter()
        .filter(|d| d.code == "sheet-skipped")
        .map(|d| d.source.as_ref().unwrap().sheet.as_deref().unwrap())
        .collect();
    assert_eq!(skipped, ["事務分担", "集計"]);
    assert_eq!(v.records.len(), 1, "情報統計課's plan ①");
}

// ---- The sample's 2024 forms as one list ------------------------------------------------

fn cell_of(value: &Value) -> Option<C> {
    match value {
        Value::Empty => None,
        Value::Number(d) => Some(C::N(d.to_string().parse().unwrap())),
        Value::Text(t) | Value::Error(t) => Some(C::S(t.clone())),
    }
}

fn field(f: &Option<hyoka::intake::Field>) -> Option<C> {
    f.as_ref().and_then(|f| cell_of(&f.value))
}

/// How the list states its year.
#[derive(Debug, Clone, Copy, PartialEq)]
enum YearIn {
    /// A 年度 column on every row.
    Column,
    /// Nowhere in the sheet: the folder 「2024年度」.
    Folder,
    /// Nowhere in the sheet: the file name 「令和6年度_…」.
    FileName,
    /// The block above the table: 「年度 ｜ 令和6年度」.
    Block,
}

/// One list of every 2024 submission of the sample, one row per indicator, the plan-level
/// cells on the first row of each plan only.
fn sample_list(subs: &[&Submission], year_in: YearIn) -> Vec<u8> {
    let mut head = vec![
        "番号",
        "アクションプラン名",
        "担当課",
        "指標番号",
        "指標",
        "実績値",
        "前年度実績",
        "参考値",
        "自己評価",
        "取組実績",
        "課題",
        "今後の方向性",
        "記入者",
        "連絡先",
    ];
    if year_in == YearIn::Column {
        head.insert(0, "年度");
    }
    let mut rows: Vec<Vec<Option<C>>> = Vec::new();
    if year_in == YearIn::Block {
        rows.push(vec![s("行財政改革アクションプラン 取組状況一覧")]);
        rows.push(vec![s("年度"), s("令和6年度")]);
        rows.push(vec![]);
    }
    rows.push(head.iter().map(|h| s(h)).collect());
    for sub in subs {
        for (i, ind) in sub.indicators.iter().enumerate() {
            let first = i == 0;
            let plan_level = |f: &Option<hyoka::intake::Field>| if first { field(f) } else { None };
            let mut row = vec![
                first.then(|| C::N(f64::from(sub.plan_number.unwrap()))),
                if first { s(&sub.plan_text) } else { None },
                plan_level(&sub.department),
                s(&ind.key),
                s(&ind.label),
                cell_of(&ind.actual.value),
                ind.previous.as_ref().and_then(|f| cell_of(&f.value)),
                ind.reference.as_ref().and_then(|f| cell_of(&f.value)),
                plan_level(&sub.self_grade),
                plan_level(&sub.achievements),
                plan_level(&sub.issues),
                plan_level(&sub.direction),
                plan_level(&sub.author),
                plan_level(&sub.contact),
            ];
            if year_in == YearIn::Column {
                row.insert(0, s("令和6年度"));
            }
            rows.push(row);
        }
    }
    let mut sheets = vec![table("一覧", 0, &rows)];
    // The sample's mark, as the forms carry it.
    sheets.push(table("説明", 0, &[vec![s(hyoka::labels::SAMPLE_MARK)]]));
    with_sample_name(helper::write(&sheets))
}

/// Adds the defined name by which the sample generator may mark its workbooks, so the list
/// is the sample in whichever way intake tells it (a cell's words or that name).
fn with_sample_name(bytes: Vec<u8>) -> Vec<u8> {
    let sheets = helper::read(&bytes);
    let mut wb = rust_xlsxwriter::Workbook::new();
    for sh in &sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&sh.name).unwrap();
        for (&(r, c), v) in &sh.cells {
            match v {
                C::N(x) => ws.write_number(r, c as u16, *x).map(|_| ()).unwrap(),
                C::S(t) => ws.write_string(r, c as u16, t).map(|_| ()).unwrap(),
                _ => unreachable!("the list holds numbers and texts"),
            }
        }
    }
    wb.define_name("HYOKA_SAMPLE", "='説明'!$A$1").unwrap();
    wb.save_to_buffer().unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).unwrap();
        }
    }
}

fn build(input: PathBuf) -> hyoka::book::Book {
    let options = BuildOptions {
        year: Some(2024),
        input,
        plan: root().join("plans/azumino-4th.toml"),
        templates: root().join("templates"),
        allow_errors: false,
        date: None,
        intake: Default::default(),
    };
    match prepare_book(&options).unwrap() {
        Prepared::Book { book, .. } => *book,
        Prepared::Rejected { diagnostics, .. } => panic!("rejected: {diagnostics:#?}"),
    }
}

/// The Book as JSON lines, without where things were read (file, sheet, cell differ between a
/// form and a list by nature); diagnostics are compared by what they say, in a fixed order.
fn comparable(mut book: hyoka::book::Book) -> Vec<String> {
    // The list and the forms are different files with different cells.
    book.sources.clear();
    for page in &mut book.plans {
        page.source = None;
        page.cites = Default::default();
        for r in &mut page.results {
            r.cites = Default::default();
        }
        for h in &mut page.history {
            for p in &mut h.points {
                p.cites = Default::default();
            }
        }
    }
    for row in &mut book.list {
        row.result.cites = Default::default();
    }
    for d in &mut book.diagnostics {
        d.source = None;
    }
    // A one-table list has no columns for the answers to last year's committee opinions
    // (対応状況・対応内容): those come on the forms only (README 「委員会評価の流れ」).
    book.follow_up = None;
    book.diagnostics
        .sort_by(|a, b| (a.plan, a.code, &a.message).cmp(&(b.plan, b.code, &b.message)));
    serde_json::to_string_pretty(&book)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn a_list_of_the_sample_2024_forms_builds_the_same_book() {
    let sample = root().join("input");
    let forms_book = build(sample.clone());
    let intake = hyoka::intake::read_dir(&sample.join("2024年度"), &Default::default()).unwrap();
    let mut subs: Vec<&Submission> = intake.submissions.iter().collect();
    subs.sort_by_key(|s| s.plan_number);
    assert!(subs.len() >= 20, "the sample's 2024 forms: {}", subs.len());
    assert!(
        subs.iter()
            .all(|s| s.plan_number.is_some() && s.year_value == Some(2024))
    );
    let want = comparable(forms_book.clone());
    assert!(
        forms_book
            .plans
            .iter()
            .all(|p| p.source.is_some() || p.status != hyoka::book::PlanStatus::Evaluated),
        "the forms book names its sources"
    );

    for year_in in [
        YearIn::Column,
        YearIn::Folder,
        YearIn::FileName,
        YearIn::Block,
    ] {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("input");
        for y in 2020..=2023 {
            let folder = format!("{y}年度");
            copy_dir(&sample.join(&folder), &input.join(&folder));
        }
        let name = match year_in {
            YearIn::Folder => "2024年度/アクションプラン一覧.xlsx",
            YearIn::FileName => "令和6年度_アクションプラン一覧.xlsx",
            YearIn::Column | YearIn::Block => "アクションプラン一覧.xlsx",
        };
        let path = input.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, sample_list(&subs, year_in)).unwrap();
        let book = build(input);
        // Not vacuous: the list's book names the list as its source.
        assert!(
            book.plans.iter().any(|p| p
                .source
                .as_deref()
                .is_some_and(|s| s.contains("アクションプラン一覧.xlsx"))),
            "{year_in:?}"
        );
        let got = comparable(book);
        if got != want {
            let at = got
                .iter()
                .zip(&want)
                .position(|(g, w)| g != w)
                .unwrap_or(got.len().min(want.len()));
            let from = at.saturating_sub(8);
            panic!(
                "{year_in:?}: the list's book differs from the forms' at JSON line {at}\n--- forms\n{}\n--- list\n{}",
                want[from..(at + 8).min(want.len())].join("\n"),
                got[from..(at + 8).min(got.len())].join("\n")
            );
        }
    }
}

/// A summary sheet (年度・指標・実績値) alone in its workbook is no list (no plan column) and is
/// not skipped with a mere note either: nothing names a plan, so the file is reported.
#[test]
fn a_summary_sheet_alone_is_reported_not_skipped() {
    let summary = table(
        "集計",
        0,
        &[
            vec![s("年度"), s("指標"), s("実績値"), s("前年度実績")],
            vec![s("2024"), s("研修受講者"), n(130.0), n(120.0)],
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("集計.xlsx"), helper::write(&[summary])).unwrap();
    let intake = hyoka::intake::read_dir(dir.path(), &Default::default()).unwrap();
    let v = hyoka::validate::validate(&helper::plans(), &intake, Some(2024));
    assert!(v.records.is_empty());
    assert!(
        v.diagnostics
            .iter()
            .any(|d| d.is_error() && d.code == "plan-missing"),
        "{:#?}",
        v.diagnostics
    );
    assert!(!v.diagnostics.iter().any(|d| d.code == "sheet-skipped"));
}
