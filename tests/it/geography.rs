//! Geography (issue 16): places in the scenario and their located errors,
//! the nearest free unit going with the travel it actually makes, units
//! returning to base or staying, the nearest N for multi-unit incidents,
//! the cross-area policy, the square-root law, and the outputs by place.

use crate::common::{GRADE_TARGETS, metric, model_from};
use forcesim::batch::{self, BatchOptions};
use forcesim::scenario::{self, Model};
use std::path::Path;

/// A force of `teams` (name, area, units on duty all day) attending G1s
/// only, with `geography` appended; contacts pass straight through.
pub(crate) fn scenario(
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

{GRADE_TARGETS}[grades.g4]
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

pub(crate) fn run(model: &Model, replications: u64) -> batch::BatchResult {
    batch::run(
        model,
        BatchOptions {
            seed: 16,
            replications,
            threads: None,
        },
        &|| {},
    )
    .expect("batch runs")
}

fn mean(result: &batch::BatchResult, name: &str) -> f64 {
    let v = result.values(name);
    assert!(!v.is_empty(), "no metric {name}");
    v.iter().sum::<f64>() / v.len() as f64
}

/// Two atoms, `near` and `far`, in one area; a base in each with one unit;
/// every incident in `near`: travel near→near 1 min, far→near 20 min.
pub(crate) const TWO_BASES: &str = r#"
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

#[test]
fn the_nearest_free_unit_goes_and_travels_from_where_it_is() {
    // Low load (ρ ≈ 0.05): the near unit is nearly always free, so mean
    // travel is about 0.95 × 1 + 0.05 × 20 ≈ 2 min and the near base does
    // almost all the work. Travel drawn regardless of the unit (the
    // areas-only model) would give 5 min; a unit chosen at random, 10.5.
    let text = scenario(876.0, "[1.0]", &[("response", "all", 2)], TWO_BASES);
    let model = model_from(&text).expect("valid");
    let r = run(&model, 4);
    let travel = mean(&r, "geography.travel_mean_min");
    assert!(travel < 3.5, "mean travel {travel}");
    let near = mean(&r, "geography.bases.near_base.utilisation");
    let far = mean(&r, "geography.bases.far_base.utilisation");
    assert!(near > 3.0 * far, "near {near} against far {far}");
    // Response time = travel here (no contact or queue delay to speak of).
    let g1 = mean(&r, "geography.atoms.near.g1.response_time_mean_min");
    assert!(g1 < 4.0 && g1 >= travel * 0.99, "G1 {g1}, travel {travel}");
}

#[test]
fn multi_unit_incidents_take_the_nearest_n() {
    // Three bases 1, 2 and 30 min away; every incident needs two units:
    // at low load (ρ ≈ 0.03 a unit) the two nearest go, mean travel about
    // 1.5 min (the far unit going would lift it towards 16).
    let geo = r#"
[geography]
travel_cv = 0.0
[geography.atoms.scene]
area = "all"
demand_share = 1.0
travel_min = { scene = 0.0, a = 1.0, b = 2.0, c = 30.0 }
[geography.atoms.a]
area = "all"
demand_share = 0.0
travel_min = { scene = 1.0, a = 0.0, b = 1.0, c = 30.0 }
[geography.atoms.b]
area = "all"
demand_share = 0.0
travel_min = { scene = 2.0, a = 1.0, b = 0.0, c = 30.0 }
[geography.atoms.c]
area = "all"
demand_share = 0.0
travel_min = { scene = 30.0, a = 30.0, b = 30.0, c = 0.0 }
[geography.bases.a]
atom = "a"
team = "response"
units = 1
[geography.bases.b]
atom = "b"
team = "response"
units = 1
[geography.bases.c]
atom = "c"
team = "response"
units = 1
"#;
    let text = scenario(438.0, "[0.0, 1.0]", &[("response", "all", 3)], geo);
    let model = model_from(&text).expect("valid");
    let r = run(&model, 4);
    let travel = mean(&r, "geography.travel_mean_min");
    assert!((1.5..2.5).contains(&travel), "mean travel {travel}");
    let c = mean(&r, "geography.bases.c.utilisation");
    let a = mean(&r, "geography.bases.a.utilisation");
    assert!(a > 5.0 * c, "a {a} against c {c}");
}

#[test]
fn a_unit_returns_to_base_or_stays_where_the_job_was() {
    // One unit based in `far`; every incident in `near`. Back to base, it
    // travels 20 min every time; staying, it is already in `near`.
    let one_base = TWO_BASES.replace(
        "[geography.bases.near_base]\natom = \"near\"\nteam = \"response\"\nunits = 1\n",
        "",
    );
    let back = scenario(1752.0, "[1.0]", &[("response", "all", 1)], &one_base);
    let stay = back.replace("travel_cv = 0.0", "travel_cv = 0.0\nafter_job = \"stay\"");
    let to_base = mean(
        &run(&model_from(&back).unwrap(), 2),
        "geography.travel_mean_min",
    );
    let stays = mean(
        &run(&model_from(&stay).unwrap(), 2),
        "geography.travel_mean_min",
    );
    assert!((to_base - 20.0).abs() < 1e-6, "back to base: {to_base}");
    assert!(stays < 1.1, "staying: {stays}");
}

/// Two areas, `east` (all demand, one unit) and `west` (two idle units);
/// travel 10 min between them, 1 min within.
fn two_areas(policy: &str) -> String {
    let geo = format!(
        r#"
[geography]
travel_cv = 0.0
{policy}
[geography.atoms.e]
area = "east"
demand_share = 1.0
travel_min = {{ e = 1.0, w = 10.0 }}
[geography.atoms.w]
area = "west"
demand_share = 0.0
travel_min = {{ e = 10.0, w = 1.0 }}
[geography.bases.east_base]
atom = "e"
team = "response_east"
units = 1
[geography.bases.west_base]
atom = "w"
team = "response_west"
units = 1
"#
    );
    let text = scenario(
        12_000.0,
        "[1.0]",
        &[("response_east", "east", 1), ("response_west", "west", 2)],
        &geo,
    );
    // Both areas get demand shares (they must sum to 1); the atoms decide.
    text
}

#[test]
fn cross_area_policy_decides_who_helps_a_busy_area() {
    let own_only = model_from(&two_areas("")).expect("valid");
    let r = run(&own_only, 2);
    assert_eq!(mean(&r, "geography.cross_area_share"), 0.0);
    assert_eq!(mean(&r, "geography.bases.west_base.utilisation"), 0.0);
    let own_wait = mean(&r, "geography.areas.east.g1.response_time_mean_min");

    let g1_wide = model_from(&two_areas("g1_force_wide = true")).expect("valid");
    let r = run(&g1_wide, 2);
    let crossed = mean(&r, "geography.cross_area_share");
    assert!(crossed > 0.1, "G1 force-wide: {crossed} crossed");
    let wide = mean(&r, "geography.areas.east.g1.response_time_mean_min");
    assert!(
        wide < own_wait,
        "force-wide {wide} against own area only {own_wait}"
    );

    // Neighbour after 5 minutes: fewer crossings than at once, more than none.
    let later = model_from(&two_areas("neighbour_after_min = 5.0")).expect("valid");
    let r = run(&later, 2);
    let crossed_later = mean(&r, "geography.cross_area_share");
    assert!(
        crossed_later > 0.0 && crossed_later < crossed,
        "after 5 min {crossed_later}, at once {crossed}"
    );
    // Areas that are not neighbours never help.
    let apart =
        model_from(&two_areas("neighbour_after_min = 5.0\nneighbours = []")).expect("valid");
    assert_eq!(mean(&run(&apart, 2), "geography.cross_area_share"), 0.0);
}

#[test]
fn square_root_law_travel_falls_as_one_over_root_units() {
    // One 100 km² atom, everyone based in it, low load: mean travel is
    // c·√(A/n)/speed with n the free units, close to all of them.
    let travel = |units: u32| {
        let geo = r#"
[geography]
speed_kmh = 60.0
travel_cv = 0.3
[geography.atoms.square]
area = "all"
demand_share = 1.0
area_km2 = 100.0
[geography.bases.centre]
atom = "square"
team = "response"
units = 1
"#;
        let text = scenario(
            400.0 * f64::from(units),
            "[1.0]",
            &[("response", "all", units)],
            geo,
        );
        mean(
            &run(&model_from(&text).unwrap(), 4),
            "geography.travel_mean_min",
        )
    };
    let law = |n: f64| 0.63 * (100.0 / n).sqrt();
    let (one, sixteen) = (travel(1), travel(16));
    assert!(
        (one / law(1.0) - 1.0).abs() < 0.05,
        "one unit: {one} against {}",
        law(1.0)
    );
    // ρ ≈ 0.02 per unit: nearly all 16 free, so close to √16 = 4 times less.
    let ratio = one / sixteen;
    assert!((3.6..4.1).contains(&ratio), "ratio {ratio}");
}

#[test]
fn a_scenario_with_geography_reports_by_atom_area_and_base() {
    let text = scenario(3504.0, "[1.0]", &[("response", "all", 2)], TWO_BASES);
    let model = model_from(&text).expect("valid");
    let r = forcesim::metrics::run(&model, 1, 0);
    for name in [
        "geography.atoms.near.g1.attended",
        "geography.atoms.near.g1.within_target_share",
        "geography.areas.all.g1.response_time_mean_min",
        "geography.areas.all.g1.within_target_share",
        "geography.bases.far_base.utilisation",
        "geography.cross_area_share",
        "geography.travel_mean_min",
    ] {
        let v = metric(&r.metrics, name);
        assert!(v.is_finite(), "{name} = {v}");
    }
    // Per-area attended equals the sum over its atoms, and the whole-force
    // G1 count.
    let atoms = metric(&r.metrics, "geography.atoms.near.g1.attended")
        + metric(&r.metrics, "geography.atoms.far.g1.attended");
    assert_eq!(atoms, metric(&r.metrics, "geography.areas.all.g1.attended"));
    assert_eq!(atoms, metric(&r.metrics, "response.g1.attended"));
}

// ---------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------

fn problems(text: &str) -> Vec<String> {
    match model_from(text) {
        Ok(_) => Vec::new(),
        Err(e) => e.problems.iter().map(ToString::to_string).collect(),
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
            Err(e) => e.problems.iter().map(ToString::to_string).collect(),
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
    // From the command line: exit code 2, the CSV's file and line, and
    // nothing written.
    std::fs::write(
        dir.join("travel.csv"),
        "from,near,far\nnear,1,20\nfar,x,1\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_forcesim"))
        .args(["check", dir.join("geo.toml").to_str().unwrap()])
        .output()
        .expect("forcesim runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("travel.csv:3"), "{stderr}");
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
        Err(e) => e.problems.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn the_run_report_draws_a_tile_map_of_g1_within_target_with_bases() {
    let text = scenario(876.0, "[1.0]", &[("response", "all", 2)], TWO_BASES);
    let model = model_from(&text).expect("valid");
    let r = run(&model, 2);
    let charts = forcesim::report::charts::for_run(&model, &r).expect("charts draw");
    let tiles = charts
        .iter()
        .find(|c| c.stem == "geography_tiles_g1")
        .expect("a tile map");
    for words in ["near", "far", "1 base", "G1 within target"] {
        assert!(tiles.svg.contains(words), "no `{words}` in the tile map");
    }
    assert!(!tiles.png.is_empty());
    // Without a geography there is no tile map.
    let plain = model_from(text.split("\n[geography]").next().unwrap()).unwrap();
    let charts = forcesim::report::charts::for_run(&plain, &run(&plain, 2)).unwrap();
    assert!(charts.iter().all(|c| c.stem != "geography_tiles_g1"));
}

#[test]
fn g1_by_area_and_atom_are_headline_figures() {
    use forcesim::report::table::is_headline;
    assert!(is_headline("geography.areas.north.g1.within_target_share"));
    assert!(is_headline(
        "geography.areas.north.g1.response_time_mean_min"
    ));
    assert!(is_headline(
        "geography.atoms.tamworth.g1.within_target_share"
    ));
    assert!(is_headline("geography.cross_area_share"));
    assert!(!is_headline(
        "geography.atoms.tamworth.g3.within_target_share"
    ));
    assert!(!is_headline("geography.atoms.tamworth.g1.attended"));
}
