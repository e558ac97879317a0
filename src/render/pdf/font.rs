//! The font: advances measured with ttf-parser (and remembered per character), and text
//! normalised for a one-code-point-per-glyph ToUnicode map. `subset` cuts the face down
//! before it is embedded.

use std::cell::Cell;

use unicode_normalization::UnicodeNormalization;

use super::PdfError;
use super::layout::{Face, Measure};

/// One parsed face.
pub struct Metrics<'a> {
    face: ttf_parser::Face<'a>,
    units_per_em: f32,
    /// Glyph + 1 (low half) and advance in font units (high half) of each BMP character
    /// looked up so far (0: not yet): a book measures the same few thousand characters
    /// millions of times, and the cmap and hmtx searches dominated.
    glyphs: Box<[Cell<u64>]>,
}

impl<'a> Metrics<'a> {
    /// Parses a TrueType/OpenType face.
    pub fn parse(bytes: &'a [u8]) -> Result<Metrics<'a>, PdfError> {
        // Refused now, not after the book is laid out.
        super::subset::check(bytes)?;
        let face = ttf_parser::Face::parse(bytes, 0).map_err(|e| PdfError::Font(e.to_string()))?;
        let units_per_em = f32::from(face.units_per_em());
        Ok(Metrics {
            face,
            units_per_em,
            glyphs: vec![Cell::new(0); 0x1_0000].into_boxed_slice(),
        })
    }

    /// The glyph of `c` (`.notdef`, 0, when the face lacks it) and its advance in font
    /// units (`None` when the face gives none).
    fn lookup(&self, c: char) -> (u16, Option<u16>) {
        let find = || {
            let glyph = self.face.glyph_index(c).map_or(0, |g| g.0);
            let advance = self.face.glyph_hor_advance(ttf_parser::GlyphId(glyph));
            (glyph, advance)
        };
        let Some(slot) = self.glyphs.get(c as usize) else {
            return find();
        };
        match slot.get() {
            0 => {
                let (glyph, advance) = find();
                // Glyph + 1 keeps 0 for "not yet"; an advance of u32::MAX stands for none.
                let high = advance.map_or(u64::from(u32::MAX), u64::from);
                slot.set((high << 32) | (u64::from(glyph) + 1));
                (glyph, advance)
            }
            cached => {
                let high = (cached >> 32) as u32;
                (
                    ((cached & 0xFFFF_FFFF) - 1) as u16,
                    u16::try_from(high).ok(),
                )
            }
        }
    }

    /// The glyph of `c`, or `.notdef` (0) when the face lacks it.
    pub fn glyph(&self, c: char) -> u16 {
        self.lookup(c).0
    }

    /// The advance of `c` in em.
    pub fn advance_em(&self, c: char) -> f32 {
        self.lookup(c)
            .1
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
pub fn normalize(text: &str) -> std::borrow::Cow<'_, str> {
    // Most text has nothing to change: it is borrowed, and a copy starts at the first
    // character that changes.
    let mut out: Option<String> = None;
    for (at, c) in text.char_indices() {
        match (replacement(c), &mut out) {
            (None, None) => {}
            (None, Some(out)) => out.push(c),
            (Some(shown), Some(out)) => out.push_str(&shown),
            (Some(shown), None) => {
                let mut copy = String::with_capacity(text.len());
                copy.push_str(&text[..at]);
                copy.push_str(&shown);
                out = Some(copy);
            }
        }
    }
    out.map_or(std::borrow::Cow::Borrowed(text), std::borrow::Cow::Owned)
}

/// What [`normalize`] shows for `c`, when it is not `c` itself.
fn replacement(c: char) -> Option<String> {
    let cp = u32::from(c);
    if (0x2F00..=0x2FD5).contains(&cp) || (0x2E80..=0x2EF3).contains(&cp) {
        Some(std::iter::once(c).nfkc().collect())
    } else if (0xF900..=0xFAFF).contains(&cp) || (0x2F800..=0x2FA1F).contains(&cp) {
        Some(std::iter::once(c).nfc().collect())
    } else if c == '\t' {
        Some(" ".to_string())
    } else if crate::text::is_unshowable(c) || crate::text::is_bidi_control(c) {
        // A PDF has no bidi algorithm and the font no glyph for these: a visible mark.
        Some(crate::text::REPLACEMENT.to_string())
    } else {
        None
    }
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
