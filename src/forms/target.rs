//! This year's target as printed on a form: a short text computed from the definition.

use crate::plan::target::year_target;
use crate::plan::{Direction, Indicator, Plan, Target};
use crate::values::FiscalYear;

/// The target of `indicator` for `year`, as the form prints it (e.g. 「0件」, 「99.30%」,
/// 「累計34施設（今年度分 6施設）」). The figure is the book's 年度目標 for that year, printed
/// with the indicator's decimals, so a department sees the target it will be evaluated against.
/// Outside the plan's period: 「－」.
pub fn year_target_text(plan: &Plan, indicator: &Indicator, year: FiscalYear) -> String {
    if !plan.period.contains(year) {
        return "－".to_string();
    }
    let unit = &indicator.unit;
    let n = |d| indicator.format_value(d);
    let bound = match indicator.direction {
        Direction::Higher => "以上",
        Direction::Lower => "以下",
    };
    let planned = year_target(indicator, plan.period, year);
    match &indicator.target {
        Target::Annual { value, at_least } => {
            format!("{}{unit}{}", n(*value), if *at_least { "以上" } else { "" })
        }
        Target::Schedule { values } => values
            .get(&year)
            .map_or("－".to_string(), |v| format!("{}{unit}", n(*v))),
        Target::Cumulative { total, breakdown } => {
            match breakdown.as_ref().and_then(|b| b.get(&year)) {
                Some(share) => format!("累計{}{unit}（今年度分 {}{unit}）", n(*total), n(*share)),
                None => format!("累計{}{unit}", n(*total)),
            }
        }
        Target::Level { value, .. } => format!("{}{unit}{bound}", n(planned.unwrap_or(*value))),
        Target::BaselineChange { percent } => match planned {
            Some(v) => format!("{}{unit}{bound}", n(v)),
            None => format!("基準値から{}%", percent.normalize()),
        },
        Target::PreviousYearChange { percent } => {
            let word = if percent.is_sign_negative() {
                "減"
            } else {
                "増"
            };
            format!("前年度実績から{}%{word}", percent.abs().normalize())
        }
        Target::Zero => format!("0{unit}"),
        Target::Reference { name } => format!("{name}{bound}"),
        Target::Done | Target::Milestone { .. } => planned
            .and_then(|code| indicator.target.choice_text(code))
            .unwrap_or_else(|| "－".to_string()),
    }
}
