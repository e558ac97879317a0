//! Forms: the workbooks sent to departments — blank input workbooks made from the plan
//! definitions (one per 担当課), and the return sheets ([`returns`]) listing what `check` found.
//!
//! Each workbook has an instructions sheet (説明) and one sheet per plan. Plan facts sit in
//! locked cells; the cells a department fills are unlocked and carry an input message. The
//! sheet is protected without a password, so a department that needs to can still edit it.
//! Given the year before's committee opinions ([`PriorReview`]), each plan's sheet ends with
//! a table of them, locked with their ids, asking for 対応状況 (a list) and 対応内容.
//! Intake never relies on this layout: it looks for the labels in [`crate::labels`].

pub mod committee;
pub mod returns;
mod target;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use rust_xlsxwriter::{
    DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula,
    Workbook, Worksheet,
};

pub use target::year_target_text;

use crate::diag::{Diagnostic, Source};
use crate::labels;
use crate::plan::{Plan, PlanSet, Target};
use crate::render::xlsx::limits::{
    MAX_CELL_CHARS, MAX_LIST_CHARS, MAX_MESSAGE_CHARS, MAX_ROW_POINTS, cell_text,
};
use crate::text::number::excel_format;
use crate::text::wareki::fiscal_year_label;
use crate::values::FiscalYear;

/// One generated input workbook.
#[derive(Debug, Clone)]
pub struct Form {
    /// File name, safe on Windows, e.g. 「2024年度_情報統計課_進捗シート.xlsx」.
    pub file_name: String,
    /// The 担当課 it is for.
    pub department: String,
    /// The .xlsx bytes.
    pub bytes: Vec<u8>,
    /// Warnings of writing it: text cut at Excel's limits (a cell, an input message).
    pub warnings: Vec<crate::diag::Diagnostic>,
}

/// A failure while generating forms.
#[derive(Debug, thiserror::Error)]
pub enum FormsError {
    /// The workbook writer failed.
    #[error("入力様式を作成できません: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// A plan number asked for is not defined.
    #[error("アクションプラン {0} は計画定義にありません")]
    UnknownPlan(u32),
}

/// A value to put into an input cell (used by the sample generator and by tests).
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// A number cell.
    Number(f64),
    /// A text cell (also numbers typed as text, e.g. full-width digits).
    Text(String),
    /// A percentage given as 99.1, stored as 0.991 with a percent number format.
    Percent(f64),
}

/// The values of one indicator row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IndicatorFill {
    /// 実績値.
    pub actual: Option<Input>,
    /// 前年度実績.
    pub previous: Option<Input>,
    /// 参考値 (類似団体平均値 …).
    pub reference: Option<Input>,
}

/// Filled-in values of one plan sheet; a blank form has none.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlanFill {
    /// Indicator key → values.
    pub indicators: BTreeMap<String, IndicatorFill>,
    /// 取組実績.
    pub achievements: Option<String>,
    /// 自己評価.
    pub self_grade: Option<String>,
    /// 課題.
    pub issues: Option<String>,
    /// 今後の方向性.
    pub direction: Option<String>,
    /// 記入者.
    pub author: Option<String>,
    /// 連絡先.
    pub contact: Option<String>,
    /// Insert a free note row above the field with this label (as a department might).
    pub extra_row_above: Option<String>,
    /// Opinion id → the response to one of the year before's committee opinions.
    pub responses: BTreeMap<String, ResponseFill>,
}

/// A department's response to one of the year before's opinions (filled by the sample
/// generator and by tests).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResponseFill {
    /// 対応状況, as typed (normally one of [`labels::RESPONSE_STATUSES`]).
    pub status: Option<String>,
    /// 対応内容.
    pub text: Option<String>,
}

/// The committee's opinions of the year before, which next year's forms ask the
/// departments to answer (対応状況・対応内容), each shown locked with its id.
#[derive(Debug, Clone, PartialEq)]
pub struct PriorReview {
    /// The year the committee reviewed (the forms' year − 1).
    pub year: FiscalYear,
    /// Plan number → its opinions, in the review's order.
    pub opinions: BTreeMap<u32, Vec<PriorOpinion>>,
}

/// One opinion of the year before, as the form prints it.
#[derive(Debug, Clone, PartialEq)]
pub struct PriorOpinion {
    /// 意見番号, 「R5-⑫-1」.
    pub id: String,
    /// 委員会意見.
    pub text: String,
}

/// How to write one workbook.
#[derive(Debug, Clone, Default)]
pub struct WorkbookOptions {
    /// Mark every sheet as fictional sample data (サンプル／架空のデータ), and define the
    /// workbook name [`labels::SAMPLE_NAME`] by which intake knows the sample.
    pub sample: bool,
    /// Plan number → values to fill in.
    pub fills: BTreeMap<u32, PlanFill>,
    /// The year before's opinions to answer, printed under each plan's sheet.
    pub prior: Option<PriorReview>,
}

/// Generates one input workbook per 担当課 for `year`.
pub fn make_forms(plans: &PlanSet, year: FiscalYear) -> Result<Vec<Form>, FormsError> {
    make_forms_following(plans, year, None)
}

/// Generates one input workbook per 担当課 for `year`, each plan's sheet asking for a response
/// to every opinion `prior` (the year before's review) gave on it.
pub fn make_forms_following(
    plans: &PlanSet,
    year: FiscalYear,
    prior: Option<&PriorReview>,
) -> Result<Vec<Form>, FormsError> {
    let mut forms = Vec::new();
    for department in departments(plans) {
        let numbers: Vec<u32> = plans
            .plans
            .iter()
            .filter(|p| p.department == department && p.period.contains(year))
            .map(|p| p.number)
            .collect();
        if numbers.is_empty() {
            continue;
        }
        let name = file_name(year, &department);
        let (bytes, warnings) = make_workbook_checked(
            plans,
            year,
            &department,
            &numbers,
            &WorkbookOptions {
                prior: prior.cloned(),
                ..WorkbookOptions::default()
            },
            &name,
        )?;
        forms.push(Form {
            file_name: name,
            department,
            bytes,
            warnings,
        });
    }
    Ok(forms)
}

/// Departments that own at least one plan, in the outline's order (then any others).
pub fn departments(plans: &PlanSet) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let listed = plans.outline.departments.iter();
    let used = plans.plans.iter().map(|p| &p.department);
    for d in listed.chain(used) {
        if plans.plans.iter().any(|p| &p.department == d) && !out.contains(d) {
            out.push(d.clone());
        }
    }
    out
}

/// The workbook file name for a department and year, safe on Windows.
pub fn file_name(year: FiscalYear, department: &str) -> String {
    format!("{year}年度_{}_進捗シート.xlsx", safe_file_part(department))
}

/// Replaces the characters Windows forbids in file names.
pub fn safe_file_part(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect::<String>()
        .trim_end_matches(['.', ' '])
        .to_string()
}

/// The sheet name of a plan in a workbook of its own: its display id (「①」, 「1-1」) and as much of the
/// name as fits (see [`crate::render::xlsx::unique_sheet_name`]).
pub fn sheet_name(plan: &Plan) -> String {
    let mut taken = BTreeSet::from([INSTRUCTIONS.to_lowercase()]);
    plan_sheet_name(plan, &mut taken)
}

fn plan_sheet_name(plan: &Plan, taken: &mut BTreeSet<String>) -> String {
    crate::render::xlsx::unique_sheet_name(&format!("{}{}", plan.display_id(), plan.name), taken)
}

/// The name of the instructions sheet, first in every form.
const INSTRUCTIONS: &str = "説明";

/// ① … ㉙ (or the plain number beyond 50).
pub fn circled(n: u32) -> String {
    crate::text::number::circled(n)
}

/// Writes one workbook for `department` holding the sheets of `numbers`, filled as `options`
/// says. Text past Excel's limits is cut as [`make_workbook_checked`] says, without its 警告.
pub fn make_workbook(
    plans: &PlanSet,
    year: FiscalYear,
    department: &str,
    numbers: &[u32],
    options: &WorkbookOptions,
) -> Result<Vec<u8>, FormsError> {
    let name = file_name(year, department);
    Ok(make_workbook_checked(plans, year, department, numbers, options, &name)?.0)
}

/// The name of the hidden, protected sheet holding the lists too long to be inline.
pub const LIST_SHEET: &str = "選択肢";

/// Like [`make_workbook`], with a 警告 (naming `book`, the sheet and the cell) for each text
/// cut at Excel's limits: a cell's 32,767 characters, an input message's 255. A list of
/// choices longer than an inline list holds (255 characters) is offered from the hidden
/// sheet [`LIST_SHEET`] instead, whole.
pub fn make_workbook_checked(
    plans: &PlanSet,
    year: FiscalYear,
    department: &str,
    numbers: &[u32],
    options: &WorkbookOptions,
    book: &str,
) -> Result<(Vec<u8>, Vec<Diagnostic>), FormsError> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(u16::try_from(year).unwrap_or(2000), 4, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("{} 進捗シート", fiscal_year_label(year)))
            .set_company(&plans.outline.city)
            .set_creation_datetime(&created),
    );
    let styles = Styles::new(book);
    let selected: Vec<&Plan> = numbers
        .iter()
        .map(|n| {
            plans
                .plans
                .iter()
                .find(|p| p.number == *n)
                .ok_or(FormsError::UnknownPlan(*n))
        })
        .collect::<Result<_, _>>()?;
    let ws = workbook.add_worksheet();
    write_instructions(
        ws,
        plans,
        year,
        department,
        &selected,
        options.sample,
        &styles,
    )?;
    // The list sheet, added last when needed, keeps its name.
    let mut taken = BTreeSet::from([INSTRUCTIONS.to_lowercase(), LIST_SHEET.to_lowercase()]);
    for plan in selected {
        let ws = workbook.add_worksheet();
        ws.set_name(plan_sheet_name(plan, &mut taken))?;
        let fill = options.fills.get(&plan.number);
        let prior = options.prior.as_ref().and_then(|p| {
            p.opinions
                .get(&plan.number)
                .filter(|o| !o.is_empty())
                .map(|o| (p.year, o.as_slice()))
        });
        write_plan_sheet(ws, plans, plan, year, fill, prior, options.sample, &styles)?;
    }
    styles.write_lists(&mut workbook)?;
    if options.sample {
        // The mark intake goes by (the visible one above is for people): a workbook-level
        // name, pointing at that visible mark on 説明, which Excel and LibreOffice keep in
        // every format.
        workbook.define_name(labels::SAMPLE_NAME, "='説明'!$A$2")?;
    }
    let bytes = workbook.save_to_buffer()?;
    Ok((bytes, styles.cuts.take()))
}

struct Styles {
    title: Format,
    note: Format,
    sample: Format,
    label: Format,
    fact: Format,
    input: Format,
    percent: Format,
    none: Format,
    /// The workbook's file name, as the 警告 of a cut text names it.
    book: String,
    /// 警告 of texts cut at Excel's limits.
    cuts: RefCell<Vec<Diagnostic>>,
    /// Lists of choices too long to be inline, a column each of [`LIST_SHEET`].
    lists: RefCell<Vec<Vec<String>>>,
}

impl Styles {
    fn new(book: &str) -> Self {
        let base = Format::new()
            .set_font_name("BIZ UDゴシック")
            .set_font_size(10)
            .set_text_wrap()
            .set_align(FormatAlign::Top);
        let boxed = base.clone().set_border(FormatBorder::Thin);
        Styles {
            title: base.clone().set_bold().set_font_size(14),
            note: base.clone().set_font_size(9),
            sample: base.clone().set_bold().set_font_color(0xC00000),
            label: boxed
                .clone()
                .set_bold()
                .set_background_color(0xD9E1F2)
                .set_align(FormatAlign::VerticalCenter),
            fact: boxed.clone(),
            input: boxed.clone().set_unlocked().set_background_color(0xFFF2CC),
            percent: boxed
                .clone()
                .set_unlocked()
                .set_background_color(0xFFF2CC)
                .set_num_format("0.0%"),
            none: boxed
                .set_background_color(0xEDEDED)
                .set_align(FormatAlign::Center),
            book: book.to_string(),
            cuts: RefCell::new(Vec::new()),
            lists: RefCell::new(Vec::new()),
        }
    }

    fn cut(&self, ws: &Worksheet, (row, col): (u32, u16), what: String) {
        self.cuts.borrow_mut().push(
            Diagnostic::warning("xlsx-text-cut", what)
                .at(Source::cell(
                    self.book.clone(),
                    ws.name(),
                    crate::intake::sheet::a1(row, u32::from(col)),
                ))
                .hint("計画定義の文章を短くしてください。"),
        );
    }

    /// Adds the hidden, protected [`LIST_SHEET`] with the lists too long to be inline, a
    /// column each, when a list needed it (added last, so that it keeps its name).
    fn write_lists(&self, workbook: &mut Workbook) -> Result<(), FormsError> {
        let lists = self.lists.take();
        if lists.is_empty() {
            return Ok(());
        }
        let ws = workbook.add_worksheet();
        ws.set_name(LIST_SHEET)?;
        for (col, list) in lists.iter().enumerate() {
            for (row, item) in list.iter().enumerate() {
                self.text(ws, row as u32, col as u16, item, &self.fact)?;
            }
        }
        ws.set_hidden(true);
        ws.protect();
        Ok(())
    }

    /// Text for the cell at `at`, cut at Excel's limit of a cell with a 警告.
    fn fit<'t>(&self, ws: &Worksheet, at: (u32, u16), text: &'t str) -> std::borrow::Cow<'t, str> {
        let (text, cut) = cell_text(text);
        if cut {
            self.cut(
                ws,
                at,
                format!(
                    "文字列が Excel の 1 セルの上限（{MAX_CELL_CHARS} 字）を超えるため、入力様式では末尾を省略しました。"
                ),
            );
        }
        text
    }

    /// Writes `text` into one cell, within Excel's limit of a cell.
    fn text(
        &self,
        ws: &mut Worksheet,
        row: u32,
        col: u16,
        text: &str,
        format: &Format,
    ) -> Result<(), FormsError> {
        let text = self.fit(ws, (row, col), text);
        ws.write_string_with_format(row, col, text.as_ref(), format)?;
        Ok(())
    }

    /// Writes `text` into the merged range, within Excel's limit of a cell.
    fn merge(
        &self,
        ws: &mut Worksheet,
        (r1, c1): (u32, u16),
        (r2, c2): (u32, u16),
        text: &str,
        format: &Format,
    ) -> Result<(), FormsError> {
        let text = self.fit(ws, (r1, c1), text);
        ws.merge_range(r1, c1, r2, c2, text.as_ref(), format)?;
        Ok(())
    }

    /// An input or error message for the cell at `at`, cut at Excel's 255 characters with
    /// a 警告.
    fn message(&self, ws: &Worksheet, at: (u32, u16), text: String) -> String {
        if text.encode_utf16().count() <= MAX_MESSAGE_CHARS {
            return text;
        }
        let mut out = String::new();
        let mut units = 0;
        for c in text.chars() {
            if units + c.len_utf16() > MAX_MESSAGE_CHARS - 1 {
                break;
            }
            units += c.len_utf16();
            out.push(c);
        }
        out.push('…');
        self.cut(
            ws,
            at,
            format!(
                "入力時のメッセージが Excel の上限（{MAX_MESSAGE_CHARS} 字）を超えるため、末尾を省略しました。"
            ),
        );
        out
    }

    /// A list validation offering `choices`: inline when Excel can keep it so (at most 255
    /// characters, no comma within a choice), else a range of the hidden [`LIST_SHEET`].
    fn list(&self, choices: &[impl AsRef<str>]) -> Result<DataValidation, FormsError> {
        let inline: usize = choices
            .iter()
            .map(|c| c.as_ref().replace('"', "\"\"").encode_utf16().count() + 1)
            .sum();
        if inline <= MAX_LIST_CHARS + 1 && !choices.iter().any(|c| c.as_ref().contains(',')) {
            return Ok(DataValidation::new().allow_list_strings(choices)?);
        }
        let list: Vec<String> = choices.iter().map(|c| c.as_ref().to_string()).collect();
        let mut lists = self.lists.borrow_mut();
        let col = match lists.iter().position(|l| *l == list) {
            Some(col) => col,
            None => {
                lists.push(list);
                lists.len() - 1
            }
        };
        let column = crate::intake::sheet::a1(0, col as u32);
        let column = column.trim_end_matches('1');
        Ok(
            DataValidation::new().allow_list_formula(Formula::new(format!(
                "='{LIST_SHEET}'!${column}$1:${column}${}",
                choices.len().max(1)
            ))),
        )
    }
}

const LAST_COL: u16 = 6;

/// The most rows the instructions sheet gives its list of plans (a row a plan below it).
const LISTED_ROWS: usize = 1_000;

/// The height of a row of `lines` lines of text, within Excel's tallest row (beyond it the
/// text wraps out of sight, but the cell keeps it all).
fn lines_height(lines: usize) -> f64 {
    (14.0 * lines as f64 + 4.0).min(MAX_ROW_POINTS)
}

fn page_setup(ws: &mut Worksheet, last_row: u32) -> Result<(), FormsError> {
    ws.set_paper_size(9);
    ws.set_portrait();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_area(0, 0, last_row, LAST_COL)?;
    ws.protect();
    Ok(())
}

fn write_instructions(
    ws: &mut Worksheet,
    plans: &PlanSet,
    year: FiscalYear,
    department: &str,
    selected: &[&Plan],
    sample: bool,
    s: &Styles,
) -> Result<(), FormsError> {
    ws.set_name(INSTRUCTIONS)?;
    ws.set_column_width(0, 14)?;
    ws.set_column_width(1, 80)?;
    let mut row = 0;
    s.merge(
        ws,
        (row, 0),
        (row, 1),
        &format!(
            "{} アクションプラン進捗シート（{}）",
            fiscal_year_label(year),
            plans.outline.title
        ),
        &s.title,
    )?;
    ws.set_row_height(row, 22.0)?;
    row += 1;
    if sample {
        s.merge(
            ws,
            (row, 0),
            (row, 1),
            &format!(
                "{}：このブックの数値・文章はすべて架空です。",
                labels::SAMPLE_MARK
            ),
            &s.sample,
        )?;
        row += 1;
    }
    row += 1;
    s.text(ws, row, 0, &plans.vocabulary.department, &s.label)?;
    s.text(ws, row, 1, department, &s.fact)?;
    row += 1;
    // One plan a row: a list in one cell would outgrow Excel's 32,767 characters a cell
    // (and 409 points a row) in a workbook of a few thousand plans. Past [`LISTED_ROWS`]
    // plans, a row lists several, so that the sheet stays within the rows `check` reads by
    // default (`--max-rows`).
    let first = row;
    let per_row = selected.len().div_ceil(LISTED_ROWS).max(1);
    for chunk in selected.chunks(per_row) {
        let text = chunk
            .iter()
            .map(|p| format!("{} {}", p.display_id(), p.name))
            .collect::<Vec<_>>()
            .join("\n");
        s.text(ws, row, 1, &text, &s.fact)?;
        if chunk.len() > 1 {
            ws.set_row_height(row, lines_height(chunk.len()))?;
        }
        row += 1;
    }
    if row > first + 1 {
        s.merge(ws, (first, 0), (row - 1, 0), "対象", &s.label)?;
    } else {
        s.text(ws, first, 0, "対象", &s.label)?;
        row = first + 1;
    }
    row += 1;
    // A department with a target answered by a choice (実施, a stage) is told where a list is.
    let chosen = selected
        .iter()
        .flat_map(|p| &p.indicators)
        .any(|i| !i.target.choices().is_empty());
    let numbers = if chosen {
        "2. 実績値は数値で入力してください（単位・桁区切りは不要です）。割合は 99.1 のように％の数値で入力します。実施・未実施や段階の目標は、一覧から選んでください。"
    } else {
        "2. 実績値は数値で入力してください（単位・桁区切りは不要です）。割合は 99.1 のように％の数値で入力します。"
    };
    let steps = [
        "1. アクションプランごとのシートの黄色のセルに入力してください（他のセルは保護されています）。",
        numbers,
        "3. 累計で目標を定める指標は、その年度の実績（単年度分）を入力してください。",
        "4. 自己評価は一覧から選んでください。評価の区分は下の表のとおりです。",
        "5. 見出し（「実績値」「取組実績」など）の文言は変えないでください。行や列を挿入しても読み込めます。",
        "6. 入力後、ファイル名を変えずに提出してください。",
    ];
    for step in steps {
        s.merge(ws, (row, 0), (row, 1), step, &s.note)?;
        row += 1;
    }
    row += 1;
    s.text(ws, row, 0, "評価", &s.label)?;
    s.text(ws, row, 1, "区分（達成率）", &s.label)?;
    row += 1;
    // The same words as the book's scale table (評価の方法), the last grade included.
    for (i, g) in plans.grading.grades.iter().enumerate() {
        s.text(ws, row, 0, &g.mark, &s.fact)?;
        s.text(
            ws,
            row,
            1,
            &format!("{}（{}）", g.label, plans.grading.condition(i)),
            &s.fact,
        )?;
        row += 1;
    }
    s.text(ws, row, 0, &plans.grading.not_evaluated, &s.fact)?;
    s.text(ws, row, 1, "評価対象外（実績が出ていない等）", &s.fact)?;
    ws.set_paper_size(9);
    ws.set_portrait();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_area(0, 0, row, 1)?;
    ws.protect();
    Ok(())
}

/// Where the next row goes, with the optional extra row a department inserted.
struct Rows<'a> {
    next: u32,
    extra_above: Option<&'a str>,
}

impl Rows<'_> {
    fn take(&mut self, ws: &mut Worksheet, label: &str, s: &Styles) -> Result<u32, FormsError> {
        if self.extra_above == Some(label) {
            self.extra_above = None;
            s.text(ws, self.next, 0, "（課内メモ）確認済み", &s.note)?;
            self.next += 1;
        }
        let row = self.next;
        self.next += 1;
        Ok(row)
    }
}

/// Writes an input cell. Where the plan declares the indicator's decimals, a number shows with
/// them, as the book will print it (99.10); otherwise Excel's General format hides nothing typed.
fn write_input(
    ws: &mut Worksheet,
    (row, col): (u32, u16),
    value: Option<&Input>,
    decimals: Option<u32>,
    s: &Styles,
) -> Result<(), FormsError> {
    let number = match decimals {
        Some(d) => s.input.clone().set_num_format(excel_format(d)),
        None => s.input.clone(),
    };
    match value {
        Some(Input::Number(n)) => ws.write_number_with_format(row, col, *n, &number)?,
        Some(Input::Text(t)) => {
            s.text(ws, row, col, t, &s.input)?;
            ws
        }
        Some(Input::Percent(p)) => ws.write_number_with_format(row, col, p / 100.0, &s.percent)?,
        None => ws.write_blank(row, col, &number)?,
    };
    Ok(())
}

/// An input message for the cell at `at` (cut at Excel's limit with a 警告).
fn message(
    s: &Styles,
    ws: &Worksheet,
    at: (u32, u16),
    title: &str,
    text: &str,
) -> Result<DataValidation, FormsError> {
    Ok(DataValidation::new()
        .allow_any_value()
        .set_input_title(title)?
        .set_input_message(s.message(ws, at, text.to_string()))?)
}

#[allow(clippy::too_many_arguments)]
fn write_plan_sheet(
    ws: &mut Worksheet,
    plans: &PlanSet,
    plan: &Plan,
    year: FiscalYear,
    fill: Option<&PlanFill>,
    prior: Option<(FiscalYear, &[PriorOpinion])>,
    sample: bool,
    s: &Styles,
) -> Result<(), FormsError> {
    for (col, width) in [14.0, 34.0, 8.0, 14.0, 12.0, 12.0, 12.0].iter().enumerate() {
        ws.set_column_width(col as u16, *width)?;
    }
    let empty = PlanFill::default();
    let fill = fill.unwrap_or(&empty);
    let mut rows = Rows {
        next: 0,
        extra_above: fill.extra_row_above.as_deref(),
    };
    let r = rows.take(ws, "", s)?;
    s.merge(
        ws,
        (r, 0),
        (r, LAST_COL),
        &format!("{} アクションプラン進捗シート", fiscal_year_label(year)),
        &s.title,
    )?;
    let r = rows.take(ws, "", s)?;
    if sample {
        s.merge(
            ws,
            (r, 0),
            (r, LAST_COL),
            &format!("{}（{}）", labels::SAMPLE_MARK, plans.outline.title),
            &s.sample,
        )?;
    } else {
        s.merge(ws, (r, 0), (r, LAST_COL), &plans.outline.title, &s.note)?;
    }

    let r = rows.take(ws, labels::YEAR, s)?;
    s.text(ws, r, 0, labels::YEAR, &s.label)?;
    s.merge(ws, (r, 1), (r, 2), &fiscal_year_label(year), &s.fact)?;
    s.text(ws, r, 3, &plans.vocabulary.department, &s.label)?;
    s.merge(ws, (r, 4), (r, LAST_COL), &plan.department, &s.fact)?;

    let r = rows.take(ws, labels::PLAN, s)?;
    s.text(ws, r, 0, labels::PLAN, &s.label)?;
    s.merge(
        ws,
        (r, 1),
        (r, LAST_COL),
        &format!("{} {}", plan.display_id(), plan.name),
        &s.fact,
    )?;

    let r = rows.take(ws, labels::PERIOD, s)?;
    s.text(ws, r, 0, labels::PERIOD, &s.label)?;
    s.merge(ws, (r, 1), (r, LAST_COL), &plan.period_text, &s.fact)?;

    let r = rows.take(ws, labels::TARGET_TEXT, s)?;
    s.text(ws, r, 0, labels::TARGET_TEXT, &s.label)?;
    s.merge(ws, (r, 1), (r, LAST_COL), &plan.target_text, &s.fact)?;
    let lines = plan.target_text.lines().count().max(1);
    ws.set_row_height(r, lines_height(lines))?;

    rows.take(ws, "", s)?;
    let r = rows.take(ws, labels::ACTUAL, s)?;
    let headers = [
        labels::INDICATOR_KEY,
        labels::INDICATOR,
        labels::UNIT,
        labels::YEAR_TARGET,
        labels::ACTUAL,
        labels::PREVIOUS,
        labels::REFERENCE,
    ];
    for (col, h) in headers.iter().enumerate() {
        s.text(ws, r, col as u16, h, &s.label)?;
    }
    let no_fill = IndicatorFill::default();
    for ind in &plan.indicators {
        // The target the year is evaluated against: a revised one from its first year on.
        let in_force = ind.in_force(year);
        let ind: &crate::plan::Indicator = &in_force;
        let r = rows.take(ws, &ind.key, s)?;
        let f = fill.indicators.get(&ind.key).unwrap_or(&no_fill);
        s.text(ws, r, 0, &ind.key, &s.fact)?;
        s.text(ws, r, 1, &ind.label, &s.fact)?;
        s.text(ws, r, 2, &ind.unit, &s.fact)?;
        s.text(ws, r, 3, &year_target_text(plan, ind, year), &s.fact)?;
        let decimals = ind.decimals;
        write_input(ws, (r, 4), f.actual.as_ref(), decimals, s)?;
        let cumulative = matches!(ind.target, Target::Cumulative { .. });
        let mut actual_note = if cumulative {
            format!(
                "{}年度の単年度の実績を{}で入力してください（累計ではありません）。",
                year, ind.unit
            )
        } else if ind.unit == "%" {
            "割合は 99.1 のように％の数値で入力してください。".to_string()
        } else {
            format!("{}年度の実績を{}で入力してください。", year, ind.unit)
        };
        if let Some(d) = decimals.filter(|d| *d > 0) {
            actual_note.push_str(&format!("小数第{d}位まで入力してください。"));
        }
        // A target judged by a choice: the answers as a list, nothing else accepted.
        let choices = ind.target.choices();
        if choices.is_empty() {
            ws.add_data_validation(r, 4, r, 4, &message(s, ws, (r, 4), "実績値", &actual_note)?)?;
        } else {
            let list = s
                .list(&choices)?
                .set_input_title("実績値")?
                .set_input_message(s.message(
                    ws,
                    (r, 4),
                    format!(
                        "{}年度の状況を一覧から選んでください（{}）。",
                        year,
                        choices.join("・")
                    ),
                ))?
                .set_error_title("実績値")?
                .set_error_message(s.message(
                    ws,
                    (r, 4),
                    format!("一覧から選んでください（{}）。", choices.join("・")),
                ))?;
            ws.add_data_validation(r, 4, r, 4, &list)?;
        }
        if matches!(ind.target, Target::PreviousYearChange { .. }) {
            write_input(ws, (r, 5), f.previous.as_ref(), decimals, s)?;
            ws.add_data_validation(
                r,
                5,
                r,
                5,
                &message(
                    s,
                    ws,
                    (r, 5),
                    "前年度実績",
                    &format!("{}年度の実績を{}で入力してください。", year - 1, ind.unit),
                )?,
            )?;
        } else {
            s.text(ws, r, 5, "－", &s.none)?;
        }
        if let Target::Reference { name } = &ind.target {
            write_input(ws, (r, 6), f.reference.as_ref(), decimals, s)?;
            ws.add_data_validation(
                r,
                6,
                r,
                6,
                &message(
                    s,
                    ws,
                    (r, 6),
                    "参考値",
                    &format!("{year}年度の{name}を入力してください。"),
                )?,
            )?;
        } else {
            s.text(ws, r, 6, "－", &s.none)?;
        }
        // Full-width characters per line: 指標 column 34 wide, 目標 column 14 wide.
        let target_text = year_target_text(plan, ind, year);
        let lines = (ind.label.chars().count().div_ceil(16))
            .max(target_text.chars().count().div_ceil(6))
            .max(1);
        ws.set_row_height(r, lines_height(lines))?;
    }
    let r = rows.take(ws, "", s)?;
    if plan
        .indicators
        .iter()
        .any(|i| matches!(i.target, Target::Cumulative { .. }))
    {
        s.merge(
            ws,
            (r, 0),
            (r, LAST_COL),
            "※累計で目標を定める指標は、実績値にその年度の単年度の実績を入力してください（累計は自動で計算します）。",
            &s.note,
        )?;
        rows.take(ws, "", s)?;
    }

    let texts: [(&str, Option<&String>, f64, &str); 3] = [
        (
            labels::ACHIEVEMENTS,
            fill.achievements.as_ref(),
            96.0,
            "今年度に取り組んだ内容と成果を具体的に書いてください（400字程度まで）。",
        ),
        (
            labels::ISSUES,
            fill.issues.as_ref(),
            60.0,
            "取組を進める上での課題を書いてください。",
        ),
        (
            labels::DIRECTION,
            fill.direction.as_ref(),
            60.0,
            "次年度以降の取組の方向性を書いてください。",
        ),
    ];
    let (first, rest) = texts.split_at(1);
    write_text_field(ws, &mut rows, first[0], s)?;

    let r = rows.take(ws, labels::SELF_GRADE, s)?;
    s.text(ws, r, 0, labels::SELF_GRADE, &s.label)?;
    match &fill.self_grade {
        Some(g) => s.text(ws, r, 1, g, &s.input)?,
        None => {
            ws.write_blank(r, 1, &s.input)?;
        }
    };
    let mut marks: Vec<&str> = plans
        .grading
        .grades
        .iter()
        .map(|g| g.mark.as_str())
        .collect();
    marks.push(&plans.grading.not_evaluated);
    let scale = plans
        .grading
        .grades
        .iter()
        .map(|g| format!("{} {}", g.mark, g.label))
        .collect::<Vec<_>>()
        .join("／");
    ws.add_data_validation(
        r,
        1,
        r,
        1,
        &s.list(&marks)?
            .set_input_title("自己評価")?
            .set_input_message(s.message(ws, (r, 1), format!("一覧から選んでください。{scale}")))?,
    )?;
    // The scale is printed on its own row: a note beside the input cell would be read as
    // the grade when the cell is left empty.
    let r = rows.take(ws, "", s)?;
    s.merge(ws, (r, 1), (r, LAST_COL), &format!("（{scale}）"), &s.note)?;

    for field in rest {
        write_text_field(ws, &mut rows, *field, s)?;
    }
    for (label, value) in [
        (labels::AUTHOR, fill.author.as_ref()),
        (labels::CONTACT, fill.contact.as_ref()),
    ] {
        let r = rows.take(ws, label, s)?;
        s.text(ws, r, 0, label, &s.label)?;
        s.merge(ws, (r, 1), (r, 3), value.map_or("", |v| v), &s.input)?;
        ws.add_data_validation(
            r,
            1,
            r,
            1,
            &message(s, ws, (r, 1), label, "氏名・内線番号など")?,
        )?;
    }
    if let Some((reviewed, opinions)) = prior {
        write_responses(
            ws,
            &mut rows,
            reviewed,
            opinions,
            fill,
            s,
            &plans.vocabulary,
        )?;
    }
    let last = rows.next - 1;
    page_setup(ws, last)?;
    Ok(())
}

/// The response table under a plan's sheet: each of the year before's opinions locked with
/// its id, and input cells for 対応状況 (a list) and 対応内容. Intake finds it by its header
/// row ([`labels::RESPONSE_HEADERS`]).
fn write_responses(
    ws: &mut Worksheet,
    rows: &mut Rows<'_>,
    reviewed: FiscalYear,
    opinions: &[PriorOpinion],
    fill: &PlanFill,
    s: &Styles,
    words: &crate::plan::Vocabulary,
) -> Result<(), FormsError> {
    rows.take(ws, "", s)?;
    let r = rows.take(ws, "", s)?;
    let opinion = words.body_opinion();
    // An opinion of an earlier review, still open, is asked again (its id names its year).
    let this_year = format!("{}-", crate::text::wareki::fiscal_year_short(reviewed));
    let heading = if opinions.iter().all(|o| o.id.starts_with(&this_year)) {
        format!(
            "前年度（{}）の{opinion}への対応",
            fiscal_year_label(reviewed)
        )
    } else {
        format!(
            "前年度（{}）の{opinion}と、それより前の対応が済んでいない{opinion}への対応",
            fiscal_year_label(reviewed)
        )
    };
    s.merge(ws, (r, 0), (r, LAST_COL), &heading, &s.label)?;
    let r = rows.take(ws, "", s)?;
    s.merge(
        ws,
        (r, 0),
        (r, LAST_COL),
        "※対応状況を一覧から選び、対応済・対応中のときは対応内容を書いてください。意見番号と意見は変えないでください。",
        &s.note,
    )?;
    let r = rows.take(ws, "", s)?;
    s.text(ws, r, 0, labels::OPINION_ID, &s.label)?;
    s.merge(ws, (r, 1), (r, 2), &opinion, &s.label)?;
    s.text(ws, r, 3, labels::RESPONSE_STATUS, &s.label)?;
    s.merge(ws, (r, 4), (r, LAST_COL), labels::RESPONSE_TEXT, &s.label)?;
    let statuses = labels::RESPONSE_STATUSES.join("／");
    for o in opinions {
        let r = rows.take(ws, "", s)?;
        let response = fill.responses.get(&o.id).cloned().unwrap_or_default();
        s.text(ws, r, 0, &o.id, &s.fact)?;
        s.merge(ws, (r, 1), (r, 2), &o.text, &s.fact)?;
        match &response.status {
            Some(t) => s.text(ws, r, 3, t, &s.input)?,
            None => {
                ws.write_blank(r, 3, &s.input)?;
            }
        };
        ws.add_data_validation(
            r,
            3,
            r,
            3,
            &DataValidation::new()
                .allow_list_strings(labels::RESPONSE_STATUSES)?
                .set_input_title(labels::RESPONSE_STATUS)?
                .set_input_message(format!("一覧から選んでください（{statuses}）。"))?,
        )?;
        s.merge(
            ws,
            (r, 4),
            (r, LAST_COL),
            response.text.as_deref().unwrap_or(""),
            &s.input,
        )?;
        ws.add_data_validation(
            r,
            4,
            r,
            4,
            &message(
                s,
                ws,
                (r, 4),
                labels::RESPONSE_TEXT,
                "行った対応、進めている対応、対応しない理由を書いてください。",
            )?,
        )?;
        // Full-width characters per line: 意見 columns 42 wide, 対応内容 columns 36 wide.
        let longest = (o.text.chars().count().div_ceil(20))
            .max(
                response
                    .text
                    .as_deref()
                    .map_or(0, |t| t.chars().count())
                    .div_ceil(17),
            )
            .max(2);
        ws.set_row_height(r, lines_height(longest))?;
    }
    Ok(())
}

fn write_text_field(
    ws: &mut Worksheet,
    rows: &mut Rows<'_>,
    (label, value, height, note): (&str, Option<&String>, f64, &str),
    s: &Styles,
) -> Result<(), FormsError> {
    let r = rows.take(ws, label, s)?;
    s.text(ws, r, 0, label, &s.label)?;
    s.merge(ws, (r, 1), (r, LAST_COL), value.map_or("", |v| v), &s.input)?;
    ws.set_row_height(r, height)?;
    ws.add_data_validation(r, 1, r, 1, &message(s, ws, (r, 1), label, note)?)?;
    Ok(())
}
