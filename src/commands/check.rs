//! `forcesim check`: reads and checks a scenario file without simulating.

use super::output::say;
use super::{Failure, load_scenario};
use forcesim::scenario;
use std::path::Path;

/// Checks the scenario at `path` with the `--set` overrides `set` (as
/// `run` applies them) and prints what it holds, or fails with every
/// problem found; demand no server can take (a closed team, a plan cut to
/// zero, reservations leaving no server) is a warning on stderr.
pub fn check(path: &Path, set: &[String]) -> Result<(), Failure> {
    let (_, model, _) = load_scenario(Some(path), set)?;
    say!(
        "{}: ok — scenario `{}`: {} streams, {} channels, {} categories, {} areas, {} teams, {} days",
        path.display(),
        model.name,
        model.streams.len(),
        model.channels.len(),
        model.categories.len(),
        model.areas.len(),
        model.teams.len(),
        model.horizon_days()
    )?;
    for warning in scenario::coverage::unservable_demand(&model) {
        eprintln!("warning: {}: {warning}", path.display());
    }
    Ok(())
}
