//! Metric families: where a response team's on-duty time goes (teams with
//! a `[time_budget.TEAM]` only). The `teams.T.time.*_share` items partition
//! on-duty unit-hours and sum to 1.

use super::super::labels::Direction::{Higher, Lower, Neither};
use super::super::labels::Family;

families! {
    /// Every family of this file.
    TABLE;
    TEAMS_TIME_ON_DUTY_HOURS: "teams.*.time.on_duty_hours",
        "{1}: unit-hours on duty",
        "Unit-hours {1} was on duty: available for calls plus briefing, refreshment breaks and end-of-shift administration. The time shares below are shares of these hours.",
        "hours", Neither;
    TEAMS_TIME_ATTENDING_SHARE: "teams.*.time.attending_share",
        "{1}: time on scene",
        "Share of {1}'s on-duty unit-hours spent on scene at incidents.",
        "% of on-duty time", Neither;
    TEAMS_TIME_TRAVEL_SHARE: "teams.*.time.travel_share",
        "{1}: time travelling to incidents",
        "Share of {1}'s on-duty unit-hours spent travelling to incidents.",
        "% of on-duty time", Neither;
    TEAMS_TIME_BRIEFING_SHARE: "teams.*.time.briefing_share",
        "{1}: time in briefing",
        "Share of {1}'s on-duty unit-hours spent in briefing at the start of shifts.",
        "% of on-duty time", Neither;
    TEAMS_TIME_BREAKS_SHARE: "teams.*.time.breaks_share",
        "{1}: time on refreshment breaks",
        "Share of {1}'s on-duty unit-hours spent on refreshment breaks (Police Regulations Annex E, or the scenario's break).",
        "% of on-duty time", Neither;
    TEAMS_TIME_ADMIN_SHARE: "teams.*.time.admin_share",
        "{1}: time on end-of-shift administration",
        "Share of {1}'s on-duty unit-hours spent on administration at the end of shifts.",
        "% of on-duty time", Neither;
    TEAMS_TIME_MENTAL_HEALTH_WAIT_SHARE: "teams.*.time.mental_health_wait_share",
        "{1}: time waiting at mental-health handovers",
        "Share of {1}'s on-duty unit-hours spent with a person in mental-health crisis waiting for a handover (place of safety, A&E), after the incident.",
        "% of on-duty time", Neither;
    TEAMS_TIME_TRANSPORT_SHARE: "teams.*.time.transport_share",
        "{1}: time on prisoner transport",
        "Share of {1}'s on-duty unit-hours spent taking arrested people to custody.",
        "% of on-duty time", Neither;
    TEAMS_TIME_CUSTODY_SHARE: "teams.*.time.custody_share",
        "{1}: time in custody",
        "Share of {1}'s on-duty unit-hours spent in custody after an arrest (booking-in wait, interview).",
        "% of on-duty time", Neither;
    TEAMS_TIME_PAPERWORK_SHARE: "teams.*.time.paperwork_share",
        "{1}: time on statements, crime records and files",
        "Share of {1}'s on-duty unit-hours spent on statements, crime records and case files after incidents.",
        "% of on-duty time", Neither;
    TEAMS_TIME_FOLLOW_UP_SHARE: "teams.*.time.follow_up_share",
        "{1}: time on victim follow-up",
        "Share of {1}'s on-duty unit-hours spent on victim follow-up after incidents.",
        "% of on-duty time", Neither;
    TEAMS_TIME_PROACTIVE_SHARE: "teams.*.time.proactive_share",
        "{1}: time on proactive work",
        "Share of {1}'s on-duty unit-hours on proactive, self-initiated tasks (stop checks, patrol, follow-ups): units no call needed, given up at once for a call. Discretionary, not committed.",
        "% of on-duty time", Neither;
    TEAMS_PROACTIVE_TASKS: "teams.*.proactive_tasks",
        "{1}: proactive tasks started",
        "Proactive tasks {1}'s units started (a task found while every unit was needed is not done).",
        "tasks", Neither;
    TEAMS_PROACTIVE_GIVEN_UP: "teams.*.proactive_given_up",
        "{1}: proactive tasks given up for a call",
        "Proactive tasks of {1} given up at once because a call, a break or work after an incident needed the unit.",
        "tasks", Neither;
    TEAMS_TIME_IDLE_SHARE: "teams.*.time.idle_share",
        "{1}: time available, not committed",
        "Share of {1}'s on-duty unit-hours available for calls and not on one (nor, with proactive work modelled, on a proactive task).",
        "% of on-duty time", Neither;
    TEAMS_COMMITTED_SHARE: "teams.*.committed_share",
        "{1}: committed time (saturation)",
        "Share of {1}'s on-duty unit-hours committed to calls (travel and on scene) and obligations (briefing, breaks, administration): 1 − available time. Workload-based staffing keeps it at or below about 60 %.",
        "% of on-duty time", Lower;
    TEAMS_ARRESTS: "teams.*.arrests",
        "{1}: arrests",
        "Arrests made by {1}'s units (each followed by transport, custody and a case file).",
        "arrests", Neither;
    TEAMS_HOURS_FREED: "teams.*.hours_freed.*",
        "{1}: unit-hours freed by {2}",
        "Unit-hours of {1}'s work after incidents that the process change {2} saved (records: minutes per crime record and file; supervision: minutes per crime record; right_care_right_person: mental-health waiting cut).",
        "unit-hours", Higher;
    TEAMS_BREAKS_DUE: "teams.*.breaks_due",
        "{1}: refreshment breaks due",
        "Refreshment breaks that fell due for {1}'s units.",
        "breaks", Neither;
    TEAMS_BREAKS_MISSED_SHARE: "teams.*.breaks_missed_share",
        "{1}: refreshment breaks missed",
        "Share of {1}'s refreshment breaks due that were missed: not started before the window closed, or interrupted by a G1 and not resumed.",
        "% of breaks", Lower;
    TEAMS_BREAKS_INTERRUPTED: "teams.*.breaks_interrupted",
        "{1}: refreshment breaks interrupted",
        "Refreshment breaks of {1}'s units interrupted by a G1.",
        "breaks", Lower;
}
