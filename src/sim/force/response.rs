//! Response: sending units to a graded incident (to the team the dispatch
//! rules choose; a G1 may pre-empt work there), the resolution team's
//! telephone work on a G4 (some escalate to G3), and the incident cleared
//! when its last unit finishes.

use super::Force;
use crate::scenario::model::Grade;
use crate::sim::case::Stage;
use crate::sim::dispatch;
use crate::sim::recorder::hour_of_week;
use crate::sim::team::{Job, TeamId};
use crate::sim::trace::Tracer;
use crate::time::SimTime;

impl<T: Tracer> Force<'_, T> {
    /// Queues one attendance job per unit needed at the team the dispatch
    /// rules choose ([`dispatch::attendance_team`]); a G1 pre-empts
    /// pre-emptible work there when no unit is free
    /// ([`dispatch::preempt_for_g1`]).
    pub(super) fn send_units(&mut self, now: SimTime, id: u32) {
        if self.geo.is_some() && self.send_units_by_place(now, id) {
            return;
        }
        let case = self.cases.get_mut(id);
        case.stage = Stage::Attendance;
        case.units_left = case.units;
        let (grade, units) = (case.grade, case.units);
        let team = dispatch::attendance_team(self.model, &self.teams, case.area.into(), grade);
        self.observer.dispatched(id, case, team.0, now);
        let how = hour_of_week(self.model, now);
        let class = grade.index() as u8;
        for unit in 0..units {
            self.teams[team].queue.enqueue(
                now,
                Job::Attendance { case: id, unit },
                class,
                false,
                how,
            );
        }
        // A G1 left waiting pre-empts pre-emptible work (see `dispatch`).
        self.dispatch(now, team);
    }

    /// A unit of `team` has finished its part at an incident (travel and
    /// time on scene); the incident is cleared when it was the last, and
    /// that unit starts the work that follows ([`Force::after_incident`]).
    pub(super) fn on_unit_finished(
        &mut self,
        now: SimTime,
        team: TeamId,
        id: u32,
        unit: u8,
        started: SimTime,
    ) {
        let case = self.cases.get_mut(id);
        case.note_progress(unit.into(), started, now);
        case.units_left -= 1;
        if case.units_left == 0 {
            self.observer.cleared(id, case, now);
            self.after_incident(now, team, id);
            self.close_incident(now, id);
        }
    }

    /// The resolution team has finished a G4: it escalates to a G3 and units
    /// are sent, or the incident is closed.
    pub(super) fn on_resolved(&mut self, now: SimTime, id: u32) {
        let case = self.cases.get_mut(id);
        self.observer.resolution_ended(id, case, now);
        if case.will_escalate {
            case.grade = Grade::G3;
            case.escalated = true;
            self.send_units(now, id);
        } else {
            self.close_incident(now, id);
        }
    }
}
