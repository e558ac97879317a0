//! The Excel evaluation book: a composed [`Document`] → .xlsx bytes.
//!
//! The writer decides no content: each section of the Document becomes a sheet (the cover
//! 「表紙」, then one per section, named by its 目次 entry; a part's short lead goes on the
//! sheet of its first section), and each block becomes rows of cells (see `blocks`). A new
//! section of the Document is a new sheet with no change here. Every sheet is print-ready on
//! A4: orientation from the section's `wide` hint, one page wide whatever font the viewer
//! has, repeated table headers, page breaks placed from measured row heights, the
//! Document's marks and footer on every page, and a print area.
//!
//! Figures are written as Excel numbers in a number format that prints them as compose does
//! (decimals and unit); text is always written as a string. Sheets are written in
//! rust_xlsxwriter's constant-memory mode: a row goes to a temporary file as soon as the next
//! one begins, so memory does not grow with the number of plans. The output depends only on
//! the Document and the options: the creation date is the book's date, so the same book
//! gives the same bytes.

mod blocks;
mod grid;
pub mod limits;
pub mod measure;
mod table;

use std::collections::BTreeSet;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};

use crate::book::Book;
use crate::diag::Diagnostic;
use crate::document::{Document, DocumentMeta, Section};
use grid::{Grid, Orientation, Styles};
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

/// The workbook's properties, which the Document does not carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XlsxOptions {
    /// The book's date, ISO `YYYY-MM-DD`: the workbook's creation date (never the clock).
    pub date: String,
    /// The author and company: the city.
    pub author: String,
    /// The subject: the report year as printed.
    pub subject: String,
}

impl XlsxOptions {
    /// The properties of `book`'s workbook.
    pub fn for_book(book: &Book) -> Self {
        XlsxOptions {
            date: book.meta.date.iso(),
            author: book.meta.city.clone(),
            subject: crate::text::wareki::fiscal_year_label(book.meta.year),
        }
    }
}

/// Writes the Document as an .xlsx workbook and returns its bytes.
///
/// # Errors
/// [`XlsxError::Date`] when `options.date` is not `YYYY-MM-DD`; [`XlsxError::Writer`] when
/// the workbook writer rejects something or cannot make its temporary files.
pub fn render_xlsx(doc: &Document, options: &XlsxOptions) -> Result<Vec<u8>, XlsxError> {
    Ok(render_xlsx_checked(doc, options)?.0)
}

/// Like [`render_xlsx`], with a 警告 for each cell whose text was cut at Excel's limit
/// ([`limits::MAX_CELL_CHARS`]); the book is complete all the same.
///
/// # Errors
/// As [`render_xlsx`].
pub fn render_xlsx_checked(
    doc: &Document,
    options: &XlsxOptions,
) -> Result<(Vec<u8>, Vec<Diagnostic>), XlsxError> {
    let created = book_date(&options.date)?;
    let mut workbook = Workbook::new();
    // 64 px columns and 24 px rows: the metrics of a 10 pt font with a 7 px digit.
    workbook.set_default_format(&grid::base_format(), 24, 64)?;
    let properties = DocProperties::new()
        .set_title(&doc.meta.title)
        .set_subject(&options.subject)
        .set_author(&options.author)
        .set_company(&options.author)
        .set_creation_datetime(&created);
    workbook.set_properties(&properties);

    let styles = Styles::new();
    let chrome = Chrome::new(&doc.meta);
    let mut names = BTreeSet::new();
    let plans = sheets(doc);
    let budget = open_file_budget(plans.len());
    for (i, sheet) in plans.into_iter().enumerate() {
        let name = unique_sheet_name(&sheet.name, &mut names);
        let ws = if i < budget {
            workbook.add_worksheet_with_constant_memory()?
        } else {
            workbook.add_worksheet()
        };
        ws.set_name(&name)?;
        let blocks: Vec<_> = sheet.sections.iter().flat_map(|s| &s.blocks).collect();
        let orientation = if sheet.wide {
            Orientation::Landscape
        } else {
            Orientation::Portrait
        };
        // 3% under the printable width: the spreadsheet rounds column widths.
        let total = grid::printable_px(orientation) * 0.97;
        let widths = blocks::sheet_columns(&blocks, total);
        let g = Grid::new(ws, &widths, orientation, &chrome)?;
        let mut w = blocks::Writer::new(g, &styles, &name, sheet.cover);
        w.blocks(&blocks)?;
        w.g.finish()?;
    }
    if let Ok(first) = workbook.worksheet_from_index(0) {
        first.set_active(true);
    }
    let bytes = save(workbook)?;
    Ok((bytes, chrome.cuts.into_inner()))
}

/// Saves `workbook` and returns its bytes. The package goes to an unnamed temporary file
/// first and is read back only once the workbook (its charts, rows and formats: about 60 MB
/// at 1,000 plans) is freed: saved into a growing `Vec`, the package's bytes came on top of
/// all of that, twice over while the `Vec` doubled (about 17 MB at 1,000 plans).
fn save(mut workbook: Workbook) -> Result<Vec<u8>, XlsxError> {
    use std::io::{Read, Seek, Write};
    let io = |e: std::io::Error| XlsxError::Writer(rust_xlsxwriter::XlsxError::IoError(e));
    let mut file = std::io::BufWriter::new(tempfile::tempfile().map_err(io)?);
    workbook.save_to_writer(&mut file)?;
    file.flush().map_err(io)?;
    drop(workbook);
    let mut file = file.into_inner().map_err(|e| io(e.into_error()))?;
    let len = file.stream_position().map_err(io)?;
    file.rewind().map_err(io)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.read_to_end(&mut bytes).map_err(io)?;
    Ok(bytes)
}

/// Open files kept free for the rest of the process (input, output, fonts, standard streams).
#[cfg(unix)]
const SPARE_FILES: usize = 64;

/// How many of `sheets` sheets may be written in constant-memory mode: each keeps its
/// temporary file open until the workbook is saved, and a process may hold only so many open
/// files (1,024 by default on Linux, 256 on macOS). The limit is raised toward what the
/// system allows when the book needs it; sheets past it are held in memory instead (the
/// same content; Excel reads both alike).
fn open_file_budget(sheets: usize) -> usize {
    #[cfg(unix)]
    {
        let want = (sheets + SPARE_FILES) as libc::rlim_t;
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit only writes the struct it is given.
        if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
            return 0;
        }
        if limit.rlim_cur < want {
            let raised = libc::rlimit {
                rlim_cur: want.min(limit.rlim_max),
                rlim_max: limit.rlim_max,
            };
            // SAFETY: setrlimit only reads the struct it is given; raising the soft limit
            // up to the hard one needs no privilege, and a refusal leaves the limit as it was.
            if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
                limit.rlim_cur = raised.rlim_cur;
            }
        }
        usize::try_from(limit.rlim_cur)
            .unwrap_or(usize::MAX)
            .saturating_sub(SPARE_FILES)
    }
    #[cfg(not(unix))]
    {
        let _ = sheets;
        usize::MAX
    }
}

/// The sections one sheet shows.
struct SheetPlan<'d> {
    name: String,
    sections: Vec<&'d Section>,
    wide: bool,
    cover: bool,
}

/// Sheets of `doc`: one per section, named by its 目次 entry (the cover, which has none,
/// 「表紙」); a section that opens a part (the next section sits deeper in 目次) leads the
/// sheet of that next section rather than making a sheet of one paragraph.
fn sheets(doc: &Document) -> Vec<SheetPlan<'_>> {
    let mut out = Vec::new();
    let mut lead: Vec<&Section> = Vec::new();
    for (i, s) in doc.sections.iter().enumerate() {
        let opens_part = doc
            .sections
            .get(i + 1)
            .is_some_and(|next| next.contents_level > s.contents_level)
            && s.contents_title.is_some();
        if opens_part {
            lead.push(s);
            continue;
        }
        let cover = i == 0 && s.contents_title.is_none();
        let name = match &s.contents_title {
            Some(title) => title.clone(),
            None if cover => "表紙".to_string(),
            None => s.id.clone(),
        };
        let mut sections = std::mem::take(&mut lead);
        sections.push(s);
        out.push(SheetPlan {
            name,
            wide: s.wide,
            sections,
            cover,
        });
    }
    out
}

/// Page header and footer texts shared by every sheet.
pub(crate) struct Chrome {
    header: String,
    footer: String,
    /// Warnings of cells cut at Excel's limit, from every sheet.
    cuts: std::cell::RefCell<Vec<Diagnostic>>,
}

impl Chrome {
    /// The Document's title on the left of every page's header and its marks (サンプル,
    /// 暫定) in red on the right; its footer text and the page number in the footer.
    fn new(meta: &DocumentMeta) -> Self {
        let marks: Vec<&str> = [&meta.sample_mark, &meta.provisional_mark]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .filter(|m| !m.is_empty())
            .collect();
        let title = grid::header_text(&meta.title, 80);
        // Excel allows 255 characters in a header: the marks get what the title leaves.
        let header = if marks.is_empty() {
            format!("&L&8{title}")
        } else {
            format!(
                "&L&8{title}&R&9&KC00000{}",
                grid::header_text(&marks.join("　"), 90)
            )
        };
        let footer = format!("&L&8{}&R&9&P / &N", grid::header_text(&meta.footer, 100));
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
