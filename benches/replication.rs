//! Speed of the simulator: one replication, scenario compilation, a small
//! parallel batch, and drawing a run's charts and report, all on the shipped default scenario
//! (`scenarios/staffordshire-2018.toml`, one simulated year).
//!
//! Run with `cargo bench --bench replication`. Sample counts are kept small
//! (each replication simulates a whole year) so the run finishes in about a
//! minute on two cores.

use divan::Bencher;
use divan::counter::ItemsCount;
use forcesim::batch::{self, BatchOptions};
use forcesim::scenario::{self, DEFAULT_SCENARIO, DEFAULT_SCENARIO_NAME, Model};
use std::hint::black_box;
use std::path::Path;

/// The seed of every benchmark (the default scenario's own `[run] seed`).
const SEED: u64 = 2018;

fn main() {
    divan::main();
}

fn scenarios_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios"))
}

fn default_model() -> Model {
    scenario::from_str(DEFAULT_SCENARIO_NAME, DEFAULT_SCENARIO, scenarios_dir())
        .expect("default scenario is valid")
        .1
}

/// One replication (a simulated year) of the default scenario.
///
/// Every iteration runs the same `(seed, replication 0)`, so each does
/// exactly the same work and the event count used for the throughput
/// counter (computed once, before timing) is exact for every sample.
/// Reported throughput is simulated events per second.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn replication_year(bencher: Bencher) {
    let model = default_model();
    let events = forcesim::sim::run(&model, SEED, 0).events;
    bencher
        .counter(ItemsCount::new(events))
        .bench(|| forcesim::sim::run(black_box(&model), black_box(SEED), black_box(0)));
}

/// One replication (a simulated year) of the default force with places:
/// the ten-LPA geography (the costlier of the shipped pair: ten bases), to
/// set against `replication_year` (issue 16 asks for at most 1.5×).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn replication_year_with_geography(bencher: Bencher) {
    let path = scenarios_dir().join("staffordshire-2018-lpas-geography.toml");
    let model = scenario::from_file(&path)
        .expect("the LPA geography scenario is valid")
        .1;
    let events = forcesim::sim::run(&model, SEED, 0).events;
    bencher
        .counter(ItemsCount::new(events))
        .bench(|| forcesim::sim::run(black_box(&model), black_box(SEED), black_box(0)));
}

/// Reading, checking and compiling the default scenario from its text
/// (TOML parse + validation into a `Model`); no file I/O.
#[divan::bench(sample_count = 50)]
fn compile_scenario() -> Model {
    scenario::from_str(
        DEFAULT_SCENARIO_NAME,
        black_box(DEFAULT_SCENARIO),
        scenarios_dir(),
    )
    .expect("default scenario is valid")
    .1
}

/// A batch of 4 replications (run, then summarised) on 1 and on 2 worker
/// threads. Includes building the rayon thread pool, as `forcesim run` does.
#[divan::bench(args = [1, 2], sample_count = 5, sample_size = 1)]
fn batch_of_4(bencher: Bencher, threads: usize) {
    let model = default_model();
    let options = BatchOptions {
        seed: SEED,
        replications: 4,
        threads: Some(threads),
    };
    let events: u64 = batch::run(&model, options, &|| {})
        .expect("thread pool starts")
        .replications
        .iter()
        .map(|r| r.events)
        .sum();
    bencher
        .counter(ItemsCount::new(events))
        .bench(|| batch::run(black_box(&model), options, &|| {}).expect("thread pool starts"));
}

/// Drawing every chart of a run (PNG and SVG) and its report.html, from a
/// batch of 2 replications of the default year: the cost `--out` adds.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn charts_and_report(bencher: Bencher) {
    let model = default_model();
    let options = BatchOptions {
        seed: SEED,
        replications: 2,
        threads: None,
    };
    let result = batch::run(&model, options, &|| {}).expect("thread pool starts");
    let analysis = forcesim::report::analyse(&model, &result);
    let info = forcesim::report::RunInfo {
        scenario_name: model.name.clone(),
        scenario_source: DEFAULT_SCENARIO_NAME.into(),
        scenario_as_run: toml::Table::new(),
        seed: SEED,
        replications: 2,
        shard: None,
    };
    bencher.bench(|| {
        let charts = forcesim::report::charts::for_run(&model, &result).expect("charts draw");
        forcesim::report::html::run_report(&info, &model, &result, &analysis, &charts)
    });
}
