//! The open-data edition: the Document's figures table → CSV (RFC 4180, UTF-8 with a BOM so
//! that Excel opens it, CRLF line ends), one value per cell.
//!
//! The writer maps cells only: a number prints through [`format_number`] in its data style
//! (no separators, no unit), a grade as its mark, an empty cell as nothing.

use crate::compose::{NumberStyle, format_number};
use crate::document::{CellContent, Document, Table};

/// Writes the Document's figures table (`Document::data`) as CSV: the header row, then one
/// line per body row.
pub fn render_csv(doc: &Document) -> Vec<u8> {
    render_table_csv(&doc.data)
}

/// Writes a data table (such as [`crate::compose::opinions_table`], the committee's
/// opinions) as CSV in the same form: the header row, then one line per body row.
pub fn render_table_csv(table: &Table) -> Vec<u8> {
    let rows = table.header.len() + table.body.len();
    let cols = table
        .header
        .first()
        .or(table.body.first())
        .map_or(0, Vec::len);
    // About 16 bytes a field: the page is rarely copied as it grows.
    let mut out = String::with_capacity(3 + rows * (cols * 16 + 2));
    out.push('\u{feff}');
    for row in table.header.iter().chain(&table.body) {
        for (i, c) in row.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            match &c.content {
                CellContent::Text(s) => field_into(&mut out, s),
                CellContent::Number(n) => {
                    field_into(&mut out, &format_number(n, NumberStyle::Data));
                }
                CellContent::Grade(g) => field_into(&mut out, &g.mark),
                CellContent::Empty => {}
            }
        }
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// One field, quoted when it holds a comma, a quote or a line break (quotes doubled).
#[cfg(test)]
fn field(s: &str) -> String {
    let mut out = String::new();
    field_into(&mut out, s);
    out
}

/// Appends `s` as one field to `out`, quoted when it holds a comma, a quote or a line break
/// (quotes doubled).
fn field_into(out: &mut String, s: &str) {
    let s = crate::text::showable(s);
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        for (i, part) in s.split('"').enumerate() {
            if i > 0 {
                out.push_str("\"\"");
            }
            out.push_str(part);
        }
        out.push('"');
    } else {
        out.push_str(&s);
    }
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn fields_are_quoted_per_rfc_4180() {
        assert_eq!(field("情報統計課"), "情報統計課");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("一\n二"), "\"一\n二\"");
    }
}
