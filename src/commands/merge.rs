//! `forcesim merge`: combines the output folders of shards into exactly
//! the result one machine would give.

use super::output::say;
use super::{Failure, Logged, bad_input, report_damage};
use forcesim::report::{self, outputs};
use std::path::{Path, PathBuf};

/// Merges the replications logged in `dirs` and writes the whole run's
/// files to `out`; damaged lines of the logs are reported and dropped, and
/// the batch must be complete without them.
pub fn merge(dirs: &[PathBuf], out: &Path, force: bool) -> Result<(), Failure> {
    let inputs: Vec<PathBuf> = dirs.iter().map(|d| d.join(report::shard::FILE)).collect();
    let folder = outputs::OutputFolder::open(out, outputs::Kind::Run, &inputs, force)?;
    let merged = report::shard::merge(dirs)?;
    report_damage(&merged.damaged, merged.len());
    merged
        .require_complete()
        .map_err(|e| bad_input(&folders(dirs), e))?;
    let header = merged.header.clone();
    // The merged log is written as the replications are folded, one at a
    // time, in index order.
    let result = merged.summarise(Some(&out.join(report::shard::FILE)))?;
    let logged = Logged::new(&header, result)?;
    let info = logged.info(&header, header.replications);
    let Logged { model, result, .. } = &logged;
    let analysis = report::analyse(model, result);
    report::files::write_run(out, &info, model, result, &analysis).map_err(anyhow::Error::from)?;
    folder.remove_stale(outputs::Kind::Run.files())?;
    say!("{}", report::table::summary_table(result))?;
    if let Some(note) = report::table::interval_footnote(result, report::table::is_headline) {
        say!("{note}")?;
    }
    say!(
        "merged {} from {} into {}",
        report::format::count_of(
            result.replications.len() as u64,
            "replication",
            "replications"
        ),
        report::format::count_of(dirs.len() as u64, "folder", "folders"),
        out.display()
    )
}

/// The folders merged, for messages: `s1, s2`.
fn folders(dirs: &[PathBuf]) -> String {
    let names: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
    names.join(", ")
}
