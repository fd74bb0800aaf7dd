//! `storectl completions SHELL`

use anyhow::Result;
use clap::Args;
use clap_complete::Shell;

/// Print a completion script for SHELL on stdout.
///
/// For example: `storectl completions bash > /etc/bash_completion.d/storectl`.
/// The same scripts are committed under `completions/`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, powershell or elvish.
    pub shell: Shell,
}

/// Writes the completion script for `shell` into `out`.
pub fn generate(shell: Shell, out: &mut dyn std::io::Write) {
    let mut cmd = super::help::command();
    clap_complete::generate(shell, &mut cmd, "storectl", out);
}

/// Runs `completions`.
pub fn run(args: &CompletionsArgs) -> Result<()> {
    let mut out = std::io::stdout().lock();
    generate(args.shell, &mut out);
    Ok(())
}
