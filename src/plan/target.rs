//! Targets that follow from the plan definition alone: a year's target on the straight line
//! from the baseline, the cumulative target to date, the final target of a change from the
//! baseline. `evaluate` grades against them and `forms` prints them, so a department sees the
//! very target it will be evaluated against.

use rust_decimal::Decimal;

use rust_decimal::RoundingStrategy;

use super::{Baseline, DONE_CHOICES, Direction, Indicator, NOT_STARTED, Period, Target};
use crate::text::number::round;
use crate::values::FiscalYear;

impl Target {
    /// The answers a department chooses from for a target judged by a choice, indexed by the
    /// code stored as its actual: 「未実施」「実施」, or 「未着手」 then the stages. Empty for
    /// a target reported as a figure. Forms offer them as a list; the book prints them.
    pub fn choices(&self) -> Vec<String> {
        match self {
            Target::Done => DONE_CHOICES.iter().map(|c| c.to_string()).collect(),
            Target::Milestone { stages, .. } => std::iter::once(NOT_STARTED.to_string())
                .chain(stages.iter().cloned())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The code of a chosen answer (its index in [`Target::choices`]), compared without
    /// surrounding spaces; `None` when the text is none of them.
    pub fn choice_code(&self, text: &str) -> Option<Decimal> {
        let text = crate::text::nfkc(text.trim());
        self.choices()
            .iter()
            .position(|c| crate::text::nfkc(c) == text)
            .map(Decimal::from)
    }

    /// The answer a code stands for, when the target is judged by a choice.
    pub fn choice_text(&self, code: Decimal) -> Option<String> {
        let i = usize::try_from(code.trunc().mantissa()).ok()?;
        (code.fract().is_zero() && code >= Decimal::ZERO)
            .then(|| self.choices().get(i).cloned())
            .flatten()
    }
}

/// A target computed from other figures (prorated, or a percentage of a figure), rounded once
/// to the indicator's decimals in the direction that never eases it: a target to reach or
/// exceed (以上, `Higher`) up, a ceiling (以下, `Lower`) down. 7,063人 × 0.97 = 6,851.11人 is
/// 「6,851人以下」; 147人 × 1.1 = 161.7人 is 「162人以上」. 評価の方法 prints this rule
/// ([`DERIVED_RULE`]); `evaluate` grades against and `forms` prints the rounded value.
pub fn derived(value: Decimal, decimals: u32, direction: Direction) -> Decimal {
    // Division leaves a last digit of noise (1/3 × 3 = 0.999…): drop it before rounding
    // in one direction, or 110 would become 109.
    let clean = round(value, 12);
    let strategy = match direction {
        Direction::Higher => RoundingStrategy::ToPositiveInfinity,
        Direction::Lower => RoundingStrategy::ToNegativeInfinity,
    };
    clean.round_dp_with_strategy(decimals, strategy).normalize()
}

/// How computed targets are rounded, as 評価の方法 prints it.
pub const DERIVED_RULE: &str = "按分又は増減率により算出した年度目標は、その指標の目標値と同じ小数の桁数（人・件などの数は整数）に、目標を緩めない向きに端数を処理します（「以上」の目標は切り上げ、「以下」の目標は切り捨て）。達成率はこの年度目標から算定します。";

/// `value` × (1 + `percent` / 100), `None` when out of range.
pub fn changed_by(value: Decimal, percent: Decimal) -> Option<Decimal> {
    Decimal::ONE_HUNDRED
        .checked_add(percent)
        .and_then(|factor| value.checked_mul(factor))
        .and_then(|v| v.checked_div(Decimal::ONE_HUNDRED))
}

/// Linear share of the way from `from` to `to` reached in `year`, clamped to 0–1.
fn progress(from: FiscalYear, to: FiscalYear, year: FiscalYear) -> Decimal {
    if to <= from || year >= to {
        return Decimal::ONE;
    }
    if year <= from {
        return Decimal::ZERO;
    }
    Decimal::from(year - from) / Decimal::from(to - from)
}

/// The target of `year` on the straight line from the baseline, in its year, to `goal` in
/// the period's last year `end`, rounded as a derived target; `None` when out of range.
fn prorated(
    baseline: Baseline,
    goal: Decimal,
    end: FiscalYear,
    year: FiscalYear,
    decimals: u32,
    direction: Direction,
) -> Option<Decimal> {
    goal.checked_sub(baseline.value)
        .and_then(|diff| progress(baseline.year, end, year).checked_mul(diff))
        .and_then(|step| baseline.value.checked_add(step))
        .map(|v| derived(v, decimals, direction))
}

/// The final target (最終目標) the definition gives: a cumulative total, a level, or the
/// baseline changed by the percentage (rounded as a derived target); `None` for kinds without
/// one, without a baseline, or out of range.
pub fn final_target(indicator: &Indicator) -> Option<Decimal> {
    match &indicator.target {
        Target::Cumulative { total, .. } => Some(*total),
        Target::Level { value, .. } => Some(*value),
        Target::BaselineChange { percent } => indicator
            .baseline
            .and_then(|b| changed_by(b.value, *percent))
            .map(|v| derived(v, indicator.value_decimals(), indicator.direction)),
        _ => None,
    }
}

/// The target of `year` for an indicator of a plan with `period`, as the definition alone
/// gives it (prorated and rounded by the one rule); `None` where it depends on reported
/// figures (前年度比, 参考値), is not defined for the year, or is out of range.
pub fn year_target(indicator: &Indicator, period: Period, year: FiscalYear) -> Option<Decimal> {
    let decimals = indicator.value_decimals();
    match &indicator.target {
        Target::Annual { value, .. } => Some(*value),
        Target::Schedule { values } => values.get(&year).copied(),
        // The period's total is what the plan promises: in the last year it is the target
        // even where the printed breakdown adds up to something else (⑦: 33 ≠ 34).
        Target::Cumulative { total, breakdown } => match breakdown {
            _ if year >= period.end => Some(*total),
            Some(split) => split
                .iter()
                .filter(|(y, _)| (period.start..=year).contains(*y))
                .try_fold(Decimal::ZERO, |sum, (_, v)| sum.checked_add(*v)),
            None => progress(period.start - 1, period.end, year)
                .checked_mul(*total)
                .map(|v| derived(v, decimals, indicator.direction)),
        },
        Target::Level { value, .. } => match indicator.baseline {
            Some(b) if b.year < period.end => {
                prorated(b, *value, period.end, year, decimals, indicator.direction)
            }
            _ => Some(*value),
        },
        Target::BaselineChange { .. } => {
            let baseline = indicator.baseline?;
            final_target(indicator).and_then(|f| {
                prorated(baseline, f, period.end, year, decimals, indicator.direction)
            })
        }
        Target::Zero => Some(Decimal::ZERO),
        // The code of the answer that achieves it: 「実施」, or that year's stage.
        Target::Done => Some(Decimal::ONE),
        Target::Milestone { schedule, .. } => schedule
            .get(&year)
            .and_then(|stage| indicator.target.choice_code(stage)),
        Target::PreviousYearChange { .. } | Target::Reference { .. } => None,
    }
}
