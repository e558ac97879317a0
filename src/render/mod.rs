//! Writers of the `Book`: each knows the Book and its output format, nothing of Excel input.

pub mod csv;
pub mod html;
pub mod pdf;
pub mod xlsx;
