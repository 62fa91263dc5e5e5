//! Names for output: the one place that turns the simulation's typed
//! statistics ([`crate::sim::results`]) into the flat dotted metric names,
//! units and values that files, charts and notebooks read.
//!
//! This layer sits just above [`crate::sim`]: it imports the simulation's
//! types, and the simulation never imports it. A replication therefore
//! ends in two steps: [`sim::run`](crate::sim::run) gives a typed
//! [`Replication`], and [`result`] names it as a [`ReplicationResult`]
//! (what the batch statistics, logs and files consume). [`run`],
//! [`run_traced`] and [`run_with_tracer`] do both.
//!
//! Every name is made from a family of [`names`] (each with its words in
//! [`labels`]), so a name cannot exist without a label. The order of the
//! metrics is part of the output format: the whole run first (contact,
//! demand, incidents, response, teams, crime, missing people, surges,
//! workforce, the run), then each simulated year's (`years.N.…`, without
//! surges and the run), then prevention and neighbourhood time; the
//! accounts ([`crate::finance`]) follow when the scenario has them.
pub mod accounts;
pub mod labels;
pub mod names;
mod output;
mod period;

use crate::scenario::model::{Grade, Model};
pub use crate::sim::results::HourlyProfile;
use crate::sim::results::{
    PeriodStats, PreventionFigures, Replication, RunStats, SurgeFigures, Unit,
};
use crate::sim::trace::{Trace, Tracer};
use names as n;
pub use output::{Metric, ReplicationResult, Series, TimeDistribution};
use period::period;

/// The named metrics of replication `r` followed by its accounts
/// ([`crate::finance::accounts`]; none without `[costs]` and `[funding]`).
pub fn with_accounts(model: &Model, r: Replication) -> ReplicationResult {
    let accounts = crate::finance::accounts::Accounts::of(model, &r.stats);
    let freed = crate::finance::accounts::freed::freed(model, &r.stats);
    let mut result = result(model, r);
    if let Some(a) = accounts {
        result.metrics.extend(accounts::metrics(model, &a));
    }
    result.metrics.extend(accounts::freed_metrics(&freed));
    result
}

/// Simulates one replication of `model` and names its statistics
/// (no accounts: see [`crate::batch::replicate`] for those).
pub fn run(model: &Model, seed: u64, replication: u64) -> ReplicationResult {
    result(model, crate::sim::run(model, seed, replication))
}

/// [`run`] with the per-incident log.
pub fn run_traced(model: &Model, seed: u64, replication: u64) -> (ReplicationResult, Trace) {
    let (r, trace) = crate::sim::run_traced(model, seed, replication);
    (result(model, r), trace)
}

/// [`run`], reporting every step of every case to `tracer`.
pub fn run_with_tracer<T: Tracer>(
    model: &Model,
    seed: u64,
    replication: u64,
    tracer: T,
) -> ReplicationResult {
    result(
        model,
        crate::sim::run_with_tracer(model, seed, replication, tracer),
    )
}

/// The named metrics, distributions and series of replication `r`.
pub fn result(model: &Model, r: Replication) -> ReplicationResult {
    let mut out = Named::default();
    let RunStats {
        whole,
        years,
        surges,
        prevention,
        stopped_early,
        simulated_days,
        geography,
    } = r.stats;
    period(&mut out, model, &whole, None);
    surge_metrics(&mut out, model, &surges);
    out.push(
        n::WORKFORCE_OFFICERS.name(&[]),
        Unit::People,
        whole.officers,
    );
    out.push(
        n::RUN_STOPPED_EARLY.name(&[]),
        Unit::Count,
        f64::from(u8::from(stopped_early)),
    );
    out.push(n::RUN_SIMULATED_DAYS.name(&[]), Unit::Days, simulated_days);
    for y in &years {
        period(&mut out, model, &y.stats, Some(y.year));
        out.push(
            n::WORKFORCE_OFFICERS.in_year(y.year, &[]),
            Unit::People,
            y.stats.officers,
        );
    }
    prevention_metrics(&mut out, model, &prevention);
    if let (Some(g), Some(figures)) = (&model.geography, &geography) {
        geography_metrics(&mut out, model, g, figures);
    }
    let (distributions, series) = flows(model, whole);
    ReplicationResult {
        replication: r.replication,
        metrics: out.0,
        distributions,
        hourly: r.hourly,
        series,
        events: r.events,
    }
}

/// Metrics in the making.
#[derive(Default)]
struct Named(Vec<Metric>);

impl Named {
    fn push(&mut self, name: String, unit: Unit, value: f64) {
        self.0.push(Metric {
            name,
            unit: unit.symbol(),
            value,
        });
    }
}

fn surge_metrics(out: &mut Named, model: &Model, surges: &[Vec<SurgeFigures>]) {
    for ((name, _, _), by_team) in model.surges.iter().zip(surges) {
        for (team, s) in model.teams.iter().zip(by_team) {
            let at = [name.as_str(), team.name.as_str()];
            out.push(n::SURGE_PEAK_QUEUE.name(&at), Unit::Count, s.peak_queue);
            out.push(
                n::SURGE_RECOVERY_DAYS.name(&at),
                Unit::Days,
                s.recovery_days,
            );
        }
    }
}

/// Response by atom and area, per grade, in `year` (or over the run).
fn place_metrics(
    out: &mut Named,
    model: &Model,
    g: &crate::scenario::geography::Geography,
    (atoms, areas): (
        &[crate::sim::results::PlaceFigures],
        &[crate::sim::results::PlaceFigures],
    ),
    year: Option<usize>,
) {
    let places = g
        .atoms
        .iter()
        .map(|a| (&n::GEOGRAPHY_ATOM_FAMILIES, a.name.as_str()))
        .zip(atoms)
        .chain(
            model
                .areas
                .iter()
                .map(|a| (&n::GEOGRAPHY_AREA_FAMILIES, a.name.as_str()))
                .zip(areas),
        );
    for ((families, place), figures) in places {
        for (grade, (attended, mean, within)) in ["g1", "g2", "g3"].iter().zip(figures.by_grade) {
            let at = [place, *grade];
            out.push(
                families[0].in_period(year, &at),
                Unit::Count,
                attended as f64,
            );
            out.push(families[1].in_period(year, &at), Unit::Minutes, mean);
            out.push(families[2].in_period(year, &at), Unit::Share, within);
        }
    }
}

/// By atom and area, per grade: attended, mean response time and share
/// within target (over the run, then in each simulated year as
/// `years.N.geography.…`, of the incidents that arrived in it); per base:
/// utilisation; cross-area share and mean travel (over the run).
fn geography_metrics(
    out: &mut Named,
    model: &Model,
    g: &crate::scenario::geography::Geography,
    f: &crate::sim::results::GeographyFigures,
) {
    place_metrics(out, model, g, (&f.atoms, &f.areas), None);
    for y in &f.by_year {
        place_metrics(out, model, g, (&y.atoms, &y.areas), Some(y.year));
    }
    for (base, u) in g.bases.iter().zip(&f.base_utilisation) {
        out.push(
            n::GEOGRAPHY_BASE_UTILISATION.name(&[base.name.as_str()]),
            Unit::Share,
            *u,
        );
    }
    out.push(
        n::GEOGRAPHY_CROSS_AREA_SHARE.name(&[]),
        Unit::Share,
        f.cross_area_share,
    );
    out.push(
        n::GEOGRAPHY_TRAVEL_MEAN_MIN.name(&[]),
        Unit::Minutes,
        f.travel_mean_min,
    );
}

fn prevention_metrics(out: &mut Named, model: &Model, p: &PreventionFigures) {
    for (programme, (avoided, reduction)) in model.prevention.iter().zip(&p.programmes) {
        let at = [programme.name.as_str()];
        out.push(
            n::PREVENTION_DEMAND_AVOIDED.name(&at),
            Unit::Count,
            *avoided as f64,
        );
        out.push(
            n::PREVENTION_REDUCTION_MEAN.name(&at),
            Unit::Share,
            *reduction,
        );
    }
    for (team, hours) in model.teams.iter().zip(&p.neighbourhood) {
        if let Some(h) = hours {
            let at = [team.name.as_str()];
            out.push(
                n::NEIGHBOURHOOD_HOURS_APPOINTMENTS.name(&at),
                Unit::Hours,
                h.appointments,
            );
            out.push(
                n::NEIGHBOURHOOD_HOURS_BACKFILL_RESPONSE.name(&at),
                Unit::Hours,
                h.backfill_response,
            );
            out.push(
                n::NEIGHBOURHOOD_HOURS_PROBLEM_SOLVING.name(&at),
                Unit::Hours,
                h.problem_solving,
            );
        }
    }
}

/// The whole run's time distributions (answer times, response times) and
/// series (investigation backlogs by week, team queues by day).
fn flows(model: &Model, whole: PeriodStats) -> (Vec<TimeDistribution>, Vec<Series>) {
    let mut distributions = Vec::new();
    for (ch, c) in model.channels.iter().zip(whole.channels) {
        distributions.push(TimeDistribution {
            name: n::CALLS_ANSWER_TIME_S.name(&[&ch.name]),
            unit: Unit::Seconds.symbol(),
            histogram: c.answer_time,
        });
    }
    for (g, a) in Grade::ATTENDED.iter().zip(whole.attendance) {
        distributions.push(TimeDistribution {
            name: n::RESPONSE_RESPONSE_TIME_MIN.name(&[g.key()]),
            unit: Unit::Minutes.symbol(),
            histogram: a.response_time,
        });
    }
    let mut series = Vec::new();
    if let Some(crime) = whole.crime {
        for (team, s) in model.investigation_teams.iter().zip(crime.investigations) {
            series.push(Series {
                name: n::INVESTIGATIONS_BACKLOG_WEEKLY.name(&[&team.name]),
                unit: Unit::Count.symbol(),
                step_days: 7.0,
                values: s.backlog_weekly,
            });
        }
    }
    for (team, f) in model.teams.iter().zip(whole.teams) {
        series.push(Series {
            name: n::TEAMS_QUEUE_DAILY.name(&[&team.name]),
            unit: Unit::Count.symbol(),
            step_days: 1.0,
            values: f.queue_daily,
        });
    }
    (distributions, series)
}

/// The name of each priority class at a team, as it appears in its
/// metric names: g1, g2, g3 for response teams; the channel (or g4) whose
/// work uses the class otherwise (`999+101` when two share a class).
/// `None` for a class no work uses.
pub fn class_names(model: &Model, team: usize) -> Vec<Option<String>> {
    if model.teams[team].is_response {
        return Grade::ATTENDED
            .iter()
            .map(|g| Some(g.key().to_string()))
            .collect();
    }
    let mut names: Vec<Option<String>> = Vec::new();
    let mut add = |class: usize, name: &str| {
        if names.len() <= class {
            names.resize(class + 1, None);
        }
        names[class] = Some(match &names[class] {
            Some(existing) => format!("{existing}+{name}"),
            None => name.to_string(),
        });
    };
    for ch in model.channels.iter().filter(|c| c.team == team) {
        add(usize::from(ch.priority), &ch.name);
    }
    if model.grades.g4.team == team {
        add(0, Grade::G4.key());
    }
    names
}
