//! `hyoka build`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use hyoka::diag::Diagnostic;
use hyoka::output::OutputDir;
use hyoka::pipeline::{self, BuildOptions, PipelineError, Prepared};
use hyoka::plan::PlanError;
use hyoka::render::pdf::{FontSet, Variant};
use hyoka::text::wareki::parse_fiscal_year;
use hyoka::values::{Date, FiscalYear};

use super::limits::LimitArgs;
use super::report::{json_safe, print_diagnostics, print_err, print_out};

/// Arguments of `hyoka build`.
#[derive(Args)]
pub struct BuildArgs {
    /// 報告年度（例: 2024、令和6年度、R6）。省略時は入力にある最新の年度。
    #[arg(long, value_parser = parse_year)]
    year: Option<FiscalYear>,
    /// 進捗シート（.xlsx）を置いたフォルダ。
    #[arg(long, default_value = "input")]
    input: PathBuf,
    /// 評価書の出力先フォルダ。
    #[arg(long, default_value = "output")]
    out: PathBuf,
    /// 計画定義ファイル。
    #[arg(long)]
    plan: Option<PathBuf>,
    /// 入力にエラーがあっても作成します（該当プランは「要確認」と表示）。
    #[arg(long)]
    allow_errors: bool,
    /// 最終評価を作成します: 大綱の取組期間の最終年度の評価書（最終評価を含む）。最終年度より前の年度は指定できません（最終年度の評価書には --final なしでも最終評価が入ります）。
    #[arg(long = "final")]
    final_evaluation: bool,
    /// 評価書の内容を JSON で標準出力に表示し、ファイルは作成しません。
    #[arg(long)]
    dump_json: bool,
    /// 評価書の種類: handout（委員会資料）または web（ホームページ掲載用の公表版。PDF・HTML・CSV の名前に「_公開用」）。
    #[arg(long, value_enum, default_value_t = VariantArg::Handout)]
    variant: VariantArg,
    #[command(flatten)]
    limits: LimitArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum VariantArg {
    /// 委員会資料（意見欄あり）。
    Handout,
    /// ホームページ掲載用。
    Web,
}

fn parse_year(text: &str) -> Result<FiscalYear, String> {
    parse_fiscal_year(text).map_err(|e| e.to_string())
}

/// `SOURCE_DATE_EPOCH`, when set, fixes the book's date (reproducible builds).
fn source_date() -> anyhow::Result<Option<Date>> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => {
            let seconds: i64 = text.trim().parse().with_context(|| {
                format!("SOURCE_DATE_EPOCH「{text}」は秒数（整数）ではありません")
            })?;
            Ok(Some(Date::from_unix_seconds(seconds)))
        }
        Err(_) => Ok(None),
    }
}

/// Runs `hyoka build`.
pub fn run(args: BuildArgs) -> anyhow::Result<ExitCode> {
    let options = BuildOptions {
        // First: it reads the input (to choose among several plan files) before it moves.
        plan: super::plan_for_input(args.plan, &args.input, &args.limits.intake_options())?,
        year: args.year,
        input: args.input,
        templates: super::project_path("templates"),
        allow_errors: args.allow_errors,
        date: source_date()?,
        intake: args.limits.intake_options(),
    };
    if !args.dump_json {
        // Refused before the input is read: the next run would read its own books as
        // submissions.
        hyoka::output::check_outside(&args.out, &options.input)?;
    }
    let progress = std::sync::Arc::new(pipeline::Progress::default());
    let line = super::progress::ProgressLine::start(&progress);
    let prepare = if args.final_evaluation {
        pipeline::prepare_final_book_with
    } else {
        pipeline::prepare_book_with
    };
    let prepared = match prepare(&options, &progress) {
        Err(PipelineError::Plan(PlanError::Invalid(diagnostics))) => {
            drop(line);
            super::report::print_plan_errors(&options.plan, &diagnostics);
            return Ok(ExitCode::from(1));
        }
        other => other?,
    };
    let (book, plan_warnings) = match prepared {
        Prepared::Rejected {
            diagnostics,
            files_read,
        } => {
            drop(line);
            print_diagnostics(&diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            print_err(&format!(
                "{files_read} ファイルを読み込み、エラーが {errors} 件あったため評価書は作成しませんでした。\
                 修正するか、--allow-errors を付けて実行してください。"
            ));
            return Ok(ExitCode::from(1));
        }
        Prepared::Book {
            book,
            plan_warnings,
            files_read: _,
        } => (book, plan_warnings),
    };
    if args.dump_json {
        drop(line);
        let json = serde_json::to_string_pretty(&*book).context("JSON を出力できません")?;
        let mut out = std::io::stdout().lock();
        writeln!(out, "{}", json_safe(json))?;
        return Ok(ExitCode::SUCCESS);
    }
    let variant = match args.variant {
        VariantArg::Handout => Variant::Handout,
        VariantArg::Web => Variant::Web,
    };
    // Locked before rendering, so that a second build into the same folder stops at once
    // rather than after its work.
    let out = OutputDir::open(&args.out, Some(&options.input))?;
    let fonts = FontSet::load(&super::project_path("fonts"))?;
    let outputs = pipeline::render_outputs_with(&book, variant, fonts, &progress)?;
    progress.set_stage(pipeline::Stage::Writing);
    let written = pipeline::write_outputs(&out, &outputs)?;
    drop(out);
    drop(line);
    print_summary(&book.diagnostics, &plan_warnings);
    print_diagnostics(&outputs.warnings);
    print_out(&grade_line(&book));
    for path in written {
        print_out(&format!("作成しました: {}", path.display()));
    }
    Ok(ExitCode::SUCCESS)
}

/// 「令和6年度（2024年度）: A 10項目、B 7項目、… （評価対象外 7項目、未提出 0項目）」: plans
/// are counted in 項目, as in the book's 総括.
fn grade_line(book: &hyoka::book::Book) -> String {
    let s = &book.summary;
    let counts: Vec<String> = s
        .columns
        .iter()
        .zip(&s.total.counts)
        .map(|(mark, n)| format!("{mark} {n}項目"))
        .collect();
    let mut ungraded = vec![
        format!("評価対象外 {}項目", s.out_of_period),
        format!("未提出 {}項目", s.not_submitted),
    ];
    if s.needs_review > 0 {
        ungraded.push(format!("要確認 {}項目", s.needs_review));
    }
    if s.not_evaluable > 0 {
        ungraded.push(format!("評価に必要な値なし {}項目", s.not_evaluable));
    }
    format!(
        "{}: {}（{}）",
        hyoka::text::wareki::fiscal_year_label(book.meta.year),
        counts.join("、"),
        ungraded.join("、")
    )
}

fn print_summary(diagnostics: &[Diagnostic], plan_warnings: &[Diagnostic]) {
    print_diagnostics(diagnostics);
    if !plan_warnings.is_empty() {
        print_err(&format!(
            "計画定義に警告が {} 件あります（hyoka plans で確認できます）。大綱の印字そのものの食い違いなど、評価は続けられるものです（README「計画定義の警告」）。",
            plan_warnings.len()
        ));
    }
}
