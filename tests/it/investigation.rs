//! Investigations against simple truths of a capacity-limited queue.

use crate::common::{MINIMAL, metric, model_from};
use forcesim::batch::{self, BatchOptions};

/// MINIMAL where every enquiry is a G4 that records a crime, investigated
/// by `headcount` investigators with a caseload cap of 4 and 40 productive
/// hours a week; each case needs `hours` of work.
fn scenario(headcount: u32, hours: f64, days: u32) -> String {
    let investigation = format!(
        r#"
[crime_types.theft]
team = "volume"
work_hours = {{ dist = "fixed", value = {hours} }}
outcome_mix = {{ charge = 0.2, no_further_action = 0.8 }}

[investigation_teams.volume]
headcount = {headcount}
caseload_cap = 4
contracted_hours_per_week = 40
"#
    );
    MINIMAL
        .replace("horizon_days = 28", &format!("horizon_days = {days}"))
        .replace(
            "grade_mix = { none = 1.0 }",
            "grade_mix = { g4 = 1.0 }\ncrime_mix = { theft = 1.0 }",
        )
        // 2 calls an hour; resolution open around the clock so crimes flow evenly.
        .replace("volume_per_year = 43800", "volume_per_year = 17520")
        .replace(
            r#"shifts = [{ name = "day", start_hour = 8, length_hours = 14, staff = 1 }]"#,
            r#"shifts = [{ name = "all day", start_hour = 0, length_hours = 24, staff = 2 }]"#,
        )
        + &investigation
}

#[test]
fn an_overloaded_team_builds_backlog_at_arrivals_minus_capacity() {
    // 48 crimes a day × 10 hours = 480 hours of work a day; 10 investigators
    // give 10 × 40 / 7 = 57.1 hours a day. A case completes every
    // 10/57.1 days, so capacity is 5.71 cases a day: the backlog grows by
    // 48 − 5.71 = 42.3 cases a day.
    let model = model_from(&scenario(10, 10.0, 120)).unwrap();
    let result = batch::run(
        &model,
        BatchOptions {
            seed: 3,
            replications: 4,
            threads: None,
        },
        &|| {},
    )
    .unwrap();
    let growth = result
        .metric("investigations.volume.backlog_growth_per_day")
        .unwrap()
        .estimate;
    let expected = 48.0 - 10.0 * 40.0 / 7.0 / 10.0;
    let (lo, hi) = (growth.ci95_low.unwrap(), growth.ci95_high.unwrap());
    // Poisson arrivals: the day-to-day noise is ±7 a day, so the slope over
    // 120 days is known to well under 1 case a day.
    assert!(
        (growth.mean - expected).abs() < 1.0,
        "growth {} (CI {lo}–{hi}), expected {expected}",
        growth.mean
    );
    let occupancy = result
        .metric("investigations.volume.slot_occupancy")
        .unwrap()
        .estimate
        .mean;
    assert!(
        occupancy > 0.99,
        "slots should all be full, got {occupancy}"
    );
    assert!(
        forcesim::report::analyse(&model, &result)
            .statements
            .iter()
            .any(|s| s.starts_with("GROWING BACKLOG: open investigations for volume "))
    );
}

#[test]
fn a_team_with_spare_slots_allocates_at_once_and_takes_the_work_time() {
    // 48 cases a day × 2 hours, 40 investigators × cap 4 = 160 slots; each
    // case takes 2 × 4 / 40 weeks = 1.4 days; about 67 slots busy.
    let model = model_from(&scenario(40, 2.0, 60)).unwrap();
    let r = forcesim::metrics::run(&model, 1, 0);
    assert_eq!(
        metric(
            &r.metrics,
            "investigations.volume.wait_for_allocation_mean_days"
        ),
        0.0
    );
    let days = metric(&r.metrics, "crimes.theft.days_to_outcome_mean");
    assert!((days - 1.4).abs() < 1e-3, "time to outcome {days}");
    let caseload = metric(
        &r.metrics,
        "investigations.volume.caseload_per_investigator_mean",
    );
    assert!(
        (caseload - 48.0 * 1.4 / 40.0).abs() < 0.15,
        "caseload {caseload}"
    );
}

/// A statement words a stock as a stock and a flow as a rate: the growing
/// backlog's mean is a number of open cases, not "… a year" (it read "26 %
/// of its mean backlog of 281 a year"); the yearly figure is the rise.
#[test]
fn the_growing_backlog_statement_words_stocks_as_stocks_and_rises_as_rates() {
    let model = model_from(&scenario(10, 10.0, 120)).unwrap();
    let result = batch::run(
        &model,
        BatchOptions {
            seed: 3,
            replications: 4,
            threads: None,
        },
        &|| {},
    )
    .unwrap();
    let statements = forcesim::report::analyse(&model, &result).statements;
    let s = statements
        .iter()
        .find(|s| s.starts_with("GROWING BACKLOG: "))
        .expect("the overloaded team is flagged");
    let trend = forcesim::report::growth::backlog_trends(&model, &result)
        .into_iter()
        .find(|t| t.growing)
        .unwrap();
    // Every "a year" follows a number of cases: the rise in a year.
    let yearly = (trend.per_week.mean * forcesim::report::growth::WEEKS_PER_YEAR).round();
    let rise = format!(
        "{} cases a year",
        forcesim::report::format::grouped(&format!("{yearly:.0}"))
    );
    assert_eq!(s.matches("a year").count(), 1, "{s}");
    assert!(s.contains(&rise), "expected `{rise}` in: {s}");
    // The mean backlog is stated as open cases, with its number grouped.
    let mean = forcesim::report::format::grouped(&format!("{:.0}", trend.mean_backlog));
    assert!(
        s.contains(&format!("mean of {mean} open cases")),
        "expected the mean backlog {mean} as a stock in: {s}"
    );
}
