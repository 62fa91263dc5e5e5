//! Scenarios: the only code that knows TOML.
//!
//! Raw serde types ([`raw`]) are read from files ([`load`], which also
//! follows `extends` and remembers where each key was written), then checked
//! and compiled into the validated [`model::Model`] ([`validate`], which
//! takes the sections in turn: demand, areas and grades, teams and
//! rosters, investigations, finance, each in its own module).

pub mod abstraction;
/// Work that follows an incident (`[after_incident]`).
pub mod after_incident;
mod areas;
mod checker;
/// Demand no server can take: teams closed or fully reserved when work is routed to them.
pub mod coverage;
mod dates;
mod demand;
/// Scenario problems with their file, line and key path.
pub mod error;
pub mod escalation;
mod finance;
#[cfg(test)]
mod freed_tests;
pub mod geography;
mod investigation;
/// Reading scenario files: `extends`, `--set` and where each key was written.
pub mod load;
/// The validated model the simulation accepts.
pub mod model;
/// `--set KEY=VALUE`: parsing and applying overrides to the TOML.
pub mod overrides;
/// Raw serde types: exactly what the TOML says.
pub mod raw;
/// Raw `[costs]` and `[funding]` types.
pub mod raw_finance;
mod teams;
/// Officers' time budget: briefing, Annex E refreshment breaks, end-of-shift administration.
pub mod time_budget;
mod travel_matrix;
/// Checking a raw scenario and compiling it into the model.
pub mod validate;
/// Establishment → duty: contracted hours, rotas and the rostered-hours check.
pub mod workforce;

pub use error::{Problem, ScenarioError};
pub use load::LoadedScenario;
pub use model::Model;

use std::path::Path;

/// Reads, checks and compiles the scenario at `path`.
pub fn from_file(path: &Path) -> Result<(LoadedScenario, Model), ScenarioError> {
    let loaded = load::load_file(path)?;
    let model = validate::compile(&loaded)?;
    Ok((loaded, model))
}

/// Reads, checks and compiles a scenario held in memory.
pub fn from_str(
    name: &str,
    text: &str,
    base_dir: &Path,
) -> Result<(LoadedScenario, Model), ScenarioError> {
    let loaded = load::load_str(name, text, base_dir)?;
    let model = validate::compile(&loaded)?;
    Ok((loaded, model))
}

/// Applies `--set` overrides (parsed by [`overrides::parse_all`]) to a
/// loaded scenario, then checks and compiles it: what every command does
/// with its `--set` arguments.
pub fn with_overrides(
    loaded: LoadedScenario,
    overrides: &[overrides::Override],
) -> Result<(LoadedScenario, Model), ScenarioError> {
    let loaded = if overrides.is_empty() {
        loaded
    } else {
        load::apply_overrides(&loaded, overrides)?
    };
    let model = validate::compile(&loaded)?;
    Ok((loaded, model))
}

/// The default scenario, embedded in the binary.
pub const DEFAULT_SCENARIO: &str = include_str!("../../scenarios/staffordshire-2018.toml");
/// The default scenario's file name, for messages.
pub const DEFAULT_SCENARIO_NAME: &str = "scenarios/staffordshire-2018.toml";
