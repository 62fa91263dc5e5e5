//! Servers: every team's call handlers, units and staff starting queued
//! jobs as they come free, and finishing them. What a job is decides how
//! long it takes and what follows it.

use super::{Event, Force};
use crate::scenario::model::Grade;
use crate::sim::case::Stage;
use crate::sim::team::{InService, Job};
use crate::sim::trace::{Mark, Tracer};
use crate::time::year_of;
use crate::time::{MS_PER_HOUR, SimTime, minutes_to_ms};

impl<T: Tracer> Force<'_, T> {
    /// Starts queued jobs while the team has free servers, then lets any
    /// G1 still waiting pre-empt lower-grade work (response teams only).
    /// Called whenever a team's servers or queue change: a job queued, a
    /// server freed, capacity changed at the hour.
    pub(super) fn dispatch(&mut self, now: SimTime, team: usize) {
        self.start_queued(now, team);
        self.preempt_for_waiting_g1(now, team);
    }

    /// Starts queued jobs while the team has free servers.
    pub(super) fn start_queued(&mut self, now: SimTime, team: usize) {
        while self.teams[team].has_free_server() {
            let cases = &mut self.cases;
            let next = self.teams[team].pop_next(now, |job| match job {
                Job::Contact { case } if cases.get(case).stage == Stage::Abandoned => {
                    cases.free(case);
                    false
                }
                _ => true,
            });
            let Some((job, class, enqueued)) = next else {
                break;
            };
            self.start(now, team, job, class, enqueued);
        }
    }

    /// A server of `team` takes `job` (queued at `enqueued` in priority
    /// `class`): records the wait, schedules what follows and the job's end.
    fn start(&mut self, now: SimTime, team: usize, job: Job, class: u8, enqueued: SimTime) {
        let keep = 1.0 - self.model.teams[team].productivity_gain;
        let model = self.model;
        let case = self.cases.get_mut(job.case());
        let (service_ms, preemptible) = match job {
            Job::Contact { case: id } => {
                case.stage = Stage::Grading;
                self.tracer.mark(id, case, Mark::Answered, now);
                if case.counted {
                    let wait_s = now.seconds_since(enqueued);
                    let year = year_of(case.arrival, self.n_years);
                    self.recorders[year].answered(model, case.channel as usize, wait_s);
                }
                self.calendar.schedule(
                    now.plus_minutes(case.grading_min.min(case.handling_min * keep)),
                    Event::Graded { case: id },
                );
                (minutes_to_ms(case.handling_min * keep), false)
            }
            Job::Resolution { case: id } => {
                self.tracer.mark(id, case, Mark::ResolutionStarted, now);
                (minutes_to_ms(case.resolution_min * keep), false)
            }
            Job::Attendance { unit, .. } => {
                let u = unit as usize;
                if !case.unit_started[u] && keep < 1.0 {
                    // A productivity gain shortens the work on scene, not the travel.
                    let on_scene = case.remaining_ms[u] - case.travel_ms[u];
                    case.remaining_ms[u] =
                        case.travel_ms[u] + (on_scene as f64 * keep).round() as u64;
                }
                let preemptible = case.grade != Grade::G1
                    && model.grades.attendance[case.grade.index().min(2)].preemptible_by_g1;
                (case.remaining_ms[u], preemptible)
            }
            // Casework is started by `start_casework`, never here.
            Job::Forensics { .. } | Job::Investigation { .. } => (0, false),
        };
        // A unit resuming pre-empted work is not a new job.
        let resumed = match job {
            Job::Attendance { case: id, unit } => {
                self.tracer.mark(id, case, Mark::UnitStarted, now);
                std::mem::replace(&mut case.unit_started[unit as usize], true)
            }
            _ => false,
        };
        if case.counted && !resumed {
            self.teams[team]
                .stats
                .record_start(class, now.minutes_since(enqueued));
            if matches!(job, Job::Attendance { .. }) && !case.time_to_find_hours.is_nan() {
                self.recorders[year_of(case.arrival, self.n_years)]
                    .missing_officer_hours(service_ms as f64 / MS_PER_HOUR as f64);
            }
        }
        let service = InService {
            job,
            class,
            started: now,
            preemptible,
        };
        let (slot, generation) = self.teams[team].start(now, service);
        self.calendar.schedule(
            SimTime(now.0 + service_ms),
            Event::ServiceEnd {
                team: team as u16,
                slot,
                generation,
            },
        );
    }

    /// A server of `team` finishes the job in `slot` (stale if `generation`
    /// moved on) and takes the next.
    pub(super) fn on_service_end(&mut self, now: SimTime, team: usize, slot: u32, generation: u32) {
        let Some(service) = self.teams[team].finish(now, slot, generation) else {
            return;
        };
        match service.job {
            Job::Contact { .. } => {}
            Job::Resolution { case: id } => self.on_resolved(now, id),
            Job::Attendance { case: id, unit } => {
                self.on_unit_finished(now, id, unit, service.started);
            }
            Job::Forensics { .. } | Job::Investigation { .. } => {}
        }
        self.dispatch(now, team);
    }
}
