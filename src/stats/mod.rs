//! Numerics with no policing in them: streaming moments, a mergeable
//! quantile histogram, time-weighted averages, Student-t / chi-square helpers
//! and replication estimates with confidence intervals.
//!
//! Everything here is deterministic: no randomness, no clocks, no global state,
//! and no printing. Nothing panics on any input (invalid inputs give `NaN`,
//! `None` or an `Err`, as documented per item).

mod estimate;
mod histogram;
mod moments;
mod time_weighted;

pub use estimate::{Estimate, EstimateAccumulator, chi_square_sf, student_t_quantile};
pub use histogram::{InvalidLayout, LayoutMismatch, LogHistogram};
pub use moments::RunningMoments;
pub use time_weighted::TimeWeighted;

/// Whether `a` is within `tol` of `b` (the unit tests' comparison).
#[cfg(test)]
fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny seeded generator for the
/// unit tests here and in [`crate::analytic`], which need reproducible
/// uniforms without the simulation's random streams.
#[cfg(test)]
pub(crate) struct SplitMix(pub(crate) u64);

#[cfg(test)]
impl SplitMix {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in (0, 1].
    pub(crate) fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 1.0) / (1u64 << 53) as f64
    }
    fn exponential(&mut self, mean: f64) -> f64 {
        -mean * self.uniform().ln()
    }
}
