//! Japanese text specifics: 和暦 and fiscal years, number formatting, normalisation, line breaking.

pub mod linebreak;
pub mod number;
pub mod wareki;

use unicode_normalization::UnicodeNormalization;

/// NFKC-normalises `s`: full-width digits and letters become half-width, half-width kana
/// become full-width, and Kangxi radicals (⽇) become the ideographs they look like (日).
pub fn nfkc(s: &str) -> String {
    s.nfkc().collect()
}
