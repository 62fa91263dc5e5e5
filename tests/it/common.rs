//! Helpers shared by the integration tests.

use forcesim::scenario::{self, Model, Problem, ScenarioError};
use std::path::Path;

/// The shipped default scenario, compiled.
pub fn default_model() -> Model {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/staffordshire-2018.toml");
    scenario::from_file(&path)
        .expect("default scenario is valid")
        .1
}

/// Compiles a scenario given as text (extends resolved against `scenarios/`).
pub fn model_from(text: &str) -> Result<Model, ScenarioError> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    scenario::from_str("test.toml", text, &dir).map(|(_, m)| m)
}

/// The value of metric `name` in one replication's metrics.
pub fn metric(metrics: &[forcesim::metrics::Metric], name: &str) -> f64 {
    metrics
        .iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("no metric {name}"))
        .value
}

/// A minimal valid scenario: one 101 stream into one team, no travel; the
/// pieces tests replace are marked in `{braces}` by the callers' format!.
pub const MINIMAL: &str = r#"
name = "minimal"
start_date = "2018-01-01"
horizon_days = 28

[channels.101]
team = "handlers"
priority = 1
handling_min = { dist = "exponential", mean = 6.0 }
grading_min = { dist = "fixed", value = 0.0 }

[categories.enquiry]
grade_mix = { none = 1.0 }
on_scene_min = { dist = "fixed", value = 30.0 }

[[streams]]
name = "calls"
channel = "101"
volume_per_year = 43800
category_mix = { enquiry = 1.0 }

[areas.all]
demand_share = 1.0
urban_share = 1.0
response_team = "response"
travel_urban_min = { dist = "fixed", value = 5.0 }
travel_rural_min = { dist = "fixed", value = 10.0 }

[grades.g1]
target_urban_min = 15
target_rural_min = 20
[grades.g2]
target_urban_min = 60
target_rural_min = 60
[grades.g3]
target_urban_min = 2880
target_rural_min = 2880
[grades.g4]
team = "resolution"
handling_min = { dist = "fixed", value = 20.0 }

[teams.handlers]
shifts = [{ name = "all day", start_hour = 0, length_hours = 24, staff = 1 }]

[teams.response]
shifts = [{ name = "all day", start_hour = 0, length_hours = 24, staff = 2 }]

[teams.resolution]
shifts = [{ name = "day", start_hour = 8, length_hours = 14, staff = 1 }]
"#;

/// The problem `err` reports at `key_path` (panics naming the key path and
/// every problem when there is none).
pub fn problem_at<'a>(err: &'a ScenarioError, key_path: &str) -> &'a Problem {
    err.problems
        .iter()
        .find(|p| p.key_path == key_path)
        .unwrap_or_else(|| panic!("no problem at key path `{key_path}`; got:\n{err}"))
}
