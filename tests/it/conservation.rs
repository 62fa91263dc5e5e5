//! Conservation: every arrival ends in exactly one outcome or is still in
//! the system at the end.

use crate::common::{MINIMAL, default_model, metric, model_from};
use forcesim::metrics::Metric;
use forcesim::scenario::Model;

fn check_conservation(model: &Model, metrics: &[Metric]) {
    let m = |name: &str| metric(metrics, name);
    let mut answered_total = 0.0;
    for ch in &model.channels {
        let p = format!("calls.{}", ch.name);
        let offered = m(&format!("{p}.offered"));
        let outcomes = m(&format!("{p}.answered"))
            + m(&format!("{p}.abandoned"))
            + m(&format!("{p}.waiting_at_end"));
        assert_eq!(
            offered, outcomes,
            "{p}: offered = answered + abandoned + waiting"
        );
        answered_total += m(&format!("{p}.answered"));
    }
    let graded = m("incidents.total") + m("contacts.no_incident");
    assert_eq!(
        answered_total,
        graded + m("contacts.awaiting_grading_at_end"),
        "answered = graded + awaiting grading"
    );
    let g4 = m("incidents.g4");
    assert_eq!(
        g4,
        m("incidents.g4_resolved") + m("incidents.g4_escalated") + m("incidents.g4_waiting_at_end")
    );
    let mut dispatched = 0.0;
    let mut attended = 0.0;
    for g in ["g1", "g2", "g3"] {
        let d = m(&format!("response.{g}.dispatched"));
        let a = m(&format!("response.{g}.attended"));
        assert_eq!(
            d,
            a + m(&format!("response.{g}.unattended_at_end")),
            "{g}: dispatched = attended + unattended"
        );
        dispatched += d;
        attended += a;
    }
    assert_eq!(
        dispatched,
        m("incidents.g1") + m("incidents.g2") + m("incidents.g3") + m("incidents.g4_escalated")
    );
    assert_eq!(attended, m("incidents.attended"));
    let offered_by_category: f64 = model
        .categories
        .iter()
        .map(|c| m(&format!("demand.{}.offered", c.name)))
        .sum();
    let offered_by_channel: f64 = model
        .channels
        .iter()
        .map(|c| m(&format!("calls.{}.offered", c.name)))
        .sum();
    assert_eq!(offered_by_category, offered_by_channel);
}

#[test]
fn default_year_conserves_every_arrival() {
    let model = default_model();
    let result = forcesim::metrics::run(&model, 3, 0);
    check_conservation(&model, &result.metrics);
}

#[test]
fn overloaded_contact_centre_with_abandonment_conserves_every_arrival() {
    // One handler, load 2.0, impatient callers: queues, abandonment and work
    // left at the end all occur.
    let text = MINIMAL
        .replace("volume_per_year = 43800", "volume_per_year = 175200")
        .replace(
            r#"grading_min = { dist = "fixed", value = 0.0 }"#,
            r#"grading_min = { dist = "fixed", value = 1.0 }
patience_min = { dist = "exponential", mean = 30.0 }"#,
        )
        .replace(
            "grade_mix = { none = 1.0 }",
            "grade_mix = { g1 = 0.1, g2 = 0.2, g3 = 0.1, g4 = 0.3, none = 0.3 }",
        );
    let model = model_from(&text).unwrap();
    let result = forcesim::metrics::run(&model, 1, 0);
    check_conservation(&model, &result.metrics);
    assert!(metric(&result.metrics, "calls.101.abandoned") > 0.0);
}

#[test]
fn every_recorded_crime_is_screened_out_investigated_or_still_open() {
    let model = default_model();
    let r = forcesim::metrics::run(&model, 4, 0);
    let m = |name: &str| metric(&r.metrics, name);
    assert_eq!(
        m("crimes.recorded"),
        m("crimes.screened_out") + m("crimes.investigated") + m("crimes.open_at_end")
    );
    let by_outcome =
        m("outcomes.charge") + m("outcomes.out_of_court") + m("outcomes.no_further_action");
    assert_eq!(by_outcome, m("crimes.investigated"));
    let by_type: f64 = model
        .crime_types
        .iter()
        .map(|c| m(&format!("crimes.{}.recorded", c.name)))
        .sum();
    assert_eq!(by_type, m("crimes.recorded"));
}
