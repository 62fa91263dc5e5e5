//! `forcesim check`: reads and checks a scenario file without simulating.

use super::Failure;
use super::output::say;
use forcesim::scenario;
use std::path::Path;

/// Checks the scenario at `path` and prints what it holds, or fails with
/// every problem found; demand no server can take (a closed team, a plan
/// cut to zero, reservations leaving no server) is a warning on stderr.
pub fn check(path: &Path) -> Result<(), Failure> {
    let (_, model) = scenario::from_file(path)?;
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
