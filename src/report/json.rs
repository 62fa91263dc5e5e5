//! `summary.json`: every metric by its dotted name, with unit, mean and 95 %
//! confidence interval; pooled percentiles; hour-of-week profiles; and what
//! is needed to reproduce the run (scenario as run, seed, version).

use super::{Analysis, RunInfo, SCHEMA_VERSION};
use crate::batch::BatchResult;
use serde_json::{Map, Value, json};

/// A finite number, or `null`.
pub(crate) fn num(x: f64) -> Value {
    serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
}

fn nums(xs: &[f64]) -> Value {
    Value::Array(xs.iter().map(|x| num(*x)).collect())
}

/// The whole summary document.
pub fn summary_json(info: &RunInfo, result: &BatchResult, analysis: &Analysis) -> Value {
    let mut metrics = Map::new();
    for m in &result.summary {
        let e = &m.estimate;
        let ci = match (e.ci95_low, e.ci95_high) {
            (Some(lo), Some(hi)) => json!([num(lo), num(hi)]),
            _ => Value::Null,
        };
        metrics.insert(
            m.name.clone(),
            json!({ "unit": m.unit, "mean": num(e.mean), "sd": e.sd.map_or(Value::Null, num), "ci95": ci, "ci95_note": m.interval.as_str(), "n": e.n }),
        );
    }
    let mut percentiles = Map::new();
    for p in &result.pooled {
        percentiles.insert(
            p.name.clone(),
            json!({ "unit": p.unit, "count": p.count, "p50": num(p.p50), "p90": num(p.p90), "p95": num(p.p95), "p99": num(p.p99) }),
        );
    }
    let mut hourly = Map::new();
    for h in &result.hourly {
        hourly.insert(
            h.team.clone(),
            json!({ "utilisation": nums(&h.utilisation), "units_on_duty": nums(&h.capacity), "arrivals_per_hour": nums(&h.arrivals), "people_on_duty": nums(&h.people), "people_available_before_escalation": nums(&h.available), "minimum_staffing_people": nums(&h.minimum) }),
        );
    }
    json!({
        "schema_version": SCHEMA_VERSION,
        "forcesim_version": env!("CARGO_PKG_VERSION"),
        "git_revision": env!("FORCESIM_GIT_REVISION"),
        "scenario": { "name": info.scenario_name, "source": info.scenario_source },
        "seed": info.seed,
        "replications": info.replications,
        "metrics": metrics,
        "pooled_percentiles": percentiles,
        "hour_of_week": hourly,
        "statements": analysis.statements,
        "analytic_twin": serde_json::to_value(&analysis.twin).unwrap_or(Value::Null),
        "scenario_as_run": toml_to_json(&toml::Value::Table(info.scenario_as_run.clone())),
    })
}

fn toml_to_json(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => json!(i),
        toml::Value::Float(f) => num(*f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}
