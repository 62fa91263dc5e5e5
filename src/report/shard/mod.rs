//! Replication files: every replication's full result, one JSON line each,
//! exact to the bit, so that shards run on many machines (`--shard K/N`) or
//! an interrupted batch (`--resume`) merge into exactly the result of one
//! uninterrupted run.
//!
//! `replications.jsonl` starts with a header line (the scenario as run, the
//! seed, the batch size) followed by one line per finished replication, in
//! the order they finished; once the batch (or shard) is done the file is
//! rewritten in index order. Floating-point values are stored as their bit
//! patterns, so NaN (an undefined value) and every digit survive.
//!
//! This module only reads and writes these files; the batches are run by
//! [`crate::batch`]. Logs are read as streams (see [`super::log_read`]):
//! whatever their size, reading one holds a record at a time, plus 64
//! bytes per record for where it lies, and the batch's per-replication
//! metric values (see [`crate::batch::ReplicationValues`]).

pub use super::log_read::{Damage, Entry, LogContents, LogError};
use crate::metrics::{HourlyProfile, Metric, ReplicationResult, Series, TimeDistribution};
use crate::stats::LogHistogram;
use serde::{Deserialize, Serialize};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

mod differ;
mod interrupted;
mod open_log;
mod read_back;

pub use differ::{Side, differences};
pub use interrupted::{Interrupted, interrupted};
pub use open_log::OpenLog;
pub use read_back::{Merged, Source, fold_sources, merge, rewrite_sorted};

/// File name of the replication file in an output folder.
pub const FILE: &str = "replications.jsonl";

/// What a replication file belongs to; shards merge only if these agree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// Always [`log_read::KIND`](super::log_read::KIND).
    pub kind: String,
    /// The output schema version ([`SCHEMA_VERSION`](super::SCHEMA_VERSION)).
    pub schema_version: u32,
    /// The forcesim version that wrote the log.
    pub forcesim_version: String,
    /// The scenario's name.
    pub scenario_name: String,
    /// Where the scenario came from (a path, or the embedded default).
    pub scenario_source: String,
    /// The scenario as run, as TOML (with `extends` resolved and removed).
    pub scenario_as_run: String,
    /// The batch's seed (replication `i` uses `(seed, i)`).
    pub seed: u64,
    /// Replications in the whole batch (all shards).
    pub replications: u64,
}

/// A team's hour-of-week profile: team, utilisation, capacity, arrivals (bits).
type HourlyRecord = (String, Vec<u64>, Vec<u64>, Vec<u64>);

/// A team's people by hour of week: on duty, available before the
/// escalation ladder, minimum staffing (empty without a minimum) (bits).
type StaffingRecord = (Vec<u64>, Vec<u64>, Vec<u64>);

#[derive(Serialize, Deserialize)]
struct Record {
    replication: u64,
    events: u64,
    metrics: Vec<(String, String, u64)>,
    distributions: Vec<(String, String, LogHistogram)>,
    hourly: Vec<HourlyRecord>,
    series: Vec<(String, String, f64, Vec<u64>)>,
    /// Per team as `hourly`; absent from files written before it was
    /// recorded (they read back with empty profiles and no roster chart).
    #[serde(default)]
    staffing: Vec<StaffingRecord>,
}

fn bits(xs: &[f64]) -> Vec<u64> {
    xs.iter().map(|x| x.to_bits()).collect()
}

fn floats(xs: &[u64]) -> Vec<f64> {
    xs.iter().map(|x| f64::from_bits(*x)).collect()
}

/// The units metrics use, as static strings.
fn unit(name: &str) -> Result<&'static str, String> {
    const UNITS: [&str; 9] = [
        "count", "share", "s", "min", "hours", "days", "servers", "people", "£",
    ];
    UNITS
        .iter()
        .find(|u| **u == name)
        .copied()
        .ok_or_else(|| format!("unknown unit `{name}`"))
}

/// One replication as a JSON line (no newline).
pub fn encode(r: &ReplicationResult) -> Result<String, serde_json::Error> {
    serde_json::to_string(&Record {
        replication: r.replication,
        events: r.events,
        metrics: r
            .metrics
            .iter()
            .map(|m| (m.name.clone(), m.unit.to_string(), m.value.to_bits()))
            .collect(),
        distributions: r
            .distributions
            .iter()
            .map(|d| (d.name.clone(), d.unit.to_string(), d.histogram.clone()))
            .collect(),
        hourly: r
            .hourly
            .iter()
            .map(|h| {
                (
                    h.team.clone(),
                    bits(&h.utilisation),
                    bits(&h.capacity),
                    bits(&h.arrivals),
                )
            })
            .collect(),
        series: r
            .series
            .iter()
            .map(|s| {
                (
                    s.name.clone(),
                    s.unit.to_string(),
                    s.step_days,
                    bits(&s.values),
                )
            })
            .collect(),
        staffing: r
            .hourly
            .iter()
            .map(|h| (bits(&h.people), bits(&h.available), bits(&h.minimum)))
            .collect(),
    })
}

/// A replication from its JSON line.
pub fn decode(line: &str) -> Result<ReplicationResult, String> {
    let r: Record = serde_json::from_str(line).map_err(|e| e.to_string())?;
    Ok(ReplicationResult {
        replication: r.replication,
        events: r.events,
        metrics: r
            .metrics
            .into_iter()
            .map(|(name, u, v)| {
                Ok(Metric {
                    name,
                    unit: unit(&u)?,
                    value: f64::from_bits(v),
                })
            })
            .collect::<Result<_, String>>()?,
        distributions: r
            .distributions
            .into_iter()
            .map(|(name, u, histogram)| {
                Ok(TimeDistribution {
                    name,
                    unit: unit(&u)?,
                    histogram,
                })
            })
            .collect::<Result<_, String>>()?,
        hourly: r
            .hourly
            .into_iter()
            .enumerate()
            .map(|(i, (team, u, c, a))| {
                let (people, available, minimum) = r
                    .staffing
                    .get(i)
                    .map(|(p, v, m)| (floats(p), floats(v), floats(m)))
                    .unwrap_or_default();
                HourlyProfile {
                    team,
                    utilisation: floats(&u),
                    capacity: floats(&c),
                    arrivals: floats(&a),
                    people,
                    available,
                    minimum,
                }
            })
            .collect(),
        series: r
            .series
            .into_iter()
            .map(|(name, u, step_days, v)| {
                Ok(Series {
                    name,
                    unit: unit(&u)?,
                    step_days,
                    values: floats(&v),
                })
            })
            .collect::<Result<_, String>>()?,
    })
}

/// Appends finished replications to a replication file as they come.
pub struct Appender {
    file: std::fs::File,
}

impl Appender {
    /// Opens `path` for appending after its first `keep` bytes (a log
    /// whose last line was cut is truncated back to its last whole record
    /// first), writing `header` first if nothing is kept.
    pub fn open(path: &Path, header: &Header, keep: u64) -> std::io::Result<Appender> {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .open(path)?;
        file.set_len(keep)?;
        if keep == 0 {
            write_header(&mut file, header)?;
        } else {
            // A last whole record without its newline gets one, so the next
            // record starts a line of its own.
            file.seek(SeekFrom::Start(keep - 1))?;
            let mut last = [0u8];
            file.read_exact(&mut last)?;
            if last[0] != b'\n' {
                file.write_all(b"\n")?;
            }
        }
        file.sync_data()?;
        Ok(Appender { file })
    }

    /// Appends one replication (a whole line, flushed).
    pub fn append(&mut self, r: &ReplicationResult) -> std::io::Result<()> {
        write_record(&mut self.file, r)?;
        self.file.sync_data()
    }
}

/// Writes `header` as the first line of a replication file.
pub fn write_header(w: &mut dyn Write, header: &Header) -> std::io::Result<()> {
    let line = serde_json::to_string(header).map_err(std::io::Error::other)?;
    writeln!(w, "{line}")
}

/// Writes one replication as a line of a replication file.
pub fn write_record(w: &mut dyn Write, r: &ReplicationResult) -> std::io::Result<()> {
    let mut line = encode(r).map_err(std::io::Error::other)?;
    line.push('\n');
    w.write_all(line.as_bytes())
}

/// Largest replication file read, bytes (64 GiB). Logs are read as
/// streams, so this bounds reading time (minutes), not memory; it holds a
/// whole batch at the replication limit for up to three simulated years of
/// the default force (100,000 × 410 KB); longer runs at that scale are
/// split into shards, each its own file.
pub const MAX_LOG_BYTES: u64 = 64 * 1024 * 1024 * 1024;
