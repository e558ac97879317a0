//! `hyoka forms`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use hyoka::output::OutputDir;

use crate::cli::check::{load_plans, parse_year_arg};

/// Arguments of `hyoka forms`.
#[derive(Args)]
pub struct FormsArgs {
    /// 対象年度（2024、令和6年度、R6 など）。省略時は取組期間の最終年度。
    #[arg(long)]
    year: Option<String>,
    /// 出力先フォルダ。
    #[arg(long, default_value = "output/様式")]
    out: PathBuf,
    /// 計画定義ファイル。
    #[arg(long)]
    plan: Option<PathBuf>,
    /// 進捗シートを置くフォルダ（出力先がこの中にあれば中止します。記入前の様式を提出として読まないため）。
    #[arg(long, default_value = "input")]
    input: PathBuf,
}

/// Runs `hyoka forms`.
pub fn run(args: FormsArgs) -> anyhow::Result<ExitCode> {
    let Some(plans) = load_plans(args.plan)? else {
        return Ok(ExitCode::from(1));
    };
    let year = match &args.year {
        Some(y) => parse_year_arg(y)?,
        None => plans.outline.period.end,
    };
    let forms = hyoka::forms::make_forms(&plans, year)?;
    let out = OutputDir::open(&args.out, Some(&args.input))?;
    let files: Vec<(&str, &[u8])> = forms
        .iter()
        .map(|f| (f.file_name.as_str(), f.bytes.as_slice()))
        .collect();
    out.write_all(&files)?;
    drop(out);
    crate::cli::report::print_out(&format!(
        "{} 件の入力様式を {} に作成しました。",
        forms.len(),
        args.out.display()
    ));
    Ok(ExitCode::SUCCESS)
}
