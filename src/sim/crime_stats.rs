//! Statistics of recorded crime and investigations, for the recorder.

use super::recorder::{Metric, Series};
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
    /// Empty statistics sized for `model`'s crime types and teams.
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

    /// A crime of `crime_type` was screened out.
    pub fn screened_out(&mut self, crime_type: usize) {
        self.by_type[crime_type].screened_out += 1;
    }

    /// An investigation of `crime_type` ended in `outcome`, `elapsed_ms`
    /// after recording.
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

    /// An investigation of `crime_type` was open when the run ended.
    pub fn open_at_end(&mut self, crime_type: usize) {
        self.by_type[crime_type].open_at_end += 1;
    }

    /// Metrics by crime type, by investigation team and in total, and the
    /// weekly backlog series.
    pub fn finish(
        self,
        model: &Model,
        casework: &[TeamStats],
        backlog_weekly: Vec<Vec<f64>>,
        end: SimTime,
        metrics: &mut Vec<Metric>,
    ) -> Vec<Series> {
        let mut push = |name: String, unit: &'static str, value: f64| {
            metrics.push(Metric { name, unit, value })
        };
        if model.crime_types.is_empty() {
            return Vec::new();
        }
        let mut totals = [0u64; 4];
        let mut all_days = RunningMoments::new();
        for (ct, s) in model.crime_types.iter().zip(&self.by_type) {
            let p = format!("crimes.{}", ct.name);
            push(format!("{p}.recorded"), "count", s.recorded as f64);
            push(format!("{p}.screened_out"), "count", s.screened_out as f64);
            for o in Outcome::ALL {
                push(
                    format!("{p}.{}", o.key()),
                    "count",
                    s.outcomes[o as usize] as f64,
                );
            }
            push(format!("{p}.open_at_end"), "count", s.open_at_end as f64);
            push(
                format!("{p}.days_to_outcome_mean"),
                "days",
                s.days_to_outcome.mean(),
            );
            push(
                format!("{p}.days_to_outcome_p90"),
                "days",
                s.days_hist.quantile(0.9),
            );
            totals[0] += s.recorded;
            totals[1] += s.screened_out;
            totals[2] += s.outcomes.iter().sum::<u64>();
            totals[3] += s.open_at_end;
            all_days.merge(&s.days_to_outcome);
        }
        push("crimes.recorded".into(), "count", totals[0] as f64);
        push("crimes.screened_out".into(), "count", totals[1] as f64);
        push("crimes.investigated".into(), "count", totals[2] as f64);
        push("crimes.open_at_end".into(), "count", totals[3] as f64);
        push(
            "crimes.days_to_outcome_mean".into(),
            "days",
            all_days.mean(),
        );
        for o in Outcome::ALL {
            let n: u64 = self.by_type.iter().map(|s| s.outcomes[o as usize]).sum();
            push(format!("outcomes.{}", o.key()), "count", n as f64);
        }
        let t_end = end.0 as f64;
        let mut series = Vec::new();
        for (t, ((team, q), weekly)) in model
            .investigation_teams
            .iter()
            .zip(casework)
            .zip(backlog_weekly)
            .enumerate()
        {
            let p = format!("investigations.{}", team.name);
            let s = q;
            let allocated = s.busy_within.mean(t_end) + s.busy_over.mean(t_end);
            push(format!("{p}.allocated"), "count", s.started as f64);
            push(
                format!("{p}.waited_over_28_days"),
                "count",
                self.long_waits[t] as f64,
            );
            push(
                format!("{p}.wait_for_allocation_mean_days"),
                "days",
                s.wait_min.mean() / 1440.0,
            );
            push(
                format!("{p}.unallocated_mean"),
                "count",
                s.queue_tw.mean(t_end),
            );
            push(
                format!("{p}.backlog_mean"),
                "count",
                s.queue_tw.mean(t_end) + allocated,
            );
            push(
                format!("{p}.backlog_at_end"),
                "count",
                f64::from(q.queued_at_close + q.busy_at_close),
            );
            push(
                format!("{p}.unallocated_at_end"),
                "count",
                f64::from(q.queued_at_close),
            );
            push(
                format!("{p}.caseload_per_investigator_mean"),
                "count",
                // People and slots follow any staffing plan: use their time-averages.
                per(allocated, s.people_tw.mean(t_end)),
            );
            push(
                format!("{p}.slot_occupancy"),
                "share",
                per(allocated, s.capacity_tw.mean(t_end)),
            );
            push(
                format!("{p}.backlog_growth_per_day"),
                "count",
                s.backlog_trend.slope(),
            );
            let mut days = RunningMoments::new();
            for (ct, stats) in model.crime_types.iter().zip(&self.by_type) {
                if ct.team == t {
                    days.merge(&stats.days_to_outcome);
                }
            }
            push(format!("{p}.days_to_outcome_mean"), "days", days.mean());
            series.push(Series {
                name: format!("{p}.backlog_weekly"),
                unit: "count",
                step_days: 7.0,
                values: weekly,
            });
        }
        series
    }
}
