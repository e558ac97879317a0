//! A number as the book holds it: its rounded value and how many decimals it shows; the
//! printed text is made where the book is composed (`compose::format_number`).

use rust_decimal::Decimal;
use serde::Serialize;

/// A number rounded for print, without its text: the value, the decimals and whether it is a
/// percentage are all a printer needs (「6,900」, 「76.9%」, 「99.10%」).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Number {
    /// The value, already rounded to what is printed (a share or rate is a fraction: 0.769).
    pub value: Decimal,
    /// The decimals it prints with (of the percentage when `percent`): 「76.9%」 has 1.
    pub decimals: u32,
    /// `value` is a fraction printed as a percentage: 0.769 is 「76.9%」.
    pub percent: bool,
}
