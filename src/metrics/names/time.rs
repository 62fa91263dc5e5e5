//! Metric families: where a response team's on-duty time goes (teams with
//! a `[time_budget.TEAM]` only). The `teams.T.time.*_share` items partition
//! on-duty unit-hours and sum to 1.

use super::super::labels::Direction::{Lower, Neither};
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
    TEAMS_TIME_IDLE_SHARE: "teams.*.time.idle_share",
        "{1}: time available, not committed",
        "Share of {1}'s on-duty unit-hours available for calls and not on one (discretionary time: patrol, self-initiated work).",
        "% of on-duty time", Neither;
    TEAMS_COMMITTED_SHARE: "teams.*.committed_share",
        "{1}: committed time (saturation)",
        "Share of {1}'s on-duty unit-hours committed to calls (travel and on scene) and obligations (briefing, breaks, administration): 1 − available time. Workload-based staffing keeps it at or below about 60 %.",
        "% of on-duty time", Lower;
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
