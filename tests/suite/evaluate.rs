//! Evaluation: `build_book` on hand-built plans and records (edge cases, summaries, history,
//! a JSON snapshot), and on the shipped plan file with a worked example for every indicator.

use std::str::FromStr;

use hyoka::book::{Book, IndicatorResult, PlanStatus};
use hyoka::diag::{Diagnostic, Source};
use hyoka::evaluate::{BookOptions, EvaluateError, build_book};
use hyoka::plan::{
    Baseline, Direction, FocusArea, GeneralPlanLink, Grade, GradingScale, Indicator, Outline,
    Period, Plan, PlanRule, PlanSet, Policy, Target,
};
use hyoka::validate::{IndicatorInput, Record, Validated};
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

// ───────────────────────── hand-built plans ─────────────────────────

fn scale() -> GradingScale {
    let grade = |mark: &str, label: &str, min: i64| Grade {
        mark: mark.into(),
        label: label.into(),
        min_rate: Decimal::from(min),
    };
    GradingScale {
        grades: vec![
            grade("A", "目標達成", 100),
            grade("B", "概ね達成", 80),
            grade("C", "未達成", 50),
            grade("D", "大幅に未達成", 0),
        ],
        not_evaluated: "－".into(),
        plan_rule: PlanRule::Lowest,
        committee: Default::default(),
        judged: Default::default(),
    }
}

fn indicator(
    key: &str,
    label: &str,
    unit: &str,
    direction: Direction,
    baseline: Option<(&str, i32)>,
    target: Target,
) -> Indicator {
    Indicator {
        key: key.into(),
        label: label.into(),
        text: format!("○{label}"),
        unit: unit.into(),
        direction,
        baseline: baseline.map(|(v, y)| Baseline {
            value: d(v),
            year: y,
        }),
        target,
        interpretation: None,
        decimals: None,
        can_exceed_100: None,
        can_be_negative: None,
        revisions: Vec::new(),
    }
}

fn plan(number: u32, focus_area: u32, end: i32, indicators: Vec<Indicator>) -> Plan {
    Plan {
        number,
        id: None,
        name: format!("プラン{number}"),
        department: "総務課".into(),
        focus_area,
        period: Period { start: 2020, end },
        period_text: format!("令和2年度～令和{}年度", end - 2018),
        period_note: None,
        target_text: indicators
            .iter()
            .map(|i| i.text.clone())
            .collect::<Vec<_>>()
            .join("\n"),
        actions: "○取組".into(),
        effects: "○効果".into(),
        general_plan: GeneralPlanLink {
            policies: vec!["方針4 質の高い行政経営の推進".into()],
            text: "文".into(),
        },
        indicators,
    }
}

/// Seven plans in two 基本方針 and three 重点項目, one per edge case.
fn small_plans() -> PlanSet {
    let lower = Direction::Lower;
    let higher = Direction::Higher;
    PlanSet {
        outline: Outline {
            title: "第4次安曇野市行財政改革大綱".into(),
            city: "安曇野市".into(),
            committee: "行政改革推進委員会".into(),
            philosophy: "基本理念".into(),
            period: Period {
                start: 2020,
                end: 2024,
            },
            departments: vec!["総務課".into()],
        },
        grading: scale(),
        policies: vec![
            Policy {
                id: "Ⅰ".into(),
                title: "方針一".into(),
                general_plan_policies: vec![],
            },
            Policy {
                id: "Ⅱ".into(),
                title: "方針二".into(),
                general_plan_policies: vec![],
            },
        ],
        focus_areas: vec![
            FocusArea {
                id: 1,
                policy: "Ⅰ".into(),
                title: "項目一".into(),
                text: String::new(),
            },
            FocusArea {
                id: 2,
                policy: "Ⅰ".into(),
                title: "項目二".into(),
                text: String::new(),
            },
            FocusArea {
                id: 3,
                policy: "Ⅱ".into(),
                title: "項目三".into(),
                text: String::new(),
            },
        ],
        plans: vec![
            // ① zero targets.
            plan(
                1,
                1,
                2024,
                vec![
                    indicator("1", "システム障害", "件", lower, None, Target::Zero),
                    indicator("2", "セキュリティ事故", "件", lower, None, Target::Zero),
                ],
            ),
            // ② change against a baseline.
            plan(
                2,
                1,
                2024,
                vec![indicator(
                    "1",
                    "申告相談者",
                    "人",
                    lower,
                    Some(("7063", 2018)),
                    Target::BaselineChange { percent: d("-3") },
                )],
            ),
            // ③ change against the previous year.
            plan(
                3,
                2,
                2024,
                vec![indicator(
                    "1",
                    "時間外勤務時間",
                    "時間",
                    lower,
                    None,
                    Target::PreviousYearChange { percent: d("-3") },
                )],
            ),
            // ④ cumulative, prorated.
            plan(
                4,
                2,
                2024,
                vec![indicator(
                    "1",
                    "定期点検",
                    "橋",
                    higher,
                    None,
                    Target::Cumulative {
                        total: d("761"),
                        breakdown: None,
                    },
                )],
            ),
            // ⑤ a level without baseline, and one whose baseline equals the target.
            plan(
                5,
                3,
                2024,
                vec![
                    indicator(
                        "1",
                        "参加割合",
                        "%",
                        higher,
                        None,
                        Target::Level {
                            value: d("40"),
                            yearly_step: None,
                        },
                    ),
                    indicator(
                        "2",
                        "登録団体数",
                        "団体",
                        higher,
                        Some(("250", 2019)),
                        Target::Level {
                            value: d("250"),
                            yearly_step: None,
                        },
                    ),
                ],
            ),
            // ⑥ ends in R5.
            plan(
                6,
                3,
                2023,
                vec![indicator(
                    "1",
                    "更新数",
                    "施設",
                    higher,
                    None,
                    Target::Annual {
                        value: d("5"),
                        at_least: false,
                    },
                )],
            ),
            // ⑦ never submitted.
            plan(
                7,
                3,
                2024,
                vec![indicator(
                    "1",
                    "訪問者",
                    "人",
                    higher,
                    None,
                    Target::Annual {
                        value: d("1000000"),
                        at_least: false,
                    },
                )],
            ),
        ],
        other_outlines: Vec::new(),
        vocabulary: Default::default(),
        source_file: None,
    }
}

/// (key, actual, previous, reference)
type Value<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>);

fn record(plan: u32, year: i32, values: &[Value<'_>], self_grade: Option<&str>) -> Record {
    let file = format!("{year}/総務課.xlsx");
    let sheet = format!("プラン{plan}");
    Record {
        plan,
        year,
        department: "総務課".into(),
        source: Source::cell(&file, &sheet, "A1"),
        indicators: values
            .iter()
            .enumerate()
            .map(|(i, (key, actual, previous, reference))| IndicatorInput {
                key: (*key).into(),
                actual: actual.map(d),
                previous: previous.map(d),
                reference: reference.map(d),
                at: Some(Source::cell(&file, &sheet, format!("E{}", 10 + i))),
                previous_at: None,
                reference_at: None,
            })
            .collect(),
        achievements: format!("{year}年度の取組"),
        self_grade: self_grade.map(Into::into),
        issues: "課題".into(),
        direction: "方向性".into(),
        author: "記入者".into(),
        contact: "内線".into(),
        sample: true,
        needs_review: false,
        cells: Default::default(),
    }
}

fn validated(records: Vec<Record>) -> Validated {
    Validated {
        year: records.iter().map(|r| r.year).max(),
        files_read: 1,
        committee: Vec::new(),
        responses: Vec::new(),
        diagnostics: vec![Diagnostic::warning("test-warning", "検証の警告")],
        records,
        digests: Default::default(),
    }
}

fn book(plans: &PlanSet, records: Vec<Record>, year: i32) -> Book {
    build_book(
        plans,
        &validated(records),
        &BookOptions {
            year,
            allow_errors: false,
        },
    )
    .expect("book")
}

/// A figure as the book prints it; leaked, so that the assertions compare `&str`s.
fn text(n: &Option<hyoka::values::Number>) -> Option<&'static str> {
    n.as_ref()
        .map(|n| &*Box::leak(hyoka::compose::value_text(n).into_boxed_str()))
}

fn result<'b>(book: &'b Book, plan: u32, key: &str) -> &'b IndicatorResult {
    book.plans
        .iter()
        .find(|p| p.number == plan)
        .and_then(|p| p.results.iter().find(|r| r.key == key))
        .unwrap_or_else(|| panic!("no result {plan}/{key}"))
}

/// Two years: R5 and R6.
fn two_years() -> Vec<Record> {
    vec![
        record(
            1,
            2023,
            &[("1", Some("0"), None, None), ("2", Some("0"), None, None)],
            Some("A"),
        ),
        record(2, 2023, &[("1", Some("6950"), None, None)], None),
        record(3, 2023, &[("1", Some("10000"), None, None)], None),
        record(4, 2020, &[("1", Some("150"), None, None)], None),
        record(4, 2021, &[("1", Some("150"), None, None)], None),
        record(4, 2022, &[("1", Some("150"), None, None)], None),
        record(4, 2023, &[("1", Some("150"), None, None)], None),
        record(
            5,
            2023,
            &[
                ("1", Some("30"), None, None),
                ("2", Some("250"), None, None),
            ],
            None,
        ),
        record(6, 2023, &[("1", Some("5"), None, None)], None),
        record(
            1,
            2024,
            &[("1", Some("0"), None, None), ("2", Some("1"), None, None)],
            Some("A"),
        ),
        record(2, 2024, &[("1", Some("6900"), None, None)], Some("B")),
        record(
            3,
            2024,
            &[("1", Some("9800"), Some("10000"), None)],
            Some("C"),
        ),
        record(4, 2024, &[("1", Some("160"), None, None)], Some("A")),
        record(
            5,
            2024,
            &[
                ("1", Some("32"), None, None),
                ("2", Some("249"), None, None),
            ],
            Some("B"),
        ),
    ]
}

#[test]
fn zero_target_missed_is_the_lowest_grade_without_rate() {
    let b = book(&small_plans(), two_years(), 2024);
    let met = result(&b, 1, "1");
    assert_eq!(
        (
            text(&met.target),
            text(&met.actual),
            &met.rate,
            b.method.mark(met.grade)
        ),
        (Some("0"), Some("0"), &None, "A")
    );
    let missed = result(&b, 1, "2");
    assert_eq!(text(&missed.actual), Some("1"));
    assert_eq!(missed.rate, None);
    assert_eq!(b.method.mark(missed.grade), "D");
    assert!(missed.note.as_deref().unwrap_or("").contains("未達成"));
    let page = &b.plans[0];
    assert_eq!(b.method.mark(page.grade), "D");
    // 自己評価 A against a computed D: three grades apart.
    assert!(
        b.diagnostics
            .iter()
            .any(|d| d.code == "eval-self-grade-differs" && d.plan == Some(1))
    );
}

#[test]
fn baseline_change_follows_the_issue_example() {
    let b = book(&small_plans(), two_years(), 2024);
    let r = result(&b, 2, "1");
    // 7,063 × 0.97 = 6,851.11, a ceiling of whole 人: 6,851 (rounded down, never eased).
    assert_eq!(text(&r.target), Some("6,851"));
    assert_eq!(text(&r.actual), Some("6,900"));
    assert_eq!(text(&r.rate), Some("76.9%"));
    assert_eq!(r.rate.as_ref().map(|n| n.value), Some(d("0.769")));
    assert_eq!(text(&r.basis), Some("7,063"));
    assert_eq!(r.basis_label.as_deref(), Some("基準値（平成30年度）"));
    assert_eq!(b.method.mark(r.grade), "C");
    // In R5 the target is five sixths of the way: 7,063 − 176.575 = 6,886.425 → 6,886
    // (rounded down); 113 ÷ 177 = 63.8%.
    let h = &b.plans[1].history[0].points;
    let r5 = h.iter().find(|p| p.year == 2023).expect("R5");
    assert_eq!(text(&r5.target), Some("6,886"));
    assert_eq!(text(&r5.rate), Some("63.8%"));
}

#[test]
fn negative_change_prints_a_negative_rate() {
    let mut records = two_years();
    records.retain(|r| !(r.plan == 2 && r.year == 2024));
    records.push(record(2, 2024, &[("1", Some("7200"), None, None)], None));
    let b = book(&small_plans(), records, 2024);
    let r = result(&b, 2, "1");
    // (7,200 − 7,063) ÷ (6,851 − 7,063) = 137 ÷ −212
    assert_eq!(text(&r.rate), Some("-64.6%"));
    assert_eq!(b.method.mark(r.grade), "D");
}

#[test]
fn previous_year_change_uses_history_then_the_sheet() {
    let b = book(&small_plans(), two_years(), 2024);
    let r = result(&b, 3, "1");
    assert_eq!(text(&r.basis), Some("10,000"));
    assert_eq!(r.basis_label.as_deref(), Some("前年度実績"));
    assert_eq!(text(&r.target), Some("9,700"));
    assert_eq!(text(&r.rate), Some("66.7%"));
    assert_eq!(b.method.mark(r.grade), "C");
}

#[test]
fn previous_year_missing_is_not_evaluable_and_says_why() {
    // R2, no R1 record and nothing on the sheet.
    let records = vec![record(3, 2020, &[("1", Some("9800"), None, None)], None)];
    let b = book(&small_plans(), records, 2020);
    let r = result(&b, 3, "1");
    assert_eq!(b.method.mark(r.grade), "－");
    assert_eq!(r.rate, None);
    assert_eq!(r.target, None);
    assert_eq!(
        r.note.as_deref(),
        Some("前年度実績がないため評価できません")
    );
    let diag = b
        .diagnostics
        .iter()
        .find(|d| d.code == "eval-previous-missing")
        .expect("diagnostic");
    assert!(
        diag.message.ends_with("前年度実績がなく評価できません"),
        "{}",
        diag.message
    );
    assert_eq!(diag.plan, Some(3));
    assert_eq!(
        diag.source.as_ref().and_then(|s| s.cell.as_deref()),
        Some("E10")
    );
    let page = &b.plans[2];
    assert_eq!(page.status, PlanStatus::Evaluated);
    assert_eq!(b.method.mark(page.grade), "－");
}

#[test]
fn cumulative_plans_in_their_first_year_and_later() {
    let first = book(
        &small_plans(),
        vec![record(4, 2020, &[("1", Some("150"), None, None)], None)],
        2020,
    );
    let r = result(&first, 4, "1");
    // 761 ÷ 5 = 152.2 → 153 whole 橋 (rounded up, never eased); 150 ÷ 153 = 98.04…%
    assert_eq!(text(&r.target), Some("153"));
    assert_eq!(text(&r.final_target), Some("761"));
    assert_eq!(text(&r.actual), Some("150"));
    assert_eq!(text(&r.rate), Some("98.0%"));
    assert_eq!(first.method.mark(r.grade), "B");
    let b = book(&small_plans(), two_years(), 2024);
    let r = result(&b, 4, "1");
    // 150 × 4 + 160 = 760 of 761.
    assert_eq!(text(&r.target), Some("761"));
    assert_eq!(r.final_target, None);
    assert_eq!(text(&r.actual), Some("760"));
    assert_eq!(text(&r.rate), Some("99.9%"));
    let points: Vec<Option<&str>> = b.plans[3].history[0]
        .points
        .iter()
        .map(|p| text(&p.actual))
        .collect();
    assert_eq!(
        points,
        [
            Some("150"),
            Some("300"),
            Some("450"),
            Some("600"),
            Some("760")
        ]
    );
}

#[test]
fn exactly_at_a_threshold_earns_that_grade() {
    let b = book(&small_plans(), two_years(), 2024);
    let r = result(&b, 5, "1");
    assert_eq!(text(&r.rate), Some("80.0%"));
    assert_eq!(b.method.mark(r.grade), "B");
    // Baseline equal to target: the target stays 250; 249 ÷ 250 = 99.6%.
    let r = result(&b, 5, "2");
    assert_eq!(text(&r.target), Some("250"));
    assert_eq!(text(&r.rate), Some("99.6%"));
    assert_eq!(b.method.mark(r.grade), "B");
    assert_eq!(b.method.mark(b.plans[4].grade), "B");
}

#[test]
fn plans_out_of_period_and_not_submitted() {
    let b = book(&small_plans(), two_years(), 2024);
    let out = &b.plans[5];
    assert_eq!(out.status, PlanStatus::OutOfPeriod);
    assert_eq!(b.method.mark(out.grade), "－");
    assert_eq!(out.results[0].target, None);
    assert_eq!(out.previous_grade.map(|g| b.method.mark(g)), Some("A"));
    let missing = &b.plans[6];
    assert_eq!(missing.status, PlanStatus::NotSubmitted);
    assert_eq!(b.method.mark(missing.grade), "－");
    assert_eq!(text(&missing.results[0].target), Some("1,000,000"));
    assert_eq!(b.summary.out_of_period, 1);
    assert_eq!(b.summary.not_submitted, 1);
}

#[test]
fn summaries_count_every_plan_once_and_compare_with_last_year() {
    let b = book(&small_plans(), two_years(), 2024);
    assert_eq!(b.summary.columns, ["A", "B", "C", "D", "－"]);
    // R6: ① D, ② C, ③ C, ④ B, ⑤ B, ⑥ －, ⑦ －.
    assert_eq!(b.summary.total.counts, [0, 2, 2, 1, 2]);
    assert_eq!(b.summary.total.plans, 7);
    let shares: Vec<String> = b
        .summary
        .total
        .shares
        .iter()
        .map(hyoka::compose::value_text)
        .collect();
    // A grade's share is among the 5 graded plans, as 総括's sentence counts them; the
    // not-graded column's among all 7.
    assert_eq!(shares, ["0.0%", "40.0%", "40.0%", "20.0%", "28.6%"]);
    // R5: ① A, ② 6,950 vs 6,886.43 → 64.0% C, ③ no previous → －, ④ 600/608.8 = 98.6% B,
    // ⑤ 30/40 = 75.0% C, ⑥ A, ⑦ －.
    assert_eq!(
        b.summary.total.previous.as_deref(),
        Some(&[2, 1, 2, 0, 2][..])
    );
    assert_eq!(
        b.summary.total.change.as_deref(),
        Some(&[-2, 1, 0, 1, 0][..])
    );
    let policy: Vec<(&str, &[u32])> = b
        .summary
        .by_policy
        .iter()
        .map(|r| (r.label.as_str(), r.counts.as_slice()))
        .collect();
    assert_eq!(
        policy,
        [
            ("Ⅰ 方針一", &[0, 1, 2, 1, 0][..]),
            ("Ⅱ 方針二", &[0, 1, 0, 0, 2][..])
        ]
    );
    let areas: Vec<&str> = b
        .summary
        .by_focus_area
        .iter()
        .map(|r| r.label.as_str())
        .collect();
    assert_eq!(areas, ["(1) 項目一", "(2) 項目二", "(3) 項目三"]);
    assert_eq!(b.summary.by_focus_area[1].counts, [0, 1, 1, 0, 0]);
    assert_eq!(
        b.plans[0].previous_grade.map(|g| b.method.mark(g)),
        Some("A")
    );
}

#[test]
fn list_rows_span_their_plans() {
    let b = book(&small_plans(), two_years(), 2024);
    assert_eq!(b.list.len(), 9);
    let spans: Vec<(u32, bool, u32)> = b
        .list
        .iter()
        .map(|r| (r.plan, r.first_of_plan, r.plan_rows))
        .collect();
    assert_eq!(spans[..3], [(1, true, 2), (1, false, 2), (2, true, 1)]);
    assert_eq!(b.list[0].plan_name, "①プラン1");
    assert_eq!(b.list[0].policy, "Ⅰ 方針一");
    assert_eq!(b.list[0].focus_area, "(1) 項目一");
    assert_eq!(b.method.mark(b.list[1].plan_grade), "D");
    assert_eq!(b.list[1].self_grade, "A");
}

#[test]
fn meta_comes_from_the_data() {
    let b = book(&small_plans(), two_years(), 2024);
    assert_eq!(b.meta.year, 2024);
    assert_eq!(b.meta.date.iso(), "2025-05-31");
    assert!(b.meta.sample);
    assert_eq!(b.meta.history_years, [2020, 2021, 2022, 2023, 2024]);
    assert_eq!(b.diagnostics[0].code, "test-warning");
    let kinds: Vec<&str> = b.method.kinds.iter().map(|k| k.name.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "毎年度の目標値",
            "取組期間の累計",
            "取組期間末の目標水準",
            "基準値からの増減",
            "前年度比の増減",
            "発生件数0"
        ]
    );
    assert_eq!(b.method.kinds[0].plans, ["⑥", "⑦"]);
    assert!(b.method.rounding.contains("四捨五入"));
    assert_eq!(b.method.scale.len(), 5);
}

#[test]
fn records_with_errors_count_only_when_allowed() {
    let mut records = two_years();
    for r in records.iter_mut().filter(|r| r.plan == 2 && r.year == 2024) {
        r.needs_review = true;
    }
    let plans = small_plans();
    let strict = book(&plans, records.clone(), 2024);
    assert_eq!(strict.plans[1].status, PlanStatus::NotSubmitted);
    let lenient = build_book(
        &plans,
        &validated(records),
        &BookOptions {
            year: 2024,
            allow_errors: true,
        },
    )
    .unwrap();
    assert_eq!(lenient.plans[1].status, PlanStatus::NeedsReview);
    // Shown for review, graded nowhere: not on its page, its indicators, 一覧 or 総括.
    assert_eq!(lenient.plans[1].grade, None);
    assert!(lenient.plans[1].results.iter().all(|r| r.grade.is_none()));
    assert!(
        lenient
            .list
            .iter()
            .filter(|r| r.plan == 2)
            .all(|r| r.plan_grade.is_none())
    );
    let s = &lenient.summary;
    assert_eq!(s.needs_review, 1);
    let graded_columns = s.columns.len() - 1;
    let graded: u32 = s.total.counts[..graded_columns].iter().sum();
    assert_eq!(graded, s.graded);
    assert_eq!(
        strict.summary.graded, s.graded,
        "the plan to review counts as little as a missing one"
    );
    assert_eq!(
        s.graded + s.out_of_period + s.not_submitted + s.needs_review + s.not_evaluable,
        lenient.plans.len() as u32,
        "every plan is counted once"
    );
}

/// 総括's sentence tells the numbers of its table: graded plans, and every reason a plan has no
/// grade, adding up to all plans (with --allow-errors, a plan to review is one of them).
#[test]
fn summary_sentence_adds_up_to_the_table() {
    let mut records = two_years();
    for r in records.iter_mut().filter(|r| r.plan == 2 && r.year == 2024) {
        r.needs_review = true;
    }
    let plans = small_plans();
    let mut book = build_book(
        &plans,
        &validated(records),
        &BookOptions {
            year: 2024,
            allow_errors: true,
        },
    )
    .unwrap();
    let templates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    book.wording = hyoka::book::wording::render(&book, &templates).unwrap();
    let sentence = book.wording.summary_intro.join("");
    let numbers: Vec<u32> = sentence
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| !w.is_empty())
        .map(|w| w.parse().unwrap())
        .collect();
    // 「令和6年度（2024年度）の評価対象となるアクションプランはN項目です（取組期間外 a項目、
    // 未提出 b項目、…を除く）」: the counts after the year's two numbers.
    let counts = &numbers[2..];
    let graded_columns = book.summary.columns.len() - 1;
    let in_table: u32 = book.summary.total.counts[..graded_columns].iter().sum();
    assert_eq!(counts[0], in_table, "{sentence}");
    assert_eq!(
        counts.iter().sum::<u32>(),
        book.plans.len() as u32,
        "{sentence}"
    );
    assert!(sentence.contains("要確認 1項目"), "{sentence}");
}

#[test]
fn a_year_outside_the_outline_is_refused() {
    let err = build_book(
        &small_plans(),
        &validated(vec![]),
        &BookOptions {
            year: 2025,
            allow_errors: false,
        },
    )
    .unwrap_err();
    assert!(matches!(err, EvaluateError::YearOutOfPeriod { year: 2025 }));
    assert_eq!(err.to_string(), "2025年度は大綱の取組期間外です");
}

#[test]
fn same_input_same_book() {
    let a = serde_json::to_string(&book(&small_plans(), two_years(), 2024)).unwrap();
    let b = serde_json::to_string(&book(&small_plans(), two_years(), 2024)).unwrap();
    assert_eq!(a, b);
}

/// The whole book of the small case as JSON, compared with `tests/snapshots/evaluate_small.json`;
/// `HYOKA_UPDATE=1` rewrites it.
#[test]
fn small_book_snapshot() {
    let b = book(&small_plans(), two_years(), 2024);
    let json = serde_json::to_string_pretty(&b).unwrap() + "\n";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots/evaluate_small.json");
    if std::env::var_os("HYOKA_UPDATE").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &json).unwrap();
    }
    let expected =
        std::fs::read_to_string(&path).expect("snapshot missing: run with HYOKA_UPDATE=1");
    assert!(
        json == expected,
        "book differs from {}; rerun with HYOKA_UPDATE=1 and review the diff",
        path.display()
    );
}

// ─────────────── every indicator of the 29 plans, worked by hand ───────────────

/// The shipped plan file, read as the model (the linter is not needed here).
fn azumino() -> PlanSet {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/azumino-4th.toml");
    let text = std::fs::read_to_string(&path).expect("plans/azumino-4th.toml");
    toml::from_str(&text).expect("plan file parses")
}

/// One worked example: the report year, the inputs of that year, and what the book must print.
struct Case {
    plan: u32,
    key: &'static str,
    year: i32,
    /// (actual, previous, reference) on the year's sheet.
    input: (
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
    ),
    target: Option<&'static str>,
    actual: Option<&'static str>,
    rate: Option<&'static str>,
    grade: &'static str,
}

const fn case(
    plan: u32,
    key: &'static str,
    year: i32,
    input: (
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
    ),
    expected: (
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
        &'static str,
    ),
) -> Case {
    Case {
        plan,
        key,
        year,
        input,
        target: expected.0,
        actual: expected.1,
        rate: expected.2,
        grade: expected.3,
    }
}

const fn actual(
    v: &'static str,
) -> (
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
) {
    (Some(v), None, None)
}

/// Every indicator of ①–㉙. The arithmetic of each row is in its comment; targets come from
/// the seed's figures (baselines, schedules, totals, breakdowns).
#[rustfmt::skip]
const CASES: &[Case] = &[
    // ① 0件/年: met → A; missed → D, no rate.
    case(1, "1", 2024, actual("0"), (Some("0"), Some("0"), None, "A")),
    case(1, "2", 2024, actual("2"), (Some("0"), Some("2"), None, "D")),
    // ② 7,063人 (H30) 3%減 → 6,851.11 in R6, a ceiling in whole 人: 6,851; 163 ÷ 212 = 76.89%.
    case(2, "1", 2024, actual("6900"), (Some("6,851"), Some("6,900"), Some("76.9%"), "C")),
    // ③ 10業務/取組期間, no breakdown: R4 target 10 × 3/5 = 6; 2 + 2 + 3 = 7; 7 ÷ 6 = 116.67%.
    case(3, "1", 2022, actual("3"), (Some("6"), Some("7"), Some("116.7%"), "A")),
    // ④ 72% (H30) → 82% in R6: R3 is 3/6 of the way: 77; 75.5 ÷ 77 = 98.05%.
    case(4, "1", 2021, actual("75.5"), (Some("77"), Some("75.5"), Some("98.1%"), "B")),
    // ⑤ 1事業以上/年: 3 ÷ 1 = 300% (never capped).
    case(5, "1", 2024, actual("3"), (Some("1"), Some("3"), Some("300.0%"), "A")),
    // ⑥ 10社/年: 8 ÷ 10 = 80.0%, exactly the B threshold.
    case(6, "1", 2024, actual("8"), (Some("10"), Some("8"), Some("80.0%"), "B")),
    // ⑦ 34施設, breakdown 14 + 6 by R3 = 20; 12 + 6 = 18; 18 ÷ 20 = 90%.
    case(7, "1", 2021, actual("6"), (Some("20"), Some("18"), Some("90.0%"), "B")),
    // ⑧① 761橋/取組期間: R5 target 761 × 4/5 = 608.8 → 609 橋 (up); 160 + 150 + 150 + 140 = 600;
    // 600 ÷ 609 = 98.52%.
    case(8, "1", 2023, actual("140"), (Some("609"), Some("600"), Some("98.5%"), "B")),
    // ⑧② 5橋/年: 5 ÷ 5.
    case(8, "2", 2023, actual("5"), (Some("5"), Some("5"), Some("100.0%"), "A")),
    // ⑨ 5施設/年 (to R5): 2 ÷ 5 = 40%.
    case(9, "1", 2023, actual("2"), (Some("5"), Some("2"), Some("40.0%"), "D")),
    // ⑩ R6 11.6% (a ceiling): 11.6 ÷ 10.8 = 107.41%.
    case(10, "1", 2024, actual("10.8"), (Some("11.6"), Some("10.8"), Some("107.4%"), "A")),
    // ⑪ 類似団体平均値以下: reference 45.0; 45.0 ÷ 40.1 = 112.22%. The TOML float 53.0 of the
    // baseline reads as 53; `decimals = 1` keeps the outline's 「53.0」 style, so 45 prints 45.0.
    case(11, "1", 2024, (Some("40.1"), None, Some("45.0")), (Some("45.0"), Some("40.1"), Some("112.2%"), "A")),
    // ⑫ R2 現年 99.10%: 98.95 ÷ 99.10 = 99.85%; 滞繰 22.50%: 20.00 ÷ 22.50 = 88.89%.
    case(12, "現年", 2020, actual("98.95"), (Some("99.10"), Some("98.95"), Some("99.8%"), "B")),
    case(12, "滞繰", 2020, actual("20.00"), (Some("22.50"), Some("20.00"), Some("88.9%"), "B")),
    // ⑬ 2件/年: 1 ÷ 2 = 50.0%, exactly the C threshold.
    case(13, "1", 2024, actual("1"), (Some("2"), Some("1"), Some("50.0%"), "C")),
    // ⑭ H28 → R6 is 8 years; R2 is half way. 電気 1,360,000 → 1,292,000, R2 1,326,000;
    // −30,000 ÷ −34,000 = 88.24%. 灯油 47,300 → 44,935, R2 46,117.5 → 46,117 L (a ceiling,
    // down); it rose: 700 ÷ −1,183 = −59.17%.
    case(14, "電気", 2020, actual("1330000"), (Some("1,326,000"), Some("1,330,000"), Some("88.2%"), "B")),
    case(14, "灯油", 2020, actual("48000"), (Some("46,117"), Some("48,000"), Some("-59.2%"), "D")),
    // ⑮ 48.2% (H30) → 60% in R5: R4 is 4/5 of the way: 57.64 → 57.7 (one decimal, up);
    // 50.1 ÷ 57.7 = 86.83%.
    case(15, "1", 2022, actual("50.1"), (Some("57.7"), Some("50.1"), Some("86.8%"), "B")),
    // ⑯ 52.3% (H30) → 60% in R5 (the last year): 45.0 ÷ 60 = 75%.
    case(16, "1", 2023, actual("45.0"), (Some("60.0"), Some("45.0"), Some("75.0%"), "C")),
    // ⑰ 33区 (R1) → 83区 in R6: R2 43; 40 ÷ 43 = 93.02%.
    case(17, "1", 2020, actual("40"), (Some("43"), Some("40"), Some("93.0%"), "B")),
    // ⑱① 50件/年: 55 ÷ 50. ⑱② 163団体 (R1) → 250 in R6: R3 197.8 → 198 (up);
    // 180 ÷ 198 = 90.91%.
    case(18, "1", 2021, actual("55"), (Some("50"), Some("55"), Some("110.0%"), "A")),
    case(18, "2", 2021, actual("180"), (Some("198"), Some("180"), Some("90.9%"), "B")),
    // ⑲ 28.7% (R1) → 35% in R4: R3 32.9; 30.0 ÷ 32.9 = 91.19%.
    case(19, "1", 2021, actual("30.0"), (Some("32.9"), Some("30.0"), Some("91.2%"), "B")),
    // ⑳ 65%以上, no baseline: 70 ÷ 65 = 107.69%.
    case(20, "1", 2022, actual("70"), (Some("65"), Some("70"), Some("107.7%"), "A")),
    // ㉑ 217 (H30) → 235 in R4: R3 230.5 → 231 グループ (up); 228 ÷ 231 = 98.70%.
    case(21, "1", 2021, actual("228"), (Some("231"), Some("228"), Some("98.7%"), "B")),
    // ㉒ 100万人/年: 1,250,000 ÷ 1,000,000.
    case(22, "1", 2024, actual("1250000"), (Some("1,000,000"), Some("1,250,000"), Some("125.0%"), "A")),
    // ㉓ 300人/年: 150 ÷ 300.
    case(23, "1", 2024, actual("150"), (Some("300"), Some("150"), Some("50.0%"), "C")),
    // ㉔ 10件/年 (to R3): 4 ÷ 10.
    case(24, "1", 2021, actual("4"), (Some("10"), Some("4"), Some("40.0%"), "D")),
    // ㉕ 4件/年: 4 ÷ 4.
    case(25, "1", 2024, actual("4"), (Some("4"), Some("4"), Some("100.0%"), "A")),
    // ㉖ 10社/取組期間, first year: 10 × 1/5 = 2; 1 ÷ 2.
    case(26, "1", 2020, actual("1"), (Some("2"), Some("1"), Some("50.0%"), "C")),
    // ㉗① 80%, flat: 76 ÷ 80. ㉗②a R5 120人 → 132; (126 − 120) ÷ 12 = 50%.
    // ㉗②b 85%以上: 90 ÷ 85 = 105.88%. ㉗③ 90%以上: 75 ÷ 90 = 83.33%.
    case(27, "1", 2024, actual("76"), (Some("80"), Some("76"), Some("95.0%"), "B")),
    case(27, "2a", 2024, actual("126"), (Some("132"), Some("126"), Some("50.0%"), "C")),
    case(27, "2b", 2024, actual("90"), (Some("85"), Some("90"), Some("105.9%"), "A")),
    case(27, "3", 2024, actual("75"), (Some("90"), Some("75"), Some("83.3%"), "B")),
    // ㉘ 前年度比3%縮減, previous from the sheet: 10,000 → 9,700; −150 ÷ −300 = 50%.
    case(28, "1", 2024, (Some("9850"), Some("10000"), None), (Some("9,700"), Some("9,850"), Some("50.0%"), "C")),
    // ㉙ 40%, flat: 32 ÷ 40 = 80.0%, exactly the B threshold.
    case(29, "1", 2024, actual("32.0"), (Some("40"), Some("32"), Some("80.0%"), "B")),
];

/// Earlier years the cases need: cumulative totals and a previous-year actual.
const HISTORY: &[(u32, &str, i32, &str)] = &[
    (3, "1", 2020, "2"),
    (3, "1", 2021, "2"),
    (7, "1", 2020, "12"),
    (8, "1", 2020, "160"),
    (8, "1", 2021, "150"),
    (8, "1", 2022, "150"),
    (27, "2a", 2023, "120"),
];

fn records_of(cases: &[Case]) -> Vec<Record> {
    let mut by_plan_year: std::collections::BTreeMap<(u32, i32), Vec<Value<'static>>> =
        Default::default();
    for c in cases {
        by_plan_year
            .entry((c.plan, c.year))
            .or_default()
            .push((c.key, c.input.0, c.input.1, c.input.2));
    }
    for (plan, key, year, v) in HISTORY {
        by_plan_year
            .entry((*plan, *year))
            .or_default()
            .push((key, Some(v), None, None));
    }
    by_plan_year
        .into_iter()
        .map(|((plan, year), values)| record(plan, year, &values, None))
        .collect()
}

#[test]
fn every_indicator_of_the_29_plans_has_a_worked_example() {
    let plans = azumino();
    assert_eq!(plans.plans.len(), 29);
    // Every indicator of the plan file appears exactly once in the table.
    let defined: Vec<(u32, String)> = plans
        .plans
        .iter()
        .flat_map(|p| p.indicators.iter().map(move |i| (p.number, i.key.clone())))
        .collect();
    let covered: Vec<(u32, String)> = CASES.iter().map(|c| (c.plan, c.key.to_string())).collect();
    assert_eq!(covered, defined);
    let records = records_of(CASES);
    let years: std::collections::BTreeSet<i32> = CASES.iter().map(|c| c.year).collect();
    let mut failures = Vec::new();
    for year in years {
        let b = book(&plans, records.clone(), year);
        for c in CASES.iter().filter(|c| c.year == year) {
            let r = result(&b, c.plan, c.key);
            let got = (
                text(&r.target),
                text(&r.actual),
                text(&r.rate),
                b.method.mark(r.grade),
            );
            let want = (c.target, c.actual, c.rate, c.grade);
            if got != want {
                failures.push(format!(
                    "{} {} in {year}: got {got:?}, want {want:?}",
                    c.plan, c.key
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_seed_plans_grade_and_summarise() {
    let plans = azumino();
    let b = book(&plans, records_of(CASES), 2024);
    let grade = |n: u32| b.method.mark(b.plans[n as usize - 1].grade);
    // ① A and D → D; ㉗ B, C, A, B → C.
    assert_eq!(grade(1), "D");
    assert_eq!(grade(27), "C");
    // Plans ending before R6 are 評価対象外: ⑨ ⑮ ⑯ (R5), ⑲ ⑳ ㉑ (R4), ㉔ (R3).
    let out: Vec<u32> = b
        .plans
        .iter()
        .filter(|p| p.status == PlanStatus::OutOfPeriod)
        .map(|p| p.number)
        .collect();
    assert_eq!(out, [9, 15, 16, 19, 20, 21, 24]);
    assert_eq!(b.summary.out_of_period, 7);
    assert_eq!(b.summary.total.plans, 29);
    assert_eq!(b.summary.by_policy.len(), 3);
    assert_eq!(b.summary.by_focus_area.len(), 11);
    assert_eq!(b.list.len(), CASES.len());
    // Kinds in the plan file: all eight.
    assert_eq!(b.method.kinds.len(), 8);
    let reference = b
        .method
        .kinds
        .iter()
        .find(|k| k.name == "参考値との比較")
        .expect("reference kind");
    assert_eq!(reference.plans, ["⑪"]);
}

#[test]
fn duplicates_are_reported_and_every_code_is_listed() {
    let mut records = two_years();
    records.push(record(6, 2023, &[("1", Some("1"), None, None)], None));
    records.push(record(2, 2024, &[("1", Some("1"), None, None)], None));
    let b = book(&small_plans(), records, 2024);
    // The first record of ② R6 is used.
    assert_eq!(text(&result(&b, 2, "1").actual), Some("6,900"));
    let dup: Vec<Option<u32>> = b
        .diagnostics
        .iter()
        .filter(|d| d.code == "eval-duplicate-record")
        .map(|d| d.plan)
        .collect();
    assert_eq!(dup, [Some(2)], "only the report year's duplicates");
    for d in b.diagnostics.iter().filter(|d| d.code.starts_with("eval-")) {
        assert!(
            hyoka::evaluate::CODES
                .iter()
                .any(|(code, severity, _)| *code == d.code && *severity == d.severity),
            "{}",
            d.code
        );
    }
}
