//! Standard output for every command: all printing goes through [`write_line`]
//! (the `say!` macro), which turns a write error into a [`Failure`]
//! instead of the panic of `println!`.
//!
//! - A closed pipe (`forcesim run | head -3`, `| true`) ends the command
//!   quietly with exit code 141 (128 + SIGPIPE), what a shell reports for a
//!   tool stopped by SIGPIPE, so scripts see the convention of `cat` or
//!   `grep`; nothing is printed to standard error.
//! - Any other error (a full disk, `> /dev/full`) is a runtime failure
//!   (exit code 1) with the reason.
//!
//! Commands write their result files before printing anything, so a
//! closed or full standard output never costs a result.

use super::Failure;
use std::fmt;
use std::io::{self, Write};

/// Exit code when standard output is a closed pipe: 128 + SIGPIPE (13).
pub const EXIT_BROKEN_PIPE: u8 = 141;

/// Prints one line (`args` and a newline) to standard output, flushed.
pub fn write_line(args: fmt::Arguments<'_>) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    out.write_fmt(args)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush())
        .map_err(|e| failure(&e))
}

/// Writes `bytes` as they are to standard output, flushed (a completion
/// script, a manual page).
pub fn write_bytes(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| failure(&e))
}

/// The failure for a write error on standard output.
fn failure(e: &io::Error) -> Failure {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Failure::StdoutClosed
    } else {
        Failure::Runtime(anyhow::anyhow!("cannot write to standard output: {e}"))
    }
}

/// `println!` that returns a `Result<(), Failure>` instead of panicking
/// (see [`write_line`]).
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::commands::output::write_line(format_args!($($arg)*))
    };
}
pub(crate) use say;
