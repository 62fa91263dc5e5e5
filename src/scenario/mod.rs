//! Scenarios: the only code that knows TOML.
//!
//! Raw serde types ([`raw`]) are read from files ([`load`], which also
//! follows `extends` and remembers where each key was written), then checked
//! and compiled into the validated [`model::Model`] ([`validate`], which
//! takes the sections in turn: demand, areas and grades, teams and
//! rosters, investigations, finance, each in its own module).

mod areas;
mod checker;
pub mod coverage;
mod dates;
mod demand;
pub mod error;
mod finance;
pub mod geography;
mod investigation;
pub mod load;
pub mod model;
pub mod overrides;
pub mod raw;
pub mod raw_finance;
mod teams;
mod travel_matrix;
pub mod validate;

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
