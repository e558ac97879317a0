//! The embedded font program: a TrueType face cut down to the glyphs the book draws,
//! renumbered in the order the pages first use them, without hinting or names.
//!
//! The face is cut here, table by table: the kept glyphs' outlines are copied as they are
//! (only their instructions dropped and a composite's parts renumbered), a copy of a few
//! hundred kilobytes. The book embeds TrueType outlines (`FontFile2`); [`check`] refuses
//! any other face when the fonts are loaded.

use super::PdfError;

/// A face cut down to the glyphs a document uses.
pub struct Subset {
    /// The subset font program (TrueType), its glyphs numbered as in the order given.
    pub bytes: Vec<u8>,
    /// The six-letter subset tag, derived from the glyph order (deterministic).
    pub tag: String,
}

/// Subsets `font` to `order`, the glyphs in the order they are to be numbered: `.notdef`
/// (glyph 0) first, each glyph once. Glyph `order[i]` becomes glyph `i` of the subset, so a
/// page can be written with its glyphs' new numbers before the last page is known; the
/// parts of composite glyphs follow them.
pub fn subset(font: &[u8], order: &[u16]) -> Result<Subset, PdfError> {
    let bytes = truetype(font, order).ok_or_else(|| {
        PdfError::Font(
            "サブセット化に失敗しました（TrueType のフォントとして読めません）".to_string(),
        )
    })?;
    Ok(Subset {
        bytes,
        tag: subset_tag(order),
    })
}

/// Whether `font` is a face [`subset`] can cut: TrueType outlines (`glyf`), alone or the
/// first face of a collection. An error names what is wrong, for the user who put another
/// font in the fonts folder.
pub fn check(font: &[u8]) -> Result<(), PdfError> {
    let dir = directory(font).ok_or_else(|| {
        PdfError::Font("TrueType（.ttf / .ttc）のフォントではありません".to_string())
    })?;
    if table(font, dir, b"glyf").is_none() || table(font, dir, b"loca").is_none() {
        return Err(PdfError::Font(
            "TrueType アウトライン（glyf）のないフォント（CFF の .otf など）は埋め込めません。TrueType のフォント（.ttf）を使ってください".to_string(),
        ));
    }
    // The tables a subset needs, read as a subset reads them (to .notdef alone).
    if truetype(font, &[0]).is_none() {
        return Err(PdfError::Font(
            "フォントの表（head・hhea・hmtx・maxp・loca・glyf）が読めません（壊れたフォントファイルの可能性があります）".to_string(),
        ));
    }
    Ok(())
}

/// Where the table directory of the (first) face starts.
fn directory(font: &[u8]) -> Option<usize> {
    let dir = match be32(font, 0)? {
        0x0001_0000 | 0x7472_7565 => 0,
        // 'ttcf': a collection; its first face.
        0x7474_6366 => be32(font, 12)?,
        _ => return None,
    };
    matches!(be32(font, dir)?, 0x0001_0000 | 0x7472_7565).then_some(dir)
}

/// The table `tag` of the face whose directory starts at `dir` (offsets count from the
/// start of the file, in a collection too).
fn table<'a>(font: &'a [u8], dir: usize, tag: &[u8; 4]) -> Option<&'a [u8]> {
    let count = usize::from(be16(font, dir + 4)?);
    (0..count).find_map(|i| {
        let record = dir + 12 + 16 * i;
        if font.get(record..record + 4)? != tag {
            return None;
        }
        let offset = be32(font, record + 8)?;
        font.get(offset..offset + be32(font, record + 12)?)
    })
}

/// Composite glyph flags (the `glyf` table's component records).
const ARGS_ARE_WORDS: u16 = 0x0001;
const HAS_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const HAS_XY_SCALE: u16 = 0x0040;
const HAS_TWO_BY_TWO: u16 = 0x0080;
const HAS_INSTRUCTIONS: u16 = 0x0100;

/// The component records of a composite glyph: the offset of each record and of the end
/// of the last one (instructions, if any, follow it).
fn components(data: &[u8]) -> Option<(Vec<usize>, usize)> {
    let mut records = Vec::new();
    let mut at = 10;
    loop {
        let flags = be16(data, at)?;
        records.push(at);
        at += 4 + if flags & ARGS_ARE_WORDS != 0 { 4 } else { 2 };
        at += if flags & HAS_SCALE != 0 {
            2
        } else if flags & HAS_XY_SCALE != 0 {
            4
        } else if flags & HAS_TWO_BY_TWO != 0 {
            8
        } else {
            0
        };
        if flags & MORE_COMPONENTS == 0 {
            return Some((records, at));
        }
    }
}

/// The TrueType program of the glyphs `order` (and the parts of its composites), with the
/// tables a PDF viewer reads — `glyf`, `loca`, `head`, `hhea`, `hmtx`, `maxp` and a
/// names-free `post` — and without hinting: each glyph's instructions and the `fpgm`,
/// `prep` and `cvt ` tables go (a viewer renders the outlines without them, and in this
/// font they are a large part of every glyph), as do `name` (the PDF names the font
/// itself) and `cmap` (the PDF selects glyphs by number). `None` when `font` is not a
/// TrueType face read as expected, or when `order` names a glyph the face lacks.
fn truetype(font: &[u8], order: &[u16]) -> Option<Vec<u8>> {
    let dir = directory(font)?;
    let table = |tag: &[u8; 4]| table(font, dir, tag);
    let (head, hhea, hmtx, maxp) = (
        table(b"head")?,
        table(b"hhea")?,
        table(b"hmtx")?,
        table(b"maxp")?,
    );
    let (loca, glyf) = (table(b"loca")?, table(b"glyf")?);
    let long = be16(head, 50)? == 1;
    let glyph_count = usize::from(be16(maxp, 4)?);
    let metric_count = usize::from(be16(hhea, 34)?);
    if metric_count == 0 || metric_count > glyph_count {
        return None;
    }
    let offset = |g: usize| {
        if long {
            be32(loca, 4 * g)
        } else {
            be16(loca, 2 * g).map(|o| usize::from(o) * 2)
        }
    };
    let outline = |g: u16| {
        let g = usize::from(g);
        if g >= glyph_count {
            return None;
        }
        glyf.get(offset(g)?..offset(g + 1)?)
    };

    // The new number of each old glyph (u16::MAX: not kept), the order, then the parts of
    // composites that the order lacks, in the order they are found.
    let mut new_id = vec![u16::MAX; glyph_count];
    let mut kept: Vec<u16> = Vec::with_capacity(order.len());
    for &g in order {
        if *new_id.get(usize::from(g))? == u16::MAX {
            new_id[usize::from(g)] = u16::try_from(kept.len()).ok()?;
            kept.push(g);
        }
    }
    let mut i = 0;
    while i < kept.len() {
        let data = outline(kept[i])?;
        if data.len() >= 10 && (be16(data, 0)? as i16) < 0 {
            for at in components(data)?.0 {
                let part = be16(data, at + 2)?;
                if *new_id.get(usize::from(part))? == u16::MAX {
                    new_id[usize::from(part)] = u16::try_from(kept.len()).ok()?;
                    kept.push(part);
                }
            }
        }
        i += 1;
    }

    let mut new_glyf = Vec::new();
    let mut offsets = Vec::with_capacity(kept.len() + 1);
    let mut new_hmtx = Vec::with_capacity(4 * kept.len());
    for &g in &kept {
        offsets.push(new_glyf.len());
        let data = outline(g)?;
        let g = usize::from(g);
        let (advance, bearing) = if g < metric_count {
            (be16(hmtx, 4 * g)?, be16(hmtx, 4 * g + 2)?)
        } else {
            (
                be16(hmtx, 4 * (metric_count - 1))?,
                be16(hmtx, 4 * metric_count + 2 * (g - metric_count))?,
            )
        };
        new_hmtx.extend_from_slice(&advance.to_be_bytes());
        new_hmtx.extend_from_slice(&bearing.to_be_bytes());
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
            // A composite: its components, renumbered, without the instructions.
            let (records, end) = components(data)?;
            let start = new_glyf.len();
            new_glyf.extend_from_slice(data.get(..end)?);
            for at in &records {
                let part = new_id[usize::from(be16(data, at + 2)?)];
                new_glyf[start + at + 2..start + at + 4].copy_from_slice(&part.to_be_bytes());
            }
            let last = start + records.last()?;
            new_glyf[last] &= !((HAS_INSTRUCTIONS >> 8) as u8);
        }
        while !new_glyf.len().is_multiple_of(4) {
            new_glyf.push(0);
        }
    }
    offsets.push(new_glyf.len());

    // Short offsets (halved) when they fit: two bytes a glyph less.
    let short = new_glyf.len() / 2 <= usize::from(u16::MAX);
    let mut new_loca = Vec::with_capacity(4 * offsets.len());
    for o in offsets {
        if short {
            new_loca.extend_from_slice(&u16::try_from(o / 2).ok()?.to_be_bytes());
        } else {
            new_loca.extend_from_slice(&u32::try_from(o).ok()?.to_be_bytes());
        }
    }
    let n = u16::try_from(kept.len()).ok()?.to_be_bytes();
    let mut new_head = head.get(..54)?.to_vec();
    new_head[8..12].copy_from_slice(&[0; 4]); // checkSumAdjustment, set by `assemble`
    new_head[50..52].copy_from_slice(&u16::from(!short).to_be_bytes());
    let mut new_hhea = hhea.get(..36)?.to_vec();
    new_hhea[34..36].copy_from_slice(&n);
    let mut new_maxp = maxp.to_vec();
    new_maxp[4..6].copy_from_slice(&n);
    if new_maxp.len() >= 28 {
        new_maxp[26..28].copy_from_slice(&[0, 0]); // maxSizeOfInstructions
    }
    let mut tables: Vec<([u8; 4], Vec<u8>)> = vec![
        (*b"glyf", new_glyf),
        (*b"head", new_head),
        (*b"hhea", new_hhea),
        (*b"hmtx", new_hmtx),
        (*b"loca", new_loca),
        (*b"maxp", new_maxp),
    ];
    if let Some(post) = table(b"post").and_then(|p| p.get(..32)) {
        // Version 3: no glyph names.
        let mut post = post.to_vec();
        post[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
        tables.push((*b"post", post));
    }
    assemble(&tables)
}

/// A TrueType file of `tables` (sorted by tag): the table directory with each table's
/// checksum, the tables 4-byte aligned, and `head`'s checkSumAdjustment.
fn assemble(tables: &[([u8; 4], Vec<u8>)]) -> Option<Vec<u8>> {
    let n = u16::try_from(tables.len()).ok()?;
    let selector = 15 - n.leading_zeros() as u16;
    let range = (1u16 << selector) * 16;
    let mut out = 0x0001_0000u32.to_be_bytes().to_vec();
    for v in [n, range, selector, n * 16 - range] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut at = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&table_checksum(data).to_be_bytes());
        out.extend_from_slice(&u32::try_from(at).ok()?.to_be_bytes());
        out.extend_from_slice(&u32::try_from(data.len()).ok()?.to_be_bytes());
        if tag == b"head" {
            head_at = Some(at);
        }
        at += data.len().div_ceil(4) * 4;
    }
    for (_, data) in tables {
        out.extend_from_slice(data);
        while !out.len().is_multiple_of(4) {
            out.push(0);
        }
    }
    if let Some(head) = head_at {
        let adjust = 0xB1B0_AFBAu32.wrapping_sub(table_checksum(&out));
        out[head + 8..head + 12].copy_from_slice(&adjust.to_be_bytes());
    }
    Some(out)
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
    use super::*;

    /// The outline of `glyph` as drawing commands, composites resolved.
    fn outline(face: &ttf_parser::Face<'_>, glyph: u16) -> (Option<ttf_parser::Rect>, String) {
        struct Pen(String);
        impl ttf_parser::OutlineBuilder for Pen {
            fn move_to(&mut self, x: f32, y: f32) {
                self.0 += &format!("M{x},{y} ");
            }
            fn line_to(&mut self, x: f32, y: f32) {
                self.0 += &format!("L{x},{y} ");
            }
            fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
                self.0 += &format!("Q{x1},{y1},{x},{y} ");
            }
            fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
                self.0 += &format!("C{x1},{y1},{x2},{y2},{x},{y} ");
            }
            fn close(&mut self) {
                self.0 += "Z ";
            }
        }
        let mut pen = Pen(String::new());
        let bbox = face.outline_glyph(ttf_parser::GlyphId(glyph), &mut pen);
        (bbox, pen.0)
    }

    fn metrics(face: &ttf_parser::Face<'_>, glyph: u16) -> (Option<u16>, Option<i16>) {
        let g = ttf_parser::GlyphId(glyph);
        (face.glyph_hor_advance(g), face.glyph_hor_side_bearing(g))
    }

    #[test]
    fn the_books_font_keeps_each_glyphs_outline_and_metrics_under_its_new_number() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/BIZUDGothic-Regular.ttf");
        let font = std::fs::read(path).expect("the shipped font");
        let original = ttf_parser::Face::parse(&font, 0).expect("font");
        let mut order = vec![0u16];
        for c in "評価の達成率、A1（％）。 ー".chars() {
            let g = original.glyph_index(c).expect("glyph").0;
            if !order.contains(&g) {
                order.push(g);
            }
        }
        // Past the last full horizontal metric: the advance of the last one, a bearing of
        // its own.
        order.push(original.number_of_glyphs() - 1);
        let sub = subset(&font, &order).expect("subset");
        assert_eq!(sub.tag.len(), 6);
        let face = ttf_parser::Face::parse(&sub.bytes, 0).expect("the subset parses");
        assert_eq!(usize::from(face.number_of_glyphs()), order.len());
        assert_eq!(face.units_per_em(), original.units_per_em());
        for (new, old) in order.iter().enumerate() {
            let new = new as u16;
            assert_eq!(outline(&face, new), outline(&original, *old), "glyph {old}");
            assert_eq!(metrics(&face, new), metrics(&original, *old), "glyph {old}");
        }
        // The hinting and the names are gone, and the file's checksum holds.
        let tags: Vec<&[u8]> = (0..be16(&sub.bytes, 4).unwrap() as usize)
            .map(|i| &sub.bytes[12 + 16 * i..16 + 16 * i])
            .collect();
        assert_eq!(
            tags,
            [
                b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp", b"post"
            ]
        );
        assert_eq!(table_checksum(&sub.bytes), 0xB1B0_AFBA);
    }

    /// A face of three glyphs: none, a hinted triangle, and a composite of the triangle
    /// moved by (100, 50), hinted too.
    fn composite_face() -> Vec<u8> {
        let mut triangle = Vec::new();
        for v in [1i16, 0, 0, 500, 500] {
            triangle.extend_from_slice(&v.to_be_bytes()); // contours, bbox
        }
        triangle.extend_from_slice(&2u16.to_be_bytes()); // last point of the contour
        triangle.extend_from_slice(&[0, 3, 0xB0, 0x01, 0x2C]); // 3 bytes of instructions
        triangle.extend_from_slice(&[0x01, 0x01, 0x01]); // on-curve points, full coordinates
        for x in [0i16, 500, -250] {
            triangle.extend_from_slice(&x.to_be_bytes());
        }
        for y in [0i16, 0, 500] {
            triangle.extend_from_slice(&y.to_be_bytes());
        }
        triangle.push(0);
        let mut composite = Vec::new();
        for v in [-1i16, 100, 50, 600, 550] {
            composite.extend_from_slice(&v.to_be_bytes());
        }
        let flags = ARGS_ARE_WORDS | 0x0002 | HAS_INSTRUCTIONS; // ARGS_ARE_XY_VALUES
        composite.extend_from_slice(&flags.to_be_bytes());
        composite.extend_from_slice(&1u16.to_be_bytes());
        composite.extend_from_slice(&100i16.to_be_bytes());
        composite.extend_from_slice(&50i16.to_be_bytes());
        composite.extend_from_slice(&[0, 1, 0xB0]); // instructions
        let mut glyf = Vec::new();
        let mut loca = Vec::new();
        for g in [&[][..], &triangle, &composite] {
            loca.extend_from_slice(&(glyf.len() as u32).to_be_bytes());
            glyf.extend_from_slice(g);
            while !glyf.len().is_multiple_of(4) {
                glyf.push(0);
            }
        }
        loca.extend_from_slice(&(glyf.len() as u32).to_be_bytes());
        let mut head = vec![0u8; 54];
        head[0..4].copy_from_slice(&0x0001_0000u32.to_be_bytes());
        head[12..16].copy_from_slice(&0x5F0F_3CF5u32.to_be_bytes());
        head[18..20].copy_from_slice(&1000u16.to_be_bytes());
        head[50..52].copy_from_slice(&1u16.to_be_bytes());
        let mut hhea = vec![0u8; 36];
        hhea[0..4].copy_from_slice(&0x0001_0000u32.to_be_bytes());
        hhea[34..36].copy_from_slice(&3u16.to_be_bytes());
        let mut hmtx = Vec::new();
        for (advance, bearing) in [(500u16, 0i16), (600, -250), (700, 100)] {
            hmtx.extend_from_slice(&advance.to_be_bytes());
            hmtx.extend_from_slice(&bearing.to_be_bytes());
        }
        let mut maxp = vec![0u8; 32];
        maxp[0..4].copy_from_slice(&0x0001_0000u32.to_be_bytes());
        maxp[4..6].copy_from_slice(&3u16.to_be_bytes());
        maxp[26..28].copy_from_slice(&3u16.to_be_bytes());
        assemble(&[
            (*b"glyf", glyf),
            (*b"head", head),
            (*b"hhea", hhea),
            (*b"hmtx", hmtx),
            (*b"loca", loca),
            (*b"maxp", maxp),
        ])
        .expect("font")
    }

    #[test]
    fn a_composite_brings_its_parts_renumbered_and_loses_its_instructions() {
        let font = composite_face();
        let original = ttf_parser::Face::parse(&font, 0).expect("the test face parses");
        assert!(outline(&original, 2).1.starts_with("M100,50"));
        let sub = subset(&font, &[0, 2]).expect("subset");
        let face = ttf_parser::Face::parse(&sub.bytes, 0).expect("the subset parses");
        // The composite is glyph 1; its part, the triangle, follows it as glyph 2.
        assert_eq!(face.number_of_glyphs(), 3);
        assert_eq!(outline(&face, 1), outline(&original, 2));
        assert_eq!(outline(&face, 2), outline(&original, 1));
        assert_eq!(metrics(&face, 1), metrics(&original, 2));
        assert_eq!(metrics(&face, 2), metrics(&original, 1));
        // No instructions are left: the composite's flag is cleared and the triangle's
        // instruction length is zero.
        let glyf_at = be32(&sub.bytes, 12 + 8).unwrap();
        let loca_at = be32(&sub.bytes, 12 + 16 * 4 + 8).unwrap();
        let glyph = |g: usize| {
            let (from, to) = (
                be16(&sub.bytes, loca_at + 2 * g).unwrap(),
                be16(&sub.bytes, loca_at + 2 * g + 2).unwrap(),
            );
            &sub.bytes[glyf_at + 2 * usize::from(from)..glyf_at + 2 * usize::from(to)]
        };
        assert_eq!(be16(glyph(1), 10).unwrap() & HAS_INSTRUCTIONS, 0);
        assert_eq!(be16(glyph(1), 12).unwrap(), 2, "the part's new number");
        assert_eq!(
            be16(glyph(2), 12).unwrap(),
            0,
            "the triangle's instructions"
        );
    }

    #[test]
    fn a_glyph_the_face_lacks_is_an_error_not_a_panic() {
        assert!(subset(&composite_face(), &[0, 7]).is_err());
        assert!(subset(b"not a font", &[0]).is_err());
    }

    #[test]
    fn the_first_face_of_a_collection_is_cut_like_a_single_face() {
        let face = composite_face();
        // A collection of one face: its header, then the face with its table offsets moved
        // by the header's 16 bytes (they count from the start of the file).
        let mut ttc = b"ttcf".to_vec();
        ttc.extend_from_slice(&0x0001_0000u32.to_be_bytes());
        ttc.extend_from_slice(&1u32.to_be_bytes());
        ttc.extend_from_slice(&16u32.to_be_bytes());
        let mut moved = face.clone();
        for i in 0..usize::from(be16(&face, 4).unwrap()) {
            let at = 12 + 16 * i + 8;
            let offset = be32(&face, at).unwrap() as u32 + 16;
            moved[at..at + 4].copy_from_slice(&offset.to_be_bytes());
        }
        ttc.extend_from_slice(&moved);
        check(&ttc).expect("a TrueType collection");
        assert_eq!(
            subset(&ttc, &[0, 2]).expect("subset").bytes,
            subset(&face, &[0, 2]).expect("subset").bytes
        );
    }

    #[test]
    fn a_face_without_truetype_outlines_is_refused_with_a_reason() {
        let face = composite_face();
        // The same face with its glyf table renamed, as a CFF face has none.
        let mut cff = face.clone();
        cff[12..16].copy_from_slice(b"CFF ");
        let message = check(&cff).expect_err("no glyf").to_string();
        assert!(message.contains("glyf"), "{message}");
        assert!(check(b"OTTO and the rest").is_err());
        check(&face).expect("a TrueType face");
        // A face whose horizontal metrics table is cut short.
        let mut cut = face.clone();
        let hhea = be32(&face, 12 + 16 * 2 + 8).unwrap();
        cut[hhea + 34..hhea + 36].copy_from_slice(&0u16.to_be_bytes());
        let message = check(&cut).expect_err("no metrics").to_string();
        assert!(message.contains("hhea"), "{message}");
    }
}
