//! Printing diagnostics and errors for people: grouped by file, coloured on a terminal.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};

use hyoka::diag::{Diagnostic, Severity};

/// Prints a fatal error and its causes to standard error, in Japanese.
pub fn print_error(err: &anyhow::Error) {
    let mut out = std::io::stderr().lock();
    let _ = writeln!(out, "エラー: {err}");
    for cause in err.chain().skip(1) {
        let _ = writeln!(out, "  原因: {cause}");
    }
}

fn colour() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Renders diagnostics like a compiler: a heading per file, then one block per diagnostic;
/// diagnostics without a file (未提出 …) come last under 「全体」.
pub fn render_diagnostics(diagnostics: &[Diagnostic], colour: bool) -> String {
    let mut groups: BTreeMap<(bool, String), Vec<&Diagnostic>> = BTreeMap::new();
    for d in diagnostics {
        let file = d.source.as_ref().map(|s| s.file.clone());
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
                d.message
            ));
            if let Some(source) = &d.source {
                out.push_str(&format!("  --> {source}"));
                if let Some(plan) = d.plan {
                    out.push_str(&format!("（{}）", hyoka::text::number::plan_label(plan)));
                }
                out.push('\n');
            }
            if let Some(hint) = &d.hint {
                out.push_str(&format!("  = ヒント: {hint}\n"));
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
    let _ = writeln!(
        std::io::stderr().lock(),
        "エラー: 計画定義ファイル {} に {errors} 件のエラーがあるため、実行を中止しました。",
        path.display()
    );
}
