//! The font: advances measured with ttf-parser, text normalised for a one-code-point-per-glyph
//! ToUnicode map, and the face subset (with allsorts) before it is embedded.

use std::cell::Cell;
use std::collections::BTreeMap;

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
    /// The subset font program (TrueType).
    pub bytes: Vec<u8>,
    /// Original glyph id → glyph id in the subset.
    pub glyphs: BTreeMap<u16, u16>,
    /// The six-letter subset tag, derived from the glyph set (deterministic).
    pub tag: String,
}

/// Subsets `font` to `glyphs` (plus `.notdef`).
pub fn subset(font: &[u8], glyphs: &[u16]) -> Result<Subset, PdfError> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{CmapTarget, SubsetProfile};

    let mut ids: Vec<u16> = vec![0];
    let mut sorted: Vec<u16> = glyphs.iter().copied().filter(|g| *g != 0).collect();
    sorted.sort_unstable();
    sorted.dedup();
    ids.extend(sorted);

    let scope = ReadScope::new(font);
    let data = scope
        .read::<FontData<'_>>()
        .map_err(|e| PdfError::Font(e.to_string()))?;
    let provider = data
        .table_provider(0)
        .map_err(|e| PdfError::Font(e.to_string()))?;
    let bytes = allsorts::subset::subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| PdfError::Font(format!("サブセット化に失敗しました: {e}")))?;
    // allsorts numbers the kept glyphs by their position in `ids`.
    let map = ids
        .iter()
        .enumerate()
        .map(|(new, old)| (*old, new as u16))
        .collect();
    Ok(Subset {
        bytes,
        glyphs: map,
        tag: subset_tag(&ids),
    })
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
