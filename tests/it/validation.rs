//! `forcesim validate` runs as a test (once, through the command line, which
//! also checks its files): every check of the suite passes with the default
//! seed, and the suite has the power to catch a wrong model.

use forcesim::validation::{run_case, statistical_cases};

#[test]
fn a_wrong_model_fails_the_suite() {
    // The M/M/3 case simulated with a fourth handler no longer matches the
    // Erlang C values for three: the checks must say so.
    let mut case = statistical_cases()
        .into_iter()
        .find(|c| c.name.starts_with("M/M/3,"))
        .expect("M/M/3 case");
    case.scenario.handlers += 1;
    let checks = run_case(&case, 1, None, 0.05 / 28.0).expect("runs");
    assert!(
        checks.iter().all(|c| !c.pass),
        "an M/M/4 passed as M/M/3: {checks:?}"
    );
}

#[test]
fn the_validation_suite_passes_and_writes_one_row_per_check() {
    let dir = tempfile::tempdir().unwrap();
    let out = assert_cmd::Command::cargo_bin("forcesim")
        .expect("forcesim binary")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .timeout(std::time::Duration::from_secs(300))
        .args(["validate", "--out", dir.path().to_str().unwrap()])
        .output()
        .expect("run forcesim validate");
    // On failure the table on stdout names every check that failed.
    assert_eq!(
        out.status.code(),
        Some(0),
        "validation failures:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    // Progress lines on a log (stderr is a pipe here), as `run` writes them.
    let stderr = String::from_utf8_lossy(&out.stderr);
    let total = forcesim::validation::suite_replications();
    assert!(
        stderr.contains(&format!(
            "forcesim validate: 100 % ({total}/{total} replications)"
        )),
        "{stderr}"
    );

    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("validation.json")).unwrap())
            .expect("validation.json is JSON");
    assert_eq!(json["schema_version"], forcesim::report::SCHEMA_VERSION);
    assert_eq!(json["seed"], 1);
    let checks = json["checks"].as_array().expect("checks");
    assert!(checks.len() >= 28);
    assert_eq!(json["failed"], 0);

    let mut csv = csv::Reader::from_path(dir.path().join("validation.csv")).unwrap();
    let header: Vec<String> = csv.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "case",
            "quantity",
            "theory",
            "simulated_mean",
            "ci95_low",
            "ci95_high",
            "n",
            "pass",
            "note",
            "parameters"
        ]
    );
    let rows: Vec<csv::StringRecord> = csv.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), checks.len());
    // Every Erlang C case names the queue theory was computed for.
    let erlang: Vec<_> = rows.iter().filter(|r| r[0].contains("Erlang C")).collect();
    assert!(erlang.len() >= 13);
    for row in erlang {
        assert!(row[9].contains("servers="), "no parameters: {row:?}");
        assert_eq!(&row[7], "true");
    }
    assert_eq!(
        checks[0]["parameters"]["servers"].as_f64(),
        Some(1.0),
        "the first case is M/M/1"
    );
}

#[test]
fn the_break_case_agrees_with_capacity_net_of_breaks_and_fails_without_them() {
    let case = || {
        statistical_cases()
            .into_iter()
            .find(|c| c.name.contains("60-min break per 10-h shift"))
            .expect("break case")
    };
    let checks = run_case(&case(), 1, None, 0.05 / 31.0).expect("runs");
    assert!(checks.iter().all(|c| c.pass), "{checks:?}");
    // Without the breaks the same units are an M/M/10: the G2 wait no
    // longer matches the M/M/9 of capacity net of breaks.
    let mut no_breaks = case();
    no_breaks.scenario.extra.clear();
    let checks = run_case(&no_breaks, 1, None, 0.05 / 31.0).expect("runs");
    assert!(
        checks.iter().all(|c| !c.pass),
        "breaks ignored, yet the case passed: {checks:?}"
    );
}
