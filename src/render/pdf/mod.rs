//! The PDF evaluation book: `Book` → laid-out pages (`layout`) → PDF bytes via printpdf (`emit`).

use std::path::Path;

use crate::book::Book;

/// Which PDF to make.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Variant {
    /// For committee handouts: blank 委員会意見 boxes, optional binding margin.
    #[default]
    Handout,
    /// For the city website: no blank boxes.
    Web,
}

/// The fonts to embed: the bytes of a regular and a bold TrueType/OpenType face.
#[derive(Debug, Clone)]
pub struct FontSet {
    /// Regular face.
    pub regular: Vec<u8>,
    /// Bold face.
    pub bold: Vec<u8>,
}

impl FontSet {
    /// Reads the regular and bold faces shipped in `dir`
    /// (`BIZUDGothic-Regular.ttf`, `BIZUDGothic-Bold.ttf`).
    pub fn load(dir: &Path) -> Result<FontSet, PdfError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|e| PdfError::Font(format!("{}: {e}", path.display())))
        };
        Ok(FontSet {
            regular: read("BIZUDGothic-Regular.ttf")?,
            bold: read("BIZUDGothic-Bold.ttf")?,
        })
    }
}

/// Choices for the PDF.
#[derive(Debug, Clone)]
pub struct PdfOptions {
    /// Handout or web.
    pub variant: Variant,
    /// Fonts to embed (subset).
    pub fonts: FontSet,
    /// Extra inner margin for binding, in millimetres (handout only).
    pub binding_margin_mm: f32,
}

/// A failure while writing the PDF book.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The font cannot be parsed.
    #[error("フォントを読み込めません: {0}")]
    Font(String),
}

/// Lays out and writes the book as PDF bytes (no file I/O).
pub fn render_pdf(book: &Book, options: &PdfOptions) -> Result<Vec<u8>, PdfError> {
    let _ = (book, options);
    todo!("pdf: issue 6")
}
