//! Plan definitions: the model of the outline's action plans, loaded from `plans/*.toml` and linted.

mod model;

use std::path::Path;

pub use model::*;

use crate::diag::Diagnostic;

/// Plan definitions that loaded, with the linter's warnings.
#[derive(Debug, Clone)]
pub struct LoadedPlans {
    /// The definitions.
    pub plans: PlanSet,
    /// Warnings (e.g. inconsistencies of the seed that the file resolves).
    pub warnings: Vec<Diagnostic>,
}

/// A plan file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// The file cannot be read.
    #[error("計画定義ファイル {path} を読み込めません: {source}")]
    Read {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The file has errors; every one is listed with its TOML line.
    #[error("計画定義ファイルに {} 件のエラーがあります", .0.len())]
    Invalid(Vec<Diagnostic>),
}

/// Loads and lints a plan file.
pub fn load(path: &Path) -> Result<LoadedPlans, PlanError> {
    let _ = path;
    todo!("plan loader: issue 2")
}

/// Parses and lints plan definitions from TOML text; `file` names it in diagnostics.
pub fn parse(source: &str, file: &str) -> Result<LoadedPlans, PlanError> {
    let _ = (source, file);
    todo!("plan loader: issue 2")
}
