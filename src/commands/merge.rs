//! `forcesim merge`: combines the output folders of shards into exactly
//! the result one machine would give.

use super::output::say;
use super::{Failure, Logged, bad_input, create_output_folder};
use forcesim::report;
use std::path::{Path, PathBuf};

/// Merges the replications logged in `dirs` and writes the whole run's
/// files to `out`.
pub fn merge(dirs: &[PathBuf], out: &Path) -> Result<(), Failure> {
    let (header, all) = report::shard::merge(dirs).map_err(|e| bad_input("DIRS", e))?;
    let logged = Logged::summarise(&header, all)?;
    create_output_folder(out)?;
    let info = logged.info(&header, header.replications);
    let Logged { model, result, .. } = &logged;
    let analysis = report::analyse(model, result);
    report::files::write_run(out, &info, model, result, &analysis).map_err(anyhow::Error::from)?;
    report::shard::write_sorted(
        &out.join(report::shard::FILE),
        &header,
        &result.replications,
    )
    .map_err(|e| anyhow::anyhow!(e))?;
    say!("{}", report::table::summary_table(result))?;
    say!(
        "merged {} replications from {} folders into {}",
        result.replications.len(),
        dirs.len(),
        out.display()
    )
}
