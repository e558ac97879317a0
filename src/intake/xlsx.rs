//! What calamine does not tell about an .xlsx: hidden rows and columns, formulas whose result
//! was never stored, and the date the file was last saved; read from the package's XML.
//!
//! Anything this reader cannot follow is left out: the sheet is then read as calamine gives it.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};

/// What one worksheet's XML says beyond its values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SheetLayout {
    /// Hidden rows (0-based).
    pub hidden_rows: BTreeSet<u32>,
    /// Hidden columns (0-based).
    pub hidden_cols: BTreeSet<u32>,
    /// Cells holding a formula without a stored result, with the formula's text.
    pub uncalculated: BTreeMap<(u32, u32), String>,
    /// Number cells shown as a percentage, where calamine does not tell (.xls, .ods).
    pub percent: BTreeSet<(u32, u32)>,
}

/// Most hidden columns recorded from one `<col>` range (Excel's width is 16,384).
const MAX_COLUMNS: u32 = 16_384;

fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().map(|a| {
        quick_xml::escape::unescape(&a.value)
            .map_or_else(|_| a.value.to_string(), |v| v.into_owned())
    })
}

fn is_true(e: &BytesStart<'_>, name: &str) -> bool {
    attribute(e, name).is_some_and(|v| v == "1" || v == "true")
}

/// A member of the package as text, at most `limit` bytes (sniffing has bounded the total).
fn member(bytes: &[u8], name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut file = zip.by_name(name).ok()?;
    let mut text = String::new();
    file.read_to_string(&mut text).ok()?;
    Some(text)
}

/// (row, col), 0-based, of an A1 reference such as `AB12`.
fn position(reference: &str) -> Option<(u32, u32)> {
    let letters: String = reference
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    let digits = &reference[letters.len()..];
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let col = letters.chars().try_fold(0u32, |n, c| {
        Some(n * 26 + (c.to_ascii_uppercase() as u32 - 'A' as u32 + 1))
    })?;
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

/// The worksheet part of every sheet name, from `workbook.xml` and its relationships.
fn sheet_parts(bytes: &[u8]) -> Vec<(String, String)> {
    let (Some(book), Some(rels)) = (
        member(bytes, "xl/workbook.xml"),
        member(bytes, "xl/_rels/workbook.xml.rels"),
    ) else {
        return Vec::new();
    };
    let mut targets = BTreeMap::new();
    let mut reader = quick_xml::Reader::from_str(&rels);
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                if let (Some(id), Some(target)) = (attribute(&e, "Id"), attribute(&e, "Target")) {
                    let target = match target.strip_prefix('/') {
                        Some(absolute) => absolute.to_string(),
                        None => format!("xl/{target}"),
                    };
                    targets.insert(id, target);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut parts = Vec::new();
    let mut reader = quick_xml::Reader::from_str(&book);
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sheet" => {
                let id = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == "id")
                    .map(|a| a.value.to_string());
                if let (Some(name), Some(target)) =
                    (attribute(&e, "name"), id.and_then(|id| targets.get(&id)))
                {
                    parts.push((name, target.clone()));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    parts
}

/// The layout of every worksheet of an .xlsx, by sheet name.
pub fn layouts(bytes: &[u8]) -> BTreeMap<String, SheetLayout> {
    let mut out = BTreeMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    let mut xml = Vec::new();
    for (name, part) in sheet_parts(bytes) {
        let Ok(mut file) = zip.by_name(&part) else {
            continue;
        };
        // The zip crate stops at the declared size, which sniffing bounded.
        xml.clear();
        if file.read_to_end(&mut xml).is_err() {
            continue;
        }
        // Most sheets hide nothing and hold no formula: their layout is empty, and parsing
        // them a second time (calamine reads the values) was a seventh of reading (perf,
        // 1,000 plans).
        if !may_have_layout(&xml) {
            continue;
        }
        if let Some(layout) = sheet_layout(xml.as_slice()) {
            out.insert(name, layout);
        }
    }
    out
}

/// Whether a worksheet's XML may say something [`sheet_layout`] records: an attribute
/// `hidden` or a formula element (`<f>`, also with a namespace prefix). A false answer
/// means the layout is empty; a true one only that it has to be parsed.
fn may_have_layout(xml: &[u8]) -> bool {
    // One pass, looking closer only at an `f` or an `h` (two passes comparing slices at
    // every byte were 2% of reading the sample).
    xml.iter().enumerate().any(|(i, &b)| match b {
        b'f' => {
            i > 0
                && matches!(xml[i - 1], b'<' | b':')
                && xml
                    .get(i + 1)
                    .is_some_and(|n| matches!(n, b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r'))
        }
        b'h' => xml[i..].starts_with(b"hidden"),
        _ => false,
    })
}

fn sheet_layout(input: impl std::io::BufRead) -> Option<SheetLayout> {
    let mut reader = quick_xml::Reader::from_reader(input);
    let mut buf = Vec::new();
    let mut layout = SheetLayout::default();
    // The open cell: its position, its formula (once seen), whether a value was stored.
    // openpyxl writes a formula with an empty `<v/>`; Excel writes an empty text result as
    // `t="str"` with an empty `<v></v>`, which is a stored result.
    let mut cell: Option<((u32, u32), Option<String>, bool)> = None;
    let mut in_formula = false;
    let mut in_value = false;
    let mut next_row = 0u32;
    let mut next_col = 0u32;
    loop {
        let event = reader.read_event_into(&mut buf).ok()?;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.local_name().as_ref() {
                    "col" if is_true(e, "hidden") => {
                        let min: u32 = attribute(e, "min").and_then(|v| v.parse().ok())?;
                        let max: u32 = attribute(e, "max").and_then(|v| v.parse().ok())?;
                        for c in min.max(1)..=max.min(MAX_COLUMNS) {
                            layout.hidden_cols.insert(c - 1);
                        }
                    }
                    "row" => {
                        let row = attribute(e, "r")
                            .and_then(|r| r.parse::<u32>().ok())
                            .and_then(|r| r.checked_sub(1))
                            .unwrap_or(next_row);
                        next_row = row + 1;
                        next_col = 0;
                        if is_true(e, "hidden") {
                            layout.hidden_rows.insert(row);
                        }
                    }
                    "c" => {
                        let pos = attribute(e, "r")
                            .and_then(|r| position(&r))
                            .unwrap_or((next_row.saturating_sub(1), next_col));
                        next_col = pos.1 + 1;
                        let text_result = attribute(e, "t").is_some_and(|t| t == "str");
                        cell = (!empty).then_some((pos, None, text_result));
                    }
                    "f" => {
                        if let Some(c) = cell.as_mut() {
                            c.1.get_or_insert_with(String::new);
                        }
                        in_formula = !empty;
                    }
                    "v" | "is" => in_value = !empty,
                    _ => {}
                }
            }
            Event::Text(t) if in_value => {
                if let Some(c) = cell.as_mut()
                    && !t.trim().is_empty()
                {
                    c.2 = true;
                }
            }
            Event::Text(t) if in_formula => {
                if let (Some(c), Ok(text)) = (cell.as_mut(), quick_xml::escape::unescape(t))
                    && let Some(f) = c.1.as_mut()
                {
                    f.push_str(&text);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "f" => in_formula = false,
                "v" | "is" => in_value = false,
                "c" => {
                    if let Some((pos, Some(formula), false)) = cell.take() {
                        layout.uncalculated.insert(pos, formula);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Some(layout)
}

/// When the workbook was last saved, as written in `docProps/core.xml` (`dcterms:modified`,
/// e.g. 「2024-05-10T09:30:00Z」); `None` when it does not say.
pub fn saved_at(bytes: &[u8]) -> Option<String> {
    let core = member(bytes, "docProps/core.xml")?;
    let mut reader = quick_xml::Reader::from_str(&core);
    let mut inside = false;
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if e.local_name().as_ref() == "modified" => inside = true,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_rows_columns_and_formulas_without_results() {
        let xml = r#"<worksheet><cols><col min="2" max="3" hidden="1"/></cols><sheetData>
            <row r="2" hidden="1"><c r="A2"><v>1</v></c></row>
            <row r="5"><c r="B5"><f>SUM(A1:A2)</f></c><c r="C5"><f>1+1</f><v>2</v></c>
            <c r="D5"><f>A1*2</f><v/></c><c r="E5" t="str"><f>""</f><v></v></c></row>
            </sheetData></worksheet>"#;
        let layout = sheet_layout(xml.as_bytes()).unwrap();
        assert_eq!(layout.hidden_rows, BTreeSet::from([1]));
        assert_eq!(layout.hidden_cols, BTreeSet::from([1, 2]));
        assert_eq!(
            layout.uncalculated,
            BTreeMap::from([
                ((4, 1), "SUM(A1:A2)".to_string()),
                ((4, 3), "A1*2".to_string())
            ])
        );
        assert_eq!(position("AB12"), Some((11, 27)));
    }

    #[test]
    fn only_sheets_without_hidden_parts_or_formulas_skip_the_parse() {
        let plain = r#"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>
            <c r="B1"><v>5</v></c></row></sheetData></worksheet>"#;
        assert!(!may_have_layout(plain.as_bytes()));
        for xml in ["<font>", "f>", "<fx>", "hidde", "<x:fill/>"] {
            assert!(!may_have_layout(xml.as_bytes()), "{xml}");
        }
        assert_eq!(sheet_layout(plain.as_bytes()), Some(SheetLayout::default()));
        for xml in [
            r#"<row r="2" hidden="1">"#,
            r#"<col min="2" max="3" hidden="true"/>"#,
            "<c r=\"B5\"><f>SUM(A1:A2)</f></c>",
            "<x:c r=\"B5\"><x:f>A1</x:f></x:c>",
            "<c r=\"B5\"><f t=\"shared\" si=\"0\"/></c>",
            "<c r=\"B5\"><f\n>A1</f></c>",
            "<f>",
            "hidden",
        ] {
            assert!(may_have_layout(xml.as_bytes()), "{xml}");
        }
    }
}
