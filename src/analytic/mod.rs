//! Closed-form and exactly-computed queueing results a user can compare a
//! simulation against: Erlang B/C (M/M/c), staffing for a service level,
//! non-preemptive priority M/M/c (Cobham), preemptive-resume priority M/G/1,
//! Pollaczek–Khinchine M/G/1, and Erlang A (M/M/c+M).
//!
//! # Conventions
//!
//! * Rates are per unit time and times are in the reciprocal unit; use one
//!   unit throughout (e.g. arrivals per minute, service rate per minute,
//!   waits in minutes).
//! * Every function returns `Option`: `None` when an input is invalid
//!   (negative or non-finite rate, zero servers, ...) **or** when the queue is
//!   unstable (utilisation ρ ≥ 1) and the quantity would be infinite.
//! * Waits ("W_q") are times from arrival to start of service; responses
//!   (sojourn) are arrival to departure.
//! * Erlang B/C use the stable recursion `B(k) = a·B(k−1) / (k + a·B(k−1))`,
//!   with no factorials or powers, so thousands of servers are fine.

mod erlang_a;
mod mg1;
mod mmc;

pub use erlang_a::{ErlangA, ErlangAMetrics};
pub use mg1::{
    lognormal_scv, mg1_mean_wait, preemptive_resume_mg1_mean_response,
    preemptive_resume_mg1_mean_wait_to_first_service, scv_from_mean_sd,
    second_moment_from_mean_scv,
};
pub use mmc::{MMc, erlang_b, erlang_c, priority_mmc_mean_waits, servers_for_target};

/// Whether every rate is finite and non-negative, and there is at least one.
fn valid_rates(rates: &[f64]) -> bool {
    !rates.is_empty() && rates.iter().all(|r| r.is_finite() && *r >= 0.0)
}

/// Whether `a` is within `tol` of `b` (the unit tests' comparison).
#[cfg(test)]
fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

/// The value, or NaN for `None` (so a comparison with it fails).
#[cfg(test)]
fn some(x: Option<f64>) -> f64 {
    x.unwrap_or(f64::NAN)
}
