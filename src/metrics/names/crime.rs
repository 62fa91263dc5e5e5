//! Metric families: recorded crime and investigations.

use super::super::labels::Direction::{Higher, Lower, Neither};
use super::super::labels::Family;

families! {
    /// Every family of this file, more specific patterns first.
    TABLE;
    CRIMES_RECORDED: "crimes.recorded",
        "Crimes recorded",
        "Crimes recorded from incidents, by recording date.",
        "crimes", Neither;
    CRIMES_INVESTIGATED: "crimes.investigated",
        "Crimes investigated",
        "Crimes whose investigation reached an outcome, counted in the year the crime arrived.",
        "crimes", Higher;
    CRIMES_SCREENED_OUT: "crimes.screened_out",
        "Crimes screened out",
        "Crimes closed at screening without investigation.",
        "crimes", Neither;
    CRIMES_OPEN_AT_END: "crimes.open_at_end",
        "Crimes open at the end",
        "Crimes with no outcome when the run ended.",
        "crimes", Lower;
    CRIMES_DAYS_TO_OUTCOME_MEAN: "crimes.days_to_outcome_mean",
        "Mean days to outcome",
        "Mean days from recording to outcome.",
        "days", Lower;
    CRIME_TYPE_RECORDED: "crimes.*.recorded",
        "{1}: crimes recorded",
        "{1} crimes recorded.",
        "crimes", Neither;
    CRIME_TYPE_CHARGE: "crimes.*.charge",
        "{1}: charged",
        "{1} crimes with a charge or summons.",
        "crimes", Higher;
    CRIME_TYPE_OUT_OF_COURT: "crimes.*.out_of_court",
        "{1}: out-of-court outcomes",
        "{1} crimes with an out-of-court disposal.",
        "crimes", Neither;
    CRIME_TYPE_NO_FURTHER_ACTION: "crimes.*.no_further_action",
        "{1}: no further action",
        "{1} crimes closed with no further action.",
        "crimes", Neither;
    CRIME_TYPE_SCREENED_OUT: "crimes.*.screened_out",
        "{1}: screened out",
        "{1} crimes closed at screening.",
        "crimes", Neither;
    CRIME_TYPE_OPEN_AT_END: "crimes.*.open_at_end",
        "{1}: open at the end",
        "{1} crimes with no outcome when the run ended.",
        "crimes", Lower;
    CRIME_TYPE_DAYS_TO_OUTCOME_MEAN: "crimes.*.days_to_outcome_mean",
        "{1}: mean days to outcome",
        "Mean days from recording to outcome, {1} crimes.",
        "days", Lower;
    CRIME_TYPE_DAYS_TO_OUTCOME_P90: "crimes.*.days_to_outcome_p90",
        "{1}: days to outcome, 90th percentile",
        "Nine in ten {1} crimes reached an outcome within this.",
        "days", Lower;
    OUTCOMES_CHARGE: "outcomes.charge",
        "Crimes charged",
        "Crimes with a charge or summons, all types.",
        "crimes", Higher;
    OUTCOMES_OUT_OF_COURT: "outcomes.out_of_court",
        "Out-of-court outcomes",
        "Crimes with an out-of-court disposal, all types.",
        "crimes", Neither;
    OUTCOMES_NO_FURTHER_ACTION: "outcomes.no_further_action",
        "No further action",
        "Crimes closed with no further action, all types.",
        "crimes", Neither;
    INVESTIGATIONS_ALLOCATED: "investigations.*.allocated",
        "{1}: cases allocated",
        "Cases allocated to an investigator of {1}.",
        "cases", Neither;
    INVESTIGATIONS_BACKLOG_AT_END: "investigations.*.backlog_at_end",
        "{1}: backlog at the end",
        "Open cases (allocated or waiting) of {1} when the run ended.",
        "cases", Lower;
    INVESTIGATIONS_BACKLOG_GROWTH_PER_DAY: "investigations.*.backlog_growth_per_day",
        "{1}: backlog growth a day",
        "Least-squares slope of {1}'s open investigations (waiting + allocated, as backlog_trend_per_week counts them) at each day's end over the whole run, fill-up included; the growing-backlog statement judges the second-half trend (backlog_trend_per_week) instead.",
        "cases a day", Lower;
    INVESTIGATIONS_BACKLOG_TREND_PER_WEEK: "investigations.*.backlog_trend_per_week",
        "{1}: backlog trend a week, second half",
        "Least-squares slope of {1}'s open investigations at each week's end over the second half of the run (the first half, while a backlog fills from its starting level, is left out); whole run only, absent when that half is under 4 weeks.",
        "cases a week", Lower;
    INVESTIGATIONS_BACKLOG_FITTED_MEAN: "investigations.*.backlog_fitted_mean",
        "{1}: mean backlog, second half",
        "Mean of {1}'s open investigations at each week's end over the weeks the backlog trend is fitted to.",
        "cases", Lower;
    INVESTIGATIONS_BACKLOG_MEAN: "investigations.*.backlog_mean",
        "{1}: mean backlog",
        "Time-averaged open cases of {1}.",
        "cases", Lower;
    INVESTIGATIONS_CASELOAD_PER_INVESTIGATOR_MEAN: "investigations.*.caseload_per_investigator_mean",
        "{1}: mean caseload per investigator",
        "Time-averaged cases held per investigator.",
        "cases", Neither;
    INVESTIGATIONS_DAYS_TO_OUTCOME_MEAN: "investigations.*.days_to_outcome_mean",
        "{1}: mean days to outcome",
        "Mean days from recording to outcome of {1}'s cases.",
        "days", Lower;
    INVESTIGATIONS_SLOT_OCCUPANCY: "investigations.*.slot_occupancy",
        "{1}: caseload slots in use",
        "Share of investigators' caseload slots in use.",
        "% of slots", Neither;
    INVESTIGATIONS_UNALLOCATED_AT_END: "investigations.*.unallocated_at_end",
        "{1}: unallocated at the end",
        "Cases waiting for an investigator of {1} when the run ended.",
        "cases", Lower;
    INVESTIGATIONS_UNALLOCATED_MEAN: "investigations.*.unallocated_mean",
        "{1}: mean unallocated",
        "Time-averaged cases waiting for an investigator.",
        "cases", Lower;
    INVESTIGATIONS_WAIT_FOR_ALLOCATION_MEAN_DAYS: "investigations.*.wait_for_allocation_mean_days",
        "{1}: mean wait for allocation",
        "Mean days a case waited for an investigator of {1}.",
        "days", Lower;
    INVESTIGATIONS_WAITED_OVER_28_DAYS: "investigations.*.waited_over_28_days",
        "{1}: waited over 28 days",
        "Cases that waited more than 28 days for an investigator of {1}.",
        "cases", Lower;
    INVESTIGATIONS_BACKLOG_WEEKLY: "investigations.*.backlog_weekly",
        "{1}: backlog at the end of each week",
        "Cases waiting for allocation or allocated to {1} at the end of each week.",
        "cases", Lower;
}
