//! `forcesim run --trace`: the file, the chosen replication, bad requests.

use crate::common::{default_model, model_from};
use forcesim::sim::run_traced;

#[test]
fn an_empty_log_is_its_header_row() {
    let model = default_model();
    let names: Vec<&str> = forcesim::report::trace::COLUMNS
        .iter()
        .map(|c| c.name)
        .collect();
    let trace = forcesim::sim::trace::Trace::new();
    let mut bytes = Vec::new();
    forcesim::report::trace::write_csv(&model, &trace, &mut bytes).unwrap();
    let header = String::from_utf8(bytes).unwrap();
    assert_eq!(header.trim_end(), names.join(","));
}

/// The forcesim binary, run in the crate root, with a time limit.
fn forcesim() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("forcesim").expect("forcesim binary");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .timeout(std::time::Duration::from_secs(120));
    cmd
}

#[test]
fn the_command_line_writes_the_chosen_replication() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("logs").join("trace.csv");
    let out = forcesim()
        .args([
            "run",
            "--set",
            "horizon_days=20",
            "-n",
            "2",
            "--seed",
            "9",
            "-j",
            "1",
        ])
        .arg("--trace")
        .arg(&path)
        .args(["--trace-replication", "1"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let model = model_from("extends = \"staffordshire-2018.toml\"\nhorizon_days = 20\n").unwrap();
    let (_, trace) = run_traced(&model, 9, 1);
    let mut expected = Vec::new();
    forcesim::report::trace::write_csv(&model, &trace, &mut expected).unwrap();
    assert!(
        std::fs::read(&path).unwrap() == expected,
        "the file is replication 1's log"
    );
    let (_, other) = run_traced(&model, 9, 0);
    assert_ne!(
        other.records.len(),
        trace.records.len(),
        "replications differ"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("log of replication 1"), "{stdout}");
}

#[test]
fn a_bad_trace_request_is_a_clean_error_that_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("trace.csv");
    let run = |extra: &[&str]| {
        forcesim()
            .args(["run", "--set", "horizon_days=7", "-n", "2", "-j", "1"])
            .args(extra)
            .output()
            .unwrap()
    };
    let trace = path.to_str().unwrap();
    // A replication the run does not have: bad input, before simulating.
    let out = run(&["--trace", trace, "--trace-replication", "2"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--trace-replication") && stderr.contains("(got 2)"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    // --trace-replication means nothing without --trace.
    let out = run(&["--trace-replication", "1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--trace"));
    // A path that cannot be a file (a folder): bad input, found before
    // simulating, and no partial file left behind.
    let out = run(&["--trace", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is a folder"), "{stderr}");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

#[test]
fn the_readme_lists_every_column_with_its_unit() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for c in forcesim::report::trace::COLUMNS {
        let row = format!("| `{}` | {} | {} |", c.name, c.unit, c.meaning);
        assert!(readme.contains(&row), "README lacks the row {row}");
    }
}
