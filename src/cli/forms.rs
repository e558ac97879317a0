//! `hyoka forms`.

use std::process::ExitCode;

use clap::Args;

/// Arguments of `hyoka forms`.
#[derive(Args)]
pub struct FormsArgs {}

/// Runs `hyoka forms`.
pub fn run(_args: FormsArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("hyoka forms はまだ実装されていません")
}
