//! The event calendar: a priority queue of future events.
//!
//! # Ordering contract
//!
//! Events are delivered in increasing `(time, class, sequence)` order:
//! earliest time first; at equal times, the lower [`EventClass::class`]
//! first; at equal time and class, the event scheduled first is delivered
//! first (FIFO). The order is total and involves no randomness, so a
//! replication is a deterministic function of its inputs.

use crate::time::SimTime;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// An event type that declares the tie-break class of each event.
pub trait EventClass {
    /// Tie-break rank among events at the same instant (lower goes first).
    fn class(&self) -> u8;
}

struct Entry<E> {
    time: SimTime,
    class: u8,
    sequence: u64,
    event: E,
}

impl<E> Entry<E> {
    fn key(&self) -> (SimTime, u8, u64) {
        (self.time, self.class, self.sequence)
    }
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}
impl<E> Eq for Entry<E> {}
impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<E> Ord for Entry<E> {
    /// Reversed, so that `BinaryHeap` (a max-heap) pops the earliest key.
    fn cmp(&self, other: &Self) -> Ordering {
        other.key().cmp(&self.key())
    }
}

/// The simulation clock and its pending events.
pub struct Calendar<E> {
    heap: BinaryHeap<Entry<E>>,
    next_sequence: u64,
    now: SimTime,
}

impl<E: EventClass> Calendar<E> {
    /// An empty calendar at time zero, with room for `capacity` pending events.
    pub fn with_capacity(capacity: usize) -> Self {
        Calendar {
            heap: BinaryHeap::with_capacity(capacity),
            next_sequence: 0,
            now: SimTime::ZERO,
        }
    }

    /// The time of the event delivered last (the simulation clock).
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Schedules `event` at `time`. Scheduling in the past is a logic error;
    /// such an event is delivered at the current time instead, so the clock
    /// never runs backwards.
    pub fn schedule(&mut self, time: SimTime, event: E) {
        debug_assert!(time >= self.now, "event scheduled in the past");
        let time = time.max(self.now);
        let class = event.class();
        self.heap.push(Entry {
            time,
            class,
            sequence: self.next_sequence,
            event,
        });
        self.next_sequence += 1;
    }

    /// Removes and returns the next event, advancing the clock, unless it is
    /// later than `until` (then nothing is removed).
    pub fn pop_until(&mut self, until: SimTime) -> Option<(SimTime, E)> {
        if self.heap.peek()?.time > until {
            return None;
        }
        let entry = self.heap.pop()?;
        self.now = entry.time;
        Some((entry.time, entry.event))
    }

    /// Number of pending events.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// True when no event is pending.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Ev(u8, &'static str);
    impl EventClass for Ev {
        fn class(&self) -> u8 {
            self.0
        }
    }

    fn drain(cal: &mut Calendar<Ev>) -> Vec<&'static str> {
        std::iter::from_fn(|| cal.pop_until(SimTime(u64::MAX)).map(|(_, e)| e.1)).collect()
    }

    #[test]
    fn earliest_time_first() {
        let mut cal = Calendar::with_capacity(4);
        cal.schedule(SimTime(30), Ev(0, "c"));
        cal.schedule(SimTime(10), Ev(0, "a"));
        cal.schedule(SimTime(20), Ev(0, "b"));
        assert_eq!(drain(&mut cal), ["a", "b", "c"]);
        assert_eq!(cal.now(), SimTime(30));
    }

    #[test]
    fn ties_by_class_then_fifo() {
        let mut cal = Calendar::with_capacity(4);
        cal.schedule(SimTime(5), Ev(2, "late class first scheduled"));
        cal.schedule(SimTime(5), Ev(1, "first of class 1"));
        cal.schedule(SimTime(5), Ev(1, "second of class 1"));
        cal.schedule(SimTime(5), Ev(0, "class 0"));
        assert_eq!(
            drain(&mut cal),
            [
                "class 0",
                "first of class 1",
                "second of class 1",
                "late class first scheduled"
            ]
        );
    }

    #[test]
    fn pop_until_leaves_later_events() {
        let mut cal = Calendar::with_capacity(4);
        cal.schedule(SimTime(10), Ev(0, "a"));
        cal.schedule(SimTime(100), Ev(0, "b"));
        assert_eq!(cal.pop_until(SimTime(50)).map(|(_, e)| e.1), Some("a"));
        assert!(cal.pop_until(SimTime(50)).is_none());
        assert_eq!(cal.len(), 1);
    }
}
