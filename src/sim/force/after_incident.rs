//! Work that follows an incident (the scenario's `[after_incident]`, see
//! [`crate::scenario::after_incident`]), done by response teams with a time
//! budget.
//!
//! - **Who does it**: the last unit to clear an incident. A unit is one
//!   crew (single or double crewed alike); the whole crew stays with the
//!   work, the incident's other units clear as before.
//! - **What it is**: drawn when the incident clears, from the team's own
//!   random stream (three uniforms per incident, then the durations that
//!   apply): with the category's share by grade, a mental-health handover
//!   wait (cut to `right_care_right_person_hours` if set); with its arrest
//!   share, prisoner transport, custody (booking-in wait and interview)
//!   and the case file; for a recorded crime, statements and the crime
//!   record; with its follow-up share, a victim follow-up. Levers shorten
//!   the file and the crime record by their minutes saved (never below 0)
//!   and the books count what each saved.
//! - **How it competes with dispatch**: the unit is off the team's capacity
//!   for calls, item after item, like a break; a G1 does not interrupt it
//!   (a prisoner or a person in crisis cannot be left). At the hour's
//!   roster the units on it stay obligated, so the team's capacity for
//!   calls is its units on duty less them.
//! - **Past the shift's end**: a unit clearing when its team has no unit
//!   left for calls (the shift has ended under it) does the work as
//!   overrun, outside on-duty time, and the books skip it.

use super::obligations::Due;
use super::{Event, Force};
use crate::scenario::after_incident::AfterIncident;
use crate::scenario::model::Grade;
use crate::sim::random::StreamRng;
use crate::sim::team::TeamId;
use crate::sim::team::time_books::AfterItem;
use crate::sim::trace::Tracer;
use crate::time::{MS_PER_HOUR, SimTime, minutes_to_ms};
use rand::RngExt;

/// The items of one unit's work after an incident, in order; `pos` is the
/// one under way.
#[derive(Clone, Copy, Debug)]
struct Task {
    items: [(AfterItem, u64); 5],
    len: u8,
    pos: u8,
}

/// One team's work after incidents in a replication.
pub(super) struct TeamAfter {
    rng: StreamRng,
    /// Units on each item now ([`AfterItem`] order).
    units: [u32; 5],
    /// Tasks under way, by slot.
    tasks: Vec<Option<Task>>,
}

fn index(item: AfterItem) -> usize {
    match item {
        AfterItem::MentalHealthWait => 0,
        AfterItem::Transport => 1,
        AfterItem::Custody => 2,
        AfterItem::Paperwork => 3,
        AfterItem::FollowUp => 4,
    }
}

impl TeamAfter {
    /// A team's state, drawing from `rng`.
    pub(super) fn new(rng: StreamRng) -> Self {
        TeamAfter {
            rng,
            units: [0; 5],
            tasks: Vec::new(),
        }
    }

    /// Units on work after incidents now.
    pub(super) fn units(&self) -> u32 {
        self.units.iter().sum()
    }
}

/// What was drawn for one incident: the task, whether it is an arrest, and
/// the ms each lever saved (records, supervision, RCRP).
struct Drawn {
    task: Task,
    arrest: bool,
    freed: [f64; 3],
}

/// Draws the work after one incident of `category` and `grade` (G1–G3).
fn draw(
    w: &AfterIncident,
    rng: &mut StreamRng,
    category: usize,
    grade: usize,
    crime: bool,
) -> Drawn {
    let shares = w.categories[category];
    let (u_mh, u_arrest, u_follow) = (
        rng.random::<f64>(),
        rng.random::<f64>(),
        rng.random::<f64>(),
    );
    let mut task = Task {
        items: [(AfterItem::Paperwork, 0); 5],
        len: 0,
        pos: 0,
    };
    let mut push = |item: AfterItem, minutes: f64| {
        let ms = minutes_to_ms(minutes.max(0.0));
        if ms > 0 {
            task.items[task.len as usize] = (item, ms);
            task.len += 1;
        }
    };
    let l = w.levers;
    let mut freed = [0.0; 3];
    if u_mh < shares.mental_health[grade] {
        let hours = w.mental_health_wait_hours.sample(rng);
        let kept = l.rcrp_cap_hours.map_or(hours, |cap| hours.min(cap));
        freed[2] += (hours - kept) * MS_PER_HOUR as f64;
        push(AfterItem::MentalHealthWait, kept * 60.0);
    }
    let arrest = u_arrest < shares.arrest[grade];
    let mut paperwork = 0.0;
    if arrest {
        push(AfterItem::Transport, w.transport_min.sample(rng));
        push(AfterItem::Custody, w.custody_hours.sample(rng) * 60.0);
        let file = w.file_min.sample(rng);
        let saved = l.records_per_file_min.min(file);
        freed[0] += saved * 60_000.0;
        paperwork += file - saved;
    }
    if crime {
        let record = w.crime_record_min.sample(rng);
        let records = l.records_per_crime_record_min.min(record);
        let supervision = l.supervision_per_crime_record_min.min(record - records);
        freed[0] += records * 60_000.0;
        freed[1] += supervision * 60_000.0;
        paperwork += record - records - supervision;
    }
    push(AfterItem::Paperwork, paperwork);
    if u_follow < shares.follow_up[grade] {
        push(AfterItem::FollowUp, w.follow_up_min.sample(rng));
    }
    Drawn {
        task,
        arrest,
        freed,
    }
}

impl<T: Tracer> Force<'_, T> {
    /// The last unit of `team` has cleared incident `id` at `now`: it
    /// starts the work that follows, if any (off the team's capacity).
    pub(super) fn after_incident(&mut self, now: SimTime, team: TeamId, id: u32) {
        let Some(w) = self.model.after_incident.as_ref() else {
            return;
        };
        let Some(ob) = super::obligations::of(&mut self.obligations, team) else {
            return;
        };
        let Some(after) = ob.after.as_mut() else {
            return;
        };
        let case = self.cases.get(id);
        let grade = match case.grade {
            Grade::G1 | Grade::G2 | Grade::G3 => case.grade.index(),
            Grade::G4 | Grade::NoIncident => return,
        };
        let drawn = draw(
            w,
            &mut after.rng,
            case.category.into(),
            grade,
            case.crime.is_some(),
        );
        if drawn.task.len == 0 {
            return;
        }
        let q = &mut self.teams[team].queue;
        if q.adjust_capacity(now, -1) == 0 {
            return;
        }
        let task = drawn.task;
        let (item, ms) = task.items[0];
        after.units[index(item)] += 1;
        let slot = match after.tasks.iter().position(Option::is_none) {
            Some(s) => s,
            None => {
                after.tasks.push(None);
                after.tasks.len() - 1
            }
        };
        after.tasks[slot] = Some(task);
        if let Some(books) = q.stats.time.after.as_deref_mut() {
            books
                .item(item)
                .set(now.0 as f64, f64::from(after.units[index(item)]));
            books.arrests += u64::from(drawn.arrest);
            books.freed_records_ms += drawn.freed[0];
            books.freed_supervision_ms += drawn.freed[1];
            books.freed_rcrp_ms += drawn.freed[2];
        }
        self.calendar.schedule(
            SimTime(now.0 + ms),
            Event::Obligation {
                team,
                what: Due::AfterStep { slot: slot as u32 },
            },
        );
        self.geo_follow_capacity(now, team);
    }

    /// The item under way in task `slot` of `team` ends at `now`: the unit
    /// goes on to the next item, or back to calls.
    pub(super) fn after_step(&mut self, now: SimTime, team: TeamId, slot: u32) {
        let Some(ob) = super::obligations::of(&mut self.obligations, team) else {
            return;
        };
        let Some(after) = ob.after.as_mut() else {
            return;
        };
        let Some(task) = after.tasks[slot as usize].as_mut() else {
            return;
        };
        let q = &mut self.teams[team].queue;
        let x = now.0 as f64;
        let (done, _) = task.items[task.pos as usize];
        after.units[index(done)] -= 1;
        task.pos += 1;
        let next = (task.pos < task.len).then(|| task.items[task.pos as usize]);
        if next.is_none() {
            after.tasks[slot as usize] = None;
        }
        let books = q.stats.time.after.as_deref_mut();
        if let Some(books) = books {
            books.item(done).set(x, f64::from(after.units[index(done)]));
            if let Some((item, _)) = next {
                after.units[index(item)] += 1;
                books.item(item).set(x, f64::from(after.units[index(item)]));
            }
        } else if let Some((item, _)) = next {
            after.units[index(item)] += 1;
        }
        match next {
            Some((_, ms)) => self.calendar.schedule(
                SimTime(now.0 + ms),
                Event::Obligation {
                    team,
                    what: Due::AfterStep { slot },
                },
            ),
            None => {
                q.adjust_capacity(now, 1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::trace::NoTrace;

    /// One response team of one unit on a 24-hour shift; every G1 of the
    /// `only` category ends in an arrest: 30 minutes' transport, 2 hours'
    /// custody, 60 minutes' file (so 3½ hours off calls after clearing).
    fn model() -> Model {
        super::super::timeline::model(
            "arrest timeline",
            24,
            1,
            r#"[after_incident]
transport_min = { dist = "fixed", value = 30.0 }
custody_hours = { dist = "fixed", value = 2.0 }
file_min = { dist = "fixed", value = 60.0 }
records_minutes_saved_per_file = 15
[after_incident.categories.only]
arrest_share = { g1 = 1.0 }"#,
        )
    }

    use crate::scenario::model::Model;

    use super::super::timeline::{g1_at, run_until};

    /// The timeline: 01:00 a G1 (20 min, ends in an arrest); 01:20 the unit
    /// clears and goes on transport (to 01:50), custody (to 03:50), file
    /// (45 min after the records system's 15, to 04:35); a second G1 at
    /// 02:00 waits for it: no work after an incident is interrupted.
    #[test]
    fn work_after_an_incident_holds_the_unit_and_a_g1_does_not_interrupt_it() {
        let model = model();
        let mut force = Force::new(&model, 1, 0, NoTrace);
        force.enable_time_books();
        let team = force.teams.rostered(1);
        force.calendar.schedule(SimTime::ZERO, Event::HourTick);
        let at = |h: f64| SimTime(minutes_to_ms(h * 60.0));
        run_until(&mut force, at(1.0));
        g1_at(&mut force, team, at(1.0));
        run_until(&mut force, at(1.5));
        assert_eq!(
            force.teams[team].queue.capacity, 0,
            "off calls after clearing"
        );
        run_until(&mut force, at(2.0));
        g1_at(&mut force, team, at(2.0));
        let mut capacity = Vec::new();
        for h in [3.0, 4.5, 4.6] {
            run_until(&mut force, at(h));
            let q = &force.teams[team].queue;
            capacity.push((q.capacity, q.busy(), q.queued()));
        }
        // Still in custody at 03:00 (the second G1 waits), on the file at
        // 04:30, back for calls at 04:35 and on the second G1.
        assert_eq!(capacity, [(0, 0, 1), (0, 0, 1), (1, 1, 0)]);
        run_until(&mut force, at(6.0));
        let books = force.teams[team].queue.stats.time.clone();
        let a = books.after.as_deref().expect("after-incident books kept");
        let end = at(6.0).0 as f64;
        let hours = |tw: &crate::stats::TimeWeighted| tw.integral(end) / MS_PER_HOUR as f64;
        // Two arrests: the first's work is done, the second's under way
        // (cleared 04:55, transport to 05:25, custody from 05:25).
        assert_eq!(a.arrests, 2);
        assert!((hours(&a.transport) - 1.0).abs() < 1e-9);
        assert!((hours(&a.custody) - (2.0 + 35.0 / 60.0)).abs() < 1e-9);
        assert!((hours(&a.paperwork) - 0.75).abs() < 1e-9);
        assert!((a.freed_records_ms - 2.0 * 15.0 * 60_000.0).abs() < 1e-6);
    }
}
