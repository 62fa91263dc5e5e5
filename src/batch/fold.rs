//! Folding replications into a batch result one at a time, in replication
//! order, keeping of each only its metric values.
//!
//! A replication's histograms, hour-of-week profiles and series (about
//! 200 KB for a year of the default force) are merged into running totals
//! as it arrives and then dropped, so a batch's memory grows by its metric
//! values alone (see [`ReplicationValues`]). Each running total is the
//! same arithmetic, in the same order, as the two-pass sums it replaces:
//! the result is bit for bit that of summarising every replication at
//! once, provided replications are pushed in index order.

use super::result::{BatchResult, MetricSummary, PooledPercentiles, ReplicationValues, SeriesBand};
use crate::sim::{HourlyProfile, ReplicationResult, TimeDistribution};
use crate::stats::EstimateAccumulator;

/// A replication whose shape (metric names, distributions and their
/// layouts, teams, series) differs from the first one folded: it cannot be
/// of the same batch.
#[derive(Debug, thiserror::Error)]
#[error("replication {replication} differs in shape from the batch's first: {what}")]
pub struct ShapeMismatch {
    /// The replication refused.
    pub replication: u64,
    /// What differs.
    pub what: String,
}

/// A running sum of the non-`NaN` values at each hour (of one profile).
#[derive(Clone, Debug)]
struct HourSums {
    sums: Vec<f64>,
    counts: Vec<u64>,
}

impl HourSums {
    fn new(len: usize) -> Self {
        // The sum of nothing, exactly as `Iterator::sum` starts.
        let zero: f64 = std::iter::empty::<f64>().sum();
        HourSums {
            sums: vec![zero; len],
            counts: vec![0; len],
        }
    }

    fn push(&mut self, values: &[f64]) {
        for ((sum, count), v) in self.sums.iter_mut().zip(&mut self.counts).zip(values) {
            if !v.is_nan() {
                *sum += v;
                *count += 1;
            }
        }
    }

    /// The mean at each hour; `NaN` where every value was `NaN`.
    fn means(&self) -> Vec<f64> {
        self.sums
            .iter()
            .zip(&self.counts)
            .map(|(s, &n)| if n == 0 { f64::NAN } else { s / n as f64 })
            .collect()
    }
}

/// A team's hour-of-week profile, summed over replications.
#[derive(Clone, Debug)]
struct ProfileSums {
    team: String,
    utilisation: HourSums,
    capacity: HourSums,
    arrivals: HourSums,
}

/// A series' estimate at each sample, accumulated over replications.
#[derive(Clone, Debug)]
struct SeriesSums {
    name: String,
    unit: &'static str,
    step_days: f64,
    samples: Vec<EstimateAccumulator>,
}

/// A batch result being built from replications pushed in index order.
///
/// Invariant: every replication pushed had the shape of the first (same
/// metrics in the same order, same distributions, teams and series).
#[derive(Clone, Debug)]
pub struct Fold {
    seed: u64,
    /// Metric names and units, from the first replication.
    metrics: Vec<(String, &'static str)>,
    replications: Vec<ReplicationValues>,
    distributions: Vec<TimeDistribution>,
    hourly: Vec<ProfileSums>,
    series: Vec<SeriesSums>,
}

impl Fold {
    /// An empty fold for a batch run with `seed`.
    pub fn new(seed: u64) -> Self {
        Fold {
            seed,
            metrics: Vec::new(),
            replications: Vec::new(),
            distributions: Vec::new(),
            hourly: Vec::new(),
            series: Vec::new(),
        }
    }

    /// Replications folded so far.
    pub fn len(&self) -> usize {
        self.replications.len()
    }

    /// Whether no replication was folded yet.
    pub fn is_empty(&self) -> bool {
        self.replications.is_empty()
    }

    /// Folds the next replication in (replications must come in index
    /// order for results independent of how they were run); keeps its
    /// metric values and drops the rest.
    pub fn push(&mut self, r: ReplicationResult) -> Result<(), ShapeMismatch> {
        if self.replications.is_empty() {
            self.start(&r);
        }
        self.check_shape(&r)?;
        for (pooled, d) in self.distributions.iter_mut().zip(&r.distributions) {
            pooled
                .histogram
                .merge(&d.histogram)
                .map_err(|_| mismatch(&r, format!("distribution `{}`'s layout", d.name)))?;
        }
        for (sums, p) in self.hourly.iter_mut().zip(&r.hourly) {
            sums.utilisation.push(&p.utilisation);
            sums.capacity.push(&p.capacity);
            sums.arrivals.push(&p.arrivals);
        }
        for (sums, s) in self.series.iter_mut().zip(&r.series) {
            // The band is as long as the shortest replication's series.
            sums.samples.truncate(s.values.len());
            for (acc, v) in sums.samples.iter_mut().zip(&s.values) {
                acc.push(*v);
            }
        }
        self.replications.push(ReplicationValues {
            replication: r.replication,
            events: r.events,
            values: r.metrics.iter().map(|m| m.value).collect(),
        });
        Ok(())
    }

    /// Takes the layout of the batch from its first replication.
    fn start(&mut self, first: &ReplicationResult) {
        self.metrics = first
            .metrics
            .iter()
            .map(|m| (m.name.clone(), m.unit))
            .collect();
        self.distributions = first
            .distributions
            .iter()
            .map(|d| {
                let mut empty = d.histogram.clone();
                empty.clear();
                TimeDistribution {
                    name: d.name.clone(),
                    unit: d.unit,
                    histogram: empty,
                }
            })
            .collect();
        self.hourly = first
            .hourly
            .iter()
            .map(|p| ProfileSums {
                team: p.team.clone(),
                utilisation: HourSums::new(p.utilisation.len()),
                capacity: HourSums::new(p.capacity.len()),
                arrivals: HourSums::new(p.arrivals.len()),
            })
            .collect();
        self.series = first
            .series
            .iter()
            .map(|s| SeriesSums {
                name: s.name.clone(),
                unit: s.unit,
                step_days: s.step_days,
                samples: vec![EstimateAccumulator::new(); s.values.len()],
            })
            .collect();
    }

    /// Checks that `r` has the batch's shape.
    fn check_shape(&self, r: &ReplicationResult) -> Result<(), ShapeMismatch> {
        if r.metrics.len() != self.metrics.len()
            || r.metrics
                .iter()
                .zip(&self.metrics)
                .any(|(m, (name, unit))| m.name != *name || m.unit != *unit)
        {
            return Err(mismatch(r, "its metrics".into()));
        }
        if r.distributions.len() != self.distributions.len()
            || r.distributions
                .iter()
                .zip(&self.distributions)
                .any(|(d, p)| d.name != p.name)
        {
            return Err(mismatch(r, "its distributions".into()));
        }
        let hours = |p: &HourlyProfile| [p.utilisation.len(), p.capacity.len(), p.arrivals.len()];
        if r.hourly.len() != self.hourly.len()
            || r.hourly.iter().zip(&self.hourly).any(|(p, s)| {
                p.team != s.team
                    || hours(p)
                        != [
                            s.utilisation.sums.len(),
                            s.capacity.sums.len(),
                            s.arrivals.sums.len(),
                        ]
            })
        {
            return Err(mismatch(r, "its hour-of-week profiles".into()));
        }
        if r.series.len() != self.series.len()
            || r.series
                .iter()
                .zip(&self.series)
                .any(|(s, t)| s.name != t.name || s.step_days.to_bits() != t.step_days.to_bits())
        {
            return Err(mismatch(r, "its series".into()));
        }
        Ok(())
    }

    /// The batch result of the replications folded so far.
    pub fn result(&self) -> BatchResult {
        self.clone().finish()
    }

    /// The batch result of every replication folded.
    pub fn finish(self) -> BatchResult {
        let summary = self
            .metrics
            .iter()
            .enumerate()
            .map(|(i, (name, unit))| {
                let values: Vec<f64> = self.replications.iter().map(|r| r.values[i]).collect();
                MetricSummary::from_values(name, unit, &values)
            })
            .collect();
        let pooled = self
            .distributions
            .iter()
            .map(|d| {
                let h = &d.histogram;
                PooledPercentiles {
                    name: d.name.clone(),
                    unit: d.unit,
                    count: h.count(),
                    p50: h.quantile(0.5),
                    p90: h.quantile(0.9),
                    p95: h.quantile(0.95),
                    p99: h.quantile(0.99),
                }
            })
            .collect();
        let hourly = self
            .hourly
            .iter()
            .map(|p| HourlyProfile {
                team: p.team.clone(),
                utilisation: p.utilisation.means(),
                capacity: p.capacity.means(),
                arrivals: p.arrivals.means(),
            })
            .collect();
        let series = self
            .series
            .iter()
            .map(|s| SeriesBand {
                name: s.name.clone(),
                unit: s.unit,
                step_days: s.step_days,
                estimates: s
                    .samples
                    .iter()
                    .map(EstimateAccumulator::estimate)
                    .collect(),
            })
            .collect();
        BatchResult {
            seed: self.seed,
            replications: self.replications,
            summary,
            pooled,
            hourly,
            distributions: self.distributions,
            series,
        }
    }
}

fn mismatch(r: &ReplicationResult, what: String) -> ShapeMismatch {
    ShapeMismatch {
        replication: r.replication,
        what,
    }
}

/// Aggregates replications (in order) into a batch result.
pub fn summarise(
    seed: u64,
    replications: impl IntoIterator<Item = ReplicationResult>,
) -> Result<BatchResult, ShapeMismatch> {
    let mut fold = Fold::new(seed);
    for r in replications {
        fold.push(r)?;
    }
    Ok(fold.finish())
}
