//! The `forcesim` command line: outputs, determinism, exit codes, help and
//! `--set`.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The forcesim binary, run in the crate root, with a time limit so a hang
/// fails instead of blocking the suite.
fn forcesim() -> Command {
    let mut cmd = Command::cargo_bin("forcesim").expect("forcesim binary");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .timeout(Duration::from_secs(120));
    cmd
}

fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `forcesim` with `args`, asserting exit 0; returns stdout.
fn run_ok(args: &[&str]) -> String {
    let out = forcesim().args(args).output().expect("run forcesim");
    assert_eq!(
        out.status.code(),
        Some(0),
        "forcesim {args:?} failed:\n{}\n{}",
        stdout_of(&out),
        stderr_of(&out)
    );
    stdout_of(&out)
}

/// Runs `forcesim` with `args`, asserting exit `code`; returns stderr.
fn run_fails(args: &[&str], code: i32) -> String {
    let out = forcesim().args(args).output().expect("run forcesim");
    assert_eq!(
        out.status.code(),
        Some(code),
        "forcesim {args:?}: expected exit {code}:\n{}\n{}",
        stdout_of(&out),
        stderr_of(&out)
    );
    stderr_of(&out)
}

fn read_json(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// Runs the default scenario with `extra` arguments into a fresh folder and
/// returns the folder (kept alive) and its summary.json bytes.
fn summary_bytes(extra: &[&str]) -> (tempfile::TempDir, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap().to_string();
    let mut args = vec!["run", "--out", out.as_str()];
    args.extend_from_slice(extra);
    run_ok(&args);
    let bytes = std::fs::read(dir.path().join("summary.json")).expect("summary.json written");
    (dir, bytes)
}

/// The mean of metric `name` in a summary.json document.
fn metric_mean(summary: &Value, name: &str) -> f64 {
    summary["metrics"][name]["mean"]
        .as_f64()
        .unwrap_or_else(|| panic!("no numeric mean for {name}"))
}

fn files_in(dir: &Path) -> Vec<String> {
    match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// The minimal scenario with a negative volume, written to `dir/negative.toml`.
fn bad_scenario(dir: &Path) -> (PathBuf, String) {
    let text =
        crate::common::MINIMAL.replacen("volume_per_year = 43800", "volume_per_year = -5", 1);
    assert_ne!(text, crate::common::MINIMAL);
    let path = dir.join("negative.toml");
    std::fs::write(&path, &text).unwrap();
    (path, text)
}

// ---------------------------------------------------------------------------

#[test]
fn run_default_scenario_writes_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("results"); // created by forcesim
    let stdout = run_ok(&["run", "-n", "2", "--out", out_dir.to_str().unwrap()]);
    assert!(
        stdout.contains("calls.999.offered"),
        "table lacks calls.999.offered:\n{stdout}"
    );
    assert!(
        stdout.contains("incidents.attended_share"),
        "table lacks incidents.attended_share:\n{stdout}"
    );

    let mut files = files_in(&out_dir);
    files.sort();
    assert_eq!(
        files,
        [
            ".forcesim.lock",
            "charts",
            "replications.csv",
            "replications.jsonl",
            "report.html",
            "results.xlsx",
            "scenario_as_run.toml",
            "summary.csv",
            "summary.json"
        ],
        "unexpected files (leftover temporaries?)"
    );
    assert!(files.iter().all(|f| !f.contains(".partial-")));

    let summary = read_json(&out_dir.join("summary.json"));
    for key in [
        "schema_version",
        "seed",
        "forcesim_version",
        "scenario_as_run",
    ] {
        assert!(summary.get(key).is_some(), "summary.json lacks `{key}`");
    }
    assert_eq!(summary["forcesim_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(summary["seed"], 2018, "the default scenario's run.seed");
    assert_eq!(summary["scenario_as_run"]["name"], "staffordshire-2018");
    let m = &summary["metrics"]["calls.999.answered_within_10s_share"];
    assert_eq!(m["unit"], "share", "{m}");
    let mean = m["mean"].as_f64().expect("numeric mean");
    assert!((0.0..=1.0).contains(&mean), "{m}");
    let ci = m["ci95"].as_array().expect("ci95 array");
    assert_eq!(ci.len(), 2, "{m}");
    assert!(ci.iter().all(Value::is_f64), "{m}");
    let n_metrics = summary["metrics"].as_object().unwrap().len();
    assert!(n_metrics > 10);

    let csv = std::fs::read_to_string(out_dir.join("replications.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("replication,metric,unit,value"));
    let rows: Vec<&str> = lines.filter(|l| !l.is_empty()).collect();
    assert_eq!(
        rows.len(),
        2 * n_metrics,
        "replications.csv rows = replications × metrics"
    );
    assert!(rows.iter().any(|r| r.starts_with("0,calls.999.offered,")));
    assert!(rows.iter().any(|r| r.starts_with("1,calls.999.offered,")));

    let summary_csv = std::fs::read_to_string(out_dir.join("summary.csv")).unwrap();
    assert!(summary_csv.starts_with("metric,unit,n,mean,sd,ci95_low,ci95_high"));
    assert_eq!(
        summary_csv.lines().filter(|l| !l.is_empty()).count(),
        1 + n_metrics
    );
}

#[test]
fn same_seed_gives_identical_summary() {
    let args = ["-n", "2", "--seed", "7", "--set", "horizon_days=30"];
    let (_a, first) = summary_bytes(&args);
    let (_b, second) = summary_bytes(&args);
    assert!(first == second, "two runs with the same seed differ");
    let summary: Value = serde_json::from_slice(&first).unwrap();
    assert_eq!(summary["seed"], 7);

    // And a different seed gives different numbers (the seed is used).
    let (_c, other) = summary_bytes(&["-n", "2", "--seed", "8", "--set", "horizon_days=30"]);
    let other: Value = serde_json::from_slice(&other).unwrap();
    assert_ne!(summary["metrics"], other["metrics"]);
}

#[test]
fn thread_count_does_not_change_results() {
    let base = ["-n", "2", "--seed", "11", "--set", "horizon_days=30"];
    let (_a, one) = summary_bytes(&[&base[..], &["--threads", "1"]].concat());
    let (_b, two) = summary_bytes(&[&base[..], &["--threads", "2"]].concat());
    assert!(
        one == two,
        "--threads 1 and --threads 2 give different summary.json"
    );
}

#[test]
fn bad_scenario_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (scenario, _) = bad_scenario(dir.path());
    let out_dir = dir.path().join("out");
    let stderr = run_fails(
        &[
            "run",
            scenario.to_str().unwrap(),
            "-n",
            "1",
            "--out",
            out_dir.to_str().unwrap(),
        ],
        2,
    );
    assert!(stderr.contains("error:"), "{stderr}");
    assert!(stderr.contains("negative.toml"), "{stderr}");
    assert!(stderr.contains("streams[0].volume_per_year"), "{stderr}");
    assert!(
        files_in(&out_dir).is_empty(),
        "output folder has files: {:?}",
        files_in(&out_dir)
    );

    // An existing output folder is left empty too.
    std::fs::create_dir_all(&out_dir).unwrap();
    run_fails(
        &[
            "run",
            scenario.to_str().unwrap(),
            "-n",
            "1",
            "--out",
            out_dir.to_str().unwrap(),
        ],
        2,
    );
    assert!(
        files_in(&out_dir).is_empty(),
        "output folder has files: {:?}",
        files_in(&out_dir)
    );
}

#[test]
fn missing_scenario_file_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-scenario.toml");
    let stderr = run_fails(&["run", missing.to_str().unwrap(), "-n", "1"], 2);
    assert!(stderr.contains("no-such-scenario.toml"), "{stderr}");
    run_fails(&["check", missing.to_str().unwrap()], 2);
}

#[test]
fn check_accepts_every_shipped_scenario() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let stdout = run_ok(&["check", path.to_str().unwrap()]);
            assert!(stdout.contains("ok"), "{}: {stdout}", path.display());
            checked += 1;
        }
    }
    assert!(checked >= 1, "no scenarios found in {}", dir.display());
}

#[test]
fn check_rejects_bad_file() {
    let dir = tempfile::tempdir().unwrap();
    let (scenario, text) = bad_scenario(dir.path());
    let stderr = run_fails(&["check", scenario.to_str().unwrap()], 2);
    let line = text[..text.find("volume_per_year").unwrap()]
        .matches('\n')
        .count()
        + 1;
    let expected = format!("negative.toml:{line}: streams[0].volume_per_year:");
    assert!(
        stderr.contains("error:") && stderr.contains(&expected),
        "expected `{expected}` in:\n{stderr}"
    );
}

#[test]
fn run_help_mentions_every_flag() {
    let out = forcesim().args(["run", "--help"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = stdout_of(&out);
    for flag in [
        "--seed",
        "--replications",
        "--out",
        "--threads",
        "--set",
        "--all",
    ] {
        assert!(help.contains(flag), "run --help lacks {flag}:\n{help}");
    }
    let out = forcesim().arg("--help").output().unwrap();
    let help = stdout_of(&out);
    assert!(help.contains("run") && help.contains("check"), "{help}");
}

#[test]
fn set_changes_the_result() {
    let common = ["-n", "2", "--seed", "5", "--set", "horizon_days=30"];
    let (_a, base) = summary_bytes(&common);
    let (_b, fewer) = summary_bytes(
        &[
            &common[..],
            &[
                "--set",
                "teams.response_north.headcount_by_role.constable=77",
            ],
        ]
        .concat(),
    );
    let base: Value = serde_json::from_slice(&base).unwrap();
    let fewer: Value = serde_json::from_slice(&fewer).unwrap();
    let constables = |v: &Value| {
        v["scenario_as_run"]["teams"]["response_north"]["headcount_by_role"]["constable"].clone()
    };
    assert_eq!(constables(&fewer), 77);
    assert_eq!(constables(&base), 207.9);
    let name = "response.g1.response_time_mean_min";
    let (before, after) = (metric_mean(&base, name), metric_mean(&fewer, name));
    assert!(
        after > before,
        "{name}: {before} with 231 officers (207.9 constables) on the rota, {after} with 100 (77)"
    );
}

#[test]
fn set_unknown_key_exits_2() {
    let stderr = run_fails(&["run", "-n", "1", "--set", "nosuch.key=1"], 2);
    assert!(
        stderr.contains("error:") && stderr.contains("nosuch.key"),
        "{stderr}"
    );

    let stderr = run_fails(
        &[
            "run",
            "-n",
            "1",
            "--set",
            "teams.response_north.shifts[9].staff=1",
        ],
        2,
    );
    assert!(stderr.contains("shifts[9]"), "{stderr}");

    let stderr = run_fails(&["run", "-n", "1", "--set", "no_equals_sign"], 2);
    assert!(stderr.contains("KEY.PATH=VALUE"), "{stderr}");
}

/// A bad value given with `--set` is the command line's fault, not the
/// file's: the message must not send the user to a line of the file that
/// holds a good value.
#[test]
fn set_bad_value_is_attributed_to_set() {
    let stderr = run_fails(&["run", "-n", "1", "--set", "horizon_days=0"], 2);
    let line = stderr
        .lines()
        .find(|l| l.contains("horizon_days: must"))
        .unwrap_or_else(|| panic!("no horizon_days problem in:\n{stderr}"));
    assert!(
        line.contains("--set"),
        "problem from --set is located in the file: {line}"
    );
}

#[test]
fn zero_replications_exits_2() {
    let stderr = run_fails(&["run", "-n", "0", "--set", "horizon_days=1"], 2);
    assert!(stderr.contains("error:"), "{stderr}");
}

/// `-n` beyond the limit a scenario's `run.replications` has must be bad
/// input, not an attempt to run (or allocate) that many.
#[test]
fn absurd_replications_exits_2() {
    let out = forcesim()
        .args([
            "run",
            "-n",
            "18446744073709551615",
            "--set",
            "horizon_days=1",
        ])
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "stderr:\n{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("error:"));
}

#[test]
fn rerunning_the_scenario_as_run_reproduces_every_number() {
    // Overrides and extends are baked into scenario_as_run.toml.
    let (first, second) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    Command::cargo_bin("forcesim")
        .unwrap()
        .args([
            "run",
            "-n",
            "2",
            "--seed",
            "5",
            "--set",
            "horizon_days=20",
            "--set",
            "teams.response_north.headcount_by_role.constable=177",
            "--out",
        ])
        .arg(first.path())
        .assert()
        .success();
    let scenario = first.path().join("scenario_as_run.toml");
    Command::cargo_bin("forcesim")
        .unwrap()
        .args(["run", "-n", "2", "--seed", "5", "--out"])
        .arg(second.path())
        .arg(&scenario)
        .assert()
        .success();
    let read = |dir: &Path| -> Value {
        serde_json::from_slice(&std::fs::read(dir.join("summary.json")).unwrap()).unwrap()
    };
    let (a, b) = (read(first.path()), read(second.path()));
    assert_eq!(a["metrics"], b["metrics"]);
    assert_eq!(a["scenario_as_run"], b["scenario_as_run"]);
    assert!(a["git_revision"].is_string());
}
