//! The `hyoka` command: parses arguments, runs one subcommand, prints, sets the exit code.
//!
//! All work is done by the library; this binary only talks to the user.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cli;

/// hyoka（評価）: 行財政改革アクションプランの進捗シート（Excel）から年度評価書（Excel・PDF）を作成します。
#[derive(Parser)]
#[command(name = "hyoka", version, about, long_about = None)]
#[command(disable_help_subcommand = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 進捗シートを読み込み、年度評価書（Excel・PDF）を output/ に作成します。
    Build(cli::build::BuildArgs),
    /// 進捗シートを検証し、問題点をセル単位で表示します（書類は作成しません）。
    Check(cli::check::CheckArgs),
    /// 担当課ごとの入力用ワークブック（様式）を作成します。
    Forms(cli::forms::FormsArgs),
    /// 計画定義（plans/*.toml）を読み込んで検査し、アクションプランの一覧を表示します。
    Plans(cli::plans::PlansArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => cli::build::run(args),
        Command::Check(args) => cli::check::run(args),
        Command::Forms(args) => cli::forms::run(args),
        Command::Plans(args) => cli::plans::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            cli::report::print_error(&err);
            ExitCode::from(2)
        }
    }
}
