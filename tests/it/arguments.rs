//! The command line as a new user meets it: the same `--set` on every
//! command that reads a scenario, usage lines that show optional flags as
//! optional, plain messages for bad numbers, compare's names and progress.

use assert_cmd::Command;
use std::path::Path;
use std::time::Duration;

/// The forcesim binary, run in `dir`, with a time limit.
fn forcesim(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("forcesim").expect("forcesim binary");
    cmd.current_dir(dir).timeout(Duration::from_secs(120));
    cmd
}

/// Runs forcesim in `dir` with `args`; returns (exit code, stdout, stderr).
fn outcome(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = forcesim(dir).args(args).output().expect("run forcesim");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A folder with `a.toml` and `b.toml`, both the default scenario
/// shortened to two days (so both are named `staffordshire-2018`).
fn two_scenarios() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let scenarios = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let text = format!(
        "extends = \"{}\"\nhorizon_days = 2\n",
        scenarios.join("staffordshire-2018.toml").display()
    );
    std::fs::write(dir.path().join("a.toml"), &text).unwrap();
    std::fs::write(dir.path().join("b.toml"), &text).unwrap();
    dir
}

/// `compare` and `check` take `--set` as `run` does (one shared argument
/// group): the same override reaches every scenario compared, and `check`
/// reports a bad override as `--set`'s.
#[test]
fn every_command_that_reads_a_scenario_takes_set() {
    let dir = two_scenarios();
    let d = dir.path();
    for command in ["run", "compare", "check"] {
        let (_, help, _) = outcome(d, &[command, "--help"]);
        assert!(
            help.contains("--set <KEY.PATH=VALUE>"),
            "{command}:\n{help}"
        );
    }
    let (code, _, err) = outcome(d, &["check", "a.toml", "--set", "horizon_days=0"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--set horizon_days=0"), "{err}");
    let (code, out, err) = outcome(d, &["check", "a.toml", "--set", "horizon_days=5"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("5 days"), "{out}");
    // The override reaches both scenarios: a one-day compare of identical
    // scenarios differs by nothing, and a bad override fails before running.
    let (code, _, err) = outcome(
        d,
        &[
            "compare",
            "a.toml",
            "b.toml",
            "-n",
            "2",
            "--set",
            "horizon_days=-1",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--set horizon_days=-1"), "{err}");
    let (code, out, err) = outcome(
        d,
        &[
            "compare",
            "a.toml",
            "b.toml",
            "-n",
            "2",
            "--set",
            "horizon_days=1",
            "--all",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2 paired replications"), "{out}");
}

/// Usage lines (in `--help` and in errors) show an optional flag in
/// brackets or not at all, never as if it were required: `sweep` named
/// `--budget`, `--maximise` and `--set` together, `run` named
/// `--trace-replication`, and `compare` showed `<SCENARIOS> <SCENARIOS>...`.
#[test]
fn usage_lines_show_optional_flags_as_optional() {
    let dir = two_scenarios();
    let d = dir.path();
    let usage = |args: &[&str]| -> Vec<String> {
        let (_, out, err) = outcome(d, args);
        let text = format!("{out}{err}");
        let mut lines = Vec::new();
        let mut inside = false;
        for line in text.lines() {
            if line.starts_with("Usage:") {
                inside = true;
            } else if inside && !line.starts_with("       ") {
                inside = false;
            }
            if inside {
                lines.push(line.to_string());
            }
        }
        assert!(!lines.is_empty(), "{args:?}: no usage in\n{text}");
        lines
    };
    for args in [
        &["sweep", "--maximise", "x"][..],
        &["sweep", "--help"],
        &["run", "--trace-replication", "3"],
        &["compare", "a.toml"],
        &["compare", "--help"],
    ] {
        for line in usage(args) {
            assert!(!line.contains("--trace-replication"), "{args:?}: {line}");
            assert!(!line.contains("SCENARIOS"), "{args:?}: {line}");
            assert!(
                !(line.contains("--set") && line.contains("--budget")),
                "{args:?}: --set and --budget shown as both required: {line}"
            );
            assert!(
                !(line.contains("--maximise") && line.contains("--minimise")),
                "{args:?}: {line}"
            );
        }
    }
    assert!(
        usage(&["compare", "--help"])[0].contains("<BASE> <ALTERNATIVE>..."),
        "{:?}",
        usage(&["compare", "--help"])
    );
}

/// A negative or zero count is a plain error with the range expected
/// (exit 2), not clap's tip to pass `-1` after `--`.
#[test]
fn negative_numbers_get_a_plain_message_with_the_range() {
    let dir = two_scenarios();
    let d = dir.path();
    for (args, expected) in [
        (&["run", "a.toml", "-n", "-1"][..], "from 1 to 100,000"),
        (&["run", "a.toml", "-n", "0"], "from 1 to 100,000"),
        (
            &["compare", "a.toml", "b.toml", "-n", "-2"],
            "from 1 to 100,000",
        ),
        (
            &[
                "sweep",
                "a.toml",
                "--set",
                "horizon_days=1..2:1",
                "-n",
                "-1",
            ],
            "from 1 to 100,000",
        ),
        (&["run", "a.toml", "--seed", "-1"], "whole number from 0"),
        (&["run", "a.toml", "-j", "-1"], "from 1 to"),
    ] {
        let (code, _, err) = outcome(d, args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(!err.contains("tip:"), "{args:?}: {err}");
        assert!(err.contains(expected), "{args:?}: {err}");
    }
}

/// Two scenarios with the same `name` are told apart (by file) with a
/// warning, instead of two indistinguishable columns.
#[test]
fn compared_scenarios_with_one_name_are_told_apart_by_file() {
    let dir = two_scenarios();
    let (code, out, err) = outcome(dir.path(), &["compare", "a.toml", "b.toml", "-n", "2"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning: 2 scenarios are named `staffordshire-2018` (a.toml, b.toml)"),
        "{err}"
    );
    assert!(
        out.contains("`staffordshire-2018 (b.toml)` against base `staffordshire-2018 (a.toml)`"),
        "{out}"
    );
    assert!(out.contains("┆ staffordshire-2018 (b.toml)"), "{out}");
}

/// compare's progress counts runs and says how they multiply: 4 runs are
/// 2 paired replications × 2 scenarios, not "4/4 replications" for `-n 2`.
#[test]
fn progress_counts_runs_and_says_how_they_multiply() {
    let dir = two_scenarios();
    let (code, _, err) = outcome(dir.path(), &["compare", "a.toml", "b.toml", "-n", "2"]);
    assert_eq!(code, 0, "{err}");
    let last = err
        .lines()
        .rfind(|l| l.starts_with("forcesim compare: "))
        .unwrap_or_else(|| panic!("no progress line in\n{err}"));
    assert!(
        last.contains("(4/4 runs: 2 paired replications × 2 scenarios)"),
        "{last}"
    );
    assert!(!err.contains("replications)"), "{err}");
}

/// A share target written as a percentage is refused before anything is
/// simulated, with the share it probably means.
#[test]
fn a_share_target_outside_0_to_1_is_refused_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let sweep = [
        "sweep",
        "--set",
        "teams.response_north.headcount=150..310:40",
    ];
    let start = std::time::Instant::now();
    let (code, _, err) = outcome(
        dir.path(),
        &[
            &sweep[..],
            &["--target", "response.g1.within_target_share>=79"],
        ]
        .concat(),
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("a share is between 0 and 1"), "{err}");
    assert!(err.contains("did you mean 0.79?"), "{err}");
    assert!(!err.contains("forcesim sweep:"), "simulated first: {err}");
    assert!(start.elapsed() < Duration::from_secs(20));
    // Every share family, not only `_share` names: utilisation too.
    let (code, _, err) = outcome(
        dir.path(),
        &[
            &sweep[..],
            &["--target", "teams.response_north.utilisation<=85"],
        ]
        .concat(),
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("did you mean 0.85?"), "{err}");
}
