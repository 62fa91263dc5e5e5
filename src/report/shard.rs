//! Replication files: every replication's full result, one JSON line each,
//! exact to the bit, so that shards run on many machines (`--shard K/N`) or
//! an interrupted batch (`--resume`) merge into exactly the result of one
//! uninterrupted run.
//!
//! `replications.jsonl` starts with a header line (the scenario as run, the
//! seed, the batch size) followed by one line per finished replication, in
//! the order they finished. Floating-point values are stored as their bit
//! patterns, so NaN (an undefined value) and every digit survive.

pub use super::log_read::{Damage, LogError};
use crate::sim::{HourlyProfile, Metric, ReplicationResult, Series, TimeDistribution};
use crate::stats::LogHistogram;
use serde::{Deserialize, Serialize};
use std::io::{Read, Seek, SeekFrom, Write};
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
            let line = serde_json::to_string(header).map_err(std::io::Error::other)?;
            writeln!(file, "{line}")?;
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
        let line = encode(r).map_err(std::io::Error::other)?;
        self.file.write_all(format!("{line}\n").as_bytes())?;
        self.file.sync_data()
    }
}

/// Largest replication file read, bytes (16 GiB: a million replications
/// of the default scenario are well under it).
pub const MAX_LOG_BYTES: u64 = 16 * 1024 * 1024 * 1024;

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

/// A logged run's replications, and what was recovered from the log it
/// resumed.
pub struct LoggedRun {
    /// Every replication now in the log, in index order.
    pub results: Vec<ReplicationResult>,
    /// Whole records kept from the log resumed.
    pub recovered: usize,
    /// Damaged lines dropped from the log resumed (their replications are
    /// run again).
    pub damaged: Vec<Damage>,
}

/// Runs the replications of `header`'s batch that belong to `shard` (K of
/// N: indices i with i mod N = K − 1) and are not already in `dir`'s
/// replication file when `resume` is set, appending each to that file as
/// it finishes; returns every replication now in the file, in index order,
/// and rewrites the file in that order.
///
/// Resuming checks the log against the run (a log of another run is
/// refused: [`LogError::Input`]) and drops its damaged lines: a cut last
/// line is truncated away before anything is appended; damage further up
/// makes the log be rewritten with its whole records first.
pub fn run_logged(
    model: &crate::scenario::Model,
    options: crate::batch::BatchOptions,
    header: &Header,
    dir: &Path,
    shard: Option<(u64, u64)>,
    resume: bool,
    on_done: &(dyn Fn() + Sync),
) -> Result<LoggedRun, LogError> {
    let path = dir.join(FILE);
    let shown = path.display();
    let output = |e: String| LogError::Output(format!("{shown}: {e}"));
    let (mut all, damaged, keep) = if resume && path.exists() {
        let log = super::log_read::read_path(&path)?;
        if log.header != *header {
            return Err(LogError::Input(format!(
                "{shown}: written by a different run (scenario, seed, batch size or version \
                 differ); cannot resume it: run without --resume to start again, or use \
                 another --out"
            )));
        }
        let keep = if log.only_tail_damaged {
            log.whole_bytes
        } else {
            let mut whole = log.records.clone();
            whole.sort_by_key(|r| r.replication);
            write_sorted(&path, header, &whole).map_err(LogError::Output)?;
            std::fs::metadata(&path)
                .map_err(|e| output(e.to_string()))?
                .len()
        };
        (log.records, log.damaged, keep)
    } else {
        (Vec::new(), Vec::new(), 0)
    };
    let recovered = all.len();
    let done: std::collections::BTreeSet<u64> = all.iter().map(|r| r.replication).collect();
    let indices: Vec<u64> = (0..header.replications)
        .filter(|i| shard.is_none_or(|(k, n)| i % n == k - 1))
        .filter(|i| !done.contains(i))
        .collect();
    let appender = Appender::open(&path, header, keep).map_err(|e| output(e.to_string()))?;
    let appender = std::sync::Mutex::new(appender);
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
    .map_err(|e| output(e.to_string()))?;
    if let Some(e) = failure.into_inner().ok().flatten() {
        return Err(output(e));
    }
    all.extend(new);
    all.sort_by_key(|r| r.replication);
    all.dedup_by_key(|r| r.replication);
    write_sorted(&path, header, &all).map_err(LogError::Output)?;
    Ok(LoggedRun {
        results: all,
        recovered,
        damaged,
    })
}

/// The replications read from the logs of several output folders.
pub struct Merged {
    /// The logs' common header.
    pub header: Header,
    /// Every whole replication, in index order, each once.
    pub results: Vec<ReplicationResult>,
    /// Damaged lines dropped, with their file.
    pub damaged: Vec<(std::path::PathBuf, Damage)>,
}

impl Merged {
    /// The batch's replications found in no log, in index order.
    pub fn missing(&self) -> Vec<u64> {
        (0..self.header.replications)
            .filter(|i| {
                self.results
                    .binary_search_by_key(i, |r| r.replication)
                    .is_err()
            })
            .collect()
    }

    /// An error naming what is missing unless the batch is complete.
    pub fn require_complete(&self) -> Result<(), String> {
        let missing = self.missing();
        if missing.is_empty() {
            return Ok(());
        }
        let shown: Vec<String> = missing.iter().take(10).map(u64::to_string).collect();
        let damaged = match self.damaged.len() {
            0 => String::new(),
            n => format!(" ({n} damaged lines were dropped)"),
        };
        Err(format!(
            "{} of {} replications are missing (e.g. {}){damaged}; run the missing shards \
             or --resume them",
            missing.len(),
            self.header.replications,
            shown.join(", ")
        ))
    }
}

/// Reads and checks the replication files of several output folders
/// (shards), which must be of one run: their common header and every whole
/// replication in index order; damaged lines are dropped and listed. The
/// batch may be incomplete (see [`Merged::require_complete`]).
pub fn merge(dirs: &[std::path::PathBuf]) -> Result<Merged, LogError> {
    let mut header: Option<Header> = None;
    let mut all: Vec<ReplicationResult> = Vec::new();
    let mut damaged = Vec::new();
    for dir in dirs {
        let path = dir.join(FILE);
        let log = super::log_read::read_path(&path)?;
        match &header {
            None => header = Some(log.header),
            Some(first) if *first != log.header => {
                return Err(LogError::Input(format!(
                    "{}: from a different run than {}",
                    dir.display(),
                    dirs[0].display()
                )));
            }
            Some(_) => {}
        }
        damaged.extend(log.damaged.into_iter().map(|d| (path.clone(), d)));
        all.extend(log.records);
    }
    let header = header.ok_or_else(|| LogError::Input("no folders to merge".into()))?;
    all.sort_by_key(|r| r.replication);
    for pair in all.windows(2) {
        if pair[0].replication == pair[1].replication && !same_values(&pair[0], &pair[1]) {
            return Err(LogError::Input(format!(
                "replication {} differs between the folders: they are not shards of one run",
                pair[0].replication
            )));
        }
    }
    all.dedup_by_key(|r| r.replication);
    Ok(Merged {
        header,
        results: all,
        damaged,
    })
}

/// Whether two records of one replication hold the same metrics, bit for bit.
fn same_values(a: &ReplicationResult, b: &ReplicationResult) -> bool {
    a.metrics.len() == b.metrics.len()
        && a.metrics
            .iter()
            .zip(&b.metrics)
            .all(|(x, y)| x.name == y.name && x.value.to_bits() == y.value.to_bits())
}
