//! The per-incident log (`run --trace`): the traced run is the run, every
//! headline figure of the replication can be recomputed from the log, and
//! every row ends in exactly one state.
//!
//! Every recomputation reads the CSV the command line writes (through the
//! same writer), not the in-memory records, so the file itself is what is
//! proved. Counts and shares must match exactly; means may differ only by
//! the rounding of two summation orders (see `log::mean_tolerance`).

mod cli;
mod conservation;
mod headlines;
mod log;

use crate::common::model_from;
use forcesim::metrics::ReplicationResult;
use forcesim::metrics::{run, run_traced};
use forcesim::scenario::Model;

/// The default force, 60 days of which 10 are warm-up (so the `counted`
/// column matters).
pub fn short_default() -> Model {
    model_from("extends = \"staffordshire-2018.toml\"\nhorizon_days = 60\nwarmup_days = 10\n")
        .unwrap()
}

/// The 2019 operating model over 120 days (its prevention starts after 90)
/// with G2 and G3 work pre-emptible by G1s: every path a case can take.
pub fn operating_model_2019() -> Model {
    model_from(concat!(
        "extends = \"staffordshire-2019-operating-model.toml\"\n",
        "horizon_days = 120\nwarmup_days = 20\n",
        "[grades.g2]\npreemptible_by_g1 = true\n[grades.g3]\npreemptible_by_g1 = true\n",
    ))
    .unwrap()
}

#[test]
fn run_traced_gives_exactly_the_result_of_run() {
    for (model, seed, replication) in [(short_default(), 7, 0), (operating_model_2019(), 3, 2)] {
        let plain = run(&model, seed, replication);
        let (traced, trace) = run_traced(&model, seed, replication);
        let bits = |r: &ReplicationResult| -> Vec<(String, u64)> {
            r.metrics
                .iter()
                .map(|m| (m.name.clone(), m.value.to_bits()))
                .collect()
        };
        assert_eq!(bits(&plain), bits(&traced));
        assert_eq!(plain.events, traced.events);
        let series = |r: &ReplicationResult| -> Vec<Vec<u64>> {
            r.series
                .iter()
                .map(|s| s.values.iter().map(|v| v.to_bits()).collect())
                .collect()
        };
        assert_eq!(series(&plain), series(&traced));
        assert!(
            trace.records.len() > 10_000,
            "{} cases",
            trace.records.len()
        );
    }
}
