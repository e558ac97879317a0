//! The Excel evaluation book: `Book` → .xlsx bytes.

use crate::book::Book;

/// A failure while writing the Excel book.
#[derive(Debug, thiserror::Error)]
pub enum XlsxError {
    /// The workbook writer failed.
    #[error("Excel の評価書を作成できません: {0}")]
    Writer(#[from] rust_xlsxwriter::XlsxError),
}

/// Writes the book as an .xlsx workbook and returns its bytes (no file I/O).
pub fn render_xlsx(book: &Book) -> Result<Vec<u8>, XlsxError> {
    let _ = book;
    todo!("xlsx: issue 5")
}
