//! Paired comparison of scenarios run with common random numbers.
//!
//! Scenarios compared are run with the same seed and replication indices,
//! so replication *i* of each sees the same arrivals (the streams are named
//! by source, not by position). The difference of a metric is estimated
//! from the per-replication differences (a paired t interval), which
//! removes the demand noise the scenarios share: a small real difference
//! is not lost in it.

use crate::batch::BatchResult;
use crate::stats::Estimate;

/// One metric of one alternative against the base.
#[derive(Clone, Debug)]
pub struct Difference {
    /// The metric's dotted name.
    pub metric: String,
    /// The metric's unit (the difference and both means are in it).
    pub unit: &'static str,
    /// Scenario name of the alternative.
    pub scenario: String,
    /// Mean of the metric over the base's replications (`NaN` if undefined).
    pub base_mean: f64,
    /// Mean of the metric over the alternative's replications.
    pub other_mean: f64,
    /// Other minus base, paired over replications, with its 95 % CI.
    pub difference: Estimate,
    /// The 95 % CI excludes zero.
    pub clear: bool,
    /// The CI was cut to the range a difference can take (±100 points for
    /// a share): see [`crate::batch::paired_difference`].
    pub truncated: bool,
}

/// Paired differences of every metric the base and `other` share, in the
/// base's metric order. Both batches must use the same seed and number of
/// replications (common random numbers); pairs are matched by replication.
pub fn paired_differences(
    base: &BatchResult,
    other: &BatchResult,
    other_name: &str,
) -> Vec<Difference> {
    base.summary
        .iter()
        .filter_map(|m| {
            let o = other.metric(&m.name)?;
            let (difference, truncated) = crate::batch::paired_difference(
                &m.name,
                m.unit,
                &base.values(&m.name),
                &other.values(&m.name),
            );
            let clear = difference.excludes_zero();
            Some(Difference {
                metric: m.name.clone(),
                unit: m.unit,
                scenario: other_name.to_string(),
                base_mean: m.estimate.mean,
                other_mean: o.estimate.mean,
                difference,
                clear,
                truncated,
            })
        })
        .collect()
}
