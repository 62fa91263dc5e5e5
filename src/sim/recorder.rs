//! The recorder: facts reported by the processes, folded into streaming
//! statistics, and turned into typed figures ([`super::results`]) at the
//! end of each accounting period (`recorder/finish.rs`).
//!
//! Only demand that arrived after the warm-up is counted. Memory is fixed
//! by the model's size (channels, categories, grades, teams), never by the
//! number of events.

use super::crime_stats::CrimeStats;
use super::team::TeamStats;
use crate::scenario::model::{Grade, Model, Outcome};
use crate::stats::{LogHistogram, RunningMoments};
use crate::time::SimTime;

mod finish;

pub use finish::hourly_profiles;

/// The queues of a replication, read when it ends.
pub struct Books<'a> {
    /// Each rostered team's statistics over the period.
    pub teams: &'a [TeamStats],
    /// Each investigation team's statistics over the period.
    pub casework: &'a [TeamStats],
    /// Each investigation team's backlog (cases waiting + allocated) at
    /// the end of every simulated week (every 168 h from time zero, warm-up
    /// included), cases; outer index as `casework`, one series per team.
    /// `None` for a simulated year (series and their fitted trends are
    /// whole-run only).
    pub backlog_weekly: Option<Vec<Vec<f64>>>,
}

/// How a replication ended.
#[derive(Clone, Copy, Debug)]
pub struct RunEnd {
    /// Replication index.
    pub replication: u64,
    /// Events processed.
    pub events: u64,
    /// Start of the period reported (the warm-up's end, or a year's start).
    pub start: SimTime,
    /// The horizon, or the time the run was stopped for overload.
    pub end: SimTime,
    /// Whether the run was stopped early for overload.
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
}

/// The hour of the week (0 = Monday 00:00–01:00 … 167 = Sunday 23:00–24:00)
/// that time `t` falls in: the weekday from the model's calendar of
/// simulated days (continuing the weekly cycle from `first_weekday` past its
/// end), × 24, plus the hour of the day. Indexes the 168-entry demand and
/// roster profiles.
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
