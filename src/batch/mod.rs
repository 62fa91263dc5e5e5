//! Batches: many replications in parallel, summarised.
//!
//! The only parallel code in forcesim, and the only code that runs
//! batches. Replication `i` always uses `(seed, i)`; replications are run
//! with rayon in chunks of a few per worker thread, and each chunk is
//! folded in index order on one thread (see [`fold`]), so results are
//! bit-for-bit identical whatever the thread count, and a batch keeps of
//! each replication only its metric values.
//!
//! - [`result`]: what a batch produces ([`BatchResult`]).
//! - [`fold`]: replications folded into a result one at a time.
//! - [`run`](mod@run): batches in memory, logged as they go, and shards.
//! - [`precision`]: batches grown until their intervals are narrow enough.

pub mod fold;
pub mod precision;
pub mod result;
pub mod run;

pub use fold::{Fold, ShapeMismatch, summarise};
pub use precision::{Precision, PrecisionOutcome, run_to_precision, run_to_precision_with};
pub use result::{
    BatchResult, IntervalNote, MetricSummary, PooledPercentiles, ReplicationValues, SeriesBand,
    difference_range, metric_range, paired_difference,
};
pub use run::{pending, run, run_logged};

use crate::metrics::ReplicationResult;
use crate::scenario::Model;
use crate::sim;

/// Most worker threads a batch may use: each holds a replication's state
/// (tens of MB for the default force), and more threads than cores gain
/// nothing.
pub const MAX_THREADS: usize = 256;

/// How to run a batch.
#[derive(Clone, Copy, Debug)]
pub struct BatchOptions {
    /// Seed of every replication's random numbers (replication `i` uses
    /// `(seed, i)`).
    pub seed: u64,
    /// Replications in the batch (indices `0..replications`), at most
    /// [`MAX_REPLICATIONS`](crate::scenario::validate::MAX_REPLICATIONS).
    pub replications: u64,
    /// Worker threads; `None` uses all cores.
    pub threads: Option<usize>,
}

/// Why a batch could not run.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The worker threads could not be started.
    #[error("cannot start {threads} worker threads: {source}")]
    ThreadPool {
        /// Threads asked for.
        threads: usize,
        /// Why they could not start.
        source: rayon::ThreadPoolBuildError,
    },
    /// A finished replication could not be stored (e.g. appended to the
    /// replication log): the batch stops.
    #[error("{0}")]
    Store(String),
    /// A replication did not fit the batch (an internal error for a batch
    /// of one model).
    #[error(transparent)]
    Shape(#[from] ShapeMismatch),
}

/// One replication: the simulation, then its accounts (finance metrics
/// from the staffing and the overtime it worked; none without `[costs]`
/// or `[funding]`).
pub fn replicate(model: &Model, seed: u64, replication: u64) -> ReplicationResult {
    crate::metrics::with_accounts(model, sim::run(model, seed, replication))
}

/// One replication as [`replicate`] runs it (the same result, bit for bit,
/// accounts included) with its per-incident log.
pub fn replicate_traced(
    model: &Model,
    seed: u64,
    replication: u64,
) -> (ReplicationResult, sim::trace::Trace) {
    let (r, trace) = sim::run_traced(model, seed, replication);
    (crate::metrics::with_accounts(model, r), trace)
}

/// One replication as [`replicate`] runs it (the same result, bit for bit,
/// accounts included), reporting every step of every case to `tracer`.
pub fn replicate_with_tracer<T: sim::trace::Tracer>(
    model: &Model,
    seed: u64,
    replication: u64,
    tracer: T,
) -> ReplicationResult {
    crate::metrics::with_accounts(
        model,
        sim::run_with_tracer(model, seed, replication, tracer),
    )
}
