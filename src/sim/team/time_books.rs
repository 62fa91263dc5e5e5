//! Where a team's on-duty time goes, over one accounting period: the books
//! of obligated time (briefing, refreshment breaks, end-of-shift
//! administration) kept beside a team's queue statistics, and the shares
//! they give.
//!
//! A unit on an obligation is off the team's capacity (see
//! [`crate::sim::force`]'s obligations), so at every instant a team's
//! units on duty are exactly
//!
//! `on duty = capacity (net, for calls) + briefing + breaks + admin + after`
//!
//! where `after` is the work after incidents (mental-health wait,
//! transport, custody, paperwork, follow-up).
//!
//! and the net capacity is either busy on calls (within the shift), on
//! proactive work (teams with proactive tasks; a unit on it is still
//! available for calls, and never more are on it than are free) or
//! idle. Every on-duty unit-hour is therefore in exactly one item, and the
//! shares of [`TimeFigures`] sum to 1 up to float rounding. Time a unit
//! spends on a job while counted on an obligation or past the end of its
//! shift is overrun (`teams.T.overrun_hours`), outside on-duty time.

use crate::stats::TimeWeighted;
use crate::time::{MS_PER_HOUR, SimTime};

/// The obligated time of one team over one accounting period. Only teams
/// with a time budget keep it (`enabled`); the rest never touch it.
#[derive(Clone, Debug)]
pub struct TimeBooks {
    /// True for a team with a time budget: its figures are reported.
    pub enabled: bool,
    /// Units in briefing (time-weighted, ms).
    pub briefing: TimeWeighted,
    /// Units on a refreshment break (time-weighted, ms).
    pub breaks: TimeWeighted,
    /// Units on end-of-shift administration (time-weighted, ms).
    pub admin: TimeWeighted,
    /// Travel time of attendance started in the period, net of travel
    /// left undone when a unit was pre-empted, ms.
    pub travel_ms: f64,
    /// Time on scene of attendance started in the period, net of what was
    /// left undone when pre-empted, ms.
    pub on_scene_ms: f64,
    /// Refreshment breaks that fell due.
    pub breaks_due: u64,
    /// Breaks missed: not started before the window closed, or
    /// interrupted by a G1 under `interrupted_break = "missed"`.
    pub breaks_missed: u64,
    /// Breaks interrupted by a G1 (resumed or missed).
    pub breaks_interrupted: u64,
    /// Work after incidents, kept only when the scenario has an
    /// `[after_incident]` section.
    pub after: Option<Box<AfterBooks>>,
    /// Proactive work, kept only for a team with proactive tasks.
    pub proactive: Option<ProactiveBooks>,
}

/// Proactive work of one team over one period: units on it (part of the
/// units available for calls; at every instant 0 ≤ units ≤ the team's
/// free units), tasks started, tasks given up for a call.
#[derive(Clone, Debug)]
pub struct ProactiveBooks {
    /// Units on a proactive task (time-weighted, ms).
    pub units: TimeWeighted,
    /// Tasks started.
    pub tasks: u64,
    /// Tasks given up at once because a call (or an obligation) needed
    /// the unit.
    pub given_up: u64,
}

/// The work after incidents of one team over one accounting period: units
/// on each item (time-weighted, ms), arrests, and the time each process
/// change saved.
#[derive(Clone, Debug)]
pub struct AfterBooks {
    /// Units on prisoner transport.
    pub transport: TimeWeighted,
    /// Units with a prisoner in custody (booking-in wait, interview).
    pub custody: TimeWeighted,
    /// Units on the case file, statements and the crime record.
    pub paperwork: TimeWeighted,
    /// Units waiting with a person in crisis for a handover.
    pub mental_health_wait: TimeWeighted,
    /// Units on a victim follow-up.
    pub follow_up: TimeWeighted,
    /// Arrests made (work after incidents started in the period).
    pub arrests: u64,
    /// Time saved by the records system, ms (on work started in the period).
    pub freed_records_ms: f64,
    /// Time saved by the supervisory change, ms.
    pub freed_supervision_ms: f64,
    /// Mental-health waiting cut short by Right Care Right Person, ms.
    pub freed_rcrp_ms: f64,
}

/// The work items after an incident, in the order a unit does them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterItem {
    /// Waiting with a person in crisis for a handover.
    MentalHealthWait,
    /// Prisoner transport.
    Transport,
    /// Custody: booking-in wait and interview.
    Custody,
    /// Case file, statements, crime record.
    Paperwork,
    /// Victim follow-up.
    FollowUp,
}

impl AfterBooks {
    /// Empty books from `t` ms with the units on each item given.
    fn new(t: f64, units: [f64; 5]) -> Self {
        let tw = |i: usize| TimeWeighted::new(t, units[i]);
        AfterBooks {
            mental_health_wait: tw(0),
            transport: tw(1),
            custody: tw(2),
            paperwork: tw(3),
            follow_up: tw(4),
            arrests: 0,
            freed_records_ms: 0.0,
            freed_supervision_ms: 0.0,
            freed_rcrp_ms: 0.0,
        }
    }

    /// The five items' books, in [`AfterItem`] order.
    fn items(&mut self) -> [&mut TimeWeighted; 5] {
        [
            &mut self.mental_health_wait,
            &mut self.transport,
            &mut self.custody,
            &mut self.paperwork,
            &mut self.follow_up,
        ]
    }

    /// The book of `item`.
    pub fn item(&mut self, item: AfterItem) -> &mut TimeWeighted {
        match item {
            AfterItem::MentalHealthWait => &mut self.mental_health_wait,
            AfterItem::Transport => &mut self.transport,
            AfterItem::Custody => &mut self.custody,
            AfterItem::Paperwork => &mut self.paperwork,
            AfterItem::FollowUp => &mut self.follow_up,
        }
    }
}

impl TimeBooks {
    /// Empty books starting at `t` ms with nobody on an obligation.
    pub fn new(t: f64, enabled: bool) -> Self {
        TimeBooks {
            enabled,
            briefing: TimeWeighted::new(t, 0.0),
            breaks: TimeWeighted::new(t, 0.0),
            admin: TimeWeighted::new(t, 0.0),
            travel_ms: 0.0,
            on_scene_ms: 0.0,
            breaks_due: 0,
            breaks_missed: 0,
            breaks_interrupted: 0,
            after: None,
            proactive: None,
        }
    }

    /// Starts keeping the books of proactive work (from `t` ms, with
    /// nobody on it).
    pub fn enable_proactive(&mut self, t: f64) {
        self.proactive = Some(ProactiveBooks {
            units: TimeWeighted::new(t, 0.0),
            tasks: 0,
            given_up: 0,
        });
    }

    /// Starts keeping the books of work after incidents (from `t` ms, with
    /// nobody on it).
    pub fn enable_after(&mut self, t: f64) {
        self.after = Some(Box::new(AfterBooks::new(t, [0.0; 5])));
    }

    /// Closes these books at `t` (an hour boundary) and returns fresh ones
    /// starting there with the same units on each obligation.
    pub fn split(&mut self, t: f64) -> TimeBooks {
        let mut fresh = TimeBooks::new(t, self.enabled);
        for (old, new) in [
            (&mut self.briefing, &mut fresh.briefing),
            (&mut self.breaks, &mut fresh.breaks),
            (&mut self.admin, &mut fresh.admin),
        ] {
            let value = old.value();
            old.set(t, value);
            *new = TimeWeighted::new(t, value);
        }
        if let Some(after) = self.after.as_deref_mut() {
            let mut units = [0.0; 5];
            for (u, book) in units.iter_mut().zip(after.items()) {
                *u = book.value();
                book.set(t, *u);
            }
            fresh.after = Some(Box::new(AfterBooks::new(t, units)));
        }
        if let Some(p) = self.proactive.as_mut() {
            let value = p.units.value();
            p.units.set(t, value);
            fresh.proactive = Some(ProactiveBooks {
                units: TimeWeighted::new(t, value),
                tasks: 0,
                given_up: 0,
            });
        }
        fresh
    }

    /// Joins `later`, the next period, into these.
    pub fn merge(&mut self, later: &TimeBooks) {
        self.briefing.absorb(&later.briefing);
        self.breaks.absorb(&later.breaks);
        self.admin.absorb(&later.admin);
        self.travel_ms += later.travel_ms;
        self.on_scene_ms += later.on_scene_ms;
        self.breaks_due += later.breaks_due;
        self.breaks_missed += later.breaks_missed;
        self.breaks_interrupted += later.breaks_interrupted;
        if let (Some(a), Some(b)) = (self.after.as_deref_mut(), later.after.as_deref()) {
            let mut b = b.clone();
            for (x, y) in a.items().into_iter().zip(b.items()) {
                x.absorb(y);
            }
            a.arrests += b.arrests;
            a.freed_records_ms += b.freed_records_ms;
            a.freed_supervision_ms += b.freed_supervision_ms;
            a.freed_rcrp_ms += b.freed_rcrp_ms;
        }
        if let (Some(a), Some(b)) = (self.proactive.as_mut(), later.proactive.as_ref()) {
            a.units.absorb(&b.units);
            a.tasks += b.tasks;
            a.given_up += b.given_up;
        }
    }

    /// Restarts the books at `now` (end of the warm-up), keeping who is on
    /// an obligation.
    pub fn reset(&mut self, now: SimTime) {
        let t = now.0 as f64;
        self.briefing.reset(t);
        self.breaks.reset(t);
        self.admin.reset(t);
        self.travel_ms = 0.0;
        self.on_scene_ms = 0.0;
        self.breaks_due = 0;
        self.breaks_missed = 0;
        self.breaks_interrupted = 0;
        if let Some(a) = self.after.as_deref_mut() {
            for book in a.items() {
                book.reset(t);
            }
            a.arrests = 0;
            a.freed_records_ms = 0.0;
            a.freed_supervision_ms = 0.0;
            a.freed_rcrp_ms = 0.0;
        }
        if let Some(p) = self.proactive.as_mut() {
            p.units.reset(t);
            p.tasks = 0;
            p.given_up = 0;
        }
    }

    /// The shares of on-duty time over the period ending at `end` ms, given
    /// the team's integrals of net capacity and of busy-within-capacity
    /// over the period (unit-ms); `None` for a team without a time budget.
    pub fn figures(&self, end: f64, capacity_ms: f64, busy_within_ms: f64) -> Option<TimeFigures> {
        if !self.enabled {
            return None;
        }
        let briefing = self.briefing.integral(end);
        let breaks = self.breaks.integral(end);
        let admin = self.admin.integral(end);
        let after_ms = self.after.as_deref().map(|a| {
            [
                a.mental_health_wait.integral(end),
                a.transport.integral(end),
                a.custody.integral(end),
                a.paperwork.integral(end),
                a.follow_up.integral(end),
            ]
        });
        let after_total: f64 = after_ms.map_or(0.0, |a| a.iter().sum());
        let on_duty = capacity_ms + briefing + breaks + admin + after_total;
        let share = |x: f64| if on_duty > 0.0 { x / on_duty } else { f64::NAN };
        let worked = self.travel_ms + self.on_scene_ms;
        let travel_part = if worked > 0.0 {
            self.travel_ms / worked
        } else {
            0.0
        };
        let travel = busy_within_ms * travel_part;
        let attending = busy_within_ms - travel;
        let available = capacity_ms - busy_within_ms;
        let proactive_ms = self.proactive.as_ref().map(|p| p.units.integral(end));
        let idle = available - proactive_ms.unwrap_or(0.0);
        Some(TimeFigures {
            on_duty_hours: on_duty / MS_PER_HOUR as f64,
            attending_share: share(attending),
            travel_share: share(travel),
            briefing_share: share(briefing),
            breaks_share: share(breaks),
            admin_share: share(admin),
            idle_share: share(idle),
            committed_share: share(on_duty - available),
            breaks_due: self.breaks_due,
            breaks_missed_share: if self.breaks_due > 0 {
                self.breaks_missed as f64 / self.breaks_due as f64
            } else {
                f64::NAN
            },
            breaks_interrupted: self.breaks_interrupted,
            proactive: self
                .proactive
                .as_ref()
                .zip(proactive_ms)
                .map(|(p, ms)| ProactiveFigures {
                    proactive_share: share(ms),
                    tasks: p.tasks,
                    given_up: p.given_up,
                }),
            after: self.after.as_deref().zip(after_ms).map(|(a, ms)| {
                let hours = |x: f64| x / MS_PER_HOUR as f64;
                AfterFigures {
                    mental_health_wait_share: share(ms[0]),
                    transport_share: share(ms[1]),
                    custody_share: share(ms[2]),
                    paperwork_share: share(ms[3]),
                    follow_up_share: share(ms[4]),
                    arrests: a.arrests,
                    freed_records_hours: hours(a.freed_records_ms),
                    freed_supervision_hours: hours(a.freed_supervision_ms),
                    freed_rcrp_hours: hours(a.freed_rcrp_ms),
                }
            }),
        })
    }
}

/// Where one team's on-duty unit-hours went over a period. The `_share`
/// items attending … idle are shares of `on_duty_hours` and sum to 1.
#[derive(Clone, Debug, PartialEq)]
pub struct TimeFigures {
    /// Unit-hours on duty (net capacity for calls + obligated), hours.
    pub on_duty_hours: f64,
    /// On scene at incidents, share of on-duty time.
    pub attending_share: f64,
    /// Travelling to incidents, share of on-duty time.
    pub travel_share: f64,
    /// In briefing at the start of a shift, share of on-duty time.
    pub briefing_share: f64,
    /// On refreshment breaks, share of on-duty time.
    pub breaks_share: f64,
    /// On end-of-shift administration, share of on-duty time.
    pub admin_share: f64,
    /// Available for calls and not on one (nor on proactive work), share
    /// of on-duty time.
    pub idle_share: f64,
    /// Committed to calls and obligations (1 − idle − proactive), share
    /// of on-duty time: the saturation index.
    pub committed_share: f64,
    /// Refreshment breaks due, count.
    pub breaks_due: u64,
    /// Breaks missed ÷ breaks due, share (NaN when none were due).
    pub breaks_missed_share: f64,
    /// Breaks interrupted by a G1, count.
    pub breaks_interrupted: u64,
    /// Work after incidents (only with an `[after_incident]` section); its
    /// shares belong to the partition above.
    pub after: Option<AfterFigures>,
    /// Proactive work (only for a team with proactive tasks); its share
    /// belongs to the partition above (taken out of the idle share).
    pub proactive: Option<ProactiveFigures>,
}

/// One team's proactive work over a period.
#[derive(Clone, Debug, PartialEq)]
pub struct ProactiveFigures {
    /// On proactive tasks, share of on-duty time (discretionary: not in
    /// the committed share).
    pub proactive_share: f64,
    /// Tasks started, count.
    pub tasks: u64,
    /// Tasks given up for a call, count.
    pub given_up: u64,
}

/// Where one team's work after incidents went over a period: shares of
/// on-duty time (part of the partition of [`TimeFigures`]), arrests, and
/// hours each process change saved.
#[derive(Clone, Debug, PartialEq)]
pub struct AfterFigures {
    /// Waiting with a person in crisis for a handover, share of on-duty time.
    pub mental_health_wait_share: f64,
    /// Prisoner transport, share of on-duty time.
    pub transport_share: f64,
    /// Custody (booking-in wait, interview), share of on-duty time.
    pub custody_share: f64,
    /// Case files, statements, crime records, share of on-duty time.
    pub paperwork_share: f64,
    /// Victim follow-up, share of on-duty time.
    pub follow_up_share: f64,
    /// Arrests, count.
    pub arrests: u64,
    /// Unit-hours the records system saved (work started in the period).
    pub freed_records_hours: f64,
    /// Unit-hours the supervisory change saved.
    pub freed_supervision_hours: f64,
    /// Unit-hours of mental-health waiting Right Care Right Person cut.
    pub freed_rcrp_hours: f64,
}
