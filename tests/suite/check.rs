//! `hyoka check` and `hyoka forms` as a user runs them.

use std::path::Path;
use std::process::Command;

fn hyoka(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = walk(dir)
        .iter()
        .map(|p| p.strip_prefix(dir).unwrap().display().to_string())
        .collect();
    v.sort();
    v
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn check_on_the_shipped_sample_exits_0() {
    let returns = tempfile::tempdir().unwrap();
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    let before = listing(&input);
    let out = hyoka(&["check", "--returns", returns.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("エラー 0 件・警告 0 件・読み込んだファイル 65・対象プラン 22"),
        "{stderr}"
    );
    assert!(!stderr.contains('\x1b'), "NO_COLOR");
    assert_eq!(listing(&input), before, "nothing written into input/");
    for year in ["2020", "R3", "令和4年度", "2023"] {
        let out = hyoka(&[
            "check",
            "--year",
            year,
            "--returns",
            returns.path().to_str().unwrap(),
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{year}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn check_reports_errors_by_file_and_writes_return_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let returns = dir.path().join("返却");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::create_dir_all(&returns).unwrap();
    std::fs::write(returns.join("2023年度_古い課_確認事項.xlsx"), b"old").unwrap();
    std::fs::write(returns.join("メモ.txt"), b"kept").unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/intake");
    for case in ["required-empty", "empty-file", "value-over-100"] {
        for f in walk(&fixtures.join(case).join("input")) {
            if f.ends_with("ok.xlsx") {
                continue;
            }
            let name = format!("{case}_{}", f.file_name().unwrap().to_string_lossy());
            std::fs::copy(&f, input.join(name)).unwrap();
        }
    }
    let out = hyoka(&[
        "check",
        "--year",
        "2024",
        "--input",
        input.to_str().unwrap(),
        "--returns",
        returns.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("■ required-empty_情報統計課.xlsx"),
        "{stderr}"
    );
    assert!(
        stderr.contains("エラー[required-empty]: 実績値が入力されていません。\n  --> required-empty_情報統計課.xlsx › ①情報セキュリティ対策の強化 › E9（プラン①）"),
        "{stderr}"
    );
    assert!(stderr.contains("エラー[file-empty]"), "{stderr}");
    assert!(stderr.contains("■ 全体"), "未提出 grouped last: {stderr}");
    let summary = stderr
        .lines()
        .rev()
        .find(|l| l.starts_with("エラー "))
        .unwrap();
    // value-over-100 is an error since a share cannot exceed 100% (issue 12).
    assert!(summary.starts_with("エラー 3 件・警告 "), "{summary}");
    assert!(
        summary.ends_with("読み込んだファイル 2・対象プラン 3"),
        "{summary}"
    );
    let files = listing(&returns);
    assert!(
        !files.contains(&"2023年度_古い課_確認事項.xlsx".to_string()),
        "stale list removed"
    );
    assert!(files.contains(&"メモ.txt".to_string()), "other files kept");
    assert!(
        files.contains(&"2024年度_情報統計課_確認事項.xlsx".to_string()),
        "{files:?}"
    );
    assert!(
        files.contains(&"2024年度_職員課_確認事項.xlsx".to_string()),
        "{files:?}"
    );
    // A return sheet lists the file, sheet, cell and message.
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook(returns.join("2024年度_情報統計課_確認事項.xlsx")).unwrap();
    let range = wb.worksheet_range("確認事項").unwrap();
    let rows: Vec<String> = range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    assert!(
        rows.iter()
            .any(|r| r.contains("|E9|") && r.contains("実績値が入力されていません")),
        "{rows:#?}"
    );
    assert!(!listing(&input).iter().any(|f| f.contains("確認事項")));
}

#[test]
fn returns_are_never_written_into_the_input_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("空.xlsx"), b"").unwrap();
    let out = hyoka(&[
        "check",
        "--input",
        dir.path().to_str().unwrap(),
        "--returns",
        dir.path().join("返却").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(listing(dir.path()), ["空.xlsx"]);
}

#[test]
fn forms_command_writes_one_workbook_per_department() {
    let dir = tempfile::tempdir().unwrap();
    let out = hyoka(&[
        "forms",
        "--year",
        "令和6年度",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files = listing(dir.path());
    assert_eq!(files.len(), 12, "{files:?}");
    assert!(
        files
            .iter()
            .all(|f| f.starts_with("2024年度_") && f.ends_with("_進捗シート.xlsx"))
    );
    let out = hyoka(&[
        "forms",
        "--year",
        "来年",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn check_can_print_json() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("空.xlsx"), b"").unwrap();
    // `in/../返却` is beside the input folder, not in it.
    let returns = input.join("..").join("返却");
    let out = hyoka(&[
        "check",
        "--json",
        "--input",
        input.to_str().unwrap(),
        "--returns",
        returns.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["diagnostics"][0]["code"], "file-empty");
    assert_eq!(v["diagnostics"][0]["severity"], "error");
    assert_eq!(v["diagnostics"][0]["source"]["file"], "空.xlsx");
    assert!(dir.path().join("返却").is_dir());
}
