//! Fixtures shared by integration tests.
#![allow(dead_code)]

pub mod pdf_book;
