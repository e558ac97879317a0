//! Checks of meaning: what TOML and serde cannot see (unknown 担当課, periods, duplicates),
//! and the inconsistencies of the outline itself that the model can detect (as warnings).

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use super::load::{Locator, Parts, SpanIndex};
use super::{
    Baseline, Direction, Indicator, MAX_DECIMALS, Outline, Period, Plan, Target, circled_number,
};
use crate::diag::{Diagnostic, Source};

/// Lints the parts that could be read; returns errors and warnings together.
pub(super) fn lint(parts: &Parts, spans: &SpanIndex, locator: &Locator<'_>) -> Vec<Diagnostic> {
    let mut linter = Linter {
        spans,
        locator,
        found: Vec::new(),
    };
    if let Some(outline) = &parts.outline {
        linter.outline(outline);
    }
    if let Some(grading) = &parts.grading {
        linter.grading(grading);
    }
    linter.policies_and_focus_areas(parts);
    linter.plans(parts);
    linter.found
}

struct Linter<'a, 'l> {
    spans: &'a SpanIndex,
    locator: &'a Locator<'l>,
    found: Vec<Diagnostic>,
}

/// Prints a number as the outline does: no trailing zeros.
fn num(value: Decimal) -> String {
    value.normalize().to_string()
}

fn plan_title(plan: &Plan) -> String {
    format!("{}{}", plan.display_id(), plan.name)
}

fn is_worse(direction: Direction, target: Decimal, baseline: Decimal) -> bool {
    match direction {
        Direction::Higher => target < baseline,
        Direction::Lower => target > baseline,
    }
}

impl Linter<'_, '_> {
    fn at(&self, path: &str) -> Source {
        self.locator.at(self.spans.offset(path))
    }

    fn push(&mut self, diagnostic: Diagnostic, path: &str) {
        let d = diagnostic.at(self.at(path));
        self.found.push(d);
    }

    /// A diagnostic about a field outside the plans: `path` is both the field it names and
    /// the place in the file it points to.
    fn push_field(&mut self, diagnostic: Diagnostic, path: &str) {
        self.push(diagnostic.field(path), path);
    }

    /// A diagnostic about a plan: `field` is relative to the plan.
    fn push_plan(&mut self, d: Diagnostic, index: usize, plan: &Plan, field: &str) {
        let path = format!("plans[{index}].{field}");
        let d = d.plan_as(plan.number, plan.own_id()).field(field);
        self.push(d, &path);
    }

    /// The error for a period that ends before it starts, placed by the caller.
    fn reversed(period: &Period, whose: &str) -> Option<Diagnostic> {
        (period.end < period.start).then(|| {
            Diagnostic::error(
                "plan-period-reversed",
                format!(
                    "{whose}の取組期間が終わる年度（{}年度）が始まる年度（{}年度）より前です",
                    period.end, period.start
                ),
            )
            .hint("period の start と end を確かめてください（年度は西暦の開始年、例: 2024 = 令和6年度）")
        })
    }

    fn outline(&mut self, outline: &Outline) {
        if let Some(d) = Self::reversed(&outline.period, "大綱") {
            self.push_field(d, "outline.period");
        }
        let mut seen = BTreeSet::new();
        for (i, department) in outline.departments.iter().enumerate() {
            if !seen.insert(department) {
                let path = format!("outline.departments[{i}]");
                self.push_field(
                    Diagnostic::warning(
                        "plan-duplicate-department",
                        format!("担当課「{department}」が二度書かれています"),
                    ),
                    &path,
                );
            }
        }
    }

    fn grading(&mut self, grading: &super::GradingScale) {
        if grading.grades.is_empty() {
            self.push(
                Diagnostic::error("plan-grades-empty", "評価の区分が一つもありません")
                    .field("grading.grades")
                    .hint("[[grading.grades]] に A〜D などの区分を書いてください"),
                "grading",
            );
            return;
        }
        let mut marks = BTreeSet::new();
        for (i, grade) in grading.grades.iter().enumerate() {
            let path = format!("grading.grades[{i}]");
            if !marks.insert(&grade.mark) {
                self.push_field(
                    Diagnostic::error(
                        "plan-duplicate-grade",
                        format!("評価の区分「{}」が二度書かれています", grade.mark),
                    ),
                    &format!("{path}.mark"),
                );
            }
            if let Some(previous) = i.checked_sub(1).map(|p| &grading.grades[p])
                && grade.min_rate >= previous.min_rate
            {
                self.push_field(
                    Diagnostic::error(
                        "plan-grades-not-descending",
                        format!(
                            "評価の区分は達成率の高い順に並べてください: 「{}」（{}%以上）が「{}」（{}%以上）の後にあります",
                            grade.mark,
                            num(grade.min_rate),
                            previous.mark,
                            num(previous.min_rate)
                        ),
                    )
                    .hint("min_rate が大きい区分から順に書き、同じ値を二度使わないでください"),
                    &format!("{path}.min_rate"),
                );
            }
        }
        if let Some(last) = grading.grades.last()
            && last.min_rate > Decimal::ZERO
        {
            let path = format!("grading.grades[{}].min_rate", grading.grades.len() - 1);
            self.push_field(
                Diagnostic::warning(
                    "plan-grades-gap",
                    format!(
                        "達成率が{}%未満のときの区分がありません（最後の区分「{}」の min_rate が 0 ではありません）",
                        num(last.min_rate),
                        last.mark
                    ),
                ),
                &path,
            );
        }
    }

    fn policies_and_focus_areas(&mut self, parts: &Parts) {
        let mut policy_ids = BTreeMap::new();
        for (i, policy) in &parts.policies {
            if policy_ids.insert(policy.id.as_str(), *i).is_some() {
                let path = format!("policies[{i}].id");
                self.push_field(
                    Diagnostic::error(
                        "plan-duplicate-id",
                        format!("基本方針「{}」が二度定義されています", policy.id),
                    ),
                    &path,
                );
            }
        }
        let mut area_ids = BTreeSet::new();
        for (i, area) in &parts.focus_areas {
            if !area_ids.insert(area.id) {
                let path = format!("focus_areas[{i}].id");
                self.push_field(
                    Diagnostic::error(
                        "plan-duplicate-id",
                        format!("重点項目({})が二度定義されています", area.id),
                    ),
                    &path,
                );
            }
            if !parts.policies.is_empty() && !policy_ids.contains_key(area.policy.as_str()) {
                let path = format!("focus_areas[{i}].policy");
                let known: Vec<&str> = policy_ids.keys().copied().collect();
                self.push_field(
                    Diagnostic::error(
                        "plan-unknown-policy",
                        format!(
                            "重点項目({})の基本方針「{}」は policies にありません",
                            area.id, area.policy
                        ),
                    )
                    .hint(format!("定義済みの基本方針: {}", known.join("、"))),
                    &path,
                );
            }
        }
    }

    fn plans(&mut self, parts: &Parts) {
        // Display ids name plans in sheets and messages: two plans with one id could not be
        // told apart, and an empty id would print nothing.
        let mut ids: BTreeMap<String, usize> = BTreeMap::new();
        for (i, plan) in parts.plans.iter().filter(|(_, p)| p.id.is_some()) {
            if plan.id.as_deref().is_some_and(|id| id.trim().is_empty()) {
                self.push_plan(
                    Diagnostic::error("plan-invalid-value", "プランの id が空です").hint(
                        "印字する番号（「1-1」など）を書くか、id の行を消して丸数字にしてください",
                    ),
                    *i,
                    plan,
                    "id",
                );
                continue;
            }
            let key: String = crate::text::nfkc(&plan.display_id())
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            if let Some(first) = ids.get(&key) {
                let first_at = self.at(&format!("plans[{first}].id"));
                self.push_plan(
                    Diagnostic::error(
                        "plan-duplicate-id",
                        format!("プランの番号「{}」が二度使われています", plan.display_id()),
                    )
                    .hint(format!("最初の定義: {first_at}")),
                    *i,
                    plan,
                    "id",
                );
            } else {
                ids.insert(key, *i);
            }
        }
        let mut numbers: BTreeMap<u32, usize> = BTreeMap::new();
        let mut previous: Option<u32> = None;
        for (i, plan) in &parts.plans {
            if let Some(first) = numbers.get(&plan.number) {
                let first_at = self.at(&format!("plans[{first}].number"));
                self.push_plan(
                    Diagnostic::error(
                        "plan-duplicate-number",
                        format!(
                            "アクションプラン番号 {}（{}）が二度使われています",
                            plan.number,
                            circled_number(plan.number)
                        ),
                    )
                    .hint(format!("最初の定義: {first_at}")),
                    *i,
                    plan,
                    "number",
                );
            } else {
                numbers.insert(plan.number, *i);
                // A plan that could not be read leaves a gap that is not a misordering.
                if parts.complete && previous.is_some_and(|p| plan.number != p + 1) {
                    self.push_plan(
                        Diagnostic::warning(
                            "plan-number-order",
                            format!(
                                "アクションプラン{}が番号順に並んでいません（直前は {}）",
                                circled_number(plan.number),
                                previous.map(circled_number).unwrap_or_default()
                            ),
                        ),
                        *i,
                        plan,
                        "number",
                    );
                }
            }
            previous = Some(plan.number);
            self.plan(*i, plan, parts);
        }
        // Focus areas without any plan cannot be reported on; judged only when every plan was read.
        if parts.complete && !parts.plans.is_empty() {
            let used: BTreeSet<u32> = parts.plans.iter().map(|(_, p)| p.focus_area).collect();
            for (i, area) in &parts.focus_areas {
                if !used.contains(&area.id) {
                    let path = format!("focus_areas[{i}]");
                    self.push_field(
                        Diagnostic::warning(
                            "plan-focus-area-unused",
                            format!(
                                "重点項目({}) {} に属するアクションプランがありません",
                                area.id, area.title
                            ),
                        ),
                        &path,
                    );
                }
            }
        }
    }

    fn plan(&mut self, i: usize, plan: &Plan, parts: &Parts) {
        let title = plan_title(plan);
        if let Some(outline) = &parts.outline
            && !outline.departments.contains(&plan.department)
        {
            self.push_plan(
                Diagnostic::error(
                    "plan-unknown-department",
                    format!(
                        "{title}の担当課「{}」は outline.departments にありません",
                        plan.department
                    ),
                )
                .hint(format!(
                    "担当課名を確かめるか、outline.departments に加えてください（登録済み: {}）",
                    outline.departments.join("、")
                )),
                i,
                plan,
                "department",
            );
        }
        let area = parts
            .focus_areas
            .iter()
            .map(|(_, a)| a)
            .find(|a| a.id == plan.focus_area);
        if area.is_none() && !parts.focus_areas.is_empty() {
            self.push_plan(
                Diagnostic::error(
                    "plan-unknown-focus-area",
                    format!(
                        "{title}の重点項目 {} は focus_areas にありません",
                        plan.focus_area
                    ),
                )
                .hint(format!(
                    "定義済みの重点項目: {}",
                    parts
                        .focus_areas
                        .iter()
                        .map(|(_, a)| a.id.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
                i,
                plan,
                "focus_area",
            );
        }
        let reversed = Self::reversed(&plan.period, &title);
        let period_ok = reversed.is_none();
        if let Some(d) = reversed {
            self.push_plan(d, i, plan, "period");
        }
        if let (true, Some(outline)) = (period_ok, &parts.outline)
            && !outline.period.is_empty()
        {
            let inside =
                plan.period.start >= outline.period.start && plan.period.end <= outline.period.end;
            if !inside {
                self.push_plan(
                    Diagnostic::error(
                        "plan-period-outside",
                        format!(
                            "{title}の取組期間 {}〜{}年度が大綱の取組期間 {}〜{}年度の外にはみ出しています",
                            plan.period.start,
                            plan.period.end,
                            outline.period.start,
                            outline.period.end
                        ),
                    )
                    .hint("取組期間は大綱の期間の中に収めてください"),
                    i,
                    plan,
                    "period",
                );
            } else if plan.period != outline.period && plan.period_note.is_none() {
                self.push_plan(
                    Diagnostic::warning(
                        "plan-period-note-missing",
                        format!(
                            "{title}の取組期間は大綱と異なりますが、その理由（period_note）がありません"
                        ),
                    )
                    .hint("大綱の「※取組期間は…と整合させている。」を period_note に写してください"),
                    i,
                    plan,
                    "period",
                );
            }
        }
        // The 第2次総合計画 方針 of a plan should be among those of its 基本方針.
        if let Some(area) = area
            && let Some((_, policy)) = parts.policies.iter().find(|(_, p)| p.id == area.policy)
            && !policy.general_plan_policies.is_empty()
        {
            for (k, name) in plan.general_plan.policies.iter().enumerate() {
                if !policy.general_plan_policies.contains(name) {
                    self.push_plan(
                        Diagnostic::warning(
                            "plan-general-plan-mismatch",
                            format!(
                                "{title}の第2次総合計画の方針「{name}」は、基本方針{}の方針に含まれていません",
                                policy.id
                            ),
                        ),
                        i,
                        plan,
                        &format!("general_plan.policies[{k}]"),
                    );
                }
            }
        }
        if plan.indicators.is_empty() {
            self.push_plan(
                Diagnostic::error(
                    "plan-no-indicators",
                    format!("{title}に指標（[[plans.indicators]]）が一つもありません"),
                ),
                i,
                plan,
                "indicators",
            );
        }
        let mut keys = BTreeSet::new();
        for (j, indicator) in plan.indicators.iter().enumerate() {
            if !keys.insert(indicator.key.as_str()) {
                self.push_plan(
                    Diagnostic::error(
                        "plan-duplicate-indicator-key",
                        format!("{title}の指標キー「{}」が二度使われています", indicator.key),
                    )
                    .hint(
                        "key は計画の中で一意にしてください（様式と集計がこれで指標を見分けます）",
                    ),
                    i,
                    plan,
                    &format!("indicators[{j}].key"),
                );
            }
            self.indicator(i, plan, j, indicator, period_ok);
        }
    }

    fn indicator(&mut self, i: usize, plan: &Plan, j: usize, ind: &Indicator, period_ok: bool) {
        let what = format!("{}（指標「{}」）", plan_title(plan), ind.label);
        let field = format!("indicators[{j}]");
        let target_field = format!("{field}.target");
        self.decimals(i, plan, &what, ind, &field);
        self.range(i, plan, &what, ind, &field);
        self.revisions(i, plan, &what, ind, &field, period_ok);
        if let Some(baseline) = &ind.baseline
            && period_ok
            && baseline.year >= plan.period.start
        {
            self.push_plan(
                Diagnostic::warning(
                    "plan-baseline-in-period",
                    format!(
                        "{what}: 基準値の年度（{}年度）が取組期間の始まり（{}年度）以後です",
                        baseline.year, plan.period.start
                    ),
                ),
                i,
                plan,
                &format!("{field}.baseline"),
            );
        }
        match &ind.target {
            Target::Annual { value, .. } => {
                self.against_baseline(i, plan, &what, ind, *value, &target_field);
            }
            Target::Level { value, yearly_step } => {
                self.against_baseline(i, plan, &what, ind, *value, &target_field);
                if let (Some(step), Some(baseline), true) = (yearly_step, &ind.baseline, period_ok)
                {
                    let years = Decimal::from(plan.period.end - baseline.year);
                    let reached = baseline.value + *step * years;
                    if reached != *value {
                        self.push_plan(
                            Diagnostic::warning(
                                "plan-step-mismatch",
                                format!(
                                    "{what}: 基準値 {}（{}年度）から年 {} ずつ変わると{}年度に {} となり、目標 {} と一致しません",
                                    ind.format_value(baseline.value),
                                    baseline.year,
                                    ind.format_value(*step),
                                    plan.period.end,
                                    ind.format_value(reached),
                                    ind.format_value(*value)
                                ),
                            )
                            .hint("どちらを目標とするかを interpretation に書いてください"),
                            i,
                            plan,
                            &format!("{target_field}.yearly_step"),
                        );
                    }
                }
            }
            Target::Schedule { values } => {
                if values.is_empty() {
                    self.push_plan(
                        Diagnostic::error(
                            "plan-schedule-empty",
                            format!("{what}: 年度ごとの目標（values）が空です"),
                        ),
                        i,
                        plan,
                        &format!("{target_field}.values"),
                    );
                }
                self.years(
                    i,
                    plan,
                    &what,
                    values,
                    &format!("{target_field}.values"),
                    period_ok,
                );
                for (year, value) in values {
                    if self.against_baseline(
                        i,
                        plan,
                        &what,
                        ind,
                        *value,
                        &format!("{target_field}.values.{year}"),
                    ) {
                        break;
                    }
                }
                let worsening = values
                    .iter()
                    .zip(values.iter().skip(1))
                    .find(|((_, a), (_, b))| is_worse(ind.direction, **b, **a));
                if let Some(((from_year, from), (to_year, to))) = worsening {
                    let better = match ind.direction {
                        Direction::Higher => "高いほど",
                        Direction::Lower => "低いほど",
                    };
                    self.push_plan(
                        Diagnostic::warning(
                            "plan-schedule-worsens",
                            format!(
                                "{what}: {better}良い指標なのに、目標が{from_year}年度の {} から{to_year}年度の {} へ悪くなっています",
                                ind.format_value(*from),
                                ind.format_value(*to)
                            ),
                        )
                        .hint("印字どおりならこのままで構いません。解釈を interpretation に書いてください"),
                        i,
                        plan,
                        &format!("{target_field}.values.{to_year}"),
                    );
                }
            }
            Target::Cumulative { total, breakdown } => {
                if let Some(breakdown) = breakdown {
                    let path = format!("{target_field}.breakdown");
                    self.years(i, plan, &what, breakdown, &path, period_ok);
                    let sum: Decimal = breakdown.values().copied().sum();
                    if sum != *total {
                        self.push_plan(
                            Diagnostic::warning(
                                "plan-breakdown-sum",
                                format!(
                                    "{what}: 年度別内訳の合計 {} が取組期間の目標 {} と一致しません",
                                    ind.format_value(sum),
                                    ind.format_value(*total)
                                ),
                            )
                            .hint("どちらを目標とするかを interpretation に書いてください"),
                            i,
                            plan,
                            &path,
                        );
                    }
                }
            }
            Target::BaselineChange { percent } | Target::PreviousYearChange { percent } => {
                if matches!(ind.target, Target::BaselineChange { .. }) && ind.baseline.is_none() {
                    self.push_plan(
                        Diagnostic::error(
                            "plan-missing-baseline",
                            format!(
                                "{what}: 基準値に対する増減の目標には基準値（baseline）が必要です"
                            ),
                        )
                        .hint("baseline = { value = …, year = … } を書いてください"),
                        i,
                        plan,
                        &target_field,
                    );
                }
                let contrary = match ind.direction {
                    Direction::Higher => percent.is_sign_negative() && !percent.is_zero(),
                    Direction::Lower => percent.is_sign_positive() && !percent.is_zero(),
                };
                if contrary {
                    self.push_plan(
                        Diagnostic::warning(
                            "plan-change-direction",
                            format!(
                                "{what}: 増減の目標 {}% の符号が指標の向き（direction）と逆です",
                                num(*percent)
                            ),
                        )
                        .hint("減らす目標は負の値（3%減 = -3）で書きます"),
                        i,
                        plan,
                        &format!("{target_field}.percent"),
                    );
                }
            }
            Target::Zero => {
                if ind.direction == Direction::Higher {
                    self.push_plan(
                        Diagnostic::warning(
                            "plan-zero-direction",
                            format!("{what}: 0件が目標の指標は direction = \"lower\" のはずです"),
                        ),
                        i,
                        plan,
                        &format!("{field}.direction"),
                    );
                }
            }
            Target::Done => {}
            Target::Milestone { stages, schedule } => {
                if stages.is_empty() || stages.iter().any(|s| s.trim().is_empty()) {
                    self.push_plan(
                        Diagnostic::error(
                            "plan-milestone-stages",
                            format!("{what}: 段階（stages）が空か、空の段階があります"),
                        )
                        .hint("stages = [\"検討\", \"試行\", \"実施\", \"検証\"] のように順に書いてください"),
                        i,
                        plan,
                        &format!("{target_field}.stages"),
                    );
                }
                for (year, stage) in schedule {
                    if !stages.contains(stage) {
                        self.push_plan(
                            Diagnostic::error(
                                "plan-milestone-unknown-stage",
                                format!(
                                    "{what}: {year}年度の段階「{stage}」は stages にありません"
                                ),
                            )
                            .hint(format!("選べる段階: {}", stages.join("・"))),
                            i,
                            plan,
                            &format!("{target_field}.schedule"),
                        );
                    }
                    if period_ok && !plan.period.contains(*year) {
                        self.push_plan(
                            Diagnostic::error(
                                "plan-milestone-outside-period",
                                format!("{what}: {year}年度の段階が取組期間の外にあります"),
                            ),
                            i,
                            plan,
                            &format!("{target_field}.schedule"),
                        );
                    }
                }
            }
            Target::Reference { .. } => {}
        }
    }

    /// The figures of the definition must lie in what the indicator can take: a share written
    /// as 120% would make every actual an error; `can_exceed_100` on a unit that is not % says
    /// nothing.
    /// A revision of the target takes effect inside the plan's period, after its first
    /// year (a target revised before any year was reported is the plan's target), once per
    /// year, and says why.
    fn revisions(
        &mut self,
        i: usize,
        plan: &Plan,
        what: &str,
        ind: &Indicator,
        field: &str,
        period_ok: bool,
    ) {
        let mut seen = Vec::new();
        for (k, r) in ind.revisions.iter().enumerate() {
            let path = format!("{field}.revisions[{k}]");
            if period_ok && (r.from <= plan.period.start || r.from > plan.period.end) {
                self.push_plan(
                    Diagnostic::error(
                        "plan-revision-outside-period",
                        format!(
                            "{what}: 目標の改定（from = {}）が取組期間（{}～{}年度）の2年度目以後にありません",
                            r.from, plan.period.start, plan.period.end
                        ),
                    )
                    .hint("改定後の目標で評価する最初の年度を from に書いてください。初年度からの目標は target に書きます"),
                    i,
                    plan,
                    &format!("{path}.from"),
                );
            }
            if seen.contains(&r.from) {
                self.push_plan(
                    Diagnostic::error(
                        "plan-revision-duplicate",
                        format!("{what}: {}年度からの目標の改定が2つあります", r.from),
                    )
                    .hint("同じ年度からの改定は一つにまとめてください"),
                    i,
                    plan,
                    &format!("{path}.from"),
                );
            }
            seen.push(r.from);
            if r.reason.trim().is_empty() {
                self.push_plan(
                    Diagnostic::error(
                        "plan-revision-no-reason",
                        format!(
                            "{what}: {}年度からの目標の改定に理由（reason）がありません",
                            r.from
                        ),
                    )
                    .hint("評価書に印字する改定の理由を reason に書いてください"),
                    i,
                    plan,
                    &format!("{path}.reason"),
                );
            }
        }
    }

    fn range(&mut self, i: usize, plan: &Plan, what: &str, ind: &Indicator, field: &str) {
        if ind.can_exceed_100.is_some() && !super::is_percent_unit(&ind.unit) {
            self.push_plan(
                Diagnostic::warning(
                    "plan-exceed-not-percent",
                    format!(
                        "{what}: 単位が「{}」の指標に can_exceed_100 が書かれています（% の指標にだけ意味があります）",
                        ind.unit
                    ),
                )
                .hint("can_exceed_100 を削除してください"),
                i,
                plan,
                &format!("{field}.can_exceed_100"),
            );
        }
        let figures = ind.figures();
        let over = figures
            .iter()
            .find(|v| **v > Decimal::ONE_HUNDRED && !ind.may_exceed_100());
        let negative = figures
            .iter()
            .find(|v| v.is_sign_negative() && !v.is_zero() && !ind.may_be_negative());
        if let Some(v) = over {
            self.push_plan(
                Diagnostic::error(
                    "plan-value-impossible",
                    format!(
                        "{what}: 計画の数値 {}% が100%を超えていますが、この指標は100%を超えない割合とされています",
                        num(*v)
                    ),
                )
                .hint("100%を超えうる指標（増加率・財政指標の比率など）なら can_exceed_100 = true と書いてください"),
                i,
                plan,
                field,
            );
        }
        if let Some(v) = negative {
            self.push_plan(
                Diagnostic::error(
                    "plan-value-impossible",
                    format!(
                        "{what}: 計画の数値 {} が負ですが、この指標は負の値をとらないとされています",
                        num(*v)
                    ),
                )
                .hint("負の値をとりうる指標（増減など）なら can_be_negative = true と書いてください"),
                i,
                plan,
                field,
            );
        }
    }

    /// `decimals`: at most [`MAX_DECIMALS`], and not fewer than a figure of the definition needs
    /// (that figure would print with more decimals than the others).
    fn decimals(&mut self, i: usize, plan: &Plan, what: &str, ind: &Indicator, field: &str) {
        let Some(decimals) = ind.decimals else {
            return;
        };
        let path = format!("{field}.decimals");
        if decimals > MAX_DECIMALS {
            self.push_plan(
                Diagnostic::error(
                    "plan-decimals-too-many",
                    format!(
                        "{what}: 表示する小数の桁数 decimals = {decimals} が多すぎます（{MAX_DECIMALS} 桁まで）"
                    ),
                )
                .hint("53.0% のように小数第1位まで表示するなら decimals = 1 と書きます"),
                i,
                plan,
                &path,
            );
            return;
        }
        let finer = ind
            .figures()
            .into_iter()
            .find(|v| v.normalize().scale() > decimals);
        if let Some(value) = finer {
            self.push_plan(
                Diagnostic::warning(
                    "plan-decimals-hide-digits",
                    format!(
                        "{what}: 計画の数値 {} は小数 {} 桁あり、decimals = {decimals} より細かいため、この数値だけ桁数が揃いません",
                        num(value),
                        value.normalize().scale()
                    ),
                )
                .hint("decimals を数値の桁数に合わせてください"),
                i,
                plan,
                &path,
            );
        }
    }

    /// Warns when a target is worse than the indicator's baseline; true if it warned.
    fn against_baseline(
        &mut self,
        i: usize,
        plan: &Plan,
        what: &str,
        ind: &Indicator,
        value: Decimal,
        field: &str,
    ) -> bool {
        let Some(Baseline { value: base, year }) = ind.baseline else {
            return false;
        };
        if !is_worse(ind.direction, value, base) {
            return false;
        }
        self.push_plan(
            Diagnostic::warning(
                "plan-target-worse-than-baseline",
                format!(
                    "{what}: 目標 {} が基準値・参考値 {}（{year}年度）より悪い値です",
                    ind.format_value(value),
                    ind.format_value(base)
                ),
            )
            .hint("印字どおりならこのままで構いません。解釈を interpretation に書いてください"),
            i,
            plan,
            field,
        );
        true
    }

    /// Years of a schedule or breakdown: inside the plan's period, and covering it.
    fn years(
        &mut self,
        i: usize,
        plan: &Plan,
        what: &str,
        map: &BTreeMap<i32, Decimal>,
        path: &str,
        period_ok: bool,
    ) {
        if !period_ok {
            return;
        }
        for year in map.keys() {
            if !plan.period.contains(*year) {
                self.push_plan(
                    Diagnostic::error(
                        "plan-year-outside-period",
                        format!(
                            "{what}: {year}年度の目標は取組期間 {}〜{}年度の外です",
                            plan.period.start, plan.period.end
                        ),
                    )
                    .hint("年度を確かめるか、取組期間（period）を直してください"),
                    i,
                    plan,
                    &format!("{path}.{year}"),
                );
            }
        }
        let missing: Vec<String> = (plan.period.start..=plan.period.end)
            .filter(|y| !map.contains_key(y))
            .map(|y| format!("{y}年度"))
            .collect();
        if !missing.is_empty() && !map.is_empty() {
            self.push_plan(
                Diagnostic::warning(
                    "plan-years-missing",
                    format!("{what}: {} の目標がありません", missing.join("、")),
                ),
                i,
                plan,
                path,
            );
        }
    }
}
