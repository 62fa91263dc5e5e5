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

use super::{Event, Force};
use crate::scenario::model::Model;
use crate::scenario::model::Outcome;
use crate::sim::case::{Crime, Stage};
use crate::sim::random::StreamRng;
use crate::sim::team::{InService, Job, TeamQueue};
use crate::sim::trace::{End, Mark, Tracer};
use crate::time::SimTime;
use rand::RngExt;

/// One single-class queue per investigation team, with its slots on duty.
pub(super) fn new_queues(model: &Model) -> Vec<TeamQueue> {
    model
        .investigation_teams
        .iter()
        .map(|t| {
            let mut q = TeamQueue::new(1, 0, 0);
            q.set_capacity(
                SimTime::ZERO,
                None,
                t.slots_in_year(0),
                t.headcount.round() as u32,
            );
            q
        })
        .collect()
}

impl<T: Tracer> Force<'_, T> {
    /// Opens each investigation team's starting backlog at day 0
    /// ([`crate::scenario::model::InvestigationTeam::starting_backlog`]):
    /// that many cases of the crime types the team owns (each type equally
    /// likely), with work hours drawn from the type's distribution as for
    /// a new case, allocated to free slots in turn and the rest waiting.
    /// They were recorded before the run, so they are not counted in its
    /// statistics; they occupy slots and count in the backlog. Draws from
    /// `rng` only when some team has a starting backlog, so a scenario
    /// without one runs exactly as before.
    pub(super) fn seed_starting_backlogs(&mut self, rng: &mut StreamRng) {
        let model = self.model;
        for (t, team) in model.investigation_teams.iter().enumerate() {
            let owned: Vec<usize> = (0..model.crime_types.len())
                .filter(|&c| model.crime_types[c].team == t)
                .collect();
            if owned.is_empty() {
                continue;
            }
            for _ in 0..team.starting_backlog {
                let crime_type = owned[rng.random_range(0..owned.len())];
                let ct = &model.crime_types[crime_type];
                let u: f64 = rng.random();
                let outcome = Outcome::ALL[ct
                    .outcome_cumulative
                    .iter()
                    .position(|c| u < *c)
                    .unwrap_or(Outcome::ALL.len() - 1)];
                let id = self.cases.allocate();
                let case = self.cases.get_mut(id);
                case.stage = Stage::Investigation;
                case.crime = Some(Crime {
                    crime_type: crime_type as u16,
                    screened_out: false,
                    outcome,
                    work_hours: ct.work_hours.sample(rng),
                    forensics_hours: 0.0,
                    recorded: SimTime::ZERO,
                });
                self.tracer.arrived(id, self.cases.get(id));
                self.queue_casework(SimTime::ZERO, t, Job::Investigation { case: id });
            }
        }
    }

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
            self.tracer.ended(id, end);
            self.cases.free(id);
            return;
        };
        crime.recorded = now;
        let crime = *crime;
        self.tracer.mark(id, case, Mark::CrimeRecorded, now);
        let counted = case.counted;
        let crime_type = usize::from(crime.crime_type);
        if counted {
            self.recorders[crate::time::year_of(case.arrival, self.n_years)]
                .crime_recorded(crime_type);
        }
        if crime.screened_out {
            if counted {
                self.recorders[crate::time::year_of(case.arrival, self.n_years)]
                    .screened_out(crime_type);
            }
            self.tracer.ended(id, End::ScreenedOut);
            self.cases.free(id);
            return;
        }
        match (&model.forensics, crime.forensics_hours > 0.0) {
            (Some(f), true) => {
                case.stage = Stage::Forensics;
                self.queue_casework(now, f.team, Job::Forensics { case: id });
            }
            _ => {
                case.stage = Stage::Investigation;
                let team = model.crime_types[crime_type].team;
                self.queue_casework(now, team, Job::Investigation { case: id });
            }
        }
    }

    fn queue_casework(&mut self, now: SimTime, team: usize, job: Job) {
        let how = crate::sim::recorder::hour_of_week(self.model, now);
        self.casework[team].enqueue(now, job, 0, false, how);
        self.dispatch_casework(now, team);
    }

    /// Allocates waiting cases to free slots.
    fn dispatch_casework(&mut self, now: SimTime, team: usize) {
        while self.casework[team].has_free_server() {
            let Some((job, class, enqueued)) = self.casework[team].pop_next(now, |_| true) else {
                break;
            };
            let case = self.cases.get(job.case());
            let Some(crime) = case.crime else { continue };
            let forensics = matches!(job, Job::Forensics { .. });
            let allocated = Mark::CaseworkAllocated {
                team: team as u16,
                forensics,
            };
            self.tracer.mark(job.case(), case, allocated, now);
            let hours = match job {
                Job::Forensics { .. } => crime.forensics_hours,
                _ => crime.work_hours,
            };
            if case.counted {
                let wait_min = now.minutes_since(enqueued);
                self.casework[team].stats.record_start(class, wait_min);
                self.recorders[crate::time::year_of(case.arrival, self.n_years)]
                    .allocated(team, wait_min / 1440.0);
            }
            let duration = self.model.investigation_teams[team].duration_ms(hours);
            let service = InService {
                job,
                class,
                started: now,
                preemptible: false,
            };
            let (slot, generation) = self.casework[team].start(now, service);
            self.calendar.schedule(
                SimTime(now.0 + duration),
                Event::CaseworkEnd {
                    team: team as u16,
                    slot,
                    generation,
                },
            );
        }
    }

    pub(super) fn on_casework_end(
        &mut self,
        now: SimTime,
        team: usize,
        slot: u32,
        generation: u32,
    ) {
        let Some(service) = self.casework[team].finish(now, slot, generation) else {
            return;
        };
        let id = service.job.case();
        let case = self.cases.get_mut(id);
        match (service.job, case.crime) {
            (Job::Forensics { .. }, Some(crime)) => {
                self.tracer.mark(id, case, Mark::ForensicsFinished, now);
                case.stage = Stage::Investigation;
                let owner = self.model.crime_types[usize::from(crime.crime_type)].team;
                self.queue_casework(now, owner, Job::Investigation { case: id });
            }
            (_, Some(crime)) => {
                if case.counted {
                    let year = crate::time::year_of(case.arrival, self.n_years);
                    self.recorders[year].investigated(
                        usize::from(crime.crime_type),
                        crime.outcome,
                        now.since(crime.recorded),
                    );
                }
                self.tracer.mark(id, case, Mark::InvestigationFinished, now);
                self.tracer.ended(id, End::Investigated);
                self.cases.free(id);
            }
            (_, None) => self.cases.free(id),
        }
        self.dispatch_casework(now, team);
    }

    /// Sets each investigation team's case slots for simulated `year`.
    pub(super) fn start_investigation_year(&mut self, now: SimTime, year: usize) {
        for (q, team) in self
            .casework
            .iter_mut()
            .zip(&self.model.investigation_teams)
        {
            let people = (team.headcount
                * crate::scenario::model::staffing_in_year(&team.staffing_by_year, year))
            .round();
            q.set_capacity(now, None, team.slots_in_year(year), people as u32);
        }
        for team in 0..self.casework.len() {
            self.dispatch_casework(now, team);
        }
    }

    /// Appends each investigation team's backlog (waiting + allocated).
    pub(super) fn record_weekly_backlog(&mut self) {
        for (series, q) in self.backlog_weekly.iter_mut().zip(&self.casework) {
            series.push(f64::from(q.queued() + q.busy()));
        }
    }
}
