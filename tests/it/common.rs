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

/// The grades' attendance targets (G1 15/20, G2 60/60, G3 2,880/2,880
/// minutes urban/rural) as scenario text, for fixtures built with
/// `format!`.
pub const GRADE_TARGETS: &str = r#"[grades.g1]
target_urban_min = 15
target_rural_min = 20
[grades.g2]
target_urban_min = 60
target_rural_min = 60
[grades.g3]
target_urban_min = 2880
target_rural_min = 2880
"#;

/// One response team of 10 units on two 12-hour shifts (no abstraction),
/// fed by `volume` incidents a year of one category (`grade_mix`, the
/// inline TOML table; 30 minutes on scene on average, 6 minutes' travel),
/// answered and graded at once, over 60 days after a 4-day warm-up;
/// `tail` is appended (e.g. a `[time_budget.response]` table).
pub fn ten_unit_response(name: &str, volume: u32, grade_mix: &str, tail: &str) -> String {
    format!(
        r#"
name = "{name}"
start_date = "2018-01-01"
horizon_days = 60
warmup_days = 4
[channels.q]
team = "handlers"
priority = 1
handling_min = {{ dist = "fixed", value = 0.0 }}
grading_min = {{ dist = "fixed", value = 0.0 }}
[[streams]]
name = "q"
channel = "q"
volume_per_year = {volume}
category_mix = {{ only = 1.0 }}
[categories.only]
grade_mix = {grade_mix}
on_scene_min = {{ dist = "exponential", mean = 30.0 }}
[areas.all]
demand_share = 1.0
urban_share = 1.0
response_team = "response"
travel_urban_min = {{ dist = "fixed", value = 6.0 }}
travel_rural_min = {{ dist = "fixed", value = 6.0 }}
{GRADE_TARGETS}[grades.g4]
team = "handlers"
handling_min = {{ dist = "fixed", value = 0.0 }}
[teams.handlers]
shifts = [{{ name = "all day", start_hour = 0, length_hours = 24, staff = 5 }}]
[teams.response]
shifts = [
  {{ name = "day", start_hour = 7, length_hours = 12, staff = 10 }},
  {{ name = "night", start_hour = 19, length_hours = 12, staff = 10 }},
]
{tail}
"#
    )
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
