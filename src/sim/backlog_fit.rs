//! The trend of an investigation team's backlog within one replication:
//! a least-squares line through its open investigations (waiting +
//! allocated) at the end of each week, fitted over the second half of the
//! run. The first half is left out while a backlog fills from its starting
//! level (empty by default), so a backlog that filled and then levelled
//! shows no trend. The report's growth rule judges these per-replication
//! figures across replications (`report::growth`).

use crate::scenario::model::Model;
use crate::time::{HOURS_PER_WEEK, MS_PER_HOUR};
use std::ops::Range;

/// Fewest weeks in the fitted window (the second half of the run) for a
/// trend to be fitted at all; shorter runs have no trend metrics.
pub const MIN_WEEKS: usize = 4;

/// One replication's fit of one team's weekly backlog.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BacklogFit {
    /// Least-squares slope of the backlog against the week, cases a week
    /// (any sign); `NaN` when the replication recorded fewer than
    /// [`MIN_WEEKS`] weeks of the window (a run stopped early).
    pub per_week: f64,
    /// Mean backlog over the same weeks, cases (≥ 0); `NaN` exactly when
    /// `per_week` is.
    pub mean: f64,
}

/// Weeks whose end a full run of `model` records (week k ends at hour
/// 168·k, recorded while it is before the horizon), counted from the start
/// of the run (the warm-up included).
pub fn weeks_recorded(model: &Model) -> usize {
    let week_ms = HOURS_PER_WEEK as u64 * MS_PER_HOUR;
    (model.horizon.0.saturating_sub(1) / week_ms) as usize
}

/// The 0-based indices of the weeks fitted for a run recording `weeks`
/// weeks: the second half, `weeks / 2 .. weeks`; `None` when that holds
/// fewer than [`MIN_WEEKS`] weeks.
pub fn window(weeks: usize) -> Option<Range<usize>> {
    let first = weeks / 2;
    (weeks - first >= MIN_WEEKS).then_some(first..weeks)
}

/// The fit of `weekly` (backlog at the end of week 1, 2, …) over `window`;
/// weeks missing from a shorter series (a run stopped early) are left out.
pub fn fit(weekly: &[f64], window: Range<usize>) -> BacklogFit {
    let end = window.end.min(weekly.len());
    let start = window.start.min(end);
    let points = &weekly[start..end];
    if points.len() < MIN_WEEKS {
        return BacklogFit {
            per_week: f64::NAN,
            mean: f64::NAN,
        };
    }
    BacklogFit {
        per_week: slope(points),
        mean: points.iter().sum::<f64>() / points.len() as f64,
    }
}

/// The least-squares slope of `values` against their index (change per
/// step); `NaN` with fewer than two values.
pub fn slope(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    if values.len() < 2 {
        return f64::NAN;
    }
    let mx = (n - 1.0) / 2.0;
    let my = values.iter().sum::<f64>() / n;
    let (sxy, sxx) = values
        .iter()
        .enumerate()
        .fold((0.0, 0.0), |(sxy, sxx), (i, y)| {
            let dx = i as f64 - mx;
            (sxy + dx * (y - my), sxx + dx * dx)
        });
    sxy / sxx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_is_the_second_half_and_needs_min_weeks() {
        assert_eq!(window(52), Some(26..52));
        assert_eq!(window(53), Some(26..53));
        assert_eq!(window(2 * MIN_WEEKS), Some(MIN_WEEKS..2 * MIN_WEEKS));
        assert_eq!(window(2 * MIN_WEEKS - 2), None);
        assert_eq!(window(0), None);
    }

    #[test]
    fn a_fill_up_in_the_first_half_does_not_show_as_a_trend() {
        // Fills from 0 to 300 over 20 weeks, then level.
        let weekly: Vec<f64> = (0..52).map(|w| (15.0 * f64::from(w)).min(300.0)).collect();
        assert!(slope(&weekly) > 1.0, "the whole run reads as growth");
        let f = fit(&weekly, window(weekly.len()).unwrap());
        assert_eq!(
            f,
            BacklogFit {
                per_week: 0.0,
                mean: 300.0
            }
        );
    }

    #[test]
    fn a_straight_line_fits_exactly() {
        let weekly: Vec<f64> = (0..40).map(|w| 10.0 + 2.5 * f64::from(w)).collect();
        let f = fit(&weekly, window(40).unwrap());
        assert!((f.per_week - 2.5).abs() < 1e-12, "{f:?}");
        assert!((f.mean - (10.0 + 2.5 * 29.5)).abs() < 1e-9, "{f:?}");
        assert_eq!(slope(&[1.0, 3.0, 5.0]), 2.0);
        assert!(slope(&[1.0]).is_nan());
    }

    #[test]
    fn a_run_stopped_before_the_window_filled_has_no_fit() {
        let weekly = vec![5.0; 27];
        let f = fit(&weekly, window(52).unwrap());
        assert!(f.per_week.is_nan() && f.mean.is_nan(), "{f:?}");
        // Enough of the window recorded: fitted on what there is.
        let f = fit(&vec![5.0; 26 + MIN_WEEKS], window(52).unwrap());
        assert_eq!(
            f,
            BacklogFit {
                per_week: 0.0,
                mean: 5.0
            }
        );
    }
}
