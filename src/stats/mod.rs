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
