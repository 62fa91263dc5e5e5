//! Metric families: missing people, prevention and neighbourhood time.

use super::super::labels::Direction::{Higher, Lower, Neither};
use super::super::labels::Family;

families! {
    /// Every family of this file, more specific patterns first.
    TABLE;
    MISSING_EPISODES: "missing.episodes",
        "Missing-person episodes",
        "Missing-person episodes reported.",
        "episodes", Neither;
    MISSING_OFFICER_HOURS: "missing.officer_hours",
        "Officer-hours on missing people",
        "Officer-hours spent searching for missing people.",
        "hours", Neither;
    MISSING_RISK_EPISODES: "missing.*.episodes",
        "{1} missing-person episodes",
        "Missing-person episodes graded {1}.",
        "episodes", Neither;
    MISSING_RISK_HOURS_TO_FIND_MEAN: "missing.*.hours_to_find_mean",
        "{1}: mean hours to find",
        "Mean hours from report to finding, {1} episodes.",
        "hours", Lower;
    PREVENTION_DEMAND_AVOIDED: "prevention.*.demand_avoided",
        "{1}: demand avoided",
        "Pieces of demand the {1} programme prevented.",
        "contacts", Higher;
    PREVENTION_REDUCTION_MEAN: "prevention.*.reduction_mean",
        "{1}: mean reduction",
        "Mean reduction in the demand the {1} programme targets.",
        "% of demand", Higher;
}
