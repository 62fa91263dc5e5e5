//! The force: one replication of the scenario as discrete events.
//!
//! The flow of a case: arrival → contact queue (abandon if patience runs
//! out) → answered → graded (after the grading time) → no incident | G4 to
//! the resolution team (escalated share becomes G3) | G1–G3 to the area's
//! response team, one job per unit needed → first unit on scene (response
//! time) → all units clear. A G1 may pre-empt a unit on pre-emptible work;
//! that work resumes later where it left off.
//!
//! [`run`] is a pure function of (model, seed, replication): no I/O, no
//! global state, no threads.

use super::calendar::{Calendar, EventClass};
use super::case::{CaseSlab, Crime, Stage};
use super::demand::ArrivalProcess;
use super::prevention::PreventionState;
use super::random::{StreamRng, stream};
use super::recorder::{Recorder, ReplicationResult, hour_of_week};
use super::roster::Roster;
use super::team::{InService, Job, TeamQueue, TeamStats};
use super::time::{MS_PER_HOUR, SimTime, minutes_to_ms};
use super::trace::{End, Mark, NoTrace, Trace, Tracer};
use super::yearbook::{DAYS_PER_YEAR, year_of};

mod investigation;
mod neighbourhood;
use crate::dist::Dist;
use crate::scenario::model::{Grade, Model, Outcome};
use rand::RngExt;

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
    /// Headline figures by simulated year.
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
pub fn run(model: &Model, seed: u64, replication: u64) -> ReplicationResult {
    let mut force = Force::new(model, seed, replication, NoTrace);
    force.simulate();
    force.finish(replication)
}

/// Simulates one replication of `model` as [`run`] does (the same result,
/// bit for bit) and keeps the per-incident log: one record per case.
pub fn run_traced(model: &Model, seed: u64, replication: u64) -> (ReplicationResult, Trace) {
    let mut trace = Trace::new();
    let mut force = Force::new(model, seed, replication, &mut trace);
    force.simulate();
    let result = force.finish(replication);
    (result, trace)
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

    /// Draws every attribute of a new case from its stream's generator.
    fn new_case(&mut self, now: SimTime, s: usize) -> u32 {
        let model = self.model;
        let stream = &model.streams[s];
        let channel = &model.channels[stream.channel];
        let rng = &mut self.attributes[s];
        let u: f64 = rng.random();
        let year = year_of(now, self.n_years);
        let mix = &stream.by_year[year.min(stream.by_year.len() - 1)].category_cumulative;
        let category = mix
            .iter()
            .find(|(_, c)| u < *c)
            .or(mix.last())
            .map_or(0, |(i, _)| *i);
        let cat = &model.categories[category];
        let grade = Grade::ALL[pick(&cat.grade_cumulative, rng.random())];
        let area = pick(&model.area_cumulative, rng.random());
        let urban = rng.random::<f64>() < model.areas[area].urban_share;
        let handling_min = channel.handling_min.sample(rng);
        let grading_min = channel.grading_min.sample(rng).min(handling_min);
        let patience_min = channel
            .patience_min
            .as_ref()
            .map_or(f64::INFINITY, |d| d.sample(rng));

        let id = self.cases.allocate();
        let case = self.cases.get_mut(id);
        case.arrival = now;
        case.counted = now >= model.warmup;
        case.stream = s as u16;
        case.channel = stream.channel as u16;
        case.category = category as u16;
        case.area = area as u16;
        case.urban = urban;
        case.grade = grade;
        case.handling_min = handling_min;
        case.grading_min = grading_min;
        case.patience_min = patience_min;
        let attend_as = match grade {
            Grade::G4 => {
                case.resolution_min = model.grades.g4.handling_min.sample(rng);
                case.will_escalate = rng.random::<f64>() < model.grades.g4.escalate_share;
                case.will_escalate.then_some(Grade::G3)
            }
            Grade::NoIncident => None,
            g => Some(g),
        };
        if let Some(g) = attend_as {
            let area = &model.areas[area];
            let travel: &Dist = if urban {
                &area.travel_urban_min
            } else {
                &area.travel_rural_min
            };
            let factor = model.grades.attendance[g.index()].travel_factor;
            let units = pick(&cat.units_cumulative, rng.random()) + 1;
            case.units = units as u8;
            for u in 0..units {
                let travel_ms = minutes_to_ms(travel.sample(rng) * factor);
                let mut on_scene_min = cat.on_scene_min.sample(rng);
                if let (Some(_), Some((_, search))) =
                    (&cat.time_to_find_hours, model.missing_persons_team)
                {
                    on_scene_min *= search;
                }
                let on_scene_ms = minutes_to_ms(on_scene_min);
                case.travel_ms[u] = travel_ms;
                case.remaining_ms[u] = travel_ms + on_scene_ms;
            }
        }
        if grade != Grade::NoIncident {
            case.crime = draw_crime(model, category, year, rng);
        }
        if let Some(find) = &cat.time_to_find_hours {
            let factor = model.missing_persons_team.map_or(1.0, |(f, _)| f);
            case.time_to_find_hours = find.sample(rng) * factor;
        }
        id
    }

    fn on_arrival(&mut self, now: SimTime, s: usize) {
        self.schedule_next_arrival(s);
        let id = self.new_case(now, s);
        let case = self.cases.get(id);
        self.tracer.arrived(id, case);
        if self
            .prevention
            .avoids(self.model, case.category.into(), case.counted)
        {
            self.tracer.ended(id, End::Prevented);
            self.cases.free(id);
            return;
        }
        let channel = &self.model.channels[case.channel as usize];
        if case.counted {
            self.recorders[year_of(now, self.n_years)]
                .offered(case.channel as usize, case.category as usize);
        }
        if case.patience_min.is_finite() {
            let generation = case.generation;
            self.calendar.schedule(
                now.plus_minutes(case.patience_min),
                Event::Abandon {
                    case: id,
                    generation,
                },
            );
        }
        let how = hour_of_week(self.model, now);
        self.teams[channel.team].enqueue(
            now,
            Job::Contact { case: id },
            channel.priority,
            false,
            how,
        );
        self.dispatch(now, channel.team);
    }

    fn on_abandon(&mut self, now: SimTime, id: u32, generation: u32) {
        let case = self.cases.get_mut(id);
        if case.generation != generation || case.stage != Stage::Queued {
            return;
        }
        case.stage = Stage::Abandoned;
        self.tracer.mark(id, case, Mark::Abandoned, now);
        self.tracer.ended(id, End::Abandoned);
        let (channel, counted, arrival) = (case.channel as usize, case.counted, case.arrival);
        if counted {
            self.recorders[year_of(arrival, self.n_years)].abandoned(channel);
        }
        self.teams[self.model.channels[channel].team].forget_queued(now, arrival);
    }

    /// Starts queued jobs while the team has free servers.
    fn dispatch(&mut self, now: SimTime, team: usize) {
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

    fn on_graded(&mut self, now: SimTime, id: u32) {
        let case = self.cases.get(id);
        let (grade, counted, year) = (
            case.grade,
            case.counted,
            year_of(case.arrival, self.n_years),
        );
        if counted {
            self.recorders[year].graded(grade);
            if !case.time_to_find_hours.is_nan() {
                self.recorders[year].missing_episode(grade, case.time_to_find_hours);
            }
        }
        self.tracer.mark(id, case, Mark::Graded, now);
        match grade {
            Grade::NoIncident => {
                self.tracer.ended(id, End::NoIncident);
                self.cases.free(id);
            }
            Grade::G4 => {
                self.cases.get_mut(id).stage = Stage::Resolution;
                let team = self.model.grades.g4.team;
                let how = hour_of_week(self.model, now);
                self.teams[team].enqueue(now, Job::Resolution { case: id }, 0, false, how);
                self.dispatch(now, team);
            }
            _ => self.send_units(now, id),
        }
    }

    /// Queues one attendance job per unit needed at the area's response
    /// team; a G1 pre-empts pre-emptible work when no unit is free.
    fn send_units(&mut self, now: SimTime, id: u32) {
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
        if grade == Grade::G1 {
            // Free one unit per unit needed, as far as pre-emptible work
            // allows. While the team is over capacity (work overrunning a
            // shift change) a pre-emption would free nothing, so none is made.
            for _ in self.teams[team].free_servers()..u32::from(units) {
                let q = &self.teams[team];
                if q.busy() > q.capacity || !self.preempt_one(now, team, how) {
                    break;
                }
            }
        }
        for unit in 0..units {
            self.teams[team].enqueue(now, Job::Attendance { case: id, unit }, class, false, how);
        }
        self.dispatch(now, team);
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

    fn on_service_end(&mut self, now: SimTime, team: usize, slot: u32, generation: u32) {
        let Some(service) = self.teams[team].finish(now, slot, generation) else {
            return;
        };
        match service.job {
            Job::Contact { .. } => {}
            Job::Resolution { case: id } => self.on_resolved(now, id),
            Job::Attendance { case: id, unit } => {
                let case = self.cases.get_mut(id);
                let u = unit as usize;
                case.note_progress(u, service.started, now);
                case.units_left -= 1;
                if case.units_left == 0 {
                    self.tracer.mark(id, case, Mark::Cleared, now);
                    self.record_attended(id);
                    self.close_incident(now, id);
                }
            }
            Job::Forensics { .. } | Job::Investigation { .. } => {}
        }
        self.dispatch(now, team);
    }

    fn on_resolved(&mut self, now: SimTime, id: u32) {
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

    fn record_attended(&mut self, id: u32) {
        let case = self.cases.get(id);
        if let (true, Some(on_scene)) = (case.counted, case.first_on_scene) {
            let response_min = on_scene.minutes_since(case.arrival);
            let year = year_of(case.arrival, self.n_years);
            self.recorders[year].attended(self.model, case.grade, case.urban, response_min);
        }
    }

    /// End of the horizon: units already travelling that arrive before the
    /// end count as attended; everything else still open is reported as
    /// work left.
    fn finish(mut self, replication: u64) -> ReplicationResult {
        let end = self.stopped_at.unwrap_or(self.model.horizon);
        let last_hour = SimTime::from_hours(end.0.saturating_sub(1) / MS_PER_HOUR);
        let how = hour_of_week(self.model, last_hour);
        for team in &mut self.teams {
            for service in team.in_service() {
                if let Job::Attendance { case: id, unit } = service.job {
                    self.cases
                        .get_mut(id)
                        .note_progress(unit.into(), service.started, end);
                }
            }
            team.close(end, how);
        }
        for q in &mut self.casework {
            q.close(end, how);
        }
        self.tracer.finish(&self.cases, end);
        let mut open = Vec::new();
        for (id, case) in self.cases.iter_live() {
            if case.counted {
                open.push(id);
            }
        }
        for id in open {
            let case = self.cases.get(id);
            let recorder = &mut self.recorders[year_of(case.arrival, self.n_years)];
            match case.stage {
                Stage::Queued => recorder.waiting_at_end(case.channel as usize),
                Stage::Abandoned => {}
                Stage::Grading => recorder.awaiting_grading_at_end(),
                Stage::Resolution => recorder.g4_waiting_at_end(),
                Stage::Attendance => match case.first_on_scene {
                    Some(_) => self.record_attended(id),
                    None => recorder.unattended_at_end(case.grade),
                },
                Stage::Forensics | Stage::Investigation => {
                    if let Some(crime) = case.crime {
                        recorder.investigation_open_at_end(crime.crime_type.into());
                    }
                }
            }
        }
        self.report(replication, end)
    }

    /// The whole run's metrics, then each simulated year's as `years.N.…`
    /// (for runs longer than a year).
    fn report(mut self, replication: u64, end: SimTime) -> ReplicationResult {
        let model = self.model;
        let snapshot = |queues: &[TeamQueue], years: &mut Vec<Vec<TeamStats>>| {
            for (q, years) in queues.iter().zip(years.iter_mut()) {
                years.push(q.stats.clone());
            }
        };
        snapshot(&self.teams, &mut self.team_years);
        snapshot(&self.casework, &mut self.casework_years);
        let merged = |years: &[Vec<TeamStats>]| -> Vec<TeamStats> {
            years
                .iter()
                .filter_map(|periods| {
                    let (first, rest) = periods.split_first()?;
                    let mut all = first.clone();
                    rest.iter().for_each(|p| all.merge(p));
                    Some(all)
                })
                .collect()
        };
        let mut whole = self.recorders[0].clone();
        for r in &self.recorders[1..] {
            whole.merge(r);
        }
        let run = super::recorder::RunEnd {
            replication,
            events: self.events,
            start: model.warmup,
            end,
            stopped_early: self.stopped_at.is_some(),
        };
        let (teams, casework) = (merged(&self.team_years), merged(&self.casework_years));
        let books = super::recorder::Books {
            teams: &teams,
            casework: &casework,
            backlog_weekly: std::mem::take(&mut self.backlog_weekly),
        };
        let mut result = whole.finish(model, books, run);
        if self.recorders.len() > 1 {
            for (y, recorder) in std::mem::take(&mut self.recorders).into_iter().enumerate() {
                let year_start = SimTime::from_days(y as u64 * DAYS_PER_YEAR).max(model.warmup);
                let year_end = SimTime::from_days((y as u64 + 1) * DAYS_PER_YEAR).min(end);
                if year_end <= year_start {
                    continue;
                }
                let pick = |years: &[Vec<TeamStats>]| -> Vec<TeamStats> {
                    years.iter().filter_map(|p| p.get(y).cloned()).collect()
                };
                let (teams, casework) = (pick(&self.team_years), pick(&self.casework_years));
                if teams.len() != model.teams.len()
                    || casework.len() != model.investigation_teams.len()
                {
                    continue;
                }
                let books = super::recorder::Books {
                    teams: &teams,
                    casework: &casework,
                    backlog_weekly: vec![Vec::new(); casework.len()],
                };
                let run = super::recorder::RunEnd {
                    start: year_start,
                    end: year_end,
                    ..run
                };
                let year = recorder.finish(model, books, run);
                result.metrics.extend(
                    year.metrics
                        .into_iter()
                        .filter(|m| !m.name.starts_with("surge.") && !m.name.starts_with("run."))
                        .map(|m| super::recorder::Metric {
                            name: format!("years.{}.{}", y + 1, m.name),
                            ..m
                        }),
                );
            }
        }
        self.prevention.finish(self.model, &mut result.metrics);
        result
    }
}

/// The crime an incident of `category` records, if any, with everything
/// its investigation will need.
fn draw_crime(model: &Model, category: usize, year: usize, rng: &mut StreamRng) -> Option<Crime> {
    let u: f64 = rng.random();
    let by_year = &model.categories[category].crime_cumulative;
    let (crime_type, _) = *by_year
        .get(year)
        .or(by_year.last())?
        .iter()
        .find(|(_, c)| u < *c)?;
    let ct = &model.crime_types[crime_type];
    let screened_out = rng.random::<f64>() < ct.screened_out_share;
    let outcome = Outcome::ALL[pick(&ct.outcome_cumulative, rng.random())];
    let work_hours = ct.work_hours.sample(rng);
    let forensics_hours = match &model.forensics {
        Some(f) if rng.random::<f64>() < ct.forensics_share => f.work_hours.sample(rng),
        _ => 0.0,
    };
    Some(Crime {
        crime_type: crime_type as u16,
        screened_out,
        outcome,
        work_hours,
        forensics_hours,
        recorded: SimTime::ZERO,
    })
}

/// Index of the first cumulative share above `u` (the last if none).
fn pick(cumulative: &[f64], u: f64) -> usize {
    cumulative
        .iter()
        .position(|&c| u < c)
        .unwrap_or(cumulative.len().saturating_sub(1))
}
