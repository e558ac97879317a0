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
    }
}

fn plan(number: u32, focus_area: u32, end: i32, indicators: Vec<Indicator>) -> Plan {
    Plan {
        number,
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
    }
}

fn validated(records: Vec<Record>) -> Validated {
    Validated {
        year: records.iter().map(|r| r.year).max(),
        files_read: 1,
        diagnostics: vec![Diagnostic::warning("test-warning", "検証の警告")],
        records,
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

fn text(n: &Option<hyoka::book::Number>) -> Option<&str> {
    n.as_ref().map(|n| n.text.as_str())
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
            met.grade.as_str()
        ),
        (Some("0"), Some("0"), &None, "A")
    );
    let missed = result(&b, 1, "2");
    assert_eq!(text(&missed.actual), Some("1"));
    assert_eq!(missed.rate, None);
    assert_eq!(missed.grade, "D");
    assert!(missed.note.as_deref().unwrap_or("").contains("未達成"));
    let page = &b.plans[0];
    assert_eq!(
        (page.grade.as_str(), page.grade_label.as_str()),
        ("D", "大幅に未達成")
    );
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
    assert_eq!(text(&r.target), Some("6,851.11"));
    assert_eq!(text(&r.actual), Some("6,900"));
    assert_eq!(text(&r.rate), Some("76.9%"));
    assert_eq!(r.rate.as_ref().map(|n| n.value), Some(d("0.769")));
    assert_eq!(text(&r.basis), Some("7,063"));
    assert_eq!(r.basis_label.as_deref(), Some("基準値（平成30年度）"));
    assert_eq!(r.grade, "C");
    // In R5 the target is five sixths of the way: 7,063 − 176.575 → 6,886.43 (四捨五入);
    // 113 ÷ 176.57 = 64.0%.
    let h = &b.plans[1].history[0].points;
    let r5 = h.iter().find(|p| p.year == 2023).expect("R5");
    assert_eq!(text(&r5.target), Some("6,886.43"));
    assert_eq!(text(&r5.rate), Some("64.0%"));
}

#[test]
fn negative_change_prints_a_negative_rate() {
    let mut records = two_years();
    records.retain(|r| !(r.plan == 2 && r.year == 2024));
    records.push(record(2, 2024, &[("1", Some("7200"), None, None)], None));
    let b = book(&small_plans(), records, 2024);
    let r = result(&b, 2, "1");
    // (7,200 − 7,063) ÷ (6,851.11 − 7,063) = 137 ÷ −211.89
    assert_eq!(text(&r.rate), Some("-64.7%"));
    assert_eq!(r.grade, "D");
}

#[test]
fn previous_year_change_uses_history_then_the_sheet() {
    let b = book(&small_plans(), two_years(), 2024);
    let r = result(&b, 3, "1");
    assert_eq!(text(&r.basis), Some("10,000"));
    assert_eq!(r.basis_label.as_deref(), Some("前年度実績"));
    assert_eq!(text(&r.target), Some("9,700"));
    assert_eq!(text(&r.rate), Some("66.7%"));
    assert_eq!(r.grade, "C");
}

#[test]
fn previous_year_missing_is_not_evaluable_and_says_why() {
    // R2, no R1 record and nothing on the sheet.
    let records = vec![record(3, 2020, &[("1", Some("9800"), None, None)], None)];
    let b = book(&small_plans(), records, 2020);
    let r = result(&b, 3, "1");
    assert_eq!(r.grade, "－");
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
    assert_eq!(page.grade, "－");
}

#[test]
fn cumulative_plans_in_their_first_year_and_later() {
    let first = book(
        &small_plans(),
        vec![record(4, 2020, &[("1", Some("150"), None, None)], None)],
        2020,
    );
    let r = result(&first, 4, "1");
    // 761 ÷ 5 = 152.2; 150 ÷ 152.2 = 98.55…%
    assert_eq!(text(&r.target), Some("152.2"));
    assert_eq!(text(&r.final_target), Some("761"));
    assert_eq!(text(&r.actual), Some("150"));
    assert_eq!(text(&r.rate), Some("98.6%"));
    assert_eq!(r.grade, "B");
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
    assert_eq!(r.grade, "B");
    // Baseline equal to target: the target stays 250; 249 ÷ 250 = 99.6%.
    let r = result(&b, 5, "2");
    assert_eq!(text(&r.target), Some("250"));
    assert_eq!(text(&r.rate), Some("99.6%"));
    assert_eq!(r.grade, "B");
    assert_eq!(b.plans[4].grade, "B");
}

#[test]
fn plans_out_of_period_and_not_submitted() {
    let b = book(&small_plans(), two_years(), 2024);
    let out = &b.plans[5];
    assert_eq!(out.status, PlanStatus::OutOfPeriod);
    assert_eq!(
        (
            out.grade.as_str(),
            out.grade_label.as_str(),
            out.status_label.as_str()
        ),
        ("－", "評価対象外", "評価対象外")
    );
    assert_eq!(out.results[0].target, None);
    assert_eq!(out.previous_grade.as_deref(), Some("A"));
    let missing = &b.plans[6];
    assert_eq!(missing.status, PlanStatus::NotSubmitted);
    assert_eq!(
        (missing.grade.as_str(), missing.status_label.as_str()),
        ("－", "未提出")
    );
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
    let shares: Vec<&str> = b
        .summary
        .total
        .shares
        .iter()
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(shares, ["0.0%", "28.6%", "28.6%", "14.3%", "28.6%"]);
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
    assert_eq!(b.plans[0].previous_grade.as_deref(), Some("A"));
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
    assert_eq!(b.list[1].plan_grade, "D");
    assert_eq!(b.list[1].self_grade, "A");
}

#[test]
fn meta_comes_from_the_data() {
    let b = book(&small_plans(), two_years(), 2024);
    assert_eq!(b.meta.year_label, "令和6年度（2024年度）");
    assert_eq!(b.meta.date, "2025-05-31");
    assert_eq!(b.meta.date_label, "令和7年5月31日");
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
    assert_eq!(lenient.plans[1].status_label, "要確認");
    assert_eq!(lenient.plans[1].grade, "C");
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
