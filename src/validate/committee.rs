//! The committee's review sheets against the plan file: every plan known, every 委員会評価 on
//! the scale (or 妥当／要再検討), every opinion with a plan and an id used once per year.

use std::collections::BTreeMap;

use serde::Serialize;

use super::check::grade_mark;
use crate::diag::{Diagnostic, Source};
use crate::intake::Field;
use crate::intake::committee::{CommitteeRow, CommitteeSheet, id_plan};
use crate::intake::{Value, plan_ref};
use crate::labels;
use crate::plan::{AGREEMENT_MARKS, CommitteeGrading, Plan, PlanSet};
use crate::text::nfkc;
use crate::values::FiscalYear;

/// The committee's review of one plan for one year.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CommitteeEntry {
    /// Plan number.
    pub plan: u32,
    /// The year reviewed.
    pub year: FiscalYear,
    /// 委員会評価 as a mark of the scale (or 妥当／要再検討), if given.
    pub grade: Option<String>,
    /// Where the 委員会評価 was typed.
    pub grade_at: Option<Source>,
    /// 委員会意見, in the sheet's order.
    pub opinions: Vec<CommitteeOpinion>,
}

/// One opinion of the committee.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CommitteeOpinion {
    /// Its stable id, e.g. 「R6-⑫-1」.
    pub id: String,
    /// What was said.
    pub text: String,
    /// 委員名, empty when not given.
    pub member: String,
    /// The cell of the opinion.
    pub at: Source,
}

fn key(s: &str) -> String {
    nfkc(s).chars().filter(|c| !c.is_whitespace()).collect()
}

fn text_of(f: Option<&Field>) -> String {
    f.map(|f| f.value.as_text().trim().to_string())
        .unwrap_or_default()
}

/// The mark a typed 委員会評価 means, or `None` when it is not one the plan file offers.
fn committee_mark(plans: &PlanSet, typed: &str) -> Option<String> {
    match plans.grading.committee {
        CommitteeGrading::Scale => grade_mark(&plans.grading, typed),
        CommitteeGrading::Agreement => AGREEMENT_MARKS
            .iter()
            .find(|m| key(m) == key(typed))
            .map(|m| m.to_string()),
    }
}

/// The plan a written reference names, as forms are read: a plan file's own display id
/// (「1-1」, with or without its name after it) through [`PlanSet::plan_by_display_id`], else
/// the number intake read (「①」, 「1」) for a plan printed by its number, else the name.
/// `exact` asks that nothing follow the id (an opinion id's plan part).
fn plan_named<'a>(
    plans: &'a PlanSet,
    text: &str,
    number: Option<u32>,
    exact: bool,
) -> Option<&'a Plan> {
    if let Some((plan, rest)) = plans.plan_by_display_id(text)
        && (!exact || rest.is_empty())
    {
        return Some(plan);
    }
    // A bare number only means a plan the city prints by number: 「1」 in 「1-1」 is not plan 1.
    if let Some(plan) = number
        .and_then(|n| plans.plans.iter().find(|p| p.number == n))
        .filter(|p| !p.has_own_id())
    {
        return Some(plan);
    }
    // The name only where no number told the plan: a number the plan file lacks (「㊿」) is
    // reported, not read as whichever plan's name follows it.
    let by_number = number.is_some() && !plans.plans.iter().any(Plan::has_own_id);
    let written = key(text);
    let named = plans.plans.iter().filter(|p| !key(&p.name).is_empty());
    (!exact && !by_number && !written.is_empty())
        .then(|| {
            named
                .clone()
                .find(|p| key(&p.name) == written)
                .or_else(|| named.clone().find(|p| written.contains(&key(&p.name))))
        })
        .flatten()
}

/// The plan an opinion id names by its plan part (「R7-1-1-2」 → plan 1-1), if any.
fn id_names<'a>(plans: &'a PlanSet, id: &str) -> Option<&'a Plan> {
    let part = id_plan(id)?;
    plan_named(
        plans,
        part,
        plan_ref(&Value::Text(part.to_string())).0,
        true,
    )
}

/// The plan of a review row: its 「アクションプラン」 cell, or else its opinion id.
fn row_plan<'a>(plans: &'a PlanSet, row: &CommitteeRow) -> Option<&'a Plan> {
    if row.plan.value.is_empty() {
        let id = text_of(row.id.as_ref());
        return id_names(plans, &id);
    }
    plan_named(plans, &row.plan.value.as_text(), row.plan_number, false)
}

/// Checks every review sheet; problems go to `push`, the clean entries are returned, ordered
/// by (year, plan). A row with a problem gives nothing; the other rows are kept.
pub(super) fn check(
    plans: &PlanSet,
    sheets: &[CommitteeSheet],
    push: &mut dyn FnMut(Diagnostic),
) -> Vec<CommitteeEntry> {
    let mut entries: BTreeMap<(FiscalYear, u32), CommitteeEntry> = BTreeMap::new();
    let mut ids: BTreeMap<(FiscalYear, String), Source> = BTreeMap::new();
    let marks = plans.grading.committee_marks().join("・");
    for sheet in sheets {
        let Some(year) = sheet.year_value else {
            let at = sheet
                .year
                .as_ref()
                .map_or_else(|| sheet.source.clone(), |f| f.at.clone());
            push(
                Diagnostic::error(
                    "committee-year-missing",
                    "委員会評価シートの年度が書かれていないか、年度として読めません。",
                )
                .at(at)
                .field(labels::YEAR)
                .hint("表の上の「年度」の右に 令和6年度 のように書いてください。"),
            );
            continue;
        };
        for row in &sheet.rows {
            let grade_text = text_of(row.grade.as_ref());
            let opinion = text_of(row.opinion.as_ref());
            let Some(plan) = row_plan(plans, row) else {
                if !row.plan.value.is_empty() {
                    push(
                        Diagnostic::error(
                            "committee-plan-unknown",
                            format!(
                                "委員会評価シートのアクションプラン「{}」は計画定義にありません。",
                                row.plan.value.as_text()
                            ),
                        )
                        .at(row.plan.at.clone())
                        .field(labels::PLAN)
                        .hint(
                            match plans.plans.iter().find(|p| p.has_own_id()) {
                                Some(p) => format!(
                                    "「{}」のような、計画定義のプランの番号を確認してください。",
                                    p.display_id()
                                ),
                                None => format!(
                                    "{}番号を確認してください（1～{}）。",
                                    crate::plan::Plan::id_example(&plans.plans),
                                    plans.plans.len()
                                ),
                            },
                        ),
                    );
                } else if !opinion.is_empty() || !grade_text.is_empty() {
                    let at = row
                        .opinion
                        .as_ref()
                        .filter(|_| !opinion.is_empty())
                        .or(row.grade.as_ref())
                        .map_or_else(|| row.plan.at.clone(), |f| f.at.clone());
                    push(
                        Diagnostic::error(
                            "committee-opinion-no-plan",
                            "どのアクションプランへの意見・評価か分かりません（アクションプランも意見番号の番号も書かれていません）。",
                        )
                        .at(at)
                        .field(labels::PLAN)
                        .hint(format!(
                            "行の「アクションプラン」欄に{}番号を書くか、意見番号を「{}-{}-4」の形にしてください。",
                            crate::plan::Plan::id_example(&plans.plans),
                            crate::text::wareki::fiscal_year_short(year),
                            plans.plans.first().map_or_else(|| "①".to_string(), |p| p.display_id())
                        )),
                    );
                }
                continue;
            };
            let entry = entries
                .entry((year, plan.number))
                .or_insert_with(|| CommitteeEntry {
                    plan: plan.number,
                    year,
                    grade: None,
                    grade_at: None,
                    opinions: Vec::new(),
                });
            if let (false, Some(cell)) = (grade_text.is_empty(), row.grade.as_ref()) {
                match committee_mark(plans, &grade_text) {
                    None => push(
                        Diagnostic::error(
                            "committee-grade-unknown",
                            format!(
                                "委員会評価「{grade_text}」は選べる区分（{marks}）にありません。"
                            ),
                        )
                        .at(cell.at.clone())
                        .plan_as(plan.number, plan.own_id())
                        .field(labels::COMMITTEE_GRADE)
                        .hint("一覧から選んでください。"),
                    ),
                    Some(_) if entry.grade_at.is_some() => push(
                        Diagnostic::error(
                            "committee-grade-duplicate",
                            format!(
                                "アクションプラン{}の{year}年度の委員会評価が2か所にあります（先の記入: {}）。先の記入を使います。",
                                plan.number_text(),
                                entry.grade_at.as_ref().map(ToString::to_string).unwrap_or_default()
                            ),
                        )
                        .at(cell.at.clone())
                        .plan_as(plan.number, plan.own_id())
                        .field(labels::COMMITTEE_GRADE)
                        .hint("どちらか一方を消してください。"),
                    ),
                    Some(mark) => {
                        entry.grade = Some(mark);
                        entry.grade_at = Some(cell.at.clone());
                    }
                }
            }
            let Some(opinion_cell) = row.opinion.as_ref().filter(|_| !opinion.is_empty()) else {
                continue;
            };
            let id = text_of(row.id.as_ref());
            if id.is_empty() {
                push(
                    Diagnostic::error(
                        "committee-opinion-id-missing",
                        "委員会意見に意見番号がありません。",
                    )
                    .at(row
                        .id
                        .as_ref()
                        .map_or_else(|| opinion_cell.at.clone(), |f| f.at.clone()))
                    .plan_as(plan.number, plan.own_id())
                    .field(labels::OPINION_ID)
                    .hint("「R6-①-4」のように、年度・プラン・通し番号の意見番号を書いてください。"),
                );
                continue;
            }
            let id_at = row
                .id
                .as_ref()
                .map_or_else(|| opinion_cell.at.clone(), |f| f.at.clone());
            if let Some(first) = ids.get(&(year, key(&id))) {
                push(
                    Diagnostic::error(
                        "committee-opinion-id-duplicate",
                        format!(
                            "意見番号「{id}」が2回使われています（先の記入: {first}）。この行の意見は読み込みませんでした。"
                        ),
                    )
                    .at(id_at)
                    .plan_as(plan.number, plan.own_id())
                    .field(labels::OPINION_ID)
                    .hint("意見ごとに別の番号（末尾の通し番号を変える）にしてください。"),
                );
                continue;
            }
            // A row copied from another plan keeps that plan's id: the id and the row then
            // name two plans, and the opinion is filed under the row's.
            // Named as messages name plans (「1」, 「1-1」); an id naming no plan as written.
            let other = match id_names(plans, &id) {
                Some(p) => (p.number != plan.number).then(|| p.number_text()),
                None => id_plan(&id).map(str::to_string),
            };
            if let Some(other) = other {
                push(
                    Diagnostic::warning(
                        "committee-opinion-id-plan",
                        format!(
                            "意見番号「{id}」はアクションプラン{other}の番号ですが、アクションプラン{}の行にあります。この行のプランの意見として読み込みました。",
                            plan.number_text()
                        ),
                    )
                    .at(id_at.clone())
                    .plan_as(plan.number, plan.own_id())
                    .field(labels::OPINION_ID)
                    .hint("意見番号か行のアクションプランのどちらが正しいか確認してください。"),
                );
            }
            ids.insert((year, key(&id)), id_at);
            entry.opinions.push(CommitteeOpinion {
                id,
                text: opinion,
                member: text_of(row.member.as_ref()),
                at: opinion_cell.at.clone(),
            });
        }
    }
    entries
        .into_values()
        .filter(|e| e.grade.is_some() || !e.opinions.is_empty())
        .collect()
}

/// A department's response to one of the year before's committee opinions.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OpinionResponse {
    /// Plan number (of the form that answers; the opinion's plan).
    pub plan: u32,
    /// The year of the form that answers: the opinion is of the year before.
    pub year: FiscalYear,
    /// 意見番号.
    pub id: String,
    /// The opinion as the form printed it: the book's text where the year before's review
    /// is not in the input.
    pub opinion: String,
    /// 対応状況, one of [`labels::RESPONSE_STATUSES`] as printed; `None` while not chosen.
    pub status: Option<String>,
    /// 対応内容.
    pub text: String,
    /// The cell of the 対応状況.
    pub at: Source,
}

/// A form's response table, with the plan and year validation told for its sheet.
pub(super) struct Responding<'s> {
    pub plan: u32,
    pub year: FiscalYear,
    pub sheet: &'s Source,
    pub rows: &'s [crate::intake::ResponseRow],
}

/// The year of the review an opinion id names by its prefix (「R4-⑫-1」 → 2022), looked for
/// among the ten years up to `reviewed`.
fn id_year(id: &str, reviewed: FiscalYear) -> Option<FiscalYear> {
    let prefix = key(id.split('-').next()?);
    (reviewed - 10..=reviewed)
        .rev()
        .find(|y| key(&crate::text::wareki::fiscal_year_short(*y)) == prefix)
}

/// The 対応状況 a typed text means, as the list prints it.
fn response_status(typed: &str) -> Option<&'static str> {
    labels::RESPONSE_STATUSES
        .iter()
        .find(|s| key(s) == key(typed))
        .copied()
}

/// Checks the forms' responses against the year before's review: every id one of its
/// opinions on the form's plan, answered once, with a 対応状況 from the list and a 対応内容
/// where the opinion is acted on. Without that review in the input the ids cannot be
/// checked: one warning per sheet, and the opinion is taken as the form printed it.
pub(super) fn check_responses(
    plans: &PlanSet,
    committee: &[CommitteeEntry],
    forms: &[Responding<'_>],
    push: &mut dyn FnMut(Diagnostic),
) -> Vec<OpinionResponse> {
    let mut out = Vec::new();
    let mut first: BTreeMap<(FiscalYear, String), Source> = BTreeMap::new();
    let statuses = labels::RESPONSE_STATUSES.join("・");
    for form in forms {
        let Some(plan) = plans.plans.iter().find(|p| p.number == form.plan) else {
            continue;
        };
        let reviewed = form.year - 1;
        let review: Vec<&CommitteeEntry> =
            committee.iter().filter(|e| e.year == reviewed).collect();
        // An opinion still open after a year is printed again on the next year's form
        // (`pipeline::prior_review`): its id is of an earlier review.
        let earlier: Vec<&CommitteeEntry> =
            committee.iter().filter(|e| e.year < reviewed).collect();
        let year_label = crate::text::wareki::fiscal_year_short(reviewed);
        if review.is_empty() {
            push(
                Diagnostic::warning(
                    "response-review-missing",
                    format!(
                        "前年度（{reviewed}年度）の委員会評価シートが入力フォルダにないため、意見番号を確かめられません。様式に印刷された意見をそのまま使います。"
                    ),
                )
                .at(form.sheet.clone())
                .plan_as(plan.number, plan.own_id())
                .field(labels::OPINION_ID)
                .hint("記入済みの委員会評価シートを入力フォルダに置いてください。"),
            );
        }
        for row in form.rows {
            // Every finding of a row is about its opinion id, in this plan's sheet.
            let on_id = |d: Diagnostic| {
                d.at(row.id.at.clone())
                    .plan_as(plan.number, plan.own_id())
                    .field(labels::OPINION_ID)
            };
            let id = row.id.value.as_text().trim().to_string();
            let status_text = row.status.value.as_text().trim().to_string();
            let text = row.text.value.as_text().trim().to_string();
            let opinion_text = text_of(row.opinion.as_ref());
            if id.is_empty() {
                if !status_text.is_empty() || !text.is_empty() {
                    push(
                        on_id(Diagnostic::error(
                            "response-id-missing",
                            "前年度の委員会意見への対応に意見番号がありません。",
                        ))
                        .hint(format!(
                            "様式に印刷された意見番号（「{year_label}-{}-1」のような番号）を消さずに、その行に記入してください。",
                            plan.display_id()
                        )),
                    );
                }
                continue;
            }
            // The opinion in the year before's review, when that review is in the input.
            let mut opinion = opinion_text;
            // The review the id names: the year before's, or an earlier one for an opinion
            // carried forward; an earlier review not in the input is taken as printed, as
            // the year before's is when it is missing.
            let of_year = id_year(&id, reviewed);
            let from = match of_year {
                Some(y) if y < reviewed => {
                    earlier.iter().copied().filter(|e| e.year == y).collect()
                }
                _ => review.clone(),
            };
            if let Some(y) = of_year.filter(|y| *y < reviewed && from.is_empty()) {
                push(
                    on_id(Diagnostic::warning(
                        "response-review-missing",
                        format!(
                            "意見番号「{id}」は{y}年度の委員会意見ですが、その年度の委員会評価シートが入力フォルダにないため、意見番号を確かめられません。様式に印刷された意見をそのまま使います。"
                        ),
                    ))
                    .hint("記入済みの委員会評価シートを入力フォルダに置いてください。"),
                );
            }
            if !from.is_empty() {
                let found = from.iter().find_map(|e| {
                    e.opinions
                        .iter()
                        .find(|o| key(&o.id) == key(&id))
                        .map(|o| (e.plan, o))
                });
                match found {
                    None => {
                        push(
                            on_id(Diagnostic::error(
                                "response-id-unknown",
                                format!(
                                    "意見番号「{id}」は{}年度の委員会意見にありません。この行の対応は読み込みませんでした。",
                                    of_year.filter(|y| *y < reviewed).unwrap_or(reviewed)
                                ),
                            ))
                            .hint("様式に印刷された意見番号を書き換えていないか確認してください（hyoka forms で作り直すと正しい番号が入ります）。"),
                        );
                        continue;
                    }
                    Some((other, _)) if other != plan.number => {
                        let other = plans
                            .plans
                            .iter()
                            .find(|p| p.number == other)
                            .map_or_else(|| other.to_string(), Plan::number_text);
                        push(
                            on_id(Diagnostic::error(
                                "response-id-other-plan",
                                format!(
                                    "意見番号「{id}」はアクションプラン{other}への委員会意見ですが、アクションプラン{}のシートで対応が書かれています。この行の対応は読み込みませんでした。",
                                    plan.number_text()
                                ),
                            ))
                            .hint(format!(
                                "アクションプラン{other}のシートに書き移してください。"
                            )),
                        );
                        continue;
                    }
                    Some((_, o)) => opinion = o.text.clone(),
                }
            }
            if let Some(earlier) = first.get(&(form.year, key(&id))) {
                push(
                    on_id(Diagnostic::error(
                        "response-duplicate",
                        format!(
                            "意見番号「{id}」への対応が2回書かれています（先の記入: {earlier}）。先の記入を使います。"
                        ),
                    ))
                    .hint("どちらか一方の行を消してください。"),
                );
                continue;
            }
            first.insert((form.year, key(&id)), row.id.at.clone());
            let status = if status_text.is_empty() {
                if !text.is_empty() {
                    push(
                        Diagnostic::error(
                            "response-status-missing",
                            format!("意見番号「{id}」の対応内容がありますが、対応状況が選ばれていません。"),
                        )
                        .at(row.status.at.clone())
                        .plan_as(plan.number, plan.own_id())
                        .field(labels::RESPONSE_STATUS)
                        .hint(format!("対応状況を一覧（{statuses}）から選んでください。")),
                    );
                }
                None
            } else {
                match response_status(&status_text) {
                    Some(s) => Some(s.to_string()),
                    None => {
                        push(
                            Diagnostic::error(
                                "response-status-unknown",
                                format!(
                                    "意見番号「{id}」の対応状況「{status_text}」は一覧（{statuses}）にありません。"
                                ),
                            )
                            .at(row.status.at.clone())
                            .plan_as(plan.number, plan.own_id())
                            .field(labels::RESPONSE_STATUS)
                            .hint("一覧から選んでください。"),
                        );
                        None
                    }
                }
            };
            // 対応済・対応中 say that something was done: what, the book must print.
            if text.is_empty()
                && status
                    .as_deref()
                    .is_some_and(|s| labels::RESPONSE_STATUSES[..2].contains(&s))
            {
                push(
                    Diagnostic::error(
                        "response-text-missing",
                        format!(
                            "意見番号「{id}」の対応状況が「{}」ですが、対応内容が書かれていません。",
                            status.as_deref().unwrap_or_default()
                        ),
                    )
                    .at(row.text.at.clone())
                    .plan_as(plan.number, plan.own_id())
                    .field(labels::RESPONSE_TEXT)
                    .hint("行った対応、または進めている対応を書いてください。"),
                );
            }
            out.push(OpinionResponse {
                plan: plan.number,
                year: form.year,
                id,
                opinion,
                status,
                text,
                at: row.status.at.clone(),
            });
        }
    }
    out
}
