//! `forcesim plot`: redraws the charts and report of a results folder.

use super::output::say;
use super::{Failure, Logged, report_damage};
use forcesim::report::{self, documents, outputs};
use forcesim::scenario::ScenarioError;
use std::path::{Path, PathBuf};

/// Redraws the charts and report of a results folder written by `run`,
/// `merge`, `compare` or `sweep`, into `out` (default: the folder itself).
/// A run's damaged log lines are reported and dropped; an incomplete batch
/// is drawn from the replications that are whole, and said so.
pub fn plot(results: &Path, out: Option<&Path>, force: bool) -> Result<(), Failure> {
    let out = out.unwrap_or(results);
    let bad = |message: String| {
        Failure::BadInput(ScenarioError::single(
            "RESULTS",
            None,
            &results.display().to_string(),
            message,
        ))
    };
    let (comparison, sweep, logged) = (
        results.join("comparison.json"),
        results.join("sweep.json"),
        results.join(report::shard::FILE),
    );
    if !(comparison.exists() || sweep.exists() || logged.exists()) {
        return Err(bad(format!(
            "not a results folder: expected comparison.json, sweep.json or {} in it \
             (written by compare, sweep or run with --out)",
            report::shard::FILE
        )));
    }
    let inputs: Vec<PathBuf> = [&comparison, &sweep, &logged]
        .into_iter()
        .filter(|p| p.exists())
        .cloned()
        .collect();
    // The results read must be regular files (a device or FIFO is named
    // as such, before the folder's ownership is judged from them).
    for input in &inputs {
        forcesim::input::check_regular(input)
            .map_err(|e| bad(format!("{}: {e}", input.display())))?;
    }
    let _folder = outputs::OutputFolder::open(out, outputs::Kind::Charts, &inputs, force)?;
    if comparison.exists() {
        let doc = documents::read(&comparison, documents::COMPARISON_KIND).map_err(bad)?;
        report::files::write_comparison_charts(out, &doc).map_err(anyhow::Error::from)?;
    } else if sweep.exists() {
        let doc = documents::read(&sweep, documents::SWEEP_KIND).map_err(bad)?;
        report::files::write_sweep_charts(out, &doc).map_err(anyhow::Error::from)?;
    } else {
        let merged = report::shard::merge(&[results.to_path_buf()])?;
        report_damage(&merged.damaged, merged.len());
        if merged.is_empty() {
            return Err(bad(format!(
                "{}: no whole replication to draw; --resume the run",
                logged.display()
            )));
        }
        if let Err(e) = merged.require_complete() {
            eprintln!("warning: drawing the whole replications only: {e}");
        }
        let header = merged.header.clone();
        let logged = Logged::new(&header, merged.summarise(None)?)?;
        let info = logged.info(&header, logged.result.replications.len() as u64);
        let Logged { model, result, .. } = &logged;
        let analysis = report::analyse(model, result);
        report::files::write_run_charts(out, &info, model, result, &analysis)
            .map_err(anyhow::Error::from)?;
    }
    say!("wrote charts/ and report.html to {}", out.display())
}
