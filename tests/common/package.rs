//! Reading an .xlsx package's parts, for tests that check what calamine does not show
//! (number formats, print settings).

use std::io::{Cursor, Read};

/// One part of the xlsx package as text.
pub fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip package");
    let mut file = zip
        .by_name(name)
        .unwrap_or_else(|_| panic!("no part {name}"));
    let mut text = String::new();
    file.read_to_string(&mut text).expect("utf-8 xml");
    text
}

/// Every XML part of the package, one after another: the text a workbook holds wherever it
/// keeps it (shared strings, or strings inline in the sheets as constant-memory sheets do).
#[allow(dead_code)]
pub fn all_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip package");
    let mut text = String::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).expect("a part");
        if file.name().is_ok_and(|n| n.ends_with(".xml")) {
            file.read_to_string(&mut text).expect("utf-8 xml");
        }
    }
    text
}
