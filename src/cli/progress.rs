//! The progress line: on a terminal, a run that takes longer than about a second shows its
//! stage and counts on one line of standard error, redrawn in place and erased at the end.
//! When standard error is not a terminal (a test, CI, a log file) nothing is printed.

use std::io::{IsTerminal, Write};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

use hyoka::pipeline::{Progress, Stage};

/// A run shorter than this shows no progress at all.
const QUIET_FOR: Duration = Duration::from_secs(1);
/// How often the line is redrawn.
const EVERY: Duration = Duration::from_millis(100);

/// Draws `progress` on standard error while it lives; dropping it erases the line, so the
/// run's own messages that follow start on a clean line.
pub struct ProgressLine {
    stop: Option<mpsc::Sender<()>>,
    drawer: Option<JoinHandle<()>>,
}

impl ProgressLine {
    /// Starts drawing `progress`, when standard error is a terminal.
    pub fn start(progress: &std::sync::Arc<Progress>) -> ProgressLine {
        if !std::io::stderr().is_terminal() {
            return ProgressLine {
                stop: None,
                drawer: None,
            };
        }
        let (stop, stopped) = mpsc::channel::<()>();
        let progress = std::sync::Arc::clone(progress);
        let drawer = std::thread::spawn(move || {
            // Either the run ends within the quiet second (sender dropped) or we start drawing.
            if !matches!(
                stopped.recv_timeout(QUIET_FOR),
                Err(RecvTimeoutError::Timeout)
            ) {
                return;
            }
            loop {
                let line = describe(&progress);
                let mut err = std::io::stderr().lock();
                // Carriage return and erase-line: the line is replaced, never scrolled.
                let _ = write!(err, "\r\x1b[2K{line}");
                let _ = err.flush();
                drop(err);
                if !matches!(stopped.recv_timeout(EVERY), Err(RecvTimeoutError::Timeout)) {
                    break;
                }
            }
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        });
        ProgressLine {
            stop: Some(stop),
            drawer: Some(drawer),
        }
    }
}

impl Drop for ProgressLine {
    fn drop(&mut self) {
        // Dropping the sender wakes the drawer, which erases its line and ends.
        drop(self.stop.take());
        if let Some(drawer) = self.drawer.take() {
            let _ = drawer.join();
        }
    }
}

/// 「読み込み中… 1,234 / 2,182 ファイル」, 「書き出し中… Excel・PDF 完了（1,620 ページ）」.
pub fn describe(progress: &Progress) -> String {
    let (read, total) = progress.files();
    match progress.stage() {
        Stage::Reading if total > 0 => format!(
            "読み込み中… {} / {} ファイル",
            thousands(read),
            thousands(total)
        ),
        Stage::Reading => "読み込み中…".to_string(),
        Stage::Evaluating => format!(
            "検証・評価中…（{} ファイルを読み込み済み）",
            thousands(read)
        ),
        Stage::Rendering => {
            let done = progress.editions_done();
            let pages = progress.pages();
            let mut line = "評価書を作成中…".to_string();
            if !done.is_empty() {
                line.push_str(&format!(" {} 完了", done.join("・")));
            }
            if pages > 0 {
                line.push_str(&format!("（{} ページ）", thousands(pages)));
            }
            line
        }
        Stage::Writing => "ファイルに書き出し中…".to_string(),
    }
}

/// 1234567 → 「1,234,567」, as the book prints counts.
fn thousands(n: usize) -> String {
    hyoka::text::number::format_decimal(rust_decimal::Decimal::from(n), 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_names_the_stage_and_its_counts() {
        let progress = Progress::default();
        progress.set_stage(Stage::Reading);
        progress.file_read(2182);
        assert_eq!(describe(&progress), "読み込み中… 1 / 2,182 ファイル");
        progress.set_stage(Stage::Rendering);
        progress.edition_done(hyoka::pipeline::Edition::Xlsx);
        progress.add_pages(1620);
        assert_eq!(
            describe(&progress),
            "評価書を作成中… Excel 完了（1,620 ページ）"
        );
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
