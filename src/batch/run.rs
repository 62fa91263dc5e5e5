//! Running replications in parallel: whole batches folded in memory, and
//! logged batches (shards, resumed runs) whose replications are handed to
//! a store, such as the replication log, as each finishes.

use super::fold::Fold;
use super::{BatchError, BatchOptions, BatchResult, replicate};
use crate::metrics::ReplicationResult;
use crate::scenario::Model;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::ops::Range;

/// Replications run at once per worker thread before they are folded: a
/// whole chunk is run in parallel, then folded in index order. Enough to
/// keep every thread busy across a chunk's end, few enough that at most
/// `4 × threads` full results (about 210 KB each for a year of the default
/// force) wait to be folded.
pub const CHUNK_PER_THREAD: usize = 4;

/// The worker threads of a batch: rayon's global pool, or one of the
/// size asked for.
enum Pool {
    Global,
    Own(rayon::ThreadPool),
}

impl Pool {
    fn new(threads: Option<usize>) -> Result<Pool, BatchError> {
        match threads {
            None => Ok(Pool::Global),
            Some(threads) => rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .map(Pool::Own)
                .map_err(|source| BatchError::ThreadPool { threads, source }),
        }
    }

    fn threads(&self) -> usize {
        match self {
            Pool::Global => rayon::current_num_threads(),
            Pool::Own(pool) => pool.current_num_threads(),
        }
    }

    fn install<T: Send>(&self, work: impl FnOnce() -> T + Send) -> T {
        match self {
            Pool::Global => work(),
            Pool::Own(pool) => pool.install(work),
        }
    }
}

/// Runs `options.replications` replications of `model`; `on_done` is
/// called (from worker threads) as each finishes, for progress display.
pub fn run(
    model: &Model,
    options: BatchOptions,
    on_done: &(dyn Fn() + Sync),
) -> Result<BatchResult, BatchError> {
    let mut fold = Fold::new(options.seed);
    run_into(
        model,
        options,
        0..options.replications,
        &mut fold,
        on_done,
        &mut |_| Ok(()),
    )?;
    Ok(fold.finish())
}

/// Runs the replications with indices `range` and folds them into `fold`
/// in index order, showing each full result to `in_order` (in index
/// order, before it is folded: e.g. to write the sorted replication log)
/// and calling `on_done` (from worker threads) as each finishes. At most
/// [`CHUNK_PER_THREAD`] full results per worker thread are held at once.
pub fn run_into(
    model: &Model,
    options: BatchOptions,
    range: Range<u64>,
    fold: &mut Fold,
    on_done: &(dyn Fn() + Sync),
    in_order: &mut dyn FnMut(&ReplicationResult) -> Result<(), String>,
) -> Result<(), BatchError> {
    let pool = Pool::new(options.threads)?;
    let chunk = (pool.threads().max(1) * CHUNK_PER_THREAD) as u64;
    let mut start = range.start;
    while start < range.end {
        let end = start.saturating_add(chunk).min(range.end);
        let results: Vec<ReplicationResult> = pool.install(|| {
            (start..end)
                .into_par_iter()
                .map(|i| {
                    let result = replicate(model, options.seed, i);
                    on_done();
                    result
                })
                .collect()
        });
        for r in &results {
            in_order(r).map_err(BatchError::Store)?;
            fold.push(r)?;
        }
        start = end;
    }
    Ok(())
}

/// The replications of a batch of `replications` that shard `shard` runs
/// (K of N: indices i with i mod N = K − 1; every index without a shard)
/// and that are not in `done`, in index order.
pub fn pending(replications: u64, shard: Option<(u64, u64)>, done: &BTreeSet<u64>) -> Vec<u64> {
    (0..replications)
        .filter(|i| shard.is_none_or(|(k, n)| n > 0 && i % n == k.wrapping_sub(1)))
        .filter(|i| !done.contains(i))
        .collect()
}

/// Runs the replications with the given indices, handing each to `store`
/// (from worker threads, in the order they finish) and calling `on_done`
/// once it is stored; nothing is kept in memory. The first failure of
/// `store` stops the batch (replications already stored stay stored) and
/// is returned as [`BatchError::Store`].
///
/// This is how a batch is logged as it goes (`run --out`), sharded
/// (`--shard`) or resumed (`--resume`): the store appends each replication
/// to the replication log, and the result is read back from the log in
/// index order once every replication is in it.
pub fn run_logged(
    model: &Model,
    options: BatchOptions,
    indices: &[u64],
    store: &(dyn Fn(&ReplicationResult) -> Result<(), String> + Sync),
    on_done: &(dyn Fn() + Sync),
) -> Result<(), BatchError> {
    let pool = Pool::new(options.threads)?;
    pool.install(|| {
        indices.par_iter().try_for_each(|&i| {
            let result = replicate(model, options.seed, i);
            store(&result)?;
            on_done();
            Ok(())
        })
    })
    .map_err(BatchError::Store)
}
