//! Replication files: every replication's full result, one JSON line each,
//! exact to the bit, so that shards run on many machines (`--shard K/N`) or
//! an interrupted batch (`--resume`) merge into exactly the result of one
//! uninterrupted run.
//!
//! `replications.jsonl` starts with a header line (the scenario as run, the
//! seed, the batch size) followed by one line per finished replication, in
//! the order they finished. Floating-point values are stored as their bit
//! patterns, so NaN (an undefined value) and every digit survive.

use crate::sim::{HourlyProfile, Metric, ReplicationResult, Series, TimeDistribution};
use crate::stats::LogHistogram;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Write};
use std::path::Path;

/// File name of the replication file in an output folder.
pub const FILE: &str = "replications.jsonl";

/// What a replication file belongs to; shards merge only if these agree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub kind: String,
    pub schema_version: u32,
    pub forcesim_version: String,
    pub scenario_name: String,
    /// Where the scenario came from (a path, or the embedded default).
    pub scenario_source: String,
    /// The scenario as run, as TOML.
    pub scenario_as_run: String,
    pub seed: u64,
    /// Replications in the whole batch (all shards).
    pub replications: u64,
}

/// A team's hour-of-week profile: team, utilisation, capacity, arrivals (bits).
type HourlyRecord = (String, Vec<u64>, Vec<u64>, Vec<u64>);

#[derive(Serialize, Deserialize)]
struct Record {
    replication: u64,
    events: u64,
    metrics: Vec<(String, String, u64)>,
    distributions: Vec<(String, String, LogHistogram)>,
    hourly: Vec<HourlyRecord>,
    series: Vec<(String, String, f64, Vec<u64>)>,
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
            .map(|(team, u, c, a)| HourlyProfile {
                team,
                utilisation: floats(&u),
                capacity: floats(&c),
                arrivals: floats(&a),
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
    /// Opens `path` for appending, writing `header` first if the file is new.
    pub fn open(path: &Path, header: &Header) -> std::io::Result<Appender> {
        let new = !path.exists();
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        if new {
            let line = serde_json::to_string(header).map_err(std::io::Error::other)?;
            writeln!(file, "{line}")?;
            file.sync_data()?;
        }
        Ok(Appender { file })
    }

    /// Appends one replication (a whole line, flushed).
    pub fn append(&mut self, r: &ReplicationResult) -> std::io::Result<()> {
        let line = encode(r).map_err(std::io::Error::other)?;
        self.file.write_all(format!("{line}\n").as_bytes())?;
        self.file.sync_data()
    }
}

/// Largest replication file read, bytes (16 GiB: a million replications
/// of the default scenario are well under it).
pub const MAX_LOG_BYTES: u64 = 16 * 1024 * 1024 * 1024;

/// Reads a replication file (a regular file of at most [`MAX_LOG_BYTES`]):
/// its header and every complete replication
/// line (a final line cut short by an interruption is ignored).
pub fn read(path: &Path) -> Result<(Header, Vec<ReplicationResult>), String> {
    let file =
        crate::input::open(path, MAX_LOG_BYTES).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut lines = std::io::BufReader::new(file).lines();
    let header_line = lines
        .next()
        .ok_or_else(|| format!("{}: empty", path.display()))?
        .map_err(|e| e.to_string())?;
    let header: Header = serde_json::from_str(&header_line)
        .map_err(|e| format!("{}: bad header: {e}", path.display()))?;
    let mut results = Vec::new();
    let lines: Vec<String> = lines.collect::<Result<_, _>>().map_err(|e| e.to_string())?;
    let last = lines.len().saturating_sub(1);
    for (i, line) in lines.iter().enumerate() {
        match decode(line) {
            Ok(r) => results.push(r),
            Err(_) if i == last => {} // a line cut short by an interruption
            Err(e) => return Err(format!("{}: line {}: {e}", path.display(), i + 2)),
        }
    }
    Ok((header, results))
}

/// Writes a complete replication file (header, then replications in index
/// order) atomically.
pub fn write_sorted(
    path: &Path,
    header: &Header,
    results: &[ReplicationResult],
) -> Result<(), String> {
    let mut text = serde_json::to_string(header).map_err(|e| e.to_string())?;
    text.push('\n');
    for r in results {
        text.push_str(&encode(r).map_err(|e| e.to_string())?);
        text.push('\n');
    }
    super::write::atomic_write(path, text.as_bytes())
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Runs the replications of `header`'s batch that belong to `shard` (K of
/// N: indices i with i mod N = K − 1) and are not already in `dir`'s
/// replication file when `resume` is set, appending each to that file as
/// it finishes; returns every replication now in the file, in index order,
/// and rewrites the file in that order.
pub fn run_logged(
    model: &crate::scenario::Model,
    options: crate::batch::BatchOptions,
    header: &Header,
    dir: &Path,
    shard: Option<(u64, u64)>,
    resume: bool,
    on_done: &(dyn Fn() + Sync),
) -> Result<Vec<ReplicationResult>, String> {
    let path = dir.join(FILE);
    let mut all = Vec::new();
    if resume && path.exists() {
        let (existing, results) = read(&path)?;
        if existing != *header {
            return Err(format!(
                "{}: written by a different run (scenario, seed, batch size or version differ); cannot resume it",
                path.display()
            ));
        }
        all = results;
    } else if path.exists() {
        std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let done: std::collections::BTreeSet<u64> = all.iter().map(|r| r.replication).collect();
    let indices: Vec<u64> = (0..header.replications)
        .filter(|i| shard.is_none_or(|(k, n)| i % n == k - 1))
        .filter(|i| !done.contains(i))
        .collect();
    let appender = std::sync::Mutex::new(
        Appender::open(&path, header).map_err(|e| format!("{}: {e}", path.display()))?,
    );
    let failure = std::sync::Mutex::new(None::<String>);
    let new = crate::batch::run_indices(model, options, &indices, &|r| {
        let outcome = appender
            .lock()
            .map_err(|e| e.to_string())
            .and_then(|mut a| a.append(r).map_err(|e| e.to_string()));
        if let (Err(e), Ok(mut slot)) = (outcome, failure.lock()) {
            slot.get_or_insert(e);
        }
        on_done();
    })
    .map_err(|e| e.to_string())?;
    if let Some(e) = failure.into_inner().ok().flatten() {
        return Err(format!("{}: {e}", path.display()));
    }
    all.extend(new);
    all.sort_by_key(|r| r.replication);
    all.dedup_by_key(|r| r.replication);
    write_sorted(&path, header, &all)?;
    Ok(all)
}

/// Reads the replication files of several output folders (shards) and
/// returns their common header and every replication in index order; the
/// batch must be complete.
pub fn merge(dirs: &[std::path::PathBuf]) -> Result<(Header, Vec<ReplicationResult>), String> {
    let mut header: Option<Header> = None;
    let mut all: Vec<ReplicationResult> = Vec::new();
    for dir in dirs {
        let (h, results) = read(&dir.join(FILE))?;
        match &header {
            None => header = Some(h),
            Some(first) if *first != h => {
                return Err(format!(
                    "{}: from a different run than {}",
                    dir.display(),
                    dirs[0].display()
                ));
            }
            Some(_) => {}
        }
        all.extend(results);
    }
    let header = header.ok_or("no folders to merge")?;
    all.sort_by_key(|r| r.replication);
    all.dedup_by_key(|r| r.replication);
    let missing: Vec<u64> = (0..header.replications)
        .filter(|i| all.binary_search_by_key(i, |r| r.replication).is_err())
        .collect();
    if !missing.is_empty() {
        let shown: Vec<String> = missing.iter().take(10).map(u64::to_string).collect();
        return Err(format!(
            "{} of {} replications are missing (e.g. {}); run the missing shards or --resume them",
            missing.len(),
            header.replications,
            shown.join(", ")
        ));
    }
    Ok((header, all))
}
