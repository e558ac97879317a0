//! Printing diagnostics and errors for people: grouped by file, coloured on a terminal.

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

/// Prints diagnostics to standard error, one block each.
pub fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = std::io::stderr().lock();
    for d in diagnostics {
        let (on, off) = match (colour, d.severity) {
            (true, Severity::Error) => ("\x1b[1;31m", "\x1b[0m"),
            (true, Severity::Warning) => ("\x1b[1;33m", "\x1b[0m"),
            (false, _) => ("", ""),
        };
        let _ = writeln!(
            out,
            "{on}{}{off}[{}]: {}",
            d.severity.label(),
            d.code,
            d.message
        );
        if let Some(source) = &d.source {
            let _ = writeln!(out, "  --> {source}");
        }
        if let Some(hint) = &d.hint {
            let _ = writeln!(out, "  = ヒント: {hint}");
        }
    }
}
