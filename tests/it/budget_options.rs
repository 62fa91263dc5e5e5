//! `check` validates everything `sweep --budget` will do with the
//! scenario's `[[costs.options]]`: each option is bought at its maximum
//! and the result checked as a scenario, every problem located at the
//! option's line in the file (not at an internal `--set`).

use assert_cmd::Command;
use forcesim::scenario::{self, ScenarioError};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A scenario that extends the default one and lists one option, whose
/// `add` table is `add` (on line 6).
fn with_option(dir: &Path, add: &str, max_units: u32) -> PathBuf {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/staffordshire-2018.toml");
    let text = format!(
        "extends = {:?}\n\n[[costs.options]]\nname = \"more\"\nmax_units = {max_units}\nadd = {{ {add} }}\n",
        base.to_str().unwrap()
    );
    let path = dir.join("options.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn check_err(path: &Path) -> ScenarioError {
    match scenario::from_file(path) {
        Ok(_) => panic!("check passed {}", path.display()),
        Err(e) => e,
    }
}

/// Asserts a problem in `path` at `line` whose message holds `words`.
fn assert_located(err: &ScenarioError, path: &Path, line: usize, words: &str) {
    let file = path.display().to_string();
    assert!(
        err.problems
            .iter()
            .any(|p| p.file == file && p.line == Some(line) && p.message.contains(words)),
        "no problem at {file}:{line} saying `{words}`:\n{err}"
    );
    assert!(!err.to_string().contains("--set"), "{err}");
}

#[test]
fn check_validates_budget_options() {
    let dir = tempfile::tempdir().unwrap();

    // 1e300 added to a whole number used to wrap to a negative headcount.
    let path = with_option(
        dir.path(),
        r#""investigation_teams.volume_crime.headcount" = 1e300"#,
        2,
    );
    let e = check_err(&path);
    assert_located(&e, &path, 6, "far beyond");

    // Added to a fraction of people (the default's constables by role),
    // the sum is checked as a headcount: one fault, one error, not also
    // the rota that would roster them.
    let path = with_option(
        dir.path(),
        r#""teams.response_north.headcount_by_role.constable" = 1e300"#,
        2,
    );
    let e = check_err(&path);
    assert_located(&e, &path, 6, "at most 1000000 people");
    assert_eq!(e.problems.len(), 1, "{e}");

    // Valid at one unit, invalid at the maximum the search may buy.
    let path = with_option(
        dir.path(),
        r#""teams.contact_centre.shifts[0].staff" = 30000"#,
        4,
    );
    let e = check_err(&path);
    assert_located(&e, &path, 6, "more × 4 bought");
    assert!(
        e.problems
            .iter()
            .any(|p| p.key_path == "teams.contact_centre.shifts[0].staff"),
        "{e}"
    );

    // An option that buys nothing the cost model prices.
    let path = with_option(dir.path(), r#""grades.g2.travel_factor" = 0.1"#, 1);
    let e = check_err(&path);
    assert_located(&e, &path, 3, "costs £0 a year");

    // A malformed key path in an option.
    let path = with_option(
        dir.path(),
        r#""teams.response_north.shifts[0.staff" = 1"#,
        1,
    );
    let e = check_err(&path);
    assert_located(&e, &path, 6, "`]` to close the index");

    // The command: exit 2, located in the file.
    let path = with_option(
        dir.path(),
        r#""investigation_teams.volume_crime.headcount" = 1e300"#,
        2,
    );
    let out = Command::cargo_bin("forcesim")
        .unwrap()
        .args(["check", path.to_str().unwrap()])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("{}:6: costs.options[0]", path.display())),
        "{stderr}"
    );

    // Every shipped scenario's options pass (an option already in effect,
    // such as an investment a scenario has made, is left out).
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")).unwrap()
    {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "toml") {
            scenario::from_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
}
