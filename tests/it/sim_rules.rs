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
