//! `--set` arguments: a strict key-path grammar and one TOML value each;
//! every malformed argument is a located error (which `--set`, what was
//! expected, a hint), exit 2, never a silent reading.

use assert_cmd::Command;
use forcesim::scenario::{self, overrides};
use std::path::Path;
use std::time::Duration;

/// The default scenario with the `--set` arguments `set`, as every command
/// applies them.
fn default_with(set: &[&str]) -> Result<scenario::Model, scenario::ScenarioError> {
    let args: Vec<String> = set.iter().map(ToString::to_string).collect();
    let parsed = overrides::parse_all(&args)?;
    let loaded = scenario::load::load_str(
        scenario::DEFAULT_SCENARIO_NAME,
        scenario::DEFAULT_SCENARIO,
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"),
    )?;
    scenario::with_overrides(loaded, &parsed).map(|(_, m)| m)
}

/// Each malformed `--set` is refused with a message that names the
/// argument (on one line), says what was expected and gives a hint.
#[test]
fn set_rejects_malformed_paths() {
    let cases: [(&str, &str); 9] = [
        // A second line would be silently dropped.
        ("horizon_days=3\nwarmup_days=1", "line break"),
        // Not TOML: was silently read as the string `abc def`.
        ("name=abc def", "not a TOML value"),
        ("horizon_days=thirty", "not a TOML value"),
        // An unclosed index was read as `shifts[0].staff`.
        (
            "teams.response_north.shifts[0.staff=3",
            "`]` to close the index",
        ),
        ("teams..response_north.headcount=3", "expected a key"),
        ("teams.response_north.shifts[-1].staff=3", "an index"),
        // Accepted and ignored.
        ("extends=\"other.toml\"", "`extends`"),
        ("horizon_days", "no `=`"),
        ("horizon_days=", "no value"),
    ];
    for (argument, expected) in cases {
        let err = default_with(&[argument])
            .err()
            .unwrap_or_else(|| panic!("--set {argument:?} was accepted"));
        assert_eq!(err.problems.len(), 1, "{argument:?}: {err}");
        let p = &err.problems[0];
        assert_eq!(p.file, "--set", "{argument:?}: {err}");
        assert_eq!(p.key_path, argument.replace('\n', "\\n"), "{err}");
        assert!(p.message.contains(expected), "{argument:?}: {err}");
        assert!(
            p.message.contains("hint"),
            "{argument:?} gives no hint: {err}"
        );
        assert!(!err.to_string().contains('\n'), "not one line: {err}");
    }
    // Well-formed arguments still work, quoted keys and strings included.
    let model = default_with(&[
        " horizon_days = 30 ",
        "name=\"a name\"",
        "teams.response_north.headcount_by_role.constable=77",
    ])
    .expect("well-formed --set arguments");
    assert_eq!(model.name, "a name");
    assert_eq!(model.days.len(), 30);
}

/// `--set KEY VALUE` (a space, two arguments) made VALUE the scenario file
/// ("cannot read file"); the `--set` is reported first, with the fix.
#[test]
fn set_with_a_space_says_to_use_equals() {
    for args in [
        &["run", "-n", "1", "--set", "horizon_days", "3"][..],
        &["run", "-n", "1", "--set", "horizon_days 3"][..],
    ] {
        let out = Command::cargo_bin("forcesim")
            .unwrap()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(args)
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(!stderr.contains("cannot read file"), "{args:?}: {stderr}");
        assert!(
            stderr.contains("--set horizon_days=VALUE"),
            "{args:?}: {stderr}"
        );
        assert!(out.stdout.is_empty(), "{args:?} printed results");
    }
}
