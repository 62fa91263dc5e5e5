//! Student-t and chi-square helpers, and [`Estimate`]: a mean over
//! replications with its 95 % confidence interval (built at once or one
//! sample at a time).

use super::RunningMoments;
use serde::{Deserialize, Serialize};
use statrs::distribution::{ChiSquared, ContinuousCDF, Normal, StudentsT};

/// The `p`-quantile of Student's t distribution with `df` degrees of freedom
/// (e.g. `student_t_quantile(0.975, 9) ≈ 2.262`). `df = +∞` gives the
/// standard normal quantile. Returns `NaN` when `p` is outside `[0, 1]` or
/// `df` is not positive (or either is `NaN`).
pub fn student_t_quantile(p: f64, df: f64) -> f64 {
    if !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if df == f64::INFINITY {
        return Normal::standard().inverse_cdf(p);
    }
    match StudentsT::new(0.0, 1.0, df) {
        Ok(t) => t.inverse_cdf(p),
        Err(_) => f64::NAN,
    }
}

/// Upper-tail probability P(X > x) for X ~ χ²(`df`): the p-value of a
/// chi-square statistic `x`. In `[0, 1]`; 1 for `x <= 0`. Returns `NaN` when
/// `x` is `NaN` or `df` is not positive and finite.
pub fn chi_square_sf(x: f64, df: f64) -> f64 {
    if x.is_nan() || !df.is_finite() {
        return f64::NAN;
    }
    if x <= 0.0 {
        return if df > 0.0 { 1.0 } else { f64::NAN };
    }
    match ChiSquared::new(df) {
        Ok(d) => d.sf(x),
        Err(_) => f64::NAN,
    }
}

/// A point estimate with a 95 % Student-t confidence interval for the mean,
/// typically over independent replications (one value per replication).
///
/// Units are those of the samples. Invariants: `n` counts the samples used;
/// `skipped` counts `NaN` samples left out (e.g. a share with a zero
/// denominator in some replication). `mean` is `NaN` when `n == 0`; `sd`
/// and the interval are `None` when `n < 2`. When present,
/// `ci95_low <= mean <= ci95_high`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// Number of samples used (non-`NaN`).
    pub n: usize,
    /// Number of `NaN` samples skipped (and, for
    /// [`paired_difference`](Self::paired_difference), unpaired samples).
    pub skipped: usize,
    /// Sample mean; `NaN` when `n == 0`.
    pub mean: f64,
    /// Sample standard deviation (divisor n − 1); `None` when `n < 2`.
    pub sd: Option<f64>,
    /// Lower end of the 95 % CI for the mean; `None` when `n < 2`.
    pub ci95_low: Option<f64>,
    /// Upper end of the 95 % CI for the mean; `None` when `n < 2`.
    pub ci95_high: Option<f64>,
}

impl Estimate {
    /// Mean, sample sd and the 95 % CI `mean ± t(0.975, n−1)·sd/√n` of the
    /// non-`NaN` values in `xs` (`NaN`s are counted in `skipped`).
    pub fn from_samples(xs: &[f64]) -> Estimate {
        Self::from_values(xs.iter().copied(), 0)
    }

    /// The same estimate for the per-pair difference `b[i] − a[i]` (e.g. an
    /// option minus the baseline under common random numbers). Pairs with a
    /// `NaN` on either side are skipped; if the lengths differ, the unpaired
    /// tail of the longer slice is also counted in `skipped`.
    pub fn paired_difference(a: &[f64], b: &[f64]) -> Estimate {
        let unpaired = a.len().abs_diff(b.len());
        Self::from_values(a.iter().zip(b).map(|(x, y)| y - x), unpaired)
    }

    fn from_values(values: impl Iterator<Item = f64>, extra_skipped: usize) -> Estimate {
        let mut acc = EstimateAccumulator {
            skipped: extra_skipped,
            ..EstimateAccumulator::default()
        };
        for x in values {
            acc.push(x);
        }
        acc.estimate()
    }

    /// Whether the 95 % CI lies wholly on one side of zero (a "clear"
    /// difference); false when the CI is undefined.
    pub fn excludes_zero(&self) -> bool {
        matches!((self.ci95_low, self.ci95_high), (Some(lo), Some(hi)) if lo > 0.0 || hi < 0.0)
    }

    /// The estimate with its CI cut to the metric's range `[low, high]`
    /// (e.g. `[0, 1]` for a share, `[0, ∞)` for a count or a duration): a
    /// t interval around a mean near a bound can reach past it (−225 % to
    /// 354 % for a share over two replications), which no value can. The
    /// mean and sd are unchanged; returns whether an end was cut. An
    /// interval wholly outside the range (impossible for means of values in
    /// it) collapses onto the nearer bound.
    pub fn within(self, low: f64, high: f64) -> (Estimate, bool) {
        let cut = |x: Option<f64>| x.map(|v| v.clamp(low, high));
        let (ci95_low, ci95_high) = (cut(self.ci95_low), cut(self.ci95_high));
        let truncated = ci95_low != self.ci95_low || ci95_high != self.ci95_high;
        (
            Estimate {
                ci95_low,
                ci95_high,
                ..self
            },
            truncated,
        )
    }

    /// Whether the CI exists and has zero width: every replication gave the
    /// same value (sd 0), so the interval says nothing about uncertainty
    /// (it is not evidence of an exact result).
    pub fn zero_width(&self) -> bool {
        self.half_width() == Some(0.0)
    }

    /// Half-width of the 95 % CI, `(ci95_high − ci95_low) / 2`, in sample
    /// units; `None` when `n < 2`.
    pub fn half_width(&self) -> Option<f64> {
        Some((self.ci95_high? - self.ci95_low?) / 2.0)
    }
}

/// An [`Estimate`] built one sample at a time, so samples need not be
/// kept: pushing `xs` in order and calling [`estimate`](Self::estimate)
/// gives [`Estimate::from_samples(xs)`](Estimate::from_samples) bit for bit.
///
/// Units are those of the samples. Invariant: every pushed sample is either
/// counted in the moments (non-`NaN`) or in `skipped` (`NaN`). Holds 40
/// bytes whatever the number of samples.
#[derive(Clone, Debug, Default)]
pub struct EstimateAccumulator {
    moments: RunningMoments,
    skipped: usize,
}

impl EstimateAccumulator {
    /// An empty accumulator (no samples).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one sample (`NaN` = undefined, counted as skipped). O(1).
    pub fn push(&mut self, x: f64) {
        if x.is_nan() {
            self.skipped += 1;
        } else {
            self.moments.push(x);
        }
    }

    /// The estimate of the samples pushed so far.
    pub fn estimate(&self) -> Estimate {
        let moments = &self.moments;
        let n = moments.count() as usize;
        let mean = moments.mean();
        let (sd, low, high) = if n >= 2 {
            let sd = moments.sd();
            let half = student_t_quantile(0.975, (n - 1) as f64) * sd / (n as f64).sqrt();
            (Some(sd), Some(mean - half), Some(mean + half))
        } else {
            (None, None, None)
        };
        Estimate {
            n,
            skipped: self.skipped,
            mean,
            sd,
            ci95_low: low,
            ci95_high: high,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::close;

    #[test]
    fn published_t_and_chi_square_values() {
        // Student t table: t(0.975; 1) = 12.706, t(0.975; 9) = 2.262, t(0.95; 30) = 1.697.
        assert!(close(student_t_quantile(0.975, 1.0), 12.7062, 1e-3));
        assert!(close(student_t_quantile(0.975, 9.0), 2.2622, 1e-3));
        assert!(close(student_t_quantile(0.95, 30.0), 1.6973, 1e-3));
        assert!(close(
            student_t_quantile(0.975, f64::INFINITY),
            1.95996,
            1e-4
        ));
        assert!(student_t_quantile(1.5, 3.0).is_nan());
        assert!(student_t_quantile(0.5, 0.0).is_nan());
        // Chi-square table: 3.841 (df 1), 11.070 (df 5) are the 5 % points.
        assert!(close(chi_square_sf(3.841_459, 1.0), 0.05, 1e-5));
        assert!(close(chi_square_sf(11.070_498, 5.0), 0.05, 1e-5));
        assert!(close(chi_square_sf(23.209_251, 10.0), 0.01, 1e-5));
        assert_eq!(chi_square_sf(0.0, 3.0), 1.0);
        assert!(chi_square_sf(1.0, -1.0).is_nan());
    }

    #[test]
    fn estimate_ci_and_serde() {
        let e = Estimate::from_samples(&[1.0, 2.0, 3.0, 4.0, f64::NAN, 5.0]);
        assert_eq!((e.n, e.skipped), (5, 1));
        assert!(close(e.mean, 3.0, 1e-12));
        let sd = 2.5_f64.sqrt();
        assert!(close(e.sd.unwrap_or(f64::NAN), sd, 1e-12));
        let half = 2.776_445 * sd / 5.0_f64.sqrt(); // t(0.975; 4) = 2.776
        assert!(close(e.half_width().unwrap_or(f64::NAN), half, 1e-5));
        assert!(close(e.ci95_low.unwrap_or(f64::NAN), 3.0 - half, 1e-5));

        let one = Estimate::from_samples(&[2.0]);
        assert_eq!(
            (one.n, one.sd, one.ci95_low, one.half_width()),
            (1, None, None, None)
        );
        let json = serde_json::to_string(&one).expect("serializes");
        let back: Estimate = serde_json::from_str(&json).expect("deserializes");
        assert_eq!(back, one);
        assert!(Estimate::from_samples(&[]).mean.is_nan());

        let d = Estimate::paired_difference(&[1.0, 2.0, 3.0, 9.0], &[2.0, 4.0, f64::NAN]);
        assert_eq!((d.n, d.skipped), (2, 2));
        assert!(close(d.mean, 1.5, 1e-12));
    }
}
