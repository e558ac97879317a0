//! Japanese text specifics: 和暦 and fiscal years, number formatting, normalisation, line breaking.

pub mod linebreak;
pub mod number;
pub mod wareki;

use unicode_normalization::UnicodeNormalization;

/// NFKC-normalises `s`: full-width digits and letters become half-width, half-width kana
/// become full-width, and Kangxi radicals (⽇) become the ideographs they look like (日).
pub fn nfkc(s: &str) -> String {
    nfkc_cow(s).into_owned()
}

/// [`nfkc`], borrowing `s` when it is already in NFKC (most cells: the quick check answers
/// without decomposing, where normalising every label was most of reading a workbook).
pub fn nfkc_cow(s: &str) -> std::borrow::Cow<'_, str> {
    // Most cells are plain ASCII, kana and kanji, which NFKC leaves as they are whatever
    // follows them: told by ranges, without the quick check's table lookups (a fifth of
    // reading a workbook, perf, 1,000 plans).
    if s.chars().all(nfkc_inert)
        || unicode_normalization::is_nfkc_quick(s.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.nfkc().collect())
    }
}

/// Whether NFKC leaves `c` as it is in any text: a starter (combining class 0) with no
/// decomposition that no following character composes with — printable ASCII, hiragana and
/// katakana without the voicing marks, the common CJK punctuation and the unified ideographs
/// (checked character by character against the normalisation tables in the tests).
fn nfkc_inert(c: char) -> bool {
    matches!(c,
        ' '..='~'
        | '\u{3001}'..='\u{3003}'
        | '\u{3005}'..='\u{3007}'
        | '\u{3008}'..='\u{3011}'
        | '\u{3041}'..='\u{3096}'
        | '\u{30A1}'..='\u{30FA}'
        | '\u{30FB}'..='\u{30FC}'
        | '\u{4E00}'..='\u{9FFF}')
}

/// What stands for a character no edition can show: 〓 (geta), the mark Japanese typesetting
/// uses for a missing character, and one the embedded font has (U+FFFD is not in it).
pub const REPLACEMENT: char = '〓';

/// Whether a printed edition cannot show `c`: control characters (ESC, BEL, C1 …) other than
/// tab, line break and carriage return, and the noncharacters U+FFFE and U+FFFF. Format
/// characters such as the bidi controls are shown as typed and are not counted here.
pub fn is_unshowable(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// Whether `c` is a bidirectional control: the overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069) and the marks U+200E, U+200F and U+061C, which reorder what follows them
/// where a bidi algorithm runs (a terminal, Excel, a browser) and draw nothing elsewhere.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// `s` with every [`is_unshowable`] character replaced by [`REPLACEMENT`], the rest kept;
/// borrowed when there is nothing to replace (the usual case).
pub fn showable(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(is_unshowable) {
        std::borrow::Cow::Owned(
            s.chars()
                .map(|c| if is_unshowable(c) { REPLACEMENT } else { c })
                .collect(),
        )
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_of_inert_characters_is_what_the_quick_check_calls_normalised() {
        // The quick check answers Yes for a text when each character is a starter (class 0)
        // whose own answer is Yes (neither No, a decomposition, nor Maybe, a character that
        // may compose with the one before): then the range test answers as it does.
        let inert: Vec<char> = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|c| nfkc_inert(*c))
            .collect();
        assert!(inert.len() > 21_000);
        for c in inert {
            assert_eq!(
                unicode_normalization::char::canonical_combining_class(c),
                0,
                "{c:?}"
            );
            assert_eq!(
                unicode_normalization::is_nfkc_quick(std::iter::once(c)),
                unicode_normalization::IsNormalized::Yes,
                "{c:?}"
            );
        }
        assert!(matches!(
            nfkc_cow("令和6年度 アクションプラン「取組」"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(nfkc_cow("ｱｸｼｮﾝ１２"), "アクション12");
        assert_eq!(nfkc_cow("か\u{3099}"), "が");
    }

    #[test]
    fn controls_are_replaced_and_the_rest_kept() {
        assert_eq!(
            showable("研修\u{1b}[2J\u{7}\u{9b}を実施"),
            "研修〓[2J〓〓を実施"
        );
        assert_eq!(showable("一\t二\n三\r\n\u{202E}"), "一\t二\n三\r\n\u{202E}");
        assert!(matches!(
            showable("そのまま"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
