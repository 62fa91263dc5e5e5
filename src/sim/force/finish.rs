//! The end of a replication: work still open at the horizon (or when an
//! overloaded run was stopped), and the run's statistics, whole and by year.

use super::Force;
use crate::sim::recorder::{self, hour_of_week};
use crate::sim::results::{Replication, RunStats, YearStats};
use crate::sim::surge;
use crate::sim::team::{Job, TeamStats};
use crate::sim::trace::Tracer;
use crate::time::DAYS_PER_YEAR;
use crate::time::{MS_PER_HOUR, SimTime};

impl<T: Tracer> Force<'_, T> {
    /// End of the horizon: units already travelling that arrive before the
    /// end count as attended; everything else still open is reported as
    /// work left.
    pub(super) fn finish(mut self, replication: u64) -> Replication {
        let end = self.stopped_at.unwrap_or(self.model.horizon);
        let last_hour = SimTime::from_hours(end.0.saturating_sub(1) / MS_PER_HOUR);
        let how = hour_of_week(self.model, last_hour);
        for team in self.teams.iter_mut() {
            let team = &mut team.queue;
            for service in team.in_service() {
                if let Job::Attendance { case: id, unit } = service.job {
                    self.cases
                        .get_mut(id)
                        .note_progress(unit.into(), service.started, end);
                }
            }
            team.close(end, how);
        }
        self.observer.finish(&self.cases, end);
        self.report(replication, end)
    }

    /// The whole run's statistics, and each simulated year's (for runs
    /// longer than a year) as [`RunStats::years`].
    fn report(mut self, replication: u64, end: SimTime) -> Replication {
        let model = self.model;
        let (team_years, casework_years) = self.teams.take_years();
        // A period (simulated year) that ended by the end of the warm-up
        // holds only warm-up time: the warm-up reset happens in the period
        // it ends in, so earlier periods are left out of the whole run, or a
        // warm-up longer than a year would be counted (its time-weighted
        // averages, days and person-hours) in the run's figures.
        let counted = |y: usize| SimTime::from_days((y as u64 + 1) * DAYS_PER_YEAR) > model.warmup;
        let merged = |years: &[Vec<TeamStats>]| -> Vec<TeamStats> {
            years
                .iter()
                .filter_map(|periods| {
                    let mut kept = periods.iter().enumerate().filter(|(y, _)| counted(*y));
                    let (_, first) = kept.next()?;
                    let mut all = first.clone();
                    kept.for_each(|(_, p)| all.merge(p));
                    Some(all)
                })
                .collect()
        };
        let mut whole = self.observer.recorders[0].clone();
        for r in &self.observer.recorders[1..] {
            whole.merge(r);
        }
        let run = recorder::RunEnd {
            replication,
            events: self.events,
            start: model.warmup,
            end,
            stopped_early: self.stopped_at.is_some(),
        };
        let (teams, casework) = (merged(&team_years), merged(&casework_years));
        let hourly = recorder::hourly_profiles(model, &teams, run.start, run.end);
        let surges = surge::surge_figures(model, &teams);
        let books = recorder::Books {
            teams: &teams,
            casework: &casework,
            backlog_weekly: Some(std::mem::take(&mut self.backlog_weekly)),
        };
        let whole = whole.finish(model, books, run);
        let mut years = Vec::new();
        if self.observer.recorders.len() > 1 {
            for (y, recorder) in std::mem::take(&mut self.observer.recorders)
                .into_iter()
                .enumerate()
            {
                let year_start = SimTime::from_days(y as u64 * DAYS_PER_YEAR).max(model.warmup);
                let year_end = SimTime::from_days((y as u64 + 1) * DAYS_PER_YEAR).min(end);
                if year_end <= year_start {
                    continue;
                }
                let pick = |years: &[Vec<TeamStats>]| -> Vec<TeamStats> {
                    years.iter().filter_map(|p| p.get(y).cloned()).collect()
                };
                let (teams, casework) = (pick(&team_years), pick(&casework_years));
                if teams.len() != model.teams.len()
                    || casework.len() != model.investigation_teams.len()
                {
                    continue;
                }
                let books = recorder::Books {
                    teams: &teams,
                    casework: &casework,
                    backlog_weekly: None,
                };
                let run = recorder::RunEnd {
                    start: year_start,
                    end: year_end,
                    ..run
                };
                years.push(YearStats {
                    year: y + 1,
                    stats: recorder.finish(model, books, run),
                });
            }
        }
        let year_numbers: Vec<usize> = years.iter().map(|y| y.year).collect();
        Replication {
            replication,
            events: self.events,
            stats: RunStats {
                whole,
                years,
                surges,
                prevention: self.prevention.finish(model),
                stopped_early: run.stopped_early,
                simulated_days: end.0 as f64 / crate::time::MS_PER_DAY as f64,
                geography: self.geo.as_mut().map(|g| {
                    g.finish(
                        model,
                        &self.observer.places,
                        &self.observer.places_by_year,
                        &year_numbers,
                        end,
                    )
                }),
            },
            hourly,
        }
    }
}
