//! Command-line arguments: the only code that knows argv.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// forcesim: a discrete-event simulator of police force resourcing.
///
/// Replays a year of 999, 101 and online demand against the staffing,
/// rosters and operating model of a TOML scenario, over many Monte Carlo
/// replications, and reports answer times, response times against
/// attendance targets, queues, utilisation and unmet demand.
///
/// Files: no output replaces an input or another output of the same
/// command; --out must be a new, empty or forcesim folder and --trace a
/// new file or an earlier trace, unless --force; an output folder is locked
/// while a command writes into it (a second writer is refused), and holds
/// one command's results (an earlier command's are removed).
///
/// Exit codes: 0 success; 1 a runtime failure (e.g. cannot write output,
/// standard output full); 2 bad input (scenario file or arguments, an
/// unsafe or locked output); 141 standard output closed (e.g. `| head`),
/// after every file is written.
#[derive(Parser, Debug)]
#[command(name = "forcesim", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// No progress on standard error (neither the bar on a terminal nor
    /// the progress lines written to logs); errors are still reported.
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Simulate a scenario and print a summary; write files with --out.
    ///
    /// With no SCENARIO, runs the embedded default scenario
    /// (scenarios/staffordshire-2018.toml).
    Run(RunArgs),
    /// Compare scenarios under common random numbers: each metric side by
    /// side with the paired difference from the first (base) scenario and
    /// its 95 % confidence interval; `clear` marks differences whose
    /// interval excludes zero.
    Compare(CompareArgs),
    /// Run a scenario over a grid of one or two parameters and write a tidy
    /// table (sweep.csv: one row per grid point and metric, with mean and
    /// 95 % CI). With --target, report the smallest value of the first
    /// parameter that meets it.
    ///
    /// With --budget, search instead the combinations of the options the
    /// scenario lists in [[costs.options]] that fit the budget, for the one
    /// that most improves --maximise or --minimise, and rank every
    /// combination run (one unit of each option alone too) by value for
    /// money: outcome gained per £1 m a year (budget.csv, budget.json,
    /// charts/, report.html).
    Sweep(SweepArgs),
    /// Combine the output folders of shards (`run --shard K/N --out DIR`)
    /// into exactly the result one machine would give.
    #[command(override_usage = "forcesim merge [OPTIONS] --out <DIR> <SHARD_DIR>...")]
    Merge {
        /// Output folders of the shards.
        #[arg(required = true, value_name = "SHARD_DIR")]
        dirs: Vec<PathBuf>,
        /// Folder for the merged outputs (never one of the shard folders).
        #[arg(long, short = 'o', value_name = "DIR")]
        out: PathBuf,
        /// Write into an existing folder (or over an existing file) that
        /// forcesim did not write. Never lets an output replace an input or
        /// another output of the same command.
        #[arg(long)]
        force: bool,
    },
    /// Check a scenario file and report every problem, without simulating.
    ///
    /// Checks everything any command will use, including every purchase
    /// `sweep --budget` may make of its [[costs.options]] (each option at
    /// one unit and at max_units, and all at their maximum), each problem
    /// located at the option's line.
    #[command(override_usage = "forcesim check [OPTIONS] <SCENARIO>")]
    Check {
        /// Scenario file (TOML).
        scenario: PathBuf,
        /// Overrides checked with the scenario, as `run --set` applies them.
        #[command(flatten)]
        overrides: Overrides,
    },
    /// Run the validation suite: reduced scenarios against queueing theory
    /// (Erlang C, Cobham, Erlang A, pre-emptive priority, Pollaczek–Khinchine),
    /// Little's law on the default scenario, and the arrival process.
    ///
    /// Exits 1 if any check fails (after writing --out files).
    Validate {
        /// Base random seed.
        #[arg(long, default_value_t = 1, value_name = "SEED", value_parser = parse_seed, allow_negative_numbers = true)]
        seed: u64,
        /// Worker threads, 1 to 256 (default: all cores).
        #[arg(long, short = 'j', value_parser = parse_threads, value_name = "THREADS", allow_negative_numbers = true)]
        threads: Option<usize>,
        /// Folder for validation.csv and validation.json (created if
        /// missing): one row per check with the theory value, the simulated
        /// mean and 95 % CI, the verdict and the model's parameters.
        #[arg(long, short = 'o')]
        out: Option<PathBuf>,
        /// Write into an existing folder (or over an existing file) that
        /// forcesim did not write. Never lets an output replace an input or
        /// another output of the same command.
        #[arg(long)]
        force: bool,
    },
    /// Redraw the charts (PNG and SVG in charts/) and report.html of a
    /// results folder written by `run --out`, `merge`, `compare --out` or
    /// `sweep --out`.
    Plot {
        /// The results folder.
        results: PathBuf,
        /// Where to write charts/ and report.html (default: RESULTS).
        #[arg(long, short = 'o')]
        out: Option<PathBuf>,
        /// Write into an existing folder (or over an existing file) that
        /// forcesim did not write. Never lets an output replace an input or
        /// another output of the same command.
        #[arg(long)]
        force: bool,
    },
    /// Print the shell completion script for SHELL, e.g.
    /// `forcesim completions bash > ~/.local/share/bash-completion/completions/forcesim`.
    Completions {
        /// The shell: bash, zsh, fish, powershell or elvish.
        shell: clap_complete::Shell,
    },
    /// Print the manual page forcesim(1) (roff; it lists every command),
    /// e.g. `forcesim man | man -l -`; with --out, write forcesim.1 and one
    /// page per command (forcesim-run.1, …) to a folder instead.
    Man {
        /// Folder for the pages (created if missing).
        #[arg(long, short = 'o')]
        out: Option<PathBuf>,
    },
}

/// `--set KEY.PATH=VALUE` overrides, one argument group shared by `run`,
/// `compare` and `check` (`sweep` takes the same overrides and ranges).
#[derive(Args, Debug, Default)]
pub struct Overrides {
    /// Override a scenario value, e.g. `--set teams.response_north.headcount_by_role.constable=230`
    /// (one argument, no space around the key; the value is one line of
    /// TOML: quote strings, `'name="North"'`; repeatable; not `extends`).
    #[arg(long = "set", value_name = "KEY.PATH=VALUE")]
    pub set: Vec<String>,
}

#[derive(Args, Debug)]
#[command(
    override_usage = "forcesim sweep [OPTIONS] --set <KEY.PATH=FROM..TO:STEP>... [SCENARIO]\n       \
forcesim sweep [OPTIONS] --budget <POUNDS_A_YEAR> --maximise <METRIC> [SCENARIO]\n       \
forcesim sweep [OPTIONS] --budget <POUNDS_A_YEAR> --minimise <METRIC> [SCENARIO]"
)]
pub struct SweepArgs {
    /// Scenario file (TOML); default: the embedded staffordshire-2018 scenario.
    pub scenario: Option<PathBuf>,
    /// A swept parameter `KEY.PATH=FROM..TO:STEP` (one or two), or a fixed
    /// override `KEY.PATH=VALUE`; repeatable.
    #[arg(
        long = "set",
        value_name = "KEY.PATH=FROM..TO:STEP",
        required_unless_present = "budget"
    )]
    pub set: Vec<String>,
    /// Budget search: a sum in £ a year to spend on the scenario's
    /// [[costs.options]]. Every affordable combination to which no further
    /// unit fits is run with common random numbers and ranked by
    /// --maximise or --minimise: a search over what was configured, not a
    /// guarantee of the best use of the money.
    #[arg(long, value_name = "POUNDS_A_YEAR", allow_negative_numbers = true)]
    pub budget: Option<f64>,
    /// With --budget: the metric to make as large as possible.
    #[arg(
        long,
        value_name = "METRIC",
        requires = "budget",
        conflicts_with = "minimise"
    )]
    pub maximise: Option<String>,
    /// With --budget: the metric to make as small as possible.
    #[arg(long, value_name = "METRIC", requires = "budget")]
    pub minimise: Option<String>,
    /// With --budget: run every affordable combination, not only those to
    /// which no further unit fits.
    #[arg(long, requires = "budget")]
    pub every_combination: bool,
    /// With --budget: most combinations run (a guard on run time).
    #[arg(long, default_value_t = 40, requires = "budget", value_name = "N", value_parser = parse_at_least_one, allow_negative_numbers = true)]
    pub max_combinations: usize,
    /// A target such as `response.g1.within_target_share>=0.9`: the sweep
    /// reports the smallest value of the first parameter whose mean meets it.
    #[arg(long)]
    pub target: Option<String>,
    /// Metrics to show in the terminal (all are written to sweep.csv).
    #[arg(long = "metric")]
    pub metrics: Vec<String>,
    /// Base random seed, shared by every grid point.
    #[arg(long, value_name = "SEED", value_parser = parse_seed, allow_negative_numbers = true)]
    pub seed: Option<u64>,
    /// Replications per grid point (default: the scenario's `run.replications`;
    /// 4 with --budget).
    #[arg(long, short = 'n', value_name = "N", value_parser = parse_replications, allow_negative_numbers = true)]
    pub replications: Option<u64>,
    /// Folder for sweep.csv, sweep.json, charts/ and report.html, or
    /// budget.csv, budget.json, charts/ and report.html with --budget
    /// (created if missing).
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Worker threads, 1 to 256 (default: all cores).
    #[arg(long, short = 'j', value_parser = parse_threads, value_name = "THREADS", allow_negative_numbers = true)]
    pub threads: Option<usize>,
    /// Write into an existing folder (or over an existing file) that
    /// forcesim did not write. Never lets an output replace an input or
    /// another output of the same command.
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
#[command(override_usage = "forcesim compare [OPTIONS] <BASE> <ALTERNATIVE>...")]
pub struct CompareArgs {
    /// The base scenario, then one or more alternatives (TOML files).
    #[arg(
        required = true,
        num_args = 2..,
        value_names = ["BASE", "ALTERNATIVE"]
    )]
    pub scenarios: Vec<PathBuf>,
    /// Overrides applied to every scenario compared (base and alternatives).
    #[command(flatten)]
    pub overrides: Overrides,
    /// Base random seed, shared by every scenario (default: the base's `run.seed`).
    #[arg(long, value_name = "SEED", value_parser = parse_seed, allow_negative_numbers = true)]
    pub seed: Option<u64>,
    /// Replications of each scenario (default: the base's `run.replications`).
    #[arg(long, short = 'n', value_name = "N", value_parser = parse_replications, allow_negative_numbers = true)]
    pub replications: Option<u64>,
    /// Folder for comparison.csv, comparison.json, results.xlsx (Excel),
    /// charts/ and report.html, and appraisal.csv when the scenarios have
    /// [costs] (created if missing).
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Worker threads, 1 to 256 (default: all cores). Results are identical
    /// for any value.
    #[arg(long, short = 'j', value_parser = parse_threads, value_name = "THREADS", allow_negative_numbers = true)]
    pub threads: Option<usize>,
    /// Show every metric, not only the headline ones.
    #[arg(long)]
    pub all: bool,
    /// Write into an existing folder (or over an existing file) that
    /// forcesim did not write. Never lets an output replace an input or
    /// another output of the same command.
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
#[command(override_usage = "forcesim run [OPTIONS] [SCENARIO]")]
pub struct RunArgs {
    /// Scenario file (TOML); default: the embedded staffordshire-2018 scenario.
    pub scenario: Option<PathBuf>,
    /// Base random seed (default: the scenario's `run.seed`). Replication i
    /// uses (seed, i), so results do not depend on the thread count.
    #[arg(long, value_name = "SEED", value_parser = parse_seed, allow_negative_numbers = true)]
    pub seed: Option<u64>,
    /// Number of replications, 1 to 100,000 (default: the scenario's
    /// `run.replications`). Each replication's metric values are kept until
    /// the batch ends: about 5 KB for a year of the default force (470 MB
    /// at 100,000), 4.3 KB more per further simulated year (each year adds
    /// its own metrics); histograms, profiles and series are merged as
    /// replications finish.
    #[arg(long, short = 'n', value_name = "N", value_parser = parse_replications, allow_negative_numbers = true)]
    pub replications: Option<u64>,
    /// Folder for summary.json, summary.csv, replications.csv,
    /// replications.jsonl, scenario_as_run.toml, results.xlsx (Excel),
    /// charts/ (PNG and SVG) and report.html (created if missing). Files are
    /// written whole or not at all; the folder is locked while the run
    /// writes into it.
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Worker threads, 1 to 256 (default: all cores). Results are identical
    /// for any value.
    #[arg(long, short = 'j', value_parser = parse_threads, value_name = "THREADS", allow_negative_numbers = true)]
    pub threads: Option<usize>,
    /// Overrides of scenario values.
    #[command(flatten)]
    pub overrides: Overrides,
    /// Print every metric, not only the headline table.
    #[arg(long)]
    pub all: bool,
    /// Run replications until every headline metric's 95 % CI half-width is
    /// within this: `2%` (relative to the mean) or `0.5` (in the metric's own
    /// unit). Starts with --replications and doubles up to --max-replications.
    #[arg(long, value_parser = parse_precision)]
    pub precision: Option<forcesim::batch::Precision>,
    /// Cap for --precision (at most 100,000, as --replications).
    #[arg(long, default_value_t = 640, value_name = "N", value_parser = parse_replications, allow_negative_numbers = true)]
    pub max_replications: u64,
    /// Run only shard K of N (replications i with i mod N = K − 1), for
    /// spreading a batch over machines; combine with `forcesim merge`.
    /// Needs --out.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<(u64, u64)>,
    /// Continue an interrupted batch in --out: replications already in its
    /// replications.jsonl are kept, the rest are run. A cut or damaged
    /// line is reported and dropped (its replication is run again); the
    /// log of a different run is refused.
    #[arg(long)]
    pub resume: bool,
    /// Write the per-incident log of one replication (--trace-replication)
    /// to FILE as CSV: one row per piece of demand with the time of every
    /// stage (seconds since the start, exact to the millisecond), its
    /// stream, category, grade, area, teams, crime and end state; every
    /// column is listed in the README ("The per-incident log"). CSV only
    /// (pandas, polars or DuckDB turn it into Parquet in one line). Written
    /// whole or not at all, as
    /// the replication runs (rows spilled to a hidden file beside FILE, so
    /// memory holds only open cases and 12 bytes per case); never over an
    /// input or another output of the run, nor (without --force) over a
    /// file that is not an earlier trace.
    #[arg(long, value_name = "FILE")]
    pub trace: Option<PathBuf>,
    /// The replication --trace logs, from 0 (default: the first); must be
    /// one of this run's replications.
    #[arg(long, value_name = "N", default_value_t = 0, requires = "trace", value_parser = parse_seed, allow_negative_numbers = true)]
    pub trace_replication: u64,
    /// Write into an existing folder (or over an existing file) that
    /// forcesim did not write. Never lets an output replace an input or
    /// another output of the same command.
    #[arg(long)]
    pub force: bool,
}

/// `--seed` (and `--trace-replication`): a whole number from 0 to
/// 2⁶⁴ − 1.
fn parse_seed(text: &str) -> Result<u64, String> {
    text.trim().parse::<u64>().map_err(|_| {
        format!(
            "expected a whole number from 0 to {} (got `{text}`)",
            u64::MAX
        )
    })
}

/// `--replications`, `--max-replications`: a whole number from 1 to
/// [`forcesim::scenario::validate::MAX_REPLICATIONS`].
fn parse_replications(text: &str) -> Result<u64, String> {
    let max = forcesim::scenario::validate::MAX_REPLICATIONS;
    match text.trim().parse::<u64>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(format!(
            "expected a whole number of replications from 1 to {} (got `{text}`)",
            forcesim::report::format::grouped(&max.to_string())
        )),
    }
}

/// A whole number of at least 1 (`--max-combinations`).
fn parse_at_least_one(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!(
            "expected a whole number of at least 1 (got `{text}`)"
        )),
    }
}

/// `--threads`: a whole number from 1 to [`forcesim::batch::MAX_THREADS`].
fn parse_threads(text: &str) -> Result<usize, String> {
    let max = forcesim::batch::MAX_THREADS;
    match text.trim().parse::<usize>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(format!(
            "expected a whole number of worker threads from 1 to {max} (got `{text}`); \
             results do not depend on it, so the number of cores is enough"
        )),
    }
}

/// `K/N` with 1 ≤ K ≤ N.
fn parse_shard(text: &str) -> Result<(u64, u64), String> {
    let (k, n) = text
        .split_once('/')
        .ok_or_else(|| format!("`{text}`: expected K/N, e.g. 2/8"))?;
    let (k, n): (u64, u64) = (
        k.trim()
            .parse()
            .map_err(|_| format!("`{text}`: K is not a whole number"))?,
        n.trim()
            .parse()
            .map_err(|_| format!("`{text}`: N is not a whole number"))?,
    );
    if k == 0 || k > n {
        return Err(format!("`{text}`: need 1 ≤ K ≤ N"));
    }
    Ok((k, n))
}

/// `2%` → relative 0.02; `0.5` → absolute 0.5.
fn parse_precision(text: &str) -> Result<forcesim::batch::Precision, String> {
    let (number, relative) = match text.trim().strip_suffix('%') {
        Some(n) => (n, true),
        None => (text.trim(), false),
    };
    let x: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a number or a percentage"))?;
    if !(x.is_finite() && x > 0.0) {
        return Err(format!("`{text}` must be greater than 0"));
    }
    Ok(if relative {
        forcesim::batch::Precision::Relative(x / 100.0)
    } else {
        forcesim::batch::Precision::Absolute(x)
    })
}
