//! The integration tests, one binary (one link) with a module per subject.
//!
//! Run one subject with `cargo test --test suite <module>::`.

#[path = "../common/book_fixture.rs"]
mod book_fixture;
#[path = "../common/mod.rs"]
mod common;
#[path = "../fixtures/intake/helper.rs"]
mod helper;
#[path = "../common/package.rs"]
mod package;
// The example's `main` is not called here; its city generator is.
#[allow(dead_code)]
#[path = "../../examples/synthetic_city.rs"]
mod synthetic_city;

mod build;
mod check;
mod cities;
mod cli_help;
mod committee;
mod corpus;
mod decimals;
mod editions;
mod editions_agree;
mod evaluate;
mod final_evaluation;
mod forms;
mod intake;
mod label_cache;
mod layers;
mod linebreak;
mod list;
mod many_plans;
mod pdf_glyphs;
mod pdf_pages;
mod pdf_stream;
mod pdf_tags;
mod plans;
mod provenance;
mod render_pdf;
mod render_xlsx;
mod safety;
mod sample_book;
mod targets;
mod typed_book;
mod validate;
mod value;
mod wareki;
mod wording;
