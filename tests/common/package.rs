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
