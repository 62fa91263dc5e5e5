//! Multi-year runs: demand grows at the configured rate, staffing follows
//! its plan, and every headline is reported per year.

use crate::common::{MINIMAL, metric, model_from};

#[test]
fn four_years_of_growth_match_the_configured_rate() {
    let text = MINIMAL
        .replace("horizon_days = 28", "horizon_days = 1460")
        .replace(
            "category_mix = { enquiry = 1.0 }",
            "category_mix = { enquiry = 1.0 }\ngrowth_per_year = 0.10",
        );
    let model = model_from(&text).unwrap();
    assert_eq!(model.years(), 4);
    let r = forcesim::metrics::run(&model, 8, 0);
    let offered: Vec<f64> = (1..=4)
        .map(|y| metric(&r.metrics, &format!("years.{y}.calls.101.offered")))
        .collect();
    for (y, n) in offered.iter().enumerate() {
        // Expected 43,800 × 1.1^y; Poisson sd is about 220, so ±1,000 is over 4 sd.
        let expected = 43_800.0 * 1.1f64.powi(y as i32);
        assert!(
            (n - expected).abs() < 1_000.0,
            "year {}: {n} offered, expected {expected:.0}",
            y + 1
        );
    }
    let total: f64 = offered.iter().sum();
    assert_eq!(
        total,
        metric(&r.metrics, "calls.101.offered"),
        "years add up to the whole run"
    );
}

#[test]
fn a_staffing_plan_changes_capacity_year_by_year() {
    // Handlers doubled in year 2: utilisation halves.
    let text = MINIMAL
        .replace("horizon_days = 28", "horizon_days = 730")
        .replace(
            "[teams.handlers]\n",
            "[teams.handlers]\nstaffing_by_year = [1.0, 2.0]\n",
        );
    let model = model_from(&text).unwrap();
    let r = forcesim::metrics::run(&model, 2, 0);
    let u1 = metric(&r.metrics, "years.1.teams.handlers.utilisation");
    let u2 = metric(&r.metrics, "years.2.teams.handlers.utilisation");
    assert!((u1 - 0.5).abs() < 0.02, "year 1 utilisation {u1}");
    assert!((u2 - 0.25).abs() < 0.02, "year 2 utilisation {u2}");
}

#[test]
fn a_one_year_run_has_no_per_year_metrics() {
    let model = model_from(MINIMAL).unwrap();
    let r = forcesim::metrics::run(&model, 1, 0);
    assert!(r.metrics.iter().all(|m| !m.name.starts_with("years.")));
}

#[test]
fn every_metric_is_reported_per_year_and_the_years_add_up() {
    let text = MINIMAL
        .replace("horizon_days = 28", "horizon_days = 730")
        .replace(
            "grade_mix = { none = 1.0 }",
            "grade_mix = { g1 = 0.2, g2 = 0.3, g4 = 0.2, none = 0.3 }",
        );
    let model = model_from(&text).unwrap();
    let r = forcesim::metrics::run(&model, 4, 0);
    let whole: Vec<&forcesim::metrics::Metric> = r
        .metrics
        .iter()
        .filter(|m| !m.name.starts_with("years."))
        .collect();
    let mut additive = 0;
    for m in &whole {
        let y1 = r
            .metrics
            .iter()
            .find(|x| x.name == format!("years.1.{}", m.name));
        let y2 = r
            .metrics
            .iter()
            .find(|x| x.name == format!("years.2.{}", m.name));
        if m.name.starts_with("surge.") || m.name.starts_with("run.") {
            continue;
        }
        let (Some(y1), Some(y2)) = (y1, y2) else {
            panic!("{} is not reported per year", m.name);
        };
        let counts = [
            ".offered",
            ".answered",
            ".abandoned",
            ".jobs_started",
            ".dispatched",
            ".attended",
            "incidents.total",
        ];
        if counts.iter().any(|c| m.name.ends_with(c)) {
            assert_eq!(
                y1.value + y2.value,
                m.value,
                "{}: years {} + {} vs run {}",
                m.name,
                y1.value,
                y2.value,
                m.value
            );
            additive += 1;
        }
    }
    assert!(additive >= 10, "only {additive} additive counts checked");
    // Time-averages split by year average back to the whole run.
    let u = |p: &str| metric(&r.metrics, &format!("{p}teams.handlers.utilisation"));
    assert!(((u("years.1.") + u("years.2.")) / 2.0 - u("")).abs() < 1e-6);
}
