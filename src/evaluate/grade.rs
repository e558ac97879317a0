//! Grades from the plan file's scale: an indicator's from its verdict, a plan's from its indicators.

use super::target::Verdict;
use crate::book::ScaleRow;
use crate::plan::{GradingScale, PlanRule};

/// A grade as its position in the scale: 0 is the best.
pub(crate) type GradeIndex = usize;

/// The grade a verdict earns: the first grade whose `min_rate` the rate reaches (the rate as
/// printed, so the book's figures agree with its grades); below every threshold, the last grade.
pub(crate) fn indicator_grade(scale: &GradingScale, verdict: &Verdict) -> Option<GradeIndex> {
    let last = scale.grades.len().checked_sub(1)?;
    match verdict {
        Verdict::Rate(rate) => Some(
            scale
                .grades
                .iter()
                .position(|g| *rate >= g.min_rate)
                .unwrap_or(last),
        ),
        Verdict::Achieved => Some(
            scale
                .judged
                .achieved
                .as_deref()
                .and_then(|m| index_of(scale, m))
                .unwrap_or(0),
        ),
        Verdict::Missed => Some(
            scale
                .judged
                .missed
                .as_deref()
                .and_then(|m| index_of(scale, m))
                .unwrap_or(last),
        ),
        Verdict::NotEvaluable => None,
    }
}

/// A plan's grade from its indicators' grades (those that could be evaluated).
pub(crate) fn plan_grade(
    rule: PlanRule,
    grades: impl IntoIterator<Item = Option<GradeIndex>>,
) -> Option<GradeIndex> {
    match rule {
        PlanRule::Lowest => grades.into_iter().flatten().max(),
    }
}

/// A grade as the book holds it: its position in the scale.
pub(crate) fn book_grade(grade: Option<GradeIndex>) -> Option<crate::book::Grade> {
    grade.and_then(|g| u8::try_from(g).ok().map(crate::book::Grade))
}

/// The mark printed for a grade, or the not-evaluated mark.
pub(crate) fn mark(scale: &GradingScale, grade: Option<GradeIndex>) -> String {
    grade
        .and_then(|g| scale.grades.get(g))
        .map_or_else(|| scale.not_evaluated.clone(), |g| g.mark.clone())
}

/// The position of a mark in the scale, e.g. for a 自己評価.
pub(crate) fn index_of(scale: &GradingScale, mark: &str) -> Option<GradeIndex> {
    scale.grades.iter().position(|g| g.mark == mark.trim())
}

/// The scale table: 「達成率100%以上」, 「達成率80%以上100%未満」, …, then the not-evaluated row.
pub(crate) fn scale_rows(scale: &GradingScale) -> Vec<ScaleRow> {
    let mut rows: Vec<ScaleRow> = scale
        .grades
        .iter()
        .enumerate()
        .map(|(i, g)| ScaleRow {
            mark: g.mark.clone(),
            label: g.label.clone(),
            condition: scale.condition(i),
        })
        .collect();
    rows.push(ScaleRow {
        mark: scale.not_evaluated.clone(),
        label: "評価対象外".into(),
        condition: "取組期間外、未提出、又は評価に必要な値がないもの".into(),
    });
    rows
}

#[cfg(test)]
pub(crate) mod tests {
    use std::str::FromStr;

    use super::*;
    use crate::plan::Grade;
    use rust_decimal::Decimal;

    /// The default scale of the outline: A ≥100, B ≥80, C ≥50, D.
    pub(crate) fn default_scale() -> GradingScale {
        let grade = |mark: &str, label: &str, min: i64| Grade {
            mark: mark.into(),
            label: label.into(),
            min_rate: Decimal::from(min),
        };
        GradingScale {
            grades: vec![
                grade("A", "目標達成", 100),
                grade("B", "概ね達成", 80),
                grade("C", "未達成", 50),
                grade("D", "大幅に未達成", 0),
            ],
            not_evaluated: "－".into(),
            plan_rule: PlanRule::Lowest,
            committee: Default::default(),
            judged: Default::default(),
        }
    }

    fn rate(s: &str) -> Verdict {
        Verdict::Rate(Decimal::from_str(s).unwrap())
    }

    #[test]
    fn thresholds_are_inclusive() {
        let s = default_scale();
        let g = |v: &str| mark(&s, indicator_grade(&s, &rate(v)));
        assert_eq!(g("206.7"), "A");
        assert_eq!(g("100.0"), "A");
        assert_eq!(g("99.9"), "B");
        assert_eq!(g("80.0"), "B");
        assert_eq!(g("79.9"), "C");
        assert_eq!(g("50.0"), "C");
        assert_eq!(g("49.9"), "D");
        assert_eq!(g("0.0"), "D");
        assert_eq!(g("-64.7"), "D");
        assert_eq!(mark(&s, indicator_grade(&s, &Verdict::Achieved)), "A");
        assert_eq!(mark(&s, indicator_grade(&s, &Verdict::Missed)), "D");
        assert_eq!(mark(&s, indicator_grade(&s, &Verdict::NotEvaluable)), "－");
    }

    #[test]
    fn a_plan_takes_its_lowest_evaluated_grade() {
        assert_eq!(
            plan_grade(PlanRule::Lowest, [Some(0), Some(2), None]),
            Some(2)
        );
        assert_eq!(plan_grade(PlanRule::Lowest, [None, None]), None);
        assert_eq!(plan_grade(PlanRule::Lowest, []), None);
    }

    #[test]
    fn the_scale_prints_its_conditions() {
        let rows = scale_rows(&default_scale());
        let conditions: Vec<&str> = rows.iter().map(|r| r.condition.as_str()).collect();
        assert_eq!(
            conditions,
            [
                "達成率100%以上",
                "達成率80%以上100%未満",
                "達成率50%以上80%未満",
                "達成率50%未満",
                "取組期間外、未提出、又は評価に必要な値がないもの",
            ]
        );
        assert_eq!(rows[4].mark, "－");
    }
}
