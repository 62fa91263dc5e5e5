//! The simulation against queueing theory.
//!
//! A scenario reduced to one stream (flat profile, no daily over-dispersion,
//! Poisson arrivals), one team with a constant roster of c handlers,
//! exponential handling, no abandonment and no travel is an M/M/c queue: its
//! mean queue wait must match Erlang C. Tolerances come from the
//! replications' 95 % confidence interval, never from pinned numbers.

use crate::common::{MINIMAL, model_from};
use forcesim::analytic::MMc;
use forcesim::batch::{self, BatchOptions};

/// MINIMAL with `servers` handlers, exponential handling of mean
/// `mean_handling_min`, `per_hour` arrivals, over `days` after a warm-up.
fn mmc_scenario(servers: u32, per_hour: f64, mean_handling_min: f64, days: u32) -> String {
    MINIMAL
        .replace("horizon_days = 28", &format!("horizon_days = {}\nwarmup_days = 5", days + 5))
        .replace("volume_per_year = 43800", &format!("volume_per_year = {}", per_hour * 24.0 * 365.0))
        .replace(
            r#"handling_min = { dist = "exponential", mean = 6.0 }"#,
            &format!(r#"handling_min = {{ dist = "exponential", mean = {mean_handling_min} }}"#),
        )
        .replace(
            r#"shifts = [{ name = "all day", start_hour = 0, length_hours = 24, staff = 1 }]"#,
            &format!(r#"shifts = [{{ name = "all day", start_hour = 0, length_hours = 24, staff = {servers} }}]"#),
        )
}

fn check_erlang_c(servers: u32, per_hour: f64, mean_handling_min: f64, days: u32) {
    let model =
        model_from(&mmc_scenario(servers, per_hour, mean_handling_min, days)).expect("valid");
    let result = batch::run(
        &model,
        BatchOptions {
            seed: 11,
            replications: 12,
            threads: None,
        },
        &|| {},
    )
    .unwrap();
    let queue = MMc {
        arrival_rate: per_hour / 60.0,
        service_rate: 1.0 / mean_handling_min,
        servers,
    };
    let expected_wait = queue.mean_wait().expect("stable");
    let wait = result
        .metric("teams.handlers.queue_wait_mean_min")
        .unwrap()
        .estimate;
    let (lo, hi) = (wait.ci95_low.unwrap(), wait.ci95_high.unwrap());
    assert!(
        lo <= expected_wait && expected_wait <= hi,
        "M/M/{servers} at load {:.2}: Erlang C mean wait {expected_wait:.4} min outside simulated 95 % CI [{lo:.4}, {hi:.4}]",
        queue.utilisation().unwrap_or(f64::NAN)
    );
    // The CI must be informative: narrower than the value it brackets.
    assert!(
        hi - lo < expected_wait,
        "CI [{lo}, {hi}] too wide to test anything"
    );

    let utilisation = result
        .metric("teams.handlers.utilisation")
        .unwrap()
        .estimate;
    let rho = queue.utilisation().unwrap();
    let (lo, hi) = (
        utilisation.ci95_low.unwrap(),
        utilisation.ci95_high.unwrap(),
    );
    assert!(
        lo <= rho && rho <= hi,
        "utilisation {rho} outside [{lo}, {hi}]"
    );
}

#[test]
fn mm1_mean_wait_matches_erlang_c() {
    check_erlang_c(1, 7.0, 6.0, 200); // ρ = 0.7
}

// M/M/c with c = 3, 10 and 20 up to ρ = 0.95 are checked by the validation
// suite (`tests/it/validation.rs`), with a Bonferroni level over all its
// checks; this file keeps the single-server queue at a load it does not cover.
