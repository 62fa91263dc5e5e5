//! Batches: many replications in parallel, summarised.
//!
//! The only parallel code in forcesim. Replication `i` always uses
//! `(seed, i)`; replications are mapped over their index with rayon,
//! collected in index order and aggregated on one thread, so results are
//! bit-for-bit identical whatever the thread count.

use crate::scenario::Model;
use crate::sim::{self, HourlyProfile, ReplicationResult};
use crate::stats::{Estimate, LogHistogram};
use rayon::prelude::*;

/// Most worker threads a batch may use: each holds a replication's state
/// (tens of MB for the default force), and more threads than cores gain
/// nothing.
pub const MAX_THREADS: usize = 256;

/// How to run a batch.
#[derive(Clone, Copy, Debug)]
pub struct BatchOptions {
    pub seed: u64,
    pub replications: u64,
    /// Worker threads; `None` uses all cores.
    pub threads: Option<usize>,
}

/// One metric summarised over replications.
#[derive(Clone, Debug)]
pub struct MetricSummary {
    pub name: String,
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
/// unbounded for money and for trends (`…growth…`, which can fall),
/// `[0, ∞)` for everything else (counts, durations, servers, people).
pub fn metric_range(name: &str, unit: &str) -> (f64, f64) {
    match unit {
        "share" => (0.0, 1.0),
        "£" => (f64::NEG_INFINITY, f64::INFINITY),
        _ if name.contains("growth") => (f64::NEG_INFINITY, f64::INFINITY),
        _ => (0.0, f64::INFINITY),
    }
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
    pub name: String,
    pub unit: &'static str,
    pub count: u64,
    pub p50: f64,
    pub p90: f64,
    pub p95: f64,
    pub p99: f64,
}

/// Everything a batch produced.
#[derive(Clone, Debug)]
pub struct BatchResult {
    pub seed: u64,
    pub replications: Vec<ReplicationResult>,
    pub summary: Vec<MetricSummary>,
    pub pooled: Vec<PooledPercentiles>,
    /// Mean over replications of each team's hour-of-week profile.
    pub hourly: Vec<HourlyProfile>,
}

impl BatchResult {
    /// The summary of metric `name`, if it exists.
    pub fn metric(&self, name: &str) -> Option<&MetricSummary> {
        self.summary.iter().find(|m| m.name == name)
    }

    /// The histogram of time measure `name` pooled over all replications.
    pub fn pooled_histogram(&self, name: &str) -> Option<LogHistogram> {
        let first = self.replications.first()?;
        let i = first.distributions.iter().position(|d| d.name == name)?;
        let mut pooled = first.distributions[i].histogram.clone();
        for r in &self.replications[1..] {
            // Same model, same layout: merging cannot fail.
            let _ = pooled.merge(&r.distributions[i].histogram);
        }
        Some(pooled)
    }

    /// Series `name` summarised across replications: the mean and 95 % CI
    /// at each sample (sample `i` at day `(i + 1) · step_days`).
    pub fn series_band(&self, name: &str) -> Option<SeriesBand> {
        let first = self.replications.first()?;
        let i = first.series.iter().position(|s| s.name == name)?;
        let len = self
            .replications
            .iter()
            .map(|r| r.series[i].values.len())
            .min()
            .unwrap_or(0);
        let estimates = (0..len)
            .map(|k| {
                let xs: Vec<f64> = self
                    .replications
                    .iter()
                    .map(|r| r.series[i].values[k])
                    .collect();
                Estimate::from_samples(&xs)
            })
            .collect();
        Some(SeriesBand {
            name: name.to_string(),
            unit: first.series[i].unit,
            step_days: first.series[i].step_days,
            estimates,
        })
    }

    /// The per-replication values of metric `name` (in replication order).
    pub fn values(&self, name: &str) -> Vec<f64> {
        let Some(i) = self.summary.iter().position(|m| m.name == name) else {
            return Vec::new();
        };
        self.replications
            .iter()
            .map(|r| r.metrics[i].value)
            .collect()
    }
}

/// A series across replications: its mean and CI at each sample.
#[derive(Clone, Debug)]
pub struct SeriesBand {
    pub name: String,
    pub unit: &'static str,
    /// Days between samples.
    pub step_days: f64,
    pub estimates: Vec<Estimate>,
}

/// Why a batch could not run.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error("cannot start {threads} worker threads: {source}")]
    ThreadPool {
        threads: usize,
        source: rayon::ThreadPoolBuildError,
    },
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

/// Runs `options.replications` replications of `model`; `on_done` is
/// called (from worker threads) as each finishes, for progress display.
pub fn run(
    model: &Model,
    options: BatchOptions,
    on_done: &(dyn Fn() + Sync),
) -> Result<BatchResult, BatchError> {
    let replications = run_range(model, options, 0..options.replications, on_done)?;
    Ok(summarise(options.seed, replications))
}

/// Runs replications with indices `range` (in order).
fn run_range(
    model: &Model,
    options: BatchOptions,
    range: std::ops::Range<u64>,
    on_done: &(dyn Fn() + Sync),
) -> Result<Vec<ReplicationResult>, BatchError> {
    let work = || -> Vec<ReplicationResult> {
        range
            .clone()
            .into_par_iter()
            .map(|i| {
                let result = replicate(model, options.seed, i);
                on_done();
                result
            })
            .collect()
    };
    let replications = match options.threads {
        None => work(),
        Some(threads) => rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|source| BatchError::ThreadPool { threads, source })?
            .install(work),
    };
    Ok(replications)
}

/// Runs the replications with the given indices (in that order), calling
/// `on_result` (from worker threads) with each as it finishes — e.g. to
/// append it to a file, so an interrupted batch loses nothing.
pub fn run_indices(
    model: &Model,
    options: BatchOptions,
    indices: &[u64],
    on_result: &(dyn Fn(&ReplicationResult) + Sync),
) -> Result<Vec<ReplicationResult>, BatchError> {
    let work = || -> Vec<ReplicationResult> {
        indices
            .par_iter()
            .map(|&i| {
                let result = replicate(model, options.seed, i);
                on_result(&result);
                result
            })
            .collect()
    };
    match options.threads {
        None => Ok(work()),
        Some(threads) => Ok(rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|source| BatchError::ThreadPool { threads, source })?
            .install(work)),
    }
}

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
    let first = options.replications.clamp(2, max_replications.max(2));
    let mut replications = run_range(model, options, 0..first, on_done)?;
    loop {
        let result = summarise(options.seed, replications);
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
                    && !precision.met_by(&Estimate::from_samples(
                        &result
                            .replications
                            .iter()
                            .map(|r| r.metrics[*i].value)
                            .collect::<Vec<_>>(),
                    ))
            })
            .map(|(_, m)| m)
            .map(|m| m.name.clone())
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
        replications = result.replications;
        replications.extend(run_range(model, options, n..next, on_done)?);
    }
}

/// Aggregates replications (in order) into a batch result.
pub fn summarise(seed: u64, replications: Vec<ReplicationResult>) -> BatchResult {
    let summary = match replications.first() {
        None => Vec::new(),
        Some(first) => first
            .metrics
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let values: Vec<f64> = replications.iter().map(|r| r.metrics[i].value).collect();
                MetricSummary::from_values(&m.name, m.unit, &values)
            })
            .collect(),
    };
    BatchResult {
        seed,
        pooled: pool_percentiles(&replications),
        hourly: mean_hourly(&replications),
        summary,
        replications,
    }
}

fn pool_percentiles(replications: &[ReplicationResult]) -> Vec<PooledPercentiles> {
    let Some(first) = replications.first() else {
        return Vec::new();
    };
    first
        .distributions
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let mut pooled: LogHistogram = d.histogram.clone();
            for r in &replications[1..] {
                // Same model, same layout: merging cannot fail.
                let _ = pooled.merge(&r.distributions[i].histogram);
            }
            PooledPercentiles {
                name: d.name.clone(),
                unit: d.unit,
                count: pooled.count(),
                p50: pooled.quantile(0.5),
                p90: pooled.quantile(0.9),
                p95: pooled.quantile(0.95),
                p99: pooled.quantile(0.99),
            }
        })
        .collect()
}

fn mean_hourly(replications: &[ReplicationResult]) -> Vec<HourlyProfile> {
    let Some(first) = replications.first() else {
        return Vec::new();
    };
    let mean_of = |team: usize, pick: fn(&HourlyProfile) -> &Vec<f64>| -> Vec<f64> {
        (0..pick(&first.hourly[team]).len())
            .map(|h| {
                let values: Vec<f64> = replications
                    .iter()
                    .map(|r| pick(&r.hourly[team])[h])
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
    (0..first.hourly.len())
        .map(|t| HourlyProfile {
            team: first.hourly[t].team.clone(),
            utilisation: mean_of(t, |p| &p.utilisation),
            capacity: mean_of(t, |p| &p.capacity),
            arrivals: mean_of(t, |p| &p.arrivals),
        })
        .collect()
}
