//! Workforce levers: time freed by process change, productivity, overtime,
//! and the wellbeing signal.

use crate::common::{MINIMAL, metric, model_from};

fn handlers(extra: &str, staff: u32, volume: f64) -> String {
    MINIMAL.replace("horizon_days = 28", "horizon_days = 365").replace("volume_per_year = 43800", &format!("volume_per_year = {volume}")).replace(
        "[teams.handlers]\nshifts = [{ name = \"all day\", start_hour = 0, length_hours = 24, staff = 1 }]",
        &format!(
            "[teams.handlers]\nheadcount = {}\nabstraction = {{ annual_leave = 0.15, sickness = 0.05 }}\n{extra}\nshifts = [{{ name = \"all day\", start_hour = 0, length_hours = 24, staff = {staff} }}]",
            staff * 5
        ),
    )
}

fn mean_over(text: &str, name: &str, reps: u64) -> f64 {
    let model = model_from(text).unwrap();
    (0..reps)
        .map(|r| metric(&forcesim::metrics::run(&model, 30, r).metrics, name))
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
