//! Simulated years, for multi-year runs.
//!
//! A run longer than a year is cut into simulated years of 365 days from
//! its start. Facts about a case count in the year it arrived; each team's
//! statistics are closed at each year's end. Every metric is then reported
//! for the whole run and, as `years.N.<name>` (N from 1), for each year.

use super::time::{MS_PER_DAY, SimTime};

/// Days in a simulated year.
pub const DAYS_PER_YEAR: u64 = 365;

/// The simulated year (0-based) of instant `t`, capped at `years - 1`.
pub fn year_of(t: SimTime, years: usize) -> usize {
    ((t.0 / (DAYS_PER_YEAR * MS_PER_DAY)) as usize).min(years.saturating_sub(1))
}
