//! `hyoka check`.

use std::process::ExitCode;

use clap::Args;

/// Arguments of `hyoka check`.
#[derive(Args)]
pub struct CheckArgs {}

/// Runs `hyoka check`.
pub fn run(_args: CheckArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("hyoka check はまだ実装されていません")
}
