//! The cases of the validation suite.

use super::reduced::{Channel, Reduced, exponential, fixed, lognormal};
use super::{Check, Quantity, StatisticalCase, SuiteError};
use crate::analytic::{
    ErlangA, MMc, mg1_mean_wait, preemptive_resume_mg1_mean_wait_to_first_service,
    priority_mmc_mean_waits, scv_from_mean_sd,
};
use crate::batch::{self, BatchOptions};
use crate::metrics::names as n;
use crate::scenario::model::Stream;
use crate::sim::demand::count_arrivals;
use crate::sim::random::stream;
use crate::stats::{Estimate, chi_square_sf};
use crate::time::HOURS_PER_WEEK;

/// Mean handling time in the contact-centre cases, minutes.
const HANDLING_MIN: f64 = 6.0;

fn quantity(label: &str, metric: &str, analytic: Option<f64>) -> Quantity {
    Quantity {
        label: label.to_string(),
        metric: metric.to_string(),
        scale: 1.0,
        complement: false,
        analytic: analytic.unwrap_or(f64::NAN),
        is_share: false,
    }
}

/// Named parameters of a reduced model, for [`StatisticalCase::parameters`].
fn parameters(pairs: &[(&str, f64)]) -> Vec<(String, f64)> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

/// A channel of a reduced model with no abandonment and no answer target.
pub(super) fn channel(
    name: &'static str,
    priority: u8,
    rate_per_min: f64,
    handling: String,
) -> Channel {
    Channel {
        name,
        priority,
        rate_per_min,
        handling,
        patience: None,
        target_s: None,
    }
}

/// M/M/c: P(wait), mean wait and P(wait ≤ t) at t = the mean wait.
fn mmc(servers: u32, load: f64, days: u32) -> StatisticalCase {
    let q = MMc {
        arrival_rate: load * f64::from(servers) / HANDLING_MIN,
        service_rate: 1.0 / HANDLING_MIN,
        servers,
    };
    let wait = q.mean_wait().unwrap_or(f64::NAN);
    let t_s = (wait * 60.0).round().max(1.0);
    let mut ch = channel("q", 1, q.arrival_rate, exponential(HANDLING_MIN));
    ch.target_s = Some(t_s);
    StatisticalCase {
        name: format!("M/M/{servers}, ρ = {load:.2} (Erlang C)"),
        scenario: Reduced::contact_only(vec![ch], servers, days),
        replications: 30,
        parameters: parameters(&[
            ("servers", f64::from(servers)),
            ("arrival_rate_per_min", q.arrival_rate),
            ("mean_service_min", HANDLING_MIN),
            ("wait_limit_s", t_s),
        ]),
        quantities: vec![
            Quantity {
                complement: true,
                is_share: true,
                ..quantity(
                    "P(wait > 0)",
                    &n::CALLS_ANSWERED_WITHOUT_WAIT_SHARE.name(&["q"]),
                    q.prob_wait(),
                )
            },
            Quantity {
                scale: 1.0 / 60.0,
                ..quantity(
                    "mean wait (min)",
                    &n::CALLS_ANSWER_TIME_MEAN_S.name(&["q"]),
                    Some(wait),
                )
            },
            Quantity {
                is_share: true,
                ..quantity(
                    &format!("P(wait ≤ {t_s} s)"),
                    &n::CALLS_ANSWERED_WITHIN_TARGET_SHARE.name(&["q", &t_s.to_string()]),
                    q.prob_wait_at_most(t_s / 60.0),
                )
            },
        ],
    }
}

/// Non-preemptive priority M/M/c, three classes, one service rate (Cobham).
fn cobham() -> StatisticalCase {
    let (servers, load) = (4, 0.85);
    let total = load * f64::from(servers) / HANDLING_MIN;
    let shares = [0.2, 0.3, 0.5];
    let rates = shares.map(|s| s * total);
    let waits = priority_mmc_mean_waits(&rates, 1.0 / HANDLING_MIN, servers)
        .unwrap_or_else(|| vec![f64::NAN; 3]);
    let names = ["p1", "p2", "p3"];
    let channels = (0..3)
        .map(|k| channel(names[k], k as u8 + 1, rates[k], exponential(HANDLING_MIN)))
        .collect();
    StatisticalCase {
        name: format!("priority M/M/{servers}, 3 classes, ρ = {load} (Cobham)"),
        scenario: Reduced::contact_only(channels, servers, 70),
        replications: 30,
        parameters: parameters(&[
            ("servers", f64::from(servers)),
            ("mean_service_min", HANDLING_MIN),
            ("arrival_rate_per_min_class_1", rates[0]),
            ("arrival_rate_per_min_class_2", rates[1]),
            ("arrival_rate_per_min_class_3", rates[2]),
        ]),
        quantities: (0..3)
            .map(|k| Quantity {
                scale: 1.0 / 60.0,
                ..quantity(
                    &format!("class {} mean wait (min)", k + 1),
                    &n::CALLS_ANSWER_TIME_MEAN_S.name(&[names[k]]),
                    Some(waits[k]),
                )
            })
            .collect(),
    }
}

/// M/M/c+M: exponential patience (Erlang A), offered load = servers.
fn erlang_a() -> StatisticalCase {
    let (servers, patience) = (5, 10.0);
    let queue = ErlangA {
        arrival_rate: f64::from(servers) / HANDLING_MIN,
        service_rate: 1.0 / HANDLING_MIN,
        servers,
        abandonment_rate: 1.0 / patience,
    };
    let metrics = queue.metrics();
    let mut ch = channel("q", 1, queue.arrival_rate, exponential(HANDLING_MIN));
    ch.patience = Some(exponential(patience));
    StatisticalCase {
        name: format!(
            "M/M/{servers}+M, offered {servers} erlangs, patience {patience} min (Erlang A)"
        ),
        scenario: Reduced::contact_only(vec![ch], servers, 50),
        replications: 30,
        parameters: parameters(&[
            ("servers", f64::from(servers)),
            ("arrival_rate_per_min", queue.arrival_rate),
            ("mean_service_min", HANDLING_MIN),
            ("mean_patience_min", patience),
        ]),
        quantities: vec![
            Quantity {
                is_share: true,
                ..quantity(
                    "P(abandon)",
                    &n::CALLS_ABANDONED_SHARE.name(&["q"]),
                    metrics.map(|m| m.prob_abandon),
                )
            },
            Quantity {
                scale: 1.0 / 60.0,
                ..quantity(
                    "mean wait of served (min)",
                    &n::CALLS_ANSWER_TIME_MEAN_S.name(&["q"]),
                    metrics.map(|m| m.mean_wait_served),
                )
            },
        ],
    }
}

/// Pre-emptive-resume priority M/M/1: G1 pre-empts G3; one unit, no travel.
fn preemptive() -> StatisticalCase {
    let on_scene = 30.0;
    let (g1, g3) = (0.40 / on_scene, 0.35 / on_scene);
    let second = 2.0 * on_scene * on_scene;
    let waits =
        preemptive_resume_mg1_mean_wait_to_first_service(&[g1, g3], &[on_scene; 2], &[second; 2])
            .unwrap_or_else(|| vec![f64::NAN; 2]);
    let ch = channel("q", 1, g1 + g3, fixed(0.0));
    let mut scenario = Reduced::contact_only(vec![ch], 1, 160);
    scenario.grade_mix = "{ g1 = 0.533333333333333, g3 = 0.466666666666667 }";
    scenario.on_scene = exponential(on_scene);
    scenario.g3_preemptible = true;
    StatisticalCase {
        name: "pre-emptive priority M/M/1, G1 over G3, ρ = 0.75".into(),
        scenario,
        replications: 30,
        parameters: parameters(&[
            ("servers", 1.0),
            ("arrival_rate_per_min_g1", g1),
            ("arrival_rate_per_min_g3", g3),
            ("mean_service_min", on_scene),
        ]),
        quantities: vec![
            quantity(
                "G1 wait for a unit (min)",
                &n::RESPONSE_RESPONSE_TIME_MEAN_MIN.name(&["g1"]),
                Some(waits[0]),
            ),
            quantity(
                "G3 wait for a unit (min)",
                &n::RESPONSE_RESPONSE_TIME_MEAN_MIN.name(&["g3"]),
                Some(waits[1]),
            ),
        ],
    }
}

/// M/G/1 with log-normal service (Pollaczek–Khinchine).
fn mg1_lognormal() -> StatisticalCase {
    let (load, sd) = (0.6, 8.0);
    let rate = load / HANDLING_MIN;
    let wait =
        scv_from_mean_sd(HANDLING_MIN, sd).and_then(|scv| mg1_mean_wait(rate, HANDLING_MIN, scv));
    let ch = channel("q", 1, rate, lognormal(HANDLING_MIN, sd));
    StatisticalCase {
        name: format!(
            "M/G/1, log-normal service (mean {HANDLING_MIN}, sd {sd}), ρ = {load} (Pollaczek–Khinchine)"
        ),
        scenario: Reduced::contact_only(vec![ch], 1, 120),
        replications: 30,
        parameters: parameters(&[
            ("servers", 1.0),
            ("arrival_rate_per_min", rate),
            ("mean_service_min", HANDLING_MIN),
            ("service_sd_min", sd),
        ]),
        quantities: vec![Quantity {
            scale: 1.0 / 60.0,
            ..quantity(
                "mean wait (min)",
                &n::CALLS_ANSWER_TIME_MEAN_S.name(&["q"]),
                wait,
            )
        }],
    }
}

/// An investigation team as M/M/c: crimes arrive as a Poisson stream (every
/// contact is a G4 recording a crime, resolved instantly), investigator
/// hours are exponential, so each case slot is a server with exponential
/// holding time `hours × cap / productive hours per week`.
fn investigation_mmc() -> StatisticalCase {
    let (per_day, hours, headcount, cap, weekly) = (17.0, 1.0, 4.0, 5, 35.0);
    let holding_days = hours * f64::from(cap) / weekly * 7.0; // 1 day
    let slots = (headcount * f64::from(cap)) as u32;
    let queue = MMc {
        arrival_rate: per_day,
        service_rate: 1.0 / holding_days,
        servers: slots,
    };
    let ch = channel("q", 1, per_day / 1440.0, fixed(0.0));
    let mut scenario = Reduced::contact_only(vec![ch], 5, 330);
    scenario.warmup_days = 30;
    scenario.grade_mix = "{ g4 = 1.0 }";
    scenario.category_extra = "crime_mix = { theft = 1.0 }".into();
    scenario.extra = format!(
        "\n[crime_types.theft]\nteam = \"investigators\"\nwork_hours = {}\noutcome_mix = {{ charge = 1.0 }}\n\n\
         [investigation_teams.investigators]\nheadcount = {headcount}\ncaseload_cap = {cap}\ncontracted_hours_per_week = {weekly}\n",
        exponential(hours)
    );
    StatisticalCase {
        name: format!(
            "investigation team as M/M/{slots}, ρ = {:.2} (Erlang C)",
            queue.utilisation().unwrap_or(f64::NAN)
        ),
        scenario,
        replications: 80,
        parameters: parameters(&[
            ("servers", f64::from(slots)),
            ("arrival_rate_per_day", per_day),
            ("mean_service_days", holding_days),
        ]),
        quantities: vec![quantity(
            "wait for an investigator (days)",
            &n::INVESTIGATIONS_WAIT_FOR_ALLOCATION_MEAN_DAYS.name(&["investigators"]),
            queue.mean_wait(),
        )],
    }
}

/// Refreshment breaks as lost capacity: 10 response units on twelve
/// staggered 10-hour shifts (two units each, one starting every two
/// hours, so 10 are on duty at every hour), each unit with a fixed
/// 60-minute break per shift, due at the start and at the seventh hour of
/// its shift. One unit is then on a break at every instant while breaks
/// start on time, so dispatch has 0.9 × 10 = 9 units: the analytic twin's M/M/9
/// (capacity net of obligated time). A break due while every unit is busy
/// waits for the next free one (ahead of queued G2s), which the M/M/9
/// ignores; at this load that shifts the mean wait by well under its
/// confidence interval. Theory also fixes the time shares: 0.1 of on-duty
/// time on breaks and λ·E[S] ÷ 10 on scene (work conservation).
fn breaks_mmc() -> StatisticalCase {
    let (units, on_scene, load) = (10u32, 30.0, 0.75);
    let effective = 9;
    let queue = MMc {
        arrival_rate: load * f64::from(effective) / on_scene,
        service_rate: 1.0 / on_scene,
        servers: effective,
    };
    let ch = channel("q", 1, queue.arrival_rate, fixed(0.0));
    let mut scenario = Reduced::contact_only(vec![ch], 1, 120);
    scenario.grade_mix = "{ g2 = 1.0 }";
    scenario.on_scene = exponential(on_scene);
    let shifts: Vec<String> = (0..12)
        .map(|k| {
            format!(
                "{{ name = \"s{k}\", start_hour = {}, length_hours = 10, staff = 2 }}",
                2 * k
            )
        })
        .collect();
    scenario.response_shifts = Some(format!("[{}]", shifts.join(", ")));
    scenario.extra =
        "\n[time_budget.response]\nrefreshment_min = 60\nrefreshment_window_hours = [0, 7]\n"
            .into();
    let break_share = 60.0 / 600.0;
    StatisticalCase {
        name: format!(
            "M/M/{units} less a 60-min break per 10-h shift = M/M/{effective}, ρ = {load:.2} (Erlang C, capacity net of breaks)"
        ),
        scenario,
        replications: 30,
        parameters: parameters(&[
            ("units_on_duty", f64::from(units)),
            ("break_share", break_share),
            ("servers", f64::from(effective)),
            ("arrival_rate_per_min", queue.arrival_rate),
            ("mean_service_min", on_scene),
        ]),
        quantities: vec![
            quantity(
                "G2 wait for a unit (min)",
                &n::RESPONSE_RESPONSE_TIME_MEAN_MIN.name(&["g2"]),
                queue.mean_wait(),
            ),
            Quantity {
                is_share: true,
                ..quantity(
                    "share of on-duty time on breaks",
                    &n::TEAMS_TIME_BREAKS_SHARE.name(&["response"]),
                    Some(break_share),
                )
            },
            Quantity {
                is_share: true,
                ..quantity(
                    "share of on-duty time on scene",
                    &n::TEAMS_TIME_ATTENDING_SHARE.name(&["response"]),
                    queue.offered_load().map(|a| a / f64::from(units)),
                )
            },
        ],
    }
}

/// Every statistical case of the suite.
pub fn statistical_cases() -> Vec<StatisticalCase> {
    vec![
        mmc(1, 0.5, 60),
        mmc(3, 0.8, 60),
        mmc(10, 0.9, 100),
        mmc(20, 0.95, 170),
        cobham(),
        erlang_a(),
        preemptive(),
        mg1_lognormal(),
        investigation_mmc(),
        breaks_mmc(),
    ]
    .into_iter()
    .chain(super::places::hypercube_cases())
    .chain(super::places::square_root_cases())
    .collect()
}

/// Little's law L = λW on every team of the default scenario, from the
/// simulation's own time-average queue length, queue entries and time in
/// queue: an identity of the books, so it must hold to rounding.
pub fn little_checks(seed: u64, threads: Option<usize>) -> Result<Vec<Check>, SuiteError> {
    little_checks_with_progress(seed, threads, &|| {})
}

/// Replications of the default scenario behind the Little's law checks.
pub(crate) const LITTLE_REPLICATIONS: u64 = 3;

/// [`little_checks`], calling `on_done` as each replication finishes.
pub(crate) fn little_checks_with_progress(
    seed: u64,
    threads: Option<usize>,
    on_done: &(dyn Fn() + Sync),
) -> Result<Vec<Check>, SuiteError> {
    let name = crate::scenario::DEFAULT_SCENARIO_NAME;
    let (_, model) = crate::scenario::from_str(
        name,
        crate::scenario::DEFAULT_SCENARIO,
        std::path::Path::new("scenarios"),
    )
    .map_err(|source| SuiteError::Scenario {
        case: name.into(),
        source,
    })?;
    let result = batch::run(
        &model,
        BatchOptions {
            seed,
            replications: LITTLE_REPLICATIONS,
            threads,
        },
        on_done,
    )?;
    // Teams that receive no work (e.g. PCSOs, who only problem-solve) have
    // no queue to check.
    let has_queue = |team: &&crate::scenario::model::Team| {
        result
            .values(&n::TEAMS_QUEUE_ENTRIES_PER_HOUR.name(&[&team.name]))
            .iter()
            .any(|r| *r > 0.0)
    };
    Ok(model
        .teams
        .iter()
        .filter(has_queue)
        .map(|team| {
            let at = [team.name.as_str()];
            let l = result.values(&n::TEAMS_QUEUE_LENGTH_MEAN.name(&at));
            let rate = result.values(&n::TEAMS_QUEUE_ENTRIES_PER_HOUR.name(&at));
            let w = result.values(&n::TEAMS_TIME_IN_QUEUE_PER_ENTRY_MIN.name(&at));
            let lambda_w: Vec<f64> = rate.iter().zip(&w).map(|(r, w)| r / 60.0 * w).collect();
            let worst = l
                .iter()
                .zip(&lambda_w)
                .map(|(l, lw)| (l - lw).abs() / l.abs().max(1e-9))
                .fold(0.0, f64::max);
            let pass = worst <= 1e-6;
            Check {
                case: format!("Little's law, {} (default scenario)", team.name),
                quantity: "mean queue length L vs λW".into(),
                analytic: Estimate::from_samples(&lambda_w).mean,
                simulated: Estimate::from_samples(&l),
                pass,
                note: format!("identity: largest relative gap {worst:.1e} (must be ≤ 1e-6)"),
                parameters: Vec::new(),
            }
        })
        .collect())
}

/// Counts of `stream` arrivals over `days` days starting on a Monday in
/// January: by hour of week, and by day.
fn arrival_counts(stream_def: &Stream, days: usize, seed: u64) -> (Vec<f64>, Vec<f64>) {
    let rng = |n: &str| stream(seed, 0, &format!("validation/{n}/{}", stream_def.name));
    count_arrivals(stream_def, days, rng("arrivals"), rng("levels"))
}

/// The arrival process of the default scenario's 999 stream: counts by hour
/// of week against the profile (chi-square; without the daily level, which
/// would add variance the test does not allow for), and the variance of the
/// daily level against the configured CV.
pub fn arrival_checks(seed: u64, alpha: f64) -> Vec<Check> {
    let Ok((_, model)) = crate::scenario::from_str(
        crate::scenario::DEFAULT_SCENARIO_NAME,
        crate::scenario::DEFAULT_SCENARIO,
        std::path::Path::new("scenarios"),
    ) else {
        return Vec::new();
    };
    let Some(s) = model.streams.first() else {
        return Vec::new();
    };
    let hourly_rate = |how: usize| s.mean_rate_per_hour() * s.hour_of_week[how] * s.month[0];
    let flat = Stream {
        daily_level_cv: 0.0,
        ..s.clone()
    };
    let weeks = 104;
    let (by_hour, _) = arrival_counts(&flat, weeks * 7, seed);
    let chi2: f64 = by_hour
        .iter()
        .enumerate()
        .map(|(h, o)| {
            let e = hourly_rate(h) * weeks as f64;
            (o - e).powi(2) / e
        })
        .sum();
    let df = (HOURS_PER_WEEK - 1) as f64;
    let p = chi_square_sf(chi2, df);
    let chi_check = Check {
        case: format!(
            "arrivals by hour of week, stream `{}`, {weeks} weeks",
            s.name
        ),
        quantity: "chi-square statistic (expected ≈ df)".into(),
        analytic: df,
        simulated: Estimate::from_samples(&[chi2]),
        pass: p >= alpha,
        note: format!("p = {p:.3} (pass if ≥ {alpha:.4})"),
        parameters: Vec::new(),
    };

    let days = 3_000;
    let (_, by_day) = arrival_counts(s, days, seed);
    let mu = |d: usize| (0..24).map(|h| hourly_rate((d % 7) * 24 + h)).sum::<f64>();
    let excess: Vec<f64> = by_day
        .iter()
        .enumerate()
        .map(|(d, c)| ((c - mu(d)).powi(2) - mu(d)) / mu(d).powi(2))
        .collect();
    let estimate = Estimate::from_samples(&excess);
    let configured = s.daily_level_cv * s.daily_level_cv;
    let (pass, note) = super::verdict(configured, &estimate, alpha, true);
    let dispersion_check = Check {
        case: format!("daily over-dispersion, stream `{}`, {days} days", s.name),
        quantity: "variance of the daily level (CV²)".into(),
        analytic: configured,
        simulated: estimate,
        pass,
        note,
        parameters: Vec::new(),
    };
    vec![chi_check, dispersion_check]
}
