//! The layout engine: text measured from the font, lines broken per UAX #14 with kinsoku,
//! tables wrapped in their cells and split across pages between rows (and a row taller
//! than a page between its lines).
//!
//! Pure: it produces [`Page`]s of positioned [`Item`]s in points, origin at the page's
//! top-left corner, y growing down. `emit` turns them into PDF operators; nothing here
//! knows about PDF syntax. [`check_layout`] proves that no text leaves its box.

use super::font::normalize;
use super::tags::StructTree;
use crate::text::linebreak::{BrokenLine, break_lines};

/// Points per millimetre.
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// The part of an em above the baseline taken by a CJK ideograph's em box.
pub const ASCENT: f32 = 0.88;
/// The part of an em below the baseline.
pub const DESCENT: f32 = 0.12;
/// Line height as a multiple of the font size.
pub const LEADING: f32 = 1.45;

/// Millimetres to points.
pub fn mm(v: f32) -> f32 {
    v * PT_PER_MM
}

/// A face of the font set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Face {
    /// Regular weight.
    Regular,
    /// Bold weight.
    Bold,
}

/// Glyph advances, from the font (see `font::Fonts`) or from a stub in tests.
pub trait Measure {
    /// The advance of `c` in `face` at `size` points, in points.
    fn advance(&self, face: Face, c: char, size: f32) -> f32;

    /// The width of `text`, in points.
    fn width(&self, face: Face, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(face, c, size)).sum()
    }
}

/// An RGB colour, components 0–1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Color(pub f32, pub f32, pub f32);

impl Color {
    /// Black text.
    pub const BLACK: Color = Color(0.0, 0.0, 0.0);
    /// Secondary text.
    pub const GREY: Color = Color(0.35, 0.35, 0.35);
    /// Table rules.
    pub const RULE: Color = Color(0.45, 0.45, 0.45);
    /// Header cell fill.
    pub const HEAD: Color = Color(0.88, 0.91, 0.95);
    /// Key cell fill.
    pub const KEY: Color = Color(0.95, 0.95, 0.95);
    /// Accent (headings, chart actuals).
    pub const ACCENT: Color = Color(0.12, 0.34, 0.60);
    /// Light accent (chart targets).
    pub const LIGHT: Color = Color(0.70, 0.80, 0.90);
    /// Warning red (sample mark, errors).
    pub const RED: Color = Color(0.75, 0.10, 0.10);
}

/// A rectangle in points, top-left origin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

impl Rect {
    /// Right edge.
    pub fn right(&self) -> f32 {
        self.x + self.w
    }

    /// Bottom edge.
    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }

    /// Whether `other` lies inside `self`, with a tolerance of `eps` points.
    pub fn contains(&self, other: &Rect, eps: f32) -> bool {
        other.x >= self.x - eps
            && other.y >= self.y - eps
            && other.right() <= self.right() + eps
            && other.bottom() <= self.bottom() + eps
    }
}

/// One line of text placed on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    /// Left end of the baseline.
    pub x: f32,
    /// Baseline.
    pub baseline: f32,
    /// Font size in points.
    pub size: f32,
    /// Face.
    pub face: Face,
    /// Colour.
    pub color: Color,
    /// The text, already normalised for the PDF.
    pub text: String,
    /// Its measured width, without trailing white space.
    pub width: f32,
    /// The box the text must stay inside (its cell, or the page's frame).
    pub bounds: Rect,
}

impl TextRun {
    /// The ink box of the run: its width times the em box around the baseline.
    pub fn rect(&self) -> Rect {
        Rect {
            x: self.x,
            y: self.baseline - ASCENT * self.size,
            w: self.width,
            h: self.size,
        }
    }
}

/// A vector shape.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A filled and/or stroked rectangle.
    Rect {
        /// Where.
        rect: Rect,
        /// Fill colour.
        fill: Option<Color>,
        /// Stroke colour and width.
        stroke: Option<(Color, f32)>,
    },
    /// A straight line or polyline.
    Line {
        /// Points, in order.
        points: Vec<(f32, f32)>,
        /// Colour.
        color: Color,
        /// Width in points.
        width: f32,
        /// Dashed.
        dashed: bool,
    },
}

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A line of text.
    Text(TextRun),
    /// A shape.
    Shape(Shape),
}

impl Item {
    /// One line of `text`, `width` points wide, at `x` on `baseline`, kept inside `bounds`;
    /// the text is normalised for the PDF here, so that every run placed on a page (by
    /// the builder, or by the page furniture drawn after it) has been.
    #[allow(clippy::too_many_arguments)]
    pub fn text(
        text: &str,
        width: f32,
        x: f32,
        baseline: f32,
        size: f32,
        face: Face,
        color: Color,
        bounds: Rect,
    ) -> Item {
        Item::Text(TextRun {
            x,
            baseline,
            size,
            face,
            color,
            text: normalize(text).into_owned(),
            width,
            bounds,
        })
    }
}

/// Page orientation (A4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    /// 210 × 297 mm.
    Portrait,
    /// 297 × 210 mm.
    Landscape,
}

/// One laid-out page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
    /// The content frame (inside the margins).
    pub frame: Rect,
    /// What is drawn, in drawing order.
    pub items: Vec<Item>,
    /// The structure element each item belongs to, by the item's index; an item with none
    /// (or beyond the list: the running footer, page numbers, marks) is an artifact.
    pub nodes: Vec<Option<usize>>,
    /// Link areas (the 目次's entries).
    pub links: Vec<LinkArea>,
}

/// An area of a page that links to another page.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkArea {
    /// Where, on this page.
    pub rect: Rect,
    /// The 0-based page it leads to.
    pub target: usize,
    /// What it says (the link annotation's /Contents).
    pub contents: String,
    /// Its Link structure element.
    pub node: usize,
}

/// A bookmark.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    /// Title shown in the viewer's side bar.
    pub title: String,
    /// 0-based page index.
    pub page: usize,
    /// 0 for sections, 1 for entries under the previous section.
    pub level: u8,
}

/// Text that does not fit where it must go.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LayoutError {
    /// A text run leaves its box.
    #[error("{page}ページの文字「{text}」が枠からはみ出しています")]
    Overflow {
        /// 1-based page.
        page: usize,
        /// The run's text.
        text: String,
    },
}

/// Checks that every text run stays inside its box and every box inside its page.
pub fn check_layout(pages: &[Page]) -> Result<(), LayoutError> {
    for (i, page) in pages.iter().enumerate() {
        check_page(page, i)?;
    }
    Ok(())
}

/// [`check_layout`] for one page, the `index`th (from 0).
pub fn check_page(page: &Page, index: usize) -> Result<(), LayoutError> {
    const EPS: f32 = 0.05;
    let sheet = Rect {
        x: 0.0,
        y: 0.0,
        w: page.width,
        h: page.height,
    };
    for item in &page.items {
        if let Item::Text(run) = item
            && (!run.bounds.contains(&run.rect(), EPS) || !sheet.contains(&run.bounds, EPS))
        {
            return Err(LayoutError::Overflow {
                page: index + 1,
                text: run.text.clone(),
            });
        }
    }
    Ok(())
}

/// Horizontal alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Flush left.
    #[default]
    Left,
    /// Centred.
    Center,
    /// Flush right (numbers).
    Right,
}

/// A table cell.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    /// Text; newlines force breaks.
    pub text: String,
    /// Alignment; `None` takes the column's.
    pub align: Option<Align>,
    /// Bold face.
    pub bold: bool,
    /// Background.
    pub fill: Option<Color>,
    /// Continues the cell above (a vertically merged group such as 基本方針): drawn
    /// without the rule between them, its text repeated only at the top of a page.
    pub merge_above: bool,
    /// Text colour, when not black.
    pub color: Option<Color>,
    /// Reads from the top instead of being centred vertically (group labels, long text).
    pub top: bool,
    /// Columns covered; 0 and 1 both mean one.
    pub span: usize,
    /// Its structure element (TH or TD); none for a copy continuing a cell above.
    pub node: Option<usize>,
}

impl Cell {
    /// A plain cell.
    pub fn new(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            ..Cell::default()
        }
    }

    /// A bold header-style cell.
    pub fn head(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            bold: true,
            fill: Some(Color::HEAD),
            align: Some(Align::Center),
            ..Cell::default()
        }
    }

    /// A key cell of a key/value table.
    pub fn key(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            bold: true,
            fill: Some(Color::KEY),
            ..Cell::default()
        }
    }

    /// Sets the alignment.
    pub fn align(mut self, align: Align) -> Cell {
        self.align = Some(align);
        self
    }

    /// Marks the cell as the continuation of the one above (and as read from the top).
    pub fn merged(mut self, merged: bool) -> Cell {
        self.merge_above = merged;
        self.top = true;
        self
    }

    /// Reads the cell from the top.
    pub fn top(mut self) -> Cell {
        self.top = true;
        self
    }

    /// Spans `cols` columns.
    pub fn span(mut self, cols: usize) -> Cell {
        self.span = cols;
        self
    }
}

/// The width of each cell of `row`: the sum of the columns it spans.
fn cell_widths(row: &[Cell], widths: &[f32]) -> Vec<f32> {
    let mut col = 0;
    row.iter()
        .map(|c| {
            let n = c.span.max(1);
            let w = widths.iter().skip(col).take(n).sum();
            col += n;
            w
        })
        .collect()
}

/// A table: columns (widths in points), header rows repeated on every page, body rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Column widths in points; they should add up to the frame width.
    pub widths: Vec<f32>,
    /// Default alignment per column.
    pub aligns: Vec<Align>,
    /// Header rows (repeated after every page break); empty for none.
    pub header: Vec<Vec<Cell>>,
    /// Body rows.
    pub rows: Vec<Vec<Cell>>,
    /// Font size.
    pub size: f32,
}

/// Cell padding in points.
const PAD: f32 = 2.2;

/// A cell's broken lines.
struct CellLines {
    lines: Vec<BrokenLine>,
}

/// Where a builder hands each finished page, with the structure tree as far as built.
pub type PageSink<'a> = Box<dyn FnMut(Page, &StructTree) + 'a>;

/// Builds pages one after another: a cursor moves down the current page's frame.
pub struct Builder<'a> {
    measure: &'a dyn Measure,
    /// The pages laid out so far and not yet handed to the sink (with a sink: the current
    /// page only).
    pub pages: Vec<Page>,
    /// Takes each page once the next is begun, so that pages need not all be held.
    sink: Option<PageSink<'a>>,
    /// Pages handed to the sink.
    sent: usize,
    /// Bookmarks collected so far.
    pub outline: Vec<OutlineEntry>,
    /// Extra inner margin for binding, in points.
    binding: f32,
    /// The cursor's y on the current page.
    y: f32,
    /// Orientation of new pages.
    orientation: Orientation,
    /// Whether anything was placed on the current page.
    used: bool,
    /// The structure tree built so far.
    pub tree: StructTree,
    /// The structure element what is placed now belongs to; `None` places artifacts.
    pub node: Option<usize>,
}

impl<'a> Builder<'a> {
    /// A builder with no pages yet.
    pub fn new(measure: &'a dyn Measure, binding_mm: f32) -> Builder<'a> {
        Builder {
            measure,
            pages: Vec::new(),
            sink: None,
            sent: 0,
            outline: Vec::new(),
            binding: mm(binding_mm.max(0.0)),
            y: 0.0,
            orientation: Orientation::Portrait,
            used: false,
            tree: StructTree::default(),
            node: None,
        }
    }

    /// The measurer.
    pub fn measure(&self) -> &'a dyn Measure {
        self.measure
    }

    /// Hands every finished page to `sink` instead of keeping it.
    pub fn with_sink(mut self, sink: PageSink<'a>) -> Builder<'a> {
        self.sink = Some(sink);
        self
    }

    /// Pages begun so far (handed on or not).
    pub fn page_count(&self) -> usize {
        self.sent + self.pages.len()
    }

    /// Hands the pages still held to the sink (the last page is finished), and lets the
    /// sink go.
    pub fn finish(&mut self) {
        self.flush();
        self.sink = None;
    }

    fn flush(&mut self) {
        if let Some(sink) = self.sink.as_mut() {
            for page in self.pages.drain(..) {
                sink(page, &self.tree);
                self.sent += 1;
            }
        }
    }

    /// Starts a new page with the given orientation.
    pub fn new_page(&mut self, orientation: Orientation) {
        self.flush();
        self.orientation = orientation;
        let (w, h) = match orientation {
            Orientation::Portrait => (mm(210.0), mm(297.0)),
            Orientation::Landscape => (mm(297.0), mm(210.0)),
        };
        let (side, top, bottom) = match orientation {
            Orientation::Portrait => (mm(20.0), mm(18.0), mm(20.0)),
            Orientation::Landscape => (mm(15.0), mm(15.0), mm(16.0)),
        };
        // Odd pages are bound on the left, even pages on the right (duplex handouts).
        let inner_left = self.page_count().is_multiple_of(2);
        let left = side + if inner_left { self.binding } else { 0.0 };
        let right = side + if inner_left { 0.0 } else { self.binding };
        let frame = Rect {
            x: left,
            y: top,
            w: w - left - right,
            h: h - top - bottom,
        };
        self.pages.push(Page {
            width: w,
            height: h,
            frame,
            items: Vec::new(),
            nodes: Vec::new(),
            links: Vec::new(),
        });
        self.y = frame.y;
        self.used = false;
    }

    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.new_page(self.orientation);
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// The current page's frame.
    pub fn frame(&mut self) -> Rect {
        self.page().frame
    }

    /// The cursor's y.
    pub fn y(&self) -> f32 {
        self.y
    }

    /// Moves the cursor down by `dy` (clamped to the frame).
    pub fn skip(&mut self, dy: f32) {
        let bottom = self.frame().bottom();
        self.y = (self.y + dy).min(bottom);
    }

    /// Room left below the cursor.
    pub fn room(&mut self) -> f32 {
        self.frame().bottom() - self.y
    }

    /// The orientation of the current page (and of pages to come).
    pub fn orientation(&self) -> Orientation {
        self.orientation
    }

    /// Whether anything was placed on the current page.
    pub fn used(&self) -> bool {
        self.used
    }

    /// Starts a new page unless `h` points fit below the cursor (or the page is empty).
    pub fn ensure(&mut self, h: f32) {
        if self.used && self.room() < h {
            self.new_page(self.orientation);
        }
    }

    /// Adds a bookmark to the current page.
    pub fn bookmark(&mut self, title: &str, level: u8) {
        self.page();
        self.outline.push(OutlineEntry {
            title: title.to_string(),
            page: self.page_count() - 1,
            level,
        });
    }

    /// Places an item on the current page, in the current structure element.
    pub fn push(&mut self, item: Item) {
        let node = self.node;
        let page = self.page();
        page.items.push(item);
        page.nodes.push(node);
        self.used = true;
    }

    /// Makes `rect` on the current page a link to page `target` (0-based).
    pub fn link(&mut self, rect: Rect, target: usize, contents: &str, node: usize) {
        self.page().links.push(LinkArea {
            rect,
            target,
            contents: contents.to_string(),
            node,
        });
    }

    /// Breaks `text` to `width` points.
    pub fn break_text(&self, text: &str, face: Face, size: f32, width: f32) -> Vec<BrokenLine> {
        let m = self.measure;
        break_lines(&normalize(text), width, |c| m.advance(face, c, size))
    }

    /// Places one line of text at `x`, baseline `baseline`, inside `bounds`.
    #[allow(clippy::too_many_arguments)]
    pub fn text_at(
        &mut self,
        text: &str,
        width: f32,
        x: f32,
        baseline: f32,
        size: f32,
        face: Face,
        color: Color,
        bounds: Rect,
    ) {
        if text.trim().is_empty() {
            return;
        }
        self.push(Item::text(
            text.trim_end(),
            width,
            x,
            baseline,
            size,
            face,
            color,
            bounds,
        ));
    }

    /// A paragraph across the frame (indented by `indent` points), split across pages
    /// between its lines.
    pub fn paragraph(&mut self, text: &str, size: f32, face: Face, indent: f32, color: Color) {
        let frame = self.frame();
        let width = frame.w - indent;
        let lh = size * LEADING;
        for line in self.break_text(text, face, size, width) {
            if self.room() < lh {
                self.new_page(self.orientation);
            }
            let frame = self.frame();
            let top = self.y;
            let bounds = Rect {
                x: frame.x + indent,
                y: top,
                w: width,
                h: lh,
            };
            let baseline = top + (lh - size) / 2.0 + ASCENT * size;
            self.text_at(
                &line.text,
                line.width,
                frame.x + indent,
                baseline,
                size,
                face,
                color,
                bounds,
            );
            self.y += lh;
        }
    }

    /// A heading with a rule under it, kept with the next `keep` points.
    pub fn heading(&mut self, text: &str, size: f32, keep: f32) {
        let lh = size * 1.6;
        self.ensure(lh + keep);
        if self.used {
            self.skip(size * 0.6);
        }
        let frame = self.frame();
        self.paragraph(text, size, Face::Bold, 0.0, Color::ACCENT);
        let y = self.y;
        self.push(Item::Shape(Shape::Line {
            points: vec![(frame.x, y), (frame.right(), y)],
            color: Color::ACCENT,
            width: if size > 12.0 { 1.2 } else { 0.6 },
            dashed: false,
        }));
        self.skip(size * 0.5);
    }

    fn cell_lines(&self, cell: &Cell, width: f32, size: f32) -> CellLines {
        let face = if cell.bold { Face::Bold } else { Face::Regular };
        let mut lines = self.break_text(&cell.text, face, size, (width - 2.0 * PAD).max(1.0));
        if cell.text.is_empty() {
            lines.clear();
        }
        CellLines { lines }
    }

    /// Lays out a table from the cursor down, breaking pages between rows (repeating the
    /// header) and splitting a row taller than a page between its lines.
    pub fn table(&mut self, table: &Table) {
        let size = table.size;
        let lh = size * LEADING;
        let header: Vec<(Vec<CellLines>, f32)> = table
            .header
            .iter()
            .map(|row| {
                let parts: Vec<CellLines> = row
                    .iter()
                    .zip(cell_widths(row, &table.widths))
                    .map(|(c, w)| self.cell_lines(c, w, size))
                    .collect();
                let h = rows_height(&parts, lh);
                (parts, h)
            })
            .collect();
        let header_h: f32 = header.iter().map(|(_, h)| h).sum();
        let mut at_top = true;
        // Whether the current page already shows the table's header.
        let mut need_header = true;
        // Header rows drawn again on a later page are artifacts there.
        let mut repeat = false;
        for row in &table.rows {
            let row_widths = cell_widths(row, &table.widths);
            let mut parts: Vec<CellLines> = row
                .iter()
                .zip(&row_widths)
                .map(|(c, w)| self.cell_lines(c, *w, size))
                .collect();
            loop {
                // A cell merged with the one above shows its text only at the top of a page.
                let visible = |parts: &[CellLines], at_top: bool| -> f32 {
                    let shown = parts
                        .iter()
                        .zip(row)
                        .filter(|(_, c)| at_top || !c.merge_above)
                        .map(|(p, _)| p);
                    rows_height(shown, lh)
                };
                let head_cost = if need_header { header_h } else { 0.0 };
                let h = visible(&parts, at_top);
                if h + head_cost <= self.room() {
                    if need_header {
                        self.draw_header(table, &header, repeat);
                        need_header = false;
                        repeat = true;
                    }
                    self.draw_row(table, row, &parts, h, at_top);
                    at_top = false;
                    break;
                }
                let frame_h = self.frame().h;
                let fits_fresh = visible(&parts, true) + header_h <= frame_h;
                let min_split = 3.0 * lh + 2.0 * PAD + head_cost;
                if fits_fresh || self.room() < min_split {
                    // Move to a fresh page (unless this one holds nothing yet).
                    if self.used || !fits_fresh {
                        self.end_table_page(table);
                        self.new_page(self.orientation);
                        need_header = true;
                        at_top = true;
                        if fits_fresh {
                            continue;
                        }
                    } else {
                        // An empty page that cannot hold the row: split it below.
                    }
                }
                // Split the row: as many lines as fit here, the rest on the next page.
                if need_header {
                    self.draw_header(table, &header, repeat);
                    repeat = true;
                }
                let n = (((self.room() - 2.0 * PAD) / lh).floor() as usize).max(1);
                let mut rest: Vec<CellLines> = Vec::new();
                for ((p, cell), w) in parts.iter_mut().zip(row).zip(&row_widths) {
                    let tail = if cell.merge_above {
                        // A group label is repeated whole at the top of the next page.
                        p.lines.truncate(n);
                        self.cell_lines(cell, *w, size).lines
                    } else if p.lines.len() > n {
                        p.lines.split_off(n)
                    } else if cell.fill.is_some() && !cell.text.is_empty() {
                        // A key cell shown whole above is named again, as continued.
                        let face = if cell.bold { Face::Bold } else { Face::Regular };
                        let text = format!("{}（続き）", cell.text);
                        self.break_text(&text, face, size, (w - 2.0 * PAD).max(1.0))
                    } else {
                        Vec::new()
                    };
                    rest.push(CellLines { lines: tail });
                }
                let h = n as f32 * lh + 2.0 * PAD;
                self.draw_row(table, row, &parts, h, at_top);
                self.end_table_page(table);
                self.new_page(self.orientation);
                need_header = true;
                at_top = true;
                parts = rest;
                // The merged cells' text was shown above; don't repeat the remainder.
            }
        }
        self.end_table_page(table);
        self.skip(mm(2.5));
    }

    /// Closes the table's rules at the bottom of the current page.
    fn end_table_page(&mut self, table: &Table) {
        if !self.used {
            return;
        }
        let frame = self.frame();
        let total: f32 = table.widths.iter().sum();
        let y = self.y;
        self.push(Item::Shape(Shape::Line {
            points: vec![(frame.x, y), (frame.x + total, y)],
            color: Color::RULE,
            width: 0.5,
            dashed: false,
        }));
    }

    /// Draws the header rows; a header cell spanning rows shows its text in the first.
    fn draw_header(&mut self, table: &Table, header: &[(Vec<CellLines>, f32)], repeat: bool) {
        for (i, (row, (parts, h))) in table.header.iter().zip(header).enumerate() {
            if repeat {
                let plain: Vec<Cell> = row
                    .iter()
                    .map(|c| Cell {
                        node: None,
                        ..c.clone()
                    })
                    .collect();
                self.draw_row(table, &plain, parts, *h, i == 0);
            } else {
                self.draw_row(table, row, parts, *h, i == 0);
            }
        }
    }

    fn draw_row(&mut self, table: &Table, row: &[Cell], parts: &[CellLines], h: f32, at_top: bool) {
        let size = table.size;
        let lh = size * LEADING;
        let frame = self.frame();
        let top = self.y;
        let mut x = frame.x;
        let mut col = 0;
        for ((cell, part), w) in row.iter().zip(parts).zip(cell_widths(row, &table.widths)) {
            let i = col;
            col += cell.span.max(1);
            let w = &w;
            let rect = Rect {
                x,
                y: top,
                w: *w,
                h,
            };
            let continued = cell.merge_above && !at_top;
            if let Some(fill) = cell.fill {
                self.push(Item::Shape(Shape::Rect {
                    rect,
                    fill: Some(fill),
                    stroke: None,
                }));
            }
            let mut rules = vec![((x, top), (x, top + h)), ((x + w, top), (x + w, top + h))];
            if !continued {
                rules.push(((x, top), (x + w, top)));
            }
            for (a, b) in rules {
                self.push(Item::Shape(Shape::Line {
                    points: vec![a, b],
                    color: Color::RULE,
                    width: 0.5,
                    dashed: false,
                }));
            }
            if !continued {
                let outer = std::mem::replace(&mut self.node, cell.node);
                let align = cell
                    .align
                    .unwrap_or(table.aligns.get(i).copied().unwrap_or_default());
                let face = if cell.bold { Face::Bold } else { Face::Regular };
                let n = part.lines.len() as f32;
                // Merged group cells read from the top; others are centred vertically.
                let first_top = if cell.top {
                    top + PAD
                } else {
                    top + (h - n * lh) / 2.0
                };
                let inner = Rect {
                    x: x + PAD,
                    y: top + PAD * 0.5,
                    w: w - 2.0 * PAD,
                    h: h - PAD,
                };
                for (k, line) in part.lines.iter().enumerate() {
                    let line_top = first_top + k as f32 * lh;
                    let baseline = line_top + (lh - size) / 2.0 + ASCENT * size;
                    let lx = match align {
                        Align::Left => x + PAD,
                        Align::Center => x + (w - line.width) / 2.0,
                        Align::Right => x + w - PAD - line.width,
                    };
                    let color = cell.color.unwrap_or(Color::BLACK);
                    self.text_at(
                        &line.text, line.width, lx, baseline, size, face, color, inner,
                    );
                }
                self.node = outer;
            }
            x += w;
        }
        self.y = top + h;
    }
}

/// The height of a row: as many lines as its fullest cell (at least one), and the padding.
fn rows_height<'p>(parts: impl IntoIterator<Item = &'p CellLines>, lh: f32) -> f32 {
    let n = parts
        .into_iter()
        .map(|p| p.lines.len())
        .max()
        .unwrap_or(0)
        .max(1);
    n as f32 * lh + 2.0 * PAD
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character one em wide.
    struct Mono;
    impl Measure for Mono {
        fn advance(&self, _face: Face, _c: char, size: f32) -> f32 {
            size
        }
    }

    #[test]
    fn with_a_sink_only_the_current_page_is_held() {
        let sent = std::cell::RefCell::new(Vec::new());
        let mut b = Builder::new(&Mono, 5.0).with_sink(Box::new(|page: Page, _: &StructTree| {
            sent.borrow_mut().push(page.frame.x);
        }));
        for _ in 0..40 {
            b.paragraph(&"あ".repeat(400), 10.0, Face::Regular, 0.0, Color::BLACK);
            assert!(b.pages.len() <= 1, "{} pages held", b.pages.len());
        }
        let count = b.page_count();
        assert!(count > 3);
        b.finish();
        assert!(b.pages.is_empty());
        drop(b);
        let sent = sent.into_inner();
        assert_eq!(sent.len(), count, "every page handed on, once");
        // In order: the binding margin alternates from the first page on.
        assert!(sent.windows(2).all(|w| w[0] != w[1]));
    }

    fn table(rows: Vec<Vec<Cell>>) -> Table {
        Table {
            widths: vec![mm(40.0), mm(130.0)],
            aligns: vec![Align::Left, Align::Right],
            header: vec![vec![Cell::head("項目"), Cell::head("内容")]],
            rows,
            size: 9.0,
        }
    }

    #[test]
    fn long_table_repeats_header_and_stays_in_cells() {
        let rows = (0..80)
            .map(|i| {
                vec![
                    Cell::new(format!("行{i}")),
                    Cell::new("あ".repeat(i % 50 + 1)),
                ]
            })
            .collect();
        let mut b = Builder::new(&Mono, 0.0);
        b.new_page(Orientation::Portrait);
        b.table(&table(rows));
        assert!(b.pages.len() > 2);
        check_layout(&b.pages).unwrap();
        for page in &b.pages {
            let first = page.items.iter().find_map(|i| match i {
                Item::Text(t) => Some(t.text.clone()),
                _ => None,
            });
            assert_eq!(first.as_deref(), Some("項目"));
        }
    }

    #[test]
    fn group_labels_repeat_on_each_page_and_are_drawn_once_per_page() {
        let rows = (0..60)
            .map(|i| {
                vec![
                    Cell::new("基本方針Ⅰ").merged(i > 0),
                    Cell::new("長".repeat(if i == 30 { 4000 } else { 30 })),
                ]
            })
            .collect();
        let mut b = Builder::new(&Mono, 0.0);
        b.new_page(Orientation::Portrait);
        b.table(&table(rows));
        check_layout(&b.pages).unwrap();
        for page in &b.pages {
            let labels = page
                .items
                .iter()
                .filter(|i| matches!(i, Item::Text(t) if t.text == "基本方針Ⅰ"))
                .count();
            assert_eq!(labels, 1);
        }
    }

    #[test]
    fn row_taller_than_a_page_is_split_between_lines() {
        let long = "長".repeat(40 * 200);
        let mut b = Builder::new(&Mono, 0.0);
        b.new_page(Orientation::Portrait);
        b.table(&table(vec![vec![Cell::new("x"), Cell::new(long.clone())]]));
        assert!(b.pages.len() >= 2);
        check_layout(&b.pages).unwrap();
        let shown: usize = b
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|i| match i {
                Item::Text(t) if t.text.starts_with('長') => Some(t.text.chars().count()),
                _ => None,
            })
            .sum();
        assert_eq!(shown, long.chars().count());
    }
}
