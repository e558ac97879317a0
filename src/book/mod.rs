//! The Book: one neutral model of the annual evaluation book (年度評価書).
//!
//! `evaluate` builds it; `compose` turns it into the Document every writer maps. Every
//! figure and text read from an input carries a [`Cite`] into [`Book::sources`]: file, sheet,
//! cell and the file's SHA-256.

use serde::Serialize;

use crate::diag::{Diagnostic, Source};
use crate::values::{Date, FiscalYear, Number};

/// The whole evaluation book for one report year.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Book {
    /// Cover facts.
    pub meta: BookMeta,
    /// Headings and fixed sentences, rendered from `templates/`.
    pub wording: Wording,
    /// 評価の方法: the scale and how each kind of target is computed.
    pub method: Method,
    /// 総括: counts per grade.
    pub summary: Summary,
    /// 一覧: one row per indicator, in plan order, grouped by 基本方針 and 重点項目.
    pub list: Vec<ListRow>,
    /// One page per action plan, in plan order.
    pub plans: Vec<PlanPage>,
    /// Diagnostics to print in 検証結果 (warnings, and errors when built with `--allow-errors`).
    pub diagnostics: Vec<Diagnostic>,
    /// The committee's review of the report year, when its filled review workbook was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub committee: Option<CommitteeReview>,
    /// The year before's committee opinions with the departments' responses, when that
    /// review or a response to it was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<FollowUp>,
    /// 達成見込み of the period targets, when some plan with a period target has years left.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlook: Option<Outlook>,
    /// 最終評価: in the book of the outline's last year, every plan at the end of its own period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_evaluation: Option<FinalEvaluation>,
    /// The files the book's figures and texts were read from, each once with its SHA-256:
    /// every [`Cite`] points here.
    pub sources: Vec<SourceFile>,
}

/// The year before's committee opinions and what the departments did about each
/// (委員意見対応状況).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FollowUp {
    /// The year the committee reviewed: the report year − 1.
    pub year: FiscalYear,
    /// One entry per plan with an opinion, in plan order.
    pub plans: Vec<PlanFollowUp>,
}

/// The year before's opinions on one plan, each with its response.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlanFollowUp {
    /// Plan number.
    pub plan: u32,
    /// The plan's display id: 「①」, 「1-1」.
    pub mark: String,
    /// The opinions in the review's order.
    pub items: Vec<OpinionFollowUp>,
}

/// One of the year before's opinions and the department's response to it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OpinionFollowUp {
    /// 意見番号, 「R5-⑫-1」.
    pub id: String,
    /// The opinion.
    pub opinion: String,
    /// 委員名, empty when not given (or not known: a response without the review).
    pub member: String,
    /// 対応状況; `None` while the department has not answered.
    pub status: Option<ResponseStatus>,
    /// 対応内容, empty when none.
    pub response: String,
    /// Where the 対応状況 was read, when answered.
    pub source: Option<Source>,
}

/// 対応状況 of one opinion.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub enum ResponseStatus {
    /// 対応済.
    Done,
    /// 対応中.
    InProgress,
    /// 未対応.
    NotYet,
    /// 対応しない.
    Declined,
}

impl ResponseStatus {
    /// Every status, in the form's list order.
    pub const ALL: [ResponseStatus; 4] = [
        ResponseStatus::Done,
        ResponseStatus::InProgress,
        ResponseStatus::NotYet,
        ResponseStatus::Declined,
    ];

    /// The word the form's list and the book print: 「対応済」….
    pub fn label(self) -> &'static str {
        match self {
            ResponseStatus::Done => "対応済",
            ResponseStatus::InProgress => "対応中",
            ResponseStatus::NotYet => "未対応",
            ResponseStatus::Declined => "対応しない",
        }
    }

    /// The status a printed word names.
    pub fn from_label(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.label() == word)
    }
}

impl OpinionFollowUp {
    /// Still open: not answered, 未対応 or 対応中.
    pub fn is_open(&self) -> bool {
        matches!(
            self.status,
            None | Some(ResponseStatus::NotYet | ResponseStatus::InProgress)
        )
    }
}

/// An input file the book cites (a department's workbook, the plan file).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SourceFile {
    /// The file, as given (relative to the input folder where possible).
    pub path: String,
    /// Its SHA-256, 64 lower-case hex digits.
    pub sha256: String,
    /// The sheets cited, in the order first cited; [`Cite::sheet`] indexes them.
    pub sheets: Vec<String>,
}

/// Where one figure or text of the book was read: a few numbers and the cell, so that a city
/// of 1,000 plans does not copy a file path per figure.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Cite {
    /// Index into [`Book::sources`].
    pub file: u32,
    /// Index into that file's [`SourceFile::sheets`]; `None` for a text file (the plan file).
    pub sheet: Option<u32>,
    /// The cell in A1 notation; `None` for a whole sheet or file.
    pub cell: Option<String>,
}

/// Where the figures of one indicator in one year were read.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct FigureCites {
    /// The 年度目標: the plan file for a target the definition gives, the cell of the
    /// previous year's actual or of the reference value for one computed from it.
    pub target: Option<Cite>,
    /// The 実績値.
    pub actual: Option<Cite>,
    /// The value the target was derived from (基準値, 前年度実績, 参考値).
    pub basis: Option<Cite>,
}

/// Where a plan's submission and its texts were read in the report year.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct PageCites {
    /// The submission's sheet.
    pub sheet: Option<Cite>,
    /// 自己評価.
    pub self_grade: Option<Cite>,
    /// 取組実績.
    pub achievements: Option<Cite>,
    /// 課題.
    pub issues: Option<Cite>,
    /// 今後の方向性.
    pub direction: Option<Cite>,
}

impl Book {
    /// The place a cite names, as diagnostics print it (`営業部.xlsx › ① › E10`).
    pub fn source_of(&self, cite: &Cite) -> Option<Source> {
        let file = self.sources.get(cite.file as usize)?;
        Some(Source {
            file: file.path.clone(),
            sheet: cite
                .sheet
                .and_then(|s| file.sheets.get(s as usize))
                .cloned(),
            cell: cite.cell.clone(),
            line: None,
        })
    }

    /// The SHA-256 of the file a cite names.
    pub fn sha256_of(&self, cite: &Cite) -> Option<&str> {
        self.sources
            .get(cite.file as usize)
            .map(|f| f.sha256.as_str())
    }
}

/// The committee's review (委員会評価・委員会意見) of the report year.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CommitteeReview {
    /// One entry per plan the committee graded or gave an opinion on, in plan order.
    pub plans: Vec<PlanReview>,
    /// Plans whose 委員会評価 differs from the computed grade (with 妥当／要再検討: those
    /// marked 要再検討).
    pub differing: u32,
    /// Plans with a 委員会評価.
    pub graded: u32,
    /// True when the committee judged the computed grades (妥当／要再検討) rather than grading.
    pub agreement: bool,
}

/// The committee's review of one plan.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlanReview {
    /// Plan number.
    pub plan: u32,
    /// 「①」.
    pub mark: String,
    /// The computed grade of the plan (as on its page).
    pub computed: Option<Grade>,
    /// 委員会評価, if given.
    pub grade: Option<String>,
    /// Where the 委員会評価 was typed.
    pub grade_source: Option<Source>,
    /// Whether the 委員会評価 differs from the computed grade (or says 要再検討).
    pub differs: bool,
    /// 委員会意見 with their ids, in the workbook's order.
    pub opinions: Vec<Opinion>,
}

/// One committee opinion.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Opinion {
    /// Its stable id, 「R6-⑫-1」.
    pub id: String,
    /// The opinion.
    pub text: String,
    /// 委員名, empty when not given.
    pub member: String,
    /// The cell it was read from.
    pub source: Source,
}

/// Cover facts.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BookMeta {
    /// e.g. 「第4次安曇野市行財政改革大綱」.
    pub outline_title: String,
    /// e.g. 「安曇野市」.
    pub city: String,
    /// e.g. 「行政改革推進委員会」.
    pub committee: String,
    /// 基本理念.
    pub philosophy: String,
    /// The report fiscal year (compose prints it: 「令和6年度（2024年度）」).
    pub year: FiscalYear,
    /// The book's date, derived from the data (never the clock); compose prints it
    /// (「令和7年5月31日」), JSON shows it as ISO `YYYY-MM-DD`.
    pub date: Date,
    /// True when the input is the shipped fictional sample: every writer prints a sample mark.
    pub sample: bool,
    /// The years for which history exists, oldest first.
    pub history_years: Vec<FiscalYear>,
    /// The book's title before the year (「第4次安曇野市行財政改革大綱 アクションプラン」),
    /// from the plan file's vocabulary.
    pub book_title: String,
    /// The outline's own words (基本方針, 担当課, 委員会, 市 …): compose prints these, never
    /// Azumino's.
    pub vocabulary: crate::plan::Vocabulary,
}

/// Headings and fixed sentences rendered from the handlebars templates in `templates/`.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Wording {
    /// The book's title, e.g. 「第4次安曇野市行財政改革大綱 アクションプラン 令和6年度 取組状況・評価」.
    pub title: String,
    /// Subtitle / issuing body line on the cover.
    pub cover_note: String,
    /// The sample mark, e.g. 「サンプルデータ（架空のデータです）」; empty when not a sample.
    pub sample_mark: String,
    /// はじめに: paragraphs.
    pub introduction: Vec<String>,
    /// The lead paragraphs of 評価の方法.
    pub method_intro: Vec<String>,
    /// The lead paragraph of 総括.
    pub summary_intro: Vec<String>,
    /// Footer text (without the page number).
    pub footer: String,
}

/// 評価の方法.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Method {
    /// The grading scale, best first, with the mark for not evaluated last.
    pub scale: Vec<ScaleRow>,
    /// The rounding rule as printed (e.g. 「達成率は小数第2位を四捨五入し…」).
    pub rounding: String,
    /// How a plan's grade follows from its indicators, as printed.
    pub plan_rule: String,
    /// 算定方法 of each kind of target that occurs in the plan file.
    pub kinds: Vec<KindMethod>,
}

/// A grade of the book's scale, as its position in [`Method::scale`]: 0 is the best. Where a
/// grade may be missing (`Option<Grade>`), `None` is the scale's last row, the not-evaluated
/// mark. The marks and labels are the plan file's; compose prints them ([`Method::row`]).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(transparent)]
pub struct Grade(pub u8);

impl Method {
    /// The scale row of a grade; for `None`, the not-evaluated row (the last).
    pub fn row(&self, grade: Option<Grade>) -> Option<&ScaleRow> {
        match grade {
            Some(Grade(i)) => self.scale.get(usize::from(i)),
            None => self.scale.last(),
        }
    }

    /// The mark of a grade as the plan file writes it (「A」); for `None`, the not-evaluated
    /// mark (「－」).
    pub fn mark(&self, grade: Option<Grade>) -> &str {
        self.row(grade).map_or("", |r| r.mark.as_str())
    }
}

/// One row of the scale table.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScaleRow {
    /// "A".
    pub mark: String,
    /// 「目標達成」.
    pub label: String,
    /// 「達成率100%以上」.
    pub condition: String,
}

/// The 算定方法 of one kind of target.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct KindMethod {
    /// The kind's Japanese name, e.g. 「基準値からの増減」.
    pub name: String,
    /// The formula and its explanation, in Japanese.
    pub description: String,
    /// The plans that use it, as printed (①, ⑭ …).
    pub plans: Vec<String>,
}

/// 総括.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Summary {
    /// The grade marks, in scale order, then the not-evaluated mark: the columns of every table.
    pub columns: Vec<String>,
    /// All plans.
    pub total: SummaryRow,
    /// One row per 基本方針.
    pub by_policy: Vec<SummaryRow>,
    /// One row per 重点項目.
    pub by_focus_area: Vec<SummaryRow>,
    /// Plans outside their period in the report year (評価対象外).
    pub out_of_period: u32,
    /// Plans with no submission for the report year (未提出).
    pub not_submitted: u32,
    /// Plans whose submission had errors, kept under `--allow-errors` (要確認): not graded.
    pub needs_review: u32,
    /// Plans submitted but without any indicator that could be evaluated (評価に必要な値がない).
    pub not_evaluable: u32,
    /// Plans with a grade: the graded columns of `total` add up to it, and with the four
    /// counts above to all plans.
    pub graded: u32,
}

/// Counts per grade for one group of plans.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SummaryRow {
    /// 「全体」, 「Ⅰ 合理的かつ…」, 「(1) ICT…」.
    pub label: String,
    /// Count per column of `Summary::columns`.
    pub counts: Vec<u32>,
    /// Share per column, rounded for print: a grade's among the group's graded plans, the
    /// last (not graded) column's among all its plans.
    pub shares: Vec<Number>,
    /// The previous year's counts per column, when history exists.
    pub previous: Option<Vec<u32>>,
    /// 増減 per column against the previous year, when history exists.
    pub change: Option<Vec<i64>>,
    /// Plans in the group.
    pub plans: u32,
}

/// One row of 一覧: one indicator of one plan.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ListRow {
    /// 「Ⅰ 合理的かつ質の高い行政経営の実現」.
    pub policy: String,
    /// 「(1) ICT（情報通信技術）の利活用の推進」.
    pub focus_area: String,
    /// Plan number.
    pub plan: u32,
    /// 「①情報セキュリティ対策の強化」.
    pub plan_name: String,
    /// 担当課.
    pub department: String,
    /// 取組期間 as printed.
    pub period: String,
    /// This indicator's 目標・指標 as printed.
    pub indicator: String,
    /// The indicator's result for the report year.
    pub result: IndicatorResult,
    /// The plan's computed grade (same on every row of the plan).
    pub plan_grade: Option<Grade>,
    /// The department's 自己評価 (same on every row of the plan).
    pub self_grade: String,
    /// True for the first row of a plan: writers merge plan-level cells over the plan's rows.
    pub first_of_plan: bool,
    /// Number of rows this plan spans in the list.
    pub plan_rows: u32,
}

/// An indicator's result for one year.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct IndicatorResult {
    /// Indicator key within the plan.
    pub key: String,
    /// Short label.
    pub label: String,
    /// 単位.
    pub unit: String,
    /// 年度目標 (this year's target), when defined.
    pub target: Option<Number>,
    /// 最終目標 (end of the period), when it differs from the year's target.
    pub final_target: Option<Number>,
    /// 実績値 (for cumulative kinds: the running total).
    pub actual: Option<Number>,
    /// The reference or previous-year value the target was computed from, when used.
    pub basis: Option<Number>,
    /// What `basis` is, e.g. 「前年度実績」, 「類似団体平均値」.
    pub basis_label: Option<String>,
    /// 達成率, when one is computed (zero targets print none).
    pub rate: Option<Number>,
    /// 評価; `None`: not evaluated.
    pub grade: Option<Grade>,
    /// Why there is no grade or what is special, in Japanese, e.g. 「前年度実績がないため評価できません」.
    pub note: Option<String>,
    /// The revision of the target in force this year, with the figures against the original.
    pub revision: Option<RevisionResult>,
    /// For a target judged by a choice (実施/未実施, a stage): the answers by code, so
    /// `target` and `actual` print as 「実施」 or 「試行」, never as a figure. Empty otherwise.
    pub choices: Vec<String>,
    /// Where the figures were read.
    pub cites: FigureCites,
}

/// A revised target in the year it is in force: what changed, why, and the year's figures
/// against the original target beside those against the revised one (in `IndicatorResult`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RevisionResult {
    /// The first year of the revised target (compose prints it 「令和8年度」).
    pub from: FiscalYear,
    /// The original 目標・指標, as printed.
    pub original_text: String,
    /// The revised 目標・指標, as printed.
    pub revised_text: String,
    /// Why it was revised.
    pub reason: String,
    /// When and by whom it was decided, as printed (「令和8年7月 行政経営改革懇話会」); empty
    /// when the plan file does not say.
    pub decided: String,
    /// This year's target under the original definition.
    pub original_target: Option<Number>,
    /// This year's 達成率 against the original target.
    pub original_rate: Option<Number>,
    /// This year's grade against the original target.
    pub original_grade: Option<Grade>,
}

/// The status of a plan in the report year.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    /// Submitted and evaluated.
    Evaluated,
    /// Outside its 取組期間 (評価対象外).
    OutOfPeriod,
    /// No submission for the year (未提出).
    NotSubmitted,
    /// Submitted with errors, built with `--allow-errors` (要確認).
    NeedsReview,
}

/// One page of the book: an action plan, its definition and its results.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlanPage {
    /// Plan number.
    pub number: u32,
    /// 「①」.
    pub mark: String,
    /// アクションプラン名.
    pub name: String,
    /// 担当課.
    pub department: String,
    /// 「Ⅰ 合理的かつ質の高い行政経営の実現」.
    pub policy: String,
    /// 「(1) ICT（情報通信技術）の利活用の推進」.
    pub focus_area: String,
    /// 取組期間 as printed, with its note if any.
    pub period: String,
    /// 目標・指標 as printed.
    pub target_text: String,
    /// 取組内容.
    pub actions: String,
    /// 得られる効果.
    pub effects: String,
    /// 第2次総合計画の方針 and its sentence.
    pub general_plan: String,
    /// How ambiguous targets were read, one line each.
    pub interpretations: Vec<String>,
    /// Status in the report year.
    pub status: PlanStatus,
    /// This year's indicator table.
    pub results: Vec<IndicatorResult>,
    /// The plan's computed grade; `None`: not evaluated.
    pub grade: Option<Grade>,
    /// The department's 自己評価.
    pub self_grade: String,
    /// Last year's computed grade, when history exists (`Some(None)`: not evaluated then).
    pub previous_grade: Option<Option<Grade>>,
    /// Per-indicator history, R2 … report year.
    pub history: Vec<IndicatorHistory>,
    /// 取組実績.
    pub achievements: String,
    /// 課題.
    pub issues: String,
    /// 今後の方向性.
    pub direction: String,
    /// Where the submission came from, e.g. 「情報統計課.xlsx › ① 情報セキュリティ」.
    pub source: Option<String>,
    /// Where the submission and its texts were read.
    pub cites: PageCites,
}

/// Target and actual of one indicator over the years, for trend tables and charts.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct IndicatorHistory {
    /// Indicator key.
    pub key: String,
    /// Short label with unit, for the chart title.
    pub label: String,
    /// 単位.
    pub unit: String,
    /// For a target judged by a choice: the answers by code (see `IndicatorResult::choices`).
    pub choices: Vec<String>,
    /// One point per fiscal year, oldest first.
    pub points: Vec<HistoryPoint>,
}

/// One year of an indicator's history.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HistoryPoint {
    /// Fiscal year (compose prints it, 「R2」 on chart axes).
    pub year: FiscalYear,
    /// That year's target.
    pub target: Option<Number>,
    /// That year's actual.
    pub actual: Option<Number>,
    /// That year's rate.
    pub rate: Option<Number>,
    /// That year's grade; `None`: not evaluated.
    pub grade: Option<Grade>,
    /// In a year a revised target is in force: the rate against the original target.
    pub original_rate: Option<Number>,
    /// Where that year's figures were read.
    pub cites: FigureCites,
}

/// 達成見込み: every indicator with a period target (a cumulative total, a level for the
/// period's end, a change from the baseline) projected to the period's last year.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Outlook {
    /// How the projection is made, as printed in 評価の方法.
    pub method: String,
    /// Plans with a period target and years left in their period, in plan order.
    pub plans: Vec<PlanOutlook>,
    /// Plans with a period target whose period ends in the report year or has ended (「⑲」).
    pub finished: Vec<String>,
    /// Plans whose targets are all yearly ones (毎年度・年度別・前年度比・発生件数0・参考値).
    pub yearly_only: Vec<String>,
}

/// The outlook of one plan.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlanOutlook {
    /// Plan number.
    pub plan: u32,
    /// 「①」.
    pub mark: String,
    /// アクションプラン名.
    pub name: String,
    /// The plan's last year.
    pub end: FiscalYear,
    /// 要注意 when one projected indicator falls short, 達成見込み when all projected reach
    /// their target; `None` when no indicator could be projected.
    pub verdict: Option<OutlookVerdict>,
    /// One per indicator with a period target.
    pub indicators: Vec<IndicatorOutlook>,
}

/// Whether a period target is on track.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum OutlookVerdict {
    /// 達成見込み: the pace so far reaches the target by the period's end.
    OnTrack,
    /// 要注意: at the pace so far the target is not reached; a candidate for revision.
    AtRisk,
}

/// The outlook of one indicator: its projection, or why there is none.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct IndicatorOutlook {
    /// Indicator key within the plan.
    pub key: String,
    /// Short label.
    pub label: String,
    /// 単位.
    pub unit: String,
    /// The kind's Japanese name (「取組期間の累計」).
    pub kind: String,
    /// The projection, when the data supports one.
    pub projection: Option<Projection>,
    /// Why there is no projection (「実績が2年度分に満たないため」), when there is none.
    pub no_projection: Option<String>,
}

/// The figures behind a projection, each rounded as printed (the verdict compares the
/// printed pace with the printed need).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Projection {
    /// The period's target (最終目標: the total, the level, the changed baseline).
    pub target: Number,
    /// Where the indicator stands in the report year (累計 or the year's 実績値).
    pub current: Number,
    /// The first year the pace is measured from.
    pub from_year: FiscalYear,
    /// Years of data the pace rests on (the years reported for a total; the years elapsed
    /// between the first and the latest actual for a level).
    pub years_so_far: u32,
    /// Years left in the period after the report year.
    pub years_left: u32,
    /// 年平均の実績: achieved per year so far (signed: a fall is negative).
    pub pace: Number,
    /// 残り1年あたりの必要量: needed per remaining year to reach the target (signed).
    pub needed: Number,
    /// The value the period's last year reaches at the pace so far.
    pub projected: Number,
    /// The verdict.
    pub verdict: OutlookVerdict,
}

/// 最終評価: the outline's period as a whole, each plan at the end of its own period.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FinalEvaluation {
    /// The outline's first year (compose prints the period: 「令和2年度（2020年度）～令和6年度（2024年度）」).
    pub start: FiscalYear,
    /// The outline's last year.
    pub end: FiscalYear,
    /// The years shown side by side, oldest first (compose prints them 「R2」).
    pub years: Vec<FiscalYear>,
    /// One per plan, in plan order.
    pub plans: Vec<FinalPlan>,
    /// Counts of the plans' final grades, overall, per 基本方針 and per 重点項目.
    pub grades: Summary,
    /// Plans that reached, missed, or could not be judged on their period target: overall,
    /// per 基本方針 and per 重点項目.
    pub reached: Vec<ReachedRow>,
    /// How the period targets are judged, as printed.
    pub method: String,
}

/// Counts of period targets reached for one group of plans.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReachedRow {
    /// 「全体」, 「Ⅰ …」, 「(1) …」.
    pub label: String,
    /// Plans that reached their period target.
    pub reached: u32,
    /// Plans that did not.
    pub not_reached: u32,
    /// Plans that could not be judged (a year unreported).
    pub undetermined: u32,
    /// Plans in the group.
    pub plans: u32,
}

/// Whether a period target was reached.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PeriodOutcome {
    /// 達成.
    Reached,
    /// 未達成.
    NotReached,
    /// 判定できない (a year's figures are missing).
    Undetermined,
}

/// One plan at the end of its own period.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FinalPlan {
    /// Plan number.
    pub number: u32,
    /// 「①」.
    pub mark: String,
    /// アクションプラン名.
    pub name: String,
    /// 担当課.
    pub department: String,
    /// 取組期間 as printed.
    pub period: String,
    /// The plan's last year, the year it is graded on (compose prints it 「令和4年度」).
    pub final_year: FiscalYear,
    /// The grade of its last year; `None`: not evaluated.
    pub grade: Option<Grade>,
    /// Its status in its last year.
    pub status: PlanStatus,
    /// Its grade in each year of [`FinalEvaluation::years`]; `None` outside the plan's
    /// period, `Some(None)` a year not evaluated.
    pub yearly_grades: Vec<Option<Option<Grade>>>,
    /// The period target of each indicator against the result.
    pub indicators: Vec<PeriodResult>,
    /// The plan's period target: reached when every indicator's is.
    pub outcome: PeriodOutcome,
    /// 取組実績 of its last submission.
    pub achievements: String,
    /// 課題 of its last submission.
    pub issues: String,
    /// The year of that submission.
    pub submitted: Option<FiscalYear>,
}

/// One indicator's period target against the result.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PeriodResult {
    /// Indicator key.
    pub key: String,
    /// Short label.
    pub label: String,
    /// 単位.
    pub unit: String,
    /// The kind's Japanese name.
    pub kind: String,
    /// For a period target: the target (total, level) …
    pub target: Option<Number>,
    /// … and the result at the period's end (total reached, level in the last year).
    pub actual: Option<Number>,
    /// For yearly targets: the years whose target was met …
    pub years_met: Option<u32>,
    /// … of the years of the plan's period.
    pub years: u32,
    /// Reached or not.
    pub outcome: PeriodOutcome,
    /// Why it could not be judged, or what is special.
    pub note: Option<String>,
}

pub mod wording;
