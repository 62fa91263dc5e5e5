//! Reading a replication log (`replications.jsonl`) that may be damaged:
//! cut by a full disk or a kill, edited, or from another run.
//!
//! Nothing in the file is trusted before it is checked. The header must be
//! a forcesim replication header of this schema, for a batch of at most
//! [`MAX_REPLICATIONS`](crate::scenario::validate::MAX_REPLICATIONS), and
//! its scenario must compile. Every record must then fit that scenario
//! (its teams' hourly profiles, its channels' and teams' metrics, a
//! replication index inside the batch, histograms whose counts add up)
//! and have the shape (metric names and units, distributions, profiles,
//! series) that most records share. A line that fails is *damaged*: it is
//! reported with its line number and dropped, and the whole records are
//! recovered. A header whose scenario fits none of its records is refused
//! as a whole.
//!
//! Reading is a scan: each record is decoded and checked, then dropped,
//! and only where it lies in the file is kept ([`Entry`], 64 bytes), so a
//! log of any size is read in the memory of one record. The records are
//! read again one at a time, in the order they are needed, with
//! [`read_record`].

use super::shard::{Header, decode};
use crate::metrics::ReplicationResult;
use crate::metrics::names as n;
use crate::scenario::{self, Model};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::{BufRead, Read, Seek, SeekFrom};
use std::path::Path;

/// Longest line read, bytes: a replication of a year of the default
/// scenario is about 210 KB; a longer line is damaged, and is not held in
/// memory whole.
pub const MAX_LINE_BYTES: usize = 64 << 20;

/// Hours in a week: the length of every hourly profile.
const HOURS_PER_WEEK: usize = 168;

/// Kind named in every replication log header.
pub const KIND: &str = "forcesim-replications";

/// A damaged line of a replication log.
#[derive(Clone, Debug, PartialEq)]
pub struct Damage {
    /// 1-based line number in the file (the header is line 1).
    pub line: u64,
    /// What is wrong with it.
    pub reason: String,
}

/// Where a whole, valid record lies in its log, and what identifies it.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// 1-based line number in the file (the header is line 1).
    pub line: u64,
    /// Byte offset of the line's start.
    pub start: u64,
    /// Byte offset just past the line (its newline included, if any).
    pub end: u64,
    /// The replication's index in its batch.
    pub replication: u64,
    /// A hash of its metric names and value bits: two records of one
    /// replication agree when these do.
    pub values_hash: u64,
    /// A hash of its shape (everything but its values).
    shape: u64,
    /// Its number of metrics (for messages).
    metrics: usize,
}

/// What a replication log holds, once checked.
#[derive(Debug)]
pub struct LogContents {
    /// The log's header (line 1).
    pub header: Header,
    /// The header's scenario, compiled.
    pub model: Model,
    /// The whole, valid records, in file order (each replication once).
    pub entries: Vec<Entry>,
    /// Lines dropped, in file order.
    pub damaged: Vec<Damage>,
    /// Bytes from the start of the file to the end of the last whole,
    /// valid record (or of the header when there is none).
    pub whole_bytes: u64,
    /// Whether every damaged line comes after the last whole record: then
    /// truncating the file to `whole_bytes` leaves only whole records.
    pub only_tail_damaged: bool,
}

/// Why a replication log cannot be used at all.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    /// Bad input: unreadable, not a replication log, a header that is
    /// invalid or disagrees with its records or with the run (exit code 2).
    #[error("{0}")]
    Input(String),
    /// The log or a result file could not be written (exit code 1).
    #[error("{0}")]
    Output(String),
}

/// Reads and checks the replication log at `path`.
pub fn read_path(path: &Path) -> Result<LogContents, LogError> {
    // Only a regular file, and at most MAX_LOG_BYTES of it, is read.
    let file = crate::input::open(path, super::shard::MAX_LOG_BYTES)
        .map_err(|e| LogError::Input(format!("{}: cannot read: {e}", path.display())))?;
    read_from(std::io::BufReader::new(file), &path.display().to_string())
}

/// Reads and checks a replication log from `reader`, called `name` in
/// messages.
pub fn read_from(mut reader: impl BufRead, name: &str) -> Result<LogContents, LogError> {
    let bad = |line: u64, m: String| LogError::Input(format!("{name}: line {line}: {m}"));
    let mut offset = 0u64;
    let first = next_line(&mut reader, &mut offset)
        .map_err(|e| LogError::Input(format!("{name}: cannot read: {e}")))?
        .ok_or_else(|| LogError::Input(format!("{name}: empty: not a replication log")))?;
    let text = first.text.map_err(|m| bad(1, m))?;
    let header: Header = serde_json::from_str(&text)
        .map_err(|e| bad(1, format!("not a replication log header: {e}")))?;
    let model = check_header(&header).map_err(|m| bad(1, m))?;
    let header_bytes = offset;

    let mut accepted: Vec<Entry> = Vec::new();
    let mut damaged = Vec::new();
    let mut first_misfit: Option<Damage> = None;
    let mut seen: HashMap<u64, u64> = HashMap::new();
    let mut number = 1u64;
    let mut start = offset;
    while let Some(line) = next_line(&mut reader, &mut offset)
        .map_err(|e| LogError::Input(format!("{name}: cannot read: {e}")))?
    {
        number += 1;
        let line_start = std::mem::replace(&mut start, offset);
        let cut = if line.complete { "" } else { " (cut short)" };
        let record = match line.text.and_then(|t| decode(&t)) {
            Ok(r) => r,
            Err(e) => {
                let reason = format!("not a whole record{cut}: {}", shorten(&e));
                damaged.push(Damage {
                    line: number,
                    reason,
                });
                continue;
            }
        };
        if let Err(reason) = check_record(&record, &header, &model) {
            let d = Damage {
                line: number,
                reason,
            };
            first_misfit.get_or_insert(d.clone());
            damaged.push(d);
            continue;
        }
        if let Some(earlier) = seen.insert(record.replication, number) {
            let reason = format!(
                "replication {} again (already on line {earlier})",
                record.replication
            );
            damaged.push(Damage {
                line: number,
                reason,
            });
            continue;
        }
        accepted.push(Entry {
            line: number,
            start: line_start,
            end: offset,
            replication: record.replication,
            values_hash: values_hash(&record),
            shape: shape(&record),
            metrics: record.metrics.len(),
        });
    }
    if accepted.is_empty()
        && let Some(d) = first_misfit
    {
        return Err(LogError::Input(format!(
            "{name}: the header's scenario disagrees with every record (line {}: {}); \
             the header or the records are from another run",
            d.line, d.reason
        )));
    }
    let accepted = keep_common_shape(accepted, &mut damaged);
    damaged.sort_by_key(|d| d.line);
    let last_whole = accepted.last().map_or(1, |e| e.line);
    let whole_bytes = accepted.last().map_or(header_bytes, |e| e.end);
    Ok(LogContents {
        header,
        model,
        entries: accepted,
        only_tail_damaged: damaged.iter().all(|d| d.line > last_whole),
        damaged,
        whole_bytes,
    })
}

/// Checks a header before anything is allocated for its batch, and
/// compiles its scenario.
fn check_header(header: &Header) -> Result<Model, String> {
    if header.kind != KIND {
        return Err(format!(
            "kind `{}`, expected `{KIND}`: not a replication log",
            header.kind
        ));
    }
    if header.schema_version != super::SCHEMA_VERSION {
        return Err(format!(
            "schema version {}, this forcesim reads {}",
            header.schema_version,
            super::SCHEMA_VERSION
        ));
    }
    let max = scenario::validate::MAX_REPLICATIONS;
    if !(1..=max).contains(&header.replications) {
        return Err(format!(
            "a batch of {} replications: must be between 1 and {max}",
            header.replications
        ));
    }
    // The scenario as run has its `extends` resolved: a header naming one
    // would make reading a log read other files.
    let table: toml::Table = toml::from_str(&header.scenario_as_run).map_err(|e| {
        format!(
            "the header's scenario is not TOML: {}",
            shorten(&e.to_string())
        )
    })?;
    if table.contains_key("extends") {
        return Err("the header's scenario still has `extends`: not a scenario as run".into());
    }
    let (_, model) = scenario::from_str(
        &header.scenario_source,
        &header.scenario_as_run,
        Path::new("/nonexistent"),
    )
    .map_err(|e| {
        format!(
            "the header's scenario is invalid: {}",
            shorten(&e.to_string())
        )
    })?;
    if model.name != header.scenario_name {
        return Err(format!(
            "the header names scenario `{}` but its scenario is `{}`",
            header.scenario_name, model.name
        ));
    }
    Ok(model)
}

/// Checks that a record fits the header's batch and scenario.
pub fn check_record(r: &ReplicationResult, header: &Header, model: &Model) -> Result<(), String> {
    if r.replication >= header.replications {
        return Err(format!(
            "replication {} is outside the batch of {}",
            r.replication, header.replications
        ));
    }
    let teams: Vec<&str> = r.hourly.iter().map(|h| h.team.as_str()).collect();
    let expected: Vec<&str> = model.teams.iter().map(|t| t.name.as_str()).collect();
    if teams != expected {
        return Err(format!(
            "hourly profiles for teams {teams:?}, but the header's scenario has teams {expected:?}"
        ));
    }
    for h in &r.hourly {
        let lengths = [h.utilisation.len(), h.capacity.len(), h.arrivals.len()];
        // People by hour are absent from files written before them.
        let optional = [h.people.len(), h.available.len(), h.minimum.len()];
        if lengths.iter().any(|n| *n != HOURS_PER_WEEK)
            || optional.iter().any(|n| *n != 0 && *n != HOURS_PER_WEEK)
        {
            return Err(format!(
                "team `{}`'s hourly profile is not {HOURS_PER_WEEK} hours long",
                h.team
            ));
        }
    }
    let mut names = std::collections::HashSet::new();
    for m in &r.metrics {
        if !names.insert(m.name.as_str()) {
            return Err(format!("metric `{}` twice", m.name));
        }
    }
    let required = model
        .channels
        .iter()
        .map(|c| n::CALLS_OFFERED.name(&[&c.name]))
        .chain(
            model
                .teams
                .iter()
                .map(|t| n::TEAMS_UTILISATION.name(&[&t.name])),
        )
        .chain([
            n::INCIDENTS_TOTAL.name(&[]),
            n::RUN_SIMULATED_DAYS.name(&[]),
        ]);
    for name in required {
        if !names.contains(name.as_str()) {
            return Err(format!(
                "no metric `{name}`, which the header's scenario reports ({} metrics in the record)",
                r.metrics.len()
            ));
        }
    }
    let mut distributions = std::collections::HashSet::new();
    for d in &r.distributions {
        if !distributions.insert(d.name.as_str()) {
            return Err(format!("distribution `{}` twice", d.name));
        }
        d.histogram
            .check()
            .map_err(|e| format!("distribution `{}`: {e}", d.name))?;
    }
    for s in &r.series {
        if !(s.step_days.is_finite() && s.step_days > 0.0) {
            return Err(format!("series `{}`: step of {} days", s.name, s.step_days));
        }
    }
    Ok(())
}

/// Keeps the records of the shape most records share (metric names and
/// units in order, distributions and their layouts, hourly teams, series
/// and their lengths; the first such record's on a tie); the others are
/// damaged.
fn keep_common_shape(accepted: Vec<Entry>, damaged: &mut Vec<Damage>) -> Vec<Entry> {
    let shapes: Vec<u64> = accepted.iter().map(|e| e.shape).collect();
    let mut counts: HashMap<u64, (usize, usize)> = HashMap::new(); // shape → (count, first index)
    for (i, s) in shapes.iter().enumerate() {
        counts.entry(*s).or_insert((0, i)).0 += 1;
    }
    let Some(common) = counts
        .iter()
        .max_by_key(|(_, (count, first))| (*count, std::cmp::Reverse(*first)))
        .map(|(s, _)| *s)
    else {
        return accepted;
    };
    let reference = shapes.iter().position(|s| *s == common).unwrap_or(0);
    let reference_metrics = accepted[reference].metrics;
    let mut kept = Vec::with_capacity(accepted.len());
    for (e, s) in accepted.into_iter().zip(shapes) {
        if s == common {
            kept.push(e);
        } else {
            damaged.push(Damage {
                line: e.line,
                reason: format!(
                    "differs in shape from the other records ({} metrics, {} in most; \
                     or other distributions, profiles or series)",
                    e.metrics, reference_metrics
                ),
            });
        }
    }
    kept
}

/// A hash of a record's metric names and value bits.
fn values_hash(r: &ReplicationResult) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for m in &r.metrics {
        (&m.name, m.value.to_bits()).hash(&mut h);
    }
    h.finish()
}

/// Reads again the record `entry` of a log scanned by [`read_from`] or
/// [`read_path`], from `reader` over the same bytes. Fails if the bytes
/// there are no longer that record (the file changed since the scan).
pub fn read_record(
    reader: &mut (impl Read + Seek),
    entry: &Entry,
) -> Result<ReplicationResult, String> {
    let length = usize::try_from(entry.end - entry.start).map_err(|e| e.to_string())?;
    let mut bytes = vec![0u8; length];
    reader
        .seek(SeekFrom::Start(entry.start))
        .and_then(|_| reader.read_exact(&mut bytes))
        .map_err(|e| format!("line {}: cannot read it again: {e}", entry.line))?;
    if bytes.last() == Some(&b'\n') {
        bytes.pop();
    }
    let changed = || format!("line {}: changed since it was read", entry.line);
    let text = String::from_utf8(bytes).map_err(|_| changed())?;
    let record = decode(&text).map_err(|_| changed())?;
    if record.replication != entry.replication || values_hash(&record) != entry.values_hash {
        return Err(changed());
    }
    Ok(record)
}

/// A hash of a record's shape (everything but its values).
fn shape(r: &ReplicationResult) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for m in &r.metrics {
        (&m.name, m.unit).hash(&mut h);
    }
    r.distributions.len().hash(&mut h);
    for d in &r.distributions {
        (&d.name, d.unit, d.histogram.layout_key()).hash(&mut h);
    }
    r.hourly.len().hash(&mut h);
    for p in &r.hourly {
        p.team.hash(&mut h);
    }
    r.series.len().hash(&mut h);
    for s in &r.series {
        (&s.name, s.unit, s.step_days.to_bits(), s.values.len()).hash(&mut h);
    }
    h.finish()
}

/// One line of the file: its text (or why it is not text) and whether it
/// ended with a newline.
struct Line {
    text: Result<String, String>,
    complete: bool,
}

/// Reads the next line (without its newline), holding at most
/// [`MAX_LINE_BYTES`] of it; advances `offset` past it.
fn next_line(reader: &mut impl BufRead, offset: &mut u64) -> std::io::Result<Option<Line>> {
    let mut bytes = Vec::new();
    let mut too_long = false;
    let mut read_any = false;
    let complete = loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            break false;
        }
        read_any = true;
        let (used, done) = match chunk.iter().position(|b| *b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let content = &chunk[..if done { used - 1 } else { used }];
        if bytes.len() + content.len() > MAX_LINE_BYTES {
            too_long = true;
            bytes.clear();
        } else if !too_long {
            bytes.extend_from_slice(content);
        }
        reader.consume(used);
        *offset += used as u64;
        if done {
            break true;
        }
    };
    if !read_any {
        return Ok(None);
    }
    let text = if too_long {
        Err(format!("longer than {MAX_LINE_BYTES} bytes"))
    } else {
        String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())
    };
    Ok(Some(Line { text, complete }))
}

/// At most 200 characters of an error message (serde quotes the input).
fn shorten(message: &str) -> String {
    match message.char_indices().nth(200) {
        Some((i, _)) => format!("{}…", &message[..i]),
        None => message.to_string(),
    }
}
