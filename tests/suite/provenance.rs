//! Provenance: every figure and text of the Book names the file, sheet and cell it was read
//! from, and every cited file its SHA-256. Checked against the sample's workbooks themselves
//! (read here with calamine, hashed here with sha2), not against what intake says.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use hyoka::book::{Book, Cite, PlanStatus};
use hyoka::pipeline::{BuildOptions, Prepared, prepare_book};
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;
use sha2::Digest;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sample_book() -> Book {
    let options = BuildOptions {
        year: Some(2024),
        input: root().join("input"),
        plan: PathBuf::from("plans/azumino-4th.toml"),
        templates: root().join("templates"),
        allow_errors: false,
        date: None,
        intake: Default::default(),
    };
    // The plan file is named as the user gives it, relative to the working directory (cargo
    // runs the tests in the package's root).
    match prepare_book(&options).expect("sample builds") {
        Prepared::Book { book, .. } => *book,
        Prepared::Rejected { diagnostics, .. } => panic!("sample rejected: {diagnostics:?}"),
    }
}

fn sha256(path: &Path) -> String {
    sha2::Sha256::digest(std::fs::read(path).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The cells of every cited workbook, read once.
struct Cells(BTreeMap<(String, String), calamine::Range<Data>>);

impl Cells {
    fn value(&mut self, book: &Book, cite: &Cite) -> Data {
        let source = book.source_of(cite).expect("the cite names a file");
        let sheet = source.sheet.expect("a cell of a sheet");
        let cell = source.cell.expect("a cell");
        let range = self
            .0
            .entry((source.file.clone(), sheet.clone()))
            .or_insert_with(|| {
                let mut wb =
                    calamine::open_workbook_auto(root().join("input").join(&source.file)).unwrap();
                wb.worksheet_range(&sheet).unwrap()
            });
        let (row, col) = a1(&cell);
        range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
    }
}

/// 「E10」 → (9, 4), zero-based.
fn a1(cell: &str) -> (u32, u32) {
    let letters: String = cell.chars().take_while(char::is_ascii_uppercase).collect();
    let col = letters
        .chars()
        .fold(0u32, |n, c| n * 26 + (c as u32 - 'A' as u32 + 1))
        - 1;
    let row: u32 = cell[letters.len()..].parse().unwrap();
    (row - 1, col)
}

fn number(d: &Data) -> Option<Decimal> {
    match d {
        Data::Int(i) => Some(Decimal::from(*i)),
        Data::Float(f) => Decimal::from_f64(*f).map(|d| d.round_dp(8).normalize()),
        // As typed: full-width digits, separators, a unit after the figure.
        Data::String(s) => {
            use unicode_normalization::UnicodeNormalization;
            // 「△12」 and 「▲12」 are how Japanese forms write −12.
            let s: String = s
                .nfkc()
                .filter(|c| *c != ',')
                .map(|c| if c == '△' || c == '▲' { '-' } else { c })
                .collect();
            let figure: String = s
                .trim()
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == '-')
                .collect();
            figure.parse().ok()
        }
        _ => None,
    }
}

#[test]
fn every_cited_file_carries_its_own_sha256() {
    let book = sample_book();
    assert!(book.sources.len() > 20, "{}", book.sources.len());
    for f in &book.sources {
        let path = if f.path.ends_with(".toml") {
            root().join(&f.path)
        } else {
            root().join("input").join(&f.path)
        };
        assert_eq!(f.sha256, sha256(&path), "{}", f.path);
    }
    // The plan file is cited for the targets it gives.
    let plan_file = book
        .sources
        .iter()
        .position(|f| f.path == "plans/azumino-4th.toml")
        .expect("the plan file is a source");
    let p2 = book.plans.iter().find(|p| p.number == 2).unwrap();
    let target = p2.results[0].cites.target.as_ref().expect("cited target");
    assert_eq!(target.file as usize, plan_file);
    // A target computed from last year's actual cites that actual's cell (㉗ ②).
    let p27 = book.plans.iter().find(|p| p.number == 27).unwrap();
    let r = &p27.results[1];
    let target = book.source_of(r.cites.target.as_ref().unwrap()).unwrap();
    assert!(target.file.starts_with("2023年度/"), "{target}");
    assert!(target.cell.is_some(), "{target}");
}

#[test]
fn every_actual_cites_the_cell_that_holds_it() {
    let book = sample_book();
    let mut cells = Cells(BTreeMap::new());
    let mut checked = 0;
    for page in &book.plans {
        for h in &page.history {
            for p in &h.points {
                let Some(actual) = &p.actual else {
                    assert!(p.cites.actual.is_none());
                    continue;
                };
                let cite = p.cites.actual.as_ref().unwrap_or_else(|| {
                    panic!(
                        "{} {} {}: an actual without its cell",
                        page.mark, h.key, p.year
                    )
                });
                let got = number(&cells.value(&book, cite)).unwrap_or_else(|| {
                    panic!(
                        "{} {}: no number in the cell {}: {:?}",
                        page.mark,
                        p.year,
                        book.source_of(cite).unwrap(),
                        cells.value(&book, cite)
                    )
                });
                // A running total (累計) is the sum of the years' cells; the cell holds this
                // year's own amount, not more than the total. A percentage may be typed as a
                // fraction.
                let value = actual.value;
                let hundred = Decimal::ONE_HUNDRED;
                assert!(
                    got == value
                        || got * hundred == value
                        || (got <= value && got >= Decimal::ZERO),
                    "{} {} {}: cell {} holds {got}, the book says {value}",
                    page.mark,
                    h.key,
                    p.year,
                    book.source_of(cite).unwrap()
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked}");
}

#[test]
fn every_text_cites_the_cell_that_holds_it() {
    let book = sample_book();
    let mut cells = Cells(BTreeMap::new());
    let mut checked = 0;
    for page in book
        .plans
        .iter()
        .filter(|p| p.status == PlanStatus::Evaluated)
    {
        assert!(page.cites.sheet.is_some(), "{}", page.mark);
        for (name, text, cite) in [
            ("取組実績", &page.achievements, &page.cites.achievements),
            ("課題", &page.issues, &page.cites.issues),
            ("今後の方向性", &page.direction, &page.cites.direction),
            ("自己評価", &page.self_grade, &page.cites.self_grade),
        ] {
            if text.is_empty() {
                continue;
            }
            let cite = cite
                .as_ref()
                .unwrap_or_else(|| panic!("{} {name}: no cell", page.mark));
            let cell = cells.value(&book, cite).to_string();
            let first_line = text.lines().next().unwrap().trim();
            assert!(
                cell.contains(first_line) || first_line.contains(cell.trim()),
                "{} {name}: cell {} holds {cell:?}, the book says {text:?}",
                page.mark,
                book.source_of(cite).unwrap()
            );
            checked += 1;
        }
    }
    assert!(checked > 40, "{checked}");
}
