//! Year-by-year headline figures for multi-year runs.
//!
//! A run longer than a year is cut into simulated years of 365 days from
//! its start. Facts about a case count in the year it arrived; team
//! utilisation and investigation backlogs are read at each year's end.
//! Metrics are named `years.N.<headline name>` (N from 1), and only emitted
//! when the run spans more than one year.

use super::recorder::Metric;
use super::team::TeamQueue;
use super::time::{MS_PER_DAY, SimTime};
use crate::scenario::model::{Grade, Model, Outcome};

/// Days in a simulated year.
pub const DAYS_PER_YEAR: u64 = 365;

/// The simulated year (0-based) of instant `t`, capped at `years - 1`.
pub fn year_of(t: SimTime, years: usize) -> usize {
    ((t.0 / (DAYS_PER_YEAR * MS_PER_DAY)) as usize).min(years.saturating_sub(1))
}

#[derive(Clone, Default)]
struct Year {
    offered: Vec<u64>,
    offered_by_category: Vec<u64>,
    missing_episodes: u64,
    answered: Vec<u64>,
    abandoned: Vec<u64>,
    answered_within_target: Vec<u64>,
    graded: [u64; 4],
    attended: [u64; 3],
    within_target: [u64; 3],
    response_min_sum: [f64; 3],
    crimes_recorded: u64,
    investigated: u64,
    charged: u64,
    /// Per rostered team: ∫ busy (within capacity) and ∫ capacity at the
    /// year's end, cumulative since the start (or warm-up).
    busy_integral: Vec<f64>,
    capacity_integral: Vec<f64>,
    /// Per investigation team: backlog at the year's end.
    backlog: Vec<f64>,
}

/// Headline counts by simulated year.
pub struct YearBook {
    years: Vec<Year>,
}

impl YearBook {
    pub fn new(model: &Model) -> Self {
        let n = model.years();
        let channels = model.channels.len();
        let year = Year {
            offered: vec![0; channels],
            offered_by_category: vec![0; model.categories.len()],
            answered: vec![0; channels],
            abandoned: vec![0; channels],
            answered_within_target: vec![0; channels],
            ..Year::default()
        };
        YearBook {
            years: vec![year; n],
        }
    }

    pub fn offered(&mut self, year: usize, channel: usize, category: usize) {
        self.years[year].offered[channel] += 1;
        self.years[year].offered_by_category[category] += 1;
    }

    pub fn missing_episode(&mut self, year: usize) {
        self.years[year].missing_episodes += 1;
    }

    pub fn answered(&mut self, model: &Model, year: usize, channel: usize, wait_s: f64) {
        let y = &mut self.years[year];
        y.answered[channel] += 1;
        if model.channels[channel]
            .answer_target_s
            .is_some_and(|t| wait_s <= t)
        {
            y.answered_within_target[channel] += 1;
        }
    }

    pub fn abandoned(&mut self, year: usize, channel: usize) {
        self.years[year].abandoned[channel] += 1;
    }

    pub fn graded(&mut self, year: usize, grade: Grade) {
        if grade != Grade::NoIncident {
            self.years[year].graded[grade.index()] += 1;
        }
    }

    pub fn attended(
        &mut self,
        model: &Model,
        year: usize,
        grade: Grade,
        urban: bool,
        response_min: f64,
    ) {
        let g = grade.index().min(2);
        let settings = &model.grades.attendance[g];
        let target = if urban {
            settings.target_urban_min
        } else {
            settings.target_rural_min
        };
        let y = &mut self.years[year];
        y.attended[g] += 1;
        y.within_target[g] += u64::from(response_min <= target);
        y.response_min_sum[g] += response_min;
    }

    pub fn crime_recorded(&mut self, year: usize) {
        self.years[year].crimes_recorded += 1;
    }

    pub fn investigated(&mut self, year: usize, outcome: Outcome) {
        let y = &mut self.years[year];
        y.investigated += 1;
        y.charged += u64::from(outcome == Outcome::Charge);
    }

    /// Closes the books of `year` at `now`.
    pub fn close_year(
        &mut self,
        year: usize,
        now: SimTime,
        teams: &[TeamQueue],
        casework: &[TeamQueue],
    ) {
        let t = now.0 as f64;
        let y = &mut self.years[year];
        y.busy_integral = teams
            .iter()
            .map(|q| q.stats.busy_within.integral(t))
            .collect();
        y.capacity_integral = teams
            .iter()
            .map(|q| q.stats.capacity_tw.integral(t))
            .collect();
        y.backlog = casework
            .iter()
            .map(|q| f64::from(q.queued() + q.busy()))
            .collect();
    }

    /// The `years.N.…` metrics (none for a run of one year).
    pub fn finish(self, model: &Model, metrics: &mut Vec<Metric>) {
        if self.years.len() < 2 {
            return;
        }
        let mut push = |name: String, unit: &'static str, value: f64| {
            metrics.push(Metric { name, unit, value })
        };
        let ratio = |a: u64, b: u64| {
            if b == 0 {
                f64::NAN
            } else {
                a as f64 / b as f64
            }
        };
        let mut previous: Option<&Year> = None;
        for (i, y) in self.years.iter().enumerate() {
            let p = format!("years.{}", i + 1);
            for (c, ch) in model.channels.iter().enumerate() {
                push(
                    format!("{p}.calls.{}.offered", ch.name),
                    "count",
                    y.offered[c] as f64,
                );
                push(
                    format!("{p}.calls.{}.abandoned_share", ch.name),
                    "share",
                    ratio(y.abandoned[c], y.answered[c] + y.abandoned[c]),
                );
                if let Some(t) = ch.answer_target_s {
                    push(
                        format!("{p}.calls.{}.answered_within_{}s_share", ch.name, t),
                        "share",
                        ratio(y.answered_within_target[c], y.answered[c] + y.abandoned[c]),
                    );
                }
            }
            for (k, cat) in model.categories.iter().enumerate() {
                push(
                    format!("{p}.demand.{}.offered", cat.name),
                    "count",
                    y.offered_by_category[k] as f64,
                );
            }
            if model
                .categories
                .iter()
                .any(|c| c.time_to_find_hours.is_some())
            {
                push(
                    format!("{p}.missing.episodes"),
                    "count",
                    y.missing_episodes as f64,
                );
            }
            let incidents: u64 = y.graded.iter().sum();
            push(format!("{p}.incidents.total"), "count", incidents as f64);
            push(
                format!("{p}.incidents.attended_share"),
                "share",
                ratio(y.attended.iter().sum(), incidents),
            );
            for g in Grade::ATTENDED {
                let k = g.index();
                push(
                    format!("{p}.response.{}.within_target_share", g.key()),
                    "share",
                    ratio(y.within_target[k], y.attended[k]),
                );
                let mean = if y.attended[k] > 0 {
                    y.response_min_sum[k] / y.attended[k] as f64
                } else {
                    f64::NAN
                };
                push(
                    format!("{p}.response.{}.response_time_mean_min", g.key()),
                    "min",
                    mean,
                );
            }
            if !model.crime_types.is_empty() {
                push(
                    format!("{p}.crimes.recorded"),
                    "count",
                    y.crimes_recorded as f64,
                );
                push(
                    format!("{p}.crimes.investigated"),
                    "count",
                    y.investigated as f64,
                );
                push(format!("{p}.outcomes.charge"), "count", y.charged as f64);
            }
            for (t, team) in model.teams.iter().enumerate() {
                let before = |v: fn(&Year) -> &Vec<f64>| {
                    previous.map_or(0.0, |p| v(p).get(t).copied().unwrap_or(0.0))
                };
                let busy =
                    y.busy_integral.get(t).copied().unwrap_or(0.0) - before(|y| &y.busy_integral);
                let cap = y.capacity_integral.get(t).copied().unwrap_or(0.0)
                    - before(|y| &y.capacity_integral);
                push(
                    format!("{p}.teams.{}.utilisation", team.name),
                    "share",
                    if cap > 0.0 { busy / cap } else { f64::NAN },
                );
            }
            for (t, team) in model.investigation_teams.iter().enumerate() {
                push(
                    format!("{p}.investigations.{}.backlog_at_year_end", team.name),
                    "count",
                    y.backlog.get(t).copied().unwrap_or(f64::NAN),
                );
            }
            previous = Some(y);
        }
    }
}
