//! The forcesim command line. Reads like a table of contents: parse the
//! arguments, hand them to the command (one module each in [`commands`]),
//! and turn the outcome into an exit code.
//!
//! Exit codes: 0 success; 1 a runtime failure (e.g. cannot write output);
//! 2 bad input (scenario file or arguments), as clap uses; 141 standard
//! output closed (a pipe whose reader quit), after writing every file.

mod cli;
mod commands;

use clap::Parser;
use cli::{Cli, Command};
use commands::Failure;
use std::io::Write;
use std::process::ExitCode;

/// Exit code for bad input (scenario or arguments), as clap uses.
const EXIT_BAD_INPUT: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return argument_error(&e),
    };
    commands::progress::set_quiet(cli.quiet);
    let outcome = match cli.command {
        Command::Run(args) => commands::run::run(&args),
        Command::Check {
            scenario,
            overrides,
        } => commands::check::check(&scenario, &overrides.set),
        Command::Compare(args) => commands::compare::compare(&args),
        Command::Sweep(args) => commands::sweep::sweep(&args),
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
    // Errors go to standard error; if even that cannot take them, the
    // exit code still tells.
    let mut stderr = std::io::stderr();
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::BadInput(e)) => {
            let _ = writeln!(stderr, "{e}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
        Err(Failure::Runtime(e)) => {
            let _ = writeln!(stderr, "error: {e:#}");
            ExitCode::FAILURE
        }
        Err(Failure::StdoutClosed) => ExitCode::from(commands::output::EXIT_BROKEN_PIPE),
    }
}

/// `--help`, `--version` or a usage error, printed as clap prints it, with
/// the exit codes of [`commands::output`] when standard output cannot take
/// the help.
fn argument_error(e: &clap::Error) -> ExitCode {
    match e.print() {
        Ok(()) => ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(EXIT_BAD_INPUT)),
        Err(io) if io.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::from(commands::output::EXIT_BROKEN_PIPE)
        }
        Err(io) => {
            let _ = writeln!(std::io::stderr(), "error: cannot write the help: {io}");
            ExitCode::FAILURE
        }
    }
}
