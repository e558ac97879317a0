//! One file per subcommand, plus `report` for printing diagnostics and errors.

pub mod build;
pub mod check;
pub mod committee;
pub mod forms;
pub mod limits;
pub mod plans;
pub mod progress;
pub mod report;

use std::path::{Path, PathBuf};

/// The plan file used when `--plan` is not given.
pub const DEFAULT_PLAN: &str = "plans/azumino-4th.toml";

/// Resolves `--plan` for a command without input sheets (`forms`, `plans`): the file given,
/// else the only plan file of `plans/` (the shipped definitions). With several plan files
/// there is nothing to choose by, so `--plan` is asked for.
pub fn plan_path(arg: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    if let Some(path) = arg {
        return Ok(path);
    }
    let dir = project_path("plans");
    let files = hyoka::plan::plan_files(&dir);
    match files.as_slice() {
        [only] => Ok(only.clone()),
        [] => Ok(project_path(DEFAULT_PLAN)),
        several => anyhow::bail!(
            "計画定義のフォルダ {} に計画定義ファイルが {} 件あります（{}）。--plan で使うファイルを指定してください",
            dir.display(),
            several.len(),
            names(several)
        ),
    }
}

/// Resolves `--plan` for a command that reads `input` (`check`, `build`): the file given,
/// else the only plan file of `plans/`, else the one whose outline title the input sheets
/// carry (`hyoka::plan::choose`; the input is then read once more to find it).
pub fn plan_for_input(
    arg: Option<PathBuf>,
    input: &Path,
    options: &hyoka::intake::IntakeOptions,
) -> anyhow::Result<PathBuf> {
    if let Some(path) = arg {
        return Ok(path);
    }
    let dir = project_path("plans");
    if hyoka::plan::plan_files(&dir).len() < 2 {
        return plan_path(None);
    }
    let intake = hyoka::intake::read_dir(input, options)?;
    let headings = intake.submissions.iter().map(|s| {
        s.headings
            .iter()
            .filter_map(|f| match &f.value {
                hyoka::intake::Value::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect::<Vec<_>>()
    });
    let choice = hyoka::plan::choose(&dir, headings)?;
    if let hyoka::plan::Choice::ByTitle {
        path,
        title,
        sheets,
    } = &choice
    {
        report::print_err(&format!(
            "計画定義 {} を使います（{sheets} 枚のシートに表題「{title}」があります）。",
            path.display()
        ));
    }
    Ok(choice.path().to_path_buf())
}

/// The file names of plan files, joined for a message.
fn names(files: &[PathBuf]) -> String {
    files
        .iter()
        .map(|f| {
            f.file_name().map_or_else(
                || f.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        })
        .collect::<Vec<_>>()
        .join("、")
}

/// Finds one of the project's own folders or files (`templates`, `fonts`, the shipped plan):
/// in the current folder first, so a city's edited copy wins, else beside the program or up
/// to two folders above it (`target/release/hyoka` inside the project, or a folder handed
/// out with the program), so staff need not start it from the project folder. When none
/// exists the relative path is returned, and the error that follows names it.
pub fn project_path(relative: &str) -> PathBuf {
    let here = PathBuf::from(relative);
    if here.exists() {
        return here;
    }
    let exe = std::env::current_exe().ok();
    exe.as_deref()
        .and_then(Path::parent)
        .into_iter()
        .flat_map(Path::ancestors)
        .take(3)
        .map(|dir| dir.join(relative))
        .find(|candidate| candidate.exists())
        .unwrap_or(here)
}
