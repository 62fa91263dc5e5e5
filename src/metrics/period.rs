//! The metrics of one accounting period (the whole run or a simulated
//! year), from contact to missing people, in output order.

use super::names::{self as n, Family};

mod workforce;
use super::{Named, class_names};
use crate::finance::accounts::freed::Lever;
use crate::scenario::model::{Grade, Model, Outcome};

use crate::sim::results::{PeriodStats, TeamFigures, Unit};
use crate::sim::team::time_books::TimeFigures;

/// A period's metrics named by `family` with `parts`, in year `year` (or
/// the whole run).
struct Period<'a> {
    out: &'a mut Named,
    year: Option<usize>,
}

impl Period<'_> {
    fn push(&mut self, family: Family, parts: &[&str], unit: Unit, value: f64) {
        let name = match self.year {
            Some(y) => family.in_year(y, parts),
            None => family.name(parts),
        };
        self.out.push(name, unit, value);
    }

    fn count(&mut self, family: Family, parts: &[&str], value: u64) {
        self.push(family, parts, Unit::Count, value as f64);
    }
}

/// The metrics of one period, from contact to missing people.
pub(super) fn period(out: &mut Named, model: &Model, p: &PeriodStats, year: Option<usize>) {
    let mut m = Period { out, year };
    for (ch, c) in model.channels.iter().zip(&p.channels) {
        let at = [ch.name.as_str()];
        m.count(n::CALLS_OFFERED, &at, c.offered);
        m.count(n::CALLS_ANSWERED, &at, c.answered);
        m.count(n::CALLS_ABANDONED, &at, c.abandoned);
        m.push(
            n::CALLS_ABANDONED_SHARE,
            &at,
            Unit::Share,
            c.abandoned_share,
        );
        m.push(
            n::CALLS_ANSWER_TIME_MEAN_S,
            &at,
            Unit::Seconds,
            c.answer_time_mean_s,
        );
        m.push(
            n::CALLS_ANSWERED_WITHOUT_WAIT_SHARE,
            &at,
            Unit::Share,
            c.answered_without_wait_share,
        );
        m.push(
            n::CALLS_ANSWER_TIME_P90_S,
            &at,
            Unit::Seconds,
            c.answer_time_p90_s,
        );
        m.push(
            n::CALLS_ANSWER_TIME_P95_S,
            &at,
            Unit::Seconds,
            c.answer_time_p95_s,
        );
        if let Some((target, share)) = c.within_target {
            let t = fmt_number(target);
            m.push(
                n::CALLS_ANSWERED_WITHIN_TARGET_SHARE,
                &[&ch.name, &t],
                Unit::Share,
                share,
            );
        }
    }
    for (ch, c) in model.channels.iter().zip(&p.channels) {
        m.count(n::CALLS_WAITING_AT_END, &[&ch.name], c.waiting_at_end);
    }
    for (cat, offered) in model.categories.iter().zip(&p.demand_offered) {
        m.count(n::DEMAND_OFFERED, &[&cat.name], *offered);
    }
    let i = &p.incidents;
    m.count(n::INCIDENTS_TOTAL, &[], i.total);
    for g in Grade::ALL {
        let graded = i.graded[g.index()];
        if g == Grade::NoIncident {
            m.count(n::CONTACTS_NO_INCIDENT, &[], graded);
        } else {
            m.count(n::INCIDENTS_GRADE, &[g.key()], graded);
        }
    }
    m.count(n::INCIDENTS_ATTENDED, &[], i.attended);
    m.push(
        n::INCIDENTS_ATTENDED_SHARE,
        &[],
        Unit::Share,
        i.attended_share,
    );
    m.count(n::INCIDENTS_G4_RESOLVED, &[], i.g4_resolved);
    m.count(n::INCIDENTS_G4_ESCALATED, &[], i.g4_escalated);
    if let Some(share) = i.g4_within_target_share {
        m.push(n::INCIDENTS_G4_WITHIN_TARGET_SHARE, &[], Unit::Share, share);
    }
    m.push(
        n::INCIDENTS_G4_RESOLUTION_TIME_MEAN_MIN,
        &[],
        Unit::Minutes,
        i.g4_resolution_time_mean_min,
    );
    m.count(n::INCIDENTS_G4_WAITING_AT_END, &[], i.g4_waiting_at_end);
    m.count(
        n::CONTACTS_AWAITING_GRADING_AT_END,
        &[],
        i.awaiting_grading_at_end,
    );
    for (g, a) in Grade::ATTENDED.iter().zip(&p.attendance) {
        let at = [g.key()];
        m.count(n::RESPONSE_DISPATCHED, &at, a.dispatched);
        m.count(n::RESPONSE_ATTENDED, &at, a.attended);
        m.push(
            n::RESPONSE_RESPONSE_TIME_MEAN_MIN,
            &at,
            Unit::Minutes,
            a.response_time_mean_min,
        );
        m.push(
            n::RESPONSE_RESPONSE_TIME_P90_MIN,
            &at,
            Unit::Minutes,
            a.response_time_p90_min,
        );
        m.push(
            n::RESPONSE_RESPONSE_TIME_P95_MIN,
            &at,
            Unit::Minutes,
            a.response_time_p95_min,
        );
        m.push(
            n::RESPONSE_WITHIN_TARGET_SHARE,
            &at,
            Unit::Share,
            a.within_target_share,
        );
        m.push(
            n::RESPONSE_AREA_WITHIN_TARGET_SHARE,
            &[g.key(), "urban"],
            Unit::Share,
            a.urban_within_target_share,
        );
        m.push(
            n::RESPONSE_AREA_WITHIN_TARGET_SHARE,
            &[g.key(), "rural"],
            Unit::Share,
            a.rural_within_target_share,
        );
        m.count(n::RESPONSE_UNATTENDED_AT_END, &at, a.unattended_at_end);
    }
    for (t, (team, f)) in model.teams.iter().zip(&p.teams).enumerate() {
        team_metrics(&mut m, model, t, &team.name, f);
    }
    if let Some(c) = &p.crime {
        for (ct, s) in model.crime_types.iter().zip(&c.types) {
            let at = [ct.name.as_str()];
            m.count(n::CRIME_TYPE_RECORDED, &at, s.recorded);
            m.count(n::CRIME_TYPE_SCREENED_OUT, &at, s.screened_out);
            for o in Outcome::ALL {
                m.count(crime_type_outcome(o), &at, s.outcomes[o as usize]);
            }
            m.count(n::CRIME_TYPE_OPEN_AT_END, &at, s.open_at_end);
            m.push(
                n::CRIME_TYPE_DAYS_TO_OUTCOME_MEAN,
                &at,
                Unit::Days,
                s.days_to_outcome_mean,
            );
            m.push(
                n::CRIME_TYPE_DAYS_TO_OUTCOME_P90,
                &at,
                Unit::Days,
                s.days_to_outcome_p90,
            );
        }
        m.count(n::CRIMES_RECORDED, &[], c.recorded);
        m.count(n::CRIMES_SCREENED_OUT, &[], c.screened_out);
        m.count(n::CRIMES_INVESTIGATED, &[], c.investigated);
        m.count(n::CRIMES_OPEN_AT_END, &[], c.open_at_end);
        m.push(
            n::CRIMES_DAYS_TO_OUTCOME_MEAN,
            &[],
            Unit::Days,
            c.days_to_outcome_mean,
        );
        for o in Outcome::ALL {
            m.count(outcome(o), &[], c.outcomes[o as usize]);
        }
        for (team, s) in model.investigation_teams.iter().zip(&c.investigations) {
            let at = [team.name.as_str()];
            m.count(n::INVESTIGATIONS_ALLOCATED, &at, s.allocated);
            m.count(
                n::INVESTIGATIONS_WAITED_OVER_28_DAYS,
                &at,
                s.waited_over_28_days,
            );
            m.push(
                n::INVESTIGATIONS_WAIT_FOR_ALLOCATION_MEAN_DAYS,
                &at,
                Unit::Days,
                s.wait_for_allocation_mean_days,
            );
            m.push(
                n::INVESTIGATIONS_UNALLOCATED_MEAN,
                &at,
                Unit::Count,
                s.unallocated_mean,
            );
            m.push(
                n::INVESTIGATIONS_BACKLOG_MEAN,
                &at,
                Unit::Count,
                s.backlog_mean,
            );
            m.push(
                n::INVESTIGATIONS_BACKLOG_AT_END,
                &at,
                Unit::Count,
                f64::from(s.backlog_at_end),
            );
            m.push(
                n::INVESTIGATIONS_UNALLOCATED_AT_END,
                &at,
                Unit::Count,
                f64::from(s.unallocated_at_end),
            );
            m.push(
                n::INVESTIGATIONS_CASELOAD_PER_INVESTIGATOR_MEAN,
                &at,
                Unit::Count,
                s.caseload_per_investigator_mean,
            );
            m.push(
                n::INVESTIGATIONS_SLOT_OCCUPANCY,
                &at,
                Unit::Share,
                s.slot_occupancy,
            );
            m.push(
                n::INVESTIGATIONS_BACKLOG_GROWTH_PER_DAY,
                &at,
                Unit::Count,
                s.backlog_growth_per_day,
            );
            if let Some(fit) = s.backlog_fit {
                m.push(
                    n::INVESTIGATIONS_BACKLOG_TREND_PER_WEEK,
                    &at,
                    Unit::Count,
                    fit.per_week,
                );
                m.push(
                    n::INVESTIGATIONS_BACKLOG_FITTED_MEAN,
                    &at,
                    Unit::Count,
                    fit.mean,
                );
            }
            m.push(
                n::INVESTIGATIONS_DAYS_TO_OUTCOME_MEAN,
                &at,
                Unit::Days,
                s.days_to_outcome_mean,
            );
        }
    }
    if let Some(missing) = &p.missing {
        m.count(n::MISSING_EPISODES, &[], missing.episodes);
        for (risk, (episodes, hours)) in ["high_risk", "medium_risk", "low_risk"]
            .iter()
            .zip(missing.by_risk)
        {
            m.count(n::MISSING_RISK_EPISODES, &[risk], episodes);
            m.push(
                n::MISSING_RISK_HOURS_TO_FIND_MEAN,
                &[risk],
                Unit::Hours,
                hours,
            );
        }
        m.push(
            n::MISSING_OFFICER_HOURS,
            &[],
            Unit::Hours,
            missing.officer_hours,
        );
    }
}

fn team_metrics(m: &mut Period<'_>, model: &Model, team: usize, name: &str, f: &TeamFigures) {
    let at = [name];
    m.push(n::TEAMS_UTILISATION, &at, Unit::Share, f.utilisation);
    m.push(
        n::TEAMS_UNITS_ON_DUTY_MEAN,
        &at,
        Unit::Servers,
        f.units_on_duty_mean,
    );
    m.push(
        n::TEAMS_PEOPLE_ON_DUTY_MEAN,
        &at,
        Unit::People,
        f.people_on_duty_mean,
    );
    workforce::workforce_metrics(m, &model.teams[team], name, f);
    workforce::escalation_metrics(m, model, team, name, f);
    m.push(
        n::TEAMS_OFFERED_LOAD_ERLANGS,
        &at,
        Unit::Servers,
        f.offered_load_erlangs,
    );
    m.push(n::TEAMS_BUSY_HOURS, &at, Unit::Hours, f.busy_hours);
    m.push(n::TEAMS_OVERRUN_HOURS, &at, Unit::Hours, f.overrun_hours);
    m.push(
        n::TEAMS_PRODUCTIVE_PERSON_HOURS,
        &at,
        Unit::Hours,
        f.productive_person_hours,
    );
    m.push(
        n::TEAMS_PRODUCTIVE_HOURS_PER_FTE_YEAR,
        &at,
        Unit::Hours,
        f.productive_hours_per_fte_year,
    );
    m.push(
        n::TEAMS_STRAINED_HOURS_SHARE,
        &at,
        Unit::Share,
        f.strained_hours_share,
    );
    m.push(
        n::TEAMS_OVERTIME_UNIT_HOURS,
        &at,
        Unit::Hours,
        f.overtime_unit_hours,
    );
    m.push(
        n::TEAMS_OVERTIME_HOURS,
        &at,
        Unit::Hours,
        workforce::overtime_hours(f),
    );
    m.count(n::TEAMS_JOBS_STARTED, &at, f.jobs_started);
    m.push(n::TEAMS_WAITED_SHARE, &at, Unit::Share, f.waited_share);
    m.push(
        n::TEAMS_QUEUE_WAIT_MEAN_MIN,
        &at,
        Unit::Minutes,
        f.queue_wait_mean_min,
    );
    m.push(
        n::TEAMS_QUEUE_WAIT_P90_MIN,
        &at,
        Unit::Minutes,
        f.queue_wait_p90_min,
    );
    m.push(
        n::TEAMS_QUEUE_LENGTH_MEAN,
        &at,
        Unit::Count,
        f.queue_length_mean,
    );
    m.push(
        n::TEAMS_QUEUE_ENTRIES_PER_HOUR,
        &at,
        Unit::Count,
        f.queue_entries_per_hour,
    );
    m.push(
        n::TEAMS_TIME_IN_QUEUE_PER_ENTRY_MIN,
        &at,
        Unit::Minutes,
        f.time_in_queue_per_entry_min,
    );
    m.push(
        n::TEAMS_QUEUED_AT_END,
        &at,
        Unit::Count,
        f64::from(f.queued_at_end),
    );
    m.push(
        n::TEAMS_IN_SERVICE_AT_END,
        &at,
        Unit::Count,
        f64::from(f.in_service_at_end),
    );
    m.push(
        n::TEAMS_BACKLOG_GROWTH_PER_DAY,
        &at,
        Unit::Count,
        f.backlog_growth_per_day,
    );
    for (class, c) in class_names(model, team).iter().zip(&f.classes) {
        if let Some(class) = class {
            let at = [name, class.as_str()];
            m.count(n::TEAMS_CLASS_JOBS_STARTED, &at, c.jobs_started);
            m.push(
                n::TEAMS_CLASS_QUEUE_WAIT_MEAN_MIN,
                &at,
                Unit::Minutes,
                c.queue_wait_mean_min,
            );
        }
    }
    if let Some(time) = &f.time {
        time_metrics(m, &at, time);
    }
}

/// Where a team with a time budget spent its on-duty time.
fn time_metrics(m: &mut Period<'_>, at: &[&str], t: &TimeFigures) {
    m.push(
        n::TEAMS_TIME_ON_DUTY_HOURS,
        at,
        Unit::Hours,
        t.on_duty_hours,
    );
    for (family, share) in [
        (n::TEAMS_TIME_ATTENDING_SHARE, t.attending_share),
        (n::TEAMS_TIME_TRAVEL_SHARE, t.travel_share),
        (n::TEAMS_TIME_BRIEFING_SHARE, t.briefing_share),
        (n::TEAMS_TIME_BREAKS_SHARE, t.breaks_share),
        (n::TEAMS_TIME_ADMIN_SHARE, t.admin_share),
        (n::TEAMS_TIME_IDLE_SHARE, t.idle_share),
        (n::TEAMS_COMMITTED_SHARE, t.committed_share),
    ] {
        m.push(family, at, Unit::Share, share);
    }
    m.count(n::TEAMS_BREAKS_DUE, at, t.breaks_due);
    m.push(
        n::TEAMS_BREAKS_MISSED_SHARE,
        at,
        Unit::Share,
        t.breaks_missed_share,
    );
    m.count(n::TEAMS_BREAKS_INTERRUPTED, at, t.breaks_interrupted);
    if let Some(p) = &t.proactive {
        m.push(
            n::TEAMS_TIME_PROACTIVE_SHARE,
            at,
            Unit::Share,
            p.proactive_share,
        );
        m.count(n::TEAMS_PROACTIVE_TASKS, at, p.tasks);
        m.count(n::TEAMS_PROACTIVE_GIVEN_UP, at, p.given_up);
    }
    if let Some(a) = &t.after {
        for (family, share) in [
            (
                n::TEAMS_TIME_MENTAL_HEALTH_WAIT_SHARE,
                a.mental_health_wait_share,
            ),
            (n::TEAMS_TIME_TRANSPORT_SHARE, a.transport_share),
            (n::TEAMS_TIME_CUSTODY_SHARE, a.custody_share),
            (n::TEAMS_TIME_PAPERWORK_SHARE, a.paperwork_share),
            (n::TEAMS_TIME_FOLLOW_UP_SHARE, a.follow_up_share),
        ] {
            m.push(family, at, Unit::Share, share);
        }
        m.count(n::TEAMS_ARRESTS, at, a.arrests);
        for lever in Lever::ALL {
            m.push(
                n::TEAMS_HOURS_FREED,
                &[at[0], lever.name()],
                Unit::Hours,
                lever.hours(a),
            );
        }
    }
}

/// `crimes.TYPE.OUTCOME`.
fn crime_type_outcome(o: Outcome) -> Family {
    match o {
        Outcome::Charge => n::CRIME_TYPE_CHARGE,
        Outcome::OutOfCourt => n::CRIME_TYPE_OUT_OF_COURT,
        Outcome::NoFurtherAction => n::CRIME_TYPE_NO_FURTHER_ACTION,
    }
}

/// `outcomes.OUTCOME`.
fn outcome(o: Outcome) -> Family {
    match o {
        Outcome::Charge => n::OUTCOMES_CHARGE,
        Outcome::OutOfCourt => n::OUTCOMES_OUT_OF_COURT,
        Outcome::NoFurtherAction => n::OUTCOMES_NO_FURTHER_ACTION,
    }
}

/// A target value as it appears in a metric name (`10`, `7.5`).
fn fmt_number(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}
