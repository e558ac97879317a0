//! The PDF evaluation book: the composed [`Document`] → laid-out pages (`layout`) → PDF
//! bytes (`emit`, page by page, in the file syntax of `file`).
//!
//! `content` maps the Document's blocks to pages with the small layout engine in `layout`
//! (text measured from the font in `font`, lines broken per UAX #14 with kinsoku, tables
//! split across pages), `chart` draws the vector charts, `tags` builds the structure tree,
//! and `emit` writes each page's content stream as it comes and the fonts (cut down by
//! `subset` to the glyphs used) at the end; `file` deflates streams on a second thread.
//! `glyphs` finds the characters the font cannot draw and where in the Document they are.

use std::path::Path;

pub mod chart;
pub mod content;
pub mod emit;
pub mod file;
pub mod font;
pub mod glyphs;
pub mod layout;
pub mod subset;
pub mod tags;

use crate::document::Document;

/// Which PDF to make: the handout (blank 委員会意見 boxes, optional binding margin) or the
/// web edition; the Document is composed for one of them.
pub use crate::document::Variant;
/// The fonts to embed: the bytes of a regular and a bold TrueType face.
#[derive(Debug, Clone)]
pub struct FontSet {
    /// Regular face.
    pub regular: Vec<u8>,
    /// Bold face.
    pub bold: Vec<u8>,
}

impl FontSet {
    /// Reads the regular and bold faces shipped in `dir`
    /// (`BIZUDGothic-Regular.ttf`, `BIZUDGothic-Bold.ttf`), and checks that each is a face
    /// the book can embed (the error names the file).
    pub fn load(dir: &Path) -> Result<FontSet, PdfError> {
        let read = |name: &str| -> Result<Vec<u8>, PdfError> {
            let path = dir.join(name);
            let bytes = std::fs::read(&path)
                .map_err(|e| PdfError::Font(format!("{}: {e}", path.display())))?;
            subset::check(&bytes).map_err(|e| match e {
                PdfError::Font(why) => PdfError::Font(format!("{}: {why}", path.display())),
                other => other,
            })?;
            Ok(bytes)
        };
        Ok(FontSet {
            regular: read("BIZUDGothic-Regular.ttf")?,
            bold: read("BIZUDGothic-Bold.ttf")?,
        })
    }
}

/// Choices for the PDF (what it shows is the Document's).
#[derive(Debug, Clone)]
pub struct PdfOptions {
    /// Fonts to embed (subset).
    pub fonts: FontSet,
    /// Extra inner margin for binding, in millimetres (for a handout Document only).
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

/// Lays out and writes the Document as PDF bytes (no file I/O).
///
/// Every date in the file comes from `doc.meta.date`, so the same Document gives the same
/// bytes.
pub fn render_pdf(doc: &Document, options: &PdfOptions) -> Result<Vec<u8>, PdfError> {
    render_pdf_checked(doc, options).map(|out| out.bytes)
}

/// The PDF book and what the reader should know about it.
#[derive(Debug, Clone)]
pub struct PdfOutput {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// Characters the font has no glyph for (the PDF shows them as empty boxes), with the
    /// section and field of the Document they are in; [`glyphs::missing_glyph_warnings`]
    /// turns them into warnings naming the plan and its workbook.
    pub missing: Vec<glyphs::MissingGlyphs>,
}

/// Like [`render_pdf`], and also reports where the Document holds characters the embedded
/// font cannot draw.
pub fn render_pdf_checked(doc: &Document, options: &PdfOptions) -> Result<PdfOutput, PdfError> {
    use std::cell::RefCell;
    use std::collections::BTreeSet;

    let fonts = font::Fonts::parse(&options.fonts.regular, &options.fonts.bold)?;
    // Each page is checked and written as soon as it is laid out, and then dropped: only
    // its compressed content stays (in the writer), so memory does not grow with pages.
    let writer: RefCell<Option<emit::PdfWriter<'_>>> = RefCell::new(None);
    let failure: RefCell<Option<PdfError>> = RefCell::new(None);
    let missing: RefCell<BTreeSet<char>> = RefCell::new(BTreeSet::new());
    let written = std::cell::Cell::new(0usize);
    let (outline, tree) = content::compose_into(doc, &fonts, options.binding_margin_mm, || {
        // A pass that lays out the book again starts the file again.
        *writer.borrow_mut() = Some(emit::PdfWriter::new(&fonts));
        *failure.borrow_mut() = None;
        missing.borrow_mut().clear();
        written.set(0);
        |page: layout::Page, tree: &tags::StructTree| {
            let index = written.replace(written.get() + 1);
            if failure.borrow().is_some() {
                return;
            }
            missing
                .borrow_mut()
                .extend(glyphs::missing_chars(std::slice::from_ref(&page), &fonts));
            let result = layout::check_page(&page, index)
                .map_err(PdfError::from)
                .and_then(|()| match writer.borrow_mut().as_mut() {
                    Some(w) => w.page(&page, tree),
                    None => Ok(()),
                });
            if let Err(e) = result {
                *failure.borrow_mut() = Some(e);
            }
        }
    });
    if let Some(e) = failure.into_inner() {
        return Err(e);
    }
    let missing = glyphs::find_missing(doc, &missing.into_inner());
    let info = emit::DocInfo {
        title: &doc.meta.title,
        author: &doc.meta.author,
        subject: &doc.meta.title,
        date: &doc.meta.date,
    };
    let writer = writer
        .into_inner()
        .ok_or_else(|| PdfError::Write("ページがありません".to_string()))?;
    let bytes = writer.finish(
        &outline,
        &tree,
        &info,
        (&options.fonts.regular, &options.fonts.bold),
    )?;
    Ok(PdfOutput { bytes, missing })
}

/// Lays out the Document without writing it, and checks that no text leaves its box.
pub fn lay_out(
    doc: &Document,
    options: &PdfOptions,
    measure: &dyn layout::Measure,
) -> Result<(Vec<layout::Page>, Vec<layout::OutlineEntry>), PdfError> {
    let (pages, outline, _) = content::compose(doc, measure, options.binding_margin_mm);
    layout::check_layout(&pages)?;
    Ok((pages, outline))
}
