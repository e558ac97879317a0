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
    /// ここに前年度の記入済み委員会評価シートがあれば、各プランのシートに前年度の委員会意見と対応状況・対応内容の欄を設けます。
    #[arg(long, default_value = "input")]
    input: PathBuf,
    #[command(flatten)]
    limits: crate::cli::limits::LimitArgs,
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
    // The year before's opinions, from its filled review workbook in the input folder: each
    // plan's sheet then asks for the department's response to each.
    let (prior, diagnostics) =
        hyoka::pipeline::prior_review(&plans, &args.input, &args.limits.intake_options(), year)?;
    if !diagnostics.is_empty() {
        crate::cli::report::print_diagnostics(&diagnostics);
    }
    if diagnostics.iter().any(|d| d.is_error()) {
        crate::cli::report::print_err(
            "前年度の委員会評価シートにエラーがあるため、入力様式は作成しませんでした。委員会意見が漏れないよう、先にエラーを直してください。",
        );
        return Ok(ExitCode::from(1));
    }
    let forms = hyoka::forms::make_forms_following(&plans, year, prior.as_ref())?;
    // Texts of the plan definition cut at Excel's limits: the forms are written all the same.
    let cut: Vec<_> = forms.iter().flat_map(|f| f.warnings.clone()).collect();
    if !cut.is_empty() {
        crate::cli::report::print_diagnostics(&cut);
    }
    let out = OutputDir::open(&args.out, Some(&args.input))?;
    let files: Vec<(&str, &[u8])> = forms
        .iter()
        .map(|f| (f.file_name.as_str(), f.bytes.as_slice()))
        .collect();
    out.write_all(&files)?;
    drop(out);
    let opinions = prior
        .as_ref()
        .map_or(0, |p| p.opinions.values().map(Vec::len).sum());
    let follow = match &prior {
        Some(p) => format!("（{}年度の委員会意見 {opinions} 件への対応欄つき）", p.year),
        None => String::new(),
    };
    crate::cli::report::print_out(&format!(
        "{} 件の入力様式{follow}を {} に作成しました。",
        forms.len(),
        args.out.display()
    ));
    Ok(ExitCode::SUCCESS)
}
