//! `forcesim validate`: the validation suite against queueing theory.

use super::output::say;
use super::progress::Progress;
use super::{Failure, open_output, write_output};
use forcesim::report;
use forcesim::report::outputs::Kind;
use std::path::Path;

/// Runs the suite, prints its table and writes `validation.csv` and
/// `validation.json` to `out`; fails (exit code 1) if any check fails,
/// after writing.
pub fn validate(
    seed: u64,
    threads: Option<usize>,
    out: Option<&Path>,
    force: bool,
) -> Result<(), Failure> {
    let folder = open_output(out, Kind::Validation, &[], force)?;
    let total = forcesim::validation::suite_replications();
    let progress = Progress::new("validate", total, "replications");
    let checks = forcesim::validation::run_suite_with_progress(seed, threads, &|| progress.inc())
        .map_err(anyhow::Error::from)?;
    progress.finish();
    // Files first: a closed or full standard output must not cost them.
    if let (Some(out), Some(folder)) = (out, &folder) {
        let json = report::validation::validation_json(seed, &checks);
        let files = [
            (
                "validation.csv",
                report::validation::validation_csv(&checks).map_err(anyhow::Error::from)?,
            ),
            (
                "validation.json",
                serde_json::to_vec_pretty(&json).map_err(anyhow::Error::from)?,
            ),
        ];
        for (name, bytes) in files {
            write_output(out, name, &bytes)?;
        }
        folder.remove_stale(Kind::Validation.files())?;
    }
    say!("{}", report::table::validation_table(&checks))?;
    if let Some(out) = out {
        say!(
            "wrote validation.csv and validation.json to {}",
            out.display()
        )?;
    }
    let failed = checks.iter().filter(|c| !c.pass).count();
    say!(
        "{} checks, {} passed, {failed} failed",
        checks.len(),
        checks.len() - failed
    )?;
    if failed > 0 {
        return Err(anyhow::anyhow!("{failed} validation checks failed").into());
    }
    Ok(())
}
