//! Cost follows the people on the shipped default: its response hubs are
//! given by role, so more constables are rostered by the rota and costed
//! at a constable's rate in the same run; a total headcount given beside
//! the roles, or a role the cost model does not know, is refused where it
//! was given.

use crate::common::{metric, problem_at};
use forcesim::scenario::{self, ScenarioError, overrides};
use std::path::Path;

/// The default scenario with `--set` arguments, as every command applies them.
fn default_with(set: &[&str]) -> Result<scenario::Model, ScenarioError> {
    let args: Vec<String> = set.iter().map(ToString::to_string).collect();
    let parsed = overrides::parse_all(&args).expect("valid --set");
    let loaded = scenario::load::load_str(
        scenario::DEFAULT_SCENARIO_NAME,
        scenario::DEFAULT_SCENARIO,
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"),
    )
    .expect("the default scenario loads");
    scenario::with_overrides(loaded, &parsed).map(|(_, model)| model)
}

/// The error of a scenario that must be refused.
fn refused<T>(result: Result<T, ScenarioError>) -> ScenarioError {
    match result {
        Ok(_) => panic!("accepted"),
        Err(e) => e,
    }
}

#[test]
fn cost_and_people_on_duty_follow_the_constables_by_role() {
    // The shipped response_north: 207.9 constables and 23.1 sergeants (231
    // FTE) on a 5-relief rota. 20 % more constables (207.9 → 249.48, +41.58
    // FTE, 272.58 in post) are all rostered, so people on duty rise by about
    // 272.58 ÷ 231 (the rota rosters whole people: 273), and pay by 41.58 ×
    // a constable's employer cost plus the team's non-pay per FTE.
    let before = default_with(&[]).expect("the default scenario");
    let after = default_with(&["teams.response_north.headcount_by_role.constable=249.48"])
        .expect("20 % more constables");
    let run = |m: &scenario::Model| forcesim::batch::replicate(m, 2018, 0).metrics;
    let (b, a) = (run(&before), run(&after));
    let headcount = "teams.response_north.headcount_fte";
    assert!((metric(&b, headcount) - 231.0).abs() < 1e-9);
    assert!((metric(&a, headcount) - 272.58).abs() < 1e-9);
    let on_duty = "teams.response_north.people_on_duty_mean";
    let ratio = metric(&a, on_duty) / metric(&b, on_duty);
    assert!(
        (ratio - 272.58 / 231.0).abs() < 0.01,
        "people on duty {} → {} (×{ratio})",
        metric(&b, on_duty),
        metric(&a, on_duty)
    );
    let costs = before
        .costs
        .as_ref()
        .expect("the default scenario is costed");
    let team = before
        .teams
        .iter()
        .position(|t| t.name == "response_north")
        .expect("a response_north team");
    let constable = costs
        .roles
        .iter()
        .position(|r| r.name == "constable")
        .expect("a constable role");
    let per_fte =
        costs.cost_per_fte_of_mix(&[(constable, 1.0)]) + costs.teams[team].non_pay_per_fte_per_year;
    let expected = 41.58 * per_fte;
    // Planned cost: with the default's minimum staffing, more constables
    // also mean fewer shortfall hours filled by overtime, so the total
    // rises by the pay less the overtime saved.
    let (total, overtime) = ("cost.total_per_year", "cost.overtime_per_year");
    let planned = |m: &_| metric(m, total) - metric(m, overtime);
    let rise = planned(&a) - planned(&b);
    println!(
        "seed 2018, replication 0: people on duty {:.2} → {:.2}; cost £{:.0} → £{:.0}; \
         overtime £{:.0} → £{:.0} (planned +£{rise:.0}; expected £{expected:.0} = 41.58 × £{per_fte:.0})",
        metric(&b, on_duty),
        metric(&a, on_duty),
        metric(&b, total),
        metric(&a, total),
        metric(&b, overtime),
        metric(&a, overtime)
    );
    assert!(
        metric(&a, total) > metric(&b, total),
        "the total cost rises"
    );
    assert!(
        (rise / expected - 1.0).abs() < 0.01,
        "cost rose £{rise:.0}, expected £{expected:.0} (41.58 FTE × £{per_fte:.0})"
    );
}

#[test]
fn a_headcount_beside_headcount_by_role_is_refused_where_it_is_given() {
    // The hubs' people in post are the sum of their roles: a total given
    // as well would silently win over (or lose to) the roles.
    let e = refused(default_with(&["teams.response_north.headcount=277.2"]));
    let p = problem_at(&e, "teams.response_north.headcount");
    assert!(p.file.starts_with("--set"), "{e}");
    assert!(
        p.message.contains("headcount_by_role") && p.message.contains("231"),
        "{e}"
    );

    // In a file that extends the default, at the line that gives it.
    let dir = tempfile::tempdir().unwrap();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/staffordshire-2018.toml");
    let path = dir.path().join("more.toml");
    std::fs::write(
        &path,
        format!(
            "extends = {:?}\n\n[teams.response_north]\nheadcount = 245\n",
            base.to_str().unwrap()
        ),
    )
    .unwrap();
    let e = refused(scenario::from_file(&path));
    let p = problem_at(&e, "teams.response_north.headcount");
    assert_eq!(
        (p.file.as_str(), p.line),
        (path.to_str().unwrap(), Some(4)),
        "{e}"
    );
}

#[test]
fn a_role_the_cost_model_does_not_know_is_refused_at_its_key() {
    let key = "teams.response_north.headcount_by_role.wizard";
    let e = refused(default_with(&[&format!("{key}=5")]));
    let p = problem_at(&e, key);
    assert!(p.file.starts_with("--set"), "{e}");
    assert!(p.message.contains("`wizard`"), "{e}");
}
