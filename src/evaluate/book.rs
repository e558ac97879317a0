//! Assembly of the `Book`: cover facts, 評価の方法, 総括, 一覧, plan pages and diagnostics.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::target::{self, Outcome, Verdict};
use super::{Ledger, PlanEvaluation, book_date, grade, history, outlook, period, summary};
use crate::book::{
    Book, BookMeta, Cite, CommitteeReview, FigureCites, FollowUp, IndicatorResult, KindMethod,
    ListRow, Method, Opinion, OpinionFollowUp, PageCites, PlanFollowUp, PlanPage, PlanReview,
    PlanStatus, ResponseStatus, SourceFile, Wording,
};
use crate::diag::{Diagnostic, Source};
use crate::plan::{AGREEMENT_MARKS, CommitteeGrading, Indicator, Plan, PlanRule, PlanSet};
use crate::text::number::{RATE_DECIMALS, circled, number, percent};
use crate::text::wareki::fiscal_year_label;
use crate::validate::Validated;
use crate::values::{FiscalYear, Number};

/// The rounding rule, as printed in 評価の方法.
pub(crate) const ROUNDING_RULE: &str = "達成率は小数第2位を四捨五入して小数第1位まで表示し、評価はこの表示された達成率により判定します。\
     達成率に上限は設けていません。構成比は小数第2位を四捨五入しているため、合計が100%にならない場合があります。";

/// 端数処理 as printed: the rate's rule, then the computed targets' (one rule, in `plan`).
fn rounding_rule() -> String {
    format!("{ROUNDING_RULE}{}", crate::plan::target::DERIVED_RULE)
}

/// The files the book cites, each once, with their SHA-256: turns a [`Source`] into a
/// [`Cite`] of a few numbers.
pub(crate) struct Sources<'a> {
    digests: &'a BTreeMap<String, String>,
    plan_file: Option<&'a (String, String)>,
    files: Vec<SourceFile>,
    index: BTreeMap<String, u32>,
}

impl<'a> Sources<'a> {
    pub(crate) fn new(plans: &'a PlanSet, validated: &'a Validated) -> Self {
        Sources {
            digests: &validated.digests,
            plan_file: plans.source_file.as_ref(),
            files: Vec::new(),
            index: BTreeMap::new(),
        }
    }

    fn file(&mut self, path: &str, sha256: Option<&str>) -> u32 {
        if let Some(&i) = self.index.get(path) {
            return i;
        }
        let i = u32::try_from(self.files.len()).unwrap_or(u32::MAX);
        let sha256 = sha256
            .or_else(|| self.digests.get(path).map(String::as_str))
            .unwrap_or_default()
            .to_string();
        self.files.push(SourceFile {
            path: path.to_string(),
            sha256,
            sheets: Vec::new(),
        });
        self.index.insert(path.to_string(), i);
        i
    }

    /// The cite of a place read from the input.
    pub(crate) fn cite(&mut self, source: &Source) -> Cite {
        let file = self.file(&source.file, None);
        let sheets = &mut self.files[file as usize].sheets;
        let sheet = source.sheet.as_ref().map(|name| {
            let at = sheets.iter().position(|s| s == name).unwrap_or_else(|| {
                sheets.push(name.clone());
                sheets.len() - 1
            });
            u32::try_from(at).unwrap_or(u32::MAX)
        });
        Cite {
            file,
            sheet,
            cell: source.cell.clone(),
        }
    }

    /// The cite of the plan file, for what its definition gives (targets, 基準値).
    fn plan_file(&mut self) -> Option<Cite> {
        let (path, sha256) = self.plan_file?;
        Some(Cite {
            file: self.file(path, Some(sha256)),
            sheet: None,
            cell: None,
        })
    }

    /// Where one indicator's figures of one year were read: the actual's cell, the basis's
    /// cell (or the plan file for a 基準値), and the target's (the basis's when computed from
    /// a reported figure, else the plan file).
    pub(crate) fn figures(&mut self, outcome: &Outcome, actual_at: Option<&Source>) -> FigureCites {
        let actual = outcome.actual.and(actual_at).map(|at| self.cite(at));
        let basis = match (&outcome.basis, &outcome.basis_at) {
            (None, _) => None,
            (Some(_), Some(at)) => Some(self.cite(at)),
            (Some(_), None) => self.plan_file(),
        };
        let target = match outcome.target {
            None => None,
            Some(_) if outcome.target_from_basis => basis.clone(),
            Some(_) => self.plan_file(),
        };
        FigureCites {
            target,
            actual,
            basis,
        }
    }

    pub(crate) fn into_files(self) -> Vec<SourceFile> {
        self.files
    }
}

/// A value of an indicator, printed with the plan's decimals or more when it needs them.
pub(crate) fn value_number(value: Decimal, plan_decimals: u32) -> Number {
    number(value, target::print_decimals(value, plan_decimals))
}

/// The printed 達成率 of a verdict, if it has one.
pub(crate) fn rate_number(verdict: &Verdict) -> Option<Number> {
    match verdict {
        Verdict::Rate(r) => Some(percent(*r, RATE_DECIMALS)),
        Verdict::Achieved | Verdict::Missed | Verdict::NotEvaluable => None,
    }
}

fn policy_label(plans: &PlanSet, plan: &Plan) -> String {
    plans
        .focus_areas
        .iter()
        .find(|f| f.id == plan.focus_area)
        .and_then(|f| plans.policies.iter().find(|p| p.id == f.policy))
        .map(|p| format!("{} {}", p.id, p.title))
        .unwrap_or_default()
}

fn focus_area_label(plans: &PlanSet, plan: &Plan) -> String {
    plans
        .focus_areas
        .iter()
        .find(|f| f.id == plan.focus_area)
        .map(|f| format!("({}) {}", f.id, f.title))
        .unwrap_or_default()
}

fn period_text(plan: &Plan) -> String {
    match &plan.period_note {
        Some(note) if !note.is_empty() => format!("{}\n{}", plan.period_text, note),
        _ => plan.period_text.clone(),
    }
}

/// One indicator's result row.
fn indicator_result(
    plans: &PlanSet,
    indicator: &Indicator,
    evaluation: &PlanEvaluation<'_>,
    k: usize,
    sources: &mut Sources<'_>,
) -> IndicatorResult {
    let outcome: Option<&Outcome> = evaluation.outcomes.get(k);
    let g = evaluation.grades.get(k).copied().flatten();
    let num = |v: Option<Decimal>, o: &Outcome| v.map(|v| value_number(v, o.decimals));
    let note = match evaluation.status {
        PlanStatus::OutOfPeriod => Some("取組期間外のため評価対象外".to_string()),
        PlanStatus::NotSubmitted => Some("未提出".to_string()),
        PlanStatus::Evaluated | PlanStatus::NeedsReview => outcome.and_then(|o| o.note.clone()),
    };
    IndicatorResult {
        key: indicator.key.clone(),
        label: indicator.label.clone(),
        unit: indicator.unit.clone(),
        target: outcome.and_then(|o| num(o.target, o)),
        final_target: outcome
            .filter(|o| o.final_target != o.target)
            .and_then(|o| num(o.final_target, o)),
        actual: outcome.and_then(|o| num(o.actual, o)),
        basis: outcome.and_then(|o| o.basis.as_ref().map(|(v, _)| value_number(*v, o.decimals))),
        basis_label: outcome.and_then(|o| o.basis.as_ref().map(|(_, l)| l.clone())),
        rate: outcome.and_then(|o| rate_number(&o.verdict)),
        grade: grade::book_grade(g),
        note,
        revision: revision_result(plans, indicator, outcome),
        choices: choices_of(indicator),
        cites: outcome
            .map(|o| sources.figures(o, evaluation.input_at(&indicator.key)))
            .unwrap_or_default(),
    }
}

/// The answers of an indicator judged by a choice, from its target or a revised one.
pub(crate) fn choices_of(indicator: &Indicator) -> Vec<String> {
    std::iter::once(&indicator.target)
        .chain(indicator.revisions.iter().map(|r| &r.target))
        .map(|t| t.choices())
        .find(|c| !c.is_empty())
        .unwrap_or_default()
}

/// The revision in force in the evaluated year, with the figures against the original target.
fn revision_result(
    plans: &PlanSet,
    indicator: &Indicator,
    outcome: Option<&Outcome>,
) -> Option<crate::book::RevisionResult> {
    let outcome = outcome?;
    let (from, target, verdict) = outcome.original.as_ref()?;
    let revision = indicator.revisions.iter().find(|r| r.from == *from)?;
    let decided = [revision.decided.trim(), revision.decided_by.trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Some(crate::book::RevisionResult {
        from: revision.from,
        original_text: indicator.text.clone(),
        revised_text: revision.text.clone(),
        reason: revision.reason.clone(),
        decided,
        original_target: target.map(|v| value_number(v, outcome.decimals)),
        original_rate: rate_number(verdict),
        original_grade: grade::book_grade(grade::indicator_grade(&plans.grading, verdict)),
    })
}

/// The 算定方法 of every kind that occurs, in a fixed order, with the plans using it.
fn kind_methods(plans: &PlanSet) -> Vec<KindMethod> {
    // Targets judged 達成/未達成 get the grades the scale maps them to.
    let achieved = grade::indicator_grade(&plans.grading, &Verdict::Achieved);
    let best = grade::mark(&plans.grading, achieved);
    let worst = grade::mark(
        &plans.grading,
        grade::indicator_grade(&plans.grading, &Verdict::Missed),
    );
    let best_label = achieved
        .and_then(|i| plans.grading.grades.get(i))
        .map(|g| g.label.clone())
        .unwrap_or_default();
    // Up to two examples per kind, from the plan's own indicators in plan order.
    let mut examples: BTreeMap<u8, Vec<String>> = BTreeMap::new();
    for indicator in plans.plans.iter().flat_map(|p| &p.indicators) {
        let found = examples
            .entry(target::kind_order(&indicator.target))
            .or_default();
        if let Some(e) = target::kind_example(indicator)
            && found.len() < 2
            && !found.contains(&e)
        {
            found.push(e);
        }
    }
    let mut kinds: BTreeMap<u8, KindMethod> = BTreeMap::new();
    for plan in &plans.plans {
        for indicator in &plan.indicators {
            let order = target::kind_order(&indicator.target);
            let entry = kinds.entry(order).or_insert_with(|| KindMethod {
                name: target::kind_name(&indicator.target).to_string(),
                description: target::kind_description(
                    &indicator.target,
                    examples.get(&order).map_or(&[][..], Vec::as_slice),
                    &best,
                    &best_label,
                    &worst,
                ),
                plans: Vec::new(),
            });
            let mark = plan.display_id();
            if !entry.plans.contains(&mark) {
                entry.plans.push(mark);
            }
        }
    }
    kinds.into_values().collect()
}

fn plan_rule_text(rule: PlanRule) -> String {
    match rule {
        PlanRule::Lowest => {
            "アクションプランの評価は、評価できた指標の評価のうち最も低いものとします\
                             （指標が一つの場合はその指標の評価）。"
                .to_string()
        }
    }
}

/// Diagnostics of evaluation for the report year: problems of indicators of submitted plans,
/// a 自己評価 two or more grades away from the computed one, duplicate records.
fn evaluation_diagnostics(
    plans: &PlanSet,
    ledger: &Ledger<'_>,
    year: FiscalYear,
    current: &[PlanEvaluation<'_>],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for e in current {
        let Some(record) = e.record else { continue };
        if e.status == PlanStatus::OutOfPeriod {
            continue;
        }
        let mark = e.plan.display_id();
        for (indicator, outcome) in e.plan.indicators.iter().zip(&e.outcomes) {
            let at = record
                .indicators
                .iter()
                .find(|i| i.key == indicator.key)
                .and_then(|i| i.at.clone())
                .unwrap_or_else(|| record.source.clone());
            for p in &outcome.problems {
                let mut d = Diagnostic::warning(
                    p.code,
                    format!(
                        "{mark}{}「{}」: {}",
                        e.plan.name, indicator.label, p.message
                    ),
                )
                .plan_as(e.plan.number, e.plan.own_id())
                .field(indicator.label.clone())
                .at(at.clone());
                if let Some(h) = &p.hint {
                    d = d.hint(h.clone());
                }
                out.push(d);
            }
        }
        let own = record
            .self_grade
            .as_deref()
            .and_then(|m| grade::index_of(&plans.grading, m));
        if let (Some(own), Some(computed)) = (own, e.grade)
            && own.abs_diff(computed) >= 2
        {
            out.push(
                Diagnostic::warning(
                    "eval-self-grade-differs",
                    format!(
                        "{mark}{}: 自己評価 {} が算定した評価 {} と2段階以上離れています",
                        e.plan.name,
                        grade::mark(&plans.grading, Some(own)),
                        grade::mark(&plans.grading, Some(computed)),
                    ),
                )
                .plan_as(e.plan.number, e.plan.own_id())
                .field("自己評価")
                .at(record.source.clone())
                .hint("実績値と自己評価を確認してください"),
            );
        }
    }
    for r in ledger.duplicates.iter().filter(|r| r.year == year) {
        out.push(
            Diagnostic::warning(
                "eval-duplicate-record",
                format!(
                    "{}の報告が{}に複数あります。最初のものを使い、これは使いません",
                    plans
                        .plans
                        .iter()
                        .find(|p| p.number == r.plan)
                        .map_or_else(|| circled(r.plan), Plan::display_id),
                    fiscal_year_label(year)
                ),
            )
            .plan(r.plan)
            .at(r.source.clone()),
        );
    }
    out
}

/// 目標の読み方, one line each: an indicator's reading with its label when the plan has
/// several. What the readings of all indicators begin with alike is said once, before what
/// each adds: ⑭'s 「電気と灯油それぞれについて、…目標とする（電気1,292,000kWh以下）。」 and
/// 「…（灯油44,935L以下）。」 print the shared sentence once and each indicator's figure.
fn interpretation_lines(readings: &[(&str, &str)], many: bool) -> Vec<String> {
    let labelled = |label: &str, text: &str| {
        if many {
            format!("{label}: {text}")
        } else {
            text.to_string()
        }
    };
    let shared = shared_beginning(readings.iter().map(|(_, t)| *t));
    match shared {
        Some(at) if readings.len() > 1 => {
            let head = readings[0].1[..at].trim_end_matches('、');
            let mut lines = vec![if head.ends_with('。') {
                head.to_string()
            } else {
                format!("{head}。")
            }];
            for (label, text) in readings {
                let rest = own_part(&text[at..]);
                if !rest.is_empty() {
                    lines.push(labelled(label, &rest));
                }
            }
            lines
        }
        _ => readings.iter().map(|(l, t)| labelled(l, t)).collect(),
    }
}

/// The byte length of the beginning all `texts` share, cut where a reader can stop: after a
/// sentence (「。」) or a clause (「、」), or before a parenthesis; `None` when fewer than two
/// texts or the shared part is too short to be worth saying once (under ten characters).
fn shared_beginning<'t>(texts: impl Iterator<Item = &'t str> + Clone) -> Option<usize> {
    let first = texts.clone().next()?;
    if texts.clone().count() < 2 {
        return None;
    }
    let common = texts.fold(first.len(), |len, t| {
        first[..len]
            .char_indices()
            .zip(t.chars())
            .find(|((_, a), b)| a != b)
            .map_or(len.min(t.len()), |((i, _), _)| i)
    });
    let cut = first[..common]
        .char_indices()
        .filter(|(i, c)| {
            matches!(c, '。' | '、') || (*c == '（' && *i > 0) || (*i + c.len_utf8() == common)
        })
        .map(|(i, c)| if c == '（' { i } else { i + c.len_utf8() })
        .rfind(|&end| {
            end == first.len()
                || first[..end].ends_with(['。', '、'])
                || first[end..].starts_with('（')
        })?;
    (first[..cut].chars().count() >= 10).then_some(cut)
}

/// What a reading adds after the shared beginning, without the parenthesis around it:
/// 「（灯油44,935L以下）。」 → 「灯油44,935L以下」.
fn own_part(rest: &str) -> String {
    let rest = rest.trim();
    if let Some(inner) = rest.strip_prefix('（')
        && let Some(close) = inner.find('）')
        && inner[close + '）'.len_utf8()..]
            .trim_start_matches('。')
            .is_empty()
    {
        return inner[..close].to_string();
    }
    rest.trim_end_matches('。').to_string()
}

/// The page of one plan; `index` is its position in plan order (the same in every year).
fn plan_page(
    plans: &PlanSet,
    e: &PlanEvaluation<'_>,
    index: usize,
    previous: Option<&[PlanEvaluation<'_>]>,
    years: &BTreeMap<FiscalYear, Vec<PlanEvaluation<'_>>>,
    sources: &mut Sources<'_>,
) -> PlanPage {
    let plan = e.plan;
    let many = plan.indicators.len() > 1;
    let general_plan: Vec<String> = [
        plan.general_plan.policies.join("\n"),
        plan.general_plan.text.clone(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect();
    PlanPage {
        number: plan.number,
        mark: plan.display_id(),
        name: plan.name.clone(),
        department: plan.department.clone(),
        policy: policy_label(plans, plan),
        focus_area: focus_area_label(plans, plan),
        period: period_text(plan),
        target_text: plan.target_text.clone(),
        actions: plan.actions.clone(),
        effects: plan.effects.clone(),
        general_plan: general_plan.join("\n"),
        interpretations: interpretation_lines(
            &plan
                .indicators
                .iter()
                .filter_map(|i| Some((i.label.as_str(), i.interpretation.as_deref()?)))
                .collect::<Vec<_>>(),
            many,
        ),
        status: e.status,
        results: plan
            .indicators
            .iter()
            .enumerate()
            .map(|(k, ind)| indicator_result(plans, ind, e, k, sources))
            .collect(),
        grade: grade::book_grade(e.grade),
        self_grade: e
            .record
            .and_then(|r| r.self_grade.clone())
            .unwrap_or_default(),
        previous_grade: previous.map(|p| grade::book_grade(p.get(index).and_then(|pe| pe.grade))),
        history: history::plan_history(plans, index, years, sources),
        achievements: e.record.map(|r| r.achievements.clone()).unwrap_or_default(),
        issues: e.record.map(|r| r.issues.clone()).unwrap_or_default(),
        direction: e.record.map(|r| r.direction.clone()).unwrap_or_default(),
        source: e.record.map(|r| r.source.to_string()),
        cites: e.record.map_or_else(PageCites::default, |r| {
            let mut cite = |at: &Option<Source>| at.as_ref().map(|at| sources.cite(at));
            PageCites {
                self_grade: cite(&r.cells.self_grade),
                achievements: cite(&r.cells.achievements),
                issues: cite(&r.cells.issues),
                direction: cite(&r.cells.direction),
                sheet: Some(sources.cite(&r.source)),
            }
        }),
    }
}

/// The 一覧 rows of one plan: one per indicator (one empty row for a plan without any).
fn list_rows(plan: &Plan, page: &PlanPage) -> Vec<ListRow> {
    let results = if page.results.is_empty() {
        vec![IndicatorResult {
            key: String::new(),
            label: String::new(),
            unit: String::new(),
            target: None,
            final_target: None,
            actual: None,
            basis: None,
            basis_label: None,
            rate: None,
            grade: page.grade,
            note: None,
            revision: None,
            choices: Vec::new(),
            cites: FigureCites::default(),
        }]
    } else {
        page.results.clone()
    };
    let rows = u32::try_from(results.len()).unwrap_or(u32::MAX);
    results
        .into_iter()
        .enumerate()
        .map(|(k, result)| ListRow {
            policy: page.policy.clone(),
            focus_area: page.focus_area.clone(),
            plan: plan.number,
            plan_name: format!("{}{}", page.mark, plan.name),
            department: plan.department.clone(),
            period: plan.period_text.clone(),
            indicator: plan
                .indicators
                .get(k)
                .map(|i| i.text.clone())
                .unwrap_or_default(),
            result,
            plan_grade: page.grade,
            self_grade: page.self_grade.clone(),
            first_of_plan: k == 0,
            plan_rows: rows,
        })
        .collect()
}

/// Puts the book together from the evaluations of every year up to `year`.
pub(crate) fn assemble(
    plans: &PlanSet,
    validated: &Validated,
    ledger: &Ledger<'_>,
    year: FiscalYear,
    years: &BTreeMap<FiscalYear, Vec<PlanEvaluation<'_>>>,
) -> Book {
    let empty = Vec::new();
    let current = years.get(&year).unwrap_or(&empty);
    let previous = years
        .get(&(year - 1))
        .filter(|_| ledger.has_year(year - 1))
        .map(Vec::as_slice);
    let meta = BookMeta {
        outline_title: plans.outline.title.clone(),
        city: plans.outline.city.clone(),
        committee: plans.outline.committee.clone(),
        philosophy: plans.outline.philosophy.clone(),
        year,
        date: book_date(year),
        sample: validated.records.iter().any(|r| r.year == year && r.sample),
        history_years: years.keys().copied().collect(),
        book_title: plans.vocabulary.book_title(&plans.outline.title),
        vocabulary: plans.vocabulary.clone(),
    };
    let method = Method {
        scale: grade::scale_rows(&plans.grading),
        rounding: rounding_rule(),
        plan_rule: plan_rule_text(plans.grading.plan_rule),
        kinds: kind_methods(plans),
    };
    let mut sources = Sources::new(plans, validated);
    let pages: Vec<PlanPage> = current
        .iter()
        .enumerate()
        .map(|(index, e)| plan_page(plans, e, index, previous, years, &mut sources))
        .collect();
    let list = current
        .iter()
        .zip(&pages)
        .flat_map(|(e, page)| list_rows(e.plan, page))
        .collect();
    let mut diagnostics = validated.diagnostics.clone();
    diagnostics.extend(evaluation_diagnostics(plans, ledger, year, current));
    let committee = committee_review(plans, validated, year, &pages);
    let follow_up = follow_up(plans, validated, year);
    Book {
        meta,
        wording: Wording::default(),
        method,
        summary: summary::summarize(plans, current, previous),
        list,
        plans: pages,
        diagnostics,
        committee,
        follow_up,
        outlook: outlook::outlook(plans, ledger, year),
        final_evaluation: (year == plans.outline.period.end)
            .then(|| period::final_evaluation(plans, ledger, year, years)),
        sources: sources.into_files(),
    }
}

/// The year before's opinions with the responses given in `year`'s forms: every opinion of
/// that review (answered or not), then any response to an opinion the input has no review
/// for (taken as the form printed it). `None` when there is neither.
fn follow_up(plans: &PlanSet, validated: &Validated, year: FiscalYear) -> Option<FollowUp> {
    let reviewed = year - 1;
    let responses: Vec<_> = validated
        .responses
        .iter()
        .filter(|r| r.year == year)
        .collect();
    let answer = |plan: u32, id: &str| responses.iter().find(|r| r.plan == plan && r.id == id);
    let mut by_plan: BTreeMap<u32, Vec<OpinionFollowUp>> = BTreeMap::new();
    for entry in validated.committee.iter().filter(|e| e.year == reviewed) {
        for o in &entry.opinions {
            let r = answer(entry.plan, &o.id);
            by_plan
                .entry(entry.plan)
                .or_default()
                .push(OpinionFollowUp {
                    id: o.id.clone(),
                    opinion: o.text.clone(),
                    member: o.member.clone(),
                    status: r
                        .and_then(|r| r.status.as_deref().and_then(ResponseStatus::from_label)),
                    response: r.map(|r| r.text.clone()).unwrap_or_default(),
                    source: r.map(|r| r.at.clone()),
                });
        }
    }
    for r in &responses {
        let items = by_plan.entry(r.plan).or_default();
        if items.iter().any(|i| i.id == r.id) {
            continue;
        }
        items.push(OpinionFollowUp {
            id: r.id.clone(),
            opinion: r.opinion.clone(),
            member: String::new(),
            status: r.status.as_deref().and_then(ResponseStatus::from_label),
            response: r.text.clone(),
            source: Some(r.at.clone()),
        });
    }
    let plans_out: Vec<PlanFollowUp> = by_plan
        .into_iter()
        .filter(|(_, items)| !items.is_empty())
        .map(|(plan, items)| PlanFollowUp {
            plan,
            mark: plans
                .plans
                .iter()
                .find(|p| p.number == plan)
                .map_or_else(|| circled(plan), Plan::display_id),
            items,
        })
        .collect();
    (!plans_out.is_empty()).then_some(FollowUp {
        year: reviewed,
        plans: plans_out,
    })
}

/// The committee's review of `year`, beside the computed grades; `None` when no review of
/// that year was read.
fn committee_review(
    plans: &PlanSet,
    validated: &Validated,
    year: FiscalYear,
    pages: &[PlanPage],
) -> Option<CommitteeReview> {
    let agreement = plans.grading.committee == CommitteeGrading::Agreement;
    let reviews: Vec<PlanReview> = validated
        .committee
        .iter()
        .filter(|e| e.year == year)
        .map(|e| {
            let computed = pages
                .iter()
                .find(|p| p.number == e.plan)
                .and_then(|p| p.grade);
            let differs = match &e.grade {
                None => false,
                Some(g) if agreement => g != AGREEMENT_MARKS[0],
                Some(g) => *g != grade::mark(&plans.grading, computed.map(|c| usize::from(c.0))),
            };
            PlanReview {
                plan: e.plan,
                mark: circled(e.plan),
                computed,
                grade: e.grade.clone(),
                grade_source: e.grade_at.clone(),
                differs,
                opinions: e
                    .opinions
                    .iter()
                    .map(|o| Opinion {
                        id: o.id.clone(),
                        text: o.text.clone(),
                        member: o.member.clone(),
                        source: o.at.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    if reviews.is_empty() {
        return None;
    }
    Some(CommitteeReview {
        differing: reviews.iter().filter(|r| r.differs).count() as u32,
        graded: reviews.iter().filter(|r| r.grade.is_some()).count() as u32,
        plans: reviews,
        agreement,
    })
}

#[cfg(test)]
mod tests {
    use super::interpretation_lines;

    #[test]
    fn a_shared_reading_is_said_once() {
        let lines = interpretation_lines(
            &[
                (
                    "電気",
                    "電気と灯油それぞれについて、使用量から5%減を目標とする（電気1,292,000kWh以下）。",
                ),
                (
                    "灯油",
                    "電気と灯油それぞれについて、使用量から5%減を目標とする（灯油44,935L以下）。",
                ),
            ],
            true,
        );
        assert_eq!(
            lines,
            [
                "電気と灯油それぞれについて、使用量から5%減を目標とする。",
                "電気: 電気1,292,000kWh以下",
                "灯油: 灯油44,935L以下",
            ]
        );
        // Readings that share only a word stay whole.
        let lines = interpretation_lines(
            &[
                ("満足度", "基準値がないため、各年度80%以上を目標とする。"),
                (
                    "申込者",
                    "毎年度、受講申込者数が前年度から10%増えることを目標とする。",
                ),
            ],
            true,
        );
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("満足度: 基準値"));
        // Identical readings are one line.
        let same = "各年度の数値を上限とする。";
        let lines = interpretation_lines(&[("a", same), ("b", same)], true);
        assert_eq!(lines, [same]);
        // One indicator: its reading, no label.
        assert_eq!(interpretation_lines(&[("a", same)], false), [same]);
    }
}
