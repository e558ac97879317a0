//! The shipped sample (input/): it is marked as fictional by the generator's workbook name, not
//! by words in cells, and its 2024 book gives the grades worked out by hand below.
//!
//! The fixtures in `tests/fixtures/sample-mark/` are plan ① of 情報統計課 for 2024, once as the
//! sample generator writes it (見本) and once as a real department would (実データ, whose
//! 取組実績 and 課題 speak of サンプルデータ and 架空のデータ). The .xlsx files are written by
//! [`fixture_workbooks`] (`HYOKA_UPDATE=1 cargo test --test sample_book`); the .xls and .ods
//! were saved from them through LibreOffice once:
//!
//! ```text
//! cd tests/fixtures/sample-mark
//! soffice --headless --convert-to xls 見本.xlsx 実データ.xlsx
//! soffice --headless --convert-to ods 見本.xlsx 実データ.xlsx
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use hyoka::forms::{IndicatorFill, Input, PlanFill, WorkbookOptions, make_workbook};
use hyoka::plan::PlanSet;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/sample-mark")
}

fn plans() -> PlanSet {
    let text = std::fs::read_to_string(root().join("plans/azumino-4th.toml")).unwrap();
    toml::from_str(&text).unwrap()
}

/// Plan ① for 2024, filled; `sample` as the sample generator sets it.
fn plan_one(plans: &PlanSet, sample: bool, achievements: &str, issues: &str) -> Vec<u8> {
    let zero = || IndicatorFill {
        actual: Some(Input::Number(0.0)),
        ..Default::default()
    };
    let fill = PlanFill {
        indicators: BTreeMap::from([("1".to_string(), zero()), ("2".to_string(), zero())]),
        achievements: Some(achievements.to_string()),
        self_grade: Some("A".to_string()),
        issues: Some(issues.to_string()),
        direction: Some("引き続き取り組む。".to_string()),
        author: Some("情報 一郎".to_string()),
        contact: Some("内線 2007".to_string()),
        extra_row_above: None,
    };
    let options = WorkbookOptions {
        sample,
        fills: BTreeMap::from([(1, fill)]),
    };
    make_workbook(plans, 2024, "情報統計課", &[1], &options).unwrap()
}

/// The two .xlsx fixtures: (file stem, bytes).
fn fixture_workbooks(plans: &PlanSet) -> [(&'static str, Vec<u8>); 2] {
    [
        (
            "見本",
            plan_one(
                plans,
                true,
                "庁内研修を実施した。（サンプル）",
                "受講率の向上が課題である。",
            ),
        ),
        (
            "実データ",
            plan_one(
                plans,
                false,
                "統計のサンプルデータを整備し、架空のデータによる標的型攻撃メール訓練を行った。",
                "サンプルデータ（架空のデータ）を使った訓練の教材づくりに時間を要した。",
            ),
        ),
    ]
}

/// Whether a workbook shows the visible sample mark 「サンプル／架空のデータ」 in some cell.
fn shows_mark(path: &Path) -> bool {
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    wb.sheet_names().into_iter().any(|name| {
        wb.worksheet_range(&name).is_ok_and(|range| {
            range.used_cells().any(
                |(_, _, v)| matches!(v, Data::String(s) if s.contains("サンプル／架空のデータ")),
            )
        })
    })
}

/// Each fixture, in each format (and an .xlsx renamed .xlsm), read on its own: the sample is
/// marked, the real workbook is not, whatever its cells say.
#[test]
fn the_mark_comes_from_the_generator_name_in_every_format() {
    let plans = plans();
    if std::env::var_os("HYOKA_UPDATE").is_some() {
        std::fs::create_dir_all(fixtures()).unwrap();
        for (stem, bytes) in fixture_workbooks(&plans) {
            std::fs::write(fixtures().join(format!("{stem}.xlsx")), bytes).unwrap();
        }
    }
    let mut seen = 0;
    for stem in ["見本", "実データ"] {
        let sample = stem == "見本";
        for ext in ["xlsx", "xlsm", "xls", "ods"] {
            let from = fixtures().join(format!(
                "{stem}.{}",
                if ext == "xlsm" { "xlsx" } else { ext }
            ));
            assert!(from.exists(), "{} missing", from.display());
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join(format!("{stem}.{ext}"));
            std::fs::copy(&from, &file).unwrap();
            // People read the mark too: the sample says so on its face in every format.
            assert_eq!(shows_mark(&file), sample, "{stem}.{ext}: visible mark");
            let intake =
                hyoka::intake::read_dir(dir.path(), &hyoka::intake::IntakeOptions::default())
                    .unwrap();
            assert_eq!(intake.submissions.len(), 1, "{stem}.{ext}");
            let sub = &intake.submissions[0];
            assert_eq!(sub.sample, sample, "{stem}.{ext}");
            if !sample {
                // The words are there, and still do not mark the book.
                let text = sub.achievements.as_ref().unwrap().value.as_text();
                assert!(text.contains("サンプルデータ"), "{stem}.{ext}: {text}");
            }
            let v = hyoka::validate::validate(&plans, &intake, Some(2024));
            assert!(
                !v.diagnostics.iter().any(|d| d.is_error()),
                "{stem}.{ext}: {:#?}",
                v.diagnostics
            );
            let book = hyoka::evaluate::build_book(
                &plans,
                &v,
                &hyoka::evaluate::BookOptions {
                    year: 2024,
                    allow_errors: false,
                },
            )
            .unwrap();
            assert_eq!(book.meta.sample, sample, "{stem}.{ext}: book");
            seen += 1;
        }
    }
    assert_eq!(seen, 8);
}
