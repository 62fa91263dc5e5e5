//! Statistics of recorded crime and investigations, for the recorder.

use super::backlog_fit;
use super::results::{CrimeFigures, CrimeTypeFigures, InvestigationFigures};
use super::team::TeamStats;
use crate::scenario::model::{Model, Outcome};
use crate::stats::{LogHistogram, RunningMoments};
use crate::time::{MS_PER_DAY, SimTime};

/// `x / d`, undefined (`NaN`) when `d` is not positive.
fn per(x: f64, d: f64) -> f64 {
    if d > 0.0 { x / d } else { f64::NAN }
}

#[derive(Clone)]
struct TypeStats {
    recorded: u64,
    screened_out: u64,
    outcomes: [u64; 3],
    open_at_end: u64,
    /// Crime recorded → outcome, days.
    days_to_outcome: RunningMoments,
    days_hist: LogHistogram,
}

/// Counts and times of crimes by type (counted demand only).
#[derive(Clone)]
pub struct CrimeStats {
    by_type: Vec<TypeStats>,
    /// Per investigation team: cases allocated after waiting longer than
    /// [`LONG_WAIT_DAYS`].
    long_waits: Vec<u64>,
}

/// A crime waiting longer than this for allocation is unmet demand, days.
pub const LONG_WAIT_DAYS: f64 = 28.0;

impl CrimeStats {
    /// Empty statistics for `model`'s crime types and investigation teams.
    pub fn new(model: &Model) -> Self {
        let empty = TypeStats {
            recorded: 0,
            screened_out: 0,
            outcomes: [0; 3],
            open_at_end: 0,
            days_to_outcome: RunningMoments::new(),
            days_hist: LogHistogram::for_durations(),
        };
        CrimeStats {
            by_type: vec![empty; model.crime_types.len()],
            long_waits: vec![0; model.investigation_teams.len()],
        }
    }

    /// Adds another period's counts.
    pub fn merge(&mut self, other: &CrimeStats) {
        for (a, b) in self.by_type.iter_mut().zip(&other.by_type) {
            a.recorded += b.recorded;
            a.screened_out += b.screened_out;
            for (x, y) in a.outcomes.iter_mut().zip(&b.outcomes) {
                *x += y;
            }
            a.open_at_end += b.open_at_end;
            a.days_to_outcome.merge(&b.days_to_outcome);
            let _ = a.days_hist.merge(&b.days_hist);
        }
        for (a, b) in self.long_waits.iter_mut().zip(&other.long_waits) {
            *a += b;
        }
    }

    /// A crime of `crime_type` was recorded.
    pub fn recorded(&mut self, crime_type: usize) {
        self.by_type[crime_type].recorded += 1;
    }

    /// A crime of `crime_type` was screened out (no investigation).
    pub fn screened_out(&mut self, crime_type: usize) {
        self.by_type[crime_type].screened_out += 1;
    }

    /// An investigation of `crime_type` ended with `outcome`,
    /// `elapsed_ms` after the crime was recorded.
    pub fn investigated(&mut self, crime_type: usize, outcome: Outcome, elapsed_ms: u64) {
        let t = &mut self.by_type[crime_type];
        t.outcomes[outcome as usize] += 1;
        let days = elapsed_ms as f64 / MS_PER_DAY as f64;
        t.days_to_outcome.push(days);
        t.days_hist.record(days);
    }

    /// A case allocated at `team` after waiting `wait_days`.
    pub fn allocated(&mut self, team: usize, wait_days: f64) {
        self.long_waits[team] += u64::from(wait_days > LONG_WAIT_DAYS);
    }

    /// An investigation of `crime_type` was still open at the end.
    pub fn open_at_end(&mut self, crime_type: usize) {
        self.by_type[crime_type].open_at_end += 1;
    }

    /// Figures by crime type, by investigation team and in total (with
    /// each investigation team's weekly backlog, `backlog_weekly`, and its
    /// trend over the second half of the run, for the whole run only:
    /// `backlog_weekly` is `None` for a year); `None` for a model without
    /// crime types.
    pub fn finish(
        self,
        model: &Model,
        casework: &[TeamStats],
        backlog_weekly: Option<Vec<Vec<f64>>>,
        end: SimTime,
    ) -> Option<CrimeFigures> {
        if model.crime_types.is_empty() {
            return None;
        }
        let mut totals = [0u64; 4];
        let mut all_days = RunningMoments::new();
        let mut types = Vec::with_capacity(self.by_type.len());
        for s in &self.by_type {
            types.push(CrimeTypeFigures {
                recorded: s.recorded,
                screened_out: s.screened_out,
                outcomes: s.outcomes,
                open_at_end: s.open_at_end,
                days_to_outcome_mean: s.days_to_outcome.mean(),
                days_to_outcome_p90: s.days_hist.quantile(0.9),
            });
            totals[0] += s.recorded;
            totals[1] += s.screened_out;
            totals[2] += s.outcomes.iter().sum::<u64>();
            totals[3] += s.open_at_end;
            all_days.merge(&s.days_to_outcome);
        }
        let outcomes =
            Outcome::ALL.map(|o| self.by_type.iter().map(|s| s.outcomes[o as usize]).sum());
        let t_end = end.0 as f64;
        let mut investigations = Vec::with_capacity(casework.len());
        let fit_window = backlog_weekly
            .as_ref()
            .and_then(|_| backlog_fit::window(backlog_fit::weeks_recorded(model)));
        let backlog_weekly = backlog_weekly.unwrap_or_else(|| vec![Vec::new(); casework.len()]);
        for (t, ((_, s), weekly)) in model
            .investigation_teams
            .iter()
            .zip(casework)
            .zip(backlog_weekly)
            .enumerate()
        {
            let allocated = s.busy_within.mean(t_end) + s.busy_over.mean(t_end);
            let mut days = RunningMoments::new();
            for (ct, stats) in model.crime_types.iter().zip(&self.by_type) {
                if ct.team == t {
                    days.merge(&stats.days_to_outcome);
                }
            }
            investigations.push(InvestigationFigures {
                allocated: s.started,
                waited_over_28_days: self.long_waits[t],
                wait_for_allocation_mean_days: s.wait_min.mean() / 1440.0,
                unallocated_mean: s.queue_tw.mean(t_end),
                backlog_mean: s.queue_tw.mean(t_end) + allocated,
                backlog_at_end: s.queued_at_close + s.busy_at_close,
                unallocated_at_end: s.queued_at_close,
                // People and slots follow any staffing plan: use their time-averages.
                caseload_per_investigator_mean: per(allocated, s.people_tw.mean(t_end)),
                slot_occupancy: per(allocated, s.capacity_tw.mean(t_end)),
                backlog_growth_per_day: s.open_trend.slope(),
                days_to_outcome_mean: days.mean(),
                backlog_fit: fit_window.clone().map(|w| backlog_fit::fit(&weekly, w)),
                backlog_weekly: weekly,
            });
        }
        Some(CrimeFigures {
            types,
            recorded: totals[0],
            screened_out: totals[1],
            investigated: totals[2],
            open_at_end: totals[3],
            days_to_outcome_mean: all_days.mean(),
            outcomes,
            investigations,
        })
    }
}
