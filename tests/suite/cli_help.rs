//! `hyoka --help`, each subcommand's help and clap's argument errors are in Japanese, and a
//! bad argument exits with 2 (README: 終了コード).

use std::process::{Command, Output};

fn hyoka(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("hyoka runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("utf-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("utf-8")
}

/// What clap writes in English when its texts are not replaced.
const ENGLISH: &[&str] = &[
    "Print help",
    "Print version",
    "Usage:",
    "Commands:",
    "Options:",
    "Arguments:",
    "[default:",
    "Possible values",
    "possible values",
    "[OPTIONS]",
    "COMMAND",
];

fn assert_no_english(text: &str) {
    for word in ENGLISH {
        assert!(!text.contains(word), "「{word}」 in:\n{text}");
    }
}

#[test]
fn top_level_help_is_japanese() {
    for flag in ["--help", "-h"] {
        let out = hyoka(&[flag]);
        assert_eq!(out.status.code(), Some(0));
        let text = stdout(&out);
        assert!(
            text.contains("使い方: hyoka <コマンド> [オプション]"),
            "{text}"
        );
        assert!(text.contains("コマンド:"), "{text}");
        assert!(text.contains("オプション:"), "{text}");
        assert!(text.contains("ヘルプを表示します"), "{text}");
        assert!(text.contains("バージョンを表示します"), "{text}");
        for sub in ["build", "check", "forms", "plans"] {
            assert!(text.contains(sub), "{sub} listed");
        }
        assert_no_english(&text);
    }
}

#[test]
fn every_subcommand_help_is_japanese() {
    for sub in ["build", "check", "forms", "plans"] {
        for flag in ["--help", "-h"] {
            let out = hyoka(&[sub, flag]);
            assert_eq!(out.status.code(), Some(0), "{sub} {flag}");
            let text = stdout(&out);
            assert!(
                text.contains(&format!("使い方: hyoka {sub} [オプション]")),
                "{text}"
            );
            assert!(text.contains("オプション:"), "{text}");
            assert!(text.contains("-h, --help"), "{text}");
            assert!(text.contains("ヘルプを表示します"), "{text}");
            assert!(text.contains("--plan <ファイル>"), "{text}");
            assert_no_english(&text);
        }
    }
    // Defaults are said in Japanese where clap would write [default: …].
    let build = stdout(&hyoka(&["build", "--help"]));
    assert!(build.contains("［省略時: input］"), "{build}");
    assert!(build.contains("--year <年度>"), "{build}");
}

#[test]
fn version_is_printed() {
    let out = hyoka(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out).trim(),
        format!("hyoka {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn an_unknown_flag_exits_2_with_a_japanese_message() {
    let out = hyoka(&["build", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert!(
        text.contains("引数「--no-such-flag」は使えません"),
        "{text}"
    );
    assert!(text.contains("hyoka build --help"), "{text}");
    assert!(!text.contains("unexpected argument"), "{text}");
    assert_no_english(&text);
    // A near miss gets clap's suggestion, in Japanese.
    let text = stderr(&hyoka(&["check", "--jsn"]));
    assert!(text.contains("「--json」のことですか"), "{text}");
}

#[test]
fn other_argument_errors_are_japanese_too() {
    let cases: &[(&[&str], &str)] = &[
        (&["bild"], "コマンド「bild」はありません"),
        (&["build", "--variant", "pdf"], "「pdf」は指定できません"),
        (&["build", "--year"], "--year <年度> に値を指定してください"),
        (&["build", "--year", "abc"], "「abc」は年度として読めません"),
        (
            &["plans", "--json", "--json"],
            "--json は一度だけ指定できます",
        ),
    ];
    for (args, expected) in cases {
        let out = hyoka(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let text = stderr(&out);
        assert!(text.starts_with("エラー: "), "{args:?}: {text}");
        assert!(text.contains(expected), "{args:?}: {text}");
        assert!(!text.contains("error:"), "{args:?}: {text}");
    }
}

#[test]
fn no_subcommand_shows_the_help_and_exits_2() {
    let out = hyoka(&[]);
    assert_eq!(out.status.code(), Some(2));
    let text = format!("{}{}", stdout(&out), stderr(&out));
    assert!(text.contains("使い方: hyoka <コマンド>"), "{text}");
    assert_no_english(&text);
}
