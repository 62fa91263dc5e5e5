//! The force: one replication of the scenario as discrete events.
//!
//! The flow of a case: arrival → contact queue (abandon if patience runs
//! out) → answered → graded (after the grading time) → no incident | G4 to
//! the resolution team (escalated share becomes G3) | G1–G3 to the area's
//! response team, one job per unit needed → first unit on scene (response
//! time) → all units clear. A G1 may pre-empt a unit on pre-emptible work;
//! that work resumes later where it left off.
//!
//! This module holds the events, the state of one replication and the loop
//! that hands each event to its process; the processes live beside it, by
//! the stage of a case they handle:
//!
//! - `contact`: a new case's attributes, arrival, abandonment, grading;
//! - `servers`: every team's servers starting queued jobs (as the rules of
//!   [`crate::sim::dispatch`] decide) and finishing them: the one end-of-job
//!   path;
//! - `response`: sending units to incidents, resolution, clearing;
//! - `investigation`: recorded crime and investigations after the incident;
//! - `neighbourhood`: units on duty each hour, with neighbourhood
//!   backfill and overtime;
//! - `finish`: the end of the horizon and the replication's statistics.
//!
//! [`run`] is a pure function of (model, seed, replication): no I/O, no
//! global state, no threads.

use super::calendar::{Calendar, EventClass};
use super::case::CaseSlab;
use super::demand::ArrivalProcess;
use super::observer::Observer;
use super::prevention::PreventionState;
use super::random::{StreamRng, stream};
use super::recorder::hour_of_week;
use super::results::Replication;
use super::roster::Roster;
use super::team::{TeamId, Teams};
use super::trace::{NoTrace, Trace, Tracer};
use crate::scenario::model::Model;
use crate::time::DAYS_PER_YEAR;
use crate::time::SimTime;

mod after_incident;
mod contact;
mod escalation;
mod finish;
mod geography;
mod investigation;
mod neighbourhood;
mod obligations;
mod proactive;
mod response;
mod servers;
#[cfg(test)]
mod timeline;

/// Events. At equal times they are handled in declaration order (see
/// [`EventClass`]): rosters change first, then work finishes (freeing
/// servers), then callers give up, then incidents are graded, then new
/// demand arrives.
#[derive(Clone, Copy, Debug)]
enum Event {
    /// The start of an hour: rosters and hourly statistics move on.
    HourTick,
    /// A server of `team` (any kind) finishes the job in `slot` (stale if
    /// `generation` moved on).
    JobEnd {
        team: TeamId,
        slot: u32,
        generation: u32,
    },
    /// A queued caller's patience runs out.
    Abandon { case: u32, generation: u32 },
    /// The call handler has graded the contact; the incident exists.
    Graded { case: u32 },
    /// The next contact of a stream arrives.
    Arrival { stream: u16 },
    /// A time-budget obligation of `team` (a break, briefing or
    /// administration) starts or ends.
    Obligation {
        team: TeamId,
        what: obligations::Due,
    },
    /// A job queued in its area may now be taken by a neighbouring area's
    /// unit (geography only; stale if `generation` moved on).
    CrossArea {
        case: u32,
        unit: u8,
        generation: u32,
    },
}

impl EventClass for Event {
    fn class(&self) -> u8 {
        match self {
            Event::HourTick => 0,
            // One class for every team's end of job, and for units coming
            // off or going on an obligation (like a job ending): ties among
            // them go in the order they were scheduled.
            Event::JobEnd { .. } | Event::Obligation { .. } => 1,
            Event::Abandon { .. } => 2,
            Event::Graded { .. } => 3,
            Event::Arrival { .. } => 4,
            Event::CrossArea { .. } => 5,
        }
    }
}

/// Most cases waiting for contact or response teams before a replication
/// is stopped as hopelessly overloaded.
pub const MAX_CASES_IN_SYSTEM: usize = 1_000_000;
/// Most cases in the system at all (open investigations included), about
/// 1 GB of case records.
const MAX_LIVE_CASES: usize = 5_000_000;

/// One demand stream's state in a replication.
struct Stream {
    /// When its contacts arrive.
    arrivals: ArrivalProcess,
    /// The generator of each of its cases' attributes.
    attributes: StreamRng,
}

/// The state of one replication: the calendar, the cases in the system,
/// the teams, the demand streams and the observer of it all.
struct Force<'m, T: Tracer> {
    model: &'m Model,
    /// Reports every fact of every case, once, to the per-year recorders
    /// and the tracer ([`NoTrace`] unless traced).
    observer: Observer<'m, T>,
    calendar: Calendar<Event>,
    cases: CaseSlab,
    /// Every team, rostered and casework, by [`TeamId`].
    teams: Teams,
    rosters: Vec<Roster>,
    /// Per rostered team (model order): its escalation ladder, if it has a
    /// minimum.
    ladders: Vec<Option<escalation::Ladder>>,
    /// Per demand stream (`Model::streams` order): its arrivals and the
    /// generator of its cases' attributes.
    streams: Vec<Stream>,
    /// Per investigation team: backlog (waiting + allocated) at each week's end.
    backlog_weekly: Vec<Vec<f64>>,
    /// Neighbourhood time and prevention.
    prevention: PreventionState,
    n_years: usize,
    events: u64,
    /// When the run was stopped early for overload, if it was.
    stopped_at: Option<SimTime>,
    /// Per rostered team (model order): its briefing, breaks and
    /// administration, if it has a time budget.
    obligations: Vec<Option<Box<obligations::TeamObligations>>>,
    /// Units' positions and the books by place (`None` without a geography).
    geo: Option<super::geography::GeoState>,
}

/// Simulates one replication of `model`.
pub fn run(model: &Model, seed: u64, replication: u64) -> Replication {
    let mut force = Force::new(model, seed, replication, NoTrace);
    force.simulate();
    force.finish(replication)
}

/// Simulates one replication of `model` as [`run`] does (the same result,
/// bit for bit) and keeps the per-incident log: one record per case.
pub fn run_traced(model: &Model, seed: u64, replication: u64) -> (Replication, Trace) {
    let mut trace = Trace::new();
    let mut force = Force::new(model, seed, replication, &mut trace);
    force.simulate();
    let result = force.finish(replication);
    (result, trace)
}

/// Simulates one replication of `model` as [`run`] does (the same result,
/// bit for bit), reporting every step of every case to `tracer` (e.g. a
/// [`StreamedTrace`](super::trace::StreamedTrace) writing the log as it
/// goes).
pub fn run_with_tracer<T: Tracer>(
    model: &Model,
    seed: u64,
    replication: u64,
    tracer: T,
) -> Replication {
    let mut force = Force::new(model, seed, replication, tracer);
    force.simulate();
    force.finish(replication)
}

impl<'m, T: Tracer> Force<'m, T> {
    fn new(model: &'m Model, seed: u64, replication: u64, tracer: T) -> Self {
        let rng = |name: String| stream(seed, replication, &name);
        let mut force = Force {
            model,
            observer: Observer::new(model, tracer),
            calendar: Calendar::with_capacity(1024),
            cases: CaseSlab::with_capacity(1024),
            teams: Teams::new(model),
            rosters: model
                .teams
                .iter()
                .map(|t| {
                    Roster::with_absence(
                        t,
                        &model.days,
                        rng(format!("abstraction/{}", t.name)),
                        rng(format!("sickness/{}", t.name)),
                        rng(format!("training/{}", t.name)),
                    )
                })
                .collect(),
            ladders: escalation::Ladder::for_model(model, |name| rng(format!("escalation/{name}"))),
            streams: model
                .streams
                .iter()
                .map(|s| Stream {
                    arrivals: ArrivalProcess::new(
                        s,
                        rng(format!("arrivals/{}", s.name)),
                        rng(format!("daily-level/{}", s.name)),
                    ),
                    attributes: rng(format!("attributes/{}", s.name)),
                })
                .collect(),
            backlog_weekly: vec![Vec::new(); model.investigation_teams.len()],
            prevention: PreventionState::new(
                model,
                model
                    .prevention
                    .iter()
                    .map(|p| rng(format!("prevention/{}", p.name)))
                    .collect(),
            ),
            n_years: model.years(),
            events: 0,
            stopped_at: None,
            obligations: obligations::for_model(model, seed, replication),
            geo: super::geography::GeoState::new(model, rng("geography/travel".into())),
        };
        force.seed_starting_backlogs(&mut rng("starting-backlog".to_string()));
        force
    }

    fn simulate(&mut self) {
        self.begin_run();
        while let Some((now, event)) = self.calendar.pop_until(self.model.horizon) {
            if now >= self.model.horizon {
                break;
            }
            if self.stopped_at.is_some() {
                break;
            }
            self.events += 1;
            self.handle(now, event);
        }
    }

    /// Schedules what begins the run: the first hour and each stream's
    /// first arrival (and turns on the time books of budgeted teams).
    fn begin_run(&mut self) {
        self.enable_time_books();
        self.start_proactive();
        self.calendar.schedule(SimTime::ZERO, Event::HourTick);
        for s in 0..self.model.streams.len() {
            self.schedule_next_arrival(s);
        }
    }

    /// Carries out one event popped from the calendar at `now`.
    fn handle(&mut self, now: SimTime, event: Event) {
        match event {
            Event::HourTick => self.on_hour(now),
            Event::JobEnd {
                team,
                slot,
                generation,
            } => self.on_job_end(now, team, slot, generation),
            Event::Abandon { case, generation } => self.on_abandon(now, case, generation),
            Event::Graded { case } => self.on_graded(now, case),
            Event::Arrival { stream } => self.on_arrival(now, stream.into()),
            Event::Obligation { team, what } => self.on_obligation(now, team, what),
            Event::CrossArea {
                case,
                unit,
                generation,
            } => self.on_cross_area(now, case, unit, generation),
        }
    }

    fn schedule_next_arrival(&mut self, s: usize) {
        let stream = &self.model.streams[s];
        if let Some(t) = self.streams[s]
            .arrivals
            .next(stream, &self.model.days, self.model.horizon)
        {
            self.calendar
                .schedule(t, Event::Arrival { stream: s as u16 });
        }
    }

    fn on_hour(&mut self, now: SimTime) {
        let hour = now.hour_index();
        let previous = (hour > 0).then(|| hour_of_week(self.model, SimTime::from_hours(hour - 1)));
        let warmup_ends = now == self.model.warmup && now > SimTime::ZERO;
        let day_ended = hour > 0 && hour.is_multiple_of(24) && now > self.model.warmup;
        if hour.is_multiple_of(24) && hour > 0 {
            self.prevention
                .start_day(self.model, hour / 24, now >= self.model.warmup);
        }
        // Demand far above capacity: stop (checked hourly, off the per-event
        // path) rather than exhaust memory.
        let waiting: usize = self
            .teams
            .rostered_ids()
            .map(|t| self.teams[t].queue.queued() as usize)
            .sum();
        if waiting > MAX_CASES_IN_SYSTEM || self.cases.live() > MAX_LIVE_CASES {
            self.stopped_at = Some(now);
            return;
        }
        let mut on_duty = self.on_duty_with_backfill(hour, now >= self.model.warmup);
        self.add_overtime(hour, &mut on_duty);
        self.obligations_at_hour(now, hour, &mut on_duty);
        for (t, (units, people)) in self.teams.rostered_ids().zip(on_duty) {
            let q = &mut self.teams[t].queue;
            if day_ended {
                q.end_of_day(hour / 24);
            }
            q.set_capacity(now, previous, units, people);
            let roster = &self.rosters[t.0 as usize];
            let (rostered, available) = roster.staffed_at(hour);
            q.set_roster(rostered, available);
            if let Some(minimum) = &self.model.teams[t.0 as usize].minimum {
                q.set_minimum(roster.against_minimum(hour, &minimum.people_by_shift));
            }
            if roster.has_absence() {
                let month = self
                    .model
                    .days
                    .get((hour / 24) as usize)
                    .map_or(0, |d| d.month);
                q.set_absence(roster.lost_at(hour), month);
            }
            if warmup_ends {
                q.stats.reset_time_averages(now);
            }
            self.geo_units(now, t, units);
            self.dispatch(now, t);
        }
        if let (true, Some(geo)) = (warmup_ends, self.geo.as_mut()) {
            geo.reset_time_averages(now);
        }
        for t in self.teams.casework_ids() {
            let q = &mut self.teams[t].queue;
            if day_ended {
                q.end_of_day(hour / 24);
            }
            if warmup_ends {
                q.stats.reset_time_averages(now);
            }
        }
        if hour > 0 && hour.is_multiple_of(168) {
            self.record_weekly_backlog();
        }
        if hour > 0 && hour.is_multiple_of(DAYS_PER_YEAR * 24) {
            let year = (hour / (DAYS_PER_YEAR * 24)) as usize;
            self.teams.close_year(now);
            self.start_investigation_year(now, year);
        }
        let next = SimTime::from_hours(hour + 1);
        if next < self.model.horizon {
            self.calendar.schedule(next, Event::HourTick);
        }
    }
}
