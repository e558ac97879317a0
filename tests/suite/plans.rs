//! The plan definitions: the shipped file, the loader's errors on small broken files,
//! the linter's warnings on the outline's own inconsistencies, and `hyoka plans`.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use hyoka::diag::Diagnostic;
use hyoka::plan::{self, Direction, LoadedPlans, PlanError, PlanSet, Target, circled_number};
use rust_decimal::Decimal;

const REAL: &str = "plans/azumino-4th.toml";

fn real() -> LoadedPlans {
    plan::load(Path::new(REAL)).expect("the shipped plan file loads")
}

fn dec(s: &str) -> Decimal {
    s.parse().expect("a decimal literal")
}

fn plan(set: &PlanSet, number: u32) -> &plan::Plan {
    set.plans
        .iter()
        .find(|p| p.number == number)
        .expect("plan exists")
}

#[test]
fn real_file_has_the_whole_outline() {
    let set = real().plans;
    assert_eq!(set.outline.title, "第4次安曇野市行財政改革大綱");
    assert_eq!(set.outline.committee, "行政改革推進委員会");
    assert_eq!(
        (set.outline.period.start, set.outline.period.end),
        (2020, 2024)
    );
    assert_eq!(set.policies.len(), 3);
    assert_eq!(set.focus_areas.len(), 11);
    assert_eq!(set.plans.len(), 29);
    let numbers: Vec<u32> = set.plans.iter().map(|p| p.number).collect();
    assert_eq!(numbers, (1..=29).collect::<Vec<_>>());
    let areas: BTreeSet<u32> = set.focus_areas.iter().map(|a| a.id).collect();
    for p in &set.plans {
        assert!(
            set.outline.departments.contains(&p.department),
            "{} {}",
            p.number,
            p.department
        );
        assert!(areas.contains(&p.focus_area), "plan {}", p.number);
        assert!(!p.indicators.is_empty(), "plan {}", p.number);
        assert!(!p.actions.is_empty() && !p.effects.is_empty() && !p.general_plan.text.is_empty());
    }
    // Every department of the list is used by some plan.
    let used: BTreeSet<&str> = set.plans.iter().map(|p| p.department.as_str()).collect();
    assert_eq!(used.len(), set.outline.departments.len());
    // Focus areas per policy: (1)–(5) Ⅰ, (6)–(9) Ⅱ, (10)–(11) Ⅲ.
    let policy_of: Vec<&str> = set.focus_areas.iter().map(|a| a.policy.as_str()).collect();
    assert_eq!(
        policy_of,
        ["Ⅰ", "Ⅰ", "Ⅰ", "Ⅰ", "Ⅰ", "Ⅱ", "Ⅱ", "Ⅱ", "Ⅱ", "Ⅲ", "Ⅲ"]
    );
}

#[test]
fn real_file_grading_scale() {
    let grading = real().plans.grading;
    let grades: Vec<(&str, &str, Decimal)> = grading
        .grades
        .iter()
        .map(|g| (g.mark.as_str(), g.label.as_str(), g.min_rate))
        .collect();
    assert_eq!(
        grades,
        [
            ("A", "目標達成", dec("100")),
            ("B", "概ね達成", dec("80")),
            ("C", "未達成", dec("50")),
            ("D", "大幅に未達成", dec("0")),
        ]
    );
    assert_eq!(grading.not_evaluated, "－");
}

#[test]
fn real_file_keeps_texts_verbatim() {
    let set = real().plans;
    assert!(
        plan(&set, 12)
            .target_text
            .contains("令和6年度：現年 99.50% 滞繰 22.50%")
    );
    assert!(plan(&set, 27).actions.contains("・複線型昇任制度の導入"));
    assert_eq!(
        plan(&set, 9).period_note.as_deref(),
        Some("※取組期間は公園施設長寿命化対策支援事業と整合させている。")
    );
    assert_eq!(plan(&set, 15).period_text, "令和2年度～ ※令和5年度");
    // ⑩'s sentence is kept with the outline's own slip (実質公債比率).
    assert!(
        plan(&set, 10)
            .general_plan
            .text
            .starts_with("実質公債比率を今以上に改善")
    );
    assert_eq!(
        plan(&set, 6).general_plan.policies,
        ["方針4 質の高い行政経営の推進", "方針5 健全財政の堅持"]
    );
    // The HTML of the last table is gone, its lines are kept.
    for p in &set.plans {
        for text in [&p.actions, &p.effects, &p.general_plan.text, &p.target_text] {
            assert!(!text.contains('<'), "plan {} keeps HTML", p.number);
        }
    }
    let area7 = &set.focus_areas[6];
    assert_eq!(area7.title, "高齢者の生きがいづくり");
    assert_eq!(area7.text.split("\n\n").count(), 2);
    assert!(set.focus_areas[1].text.contains("BPR※1を意識し"));
}

#[test]
fn real_file_target_models() {
    let set = real().plans;
    let count = |n| plan(&set, n).indicators.len();
    for (n, expected) in [(1, 2), (8, 2), (12, 2), (14, 2), (18, 2), (27, 4), (28, 1)] {
        assert_eq!(count(n), expected, "indicators of plan {n}");
    }
    let periods: Vec<(u32, i32)> = set
        .plans
        .iter()
        .filter(|p| p.period.end != 2024)
        .map(|p| (p.number, p.period.end))
        .collect();
    assert_eq!(
        periods,
        [
            (9, 2023),
            (15, 2023),
            (16, 2023),
            (19, 2022),
            (20, 2022),
            (21, 2022),
            (24, 2021)
        ]
    );
    let two = &plan(&set, 2).indicators[0];
    assert_eq!(two.target, Target::BaselineChange { percent: dec("-3") });
    assert_eq!(two.direction, Direction::Lower);
    assert_eq!(
        two.baseline.map(|b| (b.value, b.year)),
        Some((dec("7063"), 2018))
    );
    let four = &plan(&set, 4).indicators[0];
    assert_eq!(
        four.target,
        Target::Level {
            value: dec("82"),
            yearly_step: None
        }
    );
    let why = four.interpretation.as_deref().unwrap_or_default();
    assert!(why.contains("10ポイント") && why.contains("79.2%"), "{why}");
    match &plan(&set, 7).indicators[0].target {
        Target::Cumulative {
            total,
            breakdown: Some(b),
        } => {
            assert_eq!(*total, dec("34"));
            assert_eq!(b.values().copied().sum::<Decimal>(), dec("33"));
        }
        other => panic!("⑦: {other:?}"),
    }
    match &plan(&set, 10).indicators[0].target {
        Target::Schedule { values } => assert_eq!(values.get(&2024), Some(&dec("11.6"))),
        other => panic!("⑩: {other:?}"),
    }
    let twelve: Vec<&str> = plan(&set, 12)
        .indicators
        .iter()
        .map(|i| i.key.as_str())
        .collect();
    assert_eq!(twelve, ["現年", "滞繰"]);
    let fourteen: Vec<(&str, Decimal)> = plan(&set, 14)
        .indicators
        .iter()
        .map(|i| {
            (
                i.unit.as_str(),
                i.baseline.map(|b| b.value).unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(fourteen, [("kWh", dec("1360000")), ("L", dec("47300"))]);
    assert!(matches!(
        plan(&set, 11).indicators[0].target,
        Target::Reference { .. }
    ));
    assert_eq!(plan(&set, 1).indicators[1].target, Target::Zero);
    assert_eq!(
        plan(&set, 28).indicators[0].target,
        Target::PreviousYearChange { percent: dec("-3") }
    );
    assert_eq!(
        plan(&set, 5).indicators[0].target,
        Target::Annual {
            value: dec("1"),
            at_least: true
        }
    );
}

#[test]
fn real_file_prints_the_outlines_decimals() {
    let set = real().plans;
    let declared: Vec<(u32, &str, u32)> = set
        .plans
        .iter()
        .flat_map(|p| {
            p.indicators
                .iter()
                .filter_map(move |i| i.decimals.map(|d| (p.number, i.key.as_str(), d)))
        })
        .collect();
    assert_eq!(
        declared,
        [
            (10, "1", 1),
            (11, "1", 1),
            (12, "現年", 2),
            (12, "滞繰", 2),
            (15, "1", 1),
            (16, "1", 1),
            (19, "1", 1)
        ]
    );
    // ⑪「(参考) 平成30年度：53.0%」: the TOML float 53.0 has lost its zero, decimals restores it.
    let eleven = &plan(&set, 11).indicators[0];
    let baseline = eleven.baseline.map(|b| b.value).unwrap_or_default();
    assert_eq!(eleven.format_value(baseline), "53.0");
    assert!(
        eleven
            .text
            .contains(&format!("{}%", eleven.format_value(baseline)))
    );
    let twelve = &plan(&set, 12).indicators[1];
    assert_eq!(twelve.format_value(dec("22.5")), "22.50");
    // More decimals than declared are shown, never hidden; no decimals keeps the figure's own.
    assert_eq!(eleven.format_value(dec("41.25")), "41.25");
    let fourteen = &plan(&set, 14).indicators[0];
    assert_eq!(fourteen.format_value(dec("1360000")), "1,360,000");
    // Every figure printed with decimals in the outline is declared: a decimal point in the
    // indicator's text means the indicator has decimals.
    for p in &set.plans {
        for i in &p.indicators {
            let printed_decimals = i
                .text
                .split(|c: char| !(c.is_ascii_digit() || c == '.'))
                .any(|w| w.len() > 2 && w.contains('.') && !w.starts_with('.'));
            assert_eq!(
                printed_decimals,
                i.decimals.is_some(),
                "{}{} {}",
                p.number,
                i.key,
                i.text
            );
        }
    }
}

#[test]
fn decimals_finer_than_a_figure_warn() {
    let source =
        std::fs::read_to_string("tests/fixtures/plans/minimal.toml").expect("fixture readable");
    let source = source.replace(
        "direction = \"higher\"\n",
        "direction = \"higher\"\ndecimals = 0\nbaseline = { value = 9.5, year = 2019 }\n",
    );
    let loaded = plan::parse(&source, "x.toml").expect("a warning does not stop the file");
    let codes: Vec<&str> = loaded.warnings.iter().map(|w| w.code).collect();
    assert_eq!(
        codes,
        ["plan-decimals-hide-digits"],
        "{:#?}",
        loaded.warnings
    );
    let w = &loaded.warnings[0];
    assert!(w.message.contains("9.5"), "{}", w.message);
    assert_eq!(w.field.as_deref(), Some("indicators[0].decimals"));
    assert_eq!(w.source.as_ref().and_then(|s| s.line), Some((44, 1)));
}

#[test]
fn json_round_trip() {
    let mut set = real().plans;
    // Where the file was read is not part of the model's JSON.
    set.source_file = None;
    let json = serde_json::to_string_pretty(&set).expect("serializes");
    let back: PlanSet = serde_json::from_str(&json).expect("deserializes");
    assert_eq!(back, set);
}

#[test]
fn real_file_warns_of_the_outlines_inconsistencies() {
    let warnings = real().warnings;
    let found: BTreeSet<(&str, Option<u32>)> = warnings.iter().map(|w| (w.code, w.plan)).collect();
    let expected: BTreeSet<(&str, Option<u32>)> = [
        ("plan-breakdown-sum", Some(7)),
        ("plan-schedule-worsens", Some(10)),
        ("plan-target-worse-than-baseline", Some(12)),
        ("plan-step-mismatch", Some(21)),
    ]
    .into_iter()
    .collect();
    assert_eq!(found, expected, "{warnings:#?}");
    for w in &warnings {
        assert!(!w.is_error());
        let line = w.source.as_ref().and_then(|s| s.line);
        assert!(line.is_some_and(|(l, _)| l > 1), "{w:?}");
    }
    let step = warnings.iter().find(|w| w.code == "plan-step-mismatch");
    assert!(step.is_some_and(|w| w.message.contains("237") && w.message.contains("235")));
}

fn errors_of(fixture: &str) -> Vec<Diagnostic> {
    let path = format!("tests/fixtures/plans/{fixture}.toml");
    match plan::load(Path::new(&path)) {
        Ok(_) => panic!("{fixture} should not load"),
        Err(PlanError::Invalid(diagnostics)) => diagnostics
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect(),
        Err(other) => panic!("{fixture}: {other}"),
    }
}

fn line(d: &Diagnostic) -> usize {
    d.source
        .as_ref()
        .and_then(|s| s.line)
        .map_or(0, |(line, _)| line)
}

#[test]
fn minimal_fixture_loads_cleanly() {
    let loaded = plan::load(Path::new("tests/fixtures/plans/minimal.toml")).expect("loads");
    assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
    assert_eq!(loaded.plans.plans.len(), 1);
}

#[test]
fn each_loader_error_names_its_line() {
    let cases = [
        ("syntax", "plan-toml-syntax", 28),
        ("missing-field", "plan-missing-field", 26),
        ("unknown-field", "plan-unknown-field", 30),
        ("wrong-type", "plan-wrong-type", 27),
        ("unknown-department", "plan-unknown-department", 29),
        ("unknown-focus-area", "plan-unknown-focus-area", 30),
        ("unknown-policy", "plan-unknown-policy", 23),
        ("period-reversed", "plan-period-reversed", 31),
        ("period-outside", "plan-period-outside", 31),
        ("schedule-year-outside", "plan-year-outside-period", 44),
        ("breakdown-year-outside", "plan-year-outside-period", 44),
        ("duplicate-number", "plan-duplicate-number", 47),
        // Two plans with one display id (full-width and half-width are one id).
        ("duplicate-plan-id", "plan-duplicate-id", 49),
        ("grades-not-descending", "plan-grades-not-descending", 14),
        ("missing-baseline", "plan-missing-baseline", 44),
        ("decimals-too-many", "plan-decimals-too-many", 44),
        (
            "duplicate-indicator-key",
            "plan-duplicate-indicator-key",
            47,
        ),
    ];
    for (fixture, code, expected_line) in cases {
        let errors = errors_of(fixture);
        let summary: Vec<(&str, usize)> = errors.iter().map(|d| (d.code, line(d))).collect();
        assert_eq!(summary, [(code, expected_line)], "{fixture}: {errors:#?}");
        let d = &errors[0];
        assert!(d.hint.is_some(), "{fixture}: no hint");
        assert!(
            d.source
                .as_ref()
                .is_some_and(|s| s.file.ends_with(&format!("{fixture}.toml"))),
            "{fixture}"
        );
    }
}

#[test]
fn loader_errors_carry_field_and_plan() {
    let missing = &errors_of("missing-field")[0];
    assert_eq!(missing.field.as_deref(), Some("plans[0].department"));
    let department = &errors_of("unknown-department")[0];
    assert_eq!(department.plan, Some(1));
    assert_eq!(department.field.as_deref(), Some("department"));
    assert!(department.message.contains("総務部"));
    let wrong = &errors_of("wrong-type")[0];
    assert_eq!(wrong.source.as_ref().and_then(|s| s.line), Some((27, 10)));
    assert_eq!(wrong.field.as_deref(), Some("plans[0].number"));
    let unknown = &errors_of("unknown-field")[0];
    assert!(unknown.message.contains("departmnet"), "{unknown:?}");
    assert!(
        unknown
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("department"))
    );
    let year = &errors_of("schedule-year-outside")[0];
    assert_eq!(
        year.field.as_deref(),
        Some("indicators[0].target.values.2025")
    );
}

#[test]
fn every_error_of_a_file_is_reported() {
    let errors = errors_of("multiple-errors");
    let summary: Vec<(&str, usize)> = errors.iter().map(|d| (d.code, line(d))).collect();
    assert_eq!(
        summary,
        [
            ("plan-wrong-type", 40),
            ("plan-unknown-department", 49),
            ("plan-wrong-type", 71),
            ("plan-unknown-field", 83),
        ],
        "{errors:#?}"
    );
}

#[test]
fn parse_names_the_file_it_was_given() {
    let source = "[outline]\ntitle = 1\n";
    let Err(PlanError::Invalid(diagnostics)) = plan::parse(source, "どこか.toml") else {
        panic!("should fail");
    };
    assert!(
        diagnostics
            .iter()
            .all(|d| d.source.as_ref().is_some_and(|s| s.file == "どこか.toml"))
    );
    let codes: BTreeSet<&str> = diagnostics.iter().map(|d| d.code).collect();
    assert!(
        codes.contains("plan-wrong-type") && codes.contains("plan-missing-field"),
        "{codes:?}"
    );
}

#[test]
fn columns_count_characters_not_bytes() {
    let source = "[outline]\ndepartments = [\"総務課\", 1]\n";
    let Err(PlanError::Invalid(diagnostics)) = plan::parse(source, "x.toml") else {
        panic!("should fail");
    };
    let wrong = diagnostics
        .iter()
        .find(|d| d.code == "plan-wrong-type")
        .expect("the number among the departments");
    assert_eq!(wrong.source.as_ref().and_then(|s| s.line), Some((2, 23)));
}

#[test]
fn misspelt_section_is_unknown_and_its_absence_reported() {
    let minimal =
        std::fs::read_to_string("tests/fixtures/plans/minimal.toml").expect("fixture readable");
    let source = minimal.replace("[outline]", "[outlines]");
    let Err(PlanError::Invalid(diagnostics)) = plan::parse(&source, "x.toml") else {
        panic!("should fail");
    };
    let summary: Vec<(&str, usize)> = diagnostics.iter().map(|d| (d.code, line(d))).collect();
    assert_eq!(
        summary,
        [("plan-missing-field", 1), ("plan-unknown-field", 2)],
        "{diagnostics:#?}"
    );
}

#[test]
fn circled_numbers() {
    let marks: Vec<String> = [1, 20, 21, 27, 29, 35, 36, 50, 51]
        .into_iter()
        .map(circled_number)
        .collect();
    assert_eq!(
        marks,
        ["①", "⑳", "㉑", "㉗", "㉙", "㉟", "㊱", "㊿", "(51)"]
    );
}

fn hyoka(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("hyoka runs")
}

#[test]
fn cli_lists_every_plan() {
    let out = hyoka(&["plans"]);
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    for n in 1..=29 {
        let mark = circled_number(n);
        assert!(
            stdout.lines().any(|l| l.starts_with(&mark)),
            "{mark} missing"
        );
    }
    assert!(stdout.contains("職員課"));
    assert!(stdout.contains("令和6年度：現年 99.50%") && stdout.contains("令和6年度：滞繰 22.50%"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("plan-breakdown-sum"), "{stderr}");
}

#[test]
fn cli_json_is_the_model() {
    let out = hyoka(&["plans", "--json", "--plan", REAL]);
    assert!(out.status.success(), "{out:?}");
    let set: PlanSet = serde_json::from_slice(&out.stdout).expect("JSON of a PlanSet");
    let mut real = real().plans;
    // Where the file was read is not part of the model's JSON.
    real.source_file = None;
    assert_eq!(set, real);
}

#[test]
fn cli_fails_on_a_broken_file() {
    let out = hyoka(&[
        "plans",
        "--plan",
        "tests/fixtures/plans/unknown-department.toml",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("plan-unknown-department"), "{stderr}");
    assert!(stderr.contains("unknown-department.toml:29:"), "{stderr}");
}

#[test]
fn cli_fails_on_a_missing_file() {
    let out = hyoka(&["plans", "--plan", "tests/fixtures/plans/no-such-file.toml"]);
    // Cannot run (README 終了コード 2), as `check` and `build` on a missing plan file.
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no-such-file.toml を読み込めません"),
        "{stderr}"
    );
}
