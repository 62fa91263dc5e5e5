//! Finance: costs add up, funding and the precept, appraisal of a
//! comparison, the budget search, and bad cost input.

use crate::common::{MINIMAL, metric, model_from};
use forcesim::batch::{self, BatchOptions, BatchResult};
use forcesim::finance::appraisal::{Ratio, appraise};
use forcesim::scenario::Model;
use std::path::{Path, PathBuf};

/// The minimal scenario with headcounts, costs and funding; `extra` is
/// appended (later keys of the same table must not repeat earlier ones).
fn costed(extra: &str) -> String {
    // The headcounts are set for the cost arithmetic, not from the
    // minimal rosters, so each team says why they differ (check refuses a
    // roster more than 5 % from its headcount's hours otherwise).
    const WHY: &str = "rostered_hours_override_reason = \"a reduced test model\"\n";
    let text = MINIMAL
        .replace(
            "[teams.handlers]\n",
            &format!("[teams.handlers]\nheadcount = 6\n{WHY}"),
        )
        .replace(
            "[teams.response]\n",
            &format!("[teams.response]\nheadcount = 10\n{WHY}"),
        )
        .replace(
            "[teams.resolution]\n",
            &format!("[teams.resolution]\nheadcount = 4\n{WHY}"),
        );
    format!("{text}\n{COSTS}\n{extra}")
}

const COSTS: &str = r#"
[costs]
employer_ni_share = 0.138
ni_threshold_per_year = 8424
overtime_multiplier = 1.5
force_non_pay_per_year = 100000
outside_teams = { officer = 2 }

[costs.roles.officer]
pay_per_year = 30000
pension_share = 0.2
hours_per_week = 40

[costs.roles.handler]
pay_per_year = 20000
pension_share = 0.1
hours_per_week = 37

[costs.teams.handlers]
role_mix = { handler = 1.0 }
[costs.teams.response]
role_mix = { officer = 1.0 }
non_pay_per_fte_per_year = 1000
[costs.teams.resolution]
role_mix = { officer = 0.5, handler = 0.5 }
non_pay_per_year = 5000

[costs.investments.kit]
one_off = 10000
life_years = 2
recurring_per_year = 1000
fte_by_role = { officer = 1 }

[funding]
net_budget_per_year = 1000000
police_grant_per_year = 600000

[funding.precept]
band_d = 200
tax_base_band_d_equivalents = 1000
"#;

fn run(model: &Model, replications: u64) -> BatchResult {
    let options = BatchOptions {
        seed: 11,
        replications,
        threads: None,
    };
    batch::run(model, options, &|| {}).unwrap()
}

fn mean(r: &BatchResult, name: &str) -> f64 {
    r.metric(name)
        .unwrap_or_else(|| panic!("no metric {name}"))
        .estimate
        .mean
}

/// Employer cost of an FTE, by hand: pay + 13.8 % NI above £8,424 + pension.
fn loaded(pay: f64, pension: f64) -> f64 {
    pay + 0.138 * (pay - 8424.0) + pension * pay
}

#[test]
fn costs_add_up_to_the_scenario_cost_and_match_a_hand_calculation() {
    let r = run(&model_from(&costed("")).unwrap(), 2);
    let (officer, handler) = (loaded(30_000.0, 0.2), loaded(20_000.0, 0.1));
    let hand = [
        ("cost.teams.handlers.per_year", 6.0 * handler),
        ("cost.teams.response.per_year", 10.0 * (officer + 1000.0)),
        (
            "cost.teams.resolution.per_year",
            4.0 * (0.5 * officer + 0.5 * handler) + 5000.0,
        ),
        ("cost.outside_teams_per_year", 2.0 * officer),
        (
            "cost.investments.kit.per_year",
            10_000.0 / 2.0 + 1000.0 + officer,
        ),
        ("cost.force_non_pay_per_year", 100_000.0),
    ];
    let mut sum = 0.0;
    for (name, expected) in hand {
        let got = mean(&r, name);
        assert!((got - expected).abs() < 1e-6, "{name}: {got} ≠ {expected}");
        sum += expected;
    }
    assert!((mean(&r, "cost.total_per_year") - sum).abs() < 1e-6);
    // Every component metric, summed replication by replication.
    for rep in &r.replications {
        let metrics = r.metrics_of(rep);
        let parts: f64 = metrics
            .iter()
            .filter(|m| {
                ((m.name.starts_with("cost.teams.") || m.name.starts_with("cost.investments."))
                    && m.name.ends_with(".per_year")
                    && !m.name.ends_with("overtime_per_year"))
                    || m.name.starts_with("cost.investigations.")
                    || m.name == "cost.outside_teams_per_year"
                    || m.name == "cost.force_non_pay_per_year"
            })
            .map(|m| m.value)
            .sum();
        let total = metric(&metrics, "cost.total_per_year");
        assert!((parts - total).abs() < 1e-6 * total, "{parts} ≠ {total}");
    }
    assert!((mean(&r, "cost.fte") - (6.0 + 10.0 + 4.0 + 2.0 + 1.0)).abs() < 1e-9);
    let workforce = 6.0 * handler + 10.0 * officer + 2.0 * (officer + handler) + 3.0 * officer;
    assert!((mean(&r, "cost.workforce_per_year") - workforce).abs() < 1e-6);
    assert!((mean(&r, "funding.total_per_year") - 1_000_000.0).abs() < 1e-6);
    assert!((mean(&r, "budget.surplus_per_year") - (1_000_000.0 - sum)).abs() < 1e-6);
}

#[test]
fn overtime_worked_in_the_simulation_is_paid_at_the_overtime_rate() {
    // Heavy 101 demand with a long queue: the overtime rule fires.
    let text = costed("")
        .replace("volume_per_year = 43800", "volume_per_year = 100000")
        .replace(
            "[teams.handlers]\nheadcount = 6\n",
            "[teams.handlers]\nheadcount = 6\novertime = { when_queue_exceeds = 2, extra_units = 1, max_unit_hours_per_week = 30 }\n",
        );
    let r = run(&model_from(&text).unwrap(), 3);
    let plain = run(&model_from(&costed("")).unwrap(), 3);
    let rate = 20_000.0 / (37.0 * 52.0) * 1.5 * 1.138;
    let years = 28.0 / 365.0;
    for (rep, base) in r.replications.iter().zip(&plain.replications) {
        let (rep, base) = (&r.metrics_of(rep), &plain.metrics_of(base));
        let hours = metric(rep, "teams.handlers.overtime_unit_hours");
        assert!(hours > 0.0, "the overtime rule never fired");
        let paid = metric(rep, "cost.teams.handlers.overtime_per_year");
        assert!((paid - hours * rate / years).abs() < 1e-6 * paid);
        assert_eq!(paid, metric(rep, "cost.overtime_per_year"));
        let extra = metric(rep, "cost.total_per_year") - metric(base, "cost.total_per_year");
        assert!((extra - paid).abs() < 1e-6 * paid, "{extra} ≠ {paid}");
    }
}

#[test]
fn years_add_up_to_the_run_and_follow_the_staffing_plan() {
    // Two full years and 100 days; response doubles from year 2; the kit
    // is bought in year 2 and its one-off charged over one year.
    let text = costed("")
        .replace("horizon_days = 28", "horizon_days = 830")
        .replace(
            "[teams.response]\nheadcount = 10\n",
            "[teams.response]\nheadcount = 10\nstaffing_by_year = [1.0, 2.0]\n",
        )
        .replace("life_years = 2\n", "life_years = 1\nfrom_year = 2\n");
    let r = run(&model_from(&text).unwrap(), 1);
    let m = &r.metrics_of(&r.replications[0]);
    let y = |n: usize| metric(m, &format!("years.{n}.cost.total"));
    let response = 10.0 * (loaded(30_000.0, 0.2) + 1000.0);
    let kit = 10_000.0 + 1000.0 + loaded(30_000.0, 0.2);
    assert!((y(2) - y(1) - response - kit).abs() < 1e-6);
    assert!((y(3) - (y(2) - 10_000.0) * 100.0 / 365.0).abs() < 1e-6);
    let per_year = (y(1) + y(2) + y(3)) / (830.0 / 365.0);
    assert!((metric(m, "cost.total_per_year") - per_year).abs() < 1e-6);
    let surplus: f64 = (1..=3)
        .map(|n| metric(m, &format!("years.{n}.budget.surplus")))
        .sum();
    assert!((metric(m, "budget.surplus_per_year") - surplus / (830.0 / 365.0)).abs() < 1e-6);
}

#[test]
fn a_scenario_without_costs_has_no_finance_metrics_and_the_same_other_metrics() {
    let text = costed("");
    let cut = text.find("[costs]").unwrap();
    let plain = model_from(&text[..cut]).unwrap();
    let with = model_from(&text).unwrap();
    let (a, b) = (run(&plain, 2), run(&with, 2));
    let finance = |n: &str| {
        ["cost.", "funding.", "budget."]
            .iter()
            .any(|p| n.starts_with(p))
    };
    assert!(a.summary.iter().all(|m| !finance(&m.name)));
    for (x, y) in a.replications.iter().zip(&b.replications) {
        let (x, y) = (a.metrics_of(x), b.metrics_of(y));
        let others: Vec<_> = y.iter().filter(|m| !finance(&m.name)).collect();
        assert_eq!(x.len(), others.len());
        for (p, q) in x.iter().zip(others) {
            assert_eq!((&p.name, p.value.to_bits()), (&q.name, q.value.to_bits()));
        }
    }
}

#[test]
fn a_precept_change_of_zero_changes_no_cost_and_any_change_only_funding() {
    let with = |change: &str| {
        costed("").replace(
            "tax_base_band_d_equivalents = 1000\n",
            &format!("tax_base_band_d_equivalents = 1000\nband_d_change = {change}\n"),
        )
    };
    let base = run(&model_from(&costed("")).unwrap(), 2);
    let zero = run(&model_from(&with("0")).unwrap(), 2);
    let rise = run(&model_from(&with("24")).unwrap(), 2);
    for ((b, z), r) in base.summary.iter().zip(&zero.summary).zip(&rise.summary) {
        assert_eq!(
            b.estimate.mean.to_bits(),
            z.estimate.mean.to_bits(),
            "{}",
            b.name
        );
        if b.name.starts_with("cost.") {
            assert_eq!(
                b.estimate.mean.to_bits(),
                r.estimate.mean.to_bits(),
                "{}",
                b.name
            );
        }
    }
    assert_eq!(
        mean(&rise, "funding.precept_change_revenue.year_1"),
        24_000.0
    );
    assert!((mean(&rise, "funding.total_per_year") - 1_024_000.0).abs() < 1e-6);
    let gain = mean(&rise, "budget.surplus_per_year") - mean(&base, "budget.surplus_per_year");
    assert!((gain - 24_000.0).abs() < 1e-6);
}

fn shipped(file: &str) -> Model {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(file);
    forcesim::scenario::from_file(&path)
        .expect("shipped scenario is valid")
        .1
}

#[test]
fn the_24_pound_band_d_rise_reproduces_its_9_3_million_from_the_tax_base() {
    let precept = shipped("staffordshire-2019-precept.toml");
    let f = precept.funding.as_ref().expect("[funding]");
    // Police and Crime Panel papers: +£24 on Band D raised about £9.3 m.
    assert_eq!(f.band_d_change, 24.0);
    let revenue = f.precept_change_revenue(0);
    assert!((revenue - 9.3e6).abs() < 0.05e6, "£24 raises {revenue}");
    // The tax base is consistent with the separately published figures:
    // Band D × tax base + police grant ≈ the 2018/19 net budget.
    let sum = f.precept_income(0) + f.police_grant_per_year;
    assert!((sum / f.net_budget_per_year - 1.0).abs() < 0.01, "{sum}");
    // The four-year plan grows with the tax base.
    let by_year: Vec<f64> = (0..4).map(|y| f.precept_change_revenue(y)).collect();
    assert!(by_year.windows(2).all(|w| w[1] > w[0]));
    // Funding metrics report the same figures, without simulating.
    let planned = forcesim::finance::accounts::Accounts::planned(&precept).expect("[funding]");
    let metrics = forcesim::metrics::accounts::metrics(&precept, &planned);
    assert_eq!(
        metric(&metrics, "funding.precept_change_revenue.year_1"),
        revenue
    );
    assert_eq!(
        metric(&metrics, "funding.precept_change_revenue.year_4"),
        by_year[3]
    );
}

#[test]
fn the_precept_scenario_spends_its_9_3_million_and_buys_measurable_service() {
    let (base, precept) = (
        run(&shipped("staffordshire-2018.toml"), 3),
        run(&shipped("staffordshire-2019-precept.toml"), 3),
    );
    // The 2018 force balances its budget (the non-pay line is derived so).
    assert!(mean(&base, "budget.surplus_per_year").abs() < 0.1e6);
    let spent = mean(&precept, "cost.total_per_year") - mean(&base, "cost.total_per_year");
    assert!((8.8e6..=9.3e6).contains(&spent), "spent {spent}");
    assert!(mean(&precept, "budget.surplus_per_year") >= 0.0);
    let rows = appraise(&base, &precept, "precept", 1.0);
    let row = |key: &str| rows.iter().find(|r| r.outcome.key == key).unwrap();
    for key in ["g1_within_target", "investigations_completed", "backlog"] {
        let r = row(key);
        assert!(r.improvement.ci95_low.unwrap() > 0.0, "{key}: {r:?}");
        let Ratio::Defined {
            estimate,
            low,
            high,
        } = r.cost_per_unit
        else {
            panic!("{key}: no ratio")
        };
        assert!(low <= estimate && estimate <= high && low > 0.0, "{key}");
    }
    // Nothing bought touches the contact centre: its outcome does not move.
    assert_eq!(row("calls_abandoned").cost_per_unit, Ratio::Undefined);
    assert!(
        mean(&precept, "missing.high_risk.hours_to_find_mean")
            < 0.8 * mean(&base, "missing.high_risk.hours_to_find_mean")
    );
}

#[test]
fn cost_per_unit_is_undefined_when_the_outcome_does_not_change() {
    // Callers hang up after about 3 minutes. `paid`: five more handlers
    // paid but not rostered (dearer, nothing else changes); `rostered`:
    // the same five paid and one more on the roster (fewer hang up).
    let text = costed("").replace(
        "grading_min = { dist = \"fixed\", value = 0.0 }",
        "grading_min = { dist = \"fixed\", value = 0.0 }\npatience_min = { dist = \"exponential\", mean = 3.0 }",
    );
    let paid = text.replace(
        "[teams.handlers]\nheadcount = 6\n",
        "[teams.handlers]\nheadcount = 11\n",
    );
    let rostered = paid.replace(
        "{ name = \"all day\", start_hour = 0, length_hours = 24, staff = 1 }]\n\n[teams.response]",
        "{ name = \"all day\", start_hour = 0, length_hours = 24, staff = 2 }]\n\n[teams.response]",
    );
    assert!(paid != text && rostered != paid);
    let [a, b, c] = [&text, &paid, &rostered].map(|t| run(&model_from(t).unwrap(), 4));
    let added = 5.0 * loaded(20_000.0, 0.1);
    let years = 28.0 / 365.0;
    let calls = |other: &BatchResult| {
        appraise(&a, other, "other", years)
            .into_iter()
            .find(|r| r.outcome.key == "calls_abandoned")
            .expect("a calls_abandoned row")
    };
    let unchanged = calls(&b);
    assert!((unchanged.cost_difference.mean - added).abs() < 1e-6);
    assert_eq!(unchanged.improvement.mean, 0.0);
    assert_eq!(unchanged.cost_per_unit, Ratio::Undefined);
    assert_eq!(unchanged.verdict(), "no clear change in the outcome");
    let fewer = calls(&c);
    assert!((fewer.cost_difference.mean - added).abs() < 1e-6);
    let Ratio::Defined {
        estimate,
        low,
        high,
    } = fewer.cost_per_unit
    else {
        panic!("abandonment should clearly fall: {fewer:?}")
    };
    // Costs do not vary between replications, so the ratio is the added
    // cost over the mean improvement, and its CI the added cost over the
    // improvement's CI.
    let i = &fewer.improvement;
    assert!((estimate - added / i.mean).abs() < 1e-6 * estimate);
    assert!((low - added / i.ci95_high.unwrap()).abs() < 1e-6 * low);
    assert!((high - added / i.ci95_low.unwrap()).abs() < 1e-6 * high);
    assert_eq!(fewer.verdict(), "dearer and better");
    // Comparing a scenario with itself prices nothing.
    assert!(
        appraise(&a, &a, "same", years)
            .iter()
            .all(|r| r.cost_per_unit == Ratio::Undefined)
    );
}

#[test]
fn bad_cost_input_is_reported_with_its_key_path_and_line() {
    let text = costed(
        "[costs.teams.ghost]\nrole_mix = { officer = 1.0 }\n\n[[costs.options]]\nname = \"more\"\nadd = { \"teams.nobody.headcount\" = 1 }\n",
    )
    .replace("pay_per_year = 30000", "pay_per_year = -30000")
    .replace("role_mix = { officer = 1.0 }\nnon_pay", "role_mix = { wizard = 1.0 }\nnon_pay")
    .replace("[costs.teams.resolution]\nrole_mix = { officer = 0.5, handler = 0.5 }\n", "")
    .replace("police_grant_per_year = 600000", "police_grant_per_year = 6000000");
    let err = model_from(&text).unwrap_err();
    let expect = [
        ("costs.roles.officer.pay_per_year", "at least 0"),
        ("costs.teams.ghost", "no team named `ghost`"),
        (
            "costs.teams.response.role_mix.wizard",
            "no role in [costs.roles] named `wizard`",
        ),
        ("costs.teams.resolution", "is not costed"),
        ("costs.options[0].add.teams.nobody.headcount", "no value at"),
        ("funding.police_grant_per_year", "cannot exceed"),
    ];
    for (path, words) in expect {
        let p = err
            .problems
            .iter()
            .find(|p| p.key_path == path)
            .unwrap_or_else(|| panic!("no problem at {path}: {err}"));
        assert!(p.message.contains(words), "{path}: {}", p.message);
        assert!(p.line.is_some(), "{path}: no line");
    }
    // A team without a headcount cannot be costed; a misspelt key is named.
    let no_headcount =
        costed("").replace("[teams.handlers]\nheadcount = 6\n", "[teams.handlers]\n");
    let err = model_from(&no_headcount).unwrap_err();
    assert!(
        err.problems
            .iter()
            .any(|p| p.key_path == "teams.handlers.headcount"),
        "{err}"
    );
    let misspelt = costed("").replace("overtime_multiplier", "overtime_rate");
    let err = model_from(&misspelt).unwrap_err().to_string();
    assert!(err.contains("overtime_rate"), "{err}");
    let twice = costed(
        "[[costs.options]]\nname = \"x\"\nmax_units = 2\nset = { \"costs.investments.kit.enabled\" = true }\n",
    );
    let err = model_from(&twice).unwrap_err();
    assert!(
        err.problems
            .iter()
            .any(|p| p.key_path == "costs.options[0].max_units"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------
// The command line.

fn forcesim(args: &[&str]) -> (i32, String, String) {
    let out = assert_cmd::Command::cargo_bin("forcesim")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .timeout(std::time::Duration::from_secs(120))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn compare_prints_an_appraisal_and_writes_appraisal_csv() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.toml");
    let more = dir.path().join("more.toml");
    std::fs::write(&base, costed("")).unwrap();
    // Ten more response officers paid, none rostered: dearer, nothing changes.
    let text = costed("").replace(
        "[teams.response]\nheadcount = 10\n",
        "[teams.response]\nheadcount = 20\n",
    );
    std::fs::write(
        &more,
        text.replace("name = \"minimal\"", "name = \"paid_not_rostered\""),
    )
    .unwrap();
    let out = dir.path().join("out");
    let (code, stdout, stderr) = forcesim(&[
        "compare",
        base.to_str().unwrap(),
        more.to_str().unwrap(),
        "-n",
        "3",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("Appraisal against `minimal`"), "{stdout}");
    assert!(
        stdout.contains("undefined: the outcome does not clearly change"),
        "{stdout}"
    );
    assert!(stdout.contains("Budget: costs"), "{stdout}");
    let csv = std::fs::read_to_string(out.join("appraisal.csv")).expect("appraisal.csv written");
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("scenario,outcome,per,base_cost_per_year")
    );
    let rows: Vec<&str> = lines.collect();
    assert!(
        rows.iter()
            .any(|r| r.starts_with("paid_not_rostered,calls_abandoned,call,"))
    );
    let added = 10.0 * (loaded(30_000.0, 0.2) + 1000.0);
    for row in &rows {
        let cells: Vec<&str> = row.split(',').collect();
        let difference: f64 = cells[5].parse().unwrap();
        assert!((difference - added).abs() < 1e-3, "{row}");
        assert_eq!(cells[11], "", "no ratio when nothing changes: {row}");
    }
}

/// A costed scenario with two options to buy: handlers (up to three
/// units) and a piece of kit, written into `dir`.
fn budget_options_scenario(dir: &Path) -> PathBuf {
    let options = r#"
[[costs.options]]
name = "handler"
description = "+1 handler rostered around the clock"
max_units = 3
add = { "teams.handlers.headcount" = 5, "teams.handlers.shifts[0].staff" = 1 }

[[costs.options]]
name = "kit"
set = { "costs.investments.kit.enabled" = true }
"#;
    let text = costed(options)
        .replace("recurring_per_year = 1000\n", "recurring_per_year = 1000\nenabled = false\n")
        .replace(
            "grading_min = { dist = \"fixed\", value = 0.0 }",
            "grading_min = { dist = \"fixed\", value = 0.0 }\npatience_min = { dist = \"exponential\", mean = 3.0 }",
        );
    let path = dir.join("options.toml");
    std::fs::write(&path, &text).unwrap();
    path
}

#[test]
fn a_budget_sweep_searches_the_configured_options_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = budget_options_scenario(dir.path());
    let out = dir.path().join("out");
    let p = path.to_str().unwrap();
    // A handler unit costs 5 × £23,597 = £117,987 and the kit £44,977: the
    // full purchases within £250,000 are two handlers, or one and the kit.
    let (code, stdout, stderr) = forcesim(&[
        "sweep",
        p,
        "--budget",
        "250000",
        "--minimise",
        "calls.101.abandoned_share",
        "-n",
        "2",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("A search over the"), "{stdout}");
    assert!(stdout.contains("not a guarantee"), "{stdout}");
    assert!(stdout.contains("Best: handler × 2 ("), "{stdout}");
    let csv = std::fs::read_to_string(out.join("budget.csv")).expect("budget.csv");
    assert!(csv.starts_with("rank,bought,units.handler,units.kit,planned_extra_cost_per_year"));
    assert_eq!(csv.lines().count(), 1 + 2, "{csv}");
    assert!(csv.contains("\n2,handler + kit,1,1,"), "{csv}");
    // Nothing affordable, too many combinations, and no outcome: exit 2.
    let (code, _, stderr) = forcesim(&["sweep", p, "--budget", "1000", "--minimise", "x"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("nothing fits"), "{stderr}");
    let (code, _, stderr) = forcesim(&[
        "sweep",
        p,
        "--budget",
        "1e9",
        "--maximise",
        "x",
        "--every-combination",
        "--max-combinations",
        "3",
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--max-combinations"), "{stderr}");
    let (code, _, stderr) = forcesim(&["sweep", p, "--budget", "250000"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--maximise"), "{stderr}");
}

#[test]
fn a_budget_sweep_writes_its_report_and_ranks_value_for_money() {
    let dir = tempfile::tempdir().unwrap();
    let path = budget_options_scenario(dir.path());
    let out = dir.path().join("out");
    let (code, stdout, stderr) = forcesim(&[
        "sweep",
        path.to_str().unwrap(),
        "--budget",
        "250000",
        "--minimise",
        "calls.101.abandoned_share",
        "-n",
        "3",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("Best value for money: "), "{stdout}");
    let html = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    assert!(html.contains("Value for money") && html.contains("gained per £1 m a year"));
    for ext in ["svg", "png"] {
        let chart = out.join(format!("charts/budget_outcome_against_cost.{ext}"));
        assert!(
            std::fs::metadata(&chart).is_ok_and(|m| m.len() > 0),
            "{chart:?}"
        );
    }
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("budget.json")).unwrap()).unwrap();
    let by_value = json["by_value"].as_array().unwrap();
    let by_outcome = json["by_outcome"].as_array().unwrap();
    assert_eq!(
        by_outcome.len(),
        2,
        "only the full purchases rank by outcome"
    );
    // One unit of each option on its own is run even though it leaves
    // money unspent: a cheap option must be visible by value for money.
    for single in ["handler", "kit"] {
        assert!(
            by_value
                .iter()
                .any(|e| e["bought"] == single && e["full"] == false),
            "{single} alone missing: {by_value:?}"
        );
    }
    // Ranked by outcome gained per £ (a fall in abandonment, per £1 m),
    // best first, with each gain the difference over the planned cost.
    let gain = |e: &serde_json::Value| {
        e["gain_per_million"][1]
            .as_f64()
            .unwrap_or(f64::NEG_INFINITY)
    };
    for e in by_value {
        let (d, cost) = (
            e["difference"].as_f64().unwrap(),
            e["planned_extra_cost_per_year"].as_f64().unwrap(),
        );
        assert!(
            (gain(e) - (-d / cost * 1e6)).abs() <= 1e-9 * gain(e).abs().max(1.0),
            "{e}"
        );
        let [lo, hi] = [0, 2].map(|i| e["gain_per_million"][i].as_f64().unwrap());
        assert!(lo <= gain(e) && gain(e) <= hi, "{e}");
    }
    let best = by_value.iter().map(gain).fold(f64::NEG_INFINITY, f64::max);
    assert_eq!(gain(&by_value[0]), best, "{by_value:?}");
    assert!(by_value.windows(2).all(|w| gain(&w[0]) >= gain(&w[1])));
}

#[test]
fn check_reports_bad_cost_input_with_file_line_and_key_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad-costs.toml");
    std::fs::write(
        &path,
        costed("").replace("pay_per_year = 30000", "pay_per_year = -30000"),
    )
    .unwrap();
    let (code, _, stderr) = forcesim(&["check", path.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("bad-costs.toml:")
            && stderr.contains(
                ": costs.roles.officer.pay_per_year: must be a number at least 0 (got -30000)"
            ),
        "{stderr}"
    );
}
