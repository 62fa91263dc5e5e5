//! Neighbourhood time and prevention.

use crate::common::{MINIMAL, metric, model_from, problem_at};

/// MINIMAL with ASB incidents (G2 and G3), a neighbourhood team of
/// `neighbourhood_staff` splitting 50/20/30 and, if `effect` is given, a
/// prevention programme with that reduction per 1,000 hours a week.
fn scenario(neighbourhood_staff: u32, response_staff: u32, effect: Option<f64>) -> String {
    let mut text = MINIMAL
        .replace("horizon_days = 28", "horizon_days = 240")
        .replace(
            "grade_mix = { none = 1.0 }",
            "grade_mix = { g2 = 0.3, g3 = 0.4, none = 0.3 }",
        )
        .replace("staff = 2 }]", &format!("staff = {response_staff} }}]"))
        .replace(
            "staff = 1 }]\n\n[teams.response]",
            "staff = 3 }]\n\n[teams.response]",
        )
        .replace(
            "response_team = \"response\"",
            "response_team = \"response\"\nneighbourhood_team = \"neighbourhood\"",
        );
    text += &format!(
        r#"
[teams.neighbourhood]
activity = {{ appointments = 0.5, backfill_response = 0.2, problem_solving = 0.3 }}
shifts = [{{ name = "day", start_hour = 8, length_hours = 10, staff = {neighbourhood_staff} }}]
"#
    );
    if let Some(effect) = effect {
        text += &format!(
            r#"
[[prevention]]
name = "hubs"
teams = ["neighbourhood"]
categories = ["enquiry"]
reduction_per_1000_hours_per_week = {effect}
max_reduction = 0.5
lag_days = 30
"#
        );
    }
    text
}

#[test]
fn prevention_with_zero_effect_changes_nothing_bit_for_bit() {
    let without = forcesim::metrics::run(&model_from(&scenario(10, 3, None)).unwrap(), 9, 0);
    let zero = forcesim::metrics::run(&model_from(&scenario(10, 3, Some(0.0))).unwrap(), 9, 0);
    let strip = |r: &forcesim::metrics::ReplicationResult| -> Vec<(String, u64)> {
        r.metrics
            .iter()
            .filter(|m| !m.name.starts_with("prevention."))
            .map(|m| (m.name.clone(), m.value.to_bits()))
            .collect()
    };
    assert_eq!(strip(&without), strip(&zero));
    assert_eq!(metric(&zero.metrics, "prevention.hubs.demand_avoided"), 0.0);
}

#[test]
fn problem_solving_hours_avoid_the_configured_share_after_the_lag() {
    // 10 staff × 10 h × 7 days × 0.3 = 210 problem-solving hours a week.
    // At 0.5 per 1,000 hours a week the reduction is 10.5 %, reached once
    // the lag (30 days) and the four-week window have passed.
    let model = model_from(&scenario(10, 3, Some(0.5))).unwrap();
    let r = forcesim::metrics::run(&model, 4, 0);
    let reduction = metric(&r.metrics, "prevention.hubs.reduction_mean");
    // Mean over 239 days of which the first 58 have no effect.
    let expected = 0.105 * (239.0 - 58.0) / 239.0;
    assert!(
        (reduction - expected).abs() < 0.003,
        "mean reduction {reduction}, expected {expected}"
    );
    let offered = metric(&r.metrics, "calls.101.offered");
    let avoided = metric(&r.metrics, "prevention.hubs.demand_avoided");
    // Avoided demand never calls: offered counts only what arrives.
    let share = avoided / (offered + avoided);
    assert!(
        (share - expected).abs() < 0.006,
        "avoided {share} of demand, expected about {expected}"
    );
    let hours = metric(
        &r.metrics,
        "neighbourhood.neighbourhood.hours_problem_solving",
    );
    assert!(
        (hours - 210.0 * 240.0 / 7.0).abs() < 1.0,
        "problem-solving hours {hours}"
    );
}

#[test]
fn moving_officers_to_neighbourhood_costs_response_now_and_avoids_demand_later() {
    // Same officers in total: 6 in response and 2 in neighbourhood, or 4
    // and 4 (with the neighbourhood share lent back as backfill).
    let before = model_from(&scenario(2, 6, Some(0.5))).unwrap();
    let after = model_from(&scenario(4, 4, Some(0.5))).unwrap();
    let mean = |m: &forcesim::scenario::Model, name: &str| {
        (0..4)
            .map(|r| metric(&forcesim::metrics::run(m, 12, r).metrics, name))
            .sum::<f64>()
            / 4.0
    };
    let g2_before = mean(&before, "response.g2.response_time_mean_min");
    let g2_after = mean(&after, "response.g2.response_time_mean_min");
    assert!(
        g2_after > g2_before,
        "G2 response {g2_after} after the move, {g2_before} before"
    );
    let avoided_before = mean(&before, "prevention.hubs.demand_avoided");
    let avoided_after = mean(&after, "prevention.hubs.demand_avoided");
    assert!(
        avoided_after > 1.5 * avoided_before,
        "demand avoided {avoided_after} after, {avoided_before} before"
    );
}

/// `scenario` with the programme's effect given per doubling of the hours
/// over a reference of `reference` hours a week instead of per 1,000 hours.
fn per_doubling(neighbourhood_staff: u32, effect: f64, reference: f64) -> String {
    scenario(neighbourhood_staff, 3, Some(0.0)).replace(
        "reduction_per_1000_hours_per_week = 0",
        &format!(
            "reduction_per_doubling_of_hours = {effect}\nreference_hours_per_week = {reference}"
        ),
    )
}

#[test]
fn an_effect_per_doubling_of_hours_does_not_change_when_every_roster_doubles() {
    // 10 staff give 210 problem-solving hours a week (10 × 10 h × 7 × 0.3);
    // over a reference of 140 h that is +50 %, so an effect of 0.2 per
    // doubling avoids 0.2 × 70 ÷ 140 = 10 %. Counting every hour twice (20
    // staff, 420 h, reference 280 h) is the same effort relative to the
    // baseline and avoids the same 10 %; an effect per 1,000 hours would
    // double.
    let once = model_from(&per_doubling(10, 0.2, 140.0)).unwrap();
    let twice = model_from(&per_doubling(20, 0.2, 280.0)).unwrap();
    assert!((once.prevention[0].reduction(210.0) - 0.10).abs() < 1e-12);
    assert!((twice.prevention[0].reduction(420.0) - 0.10).abs() < 1e-12);
    // The simulation reaches it once the lag (30 days) and the four-week
    // window have passed: mean over 239 days of which the first 58 have no
    // effect.
    let expected = 0.10 * (239.0 - 58.0) / 239.0;
    for model in [&once, &twice] {
        let r = forcesim::metrics::run(model, 4, 0);
        let reduction = metric(&r.metrics, "prevention.hubs.reduction_mean");
        assert!(
            (reduction - expected).abs() < 0.003,
            "mean reduction {reduction}, expected {expected}"
        );
    }
}

#[test]
fn a_prevention_effect_is_given_once_and_against_a_reference() {
    let problem = |text: &str, key: &str| {
        let e = model_from(text).expect_err("the scenario should fail check");
        problem_at(&e, key).message.clone()
    };
    let m = problem(
        &per_doubling(10, 0.2, 0.0),
        "prevention[0].reduction_per_doubling_of_hours",
    );
    assert!(m.contains("reference_hours_per_week"), "{m}");
    let both = per_doubling(10, 0.2, 140.0).replace(
        "max_reduction",
        "reduction_per_1000_hours_per_week = 0.5\nmax_reduction",
    );
    let m = problem(&both, "prevention[0].reduction_per_doubling_of_hours");
    assert!(m.contains("not both"), "{m}");
    let neither = scenario(10, 3, Some(0.0)).replace("reduction_per_1000_hours_per_week = 0\n", "");
    let m = problem(&neither, "prevention[0]");
    assert!(m.contains("reduction_per_doubling_of_hours"), "{m}");
}
