//! Unit tests of time freed by process change (`time_freed_hours_per_year`)
//! on a team whose abstraction is given by reason: the hours freed, as a
//! share of the team's rostered hours, scale every reason but secondment
//! down by one factor, so the abstraction falls by that share and each
//! reason keeps its part of what is left.

use super::abstraction::{ABSENCE_REASONS, Absence, COURT, SECONDMENT, STUDENT_LEARNING};
use super::model::Model;
use crate::sim::absence::AbsenceState;
use crate::sim::random::stream;

/// One 101 stream into `handlers`: 10 people on one 24-hour shift, 10 ×
/// 24 × 7 × 52 = 87,360 rostered hours a year (`finance::model::
/// WEEKS_PER_YEAR`), against a headcount of 43 at 40 h a week (89,440 h,
/// within the 5 % the roster check allows: the freed share is of the
/// rostered hours, not the contracted). At court 15 % of rostered time,
/// students 25 % of the team with 20 % protected learning (5 %), and 4.3
/// FTE (10 %) seconded away; `freed` hours a year given back.
fn model(freed: f64) -> Model {
    let text = format!(
        r#"
name = "freed"
start_date = "2018-01-01"
horizon_days = 365
[channels.101]
team = "handlers"
priority = 1
handling_min = {{ dist = "exponential", mean = 6.0 }}
grading_min = {{ dist = "fixed", value = 0.0 }}
[categories.enquiry]
grade_mix = {{ none = 1.0 }}
on_scene_min = {{ dist = "fixed", value = 30.0 }}
[[streams]]
name = "calls"
channel = "101"
volume_per_year = 43800
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
headcount = 43
time_freed_hours_per_year = {freed}
shifts = [{{ name = "all day", start_hour = 0, length_hours = 24, staff = 10 }}]
absence = {{ court_share = 0.15, student_share = 0.25, student_protected_share = 0.2, seconded_fte = 4.3 }}
[teams.response]
shifts = [{{ name = "all day", start_hour = 0, length_hours = 24, staff = 2 }}]
[teams.resolution]
shifts = [{{ name = "day", start_hour = 8, length_hours = 14, staff = 1 }}]
"#
    );
    super::from_str("freed.toml", &text, std::path::Path::new("."))
        .expect("a valid scenario")
        .1
}

/// The handlers' compiled absence with `freed` hours a year given back,
/// and the model (for its days).
fn absence(freed: f64) -> (Absence, Model) {
    let model = model(freed);
    let absence = model
        .teams
        .iter()
        .find(|t| t.name == "handlers")
        .and_then(|t| t.absence.clone())
        .expect("the handlers' absence by reason");
    (absence, model)
}

/// Share of 1,000 rostered people lost to each reason, every day of the
/// year.
fn shares_lost(absence: &Absence, model: &Model) -> [f64; ABSENCE_REASONS.len()] {
    let mut state = AbsenceState::new(absence, &model.days, stream(3, 0, "s"), stream(3, 0, "t"));
    let mut rng = stream(3, 0, "draw");
    let mut lost = [0u64; ABSENCE_REASONS.len()];
    for (day, d) in model.days.iter().enumerate() {
        for (total, n) in lost
            .iter_mut()
            .zip(state.draw(&mut rng, 1000, day as u64, d.month))
        {
            *total += u64::from(n);
        }
    }
    let people = 1000.0 * model.days.len() as f64;
    lost.map(|n| n as f64 / people)
}

/// Four binomial standard errors of a share `p` over a year of 1,000
/// people a day.
fn tolerance(p: f64) -> f64 {
    4.0 * (p * (1.0 - p) / 365_000.0).sqrt()
}

#[test]
fn freed_hours_scale_every_reason_but_secondment_by_one_factor() {
    // 8,736 hours freed are 10 % of the 87,360 rostered; the reasons
    // other than secondment take 15 % + 5 % = 20 %, so each is scaled by
    // 1 − 0.10 ÷ 0.20 = 0.5: court 7.5 %, students 2.5 %, and the whole
    // abstraction falls from 30 % to 20 %.
    let (before, model) = absence(0.0);
    assert_eq!(before.scale, 1.0);
    let (after, _) = absence(8_736.0);
    assert!((after.scale - 0.5).abs() < 1e-12, "scale {}", after.scale);
    // The reasons keep their configured shares; the factor is drawn with.
    assert_eq!(after.court_share, before.court_share);
    assert_eq!(after.seconded_share, before.seconded_share);

    for (a, court, students) in [(&before, 0.15, 0.05), (&after, 0.075, 0.025)] {
        let lost = shares_lost(a, &model);
        assert!(
            (lost[COURT] - court).abs() < tolerance(court),
            "court {} vs {court} (scale {})",
            lost[COURT],
            a.scale
        );
        assert!(
            (lost[STUDENT_LEARNING] - students).abs() < tolerance(students),
            "students {} vs {students} (scale {})",
            lost[STUDENT_LEARNING],
            a.scale
        );
        // 10 % of 1,000 seconded every day, freed time or not.
        assert!((lost[SECONDMENT] - 0.1).abs() < 1e-12, "{lost:?}");
        let total: f64 = lost.iter().sum();
        let expected = 0.1 + court + students;
        assert!(
            (total - expected).abs() < tolerance(expected),
            "abstraction {total} vs {expected}"
        );
    }
}

#[test]
fn freeing_more_than_the_reasons_take_leaves_only_the_secondments() {
    // 43,680 hours freed are half the roster, more than the 20 % the
    // reasons take: none of them is left, and the 10 % seconded stay away.
    let (a, model) = absence(43_680.0);
    assert_eq!(a.scale, 0.0);
    let lost = shares_lost(&a, &model);
    assert!((lost[SECONDMENT] - 0.1).abs() < 1e-12, "{lost:?}");
    assert_eq!(lost.iter().sum::<f64>(), lost[SECONDMENT], "{lost:?}");
}
