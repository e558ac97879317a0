//! A worksheet seen as a grid of known column widths: writes cells, merges them, sizes rows
//! for their wrapped text and breaks pages where the measured rows fill an A4 page.

use rust_xlsxwriter::{
    Chart, ChartFont, ChartLegendPosition, ChartType, Color, Format, FormatAlign, FormatBorder,
    Worksheet, XlsxError,
};

use super::Chrome;
use super::measure::{Metrics, split_lines};

/// The book's font; Windows 10+ ships it and LibreOffice finds it when installed.
pub const FONT: &str = "BIZ UDゴシック";
/// Body text size in points.
pub const BODY: Metrics = Metrics { size: 10.0 };
/// A4 paper in Excel's paper-size numbering.
const A4: u8 = 9;
/// Page margins in inches: left/right, top/bottom, header/footer.
const MARGIN_SIDE: f64 = 0.5;
const MARGIN_TOP: f64 = 0.75;
const MARGIN_HEADER: f64 = 0.3;
/// Excel's tallest row, in points.
const MAX_ROW_PT: f64 = 409.0;
/// Height of an ordinary row, in points.
pub const ROW_PT: f64 = 18.0;

/// The formats of the book, built once.
pub struct Styles {
    /// Book title on the cover.
    pub title: Format,
    /// Sheet heading.
    pub heading: Format,
    /// Section heading within a sheet.
    pub section: Format,
    /// Running text without border, wrapped.
    pub para: Format,
    /// A table's caption: bold, wrapped.
    pub caption: Format,
    /// Table header cell.
    pub header: Format,
    /// Row label cell in a definition table.
    pub label: Format,
    /// Table cell with wrapped text, top-left.
    pub cell: Format,
    /// Table cell, centred.
    pub center: Format,
    /// Table cell for numbers (the number format is added per value).
    pub number: Format,
    /// A grade mark, centred and bold.
    pub grade: Format,
    /// The sample mark.
    pub sample: Format,
    /// Small note text, wrapped.
    pub note: Format,
    /// The empty box for the committee's opinion.
    pub opinion: Format,
}

impl Styles {
    /// The book's formats.
    pub fn new() -> Self {
        let base = base_format();
        let boxed = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter);
        let header_fill = Color::RGB(0xDDEBF7);
        Styles {
            title: base
                .clone()
                .set_font_size(20)
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            heading: base.clone().set_font_size(14).set_bold().set_text_wrap(),
            section: base
                .clone()
                .set_font_size(11)
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Bottom)
                .set_border_bottom(FormatBorder::Medium),
            para: base.clone().set_text_wrap().set_align(FormatAlign::Top),
            caption: base
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Bottom),
            header: boxed
                .clone()
                .set_bold()
                .set_background_color(header_fill)
                .set_align(FormatAlign::Center),
            label: boxed
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xF2F2F2)),
            cell: boxed.clone().set_align(FormatAlign::Top),
            center: boxed.clone().set_align(FormatAlign::Center),
            number: boxed.clone().set_align(FormatAlign::Right),
            grade: boxed
                .clone()
                .set_bold()
                .set_font_size(12)
                .set_align(FormatAlign::Center),
            sample: base
                .clone()
                .set_font_size(16)
                .set_bold()
                .set_font_color(Color::RGB(0xC00000))
                .set_border(FormatBorder::Medium)
                .set_border_color(Color::RGB(0xC00000))
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            note: base
                .clone()
                .set_font_size(9)
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            opinion: boxed.clone().set_align(FormatAlign::Top),
        }
    }
}

/// The book's font at body size, with the Shift_JIS character set that tells Excel the
/// font's script (as Excel itself writes for Japanese fonts).
pub fn base_format() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(BODY.size)
        .set_font_charset(128)
}

/// Page orientation of a sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    /// Tall pages.
    Portrait,
    /// Wide pages.
    Landscape,
}

/// A sheet being written row by row.
pub struct Grid<'a> {
    /// The worksheet.
    pub ws: &'a mut Worksheet,
    widths: Vec<f64>,
    /// The row being written.
    pub row: u32,
    need: f64,
    /// Page accounting; public so that a sheet can plan its page breaks ahead.
    pub pages: Pages,
    breaks: Vec<u32>,
    cuts: &'a std::cell::RefCell<Vec<crate::diag::Diagnostic>>,
}

/// How full the current printed page is, in sheet points.
#[derive(Debug, Clone, Copy)]
pub struct Pages {
    capacity: f64,
    used: f64,
    repeat: f64,
}

impl Pages {
    /// Starts a new page unless `pt` more points fit; returns whether it did.
    pub fn keep(&mut self, pt: f64) -> bool {
        if self.used + pt > self.capacity && self.used > self.repeat {
            self.used = self.repeat;
            true
        } else {
            false
        }
    }

    /// Adds a row of `pt` points, first breaking the page if it does not fit; returns
    /// whether it broke.
    pub fn advance(&mut self, pt: f64) -> bool {
        let broke = self.keep(pt);
        self.used += pt;
        broke
    }

    /// Whether `pt` more points fit on the current page (a page holding nothing but its
    /// repeated rows takes anything, as breaking would not help).
    pub fn fits(&self, pt: f64) -> bool {
        self.used + pt <= self.capacity || self.used <= self.repeat
    }

    /// Adds `pt` points to the current page without breaking it.
    pub fn add(&mut self, pt: f64) {
        self.used += pt;
    }

    /// Points used on the current page.
    pub fn used(&self) -> f64 {
        self.used
    }

    /// Points a page holds.
    pub fn capacity(&self) -> f64 {
        self.capacity
    }

    /// Starts a new page unless already at the top of one; returns whether it did.
    pub fn force(&mut self) -> bool {
        if self.used > self.repeat {
            self.used = self.repeat;
            true
        } else {
            false
        }
    }
}

impl<'a> Grid<'a> {
    /// Sets up `ws` for A4 printing with the given column widths in pixels and the book's
    /// page header and footer. The sheet prints one page wide whatever the viewer's font
    /// (Excel's and LibreOffice's "fit to 1 page wide"): column widths are stored in units of
    /// the default font's digit, so a viewer without the book's font widens every column and
    /// a fixed print scale would slice the columns over several pages. Pages run as tall as
    /// the rows, broken where this grid measured them.
    pub fn new(
        ws: &'a mut Worksheet,
        widths: &[f64],
        orientation: Orientation,
        chrome: &'a Chrome,
    ) -> Result<Self, XlsxError> {
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width_pixels(c as u16, w.round() as u32)?;
        }
        let page_h_pt = match orientation {
            Orientation::Portrait => 841.9,
            Orientation::Landscape => 595.3,
        };
        ws.set_paper_size(A4);
        match orientation {
            Orientation::Portrait => ws.set_portrait(),
            Orientation::Landscape => ws.set_landscape(),
        };
        ws.set_margins(
            MARGIN_SIDE,
            MARGIN_SIDE,
            MARGIN_TOP,
            MARGIN_TOP,
            MARGIN_HEADER,
            MARGIN_HEADER,
        );
        ws.set_print_center_horizontally(true);
        ws.set_screen_gridlines(false);
        ws.set_print_fit_to_pages(1, 0);
        let content_px: f64 = widths.iter().sum();
        // The scale a viewer with the book's font arrives at (fitting never enlarges); one
        // without it shrinks the page further, so the measured pages only get roomier.
        let scale = (printable_px(orientation) / content_px * 100.0).clamp(10.0, 100.0);
        ws.set_header(&chrome.header);
        ws.set_footer(&chrome.footer);
        let printable_h = page_h_pt - 2.0 * 72.0 * MARGIN_TOP;
        Ok(Grid {
            ws,
            widths: widths.to_vec(),
            row: 0,
            need: 0.0,
            pages: Pages {
                // 5% slack: row heights round to whole pixels and renderers differ slightly.
                capacity: printable_h * 0.95 * 100.0 / scale,
                used: 0.0,
                repeat: 0.0,
            },
            breaks: Vec::new(),
            cuts: &chrome.cuts,
        })
    }

    /// Number of columns.
    pub fn cols(&self) -> u16 {
        self.widths.len() as u16
    }

    /// The column widths in pixels.
    pub fn widths(&self) -> &[f64] {
        &self.widths
    }

    /// Width in pixels of columns `c1..=c2`.
    pub fn width(&self, c1: u16, c2: u16) -> f64 {
        self.widths[usize::from(c1)..=usize::from(c2)].iter().sum()
    }

    /// Writes department or book text (always as a string: a leading 「=」 stays text) into
    /// columns `c1..=c2` of the current row, merging them when more than one.
    pub fn text(&mut self, c1: u16, c2: u16, text: &str, format: &Format) -> Result<(), XlsxError> {
        self.text_sized(c1, c2, text, format, BODY)
    }

    /// Like [`Grid::text`] for a format of another font size.
    pub fn text_sized(
        &mut self,
        c1: u16,
        c2: u16,
        text: &str,
        format: &Format,
        metrics: Metrics,
    ) -> Result<(), XlsxError> {
        self.block_text((self.row, self.row), (c1, c2), text, format)?;
        let h = metrics.height_pt(text, self.width(c1, c2));
        self.need = self.need.max(h);
        Ok(())
    }

    /// Writes `text` into the block of rows `first..=last` and columns `c1..=c2`, merging it
    /// when it is more than one cell. Unlike [`Grid::text`] it asks for no row height: the
    /// caller has sized the rows (a plan's rows of 一覧, a label beside a long value).
    pub fn block_text(
        &mut self,
        (first, last): (u32, u32),
        (c1, c2): (u16, u16),
        text: &str,
        format: &Format,
    ) -> Result<(), XlsxError> {
        let (text, cut) = super::limits::cell_text(text);
        if cut {
            let cell = format!("{}{}", column_name(c1), first + 1);
            let sheet = self.ws.name();
            self.cuts.borrow_mut().push(
                crate::diag::Diagnostic::warning(
                    "xlsx-text-cut",
                    format!(
                        "文字列が Excel の 1 セルの上限（{} 字）を超えるため、Excel の評価書では末尾を省略しました。",
                        super::limits::MAX_CELL_CHARS
                    ),
                )
                .at(crate::diag::Source::cell("Excel の評価書", sheet, cell))
                .hint("元の進捗シートで文章を短くしてください。"),
            );
        }
        // A merged block gets its text as it is merged: writing an empty string first and
        // the text over it looked the format up twice for the same cell.
        if last > first || c2 > c1 {
            self.ws
                .merge_range(first, c1, last, c2, text.as_ref(), format)?;
        } else {
            self.ws
                .write_string_with_format(first, c1, text.as_ref(), format)?;
        }
        Ok(())
    }

    /// Splits `text` for columns `c1..=c2` into pieces short enough for one row each: Excel's
    /// rows stop at 409 points, so a very long department text takes several rows.
    pub fn pieces<'t>(&self, c1: u16, c2: u16, text: &'t str) -> Vec<&'t str> {
        let max_lines = ((MAX_ROW_PT - 20.0) / BODY.line_pt()).floor() as usize;
        split_lines(text, BODY.units_in(self.width(c1, c2)), max_lines)
    }

    /// Asks for at least `pt` points for the current row.
    pub fn min_height(&mut self, pt: f64) {
        self.need = self.need.max(pt);
    }

    /// Finishes the current row: sets its height and moves to the next, breaking the page
    /// first when the row does not fit on the current one.
    pub fn end_row(&mut self) -> Result<(), XlsxError> {
        let h = self.need.clamp(ROW_PT, MAX_ROW_PT);
        self.advance(h)
    }

    /// Moves past the current row with the given height, without breaking the page: for
    /// rows whose page breaks the caller has planned.
    pub fn advance_planned(&mut self, h: f64) -> Result<(), XlsxError> {
        self.pages.used += h;
        self.ws.set_row_height(self.row, h)?;
        self.row += 1;
        self.need = 0.0;
        Ok(())
    }

    /// Moves past the current row with the given height.
    pub fn advance(&mut self, h: f64) -> Result<(), XlsxError> {
        if self.pages.advance(h) {
            self.breaks.push(self.row);
        }
        self.ws.set_row_height(self.row, h)?;
        self.row += 1;
        self.need = 0.0;
        Ok(())
    }

    /// An empty spacer row.
    pub fn gap(&mut self, pt: f64) -> Result<(), XlsxError> {
        self.need = 0.0;
        self.advance(pt)
    }

    /// Starts a new page unless `pt` more points fit on the current one.
    pub fn keep(&mut self, pt: f64) {
        if self.pages.keep(pt) {
            self.breaks.push(self.row);
        }
    }

    /// Starts a new page here (unless already at the top of one).
    pub fn page_break(&mut self) {
        if self.pages.force() {
            self.breaks.push(self.row);
        }
    }

    /// Marks the rows from `first` to the row before the current one as the header repeated
    /// on every printed page.
    pub fn repeat_rows(&mut self, first: u32, height: f64) -> Result<(), XlsxError> {
        self.ws.set_repeat_rows(first, self.row - 1)?;
        self.pages.repeat = height;
        Ok(())
    }

    /// Sets the page breaks and the print area; call last.
    pub fn finish(mut self) -> Result<(), XlsxError> {
        // A sheet of thousands of rows (検証結果) can need more breaks than Excel keeps;
        // past the limit it paginates by itself.
        self.breaks.truncate(super::limits::MAX_PAGE_BREAKS);
        if !self.breaks.is_empty() {
            self.ws.set_page_breaks(&self.breaks)?;
        }
        let last_row = self.row.max(1) - 1;
        self.ws.set_print_area(0, 0, last_row, self.cols() - 1)?;
        Ok(())
    }
}

/// The column's letters: 0 → 「A」, 26 → 「AA」.
fn column_name(col: u16) -> String {
    let mut n = u32::from(col) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// The printable width of an A4 page in pixels (96 dpi) within the side margins.
pub fn printable_px(orientation: Orientation) -> f64 {
    let page_w_pt = match orientation {
        Orientation::Portrait => 595.3,
        Orientation::Landscape => 841.9,
    };
    (page_w_pt - 2.0 * 72.0 * MARGIN_SIDE) * 96.0 / 72.0
}

/// Ordinary rows covered by a chart `height_px` pixels tall, with one to spare.
pub fn chart_rows(height_px: u32) -> u32 {
    (f64::from(height_px) * 0.75 / ROW_PT).ceil() as u32 + 1
}

/// A chart of `width` × `height` pixels in the book's font, titled in 12 pt, with its
/// legend at `legend`: the charts of 総括 and of the plan sheets look alike, and the
/// callers add only their series and the y axis' scale.
pub fn book_chart(
    kind: ChartType,
    title: &str,
    (width, height): (u32, u32),
    legend: ChartLegendPosition,
) -> Chart {
    let mut font = ChartFont::new();
    font.set_name(FONT);
    let mut title_font = font.clone();
    title_font.set_size(12);
    let mut chart = Chart::new(kind);
    chart.title().set_name(title).set_font(&title_font);
    chart.x_axis().set_font(&font);
    chart.y_axis().set_font(&font);
    chart.legend().set_position(legend).set_font(&font);
    chart.set_width(width).set_height(height);
    chart
}

/// Escapes text for a page header or footer (`&` is a control character there) and keeps it
/// within Excel's 255-character limit for the whole string.
/// A leading digit gets a space before it: it would otherwise run into the font-size code
/// that precedes the text (`&8` + `2024…` reads as size 82024).
pub fn header_text(s: &str, max_chars: usize) -> String {
    let text = s
        .chars()
        .take(max_chars)
        .collect::<String>()
        .replace('&', "&&");
    if text.starts_with(|c: char| c.is_ascii_digit()) {
        format!(" {text}")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::header_text;

    #[test]
    fn header_text_is_escaped_and_kept_apart_from_codes() {
        assert_eq!(header_text("A&B", 10), "A&&B");
        assert_eq!(header_text("2024年度", 10), " 2024年度");
        assert_eq!(header_text("第4次安曇野市", 3), "第4次");
    }
}
