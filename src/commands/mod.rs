//! The commands of the `forcesim` binary, one module each, and what they
//! share: loading a scenario with `--set` overrides, batch options from the
//! command line, output folders, and the [`Failure`] that decides the exit
//! code.
//!
//! These are modules of the binary, not of the library: they are the only
//! code (with `main.rs` and `cli.rs`) that prints to the terminal and knows
//! argv. The work itself (simulating, analysing, writing result files) is
//! the library's; a command reads its arguments, calls the library and
//! says what it did.

pub mod budget;
pub mod check;
pub mod compare;
pub mod merge;
pub mod plot;
pub mod run;
pub mod sweep;
pub mod validate;

use anyhow::Context;
use forcesim::batch::{self, BatchOptions, BatchResult};
use forcesim::report::{self, RunInfo};
use forcesim::scenario::{self, LoadedScenario, Model, ScenarioError};
use std::path::Path;

/// Why a command failed, which decides the exit code (see `main`).
pub enum Failure {
    /// Bad input: a scenario file or arguments (exit code 2).
    BadInput(ScenarioError),
    /// A runtime failure, e.g. an output file that cannot be written
    /// (exit code 1).
    Runtime(anyhow::Error),
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

/// Bad input in the argument or key `what`, with no file location.
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
/// returns where the scenario came from, for messages.
fn load_scenario(
    scenario: Option<&Path>,
    set: &[String],
) -> Result<(LoadedScenario, Model, String), Failure> {
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
    let overrides = parse_overrides(set)?;
    let loaded = if overrides.is_empty() {
        loaded
    } else {
        scenario::load::apply_overrides(&loaded, &overrides)?
    };
    let model = scenario::validate::compile(&loaded)?;
    Ok((loaded, model, source))
}

/// `KEY.PATH=VALUE` pairs from `--set`, trimmed.
fn parse_overrides(set: &[String]) -> Result<Vec<(String, String)>, ScenarioError> {
    set.iter()
        .map(|s| match s.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => {
                Ok((k.trim().to_string(), v.trim().to_string()))
            }
            _ => Err(ScenarioError::single(
                "--set",
                None,
                s,
                "expected KEY.PATH=VALUE".into(),
            )),
        })
        .collect()
}

/// Creates the output folder `out` if it is missing.
fn create_output_folder(out: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(out)
        .with_context(|| format!("cannot create output folder {}", out.display()))
}

/// Writes `bytes` to `out/name`, whole or not at all.
fn write_output(out: &Path, name: &str, bytes: &[u8]) -> anyhow::Result<()> {
    let path = out.join(name);
    report::write::atomic_write(&path, bytes)
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Creates `out` if missing, writes `bytes` to `out/name` and says so.
fn write_and_say(out: &Path, name: &str, bytes: &[u8]) -> anyhow::Result<()> {
    create_output_folder(out)?;
    write_output(out, name, bytes)?;
    println!("wrote {}", out.join(name).display());
    Ok(())
}

/// A batch rebuilt from a replications log (`merge`, `plot`): the scenario
/// as run, compiled again, and the replications summarised.
struct Logged {
    loaded: LoadedScenario,
    model: Model,
    result: BatchResult,
}

impl Logged {
    /// Compiles the log's scenario as run and summarises its replications.
    fn summarise(
        header: &report::shard::Header,
        all: Vec<forcesim::sim::ReplicationResult>,
    ) -> Result<Self, Failure> {
        let (loaded, model) = scenario::from_str(
            &header.scenario_source,
            &header.scenario_as_run,
            Path::new("."),
        )?;
        let result = batch::summarise(header.seed, all);
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
