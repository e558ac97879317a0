//! PDF file syntax: numbered objects written as they come, small ones packed into
//! compressed object streams, and a cross-reference stream at the end.
//!
//! The writer above it hands over finished objects one by one and keeps nothing of them,
//! so the memory of writing a book is the output bytes and an offset per object. Streams
//! are deflated on a second thread while the caller lays out what comes next, and the
//! caller deflates too when it would otherwise wait; either way a stream deflates to the
//! same bytes, and streams are written in the order they were handed over, so the file
//! does not depend on timing.

use std::collections::{BTreeMap, VecDeque};
use std::io::Write as _;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

/// Bytes of packed objects per object stream. The structure tree's thousands of small
/// dictionaries compress well together; streams of this size deflate to within a few
/// hundred bytes of one stream for the whole sample book, can be deflated while the next
/// is being filled, and each can go to a different thread. A reader still finds an object
/// without inflating the whole file.
const PACKED_BYTES: usize = 200 * 1024;

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

/// The deflate level of every stream. Level 7 gives the sample's book within 0.1% of the
/// best level's size (a few hundred bytes, some streams even smaller) in half its time:
/// levels 8 and 9 search longer matches that the structure tree's repeated dictionaries
/// and the pages' operators rarely have.
const LEVEL: u32 = 7;

/// Streams handed over and not yet written before the caller stops laying out and helps
/// deflating: it bounds the memory of a book whose pages come faster than they deflate.
const QUEUED: usize = 4;

/// A stream handed over but not yet written to the file.
struct Queued {
    id: u32,
    dict: Vec<u8>,
    data: Body,
}

/// What a queued stream holds.
enum Body {
    /// The data as it is to be written, with its filter entry.
    Ready(&'static [u8], Vec<u8>),
    /// Deflate job number `n`, not yet done.
    Deflating(u64),
}

type Deflated = Result<Vec<u8>, std::io::Error>;

/// The deflate jobs of a file: waiting ones, and results not yet collected.
#[derive(Default)]
struct Jobs {
    waiting: VecDeque<(u64, Vec<u8>)>,
    done: BTreeMap<u64, Deflated>,
    /// Set when the file is finished or dropped: the thread stops.
    closed: bool,
}

/// The jobs shared by the file and its deflate thread.
#[derive(Default)]
struct Deflater {
    jobs: Mutex<Jobs>,
    changed: Condvar,
}

impl Deflater {
    /// The shared jobs, with a thread that deflates them while there are any. Without a
    /// thread (the system gives none) the caller deflates each when it needs it.
    fn start() -> Arc<Deflater> {
        let deflater = Arc::new(Deflater::default());
        let shared = Arc::clone(&deflater);
        let _ = std::thread::Builder::new()
            .name("pdf-deflate".to_string())
            .spawn(move || {
                while let Some((n, data)) = shared.next() {
                    shared.run(n, &data);
                }
            });
        deflater
    }

    fn lock(&self) -> MutexGuard<'_, Jobs> {
        // A panic while holding the lock leaves the queue as it was between two jobs.
        self.jobs.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The next waiting job; `None` once the file is closed.
    fn next(&self) -> Option<(u64, Vec<u8>)> {
        let mut jobs = self.lock();
        loop {
            if jobs.closed {
                return None;
            }
            if let Some(job) = jobs.waiting.pop_front() {
                return Some(job);
            }
            jobs = self.changed.wait(jobs).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Deflates job `n` and files its result.
    fn run(&self, n: u64, data: &[u8]) {
        let result = std::panic::catch_unwind(|| deflate_bytes(data))
            .unwrap_or_else(|_| Err(std::io::Error::other("PDFの圧縮処理が途中で止まりました")));
        self.lock().done.insert(n, result);
        self.changed.notify_all();
    }

    /// The result of job `n`: collected if done; with `wait`, waited for, deflating waiting
    /// jobs on this thread meanwhile (oldest first, as the file needs them).
    fn result(&self, n: u64, wait: bool) -> Option<Deflated> {
        let mut jobs = self.lock();
        loop {
            if let Some(result) = jobs.done.remove(&n) {
                return Some(result);
            }
            if !wait {
                return None;
            }
            if let Some((m, data)) = jobs.waiting.pop_front() {
                drop(jobs);
                self.run(m, &data);
                jobs = self.lock();
            } else {
                jobs = self.changed.wait(jobs).unwrap_or_else(|e| e.into_inner());
            }
        }
    }

    fn close(&self) {
        self.lock().closed = true;
        self.changed.notify_all();
    }
}

/// A PDF file being written.
pub struct PdfFile {
    out: Vec<u8>,
    xref: Vec<Entry>,
    /// Objects waiting for the next object stream: their ids and offsets in `packed`.
    pending: Vec<(u32, usize)>,
    packed: Vec<u8>,
    /// Streams not yet written, oldest first.
    queue: VecDeque<Queued>,
    deflater: Arc<Deflater>,
    next_job: u64,
}

impl Default for PdfFile {
    fn default() -> Self {
        PdfFile::new()
    }
}

impl Drop for PdfFile {
    fn drop(&mut self) {
        self.deflater.close();
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
            queue: VecDeque::new(),
            deflater: Deflater::start(),
            next_job: 0,
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
        if self.packed.len() >= PACKED_BYTES {
            self.flush_packed()?;
        }
        Ok(())
    }

    /// Writes object `id` as a stream with the dictionary entries `dict` (without `<<` and
    /// `>>`), deflating `data` when `deflate` is set. The stream takes its place in the file
    /// in call order, once deflated.
    pub fn stream(
        &mut self,
        id: u32,
        dict: &[u8],
        data: Vec<u8>,
        deflate: bool,
    ) -> Result<(), std::io::Error> {
        let data = if deflate {
            let n = self.next_job;
            self.next_job += 1;
            self.deflater.lock().waiting.push_back((n, data));
            self.deflater.changed.notify_all();
            Body::Deflating(n)
        } else {
            Body::Ready(b"", data)
        };
        self.queue.push_back(Queued {
            id,
            dict: dict.to_vec(),
            data,
        });
        self.write_queued(false)
    }

    /// Writes the queued streams that are ready, in order; with `wait`, all of them. More
    /// than [`QUEUED`] waiting streams count as `wait`.
    fn write_queued(&mut self, wait: bool) -> Result<(), std::io::Error> {
        loop {
            let queued = self.queue.len();
            let Some(front) = self.queue.front_mut() else {
                break;
            };
            if let Body::Deflating(n) = front.data {
                let wait = wait || queued > QUEUED;
                match self.deflater.result(n, wait) {
                    Some(result) => front.data = Body::Ready(b"/Filter/FlateDecode", result?),
                    None => return Ok(()),
                }
            }
            if let Some(Queued {
                id,
                dict,
                data: Body::Ready(filter, data),
            }) = self.queue.pop_front()
            {
                self.write_stream(id, &dict, filter, &data);
            }
        }
        Ok(())
    }

    fn write_stream(&mut self, id: u32, dict: &[u8], filter: &[u8], data: &[u8]) {
        self.xref[id as usize] = Entry::Direct(self.out.len());
        let _ = write!(self.out, "{id} 0 obj\n<<");
        self.out.extend_from_slice(dict);
        self.out.extend_from_slice(filter);
        let _ = write!(self.out, "/Length {}>>\nstream\n", data.len());
        self.out.extend_from_slice(data);
        self.out.extend_from_slice(b"\nendstream\nendobj\n");
    }

    /// Writes out the objects packed so far as one object stream (deflated in turn with
    /// the other streams); later objects go into the next one.
    pub fn flush_packed(&mut self) -> Result<(), std::io::Error> {
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
        self.pending.clear();
        self.packed.clear();
        self.stream(stream, dict.as_bytes(), header, true)
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
        self.write_queued(true)?;
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
        self.stream(xref_id, dict.as_bytes(), table, true)?;
        self.write_queued(true)?;
        let _ = write!(self.out, "startxref\n{start}\n%%EOF\n");
        Ok(std::mem::take(&mut self.out))
    }
}

/// Deflates `data` (zlib, at [`LEVEL`]).
pub fn deflate_bytes(data: &[u8]) -> Result<Vec<u8>, std::io::Error> {
    let mut encoder = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(data.len() / 3 + 64),
        flate2::Compression::new(LEVEL),
    );
    encoder.write_all(data)?;
    encoder.finish()
}

/// Appends `v` in decimal. The structure tree and the pages write tens of thousands of
/// numbers, and `write!` takes each through the formatting machinery.
pub fn int(out: &mut Vec<u8>, v: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut v = v;
    loop {
        at -= 1;
        digits[at] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// Appends a reference to object `id` (`12 0 R`).
pub fn reference(out: &mut Vec<u8>, id: u32) {
    int(out, u64::from(id));
    out.extend_from_slice(b" 0 R");
}

/// Appends `v / 10^decimals` in the shortest decimal form: no exponent, no trailing zeros,
/// no `-0`.
pub fn fixed(out: &mut Vec<u8>, v: i64, decimals: u32) {
    let scale = 10i64.pow(decimals);
    if v < 0 {
        out.push(b'-');
    }
    let a = v.unsigned_abs();
    int(out, a / scale as u64);
    let mut frac = a % scale as u64;
    if frac != 0 {
        let mut digits = decimals;
        while frac.is_multiple_of(10) {
            frac /= 10;
            digits -= 1;
        }
        out.push(b'.');
        // Leading zeros of the fraction (0.05 has one).
        for _ in 0..digits.saturating_sub(frac.ilog10() + 1) {
            out.push(b'0');
        }
        int(out, frac);
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

    /// Ends `file` with an empty page tree, its catalog and info at the numbers reserved.
    fn finish_empty(mut file: PdfFile, [catalog, pages, info]: [u32; 3]) -> Vec<u8> {
        file.object(
            catalog,
            format!("<</Type/Catalog/Pages {pages} 0 R>>").as_bytes(),
        )
        .unwrap();
        file.object(pages, b"<</Type/Pages/Kids[]/Count 0>>")
            .unwrap();
        file.object(info, b"<</Producer(t)>>").unwrap();
        file.finish(catalog, info, "00112233445566778899aabbccddeeff")
            .unwrap()
    }

    #[test]
    fn a_file_reads_back() {
        let mut file = PdfFile::new();
        let ids = [file.reserve(), file.reserve(), file.reserve()];
        let bytes = finish_empty(file, ids);
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

    /// A file of `streams` (the first one large, so that later ones are done first), with
    /// enough packed objects for several object streams.
    fn many_streams(streams: &[Vec<u8>]) -> Vec<u8> {
        let mut file = PdfFile::new();
        let ids = [file.reserve(), file.reserve(), file.reserve()];
        for (k, data) in streams.iter().enumerate() {
            let id = file.reserve();
            file.stream(
                id,
                format!("/Test {k}").as_bytes(),
                data.clone(),
                k % 5 != 4,
            )
            .unwrap();
            let object = file.reserve();
            file.object(
                object,
                format!("<</K {k}/Pad({})>>", "x".repeat(4000)).as_bytes(),
            )
            .unwrap();
        }
        finish_empty(file, ids)
    }

    #[test]
    fn streams_deflated_on_two_threads_come_out_whole_in_order_and_the_same_each_time() {
        let streams: Vec<Vec<u8>> = (0..40u32)
            .map(|k| {
                let n = if k == 0 {
                    3_000_000
                } else {
                    2_000 + 37 * k as usize
                };
                (0..n).map(|i| ((i as u32 * 7 + k) % 251) as u8).collect()
            })
            .collect();
        let bytes = many_streams(&streams);
        let doc = lopdf::Document::load_mem(&bytes).expect("lopdf reads it");
        let mut found = 0;
        let mut packed = 0;
        for object in doc.objects.values() {
            match object {
                lopdf::Object::Stream(stream) => {
                    let Ok(k) = stream.dict.get(b"Test").and_then(lopdf::Object::as_i64) else {
                        continue;
                    };
                    let data = stream
                        .decompressed_content()
                        .unwrap_or_else(|_| stream.content.clone());
                    assert_eq!(data, streams[k as usize], "stream {k}");
                    found += 1;
                }
                lopdf::Object::Dictionary(d) if d.get(b"K").is_ok() => packed += 1,
                _ => {}
            }
        }
        assert_eq!((found, packed), (streams.len(), streams.len()));
        // Streams are in the file in the order handed over, whatever finished first.
        let at = |k: usize| {
            let key = format!("/Test {k}/");
            bytes
                .windows(key.len())
                .position(|w| w == key.as_bytes())
                .unwrap_or_else(|| panic!("stream {k}"))
        };
        assert!((1..streams.len()).all(|k| at(k - 1) < at(k)));
        for _ in 0..3 {
            assert_eq!(many_streams(&streams), bytes);
        }
    }
}
