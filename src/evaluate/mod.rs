//! Evaluation: clean records × plans → achievement (達成率), grades, summaries and history, as a `Book`.
//!
//! - `target`: every kind of target, its 達成率 formula and its 算定方法 text, in one place;
//! - `grade`: the plan file's scale applied to indicators and plans;
//! - `history`: per-indicator series over the years;
//! - `summary`: counts per grade, per 基本方針 and 重点項目, and the change from last year;
//! - `outlook`: 達成見込み, the period targets projected at the pace so far;
//! - `period`: 最終評価, every plan at the end of its own period (the outline's last year);
//! - `book`: the assembly of the `Book` every writer renders.
//!
//! Pure: no I/O, no clock. The book's date is derived from the report year (see
//! [`book_date`]); the caller may override it (e.g. from `SOURCE_DATE_EPOCH`).
//!
//! Choices made here, all printed in the book's 評価の方法 so a reader can re-compute:
//! - one rounding rule (`text::number`): 達成率 四捨五入 to 0.1%, and the grade follows the
//!   printed rate (79.95% prints 80.0% and is B); computed targets are rounded to 2 decimals
//!   first and the rate is computed from the rounded target;
//! - nothing is capped: 300.0% and −64.7% print as computed;
//! - a zero target met is the best grade, missed the worst, with no rate;
//! - a cumulative target in the period's last year is the period's total, even where the
//!   printed yearly breakdown adds up to something else (⑦);
//! - a plan's grade comes from the indicators that could be evaluated; one that could not
//!   (no previous-year actual, no reference value) gets a note and a diagnostic.

mod book;
mod grade;
mod history;
mod outlook;
mod period;
mod summary;
mod target;

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use crate::book::{Book, PlanStatus};
use crate::diag::Severity;

use crate::plan::{Plan, PlanSet};
use crate::validate::{IndicatorInput, Record, Validated};
use crate::values::{Date, FiscalYear};

use grade::GradeIndex;
use target::Outcome;

/// Every diagnostic code evaluation emits, with its severity and meaning; the codes are stable.
pub const CODES: &[(&str, Severity, &str)] = &[
    (
        "eval-no-target",
        Severity::Warning,
        "その年度の目標値が計画にない",
    ),
    (
        "eval-no-baseline",
        Severity::Warning,
        "基準値からの増減なのに基準値がない",
    ),
    (
        "eval-cumulative-gap",
        Severity::Warning,
        "累計に含まれない未報告の年度がある",
    ),
    (
        "eval-previous-missing",
        Severity::Warning,
        "前年度実績がなく評価できない",
    ),
    (
        "eval-previous-differs",
        Severity::Warning,
        "前年度実績欄が前年度の報告と異なる",
    ),
    (
        "eval-reference-missing",
        Severity::Warning,
        "参考値（類似団体平均値など）がない",
    ),
    (
        "eval-self-grade-differs",
        Severity::Warning,
        "自己評価が算定した評価と2段階以上異なる",
    ),
    (
        "eval-duplicate-record",
        Severity::Warning,
        "同じプラン・年度の報告が複数ある",
    ),
];

/// Choices for building the book.
#[derive(Debug, Clone)]
pub struct BookOptions {
    /// The report year.
    pub year: FiscalYear,
    /// Keep plans whose submissions had errors, marked 要確認.
    pub allow_errors: bool,
}

/// A failure while evaluating.
#[derive(Debug, thiserror::Error)]
pub enum EvaluateError {
    /// The report year lies outside the outline's period.
    #[error("{year}年度は大綱の取組期間外です")]
    YearOutOfPeriod {
        /// The year asked for.
        year: FiscalYear,
    },
    /// The plan file's scale has no grade.
    #[error("計画定義ファイルの評価の区分（grading.grades）が空です")]
    NoGrades,
}

/// The book's date when nothing overrides it: 31 May after the report year, the day the
/// city's accounts for the year close (出納閉鎖日), after which the year's figures are final.
/// Derived from the data only, so the same input always gives the same book.
pub fn book_date(year: FiscalYear) -> Date {
    Date {
        year: year + 1,
        month: 5,
        day: 31,
    }
}

/// Builds the book for `options.year` from validated records of all years.
/// `Book::wording` is left empty: `book::wording` fills it from the templates.
///
/// # Errors
/// [`EvaluateError::YearOutOfPeriod`] when the year is outside the outline's period,
/// [`EvaluateError::NoGrades`] when the scale is empty.
pub fn build_book(
    plans: &PlanSet,
    validated: &Validated,
    options: &BookOptions,
) -> Result<Book, EvaluateError> {
    let year = options.year;
    if !plans.outline.period.contains(year) {
        return Err(EvaluateError::YearOutOfPeriod { year });
    }
    if plans.grading.grades.is_empty() {
        return Err(EvaluateError::NoGrades);
    }
    let ledger = Ledger::new(&validated.records, options.allow_errors);
    let first = ledger
        .years()
        .filter(|y| *y <= year)
        .min()
        .unwrap_or(year)
        .clamp(plans.outline.period.start, year);
    let years: BTreeMap<FiscalYear, Vec<PlanEvaluation<'_>>> = (first..=year)
        .map(|y| (y, evaluate_year(plans, &ledger, y)))
        .collect();
    Ok(book::assemble(plans, validated, &ledger, year, &years))
}

/// The records in use, by plan and year.
pub(crate) struct Ledger<'a> {
    records: BTreeMap<(u32, FiscalYear), &'a Record>,
    /// Records of a (plan, year) already taken: reported, not used.
    duplicates: Vec<&'a Record>,
}

impl<'a> Ledger<'a> {
    /// Records with errors are left out unless `allow_errors`; the first record of a
    /// (plan, year) is used.
    fn new(records: &'a [Record], allow_errors: bool) -> Self {
        let mut ledger = Ledger {
            records: BTreeMap::new(),
            duplicates: Vec::new(),
        };
        for r in records.iter().filter(|r| allow_errors || !r.needs_review) {
            match ledger.records.entry((r.plan, r.year)) {
                Entry::Occupied(_) => ledger.duplicates.push(r),
                Entry::Vacant(slot) => {
                    slot.insert(r);
                }
            }
        }
        ledger
    }

    fn years(&self) -> impl Iterator<Item = FiscalYear> + '_ {
        self.records.keys().map(|(_, y)| *y)
    }

    fn has_year(&self, year: FiscalYear) -> bool {
        self.records.keys().any(|(_, y)| *y == year)
    }

    fn record(&self, plan: u32, year: FiscalYear) -> Option<&'a Record> {
        self.records.get(&(plan, year)).copied()
    }

    fn input(&self, plan: u32, year: FiscalYear, key: &str) -> Option<&'a IndicatorInput> {
        self.record(plan, year)?
            .indicators
            .iter()
            .find(|i| i.key == key)
    }
}

/// One plan evaluated for one year.
#[derive(Clone)]
pub(crate) struct PlanEvaluation<'a> {
    plan: &'a Plan,
    status: PlanStatus,
    record: Option<&'a Record>,
    /// One per indicator; empty when the plan is outside its period.
    outcomes: Vec<Outcome>,
    /// One per outcome.
    grades: Vec<Option<GradeIndex>>,
    /// The plan's computed grade; `None` when not evaluated.
    grade: Option<GradeIndex>,
}

impl PlanEvaluation<'_> {
    /// The cell the indicator's 実績値 was read from this year.
    fn input_at(&self, key: &str) -> Option<&crate::diag::Source> {
        self.record?
            .indicators
            .iter()
            .find(|i| i.key == key)?
            .at
            .as_ref()
    }
}

fn evaluate_year<'a>(
    plans: &'a PlanSet,
    ledger: &Ledger<'a>,
    year: FiscalYear,
) -> Vec<PlanEvaluation<'a>> {
    plans
        .plans
        .iter()
        .map(|plan| {
            let record = ledger.record(plan.number, year);
            let status = if !plan.period.contains(year) {
                PlanStatus::OutOfPeriod
            } else {
                match record {
                    None => PlanStatus::NotSubmitted,
                    Some(r) if r.needs_review => PlanStatus::NeedsReview,
                    Some(_) => PlanStatus::Evaluated,
                }
            };
            let outcomes: Vec<Outcome> = if status == PlanStatus::OutOfPeriod {
                Vec::new()
            } else {
                plan.indicators
                    .iter()
                    .map(|ind| {
                        target::evaluate_revised(ind, plan.period, year, &|y| {
                            ledger.input(plan.number, y, &ind.key)
                        })
                    })
                    .collect()
            };
            // A submission with errors (kept under --allow-errors) is shown for review but
            // graded nowhere: a figure that could not be read must not make a grade.
            let grades: Vec<Option<GradeIndex>> = outcomes
                .iter()
                .map(|o| match status {
                    PlanStatus::NeedsReview => None,
                    _ => grade::indicator_grade(&plans.grading, &o.verdict),
                })
                .collect();
            let grade = match status {
                PlanStatus::Evaluated => {
                    grade::plan_grade(plans.grading.plan_rule, grades.iter().copied())
                }
                PlanStatus::OutOfPeriod | PlanStatus::NotSubmitted | PlanStatus::NeedsReview => {
                    None
                }
            };
            PlanEvaluation {
                plan,
                status,
                record,
                outcomes,
                grades,
                grade,
            }
        })
        .collect()
}
