//! The committee's review workbook as filled in by the secretariat: one header row carrying
//! 「アクションプラン」「委員会評価」「委員会意見」 (see [`labels::COMMITTEE_HEADERS`]), then one row
//! per plan or opinion. Recognised by those headers, never by the file name.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Field;
use super::anchor::{aliases, plan_ref};
use super::sheet::{Grid, a1};
use super::value::{self, Value, label_matches};
use super::year::{self, YearEvidence, YearPlace};
use crate::diag::{Diagnostic, Source};
use crate::labels;
use crate::values::FiscalYear;

/// One filled review sheet, before validation.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CommitteeSheet {
    /// File and sheet.
    pub source: Source,
    /// What is written beside 「年度」 above the table, if the label is there.
    pub year: Option<Field>,
    /// The year the sheet states (its 年度 cell, else its file or folder name).
    pub year_value: Option<FiscalYear>,
    /// Every row below the header with something written in it, top to bottom.
    pub rows: Vec<CommitteeRow>,
    /// The workbook is the shipped fictional sample.
    pub sample: bool,
}

/// One row of the review table.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CommitteeRow {
    /// The row's 「アクションプラン」 cell (also where a row-level problem is reported).
    pub plan: Field,
    /// The plan number read from it, or else from the opinion id (「R6-⑫-1」 → 12); a plan
    /// file's own ids (「1-1」) are resolved by validation, which knows them.
    pub plan_number: Option<u32>,
    /// 委員会評価.
    pub grade: Option<Field>,
    /// 意見番号.
    pub id: Option<Field>,
    /// 委員会意見.
    pub opinion: Option<Field>,
    /// 委員名.
    pub member: Option<Field>,
}

/// Columns of the table by header, and the header's row.
struct Columns {
    header_row: u32,
    by_label: BTreeMap<&'static str, u32>,
}

fn is_label(text: &str, label: &str) -> bool {
    aliases(label).iter().any(|w| label_matches(text, w))
}

/// The first row that carries every header of [`labels::COMMITTEE_HEADERS`].
fn find_columns(grid: &Grid) -> Option<Columns> {
    let texts = grid.labels();
    let mut rows: BTreeMap<u32, Vec<(u32, &String)>> = BTreeMap::new();
    for ((r, c), t) in texts {
        rows.entry(*r).or_default().push((*c, t));
    }
    let wanted = [
        labels::PLAN,
        labels::COMPUTED_GRADE,
        labels::SELF_GRADE,
        labels::COMMITTEE_GRADE,
        labels::OPINION_ID,
        labels::COMMITTEE_OPINION,
        labels::MEMBER,
    ];
    rows.into_iter().find_map(|(r, cells)| {
        let mut by_label = BTreeMap::new();
        for label in wanted {
            if let Some((c, _)) = cells.iter().find(|(_, t)| is_label(t, label)) {
                by_label.insert(label, *c);
            }
        }
        // A city's own body (「行政改革推進委員会評価」) is not among the known words; in a row
        // with the review workbook's own 意見番号 beside アクションプラン, its 「…評価」 and
        // 「…意見」 columns are the body's.
        if by_label.contains_key(labels::PLAN) && by_label.contains_key(labels::OPINION_ID) {
            let taken: Vec<u32> = by_label.values().copied().collect();
            for (label, suffix) in [
                (labels::COMMITTEE_GRADE, "評価"),
                (labels::COMMITTEE_OPINION, "意見"),
            ] {
                if by_label.contains_key(label) {
                    continue;
                }
                if let Some((c, _)) = cells
                    .iter()
                    .find(|(c, t)| !taken.contains(c) && t.ends_with(suffix))
                {
                    by_label.insert(label, *c);
                }
            }
        }
        // A department's list that also carries the committee's columns is a list: its
        // 指標 and 実績値 are what matter, and the list reader reads them.
        let list_columns = [labels::INDICATOR, labels::ACTUAL]
            .iter()
            .any(|l| cells.iter().any(|(_, t)| is_label(t, l)));
        (!list_columns
            && labels::COMMITTEE_HEADERS
                .iter()
                .all(|l| by_label.contains_key(l)))
        .then_some(Columns {
            header_row: r,
            by_label,
        })
    })
}

/// Reads a review sheet; `None` when the sheet has no review header row. A year that
/// disagrees with the file or folder name gives a diagnostic and no sheet.
pub(super) fn read_committee_sheet(
    grid: &Grid,
    file: &str,
    sample: bool,
) -> Option<Result<CommitteeSheet, Diagnostic>> {
    let columns = find_columns(grid)?;
    let field = |r: u32, c: u32| Field {
        value: grid.get(r, c).map_or(Value::Empty, value::normalise_text),
        at: Source::cell(file, grid.name.clone(), a1(r, c)),
    };
    let source = Source {
        file: file.to_string(),
        sheet: Some(grid.name.clone()),
        ..Source::default()
    };
    // 「年度」 above the table, its value in the next filled cell to the right.
    let texts = grid.labels();
    let year_pos = texts
        .iter()
        .find(|((r, _), t)| *r < columns.header_row && is_label(t, labels::YEAR))
        .map(|((r, c), _)| {
            let col = (c + 1..c + 8)
                .find(|cc| grid.get(*r, *cc).is_some())
                .unwrap_or(c + 1);
            (*r, col)
        });
    let year = year_pos.map(|(r, c)| field(r, c));
    let cell_year = year_pos.and_then(|(r, c)| grid.get(r, c).and_then(value::fiscal_year_of));
    let mut evidence: Vec<YearEvidence> = Vec::new();
    if let (Some(y), Some(f)) = (cell_year, &year) {
        evidence.push(YearEvidence::cell(YearPlace::SheetCell, y, f.at.clone()));
    }
    evidence.extend(year::name_evidence(file));
    let year_value = match year::resolve(&evidence) {
        Ok(y) => y,
        Err(all) => {
            let at = year
                .as_ref()
                .map_or_else(|| source.clone(), |f| f.at.clone());
            return Some(Err(year::conflict(&all, at, "この委員会評価シートの値")));
        }
    };
    let col = |label: &str| columns.by_label.get(label).copied();
    let plan_col = col(labels::PLAN)?;
    let last_row = grid.cells.keys().map(|(r, _)| *r).max().unwrap_or(0);
    let mut rows = Vec::new();
    for r in columns.header_row + 1..=last_row {
        let get = |label: &str| col(label).map(|c| field(r, c));
        let plan = field(r, plan_col);
        let grade = get(labels::COMMITTEE_GRADE);
        let id = get(labels::OPINION_ID);
        let opinion = get(labels::COMMITTEE_OPINION);
        let member = get(labels::MEMBER);
        let filled = |f: &Option<Field>| f.as_ref().is_some_and(|f| !f.value.is_empty());
        if !filled(&grade) && !filled(&opinion) && !filled(&member) && plan.value.is_empty() {
            continue;
        }
        // A note below the table (「※ …」) is not a row.
        if plan.value.as_text().trim_start().starts_with(['※', '*']) {
            continue;
        }
        let plan_number = if plan.value.is_empty() {
            id.as_ref().and_then(|f| {
                id_plan(&f.value.as_text()).and_then(|p| plan_ref(&Value::Text(p.to_string())).0)
            })
        } else {
            plan_ref(&plan.value).0
        };
        rows.push(CommitteeRow {
            plan,
            plan_number,
            grade,
            id,
            opinion,
            member,
        });
    }
    Some(Ok(CommitteeSheet {
        source,
        year,
        year_value,
        rows,
        sample,
    }))
}

/// The plan part of an opinion id, as written: everything between the year part and the
/// last number, so that a display id with dashes stays whole: 「R6-⑫-1」 → 「⑫」,
/// 「R7-1-1-2」 → 「1-1」. `None` when the id has no such three parts.
pub fn id_plan(id: &str) -> Option<&str> {
    let dash = |c: char| matches!(c, '-' | '－' | 'ー' | '‐' | '−');
    let first = id.find(dash)?;
    let last = id.rfind(dash)?;
    let year = id[..first].trim();
    let plan = id[first..last].trim_start_matches(dash).trim();
    let number = id[last..].trim_start_matches(dash).trim();
    (first < last && !year.is_empty() && !plan.is_empty() && !number.is_empty()).then_some(plan)
}
