//! The analytic twin: Erlang C (and Cobham by priority class) at each
//! team's simulated load and the units it actually had on duty, after
//! abstraction and the minimum-staffing ladder, not the roster as typed.

use crate::common::{MINIMAL, model_from};
use forcesim::batch::{self, BatchOptions, BatchResult};
use forcesim::metrics::names as n;
use forcesim::report;
use forcesim::scenario::Model;

/// `text` compiled and run (seed 1, `replications`).
fn run(text: &str, replications: u64) -> (Model, BatchResult) {
    let model = model_from(text).unwrap();
    let options = BatchOptions {
        seed: 1,
        replications,
        threads: None,
    };
    let result = batch::run(&model, options, &|| {}).unwrap();
    (model, result)
}

#[test]
fn the_analytic_twin_matches_erlang_c_for_an_mmc_team() {
    // MINIMAL is M/M/1 at load 0.5: the twin's textbook wait is 6 min.
    let (model, result) = run(
        &MINIMAL.replace("horizon_days = 28", "horizon_days = 90"),
        4,
    );
    let twin = report::analyse(&model, &result).twin;
    let handlers = twin.iter().find(|r| r.team == "handlers").unwrap();
    assert_eq!(handlers.servers, 1);
    assert!((handlers.textbook_utilisation - 0.5).abs() < 0.02);
    let wait = handlers.textbook_wait_min.unwrap();
    assert!((wait - 6.0).abs() < 0.6, "textbook wait {wait}");
}

/// MINIMAL over a year with 20 handlers rostered round the clock (a
/// headcount of 84 at 40 h a week) and `team_keys` added to the team.
fn twenty_handlers(team_keys: &str) -> String {
    MINIMAL.replace("horizon_days = 28", "horizon_days = 365").replace(
        "[teams.handlers]\nshifts = [{ name = \"all day\", start_hour = 0, length_hours = 24, staff = 1 }]",
        &format!(
            "[teams.handlers]\nheadcount = 84\nshifts = [{{ name = \"all day\", start_hour = 0, length_hours = 24, staff = 20 }}]\n{team_keys}"
        ),
    )
}

#[test]
fn the_twin_serves_with_the_units_on_duty_after_absence_and_the_ladder() {
    const REPLICATIONS: u64 = 4;
    // The same 20 rostered in every case; the twin's servers must follow
    // who is on duty. Half at court (a Binomial(20, 0.5) draw a day) leaves
    // 10 on average; a minimum of 16 filled by overtime with certainty
    // brings every day back to 16 (17 or more left after court has
    // probability 0.0013 a day, so the mean is 16.0).
    let court = "absence = { court_share = 0.5 }";
    let minimum = "[teams.handlers.minimum_staffing]\npeople_per_shift = 16\n\
                   escalation = [{ step = \"overtime\", probability = 1.0 }]";
    for (keys, expected) in [
        (String::new(), 20),
        (court.to_string(), 10),
        (format!("{court}\n{minimum}"), 16),
    ] {
        let (model, result) = run(&twenty_handlers(&keys), REPLICATIONS);
        let team = &model.teams[model
            .teams
            .iter()
            .position(|t| t.name == "handlers")
            .unwrap()];
        assert!(
            team.shifts.iter().all(|s| s.staff == 20),
            "the roster as typed stays at 20"
        );
        let mean = |name: String| result.metric(&name).unwrap().estimate.mean;
        let on_duty = mean(n::TEAMS_UNITS_ON_DUTY_MEAN.name(&["handlers"]));
        let load = mean(n::TEAMS_OFFERED_LOAD_ERLANGS.name(&["handlers"]));
        let twin = report::analyse(&model, &result).twin;
        let row = twin.iter().find(|r| r.team == "handlers").unwrap();
        // The day's draw has sd √(20 × 0.5 × 0.5) = 2.24 at most: 4
        // standard errors of the mean over the replications' days.
        let tolerance = 4.0 * 5.0_f64.sqrt() / (365.0 * REPLICATIONS as f64).sqrt();
        assert!(
            (on_duty - f64::from(expected)).abs() < tolerance,
            "{keys:?}: {on_duty} units on duty, expected {expected} ± {tolerance:.2}"
        );
        assert_eq!(row.servers, expected, "{keys:?}: on duty {on_duty}");
        assert_eq!(row.load_erlangs, load);
        assert!(
            (row.textbook_utilisation - load / f64::from(expected)).abs() < 1e-12,
            "{keys:?}: utilisation {} at load {load}",
            row.textbook_utilisation
        );
    }
}
