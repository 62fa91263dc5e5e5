//! Metamorphic checks under common random numbers: a change whose direction
//! is known must move the results that way.

use crate::common::{MINIMAL, metric, model_from};

/// MINIMAL with attended incidents: G1 and G3 work for two response units.
fn response_scenario(g3_preemptible: bool, response_staff: u32) -> String {
    MINIMAL
        .replace("horizon_days = 28", "horizon_days = 120")
        .replace("grade_mix = { none = 1.0 }", "grade_mix = { g1 = 0.3, g3 = 0.5, none = 0.2 }")
        .replace(r#"on_scene_min = { dist = "fixed", value = 30.0 }"#, r#"on_scene_min = { dist = "exponential", mean = 30.0 }"#)
        .replace(
            "target_urban_min = 2880\ntarget_rural_min = 2880",
            &format!("target_urban_min = 2880\ntarget_rural_min = 2880\npreemptible_by_g1 = {g3_preemptible}"),
        )
        .replace("staff = 2 }]", &format!("staff = {response_staff} }}]"))
        .replace("staff = 1 }]\n\n[teams.response]", "staff = 3 }]\n\n[teams.response]")
}

fn mean_of(text: &str, name: &str, reps: u64) -> f64 {
    let model = model_from(text).unwrap();
    (0..reps)
        .map(|r| metric(&forcesim::metrics::run(&model, 21, r).metrics, name))
        .sum::<f64>()
        / reps as f64
}

#[test]
fn preempting_g3_for_g1_shortens_g1_and_lengthens_g3() {
    let (with, without) = (response_scenario(true, 3), response_scenario(false, 3));
    let g1 = |t: &str| mean_of(t, "response.g1.response_time_mean_min", 4);
    let g3 = |t: &str| mean_of(t, "response.g3.response_time_mean_min", 4);
    let (g1_with, g1_without) = (g1(&with), g1(&without));
    let (g3_with, g3_without) = (g3(&with), g3(&without));
    assert!(
        g1_with < g1_without,
        "G1 {g1_with} with pre-emption, {g1_without} without"
    );
    assert!(
        g3_with > g3_without,
        "G3 {g3_with} with pre-emption, {g3_without} without"
    );
}

#[test]
fn more_response_officers_never_slow_the_response() {
    let mut previous = f64::INFINITY;
    for staff in [3, 4, 6] {
        let wait = mean_of(
            &response_scenario(false, staff),
            "response.g1.response_time_mean_min",
            3,
        );
        assert!(
            wait <= previous,
            "{staff} officers: G1 {wait} min, fewer officers gave {previous}"
        );
        previous = wait;
    }
}
