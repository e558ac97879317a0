//! The Excel evaluation book: `Book` → .xlsx bytes.
//!
//! Sheets: 表紙 (with はじめに), 評価の方法, 総括, 一覧, one sheet per action plan, and
//! 検証結果 when the book carries diagnostics. Every sheet is print-ready on A4: orientation,
//! margins, a print scale that fits the columns to the page width, repeated table headers,
//! page breaks placed from measured row heights, page numbers in the footer and a print area.
//!
//! The writer does no arithmetic on the book's numbers: each [`crate::values::Number`] is
//! written as an Excel number in the number format that prints it as its text (from its
//! decimals and whether it is a percentage; the model holds no Excel format). Text from
//! departments is always written as a string. The output depends only on the book: the creation date comes from
//! `book.meta.date`, so the same book gives the same bytes.

mod grid;
pub mod limits;
pub mod measure;
mod plan;
mod sheets;

use std::collections::BTreeSet;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};

use crate::book::Book;
use crate::diag::Diagnostic;
use grid::Styles;
pub use limits::unique_sheet_name;

/// A failure while writing the Excel book.
#[derive(Debug, thiserror::Error)]
pub enum XlsxError {
    /// The workbook writer failed.
    #[error("Excel の評価書を作成できません: {0}")]
    Writer(#[from] rust_xlsxwriter::XlsxError),
    /// The book's date is not an ISO `YYYY-MM-DD` date.
    #[error("評価書の日付 {0} を読み取れません（YYYY-MM-DD 形式で指定してください）")]
    Date(String),
}

/// Writes the book as an .xlsx workbook and returns its bytes (no file I/O).
///
/// # Errors
/// [`XlsxError::Date`] when `book.meta.date` is not `YYYY-MM-DD`; [`XlsxError::Writer`] when
/// the workbook writer rejects something (it should not for a valid book).
pub fn render_xlsx(book: &Book) -> Result<Vec<u8>, XlsxError> {
    Ok(render_xlsx_checked(book)?.0)
}

/// Like [`render_xlsx`], with a 警告 for each cell whose text was cut at Excel's limit
/// ([`limits::MAX_CELL_CHARS`]); the book is complete all the same.
///
/// # Errors
/// As [`render_xlsx`].
pub fn render_xlsx_checked(book: &Book) -> Result<(Vec<u8>, Vec<Diagnostic>), XlsxError> {
    let created = book_date(&book.meta.date)?;
    let mut workbook = Workbook::new();
    let default = grid::base_format();
    // 64 px columns and 24 px rows: the metrics of a 10 pt font with a 7 px digit.
    workbook.set_default_format(&default, 24, 64)?;
    let properties = DocProperties::new()
        .set_title(&book.wording.title)
        .set_subject(&book.meta.year_label)
        .set_author(&book.meta.city)
        .set_company(&book.meta.city)
        .set_creation_datetime(&created);
    workbook.set_properties(&properties);

    let styles = Styles::new();
    let chrome = Chrome::new(book);
    sheets::cover(workbook.add_worksheet(), book, &styles, &chrome)?;
    sheets::method(workbook.add_worksheet(), book, &styles, &chrome)?;
    sheets::summary(workbook.add_worksheet(), book, &styles, &chrome)?;
    sheets::list(workbook.add_worksheet(), book, &styles, &chrome)?;
    let mut names = BTreeSet::new();
    for name in ["表紙", "評価の方法", "総括", "一覧", "検証結果"] {
        names.insert(name.to_string());
    }
    for page in &book.plans {
        let name = unique_sheet_name(&format!("{}{}", page.mark, page.name), &mut names);
        plan::plan_sheet(
            workbook.add_worksheet(),
            &name,
            page,
            book,
            &styles,
            &chrome,
        )?;
    }
    if !book.diagnostics.is_empty() {
        sheets::diagnostics(workbook.add_worksheet(), book, &styles, &chrome)?;
    }
    if let Ok(first) = workbook.worksheet_from_index(0) {
        first.set_active(true);
    }
    Ok((workbook.save_to_buffer()?, chrome.cuts.into_inner()))
}

/// Page header and footer texts shared by every sheet.
pub(crate) struct Chrome {
    header: String,
    footer: String,
    /// Warnings of cells cut at Excel's limit, from every sheet.
    cuts: std::cell::RefCell<Vec<Diagnostic>>,
}

impl Chrome {
    fn new(book: &Book) -> Self {
        let mark = grid::header_text(&book.wording.sample_mark, 40);
        let header = if mark.is_empty() {
            format!("&L&8{}", grid::header_text(&book.wording.title, 100))
        } else {
            format!(
                "&L&8{}&R&10&KC00000{}",
                grid::header_text(&book.wording.title, 100),
                mark
            )
        };
        let footer = format!(
            "&L&8{}&R&9&P / &N",
            grid::header_text(&book.wording.footer, 100)
        );
        Chrome {
            header,
            footer,
            cuts: std::cell::RefCell::new(Vec::new()),
        }
    }
}

/// Parses `YYYY-MM-DD` into the workbook's creation date (midnight UTC).
fn book_date(date: &str) -> Result<ExcelDateTime, XlsxError> {
    let bad = || XlsxError::Date(date.to_string());
    let mut parts = date.splitn(3, '-');
    let mut next = || -> Result<u32, XlsxError> {
        parts
            .next()
            .and_then(|p| p.trim().parse::<u32>().ok())
            .ok_or_else(bad)
    };
    let (y, m, d) = (next()?, next()?, next()?);
    let y = u16::try_from(y).map_err(|_| bad())?;
    let m = u8::try_from(m).map_err(|_| bad())?;
    let d = u8::try_from(d).map_err(|_| bad())?;
    ExcelDateTime::from_ymd(y, m, d).map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn book_date_is_parsed_or_rejected() {
        assert!(book_date("2025-05-31").is_ok());
        assert!(matches!(book_date("令和7年"), Err(XlsxError::Date(_))));
        assert!(matches!(book_date("2025-13-01"), Err(XlsxError::Date(_))));
    }
}
