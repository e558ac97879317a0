//! The fiscal year (年度).

/// A fiscal year (年度) as its Western starting year: 2024 means 令和6年度 (April 2024 – March 2025).
pub type FiscalYear = i32;
