//! Label-anchored reading: a plan sheet's fields are found by their label text anywhere on
//! the sheet, so inserted rows and columns, moved blocks and retyped sheets still read.

use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use std::sync::LazyLock;

use crate::diag::{Diagnostic, Source};
use crate::labels;
use crate::text::nfkc;

use super::sheet::{Grid, a1};
use super::value::{Raw, Value, label_matches, normalise, normalise_label, normalise_text};
use super::{Field, IndicatorRow, ResponseRow, Submission};

/// How far to the right of a label its value may be.
const VALUE_REACH: u32 = 8;
/// Rows at the top of a sheet searched for a plan heading when the label is missing.
const HEADING_ROWS: u32 = 5;

/// Most rows of an indicator table.
const TABLE_ROWS: u32 = 50;

/// Labels that end a value search or an indicator table.
const FIELD_LABELS: &[&str] = &[
    labels::YEAR,
    labels::DEPARTMENT,
    labels::PLAN,
    labels::PERIOD,
    labels::TARGET_TEXT,
    labels::ACHIEVEMENTS,
    labels::SELF_GRADE,
    labels::ISSUES,
    labels::DIRECTION,
    labels::AUTHOR,
    labels::CONTACT,
];

/// The normalised spellings of a label (the printed one and its aliases).
///
/// Every label search of every sheet asks for these; normalising them (NFKC) once per
/// process instead of on each call was 17% of a whole build's CPU (perf, shipped sample).
pub(super) fn aliases(label: &str) -> Cow<'static, [String]> {
    static NORMALISED: LazyLock<Vec<(&str, Vec<String>)>> = LazyLock::new(|| {
        labels::ALIASES
            .iter()
            .map(|(l, a)| (*l, a.iter().map(|s| normalise_label(s)).collect()))
            .collect()
    });
    NORMALISED
        .iter()
        .find(|(l, _)| *l == label)
        .map(|(_, a)| Cow::Borrowed(a.as_slice()))
        .unwrap_or_else(|| Cow::Owned(vec![normalise_label(label)]))
}

/// A cell's (row, column), 0-based.
type Pos = (u32, u32);

/// The normalised text of every text cell, for label search.
struct Labels<'g> {
    /// [`Grid::labels`]: normalised once per sheet, shared with the other readers.
    cells: &'g BTreeMap<(u32, u32), String>,
    /// Cells in hidden rows or columns: a label there is used only when no visible cell
    /// carries it (a hidden stale copy is never preferred).
    hidden: std::collections::BTreeSet<(u32, u32)>,
    /// The cells carrying each label asked for, row by row. A label is asked for again and
    /// again (for each field, each row below a table or a text), and comparing every cell
    /// with its spellings each time was a tenth of reading (perf, shipped sample).
    carrying: RefCell<HashMap<String, Rc<[Pos]>>>,
    /// The cells carrying any of [`FIELD_LABELS`], once asked for.
    field_cells: OnceCell<std::collections::BTreeSet<Pos>>,
}

impl<'g> Labels<'g> {
    fn new(grid: &'g Grid) -> Self {
        let cells = grid.labels();
        let hidden = cells
            .keys()
            .filter(|pos| grid.is_hidden(**pos))
            .copied()
            .collect();
        Labels {
            cells,
            hidden,
            carrying: RefCell::default(),
            field_cells: OnceCell::new(),
        }
    }

    /// Every cell carrying `label` or one of its aliases, row by row, hidden ones included.
    fn carrying(&self, label: &str) -> Rc<[Pos]> {
        if let Some(found) = self.carrying.borrow().get(label) {
            return Rc::clone(found);
        }
        let wanted = aliases(label);
        let found: Rc<[Pos]> = self
            .cells
            .iter()
            .filter(|(_, text)| wanted.iter().any(|w| label_matches(text, w)))
            .map(|(pos, _)| *pos)
            .collect();
        self.carrying
            .borrow_mut()
            .insert(label.to_string(), Rc::clone(&found));
        found
    }

    /// Every cell (row by row) carrying `label` or one of its aliases, visible ones first.
    fn find_all(&self, label: &str) -> Vec<(u32, u32)> {
        let all = self.carrying(label);
        let (visible, hidden): (Vec<Pos>, Vec<Pos>) =
            all.iter().partition(|pos| !self.hidden.contains(pos));
        visible.into_iter().chain(hidden).collect()
    }

    /// The first visible cell (row by row) carrying `label` or one of its aliases, else the
    /// first hidden one.
    fn find(&self, label: &str) -> Option<(u32, u32)> {
        self.find_all(label).first().copied()
    }

    /// Same, restricted to one row.
    fn find_in_row(&self, label: &str, row: u32) -> Option<u32> {
        let all = self.carrying(label);
        // Row by row, so the row's cells are one run.
        let start = all.partition_point(|pos| pos.0 < row);
        let end = all.partition_point(|pos| pos.0 <= row);
        let in_row = &all[start..end];
        in_row
            .iter()
            .find(|pos| !self.hidden.contains(pos))
            .or(in_row.first())
            .map(|pos| pos.1)
    }

    fn field_cells(&self) -> &std::collections::BTreeSet<Pos> {
        self.field_cells.get_or_init(|| {
            FIELD_LABELS
                .iter()
                .flat_map(|l| self.carrying(l).iter().copied().collect::<Vec<_>>())
                .collect()
        })
    }

    fn row_has_field_label(&self, row: u32) -> bool {
        self.field_cells()
            .range((row, 0)..=(row, u32::MAX))
            .next()
            .is_some()
    }

    fn is_field_label(&self, pos: (u32, u32)) -> bool {
        self.field_cells().contains(&pos)
    }
}

/// Reads a grid as a plan sheet; `None` when it does not look like one (no plan label and
/// fewer than two field labels), e.g. the instructions sheet.
pub fn read_plan_sheet(grid: &Grid, file: &str, sample: bool) -> Option<Submission> {
    let labels_index = Labels::new(grid);
    let found: Vec<(&str, Option<(u32, u32)>)> = [
        labels::PLAN,
        labels::YEAR,
        labels::ACTUAL,
        labels::ACHIEVEMENTS,
        labels::SELF_GRADE,
        labels::ISSUES,
        labels::DIRECTION,
        labels::AUTHOR,
        labels::CONTACT,
    ]
    .iter()
    .map(|l| (*l, labels_index.find(l)))
    .collect();
    let count = found.iter().filter(|(_, p)| p.is_some()).count();
    let plan_found = found[0].1.is_some();
    let table_found = found[2].1.is_some();
    // A cover sheet may carry 「年度」 and 「記入者」; a plan sheet has more.
    if !plan_found && !table_found && count < 3 {
        return None;
    }
    let here = |pos: (u32, u32)| Source::cell(file, &grid.name, a1(pos.0, pos.1));
    let field_at = |label: &str, text: bool| -> Option<Field> {
        let pos = labels_index.find(label)?;
        let (value, at) = value_beside(grid, &labels_index, pos, text);
        // 取組実績 written one paragraph a row, in rows inserted under the field.
        let value = match value {
            Value::Text(first) if CONTINUED.contains(&label) => {
                let (read, _) = continuation(grid, &labels_index, at);
                let mut paragraphs = vec![first];
                paragraphs.extend(read.iter().filter_map(|p| match grid.get(p.0, p.1) {
                    Some(raw) => match normalise_text(raw) {
                        Value::Empty => None,
                        v => Some(v.as_text()),
                    },
                    None => None,
                }));
                Value::Text(paragraphs.join("\n"))
            }
            other => other,
        };
        Some(Field {
            value,
            at: here(at),
        })
    };

    // Without the 「アクションプラン」 label, a heading such as 「No.5 民間活力導入の推進」 near
    // the top (number and name in one cell) or the sheet name 「⑤…」 tells the plan.
    let plan = field_at(labels::PLAN, true).or_else(|| {
        grid.cells
            .range((0, 0)..(HEADING_ROWS, 0))
            .find_map(|(pos, raw)| match raw {
                Raw::Text(t) if t.chars().count() <= 60 => {
                    let (n, name) = plan_ref(&Value::Text(t.clone()));
                    (n.is_some() && !name.is_empty()).then(|| Field {
                        value: Value::Text(t.trim().to_string()),
                        at: here(*pos),
                    })
                }
                _ => None,
            })
    });
    let (plan_number, plan_text) = match &plan {
        Some(f) => plan_ref(&f.value),
        None => (None, String::new()),
    };
    let (plan_number, plan_text) = if plan_number.is_none() && plan_text.is_empty() {
        let (n, _) = plan_ref(&Value::Text(grid.name.clone()));
        (n, String::new())
    } else {
        (plan_number, plan_text)
    };
    let year_pos = labels_index.find(labels::YEAR);
    let (year, year_raw) = match year_pos {
        Some(pos) => {
            let (value, at) = value_beside(grid, &labels_index, pos, false);
            let raw = grid.get(at.0, at.1).cloned();
            (
                Some(Field {
                    value,
                    at: here(at),
                }),
                raw,
            )
        }
        None => (None, None),
    };
    let year_value = year_raw.as_ref().and_then(super::value::fiscal_year_of);

    let mut missing = Vec::new();
    for (label, pos) in &found {
        if pos.is_none() && *label != labels::PLAN {
            missing.push((*label).to_string());
        }
    }
    if plan.is_none() && plan_number.is_none() {
        missing.insert(0, labels::PLAN.to_string());
    }

    let indicators = match labels_index.find(labels::ACTUAL) {
        Some(pos) => read_table(grid, &labels_index, pos, &here),
        None => Vec::new(),
    };

    Some(Submission {
        file: file.to_string(),
        sheet: grid.name.clone(),
        source: Source {
            file: file.to_string(),
            sheet: Some(grid.name.clone()),
            ..Source::default()
        },
        plan,
        plan_number,
        plan_text,
        headings: top_texts(grid, file),
        year,
        year_value,
        department: field_at(labels::DEPARTMENT, true),
        indicators,
        achievements: field_at(labels::ACHIEVEMENTS, true),
        self_grade: field_at(labels::SELF_GRADE, true),
        issues: field_at(labels::ISSUES, true),
        direction: field_at(labels::DIRECTION, true),
        author: field_at(labels::AUTHOR, true),
        contact: field_at(labels::CONTACT, true),
        sample,
        missing_labels: missing,
        layout: super::Layout::Form,
        responses: read_responses(grid, &labels_index, &here),
    })
}

/// Most rows of a response table.
const RESPONSE_ROWS: u32 = 200;

/// The response table to last year's committee opinions: the first row carrying every header
/// of [`labels::RESPONSE_HEADERS`], then one row per opinion down to the next field label.
/// Rows with nothing written are skipped; a hidden row is never read (reported as hidden data).
fn read_responses(
    grid: &Grid,
    labels_index: &Labels,
    here: &dyn Fn((u32, u32)) -> Source,
) -> Vec<ResponseRow> {
    let Some((hr, id_col)) = labels_index
        .find_all(labels::OPINION_ID)
        .into_iter()
        .filter(|p| !grid.is_hidden(*p))
        .find(|(r, _)| {
            labels::RESPONSE_HEADERS
                .iter()
                .all(|l| labels_index.find_in_row(l, *r).is_some())
        })
    else {
        return Vec::new();
    };
    let col = |label: &str| labels_index.find_in_row(label, hr);
    let (Some(status_col), Some(text_col)) =
        (col(labels::RESPONSE_STATUS), col(labels::RESPONSE_TEXT))
    else {
        return Vec::new();
    };
    // A city's own body word (「行政改革推進会議意見」) is not among the known labels: the
    // opinion is then the column right of the id, as the form prints it.
    let opinion_col = col(labels::COMMITTEE_OPINION).or_else(|| {
        let next = id_col + 1;
        (next != status_col
            && next != text_col
            && grid
                .get(hr, next)
                .is_some_and(|c| matches!(c, Raw::Text(t) if t.trim().ends_with("意見"))))
        .then_some(next)
    });
    let field = |r: u32, c: u32| Field {
        value: grid.get(r, c).map_or(Value::Empty, normalise_text),
        at: here((r, c)),
    };
    let last_row = grid.cells.keys().map(|(r, _)| *r).max().unwrap_or(0);
    let mut rows = Vec::new();
    for r in hr + 1..=last_row.min(hr + RESPONSE_ROWS) {
        if labels_index.row_has_field_label(r) {
            break;
        }
        if grid.hidden_rows.contains(&r) {
            continue;
        }
        let row = ResponseRow {
            id: field(r, id_col),
            opinion: opinion_col.map(|c| field(r, c)),
            status: field(r, status_col),
            text: field(r, text_col),
        };
        let written = [&row.id, &row.status, &row.text]
            .into_iter()
            .chain(row.opinion.as_ref())
            .any(|f| !f.value.is_empty());
        // A note below the table (「※ …」) is not a row.
        if !written || row.id.value.as_text().trim_start().starts_with(['※', '*']) {
            continue;
        }
        rows.push(row);
    }
    rows
}

/// Free-text fields that a department may continue in the rows below.
const CONTINUED: &[&str] = &[labels::ACHIEVEMENTS, labels::ISSUES, labels::DIRECTION];

/// Most rows a free text may continue over.
const CONTINUATION_ROWS: u32 = 30;

/// The rows below a free text's cell `at`, up to the next label: the cells in its column
/// (read as more paragraphs) and the filled cells elsewhere in those rows (not read, and
/// reported). Hidden rows are skipped (they are reported as hidden data).
fn continuation(
    grid: &Grid,
    labels_index: &Labels,
    (row, col): (u32, u32),
) -> (Vec<Pos>, Vec<Pos>) {
    let mut read = Vec::new();
    let mut unread = Vec::new();
    for r in row + 1..=row.saturating_add(CONTINUATION_ROWS) {
        if labels_index.row_has_field_label(r)
            || labels_index.find_in_row(labels::ACTUAL, r).is_some()
        {
            break;
        }
        if grid.hidden_rows.contains(&r) {
            continue;
        }
        for (pos, raw) in grid.cells.range((r, 0)..=(r, u32::MAX)) {
            if grid.hidden_cols.contains(&pos.1) {
                continue;
            }
            let filled = !matches!(normalise_text(raw), Value::Empty);
            if pos.1 == col && filled {
                read.push(*pos);
            } else if filled {
                unread.push(*pos);
            }
        }
    }
    (read, unread)
}

/// A warning for each hidden row or column holding data, naming its first cell: the data is
/// not read (the visible cells are), and the clerk should know it is there.
pub fn hidden_data(grid: &Grid, file: &str) -> Vec<Diagnostic> {
    let here = |pos: (u32, u32)| Source::cell(file, &grid.name, a1(pos.0, pos.1));
    let mut notes = Vec::new();
    let mut seen_rows = std::collections::BTreeSet::new();
    let mut seen_cols = std::collections::BTreeSet::new();
    for pos in grid.cells.keys() {
        let row_hidden = grid.hidden_rows.contains(&pos.0);
        let col_hidden = grid.hidden_cols.contains(&pos.1);
        let (what, first) = if row_hidden && seen_rows.insert(pos.0) {
            (format!("非表示の行 {} ", pos.0 + 1), true)
        } else if !row_hidden && col_hidden && seen_cols.insert(pos.1) {
            let letters: String = a1(0, pos.1)
                .chars()
                .filter(|c| c.is_ascii_alphabetic())
                .collect();
            (format!("非表示の列 {letters} "), true)
        } else {
            (String::new(), false)
        };
        if first {
            notes.push(
                Diagnostic::warning(
                    "hidden-data",
                    format!("{what}にデータがあります。表示されている欄を優先して読み、非表示の欄は使っていません。"),
                )
                .at(here(*pos))
                .hint("不要な行・列なら削除し、必要なら再表示して正しい欄に入力してください。"),
            );
        }
    }
    notes
}

/// What a person should know about a plan sheet beyond its values: data in hidden rows or
/// columns (never read in preference to visible data), a field written twice, text below
/// a field that was not read, texts cut to the limit, formulas without results are left
/// to validation. `limit` is the text limit in characters.
pub fn sheet_notes(grid: &Grid, file: &str, limit: usize) -> Vec<Diagnostic> {
    let labels_index = Labels::new(grid);
    let here = |pos: (u32, u32)| Source::cell(file, &grid.name, a1(pos.0, pos.1));
    let mut notes = hidden_data(grid, file);
    // One field, two cells: a copied block with a corrected value beside the old one. Only
    // where the two disagree (two filled values that differ, two indicator tables): a second
    // 「年度」 heading over a department's own history columns is not a second field.
    for label in FIELD_LABELS.iter().chain([&labels::ACTUAL]) {
        let all: Vec<(u32, u32)> = labels_index
            .find_all(label)
            .into_iter()
            .filter(|p| !grid.is_hidden(*p))
            .collect();
        let conflicting: Vec<(u32, u32)> = if *label == labels::ACTUAL {
            all.into_iter()
                .filter(|p| {
                    labels_index
                        .find_in_row(labels::INDICATOR_KEY, p.0)
                        .is_some()
                        || labels_index.find_in_row(labels::INDICATOR, p.0).is_some()
                })
                .collect()
        } else {
            let values: Vec<((u32, u32), Value)> = all
                .iter()
                .map(|p| (*p, value_beside(grid, &labels_index, *p, true).0))
                .filter(|(_, v)| !v.is_empty())
                .collect();
            match values.as_slice() {
                [(a, va), rest @ ..] => match rest.iter().find(|(_, v)| v != va) {
                    Some((b, _)) => vec![*a, *b],
                    None => Vec::new(),
                },
                [] => Vec::new(),
            }
        };
        if let [first, second, ..] = conflicting[..] {
            notes.push(
                Diagnostic::error(
                    "field-duplicate",
                    format!(
                        "見出し「{label}」が2か所（{} と {}）にあります。どちらの欄を使うか決められません。",
                        a1(first.0, first.1),
                        a1(second.0, second.1)
                    ),
                )
                .at(here(second))
                .field(*label)
                .hint("古い方の欄を削除して保存し直してください。"),
            );
        }
    }
    // Text below a free-text field, outside its column: not read.
    for label in CONTINUED {
        let Some(pos) = labels_index.find(label) else {
            continue;
        };
        let (_, at) = value_beside(grid, &labels_index, pos, true);
        let (_, unread) = continuation(grid, &labels_index, at);
        if let Some(first) = unread.first() {
            let cells: Vec<String> = unread.iter().map(|p| a1(p.0, p.1)).collect();
            notes.push(
                Diagnostic::warning(
                    "text-not-read",
                    format!(
                        "{label}の下の {} にある文章は読み込みませんでした（{label}の欄は {} の列です）。",
                        cells.join("・"),
                        a1(at.0, at.1)
                    ),
                )
                .at(here(*first))
                .field(*label)
                .hint(format!("{label}に含める文章なら {} の列に入力してください。", a1(at.0, at.1))),
            );
        }
    }
    // Texts cut to the limit, with where.
    for (pos, total) in &grid.cut {
        let kept: String = match grid.get(pos.0, pos.1) {
            Some(Raw::Text(t)) => t
                .chars()
                .rev()
                .take(10)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect(),
            _ => String::new(),
        };
        notes.push(
            Diagnostic::warning(
                "text-cut",
                format!(
                    "文章が長すぎるため、{} 字のうち先頭の {} 字（「…{kept}」まで）だけを読み込み、残りの {} 字を切り捨てました。",
                    count(*total),
                    count(limit),
                    count(total - limit)
                ),
            )
            .at(here(*pos))
            .hint("文章を短くしてください（上限は --max-text-chars で変更できます）。"),
        );
    }
    notes
}

/// A count with thousands separators: 「12,000」.
fn count(n: usize) -> String {
    crate::text::number::format_decimal(rust_decimal::Decimal::from(n), 0)
}

/// The value next to a label: the first filled cell to its right (before another label),
/// else the cell below when that is filled and not a label, else the empty cell to the right.
fn value_beside(
    grid: &Grid,
    labels_index: &Labels,
    (row, col): (u32, u32),
    text: bool,
) -> (Value, (u32, u32)) {
    let read = |raw: &Raw| {
        if text {
            normalise_text(raw)
        } else {
            normalise(raw)
        }
    };
    // 「年度：令和6年度」: the label and its value typed into one cell.
    if let Some(Raw::Text(t)) = grid.get(row, col)
        && let Some((_, rest)) = t.split_once([':', '：'])
        && !rest.trim().is_empty()
    {
        return (read(&Raw::Text(rest.to_string())), (row, col));
    }
    // A visible cell first: a hidden column may keep a stale copy.
    for visible_only in [true, false] {
        for c in col + 1..=col + VALUE_REACH {
            if labels_index.is_field_label((row, c)) {
                break;
            }
            if visible_only && grid.is_hidden((row, c)) {
                continue;
            }
            if let Some(raw) = grid.get(row, c) {
                return (read(raw), (row, c));
            }
        }
    }
    if let Some(raw) = grid.get(row + 1, col)
        && !labels_index.is_field_label((row + 1, col))
    {
        return (read(raw), (row + 1, col));
    }
    (Value::Empty, (row, col + 1))
}

/// Reads the indicator table whose 「実績値」 header is at `header`.
fn read_table(
    grid: &Grid,
    labels_index: &Labels,
    (hr, actual_col): (u32, u32),
    here: &dyn Fn((u32, u32)) -> Source,
) -> Vec<IndicatorRow> {
    let key_col = labels_index.find_in_row(labels::INDICATOR_KEY, hr);
    let label_col = labels_index.find_in_row(labels::INDICATOR, hr);
    let previous_col = labels_index.find_in_row(labels::PREVIOUS, hr);
    let reference_col = labels_index.find_in_row(labels::REFERENCE, hr);
    let text_at = |r: u32, c: Option<u32>| -> String {
        c.and_then(|c| grid.get(r, c))
            .map(|raw| match raw {
                Raw::Text(t) => t.trim().to_string(),
                other => normalise(other).as_text(),
            })
            .unwrap_or_default()
    };
    let field = |r: u32, c: Option<u32>| -> Option<Field> {
        let c = c?;
        Some(Field {
            value: grid.get(r, c).map_or(Value::Empty, normalise),
            at: here((r, c)),
        })
    };
    let mut rows = Vec::new();
    for r in hr + 1..=hr + TABLE_ROWS {
        // A hidden row (a stale copy of an indicator) is never read: it is reported as
        // hidden data, and the visible row is the one the sheet shows.
        if grid.hidden_rows.contains(&r) {
            continue;
        }
        let row_has_label = grid
            .cells
            .range((r, 0)..=(r, u32::MAX))
            .any(|(pos, _)| labels_index.is_field_label(*pos));
        let key = text_at(r, key_col);
        let label = text_at(r, label_col);
        let actual = grid.get(r, actual_col);
        if row_has_label || (key.is_empty() && label.is_empty() && actual.is_none()) {
            break;
        }
        rows.push(IndicatorRow {
            key,
            label,
            actual: field(r, Some(actual_col)).unwrap_or(Field {
                value: Value::Empty,
                at: here((r, actual_col)),
            }),
            previous: field(r, previous_col),
            reference: field(r, reference_col),
        });
    }
    rows
}

/// The text cells of the top rows of a sheet, where a form prints the outline's title.
pub(crate) fn top_texts(grid: &Grid, file: &str) -> Vec<Field> {
    grid.cells
        .range((0, 0)..(HEADING_ROWS, 0))
        .filter_map(|(pos, raw)| match raw {
            Raw::Text(t) if !t.trim().is_empty() && t.chars().count() <= 200 => Some(Field {
                value: Value::Text(t.trim().to_string()),
                at: Source::cell(file, &grid.name, a1(pos.0, pos.1)),
            }),
            _ => None,
        })
        .collect()
}

/// Plan number and name from what is written beside 「アクションプラン」:
/// 「① 情報…」, 「1」, 「No.1」, 「第1」, 「(51) 情報…」 (how numbers past ㊿ are printed) or only the name.
pub fn plan_ref(value: &Value) -> (Option<u32>, String) {
    match value {
        Value::Number(n) => {
            let number = if n.fract().is_zero() {
                n.normalize().to_string().parse().ok()
            } else {
                None
            };
            (number, String::new())
        }
        Value::Text(t) => {
            let t = nfkc(t);
            let mut s = t.trim();
            let mut parenthesised = false;
            for prefix in [
                "アクションプラン",
                "No.",
                "NO.",
                "no.",
                "No",
                "NO",
                "#",
                "第",
                "№",
                "(",
            ] {
                if let Some(rest) = s.strip_prefix(prefix) {
                    s = rest.trim_start();
                    parenthesised |= prefix == "(";
                }
            }
            let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
            // 「1-1」, 「(2)-③」: a city's own plan id of several numbers is no plan number;
            // the whole text is kept for validation to match against the plan file's ids.
            let after = s[digits.len()..].trim_start_matches([')', '-', '_', '.', '・']);
            if !digits.is_empty()
                && after.len() < s.len() - digits.len()
                && after.starts_with(|c: char| c.is_ascii_digit())
            {
                return (None, t.trim().to_string());
            }
            let rest = s[digits.len()..]
                .trim_start_matches(['.', ')', '、', ' ', ':', '_', '-'])
                .trim();
            // A bare number of four digits is more likely a year (「2024年度」) than a plan;
            // in parentheses it is the plan's printed id past ㊿: 「(1000)」.
            let closed = parenthesised && s[digits.len()..].starts_with(')');
            let longest = if closed { 6 } else { 3 };
            let number = if digits.is_empty() || digits.len() > longest {
                None
            } else {
                digits.parse().ok()
            };
            (number, rest.to_string())
        }
        _ => (None, String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(cells: &[((u32, u32), &str)]) -> Grid {
        Grid {
            name: "retyped".to_string(),
            cells: cells
                .iter()
                .map(|(pos, t)| {
                    let raw = match t.parse::<f64>() {
                        Ok(value) => Raw::Number {
                            value,
                            percent: false,
                        },
                        Err(_) => Raw::Text(t.to_string()),
                    };
                    (*pos, raw)
                })
                .collect(),
            ..Grid::default()
        }
    }

    #[test]
    fn a_retyped_sheet_with_values_below_labels_and_spaced_labels() {
        let g = grid(&[
            ((0, 0), "No.5 民間活力導入の推進"),
            ((1, 0), "年 度"),
            ((1, 1), "R6"),
            ((3, 2), "番号"),
            ((3, 3), "実績\n値"),
            ((4, 2), "１"),
            ((4, 3), "2"),
            ((6, 0), "■取組実績："),
            ((7, 0), "民間提案制度を運用した。"),
            ((9, 0), "自己評価"),
            ((9, 4), "Ａ"),
        ]);
        let sub = read_plan_sheet(&g, "f.xlsx", false).expect("a plan sheet");
        assert_eq!(sub.year_value, Some(2024));
        assert_eq!(sub.indicators.len(), 1);
        assert_eq!(sub.indicators[0].key, "１");
        assert_eq!(sub.indicators[0].actual.value, Value::Number(2.into()));
        assert_eq!(sub.indicators[0].actual.at.cell.as_deref(), Some("D5"));
        let a = sub.achievements.unwrap();
        assert_eq!(a.value, Value::Text("民間提案制度を運用した。".into()));
        assert_eq!(a.at.cell.as_deref(), Some("A8"));
        assert_eq!(sub.self_grade.unwrap().at.cell.as_deref(), Some("E10"));
        // No 「アクションプラン」 label: the heading at the top names the plan.
        assert_eq!(sub.plan_number, Some(5));
        assert_eq!(sub.plan_text, "民間活力導入の推進");
        assert_eq!(sub.plan.unwrap().at.cell.as_deref(), Some("A1"));
        assert!(!sub.missing_labels.contains(&"アクションプラン".to_string()));
    }

    #[test]
    fn continued_text_hidden_rows_and_second_fields() {
        let mut g = grid(&[
            ((0, 0), "アクションプラン"),
            ((0, 1), "① 情報セキュリティ対策の強化"),
            ((1, 0), "年度"),
            ((1, 1), "令和6年度"),
            ((3, 0), "番号"),
            ((3, 1), "実績値"),
            ((4, 0), "1"),
            ((4, 1), "5"),
            ((5, 0), "1"),
            ((5, 1), "0"),
            ((7, 0), "取組実績"),
            ((7, 1), "一段落目。"),
            ((8, 1), "二段落目。"),
            ((9, 1), "三段落目。"),
            ((10, 0), "自己評価"),
            ((10, 1), "A"),
            // A department's own history beside the form: 年度 again, same year.
            ((12, 0), "年度"),
            ((12, 1), "令和6年度"),
        ]);
        g.hidden_rows.insert(4);
        let sub = read_plan_sheet(&g, "f.xlsx", false).unwrap();
        assert_eq!(sub.indicators.len(), 1, "the hidden stale row is not read");
        assert_eq!(sub.indicators[0].actual.value, Value::Number(0.into()));
        assert_eq!(
            sub.achievements.unwrap().value,
            Value::Text("一段落目。\n二段落目。\n三段落目。".into())
        );
        let notes = sheet_notes(&g, "f.xlsx", 10_000);
        let codes: Vec<&str> = notes.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["hidden-data"], "{notes:?}");
        // The same block copied with another year: which one is meant cannot be told.
        g.cells.insert((12, 1), Raw::Text("令和5年度".into()));
        // The labels were normalised from the cells before the change.
        g.label_cache = Default::default();
        let notes = sheet_notes(&g, "f.xlsx", 10_000);
        assert!(
            notes
                .iter()
                .any(|d| d.code == "field-duplicate" && d.message.contains("A2 と A13")),
            "{notes:?}"
        );
    }

    #[test]
    fn a_cover_sheet_is_not_a_plan_sheet() {
        let g = grid(&[
            ((0, 0), "年度"),
            ((0, 1), "2024"),
            ((1, 0), "記入者"),
            ((1, 1), "架空"),
        ]);
        assert!(read_plan_sheet(&g, "f.xlsx", false).is_none());
    }

    #[test]
    fn plan_references() {
        let t = |s: &str| plan_ref(&Value::Text(s.to_string()));
        assert_eq!(t("① 情報セキュリティ対策の強化").0, Some(1));
        assert_eq!(
            t("① 情報セキュリティ対策の強化").1,
            "情報セキュリティ対策の強化"
        );
        assert_eq!(t("㉑介護予防").0, Some(21));
        assert_eq!(t("No.12").0, Some(12));
        // A city's compound id is kept whole for validation, not read as plan 1 「1 …」.
        assert_eq!(t("1-1 公共施設").0, None);
        assert_eq!(t("1-1 公共施設").1, "1-1 公共施設");
        assert_eq!(t("(2)-③").0, None);
        assert_eq!(t("1.情報").0, Some(1));
        assert_eq!(t("１２"), (Some(12), String::new()));
        // Past ㊿ the number is printed in parentheses (text::number::circled).
        assert_eq!(t("㊿ 最後"), (Some(50), "最後".to_string()));
        assert_eq!(
            t("(51)ホームページの充実"),
            (Some(51), "ホームページの充実".to_string())
        );
        assert_eq!(t("（１２３） 名前"), (Some(123), "名前".to_string()));
        // A city of a thousand plans and more: 「(1000)」 is plan 1000, a bare 2024 no plan.
        assert_eq!(
            t("(1000)第35係の申告相談"),
            (Some(1000), "第35係の申告相談".to_string())
        );
        assert_eq!(t("(10000)").0, Some(10000));
        assert_eq!(t("2024年度").0, None);
        assert_eq!(t("(2024年度)").0, None);
        assert_eq!(t("情報セキュリティ対策の強化").0, None);
        assert_eq!(plan_ref(&Value::Number(7.into())).0, Some(7));
    }
}
