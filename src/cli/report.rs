//! Printing for people: diagnostics grouped by file and coloured on a terminal, errors and
//! result lines. Every line hyoka prints goes through here, so that text from the input (a
//! cell, a sheet or file name) never reaches the terminal as control sequences: see
//! [`visible`].

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{IsTerminal, Write};

use hyoka::diag::{Diagnostic, Severity};

/// Whether a character would act on a terminal rather than show: C0 controls but tab, DEL,
/// C1 controls, and the bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069)
/// with the marks U+200E, U+200F and U+061C, which reorder what follows them.
fn acts_on_terminal(c: char) -> bool {
    (c.is_control() && c != '\t') || hyoka::text::is_bidi_control(c)
}

/// `text` safe for one line of a terminal: every control character (ESC, BEL, CR, a line
/// break, C1) and bidi override shown escaped as `\u{1b}`, the rest unchanged.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(acts_on_terminal) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if acts_on_terminal(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// JSON text safe for a terminal: the characters of [`visible`] that JSON writers leave raw
/// (DEL, C1, bidi) written as `\uXXXX` escapes, which read back as the same string.
pub fn json_safe(json: String) -> String {
    if !json.chars().any(acts_on_terminal) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        // Outside strings JSON has only ASCII punctuation, spaces and line breaks.
        if acts_on_terminal(c) && !matches!(c, '\n' | '\r') {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// Prints lines to standard output, each made [`visible`].
pub fn print_out(text: &str) {
    let mut out = std::io::stdout().lock();
    for line in text.split('\n') {
        let _ = writeln!(out, "{}", visible(line));
    }
}

/// Prints lines to standard error, each made [`visible`].
pub fn print_err(text: &str) {
    let mut out = std::io::stderr().lock();
    for line in text.split('\n') {
        let _ = writeln!(out, "{}", visible(line));
    }
}

/// Prints a fatal error and its causes to standard error, in Japanese: an operating-system
/// error in Japanese words (「見つかりません」, 「読み取る権限がありません」), and a cause
/// only when the message does not already say it.
pub fn print_error(err: &anyhow::Error) {
    let mut text = format!("エラー: {err}");
    for cause in err.chain().skip(1) {
        let said = match cause.downcast_ref::<std::io::Error>() {
            // Named by the user, not met on the way: no 「moved while reading」 guess.
            Some(io) if io.kind() == std::io::ErrorKind::NotFound => {
                "見つかりません（名前と場所を確認してください）".to_string()
            }
            Some(io) => hyoka::intake::walk::io_reason(io),
            None => cause.to_string(),
        };
        if !text.contains(&said) {
            let _ = write!(text, "\n  原因: {said}");
        }
    }
    print_err(&text);
}

fn colour() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Renders diagnostics like a compiler: a heading per file, then one block per diagnostic;
/// diagnostics without a file (未提出 …) come last under 「全体」.
pub fn render_diagnostics(diagnostics: &[Diagnostic], colour: bool) -> String {
    let mut groups: BTreeMap<(bool, String), Vec<&Diagnostic>> = BTreeMap::new();
    for d in diagnostics {
        let file = d.source.as_ref().map(|s| visible(&s.file).into_owned());
        groups
            .entry((file.is_none(), file.unwrap_or_else(|| "全体".to_string())))
            .or_default()
            .push(d);
    }
    let bold = |s: &str| {
        if colour {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let mut out = String::new();
    for ((_, file), list) in groups {
        out.push_str(&bold(&format!("■ {file}")));
        out.push('\n');
        for d in list {
            let (on, off) = match (colour, d.severity) {
                (true, Severity::Error) => ("\x1b[1;31m", "\x1b[0m"),
                (true, Severity::Warning) => ("\x1b[1;33m", "\x1b[0m"),
                (false, _) => ("", ""),
            };
            out.push_str(&format!(
                "{on}{}{off}[{}]: {}\n",
                d.severity.label(),
                d.code,
                visible(&d.message)
            ));
            if let Some(source) = &d.source {
                out.push_str(&format!("  --> {}", visible(&source.to_string())));
                if let Some(plan) = d.plan_label() {
                    out.push_str(&format!("（{plan}）"));
                }
                out.push('\n');
            }
            if let Some(hint) = &d.hint {
                out.push_str(&format!("  = ヒント: {}\n", visible(hint)));
            }
        }
        out.push('\n');
    }
    out
}

/// Prints diagnostics to standard error, grouped by file.
pub fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let text = render_diagnostics(diagnostics, colour());
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// The summary line: エラー n 件・警告 n 件・読み込んだファイル n・対象プラン n.
pub fn summary(diagnostics: &[Diagnostic], files: usize, plans: usize) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    format!(
        "エラー {errors} 件・警告 {warnings} 件・読み込んだファイル {files}・対象プラン {plans}"
    )
}

/// Prints the summary line to standard error, coloured by the worst severity.
pub fn print_summary(diagnostics: &[Diagnostic], files: usize, plans: usize) {
    let line = summary(diagnostics, files, plans);
    let (on, off) = if !colour() {
        ("", "")
    } else if diagnostics.iter().any(|d| d.is_error()) {
        ("\x1b[1;31m", "\x1b[0m")
    } else {
        ("\x1b[1;32m", "\x1b[0m")
    };
    let _ = writeln!(std::io::stderr().lock(), "{on}{line}{off}");
}

/// Prints the diagnostics of a plan file that cannot be used, and a closing line naming it.
pub fn print_plan_errors(path: &std::path::Path, diagnostics: &[Diagnostic]) {
    print_diagnostics(diagnostics);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    print_err(&format!(
        "エラー: 計画定義ファイル {} に {errors} 件のエラーがあるため、実行を中止しました。",
        path.display()
    ));
}
