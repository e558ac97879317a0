//! The PDF evaluation book: `Book` → laid-out pages (`layout`) → PDF bytes via printpdf (`emit`).
//!
//! `content` composes the book's sections with the small layout engine in `layout` (text
//! measured from the font in `font`, lines broken per UAX #14 with kinsoku, tables split
//! across pages), `chart` draws the vector charts, and `emit` alone talks to printpdf.
//! `glyphs` finds the characters the font cannot draw and names their plan and field.

use std::path::Path;

pub mod chart;
pub mod content;
pub mod emit;
pub mod font;
pub mod glyphs;
pub mod layout;

use crate::book::Book;
use crate::diag::Diagnostic;

/// Which PDF to make.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Variant {
    /// For committee handouts: blank 委員会意見 boxes, optional binding margin.
    #[default]
    Handout,
    /// For the city website: no blank boxes.
    Web,
}

impl std::str::FromStr for Variant {
    type Err = String;

    /// `handout` or `web` (also 「配布用」, 「公開用」).
    fn from_str(s: &str) -> Result<Variant, String> {
        match s.trim() {
            "handout" | "配布用" => Ok(Variant::Handout),
            "web" | "公開用" => Ok(Variant::Web),
            other => Err(format!(
                "PDFの種類「{other}」は使えません（handout または web）"
            )),
        }
    }
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
    /// Text would leave its box (a bug in the layout, reported instead of drawn).
    #[error("レイアウトに失敗しました: {0}")]
    Layout(#[from] layout::LayoutError),
    /// The PDF could not be written.
    #[error("PDFを書き出せません: {0}")]
    Write(String),
}

/// Lays out and writes the book as PDF bytes (no file I/O).
///
/// Every date in the file comes from `book.meta.date`, so the same book gives the same
/// bytes when written by a fresh process (printpdf numbers its internal ids from a
/// process-wide counter, so two books written by one process may differ).
pub fn render_pdf(book: &Book, options: &PdfOptions) -> Result<Vec<u8>, PdfError> {
    render_pdf_checked(book, options).map(|out| out.bytes)
}

/// The PDF book and what the reader should know about it.
#[derive(Debug, Clone)]
pub struct PdfOutput {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// Warnings, e.g. characters the font has no glyph for (`pdf-missing-glyph`), which the
    /// PDF shows as empty boxes; the PDF is written all the same.
    pub warnings: Vec<Diagnostic>,
}

/// Like [`render_pdf`], and also reports the characters the embedded font cannot draw, each
/// warning naming the plan and field it was found in.
pub fn render_pdf_checked(book: &Book, options: &PdfOptions) -> Result<PdfOutput, PdfError> {
    let fonts = font::Fonts::parse(&options.fonts.regular, &options.fonts.bold)?;
    let (pages, outline) = lay_out(book, options, &fonts)?;
    let warnings = glyphs::missing_glyph_warnings(book, &glyphs::missing_chars(&pages, &fonts));
    let subject = format!("{} {}", book.meta.outline_title, book.meta.year_label);
    let info = emit::DocInfo {
        title: &title(book),
        author: &book.meta.city,
        subject: &subject,
        date: &book.meta.date,
    };
    let bytes = emit::emit(
        &pages,
        &outline,
        &info,
        &fonts,
        (&options.fonts.regular, &options.fonts.bold),
    )?;
    Ok(PdfOutput { bytes, warnings })
}

/// Lays out the book without writing it, and checks that no text leaves its box.
pub fn lay_out(
    book: &Book,
    options: &PdfOptions,
    measure: &dyn layout::Measure,
) -> Result<(Vec<layout::Page>, Vec<layout::OutlineEntry>), PdfError> {
    let (pages, outline) =
        content::compose(book, measure, options.variant, options.binding_margin_mm);
    layout::check_layout(&pages)?;
    Ok((pages, outline))
}

/// The document title: the wording's title, or the outline's name and year.
fn title(book: &Book) -> String {
    if book.wording.title.is_empty() {
        format!("{} {}", book.meta.outline_title, book.meta.year_label)
    } else {
        book.wording.title.clone()
    }
}
