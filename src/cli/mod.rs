//! One file per subcommand, plus `report` for printing diagnostics and errors.

pub mod build;
pub mod check;
pub mod committee;
pub mod forms;
pub mod limits;
pub mod plans;
pub mod report;

use std::path::{Path, PathBuf};

/// The plan file used when `--plan` is not given.
pub const DEFAULT_PLAN: &str = "plans/azumino-4th.toml";

/// Resolves `--plan`, defaulting to the shipped definitions.
pub fn plan_path(arg: Option<PathBuf>) -> PathBuf {
    arg.unwrap_or_else(|| project_path(DEFAULT_PLAN))
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
