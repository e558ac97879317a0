//! Writes the fictional sample input (サンプル／架空のデータ): filled progress sheets for all
//! action plans for every fiscal year R2–R6, made from the forms of `hyoka forms`.
//!
//! ```text
//! cargo run --example sample_input -- input/ [plans/azumino-4th.toml]
//! ```
//!
//! Every value and sentence is invented. The variety is deliberate, so that intake is
//! exercised by the shipped sample:
//!
//! - 令和2年度 was collected by 政策経営課 into one workbook holding every plan's sheet;
//!   the other years have one workbook per 担当課 (under `input/<year>年度/`);
//! - 収納課 types its rates as full-width text (「９９．２」) in 令和3年度 and stores them as
//!   percentages (0.992 formatted as 99.2%) in the other years;
//! - 秘書広報課 types visitor counts with thousands separators and a unit (「1,051,200人」);
//! - 政策経営課 writes a negative 社会増減 as 「△12」;
//! - 建設課 inserted a row above 取組実績 (令和6年度) and above the indicator table (令和5年度);
//! - one workbook is an Excel 97–2003 .xls: `input/2022年度/2022年度_税務課_進捗シート.xls`.
//!   It was converted once from the generated .xlsx with
//!   `soffice --headless --convert-to xls --outdir input/2022年度 input/2022年度/2022年度_税務課_進捗シート.xlsx`
//!   and the .xlsx removed; while that .xls exists the generator does not write the .xlsx again.
//!
//! - the committee's review of 令和5年度 (`input/2023年度/2023年度_委員会評価シート.xlsx`) is
//!   made from the book of the sheets written before it, as `hyoka committee` makes it, and
//!   filled with invented opinions (several on some plans, member names on some) and one
//!   委員会評価 a step stricter than the computed grade; the 令和6年度 sheets answer each of
//!   its opinions (対応済 / 対応中 / 未対応 / 対応しない, one left unanswered), as next year's
//!   forms from `hyoka forms` ask.
//!
//! Every workbook says it is fictional on its face (「サンプル／架空のデータ」 on each sheet) and
//! carries the workbook name `HYOKA_SAMPLE` (`labels::SAMPLE_NAME`), by which intake marks
//! the book as sample data: words in cells decide nothing. LibreOffice keeps the name when it
//! saves the .xls, so a conversion made again as above still carries it.
//!
//! Values follow consistent trends with a spread of grades (some plans reach their targets,
//! some miss them); the generator is deterministic (no clock, no random source).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hyoka::forms::committee::{self, ReviewFill, ReviewOptions};
use hyoka::forms::{
    self, IndicatorFill, Input, PlanFill, PriorOpinion, PriorReview, ResponseFill, WorkbookOptions,
    departments, make_workbook,
};
use hyoka::pipeline::{BuildOptions, Prepared, prepare_book, review_plans};
use hyoka::plan::{Direction, Indicator, Plan, PlanSet, Target};
use hyoka::text::wareki::fiscal_year_label;
use hyoka::values::FiscalYear;
use rust_decimal::prelude::ToPrimitive;

const YEARS: [FiscalYear; 5] = [2020, 2021, 2022, 2023, 2024];
const XLS_FILE: (FiscalYear, &str) = (2022, "税務課");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().unwrap_or_else(|| "input".to_string()));
    let plan_file = args
        .next()
        .unwrap_or_else(|| "plans/azumino-4th.toml".to_string());
    let plans: PlanSet = toml::from_str(&std::fs::read_to_string(&plan_file)?)?;
    let values = Values::new(&plans);
    let mut written = 0;
    // The review is remade from the grades of the years written before it: an old one would
    // be read with them.
    let review_path = out
        .join(format!("{REVIEWED}年度"))
        .join(committee::file_name(REVIEWED));
    if review_path.exists() {
        std::fs::remove_file(&review_path)?;
    }
    let mut prior = None;
    for year in YEARS {
        if year == REVIEWED + 1 {
            let review = write_review(&out, Path::new(&plan_file), &plans, &review_path)?;
            written += 1;
            prior = Some(review);
        }
        written += write_year(&out, &plans, &values, year, prior.as_ref())?;
    }
    println!(
        "{written} 件のサンプル入力を {} に書き出しました。",
        out.display()
    );
    Ok(())
}

/// Writes the department workbooks of `year`, answering `prior`'s opinions; returns how many.
fn write_year(
    out: &Path,
    plans: &PlanSet,
    values: &Values,
    year: FiscalYear,
    prior: Option<&PriorReview>,
) -> Result<usize, Box<dyn std::error::Error>> {
    let dir = out.join(format!("{year}年度"));
    std::fs::create_dir_all(&dir)?;
    let active: Vec<&Plan> = plans
        .plans
        .iter()
        .filter(|p| p.period.contains(year))
        .collect();
    // One workbook for all departments, as the sample's first year was sent, however many
    // plans the (synthetic) city has.
    if year == 2020 {
        let numbers: Vec<u32> = active.iter().map(|p| p.number).collect();
        let options = options(plans, values, year, &active, "政策経営課", prior);
        let bytes = make_workbook(plans, year, "政策経営課（全担当課分）", &numbers, &options)?;
        write(
            &dir.join(format!("{year}年度_全担当課_進捗シート.xlsx")),
            &bytes,
        )?;
        return Ok(1);
    }
    let mut written = 0;
    for department in departments(plans) {
        let mine: Vec<&Plan> = active
            .iter()
            .copied()
            .filter(|p| p.department == department)
            .collect();
        if mine.is_empty() {
            continue;
        }
        let name = forms::file_name(year, &department);
        if (year, department.as_str()) == XLS_FILE
            && dir.join(name.replace(".xlsx", ".xls")).exists()
        {
            continue;
        }
        let numbers: Vec<u32> = mine.iter().map(|p| p.number).collect();
        let options = options(plans, values, year, &mine, &department, prior);
        let bytes = make_workbook(plans, year, &department, &numbers, &options)?;
        write(&dir.join(name), &bytes)?;
        written += 1;
    }
    Ok(written)
}

/// The year whose committee review the sample carries (令和5年度); the next year's sheets
/// answer its opinions.
const REVIEWED: FiscalYear = 2023;

/// Fictional opinions of the R5 review: (plan, opinions as (text, member)). Member names are
/// optional, as on a real review; every name is invented.
const OPINIONS: &[(u32, &[(&str, &str)])] = &[
    (
        2,
        &[
            (
                "電子申告の利用を広げるため、高齢者向けの操作説明会を検討されたい。（サンプル）",
                "架空委員A",
            ),
            (
                "申告相談の待ち時間を指標に加えることも検討されたい。（サンプル）",
                "",
            ),
        ],
    ),
    (
        5,
        &[
            (
                "民間活力の導入が進んでいない理由を整理し、次年度の見通しを示されたい。（サンプル）",
                "架空委員B",
            ),
            (
                "他市の導入事例を調べ、対象となる事業を早めに絞り込むこと。（サンプル）",
                "架空委員A",
            ),
            (
                "導入が難しい場合は目標の見直しも含めて検討されたい。（サンプル）",
                "",
            ),
        ],
    ),
    (
        12,
        &[(
            "収納率は高い水準にあるが、滞納の早期対応を引き続き進められたい。（サンプル）",
            "",
        )],
    ),
    (
        8,
        &[
            (
                "橋りょうの点検結果を市民に分かりやすく公表されたい。（サンプル）",
                "架空委員C",
            ),
            (
                "修繕の優先順位の考え方を示されたい。（サンプル）",
                "架空委員C",
            ),
        ],
    ),
];

/// The plan whose 委員会評価 differs from the computed grade (one step stricter).
const STRICTER: u32 = 7;

/// Builds the 令和5年度 book from what is written so far, and writes the committee's review
/// workbook filled with [`OPINIONS`], every plan graded as computed but [`STRICTER`].
fn write_review(
    out: &Path,
    plan_file: &Path,
    plans: &PlanSet,
    path: &Path,
) -> Result<PriorReview, Box<dyn std::error::Error>> {
    let options = BuildOptions {
        year: Some(REVIEWED),
        input: out.to_path_buf(),
        plan: plan_file.to_path_buf(),
        templates: PathBuf::from("templates"),
        allow_errors: false,
        date: None,
        intake: Default::default(),
    };
    let book = match prepare_book(&options)? {
        Prepared::Book { book, .. } => book,
        Prepared::Rejected { diagnostics, .. } => {
            return Err(format!("the sample of {REVIEWED} has errors: {diagnostics:#?}").into());
        }
    };
    let rows = review_plans(&book);
    let scale: Vec<&str> = plans
        .grading
        .grades
        .iter()
        .map(|g| g.mark.as_str())
        .collect();
    let mut fills = BTreeMap::new();
    for r in &rows {
        let Some(at) = scale.iter().position(|m| *m == r.computed) else {
            continue;
        };
        let grade = if r.plan == STRICTER {
            scale.get(at + 1).unwrap_or(&scale[at])
        } else {
            &scale[at]
        };
        let opinions = OPINIONS
            .iter()
            .find(|(p, _)| *p == r.plan)
            .map(|(_, o)| {
                o.iter()
                    .map(|(t, m)| (t.to_string(), m.to_string()))
                    .collect()
            })
            .unwrap_or_default();
        fills.insert(
            r.plan,
            ReviewFill {
                grade: Some(grade.to_string()),
                opinions,
            },
        );
    }
    let bytes = committee::make_review_workbook(
        plans,
        REVIEWED,
        &rows,
        &ReviewOptions {
            sample: true,
            fills,
            ..ReviewOptions::default()
        },
    )?;
    write(path, &bytes)?;
    let mut opinions = BTreeMap::new();
    for (plan, list) in OPINIONS {
        let mark = plans
            .plans
            .iter()
            .find(|p| p.number == *plan)
            .map(Plan::display_id)
            .unwrap_or_default();
        opinions.insert(
            *plan,
            list.iter()
                .enumerate()
                .map(|(i, (text, _))| PriorOpinion {
                    id: committee::opinion_id(REVIEWED, &mark, i + 1),
                    text: text.to_string(),
                })
                .collect(),
        );
    }
    Ok(PriorReview {
        year: REVIEWED,
        opinions,
    })
}

/// The department's fictional response to the `n`-th opinion overall: every 対応状況 occurs,
/// and one opinion is left unanswered (an open opinion the book lists).
fn response(n: usize) -> Option<ResponseFill> {
    let (status, text) = match n % 5 {
        0 => ("対応済", "ご意見を受け、令和6年度に実施した。（サンプル）"),
        1 => (
            "対応中",
            "令和7年度の実施に向けて準備を進めている。（サンプル）",
        ),
        2 => ("未対応", ""),
        3 => (
            "対応しない",
            "費用に見合う効果が見込めないため、現行の方法を続ける。（サンプル）",
        ),
        _ => return None,
    };
    Some(ResponseFill {
        status: Some(status.to_string()),
        text: (!text.is_empty()).then(|| text.to_string()),
    })
}

fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp~");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(tmp, path)
}

/// A small deterministic hash → [0, 1).
fn noise(a: u32, b: i32, c: u32) -> f64 {
    let mut x = (a as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ (b as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
        ^ (c as u64).wrapping_mul(0x1656_67B1_9E37_79F9);
    x ^= x >> 31;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 27;
    (x % 10_000) as f64 / 10_000.0
}

/// Every actual, previous and reference value, per (plan, indicator key, year).
struct Values {
    actual: BTreeMap<(u32, String, FiscalYear), f64>,
    reference: BTreeMap<(u32, String, FiscalYear), f64>,
    rate: BTreeMap<(u32, String, FiscalYear), f64>,
}

/// How well a plan does: 1.0 reaches its targets exactly; the spread gives grades A–D.
fn performance(plan: u32) -> f64 {
    match plan % 6 {
        0 => 1.08,
        1 => 1.02,
        2 => 0.93,
        3 => 1.0,
        4 => 0.78,
        _ => 0.45,
    }
}

fn round(v: f64, unit: &str) -> f64 {
    if unit == "%" {
        (v * 10.0).round() / 10.0
    } else {
        v.round()
    }
}

fn dec(d: rust_decimal::Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

impl Values {
    fn new(plans: &PlanSet) -> Self {
        let mut v = Values {
            actual: BTreeMap::new(),
            reference: BTreeMap::new(),
            rate: BTreeMap::new(),
        };
        for plan in &plans.plans {
            for (i, ind) in plan.indicators.iter().enumerate() {
                let mut last: Option<f64> = None;
                for year in plan.period.start..=plan.period.end {
                    let jitter = 0.94 + 0.12 * noise(plan.number, year, i as u32);
                    let perf = performance(plan.number + i as u32) * jitter;
                    let (actual, target, reference) = value(plan, ind, year, perf, last);
                    let actual = round(
                        actual.max(if ind.label.contains("増減") {
                            -1e9
                        } else {
                            0.0
                        }),
                        &ind.unit,
                    );
                    let actual = if ind.unit == "%" {
                        actual.min(99.9)
                    } else {
                        actual
                    };
                    // One year of net out-migration, typed with 「△」.
                    let actual = if ind.label.contains("増減") && year == 2021 {
                        -12.0
                    } else {
                        actual
                    };
                    let rate = match ind.direction {
                        _ if matches!(ind.target, Target::Zero) => {
                            if actual == 0.0 {
                                100.0
                            } else {
                                0.0
                            }
                        }
                        Direction::Higher => 100.0 * actual / target.max(1e-9),
                        Direction::Lower => 100.0 * target / actual.max(1e-9),
                    };
                    let k = (plan.number, ind.key.clone(), year);
                    v.actual.insert(k.clone(), actual);
                    v.rate.insert(k.clone(), rate);
                    if let Some(r) = reference {
                        v.reference.insert(k, round(r, &ind.unit));
                    }
                    last = Some(actual);
                }
            }
        }
        v
    }
}

/// (actual, that year's target, reference) of one indicator in one year.
fn value(
    plan: &Plan,
    ind: &Indicator,
    year: FiscalYear,
    perf: f64,
    last: Option<f64>,
) -> (f64, f64, Option<f64>) {
    let t = (year - plan.period.start + 1) as f64;
    let n = plan.period.len() as f64;
    // For "lower is better", doing better means a smaller actual.
    let towards = |target: f64| match ind.direction {
        Direction::Higher => target * perf,
        Direction::Lower => target / perf,
    };
    match &ind.target {
        Target::Zero => {
            let misses = perf < 0.9 && noise(plan.number, year, 7) < 0.5;
            (if misses { 1.0 } else { 0.0 }, 0.0, None)
        }
        Target::Annual { value, .. } => {
            let target = dec(*value);
            (towards(target), target, None)
        }
        Target::Schedule { values } => {
            let target = values.get(&year).map(|d| dec(*d)).unwrap_or(0.0);
            // Rates near 100% move little: scale the gap, not the value.
            let actual = if ind.unit == "%" {
                match ind.direction {
                    Direction::Higher => target - (1.0 - perf) * 3.0,
                    Direction::Lower => target + (1.0 - perf) * 3.0,
                }
            } else {
                towards(target)
            };
            (actual, target, None)
        }
        Target::Cumulative { total, breakdown } => {
            let share = breakdown
                .as_ref()
                .and_then(|b| b.get(&year))
                .map(|d| dec(*d))
                .unwrap_or(dec(*total) / n);
            (towards(share), share, None)
        }
        Target::Level { value, .. } => {
            let end = dec(*value);
            let target = match ind.baseline {
                Some(b) => {
                    let b0 = dec(b.value);
                    let span = (plan.period.end - b.year) as f64;
                    b0 + (end - b0) * ((year - b.year) as f64 / span)
                }
                None => end,
            };
            let actual = match ind.baseline {
                Some(b) => {
                    let b0 = dec(b.value);
                    b0 + (target - b0) * perf
                }
                None => towards(target),
            };
            (actual, target, None)
        }
        Target::BaselineChange { percent } => {
            let base = ind.baseline.map(|b| dec(b.value)).unwrap_or(100.0);
            let target = base * (1.0 + dec(*percent) / 100.0 * t / n);
            let actual = base * (1.0 + dec(*percent) / 100.0 * t / n * perf);
            (actual, target, None)
        }
        Target::PreviousYearChange { percent } => {
            let start = if ind.unit == "時間" {
                61_000.0
            } else {
                120.0
            };
            let prev = last.unwrap_or(start / (1.0 + dec(*percent) / 100.0));
            let target = prev * (1.0 + dec(*percent) / 100.0);
            let actual = prev * (1.0 + dec(*percent) / 100.0 * perf);
            (actual, target, None)
        }
        Target::Reference { .. } => {
            let reference = 44.0 - 0.6 * t;
            let actual = 53.0 - 3.5 * t * perf;
            (actual, reference, Some(reference))
        }
        // Answered by a choice (実施, a stage), not a figure: Azumino's plan has none, and
        // tests/suite/cities.rs fills the second city's. The code of 「実施」 stands here.
        Target::Done | Target::Milestone { .. } => (1.0, 1.0, None),
    }
}

fn grade(plans: &PlanSet, rate: f64) -> String {
    plans
        .grading
        .grades
        .iter()
        .find(|g| rate >= dec(g.min_rate))
        .or(plans.grading.grades.last())
        .map(|g| g.mark.clone())
        .unwrap_or_default()
}

fn first_action(plan: &Plan, k: usize) -> String {
    let lines: Vec<String> = plan
        .actions
        .lines()
        .map(|l| {
            l.trim()
                .trim_start_matches(['○', '◆', '・', '①', '②', '③', '④', '⑤', '※'])
                .trim()
                .to_string()
        })
        .filter(|l| l.chars().count() >= 4)
        .collect();
    if lines.is_empty() {
        plan.name.clone()
    } else {
        lines[k % lines.len()].clone()
    }
}

const ISSUES: [&str; 6] = [
    "担当職員の業務量が多く、取組を継続する体制の確保が課題である。",
    "関係課との情報共有に時間を要しており、調整の効率化が必要である。",
    "市民への周知が十分でなく、制度の認知度を高める必要がある。",
    "新型コロナウイルス感染症の影響で、予定していた事業の一部を縮小した。",
    "費用対効果の検証方法が定まっておらず、評価指標の精度に課題がある。",
    "専門的な知識を持つ職員が限られており、人材育成が課題である。",
];

const DIRECTIONS: [&str; 5] = [
    "引き続き計画に沿って取組を進め、目標の達成を目指す。",
    "取組の効果を検証し、必要に応じて手法を見直す。",
    "関係機関と連携し、取組の対象を広げていく。",
    "先進自治体の事例を参考に、より効率的な方法を検討する。",
    "市民への周知を強化し、参加者の増加を図る。",
];

const AUTHORS: [&str; 6] = [
    "架空 太郎",
    "見本 花子",
    "試験 一郎",
    "仮名 由美",
    "例示 健",
    "標本 さくら",
];

fn options(
    plans: &PlanSet,
    values: &Values,
    year: FiscalYear,
    selected: &[&Plan],
    department: &str,
    prior: Option<&PriorReview>,
) -> WorkbookOptions {
    let mut fills = BTreeMap::new();
    for plan in selected {
        let mut indicators = BTreeMap::new();
        let mut worst = f64::MAX;
        for ind in &plan.indicators {
            let k = (plan.number, ind.key.clone(), year);
            let actual = values.actual.get(&k).copied().unwrap_or(0.0);
            worst = worst.min(values.rate.get(&k).copied().unwrap_or(100.0));
            let previous = matches!(ind.target, Target::PreviousYearChange { .. }).then(|| {
                let p = values
                    .actual
                    .get(&(plan.number, ind.key.clone(), year - 1))
                    .copied();
                Input::Number(p.unwrap_or_else(|| {
                    // The year before the period: what the first year's change started from.
                    round(actual / 1.05, &ind.unit)
                }))
            });
            let reference = values.reference.get(&k).map(|r| Input::Number(*r));
            let actual = styled_input(plan, ind, year, actual);
            indicators.insert(
                ind.key.clone(),
                IndicatorFill {
                    actual: Some(actual),
                    previous,
                    reference,
                },
            );
        }
        let n = plan.number as usize + year as usize;
        let g = grade(plans, worst);
        let result = match g.as_str() {
            "A" => "目標を達成した",
            "B" => "目標をおおむね達成した",
            "C" => "目標には届かなかった",
            _ => "目標を大きく下回った",
        };
        let achievements = format!(
            "{}年度は「{}」に重点的に取り組んだ。あわせて「{}」についても関係課と協議を進め、{}。（サンプル）",
            fiscal_year_label(year)
                .split('（')
                .next()
                .unwrap_or_default()
                .trim_end_matches("年度"),
            first_action(plan, n),
            first_action(plan, n + 1),
            result
        );
        let extra_row_above = match (department, year) {
            ("建設課", 2024) => Some("取組実績".to_string()),
            ("建設課", 2023) => Some("実績値".to_string()),
            _ => None,
        };
        // Opinions are numbered across the review, so every 対応状況 occurs.
        let responses = prior
            .map(|p| {
                let before: usize = p.opinions.range(..plan.number).map(|(_, o)| o.len()).sum();
                p.opinions
                    .get(&plan.number)
                    .into_iter()
                    .flatten()
                    .enumerate()
                    .filter_map(|(i, o)| response(before + i).map(|r| (o.id.clone(), r)))
                    .collect()
            })
            .unwrap_or_default();
        fills.insert(
            plan.number,
            PlanFill {
                indicators,
                achievements: Some(achievements),
                self_grade: Some(g),
                issues: Some(ISSUES[n % ISSUES.len()].to_string()),
                direction: Some(DIRECTIONS[n % DIRECTIONS.len()].to_string()),
                author: Some(AUTHORS[plan.number as usize % AUTHORS.len()].to_string()),
                contact: Some(format!("内線 {}", 2000 + plan.number * 7)),
                extra_row_above,
                responses,
            },
        );
    }
    WorkbookOptions {
        sample: true,
        fills,
        prior: prior.cloned(),
    }
}

/// The actual as a department would type it: mostly a number, with the deliberate variety.
fn styled_input(plan: &Plan, ind: &Indicator, year: FiscalYear, v: f64) -> Input {
    match (plan.department.as_str(), year) {
        ("収納課", 2021) => Input::Text(full_width(&format!("{v:.2}"))),
        ("収納課", _) => Input::Percent(v),
        ("秘書広報課", _) => Input::Text(format!("{}{}", thousands(v), ind.unit)),
        ("政策経営課", _) if v < 0.0 => Input::Text(format!("△{}", -v)),
        _ => Input::Number(v),
    }
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c),
            '.' => '．',
            c => c,
        })
        .collect()
}

fn thousands(v: f64) -> String {
    let digits = format!("{}", v.round() as i64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
