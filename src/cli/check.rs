//! `hyoka check`: reads the input folder, prints the diagnostics, writes return sheets.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

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
    /// 計画定義ファイル。
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
    let Some(plans) = load_plans(args.plan)? else {
        return Ok(ExitCode::from(1));
    };
    let year = args.year.as_deref().map(parse_year_arg).transpose()?;
    let intake = hyoka::intake::read_dir(&args.input, &args.limits.intake_options())?;
    let validated = hyoka::validate::validate(&plans, &intake, year);
    if args.json {
        let out = serde_json::json!({
            "year": validated.year,
            "files_read": validated.files_read,
            "diagnostics": validated.diagnostics,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        report::print_diagnostics(&validated.diagnostics);
    }
    let returns =
        hyoka::forms::returns::make_return_sheets(&plans, &intake, &validated, validated.year)?;
    if same_dir(&args.returns, &args.input) {
        anyhow::bail!(
            "返却シートの出力先 {} が入力フォルダの中です。別のフォルダを指定してください",
            args.returns.display()
        );
    }
    if args.returns.is_dir() {
        remove_old_returns(&args.returns)?;
    }
    if !returns.is_empty() {
        std::fs::create_dir_all(&args.returns)
            .with_context(|| format!("出力フォルダ {} を作成できません", args.returns.display()))?;
        for r in &returns {
            write_atomic(&args.returns.join(&r.file_name), &r.bytes)?;
        }
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
        println!(
            "返却シート {} 件を {} に書き出しました。",
            returns.len(),
            args.returns.display()
        );
    }
    let errors = validated.diagnostics.iter().any(|d| d.is_error());
    Ok(if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Removes the return sheets of an earlier run, so that a department whose problems are
/// fixed is not sent an old list; only files this command writes are touched.
fn remove_old_returns(dir: &Path) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(dir)
        .with_context(|| format!("出力フォルダ {} を読み込めません", dir.display()))?
    {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.ends_with(RETURN_SUFFIX) && path.is_file() {
            std::fs::remove_file(&path)
                .with_context(|| format!("{} を削除できません", path.display()))?;
        }
    }
    Ok(())
}

const RETURN_SUFFIX: &str = "_確認事項.xlsx";

fn same_dir(out: &Path, input: &Path) -> bool {
    resolve(out).starts_with(resolve(input))
}

/// An absolute path with `..` and links resolved as far as the path exists, so that a
/// folder that does not exist yet (the returns folder) can still be compared.
fn resolve(path: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut existing = path.to_path_buf();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return rest.iter().rev().fold(real, |p, c| p.join(c));
        }
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => return path.to_path_buf(),
        }
        if existing.as_os_str().is_empty() {
            existing = PathBuf::from(".");
        }
    }
}

/// Loads and lints the plan definitions from `--plan` or the default file. When the file has
/// errors, prints them and returns `None`: the caller exits with 1 (an error in the plan
/// definitions, README 「終了コード」); a file that cannot be read is an `Err` (exit 2).
pub fn load_plans(arg: Option<PathBuf>) -> anyhow::Result<Option<PlanSet>> {
    let path = crate::cli::plan_path(arg);
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

/// Writes a file through a temporary name and a rename, so a reader never sees half a file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let tmp = path.with_extension("tmp~");
    std::fs::write(&tmp, bytes).with_context(|| format!("{} に書き込めません", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("{} に書き込めません", path.display()))?;
    Ok(())
}
