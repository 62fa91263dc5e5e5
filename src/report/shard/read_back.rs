//! Reading replication logs back: one or several logs (shards) of one run
//! folded in index order, each record read again from its file when its
//! turn comes, and optionally written out sorted.

use super::{FILE, Header, LogContents, LogError, write_header, write_record};
use crate::batch::{BatchResult, Fold};
use crate::report::log_read::{Damage, read_path, read_record};
use std::collections::BTreeSet;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

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
    /// Scans the log at `path` (see [`crate::report::log_read::read_path`]) and
    /// keeps it open to read its records.
    pub fn open(path: &Path) -> Result<Self, LogError> {
        let contents = read_path(path)?;
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
    // replication, values hash, source
    let mut previous: Option<(u64, u64, usize)> = None;
    for (replication, s, e) in order {
        if let Some((earlier, hash, first)) = previous
            && earlier == replication
        {
            if hash != sources[s].contents.entries[e].values_hash {
                return Err(LogError::Input(format!(
                    "{}: replication {replication} differs from the one in {}: they are \
                     not shards of one run",
                    sources[s].name, sources[first].name
                )));
            }
            continue;
        }
        let source = &mut sources[s];
        let entry = &source.contents.entries[e];
        previous = Some((replication, entry.values_hash, s));
        let record = read_record(&mut source.reader, entry)
            .map_err(|m| LogError::Input(format!("{}: {m}", source.name)))?;
        if let Some(w) = sorted.as_mut() {
            write_record(w, &record).map_err(|e| LogError::Output(e.to_string()))?;
        }
        fold.push(&record)
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
    crate::report::write::atomic_write_with(path, |w| {
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
                let (a, b) = (dirs[0].display().to_string(), dir.display().to_string());
                let differ = super::differences(
                    first,
                    &source.contents.header,
                    super::Side {
                        name: &a,
                        verb: "has",
                    },
                    super::Side {
                        name: &b,
                        verb: "has",
                    },
                    false,
                );
                return Err(LogError::Input(format!(
                    "{b}: from a different run than {a}: {}; only shards of one run \
                     (the same scenario, settings, seed, -n and version) merge",
                    differ.join("; ")
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
