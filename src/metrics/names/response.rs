//! Metric families: incidents and response.

use super::super::labels::Direction::{Higher, Lower, Neither};
use super::super::labels::Family;

families! {
    /// Every family of this file, more specific patterns first.
    TABLE;
    INCIDENTS_TOTAL: "incidents.total",
        "Incidents created",
        "Incidents created from answered contacts, all grades.",
        "incidents", Neither;
    INCIDENTS_ATTENDED: "incidents.attended",
        "Incidents attended",
        "Incidents a unit arrived at.",
        "incidents", Neither;
    INCIDENTS_ATTENDED_SHARE: "incidents.attended_share",
        "Incidents attended (share)",
        "Share of incidents a unit arrived at (G4 is mostly resolved without attendance).",
        "% of incidents", Neither;
    INCIDENTS_G4_ESCALATED: "incidents.g4_escalated",
        "G4 incidents escalated",
        "G4 incidents re-graded for attendance.",
        "incidents", Lower;
    INCIDENTS_G4_RESOLUTION_TIME_MEAN_MIN: "incidents.g4_resolution_time_mean_min",
        "G4 mean time to resolve",
        "Mean time from creation to resolution of G4 incidents.",
        "minutes", Lower;
    INCIDENTS_G4_RESOLVED: "incidents.g4_resolved",
        "G4 incidents resolved",
        "G4 incidents resolved by the resolution centre.",
        "incidents", Higher;
    INCIDENTS_G4_WAITING_AT_END: "incidents.g4_waiting_at_end",
        "G4 incidents waiting at the end",
        "G4 incidents not yet resolved when the run ended.",
        "incidents", Lower;
    INCIDENTS_G4_WITHIN_TARGET_SHARE: "incidents.g4_within_target_share",
        "G4 resolved within target",
        "Share of G4 incidents resolved within their target.",
        "% of incidents", Higher;
    INCIDENTS_GRADE: "incidents.*",
        "{1} incidents created",
        "Incidents graded {1}.",
        "incidents", Neither;
    RESPONSE_RESPONSE_TIME_MEAN_MIN: "response.*.response_time_mean_min",
        "{1} mean response time",
        "Mean time from the call to the first unit's arrival, attended {1} incidents.",
        "minutes", Lower;
    RESPONSE_RESPONSE_TIME_P90_MIN: "response.*.response_time_p90_min",
        "{1} response time, 90th percentile",
        "Nine in ten attended {1} incidents were reached within this time.",
        "minutes", Lower;
    RESPONSE_RESPONSE_TIME_P95_MIN: "response.*.response_time_p95_min",
        "{1} response time, 95th percentile",
        "Nineteen in twenty attended {1} incidents were reached within this time.",
        "minutes", Lower;
    RESPONSE_WITHIN_TARGET_SHARE: "response.*.within_target_share",
        "{1} attended within target",
        "Share of attended {1} incidents reached within the attendance target.",
        "% of incidents", Higher;
    RESPONSE_AREA_WITHIN_TARGET_SHARE: "response.*.*.within_target_share",
        "{1} attended within target, {2} areas",
        "Share of attended {1} incidents in {2} areas reached within that area type's target.",
        "% of incidents", Higher;
    RESPONSE_ATTENDED: "response.*.attended",
        "{1} incidents attended",
        "{1} incidents a unit arrived at.",
        "incidents", Neither;
    RESPONSE_DISPATCHED: "response.*.dispatched",
        "{1} incidents dispatched",
        "{1} incidents a unit was sent to.",
        "incidents", Neither;
    RESPONSE_UNATTENDED_AT_END: "response.*.unattended_at_end",
        "{1} incidents unattended at the end",
        "{1} incidents still waiting for a unit when the run ended.",
        "incidents", Lower;
    RESPONSE_RESPONSE_TIME_MIN: "response.*.response_time_min",
        "{1} response time (distribution)",
        "The distribution of the time from the call to the first unit's arrival, attended {1} incidents.",
        "minutes", Lower;
}
