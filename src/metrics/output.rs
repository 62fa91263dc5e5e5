//! The flat, named form of a replication's results that files, charts,
//! notebooks and the batch statistics read. The simulation itself ends
//! with typed statistics ([`crate::sim::results`]); this layer names
//! them into these containers, so the simulation never sees a name.

use crate::sim::results::HourlyProfile;
use crate::stats::LogHistogram;

/// One named value from one replication.
#[derive(Clone, Debug, PartialEq)]
pub struct Metric {
    /// Stable dotted name, e.g. `calls.999.answered_within_10s_share`.
    pub name: String,
    /// Unit as written in files: a [`Unit::symbol`](crate::sim::results::Unit::symbol)
    /// (`count`, `share`, `s`, `min`, `hours`, `days`, `servers`,
    /// `people`, or `£`).
    pub unit: &'static str,
    /// NaN when undefined (e.g. a share with nothing to divide by).
    pub value: f64,
}

/// A distribution of a time measure from one replication, kept for pooling
/// percentiles across replications.
#[derive(Clone, Debug)]
pub struct TimeDistribution {
    /// Stable dotted name, e.g. `response.g1.response_time_min`.
    pub name: String,
    /// Unit of the recorded values (`s` or `min`).
    pub unit: &'static str,
    /// The recorded values.
    pub histogram: LogHistogram,
}

/// A quantity sampled at regular intervals over the run (e.g. a backlog).
#[derive(Clone, Debug)]
pub struct Series {
    /// Stable dotted name, e.g. `teams.response_north.queue_daily`.
    pub name: String,
    /// Unit of the values.
    pub unit: &'static str,
    /// Days between samples; sample i is taken at the end of step i + 1.
    pub step_days: f64,
    /// The samples, in time order.
    pub values: Vec<f64>,
}

/// Everything one replication reports, named for output.
#[derive(Clone, Debug)]
pub struct ReplicationResult {
    /// Replication index.
    pub replication: u64,
    /// Named values, in a fixed order for a given model.
    pub metrics: Vec<Metric>,
    /// Time distributions, for pooled percentiles.
    pub distributions: Vec<TimeDistribution>,
    /// Per rostered team: its hour-of-week profile.
    pub hourly: Vec<HourlyProfile>,
    /// Regular samples over the run.
    pub series: Vec<Series>,
    /// Events processed (for speed measurement).
    pub events: u64,
}
