//! Bad scenario files: every class of mistake is reported as a located
//! problem (file, line, key path, what was expected), never a panic, never
//! a silent default.

use crate::common::{MINIMAL, problem_at};
use forcesim::scenario::{self, Model, Problem, ScenarioError};
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// Writes `text` to `dir/name` and returns the path.
fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write scenario file");
    path
}

/// `MINIMAL` with the single occurrence of `from` replaced by `to`.
fn minimal_with(from: &str, to: &str) -> String {
    with(MINIMAL, from, to)
}

/// `text` with the single occurrence of `from` replaced by `to`.
fn with(text: &str, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "`{from}` must occur exactly once in the scenario text"
    );
    text.replacen(from, to, 1)
}

/// 1-based line of the first occurrence of `needle` at or after the first
/// occurrence of `anchor` (use `""` for "anywhere").
fn line_after(text: &str, anchor: &str, needle: &str) -> usize {
    let start = text
        .find(anchor)
        .unwrap_or_else(|| panic!("`{anchor}` not in the scenario text"));
    let offset = start
        + text[start..]
            .find(needle)
            .unwrap_or_else(|| panic!("`{needle}` not in the scenario text after `{anchor}`"));
    text[..offset].matches('\n').count() + 1
}

/// 1-based line of the only occurrence of `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    assert_eq!(
        text.matches(needle).count(),
        1,
        "`{needle}` must occur exactly once in the scenario text"
    );
    line_after(text, "", needle)
}

/// Loads `path` expecting an error (a panic inside the loader fails the test too).
fn load_err(path: &Path) -> ScenarioError {
    match scenario::from_file(path) {
        Ok((_, model)) => panic!(
            "{} was accepted (scenario `{}`), expected an error",
            path.display(),
            model.name
        ),
        Err(e) => {
            assert!(
                !e.problems.is_empty(),
                "an error must carry at least one problem"
            );
            e
        }
    }
}

/// Loads `path` expecting success.
fn load_ok(path: &Path) -> Model {
    match scenario::from_file(path) {
        Ok((_, model)) => model,
        Err(e) => panic!("{} was rejected:\n{e}", path.display()),
    }
}

/// Checks that the problem at `key_path` is in the file named `file_name`,
/// on `line`, and that its message contains every one of `words`.
fn assert_problem(
    err: &ScenarioError,
    file_name: &str,
    line: usize,
    key_path: &str,
    words: &[&str],
) -> Problem {
    let p = problem_at(err, key_path).clone();
    assert_eq!(
        Path::new(&p.file).file_name().and_then(|n| n.to_str()),
        Some(file_name),
        "problem at `{key_path}` is in the wrong file:\n{err}"
    );
    assert_eq!(
        p.line,
        Some(line),
        "problem at `{key_path}` is on the wrong line:\n{err}"
    );
    for word in words {
        assert!(
            p.message.contains(word),
            "message for `{key_path}` should contain `{word}`: {:?}",
            p.message
        );
    }
    // The Display form is what the user sees.
    let shown = err.to_string();
    let expected_prefix = format!("error: {}:{line}: {key_path}: ", p.file);
    assert!(
        shown.contains(&expected_prefix),
        "Display should contain `{expected_prefix}`:\n{shown}"
    );
    p
}

/// Writes `text` as `bad.toml` in a fresh folder and returns the error.
fn error_of(text: &str) -> (tempfile::TempDir, ScenarioError) {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "bad.toml", text);
    let err = load_err(&path);
    (dir, err)
}

fn default_scenario_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/staffordshire-2018.toml")
}

// ---------------------------------------------------------------------------
// One test per class of bad input
// ---------------------------------------------------------------------------

#[test]
fn minimal_scenario_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let model = load_ok(&write(dir.path(), "minimal.toml", MINIMAL));
    assert_eq!(model.name, "minimal");
    assert_eq!(model.days.len(), 28);
}

#[test]
fn malformed_toml_is_located_at_the_syntax_error() {
    // An unclosed table header.
    let text = minimal_with("[teams.handlers]", "[teams.handlers");
    let (_dir, err) = error_of(&text);
    assert_eq!(err.problems.len(), 1, "{err}");
    let p = &err.problems[0];
    assert!(p.file.ends_with("bad.toml"), "{err}");
    assert_eq!(p.line, Some(line_of(&text, "[teams.handlers\n")), "{err}");
    assert!(p.message.contains("TOML"), "{err}");
    assert!(
        p.message.contains("expected"),
        "message should say what was expected: {err}"
    );

    // An unclosed array.
    let text = minimal_with("staff = 2 }]", "staff = 2 }");
    let (_dir, err) = error_of(&text);
    let p = &err.problems[0];
    assert!(p.file.ends_with("bad.toml"), "{err}");
    let open = line_after(&text, "[teams.response]", "shifts = [");
    assert!(p.line.is_some_and(|l| l >= open), "{err}");
    assert!(p.message.contains("TOML"), "{err}");

    // A key written twice.
    let text = minimal_with(
        "horizon_days = 28\n",
        "horizon_days = 28\nhorizon_days = 29\n",
    );
    let (_dir, err) = error_of(&text);
    let p = &err.problems[0];
    assert_eq!(p.line, Some(line_of(&text, "horizon_days = 29")), "{err}");
    assert!(p.message.contains("duplicate"), "{err}");
}

#[test]
fn unknown_key_is_named() {
    let text = minimal_with("volume_per_year = 43800", "volume_per_yaer = 43800");
    let (_dir, err) = error_of(&text);
    let p = assert_problem(
        &err,
        "bad.toml",
        line_of(&text, "volume_per_yaer"),
        "streams[0].volume_per_yaer",
        &["volume_per_yaer", "unknown"],
    );
    // It says what was expected, including the key meant.
    assert!(
        p.message.contains("expected") && p.message.contains("volume_per_year"),
        "{p:?}"
    );

    // An unknown key in a nested table (a team's shift) is located too.
    let text = minimal_with(
        "length_hours = 24, staff = 2 }",
        "length_hours = 24, staff = 2, crew = 2 }",
    );
    let (_dir, err) = error_of(&text);
    assert_problem(
        &err,
        "bad.toml",
        line_after(&text, "[teams.response]", "crew = 2"),
        "teams.response.shifts[0].crew",
        &["crew", "crew_size"],
    );
}

#[test]
fn wrong_type_says_what_was_expected() {
    let text = minimal_with("volume_per_year = 43800", r#"volume_per_year = "lots""#);
    let (_dir, err) = error_of(&text);
    let p = assert_problem(
        &err,
        "bad.toml",
        line_of(&text, "volume_per_year"),
        "streams[0].volume_per_year",
        &["expected"],
    );
    assert!(
        p.message.contains("f64") || p.message.contains("number"),
        "{p:?}"
    );

    // A number where a string is expected.
    let text = minimal_with(r#"team = "handlers""#, "team = 7");
    let (_dir, err) = error_of(&text);
    let p = assert_problem(
        &err,
        "bad.toml",
        line_of(&text, "team = 7"),
        "channels.101.team",
        &["expected"],
    );
    assert!(p.message.contains("string"), "{p:?}");
}

#[test]
fn negative_number_is_rejected() {
    let text = minimal_with("volume_per_year = 43800", "volume_per_year = -5");
    let (_dir, err) = error_of(&text);
    assert_problem(
        &err,
        "bad.toml",
        line_of(&text, "volume_per_year"),
        "streams[0].volume_per_year",
        &["at least 0", "-5"],
    );
}

#[test]
fn zero_where_positive_is_needed_is_rejected() {
    let text = minimal_with("horizon_days = 28", "horizon_days = 0");
    let (_dir, err) = error_of(&text);
    assert_problem(
        &err,
        "bad.toml",
        line_of(&text, "horizon_days"),
        "horizon_days",
        &["greater than 0"],
    );

    let text = minimal_with(
        r#"handling_min = { dist = "fixed", value = 20.0 }"#,
        r#"handling_min = { dist = "exponential", mean = 0 }"#,
    );
    let (_dir, err) = error_of(&text);
    assert_problem(
        &err,
        "bad.toml",
        line_after(&text, "[grades.g4]", "handling_min"),
        "grades.g4.handling_min",
        &["mean", "greater than 0"],
    );
}

#[test]
fn nan_is_rejected() {
    let text = minimal_with("mean = 6.0", "mean = nan");
    let (_dir, err) = error_of(&text);
    assert_problem(
        &err,
        "bad.toml",
        line_of(&text, "mean = nan"),
        "channels.101.handling_min",
        &["mean", "finite"],
    );

    // NaN and infinity in plain numbers and shares.
    let text = minimal_with("urban_share = 1.0", "urban_share = nan");
    let (_dir, err) = error_of(&text);
    assert_problem(
        &err,
        "bad.toml",
        line_of(&text, "urban_share"),
        "areas.all.urban_share",
        &["share"],
    );

    let text = minimal_with("volume_per_year = 43800", "volume_per_year = inf");
    let (_dir, err) = error_of(&text);
    assert_problem(
        &err,
        "bad.toml",
        line_of(&text, "volume_per_year"),
        "streams[0].volume_per_year",
        &["number"],
    );
}

#[test]
fn mix_not_summing_to_one_is_rejected() {
    let text = minimal_with(
        "grade_mix = { none = 1.0 }",
        "grade_mix = { none = 0.5, g4 = 0.4 }",
    );
    let (_dir, err) = error_of(&text);
    assert_problem(
        &err,
        "bad.toml",
        line_of(&text, "grade_mix"),
        "categories.enquiry.grade_mix",
        &["sum to 1"],
    );

    // A category mix of a stream.
    let text = minimal_with(
        "category_mix = { enquiry = 1.0 }",
        "category_mix = { enquiry = 0.7 }",
    );
    let (_dir, err) = error_of(&text);
    assert_problem(
        &err,
        "bad.toml",
        line_of(&text, "category_mix"),
        "streams[0].category_mix",
        &["sum to 1"],
    );
}

#[test]
fn profile_of_wrong_length_is_rejected() {
    let text = minimal_with(
        "volume_per_year = 43800\n",
        "volume_per_year = 43800\nprofile = \"p\"\n",
    ) + "\n[profiles.p]\nhour_of_day = [1, 2, 3]\n";
    let (_dir, err) = error_of(&text);
    assert_problem(
        &err,
        "bad.toml",
        line_of(&text, "hour_of_day"),
        "profiles.p.hour_of_day",
        &["24", "3"],
    );
}

#[test]
fn missing_extends_target_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let text = "# a child of a file that is not there\nname = \"child\"\nextends = \"nope.toml\"\n";
    let path = write(dir.path(), "child.toml", text);
    let err = load_err(&path);
    assert_problem(
        &err,
        "child.toml",
        line_of(text, "extends"),
        "extends",
        &["nope.toml", "not exist"],
    );
}

#[test]
fn circular_extends_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let first = "# first\nextends = \"second.toml\"\nhorizon_days = 7\n";
    let second = "# second\n\n\nextends = \"first.toml\"\nhorizon_days = 8\n";
    let first_path = write(dir.path(), "first.toml", first);
    write(dir.path(), "second.toml", second);
    let err = load_err(&first_path);
    let p = problem_at(&err, "extends");
    assert!(p.message.contains("circular"), "{err}");
    assert!(
        p.message.contains("first.toml") && p.message.contains("second.toml"),
        "{err}"
    );
    // Located at an `extends` key of the cycle: the one that closes it
    // (second.toml) or the one the user's file starts it with (first.toml).
    let name = Path::new(&p.file)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_string();
    let expected_line = match name.as_str() {
        "first.toml" => line_of(first, "extends"),
        "second.toml" => line_of(second, "extends"),
        other => panic!("circular extends reported in unexpected file `{other}`:\n{err}"),
    };
    assert_eq!(
        p.line,
        Some(expected_line),
        "circular `extends` should be located at its `extends` line:\n{err}"
    );

    // A file extending itself.
    let own = "name = \"self\"\n\nextends = \"self.toml\"\n";
    let own_path = write(dir.path(), "self.toml", own);
    let err = load_err(&own_path);
    let p = problem_at(&err, "extends");
    assert!(p.message.contains("circular"), "{err}");
    assert!(p.file.ends_with("self.toml"), "{err}");
    assert_eq!(p.line, Some(line_of(own, "extends")), "{err}");
}

#[test]
fn undefined_team_is_named_with_the_defined_ones() {
    let text = minimal_with(r#"team = "handlers""#, r#"team = "nobody""#);
    let (_dir, err) = error_of(&text);
    assert_problem(
        &err,
        "bad.toml",
        line_of(&text, r#"team = "nobody""#),
        "channels.101.team",
        &["nobody", "handlers", "resolution", "response"],
    );

    // The same for a category, a channel and a profile named by a stream.
    let text = minimal_with(
        "category_mix = { enquiry = 1.0 }",
        "category_mix = { enquriy = 1.0 }",
    );
    let (_dir, err) = error_of(&text);
    assert_problem(
        &err,
        "bad.toml",
        line_of(&text, "category_mix"),
        "streams[0].category_mix.enquriy",
        &["enquriy", "enquiry"],
    );
    let text = minimal_with(r#"channel = "101""#, r#"channel = "999""#);
    let (_dir, err) = error_of(&text);
    assert_problem(
        &err,
        "bad.toml",
        line_of(&text, r#"channel = "999""#),
        "streams[0].channel",
        &["999", "101"],
    );
    let text = minimal_with(
        "volume_per_year = 43800\n",
        "volume_per_year = 43800\nprofile = \"nightly\"\n",
    );
    let (_dir, err) = error_of(&text);
    assert_problem(
        &err,
        "bad.toml",
        line_of(&text, "profile ="),
        "streams[0].profile",
        &["nightly"],
    );
}

#[test]
fn team_routed_work_but_never_on_duty_is_rejected() {
    let text = minimal_with(
        "length_hours = 24, staff = 1 }",
        "length_hours = 24, staff = 0 }",
    );
    let (_dir, err) = error_of(&text);
    assert_problem(
        &err,
        "bad.toml",
        line_after(&text, "[teams.handlers]", "shifts"),
        "teams.handlers.shifts",
        &["handlers", "no one on duty", "channels.101.team"],
    );

    // Staff but fewer than one crew: no unit can be formed either.
    let text = minimal_with(
        "length_hours = 24, staff = 2 }",
        "length_hours = 24, staff = 1, crew_size = 2 }",
    );
    let (_dir, err) = error_of(&text);
    assert_problem(
        &err,
        "bad.toml",
        line_after(&text, "[teams.response]", "crew_size = 2"),
        "teams.response.shifts[0].crew_size",
        &[
            "larger than the shift's staff of 1",
            "never on duty",
            "raise staff",
        ],
    );
}

#[test]
fn team_closed_for_some_hours_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    // MINIMAL's resolution team works 08:00-22:00 only.
    let model = load_ok(&write(dir.path(), "minimal.toml", MINIMAL));
    let resolution = model
        .teams
        .iter()
        .find(|t| t.name == "resolution")
        .expect("resolution team");
    let by_hour = resolution.rostered_units_by_hour();
    assert!(by_hour.contains(&0), "resolution should be closed at night");
    assert!(by_hour.iter().any(|&u| u > 0));

    // Open on weekends only is also fine.
    let text = minimal_with(
        r#"{ name = "day", start_hour = 8, length_hours = 14, staff = 1 }"#,
        r#"{ name = "day", start_hour = 8, length_hours = 14, staff = 1, days = ["sat", "sun"] }"#,
    );
    load_ok(&write(dir.path(), "weekends.toml", &text));
}

#[test]
fn zero_horizon_is_rejected() {
    let text = minimal_with("horizon_days = 28", "horizon_days = 0");
    let (_dir, err) = error_of(&text);
    assert_problem(
        &err,
        "bad.toml",
        line_of(&text, "horizon_days"),
        "horizon_days",
        &["greater than 0"],
    );

    let text = minimal_with("horizon_days = 28", "horizon_days = -28");
    let (_dir, err) = error_of(&text);
    assert_problem(
        &err,
        "bad.toml",
        line_of(&text, "horizon_days"),
        "horizon_days",
        &["greater than 0"],
    );
}

#[test]
fn absurd_horizon_is_rejected() {
    let text = minimal_with("horizon_days = 28", "horizon_days = 1e9");
    let started = std::time::Instant::now();
    let (_dir, err) = error_of(&text);
    assert!(
        started.elapsed().as_secs() < 5,
        "rejecting a huge horizon must not build it first"
    );
    assert_problem(
        &err,
        "bad.toml",
        line_of(&text, "horizon_days"),
        "horizon_days",
        &["at most"],
    );

    let text = minimal_with("horizon_days = 28", "horizon_days = inf");
    let (_dir, err) = error_of(&text);
    assert_problem(
        &err,
        "bad.toml",
        line_of(&text, "horizon_days"),
        "horizon_days",
        &["number"],
    );
}

#[test]
fn huge_volume_is_rejected() {
    let text = minimal_with("volume_per_year = 43800", "volume_per_year = 1e15");
    let (_dir, err) = error_of(&text);
    assert_problem(
        &err,
        "bad.toml",
        line_of(&text, "volume_per_year"),
        "streams[0].volume_per_year",
        &["at most"],
    );
}

#[test]
fn huge_staff_is_rejected() {
    // 4e9 still fits a u32: a range error from validation.
    let text = minimal_with(
        "length_hours = 24, staff = 1 }",
        "length_hours = 24, staff = 4000000000 }",
    );
    let (_dir, err) = error_of(&text);
    assert_problem(
        &err,
        "bad.toml",
        line_of(&text, "staff = 4000000000"),
        "teams.handlers.shifts[0].staff",
        &["at most"],
    );

    // 5e9 overflows u32: a type error from reading.
    let text = minimal_with(
        "length_hours = 24, staff = 1 }",
        "length_hours = 24, staff = 5000000000 }",
    );
    let (_dir, err) = error_of(&text);
    assert_problem(
        &err,
        "bad.toml",
        line_of(&text, "staff = 5000000000"),
        "teams.handlers.shifts[0].staff",
        &["5000000000", "u32"],
    );

    // Negative staff is a type error too (staff is unsigned).
    let text = minimal_with(
        "length_hours = 24, staff = 1 }",
        "length_hours = 24, staff = -1 }",
    );
    let (_dir, err) = error_of(&text);
    assert_problem(
        &err,
        "bad.toml",
        line_of(&text, "staff = -1"),
        "teams.handlers.shifts[0].staff",
        &["expected"],
    );
}

#[test]
fn zero_replications_is_rejected() {
    let text = format!("{MINIMAL}\n[run]\nreplications = 0\n");
    let (_dir, err) = error_of(&text);
    assert_problem(
        &err,
        "bad.toml",
        line_of(&text, "replications"),
        "run.replications",
        &["between 1 and"],
    );

    let text = format!("{MINIMAL}\n[run]\nreplications = 1000000000000\n");
    let (_dir, err) = error_of(&text);
    assert_problem(
        &err,
        "bad.toml",
        line_of(&text, "replications"),
        "run.replications",
        &["between 1 and"],
    );
}

#[test]
fn several_problems_are_all_reported() {
    let text = with(
        &minimal_with("volume_per_year = 43800", "volume_per_year = -5"),
        "urban_share = 1.0",
        "urban_share = 1.5",
    );
    let (_dir, err) = error_of(&text);
    assert!(err.problems.len() >= 2, "{err}");
    assert_problem(
        &err,
        "bad.toml",
        line_of(&text, "volume_per_year"),
        "streams[0].volume_per_year",
        &["at least 0"],
    );
    assert_problem(
        &err,
        "bad.toml",
        line_of(&text, "urban_share"),
        "areas.all.urban_share",
        &["between 0 and 1"],
    );
    // One line per problem when shown.
    assert!(
        err.to_string()
            .lines()
            .filter(|l| l.starts_with("error: "))
            .count()
            >= 2,
        "{err}"
    );
}

/// serde's messages are shown as they are, but without the TOML crate's
/// own trailing context (`in \`streams.volume_per_year\``), which repeats
/// the key path, wrongly (without the index), on an extra line.
#[test]
fn read_errors_are_one_line_each() {
    let text = minimal_with("volume_per_year = 43800", r#"volume_per_year = "lots""#);
    let (_dir, err) = error_of(&text);
    let p = problem_at(&err, "streams[0].volume_per_year");
    assert!(
        !p.message.contains('\n'),
        "message spans several lines: {:?}",
        p.message
    );
    assert_eq!(err.to_string().lines().count(), err.problems.len(), "{err}");
}

// ---------------------------------------------------------------------------
// extends
// ---------------------------------------------------------------------------

#[test]
fn extends_child_overrides_one_value_of_the_default_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let base = default_scenario_path();
    let text = format!(
        "extends = {:?}\nhorizon_days = 30\n",
        base.display().to_string()
    );
    let child = load_ok(&write(dir.path(), "child.toml", &text));
    let default = crate::common::default_model();
    assert_eq!(child.days.len(), 30);
    assert_eq!(default.days.len(), 365);
    // Everything else is the base's.
    assert_eq!(child.name, default.name);
    assert_eq!(child.streams.len(), default.streams.len());
    assert_eq!(child.teams.len(), default.teams.len());
    assert_eq!(child.defaults.seed, default.defaults.seed);

    // A value inside a table is merged key by key: the rest of the table stays.
    let text = format!(
        "extends = {:?}\n\n[teams.response_north]\nreserved_for_top_priority = 3\n",
        base.display().to_string()
    );
    let child = load_ok(&write(dir.path(), "child2.toml", &text));
    let north = child
        .teams
        .iter()
        .find(|t| t.name == "response_north")
        .unwrap();
    let default_north = default
        .teams
        .iter()
        .find(|t| t.name == "response_north")
        .unwrap();
    assert_eq!(north.reserved_for_top_priority, 3);
    assert_eq!(north.shifts.len(), default_north.shifts.len());
    assert_eq!(north.headcount, default_north.headcount);
}

#[test]
fn extends_error_in_child_is_located_in_child() {
    let dir = tempfile::tempdir().unwrap();
    let base = default_scenario_path();
    let text = format!(
        "# child\nextends = {:?}\n\nhorizon_days = -1\n",
        base.display().to_string()
    );
    let path = write(dir.path(), "child.toml", &text);
    let err = load_err(&path);
    assert_problem(
        &err,
        "child.toml",
        line_of(&text, "horizon_days"),
        "horizon_days",
        &["greater than 0"],
    );

    // A child that replaces the base's streams: their errors are the child's.
    let base_text = MINIMAL;
    write(dir.path(), "base.toml", base_text);
    let text = "extends = \"base.toml\"\n\n[[streams]]\nname = \"calls\"\nchannel = \"101\"\nvolume_per_year = -3\ncategory_mix = { enquiry = 1.0 }\n";
    let err = load_err(&write(dir.path(), "streams.toml", text));
    assert_problem(
        &err,
        "streams.toml",
        line_of(text, "volume_per_year"),
        "streams[0].volume_per_year",
        &["at least 0"],
    );
}

#[test]
fn extends_error_in_base_is_located_in_base() {
    let dir = tempfile::tempdir().unwrap();
    let base_text = minimal_with("volume_per_year = 43800", "volume_per_year = -5");
    write(dir.path(), "base.toml", &base_text);
    let child_text = "# child\nextends = \"base.toml\"\nhorizon_days = 30\n";
    let err = load_err(&write(dir.path(), "child.toml", child_text));
    assert_problem(
        &err,
        "base.toml",
        line_of(&base_text, "volume_per_year"),
        "streams[0].volume_per_year",
        &["at least 0"],
    );

    // The child changes another key of the same table: the bad key is still the base's.
    let base_text = minimal_with(r#"team = "handlers""#, r#"team = "nobody""#);
    write(dir.path(), "base2.toml", &base_text);
    let child_text = "extends = \"base2.toml\"\n\n[channels.101]\npriority = 2\n";
    let err = load_err(&write(dir.path(), "child2.toml", child_text));
    assert_problem(
        &err,
        "base2.toml",
        line_of(&base_text, "nobody"),
        "channels.101.team",
        &["nobody"],
    );

    // A syntax error in the base is located in the base.
    let base_text = minimal_with("[teams.handlers]", "[teams.handlers");
    write(dir.path(), "base3.toml", &base_text);
    let err = load_err(&write(
        dir.path(),
        "child3.toml",
        "extends = \"base3.toml\"\n",
    ));
    let p = &err.problems[0];
    assert!(p.file.ends_with("base3.toml"), "{err}");
    assert_eq!(
        p.line,
        Some(line_of(&base_text, "[teams.handlers\n")),
        "{err}"
    );

    // A base error the child fixes is no error.
    let base_text = minimal_with("horizon_days = 28", "horizon_days = 0");
    write(dir.path(), "base4.toml", &base_text);
    let model = load_ok(&write(
        dir.path(),
        "child4.toml",
        "extends = \"base4.toml\"\nhorizon_days = 14\n",
    ));
    assert_eq!(model.days.len(), 14);
}

/// An infinite number is refused as not finite: "must be a number at
/// least 0 (got inf)" read as if inf were below 0.
#[test]
fn an_infinite_number_is_refused_as_not_finite() {
    let text = "extends = \"staffordshire-2018.toml\"\n[teams.response_north]\nheadcount_by_role.constable = inf\n";
    let err = crate::common::model_from(text).unwrap_err();
    let p = problem_at(&err, "teams.response_north.headcount_by_role.constable");
    assert!(
        p.message
            .contains("must be a finite number at least 0 (got inf)"),
        "{err}"
    );
}

/// Once a team's workforce is found wrong (its rota, headcount or shifts),
/// checks that depend on it are not run: one fault gives one error, not a
/// second, wrong "no one on duty" error that follows from the first (nor,
/// for a NaN or infinite headcount, a rota of 858,993,459 people a shift
/// or an hours check against an infinite headcount).
#[test]
fn a_failed_workforce_check_is_not_followed_by_checks_that_depend_on_it() {
    for fault in [
        "rota = { reliefs = 0, pattern = [] }",
        "headcount_by_role.constable = -5",
        "headcount_by_role.constable = nan",
        "headcount_by_role.constable = inf",
        "headcount_by_role.constable = 1e300",
        "headcount = 245",
        "rota = { reliefs = 5, pattern = [\"XX\"] }",
        "shifts = [{ name = \"all\", start_hour = 0, length_hours = 24, staff = -1 }]",
    ] {
        let text =
            format!("extends = \"staffordshire-2018.toml\"\n[teams.response_north]\n{fault}\n");
        let err = crate::common::model_from(&text).unwrap_err();
        let paths: Vec<&str> = err.problems.iter().map(|p| p.key_path.as_str()).collect();
        assert!(
            err.problems
                .iter()
                .all(|p| p.key_path.starts_with("teams.response_north.")
                    && !p.message.contains("no one on duty")),
            "{fault}: {err}"
        );
        assert_eq!(paths.len(), 1, "{fault}: one fault, one error: {err}");
    }
}
