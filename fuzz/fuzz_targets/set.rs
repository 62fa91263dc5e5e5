//! Fuzzes `--set`: the input is split at NUL bytes into one or several
//! `--set` arguments (line breaks and any other byte kept), which go
//! through the code every command uses: parsed
//! (`scenario::overrides::parse_all`), applied to the default scenario and
//! compiled (`scenario::with_overrides`, which also checks every purchase
//! of the scenario's `[[costs.options]]`). Any result is fine; a panic,
//! abort, hang or out-of-memory is a bug.

#![no_main]

use forcesim::scenario::{self, LoadedScenario};
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

/// The default scenario, read once.
fn default() -> &'static LoadedScenario {
    static LOADED: OnceLock<LoadedScenario> = OnceLock::new();
    LOADED.get_or_init(|| {
        scenario::load::load_str(
            scenario::DEFAULT_SCENARIO_NAME,
            scenario::DEFAULT_SCENARIO,
            Path::new("/nonexistent"),
        )
        .expect("the default scenario loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let arguments: Vec<String> = text.split('\0').take(8).map(String::from).collect();
    if let Ok(parsed) = scenario::overrides::parse_all(&arguments) {
        let _ = scenario::with_overrides(default().clone(), &parsed);
    }
});
