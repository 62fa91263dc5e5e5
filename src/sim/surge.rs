//! Surges: how high each team's queue rose and how long it took to recover.

use super::results::SurgeFigures;
use super::team::TeamStats;
use crate::scenario::model::Model;

/// Days before a surge averaged for the normal queue.
const BASELINE_DAYS: u64 = 7;

/// Per surge × rostered team (model orders): the peak queue (the longest
/// queue from the surge's first day to 30 days after it) and the recovery
/// days: recovery is the number of days after the surge's last
/// day until the end-of-day queue is back within 10 % (or one job) of its
/// mean over the week before the surge; NaN if it never is.
pub fn surge_figures(model: &Model, teams: &[TeamStats]) -> Vec<Vec<SurgeFigures>> {
    let offset = model.warmup.day_index();
    let mut out = Vec::with_capacity(model.surges.len());
    for (_, first, days) in &model.surges {
        let end = first + days;
        let mut by_team = Vec::with_capacity(teams.len());
        for (_, q) in model.teams.iter().zip(teams) {
            let series = &q.daily_queue;
            let at = |day: u64| {
                day.checked_sub(offset)
                    .and_then(|i| series.get(i as usize))
                    .copied()
            };
            let before: Vec<f64> = (first.saturating_sub(BASELINE_DAYS)..*first)
                .filter_map(at)
                .collect();
            let baseline = if before.is_empty() {
                0.0
            } else {
                before.iter().sum::<f64>() / before.len() as f64
            };
            let peaks = &q.daily_peak;
            let peak = (*first..end + 30)
                .filter_map(|day| {
                    day.checked_sub(offset)
                        .and_then(|i| peaks.get(i as usize))
                        .copied()
                })
                .fold(f64::NAN, f64::max);
            let tolerance = (0.1 * baseline).max(1.0);
            let recovered = (end.saturating_sub(1)..model.days.len() as u64)
                .find(|d| at(*d).is_some_and(|v| v <= baseline + tolerance))
                .map_or(f64::NAN, |d| (d + 1 - end) as f64);
            by_team.push(SurgeFigures {
                peak_queue: peak,
                recovery_days: recovered,
            });
        }
        out.push(by_team);
    }
    out
}
