//! The promises of README 「安全のための約束」, tried as an attacker and as an unlucky user
//! would: links planted in the output folder, a failing edition, two runs at once, hostile
//! text, bad places in the input folder and Excel's own limits.

use crate::helper;

use crate::book_fixture;

use crate::package;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use helper::C;

const BOOK_XLSX: &str = "令和6年度_アクションプラン評価書.xlsx";
const BOOK_PDF: &str = "令和6年度_アクションプラン評価書.pdf";
/// Every file a build of 2024 writes (the outline's last year: the four editions and the
/// 最終評価's CSV), in the order [`names`] lists them.
const EDITIONS: [&str; 5] = [
    "令和6年度_アクションプラン評価書.csv",
    "令和6年度_アクションプラン評価書.html",
    BOOK_PDF,
    BOOK_XLSX,
    "令和6年度_アクションプラン評価書_最終評価.csv",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn command<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hyoka"));
    cmd.args(args)
        .current_dir(root())
        .env("SOURCE_DATE_EPOCH", "1748649600")
        .env("NO_COLOR", "1");
    cmd
}

fn hyoka<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    command(args).output().expect("run hyoka")
}

/// Runs hyoka, killing it when it has not finished within a minute (it must never block).
fn hyoka_within_a_minute<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    let mut child = command(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run hyoka");
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("hyoka blocked");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn build_args(input: &Path, out: &Path) -> Vec<String> {
    [
        "build",
        "--year",
        "2024",
        "--input",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]
    .map(String::from)
    .to_vec()
}

/// An empty input folder and an output folder beside it.
fn folders() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    std::fs::create_dir(&input).unwrap();
    let out = dir.path().join("output");
    (dir, input, out)
}

#[cfg(unix)]
#[test]
fn links_planted_in_the_output_folder_are_never_written_through() {
    use std::os::unix::fs::symlink;
    let (dir, input, out) = folders();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, b"precious").unwrap();
    std::fs::create_dir(&out).unwrap();
    // At the final names, at every temporary name earlier versions used, and at names of
    // the temporary pattern.
    for name in [
        BOOK_XLSX.to_string(),
        format!(".{BOOK_XLSX}.part"),
        format!(".{BOOK_PDF}.part"),
        ".hyoka-tmp-000000".to_string(),
        ".hyoka-tmp-aaaaaa".to_string(),
        ".hyoka-lock".to_string(),
    ] {
        symlink(&victim, out.join(name)).unwrap();
    }
    let built = hyoka(&build_args(&input, &out));
    assert!(built.status.success(), "{}", stderr(&built));
    assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
    let book = out.join(BOOK_XLSX);
    assert!(std::fs::symlink_metadata(&book).unwrap().is_file());
    assert!(std::fs::read(&book).unwrap().starts_with(b"PK"));
    assert_eq!(names(&out), EDITIONS, "no link or temporary file left");

    // `forms` and `check`'s return sheets go through the same writer.
    let forms = dir.path().join("様式");
    std::fs::create_dir(&forms).unwrap();
    let form = "2024年度_総務課_進捗シート.xlsx";
    symlink(&victim, forms.join(form)).unwrap();
    symlink(&victim, forms.join("2024年度_総務課_進捗シート.tmp~")).unwrap();
    let made = hyoka(&[
        "forms",
        "--year",
        "2024",
        "--out",
        forms.to_str().unwrap(),
        "--input",
        input.to_str().unwrap(),
    ]);
    assert!(made.status.success(), "{}", stderr(&made));
    assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
    assert!(
        std::fs::symlink_metadata(forms.join(form))
            .unwrap()
            .is_file()
    );
    assert!(
        !names(&forms)
            .iter()
            .any(|n| n.ends_with(".tmp~") || n.starts_with('.'))
    );

    let returns = dir.path().join("返却");
    std::fs::create_dir(&returns).unwrap();
    std::fs::write(input.join("壊れた.xlsx"), b"PK\x03\x04broken").unwrap();
    let sheet = "2024年度_担当課不明_確認事項.xlsx";
    symlink(&victim, returns.join(sheet)).unwrap();
    symlink(&victim, returns.join("2024年度_担当課不明_確認事項.tmp~")).unwrap();
    let checked = hyoka(&[
        "check",
        "--year",
        "2024",
        "--input",
        input.to_str().unwrap(),
        "--returns",
        returns.to_str().unwrap(),
    ]);
    assert_eq!(checked.status.code(), Some(1), "{}", stderr(&checked));
    assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
    assert!(
        std::fs::symlink_metadata(returns.join(sheet))
            .unwrap()
            .is_file()
    );
    assert!(
        !names(&returns)
            .iter()
            .any(|n| n.ends_with(".tmp~") || n.starts_with('.'))
    );
}

#[test]
fn a_failing_edition_replaces_no_book_and_leaves_no_temporary_file() {
    let (_dir, input, out) = folders();
    let built = hyoka(&build_args(&input, &out));
    assert!(built.status.success(), "{}", stderr(&built));
    let before = std::fs::read(out.join(BOOK_XLSX)).unwrap();
    // The PDF's name is now a folder: that edition cannot be written.
    std::fs::remove_file(out.join(BOOK_PDF)).unwrap();
    std::fs::create_dir(out.join(BOOK_PDF)).unwrap();
    // Another date makes a different book, so a replaced xlsx would show.
    let again = command(&build_args(&input, &out))
        .env("SOURCE_DATE_EPOCH", "1780185600")
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
    assert!(stderr(&again).contains(BOOK_PDF), "{}", stderr(&again));
    assert_eq!(std::fs::read(out.join(BOOK_XLSX)).unwrap(), before);
    assert_eq!(names(&out), EDITIONS, "no temporary file left");
}

#[test]
fn a_second_run_into_a_locked_folder_is_refused_in_japanese() {
    let (_dir, input, out) = folders();
    std::fs::create_dir(&out).unwrap();
    // Another hyoka holds the folder: the lock of its lock file.
    let lock = std::fs::File::create(out.join(".hyoka-lock")).unwrap();
    lock.lock().unwrap();
    for args in [
        build_args(&input, &out),
        ["forms", "--out", out.to_str().unwrap()]
            .map(String::from)
            .to_vec(),
    ] {
        let refused = hyoka(&args);
        assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
        assert!(
            stderr(&refused).contains("別の hyoka が書き込み中"),
            "{}",
            stderr(&refused)
        );
    }
    assert_eq!(names(&out), [".hyoka-lock"]);
    drop(lock);
}

#[test]
fn two_builds_at_once_each_finish_whole_or_refuse() {
    let (_dir, input, out) = folders();
    for _ in 0..3 {
        let runs: Vec<_> = (0..2)
            .map(|_| {
                command(&build_args(&input, &out))
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let outputs: Vec<Output> = runs
            .into_iter()
            .map(|r| r.wait_with_output().unwrap())
            .collect();
        assert!(outputs.iter().any(|o| o.status.success()));
        for o in &outputs {
            assert!(
                o.status.success() || stderr(o).contains("別の hyoka が書き込み中"),
                "{}",
                stderr(o)
            );
        }
        assert_eq!(names(&out), EDITIONS);
        let xlsx = std::fs::read(out.join(BOOK_XLSX)).unwrap();
        assert!(zip::ZipArchive::new(std::io::Cursor::new(xlsx)).is_ok());
        let pdf = std::fs::read(out.join(BOOK_PDF)).unwrap();
        assert!(pdf.starts_with(b"%PDF") && pdf.trim_ascii_end().ends_with(b"%%EOF"));
    }
}

#[test]
fn an_output_folder_inside_the_input_folder_is_refused_by_every_command() {
    let (_dir, input, _) = folders();
    let inside = input.join("out");
    let runs = [
        build_args(&input, &inside),
        build_args(&input, &input),
        [
            "check",
            "--input",
            input.to_str().unwrap(),
            "--returns",
            inside.to_str().unwrap(),
        ]
        .map(String::from)
        .to_vec(),
        [
            "forms",
            "--input",
            input.to_str().unwrap(),
            "--out",
            input.join("sub/../out").to_str().unwrap(),
        ]
        .map(String::from)
        .to_vec(),
    ];
    for args in runs {
        let refused = hyoka(&args);
        assert_eq!(
            refused.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&refused)
        );
        assert!(
            stderr(&refused).contains("入力フォルダ"),
            "{}",
            stderr(&refused)
        );
        assert!(
            names(&input).is_empty(),
            "{args:?} wrote into the input folder"
        );
    }
}

/// Control sequences in a file name and in a cell reach no terminal line as they are.
#[test]
fn terminal_lines_show_control_characters_escaped() {
    let (_dir, input, out) = folders();
    let hostile_name = "\u{1b}]52;c;aGk=\u{7}\u{202E}xslx.xlsx";
    std::fs::write(input.join(hostile_name), b"not a workbook").unwrap();
    let bytes = helper::filled("職員課", 2024, |sheets| {
        sheets[1].set_column("実績値", "1", C::S("1\u{1b}[2J\u{9b}31m\u{2066}".into()));
        sheets[1].set_beside("取組実績", C::S("研修\u{1b}[2Jを実施した。".into()));
    });
    std::fs::write(input.join("職員課.xlsx"), bytes).unwrap();
    let checked = hyoka(&[
        "check",
        "--input",
        input.to_str().unwrap(),
        "--returns",
        out.join("返却").to_str().unwrap(),
    ]);
    let text = stderr(&checked);
    for raw in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202E}', '\u{2066}'] {
        assert!(!text.contains(raw), "{raw:?} printed raw: {text}");
    }
    assert!(
        text.contains("\\u{1b}]52;c;aGk=\\u{7}\\u{202e}xslx.xlsx"),
        "{text}"
    );
    assert!(text.contains("\\u{1b}[2J\\u{9b}31m"), "{text}");

    let json = hyoka(&[
        "check",
        "--json",
        "--input",
        input.to_str().unwrap(),
        "--returns",
        out.join("返却").to_str().unwrap(),
    ]);
    let stdout = String::from_utf8(json.stdout).unwrap();
    for raw in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202E}', '\u{2066}'] {
        assert!(!stdout.contains(raw), "{raw:?} printed raw: {stdout}");
    }
    let parsed: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(
        parsed.to_string().contains('\u{202E}'),
        "the JSON still reads back whole"
    );

    // In the books the control characters are replaced, the rest kept.
    let built = hyoka(&[build_args(&input, &out), vec!["--allow-errors".into()]].concat());
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(!stderr(&built).contains('\u{1b}'));
    let strings = package::all_text(&std::fs::read(out.join(BOOK_XLSX)).unwrap());
    assert!(strings.contains("研修〓[2Jを実施した。"), "{strings}");
    assert!(!strings.contains("_x001B_") && !strings.contains('\u{1b}'));
    // The HTML edition shows the same replacement; the PDF draws it and warns of no glyph.
    let html = std::fs::read_to_string(out.join("令和6年度_アクションプラン評価書.html")).unwrap();
    assert!(html.contains("研修〓[2Jを実施した。"));
    assert!(!html.contains('\u{1b}') && !html.contains('\u{9b}'));
    let csv = std::fs::read_to_string(out.join("令和6年度_アクションプラン評価書.csv")).unwrap();
    assert!(!csv.contains('\u{1b}') && !csv.contains('\u{9b}'));
    assert!(
        !stderr(&built).contains("pdf-missing-glyph"),
        "{}",
        stderr(&built)
    );
    let returns = out.join("返却");
    for name in names(&returns) {
        let part = package::part(
            &std::fs::read(returns.join(&name)).unwrap(),
            "xl/sharedStrings.xml",
        );
        assert!(
            !part.contains("_x001B_") && !part.contains('\u{1b}'),
            "{name}"
        );
    }
}

/// Text at `--max-text-chars 32767` quoted in a diagnostic is over Excel's limit of a cell:
/// cut with a mark and a 警告, in the book and in the return sheets.
#[test]
fn text_over_excels_cell_limit_is_cut_with_a_mark_and_a_warning() {
    let (_dir, input, out) = folders();
    let bytes = helper::filled("職員課", 2024, |sheets| {
        sheets[1].set_column("実績値", "1", C::S("x".repeat(32_767)));
        sheets[1].set_beside("取組実績", C::S("あ".repeat(32_767)));
    });
    std::fs::write(input.join("職員課.xlsx"), bytes).unwrap();
    let limit = ["--max-text-chars", "32767"].map(String::from).to_vec();
    let built = hyoka(
        &[
            build_args(&input, &out),
            limit.clone(),
            vec!["--allow-errors".into()],
        ]
        .concat(),
    );
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(
        stderr(&built).contains("xlsx-text-cut"),
        "{}",
        stderr(&built)
    );
    let strings = package::all_text(&std::fs::read(out.join(BOOK_XLSX)).unwrap());
    assert!(strings.contains(hyoka::render::xlsx::limits::CUT_MARK));

    let returns = out.join("返却");
    let checked = hyoka(
        &[
            vec![
                "check".to_string(),
                "--input".into(),
                input.to_str().unwrap().into(),
            ],
            vec!["--returns".into(), returns.to_str().unwrap().into()],
            limit,
        ]
        .concat(),
    );
    assert_eq!(checked.status.code(), Some(1), "{}", stderr(&checked));
    assert!(
        stderr(&checked).contains("xlsx-text-cut"),
        "{}",
        stderr(&checked)
    );
    let sheet = std::fs::read(returns.join("2024年度_職員課_確認事項.xlsx")).unwrap();
    assert!(
        package::part(&sheet, "xl/sharedStrings.xml")
            .contains(hyoka::render::xlsx::limits::CUT_MARK)
    );
}

/// 検証結果 with thousands of diagnostics needs more than Excel's 1,023 manual page breaks.
#[test]
fn a_sheet_of_thousands_of_diagnostics_is_written() {
    let mut book = book_fixture::book(false);
    let long = "実績値「１２３４５６７８９０」は数値として読めません。".repeat(4);
    book.diagnostics = (0..13_000)
        .map(|i| {
            hyoka::diag::Diagnostic::error("value-not-number", format!("{i}: {long}"))
                .at(hyoka::diag::Source::cell("a.xlsx", "㉗人材育成", "C12"))
                .hint("直してください。")
        })
        .collect();
    let bytes = hyoka::pipeline::xlsx_edition(&book)
        .expect("written despite Excel's limit")
        .0;
    let sheets = package::part(&bytes, "xl/workbook.xml");
    assert!(sheets.contains("検証結果"));
}

/// Every workbook hyoka writes keeps Excel's rules for sheet names, plan names with
/// forbidden characters and long common beginnings included.
#[test]
fn plan_names_make_valid_unique_sheet_names_in_the_forms() {
    let mut plans = helper::plans();
    let department = plans.plans[0].department.clone();
    let long =
        "とても長い名前の計画：その1/その2 [試行] *重要* これはExcelのシート名の上限を超えます";
    // Cut at 31 characters, this one ends in an apostrophe, which Excel refuses.
    let quote = format!("{}'の計画", "あ".repeat(29));
    for (i, p) in plans.plans.iter_mut().take(4).enumerate() {
        p.department = department.clone();
        p.name = if i == 3 {
            quote.clone()
        } else {
            long.to_string()
        };
    }
    let numbers: Vec<u32> = plans.plans.iter().take(4).map(|p| p.number).collect();
    let bytes = hyoka::forms::make_workbook(
        &plans,
        2024,
        &department,
        &numbers,
        &hyoka::forms::WorkbookOptions::default(),
    )
    .expect("the form is written");
    let sheets = helper::read(&bytes);
    let mut seen = std::collections::BTreeSet::new();
    for s in &sheets {
        assert!(s.name.chars().count() <= 31, "{}", s.name);
        assert!(
            !s.name.contains(['[', ']', ':', '*', '?', '/', '\\']),
            "{}",
            s.name
        );
        assert!(!s.name.ends_with('\''), "{}", s.name);
        assert!(seen.insert(s.name.to_lowercase()), "duplicate {}", s.name);
    }
    assert_eq!(sheets.len(), 5);
}

#[cfg(unix)]
#[test]
fn a_fifo_named_like_a_workbook_is_reported_and_never_blocks() {
    let (_dir, input, out) = folders();
    let fifo = input.join("総務課.xlsx");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    std::fs::write(
        input.join("職員課.xlsx"),
        helper::filled("職員課", 2024, |_| {}),
    )
    .unwrap();
    let checked = hyoka_within_a_minute(&[
        "check",
        "--input",
        input.to_str().unwrap(),
        "--returns",
        out.to_str().unwrap(),
    ]);
    let text = stderr(&checked);
    assert!(text.contains("■ 総務課.xlsx"), "{text}");
    assert!(text.contains("名前付きパイプ"), "{text}");
    assert!(
        text.contains("読み込んだファイル 1"),
        "the other file is read: {text}"
    );
}

/// A folder whose path is too long for the OS is reported, and so is a file whose path is;
/// the other files are read.
#[cfg(target_os = "linux")]
#[test]
fn paths_too_long_for_the_system_are_reported_and_the_rest_read() {
    let (_dir, input, out) = folders();
    std::fs::write(
        input.join("職員課.xlsx"),
        helper::filled("職員課", 2024, |_| {}),
    )
    .unwrap();
    // Made step by step, each folder inside the one before (`mkdirat`, `openat`): no single
    // path given to the system is too long, though the whole is.
    let part = std::ffi::CString::new("d".repeat(250)).unwrap();
    let long_file = format!("{}.xlsx", "f".repeat(120));
    let open_dir = |at: i32, name: &std::ffi::CStr| {
        // SAFETY: plain system calls on valid C strings and descriptors owned here.
        let fd = unsafe { libc::openat(at, name.as_ptr(), libc::O_DIRECTORY | libc::O_RDONLY) };
        assert!(fd >= 0, "openat");
        fd
    };
    let create = |at: i32, name: &str| {
        let name = std::ffi::CString::new(name).unwrap();
        // SAFETY: as above.
        let fd = unsafe { libc::openat(at, name.as_ptr(), libc::O_CREAT | libc::O_WRONLY, 0o644) };
        assert!(fd >= 0, "create");
        unsafe { libc::close(fd) };
    };
    let top = std::ffi::CString::new(input.to_str().unwrap()).unwrap();
    let mut fd = open_dir(libc::AT_FDCWD, &top);
    for depth in 0..18 {
        if depth == 16 {
            create(fd, &long_file);
        }
        // SAFETY: as above.
        assert_eq!(unsafe { libc::mkdirat(fd, part.as_ptr(), 0o755) }, 0);
        let next = open_dir(fd, &part);
        unsafe { libc::close(fd) };
        fd = next;
    }
    create(fd, "deep.xlsx");
    unsafe { libc::close(fd) };
    let checked = hyoka_within_a_minute(&[
        "check",
        "--input",
        input.to_str().unwrap(),
        "--returns",
        out.to_str().unwrap(),
    ]);
    let text = stderr(&checked);
    assert!(text.contains("パスが長すぎて"), "{text}");
    assert!(text.contains(&long_file), "{text}");
    assert!(text.contains("folder-unreadable"), "{text}");
    assert!(text.contains("読み込んだファイル 1"), "{text}");
}

/// One subfolder that cannot be read (permissions) is reported; the rest is read. Run as a
/// user without the right (root reads everything, so as `nobody` when the test runs as root).
#[cfg(target_os = "linux")]
#[test]
fn an_unreadable_subfolder_is_reported_and_the_rest_read() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir_in(std::env::temp_dir()).unwrap();
    let open = std::fs::Permissions::from_mode(0o777);
    std::fs::set_permissions(dir.path(), open.clone()).unwrap();
    let input = dir.path().join("input");
    let closed = input.join("秘書広報課");
    std::fs::create_dir_all(&closed).unwrap();
    std::fs::set_permissions(&input, open).unwrap();
    std::fs::write(
        input.join("職員課.xlsx"),
        helper::filled("職員課", 2024, |_| {}),
    )
    .unwrap();
    std::fs::write(
        closed.join("秘書広報課.xlsx"),
        helper::filled("秘書広報課", 2024, |_| {}),
    )
    .unwrap();
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o000)).unwrap();
    let out = dir.path().join("output");
    let args = [
        "check",
        "--input",
        input.to_str().unwrap(),
        "--returns",
        out.to_str().unwrap(),
    ];
    let root_user =
        std::fs::metadata("/proc/self").is_ok_and(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0);
    let checked = if root_user {
        // The program and the project folder must be readable by nobody for this.
        let mut cmd = Command::new("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_hyoka"))
            .args(args)
            .current_dir(root())
            .env("NO_COLOR", "1");
        cmd.output().expect("setpriv")
    } else {
        hyoka(&args)
    };
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o755)).unwrap();
    let text = stderr(&checked);
    assert!(text.contains("■ 秘書広報課/"), "{text}");
    assert!(text.contains("読み取る権限がありません"), "{text}");
    assert!(text.contains("読み込んだファイル 1"), "{text}");
}

/// A small tmpfs, mounted for one test and unmounted when dropped: a disk that fills up.
#[cfg(target_os = "linux")]
struct SmallDisk {
    dir: tempfile::TempDir,
}

#[cfg(target_os = "linux")]
impl SmallDisk {
    fn mount(kilobytes: u32) -> SmallDisk {
        let dir = tempfile::tempdir().unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kilobytes}k"), "tmpfs"])
            .arg(dir.path())
            .status()
            .expect("run mount");
        assert!(status.success(), "mount a tmpfs (needs root)");
        SmallDisk { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

#[cfg(target_os = "linux")]
impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

/// Whether this test runs as root (CI and the developers' machines do), which mounting needs.
#[cfg(target_os = "linux")]
fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

/// A disk that fills up: `forms` and `build` fail with a Japanese message, replace no earlier
/// file and leave no temporary file, empty or not.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_replaces_nothing_and_leaves_no_temporary_file() {
    if !is_root() {
        eprintln!("skipped: mounting a small disk needs root");
        return;
    }
    // forms: twelve workbooks do not fit in 48 KB.
    let disk = SmallDisk::mount(48);
    let forms = disk.path().join("様式");
    let out = hyoka(&["forms", "--year", "2024", "--out", forms.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("ディスクの空き容量が足りません"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        names(&forms),
        Vec::<String>::new(),
        "no form and no temporary file"
    );
    drop(disk);

    // build: the earlier editions fill most of the disk; the new ones do not fit beside them.
    let (_dir, input, elsewhere) = folders();
    let built = hyoka(&build_args(&input, &elsewhere));
    assert!(built.status.success(), "{}", stderr(&built));
    let size: u64 = EDITIONS
        .iter()
        .map(|n| std::fs::metadata(elsewhere.join(n)).unwrap().len())
        .sum();
    let disk = SmallDisk::mount(u32::try_from(size / 1024).unwrap() + 64);
    let out = disk.path().join("output");
    std::fs::create_dir(&out).unwrap();
    for name in EDITIONS {
        std::fs::copy(elsewhere.join(name), out.join(name)).unwrap();
    }
    let again = command(&build_args(&input, &out))
        .env("SOURCE_DATE_EPOCH", "1780185600")
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("ディスクの空き容量が足りません"),
        "{}",
        stderr(&again)
    );
    assert_eq!(names(&out), EDITIONS, "no temporary file left");
    for name in EDITIONS {
        assert_eq!(
            std::fs::read(out.join(name)).unwrap(),
            std::fs::read(elsewhere.join(name)).unwrap(),
            "{name} unchanged"
        );
    }
}
