//! hyoka (評価): turns departments' Excel progress sheets into the annual evaluation book
//! of a city's administrative-reform action plan.
//!
//! The pipeline, one module per phase:
//!
//! ```text
//! plans/*.toml ──plan──▶ PlanSet ─────────────────────────────┐
//! input/*.xlsx ──intake──▶ submissions ──validate──▶ records ─┴─evaluate──▶ Book
//! Book ──compose──▶ Document ──render::{xlsx,pdf,html,csv}──▶ .xlsx .pdf .html .csv
//! PlanSet ──forms──▶ department input workbooks
//! every file ──output──▶ the output folder, all or none, never through a link
//! ```
//!
//! The library never prints, exits or reads the clock: it returns values, typed errors
//! and `diag::Diagnostic`s, and the binary decides what to show.

pub mod book;
pub mod compose;
pub mod diag;
pub mod document;
pub mod evaluate;
pub mod forms;
pub mod intake;
pub mod labels;
pub mod output;
pub mod pipeline;
pub mod plan;
pub mod render;
pub mod text;
pub mod validate;
pub mod values;
