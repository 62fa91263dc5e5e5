//! Fuzzes the scenario parser and validator: any input must give Ok or Err,
//! never a panic, hang or abort.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = forcesim::scenario::from_str("fuzz.toml", &text, Path::new("/nonexistent"));
});
