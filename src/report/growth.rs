//! One rule for whether an investigation team's backlog is growing: a
//! linear trend of its weekly open caseload, fitted per replication over
//! the second half of the run (the first half is left out while the
//! backlog fills from its starting level), with a 95 % CI across
//! replications. A backlog grows when the whole CI lies above zero and the
//! growth is material: at least [`MATERIAL_GROWTH_PER_YEAR`] of the mean
//! backlog over the fitted weeks in a year.
//!
//! Every team is judged by the same rule, so a backlog still filling from
//! empty reads the same whichever team holds it.

use crate::batch::BatchResult;
use crate::stats::Estimate;

/// Growth in a year, as a share of the mean backlog over the fitted
/// weeks, below which a rising trend is not called growth (5 %).
pub const MATERIAL_GROWTH_PER_YEAR: f64 = 0.05;

/// Fewest weekly samples in the fitted window for a trend to be judged.
pub const MIN_WEEKS: usize = 4;

/// Weeks in a year, for turning a weekly trend into a yearly one.
const WEEKS_PER_YEAR: f64 = 52.18;

/// The trend of one investigation team's weekly backlog.
#[derive(Clone, Debug, PartialEq)]
pub struct BacklogTrend {
    /// The investigation team.
    pub team: String,
    /// First week fitted, 1-based (week k ends on day 7k of the run).
    pub first_week: usize,
    /// Last week fitted, 1-based (inclusive).
    pub last_week: usize,
    /// Change in open investigations per week (cases a week), mean over
    /// replications with its 95 % CI.
    pub per_week: Estimate,
    /// Mean open investigations over the fitted weeks and replications.
    pub mean_backlog: f64,
    /// The rule's verdict: the CI of `per_week` lies above zero (or, with
    /// one replication, the trend is positive) and a year of growth is at
    /// least [`MATERIAL_GROWTH_PER_YEAR`] of `mean_backlog`.
    pub growing: bool,
}

/// The least-squares slope of `values` against their index (change per
/// step); `NaN` with fewer than two finite values.
pub fn slope(values: &[f64]) -> f64 {
    let pts: Vec<(f64, f64)> = values
        .iter()
        .enumerate()
        .filter(|(_, v)| v.is_finite())
        .map(|(i, v)| (i as f64, *v))
        .collect();
    let n = pts.len() as f64;
    if pts.len() < 2 {
        return f64::NAN;
    }
    let mx = pts.iter().map(|p| p.0).sum::<f64>() / n;
    let my = pts.iter().map(|p| p.1).sum::<f64>() / n;
    let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let sxx: f64 = pts.iter().map(|p| (p.0 - mx) * (p.0 - mx)).sum();
    sxy / sxx
}

/// The trend of one team's weekly backlog from each replication's series
/// (open investigations at the end of week 1, 2, …); `None` when the
/// second half of the shortest series has fewer than [`MIN_WEEKS`] weeks.
pub fn backlog_trend(team: &str, per_replication: &[&[f64]]) -> Option<BacklogTrend> {
    let weeks = per_replication.iter().map(|s| s.len()).min()?;
    let first = weeks / 2;
    if weeks - first < MIN_WEEKS {
        return None;
    }
    let windows: Vec<&[f64]> = per_replication.iter().map(|s| &s[first..weeks]).collect();
    let slopes: Vec<f64> = windows.iter().map(|w| slope(w)).collect();
    let per_week = Estimate::from_samples(&slopes);
    let all: Vec<f64> = windows
        .iter()
        .flat_map(|w| w.iter().copied())
        .filter(|v| v.is_finite())
        .collect();
    let mean_backlog = all.iter().sum::<f64>() / all.len().max(1) as f64;
    let above_zero = match per_week.ci95_low {
        Some(lo) => lo > 0.0,
        None => per_week.mean > 0.0,
    };
    let material =
        per_week.mean * WEEKS_PER_YEAR >= MATERIAL_GROWTH_PER_YEAR * mean_backlog.max(1.0);
    Some(BacklogTrend {
        team: team.to_string(),
        first_week: first + 1,
        last_week: weeks,
        per_week,
        mean_backlog,
        growing: above_zero && material,
    })
}

/// The trend of every investigation team's backlog in `result`, in the
/// order of the series (teams whose runs are too short are left out).
pub fn backlog_trends(result: &BatchResult) -> Vec<BacklogTrend> {
    let Some(first) = result.replications.first() else {
        return Vec::new();
    };
    first
        .series
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let team = s
                .name
                .strip_prefix("investigations.")?
                .strip_suffix(".backlog_weekly")?;
            let series: Vec<&[f64]> = result
                .replications
                .iter()
                .filter_map(|r| r.series.get(i).map(|s| s.values.as_slice()))
                .collect();
            backlog_trend(team, &series)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A backlog that fills from empty for `fill` weeks to `level`, then
    /// changes by `trend` a week, with a small wobble that differs by
    /// replication `r`.
    fn series(weeks: usize, fill: usize, level: f64, trend: f64, r: usize) -> Vec<f64> {
        (0..weeks)
            .map(|w| {
                let base = if w < fill {
                    level * w as f64 / fill as f64
                } else {
                    level + trend * (w - fill) as f64
                };
                base + ((w * 7 + r * 13) % 5) as f64 - 2.0
            })
            .collect()
    }

    #[test]
    fn a_backlog_that_filled_from_empty_then_levelled_is_not_growing() {
        // A whole-run trend (the old rule) sees the fill-up as growth.
        let reps: Vec<Vec<f64>> = (0..6).map(|r| series(52, 20, 300.0, 0.0, r)).collect();
        let whole = slope(&reps[0]);
        assert!(
            whole > 1.0,
            "the fill-up reads as growth over the run: {whole}"
        );
        let refs: Vec<&[f64]> = reps.iter().map(|s| s.as_slice()).collect();
        let t = backlog_trend("rasso", &refs).unwrap();
        assert_eq!((t.first_week, t.last_week), (27, 52));
        assert!(!t.growing, "{t:?}");
    }

    #[test]
    fn a_backlog_rising_after_the_fill_up_is_growing_with_its_ci() {
        let reps: Vec<Vec<f64>> = (0..6).map(|r| series(104, 20, 300.0, 2.0, r)).collect();
        let refs: Vec<&[f64]> = reps.iter().map(|s| s.as_slice()).collect();
        let t = backlog_trend("digital_forensics", &refs).unwrap();
        assert!(t.growing, "{t:?}");
        let (lo, hi) = (t.per_week.ci95_low.unwrap(), t.per_week.ci95_high.unwrap());
        assert!(lo > 0.0 && lo <= 2.0 && 2.0 <= hi + 0.2, "{t:?}");
    }

    #[test]
    fn a_slight_but_certain_rise_is_not_material() {
        // 0.05 cases a week on 1,000 open cases: 0.3 % a year.
        let reps: Vec<Vec<f64>> = (0..6)
            .map(|r| {
                (0..104)
                    .map(|w| 1000.0 + 0.05 * w as f64 + 0.001 * r as f64)
                    .collect()
            })
            .collect();
        let refs: Vec<&[f64]> = reps.iter().map(|s| s.as_slice()).collect();
        let t = backlog_trend("cid", &refs).unwrap();
        assert!(t.per_week.ci95_low.unwrap() > 0.0);
        assert!(!t.growing, "{t:?}");
    }

    #[test]
    fn too_short_a_run_is_not_judged() {
        let s = vec![1.0; 2 * MIN_WEEKS - 2];
        assert!(backlog_trend("cid", &[&s]).is_none());
        assert!(slope(&[1.0]).is_nan());
        assert_eq!(slope(&[1.0, 3.0, 5.0]), 2.0);
    }
}
