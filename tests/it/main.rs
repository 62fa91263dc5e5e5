//! All integration tests in one binary (one link, shared helpers), one
//! module per kind of evidence.

mod bad_input;
mod budget_options;
mod calibration;
mod charts;
mod cli;
mod common;
mod compare;
mod conservation;
mod determinism;
mod finance;
mod forecast;
mod golden;
mod input_files;
mod investigation;
mod meaningless;
mod metamorphic;
mod missing;
mod overload;
mod overrides;
mod pipes;
mod prevention;
mod properties;
mod report;
mod scenarios;
mod shards;
mod surge;
mod theory;
mod trace;
mod validation;
mod workforce;
