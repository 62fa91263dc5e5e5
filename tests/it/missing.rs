//! Missing person episodes and the missing persons team.

use crate::common::{default_model, metric};

#[test]
fn a_missing_persons_team_finds_people_a_third_quicker_with_less_response_time() {
    let without = default_model();
    let mut with = default_model();
    with.missing_persons_team = Some((2.0 / 3.0, 0.7));
    let (a, b) = (
        forcesim::metrics::run(&without, 6, 0),
        forcesim::metrics::run(&with, 6, 0),
    );
    for risk in ["high_risk", "medium_risk", "low_risk"] {
        let name = format!("missing.{risk}.hours_to_find_mean");
        let (before, after) = (metric(&a.metrics, &name), metric(&b.metrics, &name));
        // Common random numbers: the same episodes, each found in 2/3 of the time.
        assert!(
            (after / before - 2.0 / 3.0).abs() < 1e-9,
            "{risk}: {after} vs {before}"
        );
    }
    assert_eq!(
        metric(&a.metrics, "missing.episodes"),
        metric(&b.metrics, "missing.episodes")
    );
    let (hours_before, hours_after) = (
        metric(&a.metrics, "missing.officer_hours"),
        metric(&b.metrics, "missing.officer_hours"),
    );
    assert!(
        hours_after < 0.85 * hours_before,
        "officer hours {hours_after} vs {hours_before}"
    );
}
