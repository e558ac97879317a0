//! Writes the plan definitions of a synthetic city (架空の市) with N action plans, to measure how
//! hyoka's cost grows with the amount of work.
//!
//! ```text
//! cargo run --release --example synthetic_city -- OUT N [plans/azumino-4th.toml]
//! cargo run --release --example sample_input -- OUT/input OUT/plans.toml
//! ```
//!
//! The N plans are the outline's 29 plans repeated: copy c (0, 1, 2, …) of a plan keeps its
//! indicators, targets and texts, takes the next free number and belongs to the 「第c係」 of
//! its 担当課, so a city of 1,000 plans has about 35 times the departments, workbooks and
//! sheets of the real one. Copy 0 is the real plan unchanged, so N = 29 is the real outline.
//! The second command fills every plan's sheet for R2–R6 exactly as the shipped sample is
//! filled. `bench/scale.sh` runs both and times `hyoka build` for N = 29, 300 and 1,000.

use std::path::PathBuf;

use hyoka::plan::{Plan, PlanSet};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "使い方: synthetic_city 出力フォルダ プラン数 [計画定義ファイル]";
    let out = PathBuf::from(args.next().ok_or(usage)?);
    let n: usize = args
        .next()
        .ok_or(usage)?
        .parse()
        .map_err(|_| format!("プラン数は 1 以上の整数で指定してください。{usage}"))?;
    if n == 0 {
        return Err(usage.into());
    }
    let source = args
        .next()
        .unwrap_or_else(|| "plans/azumino-4th.toml".to_string());
    let real: PlanSet = toml::from_str(&std::fs::read_to_string(&source)?)?;
    let city = synthetic(&real, n);
    std::fs::create_dir_all(&out)?;
    let text = format!(
        "# 架空の市（{n} プラン）の計画定義。examples/synthetic_city.rs が {source} から作成。\n\n{}",
        toml::to_string(&city)?
    );
    let path = out.join("plans.toml");
    std::fs::write(&path, text)?;
    println!(
        "{} プラン・{} 担当課の計画定義を {} に書き出しました。",
        city.plans.len(),
        city.outline.departments.len(),
        path.display()
    );
    Ok(())
}

/// The real outline with its plans repeated until there are `n`.
pub fn synthetic(real: &PlanSet, n: usize) -> PlanSet {
    let mut city = real.clone();
    city.outline.city = format!("架空の市（{n} プラン）");
    city.plans = (0..n)
        .map(|i| {
            let copy = i / real.plans.len();
            let mut plan: Plan = real.plans[i % real.plans.len()].clone();
            plan.number = i as u32 + 1;
            if copy > 0 {
                plan.department = section(&plan.department, copy);
                plan.name = format!("{}（第{}係）", plan.name, copy);
            }
            plan
        })
        .collect();
    let copies = n.div_ceil(real.plans.len());
    city.outline.departments = (0..copies)
        .flat_map(|copy| {
            real.outline.departments.iter().map(move |d| {
                if copy == 0 {
                    d.clone()
                } else {
                    section(d, copy)
                }
            })
        })
        .collect();
    city
}

fn section(department: &str, copy: usize) -> String {
    format!("{department}第{copy}係")
}
