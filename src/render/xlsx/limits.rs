//! Excel's own limits, kept by every workbook hyoka writes (the book, the forms, the return
//! sheets): text a cell can hold and show, sheet names, manual page breaks.

use std::borrow::Cow;
use std::collections::BTreeSet;

/// The most characters (UTF-16 units, as Excel counts) one cell holds.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Ends a text cut at [`MAX_CELL_CHARS`], so that a reader sees it is not whole.
pub const CUT_MARK: &str = "…［Excel の 1 セルの上限 32,767 字を超えたため、以下を省略しました］";

/// The most manual page breaks one sheet holds; Excel paginates past them by itself.
pub const MAX_PAGE_BREAKS: usize = 1_023;

/// Excel's tallest row, in points: a taller height is not kept.
pub const MAX_ROW_POINTS: f64 = 409.0;

/// The most characters (UTF-16 units) of a data validation's inline list, commas included;
/// a longer list must be a range of cells.
pub const MAX_LIST_CHARS: usize = 255;

/// The most characters (UTF-16 units) of a data validation's input or error message.
pub const MAX_MESSAGE_CHARS: usize = 255;

/// The most characters (UTF-16 units) of a data validation's input or error title.
pub const MAX_TITLE_CHARS: usize = 32;

/// The most characters of a sheet name.
pub const MAX_SHEET_NAME_CHARS: usize = 31;

/// Text as a cell can hold and show it, and whether it was cut: control characters Excel
/// cannot show (ESC, BEL, … but not tab and line break) become [`crate::text::REPLACEMENT`] 「〓」, a CR of a CR LF
/// is dropped, and text over [`MAX_CELL_CHARS`] is cut and ends with [`CUT_MARK`].
pub fn cell_text(text: &str) -> (Cow<'_, str>, bool) {
    // A CR is rewritten below too (CR LF → LF, a lone CR → LF).
    let unshowable = |c: char| c == '\r' || crate::text::is_unshowable(c);
    let too_long = text.len() > MAX_CELL_CHARS && text.encode_utf16().count() > MAX_CELL_CHARS;
    if !too_long && !text.chars().any(unshowable) {
        return (Cow::Borrowed(text), false);
    }
    let mut out = String::with_capacity(text.len().min(4 * MAX_CELL_CHARS));
    let mut units = 0;
    let room = MAX_CELL_CHARS - CUT_MARK.encode_utf16().count();
    let mut chars = text.chars().peekable();
    let mut cut = false;
    while let Some(c) = chars.next() {
        let c = match c {
            '\r' if chars.peek() == Some(&'\n') => continue,
            '\r' => '\n',
            c if unshowable(c) => crate::text::REPLACEMENT,
            c => c,
        };
        if too_long && units + c.len_utf16() > room {
            cut = true;
            break;
        }
        units += c.len_utf16();
        out.push(c);
    }
    if cut {
        out.push_str(CUT_MARK);
    }
    (Cow::Owned(out), cut)
}

/// A valid sheet name, unique among `taken` (which it joins): Excel forbids `[]:*?/\`, a
/// leading or trailing apostrophe, control characters and names over 31 characters, and
/// compares names without regard to case. A name cut to fit that meets a taken one gets
/// 「(2)」, 「(3)」 … within the 31 characters.
pub fn unique_sheet_name(wanted: &str, taken: &mut BTreeSet<String>) -> String {
    let cleaned: String = wanted
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '・',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let cleaned = cleaned.trim().trim_matches('\'').to_string();
    let base = if cleaned.is_empty() {
        "シート".to_string()
    } else {
        cleaned
    };
    let mut n = 1;
    loop {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("({n})")
        };
        let keep = MAX_SHEET_NAME_CHARS - suffix.chars().count();
        let candidate: String = base.chars().take(keep).collect::<String>();
        // Cutting may leave an apostrophe last, which Excel refuses.
        let candidate = candidate.trim_end_matches('\'').to_string() + &suffix;
        if taken.insert(candidate.to_lowercase()) {
            return candidate;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_kept_and_controls_replaced() {
        assert_eq!(
            cell_text("取組\t実績\n2行目"),
            (Cow::Borrowed("取組\t実績\n2行目"), false)
        );
        assert_eq!(cell_text("a\r\nb\rc").0, "a\nb\nc");
        assert_eq!(cell_text("\u{1b}[2J\u{7}x\u{9b}").0, "〓[2J〓x〓");
        // Bidi controls are format characters Excel shows as it should: kept.
        assert_eq!(cell_text("a\u{202E}b").0, "a\u{202E}b");
    }

    #[test]
    fn long_text_is_cut_with_a_mark_within_the_limit() {
        let exact = "あ".repeat(MAX_CELL_CHARS);
        assert!(!cell_text(&exact).1);
        for text in ["あ".repeat(MAX_CELL_CHARS + 1), "😀".repeat(MAX_CELL_CHARS)] {
            let (cut, was_cut) = cell_text(&text);
            assert!(was_cut);
            assert!(cut.ends_with(CUT_MARK));
            assert!(cut.encode_utf16().count() <= MAX_CELL_CHARS);
            assert!(cut.encode_utf16().count() > MAX_CELL_CHARS - CUT_MARK.chars().count() - 2);
        }
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut taken = BTreeSet::new();
        taken.insert("一覧".to_string());
        let long = "⑮安曇野市国民健康保険における医療費の増加抑制（特定健康診査）";
        let a = unique_sheet_name(long, &mut taken);
        assert_eq!(a.chars().count(), 31);
        let b = unique_sheet_name(long, &mut taken);
        assert!(b.ends_with("(2)") && b.chars().count() == 31, "{b}");
        assert_eq!(unique_sheet_name("a/b:c?", &mut taken), "a・b・c・");
        assert_eq!(unique_sheet_name("一覧", &mut taken), "一覧(2)");
        assert_eq!(unique_sheet_name("ABC", &mut taken), "ABC");
        assert_eq!(unique_sheet_name("abc", &mut taken), "abc(2)");
        assert_eq!(unique_sheet_name("'", &mut taken), "シート");
        let quote = format!("{}'x", "あ".repeat(29));
        assert!(!unique_sheet_name(&quote, &mut taken).ends_with('\''));
    }
}
