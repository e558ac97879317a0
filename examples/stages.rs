//! Runs `hyoka build`'s stages one after the other in one process and reports, per stage, its
//! time and the process's peak memory during it, for `bench/scale.sh`:
//!
//! ```text
//! cargo run --release --example stages -- 入力フォルダ 計画定義ファイル
//! ```
//!
//! One line per stage on standard output, tab-separated: stage, milliseconds, peak resident
//! memory in MB while the stage ran. On Linux the peak is reset before each stage (writing 5
//! to /proc/self/clear_refs resets VmHWM), so each figure is that stage's own peak, what it
//! holds on top of what earlier stages left; elsewhere it is the peak so far (getrusage).
//! `hyoka build` runs the Excel and PDF writers side by side, so its whole peak is about the
//! PDF stage's plus the Excel writer's own growth.

use std::path::PathBuf;
use std::time::Instant;

use hyoka::compose::{ComposeOptions, compose_book};
use hyoka::evaluate::{BookOptions, build_book};
use hyoka::intake::{IntakeOptions, read_dir};
use hyoka::render::csv::render_csv;
use hyoka::render::html::render_html;
use hyoka::render::pdf::{FontSet, PdfOptions, render_pdf_checked};
use hyoka::render::xlsx::{XlsxOptions, render_xlsx_checked};
use hyoka::validate::validate;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "使い方: stages 入力フォルダ 計画定義ファイル";
    let input = PathBuf::from(args.next().ok_or(usage)?);
    let plan = PathBuf::from(args.next().ok_or(usage)?);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));

    let validated = stage("read+validate", || {
        let plans = hyoka::plan::load(&plan).expect("plan file").plans;
        let intake = read_dir(&input, &IntakeOptions::default()).expect("input folder");
        let validated = validate(&plans, &intake, None);
        (plans, validated)
    });
    let (plans, validated) = validated;
    let (book, document) = stage("evaluate+compose", || {
        let year = validated.year.expect("a report year in the input");
        let mut book = build_book(
            &plans,
            &validated,
            &BookOptions {
                year,
                allow_errors: true,
            },
        )
        .expect("book");
        book.wording =
            hyoka::book::wording::render(&book, &root.join("templates")).expect("templates");
        let document = compose_book(&book, &ComposeOptions::default());
        (book, document)
    });
    drop(validated);
    stage("xlsx", || {
        render_xlsx_checked(&document, &XlsxOptions::for_book(&book))
            .expect("xlsx")
            .0
            .len()
    });
    let fonts = FontSet::load(&root.join("fonts")).expect("fonts");
    stage("pdf", || {
        render_pdf_checked(
            &document,
            &PdfOptions {
                fonts,
                binding_margin_mm: 0.0,
            },
        )
        .expect("pdf")
        .bytes
        .len()
    });
    stage("html+csv", || {
        render_html(&document).len() + render_csv(&document).len()
    });
    Ok(())
}

/// Runs `work`, then prints its name, time and peak memory (and on standard error its
/// CPU time, all threads summed: the PDF writer deflates on a second thread).
fn stage<T>(name: &str, work: impl FnOnce() -> T) -> T {
    let reset = reset_peak();
    let before = status_kb("VmRSS:");
    let cpu_before = cpu_ms();
    let start = Instant::now();
    let out = work();
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    let cpu = cpu_ms() - cpu_before;
    let peak = if reset { status_kb("VmHWM:") } else { None }.unwrap_or_else(max_rss_kb);
    println!("{name}\t{ms:.1}\t{:.1}", peak as f64 / 1024.0);
    // What the stage itself added on top of what it started with (standard error, so the
    // table above stays three columns for bench/scale.sh).
    if let (true, Some(before)) = (reset, before) {
        eprintln!(
            "{name}: resident at start {:.1} MB, the stage's own growth {:.1} MB, CPU time {cpu:.1} ms",
            before as f64 / 1024.0,
            peak.saturating_sub(before) as f64 / 1024.0
        );
    }
    out
}

/// Resets the kernel's peak-RSS mark of this process (Linux 4.0 and later).
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// A field of /proc/self/status (`VmHWM:`, `VmRSS:`), in KB.
fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The peak resident memory so far, in KB.
#[cfg(unix)]
fn max_rss_kb() -> u64 {
    // SAFETY: getrusage only fills the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    // Linux reports KB, macOS bytes.
    let rss = u64::try_from(usage.ru_maxrss).unwrap_or(0);
    if cfg!(target_os = "macos") {
        rss / 1024
    } else {
        rss
    }
}

/// Not measured on this system.
#[cfg(not(unix))]
fn max_rss_kb() -> u64 {
    0
}

/// The CPU time of the process so far (user and system, all threads), in milliseconds.
#[cfg(unix)]
fn cpu_ms() -> f64 {
    // SAFETY: getrusage only fills the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
    ms(usage.ru_utime) + ms(usage.ru_stime)
}

/// Not measured on this system.
#[cfg(not(unix))]
fn cpu_ms() -> f64 {
    0.0
}
