//! `hyoka build` end to end: the binary run in the project folder on temporary input and output
//! folders.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn hyoka(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .args(args)
        .current_dir(root())
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .output()
        .expect("run hyoka")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_year_that_is_not_a_year_is_refused_in_japanese() {
    let out = hyoka(&["build", "--year", "来年度"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("「来年度」は年度として読めません"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_unknown_variant_is_refused() {
    let out = hyoka(&["build", "--variant", "poster"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_missing_plan_file_is_a_fatal_error() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    std::fs::create_dir(&input).unwrap();
    let out = hyoka(&[
        "build",
        "--year",
        "2024",
        "--plan",
        "no/such/plan.toml",
        "--input",
        input.to_str().unwrap(),
        "--out",
        dir.path().join("out").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no/such/plan.toml"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("out").exists());
}

/// An empty input folder with `--year`: every plan in period is 未提出, and both books are
/// written under their Japanese names; `--dump-json` prints the same book and writes nothing.
#[test]
fn builds_both_books_from_an_empty_input_folder() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    std::fs::create_dir(&input).unwrap();
    let out_dir: PathBuf = dir.path().join("out");
    let args = |extra: &[&'static str]| {
        let mut v = vec![
            "build".to_string(),
            "--year".into(),
            "令和6年度".into(),
            "--input".into(),
            input.display().to_string(),
            "--out".into(),
            out_dir.display().to_string(),
        ];
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let dump = Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .args(args(&["--dump-json"]))
        .current_dir(root())
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    assert!(dump.status.success(), "{}", stderr(&dump));
    assert!(!out_dir.exists(), "--dump-json writes nothing");
    let book: serde_json::Value = serde_json::from_slice(&dump.stdout).expect("JSON");
    assert_eq!(book["meta"]["year"], 2024);
    assert_eq!(book["meta"]["date"], "2025-05-31");
    assert_eq!(book["plans"].as_array().map(Vec::len), Some(29));
    assert_eq!(book["summary"]["out_of_period"], 7);
    assert_eq!(book["summary"]["not_submitted"], 22);

    let built = Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .args(args(&[]))
        .current_dir(root())
        .env("SOURCE_DATE_EPOCH", "1748649600") // 2025-05-31
        .output()
        .unwrap();
    assert!(built.status.success(), "{}", stderr(&built));
    let stdout = String::from_utf8_lossy(&built.stdout);
    assert!(
        stdout.contains("令和6年度（2024年度）: A 0項目、B 0項目、C 0項目、D 0項目、－ 29項目（評価対象外 7項目、未提出 22項目）"),
        "{stdout}"
    );
    let xlsx = out_dir.join("令和6年度_アクションプラン評価書.xlsx");
    let pdf = out_dir.join("令和6年度_アクションプラン評価書.pdf");
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    let html =
        std::fs::read_to_string(out_dir.join("令和6年度_アクションプラン評価書.html")).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>"),
        "{}",
        &html[..80.min(html.len())]
    );
    let csv = std::fs::read(out_dir.join("令和6年度_アクションプラン評価書.csv")).unwrap();
    assert!(
        csv.starts_with("\u{feff}".as_bytes()),
        "the CSV starts with a BOM"
    );
    let names: Vec<_> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    // The outline's last year: the four editions and the 最終評価 as open data.
    assert!(
        out_dir
            .join("令和6年度_アクションプラン評価書_最終評価.csv")
            .exists()
    );
    assert_eq!(
        names.len(),
        5,
        "four editions and the final evaluation's CSV, no temporary files left: {names:?}"
    );
}

/// Staff may start the program from any folder: the templates, fonts and shipped plan are
/// found beside the program. Here the program is handed out as a folder of its own (program,
/// `templates/`, `fonts/`, `plans/`) and started from an unrelated folder.
#[test]
fn builds_when_started_outside_the_program_folder() {
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join("hyoka");
    let exe = app.join(
        Path::new(env!("CARGO_BIN_EXE_hyoka"))
            .file_name()
            .expect("program name"),
    );
    std::fs::create_dir(&app).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_hyoka"), &exe).unwrap();
    for folder in ["templates", "fonts", "plans"] {
        std::fs::create_dir(app.join(folder)).unwrap();
        for entry in std::fs::read_dir(root().join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, app.join(folder).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    let work = dir.path().join("work");
    std::fs::create_dir_all(work.join("input")).unwrap();
    let build = || {
        Command::new(&exe)
            .args(["build", "--year", "2024"])
            .current_dir(&work)
            .env("NO_COLOR", "1")
            .output()
            .expect("run hyoka")
    };
    let out = build();
    assert!(out.status.success(), "{}", stderr(&out));
    let mut written: Vec<_> = std::fs::read_dir(work.join("output"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(
        written,
        [
            "令和6年度_アクションプラン評価書.csv",
            "令和6年度_アクションプラン評価書.html",
            "令和6年度_アクションプラン評価書.pdf",
            "令和6年度_アクションプラン評価書.xlsx",
            "令和6年度_アクションプラン評価書_最終評価.csv"
        ]
    );

    // Without the folders beside it, the error names what is missing.
    std::fs::remove_dir_all(app.join("templates")).unwrap();
    let out = build();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("templates"), "{}", stderr(&out));
}
