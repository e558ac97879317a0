//! A city with more plans than circled numbers (past ㊿ they print as 「(51)」): the synthetic
//! city of `examples/synthetic_city.rs` must be read back plan by plan, not matched by name
//! to the real plan it copies.

#[allow(dead_code)]
use crate::synthetic_city;

use std::collections::BTreeSet;

const YEAR: i32 = 2024;

#[test]
fn plans_past_fifty_keep_their_numbers() {
    let real = hyoka::plan::load(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/plans/azumino-4th.toml"
    )))
    .expect("plan file")
    .plans;
    let city = synthetic_city::synthetic(&real, 70);
    assert_eq!(city.plans.len(), 70);
    assert_eq!(hyoka::text::number::circled(51), "(51)");

    let dir = tempfile::tempdir().unwrap();
    let forms = hyoka::forms::make_forms(&city, YEAR).expect("forms");
    for form in &forms {
        std::fs::write(dir.path().join(&form.file_name), &form.bytes).unwrap();
    }
    let intake =
        hyoka::intake::read_dir(dir.path(), &hyoka::intake::IntakeOptions::default()).unwrap();

    let active: BTreeSet<u32> = city
        .plans
        .iter()
        .filter(|p| p.period.contains(YEAR))
        .map(|p| p.number)
        .collect();
    assert!(active.iter().any(|&n| n > 50), "{active:?}");
    let read: BTreeSet<u32> = intake
        .submissions
        .iter()
        .map(|s| {
            s.plan_number
                .unwrap_or_else(|| panic!("{}: no number", s.sheet))
        })
        .collect();
    assert_eq!(read, active);
    assert_eq!(intake.submissions.len(), active.len(), "one sheet per plan");

    // Blank forms lack values (errors), but no sheet may be taken for another plan.
    let validated = hyoka::validate::validate(&city, &intake, Some(YEAR));
    let wrong: Vec<_> = validated
        .diagnostics
        .iter()
        .filter(|d| {
            matches!(
                d.code,
                "submission-duplicate"
                    | "plan-unknown"
                    | "plan-name-mismatch"
                    | "plan-other-department"
                    | "plan-not-submitted"
            )
        })
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}
