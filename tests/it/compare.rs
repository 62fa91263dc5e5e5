//! Paired comparisons under common random numbers.

use crate::common::{MINIMAL, model_from};
use forcesim::batch::{self, BatchOptions};
use forcesim::compare::paired_differences;
use forcesim::stats::Estimate;

fn handlers(staff: u32) -> String {
    MINIMAL.replace("horizon_days = 28", "horizon_days = 60").replace("volume_per_year = 43800", "volume_per_year = 131400").replace(
        "shifts = [{ name = \"all day\", start_hour = 0, length_hours = 24, staff = 1 }]",
        &format!("shifts = [{{ name = \"all day\", start_hour = 0, length_hours = 24, staff = {staff} }}]"),
    )
}

#[test]
fn paired_differences_are_much_tighter_than_independent_runs() {
    // The default force for 90 days, and the same with 5 % fewer response
    // officers: a small staffing change a planner might weigh.
    let mut base = crate::common::default_model();
    base.horizon = forcesim::time::SimTime::from_days(90);
    let mut fewer = base.clone();
    for area in &base.areas {
        fewer.teams[area.response_team].staffing_by_year = vec![0.95];
    }
    let run = |m, seed| {
        batch::run(
            m,
            BatchOptions {
                seed,
                replications: 8,
                threads: None,
            },
            &|| {},
        )
        .unwrap()
    };
    let (a, b, b_independent) = (run(&base, 1), run(&fewer, 1), run(&fewer, 99));
    let name = "response.g1.response_time_mean_min";
    let paired = paired_differences(&a, &b, "fewer")
        .into_iter()
        .find(|d| d.metric == name)
        .unwrap();
    // The same comparison from independent runs: difference of two means
    // with its CI from both replications' spreads (Welch, ≈14 df).
    let (ex, ey) = (
        Estimate::from_samples(&a.values(name)),
        Estimate::from_samples(&b_independent.values(name)),
    );
    let se = ((ex.sd.unwrap().powi(2) + ey.sd.unwrap().powi(2)) / 8.0).sqrt();
    let independent_half = 2.145 * se;
    let paired_half = paired.difference.half_width().unwrap();
    assert!(
        paired.clear && paired.difference.mean > 0.0,
        "fewer officers should clearly respond later: {paired:?}"
    );
    eprintln!("paired half-width {paired_half:.4} min, independent {independent_half:.4} min");
    assert!(
        paired_half < 0.25 * independent_half,
        "paired half-width {paired_half} not much narrower than independent {independent_half}"
    );
}

#[test]
fn comparing_a_scenario_with_itself_gives_exactly_zero() {
    let m = model_from(&handlers(4)).unwrap();
    let r = batch::run(
        &m,
        BatchOptions {
            seed: 3,
            replications: 4,
            threads: None,
        },
        &|| {},
    )
    .unwrap();
    for d in paired_differences(&r, &r, "same") {
        if !d.difference.mean.is_nan() {
            assert_eq!(d.difference.mean, 0.0, "{}", d.metric);
            assert!(!d.clear);
        }
    }
}

#[test]
fn running_to_precision_stops_when_met_and_equals_a_batch_of_that_size() {
    use forcesim::batch::{Precision, run_to_precision};
    let m = model_from(&handlers(4)).unwrap();
    let options = BatchOptions {
        seed: 8,
        replications: 2,
        threads: None,
    };
    let target = |name: &str| name == "calls.101.answer_time_mean_s";
    let (result, outcome) =
        run_to_precision(&m, options, Precision::Relative(0.03), 256, &target, &|| {}).unwrap();
    assert!(outcome.unmet.is_empty(), "{outcome:?}");
    let e = result
        .metric("calls.101.answer_time_mean_s")
        .unwrap()
        .estimate;
    assert!(e.half_width().unwrap() <= 0.03 * e.mean);
    // One fewer doubling would not have been enough.
    assert!(outcome.replications > 2);
    let smaller = batch::run(
        &m,
        BatchOptions {
            replications: outcome.replications / 2,
            ..options
        },
        &|| {},
    )
    .unwrap();
    let e_small = smaller
        .metric("calls.101.answer_time_mean_s")
        .unwrap()
        .estimate;
    assert!(e_small.half_width().unwrap() > 0.03 * e_small.mean);
    // Same numbers as a single batch of the final size.
    let direct = batch::run(
        &m,
        BatchOptions {
            replications: outcome.replications,
            ..options
        },
        &|| {},
    )
    .unwrap();
    assert_eq!(
        format!(
            "{:?}",
            direct
                .metric("calls.101.answer_time_mean_s")
                .unwrap()
                .estimate
        ),
        format!("{e:?}")
    );
}

#[test]
fn a_sweep_writes_a_tidy_table_and_finds_the_smallest_staffing_meeting_a_target() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("s.toml");
    std::fs::write(
        &scenario,
        handlers(1).replace("volume_per_year = 131400", "volume_per_year = 87600"),
    )
    .unwrap();
    // Load 1 erlang on one to four handlers: one is unstable; by Erlang C
    // two wait 120 s on average, three 16 s.
    let out = assert_cmd::Command::cargo_bin("forcesim")
        .unwrap()
        .arg("sweep")
        .arg(&scenario)
        .args([
            "--set",
            "teams.handlers.shifts[0].staff=1..4",
            "-n",
            "3",
            "--target",
            "calls.101.answer_time_mean_s<=60",
            "--out",
        ])
        // A folder of its own: the scenario's folder holds other files.
        .arg(dir.path().join("out"))
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        stdout.contains("smallest teams.handlers.shifts[0].staff whose mean meets it is 3"),
        "{stdout}"
    );
    // Met on the mean, and the line says where the CI lies against it.
    let line = stdout.lines().find(|l| l.starts_with("Target ")).unwrap();
    assert!(
        line.contains("calls.101.answer_time_mean_s ≤ 60.00"),
        "{line}"
    );
    assert!(
        line.contains("95 % CI") && line.contains("the target"),
        "{line}"
    );
    let csv = std::fs::read_to_string(dir.path().join("out/sweep.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("teams.handlers.shifts[0].staff,metric,unit,n,mean,ci95_low,ci95_high")
    );
    let rows: Vec<&str> = lines.collect();
    let metrics_per_point = rows.iter().filter(|r| r.starts_with("1,")).count();
    assert!(metrics_per_point > 20);
    assert_eq!(
        rows.len(),
        4 * metrics_per_point,
        "one row per grid point and metric"
    );
}

/// A batch of two replications holding a share metric, a count metric and
/// the cost a year, with these values.
fn two_metrics(share: [f64; 2], count: [f64; 2]) -> batch::BatchResult {
    use forcesim::batch::{BatchResult, MetricSummary, ReplicationValues};
    use forcesim::metrics::names as n;
    let names = [
        (
            n::RESPONSE_WITHIN_TARGET_SHARE.name(&["g1"]),
            "share",
            share,
        ),
        (n::CRIMES_INVESTIGATED.name(&[]), "count", count),
        (
            n::COST_TOTAL_PER_YEAR.name(&[]),
            "£",
            [1e8 + count[0], 1e8 + count[1]],
        ),
    ];
    BatchResult {
        seed: 1,
        replications: (0..2)
            .map(|i| ReplicationValues {
                replication: i as u64,
                events: 0,
                values: names.iter().map(|(_, _, v)| v[i]).collect(),
            })
            .collect(),
        summary: names
            .iter()
            .map(|(name, unit, v)| MetricSummary::from_values(name, unit, v))
            .collect(),
        pooled: Vec::new(),
        hourly: Vec::new(),
        distributions: Vec::new(),
        series: Vec::new(),
    }
}

/// A difference of two shares lies in ±100 points, and so does its CI (it
/// read +87.1 pts, +72.7 – +101.5); other differences are not cut. The
/// compare table, the budget search's ranking and the appraisal's
/// improvements share the rule.
#[test]
fn differences_of_shares_stay_within_a_hundred_points() {
    let base = two_metrics([0.05, 0.15], [100.0, 200.0]);
    let other = two_metrics([0.85, 1.0], [50.0, 400.0]);
    let rows = paired_differences(&base, &other, "other");
    let share = &rows[0];
    let (lo, hi) = (
        share.difference.ci95_low.unwrap(),
        share.difference.ci95_high.unwrap(),
    );
    assert!(
        (-1.0..=1.0).contains(&lo) && (-1.0..=1.0).contains(&hi),
        "{lo} – {hi}"
    );
    assert!(share.truncated && hi == 1.0, "{lo} – {hi}");
    assert!((share.difference.mean - 0.825).abs() < 1e-12);
    // The raw t interval reaches past +100 points: the cut is needed.
    let raw = Estimate::paired_difference(&[0.05, 0.15], &[0.85, 1.0]);
    assert!(raw.ci95_high.unwrap() > 1.0);
    // A count's difference can be any size: not cut.
    let count = &rows[1];
    assert!(!count.truncated);
    assert_eq!(
        count.difference.ci95_low,
        Estimate::paired_difference(&[100.0, 200.0], &[50.0, 400.0]).ci95_low
    );
    // The table marks the cut and explains it.
    let table = forcesim::report::table::comparison_table(&rows, |_| true).to_string();
    assert!(table.contains("+100.0 pts *"), "{table}");
    assert!(forcesim::report::table::comparison_footnote(&rows, |_| true).is_some());
    // The budget search ranks by the same bounded difference.
    let name = forcesim::metrics::names::RESPONSE_WITHIN_TARGET_SHARE.name(&["g1"]);
    let ranked = forcesim::finance::appraisal::options::rank(
        &base,
        std::slice::from_ref(&other),
        &name,
        true,
    )
    .unwrap();
    assert_eq!(ranked[0].difference.ci95_high, Some(1.0));
    // The appraisal's improvement in points is cut to ±100 too.
    let rows = forcesim::finance::appraisal::appraise(&base, &other, "other", 1.0);
    let within = rows
        .iter()
        .find(|r| r.outcome.key == "g1_within_target")
        .unwrap();
    assert_eq!(within.improvement.ci95_high, Some(100.0));
    assert!((within.improvement.mean - 82.5).abs() < 1e-9);
}
