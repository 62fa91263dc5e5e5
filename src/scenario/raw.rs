//! Raw scenario types: exactly what the TOML says, checked only for shape.
//!
//! serde reads a scenario file into these types (`deny_unknown_fields`
//! everywhere, so a misspelt key is an error, not a silent default).
//! [`crate::scenario::validate`] then checks their meaning and builds the validated
//! [`crate::scenario::model::Model`] the simulation accepts. Units are in key names.

use serde::Deserialize;
use std::collections::BTreeMap;

/// A whole scenario file (after `extends` has been merged).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    /// A short name for reports.
    pub name: String,
    /// Free text for reports.
    #[serde(default)]
    pub description: String,
    /// Another scenario file this one overrides (path relative to this file).
    #[serde(default)]
    pub extends: Option<String>,
    /// First day simulated, `YYYY-MM-DD`; fixes the weekday and month of every hour.
    pub start_date: String,
    /// Days simulated.
    pub horizon_days: f64,
    /// Days at the start whose demand is not counted in the statistics.
    #[serde(default)]
    pub warmup_days: f64,
    /// Defaults for `forcesim run` (replications, seed).
    #[serde(default)]
    pub run: RawRunDefaults,
    /// Named demand profiles (hour of week and month of year).
    #[serde(default)]
    pub profiles: BTreeMap<String, RawProfile>,
    /// Contact channels (999, 101, online …) keyed by name.
    pub channels: BTreeMap<String, RawChannel>,
    /// Incident categories keyed by name.
    pub categories: BTreeMap<String, RawCategory>,
    /// Demand streams.
    pub streams: Vec<RawStream>,
    /// Geographic areas, each with its response team.
    pub areas: BTreeMap<String, RawArea>,
    /// Targets and handling by grade.
    pub grades: RawGrades,
    /// Rostered teams keyed by name.
    pub teams: BTreeMap<String, RawTeam>,
    /// People outside the simulated teams.
    #[serde(default)]
    pub workforce: RawWorkforce,
    /// Recorded crime types keyed by name.
    #[serde(default)]
    pub crime_types: BTreeMap<String, RawCrimeType>,
    /// Investigation teams keyed by name.
    #[serde(default)]
    pub investigation_teams: BTreeMap<String, RawInvestigationTeam>,
    /// A digital forensics queue in front of some investigations.
    pub forensics: Option<RawForensics>,
    /// Periods of exceptional demand (major events, disorder).
    #[serde(default)]
    pub surges: Vec<RawSurge>,
    /// Prevention programmes (harm-reduction hubs, early intervention).
    #[serde(default)]
    pub prevention: Vec<RawPrevention>,
    /// A missing persons team, when the force has one.
    pub missing_persons: Option<RawMissingPersons>,
    /// Where demand arises, where units wait, travel between (absent: areas only).
    pub geography: Option<super::geography::RawGeography>,
    /// What the force costs (absent: no cost metrics).
    pub costs: Option<super::raw_finance::RawCosts>,
    /// Where the money comes from (absent: no funding metrics).
    pub funding: Option<super::raw_finance::RawFunding>,
    /// Obligated time per response team (`[time_budget.TEAM]`); absent: none.
    #[serde(default)]
    pub time_budget: super::time_budget::RawTimeBudgets,
    /// Work that follows an incident (`[after_incident]`); absent: none.
    pub after_incident: Option<super::after_incident::RawAfterIncident>,
}

/// A run of days with several times the normal demand.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSurge {
    /// Its name, unique within its kind (as in the scenario and metric names).
    pub name: String,
    /// First day of the surge, `YYYY-MM-DD` (within the horizon).
    pub start_date: String,
    /// Length in days.
    pub days: u32,
    /// Demand multiplier during the surge (3 = three times normal).
    pub multiplier: f64,
    /// Streams affected (names); absent means every stream.
    pub streams: Option<Vec<String>>,
}

/// A type of recorded crime and how it is investigated.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCrimeType {
    /// The investigation team that owns it.
    pub team: String,
    /// Investigator time the investigation needs, hours.
    pub work_hours: RawDist,
    /// Share closed at screening without investigation.
    #[serde(default)]
    pub screened_out_share: f64,
    /// Shares of investigated crimes ending in charge, out_of_court or
    /// no_further_action; sums to 1.
    pub outcome_mix: BTreeMap<String, f64>,
    /// Share needing digital forensics before the investigation can proceed.
    #[serde(default)]
    pub forensics_share: f64,
    /// Compound growth per simulated year of the share of incidents that
    /// record this crime type (recording of this crime grows or falls).
    #[serde(default)]
    pub growth_per_year: f64,
}

/// Investigators holding several cases at once.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInvestigationTeam {
    /// Free text for reports.
    #[serde(default)]
    pub description: String,
    /// Investigators in post, FTE.
    pub headcount: f64,
    /// Most cases one investigator holds at once; more wait unallocated.
    pub caseload_cap: u32,
    /// Contracted hours per investigator per week.
    #[serde(default = "forty")]
    pub contracted_hours_per_week: f64,
    /// Share of contracted time not available for casework, by reason.
    #[serde(default)]
    pub abstraction: RawAbstraction,
    /// Multiplier on headcount in simulated year 1, 2, …; the last value
    /// holds for later years. Empty: 1 throughout.
    #[serde(default)]
    pub staffing_by_year: Vec<f64>,
    /// Cases open at day 0 (allocated or waiting), for a run that starts
    /// with a backlog instead of empty; a whole number, default 0.
    #[serde(default)]
    pub starting_backlog: f64,
}

/// Default paid hours a week (teams' productive-hours figures and the
/// costs' overtime rate).
pub(super) fn forty() -> f64 {
    40.0
}

/// The digital forensics queue.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawForensics {
    /// The investigation team (examiners) that does the work.
    pub team: String,
    /// Examiner time per case, hours.
    pub work_hours: RawDist,
}

/// Defaults for the command line.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawRunDefaults {
    /// Replications when `-n` is not given.
    pub replications: Option<u64>,
    /// Seed when `--seed` is not given.
    pub seed: Option<u64>,
}

/// Relative demand weights. Either `hour_of_week` (168 values, Monday 00:00
/// first) or `hour_of_day` (24) with optional `day_of_week` (7, Monday
/// first); optional `month` (12, January first). Weights are relative: they
/// are normalised so the volume per year is kept.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProfile {
    /// 168 weights, Monday 00:00 first.
    pub hour_of_week: Option<Vec<f64>>,
    /// 24 weights, midnight first.
    pub hour_of_day: Option<Vec<f64>>,
    /// 7 weights, Monday first (with `hour_of_day`).
    pub day_of_week: Option<Vec<f64>>,
    /// 12 weights, January first.
    pub month: Option<Vec<f64>>,
}

/// A contact channel and how its contacts are handled.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChannel {
    /// The team that answers or processes contacts of this channel.
    pub team: String,
    /// Queue priority at that team: 1 is served first.
    pub priority: u8,
    /// Time a handler is busy with one contact, minutes.
    pub handling_min: RawDist,
    /// Time from answer until the incident is graded and can be dispatched, minutes
    /// (capped at the handling time).
    pub grading_min: RawDist,
    /// How long a caller waits before hanging up, minutes. Absent: never abandons.
    pub patience_min: Option<RawDist>,
    /// Answer-time target, seconds (e.g. 10 for 999).
    pub answer_target_s: Option<f64>,
}

/// An incident category: how contacts of this kind are graded and attended.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCategory {
    /// Share of contacts graded g1, g2, g3, g4 or none (no incident); sums to 1.
    pub grade_mix: BTreeMap<String, f64>,
    /// Time each attending unit spends at the scene and on follow-up, minutes.
    pub on_scene_min: RawDist,
    /// Share of attended incidents needing 1, 2, 3 … units; sums to 1.
    #[serde(default = "one_unit")]
    pub units_needed_mix: Vec<f64>,
    /// Share of incidents (G1–G4) of this category that record each crime
    /// type; the rest record none. Shares sum to at most 1.
    #[serde(default)]
    pub crime_mix: BTreeMap<String, f64>,
    /// For missing person episodes: hours until the person is found (risk
    /// is the grade: G1 high, G2 medium, G3 low).
    pub time_to_find_hours: Option<RawDist>,
    /// Compound growth per simulated year of this category's demand, in
    /// every stream that carries it (on top of the stream's own growth).
    #[serde(default)]
    pub growth_per_year: f64,
}

/// A missing persons team's effect on every missing person episode.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMissingPersons {
    /// Multiplier on time to find (FMS 2019: up to a third quicker, 0.67).
    pub time_to_find_factor: f64,
    /// Multiplier on response officers' search time on scene.
    #[serde(default = "one")]
    pub response_search_factor: f64,
}

fn one_unit() -> Vec<f64> {
    vec![1.0]
}

/// A source of demand: one channel, a category mix, a volume and a profile.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStream {
    /// Its name, unique within its kind (as in the scenario and metric names).
    pub name: String,
    /// The channel its contacts arrive on.
    pub channel: String,
    /// Expected contacts per year (365 days).
    pub volume_per_year: f64,
    /// Name of a profile in `[profiles]`; absent means flat.
    pub profile: Option<String>,
    /// Coefficient of variation of the random daily demand level (0 = Poisson).
    #[serde(default)]
    pub daily_level_cv: f64,
    /// Compound growth of the volume per simulated year (0.05 = +5 % a year;
    /// year 1 has `volume_per_year`).
    #[serde(default)]
    pub growth_per_year: f64,
    /// Share of this stream's contacts in each category; sums to 1.
    pub category_mix: BTreeMap<String, f64>,
}

/// A geographic area with its response team and travel times.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawArea {
    /// Share of all demand arising in this area; shares sum to 1.
    pub demand_share: f64,
    /// Share of this area's incidents in urban places (the rest rural).
    pub urban_share: f64,
    /// The team whose units attend incidents here.
    pub response_team: String,
    /// A neighbourhood team that takes the area's G3 appointments, backfills
    /// its response team and does problem-solving (see `activity`).
    pub neighbourhood_team: Option<String>,
    /// Travel time to an urban incident under emergency conditions, minutes.
    pub travel_urban_min: RawDist,
    /// Travel time to a rural incident under emergency conditions, minutes.
    pub travel_rural_min: RawDist,
}

/// The four grades.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGrades {
    /// Emergency attendance.
    pub g1: RawAttendanceGrade,
    /// Priority attendance.
    pub g2: RawAttendanceGrade,
    /// Scheduled attendance.
    pub g3: RawAttendanceGrade,
    /// Resolution without deployment.
    pub g4: RawResolutionGrade,
}

/// A grade that gets an attendance (G1–G3).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAttendanceGrade {
    /// Attendance target from the call, urban places, minutes.
    pub target_urban_min: f64,
    /// Attendance target from the call, rural places, minutes.
    pub target_rural_min: f64,
    /// Travel time multiplier against emergency travel (1 for G1).
    #[serde(default = "one")]
    pub travel_factor: f64,
    /// Whether units on this grade's work may be pulled off it for a G1.
    #[serde(default)]
    pub preemptible_by_g1: bool,
}

fn one() -> f64 {
    1.0
}

/// G4: resolved without deployment by a resolution team.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawResolutionGrade {
    /// The team that resolves G4 work.
    pub team: String,
    /// Time a resolution officer spends on one incident, minutes.
    pub handling_min: RawDist,
    /// Share of G4 incidents that turn out to need an attendance (become G3).
    #[serde(default)]
    pub escalate_share: f64,
    /// Target from the call to resolution, minutes.
    pub target_min: Option<f64>,
}

/// A team of people on a roster.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTeam {
    /// Free text for reports.
    #[serde(default)]
    pub description: String,
    /// People in post (full-time equivalents), for reporting and roster checks.
    pub headcount: Option<f64>,
    /// Share of rostered people unavailable on a shift, by reason.
    #[serde(default)]
    pub abstraction: RawAbstraction,
    /// Servers (handlers, units) kept for the team's top-priority work (999
    /// calls, G1 incidents): other work starts only when more are free.
    #[serde(default)]
    pub reserved_for_top_priority: u32,
    /// Multiplier on every shift's staff in simulated year 1, 2, …; the
    /// last value holds for later years. Empty: 1 throughout.
    #[serde(default)]
    pub staffing_by_year: Vec<f64>,
    /// For a neighbourhood team: how its on-duty time is split.
    pub activity: Option<RawActivity>,
    /// Overtime: extra units called in while the queue is long.
    pub overtime: Option<RawOvertime>,
    /// Hours a year freed by a process change (e.g. the 8,000 supervisory
    /// hours of FMS 2019), returned to the team as available time.
    #[serde(default)]
    pub time_freed_hours_per_year: f64,
    /// Share by which a process change (e.g. a new records system) shortens
    /// this team's work on each job.
    #[serde(default)]
    pub productivity_gain: f64,
    /// People in post by rank or role (constable, sergeant, pcso, staff …);
    /// their sum is the headcount when `headcount` is absent.
    #[serde(default)]
    pub headcount_by_role: BTreeMap<String, f64>,
    /// Contracted hours a week per FTE of the team's police staff (PCSOs,
    /// call handlers, staff investigators), or of its whole plain
    /// `headcount`; officer ranks in `headcount_by_role` work 40
    /// (Police Regulations, Annex E). Absent: a plain headcount is 40.
    pub contracted_hours_per_week: Option<f64>,
    /// Why the hand-typed shifts may carry person-hours more than 5 % away
    /// from the headcount × contracted hours (a reduced model, a team
    /// partly off the roster); without it `check` fails on such a team.
    pub rostered_hours_override_reason: Option<String>,
    /// Relative weight of annual leave in January … December: 12 numbers
    /// ≥ 0 with a mean above 0. A month's leave share is
    /// `abstraction.annual_leave` × its weight ÷ the mean weight, so the
    /// year's leave is unchanged. Empty (the default): the same every month.
    #[serde(default)]
    pub annual_leave_by_month: Vec<f64>,
    /// A repeating pattern of shifts and rest days that rosters the
    /// headcount; then the shifts give only times, not `staff`.
    pub rota: Option<RawRota>,
    /// Abstraction as time, by reason (leave, bank holidays, training,
    /// sickness spells, court, protected learning, secondments), each its
    /// own draw; replaces `abstraction` for this team.
    pub absence: Option<super::abstraction::RawAbsence>,
    /// The fewest people on each shift and the escalation ladder that
    /// fills a shortfall (overtime, rest-day working, backfill).
    pub minimum_staffing: Option<super::escalation::RawMinimum>,
    /// The shift types: hand-typed staff per shift, or (with a rota) the
    /// times and crew sizes the rota's pattern names.
    pub shifts: Vec<RawShift>,
}

/// A rota: the team's people split evenly into `reliefs` groups, each
/// working the same pattern of whole weeks, relief k+1 starting it
/// `offset_days` after relief k (so a 5-relief 10-week pattern has each
/// relief two weeks behind the one before).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRota {
    /// Groups of people working the pattern, ≥ 1.
    pub reliefs: u32,
    /// One string per week, Monday first: seven day entries separated by
    /// spaces, each a shift name from `shifts` or `-` for a rest day.
    pub pattern: Vec<String>,
    /// Days between one relief's start of the pattern and the next's.
    /// Absent: the pattern's days ÷ reliefs (which must divide evenly).
    pub offset_days: Option<u32>,
}

/// Overtime rule: while more than `when_queue_exceeds` jobs wait at the
/// start of an hour, `extra_units` more units work that hour, up to
/// `max_unit_hours_per_week`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOvertime {
    /// Queue length (jobs) above which overtime is called.
    pub when_queue_exceeds: u32,
    /// Units added for each such hour.
    pub extra_units: u32,
    /// Most overtime unit-hours in a week (168 hours from the start of the run).
    pub max_unit_hours_per_week: f64,
}

/// How a neighbourhood team splits its on-duty time; shares sum to 1.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawActivity {
    /// Share of units attending the area's G3 appointments.
    #[serde(default)]
    pub appointments: f64,
    /// Share of units lent to the area's response team.
    #[serde(default)]
    pub backfill_response: f64,
    /// Share of people's time on problem-solving (harm-reduction hubs,
    /// early intervention), which feeds prevention.
    #[serde(default)]
    pub problem_solving: f64,
}

/// Prevention: problem-solving hours reduce repeat demand, after a lag.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPrevention {
    /// Its name, unique within its kind (as in the scenario and metric names).
    pub name: String,
    /// Neighbourhood teams whose problem-solving hours count.
    pub teams: Vec<String>,
    /// Categories of demand it reduces.
    pub categories: Vec<String>,
    /// Share of the targeted demand avoided per 1,000 problem-solving hours
    /// a week above the reference (averaged over four weeks, `lag_days`
    /// earlier). Give this or `reduction_per_doubling_of_hours`, not both.
    #[serde(default)]
    pub reduction_per_1000_hours_per_week: Option<f64>,
    /// Share of the targeted demand avoided if the problem-solving hours a
    /// week rise to twice `reference_hours_per_week` (linear in between):
    /// the effect stated relative to the baseline's own hours, so that it
    /// does not depend on how a force's rosters count its hours or on the
    /// force's size. Needs a reference above 0.
    #[serde(default)]
    pub reduction_per_doubling_of_hours: Option<f64>,
    /// Largest share of the targeted demand that can be avoided.
    pub max_reduction: f64,
    /// Days before problem-solving shows in demand.
    pub lag_days: u32,
    /// Problem-solving hours a week already reflected in the demand volumes
    /// (the baseline's): only hours above this avoid demand.
    #[serde(default)]
    pub reference_hours_per_week: f64,
}

/// Abstraction shares by reason; their sum is the share of rostered people
/// not available on a given shift.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawAbstraction {
    /// Share away on annual leave, in [0, 1].
    #[serde(default)]
    pub annual_leave: f64,
    /// Share away sick, in [0, 1].
    #[serde(default)]
    pub sickness: f64,
    /// Share away training, in [0, 1].
    #[serde(default)]
    pub training: f64,
    /// Share away at court, in [0, 1].
    #[serde(default)]
    pub court: f64,
    /// Share away for any other reason, in [0, 1].
    #[serde(default)]
    pub other: f64,
}

/// One shift of a roster, repeated on the given days.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawShift {
    /// Its name, unique within its kind (as in the scenario and metric names).
    pub name: String,
    /// Start hour, 0–23.
    pub start_hour: u32,
    /// Length in whole hours, 1–24.
    pub length_hours: u32,
    /// People rostered on this shift (before abstraction); required
    /// without a rota, not allowed with one (the rota gives the staff).
    pub staff: Option<u32>,
    /// People per unit (1 single-crewed, 2 double-crewed).
    #[serde(default = "one_person")]
    pub crew_size: u32,
    /// Days the shift runs (`mon` … `sun`); absent means every day.
    pub days: Option<Vec<String>>,
}

fn one_person() -> u32 {
    1
}

/// Officers in post outside the simulated teams, for the force total.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawWorkforce {
    /// Officers by function not modelled as teams here (name → FTE).
    #[serde(default)]
    pub other_officers: BTreeMap<String, f64>,
}

/// A distribution in the scenario: `{ dist = "lognormal", mean = 6, sd = 3 }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "dist", rename_all = "lowercase", deny_unknown_fields)]
pub enum RawDist {
    /// Always `value`.
    Fixed {
        /// The value, in the unit of the key that holds the distribution.
        value: f64,
    },
    /// Exponential with this mean.
    Exponential {
        /// Mean, in the key's unit (> 0).
        mean: f64,
    },
    /// Lognormal with this mean and standard deviation.
    Lognormal {
        /// Mean of the lognormal itself (not of its logarithm), key's unit.
        mean: f64,
        /// Standard deviation of the lognormal itself, key's unit.
        sd: f64,
    },
    /// Gamma with this mean and standard deviation.
    Gamma {
        /// Mean, in the key's unit (> 0).
        mean: f64,
        /// Standard deviation, in the key's unit (> 0).
        sd: f64,
    },
    /// `values` drawn with relative `weights` (same length).
    Empirical {
        /// The values drawn, in the key's unit.
        values: Vec<f64>,
        /// Relative weight of each value (same length as `values`, ≥ 0,
        /// not all 0).
        weights: Vec<f64>,
    },
}
