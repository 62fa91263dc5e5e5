//! Response: sending units to a graded incident (a G1 may pre-empt work),
//! the resolution team's telephone work on a G4 (some escalate to G3), and
//! the incident cleared when its last unit finishes.

use super::Force;
use crate::scenario::model::Grade;
use crate::sim::case::Stage;
use crate::sim::recorder::hour_of_week;
use crate::sim::team::Job;
use crate::sim::trace::{Mark, Tracer};
use crate::time::SimTime;
use crate::time::year_of;

impl<T: Tracer> Force<'_, T> {
    /// Queues one attendance job per unit needed at the area's response
    /// team; a G1 pre-empts pre-emptible work when no unit is free (see
    /// [`preempt_for_waiting_g1`](Self::preempt_for_waiting_g1)).
    pub(super) fn send_units(&mut self, now: SimTime, id: u32) {
        let case = self.cases.get_mut(id);
        case.stage = Stage::Attendance;
        case.units_left = case.units;
        let (grade, units, counted) = (case.grade, case.units, case.counted);
        let year = year_of(case.arrival, self.n_years);
        let area = &self.model.areas[case.area as usize];
        let team = match grade {
            Grade::G3 => area.neighbourhood_team.unwrap_or(area.response_team),
            _ => area.response_team,
        };
        if counted {
            self.recorders[year].dispatched(grade);
        }
        self.tracer
            .mark(id, case, Mark::Dispatched { team: team as u16 }, now);
        let how = hour_of_week(self.model, now);
        let class = grade.index() as u8;
        for unit in 0..units {
            self.teams[team].enqueue(now, Job::Attendance { case: id, unit }, class, false, how);
        }
        // A G1 left waiting pre-empts pre-emptible work (see `dispatch`).
        self.dispatch(now, team);
    }

    /// While G1 attendance waits at response `team` and no unit is free,
    /// takes units off pre-emptible work, one per waiting G1 job, and
    /// starts the G1s. While the team is over capacity (work overrunning a
    /// shift change) a pre-emption would free nothing, so none is made; it
    /// is tried again whenever a unit frees or capacity changes (every
    /// `dispatch`), so a G1 graded during an overrun does not wait behind
    /// G3 work once pre-emption can help.
    pub(super) fn preempt_for_waiting_g1(&mut self, now: SimTime, team: usize) {
        if !self.model.teams[team].is_response {
            return;
        }
        let mut how = None;
        while self.teams[team].top_class_waiting()
            && self.teams[team].busy() == self.teams[team].capacity
        {
            let how = *how.get_or_insert_with(|| hour_of_week(self.model, now));
            if !self.preempt_one(now, team, how) {
                break;
            }
            self.start_queued(now, team);
        }
    }

    /// Takes a unit off pre-emptible work; the work goes back to the front
    /// of its queue with its remaining travel and time on scene.
    /// Returns false if nothing could be pre-empted.
    fn preempt_one(&mut self, now: SimTime, team: usize, how: usize) -> bool {
        let Some(service) = self.teams[team].preempt(now) else {
            return false;
        };
        let Job::Attendance { case: id, unit } = service.job else {
            return false;
        };
        let case = self.cases.get_mut(id);
        self.tracer.mark(id, case, Mark::Preempted, now);
        let u = unit as usize;
        let elapsed = now.since(service.started);
        case.note_progress(u, service.started, now);
        case.travel_ms[u] = case.travel_ms[u].saturating_sub(elapsed);
        case.remaining_ms[u] = case.remaining_ms[u].saturating_sub(elapsed);
        self.teams[team].enqueue(now, service.job, service.class, true, how);
        true
    }

    /// A unit has finished its part at an incident (travel and time on
    /// scene); the incident is cleared when it was the last.
    pub(super) fn on_unit_finished(&mut self, now: SimTime, id: u32, unit: u8, started: SimTime) {
        let case = self.cases.get_mut(id);
        case.note_progress(unit.into(), started, now);
        case.units_left -= 1;
        if case.units_left == 0 {
            self.tracer.mark(id, case, Mark::Cleared, now);
            self.record_attended(id);
            self.close_incident(now, id);
        }
    }

    /// The resolution team has finished a G4: it escalates to a G3 and units
    /// are sent, or the incident is closed.
    pub(super) fn on_resolved(&mut self, now: SimTime, id: u32) {
        let case = self.cases.get_mut(id);
        self.tracer.mark(id, case, Mark::ResolutionEnded, now);
        if case.will_escalate {
            case.grade = Grade::G3;
            case.escalated = true;
            if case.counted {
                self.recorders[year_of(case.arrival, self.n_years)].escalated();
            }
            self.send_units(now, id);
        } else {
            if case.counted {
                self.recorders[year_of(case.arrival, self.n_years)]
                    .resolved(self.model, now.minutes_since(case.arrival));
            }
            self.close_incident(now, id);
        }
    }

    /// Books the response time (arrival to first unit on scene, minutes) of
    /// an attended incident in the year it arrived.
    pub(super) fn record_attended(&mut self, id: u32) {
        let case = self.cases.get(id);
        if let (true, Some(on_scene)) = (case.counted, case.first_on_scene) {
            let response_min = on_scene.minutes_since(case.arrival);
            let year = year_of(case.arrival, self.n_years);
            self.recorders[year].attended(self.model, case.grade, case.urban, response_min);
        }
    }
}
