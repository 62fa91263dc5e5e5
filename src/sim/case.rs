//! Cases: one piece of demand, from arrival to its last outcome.
//!
//! A case is created when a contact arrives and freed when it ends
//! (abandoned, graded as no incident, resolved, or attended and cleared).
//! Case records live in a slab whose slots are reused, so memory tracks the
//! number of cases in the system, not the number that ever arrived.

use crate::scenario::model::{Grade, MAX_UNITS_PER_INCIDENT, Outcome};
use crate::time::SimTime;

/// Where a case stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Queued for a call handler (or an online desk).
    Queued,
    /// Caller hung up while queued; the queue entry is still there.
    Abandoned,
    /// Answered; the handler has not yet graded it.
    Grading,
    /// G4, with the resolution team.
    Resolution,
    /// G1–G3 (or an escalated G4), with response units.
    Attendance,
    /// A recorded crime, queued for or held by digital forensics.
    Forensics,
    /// A recorded crime, queued for or held by its investigation team.
    Investigation,
}

/// The recorded crime a case carries, drawn at arrival.
#[derive(Clone, Copy, Debug)]
pub struct Crime {
    /// Index into `Model::crime_types`.
    pub crime_type: u16,
    /// Closed at screening, without investigation.
    pub screened_out: bool,
    /// How its investigation will end (drawn at arrival).
    pub outcome: Outcome,
    /// Investigator hours needed.
    pub work_hours: f64,
    /// Digital forensics examiner hours needed first (0 = none).
    pub forensics_hours: f64,
    /// When the crime was recorded (the incident closed).
    pub recorded: SimTime,
}

/// One piece of demand and everything drawn for it at arrival.
///
/// All random attributes are drawn when the case arrives, from its stream's
/// own generator, so the same arrival carries the same attributes in every
/// scenario compared with common random numbers.
#[derive(Clone, Debug)]
pub struct Case {
    /// When the contact arrived.
    pub arrival: SimTime,
    /// Arrived after the warm-up: counted in statistics.
    pub counted: bool,
    /// Index into `Model::streams`.
    pub stream: u16,
    /// Index into `Model::channels`.
    pub channel: u16,
    /// Index into `Model::categories`.
    pub category: u16,
    /// Index into `Model::areas`.
    pub area: u16,
    /// Index into the geography's atoms (0 without a geography).
    pub atom: u16,
    /// In an urban place (urban travel times and targets).
    pub urban: bool,
    /// The grade the call handler gives (drawn at arrival; G3 after a
    /// G4 escalates).
    pub grade: Grade,
    /// A G4 that turned out to need attendance (now G3).
    pub escalated: bool,
    /// Where the case is now.
    pub stage: Stage,
    /// Handler busy time, minutes.
    pub handling_min: f64,
    /// Answer to incident creation, minutes.
    pub grading_min: f64,
    /// Caller patience, minutes (infinite if the channel has none).
    pub patience_min: f64,
    /// G4 resolution time, minutes.
    pub resolution_min: f64,
    /// A G4 that will escalate to attendance.
    pub will_escalate: bool,
    /// Units needed (0 when not attended).
    pub units: u8,
    /// Units still to finish.
    pub units_left: u8,
    /// Remaining service (travel + on scene) per unit, ms.
    pub remaining_ms: [u64; MAX_UNITS_PER_INCIDENT],
    /// Remaining travel per unit, ms (0 once on scene).
    pub travel_ms: [u64; MAX_UNITS_PER_INCIDENT],
    /// Whether each unit has reached the scene.
    pub arrived: [bool; MAX_UNITS_PER_INCIDENT],
    /// Whether each unit has started (so a resumption is not a new job).
    pub unit_started: [bool; MAX_UNITS_PER_INCIDENT],
    /// When the first unit reached the scene.
    pub first_on_scene: Option<SimTime>,
    /// The crime this incident records, if any.
    pub crime: Option<Crime>,
    /// A missing person episode: hours until found (NaN otherwise).
    pub time_to_find_hours: f64,
    /// Slot generation (bumped on free) so stale events are ignored.
    pub generation: u32,
}

impl Case {
    fn empty() -> Case {
        Case {
            arrival: SimTime::ZERO,
            counted: false,
            stream: 0,
            channel: 0,
            category: 0,
            area: 0,
            atom: 0,
            urban: true,
            grade: Grade::NoIncident,
            escalated: false,
            stage: Stage::Queued,
            handling_min: 0.0,
            grading_min: 0.0,
            patience_min: f64::INFINITY,
            resolution_min: 0.0,
            will_escalate: false,
            units: 0,
            units_left: 0,
            remaining_ms: [0; MAX_UNITS_PER_INCIDENT],
            travel_ms: [0; MAX_UNITS_PER_INCIDENT],
            arrived: [false; MAX_UNITS_PER_INCIDENT],
            unit_started: [false; MAX_UNITS_PER_INCIDENT],
            first_on_scene: None,
            crime: None,
            time_to_find_hours: f64::NAN,
            generation: 0,
        }
    }

    /// Records that `unit`, which started (or resumed) work at `started`,
    /// reached the scene if its remaining travel is over by `now`.
    pub fn note_progress(&mut self, unit: usize, started: SimTime, now: SimTime) {
        let arrives = SimTime(started.0 + self.travel_ms[unit]);
        if !self.arrived[unit] && arrives <= now {
            self.arrived[unit] = true;
            self.first_on_scene = Some(self.first_on_scene.map_or(arrives, |f| f.min(arrives)));
        }
    }
}

/// Reusable storage for cases.
pub struct CaseSlab {
    cases: Vec<Case>,
    free: Vec<u32>,
    live: usize,
}

impl CaseSlab {
    /// An empty slab with room for `n` cases.
    pub fn with_capacity(n: usize) -> Self {
        CaseSlab {
            cases: Vec::with_capacity(n),
            free: Vec::new(),
            live: 0,
        }
    }

    /// A fresh case slot (fields reset, generation kept); returns its id.
    pub fn allocate(&mut self) -> u32 {
        self.live += 1;
        match self.free.pop() {
            Some(id) => {
                let generation = self.cases[id as usize].generation;
                self.cases[id as usize] = Case {
                    generation,
                    ..Case::empty()
                };
                id
            }
            None => {
                self.cases.push(Case::empty());
                (self.cases.len() - 1) as u32
            }
        }
    }

    /// Ends a case; its id may be reused.
    pub fn free(&mut self, id: u32) {
        let case = &mut self.cases[id as usize];
        case.generation = case.generation.wrapping_add(1);
        self.free.push(id);
        self.live -= 1;
    }

    /// The case in slot `id` (live or not).
    pub fn get(&self, id: u32) -> &Case {
        &self.cases[id as usize]
    }

    /// The case in slot `id`, mutably.
    pub fn get_mut(&mut self, id: u32) -> &mut Case {
        &mut self.cases[id as usize]
    }

    /// Cases in the system now.
    pub fn live(&self) -> usize {
        self.live
    }

    /// Every live case (for end-of-run accounting).
    pub fn iter_live(&self) -> impl Iterator<Item = (u32, &Case)> {
        let mut is_free = vec![false; self.cases.len()];
        for &f in &self.free {
            is_free[f as usize] = true;
        }
        self.cases
            .iter()
            .enumerate()
            .filter(move |(i, _)| !is_free[*i])
            .map(|(i, c)| (i as u32, c))
    }
}
