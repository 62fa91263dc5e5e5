//! Servers: every team's call handlers, units, investigators and examiners
//! starting queued jobs as the dispatch rules decide, and finishing them.
//! What a job is decides how long it takes and what follows it; every job
//! of every team ends through [`Force::on_job_end`].

use super::{Event, Force};
use crate::sim::case::Stage;
use crate::sim::dispatch;
use crate::sim::recorder::hour_of_week;
use crate::sim::team::{InService, Job, TeamId};
use crate::sim::trace::{Mark, Tracer};
use crate::time::{MS_PER_HOUR, SimTime, minutes_to_ms};

impl<T: Tracer> Force<'_, T> {
    /// Lets `team` act on the dispatch rules until nothing more can happen:
    /// free servers start queued jobs ([`dispatch::next_job`]), then a
    /// waiting G1 pre-empts pre-emptible work
    /// ([`dispatch::preempt_for_g1`]) and starts. Called whenever a team's
    /// servers or queue change: a job queued, a server freed, capacity
    /// changed.
    pub(super) fn dispatch(&mut self, now: SimTime, team: TeamId) {
        self.dispatch_queue(now, team);
        if self.geo.is_some() {
            self.take_crossings(now, team);
        }
        self.give_up_proactive(now, team);
    }

    /// [`Force::dispatch`] for the team's own queue only.
    pub(super) fn dispatch_queue(&mut self, now: SimTime, team: TeamId) {
        loop {
            self.take_breaks(now, team);
            while let Some((job, class, enqueued)) =
                dispatch::next_job(&mut self.teams[team], &mut self.cases, now)
            {
                self.start(now, team, job, class, enqueued);
            }
            let Some(service) = dispatch::preempt_for_g1(&mut self.teams[team], now) else {
                if self.interrupt_break_for_g1(now, team) {
                    continue;
                }
                break;
            };
            self.unbook_preempted(team, &service, now);
            let id = service.job.case();
            if let (Job::Attendance { unit, .. }, true) = (service.job, self.geo.is_some()) {
                self.release_unit(now, team, id, unit);
            }
            let case = self.cases.get_mut(id);
            self.observer.mark(id, case, Mark::Preempted, now);
            let how = hour_of_week(self.model, now);
            dispatch::resume_later(&mut self.teams[team].queue, case, service, now, how);
        }
    }

    /// A server of `team` takes `job` (queued at `enqueued` in priority
    /// `class`): records the wait, schedules what follows and the job's end.
    fn start(&mut self, now: SimTime, team: TeamId, job: Job, class: u8, enqueued: SimTime) {
        let model = self.model;
        if let (Job::Attendance { case: id, unit }, true) = (job, self.geo.is_some()) {
            self.assign_unit(now, team, id, unit);
        }
        let source = self.teams[team].source;
        let case = self.cases.get_mut(job.case());
        let (service_ms, preemptible) = match job {
            Job::Contact { case: id } => {
                let keep = 1.0 - model.teams[source].productivity_gain;
                case.stage = Stage::Grading;
                self.observer
                    .answered(id, case, now, now.seconds_since(enqueued));
                self.calendar.schedule(
                    now.plus_minutes(case.grading_min.min(case.handling_min * keep)),
                    Event::Graded { case: id },
                );
                (minutes_to_ms(case.handling_min * keep), false)
            }
            Job::Resolution { case: id } => {
                let keep = 1.0 - model.teams[source].productivity_gain;
                self.observer.mark(id, case, Mark::ResolutionStarted, now);
                (minutes_to_ms(case.resolution_min * keep), false)
            }
            Job::Attendance { unit, .. } => {
                let keep = 1.0 - model.teams[source].productivity_gain;
                let u = unit as usize;
                if !case.unit_started[u] && keep < 1.0 {
                    // A productivity gain shortens the work on scene, not the travel.
                    let on_scene = case.remaining_ms[u] - case.travel_ms[u];
                    case.remaining_ms[u] =
                        case.travel_ms[u] + (on_scene as f64 * keep).round() as u64;
                }
                (
                    case.remaining_ms[u],
                    dispatch::preemptible(model, case.grade),
                )
            }
            Job::Forensics { case: id } | Job::Investigation { case: id } => {
                let Some(crime) = case.crime else { return };
                let forensics = matches!(job, Job::Forensics { .. });
                let hours = if forensics {
                    crime.forensics_hours
                } else {
                    crime.work_hours
                };
                let wait_days = now.minutes_since(enqueued) / 1440.0;
                self.observer
                    .allocated(id, case, (source, forensics), now, wait_days);
                (model.investigation_teams[source].duration_ms(hours), false)
            }
        };
        // A unit resuming pre-empted work is not a new job.
        let resumed = match job {
            Job::Attendance { case: id, unit } => {
                self.observer.mark(id, case, Mark::UnitStarted, now);
                std::mem::replace(&mut case.unit_started[unit as usize], true)
            }
            _ => false,
        };
        if case.counted && !resumed {
            self.teams[team]
                .queue
                .stats
                .record_start(class, now.minutes_since(enqueued));
            if matches!(job, Job::Attendance { .. }) && !case.time_to_find_hours.is_nan() {
                self.observer
                    .missing_officer_hours(case, service_ms as f64 / MS_PER_HOUR as f64);
            }
        }
        let service = InService {
            job,
            class,
            started: now,
            preemptible,
        };
        self.book_attendance(team, job);
        let (slot, generation) = self.teams[team].queue.start(now, service);
        self.calendar.schedule(
            SimTime(now.0 + service_ms),
            Event::JobEnd {
                team,
                slot,
                generation,
            },
        );
    }

    /// A server of `team` finishes the job in `slot` (stale if `generation`
    /// moved on): what follows the job happens, then the team takes its
    /// next. The one end-of-job path, for every kind of team.
    pub(super) fn on_job_end(&mut self, now: SimTime, team: TeamId, slot: u32, generation: u32) {
        let Some(service) = self.teams[team].queue.finish(now, slot, generation) else {
            return;
        };
        if let (Job::Attendance { case: id, unit }, true) = (service.job, self.geo.is_some()) {
            self.release_unit(now, team, id, unit);
        }
        match service.job {
            Job::Contact { .. } => {}
            Job::Resolution { case: id } => self.on_resolved(now, id),
            Job::Attendance { case: id, unit } => {
                self.on_unit_finished(now, team, id, unit, service.started);
            }
            Job::Forensics { case: id } => self.on_forensics_finished(now, id),
            Job::Investigation { case: id } => self.on_investigated(now, id),
        }
        self.dispatch(now, team);
    }
}
