//! Hints on bad input: the nearest valid key, name or metric to a typo
//! ("did you mean …?"), the names that exist when there are few.

use assert_cmd::Command;
use std::path::Path;
use std::time::Duration;

/// Runs forcesim in `dir` with `args`; returns (exit code, stderr).
fn outcome(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("forcesim")
        .expect("forcesim binary")
        .current_dir(dir)
        .timeout(Duration::from_secs(120))
        .args(args)
        .output()
        .expect("run forcesim");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn mistyped_keys_and_metrics_get_the_nearest_name() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let scenarios = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let base = scenarios.join("staffordshire-2018.toml");
    let base = base.to_str().unwrap();
    let cases: [(&[&str], &[&str]); 4] = [
        (
            &["check", base, "--set", "teams.response_north.headcont=250"],
            &[
                "unknown field `headcont`",
                "hint: did you mean `headcount`?",
            ],
        ),
        (
            &["check", base, "--set", "teams.response_nrth.headcount=250"],
            &[
                "no key `response_nrth` in the scenario",
                "did you mean `response_north`?",
                "the keys there are `",
            ],
        ),
        (
            &["check", base, "--set", "grades.g9.target_min=10"],
            &["no key `g9`", "the keys there are `g1`"],
        ),
        (
            &[
                "sweep",
                "-n",
                "1",
                "--set",
                "horizon_days=1..2:1",
                "--target",
                "response.g1.within_target_shar>=0.79",
            ],
            &[
                "no metric named `response.g1.within_target_shar`",
                "did you mean `response.g1.within_target_share`?",
            ],
        ),
    ];
    for (args, says) in cases {
        let (code, err) = outcome(d, args);
        assert_eq!(code, 2, "{args:?}: {err}");
        for s in says {
            assert!(err.contains(s), "{args:?}: `{s}` not in: {err}");
        }
    }
    // A key mistyped in a scenario file: located, with the hint.
    let text = format!("extends = \"{base}\"\nhorizon_dayz = 2\n");
    std::fs::write(d.join("typo.toml"), text).unwrap();
    let (code, err) = outcome(d, &["check", "typo.toml"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("typo.toml:2"), "{err}");
    assert!(err.contains("did you mean `horizon_days`?"), "{err}");
}

/// Sums of shares are written to the precision they are checked to, and
/// the key whose values are summed is named.
#[test]
fn sums_of_shares_are_written_plainly_and_name_their_key() {
    let dir = tempfile::tempdir().unwrap();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/staffordshire-2018.toml");
    let base = base.to_str().unwrap();
    let (code, err) = outcome(
        dir.path(),
        &[
            "check",
            base,
            "--set",
            "categories.violence.grade_mix={ g1 = 0.1, g2 = 0.2 }",
            "--set",
            "areas.north.demand_share=0.9",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("categories.violence.grade_mix: shares must sum to 1 (they sum to 0.3)"),
        "{err}"
    );
    assert!(
        err.contains("areas: shares must sum to 1 (`areas.*.demand_share` sum to 1.48)"),
        "{err}"
    );
}

/// An `extends` to a file that is not there says where it was looked for,
/// a file there with a near name, and where the shipped default is.
#[test]
fn a_missing_base_says_where_it_was_looked_for() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("sc/sub")).unwrap();
    std::fs::write(
        d.join("sc/sub/a.toml"),
        "extends = \"staffordshire-2018.toml\"\n",
    )
    .unwrap();
    std::fs::write(d.join("sc/sub/bse.toml"), "name = \"x\"\n").unwrap();
    let (code, err) = outcome(d, &["check", "sc/sub/a.toml"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("sc/sub/a.toml:1: extends:"), "{err}");
    assert!(
        err.contains("relative to the folder of the file that says it (sc/sub/)"),
        "{err}"
    );
    assert!(err.contains("scenarios/staffordshire-2018.toml"), "{err}");
    std::fs::write(d.join("sc/sub/b.toml"), "extends = \"base.toml\"\n").unwrap();
    let (code, err) = outcome(d, &["check", "sc/sub/b.toml"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("did you mean `bse.toml`?"), "{err}");
}

/// An empty scenario says what a scenario needs at least.
#[test]
fn an_empty_scenario_says_what_a_scenario_needs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("empty.toml"), "").unwrap();
    let (code, err) = outcome(d, &["check", "empty.toml"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("the scenario is empty"), "{err}");
    assert!(
        err.contains("extends = \"staffordshire-2018.toml\""),
        "{err}"
    );
}
