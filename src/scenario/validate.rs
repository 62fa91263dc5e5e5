//! Checking a raw scenario's meaning and compiling it into a [`Model`].
//!
//! Every problem is collected with its key path (not just the first), so a
//! planner fixes a file in one pass.
//! [`crate::scenario::validate::compile`] takes the sections in turn, each
//! checked in its own module with the shared `Checker`:
//! demand (channels, categories, streams, surges, growth) in `demand`,
//! areas and grades in `areas`, teams, rosters and prevention in `teams`,
//! crime and investigations in `investigation`, costs and funding in
//! `finance`, dates in `dates`. Problems are reported in that order.

use super::checker::{Checker, index_of};
use super::error::ScenarioError;
use super::load::LoadedScenario;
use super::model::{Model, RunDefaults};
use super::raw::RawScenario;
use super::teams::RoutedTeams;
use super::{areas, dates, demand, teams};
use crate::time::{MS_PER_DAY, SimTime};

/// Longest horizon accepted, days (20 years): beyond this a run is a mistake.
pub const MAX_HORIZON_DAYS: f64 = 20.0 * 366.0;
/// Largest volume of one stream per year: well above any force (a big force
/// takes ~2 million calls a year) and small enough to run.
pub const MAX_VOLUME_PER_YEAR: f64 = 50_000_000.0;
/// Most contacts expected in one replication (all streams over the
/// horizon): about ten minutes of simulation; beyond it a run looks hung.
pub const MAX_ARRIVALS_PER_REPLICATION: f64 = 500_000_000.0;
/// Most people on one shift.
pub const MAX_STAFF_PER_SHIFT: u32 = 100_000;
pub use super::model::MAX_UNITS_PER_INCIDENT;
/// Most replications in one batch. A batch keeps of each replication only
/// its metric values until the batch is summarised (its histograms,
/// hour-of-week profiles and series are folded in as it finishes): 8 bytes
/// a metric, about 5 KB for a year of the default force (470 MB at this
/// limit) and 4.3 KB more for each further simulated year (about 8.6 GB
/// at this limit for 20 years); larger studies are run as shards
/// (`--shard`) and summarised apart.
pub const MAX_REPLICATIONS: u64 = 100_000;

/// Checks `loaded` and builds the model, or reports every problem found;
/// this includes every purchase `sweep --budget` may make of the
/// scenario's `[[costs.options]]` (see [`crate::finance::appraisal::buy::check_options`]),
/// so a scenario that passes `check` passes every command.
pub fn compile(loaded: &LoadedScenario) -> Result<Model, ScenarioError> {
    let model = compile_variant(loaded)?;
    let problems = crate::finance::appraisal::buy::check_options(loaded, &model);
    if problems.is_empty() {
        Ok(model)
    } else {
        Err(ScenarioError { problems })
    }
}

/// [`compile`] without the check of `[[costs.options]]`, for a variant of
/// a scenario that has passed it: a sweep's grid point, a budget
/// combination.
pub fn compile_variant(loaded: &LoadedScenario) -> Result<Model, ScenarioError> {
    let raw = &loaded.raw;
    let mut c = Checker {
        locations: &loaded.locations,
        problems: Vec::new(),
    };
    if raw.name.trim().is_empty() {
        c.fail("name", "must not be empty");
    }
    let period = compile_period(&mut c, raw);
    let replications = raw.run.replications.unwrap_or(10);
    if !(1..=MAX_REPLICATIONS).contains(&replications) {
        c.fail(
            "run.replications",
            format!("must be between 1 and {MAX_REPLICATIONS} (got {replications})"),
        );
    }

    let team_index = index_of(&raw.teams);
    let category_index = index_of(&raw.categories);
    let channel_index = index_of(&raw.channels);
    let mut routed = RoutedTeams::new();

    let channels = demand::compile_channels(&mut c, raw, &team_index, &mut routed);
    let investigation = super::investigation::compile(&mut c, raw);
    let categories = demand::compile_categories(&mut c, raw, &investigation.crime_index);
    let mut streams = demand::compile_streams(&mut c, raw, &channel_index, &category_index);
    let surges = demand::compile_surges(
        &mut c,
        raw,
        period.first_day,
        period.horizon_days,
        &mut streams,
    );
    demand::check_arrivals(&mut c, &streams, period.horizon_days);

    let (areas, area_cumulative) = areas::compile_areas(&mut c, raw, &team_index, &mut routed);
    let grades = areas::compile_grades(&mut c, raw, &team_index, &mut routed);
    check_some_work_takes_time(&mut c, &channels, &categories, &grades);
    let response_teams = areas::response_teams(&mut c, raw, &areas, &channels, grades.g4.team);
    let geography = super::geography::compile(&mut c, raw, &areas, &response_teams);
    let n_days = period.horizon_days.clamp(1.0, MAX_HORIZON_DAYS).ceil() as usize;
    let teams = teams::compile_teams(&mut c, raw, &response_teams, (period.first_day, n_days));
    let mut teams = teams;
    super::escalation::compile(&mut c, &raw.teams, &mut teams);
    teams::check_routed_teams_staffed(&mut c, &routed, &teams);
    let time_budgets = super::time_budget::compile(&mut c, raw, &teams);
    let after_incident =
        super::after_incident::compile(&mut c, raw.after_incident.as_ref(), &categories);

    let prevention = teams::compile_prevention(&mut c, raw, &team_index, &category_index, &teams);
    let missing_persons_team = compile_missing_persons(&mut c, raw);
    let mut other_officers = 0.0;
    for (k, v) in &raw.workforce.other_officers {
        other_officers += c.people(&format!("workforce.other_officers.{k}"), *v);
    }

    let years = (period.horizon_days.clamp(1.0, MAX_HORIZON_DAYS) / 365.0).ceil() as usize;
    let (mut categories, crime_types) = (categories, investigation.crime_types);
    demand::grow_by_year(&mut c, years, &mut streams, &mut categories, &crime_types);
    let (costs, funding) = super::finance::compile(
        &mut c,
        raw,
        &loaded.merged,
        &teams,
        &investigation.teams,
        years,
    );
    if !c.problems.is_empty() {
        return Err(ScenarioError {
            problems: c.problems,
        });
    }
    let (days, first_weekday) =
        dates::build_days(period.first_day, period.horizon_days.ceil() as usize);
    Ok(Model {
        name: raw.name.clone(),
        description: raw.description.clone(),
        horizon: SimTime((period.horizon_days * MS_PER_DAY as f64).round() as u64),
        // Whole hours, so the warm-up ends on an hour tick.
        warmup: SimTime::from_hours((period.warmup_days * 24.0).round() as u64),
        days,
        first_weekday,
        channels,
        categories,
        streams,
        areas,
        area_cumulative,
        grades,
        teams,
        defaults: RunDefaults {
            replications,
            seed: raw.run.seed.unwrap_or(1),
        },
        other_officers,
        crime_types,
        investigation_teams: investigation.teams,
        forensics: investigation.forensics,
        surges,
        prevention,
        missing_persons_team,
        costs,
        funding,
        time_budgets,
        after_incident,
        geography,
    })
}

/// Refuses a scenario in which no work takes any time: every channel's
/// `handling_min`, every category's `on_scene_min` and G4's
/// `handling_min` always 0. (One such time may be a modelling device, e.g.
/// a channel that passes contacts straight on; all of them leave nothing
/// for any staffing to change.)
fn check_some_work_takes_time(
    c: &mut Checker,
    channels: &[super::model::Channel],
    categories: &[super::model::Category],
    grades: &super::model::Grades,
) {
    let all_zero = channels.iter().all(|ch| ch.handling_min.is_always_zero())
        && categories
            .iter()
            .all(|cat| cat.on_scene_min.is_always_zero())
        && grades.g4.handling_min.is_always_zero();
    if all_zero && !channels.is_empty() {
        c.fail(
            "channels",
            "no work takes any time: every channel's handling_min, every category's \
             on_scene_min and G4's handling_min is always 0, so no staffing could change any \
             result; give the time the work takes",
        );
    }
}

/// The simulated period: its first day, and its length and warm-up in days.
struct Period {
    /// (year, month 1–12, day 1–31); 2018-01-01 if `start_date` is bad.
    first_day: (i64, u32, u32),
    /// Length, days (> 0 when valid).
    horizon_days: f64,
    /// Warm-up at the start, not counted, days (shorter than the horizon).
    warmup_days: f64,
}

/// Checks `start_date`, `horizon_days` and `warmup_days`.
fn compile_period(c: &mut Checker, raw: &RawScenario) -> Period {
    let first_day = dates::parse_date(&raw.start_date).unwrap_or_else(|| {
        c.fail(
            "start_date",
            format!(
                "must be a date written YYYY-MM-DD (got `{}`)",
                raw.start_date
            ),
        );
        (2018, 1, 1)
    });
    let horizon_days = c.positive("horizon_days", raw.horizon_days);
    if horizon_days > 0.0 && horizon_days < 1.0 {
        c.fail(
            "horizon_days",
            format!(
                "must be at least 1 day (got {horizon_days}): rosters, demand profiles and \
                 reports work in days"
            ),
        );
    }
    if horizon_days > MAX_HORIZON_DAYS {
        c.fail(
            "horizon_days",
            format!("must be at most {MAX_HORIZON_DAYS} days (got {horizon_days})"),
        );
    }
    let warmup_days = c.non_negative("warmup_days", raw.warmup_days);
    if horizon_days > 0.0 && warmup_days >= horizon_days {
        c.fail(
            "warmup_days",
            format!("must be shorter than horizon_days ({horizon_days})"),
        );
    }
    Period {
        first_day,
        horizon_days,
        warmup_days,
    }
}

/// A missing persons team's (time-to-find factor, response search factor),
/// if the scenario has one.
fn compile_missing_persons(c: &mut Checker, raw: &RawScenario) -> Option<(f64, f64)> {
    raw.missing_persons.as_ref().map(|m| {
        let f = c.factor("missing_persons.time_to_find_factor", m.time_to_find_factor);
        let s = c.non_negative(
            "missing_persons.response_search_factor",
            m.response_search_factor,
        );
        (f, s)
    })
}
