//! The figures as one flat table for the open-data edition: one row per plan × indicator ×
//! year up to the report year, one value per cell.

use rust_decimal::Decimal;

use super::{figure, rate};
use crate::book::{Book, Cite, PlanPage};
use crate::document::{Cell, Number, Table, Variant};

/// The columns, as the CSV's header row; README documents each one.
pub const COLUMNS: [&str; 15] = [
    "プラン番号",
    "アクションプラン",
    "担当課",
    "基本方針",
    "重点項目",
    "指標",
    "単位",
    "年度",
    "年度目標",
    "実績値",
    "達成率（%）",
    "評価",
    "自己評価",
    "出典",
    "出典のSHA-256",
];

fn whole(n: u32) -> Cell {
    Cell::number(Number {
        value: Decimal::from(n),
        decimals: 0,
        unit: String::new(),
    })
}

fn or_empty(n: Option<Number>) -> Cell {
    n.map_or_else(Cell::empty, Cell::number)
}

/// The answer (「実施」) of an indicator judged by a choice, else the figure.
fn choice_or<'a>(
    n: Option<&'a crate::values::Number>,
    choices: &[String],
    figure: impl Fn(Option<&'a crate::values::Number>) -> Option<Number>,
) -> Cell {
    if choices.is_empty() {
        or_empty(figure(n))
    } else {
        super::choice(n, choices).map_or_else(Cell::empty, Cell::text)
    }
}

/// The figures table of the whole book. 出典 is the cell the 実績値 was read from
/// (file › sheet › cell) and 出典のSHA-256 that file's SHA-256. The 公表版 (`Variant::Web`)
/// keeps both columns, so that the open data has one layout, but leaves them empty: the
/// source names the departments' files, which are internal.
pub(super) fn figures(book: &Book, variant: Variant) -> Table {
    // The not-evaluated mark is a printed sign, not a grade: data gets an empty cell.
    let not_graded = book.summary.columns.last().cloned().unwrap_or_default();
    let grade = |mark: &str| {
        if mark.is_empty() || mark == not_graded {
            Cell::empty()
        } else {
            Cell::text(mark)
        }
    };
    let mut body = Vec::new();
    for plan in &book.plans {
        for h in &plan.history {
            let label = indicator_label(plan, &h.key).unwrap_or(&h.label);
            for p in h.points.iter().filter(|p| p.year <= book.meta.year) {
                let this_year = p.year == book.meta.year;
                let unitless = |n: Option<&crate::values::Number>| {
                    n.map(|n| Number {
                        unit: String::new(),
                        ..figure(n, "")
                    })
                };
                // A city that numbers its plans 「1-1」 finds that id here; a plan printed
                // with its circled number keeps the plain order number (「1」 for 「①」).
                let id = if plan.mark == crate::text::number::circled(plan.number) {
                    whole(plan.number)
                } else {
                    Cell::text(&plan.mark)
                };
                body.push(vec![
                    id,
                    Cell::text(&plan.name),
                    Cell::text(&plan.department),
                    Cell::text(&plan.policy),
                    Cell::text(&plan.focus_area),
                    Cell::text(label),
                    Cell::text(&h.unit),
                    whole(u32::try_from(p.year).unwrap_or(0)),
                    choice_or(p.target.as_ref(), &h.choices, unitless),
                    choice_or(p.actual.as_ref(), &h.choices, unitless),
                    or_empty(p.rate.as_ref().map(rate)),
                    grade(book.method.mark(p.grade)),
                    // The Book keeps the 自己評価 and the source of the report year only.
                    if this_year {
                        grade(&plan.self_grade)
                    } else {
                        Cell::empty()
                    },
                    cited(p.cites.actual.as_ref(), variant, |c| {
                        book.source_of(c).map(|s| s.to_string())
                    }),
                    cited(p.cites.actual.as_ref(), variant, |c| {
                        book.sha256_of(c)
                            .filter(|h| !h.is_empty())
                            .map(str::to_string)
                    }),
                ]);
            }
        }
    }
    Table {
        caption: "アクションプランの指標の年度別実績".to_string(),
        header: vec![
            COLUMNS
                .into_iter()
                .map(|c| Cell::col_header(own_column(book, c)))
                .collect(),
        ],
        body,
        widths: Vec::new(),
    }
}

/// A column of [`COLUMNS`] in the outline's own words (所管課, 基本目標 …). The open data
/// keeps its columns whatever the outline's levels: a level the outline does not name keeps
/// its column under the default name.
fn own_column<'a>(book: &'a Book, column: &'a str) -> &'a str {
    let v = &book.meta.vocabulary;
    match column {
        "担当課" => &v.department,
        "基本方針" => v.policy_level().unwrap_or(column),
        "重点項目" => v.focus_level().unwrap_or(column),
        _ => column,
    }
}

/// A source column's cell: what `show` tells of the cite, in the handout only.
fn cited(cite: Option<&Cite>, variant: Variant, show: impl Fn(&Cite) -> Option<String>) -> Cell {
    match cite.filter(|_| variant == Variant::Handout).and_then(show) {
        Some(text) => Cell::text(text),
        None => Cell::empty(),
    }
}

/// The indicator's label without the unit the history label carries.
fn indicator_label<'a>(plan: &'a PlanPage, key: &str) -> Option<&'a str> {
    plan.results
        .iter()
        .find(|r| r.key == key)
        .map(|r| r.label.as_str())
}
