//! The commands of the `forcesim` binary, one module each, and what they
//! share: loading a scenario with `--set` overrides, batch options from the
//! command line, output folders, and the [`Failure`] that decides the exit
//! code.
//!
//! These are modules of the binary, not of the library: they are the only
//! code (with `main.rs` and `cli.rs`) that prints to the terminal and knows
//! argv. Every line printed goes through [`output::write_line`], after the
//! command's files are written. The work itself (simulating, analysing, writing result files) is
//! the library's; a command reads its arguments, calls the library and
//! says what it did.

pub mod budget;
pub mod check;
pub mod compare;
pub mod merge;
pub mod output;
pub mod plot;
pub mod progress;
pub mod run;
pub mod shell;
pub mod sweep;
pub mod validate;

use anyhow::Context;
use forcesim::batch::{BatchOptions, BatchResult};
use forcesim::report::outputs::{Kind, OutputFolder, Refusal};
use forcesim::report::shard::{Damage, LogError};
use forcesim::report::{self, RunInfo};
use forcesim::scenario::{self, LoadedScenario, Model, ScenarioError};
use std::path::{Path, PathBuf};

/// Why a command failed, which decides the exit code (see `main`).
pub enum Failure {
    /// Bad input: a scenario file or arguments (exit code 2).
    BadInput(ScenarioError),
    /// A runtime failure, e.g. an output file that cannot be written
    /// (exit code 1).
    Runtime(anyhow::Error),
    /// Standard output is a closed pipe: end quietly (exit code 141, see
    /// [`output`]).
    StdoutClosed,
}

impl From<ScenarioError> for Failure {
    fn from(e: ScenarioError) -> Self {
        Failure::BadInput(e)
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Runtime(e)
    }
}

impl From<Refusal> for Failure {
    fn from(e: Refusal) -> Self {
        match e {
            Refusal::Unsafe(m) => bad_input("output", m),
            Refusal::Io(m) => Failure::Runtime(anyhow::anyhow!(m)),
        }
    }
}

impl From<LogError> for Failure {
    fn from(e: LogError) -> Self {
        match e {
            // Its message starts with the log's path.
            LogError::Input(m) => bad_input("", m),
            LogError::Output(m) => Failure::Runtime(anyhow::anyhow!(m)),
        }
    }
}

/// Bad input in the argument or key `what` (empty: the message says
/// where), with no file location.
fn bad_input(what: &str, message: String) -> Failure {
    Failure::BadInput(ScenarioError::single(what, None, "", message))
}

/// Batch options from the command line, defaulting to the scenario's; the
/// replication count is bounded like the scenario's `run.replications`.
fn batch_options(
    seed: Option<u64>,
    replications: Option<u64>,
    threads: Option<usize>,
    model: &Model,
) -> Result<BatchOptions, Failure> {
    let replications = replications.unwrap_or(model.defaults.replications);
    let max = scenario::validate::MAX_REPLICATIONS;
    if !(1..=max).contains(&replications) {
        let message = format!("must be between 1 and {max} (got {replications})");
        return Err(bad_input("--replications", message));
    }
    Ok(BatchOptions {
        seed: seed.unwrap_or(model.defaults.seed),
        replications,
        threads,
    })
}

/// Loads `scenario` (or the embedded default) with `--set` overrides; also
/// returns where the scenario came from, for messages. The `--set`
/// arguments are read first, so a malformed one (`--set KEY VALUE` makes
/// VALUE look like the scenario file) is reported as what it is.
fn load_scenario(
    scenario: Option<&Path>,
    set: &[String],
) -> Result<(LoadedScenario, Model, String), Failure> {
    let overrides = scenario::overrides::parse_all(set)?;
    let (loaded, source) = match scenario {
        Some(path) => (scenario::load::load_file(path)?, path.display().to_string()),
        None => (
            scenario::load::load_str(
                scenario::DEFAULT_SCENARIO_NAME,
                scenario::DEFAULT_SCENARIO,
                Path::new("scenarios"),
            )?,
            format!("{} (embedded)", scenario::DEFAULT_SCENARIO_NAME),
        ),
    };
    let (loaded, model) = scenario::with_overrides(loaded, &overrides)?;
    Ok((loaded, model, source))
}

/// The files a scenario was read from (the file named and its `extends`
/// bases): inputs no output may overwrite. None for the embedded default.
fn scenario_inputs(path: Option<&Path>, loaded: &LoadedScenario) -> Vec<PathBuf> {
    let Some(path) = path else {
        return Vec::new();
    };
    let mut inputs = vec![path.to_path_buf()];
    inputs.extend(loaded.locations.files().into_iter().map(PathBuf::from));
    inputs
}

/// Checks, creates and locks the `--out` folder of a command writing
/// `kind` results from `inputs`, before any simulation (see
/// [`OutputFolder::open`]); `None` without `--out`.
fn open_output(
    out: Option<&Path>,
    kind: Kind,
    inputs: &[PathBuf],
    force: bool,
) -> Result<Option<OutputFolder>, Failure> {
    out.map(|dir| OutputFolder::open(dir, kind, inputs, force))
        .transpose()
        .map_err(Failure::from)
}

/// Says on standard error which lines of which replication logs were
/// damaged and dropped, and how many whole records were recovered.
fn report_damage(damaged: &[(PathBuf, Damage)], recovered: usize) {
    if damaged.is_empty() {
        return;
    }
    for (path, d) in damaged {
        eprintln!(
            "warning: {}: line {}: {}; dropped",
            path.display(),
            d.line,
            d.reason
        );
    }
    eprintln!(
        "warning: recovered {recovered} whole records; dropped {} damaged lines",
        damaged.len()
    );
}

/// Writes `bytes` to `out/name`, whole or not at all.
fn write_output(out: &Path, name: &str, bytes: &[u8]) -> anyhow::Result<()> {
    let path = out.join(name);
    report::write::atomic_write(&path, bytes)
        .with_context(|| format!("cannot write {}", path.display()))
}

/// A batch rebuilt from a replications log (`merge`, `plot`): the scenario
/// as run, compiled again, and the replications summarised.
struct Logged {
    loaded: LoadedScenario,
    model: Model,
    result: BatchResult,
}

impl Logged {
    /// Compiles the log's scenario as run, beside the batch `result` of
    /// its replications.
    fn new(header: &report::shard::Header, result: BatchResult) -> Result<Self, Failure> {
        let (loaded, model) = scenario::from_str(
            &header.scenario_source,
            &header.scenario_as_run,
            Path::new("."),
        )?;
        Ok(Logged {
            loaded,
            model,
            result,
        })
    }

    /// What the run's files say about it, with `replications` in the batch.
    fn info(&self, header: &report::shard::Header, replications: u64) -> RunInfo {
        RunInfo {
            scenario_name: self.model.name.clone(),
            scenario_source: header.scenario_source.clone(),
            scenario_as_run: self.loaded.merged.clone(),
            seed: header.seed,
            replications,
            shard: None,
        }
    }
}

/// "no metric named `x`", with the nearest metric of `result` as a hint.
fn no_metric(name: &str, result: &BatchResult) -> String {
    let names = result.summary.iter().map(|m| m.name.as_str());
    match forcesim::suggest::did_you_mean(name, names) {
        Some(hint) => format!("no metric named `{name}`; hint: {hint}"),
        None => format!(
            "no metric named `{name}`; hint: `forcesim run --all` lists every metric by name"
        ),
    }
}
