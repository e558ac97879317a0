//! Intake: reads workbooks from the input folder into raw submissions that remember their file, sheet and cell.

use std::path::Path;

use serde::Serialize;

use crate::diag::Diagnostic;

/// Limits and switches for reading the input folder.
#[derive(Debug, Clone, Default)]
pub struct IntakeOptions {}

/// Everything read from the input folder.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Intake {
    /// One entry per plan sheet found.
    pub submissions: Vec<Submission>,
    /// Problems with files that could not be read, or with sheets that could not be understood.
    pub diagnostics: Vec<Diagnostic>,
    /// Number of workbook files read.
    pub files_read: usize,
}

/// One plan sheet as read, before validation.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Submission {}

/// A failure that stops intake as a whole (the folder itself cannot be read).
#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    /// The input folder cannot be listed.
    #[error("入力フォルダ {path} を読み込めません: {source}")]
    Folder {
        /// The folder.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}

/// Reads every workbook below `dir` (recursively); a file that cannot be read becomes a
/// diagnostic and the others are still read. Nothing is ever written into `dir`.
pub fn read_dir(dir: &Path, options: &IntakeOptions) -> Result<Intake, IntakeError> {
    let _ = (dir, options);
    todo!("intake: issue 3")
}
