//! Proactive, self-initiated work (`proactive_tasks_per_hour`,
//! `proactive_task_min` in `[time_budget.TEAM]`): the lowest class of
//! work, done only in time no call needs, measured as its own share of
//! on-duty hours.

use crate::common::{metric, model_from, problem_at, ten_unit_response};
use assert_cmd::Command;
use forcesim::batch;
use forcesim::metrics::Metric;
use forcesim::metrics::names as n;
use forcesim::scenario::Model;
use std::time::Duration;

/// One response team of 10 units on two 12-hour shifts (no abstraction),
/// `volume` incidents a year (20 % G1, 50 % G2, 30 % G3, 30 minutes on
/// scene on average, 6 minutes' travel), and `budget` as its
/// `[time_budget.response]` keys.
fn scenario_text(volume: u32, budget: &str) -> String {
    ten_unit_response(
        "proactive",
        volume,
        "{ g1 = 0.2, g2 = 0.5, g3 = 0.3 }",
        &format!("[time_budget.response]\n{budget}"),
    )
}

fn scenario(volume: u32, budget: &str) -> Model {
    model_from(&scenario_text(volume, budget)).expect("the proactive scenario is valid")
}

/// Briefing and Annex E breaks (so proactive work meets obligations too).
const OBLIGATIONS: &str = "briefing_min = 15\nrefreshment = \"annex_e\"\n";

/// The families only a team with proactive work reports.
const PROACTIVE_FAMILIES: [n::Family; 3] = [
    n::TEAMS_TIME_PROACTIVE_SHARE,
    n::TEAMS_PROACTIVE_TASKS,
    n::TEAMS_PROACTIVE_GIVEN_UP,
];

fn response(metrics: &[Metric], f: n::Family) -> f64 {
    metric(metrics, &f.name(&["response"]))
}

fn same(x: f64, y: f64) -> bool {
    x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan())
}

/// A busy team (about 5 of 10 units on calls, G1s pre-empting G3s) with
/// 4.5 erlangs of proactive work offered: every call is answered exactly
/// as without it (response times, waits, utilisation, committed share:
/// every metric bit for bit), and the proactive share is carved out of
/// the idle share and nothing else.
#[test]
fn proactive_work_fills_only_idle_time_and_changes_no_call_result() {
    let without = scenario(70_000, OBLIGATIONS);
    let with = scenario(
        70_000,
        &format!(
            "{OBLIGATIONS}proactive_tasks_per_hour = 6\nproactive_task_min = {{ dist = \"exponential\", mean = 45.0 }}\n"
        ),
    );
    for replication in 0..2 {
        let a = batch::replicate(&without, 21, replication);
        let b = batch::replicate(&with, 21, replication);
        let extra: Vec<&Metric> = b
            .metrics
            .iter()
            .filter(|m| PROACTIVE_FAMILIES.iter().any(|f| f.matches(&m.name)))
            .collect();
        assert_eq!(extra.len(), 3, "{extra:?}");
        let rest: Vec<&Metric> = b
            .metrics
            .iter()
            .filter(|m| !PROACTIVE_FAMILIES.iter().any(|f| f.matches(&m.name)))
            .collect();
        assert_eq!(a.metrics.len(), rest.len());
        for (x, y) in a.metrics.iter().zip(rest) {
            assert_eq!(x.name, y.name);
            if n::TEAMS_TIME_IDLE_SHARE.matches(&x.name) {
                continue;
            }
            assert!(
                same(x.value, y.value),
                "{}: {} without proactive work, {} with",
                x.name,
                x.value,
                y.value
            );
        }
        let idle_without = response(&a.metrics, n::TEAMS_TIME_IDLE_SHARE);
        let idle = response(&b.metrics, n::TEAMS_TIME_IDLE_SHARE);
        let proactive = response(&b.metrics, n::TEAMS_TIME_PROACTIVE_SHARE);
        assert!(proactive > 0.05 && idle >= 0.0, "{proactive} {idle}");
        assert!(
            (idle + proactive - idle_without).abs() < 1e-12,
            "idle {idle} + proactive {proactive} ≠ idle without {idle_without}"
        );
        // Calls took units off proactive tasks: the pre-emption happened.
        let given_up = response(&b.metrics, n::TEAMS_PROACTIVE_GIVEN_UP);
        let tasks = response(&b.metrics, n::TEAMS_PROACTIVE_TASKS);
        assert!(
            given_up > 100.0 && given_up < tasks,
            "{given_up} of {tasks}"
        );
    }
}

/// Erlang's loss formula B(c, a): the share of tasks offered at `a`
/// erlangs that find all `c` servers taken.
fn erlang_b(c: u32, a: f64) -> f64 {
    (1..=c).fold(1.0, |b, k| a * b / (f64::from(k) + a * b))
}

/// Almost no calls, 10 units: proactive tasks at 4 an hour of 30 minutes
/// (2 erlangs offered) are an Erlang loss system, so the units on them
/// average 2 × (1 − B(10, 2)) and the proactive share of on-duty time is
/// that ÷ 10. The mean over 8 replications has it within its 99 % CI.
#[test]
fn proactive_share_is_the_offered_load_when_units_are_free() {
    let model = scenario(
        50,
        "proactive_tasks_per_hour = 4\nproactive_task_min = { dist = \"exponential\", mean = 30.0 }\n",
    );
    let shares: Vec<f64> = (0..8)
        .map(|r| {
            let m = batch::replicate(&model, 5, r).metrics;
            let shares: f64 = [
                n::TEAMS_TIME_ATTENDING_SHARE,
                n::TEAMS_TIME_TRAVEL_SHARE,
                n::TEAMS_TIME_PROACTIVE_SHARE,
                n::TEAMS_TIME_IDLE_SHARE,
            ]
            .iter()
            .map(|f| response(&m, *f))
            .sum();
            assert!((shares - 1.0).abs() < 1e-9, "{shares}");
            response(&m, n::TEAMS_TIME_PROACTIVE_SHARE)
        })
        .collect();
    let k = shares.len() as f64;
    let mean = shares.iter().sum::<f64>() / k;
    let sd = (shares.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / (k - 1.0)).sqrt();
    // t quantile 0.995 with 7 degrees of freedom.
    let half = 3.499 * sd / k.sqrt();
    let expected = 2.0 * (1.0 - erlang_b(10, 2.0)) / 10.0;
    assert!(
        (mean - expected).abs() <= half,
        "proactive share {mean} ± {half}, expected {expected}"
    );
    assert!(half < 0.01, "CI too wide to test anything: ±{half}");
}

/// Far more proactive work offered than the team can do (100 erlangs on
/// 10 units): it takes up nearly all the time calls leave, no more.
#[test]
fn proactive_work_offered_beyond_the_free_units_fills_the_idle_time() {
    let base = scenario(20_000, "");
    let model = scenario(
        20_000,
        "proactive_tasks_per_hour = 100\nproactive_task_min = { dist = \"fixed\", value = 60.0 }\n",
    );
    let a = batch::replicate(&base, 3, 0).metrics;
    let b = batch::replicate(&model, 3, 0).metrics;
    let idle_without = response(&a, n::TEAMS_TIME_IDLE_SHARE);
    let proactive = response(&b, n::TEAMS_TIME_PROACTIVE_SHARE);
    let idle = response(&b, n::TEAMS_TIME_IDLE_SHARE);
    assert!(idle < 0.03, "idle {idle}");
    assert!(
        proactive > 0.95 * idle_without,
        "{proactive} of {idle_without}"
    );
    assert!((proactive + idle - idle_without).abs() < 1e-12);
}

/// A rate of 0 is the off switch: the same results bit for bit, and the
/// same number of events, as without the keys.
#[test]
fn a_proactive_rate_of_0_changes_no_result() {
    let a = batch::replicate(&scenario(20_000, OBLIGATIONS), 8, 0);
    let b = batch::replicate(
        &scenario(
            20_000,
            &format!(
                "{OBLIGATIONS}proactive_tasks_per_hour = 0\nproactive_task_min = {{ dist = \"fixed\", value = 30.0 }}\n"
            ),
        ),
        8,
        0,
    );
    assert_eq!(a.events, b.events);
    assert_eq!(a.metrics.len(), b.metrics.len());
    for (x, y) in a.metrics.iter().zip(&b.metrics) {
        assert_eq!(x.name, y.name);
        assert!(
            same(x.value, y.value),
            "{}: {} vs {}",
            x.name,
            x.value,
            y.value
        );
    }
}

#[test]
fn a_bad_proactive_key_is_refused_with_its_key_path() {
    let rate = "time_budget.response.proactive_tasks_per_hour";
    let length = "time_budget.response.proactive_task_min";
    let cases = [
        (
            "proactive_tasks_per_hour = -1\nproactive_task_min = { dist = \"fixed\", value = 30.0 }\n",
            rate,
            "at least 0",
        ),
        (
            "proactive_tasks_per_hour = 5000\nproactive_task_min = { dist = \"fixed\", value = 30.0 }\n",
            rate,
            "at most 1000",
        ),
        ("proactive_tasks_per_hour = 2\n", length, "is missing"),
        (
            "proactive_task_min = { dist = \"fixed\", value = 30.0 }\n",
            length,
            "without proactive_tasks_per_hour",
        ),
        (
            "proactive_tasks_per_hour = 2\nproactive_task_min = { dist = \"fixed\", value = 0.0 }\n",
            length,
            "mean above 0",
        ),
        (
            "proactive_tasks_per_hour = 2\nproactive_task_min = { dist = \"lognormal\", mean = -5.0, sd = 1.0 }\n",
            length,
            "",
        ),
    ];
    for (budget, key, words) in cases {
        let err = model_from(&scenario_text(100, budget)).expect_err("refused");
        let p = problem_at(&err, key);
        assert!(
            p.message.contains(words),
            "{budget}: expected `{key}`: …{words}…, got {err}"
        );
    }
}

/// From the command line: `check` exits 2 and names the file, the line,
/// the key path and what was expected.
#[test]
fn check_locates_a_bad_proactive_key() {
    let dir = tempfile::tempdir().unwrap();
    let text = scenario_text(
        100,
        "proactive_tasks_per_hour = -3\nproactive_task_min = { dist = \"fixed\", value = 30.0 }\n",
    );
    let path = dir.path().join("proactive.toml");
    std::fs::write(&path, &text).unwrap();
    let out = Command::cargo_bin("forcesim")
        .expect("forcesim binary")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .timeout(Duration::from_secs(120))
        .args(["check", path.to_str().unwrap()])
        .output()
        .expect("run forcesim");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let line = text[..text.find("proactive_tasks_per_hour").unwrap()]
        .matches('\n')
        .count()
        + 1;
    let expected = format!(
        "proactive.toml:{line}: time_budget.response.proactive_tasks_per_hour: must be a number of tasks an hour, at least 0"
    );
    assert!(
        stderr.contains("error:") && stderr.contains(&expected),
        "expected `{expected}` in:\n{stderr}"
    );
}
