//! `hyoka plans`: loads and lints the plan definitions and lists the action plans.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use hyoka::plan::{self, Direction, Indicator, Plan, PlanError, PlanSet, Target};

use super::report::print_diagnostics;

/// Arguments of `hyoka plans`.
#[derive(Args)]
pub struct PlansArgs {
    /// 計画定義ファイル（TOML）。省略時は plans/azumino-4th.toml
    #[arg(long, value_name = "FILE")]
    plan: Option<PathBuf>,
    /// 一覧の代わりに、計画定義の全体を JSON で標準出力に書き出します
    #[arg(long)]
    json: bool,
}

/// Runs `hyoka plans`: warnings to standard error, the list (or JSON) to standard output.
/// Exit code 0 when the file loads, 1 when it has errors, 2 (through `main`) when it cannot
/// be read, as for `check` and `build`.
pub fn run(args: PlansArgs) -> anyhow::Result<ExitCode> {
    let path = super::plan_path(args.plan)?;
    let loaded = match plan::load(&path) {
        Ok(loaded) => loaded,
        Err(PlanError::Invalid(diagnostics)) => {
            print_diagnostics(&diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            super::report::print_err(&format!(
                "{}: {errors} 件のエラーがあるため、計画定義を使えません",
                path.display()
            ));
            return Ok(ExitCode::from(1));
        }
        Err(err) => return Err(err.into()),
    };
    print_diagnostics(&loaded.warnings);
    let text = if args.json {
        let mut json = super::report::json_safe(serde_json::to_string_pretty(&loaded.plans)?);
        json.push('\n');
        json
    } else {
        // Line by line as every printed line (the list ends with a line break).
        render_list(&loaded.plans)
            .lines()
            .map(|line| format!("{}\n", super::report::visible(line)))
            .collect()
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The plans as a readable list: a header row per plan, then its indicators.
fn render_list(set: &PlanSet) -> String {
    let mut out = String::new();
    let outline = &set.outline;
    // The levels in the outline's own words (施策, 基本目標 …), the ones it names.
    let words = &set.vocabulary;
    let levels: String = [
        (words.focus_level(), set.focus_areas.len()),
        (words.policy_level(), set.policies.len()),
    ]
    .into_iter()
    .filter_map(|(name, n)| name.map(|name| format!("、{name} {n} 件")))
    .collect();
    let _ = writeln!(
        out,
        "{}（{}〜{}年度）: アクションプラン {} 件{levels}",
        outline.title,
        outline.period.start,
        outline.period.end,
        set.plans.len(),
    );
    let name_width = set
        .plans
        .iter()
        .map(|p| width(&p.name))
        .max()
        .unwrap_or(0)
        .min(40);
    let dept_width = set
        .plans
        .iter()
        .map(|p| width(&p.department))
        .max()
        .unwrap_or(0);
    let _ = writeln!(
        out,
        "\n番号  {}  {}  取組期間",
        pad("アクションプラン名", name_width),
        pad(&words.department, dept_width)
    );
    let mut current_area = None;
    for plan in &set.plans {
        if current_area != Some(plan.focus_area) {
            current_area = Some(plan.focus_area);
            if let Some(area) = set.focus_areas.iter().find(|a| a.id == plan.focus_area) {
                let _ = writeln!(out, "［{} ({}) {}］", area.policy, area.id, area.title);
            }
        }
        // A name too long for its column gets a line of its own.
        let name = if width(&plan.name) > name_width {
            let _ = writeln!(out, "{}    {}", plan.display_id(), plan.name);
            format!("      {}", pad("", name_width))
        } else {
            format!("{}    {}", plan.display_id(), pad(&plan.name, name_width))
        };
        let _ = writeln!(
            out,
            "{name}  {}  {}",
            pad(&plan.department, dept_width),
            period(plan)
        );
        for indicator in &plan.indicators {
            write_indicator(&mut out, indicator);
        }
    }
    out
}

fn period(plan: &Plan) -> String {
    format!(
        "{}〜{}年度（{}）",
        plan.period.start, plan.period.end, plan.period_text
    )
}

fn write_indicator(out: &mut String, indicator: &Indicator) {
    let mut lines = indicator.text.lines();
    let first = lines.next().unwrap_or_default();
    let _ = writeln!(out, "        指標 {}: {first}", indicator.key);
    for line in lines {
        let _ = writeln!(out, "              {line}");
    }
    let _ = writeln!(out, "              → {}", describe(indicator));
    if let Some(interpretation) = &indicator.interpretation {
        let _ = writeln!(out, "              解釈: {interpretation}");
    }
}

/// The target model in words, so a reader can check it against the printed text.
fn describe(indicator: &Indicator) -> String {
    let unit = &indicator.unit;
    // Figures print as the book prints them (⑪ 53.0, ⑭ 1,360,000).
    let v = |d: &rust_decimal::Decimal| indicator.format_value(*d);
    let direction = match indicator.direction {
        Direction::Higher => "高いほど良い",
        Direction::Lower => "低いほど良い",
    };
    let target = match &indicator.target {
        Target::Annual { value, at_least } => {
            format!(
                "毎年度 {}{unit}{}",
                v(value),
                if *at_least { "以上" } else { "" }
            )
        }
        Target::Schedule { values } => {
            let years: Vec<String> = values
                .iter()
                .map(|(y, x)| format!("{y}: {}{unit}", v(x)))
                .collect();
            format!("年度別 {}", years.join(", "))
        }
        Target::Cumulative { total, breakdown } => {
            let mut s = format!("取組期間の累計 {}{unit}", v(total));
            if let Some(b) = breakdown {
                let years: Vec<String> = b.iter().map(|(y, x)| format!("{y}: {}", v(x))).collect();
                let _ = write!(s, "（内訳 {}）", years.join(", "));
            }
            s
        }
        Target::Level { value, yearly_step } => {
            // Without a baseline there is nothing to prorate from: the level holds every year.
            let when = if indicator.baseline.is_some() {
                "期間末に"
            } else {
                "毎年度"
            };
            let mut s = format!("{when} {}{unit}", v(value));
            if let Some(step) = yearly_step {
                let _ = write!(s, "（年 {}{unit}ずつ）", v(step));
            }
            s
        }
        Target::BaselineChange { percent } => {
            format!("基準値から {}%", signed(*percent))
        }
        Target::PreviousYearChange { percent } => {
            format!("毎年度 前年度比 {}%", signed(*percent))
        }
        Target::Zero => format!("毎年度 0{unit}"),
        Target::Reference { name } => format!("{name}と比較"),
        Target::Done => "毎年度 実施".to_string(),
        Target::Milestone { schedule, .. } => {
            let years: Vec<String> = schedule.iter().map(|(y, s)| format!("{y}: {s}")).collect();
            format!("段階 {}", years.join(", "))
        }
    };
    let revisions: String = indicator
        .revisions
        .iter()
        .map(|r| format!("、{}年度から改定「{}」", r.from, r.text))
        .collect();
    let baseline = indicator
        .baseline
        .map(|b| format!("、基準 {}{unit}（{}年度）", v(&b.value), b.year))
        .unwrap_or_default();
    format!("{target}（{direction}{baseline}{revisions}）")
}

fn signed(value: rust_decimal::Decimal) -> String {
    let v = value.normalize();
    if v.is_sign_positive() && !v.is_zero() {
        format!("+{v}")
    } else {
        v.to_string()
    }
}

/// Display width on a terminal: East Asian wide and full-width characters take two columns.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let c = c as u32;
            let wide = (0x1100..=0x115F).contains(&c)
                || (0x2460..=0x24FF).contains(&c)
                || (0x2E80..=0xA4CF).contains(&c)
                || (0xAC00..=0xD7A3).contains(&c)
                || (0xF900..=0xFAFF).contains(&c)
                || (0xFE30..=0xFE4F).contains(&c)
                || (0xFF00..=0xFF60).contains(&c)
                || (0xFFE0..=0xFFE6).contains(&c);
            if wide { 2 } else { 1 }
        })
        .sum()
}

/// Pads (never cuts) `s` with spaces to `target` columns.
fn pad(s: &str, target: usize) -> String {
    let w = width(s);
    format!("{s}{}", " ".repeat(target.saturating_sub(w)))
}
