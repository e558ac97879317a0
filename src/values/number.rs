//! A number as the book prints it: its rounded value, its text and how many decimals it shows.

use rust_decimal::Decimal;
use serde::Serialize;

/// A number with its exact value and its printed text.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Number {
    /// The value, already rounded to what is printed (a share or rate is a fraction: 0.769).
    pub value: Decimal,
    /// The printed text: 「6,900」, 「76.9%」, 「99.10%」.
    pub text: String,
    /// The decimals `text` shows (of the percentage when `percent`): 「76.9%」 has 1.
    pub decimals: u32,
    /// `value` is a fraction printed as a percentage: 0.769 is 「76.9%」.
    pub percent: bool,
}
