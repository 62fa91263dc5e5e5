//! Establishment → duty: a team's contracted hours, its rota, and the check
//! that its roster carries the hours its headcount is paid for.
//!
//! A team's headcount (FTE, by role or in total) times its contracted hours
//! a week (officers 40 under Police Regulations Annex E; police staff as
//! their contract says) is the person-hours the establishment provides. A
//! rota splits the people into reliefs working a repeating pattern of whole
//! weeks, which compiles into people rostered on each shift on each day of
//! the cycle. Hand-typed staff per shift remain possible; then the rostered
//! person-hours must be within
//! [`crate::scenario::workforce::ROSTERED_HOURS_TOLERANCE`] of the
//! establishment's, unless the scenario says why not.

use super::checker::Checker;
use super::model::{Rota, Shift};
use super::raw::{RawRota, RawTeam};
use super::validate::MAX_STAFF_PER_SHIFT;

/// Largest relative difference allowed between a team's rostered
/// person-hours a week and its headcount × contracted hours a week (0.05 =
/// 5 %) without `rostered_hours_override_reason`.
pub const ROSTERED_HOURS_TOLERANCE: f64 = 0.05;

/// Contracted hours a week of a police officer of any rank: the normal
/// daily period of duty of 8 hours, averaged over the week (Police
/// Regulations 2003, Annex E).
pub const OFFICER_HOURS_PER_WEEK: f64 = 40.0;

/// Role names in `headcount_by_role` that are police officers (contracted
/// for [`OFFICER_HOURS_PER_WEEK`]); any other role is police staff.
pub const OFFICER_ROLES: [&str; 8] = [
    "constable",
    "sergeant",
    "inspector",
    "chief_inspector",
    "superintendent",
    "chief_superintendent",
    "senior_officer",
    "officer",
];

/// Most weeks in a rota's pattern (a year).
pub const MAX_ROTA_WEEKS: usize = 52;

/// Most reliefs in a rota.
pub const MAX_RELIEFS: u32 = 100;

/// The token for a rest day in a rota's pattern.
pub const REST_DAY: &str = "-";

/// The team's people in post (FTE): its `headcount`, or the sum of its
/// `headcount_by_role`; `None` without either. Checks each figure, and
/// refuses both at once (one error, whatever the total given): whichever
/// won, a change to the other would be silently ignored.
pub(super) fn headcount(c: &mut Checker, p: &str, t: &RawTeam) -> Option<f64> {
    let by_role: f64 = t
        .headcount_by_role
        .iter()
        .map(|(role, n)| c.people(&format!("{p}.headcount_by_role.{role}"), *n))
        .sum();
    if t.headcount.is_some() && !t.headcount_by_role.is_empty() {
        c.fail(
            &format!("{p}.headcount"),
            format!(
                "is given beside `headcount_by_role`, whose roles add up to the team's \
                 headcount ({by_role} FTE): give one of the two (to change the people in \
                 post, change a role, e.g. `{p}.headcount_by_role.constable`)"
            ),
        );
        return Some(by_role);
    }
    t.headcount
        .map(|h| c.people(&format!("{p}.headcount"), h))
        .or((!t.headcount_by_role.is_empty()).then_some(by_role))
}

/// Contracted hours a week per FTE, FTE-weighted over the team's roles;
/// `None` without a headcount. Checks `contracted_hours_per_week`.
pub(super) fn contracted_hours(
    c: &mut Checker,
    p: &str,
    t: &RawTeam,
    headcount: Option<f64>,
) -> Option<f64> {
    let key = format!("{p}.contracted_hours_per_week");
    let given = t.contracted_hours_per_week.map(|h| {
        let h = c.positive(&key, h);
        if h > 168.0 {
            c.fail(
                &key,
                format!("must be at most 168 hours, the hours in a week (got {h})"),
            );
        }
        h
    });
    let headcount = headcount?;
    if t.headcount.is_some() || t.headcount_by_role.is_empty() {
        return Some(given.unwrap_or(OFFICER_HOURS_PER_WEEK));
    }
    let staff_roles: Vec<&str> = t
        .headcount_by_role
        .keys()
        .map(String::as_str)
        .filter(|r| !OFFICER_ROLES.contains(r))
        .collect();
    if staff_roles.is_empty() && given.is_some() {
        c.fail(
            &key,
            format!(
                "applies to police staff, but every role in headcount_by_role is an officer rank \
                 ({}), contracted for {OFFICER_HOURS_PER_WEEK} h a week under Police Regulations \
                 Annex E; remove it",
                OFFICER_ROLES.join(", ")
            ),
        );
    }
    if !staff_roles.is_empty() && given.is_none() {
        c.fail(
            &key,
            format!(
                "is needed: team has police staff ({}) whose contract is not fixed by Police \
                 Regulations; give their contracted hours a week (37 is a common staff week)",
                staff_roles.join(", ")
            ),
        );
    }
    let staff_hours = given.unwrap_or(OFFICER_HOURS_PER_WEEK);
    let hours: f64 = t
        .headcount_by_role
        .iter()
        .map(|(role, n)| {
            let h = if OFFICER_ROLES.contains(&role.as_str()) {
                OFFICER_HOURS_PER_WEEK
            } else {
                staff_hours
            };
            n.max(0.0) * h
        })
        .sum();
    Some(if headcount > 0.0 {
        hours / headcount
    } else {
        staff_hours
    })
}

/// Compiles a rota over the team's compiled `shifts`: `headcount` people
/// (year-1 FTE) divided by the year-1 staffing multiplier `plan0` give the
/// base people, rounded to whole people and split as evenly as possible
/// between reliefs (the first reliefs take one more).
pub(super) fn compile_rota(
    c: &mut Checker,
    p: &str,
    r: &RawRota,
    shifts: &[Shift],
    headcount: Option<f64>,
    plan0: f64,
) -> Option<Rota> {
    let p = format!("{p}.rota");
    let Some(headcount) = headcount else {
        c.fail(
            &p,
            "a rota rosters the team's people: give `headcount` or `headcount_by_role`",
        );
        return None;
    };
    if !(1..=MAX_RELIEFS).contains(&r.reliefs) {
        c.fail(
            &format!("{p}.reliefs"),
            format!("must be 1–{MAX_RELIEFS} groups (got {})", r.reliefs),
        );
        return None;
    }
    if r.pattern.is_empty() || r.pattern.len() > MAX_ROTA_WEEKS {
        c.fail(
            &format!("{p}.pattern"),
            format!(
                "must have 1–{MAX_ROTA_WEEKS} weeks, one string each (got {})",
                r.pattern.len()
            ),
        );
        return None;
    }
    let mut days: Vec<Option<usize>> = Vec::with_capacity(r.pattern.len() * 7);
    let mut ok = true;
    for (w, week) in r.pattern.iter().enumerate() {
        let tokens: Vec<&str> = week.split_whitespace().collect();
        if tokens.len() != 7 {
            c.fail(
                &format!("{p}.pattern[{w}]"),
                format!(
                    "must be 7 days, Monday first, separated by spaces (got {} in `{week}`), \
                     each a shift name or `{REST_DAY}` for a rest day",
                    tokens.len()
                ),
            );
            ok = false;
            continue;
        }
        for tok in tokens {
            if tok == REST_DAY {
                days.push(None);
            } else if let Some(i) = shifts.iter().position(|s| s.name == tok) {
                days.push(Some(i));
            } else {
                let names: Vec<&str> = shifts.iter().map(|s| s.name.as_str()).collect();
                c.fail(
                    &format!("{p}.pattern[{w}]"),
                    format!(
                        "`{tok}` is not a shift of this team (shifts: {}; `{REST_DAY}` is a rest day)",
                        names.join(", ")
                    ),
                );
                ok = false;
            }
        }
    }
    if !ok {
        return None;
    }
    let cycle = days.len();
    let reliefs = r.reliefs as usize;
    let offset = match r.offset_days {
        Some(o) => o as usize,
        None if cycle.is_multiple_of(reliefs) => cycle / reliefs,
        None => {
            c.fail(
                &format!("{p}.offset_days"),
                format!(
                    "is needed: the pattern's {cycle} days do not divide evenly between {reliefs} \
                     reliefs; give the days between one relief's start and the next's"
                ),
            );
            return None;
        }
    };
    let base = if plan0 > 0.0 { headcount / plan0 } else { 0.0 };
    let people = base.round().min(f64::from(u32::MAX)) as usize;
    let mut staff = vec![vec![0u32; cycle]; shifts.len()];
    for k in 0..reliefs {
        let size = (people / reliefs + usize::from(k < people % reliefs)) as u32;
        let start = (k * offset) % cycle;
        for (d, by_day) in (0..cycle).map(|d| (d, (d + cycle - start) % cycle)) {
            if let Some(s) = days[by_day] {
                staff[s][d] = staff[s][d].saturating_add(size);
            }
        }
    }
    if let Some(most) = staff.iter().flatten().max()
        && *most > MAX_STAFF_PER_SHIFT
    {
        c.fail(
            &p,
            format!("rosters {most} people on one shift, more than {MAX_STAFF_PER_SHIFT}"),
        );
    }
    Some(Rota {
        cycle_days: cycle,
        staff,
    })
}

/// What the roster and the establishment give, for the check.
pub(super) struct HoursCheck<'a> {
    /// Key path of the team, `teams.NAME`.
    pub path: &'a str,
    /// The team's name.
    pub name: &'a str,
    /// Year-1 headcount, FTE.
    pub headcount: f64,
    /// Contracted hours a week per FTE.
    pub contracted: f64,
    /// Person-hours rostered a week in year 1 (after the year-1 plan).
    pub rostered: f64,
    /// True if a rota rosters the team (else hand-typed shifts).
    pub by_rota: bool,
}

/// Fails when the rostered person-hours differ from headcount × contracted
/// hours by more than [`ROSTERED_HOURS_TOLERANCE`], unless `reason` says why.
pub(super) fn check_rostered_hours(c: &mut Checker, h: &HoursCheck, reason: Option<&str>) {
    if let Some(reason) = reason {
        if reason.trim().is_empty() {
            c.fail(
                &format!("{}.rostered_hours_override_reason", h.path),
                "must say why the roster's hours differ from the headcount's (got an empty text)",
            );
        }
        return;
    }
    let paid = h.headcount * h.contracted;
    if paid <= 0.0 {
        return;
    }
    let difference = (h.rostered - paid) / paid;
    if difference.abs() <= ROSTERED_HOURS_TOLERANCE {
        return;
    }
    let (key, what, fix) = if h.by_rota {
        (
            format!("{}.rota.pattern", h.path),
            "its rota rosters",
            format!(
                "make the pattern work {:.1} h a week per person (it works {:.1})",
                h.contracted,
                h.rostered / h.headcount.max(1e-9)
            ),
        )
    } else {
        (
            format!("{}.shifts", h.path),
            "its shifts roster",
            format!(
                "scale every shift's staff by {:.2}, or set the headcount to the {:.1} FTE the \
                 shifts carry, or give the team a `rota` that rosters its headcount",
                paid / h.rostered.max(1e-9),
                h.rostered / h.contracted
            ),
        )
    };
    c.fail(
        &key,
        format!(
            "team `{}`: {what} {:.0} person-hours a week, but its headcount of {:.1} FTE at {:.1} h \
             a week is {:.0} h a week ({:+.1} %, more than the {:.0} % allowed); fix: {fix}; or, if \
             the difference is intended, say why in `{}.rostered_hours_override_reason`",
            h.name,
            h.rostered,
            h.headcount,
            h.contracted,
            paid,
            difference * 100.0,
            ROSTERED_HOURS_TOLERANCE * 100.0,
            h.path
        ),
    );
}
