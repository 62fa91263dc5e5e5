//! A team's streaming statistics over one accounting period (the run, or
//! a simulated year of it), and the least-squares backlog trend.

use crate::stats::{LogHistogram, RunningMoments, TimeWeighted};
use crate::time::{HOURS_PER_WEEK, SimTime};

/// Utilisation above which an hour counts as strained (the wellbeing signal).
pub const STRAIN_THRESHOLD: f64 = 0.85;

/// Streaming statistics of one team over one accounting period (the run,
/// or a simulated year of it).
#[derive(Clone)]
pub struct TeamStats {
    /// Jobs started (counted demand only).
    pub started: u64,
    /// Wait from joining the queue to starting, minutes (counted demand only).
    pub wait_min: RunningMoments,
    /// Distribution of the same waits, minutes.
    pub wait_hist: LogHistogram,
    /// Busy servers, capped at capacity (time-weighted, ms).
    pub busy_within: TimeWeighted,
    /// Busy servers beyond capacity: work overrunning the shift.
    pub busy_over: TimeWeighted,
    /// Servers on duty (time-weighted, ms).
    pub capacity_tw: TimeWeighted,
    /// People on duty (time-weighted, ms).
    pub people_tw: TimeWeighted,
    /// Live jobs queued (time-weighted, ms).
    pub queue_tw: TimeWeighted,
    /// Busy (within capacity) server-ms by hour of week.
    pub busy_by_hour: [f64; HOURS_PER_WEEK],
    /// Capacity server-ms by hour of week.
    pub capacity_by_hour: [f64; HOURS_PER_WEEK],
    /// Arrivals (jobs queued) by hour of week.
    pub arrivals_by_hour: [f64; HOURS_PER_WEEK],
    /// People on duty (after abstraction, the escalation ladder, backfill
    /// and overtime) × whole hours, by hour of week.
    pub people_by_hour: [f64; HOURS_PER_WEEK],
    /// People available (rostered less abstraction, before the escalation
    /// ladder) × whole hours, by hour of week.
    pub available_by_hour: [f64; HOURS_PER_WEEK],
    /// The minimum staffing of the shifts running (summed over them) ×
    /// whole hours, by hour of week; zeros for a team without a minimum.
    pub minimum_by_hour: [f64; HOURS_PER_WEEK],
    pub(super) last_busy_integral: f64,
    /// Jobs started by priority class (counted demand only).
    pub started_by_class: Vec<u64>,
    /// Queue wait by priority class, minutes (counted demand only).
    pub wait_by_class: Vec<RunningMoments>,
    /// Jobs started after a wait > 0 (counted demand only).
    pub waited: u64,
    /// Queue entries since the last reset (every job, for Little's law).
    pub entered: u64,
    /// Time spent in the queue since the last reset by every entry, ms
    /// (entries still queued count up to the close).
    pub queue_time_ms: f64,
    /// Start of the current accounting period.
    pub(super) reset_at: SimTime,
    /// Σ max(enqueued, reset_at) over live queue entries, ms.
    pub(super) live_entry_time_sum: f64,
    /// Least-squares trend of the queue length at the end of each day.
    pub backlog_trend: Trend,
    /// Least-squares trend of the open work (queued + in service) at the
    /// end of each day: an investigation team's open investigations, whose
    /// slope is `investigations.T.backlog_growth_per_day` (cases a day).
    pub open_trend: Trend,
    /// Queue length at the end of each day (after the warm-up).
    pub daily_queue: Vec<f64>,
    /// Longest queue during each day (after the warm-up).
    pub daily_peak: Vec<f64>,
    /// Longest queue so far today.
    pub(super) peak_today: u32,
    /// On-duty person-hours (after abstraction), whole hours booked.
    pub person_hours: f64,
    /// Person-hours in hours when the team was more than
    /// [`STRAIN_THRESHOLD`] utilised.
    pub strained_person_hours: f64,
    /// Overtime unit-hours added when the queue was long.
    pub overtime_hours: f64,
    /// Rostered person-hours (before abstraction), whole hours booked.
    pub rostered_person_hours: f64,
    /// Available person-hours (rostered less abstraction, before backfill
    /// lent and overtime), whole hours booked; ≤ `rostered_person_hours`.
    pub available_person_hours: f64,
    /// `[reason][month]`: person-hours lost to each reason of
    /// [`ABSENCE_REASONS`](crate::scenario::abstraction::ABSENCE_REASONS)
    /// in each calendar month (0 = January), whole hours booked; zeros for
    /// a team without `absence`.
    pub absence_hours: [[f64; 12]; crate::scenario::abstraction::ABSENCE_REASONS.len()],
    /// The escalation ladder's hours (teams with a minimum, and lenders).
    pub escalation: EscalationBooks,
    /// Jobs queued and in service when the period closed.
    pub queued_at_close: u32,
    /// Servers busy when the period closed.
    pub busy_at_close: u32,
    /// Obligated time (briefing, breaks, admin) of a team with a time budget.
    pub time: super::time_books::TimeBooks,
}

/// Person-hours of the escalation ladder, booked at each shift start. For
/// the borrower: `shortfall_hours` = Σ `filled_hours` +
/// `accepted_short_hours`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EscalationBooks {
    /// People missing below the minimum × hours of their shift, hours.
    pub shortfall_hours: f64,
    /// Hours filled by each step of
    /// [`STEP_NAMES`](crate::scenario::escalation::STEP_NAMES)
    /// (overtime, rest day, backfill received).
    pub filled_hours: [f64; 3],
    /// Hours no step filled, accepted short.
    pub accepted_short_hours: f64,
    /// Rest-day hours × their pay multiplier (1.5 at short notice, 0 with
    /// due notice): hours paid at the basic rate.
    pub rest_day_pay_hours: f64,
    /// Rest days worked (one per person called in on a rest day).
    pub rest_days_worked: f64,
    /// Hours this team lent to another team's ladder.
    pub backfill_given_hours: f64,
    /// Clock hours in which at least one of the team's shifts was running
    /// (teams with a minimum), booked as each hour ends.
    pub on_duty_hours: f64,
    /// Of [`Self::on_duty_hours`], those in which at least one running
    /// shift had fewer people available (rostered less abstraction, before
    /// the ladder) than its minimum.
    pub below_minimum_hours: f64,
}

impl EscalationBooks {
    fn merge(&mut self, later: &EscalationBooks) {
        self.shortfall_hours += later.shortfall_hours;
        for (a, b) in self.filled_hours.iter_mut().zip(later.filled_hours) {
            *a += b;
        }
        self.accepted_short_hours += later.accepted_short_hours;
        self.rest_day_pay_hours += later.rest_day_pay_hours;
        self.rest_days_worked += later.rest_days_worked;
        self.backfill_given_hours += later.backfill_given_hours;
        self.on_duty_hours += later.on_duty_hours;
        self.below_minimum_hours += later.below_minimum_hours;
    }
}

/// Streaming least-squares slope of y against x.
#[derive(Clone, Copy, Debug, Default)]
pub struct Trend {
    n: f64,
    sx: f64,
    sy: f64,
    sxy: f64,
    sxx: f64,
}

impl Trend {
    /// Adds the point (`x`, `y`).
    pub fn push(&mut self, x: f64, y: f64) {
        self.n += 1.0;
        self.sx += x;
        self.sy += y;
        self.sxy += x * y;
        self.sxx += x * x;
    }

    /// Adds the points of `other`.
    pub fn merge(&mut self, other: &Trend) {
        self.n += other.n;
        self.sx += other.sx;
        self.sy += other.sy;
        self.sxy += other.sxy;
        self.sxx += other.sxx;
    }

    /// The slope (y per unit x); NaN with fewer than two points.
    pub fn slope(&self) -> f64 {
        let d = self.n * self.sxx - self.sx * self.sx;
        if self.n < 2.0 || d == 0.0 {
            f64::NAN
        } else {
            (self.n * self.sxy - self.sx * self.sy) / d
        }
    }
}

impl TeamStats {
    pub(super) fn new(classes: usize) -> Self {
        TeamStats {
            started: 0,
            wait_min: RunningMoments::new(),
            wait_hist: LogHistogram::for_durations(),
            busy_within: TimeWeighted::new(0.0, 0.0),
            busy_over: TimeWeighted::new(0.0, 0.0),
            capacity_tw: TimeWeighted::new(0.0, 0.0),
            people_tw: TimeWeighted::new(0.0, 0.0),
            queue_tw: TimeWeighted::new(0.0, 0.0),
            busy_by_hour: [0.0; HOURS_PER_WEEK],
            capacity_by_hour: [0.0; HOURS_PER_WEEK],
            arrivals_by_hour: [0.0; HOURS_PER_WEEK],
            people_by_hour: [0.0; HOURS_PER_WEEK],
            available_by_hour: [0.0; HOURS_PER_WEEK],
            minimum_by_hour: [0.0; HOURS_PER_WEEK],
            last_busy_integral: 0.0,
            started_by_class: vec![0; classes],
            wait_by_class: vec![RunningMoments::new(); classes],
            waited: 0,
            entered: 0,
            queue_time_ms: 0.0,
            reset_at: SimTime::ZERO,
            live_entry_time_sum: 0.0,
            backlog_trend: Trend::default(),
            open_trend: Trend::default(),
            daily_queue: Vec::new(),
            daily_peak: Vec::new(),
            peak_today: 0,
            person_hours: 0.0,
            strained_person_hours: 0.0,
            overtime_hours: 0.0,
            rostered_person_hours: 0.0,
            available_person_hours: 0.0,
            absence_hours: Default::default(),
            escalation: EscalationBooks::default(),
            queued_at_close: 0,
            busy_at_close: 0,
            time: super::time_books::TimeBooks::new(0.0, false),
        }
    }

    /// Joins the statistics of `later`, the next period, into these.
    pub fn merge(&mut self, later: &TeamStats) {
        self.started += later.started;
        self.wait_min.merge(&later.wait_min);
        let _ = self.wait_hist.merge(&later.wait_hist);
        self.busy_within.absorb(&later.busy_within);
        self.busy_over.absorb(&later.busy_over);
        self.capacity_tw.absorb(&later.capacity_tw);
        self.people_tw.absorb(&later.people_tw);
        self.queue_tw.absorb(&later.queue_tw);
        for h in 0..HOURS_PER_WEEK {
            self.busy_by_hour[h] += later.busy_by_hour[h];
            self.capacity_by_hour[h] += later.capacity_by_hour[h];
            self.arrivals_by_hour[h] += later.arrivals_by_hour[h];
            self.people_by_hour[h] += later.people_by_hour[h];
            self.available_by_hour[h] += later.available_by_hour[h];
            self.minimum_by_hour[h] += later.minimum_by_hour[h];
        }
        for (a, b) in self
            .started_by_class
            .iter_mut()
            .zip(&later.started_by_class)
        {
            *a += b;
        }
        for (a, b) in self.wait_by_class.iter_mut().zip(&later.wait_by_class) {
            a.merge(b);
        }
        self.waited += later.waited;
        self.entered += later.entered;
        self.queue_time_ms += later.queue_time_ms;
        self.backlog_trend.merge(&later.backlog_trend);
        self.open_trend.merge(&later.open_trend);
        self.daily_queue.extend_from_slice(&later.daily_queue);
        self.daily_peak.extend_from_slice(&later.daily_peak);
        self.person_hours += later.person_hours;
        self.strained_person_hours += later.strained_person_hours;
        self.overtime_hours += later.overtime_hours;
        self.rostered_person_hours += later.rostered_person_hours;
        self.available_person_hours += later.available_person_hours;
        for (mine, theirs) in self.absence_hours.iter_mut().zip(&later.absence_hours) {
            for (m, t) in mine.iter_mut().zip(theirs) {
                *m += t;
            }
        }
        self.escalation.merge(&later.escalation);
        self.queued_at_close = later.queued_at_close;
        self.busy_at_close = later.busy_at_close;
        self.time.merge(&later.time);
    }

    /// Records a counted job starting after waiting `wait_min` in `class`.
    pub fn record_start(&mut self, class: u8, wait_min: f64) {
        self.started += 1;
        self.wait_min.push(wait_min);
        self.wait_hist.record(wait_min);
        self.waited += u64::from(wait_min > 0.0);
        let c = usize::from(class).min(self.started_by_class.len() - 1);
        self.started_by_class[c] += 1;
        self.wait_by_class[c].push(wait_min);
    }

    /// Restarts every time-average at `now` (end of warm-up).
    pub fn reset_time_averages(&mut self, now: SimTime) {
        let t = now.0 as f64;
        self.busy_within.reset(t);
        self.busy_over.reset(t);
        self.capacity_tw.reset(t);
        self.people_tw.reset(t);
        self.queue_tw.reset(t);
        self.busy_by_hour = [0.0; HOURS_PER_WEEK];
        self.capacity_by_hour = [0.0; HOURS_PER_WEEK];
        self.arrivals_by_hour = [0.0; HOURS_PER_WEEK];
        self.people_by_hour = [0.0; HOURS_PER_WEEK];
        self.available_by_hour = [0.0; HOURS_PER_WEEK];
        self.minimum_by_hour = [0.0; HOURS_PER_WEEK];
        self.last_busy_integral = self.busy_within.integral(t);
        self.entered = 0;
        self.queue_time_ms = 0.0;
        self.reset_at = now;
        self.live_entry_time_sum = self.queue_tw.value() * t;
        self.backlog_trend = Trend::default();
        self.open_trend = Trend::default();
        self.daily_queue.clear();
        self.daily_peak.clear();
        self.person_hours = 0.0;
        self.strained_person_hours = 0.0;
        self.overtime_hours = 0.0;
        self.rostered_person_hours = 0.0;
        self.available_person_hours = 0.0;
        self.absence_hours = Default::default();
        self.escalation = EscalationBooks::default();
        self.time.reset(now);
    }

    /// A live entry that joined at `enqueued` leaves the queue at `now`.
    pub(super) fn leave_queue(&mut self, now: SimTime, enqueued: SimTime) {
        let from = enqueued.max(self.reset_at).0 as f64;
        self.queue_time_ms += now.0 as f64 - from;
        self.live_entry_time_sum -= from;
    }
}
