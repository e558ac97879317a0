//! A Document [`Table`] on a sheet's grid of columns: where each cell goes (merges from its
//! spans), how tall each row must be for its wrapped text, and where pages break between rows
//! — not inside a merged cell where another place on the page will do.

use std::borrow::Cow;

use crate::compose::{NumberStyle, format_number};
use crate::document::{Cell, CellContent, Table};

use super::grid::{BODY, Pages, ROW_PT};
use super::measure::{Metrics, split_lines, text_units};

/// Excel's tallest row, in points, less room for the cell's margins.
const TALLEST_PT: f64 = 400.0;
/// The least height of a table row: a line of text and its borders.
const MIN_ROW_PT: f64 = ROW_PT + 4.0;
/// A grade mark's size.
pub(super) const GRADE: Metrics = Metrics { size: 12.0 };

/// A cell at its place: rows of the table (header rows first, then body rows) and columns of
/// the table.
#[derive(Debug, Clone, Copy)]
pub(super) struct Placed<'t> {
    /// First row (header rows count first).
    pub row: usize,
    /// First column of the table.
    pub col: usize,
    /// Columns covered.
    pub cols: usize,
    /// Rows covered.
    pub rows: usize,
    /// The cell.
    pub cell: &'t Cell,
}

/// The cells of `header` and `body` at their places, in row order, and the table's number of
/// columns. Spans follow HTML: a cell covered from above is absent from its row.
pub(super) fn place<'t>(
    header: &'t [Vec<Cell>],
    body: &'t [Vec<Cell>],
) -> (Vec<Placed<'t>>, usize) {
    let rows = header.len() + body.len();
    // Columns of each row already taken by a cell from a row above.
    let mut taken: Vec<Vec<bool>> = vec![Vec::new(); rows];
    let mut out = Vec::new();
    let mut width = 0;
    for (r, row) in header.iter().chain(body).enumerate() {
        let mut c = 0;
        for cell in row {
            while taken[r].get(c).copied().unwrap_or(false) {
                c += 1;
            }
            let cols = cell.col_span.max(1) as usize;
            // A header cell never runs into the body, nor a cell past the table.
            let limit = if r < header.len() { header.len() } else { rows };
            let span = (cell.row_span.max(1) as usize).min(limit - r);
            for covered in taken.iter_mut().skip(r).take(span) {
                if covered.len() < c + cols {
                    covered.resize(c + cols, false);
                }
                covered[c..c + cols].iter_mut().for_each(|t| *t = true);
            }
            out.push(Placed {
                row: r,
                col: c,
                cols,
                rows: span,
                cell,
            });
            c += cols;
            width = width.max(c);
        }
    }
    (out, width)
}

/// The number of columns of `t`.
pub(super) fn columns(t: &Table) -> usize {
    place(&t.header, &t.body).1
}

/// What a cell shows, as text: a figure as compose prints it.
pub(super) fn shown(cell: &Cell) -> Cow<'_, str> {
    match &cell.content {
        CellContent::Text(t) => Cow::Borrowed(t),
        CellContent::Number(n) => Cow::Owned(format_number(n, NumberStyle::Print)),
        CellContent::Grade(g) => Cow::Borrowed(&g.mark),
        CellContent::Empty => Cow::Borrowed(""),
    }
}

/// The font metrics a cell is written in.
pub(super) fn metrics(cell: &Cell) -> Metrics {
    match cell.content {
        CellContent::Grade(_) => GRADE,
        _ => BODY,
    }
}

/// Each column's wanted width and least width, in pixels: what its longest line needs (long
/// text capped, as it wraps), and for figures and grades what they need on one line, since
/// Excel shows 「###」 for a figure too wide for its column.
pub(super) fn natural_widths(t: &Table) -> (Vec<f64>, Vec<f64>) {
    let (cells, n) = place(&t.header, &t.body);
    let mut wants = vec![BODY.px_for(4); n];
    let mut mins = vec![BODY.px_for(2); n];
    for p in cells.iter().filter(|p| p.cols == 1) {
        let text = shown(p.cell);
        let longest = text.lines().map(text_units).max().unwrap_or(0);
        let (want, min) = match (&p.cell.content, p.cell.header) {
            (CellContent::Number(_), _) => (longest + 2, longest + 2),
            (CellContent::Grade(_), _) => (longest.max(2) + 2, longest.max(2) + 2),
            // Headings wrap: a long one need not widen its column much.
            (_, Some(_)) if p.row < t.header.len() => (longest.min(12), 4),
            _ => (longest.min(40), 4),
        };
        wants[p.col] = wants[p.col].max(BODY.px_for(want));
        mins[p.col] = mins[p.col].max(BODY.px_for(min));
    }
    if t.widths.len() == n && t.widths.iter().any(|w| *w > 0) {
        // Compose's relative widths say how the columns share the page.
        let sum: f64 = t.widths.iter().map(|w| f64::from(*w)).sum();
        let total: f64 = wants.iter().sum();
        wants = t
            .widths
            .iter()
            .map(|w| f64::from(*w) / sum * total)
            .collect();
    }
    (wants, mins)
}

/// Widths that add up to `total` pixels, in proportion to `wants`, none below its `mins`
/// where the page allows.
pub(super) fn fit_widths(wants: &[f64], mins: &[f64], total: f64) -> Vec<f64> {
    let sum: f64 = wants.iter().sum::<f64>().max(1.0);
    let mut widths: Vec<f64> = wants
        .iter()
        .zip(mins)
        .map(|(w, m)| (w / sum * total).max(*m))
        .collect();
    // Raising columns to their least width took room from the others: give it back from
    // those above their least width, in proportion to what they have over it.
    for _ in 0..4 {
        let over: f64 = widths.iter().sum::<f64>() - total;
        if over <= 0.5 {
            break;
        }
        let slack: f64 = widths.iter().zip(mins).map(|(w, m)| (w - m).max(0.0)).sum();
        if slack <= 0.0 {
            break;
        }
        let take = (over / slack).min(1.0);
        for (w, m) in widths.iter_mut().zip(mins) {
            *w -= (*w - m).max(0.0) * take;
        }
    }
    widths
}

/// Where each of a table's `wants.len()` columns starts on a grid of columns `grid` pixels
/// wide, and where the last ends: the grid boundaries nearest to the wanted ones, each
/// column at least one grid column wide.
pub(super) fn bounds(wants: &[f64], grid: &[f64]) -> Vec<u16> {
    let k = wants.len().max(1);
    let n = grid.len();
    if k >= n {
        return (0..=n as u16).collect();
    }
    let total: f64 = grid.iter().sum();
    let sum: f64 = wants.iter().sum::<f64>().max(1.0);
    let mut edges = vec![0.0];
    for w in grid {
        edges.push(edges.last().copied().unwrap_or(0.0) + w);
    }
    let mut out = vec![0u16];
    let mut at = 0.0;
    for (j, w) in wants.iter().enumerate().take(k - 1) {
        at += w / sum * total;
        let prev = usize::from(*out.last().unwrap_or(&0));
        // Leave a grid column for each table column still to come.
        let last_allowed = n - (k - 1 - j);
        let best = (prev + 1..=last_allowed)
            .min_by(|a, b| (edges[*a] - at).abs().total_cmp(&(edges[*b] - at).abs()))
            .unwrap_or(prev + 1);
        out.push(best as u16);
    }
    out.push(n as u16);
    out
}

/// A table laid out on a sheet: its cells placed, the grid columns of each table column,
/// the row heights.
pub(super) struct Layout<'t> {
    /// Header rows (the first rows).
    pub header_rows: usize,
    /// All rows.
    pub rows: usize,
    /// The cells in row order.
    pub cells: Vec<Placed<'t>>,
    /// Index into `cells` of each row's first cell, and one past the last.
    pub row_starts: Vec<usize>,
    /// Grid column where each table column starts; the last entry ends the table.
    pub bounds: Vec<u16>,
    /// Each row's height in points.
    pub heights: Vec<f64>,
}

impl<'t> Layout<'t> {
    /// Lays out `t` on a grid of column widths `grid` (pixels); `bounds` as from [`bounds`].
    pub fn new(t: &'t Table, grid: &[f64], bounds: Vec<u16>) -> Self {
        let (cells, _) = place(&t.header, &t.body);
        let rows = t.header.len() + t.body.len();
        let width = |p: &Placed| -> f64 {
            let c1 = usize::from(bounds[p.col]);
            let c2 = usize::from(bounds[(p.col + p.cols).min(bounds.len() - 1)]);
            grid[c1..c2.max(c1 + 1).min(grid.len())].iter().sum()
        };
        let mut heights = vec![MIN_ROW_PT; rows];
        for p in cells.iter().filter(|p| p.rows == 1) {
            let h = metrics(p.cell).height_pt(&shown(p.cell), width(p));
            heights[p.row] = heights[p.row].max(h);
        }
        // A merged cell too short for its text grows its last row.
        for p in cells.iter().filter(|p| p.rows > 1) {
            let need = metrics(p.cell).height_pt(&shown(p.cell), width(p));
            let have: f64 = heights[p.row..p.row + p.rows].iter().sum();
            if have < need {
                heights[p.row + p.rows - 1] += need - have;
            }
        }
        for h in &mut heights {
            *h = h.min(TALLEST_PT);
        }
        let mut row_starts = Vec::with_capacity(rows + 1);
        let mut i = 0;
        for r in 0..rows {
            while i < cells.len() && cells[i].row < r {
                i += 1;
            }
            row_starts.push(i);
        }
        row_starts.push(cells.len());
        Layout {
            header_rows: t.header.len(),
            rows,
            cells,
            row_starts,
            bounds,
            heights,
        }
    }

    /// Height of the header rows.
    pub fn header_height(&self) -> f64 {
        self.heights[..self.header_rows].iter().sum()
    }

    /// The cells that start in row `r`.
    pub fn row(&self, r: usize) -> &[Placed<'t>] {
        &self.cells[self.row_starts[r]..self.row_starts[r + 1]]
    }

    /// Body rows before which a page starts, when the table's first body row goes on the page
    /// `pages` describes (after the header rows) and `again` points of header rows are
    /// written at the top of each further page. A row that does not fit ends the page at the
    /// latest row boundary in the page's lower half that at most two merged cells more cross
    /// than the fewest any there does: between plans (crossed by their 基本方針 and 重点項目)
    /// rather than inside one (crossed by every cell of the plan).
    pub fn breaks(&self, mut pages: Pages, again: f64) -> Vec<usize> {
        let mut crossing = vec![0u32; self.rows + 1];
        for p in self.cells.iter().filter(|p| p.row >= self.header_rows) {
            for c in crossing.iter_mut().take(p.row + p.rows).skip(p.row + 1) {
                *c += 1;
            }
        }
        let mut before = vec![0.0; self.rows];
        let mut breaks = Vec::new();
        let mut page_start = self.header_rows;
        let mut r = self.header_rows;
        while r < self.rows {
            let h = self.heights[r];
            before[r] = pages.used();
            if r > page_start && !pages.fits(h) {
                let half = pages.capacity() * 0.5;
                let window = || (page_start + 1..=r).filter(|&j| before[j] >= half);
                let fewest = window().map(|j| crossing[j]).min().unwrap_or(0);
                let at = window()
                    .filter(|&j| crossing[j] <= fewest + 2)
                    .max()
                    .unwrap_or(r);
                breaks.push(at);
                pages.force();
                pages.add(again);
                page_start = at;
                r = at;
                continue;
            }
            pages.add(h);
            r += 1;
        }
        breaks
    }
}

/// `t` with each body row whose text is taller than Excel's tallest row spread over several
/// rows (the other cells of the row merged over them), or `None` when no row is; only for
/// tables without merged rows, which are the ones holding long free text.
pub(super) fn split_tall_rows(t: &Table, grid: &[f64], bounds: &[u16]) -> Option<Table> {
    let (cells, _) = place(&t.header, &t.body);
    if cells.iter().any(|p| p.rows > 1) {
        return None;
    }
    let max_lines = ((TALLEST_PT - 10.0) / BODY.line_pt()).floor() as usize;
    let width = |p: &Placed| -> f64 {
        let c1 = usize::from(bounds[p.col]);
        let c2 = usize::from(bounds[(p.col + p.cols).min(bounds.len() - 1)]);
        grid[c1..c2.max(c1 + 1).min(grid.len())].iter().sum()
    };
    let mut pieces: Vec<Vec<Vec<&str>>> = vec![Vec::new(); t.body.len()];
    let mut any = false;
    for p in cells.iter().filter(|p| p.row >= t.header.len()) {
        let row = &mut pieces[p.row - t.header.len()];
        let split = match &p.cell.content {
            CellContent::Text(text) if BODY.height_pt(text, width(p)) > TALLEST_PT => {
                any = true;
                split_lines(text, BODY.units_in(width(p)), max_lines)
            }
            _ => Vec::new(),
        };
        row.push(split);
    }
    if !any {
        return None;
    }
    let mut body = Vec::new();
    for (row, split) in t.body.iter().zip(&pieces) {
        let n = split.iter().map(Vec::len).max().unwrap_or(0).max(1);
        for k in 0..n {
            let mut cells = Vec::new();
            for (cell, parts) in row.iter().zip(split) {
                if parts.is_empty() {
                    if k == 0 {
                        cells.push(cell.clone().rows(n as u32));
                    }
                } else {
                    let mut piece = cell.clone();
                    piece.content =
                        CellContent::Text(parts.get(k).copied().unwrap_or("").to_string());
                    cells.push(piece);
                }
            }
            body.push(cells);
        }
    }
    Some(Table {
        caption: t.caption.clone(),
        header: t.header.clone(),
        body,
        widths: t.widths.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_place_cells_as_html_does() {
        let header = vec![vec![Cell::text("a").rows(2), Cell::text("b").cols(2)]];
        let body = vec![
            vec![Cell::text("x").rows(2), Cell::text("y"), Cell::text("z")],
            vec![Cell::text("y2"), Cell::text("z2")],
        ];
        let (cells, n) = place(&header, &body);
        assert_eq!(n, 3);
        let at: Vec<(usize, usize, usize, usize)> = cells
            .iter()
            .map(|p| (p.row, p.col, p.cols, p.rows))
            .collect();
        // The header's 「a」 stays in the header; 「y2」 skips the column 「x」 covers.
        assert_eq!(
            at,
            [
                (0, 0, 1, 1),
                (0, 1, 2, 1),
                (1, 0, 1, 2),
                (1, 1, 1, 1),
                (1, 2, 1, 1),
                (2, 1, 1, 1),
                (2, 2, 1, 1)
            ]
        );
    }

    #[test]
    fn bounds_follow_the_wanted_widths() {
        let grid = [100.0; 8];
        assert_eq!(bounds(&[1.0, 5.0], &grid), [0, 1, 8]);
        assert_eq!(bounds(&[1.0, 1.0], &grid), [0, 4, 8]);
        assert_eq!(bounds(&[1.0; 8], &grid), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
        // A table as wide as the grid in columns, whatever it wants, takes one each.
        assert_eq!(bounds(&[9.0, 1.0, 1.0], &[10.0; 3]), [0, 1, 2, 3]);
        // Each column gets at least one grid column.
        assert_eq!(bounds(&[100.0, 1.0, 1.0], &grid), [0, 6, 7, 8]);
    }

    #[test]
    fn widths_fill_the_page_and_keep_figures_whole() {
        let w = fit_widths(&[100.0, 100.0, 10.0], &[0.0, 0.0, 80.0], 300.0);
        assert!((w.iter().sum::<f64>() - 300.0).abs() < 1.0, "{w:?}");
        assert!(w[2] >= 79.9, "{w:?}");
    }
}
