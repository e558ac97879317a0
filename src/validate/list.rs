//! A one-table list's rows that no indicator of their plan took: reported by row, so no
//! row of a list is ever left out in silence (a form's table has only its plan's rows).

use crate::diag::Diagnostic;
use crate::intake::{IndicatorRow, Layout, Submission};
use crate::labels;
use crate::plan::Plan;

/// One エラー per row of a list submission that is not among `taken`; `plan` is `None` when
/// the plan itself could not be told (that is reported once at the first row, so the others
/// are named here).
pub(super) fn unread_rows(
    sub: &Submission,
    plan: Option<&Plan>,
    taken: &[&IndicatorRow],
) -> Vec<Diagnostic> {
    if sub.layout != Layout::List {
        return Vec::new();
    }
    let first_row = sub.plan.as_ref().and_then(|f| row_of(f.at.cell.as_deref()));
    sub.indicators
        .iter()
        .filter(|row| !taken.iter().any(|t| std::ptr::eq(*t, *row)))
        .filter_map(|row| {
            let what = if row.label.is_empty() {
                format!("番号「{}」", row.key)
            } else {
                format!("指標「{}」", row.label)
            };
            let d = match plan {
                Some(plan) => Diagnostic::error(
                    "list-row-unmatched",
                    format!(
                        "一覧表のこの行（{what}）は、アクションプラン{}のどの指標にも当てはまらないため読み込みませんでした（指標名が計画定義と違うか、同じ指標の行が重複しています）。",
                        plan.number_text()
                    ),
                )
                .plan_as(plan.number, plan.own_id())
                .hint("指標名を様式・計画定義のとおりに書くか、「指標番号」の列に番号を書いてください。重複した行は削除してください。"),
                None => {
                    if row_of(row.actual.at.cell.as_deref()) == first_row {
                        return None;
                    }
                    Diagnostic::error(
                        "list-row-unmatched",
                        format!(
                            "一覧表のこの行（{what}）は、アクションプラン「{}」が計画定義にないため読み込みませんでした。",
                            sub.plan.as_ref().map(|f| f.value.as_text()).unwrap_or_default()
                        ),
                    )
                    .hint("「アクションプラン」の欄に、様式どおりのプランの番号か、計画定義どおりの名称を書いてください。")
                }
            };
            Some(d.at(row.actual.at.clone()).field(labels::ACTUAL))
        })
        .collect()
}

/// The row number of an A1 cell name.
fn row_of(cell: Option<&str>) -> Option<u32> {
    cell?
        .trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .parse()
        .ok()
}
