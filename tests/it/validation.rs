//! `forcesim validate` runs as a test: every check of the suite passes with
//! the default seed, and the suite has the power to catch a wrong model.

use forcesim::validation::{run_case, run_suite, statistical_cases};

#[test]
fn the_validation_suite_passes() {
    let checks = run_suite(1, None).expect("suite runs");
    assert!(
        checks.len() >= 28,
        "suite shrank to {} checks",
        checks.len()
    );
    let failures: Vec<String> = checks
        .iter()
        .filter(|c| !c.pass)
        .map(|c| {
            format!(
                "{} / {}: analytic {} simulated {} ({})",
                c.case, c.quantity, c.analytic, c.simulated.mean, c.note
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "validation failures:\n{}",
        failures.join("\n")
    );
}

#[test]
fn a_wrong_model_fails_the_suite() {
    // The M/M/3 case simulated with a fourth handler no longer matches the
    // Erlang C values for three: the checks must say so.
    let mut case = statistical_cases()
        .into_iter()
        .find(|c| c.name.starts_with("M/M/3,"))
        .expect("M/M/3 case");
    case.scenario.handlers += 1;
    let checks = run_case(&case, 1, None, 0.05 / 28.0).expect("runs");
    assert!(
        checks.iter().all(|c| !c.pass),
        "an M/M/4 passed as M/M/3: {checks:?}"
    );
}
