//! Headline figures recomputed from the log: answer times, response times
//! and targets, the attended share, G4s, crimes, investigations, missing
//! persons.

use super::log::{Row, assert_count, assert_mean, assert_share, traced_csv};
use super::{operating_model_2019, short_default};

#[test]
fn the_log_recomputes_answer_times_and_abandonment_by_channel() {
    for (model, seed) in [(short_default(), 11), (operating_model_2019(), 5)] {
        let (result, log) = traced_csv(&model, seed, 1);
        let m = &result.metrics;
        for channel in &model.channels {
            let name = channel.name.as_str();
            let rows: Vec<Row> = log.counted().filter(|r| r.get("channel") == name).collect();
            let answered: Vec<f64> = rows
                .iter()
                .filter(|r| r.has("answered_s"))
                .map(|r| r.span("arrival_s", "answered_s") as f64 / 1000.0)
                .collect();
            let abandoned = rows.iter().filter(|r| r.has("abandoned_s")).count();
            assert_count(m, &format!("calls.{name}.offered"), rows.len());
            assert_count(m, &format!("calls.{name}.answered"), answered.len());
            assert_count(m, &format!("calls.{name}.abandoned"), abandoned);
            assert_mean(m, &format!("calls.{name}.answer_time_mean_s"), &answered);
            if let Some(target) = channel.answer_target_s {
                let within = answered.iter().filter(|&&s| s <= target).count();
                let metric_name = format!("calls.{name}.answered_within_{target}s_share");
                assert_share(m, &metric_name, within, answered.len() + abandoned);
            }
        }
        // The 999 standard is the headline: make sure it was among them.
        assert!(
            m.iter()
                .any(|x| x.name == "calls.999.answered_within_10s_share")
        );
        assert!(m.iter().any(|x| x.name == "calls.101.answer_time_mean_s"));
    }
}

#[test]
fn the_log_recomputes_response_times_targets_and_the_attended_share() {
    for (model, seed) in [(short_default(), 13), (operating_model_2019(), 17)] {
        let (result, log) = traced_csv(&model, seed, 0);
        let m = &result.metrics;
        for (g, key) in [(0, "g1"), (1, "g2"), (2, "g3")] {
            let rows: Vec<Row> = log
                .counted()
                .filter(|r| r.get("attendance_grade") == key)
                .collect();
            let attended: Vec<Row> = rows
                .iter()
                .copied()
                .filter(|r| r.has("on_scene_s"))
                .collect();
            let minutes = |r: &Row| r.span("arrival_s", "on_scene_s") as f64 / 60_000.0;
            let targets = &model.grades.attendance[g];
            let within = |r: &Row| {
                let target = if r.flag("urban") {
                    targets.target_urban_min
                } else {
                    targets.target_rural_min
                };
                minutes(r) <= target
            };
            let p = format!("response.{key}");
            assert_count(m, &format!("{p}.dispatched"), rows.len());
            assert_count(m, &format!("{p}.attended"), attended.len());
            let times: Vec<f64> = attended.iter().map(minutes).collect();
            assert_mean(m, &format!("{p}.response_time_mean_min"), &times);
            let n_within = attended.iter().filter(|r| within(r)).count();
            assert_share(
                m,
                &format!("{p}.within_target_share"),
                n_within,
                attended.len(),
            );
            for (place, urban) in [("urban", true), ("rural", false)] {
                let here: Vec<&Row> = attended
                    .iter()
                    .filter(|r| r.flag("urban") == urban)
                    .collect();
                let n = here.iter().filter(|r| within(r)).count();
                assert_share(
                    m,
                    &format!("{p}.{place}.within_target_share"),
                    n,
                    here.len(),
                );
            }
        }
        let incidents = log
            .counted()
            .filter(|r| ["g1", "g2", "g3", "g4"].contains(&r.get("grade")))
            .count();
        let attended = log.counted().filter(|r| r.has("on_scene_s")).count();
        assert_count(m, "incidents.total", incidents);
        assert_count(m, "incidents.attended", attended);
        assert_share(m, "incidents.attended_share", attended, incidents);
        // G4s: resolved by telephone (time from the call), or escalated.
        let g4: Vec<Row> = log.counted().filter(|r| r.get("grade") == "g4").collect();
        let resolved: Vec<f64> = g4
            .iter()
            .filter(|r| r.has("resolution_ended_s") && !r.flag("escalated"))
            .map(|r| r.span("arrival_s", "resolution_ended_s") as f64 / 60_000.0)
            .collect();
        assert_count(m, "incidents.g4_resolved", resolved.len());
        assert_count(
            m,
            "incidents.g4_escalated",
            g4.iter().filter(|r| r.flag("escalated")).count(),
        );
        assert_mean(m, "incidents.g4_resolution_time_mean_min", &resolved);
        let target = model.grades.g4.target_min.expect("the shipped G4 target");
        let within = resolved.iter().filter(|&&t| t <= target).count();
        assert_share(
            m,
            "incidents.g4_within_target_share",
            within,
            resolved.len(),
        );
    }
}

#[test]
fn the_log_recomputes_crimes_investigations_and_missing_persons() {
    for (model, seed) in [(short_default(), 19), (operating_model_2019(), 23)] {
        let (result, log) = traced_csv(&model, seed, 0);
        let m = &result.metrics;
        let crimes: Vec<Row> = log
            .counted()
            .filter(|r| r.has("crime_recorded_s"))
            .collect();
        let finished: Vec<Row> = crimes
            .iter()
            .copied()
            .filter(|r| r.has("investigation_finished_s"))
            .collect();
        assert!(
            finished.len() > 100,
            "{} investigations finished",
            finished.len()
        );
        assert_count(m, "crimes.recorded", crimes.len());
        assert_count(
            m,
            "crimes.screened_out",
            crimes.iter().filter(|r| r.flag("screened_out")).count(),
        );
        assert_count(m, "crimes.investigated", finished.len());
        let open = |r: &Row| r.get("end_state") == "open";
        assert_count(
            m,
            "crimes.open_at_end",
            crimes.iter().filter(|r| open(r)).count(),
        );
        for o in ["charge", "out_of_court", "no_further_action"] {
            let n = finished.iter().filter(|r| r.get("outcome") == o).count();
            assert_count(m, &format!("outcomes.{o}"), n);
        }
        for ct in &model.crime_types {
            let of_type: Vec<&Row> = finished
                .iter()
                .filter(|r| r.get("crime_type") == ct.name)
                .collect();
            let recorded = crimes
                .iter()
                .filter(|r| r.get("crime_type") == ct.name)
                .count();
            assert_count(m, &format!("crimes.{}.recorded", ct.name), recorded);
            if !of_type.is_empty() {
                let days: Vec<f64> = of_type
                    .iter()
                    .map(|r| {
                        r.span("crime_recorded_s", "investigation_finished_s") as f64 / 86_400_000.0
                    })
                    .collect();
                assert_mean(
                    m,
                    &format!("crimes.{}.days_to_outcome_mean", ct.name),
                    &days,
                );
            }
        }
        // Allocations by team, and the waits over 28 days (from entering the
        // team's queue: the crime's recording, or the end of forensics).
        for team in &model.investigation_teams {
            let name = team.name.as_str();
            let mut waits = Vec::new();
            for r in &crimes {
                if r.get("forensics_team") == name && r.has("forensics_allocated_s") {
                    waits.push(r.span("crime_recorded_s", "forensics_allocated_s"));
                }
                if r.get("investigation_team") == name {
                    let queued = if r.has("forensics_finished_s") {
                        "forensics_finished_s"
                    } else {
                        "crime_recorded_s"
                    };
                    waits.push(r.span(queued, "investigation_allocated_s"));
                }
            }
            let long = waits
                .iter()
                .filter(|&&ms| ms as f64 / 60_000.0 / 1440.0 > 28.0)
                .count();
            assert_count(m, &format!("investigations.{name}.allocated"), waits.len());
            assert_count(
                m,
                &format!("investigations.{name}.waited_over_28_days"),
                long,
            );
        }
        // Missing person episodes, counted at grading by risk (grade).
        let missing: Vec<Row> = log
            .counted()
            .filter(|r| !r.get("missing_hours_to_find").is_empty())
            .collect();
        assert!(!missing.is_empty());
        assert_count(m, "missing.episodes", missing.len());
        for (grade, risk) in [
            ("g1", "high_risk"),
            ("g2", "medium_risk"),
            ("g3", "low_risk"),
        ] {
            let hours: Vec<f64> = missing
                .iter()
                .filter(|r| r.get("grade") == grade)
                .map(|r| r.get("missing_hours_to_find").parse().unwrap())
                .collect();
            assert_count(m, &format!("missing.{risk}.episodes"), hours.len());
            if !hours.is_empty() {
                assert_mean(m, &format!("missing.{risk}.hours_to_find_mean"), &hours);
            }
        }
    }
}
