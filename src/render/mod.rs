//! Writers of the `Book`: each knows the Book and its output format, nothing of Excel input.

pub mod pdf;
pub mod xlsx;
