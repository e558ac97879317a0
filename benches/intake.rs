//! Timings of reading and checking (the `read+validate` stage) on the shipped sample input:
//! the whole input folder, one form workbook from memory, one sheet's label texts, and
//! validation alone.
//!
//! Run with `cargo bench --bench intake`. With `HYOKA_BENCH_CITY=target/scale/1000` the folder
//! and validation are timed on the synthetic city that `bench/scale.sh` wrote there.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};

#[path = "common/city.rs"]
mod city;
use hyoka::intake::sheet::{Grid, SheetLimits, read_workbook};
use hyoka::intake::walk::sniff;
use hyoka::intake::{Intake, IntakeOptions, read_dir, read_file};
use hyoka::validate::validate;

/// The first form workbook (.xlsx) below `dir`, in name order.
fn first_xlsx(dir: &Path) -> PathBuf {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("input folder")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    entries
        .iter()
        .find(|p| {
            p.extension().is_some_and(|e| e == "xlsx") && !p.to_string_lossy().contains("委員会")
        })
        .cloned()
        .or_else(|| {
            entries
                .iter()
                .filter(|p| p.is_dir())
                .map(|d| first_xlsx(d))
                .next()
        })
        .expect("an .xlsx in the input folder")
}

fn reading(c: &mut Criterion) {
    let (plan_file, input) = city::plan_and_input();
    let plans = hyoka::plan::load(&plan_file).expect("plan file").plans;
    let options = IntakeOptions::default();

    c.bench_function("read+validate", |b| {
        b.iter(|| {
            let intake = read_dir(black_box(&input), &options).expect("intake");
            validate(&plans, &intake, None)
        })
    });

    let form = first_xlsx(&input);
    let bytes = std::fs::read(&form).expect("workbook");
    c.bench_function("read one form workbook", |b| {
        b.iter(|| {
            let mut intake = Intake::default();
            read_file(
                "form.xlsx",
                "xlsx",
                black_box(bytes.clone()),
                &options,
                &mut intake,
            );
            intake
        })
    });

    let format = sniff(&bytes, options.max_unpacked_bytes).expect("a workbook");
    let limits = SheetLimits {
        max_rows: options.max_rows,
        max_cells: options.max_cells,
        max_text: options.max_text_chars,
    };
    let (grids, _) = read_workbook(bytes.clone(), format, limits).expect("grids");
    c.bench_function("label texts of one workbook's sheets", |b| {
        b.iter(|| {
            grids
                .iter()
                .map(|g| {
                    let mut fresh = Grid::default();
                    fresh.cells = g.cells.clone();
                    fresh.labels().len()
                })
                .sum::<usize>()
        })
    });

    let intake = read_dir(&input, &options).expect("intake");
    c.bench_function("validate", |b| {
        b.iter(|| validate(&plans, black_box(&intake), None))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(if std::env::var_os("HYOKA_BENCH_CITY").is_some() { 10 } else { 20 });
    targets = reading
}
criterion_main!(benches);
