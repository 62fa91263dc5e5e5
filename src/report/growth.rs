//! One rule for whether an investigation team's backlog is growing. Each
//! replication fits a linear trend to the team's weekly open caseload over
//! the second half of the run (the first half is left out while the
//! backlog fills from its starting level: [`crate::sim::backlog_fit`]) and
//! reports it as two metrics, `investigations.T.backlog_trend_per_week`
//! and `investigations.T.backlog_fitted_mean`. The rule reads their
//! estimates across replications: a backlog grows when the whole 95 % CI
//! of the trend lies above zero and the growth is material, at least
//! [`MATERIAL_GROWTH_PER_YEAR`] of the mean fitted backlog in a year.
//!
//! Every team is judged by the same rule, so a backlog still filling from
//! empty reads the same whichever team holds it.

use crate::batch::BatchResult;
use crate::metrics::names as n;
use crate::scenario::Model;
use crate::sim::backlog_fit;
use crate::stats::Estimate;

pub use crate::sim::backlog_fit::MIN_WEEKS;

/// Growth in a year, as a share of the mean backlog over the fitted
/// weeks, below which a rising trend is not called growth (5 %).
pub const MATERIAL_GROWTH_PER_YEAR: f64 = 0.05;

/// Weeks in a year, for turning a weekly trend into a yearly one.
pub const WEEKS_PER_YEAR: f64 = 52.18;

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
    /// Mean open investigations over the fitted weeks and replications,
    /// cases (≥ 0).
    pub mean_backlog: f64,
    /// The rule's verdict: the CI of `per_week` lies above zero (or, with
    /// one replication, the trend is positive) and a year of growth is at
    /// least [`MATERIAL_GROWTH_PER_YEAR`] of `mean_backlog`.
    pub growing: bool,
}

/// The rule applied to one team: `per_week`, the estimate across
/// replications of the fitted weekly trend (cases a week), and
/// `mean_backlog`, the mean fitted backlog (cases), over the 0-based
/// weeks `window`.
pub fn judge(
    team: &str,
    window: std::ops::Range<usize>,
    per_week: Estimate,
    mean_backlog: f64,
) -> BacklogTrend {
    let above_zero = match per_week.ci95_low {
        Some(lo) => lo > 0.0,
        None => per_week.mean > 0.0,
    };
    let material =
        per_week.mean * WEEKS_PER_YEAR >= MATERIAL_GROWTH_PER_YEAR * mean_backlog.max(1.0);
    BacklogTrend {
        team: team.to_string(),
        first_week: window.start + 1,
        last_week: window.end,
        per_week,
        mean_backlog,
        growing: above_zero && material,
    }
}

/// The trend of every investigation team's backlog in `result` (a batch
/// of `model`), in the model's order; empty when the run is too short for
/// a trend ([`MIN_WEEKS`] weeks in its second half). A team whose trend
/// is undefined in every replication (each stopped early) is left out.
pub fn backlog_trends(model: &Model, result: &BatchResult) -> Vec<BacklogTrend> {
    let Some(window) = backlog_fit::window(backlog_fit::weeks_recorded(model)) else {
        return Vec::new();
    };
    model
        .investigation_teams
        .iter()
        .filter_map(|team| {
            let at = [team.name.as_str()];
            let per_week = result
                .metric(&n::INVESTIGATIONS_BACKLOG_TREND_PER_WEEK.name(&at))?
                .estimate;
            let mean = result
                .metric(&n::INVESTIGATIONS_BACKLOG_FITTED_MEAN.name(&at))?
                .estimate
                .mean;
            (per_week.n > 0).then(|| judge(&team.name, window.clone(), per_week, mean))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::backlog_fit::{fit, slope, window};

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

    /// The rule applied as a batch does: each replication's series fitted
    /// as its metrics are, then the estimates across replications.
    fn judged(team: &str, reps: &[Vec<f64>]) -> BacklogTrend {
        let w = window(reps[0].len()).expect("long enough");
        let fits: Vec<_> = reps.iter().map(|s| fit(s, w.clone())).collect();
        let per_week = Estimate::from_samples(&fits.iter().map(|f| f.per_week).collect::<Vec<_>>());
        let mean = Estimate::from_samples(&fits.iter().map(|f| f.mean).collect::<Vec<_>>()).mean;
        judge(team, w, per_week, mean)
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
        let t = judged("rasso", &reps);
        assert_eq!((t.first_week, t.last_week), (27, 52));
        assert!(!t.growing, "{t:?}");
    }

    #[test]
    fn a_backlog_rising_after_the_fill_up_is_growing_with_its_ci() {
        let reps: Vec<Vec<f64>> = (0..6).map(|r| series(104, 20, 300.0, 2.0, r)).collect();
        let t = judged("digital_forensics", &reps);
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
                    .map(|w| 1000.0 + 0.05 * f64::from(w) + 0.001 * f64::from(r))
                    .collect()
            })
            .collect();
        let t = judged("cid", &reps);
        assert!(t.per_week.ci95_low.unwrap() > 0.0);
        assert!(!t.growing, "{t:?}");
    }

    #[test]
    fn a_rise_whose_ci_reaches_zero_is_not_growing() {
        // Replications disagree: two rise, one falls as fast.
        let reps: Vec<Vec<f64>> = [3.0, 3.0, -3.0]
            .iter()
            .enumerate()
            .map(|(r, &t)| series(60, 10, 200.0, t, r))
            .collect();
        let t = judged("cid", &reps);
        assert!(t.per_week.mean > 0.0, "{t:?}");
        assert!(t.per_week.ci95_low.unwrap() < 0.0, "{t:?}");
        assert!(!t.growing, "{t:?}");
    }

    #[test]
    fn too_short_a_run_is_not_judged() {
        assert!(window(2 * MIN_WEEKS - 2).is_none());
        assert!(window(2 * MIN_WEEKS).is_some());
    }
}
