//! A number as the book prints it: its rounded value and its text.

use rust_decimal::Decimal;
use serde::Serialize;

/// A number with its exact value and its printed text.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Number {
    /// The value, already rounded to what is printed (a share or rate is a fraction: 0.769).
    pub value: Decimal,
    /// The printed text: 「6,900」, 「76.9%」, 「99.10%」.
    pub text: String,
    /// The Excel number format matching `text`: "#,##0", "0.0%", "0.00".
    pub format: String,
}
