//! Time budgets: briefing, refreshment breaks and end-of-shift
//! administration occupy response units; where the on-duty hours go.

use crate::common::{metric, model_from, ten_unit_response};
use forcesim::batch;
use forcesim::metrics::Metric;
use forcesim::metrics::names as n;
use forcesim::scenario::Model;

/// The default force with its response teams' time budgets varied: north
/// and south 15 minutes' briefing, Annex E refreshment, 30 minutes'
/// administration (south counting interrupted breaks as missed), east a
/// fixed 45-minute break only. Tables merge key by key with the default's.
fn budgeted_default(extra: &str) -> Model {
    budgeted_default_with(extra, "")
}

/// [`budgeted_default`] with `every` (keys) in each team's budget.
fn budgeted_default_with(extra: &str, every: &str) -> Model {
    let text = format!(
        "extends = \"staffordshire-2018.toml\"\nname = \"budgeted\"\nhorizon_days = 400\nwarmup_days = 7\n\
         [time_budget.response_north]\nbriefing_min = 15\nend_of_shift_admin_min = 30\nrefreshment = \"annex_e\"\n{every}\n{extra}\n\
         [time_budget.response_south]\nbriefing_min = 15\nend_of_shift_admin_min = 30\nrefreshment = \"annex_e\"\ninterrupted_break = \"missed\"\n{every}\n\
         [time_budget.response_east]\nbriefing_min = 0\nend_of_shift_admin_min = 0\nrefreshment = \"none\"\nrefreshment_min = 45\nrefreshment_window_hours = [3, 6]\n{every}\n"
    );
    model_from(&text).expect("budgeted default is valid")
}

const ITEMS: [n::Family; 6] = [
    n::TEAMS_TIME_ATTENDING_SHARE,
    n::TEAMS_TIME_TRAVEL_SHARE,
    n::TEAMS_TIME_BRIEFING_SHARE,
    n::TEAMS_TIME_BREAKS_SHARE,
    n::TEAMS_TIME_ADMIN_SHARE,
    n::TEAMS_TIME_IDLE_SHARE,
];

fn value(metrics: &[Metric], name: &str) -> f64 {
    metric(metrics, name)
}

/// Work after incidents for the budgeted default: arrests, files, crime
/// records, mental-health waits and follow-ups in several categories.
pub const AFTER_INCIDENT: &str = r#"
[after_incident]
transport_min = { dist = "lognormal", mean = 40.0, sd = 20.0 }
custody_hours = { dist = "lognormal", mean = 3.5, sd = 1.5 }
file_min = { dist = "lognormal", mean = 90.0, sd = 45.0 }
crime_record_min = { dist = "lognormal", mean = 45.0, sd = 20.0 }
mental_health_wait_hours = { dist = "lognormal", mean = 3.0, sd = 2.0 }
follow_up_min = { dist = "lognormal", mean = 30.0, sd = 15.0 }
right_care_right_person_hours = 1.0
records_minutes_saved_per_crime_record = 10
[after_incident.categories.violence]
arrest_share = { g1 = 0.3, g2 = 0.2, g3 = 0.1 }
follow_up_share = { g2 = 0.3 }
[after_incident.categories.mental_health]
mental_health_share = { g1 = 0.2, g2 = 0.1 }
"#;

/// The work-after-incident items of the time shares.
const AFTER_ITEMS: [n::Family; 5] = [
    n::TEAMS_TIME_MENTAL_HEALTH_WAIT_SHARE,
    n::TEAMS_TIME_TRANSPORT_SHARE,
    n::TEAMS_TIME_CUSTODY_SHARE,
    n::TEAMS_TIME_PAPERWORK_SHARE,
    n::TEAMS_TIME_FOLLOW_UP_SHARE,
];

#[test]
fn time_shares_account_for_every_on_duty_hour() {
    let mut without = budgeted_default("");
    without.after_incident = None;
    check_time_shares(&without, &ITEMS, false);
    let items: Vec<n::Family> = ITEMS.iter().chain(&AFTER_ITEMS).copied().collect();
    check_time_shares(&budgeted_default(AFTER_INCIDENT), &items, true);
    // Proactive work on every team, with the work after incidents.
    let proactive = budgeted_default_with(AFTER_INCIDENT, PROACTIVE);
    let items: Vec<n::Family> = items
        .into_iter()
        .chain([n::TEAMS_TIME_PROACTIVE_SHARE])
        .collect();
    check_time_shares(&proactive, &items, true);
}

/// Proactive work for every budgeted team of the default: 6 tasks an hour
/// of 40 minutes on average (4 erlangs offered).
const PROACTIVE: &str = "proactive_tasks_per_hour = 6\n\
    proactive_task_min = { dist = \"lognormal\", mean = 40.0, sd = 20.0 }\n";

/// Every team's `items` sum to 1 in the whole run and each year, and its
/// on-duty hours are its net capacity plus its obligated time (briefing,
/// breaks, admin and, with `after`, the work after incidents). With
/// proactive work among `items`, the committed share is what is neither
/// proactive nor idle, and the proactive share is carved out of the net
/// capacity (a unit on it is still available for calls).
fn check_time_shares(model: &Model, items: &[n::Family], after: bool) {
    let proactive = items.contains(&n::TEAMS_TIME_PROACTIVE_SHARE);
    for replication in 0..2 {
        let r = batch::replicate(model, 11, replication);
        for team in ["response_north", "response_south", "response_east"] {
            // The whole run and each simulated year (the run spans two).
            for year in [None, Some(1), Some(2)] {
                let name = |f: n::Family| match year {
                    Some(y) => f.in_year(y, &[team]),
                    None => f.name(&[team]),
                };
                let shares: Vec<f64> = items.iter().map(|f| value(&r.metrics, &name(*f))).collect();
                let sum: f64 = shares.iter().sum();
                assert!(
                    (sum - 1.0).abs() < 1e-9,
                    "{team} {year:?}: shares {shares:?} sum to {sum}"
                );
                assert!(shares.iter().all(|s| (0.0..=1.0).contains(s)), "{shares:?}");
                if after {
                    let custody = value(&r.metrics, &name(n::TEAMS_TIME_CUSTODY_SHARE));
                    assert!(custody > 0.0, "{team} {year:?}: no custody time");
                }
                let committed = value(&r.metrics, &name(n::TEAMS_COMMITTED_SHARE));
                let idle = value(&r.metrics, &name(n::TEAMS_TIME_IDLE_SHARE));
                let discretionary = if proactive {
                    let p = value(&r.metrics, &name(n::TEAMS_TIME_PROACTIVE_SHARE));
                    assert!(p > 0.0, "{team} {year:?}: no proactive time");
                    p
                } else {
                    0.0
                };
                assert!((committed + discretionary + idle - 1.0).abs() < 1e-12);
            }
            // Whole run = net capacity (units on duty for calls) + obligated.
            let on_duty = value(&r.metrics, &n::TEAMS_TIME_ON_DUTY_HOURS.name(&[team]));
            let net = value(&r.metrics, &n::TEAMS_UNITS_ON_DUTY_MEAN.name(&[team]))
                * model.horizon.minutes_since(model.warmup)
                / 60.0;
            let obligated: f64 = [
                n::TEAMS_TIME_BRIEFING_SHARE,
                n::TEAMS_TIME_BREAKS_SHARE,
                n::TEAMS_TIME_ADMIN_SHARE,
            ]
            .iter()
            .chain(if after { &AFTER_ITEMS[..] } else { &[] })
            .map(|f| value(&r.metrics, &f.name(&[team])))
            .sum::<f64>()
                * on_duty;
            assert!(
                (on_duty - net - obligated).abs() < 1e-6 * on_duty,
                "{team}: on duty {on_duty} h ≠ {net} h for calls + {obligated} h obligated"
            );
        }
        // Teams without a budget report no time shares.
        let north_hood = n::TEAMS_TIME_IDLE_SHARE.name(&["neighbourhood_north"]);
        assert!(r.metrics.iter().all(|m| m.name != north_hood));
    }
}

/// A force whose roster is known exactly: one response team of 10 units
/// on two 12-hour shifts, no abstraction, a light load (so no break is
/// missed).
fn exact_roster(budget: &str) -> Model {
    model_from(&exact_roster_text(budget)).expect("exact roster scenario is valid")
}

/// The text of [`exact_roster`].
fn exact_roster_text(budget: &str) -> String {
    ten_unit_response("exact", 17520, "{ g2 = 1.0 }", budget)
}

#[test]
fn obligated_time_is_what_the_budget_says_on_a_known_roster() {
    let model = exact_roster(
        "[time_budget.response]\nbriefing_min = 20\nend_of_shift_admin_min = 40\nrefreshment = \"annex_e\"\n",
    );
    let r = batch::replicate(&model, 3, 0);
    let m = |f: n::Family| value(&r.metrics, &f.name(&["response"]));
    // 10 units all day, every day after the warm-up.
    let hours = model.horizon.minutes_since(model.warmup) / 60.0;
    assert!((m(n::TEAMS_TIME_ON_DUTY_HOURS) - 10.0 * hours).abs() < 1e-6);
    // Per 12-hour shift: 20 min briefing, 40 min admin, Annex E 60 min.
    assert!((m(n::TEAMS_TIME_BRIEFING_SHARE) - 20.0 / 720.0).abs() < 1e-9);
    assert!((m(n::TEAMS_TIME_ADMIN_SHARE) - 40.0 / 720.0).abs() < 1e-9);
    assert_eq!(m(n::TEAMS_BREAKS_MISSED_SHARE), 0.0);
    // Breaks cut at the warm-up's end and the horizon aside, 60/720.
    assert!((m(n::TEAMS_TIME_BREAKS_SHARE) - 60.0 / 720.0).abs() < 2e-3);
    // Travel is 6 of every 36 minutes of attendance.
    let (travel, attending) = (
        m(n::TEAMS_TIME_TRAVEL_SHARE),
        m(n::TEAMS_TIME_ATTENDING_SHARE),
    );
    assert!((travel / (travel + attending) - 6.0 / 36.0).abs() < 0.01);
}

#[test]
fn an_empty_time_budget_changes_no_result() {
    let without = exact_roster("");
    let with = exact_roster(
        "[time_budget.response]\nbriefing_min = 0\nend_of_shift_admin_min = 0\nrefreshment = \"none\"\n",
    );
    let a = batch::replicate(&without, 9, 0);
    let b = batch::replicate(&with, 9, 0);
    let time_metric = |m: &&Metric| {
        n::TEAMS_TIME_ON_DUTY_HOURS.matches(&m.name)
            || ITEMS.iter().any(|f| f.matches(&m.name))
            || [
                n::TEAMS_COMMITTED_SHARE,
                n::TEAMS_BREAKS_DUE,
                n::TEAMS_BREAKS_MISSED_SHARE,
                n::TEAMS_BREAKS_INTERRUPTED,
            ]
            .iter()
            .any(|f| f.matches(&m.name))
    };
    let rest: Vec<&Metric> = b.metrics.iter().filter(|m| !time_metric(m)).collect();
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

#[test]
fn breaks_take_capacity_from_calls() {
    // Two hours' break per 12-hour shift: a sixth of the units are off
    // calls, so dispatch sees 10 × 5/6 units on average.
    let units = |budget: &str| {
        let r = batch::replicate(&exact_roster(budget), 4, 0);
        value(&r.metrics, &n::TEAMS_UNITS_ON_DUTY_MEAN.name(&["response"]))
    };
    assert_eq!(units(""), 10.0);
    let net = units("[time_budget.response]\nrefreshment_min = 120\n");
    assert!((net - 10.0 * 5.0 / 6.0).abs() < 0.02, "{net}");
}

#[test]
fn a_bad_time_budget_is_refused_with_its_key_path() {
    let cases = [
        (
            "[time_budget.nobody]\nbriefing_min = 10\n",
            "time_budget.nobody",
            "names no team",
        ),
        (
            "[time_budget.handlers]\nbriefing_min = 10\n",
            "time_budget.handlers",
            "response team",
        ),
        (
            "[time_budget.response]\nbriefing_min = -5\n",
            "time_budget.response.briefing_min",
            "at least 0",
        ),
        (
            "[time_budget.response]\nrefreshment = \"sometimes\"\n",
            "time_budget.response.refreshment",
            "annex_e",
        ),
        (
            "[time_budget.response]\nbriefing_min = 60\nrefreshment_min = 60\nrefreshment_window_hours = [0.5, 4]\n",
            "time_budget.response.refreshment_window_hours",
            "after briefing",
        ),
        (
            "[time_budget.response]\nbriefing_min = 400\nend_of_shift_admin_min = 400\n",
            "time_budget.response",
            "add up to more than shift",
        ),
    ];
    for (budget, key, words) in cases {
        let err = model_from(&exact_roster_text(budget)).expect_err("refused");
        let found = err
            .problems
            .iter()
            .any(|p| p.key_path == key && p.message.contains(words));
        assert!(found, "{budget}: expected `{key}`: …{words}…, got {err}");
    }
}
