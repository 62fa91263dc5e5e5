//! Time budgets: the obligated time of a response team's officers as
//! scenario data — briefing at the start of a shift, refreshment breaks
//! taken in a window, administration at the end of a shift.
//!
//! Written as `[time_budget.TEAM]` tables beside `[teams]`; a team without
//! one has no obligated time (every on-duty unit is available for calls),
//! so a scenario without the section simulates exactly as before.
//!
//! Refreshment follows the Police Regulations 2003, Annex E (the
//! determination under regulation 22, as substituted from 1 January 2019 by
//! Home Office circular 001/2019): an officer on variable shift
//! arrangements on duty for a continuous period of 5 hours or more is
//! allowed, as far as the exigencies of duty permit, 30 minutes for a
//! period under 6 hours, 35 for 6–7, 40 for 7–8, 45 for 8–9, 50 for 9–10
//! and 60 for 10 hours or more ([`crate::scenario::time_budget::annex_e_refreshment_min`]). Annex E
//! leaves when the break is taken, and what happens when it is
//! interrupted, to the force: those are the `refreshment_window_hours` and
//! `interrupted_break` keys.
//!
//! The same table may give the team proactive, self-initiated work (stop
//! checks, patrol, follow-ups): `proactive_tasks_per_hour` and
//! `proactive_task_min`
//! ([`Proactive`](crate::scenario::time_budget::Proactive)). It is not
//! obligated time but the lowest class of work, done only by units no
//! call needs; without the keys (or with a rate of 0) none is modelled
//! and nothing changes.

use super::checker::Checker;
use super::model::Team;
use super::raw::RawScenario;
use serde::Deserialize;
use std::collections::BTreeMap;

/// One team's time budget as written in the scenario
/// (`[time_budget.TEAM]`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTimeBudget {
    /// Where the figures come from (free text, for the reader).
    #[serde(default)]
    pub source: String,
    /// Minutes every unit spends in briefing at the start of its shift.
    #[serde(default)]
    pub briefing_min: f64,
    /// Minutes every unit spends on administration at the end of its shift.
    #[serde(default)]
    pub end_of_shift_admin_min: f64,
    /// `"annex_e"` (refreshment by shift length, Police Regulations 2003
    /// Annex E) or `"none"`; absent means none unless `refreshment_min` is
    /// given.
    pub refreshment: Option<String>,
    /// A fixed refreshment break per shift, minutes (instead of Annex E).
    pub refreshment_min: Option<f64>,
    /// `[from, to]`: hours after the start of a shift over which the
    /// units' breaks are planned (due times spread evenly, the first at
    /// `from`, the last at `to`). A due break may start until the latest
    /// start that ends it before end-of-shift administration. Absent: the
    /// first half of the time between briefing and that latest start.
    pub refreshment_window_hours: Option<[f64; 2]>,
    /// What a break interrupted by a G1 becomes: `"resumed"` (the rest is
    /// taken later in the window, default) or `"missed"`.
    pub interrupted_break: Option<String>,
    /// Proactive tasks (stop checks, patrol, follow-ups) the team's
    /// officers find an hour, team-wide (0 ≤ rate ≤
    /// [`MAX_PROACTIVE_TASKS_PER_HOUR`]); a task starts only on a unit no
    /// call needs. Absent or 0: no proactive work is modelled.
    pub proactive_tasks_per_hour: Option<f64>,
    /// Length of a proactive task, minutes (mean > 0; needed with a rate
    /// > 0, refused without one).
    pub proactive_task_min: Option<super::raw::RawDist>,
}

/// Most proactive tasks a team may find an hour (one every 3.6 seconds):
/// a bound that keeps the event count finite, far above any real rate.
pub const MAX_PROACTIVE_TASKS_PER_HOUR: f64 = 1000.0;

/// Proactive, self-initiated work: the lowest class of work, on units no
/// call needs, given up at once for any call (so it fills only time that
/// would otherwise be idle).
#[derive(Debug, Clone)]
pub struct Proactive {
    /// Tasks found an hour, team-wide, a Poisson stream; 0 < rate ≤
    /// [`MAX_PROACTIVE_TASKS_PER_HOUR`].
    pub tasks_per_hour: f64,
    /// Length of a task, minutes (mean > 0).
    pub task_min: crate::dist::Dist,
}

/// What happens to a refreshment break interrupted by a G1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interrupted {
    /// The rest of the break is taken when a unit is next free, if it can
    /// still end before end-of-shift administration; else it is missed.
    Resumed,
    /// The break counts as missed.
    Missed,
}

/// One shift's refreshment: minutes, when breaks are planned, and the
/// latest start. Invariant: briefing ≤ `from_min` ≤ `to_min` ≤
/// `latest_min`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Refreshment {
    /// Break length per unit, minutes (> 0).
    pub minutes: f64,
    /// First planned start (due time), minutes after the shift starts.
    pub from_min: f64,
    /// Last planned start, minutes after the shift starts.
    pub to_min: f64,
    /// Latest start, minutes after the shift starts: a break starting then
    /// ends when end-of-shift administration begins; one not started by
    /// then is missed.
    pub latest_min: f64,
}

/// A team's validated time budget. Invariants: every time ≥ 0; for every
/// shift, briefing + refreshment + administration fit in the shift and the
/// refreshment window lies between briefing and administration; proactive
/// work, if any, has a rate in (0, [`MAX_PROACTIVE_TASKS_PER_HOUR`]] and
/// tasks of positive mean length.
#[derive(Debug, Clone)]
pub struct TimeBudget {
    /// Briefing per unit at the start of each shift, minutes.
    pub briefing_min: f64,
    /// Administration per unit at the end of each shift, minutes.
    pub admin_min: f64,
    /// Per shift of the team (`Team::shifts` order): its refreshment, or
    /// `None` for no break.
    pub refreshment: Vec<Option<Refreshment>>,
    /// What an interrupted break becomes.
    pub interrupted: Interrupted,
    /// Proactive work, if the team has it.
    pub proactive: Option<Proactive>,
}

/// Refreshment allowed for a continuous tour of `hours`, minutes (Police
/// Regulations 2003 Annex E, variable shift arrangements): none under 5
/// hours, then 30, 35, 40, 45, 50 and 60 minutes at 5, 6, 7, 8, 9 and 10
/// hours or more.
pub fn annex_e_refreshment_min(hours: f64) -> f64 {
    match hours {
        h if h < 5.0 => 0.0,
        h if h < 6.0 => 30.0,
        h if h < 7.0 => 35.0,
        h if h < 8.0 => 40.0,
        h if h < 9.0 => 45.0,
        h if h < 10.0 => 50.0,
        _ => 60.0,
    }
}

/// Checks every `[time_budget.TEAM]` and returns one entry per team of
/// `teams` (model order): its budget, or `None`.
pub(super) fn compile(
    c: &mut Checker,
    raw: &RawScenario,
    teams: &[Team],
) -> Vec<Option<TimeBudget>> {
    let mut budgets = vec![None; teams.len()];
    for (name, b) in &raw.time_budget {
        let p = format!("time_budget.{name}");
        let Some(t) = teams.iter().position(|t| &t.name == name) else {
            let known: Vec<&str> = teams.iter().map(|t| t.name.as_str()).collect();
            c.fail(
                &p,
                format!(
                    "names no team `{name}`; a time budget belongs to a team of [teams] ({})",
                    known.join(", ")
                ),
            );
            continue;
        };
        let team = &teams[t];
        if !team.is_response || team.activity.is_some() {
            c.fail(
                &p,
                format!(
                    "team `{name}` does not attend incidents as a response team; a time budget \
                     is for a response team (one that areas send G1/G2 incidents to, without an \
                     `activity` split)"
                ),
            );
            continue;
        }
        budgets[t] = compile_one(c, &p, b, team);
    }
    budgets
}

fn compile_one(c: &mut Checker, p: &str, b: &RawTimeBudget, team: &Team) -> Option<TimeBudget> {
    let briefing = c.non_negative(&format!("{p}.briefing_min"), b.briefing_min);
    let admin = c.non_negative(
        &format!("{p}.end_of_shift_admin_min"),
        b.end_of_shift_admin_min,
    );
    let annex_e = match b.refreshment.as_deref() {
        None | Some("none") => false,
        Some("annex_e") => true,
        Some(other) => {
            c.fail(
                &format!("{p}.refreshment"),
                format!("must be \"annex_e\" or \"none\" (got \"{other}\")"),
            );
            false
        }
    };
    let fixed = b
        .refreshment_min
        .map(|m| c.non_negative(&format!("{p}.refreshment_min"), m));
    if annex_e && fixed.is_some() {
        c.fail(
            &format!("{p}.refreshment_min"),
            "is given with refreshment = \"annex_e\": give one of them (Annex E sets the minutes by shift length)",
        );
    }
    let interrupted = match b.interrupted_break.as_deref() {
        None | Some("resumed") => Interrupted::Resumed,
        Some("missed") => Interrupted::Missed,
        Some(other) => {
            c.fail(
                &format!("{p}.interrupted_break"),
                format!("must be \"resumed\" or \"missed\" (got \"{other}\")"),
            );
            Interrupted::Resumed
        }
    };
    if let Some([from, to]) = b.refreshment_window_hours
        && !(from.is_finite() && to.is_finite() && 0.0 <= from && from <= to)
    {
        c.fail(
            &format!("{p}.refreshment_window_hours"),
            format!("must be [from, to] hours after the shift starts, 0 ≤ from ≤ to (got [{from}, {to}])"),
        );
        return None;
    }
    let mut refreshment = Vec::with_capacity(team.shifts.len());
    let mut ok = true;
    for shift in &team.shifts {
        let length_min = f64::from(shift.length_hours) * 60.0;
        let minutes = match (annex_e, fixed) {
            (true, _) => annex_e_refreshment_min(f64::from(shift.length_hours)),
            (false, Some(m)) => m,
            (false, None) => 0.0,
        };
        if briefing + admin + minutes > length_min {
            c.fail(
                p,
                format!(
                    "briefing ({briefing} min), refreshment ({minutes} min) and end-of-shift \
                     administration ({admin} min) add up to more than shift `{}` of team `{}` \
                     ({} hours)",
                    shift.name, team.name, shift.length_hours
                ),
            );
            ok = false;
            continue;
        }
        if minutes <= 0.0 {
            refreshment.push(None);
            continue;
        }
        let latest = length_min - admin - minutes;
        let (from_min, to_min) = match b.refreshment_window_hours {
            Some([from, to]) => (from * 60.0, to * 60.0),
            // assumption: breaks planned over the first half of the time
            // they may be taken in, so each has slack to wait for a free unit.
            None => (briefing, (briefing + latest) / 2.0),
        };
        if from_min < briefing || from_min > to_min || to_min > latest {
            c.fail(
                &format!("{p}.refreshment_window_hours"),
                format!(
                    "leaves no time for a {minutes}-minute break in shift `{}` ({} hours): \
                     breaks start after briefing ({briefing} min) and end before end-of-shift \
                     administration ({admin} min), so the window must lie within \
                     [{:.2}, {:.2}] hours",
                    shift.name,
                    shift.length_hours,
                    briefing / 60.0,
                    latest / 60.0
                ),
            );
            ok = false;
            continue;
        }
        refreshment.push(Some(Refreshment {
            minutes,
            from_min,
            to_min,
            latest_min: latest,
        }));
    }
    let proactive = proactive(c, p, b);
    ok.then_some(TimeBudget {
        briefing_min: briefing,
        admin_min: admin,
        refreshment,
        interrupted,
        proactive,
    })
}

/// The proactive work of budget `b` at key path `p`: `None` without a
/// rate (or with 0), else the rate and task length, each checked.
fn proactive(c: &mut Checker, p: &str, b: &RawTimeBudget) -> Option<Proactive> {
    let rate_path = format!("{p}.proactive_tasks_per_hour");
    let length_path = format!("{p}.proactive_task_min");
    let rate = match b.proactive_tasks_per_hour {
        Some(r) if !(r.is_finite() && (0.0..=MAX_PROACTIVE_TASKS_PER_HOUR).contains(&r)) => {
            c.fail(
                &rate_path,
                format!(
                    "must be a number of tasks an hour, at least 0 and at most \
                     {MAX_PROACTIVE_TASKS_PER_HOUR} (got {r})"
                ),
            );
            return None;
        }
        Some(r) => r,
        None => 0.0,
    };
    match (&b.proactive_task_min, rate > 0.0) {
        (Some(d), true) => {
            let task_min = c.dist(&length_path, d);
            let mean = task_min.mean();
            if mean.is_nan() || mean <= 0.0 {
                c.fail(
                    &length_path,
                    format!("must have a mean above 0 minutes (got {mean})"),
                );
                return None;
            }
            Some(Proactive {
                tasks_per_hour: rate,
                task_min,
            })
        }
        (None, true) => {
            c.fail(
                &length_path,
                "is missing: proactive_tasks_per_hour > 0 needs the length of a task in \
                 minutes, e.g. proactive_task_min = { dist = \"exponential\", mean = 30.0 }",
            );
            None
        }
        (Some(_), false) if b.proactive_tasks_per_hour.is_none() => {
            c.fail(
                &length_path,
                "is given without proactive_tasks_per_hour: give the tasks found an hour \
                 (0 turns proactive work off)",
            );
            None
        }
        (_, false) => None,
    }
}

/// The raw section: team name → its budget (`[time_budget.TEAM]`).
pub type RawTimeBudgets = BTreeMap<String, RawTimeBudget>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annex_e_gives_refreshment_by_shift_length() {
        let table = [
            (4.0, 0.0),
            (5.0, 30.0),
            (6.0, 35.0),
            (7.5, 40.0),
            (8.0, 45.0),
            (9.0, 50.0),
            (10.0, 60.0),
            (12.0, 60.0),
        ];
        for (hours, minutes) in table {
            assert_eq!(annex_e_refreshment_min(hours), minutes, "{hours} h");
        }
    }
}
