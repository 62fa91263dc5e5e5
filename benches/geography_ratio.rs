//! What places cost: one replication of the default force year without a
//! geography against the same force with the ten-LPA geography
//! (`replication_year` against `replication_year_with_geography` in the
//! `replication` bench), timed in interleaved pairs so that both see the
//! same machine load: pair i runs the plain year then the geography year
//! for even i, the other way round for odd i. Reports the ratio of the
//! geography year's time to the plain year's: the geometric mean of the
//! paired ratios with its 95 % t interval, and the median pair.
//!
//! Run with `cargo bench --bench geography_ratio` (10 pairs; set
//! `FORCESIM_BENCH_PAIRS` for more). Issue 16 asks for at most 1.5×.

use forcesim::scenario::{self, DEFAULT_SCENARIO, DEFAULT_SCENARIO_NAME, Model};
use forcesim::stats::student_t_quantile;
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

/// The seed of every run (the default scenario's own `[run] seed`).
const SEED: u64 = 2018;

fn scenarios_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios"))
}

/// Seconds one replication (a simulated year) of `model` takes.
fn time_year(model: &Model) -> f64 {
    let start = Instant::now();
    black_box(forcesim::sim::run(black_box(model), SEED, 0));
    start.elapsed().as_secs_f64()
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is read.
    let pairs: usize = std::env::var("FORCESIM_BENCH_PAIRS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n >= 2)
        .unwrap_or(10);
    let plain = scenario::from_str(DEFAULT_SCENARIO_NAME, DEFAULT_SCENARIO, scenarios_dir())
        .expect("default scenario is valid")
        .1;
    let geography =
        scenario::from_file(&scenarios_dir().join("staffordshire-2018-lpas-geography.toml"))
            .expect("the LPA geography scenario is valid")
            .1;
    // One of each first, untimed (caches, page faults).
    time_year(&plain);
    time_year(&geography);
    let mut log_ratios = Vec::with_capacity(pairs);
    let (mut plain_s, mut geography_s) = (Vec::new(), Vec::new());
    for i in 0..pairs {
        let (p, g) = if i % 2 == 0 {
            let p = time_year(&plain);
            (p, time_year(&geography))
        } else {
            let g = time_year(&geography);
            (time_year(&plain), g)
        };
        plain_s.push(p);
        geography_s.push(g);
        log_ratios.push((g / p).ln());
        println!(
            "pair {:>2}: without {p:.3} s, with geography {g:.3} s, ratio {:.3}",
            i + 1,
            g / p
        );
    }
    let n = pairs as f64;
    let mean = log_ratios.iter().sum::<f64>() / n;
    let var = log_ratios.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let half = student_t_quantile(0.975, n - 1.0) * (var / n).sqrt();
    let mut sorted: Vec<f64> = log_ratios.iter().map(|x| x.exp()).collect();
    sorted.sort_by(f64::total_cmp);
    let median = if pairs % 2 == 1 {
        sorted[pairs / 2]
    } else {
        0.5 * (sorted[pairs / 2 - 1] + sorted[pairs / 2])
    };
    let median_of = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "{pairs} interleaved pairs: plain year {:.3} s, geography year {:.3} s (medians); \
         geography / plain = {:.3} (95 % CI {:.3} – {:.3}), median pair {median:.3}",
        median_of(&mut plain_s),
        median_of(&mut geography_s),
        mean.exp(),
        (mean - half).exp(),
        (mean + half).exp()
    );
}
