//! Geography in the force: units with positions on teams with bases. The
//! rules of [`crate::sim::dispatch`] decide which unit and team go; this
//! carries their decisions out: units on and off duty by base, the nearest
//! free unit sent with the travel it actually makes, units released after
//! a job, and queued jobs crossing an area boundary.
//!
//! Every entry point does nothing without a geography (`Force::geo` is
//! `None`), so a scenario without one runs as before, bit for bit.

use super::{Event, Force};
use crate::scenario::model::Grade;
use crate::sim::case::Stage;
use crate::sim::dispatch;
use crate::sim::geography::Crossing;
use crate::sim::recorder::hour_of_week;
use crate::sim::team::{Job, TeamId};
use crate::sim::trace::{Mark, Tracer};
use crate::time::{SimTime, minutes_to_ms};

impl<T: Tracer> Force<'_, T> {
    /// Team `team` has `units` on duty from `now`: shared among its bases.
    pub(super) fn geo_units(&mut self, now: SimTime, team: TeamId, units: u32) {
        if let (Some(g), Some(geo)) = (self.model.geography.as_ref(), self.geo.as_mut()) {
            geo.set_units(g, now, team.index(), units);
        }
    }

    /// Team `team`'s units on the map follow its capacity for calls after a
    /// change within the hour (a unit going on or coming back from a break,
    /// briefing or administration): a unit on an obligation is off the map
    /// like a unit off duty, so dispatch never picks it, and it comes back
    /// at its base. Does nothing without a geography.
    pub(super) fn geo_follow_capacity(&mut self, now: SimTime, team: TeamId) {
        if self.geo.is_some() {
            let units = self.teams[team].queue.capacity;
            self.geo_units(now, team, units);
        }
    }

    /// Sends the units of graded incident `id` when its area's attending
    /// team has bases: each unit in turn to the team the dispatch rules
    /// choose ([`dispatch::geographic_attendance_team`]), so the nearest
    /// free units go; one left queued may later cross to another area.
    /// Returns false (nothing done) when the team has no bases.
    pub(super) fn send_units_by_place(&mut self, now: SimTime, id: u32) -> bool {
        let model = self.model;
        let (Some(g), Some(_)) = (model.geography.as_ref(), self.geo.as_ref()) else {
            return false;
        };
        let case = self.cases.get_mut(id);
        let (area, atom, grade, units) = (
            usize::from(case.area),
            usize::from(case.atom),
            case.grade,
            case.units,
        );
        let own = dispatch::attendance_team(model, &self.teams, area, grade);
        if !g.is_geographic(own.index()) {
            return false;
        }
        case.stage = Stage::Attendance;
        case.units_left = units;
        self.observer.dispatched(id, case, own.0, now);
        let how = hour_of_week(model, now);
        let class = grade.index() as u8;
        for unit in 0..units {
            let geo = self.geo.as_ref().expect("a geography");
            let (team, _) =
                dispatch::geographic_attendance_team(model, geo, &self.teams, area, atom, grade);
            let job = Job::Attendance { case: id, unit };
            self.teams[team].queue.enqueue(now, job, class, false, how);
            self.dispatch(now, team);
            let case = self.cases.get(id);
            if team != own || case.unit_started[usize::from(unit)] {
                continue;
            }
            if grade == Grade::G1 && g.g1_force_wide {
                self.list_crossing(now, id, unit, own, now, true);
            } else if let Some(after) = g.neighbour_after_min {
                let generation = case.generation;
                self.calendar.schedule(
                    now.plus_minutes(after),
                    Event::CrossArea {
                        case: id,
                        unit,
                        generation,
                    },
                );
            }
        }
        true
    }

    /// A unit of geographic team `team` starts (or resumes) attendance
    /// `unit` of case `id`: the nearest free unit goes, and a first start
    /// takes the travel it draws from where it is.
    pub(super) fn assign_unit(&mut self, now: SimTime, team: TeamId, id: u32, unit: u8) {
        let model = self.model;
        let (Some(g), Some(geo)) = (model.geography.as_ref(), self.geo.as_mut()) else {
            return;
        };
        let t = team.index();
        if !g.is_geographic(t) {
            return;
        }
        let case = self.cases.get_mut(id);
        let atom = usize::from(case.atom);
        let free = dispatch::free_units_for_travel(g, geo, atom);
        let Some((i, _)) = dispatch::nearest_free_unit(g, geo, t, atom, free) else {
            return;
        };
        let factor = model.grades.attendance[case.grade.index().min(2)].travel_factor;
        let travel_min = geo.send(g, now, t, i, (id, unit), atom, free, factor);
        let u = usize::from(unit);
        if !case.unit_started[u] {
            let on_scene = case.remaining_ms[u] - case.travel_ms[u];
            let travel_ms = minutes_to_ms(travel_min);
            case.travel_ms[u] = travel_ms;
            case.remaining_ms[u] = travel_ms + on_scene;
            if case.counted {
                let own = dispatch::attendance_team(
                    model,
                    &self.teams,
                    usize::from(case.area),
                    case.grade,
                );
                geo.note_sent(own != team, travel_min);
            }
        }
    }

    /// The unit of `team` on attendance `unit` of case `id` is done with
    /// it (finished or pre-empted) at `now`.
    pub(super) fn release_unit(&mut self, now: SimTime, team: TeamId, id: u32, unit: u8) {
        if let (Some(g), Some(geo)) = (self.model.geography.as_ref(), self.geo.as_mut())
            && g.is_geographic(team.index())
        {
            let at = usize::from(self.cases.get(id).atom);
            geo.release(g, now, team.index(), (id, unit), at);
        }
    }

    /// Attendance `unit` of case `id` has waited `neighbour_after_min` in
    /// its own area (if still queued, and the case not reused since, by
    /// `generation`): a neighbouring area's free unit may now take it.
    pub(super) fn on_cross_area(&mut self, now: SimTime, id: u32, unit: u8, generation: u32) {
        let case = self.cases.get(id);
        if case.generation != generation
            || case.stage != Stage::Attendance
            || case.unit_started[usize::from(unit)]
        {
            return;
        }
        let own =
            dispatch::attendance_team(self.model, &self.teams, usize::from(case.area), case.grade);
        let after = self
            .model
            .geography
            .as_ref()
            .and_then(|g| g.neighbour_after_min)
            .unwrap_or(0.0);
        let enqueued = SimTime(now.0.saturating_sub(minutes_to_ms(after)));
        self.list_crossing(now, id, unit, own, enqueued, false);
    }

    /// Lists attendance `unit` of case `id`, queued at `own` since
    /// `enqueued`, as one another area's unit may take, and sends the
    /// nearest such free unit at once if there is one.
    fn list_crossing(
        &mut self,
        now: SimTime,
        id: u32,
        unit: u8,
        own: TeamId,
        enqueued: SimTime,
        force_wide: bool,
    ) {
        let model = self.model;
        let (Some(g), Some(geo)) = (model.geography.as_ref(), self.geo.as_mut()) else {
            return;
        };
        let case = self.cases.get(id);
        let area = usize::from(case.area);
        geo.crossings.push(Crossing {
            case: id,
            unit,
            generation: case.generation,
            area: case.area,
            class: case.grade.index() as u8,
            team: own.0,
            enqueued,
            force_wide,
        });
        let geo = self.geo.as_ref().expect("a geography");
        let eligible = |b: usize| {
            force_wide || geo.team_area[b].is_some_and(|other| g.neighbours[area][other])
        };
        let atom = usize::from(case.atom);
        if let Some(b) = dispatch::nearest_other_team(model, geo, &self.teams, own, atom, eligible)
        {
            self.take_crossings(now, b);
        }
    }

    /// While geographic team `team` has a free server and nothing queued,
    /// it takes listed jobs of other areas ([`dispatch::crossing_for`]).
    pub(super) fn take_crossings(&mut self, now: SimTime, team: TeamId) {
        let model = self.model;
        let Some(g) = model.geography.as_ref() else {
            return;
        };
        if !g.is_geographic(team.index()) {
            return;
        }
        loop {
            let q = &self.teams[team].queue;
            if !q.has_free_server() || q.queued() > 0 {
                return;
            }
            let Some(geo) = self.geo.as_mut() else {
                return;
            };
            let Some(i) = dispatch::crossing_for(model, geo, team) else {
                return;
            };
            let c = geo.crossings.remove(i);
            let case = self.cases.get(c.case);
            if case.generation != c.generation
                || case.stage != Stage::Attendance
                || case.unit_started[usize::from(c.unit)]
            {
                continue;
            }
            let job = Job::Attendance {
                case: c.case,
                unit: c.unit,
            };
            let from = TeamId(c.team);
            if self.teams[from].queue.remove(now, job, c.class).is_none() {
                continue;
            }
            self.observer
                .mark(c.case, case, Mark::Dispatched { team: team.0 }, now);
            let how = hour_of_week(model, now);
            self.teams[team]
                .queue
                .enqueue(now, job, c.class, false, how);
            self.dispatch_queue(now, team);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::trace::NoTrace;

    /// With a geography and a time budget together, the units on the map
    /// of each team with bases are exactly its capacity for calls after
    /// every event: a unit on a break, briefing or administration is never
    /// a free unit dispatch could pick (it was before the two were joined:
    /// the map kept every unit on duty while the queue lost those on a
    /// break, so dispatch chose among units that were not there).
    #[test]
    fn units_on_the_map_are_the_capacity_for_calls_through_obligations() {
        // Hubs: one base a team; LPAs: two to five bases a team, so units
        // also move between bases' shares.
        for file in [
            "staffordshire-2018-hubs-geography.toml",
            "staffordshire-2018-lpas-geography.toml",
        ] {
            units_on_the_map_follow_capacity(file);
        }
    }

    fn units_on_the_map_follow_capacity(file: &str) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios")
            .join(file);
        let model = crate::scenario::from_file(&path)
            .expect("shipped scenario")
            .1;
        assert!(model.time_budgets.iter().any(Option::is_some));
        let mut force = Force::new(&model, 7, 0, NoTrace);
        force.begin_run();
        let until = SimTime::from_hours(72);
        let mut checked = 0u64;
        let mut obligations = 0u64;
        while let Some((now, event)) = force.calendar.pop_until(until) {
            if now >= until {
                break;
            }
            obligations += u64::from(matches!(event, Event::Obligation { .. }));
            force.handle(now, event);
            let geo = force.geo.as_ref().expect("the scenario has a geography");
            geo.assert_counts();
            for t in force.teams.rostered_ids() {
                if model.geography.as_ref().unwrap().team_bases[t.index()].is_empty() {
                    continue;
                }
                let on_map = geo.fleets[t.index()]
                    .iter()
                    .filter(|u| u.on_duty && !u.leaving)
                    .count();
                assert_eq!(
                    on_map,
                    force.teams[t].queue.capacity as usize,
                    "{file}: team {} at {now:?}",
                    model.teams[t.index()].name
                );
                checked += 1;
            }
        }
        assert!(
            obligations > 100 && checked > 10_000,
            "{file}: {obligations} {checked}"
        );
    }
}
