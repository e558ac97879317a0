//! 最終評価: every plan judged at the end of its own period — its last year's grade, its period
//! target against the result, its grades year by year, and what the department last wrote.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::book::value_number;
use super::target::{Outcome, has_period_target, kind_name};
use super::{Ledger, PlanEvaluation, grade, summary};
use crate::book::{
    FinalEvaluation, FinalPlan, PeriodOutcome, PeriodResult, PlanStatus, ReachedRow,
};
use crate::plan::target::final_target;
use crate::plan::{Direction, Indicator, Plan, PlanSet};
use crate::text::wareki::fiscal_year_era;
use crate::values::FiscalYear;

/// How the period targets are judged, as 評価の方法 and 最終評価 print it.
pub(crate) const METHOD: &str = "最終評価では、各アクションプランをそれぞれの取組期間の最終年度の評価で評価します\
     （取組期間が大綱の最終年度より前に終わったものは、その終わった年度の評価です）。\
     取組期間の目標は、累計・取組期間末の水準・基準値からの増減の目標では最終年度の累計又は実績値が期間目標に届いたか、\
     毎年度・年度別・前年度比・発生件数0・参考値の目標では取組期間のすべての年度で年度目標を達成したかにより判定します\
     （少ないほどよい指標は目標以下を達成とします）。すべての指標が達成したアクションプランを「達成」とし、\
     報告のない年度があって判定できないものは「判定不能」とします。成果と課題は、担当課の最後の報告の取組実績と課題です。";

/// Whether `actual` meets `target` in the indicator's direction.
fn meets(direction: Direction, actual: Decimal, target: Decimal) -> bool {
    match direction {
        Direction::Higher => actual >= target,
        Direction::Lower => actual <= target,
    }
}

/// The evaluation of the plan at `index` in `year`, if that year was evaluated.
fn evaluation<'e, 'a>(
    years: &'e BTreeMap<FiscalYear, Vec<PlanEvaluation<'a>>>,
    year: FiscalYear,
    index: usize,
) -> Option<&'e PlanEvaluation<'a>> {
    years.get(&year).and_then(|e| e.get(index))
}

/// An indicator's period target against the result.
fn period_result(
    plan: &Plan,
    indicator: &Indicator,
    k: usize,
    index: usize,
    final_year: FiscalYear,
    years: &BTreeMap<FiscalYear, Vec<PlanEvaluation<'_>>>,
) -> PeriodResult {
    let direction = indicator.direction;
    let outcome_in = |y: FiscalYear| -> Option<&Outcome> {
        evaluation(years, y, index).and_then(|e| e.outcomes.get(k))
    };
    let period_years = u32::try_from(final_year - plan.period.start + 1).unwrap_or(0);
    let mut result = PeriodResult {
        key: indicator.key.clone(),
        label: indicator.label.clone(),
        unit: indicator.unit.clone(),
        kind: kind_name(&indicator.target).to_string(),
        target: None,
        actual: None,
        years_met: None,
        years: period_years,
        outcome: PeriodOutcome::Undetermined,
        note: None,
    };
    if has_period_target(&indicator.target) {
        let last = outcome_in(final_year);
        let decimals = last.map_or(0, |o| o.decimals);
        let goal = final_target(indicator);
        let actual = last.and_then(|o| o.actual);
        result.target = goal.map(|v| value_number(v, decimals));
        result.actual = actual.map(|v| value_number(v, decimals));
        let gap = last.is_some_and(|o| o.problems.iter().any(|p| p.code == "eval-cumulative-gap"));
        match (goal, actual) {
            (Some(goal), Some(actual)) if meets(direction, actual, goal) => {
                result.outcome = PeriodOutcome::Reached;
            }
            // A total missing a year may still reach the target with it.
            (Some(_), Some(_)) if gap => {
                result.note = last.and_then(|o| o.note.clone());
            }
            (Some(_), Some(_)) => result.outcome = PeriodOutcome::NotReached,
            (None, _) => {
                result.note = Some("期間目標の値が定まりません（基準値がありません）".into());
            }
            (Some(_), None) => {
                result.note = Some(format!(
                    "最終年度（{}）の実績値の報告がありません",
                    fiscal_year_era(final_year)
                ));
            }
        }
    } else {
        let mut met = 0u32;
        let mut missed = false;
        let mut unknown = Vec::new();
        for y in plan.period.start..=final_year {
            match outcome_in(y).and_then(|o| Some((o.actual?, o.target?))) {
                Some((actual, target)) if meets(direction, actual, target) => met += 1,
                Some(_) => missed = true,
                None => unknown.push(fiscal_year_era(y)),
            }
        }
        result.years_met = Some(met);
        result.outcome = if missed {
            PeriodOutcome::NotReached
        } else if unknown.is_empty() {
            PeriodOutcome::Reached
        } else {
            PeriodOutcome::Undetermined
        };
        if !unknown.is_empty() {
            result.note = Some(format!(
                "{}は実績値又は目標値がなく評価できません",
                unknown.join("・")
            ));
        }
    }
    result
}

/// A plan's outcome from its indicators': reached when all are, not reached when one is not.
fn plan_outcome(indicators: &[PeriodResult]) -> PeriodOutcome {
    if indicators.is_empty() {
        PeriodOutcome::Undetermined
    } else if indicators
        .iter()
        .any(|i| i.outcome == PeriodOutcome::NotReached)
    {
        PeriodOutcome::NotReached
    } else if indicators
        .iter()
        .all(|i| i.outcome == PeriodOutcome::Reached)
    {
        PeriodOutcome::Reached
    } else {
        PeriodOutcome::Undetermined
    }
}

/// The 最終評価 of the outline, built in its last year `year` from the evaluations of every
/// year up to it.
pub(crate) fn final_evaluation(
    plans: &PlanSet,
    ledger: &Ledger<'_>,
    year: FiscalYear,
    years: &BTreeMap<FiscalYear, Vec<PlanEvaluation<'_>>>,
) -> FinalEvaluation {
    let start = plans.outline.period.start;
    let shown: Vec<FiscalYear> = (start..=year).collect();
    let mut finals: Vec<PlanEvaluation<'_>> = Vec::new();
    let mut out_plans = Vec::new();
    for (index, plan) in plans.plans.iter().enumerate() {
        let final_year = plan.period.end.min(year);
        let last = evaluation(years, final_year, index);
        finals.push(last.cloned().unwrap_or_else(|| PlanEvaluation {
            plan,
            status: PlanStatus::NotSubmitted,
            record: None,
            outcomes: Vec::new(),
            grades: Vec::new(),
            grade: None,
        }));
        let indicators: Vec<PeriodResult> = plan
            .indicators
            .iter()
            .enumerate()
            .map(|(k, ind)| period_result(plan, ind, k, index, final_year, years))
            .collect();
        let submission = (plan.period.start..=final_year)
            .rev()
            .find_map(|y| ledger.record(plan.number, y));
        out_plans.push(FinalPlan {
            number: plan.number,
            mark: plan.display_id(),
            name: plan.name.clone(),
            department: plan.department.clone(),
            period: plan.period_text.clone(),
            final_year,
            grade: grade::book_grade(last.and_then(|e| e.grade)),
            status: last.map_or(PlanStatus::NotSubmitted, |e| e.status),
            yearly_grades: shown
                .iter()
                .map(|y| {
                    plan.period.contains(*y).then(|| {
                        grade::book_grade(evaluation(years, *y, index).and_then(|e| e.grade))
                    })
                })
                .collect(),
            outcome: plan_outcome(&indicators),
            indicators,
            achievements: submission
                .map(|r| r.achievements.clone())
                .unwrap_or_default(),
            issues: submission.map(|r| r.issues.clone()).unwrap_or_default(),
            submitted: submission.map(|r| r.year),
        });
    }
    let reached = reached_rows(plans, &out_plans);
    FinalEvaluation {
        start,
        end: plans.outline.period.end,
        years: shown,
        grades: summary::summarize(plans, &finals, None),
        plans: out_plans,
        reached,
        // The outline's own word for the department (担当課, 所管課 …).
        method: METHOD.replace("担当課", &plans.vocabulary.department),
    }
}

/// Plans reaching their period target, overall, per 基本方針 and per 重点項目 (in the
/// outline's own words, as far as it names levels).
fn reached_rows(plans: &PlanSet, finals: &[FinalPlan]) -> Vec<ReachedRow> {
    let focus_of = |number: u32| {
        plans
            .plans
            .iter()
            .find(|p| p.number == number)
            .map(|p| p.focus_area)
    };
    let row = |label: String, keep: &dyn Fn(&FinalPlan) -> bool| {
        let group: Vec<&FinalPlan> = finals.iter().filter(|f| keep(f)).collect();
        let count = |o: PeriodOutcome| group.iter().filter(|f| f.outcome == o).count() as u32;
        ReachedRow {
            label,
            reached: count(PeriodOutcome::Reached),
            not_reached: count(PeriodOutcome::NotReached),
            undetermined: count(PeriodOutcome::Undetermined),
            plans: group.len() as u32,
        }
    };
    let mut rows = vec![row("全体".to_string(), &|_| true)];
    // Only the levels the outline names have rows (an outline of one level or none).
    let levels = plans.vocabulary.levels.len();
    for policy in plans.policies.iter().filter(|_| levels >= 1) {
        rows.push(row(
            format!("{} {}", policy.id, policy.title),
            &|f: &FinalPlan| {
                plans
                    .focus_areas
                    .iter()
                    .any(|a| Some(a.id) == focus_of(f.number) && a.policy == policy.id)
            },
        ));
    }
    for area in plans.focus_areas.iter().filter(|_| levels >= 2) {
        rows.push(row(
            format!("({}) {}", area.id, area.title),
            &|f: &FinalPlan| focus_of(f.number) == Some(area.id),
        ));
    }
    rows
}
