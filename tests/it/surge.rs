//! A surge raises the queues, which then recover; the report says what
//! demand went unmet.

use crate::common::{MINIMAL, metric, model_from};
use forcesim::batch::{self, BatchOptions};

fn with_surge(multiplier: f64) -> String {
    MINIMAL
        .replace("horizon_days = 28", "horizon_days = 40")
        .replace("volume_per_year = 43800", "volume_per_year = 70080")
        + &format!(
            r#"
[[surges]]
name = "event"
start_date = "2018-01-15"
days = 2
multiplier = {multiplier}
"#
        )
}

#[test]
fn a_surge_raises_the_queue_and_the_team_recovers() {
    // 8 calls an hour on one handler (load 0.8); the surge triples it for
    // two days (load 2.4): the backlog builds to hundreds, then drains at
    // 10 − 8 = 2 calls an hour.
    let surge = model_from(&with_surge(3.0)).unwrap();
    let calm = model_from(&with_surge(1.0)).unwrap();
    let (s, c) = (
        forcesim::metrics::run(&surge, 5, 0),
        forcesim::metrics::run(&calm, 5, 0),
    );
    let peak = metric(&s.metrics, "surge.event.handlers.peak_queue");
    let calm_peak = metric(&c.metrics, "surge.event.handlers.peak_queue");
    assert!(
        peak > 200.0 && peak > 5.0 * calm_peak,
        "peak {peak} vs {calm_peak} without the surge"
    );
    let recovery = metric(&s.metrics, "surge.event.handlers.recovery_days");
    assert!(
        (2.0..20.0).contains(&recovery),
        "recovered after {recovery} days"
    );
    assert_eq!(
        metric(&c.metrics, "surge.event.handlers.recovery_days"),
        0.0
    );
    // The surge adds two days of double extra demand: 2 × 2 × 192 = 768.
    let extra = metric(&s.metrics, "calls.101.offered") - metric(&c.metrics, "calls.101.offered");
    assert!(
        (extra - 768.0).abs() < 4.0 * 768f64.sqrt() + 50.0,
        "extra calls {extra}"
    );
}

#[test]
fn the_report_states_unmet_demand() {
    let model = model_from(&with_surge(3.0).replace(
        r#"grading_min = { dist = "fixed", value = 0.0 }"#,
        "grading_min = { dist = \"fixed\", value = 0.0 }\npatience_min = { dist = \"exponential\", mean = 30.0 }",
    ))
    .unwrap();
    let result = batch::run(
        &model,
        BatchOptions {
            seed: 2,
            replications: 2,
            threads: None,
        },
        &|| {},
    )
    .unwrap();
    let statements = forcesim::report::analyse(&model, &result).statements;
    let unmet = statements
        .iter()
        .find(|s| s.starts_with("Unmet demand"))
        .expect("an unmet demand statement");
    let abandoned = result.metric("calls.101.abandoned").unwrap().estimate.mean;
    assert!(abandoned > 0.0);
    assert!(
        unmet.contains(&format!(
            "{} contacts abandoned on the 101 channel",
            forcesim::report::notes::thousands(abandoned)
        )),
        "{unmet}"
    );
    // A count never runs into a channel named by a number ("39726 101").
    let digits_then_digits = unmet
        .as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b' ' && w[2].is_ascii_digit());
    assert!(!digits_then_digits, "a count runs into a number: {unmet}");
}
