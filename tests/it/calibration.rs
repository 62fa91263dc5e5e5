//! The default scenario against the calibration figures (CALIBRATION.md).
//!
//! Inputs: 999 and 101 volumes and mental-health calls within ±2 % of the
//! FMS 2019 figures, and 50 % ± 2 points of incidents attended. Outputs:
//! the plausibility ranges a planner would check by eye.

use crate::common::default_model;
use forcesim::batch::{self, BatchOptions, BatchResult};
use std::sync::OnceLock;

/// Four replications of the default year, shared by the tests below.
fn result() -> &'static BatchResult {
    static RESULT: OnceLock<BatchResult> = OnceLock::new();
    RESULT.get_or_init(|| {
        let model = default_model();
        batch::run(
            &model,
            BatchOptions {
                seed: 2018,
                replications: 4,
                threads: None,
            },
            &|| {},
        )
        .unwrap()
    })
}

fn mean(name: &str) -> f64 {
    result()
        .metric(name)
        .unwrap_or_else(|| panic!("no metric {name}"))
        .estimate
        .mean
}

fn assert_within(name: &str, target: f64, relative: f64) {
    let m = mean(name);
    assert!(
        (m - target).abs() <= relative * target,
        "{name}: {m:.0} is not within ±{:.0} % of {target}",
        relative * 100.0
    );
}

fn assert_range(name: &str, lo: f64, hi: f64) {
    let m = mean(name);
    assert!(
        (lo..=hi).contains(&m),
        "{name}: {m} outside plausible range [{lo}, {hi}]"
    );
}

#[test]
fn call_volumes_match_the_force_management_statement() {
    assert_within("calls.999.offered", 173_000.0, 0.02);
    assert_within("calls.101.offered", 432_618.0, 0.02);
    assert_within("demand.mental_health.offered", 10_173.0, 0.02);
}

#[test]
fn half_of_incidents_are_attended() {
    let share = mean("incidents.attended_share");
    assert!((share - 0.50).abs() <= 0.02, "attended share {share}");
}

#[test]
fn contact_outputs_are_plausible() {
    // National standard ~90 % of 999 calls within 10 s (Norfolk measured 88 %).
    assert_range("calls.999.answered_within_10s_share", 0.85, 0.95);
    // 101: minutes, not seconds or hours (92 s in 2015, ~10 min in 2021).
    assert_range("calls.101.answer_time_mean_s", 30.0, 600.0);
}

#[test]
fn attendance_outputs_are_plausible() {
    // "Most" G1 within 15 min urban / 20 min rural; most G2 within 60 min.
    assert_range("response.g1.within_target_share", 0.6, 0.95);
    assert_range("response.g1.response_time_mean_min", 8.0, 16.0);
    assert_range("response.g2.within_target_share", 0.6, 1.0);
}

#[test]
fn officers_are_busy_but_well_below_capacity() {
    for team in ["response_north", "response_south", "response_east"] {
        assert_range(&format!("teams.{team}.utilisation"), 0.25, 0.70);
    }
    // About 1,500-1,650 officers (CALIBRATION.md).
    assert_range("workforce.officers", 1_500.0, 1_650.0);
}

#[test]
fn recorded_crime_matches_the_force_management_statement() {
    assert_within("crimes.recorded", 84_678.0, 0.02);
    // "Stalking or harassment crimes made up over 2,800": the type exists
    // and is of that order (the mix is an assumption, so a loose range).
    assert_range("crimes.stalking_harassment.recorded", 2_800.0, 3_600.0);
}

#[test]
fn missing_person_episodes_match_the_force_management_statement() {
    assert_within("missing.episodes", 5_022.0, 0.02);
}
