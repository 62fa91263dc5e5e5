//! Outputs: batch results to bytes. Exporters read only [`BatchResult`]s and
//! the run's [`RunInfo`]; the simulation never formats anything.

pub mod budget;
pub mod charts;
pub mod csv;
pub mod documents;
pub mod files;
pub mod finance;
pub mod format;
pub mod growth;
pub mod html;
pub mod json;
pub mod log_read;
pub mod notes;
pub mod outputs;
pub mod places;
pub mod shard;
pub mod table;
pub mod trace;
pub mod trace_stream;
pub mod twin;
pub mod validation;
pub mod write;
pub mod xlsx;

use crate::batch::BatchResult;

/// Identifies a run in its outputs.
#[derive(Clone, Debug)]
pub struct RunInfo {
    /// Scenario name (from the file).
    pub scenario_name: String,
    /// Where the scenario came from (a path, or the embedded default).
    pub scenario_source: String,
    /// The scenario as run: after `extends` and `--set`, as TOML.
    pub scenario_as_run: toml::Table,
    /// Base seed of the batch.
    pub seed: u64,
    /// Replications in these results (a shard's own, not its batch's).
    pub replications: u64,
    /// The shard these results are, when they are one.
    pub shard: Option<Shard>,
}

/// Shard `k` of `n` of a batch of `of` replications (`run --shard K/N`):
/// it holds replications `i` with `i mod n = k − 1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// This shard's number, 1-based (1 ..= `n`).
    pub k: u64,
    /// Shards the batch is split into (≥ 1).
    pub n: u64,
    /// Replications in the whole batch.
    pub of: u64,
}

impl RunInfo {
    /// The command that reproduces these results from `scenario` (the
    /// scenario as run): the whole batch's size and, for a shard, the
    /// shard (which needs an output folder).
    pub fn reproduce(&self, scenario: &str) -> String {
        match self.shard {
            Some(s) => format!(
                "forcesim run {scenario} --seed {} -n {} --shard {}/{} --out FOLDER",
                self.seed, s.of, s.k, s.n
            ),
            None => format!(
                "forcesim run {scenario} --seed {} -n {}",
                self.seed, self.replications
            ),
        }
    }
}

/// What the report derives from a batch beyond the metrics themselves.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// The steady-state queueing estimate beside each team's simulated waits.
    pub twin: Vec<twin::TwinRow>,
    /// Plain statements: overload, instability, closed hours.
    pub statements: Vec<String>,
}

/// Derives the analytic twin and the statements for a batch.
pub fn analyse(model: &crate::scenario::Model, result: &BatchResult) -> Analysis {
    Analysis {
        twin: twin::analytic_twin(model, result),
        statements: notes::statements(model, result),
    }
}

/// Version of the JSON/CSV output layout; bumped on breaking changes.
pub const SCHEMA_VERSION: u32 = 1;
