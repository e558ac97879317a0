//! `hyoka forms`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use crate::cli::check::{load_plans, parse_year_arg, write_atomic};

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
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("出力フォルダ {} を作成できません", args.out.display()))?;
    for form in &forms {
        write_atomic(&args.out.join(&form.file_name), &form.bytes)?;
    }
    println!(
        "{} 件の入力様式を {} に作成しました。",
        forms.len(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}
