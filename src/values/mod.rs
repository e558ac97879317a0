//! The value types at the bottom of the crate: fiscal years, calendar dates, printed
//! numbers and file digests. They import nothing else of the crate, so every layer above may use them.

mod date;
mod digest;
mod number;
mod year;

pub use date::{Date, DateError};
pub use digest::sha256_hex;
pub use number::Number;
pub use year::FiscalYear;
