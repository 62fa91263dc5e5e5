//! `forcesim plot`: redraws the charts and report of a results folder.

use super::output::say;
use super::{Failure, Logged, create_output_folder};
use forcesim::report::{self, documents};
use forcesim::scenario::ScenarioError;
use std::path::Path;

/// Redraws the charts and report of a results folder written by `run`,
/// `merge`, `compare` or `sweep`, into `out` (default: the folder itself).
pub fn plot(results: &Path, out: Option<&Path>) -> Result<(), Failure> {
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
    create_output_folder(out)?;
    if comparison.exists() {
        let doc = documents::read(&comparison, documents::COMPARISON_KIND).map_err(bad)?;
        report::files::write_comparison_charts(out, &doc).map_err(anyhow::Error::from)?;
    } else if sweep.exists() {
        let doc = documents::read(&sweep, documents::SWEEP_KIND).map_err(bad)?;
        report::files::write_sweep_charts(out, &doc).map_err(anyhow::Error::from)?;
    } else {
        let (header, all) = report::shard::merge(&[results.to_path_buf()]).map_err(bad)?;
        let logged = Logged::summarise(&header, all)?;
        let info = logged.info(&header, logged.result.replications.len() as u64);
        let Logged { model, result, .. } = &logged;
        let analysis = report::analyse(model, result);
        report::files::write_run_charts(out, &info, model, result, &analysis)
            .map_err(anyhow::Error::from)?;
    }
    say!("wrote charts/ and report.html to {}", out.display())
}
