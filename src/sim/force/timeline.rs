//! Test support: the hand-built timelines of one response team that the
//! unit tests of breaks ([`super::obligations`]), work after incidents
//! ([`super::after_incident`]) and proactive work ([`super::proactive`])
//! step through event by event.

use super::Force;
use crate::scenario::model::{Grade, Model};
use crate::sim::team::{Job, TeamId};
use crate::sim::trace::Tracer;
use crate::time::{SimTime, minutes_to_ms};

/// A scenario named `name` with one response team on one shift from
/// midnight of `length_hours` hours and `staff` single-crewed units, with
/// an empty `[time_budget.response]` table followed by `budget` (TOML:
/// keys of that table, then any further tables such as `[after_incident]`).
/// Its only demand is one G1 a year of 20 minutes on scene with no travel
/// (category `only`, index 0), so a timeline adds its own G1s.
///
/// # Panics
/// If the scenario is invalid (a fault in the test that wrote `budget`).
pub(super) fn model(name: &str, length_hours: u32, staff: u32, budget: &str) -> Model {
    let toml = format!(
        r#"
name = "{name}"
start_date = "2018-01-01"
horizon_days = 1
[channels.q]
team = "handlers"
priority = 1
grading_min = {{ dist = "fixed", value = 0.0 }}
handling_min = {{ dist = "fixed", value = 1.0 }}
[[streams]]
name = "q"
channel = "q"
volume_per_year = 1
category_mix = {{ only = 1.0 }}
[categories.only]
grade_mix = {{ g1 = 1.0 }}
on_scene_min = {{ dist = "fixed", value = 20.0 }}
[areas.all]
demand_share = 1.0
urban_share = 1.0
response_team = "response"
travel_urban_min = {{ dist = "fixed", value = 0.0 }}
travel_rural_min = {{ dist = "fixed", value = 0.0 }}
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
team = "handlers"
handling_min = {{ dist = "fixed", value = 1.0 }}
[teams.handlers]
shifts = [{{ name = "all day", start_hour = 0, length_hours = 24, staff = 1 }}]
[teams.response]
shifts = [{{ name = "day", start_hour = 0, length_hours = {length_hours}, staff = {staff} }}]
[time_budget.response]
{budget}
"#
    );
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    crate::scenario::from_str(name, &toml, &dir)
        .unwrap_or_else(|e| panic!("the {name} scenario is invalid: {e}"))
        .1
}

/// Runs `force`'s own events up to (not including) `until`.
pub(super) fn run_until<T: Tracer>(force: &mut Force<'_, T>, until: SimTime) {
    while let Some((now, event)) = force.calendar.pop_until(until) {
        if now >= until {
            force.calendar.schedule(now, event);
            break;
        }
        force.handle(now, event);
    }
}

/// A G1 of the `only` category, 20 minutes on scene with no travel, queued
/// for `team` at `now` and dispatched; its case id.
pub(super) fn g1_at<T: Tracer>(force: &mut Force<'_, T>, team: TeamId, now: SimTime) -> u32 {
    let id = force.cases.allocate();
    let case = force.cases.get_mut(id);
    case.grade = Grade::G1;
    case.category = 0;
    case.units = 1;
    case.units_left = 1;
    case.remaining_ms[0] = minutes_to_ms(20.0);
    case.travel_ms[0] = 0;
    case.stage = crate::sim::case::Stage::Attendance;
    force.teams[team]
        .queue
        .enqueue(now, Job::Attendance { case: id, unit: 0 }, 0, false, 0);
    force.dispatch(now, team);
    id
}
