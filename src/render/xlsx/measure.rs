//! Text measurement for row heights: Excel neither grows merged cells nor wraps text when it
//! computes a row's height on opening, so the writer sizes rows itself.
//!
//! The book's font, BIZ UDゴシック, is fixed-pitch: every full-width character (kanji, kana,
//! full-width punctuation, circled numbers) advances one em and every half-width character
//! (ASCII, half-width kana) half an em. Widths here are in half-width units. The renderer does
//! no file I/O, so the widths are a pure function; a test checks them against the font's own
//! advances in `fonts/BIZUDGothic-Regular.ttf`.

/// Width of one character in half-width units (1 or 2).
pub fn char_units(c: char) -> u32 {
    let cp = u32::from(c);
    let half = cp < 0x1100 || (0xFF61..=0xFFDC).contains(&cp) || (0xFFE8..=0xFFEE).contains(&cp);
    if half { 1 } else { 2 }
}

/// Width of a string in half-width units.
pub fn text_units(s: &str) -> u32 {
    s.chars().map(char_units).sum()
}

/// Whether a character may not start a line (closing brackets, small kana, Japanese
/// punctuation): Excel keeps it on the previous line, which can push that line past the edge,
/// so the wrapper counts it with the character before.
fn no_break_before(c: char) -> bool {
    "、。，．）」』】〕〉》’”・ー：；！？ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〜…‥%％,.)]}:;!?"
        .contains(c)
}

/// Number of lines `text` takes when wrapped into `width` half-width units.
///
/// Explicit line breaks are kept. Runs of ASCII letters and digits wrap as words (Excel breaks
/// Latin text at spaces only); everything else may wrap after any character.
pub fn wrapped_lines(text: &str, width: u32) -> u32 {
    line_starts(text, width).len() as u32
}

/// Byte offsets in `text` where each wrapped line starts (the first is 0).
pub fn line_starts(text: &str, width: u32) -> Vec<usize> {
    let width = width.max(2);
    let mut starts = Vec::new();
    let mut offset = 0;
    for para in text.split('\n') {
        para_starts(para, offset, width, &mut starts);
        offset += para.len() + 1;
    }
    starts
}

/// A piece that does not break inside: a character, or an ASCII word, with what may not
/// start a line attached.
struct Token {
    start: usize,
    units: u32,
    /// An ASCII word: one byte per unit, so it can be split at any unit when too long.
    word: bool,
}

fn para_starts(para: &str, offset: usize, width: u32, starts: &mut Vec<usize>) {
    let mut tokens: Vec<Token> = Vec::new();
    let mut in_word = false;
    for (i, c) in para.char_indices() {
        if c == '\r' {
            continue;
        }
        if c.is_ascii_alphanumeric() {
            match tokens.last_mut() {
                Some(t) if in_word => t.units += 1,
                _ => tokens.push(Token {
                    start: i,
                    units: 1,
                    word: true,
                }),
            }
            in_word = true;
            continue;
        }
        in_word = false;
        match tokens.last_mut() {
            Some(last) if no_break_before(c) => {
                last.units += char_units(c);
                last.word = false;
            }
            _ => tokens.push(Token {
                start: i,
                units: char_units(c),
                word: false,
            }),
        }
    }
    starts.push(offset);
    let mut used = 0;
    for t in tokens {
        if used + t.units <= width {
            used += t.units;
        } else if t.word && t.units > width {
            // A word longer than a line starts a new one (when not at the start of one) and
            // breaks anywhere; counting it so errs on the tall side.
            if used > 0 {
                starts.push(offset + t.start);
            }
            let mut pos = width;
            while pos < t.units {
                starts.push(offset + t.start + pos as usize);
                pos += width;
            }
            used = t.units - (pos - width);
        } else {
            starts.push(offset + t.start);
            used = t.units;
        }
    }
}

/// Splits `text` into pieces of at most `max_lines` wrapped lines each, at line starts, so
/// that a text taller than Excel's tallest row can be spread over several rows.
pub fn split_lines(text: &str, width: u32, max_lines: usize) -> Vec<&str> {
    let starts = line_starts(text, width);
    let mut pieces = Vec::new();
    let mut from = 0;
    for chunk_start in starts.iter().step_by(max_lines.max(1)).skip(1) {
        pieces.push(text[from..*chunk_start].trim_end_matches(['\n', '\r']));
        from = *chunk_start;
    }
    pieces.push(&text[from..]);
    pieces
}

/// Text metrics of one font size, in pixels at 96 dpi and points.
#[derive(Debug, Clone, Copy)]
pub struct Metrics {
    /// Font size in points.
    pub size: f64,
}

impl Metrics {
    /// One half-width unit in pixels.
    pub fn unit_px(self) -> f64 {
        self.size * 96.0 / 72.0 / 2.0
    }

    /// Height of one line of text in points: BIZ UDゴシック's ascent plus descent is exactly
    /// 1 em (1802 + 246 of 2048 units, no line gap); Excel rounds the font to whole pixels
    /// and adds a pixel or two of leading, so 1.2 em leaves room for both.
    pub fn line_pt(self) -> f64 {
        self.size * 1.2
    }

    /// How many half-width units fit in a cell `px` pixels wide (minus the cell's inner margins).
    pub fn units_in(self, px: f64) -> u32 {
        let inner = (px - 8.0).max(self.unit_px());
        // Leave one unit of slack: the renderer's rounding of glyph positions varies.
        ((inner / self.unit_px()).floor() as u32)
            .saturating_sub(1)
            .max(1)
    }

    /// Row height in points for `text` wrapped in a cell `px` pixels wide.
    pub fn height_pt(self, text: &str, px: f64) -> f64 {
        let lines = wrapped_lines(text, self.units_in(px));
        f64::from(lines) * self.line_pt() + 5.0
    }

    /// Column width in pixels that holds `units` half-width units on one line.
    pub fn px_for(self, units: u32) -> f64 {
        f64::from(units + 1) * self.unit_px() + 8.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_counts_two() {
        assert_eq!(text_units("安曇野市"), 8);
        assert_eq!(text_units("R6"), 2);
        assert_eq!(text_units("①（ｱ）"), 2 + 2 + 1 + 2);
    }

    #[test]
    fn wraps_japanese_anywhere_and_latin_at_words() {
        assert_eq!(wrapped_lines("あいうえお", 10), 1);
        assert_eq!(wrapped_lines("あいうえおか", 10), 2);
        assert_eq!(wrapped_lines("あ\nい", 10), 2);
        // "eLTAX" does not split: 「あいう」 (6) + "eLTAX" (5) > 10.
        assert_eq!(wrapped_lines("あいうeLTAX", 10), 2);
        // A closing 「。」 stays with the character before it.
        assert_eq!(wrapped_lines("あいうえお。", 10), 2);
        assert_eq!(wrapped_lines("", 10), 1);
    }

    #[test]
    fn units_match_the_fonts_advances() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/BIZUDGothic-Regular.ttf");
        let data = std::fs::read(path).expect("the shipped font");
        let face = ttf_parser::Face::parse(&data, 0).expect("a TrueType font");
        let half = face.units_per_em() / 2;
        let sample = "第4次安曇野市行財政改革大綱・アクションプラン①㉙Ⅰ（1）ICT e-Tax 99.10% \
                      ○※～「」、。ｱｲｳ＋－％：/年 (参考) R2〜R6 ‐…";
        for c in sample.chars() {
            let Some(glyph) = face.glyph_index(c) else {
                continue;
            };
            let advance = face.glyph_hor_advance(glyph).expect("an advance");
            assert_eq!(
                u32::from(advance / half),
                char_units(c),
                "{c:?} advances {advance}"
            );
        }
    }

    #[test]
    fn long_words_break_anywhere() {
        assert_eq!(wrapped_lines(&"a".repeat(25), 10), 3);
        assert_eq!(line_starts(&"a".repeat(25), 10), vec![0, 10, 20]);
        assert_eq!(
            line_starts(&format!("あいう{}", "a".repeat(12)), 10),
            vec![0, 9, 19]
        );
    }

    #[test]
    fn long_text_splits_at_line_starts() {
        let text = "一二三四五六七八九十\n壱弐参";
        assert_eq!(line_starts(text, 10), vec![0, 15, 31]);
        assert_eq!(
            split_lines(text, 10, 2),
            vec!["一二三四五六七八九十", "壱弐参"]
        );
        assert_eq!(
            split_lines(text, 10, 1),
            vec!["一二三四五", "六七八九十", "壱弐参"]
        );
        assert_eq!(split_lines(text, 10, 5), vec![text]);
    }
}
