//! 総括: counts and shares per grade, overall, per 基本方針 and per 重点項目, with the change
//! from the previous year.
//!
//! Every plan of a group is counted once: in its grade's column, or in the last column
//! (the not-evaluated mark) when it has no grade (outside its period, not submitted, 要確認,
//! or not evaluable), so the columns add up to the group's plan count. A grade's share is
//! among the group's graded plans, so the grades' shares add up to 100% (up to rounding).
//! `Summary::out_of_period`, `not_submitted`, `needs_review` and `not_evaluable` break that
//! last column down.

use rust_decimal::Decimal;

use super::PlanEvaluation;
use crate::book::{PlanStatus, Summary, SummaryRow};
use crate::plan::PlanSet;
use crate::text::number::{SHARE_DECIMALS, percent};

/// Builds the summary of `current`, comparing with `previous` when last year's records exist.
pub(crate) fn summarize(
    plans: &PlanSet,
    current: &[PlanEvaluation<'_>],
    previous: Option<&[PlanEvaluation<'_>]>,
) -> Summary {
    let mut columns: Vec<String> = plans
        .grading
        .grades
        .iter()
        .map(|g| g.mark.clone())
        .collect();
    columns.push(plans.grading.not_evaluated.clone());
    let width = columns.len();
    let row = |label: String, keep: &dyn Fn(&PlanEvaluation<'_>) -> bool| {
        let counts = count(current, width, keep);
        let in_group = counts.iter().sum::<u32>();
        let graded_in_group = counts[..width - 1].iter().sum::<u32>();
        let previous = previous.map(|p| count(p, width, keep));
        let change = previous.as_ref().map(|p| {
            counts
                .iter()
                .zip(p)
                .map(|(now, before)| i64::from(*now) - i64::from(*before))
                .collect()
        });
        SummaryRow {
            label,
            shares: counts
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    // A grade's share is among the graded plans, as 総括's sentence counts
                    // them; the not-graded column's is among all the group's plans.
                    let of = if i + 1 < width {
                        graded_in_group
                    } else {
                        in_group
                    };
                    let share = if of == 0 {
                        Decimal::ZERO
                    } else {
                        Decimal::from(*c) * Decimal::ONE_HUNDRED / Decimal::from(of)
                    };
                    percent(share, SHARE_DECIMALS)
                })
                .collect(),
            counts,
            previous,
            change,
            plans: in_group,
        }
    };
    let total = row("全体".to_string(), &|_| true);
    let by_policy = plans
        .policies
        .iter()
        .map(|policy| {
            let label = format!("{} {}", policy.id, policy.title);
            row(label, &|e: &PlanEvaluation<'_>| {
                plans
                    .focus_areas
                    .iter()
                    .any(|f| f.id == e.plan.focus_area && f.policy == policy.id)
            })
        })
        .collect();
    let by_focus_area = plans
        .focus_areas
        .iter()
        .map(|area| {
            let label = format!("({}) {}", area.id, area.title);
            row(label, &|e: &PlanEvaluation<'_>| {
                e.plan.focus_area == area.id
            })
        })
        .collect();
    let status_count = |status: PlanStatus| {
        let n = current.iter().filter(|e| e.status == status).count();
        u32::try_from(n).unwrap_or(u32::MAX)
    };
    let graded = current.iter().filter(|e| e.grade.is_some()).count();
    let not_evaluable = current
        .iter()
        .filter(|e| e.status == PlanStatus::Evaluated && e.grade.is_none())
        .count();
    Summary {
        columns,
        total,
        by_policy,
        by_focus_area,
        out_of_period: status_count(PlanStatus::OutOfPeriod),
        not_submitted: status_count(PlanStatus::NotSubmitted),
        needs_review: status_count(PlanStatus::NeedsReview),
        not_evaluable: u32::try_from(not_evaluable).unwrap_or(u32::MAX),
        graded: u32::try_from(graded).unwrap_or(u32::MAX),
    }
}

fn count(
    evaluations: &[PlanEvaluation<'_>],
    width: usize,
    keep: &dyn Fn(&PlanEvaluation<'_>) -> bool,
) -> Vec<u32> {
    let mut counts = vec![0u32; width];
    for e in evaluations.iter().filter(|e| keep(e)) {
        let column = e.grade.filter(|g| *g + 1 < width).unwrap_or(width - 1);
        counts[column] += 1;
    }
    counts
}
