//! Whether an output folder holds the log of an interrupted batch: one
//! that a command writing there without `--resume` would throw away.

use super::{FILE, Header};
use crate::report::log_read::read_path;
use std::path::Path;

/// The log of an interrupted batch found in an output folder.
#[derive(Clone, Debug, PartialEq)]
pub struct Interrupted {
    /// Whole records in the log.
    pub whole: u64,
    /// Replications in the batch the log was started for.
    pub batch: u64,
    /// The scenario's name.
    pub scenario: String,
    /// The batch's seed.
    pub seed: u64,
}

impl Interrupted {
    /// "DIR holds 6 of 40 replications of an interrupted run (scenario X,
    /// seed S)".
    pub fn describe(&self, dir: &Path) -> String {
        format!(
            "{} holds {} of {} replications of an interrupted run (scenario {}, seed {})",
            dir.display(),
            self.whole,
            self.batch,
            self.scenario,
            self.seed
        )
    }

    /// Why a command may not write into `dir`, and what to do instead;
    /// `run` for `forcesim run`, which can resume it.
    pub fn refusal(&self, dir: &Path, run: bool) -> String {
        let how = if run {
            "add --resume to continue it (the same command as started it), or --force to start again"
        } else {
            "continue it with `forcesim run` and --resume, choose another --out, or add --force to replace it"
        };
        format!("--out {}: {}; {how}", dir.display(), self.describe(dir))
    }
}

/// What `summary.json` says about the run that wrote it.
#[derive(PartialEq)]
struct Summary {
    name: String,
    source: String,
    seed: u64,
    replications: u64,
}

/// The summary of the finished run in `dir`, if it has one.
fn summary(dir: &Path) -> Option<Summary> {
    const MAX_BYTES: u64 = 256 * 1024 * 1024;
    let file = crate::input::open(&dir.join("summary.json"), MAX_BYTES).ok()?;
    let value: serde_json::Value = serde_json::from_reader(std::io::BufReader::new(file)).ok()?;
    Some(Summary {
        name: value["scenario"]["name"].as_str()?.to_string(),
        source: value["scenario"]["source"].as_str()?.to_string(),
        seed: value["seed"].as_u64()?,
        replications: value["replications"].as_u64()?,
    })
}

/// The interrupted batch whose log `dir` holds, if any: a log with fewer
/// whole records than its batch, unless the folder's `summary.json` says
/// that a run of that log finished with exactly those (a shard, or a run
/// to precision that stopped early). A log that cannot be read is not
/// reported here (the commands that read it say what is wrong with it).
pub fn interrupted(dir: &Path) -> Option<Interrupted> {
    let path = dir.join(FILE);
    if !path.is_file() {
        return None;
    }
    let header: Header = serde_json::from_str(&crate::report::outputs::first_line(&path)?).ok()?;
    let summary = summary(dir);
    let finished_with = |replications: u64| {
        summary.as_ref().is_some_and(|s| {
            *s == Summary {
                name: header.scenario_name.clone(),
                source: header.scenario_source.clone(),
                seed: header.seed,
                replications,
            }
        })
    };
    // A whole batch that finished: its summary is written after its log,
    // and nothing is appended to the log since. Saves reading a long log.
    let modified = |name: &str| std::fs::metadata(dir.join(name)).and_then(|m| m.modified());
    if finished_with(header.replications)
        && let (Ok(log), Ok(summary)) = (modified(FILE), modified("summary.json"))
        && summary >= log
    {
        return None;
    }
    let whole = read_path(&path).ok()?.entries.len() as u64;
    if whole >= header.replications || finished_with(whole) {
        return None;
    }
    Some(Interrupted {
        whole,
        batch: header.replications,
        scenario: header.scenario_name,
        seed: header.seed,
    })
}
