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
use crate::batch::{BatchResult, Fold};
use crate::metrics::{HourlyProfile, Metric, ReplicationResult, Series, TimeDistribution};
use crate::stats::LogHistogram;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

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

/// One replication log: its checked contents and the file to read its
/// records from.
pub struct Source<R> {
    /// The log's name in messages (its path).
    pub name: String,
    /// What the scan found in it.
    pub contents: LogContents,
    reader: R,
}

impl Source<std::fs::File> {
    /// Scans the log at `path` (see [`super::log_read::read_path`]) and
    /// keeps it open to read its records.
    pub fn open(path: &Path) -> Result<Self, LogError> {
        let contents = super::log_read::read_path(path)?;
        let reader = std::fs::File::open(path)
            .map_err(|e| LogError::Input(format!("{}: cannot read: {e}", path.display())))?;
        Ok(Source {
            name: path.display().to_string(),
            contents,
            reader,
        })
    }
}

impl<R: Read + Seek> Source<R> {
    /// A log already scanned, read from `reader` (e.g. a byte buffer).
    pub fn new(name: &str, contents: LogContents, reader: R) -> Self {
        Source {
            name: name.to_string(),
            contents,
            reader,
        }
    }
}

/// Folds the whole records of `sources` (logs of one run) in index order,
/// each replication once, into a batch result, writing each to `sorted`
/// (when given) as it is folded. A replication found in two logs must hold
/// the same values in both.
pub fn fold_sources<R: Read + Seek>(
    seed: u64,
    sources: &mut [Source<R>],
    mut sorted: Option<&mut dyn Write>,
) -> Result<BatchResult, LogError> {
    let mut order: Vec<(u64, usize, usize)> = sources
        .iter()
        .enumerate()
        .flat_map(|(s, source)| {
            source
                .contents
                .entries
                .iter()
                .enumerate()
                .map(move |(e, entry)| (entry.replication, s, e))
        })
        .collect();
    order.sort_unstable();
    let mut fold = Fold::new(seed);
    let mut previous: Option<(u64, u64)> = None; // replication, values hash
    for (replication, s, e) in order {
        let source = &mut sources[s];
        let entry = &source.contents.entries[e];
        if let Some((earlier, hash)) = previous
            && earlier == replication
        {
            if hash != entry.values_hash {
                return Err(LogError::Input(format!(
                    "replication {replication} differs between the folders: they are not \
                     shards of one run"
                )));
            }
            continue;
        }
        previous = Some((replication, entry.values_hash));
        let record = super::log_read::read_record(&mut source.reader, entry)
            .map_err(|m| LogError::Input(format!("{}: {m}", source.name)))?;
        if let Some(w) = sorted.as_mut() {
            write_record(w, &record).map_err(|e| LogError::Output(e.to_string()))?;
        }
        fold.push(record)
            .map_err(|e| LogError::Input(format!("{}: {e}", source.name)))?;
    }
    Ok(fold.finish())
}

/// Rewrites the replication file `path` from `sources` (header first, then
/// every whole record once, in index order) atomically, and returns the
/// batch result of those records.
pub fn rewrite_sorted<R: Read + Seek>(
    path: &Path,
    header: &Header,
    sources: &mut [Source<R>],
) -> Result<BatchResult, LogError> {
    let mut failure = None;
    let mut result = None;
    super::write::atomic_write_with(path, |w| {
        write_header(w, header)?;
        match fold_sources(header.seed, sources, Some(w)) {
            Ok(r) => {
                result = Some(r);
                Ok(())
            }
            Err(e) => {
                let message = e.to_string();
                failure = Some(e);
                Err(std::io::Error::other(message))
            }
        }
    })
    .map_err(|e| {
        failure
            .take()
            .unwrap_or_else(|| LogError::Output(format!("{}: {e}", path.display())))
    })?;
    result.ok_or_else(|| LogError::Output(format!("{}: not written", path.display())))
}

/// A replication log opened to log a batch as it runs (`run --out`,
/// `--shard`, `--resume`): what it already held, and a way to append.
pub struct OpenLog {
    path: PathBuf,
    header: Header,
    appender: std::sync::Mutex<Appender>,
    /// Replications already whole in the log (resumed), by index.
    pub done: BTreeSet<u64>,
    /// Damaged lines dropped from the log resumed (their replications are
    /// run again).
    pub damaged: Vec<Damage>,
}

impl OpenLog {
    /// Opens `dir`'s replication file for the batch of `header`: a new one
    /// (header only), or with `resume` the one there, checked against the
    /// run (a log of another run is refused: [`LogError::Input`]) and with
    /// its damaged lines dropped: a cut last line is truncated away before
    /// anything is appended; damage further up makes the log be rewritten
    /// with its whole records first.
    pub fn open(dir: &Path, header: &Header, resume: bool) -> Result<OpenLog, LogError> {
        let path = dir.join(FILE);
        let shown = path.display();
        let output = |e: String| LogError::Output(format!("{shown}: {e}"));
        let (done, damaged, keep) = if resume && path.exists() {
            let mut source = Source::open(&path)?;
            if source.contents.header != *header {
                return Err(LogError::Input(format!(
                    "{shown}: written by a different run (scenario, seed, batch size or \
                     version differ); cannot resume it: run without --resume to start \
                     again, or use another --out"
                )));
            }
            let done = source
                .contents
                .entries
                .iter()
                .map(|e| e.replication)
                .collect();
            let damaged = std::mem::take(&mut source.contents.damaged);
            let keep = if source.contents.only_tail_damaged {
                source.contents.whole_bytes
            } else {
                rewrite_sorted(&path, header, std::slice::from_mut(&mut source))?;
                std::fs::metadata(&path)
                    .map_err(|e| output(e.to_string()))?
                    .len()
            };
            (done, damaged, keep)
        } else {
            (BTreeSet::new(), Vec::new(), 0)
        };
        let appender = Appender::open(&path, header, keep).map_err(|e| output(e.to_string()))?;
        Ok(OpenLog {
            path,
            header: header.clone(),
            appender: std::sync::Mutex::new(appender),
            done,
            damaged,
        })
    }

    /// Whole records recovered from the log resumed.
    pub fn recovered(&self) -> usize {
        self.done.len()
    }

    /// Appends one finished replication (a whole line, flushed); safe to
    /// call from several threads.
    pub fn append(&self, r: &ReplicationResult) -> Result<(), String> {
        let shown = self.path.display();
        let mut appender = self
            .appender
            .lock()
            .map_err(|_| format!("{shown}: an earlier write failed"))?;
        appender.append(r).map_err(|e| format!("{shown}: {e}"))
    }

    /// Once the batch has run: reads the log back, rewrites it in index
    /// order, and returns the batch result of every replication in it.
    pub fn finish(self) -> Result<BatchResult, LogError> {
        drop(self.appender);
        let mut source = Source::open(&self.path)?;
        if source.contents.header != self.header {
            return Err(LogError::Input(format!(
                "{}: changed by another program during the run",
                self.path.display()
            )));
        }
        rewrite_sorted(&self.path, &self.header, std::slice::from_mut(&mut source))
    }
}

/// The replication logs of several output folders, scanned.
pub struct Merged {
    /// The logs' common header.
    pub header: Header,
    /// Each folder's log.
    pub sources: Vec<Source<std::fs::File>>,
    /// Damaged lines dropped, with their file.
    pub damaged: Vec<(PathBuf, Damage)>,
}

impl Merged {
    /// The distinct replications whole in some log, in index order.
    fn present(&self) -> BTreeSet<u64> {
        self.sources
            .iter()
            .flat_map(|s| s.contents.entries.iter().map(|e| e.replication))
            .collect()
    }

    /// Distinct whole replications found in the logs.
    pub fn len(&self) -> usize {
        self.present().len()
    }

    /// Whether no log holds a whole replication.
    pub fn is_empty(&self) -> bool {
        self.sources.iter().all(|s| s.contents.entries.is_empty())
    }

    /// The batch's replications found in no log, in index order.
    pub fn missing(&self) -> Vec<u64> {
        let present = self.present();
        (0..self.header.replications)
            .filter(|i| !present.contains(i))
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

    /// The batch result of every whole replication, each once, in index
    /// order; with `sorted`, also writes them (after the header) to that
    /// replication file, atomically.
    pub fn summarise(mut self, sorted: Option<&Path>) -> Result<BatchResult, LogError> {
        match sorted {
            Some(path) => rewrite_sorted(path, &self.header, &mut self.sources),
            None => fold_sources(self.header.seed, &mut self.sources, None),
        }
    }
}

/// Scans the replication files of several output folders (shards), which
/// must be of one run: their common header and where every whole
/// replication lies; damaged lines are dropped and listed. The batch may
/// be incomplete (see [`Merged::require_complete`]); a replication in two
/// folders must agree (checked by [`Merged::summarise`]).
pub fn merge(dirs: &[PathBuf]) -> Result<Merged, LogError> {
    let mut header: Option<Header> = None;
    let mut sources = Vec::new();
    let mut damaged = Vec::new();
    for dir in dirs {
        let path = dir.join(FILE);
        let mut source = Source::open(&path)?;
        match &header {
            None => header = Some(source.contents.header.clone()),
            Some(first) if *first != source.contents.header => {
                return Err(LogError::Input(format!(
                    "{}: from a different run than {}",
                    dir.display(),
                    dirs[0].display()
                )));
            }
            Some(_) => {}
        }
        let dropped = std::mem::take(&mut source.contents.damaged);
        damaged.extend(dropped.into_iter().map(|d| (path.clone(), d)));
        sources.push(source);
    }
    let header = header.ok_or_else(|| LogError::Input("no folders to merge".into()))?;
    Ok(Merged {
        header,
        sources,
        damaged,
    })
}
