//! Return sheets (返却シート): one workbook per 担当課 listing what it must fix, to mail back.

use std::collections::BTreeMap;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatBorder, Workbook};

use crate::diag::{Diagnostic, Source};
use crate::intake::Intake;
use crate::plan::PlanSet;
use crate::render::xlsx::limits::{MAX_CELL_CHARS, cell_text};
use crate::validate::Validated;
use crate::values::FiscalYear;

use super::{Form, FormsError, safe_file_part};

/// The name of a return sheet's one sheet.
const SHEET: &str = "確認事項";

/// The heading used for problems whose department cannot be told: 「担当課不明」 in the
/// outline's own word for a department (「所管課不明」).
pub fn unknown_department(plans: &PlanSet) -> String {
    format!("{}不明", plans.vocabulary.department)
}

/// The department a diagnostic concerns: its plan's, else that of the file it points at.
pub fn department_of(plans: &PlanSet, intake: &Intake, d: &Diagnostic) -> String {
    // A sheet of another outline belongs to none of this outline's departments, whatever
    // number its plan carries.
    if d.code == "outline-other" {
        return unknown_department(plans);
    }
    if let Some(p) = d
        .plan
        .and_then(|n| plans.plans.iter().find(|p| p.number == n))
    {
        return p.department.clone();
    }
    let Some(file) = d.source.as_ref().map(|s| &s.file) else {
        return unknown_department(plans);
    };
    let by_sheet = intake
        .submissions
        .iter()
        .filter(|s| &s.file == file)
        .find_map(|s| {
            let text = match s.plan.as_ref().map(|f| &f.value) {
                Some(crate::intake::Value::Text(t)) => t.as_str(),
                _ => s.sheet.as_str(),
            };
            plans
                .plan_by_display_id(text)
                .map(|(p, _)| p)
                .or_else(|| {
                    s.plan_number
                        .and_then(|n| plans.plans.iter().find(|p| p.number == n))
                })
                .map(|p| p.department.clone())
        });
    by_sheet
        .or_else(|| {
            plans
                .outline
                .departments
                .iter()
                .find(|d| file.contains(d.as_str()))
                .cloned()
        })
        .unwrap_or_else(|| unknown_department(plans))
}

/// One workbook per department that has something to fix (errors and warnings), sorted
/// by department; `year` goes into the file name.
pub fn make_return_sheets(
    plans: &PlanSet,
    intake: &Intake,
    validated: &Validated,
    year: Option<FiscalYear>,
) -> Result<Vec<Form>, FormsError> {
    let mut by_department: BTreeMap<String, Vec<&Diagnostic>> = BTreeMap::new();
    for d in &validated.diagnostics {
        by_department
            .entry(department_of(plans, intake, d))
            .or_default()
            .push(d);
    }
    let mut out = Vec::new();
    for (department, list) in by_department {
        let mut warnings = Vec::new();
        let mut wb = Workbook::new();
        let date =
            ExcelDateTime::from_ymd(u16::try_from(year.unwrap_or(2000)).unwrap_or(2000), 4, 1)?;
        wb.set_properties(
            &DocProperties::new()
                .set_title(format!("{department} 進捗シートの確認事項"))
                .set_creation_datetime(&date),
        );
        let head = Format::new()
            .set_bold()
            .set_background_color(0xD9E1F2)
            .set_border(FormatBorder::Thin)
            .set_font_name("BIZ UDゴシック");
        let body = Format::new()
            .set_text_wrap()
            .set_align(rust_xlsxwriter::FormatAlign::Top)
            .set_border(FormatBorder::Thin)
            .set_font_name("BIZ UDゴシック");
        let ws = wb.add_worksheet();
        ws.set_name(crate::render::xlsx::unique_sheet_name(
            SHEET,
            &mut std::collections::BTreeSet::new(),
        ))?;
        ws.write_with_format(
            0,
            0,
            // The department comes from the plan file or the input: kept within Excel's limits.
            &*cell_text(&format!(
                "{department} 様　進捗シートの確認事項（エラーは修正のうえ再提出、警告は内容の確認をお願いします）"
            ))
            .0,
            &Format::new().set_bold().set_font_name("BIZ UDゴシック"),
        )?;
        let headers = [
            "区分",
            "ファイル",
            "シート",
            "セル",
            "プラン",
            "項目",
            "内容",
            "直し方",
            "コード",
        ];
        let widths: [f64; 9] = [8.0, 30.0, 18.0, 7.0, 7.0, 12.0, 50.0, 40.0, 20.0];
        for (i, (h, w)) in headers.iter().zip(widths).enumerate() {
            ws.write_with_format(2, i as u16, *h, &head)?;
            ws.set_column_width(i as u16, w)?;
        }
        for (i, d) in list.iter().enumerate() {
            let r = 3 + i as u32;
            let src = d.source.as_ref();
            let cells = [
                d.severity.label().to_string(),
                src.map(|s| s.file.clone()).unwrap_or_default(),
                src.and_then(|s| s.sheet.clone()).unwrap_or_default(),
                src.and_then(|s| s.cell.clone()).unwrap_or_default(),
                d.plan_id
                    .clone()
                    .or_else(|| d.plan.map(crate::forms::circled))
                    .unwrap_or_default(),
                d.field.clone().unwrap_or_default(),
                d.message.clone(),
                d.hint.clone().unwrap_or_default(),
                d.code.to_string(),
            ];
            // Rows are sized here: a reader does not grow rows of wrapped text by itself.
            let mut lines = 1;
            for (col, text) in cells.iter().enumerate() {
                let (text, cut) = cell_text(text);
                if cut {
                    warnings.push(
                        Diagnostic::warning(
                            "xlsx-text-cut",
                            format!(
                                "文字列が Excel の 1 セルの上限（{} 字）を超えるため、返却シートでは末尾を省略しました。",
                                MAX_CELL_CHARS
                            ),
                        )
                        .at(Source::cell(
                            format!("返却シート {department}"),
                            SHEET,
                            format!("{}{}", char::from(b'A' + col as u8), r + 1),
                        )),
                    );
                }
                ws.write_string_with_format(r, col as u16, text.as_ref(), &body)?;
                let per_line = (widths[col] / 2.0).max(1.0) as usize;
                lines = lines.max(text.chars().count().div_ceil(per_line));
            }
            ws.set_row_height(r, 13.5 * lines as f64 + 3.0)?;
        }
        ws.set_landscape();
        ws.set_paper_size(9);
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(2, 2)?;
        let prefix = year.map(|y| format!("{y}年度_")).unwrap_or_default();
        out.push(Form {
            file_name: format!("{prefix}{}_確認事項.xlsx", safe_file_part(&department)),
            department,
            bytes: wb.save_to_buffer()?,
            warnings,
        });
    }
    Ok(out)
}
