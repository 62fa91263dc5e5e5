//! Work that follows an incident: arrests (transport, custody, file),
//! crime records, mental-health waits, follow-up; and what process changes
//! free.

use crate::common::{metric, model_from, problem_at};
use forcesim::batch;
use forcesim::dist::Dist;
use forcesim::metrics::Metric;
use forcesim::metrics::names as n;
use forcesim::scenario::Model;

/// The default force over 60 days with its time budgets and `extra`.
fn short_default(extra: &str) -> Model {
    model_from(&format!(
        "extends = \"staffordshire-2018.toml\"\nname = \"short\"\nhorizon_days = 60\nwarmup_days = 5\n{extra}"
    ))
    .expect("short default is valid")
}

/// Families only a scenario with `[after_incident]` reports.
const AFTER_FAMILIES: [n::Family; 9] = [
    n::TEAMS_TIME_MENTAL_HEALTH_WAIT_SHARE,
    n::TEAMS_TIME_TRANSPORT_SHARE,
    n::TEAMS_TIME_CUSTODY_SHARE,
    n::TEAMS_TIME_PAPERWORK_SHARE,
    n::TEAMS_TIME_FOLLOW_UP_SHARE,
    n::TEAMS_ARRESTS,
    n::TEAMS_HOURS_FREED,
    n::PROCESS_HOURS_FREED_PER_YEAR,
    n::PROCESS_VALUE_PER_YEAR,
];

#[test]
fn an_after_incident_section_with_no_work_changes_no_result() {
    // The default has work after incidents: one copy without the section,
    // one with it but no work in it.
    let mut without = short_default("");
    without.after_incident = None;
    let mut with = short_default("");
    let w = with
        .after_incident
        .as_mut()
        .expect("the default has work after incidents");
    w.categories
        .iter_mut()
        .for_each(|c| *c = Default::default());
    w.crime_record_min = Dist::fixed(0.0).expect("a valid distribution");
    let a = batch::replicate(&without, 3, 0);
    let b = batch::replicate(&with, 3, 0);
    let after = |m: &&Metric| AFTER_FAMILIES.iter().any(|f| f.matches(&m.name));
    let rest: Vec<&Metric> = b.metrics.iter().filter(|m| !after(m)).collect();
    assert!(
        b.metrics.iter().any(|m| after(&m)),
        "the new items are reported"
    );
    assert_eq!(a.metrics.len(), rest.len());
    for (x, y) in a.metrics.iter().zip(rest) {
        assert_eq!(x.name, y.name);
        assert!(
            x.value.to_bits() == y.value.to_bits() || (x.value.is_nan() && y.value.is_nan()),
            "{}: {} vs {}",
            x.name,
            x.value,
            y.value
        );
    }
    assert_eq!(a.events, b.events);
}

/// On top of the default's work after incidents: arrests in every attended
/// violence incident, a 60-minute file and a 3-hour mental-health wait
/// (all but fixed: tables merge key by key with the default's lognormals),
/// the records system saving 15 minutes a file and Right Care Right Person
/// ending waits at 1 hour.
const LEVERS: &str = r#"
[after_incident]
file_min = { dist = "lognormal", mean = 60.0, sd = 0.001 }
mental_health_wait_hours = { dist = "lognormal", mean = 3.0, sd = 0.001 }
records_minutes_saved_per_file = 15
right_care_right_person_hours = 1.0
[after_incident.categories.violence]
arrest_share = { g1 = 1.0, g2 = 1.0, g3 = 1.0 }
[after_incident.categories.mental_health]
mental_health_share = { g1 = 1.0, g2 = 1.0, g3 = 1.0 }
"#;

#[test]
fn levers_free_what_they_save_on_each_item() {
    let model = short_default(LEVERS);
    let r = batch::replicate(&model, 5, 0);
    let mut freed_records = 0.0;
    for team in ["response_north", "response_south", "response_east"] {
        let arrests = metric(&r.metrics, &n::TEAMS_ARRESTS.name(&[team]));
        assert!(arrests > 100.0, "{team}: {arrests} arrests");
        // 15 minutes saved on each arrest's file, nothing else.
        let records = metric(&r.metrics, &n::TEAMS_HOURS_FREED.name(&[team, "records"]));
        assert!(
            (records - arrests * 0.25).abs() < 1e-9,
            "{team}: {records} h freed for {arrests} arrests"
        );
        freed_records += records;
        let supervision = metric(
            &r.metrics,
            &n::TEAMS_HOURS_FREED.name(&[team, "supervision"]),
        );
        assert_eq!(supervision, 0.0);
        // Each mental-health wait cut from 3 hours to 1: 2 hours freed for
        // each hour still waited.
        let rcrp = metric(
            &r.metrics,
            &n::TEAMS_HOURS_FREED.name(&[team, "right_care_right_person"]),
        );
        assert!(rcrp > 0.0);
    }
    let days = model.horizon.minutes_since(model.warmup) / 1440.0;
    let per_year = metric(
        &r.metrics,
        &n::PROCESS_HOURS_FREED_PER_YEAR.name(&["records"]),
    );
    assert!(
        (per_year - freed_records * 365.0 / days).abs() < 1e-6 * per_year,
        "{per_year} a year from {freed_records} h in {days} days"
    );
    // Valued at the response teams' cost per paid hour (£20–£60).
    let value = metric(&r.metrics, &n::PROCESS_VALUE_PER_YEAR.name(&["records"]));
    assert!(
        (20.0..60.0).contains(&(value / per_year)),
        "£{value} for {per_year} h"
    );
}

#[test]
fn a_bad_after_incident_section_is_refused_with_its_key_path() {
    for (text, path) in [
        (
            "[after_incident.categories.nosuch]\narrest_share = { g1 = 0.5 }\n",
            "after_incident.categories.nosuch",
        ),
        (
            "[after_incident.categories.violence]\narrest_share = { g1 = 1.5 }\n",
            "after_incident.categories.violence.arrest_share.g1",
        ),
        (
            "[after_incident]\nright_care_right_person_hours = 0\n",
            "after_incident.right_care_right_person_hours",
        ),
        (
            "[after_incident]\nrecords_minutes_saved_per_file = -5\n",
            "after_incident.records_minutes_saved_per_file",
        ),
        (
            "[after_incident]\nfile_min = { dist = \"lognormal\", mean = -1.0, sd = 1.0 }\n",
            "after_incident.file_min",
        ),
    ] {
        let err = model_from(&format!(
            "extends = \"staffordshire-2018.toml\"\nname = \"bad\"\n{text}"
        ))
        .expect_err(text);
        problem_at(&err, path);
    }
}

#[test]
fn the_records_system_reports_the_hours_it_frees_and_what_they_buy_in_g1_response() {
    // The shipped variant against the default, 120 days, 8 paired
    // replications under common random numbers.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let load = |file: &str| {
        let mut m = forcesim::scenario::from_file(&dir.join(file)).unwrap().1;
        m.horizon = forcesim::time::SimTime::from_days(120);
        m
    };
    let (base, records) = (
        load("staffordshire-2018.toml"),
        load("staffordshire-2018-records-system.toml"),
    );
    let run = |m: &Model| {
        batch::run(
            m,
            batch::BatchOptions {
                seed: 3,
                replications: 8,
                threads: None,
            },
            &|| {},
        )
        .unwrap()
    };
    let (a, b) = (run(&base), run(&records));
    let differences = forcesim::compare::paired_differences(&a, &b, "records");
    let diff = |name: &str| {
        differences
            .iter()
            .find(|d| d.metric == name)
            .unwrap_or_else(|| panic!("no difference for {name}"))
    };
    let hours = diff(&n::PROCESS_HOURS_FREED_PER_YEAR.name(&["records"]));
    let value = diff(&n::PROCESS_VALUE_PER_YEAR.name(&["records"]));
    let g1 = diff(&n::RESPONSE_RESPONSE_TIME_MEAN_MIN.name(&["g1"]));
    assert!(hours.clear && hours.difference.mean > 1000.0, "{hours:?}");
    assert!(value.clear && value.difference.mean > 0.0, "{value:?}");
    assert!(
        g1.clear && g1.difference.mean < 0.0,
        "freed hours buy faster G1: {g1:?}"
    );
    // Both are headline figures: in the terminal table and the report's.
    for d in [hours, value, g1] {
        assert!(
            forcesim::report::table::is_headline(&d.metric),
            "{}",
            d.metric
        );
    }
}
