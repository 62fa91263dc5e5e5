//! Dispatch rules: the one home of every decision about who does what.
//!
//! - what kind each team is ([`kind_of`]) and how its queue is set up
//!   ([`new_queue`]);
//! - which team takes a job: a contact ([`contact_team`]), a G4
//!   ([`resolution_team`]), attendance ([`attendance_team`]), casework
//!   ([`casework_team`]);
//! - which job a free server takes next ([`next_job`]), and when a G1
//!   pre-empts a unit on pre-emptible work ([`preempt_for_g1`],
//!   [`preemptible`], [`resume_later`]);
//! - how many units a team has to send: neighbourhood backfill lent to the
//!   response team ([`lend_backfill`]);
//! - with a geography: the nearest free unit by travel time
//!   ([`nearest_free_unit`]), which team's unit goes to an incident
//!   ([`geographic_attendance_team`], [`nearest_other_team`]) and which
//!   queued job a free unit of another area takes ([`crossing_for`]).
//!
//! These are pure functions of the model and the state they are given; the
//! force ([`crate::sim::force`]) carries them out (starts the job, schedules
//! its end, reports the facts). Adding a rule touches this module and the
//! scenario schema, not the event loop.

use super::case::{Case, CaseSlab, Crime, Stage};
use super::geography::GeoState;
use super::team::{InService, Job, Team, TeamId, TeamKind, TeamQueue, Teams};
use crate::scenario::geography::Geography;
use crate::scenario::model::{Grade, Model};
use crate::time::SimTime;

/// The kind of team `id` and its index in the model's list for that kind
/// (`Model::teams` for rostered teams, `Model::investigation_teams` for
/// casework; see [`TeamId`]).
pub fn kind_of(model: &Model, id: TeamId) -> (TeamKind, usize) {
    let i = id.index();
    let rostered = model.teams.len();
    if i >= rostered {
        let source = i - rostered;
        let kind = match &model.forensics {
            Some(f) if f.team == source => TeamKind::Forensics,
            _ => TeamKind::Investigation,
        };
        return (kind, source);
    }
    let team = &model.teams[i];
    let routed_contacts = || model.channels.iter().any(|c| c.team == i);
    let kind = if team.is_response {
        match team.activity {
            Some(_) => TeamKind::Neighbourhood,
            None => TeamKind::Response,
        }
    } else if model.grades.g4.team == i {
        TeamKind::Resolution
    } else if routed_contacts() {
        TeamKind::Contact
    } else if team.activity.is_some() {
        TeamKind::Neighbourhood
    } else {
        TeamKind::Specialist
    };
    (kind, i)
}

/// An empty queue for a team of `kind` (`source` as in [`kind_of`]): one
/// priority class per grade G1–G3 for teams that attend incidents for an
/// area, per channel priority otherwise (with the team's reserved servers kept for the top
/// one); a casework team has one class and its first year's case slots.
pub fn new_queue(model: &Model, kind: TeamKind, source: usize) -> TeamQueue {
    if kind.is_casework() {
        let t = &model.investigation_teams[source];
        let mut q = TeamQueue::new(1, 0, 0);
        q.set_capacity(
            SimTime::ZERO,
            None,
            t.slots_in_year(0),
            t.headcount.round() as u32,
        );
        return q;
    }
    let priorities = || {
        model
            .channels
            .iter()
            .filter(|c| c.team == source)
            .map(|c| c.priority)
    };
    let (classes, top_class) = if model.teams[source].is_response {
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
        model.teams[source].reserved_for_top_priority,
    )
}

/// The team answering contacts of `channel`, and their priority class.
pub fn contact_team(model: &Model, teams: &Teams, channel: usize) -> (TeamId, u8) {
    let c = &model.channels[channel];
    (teams.rostered(c.team), c.priority)
}

/// The team resolving G4s by telephone.
pub fn resolution_team(model: &Model, teams: &Teams) -> TeamId {
    teams.rostered(model.grades.g4.team)
}

/// The team whose units attend an incident of `grade` in `area`: a G3 goes
/// to the area's neighbourhood team if it has one, everything else to its
/// response team. Attendance is queued in class `grade.index()` (G1 first).
pub fn attendance_team(model: &Model, teams: &Teams, area: usize, grade: Grade) -> TeamId {
    let area = &model.areas[area];
    let team = match grade {
        Grade::G3 => area.neighbourhood_team.unwrap_or(area.response_team),
        _ => area.response_team,
    };
    teams.rostered(team)
}

/// The next casework for a recorded `crime` of case `id`: digital
/// forensics first when it needs some and the force has the stage
/// (`forensics_done` false), else investigation by the crime type's team.
pub fn casework_team(
    model: &Model,
    teams: &Teams,
    id: u32,
    crime: &Crime,
    forensics_done: bool,
) -> (TeamId, Job) {
    match (
        &model.forensics,
        crime.forensics_hours > 0.0 && !forensics_done,
    ) {
        (Some(f), true) => (teams.casework(f.team), Job::Forensics { case: id }),
        _ => {
            let owner = model.crime_types[usize::from(crime.crime_type)].team;
            (teams.casework(owner), Job::Investigation { case: id })
        }
    }
}

/// True if a unit attending an incident of `grade` may be taken off it by
/// a G1 (never a G1's own units).
pub fn preemptible(model: &Model, grade: Grade) -> bool {
    grade != Grade::G1 && model.grades.attendance[grade.index().min(2)].preemptible_by_g1
}

/// The job a free server of `team` takes next at `now`, with its priority
/// class and when it was queued; `None` if no server is free or no job may
/// start. The lowest class goes first, FIFO within it (a team's reserved
/// servers take only its top class); an abandoned contact's entry is
/// dropped and its case freed. Call it until `None`, then [`preempt_for_g1`].
pub fn next_job(team: &mut Team, cases: &mut CaseSlab, now: SimTime) -> Option<(Job, u8, SimTime)> {
    if !team.queue.has_free_server() {
        return None;
    }
    team.queue.pop_next(now, |job| match job {
        Job::Contact { case } if cases.get(case).stage == Stage::Abandoned => {
            cases.free(case);
            false
        }
        _ => true,
    })
}

/// While a G1 waits at an attending team and exactly all its units are
/// busy (not while over capacity, when a pre-emption would free nothing),
/// takes the unit on the lowest-priority pre-emptible work off it at `now`
/// and returns that work, to be put back with [`resume_later`]; the G1
/// then starts by [`next_job`]. `None` when no pre-emption is due or
/// possible. Tried whenever the team's servers or queue change, so a G1
/// graded during an overrun does not wait behind G3 work once
/// pre-emption can help.
pub fn preempt_for_g1(team: &mut Team, now: SimTime) -> Option<InService> {
    let q = &mut team.queue;
    if team.kind.attends() && q.top_class_waiting() && q.busy() == q.capacity {
        q.preempt(now)
    } else {
        None
    }
}

/// Puts pre-empted attendance back at the front of its class at `team`
/// with its remaining travel and time on scene, so it resumes where it
/// left off; `how` is the hour of week now.
pub fn resume_later(
    queue: &mut TeamQueue,
    case: &mut Case,
    service: InService,
    now: SimTime,
    how: usize,
) {
    if let Job::Attendance { unit, .. } = service.job {
        let u = unit as usize;
        let elapsed = now.since(service.started);
        case.note_progress(u, service.started, now);
        case.travel_ms[u] = case.travel_ms[u].saturating_sub(elapsed);
        case.remaining_ms[u] = case.remaining_ms[u].saturating_sub(elapsed);
        queue.enqueue(now, service.job, service.class, true, how);
    }
}

/// Splits each neighbourhood team's units on duty (`on_duty[t]` = (units,
/// people) of `Model::teams[t]`): it keeps its appointment share and lends
/// its backfill share to its area's response team.
pub fn lend_backfill(model: &Model, on_duty: &mut [(u32, u32)]) {
    for area in &model.areas {
        let Some(n) = area.neighbourhood_team else {
            continue;
        };
        let Some(activity) = model.teams[n].activity else {
            continue;
        };
        let units = on_duty[n].0;
        let appointments = ((f64::from(units) * activity.appointments).round() as u32).min(units);
        let backfill = ((f64::from(units) * activity.backfill_response).round() as u32)
            .min(units - appointments);
        on_duty[n].0 = appointments;
        on_duty[area.response_team].0 += backfill;
    }
}

/// The square-root law's `n` for travel to `atom`: the free units (of any
/// team) there; 1 when travel does not depend on it (a matrix).
pub fn free_units_for_travel(g: &Geography, geo: &GeoState, atom: usize) -> u32 {
    if g.counts_free_units() {
        geo.free_in(atom)
    } else {
        1
    }
}

/// With a geography: the free unit of rostered team `team` nearest to
/// `atom` by mean travel (ties to the unit listed first), with that mean,
/// minutes; `None` when none is free. `free_here` is the square-root
/// law's `n` ([`free_units_for_travel`], counted once by the caller).
pub fn nearest_free_unit(
    g: &Geography,
    geo: &GeoState,
    team: usize,
    atom: usize,
    free_here: u32,
) -> Option<(usize, f64)> {
    // Travel from within `atom` is the same for every unit there: worked
    // out once (the only square root), the rest are table lookups.
    let here = g.mean_travel_min(atom, atom, free_here);
    geo.fleets[team]
        .iter()
        .enumerate()
        .filter(|(_, u)| u.is_free())
        .map(|(i, u)| {
            let from = usize::from(u.atom);
            let mean = if from == atom {
                here
            } else {
                g.mean_travel_min(from, atom, free_here)
            };
            (i, mean)
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
}

/// With a geography: of the teams with bases other than `own` for which
/// `eligible` holds, each with a free server and nothing queued, the one
/// whose free unit is nearest to `atom` (ties to the team listed first).
pub fn nearest_other_team(
    model: &Model,
    geo: &GeoState,
    teams: &Teams,
    own: TeamId,
    atom: usize,
    eligible: impl Fn(usize) -> bool,
) -> Option<TeamId> {
    let g = model.geography.as_ref()?;
    let free_here = free_units_for_travel(g, geo, atom);
    teams
        .rostered_ids()
        .filter(|&t| t != own && g.is_geographic(t.index()) && eligible(t.index()))
        .filter(|&t| teams[t].queue.has_free_server() && teams[t].queue.queued() == 0)
        .filter_map(|t| nearest_free_unit(g, geo, t.index(), atom, free_here).map(|(_, m)| (t, m)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(t, _)| t)
}

/// With a geography: where one unit of an incident of `grade` in `atom`
/// (of area `area`) is sent. Its area's attending team
/// ([`attendance_team`]) when that has a free server; else, for a G1 when
/// `g1_force_wide`, the other team with the nearest free unit; else its
/// own team, to queue. Returns the team and whether it is another area's.
pub fn geographic_attendance_team(
    model: &Model,
    geo: &GeoState,
    teams: &Teams,
    area: usize,
    atom: usize,
    grade: Grade,
) -> (TeamId, bool) {
    let own = attendance_team(model, teams, area, grade);
    let force_wide = model.geography.as_ref().is_some_and(|g| g.g1_force_wide);
    if teams[own].queue.has_free_server() || !(grade == Grade::G1 && force_wide) {
        return (own, false);
    }
    match nearest_other_team(model, geo, teams, own, atom, |_| true) {
        Some(t) => (t, true),
        None => (own, false),
    }
}

/// With a geography: which listed crossing job a free server of `team`
/// may take, G1 first, then the longest queued: a G1 listed force-wide
/// goes to any area's team, other jobs only to a neighbouring area's.
/// Stale entries are the caller's to drop.
pub fn crossing_for(model: &Model, geo: &GeoState, team: TeamId) -> Option<usize> {
    let g = model.geography.as_ref()?;
    let area = geo.team_area[team.index()]?;
    geo.crossings
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            usize::from(c.team) != team.index()
                && (c.force_wide || g.neighbours[usize::from(c.area)][area])
        })
        .min_by_key(|(_, c)| (c.class, c.enqueued))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{self, DEFAULT_SCENARIO, DEFAULT_SCENARIO_NAME};

    fn default_model() -> Model {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        scenario::from_str(DEFAULT_SCENARIO_NAME, DEFAULT_SCENARIO, &dir)
            .expect("default scenario is valid")
            .1
    }

    #[test]
    fn every_team_has_the_kind_its_routing_gives_it() {
        let model = default_model();
        let teams = Teams::new(&model);
        let kind = |name: &str| {
            let team = teams
                .iter()
                .find(|t| {
                    let n = match t.kind.is_casework() {
                        true => &model.investigation_teams[t.source].name,
                        false => &model.teams[t.source].name,
                    };
                    n == name
                })
                .unwrap_or_else(|| panic!("no team {name}"));
            team.kind
        };
        assert_eq!(kind("contact_centre"), TeamKind::Contact);
        assert_eq!(kind("resolution_centre"), TeamKind::Resolution);
        assert_eq!(kind("response_north"), TeamKind::Response);
        assert_eq!(kind("neighbourhood_north"), TeamKind::Neighbourhood);
        assert_eq!(kind("volume_crime"), TeamKind::Investigation);
        assert_eq!(kind("digital_forensics"), TeamKind::Forensics);
        // Rostered ids equal `Model::teams` indices; casework follows.
        for id in teams.rostered_ids() {
            assert_eq!(teams[id].source, id.index());
        }
        let first = teams.casework_ids().next().expect("casework teams");
        assert_eq!(first.index(), model.teams.len());
    }

    fn team(kind: TeamKind) -> Team {
        let mut queue = TeamQueue::new(3, 0, 0);
        queue.set_capacity(SimTime(0), None, 1, 1);
        Team {
            kind,
            source: 0,
            queue,
            years: Vec::new(),
            overtime_left: 0.0,
        }
    }

    fn busy_on_g3(team: &mut Team) {
        let g3 = InService {
            job: Job::Attendance { case: 0, unit: 0 },
            class: 2,
            started: SimTime(0),
            preemptible: true,
        };
        team.queue.start(SimTime(0), g3);
        let g1 = Job::Attendance { case: 1, unit: 0 };
        team.queue.enqueue(SimTime(5), g1, 0, false, 0);
    }

    #[test]
    fn a_waiting_g1_preempts_pre_emptible_work_only_at_attending_teams() {
        let mut cases = CaseSlab::with_capacity(2);
        let mut response = team(TeamKind::Response);
        busy_on_g3(&mut response);
        assert!(next_job(&mut response, &mut cases, SimTime(10)).is_none());
        let taken = preempt_for_g1(&mut response, SimTime(10)).map(|s| s.job.case());
        assert_eq!(taken, Some(0), "the G3 unit is taken for the G1");
        let started = next_job(&mut response, &mut cases, SimTime(10)).map(|(j, ..)| j.case());
        assert_eq!(started, Some(1), "the G1 then starts");

        let mut contact = team(TeamKind::Contact);
        busy_on_g3(&mut contact);
        assert!(preempt_for_g1(&mut contact, SimTime(10)).is_none());
    }

    #[test]
    fn no_preemption_while_a_team_is_over_capacity() {
        let mut response = team(TeamKind::Response);
        busy_on_g3(&mut response);
        // The shift changed: no one on duty, the G3 overruns.
        response.queue.set_capacity(SimTime(6), None, 0, 0);
        assert!(preempt_for_g1(&mut response, SimTime(10)).is_none());
    }
}
