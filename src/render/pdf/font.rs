//! The font: advances measured with ttf-parser, text normalised for a one-code-point-per-glyph
//! ToUnicode map, and the face subset (with allsorts) before it is embedded.

use std::cell::Cell;

use unicode_normalization::UnicodeNormalization;

use super::PdfError;
use super::layout::{Face, Measure};

/// One parsed face.
pub struct Metrics<'a> {
    face: ttf_parser::Face<'a>,
    units_per_em: f32,
    /// Glyph + 1 of each BMP character looked up so far (0: not yet): a book measures the
    /// same few thousand characters millions of times, and the cmap search dominated.
    glyphs: Box<[Cell<u32>]>,
}

impl<'a> Metrics<'a> {
    /// Parses a TrueType/OpenType face.
    pub fn parse(bytes: &'a [u8]) -> Result<Metrics<'a>, PdfError> {
        let face = ttf_parser::Face::parse(bytes, 0).map_err(|e| PdfError::Font(e.to_string()))?;
        let units_per_em = f32::from(face.units_per_em());
        Ok(Metrics {
            face,
            units_per_em,
            glyphs: vec![Cell::new(0); 0x1_0000].into_boxed_slice(),
        })
    }

    /// The glyph of `c`, or `.notdef` (0) when the face lacks it.
    pub fn glyph(&self, c: char) -> u16 {
        let lookup = || self.face.glyph_index(c).map_or(0, |g| g.0);
        let Some(slot) = self.glyphs.get(c as usize) else {
            return lookup();
        };
        match slot.get() {
            0 => {
                let glyph = lookup();
                slot.set(u32::from(glyph) + 1);
                glyph
            }
            // Stored as glyph + 1, and glyph ids are 16-bit.
            cached => (cached - 1) as u16,
        }
    }

    /// The advance of `c` in em.
    pub fn advance_em(&self, c: char) -> f32 {
        let gid = ttf_parser::GlyphId(self.glyph(c));
        self.face
            .glyph_hor_advance(gid)
            .map_or(1.0, |a| f32::from(a) / self.units_per_em)
    }

    /// The PostScript name from the `name` table, for `/BaseFont`.
    pub fn postscript_name(&self) -> String {
        self.face
            .names()
            .into_iter()
            .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .find_map(|n| n.to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "HyokaFont".to_string())
    }
}

/// The regular and bold faces.
pub struct Fonts<'a> {
    /// Regular face.
    pub regular: Metrics<'a>,
    /// Bold face.
    pub bold: Metrics<'a>,
}

impl<'a> Fonts<'a> {
    /// Parses both faces of a font set.
    pub fn parse(regular: &'a [u8], bold: &'a [u8]) -> Result<Fonts<'a>, PdfError> {
        Ok(Fonts {
            regular: Metrics::parse(regular)?,
            bold: Metrics::parse(bold)?,
        })
    }

    /// The face for `face`.
    pub fn get(&self, face: Face) -> &Metrics<'a> {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
        }
    }
}

impl Measure for Fonts<'_> {
    fn advance(&self, face: Face, c: char, size: f32) -> f32 {
        self.get(face).advance_em(c) * size
    }
}

/// Normalises text for the PDF: Kangxi radicals (U+2F00–U+2FD5) and CJK compatibility
/// ideographs become the unified ideographs they stand for, because the ToUnicode map
/// keeps one code point per glyph and would otherwise turn every 日 on the page into ⽇.
/// Tabs become spaces. Everything else is left as written.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let cp = u32::from(c);
        if (0x2F00..=0x2FD5).contains(&cp) || (0x2E80..=0x2EF3).contains(&cp) {
            out.extend(std::iter::once(c).nfkc());
        } else if (0xF900..=0xFAFF).contains(&cp) || (0x2F800..=0x2FA1F).contains(&cp) {
            out.extend(std::iter::once(c).nfc());
        } else if c == '\t' {
            out.push(' ');
        } else if crate::text::is_unshowable(c) || crate::text::is_bidi_control(c) {
            // A PDF has no bidi algorithm and the font no glyph for these: a visible mark.
            out.push(crate::text::REPLACEMENT);
        } else {
            out.push(c);
        }
    }
    out
}

/// A face cut down to the glyphs a document uses.
pub struct Subset {
    /// The subset font program (TrueType), its glyphs numbered as in the order given.
    pub bytes: Vec<u8>,
    /// The six-letter subset tag, derived from the glyph order (deterministic).
    pub tag: String,
}

/// Subsets `font` to `order`, the glyphs in the order they are to be numbered: `.notdef`
/// (glyph 0) first, each glyph once. Glyph `order[i]` becomes glyph `i` of the subset, so a
/// page can be written with its glyphs' new numbers before the last page is known.
pub fn subset(font: &[u8], order: &[u16]) -> Result<Subset, PdfError> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::prince::{PrinceCmapTarget, subset as subset_font};

    let scope = ReadScope::new(font);
    let data = scope
        .read::<FontData<'_>>()
        .map_err(|e| PdfError::Font(e.to_string()))?;
    let provider = data
        .table_provider(0)
        .map_err(|e| PdfError::Font(e.to_string()))?;
    // allsorts numbers the kept glyphs by their position in `order` (and appends the parts
    // of composite glyphs after them). No cmap: the PDF selects glyphs by number
    // (CIDToGIDMap Identity) and maps them to text with its ToUnicode map.
    let bytes = subset_font(&provider, order, PrinceCmapTarget::Omit, false)
        .map_err(|e| PdfError::Font(format!("サブセット化に失敗しました: {e}")))?;
    // A font this code cannot take apart keeps its hinting rather than failing the book.
    let bytes = strip_hinting(&bytes).unwrap_or(bytes);
    Ok(Subset {
        bytes,
        tag: subset_tag(order),
    })
}

/// What a PDF font descriptor says of a face, in thousandths of an em.
#[derive(Debug, Clone, Copy)]
pub struct Descriptor {
    /// Ascender.
    pub ascent: i32,
    /// Descender (negative).
    pub descent: i32,
    /// Height of capital letters.
    pub cap_height: i32,
    /// Bounding box of all glyphs: x min, y min, x max, y max.
    pub bbox: [i32; 4],
    /// Estimated vertical stem width (no table carries it; from the weight class).
    pub stem_v: i32,
}

impl Metrics<'_> {
    /// The advance of glyph `gid` in thousandths of an em (a PDF width).
    pub fn width(&self, gid: u16) -> i32 {
        self.face
            .glyph_hor_advance(ttf_parser::GlyphId(gid))
            .map_or(1000, |a| self.thousandths(i32::from(a)))
    }

    fn thousandths(&self, units: i32) -> i32 {
        (units as f32 * 1000.0 / self.units_per_em).round() as i32
    }

    /// The face's metrics for the font descriptor.
    pub fn descriptor(&self) -> Descriptor {
        let f = &self.face;
        let ascent = self.thousandths(i32::from(f.ascender()));
        let b = f.global_bounding_box();
        let weight = f32::from(f.weight().to_number());
        Descriptor {
            ascent,
            descent: self.thousandths(i32::from(f.descender())),
            cap_height: f
                .capital_height()
                .map_or(ascent, |c| self.thousandths(i32::from(c))),
            bbox: [b.x_min, b.y_min, b.x_max, b.y_max].map(|v| self.thousandths(i32::from(v))),
            stem_v: 50 + (weight / 65.0).powi(2).round() as i32,
        }
    }
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at + 2).map(|x| u16::from_be_bytes([x[0], x[1]]))
}

fn be32(b: &[u8], at: usize) -> Option<usize> {
    b.get(at..at + 4)
        .map(|x| u32::from_be_bytes([x[0], x[1], x[2], x[3]]) as usize)
}

/// The sum of a table's big-endian words, as the table directory records it.
fn table_checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut word = [0u8; 4];
        word[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// The TrueType program without its hinting and names: each glyph's instructions and the
/// `fpgm`, `prep`, `cvt ` and `name` tables go (a PDF viewer renders the outlines without them, and in this
/// font they are a large part of every glyph). `None` when the font is not read as expected.
fn strip_hinting(font: &[u8]) -> Option<Vec<u8>> {
    let count = usize::from(be16(font, 4)?);
    let mut tables: Vec<([u8; 4], Vec<u8>)> = Vec::with_capacity(count);
    for i in 0..count {
        let record = 12 + 16 * i;
        let tag: [u8; 4] = font.get(record..record + 4)?.try_into().ok()?;
        let offset = be32(font, record + 8)?;
        let length = be32(font, record + 12)?;
        tables.push((tag, font.get(offset..offset + length)?.to_vec()));
    }
    let table = |tag: &[u8; 4]| tables.iter().find(|t| &t.0 == tag).map(|t| t.1.as_slice());
    let long = be16(table(b"head")?, 50)? == 1;
    let loca = table(b"loca")?;
    let glyf = table(b"glyf")?;
    let offset = |g: usize| {
        if long {
            be32(loca, 4 * g)
        } else {
            be16(loca, 2 * g).map(|o| usize::from(o) * 2)
        }
    };
    let glyphs = (if long { loca.len() / 4 } else { loca.len() / 2 }).checked_sub(1)?;
    let mut new_glyf = Vec::with_capacity(glyf.len());
    let mut offsets = Vec::with_capacity(glyphs + 1);
    for g in 0..glyphs {
        offsets.push(new_glyf.len());
        let data = glyf.get(offset(g)?..offset(g + 1)?)?;
        if data.is_empty() {
            continue;
        }
        let contours = be16(data, 0)? as i16;
        if contours >= 0 {
            // Header, end points, then the instructions' length and the instructions.
            let at = 10 + 2 * usize::try_from(contours).ok()?;
            let skip = usize::from(be16(data, at)?);
            new_glyf.extend_from_slice(data.get(..at)?);
            new_glyf.extend_from_slice(&[0, 0]);
            new_glyf.extend_from_slice(data.get(at + 2 + skip..)?);
        } else {
            // A composite: its components, then instructions when the last says so.
            let mut at = 10;
            let mut last;
            loop {
                let flags = be16(data, at)?;
                last = at;
                at += 4 + if flags & 0x1 != 0 { 4 } else { 2 };
                at += if flags & 0x8 != 0 {
                    2
                } else if flags & 0x40 != 0 {
                    4
                } else if flags & 0x80 != 0 {
                    8
                } else {
                    0
                };
                if flags & 0x20 == 0 {
                    break;
                }
            }
            let mut kept = data.get(..at)?.to_vec();
            kept[last] &= !0x01; // WE_HAVE_INSTRUCTIONS (0x0100)
            new_glyf.extend_from_slice(&kept);
        }
        while new_glyf.len() % 4 != 0 {
            new_glyf.push(0);
        }
    }
    offsets.push(new_glyf.len());
    let mut new_loca = Vec::with_capacity(loca.len());
    for o in offsets {
        if long {
            new_loca.extend_from_slice(&u32::try_from(o).ok()?.to_be_bytes());
        } else {
            new_loca.extend_from_slice(&u16::try_from(o / 2).ok()?.to_be_bytes());
        }
    }
    // The names go too: the PDF names the font itself (BaseFont, FontName), and viewers
    // and text extraction read those.
    tables.retain(|t| !matches!(&t.0, b"fpgm" | b"prep" | b"cvt " | b"name"));
    for (tag, data) in &mut tables {
        match &*tag {
            b"glyf" => *data = std::mem::take(&mut new_glyf),
            b"loca" => *data = std::mem::take(&mut new_loca),
            // maxSizeOfInstructions; checkSumAdjustment is set below.
            b"maxp" if data.len() >= 28 => data[26..28].copy_from_slice(&[0, 0]),
            b"head" if data.len() >= 12 => data[8..12].copy_from_slice(&[0; 4]),
            _ => {}
        }
    }
    let n = u16::try_from(tables.len()).ok()?;
    let selector = 15 - n.leading_zeros() as u16;
    let range = (1u16 << selector) * 16;
    let mut out = font.get(..4)?.to_vec();
    for v in [n, range, selector, n * 16 - range] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut at = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in &tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&table_checksum(data).to_be_bytes());
        out.extend_from_slice(&u32::try_from(at).ok()?.to_be_bytes());
        out.extend_from_slice(&u32::try_from(data.len()).ok()?.to_be_bytes());
        if tag == b"head" {
            head_at = Some(at);
        }
        at += data.len().div_ceil(4) * 4;
    }
    for (_, data) in &tables {
        out.extend_from_slice(data);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    if let Some(head) = head_at {
        let adjust = 0xB1B0_AFBAu32.wrapping_sub(table_checksum(&out));
        out[head + 8..head + 12].copy_from_slice(&adjust.to_be_bytes());
    }
    Some(out)
}

/// Six upper-case letters from an FNV-1a hash of the glyph ids.
fn subset_tag(ids: &[u16]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for id in ids {
        for b in id.to_be_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 5)) % 26) as u8))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn controls_become_the_geta_mark_the_font_has() {
        assert_eq!(
            super::normalize("研修\u{1b}[2J\u{9b}\t済\u{202E}"),
            "研修〓[2J〓 済〓"
        );
    }

    use super::*;

    #[test]
    fn kangxi_and_compatibility_ideographs_become_unified() {
        assert_eq!(normalize("\u{2F47}本\u{F91D}"), "日本欄");
        assert_eq!(normalize("１２３、ｶﾅ"), "１２３、ｶﾅ");
    }
}
