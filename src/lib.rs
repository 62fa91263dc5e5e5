//! # forcesim
//!
//! A discrete-event Monte Carlo simulator of police force resourcing. A
//! scenario (TOML) describes demand streams, contact channels, grading,
//! areas and rostered teams; [`sim::run`] replays one stochastic year of
//! that demand against that staffing, [`metrics`] names what it measured; [`batch`] runs many replications in
//! parallel and summarises them; [`report`] writes tables and files.
//!
//! ## Determinism contract
//!
//! A replication is a pure function of (scenario, seed, replication index).
//! Each source of randomness has its own named stream, so the same seed
//! gives bit-for-bit the same results on any number of threads, and
//! changing staffing does not change the arrivals (common random numbers).
//!
//! ```
//! let (_, model) = forcesim::scenario::from_str(
//!     forcesim::scenario::DEFAULT_SCENARIO_NAME,
//!     forcesim::scenario::DEFAULT_SCENARIO,
//!     std::path::Path::new("scenarios"),
//! ).unwrap();
//! let a = forcesim::metrics::run(&model, 42, 0);
//! let b = forcesim::metrics::run(&model, 42, 0);
//! // Bit for bit (NaN marks an undefined value, such as a share of nothing).
//! let bits = |r: &forcesim::metrics::ReplicationResult| -> Vec<u64> {
//!     r.metrics.iter().map(|m| m.value.to_bits()).collect()
//! };
//! assert_eq!(bits(&a), bits(&b));
//! ```

pub mod analytic;
pub mod batch;
pub mod compare;
pub mod dist;
pub mod finance;
pub mod input;
pub mod metrics;
pub mod report;
pub mod scenario;
pub mod sim;
pub mod stats;
pub mod suggest;
pub mod sweep;
pub mod time;
pub mod validation;
