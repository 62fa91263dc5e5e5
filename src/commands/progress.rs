//! Progress of a batch on standard error, the same for every command that
//! simulates (`run`, `compare`, `sweep`, `sweep --budget`, `validate`):
//!
//! - on a terminal, a bar with the count, the time taken and the time left;
//! - otherwise (a Slurm or CI log, a pipe), a line every
//!   [`LINE_EVERY_PERCENT`] % of the work with the time taken and the time
//!   left, so logs show how far a long batch has gone;
//! - with `--quiet`, nothing.
//!
//! Progress never goes to standard output, which holds the results.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Without a terminal, a progress line is written each time this share of
/// the work (in %) has been done.
pub const LINE_EVERY_PERCENT: u64 = 10;

/// Set once from `--quiet` before any command runs.
static QUIET: AtomicBool = AtomicBool::new(false);

/// Turns all progress display off (`--quiet`).
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// Progress of `total` units of work (replications), advanced from worker
/// threads with [`Progress::inc`].
pub struct Progress {
    mode: Mode,
}

enum Mode {
    Hidden,
    Bar(ProgressBar),
    Lines(Mutex<Lines>),
}

/// The state behind progress lines.
struct Lines {
    /// What is being done, e.g. `run` (the line starts `forcesim run:`).
    what: String,
    /// Unit of work, plural (e.g. `replications`).
    unit: String,
    total: u64,
    done: u64,
    /// Units done before this command (a resumed batch's kept
    /// replications): counted as done, not in the pace.
    kept: u64,
    /// The next percentage at which a line is due.
    next_percent: u64,
    started: Instant,
}

/// The unit of a count of runs of several scenarios: `runs: 2 paired
/// replications × 2 scenarios` (so `4/4` is not read as four of the
/// replications asked for).
pub fn runs_of(replications: u64, what: &str, scenarios: usize, of: &str) -> String {
    format!(
        "runs: {} {what} × {} {of}",
        forcesim::report::format::grouped(&replications.to_string()),
        forcesim::report::format::grouped(&scenarios.to_string())
    )
}

impl Progress {
    /// Progress of `total` `unit`s (plural, e.g. "replications") for the
    /// command `what` (e.g. "run"), shown as standard error allows.
    pub fn new(what: &str, total: u64, unit: &str) -> Self {
        let mode = if QUIET.load(Ordering::Relaxed) {
            Mode::Hidden
        } else if std::io::stderr().is_terminal() {
            let template =
                format!("{{spinner}} {{pos}}/{{len}} {unit} [{{elapsed_precise}}, {{eta}} left]");
            Mode::Bar(
                ProgressBar::new(total).with_style(
                    ProgressStyle::with_template(&template)
                        .unwrap_or_else(|_| ProgressStyle::default_bar()),
                ),
            )
        } else {
            Mode::Lines(Mutex::new(Lines {
                what: what.to_string(),
                unit: unit.to_string(),
                total,
                done: 0,
                kept: 0,
                next_percent: LINE_EVERY_PERCENT,
                started: Instant::now(),
            }))
        };
        Progress { mode }
    }

    /// One more unit done; safe to call from any thread.
    pub fn inc(&self) {
        match &self.mode {
            Mode::Hidden => {}
            Mode::Bar(bar) => bar.inc(1),
            Mode::Lines(lines) => {
                let mut lines = lines.lock().unwrap_or_else(PoisonError::into_inner);
                lines.done += 1;
                if let Some(line) = lines.due_line() {
                    // A log line that cannot be written is not worth failing
                    // the batch for.
                    let _ = writeln!(std::io::stderr().lock(), "{line}");
                }
            }
        }
    }

    /// Changes the total (a run to precision: up to its cap).
    pub fn set_total(&self, total: u64) {
        match &self.mode {
            Mode::Hidden => {}
            Mode::Bar(bar) => bar.set_length(total),
            Mode::Lines(lines) => {
                let mut lines = lines.lock().unwrap_or_else(PoisonError::into_inner);
                lines.total = total;
            }
        }
    }

    /// Counts `kept` units as done already (a resumed batch's kept
    /// replications), so the count ends at the total; the time left is
    /// worked out from the units done from now on.
    pub fn resume_from(&self, kept: u64) {
        match &self.mode {
            Mode::Hidden => {}
            Mode::Bar(bar) => {
                bar.set_position(kept);
                bar.reset_eta();
            }
            Mode::Lines(lines) => {
                let mut lines = lines.lock().unwrap_or_else(PoisonError::into_inner);
                lines.done = kept;
                lines.kept = kept;
                let percent = (kept * 100).checked_div(lines.total).unwrap_or(0);
                lines.next_percent = (percent / LINE_EVERY_PERCENT + 1) * LINE_EVERY_PERCENT;
            }
        }
    }

    /// Removes the bar (progress lines stay in the log).
    pub fn finish(&self) {
        if let Mode::Bar(bar) = &self.mode {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

impl Lines {
    /// The line due now that `done` units are done, if a multiple of
    /// [`LINE_EVERY_PERCENT`] % has been reached since the last one.
    fn due_line(&mut self) -> Option<String> {
        let percent = (self.done * 100).checked_div(self.total)?.min(100);
        if percent < self.next_percent {
            return None;
        }
        let step = LINE_EVERY_PERCENT;
        self.next_percent = (percent / step + 1) * step;
        let elapsed = self.started.elapsed();
        let left = if self.done >= self.total {
            Duration::ZERO
        } else {
            let ran = self.done.saturating_sub(self.kept).max(1);
            elapsed.mul_f64((self.total - self.done) as f64 / ran as f64)
        };
        Some(format!(
            "forcesim {}: {percent:>3} % ({}/{} {}), {} elapsed, about {} left",
            self.what,
            self.done,
            self.total,
            self.unit,
            clock(elapsed),
            clock(left)
        ))
    }
}

/// A duration as `1h02m03s`, `2m03s` or `3s` (whole seconds, rounded up
/// from a fraction so that work in progress never shows `0s` left).
fn clock(d: Duration) -> String {
    let s = d.as_secs() + u64::from(d.subsec_nanos() > 0);
    match (s / 3600, s % 3600 / 60, s % 60) {
        (0, 0, s) => format!("{s}s"),
        (0, m, s) => format!("{m}m{s:02}s"),
        (h, m, s) => format!("{h}h{m:02}m{s:02}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(total: u64) -> Lines {
        Lines {
            what: "run".into(),
            unit: "replications".into(),
            total,
            done: 0,
            kept: 0,
            next_percent: LINE_EVERY_PERCENT,
            started: Instant::now(),
        }
    }

    #[test]
    fn progress_lines_come_once_per_step_and_end_at_100_percent() {
        let mut l = lines(40);
        let mut due = Vec::new();
        for _ in 0..40 {
            l.done += 1;
            if let Some(line) = l.due_line() {
                due.push(line);
            }
        }
        assert_eq!(due.len(), 10, "{due:#?}");
        assert!(due[0].starts_with("forcesim run:  10 % (4/40 replications)"));
        assert!(due[9].contains("100 % (40/40 replications)"));
        assert!(due[9].ends_with("about 0s left"));
    }

    #[test]
    fn progress_lines_skip_steps_a_single_unit_jumps_over() {
        let mut l = lines(3);
        let due: Vec<String> = (0..3)
            .filter_map(|_| {
                l.done += 1;
                l.due_line()
            })
            .collect();
        let percents: Vec<&str> = due.iter().map(|d| &d[14..19]).collect();
        assert_eq!(percents, [" 33 %", " 66 %", "100 %"]);
    }

    #[test]
    fn progress_lines_of_a_resumed_batch_count_what_it_kept() {
        let mut l = lines(40);
        (l.done, l.kept, l.next_percent) = (16, 16, 50);
        let mut due = Vec::new();
        for _ in 16..40 {
            l.done += 1;
            due.extend(l.due_line());
        }
        assert!(due[0].starts_with("forcesim run:  50 % (20/40 replications)"));
        assert!(due.last().unwrap().contains("100 % (40/40 replications)"));
    }

    #[test]
    fn progress_clock_reads_hours_minutes_and_seconds() {
        assert_eq!(clock(Duration::from_millis(200)), "1s");
        assert_eq!(clock(Duration::from_secs(125)), "2m05s");
        assert_eq!(clock(Duration::from_secs(3723)), "1h02m03s");
    }
}
