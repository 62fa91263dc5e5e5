//! The typed statistics of one replication: what the recorder, the teams,
//! the investigations, surges and prevention measured, by channel, grade,
//! team, crime type and simulated year, as plain numbers in fields.
//!
//! Nothing here has a name for output: [`crate::metrics`] (the layer above
//! the simulation) turns these figures into the flat dotted metric names
//! files, charts and notebooks read. Every `f64` is the value as reported
//! (NaN where undefined, e.g. a share of nothing); counts are `u64`.

use crate::sim::backlog_fit::BacklogFit;
use crate::stats::LogHistogram;

/// A team's profile over the hour of week (Monday 00:00 first).
#[derive(Clone, Debug)]
pub struct HourlyProfile {
    /// The team's name in the scenario.
    pub team: String,
    /// Busy share of on-duty capacity by hour of week (NaN where none on duty).
    pub utilisation: Vec<f64>,
    /// Mean servers (units) on duty by hour of week.
    pub capacity: Vec<f64>,
    /// Jobs arriving per hour, by hour of week (mean over weeks).
    pub arrivals: Vec<f64>,
    /// Mean people on duty by hour of week: after abstraction, the
    /// escalation ladder, backfill and overtime (empty in a replication
    /// file written before it was recorded).
    pub people: Vec<f64>,
    /// Mean people available by hour of week: rostered less abstraction,
    /// before the escalation ladder (empty as `people`).
    pub available: Vec<f64>,
    /// Mean minimum staffing by hour of week: the minimums of the shifts
    /// running, summed; empty for a team without a minimum.
    pub minimum: Vec<f64>,
}

/// The unit of a reported quantity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// A number of things (calls, jobs, crimes, replications).
    Count,
    /// A fraction in [0, 1].
    Share,
    /// Seconds.
    Seconds,
    /// Minutes.
    Minutes,
    /// Hours.
    Hours,
    /// Days.
    Days,
    /// Servers (units) at once, time-averaged.
    Servers,
    /// People (headcount or FTE).
    People,
    /// Pounds sterling.
    Pounds,
}

impl Unit {
    /// The unit as written in output files (`count`, `share`, `s`, `min`,
    /// `hours`, `days`, `servers`, `people`, `£`).
    pub const fn symbol(self) -> &'static str {
        match self {
            Unit::Count => "count",
            Unit::Share => "share",
            Unit::Seconds => "s",
            Unit::Minutes => "min",
            Unit::Hours => "hours",
            Unit::Days => "days",
            Unit::Servers => "servers",
            Unit::People => "people",
            Unit::Pounds => "£",
        }
    }
}

/// One replication as the simulation ends it: typed statistics, before
/// any naming for output.
#[derive(Clone, Debug)]
pub struct Replication {
    /// Replication index (with the seed, it fixes every random draw).
    pub replication: u64,
    /// Events processed (for speed measurement).
    pub events: u64,
    /// Everything measured.
    pub stats: RunStats,
    /// Per rostered team (model order): its hour-of-week profile over the
    /// whole counted period.
    pub hourly: Vec<HourlyProfile>,
}

/// A replication's statistics: the whole counted period, and each
/// simulated year as a dimension of the type.
#[derive(Clone, Debug)]
pub struct RunStats {
    /// The whole run after the warm-up.
    pub whole: PeriodStats,
    /// Each simulated year that holds counted time, in order; empty for a
    /// run of one simulated year or less.
    pub years: Vec<YearStats>,
    /// Per surge (model order) × rostered team (model order), whole run only.
    pub surges: Vec<Vec<SurgeFigures>>,
    /// Neighbourhood time and prevention, whole run only.
    pub prevention: PreventionFigures,
    /// Whether the run was stopped early for overload.
    pub stopped_early: bool,
    /// Days simulated (warm-up included) up to the horizon or the stop, days.
    pub simulated_days: f64,
    /// By atom, area and base, whole run only; `None` without a geography.
    pub geography: Option<GeographyFigures>,
}

/// Response by place, unit workload by base and boundary crossing (a
/// model with `[geography]`), over the counted period.
#[derive(Clone, Debug)]
pub struct GeographyFigures {
    /// Per atom (`Geography::atoms` order).
    pub atoms: Vec<PlaceFigures>,
    /// Per area (`Model::areas` order): its atoms together.
    pub areas: Vec<PlaceFigures>,
    /// Response by atom and area in each simulated year that holds counted
    /// time (as [`RunStats::years`]), of the incidents that arrived in it;
    /// empty for a run of one simulated year or less.
    pub by_year: Vec<GeographyYear>,
    /// Per base (`Geography::bases` order): busy ÷ on-duty unit time of
    /// its units, share (NaN when none was on duty).
    pub base_utilisation: Vec<f64>,
    /// Of the attendances started by teams with bases, the share made by a
    /// team of another area than the incident's (NaN when none).
    pub cross_area_share: f64,
    /// Mean travel of those attendances, minutes (NaN when none).
    pub travel_mean_min: f64,
}

/// Response by place in one simulated year, of the incidents that
/// arrived in it (counted demand only, as the other per-year figures).
#[derive(Clone, Debug)]
pub struct GeographyYear {
    /// The year, counted from 1.
    pub year: usize,
    /// Per atom (`Geography::atoms` order).
    pub atoms: Vec<PlaceFigures>,
    /// Per area (`Model::areas` order): its atoms together.
    pub areas: Vec<PlaceFigures>,
}

/// Response at one place (an atom or an area).
#[derive(Clone, Debug)]
pub struct PlaceFigures {
    /// Per grade G1, G2, G3: (incidents attended, mean response time in
    /// minutes, share within target); NaN where none was attended.
    pub by_grade: [(u64, f64, f64); 3],
}

/// One simulated year's statistics (of the demand that arrived in it).
#[derive(Clone, Debug)]
pub struct YearStats {
    /// The year, counted from 1.
    pub year: usize,
    /// Its figures.
    pub stats: PeriodStats,
}

/// The statistics of one accounting period (the run or a simulated year).
#[derive(Clone, Debug)]
pub struct PeriodStats {
    /// Per contact channel (model order).
    pub channels: Vec<ChannelFigures>,
    /// Per demand category (model order): pieces of demand offered.
    pub demand_offered: Vec<u64>,
    /// Incidents by grade and G4 resolution.
    pub incidents: IncidentFigures,
    /// Per attended grade G1, G2, G3.
    pub attendance: [AttendanceFigures; 3],
    /// Per rostered team (model order).
    pub teams: Vec<TeamFigures>,
    /// Recorded crime and investigations; `None` for a model without
    /// crime types.
    pub crime: Option<CrimeFigures>,
    /// Missing person episodes; `None` when no category is a missing
    /// person report.
    pub missing: Option<MissingFigures>,
    /// Warranted officers in post (response headcount + others), people.
    pub officers: f64,
}

/// One contact channel's figures.
#[derive(Clone, Debug)]
pub struct ChannelFigures {
    /// Contacts offered.
    pub offered: u64,
    /// Contacts answered.
    pub answered: u64,
    /// Contacts abandoned before being answered.
    pub abandoned: u64,
    /// Abandoned ÷ (answered + abandoned), share.
    pub abandoned_share: f64,
    /// Mean time to answer, s.
    pub answer_time_mean_s: f64,
    /// Answered at once ÷ answered, share.
    pub answered_without_wait_share: f64,
    /// 90th percentile of the time to answer, s.
    pub answer_time_p90_s: f64,
    /// 95th percentile of the time to answer, s.
    pub answer_time_p95_s: f64,
    /// With an answer target: (target s, share of answered + abandoned
    /// answered within it).
    pub within_target: Option<(f64, f64)>,
    /// Contacts still waiting at the end.
    pub waiting_at_end: u64,
    /// Distribution of the time to answer, s.
    pub answer_time: LogHistogram,
}

/// Incidents created and G4 resolution.
#[derive(Clone, Debug)]
pub struct IncidentFigures {
    /// Contacts graded, by [`Grade::index`](crate::scenario::model::Grade::index)
    /// (G1, G2, G3, G4, no incident).
    pub graded: [u64; 5],
    /// Incidents G1–G4.
    pub total: u64,
    /// Incidents a unit arrived at.
    pub attended: u64,
    /// Attended ÷ incidents, share.
    pub attended_share: f64,
    /// G4 incidents resolved.
    pub g4_resolved: u64,
    /// G4 incidents escalated to G3.
    pub g4_escalated: u64,
    /// With a G4 target: share of resolved G4s within it.
    pub g4_within_target_share: Option<f64>,
    /// Mean time from call to resolution of G4s, min.
    pub g4_resolution_time_mean_min: f64,
    /// G4s waiting at the end.
    pub g4_waiting_at_end: u64,
    /// Contacts answered but not graded at the end.
    pub awaiting_grading_at_end: u64,
}

/// One attended grade's figures.
#[derive(Clone, Debug)]
pub struct AttendanceFigures {
    /// Incidents queued for attendance.
    pub dispatched: u64,
    /// Incidents a unit arrived at.
    pub attended: u64,
    /// Mean response time, min.
    pub response_time_mean_min: f64,
    /// 90th percentile response time, min.
    pub response_time_p90_min: f64,
    /// 95th percentile response time, min.
    pub response_time_p95_min: f64,
    /// Share of attended incidents within target.
    pub within_target_share: f64,
    /// The same, urban areas.
    pub urban_within_target_share: f64,
    /// The same, rural areas.
    pub rural_within_target_share: f64,
    /// Incidents without a unit at the end.
    pub unattended_at_end: u64,
    /// Distribution of the response time, min.
    pub response_time: LogHistogram,
}

/// One rostered team's figures.
#[derive(Clone, Debug)]
pub struct TeamFigures {
    /// Busy within shifts ÷ on-duty capacity, share.
    pub utilisation: f64,
    /// Mean units on duty, servers.
    pub units_on_duty_mean: f64,
    /// Mean people on duty, people.
    pub people_on_duty_mean: f64,
    /// Offered load, servers (erlangs).
    pub offered_load_erlangs: f64,
    /// Unit-hours busy (within and beyond shifts), hours.
    pub busy_hours: f64,
    /// Unit-hours busy beyond shifts, hours.
    pub overrun_hours: f64,
    /// On-duty person-hours, hours.
    pub productive_person_hours: f64,
    /// Productive hours per FTE-year in post, hours (NaN without headcount).
    pub productive_hours_per_fte_year: f64,
    /// People in post over the period, FTE: the headcount scaled by the
    /// staffing plan, time-weighted over the period's years (NaN without a
    /// headcount).
    pub headcount_fte: f64,
    /// Contracted hours per FTE in a 365-day year: the weekly contract ×
    /// 365 ÷ 7, hours (NaN without a headcount).
    pub contracted_hours_per_fte_year: f64,
    /// Person-hours rostered (before abstraction) per 365 days of the
    /// period, hours.
    pub rostered_hours_per_year: f64,
    /// Share of rostered person-hours lost to abstraction, in [0, 1]
    /// (1 − available ÷ rostered; NaN when nothing was rostered).
    pub abstraction_share: f64,
    /// For a team with `absence`: `[reason][month]`, person-hours lost to
    /// each reason of
    /// [`ABSENCE_REASONS`](crate::scenario::abstraction::ABSENCE_REASONS)
    /// in each calendar month, per 365 days of the period (the months of a
    /// reason sum to its hours a year); `None` otherwise.
    pub absence_hours_per_year:
        Option<[[f64; 12]; crate::scenario::abstraction::ABSENCE_REASONS.len()]>,
    /// The escalation ladder's person-hours in the period (zeros for a
    /// team without a minimum that lends to none).
    pub escalation: crate::sim::team::stats::EscalationBooks,
    /// Share of person-hours worked while strained.
    pub strained_hours_share: f64,
    /// Overtime unit-hours added, hours.
    pub overtime_unit_hours: f64,
    /// Jobs started.
    pub jobs_started: u64,
    /// Jobs that waited ÷ jobs started, share.
    pub waited_share: f64,
    /// Mean queue wait, min.
    pub queue_wait_mean_min: f64,
    /// 90th percentile queue wait, min.
    pub queue_wait_p90_min: f64,
    /// Time-averaged queue length, jobs.
    pub queue_length_mean: f64,
    /// Queue entries per hour, jobs.
    pub queue_entries_per_hour: f64,
    /// Time in queue per entry (Little's law), min.
    pub time_in_queue_per_entry_min: f64,
    /// Jobs queued at the end.
    pub queued_at_end: u32,
    /// Jobs in service at the end.
    pub in_service_at_end: u32,
    /// Slope of the end-of-day queue, jobs per day.
    pub backlog_growth_per_day: f64,
    /// Per priority class (class order).
    pub classes: Vec<ClassFigures>,
    /// Queue length at the end of each day after the warm-up, jobs.
    pub queue_daily: Vec<f64>,
    /// Where on-duty time went, for a team with a time budget.
    pub time: Option<crate::sim::team::time_books::TimeFigures>,
}

/// One priority class at a team.
#[derive(Clone, Debug)]
pub struct ClassFigures {
    /// Jobs started.
    pub jobs_started: u64,
    /// Mean queue wait, min.
    pub queue_wait_mean_min: f64,
}

/// Recorded crime and investigations.
#[derive(Clone, Debug)]
pub struct CrimeFigures {
    /// Per crime type (model order).
    pub types: Vec<CrimeTypeFigures>,
    /// Crimes recorded, all types.
    pub recorded: u64,
    /// Crimes screened out, all types.
    pub screened_out: u64,
    /// Crimes investigated to an outcome, all types.
    pub investigated: u64,
    /// Investigations open at the end, all types.
    pub open_at_end: u64,
    /// Mean days from recording to outcome, all types, days.
    pub days_to_outcome_mean: f64,
    /// Outcomes by [`Outcome`](crate::scenario::model::Outcome) order, all types.
    pub outcomes: [u64; 3],
    /// Per investigation team (model order).
    pub investigations: Vec<InvestigationFigures>,
}

/// One crime type's figures.
#[derive(Clone, Debug)]
pub struct CrimeTypeFigures {
    /// Crimes recorded.
    pub recorded: u64,
    /// Crimes screened out.
    pub screened_out: u64,
    /// Outcomes by [`Outcome`](crate::scenario::model::Outcome) order.
    pub outcomes: [u64; 3],
    /// Investigations open at the end.
    pub open_at_end: u64,
    /// Mean days from recording to outcome, days.
    pub days_to_outcome_mean: f64,
    /// 90th percentile of days to outcome, days.
    pub days_to_outcome_p90: f64,
}

/// One investigation team's figures.
#[derive(Clone, Debug)]
pub struct InvestigationFigures {
    /// Cases allocated.
    pub allocated: u64,
    /// Cases allocated after waiting more than 28 days.
    pub waited_over_28_days: u64,
    /// Mean wait for allocation, days.
    pub wait_for_allocation_mean_days: f64,
    /// Time-averaged cases waiting for allocation.
    pub unallocated_mean: f64,
    /// Time-averaged backlog (waiting + allocated), cases.
    pub backlog_mean: f64,
    /// Backlog at the end, cases.
    pub backlog_at_end: u32,
    /// Cases waiting for allocation at the end.
    pub unallocated_at_end: u32,
    /// Allocated cases per investigator, time-averaged.
    pub caseload_per_investigator_mean: f64,
    /// Allocated ÷ slots, time-averaged share.
    pub slot_occupancy: f64,
    /// Least-squares slope of the open investigations (waiting +
    /// allocated) at each day's end over the whole run, cases per day.
    pub backlog_growth_per_day: f64,
    /// Mean days to outcome of the team's crime types, days.
    pub days_to_outcome_mean: f64,
    /// Backlog at each week's end (whole run only; empty for a year), cases.
    pub backlog_weekly: Vec<f64>,
    /// The trend of `backlog_weekly` over the second half of the run
    /// ([`crate::sim::backlog_fit`]); `None` for a year, or for a run
    /// whose second half is shorter than
    /// [`MIN_WEEKS`](crate::sim::backlog_fit::MIN_WEEKS) weeks (decided by
    /// the model's horizon, so every replication of a batch agrees).
    pub backlog_fit: Option<BacklogFit>,
}

/// Missing person episodes.
#[derive(Clone, Debug)]
pub struct MissingFigures {
    /// Episodes, every risk.
    pub episodes: u64,
    /// High, medium and low risk (graded G1, G2, G3): (episodes, mean
    /// hours to find).
    pub by_risk: [(u64, f64); 3],
    /// Response unit-hours spent on episodes, hours.
    pub officer_hours: f64,
}

/// One team's recovery from one surge.
#[derive(Clone, Copy, Debug)]
pub struct SurgeFigures {
    /// Longest queue from the surge's first day to 30 days after, jobs.
    pub peak_queue: f64,
    /// Days after the surge's last day until the queue is back to normal,
    /// days (NaN if never).
    pub recovery_days: f64,
}

/// Neighbourhood time and prevention (counted period).
#[derive(Clone, Debug)]
pub struct PreventionFigures {
    /// Per prevention programme (model order): (arrivals avoided, mean
    /// daily share of targeted demand avoided).
    pub programmes: Vec<(u64, f64)>,
    /// Per rostered team (model order): its person-hours by activity, or
    /// `None` for a team without neighbourhood activities.
    pub neighbourhood: Vec<Option<NeighbourhoodHours>>,
}

/// Person-hours of a neighbourhood team by activity, hours.
#[derive(Clone, Copy, Debug, Default)]
pub struct NeighbourhoodHours {
    /// On G3 appointments.
    pub appointments: f64,
    /// Backfilling response.
    pub backfill_response: f64,
    /// Problem-solving.
    pub problem_solving: f64,
}
