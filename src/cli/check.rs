//! `hyoka check`: reads the input folder, prints the diagnostics, writes return sheets.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use hyoka::output::OutputDir;
use hyoka::plan::PlanSet;
use hyoka::values::FiscalYear;

use crate::cli::limits::LimitArgs;
use crate::cli::report;

/// Arguments of `hyoka check`.
#[derive(Args)]
pub struct CheckArgs {
    /// 報告年度（2024、令和6年度、R6 など）。省略時は入力にある最新の年度。
    #[arg(long)]
    year: Option<String>,
    /// 進捗シートを置いたフォルダ。
    #[arg(long, default_value = "input")]
    input: PathBuf,
    /// 計画定義ファイル。省略時は plans/ の計画定義（複数あれば、進捗シートに書かれた大綱の表題で選びます）。
    #[arg(long)]
    plan: Option<PathBuf>,
    /// 返却シート（担当課ごとの確認事項）の出力先。
    #[arg(long, default_value = "output/返却")]
    returns: PathBuf,
    /// 問題点を JSON で標準出力に表示します（画面向けの表示はしません）。
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    limits: LimitArgs,
}

/// Runs `hyoka check`.
pub fn run(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let plan = crate::cli::plan_for_input(args.plan, &args.input, &args.limits.intake_options())?;
    let Some(plans) = load_plans(Some(plan))? else {
        return Ok(ExitCode::from(1));
    };
    let year = args.year.as_deref().map(parse_year_arg).transpose()?;
    // Refused before anything is read: the next run would read the return sheets.
    hyoka::output::check_outside(&args.returns, &args.input)?;
    let progress = std::sync::Arc::new(hyoka::pipeline::Progress::default());
    let line = crate::cli::progress::ProgressLine::start(&progress);
    let intake =
        hyoka::intake::read_dir_with(&args.input, &args.limits.intake_options(), &|total| {
            progress.file_read(total)
        })?;
    progress.set_stage(hyoka::pipeline::Stage::Evaluating);
    let validated = hyoka::validate::validate(&plans, &intake, year);
    drop(line);
    if args.json {
        let out = serde_json::json!({
            "year": validated.year,
            "files_read": validated.files_read,
            "diagnostics": validated.diagnostics,
        });
        println!("{}", report::json_safe(serde_json::to_string_pretty(&out)?));
    } else {
        report::print_diagnostics(&validated.diagnostics);
    }
    let returns =
        hyoka::forms::returns::make_return_sheets(&plans, &intake, &validated, validated.year)?;
    let cut: Vec<_> = returns.iter().flat_map(|r| r.warnings.clone()).collect();
    if !args.json {
        report::print_diagnostics(&cut);
    }
    if !returns.is_empty() || args.returns.is_dir() {
        let out = OutputDir::open(&args.returns, Some(&args.input))?;
        let files: Vec<(&str, &[u8])> = returns
            .iter()
            .map(|r| (r.file_name.as_str(), r.bytes.as_slice()))
            .collect();
        out.write_all(&files)?;
        // A department whose problems are fixed is not sent an earlier run's list; only
        // files this command writes are touched.
        out.remove_where(|name| {
            name.ends_with(RETURN_SUFFIX) && !returns.iter().any(|r| r.file_name == name)
        })?;
    }
    let plans_covered = {
        let mut n: Vec<u32> = validated
            .records
            .iter()
            .filter(|r| Some(r.year) == validated.year)
            .map(|r| r.plan)
            .collect();
        n.dedup();
        n.len()
    };
    if !args.json {
        report::print_summary(&validated.diagnostics, validated.files_read, plans_covered);
    }
    if !returns.is_empty() && !args.json {
        report::print_out(&format!(
            "返却シート {} 件を {} に書き出しました。",
            returns.len(),
            args.returns.display()
        ));
    }
    let errors = validated.diagnostics.iter().any(|d| d.is_error());
    Ok(if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

const RETURN_SUFFIX: &str = "_確認事項.xlsx";

/// Loads and lints the plan definitions from `--plan` or the default file. When the file has
/// errors, prints them and returns `None`: the caller exits with 1 (an error in the plan
/// definitions, README 「終了コード」); a file that cannot be read is an `Err` (exit 2).
pub fn load_plans(arg: Option<PathBuf>) -> anyhow::Result<Option<PlanSet>> {
    let path = crate::cli::plan_path(arg)?;
    match hyoka::plan::load(&path) {
        Ok(loaded) => Ok(Some(loaded.plans)),
        Err(hyoka::plan::PlanError::Invalid(diagnostics)) => {
            report::print_plan_errors(&path, &diagnostics);
            Ok(None)
        }
        Err(err) => Err(err.into()),
    }
}

/// Reads `--year` as `hyoka build` does: 2024, 2024年度, 令和6年度, R6, H30 …
pub fn parse_year_arg(text: &str) -> anyhow::Result<FiscalYear> {
    Ok(hyoka::text::wareki::parse_fiscal_year(text)?)
}
