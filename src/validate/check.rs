//! The checks themselves: one submission at a time, then across submissions.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::diag::{Diagnostic, Severity, Source};
use crate::intake::value::{Reading, UNCALCULATED, read_annotated};
use crate::intake::{Field, IndicatorRow, Intake, Submission, Value};
use crate::labels;
use crate::plan::{GradingScale, Indicator, Plan, PlanSet, Target};
use crate::text::nfkc;
use crate::values::FiscalYear;

use super::{IndicatorInput, Record, Validated};

/// Longest free text that still prints well in the book, in characters.
pub const MAX_TEXT_CHARS: usize = 400;

/// Every code intake and validation may give, with its severity and what it means.
pub const CODES: &[(&str, Severity, &str)] = &[
    ("file-empty", Severity::Error, "空のファイル"),
    ("file-encrypted", Severity::Error, "パスワード付きのブック"),
    ("file-corrupt", Severity::Error, "壊れたブック"),
    ("file-unreadable", Severity::Error, "読み込めないファイル"),
    ("file-too-large", Severity::Error, "大きすぎるファイル"),
    (
        "file-zip-not-workbook",
        Severity::Error,
        "ブックでない zip（拡張子が .xlsx 等のとき。その他は警告）",
    ),
    (
        "file-not-workbook",
        Severity::Warning,
        "ブックでないファイル",
    ),
    (
        "file-wrong-extension",
        Severity::Warning,
        "拡張子と中身の形式が違う（.xls を .xlsx に改名 等）",
    ),
    (
        "file-no-plan-sheet",
        Severity::Error,
        "進捗シートがないブック",
    ),
    ("sheet-too-large", Severity::Error, "大きすぎるシート"),
    ("sheet-unreadable", Severity::Error, "読み込めないシート"),
    (
        "sheet-hidden",
        Severity::Warning,
        "非表示の進捗シート（読み込まない）",
    ),
    (
        "sheet-label-missing",
        Severity::Error,
        "見出しが見つからない（必須でない見出しは警告）",
    ),
    (
        "plan-missing",
        Severity::Error,
        "アクションプランが書かれていない",
    ),
    (
        "plan-unknown",
        Severity::Error,
        "計画定義にないアクションプラン",
    ),
    (
        "plan-name-mismatch",
        Severity::Warning,
        "番号と名称が合わない",
    ),
    (
        "plan-other-department",
        Severity::Warning,
        "担当課が計画定義と違う",
    ),
    ("year-missing", Severity::Error, "年度が書かれていない"),
    ("year-invalid", Severity::Error, "年度として読めない"),
    ("year-outside-period", Severity::Error, "取組期間外の年度"),
    ("indicator-row-missing", Severity::Error, "指標の行がない"),
    (
        "indicator-row-duplicate",
        Severity::Error,
        "同じ指標の行が2行以上ある（評価しない）",
    ),
    (
        "field-duplicate",
        Severity::Error,
        "同じ見出しの欄が2か所にある",
    ),
    (
        "hidden-data",
        Severity::Warning,
        "非表示の行・列にあるデータ（表示されている欄を優先）",
    ),
    (
        "text-not-read",
        Severity::Warning,
        "取組実績などの下の、欄の列の外にある読み込まなかった文章",
    ),
    ("text-cut", Severity::Warning, "上限を超えて切り捨てた文章"),
    ("required-empty", Severity::Error, "必須の欄が空"),
    (
        "field-empty",
        Severity::Warning,
        "空の欄（課題・今後の方向性・記入者・連絡先）",
    ),
    ("value-not-number", Severity::Error, "数値でない"),
    (
        "value-not-a-choice",
        Severity::Error,
        "実施・未実施や段階の目標で、様式の一覧にない答え",
    ),
    (
        "value-annotated",
        Severity::Warning,
        "注記付きの数値（「52（速報値）」→ 52、注記は読み飛ばす）",
    ),
    (
        "value-scaled",
        Severity::Warning,
        "万・千の位取りで書かれた数値（「105.1万人」→ 1051000）",
    ),
    (
        "value-none-as-zero",
        Severity::Warning,
        "目標が0件の指標の「なし」「該当なし」（0 と読む）",
    ),
    (
        "value-uncalculated",
        Severity::Error,
        "数式の計算結果が保存されていない（プログラムが書いたファイル）",
    ),
    (
        "value-error",
        Severity::Error,
        "Excel のエラー値（#DIV/0! 等）",
    ),
    (
        "value-negative",
        Severity::Error,
        "負の値をとらない指標の負の値（評価しない）",
    ),
    (
        "value-over-100",
        Severity::Error,
        "100% を超えない割合の指標で 100% を超える値（評価しない）",
    ),
    ("value-jump", Severity::Warning, "前年度の10倍を超える値"),
    ("value-drop", Severity::Warning, "前年度の10分の1以下の値"),
    (
        "previous-mismatch",
        Severity::Warning,
        "前年度実績が前年度に報告された実績値と違う",
    ),
    (
        "value-percent-fraction",
        Severity::Warning,
        "小数で入力された割合（0.991 → 99.1%）",
    ),
    ("grade-unknown", Severity::Error, "評価の区分にない自己評価"),
    (
        "text-too-long",
        Severity::Warning,
        "印刷に収まらない長さの文章",
    ),
    (
        "submission-duplicate",
        Severity::Error,
        "同じプラン・年度の重複提出",
    ),
    ("plan-not-submitted", Severity::Warning, "未提出"),
    (
        "outline-other",
        Severity::Error,
        "別の計画（大綱）の様式に書かれたシート（登録しない）",
    ),
    (
        "year-conflict",
        Severity::Error,
        "シートの年度・ファイル名・フォルダ名の年度が食い違う（登録しない）",
    ),
    (
        "sheet-skipped",
        Severity::Warning,
        "アクションプランが書かれていないシート（課の表紙・集計など。読み込まない）",
    ),
    (
        "list-row-unmatched",
        Severity::Error,
        "一覧表の行がプラン・指標に当てはまらない（読み込まない）",
    ),
    (
        "list-column-duplicate",
        Severity::Error,
        "一覧表に同じ見出しの列が2つある（シートを読み込まない）",
    ),
    (
        "list-header-unknown",
        Severity::Error,
        "プランが並ぶのに指標・実績値の列見出しがない一覧表（シートを読み込まない）",
    ),
    (
        "list-field-conflict",
        Severity::Error,
        "一覧表の同じプランの行で自己評価・担当課が食い違う（登録しない）",
    ),
    (
        "list-text-joined",
        Severity::Warning,
        "一覧表の同じプランの文章が複数の行にある（改行でつないで読む）",
    ),
    (
        "committee-year-missing",
        Severity::Error,
        "委員会評価シートの年度がない・読めない",
    ),
    (
        "committee-plan-unknown",
        Severity::Error,
        "委員会評価シートの計画定義にないアクションプラン",
    ),
    (
        "committee-grade-unknown",
        Severity::Error,
        "選べる区分（評価の区分、または妥当・要再検討）にない委員会評価",
    ),
    (
        "committee-grade-duplicate",
        Severity::Error,
        "同じプラン・年度の委員会評価が2か所にある（先の記入を使う）",
    ),
    (
        "committee-opinion-no-plan",
        Severity::Error,
        "どのプランへのものか分からない委員会意見・評価",
    ),
    (
        "committee-opinion-id-missing",
        Severity::Error,
        "意見番号のない委員会意見",
    ),
    (
        "committee-opinion-id-duplicate",
        Severity::Error,
        "同じ年度で2回使われた意見番号（後の意見は読み込まない）",
    ),
    (
        "committee-opinion-id-plan",
        Severity::Warning,
        "意見番号のプランと行のアクションプランが違う（行のプランとして読む）",
    ),
    (
        "response-id-missing",
        Severity::Error,
        "前年度の委員会意見への対応で意見番号がない行",
    ),
    (
        "response-id-unknown",
        Severity::Error,
        "前年度の委員会意見にない意見番号への対応（読み込まない）",
    ),
    (
        "response-id-other-plan",
        Severity::Error,
        "別のアクションプランへの前年度の委員会意見に対応している（読み込まない）",
    ),
    (
        "response-duplicate",
        Severity::Error,
        "同じ委員会意見への対応が2回ある（先の記入を使う）",
    ),
    (
        "response-status-unknown",
        Severity::Error,
        "一覧（対応済・対応中・未対応・対応しない）にない対応状況",
    ),
    (
        "response-status-missing",
        Severity::Error,
        "対応内容があるのに対応状況が選ばれていない",
    ),
    (
        "response-text-missing",
        Severity::Error,
        "対応済・対応中なのに対応内容が空",
    ),
    (
        "response-review-missing",
        Severity::Warning,
        "前年度の委員会評価シートが入力になく、意見番号を確かめられない（様式の意見を使う）",
    ),
];

fn key(s: &str) -> String {
    nfkc(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
}

struct Checker<'a> {
    plans: &'a PlanSet,
    /// `key` of every plan's name, in plan order: computed once, as a city may have
    /// thousands of sheets to match against hundreds of plans.
    name_keys: Vec<String>,
    out: Vec<Diagnostic>,
    errors: usize,
}

impl<'a> Checker<'a> {
    fn push(&mut self, d: Diagnostic) {
        if d.is_error() {
            self.errors += 1;
        }
        self.out.push(d);
    }

    fn resolve_plan(&mut self, sub: &Submission) -> Option<&'a Plan> {
        let plans: &'a PlanSet = self.plans;
        let name_keys = &self.name_keys;
        let at = sub
            .plan
            .as_ref()
            .map_or_else(|| sub.source.clone(), |f| f.at.clone());
        let by_name = |text: &str| -> Option<&'a Plan> {
            let t = key(text);
            if t.is_empty() {
                return None;
            }
            let named = plans.plans.iter().zip(name_keys);
            let long = t.chars().count() >= 6;
            named
                .clone()
                .find(|(_, n)| **n == t)
                .or_else(|| {
                    named
                        .clone()
                        .find(|(_, n)| t.contains(n.as_str()) || (long && n.contains(&t)))
                })
                .map(|(p, _)| p)
        };
        // A plan file's own ids (「1-1」) first: intake reads 「1-1」 as the number 1.
        let written = match sub.plan.as_ref().map(|f| &f.value) {
            Some(Value::Text(t)) => Some(t.as_str()),
            Some(_) => None,
            None => Some(sub.sheet.as_str()),
        };
        if let Some((plan, rest)) = written.and_then(|t| plans.plan_by_display_id(t)) {
            if !rest.is_empty() && by_name(&rest).is_none_or(|p| p.number != plan.number) {
                self.push(
                    Diagnostic::warning(
                        "plan-name-mismatch",
                        format!(
                            "アクションプランの番号 {} と名称「{rest}」が合いません。番号で読み込みました（{} は「{}」）。",
                            plan.display_id(), plan.display_id(), plan.name
                        ),
                    )
                    .at(at)
                    .plan_as(plan.number, plan.own_id())
                    .field(labels::PLAN)
                    .hint("番号と名称のどちらが正しいか確認してください。"),
                );
            }
            return Some(plan);
        }
        // A bare number means the plan's order only where the city prints plans by number.
        if let Some(n) = sub
            .plan_number
            .filter(|_| !plans.plans.iter().any(Plan::has_own_id))
        {
            let Some(plan) = plans.plans.iter().find(|p| p.number == n) else {
                self.push(
                    Diagnostic::error(
                        "plan-unknown",
                        format!("アクションプラン {n} は計画定義にありません。"),
                    )
                    .at(at)
                    .field(labels::PLAN)
                    .hint(format!(
                        "番号を確認してください（1～{}）。",
                        self.plans.plans.len()
                    )),
                );
                return None;
            };
            if !sub.plan_text.is_empty() && by_name(&sub.plan_text).is_none_or(|p| p.number != n) {
                self.push(
                    Diagnostic::warning(
                        "plan-name-mismatch",
                        format!(
                            "アクションプランの番号 {n} と名称「{}」が合いません。番号で読み込みました（{n} は「{}」）。",
                            sub.plan_text, plan.name
                        ),
                    )
                    .at(at)
                    .plan(n)
                    .field(labels::PLAN)
                    .hint("番号と名称のどちらが正しいか確認してください。"),
                );
            }
            return Some(plan);
        }
        if let Some(plan) = by_name(&sub.plan_text) {
            return Some(plan);
        }
        let d = if sub.plan.as_ref().is_none_or(|f| f.value.is_empty()) {
            Diagnostic::error(
                "plan-missing",
                "このシートのアクションプランが書かれていません。",
            )
        } else {
            Diagnostic::error(
                "plan-unknown",
                format!(
                    "アクションプラン「{}」は計画定義にありません。",
                    sub.plan_text
                ),
            )
        };
        // The example is the city's own first id (「①」, 「1-1」).
        let example = plans
            .plans
            .first()
            .map_or_else(|| "①".to_string(), Plan::display_id);
        self.push(d.at(at).field(labels::PLAN).hint(format!(
            "「アクションプラン」の右に {example} のような番号と名称を書いてください。"
        )));
        None
    }

    fn resolve_year(&mut self, sub: &Submission, plan: &Plan) -> Option<FiscalYear> {
        let at = sub
            .year
            .as_ref()
            .map_or_else(|| sub.source.clone(), |f| f.at.clone());
        let Some(year) = sub.year_value else {
            let empty = sub.year.as_ref().is_none_or(|f| f.value.is_empty());
            let d = if empty {
                Diagnostic::error("year-missing", "年度が書かれていません。")
            } else {
                Diagnostic::error(
                    "year-invalid",
                    format!(
                        "「{}」を年度として読めません。",
                        sub.year
                            .as_ref()
                            .map(|f| f.value.as_text())
                            .unwrap_or_default()
                    ),
                )
            };
            self.push(
                d.at(at)
                    .plan_as(plan.number, plan.own_id())
                    .field(labels::YEAR)
                    .hint("「年度」の右に 令和6年度 や 2024 のように書いてください。"),
            );
            return None;
        };
        if !plan.period.contains(year) {
            self.push(
                Diagnostic::error(
                    "year-outside-period",
                    format!(
                        "{year}年度は、アクションプラン{}の取組期間（{}）の外です。",
                        plan.number_text(),
                        plan.period_text
                    ),
                )
                .at(at)
                .plan_as(plan.number, plan.own_id())
                .field(labels::YEAR)
                .hint("年度の書き間違いでないか確認してください。"),
            );
            return None;
        }
        Some(year)
    }

    fn number(
        &mut self,
        plan: &Plan,
        ind: Option<&Indicator>,
        field: Option<&Field>,
        name: &str,
        fallback: &Source,
        required: bool,
    ) -> Option<Decimal> {
        let at = field.map_or_else(|| fallback.clone(), |f| f.at.clone());
        let value = field.map_or(Value::Empty, |f| f.value.clone());
        // A target judged by a choice (実施/未実施, a stage): the answer's code, or an error
        // listing the answers the form offers.
        let choices = ind.map(|i| i.target.choices()).unwrap_or_default();
        if !choices.is_empty() && !matches!(value, Value::Empty) {
            let code = match &value {
                Value::Text(t) => ind.and_then(|i| i.target.choice_code(t)),
                _ => None,
            };
            if code.is_none() {
                self.push(
                    Diagnostic::error(
                        "value-not-a-choice",
                        format!(
                            "{name}「{}」は選べる答え（{}）のどれでもありません。",
                            value.as_text(),
                            choices.join("・")
                        ),
                    )
                    .at(at)
                    .plan_as(plan.number, plan.own_id())
                    .field(name)
                    .hint("様式の一覧から選んでください。"),
                );
            }
            return code;
        }
        match value {
            Value::Number(n) => Some(n),
            Value::Empty => {
                if required {
                    self.push(
                        Diagnostic::error(
                            "required-empty",
                            format!("{name}が入力されていません。"),
                        )
                        .at(at)
                        .plan_as(plan.number, plan.own_id())
                        .field(name)
                        .hint(if choices.is_empty() {
                            format!("{name}を数値で入力してください。")
                        } else {
                            format!("{name}を一覧から選んでください（{}）。", choices.join("・"))
                        }),
                    );
                }
                None
            }
            Value::Text(t) => {
                let zero_target = ind.is_some_and(|i| matches!(i.target, Target::Zero));
                match read_annotated(&t) {
                    Some(Reading::Annotated { value, note }) => {
                        self.push(
                            Diagnostic::warning(
                                "value-annotated",
                                format!(
                                    "{name}「{t}」を {} と読みました（「{note}」は読み飛ばしました）。",
                                    value.normalize()
                                ),
                            )
                            .at(at)
                            .plan_as(plan.number, plan.own_id())
                            .field(name)
                            .hint("注記は 備考・課題 の欄に書き、数値の欄には数字だけを入力してください。"),
                        );
                        return Some(value);
                    }
                    Some(Reading::Scaled { value, unit }) => {
                        self.push(
                            Diagnostic::warning(
                                "value-scaled",
                                format!(
                                    "{name}「{t}」を {unit} の位取りで {} と読みました。",
                                    crate::text::number::format_decimal(
                                        value,
                                        crate::text::number::needed_decimals(value)
                                    )
                                ),
                            )
                            .at(at)
                            .plan_as(plan.number, plan.own_id())
                            .field(name)
                            .hint("数値の欄には 1051000 のように数字で入力してください。"),
                        );
                        return Some(value);
                    }
                    Some(Reading::Nothing) if zero_target => {
                        self.push(
                            Diagnostic::warning(
                                "value-none-as-zero",
                                format!("{name}「{t}」を 0 と読みました。"),
                            )
                            .at(at)
                            .plan_as(plan.number, plan.own_id())
                            .field(name)
                            .hint("件数がなかった年は 0 と入力してください。"),
                        );
                        return Some(Decimal::ZERO);
                    }
                    _ => {}
                }
                self.push(
                    Diagnostic::error(
                        "value-not-number",
                        format!("{name}「{t}」を数値として読めません。"),
                    )
                    .at(at)
                    .plan_as(plan.number, plan.own_id())
                    .field(name)
                    .hint("数字だけを入力してください（単位・桁区切りは付けても構いません。「約」「見込み」などは書かないでください）。"),
                );
                None
            }
            Value::Error(e) if e == UNCALCULATED => {
                self.push(uncalculated(at, plan, name));
                None
            }
            Value::Error(e) => {
                self.push(
                    Diagnostic::error(
                        "value-error",
                        format!("{name}が Excel のエラー値 {e} です。"),
                    )
                    .at(at)
                    .plan_as(plan.number, plan.own_id())
                    .field(name)
                    .hint("計算式を確認するか、値を直接入力してください。"),
                );
                None
            }
        }
    }

    /// A rate typed as a fraction without a percent format (0.991; a %-formatted cell of an
    /// .xlsx, .xls or .ods is already read as the percentage it shows): read as percent,
    /// with a warning. No indicator of the
    /// outline measures in % below 1, so a value in (0, 1) is taken as a fraction.
    fn percent_fraction(
        &mut self,
        plan: &Plan,
        ind: &Indicator,
        value: Decimal,
        at: &Source,
        name: &str,
    ) -> Decimal {
        if ind.unit != "%" || value <= Decimal::ZERO || value >= Decimal::ONE {
            return value;
        }
        let percent = (value * Decimal::ONE_HUNDRED).normalize();
        self.push(
            Diagnostic::warning(
                "value-percent-fraction",
                format!(
                    "{name} {} は小数の割合と見て {}% として読みました。",
                    value.normalize(),
                    percent
                ),
            )
            .at(at.clone())
            .plan_as(plan.number, plan.own_id())
            .field(name)
            .hint("割合は 99.1 のように％の数値で入力してください（1% 未満の値なら 0.5% のように「%」を付けてください）。"),
        );
        percent
    }

    /// The value when the indicator can take it; otherwise an error, and `None` so that the
    /// figure is never graded: a share above 100% (99.61 typed in a %-formatted cell reads as
    /// 9961%) or a negative count.
    fn plausible(
        &mut self,
        plan: &Plan,
        ind: &Indicator,
        value: Decimal,
        at: &Source,
        name: &str,
    ) -> Option<Decimal> {
        if value.is_sign_negative() && !value.is_zero() && !ind.may_be_negative() {
            self.push(
                Diagnostic::error(
                    "value-negative",
                    format!(
                        "{name}が負の値（{}）です。指標「{}」は負の値をとりません。",
                        value.normalize(),
                        ind.label
                    ),
                )
                .at(at.clone())
                .plan_as(plan.number, plan.own_id())
                .field(name)
                .hint("件数・人数・割合などは 0 以上です。入力を確認してください（評価しませんでした）。"),
            );
            return None;
        }
        if value > Decimal::ONE_HUNDRED && !ind.may_exceed_100() {
            let shown = value.normalize();
            let hint = if value >= Decimal::from(1000) {
                format!(
                    "割合は 99.1 のように％の数値で入力してください。{} と入力したセルに % の書式が付いていると {shown}% と表示されます（評価しませんでした）。",
                    (value / Decimal::ONE_HUNDRED).normalize()
                )
            } else {
                "割合は 100% を超えません。入力を確認してください（評価しませんでした）。"
                    .to_string()
            };
            self.push(
                Diagnostic::error(
                    "value-over-100",
                    format!(
                        "{name}が100%を超えています（{shown}%）。指標「{}」は100%を超えない割合です。",
                        ind.label
                    ),
                )
                .at(at.clone())
                .plan_as(plan.number, plan.own_id())
                .field(name)
                .hint(hint),
            );
            return None;
        }
        Some(value)
    }

    fn text(&mut self, plan: &Plan, field: Option<&Field>, name: &str, required: bool) -> String {
        let Some(field) = field else {
            return String::new();
        };
        if field.value == Value::Error(UNCALCULATED.to_string()) {
            self.push(uncalculated(field.at.clone(), plan, name));
            return String::new();
        }
        let text = field.value.as_text();
        if text.is_empty() {
            let d = if required {
                Diagnostic::error("required-empty", format!("{name}が入力されていません。"))
            } else {
                Diagnostic::warning("field-empty", format!("{name}が入力されていません。"))
            };
            self.push(
                d.at(field.at.clone())
                    .plan_as(plan.number, plan.own_id())
                    .field(name)
                    .hint(format!("{name}を入力してください。")),
            );
        } else if text.chars().count() > MAX_TEXT_CHARS {
            self.push(
                Diagnostic::warning(
                    "text-too-long",
                    format!(
                        "{name}が {} 字あり、評価書の欄に収まりません（目安 {MAX_TEXT_CHARS} 字）。",
                        crate::text::number::format_decimal(
                            Decimal::from(text.chars().count()),
                            0
                        )
                    ),
                )
                .at(field.at.clone())
                .plan_as(plan.number, plan.own_id())
                .field(name)
                .hint("要点をまとめて短くしてください。"),
            );
        }
        text
    }

    fn grade(&mut self, plan: &Plan, field: Option<&Field>) -> Option<String> {
        let field = field?;
        let text = field.value.as_text();
        if text.is_empty() || field.value == Value::Error(UNCALCULATED.to_string()) {
            self.text(plan, Some(field), labels::SELF_GRADE, true);
            return None;
        }
        match grade_mark(&self.plans.grading, &text) {
            Some(mark) => Some(mark),
            None => {
                let marks = self
                    .plans
                    .grading
                    .grades
                    .iter()
                    .map(|g| g.mark.as_str())
                    .chain([self.plans.grading.not_evaluated.as_str()])
                    .collect::<Vec<_>>()
                    .join("・");
                self.push(
                    Diagnostic::error(
                        "grade-unknown",
                        format!("自己評価「{text}」は評価の区分（{marks}）にありません。"),
                    )
                    .at(field.at.clone())
                    .plan_as(plan.number, plan.own_id())
                    .field(labels::SELF_GRADE)
                    .hint(format!("{marks} のいずれかを選んでください。")),
                );
                None
            }
        }
    }
}

/// What the two files of a duplicate submission say of when they were saved (their own
/// saved date, not the folder's, which copying changes), and a hint naming the later one.
fn saved_note(intake: &Intake, first: &str, second: &str) -> (String, String) {
    let generic = "古い方のファイルかシートを入力フォルダから除いてください。".to_string();
    if first == second {
        return (String::new(), generic);
    }
    let label = |s: &String| {
        let t: String = s.chars().take(19).collect::<String>().replace('T', " ");
        if s.ends_with('Z') {
            format!("{t}（UTC）")
        } else {
            t
        }
    };
    match (intake.saved.get(first), intake.saved.get(second)) {
        (Some(a), Some(b)) if a != b => {
            let (earlier, later) = if a < b {
                (first, second)
            } else {
                (second, first)
            };
            (
                format!(
                    "保存日時は {first} が {}、{second} が {} です。",
                    label(a),
                    label(b)
                ),
                format!(
                    "後に保存されたのは {later} です。そちらが修正版なら {earlier} を入力フォルダから除いてください。"
                ),
            )
        }
        (Some(a), Some(_)) => (
            format!("2つのファイルの保存日時は同じ（{}）です。", label(a)),
            generic,
        ),
        _ => (
            String::new(),
            format!(
                "{generic}（保存日時がファイルに記録されていないため、どちらが新しいかは分かりません）"
            ),
        ),
    }
}

/// A formula whose result the file does not hold: written by a program, never opened and
/// saved by Excel. Saying 「入力されていません」 would send the clerk looking for a typo.
fn uncalculated(at: Source, plan: &Plan, name: &str) -> Diagnostic {
    Diagnostic::error(
        "value-uncalculated",
        format!("{name}の数式の計算結果が保存されていません。Excel で開いて保存し直してください。"),
    )
    .at(at)
    .plan_as(plan.number, plan.own_id())
    .field(name)
    .hint("Excel（または LibreOffice）で開き、そのまま上書き保存すると計算結果が保存されます。")
}

/// The grade mark a self-grade text means: 「A」, 「ａ」, 「A（目標達成）」, 「目標達成」, 「－」.
pub fn grade_mark(scale: &GradingScale, text: &str) -> Option<String> {
    // 〇 (U+3007, the kanji zero) and ◯ (U+25EF, the large circle) look like ○ (U+25CB).
    let circle = |s: &str| s.replace(['\u{3007}', '\u{25EF}'], "\u{25CB}");
    let t = circle(&key(text));
    // 「B評価」: the mark followed by the word 評価.
    let t = match t.strip_suffix("評価") {
        Some(mark) if !mark.is_empty() => mark.to_string(),
        _ => t,
    };
    let dash = |s: &str| matches!(s, "-" | "－" | "―" | "—" | "ー" | "‐" | "−");
    if dash(&t) || t == key(&scale.not_evaluated) {
        return Some(scale.not_evaluated.clone());
    }
    scale
        .grades
        .iter()
        .find(|g| {
            let m = circle(&key(&g.mark));
            t == m
                || t == key(&g.label)
                || t.strip_prefix(&m).is_some_and(|rest| {
                    rest.starts_with(['(', ':', '・', '「']) || rest == key(&g.label)
                })
        })
        .map(|g| g.mark.clone())
}

/// The rows of the table that are this indicator's: by 番号, else by 指標 name, else the one
/// filled row of a one-indicator plan. More than one row (a copied row with a corrected
/// value beside the old one) is the caller's error: the sheet does not say which is meant.
fn find_rows<'s>(plan: &Plan, ind: &Indicator, rows: &'s [IndicatorRow]) -> Vec<&'s IndicatorRow> {
    let k = key(&ind.key);
    let l = key(&ind.label);
    let by_key: Vec<&IndicatorRow> = rows
        .iter()
        .filter(|r| key(&r.key) == k || key(&r.key).trim_start_matches("指標") == k)
        .collect();
    if !by_key.is_empty() {
        return by_key;
    }
    let by_name: Vec<&IndicatorRow> = rows.iter().filter(|r| key(&r.label) == l).collect();
    if !by_name.is_empty() {
        return by_name;
    }
    rows.iter()
        .find(|r| {
            let rl = key(&r.label);
            !rl.is_empty() && (rl.contains(&l) || l.contains(&rl))
        })
        .or_else(|| {
            let filled: Vec<&IndicatorRow> =
                rows.iter().filter(|r| !r.actual.value.is_empty()).collect();
            (plan.indicators.len() == 1 && filled.len() == 1).then(|| filled[0])
        })
        .into_iter()
        .collect()
}

/// The other outline (of a plan file beside this one) whose title a sheet's top rows carry,
/// with the cell, unless they also carry this outline's own title.
fn other_outline(plans: &PlanSet, sub: &Submission) -> Option<(String, Source)> {
    let texts = || {
        sub.headings.iter().filter_map(|f| match &f.value {
            Value::Text(t) => Some((t, f)),
            _ => None,
        })
    };
    if texts().any(|(t, _)| t.contains(plans.outline.title.as_str())) {
        return None;
    }
    texts().find_map(|(t, f)| {
        plans
            .other_outlines
            .iter()
            .filter(|o| t.contains(o.as_str()))
            .max_by_key(|o| o.chars().count())
            .map(|o| (o.clone(), f.at.clone()))
    })
}

pub(super) fn validate(plans: &PlanSet, intake: &Intake, year: Option<FiscalYear>) -> Validated {
    let mut c = Checker {
        plans,
        name_keys: plans.plans.iter().map(|p| key(&p.name)).collect(),
        out: intake.diagnostics.clone(),
        errors: 0,
    };
    let mut records: Vec<Record> = Vec::new();
    // Sheets that intake found an error on (a field written twice): their records are kept
    // only for review.
    let flagged: std::collections::BTreeSet<(String, Option<String>)> = intake
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.source.as_ref().map(|s| (s.file.clone(), s.sheet.clone())))
        .collect();
    // Where each record's 前年度実績 was typed, by (plan, year, indicator key): compared below
    // with what last year's submission reported.
    let mut previous_cells: BTreeMap<(u32, FiscalYear, String), Source> = BTreeMap::new();
    let mut first_seen: BTreeMap<(u32, FiscalYear), (usize, Source)> = BTreeMap::new();
    let mut responding = Vec::new();
    for sub in &intake.submissions {
        let errors_before = c.errors;
        // A sheet of another outline is one problem, not one per field that differs.
        if let Some((title, at)) = other_outline(plans, sub) {
            c.push(
                Diagnostic::error(
                    "outline-other",
                    format!(
                        "このシートは別の計画「{title}」の様式に書かれています。「{}」の進捗シートとしては読み込みませんでした。",
                        plans.outline.title
                    ),
                )
                .at(at)
                .hint(format!(
                    "「{title}」の計画定義で確認するには --plan でその計画定義ファイルを指定してください。「{}」の進捗なら、その様式（hyoka forms）に書き直してください。",
                    plans.outline.title
                )),
            );
            continue;
        }
        let Some(plan) = c.resolve_plan(sub) else {
            for d in super::list::unread_rows(sub, None, &[]) {
                c.push(d);
            }
            continue;
        };
        let Some(fy) = c.resolve_year(sub, plan) else {
            continue;
        };
        let plan_at = sub
            .plan
            .as_ref()
            .map_or_else(|| sub.source.clone(), |f| f.at.clone());
        // A second submission is still checked, so all its problems show at once, but only
        // the first one gives a record.
        let duplicate = first_seen.get(&(plan.number, fy)).cloned();
        if let Some((index, first)) = &duplicate {
            let (saved, hint) = saved_note(intake, &first.file, &sub.file);
            c.push(
                Diagnostic::error(
                    "submission-duplicate",
                    format!(
                        "アクションプラン{}の{}年度が2回提出されています（先の提出: {first}）。先の提出を使います。{saved}",
                        plan.number_text(), fy
                    ),
                )
                .at(plan_at.clone())
                .plan_as(plan.number, plan.own_id())
                .hint(hint),
            );
            records[*index].needs_review = true;
        }
        let department = match &sub.department {
            Some(f) if !f.value.is_empty() => {
                let written = f.value.as_text();
                if key(&written) != key(&plan.department) {
                    c.push(
                        Diagnostic::warning(
                            "plan-other-department",
                            format!(
                                "アクションプラン{}の{}は「{}」ですが、「{written}」が提出しています。",
                                plan.number_text(), c.plans.vocabulary.department, plan.department
                            ),
                        )
                        .at(f.at.clone())
                        .plan_as(plan.number, plan.own_id())
                        .field(labels::DEPARTMENT)
                        .hint(format!(
                            "{}の書き間違いか、別の課のシートを使っていないか確認してください。",
                            c.plans.vocabulary.department
                        )),
                    );
                }
                written
            }
            _ => plan.department.clone(),
        };
        let mut indicators = Vec::new();
        let mut taken: Vec<&IndicatorRow> = Vec::new();
        for ind in &plan.indicators {
            let rows = find_rows(plan, ind, &sub.indicators);
            if let [first, second, ..] = rows[..] {
                let cells: Vec<String> = rows
                    .iter()
                    .filter_map(|r| r.actual.at.cell.clone())
                    .collect();
                c.push(
                    Diagnostic::error(
                        "indicator-row-duplicate",
                        format!(
                            "指標「{} {}」の行が{}行あります（実績値 {}）。どちらが正しいか決められないため評価しません。",
                            ind.key,
                            ind.label,
                            rows.len(),
                            cells.join("・")
                        ),
                    )
                    .at(second.actual.at.clone())
                    .plan_as(plan.number, plan.own_id())
                    .field(labels::ACTUAL)
                    .hint(format!(
                        "古い方の行（{} か {}）を削除して保存し直してください。",
                        first.actual.at.cell.as_deref().unwrap_or(""),
                        second.actual.at.cell.as_deref().unwrap_or("")
                    )),
                );
                indicators.push(IndicatorInput {
                    key: ind.key.clone(),
                    actual: None,
                    previous: None,
                    reference: None,
                    at: Some(first.actual.at.clone()),
                    previous_at: None,
                    reference_at: None,
                });
                continue;
            }
            let row = rows.first().copied();
            // Without the 「実績値」 header intake already said so once for the sheet.
            let table_missing = sub.missing_labels.iter().any(|l| l == labels::ACTUAL);
            let Some(row) = row.filter(|_| !table_missing) else {
                if !table_missing {
                    c.push(
                        Diagnostic::error(
                            "indicator-row-missing",
                            format!("指標「{} {}」の行が見つかりません。", ind.key, ind.label),
                        )
                        .at(sub.source.clone())
                        .plan_as(plan.number, plan.own_id())
                        .field(labels::ACTUAL)
                        .hint("指標の表の「番号」欄に様式どおりの番号を書いてください。"),
                    );
                }
                indicators.push(IndicatorInput {
                    key: ind.key.clone(),
                    actual: None,
                    previous: None,
                    reference: None,
                    at: None,
                    previous_at: None,
                    reference_at: None,
                });
                continue;
            };
            taken.push(row);
            let actual = c
                .number(
                    plan,
                    Some(ind),
                    Some(&row.actual),
                    labels::ACTUAL,
                    &sub.source,
                    true,
                )
                .map(|v| c.percent_fraction(plan, ind, v, &row.actual.at, labels::ACTUAL))
                .and_then(|v| c.plausible(plan, ind, v, &row.actual.at, labels::ACTUAL));
            let needs_previous = matches!(ind.target, Target::PreviousYearChange { .. });
            let needs_reference = matches!(ind.target, Target::Reference { .. });
            let row_at = &row.actual.at;
            let previous =
                if needs_previous || row.previous.as_ref().is_some_and(|f| !f.value.is_empty()) {
                    c.number(
                        plan,
                        Some(ind),
                        row.previous.as_ref(),
                        labels::PREVIOUS,
                        row_at,
                        needs_previous,
                    )
                } else {
                    None
                };
            let previous_at = row
                .previous
                .as_ref()
                .map_or_else(|| row_at.clone(), |f| f.at.clone());
            let previous = previous
                .map(|v| c.percent_fraction(plan, ind, v, &previous_at, labels::PREVIOUS))
                .and_then(|v| c.plausible(plan, ind, v, &previous_at, labels::PREVIOUS));
            let reference =
                if needs_reference || row.reference.as_ref().is_some_and(|f| !f.value.is_empty()) {
                    c.number(
                        plan,
                        Some(ind),
                        row.reference.as_ref(),
                        labels::REFERENCE,
                        row_at,
                        needs_reference,
                    )
                } else {
                    None
                };
            let reference_at = row
                .reference
                .as_ref()
                .map_or_else(|| row_at.clone(), |f| f.at.clone());
            let reference = reference
                .map(|v| c.percent_fraction(plan, ind, v, &reference_at, labels::REFERENCE))
                .and_then(|v| c.plausible(plan, ind, v, &reference_at, labels::REFERENCE));
            if let (Some(a), Some(p)) = (actual, previous) {
                jump(&mut c, plan, ind, a, p, row_at);
            }
            if previous.is_some() && duplicate.is_none() {
                previous_cells.insert((plan.number, fy, ind.key.clone()), previous_at.clone());
            }
            indicators.push(IndicatorInput {
                key: ind.key.clone(),
                actual,
                previous,
                reference,
                at: Some(row.actual.at.clone()),
                previous_at: row.previous.as_ref().map(|f| f.at.clone()),
                reference_at: row.reference.as_ref().map(|f| f.at.clone()),
            });
        }
        for d in super::list::unread_rows(sub, Some(plan), &taken) {
            c.push(d);
        }
        let achievements = c.text(plan, sub.achievements.as_ref(), labels::ACHIEVEMENTS, true);
        let self_grade = c.grade(plan, sub.self_grade.as_ref());
        let issues = c.text(plan, sub.issues.as_ref(), labels::ISSUES, false);
        let direction = c.text(plan, sub.direction.as_ref(), labels::DIRECTION, false);
        let author = c.text(plan, sub.author.as_ref(), labels::AUTHOR, false);
        let contact = c.text(plan, sub.contact.as_ref(), labels::CONTACT, false);
        if duplicate.is_some() {
            continue;
        }
        if !sub.responses.is_empty() {
            responding.push(super::committee::Responding {
                plan: plan.number,
                year: fy,
                sheet: &sub.source,
                rows: &sub.responses,
            });
        }
        first_seen.insert((plan.number, fy), (records.len(), plan_at));
        records.push(Record {
            plan: plan.number,
            year: fy,
            department,
            source: sub.source.clone(),
            indicators,
            achievements,
            self_grade,
            issues,
            direction,
            author,
            contact,
            sample: sub.sample,
            cells: super::RecordCells {
                achievements: sub.achievements.as_ref().map(|f| f.at.clone()),
                self_grade: sub.self_grade.as_ref().map(|f| f.at.clone()),
                issues: sub.issues.as_ref().map(|f| f.at.clone()),
                direction: sub.direction.as_ref().map(|f| f.at.clone()),
            },
            needs_review: c.errors > errors_before
                || flagged.contains(&(sub.file.clone(), Some(sub.sheet.clone()))),
        });
    }

    // Across years: a value more than ten times last year's, when the sheet gave no 前年度実績.
    let by_key: BTreeMap<(u32, FiscalYear), usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| ((r.plan, r.year), i))
        .collect();
    for r in &records {
        let Some(prev) = by_key.get(&(r.plan, r.year - 1)).map(|i| &records[*i]) else {
            continue;
        };
        let Some(plan) = plans.plans.iter().find(|p| p.number == r.plan) else {
            continue;
        };
        for ind in &r.indicators {
            let Some(def) = plan.indicators.iter().find(|i| i.key == ind.key) else {
                continue;
            };
            let last_input = prev.indicators.iter().find(|i| i.key == ind.key);
            let last = last_input.and_then(|i| i.actual);
            if let (Some(a), Some(p), None, Some(at)) = (ind.actual, last, ind.previous, &ind.at) {
                jump(&mut c, plan, def, a, p, at);
            }
            // A 前年度実績 typed this year that is not what last year's sheet reported.
            let typed_at = previous_cells.get(&(r.plan, r.year, ind.key.clone()));
            if let (Some(typed), Some(reported), Some(typed_at), Some(reported_at)) = (
                ind.previous,
                last,
                typed_at,
                last_input.and_then(|i| i.at.as_ref()),
            ) && typed != reported
            {
                c.push(
                    Diagnostic::warning(
                        "previous-mismatch",
                        format!(
                            "前年度実績 {} が、{}年度に報告された実績値 {}（{reported_at}）と違います。",
                            def.format_value(typed),
                            prev.year,
                            def.format_value(reported),
                        ),
                    )
                    .at(typed_at.clone())
                    .plan_as(plan.number, plan.own_id())
                    .field(labels::PREVIOUS)
                    .hint("どちらが正しいか確認し、前年度の数値を訂正した場合はその旨を課題欄などに書いてください。"),
                );
            }
        }
    }

    let report_year = year.or_else(|| records.iter().map(|r| r.year).max());
    if let Some(y) = report_year {
        for plan in &plans.plans {
            if plan.period.contains(y) && !by_key.contains_key(&(plan.number, y)) {
                c.push(
                    Diagnostic::warning(
                        "plan-not-submitted",
                        format!(
                            "アクションプラン{}「{}」の{}年度の進捗シートが提出されていません（未提出）。",
                            plan.number_text(), plan.name, y
                        ),
                    )
                    .plan_as(plan.number, plan.own_id())
                    .hint(format!("{}に提出を依頼してください。", plan.department)),
                );
            }
        }
    }
    records.sort_by_key(|r| (r.year, r.plan));
    let committee = super::committee::check(plans, &intake.committee, &mut |d| c.push(d));
    let report_year = report_year.or_else(|| committee.iter().map(|e| e.year).max());
    let responses =
        super::committee::check_responses(plans, &committee, &responding, &mut |d| c.push(d));
    Validated {
        year: report_year,
        records,
        diagnostics: c.out,
        files_read: intake.files_read,
        committee,
        responses,
        digests: intake.digests.clone(),
    }
}

/// A value more than ten times last year's, or a tenth or less of it (825,462 → 79: a 万
/// slip); a fall to 0 is left alone, as 0 is what a count of incidents aims at.
fn jump(
    c: &mut Checker<'_>,
    plan: &Plan,
    ind: &Indicator,
    actual: Decimal,
    last: Decimal,
    at: &Source,
) {
    if last > Decimal::ZERO
        && actual > Decimal::ZERO
        && actual * Decimal::TEN <= last
        && !matches!(ind.target, Target::Zero)
    {
        c.push(
            Diagnostic::warning(
                "value-drop",
                format!(
                    "実績値 {} が前年度の {} の10分の1以下です。",
                    ind.format_value(actual),
                    ind.format_value(last)
                ),
            )
            .at(at.clone())
            .plan_as(plan.number, plan.own_id())
            .field(labels::ACTUAL)
            .hint("単位や桁の間違い（万人と人など）がないか確認してください。"),
        );
    }
    if last > Decimal::ZERO && actual > last * Decimal::TEN {
        c.push(
            Diagnostic::warning(
                "value-jump",
                format!(
                    "実績値 {} が前年度の {} の10倍を超えています。",
                    actual.normalize(),
                    last.normalize()
                ),
            )
            .at(at.clone())
            .plan_as(plan.number, plan.own_id())
            .field(labels::ACTUAL)
            .hint("単位や桁の間違い（千人と人など）がないか確認してください。"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Grade, PlanRule};

    #[test]
    fn self_grades_as_typed() {
        let grade = |mark: &str, label: &str, min: i64| Grade {
            mark: mark.into(),
            label: label.into(),
            min_rate: Decimal::from(min),
        };
        let scale = GradingScale {
            grades: vec![grade("A", "目標達成", 100), grade("B", "概ね達成", 80)],
            not_evaluated: "－".into(),
            plan_rule: PlanRule::Lowest,
            committee: Default::default(),
            judged: Default::default(),
        };
        let circles = GradingScale {
            grades: vec![grade("○", "達成", 100), grade("△", "未達成", 0)],
            not_evaluated: "－".into(),
            plan_rule: PlanRule::Lowest,
            committee: Default::default(),
            judged: Default::default(),
        };
        for typed in ["○", "\u{3007}", "\u{25EF}", "〇評価"] {
            assert_eq!(grade_mark(&circles, typed).as_deref(), Some("○"), "{typed}");
        }
        for (typed, mark) in [
            ("A", Some("A")),
            ("ａ", Some("A")),
            (" Ｂ ", Some("B")),
            ("A（目標達成）", Some("A")),
            ("B:概ね達成", Some("B")),
            ("概ね達成", Some("B")),
            ("-", Some("－")),
            ("Ｂ評価", Some("B")),
            ("B評価", Some("B")),
            ("評価", None),
            ("S", None),
            ("AB", None),
        ] {
            assert_eq!(grade_mark(&scale, typed).as_deref(), mark, "{typed}");
        }
    }
}
