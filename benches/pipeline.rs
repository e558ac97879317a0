//! Per-stage timings of the pipeline on the shipped sample input:
//! intake, validate + evaluate, the Excel writer and the PDF writer.
//!
//! Run with `cargo bench --bench pipeline`. With `HYOKA_BENCH_CITY=target/scale/1000` it times
//! the synthetic city that `bench/scale.sh` wrote there (its `input/` and `plans.toml`) instead.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

#[path = "common/city.rs"]
mod city;
use hyoka::compose::{ComposeOptions, compose_book};
use hyoka::evaluate::{BookOptions, build_book};
use hyoka::intake::{IntakeOptions, read_dir};
use hyoka::render::pdf::{FontSet, PdfOptions, Variant, render_pdf};
use hyoka::validate::validate;

fn stages(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (plan_file, input) = city::plan_and_input();
    let plans = hyoka::plan::load(&plan_file).expect("plan file").plans;
    let options = IntakeOptions::default();

    c.bench_function("intake", |b| {
        b.iter(|| read_dir(black_box(&input), &options).expect("intake"))
    });

    let intake = read_dir(&input, &options).expect("intake");
    let evaluate = |intake| {
        let validated = validate(&plans, intake, None);
        let year = validated.year.expect("a year in the sample");
        build_book(
            &plans,
            &validated,
            &BookOptions {
                year,
                allow_errors: false,
            },
        )
        .expect("book")
    };
    c.bench_function("validate + evaluate", |b| {
        b.iter(|| evaluate(black_box(&intake)))
    });

    let mut book = evaluate(&intake);
    book.wording = hyoka::book::wording::render(&book, &root.join("templates")).expect("templates");
    c.bench_function("render xlsx", |b| {
        b.iter(|| hyoka::pipeline::xlsx_edition(black_box(&book)).expect("xlsx"))
    });

    let pdf_options = PdfOptions {
        fonts: FontSet::load(&root.join("fonts")).expect("fonts"),
        binding_margin_mm: 0.0,
    };
    let compose_options = ComposeOptions {
        variant: Variant::Handout,
    };
    c.bench_function("compose", |b| {
        b.iter(|| compose_book(black_box(&book), &compose_options))
    });
    let document = compose_book(&book, &compose_options);
    c.bench_function("render pdf", |b| {
        b.iter(|| render_pdf(black_box(&document), &pdf_options).expect("pdf"))
    });
}

criterion_group! {
    name = benches;
    // A thousand-plan city takes seconds a stage: fewer samples keep the run in minutes.
    config = Criterion::default().sample_size(if std::env::var_os("HYOKA_BENCH_CITY").is_some() { 10 } else { 20 });
    targets = stages
}
criterion_main!(benches);
