//! PDF file syntax: numbered objects written as they come, small ones packed into
//! compressed object streams, and a cross-reference stream at the end.
//!
//! The writer above it hands over finished objects one by one and keeps nothing of them,
//! so the memory of writing a book is the output bytes and an offset per object.

use std::io::Write as _;

/// Objects packed into one object stream: the structure tree's thousands of small
/// dictionaries compress well together (the more share a stream, the better: the sample's
/// all in one are 2 KB smaller than in streams of 400), and a reader still finds each
/// without inflating the whole file.
const PER_STREAM: usize = 8000;

/// Where the cross-reference table finds an object.
#[derive(Debug, Clone, Copy)]
enum Entry {
    /// Reserved, not written (only object 0 at the end).
    Free,
    /// At this byte offset of the file.
    Direct(usize),
    /// In object stream `stream` at position `index`.
    Packed { stream: u32, index: u32 },
}

/// A PDF file being written.
pub struct PdfFile {
    out: Vec<u8>,
    xref: Vec<Entry>,
    /// Objects waiting for the next object stream: their ids and offsets in `packed`.
    pending: Vec<(u32, usize)>,
    packed: Vec<u8>,
}

impl Default for PdfFile {
    fn default() -> Self {
        PdfFile::new()
    }
}

impl PdfFile {
    /// Starts a PDF 1.7 file (the binary comment marks it as binary for transfer tools).
    pub fn new() -> PdfFile {
        let mut out = Vec::with_capacity(1 << 16);
        out.extend_from_slice(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
        PdfFile {
            out,
            xref: vec![Entry::Free],
            pending: Vec::new(),
            packed: Vec::new(),
        }
    }

    /// A new object number, to refer to an object before it is written.
    pub fn reserve(&mut self) -> u32 {
        self.xref.push(Entry::Free);
        (self.xref.len() - 1) as u32
    }

    /// Writes object `id` (a dictionary or array, no stream) into an object stream.
    pub fn object(&mut self, id: u32, body: &[u8]) -> Result<(), std::io::Error> {
        self.pending.push((id, self.packed.len()));
        self.packed.extend_from_slice(body);
        self.packed.push(b'\n');
        if self.pending.len() >= PER_STREAM {
            self.flush_packed()?;
        }
        Ok(())
    }

    /// Writes object `id` as a stream with the dictionary entries `dict` (without `<<` and
    /// `>>`), deflating `data` when `deflate` is set.
    pub fn stream(
        &mut self,
        id: u32,
        dict: &[u8],
        data: &[u8],
        deflate: bool,
    ) -> Result<(), std::io::Error> {
        if deflate {
            let compressed = deflate_bytes(data)?;
            self.stream_raw(id, dict, b"/Filter/FlateDecode", &compressed);
        } else {
            self.stream_raw(id, dict, b"", data);
        }
        Ok(())
    }

    /// Writes a stream whose `data` is already encoded as `filter` says.
    pub fn stream_raw(&mut self, id: u32, dict: &[u8], filter: &[u8], data: &[u8]) {
        self.xref[id as usize] = Entry::Direct(self.out.len());
        let _ = write!(self.out, "{id} 0 obj\n<<");
        self.out.extend_from_slice(dict);
        self.out.extend_from_slice(filter);
        let _ = write!(self.out, "/Length {}>>\nstream\n", data.len());
        self.out.extend_from_slice(data);
        self.out.extend_from_slice(b"\nendstream\nendobj\n");
    }

    fn flush_packed(&mut self) -> Result<(), std::io::Error> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let stream = self.reserve();
        let mut header = Vec::with_capacity(self.pending.len() * 12);
        for (index, (id, offset)) in self.pending.iter().enumerate() {
            let _ = write!(header, "{id} {offset} ");
            self.xref[*id as usize] = Entry::Packed {
                stream,
                index: index as u32,
            };
        }
        let first = header.len();
        header.extend_from_slice(&self.packed);
        let dict = format!("/Type/ObjStm/N {}/First {first}", self.pending.len());
        // The best level: the numbers of thousands of small objects are what is left to
        // squeeze, a few percent more for a millisecond or two.
        let compressed = deflate_at(&header, flate2::Compression::best())?;
        self.stream_raw(stream, dict.as_bytes(), b"/Filter/FlateDecode", &compressed);
        self.pending.clear();
        self.packed.clear();
        Ok(())
    }

    /// Ends the file: the last object stream, the cross-reference stream with the trailer
    /// entries (`root`, `info`, the file id as 32 hex digits), and `%%EOF`.
    pub fn finish(
        mut self,
        root: u32,
        info: u32,
        file_id: &str,
    ) -> Result<Vec<u8>, std::io::Error> {
        self.flush_packed()?;
        let xref_id = self.reserve();
        let start = self.out.len();
        self.xref[xref_id as usize] = Entry::Direct(start);
        // Rows of 7 bytes, each stored as its difference from the row above (the PNG "Up"
        // predictor): neighbouring entries differ in a byte or two, so the table deflates
        // to a fraction.
        let mut table = Vec::with_capacity(self.xref.len() * 8);
        let mut above = [0u8; 7];
        for entry in &self.xref {
            let (kind, a, b): (u8, u32, u16) = match *entry {
                Entry::Free => (0, 0, 0xFFFF),
                Entry::Direct(offset) => (1, offset as u32, 0),
                Entry::Packed { stream, index } => (2, stream, index as u16),
            };
            let mut row = [0u8; 7];
            row[0] = kind;
            row[1..5].copy_from_slice(&a.to_be_bytes());
            row[5..7].copy_from_slice(&b.to_be_bytes());
            table.push(2);
            table.extend(row.iter().zip(above).map(|(r, u)| r.wrapping_sub(u)));
            above = row;
        }
        let dict = format!(
            "/Type/XRef/Size {}/W[1 4 2]/Root {root} 0 R/Info {info} 0 R\
             /ID[<{file_id}><{file_id}>]/DecodeParms<</Predictor 12/Columns 7>>",
            self.xref.len()
        );
        self.stream(xref_id, dict.as_bytes(), &table, true)?;
        let _ = write!(self.out, "startxref\n{start}\n%%EOF\n");
        Ok(self.out)
    }
}

/// Deflates `data` (zlib, best level: the fonts and pages are most of the file, and the
/// best level keeps a percent of them for a few milliseconds of a build).
pub fn deflate_bytes(data: &[u8]) -> Result<Vec<u8>, std::io::Error> {
    deflate_at(data, flate2::Compression::best())
}

fn deflate_at(data: &[u8], level: flate2::Compression) -> Result<Vec<u8>, std::io::Error> {
    let mut encoder =
        flate2::write::ZlibEncoder::new(Vec::with_capacity(data.len() / 3 + 64), level);
    encoder.write_all(data)?;
    encoder.finish()
}

/// Appends `v / 10^decimals` in the shortest decimal form: no exponent, no trailing zeros,
/// no `-0`.
pub fn fixed(out: &mut Vec<u8>, v: i64, decimals: u32) {
    let scale = 10i64.pow(decimals);
    if v < 0 {
        out.push(b'-');
    }
    let a = v.unsigned_abs();
    let _ = write!(out, "{}", a / scale as u64);
    let mut frac = a % scale as u64;
    if frac != 0 {
        let mut digits = decimals as usize;
        while frac.is_multiple_of(10) {
            frac /= 10;
            digits -= 1;
        }
        let _ = write!(out, ".{frac:0digits$}");
    }
}

/// Appends `v` to a hundredth (finer than any printer, and half the digits of a float).
pub fn num(out: &mut Vec<u8>, v: f32) {
    fixed(out, hundredths(v), 2);
}

/// `v` in hundredths, rounded.
pub fn hundredths(v: f32) -> i64 {
    (f64::from(v) * 100.0).round() as i64
}

/// A text string in UTF-16BE with a byte-order mark, as a hex string.
pub fn text_string(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(b"<FEFF");
    for unit in s.encode_utf16() {
        let _ = write!(out, "{unit:04X}");
    }
    out.push(b'>');
}

/// A literal string of bytes, with the characters a literal string gives meaning escaped
/// (a bare carriage return would be read as a line feed).
pub fn literal(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'(');
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
    out.push(b')');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(v: i64, decimals: u32) -> String {
        let mut out = Vec::new();
        fixed(&mut out, v, decimals);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(show(0, 2), "0");
        assert_eq!(show(-0, 2), "0");
        assert_eq!(show(12_345, 2), "123.45");
        assert_eq!(show(12_340, 2), "123.4");
        assert_eq!(show(12_300, 2), "123");
        assert_eq!(show(-5, 2), "-0.05");
        assert_eq!(show(7, 3), "0.007");
        assert_eq!(hundredths(841.889_8), 84_189);
    }

    #[test]
    fn literal_strings_escape_what_they_must() {
        let mut out = Vec::new();
        literal(&mut out, b"a(b)\\\r\n\x00");
        assert_eq!(out, b"(a\\(b\\)\\\\\\r\n\x00)");
    }

    #[test]
    fn a_file_reads_back() {
        let mut file = PdfFile::new();
        let catalog = file.reserve();
        let pages = file.reserve();
        let info = file.reserve();
        file.object(
            catalog,
            format!("<</Type/Catalog/Pages {pages} 0 R>>").as_bytes(),
        )
        .unwrap();
        file.object(pages, b"<</Type/Pages/Kids[]/Count 0>>")
            .unwrap();
        file.object(info, b"<</Producer(t)>>").unwrap();
        let bytes = file
            .finish(catalog, info, "00112233445566778899aabbccddeeff")
            .unwrap();
        let doc = lopdf::Document::load_mem(&bytes).expect("lopdf reads it");
        assert_eq!(
            doc.catalog()
                .unwrap()
                .get(b"Type")
                .unwrap()
                .as_name()
                .unwrap(),
            b"Catalog"
        );
        assert!(doc.trailer.get(b"ID").is_ok());
    }
}
