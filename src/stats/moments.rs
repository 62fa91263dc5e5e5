//! Streaming mean and variance (Welford), mergeable across threads and
//! periods (Chan, Golub & LeVeque).

/// Streaming mean and variance of a sequence of `f64` values (Welford 1962),
/// mergeable with the parallel combination of Chan, Golub & LeVeque (1979).
///
/// Units are those of the pushed values (the variance is in units squared).
/// Invariant: `count()` is the number of values pushed (including `NaN`s,
/// which poison the mean; filter them first if they can occur).
#[derive(Clone, Debug, Default)]
pub struct RunningMoments {
    count: u64,
    mean: f64,
    /// Sum of squared deviations from the running mean.
    m2: f64,
    sum: f64,
}

impl RunningMoments {
    /// An empty accumulator (count 0).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one observation. O(1), no allocation.
    pub fn push(&mut self, x: f64) {
        self.count += 1;
        let delta = x - self.mean;
        self.mean += delta / self.count as f64;
        self.m2 += delta * (x - self.mean);
        self.sum += x;
    }

    /// Number of observations pushed (or merged in).
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Arithmetic mean, in the units of the values; `NaN` when empty.
    pub fn mean(&self) -> f64 {
        if self.count == 0 { f64::NAN } else { self.mean }
    }

    /// Sample variance (divisor n − 1), in units squared; `NaN` when
    /// `count() < 2`. Never negative.
    pub fn variance(&self) -> f64 {
        if self.count < 2 {
            f64::NAN
        } else {
            (self.m2 / (self.count - 1) as f64).max(0.0)
        }
    }

    /// Sample standard deviation, `variance().sqrt()`; `NaN` when `count() < 2`.
    pub fn sd(&self) -> f64 {
        self.variance().sqrt()
    }

    /// Plain sum of the observations (0 when empty).
    pub fn sum(&self) -> f64 {
        self.sum
    }

    /// Folds `other` into `self`, as if all of `other`'s observations had
    /// been pushed here (Chan et al. parallel formula). The result is exact up
    /// to rounding, but not bit-identical to pushing in sequence; merge in a
    /// fixed order if bit-reproducibility matters.
    pub fn merge(&mut self, other: &RunningMoments) {
        if other.count == 0 {
            return;
        }
        if self.count == 0 {
            *self = other.clone();
            return;
        }
        let n_a = self.count as f64;
        let n_b = other.count as f64;
        let n = n_a + n_b;
        let delta = other.mean - self.mean;
        self.mean += delta * n_b / n;
        self.m2 += other.m2 + delta * delta * n_a * n_b / n;
        self.count += other.count;
        self.sum += other.sum;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::close;

    #[test]
    fn moments_match_two_pass_and_merge() {
        let xs: Vec<f64> = (0..1000)
            .map(|i| 1e6 + (f64::from(i) * 0.37).sin())
            .collect();
        let mut m = RunningMoments::new();
        xs.iter().for_each(|&x| m.push(x));
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (xs.len() - 1) as f64;
        assert_eq!(m.count(), 1000);
        assert!(close(m.mean(), mean, 1e-9));
        assert!(close(m.variance(), var, 1e-9 * var));
        assert!(close(m.sd(), var.sqrt(), 1e-9));
        assert!(close(m.sum(), xs.iter().sum::<f64>(), 1e-6));

        let (mut a, mut b) = (RunningMoments::new(), RunningMoments::new());
        xs[..300].iter().for_each(|&x| a.push(x));
        xs[300..].iter().for_each(|&x| b.push(x));
        a.merge(&b);
        assert_eq!(a.count(), 1000);
        assert!(close(a.mean(), mean, 1e-9));
        assert!(close(a.variance(), var, 1e-9 * var));
        let mut empty = RunningMoments::default();
        empty.merge(&a);
        assert!(close(empty.variance(), var, 1e-9 * var));
    }

    #[test]
    fn moments_empty_and_single() {
        let mut m = RunningMoments::new();
        assert!(m.mean().is_nan() && m.variance().is_nan());
        m.push(4.0);
        assert_eq!(m.mean(), 4.0);
        assert!(m.variance().is_nan());
    }
}
