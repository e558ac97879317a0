//! Validation: raw submissions × plan definitions → clean records + diagnostics.
//!
//! Every diagnostic code is listed in [`CODES`] with its severity; they are stable.

mod check;
mod committee;
mod list;

pub use check::{CODES, MAX_TEXT_CHARS};
pub use committee::{CommitteeEntry, CommitteeOpinion, OpinionResponse};

use rust_decimal::Decimal;
use serde::Serialize;

use crate::diag::{Diagnostic, Source};
use crate::intake::Intake;
use crate::plan::PlanSet;
use crate::values::FiscalYear;

/// A department's validated submission for one plan and one fiscal year.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Record {
    /// Plan number.
    pub plan: u32,
    /// Fiscal year reported on.
    pub year: FiscalYear,
    /// 担当課 as written in the submission.
    pub department: String,
    /// Where the submission's sheet is.
    pub source: Source,
    /// One entry per indicator of the plan, in the plan's order.
    pub indicators: Vec<IndicatorInput>,
    /// 取組実績.
    pub achievements: String,
    /// 自己評価 mark as submitted (normalised), if any.
    pub self_grade: Option<String>,
    /// 課題.
    pub issues: String,
    /// 今後の方向性.
    pub direction: String,
    /// 記入者.
    pub author: String,
    /// 連絡先.
    pub contact: String,
    /// True when the submission's workbook is the shipped fictional sample (its defined name).
    pub sample: bool,
    /// True when the submission had errors and is kept only under `--allow-errors`.
    pub needs_review: bool,
    /// The cells the texts and the 自己評価 were read from.
    pub cells: RecordCells,
}

/// The cells a submission's texts were read from, each `None` when its label was not found.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct RecordCells {
    /// 取組実績.
    pub achievements: Option<Source>,
    /// 自己評価.
    pub self_grade: Option<Source>,
    /// 課題.
    pub issues: Option<Source>,
    /// 今後の方向性.
    pub direction: Option<Source>,
}

/// The values a department gave for one indicator.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct IndicatorInput {
    /// `Indicator::key`.
    pub key: String,
    /// 実績値 of the year (for cumulative kinds: that year's own amount, not the running total).
    pub actual: Option<Decimal>,
    /// 前年度実績 as given on the sheet, if any.
    pub previous: Option<Decimal>,
    /// The year's reference value (類似団体平均値 …), if any.
    pub reference: Option<Decimal>,
    /// The cell of the 実績値.
    pub at: Option<Source>,
    /// The cell of the 前年度実績, when the sheet has that column.
    pub previous_at: Option<Source>,
    /// The cell of the reference value, when the sheet has that column.
    pub reference_at: Option<Source>,
}

/// The outcome of validation.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Validated {
    /// The report year: the one asked for, or else the latest year found in the input.
    pub year: Option<FiscalYear>,
    /// Clean records for every year found, ordered by (year, plan).
    pub records: Vec<Record>,
    /// Every problem found, in a stable order.
    pub diagnostics: Vec<Diagnostic>,
    /// Number of workbook files read.
    pub files_read: usize,
    /// The committee's reviews (委員会評価・委員会意見) of every year found, by (year, plan).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub committee: Vec<CommitteeEntry>,
    /// The departments' responses (対応状況・対応内容) to the year before's opinions, by the
    /// (year, plan) of the form that answers, in the forms' order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub responses: Vec<OpinionResponse>,
    /// The SHA-256 of every workbook read, by file name (from intake).
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub digests: std::collections::BTreeMap<String, String>,
}

/// Checks every submission against the plan definitions and keeps the clean records of
/// every year; `year` is the report year (`None`: the latest year found), for which missing
/// submissions (未提出) are reported.
///
/// Records of submissions with errors are kept with `needs_review` set, so that a caller
/// that allows errors can still use them; a submission whose plan or year cannot be told
/// gives no record.
pub fn validate(plans: &PlanSet, intake: &Intake, year: Option<FiscalYear>) -> Validated {
    check::validate(plans, intake, year)
}
