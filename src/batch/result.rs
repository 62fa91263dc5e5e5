//! What a batch produces: per-metric summaries over replications, the
//! values each replication gave, and the pooled distributions, hour-of-week
//! profiles and series bands.

use crate::metrics::{HourlyProfile, Metric, TimeDistribution};
use crate::stats::{Estimate, LogHistogram};

/// One metric summarised over replications.
#[derive(Clone, Debug)]
pub struct MetricSummary {
    /// Stable dotted name, e.g. `calls.999.answered_within_10s_share`.
    pub name: String,
    /// The metric's unit (`count`, `share`, `min`, `£`, …).
    pub unit: &'static str,
    /// Mean, sd and 95 % CI; the CI is cut to the metric's range (see
    /// [`metric_range`]) and `interval` says when it was.
    pub estimate: Estimate,
    /// What is special about the CI, if anything.
    pub interval: IntervalNote,
}

/// A note on a reported 95 % CI (the `ci95_note` column of `summary.csv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntervalNote {
    /// A plain Student-t interval (or none, with fewer than two replications).
    Plain,
    /// The t interval reached past the metric's range and was cut to it.
    Truncated,
    /// Every replication gave the same value: a zero-width interval that
    /// says nothing about uncertainty.
    ZeroWidth,
}

impl IntervalNote {
    /// The word written in outputs (`""`, `truncated`, `zero_width`).
    pub fn as_str(self) -> &'static str {
        match self {
            IntervalNote::Plain => "",
            IntervalNote::Truncated => "truncated",
            IntervalNote::ZeroWidth => "zero_width",
        }
    }
}

/// The values metric `name` (in `unit`) can take: `[0, 1]` for shares,
/// unbounded for money and for trends (`…growth…`, `…_trend_…`, which
/// can fall), `[0, ∞)` for everything else (counts, durations, servers, people).
pub fn metric_range(name: &str, unit: &str) -> (f64, f64) {
    match unit {
        "share" => (0.0, 1.0),
        "£" => (f64::NEG_INFINITY, f64::INFINITY),
        _ if name.contains("growth") || name.contains("_trend_") => {
            (f64::NEG_INFINITY, f64::INFINITY)
        }
        _ => (0.0, f64::INFINITY),
    }
}

/// The values a difference of two means of metric `name` (in `unit`) can
/// take: from the lowest minus the highest to the highest minus the lowest
/// of [`metric_range`], so `[−1, 1]` (±100 percentage points) for a share
/// and unbounded for everything else.
pub fn difference_range(name: &str, unit: &str) -> (f64, f64) {
    let (low, high) = metric_range(name, unit);
    (low - high, high - low)
}

/// The paired difference `other[i] − base[i]` of metric `name` (in
/// `unit`) over replications, its Student-t 95 % CI cut to
/// [`difference_range`], and whether an end was cut.
///
/// Why a cut and not another interval: with few replications a paired t
/// interval of a difference of shares can reach past ±100 points (+72.7 to
/// +101.5 pts over two), which no difference of two shares can. The true
/// difference always lies in the range, so the interval cut to it covers
/// the true value whenever the t interval does: coverage is kept, and the
/// mean and standard deviation are unchanged. Every paired difference in
/// the outputs (compare, the appraisal's improvements, the budget search)
/// is made here.
pub fn paired_difference(name: &str, unit: &str, base: &[f64], other: &[f64]) -> (Estimate, bool) {
    let (low, high) = difference_range(name, unit);
    Estimate::paired_difference(base, other).within(low, high)
}

impl MetricSummary {
    /// The summary of `values` (one per replication, `NaN` = undefined):
    /// the Student-t CI cut to [`metric_range`], with its note.
    pub fn from_values(name: &str, unit: &'static str, values: &[f64]) -> MetricSummary {
        let raw = Estimate::from_samples(values);
        let (low, high) = metric_range(name, unit);
        let (estimate, truncated) = raw.within(low, high);
        let interval = if raw.zero_width() {
            IntervalNote::ZeroWidth
        } else if truncated {
            IntervalNote::Truncated
        } else {
            IntervalNote::Plain
        };
        MetricSummary {
            name: name.to_string(),
            unit,
            estimate,
            interval,
        }
    }
}

/// Percentiles of a time measure, pooled over all replications' events.
#[derive(Clone, Debug)]
pub struct PooledPercentiles {
    /// The time measure, e.g. `response.g1.response_time_min`.
    pub name: String,
    /// Unit of the percentiles (`s` or `min`).
    pub unit: &'static str,
    /// Events pooled over all replications.
    pub count: u64,
    /// Median, in `unit` (`NaN` when `count` is 0).
    pub p50: f64,
    /// 90th percentile, in `unit`.
    pub p90: f64,
    /// 95th percentile, in `unit`.
    pub p95: f64,
    /// 99th percentile, in `unit`.
    pub p99: f64,
}

/// What a batch keeps of one replication: its metric values, which
/// confidence intervals, paired differences and `replications.csv` need
/// replication by replication. Its histograms, hour-of-week profiles and
/// series are folded into the batch's pooled figures as it finishes and
/// not kept (see [`BatchResult`]).
///
/// Invariant: `values[i]` is the value of metric `summary[i]` of the
/// [`BatchResult`] holding it (`NaN` = undefined), so every replication
/// of a batch has as many values as the batch has metrics. About 8 bytes
/// per metric: 4.7 KB for a year of the default force.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplicationValues {
    /// The replication's index in its batch (its random numbers are
    /// `(seed, replication)`).
    pub replication: u64,
    /// Events the replication processed (for speed measurement).
    pub events: u64,
    /// Metric values, in the batch's metric order (see the invariant).
    pub values: Vec<f64>,
}

impl ReplicationValues {
    /// Heap and inline bytes this record holds (its footprint in a batch).
    pub fn footprint_bytes(&self) -> usize {
        size_of::<Self>() + self.values.capacity() * size_of::<f64>()
    }
}

/// Everything a batch produced.
///
/// Only [`replications`](Self::replications) grows with the number of
/// replications (by one [`ReplicationValues`] each); the pooled
/// histograms, mean profiles and series bands have the size of one
/// replication's, whatever the batch size.
#[derive(Clone, Debug)]
pub struct BatchResult {
    /// The batch's seed.
    pub seed: u64,
    /// Each replication's metric values, in replication order.
    pub replications: Vec<ReplicationValues>,
    /// Each metric over replications, in the order the replications
    /// report them (the order of [`ReplicationValues::values`]).
    pub summary: Vec<MetricSummary>,
    /// Percentiles of each time measure, pooled over replications.
    pub pooled: Vec<PooledPercentiles>,
    /// Mean over replications of each team's hour-of-week profile (hours
    /// where a replication's value is `NaN` are averaged over the others).
    pub hourly: Vec<HourlyProfile>,
    /// Each time measure's histogram, pooled over replications (merged in
    /// replication order).
    pub distributions: Vec<TimeDistribution>,
    /// Each series' mean and 95 % CI across replications, sample by sample.
    pub series: Vec<SeriesBand>,
}

impl BatchResult {
    /// The summary of metric `name`, if it exists.
    pub fn metric(&self, name: &str) -> Option<&MetricSummary> {
        self.summary.iter().find(|m| m.name == name)
    }

    /// The histogram of time measure `name` pooled over all replications.
    pub fn pooled_histogram(&self, name: &str) -> Option<LogHistogram> {
        self.distributions
            .iter()
            .find(|d| d.name == name)
            .map(|d| d.histogram.clone())
    }

    /// Series `name` summarised across replications: the mean and 95 % CI
    /// at each sample (sample `i` at day `(i + 1) · step_days`).
    pub fn series_band(&self, name: &str) -> Option<SeriesBand> {
        self.series.iter().find(|s| s.name == name).cloned()
    }

    /// The per-replication values of metric `name` (in replication order;
    /// empty when there is no such metric).
    pub fn values(&self, name: &str) -> Vec<f64> {
        match self.summary.iter().position(|m| m.name == name) {
            Some(i) => self.column(i),
            None => Vec::new(),
        }
    }

    /// The per-replication values of the `i`-th metric of
    /// [`summary`](Self::summary), in replication order.
    pub fn column(&self, i: usize) -> Vec<f64> {
        self.replications.iter().map(|r| r.values[i]).collect()
    }

    /// Replication `r`'s metrics with their names and units (rebuilt from
    /// the batch's metric list; `r` must be one of this batch's).
    pub fn metrics_of(&self, r: &ReplicationValues) -> Vec<Metric> {
        self.summary
            .iter()
            .zip(&r.values)
            .map(|(m, value)| Metric {
                name: m.name.clone(),
                unit: m.unit,
                value: *value,
            })
            .collect()
    }

    /// The values replication `replication` gave, if the batch ran it.
    pub fn replication(&self, replication: u64) -> Option<&ReplicationValues> {
        self.replications
            .binary_search_by_key(&replication, |r| r.replication)
            .ok()
            .map(|i| &self.replications[i])
    }

    /// Bytes the batch keeps for its replications (the part of its memory
    /// that grows with the batch size): the sum of each replication's
    /// [`ReplicationValues::footprint_bytes`].
    pub fn retained_bytes(&self) -> usize {
        self.replications
            .iter()
            .map(ReplicationValues::footprint_bytes)
            .sum()
    }
}

/// A series across replications: its mean and CI at each sample.
#[derive(Clone, Debug)]
pub struct SeriesBand {
    /// The series, e.g. `investigations.cid.backlog_weekly`.
    pub name: String,
    /// Unit of the series' values.
    pub unit: &'static str,
    /// Days between samples.
    pub step_days: f64,
    /// Mean and 95 % CI across replications at each sample; as many
    /// samples as the shortest replication's series has.
    pub estimates: Vec<Estimate>,
}
