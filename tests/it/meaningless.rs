//! Inputs that parse but make the output meaningless are refused with the
//! reason: work that takes no time, a horizon too short to report, a team
//! rostered with no one in post, crews larger than the shift, and sizes
//! and factors far beyond any force (which overflowed to infinite outputs).

use crate::common::MINIMAL;
use forcesim::batch::{self, BatchOptions};
use forcesim::scenario::{self, LoadedScenario, ScenarioError, overrides};
use std::path::Path;

fn scenarios_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

fn default_loaded() -> LoadedScenario {
    scenario::load::load_str(
        scenario::DEFAULT_SCENARIO_NAME,
        scenario::DEFAULT_SCENARIO,
        &scenarios_dir(),
    )
    .unwrap()
}

/// `loaded` with `key=value` pairs set, compiled.
fn with(loaded: &LoadedScenario, pairs: &[(&str, &str)]) -> Result<scenario::Model, ScenarioError> {
    let set: Vec<_> = pairs
        .iter()
        .map(|(k, v)| overrides::from_pair(k, v))
        .collect::<Result<_, _>>()?;
    scenario::with_overrides(loaded.clone(), &set).map(|(_, m)| m)
}

/// The error of `text` (a scenario), which must be refused.
fn refused(text: &str) -> ScenarioError {
    match scenario::from_str("test.toml", text, &scenarios_dir()) {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(e) => e,
    }
}

fn replace(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}`");
    text.replacen(from, to, 1)
}

/// Asserts `err` has a located problem (a file line, or the `--set` that
/// gave the value) at `key_path` whose message holds `words`.
fn assert_reason(err: &ScenarioError, key_path: &str, words: &str) {
    assert!(
        err.problems.iter().any(|p| p.key_path == key_path
            && p.message.contains(words)
            && (p.line.is_some() || p.file.starts_with("--set"))),
        "no located problem at `{key_path}` saying `{words}`:\n{err}"
    );
}

#[test]
fn meaningless_inputs_are_rejected() {
    // No work takes any time: no staffing could matter. (MINIMAL has one
    // channel, one category and G4.)
    let zero = r#"{ dist = "empirical", values = [0.0, 0.0], weights = [1.0, 2.0] }"#;
    let no_work = replace(
        &replace(
            &replace(
                MINIMAL,
                r#"handling_min = { dist = "exponential", mean = 6.0 }"#,
                r#"handling_min = { dist = "fixed", value = 0.0 }"#,
            ),
            r#"on_scene_min = { dist = "fixed", value = 30.0 }"#,
            &format!("on_scene_min = {zero}"),
        ),
        r#"handling_min = { dist = "fixed", value = 20.0 }"#,
        r#"handling_min = { dist = "fixed", value = 0.0 }"#,
    );
    let e = refused(&no_work);
    assert_reason(&e, "channels", "no work takes any time");

    // A horizon shorter than a day was reported as "1 days".
    for h in ["1e-300", "0.5"] {
        let e = refused(&replace(
            MINIMAL,
            "horizon_days = 28",
            &format!("horizon_days = {h}"),
        ));
        assert_reason(&e, "horizon_days", "at least 1 day");
    }

    let loaded = default_loaded();
    let errors = |pairs: &[(&str, &str)]| with(&loaded, pairs).expect_err("accepted");
    // A team rostered with nobody in post gave infinite and null outputs.
    let by_role = "teams.response_north.headcount_by_role";
    let e = errors(&[(by_role, "{ constable = 0, sergeant = 0 }")]);
    assert_reason(&e, by_role, "rostered");
    // A crew larger than the shift makes no unit: the shift silently
    // put no one on duty.
    let e = errors(&[("teams.response_north.shifts[0].crew_size", "50")]);
    assert_reason(
        &e,
        "teams.response_north.shifts[0].crew_size",
        "larger than",
    );
    // Headcounts and factors far beyond any force.
    for (key, words) in [
        (
            "teams.response_north.headcount_by_role.constable",
            "at most",
        ),
        ("teams.contact_centre.headcount", "at most"),
        ("investigation_teams.volume_crime.headcount", "at most"),
        ("grades.g2.travel_factor", "at most"),
        ("workforce.other_officers.investigations", "at most"),
    ] {
        let e = errors(&[(key, "1e300")]);
        assert_reason(&e, key, words);
    }
}

/// Every number of the default scenario set to 1e300 in turn: refused, or
/// a replication whose every metric (costs included) is finite or
/// undefined (NaN), never infinite.
#[test]
fn huge_accepted_values_give_finite_outputs() {
    let loaded = default_loaded();
    let mut paths = Vec::new();
    numeric_leaves(&toml::Value::Table(loaded.merged.clone()), "", &mut paths);
    assert!(paths.len() > 300, "{} numeric values", paths.len());
    let mut infinite = Vec::new();
    for path in &paths {
        if path.starts_with("horizon_days") || path.starts_with("warmup_days") {
            continue;
        }
        let Ok(model) = with(&loaded, &[(path, "1e300"), ("horizon_days", "2")]) else {
            continue;
        };
        let options = BatchOptions {
            seed: 1,
            replications: 1,
            threads: Some(1),
        };
        let result = batch::run(&model, options, &|| {}).expect("the batch runs");
        for m in &result.metrics_of(&result.replications[0]) {
            if m.value.is_infinite() {
                infinite.push(format!("{path} = 1e300 → {} = {}", m.name, m.value));
                break;
            }
        }
    }
    assert!(infinite.is_empty(), "{}", infinite.join("\n"));
}

/// The key paths of every number (and of the first number of each array
/// of numbers) under `v`.
fn numeric_leaves(v: &toml::Value, path: &str, out: &mut Vec<String>) {
    match v {
        toml::Value::Table(t) => {
            for (k, x) in t {
                let key = if k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    k.clone()
                } else {
                    format!("{k:?}")
                };
                let p = if path.is_empty() {
                    key
                } else {
                    format!("{path}.{key}")
                };
                numeric_leaves(x, &p, out);
            }
        }
        toml::Value::Array(a) => {
            let numbers = a
                .iter()
                .all(|x| matches!(x, toml::Value::Integer(_) | toml::Value::Float(_)));
            if numbers && !a.is_empty() {
                out.push(format!("{path}[0]"));
            } else {
                for (i, x) in a.iter().enumerate() {
                    numeric_leaves(x, &format!("{path}[{i}]"), out);
                }
            }
        }
        toml::Value::Integer(_) | toml::Value::Float(_) => out.push(path.to_string()),
        _ => {}
    }
}
