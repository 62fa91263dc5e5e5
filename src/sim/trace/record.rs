//! One case's record in the log: the time it reached each stage (a
//! [`Stamp`] per stage), the attributes realised on the way, how it
//! [`End`]ed, and how each reported [`Mark`] fills it in.

use super::Mark;
use crate::scenario::model::{Grade, Outcome};
use crate::sim::case::{Case, Stage};
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
    /// `None` only while the run is going; [`Tracer::finish`](super::Tracer::finish)
    /// sets the rest.
    pub end: Option<End>,
}

impl CaseRecord {
    /// Notes that the case reached a stage (`mark`) at `at`.
    pub(super) fn apply(&mut self, case: &Case, mark: Mark, at: SimTime) {
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
    pub(super) fn close_open(&mut self, case: &Case) {
        self.end = Some(End::Open(case.stage));
        if case.stage == Stage::Attendance {
            self.on_scene = case.first_on_scene.map_or(Stamp::NONE, Stamp::at);
        }
    }

    pub(super) fn new(case: &Case) -> Self {
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
