//! `forcesim validate --out DIR`: the validation suite as files.
//!
//! - `validation.csv`: one row per check —
//!   `case,quantity,theory,simulated_mean,ci95_low,ci95_high,n,pass,note,parameters`
//!   (`parameters` as `name=value;name=value`, empty when the check has no
//!   closed-form model);
//! - `validation.json`: the same checks with `schema_version`, the seed and
//!   the parameters as an object, for programs.

use super::SCHEMA_VERSION;
use crate::validation::Check;
use serde_json::{Map, Value, json};

use super::csv::{number, option};
use super::json::num;

/// One row per check.
pub fn validation_csv(checks: &[Check]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "case",
        "quantity",
        "theory",
        "simulated_mean",
        "ci95_low",
        "ci95_high",
        "n",
        "pass",
        "note",
        "parameters",
    ])?;
    for c in checks {
        let parameters = c
            .parameters
            .iter()
            .map(|(k, v)| format!("{k}={}", number(*v)))
            .collect::<Vec<_>>()
            .join(";");
        w.write_record([
            c.case.clone(),
            c.quantity.clone(),
            number(c.analytic),
            number(c.simulated.mean),
            option(c.simulated.ci95_low),
            option(c.simulated.ci95_high),
            c.simulated.n.to_string(),
            c.pass.to_string(),
            c.note.clone(),
            parameters,
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// The whole validation document.
pub fn validation_json(seed: u64, checks: &[Check]) -> Value {
    let rows: Vec<Value> = checks
        .iter()
        .map(|c| {
            let e = &c.simulated;
            let ci = match (e.ci95_low, e.ci95_high) {
                (Some(lo), Some(hi)) => json!([num(lo), num(hi)]),
                _ => Value::Null,
            };
            let parameters: Map<String, Value> = c
                .parameters
                .iter()
                .map(|(k, v)| (k.clone(), num(*v)))
                .collect();
            json!({
                "case": c.case,
                "quantity": c.quantity,
                "theory": num(c.analytic),
                "simulated": { "mean": num(e.mean), "sd": e.sd.map_or(Value::Null, num), "ci95": ci, "n": e.n },
                "pass": c.pass,
                "note": c.note,
                "parameters": parameters,
            })
        })
        .collect();
    let failed = checks.iter().filter(|c| !c.pass).count();
    json!({
        "schema_version": SCHEMA_VERSION,
        "kind": "forcesim-validation",
        "forcesim_version": env!("CARGO_PKG_VERSION"),
        "git_revision": env!("FORCESIM_GIT_REVISION"),
        "seed": seed,
        "passed": checks.len() - failed,
        "failed": failed,
        "checks": rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::Estimate;

    fn check(parameters: Vec<(String, f64)>) -> Check {
        Check {
            case: "M/M/2, ρ = 0.5".into(),
            quantity: "mean wait (min), \"quoted\"".into(),
            analytic: 1.0,
            simulated: Estimate::from_samples(&[0.9, 1.1, 1.0]),
            pass: true,
            note: "inside".into(),
            parameters,
        }
    }

    #[test]
    fn csv_has_one_row_per_check_and_flat_parameters() {
        let checks = [
            check(vec![("servers".into(), 2.0), ("rate".into(), 0.25)]),
            check(Vec::new()),
        ];
        let text = String::from_utf8(validation_csv(&checks).unwrap()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("case,quantity,theory,simulated_mean"));
        assert!(lines[1].ends_with(",true,inside,servers=2;rate=0.25"));
        assert!(lines[2].ends_with(",true,inside,"));
    }

    #[test]
    fn json_carries_the_schema_version_and_counts() {
        let doc = validation_json(7, &[check(vec![("servers".into(), 2.0)])]);
        assert_eq!(doc["schema_version"], SCHEMA_VERSION);
        assert_eq!(doc["seed"], 7);
        assert_eq!(doc["passed"], 1);
        assert_eq!(doc["checks"][0]["parameters"]["servers"], 2.0);
        assert_eq!(doc["checks"][0]["simulated"]["n"], 3);
    }
}
