//! Proactive, self-initiated work (stop checks, patrol, follow-ups): the
//! lowest class of work of a response team with `proactive_tasks_per_hour`
//! in its `[time_budget.TEAM]`.
//!
//! - **Found**: tasks turn up team-wide as a Poisson stream at the
//!   scenario's rate, from the team's own random stream
//!   (`proactive/TEAM`), so no other draw moves.
//! - **Taken**: a task starts only if no job waits in the team's queue and
//!   a unit is free beyond the team's reserved units and those already on
//!   proactive work; otherwise it is not done (officers find more than
//!   they can do).
//! - **Given up**: a unit on proactive work counts as free for calls. When
//!   a call, a break or work after an incident needs it (the team's free
//!   units fall below its units on proactive work), the most recently
//!   started tasks are given up at once. So proactive work never delays a
//!   dispatch: every result but the idle share (and the proactive figures)
//!   is bit for bit the same as without it.
//!
//! Books: the team's [`ProactiveBooks`](crate::sim::team::time_books::ProactiveBooks)
//! hold its units on proactive work at every instant (never more than its
//! free units), so the proactive share is carved out of the time that was
//! idle and the shares of on-duty time still sum to 1. A team with no rate
//! has no state here and schedules no event.

use super::obligations::Due;
use super::{Event, Force};
use crate::scenario::time_budget::Proactive;
use crate::sim::random::StreamRng;
use crate::sim::team::TeamId;
use crate::sim::trace::Tracer;
use crate::time::{MS_PER_HOUR, SimTime, minutes_to_ms};
use rand::RngExt;

/// One team's proactive work in a replication.
pub(super) struct TeamProactive {
    rule: Proactive,
    rng: StreamRng,
    /// Per slot: its generation and whether a task runs in it.
    slots: Vec<(u16, bool)>,
    /// Slots with a task running, in start order.
    running: Vec<u32>,
}

impl TeamProactive {
    /// A team's state under `rule`, drawing from `rng`.
    pub(super) fn new(rule: Proactive, rng: StreamRng) -> Self {
        TeamProactive {
            rule,
            rng,
            slots: Vec::new(),
            running: Vec::new(),
        }
    }

    /// The time to the next task found, ms (≥ 1).
    fn next_gap_ms(&mut self) -> u64 {
        let u: f64 = self.rng.random();
        let hours = -(1.0 - u).ln() / self.rule.tasks_per_hour;
        ((hours * MS_PER_HOUR as f64).round() as u64).max(1)
    }
}

impl<T: Tracer> Force<'_, T> {
    /// Schedules the first task found by every team with proactive work.
    pub(super) fn start_proactive(&mut self) {
        for t in 0..self.obligations.len() {
            let team = TeamId(t as u16);
            let Some(p) = super::obligations::of(&mut self.obligations, team)
                .and_then(|ob| ob.proactive.as_mut())
            else {
                continue;
            };
            let at = SimTime(p.next_gap_ms());
            self.teams[team].queue.stats.time.enable_proactive(0.0);
            self.calendar.schedule(
                at,
                Event::Obligation {
                    team,
                    what: Due::ProactiveFound,
                },
            );
        }
    }

    /// A proactive task turns up for `team` at `now`: a free unit no call
    /// needs takes it; the next is scheduled.
    pub(super) fn on_proactive_found(&mut self, now: SimTime, team: TeamId) {
        let Some(p) = super::obligations::of(&mut self.obligations, team)
            .and_then(|ob| ob.proactive.as_mut())
        else {
            return;
        };
        let next = SimTime(now.0 + p.next_gap_ms());
        if next < self.model.horizon {
            self.calendar.schedule(
                next,
                Event::Obligation {
                    team,
                    what: Due::ProactiveFound,
                },
            );
        }
        let q = &mut self.teams[team].queue;
        let on = p.running.len() as u32;
        if q.queued() > 0 || q.free_servers() <= q.reserved() + on {
            return;
        }
        let length = minutes_to_ms(p.rule.task_min.sample(&mut p.rng)).max(1);
        let slot = match p.slots.iter().position(|s| !s.1) {
            Some(s) => s,
            None => {
                p.slots.push((0, false));
                p.slots.len() - 1
            }
        };
        p.slots[slot].1 = true;
        p.running.push(slot as u32);
        let key = slot as u32 | (u32::from(p.slots[slot].0) << 16);
        if let Some(books) = q.stats.time.proactive.as_mut() {
            books.tasks += 1;
            books.units.set(now.0 as f64, p.running.len() as f64);
        }
        self.calendar.schedule(
            SimTime(now.0 + length),
            Event::Obligation {
                team,
                what: Due::ProactiveEnd { key },
            },
        );
    }

    /// A proactive task of `team` ends at `now` (stale if given up).
    pub(super) fn on_proactive_end(&mut self, now: SimTime, team: TeamId, key: u32) {
        let Some(p) = super::obligations::of(&mut self.obligations, team)
            .and_then(|ob| ob.proactive.as_mut())
        else {
            return;
        };
        let (slot, generation) = ((key & 0xffff) as usize, (key >> 16) as u16);
        if p.slots.get(slot) != Some(&(generation, true)) {
            return;
        }
        p.slots[slot] = (generation.wrapping_add(1), false);
        p.running.retain(|&s| s as usize != slot);
        if let Some(books) = self.teams[team].queue.stats.time.proactive.as_mut() {
            books.units.set(now.0 as f64, p.running.len() as f64);
        }
    }

    /// Gives up `team`'s most recent proactive tasks until its units on
    /// them are no more than its free units (after every change to its
    /// queue or capacity).
    pub(super) fn give_up_proactive(&mut self, now: SimTime, team: TeamId) {
        let Some(p) = super::obligations::of(&mut self.obligations, team)
            .and_then(|ob| ob.proactive.as_mut())
        else {
            return;
        };
        let q = &mut self.teams[team].queue;
        let free = q.free_servers() as usize;
        if p.running.len() <= free {
            return;
        }
        while p.running.len() > free {
            let slot = p.running.pop().expect("more running than free") as usize;
            p.slots[slot] = (p.slots[slot].0.wrapping_add(1), false);
            if let Some(books) = q.stats.time.proactive.as_mut() {
                books.given_up += 1;
            }
        }
        if let Some(books) = q.stats.time.proactive.as_mut() {
            books.units.set(now.0 as f64, p.running.len() as f64);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::model::Model;
    use crate::sim::team::time_books::ProactiveBooks;
    use crate::sim::trace::NoTrace;

    /// One response team of one unit on a 24-hour shift with an empty time
    /// budget, plus `proactive` keys.
    fn model(proactive: &str) -> Model {
        super::super::timeline::model("proactive timeline", 24, 1, proactive)
    }

    use super::super::timeline::run_until;

    /// A G1 of 20 minutes on scene for `team`, queued at `now`.
    fn g1_at<T: Tracer>(force: &mut Force<'_, T>, team: TeamId, now: SimTime) {
        super::super::timeline::g1_at(force, team, now);
    }

    /// A team's capacity, busy servers, queued jobs and units on proactive
    /// work.
    type State = (u32, u32, u32, usize);

    /// The team's (capacity, busy, queued, units on proactive work) at
    /// 00:59, at 01:00 just after a G1 is queued, and at 01:10, 01:19,
    /// 01:21 and 02:00; and its proactive books at 02:00.
    fn timeline(proactive: &str) -> (Vec<State>, Option<ProactiveBooks>) {
        let model = model(proactive);
        let mut force = Force::new(&model, 1, 0, NoTrace);
        force.enable_time_books();
        force.start_proactive();
        let team = force.teams.rostered(1);
        force.calendar.schedule(SimTime::ZERO, Event::HourTick);
        let at = |m: f64| SimTime(minutes_to_ms(m));
        let mut states = Vec::new();
        for (m, g1) in [
            (59.0, false),
            (60.0, true),
            (70.0, false),
            (79.0, false),
            (81.0, false),
            (120.0, false),
        ] {
            run_until(&mut force, at(m));
            if g1 {
                g1_at(&mut force, team, at(m));
            }
            let on = super::super::obligations::of(&mut force.obligations, team)
                .and_then(|ob| ob.proactive.as_ref())
                .map_or(0, |p| p.running.len());
            let q = &force.teams[team].queue;
            states.push((q.capacity, q.busy(), q.queued(), on));
        }
        (states, force.teams[team].queue.stats.time.proactive.clone())
    }

    /// The unit is on a 10-hour proactive task when a G1 comes in at
    /// 01:00: it gives the task up and takes the G1 at once, exactly as a
    /// unit without proactive work does (on scene 01:00–01:20), then finds
    /// new proactive work.
    #[test]
    fn a_g1_preempts_proactive_work_and_is_answered_as_without_it() {
        let (without, books) = timeline("");
        assert!(books.is_none(), "no proactive books without the keys");
        let (with, books) = timeline(
            "proactive_tasks_per_hour = 10\nproactive_task_min = { dist = \"fixed\", value = 600.0 }\n",
        );
        let calls = |s: &[State]| -> Vec<(u32, u32, u32)> {
            s.iter().map(|&(c, b, q, _)| (c, b, q)).collect()
        };
        assert_eq!(calls(&with), calls(&without));
        assert_eq!(
            calls(&with),
            [
                (1, 0, 0),
                (1, 1, 0),
                (1, 1, 0),
                (1, 1, 0),
                (1, 0, 0),
                (1, 0, 0)
            ]
        );
        // On proactive work before the G1, not while on it, again by 02:00.
        let on: Vec<usize> = with.iter().map(|s| s.3).collect();
        assert_eq!(on[..4], [1, 0, 0, 0], "on proactive work: {with:?}");
        assert_eq!(on[5], 1, "on proactive work: {with:?}");
        let books = books.expect("proactive books kept");
        assert_eq!(books.given_up, 1);
        assert_eq!(books.tasks, 2);
        // On a task from its first finding (within the first hour) to
        // 01:00, and from its second (after 01:20) to 02:00.
        let hours = books.units.integral(minutes_to_ms(120.0) as f64) / MS_PER_HOUR as f64;
        assert!(hours > 0.6 && hours < 1.0 + 40.0 / 60.0, "{hours}");
    }
}
