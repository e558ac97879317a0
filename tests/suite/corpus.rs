//! The bad-input corpus through the real binary: every case under `tests/fixtures/` gives its
//! diagnostics, with the documented exit code (README 「終了コード」), and never a panic.
//!
//! Cases are found by listing the folders, so a new fixture is covered without touching this
//! file; a case without an expectation fails. Expectations:
//! - `tests/fixtures/intake/<case>/`: `input/`, `args.txt` (the `hyoka check` arguments) and
//!   `expected.txt` (one diagnostic a line: `重大度 code 場所 | message`, written by the
//!   library-level corpus tests in tests/suite/validate.rs and tests/suite/intake.rs);
//! - `tests/fixtures/plans/<name>.toml` with `<name>.expected.txt` in the same form
//!   (`HYOKA_UPDATE=1` writes a missing one from the binary's output, to be reviewed).

use crate::helper;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Reader};

/// Intake cases where nothing is wrong with the files themselves (lock and hidden files are
/// skipped without a word): exit 0 and no diagnostic naming a file.
const CLEAN_CASES: &[&str] = &["lock-and-hidden-files"];

/// Plan files that are valid: exit 0 and no diagnostic at all.
const VALID_PLANS: &[&str] = &["minimal"];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn hyoka(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("hyoka runs")
}

/// `hyoka <command> --year 2024 --input <input>` with `--returns <to>` for `check` or
/// `--out <to>` for `build`, then `extra`, run in `dir`.
fn run_2024(dir: &Path, command: &str, input: &Path, to: &Path, extra: &[&str]) -> Output {
    let to_flag = if command == "check" {
        "--returns"
    } else {
        "--out"
    };
    let mut args = vec![
        command,
        "--year",
        "2024",
        "--input",
        input.to_str().unwrap(),
        to_flag,
        to.to_str().unwrap(),
    ];
    args.extend(extra);
    hyoka(dir, &args)
}

/// One diagnostic as `expected.txt` writes it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Line {
    severity: String,
    code: String,
    at: String,
    message: String,
}

impl std::fmt::Display for Line {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} {} | {}",
            self.severity, self.code, self.at, self.message
        )
    }
}

/// Reads `重大度 code 場所 | message` lines; `None` for a line that is not one.
fn parse_expected(text: &str) -> Result<Vec<Line>, String> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let parsed = l.split_once(' ').and_then(|(severity, rest)| {
                let (code, rest) = rest.split_once(' ')?;
                let (at, message) = rest.split_once(" | ")?;
                Some(Line {
                    severity: severity.to_string(),
                    code: code.to_string(),
                    at: at.trim_end().to_string(),
                    message: message.to_string(),
                })
            });
            parsed.ok_or_else(|| format!("not a diagnostic line: {l:?}"))
        })
        .collect()
}

/// The diagnostics the binary printed for people (src/cli/report.rs):
/// `エラー[code]: message`, then `  --> 場所（プラン①）` when it has a place.
fn parse_output(stderr: &str) -> Vec<Line> {
    let lines: Vec<&str> = stderr.lines().collect();
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let Some((severity, rest)) = ["エラー", "警告"]
            .iter()
            .find_map(|s| l.strip_prefix(s).map(|r| (*s, r)))
        else {
            continue;
        };
        let Some((code, message)) = rest.strip_prefix('[').and_then(|r| r.split_once("]: ")) else {
            continue;
        };
        let at = lines
            .get(i + 1)
            .and_then(|n| n.strip_prefix("  --> "))
            .map(|a| match a.rfind("（プラン") {
                Some(k) if a.ends_with('）') => &a[..k],
                _ => a,
            })
            .unwrap_or("");
        out.push(Line {
            severity: severity.to_string(),
            code: code.to_string(),
            at: at.to_string(),
            message: message.to_string(),
        });
    }
    out
}

/// The checks every run must pass whatever the case: no panic, no abort or signal, an exit
/// code of the README's table.
fn sane(name: &str, out: &Output) -> Result<i32, String> {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let Some(code) = out.status.code() else {
        return Err(format!("{name}: killed by a signal ({:?})", out.status));
    };
    if code == 101 || stderr.contains("panicked") {
        return Err(format!("{name}: panicked\n{stderr}"));
    }
    if !(0..=2).contains(&code) {
        return Err(format!(
            "{name}: exit code {code} is not documented\n{stderr}"
        ));
    }
    Ok(code)
}

/// Compares what the binary printed with the expectation, as sorted lists: every expected
/// diagnostic is there, at its place, and nothing else is (未提出 warnings aside, unless
/// the case expects them).
fn compare(name: &str, expected: &[Line], stderr: &str) -> Result<(), String> {
    let keep_missing = expected.iter().any(|l| l.code == "plan-not-submitted");
    let mut got: Vec<Line> = parse_output(stderr)
        .into_iter()
        .filter(|l| keep_missing || l.code != "plan-not-submitted")
        .collect();
    let mut want = expected.to_vec();
    got.sort();
    want.sort();
    if got == want {
        return Ok(());
    }
    let show = |v: &[Line]| v.iter().map(|l| format!("  {l}\n")).collect::<String>();
    Err(format!(
        "{name}: diagnostics differ\n--- expected\n{}--- printed\n{}--- stderr\n{stderr}",
        show(&want),
        show(&got)
    ))
}

fn exit_code_of(expected: &[Line]) -> i32 {
    i32::from(expected.iter().any(|l| l.severity == "エラー"))
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

fn run_intake_case(dir: &Path, scratch: &Path) -> Result<(), String> {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let input = dir.join("input");
    let read = |file: &str| {
        std::fs::read_to_string(dir.join(file)).map_err(|e| {
            format!("{name}: no {file} ({e}); every case needs input/, args.txt and expected.txt")
        })
    };
    if !input.is_dir() {
        return Err(format!("{name}: no input/ folder"));
    }
    let args_text = read("args.txt")?;
    let expected = parse_expected(&read("expected.txt")?).map_err(|e| format!("{name}: {e}"))?;
    let clean = CLEAN_CASES.contains(&name.as_str());
    if expected.is_empty() && !clean {
        return Err(format!(
            "{name}: expected.txt lists no diagnostic; a bad-input case must give one \
             (or name the case in CLEAN_CASES)"
        ));
    }
    let returns = scratch.join(&name);
    let mut args = vec![
        "check",
        "--input",
        input.to_str().unwrap(),
        "--returns",
        returns.to_str().unwrap(),
    ];
    args.extend(args_text.split_whitespace());
    let out = hyoka(Path::new(env!("CARGO_MANIFEST_DIR")), &args);
    let code = sane(&name, &out)?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let want_code = exit_code_of(&expected);
    if code != want_code {
        return Err(format!(
            "{name}: exit code {code}, expected {want_code}\n{stderr}"
        ));
    }
    if clean {
        let named: Vec<Line> = parse_output(&stderr)
            .into_iter()
            .filter(|l| !l.at.is_empty())
            .collect();
        if !named.is_empty() || code != 0 {
            return Err(format!(
                "{name}: expected nothing about its files\n{stderr}"
            ));
        }
    }
    compare(&name, &expected, &stderr)
}

/// Every case of `tests/fixtures/intake/` through `hyoka check`.
#[test]
fn every_intake_case_gives_its_diagnostics_and_exit_code() {
    let root = fixtures().join("intake");
    let scratch = tempfile::tempdir().unwrap();
    let mut cases = 0;
    let mut failures = Vec::new();
    for dir in sorted_entries(&root).into_iter().filter(|p| p.is_dir()) {
        cases += 1;
        if let Err(e) = run_intake_case(&dir, scratch.path()) {
            failures.push(e);
        }
    }
    assert!(
        cases >= 30,
        "only {cases} cases found under {}",
        root.display()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn run_plan_case(toml: &Path, scratch: &Path) -> Result<(), String> {
    let dir = toml.parent().unwrap();
    let stem = toml.file_stem().unwrap().to_string_lossy().into_owned();
    let file = toml.file_name().unwrap().to_str().unwrap();
    let out = hyoka(dir, &["plans", "--plan", file]);
    let code = sane(&format!("plans {stem}"), &out)?;
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let empty = scratch.join("empty-input");
    std::fs::create_dir_all(&empty).unwrap();
    let returns = scratch.join(format!("returns-{stem}"));
    let check = run_2024(dir, "check", &empty, &returns, &["--plan", file]);
    let check_code = sane(&format!("check --plan {stem}"), &check)?;
    let check_err = String::from_utf8_lossy(&check.stderr).into_owned();
    if VALID_PLANS.contains(&stem.as_str()) {
        let printed = parse_output(&stderr);
        if code != 0 || !printed.is_empty() || check_code != 0 {
            return Err(format!(
                "{stem}: a valid plan file must load silently (plans: exit {code}, check: exit {check_code})\n{stderr}\n{check_err}"
            ));
        }
        return Ok(());
    }
    let golden = dir.join(format!("{stem}.expected.txt"));
    if std::env::var_os("HYOKA_UPDATE").is_some() {
        let text: String = parse_output(&stderr)
            .iter()
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(&golden, text).unwrap();
    }
    let text = std::fs::read_to_string(&golden).map_err(|e| {
        format!(
            "{stem}: no {} ({e}); list its diagnostics there, or name it in VALID_PLANS",
            golden.display()
        )
    })?;
    let expected = parse_expected(&text).map_err(|e| format!("{stem}: {e}"))?;
    if expected.is_empty() {
        return Err(format!("{stem}: the expectation lists no diagnostic"));
    }
    let want_code = exit_code_of(&expected);
    if code != want_code {
        return Err(format!(
            "plans {stem}: exit code {code}, expected {want_code}\n{stderr}"
        ));
    }
    compare(&format!("plans {stem}"), &expected, &stderr)?;
    if want_code == 1 {
        // A plan file that cannot be used stops `check` and `build` with the same
        // diagnostics and exit code 1, before any input is read or any book written.
        if check_code != 1 {
            return Err(format!(
                "check --plan {stem}: exit code {check_code}, expected 1\n{check_err}"
            ));
        }
        compare(&format!("check --plan {stem}"), &expected, &check_err)?;
        let books = scratch.join(format!("books-{stem}"));
        let build = run_2024(dir, "build", &empty, &books, &["--plan", file]);
        let build_code = sane(&format!("build --plan {stem}"), &build)?;
        let build_err = String::from_utf8_lossy(&build.stderr);
        if build_code != 1 || books.exists() {
            return Err(format!(
                "build --plan {stem}: exit code {build_code}, expected 1 and no output\n{build_err}"
            ));
        }
        compare(&format!("build --plan {stem}"), &expected, &build_err)?;
    }
    Ok(())
}

/// Every plan file of `tests/fixtures/plans/` through `hyoka plans`, `hyoka check` and,
/// when it cannot be used, `hyoka build`.
#[test]
fn every_plan_fixture_gives_its_diagnostics_and_exit_code() {
    let root = fixtures().join("plans");
    let scratch = tempfile::tempdir().unwrap();
    let mut cases = 0;
    let mut failures = Vec::new();
    for toml in sorted_entries(&root)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
    {
        cases += 1;
        if let Err(e) = run_plan_case(&toml, scratch.path()) {
            failures.push(e);
        }
    }
    for valid in VALID_PLANS {
        assert!(root.join(format!("{valid}.toml")).is_file(), "{valid}.toml");
    }
    assert!(cases >= 15, "only {cases} plan files found");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The parser of the printed report understands what src/cli/report.rs prints, so that a
/// change of format cannot make the corpus test vacuous.
#[test]
fn the_report_parser_reads_places_and_plans() {
    let printed = "■ a.xlsx\nエラー[value-error]: 実績値が #DIV/0! です。\n  --> a.xlsx › ①x › E9（プラン①）\n  = ヒント: h\n\n■ 全体\n警告[plan-not-submitted]: 未提出。\n";
    let lines = parse_output(printed);
    assert_eq!(
        lines.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            "エラー value-error a.xlsx › ①x › E9 | 実績値が #DIV/0! です。",
            "警告 plan-not-submitted  | 未提出。"
        ]
    );
    assert_eq!(
        parse_expected(&format!("{}\n", lines[1])).unwrap(),
        lines[1..]
    );
    assert!(parse_expected("エラー\n").is_err());
}

/// `--max-rows` and `--max-file-mb` turn a normal workbook into the limit's diagnostic,
/// naming the limit, in `check` and in `build`; without them the same files read as usual.
#[test]
fn limits_are_set_on_the_command_line() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let sample = "2024年度_情報統計課_進捗シート.xlsx";
    std::fs::copy(root.join("input/2024年度").join(sample), input.join(sample)).unwrap();
    let returns = dir.path().join("返却");
    let check = |extra: &[&str]| {
        let out = run_2024(root, "check", &input, &returns, extra);
        let code = sane("check", &out).unwrap();
        (code, String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let errors = |stderr: &str| -> Vec<Line> {
        parse_output(stderr)
            .into_iter()
            .filter(|l| l.severity == "エラー")
            .collect()
    };

    let (code, stderr) = check(&[]);
    assert_eq!((code, errors(&stderr)), (0, vec![]), "{stderr}");

    let (code, stderr) = check(&["--max-rows", "5"]);
    assert_eq!(code, 1, "{stderr}");
    let found = errors(&stderr);
    assert!(!found.is_empty(), "{stderr}");
    for e in &found {
        assert_eq!(e.code, "sheet-too-large", "{stderr}");
        assert!(e.at.starts_with(&format!("{sample} › ")), "{e}");
        assert!(e.message.contains("上限 5 行・500,000 セル"), "{e}");
    }
    assert!(
        stderr.contains("--max-rows"),
        "the hint names the flag: {stderr}"
    );

    let (code, stderr) = check(&["--max-cells", "10"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("上限 5,000 行・10 セル"), "{stderr}");

    // A file just over 1 MB: refused by its size before anything else is looked at.
    std::fs::write(input.join("大きい.xlsx"), vec![0u8; 1024 * 1024 + 1]).unwrap();
    let (code, stderr) = check(&["--max-file-mb", "1"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        errors(&stderr)
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        [
            "エラー file-too-large 大きい.xlsx | ファイルが大きすぎます（1,048,577 バイト、上限 1 MB）。読み込みませんでした。"
        ],
        "{stderr}"
    );
    let (_, stderr) = check(&[]);
    assert!(
        errors(&stderr).iter().all(|e| e.code == "file-corrupt"),
        "under the default limit the same file is read (and found broken): {stderr}"
    );
    std::fs::remove_file(input.join("大きい.xlsx")).unwrap();

    // `build` takes the same flags: the input's error stops it before any book is written.
    let out_dir = dir.path().join("out");
    let out = run_2024(root, "build", &input, &out_dir, &["--max-rows", "5"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(sane("build", &out), Ok(1), "{stderr}");
    assert!(stderr.contains("エラー[sheet-too-large]"), "{stderr}");
    assert!(!out_dir.exists());

    // Zero and absurd limits are refused in Japanese, as a usage error (exit 2).
    for (flag, value) in [
        ("--max-rows", "0"),
        ("--max-file-mb", "100000"),
        ("--max-unpacked-mb", "0"),
        ("--max-cells", "二十"),
        ("--max-text-chars", "40000"),
    ] {
        let (code, stderr) = check(&[flag, value]);
        assert_eq!(code, 2, "{flag} {value}: {stderr}");
        assert!(
            stderr.contains("の整数を指定してください") && stderr.contains(flag),
            "{flag} {value}: {stderr}"
        );
    }
}

/// Every sheet's formulas (none expected) and every string cell of an .xlsx file.
fn formulas_and_strings(path: &Path) -> (Vec<String>, Vec<String>) {
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    let mut formulas = Vec::new();
    let mut strings = Vec::new();
    for name in wb.sheet_names() {
        let f = wb.worksheet_formula(&name).unwrap();
        formulas.extend(f.used_cells().map(|(_, _, f)| format!("{name}: {f}")));
        let range = wb.worksheet_range(&name).unwrap();
        strings.extend(range.used_cells().filter_map(|(_, _, v)| match v {
            Data::String(s) => Some(s.clone()),
            _ => None,
        }));
    }
    (formulas, strings)
}

/// A department's text that starts with 「=」 (in a cell, in a file name) is written as text
/// in the return sheet and in the book: it never becomes a formula.
#[test]
fn text_starting_with_equals_never_becomes_a_formula() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let link = "=HYPERLINK(\"https://example.com\",\"詳細\")";
    let bytes = helper::filled("情報統計課", 2024, |sheets| {
        sheets[1].set_beside("取組実績", helper::C::S(link.into()));
        sheets[1].set_beside("課題", helper::C::S("=1+1".into()));
        sheets[1].set_column("実績値", "1", helper::C::S("=A1*2".into()));
    });
    let file = "=SUM(1,2).xlsx";
    std::fs::write(input.join(file), bytes).unwrap();

    let returns = dir.path().join("返却");
    let out = run_2024(root, "check", &input, &returns, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(sane("check", &out), Ok(1), "{stderr}");
    assert!(
        stderr.contains("実績値「=A1*2」を数値として読めません"),
        "{stderr}"
    );
    let (formulas, strings) =
        formulas_and_strings(&returns.join("2024年度_情報統計課_確認事項.xlsx"));
    assert!(formulas.is_empty(), "{formulas:?}");
    assert!(strings.iter().any(|s| s == file), "{strings:?}");

    let books = dir.path().join("out");
    let out = run_2024(root, "build", &input, &books, &["--allow-errors"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(sane("build", &out), Ok(0), "{stderr}");
    let (formulas, strings) =
        formulas_and_strings(&books.join("令和6年度_アクションプラン評価書.xlsx"));
    assert!(formulas.is_empty(), "{formulas:?}");
    assert!(strings.iter().any(|s| s.contains(link)), "{strings:?}");
    assert!(strings.iter().any(|s| s.contains("=1+1")), "{strings:?}");
}

/// Links in the input folder to a device that never ends (/dev/zero), to nothing, and to
/// the folder itself: each is named in a diagnostic, and `check` finishes.
#[cfg(unix)]
#[test]
fn links_to_devices_nothing_and_loops_are_reported() {
    use std::os::unix::fs::symlink;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    symlink("/dev/zero", input.join("ゼロ.xlsx")).unwrap();
    symlink(input.join("ない.xlsx"), input.join("リンク切れ.xlsx")).unwrap();
    symlink(&input, input.join("自分自身")).unwrap();
    let out = run_2024(root, "check", &input, &dir.path().join("返却"), &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(sane("check", &out), Ok(1), "{stderr}");
    let mut errors: Vec<String> = parse_output(&stderr)
        .into_iter()
        .filter(|l| l.severity == "エラー")
        .map(|l| format!("{} {}", l.code, l.at))
        .collect();
    errors.sort();
    assert_eq!(
        errors,
        [
            "file-unreadable ゼロ.xlsx",
            "file-unreadable リンク切れ.xlsx",
            "file-unreadable 自分自身"
        ],
        "{stderr}"
    );
    assert!(
        stderr.contains("通常のファイルではないため読み込みませんでした"),
        "{stderr}"
    );
    assert!(stderr.contains("リンク先がありません"), "{stderr}");
}
