//! Forms: plan definitions → the blank department input workbooks (one per 担当課).

use crate::plan::{FiscalYear, PlanSet};

/// One generated input workbook.
#[derive(Debug, Clone)]
pub struct Form {
    /// File name, safe on Windows, e.g. 「2024年度_情報統計課_進捗シート.xlsx」.
    pub file_name: String,
    /// The 担当課 it is for.
    pub department: String,
    /// The .xlsx bytes.
    pub bytes: Vec<u8>,
}

/// A failure while generating forms.
#[derive(Debug, thiserror::Error)]
pub enum FormsError {
    /// The workbook writer failed.
    #[error("入力様式を作成できません: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

/// Generates one input workbook per 担当課 for `year`.
pub fn make_forms(plans: &PlanSet, year: FiscalYear) -> Result<Vec<Form>, FormsError> {
    let _ = (plans, year);
    todo!("forms: issue 3")
}
