//! Obligated time: a response team's briefing, refreshment breaks and
//! end-of-shift administration (the scenario's `[time_budget.TEAM]`, see
//! [`crate::scenario::time_budget`]).
//!
//! A unit on an obligation is taken off the team's capacity, so dispatch
//! sees only the units available for calls; the team's
//! [`TimeBooks`](crate::sim::team::time_books::TimeBooks) count the units
//! on each obligation, so on duty = capacity + briefing + breaks + admin
//! at every instant.
//!
//! - **Briefing**: every unit of a shift starting at an hour is in briefing
//!   for `briefing_min` from the start.
//! - **Administration**: every unit of a shift is on administration for the
//!   last `end_of_shift_admin_min` of it. A unit still on a job then
//!   finishes it as overrun.
//! - **Refreshment breaks**: a shift of `u` units plans `u` breaks whose
//!   due times are spread evenly over the window (the first at its start,
//!   the last at its end). A due break waits for a free unit, ahead of
//!   queued G2/G3 work but never while a G1 waits or into a team's
//!   reserved units; one not started by its latest start (so that it ends
//!   before administration) is missed. While a G1 waits and every unit available is busy and no
//!   pre-emptible work is left, the most recently started break is
//!   interrupted: the unit takes the G1, and the break is missed or its
//!   rest is due again (as the budget says), if it can still end before
//!   administration.

use super::{Event, Force};
use crate::scenario::model::Model;
use crate::scenario::time_budget::{Interrupted, TimeBudget};
use crate::sim::case::Case;
use crate::sim::random::stream;
use crate::sim::team::{InService, Job, TeamId};
use crate::sim::trace::Tracer;
use crate::time::{MS_PER_HOUR, SimTime, minutes_to_ms};
use std::collections::VecDeque;

/// What an obligation event does when it fires.
#[derive(Clone, Copy, Debug)]
pub(super) enum Due {
    /// Planned breaks and administration fall due now.
    Planned,
    /// The break in slot `key & 0xffff` (generation `key >> 16`) ends.
    BreakEnd { key: u32 },
    /// `units` units finish briefing.
    BriefingEnd { units: u32 },
    /// The item under way in work-after-incident task `slot` ends.
    AfterStep { slot: u32 },
    /// A proactive task turns up.
    ProactiveFound,
    /// The proactive task in slot `key & 0xffff` (generation `key >> 16`)
    /// ends.
    ProactiveEnd { key: u32 },
}

/// A refreshment break planned, due or resumed.
#[derive(Clone, Copy, Debug)]
struct Break {
    /// When it falls due.
    due: SimTime,
    /// Its latest start.
    deadline: SimTime,
    /// Its length, ms.
    length_ms: u64,
    /// When administration starts in its shift (no break may run past it).
    end_limit: SimTime,
}

/// A break being taken.
#[derive(Clone, Copy, Debug)]
struct Ongoing {
    started: SimTime,
    ends: SimTime,
    end_limit: SimTime,
}

/// One response team's obligations in a replication.
pub(super) struct TeamObligations {
    budget: TimeBudget,
    /// Units in briefing, on a break, on administration now.
    briefing: u32,
    breaks: u32,
    admin: u32,
    /// Administration under way: (the hour its shift ends, units).
    admin_running: Vec<(u64, u32)>,
    /// Administration planned to start within the hour: (start, shift end
    /// hour, units).
    admin_planned: Vec<(SimTime, u64, u32)>,
    /// Breaks planned to fall due within the hour, by due time.
    planned: VecDeque<Break>,
    /// Breaks due and waiting for a free unit, in due order.
    pending: VecDeque<Break>,
    /// Breaks being taken, by slot, with each slot's generation.
    ongoing: Vec<Option<Ongoing>>,
    generations: Vec<u16>,
    /// Work after incidents (with an `[after_incident]` section).
    pub(super) after: Option<super::after_incident::TeamAfter>,
    /// Proactive work (with `proactive_tasks_per_hour` > 0).
    pub(super) proactive: Option<super::proactive::TeamProactive>,
}

impl TeamObligations {
    fn new(budget: TimeBudget) -> Self {
        TeamObligations {
            budget,
            briefing: 0,
            breaks: 0,
            admin: 0,
            admin_running: Vec::new(),
            admin_planned: Vec::new(),
            planned: VecDeque::new(),
            pending: VecDeque::new(),
            ongoing: Vec::new(),
            generations: Vec::new(),
            after: None,
            proactive: None,
        }
    }

    /// Units on work after incidents.
    fn after_units(&self) -> u32 {
        self.after
            .as_ref()
            .map_or(0, super::after_incident::TeamAfter::units)
    }

    /// Units off calls on an obligation: briefing, breaks, administration
    /// and work after incidents.
    fn obligated(&self) -> u32 {
        self.briefing + self.breaks + self.admin + self.after_units()
    }
}

/// Per rostered team (model order): its obligations, if it has a budget
/// (with work after incidents, drawn from the team's own stream of
/// `seed` and `replication`, when the scenario has an `[after_incident]`).
pub(super) fn for_model(
    model: &Model,
    seed: u64,
    replication: u64,
) -> Vec<Option<Box<TeamObligations>>> {
    model
        .time_budgets
        .iter()
        .zip(&model.teams)
        .map(|(b, team)| {
            b.clone().map(|b| {
                let mut ob = TeamObligations::new(b);
                if let Some(rule) = ob.budget.proactive.clone() {
                    let rng = stream(seed, replication, &format!("proactive/{}", team.name));
                    ob.proactive = Some(super::proactive::TeamProactive::new(rule, rng));
                }
                if model.after_incident.is_some() {
                    let rng = stream(seed, replication, &format!("after-incident/{}", team.name));
                    ob.after = Some(super::after_incident::TeamAfter::new(rng));
                }
                Box::new(ob)
            })
        })
        .collect()
}

/// `team`'s obligations, if it has a time budget. A free function over the
/// field (not a method of the force) so the caller may borrow the team's
/// queue beside it.
pub(super) fn of(
    obligations: &mut [Option<Box<TeamObligations>>],
    team: TeamId,
) -> Option<&mut TeamObligations> {
    obligations
        .get_mut(team.index())
        .and_then(|o| o.as_deref_mut())
}

impl<T: Tracer> Force<'_, T> {
    /// Marks the books of every team with a time budget as kept (so its
    /// time shares are reported).
    pub(super) fn enable_time_books(&mut self) {
        for (t, ob) in self.obligations.iter().enumerate() {
            if let Some(ob) = ob {
                let books = &mut self.teams[TeamId(t as u16)].queue.stats.time;
                books.enabled = true;
                if ob.after.is_some() {
                    books.enable_after(0.0);
                }
            }
        }
    }

    /// At the start of absolute `hour` (`now`), after the rosters: ends the
    /// administration of shifts ending now, starts the briefing of shifts
    /// starting now, plans the breaks and administration falling due
    /// within the hour, and lowers each budgeted team's units in
    /// `on_duty` to those available for calls.
    pub(super) fn obligations_at_hour(
        &mut self,
        now: SimTime,
        hour: u64,
        on_duty: &mut [(u32, u32)],
    ) {
        let model = self.model;
        let hour_end = SimTime::from_hours(hour + 1);
        for (t, duty) in on_duty.iter_mut().enumerate() {
            let Some(ob) = self.obligations.get_mut(t).and_then(|o| o.as_deref_mut()) else {
                continue;
            };
            let team = &model.teams[t];
            ob.admin_running.retain(|&(end, units)| {
                let running = end > hour;
                if !running {
                    ob.admin -= units;
                }
                running
            });
            let briefing_ms = minutes_to_ms(ob.budget.briefing_min);
            let admin_ms = minutes_to_ms(ob.budget.admin_min);
            let mut events = Vec::new();
            for (shift, first, end, units) in self.rosters[t].instances_at(team, hour) {
                if units == 0 {
                    continue;
                }
                let start_ms = first * MS_PER_HOUR as i64;
                if first == hour as i64 && briefing_ms > 0 {
                    ob.briefing += units;
                    events.push((SimTime(now.0 + briefing_ms), Due::BriefingEnd { units }));
                }
                let end_ms = end * MS_PER_HOUR;
                if admin_ms > 0 {
                    let start = end_ms as i64 - admin_ms as i64;
                    if start >= now.0 as i64 && start < hour_end.0 as i64 {
                        ob.admin_planned.push((SimTime(start as u64), end, units));
                        events.push((SimTime(start as u64), Due::Planned));
                    }
                }
                let Some(r) = ob.budget.refreshment[shift] else {
                    continue;
                };
                let step = if units > 1 {
                    (r.to_min - r.from_min) / f64::from(units - 1)
                } else {
                    0.0
                };
                let end_limit = SimTime(end_ms - admin_ms);
                for k in 0..units {
                    let offset = minutes_to_ms(r.from_min + step * f64::from(k)) as i64;
                    let due = start_ms + offset;
                    if due >= now.0 as i64 && due < hour_end.0 as i64 {
                        let due = SimTime(due as u64);
                        ob.planned.push_back(Break {
                            due,
                            deadline: SimTime(
                                (start_ms + minutes_to_ms(r.latest_min) as i64) as u64,
                            ),
                            length_ms: minutes_to_ms(r.minutes),
                            end_limit,
                        });
                        events.push((due, Due::Planned));
                    }
                }
            }
            ob.planned.make_contiguous().sort_by_key(|b| b.due);
            let obligated = ob.obligated();
            // Work after incidents may hold more units than a new shift
            // brings (they stay on to finish it); the rest are planned.
            debug_assert!(
                obligated - ob.after_units() <= duty.0,
                "more units obligated than on duty"
            );
            duty.0 = duty.0.saturating_sub(obligated);
            let id = TeamId(t as u16);
            let books = &mut self.teams[id].queue.stats.time;
            let x = now.0 as f64;
            books.briefing.set(x, f64::from(ob.briefing));
            books.admin.set(x, f64::from(ob.admin));
            for (at, what) in events {
                self.calendar
                    .schedule(at, Event::Obligation { team: id, what });
            }
        }
    }

    /// An obligation event of `team` fires at `now`.
    pub(super) fn on_obligation(&mut self, now: SimTime, team: TeamId, what: Due) {
        match what {
            Due::AfterStep { slot } => {
                self.after_step(now, team, slot);
                self.geo_follow_capacity(now, team);
                self.dispatch(now, team);
                return;
            }
            Due::ProactiveFound => return self.on_proactive_found(now, team),
            Due::ProactiveEnd { key } => return self.on_proactive_end(now, team, key),
            _ => {}
        }
        let Some(ob) = of(&mut self.obligations, team) else {
            return;
        };
        let q = &mut self.teams[team].queue;
        let x = now.0 as f64;
        match what {
            Due::Planned => {
                while ob.planned.front().is_some_and(|b| b.due <= now) {
                    let b = ob.planned.pop_front().expect("checked");
                    ob.pending.push_back(b);
                    q.stats.time.breaks_due += 1;
                }
                let mut i = 0;
                while i < ob.admin_planned.len() {
                    let (start, end, units) = ob.admin_planned[i];
                    if start <= now {
                        ob.admin_planned.swap_remove(i);
                        let applied = (-q.adjust_capacity(now, -i64::from(units))) as u32;
                        ob.admin += applied;
                        ob.admin_running.push((end, applied));
                    } else {
                        i += 1;
                    }
                }
                q.stats.time.admin.set(x, f64::from(ob.admin));
            }
            Due::BreakEnd { key } => {
                let (slot, generation) = ((key & 0xffff) as usize, (key >> 16) as u16);
                if ob.generations.get(slot) != Some(&generation) || ob.ongoing[slot].is_none() {
                    return;
                }
                ob.ongoing[slot] = None;
                ob.generations[slot] = ob.generations[slot].wrapping_add(1);
                ob.breaks -= 1;
                q.adjust_capacity(now, 1);
                q.stats.time.breaks.set(x, f64::from(ob.breaks));
            }
            Due::AfterStep { .. } | Due::ProactiveFound | Due::ProactiveEnd { .. } => {
                unreachable!("handled above")
            }
            Due::BriefingEnd { units } => {
                let units = units.min(ob.briefing);
                ob.briefing -= units;
                q.adjust_capacity(now, i64::from(units));
                q.stats.time.briefing.set(x, f64::from(ob.briefing));
            }
        }
        self.geo_follow_capacity(now, team);
        self.dispatch(now, team);
    }

    /// Lets `team`'s due breaks start while a unit is free beyond its
    /// reserved ones and no G1 waits; counts those past their latest start
    /// as missed.
    pub(super) fn take_breaks(&mut self, now: SimTime, team: TeamId) {
        let Some(ob) = of(&mut self.obligations, team) else {
            return;
        };
        let q = &mut self.teams[team].queue;
        let mut started = false;
        while let Some(&b) = ob.pending.front() {
            if b.deadline < now {
                ob.pending.pop_front();
                q.stats.time.breaks_missed += 1;
                continue;
            }
            if q.free_servers() <= q.reserved() || q.top_class_waiting() {
                break;
            }
            ob.pending.pop_front();
            started = true;
            q.adjust_capacity(now, -1);
            ob.breaks += 1;
            q.stats.time.breaks.set(now.0 as f64, f64::from(ob.breaks));
            let slot = match ob.ongoing.iter().position(Option::is_none) {
                Some(s) => s,
                None => {
                    ob.ongoing.push(None);
                    ob.generations.push(0);
                    ob.ongoing.len() - 1
                }
            };
            let ends = SimTime(now.0 + b.length_ms);
            ob.ongoing[slot] = Some(Ongoing {
                started: now,
                ends,
                end_limit: b.end_limit,
            });
            let key = slot as u32 | (u32::from(ob.generations[slot]) << 16);
            self.calendar.schedule(
                ends,
                Event::Obligation {
                    team,
                    what: Due::BreakEnd { key },
                },
            );
        }
        if started {
            self.geo_follow_capacity(now, team);
        }
    }

    /// While a G1 waits at `team` and every unit available is busy,
    /// interrupts the most recently started break: its unit comes back for
    /// the G1, and the break is missed or its rest falls due again.
    /// Returns whether a unit came back.
    pub(super) fn interrupt_break_for_g1(&mut self, now: SimTime, team: TeamId) -> bool {
        let Some(ob) = of(&mut self.obligations, team) else {
            return false;
        };
        let q = &mut self.teams[team].queue;
        if !(q.top_class_waiting() && q.busy() == q.capacity) {
            return false;
        }
        let Some((slot, taken)) = ob
            .ongoing
            .iter()
            .enumerate()
            .filter_map(|(i, o)| o.map(|o| (i, o)))
            .max_by_key(|(i, o)| (o.started, *i))
        else {
            return false;
        };
        ob.ongoing[slot] = None;
        ob.generations[slot] = ob.generations[slot].wrapping_add(1);
        ob.breaks -= 1;
        q.adjust_capacity(now, 1);
        let books = &mut q.stats.time;
        books.breaks.set(now.0 as f64, f64::from(ob.breaks));
        books.breaks_interrupted += 1;
        let rest = taken.ends.since(now);
        match ob.budget.interrupted {
            Interrupted::Resumed if rest > 0 && taken.end_limit.0 >= now.0 + rest => {
                // Due again at once; it restarts when a unit is next free.
                ob.pending.push_front(Break {
                    due: now,
                    deadline: SimTime(taken.end_limit.0 - rest),
                    length_ms: rest,
                    end_limit: taken.end_limit,
                });
            }
            Interrupted::Missed | Interrupted::Resumed => books.breaks_missed += 1,
        }
        self.geo_follow_capacity(now, team);
        true
    }

    /// Books the travel and time on scene a unit of `team` is about to do
    /// on attendance `job` (for the split of busy time in the time shares).
    pub(super) fn book_attendance(&mut self, team: TeamId, job: Job) {
        let Job::Attendance { case, unit } = job else {
            return;
        };
        let books = &mut self.teams[team].queue.stats.time;
        if !books.enabled {
            return;
        }
        let c = self.cases.get(case);
        let u = usize::from(unit);
        books.travel_ms += c.travel_ms[u] as f64;
        books.on_scene_ms += c.remaining_ms[u].saturating_sub(c.travel_ms[u]) as f64;
    }

    /// Takes back, from `team`'s books, the travel and time on scene a unit
    /// pre-empted at `now` leaves undone (call before the case's times are
    /// cut to what remains).
    pub(super) fn unbook_preempted(&mut self, team: TeamId, service: &InService, now: SimTime) {
        let Job::Attendance { case, unit } = service.job else {
            return;
        };
        let books = &mut self.teams[team].queue.stats.time;
        if !books.enabled {
            return;
        }
        let c: &Case = self.cases.get(case);
        let u = usize::from(unit);
        let done = now.since(service.started);
        let travel = c.travel_ms[u];
        let on_scene = c.remaining_ms[u].saturating_sub(travel);
        books.travel_ms -= travel.saturating_sub(done) as f64;
        books.on_scene_ms -= on_scene.saturating_sub(done.saturating_sub(travel)) as f64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::model::Grade;
    use crate::sim::trace::NoTrace;

    /// One response team of two single-crewed units on a 10-hour shift
    /// from midnight, each with a 60-minute break due at 02:00 sharp (the
    /// window is [2, 2] hours); `interrupted` is the budget's policy.
    fn model(interrupted: &str) -> Model {
        super::super::timeline::model(
            "timeline",
            10,
            2,
            &format!(
                "refreshment_min = 60\nrefreshment_window_hours = [2, 2]\ninterrupted_break = \"{interrupted}\""
            ),
        )
    }

    /// Runs `force`'s own events up to (not including) `until`.
    fn run_until<T: Tracer>(force: &mut Force<'_, T>, until: SimTime) {
        while let Some((now, event)) = force.calendar.pop_until(until) {
            if now >= until {
                force.calendar.schedule(now, event);
                break;
            }
            assert!(
                matches!(
                    event,
                    Event::HourTick | Event::JobEnd { .. } | Event::Obligation { .. }
                ),
                "no demand arrives in this timeline, got {event:?}"
            );
            force.handle(now, event);
        }
    }

    /// A G1 of 20 minutes on scene, queued for the response team at `now`.
    fn g1_at<T: Tracer>(force: &mut Force<'_, T>, team: TeamId, now: SimTime) {
        let id = force.cases.allocate();
        let case = force.cases.get_mut(id);
        case.grade = Grade::G1;
        case.units = 1;
        case.units_left = 1;
        case.remaining_ms[0] = minutes_to_ms(20.0);
        case.travel_ms[0] = 0;
        let job = Job::Attendance { case: id, unit: 0 };
        force.teams[team].queue.enqueue(now, job, 0, false, 0);
        force.dispatch(now, team);
    }

    /// The timeline: 00:00 both units on duty; 02:00 both go on their
    /// break (no one left for calls); 02:30 a G1 comes in, so one break is
    /// interrupted and that unit takes it; 02:50 the G1 is done.
    fn timeline(interrupted: &str) -> (Vec<u32>, crate::sim::team::time_books::TimeBooks) {
        let model = model(interrupted);
        let mut force = Force::new(&model, 1, 0, NoTrace);
        force.enable_time_books();
        let team = force.teams.rostered(1);
        force.calendar.schedule(SimTime::ZERO, Event::HourTick);
        let at = |h: f64| SimTime(minutes_to_ms(h * 60.0));
        let mut capacity = Vec::new();
        for (t, g1) in [(1.0, false), (2.25, false), (2.5, true), (2.75, false)] {
            run_until(&mut force, at(t));
            if g1 {
                g1_at(&mut force, team, at(t));
            }
            capacity.push(force.teams[team].queue.capacity);
        }
        for t in [3.05, 3.4, 4.0] {
            run_until(&mut force, at(t));
            capacity.push(force.teams[team].queue.capacity);
        }
        (capacity, force.teams[team].queue.stats.time.clone())
    }

    #[test]
    fn a_g1_that_interrupts_a_break_is_counted_missed_or_resumed() {
        // Missed: one unit back at 02:30 for the G1 (free again at 02:50),
        // the other's break ends at 03:00.
        let (capacity, books) = timeline("missed");
        assert_eq!(capacity, [2, 0, 1, 1, 2, 2, 2]);
        assert_eq!(books.breaks_due, 2);
        assert_eq!(books.breaks_interrupted, 1);
        assert_eq!(books.breaks_missed, 1);
        let hours = |ms: f64| ms / MS_PER_HOUR as f64;
        // Unit-hours on a break: 1 h + 0.5 h.
        let on_break = hours(books.breaks.integral(minutes_to_ms(240.0) as f64));
        assert!((on_break - 1.5).abs() < 1e-12, "{on_break}");

        // Resumed: the interrupted unit takes the rest of its break (30
        // min) when the G1 is done at 02:50, until 03:20.
        let (capacity, books) = timeline("resumed");
        assert_eq!(capacity, [2, 0, 1, 1, 1, 2, 2]);
        assert_eq!(books.breaks_due, 2);
        assert_eq!(books.breaks_interrupted, 1);
        assert_eq!(books.breaks_missed, 0);
        let on_break = hours(books.breaks.integral(minutes_to_ms(240.0) as f64));
        assert!((on_break - 2.0).abs() < 1e-12, "{on_break}");
    }
}
