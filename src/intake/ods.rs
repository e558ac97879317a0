//! A bounded look into an .ods file before calamine reads it.
//!
//! calamine builds every sheet of an .ods at once, each as a dense rectangle, and only
//! refuses a sheet of more than 100 million cells: a 22 KB file with one value 60,000
//! rows down takes 700 MB. This module streams `content.xml` (no values are decoded) and
//! measures each table's value cells the way calamine spans them, repeated rows and
//! columns included, so that intake can refuse an oversized sheet first.
//!
//! Element names are matched with their usual prefixes (`table:`, `office:`, `text:`), as
//! calamine matches them.

use std::io::{BufReader, Cursor};

use quick_xml::events::{BytesStart, Event};

use super::biff::SheetExtent;
use super::xlsx::SheetLayout;

/// Excel's (and calamine's) largest sheet; repeat counts are capped there.
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;

/// A repeat count (`table:number-rows-repeated` …), 1 when absent or unreadable, at most `cap`.
fn repeats(e: &BytesStart<'_>, name: &str, cap: u64) -> u64 {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.value.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .clamp(1, cap)
}

/// One table being read.
struct Table {
    name: String,
    /// The next row's index.
    row: u64,
    /// This row: its index, its repeat count, its next column, whether it holds a value.
    row_start: u64,
    row_repeats: u64,
    col: u64,
    /// The open cell: its first column, its repeat count, whether it holds a value.
    cell: Option<(u64, u64, bool)>,
    /// (first row, last row, first column, last column) of the value cells.
    span: Option<(u64, u64, u64, u64)>,
}

impl Table {
    fn add(&mut self, first_col: u64, last_col: u64) {
        let (r0, r1) = (self.row_start, self.row_start + self.row_repeats - 1);
        self.span = Some(match self.span {
            None => (r0, r1, first_col, last_col),
            Some((a, b, c, d)) => (a.min(r0), b.max(r1), c.min(first_col), d.max(last_col)),
        });
    }

    fn end_cell(&mut self) {
        if let Some((col, n, value)) = self.cell.take() {
            if value {
                self.add(col, col + n - 1);
            }
            self.col = (col + n).min(MAX_COLUMNS);
        }
    }

    fn extent(self) -> SheetExtent {
        let (rows, cells) = match self.span {
            None => (0, 0),
            Some((r0, r1, c0, c1)) => {
                let rows = r1 - r0 + 1;
                (rows, rows.saturating_mul(c1 - c0 + 1))
            }
        };
        let size = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
        SheetExtent {
            name: self.name,
            rows: size(rows),
            cells: size(cells),
            bad_dimensions: false,
        }
    }
}

/// Measures every table of an .ods file; `None` when `content.xml` cannot be read through
/// (calamine then reports the file).
pub fn sheet_extents(bytes: &[u8]) -> Option<Vec<SheetExtent>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    // The zip crate stops at the size the directory declares, which intake has checked
    // against the unpacked-size limit.
    let content = zip.by_name("content.xml").ok()?;
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(content));
    let mut buf = Vec::new();
    let mut sheets = Vec::new();
    let mut table: Option<Table> = None;
    // Tables inside a table (rare) are counted by calamine as part of it: skip their
    // structure but keep reading their cells into the outer table.
    let mut nested = 0usize;
    loop {
        let event = reader.read_event_into(&mut buf).ok()?;
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            match e.name().as_ref() {
                "table:table" if table.is_none() && !empty => {
                    let name = e
                        .try_get_attribute("table:name")
                        .ok()
                        .flatten()
                        .map(|a| {
                            quick_xml::escape::unescape(&a.value)
                                .map_or_else(|_| a.value.to_string(), |v| v.into_owned())
                        })
                        .unwrap_or_default();
                    table = Some(Table {
                        name,
                        row: 0,
                        row_start: 0,
                        row_repeats: 1,
                        col: 0,
                        cell: None,
                        span: None,
                    });
                }
                "table:table" if !empty => nested += 1,
                "table:table-row" if nested == 0 => {
                    if let Some(t) = table.as_mut() {
                        t.row_start = t.row;
                        t.row_repeats = repeats(e, "table:number-rows-repeated", MAX_ROWS);
                        t.col = 0;
                        if empty {
                            t.row = (t.row + t.row_repeats).min(MAX_ROWS);
                        }
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    if let Some(t) = table.as_mut() {
                        t.end_cell();
                        let n = repeats(e, "table:number-columns-repeated", MAX_COLUMNS);
                        let value = e
                            .try_get_attribute("office:value-type")
                            .ok()
                            .flatten()
                            .is_some();
                        t.cell = Some((t.col, n, value));
                        if empty {
                            t.end_cell();
                        }
                    }
                }
                // Text in a cell without a value type is a string.
                "text:p" | "text:span" => {
                    if let Some((_, _, value)) = table.as_mut().and_then(|t| t.cell.as_mut()) {
                        *value = true;
                    }
                }
                _ => {}
            }
        }
        match &event {
            Event::End(e) => match e.name().as_ref() {
                "table:table-cell" | "table:covered-table-cell" => {
                    if let Some(t) = table.as_mut() {
                        t.end_cell();
                    }
                }
                "table:table-row" if nested == 0 => {
                    if let Some(t) = table.as_mut() {
                        t.end_cell();
                        t.row = (t.row_start + t.row_repeats).min(MAX_ROWS);
                    }
                }
                "table:table" if nested > 0 => nested -= 1,
                "table:table" => {
                    if let Some(t) = table.take() {
                        sheets.push(t.extent());
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Some(sheets)
}

/// Most cells of one repeated percentage cell recorded (a formatted empty range is not data).
const MAX_REPEATED_PERCENT: u64 = 1_024;

fn hidden(e: &BytesStart<'_>) -> bool {
    e.try_get_attribute("table:visibility")
        .ok()
        .flatten()
        .is_some_and(|a| a.value.as_ref() != "visible")
}

/// The layout of every table of an .ods, by name: hidden rows and columns, and the cells
/// whose value type is a percentage (calamine gives their fraction, 0.991 for 99.1%);
/// empty when `content.xml` cannot be read.
pub fn layouts(bytes: &[u8]) -> std::collections::BTreeMap<String, SheetLayout> {
    let mut out = std::collections::BTreeMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    let Ok(content) = zip.by_name("content.xml") else {
        return out;
    };
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(content));
    let mut buf = Vec::new();
    let mut current: Option<(String, SheetLayout)> = None;
    let (mut row, mut col, mut row_repeats, mut column) = (0u64, 0u64, 1u64, 0u64);
    let mut nested = 0usize;
    while let Ok(event) = reader.read_event_into(&mut buf) {
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            match e.name().as_ref() {
                "table:table" if current.is_none() && !empty => {
                    let name = e
                        .try_get_attribute("table:name")
                        .ok()
                        .flatten()
                        .map(|a| {
                            quick_xml::escape::unescape(&a.value)
                                .map_or_else(|_| a.value.to_string(), |v| v.into_owned())
                        })
                        .unwrap_or_default();
                    current = Some((name, SheetLayout::default()));
                    (row, col, row_repeats, column) = (0, 0, 1, 0);
                }
                "table:table" if !empty => nested += 1,
                "table:table-column" if nested == 0 => {
                    let n = repeats(e, "table:number-columns-repeated", MAX_COLUMNS);
                    if let Some((_, t)) = current.as_mut()
                        && hidden(e)
                    {
                        for c in column..(column + n).min(MAX_COLUMNS) {
                            t.hidden_cols.insert(c as u32);
                        }
                    }
                    column = (column + n).min(MAX_COLUMNS);
                }
                "table:table-row" if nested == 0 => {
                    row_repeats = repeats(e, "table:number-rows-repeated", MAX_ROWS);
                    col = 0;
                    if let Some((_, t)) = current.as_mut()
                        && hidden(e)
                    {
                        // A long hidden tail of empty rows is common: only rows that could
                        // hold data matter, and those are within the sheet limits.
                        for r in row..(row + row_repeats).min(row + 65_536).min(MAX_ROWS) {
                            t.hidden_rows.insert(r as u32);
                        }
                    }
                    if empty {
                        row = (row + row_repeats).min(MAX_ROWS);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" if nested == 0 => {
                    let n = repeats(e, "table:number-columns-repeated", MAX_COLUMNS);
                    let percent = e
                        .try_get_attribute("office:value-type")
                        .ok()
                        .flatten()
                        .is_some_and(|a| a.value.as_ref() == "percentage");
                    if let Some((_, t)) = current.as_mut()
                        && percent
                    {
                        for c in col..(col + n.min(MAX_REPEATED_PERCENT)).min(MAX_COLUMNS) {
                            t.percent.insert((row as u32, c as u32));
                        }
                    }
                    col = (col + n).min(MAX_COLUMNS);
                }
                _ => {}
            }
        }
        match &event {
            Event::End(e) => match e.name().as_ref() {
                "table:table-row" if nested == 0 => row = (row + row_repeats).min(MAX_ROWS),
                "table:table" if nested > 0 => nested -= 1,
                "table:table" => {
                    if let Some((name, t)) = current.take() {
                        out.insert(name, t);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

/// When an .ods was last saved: `dc:date` in `meta.xml`.
pub fn saved_at(bytes: &[u8]) -> Option<String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut meta = String::new();
    zip.by_name("meta.xml")
        .ok()?
        .read_to_string(&mut meta)
        .ok()?;
    let mut reader = quick_xml::Reader::from_str(&meta);
    let mut inside = false;
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if e.name().as_ref() == "dc:date" => inside = true,
            Event::Text(t) if inside => {
                let text = quick_xml::escape::unescape(&t).ok()?.trim().to_string();
                return (!text.is_empty()).then_some(text);
            }
            Event::End(_) => inside = false,
            Event::Eof => return None,
            _ => {}
        }
    }
}
