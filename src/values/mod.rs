//! The value types at the bottom of the crate: fiscal years, calendar dates and printed
//! numbers. They import nothing else of the crate, so every layer above may use them.

mod date;
mod number;
mod year;

pub use date::{Date, DateError};
pub use number::Number;
pub use year::FiscalYear;
