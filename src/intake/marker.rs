//! Whether a workbook is the shipped fictional sample: it carries the defined name
//! [`SAMPLE_NAME`](crate::labels::SAMPLE_NAME), which only the sample generator writes.
//!
//! Words in cells decide nothing: a real 取組実績 may say 「統計のサンプルデータを整備」, and
//! stamping a real city's book 「架空のデータ」 for it would be wrong. A defined name survives
//! saving in Excel or LibreOffice in every format intake reads, so it is looked up in the
//! workbook's own name table (xlsx `workbook.xml`, .xls NAME records, .ods named ranges)
//! without reading any sheet a second time.

use std::io::{BufReader, Cursor};

use quick_xml::events::Event;

use super::walk::Format;
use crate::labels::SAMPLE_NAME;

/// Whether the workbook defines the sample name (names compare without regard to ASCII
/// case, as Excel's do). A file whose name table cannot be read is not a sample.
pub fn is_sample(bytes: &[u8], format: Format) -> bool {
    let names = match format {
        Format::Xlsx => xml_names(bytes, "xl/workbook.xml", &["definedName"], "name"),
        Format::Ods => xml_names(
            bytes,
            "content.xml",
            &["named-range", "named-expression"],
            "table:name",
        ),
        Format::Xls => super::biff::defined_names(bytes),
        _ => Vec::new(),
    };
    names.iter().any(|n| n.eq_ignore_ascii_case(SAMPLE_NAME))
}

/// The `attribute` of every element named one of `elements` (by local name) in the zip `part`.
fn xml_names(bytes: &[u8], part: &str, elements: &[&str], attribute: &str) -> Vec<String> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Vec::new();
    };
    // The zip crate stops at the size the directory declares, which intake has checked
    // against the unpacked-size limit.
    let Ok(file) = zip.by_name(part) else {
        return Vec::new();
    };
    names_in(BufReader::new(file), elements, attribute)
}

fn names_in(source: impl std::io::BufRead, elements: &[&str], attribute: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_reader(source);
    let mut buf = Vec::new();
    let mut names = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e))
                if elements.contains(&e.local_name().as_ref()) =>
            {
                if let Ok(Some(a)) = e.try_get_attribute(attribute) {
                    names.push(
                        quick_xml::escape::unescape(&a.value)
                            .map_or_else(|_| a.value.to_string(), |v| v.into_owned()),
                    );
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    names
}
