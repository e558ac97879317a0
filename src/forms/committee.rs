//! The committee's review workbook (委員会評価シート): one block of rows per plan with its
//! computed grade and the department's 自己評価 locked, and input cells for 委員会評価 (a list),
//! 委員会意見 (one opinion a row, each with a stable id such as 「R6-⑫-1」) and 委員名.
//!
//! It is made from what the caller computed (the plans' grades), not from an evaluation, so
//! `forms` stays below `evaluate`. Intake reads it back by its header row
//! ([`labels::COMMITTEE_HEADERS`]), whatever the file is called.

use std::collections::{BTreeMap, BTreeSet};

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, ProtectionOptions, Workbook,
};

use super::{FormsError, LIST_SHEET, Styles};
use crate::diag::Diagnostic;
use crate::labels;
use crate::plan::{CommitteeGrading, PlanSet};
use crate::render::xlsx::limits::{MAX_TITLE_CHARS, unique_sheet_name};
use crate::text::number::circled;
use crate::text::wareki::{fiscal_year_label, fiscal_year_short};
use crate::values::FiscalYear;

/// One plan as the committee reviews it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewPlan {
    /// Plan number.
    pub plan: u32,
    /// 「①情報セキュリティ対策の強化」.
    pub title: String,
    /// 担当課.
    pub department: String,
    /// The computed grade, as the book prints it.
    pub computed: String,
    /// The department's 自己評価 (empty when none).
    pub self_grade: String,
}

/// What the secretariat typed for one plan (used by the sample generator and by tests).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReviewFill {
    /// 委員会評価.
    pub grade: Option<String>,
    /// 委員会意見 and 委員名, one per row.
    pub opinions: Vec<(String, String)>,
}

/// How to write the review workbook.
#[derive(Debug, Clone)]
pub struct ReviewOptions {
    /// Opinion rows offered per plan (more are added where a fill has more opinions).
    pub opinion_rows: usize,
    /// Mark the workbook as fictional sample data (and define [`labels::SAMPLE_NAME`]).
    pub sample: bool,
    /// Plan number → what to fill in.
    pub fills: BTreeMap<u32, ReviewFill>,
}

impl Default for ReviewOptions {
    fn default() -> Self {
        ReviewOptions {
            opinion_rows: DEFAULT_OPINION_ROWS,
            sample: false,
            fills: BTreeMap::new(),
        }
    }
}

/// Opinion rows per plan in a blank workbook: a committee rarely says more of one plan in
/// one sitting; the instructions say how to add a row.
pub const DEFAULT_OPINION_ROWS: usize = 3;

/// The sheet's name for Azumino's 委員会; [`sheet_name`] gives a plan's own.
pub const SHEET: &str = "委員会評価";

/// The sheet's name in the outline's own words: 「委員会評価」, 「懇話会評価」.
pub fn sheet_name(plans: &PlanSet) -> String {
    plans.vocabulary.body_grade()
}

/// 「2024年度_委員会評価シート.xlsx」.
pub fn file_name(year: FiscalYear) -> String {
    format!("{year}年度_{}.xlsx", labels::COMMITTEE_TITLE)
}

/// 「2024年度_懇話会評価シート.xlsx」: [`file_name`] in the outline's own words.
pub fn file_name_for(plans: &PlanSet, year: FiscalYear) -> String {
    format!(
        "{year}年度_{}.xlsx",
        super::safe_file_part(&plans.vocabulary.review_title())
    )
}

/// The stable id of the `n`-th opinion (from 1) on the plan printed as `mark` (its
/// [`crate::plan::Plan::display_id`]): 「R6-⑫-1」, 「R7-1-1-2」.
pub fn opinion_id(year: FiscalYear, mark: &str, n: usize) -> String {
    format!("{}-{mark}-{n}", fiscal_year_short(year))
}

/// How the plan numbered `number` is printed: its display id, or the circled number for a
/// number the plan file does not have.
fn mark_of(plans: &PlanSet, number: u32) -> String {
    plans
        .plans
        .iter()
        .find(|p| p.number == number)
        .map_or_else(|| circled(number), |p| p.display_id())
}

/// Columns: アクションプラン, 担当課, 算定評価, 自己評価, 委員会評価, 意見番号, 委員会意見, 委員名.
const HEADERS: [&str; 8] = [
    labels::PLAN,
    labels::DEPARTMENT,
    labels::COMPUTED_GRADE,
    labels::SELF_GRADE,
    labels::COMMITTEE_GRADE,
    labels::OPINION_ID,
    labels::COMMITTEE_OPINION,
    labels::MEMBER,
];
const WIDTHS: [f64; 8] = [30.0, 14.0, 8.0, 8.0, 10.0, 12.0, 60.0, 12.0];
const LAST_COL: u16 = 7;
const HEADER_ROW: u32 = 4;

/// Writes the review workbook of `year` for `rows` (in plan order). Text past Excel's
/// limits is cut as [`make_review_workbook_checked`] says, without its 警告.
pub fn make_review_workbook(
    plans: &PlanSet,
    year: FiscalYear,
    rows: &[ReviewPlan],
    options: &ReviewOptions,
) -> Result<Vec<u8>, FormsError> {
    let name = file_name_for(plans, year);
    Ok(make_review_workbook_checked(plans, year, rows, options, &name)?.0)
}

/// Like [`make_review_workbook`], with a 警告 (naming `book`, the sheet and the cell) for
/// each text cut at Excel's limits, as the department forms do: a plan's title or an
/// opinion past a cell's 32,767 characters, an input message past 255. The sheet's name
/// and the list's title are made valid whatever the outline calls its body (a name with
/// 「/」 or over 31 characters), and a list of marks too long to be inline is offered
/// from the hidden sheet [`LIST_SHEET`].
pub fn make_review_workbook_checked(
    plans: &PlanSet,
    year: FiscalYear,
    rows: &[ReviewPlan],
    options: &ReviewOptions,
    book: &str,
) -> Result<(Vec<u8>, Vec<Diagnostic>), FormsError> {
    let styles = Styles::new(book);
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(u16::try_from(year + 1).unwrap_or(2000), 6, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "{} {}",
                fiscal_year_label(year),
                plans.vocabulary.review_title()
            ))
            .set_company(&plans.outline.city)
            .set_creation_datetime(&created),
    );
    let base = Format::new()
        .set_font_name("BIZ UDゴシック")
        .set_font_size(10)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let boxed = base.clone().set_border(FormatBorder::Thin);
    let title = base.clone().set_bold().set_font_size(14);
    let note = base.clone().set_font_size(9);
    let sample_style = base.clone().set_bold().set_font_color(0xC00000);
    let header = boxed
        .clone()
        .set_bold()
        .set_background_color(0xD9E1F2)
        .set_align(FormatAlign::VerticalCenter);
    let fact = boxed.clone();
    let centred = boxed.clone().set_align(FormatAlign::Center);
    let none = boxed.clone().set_background_color(0xEDEDED);
    let input = boxed.clone().set_unlocked().set_background_color(0xFFF2CC);
    let input_centred = input.clone().set_align(FormatAlign::Center);

    let words = &plans.vocabulary;
    let sheet = unique_sheet_name(
        &sheet_name(plans),
        &mut BTreeSet::from([LIST_SHEET.to_lowercase()]),
    );
    let ws = workbook.add_worksheet();
    ws.set_name(&sheet)?;
    for (c, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    styles.merge(
        ws,
        (0, 0),
        (0, LAST_COL),
        &format!(
            "{} アクションプラン {}（{}・{}）",
            fiscal_year_label(year),
            words.review_title(),
            plans.outline.title,
            plans.outline.committee
        ),
        &title,
    )?;
    ws.set_row_height(0, 22.0)?;
    ws.write_with_format(1, 0, labels::YEAR, &header)?;
    // 「令和5年度（2023年度）」 is wider than the 担当課 column: two columns, so that no
    // printer (or a viewer without the book's font) clips it.
    ws.merge_range(1, 1, 1, 2, &fiscal_year_label(year), &fact)?;
    if options.sample {
        ws.merge_range(
            1,
            3,
            1,
            LAST_COL,
            &format!(
                "{}：このブックの内容はすべて架空です。",
                labels::SAMPLE_MARK
            ),
            &sample_style,
        )?;
    }
    let marks = plans.grading.committee_marks();
    let meaning = match plans.grading.committee {
        CommitteeGrading::Scale => plans
            .grading
            .grades
            .iter()
            .map(|g| format!("{} {}", g.mark, g.label))
            .collect::<Vec<_>>()
            .join("、"),
        CommitteeGrading::Agreement => {
            "妥当＝算定評価のとおり、要再検討＝算定評価を見直すべき".to_string()
        }
    };
    styles.merge(
        ws,
        (2, 0),
        (2, LAST_COL),
        &format!(
            "黄色の欄に入力してください。{}は一覧から選びます（{meaning}）。{}は 1 行に 1 件書き、意見番号は変えないでください。",
            words.body_grade(),
            words.body_opinion()
        ),
        &note,
    )?;
    styles.merge(
        ws,
        (3, 0),
        (3, LAST_COL),
        &format!(
            "行が足りないときは、そのプランの最後の行の下に行を挿入し、意見番号を「{}」のように続けてください（同じ番号は使えません）。委員名は空欄でも構いません。",
            opinion_id(
                year,
                &mark_of(plans, rows.first().map_or(1, |r| r.plan)),
                options.opinion_rows + 1
            )
        ),
        &note,
    )?;
    ws.set_row_height(2, 26.0)?;
    ws.set_row_height(3, 26.0)?;
    for (c, h) in HEADERS.iter().enumerate() {
        // The outline's own words; intake knows them as aliases of the same columns.
        let h = match *h {
            labels::DEPARTMENT => words.department.clone(),
            labels::COMMITTEE_GRADE => words.body_grade(),
            labels::COMMITTEE_OPINION => words.body_opinion(),
            other => other.to_string(),
        };
        styles.text(ws, HEADER_ROW, c as u16, &h, &header)?;
    }
    let first = HEADER_ROW + 1;
    let list = styles
        .list(&marks)?
        .set_input_title(input_title(&words.body_grade()))?
        .set_input_message(styles.message(
            ws,
            (first, 4),
            format!("一覧から選んでください（{}）。", marks.join("・")),
        ))?;
    let mut r = first;
    for plan in rows {
        let fill = options.fills.get(&plan.plan);
        let slots = options
            .opinion_rows
            .max(fill.map_or(0, |f| f.opinions.len()))
            .max(1);
        let mark = mark_of(plans, plan.plan);
        for n in 1..=slots {
            if n == 1 {
                styles.text(ws, r, 0, &plan.title, &fact)?;
                styles.text(ws, r, 1, &plan.department, &fact)?;
                styles.text(ws, r, 2, &plan.computed, &centred)?;
                styles.text(ws, r, 3, &plan.self_grade, &centred)?;
                match fill.and_then(|f| f.grade.as_ref()) {
                    Some(g) => styles.text(ws, r, 4, g, &input_centred)?,
                    None => {
                        ws.write_blank(r, 4, &input_centred)?;
                    }
                };
                ws.add_data_validation(r, 4, r, 4, &list)?;
            } else {
                // The plan's id on each opinion row, so a row moved or inserted still
                // says which plan it belongs to.
                styles.text(ws, r, 0, &mark, &none)?;
                for c in 1..=4 {
                    ws.write_blank(r, c, &none)?;
                }
            }
            styles.text(ws, r, 5, &opinion_id(year, &mark, n), &input_centred)?;
            let opinion = fill.and_then(|f| f.opinions.get(n - 1));
            match opinion {
                Some((text, member)) => {
                    styles.text(ws, r, 6, text, &input)?;
                    styles.text(ws, r, 7, member, &input)?;
                }
                None => {
                    ws.write_blank(r, 6, &input)?;
                    ws.write_blank(r, 7, &input)?;
                }
            }
            ws.set_row_height(r, 30.0)?;
            r += 1;
        }
    }
    ws.write_with_format(
        r + 1,
        0,
        "※ 算定評価・自己評価は変更できません（算定評価は進捗シートから hyoka が算定したものです）。",
        &note,
    )?;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_area(0, 0, r + 1, LAST_COL)?;
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
    // Without a password, like the department forms; rows may be inserted for more opinions.
    ws.protect_with_options(&ProtectionOptions {
        insert_rows: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
    styles.write_lists(&mut workbook)?;
    if options.sample {
        workbook.define_name(labels::SAMPLE_NAME, &format!("='{sheet}'!$D$2"))?;
    }
    let bytes = workbook.save_to_buffer()?;
    Ok((bytes, styles.cuts.take()))
}

/// An input title within Excel's 32 characters (a body's long name is cut; the header
/// above the cell says it whole).
fn input_title(title: &str) -> String {
    title.chars().take(MAX_TITLE_CHARS).collect()
}
