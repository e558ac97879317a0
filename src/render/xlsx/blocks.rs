//! One sheet from Document sections: each block mapped to rows of cells — a heading to a
//! bold merged row, a paragraph to a merged wrapped row, a table to real cells, a chart to a
//! native chart over its own data, a box to a bordered area — with the page breaks the
//! blocks' keep-together and page-break hints ask for.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    ChartEmptyCells, ChartLegendPosition, ChartType, Format, FormatAlign, XlsxError,
};

use super::grid::{BODY, Grid, ROW_PT, Styles, book_chart, chart_rows};
use super::measure::Metrics;
use super::table::{self, Layout};
use crate::compose::{NumberStyle, format_number};
use crate::document::{
    Block, Cell, CellContent, Chart, Heading, LabelledBox, List, Number, Paragraph, ParagraphStyle,
    Scope, Table,
};

/// Height of an empty box left to write in (the committee's opinion), in points.
const BOX_PT: f64 = 150.0;
/// The least height of a box to write in, in points: a few lines of handwriting.
const MIN_BOX_PT: f64 = 90.0;
/// Chart size in pixels.
const CHART_H: u32 = 220;
/// Room kept below a heading so that it does not end a page alone, in points.
const KEEP_WITH_NEXT: f64 = 60.0;
/// The most decimals a number format shows.
const MAX_DECIMALS: u32 = 10;

/// Edges of different tables closer than this, in pixels, share a grid edge.
const SNAP_PX: f64 = 16.0;

/// The column widths in pixels of a sheet holding `blocks`, `total` pixels wide: every edge
/// between the columns of any of its tables (each table's columns as wide as their content
/// wants, spread over the page), edges a few pixels apart made one, so that each table's
/// cells span whole grid columns at about the widths it wants; eight equal columns for a
/// sheet without tables.
pub(super) fn sheet_columns(blocks: &[&Block], total: f64) -> Vec<f64> {
    let mut tables: Vec<&Table> = blocks.iter().flat_map(|b| tables(b)).collect();
    if tables.is_empty() {
        return vec![total / 8.0; 8];
    }
    // The widest table's edges go first, so that it gets exactly the widths it wants.
    tables.sort_by_key(|t| std::cmp::Reverse(table::columns(t)));
    let mut edges = vec![0.0, total];
    for t in tables {
        let mut at = 0.0;
        for w in table_widths(t, total) {
            at += w;
            if !edges.iter().any(|e: &f64| (e - at).abs() < SNAP_PX) {
                edges.push(at);
            }
        }
    }
    edges.sort_by(f64::total_cmp);
    edges.windows(2).map(|w| w[1] - w[0]).collect()
}

/// The widths in pixels `t`'s columns want on a page `total` pixels wide.
fn table_widths(t: &Table, total: f64) -> Vec<f64> {
    let (wants, mins) = table::natural_widths(t);
    table::fit_widths(&wants, &mins, total)
}

/// The tables in a block, nested ones included.
fn tables(b: &Block) -> Vec<&Table> {
    match b {
        Block::Table(t) => vec![t],
        Block::KeepTogether(blocks) => blocks.iter().flat_map(tables).collect(),
        Block::Box(b) => b.blocks.iter().flat_map(tables).collect(),
        _ => Vec::new(),
    }
}

/// Writes the blocks of one sheet, row after row.
pub(super) struct Writer<'a> {
    /// The sheet's grid.
    pub g: Grid<'a>,
    s: &'a Styles,
    /// The sheet's name, for the charts' cell ranges.
    sheet: String,
    /// The cover: its lines stand apart on the page.
    cover: bool,
    /// Cell formats with a number format, by base style and number format.
    numbers: BTreeMap<(bool, String), Format>,
    /// The centred cover line.
    cover_line: Format,
}

impl<'a> Writer<'a> {
    /// A writer of blocks onto `g`.
    pub fn new(g: Grid<'a>, s: &'a Styles, sheet: &str, cover: bool) -> Self {
        let cover_line = super::grid::base_format()
            .set_font_size(14)
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter);
        Writer {
            g,
            s,
            sheet: sheet.to_string(),
            cover,
            numbers: BTreeMap::new(),
            cover_line,
        }
    }

    fn last_col(&self) -> u16 {
        self.g.cols() - 1
    }

    fn full_width(&self) -> f64 {
        self.g.width(0, self.last_col())
    }

    /// Writes a sheet's blocks in order.
    pub fn blocks(&mut self, blocks: &[&Block]) -> Result<(), XlsxError> {
        for (i, b) in blocks.iter().enumerate() {
            if let (Block::Heading(h), Some(next)) = (b, blocks.get(i + 1)) {
                // A heading stays with the start of what it heads (all of it when that is
                // kept together and fits on a page).
                let next = self.measure_start(next);
                let own = self.measure(b);
                if h.level > 1 {
                    self.g.keep(own + next.max(KEEP_WITH_NEXT));
                }
            }
            self.block(b, i + 1 == blocks.len())?;
        }
        Ok(())
    }

    /// Writes `b`; `last`: nothing follows it on the sheet (a table then repeats its header
    /// rows through the print titles).
    pub fn block(&mut self, b: &Block, last: bool) -> Result<(), XlsxError> {
        match b {
            Block::Heading(h) => self.heading(h),
            Block::Paragraph(p) => self.paragraph(p),
            Block::List(l) => self.list(l),
            Block::Table(t) => self.table(t, last),
            Block::Chart(c) => self.chart(c),
            Block::Box(b) => self.labelled_box(b),
            Block::KeepTogether(blocks) => {
                let h = blocks.iter().map(|b| self.measure(b)).sum();
                self.g.keep(h);
                let n = blocks.len();
                for (i, b) in blocks.iter().enumerate() {
                    self.block(b, last && i + 1 == n)?;
                }
                Ok(())
            }
            Block::PageBreak => {
                self.g.page_break();
                Ok(())
            }
        }
    }

    /// The height `b` takes, in points, as [`Writer::block`] writes it.
    fn measure(&self, b: &Block) -> f64 {
        let w = self.full_width();
        match b {
            Block::Heading(h) => {
                let (_, m, min, before, after) = self.heading_style(h.level);
                before + m.height_pt(&heading_text(h), w).max(min) + after
            }
            Block::Paragraph(p) => {
                let (_, m, min, gap) = self.paragraph_style(p.style);
                m.height_pt(&paragraph_text(p), w).max(min) + gap
            }
            Block::List(l) => items(l)
                .iter()
                .map(|t| BODY.height_pt(t, w).max(ROW_PT))
                .sum(),
            Block::Table(t) => {
                let layout = self.layout(t);
                caption_height(t, w) + layout.heights.iter().sum::<f64>()
            }
            Block::Chart(c) => 6.0 + f64::from(chart_height_rows(c)) * ROW_PT,
            Block::Box(b) => {
                let label = 10.0 + 22.0;
                if b.blocks.is_empty() {
                    label + BOX_PT
                } else {
                    label + b.blocks.iter().map(|b| self.measure(b)).sum::<f64>()
                }
            }
            Block::KeepTogether(blocks) => blocks.iter().map(|b| self.measure(b)).sum(),
            Block::PageBreak => 0.0,
        }
    }

    /// The height of the start of `b` that a heading before it stays with: all of a block
    /// kept together (it would move to the next page whole, leaving the heading behind), a
    /// table's caption, header and first row, else a few lines.
    fn measure_start(&self, b: &Block) -> f64 {
        match b {
            Block::KeepTogether(_) => self.measure(b).min(self.g.pages.capacity() * 0.9),
            Block::Table(t) => {
                let layout = self.layout(t);
                let rows = (layout.header_rows + 1).min(layout.rows);
                caption_height(t, self.full_width()) + layout.heights[..rows].iter().sum::<f64>()
            }
            _ => self.measure(b).min(KEEP_WITH_NEXT),
        }
    }

    /// Format, metrics, least height, space before and space after of a heading level.
    fn heading_style(&self, level: u8) -> (&Format, Metrics, f64, f64, f64) {
        match level {
            1 => (
                &self.s.title,
                Metrics { size: 20.0 },
                40.0,
                if self.cover { 150.0 } else { 0.0 },
                24.0,
            ),
            2 => (&self.s.heading, Metrics { size: 14.0 }, 26.0, 0.0, 6.0),
            _ => (&self.s.section, Metrics { size: 11.0 }, 22.0, 10.0, 0.0),
        }
    }

    fn heading(&mut self, h: &Heading) -> Result<(), XlsxError> {
        let (format, metrics, min, before, after) = self.heading_style(h.level);
        let format = format.clone();
        let text = heading_text(h);
        let height = metrics.height_pt(&text, self.full_width()).max(min);
        if h.level > 1 {
            self.g.keep(before + height + KEEP_WITH_NEXT);
        }
        if before > 0.0 {
            self.g.gap(before)?;
        }
        let last = self.last_col();
        self.g.text_sized(0, last, &text, &format, metrics)?;
        self.g.min_height(min);
        self.g.end_row()?;
        if after > 0.0 {
            self.g.gap(after)?;
        }
        Ok(())
    }

    /// Format, metrics, least height and space after of a paragraph style.
    fn paragraph_style(&self, style: ParagraphStyle) -> (&Format, Metrics, f64, f64) {
        match style {
            ParagraphStyle::Body => (&self.s.para, BODY, ROW_PT, 4.0),
            ParagraphStyle::Note => (&self.s.note, Metrics { size: 9.0 }, ROW_PT, 4.0),
            ParagraphStyle::Cover => (
                &self.cover_line,
                Metrics { size: 14.0 },
                ROW_PT,
                if self.cover { 24.0 } else { 4.0 },
            ),
            ParagraphStyle::Mark => (&self.s.sample, Metrics { size: 16.0 }, 42.0, 12.0),
        }
    }

    fn paragraph(&mut self, p: &Paragraph) -> Result<(), XlsxError> {
        let (format, metrics, min, gap) = self.paragraph_style(p.style);
        let format = format.clone();
        let text = paragraph_text(p);
        let last = self.last_col();
        for piece in self.g.pieces(0, last, &text) {
            self.g.text_sized(0, last, piece, &format, metrics)?;
            self.g.min_height(min);
            self.g.end_row()?;
        }
        self.g.gap(gap)
    }

    fn list(&mut self, l: &List) -> Result<(), XlsxError> {
        let last = self.last_col();
        let format = self.s.para.clone();
        for item in items(l) {
            for piece in self.g.pieces(0, last, &item) {
                self.g.text(0, last, piece, &format)?;
                self.g.end_row()?;
            }
        }
        Ok(())
    }

    /// The layout of `t` on this sheet's columns (long text spread over rows).
    fn layout<'t>(&self, t: &'t Table) -> Layout<'t> {
        let grid = self.g.widths();
        let bounds = table::bounds(&table_widths(t, self.full_width()), grid);
        Layout::new(t, grid, bounds)
    }

    fn table(&mut self, t: &Table, last: bool) -> Result<(), XlsxError> {
        if t.header.is_empty() && t.body.is_empty() {
            return Ok(());
        }
        let grid = self.g.widths().to_vec();
        let bounds = table::bounds(&table_widths(t, self.full_width()), &grid);
        let split = table::split_tall_rows(t, &grid, &bounds);
        let t = split.as_ref().unwrap_or(t);
        let layout = Layout::new(t, &grid, bounds);
        let caption_h = caption_height(t, self.full_width());
        let header_h = layout.header_height();
        let first_body = layout
            .heights
            .get(layout.header_rows)
            .copied()
            .unwrap_or(0.0);
        self.g.keep(caption_h + header_h + first_body);
        if !t.caption.is_empty() {
            let last_col = self.last_col();
            let caption = self.s.caption.clone();
            self.g.text(0, last_col, &t.caption, &caption)?;
            self.g.end_row()?;
        }
        // The print titles repeat the header of a table that ends the sheet; a table with
        // more after it writes its header again after each of its page breaks.
        let titles = last && layout.header_rows > 0;
        let header_first = self.g.row;
        for r in 0..layout.header_rows {
            self.table_row(&layout, r, 0, layout.header_rows)?;
        }
        if titles {
            self.g.repeat_rows(header_first, header_h)?;
        }
        let again = if titles { 0.0 } else { header_h };
        let breaks = layout.breaks(self.g.pages, again);
        let mut starts = vec![layout.header_rows];
        starts.extend(&breaks);
        for (k, &start) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(layout.rows);
            if k > 0 {
                self.g.page_break();
                if !titles {
                    for r in 0..layout.header_rows {
                        self.table_row(&layout, r, 0, layout.header_rows)?;
                    }
                }
            }
            for r in start..end {
                self.table_row(&layout, r, start, end)?;
            }
        }
        self.g.gap(6.0)
    }

    /// Writes row `r` of a table within the run of rows `start..end` printed together: a
    /// merged cell stops at `end`, and one begun above `start` is written again at `start`
    /// (as the seed's 一覧 restarts 基本方針 on each page).
    fn table_row(
        &mut self,
        layout: &Layout,
        r: usize,
        start: usize,
        end: usize,
    ) -> Result<(), XlsxError> {
        let continued: Vec<_> = if r == start && r > layout.header_rows {
            layout
                .cells
                .iter()
                .take(layout.row_starts[r])
                .filter(|p| p.row >= layout.header_rows && p.row + p.rows > r)
                .copied()
                .collect()
        } else {
            Vec::new()
        };
        let mut cells: Vec<_> = continued;
        cells.extend_from_slice(layout.row(r));
        cells.sort_by_key(|p| p.col);
        for p in cells {
            let rows = (p.row + p.rows).min(end) - r;
            let c1 = layout.bounds[p.col];
            let c2 = layout.bounds[(p.col + p.cols).min(layout.bounds.len() - 1)] - 1;
            let first = self.g.row;
            self.cell((first, first + rows as u32 - 1), (c1, c2.max(c1)), p.cell)?;
        }
        self.g.advance_planned(layout.heights[r])
    }

    /// Writes one table cell over rows `r1..=r2` and columns `c1..=c2`.
    fn cell(
        &mut self,
        (r1, r2): (u32, u32),
        (c1, c2): (u16, u16),
        cell: &Cell,
    ) -> Result<(), XlsxError> {
        let merged = r2 > r1 || c2 > c1;
        // The styles outlive the writer: borrowing them does not hold the writer.
        let s: &'a Styles = self.s;
        let style = match cell.header {
            Some(Scope::Col | Scope::ColGroup) => &s.header,
            Some(Scope::Row | Scope::RowGroup) => &s.label,
            None => &s.cell,
        };
        match &cell.content {
            CellContent::Text(text) => {
                let format = if cell.header.is_none() && text == "－" {
                    &s.center
                } else {
                    style
                };
                self.g.block_text((r1, r2), (c1, c2), text, format)
            }
            CellContent::Grade(g) => self.g.block_text((r1, r2), (c1, c2), &g.mark, &s.grade),
            CellContent::Number(n) => {
                let (value, code) = excel_number(n);
                let format = self.number_format(cell.header.is_some(), &code);
                if merged {
                    self.g.ws.merge_range(r1, c1, r2, c2, "", &format)?;
                }
                self.g.ws.write_number_with_format(r1, c1, value, &format)?;
                Ok(())
            }
            CellContent::Empty => {
                if merged {
                    self.g.ws.merge_range(r1, c1, r2, c2, "", style)?;
                } else {
                    self.g.ws.write_blank(r1, c1, style)?;
                }
                Ok(())
            }
        }
    }

    /// The cell format of a figure in number format `code`, made once per code.
    fn number_format(&mut self, header: bool, code: &str) -> Format {
        let s = self.s;
        self.numbers
            .entry((header, code.to_string()))
            .or_insert_with(|| {
                let base = if header { &s.label } else { &s.number };
                base.clone().set_num_format(code)
            })
            .clone()
    }

    /// The format of a chart's data cell: the figure's number format and nothing else.
    fn data_format(&mut self, code: &str) -> Format {
        self.numbers
            .entry((false, format!("data {code}")))
            .or_insert_with(|| Format::new().set_num_format(code))
            .clone()
    }

    /// A native column chart of the chart's data, written in the rows the chart covers (it
    /// floats over them): categories in the first row, one row per series.
    fn chart(&mut self, c: &Chart) -> Result<(), XlsxError> {
        let n = c.categories.len();
        if n == 0 || c.series.is_empty() {
            return Ok(());
        }
        let rows = chart_height_rows(c);
        self.g.keep(6.0 + f64::from(rows) * ROW_PT);
        self.g.gap(6.0)?;
        let top = self.g.row;
        let width = self.full_width().max(200.0) as u32;
        let mut chart = book_chart(
            ChartType::Column,
            &c.title,
            (width, CHART_H),
            ChartLegendPosition::Bottom,
        );
        let sheet = self.sheet.as_str();
        let last = n as u16;
        for (k, series) in c.series.iter().enumerate() {
            let row = top + 1 + k as u32;
            chart
                .add_series()
                .set_name(&series.name)
                .set_categories((sheet, top, 1, top, last))
                .set_values((sheet, row, 1, row, last));
        }
        let first = c.series.iter().flat_map(|s| &s.values).flatten().next();
        if let Some(first) = first {
            let whole = first.decimals == 0;
            let largest = c
                .series
                .iter()
                .flat_map(|s| &s.values)
                .flatten()
                .filter_map(|n| n.value.to_f64())
                .fold(0.0, f64::max);
            let y = chart.y_axis();
            // Decimals on the axis only where the figures are small enough to need them.
            let decimals = if largest >= 100.0 { 0 } else { first.decimals };
            y.set_num_format(digits(decimals.min(MAX_DECIMALS)));
            // Small counts would get half steps (0, 0.5, 1) printed as 「0, 1, 1」.
            if whole && largest < 5.0 {
                y.set_min(0).set_max(5).set_major_unit(1);
            }
        }
        chart.show_empty_cells_as(ChartEmptyCells::Gaps);
        self.g.ws.insert_chart_with_offset(top, 0, &chart, 0, 0)?;
        for k in 0..rows {
            let row = self.g.row;
            if k == 0 {
                for (i, cat) in c.categories.iter().enumerate() {
                    self.g.ws.write_string(row, 1 + i as u16, cat)?;
                }
            } else if let Some(series) = c.series.get(k as usize - 1) {
                self.g.ws.write_string(row, 0, &series.name)?;
                for (i, v) in series.values.iter().enumerate() {
                    if let Some(v) = v {
                        let (value, code) = excel_number(v);
                        let format = self.data_format(&code);
                        self.g
                            .ws
                            .write_number_with_format(row, 1 + i as u16, value, &format)?;
                    }
                }
            }
            self.g.advance(ROW_PT)?;
        }
        Ok(())
    }

    fn labelled_box(&mut self, b: &LabelledBox) -> Result<(), XlsxError> {
        let label = Heading {
            level: 3,
            text: b.label.clone(),
            id: None,
        };
        if b.blocks.is_empty() {
            // A box to write in takes the rest of the page when that leaves room enough to
            // write, rather than a page of its own.
            let label_h = 10.0 + 22.0;
            let pages = &self.g.pages;
            let rest = pages.capacity() - pages.used() - label_h;
            let height = if rest >= MIN_BOX_PT {
                rest.min(BOX_PT)
            } else {
                BOX_PT
            };
            self.g.keep(label_h + height);
            self.heading(&label)?;
            let last = self.last_col();
            let s: &'a Styles = self.s;
            self.g.text(0, last, "", &s.opinion)?;
            self.g.min_height(height);
            return self.g.end_row();
        }
        self.heading(&label)?;
        for block in &b.blocks {
            self.block(block, false)?;
        }
        Ok(())
    }
}

/// A heading's text; the book's title puts each of its parts on a line of its own.
fn heading_text(h: &Heading) -> String {
    if h.level == 1 {
        h.text
            .split(' ')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        h.text.clone()
    }
}

/// A paragraph's text; running text starts with a full-width space.
fn paragraph_text(p: &Paragraph) -> String {
    match p.style {
        ParagraphStyle::Body => format!("　{}", p.text),
        _ => p.text.clone(),
    }
}

fn items(l: &List) -> Vec<String> {
    l.items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            if l.ordered {
                format!("{}. {item}", i + 1)
            } else {
                format!("・{item}")
            }
        })
        .collect()
}

fn caption_height(t: &Table, width: f64) -> f64 {
    if t.caption.is_empty() {
        0.0
    } else {
        BODY.height_pt(&t.caption, width).max(ROW_PT)
    }
}

/// Rows a chart covers: its height, and at least its data.
fn chart_height_rows(c: &Chart) -> u32 {
    chart_rows(CHART_H).max(1 + c.series.len() as u32)
}

/// The number format of `decimals` decimals with thousands separators.
fn digits(decimals: u32) -> String {
    if decimals == 0 {
        "#,##0".to_string()
    } else {
        format!("#,##0.{}", "0".repeat(decimals as usize))
    }
}

/// A figure as an Excel number and the number format that prints it as compose does: the
/// value rounded as printed (so that Excel shows and sums what the other editions print), in
/// its unit (a 達成率 of 89.2% is 89.2, as a department writes a rate), with its decimals and
/// its unit after it as text (「#,##0.0"人"」, 「#,##0.0"%"」).
pub(super) fn excel_number(n: &Number) -> (f64, String) {
    let digits = digits(n.decimals.min(MAX_DECIMALS));
    let code = if n.unit.is_empty() {
        digits
    } else {
        // A quote cannot appear inside a quoted part: close, escape it, reopen.
        format!("{digits}\"{}\"", n.unit.replace('"', "\"\\\"\""))
    };
    (plain_value(n), code)
}

/// A chart's value in its own unit (a rate as 89.2, as its axis reads), rounded as printed.
fn plain_value(n: &Number) -> f64 {
    format_number(n, NumberStyle::Data)
        .parse::<Decimal>()
        .unwrap_or(n.value)
        .to_f64()
        .unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn n(v: &str, decimals: u32, unit: &str) -> Number {
        Number {
            value: Decimal::from_str(v).unwrap(),
            decimals,
            unit: unit.to_string(),
        }
    }

    #[test]
    fn figures_carry_decimals_and_unit_in_their_format() {
        assert_eq!(
            excel_number(&n("6851.11", 0, "人")),
            (6851.0, "#,##0\"人\"".to_string())
        );
        assert_eq!(
            excel_number(&n("161.66", 1, "人")),
            (161.7, "#,##0.0\"人\"".to_string())
        );
        assert_eq!(
            excel_number(&n("89.25", 1, "%")),
            (89.3, "#,##0.0\"%\"".to_string())
        );
        assert_eq!(
            excel_number(&n("77", 2, "")),
            (77.0, "#,##0.00".to_string())
        );
        assert_eq!(
            excel_number(&n("3", 0, "a\"b")),
            (3.0, "#,##0\"a\"\\\"\"b\"".to_string())
        );
    }
}
