//! Line breaking for Japanese: UAX #14 opportunities with JIS kinsoku (禁則) rules.
//!
//! The break opportunities come from `unicode-linebreak` (UAX #14); on top of them the
//! kinsoku rules of JIS X 4051 forbid a line to start with closing punctuation, the
//! prolonged sound mark or a small kana (行頭禁則), and to end with an opening bracket
//! (行末禁則). Lines are filled greedily; when a line must be cut where no opportunity
//! fits, the cut moves back so that kinsoku still holds (追い出し, push-out). No character
//! is ever dropped: the lines, concatenated, give back the text without its newlines.

use std::sync::OnceLock;

use unicode_linebreak::{BreakOpportunity, linebreaks};

/// Characters that must not start a line (行頭禁則文字).
pub const NO_START: &str = "、。，．）」』】〕〉》］｝ー・：；？！ゝゞヽヾ々\
ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ,.)]}:;?!%％‰℃";

/// Characters that must not end a line (行末禁則文字).
pub const NO_END: &str = "（「『【〔〈《［｛([{/／";

/// White space a line may end with: not measured as part of its width, and never the
/// reason a line is cut.
const BLANKS: [char; 3] = [' ', '\u{3000}', '\t'];

/// Whether `c` is in `list`, looked up in a bit per BMP character (every kinsoku character
/// is in the BMP), built from the list once: line breaking asks for every opportunity.
fn listed(bits: &'static OnceLock<Box<[u64]>>, list: &str, c: char) -> bool {
    let bits = bits.get_or_init(|| {
        let mut bits = vec![0u64; 0x1_0000 / 64];
        for c in list.chars() {
            let i = c as usize;
            bits[i / 64] |= 1 << (i % 64);
        }
        bits.into_boxed_slice()
    });
    let i = c as usize;
    bits.get(i / 64)
        .is_some_and(|word| word & (1 << (i % 64)) != 0)
}

/// Whether `c` may not start a line.
pub fn is_no_start(c: char) -> bool {
    static BITS: OnceLock<Box<[u64]>> = OnceLock::new();
    listed(&BITS, NO_START, c)
}

/// Whether `c` may not end a line.
pub fn is_no_end(c: char) -> bool {
    static BITS: OnceLock<Box<[u64]>> = OnceLock::new();
    listed(&BITS, NO_END, c)
}

/// One line produced by [`break_lines`].
#[derive(Debug, Clone, PartialEq)]
pub struct BrokenLine {
    /// The line's text, without a trailing newline (trailing spaces are kept).
    pub text: String,
    /// The width of the line without its trailing white space, in the caller's unit.
    pub width: f32,
}

/// Byte positions where a line may start, per UAX #14 and kinsoku, and the positions
/// where a line must end (after a newline).
fn opportunities(text: &str) -> (Vec<usize>, Vec<usize>) {
    let mut allowed = Vec::new();
    let mut mandatory = Vec::new();
    for (pos, kind) in linebreaks(text) {
        if pos >= text.len() {
            continue;
        }
        match kind {
            BreakOpportunity::Mandatory => mandatory.push(pos),
            BreakOpportunity::Allowed => {
                if kinsoku_allows(text, pos) {
                    allowed.push(pos);
                }
            }
        }
    }
    (allowed, mandatory)
}

/// Whether a line may start at byte `pos` (a char boundary inside `text`) without
/// breaking a kinsoku rule.
fn kinsoku_allows(text: &str, pos: usize) -> bool {
    let next = text[pos..].chars().next();
    let prev = text[..pos].chars().next_back();
    !(next.is_some_and(is_no_start) || prev.is_some_and(is_no_end))
}

/// Breaks `text` into lines no wider than `max_width`, measuring each character with
/// `advance` (same unit as `max_width`).
///
/// Newlines force a break. A line only exceeds `max_width` when a single character is
/// wider than it; callers that must not overflow check [`BrokenLine::width`].
pub fn break_lines(text: &str, max_width: f32, advance: impl Fn(char) -> f32) -> Vec<BrokenLine> {
    // Most texts (a table's figures and labels) fit on one line: then no break is looked
    // for. The widths add up in the same order as below, so the answer is the same; the
    // width without trailing white space is the sum up to the last other character.
    if !text.contains(['\n', '\r']) {
        let (mut total, mut visible) = (0.0f32, 0.0f32);
        for c in text.chars() {
            total += advance(c);
            if !BLANKS.contains(&c) {
                visible = total;
            }
        }
        if total <= max_width {
            return vec![BrokenLine {
                text: text.to_string(),
                width: visible,
            }];
        }
    }
    let (allowed, mandatory) = opportunities(text);
    let mut lines = Vec::new();
    let mut start = 0usize;
    let mut width = 0.0f32;
    // Width up to each char boundary of the current line, to re-measure after a cut.
    let mut widths: Vec<(usize, f32)> = Vec::new();
    let mut last_allowed: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    // The first opportunity not before the current char (positions only grow).
    let mut next = 0usize;

    let push = |lines: &mut Vec<BrokenLine>, from: usize, to: usize| {
        let part = &text[from..to];
        let line: String = if part.contains(['\n', '\r']) {
            part.chars().filter(|c| *c != '\n' && *c != '\r').collect()
        } else {
            part.to_string()
        };
        let visible = line.trim_end_matches(BLANKS);
        let w = visible.chars().map(&advance).sum();
        lines.push(BrokenLine {
            text: line,
            width: w,
        });
    };

    while let Some((pos, c)) = chars.next() {
        if c == '\n' || c == '\r' {
            if c == '\r' && chars.peek().is_some_and(|(_, n)| *n == '\n') {
                chars.next();
            }
            let end = chars.peek().map_or(text.len(), |(p, _)| *p);
            push(&mut lines, start, end);
            start = end;
            width = 0.0;
            widths.clear();
            last_allowed = None;
            continue;
        }
        while allowed.get(next).is_some_and(|p| *p < pos) {
            next += 1;
        }
        if pos > start && allowed.get(next) == Some(&pos) {
            last_allowed = Some(pos);
        }
        let a = advance(c);
        let is_space = BLANKS.contains(&c);
        // A loop: text carried over by a push-out may itself still be too wide.
        while pos > start && width + a > max_width && !is_space {
            let cut = match last_allowed {
                Some(p) if p > start => p,
                _ => emergency_cut(text, start, pos),
            };
            push(&mut lines, start, cut);
            let consumed = widths
                .iter()
                .find(|(p, _)| *p == cut)
                .map_or(width, |(_, w)| *w);
            width -= consumed;
            widths.retain(|(p, _)| *p > cut);
            for (_, w) in widths.iter_mut() {
                *w -= consumed;
            }
            start = cut;
            // The last opportunity between the cut and this char still counts for the new
            // line.
            let upto = allowed.partition_point(|p| *p <= pos);
            last_allowed = upto
                .checked_sub(1)
                .map(|i| allowed[i])
                .filter(|p| *p > start);
        }
        widths.push((pos, width));
        width += a;
    }
    let _ = mandatory;
    if start < text.len() || lines.is_empty() {
        push(&mut lines, start, text.len());
    }
    lines
}

/// A cut for a run with no break opportunity that fits: just before `pos`, moved back
/// while that would start a line with a no-start char or end one with a no-end char.
fn emergency_cut(text: &str, start: usize, pos: usize) -> usize {
    let mut cut = pos;
    while cut > start && !kinsoku_allows(text, cut) {
        cut = text[..cut]
            .char_indices()
            .next_back()
            .map_or(start, |(p, _)| p);
    }
    if cut <= start { pos } else { cut }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kinsoku_lookups_answer_as_the_lists_do_for_every_character() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_no_start(c), NO_START.contains(c), "{c:?}");
            assert_eq!(is_no_end(c), NO_END.contains(c), "{c:?}");
        }
    }

    fn lines(text: &str, n: usize) -> Vec<String> {
        break_lines(text, n as f32, |_| 1.0)
            .into_iter()
            .map(|l| l.text)
            .collect()
    }

    #[test]
    fn short_text_is_one_line() {
        assert_eq!(lines("安曇野市", 10), vec!["安曇野市"]);
    }

    #[test]
    fn period_is_pushed_out_with_its_character() {
        assert_eq!(lines("あいうえ。かき", 4), vec!["あいう", "え。かき"]);
    }
}
