//! A team as a queue: rostered servers, priority classes, FIFO within a class.
//!
//! Jobs wait in one FIFO queue per priority class (class 0 served first).
//! A job holds one server (a call handler, a resolution officer, a response
//! unit) from start to end. When the roster lowers capacity below the number
//! of busy servers, nobody is interrupted: the work in hand finishes
//! (overrunning the shift) and no new work starts until busy < capacity.
//! Queued work is never dropped at a shift change; it waits.
//!
//! A team may keep `reserved` servers for its top-priority class (999
//! calls, G1 incidents): work of any other class starts only while more than
//! `reserved` servers are free (trunk reservation, the usual way a shared
//! contact centre keeps 999 answer times short when 101 queues).

use super::stats::{STRAIN_THRESHOLD, TeamStats};
use crate::stats::TimeWeighted;
use crate::time::SimTime;
use std::collections::VecDeque;

/// A piece of work a server can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Job {
    /// Answering a contact (a call, an online report).
    Contact {
        /// The case's slot in the case slab.
        case: u32,
    },
    /// Resolving a G4 incident by telephone.
    Resolution {
        /// The case's slot in the case slab.
        case: u32,
    },
    /// One unit's attendance at an incident.
    Attendance {
        /// The case's slot in the case slab.
        case: u32,
        /// Which of the incident's units (0-based, below the units needed).
        unit: u8,
    },
    /// Digital forensics on a recorded crime.
    Forensics {
        /// The case's slot in the case slab.
        case: u32,
    },
    /// Investigating a recorded crime.
    Investigation {
        /// The case's slot in the case slab.
        case: u32,
    },
}

impl Job {
    /// The case (piece of demand) this job belongs to.
    pub fn case(self) -> u32 {
        match self {
            Job::Contact { case }
            | Job::Resolution { case }
            | Job::Attendance { case, .. }
            | Job::Forensics { case }
            | Job::Investigation { case } => case,
        }
    }
}

/// A job in service.
#[derive(Clone, Copy, Debug)]
pub struct InService {
    /// The job held.
    pub job: Job,
    /// Its priority class at the team (0 first).
    pub class: u8,
    /// When the server started (or resumed) it.
    pub started: SimTime,
    /// True if a G1 may take the server off it (see
    /// [`crate::sim::dispatch::preemptible`]).
    pub preemptible: bool,
}

#[derive(Clone, Copy, Debug)]
struct Queued {
    job: Job,
    enqueued: SimTime,
}

/// One hour of a team with a minimum staffing, against it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MinimumHour {
    /// At least one of the team's shifts is running.
    pub running: bool,
    /// At least one running shift has fewer people available (rostered
    /// less abstraction, before the escalation ladder) than its minimum.
    pub below: bool,
    /// The minimums of the running shifts, summed, people.
    pub people: u32,
}

/// The state of one team in one replication.
pub struct TeamQueue {
    /// Servers on duty now.
    pub capacity: u32,
    /// People on duty now (capacity × crew size, roughly).
    pub people: u32,
    /// (rostered, available) people of the roster now: before abstraction,
    /// and after it but before backfill and overtime (see
    /// [`TeamQueue::set_roster`]); (0, 0) for a team without a roster.
    staffed: (u32, u32),
    /// People lost to each abstraction reason this hour and its month
    /// (teams with `absence` only).
    absence: Option<(crate::sim::absence::Lost, usize)>,
    /// This hour against the team's minimum staffing (teams with a
    /// minimum only): see [`TeamQueue::set_minimum`].
    minimum: Option<MinimumHour>,
    busy: u32,
    slots: Vec<Option<InService>>,
    /// Bumped when a slot's job is pre-empted, so its end event is ignored.
    generations: Vec<u32>,
    free_slots: Vec<u32>,
    queues: Vec<VecDeque<Queued>>,
    /// Live queued jobs (entries of abandoned contacts are skipped lazily).
    queued: u32,
    /// The class that may use reserved servers.
    top_class: u8,
    /// Servers kept for `top_class`.
    reserved: u32,
    /// The current accounting period's statistics.
    pub stats: TeamStats,
    /// When the hour being booked began, ms (the last [`Self::set_capacity`]).
    hour_started: f64,
    /// Σ Δcapacity × (when − `hour_started`) over this hour's changes by
    /// [`Self::adjust_capacity`], unit-ms: the hour's capacity integral is
    /// its closing capacity × 1 h minus this (exactly 0 without changes).
    capacity_correction: f64,
}

impl TeamQueue {
    /// An empty team with `classes` priority classes and no one on duty;
    /// `reserved` servers are kept for class `top_class`.
    pub fn new(classes: usize, top_class: u8, reserved: u32) -> Self {
        TeamQueue {
            capacity: 0,
            people: 0,
            staffed: (0, 0),
            absence: None,
            minimum: None,
            busy: 0,
            slots: Vec::new(),
            generations: Vec::new(),
            free_slots: Vec::new(),
            queues: (0..classes.max(1)).map(|_| VecDeque::new()).collect(),
            queued: 0,
            top_class,
            reserved,
            stats: TeamStats::new(classes.max(1)),
            hour_started: 0.0,
            capacity_correction: 0.0,
        }
    }

    /// Busy servers now.
    pub fn busy(&self) -> u32 {
        self.busy
    }

    /// Live jobs waiting now.
    pub fn queued(&self) -> u32 {
        self.queued
    }

    /// Servers kept for the top-priority class.
    pub fn reserved(&self) -> u32 {
        self.reserved
    }

    /// Servers free now.
    pub fn free_servers(&self) -> u32 {
        self.capacity.saturating_sub(self.busy)
    }

    /// True if a job of the top-priority class (G1 attendance on a response
    /// team) is queued. Only abandoned contacts leave dead entries in a
    /// queue, so on a response team every entry is live.
    pub fn top_class_waiting(&self) -> bool {
        self.queues
            .get(usize::from(self.top_class))
            .is_some_and(|q| !q.is_empty())
    }

    /// True if a server is free to start a job.
    pub fn has_free_server(&self) -> bool {
        self.busy < self.capacity
    }

    fn update_busy(&mut self, now: SimTime) {
        let t = now.0 as f64;
        let within = self.busy.min(self.capacity);
        self.stats.busy_within.set(t, f64::from(within));
        self.stats.busy_over.set(t, f64::from(self.busy - within));
    }

    /// Sets the servers and people on duty from `now` (an hour boundary),
    /// first closing the books on the hour that ended (`previous_how`).
    pub fn set_capacity(
        &mut self,
        now: SimTime,
        previous_how: Option<usize>,
        units: u32,
        people: u32,
    ) {
        let t = now.0 as f64;
        if let Some(how) = previous_how {
            let integral = self.stats.busy_within.integral(t);
            let busy = integral - self.stats.last_busy_integral;
            let capacity = self.stats.capacity_tw.value() * crate::time::MS_PER_HOUR as f64
                - self.capacity_correction;
            self.stats.busy_by_hour[how] += busy;
            self.stats.last_busy_integral = integral;
            self.stats.capacity_by_hour[how] += capacity;
            let people = f64::from(self.people);
            self.stats.person_hours += people;
            self.stats.rostered_person_hours += f64::from(self.staffed.0);
            self.stats.available_person_hours += f64::from(self.staffed.1);
            self.stats.people_by_hour[how] += people;
            self.stats.available_by_hour[how] += f64::from(self.staffed.1);
            if let Some(m) = self.minimum {
                self.stats.minimum_by_hour[how] += f64::from(m.people);
                if m.running {
                    self.stats.escalation.on_duty_hours += 1.0;
                    self.stats.escalation.below_minimum_hours += f64::from(u8::from(m.below));
                }
            }
            if let Some((lost, month)) = &self.absence {
                for (hours, n) in self.stats.absence_hours.iter_mut().zip(lost) {
                    hours[*month % 12] += f64::from(*n);
                }
            }
            if capacity > 0.0 && busy / capacity > STRAIN_THRESHOLD {
                self.stats.strained_person_hours += people;
            }
        }
        self.capacity = units;
        self.people = people;
        self.hour_started = t;
        self.capacity_correction = 0.0;
        self.stats.capacity_tw.set(t, f64::from(units));
        self.stats.people_tw.set(t, f64::from(people));
        self.update_busy(now);
        self.stats.last_busy_integral = self.stats.busy_within.integral(t);
    }

    /// Sets the roster's (rostered, available) people from the hour just
    /// begun, after [`TeamQueue::set_capacity`] has closed the books on the
    /// hour before: booked as person-hours when the hour ends.
    pub fn set_roster(&mut self, rostered: u32, available: u32) {
        self.staffed = (rostered, available);
    }

    /// Sets the hour just begun against the team's minimum staffing (teams
    /// with a minimum only), booked when the hour ends.
    pub fn set_minimum(&mut self, hour: MinimumHour) {
        self.minimum = Some(hour);
    }

    /// Sets the people lost to each abstraction reason in the hour just
    /// begun, in calendar `month` (0 = January), booked as person-hours
    /// when the hour ends (teams with `absence` only).
    pub fn set_absence(&mut self, lost: crate::sim::absence::Lost, month: usize) {
        self.absence = Some((lost, month));
    }

    /// Changes the servers on duty by `delta` at `now`, within an hour (a
    /// unit going on or coming back from an obligation: briefing, a break,
    /// administration), keeping the hour's books exact. Busy servers are
    /// never interrupted: if capacity falls below them, the work in hand
    /// overruns. Returns the change made (`delta`, unless capacity would
    /// fall below 0).
    pub fn adjust_capacity(&mut self, now: SimTime, delta: i64) -> i64 {
        let t = now.0 as f64;
        let units = (i64::from(self.capacity) + delta).max(0);
        let applied = units - i64::from(self.capacity);
        self.capacity = units as u32;
        self.capacity_correction += applied as f64 * (t - self.hour_started);
        self.stats.capacity_tw.set(t, units as f64);
        self.update_busy(now);
        applied
    }

    /// Adds a job at the back of its class (or the front, for work resumed
    /// after pre-emption).
    pub fn enqueue(&mut self, now: SimTime, job: Job, class: u8, front: bool, how: usize) {
        let last = self.queues.len() - 1;
        let q = &mut self.queues[usize::from(class).min(last)];
        let entry = Queued { job, enqueued: now };
        if front {
            q.push_front(entry);
        } else {
            q.push_back(entry);
            self.stats.arrivals_by_hour[how] += 1.0;
        }
        self.queued += 1;
        self.stats.peak_today = self.stats.peak_today.max(self.queued);
        self.stats.entered += 1;
        self.stats.live_entry_time_sum += now.0 as f64;
        self.stats
            .queue_tw
            .set(now.0 as f64, f64::from(self.queued));
    }

    /// Notes that a queued job (that joined at `enqueued`) has left without
    /// service (an abandoned call); its queue entry is skipped when reached.
    pub fn forget_queued(&mut self, now: SimTime, enqueued: SimTime) {
        self.stats.leave_queue(now, enqueued);
        self.queued = self.queued.saturating_sub(1);
        self.stats
            .queue_tw
            .set(now.0 as f64, f64::from(self.queued));
    }

    /// Takes queued `job` (of priority `class`) out of the queue without
    /// service, as when it moves to another team's queue; returns when it
    /// was queued, or `None` if it is not queued here.
    pub fn remove(&mut self, now: SimTime, job: Job, class: u8) -> Option<SimTime> {
        let last = self.queues.len() - 1;
        let q = &mut self.queues[usize::from(class).min(last)];
        let at = q.iter().position(|e| e.job == job)?;
        let entry = q.remove(at)?;
        self.queued -= 1;
        self.stats.leave_queue(now, entry.enqueued);
        self.stats
            .queue_tw
            .set(now.0 as f64, f64::from(self.queued));
        Some(entry.enqueued)
    }

    /// Removes the next job to serve (lowest class, then FIFO) for which
    /// `is_live` holds, with the time it joined the queue.
    ///
    /// `#[inline]`: called once per job started, from the force's dispatch
    /// loop; without the hint the (generic) force stopped inlining it and a
    /// replication took 2 % more instructions.
    #[inline]
    pub fn pop_next(
        &mut self,
        now: SimTime,
        mut is_live: impl FnMut(Job) -> bool,
    ) -> Option<(Job, u8, SimTime)> {
        let free = self.capacity.saturating_sub(self.busy);
        for (class, q) in self.queues.iter_mut().enumerate() {
            if self.reserved > 0 && class > usize::from(self.top_class) && free <= self.reserved {
                break;
            }
            while let Some(entry) = q.pop_front() {
                if is_live(entry.job) {
                    self.queued -= 1;
                    self.stats.leave_queue(now, entry.enqueued);
                    self.stats
                        .queue_tw
                        .set(now.0 as f64, f64::from(self.queued));
                    return Some((entry.job, class as u8, entry.enqueued));
                }
            }
        }
        None
    }

    /// Puts a job into service; returns (slot, generation) for its end event.
    pub fn start(&mut self, now: SimTime, service: InService) -> (u32, u32) {
        let slot = match self.free_slots.pop() {
            Some(s) => s,
            None => {
                self.slots.push(None);
                self.generations.push(0);
                (self.slots.len() - 1) as u32
            }
        };
        self.slots[slot as usize] = Some(service);
        self.busy += 1;
        self.update_busy(now);
        (slot, self.generations[slot as usize])
    }

    /// Ends the job in `slot` if `generation` is current; returns it.
    pub fn finish(&mut self, now: SimTime, slot: u32, generation: u32) -> Option<InService> {
        let s = slot as usize;
        if self.generations.get(s) != Some(&generation) {
            return None;
        }
        let service = self.slots[s].take()?;
        self.release(now, slot);
        Some(service)
    }

    fn release(&mut self, now: SimTime, slot: u32) {
        self.generations[slot as usize] = self.generations[slot as usize].wrapping_add(1);
        self.free_slots.push(slot);
        self.busy -= 1;
        self.update_busy(now);
    }

    /// Takes a server off the pre-emptible job of the lowest priority (the
    /// highest class; latest started among equals) if there is one, and
    /// returns that job; its pending end event becomes stale.
    pub fn preempt(&mut self, now: SimTime) -> Option<InService> {
        let (slot, _) = self
            .slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.filter(|s| s.preemptible).map(|s| (i, s)))
            .max_by_key(|(i, s)| (s.class, s.started, *i))?;
        let service = self.slots[slot].take()?;
        self.release(now, slot as u32);
        Some(service)
    }

    /// The jobs in service now (for end-of-run accounting).
    pub fn in_service(&self) -> impl Iterator<Item = &InService> {
        self.slots.iter().flatten()
    }

    /// Closes the current accounting period at `now` (an hour boundary whose
    /// hour has been booked) and returns its statistics; a new period starts
    /// at `now` with the queue, servers and people as they are.
    pub fn split_period(&mut self, now: SimTime) -> TeamStats {
        let t = now.0 as f64;
        let classes = self.stats.started_by_class.len();
        let mut fresh = TeamStats::new(classes);
        let old = &mut self.stats;
        for (tw, new) in [
            (&mut old.busy_within, &mut fresh.busy_within),
            (&mut old.busy_over, &mut fresh.busy_over),
            (&mut old.capacity_tw, &mut fresh.capacity_tw),
            (&mut old.people_tw, &mut fresh.people_tw),
            (&mut old.queue_tw, &mut fresh.queue_tw),
        ] {
            let value = tw.value();
            tw.set(t, value);
            *new = TimeWeighted::new(t, value);
        }
        old.queue_time_ms += f64::from(self.queued) * t - old.live_entry_time_sum;
        old.queued_at_close = self.queued;
        old.busy_at_close = self.busy;
        fresh.time = old.time.split(t);
        fresh.reset_at = now;
        fresh.live_entry_time_sum = f64::from(self.queued) * t;
        fresh.peak_today = self.queued;
        std::mem::replace(&mut self.stats, fresh)
    }

    /// Records the queue length and the open work (queued + in service) at
    /// the end of day `day` (for the backlog trends).
    pub fn end_of_day(&mut self, day: u64) {
        self.stats
            .backlog_trend
            .push(day as f64, f64::from(self.queued));
        self.stats
            .open_trend
            .push(day as f64, f64::from(self.queued + self.busy));
        self.stats.daily_queue.push(f64::from(self.queued));
        self.stats.daily_peak.push(f64::from(self.stats.peak_today));
        self.stats.peak_today = self.queued;
    }

    /// Closes every time-average at `end`; queued entries count their
    /// partial wait.
    pub fn close(&mut self, end: SimTime, how: usize) {
        self.stats.queued_at_close = self.queued;
        self.stats.busy_at_close = self.busy;
        self.stats.queue_time_ms +=
            f64::from(self.queued) * end.0 as f64 - self.stats.live_entry_time_sum;
        self.stats.live_entry_time_sum = f64::from(self.queued) * end.0 as f64;
        self.set_capacity(end, Some(how), self.capacity, self.people);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priority_then_fifo() {
        let mut t = TeamQueue::new(3, 0, 0);
        let job = |case| Job::Contact { case };
        t.enqueue(SimTime(1), job(1), 2, false, 0);
        t.enqueue(SimTime(2), job(2), 0, false, 0);
        t.enqueue(SimTime(3), job(3), 2, false, 0);
        t.enqueue(SimTime(4), job(4), 0, false, 0);
        let order: Vec<u32> =
            std::iter::from_fn(|| t.pop_next(SimTime(5), |_| true).map(|(j, _, _)| j.case()))
                .collect();
        assert_eq!(order, [2, 4, 1, 3]);
        assert_eq!(t.queued(), 0);
    }

    #[test]
    fn reserved_servers_only_take_top_priority_work() {
        let mut t = TeamQueue::new(3, 1, 1);
        t.set_capacity(SimTime(0), None, 2, 2);
        t.enqueue(SimTime(1), Job::Contact { case: 101 }, 2, false, 0);
        // Two free, one reserved: 101 work may start.
        let first = t.pop_next(SimTime(2), |_| true).map(|(j, _, _)| j.case());
        assert_eq!(first, Some(101));
        t.start(
            SimTime(2),
            InService {
                job: Job::Contact { case: 101 },
                class: 2,
                started: SimTime(2),
                preemptible: false,
            },
        );
        t.enqueue(SimTime(3), Job::Contact { case: 102 }, 2, false, 0);
        // One free, and it is reserved: the 101 call waits…
        assert!(t.pop_next(SimTime(4), |_| true).is_none());
        // …but a 999 call takes it.
        t.enqueue(SimTime(5), Job::Contact { case: 999 }, 1, false, 0);
        assert_eq!(
            t.pop_next(SimTime(6), |_| true).map(|(j, _, _)| j.case()),
            Some(999)
        );
    }

    #[test]
    fn dead_entries_are_skipped() {
        let mut t = TeamQueue::new(1, 0, 0);
        t.enqueue(SimTime(1), Job::Contact { case: 1 }, 0, false, 0);
        t.enqueue(SimTime(2), Job::Contact { case: 2 }, 0, false, 0);
        t.forget_queued(SimTime(3), SimTime(1));
        let next = t.pop_next(SimTime(4), |j| j.case() != 1);
        assert_eq!(next.map(|(j, _, _)| j.case()), Some(2));
        assert_eq!(t.queued(), 0);
    }

    #[test]
    fn preemption_takes_lowest_priority_and_stales_its_end_event() {
        let mut t = TeamQueue::new(3, 0, 0);
        t.set_capacity(SimTime(0), None, 2, 2);
        let g2 = InService {
            job: Job::Attendance { case: 1, unit: 0 },
            class: 1,
            started: SimTime(0),
            preemptible: false,
        };
        let g3 = InService {
            job: Job::Attendance { case: 2, unit: 0 },
            class: 2,
            started: SimTime(0),
            preemptible: true,
        };
        t.start(SimTime(0), g2);
        let (slot, generation) = t.start(SimTime(0), g3);
        let taken = t.preempt(SimTime(10)).map(|s| s.job.case());
        assert_eq!(taken, Some(2));
        assert!(t.finish(SimTime(20), slot, generation).is_none());
        assert!(t.preempt(SimTime(10)).is_none(), "G2 is not pre-emptible");
        assert_eq!(t.busy(), 1);
    }
}
