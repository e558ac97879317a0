//! The `hyoka` command: parses arguments, runs one subcommand, prints, sets the exit code.
//!
//! All work is done by the library; this binary only talks to the user, in Japanese: clap's
//! help and its argument errors are rewritten here (see [`localize`] and [`argument_error`]).

use std::error::Error as _;
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command as ClapCommand, CommandFactory, FromArgMatches, Subcommand};

mod cli;

/// hyoka（評価）: 行財政改革アクションプランの進捗シート（Excel）から年度評価書（Excel・PDF）を作成します。
#[derive(clap::Parser)]
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
    /// 進捗シートを検証し、問題点をセル単位で表示します。問題のある担当課ごとに返却シート（確認事項）を作成します（評価書は作成しません）。
    Check(cli::check::CheckArgs),
    /// 担当課ごとの入力用ワークブック（様式）を作成します。
    Forms(cli::forms::FormsArgs),
    /// 行政改革推進委員会の委員会評価シート（算定評価・自己評価と、委員会評価・意見の入力欄）を作成します。
    Committee(cli::committee::CommitteeArgs),
    /// 計画定義（plans/*.toml）を読み込んで検査し、アクションプランの一覧を表示します。
    Plans(cli::plans::PlansArgs),
}

/// Help layout: clap's own, with the headings in Japanese.
const HELP_TEMPLATE: &str =
    "{before-help}{about-with-newline}\n使い方: {usage}\n\n{all-args}{after-help}";

/// Exit code for arguments that cannot be used (README: 終了コード 2 = 実行できない).
const EXIT_USAGE: u8 = 2;

/// The command line of `hyoka` and its subcommands with every text clap writes itself in
/// Japanese: headings, usage, the help and version flags, defaults and possible values.
/// Done on the built command so that every subcommand's arguments get it, including those
/// added later, without attributes in each subcommand's file.
fn localize(cmd: ClapCommand, parent: Option<&str>) -> ClapCommand {
    let path = match parent {
        Some(p) => format!("{p} {}", cmd.get_name()),
        None => cmd.get_name().to_string(),
    };
    let has_subcommands = cmd.get_subcommands().next().is_some();
    let usage = if has_subcommands {
        format!("{path} <コマンド> [オプション]")
    } else {
        format!("{path} [オプション]")
    };
    let mut cmd = cmd
        .help_template(HELP_TEMPLATE)
        .override_usage(usage)
        .subcommand_help_heading("コマンド")
        .subcommand_value_name("コマンド")
        .disable_help_flag(true)
        .mut_args(localize_arg)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("ヘルプを表示します")
                .help_heading("オプション"),
        );
    if parent.is_none() {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("バージョンを表示します")
                .help_heading("オプション"),
        );
    }
    cmd.mut_subcommands(|sub| localize(sub, Some(&path)))
}

/// One argument: Japanese heading and value name; default and possible values written into
/// the help text instead of clap's 「[default: …]」「Possible values:」.
fn localize_arg(arg: Arg) -> Arg {
    let mut extra = Vec::new();
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    let takes_values = arg.get_action().takes_values();
    if takes_values && !defaults.is_empty() {
        extra.push(format!("省略時: {}", defaults.join(" ")));
    }
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| match v.get_help() {
            Some(help) => format!(
                "{}（{}）",
                v.get_name(),
                help.to_string().trim_end_matches('。')
            ),
            None => v.get_name().to_string(),
        })
        .collect();
    let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
    // A help that already names every value (「handout … または web …」) is not repeated.
    let named = arg
        .get_possible_values()
        .iter()
        .all(|v| help.contains(v.get_name()));
    if takes_values && !values.is_empty() && !named {
        extra.push(format!("指定できる値: {}", values.join("、")));
    }
    let value_name = match arg.get_id().as_str() {
        "year" => "年度",
        "input" | "out" | "returns" => "フォルダ",
        "plan" => "ファイル",
        "variant" => "種類",
        _ => "値",
    };
    let mut arg = arg.help_heading("オプション");
    if takes_values {
        arg = arg
            .value_name(value_name)
            .hide_default_value(true)
            .hide_possible_values(true);
    }
    if extra.is_empty() {
        return arg;
    }
    let extra = format!("［{}］", extra.join("。"));
    let long = arg.get_long_help().map(ToString::to_string);
    let arg = arg.help(format!("{help}{extra}"));
    match long {
        Some(long) => arg.long_help(format!("{long}\n{extra}")),
        None => arg,
    }
}

/// The command line as `hyoka` parses it.
fn command() -> ClapCommand {
    localize(Cli::command(), None)
}

/// A context value of a clap error as plain text.
fn context(err: &clap::Error, kind: ContextKind) -> Option<String> {
    match err.get(kind)? {
        ContextValue::None => None,
        ContextValue::Strings(v) => Some(v.join("、")),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("、"),
        ),
        other => Some(other.to_string()),
    }
}

/// clap's error in Japanese: what was wrong, a suggestion when clap has one, and where to
/// read the usage. `command_line` is the arguments (without the program name).
fn argument_error(err: &clap::Error, command_line: &[String]) -> String {
    let arg = context(err, ContextKind::InvalidArg).unwrap_or_default();
    let value = context(err, ContextKind::InvalidValue).unwrap_or_default();
    let mut message = match err.kind() {
        ErrorKind::UnknownArgument => format!("引数「{arg}」は使えません"),
        ErrorKind::InvalidSubcommand => {
            let sub = context(err, ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("コマンド「{sub}」はありません")
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} に値を指定してください"),
        ErrorKind::InvalidValue => format!("{arg} に「{value}」は指定できません"),
        ErrorKind::ValueValidation => match err.source() {
            Some(cause) => format!("{arg}: {}", cause.to_string().trim_end_matches('。')),
            None => format!("{arg} の値「{value}」は使えません"),
        },
        ErrorKind::NoEquals => format!("{arg} の値は「=」を付けて指定してください"),
        ErrorKind::TooManyValues => format!("{arg} に余分な値「{value}」があります"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("{arg} の値の数が正しくありません")
        }
        ErrorKind::ArgumentConflict => {
            let prior = context(err, ContextKind::PriorArg).unwrap_or_default();
            if prior.is_empty() || prior == arg {
                format!("{arg} は一度だけ指定できます")
            } else {
                format!("{arg} と {prior} は同時に指定できません")
            }
        }
        ErrorKind::MissingRequiredArgument => format!("必要な引数がありません: {arg}"),
        ErrorKind::MissingSubcommand => "コマンドを指定してください".to_string(),
        ErrorKind::InvalidUtf8 => "引数に UTF-8 でない文字が含まれています".to_string(),
        _ => format!("引数を解釈できません: {}", err.kind()),
    };
    message.push('。');
    if let Some(valid) = context(err, ContextKind::ValidValue).filter(|v| !v.is_empty()) {
        message.push_str(&format!("指定できる値: {valid}。"));
    }
    let suggestion = context(err, ContextKind::SuggestedArg)
        .or_else(|| context(err, ContextKind::SuggestedSubcommand))
        .or_else(|| context(err, ContextKind::SuggestedValue));
    if let Some(s) = suggestion {
        message.push_str(&format!("「{s}」のことですか？"));
    }
    let subcommand = command_line.iter().find(|a| {
        Cli::command()
            .get_subcommands()
            .any(|c| c.get_name() == a.as_str())
    });
    let help = match subcommand {
        Some(sub) => format!("hyoka {sub} --help"),
        None => "hyoka --help".to_string(),
    };
    format!("エラー: {message}\n使い方は {help} で確認できます。")
}

fn main() -> ExitCode {
    // A panic inside calamine on a damaged workbook is caught by intake and reported in
    // Japanese with the file's name; only other panics (bugs) print Rust's own message.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !hyoka::intake::sheet::panic_is_caught() {
            default_hook(info);
        }
    }));
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let parsed = command()
        .try_get_matches_from(std::env::args_os())
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(err) => {
            return match err.kind() {
                // The help and version text, already Japanese: clap prints them as it should.
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                    let _ = err.print();
                    ExitCode::SUCCESS
                }
                ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                    let _ = err.print();
                    ExitCode::from(EXIT_USAGE)
                }
                _ => {
                    cli::report::print_err(&argument_error(&err, args.get(1..).unwrap_or(&[])));
                    ExitCode::from(EXIT_USAGE)
                }
            };
        }
    };
    let result = match cli.command {
        Command::Build(args) => cli::build::run(args),
        Command::Check(args) => cli::check::run(args),
        Command::Forms(args) => cli::forms::run(args),
        Command::Committee(args) => cli::committee::run(args),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_localized_command_is_valid() {
        command().debug_assert();
    }
}
