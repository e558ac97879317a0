//! Wording: headings and fixed sentences rendered from the handlebars templates in `templates/`,
//! shared by every writer.

use std::path::Path;

use super::{Book, Wording};

/// A template that cannot be read or rendered; names the template and the line.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// A template file is missing or unreadable.
    #[error("テンプレート {name} を読み込めません: {message}")]
    Read {
        /// Template file name.
        name: String,
        /// What went wrong.
        message: String,
    },
}

/// Renders the book's wording from the templates in `dir`.
pub fn render(book: &Book, dir: &Path) -> Result<Wording, TemplateError> {
    let _ = (book, dir);
    todo!("wording: issue 5")
}
