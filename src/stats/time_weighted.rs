//! [`TimeWeighted`]: the time-average of a piecewise-constant quantity.

/// Time-average of a piecewise-constant quantity (queue length, busy
/// servers, officers on duty).
///
/// Times are `f64` in any one unit; the integral is in value × time units.
/// Invariant: times passed in must be non-decreasing; a time earlier than the
/// last change is treated as the last change time (contributes nothing).
#[derive(Clone, Debug)]
pub struct TimeWeighted {
    start_time: f64,
    last_time: f64,
    value: f64,
    /// ∫ value dt from `start_time` to `last_time`.
    area: f64,
}

impl TimeWeighted {
    /// Starts tracking at `start_time` with the quantity equal to `initial`.
    pub fn new(start_time: f64, initial: f64) -> Self {
        Self {
            start_time,
            last_time: start_time,
            value: initial,
            area: 0.0,
        }
    }

    fn advance(&mut self, now: f64) {
        if now > self.last_time {
            self.area += self.value * (now - self.last_time);
            self.last_time = now;
        }
    }

    /// At time `now`, the quantity changes to `value`: the old value is
    /// accumulated over `[last change, now)` first.
    pub fn set(&mut self, now: f64, value: f64) {
        self.advance(now);
        self.value = value;
    }

    /// At time `now`, the quantity changes by `delta` (e.g. +1 on arrival).
    pub fn add(&mut self, now: f64, delta: f64) {
        self.advance(now);
        self.value += delta;
    }

    /// The current value of the quantity.
    pub fn value(&self) -> f64 {
        self.value
    }

    /// ∫ value dt from the start (or last [`reset`](Self::reset)) to `now`,
    /// in value × time units. Does not modify the accumulator.
    pub fn integral(&self, now: f64) -> f64 {
        self.area + self.value * (now - self.last_time).max(0.0)
    }

    /// Time-average of the quantity over `[start, now]`, in value units;
    /// `NaN` when `now` is not after the start.
    pub fn mean(&self, now: f64) -> f64 {
        let span = now.max(self.last_time) - self.start_time;
        if span > 0.0 {
            self.integral(now) / span
        } else {
            f64::NAN
        }
    }

    /// Joins `later`, a period that starts where this one was last advanced
    /// to (call [`set`](Self::set) at the boundary first), so that this one
    /// then covers both.
    pub fn absorb(&mut self, later: &TimeWeighted) {
        self.area += later.area;
        self.last_time = later.last_time;
        self.value = later.value;
    }

    /// Restarts accumulation at `now`, keeping the current value (used to
    /// discard a warm-up period).
    pub fn reset(&mut self, now: f64) {
        self.start_time = now;
        self.last_time = now;
        self.area = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::close;

    #[test]
    fn time_weighted_average() {
        let mut t = TimeWeighted::new(0.0, 0.0);
        t.add(1.0, 2.0); // 0 on [0,1)
        t.set(3.0, 1.0); // 2 on [1,3)
        assert_eq!(t.value(), 1.0);
        assert!(close(t.integral(5.0), 4.0 + 2.0, 1e-12)); // 1 on [3,5)
        assert!(close(t.mean(5.0), 6.0 / 5.0, 1e-12));
        t.reset(5.0);
        assert!(t.mean(5.0).is_nan());
        t.set(7.0, 0.0);
        assert!(close(t.mean(9.0), 2.0 / 4.0, 1e-12));
    }
}
