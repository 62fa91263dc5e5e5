//! The end of an accounting period: the recorder's facts and the teams'
//! statistics turned into the typed figures of [`crate::sim::results`].

use super::{Books, Recorder, RunEnd};
use crate::scenario::model::{Grade, Model, Team};
use crate::sim::results::HourlyProfile;
use crate::sim::results::{
    AttendanceFigures, ChannelFigures, ClassFigures, IncidentFigures, MissingFigures, PeriodStats,
    TeamFigures,
};
use crate::sim::team::TeamStats;
use crate::stats::RunningMoments;
use crate::time::{HOURS_PER_WEEK, MS_PER_HOUR, MS_PER_MINUTE, SimTime};

impl Recorder {
    /// The period's figures: the recorder's facts with the teams'
    /// statistics of `books`, over `[run.start, run.end)`.
    pub fn finish(self, model: &Model, books: Books<'_>, run: RunEnd) -> PeriodStats {
        let channels = model
            .channels
            .iter()
            .zip(self.channels)
            .zip(&self.waiting_at_end)
            .map(|((ch, c), waiting)| ChannelFigures {
                offered: c.offered,
                answered: c.answered,
                abandoned: c.abandoned,
                abandoned_share: ratio(c.abandoned, c.answered + c.abandoned),
                answer_time_mean_s: c.answer_s.mean(),
                answered_without_wait_share: ratio(c.answered_immediately, c.answered),
                answer_time_p90_s: c.answer_hist.quantile(0.90),
                answer_time_p95_s: c.answer_hist.quantile(0.95),
                within_target: ch
                    .answer_target_s
                    .map(|t| (t, ratio(c.within_target, c.answered + c.abandoned))),
                waiting_at_end: *waiting,
                answer_time: c.answer_hist,
            })
            .collect();
        let total: u64 = self.graded[..4].iter().sum();
        let attended: u64 = self.attendance.iter().map(|a| a.attended).sum();
        let incidents = IncidentFigures {
            graded: self.graded,
            total,
            attended,
            attended_share: ratio(attended, total),
            g4_resolved: self.resolved_g4,
            g4_escalated: self.escalated_g4,
            g4_within_target_share: model
                .grades
                .g4
                .target_min
                .map(|_| ratio(self.g4_within_target, self.resolved_g4)),
            g4_resolution_time_mean_min: self.resolution_min.mean(),
            g4_waiting_at_end: self.g4_waiting_at_end,
            awaiting_grading_at_end: self.awaiting_grading_at_end,
        };
        let attendance = self.attendance.map(|a| AttendanceFigures {
            dispatched: a.dispatched,
            attended: a.attended,
            response_time_mean_min: a.response_min.mean(),
            response_time_p90_min: a.response_hist.quantile(0.90),
            response_time_p95_min: a.response_hist.quantile(0.95),
            within_target_share: ratio(a.within_target, a.attended),
            urban_within_target_share: ratio(a.urban_within, a.urban_attended),
            rural_within_target_share: ratio(a.rural_within, a.rural_attended),
            unattended_at_end: a.unattended_at_end,
            response_time: a.response_hist,
        });
        let teams = model
            .teams
            .iter()
            .zip(books.teams)
            .map(|(team, q)| team_figures(team, q, run.start, run.end))
            .collect();
        let crime = self
            .crime
            .finish(model, books.casework, books.backlog_weekly, run.end);
        let missing = model
            .categories
            .iter()
            .any(|c| c.time_to_find_hours.is_some())
            .then(|| {
                let risk = |g: Grade| {
                    let s = &self.missing_hours_to_find[g.index()];
                    (s.count(), s.mean())
                };
                MissingFigures {
                    episodes: self
                        .missing_hours_to_find
                        .iter()
                        .map(RunningMoments::count)
                        .sum(),
                    by_risk: [risk(Grade::G1), risk(Grade::G2), risk(Grade::G3)],
                    officer_hours: self.missing_officer_hours,
                }
            });
        PeriodStats {
            channels,
            demand_offered: self.category_offered,
            incidents,
            attendance,
            teams,
            crime,
            missing,
            officers: officers_in_post(model),
        }
    }
}

/// Each rostered team's hour-of-week profile over `[start, end)`.
pub fn hourly_profiles(
    model: &Model,
    teams: &[TeamStats],
    start: SimTime,
    end: SimTime,
) -> Vec<HourlyProfile> {
    model
        .teams
        .iter()
        .zip(teams)
        .map(|(team, q)| hourly_profile(team, q, start, end))
        .collect()
}

fn team_figures(team: &Team, s: &TeamStats, start: SimTime, end: SimTime) -> TeamFigures {
    let t_end = end.0 as f64;
    let cap = s.capacity_tw.integral(t_end);
    let within = s.busy_within.integral(t_end);
    let over = s.busy_over.integral(t_end);
    let span = end.since(start) as f64;
    let hours = span / MS_PER_HOUR as f64;
    let per_span = |x: f64| if span > 0.0 { x / span } else { f64::NAN };
    TeamFigures {
        utilisation: if cap > 0.0 { within / cap } else { f64::NAN },
        units_on_duty_mean: per_span(cap),
        people_on_duty_mean: s.people_tw.mean(t_end),
        offered_load_erlangs: per_span(within + over),
        busy_hours: (within + over) / MS_PER_HOUR as f64,
        overrun_hours: over / MS_PER_HOUR as f64,
        productive_person_hours: s.person_hours,
        productive_hours_per_fte_year: per_fte_year(s.person_hours, team, start, end),
        headcount_fte: team.headcount.unwrap_or(f64::NAN) * mean_relative_plan(team, start, end),
        contracted_hours_per_fte_year: team
            .contracted_hours_per_week
            .map_or(f64::NAN, |w| w * 365.0 / 7.0),
        rostered_hours_per_year: if hours > 0.0 {
            s.rostered_person_hours / (hours / HOURS_PER_YEAR)
        } else {
            f64::NAN
        },
        abstraction_share: if s.rostered_person_hours > 0.0 {
            1.0 - s.available_person_hours / s.rostered_person_hours
        } else {
            f64::NAN
        },
        absence_hours_per_year: (team.absence.is_some() && hours > 0.0).then(|| {
            let mut per_year = s.absence_hours;
            for x in per_year.iter_mut().flatten() {
                *x /= hours / HOURS_PER_YEAR;
            }
            per_year
        }),
        escalation: s.escalation.clone(),
        strained_hours_share: if s.person_hours > 0.0 {
            s.strained_person_hours / s.person_hours
        } else {
            f64::NAN
        },
        overtime_unit_hours: s.overtime_hours,
        jobs_started: s.started,
        waited_share: ratio(s.waited, s.started),
        queue_wait_mean_min: s.wait_min.mean(),
        queue_wait_p90_min: s.wait_hist.quantile(0.90),
        queue_length_mean: s.queue_tw.mean(t_end),
        queue_entries_per_hour: if hours > 0.0 {
            s.entered as f64 / hours
        } else {
            f64::NAN
        },
        time_in_queue_per_entry_min: if s.entered > 0 {
            s.queue_time_ms / s.entered as f64 / MS_PER_MINUTE as f64
        } else {
            f64::NAN
        },
        queued_at_end: s.queued_at_close,
        in_service_at_end: s.busy_at_close,
        backlog_growth_per_day: s.backlog_trend.slope(),
        classes: s
            .started_by_class
            .iter()
            .zip(&s.wait_by_class)
            .map(|(started, wait)| ClassFigures {
                jobs_started: *started,
                queue_wait_mean_min: wait.mean(),
            })
            .collect(),
        queue_daily: s.daily_queue.clone(),
        time: s.time.figures(t_end, cap, within),
    }
}

fn hourly_profile(team: &Team, s: &TeamStats, start: SimTime, end: SimTime) -> HourlyProfile {
    let weeks = end.since(start) as f64 / (HOURS_PER_WEEK as f64 * MS_PER_HOUR as f64);
    // Whole hours booked at each hour's end: × 1 h each, ÷ the weeks.
    let per_week = |by_hour: &[f64; HOURS_PER_WEEK]| -> Vec<f64> {
        by_hour.iter().map(|x| x / weeks).collect()
    };
    HourlyProfile {
        team: team.name.clone(),
        people: per_week(&s.people_by_hour),
        available: per_week(&s.available_by_hour),
        minimum: if team.minimum.is_some() {
            per_week(&s.minimum_by_hour)
        } else {
            Vec::new()
        },
        utilisation: (0..HOURS_PER_WEEK)
            .map(|h| {
                if s.capacity_by_hour[h] > 0.0 {
                    s.busy_by_hour[h] / s.capacity_by_hour[h]
                } else {
                    f64::NAN
                }
            })
            .collect(),
        capacity: (0..HOURS_PER_WEEK)
            .map(|h| s.capacity_by_hour[h] / MS_PER_HOUR as f64 / weeks)
            .collect(),
        arrivals: (0..HOURS_PER_WEEK)
            .map(|h| s.arrivals_by_hour[h] / weeks)
            .collect(),
    }
}

/// `hours` per FTE-year in post over `[start, end)`. The headcount is the
/// year-1 figure and the staffing plan scales the roster, so the FTEs of
/// year y are `headcount × plan[y] ÷ plan[0]` (as the accounts count them):
/// a per-FTE ratio scales its denominator with the staffing simulated.
/// NaN without a headcount.
fn per_fte_year(hours: f64, team: &Team, start: SimTime, end: SimTime) -> f64 {
    use crate::scenario::model::staffing_in_year;
    let headcount = team.headcount.unwrap_or(f64::NAN);
    let year_len = crate::time::DAYS_PER_YEAR * 24 * MS_PER_HOUR;
    let plan = &team.staffing_by_year;
    let base = staffing_in_year(plan, 0);
    let relative = |year: u64| {
        let y = staffing_in_year(plan, year as usize);
        if base > 0.0 { y / base } else { y }
    };
    let mut scaled_years = 0.0;
    let mut constant = true;
    let mut from = start.0;
    while from < end.0 {
        let year = from / year_len;
        let to = ((year + 1) * year_len).min(end.0);
        constant &= relative(year) == 1.0;
        scaled_years += relative(year) * ((to - from) as f64 / year_len as f64);
        from = to;
    }
    if constant {
        // Staffing as in year 1 throughout: the plain arithmetic, unchanged.
        let years = end.since(start) as f64 / (365.0 * 24.0 * MS_PER_HOUR as f64);
        return hours / headcount / years;
    }
    hours / headcount / scaled_years
}

/// Hours in a 365-day year.
const HOURS_PER_YEAR: f64 = 365.0 * 24.0;

/// The staffing plan relative to the first year's (the headcount's year),
/// time-weighted over `[start, end)`; 1 for a team without a plan.
fn mean_relative_plan(team: &Team, start: SimTime, end: SimTime) -> f64 {
    use crate::scenario::model::staffing_in_year;
    let year_len = crate::time::DAYS_PER_YEAR * 24 * MS_PER_HOUR;
    let plan = &team.staffing_by_year;
    let base = staffing_in_year(plan, 0);
    let (mut weighted, mut from) = (0.0, start.0);
    while from < end.0 {
        let year = from / year_len;
        let to = ((year + 1) * year_len).min(end.0);
        let y = staffing_in_year(plan, year as usize);
        let relative = if base > 0.0 { y / base } else { y };
        weighted += relative * (to - from) as f64;
        from = to;
    }
    let span = end.since(start) as f64;
    if span > 0.0 { weighted / span } else { 1.0 }
}

fn officers_in_post(model: &Model) -> f64 {
    let in_teams: f64 = model
        .teams
        .iter()
        .filter(|t| t.is_response)
        .filter_map(|t| t.headcount)
        .sum();
    in_teams + model.other_officers
}

/// `num / den`, NaN when `den` is 0.
fn ratio(num: u64, den: u64) -> f64 {
    if den == 0 {
        f64::NAN
    } else {
        num as f64 / den as f64
    }
}
