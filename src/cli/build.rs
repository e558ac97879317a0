//! `hyoka build`.

use std::process::ExitCode;

use clap::Args;

/// Arguments of `hyoka build`.
#[derive(Args)]
pub struct BuildArgs {}

/// Runs `hyoka build`.
pub fn run(_args: BuildArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("hyoka build はまだ実装されていません")
}
