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

use super::case::{Case, CaseSlab, Stage};
use crate::scenario::model::{Grade, Outcome};
use crate::time::SimTime;
use std::num::NonZeroU64;

/// A stage time that may not have been reached: 8 bytes, where an
/// `Option<SimTime>` would take 16 (the log holds a dozen per case).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stamp(Option<NonZeroU64>);

impl Stamp {
    /// Not reached.
    pub const NONE: Stamp = Stamp(None);

    /// Reached at `t`.
    pub fn at(t: SimTime) -> Stamp {
        // Times are far below u64::MAX (see `time::MAX_DURATION_MS`).
        Stamp(NonZeroU64::new(t.0.saturating_add(1)))
    }

    /// The time, if reached.
    pub fn get(self) -> Option<SimTime> {
        self.0.map(|v| SimTime(v.get() - 1))
    }

    /// Whether the stage was reached.
    pub fn is_set(self) -> bool {
        self.0.is_some()
    }

    /// Sets the stamp to `t` unless it is already set (first time wins).
    fn first(&mut self, t: SimTime) {
        if self.0.is_none() {
            *self = Stamp::at(t);
        }
    }
}

/// How a case's record ends. Every record ends in exactly one of these.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// Avoided by prevention work before it was offered (never queued).
    Prevented,
    /// The caller hung up while queued.
    Abandoned,
    /// Graded as no incident: advice, information or transfer.
    NoIncident,
    /// A G4 resolved by telephone, recording no crime.
    Resolved,
    /// Attended and cleared, recording no crime.
    Attended,
    /// Its crime was recorded and screened out.
    ScreenedOut,
    /// Its crime was investigated to an outcome.
    Investigated,
    /// Still in the system when the run ended, at this stage.
    Open(
        /// The stage it had reached.
        Stage,
    ),
}

impl End {
    /// The name used in the log (`open` for every open stage).
    pub fn key(self) -> &'static str {
        match self {
            End::Prevented => "prevented",
            End::Abandoned => "abandoned",
            End::NoIncident => "no_incident",
            End::Resolved => "resolved",
            End::Attended => "attended",
            End::ScreenedOut => "screened_out",
            End::Investigated => "investigated",
            End::Open(_) => "open",
        }
    }
}

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

/// One piece of demand, from arrival to its end. Indices are into the
/// model's lists (`streams`, `channels`, `categories`, `areas`, `teams`,
/// `crime_types`, `investigation_teams`). Attributes drawn at arrival but
/// only realised later (grade, crime, outcome, time to find) are set when
/// they are realised, so an abandoned call carries no grade.
#[derive(Clone, Debug)]
pub struct CaseRecord {
    /// When the contact arrived.
    pub arrival: SimTime,
    /// A call handler took the contact.
    pub answered: Stamp,
    /// The caller hung up while queued.
    pub abandoned: Stamp,
    /// The contact was graded.
    pub graded: Stamp,
    /// The resolution team started a G4.
    pub resolution_started: Stamp,
    /// A G4 resolved by telephone, or escalated to attendance.
    pub resolution_ended: Stamp,
    /// Queued for attendance (what `response.gN.dispatched` counts).
    pub dispatched: Stamp,
    /// The first unit started travelling.
    pub unit_assigned: Stamp,
    /// The first unit reached the scene (the response time's end).
    pub on_scene: Stamp,
    /// The last unit cleared.
    pub cleared: Stamp,
    /// The incident closed and its crime was recorded.
    pub crime_recorded: Stamp,
    /// The forensics team took the case.
    pub forensics_allocated: Stamp,
    /// Digital forensics finished.
    pub forensics_finished: Stamp,
    /// The owning investigation team took the case.
    pub investigation_allocated: Stamp,
    /// The investigation reached its outcome.
    pub investigation_finished: Stamp,
    /// A missing person episode's drawn time to find, hours (set at
    /// grading, as the recorder counts it; NaN otherwise).
    pub missing_hours_to_find: f64,
    /// Index into `Model::streams`.
    pub stream: u16,
    /// Index into `Model::channels`.
    pub channel: u16,
    /// Index into `Model::categories`.
    pub category: u16,
    /// Index into `Model::areas`.
    pub area: u16,
    /// The team that attended (set when dispatched).
    pub attendance_team: Option<u16>,
    /// The owning investigation team (set when it took the case).
    pub investigation_team: Option<u16>,
    /// Set when the crime is recorded.
    pub crime_type: Option<u16>,
    /// Times a unit on this incident was pre-empted by a G1.
    pub preemptions: u16,
    /// The grade given at grading (set when graded).
    pub grade: Option<Grade>,
    /// The grade units were sent at (G3 for an escalated G4).
    pub attendance_grade: Option<Grade>,
    /// Set when the investigation finishes.
    pub outcome: Option<Outcome>,
    /// Units sent (0 when not attended).
    pub units: u8,
    /// In an urban place.
    pub urban: bool,
    /// Arrived after the warm-up: counted in the metrics.
    pub counted: bool,
    /// A G4 that needed attendance after all.
    pub escalated: bool,
    /// Set with `crime_recorded`.
    pub screened_out: bool,
    /// `None` only while the run is going; [`Tracer::finish`] sets the rest.
    pub end: Option<End>,
}

impl CaseRecord {
    /// Notes that the case reached a stage (`mark`) at `at`.
    fn apply(&mut self, case: &Case, mark: Mark, at: SimTime) {
        let r = self;
        match mark {
            Mark::Answered => r.answered = Stamp::at(at),
            Mark::Abandoned => r.abandoned = Stamp::at(at),
            Mark::Graded => {
                r.graded = Stamp::at(at);
                r.grade = Some(case.grade);
                r.missing_hours_to_find = case.time_to_find_hours;
            }
            Mark::ResolutionStarted => r.resolution_started = Stamp::at(at),
            Mark::ResolutionEnded => {
                r.resolution_ended = Stamp::at(at);
                r.escalated = case.will_escalate;
            }
            Mark::Dispatched { team } => {
                r.dispatched = Stamp::at(at);
                r.attendance_team = Some(team);
                r.attendance_grade = Some(case.grade);
                r.units = case.units;
            }
            Mark::UnitStarted => r.unit_assigned.first(at),
            Mark::Preempted => r.preemptions = r.preemptions.saturating_add(1),
            Mark::Cleared => {
                r.cleared = Stamp::at(at);
                r.on_scene = case.first_on_scene.map_or(Stamp::NONE, Stamp::at);
            }
            Mark::CrimeRecorded => {
                r.crime_recorded = Stamp::at(at);
                if let Some(crime) = case.crime {
                    r.crime_type = Some(crime.crime_type);
                    r.screened_out = crime.screened_out;
                }
            }
            Mark::CaseworkAllocated { team, forensics } => {
                if forensics {
                    r.forensics_allocated = Stamp::at(at);
                } else {
                    r.investigation_allocated = Stamp::at(at);
                    r.investigation_team = Some(team);
                }
            }
            Mark::ForensicsFinished => r.forensics_finished = Stamp::at(at),
            Mark::InvestigationFinished => {
                r.investigation_finished = Stamp::at(at);
                r.outcome = case.crime.map(|c| c.outcome);
            }
        }
    }

    /// Ends the record of a case still open when the run ended, where it
    /// stood (with units still travelling brought up to date).
    fn close_open(&mut self, case: &Case) {
        self.end = Some(End::Open(case.stage));
        if case.stage == Stage::Attendance {
            self.on_scene = case.first_on_scene.map_or(Stamp::NONE, Stamp::at);
        }
    }

    fn new(case: &Case) -> Self {
        CaseRecord {
            arrival: case.arrival,
            answered: Stamp::NONE,
            abandoned: Stamp::NONE,
            graded: Stamp::NONE,
            resolution_started: Stamp::NONE,
            resolution_ended: Stamp::NONE,
            dispatched: Stamp::NONE,
            unit_assigned: Stamp::NONE,
            on_scene: Stamp::NONE,
            cleared: Stamp::NONE,
            crime_recorded: Stamp::NONE,
            forensics_allocated: Stamp::NONE,
            forensics_finished: Stamp::NONE,
            investigation_allocated: Stamp::NONE,
            investigation_finished: Stamp::NONE,
            missing_hours_to_find: f64::NAN,
            stream: case.stream,
            channel: case.channel,
            category: case.category,
            area: case.area,
            attendance_team: None,
            investigation_team: None,
            crime_type: None,
            preemptions: 0,
            grade: None,
            attendance_grade: None,
            outcome: None,
            units: 0,
            urban: case.urban,
            counted: case.counted,
            escalated: false,
            screened_out: false,
            end: None,
        }
    }
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

/// The name of a stage in the log (`open_stage`).
pub fn stage_key(stage: Stage) -> &'static str {
    match stage {
        Stage::Queued => "queued",
        Stage::Abandoned => "abandoned",
        Stage::Grading => "grading",
        Stage::Resolution => "resolution",
        Stage::Attendance => "attendance",
        Stage::Forensics => "forensics",
        Stage::Investigation => "investigation",
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_round_trips_and_is_one_word() {
        assert_eq!(size_of::<Stamp>(), 8);
        assert_eq!(Stamp::at(SimTime::ZERO).get(), Some(SimTime::ZERO));
        assert_eq!(Stamp::at(SimTime(12_345)).get(), Some(SimTime(12_345)));
        assert_eq!(Stamp::NONE.get(), None);
        let mut s = Stamp::NONE;
        s.first(SimTime(5));
        s.first(SimTime(3));
        assert_eq!(s.get(), Some(SimTime(5)), "the first time wins");
    }

    #[test]
    fn a_record_is_small() {
        // The log of a year of the default force holds ~600,000 of these.
        let size = size_of::<CaseRecord>();
        assert!(size <= 168, "{size} bytes");
    }
}
