//! `forcesim completions SHELL` and `forcesim man`: the shell completion
//! scripts and the manual pages, generated from the clap definitions in
//! [`crate::cli`] so they always list every command and option.

use super::output::say;
use super::{Failure, open_output, write_output};
use crate::cli::Cli;
use anyhow::Context;
use clap::CommandFactory;
use forcesim::report::outputs::Kind;
use std::path::Path;

/// Prints the completion script for `shell` to standard output.
pub fn completions(shell: clap_complete::Shell) -> Result<(), Failure> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "forcesim", &mut script);
    super::output::write_bytes(&script)
}

/// Prints the page `forcesim(1)` (with every command in its COMMANDS
/// section), or with `out` writes it and one page per command
/// (`forcesim-run.1`, …) to that folder, each whole or not at all.
pub fn man(out: Option<&Path>) -> Result<(), Failure> {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let Some(out) = out else {
        return super::output::write_bytes(&render(&command)?);
    };
    // Checked and locked like every output folder: never a folder of
    // files forcesim did not write.
    let _folder = open_output(Some(out), Kind::Manual, &[], false)?;
    let mut pages = vec![command.clone()];
    pages.extend(
        command
            .get_subcommands()
            .filter(|c| !c.is_hide_set())
            .cloned(),
    );
    for page in &pages {
        let name = clap_mangen::Man::new(page.clone()).get_filename();
        write_output(out, &name, &render(page)?)?;
    }
    say!("wrote {} manual pages to {}", pages.len(), out.display())
}

/// One command's manual page as roff.
fn render(command: &clap::Command) -> anyhow::Result<Vec<u8>> {
    let mut page = Vec::new();
    clap_mangen::Man::new(command.clone())
        .render(&mut page)
        .context("cannot render the manual page")?;
    Ok(page)
}
