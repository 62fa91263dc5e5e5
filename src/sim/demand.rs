//! Arrivals: a non-homogeneous Poisson process with a random daily level.
//!
//! The rate in hour `h` of day `d` is
//! `base × hour_of_week[h] × month[d] × level[d]`, where `base` is the
//! stream's mean rate, the profiles have mean 1 (see
//! [`crate::scenario::model::Stream`]) and `level[d]` is a Gamma-distributed
//! daily level with mean 1 and the configured coefficient of variation
//! (0 means no over-dispersion). Given the levels, arrivals are generated
//! exactly by inverting the integrated rate: one exponential draw per
//! arrival, walked across hourly pieces of constant rate. The expected count
//! in any hour is therefore exactly the profile's.

use super::random::StreamRng;
use crate::scenario::model::{Day, Stream};
use crate::time::{MS_PER_HOUR, SimTime};
use rand_distr::{Distribution, Exp1, Gamma};

/// The arrival process of one demand stream within one replication.
pub struct ArrivalProcess {
    /// Mean rate, arrivals per millisecond.
    base_per_ms: f64,
    level: Option<Gamma<f64>>,
    /// Day whose level is in `day_level` (`u64::MAX` before the first).
    level_day: u64,
    day_level: f64,
    /// Day whose rate before the hour-of-week, month and level factors is in
    /// `day_rate` (`u64::MAX` before the first): growth, the year's mix and
    /// surges change only from day to day, not per arrival.
    rate_day: u64,
    day_rate: f64,
    /// Position of the last arrival, fractional milliseconds.
    position_ms: f64,
    arrivals: StreamRng,
    levels: StreamRng,
}

impl ArrivalProcess {
    /// A process for `stream` that draws gaps from `arrivals` and daily
    /// levels from `levels`.
    pub fn new(stream: &Stream, arrivals: StreamRng, levels: StreamRng) -> Self {
        let cv = stream.daily_level_cv;
        let level = if cv > 0.0 {
            let shape = 1.0 / (cv * cv);
            Gamma::new(shape, 1.0 / shape).ok()
        } else {
            None
        };
        ArrivalProcess {
            base_per_ms: stream.mean_rate_per_hour() / MS_PER_HOUR as f64,
            level,
            level_day: u64::MAX,
            day_level: 1.0,
            rate_day: u64::MAX,
            day_rate: 0.0,
            position_ms: 0.0,
            arrivals,
            levels,
        }
    }

    /// The daily level of `day`, drawing it on first use (days are visited
    /// in order, so the draws are reproducible).
    fn level_of(&mut self, day: u64) -> f64 {
        if day != self.level_day {
            self.level_day = day;
            self.day_level = match &self.level {
                Some(g) => g.sample(&mut self.levels),
                None => 1.0,
            };
        }
        self.day_level
    }

    /// Rate (per ms) in the hour starting at absolute hour `hour`.
    fn rate_in_hour(&mut self, stream: &Stream, days: &[Day], hour: u64) -> f64 {
        let day_index = hour / 24;
        let Some(day) = days.get(day_index as usize) else {
            return 0.0;
        };
        let how = day.weekday * 24 + (hour % 24) as usize;
        if day_index != self.rate_day {
            self.rate_day = day_index;
            let year = (day_index / crate::time::DAYS_PER_YEAR) as i32;
            let surge: f64 = stream
                .surges
                .iter()
                .filter(|(first, days, _)| (*first..first + days).contains(&day_index))
                .map(|(_, _, m)| m)
                .product();
            self.day_rate = self.base_per_ms
                * (1.0 + stream.growth_per_year).powi(year)
                * stream
                    .by_year
                    .get(year as usize)
                    .or(stream.by_year.last())
                    .map_or(1.0, |m| m.rate_factor)
                * surge;
        }
        // Same factors in the same order as one product: bit for bit the
        // rate the formula gives.
        self.day_rate
            * stream.hour_of_week[how]
            * stream.month[day.month]
            * self.level_of(day_index)
    }

    /// The next arrival strictly before `horizon`, or `None`.
    pub fn next(&mut self, stream: &Stream, days: &[Day], horizon: SimTime) -> Option<SimTime> {
        if self.base_per_ms <= 0.0 {
            return None;
        }
        let mut remaining: f64 = Exp1.sample(&mut self.arrivals);
        let horizon_ms = horizon.0 as f64;
        loop {
            if self.position_ms >= horizon_ms {
                return None;
            }
            let hour = (self.position_ms / MS_PER_HOUR as f64) as u64;
            let hour_end = ((hour + 1) * MS_PER_HOUR) as f64;
            let rate = self.rate_in_hour(stream, days, hour);
            let capacity = rate * (hour_end - self.position_ms);
            if rate > 0.0 && remaining <= capacity {
                self.position_ms += remaining / rate;
                let t = self.position_ms as u64;
                return (t < horizon.0).then_some(SimTime(t));
            }
            remaining -= capacity;
            self.position_ms = hour_end;
        }
    }
}

/// Arrival counts of `stream` over `days` days starting on a Monday, all in
/// the month with index 0, by hour of week and by day: the raw material for
/// checking the process against its profile and over-dispersion.
pub fn count_arrivals(
    stream: &Stream,
    days: usize,
    arrivals: StreamRng,
    levels: StreamRng,
) -> (Vec<f64>, Vec<f64>) {
    use crate::time::{HOURS_PER_WEEK, MS_PER_DAY};
    let calendar: Vec<Day> = (0..days)
        .map(|d| Day {
            weekday: d % 7,
            month: 0,
        })
        .collect();
    let horizon = SimTime(days as u64 * MS_PER_DAY);
    let mut process = ArrivalProcess::new(stream, arrivals, levels);
    let mut by_hour = vec![0.0; HOURS_PER_WEEK];
    let mut by_day = vec![0.0; days];
    while let Some(t) = process.next(stream, &calendar, horizon) {
        by_hour[(t.hour_index() % HOURS_PER_WEEK as u64) as usize] += 1.0;
        by_day[t.day_index() as usize] += 1.0;
    }
    (by_hour, by_day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::random::stream;
    use crate::stats::chi_square_sf;
    use crate::time::HOURS_PER_WEEK;

    fn test_stream(volume_per_year: f64, daily_level_cv: f64) -> Stream {
        let mut hour_of_week = [0.0; HOURS_PER_WEEK];
        for (h, w) in hour_of_week.iter_mut().enumerate() {
            // A strong daily cycle (×4 peak to trough) and busier weekends.
            let hod = (h % 24) as f64;
            let day = h / 24;
            *w = (1.0 + 0.6 * ((hod - 6.0) / 24.0 * std::f64::consts::TAU).sin())
                * if day >= 5 { 1.3 } else { 1.0 };
        }
        let mean = hour_of_week.iter().sum::<f64>() / HOURS_PER_WEEK as f64;
        hour_of_week.iter_mut().for_each(|w| *w /= mean);
        Stream {
            name: "s".into(),
            channel: 0,
            volume_per_year,
            hour_of_week,
            month: [1.0; 12],
            daily_level_cv,
            growth_per_year: 0.0,
            surges: Vec::new(),
            by_year: vec![crate::scenario::model::YearMix {
                rate_factor: 1.0,
                category_cumulative: vec![(0, 1.0)],
            }],
        }
    }

    fn counts(s: &Stream, days: usize, seed: u64) -> (Vec<f64>, Vec<f64>) {
        count_arrivals(s, days, stream(seed, 0, "a"), stream(seed, 0, "l"))
    }

    #[test]
    fn counts_by_hour_of_week_follow_the_profile() {
        let s = test_stream(50_000.0, 0.0);
        let weeks = 104;
        let (by_how, _) = counts(&s, weeks * 7, 1);
        let expected_per_hour = s.mean_rate_per_hour() * weeks as f64;
        let chi2: f64 = by_how
            .iter()
            .zip(&s.hour_of_week)
            .map(|(o, w)| {
                let e = expected_per_hour * w;
                (o - e).powi(2) / e
            })
            .sum();
        let p = chi_square_sf(chi2, (HOURS_PER_WEEK - 1) as f64);
        assert!(p > 0.001, "chi-square {chi2:.1} on 167 df, p = {p}");
        let total: f64 = by_how.iter().sum();
        let expected_total = s.mean_rate_per_hour() * (weeks * HOURS_PER_WEEK) as f64;
        assert!((total - expected_total).abs() < 4.0 * expected_total.sqrt());
    }

    #[test]
    fn daily_counts_are_over_dispersed_as_configured() {
        // With a Gamma daily level of CV c, a day's count has variance
        // μ + c²μ² (negative binomial). 2,000 days pin the variance to a few per cent.
        let cv = 0.2;
        let s = test_stream(365.0 * 200.0, cv);
        let (_, by_day) = counts(&s, 2_000, 2);
        // Weekday effect: compare each day with its own weekday's expectation.
        let mu = |d: usize| {
            (0..24)
                .map(|h| s.hour_of_week[(d % 7) * 24 + h])
                .sum::<f64>()
                * s.mean_rate_per_hour()
        };
        let n = by_day.len() as f64;
        let ratio_mean = by_day
            .iter()
            .enumerate()
            .map(|(d, c)| c / mu(d))
            .sum::<f64>()
            / n;
        let excess: f64 = by_day
            .iter()
            .enumerate()
            .map(|(d, c)| ((c - mu(d)).powi(2) - mu(d)) / mu(d).powi(2))
            .sum::<f64>()
            / n;
        assert!(
            (ratio_mean - 1.0).abs() < 0.02,
            "mean daily level {ratio_mean}"
        );
        // excess estimates c² = 0.04; its standard error here is about 0.002.
        assert!(
            (excess - cv * cv).abs() < 0.01,
            "estimated level variance {excess}, configured {}",
            cv * cv
        );
    }
}
