//! The validated model: what the simulation accepts.
//!
//! Built only by [`crate::scenario::validate::compile`], these types cannot hold
//! invalid values: shares are in [0, 1], mixes are cumulative and end at 1,
//! profiles have the right length and mean 1, every index refers to an
//! existing channel, category, area or team, and every team that is routed
//! work has staff at some hour of the week.

use crate::dist::Dist;
use crate::time::{HOURS_PER_WEEK, SimTime};

/// Most units one incident may need: a property of the model (the
/// simulation keeps fixed-size per-unit arrays of this length per case;
/// validation rejects scenarios that ask for more).
pub const MAX_UNITS_PER_INCIDENT: usize = 8;

/// A compiled scenario.
#[derive(Debug, Clone)]
pub struct Model {
    /// The scenario's short name, for reports.
    pub name: String,
    /// Free text for reports.
    pub description: String,
    /// End of the simulated period.
    pub horizon: SimTime,
    /// Demand arriving before this time is not counted in statistics.
    pub warmup: SimTime,
    /// Calendar of each simulated day (index = day since start).
    pub days: Vec<Day>,
    /// Weekday of day 0 (0 = Monday).
    pub first_weekday: usize,
    /// Contact channels (999, 101, online …).
    pub channels: Vec<Channel>,
    /// Incident categories.
    pub categories: Vec<Category>,
    /// Demand streams.
    pub streams: Vec<Stream>,
    /// Geographic areas, each with its response team.
    pub areas: Vec<Area>,
    /// Cumulative shares of demand by area (same order as `areas`).
    pub area_cumulative: Vec<f64>,
    /// Attendance and resolution settings by grade.
    pub grades: Grades,
    /// Rostered teams; areas, channels and grades refer to them by index.
    pub teams: Vec<Team>,
    /// Replications and seed when the command line gives none.
    pub defaults: RunDefaults,
    /// Officers in post outside the simulated teams, FTE.
    pub other_officers: f64,
    /// Recorded crime types.
    pub crime_types: Vec<CrimeType>,
    /// Investigation teams; crime types refer to them by index.
    pub investigation_teams: Vec<InvestigationTeam>,
    /// The digital forensics stage, if any.
    pub forensics: Option<Forensics>,
    /// Surges: (name, first day, days), for reporting recovery.
    pub surges: Vec<(String, u64, u64)>,
    /// Prevention programmes.
    pub prevention: Vec<Prevention>,
    /// Missing persons team effect: (time-to-find factor, response search factor).
    pub missing_persons_team: Option<(f64, f64)>,
    /// The cost model (`[costs]`), if the scenario has one.
    pub costs: Option<crate::finance::model::CostModel>,
    /// Funding (`[funding]`), if the scenario has it.
    pub funding: Option<crate::finance::model::Funding>,
    /// Per team (`teams` order): its time budget (briefing, breaks,
    /// administration), or `None` for no obligated time.
    pub time_budgets: Vec<Option<super::time_budget::TimeBudget>>,
    /// Work that follows an incident, done by the teams with a time budget
    /// (`[after_incident]`), if the scenario has it.
    pub after_incident: Option<super::after_incident::AfterIncident>,
    /// Atoms, bases and travel (`[geography]`), if the scenario has them.
    pub geography: Option<super::geography::Geography>,
}

/// How an investigation ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Charge or summons.
    Charge,
    /// Out-of-court disposal (caution, community resolution).
    OutOfCourt,
    /// No further action.
    NoFurtherAction,
}

impl Outcome {
    /// Every outcome, in mix order.
    pub const ALL: [Outcome; 3] = [
        Outcome::Charge,
        Outcome::OutOfCourt,
        Outcome::NoFurtherAction,
    ];

    /// The key used in scenarios and metric names.
    pub fn key(self) -> &'static str {
        match self {
            Outcome::Charge => "charge",
            Outcome::OutOfCourt => "out_of_court",
            Outcome::NoFurtherAction => "no_further_action",
        }
    }
}

/// A recorded crime type.
#[derive(Debug, Clone)]
pub struct CrimeType {
    /// Its name, unique within its kind (as in the scenario and metric names).
    pub name: String,
    /// Index into `Model::investigation_teams`.
    pub team: usize,
    /// Investigator hours per investigation.
    pub work_hours: Dist,
    /// Share closed at screening without investigation, in [0, 1].
    pub screened_out_share: f64,
    /// Cumulative shares over [`Outcome::ALL`]; the last is 1.
    pub outcome_cumulative: [f64; 3],
    /// Share needing digital forensics first, in [0, 1].
    pub forensics_share: f64,
    /// Compound growth of its recording share per simulated year.
    pub growth_per_year: f64,
}

/// Investigators with a caseload cap.
///
/// The team is modelled as `slots = headcount × caseload_cap` case slots.
/// An allocated case holds a slot until its work is done; an investigator
/// spreads productive hours over a full caseload, so a case needing `h`
/// hours takes `h × caseload_cap / productive_hours_per_week` weeks. Cases
/// beyond the slots wait unallocated (the backlog).
#[derive(Debug, Clone)]
pub struct InvestigationTeam {
    /// Its name, unique within its kind (as in the scenario and metric names).
    pub name: String,
    /// Investigators in post, FTE, ≥ 0.
    pub headcount: f64,
    /// Most cases one investigator holds at once, ≥ 1.
    pub caseload_cap: u32,
    /// Productive hours per investigator per week (contracted × (1 − abstraction)).
    pub productive_hours_per_week: f64,
    /// Case slots, ≥ 1 for a team that owns any crime type.
    pub slots: u32,
    /// Headcount multiplier by simulated year (last value holds); may be empty.
    pub staffing_by_year: Vec<f64>,
    /// Cases open at day 0 (0 ..= `MAX_STARTING_BACKLOG` of the scenario
    /// checker): allocated to free slots first, the rest waiting. 0 for a
    /// run that starts empty.
    pub starting_backlog: u32,
}

/// The staffing multiplier of simulated `year` (0-based) from a plan.
pub fn staffing_in_year(plan: &[f64], year: usize) -> f64 {
    plan.get(year).or(plan.last()).copied().unwrap_or(1.0)
}

impl InvestigationTeam {
    /// Case slots in simulated `year` (0-based).
    pub fn slots_in_year(&self, year: usize) -> u32 {
        (f64::from(self.slots) * staffing_in_year(&self.staffing_by_year, year)).round() as u32
    }

    /// Calendar time, ms, for a case needing `hours` of investigator time.
    pub fn duration_ms(&self, hours: f64) -> u64 {
        let weeks = hours * f64::from(self.caseload_cap) / self.productive_hours_per_week.max(1e-9);
        crate::time::minutes_to_ms(weeks * 7.0 * 24.0 * 60.0)
    }
}

/// The digital forensics stage.
#[derive(Debug, Clone)]
pub struct Forensics {
    /// Index into `Model::investigation_teams`.
    pub team: usize,
    /// Examiner hours per case.
    pub work_hours: Dist,
}

impl Model {
    /// The simulated horizon in days (at least 1; not always whole), as
    /// reports state it.
    pub fn horizon_days(&self) -> f64 {
        self.horizon.as_hours() / 24.0
    }

    /// Simulated years of 365 days the horizon spans (at least 1).
    pub fn years(&self) -> usize {
        (self.days.len().max(1) as u64).div_ceil(crate::time::DAYS_PER_YEAR) as usize
    }
}

/// Defaults for a batch when the command line gives none.
#[derive(Debug, Clone, Copy)]
pub struct RunDefaults {
    /// Replications, ≥ 1.
    pub replications: u64,
    /// Base seed of every random stream.
    pub seed: u64,
}

/// One calendar day of the run.
#[derive(Debug, Clone, Copy)]
pub struct Day {
    /// 0 = Monday … 6 = Sunday.
    pub weekday: usize,
    /// 0 = January … 11 = December.
    pub month: usize,
}

/// A contact channel (999, 101, online …).
#[derive(Debug, Clone)]
pub struct Channel {
    /// Its name, unique within its kind (as in the scenario and metric names).
    pub name: String,
    /// Index of the team that handles it.
    pub team: usize,
    /// Queue class at that team; lower is served first.
    pub priority: u8,
    /// Handler busy time per contact, minutes.
    pub handling_min: Dist,
    /// Answer to incident creation, minutes (capped at handling).
    pub grading_min: Dist,
    /// Caller patience, minutes; `None` = never abandons.
    pub patience_min: Option<Dist>,
    /// Answer-time target, seconds.
    pub answer_target_s: Option<f64>,
}

/// The outcome of grading a contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Grade {
    /// Emergency attendance.
    G1,
    /// Priority attendance.
    G2,
    /// Scheduled attendance.
    G3,
    /// Resolved without deployment.
    G4,
    /// No incident: advice, information or transfer.
    NoIncident,
}

impl Grade {
    /// All grades, in mix order.
    pub const ALL: [Grade; 5] = [
        Grade::G1,
        Grade::G2,
        Grade::G3,
        Grade::G4,
        Grade::NoIncident,
    ];
    /// Grades that get an attendance.
    pub const ATTENDED: [Grade; 3] = [Grade::G1, Grade::G2, Grade::G3];

    /// The key used in scenarios and metric names.
    pub fn key(self) -> &'static str {
        match self {
            Grade::G1 => "g1",
            Grade::G2 => "g2",
            Grade::G3 => "g3",
            Grade::G4 => "g4",
            Grade::NoIncident => "none",
        }
    }

    /// Index into [`Grade::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// An incident category.
#[derive(Debug, Clone)]
pub struct Category {
    /// Its name, unique within its kind (as in the scenario and metric names).
    pub name: String,
    /// Cumulative probabilities over [`Grade::ALL`]; the last is 1.
    pub grade_cumulative: [f64; 5],
    /// Time each unit spends on scene, minutes.
    pub on_scene_min: Dist,
    /// Cumulative probabilities of needing 1, 2, … units; the last is 1.
    pub units_cumulative: Vec<f64>,
    /// By simulated year: (crime type index, cumulative share); the last
    /// share is at most 1 (the rest record no crime).
    pub crime_cumulative: Vec<Vec<(usize, f64)>>,
    /// Compound growth of this category's demand per simulated year.
    pub growth_per_year: f64,
    /// Missing person episodes: hours to find (before any team effect).
    pub time_to_find_hours: Option<Dist>,
}

/// A stream of demand.
#[derive(Debug, Clone)]
pub struct Stream {
    /// Its name, unique within its kind (as in the scenario and metric names).
    pub name: String,
    /// Index into `Model::channels`.
    pub channel: usize,
    /// Expected arrivals per year (365 days).
    pub volume_per_year: f64,
    /// Relative rate by hour of week (Monday 00:00 first), mean 1.
    pub hour_of_week: [f64; HOURS_PER_WEEK],
    /// Relative daily rate by month, weighted by days in the month so that a
    /// 365-day year keeps `volume_per_year`.
    pub month: [f64; 12],
    /// Coefficient of variation of the daily level (0 = none).
    pub daily_level_cv: f64,
    /// Compound growth of the volume per simulated year.
    pub growth_per_year: f64,
    /// By simulated year: demand multiplier from category growth, and
    /// (category index, cumulative share) with the last share 1.
    pub by_year: Vec<YearMix>,
    /// Surges affecting this stream: (first day, days, multiplier).
    pub surges: Vec<(u64, u64, f64)>,
}

impl Stream {
    /// Mean arrivals per hour over a 365-day year.
    pub fn mean_rate_per_hour(&self) -> f64 {
        self.volume_per_year / (365.0 * 24.0)
    }
}

/// A stream's category mix in one simulated year.
#[derive(Debug, Clone)]
pub struct YearMix {
    /// Volume multiplier from its categories' growth (1 in year 1).
    pub rate_factor: f64,
    /// (category index, cumulative share); the last share is 1.
    pub category_cumulative: Vec<(usize, f64)>,
}

/// A geographic area.
#[derive(Debug, Clone)]
pub struct Area {
    /// Its name, unique within its kind (as in the scenario and metric names).
    pub name: String,
    /// Share of incidents in urban places.
    pub urban_share: f64,
    /// Index of the team attending incidents here.
    pub response_team: usize,
    /// Index of the neighbourhood team taking G3 appointments, if any.
    pub neighbourhood_team: Option<usize>,
    /// Emergency travel time, urban, minutes.
    pub travel_urban_min: Dist,
    /// Emergency travel time, rural, minutes.
    pub travel_rural_min: Dist,
}

/// Attendance targets and travel for G1–G3.
#[derive(Debug, Clone)]
pub struct AttendanceGrade {
    /// Call-to-arrival target, urban, minutes.
    pub target_urban_min: f64,
    /// Call-to-arrival target, rural, minutes.
    pub target_rural_min: f64,
    /// Multiplier on emergency travel time.
    pub travel_factor: f64,
    /// Units on this work may be diverted to a G1.
    pub preemptible_by_g1: bool,
}

/// G4 handling.
#[derive(Debug, Clone)]
pub struct ResolutionGrade {
    /// Index of the team resolving G4 work.
    pub team: usize,
    /// Time per incident, minutes.
    pub handling_min: Dist,
    /// Share escalated to a G3 attendance.
    pub escalate_share: f64,
    /// Call-to-resolution target, minutes.
    pub target_min: Option<f64>,
}

/// All grades' settings.
#[derive(Debug, Clone)]
pub struct Grades {
    /// G1, G2, G3 in that order.
    pub attendance: [AttendanceGrade; 3],
    /// G4: resolved without deployment.
    pub g4: ResolutionGrade,
}

/// The reasons a rostered person is abstracted (the keys of a team's
/// `abstraction` table), in the order of [`Team::abstraction_by_reason`].
pub const ABSTRACTION_REASONS: [&str; 5] =
    ["annual_leave", "sickness", "training", "court", "other"];

/// A rostered team.
#[derive(Debug, Clone)]
pub struct Team {
    /// Its name, unique within its kind (as in the scenario and metric names).
    pub name: String,
    /// People in post, FTE, if given.
    pub headcount: Option<f64>,
    /// Share of rostered people unavailable on a shift (sum of reasons), in [0, 1).
    pub abstraction_share: f64,
    /// The configured share of each reason of [`ABSTRACTION_REASONS`], in
    /// that order, each in [0, 1] (before time freed lowers the total): the
    /// outputs split the abstracted hours among reasons in these proportions.
    pub abstraction_by_reason: [f64; 5],
    /// With a leave profile (`annual_leave_by_month`): the total
    /// abstraction share in January … December, each in [0, 1); `None`:
    /// [`Team::abstraction_share`] every month.
    pub abstraction_by_month: Option<[f64; 12]>,
    /// Servers kept free for top-priority work (see [`crate::sim::team`]).
    pub reserved_for_top_priority: u32,
    /// Staff multiplier by simulated year (last value holds); may be empty.
    pub staffing_by_year: Vec<f64>,
    /// For a neighbourhood team: how on-duty time is split.
    pub activity: Option<Activity>,
    /// Overtime: (queue threshold, extra units, unit-hours per week).
    pub overtime: Option<(u32, u32, f64)>,
    /// Share by which work at this team is shortened (0 = none).
    pub productivity_gain: f64,
    /// The shifts: hand-typed staff, or (with a rota) the shift types its pattern names.
    pub shifts: Vec<Shift>,
    /// True if this team attends incidents (its units travel).
    pub is_response: bool,
    /// Contracted hours a week per FTE in post, FTE-weighted over the
    /// team's roles (officers 40, Police Regulations Annex E; police staff
    /// as their contract says); `None` without a headcount. > 0, ≤ 168.
    pub contracted_hours_per_week: Option<f64>,
    /// The rota that rosters the headcount, if the team has one; then each
    /// shift's staff on a day comes from it, not from [`Shift::staff`].
    pub rota: Option<Rota>,
    /// Abstraction as time, by reason, each its own draw; `None`: the
    /// single [`Team::abstraction_share`] draw (then that share is 0 here).
    pub absence: Option<super::abstraction::Absence>,
    /// The fewest people on each shift and the ladder that fills a
    /// shortfall, if the team has a minimum.
    pub minimum: Option<super::escalation::MinimumStaffing>,
}

/// A compiled rota: people rostered on each shift on each day of a
/// repeating cycle of whole weeks. Cycle day 0 is the run's first day.
///
/// Staff are the base figures (before the team's staffing plan, as a
/// hand-typed shift's `staff` is): the roster multiplies them by the plan
/// of the simulated year, so year 1 rosters the headcount.
#[derive(Debug, Clone)]
pub struct Rota {
    /// Days in one cycle: 7 × the pattern's weeks, ≥ 7.
    pub cycle_days: usize,
    /// `staff[shift][day]`: people rostered on shift `shift` (index into
    /// [`Team::shifts`]) starting on cycle day `day`; each inner vector has
    /// `cycle_days` entries.
    pub staff: Vec<Vec<u32>>,
}

impl Rota {
    /// People rostered on `shift` starting on absolute run day `day`.
    pub fn staff_on(&self, shift: usize, day: u64) -> u32 {
        let cycle = self.cycle_days.max(1) as u64;
        self.staff
            .get(shift)
            .and_then(|by_day| by_day.get((day % cycle) as usize))
            .copied()
            .unwrap_or(0)
    }

    /// Person-hours rostered per week, averaged over the cycle (before
    /// abstraction and before the staffing plan), given the team's shifts.
    pub fn person_hours_per_week(&self, shifts: &[Shift]) -> f64 {
        let weeks = self.cycle_days.max(1) as f64 / 7.0;
        self.staff
            .iter()
            .zip(shifts)
            .map(|(by_day, s)| {
                by_day.iter().map(|&n| f64::from(n)).sum::<f64>() * f64::from(s.length_hours)
            })
            .sum::<f64>()
            / weeks
    }
}

impl Team {
    /// The share of rostered people abstracted in `month` (0 = January),
    /// in [0, 1): the month's share with a leave profile, else (or without
    /// a month) [`Team::abstraction_share`].
    pub fn abstraction_in(&self, month: Option<usize>) -> f64 {
        match (&self.abstraction_by_month, month) {
            (Some(by_month), Some(m)) => by_month[m % 12],
            _ => self.abstraction_share,
        }
    }

    /// Units on duty at each hour of the week before abstraction (staff
    /// divided by crew size, by shift). For a rota team each shift's staff
    /// is its mean over the cycle, rounded (see [`Shift::staff`]).
    pub fn rostered_units_by_hour(&self) -> [u32; HOURS_PER_WEEK] {
        let mut units = [0u32; HOURS_PER_WEEK];
        for shift in &self.shifts {
            for (day, &on) in shift.days.iter().enumerate() {
                if !on {
                    continue;
                }
                for h in 0..shift.length_hours {
                    let how = (day * 24 + shift.start_hour as usize + h as usize) % HOURS_PER_WEEK;
                    units[how] += shift.staff / shift.crew_size;
                }
            }
        }
        units
    }

    /// Person-hours rostered per week (before abstraction and before the
    /// staffing plan); for a rota team, the mean over its cycle.
    pub fn rostered_person_hours_per_week(&self) -> f64 {
        if let Some(rota) = &self.rota {
            return rota.person_hours_per_week(&self.shifts);
        }
        self.shifts
            .iter()
            .map(|s| {
                f64::from(s.staff * s.length_hours) * s.days.iter().filter(|d| **d).count() as f64
            })
            .sum()
    }
}

/// A neighbourhood team's split of on-duty time; shares sum to 1.
#[derive(Debug, Clone, Copy)]
pub struct Activity {
    /// Share of units on the area's G3 appointments.
    pub appointments: f64,
    /// Share of units lent to the area's response team.
    pub backfill_response: f64,
    /// Share of people's time on problem-solving.
    pub problem_solving: f64,
}

/// A prevention programme.
#[derive(Debug, Clone)]
pub struct Prevention {
    /// Its name, unique within its kind (as in the scenario and metric names).
    pub name: String,
    /// Team indices whose problem-solving hours count.
    pub teams: Vec<usize>,
    /// `targets[c]`: category `c` is reduced.
    pub targets: Vec<bool>,
    /// Share avoided per 1,000 problem-solving hours a week.
    pub reduction_per_1000_hours_per_week: f64,
    /// Largest share of targeted demand avoided, in [0, 1].
    pub max_reduction: f64,
    /// Days before problem-solving shows in demand.
    pub lag_days: u64,
    /// Hours a week already reflected in the volumes.
    pub reference_hours_per_week: f64,
}

impl Prevention {
    /// The share of targeted demand avoided given `hours_per_week` of
    /// problem-solving (lagged): proportional to the hours above the
    /// reference, capped.
    pub fn reduction(&self, hours_per_week: f64) -> f64 {
        let extra = hours_per_week - self.reference_hours_per_week;
        (self.reduction_per_1000_hours_per_week * extra / 1000.0).clamp(0.0, self.max_reduction)
    }
}

/// One shift, repeated on the days it runs.
#[derive(Debug, Clone)]
pub struct Shift {
    /// Its name, unique within its kind (as in the scenario and metric names).
    pub name: String,
    /// Start hour of day, 0–23.
    pub start_hour: u32,
    /// Length, whole hours, 1–24.
    pub length_hours: u32,
    /// People rostered (before abstraction). For a rota team, the mean
    /// over the rota's cycle, rounded (the roster uses [`Team::rota`]).
    pub staff: u32,
    /// People per unit, ≥ 1.
    pub crew_size: u32,
    /// Runs on Monday … Sunday (the day it *starts*).
    pub days: [bool; 7],
}
