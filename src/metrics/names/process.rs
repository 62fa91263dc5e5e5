//! Metric families: what process changes free (with an `[after_incident]`
//! section), force-wide, a year.

use super::super::labels::Direction::Higher;
use super::super::labels::Family;

families! {
    /// Every family of this file.
    TABLE;
    PROCESS_HOURS_FREED_PER_YEAR: "process.*.hours_freed_per_year",
        "{1}: unit-hours freed a year",
        "Unit-hours a year of response work after incidents that the process change {1} saves, every team with a time budget together (records: minutes per crime record and file; supervision: minutes per crime record; right_care_right_person: mental-health waiting cut).",
        "unit-hours a year", Higher;
    PROCESS_VALUE_PER_YEAR: "process.*.value_per_year",
        "{1}: value of the hours freed a year",
        "The unit-hours a year the process change {1} frees, valued at each team's employer cost per paid hour (pay, national insurance and pension ÷ contracted hours; one officer per unit), £ a year. Capacity returned, not cash saved.",
        "£ a year", Higher;
}
