//! Issue 15 §2–§3: 達成見込み (every period target projected at the average yearly pace so
//! far, or why not) and 最終評価 (the outline's last year: every plan at the end of its own
//! period). The projections are hand-computed on hand-built plans of every kind with a period
//! target; the sample's R4 flags and R6 final grades are worked out from the values typed in
//! input/ (see each comment).

use std::path::Path;
use std::str::FromStr;

use crate::book_fixture::grade;
use hyoka::book::{Book, OutlookVerdict, PeriodOutcome, PlanOutlook};
use hyoka::diag::Source;
use hyoka::evaluate::{BookOptions, build_book};
use hyoka::pipeline::{BuildOptions, PipelineError, Prepared, prepare_book, prepare_final_book};
use hyoka::plan::PlanSet;
use hyoka::validate::{IndicatorInput, Record, Validated};
use rust_decimal::Decimal;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

// ───────────────────────── hand-built plans ─────────────────────────

/// One plan of the test outline (R2–R6), in plan-file TOML: `indicators` are its
/// `[[plans.indicators]]` tables.
fn plan_toml(number: u32, end: i32, indicators: &str) -> String {
    format!(
        r#"
[[plans]]
number = {number}
name = "プラン{number}"
department = "総務課"
focus_area = {area}
period = {{ start = 2020, end = {end} }}
period_text = "令和2年度～令和{era}年度"
target_text = "○目標"
actions = "○取組"
effects = "○効果"
general_plan = {{ policies = ["方針4 質の高い行政経営の推進"], text = "文" }}
{indicators}
"#,
        area = if number <= 4 { 1 } else { 2 },
        era = end - 2018
    )
}

fn indicator(key: &str, unit: &str, direction: &str, extra: &str) -> String {
    format!(
        r#"
[[plans.indicators]]
key = "{key}"
label = "指標{key}"
text = "○指標{key}"
unit = "{unit}"
direction = "{direction}"
{extra}
"#
    )
}

/// Every kind with a period target, and some without, in plans numbered by case:
/// 1 累計 (pace below the need), 2 累計 (pace equal to the need), 3 累計 (a pace of 10/3),
/// 4 水準 with a baseline, 5 水準 without a baseline (a year missing between), 6 基準値からの
/// 3%減 (lower is better), 7 基準値からの増減 with no baseline, 8 毎年度, 9 水準 ending in R4.
fn plans() -> PlanSet {
    let mut text = String::from(
        r#"
[outline]
title = "テスト大綱"
city = "テスト市"
committee = "行政改革推進委員会"
philosophy = "基本理念"
period = { start = 2020, end = 2024 }
departments = ["総務課"]

[grading]
not_evaluated = "－"
plan_rule = "lowest"
[[grading.grades]]
mark = "A"
label = "目標達成"
min_rate = 100
[[grading.grades]]
mark = "B"
label = "概ね達成"
min_rate = 80
[[grading.grades]]
mark = "C"
label = "未達成"
min_rate = 50
[[grading.grades]]
mark = "D"
label = "大幅に未達成"
min_rate = 0

[[policies]]
id = "Ⅰ"
title = "方針一"
general_plan_policies = []
[[policies]]
id = "Ⅱ"
title = "方針二"
general_plan_policies = []

[[focus_areas]]
id = 1
policy = "Ⅰ"
title = "項目一"
text = ""
[[focus_areas]]
id = 2
policy = "Ⅱ"
title = "項目二"
text = ""
"#,
    );
    let cumulative = |total: &str| format!("target = {{ kind = \"cumulative\", total = {total} }}");
    let cases: [(u32, i32, String); 9] = [
        (1, 2024, indicator("1", "件", "higher", &cumulative("100"))),
        (2, 2024, indicator("1", "件", "higher", &cumulative("10"))),
        (3, 2024, indicator("1", "件", "higher", &cumulative("20"))),
        (
            4,
            2024,
            indicator(
                "1",
                "%",
                "higher",
                "decimals = 1\nbaseline = { value = 48.2, year = 2018 }\ntarget = { kind = \"level\", value = 60 }",
            ),
        ),
        (
            5,
            2024,
            indicator(
                "1",
                "%",
                "higher",
                "target = { kind = \"level\", value = 40 }",
            ),
        ),
        (
            6,
            2024,
            indicator(
                "1",
                "kWh",
                "lower",
                "baseline = { value = 1000, year = 2016 }\ntarget = { kind = \"baseline_change\", percent = -5 }",
            ),
        ),
        (
            7,
            2024,
            indicator(
                "1",
                "人",
                "lower",
                "target = { kind = \"baseline_change\", percent = -3 }",
            ),
        ),
        (
            8,
            2024,
            indicator(
                "1",
                "社",
                "higher",
                "target = { kind = \"annual\", value = 10 }",
            ),
        ),
        (
            9,
            2022,
            indicator(
                "1",
                "%",
                "higher",
                "target = { kind = \"level\", value = 35 }",
            ),
        ),
    ];
    for (number, end, ind) in cases {
        text.push_str(&plan_toml(number, end, &ind));
    }
    toml::from_str(&text).unwrap_or_else(|e| panic!("test plan file: {e}"))
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn record(plan: u32, year: i32, actual: &str) -> Record {
    let file = format!("{year}/総務課.xlsx");
    let sheet = format!("プラン{plan}");
    Record {
        plan,
        year,
        department: "総務課".into(),
        source: Source::cell(&file, &sheet, "A1"),
        indicators: vec![IndicatorInput {
            key: "1".into(),
            actual: Some(d(actual)),
            previous: None,
            reference: None,
            at: Some(Source::cell(&file, &sheet, "E10")),
            previous_at: None,
            reference_at: None,
        }],
        achievements: format!("{year}年度の取組実績"),
        self_grade: None,
        issues: format!("{year}年度の課題"),
        direction: "方向性".into(),
        author: "記入者".into(),
        contact: "内線".into(),
        sample: false,
        needs_review: false,
        cells: Default::default(),
    }
}

/// The actuals of every case, R2–R4 (plan, [(year, actual)]).
const ACTUALS: &[(u32, &[(i32, &str)])] = &[
    (1, &[(2020, "15"), (2021, "20"), (2022, "16")]),
    (2, &[(2020, "2"), (2021, "2"), (2022, "2")]),
    (3, &[(2020, "3"), (2021, "3"), (2022, "4")]),
    (4, &[(2020, "50.0"), (2021, "51.5"), (2022, "53.1")]),
    // R3 missing: a level's pace runs from the first actual to the latest.
    (5, &[(2020, "30"), (2022, "37")]),
    (6, &[(2020, "990"), (2021, "975"), (2022, "962")]),
    (7, &[(2020, "100"), (2021, "99"), (2022, "98")]),
    (8, &[(2020, "10"), (2021, "9"), (2022, "11")]),
    (9, &[(2020, "30"), (2021, "32"), (2022, "34")]),
];

fn records(up_to: i32) -> Vec<Record> {
    ACTUALS
        .iter()
        .flat_map(|(plan, years)| {
            years
                .iter()
                .filter(|(y, _)| *y <= up_to)
                .map(|(y, a)| record(*plan, *y, a))
        })
        .collect()
}

fn book_of(plans: &PlanSet, records: Vec<Record>, year: i32) -> Book {
    let validated = Validated {
        year: Some(year),
        files_read: 1,
        committee: Vec::new(),
        responses: Vec::new(),
        diagnostics: Vec::new(),
        records,
        digests: Default::default(),
    };
    build_book(
        plans,
        &validated,
        &BookOptions {
            year,
            allow_errors: false,
        },
    )
    .expect("book")
}

fn outlook_of(book: &Book, plan: u32) -> &PlanOutlook {
    book.outlook
        .as_ref()
        .expect("an outlook")
        .plans
        .iter()
        .find(|p| p.plan == plan)
        .unwrap_or_else(|| panic!("plan {plan} has no outlook"))
}

/// (target, current, years so far, years left, pace, needed, projected, verdict) as printed.
type Figures<'a> = (
    &'a str,
    &'a str,
    u32,
    u32,
    &'a str,
    &'a str,
    &'a str,
    OutlookVerdict,
);

/// A figure as the book prints it; leaked, so that the cases compare as `&str` tuples (a
/// handful per test).
fn shown(n: &hyoka::values::Number) -> &'static str {
    Box::leak(hyoka::compose::value_text(n).into_boxed_str())
}

fn figures(book: &Book, plan: u32) -> Figures<'_> {
    let i = &outlook_of(book, plan).indicators[0];
    let p = i
        .projection
        .as_ref()
        .unwrap_or_else(|| panic!("plan {plan}: no projection: {:?}", i.no_projection));
    (
        shown(&p.target),
        shown(&p.current),
        p.years_so_far,
        p.years_left,
        shown(&p.pace),
        shown(&p.needed),
        shown(&p.projected),
        p.verdict,
    )
}

/// The projection arithmetic on every kind with a period target, in R4 (3 years so far,
/// 2 left), hand-computed.
#[test]
fn projections_of_every_period_kind_are_hand_computed() {
    use OutlookVerdict::{AtRisk, OnTrack};
    let plans = plans();
    let book = book_of(&plans, records(2022), 2022);
    let cases: [(u32, Figures<'_>); 6] = [
        // 累計100: 15 + 20 + 16 = 51 in 3 years → 17/year; (100 − 51) ÷ 2 = 24.5 needed;
        // 51 + 17 × 2 = 85 < 100.
        (1, ("100", "51", 3, 2, "17", "24.5", "85", AtRisk)),
        // 累計10: 6 in 3 years → 2/year, (10 − 6) ÷ 2 = 2 needed: equal is on track.
        (2, ("10", "6", 3, 2, "2", "2", "10", OnTrack)),
        // 累計20: 10 ÷ 3 = 3.333… → 3.33 (rounded to 2 decimals); (20 − 10) ÷ 2 = 5;
        // 10 + 3.33 × 2 = 16.66.
        (3, ("20", "10", 3, 2, "3.33", "5", "16.66", AtRisk)),
        // 水準60 (baseline 48.2 in H30 is not a year of the pace): (53.1 − 50.0) ÷ 2 = 1.55;
        // (60 − 53.1) ÷ 2 = 3.45; 53.1 + 1.55 × 2 = 56.2.
        (4, ("60.0", "53.1", 2, 2, "1.55", "3.45", "56.2", AtRisk)),
        // 水準40 without baseline, R3 unreported: (37 − 30) ÷ 2 = 3.5; (40 − 37) ÷ 2 = 1.5;
        // 37 + 7 = 44.
        (5, ("40", "37", 2, 2, "3.5", "1.5", "44", OnTrack)),
        // 5%減 from 1,000 → 950, lower is better: (962 − 990) ÷ 2 = −14 a year;
        // (950 − 962) ÷ 2 = −6 needed; −14 ≤ −6; 962 − 28 = 934.
        (6, ("950", "962", 2, 2, "-14", "-6", "934", OnTrack)),
    ];
    for (plan, expected) in cases {
        assert_eq!(figures(&book, plan), expected, "plan {plan}");
        let verdict = outlook_of(&book, plan).verdict;
        assert_eq!(verdict, Some(expected.7), "plan {plan}: the plan's verdict");
    }
    // R3 of the same plans: 2 years so far, 3 left. 累計100: 35 ÷ 2 = 17.5;
    // (100 − 35) ÷ 3 = 21.666… → 21.67; 35 + 17.5 × 3 = 87.5.
    let r3 = book_of(&plans, records(2021), 2021);
    assert_eq!(
        figures(&r3, 1),
        ("100", "35", 2, 3, "17.5", "21.67", "87.5", AtRisk)
    );
}

/// Where the data cannot support a projection the book says why, and the plans without a
/// period target or with their period over are named, not projected.
#[test]
fn no_projection_where_the_data_cannot_support_one() {
    let plans = plans();
    let reason = |book: &Book, plan: u32| {
        let i = &outlook_of(book, plan).indicators[0];
        assert!(i.projection.is_none(), "plan {plan}: {:?}", i.projection);
        i.no_projection.clone().unwrap()
    };
    // R2: one year only, for every kind.
    let r2 = book_of(&plans, records(2020), 2020);
    for plan in [1, 4, 5, 6] {
        assert!(
            reason(&r2, plan).contains("実績が2年度分に満たない"),
            "plan {plan}: {}",
            reason(&r2, plan)
        );
        assert_eq!(outlook_of(&r2, plan).verdict, None);
    }
    // A total with a year unreported has no total to project.
    let mut gap = records(2022);
    gap.retain(|r| !(r.plan == 1 && r.year == 2021));
    let book = book_of(&plans, gap, 2022);
    assert!(reason(&book, 1).contains("令和3年度の実績値の報告がない"));
    // No actual this year.
    let mut late = records(2022);
    late.retain(|r| !(r.plan == 4 && r.year == 2022));
    let book = book_of(&plans, late, 2022);
    assert!(reason(&book, 4).contains("今年度の実績値の報告がない"));
    // A change from a baseline the plan does not give.
    let book = book_of(&plans, records(2022), 2022);
    assert!(reason(&book, 7).contains("基準値がありません"));
    // Plan 9 ends in R4: its period is over, it is named and not projected; plan 8 has a
    // yearly target only.
    let o = book.outlook.as_ref().unwrap();
    assert_eq!(o.finished, ["⑨"]);
    assert_eq!(o.yearly_only, ["⑧"]);
    assert!(o.plans.iter().all(|p| p.plan != 9 && p.plan != 8));
    // In R3 plan 9 still has a year left and is projected: (32 − 30) ÷ 1 = 2 vs (35 − 32) ÷ 1.
    let r3 = book_of(&plans, records(2021), 2021);
    assert_eq!(
        figures(&r3, 9),
        ("35", "32", 1, 1, "2", "3", "34", OutlookVerdict::AtRisk)
    );
    // The outline's last year: every period is over, the final evaluation takes over.
    let r6 = book_of(&plans, records(2022), 2024);
    assert!(r6.outlook.is_none());
    assert!(r6.final_evaluation.is_some());
}

/// The final evaluation of the hand-built plans: plan 9 (R2–R4) graded on R4, not out of
/// period; period targets against results; yearly targets kept year by year.
#[test]
fn final_evaluation_of_hand_built_plans() {
    let plans = plans();
    let mut all = records(2022);
    for (plan, actual) in [(1, "60"), (2, "4"), (4, "60.2"), (8, "10")] {
        all.push(record(plan, 2023, actual));
        all.push(record(plan, 2024, actual));
    }
    let book = book_of(&plans, all, 2024);
    let f = book.final_evaluation.as_ref().expect("final evaluation");
    let plan = |n: u32| f.plans.iter().find(|p| p.number == n).unwrap();
    // 累計100: 51 + 60 + 60 = 171 ≥ 100 → reached.
    let p1 = plan(1);
    assert_eq!(
        hyoka::compose::value_text(p1.indicators[0].actual.as_ref().unwrap()),
        "171"
    );
    assert_eq!(p1.outcome, PeriodOutcome::Reached);
    // 累計10: 6 + 4 + 4 = 14 → reached.
    assert_eq!(plan(2).outcome, PeriodOutcome::Reached);
    // Plan 3 reported nothing after R4: its total is short of the R5 and R6 years.
    assert_eq!(plan(3).outcome, PeriodOutcome::Undetermined);
    assert_eq!(book.method.mark(plan(3).grade), "－");
    // 水準60: 60.2 in R6 → reached, and graded A (60.2 ÷ 60 = 100.3%).
    assert_eq!(plan(4).outcome, PeriodOutcome::Reached);
    assert_eq!(book.method.mark(plan(4).grade), "A");
    // 毎年度10社: 10, 9, 11, 10, 10 → R3 missed: 4 of 5 years, not reached.
    let p8 = plan(8);
    assert_eq!(p8.indicators[0].years_met, Some(4));
    assert_eq!(p8.indicators[0].years, 5);
    assert_eq!(p8.outcome, PeriodOutcome::NotReached);
    assert_eq!(p8.yearly_grades.len(), 5);
    // Plan 9 (R2–R4): graded on R4, 34 ÷ 35 = 97.1% → B; 34 < 35 → not reached; R5 and R6
    // outside its period.
    let p9 = plan(9);
    assert_eq!(p9.final_year, 2022);
    assert_eq!(book.method.mark(p9.grade), "B");
    assert_eq!(p9.outcome, PeriodOutcome::NotReached);
    // Its level of 35 has no baseline, so every year's target is 35: 30 ÷ 35 = 85.7%,
    // 32 ÷ 35 = 91.4%, 34 ÷ 35 = 97.1%: B, B, B.
    assert_eq!(
        p9.yearly_grades,
        [
            Some(grade("B")),
            Some(grade("B")),
            Some(grade("B")),
            None,
            None
        ]
    );
    assert_eq!(p9.achievements, "2022年度の取組実績");
    assert_eq!(p9.submitted, Some(2022));
}

// ───────────────────────── the shipped sample ─────────────────────────

fn options(year: Option<i32>) -> BuildOptions {
    BuildOptions {
        year,
        input: root().join("input"),
        plan: root().join("plans/azumino-4th.toml"),
        templates: root().join("templates"),
        allow_errors: false,
        date: None,
        intake: hyoka::intake::IntakeOptions::default(),
    }
}

fn sample_book(year: i32) -> Book {
    match prepare_book(&options(Some(year))).unwrap() {
        Prepared::Book { book, .. } => *book,
        Prepared::Rejected { diagnostics, .. } => panic!("{diagnostics:#?}"),
    }
}

/// The R4 sample book flags the plans whose period targets are out of reach at the pace so
/// far, with the figures (values typed in input/2020–2022年度).
#[test]
fn the_r4_sample_flags_the_plans_out_of_reach() {
    let book = sample_book(2022);
    let o = book.outlook.as_ref().expect("R4 has an outlook");
    let flagged: Vec<&str> = o
        .plans
        .iter()
        .filter(|p| p.verdict == Some(OutlookVerdict::AtRisk))
        .map(|p| p.mark.as_str())
        .collect();
    // ② 7,023 → 6,950: −36.5/年 vs (6,851 − 6,950) ÷ 2 = −49.5 needed (the period target
    // 7,063 × 0.97 = 6,851.11 is rounded down, the honest way for a ceiling);
    // ④ 74.6 → 77.5: 1.45 vs (82 − 77.5) ÷ 2 = 2.25; ⑧ 141 + 137 + 133 = 411 → 137 vs
    // (761 − 411) ÷ 2 = 175; ⑭ 電気 1,348,008 → 1,321,048: −13,480 vs
    // (1,292,000 − 1,321,048) ÷ 2 = −14,524; ⑮ 52.9 → 57.2: 2.15 vs 60 − 57.2 = 2.8 (one year
    // left, R5); ⑯ 54.6 → 57.3: 1.35 vs 2.7; ⑰ 38 → 46: 4 vs (83 − 46) ÷ 2 = 18.5;
    // ㉙ 18.9 → 17.7: −0.6 vs (40 − 17.7) ÷ 2 = 11.15.
    assert_eq!(flagged, ["②", "④", "⑧", "⑭", "⑮", "⑯", "⑰", "㉙"]);
    // On track: ③ ㉖ 2/年 vs 2; ⑦ 24 ÷ 3 = 8 vs 5; ⑱ 181 → 217: 18 vs 16.5; ㉗ 76.4 → 82.5 vs
    // a target already passed.
    let on_track: Vec<&str> = o
        .plans
        .iter()
        .filter(|p| p.verdict == Some(OutlookVerdict::OnTrack))
        .map(|p| p.mark.as_str())
        .collect();
    assert_eq!(on_track, ["③", "⑦", "⑱", "㉖", "㉗"]);
    assert_eq!(
        figures(&book, 8),
        (
            "761",
            "411",
            3,
            2,
            "137",
            "175",
            "685",
            OutlookVerdict::AtRisk
        )
    );
    assert_eq!(
        figures(&book, 2),
        (
            "6,851",
            "6,950",
            2,
            2,
            "-36.5",
            "-49.5",
            "6,877",
            OutlookVerdict::AtRisk
        )
    );
    // ⑭'s 灯油 is on track (−499 ≤ −459.5) and its 電気 is not: the plan is 要注意.
    let p14 = outlook_of(&book, 14);
    assert_eq!(
        p14.indicators[1].projection.as_ref().unwrap().verdict,
        OutlookVerdict::OnTrack
    );
    assert_eq!(o.finished, ["⑲", "⑳", "㉑"]);
    // The 総括 lists the 要注意 plans with their figures; 評価の方法 prints the method.
    let doc = hyoka::compose::compose_book(&book, &Default::default());
    let html = String::from_utf8(hyoka::render::html::render_html(&doc)).unwrap();
    let summary = section_text(&html, "summary");
    assert!(summary.contains("次の8項目は取組期間の目標に届かない見込みです（要注意）"));
    assert!(summary.contains(
        "⑧橋梁長寿命化修繕計画の推進：定期点検 残り1年あたり175橋が必要、これまでの年平均は137橋"
    ));
    assert!(section_text(&html, "method").contains("年平均の実績は、累計の目標では"));
    assert!(section_text(&html, "outlook").contains("要注意"));
}

/// The text of the HTML section `id` (tags dropped).
fn section_text(html: &str, id: &str) -> String {
    let start = html
        .find(&format!("<section id=\"{id}\""))
        .unwrap_or_else(|| panic!("no section {id}"));
    let end = start + html[start..].find("</section>").unwrap();
    let mut text = String::new();
    let mut in_tag = false;
    for c in html[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// The R6 sample book's 最終評価: the plans that ended early are graded at the end of their own
/// periods (seed: ⑨ R2–R5, ⑮⑯ R2–R5, ⑲⑳㉑ R2–R4, ㉔ R2–R3), from the values typed in
/// input/ of that year.
#[test]
fn the_r6_sample_grades_early_plans_at_their_own_end() {
    let book = sample_book(2024);
    let f = book.final_evaluation.as_ref().expect("R6 has 最終評価");
    // (plan, final year, grade, period target reached)
    let hand: [(u32, i32, &str, PeriodOutcome); 7] = [
        // ⑨ 5施設/年, R5: 5 ÷ 5 = 100.0% → A; 5 in each of R2–R5 → reached.
        (9, 2023, "A", PeriodOutcome::Reached),
        // ⑮ 受診率 60% by R5: 60.1 ÷ 60.0 = 100.2% → A; 60.1 ≥ 60 → reached.
        (15, 2023, "A", PeriodOutcome::Reached),
        // ⑯ 実施率 60% by R5: 58.2 ÷ 60.0 = 97.0% → B; not reached.
        (16, 2023, "B", PeriodOutcome::NotReached),
        // ⑲ 登用率 35% by R4: 34.8 ÷ 35.0 = 99.4% → B; not reached.
        (19, 2022, "B", PeriodOutcome::NotReached),
        // ⑳ 65%以上 (no baseline), R4: 59.9 ÷ 65 = 92.2% → B; not reached.
        (20, 2022, "B", PeriodOutcome::NotReached),
        // ㉑ 235グループ by R4: 234 ÷ 235 = 99.6% → B; not reached.
        (21, 2022, "B", PeriodOutcome::NotReached),
        // ㉔ 10件/年, R3: 11 ÷ 10 = 110.0% → A; 11 in R2 and R3 → reached.
        (24, 2021, "A", PeriodOutcome::Reached),
    ];
    for (number, year, grade, outcome) in hand {
        let p = f.plans.iter().find(|p| p.number == number).unwrap();
        assert_eq!(p.final_year, year, "plan {number}");
        assert_eq!(book.method.mark(p.grade), grade, "plan {number}");
        assert_eq!(p.outcome, outcome, "plan {number}");
        assert_eq!(p.submitted, Some(year), "plan {number}: last submission");
        assert!(!p.achievements.is_empty(), "plan {number}: 成果");
        // The yearly part still shows it out of period; the final part grades it.
        let page = book.plans.iter().find(|pp| pp.number == number).unwrap();
        assert_eq!(book.method.mark(page.grade), "－", "plan {number}: R6 page");
    }
    // ⑲'s grades side by side: R2 30.9 ÷ 30.8 → A, R3 33.2 ÷ 32.9 → A, R4 B, then out of period.
    let p19 = f.plans.iter().find(|p| p.number == 19).unwrap();
    assert_eq!(
        p19.yearly_grades,
        [
            Some(grade("A")),
            Some(grade("A")),
            Some(grade("B")),
            None,
            None
        ]
    );
    // Final grades: the 22 plans of R6 as in sample_book.rs (A 7, B 8, C 3, D 4) plus the
    // seven above (A ⑨⑮㉔, B ⑯⑲⑳㉑): A 10, B 12, C 3, D 4, none ungraded.
    assert_eq!(f.grades.total.counts, [10, 12, 3, 4, 0]);
}

/// The 総括 of the R6 book: how many plans reached their period target, and which did not.
#[test]
fn the_r6_summary_counts_the_period_targets_reached() {
    let book = sample_book(2024);
    let f = book.final_evaluation.as_ref().unwrap();
    let reached: Vec<&str> = f
        .plans
        .iter()
        .filter(|p| p.outcome == PeriodOutcome::Reached)
        .map(|p| p.mark.as_str())
        .collect();
    // ① 0件 every year; ③ 累計10 = 10; ⑥ 10社 or more every year; ⑨ ⑮ ㉔ above; ⑬ 2件 every
    // year; ⑱ 50件 every year and 253 ≥ 250; ㉕ 4件 every year; ㉖ 累計10 = 10. All others
    // miss: e.g. ⑦ 33 < 34, ⑫ 滞繰 22.40 < 22.50 in R2 and R6, ㉗ 2b 36.6 < 85.
    assert_eq!(
        reached,
        ["①", "③", "⑥", "⑨", "⑬", "⑮", "⑱", "㉔", "㉕", "㉖"]
    );
    let total = &f.reached[0];
    assert_eq!(
        (
            total.reached,
            total.not_reached,
            total.undetermined,
            total.plans
        ),
        (10, 19, 0, 29)
    );
    // Per 基本方針: Ⅰ (①–⑯) ①③⑥⑨⑬⑮ = 6 of 16; Ⅱ (⑰–㉖) ⑱㉔㉕㉖ = 4 of 10; Ⅲ none of 3.
    let by_policy: Vec<(u32, u32)> = f.reached[1..4]
        .iter()
        .map(|r| (r.reached, r.plans))
        .collect();
    assert_eq!(by_policy, [(6, 16), (4, 10), (0, 3)]);
    let doc = hyoka::compose::compose_book(&book, &Default::default());
    let html = String::from_utf8(hyoka::render::html::render_html(&doc)).unwrap();
    let summary = section_text(&html, "summary");
    assert!(summary.contains(
        "アクションプラン29項目のうち、それぞれの取組期間の目標を達成したものは10項目、達成しなかったものは19項目です"
    ));
    assert!(
        summary.contains(
            "⑯安曇野市国民健康保険における医療費の増加抑制(保健指導)（令和5年度の評価 B）"
        )
    );
    assert!(!summary.contains("⑮安曇野市国民健康保険における医療費の増加抑制(特定健康診査)（"));
    for id in ["final", "final-grades", "final-targets", "final-work"] {
        assert!(html.contains(&format!("<section id=\"{id}\"")), "{id}");
    }
    // No outlook once every period is over; the R5 book still has one.
    assert!(book.outlook.is_none());
    assert!(sample_book(2023).final_evaluation.is_none());
}

/// `--final` before the outline's last year is refused in Japanese; after it, it builds the
/// last year's book with its 最終評価.
#[test]
fn final_before_the_last_year_is_refused() {
    match prepare_final_book(&options(Some(2022))) {
        Err(e @ PipelineError::FinalTooEarly { .. }) => {
            let message = e.to_string();
            assert!(
                message
                    .contains("最終評価は大綱の取組期間の最終年度（令和6年度）以降に作成できます"),
                "{message}"
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    for year in [Some(2025), None] {
        match prepare_final_book(&options(year)).unwrap() {
            Prepared::Book { book, .. } => {
                assert_eq!(book.meta.year, 2024, "{year:?}");
                assert!(book.final_evaluation.is_some());
            }
            Prepared::Rejected { diagnostics, .. } => panic!("{diagnostics:#?}"),
        }
    }
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .args(["build", "--final", "--year", "R5", "--dump-json"])
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("最終評価は大綱の取組期間の最終年度"),
        "{stderr}"
    );
}

/// The open data: the R4 book's projections and the R6 book's final evaluation as their own
/// CSV tables, figures without separators or units.
#[test]
fn period_targets_are_open_data() {
    let csv = |book: &Book| {
        let (suffix, table) = hyoka::compose::period_table(book).expect("a period table");
        let bytes = hyoka::render::csv::render_table_csv(&table);
        (suffix, String::from_utf8(bytes).unwrap())
    };
    let (suffix, r4) = csv(&sample_book(2022));
    assert_eq!(suffix, "達成見込み");
    assert!(
        r4.contains("\r\n8,橋梁長寿命化修繕計画の推進,定期点検,橋,取組期間の累計,2022,761,411,2020,137,2,175,685,要注意,\r\n"),
        "{r4}"
    );
    assert!(r4.contains("\r\n2,e-Tax及びeLTAXによる自主申告の推進,申告相談者,人,基準値からの増減,2022,6851,6950,2020,-36.5,2,-49.5,6877,要注意,\r\n"));
    let (suffix, r6) = csv(&sample_book(2024));
    assert_eq!(suffix, "最終評価");
    assert!(
        r6.contains("\r\n19,女性が参画できる環境の整備,2022,B,未達成,審議会等への女性の登用率,%,取組期間末の目標水準,35.0,34.8,,3,未達成,\r\n"),
        "{r6}"
    );
    assert!(r6.contains(
        "\r\n24,しごと創出事業,2021,A,達成,新規創業支援件数,件,毎年度の目標値,,,2,2,達成,\r\n"
    ));
    // The R5 book has neither a final evaluation nor, for plans ending that year, a projection
    // of them; its other plans are projected.
    assert_eq!(csv(&sample_book(2023)).0, "達成見込み");
}
