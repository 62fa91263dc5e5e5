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
//! - [`contact`]: a new case's attributes, arrival, abandonment, grading;
//! - [`servers`]: every team's servers starting queued jobs and finishing them;
//! - [`response`]: sending units to incidents, pre-emption, resolution, clearing;
//! - [`investigation`]: recorded crime and investigations after the incident;
//! - [`neighbourhood`]: neighbourhood units' appointments and backfill;
//! - [`finish`]: the end of the horizon and the replication's statistics.
//!
//! [`run`] is a pure function of (model, seed, replication): no I/O, no
//! global state, no threads.

use super::calendar::{Calendar, EventClass};
use super::case::CaseSlab;
use super::demand::ArrivalProcess;
use super::prevention::PreventionState;
use super::random::{StreamRng, stream};
use super::recorder::{Recorder, hour_of_week};
use super::results::Replication;
use super::roster::Roster;
use super::team::{TeamQueue, TeamStats};
use super::trace::{NoTrace, Trace, Tracer};
use crate::scenario::model::Model;
use crate::time::DAYS_PER_YEAR;
use crate::time::SimTime;

mod contact;
mod finish;
mod investigation;
mod neighbourhood;
mod response;
mod servers;

/// Events. At equal times they are handled in declaration order (see
/// [`EventClass`]): rosters change first, then work finishes (freeing
/// servers), then callers give up, then incidents are graded, then new
/// demand arrives.
#[derive(Clone, Copy, Debug)]
enum Event {
    /// The start of an hour: rosters and hourly statistics move on.
    HourTick,
    /// A server finishes the job in `slot` (stale if `generation` moved on).
    ServiceEnd {
        team: u16,
        slot: u32,
        generation: u32,
    },
    /// An investigation (or forensics) team finishes the case in `slot`.
    CaseworkEnd {
        team: u16,
        slot: u32,
        generation: u32,
    },
    /// A queued caller's patience runs out.
    Abandon { case: u32, generation: u32 },
    /// The call handler has graded the contact; the incident exists.
    Graded { case: u32 },
    /// The next contact of a stream arrives.
    Arrival { stream: u16 },
}

impl EventClass for Event {
    fn class(&self) -> u8 {
        match self {
            Event::HourTick => 0,
            Event::ServiceEnd { .. } | Event::CaseworkEnd { .. } => 1,
            Event::Abandon { .. } => 2,
            Event::Graded { .. } => 3,
            Event::Arrival { .. } => 4,
        }
    }
}

/// Most cases waiting for contact or response teams before a replication
/// is stopped as hopelessly overloaded.
pub const MAX_CASES_IN_SYSTEM: usize = 1_000_000;
/// Most cases in the system at all (open investigations included), about
/// 1 GB of case records.
const MAX_LIVE_CASES: usize = 5_000_000;

struct Force<'m, T: Tracer> {
    model: &'m Model,
    /// Receives every step of every case ([`NoTrace`] unless traced).
    tracer: T,
    calendar: Calendar<Event>,
    cases: CaseSlab,
    teams: Vec<TeamQueue>,
    rosters: Vec<Roster>,
    arrivals: Vec<ArrivalProcess>,
    /// Per stream: the generator for each case's attributes.
    attributes: Vec<StreamRng>,
    /// Investigation teams (and forensics), as queues of case slots.
    casework: Vec<TeamQueue>,
    /// Per investigation team: backlog (waiting + allocated) at each week's end.
    backlog_weekly: Vec<Vec<f64>>,
    /// Neighbourhood time and prevention.
    prevention: PreventionState,
    /// Per team: overtime unit-hours left this week.
    overtime_left: Vec<f64>,
    /// Per simulated year: the facts of the cases that arrived in it.
    recorders: Vec<Recorder>,
    /// Per team: the statistics of each finished year (the current year's
    /// are live in the team's queue).
    team_years: Vec<Vec<TeamStats>>,
    casework_years: Vec<Vec<TeamStats>>,
    n_years: usize,
    events: u64,
    /// When the run was stopped early for overload, if it was.
    stopped_at: Option<SimTime>,
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
        let new_queue = |team: usize| {
            let priorities = || {
                model
                    .channels
                    .iter()
                    .filter(|c| c.team == team)
                    .map(|c| c.priority)
            };
            let (classes, top_class) = if model.teams[team].is_response {
                (3, 0) // G1, G2, G3
            } else {
                (
                    usize::from(priorities().max().unwrap_or(0)) + 1,
                    priorities().min().unwrap_or(0),
                )
            };
            TeamQueue::new(
                classes,
                top_class,
                model.teams[team].reserved_for_top_priority,
            )
        };
        Force {
            model,
            tracer,
            calendar: Calendar::with_capacity(1024),
            cases: CaseSlab::with_capacity(1024),
            teams: (0..model.teams.len()).map(new_queue).collect(),
            rosters: model
                .teams
                .iter()
                .map(|t| Roster::new(t, rng(format!("abstraction/{}", t.name))))
                .collect(),
            arrivals: model
                .streams
                .iter()
                .map(|s| {
                    ArrivalProcess::new(
                        s,
                        rng(format!("arrivals/{}", s.name)),
                        rng(format!("daily-level/{}", s.name)),
                    )
                })
                .collect(),
            attributes: model
                .streams
                .iter()
                .map(|s| rng(format!("attributes/{}", s.name)))
                .collect(),
            casework: investigation::new_queues(model),
            backlog_weekly: vec![Vec::new(); model.investigation_teams.len()],
            prevention: PreventionState::new(
                model,
                model
                    .prevention
                    .iter()
                    .map(|p| rng(format!("prevention/{}", p.name)))
                    .collect(),
            ),
            overtime_left: vec![0.0; model.teams.len()],
            recorders: vec![Recorder::new(model); model.years()],
            team_years: vec![Vec::new(); model.teams.len()],
            casework_years: vec![Vec::new(); model.investigation_teams.len()],
            n_years: model.years(),
            events: 0,
            stopped_at: None,
        }
    }

    fn simulate(&mut self) {
        self.calendar.schedule(SimTime::ZERO, Event::HourTick);
        for s in 0..self.model.streams.len() {
            self.schedule_next_arrival(s);
        }
        while let Some((now, event)) = self.calendar.pop_until(self.model.horizon) {
            if now >= self.model.horizon {
                break;
            }
            if self.stopped_at.is_some() {
                break;
            }
            self.events += 1;
            match event {
                Event::HourTick => self.on_hour(now),
                Event::ServiceEnd {
                    team,
                    slot,
                    generation,
                } => self.on_service_end(now, team.into(), slot, generation),
                Event::Abandon { case, generation } => self.on_abandon(now, case, generation),
                Event::CaseworkEnd {
                    team,
                    slot,
                    generation,
                } => self.on_casework_end(now, team.into(), slot, generation),
                Event::Graded { case } => self.on_graded(now, case),
                Event::Arrival { stream } => self.on_arrival(now, stream.into()),
            }
        }
    }

    fn schedule_next_arrival(&mut self, s: usize) {
        let stream = &self.model.streams[s];
        if let Some(t) = self.arrivals[s].next(stream, &self.model.days, self.model.horizon) {
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
        let waiting: usize = self.teams.iter().map(|q| q.queued() as usize).sum();
        if waiting > MAX_CASES_IN_SYSTEM || self.cases.live() > MAX_LIVE_CASES {
            self.stopped_at = Some(now);
            return;
        }
        let mut on_duty = self.on_duty_with_backfill(hour, now >= self.model.warmup);
        self.add_overtime(hour, &mut on_duty);
        for (t, (units, people)) in on_duty.into_iter().enumerate() {
            if day_ended {
                self.teams[t].end_of_day(hour / 24);
            }
            self.teams[t].set_capacity(now, previous, units, people);
            if warmup_ends {
                self.teams[t].stats.reset_time_averages(now);
            }
            self.dispatch(now, t);
        }
        for q in &mut self.casework {
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
            for (q, years) in self.teams.iter_mut().zip(&mut self.team_years) {
                years.push(q.split_period(now));
            }
            for (q, years) in self.casework.iter_mut().zip(&mut self.casework_years) {
                years.push(q.split_period(now));
            }
            self.start_investigation_year(now, year);
        }
        let next = SimTime::from_hours(hour + 1);
        if next < self.model.horizon {
            self.calendar.schedule(next, Event::HourTick);
        }
    }
}
