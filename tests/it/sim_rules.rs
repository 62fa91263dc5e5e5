//! Simulation rules found wrong by cases from other simulators' bug
//! trackers (issue 12): each test is a hand-built scenario whose timeline is
//! known, so the rule can be checked case by case.

use crate::common::model_from;
use forcesim::sim::run_traced;

/// One response team: two units by day (00–12), one by night (12–24).
/// Long G3 jobs (30 hours on scene) arrive at midnight only and fill both
/// units; a G1 arrives at 12:xx, when the team is over capacity (two busy,
/// one on duty). At the next midnight capacity is back to two with both
/// units still on their G3s: nothing frees, so only a pre-emption retried
/// on the capacity change can send a unit to the waiting G1.
const OVER_CAPACITY_AT_G1: &str = r#"
name = "g1 behind g3 after a shift change"
start_date = "2018-01-01"
horizon_days = 4

[profiles.midnight]
hour_of_day = [1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]
[profiles.after_noon]
hour_of_day = [0,0,0,0,0,0,0,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,0]

[channels.999]
team = "handlers"
priority = 0
handling_min = { dist = "fixed", value = 1.0 }
grading_min = { dist = "fixed", value = 0.0 }

[categories.long_job]
grade_mix = { g3 = 1.0 }
on_scene_min = { dist = "fixed", value = 1800.0 }

[categories.emergency]
grade_mix = { g1 = 1.0 }
on_scene_min = { dist = "fixed", value = 1.0 }

[[streams]]
name = "long jobs"
channel = "999"
volume_per_year = 1460
profile = "midnight"
category_mix = { long_job = 1.0 }

[[streams]]
name = "emergencies"
channel = "999"
volume_per_year = 730
profile = "after_noon"
category_mix = { emergency = 1.0 }

[areas.all]
demand_share = 1.0
urban_share = 1.0
response_team = "response"
travel_urban_min = { dist = "fixed", value = 5.0 }
travel_rural_min = { dist = "fixed", value = 5.0 }

[grades.g1]
target_urban_min = 15
target_rural_min = 20
[grades.g2]
target_urban_min = 60
target_rural_min = 60
[grades.g3]
target_urban_min = 2880
target_rural_min = 2880
preemptible_by_g1 = true
[grades.g4]
team = "handlers"
handling_min = { dist = "fixed", value = 20.0 }

[teams.handlers]
shifts = [{ name = "all day", start_hour = 0, length_hours = 24, staff = 20 }]

[teams.response]
shifts = [
  { name = "day", start_hour = 0, length_hours = 12, staff = 2 },
  { name = "night", start_hour = 12, length_hours = 12, staff = 1 },
]
"#;

/// A G1 graded while its team is over capacity (work overrunning a shift
/// change) must still pre-empt G3 work as soon as pre-emption can free a
/// unit: when a unit frees or capacity changes. Each G1 here arrives
/// between 12:00 and 13:00 and must have a unit by the next midnight (plus
/// the minutes earlier G1s hold it); before the fix it waited behind
/// 30-hour G3 jobs until one ended, the next day.
#[test]
fn g1_preemption_retried_when_capacity_changes() {
    let model = model_from(OVER_CAPACITY_AT_G1).unwrap();
    let mut g1s = 0;
    for replication in 0..4 {
        let (_, trace) = run_traced(&model, 5, replication);
        for r in &trace.records {
            let (Some(dispatched), Some(grade)) = (r.dispatched.get(), r.grade) else {
                continue;
            };
            if grade != forcesim::scenario::model::Grade::G1 {
                continue;
            }
            g1s += 1;
            let day_ms = 24 * 3_600_000;
            let next_midnight = (dispatched.0 / day_ms + 1) * day_ms;
            if next_midnight >= model.horizon.0 {
                continue;
            }
            let assigned = r.unit_assigned.get().map(|t| t.0);
            // Earlier G1s of the same day each hold a unit for 6 minutes.
            let slack = 60 * 60_000;
            assert!(
                assigned.is_some_and(|t| t <= next_midnight + slack),
                "replication {replication}: G1 dispatched at {} h got a unit at {:?} h \
                 (capacity rose to two at {} h with both units on pre-emptible G3s)",
                dispatched.0 as f64 / 3.6e6,
                assigned.map(|t| t as f64 / 3.6e6),
                next_midnight as f64 / 3.6e6,
            );
        }
    }
    assert!(
        g1s >= 4,
        "only {g1s} G1 incidents: the scenario lost its point"
    );
}

/// Metric `name` of one replication's metrics, if present.
fn value(metrics: &[forcesim::metrics::Metric], name: &str) -> Option<f64> {
    metrics.iter().find(|m| m.name == name).map(|m| m.value)
}

/// Statistics over split periods count each period once: with a warm-up
/// longer than the first simulated year, the counted run is exactly the
/// counted part of year 2, so every whole-run figure must equal year 2's
/// (before the fix, year 1's warm-up-only team periods were merged into the
/// run: utilisation, person-hours, queue days). And a ratio's denominator
/// follows the staffing simulated in its period: a plan halving a team in
/// year 2 halves its FTEs too, so productive hours per FTE stay put.
#[test]
fn split_periods_count_once() {
    use crate::common::{MINIMAL, metric};
    let long_warmup = MINIMAL
        .replace("horizon_days = 28", "horizon_days = 730\nwarmup_days = 400")
        .replace(
            "grade_mix = { none = 1.0 }",
            "grade_mix = { g1 = 0.2, g3 = 0.3, g4 = 0.2, none = 0.3 }",
        );
    let model = model_from(&long_warmup).unwrap();
    let result = forcesim::metrics::run(&model, 9, 0);
    let mut compared = 0;
    for m in &result.metrics {
        let Some(rest) = m.name.strip_prefix("years.2.") else {
            continue;
        };
        let Some(whole) = value(&result.metrics, rest) else {
            continue;
        };
        let same = whole == m.value
            || (whole.is_nan() && m.value.is_nan())
            || (whole - m.value).abs() <= 1e-9 * whole.abs().max(m.value.abs());
        assert!(
            same,
            "{rest}: whole run {whole}, year 2 {} (the same counted period)",
            m.value
        );
        compared += 1;
    }
    assert!(compared > 50, "only {compared} metrics compared");

    // Hour-by-hour roster and a two-year plan that halves the response team.
    let plan = MINIMAL
        .replace("horizon_days = 28", "horizon_days = 730")
        .replace(
            "[teams.response]\n",
            "[teams.response]\nheadcount = 10\nstaffing_by_year = [1.0, 0.5]\nrostered_hours_override_reason = \"per-FTE arithmetic on round numbers\"\n",
        )
        .replace(
            r#"shifts = [{ name = "all day", start_hour = 0, length_hours = 24, staff = 2 }]"#,
            r#"shifts = [{ name = "day", start_hour = 8, length_hours = 12, staff = 4 }, { name = "night", start_hour = 20, length_hours = 12, staff = 2 }]"#,
        );
    let model = model_from(&plan).unwrap();
    let r = forcesim::metrics::run(&model, 9, 0);
    let name = "teams.response.productive_hours_per_fte_year";
    let (y1, y2) = (
        metric(&r.metrics, &format!("years.1.{name}")),
        metric(&r.metrics, &format!("years.2.{name}")),
    );
    // Rostered person-hours a day: 4 × 12 + 2 × 12 = 72 in year 1 for 10 FTE,
    // half of each in year 2 for 5 FTE; the night shift that starts at 20:00
    // on the last day of year 1 is staffed by year 1's plan, so its 8 hours
    // after midnight bring 2 people instead of 1 into year 2.
    let year1 = 72.0 * 365.0;
    let year2 = 36.0 * 365.0 + 8.0;
    for (year, got, expected) in [(1, y1, year1 / 10.0), (2, y2, year2 / 5.0)] {
        assert!(
            (got - expected).abs() <= 1e-9 * expected,
            "year {year}: {got} productive hours per FTE-year, expected {expected}"
        );
    }
    let whole = metric(&r.metrics, name);
    let expected = (year1 + year2) / 15.0;
    assert!(
        (whole - expected).abs() <= 1e-9 * expected,
        "whole run: {whole}, expected {expected}"
    );
}

/// Demand no server can take at some or all hours is stated by `check` and
/// at run time, never run silently to a 100 % loss: a staffing plan that
/// closes a team in year 2 (with a warm-up longer than year 1), a
/// reservation that leaves no server for lower priorities, and an
/// hour-by-hour roster in which only the reserved units work at night.
#[test]
fn unservable_demand_is_reported() {
    use crate::common::MINIMAL;
    use forcesim::scenario::coverage::unservable_demand;
    let base = model_from(MINIMAL).unwrap();
    assert!(
        unservable_demand(&base).is_empty(),
        "{:?}",
        unservable_demand(&base)
    );

    let closed = MINIMAL
        .replace("horizon_days = 28", "horizon_days = 730\nwarmup_days = 400")
        .replace(
            "[teams.resolution]\n",
            "[teams.resolution]\nstaffing_by_year = [1.0, 0.0]\n",
        );
    let warnings = unservable_demand(&model_from(&closed).unwrap());
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("UNSERVABLE: resolution")
                && w.contains("simulated year 2")
                && w.contains("G4")),
        "{warnings:?}"
    );

    let reserved = format!(
        "{}{}",
        MINIMAL.replace(
            "[teams.handlers]\n",
            "[teams.handlers]\nreserved_for_top_priority = 1\n"
        ),
        r#"
[channels.999]
team = "handlers"
priority = 0
handling_min = { dist = "fixed", value = 1.0 }
grading_min = { dist = "fixed", value = 0.0 }

[[streams]]
name = "emergencies"
channel = "999"
volume_per_year = 1000
category_mix = { enquiry = 1.0 }
"#
    );
    let warnings = unservable_demand(&model_from(&reserved).unwrap());
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("UNSERVABLE: handlers") && w.contains("101 contacts")),
        "{warnings:?}"
    );

    let nights = MINIMAL
        .replace("[teams.response]\n", "[teams.response]\nreserved_for_top_priority = 1\n")
        .replace(
            r#"shifts = [{ name = "all day", start_hour = 0, length_hours = 24, staff = 2 }]"#,
            r#"shifts = [{ name = "day", start_hour = 8, length_hours = 12, staff = 3 }, { name = "night", start_hour = 20, length_hours = 12, staff = 1 }]"#,
        );
    let warnings = unservable_demand(&model_from(&nights).unwrap());
    assert!(
        warnings.iter().any(|w| w.starts_with(
            "response has only its 1 reserved servers on duty for up to 84 of the 168 hours"
        )),
        "{warnings:?}"
    );

    // The command line states it: `check` and `run` (before simulating).
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("reserved.toml");
    std::fs::write(&file, &reserved).unwrap();
    for args in [
        vec!["check".to_string(), file.display().to_string()],
        vec![
            "run".into(),
            file.display().to_string(),
            "-n".into(),
            "1".into(),
            "--set".into(),
            "horizon_days=1".into(),
        ],
    ] {
        let out = assert_cmd::Command::cargo_bin("forcesim")
            .unwrap()
            .args(&args)
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(
            stderr.contains("warning:") && stderr.contains("UNSERVABLE: handlers"),
            "{args:?} said nothing about 101 contacts that can never start:\n{stderr}"
        );
    }
}
