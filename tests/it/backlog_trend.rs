//! The trend of each investigation team's weekly backlog is computed inside
//! each replication and kept as metrics (streaming batches keep only metric
//! values per replication, not the weekly series), so the growth rule can
//! judge it across replications: present for the whole run only, when the
//! second half of the run holds at least `MIN_WEEKS` weeks, and equal to
//! the least-squares fit of the replication's own weekly series.

use forcesim::metrics::names as n;
use forcesim::sim::backlog_fit::{self, MIN_WEEKS};

fn shortened(days: u32) -> forcesim::scenario::Model {
    crate::common::model_from(&format!(
        "extends = \"staffordshire-2018.toml\"\nhorizon_days = {days}\n"
    ))
    .unwrap()
}

#[test]
fn backlog_trends_are_replication_metrics_fitted_to_the_second_half() {
    let model = shortened(400);
    let rep = forcesim::metrics::run(&model, 11, 0);
    let weeks = backlog_fit::weeks_recorded(&model);
    assert_eq!(weeks, 57, "400 days hold 57 whole weeks");
    let window = backlog_fit::window(weeks).unwrap();
    for team in &model.investigation_teams {
        let at = [team.name.as_str()];
        let series = rep
            .series
            .iter()
            .find(|s| s.name == n::INVESTIGATIONS_BACKLOG_WEEKLY.name(&at))
            .unwrap();
        assert_eq!(series.values.len(), weeks, "{}", team.name);
        let expected = backlog_fit::fit(&series.values, window.clone());
        let trend = crate::common::metric(
            &rep.metrics,
            &n::INVESTIGATIONS_BACKLOG_TREND_PER_WEEK.name(&at),
        );
        let mean = crate::common::metric(
            &rep.metrics,
            &n::INVESTIGATIONS_BACKLOG_FITTED_MEAN.name(&at),
        );
        assert_eq!(
            (trend, mean),
            (expected.per_week, expected.mean),
            "{}",
            team.name
        );
        assert!(
            trend.is_finite() && mean > 0.0,
            "{}: {trend} {mean}",
            team.name
        );
    }
    // Whole run only: the years (400 days span two) have no trend.
    assert!(
        !rep.metrics
            .iter()
            .any(|m| m.name.starts_with("years.") && m.name.contains("backlog_trend")),
        "a trend metric in a year"
    );
}

#[test]
fn a_run_too_short_for_a_trend_has_no_trend_metrics_and_no_growth_verdict() {
    // 7 weeks: the second half holds 4 (= MIN_WEEKS), so a trend is fitted;
    // 6 weeks (42 days record 5 week ends): 3 weeks, too few.
    assert_eq!(MIN_WEEKS, 4);
    let has_trend = |days: u32| {
        let model = shortened(days);
        let rep = forcesim::metrics::run(&model, 5, 0);
        let named = rep
            .metrics
            .iter()
            .filter(|m| n::INVESTIGATIONS_BACKLOG_TREND_PER_WEEK.matches(&m.name))
            .count();
        let fitted = rep
            .metrics
            .iter()
            .filter(|m| n::INVESTIGATIONS_BACKLOG_FITTED_MEAN.matches(&m.name))
            .count();
        assert_eq!(named, fitted, "{days} days");
        (named, model.investigation_teams.len())
    };
    let (short, _) = has_trend(42);
    assert_eq!(short, 0, "42 days");
    let (enough, teams) = has_trend(50);
    assert_eq!(enough, teams, "50 days");
    let model = shortened(42);
    let options = forcesim::batch::BatchOptions {
        seed: 5,
        replications: 2,
        threads: None,
    };
    let result = forcesim::batch::run(&model, options, &|| {}).unwrap();
    assert!(forcesim::report::growth::backlog_trends(&model, &result).is_empty());
}

/// `investigations.T.backlog_growth_per_day` counts what its label says,
/// open investigations (waiting + allocated), as the weekly backlog series
/// and its trend do, not only the unallocated queue: over a whole run its
/// slope agrees with the least-squares slope of the weekly series (sampled
/// at every seventh day's end, so the two fits differ by sampling alone).
#[test]
fn backlog_growth_counts_open_investigations_as_the_weekly_trend_does() {
    let model = shortened(400);
    let rep = forcesim::metrics::run(&model, 11, 0);
    let weeks = backlog_fit::weeks_recorded(&model);
    let mut rising = 0;
    for team in &model.investigation_teams {
        let at = [team.name.as_str()];
        let series = rep
            .series
            .iter()
            .find(|s| s.name == n::INVESTIGATIONS_BACKLOG_WEEKLY.name(&at))
            .unwrap();
        let whole = backlog_fit::fit(&series.values, 0..weeks).per_week / 7.0;
        let growth = crate::common::metric(
            &rep.metrics,
            &n::INVESTIGATIONS_BACKLOG_GROWTH_PER_DAY.name(&at),
        );
        // Sampling every seventh day instead of every day moves a slope
        // by a fraction of the day-to-day noise: allow 10 % of the slope
        // and a tenth of a case a day.
        assert!(
            (growth - whole).abs() <= 0.1 * whole.abs() + 0.1,
            "{}: backlog growth {growth} a day, weekly series {whole} a day",
            team.name
        );
        if whole > 1.0 {
            rising += 1;
        }
    }
    assert!(rising > 0, "no team's backlog rose: the test shows nothing");
}
