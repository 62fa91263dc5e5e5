//! A replication log opened to log a batch as it runs.

use super::{Appender, FILE, Header, LogError, Source, rewrite_sorted};
use crate::batch::BatchResult;
use crate::metrics::ReplicationResult;
use crate::report::log_read::Damage;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

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
    /// Whether a log was there to resume.
    pub existed: bool,
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
        let existed = resume && path.exists();
        let (done, damaged, keep) = if existed {
            let mut source = Source::open(&path)?;
            if source.contents.header != *header {
                let differ = super::differences(
                    &source.contents.header,
                    header,
                    super::Side {
                        name: "the log",
                        verb: "has",
                    },
                    super::Side {
                        name: "this run",
                        verb: "asks",
                    },
                    true,
                );
                return Err(LogError::Input(format!(
                    "{shown}: written by a different run, so this run cannot resume it: {}; \
                     resume it with the settings it was started with, or start again with \
                     --force instead of --resume, or use another --out",
                    differ.join("; ")
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
            existed,
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
