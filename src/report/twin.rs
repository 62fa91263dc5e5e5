//! The analytic twin: for each team, the steady-state queueing estimate at
//! its average load and staffing (Erlang C; Cobham's formula by priority
//! class), beside the simulated waits. The gap shows what time-of-day
//! variation, shift mismatches, travel and multi-unit incidents add to the
//! textbook.

use crate::analytic::{MMc, priority_mmc_mean_waits};
use crate::batch::BatchResult;
use crate::metrics::class_names;
use crate::metrics::names as n;
use crate::scenario::Model;

/// One priority class of a team.
#[derive(Clone, Debug, serde::Serialize)]
pub struct TwinClass {
    pub class: String,
    /// Jobs per hour.
    pub arrivals_per_hour: f64,
    /// Cobham mean wait, minutes (None if unstable).
    pub textbook_wait_min: Option<f64>,
    pub simulated_wait_min: f64,
}

/// One team's twin.
#[derive(Clone, Debug, serde::Serialize)]
pub struct TwinRow {
    pub team: String,
    /// Mean busy servers (offered load), erlangs.
    pub load_erlangs: f64,
    /// Servers (units) on duty used for the formula: the mean, rounded.
    pub servers: u32,
    /// Textbook utilisation a / c.
    pub textbook_utilisation: f64,
    /// Erlang C probability of waiting.
    pub textbook_prob_wait: Option<f64>,
    /// Erlang C mean wait, minutes (None if a ≥ c).
    pub textbook_wait_min: Option<f64>,
    pub simulated_wait_min: f64,
    pub classes: Vec<TwinClass>,
}

fn mean(result: &BatchResult, name: &str) -> f64 {
    result.metric(name).map_or(f64::NAN, |m| m.estimate.mean)
}

/// The twin of every team that did any work.
pub fn analytic_twin(model: &Model, result: &BatchResult) -> Vec<TwinRow> {
    let minutes = model.horizon.minutes_since(model.warmup);
    model
        .teams
        .iter()
        .enumerate()
        .filter_map(|(t, team)| {
            let at = [team.name.as_str()];
            let started = mean(result, &n::TEAMS_JOBS_STARTED.name(&at));
            let load = mean(result, &n::TEAMS_OFFERED_LOAD_ERLANGS.name(&at));
            let on_duty = mean(result, &n::TEAMS_UNITS_ON_DUTY_MEAN.name(&at));
            if !(started > 0.0 && load > 0.0 && on_duty >= 1.0) {
                return None;
            }
            let servers = on_duty.round() as u32;
            let arrival_rate = started / minutes;
            let service_rate = arrival_rate / load;
            let queue = MMc {
                arrival_rate,
                service_rate,
                servers,
            };
            let names = class_names(model, t);
            let class_rates: Vec<(String, f64, f64)> = names
                .iter()
                .flatten()
                .map(|name| {
                    let at = [team.name.as_str(), name.as_str()];
                    let started = mean(result, &n::TEAMS_CLASS_JOBS_STARTED.name(&at));
                    let w = mean(result, &n::TEAMS_CLASS_QUEUE_WAIT_MEAN_MIN.name(&at));
                    (name.clone(), started / minutes, w)
                })
                .filter(|(_, rate, _)| *rate > 0.0)
                .collect();
            let rates: Vec<f64> = class_rates.iter().map(|(_, r, _)| *r).collect();
            let cobham = priority_mmc_mean_waits(&rates, service_rate, servers);
            let classes = class_rates
                .iter()
                .enumerate()
                .map(|(i, (name, rate, wait))| TwinClass {
                    class: name.clone(),
                    arrivals_per_hour: rate * 60.0,
                    textbook_wait_min: cobham.as_ref().map(|w| w[i]),
                    simulated_wait_min: *wait,
                })
                .collect();
            Some(TwinRow {
                team: team.name.clone(),
                load_erlangs: load,
                servers,
                textbook_utilisation: load / f64::from(servers),
                textbook_prob_wait: queue.prob_wait(),
                textbook_wait_min: queue.mean_wait(),
                simulated_wait_min: mean(result, &n::TEAMS_QUEUE_WAIT_MEAN_MIN.name(&at)),
                classes,
            })
        })
        .collect()
}
