//! Another city's plan (issue 14 §1): a fictional city whose plans are numbered 「1-1」 … 「4-3」
//! (tests/fixtures/city2/plan.toml). Its forms are made and filled by this test for three years,
//! then checked and built; every output names the plans by those ids, never by circled numbers.
//! Also: a plan recognised by its id or its name, the plan file chosen by the title the sheets
//! carry, and a sheet of another outline reported once.

use crate::helper;
use crate::package;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use hyoka::forms::{IndicatorFill, Input, PlanFill, WorkbookOptions, make_workbook};
use hyoka::plan::PlanSet;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn plan_file() -> PathBuf {
    root().join("tests/fixtures/city2/plan.toml")
}

fn plans() -> PlanSet {
    hyoka::plan::load(&plan_file())
        .expect("the fixture loads")
        .plans
}

fn hyoka_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .output()
        .expect("run hyoka")
}

fn hyoka(args: &[&str]) -> Output {
    hyoka_in(root(), args)
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A circled number of any size the outline printer uses (①–⑳, ㉑–㉟, ㊱–㊿).
fn circled_in(s: &str) -> Vec<char> {
    s.chars()
        .filter(|c| matches!(*c as u32, 0x2460..=0x2473 | 0x3251..=0x325F | 0x32B1..=0x32BF))
        .collect()
}

/// The actuals of each plan (by number) in 2025, 2026, 2027, and 前年度実績 where the kind
/// needs it (前年度比).
fn actual(number: u32, year: i32) -> (f64, Option<f64>) {
    let i = (year - 2025) as usize;
    match number {
        1 => ([1000.0, 1000.0, 1200.0][i], None),
        2 => ([98.6, 98.8, 99.1][i], None),
        3 => ([5200.0, 5000.0, 6000.0][i], None),
        4 => ([110.0, 130.0, 150.0][i], None),
        5 => ([19.0, 18.0, 15.0][i], None),
        6 => ([1_950_000.0, 1_900_000.0, 1_800_000.0][i], None),
        7 => ([310.0, 300.0, 320.0][i], None),
        8 => ([148.0, 139.0, 129.0][i], None),
        9 => (0.0, None),
        10 => (10.0, None),
        11 => ([18.0, 19.0, 20.0][i], None),
        12 => {
            let values = [100_000.0, 105_000.0, 110_250.0, 115_763.0];
            (values[i + 1], Some(values[i]))
        }
        _ => unreachable!(),
    }
}

/// The answer of the indicators judged by a choice (2-1's stage, 4-1's 実施/未実施) in 2025,
/// 2026, 2027: 2-1 keeps to its stages for two years, then stays at 試行 when 実施 is due; 4-1
/// does not run its guideline in the first year.
fn answer(number: u32, year: i32) -> Option<&'static str> {
    let i = (year - 2025) as usize;
    match number {
        4 => Some(["検討", "試行", "試行"][i]),
        10 => Some(["未実施", "実施", "実施"][i]),
        _ => None,
    }
}

/// The filled workbook of `department` for `year`, as a department would return it.
fn filled(plans: &PlanSet, department: &str, year: i32) -> Vec<u8> {
    let numbers: Vec<u32> = plans
        .plans
        .iter()
        .filter(|p| p.department == department)
        .map(|p| p.number)
        .collect();
    let fills: BTreeMap<u32, PlanFill> = numbers
        .iter()
        .map(|&n| {
            let (value, previous) = actual(n, year);
            let mut indicators = BTreeMap::from([(
                "1".to_string(),
                IndicatorFill {
                    actual: Some(Input::Number(value)),
                    previous: previous.map(Input::Number),
                    reference: None,
                },
            )]);
            // The answers chosen from the forms' lists: 2-1's stage, 4-1's 実施/未実施.
            if let Some(answer) = answer(n, year) {
                indicators.insert(
                    "2".to_string(),
                    IndicatorFill {
                        actual: Some(Input::Text(answer.to_string())),
                        previous: None,
                        reference: None,
                    },
                );
            }
            let fill = PlanFill {
                indicators,
                achievements: Some("計画どおり取り組んだ。".into()),
                self_grade: Some("◎".into()),
                issues: Some("引き続き取り組む。".into()),
                direction: Some("継続する。".into()),
                author: Some("担当者".into()),
                contact: Some("内線100".into()),
                extra_row_above: None,
                responses: Default::default(),
            };
            (n, fill)
        })
        .collect();
    make_workbook(
        plans,
        year,
        department,
        &numbers,
        &WorkbookOptions {
            sample: false,
            fills,
            prior: None,
        },
    )
    .unwrap()
}

/// Three years of the city's filled workbooks in `dir/<year>年度/`.
fn write_input(dir: &Path) {
    let plans = plans();
    for year in 2025..=2027 {
        let folder = dir.join(format!("{year}年度"));
        std::fs::create_dir_all(&folder).unwrap();
        for department in hyoka::forms::departments(&plans) {
            std::fs::write(
                folder.join(hyoka::forms::file_name(year, &department)),
                filled(&plans, &department, year),
            )
            .unwrap();
        }
    }
}

/// Every text part of an .xlsx package (shared strings, sheet names, inline strings).
fn xlsx_text(bytes: &[u8]) -> String {
    let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let names: Vec<String> = (0..zip.len())
        .filter_map(|i| {
            zip.name_for_index(i)
                .and_then(Result::ok)
                .map(|n| n.into_owned())
        })
        .collect();
    names
        .iter()
        .filter(|n| n.ends_with(".xml"))
        .map(|n| package::part(bytes, n))
        .collect::<Vec<_>>()
        .join("\n")
}

fn sheet_names(bytes: &[u8]) -> Vec<String> {
    let workbook = package::part(bytes, "xl/workbook.xml");
    workbook
        .split("<sheet name=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect()
}

#[test]
fn the_second_city_is_checked_and_built_with_its_own_plan_ids() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    write_input(&input);
    let plan = plan_file();
    let plan = plan.to_str().unwrap();

    let returns = dir.path().join("returns");
    let out = hyoka(&[
        "check",
        "--plan",
        plan,
        "--input",
        input.to_str().unwrap(),
        "--year",
        "2027",
        "--returns",
        returns.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("エラー 0 件"), "{}", text(&out));

    let books = dir.path().join("out");
    let out = hyoka(&[
        "build",
        "--plan",
        plan,
        "--input",
        input.to_str().unwrap(),
        "--year",
        "2027",
        "--out",
        books.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let xlsx = std::fs::read_dir(&books)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .expect("an xlsx book");
    let bytes = std::fs::read(&xlsx).unwrap();
    let names = sheet_names(&bytes);
    for id in ["1-1", "2-2", "4-3"] {
        assert!(names.iter().any(|n| n.starts_with(id)), "{id}: {names:?}");
    }
    let strings = xlsx_text(&bytes);
    assert!(strings.contains("1-1公共施設の総量の最適化"), "xlsx");
    assert!(
        circled_in(&strings).is_empty(),
        "xlsx: {:?}",
        circled_in(&strings)
    );

    // The PDF's text, the HTML and the CSV, from the same book.
    let options = hyoka::pipeline::BuildOptions {
        year: Some(2027),
        input: input.clone(),
        plan: plan_file(),
        templates: root().join("templates"),
        allow_errors: false,
        date: None,
        intake: Default::default(),
    };
    let hyoka::pipeline::Prepared::Book { book, .. } =
        hyoka::pipeline::prepare_book(&options).unwrap()
    else {
        panic!("rejected")
    };
    let fonts = hyoka::render::pdf::FontSet::load(&root().join("fonts")).unwrap();
    let measure = hyoka::render::pdf::font::Fonts::parse(&fonts.regular, &fonts.bold).unwrap();
    let pdf_options = hyoka::render::pdf::PdfOptions {
        fonts: fonts.clone(),
        binding_margin_mm: 5.0,
    };
    let document = hyoka::compose::compose_book(&book, &hyoka::compose::ComposeOptions::default());
    let (pages, _) = hyoka::render::pdf::lay_out(&document, &pdf_options, &measure).unwrap();
    let pdf: String = pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            hyoka::render::pdf::layout::Item::Text(t) => Some(t.text.as_str()),
            hyoka::render::pdf::layout::Item::Shape(_) => None,
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert!(pdf.contains("1-1公共施設の総量の最適化"), "pdf");
    assert!(pdf.contains("4-3"), "pdf");
    assert!(circled_in(&pdf).is_empty(), "pdf: {:?}", circled_in(&pdf));

    let doc = hyoka::compose::compose_book(
        &book,
        &hyoka::compose::ComposeOptions {
            variant: hyoka::compose::Variant::Handout,
        },
    );
    let html = String::from_utf8(hyoka::render::html::render_html(&doc)).unwrap();
    assert!(html.contains("1-1公共施設の総量の最適化"), "html");
    assert!(
        circled_in(&html).is_empty(),
        "html: {:?}",
        circled_in(&html)
    );
    let csv = hyoka::render::csv::render_csv(&doc);
    let csv = String::from_utf8_lossy(&csv).into_owned();
    assert!(
        csv.lines()
            .any(|l| l.starts_with("1-1,公共施設の総量の最適化")),
        "csv: {csv}"
    );
    assert!(circled_in(&csv).is_empty(), "csv");
}

#[test]
fn forms_and_the_plan_list_show_the_plan_ids() {
    let dir = tempfile::tempdir().unwrap();
    let out = hyoka(&[
        "forms",
        "--plan",
        plan_file().to_str().unwrap(),
        "--year",
        "2027",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let mut seen = Vec::new();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        seen.extend(sheet_names(&bytes));
        let strings = xlsx_text(&bytes);
        assert!(
            circled_in(&strings).is_empty(),
            "{:?}",
            circled_in(&strings)
        );
    }
    assert!(
        seen.iter().any(|n| n == "1-1公共施設の総量の最適化"),
        "{seen:?}"
    );
    assert_eq!(seen.iter().filter(|n| *n != "説明").count(), 12, "{seen:?}");
    let strings = xlsx_text(&filled(&plans(), "財務部資産経営課", 2027));
    assert!(strings.contains("1-1 公共施設の総量の最適化"));
    assert!(
        strings.contains("みなと町行政経営改革プラン2025"),
        "forms print the title"
    );

    let out = hyoka(&["plans", "--plan", plan_file().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(listed.contains("4-3    ふるさと納税の推進"), "{listed}");
    assert!(circled_in(&listed).is_empty(), "{listed}");
}

#[test]
fn a_plan_is_recognised_by_its_id_or_its_name() {
    let plans = plans();
    let form = filled(&plans, "市民部市民課", 2027);
    for written in [
        "2-2",
        "２－２",
        "2-2 窓口の待ち時間の短縮",
        "窓口の待ち時間の短縮",
        "No.2-2",
    ] {
        let mut sheets = helper::read(&form);
        let sheet = sheets.iter_mut().find(|s| s.name != "説明").unwrap();
        sheet.set_beside("アクションプラン", helper::C::S(written.into()));
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.xlsx"), helper::write(&sheets)).unwrap();
        let intake = hyoka::intake::read_dir(dir.path(), &Default::default()).unwrap();
        let v = hyoka::validate::validate(&plans, &intake, Some(2027));
        let errors: Vec<_> = v.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{written}: {errors:#?}");
        assert_eq!(v.records.len(), 1, "{written}");
        // 2-2 is the fifth plan; 「2」 read as a number would be 1-2.
        assert_eq!(v.records[0].plan, 5, "{written}");
    }
    // 「1-1」 is not read in 「1-12」, and a bare order number is no id of this city.
    for written in ["1-12", "5"] {
        let mut sheets = helper::read(&form);
        let sheet = sheets.iter_mut().find(|s| s.name != "説明").unwrap();
        sheet.set_beside("アクションプラン", helper::C::S(written.into()));
        sheet.name = "シート1".into();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.xlsx"), helper::write(&sheets)).unwrap();
        let intake = hyoka::intake::read_dir(dir.path(), &Default::default()).unwrap();
        let v = hyoka::validate::validate(&plans, &intake, Some(2027));
        assert!(v.records.is_empty(), "{written}: {:?}", v.records);
        // The hint shows how this city writes a plan.
        assert!(
            v.diagnostics.iter().any(|d| d.code == "plan-unknown"
                && d.hint
                    .as_deref()
                    .is_some_and(|h| h.contains("1-1 のような番号"))),
            "{written}: {:#?}",
            v.diagnostics
        );
    }
}

#[test]
fn messages_and_return_sheets_name_the_plan_by_its_id() {
    let plans = plans();
    let mut sheets = helper::read(&filled(&plans, "市民部市民課", 2027));
    let sheet = sheets.iter_mut().find(|s| s.name != "説明").unwrap();
    sheet.set_beside("自己評価", helper::C::S("Z".into()));
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("a.xlsx"), helper::write(&sheets)).unwrap();
    let returns = dir.path().join("returns");
    let out = hyoka(&[
        "check",
        "--plan",
        plan_file().to_str().unwrap(),
        "--input",
        input.to_str().unwrap(),
        "--year",
        "2027",
        "--returns",
        returns.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let shown = text(&out);
    assert!(shown.contains("（プラン2-2）"), "{shown}");
    assert!(
        shown.contains("アクションプラン1-1「公共施設の総量の最適化」"),
        "{shown}"
    );
    assert!(circled_in(&shown).is_empty(), "{shown}");
    let sheet = std::fs::read_dir(&returns)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("市民部市民課"))
        .expect("a return sheet for 市民部市民課");
    let strings = xlsx_text(&std::fs::read(sheet).unwrap());
    assert!(strings.contains(">2-2<"), "the プラン column");
    assert!(circled_in(&strings).is_empty());
}

/// A folder like the project's `plans/` with two cities' plan files, and an input folder.
fn two_cities() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let plans_dir = dir.path().join("plans");
    std::fs::create_dir(&plans_dir).unwrap();
    std::fs::copy(
        root().join("plans/azumino-4th.toml"),
        plans_dir.join("azumino-4th.toml"),
    )
    .unwrap();
    std::fs::copy(plan_file(), plans_dir.join("minato.toml")).unwrap();
    let input = dir.path().join("input");
    write_input(&input);
    (dir, input)
}

#[test]
fn without_plan_the_file_whose_title_the_sheets_carry_is_used() {
    let (dir, _) = two_cities();
    let out = hyoka_in(
        dir.path(),
        &["check", "--year", "2027", "--returns", "returns"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("minato.toml を使います"),
        "{}",
        text(&out)
    );

    // The Azumino sample chooses Azumino's file from the same folder.
    let out = hyoka_in(
        dir.path(),
        &[
            "check",
            "--input",
            root().join("input").to_str().unwrap(),
            "--returns",
            "returns2",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("azumino-4th.toml を使います"),
        "{}",
        text(&out)
    );

    // Commands without input ask for --plan when there are several.
    let out = hyoka_in(dir.path(), &["plans"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("--plan で使うファイルを指定してください"));
}

#[test]
fn a_sheet_of_another_outline_is_reported_as_such() {
    let (dir, input) = two_cities();
    // An Azumino department's workbook among the city's.
    let azumino = helper::filled("情報統計課", 2024, |_| {});
    let azumino_sheets = helper::read(&azumino)
        .iter()
        .filter(|s| s.name != "説明")
        .count();
    // At the top of the input folder: in 「2027年度/」 its 令和6年度 would also be a year conflict.
    std::fs::write(input.join("情報統計課.xlsx"), azumino).unwrap();
    let out = hyoka_in(
        dir.path(),
        &["check", "--year", "2027", "--returns", "returns", "--json"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<&serde_json::Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert_eq!(errors.len(), azumino_sheets, "{errors:#?}");
    for e in &errors {
        assert_eq!(e["code"], "outline-other", "{e:#?}");
        assert!(
            e["message"]
                .as_str()
                .unwrap()
                .contains("別の計画「第4次安曇野市行財政改革大綱」の様式"),
            "{e:#?}"
        );
    }
    // No department of this city is sent the foreign workbook's problems.
    let mut sent = Vec::new();
    for entry in std::fs::read_dir(dir.path().join("returns")).unwrap() {
        let path = entry.unwrap().path();
        if xlsx_text(&std::fs::read(&path).unwrap()).contains("outline-other") {
            sent.push(path.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    assert_eq!(sent, ["2027年度_所管課不明_確認事項.xlsx"]);
}

/// A newcomer's first mistakes: the cause is said once, in Japanese, never the system's
/// English words.
#[test]
fn operating_system_errors_appear_once_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-folder");
    let out = hyoka(&[
        "check",
        "--input",
        missing.to_str().unwrap(),
        "--returns",
        dir.path().join("r").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let shown = text(&out);
    assert!(shown.contains("入力フォルダ"), "{shown}");
    assert_eq!(shown.matches("見つかりません").count(), 1, "{shown}");
    assert!(
        !shown.contains("os error") && !shown.contains("No such file"),
        "{shown}"
    );

    // A plan file that is a folder: unreadable as a file.
    let out = hyoka(&["plans", "--plan", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let shown = text(&out);
    assert_eq!(
        shown.matches("ファイルではなくフォルダです").count(),
        1,
        "{shown}"
    );
    assert!(!shown.contains("os error"), "{shown}");
}

/// `check --help` and the README say the same about the return sheets.
#[test]
fn check_help_and_the_readme_agree_on_return_sheets() {
    let out = hyoka(&["check", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(!help.contains("書類は作成しません"), "{help}");
    assert!(
        help.contains("返却シート（確認事項）を作成します"),
        "{help}"
    );
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(readme.contains("返却シート（確認事項）を作成します"));
}

/// A one-table list (一覧表) naming plans by the city's ids: 「1-1」 and 「2-1」 are two plans,
/// not both plan 1 with a name 「1」.
#[test]
fn a_list_names_plans_by_their_ids() {
    use helper::C;
    let plans = plans();
    let mut cells = BTreeMap::new();
    let header = [
        "アクションプラン",
        "指標",
        "年度",
        "実績値",
        "取組実績",
        "自己評価",
        "課題",
        "今後の方向性",
    ];
    for (c, h) in header.iter().enumerate() {
        cells.insert((0, c as u32), C::S((*h).into()));
    }
    // 2-1 and 4-1 also have an indicator answered by a choice (a stage, 実施).
    let rows = [
        ("1-1", "1", C::N(1200.0)),
        ("2-1", "オンライン申請できる手続の数", C::N(150.0)),
        ("2-1", "電子契約の導入", C::S("実施".into())),
        ("２－２", "1", C::N(15.0)),
        ("4-1 市民協働事業の推進", "市民協働事業の数", C::N(10.0)),
        (
            "4-1 市民協働事業の推進",
            "協働のまちづくり指針の運用",
            C::S("実施".into()),
        ),
    ];
    for (i, (plan, key, value)) in rows.iter().enumerate() {
        let r = 1 + i as u32;
        let row = [
            C::S((*plan).into()),
            C::S((*key).into()),
            C::S("令和9年度".into()),
            value.clone(),
            C::S("取り組んだ。".into()),
            C::S("◎".into()),
            C::S("なし".into()),
            C::S("継続".into()),
        ];
        for (c, v) in row.into_iter().enumerate() {
            cells.insert((r, c as u32), v);
        }
    }
    let sheet = helper::Sheet {
        name: "一覧".into(),
        cells,
        hidden: false,
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("一覧.xlsx"), helper::write(&[sheet])).unwrap();
    let intake = hyoka::intake::read_dir(dir.path(), &Default::default()).unwrap();
    let v = hyoka::validate::validate(&plans, &intake, Some(2027));
    let errors: Vec<_> = v.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let read: Vec<u32> = v.records.iter().map(|r| r.plan).collect();
    assert_eq!(read, [1, 4, 5, 10]);
}

/// Azumino's own words, which a book of a city whose plan file names its own (基本目標/施策,
/// 所管課, 懇話会, 町, no general-plan row) must not print (issue 14 §2).
const AZUMINO_WORDS: [&str; 9] = [
    "安曇野",
    "委員会",
    "担当課",
    "基本方針",
    "重点項目",
    "総合計画",
    "市ホームページ",
    "アクションプラン アクションプラン",
    "目標達成",
];

/// The Azumino words and circled numbers found in `text`, one line of context each.
fn azumino_words_in(edition: &str, text: &str) -> Vec<String> {
    let mut found: Vec<String> = AZUMINO_WORDS
        .iter()
        .filter_map(|w| {
            text.lines().find(|l| l.contains(w)).map(|l| {
                format!(
                    "{edition}: 「{w}」 in {}",
                    l.chars().take(160).collect::<String>()
                )
            })
        })
        .collect();
    let circled = circled_in(text);
    if !circled.is_empty() {
        found.push(format!("{edition}: circled numbers {circled:?}"));
    }
    found
}

/// The book of the second city for 2027, from filled forms of three years.
fn city_book(input: &Path) -> hyoka::book::Book {
    let options = hyoka::pipeline::BuildOptions {
        year: Some(2027),
        input: input.to_path_buf(),
        plan: plan_file(),
        templates: root().join("templates"),
        allow_errors: false,
        date: None,
        intake: Default::default(),
    };
    let hyoka::pipeline::Prepared::Book { book, .. } =
        hyoka::pipeline::prepare_book(&options).unwrap()
    else {
        panic!("rejected")
    };
    *book
}

/// Every edition composed on the Document (HTML, CSV, the opinions CSV) and every workbook
/// hyoka writes for the city (its forms, its 懇話会's review workbook) speaks the plan file's
/// words: no 委員会, 担当課, 基本方針, 重点項目, 総合計画, 市ホームページ, 安曇野 or circled number.
#[test]
fn the_second_city_s_books_and_forms_speak_its_own_words() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    write_input(&input);
    let book = city_book(&input);
    let mut found = Vec::new();
    for variant in [
        hyoka::compose::Variant::Handout,
        hyoka::compose::Variant::Web,
    ] {
        let doc = hyoka::compose::compose_book(&book, &hyoka::compose::ComposeOptions { variant });
        let html = String::from_utf8(hyoka::render::html::render_html(&doc)).unwrap();
        // The words the city chose are there.
        for own in ["基本目標", "施策", "所管課", "町ホームページ"] {
            assert!(html.contains(own), "{variant:?} HTML lacks 「{own}」");
        }
        // The handout's empty box for the body's opinions.
        if variant == hyoka::compose::Variant::Handout {
            assert!(html.contains("懇話会意見"), "the opinion box");
        }
        assert!(
            html.contains("みなと町行政経営改革プラン2025 進捗状況報告"),
            "the book title of the plan file"
        );
        found.extend(azumino_words_in(&format!("{variant:?} HTML"), &html));
        let csv = String::from_utf8_lossy(&hyoka::render::csv::render_csv(&doc)).into_owned();
        assert!(csv.lines().next().unwrap().contains("所管課"), "{csv}");
        found.extend(azumino_words_in(&format!("{variant:?} CSV"), &csv));
    }
    // 評価の方法 explains each kind with the city's own indicators and grades.
    let method: String = book
        .method
        .kinds
        .iter()
        .map(|k| k.description.clone())
        .collect();
    assert!(method.contains("5,000千円以上/年"), "{method}");
    assert!(method.contains("10%減"), "{method}");
    assert!(method.contains("前年度比5%増"), "{method}");
    assert!(
        !method.contains("10社/年") && !method.contains("3%減"),
        "{method}"
    );
    assert!(method.contains("◎（順調）"), "{method}");

    // The forms, generated by hyoka, and the 懇話会's review workbook.
    let forms = dir.path().join("forms");
    let out = hyoka(&[
        "forms",
        "--plan",
        plan_file().to_str().unwrap(),
        "--year",
        "2027",
        "--out",
        forms.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let review = dir.path().join("review");
    let out = hyoka(&[
        "committee",
        "--plan",
        plan_file().to_str().unwrap(),
        "--input",
        input.to_str().unwrap(),
        "--year",
        "2027",
        "--out",
        review.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("懇話会評価シート"), "{}", text(&out));
    for folder in [&forms, &review] {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            let strings = xlsx_text(&std::fs::read(&path).unwrap());
            found.extend(azumino_words_in(&path.display().to_string(), &strings));
        }
    }
    let strings = xlsx_text(&filled(&plans(), "財務部資産経営課", 2027));
    // The form's grade table says what the book's scale says, the last grade included.
    assert!(
        strings.contains("遅れている（達成率70%未満）"),
        "form grade table"
    );
    assert!(!strings.contains("達成率 0% 以上"), "form grade table");
    assert!(found.is_empty(), "{found:#?}");
}

/// The CSV rows of an indicator: (year, 年度目標, 実績値, 達成率, 評価), from the open data.
fn csv_rows(csv: &str, id: &str, label: &str) -> Vec<[String; 5]> {
    csv.lines()
        .filter(|l| l.starts_with(&format!("{id},")) && l.contains(label))
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            [7, 8, 9, 10, 11].map(|i| f[i].to_string())
        })
        .collect()
}

fn csv_of(book: &hyoka::book::Book) -> String {
    let doc = hyoka::compose::compose_book(
        book,
        &hyoka::compose::ComposeOptions {
            variant: hyoka::compose::Variant::Handout,
        },
    );
    String::from_utf8_lossy(&hyoka::render::csv::render_csv(&doc)).into_owned()
}

fn html_of(book: &hyoka::book::Book) -> String {
    let doc = hyoka::compose::compose_book(
        book,
        &hyoka::compose::ComposeOptions {
            variant: hyoka::compose::Variant::Handout,
        },
    );
    String::from_utf8(hyoka::render::html::render_html(&doc)).unwrap()
}

/// Issue 14 §3: a 実施/未実施 target and a milestone target are judged 達成/未達成 with the
/// grades `grading.judged` maps them to; the forms offer the answers as a list; the book
/// prints the stage, never a figure.
#[test]
fn qualitative_targets_are_chosen_from_a_list_judged_and_printed_as_stages() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    write_input(&input);
    let book = city_book(&input);
    let csv = csv_of(&book);
    let row = |y: &str, t: &str, a: &str, r: &str, g: &str| [y, t, a, r, g].map(|s| s.to_string());
    assert_eq!(
        csv_rows(&csv, "2-1", "電子契約の導入"),
        vec![
            row("2025", "検討", "検討", "", "◎"),
            row("2026", "試行", "試行", "", "◎"),
            row("2027", "実施", "試行", "", "△"),
        ],
        "{csv}"
    );
    assert_eq!(
        csv_rows(&csv, "4-1", "協働のまちづくり指針の運用"),
        vec![
            row("2025", "実施", "未実施", "", "△"),
            row("2026", "実施", "実施", "", "◎"),
            row("2027", "実施", "実施", "", "◎"),
        ],
        "{csv}"
    );
    let page = book.plans.iter().find(|p| p.mark == "2-1").unwrap();
    let result = page.results.iter().find(|r| r.key == "2").unwrap();
    assert_eq!(book.method.mark(result.grade), "△");
    assert_eq!(result.rate, None, "no 達成率 for a stage");
    // The plan's page prints the stages in its table, its trend and its 評価の方法.
    let html = html_of(&book);
    assert!(html.contains("<td>試行</td>"), "the stage reached");
    assert!(html.contains("年度ごとの段階"), "評価の方法 names the kind");
    assert!(
        html.contains("検討→試行→実施→検証"),
        "with the plan's own stages"
    );
    assert!(!html.contains("1回") && !html.contains("電子契約の導入（）"));

    // The form lists the answers; an answer not in the list is an error naming the cell.
    let form = filled(&plans(), "総務部情報政策課", 2027);
    let sheets = xlsx_text(&form);
    assert!(
        sheets.contains("&quot;未着手,検討,試行,実施,検証&quot;")
            || sheets.contains("\"未着手,検討,試行,実施,検証\""),
        "the stage list"
    );
    let form = filled(&plans(), "市民部協働推進課", 2027);
    assert!(
        xlsx_text(&form).contains("未実施,実施"),
        "the 実施/未実施 list"
    );
    assert!(
        xlsx_text(&form).contains(">実施<"),
        "the year's target as the form prints it"
    );
}

/// A value typed over a list (「済」 for 実施) is an error naming the cell, not a silent 0.
#[test]
fn an_answer_outside_the_list_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    write_input(&input);
    let plans = plans();
    let mut sheets = helper::read(&filled(&plans, "市民部協働推進課", 2027));
    let sheet = sheets
        .iter_mut()
        .find(|s| s.name.starts_with("4-1"))
        .expect("4-1's sheet");
    // The row's 年度目標 prints 「実施」 too: the answer is the later cell of the row.
    let cell = sheet
        .cells
        .values_mut()
        .filter(|c| matches!(c, helper::C::S(s) if s == "実施"))
        .last()
        .expect("the answer 実施");
    *cell = helper::C::S("済".into());
    let path = input
        .join("2027年度")
        .join(hyoka::forms::file_name(2027, "市民部協働推進課"));
    std::fs::write(&path, helper::write(&sheets)).unwrap();
    let out = hyoka(&[
        "check",
        "--plan",
        plan_file().to_str().unwrap(),
        "--input",
        input.to_str().unwrap(),
        "--year",
        "2027",
    ]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("「済」は選べる答え（未実施・実施）"),
        "{said}"
    );
    assert!(said.contains("value-not-a-choice"), "{said}");
}

/// Issue 14 §3: 3-1's target 300人/年 is revised to 330人/年 from 2026. 2025 is evaluated
/// against the original (and keeps its figures), 2026 and 2027 against the revised target,
/// with the rate against the original beside it; the book prints both targets and the reason.
#[test]
fn a_target_revised_in_year_two_is_evaluated_against_the_target_in_force() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    write_input(&input);
    let book = city_book(&input);
    let page = book.plans.iter().find(|p| p.mark == "3-1").unwrap();
    let result = &page.results[0];
    // 2027: 320 against 330 = 97.0%, against the original 300 = 106.7%.
    assert_eq!(
        hyoka::compose::value_text(result.target.as_ref().unwrap()),
        "330"
    );
    assert_eq!(
        hyoka::compose::value_text(result.rate.as_ref().unwrap()),
        "97.0%"
    );
    assert_eq!(book.method.mark(result.grade), "○");
    let revision = result.revision.as_ref().expect("the revision in force");
    assert_eq!(
        hyoka::compose::value_text(revision.original_rate.as_ref().unwrap()),
        "106.7%"
    );
    assert_eq!(book.method.mark(revision.original_grade), "◎");
    assert_eq!(revision.from, 2026);
    let points = &page.history[0].points;
    let targets: Vec<String> = points
        .iter()
        .map(|p| hyoka::compose::value_text(p.target.as_ref().unwrap()))
        .collect();
    assert_eq!(targets, ["300", "330", "330"]);
    let originals: Vec<Option<String>> = points
        .iter()
        .map(|p| p.original_rate.as_ref().map(hyoka::compose::value_text))
        .collect();
    assert_eq!(
        originals,
        [None, Some("100.0%".into()), Some("106.7%".into())]
    );
    // 2025 (310 against 300) keeps its figures: the same in the 2027 book as in its own.
    assert_eq!(
        hyoka::compose::value_text(points[0].rate.as_ref().unwrap()),
        "103.3%"
    );
    let csv = csv_of(&book);
    assert_eq!(
        csv_rows(&csv, "3-1", "研修の受講者数")[0],
        ["2025", "300", "310", "103.3", "◎"].map(String::from)
    );
    let html = html_of(&book);
    for text in [
        "目標の改定",
        "当初：研修の受講者数：300人/年",
        "改定後：研修の受講者数：330人/年",
        "理由：オンライン研修の導入で受講の機会が増えたため、目標を引き上げる。",
        "令和8年7月 行政経営改革懇話会決定",
        "当初目標の達成率（%）",
        "当初の目標では 年度目標 300人、達成率 106.7%、評価 ◎",
    ] {
        assert!(html.contains(text), "HTML lacks 「{text}」");
    }

    // The book of 2025 knows nothing of a revision decided later.
    let options = hyoka::pipeline::BuildOptions {
        year: Some(2025),
        input: input.clone(),
        plan: plan_file(),
        templates: root().join("templates"),
        allow_errors: false,
        date: None,
        intake: Default::default(),
    };
    let hyoka::pipeline::Prepared::Book { book: first, .. } =
        hyoka::pipeline::prepare_book(&options).unwrap()
    else {
        panic!("rejected")
    };
    let page = first.plans.iter().find(|p| p.mark == "3-1").unwrap();
    assert_eq!(
        hyoka::compose::value_text(page.results[0].target.as_ref().unwrap()),
        "300"
    );
    assert!(page.results[0].revision.is_none());
    assert!(!html_of(&first).contains("目標の改定"));

    // The form of 2027 asks for the revised target.
    let form = xlsx_text(&filled(&plans(), "総務部人事課", 2027));
    assert!(form.contains(">330人<"), "the form's 年度目標");
}

/// The linter: a revision outside the period (or in its first year), or without a reason,
/// is an error naming the place.
#[test]
fn a_revision_outside_the_period_or_without_a_reason_is_an_error() {
    let original = std::fs::read_to_string(plan_file()).unwrap();
    for (from, reason, code) in [
        ("2028", "理由", "plan-revision-outside-period"),
        ("2025", "理由", "plan-revision-outside-period"),
        ("2026", "", "plan-revision-no-reason"),
    ] {
        let text = original
            .replace("from = 2026", &format!("from = {from}"))
            .replace(
                "reason = \"オンライン研修の導入で受講の機会が増えたため、目標を引き上げる。\"",
                &format!("reason = \"{reason}\""),
            );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.toml");
        std::fs::write(&path, text).unwrap();
        match hyoka::plan::load(&path) {
            Err(hyoka::plan::PlanError::Invalid(diagnostics)) => {
                let d = diagnostics
                    .iter()
                    .find(|d| d.code == code)
                    .unwrap_or_else(|| panic!("{from}: {diagnostics:#?}"));
                assert_eq!(
                    d.field.as_deref(),
                    Some(if code.ends_with("reason") {
                        "indicators[0].revisions[0].reason"
                    } else {
                        "indicators[0].revisions[0].from"
                    })
                );
            }
            other => panic!("{from} {reason:?}: {other:?}"),
        }
    }
}

/// The PDF's text and the Excel book's strings of the second city carry none of Azumino's
/// words either. Today `render::pdf` and `render::xlsx` still print their own headings
/// (基本方針, 担当課, 委員会意見, 第2次総合計画 …) instead of the composed Document's; the
/// branches moving them onto the Document make this pass.
#[test]
fn the_second_city_s_pdf_and_excel_books_speak_its_own_words() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    write_input(&input);
    let books = dir.path().join("out");
    let out = hyoka(&[
        "build",
        "--plan",
        plan_file().to_str().unwrap(),
        "--input",
        input.to_str().unwrap(),
        "--year",
        "2027",
        "--out",
        books.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&books).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let text = match path.extension().and_then(|e| e.to_str()) {
            Some("xlsx") => xlsx_text(&bytes),
            Some("pdf") => {
                let out = Command::new("pdftotext")
                    .args([path.to_str().unwrap(), "-"])
                    .output()
                    .expect("pdftotext (poppler-utils)");
                String::from_utf8_lossy(&out.stdout).into_owned()
            }
            _ => String::from_utf8_lossy(&bytes).into_owned(),
        };
        found.extend(azumino_words_in(&path.display().to_string(), &text));
    }
    assert!(found.is_empty(), "{found:#?}");
}

/// An outline with one level names only it (no 施策 column, row or breakdown); one with
/// none shows neither level, and its 総括 has the one table of all plans.
#[test]
fn an_outline_with_one_level_or_none_shows_only_those() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    write_input(&input);
    let original = std::fs::read_to_string(plan_file()).unwrap();
    for (levels, shown, hidden) in [
        (
            "[\"基本目標\"]",
            vec!["基本目標", "評価の内訳（基本目標別）"],
            vec!["施策", "重点項目"],
        ),
        (
            "[]",
            vec!["評価の内訳</h3>"],
            vec!["基本目標", "施策", "基本方針"],
        ),
    ] {
        let plan = dir.path().join("plan.toml");
        std::fs::write(
            &plan,
            original.replace(
                "levels = [\"基本目標\", \"施策\"]",
                &format!("levels = {levels}"),
            ),
        )
        .unwrap();
        let options = hyoka::pipeline::BuildOptions {
            year: Some(2027),
            input: input.clone(),
            plan,
            templates: root().join("templates"),
            allow_errors: false,
            date: None,
            intake: Default::default(),
        };
        let hyoka::pipeline::Prepared::Book { book, .. } =
            hyoka::pipeline::prepare_book(&options).unwrap()
        else {
            panic!("rejected")
        };
        let html = html_of(&book);
        for word in shown {
            assert!(html.contains(word), "{levels}: lacks 「{word}」");
        }
        for word in hidden {
            assert!(!html.contains(word), "{levels}: prints 「{word}」");
        }
    }
}

/// The linter: a milestone's yearly stage must be one of its stages.
#[test]
fn a_milestone_stage_outside_its_stages_is_an_error() {
    let text = std::fs::read_to_string(plan_file())
        .unwrap()
        .replace("2027 = \"実施\" }", "2027 = \"完了\" }");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    std::fs::write(&path, text).unwrap();
    match hyoka::plan::load(&path) {
        Err(hyoka::plan::PlanError::Invalid(diagnostics)) => {
            let d = diagnostics
                .iter()
                .find(|d| d.code == "plan-milestone-unknown-stage")
                .unwrap_or_else(|| panic!("{diagnostics:#?}"));
            assert!(
                d.message.contains("2027年度の段階「完了」"),
                "{}",
                d.message
            );
            assert_eq!(d.field.as_deref(), Some("indicators[1].target.schedule"));
        }
        other => panic!("{other:?}"),
    }
}

/// A return sheet whose department cannot be told is named in the outline's own word.
#[test]
fn the_unknown_department_is_named_in_the_outline_s_word() {
    let city2 = hyoka::plan::load(&plan_file()).expect("city2 loads").plans;
    assert_eq!(
        hyoka::forms::returns::unknown_department(&city2),
        "所管課不明"
    );
    let azumino = hyoka::plan::load(&root().join("plans/azumino-4th.toml"))
        .expect("Azumino loads")
        .plans;
    assert_eq!(
        hyoka::forms::returns::unknown_department(&azumino),
        "担当課不明"
    );
}

#[test]
fn a_city_s_own_words_are_read_back_from_its_own_forms() {
    // Words no list of aliases knows: the forms print them, so check and build must read
    // them back from the forms, and the review workbook's columns too.
    let fixture = std::fs::read_to_string(plan_file()).unwrap();
    let own = fixture
        .replace("department = \"所管課\"", "department = \"主管課\"")
        .replace("body = \"懇話会\"", "body = \"行政改革推進会議\"");
    assert_ne!(own, fixture);
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.toml");
    std::fs::write(&plan, &own).unwrap();
    let plans = hyoka::plan::load(&plan).unwrap().plans;
    assert_eq!(plans.vocabulary.department, "主管課");
    let input = dir.path().join("input");
    for year in 2025..=2027 {
        let folder = input.join(format!("{year}年度"));
        std::fs::create_dir_all(&folder).unwrap();
        for department in hyoka::forms::departments(&plans) {
            let bytes = filled(&plans, &department, year);
            assert!(xlsx_text(&bytes).contains("主管課"));
            std::fs::write(
                folder.join(hyoka::forms::file_name(year, &department)),
                bytes,
            )
            .unwrap();
        }
    }
    let (plan, input_s) = (plan.to_str().unwrap(), input.to_str().unwrap());
    let out = hyoka(&[
        "check", "--plan", plan, "--input", input_s, "--year", "2027",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("エラー 0 件"), "{}", text(&out));
    // (The fill's 記入者 「担当者」 is itself a label, read as no name: that warning is the fill's.)
    let other: Vec<&str> = text(&out)
        .lines()
        .filter(|l| l.starts_with("警告") && !l.contains("記入者"))
        .map(str::to_string)
        .collect::<Vec<_>>()
        .leak()
        .iter()
        .map(String::as_str)
        .collect();
    assert!(other.is_empty(), "{other:#?}");

    // The review workbook of 2027, filled, is read back by build.
    let review = dir.path().join("review");
    let out = hyoka(&[
        "committee",
        "--plan",
        plan,
        "--input",
        input_s,
        "--year",
        "2027",
        "--out",
        review.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let name = std::fs::read_dir(&review)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .expect("a review workbook");
    assert!(
        name.to_string_lossy()
            .contains("行政改革推進会議評価シート"),
        "{}",
        name.display()
    );
    let bytes = std::fs::read(&name).unwrap();
    assert!(xlsx_text(&bytes).contains("行政改革推進会議意見"));
    let sheets = helper::read(&bytes);
    assert_eq!(
        hyoka::intake::read_dir(&review, &hyoka::intake::IntakeOptions::default())
            .unwrap()
            .committee
            .len(),
        1,
        "sheet {}",
        sheets[0].name
    );
}
