//! Golden outputs: the shipped scenarios, run for short horizons with fixed
//! seeds, must give `summary.csv`, `replications.csv` and the per-incident
//! trace byte for byte equal to the fixtures in `tests/golden/`.
//!
//! A refactor leaves these files unchanged. A change that is *meant* to move
//! numbers regenerates them in its own commit, saying why:
//!
//! ```sh
//! FORCESIM_BLESS=1 cargo test --test it golden
//! git diff --stat tests/golden
//! ```

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// One golden case: a shipped scenario, its horizon and seed, and whether the
/// per-incident trace of replication 0 is kept too (it is large, so only on
/// the shortest runs).
struct Case {
    scenario: &'static str,
    horizon_days: u32,
    replications: u32,
    trace: bool,
}

const CASES: &[Case] = &[
    Case {
        scenario: "staffordshire-2018",
        horizon_days: 2,
        replications: 2,
        trace: true,
    },
    Case {
        scenario: "staffordshire-2018",
        horizon_days: 28,
        replications: 3,
        trace: false,
    },
    Case {
        scenario: "staffordshire-2019-operating-model",
        horizon_days: 28,
        replications: 2,
        trace: false,
    },
    Case {
        scenario: "staffordshire-2019-precept",
        horizon_days: 28,
        replications: 2,
        trace: false,
    },
    Case {
        scenario: "staffordshire-2018-surge",
        // The surge starts on day 193 and lasts three days.
        horizon_days: 200,
        replications: 2,
        trace: false,
    },
    // Two simulated years: exercises years.N.*, growth and staffing plans.
    Case {
        scenario: "staffordshire-2022-forecast",
        horizon_days: 400,
        replications: 2,
        trace: false,
    },
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn bless() -> bool {
    std::env::var_os("FORCESIM_BLESS").is_some_and(|v| v == "1")
}

/// Compares `actual` with the fixture at `fixture`, or writes it when
/// blessing. Returns a description of the first difference, if any.
fn check(fixture: &Path, actual: &[u8]) -> Option<String> {
    if bless() {
        std::fs::create_dir_all(fixture.parent().unwrap()).unwrap();
        std::fs::write(fixture, actual).unwrap();
        return None;
    }
    let expected = match std::fs::read(fixture) {
        Ok(bytes) => bytes,
        Err(e) => return Some(format!("{}: {e}", fixture.display())),
    };
    if expected == actual {
        return None;
    }
    let (e, a) = (
        String::from_utf8_lossy(&expected),
        String::from_utf8_lossy(actual),
    );
    let line = e
        .lines()
        .zip(a.lines())
        .position(|(x, y)| x != y)
        .unwrap_or_else(|| e.lines().count().min(a.lines().count()));
    Some(format!(
        "{} differs from line {}:\n  expected: {}\n  actual:   {}",
        fixture.display(),
        line + 1,
        e.lines().nth(line).unwrap_or("<end of file>"),
        a.lines().nth(line).unwrap_or("<end of file>"),
    ))
}

#[test]
fn golden_outputs_are_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for case in CASES {
        let name = format!(
            "{}-{}d-n{}",
            case.scenario, case.horizon_days, case.replications
        );
        let out = tmp.path().join(&name);
        let trace = tmp.path().join(format!("{name}.trace.csv"));
        let scenario = root().join(format!("scenarios/{}.toml", case.scenario));
        let mut cmd = Command::cargo_bin("forcesim").unwrap();
        cmd.arg("run")
            .arg(&scenario)
            .args(["--seed", "11", "--threads", "2"])
            .args(["-n", &case.replications.to_string()])
            .args(["--set", &format!("horizon_days={}", case.horizon_days)])
            .arg("--out")
            .arg(&out);
        if case.trace {
            cmd.arg("--trace").arg(&trace);
        }
        cmd.assert().success();
        let fixtures = root().join("tests/golden").join(&name);
        let mut files = vec![
            (
                "summary.csv",
                std::fs::read(out.join("summary.csv")).unwrap(),
            ),
            (
                "replications.csv",
                std::fs::read(out.join("replications.csv")).unwrap(),
            ),
        ];
        if case.trace {
            files.push(("trace.csv", std::fs::read(&trace).unwrap()));
        }
        for (file, bytes) in files {
            failures.extend(check(&fixtures.join(file), &bytes));
        }
    }
    assert!(
        failures.is_empty(),
        "golden outputs moved (if the change is meant to move numbers, \
         regenerate with `FORCESIM_BLESS=1 cargo test --test it golden` in \
         its own commit saying why):\n{}",
        failures.join("\n")
    );
}
