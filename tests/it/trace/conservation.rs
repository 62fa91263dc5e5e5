//! Every row of the log ends in exactly one state, its times run forward,
//! and what is open at the end is the metrics' work left.

use super::log::{Row, assert_count, traced_csv};
use super::{operating_model_2019, short_default};
use crate::common::model_from;
use std::collections::HashMap;

/// Checks that a row's end state agrees with the stages it reached:
/// `stages` in path order; a row must have reached its end's stages and
/// none past the last its end allows.
fn check_row(r: &Row, stages: &[&str]) {
    let (case, end) = (r.get("case"), r.get("end_state"));
    // Exactly one way in: prevented, abandoned, answered, or still queued.
    let entry = [
        end == "prevented",
        r.has("abandoned_s"),
        r.has("answered_s"),
        r.get("open_stage") == "queued",
    ];
    assert_eq!(
        entry.iter().filter(|&&b| b).count(),
        1,
        "case {case}: {entry:?}"
    );
    assert_eq!(r.get("open_stage").is_empty(), end != "open", "case {case}");
    let (need, last): (&[&str], &str) = match (end, r.get("open_stage")) {
        // Prevented, or still waiting to be answered: only an arrival.
        ("prevented", _) | ("open", "queued") => (&[], "arrival_s"),
        ("abandoned", _) => (&["abandoned_s"], "abandoned_s"),
        ("no_incident", _) => (&["answered_s", "graded_s"], "graded_s"),
        ("resolved", _) => (
            &["resolution_started_s", "resolution_ended_s"],
            "resolution_ended_s",
        ),
        ("attended", _) => (
            &["dispatched_s", "unit_assigned_s", "on_scene_s", "cleared_s"],
            "cleared_s",
        ),
        ("screened_out", _) => (&["crime_recorded_s"], "crime_recorded_s"),
        ("investigated", _) => (
            &[
                "crime_recorded_s",
                "investigation_allocated_s",
                "investigation_finished_s",
            ],
            "investigation_finished_s",
        ),
        ("open", "grading") => (&["answered_s"], "answered_s"),
        ("open", "resolution") => (&["graded_s"], "resolution_started_s"),
        ("open", "attendance") => (&["dispatched_s"], "on_scene_s"),
        ("open", "forensics") => (&["crime_recorded_s"], "forensics_allocated_s"),
        ("open", "investigation") => (&["crime_recorded_s"], "investigation_allocated_s"),
        other => panic!("case {case}: end {other:?}"),
    };
    for c in need {
        assert!(r.has(c), "case {case} ({end}) lacks {c}");
    }
    let i = stages.iter().position(|s| *s == last).unwrap();
    for c in &stages[i + 1..] {
        assert!(!r.has(c), "case {case} ({end}) has {c} after {last}");
    }
    let crime = r.has("crime_recorded_s");
    match end {
        "no_incident" => assert_eq!(r.get("grade"), "none"),
        "resolved" | "attended" => assert!(!crime, "case {case}"),
        "screened_out" => assert!(r.flag("screened_out")),
        "investigated" => assert!(!r.flag("screened_out") && !r.get("outcome").is_empty()),
        _ => assert!(r.get("outcome").is_empty()),
    }
    assert_eq!(
        r.get("escalated") == "true",
        r.get("attendance_grade") == "g3" && r.get("grade") == "g4"
    );
}

#[test]
fn every_case_ends_in_exactly_one_state_and_its_times_run_forward() {
    // Stage columns in the order a case can pass through them.
    let stages = [
        "arrival_s",
        "answered_s",
        "abandoned_s",
        "graded_s",
        "resolution_started_s",
        "resolution_ended_s",
        "dispatched_s",
        "unit_assigned_s",
        "on_scene_s",
        "cleared_s",
        "crime_recorded_s",
        "forensics_allocated_s",
        "forensics_finished_s",
        "investigation_allocated_s",
        "investigation_finished_s",
    ];
    for (model, seed) in [(short_default(), 29), (operating_model_2019(), 31)] {
        let (result, log) = traced_csv(&model, seed, 0);
        let m = &result.metrics;
        let horizon_ms = model.horizon.0;
        let mut previous_arrival = 0;
        let mut states: HashMap<String, usize> = HashMap::new();
        for (i, r) in log.rows().enumerate() {
            assert_eq!(r.get("case"), i.to_string(), "case ids are the row order");
            let arrival = r.ms("arrival_s").unwrap();
            assert!(arrival >= previous_arrival, "rows are in arrival order");
            previous_arrival = arrival;
            assert_eq!(r.flag("counted"), arrival >= model.warmup.0);
            // Times never run backwards along the path, and end by the horizon.
            let mut last = 0;
            for c in &stages {
                if let Some(t) = r.ms(c) {
                    assert!(
                        t >= last && t <= horizon_ms,
                        "case {i}: {c} = {t} before {last}"
                    );
                    last = t;
                }
            }
            check_row(&r, &stages);
            *states.entry(r.get("end_state").to_string()).or_default() += 1;
        }
        for state in [
            "abandoned",
            "no_incident",
            "resolved",
            "attended",
            "screened_out",
            "investigated",
            "open",
        ] {
            assert!(
                states.get(state).is_some_and(|&n| n > 0),
                "no `{state}` rows: {states:?}"
            );
        }
        // What is still open at the end is the metrics' work left.
        let open =
            |stage: &'static str| log.counted().filter(move |r| r.get("open_stage") == stage);
        for channel in &model.channels {
            let n = open("queued")
                .filter(|r| r.get("channel") == channel.name)
                .count();
            assert_count(m, &format!("calls.{}.waiting_at_end", channel.name), n);
        }
        assert_count(
            m,
            "contacts.awaiting_grading_at_end",
            open("grading").count(),
        );
        assert_count(m, "incidents.g4_waiting_at_end", open("resolution").count());
        for key in ["g1", "g2", "g3"] {
            let n = open("attendance")
                .filter(|r| r.get("attendance_grade") == key && !r.has("on_scene_s"))
                .count();
            assert_count(m, &format!("response.{key}.unattended_at_end"), n);
        }
        // Prevented rows are the demand prevention avoided.
        let avoided: f64 = m
            .iter()
            .filter(|x| x.name.starts_with("prevention.") && x.name.ends_with(".demand_avoided"))
            .map(|x| x.value)
            .sum();
        let prevented = log
            .rows()
            .filter(|r| r.flag("counted") && r.get("end_state") == "prevented")
            .count();
        assert_eq!(avoided, prevented as f64);
    }
    // Pre-emption shows in the log when the scenario allows it.
    let (_, log) = traced_csv(&operating_model_2019(), 31, 0);
    assert!(log.rows().any(|r| r.get("preemptions") != "0"));
    assert!(log.rows().any(|r| r.get("end_state") == "prevented"));
}

#[test]
fn the_year_column_splits_a_multi_year_run_as_the_metrics_do() {
    let text = crate::common::MINIMAL.replace("horizon_days = 28", "horizon_days = 400");
    let model = model_from(&text).unwrap();
    let (result, log) = traced_csv(&model, 1, 0);
    for year in ["1", "2"] {
        let n = log.counted().filter(|r| r.get("year") == year).count();
        assert!(n > 0);
        assert_count(
            &result.metrics,
            &format!("years.{year}.calls.101.offered"),
            n,
        );
    }
}
