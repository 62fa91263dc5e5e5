//! Metric families: geography (response by atom and area, workload by
//! base, crossing area boundaries, travel). Reported only by scenarios
//! with a `[geography]`.

use super::super::labels::Direction::{Higher, Lower, Neither};
use super::super::labels::Family;

families! {
    /// Every family of this file, more specific patterns first.
    TABLE;
    GEOGRAPHY_ATOM_ATTENDED: "geography.atoms.*.*.attended",
        "{1}: {2} incidents attended",
        "{2} incidents in atom {1} a unit arrived at.",
        "incidents", Neither;
    GEOGRAPHY_ATOM_RESPONSE_TIME_MEAN_MIN: "geography.atoms.*.*.response_time_mean_min",
        "{1}: {2} mean response time",
        "Mean time from call to first unit on scene, {2} incidents in atom {1}.",
        "minutes", Lower;
    GEOGRAPHY_ATOM_WITHIN_TARGET_SHARE: "geography.atoms.*.*.within_target_share",
        "{1}: {2} within target",
        "Share of attended {2} incidents in atom {1} reached within their target.",
        "% of incidents", Higher;
    GEOGRAPHY_AREA_ATTENDED: "geography.areas.*.*.attended",
        "{1}: {2} incidents attended",
        "{2} incidents in area {1} (its atoms together) a unit arrived at.",
        "incidents", Neither;
    GEOGRAPHY_AREA_RESPONSE_TIME_MEAN_MIN: "geography.areas.*.*.response_time_mean_min",
        "{1}: {2} mean response time",
        "Mean time from call to first unit on scene, {2} incidents in area {1}.",
        "minutes", Lower;
    GEOGRAPHY_AREA_WITHIN_TARGET_SHARE: "geography.areas.*.*.within_target_share",
        "{1}: {2} within target",
        "Share of attended {2} incidents in area {1} reached within their target.",
        "% of incidents", Higher;
    GEOGRAPHY_BASE_UTILISATION: "geography.bases.*.utilisation",
        "{1}: unit utilisation",
        "Busy share of the on-duty time of the units based at {1} (their workload).",
        "% of unit time", Neither;
    GEOGRAPHY_CROSS_AREA_SHARE: "geography.cross_area_share",
        "Attendances across an area boundary",
        "Share of attendances by units of teams with bases made by a team of another area.",
        "% of attendances", Neither;
    GEOGRAPHY_TRAVEL_MEAN_MIN: "geography.travel_mean_min",
        "Mean travel",
        "Mean travel of the units of teams with bases, from where each was to the incident.",
        "minutes", Lower;
}

/// Per atom: attended, mean response time, within target (by grade).
pub const GEOGRAPHY_ATOM_FAMILIES: [Family; 3] = [
    GEOGRAPHY_ATOM_ATTENDED,
    GEOGRAPHY_ATOM_RESPONSE_TIME_MEAN_MIN,
    GEOGRAPHY_ATOM_WITHIN_TARGET_SHARE,
];

/// Per area: attended, mean response time, within target (by grade).
pub const GEOGRAPHY_AREA_FAMILIES: [Family; 3] = [
    GEOGRAPHY_AREA_ATTENDED,
    GEOGRAPHY_AREA_RESPONSE_TIME_MEAN_MIN,
    GEOGRAPHY_AREA_WITHIN_TARGET_SHARE,
];
