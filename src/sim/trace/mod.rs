//! The per-incident log: one record per piece of demand, with the time of
//! every stage it went through.
//!
//! The force is generic over a [`Tracer`] and reports each step of a case
//! to it. [`run`](super::run) uses [`NoTrace`], whose methods are empty and
//! inlined away: an untraced replication does no tracing work at all (no
//! branch, no allocation). [`run_traced`](super::force::run_traced) uses
//! [`Trace`], which keeps one [`CaseRecord`] per case in memory (160 bytes
//! each: about 100 MB for a year of the default force, ~630,000 cases);
//! `run --trace` uses [`StreamedTrace`], which hands each record on when
//! its case ends and keeps only the live ones.
//! Formatting the log is the report's job (`report::trace`), never the
//! core's.
//!
//! Records are in arrival order, and a record's index is the case's id in
//! the log (case slots are reused by the simulation, ids are not). Times are
//! [`SimTime`]: whole milliseconds since the start of the run, the clock's
//! own resolution, so every duration a metric uses can be recomputed from
//! the log exactly.

use super::case::{Case, CaseSlab};
use crate::time::SimTime;

mod record;

pub use record::{CaseRecord, End, Stamp, stage_key};

/// A step in a case's life, reported by the force as it happens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// A call handler (or online desk) took the contact.
    Answered,
    /// The caller hung up while queued.
    Abandoned,
    /// The contact was graded; the incident exists.
    Graded,
    /// The resolution team started a G4.
    ResolutionStarted,
    /// The resolution team finished a G4 (resolved, or escalated to G3).
    ResolutionEnded,
    /// The incident was queued for attendance at `team` (one job per unit).
    Dispatched {
        /// Index into `Model::teams`.
        team: u16,
    },
    /// A unit started (or, after a pre-emption, resumed) work on the
    /// incident; the first start is the record's `unit_assigned`.
    UnitStarted,
    /// A unit on this incident was taken off it by a G1.
    Preempted,
    /// The last unit cleared the scene.
    Cleared,
    /// The incident closed and its crime was recorded.
    CrimeRecorded,
    /// Investigation team (index into `Model::investigation_teams`) `team`
    /// took the case: for digital forensics first if `forensics`.
    CaseworkAllocated {
        /// Index into `Model::investigation_teams`.
        team: u16,
        /// True for digital forensics, false for the investigation.
        forensics: bool,
    },
    /// Digital forensics finished; the case goes to its owning team.
    ForensicsFinished,
    /// The investigation reached its outcome.
    InvestigationFinished,
}

/// Receives the steps of every case. The force calls these with the case's
/// slot `id` in the case slab and the case as it stands.
pub trait Tracer {
    /// A case arrived; its attributes are drawn.
    fn arrived(&mut self, id: u32, case: &Case);
    /// The case reached a stage at `at`.
    fn mark(&mut self, id: u32, case: &Case, mark: Mark, at: SimTime);
    /// The case's last stage: it leaves the system (or, for an abandoned
    /// call, is dead in its queue).
    fn ended(&mut self, id: u32, end: End);
    /// The run ended at `end` with the cases still live in `cases` (after
    /// units still travelling have been brought up to date).
    fn finish(&mut self, cases: &CaseSlab, end: SimTime);
}

/// The tracer of an untraced run: does nothing, at no cost.
pub struct NoTrace;

impl Tracer for NoTrace {
    #[inline(always)]
    fn arrived(&mut self, _: u32, _: &Case) {}
    #[inline(always)]
    fn mark(&mut self, _: u32, _: &Case, _: Mark, _: SimTime) {}
    #[inline(always)]
    fn ended(&mut self, _: u32, _: End) {}
    #[inline(always)]
    fn finish(&mut self, _: &CaseSlab, _: SimTime) {}
}

/// The log of one replication.
#[derive(Clone, Debug, Default)]
pub struct Trace {
    /// One record per case, in arrival order.
    pub records: Vec<CaseRecord>,
    /// When the run ended (the horizon, or when it was stopped for overload).
    pub end: SimTime,
    /// Per case slot: the index of its current case's record.
    record_of_slot: Vec<u32>,
}

impl Trace {
    /// An empty log.
    pub fn new() -> Self {
        Trace::default()
    }

    fn record(&mut self, id: u32) -> &mut CaseRecord {
        &mut self.records[self.record_of_slot[id as usize] as usize]
    }
}

impl Tracer for Trace {
    fn arrived(&mut self, id: u32, case: &Case) {
        let slot = id as usize;
        if self.record_of_slot.len() <= slot {
            self.record_of_slot.resize(slot + 1, 0);
        }
        // A log of more than 4 billion cases would not fit in memory anyway.
        self.record_of_slot[slot] = self.records.len() as u32;
        self.records.push(CaseRecord::new(case));
    }

    fn mark(&mut self, id: u32, case: &Case, mark: Mark, at: SimTime) {
        self.record(id).apply(case, mark, at);
    }

    fn ended(&mut self, id: u32, end: End) {
        self.record(id).end = Some(end);
    }

    fn finish(&mut self, cases: &CaseSlab, end: SimTime) {
        self.end = end;
        for (id, case) in cases.iter_live() {
            let r = self.record(id);
            if r.end.is_some() {
                continue; // an abandoned call still in its queue
            }
            r.close_open(case);
        }
    }
}

/// A log that keeps only the records of cases still in the system and
/// hands each record to `sink`, with its index in arrival order (the case's
/// id in the log), when the case ends (or, for cases open at the end, when
/// the run ends). Records therefore reach the sink in the order cases end,
/// not the order they arrived; each exactly once, identical to the
/// [`Trace`] record of the same case. Memory is one record per live case.
pub struct StreamedTrace<F: FnMut(u64, &CaseRecord)> {
    /// Per case slot: the live case's index and record.
    live: Vec<Option<(u64, CaseRecord)>>,
    next_index: u64,
    sink: F,
}

impl<F: FnMut(u64, &CaseRecord)> StreamedTrace<F> {
    /// An empty log handing records to `sink`.
    pub fn new(sink: F) -> Self {
        StreamedTrace {
            live: Vec::new(),
            next_index: 0,
            sink,
        }
    }

    /// Cases that arrived so far (the number of records handed over once
    /// the run has finished).
    pub fn cases(&self) -> u64 {
        self.next_index
    }
}

impl<F: FnMut(u64, &CaseRecord)> Tracer for StreamedTrace<F> {
    fn arrived(&mut self, id: u32, case: &Case) {
        let slot = id as usize;
        if self.live.len() <= slot {
            self.live.resize_with(slot + 1, || None);
        }
        self.live[slot] = Some((self.next_index, CaseRecord::new(case)));
        self.next_index += 1;
    }

    fn mark(&mut self, id: u32, case: &Case, mark: Mark, at: SimTime) {
        if let Some(Some((_, r))) = self.live.get_mut(id as usize) {
            r.apply(case, mark, at);
        }
    }

    fn ended(&mut self, id: u32, end: End) {
        if let Some((index, mut r)) = self.live.get_mut(id as usize).and_then(Option::take) {
            r.end = Some(end);
            (self.sink)(index, &r);
        }
    }

    fn finish(&mut self, cases: &CaseSlab, _end: SimTime) {
        for (id, case) in cases.iter_live() {
            if let Some((index, mut r)) = self.live.get_mut(id as usize).and_then(Option::take) {
                r.close_open(case);
                (self.sink)(index, &r);
            }
        }
    }
}

/// Lets the force hold a borrowed log (`Force<&mut Trace>`), so the caller
/// keeps the log after the force is consumed.
impl<T: Tracer> Tracer for &mut T {
    #[inline(always)]
    fn arrived(&mut self, id: u32, case: &Case) {
        (**self).arrived(id, case);
    }
    #[inline(always)]
    fn mark(&mut self, id: u32, case: &Case, mark: Mark, at: SimTime) {
        (**self).mark(id, case, mark, at);
    }
    #[inline(always)]
    fn ended(&mut self, id: u32, end: End) {
        (**self).ended(id, end);
    }
    #[inline(always)]
    fn finish(&mut self, cases: &CaseSlab, end: SimTime) {
        (**self).finish(cases, end);
    }
}
