//! Finance: what a scenario costs, what funds it, and what a change buys,
//! in three layers (each imports only those before it, and the layers of
//! the crate below it):
//!
//! - [`model`] (beside [`crate::scenario`]): the validated cost model
//!   (`[costs]`) and funding (`[funding]`) of a scenario;
//! - [`accounts`] (after [`crate::sim`]): the accounts of one replication
//!   by simulated year, as typed figures read from its typed statistics
//!   (the overtime worked); [`crate::metrics::accounts`] names them as
//!   ordinary metrics (unit `£`), so every summary, CSV, JSON, comparison
//!   and sweep carries them;
//! - [`appraisal`] (after [`crate::batch`]): cost against outcome in a
//!   comparison (Fieller intervals for a ratio of paired differences), the
//!   budget search of `forcesim sweep --budget` ([`appraisal::options`]) and
//!   a scenario with options bought ([`appraisal::buy`]).
//!
//! Finance is outside the simulation: costs follow from the staffing and
//! investments of the scenario and from the overtime each replication
//! worked, so they are added after the replication has run
//! ([`crate::batch::replicate`]). A scenario without `[costs]` and
//! `[funding]` gets no finance metrics and its other metrics are untouched.

pub mod accounts;
pub mod appraisal;
pub mod model;
