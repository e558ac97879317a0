//! The one-table list (一覧表): one row per plan × indicator, as reform offices aggregate
//! the departments' reports, read into the same [`Submission`]s a plan form gives.
//!
//! A list is told by its header row: a plan column (「アクションプラン名」, 「プラン番号」 …), an
//! indicator column (「指標」, 「指標番号」) and 「実績値」 side by side. A form's indicator table
//! has no plan column, and a department's own summary sheet with only 年度 and 実績値 has
//! neither, so neither is taken for a list. Rows of one plan (one year) become one
//! submission; every value keeps its own cell. The year of a row comes from its 年度 column,
//! else from the block above the table, else from the file name, else from the folder, and
//! all of them must agree ([`super::year`]). A row that cannot be given a plan or a year is
//! reported by its row, never dropped in silence.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Source};
use crate::labels;
use crate::text::nfkc;
use crate::values::FiscalYear;

use super::anchor::{aliases, plan_ref};
use super::sheet::{Grid, a1};
use super::value::{
    Raw, Value, fiscal_year_of, label_matches, normalise, normalise_label, normalise_text,
};
use super::year::{self, YearEvidence, YearPlace};
use super::{Field, IndicatorRow, Layout, Submission};

/// What a column of the list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Column {
    /// The plan: its name, its number, or both (「① 情報…」).
    Plan,
    /// A bare 「番号」/「No.」: the plan number when it is the same on every row of a plan.
    Number,
    IndicatorKey,
    Indicator,
    Actual,
    Previous,
    Reference,
    Year,
    Department,
    Achievements,
    SelfGrade,
    Issues,
    Direction,
    Author,
    Contact,
}

/// Each column's header texts: the form's label and its aliases, then spellings seen in
/// lists. Checked in this order, so 「指標番号」 is a key before 「指標」 could claim it.
fn header_texts(column: Column) -> Vec<String> {
    let (label, extra): (&str, &[&str]) = match column {
        Column::Plan => (
            labels::PLAN,
            &["アクションプラン名称", "プラン", "プランNo."],
        ),
        Column::Number => (labels::INDICATOR_KEY, &["通し番号"]),
        Column::IndicatorKey => ("指標番号", &["指標No.", "指標No", "指標の番号"]),
        Column::Indicator => (
            labels::INDICATOR,
            &["成果指標", "評価指標", "指標項目", "指標の名称"],
        ),
        Column::Actual => (labels::ACTUAL, &["今年度実績値", "実績値(今年度)"]),
        Column::Previous => (labels::PREVIOUS, &[]),
        Column::Reference => (labels::REFERENCE, &[]),
        Column::Year => (labels::YEAR, &[]),
        Column::Department => (labels::DEPARTMENT, &[]),
        Column::Achievements => (labels::ACHIEVEMENTS, &[]),
        Column::SelfGrade => (labels::SELF_GRADE, &[]),
        Column::Issues => (labels::ISSUES, &[]),
        Column::Direction => (labels::DIRECTION, &[]),
        Column::Author => (labels::AUTHOR, &[]),
        Column::Contact => (labels::CONTACT, &[]),
    };
    let mut texts = aliases(label).into_owned();
    texts.extend(extra.iter().map(|s| normalise_label(s)));
    texts
}

const ALL_COLUMNS: [Column; 15] = [
    Column::Plan,
    Column::IndicatorKey,
    Column::Indicator,
    Column::Actual,
    Column::Previous,
    Column::Reference,
    Column::Year,
    Column::Department,
    Column::Achievements,
    Column::SelfGrade,
    Column::Issues,
    Column::Direction,
    Column::Author,
    Column::Contact,
    Column::Number,
];

/// The label a column is named by in messages.
fn column_label(column: Column) -> &'static str {
    match column {
        Column::Plan => labels::PLAN,
        Column::Number => labels::INDICATOR_KEY,
        Column::IndicatorKey => "指標番号",
        Column::Indicator => labels::INDICATOR,
        Column::Actual => labels::ACTUAL,
        Column::Previous => labels::PREVIOUS,
        Column::Reference => labels::REFERENCE,
        Column::Year => labels::YEAR,
        Column::Department => labels::DEPARTMENT,
        Column::Achievements => labels::ACHIEVEMENTS,
        Column::SelfGrade => labels::SELF_GRADE,
        Column::Issues => labels::ISSUES,
        Column::Direction => labels::DIRECTION,
        Column::Author => labels::AUTHOR,
        Column::Contact => labels::CONTACT,
    }
}

/// Every column's header texts, normalised once: every text cell of every sheet is
/// classified, and a sheet may have hundreds of thousands.
fn header_table() -> &'static [(Column, Vec<String>)] {
    static TABLE: std::sync::OnceLock<Vec<(Column, Vec<String>)>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| ALL_COLUMNS.iter().map(|c| (*c, header_texts(*c))).collect())
}

/// What a header cell names, if anything.
fn classify(text: &str) -> Option<Column> {
    classify_normalised(&normalise_label(text))
}

/// [`classify`] of a text already normalised ([`Grid::labels`]).
fn classify_normalised(t: &str) -> Option<Column> {
    // Every short text of every sheet is classified: it is compared only with the header
    // texts that start with its first character (a text matches a header text it starts
    // with), and the first column in [`header_table`]'s order wins, as in a plain search.
    type ByFirst = std::collections::HashMap<Option<char>, Vec<(usize, Column, String)>>;
    static BY_FIRST: std::sync::LazyLock<ByFirst> = std::sync::LazyLock::new(|| {
        let mut by_first = ByFirst::new();
        for (i, (column, texts)) in header_table().iter().enumerate() {
            for w in texts {
                by_first
                    .entry(w.chars().next())
                    .or_default()
                    .push((i, *column, w.clone()));
            }
        }
        by_first
    });
    // An empty header text (none today) would match every text.
    [BY_FIRST.get(&t.chars().next()), BY_FIRST.get(&None)]
        .into_iter()
        .flatten()
        .filter_map(|texts| texts.iter().find(|(_, _, w)| label_matches(t, w)))
        .min_by_key(|(i, _, _)| *i)
        .map(|(_, c, _)| *c)
}

/// The header row and its columns.
struct Header {
    row: u32,
    columns: BTreeMap<Column, Vec<u32>>,
    /// The year an 実績値 header names (「令和6年度実績」) and its column.
    actual_year: Option<(FiscalYear, u32)>,
}

impl Header {
    fn col(&self, column: Column) -> Option<u32> {
        self.columns.get(&column).and_then(|v| v.first().copied())
    }
}

/// 「令和6年度実績」, 「R6実績値」, 「2024年度 実績」: an 実績値 header that names its year.
fn dated_actual(norm: &str) -> Option<FiscalYear> {
    if !norm.contains("実績") {
        return None;
    }
    let chars: Vec<char> = norm.chars().collect();
    (1..chars.len()).find_map(|k| {
        // The header test first: it fails at all but a split or two, and the year search
        // of every head was most of reading a list.
        let rest: String = chars[k..].iter().collect();
        if classify(&rest) != Some(Column::Actual) {
            return None;
        }
        let head: String = chars[..k].iter().collect();
        match year::years_in_name(&head)[..] {
            [y] => Some(y),
            _ => None,
        }
    })
}

/// The first row that carries a plan, an indicator and an 実績値 header. Without a plain
/// 実績値 header, the one naming the latest year is the 実績値 and the one naming the year
/// before it the 前年度実績 (「令和5年度実績」「令和6年度実績」).
fn find_header(grid: &Grid) -> Option<Header> {
    let mut rows: BTreeMap<u32, BTreeMap<Column, Vec<u32>>> = BTreeMap::new();
    let mut dated: BTreeMap<u32, Vec<(FiscalYear, u32)>> = BTreeMap::new();
    for (&(r, c), t) in grid.labels() {
        if let Some(column) = classify_normalised(t) {
            rows.entry(r)
                .or_default()
                .entry(column)
                .or_default()
                .push(c);
        } else if let Some(y) = dated_actual(t) {
            dated.entry(r).or_default().push((y, c));
        }
    }
    let mut actual_year = None;
    for (r, mut years) in dated {
        let cols = rows.entry(r).or_default();
        if cols.contains_key(&Column::Actual) {
            continue;
        }
        years.sort();
        let Some(&(latest, col)) = years.last() else {
            continue;
        };
        if years.iter().filter(|(y, _)| *y == latest).count() > 1 {
            // Two columns for the same year: reported as a doubled 実績値 column.
            cols.insert(
                Column::Actual,
                years
                    .iter()
                    .filter(|(y, _)| *y == latest)
                    .map(|(_, c)| *c)
                    .collect(),
            );
            continue;
        }
        cols.insert(Column::Actual, vec![col]);
        if !cols.contains_key(&Column::Previous)
            && let Some(&(_, prev)) = years.iter().find(|(y, _)| *y == latest - 1)
        {
            cols.insert(Column::Previous, vec![prev]);
        }
        actual_year = Some((r, latest, col));
    }
    rows.into_iter()
        .find(|(_, cols)| {
            cols.contains_key(&Column::Plan)
                && cols.contains_key(&Column::Actual)
                && (cols.contains_key(&Column::Indicator)
                    || cols.contains_key(&Column::IndicatorKey))
        })
        .map(|(row, columns)| Header {
            row,
            columns,
            actual_year: actual_year
                .filter(|(r, _, _)| *r == row)
                .map(|(_, y, c)| (y, c)),
        })
}

/// Whether a normalised text is any label of a form or a list (a field label ends a column
/// of values).
fn is_label(t: &str) -> bool {
    classify_normalised(t).is_some()
        || [
            labels::PERIOD,
            labels::TARGET_TEXT,
            labels::UNIT,
            labels::YEAR_TARGET,
        ]
        .iter()
        .any(|l| aliases(l).iter().any(|w| label_matches(t, w)))
}

/// A sheet with a plan column holding several plans, whose header row lacks a recognised
/// 指標 or 実績値 column: it is a list all the same, and reading it as one plan's form would
/// take its first plan and drop the rest in silence. An エラー says what header is missing.
fn unrecognised_list(grid: &Grid, file: &str) -> Option<ListSheet> {
    let (row, col) = grid.labels().iter().find_map(|(&(r, c), t)| {
        if classify_normalised(t) != Some(Column::Plan) {
            return None;
        }
        // Plans below the header, merged cells leaving gaps, up to the next label.
        let mut plans: Vec<String> = Vec::new();
        for rr in r + 1..=r + 30 {
            let Some(raw) = grid.get(rr, c) else { continue };
            if grid.label_at((rr, c)).is_some_and(|t| is_label(&t)) {
                break;
            }
            let text = normalise_text(raw).as_text();
            if !text.is_empty() && !plans.contains(&text) {
                plans.push(text);
            }
        }
        (plans.len() >= 2).then_some((r, c))
    })?;
    let in_row = |column: Column| {
        grid.cells
            .range((row, 0)..=(row, u32::MAX))
            .any(|(pos, _)| {
                grid.label_at(*pos)
                    .is_some_and(|t| classify_normalised(&t) == Some(column))
            })
    };
    let mut missing = Vec::new();
    if !in_row(Column::Indicator) && !in_row(Column::IndicatorKey) {
        missing.push("「指標」");
    }
    if !in_row(Column::Actual) {
        missing.push("「実績値」");
    }
    if missing.is_empty() {
        return None;
    }
    let header_text = match grid.get(row, col) {
        Some(Raw::Text(t)) => t.trim().to_string(),
        _ => String::new(),
    };
    let mut out = ListSheet::default();
    out.diagnostics.push(
        Diagnostic::error(
            "list-header-unknown",
            format!(
                "「{header_text}」の列の下に複数のアクションプランが並んでいるため一覧表とみなしましたが、同じ見出し行に{}の列が見つかりません。このシートは読み込みませんでした。",
                missing.join("・")
            ),
        )
        .at(Source::cell(file, &grid.name, a1(row, col)))
        .hint("見出しの行に「指標」（または「指標名」「指標番号」）と「実績値」の列を設けてください。"),
    );
    Some(out)
}

/// A list sheet read: its submissions and what was wrong with it.
#[derive(Debug, Default)]
pub(super) struct ListSheet {
    /// One per plan and year.
    pub submissions: Vec<Submission>,
    /// Problems of the sheet and of rows that were not filed.
    pub diagnostics: Vec<Diagnostic>,
}

/// What the block above the table says for every row.
#[derive(Default)]
struct Block {
    /// The year written there, with its cell; `Err` holds an unreadable one.
    year: Option<Result<(FiscalYear, Field), Field>>,
    department: Option<Field>,
    author: Option<Field>,
    contact: Option<Field>,
}

/// The value written right of a label in the block (or after 「：」 in the label's cell).
fn beside(grid: &Grid, (r, c): (u32, u32)) -> Option<(Raw, (u32, u32))> {
    if let Some(Raw::Text(t)) = grid.get(r, c)
        && let Some((_, rest)) = t.split_once([':', '：'])
        && !rest.trim().is_empty()
    {
        return Some((Raw::Text(rest.trim().to_string()), (r, c)));
    }
    (c + 1..=c + 8).find_map(|cc| grid.get(r, cc).map(|raw| (raw.clone(), (r, cc))))
}

fn read_block(grid: &Grid, header_row: u32, here: &dyn Fn(u32, u32) -> Source) -> Block {
    let mut block = Block::default();
    let mut title_year: Option<(FiscalYear, Field)> = None;
    for (&(r, c), raw) in grid.cells.range(..(header_row, 0)) {
        let Raw::Text(t) = raw else { continue };
        let field = |raw: Raw, pos: (u32, u32)| Field {
            value: normalise_text(&raw),
            at: here(pos.0, pos.1),
        };
        let label = normalise_label(t.split([':', '：']).next().unwrap_or_default());
        let is = |l: &str| aliases(l).iter().any(|w| label_matches(&label, w));
        if is(labels::YEAR) && block.year.is_none() {
            if let Some((raw, pos)) = beside(grid, (r, c)) {
                let f = field(raw.clone(), pos);
                block.year = Some(match fiscal_year_of(&raw) {
                    Some(y) => Ok((y, f)),
                    None => Err(f),
                });
            }
        } else if is(labels::DEPARTMENT) && block.department.is_none() {
            block.department = beside(grid, (r, c)).map(|(raw, pos)| field(raw, pos));
        } else if is(labels::AUTHOR) && block.author.is_none() {
            block.author = beside(grid, (r, c)).map(|(raw, pos)| field(raw, pos));
        } else if is(labels::CONTACT) && block.contact.is_none() {
            block.contact = beside(grid, (r, c)).map(|(raw, pos)| field(raw, pos));
        } else if title_year.is_none() && t.contains("年度") && !t.contains(['～', '〜', '~']) {
            // A title such as 「令和6年度 アクションプラン取組状況一覧」; a period
            // 「令和2年度～令和6年度」 names no single year.
            if let [y] = year::years_in_name(t)[..] {
                title_year = Some((y, field(raw.clone(), (r, c))));
            }
        }
    }
    if block.year.is_none() {
        block.year = title_year.map(Ok);
    }
    block
}

/// The year of one row, as far as it can be told.
#[derive(Debug, Clone, PartialEq)]
enum RowYear {
    /// Agreed by every place that states one; the cell when a cell states it.
    Known(FiscalYear, Option<Field>),
    /// The 年度 cell cannot be read as a year: validation reports it.
    Unreadable(Field),
    /// Nothing states a year.
    Missing,
    /// Places disagree.
    Conflict(Vec<YearEvidence>),
}

/// One data row, read.
struct Row {
    r: u32,
    plan: Field,
    number: Option<u32>,
    name: String,
    year: RowYear,
    indicator: Option<IndicatorRow>,
}

/// Reads `grid` as a list; `None` when it has no list header row (a form, a cover sheet).
pub(super) fn read_list_sheet(grid: &Grid, file: &str, sample: bool) -> Option<ListSheet> {
    // A list is read from what the sheet shows: a hidden stale row (or column) is never
    // preferred to the visible one, nor doubles it. Intake warns of the hidden data.
    let visible;
    let grid = if grid.hidden_rows.is_empty() && grid.hidden_cols.is_empty() {
        grid
    } else {
        visible = grid.visible_only();
        &visible
    };
    let Some(header) = find_header(grid) else {
        return unrecognised_list(grid, file);
    };
    let mut out = ListSheet::default();
    let here = |r: u32, c: u32| Source::cell(file, &grid.name, a1(r, c));
    let sheet_at = Source {
        file: file.to_string(),
        sheet: Some(grid.name.clone()),
        ..Source::default()
    };

    // Two 実績値 columns (「実績値（R5）」「実績値（R6）」): reading either would be a guess.
    let doubled: Vec<(Column, &Vec<u32>)> = header
        .columns
        .iter()
        .filter(|(c, cols)| !matches!(c, Column::Plan | Column::Number) && cols.len() > 1)
        .map(|(c, cols)| (*c, cols))
        .collect();
    if !doubled.is_empty() {
        for (column, cols) in doubled {
            let cells: Vec<String> = cols.iter().map(|c| a1(header.row, *c)).collect();
            out.diagnostics.push(
                Diagnostic::error(
                    "list-column-duplicate",
                    format!(
                        "一覧表に「{}」の列が {} つあります（{}）。どちらを読むか決められないため、このシートを読み込みませんでした。",
                        column_label(column),
                        cols.len(),
                        cells.join("・")
                    ),
                )
                .at(here(header.row, cols[0]))
                .field(column_label(column))
                .hint("使わない方の列を削除するか、見出しを別の名前に変えてください。"),
            );
        }
        return Some(out);
    }

    for (column, required) in [
        (Column::Achievements, true),
        (Column::SelfGrade, true),
        (Column::Issues, false),
        (Column::Direction, false),
    ] {
        if header.col(column).is_some() {
            continue;
        }
        let label = column_label(column);
        let message = format!("一覧表に「{label}」の列がありません。");
        out.diagnostics.push(
            if required {
                Diagnostic::error("sheet-label-missing", message)
            } else {
                Diagnostic::warning("sheet-label-missing", message)
            }
            .at(sheet_at.clone())
            .field(label)
            .hint(format!(
                "見出しの行に「{label}」の列を設けてください（評価書に載せる欄です）。"
            )),
        );
    }

    let block = read_block(grid, header.row, &here);
    let names = year::name_evidence(file);
    let raw_at = |r: u32, column: Column| header.col(column).and_then(|c| grid.get(r, c));
    let text_at = |r: u32, column: Column| -> String {
        raw_at(r, column)
            .map(|raw| match raw {
                Raw::Text(t) => t.trim().to_string(),
                other => normalise(other).as_text(),
            })
            .unwrap_or_default()
    };
    let field = |r: u32, column: Column, text: bool| -> Option<Field> {
        let c = header.col(column)?;
        let value = grid.get(r, c).map_or(Value::Empty, |raw| {
            if text {
                normalise_text(raw)
            } else {
                normalise(raw)
            }
        });
        Some(Field {
            value,
            at: here(r, c),
        })
    };
    let last_row = grid.cells.keys().map(|(r, _)| *r).max().unwrap_or(0);
    let data_columns = [
        Column::Plan,
        Column::Number,
        Column::IndicatorKey,
        Column::Indicator,
        Column::Actual,
        Column::Previous,
        Column::Reference,
        Column::Achievements,
        Column::SelfGrade,
    ];
    let actual_header = header_texts(Column::Actual);

    let mut rows: Vec<Row> = Vec::new();
    let mut plan_level: BTreeMap<u32, Vec<(Column, Field)>> = BTreeMap::new();
    let mut previous_plan: Option<(Field, Option<u32>, String)> = None;
    let mut previous_year_cell: Option<(Raw, (u32, u32))> = None;
    for r in header.row + 1..=last_row {
        let filled = |column: Column| {
            header.columns.get(&column).is_some_and(|cols| {
                cols.iter().any(|c| {
                    grid.get(r, *c)
                        .is_some_and(|raw| !normalise(raw).is_empty())
                })
            })
        };
        if !data_columns.iter().any(|c| filled(*c)) {
            continue;
        }
        // A note under or inside the table (「※累計の指標は…」) is neither plan nor indicator.
        let is_note = data_columns
            .iter()
            .flat_map(|c| header.columns.get(c).into_iter().flatten())
            .filter_map(|c| grid.get(r, *c))
            .filter(|raw| !normalise(raw).is_empty())
            .all(|raw| matches!(raw, Raw::Text(t) if is_note(t)));
        if is_note {
            continue;
        }
        // A header repeated on every printed page.
        if let Some(Raw::Text(t)) = raw_at(r, Column::Actual)
            && actual_header
                .iter()
                .any(|w| label_matches(&normalise_label(t), w))
        {
            continue;
        }

        // The plan: every plan column, then a bare 番号; empty cells (merged over the plan's
        // rows) continue the plan above.
        let mut number = None;
        let mut name = String::new();
        let mut plan_field: Option<Field> = None;
        for c in header.columns.get(&Column::Plan).into_iter().flatten() {
            let Some(raw) = grid.get(r, *c) else { continue };
            let value = normalise_text(raw);
            if value.is_empty() {
                continue;
            }
            let (n, text) = plan_ref(&value);
            number = number.or(n);
            if name.is_empty() && !text.is_empty() {
                name = text;
                plan_field = Some(Field {
                    value: value.clone(),
                    at: here(r, *c),
                });
            }
            plan_field.get_or_insert(Field {
                value,
                at: here(r, *c),
            });
        }
        let bare = field(r, Column::Number, true).filter(|f| !f.value.is_empty());
        let bare_number = bare.as_ref().and_then(|f| plan_ref(&f.value).0);
        let (plan, number, name) = match plan_field {
            Some(f) => (f, number.or(bare_number), name),
            None => match &previous_plan {
                Some((f, n, name)) => (f.clone(), *n, name.clone()),
                None => {
                    out.diagnostics.push(
                        Diagnostic::error(
                            "list-row-unmatched",
                            format!(
                                "一覧表の {} 行目にアクションプランが書かれていないため、この行を読み込みませんでした。",
                                r + 1
                            ),
                        )
                        .at(here(r, header.col(Column::Plan).unwrap_or(0)))
                        .field(labels::PLAN)
                        .hint("この行の「アクションプラン」の欄に、様式どおりのプランの番号か名称を書いてください。"),
                    );
                    continue;
                }
            },
        };
        previous_plan = Some((plan.clone(), number, name.clone()));

        // The year: the row's 年度 cell (a merged one continues from above), the block above
        // the table, the file name, the folders.
        let year_cell = header.col(Column::Year).and_then(|c| {
            grid.get(r, c)
                .filter(|raw| !normalise(raw).is_empty())
                .map(|raw| (raw.clone(), (r, c)))
        });
        let year_cell = year_cell.or_else(|| previous_year_cell.clone());
        previous_year_cell.clone_from(&year_cell);
        let mut evidence = Vec::new();
        let mut year_field = None;
        let mut unreadable = None;
        if let Some((raw, (yr, yc))) = &year_cell {
            let f = Field {
                value: normalise_text(raw),
                at: here(*yr, *yc),
            };
            match fiscal_year_of(raw) {
                Some(y) => {
                    evidence.push(YearEvidence::cell(YearPlace::ListColumn, y, f.at.clone()));
                    year_field = Some(f);
                }
                None => unreadable = Some(f),
            }
        }
        match &block.year {
            Some(Ok((y, f))) => {
                evidence.push(YearEvidence::cell(YearPlace::HeaderBlock, *y, f.at.clone()));
                year_field.get_or_insert(f.clone());
            }
            Some(Err(f)) if unreadable.is_none() && year_field.is_none() => {
                unreadable = Some(f.clone());
            }
            _ => {}
        }
        if let Some((y, c)) = header.actual_year {
            evidence.push(YearEvidence::cell(
                YearPlace::ColumnHeader,
                y,
                here(header.row, c),
            ));
        }
        evidence.extend(names.iter().cloned());
        let year = match (unreadable, year::resolve(&evidence)) {
            (Some(f), _) => RowYear::Unreadable(f),
            (None, Ok(Some(y))) => RowYear::Known(y, year_field),
            (None, Ok(None)) => RowYear::Missing,
            (None, Err(all)) => RowYear::Conflict(all),
        };

        for column in [
            Column::Department,
            Column::Achievements,
            Column::SelfGrade,
            Column::Issues,
            Column::Direction,
            Column::Author,
            Column::Contact,
        ] {
            if let Some(f) = field(r, column, true) {
                plan_level.entry(r).or_default().push((column, f));
            }
        }

        let key = text_at(r, Column::IndicatorKey);
        let label = text_at(r, Column::Indicator);
        let has_indicator = [
            Column::IndicatorKey,
            Column::Indicator,
            Column::Actual,
            Column::Previous,
            Column::Reference,
        ]
        .iter()
        .any(|c| filled(*c));
        let indicator = has_indicator.then(|| IndicatorRow {
            key,
            label,
            actual: field(r, Column::Actual, false).unwrap_or(Field {
                value: Value::Empty,
                at: here(r, 0),
            }),
            previous: field(r, Column::Previous, false),
            reference: field(r, Column::Reference, false),
        });
        rows.push(Row {
            r,
            plan,
            number,
            name,
            year,
            indicator,
        });
    }

    report_unfiled_years(&rows, file, &sheet_at, &mut out);

    // Rows of one plan and one year, in the order the plans first appear.
    let mut groups: Vec<(String, Vec<&Row>)> = Vec::new();
    for row in rows
        .iter()
        .filter(|r| matches!(r.year, RowYear::Known(..) | RowYear::Unreadable(_)))
    {
        let year_key = year_key_of(&row.year);
        let plan_key = if row.name.is_empty() {
            format!("#{}", row.number.map(|n| n.to_string()).unwrap_or_default())
        } else {
            name_key(&row.name)
        };
        let key = format!("{plan_key}\u{1}{year_key}");
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, g)) => g.push(row),
            None => groups.push((key, vec![row])),
        }
    }
    // A row naming its plan only by number joins the rows that name it by name and number.
    let mut merged: Vec<Vec<&Row>> = Vec::new();
    let mut by_number: Vec<(String, Vec<&Row>)> = Vec::new();
    for (key, g) in groups {
        if key.starts_with('#') {
            by_number.push((key, g));
        } else {
            merged.push(g);
        }
    }
    for (key, g) in by_number {
        let year_key = key.split('\u{1}').nth(1).unwrap_or_default().to_string();
        let n = g[0].number;
        let target = merged
            .iter_mut()
            .find(|m| n.is_some() && group_number(m) == n && year_key_of(&m[0].year) == year_key);
        match target {
            Some(m) => {
                m.extend(g);
                m.sort_by_key(|row| row.r);
            }
            None => merged.push(g),
        }
    }

    for group in merged {
        if let Some(sub) = submission(
            grid,
            file,
            sample,
            &sheet_at,
            &header,
            &block,
            &group,
            &plan_level,
            &mut out,
        ) {
            out.submissions.push(sub);
        }
    }
    Some(out)
}

/// Whether a cell's text is a note: 「※…」, 「＊…」, 「注：…」, 「（注）…」.
fn is_note(text: &str) -> bool {
    let t = nfkc(text.trim());
    t.starts_with(['※', '*'])
        || t.strip_prefix('注')
            .is_some_and(|r| r.starts_with([':', ')', '.']))
        || t.starts_with("(注")
}

/// A diagnostic with its plan, when the rows agree on one.
fn with_plan(d: Diagnostic, plan: Option<u32>) -> Diagnostic {
    match plan {
        Some(n) => d.plan(n),
        None => d,
    }
}

fn year_key_of(year: &RowYear) -> String {
    match year {
        RowYear::Known(y, _) => y.to_string(),
        RowYear::Unreadable(f) => format!("?{}", f.value.as_text()),
        _ => String::new(),
    }
}

fn name_key(name: &str) -> String {
    nfkc(name)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
}

/// The plan number a group's rows agree on; none when they give different ones (then the
/// number column counts rows, not plans, and the name decides).
fn group_number(rows: &[&Row]) -> Option<u32> {
    let mut numbers = rows.iter().filter_map(|r| r.number);
    let first = numbers.next()?;
    numbers.all(|n| n == first).then_some(first)
}

/// 「5～33 行目」 or 「5・7・9 行目」 (the first ten, then 「ほか N 行」).
fn rows_text(rows: &[u32]) -> String {
    let contiguous = rows.windows(2).all(|w| w[1] == w[0] + 1);
    match rows {
        [] => String::new(),
        [one] => format!("{} 行目", one + 1),
        [first, .., last] if contiguous => format!("{}～{} 行目", first + 1, last + 1),
        _ => {
            let shown: Vec<String> = rows.iter().take(10).map(|r| (r + 1).to_string()).collect();
            let more = rows.len().saturating_sub(10);
            let tail = if more > 0 {
                format!("ほか {more} 行")
            } else {
                String::new()
            };
            format!("{} 行目{tail}", shown.join("・"))
        }
    }
}

/// One エラー per distinct disagreement of years, and one for rows with no year at all:
/// those rows are filed under no year.
fn report_unfiled_years(rows: &[Row], file: &str, sheet_at: &Source, out: &mut ListSheet) {
    // Rows grouped by the places and years that disagree.
    type Shape = Vec<(YearPlace, FiscalYear)>;
    let mut conflicts: Vec<(Shape, Vec<&Row>)> = Vec::new();
    let mut missing: Vec<u32> = Vec::new();
    for row in rows {
        match &row.year {
            RowYear::Conflict(all) => {
                let shape: Vec<(YearPlace, FiscalYear)> =
                    all.iter().map(|e| (e.place, e.year)).collect();
                match conflicts.iter_mut().find(|(s, _)| *s == shape) {
                    Some((_, g)) => g.push(row),
                    None => conflicts.push((shape, vec![row])),
                }
            }
            RowYear::Missing => missing.push(row.r),
            _ => {}
        }
    }
    for (_, group) in conflicts {
        let RowYear::Conflict(all) = &group[0].year else {
            continue;
        };
        let numbers: Vec<u32> = group.iter().map(|r| r.r).collect();
        let at = all
            .iter()
            .find_map(|e| e.at.clone())
            .unwrap_or_else(|| group[0].plan.at.clone());
        let d = year::conflict(
            all,
            at,
            &format!(
                "この一覧表の {}（{} 行）の値",
                rows_text(&numbers),
                numbers.len()
            ),
        );
        let d = with_plan(d, group_number(&group));
        out.diagnostics.push(d);
    }
    if !missing.is_empty() {
        out.diagnostics.push(
            Diagnostic::error(
                "year-missing",
                format!(
                    "一覧表の {}（{} 行）の年度が分かりません（「年度」の列、表の上の年度、ファイル名「{}」、フォルダ名のどれにも書かれていません）。どの年度にも登録しませんでした。",
                    rows_text(&missing),
                    missing.len(),
                    file.rsplit('/').next().unwrap_or(file)
                ),
            )
            .at(sheet_at.clone())
            .field(labels::YEAR)
            .hint("表の上に「年度　令和6年度」と書くか、「年度」の列を設けるか、ファイル名を「2024年度_…」としてください。"),
        );
    }
}

/// The submission of one plan's rows; `None` when its rows disagree on a single-valued field
/// (then an エラー says so and nothing is filed).
#[allow(clippy::too_many_arguments)]
fn submission(
    grid: &Grid,
    file: &str,
    sample: bool,
    sheet_at: &Source,
    header: &Header,
    block: &Block,
    group: &[&Row],
    plan_level: &BTreeMap<u32, Vec<(Column, Field)>>,
    out: &mut ListSheet,
) -> Option<Submission> {
    let first = group[0];
    let plan_number = group_number(group);
    let (year, year_value) = match &first.year {
        RowYear::Known(y, f) => (f.clone(), Some(*y)),
        RowYear::Unreadable(f) => (Some(f.clone()), None),
        _ => (None, None),
    };
    // A plan-level value written on several rows (or merged over them) must say one thing.
    let mut unfiled = false;
    let mut level = |column: Column| -> Option<Field> {
        header.col(column)?;
        let cells: Vec<&Field> = group
            .iter()
            .filter_map(|row| plan_level.get(&row.r))
            .flatten()
            .filter(|(c, _)| *c == column)
            .map(|(_, f)| f)
            .collect();
        let mut distinct: Vec<&Field> = Vec::new();
        for f in cells.iter().filter(|f| !f.value.is_empty()) {
            if !distinct.iter().any(|d| d.value == f.value) {
                distinct.push(f);
            }
        }
        let label = column_label(column);
        match distinct[..] {
            [] => cells.first().map(|f| (*f).clone()),
            [one] => Some(one.clone()),
            [a, b, ..] if matches!(column, Column::SelfGrade | Column::Department) => {
                out.diagnostics.push(with_plan(
                    Diagnostic::error(
                        "list-field-conflict",
                        format!(
                            "同じアクションプランの行に「{label}」が 2 通り書かれています（{}「{}」、{}「{}」）。このプランの値は登録しませんでした。",
                            a.at.cell.as_deref().unwrap_or_default(),
                            a.value.as_text(),
                            b.at.cell.as_deref().unwrap_or_default(),
                            b.value.as_text()
                        ),
                    )
                    .at(b.at.clone())
                    .field(label)
                    .hint(format!("「{label}」はプランごとに 1 つです。どちらかにそろえてください。")),
                    plan_number,
                ));
                unfiled = true;
                None
            }
            _ => {
                let cells: Vec<&str> = distinct
                    .iter()
                    .map(|f| f.at.cell.as_deref().unwrap_or_default())
                    .collect();
                out.diagnostics.push(with_plan(
                    Diagnostic::warning(
                        "list-text-joined",
                        format!(
                            "同じアクションプランの「{label}」が {} 行に分けて書かれているため、改行でつないで読みました（{}）。",
                            distinct.len(),
                            cells.join("・")
                        ),
                    )
                    .at(distinct[0].at.clone())
                    .field(label)
                    .hint(format!("「{label}」はプランの最初の行に 1 つにまとめて書いてください。")),
                    plan_number,
                ));
                let joined = distinct
                    .iter()
                    .map(|f| f.value.as_text())
                    .collect::<Vec<_>>()
                    .join("\n");
                Some(Field {
                    value: Value::Text(joined),
                    at: distinct[0].at.clone(),
                })
            }
        }
    };
    let department = level(Column::Department).or_else(|| block.department.clone());
    let achievements = level(Column::Achievements);
    let self_grade = level(Column::SelfGrade);
    let issues = level(Column::Issues);
    let direction = level(Column::Direction);
    let author = level(Column::Author).or_else(|| block.author.clone());
    let contact = level(Column::Contact).or_else(|| block.contact.clone());
    if unfiled {
        return None;
    }
    let missing_labels = [
        Column::Achievements,
        Column::SelfGrade,
        Column::Issues,
        Column::Direction,
        Column::Author,
        Column::Contact,
    ]
    .into_iter()
    .filter(|c| header.col(*c).is_none())
    .map(|c| column_label(c).to_string())
    .collect();
    Some(Submission {
        file: file.to_string(),
        sheet: grid.name.clone(),
        source: sheet_at.clone(),
        plan: Some(first.plan.clone()),
        plan_number,
        plan_text: first.name.clone(),
        headings: super::anchor::top_texts(grid, file),
        year,
        year_value,
        department,
        indicators: group.iter().filter_map(|r| r.indicator.clone()).collect(),
        achievements,
        self_grade,
        issues,
        direction,
        author,
        contact,
        sample,
        missing_labels,
        layout: Layout::List,
        responses: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(name: &str, cells: &[((u32, u32), &str)]) -> Grid {
        Grid {
            name: name.to_string(),
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
            hidden: false,
            hidden_rows: Default::default(),
            hidden_cols: Default::default(),
            cut: Default::default(),
            label_cache: Default::default(),
        }
    }

    #[test]
    fn a_header_row_needs_plan_indicator_and_actual() {
        // A department's own summary: 年度 and 実績値, no plan column.
        let summary = grid(
            "集計",
            &[
                ((0, 0), "年度"),
                ((0, 1), "指標"),
                ((0, 2), "実績値"),
                ((1, 0), "2024"),
            ],
        );
        assert!(read_list_sheet(&summary, "a.xlsx", false).is_none());
        // A form's indicator table: 番号, 指標, 実績値 but no plan column.
        let form = grid(
            "①",
            &[
                ((5, 0), "番号"),
                ((5, 1), "指標"),
                ((5, 2), "実績値"),
                ((6, 0), "1"),
            ],
        );
        assert!(read_list_sheet(&form, "a.xlsx", false).is_none());
        // Full-width, spaced and broken headers still name their columns.
        let list = grid(
            "一覧",
            &[
                ((0, 0), "アクション\nプラン名"),
                ((0, 1), "指 標"),
                ((0, 2), "実績値（今年度）"),
                ((0, 3), "取組実績"),
                ((0, 4), "自己評価"),
                ((0, 5), "課題"),
                ((0, 6), "今後の方向性"),
                ((1, 0), "① 情報セキュリティ対策の強化"),
                ((1, 1), "事故件数"),
                ((1, 2), "0"),
                ((2, 1), "研修"),
                ((2, 2), "3"),
            ],
        );
        let read = read_list_sheet(&list, "2024年度/一覧.xlsx", false).unwrap();
        assert_eq!(read.diagnostics, []);
        assert_eq!(read.submissions.len(), 1);
        let s = &read.submissions[0];
        assert_eq!((s.plan_number, s.year_value), (Some(1), Some(2024)));
        assert_eq!(s.indicators.len(), 2, "the merged plan cell continues");
        assert_eq!(
            s.indicators[1].actual.at.to_string(),
            "2024年度/一覧.xlsx › 一覧 › C3"
        );
        assert_eq!(s.layout, Layout::List);
    }

    #[test]
    fn a_hidden_stale_row_is_neither_read_nor_a_duplicate() {
        let mut list = grid(
            "一覧",
            &[
                ((0, 0), "アクションプラン"),
                ((0, 1), "指標"),
                ((0, 2), "実績値"),
                ((0, 3), "取組実績"),
                ((0, 4), "自己評価"),
                ((0, 5), "課題"),
                ((0, 6), "今後の方向性"),
                ((1, 0), "⑤ 民間活力導入の推進"),
                ((1, 1), "民間活力導入事業"),
                ((1, 2), "9"),
                ((2, 0), "⑤ 民間活力導入の推進"),
                ((2, 1), "民間活力導入事業"),
                ((2, 2), "2"),
                ((2, 3), "委託を始めた。"),
                ((2, 4), "A"),
            ],
        );
        list.hidden_rows.insert(1);
        let read = read_list_sheet(&list, "2024年度/一覧.xlsx", false).unwrap();
        assert_eq!(read.diagnostics, []);
        let s = &read.submissions;
        assert_eq!(s.len(), 1);
        assert_eq!(
            s[0].indicators.len(),
            1,
            "the hidden row is not a second row"
        );
        assert_eq!(s[0].indicators[0].actual.at.cell.as_deref(), Some("C3"));
        assert_eq!(s[0].indicators[0].actual.value, Value::Number(2.into()));
    }

    #[test]
    fn classifying_by_first_character_finds_what_a_plain_search_finds() {
        let plain = |t: &str| {
            header_table()
                .iter()
                .find(|(_, texts)| texts.iter().any(|w| label_matches(t, w)))
                .map(|(c, _)| *c)
        };
        let mut texts: Vec<String> = header_table()
            .iter()
            .flat_map(|(_, texts)| texts.iter().cloned())
            .collect();
        // Each header text with a note, cut short, and with another text before it.
        let variants: Vec<String> = texts
            .iter()
            .flat_map(|w| {
                let short: String = w
                    .chars()
                    .take(w.chars().count().saturating_sub(1))
                    .collect();
                [
                    format!("{w}(注)"),
                    format!("{w}値"),
                    short,
                    format!("前{w}"),
                    format!("{w}："),
                ]
            })
            .collect();
        texts.extend(variants);
        texts.extend(["".to_string(), "指標番号".to_string(), "実績".to_string()]);
        let mut found = 0;
        for t in &texts {
            assert_eq!(classify_normalised(t), plain(t), "{t}");
            found += usize::from(plain(t).is_some());
        }
        assert!(found > 50, "{found}");
        // 「指標番号」 is a key before 「指標」 could claim it.
        assert_eq!(classify_normalised("指標番号"), Some(Column::IndicatorKey));
    }

    #[test]
    fn dated_actual_headers_name_the_year_and_the_previous_column() {
        let list = grid(
            "一覧",
            &[
                ((0, 0), "プラン名"),
                ((0, 1), "指標名"),
                ((0, 2), "R5実績"),
                ((0, 3), "令和6年度実績"),
                ((0, 4), "取組実績"),
                ((0, 5), "自己評価"),
                ((1, 0), "民間活力導入の推進"),
                ((1, 1), "民間活力導入事業"),
                ((1, 2), "1"),
                ((1, 3), "2"),
                ((2, 0), "※ 実績は速報値"),
            ],
        );
        let read = read_list_sheet(&list, "一覧.xlsx", false).unwrap();
        let s = &read.submissions;
        assert_eq!(
            s.len(),
            1,
            "the note row is no plan: {:?}",
            read.diagnostics
        );
        assert_eq!(s[0].year_value, Some(2024), "from the header");
        assert_eq!(s[0].indicators[0].actual.at.cell.as_deref(), Some("D2"));
        let previous = s[0].indicators[0].previous.as_ref().unwrap();
        assert_eq!(previous.at.cell.as_deref(), Some("C2"));
        // The header's year disagrees with the folder's.
        let read = read_list_sheet(&list, "2023年度/一覧.xlsx", false).unwrap();
        assert!(read.submissions.is_empty());
        assert!(read.diagnostics.iter().any(|d| d.code == "year-conflict"));
    }

    #[test]
    fn a_list_with_headers_not_understood_is_reported_not_read_as_one_form() {
        let list = grid(
            "一覧",
            &[
                ((0, 0), "アクションプラン"),
                ((0, 1), "成果"),
                ((0, 2), "実績値"),
                ((1, 0), "① 情報セキュリティ対策の強化"),
                ((1, 2), "0"),
                ((3, 0), "⑤ 民間活力導入の推進"),
                ((3, 2), "1"),
            ],
        );
        let read = read_list_sheet(&list, "一覧.xlsx", false).unwrap();
        assert!(read.submissions.is_empty());
        assert_eq!(read.diagnostics.len(), 1);
        assert_eq!(read.diagnostics[0].code, "list-header-unknown");
        assert!(read.diagnostics[0].message.contains("「指標」"));
        assert_eq!(
            read.diagnostics[0].source.as_ref().unwrap().cell.as_deref(),
            Some("A1")
        );
        // A form's 「アクションプラン」 label has its value beside it and a label below.
        let form = grid(
            "①",
            &[
                ((0, 0), "アクションプラン"),
                ((0, 1), "① 情報セキュリティ対策の強化"),
                ((1, 0), "取組期間"),
                ((1, 1), "令和2年度～令和6年度"),
            ],
        );
        assert!(read_list_sheet(&form, "a.xlsx", false).is_none());
    }

    #[test]
    fn rows_without_a_year_and_plans_that_disagree_are_reported_not_filed() {
        let cells = [
            ((0, 0), "アクションプラン名"),
            ((0, 1), "指標"),
            ((0, 2), "実績値"),
            ((0, 3), "自己評価"),
            ((0, 4), "取組実績"),
            ((0, 5), "課題"),
            ((0, 6), "今後の方向性"),
            ((1, 0), "① 情報セキュリティ対策の強化"),
            ((1, 1), "サイバー攻撃"),
            ((1, 2), "0"),
            ((1, 3), "A"),
            ((1, 4), "訓練を実施した。"),
            ((2, 1), "人的ミス"),
            ((2, 2), "0"),
            ((2, 4), "研修を実施した。"),
            ((3, 0), "⑤ 民間活力導入の推進"),
            ((3, 1), "民間活力導入事業"),
            ((3, 2), "1"),
            ((3, 3), "A"),
            ((4, 3), "B"),
        ];
        // No year anywhere: one エラー for the rows, nothing filed.
        let read = read_list_sheet(&grid("一覧", &cells), "一覧.xlsx", false).unwrap();
        assert!(read.submissions.is_empty());
        let missing: Vec<&Diagnostic> = read
            .diagnostics
            .iter()
            .filter(|d| d.code == "year-missing")
            .collect();
        assert_eq!(missing.len(), 1);
        assert!(
            missing[0].message.contains("2～5 行目（4 行）"),
            "{}",
            missing[0].message
        );

        let read = read_list_sheet(&grid("一覧", &cells), "R6/一覧.xlsx", false).unwrap();
        let codes: Vec<&str> = read.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            ["list-text-joined", "list-field-conflict"],
            "{:#?}",
            read.diagnostics
        );
        // ①'s two texts are read, joined; ⑤'s two grades cannot both be, so ⑤ is not filed.
        assert_eq!(read.submissions.len(), 1);
        let one = &read.submissions[0];
        assert_eq!(
            one.achievements.as_ref().unwrap().value,
            Value::Text("訓練を実施した。\n研修を実施した。".into())
        );
        assert_eq!(read.diagnostics[1].plan, Some(5));
        assert!(read.diagnostics[1].message.contains("D4「A」、D5「B」"));
    }

    #[test]
    fn row_lists() {
        assert_eq!(rows_text(&[4]), "5 行目");
        assert_eq!(rows_text(&[4, 5, 6]), "5～7 行目");
        assert_eq!(rows_text(&[4, 6]), "5・7 行目");
    }
}
