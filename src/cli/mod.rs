//! One file per subcommand, plus `report` for printing diagnostics and errors.

pub mod build;
pub mod check;
pub mod forms;
pub mod limits;
pub mod plans;
pub mod report;

use std::path::PathBuf;

/// The plan file used when `--plan` is not given.
pub const DEFAULT_PLAN: &str = "plans/azumino-4th.toml";

/// Resolves `--plan`, defaulting to the shipped definitions.
pub fn plan_path(arg: Option<PathBuf>) -> PathBuf {
    arg.unwrap_or_else(|| PathBuf::from(DEFAULT_PLAN))
}
