//! Minimum staffing and the escalation ladder: `[teams.T.minimum_staffing]`
//! checked and compiled into [`MinimumStaffing`].
//!
//! When a shift starts with fewer people available (rostered less
//! abstraction) than its minimum, the shortfall goes down the team's
//! ladder in order: overtime call-in, rest-day working, backfill from a
//! named team; what no step fills is accepted short. Each step fills each
//! missing person with its probability, within its cap of hours a year.

use super::checker::Checker;
use super::model::Team;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Rest-day working with fewer days' notice than this is paid at time and
/// a half; with this many or more, the officer gets another rest day
/// instead (Police Regulations 2003, regulation 26 and its determination on
/// rest days, as summarised by the Police Federation).
pub const REST_DAY_NOTICE_DAYS: u32 = 15;

/// Pay for a rest day worked at short notice, × the basic hourly rate
/// (time and a half; same source as [`REST_DAY_NOTICE_DAYS`]).
pub const REST_DAY_SHORT_NOTICE_MULTIPLIER: f64 = 1.5;

/// The steps a ladder may take, as written and as output segments.
pub const STEP_NAMES: [&str; 3] = ["overtime", "rest_day", "backfill"];

/// `[teams.T.minimum_staffing]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMinimum {
    /// Fewest people on every shift.
    pub people_per_shift: Option<u32>,
    /// Fewest people by shift name (overrides `people_per_shift`).
    #[serde(default)]
    pub people_by_shift: BTreeMap<String, u32>,
    /// The ladder, in order.
    #[serde(default)]
    pub escalation: Vec<RawStep>,
}

/// One step of the ladder as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStep {
    /// `overtime`, `rest_day`, `backfill` or `accept`.
    pub step: String,
    /// Chance each missing person is found by this step, in [0, 1]
    /// (default 1).
    pub probability: Option<f64>,
    /// Most hours this step fills a year, ≥ 0 (default: no cap).
    pub max_hours_per_year: Option<f64>,
    /// Backfill: the team that lends its people.
    pub from: Option<String>,
    /// Rest-day working: days' notice given (default 0).
    pub notice_days: Option<u32>,
}

/// A step of the ladder.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StepKind {
    /// People called in on overtime, paid at the overtime rate.
    Overtime,
    /// People working a rest day, paid at `multiplier` × the basic rate
    /// (1.5 at short notice; 0 with [`REST_DAY_NOTICE_DAYS`] or more, as
    /// another rest day is given instead).
    RestDay {
        /// × the basic hourly rate, ≥ 0.
        multiplier: f64,
    },
    /// People lent by team `from` (index into `Model::teams`), which loses
    /// them for the shift.
    Backfill {
        /// The lending team.
        from: usize,
    },
}

impl StepKind {
    /// Index into [`STEP_NAMES`].
    pub fn index(&self) -> usize {
        match self {
            StepKind::Overtime => 0,
            StepKind::RestDay { .. } => 1,
            StepKind::Backfill { .. } => 2,
        }
    }
}

/// A compiled step.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// What it does.
    pub kind: StepKind,
    /// Chance each missing person is found, in [0, 1].
    pub probability: f64,
    /// Most hours it fills a year (`f64::INFINITY`: no cap), ≥ 0.
    pub max_hours_per_year: f64,
}

/// A team's minimum staffing and escalation ladder.
#[derive(Debug, Clone, PartialEq)]
pub struct MinimumStaffing {
    /// Per shift (index into `Team::shifts`): fewest people on duty.
    pub people_by_shift: Vec<u32>,
    /// The ladder, in order; what it leaves is accepted short.
    pub ladder: Vec<Step>,
}

/// Compiles every team's `minimum_staffing` into `teams` (in the order of
/// `raw`).
pub(super) fn compile(
    c: &mut Checker,
    raw: &BTreeMap<String, super::raw::RawTeam>,
    teams: &mut [Team],
) {
    let index: BTreeMap<String, usize> = raw
        .keys()
        .enumerate()
        .map(|(i, k)| (k.clone(), i))
        .collect();
    let minimums: Vec<Option<MinimumStaffing>> = raw
        .iter()
        .enumerate()
        .map(|(t, (name, rt))| {
            rt.minimum_staffing
                .as_ref()
                .and_then(|m| compile_one(c, &format!("teams.{name}"), m, t, &teams[t], &index))
        })
        .collect();
    for (team, m) in teams.iter_mut().zip(minimums) {
        team.minimum = m;
    }
}

fn compile_one(
    c: &mut Checker,
    p: &str,
    m: &RawMinimum,
    me: usize,
    team: &Team,
    index: &BTreeMap<String, usize>,
) -> Option<MinimumStaffing> {
    // A workforce already found wrong gives no establishment to compare
    // the minimum with (one fault, one error).
    let workforce_ok = !super::teams::workforce_failed(c, &team.name);
    let p = format!("{p}.minimum_staffing");
    let mut people_by_shift = vec![m.people_per_shift.unwrap_or(0); team.shifts.len()];
    for (name, &n) in &m.people_by_shift {
        match team.shifts.iter().position(|s| &s.name == name) {
            Some(i) => people_by_shift[i] = n,
            None => {
                let names: Vec<&str> = team.shifts.iter().map(|s| s.name.as_str()).collect();
                c.fail(
                    &format!("{p}.people_by_shift.{name}"),
                    format!(
                        "`{name}` is not a shift of this team (shifts: {})",
                        names.join(", ")
                    ),
                );
            }
        }
    }
    if m.people_per_shift.is_none() && m.people_by_shift.is_empty() {
        c.fail(
            &p,
            "gives no minimum: set `people_per_shift`, or `people_by_shift` by shift name",
        );
        return None;
    }
    if let Some(headcount) = team.headcount.filter(|_| workforce_ok) {
        for (i, &n) in people_by_shift.iter().enumerate() {
            if f64::from(n) > headcount {
                let key = match m.people_by_shift.get(&team.shifts[i].name) {
                    Some(_) => format!("{p}.people_by_shift.{}", team.shifts[i].name),
                    None => format!("{p}.people_per_shift"),
                };
                c.fail(
                    &key,
                    format!(
                        "asks for {n} people on shift `{}`, more than the team's establishment \
                         of {headcount} FTE: no ladder could fill it; lower the minimum or \
                         raise the headcount",
                        team.shifts[i].name
                    ),
                );
            }
        }
    }
    let mut ladder = Vec::new();
    for (i, s) in m.escalation.iter().enumerate() {
        let sp = format!("{p}.escalation[{i}]");
        let probability = c.share(&format!("{sp}.probability"), s.probability.unwrap_or(1.0));
        let max_hours_per_year = s.max_hours_per_year.map_or(f64::INFINITY, |h| {
            c.non_negative(&format!("{sp}.max_hours_per_year"), h)
        });
        let kind = match s.step.as_str() {
            "overtime" => StepKind::Overtime,
            "rest_day" => {
                let notice = s.notice_days.unwrap_or(0);
                StepKind::RestDay {
                    multiplier: if notice >= REST_DAY_NOTICE_DAYS {
                        0.0
                    } else {
                        REST_DAY_SHORT_NOTICE_MULTIPLIER
                    },
                }
            }
            "backfill" => {
                let Some(from) = &s.from else {
                    c.fail(
                        &format!("{sp}.from"),
                        "is needed: name the team that lends its people (e.g. the area's \
                         neighbourhood team)",
                    );
                    continue;
                };
                let from = c.lookup(&format!("{sp}.from"), "team", from, index);
                if from == me {
                    c.fail(
                        &format!("{sp}.from"),
                        "names this team itself: a team cannot backfill its own shortfall; \
                         name another team",
                    );
                    continue;
                }
                StepKind::Backfill { from }
            }
            "accept" => {
                if i + 1 != m.escalation.len() {
                    c.fail(
                        &format!("{sp}.step"),
                        "`accept` ends the ladder: put it last (steps after it are never \
                         reached)",
                    );
                }
                continue;
            }
            other => {
                c.fail(
                    &format!("{sp}.step"),
                    format!(
                        "`{other}` is not a step; use one of: overtime, rest_day, backfill, accept"
                    ),
                );
                continue;
            }
        };
        if s.from.is_some() && !matches!(kind, StepKind::Backfill { .. }) {
            c.fail(
                &format!("{sp}.from"),
                "applies to a `backfill` step only; remove it",
            );
        }
        if s.notice_days.is_some() && !matches!(kind, StepKind::RestDay { .. }) {
            c.fail(
                &format!("{sp}.notice_days"),
                "applies to a `rest_day` step only; remove it",
            );
        }
        ladder.push(Step {
            kind,
            probability,
            max_hours_per_year,
        });
    }
    Some(MinimumStaffing {
        people_by_shift,
        ladder,
    })
}
