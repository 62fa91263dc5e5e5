//! Geography (issue 16): places in the scenario and their located errors.

use crate::common::model_from;
use forcesim::scenario;
use std::path::Path;

/// A force of `teams` (name, area, units on duty all day) attending G1s
/// only, with `geography` appended; contacts pass straight through.
fn scenario(
    volume_per_year: f64,
    units_needed: &str,
    teams: &[(&str, &str, u32)],
    geography: &str,
) -> String {
    let mut areas: Vec<&str> = teams.iter().map(|t| t.1).collect();
    areas.dedup();
    let share = 1.0 / areas.len() as f64;
    let mut t = format!(
        r#"
name = "geo"
start_date = "2018-01-01"
horizon_days = 60
warmup_days = 2

[channels.999]
team = "handlers"
priority = 1
handling_min = {{ dist = "fixed", value = 0.0 }}
grading_min = {{ dist = "fixed", value = 0.0 }}

[categories.emergency]
grade_mix = {{ g1 = 1.0 }}
on_scene_min = {{ dist = "exponential", mean = 30.0 }}
units_needed_mix = {units_needed}

[[streams]]
name = "calls"
channel = "999"
volume_per_year = {volume_per_year}
category_mix = {{ emergency = 1.0 }}

[grades.g1]
target_urban_min = 15
target_rural_min = 20
[grades.g2]
target_urban_min = 60
target_rural_min = 60
[grades.g3]
target_urban_min = 2880
target_rural_min = 2880
[grades.g4]
team = "resolution"
handling_min = {{ dist = "fixed", value = 0.0 }}

[teams.handlers]
shifts = [{{ name = "all day", start_hour = 0, length_hours = 24, staff = 1 }}]
[teams.resolution]
shifts = [{{ name = "all day", start_hour = 0, length_hours = 24, staff = 1 }}]
"#
    );
    for area in &areas {
        let team = teams.iter().find(|t| t.1 == *area).map(|t| t.0).unwrap();
        t.push_str(&format!(
            "[areas.{area}]\ndemand_share = {share}\nurban_share = 1.0\nresponse_team = \"{team}\"\n\
             travel_urban_min = {{ dist = \"fixed\", value = 5.0 }}\ntravel_rural_min = {{ dist = \"fixed\", value = 5.0 }}\n"
        ));
    }
    for (name, _, units) in teams {
        t.push_str(&format!(
            "[teams.{name}]\nshifts = [{{ name = \"all day\", start_hour = 0, length_hours = 24, staff = {units} }}]\n"
        ));
    }
    t.push_str(geography);
    t
}

/// Two atoms, `near` and `far`, in one area; a base in each with one unit;
/// every incident in `near`: travel near→near 1 min, far→near 20 min.
const TWO_BASES: &str = r#"
[geography]
travel_cv = 0.0
[geography.atoms.near]
area = "all"
demand_share = 1.0
travel_min = { near = 1.0, far = 20.0 }
[geography.atoms.far]
area = "all"
demand_share = 0.0
travel_min = { near = 20.0, far = 1.0 }
[geography.bases.near_base]
atom = "near"
team = "response"
units = 1
[geography.bases.far_base]
atom = "far"
team = "response"
units = 1
"#;

// ---------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------

fn problems(text: &str) -> Vec<String> {
    match model_from(text) {
        Ok(_) => Vec::new(),
        Err(e) => e.problems.iter().map(|p| p.to_string()).collect(),
    }
}

fn assert_problem(text: &str, key: &str, words: &str) {
    let found = problems(text);
    assert!(
        found.iter().any(|p| p.contains(key) && p.contains(words)),
        "no problem at `{key}` saying `{words}` in {found:#?}"
    );
}

fn base_scenario(geo: &str) -> String {
    scenario(1752.0, "[1.0]", &[("response", "all", 2)], geo)
}

#[test]
fn bad_geography_input_gets_located_errors() {
    // A base in no atom.
    assert_problem(
        &base_scenario(&TWO_BASES.replace("atom = \"far\"", "atom = \"nowhere\"")),
        "geography.bases.far_base.atom",
        "no atom named `nowhere`",
    );
    // An atom of an unknown area.
    assert_problem(
        &base_scenario(&TWO_BASES.replace(
            "area = \"all\"\ndemand_share = 0.0",
            "area = \"moon\"\ndemand_share = 0.0",
        )),
        "geography.atoms.far.area",
        "no area named `moon`",
    );
    // Negative and missing travel.
    assert_problem(
        &base_scenario(&TWO_BASES.replace("far = 20.0 }", "far = -3.0 }")),
        "geography.atoms.near.travel_min.far",
        "travel must be a number of minutes",
    );
    assert_problem(
        &base_scenario(&TWO_BASES.replace("{ near = 20.0, far = 1.0 }", "{ near = 20.0 }")),
        "geography.atoms.far.travel_min",
        "no travel time to atom `far`",
    );
    // Travel to an unknown atom.
    assert_problem(
        &base_scenario(&TWO_BASES.replace(
            "{ near = 20.0, far = 1.0 }",
            "{ near = 20.0, far = 1.0, mars = 3.0 }",
        )),
        "geography.atoms.far.travel_min.mars",
        "no atom named `mars`",
    );
    // Shares not summing to 1.
    assert_problem(
        &base_scenario(&TWO_BASES.replace("demand_share = 0.0", "demand_share = 0.3")),
        "geography.atoms",
        "shares must sum to 1",
    );
    // A base of a team that attends nothing.
    assert_problem(
        &base_scenario(&TWO_BASES.replace(
            "team = \"response\"\nunits = 1\n[geography.bases.far_base]",
            "team = \"handlers\"\nunits = 1\n[geography.bases.far_base]",
        )),
        "geography.bases.near_base.team",
        "attends no area's incidents",
    );
    // The square-root law without an area or centres.
    let sqrt = "[geography]\n[geography.atoms.a]\narea = \"all\"\ndemand_share = 1.0\n\
                [geography.bases.b]\natom = \"a\"\nteam = \"response\"\nunits = 1\n";
    assert_problem(
        &base_scenario(sqrt),
        "geography.atoms.a",
        "area_km2 is missing",
    );
}

#[test]
fn a_bad_travel_matrix_file_is_located_by_file_and_line() {
    let dir = std::env::temp_dir().join(format!("forcesim-geo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let geo = TWO_BASES
        .replace("travel_min = { near = 1.0, far = 20.0 }\n", "")
        .replace("travel_min = { near = 20.0, far = 1.0 }\n", "")
        .replace(
            "travel_cv = 0.0",
            "travel_cv = 0.0\ntravel_matrix = \"travel.csv\"",
        );
    let text = base_scenario(&geo);
    std::fs::write(dir.join("geo.toml"), &text).unwrap();
    let check = |csv: &str| -> Vec<String> {
        std::fs::write(dir.join("travel.csv"), csv).unwrap();
        match scenario::from_file(&dir.join("geo.toml")) {
            Ok(_) => Vec::new(),
            Err(e) => e.problems.iter().map(|p| p.to_string()).collect(),
        }
    };
    assert!(check("from,near,far\nnear,1,20\nfar,20,1\n").is_empty());
    let bad = check("from,near,far\nnear,1,20\nfar,-20,1\n");
    assert!(
        bad.iter()
            .any(|p| p.contains("travel.csv:3") && p.contains("from `far` to `near`")),
        "{bad:#?}"
    );
    let unknown = check("from,near,venus\nnear,1,20\nfar,20,1\n");
    assert!(
        unknown
            .iter()
            .any(|p| p.contains("travel.csv:1") && p.contains("`venus`")),
        "{unknown:#?}"
    );
    let missing = check("from,near,far\nnear,1,20\n");
    assert!(
        missing
            .iter()
            .any(|p| p.contains("no travel time from `far`")),
        "{missing:#?}"
    );
    std::fs::remove_file(dir.join("travel.csv")).unwrap();
    let absent = check_absent(&dir);
    assert!(
        absent
            .iter()
            .any(|p| p.contains("cannot read the travel matrix")),
        "{absent:#?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn check_absent(dir: &Path) -> Vec<String> {
    match scenario::from_file(&dir.join("geo.toml")) {
        Ok(_) => Vec::new(),
        Err(e) => e.problems.iter().map(|p| p.to_string()).collect(),
    }
}
