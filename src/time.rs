//! Simulated time: the ground floor every other layer may use.
//!
//! The scenario (its dates and rotas), the simulation (its clock) and the
//! outputs all count time here; this module imports nothing from the crate.
//!
//!
//! Time is an integer count of milliseconds since the start of the run
//! (midnight at the start of the scenario's `start_date`). Integer time makes
//! shift boundaries and hour-of-week profiles exact and event ordering total;
//! one millisecond is far below any duration the model draws (the shortest,
//! call answer times, are reported in seconds).

use std::fmt;

/// Milliseconds in one second.
pub const MS_PER_SECOND: u64 = 1_000;
/// Milliseconds in one minute.
pub const MS_PER_MINUTE: u64 = 60 * MS_PER_SECOND;
/// Milliseconds in one hour.
pub const MS_PER_HOUR: u64 = 60 * MS_PER_MINUTE;
/// Milliseconds in one day.
pub const MS_PER_DAY: u64 = 24 * MS_PER_HOUR;
/// Hours in a week: the length of an hour-of-week profile.
pub const HOURS_PER_WEEK: usize = 168;

/// An instant of simulated time, in milliseconds since the run started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SimTime(pub u64);

impl SimTime {
    /// The start of the run.
    pub const ZERO: SimTime = SimTime(0);

    /// The start of hour `hour` (counted from the start of the run).
    pub fn from_hours(hour: u64) -> SimTime {
        SimTime(hour * MS_PER_HOUR)
    }

    /// The start of day `day` (counted from the start of the run).
    pub fn from_days(day: u64) -> SimTime {
        SimTime(day * MS_PER_DAY)
    }

    /// This instant plus a non-negative duration in minutes, rounded to the
    /// nearest millisecond. Negative or NaN durations count as zero.
    pub fn plus_minutes(self, minutes: f64) -> SimTime {
        SimTime(self.0 + minutes_to_ms(minutes))
    }

    /// Milliseconds from `earlier` to `self` (zero if `earlier` is later).
    pub fn since(self, earlier: SimTime) -> u64 {
        self.0.saturating_sub(earlier.0)
    }

    /// Minutes from `earlier` to `self`.
    pub fn minutes_since(self, earlier: SimTime) -> f64 {
        self.since(earlier) as f64 / MS_PER_MINUTE as f64
    }

    /// Seconds from `earlier` to `self`.
    pub fn seconds_since(self, earlier: SimTime) -> f64 {
        self.since(earlier) as f64 / MS_PER_SECOND as f64
    }

    /// Whole hours since the start of the run.
    pub fn hour_index(self) -> u64 {
        self.0 / MS_PER_HOUR
    }

    /// Whole days since the start of the run.
    pub fn day_index(self) -> u64 {
        self.0 / MS_PER_DAY
    }

    /// Time as fractional hours since the start of the run.
    pub fn as_hours(self) -> f64 {
        self.0 as f64 / MS_PER_HOUR as f64
    }
}

impl fmt::Display for SimTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let day = self.0 / MS_PER_DAY;
        let rest = self.0 % MS_PER_DAY;
        let (h, m) = (rest / MS_PER_HOUR, (rest % MS_PER_HOUR) / MS_PER_MINUTE);
        write!(f, "day {day} {h:02}:{m:02}")
    }
}

/// Longest duration the clock handles, ms (1,000 years): sums of a few such
/// durations and any simulated time stay far below `u64::MAX`.
pub const MAX_DURATION_MS: u64 = 1_000 * 366 * MS_PER_DAY;

/// A duration in minutes as whole milliseconds (rounded; negative and NaN
/// give zero; longer than [`MAX_DURATION_MS`] gives that).
pub fn minutes_to_ms(minutes: f64) -> u64 {
    if minutes.is_nan() || minutes <= 0.0 {
        0
    } else {
        ((minutes * MS_PER_MINUTE as f64)
            .round()
            .min(MAX_DURATION_MS as f64)) as u64
    }
}

/// Days in a simulated year. A run longer than a year is cut into
/// simulated years of 365 days from its start: facts about a case count in
/// the year it arrived, each team's statistics are closed at each year's
/// end, and every metric is reported for the whole run and, as
/// `years.N.<name>` (N from 1), for each year.
pub const DAYS_PER_YEAR: u64 = 365;

/// The simulated year (0-based) of instant `t`, capped at `years - 1`.
pub fn year_of(t: SimTime, years: usize) -> usize {
    ((t.0 / (DAYS_PER_YEAR * MS_PER_DAY)) as usize).min(years.saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_are_exact_at_boundaries() {
        assert_eq!(SimTime::from_hours(24), SimTime::from_days(1));
        assert_eq!(SimTime::from_hours(25).hour_index(), 25);
        assert_eq!(SimTime::from_days(3).day_index(), 3);
        assert_eq!(SimTime::ZERO.plus_minutes(1.5).0, 90_000);
        assert_eq!(SimTime(90_000).minutes_since(SimTime::ZERO), 1.5);
        assert_eq!(minutes_to_ms(-1.0), 0);
        assert_eq!(minutes_to_ms(f64::NAN), 0);
        assert_eq!(SimTime(5).since(SimTime(9)), 0);
        assert_eq!(minutes_to_ms(1e300), MAX_DURATION_MS);
        assert_eq!(minutes_to_ms(f64::INFINITY), MAX_DURATION_MS);
    }
}
