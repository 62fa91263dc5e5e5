//! Workforce: establishment → rota → duty, the check that a roster carries
//! its headcount's hours, and the levers (time freed by process change,
//! productivity, overtime, the wellbeing signal).

use crate::common::{MINIMAL, default_model, metric, model_from, problem_at};
use forcesim::metrics;
use forcesim::scenario::ScenarioError;

fn handlers(extra: &str, staff: u32, volume: f64) -> String {
    MINIMAL.replace("horizon_days = 28", "horizon_days = 365").replace("volume_per_year = 43800", &format!("volume_per_year = {volume}")).replace(
        "[teams.handlers]\nshifts = [{ name = \"all day\", start_hour = 0, length_hours = 24, staff = 1 }]",
        &format!(
            "[teams.handlers]\nheadcount = {}\nabstraction = {{ annual_leave = 0.15, sickness = 0.05 }}\n{extra}\nshifts = [{{ name = \"all day\", start_hour = 0, length_hours = 24, staff = {staff} }}]",
            // 24 h × 7 days = 168 h a week per person on the shift, 4.2
            // officers at 40 h a week each.
            f64::from(staff) * 4.2
        ),
    )
}

fn mean_over(text: &str, name: &str, reps: u64) -> f64 {
    let model = model_from(text).unwrap();
    (0..reps)
        .map(|r| metric(&metrics::run(&model, 30, r).metrics, name))
        .sum::<f64>()
        / reps as f64
}

#[test]
fn freed_hours_come_back_as_productive_hours() {
    // 20 rostered around the clock, 20 % abstracted: 140,160 productive
    // hours a year; freeing 8,000 hours a year (FMS 2019's supervisory
    // change) returns 8,000 × 365/364 of them.
    let name = "teams.handlers.productive_person_hours";
    let before = mean_over(&handlers("", 20, 43_800.0), name, 4);
    let after = mean_over(
        &handlers("time_freed_hours_per_year = 8000", 20, 43_800.0),
        name,
        4,
    );
    assert!(
        (before - 140_160.0).abs() < 1_500.0,
        "productive hours {before}"
    );
    assert!(
        (after - before - 8_022.0).abs() < 2_000.0,
        "freed {} hours",
        after - before
    );
}

#[test]
fn a_productivity_gain_shortens_the_work() {
    // One handler, load 0.5 (before abstraction: 20 % of shifts have no one,
    // so measured utilisation is 0.5 / 0.8); 20 % quicker work cuts it by a fifth.
    let name = "teams.handlers.offered_load_erlangs";
    let before = mean_over(&handlers("", 1, 43_800.0), name, 3);
    let after = mean_over(&handlers("productivity_gain = 0.2", 1, 43_800.0), name, 3);
    assert!(
        (after / before - 0.8).abs() < 0.03,
        "load {after} vs {before}"
    );
}

#[test]
fn overtime_is_used_when_the_queue_is_long_and_capped_each_week() {
    // Heavily loaded: 2 handlers for load 2.4; up to 20 unit-hours a week.
    let text = handlers(
        "overtime = { when_queue_exceeds = 5, extra_units = 1, max_unit_hours_per_week = 20 }",
        2,
        210_240.0,
    );
    let hours = mean_over(&text, "teams.handlers.overtime_unit_hours", 1);
    assert!(hours > 0.0);
    assert!(
        hours <= 20.0 * 53.0,
        "overtime {hours} above the weekly cap"
    );
    let strained = mean_over(&text, "teams.handlers.strained_hours_share", 1);
    assert!(
        strained > 0.8,
        "an overloaded team is strained most of the time ({strained})"
    );
    let calm = mean_over(
        &handlers("", 20, 43_800.0),
        "teams.handlers.strained_hours_share",
        1,
    );
    assert!(
        calm < 0.01,
        "a lightly loaded team is rarely strained ({calm})"
    );
}

/// MINIMAL with `team` (a whole `[teams.NAME]` table) added; the area's
/// neighbourhood team is not routed work, so only the roster matters.
fn with_team(team: &str) -> String {
    format!("{MINIMAL}\n{team}\n")
}

fn problems(text: &str) -> ScenarioError {
    match model_from(text) {
        Ok(_) => panic!("expected the scenario to fail check"),
        Err(e) => e,
    }
}

#[test]
fn shifts_carrying_half_the_headcounts_hours_fail_check() {
    // The 2018 shipped neighbourhood team (north): 170 officers at 40 h a
    // week = 6,800 h, but two 10-hour shifts of 24 every day roster
    // 24 × 2 × 10 × 7 = 3,360 h (−50.6 %): about 48 a shift were needed.
    let e = problems(&with_team(
        r#"[teams.neighbourhood_north]
headcount_by_role = { constable = 150, sergeant = 20 }
shifts = [
  { name = "early", start_hour = 7,  length_hours = 10, staff = 24 },
  { name = "late",  start_hour = 14, length_hours = 10, staff = 24 },
]"#,
    ));
    let m = problem_at(&e, "teams.neighbourhood_north.shifts")
        .message
        .clone();
    for part in [
        "neighbourhood_north",
        "3360",
        "6800",
        "170.0 FTE",
        "-50.6 %",
    ] {
        assert!(m.contains(part), "`{part}` missing from: {m}");
    }
    // The 2018 shipped PCSO team: 238 at 37 h = 8,806 h against
    // 34 × 2 × 8 × 7 = 3,808 h rostered.
    let e = problems(&with_team(
        r#"[teams.pcso]
headcount_by_role = { pcso = 238 }
contracted_hours_per_week = 37
shifts = [
  { name = "early", start_hour = 8,  length_hours = 8, staff = 34 },
  { name = "late",  start_hour = 15, length_hours = 8, staff = 34 },
]"#,
    ));
    let m = problem_at(&e, "teams.pcso.shifts").message.clone();
    for part in ["`pcso`", "3808", "8806", "37.0 h"] {
        assert!(m.contains(part), "`{part}` missing from: {m}");
    }
}

#[test]
fn shifts_carrying_twice_the_headcounts_hours_fail_check_with_the_fix() {
    // 10 officers at 40 h = 400 h a week; 2 people 24 h × 7 days = 336 h
    // plus an 8-hour day shift of 8 people = 448 h: 784 h, +96 %.
    let text = MINIMAL.replace(
        "[teams.response]\nshifts = [{ name = \"all day\", start_hour = 0, length_hours = 24, staff = 2 }]",
        "[teams.response]\nheadcount = 10\nshifts = [{ name = \"all day\", start_hour = 0, length_hours = 24, staff = 2 }, { name = \"day\", start_hour = 9, length_hours = 8, staff = 8 }]",
    );
    let e = problems(&text);
    let p = e
        .problems
        .iter()
        .find(|p| p.key_path == "teams.response.shifts")
        .expect("a problem at the team's shifts");
    assert!(p.line.is_some(), "the problem is located: {p:?}");
    for part in [
        "`response`",
        "784 person-hours a week",
        "400 h a week",
        "+96.0 %",
        "set the headcount to the 19.6 FTE",
        "rostered_hours_override_reason",
    ] {
        assert!(
            p.message.contains(part),
            "`{part}` missing from: {}",
            p.message
        );
    }
    // Equal hours pass.
    let close = MINIMAL.replace(
        "[teams.response]\nshifts",
        "[teams.response]\nheadcount = 8.4\nshifts",
    );
    // 2 × 24 × 7 = 336 h; 8.4 × 40 = 336 h.
    assert!(model_from(&close).is_ok());
}

#[test]
fn an_override_reason_lets_a_reduced_model_differ_but_not_silently() {
    let text = MINIMAL.replace(
        "[teams.response]\nshifts",
        "[teams.response]\nheadcount = 20\nrostered_hours_override_reason = \"half the team is on a pre-planned operation\"\nshifts",
    );
    assert!(model_from(&text).is_ok());
    let empty = MINIMAL.replace(
        "[teams.response]\nshifts",
        "[teams.response]\nheadcount = 20\nrostered_hours_override_reason = \"  \"\nshifts",
    );
    let e = problems(&empty);
    problem_at(&e, "teams.response.rostered_hours_override_reason");
}

/// A 5-relief 10-week response rota: 2 earlies, 2 lates, 2 nights, 4 rest.
const ROTA: &str = r#"rota = { reliefs = 5, pattern = [
  "early early late late night night -",
  "- - - early early late late",
  "night night - - - - early",
  "early late late night night - -",
  "- - early early late late night",
  "night - - - - early early",
  "late late night night - - -",
  "- early early late late night night",
  "- - - - early early late",
  "late night night - - - -",
] }"#;

fn rota_team(headcount: f64) -> String {
    MINIMAL.replace(
        "[teams.response]\nshifts = [{ name = \"all day\", start_hour = 0, length_hours = 24, staff = 2 }]",
        &format!(
            "[teams.response]\nheadcount = {headcount}\nshifts = [{{ name = \"early\", start_hour = 7, length_hours = 10 }}, {{ name = \"late\", start_hour = 14, length_hours = 10 }}, {{ name = \"night\", start_hour = 22, length_hours = 9, crew_size = 2 }}]\n{ROTA}"
        ),
    )
}

#[test]
fn a_rota_rosters_the_headcount_in_every_hour() {
    // 52 officers in 5 reliefs: 11, 11, 10, 10, 10. Every day one relief is
    // on each shift and two rest, so each shift has 10 or 11 people; over
    // the 70-day cycle each relief works 14 earlies and 14 lates of 10 h
    // and 14 nights of 9 h, 406 h in 10 weeks: 52 × 40.6 = 2,111.2 h a
    // week (+1.5 % on a 40-hour week: allowed).
    let model = model_from(&rota_team(52.0)).expect("a rota within 5 % passes");
    let team = model.teams.iter().find(|t| t.name == "response").unwrap();
    let rota = team.rota.as_ref().expect("compiled rota");
    assert_eq!(rota.cycle_days, 70);
    for day in 0..70 {
        let on: Vec<u32> = (0..3).map(|s| rota.staff_on(s, day)).collect();
        assert!(on.iter().all(|&n| n == 10 || n == 11), "day {day}: {on:?}");
        assert!(on.iter().sum::<u32>() <= 32 && on.iter().sum::<u32>() >= 30);
    }
    assert!((team.rostered_person_hours_per_week() - 2_111.2).abs() < 1e-9);
    assert_eq!(team.contracted_hours_per_week, Some(40.0));
    // The simulation rosters them: with no abstraction, people on duty
    // average 2,111.2 h ÷ 168 h = 12.567 over one whole cycle (70 days).
    let text = rota_team(52.0).replace("horizon_days = 28", "horizon_days = 70");
    let model = model_from(&text).unwrap();
    let on_duty = metric(
        &metrics::run(&model, 1, 0).metrics,
        "teams.response.people_on_duty_mean",
    );
    assert!(
        (on_duty - 2_111.2 / 168.0).abs() < 1e-6,
        "people on duty {on_duty}"
    );
}

#[test]
fn a_rota_that_works_more_than_the_contract_fails_check() {
    // 24-hour nights: 52 × (200 + 336) h ÷ 10 weeks, 53.6 h a week each,
    // +34 % on a 40-hour week.
    let text = rota_team(52.0).replace(
        "length_hours = 9, crew_size = 2",
        "length_hours = 24, crew_size = 2",
    );
    let e = problems(&text);
    let m = problem_at(&e, "teams.response.rota.pattern")
        .message
        .clone();
    assert!(m.contains("`response`") && m.contains("40.0 h"), "{m}");
    // Bad tokens and staff given with a rota are located too.
    let e = problems(&rota_team(52.0).replace(
        "\"- - - - early early late\"",
        "\"- - - - early early lunch\"",
    ));
    assert!(
        problem_at(&e, "teams.response.rota.pattern[8]")
            .message
            .contains("`lunch`")
    );
    let e = problems(&rota_team(52.0).replace(
        "length_hours = 10 }, { name = \"late\"",
        "length_hours = 10, staff = 3 }, { name = \"late\"",
    ));
    problem_at(&e, "teams.response.shifts[0].staff");
}

#[test]
fn on_the_default_scenario_people_on_duty_match_the_establishment() {
    // For every team with a headcount, from the run's own outputs: people on
    // duty × 8,760 h ≈ headcount_fte × contracted_hours_per_fte_year × (1 −
    // abstraction_share), within 5 % (the check's tolerance on the roster;
    // one replication's binomial abstraction noise is well under 1 % of a
    // team's hours).
    let model = default_model();
    let metrics = metrics::run(&model, 2018, 0).metrics;
    let mut checked = 0;
    for team in &model.teams {
        let at = |what: &str| metric(&metrics, &format!("teams.{}.{what}", team.name));
        let headcount = at("headcount_fte");
        if headcount.is_nan() {
            continue;
        }
        let expected =
            headcount * at("contracted_hours_per_fte_year") * (1.0 - at("abstraction_share"));
        let got = at("people_on_duty_mean") * 8_760.0;
        assert!(
            (got / expected - 1.0).abs() <= 0.05,
            "team {}: {got:.0} person-hours on duty a year against {expected:.0} from the establishment",
            team.name
        );
        checked += 1;
    }
    assert_eq!(
        checked,
        model.teams.len(),
        "every shipped team has a headcount"
    );
}

/// MINIMAL's response team with 50 people on one 24-hour shift (headcount
/// 210 at 40 h a week), abstraction 0.15 leave + 0.10 sickness, staffing
/// plan `plan`, over `days` days.
fn establishment_team(plan: &str, days: u32) -> String {
    MINIMAL
        .replace("horizon_days = 28", &format!("horizon_days = {days}"))
        .replace(
            "[teams.response]\nshifts = [{ name = \"all day\", start_hour = 0, length_hours = 24, staff = 2 }]",
            &format!(
                "[teams.response]\nheadcount = 210\nstaffing_by_year = {plan}\nabstraction = {{ annual_leave = 0.15, sickness = 0.10 }}\nshifts = [{{ name = \"all day\", start_hour = 0, length_hours = 24, staff = 50 }}]"
            ),
        )
}

#[test]
fn establishment_outputs_are_the_hand_arithmetic_by_team_and_year() {
    // Year 1: 210 FTE; year 2 at 1.5 × the staffing plan: 315 FTE, 75 a day
    // on the shift. Rostered 50 × 8,760 = 438,000 h, then 657,000 h; the
    // contract 40 h × 365 ÷ 7 = 2,085.7 h; abstraction 25 % of rostered
    // hours (one draw per person-day: 18,250 in year 1, sd 0.32 points),
    // split 60 : 40 between leave and sickness.
    let model = model_from(&establishment_team("[1.0, 1.5]", 730)).unwrap();
    let r = metrics::run(&model, 5, 0).metrics;
    let at = |name: &str| metric(&r, name);
    assert!((at("years.1.teams.response.headcount_fte") - 210.0).abs() < 1e-9);
    assert!((at("years.2.teams.response.headcount_fte") - 315.0).abs() < 1e-9);
    assert!((at("teams.response.headcount_fte") - 262.5).abs() < 1e-9);
    assert!((at("teams.response.contracted_hours_per_fte_year") - 40.0 * 365.0 / 7.0).abs() < 1e-9);
    assert!((at("years.1.teams.response.rostered_hours_per_year") - 438_000.0).abs() < 1e-6);
    assert!((at("years.2.teams.response.rostered_hours_per_year") - 657_000.0).abs() < 1e-6);
    for year in ["years.1.", "years.2.", ""] {
        let share = at(&format!("{year}teams.response.abstraction_share"));
        assert!((share - 0.25).abs() < 4.0 * 0.0033, "{year}: {share}");
        let leave = at(&format!(
            "{year}teams.response.abstraction.annual_leave.share"
        ));
        let sick = at(&format!("{year}teams.response.abstraction.sickness.share"));
        assert!((leave - 0.6 * share).abs() < 1e-12 && (sick - 0.4 * share).abs() < 1e-12);
        let rostered = at(&format!("{year}teams.response.rostered_hours_per_year"));
        let hours = at(&format!(
            "{year}teams.response.abstraction.annual_leave.hours_per_year"
        ));
        assert!((hours - leave * rostered).abs() < 1e-6);
    }
    // No reason configured, no output for it; no headcount, NaN.
    assert!(!r.iter().any(|m| m.name.contains("abstraction.training")));
    assert!(at("teams.handlers.headcount_fte").is_nan());
    // What is on duty is what was rostered less what was abstracted.
    let on_duty = at("years.1.teams.response.people_on_duty_mean") * 8_760.0;
    let available = 438_000.0 * (1.0 - at("years.1.teams.response.abstraction_share"));
    assert!(
        (on_duty - available).abs() < 1e-6 * available,
        "{on_duty} {available}"
    );
}

/// MINIMAL's response team with 400 people on one 24-hour shift, leave 10 %
/// (weighted by `weights` over the months) and sickness 5 %, run for the
/// 31 days from `start`.
fn leave_profile(weights: &str, start: &str) -> String {
    MINIMAL
        .replace("start_date = \"2018-01-01\"", &format!("start_date = \"{start}\""))
        .replace("horizon_days = 28", "horizon_days = 31")
        .replace(
            "[teams.response]\nshifts = [{ name = \"all day\", start_hour = 0, length_hours = 24, staff = 2 }]",
            &format!(
                "[teams.response]\nabstraction = {{ annual_leave = 0.10, sickness = 0.05 }}\n{weights}\nshifts = [{{ name = \"all day\", start_hour = 0, length_hours = 24, staff = 400 }}]"
            ),
        )
}

#[test]
fn a_july_leave_peak_lowers_julys_people_on_duty_by_the_configured_share() {
    // Weights 2.1 in July and 0.9 elsewhere (mean 1): July's leave is
    // 0.10 × 2.1 = 21 % and March's 9 %, so with 5 % sickness 400 rostered
    // give 400 × (1 − 0.26) = 296 on duty in July and 400 × 0.86 = 344 in
    // March. One Binomial(400, p) draw a day: over 31 days the mean's
    // standard error is at most √(400 × 0.26 × 0.74 ÷ 31) = 1.58.
    let weights =
        "annual_leave_by_month = [0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 2.1, 0.9, 0.9, 0.9, 0.9, 0.9]";
    let on_duty = |start: &str, weights: &str| {
        let model = model_from(&leave_profile(weights, start)).unwrap();
        metric(
            &metrics::run(&model, 11, 0).metrics,
            "teams.response.people_on_duty_mean",
        )
    };
    for (start, expected) in [("2018-07-01", 296.0), ("2018-03-01", 344.0)] {
        let got = on_duty(start, weights);
        assert!(
            (got - expected).abs() < 4.0 * 1.58,
            "{start}: {got} on duty, expected {expected}"
        );
    }
    // Without a profile July is an average month: 400 × 0.85 = 340.
    let flat = on_duty("2018-07-01", "");
    assert!((flat - 340.0).abs() < 4.0 * 1.58, "flat July: {flat}");
    // A profile must have 12 weights and keep every month below 100 %.
    let e = problems(&leave_profile(
        "annual_leave_by_month = [1.0, 2.0]",
        "2018-07-01",
    ));
    assert!(
        problem_at(&e, "teams.response.annual_leave_by_month")
            .message
            .contains("12 weights")
    );
    let e = problems(&leave_profile(
        "annual_leave_by_month = [0, 0, 0, 0, 0, 0, 12, 0, 0, 0, 0, 0]",
        "2018-07-01",
    ));
    assert!(
        problem_at(&e, "teams.response.annual_leave_by_month[6]")
            .message
            .contains("below 100 %")
    );
}
