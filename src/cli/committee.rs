//! `hyoka committee`: the committee's review workbook (委員会評価シート) for one year, with the
//! grades computed from that year's input.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use hyoka::forms::committee::{ReviewOptions, file_name_for, make_review_workbook_checked};
use hyoka::output::OutputDir;
use hyoka::pipeline::{self, BuildOptions, PipelineError, Prepared};
use hyoka::plan::PlanError;

use super::check::parse_year_arg;
use super::limits::LimitArgs;
use super::report::{print_diagnostics, print_err, print_out};

/// Arguments of `hyoka committee`.
#[derive(Args)]
pub struct CommitteeArgs {
    /// 対象年度（2024、令和6年度、R6 など）。省略時は入力にある最新の年度。
    #[arg(long)]
    year: Option<String>,
    /// 進捗シートを置いたフォルダ（算定評価と自己評価をここから読みます）。
    #[arg(long, default_value = "input")]
    input: PathBuf,
    /// 出力先フォルダ。
    #[arg(long, default_value = "output")]
    out: PathBuf,
    /// 計画定義ファイル。
    #[arg(long)]
    plan: Option<PathBuf>,
    #[command(flatten)]
    limits: LimitArgs,
}

/// Runs `hyoka committee`.
pub fn run(args: CommitteeArgs) -> anyhow::Result<ExitCode> {
    let year = args.year.as_deref().map(parse_year_arg).transpose()?;
    let plan = super::plan_for_input(args.plan, &args.input, &args.limits.intake_options())?;
    let options = BuildOptions {
        year,
        input: args.input,
        plan,
        templates: super::project_path("templates"),
        allow_errors: false,
        date: None,
        intake: args.limits.intake_options(),
    };
    // Refused before the input is read: the workbook must not land among the submissions
    // before it is filled in.
    hyoka::output::check_outside(&args.out, &options.input)?;
    let prepared = match pipeline::prepare_book(&options) {
        Err(PipelineError::Plan(PlanError::Invalid(diagnostics))) => {
            super::report::print_plan_errors(&options.plan, &diagnostics);
            return Ok(ExitCode::from(1));
        }
        other => other?,
    };
    let book = match prepared {
        Prepared::Rejected {
            diagnostics,
            files_read,
        } => {
            print_diagnostics(&diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            print_err(&format!(
                "{files_read} ファイルを読み込み、エラーが {errors} 件あったため評価シートは作成しませんでした。\
                 算定評価を決めるため、先に hyoka check で示されたエラーを直してください。"
            ));
            return Ok(ExitCode::from(1));
        }
        Prepared::Book { book, .. } => book,
    };
    let plans = hyoka::plan::load(&options.plan)?.plans;
    let rows = pipeline::review_plans(&book);
    let name = file_name_for(&plans, book.meta.year);
    let (bytes, cut) = make_review_workbook_checked(
        &plans,
        book.meta.year,
        &rows,
        &ReviewOptions {
            sample: book.meta.sample,
            ..ReviewOptions::default()
        },
        &name,
    )?;
    if !cut.is_empty() {
        crate::cli::report::print_diagnostics(&cut);
    }
    let out = OutputDir::open(&args.out, Some(&options.input))?;
    out.write_all(&[(name.as_str(), bytes.as_slice())])?;
    drop(out);
    print_out(&format!(
        "{}の{}（{} プラン）を作成しました: {}",
        hyoka::text::wareki::fiscal_year_label(book.meta.year),
        plans.vocabulary.review_title(),
        rows.len(),
        args.out.join(&name).display()
    ));
    Ok(ExitCode::SUCCESS)
}
