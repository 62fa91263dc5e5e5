//! Batches grown until the confidence intervals of chosen metrics are as
//! narrow as asked.

use super::fold::Fold;
use super::run::run_into;
use super::{BatchError, BatchOptions, BatchResult};
use crate::metrics::ReplicationResult;
use crate::scenario::Model;
use crate::stats::Estimate;

/// A target for the 95 % CI half-width of chosen metrics.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Precision {
    /// Half-width at most this share of the mean (0.01 = 1 %).
    Relative(f64),
    /// Half-width at most this, in each metric's own unit.
    Absolute(f64),
}

impl Precision {
    /// Whether an estimate meets the target (an undefined one does not).
    pub fn met_by(self, e: &Estimate) -> bool {
        match (self, e.half_width()) {
            (_, None) => false,
            (Precision::Relative(r), Some(h)) => h <= r * e.mean.abs(),
            (Precision::Absolute(a), Some(h)) => h <= a,
        }
    }
}

/// How a run to precision ended.
#[derive(Clone, Debug)]
pub struct PrecisionOutcome {
    /// Replications run in all (the batch's final size).
    pub replications: u64,
    /// Target metrics still wider than the target (empty when met).
    pub unmet: Vec<String>,
}

/// Runs `options.replications` replications, then doubles them until every
/// metric for which `is_target` holds (and whose mean is defined) meets
/// `precision`, or `max_replications` is reached. Money (unit `£`) is
/// never a target: costs are set by the scenario, and a surplus near zero
/// could never meet a relative target. Replication `i` always
/// uses `(seed, i)`, so the result equals a single batch of the final size.
pub fn run_to_precision(
    model: &Model,
    options: BatchOptions,
    precision: Precision,
    max_replications: u64,
    is_target: &dyn Fn(&str) -> bool,
    on_done: &(dyn Fn() + Sync),
) -> Result<(BatchResult, PrecisionOutcome), BatchError> {
    run_to_precision_with(
        model,
        options,
        precision,
        max_replications,
        is_target,
        on_done,
        &mut |_| Ok(()),
    )
}

/// [`run_to_precision`], showing every replication's full result to
/// `in_order` in index order as it is folded (e.g. to write the sorted
/// replication log as the batch goes, since the batch keeps only metric
/// values).
pub fn run_to_precision_with(
    model: &Model,
    options: BatchOptions,
    precision: Precision,
    max_replications: u64,
    is_target: &dyn Fn(&str) -> bool,
    on_done: &(dyn Fn() + Sync),
    in_order: &mut dyn FnMut(&ReplicationResult) -> Result<(), String>,
) -> Result<(BatchResult, PrecisionOutcome), BatchError> {
    let first = options.replications.clamp(2, max_replications.max(2));
    let mut fold = Fold::new(options.seed);
    run_into(model, options, 0..first, &mut fold, on_done, in_order)?;
    loop {
        let result = fold.result();
        // The precision is that of the t interval before it is cut to the
        // metric's range: a cut end is not extra precision.
        let unmet: Vec<String> = result
            .summary
            .iter()
            .enumerate()
            .filter(|(i, m)| {
                is_target(&m.name)
                    && m.unit != "£"
                    && !m.estimate.mean.is_nan()
                    && !precision.met_by(&Estimate::from_samples(&result.column(*i)))
            })
            .map(|(_, m)| m.name.clone())
            .collect();
        let n = result.replications.len() as u64;
        if unmet.is_empty() || n >= max_replications {
            return Ok((
                result,
                PrecisionOutcome {
                    replications: n,
                    unmet,
                },
            ));
        }
        let next = (n * 2).min(max_replications);
        run_into(model, options, n..next, &mut fold, on_done, in_order)?;
    }
}
