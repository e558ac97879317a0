//! Computed targets print with their indicator's decimals, rounded in the direction that keeps
//! them honest: a target to reach (以上) up, a ceiling (以下) down. No 「6,851.11人」 of a
//! countable thing, in the book or on a department's form; checked over every indicator and
//! year of the sample's 29 plans, the second city and a synthetic city of 1,000 plans.

use std::path::Path;

use hyoka::book::Book;
use hyoka::pipeline::{BuildOptions, Prepared, prepare_book};
use hyoka::plan::target::year_target;
use hyoka::plan::{Direction, PlanSet};
use rust_decimal::Decimal;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn load(path: &str) -> PlanSet {
    hyoka::plan::load(&root().join(path))
        .expect("plan file")
        .plans
}

/// Every target the definition gives has no more decimals than its indicator; returns how
/// many were checked.
fn targets_keep_their_decimals(plans: &PlanSet) -> usize {
    let mut checked = 0;
    for plan in &plans.plans {
        for ind in &plan.indicators {
            let decimals = ind.value_decimals();
            for year in plans.outline.period.start..=plans.outline.period.end {
                let Some(t) = year_target(ind, plan.period, year) else {
                    continue;
                };
                assert_eq!(
                    t.round_dp(decimals),
                    t,
                    "{}{} {} {year}: target {t} has more than the indicator's {decimals} decimals",
                    plan.display_id(),
                    plan.name,
                    ind.label
                );
                checked += 1;
            }
        }
    }
    checked
}

#[test]
fn definition_targets_have_their_indicators_decimals_in_every_city() {
    let sample = load("plans/azumino-4th.toml");
    assert!(targets_keep_their_decimals(&sample) > 100);
    assert!(targets_keep_their_decimals(&load("tests/fixtures/city2/plan.toml")) > 10);
    let city = crate::synthetic_city::synthetic(&sample, 1000);
    assert!(targets_keep_their_decimals(&city) > 3000);
}

#[test]
fn the_issues_fractional_targets_are_rounded_honestly() {
    let plans = load("plans/azumino-4th.toml");
    let t = |number: u32, k: usize, year: i32| {
        let plan = plans.plans.iter().find(|p| p.number == number).unwrap();
        let ind = &plan.indicators[k];
        (year_target(ind, plan.period, year), ind.direction)
    };
    let d = |s: &str| Some(s.parse::<Decimal>().unwrap());
    // ② 7,063 − 3% = 6,851.11 人, 以下: down.
    assert_eq!(t(2, 0, 2024), (d("6851"), Direction::Lower));
    // ㉑ 217 → 235 グループ, R3 230.5, 以上: up.
    assert_eq!(t(21, 0, 2021), (d("231"), Direction::Higher));
    // ⑧ 761 橋 over five years, R2 152.2, 以上: up.
    assert_eq!(t(8, 0, 2020), (d("153"), Direction::Higher));
}

fn sample_book(year: i32) -> Book {
    let options = BuildOptions {
        year: Some(year),
        input: root().join("input"),
        plan: root().join("plans/azumino-4th.toml"),
        templates: root().join("templates"),
        allow_errors: false,
        date: None,
        intake: Default::default(),
    };
    match prepare_book(&options).expect("sample builds") {
        Prepared::Book { book, .. } => *book,
        Prepared::Rejected { diagnostics, .. } => panic!("sample rejected: {diagnostics:?}"),
    }
}

/// In the book, every target of every year, including those computed from a reported figure
/// (㉗ 161.7人, ㉘ 55,441.32時間), prints with exactly its indicator's decimals.
#[test]
fn every_target_in_the_book_prints_with_its_indicators_decimals() {
    let plans = load("plans/azumino-4th.toml");
    let book = sample_book(2024);
    let mut checked = 0;
    for page in &book.plans {
        let plan = plans
            .plans
            .iter()
            .find(|p| p.number == page.number)
            .unwrap();
        for (h, ind) in page.history.iter().zip(&plan.indicators) {
            for p in &h.points {
                if let Some(t) = &p.target {
                    assert_eq!(
                        t.decimals,
                        ind.value_decimals(),
                        "{} {} {}: {}",
                        page.mark,
                        h.label,
                        p.year,
                        hyoka::compose::value_text(t)
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 100, "{checked}");
    let p27 = book.plans.iter().find(|p| p.number == 27).unwrap();
    assert_eq!(
        hyoka::compose::value_text(p27.results[1].target.as_ref().unwrap()),
        "162"
    );
    let p28 = book.plans.iter().find(|p| p.number == 28).unwrap();
    assert_eq!(
        hyoka::compose::value_text(p28.results[0].target.as_ref().unwrap()),
        "55,441"
    );
    // 評価の方法 says how.
    assert!(
        book.method.rounding.contains("「以上」の目標は切り上げ")
            && book.method.rounding.contains("「以下」の目標は切り捨て"),
        "{}",
        book.method.rounding
    );
}
