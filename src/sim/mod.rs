//! The simulation: a pure function of (validated model, seed, replication).
//!
//! Nothing in this module reads files, prints, spawns threads, reads the
//! clock or keeps global state; the test
//! `the_simulation_core_does_no_io_and_no_threads` (`tests/it/determinism.rs`)
//! keeps it so.
//!
//! - [`calendar`], [`random`]: the core (event calendar with deterministic
//!   ties, named random streams) on the clock of [`crate::time`];
//! - [`demand`], [`roster`], [`team`], [`case`]: the parts of the force;
//! - [`force`]: the flow of demand through them;
//! - [`recorder`]: the facts they report, as streaming statistics;
//! - [`results`]: what a replication measured, as typed statistics (by
//!   channel, grade, team, crime type and simulated year) with units as a
//!   type; [`crate::metrics`], the layer above, names them for output into
//!   its containers ([`crate::metrics::ReplicationResult`]);
//! - [`trace`]: optionally, every step of every case (see [`run_traced`]).

pub mod absence;
pub mod backlog_fit;
pub mod calendar;
pub mod case;
pub mod crime_stats;
pub mod demand;
pub mod dispatch;
pub mod force;
pub mod geography;
pub mod observer;
pub mod prevention;
pub mod random;
pub mod recorder;
pub mod results;
pub mod roster;
pub mod surge;
pub mod team;
pub mod trace;

pub use force::{run, run_traced, run_with_tracer};
pub use results::{HourlyProfile, Replication, RunStats, Unit};
