//! The recorder: facts reported by the processes, folded into streaming
//! statistics, and turned into named metrics at the end of a replication.
//!
//! Only demand that arrived after the warm-up is counted. Memory is fixed
//! by the model's size (channels, categories, grades, teams), never by the
//! number of events.

use super::crime_stats::CrimeStats;
use super::team::TeamStats;
use crate::scenario::model::{Grade, Model, Outcome};
use crate::stats::{LogHistogram, RunningMoments};
use crate::time::{HOURS_PER_WEEK, MS_PER_HOUR, MS_PER_MINUTE, SimTime};

/// One named value from one replication.
#[derive(Clone, Debug, PartialEq)]
pub struct Metric {
    /// Stable dotted name, e.g. `calls.999.answered_within_10s_share`.
    pub name: String,
    /// Unit: `count`, `share`, `s`, `min`, `hours`, `days`, `servers`,
    /// `people`, or `£` (finance metrics, added by [`crate::finance`]).
    pub unit: &'static str,
    /// NaN when undefined (e.g. a share with nothing to divide by).
    pub value: f64,
}

/// A distribution of a time measure from one replication, kept for pooling
/// percentiles across replications.
#[derive(Clone, Debug)]
pub struct TimeDistribution {
    pub name: String,
    pub unit: &'static str,
    pub histogram: LogHistogram,
}

/// A team's profile over the hour of week (Monday 00:00 first).
#[derive(Clone, Debug)]
pub struct HourlyProfile {
    pub team: String,
    /// Busy share of on-duty capacity by hour of week (NaN where none on duty).
    pub utilisation: Vec<f64>,
    /// Mean servers (units) on duty by hour of week.
    pub capacity: Vec<f64>,
    /// Jobs arriving per hour, by hour of week (mean over weeks).
    pub arrivals: Vec<f64>,
}

/// A quantity sampled at regular intervals over the run (e.g. a backlog).
#[derive(Clone, Debug)]
pub struct Series {
    pub name: String,
    pub unit: &'static str,
    /// Days between samples; sample i is taken at the end of step i + 1.
    pub step_days: f64,
    pub values: Vec<f64>,
}

/// The queues of a replication, read when it ends.
pub struct Books<'a> {
    /// Each rostered team's statistics over the period.
    pub teams: &'a [TeamStats],
    /// Each investigation team's statistics over the period.
    pub casework: &'a [TeamStats],
    pub backlog_weekly: Vec<Vec<f64>>,
}

/// Everything one replication reports.
#[derive(Clone, Debug)]
pub struct ReplicationResult {
    pub replication: u64,
    pub metrics: Vec<Metric>,
    pub distributions: Vec<TimeDistribution>,
    pub hourly: Vec<HourlyProfile>,
    pub series: Vec<Series>,
    /// Events processed (for speed measurement).
    pub events: u64,
}

/// How a replication ended.
#[derive(Clone, Copy, Debug)]
pub struct RunEnd {
    pub replication: u64,
    pub events: u64,
    /// Start of the period reported (the warm-up's end, or a year's start).
    pub start: SimTime,
    /// The horizon, or the time the run was stopped for overload.
    pub end: SimTime,
    pub stopped_early: bool,
}

#[derive(Clone)]
struct ChannelStats {
    offered: u64,
    answered: u64,
    answered_immediately: u64,
    abandoned: u64,
    within_target: u64,
    answer_s: RunningMoments,
    answer_hist: LogHistogram,
}

#[derive(Clone)]
struct AttendanceStats {
    /// Incidents queued for attendance (including escalated G4s for G3).
    dispatched: u64,
    attended: u64,
    within_target: u64,
    urban_attended: u64,
    urban_within: u64,
    rural_attended: u64,
    rural_within: u64,
    response_min: RunningMoments,
    response_hist: LogHistogram,
    unattended_at_end: u64,
}

/// Accumulates one replication's statistics (of the demand that arrived in
/// one accounting period: the run, or a simulated year).
#[derive(Clone)]
pub struct Recorder {
    channels: Vec<ChannelStats>,
    category_offered: Vec<u64>,
    graded: [u64; 5],
    attendance: [AttendanceStats; 3],
    resolved_g4: u64,
    escalated_g4: u64,
    resolution_min: RunningMoments,
    awaiting_grading_at_end: u64,
    waiting_at_end: Vec<u64>,
    g4_waiting_at_end: u64,
    g4_within_target: u64,
    crime: CrimeStats,
    /// Missing person episodes by grade (G1 high … G4/none), hours to find.
    missing_hours_to_find: [RunningMoments; 5],
    /// Response unit hours on missing person episodes.
    missing_officer_hours: f64,
}

fn new_hist() -> LogHistogram {
    LogHistogram::for_durations()
}

impl ChannelStats {
    fn merge(&mut self, o: &ChannelStats) {
        self.offered += o.offered;
        self.answered += o.answered;
        self.answered_immediately += o.answered_immediately;
        self.abandoned += o.abandoned;
        self.within_target += o.within_target;
        self.answer_s.merge(&o.answer_s);
        let _ = self.answer_hist.merge(&o.answer_hist);
    }
}

impl AttendanceStats {
    fn merge(&mut self, o: &AttendanceStats) {
        self.dispatched += o.dispatched;
        self.attended += o.attended;
        self.within_target += o.within_target;
        self.urban_attended += o.urban_attended;
        self.urban_within += o.urban_within;
        self.rural_attended += o.rural_attended;
        self.rural_within += o.rural_within;
        self.response_min.merge(&o.response_min);
        let _ = self.response_hist.merge(&o.response_hist);
        self.unattended_at_end += o.unattended_at_end;
    }
}

impl Recorder {
    /// Adds the facts of `other` (another period's) to these.
    pub fn merge(&mut self, other: &Recorder) {
        for (a, b) in self.channels.iter_mut().zip(&other.channels) {
            a.merge(b);
        }
        for (a, b) in self
            .category_offered
            .iter_mut()
            .zip(&other.category_offered)
        {
            *a += b;
        }
        for (a, b) in self.graded.iter_mut().zip(&other.graded) {
            *a += b;
        }
        for (a, b) in self.attendance.iter_mut().zip(&other.attendance) {
            a.merge(b);
        }
        self.resolved_g4 += other.resolved_g4;
        self.escalated_g4 += other.escalated_g4;
        self.resolution_min.merge(&other.resolution_min);
        self.awaiting_grading_at_end += other.awaiting_grading_at_end;
        for (a, b) in self.waiting_at_end.iter_mut().zip(&other.waiting_at_end) {
            *a += b;
        }
        self.g4_waiting_at_end += other.g4_waiting_at_end;
        self.g4_within_target += other.g4_within_target;
        self.crime.merge(&other.crime);
        for (a, b) in self
            .missing_hours_to_find
            .iter_mut()
            .zip(&other.missing_hours_to_find)
        {
            a.merge(b);
        }
        self.missing_officer_hours += other.missing_officer_hours;
    }

    /// Empty statistics sized for `model`'s channels, categories and teams.
    pub fn new(model: &Model) -> Self {
        let channel = ChannelStats {
            offered: 0,
            answered: 0,
            answered_immediately: 0,
            abandoned: 0,
            within_target: 0,
            answer_s: RunningMoments::new(),
            answer_hist: new_hist(),
        };
        let attendance = AttendanceStats {
            dispatched: 0,
            attended: 0,
            within_target: 0,
            urban_attended: 0,
            urban_within: 0,
            rural_attended: 0,
            rural_within: 0,
            response_min: RunningMoments::new(),
            response_hist: new_hist(),
            unattended_at_end: 0,
        };
        Recorder {
            channels: vec![channel; model.channels.len()],
            category_offered: vec![0; model.categories.len()],
            graded: [0; 5],
            attendance: [attendance.clone(), attendance.clone(), attendance],
            resolved_g4: 0,
            escalated_g4: 0,
            resolution_min: RunningMoments::new(),
            awaiting_grading_at_end: 0,
            waiting_at_end: vec![0; model.channels.len()],
            g4_waiting_at_end: 0,
            g4_within_target: 0,
            crime: CrimeStats::new(model),
            missing_hours_to_find: std::array::from_fn(|_| RunningMoments::new()),
            missing_officer_hours: 0.0,
        }
    }

    /// A contact joined `channel`'s queue, of demand `category`.
    pub fn offered(&mut self, channel: usize, category: usize) {
        self.channels[channel].offered += 1;
        self.category_offered[category] += 1;
    }

    /// A contact on `channel` was answered after `wait_s` seconds.
    pub fn answered(&mut self, model: &Model, channel: usize, wait_s: f64) {
        let c = &mut self.channels[channel];
        c.answered += 1;
        c.answered_immediately += u64::from(wait_s == 0.0);
        c.answer_s.push(wait_s);
        c.answer_hist.record(wait_s);
        if model.channels[channel]
            .answer_target_s
            .is_some_and(|t| wait_s <= t)
        {
            c.within_target += 1;
        }
    }

    /// A caller on `channel` hung up while queued.
    pub fn abandoned(&mut self, channel: usize) {
        self.channels[channel].abandoned += 1;
    }

    /// A contact was graded `grade`.
    pub fn graded(&mut self, grade: Grade) {
        self.graded[grade.index()] += 1;
    }

    /// An incident of `grade` was queued for attendance.
    pub fn dispatched(&mut self, grade: Grade) {
        self.attendance[grade.index()].dispatched += 1;
    }

    /// An incident whose first unit arrived `response_min` after the call.
    pub fn attended(&mut self, model: &Model, grade: Grade, urban: bool, response_min: f64) {
        let g = &model.grades.attendance[grade.index()];
        let target = if urban {
            g.target_urban_min
        } else {
            g.target_rural_min
        };
        let within = response_min <= target;
        let a = &mut self.attendance[grade.index()];
        a.attended += 1;
        a.response_min.push(response_min);
        a.response_hist.record(response_min);
        a.within_target += u64::from(within);
        if urban {
            a.urban_attended += 1;
            a.urban_within += u64::from(within);
        } else {
            a.rural_attended += 1;
            a.rural_within += u64::from(within);
        }
    }

    /// An incident of `grade` had no unit on scene when the run ended.
    pub fn unattended_at_end(&mut self, grade: Grade) {
        self.attendance[grade.index()].unattended_at_end += 1;
    }

    /// A G4 was resolved by telephone `minutes_from_call` after the call.
    pub fn resolved(&mut self, model: &Model, minutes_from_call: f64) {
        self.resolved_g4 += 1;
        self.g4_within_target += u64::from(
            model
                .grades
                .g4
                .target_min
                .is_some_and(|t| minutes_from_call <= t),
        );
        self.resolution_min.push(minutes_from_call);
    }

    /// A G4 escalated to attendance as a G3.
    pub fn escalated(&mut self) {
        self.escalated_g4 += 1;
    }

    /// A contact was answered but not yet graded when the run ended.
    pub fn awaiting_grading_at_end(&mut self) {
        self.awaiting_grading_at_end += 1;
    }

    /// A contact was still queued on `channel` when the run ended.
    pub fn waiting_at_end(&mut self, channel: usize) {
        self.waiting_at_end[channel] += 1;
    }

    /// A G4 was waiting for (or in) resolution when the run ended.
    pub fn g4_waiting_at_end(&mut self) {
        self.g4_waiting_at_end += 1;
    }

    /// A crime of `crime_type` (index into `Model::crime_types`) was recorded.
    pub fn crime_recorded(&mut self, crime_type: usize) {
        self.crime.recorded(crime_type);
    }

    /// A recorded crime of `crime_type` was screened out.
    pub fn screened_out(&mut self, crime_type: usize) {
        self.crime.screened_out(crime_type);
    }

    /// An investigation of `crime_type` ended in `outcome`, `elapsed_ms`
    /// after the crime was recorded.
    pub fn investigated(&mut self, crime_type: usize, outcome: Outcome, elapsed_ms: u64) {
        self.crime.investigated(crime_type, outcome, elapsed_ms);
    }

    /// A missing person episode graded `grade`, found after `hours_to_find`.
    pub fn missing_episode(&mut self, grade: Grade, hours_to_find: f64) {
        self.missing_hours_to_find[grade.index()].push(hours_to_find);
    }

    /// Response unit `hours` started on a missing person episode.
    pub fn missing_officer_hours(&mut self, hours: f64) {
        self.missing_officer_hours += hours;
    }

    /// Investigation team `team` (index into `Model::investigation_teams`)
    /// took a case after `wait_days` days.
    pub fn allocated(&mut self, team: usize, wait_days: f64) {
        self.crime.allocated(team, wait_days);
    }

    /// An investigation of `crime_type` was open when the run ended.
    pub fn investigation_open_at_end(&mut self, crime_type: usize) {
        self.crime.open_at_end(crime_type);
    }

    pub fn finish(self, model: &Model, books: Books<'_>, run: RunEnd) -> ReplicationResult {
        let teams = books.teams;
        let mut m = MetricList::default();
        let mut distributions = Vec::new();
        for (ch, c) in model.channels.iter().zip(self.channels) {
            let p = format!("calls.{}", ch.name);
            m.push(&format!("{p}.offered"), "count", c.offered as f64);
            m.push(&format!("{p}.answered"), "count", c.answered as f64);
            m.push(&format!("{p}.abandoned"), "count", c.abandoned as f64);
            m.push(
                &format!("{p}.abandoned_share"),
                "share",
                ratio(c.abandoned, c.answered + c.abandoned),
            );
            m.push(&format!("{p}.answer_time_mean_s"), "s", c.answer_s.mean());
            m.push(
                &format!("{p}.answered_without_wait_share"),
                "share",
                ratio(c.answered_immediately, c.answered),
            );
            m.push(
                &format!("{p}.answer_time_p90_s"),
                "s",
                c.answer_hist.quantile(0.90),
            );
            m.push(
                &format!("{p}.answer_time_p95_s"),
                "s",
                c.answer_hist.quantile(0.95),
            );
            if let Some(t) = ch.answer_target_s {
                m.push(
                    &format!("{p}.answered_within_{}s_share", fmt_number(t)),
                    "share",
                    ratio(c.within_target, c.answered + c.abandoned),
                );
            }
            distributions.push(TimeDistribution {
                name: format!("{p}.answer_time_s"),
                unit: "s",
                histogram: c.answer_hist,
            });
        }
        for (ch, w) in model.channels.iter().zip(&self.waiting_at_end) {
            m.push(
                &format!("calls.{}.waiting_at_end", ch.name),
                "count",
                *w as f64,
            );
        }
        for (cat, n) in model.categories.iter().zip(&self.category_offered) {
            m.push(&format!("demand.{}.offered", cat.name), "count", *n as f64);
        }
        let incidents: u64 = self.graded[..4].iter().sum();
        m.push("incidents.total", "count", incidents as f64);
        for g in Grade::ALL {
            let name = if g == Grade::NoIncident {
                "contacts.no_incident".to_string()
            } else {
                format!("incidents.{}", g.key())
            };
            m.push(&name, "count", self.graded[g.index()] as f64);
        }
        let attended: u64 = self.attendance.iter().map(|a| a.attended).sum();
        m.push("incidents.attended", "count", attended as f64);
        m.push(
            "incidents.attended_share",
            "share",
            ratio(attended, incidents),
        );
        m.push("incidents.g4_resolved", "count", self.resolved_g4 as f64);
        m.push("incidents.g4_escalated", "count", self.escalated_g4 as f64);
        if model.grades.g4.target_min.is_some() {
            m.push(
                "incidents.g4_within_target_share",
                "share",
                ratio(self.g4_within_target, self.resolved_g4),
            );
        }
        m.push(
            "incidents.g4_resolution_time_mean_min",
            "min",
            self.resolution_min.mean(),
        );
        m.push(
            "incidents.g4_waiting_at_end",
            "count",
            self.g4_waiting_at_end as f64,
        );
        m.push(
            "contacts.awaiting_grading_at_end",
            "count",
            self.awaiting_grading_at_end as f64,
        );
        for (g, a) in Grade::ATTENDED.iter().zip(self.attendance) {
            let p = format!("response.{}", g.key());
            m.push(&format!("{p}.dispatched"), "count", a.dispatched as f64);
            m.push(&format!("{p}.attended"), "count", a.attended as f64);
            m.push(
                &format!("{p}.response_time_mean_min"),
                "min",
                a.response_min.mean(),
            );
            m.push(
                &format!("{p}.response_time_p90_min"),
                "min",
                a.response_hist.quantile(0.90),
            );
            m.push(
                &format!("{p}.response_time_p95_min"),
                "min",
                a.response_hist.quantile(0.95),
            );
            m.push(
                &format!("{p}.within_target_share"),
                "share",
                ratio(a.within_target, a.attended),
            );
            m.push(
                &format!("{p}.urban.within_target_share"),
                "share",
                ratio(a.urban_within, a.urban_attended),
            );
            m.push(
                &format!("{p}.rural.within_target_share"),
                "share",
                ratio(a.rural_within, a.rural_attended),
            );
            m.push(
                &format!("{p}.unattended_at_end"),
                "count",
                a.unattended_at_end as f64,
            );
            distributions.push(TimeDistribution {
                name: format!("{p}.response_time_min"),
                unit: "min",
                histogram: a.response_hist,
            });
        }
        let mut hourly = Vec::with_capacity(teams.len());
        for (t, (team, q)) in model.teams.iter().zip(teams).enumerate() {
            team_metrics(&mut m, model, t, q, run.start, run.end);
            hourly.push(hourly_profile(&team.name, q, run.start, run.end));
        }
        let mut series = self.crime.finish(
            model,
            books.casework,
            books.backlog_weekly,
            run.end,
            &mut m.0,
        );
        series.extend(super::surge::daily_series(model, teams));
        if model
            .categories
            .iter()
            .any(|c| c.time_to_find_hours.is_some())
        {
            let episodes: u64 = self.missing_hours_to_find.iter().map(|m| m.count()).sum();
            m.push("missing.episodes", "count", episodes as f64);
            for (g, risk) in [
                (Grade::G1, "high_risk"),
                (Grade::G2, "medium_risk"),
                (Grade::G3, "low_risk"),
            ] {
                let s = &self.missing_hours_to_find[g.index()];
                m.push(
                    &format!("missing.{risk}.episodes"),
                    "count",
                    s.count() as f64,
                );
                m.push(
                    &format!("missing.{risk}.hours_to_find_mean"),
                    "hours",
                    s.mean(),
                );
            }
            m.push("missing.officer_hours", "hours", self.missing_officer_hours);
        }
        super::surge::surge_metrics(model, teams, &mut m.0);
        m.push("workforce.officers", "people", officers_in_post(model));
        m.push(
            "run.stopped_early",
            "count",
            f64::from(u8::from(run.stopped_early)),
        );
        m.push(
            "run.simulated_days",
            "days",
            run.end.0 as f64 / crate::time::MS_PER_DAY as f64,
        );
        ReplicationResult {
            replication: run.replication,
            metrics: m.0,
            distributions,
            hourly,
            series,
            events: run.events,
        }
    }
}

fn team_metrics(
    m: &mut MetricList,
    model: &Model,
    team: usize,
    s: &TeamStats,
    start: SimTime,
    end: SimTime,
) {
    let p = format!("teams.{}", model.teams[team].name);
    let t_end = end.0 as f64;
    let cap = s.capacity_tw.integral(t_end);
    let within = s.busy_within.integral(t_end);
    let over = s.busy_over.integral(t_end);
    let span = end.since(start) as f64;
    let hours = span / MS_PER_HOUR as f64;
    let per_span = |x: f64| if span > 0.0 { x / span } else { f64::NAN };
    m.push(
        &format!("{p}.utilisation"),
        "share",
        if cap > 0.0 { within / cap } else { f64::NAN },
    );
    m.push(&format!("{p}.units_on_duty_mean"), "servers", per_span(cap));
    m.push(
        &format!("{p}.people_on_duty_mean"),
        "people",
        s.people_tw.mean(t_end),
    );
    m.push(
        &format!("{p}.offered_load_erlangs"),
        "servers",
        per_span(within + over),
    );
    m.push(
        &format!("{p}.busy_hours"),
        "hours",
        (within + over) / MS_PER_HOUR as f64,
    );
    m.push(
        &format!("{p}.overrun_hours"),
        "hours",
        over / MS_PER_HOUR as f64,
    );
    m.push(
        &format!("{p}.productive_person_hours"),
        "hours",
        s.person_hours,
    );
    m.push(
        &format!("{p}.productive_hours_per_fte_year"),
        "hours",
        per_fte_year(s.person_hours, &model.teams[team], start, end),
    );
    m.push(
        &format!("{p}.strained_hours_share"),
        "share",
        if s.person_hours > 0.0 {
            s.strained_person_hours / s.person_hours
        } else {
            f64::NAN
        },
    );
    m.push(
        &format!("{p}.overtime_unit_hours"),
        "hours",
        s.overtime_hours,
    );
    m.push(&format!("{p}.jobs_started"), "count", s.started as f64);
    m.push(
        &format!("{p}.waited_share"),
        "share",
        ratio(s.waited, s.started),
    );
    m.push(
        &format!("{p}.queue_wait_mean_min"),
        "min",
        s.wait_min.mean(),
    );
    m.push(
        &format!("{p}.queue_wait_p90_min"),
        "min",
        s.wait_hist.quantile(0.90),
    );
    m.push(
        &format!("{p}.queue_length_mean"),
        "count",
        s.queue_tw.mean(t_end),
    );
    m.push(
        &format!("{p}.queue_entries_per_hour"),
        "count",
        if hours > 0.0 {
            s.entered as f64 / hours
        } else {
            f64::NAN
        },
    );
    m.push(
        &format!("{p}.time_in_queue_per_entry_min"),
        "min",
        if s.entered > 0 {
            s.queue_time_ms / s.entered as f64 / MS_PER_MINUTE as f64
        } else {
            f64::NAN
        },
    );
    m.push(
        &format!("{p}.queued_at_end"),
        "count",
        f64::from(s.queued_at_close),
    );
    m.push(
        &format!("{p}.in_service_at_end"),
        "count",
        f64::from(s.busy_at_close),
    );
    m.push(
        &format!("{p}.backlog_growth_per_day"),
        "count",
        s.backlog_trend.slope(),
    );
    for (class, name) in class_names(model, team).iter().enumerate() {
        if let Some(name) = name {
            m.push(
                &format!("{p}.{name}.jobs_started"),
                "count",
                s.started_by_class[class] as f64,
            );
            m.push(
                &format!("{p}.{name}.queue_wait_mean_min"),
                "min",
                s.wait_by_class[class].mean(),
            );
        }
    }
}

/// The name of each priority class at a team: g1, g2, g3 for response
/// teams; the channel (or g4) whose work uses the class otherwise.
pub fn class_names(model: &Model, team: usize) -> Vec<Option<String>> {
    if model.teams[team].is_response {
        return Grade::ATTENDED
            .iter()
            .map(|g| Some(g.key().to_string()))
            .collect();
    }
    let mut names: Vec<Option<String>> = Vec::new();
    let mut add = |class: usize, name: &str| {
        if names.len() <= class {
            names.resize(class + 1, None);
        }
        names[class] = Some(match &names[class] {
            Some(existing) => format!("{existing}+{name}"),
            None => name.to_string(),
        });
    };
    for ch in model.channels.iter().filter(|c| c.team == team) {
        add(usize::from(ch.priority), &ch.name);
    }
    if model.grades.g4.team == team {
        add(0, "g4");
    }
    names
}

fn hourly_profile(name: &str, s: &TeamStats, start: SimTime, end: SimTime) -> HourlyProfile {
    let weeks = end.since(start) as f64 / (HOURS_PER_WEEK as f64 * MS_PER_HOUR as f64);
    HourlyProfile {
        team: name.to_string(),
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
fn per_fte_year(
    hours: f64,
    team: &crate::scenario::model::Team,
    start: SimTime,
    end: SimTime,
) -> f64 {
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

fn officers_in_post(model: &Model) -> f64 {
    let in_teams: f64 = model
        .teams
        .iter()
        .filter(|t| t.is_response)
        .filter_map(|t| t.headcount)
        .sum();
    in_teams + model.other_officers
}

#[derive(Default)]
struct MetricList(Vec<Metric>);

impl MetricList {
    fn push(&mut self, name: &str, unit: &'static str, value: f64) {
        self.0.push(Metric {
            name: name.to_string(),
            unit,
            value,
        });
    }
}

/// `num / den`, NaN when `den` is 0.
fn ratio(num: u64, den: u64) -> f64 {
    if den == 0 {
        f64::NAN
    } else {
        num as f64 / den as f64
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

/// The hour-of-week index of absolute hour `hour`.
pub fn hour_of_week(model: &Model, t: SimTime) -> usize {
    let hour = t.hour_index();
    let weekday = model
        .days
        .get((hour / 24) as usize)
        .map_or((model.first_weekday + (hour / 24) as usize) % 7, |d| {
            d.weekday
        });
    weekday * 24 + (hour % 24) as usize
}
