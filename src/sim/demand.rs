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
use super::time::{MS_PER_HOUR, SimTime};
use crate::scenario::model::{Day, Stream};
use rand_distr::{Distribution, Exp1, Gamma};

/// The arrival process of one demand stream within one replication.
pub struct ArrivalProcess {
    /// Mean rate, arrivals per millisecond.
    base_per_ms: f64,
    level: Option<Gamma<f64>>,
    /// Day whose level is in `day_level` (`u64::MAX` before the first).
    level_day: u64,
    day_level: f64,
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
        self.base_per_ms
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
