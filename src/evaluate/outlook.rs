//! 達成見込み: every indicator with a period target projected to its period's last year at
//! the average yearly pace so far, with the figures behind the verdict.

use rust_decimal::Decimal;

use super::Ledger;
use super::book::value_number;
use super::target::{has_period_target, kind_name, plan_decimals};
use crate::book::{IndicatorOutlook, Outlook, OutlookVerdict, PlanOutlook, Projection};
use crate::plan::target::final_target;
use crate::plan::{Direction, Indicator, Period, PlanSet, Target};
use crate::text::wareki::fiscal_year_era;
use crate::values::FiscalYear;

/// The method, as 評価の方法 prints it.
pub(crate) const METHOD: &str = "取組期間の目標（累計、取組期間末の水準、基準値からの増減）がある指標について、\
     これまでの年平均の実績で取組期間の最終年度まで推移した場合の見込みを示します。\
     年平均の実績は、累計の目標では取組期間の初年度から今年度までの実績値の合計÷その年度数、\
     水準・増減の目標では（今年度の実績値−取組期間内で最初に報告された実績値）÷その間の年数です。\
     残り1年あたりの必要量＝（期間目標−今年度の累計又は実績値）÷残りの年度数。\
     年平均の実績が必要量に届く（少ないほどよい指標は必要量以下になる）ものを「達成見込み」、\
     届かないものを「要注意」とし、要注意の指標が一つでもあるアクションプランは「要注意」（目標又は取組の見直しの候補）とします。\
     年平均の実績、必要量と見込みは小数第3位を四捨五入し、判定はこの表示された値によります。\
     実績が2年度分に満たない指標、今年度の実績値や途中の年度の報告がない指標、\
     取組期間が今年度で終わる又は終わったアクションプランには見込みを示しません。";

const FEW_YEARS: &str = "実績が2年度分に満たないため、見込みを示しません";
const TOO_LARGE: &str = "数値が大きすぎて見込みを計算できません";

/// The projection of one indicator of a plan with `period` from the actuals up to `year`,
/// or why there is none. `actual` gives a year's reported 実績値 (a year's own amount for a
/// total).
pub(crate) fn project(
    indicator: &Indicator,
    period: Period,
    year: FiscalYear,
    actual: &dyn Fn(FiscalYear) -> Option<Decimal>,
) -> Result<Projection, String> {
    if year >= period.end {
        return Err("取組期間が今年度で終わる又は終わったため、見込みを示しません".into());
    }
    let decimals = plan_decimals(indicator);
    let Some(goal) = final_target(indicator) else {
        return Err(
            "期間目標の値が定まらないため（基準値がありません）、見込みを示しません".into(),
        );
    };
    if actual(year).is_none() {
        return Err("今年度の実績値の報告がないため、見込みを示しません".into());
    }
    let (current, from_year, years_so_far, pace) = match &indicator.target {
        Target::Cumulative { .. } => {
            let mut sum = Decimal::ZERO;
            for y in period.start..=year {
                let Some(v) = actual(y) else {
                    return Err(format!(
                        "{}の実績値の報告がないため（累計が定まらないため）、見込みを示しません",
                        fiscal_year_era(y)
                    ));
                };
                sum = sum.checked_add(v).ok_or(TOO_LARGE)?;
            }
            let n = year - period.start + 1;
            if n < 2 {
                return Err(FEW_YEARS.into());
            }
            let pace = sum.checked_div(Decimal::from(n)).ok_or(TOO_LARGE)?;
            (sum, period.start, n, pace)
        }
        _ => {
            let Some((first, first_value)) =
                (period.start..year).find_map(|y| actual(y).map(|v| (y, v)))
            else {
                return Err(FEW_YEARS.into());
            };
            let now = actual(year).unwrap_or_default();
            let n = year - first;
            let pace = now
                .checked_sub(first_value)
                .and_then(|change| change.checked_div(Decimal::from(n)))
                .ok_or(TOO_LARGE)?;
            (now, first, n, pace)
        }
    };
    let left = period.end - year;
    let pace = shown(pace, decimals);
    let needed = goal
        .checked_sub(current)
        .and_then(|gap| gap.checked_div(Decimal::from(left)))
        .map(|v| shown(v, decimals))
        .ok_or(TOO_LARGE)?;
    let projected = pace
        .checked_mul(Decimal::from(left))
        .and_then(|rise| current.checked_add(rise))
        .map(|v| shown(v, decimals))
        .ok_or(TOO_LARGE)?;
    let on_track = match indicator.direction {
        Direction::Higher => pace >= needed,
        Direction::Lower => pace <= needed,
    };
    let years = |n: i32| u32::try_from(n).unwrap_or(0);
    Ok(Projection {
        target: value_number(goal, decimals),
        current: value_number(current, decimals),
        from_year,
        years_so_far: years(years_so_far),
        years_left: years(left),
        pace: value_number(pace, decimals),
        needed: value_number(needed, decimals),
        projected: value_number(projected, decimals),
        verdict: if on_track {
            OutlookVerdict::OnTrack
        } else {
            OutlookVerdict::AtRisk
        },
    })
}

/// The 達成見込み of the report year `year`; `None` when no plan with a period target has
/// years left (the outline's last year: 最終評価 then gives the results).
pub(crate) fn outlook(plans: &PlanSet, ledger: &Ledger<'_>, year: FiscalYear) -> Option<Outlook> {
    let mut out = Outlook {
        method: METHOD.to_string(),
        plans: Vec::new(),
        finished: Vec::new(),
        yearly_only: Vec::new(),
    };
    for plan in &plans.plans {
        let periodic: Vec<&Indicator> = plan
            .indicators
            .iter()
            .filter(|i| has_period_target(&i.target))
            .collect();
        if periodic.is_empty() {
            out.yearly_only.push(plan.display_id());
            continue;
        }
        if plan.period.end <= year {
            out.finished.push(plan.display_id());
            continue;
        }
        let indicators: Vec<IndicatorOutlook> = periodic
            .into_iter()
            .map(|indicator| {
                let actual = |y: FiscalYear| {
                    ledger
                        .input(plan.number, y, &indicator.key)
                        .and_then(|i| i.actual)
                };
                let projection = project(indicator, plan.period, year, &actual);
                IndicatorOutlook {
                    key: indicator.key.clone(),
                    label: indicator.label.clone(),
                    unit: indicator.unit.clone(),
                    kind: kind_name(&indicator.target).to_string(),
                    no_projection: projection.as_ref().err().cloned(),
                    projection: projection.ok(),
                }
            })
            .collect();
        let verdicts = indicators
            .iter()
            .filter_map(|i| i.projection.as_ref().map(|p| p.verdict));
        let verdict = verdicts.fold(None, |acc, v| match (acc, v) {
            (Some(OutlookVerdict::AtRisk), _) | (_, OutlookVerdict::AtRisk) => {
                Some(OutlookVerdict::AtRisk)
            }
            _ => Some(OutlookVerdict::OnTrack),
        });
        out.plans.push(PlanOutlook {
            plan: plan.number,
            mark: plan.display_id(),
            name: plan.name.clone(),
            end: plan.period.end,
            verdict,
            indicators,
        });
    }
    (!out.plans.is_empty()).then_some(out)
}

/// A projection's figure as printed: rounded (四捨五入) to the indicator's decimals, at least
/// two, so that the verdict compares what the book shows.
fn shown(value: Decimal, decimals: u32) -> Decimal {
    crate::text::number::round(value, decimals.max(crate::text::number::DERIVED_DECIMALS))
        .normalize()
}
