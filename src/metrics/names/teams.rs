//! Metric families: rostered teams.

use super::super::labels::Direction::{Lower, Neither};
use super::super::labels::Family;

families! {
    /// Every family of this file, more specific patterns first.
    TABLE;
    SURGE_PEAK_QUEUE: "surge.*.*.peak_queue",
        "{1} surge: {2}'s peak queue",
        "The longest queue for {2} from the {1} surge's first day to 30 days after its last.",
        "jobs", Lower;
    SURGE_RECOVERY_DAYS: "surge.*.*.recovery_days",
        "{1} surge: {2}'s days to recover",
        "Days after the {1} surge's last day until {2}'s end-of-day queue was back within 10 % (or one job) of its usual level.",
        "days", Lower;
    TEAMS_SHORTFALL_STEP_HOURS: "teams.*.shortfall.*.hours",
        "{1}: shortfall hours filled by {2}",
        "Person-hours of {1}'s shortfall below its minimum staffing filled by the ladder's {2} step (`accepted`: left short), booked at each shift start; the steps and `accepted` sum to the shortfall hours.",
        "hours", Neither;
    TEAMS_SHORTFALL_HOURS: "teams.*.shortfall_hours",
        "{1}: hours below minimum staffing",
        "People missing below {1}'s minimum when a shift starts (rostered less abstraction) × the hours of the shift, before escalation.",
        "hours", Lower;
    TEAMS_BELOW_MINIMUM_HOURS_SHARE: "teams.*.below_minimum_hours_share",
        "{1}: on-duty clock hours below minimum staffing",
        "Share of the clock hours in which at least one of {1}'s shifts was running (its on-duty hours, each hour counted once however many shifts overlap) in which at least one running shift had fewer people available than its minimum: rostered less abstraction, before the escalation ladder (overtime, rest days, backfill). Teams with a minimum only.",
        "% of on-duty clock hours", Lower;
    TEAMS_REST_DAYS_WORKED: "teams.*.rest_days_worked",
        "{1}: rest days worked",
        "People {1}'s ladder called in on a rest day (one each per shift).",
        "days", Lower;
    TEAMS_BACKFILL_HOURS_GIVEN: "teams.*.backfill_hours_given",
        "{1}: hours lent to other teams' shortfalls",
        "Person-hours {1} lent to another team's minimum staffing (its people leave it for the borrower's shift).",
        "hours", Neither;
    TEAMS_BACKFILL_HOURS_RECEIVED: "teams.*.backfill_hours_received",
        "{1}: hours borrowed for its shortfall",
        "Person-hours other teams lent to {1}'s minimum staffing.",
        "hours", Neither;
    TEAMS_ABSENCE_REASON_HOURS_IN_MONTH: "teams.*.absence.*.hours_in.*",
        "{1}: hours lost to {2} in {3}",
        "Person-hours of {1}'s roster lost to {2} in calendar month {3}, per 365 days of the period (the twelve months sum to the hours a year). Teams with `absence` only: each reason is its own draw.",
        "hours a year", Neither;
    TEAMS_ABSENCE_REASON_SHARE: "teams.*.absence.*.share",
        "{1}: rostered hours lost to {2}",
        "Share of {1}'s rostered person-hours lost to {2}, counted hour by hour (teams with `absence`: each reason is its own draw).",
        "% of rostered hours", Neither;
    TEAMS_ABSENCE_REASON_HOURS_PER_YEAR: "teams.*.absence.*.hours_per_year",
        "{1}: hours lost to {2} a year",
        "Person-hours of {1}'s roster lost to {2} per 365 days, counted hour by hour (teams with `absence`: each reason is its own draw).",
        "hours a year", Neither;
    TEAMS_ABSTRACTION_REASON_SHARE: "teams.*.abstraction.*.share",
        "{1}: rostered hours lost to {2}",
        "Share of {1}'s rostered person-hours lost to {2}: the abstracted hours split among the reasons in proportion to their configured shares.",
        "% of rostered hours", Neither;
    TEAMS_ABSTRACTION_REASON_HOURS_PER_YEAR: "teams.*.abstraction.*.hours_per_year",
        "{1}: hours lost to {2} a year",
        "Person-hours of {1}'s roster lost to {2} per 365 days: the abstracted hours split among the reasons in proportion to their configured shares.",
        "hours a year", Neither;
    TEAMS_HEADCOUNT_FTE: "teams.*.headcount_fte",
        "{1}: people in post",
        "{1}'s headcount (FTE), scaled by its staffing plan and averaged over the period.",
        "FTE", Neither;
    TEAMS_CONTRACTED_HOURS_PER_FTE_YEAR: "teams.*.contracted_hours_per_fte_year",
        "{1}: contracted hours per FTE a year",
        "Contracted hours a week per FTE × 365 ÷ 7 (officers 40 h a week, Police Regulations Annex E).",
        "hours", Neither;
    TEAMS_ROSTERED_HOURS_PER_YEAR: "teams.*.rostered_hours_per_year",
        "{1}: rostered person-hours a year",
        "Person-hours {1}'s roster put on shifts before abstraction, per 365 days.",
        "hours a year", Neither;
    TEAMS_ABSTRACTION_SHARE: "teams.*.abstraction_share",
        "{1}: rostered hours lost to abstraction",
        "Share of {1}'s rostered person-hours lost to leave, sickness, training, court and other abstraction (before backfill and overtime).",
        "% of rostered hours", Neither;
    TEAMS_UTILISATION: "teams.*.utilisation",
        "{1}: utilisation on queued jobs",
        "Share of on-duty unit time spent on queued jobs (calls, incidents, appointments) within shifts. Problem-solving and patrol are not queued jobs: a team doing only those (PCSOs) reads 0 %; its work is in productive person-hours and the neighbourhood hours.",
        "% of on-duty time", Neither;
    TEAMS_QUEUE_WAIT_MEAN_MIN: "teams.*.queue_wait_mean_min",
        "{1}: mean wait in the queue",
        "Mean time a job waited for one of {1}'s units.",
        "minutes", Lower;
    TEAMS_QUEUE_WAIT_P90_MIN: "teams.*.queue_wait_p90_min",
        "{1}: wait in the queue, 90th percentile",
        "Nine in ten jobs for {1} waited no longer than this.",
        "minutes", Lower;
    TEAMS_CLASS_QUEUE_WAIT_MEAN_MIN: "teams.*.*.queue_wait_mean_min",
        "{1}: mean wait in the queue, {2}",
        "Mean time a {2} job waited for one of {1}'s units.",
        "minutes", Lower;
    TEAMS_CLASS_JOBS_STARTED: "teams.*.*.jobs_started",
        "{1}: {2} jobs started",
        "{2} jobs {1} started.",
        "jobs", Neither;
    TEAMS_JOBS_STARTED: "teams.*.jobs_started",
        "{1}: jobs started",
        "Jobs {1} started.",
        "jobs", Neither;
    TEAMS_BACKLOG_GROWTH_PER_DAY: "teams.*.backlog_growth_per_day",
        "{1}: queue growth a day",
        "Slope of {1}'s queue over the run; clearly above zero means the team cannot keep up.",
        "jobs a day", Lower;
    TEAMS_BUSY_HOURS: "teams.*.busy_hours",
        "{1}: busy unit-hours",
        "Unit-hours spent on queued jobs.",
        "hours", Neither;
    TEAMS_IN_SERVICE_AT_END: "teams.*.in_service_at_end",
        "{1}: jobs in service at the end",
        "Jobs {1} was working on when the run ended.",
        "jobs", Neither;
    TEAMS_OFFERED_LOAD_ERLANGS: "teams.*.offered_load_erlangs",
        "{1}: offered load",
        "Work offered to {1} in unit-hours per hour (erlangs).",
        "units", Neither;
    TEAMS_OVERRUN_HOURS: "teams.*.overrun_hours",
        "{1}: hours past the end of shifts",
        "Unit-hours worked past the end of a shift to finish a job.",
        "hours", Lower;
    TEAMS_OVERTIME_UNIT_HOURS: "teams.*.overtime_unit_hours",
        "{1}: overtime unit-hours",
        "Unit-hours of overtime.",
        "hours", Lower;
    TEAMS_OVERTIME_HOURS: "teams.*.overtime_hours",
        "{1}: overtime person-hours",
        "Every overtime hour {1} worked: the overtime rule's extra people when its queue was long (one person each, as in the overtime unit-hours) plus the hours its minimum staffing's ladder filled by overtime. Rest days worked are not in it (see the rest days worked and the rest-day shortfall hours).",
        "hours", Lower;
    TEAMS_PEOPLE_ON_DUTY_MEAN: "teams.*.people_on_duty_mean",
        "{1}: people on duty (mean)",
        "Mean number of people of {1} on duty after abstraction.",
        "people", Neither;
    TEAMS_UNITS_ON_DUTY_MEAN: "teams.*.units_on_duty_mean",
        "{1}: units on duty (mean)",
        "Mean number of units (people or crews) of {1} on duty after abstraction.",
        "units", Neither;
    TEAMS_PRODUCTIVE_PERSON_HOURS: "teams.*.productive_person_hours",
        "{1}: productive person-hours",
        "Person-hours of every kind of work {1} did (queued jobs, problem-solving, appointments).",
        "hours", Neither;
    TEAMS_PRODUCTIVE_HOURS_PER_FTE_YEAR: "teams.*.productive_hours_per_fte_year",
        "{1}: productive hours per FTE a year",
        "Productive person-hours per full-time equivalent in post, a year.",
        "hours", Neither;
    TEAMS_QUEUE_ENTRIES_PER_HOUR: "teams.*.queue_entries_per_hour",
        "{1}: jobs queued an hour",
        "Jobs that had to queue for {1}, per hour.",
        "jobs an hour", Lower;
    TEAMS_QUEUE_LENGTH_MEAN: "teams.*.queue_length_mean",
        "{1}: mean queue length",
        "Time-averaged number of jobs waiting for {1}.",
        "jobs", Lower;
    TEAMS_QUEUED_AT_END: "teams.*.queued_at_end",
        "{1}: jobs queued at the end",
        "Jobs waiting for {1} when the run ended.",
        "jobs", Lower;
    TEAMS_STRAINED_HOURS_SHARE: "teams.*.strained_hours_share",
        "{1}: strained hours",
        "Share of hours in which every unit of {1} was busy and work was waiting.",
        "% of hours", Lower;
    TEAMS_TIME_IN_QUEUE_PER_ENTRY_MIN: "teams.*.time_in_queue_per_entry_min",
        "{1}: time in queue per job queued",
        "Mean time in the queue of the jobs that had to queue.",
        "minutes", Lower;
    TEAMS_WAITED_SHARE: "teams.*.waited_share",
        "{1}: jobs that waited",
        "Share of {1}'s jobs that had to wait for a unit.",
        "% of jobs", Lower;
    NEIGHBOURHOOD_HOURS_APPOINTMENTS: "neighbourhood.*.hours_appointments",
        "{1}: hours on appointments",
        "Person-hours {1} spent on scheduled appointments.",
        "hours", Neither;
    NEIGHBOURHOOD_HOURS_BACKFILL_RESPONSE: "neighbourhood.*.hours_backfill_response",
        "{1}: hours backfilling response",
        "Person-hours {1} spent attending incidents for response teams.",
        "hours", Neither;
    NEIGHBOURHOOD_HOURS_PROBLEM_SOLVING: "neighbourhood.*.hours_problem_solving",
        "{1}: hours problem-solving",
        "Person-hours {1} spent on problem-solving.",
        "hours", Neither;
    TEAMS_QUEUE_DAILY: "teams.*.queue_daily",
        "{1}: queue at the end of each day",
        "Jobs waiting for {1}'s units at the end of each day after the warm-up.",
        "jobs", Lower;
}
