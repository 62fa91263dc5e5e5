//! Recorded crime and investigations: what happens to a case after its
//! incident is closed.
//!
//! An incident that records a crime (drawn at arrival) passes it to
//! investigation when the incident closes (attended and cleared, or
//! resolved by telephone). Screened-out crimes end there. Others may first
//! queue for digital forensics, then queue for a case slot in the owning
//! team; the case holds the slot for `work_hours × caseload_cap /
//! productive_hours_per_week` weeks (see
//! [`crate::scenario::model::InvestigationTeam`]).

use super::Force;
use crate::sim::case::Stage;
use crate::sim::dispatch;
use crate::sim::team::{Job, TeamId};
use crate::sim::trace::{End, Mark, Tracer};
use crate::time::SimTime;

impl<T: Tracer> Force<'_, T> {
    /// The incident is over: record its crime and start the investigation,
    /// or end the case.
    pub(super) fn close_incident(&mut self, now: SimTime, id: u32) {
        let model = self.model;
        let case = self.cases.get_mut(id);
        let Some(crime) = case.crime.as_mut() else {
            let end = match case.stage {
                Stage::Resolution => End::Resolved,
                _ => End::Attended,
            };
            self.observer.ended(id, end);
            self.cases.free(id);
            return;
        };
        crime.recorded = now;
        let crime = *crime;
        self.observer.crime_recorded(id, case, now);
        if crime.screened_out {
            self.observer.ended(id, End::ScreenedOut);
            self.cases.free(id);
            return;
        }
        let (team, job) = dispatch::casework_team(model, &self.teams, id, &crime, false);
        case.stage = match job {
            Job::Forensics { .. } => Stage::Forensics,
            _ => Stage::Investigation,
        };
        self.queue_casework(now, team, job);
    }

    fn queue_casework(&mut self, now: SimTime, team: TeamId, job: Job) {
        let how = crate::sim::recorder::hour_of_week(self.model, now);
        self.teams[team].queue.enqueue(now, job, 0, false, how);
        self.dispatch(now, team);
    }

    /// Digital forensics on case `id` has finished: it goes on to its
    /// owning team's investigation.
    pub(super) fn on_forensics_finished(&mut self, now: SimTime, id: u32) {
        let case = self.cases.get_mut(id);
        let Some(crime) = case.crime else {
            self.cases.free(id);
            return;
        };
        self.observer.mark(id, case, Mark::ForensicsFinished, now);
        case.stage = Stage::Investigation;
        let (team, job) = dispatch::casework_team(self.model, &self.teams, id, &crime, true);
        self.queue_casework(now, team, job);
    }

    /// The investigation of case `id` has reached its outcome: the case ends.
    pub(super) fn on_investigated(&mut self, now: SimTime, id: u32) {
        let case = self.cases.get_mut(id);
        if case.crime.is_some() {
            self.observer.investigated(id, case, now);
        }
        self.cases.free(id);
    }

    /// Sets each investigation team's case slots for simulated `year`.
    pub(super) fn start_investigation_year(&mut self, now: SimTime, year: usize) {
        for t in self.teams.casework_ids() {
            let team = &mut self.teams[t];
            let model_team = &self.model.investigation_teams[team.source];
            let people = (model_team.headcount
                * crate::scenario::model::staffing_in_year(&model_team.staffing_by_year, year))
            .round();
            let slots = model_team.slots_in_year(year);
            team.queue.set_capacity(now, None, slots, people as u32);
        }
        for t in self.teams.casework_ids() {
            self.dispatch(now, t);
        }
    }

    /// Appends each investigation team's backlog (waiting + allocated).
    pub(super) fn record_weekly_backlog(&mut self) {
        for (series, t) in self
            .backlog_weekly
            .iter_mut()
            .zip(self.teams.casework_ids())
        {
            let q = &self.teams[t].queue;
            series.push(f64::from(q.queued() + q.busy()));
        }
    }
}
