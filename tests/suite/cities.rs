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
            let fill = PlanFill {
                indicators: BTreeMap::from([(
                    "1".to_string(),
                    IndicatorFill {
                        actual: Some(Input::Number(value)),
                        previous: previous.map(Input::Number),
                        reference: None,
                    },
                )]),
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
        strings.contains("みなと市行政経営改革プラン2025"),
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
    assert_eq!(sent, ["2027年度_担当課不明_確認事項.xlsx"]);
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
    let rows = [
        ("1-1", 1200.0),
        ("2-1", 150.0),
        ("２－２", 15.0),
        ("4-1 市民協働事業の推進", 10.0),
    ];
    for (i, (plan, value)) in rows.iter().enumerate() {
        let r = 1 + i as u32;
        let row = [
            C::S((*plan).into()),
            C::S("1".into()),
            C::S("令和9年度".into()),
            C::N(*value),
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
