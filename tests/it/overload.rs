//! An overloaded force finishes in bounded time and memory and says so.

use crate::common::{MINIMAL, metric, model_from};
use forcesim::batch::{self, BatchOptions};
use forcesim::report;

#[test]
fn demand_above_capacity_is_reported_as_unstable_with_its_backlog_growth() {
    // One handler, offered load 3: the backlog grows by about 2/3 of the
    // 240 calls a day.
    let text = MINIMAL
        .replace("volume_per_year = 43800", "volume_per_year = 131400")
        .replace("horizon_days = 28", "horizon_days = 60");
    let model = model_from(&text).unwrap();
    let result = batch::run(
        &model,
        BatchOptions {
            seed: 1,
            replications: 3,
            threads: None,
        },
        &|| {},
    )
    .unwrap();
    let growth = result
        .metric("teams.handlers.backlog_growth_per_day")
        .unwrap()
        .estimate;
    // Arrivals 360/day, capacity 240/day: growth 120/day.
    assert!(
        (growth.mean - 120.0).abs() < 15.0,
        "backlog growth {} a day",
        growth.mean
    );
    let statements = report::analyse(&model, &result).statements;
    assert!(
        statements
            .iter()
            .any(|s| s.starts_with("UNSTABLE: handlers")),
        "no instability statement in {statements:?}"
    );
    // A stable team is not flagged.
    assert!(!statements.iter().any(|s| s.contains("UNSTABLE: response")));
}

#[test]
fn hopeless_overload_stops_early_instead_of_exhausting_memory() {
    // 50 million calls a year on one handler: the run stops once a million
    // cases wait, and says when.
    let text = MINIMAL
        .replace("volume_per_year = 43800", "volume_per_year = 50000000")
        .replace("horizon_days = 28", "horizon_days = 60");
    let model = model_from(&text).unwrap();
    let r = forcesim::metrics::run(&model, 1, 0);
    assert_eq!(metric(&r.metrics, "run.stopped_early"), 1.0);
    let days = metric(&r.metrics, "run.simulated_days");
    assert!(days > 5.0 && days < 10.0, "stopped after {days} days");
    let result = batch::summarise(1, vec![r]).expect("one replication has one shape");
    let statements = report::analyse(&model, &result).statements;
    assert!(statements[0].starts_with("OVERLOADED"), "{statements:?}");
}

#[test]
fn a_team_closed_at_night_is_valid_and_reported() {
    let model = model_from(MINIMAL).unwrap();
    let result = batch::run(
        &model,
        BatchOptions {
            seed: 1,
            replications: 2,
            threads: None,
        },
        &|| {},
    )
    .unwrap();
    let statements = report::analyse(&model, &result).statements;
    assert!(
        statements
            .iter()
            .any(|s| s.starts_with("resolution has no one on duty for 70 of the 168 hours")),
        "{statements:?}"
    );
}
