//! `hyoka plans`.

use std::process::ExitCode;

use clap::Args;

/// Arguments of `hyoka plans`.
#[derive(Args)]
pub struct PlansArgs {}

/// Runs `hyoka plans`.
pub fn run(_args: PlansArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("hyoka plans はまだ実装されていません")
}
