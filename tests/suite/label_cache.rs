//! A sheet's label texts are normalised once (`Grid::labels`) and shared by the form, list
//! and committee readers: the shared texts must be what each reader normalised for itself
//! before — every text cell of at most 40 characters, normalised as `normalise_label` does —
//! on the fixture corpus and on generated sheets, also for the visible part of a sheet with
//! hidden rows and columns (`Grid::visible_only`), whose texts are taken from the whole sheet's.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hyoka::intake::sheet::{Grid, SheetLimits, read_workbook};
use hyoka::intake::value::{Raw, normalise_label};
use hyoka::intake::walk::sniff;
use proptest::prelude::*;

/// What a reader normalised for itself before the texts were shared.
fn normalised_one_by_one(grid: &Grid) -> BTreeMap<(u32, u32), String> {
    grid.cells
        .iter()
        .filter_map(|(pos, raw)| match raw {
            Raw::Text(t) if t.chars().count() <= 40 => Some((*pos, normalise_label(t))),
            _ => None,
        })
        .collect()
}

/// The same grid without its cached texts, as a reader would have met it.
fn fresh(grid: &Grid) -> Grid {
    let mut copy = Grid::default();
    copy.name = grid.name.clone();
    copy.cells = grid.cells.clone();
    copy.hidden = grid.hidden;
    copy.hidden_rows = grid.hidden_rows.clone();
    copy.hidden_cols = grid.hidden_cols.clone();
    copy.cut = grid.cut.clone();
    copy
}

fn check(grid: &Grid) -> Result<(), String> {
    let expected = normalised_one_by_one(grid);
    if grid.labels() != &expected {
        return Err(format!("{}: labels differ", grid.name));
    }
    for (pos, raw) in &grid.cells {
        let at = grid.label_at(*pos).map(|t| t.into_owned());
        let want = match raw {
            Raw::Text(t) => Some(normalise_label(t)),
            _ => None,
        };
        if at != want {
            return Err(format!(
                "{} {pos:?}: label_at {at:?}, expected {want:?}",
                grid.name
            ));
        }
    }
    // The visible part takes its texts from the whole sheet's: they must be the ones it
    // would normalise itself.
    let visible = grid.visible_only();
    if visible.labels() != &normalised_one_by_one(&visible) {
        return Err(format!("{}: visible labels differ", grid.name));
    }
    if fresh(&visible).labels() != visible.labels() {
        return Err(format!(
            "{}: visible labels not as a fresh grid's",
            grid.name
        ));
    }
    Ok(())
}

fn workbooks(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            workbooks(&path, out);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ["xlsx", "xlsm", "xls", "ods"].contains(&e))
        {
            out.push(path);
        }
    }
}

#[test]
fn shared_label_texts_are_each_readers_own_on_the_fixture_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    workbooks(&root.join("tests/fixtures/intake"), &mut files);
    workbooks(&root.join("input"), &mut files);
    files.sort();
    let limits = SheetLimits {
        max_rows: 5_000,
        max_cells: 500_000,
        max_text: 10_000,
    };
    let mut grids = 0;
    let mut hidden = 0;
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let Ok(format) = sniff(&bytes, 200 * 1024 * 1024) else {
            continue;
        };
        let Ok((sheets, _)) = read_workbook(bytes, format, limits) else {
            continue;
        };
        for grid in &sheets {
            check(grid).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            grids += 1;
            hidden += usize::from(!grid.hidden_rows.is_empty() || !grid.hidden_cols.is_empty());
        }
    }
    // The corpus must really have been read, hidden rows and columns included.
    assert!(grids > 100, "only {grids} sheets read");
    assert!(hidden > 0, "no sheet with hidden rows or columns");
}

/// Texts near labels: spellings with spaces, full-width forms, markers and notes, and
/// texts around the 40-character limit.
fn cell_text() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "アクションプラン",
        "実 績 値",
        "年度：",
        "■取組実績",
        "【自己評価】",
        "担当課（課名）",
        "ＡＢＣ１２３",
        "ｱｸｼｮﾝ",
        "⽇本",
        " ",
        "　",
        "\r\n",
        "※注",
        "x",
    ]);
    prop::collection::vec(words, 0..12).prop_map(|w| w.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn shared_label_texts_are_each_readers_own_on_generated_sheets(
        cells in prop::collection::btree_map((0u32..12, 0u32..6), cell_text(), 0..40),
        numbers in prop::collection::btree_map((0u32..12, 0u32..6), -1e6f64..1e6, 0..10),
        hidden_rows in prop::collection::btree_set(0u32..12, 0..3),
        hidden_cols in prop::collection::btree_set(0u32..6, 0..2),
    ) {
        let mut grid = Grid::default();
        grid.name = "生成".to_string();
        grid.cells = numbers
            .into_iter()
            .map(|(pos, value)| (pos, Raw::Number { value, percent: false }))
            .chain(cells.into_iter().map(|(pos, t)| (pos, Raw::Text(t))))
            .collect();
        grid.hidden_rows = hidden_rows;
        grid.hidden_cols = hidden_cols;
        prop_assert_eq!(check(&grid), Ok(()));
    }
}
