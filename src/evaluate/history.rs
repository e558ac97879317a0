//! Per-indicator history: target, actual, rate and grade of every year up to the report year.

use std::collections::BTreeMap;

use super::PlanEvaluation;
use super::book::{Sources, rate_number, value_number};
use super::grade;
use crate::book::{HistoryPoint, IndicatorHistory};
use crate::plan::PlanSet;
use crate::values::FiscalYear;

/// The history of every indicator of the plan at `index` in plan order.
pub(crate) fn plan_history(
    plans: &PlanSet,
    index: usize,
    years: &BTreeMap<FiscalYear, Vec<PlanEvaluation<'_>>>,
    sources: &mut Sources<'_>,
) -> Vec<IndicatorHistory> {
    let Some(plan) = plans.plans.get(index) else {
        return Vec::new();
    };
    plan.indicators
        .iter()
        .enumerate()
        .map(|(k, indicator)| IndicatorHistory {
            key: indicator.key.clone(),
            label: if indicator.unit.is_empty() {
                indicator.label.clone()
            } else {
                format!("{}（{}）", indicator.label, indicator.unit)
            },
            unit: indicator.unit.clone(),
            choices: super::book::choices_of(indicator),
            points: years
                .iter()
                .map(|(year, evaluations)| {
                    let evaluation = evaluations.get(index);
                    let outcome = evaluation.and_then(|e| e.outcomes.get(k));
                    let g = evaluation.and_then(|e| e.grades.get(k).copied().flatten());
                    HistoryPoint {
                        year: *year,
                        target: outcome.and_then(|o| o.target.map(|v| value_number(v, o.decimals))),
                        actual: outcome.and_then(|o| o.actual.map(|v| value_number(v, o.decimals))),
                        rate: outcome.and_then(|o| rate_number(&o.verdict)),
                        grade: grade::book_grade(g),
                        original_rate: outcome
                            .and_then(|o| o.original.as_ref())
                            .and_then(|(_, _, verdict)| rate_number(verdict)),
                        cites: match (evaluation, outcome) {
                            (Some(e), Some(o)) => sources.figures(o, e.input_at(&indicator.key)),
                            _ => Default::default(),
                        },
                    }
                })
                .collect(),
        })
        .collect()
}
