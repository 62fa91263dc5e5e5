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
use crate::metrics::{HourlyProfile, ReplicationResult, TimeDistribution};
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
    people: HourSums,
    available: HourSums,
    minimum: HourSums,
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
    pub fn push(&mut self, r: &ReplicationResult) -> Result<(), ShapeMismatch> {
        if self.replications.is_empty() {
            self.start(r);
        }
        self.check_shape(r)?;
        for (pooled, d) in self.distributions.iter_mut().zip(&r.distributions) {
            pooled
                .histogram
                .merge(&d.histogram)
                .map_err(|_| mismatch(r, format!("distribution `{}`'s layout", d.name)))?;
        }
        for (sums, p) in self.hourly.iter_mut().zip(&r.hourly) {
            sums.utilisation.push(&p.utilisation);
            sums.capacity.push(&p.capacity);
            sums.arrivals.push(&p.arrivals);
            sums.people.push(&p.people);
            sums.available.push(&p.available);
            sums.minimum.push(&p.minimum);
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
                people: HourSums::new(p.people.len()),
                available: HourSums::new(p.available.len()),
                minimum: HourSums::new(p.minimum.len()),
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
                .any(|(d, p)| {
                    d.name != p.name || d.histogram.layout_key() != p.histogram.layout_key()
                })
        {
            return Err(mismatch(r, "its distributions".into()));
        }
        let hours = |p: &HourlyProfile| {
            [
                p.utilisation.len(),
                p.capacity.len(),
                p.arrivals.len(),
                p.people.len(),
                p.available.len(),
                p.minimum.len(),
            ]
        };
        if r.hourly.len() != self.hourly.len()
            || r.hourly.iter().zip(&self.hourly).any(|(p, s)| {
                p.team != s.team
                    || hours(p)
                        != [
                            s.utilisation.sums.len(),
                            s.capacity.sums.len(),
                            s.arrivals.sums.len(),
                            s.people.sums.len(),
                            s.available.sums.len(),
                            s.minimum.sums.len(),
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
                people: p.people.means(),
                available: p.available.means(),
                minimum: p.minimum.means(),
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
        fold.push(&r)?;
    }
    Ok(fold.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::{Metric, Series};
    use crate::stats::{Estimate, LogHistogram};

    /// A replication with values that vary with `i`, `NaN`s here and
    /// there, and series of lengths that differ between replications.
    fn replication(i: u64) -> ReplicationResult {
        let x = |k: u64| ((i * 7919 + k * 104_729) % 1000) as f64 / 7.0 + 0.1;
        let mut histogram = LogHistogram::for_durations();
        for k in 0..50 {
            histogram.record(x(k) * 13.0);
        }
        let hour = |k: u64| {
            if (i + k).is_multiple_of(5) {
                f64::NAN
            } else {
                x(k)
            }
        };
        ReplicationResult {
            replication: i,
            events: 100 + i,
            metrics: (0..4)
                .map(|k| Metric {
                    name: format!("m.{k}"),
                    unit: "count",
                    value: if k == 3 && i.is_multiple_of(3) {
                        f64::NAN
                    } else {
                        x(k)
                    },
                })
                .collect(),
            distributions: vec![TimeDistribution {
                name: "d".into(),
                unit: "min",
                histogram,
            }],
            hourly: vec![HourlyProfile {
                team: "t".into(),
                utilisation: (0..168).map(hour).collect(),
                capacity: (0..168).map(|k| x(k + 1)).collect(),
                arrivals: (0..168).map(|k| x(k + 2)).collect(),
                people: (0..168).map(|k| x(k + 3)).collect(),
                available: (0..168).map(|k| x(k + 4)).collect(),
                minimum: Vec::new(),
            }],
            series: vec![Series {
                name: "s".into(),
                unit: "count",
                step_days: 7.0,
                values: (0..10 - i % 3).map(hour).collect(),
            }],
        }
    }

    /// The batch result as it was computed before folding: every
    /// replication held, then summed column by column.
    fn two_pass(seed: u64, rs: &[ReplicationResult]) -> BatchResult {
        let first = &rs[0];
        let column = |f: &dyn Fn(&ReplicationResult) -> f64| rs.iter().map(f).collect::<Vec<_>>();
        let summary = (0..first.metrics.len())
            .map(|k| {
                let m = &first.metrics[k];
                MetricSummary::from_values(&m.name, m.unit, &column(&|r| r.metrics[k].value))
            })
            .collect();
        let mut pooled = first.distributions[0].histogram.clone();
        for r in &rs[1..] {
            pooled.merge(&r.distributions[0].histogram).unwrap();
        }
        let mean = |pick: &dyn Fn(&ReplicationResult, usize) -> f64| -> Vec<f64> {
            (0..168)
                .map(|h| {
                    let values: Vec<f64> = rs
                        .iter()
                        .map(|r| pick(r, h))
                        .filter(|v| !v.is_nan())
                        .collect();
                    if values.is_empty() {
                        f64::NAN
                    } else {
                        values.iter().sum::<f64>() / values.len() as f64
                    }
                })
                .collect()
        };
        let len = rs.iter().map(|r| r.series[0].values.len()).min().unwrap();
        BatchResult {
            seed,
            replications: rs
                .iter()
                .map(|r| ReplicationValues {
                    replication: r.replication,
                    events: r.events,
                    values: r.metrics.iter().map(|m| m.value).collect(),
                })
                .collect(),
            summary,
            pooled: vec![PooledPercentiles {
                name: "d".into(),
                unit: "min",
                count: pooled.count(),
                p50: pooled.quantile(0.5),
                p90: pooled.quantile(0.9),
                p95: pooled.quantile(0.95),
                p99: pooled.quantile(0.99),
            }],
            hourly: vec![HourlyProfile {
                team: "t".into(),
                utilisation: mean(&|r, h| r.hourly[0].utilisation[h]),
                capacity: mean(&|r, h| r.hourly[0].capacity[h]),
                arrivals: mean(&|r, h| r.hourly[0].arrivals[h]),
                people: mean(&|r, h| r.hourly[0].people[h]),
                available: mean(&|r, h| r.hourly[0].available[h]),
                minimum: Vec::new(),
            }],
            distributions: vec![TimeDistribution {
                name: "d".into(),
                unit: "min",
                histogram: pooled,
            }],
            series: vec![SeriesBand {
                name: "s".into(),
                unit: "count",
                step_days: 7.0,
                estimates: (0..len)
                    .map(|k| Estimate::from_samples(&column(&|r| r.series[0].values[k])))
                    .collect(),
            }],
        }
    }

    /// `{:?}` prints every float with all its digits (and NaN as NaN).
    fn exact(r: &BatchResult) -> String {
        format!("{r:?}")
    }

    #[test]
    fn folding_in_order_is_bit_for_bit_the_two_pass_summary() {
        let rs: Vec<ReplicationResult> = (0..9).map(replication).collect();
        let folded = summarise(3, rs.clone()).unwrap();
        assert_eq!(exact(&folded), exact(&two_pass(3, &rs)));
        assert_eq!(folded.series[0].estimates.len(), 8);
        assert!(folded.hourly[0].utilisation.iter().all(|u| !u.is_nan()));
    }

    #[test]
    fn a_replication_of_another_shape_is_refused_not_folded() {
        let mut fold = Fold::new(1);
        fold.push(&replication(0)).unwrap();
        let mut other = replication(1);
        other.metrics.pop();
        assert!(fold.push(&other).is_err());
        let mut other = replication(2);
        other.hourly[0].team = "u".into();
        assert!(fold.push(&other).is_err());
        assert_eq!(fold.len(), 1);
    }
}
