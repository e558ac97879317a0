//! Workbook bytes → one grid of raw cells per sheet, whatever the format (calamine).

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;
use std::sync::OnceLock;

use calamine::{Data, Ods, Range, Reader, SheetType, SheetVisible, Xls, Xlsx};

use super::value::Raw;
use super::walk::Format;

/// One sheet: the non-empty cells by absolute (row, column), both 0-based.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    /// Sheet name.
    pub name: String,
    /// Non-empty cells.
    pub cells: BTreeMap<(u32, u32), Raw>,
    /// The sheet is hidden in the workbook.
    pub hidden: bool,
    /// Hidden rows (0-based), where the format tells (.xlsx, .xls, .ods).
    pub hidden_rows: BTreeSet<u32>,
    /// Hidden columns (0-based), where the format tells.
    pub hidden_cols: BTreeSet<u32>,
    /// Text cells cut to the text limit, with their full length in characters.
    pub cut: BTreeMap<(u32, u32), usize>,
    /// [`Grid::labels`], made on first use. The form, list and committee readers all search
    /// the same sheet for labels: normalising its cells once instead of in each reader was
    /// about a fifth of reading (perf, 1,000 plans). `cells` must not change after the
    /// first call.
    pub(crate) label_cache: OnceLock<BTreeMap<(u32, u32), String>>,
}

/// Longest text, in characters, that is looked at as a possible label (a form's field label,
/// a list's or a review sheet's column header): longer texts are what was written, not labels.
pub const LABEL_CHARS: usize = 40;

impl Grid {
    /// The raw cell at (row, col), if any.
    pub fn get(&self, row: u32, col: u32) -> Option<&Raw> {
        self.cells.get(&(row, col))
    }

    /// The normalised text ([`normalise_label`](super::value::normalise_label)) of every text
    /// cell of at most [`LABEL_CHARS`] characters, by position: what label searches compare.
    pub fn labels(&self) -> &BTreeMap<(u32, u32), String> {
        self.label_cache.get_or_init(|| {
            self.cells
                .iter()
                .filter_map(|(pos, raw)| match raw {
                    Raw::Text(t) if is_label_length(t) => {
                        Some((*pos, super::value::normalise_label(t)))
                    }
                    _ => None,
                })
                .collect()
        })
    }

    /// The normalised label text of the cell at `pos` if it holds text (of any length):
    /// from [`Grid::labels`] when it is short enough to be there.
    pub fn label_at(&self, pos: (u32, u32)) -> Option<std::borrow::Cow<'_, str>> {
        match self.cells.get(&pos)? {
            Raw::Text(t) => Some(match self.labels().get(&pos) {
                Some(norm) => std::borrow::Cow::Borrowed(norm.as_str()),
                None => std::borrow::Cow::Owned(super::value::normalise_label(t)),
            }),
            _ => None,
        }
    }

    /// Whether the cell is in a hidden row or column.
    pub fn is_hidden(&self, (row, col): (u32, u32)) -> bool {
        self.hidden_rows.contains(&row) || self.hidden_cols.contains(&col)
    }

    /// The grid as the sheet shows it: the cells of hidden rows and columns left out.
    pub fn visible_only(&self) -> Grid {
        let labels: BTreeMap<(u32, u32), String> = self
            .labels()
            .iter()
            .filter(|(pos, _)| !self.is_hidden(**pos))
            .map(|(pos, t)| (*pos, t.clone()))
            .collect();
        Grid {
            label_cache: OnceLock::from(labels),
            cells: self
                .cells
                .iter()
                .filter(|(pos, _)| !self.is_hidden(**pos))
                .map(|(pos, raw)| (*pos, raw.clone()))
                .collect(),
            name: self.name.clone(),
            hidden: self.hidden,
            hidden_rows: BTreeSet::new(),
            hidden_cols: BTreeSet::new(),
            cut: self
                .cut
                .iter()
                .filter(|(pos, _)| !self.is_hidden(**pos))
                .map(|(pos, n)| (*pos, *n))
                .collect(),
        }
    }
}

/// Whether a text is short enough ([`LABEL_CHARS`]) to be looked at as a label.
pub fn is_label_length(text: &str) -> bool {
    // Counting stops past the limit: a cell may hold 10,000 characters.
    text.chars().nth(LABEL_CHARS).is_none()
}

/// Why a workbook could not be read as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// It needs a password to open.
    Password,
    /// The reader failed; the text is calamine's message.
    Corrupt(String),
}

/// A sheet that was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetProblem {
    /// Over the limits.
    TooLarge {
        /// Sheet name.
        sheet: String,
        /// Rows used.
        rows: usize,
        /// Cells in the used range.
        cells: usize,
    },
    /// The reader failed on this sheet.
    Unreadable {
        /// Sheet name.
        sheet: String,
        /// calamine's message.
        cause: String,
    },
}

/// Limits applied to each sheet.
#[derive(Debug, Clone, Copy)]
pub struct SheetLimits {
    /// Most rows read from a sheet.
    pub max_rows: usize,
    /// Most cells (rows × columns of the used range) read from a sheet.
    pub max_cells: usize,
    /// Longest text kept from a cell, in characters.
    pub max_text: usize,
}

/// A workbook read into grids, with the sheets that could not be read.
pub type Sheets = (Vec<Grid>, Vec<SheetProblem>);

/// A1 notation of a 0-based (row, col).
pub fn a1(row: u32, col: u32) -> String {
    let mut c = col + 1;
    let mut letters = Vec::new();
    while c > 0 {
        let rem = ((c - 1) % 26) as u8;
        letters.push((b'A' + rem) as char);
        c = (c - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row + 1).to_string()
}

thread_local! {
    /// Set while this thread reads a workbook inside `read_workbook`'s `catch_unwind`.
    static CAUGHT: Cell<bool> = const { Cell::new(false) };
}

/// Whether a panic on this thread now would be caught by intake and reported as a damaged
/// file: a program's panic hook can then stay silent instead of printing Rust's English
/// message before the Japanese diagnostic.
pub fn panic_is_caught() -> bool {
    CAUGHT.with(Cell::get)
}

/// Reads every sheet of a workbook whose format has been sniffed.
///
/// calamine 0.38 can panic on damaged files (an index or a subtraction out of range in
/// its .xls record parsers): such a panic is caught here and becomes
/// [`ReadError::Corrupt`], so that one bad file does not stop the whole run.
pub fn read_workbook(
    bytes: Vec<u8>,
    format: Format,
    limits: SheetLimits,
) -> Result<Sheets, ReadError> {
    CAUGHT.with(|c| c.set(true));
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_any(bytes, format, limits)
    }));
    CAUGHT.with(|c| c.set(false));
    read.unwrap_or_else(|_| {
        Err(ReadError::Corrupt(
            "読み込み中に想定外の問題が起きました。ファイルの中身が壊れている可能性があります"
                .to_string(),
        ))
    })
}

fn read_any(bytes: Vec<u8>, format: Format, limits: SheetLimits) -> Result<Sheets, ReadError> {
    let cursor = Cursor::new(bytes);
    match format {
        Format::Xlsx => {
            let wb_bytes = cursor.clone();
            let mut wb = Xlsx::new(cursor).map_err(|e| match e {
                calamine::XlsxError::Password => ReadError::Password,
                e => ReadError::Corrupt(cause(&e)),
            })?;
            let mut layouts = super::xlsx::layouts(wb_bytes.get_ref());
            let mut grids = Vec::new();
            let mut problems = Vec::new();
            for (name, hidden) in worksheets(&wb) {
                let layout = layouts.remove(&name).unwrap_or_default();
                match read_xlsx_sheet(&mut wb, &name, hidden, layout, limits) {
                    Ok(g) => grids.push(g),
                    Err(p) => problems.push(p),
                }
            }
            Ok((grids, problems))
        }
        Format::Xls => {
            // calamine reads every sheet of an .xls densely at once: measure them first.
            // A file whose sectors cannot all be found is refused here, as calamine 0.38
            // can panic on it.
            let Some(extents) = super::biff::sheet_extents(cursor.get_ref()) else {
                return Err(ReadError::Corrupt(
                    "複合ファイルの構造が壊れているか、途中で切れています".to_string(),
                ));
            };
            let oversized: Vec<SheetProblem> = extents
                .into_iter()
                .filter_map(|s| {
                    if s.bad_dimensions {
                        Some(SheetProblem::Unreadable {
                            sheet: s.name,
                            cause: "シートの範囲の記録（DIMENSIONS）が壊れています".to_string(),
                        })
                    } else if s.rows > limits.max_rows || s.cells > limits.max_cells {
                        Some(SheetProblem::TooLarge {
                            sheet: s.name,
                            rows: s.rows,
                            cells: s.cells,
                        })
                    } else {
                        None
                    }
                })
                .collect();
            if !oversized.is_empty() {
                return Ok((Vec::new(), oversized));
            }
            let mut layouts = super::biff::sheet_layouts(cursor.get_ref());
            let mut wb = Xls::new(cursor).map_err(|e| match e {
                calamine::XlsError::Password => ReadError::Password,
                e => ReadError::Corrupt(cause(&e)),
            })?;
            let (mut grids, problems) = read_plain(&mut wb, limits)?;
            for grid in &mut grids {
                if let Some(layout) = layouts.remove(&grid.name) {
                    apply_layout(grid, layout);
                }
            }
            Ok((grids, problems))
        }
        Format::Ods => {
            // calamine also reads every sheet of an .ods densely at once.
            let oversized: Vec<SheetProblem> = super::ods::sheet_extents(cursor.get_ref())
                .unwrap_or_default()
                .into_iter()
                .filter(|s| s.rows > limits.max_rows || s.cells > limits.max_cells)
                .map(|s| SheetProblem::TooLarge {
                    sheet: s.name,
                    rows: s.rows,
                    cells: s.cells,
                })
                .collect();
            if !oversized.is_empty() {
                return Ok((Vec::new(), oversized));
            }
            let mut layouts = super::ods::layouts(cursor.get_ref());
            let mut wb = Ods::new(cursor).map_err(|e| ReadError::Corrupt(cause(&e)))?;
            let (mut grids, problems) = read_plain(&mut wb, limits)?;
            for grid in &mut grids {
                let Some(t) = layouts.remove(&grid.name) else {
                    continue;
                };
                apply_layout(grid, t);
            }
            Ok((grids, problems))
        }
        _ => Err(ReadError::Corrupt("not a workbook".to_string())),
    }
}

/// When the workbook was last saved, as it says itself: `dcterms:modified` of an .xlsx,
/// `dc:date` of an .ods (an .xls keeps it in a property stream that is not read).
pub fn saved_at(bytes: &[u8], format: Format) -> Option<String> {
    match format {
        Format::Xlsx => super::xlsx::saved_at(bytes),
        Format::Ods => super::ods::saved_at(bytes),
        _ => None,
    }
}

/// Gives a grid read by calamine what the format's own reader found: its hidden rows and
/// columns, and its %-formatted number cells, read as percentages as .xlsx cells are.
fn apply_layout(grid: &mut Grid, layout: super::xlsx::SheetLayout) {
    for pos in &layout.percent {
        if let Some(Raw::Number { percent, .. }) = grid.cells.get_mut(pos) {
            *percent = true;
        }
    }
    grid.hidden_rows = layout.hidden_rows;
    grid.hidden_cols = layout.hidden_cols;
}

/// Worksheets (not chart or macro sheets) with whether each is hidden.
fn worksheets<R: Reader<Cursor<Vec<u8>>>>(wb: &R) -> Vec<(String, bool)> {
    wb.sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect()
}

fn read_plain<R>(wb: &mut R, limits: SheetLimits) -> Result<Sheets, ReadError>
where
    R: Reader<Cursor<Vec<u8>>>,
    R::Error: std::fmt::Display,
{
    let mut grids = Vec::new();
    let mut problems = Vec::new();
    for (name, hidden) in worksheets(wb) {
        let range = match wb.worksheet_range(&name) {
            Ok(r) => r,
            Err(e) => {
                problems.push(SheetProblem::Unreadable {
                    sheet: name,
                    cause: cause(&e),
                });
                continue;
            }
        };
        match to_grid(&name, hidden, &range, limits) {
            Ok(g) => grids.push(g),
            Err(t) => problems.push(t),
        }
    }
    Ok((grids, problems))
}

/// Reads one .xlsx sheet cell by cell, checking the limits as it goes.
///
/// calamine's `worksheet_range` (and `worksheet_style`) allocate the whole rectangle between
/// the first and the last cell, so a 7 KB file with one value in `XFD1048576` asks for
/// 17 billion cells and aborts the process; streaming keeps only the cells themselves and
/// stops storing them as soon as the sheet is over a limit.
fn read_xlsx_sheet(
    wb: &mut Xlsx<Cursor<Vec<u8>>>,
    name: &str,
    hidden: bool,
    layout: super::xlsx::SheetLayout,
    limits: SheetLimits,
) -> Result<Grid, SheetProblem> {
    let unreadable = |e: calamine::XlsxError| SheetProblem::Unreadable {
        sheet: name.to_string(),
        cause: cause(&e),
    };
    let mut reader = wb.worksheet_cells_reader(name).map_err(unreadable)?;
    let mut bounds = Bounds::default();
    let mut over = false;
    let mut cells = BTreeMap::new();
    let mut cut = BTreeMap::new();
    while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(unreadable)? {
        let data = Data::from(cell.get_value().clone());
        if data == Data::Empty {
            continue;
        }
        let pos = cell.get_position();
        bounds.add(pos);
        if over || bounds.over(limits) {
            // Keep reading (the unpacked size is already bounded) only to report the
            // sheet's real size.
            over = true;
            cells.clear();
            continue;
        }
        let percent = reader
            .styles()
            .get(style)
            .and_then(|s| s.number_format.as_ref())
            .is_some_and(|f| f.format_code.contains('%'));
        note_cut(&data, pos, limits, &mut cut);
        if let Some(raw) = to_raw(data, percent, limits) {
            cells.insert(pos, raw);
        }
    }
    if over {
        return Err(bounds.too_large(name));
    }
    // A formula written by a program that never computed it has no value for calamine.
    for (pos, formula) in layout.uncalculated {
        cells.entry(pos).or_insert(Raw::Uncalculated(
            formula.chars().take(limits.max_text).collect(),
        ));
    }
    Ok(Grid {
        name: name.to_string(),
        cells,
        hidden,
        hidden_rows: layout.hidden_rows,
        hidden_cols: layout.hidden_cols,
        cut,
        label_cache: OnceLock::new(),
    })
}

/// calamine's message, or a Japanese one for the causes a user can act on.
fn cause(e: &dyn std::fmt::Display) -> String {
    let text = e.to_string();
    // The zip crate stops unpacking a member at the size the zip directory declares: a
    // file that unpacks to more is broken or built to exhaust memory (a zip bomb).
    if text.contains("larger than its declared uncompressed size") {
        return "zip の目次に書かれたサイズより大きく展開されるため、途中で読むのをやめました"
            .to_string();
    }
    // calamine's own bound on an .ods sheet, checked before it allocates the cells.
    if text.starts_with("Cell limit exceeded") {
        return "シートの範囲が大きすぎます（1 億セルを超えます）".to_string();
    }
    text
}

/// The rectangle spanned by a sheet's non-empty cells.
#[derive(Debug, Default, Clone, Copy)]
struct Bounds {
    /// (first row, last row, first column, last column), once a cell has been seen.
    span: Option<(u32, u32, u32, u32)>,
}

impl Bounds {
    fn add(&mut self, (row, col): (u32, u32)) {
        self.span = Some(match self.span {
            None => (row, row, col, col),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(col), c1.max(col)),
        });
    }

    /// Rows and cells (rows × columns) of the rectangle.
    fn size(&self) -> (usize, usize) {
        match self.span {
            None => (0, 0),
            Some((r0, r1, c0, c1)) => {
                let rows = (r1 - r0) as usize + 1;
                let cols = (c1 - c0) as usize + 1;
                (rows, rows.saturating_mul(cols))
            }
        }
    }

    fn over(&self, limits: SheetLimits) -> bool {
        let (rows, cells) = self.size();
        rows > limits.max_rows || cells > limits.max_cells
    }

    fn too_large(&self, sheet: &str) -> SheetProblem {
        let (rows, cells) = self.size();
        SheetProblem::TooLarge {
            sheet: sheet.to_string(),
            rows,
            cells,
        }
    }
}

fn to_grid(
    name: &str,
    hidden: bool,
    range: &Range<Data>,
    limits: SheetLimits,
) -> Result<Grid, SheetProblem> {
    let (rows, cols) = range.get_size();
    if rows > limits.max_rows || rows.saturating_mul(cols) > limits.max_cells {
        return Err(SheetProblem::TooLarge {
            sheet: name.to_string(),
            rows,
            cells: rows.saturating_mul(cols),
        });
    }
    let mut cells = BTreeMap::new();
    let mut cut = BTreeMap::new();
    for (row, col, data) in range.used_cells() {
        let Some(start) = range.start() else { break };
        let pos = (start.0 + row as u32, start.1 + col as u32);
        note_cut(data, pos, limits, &mut cut);
        if let Some(raw) = to_raw(data.clone(), false, limits) {
            cells.insert(pos, raw);
        }
    }
    Ok(Grid {
        name: name.to_string(),
        cells,
        hidden,
        ..Grid::default()
    })
}

/// Records a text longer than the limit, which [`to_raw`] cuts: the cut is reported.
fn note_cut(
    data: &Data,
    pos: (u32, u32),
    limits: SheetLimits,
    cut: &mut BTreeMap<(u32, u32), usize>,
) {
    if let Data::String(s) = data {
        let n = s.chars().count();
        if n > limits.max_text {
            cut.insert(pos, n);
        }
    }
}

/// A cell's value as intake keeps it; `None` for an empty or blank cell.
fn to_raw(data: Data, percent: bool, limits: SheetLimits) -> Option<Raw> {
    Some(match data {
        Data::Empty => return None,
        Data::Int(i) => Raw::Number {
            value: i as f64,
            percent,
        },
        Data::Float(f) => Raw::Number { value: f, percent },
        Data::String(mut s) => {
            if s.trim().is_empty() {
                return None;
            }
            // Cut in place: copying every cell's text was one allocation a cell.
            if let Some((end, _)) = s.char_indices().nth(limits.max_text) {
                s.truncate(end);
            }
            Raw::Text(s)
        }
        Data::Bool(b) => Raw::Bool(b),
        Data::DateTime(d) => Raw::Date(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Raw::DateIso(s),
        Data::Error(e) => Raw::Error(e.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::a1;

    #[test]
    fn a1_names() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(11, 2), "C12");
        assert_eq!(a1(0, 25), "Z1");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(4, 701), "ZZ5");
    }
}
