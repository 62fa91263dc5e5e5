//! Checking and compiling teams: their shifts (the roster), abstraction,
//! headcount, overtime and neighbourhood activity; that every team routed
//! work has someone on duty; and the prevention programmes that
//! neighbourhood teams' problem-solving hours pay for.

use super::abstraction;
use super::checker::Checker;
use super::model::{Activity, Prevention, Shift, Team};
use super::raw::{RawPrevention, RawScenario, RawShift, RawTeam};
use super::validate::MAX_STAFF_PER_SHIFT;
use super::workforce;
use std::collections::{BTreeMap, BTreeSet};

/// Team index → the key path that first routes work to it (a channel, an
/// area or grade G4), for messages about that team.
pub(super) type RoutedTeams = BTreeMap<usize, String>;

const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Checks every team; `response_teams` are those that attend incidents.
pub(super) fn compile_teams(
    c: &mut Checker,
    raw: &RawScenario,
    response_teams: &BTreeSet<usize>,
    calendar: ((i64, u32, u32), usize),
) -> Vec<Team> {
    raw.teams
        .iter()
        .enumerate()
        .map(|(i, (name, t))| compile_team(c, name, t, response_teams.contains(&i), calendar))
        .collect()
}

/// The keys a team's workforce (who is on duty when) is built from: once
/// one of them is wrong, checks of who is on duty are not run on the team.
const WORKFORCE_KEYS: [&str; 5] = [
    "headcount",
    "headcount_by_role",
    "rota",
    "shifts",
    "staffing_by_year",
];

/// Whether a problem was already found in team `name`'s workforce.
pub(super) fn workforce_failed(c: &Checker, name: &str) -> bool {
    WORKFORCE_KEYS
        .iter()
        .any(|k| c.failed_at(&format!("teams.{name}.{k}")))
}

/// Checks that every team routed work has someone on duty at some hour of
/// the week (not for a team whose workforce is already found wrong: its
/// duty follows from the fault).
pub(super) fn check_routed_teams_staffed(c: &mut Checker, routed: &RoutedTeams, teams: &[Team]) {
    for (&team, routed_by) in routed {
        if let Some(t) = teams.get(team)
            && !workforce_failed(c, &t.name)
            && t.rostered_units_by_hour().iter().all(|&u| u == 0)
        {
            c.fail(
                &format!("teams.{}.shifts", t.name),
                format!(
                    "team `{}` is routed work (by {routed_by}) but has no one on duty at any hour of the week \
                     (every shift has staff 0, or fewer staff than its crew size)",
                    t.name
                ),
            );
        }
    }
}

/// Checks one team; `is_response` if it attends incidents for an area;
/// `calendar` is the run's first day and its number of days.
fn compile_team(
    c: &mut Checker,
    name: &str,
    t: &RawTeam,
    is_response: bool,
    calendar: ((i64, u32, u32), usize),
) -> Team {
    let p = format!("teams.{name}");
    let activity = t.activity.as_ref().map(|a| {
        let shares = [
            ("appointments".to_string(), a.appointments),
            ("backfill_response".to_string(), a.backfill_response),
            ("problem_solving".to_string(), a.problem_solving),
        ];
        c.mix(&format!("{p}.activity."), &shares);
        Activity {
            appointments: a.appointments,
            backfill_response: a.backfill_response,
            problem_solving: a.problem_solving,
        }
    });
    let mut abstraction_share = c.abstraction(&p, &t.abstraction);
    let freed = c.non_negative(
        &format!("{p}.time_freed_hours_per_year"),
        t.time_freed_hours_per_year,
    );
    let headcount = workforce::headcount(c, &p, t);
    // What follows from the headcount (the rota's people, contracted and
    // rostered hours, absence per person) is not worked out from one
    // already found wrong: one fault, one error (a NaN headcount would
    // otherwise roster u32::MAX people and fail again where it is used).
    let headcount_failed =
        c.failed_at(&format!("{p}.headcount")) || c.failed_at(&format!("{p}.headcount_by_role"));
    let staffing_by_year = c.staffing_plan(&format!("{p}.staffing_by_year"), &t.staffing_by_year);
    let plan0 = super::model::staffing_in_year(&staffing_by_year, 0);
    let by_rota = t.rota.is_some();
    let mut shifts: Vec<Shift> = t
        .shifts
        .iter()
        .enumerate()
        .map(|(i, s)| compile_shift(c, &format!("{p}.shifts[{i}]"), s, by_rota))
        .collect();
    let rota = t
        .rota
        .as_ref()
        .filter(|_| !headcount_failed)
        .and_then(|r| workforce::compile_rota(c, &p, r, &shifts, headcount, plan0));
    if let Some(rota) = &rota {
        // The weekly views (charts, coverage) see each shift's mean staff.
        for (shift, by_day) in shifts.iter_mut().zip(&rota.staff) {
            let total: f64 = by_day.iter().map(|&n| f64::from(n)).sum();
            shift.staff = (total / rota.cycle_days.max(1) as f64).round() as u32;
        }
    }
    let rostered_per_year: f64 = match &rota {
        Some(rota) => rota.person_hours_per_week(&shifts) * crate::finance::model::WEEKS_PER_YEAR,
        None => t
            .shifts
            .iter()
            .map(|s| {
                f64::from(s.staff.unwrap_or(0))
                    * f64::from(s.length_hours)
                    * s.days.as_ref().map_or(7, Vec::len) as f64
                    * crate::finance::model::WEEKS_PER_YEAR
            })
            .sum(),
    };
    if freed > 0.0 && rostered_per_year > 0.0 {
        // Freed time is time no longer lost to other duties: it lowers the
        // share of rostered people unavailable.
        abstraction_share = (abstraction_share - freed / rostered_per_year).max(0.0);
    }
    let abstraction_by_month = leave_by_month(
        c,
        &p,
        &t.annual_leave_by_month,
        t.abstraction.annual_leave,
        abstraction_share,
    );
    let productivity_gain = c
        .share(&format!("{p}.productivity_gain"), t.productivity_gain)
        .min(0.9);
    let overtime = t.overtime.as_ref().map(|o| {
        let hours = c.non_negative(
            &format!("{p}.overtime.max_unit_hours_per_week"),
            o.max_unit_hours_per_week,
        );
        (
            o.when_queue_exceeds,
            o.extra_units.min(MAX_STAFF_PER_SHIFT),
            hours,
        )
    });
    let rostered = shifts.iter().map(|s| s.staff).max().unwrap_or(0);
    if let Some(rota) = &rota {
        for (i, shift) in shifts.iter().enumerate() {
            let fewest = rota.staff[i].iter().copied().filter(|&n| n > 0).min();
            if let Some(fewest) = fewest
                && shift.crew_size > fewest
            {
                c.fail(
                    &format!("{p}.shifts[{i}].crew_size"),
                    format!(
                        "is {} people a unit, larger than the {fewest} the rota puts on this shift on \
                         some days: those instances make no unit; lower crew_size or raise the \
                         headcount",
                        shift.crew_size
                    ),
                );
            }
        }
    }
    if headcount == Some(0.0) && by_rota {
        c.fail(
            &format!(
                "{p}.{}",
                if t.headcount.is_some() {
                    "headcount"
                } else {
                    "headcount_by_role"
                }
            ),
            "is 0, but the team's shifts are rostered by its rota: no one in post cannot work \
             them, and every figure per person would be infinite; give the people in post, or \
             remove the rota and the team's work",
        );
    } else if headcount == Some(0.0) && rostered > 0 {
        let key = if t.headcount.is_some() {
            "headcount"
        } else {
            "headcount_by_role"
        };
        c.fail(
            &format!("{p}.{key}"),
            format!(
                "is 0, but the team's shifts are rostered (up to {rostered} people on a shift): \
                 no one in post cannot work them, and every figure per person would be \
                 infinite; give the people in post, or leave the headcount out"
            ),
        );
    }
    let contracted_hours_per_week =
        workforce::contracted_hours(c, &p, t, headcount.filter(|_| !headcount_failed));
    let absence = t.absence.as_ref().and_then(|a| {
        let flat = [
            t.abstraction.annual_leave,
            t.abstraction.sickness,
            t.abstraction.training,
            t.abstraction.court,
            t.abstraction.other,
        ];
        if flat.iter().any(|x| *x != 0.0) {
            c.fail(
                &format!("{p}.abstraction"),
                "is given beside `absence`: the team's abstraction is either flat shares or \
                 time by reason; remove one of the two tables",
            );
        }
        // Counted per person in post: not checked again on a headcount
        // already found wrong (one fault, one error).
        if headcount_failed {
            return None;
        }
        let mut absence = abstraction::compile(
            c,
            &p,
            a,
            headcount,
            &t.annual_leave_by_month,
            calendar.0,
            calendar.1,
        )?;
        // Freed time is time no longer lost to other duties, as for the
        // flat shares above.
        if freed > 0.0 && rostered_per_year > 0.0 {
            absence.freed(freed / rostered_per_year);
        }
        Some(absence)
    });
    let rostered_week = if rota.is_some() || !by_rota {
        let week: f64 = match &rota {
            Some(rota) => rota.person_hours_per_week(&shifts),
            None => shifts
                .iter()
                .map(|s| {
                    f64::from(s.staff)
                        * f64::from(s.length_hours)
                        * s.days.iter().filter(|d| **d).count() as f64
                })
                .sum(),
        };
        Some(week * plan0)
    } else {
        None
    };
    if let (Some(headcount), Some(contracted), Some(rostered)) =
        (headcount, contracted_hours_per_week, rostered_week)
        && headcount > 0.0
        && !headcount_failed
    {
        let h = workforce::HoursCheck {
            path: &p,
            name,
            headcount,
            contracted,
            rostered,
            by_rota: rota.is_some(),
        };
        workforce::check_rostered_hours(c, &h, t.rostered_hours_override_reason.as_deref());
    }
    Team {
        name: name.to_string(),
        headcount,
        abstraction_share,
        abstraction_by_reason: [
            t.abstraction.annual_leave,
            t.abstraction.sickness,
            t.abstraction.training,
            t.abstraction.court,
            t.abstraction.other,
        ],
        abstraction_by_month,
        reserved_for_top_priority: t.reserved_for_top_priority.min(MAX_STAFF_PER_SHIFT),
        staffing_by_year,
        activity,
        overtime,
        productivity_gain,
        shifts,
        is_response,
        contracted_hours_per_week,
        rota,
        absence,
        minimum: None,
    }
}

/// Checks one shift of a roster, at key path `p`; `by_rota` if the team's
/// rota gives the staff (then `staff` must be absent, else present).
fn compile_shift(c: &mut Checker, p: &str, s: &RawShift, by_rota: bool) -> Shift {
    let staff = match (s.staff, by_rota) {
        (Some(n), false) => n,
        (None, true) => 0,
        (Some(_), true) => {
            c.fail(
                &format!("{p}.staff"),
                "the team's rota rosters its headcount, so a shift's staff come from the rota: \
                 remove `staff` (or remove the rota to hand-type staff)",
            );
            0
        }
        (None, false) => {
            c.fail(
                p,
                "needs `staff`, the people rostered on the shift (or give the team a `rota` \
                 that rosters its headcount)",
            );
            0
        }
    };
    if s.start_hour > 23 {
        c.fail(
            &format!("{p}.start_hour"),
            format!("must be an hour 0–23 (got {})", s.start_hour),
        );
    }
    if !(1..=24).contains(&s.length_hours) {
        c.fail(
            &format!("{p}.length_hours"),
            format!("must be 1–24 hours (got {})", s.length_hours),
        );
    }
    if staff > MAX_STAFF_PER_SHIFT {
        c.fail(
            &format!("{p}.staff"),
            format!("must be at most {MAX_STAFF_PER_SHIFT} (got {staff})"),
        );
    }
    if s.crew_size == 0 {
        c.fail(
            &format!("{p}.crew_size"),
            "must be at least 1 person per unit (got 0)",
        );
    } else if staff > 0 && s.crew_size > staff {
        c.fail(
            &format!("{p}.crew_size"),
            format!(
                "is {} people a unit, larger than the shift's staff of {}: the shift makes no \
                 unit, so the people rostered are never on duty; lower crew_size or raise staff",
                s.crew_size, staff
            ),
        );
    }
    let mut days = [s.days.is_none(); 7];
    for (i, d) in s.days.iter().flatten().enumerate() {
        match DAY_NAMES.iter().position(|n| n.eq_ignore_ascii_case(d)) {
            Some(k) => days[k] = true,
            None => c.fail(
                &format!("{p}.days[{i}]"),
                format!("must be one of mon, tue, wed, thu, fri, sat, sun (got `{d}`)"),
            ),
        }
    }
    Shift {
        name: s.name.clone(),
        start_hour: s.start_hour.min(23),
        length_hours: s.length_hours.clamp(1, 24),
        staff: staff.min(MAX_STAFF_PER_SHIFT),
        crew_size: s.crew_size.max(1),
        days,
    }
}

/// Checks prevention programmes.
pub(super) fn compile_prevention(
    c: &mut Checker,
    raw: &RawScenario,
    team_index: &BTreeMap<String, usize>,
    category_index: &BTreeMap<String, usize>,
    teams: &[Team],
) -> Vec<Prevention> {
    raw.prevention
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let path = format!("prevention[{i}]");
            let team_ids: Vec<usize> = p
                .teams
                .iter()
                .enumerate()
                .map(|(k, t)| {
                    let id = c.lookup(&format!("{path}.teams[{k}]"), "team", t, team_index);
                    if teams.get(id).is_some_and(|team| team.activity.is_none()) {
                        c.fail(
                            &format!("{path}.teams[{k}]"),
                            format!(
                                "team `{t}` has no `activity` split, so no problem-solving hours"
                            ),
                        );
                    }
                    id
                })
                .collect();
            let mut targets = vec![false; raw.categories.len()];
            for (k, cat) in p.categories.iter().enumerate() {
                let id = c.lookup(
                    &format!("{path}.categories[{k}]"),
                    "category",
                    cat,
                    category_index,
                );
                if let Some(t) = targets.get_mut(id) {
                    *t = true;
                }
            }
            Prevention {
                name: p.name.clone(),
                teams: team_ids,
                targets,
                reduction_per_1000_hours_per_week: effect_per_1000_hours(c, &path, p),
                max_reduction: c.share(&format!("{path}.max_reduction"), p.max_reduction),
                lag_days: u64::from(p.lag_days),
                reference_hours_per_week: c.non_negative(
                    &format!("{path}.reference_hours_per_week"),
                    p.reference_hours_per_week,
                ),
            }
        })
        .collect()
}

/// A programme's effect as the share avoided per 1,000 hours a week above
/// its reference, from whichever of the two keys it gives: a reduction `d`
/// per doubling of a reference of `R` hours a week is `d × 1,000 ÷ R` per
/// 1,000 hours (so `k × (H − R) ÷ 1,000 = d × (H − R) ÷ R`).
fn effect_per_1000_hours(c: &mut Checker, path: &str, p: &RawPrevention) -> f64 {
    let per_1000 = format!("{path}.reduction_per_1000_hours_per_week");
    let per_doubling = format!("{path}.reduction_per_doubling_of_hours");
    match (
        p.reduction_per_1000_hours_per_week,
        p.reduction_per_doubling_of_hours,
    ) {
        (Some(k), None) => c.non_negative(&per_1000, k),
        (None, Some(d)) => {
            let d = c.non_negative(&per_doubling, d);
            let reference = p.reference_hours_per_week;
            if reference.is_finite() && reference > 0.0 {
                d * 1000.0 / reference
            } else {
                c.fail(
                    &per_doubling,
                    format!(
                        "an effect per doubling of hours needs `reference_hours_per_week` \
                         above 0 (got {reference}); hint: set it to the baseline's \
                         problem-solving hours a week"
                    ),
                );
                0.0
            }
        }
        (Some(_), Some(_)) => {
            c.fail(
                &per_doubling,
                "give the effect once: `reduction_per_1000_hours_per_week` or \
                 `reduction_per_doubling_of_hours`, not both",
            );
            0.0
        }
        (None, None) => {
            c.fail(
                path,
                "missing the effect: give `reduction_per_doubling_of_hours` (share \
                 avoided if problem-solving hours double over the reference) or \
                 `reduction_per_1000_hours_per_week`",
            );
            0.0
        }
    }
}

/// The total abstraction share by month from a team's leave profile
/// `weights` (at key `{p}.annual_leave_by_month`): the share less the
/// annual leave, plus the leave × the month's weight ÷ the mean weight.
/// `None` without a profile.
fn leave_by_month(
    c: &mut Checker,
    p: &str,
    weights: &[f64],
    annual_leave: f64,
    total: f64,
) -> Option<[f64; 12]> {
    if weights.is_empty() {
        return None;
    }
    let key = format!("{p}.annual_leave_by_month");
    if weights.len() != 12 {
        c.fail(
            &key,
            format!(
                "must give 12 weights, January to December (got {}); hint: 1 for an \
                 average month, e.g. 1.6 in August and 0.7 in November",
                weights.len()
            ),
        );
        return None;
    }
    for (m, &w) in weights.iter().enumerate() {
        c.non_negative(&format!("{key}[{m}]"), w);
    }
    let mean = weights.iter().sum::<f64>() / 12.0;
    if !(mean.is_finite() && mean > 0.0) {
        c.fail(&key, "the weights' mean must be above 0");
        return None;
    }
    let others = (total - annual_leave).max(0.0);
    let mut by_month = [0.0; 12];
    for (m, (&w, share)) in weights.iter().zip(by_month.iter_mut()).enumerate() {
        let month = others + annual_leave * w / mean;
        if month >= 1.0 {
            c.fail(
                &format!("{key}[{m}]"),
                format!(
                    "month {} would abstract {:.1} % of the roster (leave {:.1} % + other \
                     reasons {:.1} %); the total must stay below 100 %",
                    m + 1,
                    month * 100.0,
                    annual_leave * w / mean * 100.0,
                    others * 100.0
                ),
            );
        }
        *share = month.clamp(0.0, 0.999);
    }
    Some(by_month)
}
