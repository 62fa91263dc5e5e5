//! Teams: one kind of team for every part of the force.
//!
//! Every team — call handlers, resolution officers, response and
//! neighbourhood units, investigators, forensics examiners — is a [`Team`]:
//! a [`TeamQueue`] of jobs and servers, an explicit [`TeamKind`], and the
//! statistics of each finished simulated year. The force holds them all in
//! one [`Teams`] list, addressed by [`TeamId`]. What a kind of team does
//! differently (how its servers come on duty, which jobs it is sent, whether
//! a G1 may pre-empt its work) is decided by the rules in
//! [`crate::sim::dispatch`], never by the event loop.
//!
//! - [`queue`]: servers, priority classes, FIFO within a class;
//! - [`stats`]: a team's streaming statistics over a period.

pub mod queue;
pub mod stats;
pub mod time_books;

pub use queue::{InService, Job, TeamQueue};
pub use stats::{STRAIN_THRESHOLD, TeamStats, Trend};

use crate::scenario::model::Model;
use crate::time::SimTime;
use std::ops::{Index, IndexMut};

/// A team's place in the force's [`Teams`]: the rostered teams first, in
/// `Model::teams` order (so a rostered team's id equals its index there),
/// then the investigation teams in `Model::investigation_teams` order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TeamId(pub u16);

impl TeamId {
    /// The id as an index into [`Teams`].
    #[inline]
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// What a team is for. Decided once, from the model, by
/// [`crate::sim::dispatch::kind_of`]; the dispatch rules read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TeamKind {
    /// Answers contacts (a channel's call handlers or online desk).
    Contact,
    /// Resolves G4 incidents by telephone.
    Resolution,
    /// Attends incidents for an area (its units travel; a G1 may pre-empt
    /// pre-emptible work).
    Response,
    /// A neighbourhood team: an area's (G3 appointments, backfill lent to
    /// the response team, problem-solving hours for prevention), or a
    /// force-wide team with an activity split and no routed work (e.g.
    /// PCSOs: problem-solving hours only).
    Neighbourhood,
    /// Investigates recorded crime, holding case slots (casework).
    Investigation,
    /// Digital forensics on recorded crime before investigation (casework).
    Forensics,
    /// A rostered team routed no work by the scenario (costed and
    /// reported, never dispatched to).
    Specialist,
}

impl TeamKind {
    /// True for casework teams: their servers are case slots set once a
    /// simulated year, not rostered hour by hour.
    #[inline]
    pub fn is_casework(self) -> bool {
        matches!(self, TeamKind::Investigation | TeamKind::Forensics)
    }

    /// True for kinds whose units may attend incidents (so a waiting G1
    /// may pre-empt their pre-emptible work).
    #[inline]
    pub fn attends(self) -> bool {
        matches!(self, TeamKind::Response | TeamKind::Neighbourhood)
    }
}

/// One team in one replication.
pub struct Team {
    /// What the team is for.
    pub kind: TeamKind,
    /// Index into the model's list for the kind: `Model::teams` for a
    /// rostered team, `Model::investigation_teams` for casework.
    pub source: usize,
    /// Servers, queued jobs and the current period's statistics.
    pub queue: TeamQueue,
    /// Statistics of each finished simulated year, oldest first (the
    /// current year's are live in `queue.stats`).
    pub years: Vec<TeamStats>,
    /// Overtime unit-hours left this week (rostered teams with overtime).
    pub overtime_left: f64,
}

/// Every team of the force, addressed by [`TeamId`].
pub struct Teams {
    all: Vec<Team>,
    /// How many of `all` are rostered (`Model::teams.len()`).
    rostered: usize,
}

impl Teams {
    /// The force's teams for `model`, each of its kind, with no one on
    /// duty (casework teams with their first year's case slots).
    pub fn new(model: &Model) -> Self {
        let rostered = model.teams.len();
        let n = rostered + model.investigation_teams.len();
        let all = (0..n)
            .map(|i| {
                let id = TeamId(i as u16);
                let (kind, source) = crate::sim::dispatch::kind_of(model, id);
                Team {
                    kind,
                    source,
                    queue: crate::sim::dispatch::new_queue(model, kind, source),
                    years: Vec::new(),
                    overtime_left: 0.0,
                }
            })
            .collect();
        Teams { all, rostered }
    }

    /// The id of `Model::teams[index]`.
    #[inline]
    pub fn rostered(&self, index: usize) -> TeamId {
        debug_assert!(index < self.rostered);
        TeamId(index as u16)
    }

    /// The id of `Model::investigation_teams[index]`.
    #[inline]
    pub fn casework(&self, index: usize) -> TeamId {
        TeamId((self.rostered + index) as u16)
    }

    /// Number of teams.
    pub fn len(&self) -> usize {
        self.all.len()
    }

    /// True when the force has no team.
    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }

    /// Every id, in order.
    pub fn ids(&self) -> impl Iterator<Item = TeamId> + use<> {
        (0..self.all.len() as u16).map(TeamId)
    }

    /// The ids of the teams rostered hour by hour (every kind but
    /// casework), in `Model::teams` order.
    pub fn rostered_ids(&self) -> impl Iterator<Item = TeamId> + use<> {
        (0..self.rostered as u16).map(TeamId)
    }

    /// The ids of the casework teams, in `Model::investigation_teams` order.
    pub fn casework_ids(&self) -> impl Iterator<Item = TeamId> + use<> {
        (self.rostered as u16..self.all.len() as u16).map(TeamId)
    }

    /// Every team, in id order.
    pub fn iter(&self) -> impl Iterator<Item = &Team> {
        self.all.iter()
    }

    /// Every team, in id order, mutably.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Team> {
        self.all.iter_mut()
    }

    /// Closes every team's accounting period at `now` (the end of a
    /// simulated year, an hour boundary already booked).
    pub fn close_year(&mut self, now: SimTime) {
        for team in &mut self.all {
            let stats = team.queue.split_period(now);
            team.years.push(stats);
        }
    }

    /// Closes the books at the end of the run: each team's last period
    /// joins its years, and the years are handed over as (rostered teams,
    /// casework teams), each a list per team of its periods, in
    /// [`recorder::Books`](crate::sim::recorder::Books) order.
    pub fn take_years(&mut self) -> (Vec<Vec<TeamStats>>, Vec<Vec<TeamStats>>) {
        let mut rostered = Vec::with_capacity(self.rostered);
        let mut casework = Vec::with_capacity(self.all.len() - self.rostered);
        for team in &mut self.all {
            let mut years = std::mem::take(&mut team.years);
            years.push(team.queue.stats.clone());
            if team.kind.is_casework() {
                casework.push(years);
            } else {
                rostered.push(years);
            }
        }
        (rostered, casework)
    }
}

impl Index<TeamId> for Teams {
    type Output = Team;
    #[inline]
    fn index(&self, id: TeamId) -> &Team {
        &self.all[id.index()]
    }
}

impl IndexMut<TeamId> for Teams {
    #[inline]
    fn index_mut(&mut self, id: TeamId) -> &mut Team {
        &mut self.all[id.index()]
    }
}
