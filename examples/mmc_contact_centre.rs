//! This example demonstrates checking the simulator against queueing
//! theory: a contact centre reduced to an M/M/c queue, simulated with
//! `forcesim` and compared with the Erlang C formula.
//!
//! The scenario is built in code: one stream of contacts with a flat
//! profile and no daily over-dispersion (so arrivals are Poisson with rate
//! λ), exponential handling times (rate μ), a constant roster of `c`
//! handlers around the clock with no abstraction, every contact graded
//! `none` (so nothing flows on to other teams) and no abandonment. That is
//! exactly M/M/c, for which the mean wait in queue is
//! `W_q = C(c, λ/μ) / (cμ − λ)` and the handlers' utilisation is
//! `ρ = λ / (cμ)`.
//!
//! The example runs 10 replications of 120 days (the first 7 a warm-up that
//! is not counted), prints the simulated mean wait with its 95 % confidence
//! interval beside the Erlang C value, and asserts that the analytic value
//! lies inside the interval and that the simulated utilisation is within
//! three standard errors of ρ.
//!
//! ```text
//! cargo run --release --example mmc_contact_centre [SEED]
//! ```

use forcesim::analytic::MMc;
use forcesim::batch::{self, BatchOptions};
use std::path::Path;

/// Handlers on duty at all times (c).
const SERVERS: u32 = 5;
/// Mean handling time, minutes (1/μ).
const MEAN_HANDLING_MIN: f64 = 6.0;
/// Target utilisation λ/(cμ); λ follows from it.
const LOAD: f64 = 0.85;
const REPLICATIONS: u64 = 10;
const DEFAULT_SEED: u64 = 1917; // Erlang's paper on waiting times

const MINUTES_PER_YEAR: f64 = 60.0 * 24.0 * 365.0;

fn main() -> anyhow::Result<()> {
    let seed = match std::env::args().nth(1) {
        Some(s) => s.parse()?,
        None => DEFAULT_SEED,
    };

    let service_rate = 1.0 / MEAN_HANDLING_MIN; // μ, per minute
    let arrival_rate = LOAD * f64::from(SERVERS) * service_rate; // λ, per minute
    let volume_per_year = arrival_rate * MINUTES_PER_YEAR; // `volume_per_year` is per 365 days
    let text = scenario_text(volume_per_year);
    let (_, model) =
        forcesim::scenario::from_str("mmc_contact_centre.toml", &text, Path::new("."))?;

    let started = std::time::Instant::now();
    let options = BatchOptions {
        seed,
        replications: REPLICATIONS,
        threads: None,
    };
    let result = batch::run(&model, options, &|| {})?;
    let elapsed = started.elapsed();

    let queue = MMc {
        arrival_rate,
        service_rate,
        servers: SERVERS,
    };
    let wq = queue.mean_wait().expect("the queue is stable");
    let prob_wait = queue.prob_wait().expect("the queue is stable");
    let rho = queue.utilisation().expect("valid inputs");
    let within_60s = queue.prob_wait_at_most(1.0).expect("the queue is stable");

    let wait = &result
        .metric("teams.handlers.queue_wait_mean_min")
        .expect("metric exists")
        .estimate;
    let util = &result
        .metric("teams.handlers.utilisation")
        .expect("metric exists")
        .estimate;
    let answered = &result
        .metric("calls.101.answered_within_60s_share")
        .expect("metric exists")
        .estimate;
    let (wait_low, wait_high) = (
        wait.ci95_low.expect("n ≥ 2"),
        wait.ci95_high.expect("n ≥ 2"),
    );
    let util_se = util.sd.expect("n ≥ 2") / (util.n as f64).sqrt();

    println!(
        "M/M/c contact centre: c = {SERVERS} handlers, λ = {arrival_rate:.4}/min ({volume_per_year:.0} contacts a year),"
    );
    println!(
        "  μ = 1/{MEAN_HANDLING_MIN} per min, offered load {:.3} erlangs, ρ = {rho:.3}",
        arrival_rate / service_rate
    );
    println!(
        "  {REPLICATIONS} replications × {} days ({} warm-up), seed {seed}, {:.2} s",
        HORIZON_DAYS,
        WARMUP_DAYS,
        elapsed.as_secs_f64()
    );
    println!();
    println!(
        "{:<28} {:>10} {:>24} {:>10}",
        "", "simulated", "95 % CI", "M/M/c"
    );
    println!(
        "{:<28} {:>10.3} {:>24} {:>10.3}",
        "mean wait in queue (min)",
        wait.mean,
        format!("[{wait_low:.3}, {wait_high:.3}]"),
        wq
    );
    println!(
        "{:<28} {:>10.4} {:>24} {:>10.4}",
        "utilisation",
        util.mean,
        format!("± {util_se:.4} (1 s.e.)"),
        rho
    );
    if let (Some(lo), Some(hi)) = (answered.ci95_low, answered.ci95_high) {
        println!(
            "{:<28} {:>10.4} {:>24} {:>10.4}",
            "answered within 60 s",
            answered.mean,
            format!("[{lo:.4}, {hi:.4}]"),
            within_60s
        );
    }
    println!(
        "{:<28} {:>10} {:>24} {:>10.4}",
        "P(wait > 0) (Erlang C)", "", "", prob_wait
    );

    assert!(
        (wait_low..=wait_high).contains(&wq),
        "Erlang C mean wait {wq:.3} min lies outside the simulated 95 % CI [{wait_low:.3}, {wait_high:.3}]"
    );
    assert!(
        (util.mean - rho).abs() <= 3.0 * util_se,
        "simulated utilisation {:.4} is more than 3 standard errors ({util_se:.4}) from ρ = {rho:.4}",
        util.mean
    );
    println!();
    println!("OK: Erlang C lies inside the simulated CI; utilisation within 3 s.e. of λ/(cμ).");
    Ok(())
}

const HORIZON_DAYS: u32 = 120;
const WARMUP_DAYS: u32 = 7;

/// The scenario: everything the model requires, with the parts that do not
/// matter for M/M/c (areas, grades, response and resolution teams) present
/// but never used, since every contact is graded `none`.
fn scenario_text(volume_per_year: f64) -> String {
    format!(
        r#"
name = "mmc-contact-centre"
description = "M/M/c: Poisson arrivals, exponential handling, {SERVERS} handlers around the clock"
start_date = "2018-01-01"
horizon_days = {HORIZON_DAYS}
warmup_days = {WARMUP_DAYS}

[channels.101]
team = "handlers"
priority = 1
handling_min = {{ dist = "exponential", mean = {MEAN_HANDLING_MIN} }}
grading_min = {{ dist = "fixed", value = 0.0 }}
answer_target_s = 60
# no patience_min: callers never abandon

[categories.enquiry]
grade_mix = {{ none = 1.0 }}
on_scene_min = {{ dist = "fixed", value = 30.0 }}

[[streams]]
name = "calls"
channel = "101"
volume_per_year = {volume_per_year}
# no profile: flat; daily_level_cv defaults to 0: Poisson
category_mix = {{ enquiry = 1.0 }}

[areas.all]
demand_share = 1.0
urban_share = 1.0
response_team = "response"
travel_urban_min = {{ dist = "fixed", value = 5.0 }}
travel_rural_min = {{ dist = "fixed", value = 10.0 }}

[grades.g1]
target_urban_min = 15
target_rural_min = 20
[grades.g2]
target_urban_min = 60
target_rural_min = 60
[grades.g3]
target_urban_min = 2880
target_rural_min = 2880
[grades.g4]
team = "resolution"
handling_min = {{ dist = "fixed", value = 20.0 }}

[teams.handlers]
shifts = [{{ name = "all day", start_hour = 0, length_hours = 24, staff = {SERVERS} }}]

[teams.response]
shifts = [{{ name = "all day", start_hour = 0, length_hours = 24, staff = 1 }}]

[teams.resolution]
shifts = [{{ name = "all day", start_hour = 0, length_hours = 24, staff = 1 }}]
"#
    )
}
