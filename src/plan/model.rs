//! The plan-definition model: what `plans/*.toml` says, as Rust types.
//!
//! Every text is kept verbatim as printed in the outline so the book can show it
//! unchanged; the machine-readable target model sits beside the printed text.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::values::FiscalYear;

/// The whole outline (大綱) with its action plans: the root of a plan file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PlanSet {
    /// Facts about the outline itself.
    pub outline: Outline,
    /// The grading scale (評価の区分) used for every indicator and plan.
    pub grading: GradingScale,
    /// 基本方針 Ⅰ–Ⅲ, in order.
    pub policies: Vec<Policy>,
    /// 重点項目 (1)–(11), in order.
    pub focus_areas: Vec<FocusArea>,
    /// The action plans ①–㉙, in order.
    pub plans: Vec<Plan>,
    /// The titles of the other outlines whose plan files sit beside this one (`plans/*.toml`),
    /// filled by [`crate::plan::load`]: a sheet whose top rows carry one of them was written
    /// for another outline and is reported as such (`outline-other`), not checked plan by plan.
    #[serde(skip)]
    pub other_outlines: Vec<String>,
    /// The words the outline uses for its levels, departments and reviewing body
    /// (`[vocabulary]`); each word left out is Azumino's.
    #[serde(default)]
    pub vocabulary: Vocabulary,
    /// The plan file as (path, SHA-256), filled by [`crate::plan::load`]: the book cites the
    /// targets the definition gives by it.
    #[serde(skip)]
    pub source_file: Option<(String, String)>,
}

/// The words a city's outline uses where Azumino's say 基本方針, 担当課, 委員会 … (`[vocabulary]`
/// of a plan file). Every field is optional: a word left out is Azumino's, so a plan file
/// without the table prints as Azumino's books do.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Vocabulary {
    /// The names of the levels above the plans, top first: the first names the `policies`
    /// (基本方針, 基本目標), the second the `focus_areas` (重点項目, 施策). One name: only the
    /// first level is shown; none: the book shows neither.
    pub levels: Vec<String>,
    /// What a department is called: 担当課, 所管課, 担当部署.
    pub department: String,
    /// The heading of a plan's link to the general plan (「第2次総合計画の方針」); empty: the
    /// outline has no such link and the book prints no such row.
    pub general_plan: String,
    /// The reviewing body's short word: 委員会, 懇話会, 審議会 (its 意見, its 評価, its sheet).
    pub body: String,
    /// The kind of municipality: 市, 町, 村 (for 「市ホームページ」).
    pub municipality: String,
    /// The book's title before the year. Absent: the outline's title followed by
    /// 「アクションプラン」, unless the title already says it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub book_title: Option<String>,
}

impl Default for Vocabulary {
    fn default() -> Self {
        Vocabulary {
            levels: vec!["基本方針".into(), "重点項目".into()],
            department: "担当課".into(),
            general_plan: "第2次総合計画の方針".into(),
            body: "委員会".into(),
            municipality: "市".into(),
            book_title: None,
        }
    }
}

impl Vocabulary {
    /// The name of the policies' level (基本方針), if the outline shows it.
    pub fn policy_level(&self) -> Option<&str> {
        self.levels.first().map(String::as_str)
    }

    /// The name of the focus areas' level (重点項目), if the outline shows it.
    pub fn focus_level(&self) -> Option<&str> {
        self.levels.get(1).map(String::as_str)
    }

    /// 「委員会評価」: the body's grade of a plan.
    pub fn body_grade(&self) -> String {
        format!("{}評価", self.body)
    }

    /// 「委員会意見」: the body's opinions.
    pub fn body_opinion(&self) -> String {
        format!("{}意見", self.body)
    }

    /// 「委員会評価シート」: the body's review workbook.
    pub fn review_title(&self) -> String {
        format!("{}評価シート", self.body)
    }

    /// 「市ホームページ」.
    pub fn homepage(&self) -> String {
        format!("{}ホームページ", self.municipality)
    }

    /// The book's title before the year: `book_title`, or the outline's title followed by
    /// 「アクションプラン」 unless it already says so (no 「…アクションプラン アクションプラン」).
    pub fn book_title(&self, outline_title: &str) -> String {
        match &self.book_title {
            Some(t) => t.clone(),
            None if outline_title.contains("アクションプラン") => outline_title.to_string(),
            None => format!("{outline_title} アクションプラン"),
        }
    }
}

/// Facts about the outline (大綱) as a whole.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Outline {
    /// e.g. 「第4次安曇野市行財政改革大綱」.
    pub title: String,
    /// e.g. 「安曇野市」.
    pub city: String,
    /// The committee the book is written for, e.g. 「行政改革推進委員会」.
    pub committee: String,
    /// 基本理念, verbatim.
    pub philosophy: String,
    /// 取組期間 of the outline.
    pub period: Period,
    /// 担当課: every department a plan may name.
    pub departments: Vec<String>,
}

/// A span of fiscal years, both ends included.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// First fiscal year.
    pub start: FiscalYear,
    /// Last fiscal year.
    pub end: FiscalYear,
}

impl Period {
    /// Whether `year` lies inside the period.
    pub fn contains(&self, year: FiscalYear) -> bool {
        (self.start..=self.end).contains(&year)
    }

    /// Number of fiscal years in the period.
    pub fn len(&self) -> i32 {
        self.end - self.start + 1
    }

    /// Always false for a valid period; present for clippy's `len_without_is_empty`.
    pub fn is_empty(&self) -> bool {
        self.end < self.start
    }
}

/// 基本方針.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// 「Ⅰ」, 「Ⅱ」, 「Ⅲ」.
    pub id: String,
    /// The policy's title, verbatim.
    pub title: String,
    /// The 第2次総合計画 方針 it relates to, verbatim (e.g. 「方針3 地域情報化の推進」).
    #[serde(default)]
    pub general_plan_policies: Vec<String>,
}

/// 重点項目.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FocusArea {
    /// 1–11, printed as (1)–(11).
    pub id: u32,
    /// The 基本方針 it belongs to (`Policy::id`).
    pub policy: String,
    /// The title, verbatim.
    pub title: String,
    /// The explanatory text of the outline, verbatim (paragraphs separated by blank lines).
    #[serde(default)]
    pub text: String,
}

/// One action plan (アクションプラン).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// The plan's order in the outline (1, 2, 3 …): sorting, file names, and the default of
    /// [`Plan::id`].
    pub number: u32,
    /// The plan's id as the city prints it: 「1-1」, 「No.3」, 「(2)-③」. Absent: the circled
    /// `number` (「①」), as Azumino prints its plans. Use [`Plan::display_id`] to read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// アクションプラン名, verbatim.
    pub name: String,
    /// 担当課; must be listed in `Outline::departments`.
    pub department: String,
    /// The 重点項目 it belongs to (`FocusArea::id`).
    pub focus_area: u32,
    /// 取組期間.
    pub period: Period,
    /// 取組期間 as printed, e.g. 「令和2年度～ ※令和5年度」.
    pub period_text: String,
    /// Why the period differs from the outline's, verbatim from the seed
    /// (e.g. 「※取組期間は…と整合させている。」).
    #[serde(default)]
    pub period_note: Option<String>,
    /// 目標・指標 exactly as printed, for display.
    pub target_text: String,
    /// 取組内容, verbatim.
    pub actions: String,
    /// 得られる効果, verbatim.
    pub effects: String,
    /// 第2次総合計画(基本施策)の方針 with its sentence.
    pub general_plan: GeneralPlanLink,
    /// The indicators (目標・指標), machine-readable, in printed order.
    pub indicators: Vec<Indicator>,
}

/// The link of a plan to the 第2次総合計画.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GeneralPlanLink {
    /// e.g. ["方針4 質の高い行政経営の推進"].
    pub policies: Vec<String>,
    /// The sentence describing the effect on that policy, verbatim.
    pub text: String,
}

/// Whether a larger actual is better.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// More is better (counts, rates to raise).
    Higher,
    /// Less is better (ceilings, reductions).
    Lower,
}

/// A value observed in a given fiscal year, used as a baseline (基準) or reference (参考).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// The value.
    pub value: Decimal,
    /// The fiscal year it was observed in.
    pub year: FiscalYear,
}

/// One 目標・指標 (indicator).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Stable key within the plan, e.g. "1" or "現年"; used by forms and intake.
    pub key: String,
    /// Short label, e.g. 「サイバー攻撃によるシステム障害、情報流出等被害」.
    pub label: String,
    /// The indicator's part of the printed 目標・指標, verbatim.
    pub text: String,
    /// Unit as printed: 件, 人, %, 施設, kWh, L, 時間 …
    pub unit: String,
    /// Whether a larger actual is better.
    pub direction: Direction,
    /// The baseline or reference value the seed gives, if any.
    #[serde(default)]
    pub baseline: Option<Baseline>,
    /// How the yearly target is defined.
    pub target: Target,
    /// How an ambiguous target was read; printed in the book.
    #[serde(default)]
    pub interpretation: Option<String>,
    /// How many decimals the indicator's figures are printed with (targets, baselines and
    /// actuals, in the book, its Excel number formats, the PDF, the forms and `hyoka plans`):
    /// `decimals = 1` prints ⑪'s 53.0% as 「53.0」, where a TOML number would keep no trailing
    /// zero. A figure that needs more decimals still shows them, so nothing printed disagrees
    /// with what was computed (an actual entered as 52.94, or a target computed by proration,
    /// which the book's rounding rule keeps to 2 decimals). Absent: the most decimals any figure
    /// of the definition needs (99.08 → 2; a TOML number keeps no trailing zero, so 53.0 counts
    /// as 53 and 99.10 as 99.1). At most 4 (checked by the lint).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u32>,
    /// Whether a figure of the indicator can be above 100 when its unit is %: a growth rate
    /// or a fiscal ratio such as 将来負担比率 can, a share (受診率, 割合) cannot. Absent: from the
    /// unit and kind ([`Indicator::may_exceed_100`]). A figure an indicator cannot take is an
    /// error at validation (9961% for a share typed as 99.61 in a %-formatted cell).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_exceed_100: Option<bool>,
    /// Whether a figure of the indicator can be below 0 (an increase or decrease 増減). Absent:
    /// only when its label says 増減 (counts, amounts and shares cannot).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_be_negative: Option<bool>,
    /// Revisions of the target decided during the period (目標の再設定), oldest first: from
    /// its `from` year on, a revision's target replaces `target`; the years before keep the
    /// original, so years already reported keep their figures.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revisions: Vec<Revision>,
}

/// One revision of an indicator's target (`[[plans.indicators.revisions]]`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    /// The first fiscal year evaluated against the revised target.
    pub from: FiscalYear,
    /// The revised target, in the same form as `target`.
    pub target: Target,
    /// The revised 目標・指標 as printed (「延床面積の削減量：2,500㎡/取組期間」).
    pub text: String,
    /// Why the target was revised, verbatim; the book prints it.
    pub reason: String,
    /// When it was decided, as printed (「令和8年7月」).
    #[serde(default)]
    pub decided: String,
    /// Who decided it (「行政経営改革懇話会」, 「庁議」).
    #[serde(default)]
    pub decided_by: String,
}

/// How an indicator's target is defined: every kind that occurs in the outline.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Target {
    /// The same value every year (⑥ 10社/年). `at_least` marks a minimum (⑤ 1事業以上/年).
    Annual {
        /// The yearly target.
        value: Decimal,
        /// Printed as 「以上」: reaching the value is achievement, exceeding it is normal.
        #[serde(default)]
        at_least: bool,
    },
    /// A target per fiscal year (⑩, ⑫).
    Schedule {
        /// Fiscal year → target.
        #[serde(deserialize_with = "year_map::deserialize")]
        values: BTreeMap<FiscalYear, Decimal>,
    },
    /// A total over the period, counted cumulatively (③, ⑦, ⑧①, ㉖);
    /// `breakdown` gives the yearly split where the seed prints one (⑦).
    Cumulative {
        /// The total to reach by the end of the period.
        total: Decimal,
        /// Fiscal year → that year's share, where printed.
        #[serde(default, deserialize_with = "year_map::deserialize_option")]
        breakdown: Option<BTreeMap<FiscalYear, Decimal>>,
    },
    /// A level to reach by the end of the period (⑮ 60%), from the indicator's baseline
    /// when there is one (prorated linearly), otherwise the same level every year.
    /// `yearly_step` records a printed yearly increase (㉑ 5グループ増/年).
    Level {
        /// The level at the end of the period.
        value: Decimal,
        /// A yearly increase printed beside the target, if any.
        #[serde(default)]
        yearly_step: Option<Decimal>,
    },
    /// A relative change against the baseline by the end of the period
    /// (② 3%減, ⑭ 5%減): `percent` is signed, −3 for 3%減.
    BaselineChange {
        /// Signed percentage change.
        percent: Decimal,
    },
    /// A relative change against the previous year's actual, every year
    /// (㉗ 前年度比10%増, ㉘ 前年度比3%縮減): `percent` is signed.
    PreviousYearChange {
        /// Signed percentage change.
        percent: Decimal,
    },
    /// Zero occurrences every year (① 0件/年); achieved only at 0.
    Zero,
    /// A comparison with a reference value reported each year (⑪ 類似団体平均値以下).
    Reference {
        /// What the reference is, e.g. 「類似団体(Ⅱ-1)平均値」.
        name: String,
    },
    /// Done or not (実施/未実施): the department chooses 「実施」 or 「未実施」 each year;
    /// achieved at 「実施」. No 達成率 is computed.
    Done,
    /// A stage to reach each year (検討 → 試行 → 実施 → 検証): the department chooses the
    /// stage reached (or 「未着手」); achieved when it is that year's stage or a later one.
    Milestone {
        /// The stages in order, e.g. ["検討", "試行", "実施", "検証"].
        stages: Vec<String>,
        /// Fiscal year → the stage to reach that year (one of `stages`).
        #[serde(deserialize_with = "year_map::deserialize")]
        schedule: BTreeMap<FiscalYear, String>,
    },
}

/// The answer meaning 「not started」 of a milestone target, offered before its stages.
pub const NOT_STARTED: &str = "未着手";

/// The answers of a done-or-not target, by their code (0, 1).
pub const DONE_CHOICES: [&str; 2] = ["未実施", "実施"];

/// The grading scale (評価の区分).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GradingScale {
    /// Grades from best to worst; a rate gets the first grade whose `min_rate` it reaches.
    pub grades: Vec<Grade>,
    /// The mark for 評価対象外 / not evaluable, e.g. 「－」.
    pub not_evaluated: String,
    /// How a plan's grade follows from its indicators' grades.
    #[serde(default)]
    pub plan_rule: PlanRule,
    /// What the committee's review workbook offers for 委員会評価: the scale's marks
    /// (default), or 「妥当」/「要再検討」 when the committee judges the computed grade
    /// instead of grading the plan itself.
    #[serde(default)]
    pub committee: CommitteeGrading,
    /// The grades a target judged 達成/未達成 gets (実施/未実施, a stage, 発生件数0):
    /// absent, the first grade and the last.
    #[serde(default)]
    pub judged: JudgedGrades,
}

/// The grade marks of a target judged 達成/未達成 rather than by a rate (`grading.judged`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct JudgedGrades {
    /// The mark for 達成; absent: the first grade's.
    #[serde(default)]
    pub achieved: Option<String>,
    /// The mark for 未達成; absent: the last grade's.
    #[serde(default)]
    pub missed: Option<String>,
}

/// What the committee gives per plan in its review (`grading.committee`).
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum CommitteeGrading {
    /// A grade of the scale (A–D), compared with the computed grade.
    #[default]
    Scale,
    /// 「妥当」 (the computed grade stands) or 「要再検討」 (it should be looked at again).
    Agreement,
}

/// The agreement marks of [`CommitteeGrading::Agreement`], the one that agrees first.
pub const AGREEMENT_MARKS: [&str; 2] = ["妥当", "要再検討"];

impl GradingScale {
    /// The rates the grade at `index` covers, as the book's scale table and the forms print
    /// them: 「達成率100%以上」, 「達成率80%以上100%未満」, and for the last grade everything
    /// below the one above it, negative rates included: 「達成率50%未満」.
    pub fn condition(&self, index: usize) -> String {
        let percent = |rate: Decimal| {
            format!(
                "{}%",
                crate::text::number::format_decimal(rate, rate.normalize().scale())
            )
        };
        let Some(g) = self.grades.get(index) else {
            return String::new();
        };
        let upper = index.checked_sub(1).and_then(|j| self.grades.get(j));
        let is_last = index + 1 == self.grades.len();
        match (upper, is_last) {
            (Some(up), true) => format!("達成率{}未満", percent(up.min_rate)),
            (Some(up), false) => format!(
                "達成率{}以上{}未満",
                percent(g.min_rate),
                percent(up.min_rate)
            ),
            (None, _) => format!("達成率{}以上", percent(g.min_rate)),
        }
    }

    /// The marks the committee may choose from, as the review workbook lists them.
    pub fn committee_marks(&self) -> Vec<String> {
        match self.committee {
            CommitteeGrading::Scale => self.grades.iter().map(|g| g.mark.clone()).collect(),
            CommitteeGrading::Agreement => AGREEMENT_MARKS.iter().map(|m| m.to_string()).collect(),
        }
    }
}

/// One grade of the scale.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Grade {
    /// The mark, e.g. "A".
    pub mark: String,
    /// Its meaning, e.g. 「目標達成」.
    pub label: String,
    /// The lowest 達成率 in percent that earns this grade (100, 80, 50, 0).
    pub min_rate: Decimal,
}

/// How a plan's grade follows from its indicators' grades.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PlanRule {
    /// The lowest indicator grade (default).
    #[default]
    Lowest,
}

/// Year-keyed maps inside `Target`.
///
/// serde buffers an internally tagged enum (`kind = …`) before choosing the variant, and its
/// buffer cannot turn the string key `"2020"` (all TOML and JSON keys are strings) into an
/// integer; so the years are read as keys that accept both strings and integers.
mod year_map {
    use std::collections::BTreeMap;

    use rust_decimal::Decimal;
    use serde::Deserialize;
    use serde::de::{self, Deserializer, Visitor};

    use super::FiscalYear;

    #[derive(PartialEq, Eq, PartialOrd, Ord)]
    struct YearKey(FiscalYear);

    impl<'de> Deserialize<'de> for YearKey {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct YearVisitor;
            impl Visitor<'_> for YearVisitor {
                type Value = YearKey;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("a fiscal year such as 2024")
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<YearKey, E> {
                    v.trim()
                        .parse()
                        .map(YearKey)
                        .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
                }
                fn visit_i64<E: de::Error>(self, v: i64) -> Result<YearKey, E> {
                    FiscalYear::try_from(v)
                        .map(YearKey)
                        .map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
                }
                fn visit_u64<E: de::Error>(self, v: u64) -> Result<YearKey, E> {
                    FiscalYear::try_from(v)
                        .map(YearKey)
                        .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
                }
            }
            deserializer.deserialize_any(YearVisitor)
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>, V: Deserialize<'de>>(
        deserializer: D,
    ) -> Result<BTreeMap<FiscalYear, V>, D::Error> {
        let map = BTreeMap::<YearKey, V>::deserialize(deserializer)?;
        Ok(map.into_iter().map(|(k, v)| (k.0, v)).collect())
    }

    pub(super) fn deserialize_option<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<BTreeMap<FiscalYear, Decimal>>, D::Error> {
        let map = Option::<BTreeMap<YearKey, Decimal>>::deserialize(deserializer)?;
        Ok(map.map(|m| m.into_iter().map(|(k, v)| (k.0, v)).collect()))
    }
}
