//! The forcesim command line. Reads like a table of contents: parse the
//! arguments, hand them to the command (one module each in [`commands`]),
//! and turn the outcome into an exit code.
//!
//! Exit codes: 0 success; 1 a runtime failure (e.g. cannot write output);
//! 2 bad input (scenario file or arguments), as clap uses.

mod cli;
mod commands;

use clap::Parser;
use cli::{Cli, Command};
use commands::Failure;
use std::process::ExitCode;

/// Exit code for bad input (scenario or arguments), as clap uses.
const EXIT_BAD_INPUT: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    commands::progress::set_quiet(cli.quiet);
    let outcome = match cli.command {
        Command::Run(args) => commands::run::run(args),
        Command::Check { scenario } => commands::check::check(&scenario),
        Command::Compare(args) => commands::compare::compare(args),
        Command::Sweep(args) => commands::sweep::sweep(args),
        Command::Merge { dirs, out, force } => commands::merge::merge(&dirs, &out, force),
        Command::Validate {
            seed,
            threads,
            out,
            force,
        } => commands::validate::validate(seed, threads, out.as_deref(), force),
        Command::Plot {
            results,
            out,
            force,
        } => commands::plot::plot(&results, out.as_deref(), force),
        Command::Completions { shell } => commands::shell::completions(shell),
        Command::Man { out } => commands::shell::man(out.as_deref()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::BadInput(e)) => {
            eprintln!("{e}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
        Err(Failure::Runtime(e)) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
