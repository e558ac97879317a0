//! Evaluation: clean records × plans → achievement (達成率), grades, summaries and history, as a `Book`.

use crate::book::Book;
use crate::plan::{FiscalYear, PlanSet};
use crate::validate::Validated;

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
}

/// Builds the book for `options.year` from validated records of all years.
/// `Book::wording` is left empty: `book::wording` fills it from the templates.
pub fn build_book(
    plans: &PlanSet,
    validated: &Validated,
    options: &BookOptions,
) -> Result<Book, EvaluateError> {
    let _ = (plans, validated, options);
    todo!("evaluate: issue 4")
}
