//! Workbook bytes → one grid of raw cells per sheet, whatever the format (calamine).

use std::collections::BTreeMap;
use std::io::Cursor;

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
}

impl Grid {
    /// The raw cell at (row, col), if any.
    pub fn get(&self, row: u32, col: u32) -> Option<&Raw> {
        self.cells.get(&(row, col))
    }
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

/// Reads every sheet of a workbook whose format has been sniffed.
pub fn read_workbook(
    bytes: Vec<u8>,
    format: Format,
    limits: SheetLimits,
) -> Result<Sheets, ReadError> {
    let cursor = Cursor::new(bytes);
    match format {
        Format::Xlsx => {
            let mut wb = Xlsx::new(cursor).map_err(|e| match e {
                calamine::XlsxError::Password => ReadError::Password,
                e => ReadError::Corrupt(e.to_string()),
            })?;
            // Only .xlsx lets calamine see number formats: a cell formatted as a
            // percentage holds 0.992 for 「99.2%」.
            read_sheets(&mut wb, limits, |wb, name| {
                let styles = wb.worksheet_style(name).ok();
                Box::new(move |pos| {
                    styles
                        .as_ref()
                        .and_then(|s| s.get(pos))
                        .and_then(|s| s.number_format.as_ref())
                        .is_some_and(|f| f.format_code.contains('%'))
                })
            })
        }
        Format::Xls => {
            let mut wb = Xls::new(cursor).map_err(|e| match e {
                calamine::XlsError::Password => ReadError::Password,
                e => ReadError::Corrupt(e.to_string()),
            })?;
            read_sheets(&mut wb, limits, no_percent)
        }
        Format::Ods => {
            let mut wb = Ods::new(cursor).map_err(|e| ReadError::Corrupt(e.to_string()))?;
            read_sheets(&mut wb, limits, no_percent)
        }
        _ => Err(ReadError::Corrupt("not a workbook".to_string())),
    }
}

/// Worksheets (not chart or macro sheets) with whether each is hidden.
fn worksheets<R: Reader<Cursor<Vec<u8>>>>(wb: &R) -> Vec<(String, bool)> {
    wb.sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect()
}

/// Which cells of a sheet are formatted as percentages.
type PercentCells = Box<dyn Fn((u32, u32)) -> bool>;

fn no_percent<R>(_: &mut R, _: &str) -> PercentCells {
    Box::new(|_| false)
}

/// Reads every worksheet into a grid; a sheet that cannot be read or is too large becomes
/// a problem and the others are still read.
fn read_sheets<R>(
    wb: &mut R,
    limits: SheetLimits,
    percent_cells: impl Fn(&mut R, &str) -> PercentCells,
) -> Result<Sheets, ReadError>
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
                    cause: e.to_string(),
                });
                continue;
            }
        };
        let percent = percent_cells(wb, &name);
        match to_grid(&name, hidden, &range, limits, percent) {
            Ok(g) => grids.push(g),
            Err(t) => problems.push(t),
        }
    }
    Ok((grids, problems))
}

fn to_grid(
    name: &str,
    hidden: bool,
    range: &Range<Data>,
    limits: SheetLimits,
    percent: impl Fn((u32, u32)) -> bool,
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
    for (row, col, data) in range.used_cells() {
        let Some(start) = range.start() else { break };
        let pos = (start.0 + row as u32, start.1 + col as u32);
        let raw = match data {
            Data::Empty => continue,
            Data::Int(i) => Raw::Number {
                value: *i as f64,
                percent: percent(pos),
            },
            Data::Float(f) => Raw::Number {
                value: *f,
                percent: percent(pos),
            },
            Data::String(s) => {
                if s.trim().is_empty() {
                    continue;
                }
                Raw::Text(s.chars().take(limits.max_text).collect())
            }
            Data::Bool(b) => Raw::Bool(*b),
            Data::DateTime(d) => Raw::Date(d.as_f64()),
            Data::DateTimeIso(s) | Data::DurationIso(s) => Raw::DateIso(s.clone()),
            Data::Error(e) => Raw::Error(e.to_string()),
        };
        cells.insert(pos, raw);
    }
    Ok(Grid {
        name: name.to_string(),
        cells,
        hidden,
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
