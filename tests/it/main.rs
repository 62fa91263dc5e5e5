//! All integration tests in one binary (one link, shared helpers), one
//! module per kind of evidence.

mod bad_input;
mod calibration;
mod charts;
mod cli;
mod common;
mod compare;
mod conservation;
mod conventions;
mod determinism;
mod file_safety;
mod finance;
mod forecast;
mod golden;
mod hypercube;
mod intervals;
mod investigation;
mod memory;
mod metamorphic;
mod missing;
mod overload;
mod prevention;
mod properties;
mod report;
mod scenarios;
mod shards;
mod sim_rules;
mod surge;
mod theory;
mod trace;
mod validation;
mod workforce;
