//! Work that follows an incident: arrests and the custody, transport and
//! case-file time that follow them, statements and crime recording,
//! waiting with a person in mental-health crisis for a handover, victim
//! follow-up; and the process changes that shorten them (a records
//! system, a supervisory change, Right Care Right Person).
//!
//! Written as one `[after_incident]` table (durations and levers) with a
//! `[after_incident.categories.CAT]` table per incident category (the
//! shares by grade). It applies to the response teams that have a
//! `[time_budget.TEAM]`; a scenario without the section simulates exactly
//! as before.
//!
//! How the simulation uses it (see `sim::force::after_incident`): when the
//! last unit at an incident clears, that unit (a unit is one crew, single
//! or double crewed alike) stays off calls for the work that follows, item
//! after item: prisoner transport, custody (booking-in wait and
//! interview), the case file, statements and the crime record,
//! mental-health handover wait, victim follow-up. A G1 does not interrupt
//! it (a prisoner or a person in crisis cannot be left, and statements are
//! taken while fresh).

use super::checker::Checker;
use super::model::Category;
use super::raw::RawDist;
use crate::dist::Dist;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A share for each attended grade (`{ g1 = …, g2 = …, g3 = … }`; an
/// absent grade is 0).
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGradeShares {
    /// Share of G1 incidents, in [0, 1].
    #[serde(default)]
    pub g1: f64,
    /// Share of G2 incidents, in [0, 1].
    #[serde(default)]
    pub g2: f64,
    /// Share of G3 incidents, in [0, 1].
    #[serde(default)]
    pub g3: f64,
}

/// One category's shares of attended incidents, by grade
/// (`[after_incident.categories.CAT]`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCategoryWork {
    /// Share of attended incidents ending in an arrest.
    #[serde(default)]
    pub arrest_share: RawGradeShares,
    /// Share of attended incidents where officers wait with a person in
    /// mental-health crisis for a handover (place of safety, A&E).
    #[serde(default)]
    pub mental_health_share: RawGradeShares,
    /// Share of attended incidents with a victim follow-up visit or call.
    #[serde(default)]
    pub follow_up_share: RawGradeShares,
}

/// The scenario's `[after_incident]` table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAfterIncident {
    /// Where the figures come from (free text, for the reader).
    #[serde(default)]
    pub source: String,
    /// Prisoner transport per arrest (scene to custody and back), minutes.
    pub transport_min: Option<RawDist>,
    /// Custody per arrest: booking-in wait and interview, hours.
    pub custody_hours: Option<RawDist>,
    /// The case file per arrest, minutes.
    pub file_min: Option<RawDist>,
    /// Statements and the crime record per attended incident that records
    /// a crime, minutes.
    pub crime_record_min: Option<RawDist>,
    /// Waiting with a person in crisis for a handover, hours.
    pub mental_health_wait_hours: Option<RawDist>,
    /// A victim follow-up, minutes.
    pub follow_up_min: Option<RawDist>,
    /// Lever, Right Care Right Person: officers leave a mental-health
    /// handover after this many hours (absent: they wait until it ends).
    pub right_care_right_person_hours: Option<f64>,
    /// Lever, a records system: minutes saved per crime record.
    #[serde(default)]
    pub records_minutes_saved_per_crime_record: f64,
    /// Lever, a records system: minutes saved per case file.
    #[serde(default)]
    pub records_minutes_saved_per_file: f64,
    /// Lever, a supervisory change: minutes of supervision saved per crime
    /// record.
    #[serde(default)]
    pub supervision_minutes_saved_per_crime_record: f64,
    /// Per incident category: its shares by grade.
    #[serde(default)]
    pub categories: BTreeMap<String, RawCategoryWork>,
}

/// Shares by grade for one category: index 0, 1, 2 are G1, G2, G3.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CategoryWork {
    /// Share of attended incidents ending in an arrest, by grade.
    pub arrest: [f64; 3],
    /// Share with a mental-health handover wait, by grade.
    pub mental_health: [f64; 3],
    /// Share with a victim follow-up, by grade.
    pub follow_up: [f64; 3],
}

/// Process changes that shorten the work after an incident. All ≥ 0;
/// all 0 (and no cap) is no change.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Levers {
    /// Minutes a records system saves per crime record (≥ 0).
    pub records_per_crime_record_min: f64,
    /// Minutes a records system saves per case file (≥ 0).
    pub records_per_file_min: f64,
    /// Minutes a supervisory change saves per crime record (≥ 0).
    pub supervision_per_crime_record_min: f64,
    /// Right Care Right Person: a mental-health wait ends after this many
    /// hours (> 0), if set.
    pub rcrp_cap_hours: Option<f64>,
}

/// The validated work after incidents. Durations absent in the scenario
/// are 0; every share is in [0, 1].
#[derive(Debug, Clone)]
pub struct AfterIncident {
    /// Prisoner transport per arrest, minutes.
    pub transport_min: Dist,
    /// Custody per arrest (booking-in wait and interview), hours.
    pub custody_hours: Dist,
    /// Case file per arrest, minutes.
    pub file_min: Dist,
    /// Statements and crime record per recorded crime, minutes.
    pub crime_record_min: Dist,
    /// Mental-health handover wait, hours.
    pub mental_health_wait_hours: Dist,
    /// Victim follow-up, minutes.
    pub follow_up_min: Dist,
    /// Per category (`Model::categories` order): its shares by grade.
    pub categories: Vec<CategoryWork>,
    /// The process changes in force.
    pub levers: Levers,
}

fn grade_shares(c: &mut Checker, p: &str, s: &RawGradeShares) -> [f64; 3] {
    [
        c.share(&format!("{p}.g1"), s.g1),
        c.share(&format!("{p}.g2"), s.g2),
        c.share(&format!("{p}.g3"), s.g3),
    ]
}

/// Checks `[after_incident]` against the model's categories.
pub(super) fn compile(
    c: &mut Checker,
    raw: Option<&RawAfterIncident>,
    categories: &[Category],
) -> Option<AfterIncident> {
    let raw = raw?;
    let p = "after_incident";
    let mut dist = |key: &str, d: &Option<RawDist>| match d {
        Some(d) => c.dist(&format!("{p}.{key}"), d),
        None => Dist::Fixed(0.0),
    };
    let transport_min = dist("transport_min", &raw.transport_min);
    let custody_hours = dist("custody_hours", &raw.custody_hours);
    let file_min = dist("file_min", &raw.file_min);
    let crime_record_min = dist("crime_record_min", &raw.crime_record_min);
    let mental_health_wait_hours = dist("mental_health_wait_hours", &raw.mental_health_wait_hours);
    let follow_up_min = dist("follow_up_min", &raw.follow_up_min);
    let mut work = vec![CategoryWork::default(); categories.len()];
    for (name, cat) in &raw.categories {
        let cp = format!("{p}.categories.{name}");
        let Some(i) = categories.iter().position(|k| &k.name == name) else {
            let known: Vec<&str> = categories.iter().map(|k| k.name.as_str()).collect();
            c.fail(
                &cp,
                format!(
                    "names no category `{name}`; shares belong to a category of [categories] ({})",
                    known.join(", ")
                ),
            );
            continue;
        };
        work[i] = CategoryWork {
            arrest: grade_shares(c, &format!("{cp}.arrest_share"), &cat.arrest_share),
            mental_health: grade_shares(
                c,
                &format!("{cp}.mental_health_share"),
                &cat.mental_health_share,
            ),
            follow_up: grade_shares(c, &format!("{cp}.follow_up_share"), &cat.follow_up_share),
        };
    }
    let rcrp_cap_hours = raw.right_care_right_person_hours.and_then(|h| {
        if h.is_finite() && h > 0.0 {
            Some(h)
        } else {
            c.fail(
                &format!("{p}.right_care_right_person_hours"),
                format!(
                    "must be a number of hours > 0 after which officers leave a mental-health \
                     handover (got {h}); leave it out for no limit"
                ),
            );
            None
        }
    });
    let levers = Levers {
        records_per_crime_record_min: c.non_negative(
            &format!("{p}.records_minutes_saved_per_crime_record"),
            raw.records_minutes_saved_per_crime_record,
        ),
        records_per_file_min: c.non_negative(
            &format!("{p}.records_minutes_saved_per_file"),
            raw.records_minutes_saved_per_file,
        ),
        supervision_per_crime_record_min: c.non_negative(
            &format!("{p}.supervision_minutes_saved_per_crime_record"),
            raw.supervision_minutes_saved_per_crime_record,
        ),
        rcrp_cap_hours,
    };
    Some(AfterIncident {
        transport_min,
        custody_hours,
        file_min,
        crime_record_min,
        mental_health_wait_hours,
        follow_up_min,
        categories: work,
        levers,
    })
}
