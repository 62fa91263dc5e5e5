//! Per-team workforce metrics: establishment, abstraction (flat or by
//! reason, by month) and minimum staffing's escalation ladder.

use super::Period;
use crate::metrics::names as n;
use crate::scenario::abstraction::ABSENCE_REASONS;
use crate::scenario::model::{ABSTRACTION_REASONS, Model, Team};
use crate::sim::results::{TeamFigures, Unit};

/// Calendar months as metric-name segments, January first.
const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// A rostered team's establishment and abstraction: headcount, contract,
/// rostered hours, the share lost to abstraction and (for each reason with
/// a configured share) its part of it.
pub(super) fn workforce_metrics(m: &mut Period<'_>, team: &Team, name: &str, f: &TeamFigures) {
    let at = [name];
    m.push(n::TEAMS_HEADCOUNT_FTE, &at, Unit::People, f.headcount_fte);
    m.push(
        n::TEAMS_CONTRACTED_HOURS_PER_FTE_YEAR,
        &at,
        Unit::Hours,
        f.contracted_hours_per_fte_year,
    );
    m.push(
        n::TEAMS_ROSTERED_HOURS_PER_YEAR,
        &at,
        Unit::Hours,
        f.rostered_hours_per_year,
    );
    m.push(
        n::TEAMS_ABSTRACTION_SHARE,
        &at,
        Unit::Share,
        f.abstraction_share,
    );
    if let Some(by_reason) = &f.absence_hours_per_year {
        for (reason, months) in ABSENCE_REASONS.iter().zip(by_reason) {
            let parts = [name, reason];
            let year: f64 = months.iter().sum();
            m.push(
                n::TEAMS_ABSENCE_REASON_SHARE,
                &parts,
                Unit::Share,
                year / f.rostered_hours_per_year,
            );
            m.push(
                n::TEAMS_ABSENCE_REASON_HOURS_PER_YEAR,
                &parts,
                Unit::Hours,
                year,
            );
            for (month, hours) in MONTHS.iter().zip(months) {
                m.push(
                    n::TEAMS_ABSENCE_REASON_HOURS_IN_MONTH,
                    &[name, reason, month],
                    Unit::Hours,
                    *hours,
                );
            }
        }
        return;
    }
    let configured: f64 = team.abstraction_by_reason.iter().sum();
    for (reason, &share) in ABSTRACTION_REASONS.iter().zip(&team.abstraction_by_reason) {
        if share <= 0.0 || configured <= 0.0 {
            continue;
        }
        let part = f.abstraction_share * share / configured;
        let parts = [name, reason];
        m.push(n::TEAMS_ABSTRACTION_REASON_SHARE, &parts, Unit::Share, part);
        m.push(
            n::TEAMS_ABSTRACTION_REASON_HOURS_PER_YEAR,
            &parts,
            Unit::Hours,
            part * f.rostered_hours_per_year,
        );
    }
}

/// A team's minimum staffing: its shortfall, the hours each step of the
/// ladder filled, and (for a lender) the hours it gave.
pub(super) fn escalation_metrics(
    m: &mut Period<'_>,
    model: &Model,
    team: usize,
    name: &str,
    f: &TeamFigures,
) {
    use crate::scenario::escalation::{STEP_NAMES, StepKind};
    let at = [name];
    let e = &f.escalation;
    if model.teams[team].minimum.is_some() {
        m.push(
            n::TEAMS_SHORTFALL_HOURS,
            &at,
            Unit::Hours,
            e.shortfall_hours,
        );
        for (step, hours) in STEP_NAMES.iter().zip(e.filled_hours) {
            m.push(
                n::TEAMS_SHORTFALL_STEP_HOURS,
                &[name, step],
                Unit::Hours,
                hours,
            );
        }
        m.push(
            n::TEAMS_SHORTFALL_STEP_HOURS,
            &[name, "accepted"],
            Unit::Hours,
            e.accepted_short_hours,
        );
        let below = if e.on_duty_hours > 0.0 {
            e.below_minimum_hours / e.on_duty_hours
        } else {
            f64::NAN
        };
        m.push(n::TEAMS_BELOW_MINIMUM_HOURS_SHARE, &at, Unit::Share, below);
        m.push(
            n::TEAMS_REST_DAYS_WORKED,
            &at,
            Unit::Count,
            e.rest_days_worked,
        );
        m.push(
            n::TEAMS_BACKFILL_HOURS_RECEIVED,
            &at,
            Unit::Hours,
            e.filled_hours[2],
        );
    }
    let lends = model
        .teams
        .iter()
        .filter_map(|t| t.minimum.as_ref())
        .any(|min| {
            min.ladder
                .iter()
                .any(|s| s.kind == StepKind::Backfill { from: team })
        });
    if lends {
        m.push(
            n::TEAMS_BACKFILL_HOURS_GIVEN,
            &at,
            Unit::Hours,
            e.backfill_given_hours,
        );
    }
}

/// Every overtime person-hour a team worked: the queue-triggered overtime
/// rule's unit-hours (one person each) plus the ladder's overtime step
/// (zero for a team with neither); rest days worked are not overtime here.
pub(super) fn overtime_hours(f: &TeamFigures) -> f64 {
    use crate::scenario::escalation::StepKind;
    let queue = if f.overtime_unit_hours.is_finite() {
        f.overtime_unit_hours
    } else {
        0.0
    };
    queue + f.escalation.filled_hours[StepKind::Overtime.index()]
}
