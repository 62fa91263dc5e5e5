//! The one table of metric names → plain-English labels, descriptions,
//! units and the direction that is better. Every output that shows a
//! metric to a person (the HTML report, the workbook, the comparison
//! table) takes its words from here; the dotted names stay the stable
//! keys of the CSV and JSON files.
//!
//! A pattern is a dotted name in which `*` stands for one segment (a
//! team, crime type, channel, grade, area or year). The label and the
//! description refer to the segments matched by `*` as `{1}`, `{2}`, …
//! in order; a matched segment is shown in words (`response_north` →
//! "response north", `g1` → "G1").

/// Which way a metric improves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Lower is better (waits, abandoned calls, backlogs, cost).
    Lower,
    /// Higher is better (shares within target, outcomes).
    Higher,
    /// Neither: a volume or a setting (demand offered, staff on duty).
    Neither,
}

impl Direction {
    /// In words, for a table cell: "lower is better", or "".
    pub fn words(self) -> &'static str {
        match self {
            Direction::Lower => "lower is better",
            Direction::Higher => "higher is better",
            Direction::Neither => "",
        }
    }
}

/// One row of the table.
#[derive(Clone, Copy, Debug)]
pub struct LabelRule {
    /// Dotted name with `*` for one segment.
    pub pattern: &'static str,
    /// Short label ("G1 mean response time").
    pub label: &'static str,
    /// What it counts and on what basis.
    pub description: &'static str,
    /// The unit in words ("minutes", "% of calls", "£ a year").
    pub unit: &'static str,
    pub better: Direction,
}

/// A metric described in words.
#[derive(Clone, Debug, PartialEq)]
pub struct Described {
    pub label: String,
    pub description: String,
    pub unit: &'static str,
    pub better: Direction,
}

use Direction::{Higher, Lower, Neither};

macro_rules! rule {
    ($p:expr, $l:expr, $d:expr, $u:expr, $b:expr) => {
        LabelRule {
            pattern: $p,
            label: $l,
            description: $d,
            unit: $u,
            better: $b,
        }
    };
}

/// Every metric family. More specific patterns come first.
pub const RULES: &[LabelRule] = &[
    rule!(
        "surge.*.*.peak_queue",
        "{1} surge: {2}'s peak queue",
        "The longest queue for {2} from the {1} surge's first day to 30 days after its last.",
        "jobs",
        Lower
    ),
    rule!(
        "surge.*.*.recovery_days",
        "{1} surge: {2}'s days to recover",
        "Days after the {1} surge's last day until {2}'s end-of-day queue was back within 10 % (or one job) of its usual level.",
        "days",
        Lower
    ),
    // Contact
    rule!(
        "calls.*.offered",
        "{1} contacts offered",
        "Contacts arriving on the {1} channel after the warm-up.",
        "contacts",
        Neither
    ),
    rule!(
        "calls.*.answered",
        "{1} contacts answered",
        "Contacts on the {1} channel answered by a call handler or the online desk.",
        "contacts",
        Neither
    ),
    rule!(
        "calls.*.abandoned",
        "{1} contacts abandoned",
        "Contacts on the {1} channel whose caller gave up before being answered.",
        "contacts",
        Lower
    ),
    rule!(
        "calls.*.abandoned_share",
        "{1} contacts abandoned (share)",
        "Abandoned contacts as a share of those offered on the {1} channel.",
        "% of contacts",
        Lower
    ),
    rule!(
        "calls.*.answer_time_mean_s",
        "{1} mean time to answer",
        "Mean time from arrival to answer of answered contacts on the {1} channel.",
        "seconds",
        Lower
    ),
    rule!(
        "calls.*.answer_time_p90_s",
        "{1} time to answer, 90th percentile",
        "Nine in ten answered {1} contacts were answered within this time.",
        "seconds",
        Lower
    ),
    rule!(
        "calls.*.answer_time_p95_s",
        "{1} time to answer, 95th percentile",
        "Nineteen in twenty answered {1} contacts were answered within this time.",
        "seconds",
        Lower
    ),
    rule!(
        "calls.*.answered_within_10s_share",
        "{1} answered within 10 seconds",
        "Share of {1} contacts answered within 10 seconds (the national 999 standard is 90 %).",
        "% of contacts",
        Higher
    ),
    rule!(
        "calls.*.answered_without_wait_share",
        "{1} answered without waiting",
        "Share of {1} contacts answered the moment they arrived.",
        "% of contacts",
        Higher
    ),
    rule!(
        "calls.*.waiting_at_end",
        "{1} contacts waiting at the end",
        "Contacts on the {1} channel still waiting to be answered when the run ended.",
        "contacts",
        Lower
    ),
    rule!(
        "contacts.awaiting_grading_at_end",
        "Contacts awaiting grading at the end",
        "Answered contacts not yet graded when the run ended.",
        "contacts",
        Lower
    ),
    rule!(
        "contacts.no_incident",
        "Contacts needing no incident",
        "Answered contacts resolved at first contact, creating no incident.",
        "contacts",
        Neither
    ),
    rule!(
        "demand.*.offered",
        "{1} demand offered",
        "Pieces of demand of category {1} arriving after the warm-up.",
        "contacts",
        Neither
    ),
    // Incidents and response
    rule!(
        "incidents.total",
        "Incidents created",
        "Incidents created from answered contacts, all grades.",
        "incidents",
        Neither
    ),
    rule!(
        "incidents.attended",
        "Incidents attended",
        "Incidents a unit arrived at.",
        "incidents",
        Neither
    ),
    rule!(
        "incidents.attended_share",
        "Incidents attended (share)",
        "Share of incidents a unit arrived at (G4 is mostly resolved without attendance).",
        "% of incidents",
        Neither
    ),
    rule!(
        "incidents.g4_escalated",
        "G4 incidents escalated",
        "G4 incidents re-graded for attendance.",
        "incidents",
        Lower
    ),
    rule!(
        "incidents.g4_resolution_time_mean_min",
        "G4 mean time to resolve",
        "Mean time from creation to resolution of G4 incidents.",
        "minutes",
        Lower
    ),
    rule!(
        "incidents.g4_resolved",
        "G4 incidents resolved",
        "G4 incidents resolved by the resolution centre.",
        "incidents",
        Higher
    ),
    rule!(
        "incidents.g4_waiting_at_end",
        "G4 incidents waiting at the end",
        "G4 incidents not yet resolved when the run ended.",
        "incidents",
        Lower
    ),
    rule!(
        "incidents.g4_within_target_share",
        "G4 resolved within target",
        "Share of G4 incidents resolved within their target.",
        "% of incidents",
        Higher
    ),
    rule!(
        "incidents.*",
        "{1} incidents created",
        "Incidents graded {1}.",
        "incidents",
        Neither
    ),
    rule!(
        "response.*.response_time_mean_min",
        "{1} mean response time",
        "Mean time from the call to the first unit's arrival, attended {1} incidents.",
        "minutes",
        Lower
    ),
    rule!(
        "response.*.response_time_p90_min",
        "{1} response time, 90th percentile",
        "Nine in ten attended {1} incidents were reached within this time.",
        "minutes",
        Lower
    ),
    rule!(
        "response.*.response_time_p95_min",
        "{1} response time, 95th percentile",
        "Nineteen in twenty attended {1} incidents were reached within this time.",
        "minutes",
        Lower
    ),
    rule!(
        "response.*.within_target_share",
        "{1} attended within target",
        "Share of attended {1} incidents reached within the attendance target.",
        "% of incidents",
        Higher
    ),
    rule!(
        "response.*.*.within_target_share",
        "{1} attended within target, {2} areas",
        "Share of attended {1} incidents in {2} areas reached within that area type's target.",
        "% of incidents",
        Higher
    ),
    rule!(
        "response.*.attended",
        "{1} incidents attended",
        "{1} incidents a unit arrived at.",
        "incidents",
        Neither
    ),
    rule!(
        "response.*.dispatched",
        "{1} incidents dispatched",
        "{1} incidents a unit was sent to.",
        "incidents",
        Neither
    ),
    rule!(
        "response.*.unattended_at_end",
        "{1} incidents unattended at the end",
        "{1} incidents still waiting for a unit when the run ended.",
        "incidents",
        Lower
    ),
    // Teams
    rule!(
        "teams.*.utilisation",
        "{1}: utilisation on queued jobs",
        "Share of on-duty unit time spent on queued jobs (calls, incidents, appointments) within shifts. Problem-solving and patrol are not queued jobs: a team doing only those (PCSOs) reads 0 %; its work is in productive person-hours and the neighbourhood hours.",
        "% of on-duty time",
        Neither
    ),
    rule!(
        "teams.*.queue_wait_mean_min",
        "{1}: mean wait in the queue",
        "Mean time a job waited for one of {1}'s units.",
        "minutes",
        Lower
    ),
    rule!(
        "teams.*.queue_wait_p90_min",
        "{1}: wait in the queue, 90th percentile",
        "Nine in ten jobs for {1} waited no longer than this.",
        "minutes",
        Lower
    ),
    rule!(
        "teams.*.*.queue_wait_mean_min",
        "{1}: mean wait in the queue, {2}",
        "Mean time a {2} job waited for one of {1}'s units.",
        "minutes",
        Lower
    ),
    rule!(
        "teams.*.*.jobs_started",
        "{1}: {2} jobs started",
        "{2} jobs {1} started.",
        "jobs",
        Neither
    ),
    rule!(
        "teams.*.jobs_started",
        "{1}: jobs started",
        "Jobs {1} started.",
        "jobs",
        Neither
    ),
    rule!(
        "teams.*.backlog_growth_per_day",
        "{1}: queue growth a day",
        "Slope of {1}'s queue over the run; clearly above zero means the team cannot keep up.",
        "jobs a day",
        Lower
    ),
    rule!(
        "teams.*.busy_hours",
        "{1}: busy unit-hours",
        "Unit-hours spent on queued jobs.",
        "hours",
        Neither
    ),
    rule!(
        "teams.*.in_service_at_end",
        "{1}: jobs in service at the end",
        "Jobs {1} was working on when the run ended.",
        "jobs",
        Neither
    ),
    rule!(
        "teams.*.offered_load_erlangs",
        "{1}: offered load",
        "Work offered to {1} in unit-hours per hour (erlangs).",
        "units",
        Neither
    ),
    rule!(
        "teams.*.overrun_hours",
        "{1}: hours past the end of shifts",
        "Unit-hours worked past the end of a shift to finish a job.",
        "hours",
        Lower
    ),
    rule!(
        "teams.*.overtime_unit_hours",
        "{1}: overtime unit-hours",
        "Unit-hours of overtime.",
        "hours",
        Lower
    ),
    rule!(
        "teams.*.people_on_duty_mean",
        "{1}: people on duty (mean)",
        "Mean number of people of {1} on duty after abstraction.",
        "people",
        Neither
    ),
    rule!(
        "teams.*.units_on_duty_mean",
        "{1}: units on duty (mean)",
        "Mean number of units (people or crews) of {1} on duty after abstraction.",
        "units",
        Neither
    ),
    rule!(
        "teams.*.productive_person_hours",
        "{1}: productive person-hours",
        "Person-hours of every kind of work {1} did (queued jobs, problem-solving, appointments).",
        "hours",
        Neither
    ),
    rule!(
        "teams.*.productive_hours_per_fte_year",
        "{1}: productive hours per FTE a year",
        "Productive person-hours per full-time equivalent in post, a year.",
        "hours",
        Neither
    ),
    rule!(
        "teams.*.queue_entries_per_hour",
        "{1}: jobs queued an hour",
        "Jobs that had to queue for {1}, per hour.",
        "jobs an hour",
        Lower
    ),
    rule!(
        "teams.*.queue_length_mean",
        "{1}: mean queue length",
        "Time-averaged number of jobs waiting for {1}.",
        "jobs",
        Lower
    ),
    rule!(
        "teams.*.queued_at_end",
        "{1}: jobs queued at the end",
        "Jobs waiting for {1} when the run ended.",
        "jobs",
        Lower
    ),
    rule!(
        "teams.*.strained_hours_share",
        "{1}: strained hours",
        "Share of hours in which every unit of {1} was busy and work was waiting.",
        "% of hours",
        Lower
    ),
    rule!(
        "teams.*.time_in_queue_per_entry_min",
        "{1}: time in queue per job queued",
        "Mean time in the queue of the jobs that had to queue.",
        "minutes",
        Lower
    ),
    rule!(
        "teams.*.waited_share",
        "{1}: jobs that waited",
        "Share of {1}'s jobs that had to wait for a unit.",
        "% of jobs",
        Lower
    ),
    rule!(
        "neighbourhood.*.hours_appointments",
        "{1}: hours on appointments",
        "Person-hours {1} spent on scheduled appointments.",
        "hours",
        Neither
    ),
    rule!(
        "neighbourhood.*.hours_backfill_response",
        "{1}: hours backfilling response",
        "Person-hours {1} spent attending incidents for response teams.",
        "hours",
        Neither
    ),
    rule!(
        "neighbourhood.*.hours_problem_solving",
        "{1}: hours problem-solving",
        "Person-hours {1} spent on problem-solving.",
        "hours",
        Neither
    ),
    // Crime and investigation
    rule!(
        "crimes.recorded",
        "Crimes recorded",
        "Crimes recorded from incidents, by recording date.",
        "crimes",
        Neither
    ),
    rule!(
        "crimes.investigated",
        "Crimes investigated",
        "Crimes whose investigation reached an outcome, counted in the year the crime arrived.",
        "crimes",
        Higher
    ),
    rule!(
        "crimes.screened_out",
        "Crimes screened out",
        "Crimes closed at screening without investigation.",
        "crimes",
        Neither
    ),
    rule!(
        "crimes.open_at_end",
        "Crimes open at the end",
        "Crimes with no outcome when the run ended.",
        "crimes",
        Lower
    ),
    rule!(
        "crimes.days_to_outcome_mean",
        "Mean days to outcome",
        "Mean days from recording to outcome.",
        "days",
        Lower
    ),
    rule!(
        "crimes.*.recorded",
        "{1}: crimes recorded",
        "{1} crimes recorded.",
        "crimes",
        Neither
    ),
    rule!(
        "crimes.*.charge",
        "{1}: charged",
        "{1} crimes with a charge or summons.",
        "crimes",
        Higher
    ),
    rule!(
        "crimes.*.out_of_court",
        "{1}: out-of-court outcomes",
        "{1} crimes with an out-of-court disposal.",
        "crimes",
        Neither
    ),
    rule!(
        "crimes.*.no_further_action",
        "{1}: no further action",
        "{1} crimes closed with no further action.",
        "crimes",
        Neither
    ),
    rule!(
        "crimes.*.screened_out",
        "{1}: screened out",
        "{1} crimes closed at screening.",
        "crimes",
        Neither
    ),
    rule!(
        "crimes.*.open_at_end",
        "{1}: open at the end",
        "{1} crimes with no outcome when the run ended.",
        "crimes",
        Lower
    ),
    rule!(
        "crimes.*.days_to_outcome_mean",
        "{1}: mean days to outcome",
        "Mean days from recording to outcome, {1} crimes.",
        "days",
        Lower
    ),
    rule!(
        "crimes.*.days_to_outcome_p90",
        "{1}: days to outcome, 90th percentile",
        "Nine in ten {1} crimes reached an outcome within this.",
        "days",
        Lower
    ),
    rule!(
        "outcomes.charge",
        "Crimes charged",
        "Crimes with a charge or summons, all types.",
        "crimes",
        Higher
    ),
    rule!(
        "outcomes.out_of_court",
        "Out-of-court outcomes",
        "Crimes with an out-of-court disposal, all types.",
        "crimes",
        Neither
    ),
    rule!(
        "outcomes.no_further_action",
        "No further action",
        "Crimes closed with no further action, all types.",
        "crimes",
        Neither
    ),
    rule!(
        "investigations.*.allocated",
        "{1}: cases allocated",
        "Cases allocated to an investigator of {1}.",
        "cases",
        Neither
    ),
    rule!(
        "investigations.*.backlog_at_end",
        "{1}: backlog at the end",
        "Open cases (allocated or waiting) of {1} when the run ended.",
        "cases",
        Lower
    ),
    rule!(
        "investigations.*.backlog_growth_per_day",
        "{1}: backlog growth a day",
        "Slope of {1}'s backlog over the run; clearly above zero means the team cannot keep up.",
        "cases a day",
        Lower
    ),
    rule!(
        "investigations.*.backlog_mean",
        "{1}: mean backlog",
        "Time-averaged open cases of {1}.",
        "cases",
        Lower
    ),
    rule!(
        "investigations.*.caseload_per_investigator_mean",
        "{1}: mean caseload per investigator",
        "Time-averaged cases held per investigator.",
        "cases",
        Neither
    ),
    rule!(
        "investigations.*.days_to_outcome_mean",
        "{1}: mean days to outcome",
        "Mean days from recording to outcome of {1}'s cases.",
        "days",
        Lower
    ),
    rule!(
        "investigations.*.slot_occupancy",
        "{1}: caseload slots in use",
        "Share of investigators' caseload slots in use.",
        "% of slots",
        Neither
    ),
    rule!(
        "investigations.*.unallocated_at_end",
        "{1}: unallocated at the end",
        "Cases waiting for an investigator of {1} when the run ended.",
        "cases",
        Lower
    ),
    rule!(
        "investigations.*.unallocated_mean",
        "{1}: mean unallocated",
        "Time-averaged cases waiting for an investigator.",
        "cases",
        Lower
    ),
    rule!(
        "investigations.*.wait_for_allocation_mean_days",
        "{1}: mean wait for allocation",
        "Mean days a case waited for an investigator of {1}.",
        "days",
        Lower
    ),
    rule!(
        "investigations.*.waited_over_28_days",
        "{1}: waited over 28 days",
        "Cases that waited more than 28 days for an investigator of {1}.",
        "cases",
        Lower
    ),
    // Missing people, prevention
    rule!(
        "missing.episodes",
        "Missing-person episodes",
        "Missing-person episodes reported.",
        "episodes",
        Neither
    ),
    rule!(
        "missing.officer_hours",
        "Officer-hours on missing people",
        "Officer-hours spent searching for missing people.",
        "hours",
        Neither
    ),
    rule!(
        "missing.*.episodes",
        "{1} missing-person episodes",
        "Missing-person episodes graded {1}.",
        "episodes",
        Neither
    ),
    rule!(
        "missing.*.hours_to_find_mean",
        "{1}: mean hours to find",
        "Mean hours from report to finding, {1} episodes.",
        "hours",
        Lower
    ),
    rule!(
        "prevention.*.demand_avoided",
        "{1}: demand avoided",
        "Pieces of demand the {1} programme prevented.",
        "contacts",
        Higher
    ),
    rule!(
        "prevention.*.reduction_mean",
        "{1}: mean reduction",
        "Mean reduction in the demand the {1} programme targets.",
        "% of demand",
        Higher
    ),
    // Money and workforce
    rule!(
        "cost.total_per_year",
        "Total cost a year",
        "Workforce, overtime, non-pay, investigation and investment costs, £ a year averaged over the run's accounting years.",
        "£ a year",
        Lower
    ),
    rule!(
        "cost.workforce_per_year",
        "Workforce cost a year",
        "Pay of everyone in post, £ a year.",
        "£ a year",
        Lower
    ),
    rule!(
        "cost.overtime_per_year",
        "Overtime cost a year",
        "Overtime pay, £ a year.",
        "£ a year",
        Lower
    ),
    rule!(
        "cost.outside_teams_per_year",
        "Cost of staff outside teams a year",
        "Pay of ranks and roles outside the simulated teams, £ a year.",
        "£ a year",
        Lower
    ),
    rule!(
        "cost.force_non_pay_per_year",
        "Non-pay cost a year",
        "The force's non-pay costs, £ a year.",
        "£ a year",
        Lower
    ),
    rule!(
        "cost.fte",
        "Full-time equivalents costed",
        "Full-time equivalents whose pay is in the cost.",
        "people",
        Neither
    ),
    rule!(
        "cost.teams.*.per_year",
        "{1}: cost a year",
        "Pay of {1}, £ a year.",
        "£ a year",
        Lower
    ),
    rule!(
        "cost.investigations.*.per_year",
        "{1}: cost a year",
        "Pay of the {1} investigation team, £ a year.",
        "£ a year",
        Lower
    ),
    rule!(
        "cost.investments.*.per_year",
        "{1}: investment cost a year",
        "Cost of the {1} investment, £ a year.",
        "£ a year",
        Lower
    ),
    rule!(
        "funding.total_per_year",
        "Total funding a year",
        "Police grant, precept and other income, £ a year.",
        "£ a year",
        Higher
    ),
    rule!(
        "funding.net_budget_per_year",
        "Net budget a year",
        "The net revenue budget, £ a year.",
        "£ a year",
        Neither
    ),
    rule!(
        "funding.police_grant_per_year",
        "Police grant a year",
        "Central government grant, £ a year.",
        "£ a year",
        Neither
    ),
    rule!(
        "funding.precept_income_per_year",
        "Precept income a year",
        "Council-tax precept income, £ a year.",
        "£ a year",
        Neither
    ),
    rule!(
        "funding.precept_change_revenue_per_year",
        "Revenue from precept changes a year",
        "Extra precept income from changes in the rate, £ a year.",
        "£ a year",
        Neither
    ),
    rule!(
        "funding.precept_change_revenue.*",
        "Revenue from precept changes, {1}",
        "Extra precept income from changes in the rate in {1}.",
        "£",
        Neither
    ),
    rule!(
        "cost.total",
        "Total cost",
        "Workforce, overtime, non-pay, investigation and investment costs in the year, £.",
        "£",
        Lower
    ),
    rule!(
        "cost.overtime",
        "Overtime cost",
        "Overtime pay in the year, £.",
        "£",
        Lower
    ),
    rule!(
        "funding.total",
        "Total funding",
        "Police grant, precept and other income in the year, £.",
        "£",
        Higher
    ),
    rule!(
        "budget.surplus",
        "Budget surplus",
        "Funding less cost in the year, £ (negative: a deficit).",
        "£",
        Higher
    ),
    rule!(
        "budget.surplus_per_year",
        "Budget surplus a year",
        "Funding less cost, £ a year (negative: a deficit).",
        "£ a year",
        Higher
    ),
    rule!(
        "workforce.officers",
        "Officers in post",
        "Police officers in post.",
        "people",
        Neither
    ),
    rule!(
        "run.simulated_days",
        "Days simulated",
        "Days simulated after the warm-up.",
        "days",
        Neither
    ),
    rule!(
        "run.stopped_early",
        "Stopped early",
        "1 when a replication stopped early because a queue grew without limit.",
        "replications",
        Lower
    ),
];

/// A matched segment in words: `g1` → `G1`, `response_north` →
/// `response north`, `year_2` → `year 2`.
fn words(segment: &str) -> String {
    let grade = segment.len() == 2
        && segment.starts_with('g')
        && segment[1..].chars().all(|c| c.is_ascii_digit());
    if grade || matches!(segment, "pcso" | "cid" | "rasso" | "asb") {
        return segment.to_uppercase();
    }
    segment.replace('_', " ")
}

fn fill(template: &str, captures: &[&str]) -> String {
    let mut out = template.to_string();
    for (i, c) in captures.iter().enumerate() {
        out = out.replace(&format!("{{{}}}", i + 1), &words(c));
    }
    // A label opening with a capture starts with a capital letter.
    let mut chars = out.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => out,
    }
}

fn matches<'a>(pattern: &str, name: &'a str) -> Option<Vec<&'a str>> {
    let (p, n): (Vec<&str>, Vec<&str>) = (pattern.split('.').collect(), name.split('.').collect());
    if p.len() != n.len() {
        return None;
    }
    let mut captures = Vec::new();
    for (p, n) in p.iter().zip(&n) {
        if *p == "*" {
            captures.push(*n);
        } else if p != n {
            return None;
        }
    }
    Some(captures)
}

/// The first rule matching `name`, in words. `years.N.<metric>` is the
/// metric for year N (by the year the demand arrived).
pub fn describe(name: &str) -> Option<Described> {
    if let Some(rest) = name.strip_prefix("years.")
        && let Some((year, metric)) = rest.split_once('.')
        && year.chars().all(|c| c.is_ascii_digit())
    {
        let d = describe(metric)?;
        return Some(Described {
            label: format!("Year {year}: {}", lower_first(&d.label)),
            description: format!(
                "{} Year {year} of the run, counted by the year the demand arrived.",
                d.description
            ),
            ..d
        });
    }
    RULES.iter().find_map(|r| {
        let captures = matches(r.pattern, name)?;
        Some(Described {
            label: fill(r.label, &captures),
            description: fill(r.description, &captures),
            unit: r.unit,
            better: r.better,
        })
    })
}

fn lower_first(s: &str) -> String {
    // Keep capitals that are part of a name (G1, PCSO): only a capital
    // followed by a lower-case letter is lowered.
    let mut chars = s.chars();
    match (chars.next(), s.chars().nth(1)) {
        (Some(f), Some(second)) if second.is_lowercase() => f.to_lowercase().chain(chars).collect(),
        _ => s.to_string(),
    }
}

/// The label of a metric, or its dotted name when the table has none.
pub fn label(name: &str) -> String {
    describe(name).map_or_else(|| name.to_string(), |d| d.label)
}

/// Which way the metric improves ([`Direction::Neither`] when unknown).
pub fn better(name: &str) -> Direction {
    describe(name).map_or(Direction::Neither, |d| d.better)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_fill_segments_in_words() {
        let d = describe("response.g1.response_time_mean_min").unwrap();
        assert_eq!(d.label, "G1 mean response time");
        assert_eq!(d.unit, "minutes");
        assert_eq!(d.better, Direction::Lower);
        assert_eq!(
            label("teams.response_north.utilisation"),
            "Response north: utilisation on queued jobs"
        );
        assert_eq!(label("calls.999.abandoned"), "999 contacts abandoned");
        assert_eq!(
            label("teams.pcso.utilisation"),
            "PCSO: utilisation on queued jobs"
        );
        assert_eq!(
            label("years.2.crimes.investigated"),
            "Year 2: crimes investigated"
        );
        assert_eq!(better("response.g1.within_target_share"), Direction::Higher);
        assert_eq!(label("no.such.metric"), "no.such.metric");
    }

    #[test]
    fn more_specific_patterns_win() {
        assert_eq!(label("incidents.g4_resolved"), "G4 incidents resolved");
        assert_eq!(label("incidents.g2"), "G2 incidents created");
        assert_eq!(
            label("teams.contact_centre.999.queue_wait_mean_min"),
            "Contact centre: mean wait in the queue, 999"
        );
    }
}
