//! This year's target as printed on a form: a short text computed from the definition.

use rust_decimal::Decimal;

use crate::plan::{Direction, FiscalYear, Indicator, Plan, Target};

/// The target of `indicator` for `year`, as the form prints it (e.g. 「0件」, 「99.3%」,
/// 「累計34施設（今年度分 6施設）」). Outside the plan's period: 「－」.
pub fn year_target_text(plan: &Plan, indicator: &Indicator, year: FiscalYear) -> String {
    if !plan.period.contains(year) {
        return "－".to_string();
    }
    let unit = &indicator.unit;
    let n = |d: Decimal| d.round_dp(2).normalize().to_string();
    let bound = match indicator.direction {
        Direction::Higher => "以上",
        Direction::Lower => "以下",
    };
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
        Target::Level { value, .. } => match indicator.baseline {
            Some(b) if b.year < plan.period.end && year < plan.period.end => {
                let span = Decimal::from(plan.period.end - b.year);
                let done = Decimal::from(year - b.year);
                let v = b.value + (*value - b.value) * done / span;
                format!("{}{unit}{bound}", n(v.round_dp(1)))
            }
            _ => format!("{}{unit}{bound}", n(*value)),
        },
        Target::BaselineChange { percent } => match indicator.baseline {
            Some(b) => {
                let v = b.value * (Decimal::ONE_HUNDRED + *percent) / Decimal::ONE_HUNDRED;
                format!("{}{unit}{bound}", n(v.round_dp(0)))
            }
            None => format!("基準値から{}%", n(*percent)),
        },
        Target::PreviousYearChange { percent } => {
            let word = if percent.is_sign_negative() {
                "減"
            } else {
                "増"
            };
            format!("前年度実績から{}%{word}", n(percent.abs()))
        }
        Target::Zero => format!("0{unit}"),
        Target::Reference { name } => format!("{name}{bound}"),
    }
}
