//! The observer: the one place the force reports what happens to a case.
//!
//! Each stage of a case is reported once, as a fact, to [`Observer`]; the
//! observer passes it on to both of its listeners: the per-year
//! [`Recorder`]s (counted demand only, booked in the simulated year the
//! case arrived) and the per-incident [`Tracer`]. The tracer is a type
//! parameter, not a trait object, so an untraced run
//! ([`NoTrace`](super::trace::NoTrace)) costs nothing beyond the recorder.

use super::case::{Case, CaseSlab, Stage};
use super::geography::PlaceBook;
use super::recorder::Recorder;
use super::trace::{End, Mark, Tracer};
use crate::scenario::model::Model;
use crate::time::{SimTime, year_of};

/// Receives every fact of a replication and tells the recorders and the
/// tracer.
pub struct Observer<'m, T: Tracer> {
    model: &'m Model,
    /// Per simulated year: the facts of the counted cases that arrived in
    /// it (one per year of the horizon, at least one).
    pub recorders: Vec<Recorder>,
    /// Receives every step of every case.
    pub tracer: T,
    /// Per atom of the geography (empty without one): counted response
    /// by grade, as [`PlaceBook`]s.
    pub places: Vec<PlaceBook>,
    /// Per simulated year (from 0) and atom: the same books, of the counted
    /// cases that arrived in that year (empty without a geography or with
    /// one simulated year).
    pub places_by_year: Vec<Vec<PlaceBook>>,
}

impl<'m, T: Tracer> Observer<'m, T> {
    /// An observer with empty recorders for each simulated year of `model`.
    pub fn new(model: &'m Model, tracer: T) -> Self {
        Observer {
            model,
            recorders: vec![Recorder::new(model); model.years()],
            tracer,
            places: model
                .geography
                .as_ref()
                .map_or_else(Vec::new, |g| vec![[(0, 0, 0.0); 3]; g.atoms.len()]),
            places_by_year: match &model.geography {
                Some(g) if model.years() > 1 => {
                    vec![vec![[(0, 0, 0.0); 3]; g.atoms.len()]; model.years()]
                }
                _ => Vec::new(),
            },
        }
    }

    /// The recorder of the year `case` arrived in, if it is counted
    /// (arrived after the warm-up).
    #[inline]
    fn recorder(&mut self, case: &Case) -> Option<&mut Recorder> {
        if case.counted {
            let year = year_of(case.arrival, self.recorders.len());
            Some(&mut self.recorders[year])
        } else {
            None
        }
    }

    /// A case arrived, its attributes drawn.
    pub fn arrived(&mut self, id: u32, case: &Case) {
        self.tracer.arrived(id, case);
    }

    /// The case leaves the system (or, an abandoned call, is dead in its
    /// queue) with `end`.
    pub fn ended(&mut self, id: u32, end: End) {
        self.tracer.ended(id, end);
    }

    /// The contact joined its channel's queue (it was not prevented).
    pub fn offered(&mut self, case: &Case) {
        if let Some(r) = self.recorder(case) {
            r.offered(case.channel.into(), case.category.into());
        }
    }

    /// The contact was answered at `now`, `wait_s` seconds after it queued.
    pub fn answered(&mut self, id: u32, case: &Case, now: SimTime, wait_s: f64) {
        self.tracer.mark(id, case, Mark::Answered, now);
        let model = self.model;
        if let Some(r) = self.recorder(case) {
            r.answered(model, case.channel.into(), wait_s);
        }
    }

    /// The caller hung up at `now` while queued.
    pub fn abandoned(&mut self, id: u32, case: &Case, now: SimTime) {
        self.tracer.mark(id, case, Mark::Abandoned, now);
        self.tracer.ended(id, End::Abandoned);
        if let Some(r) = self.recorder(case) {
            r.abandoned(case.channel.into());
        }
    }

    /// The contact was graded at `now` (with its missing person episode,
    /// if it is one).
    pub fn graded(&mut self, id: u32, case: &Case, now: SimTime) {
        if let Some(r) = self.recorder(case) {
            r.graded(case.grade);
            if !case.time_to_find_hours.is_nan() {
                r.missing_episode(case.grade, case.time_to_find_hours);
            }
        }
        self.tracer.mark(id, case, Mark::Graded, now);
    }

    /// The incident was queued at `now` for attendance at rostered team
    /// `team` (index into `Model::teams`).
    pub fn dispatched(&mut self, id: u32, case: &Case, team: u16, now: SimTime) {
        if let Some(r) = self.recorder(case) {
            r.dispatched(case.grade);
        }
        self.tracer.mark(id, case, Mark::Dispatched { team }, now);
    }

    /// A step of the case with nothing to record beyond the trace.
    pub fn mark(&mut self, id: u32, case: &Case, mark: Mark, now: SimTime) {
        self.tracer.mark(id, case, mark, now);
    }

    /// A counted unit of a missing person episode started `hours` of work.
    pub fn missing_officer_hours(&mut self, case: &Case, hours: f64) {
        if let Some(r) = self.recorder(case) {
            r.missing_officer_hours(hours);
        }
    }

    /// The last unit cleared the scene at `now`.
    pub fn cleared(&mut self, id: u32, case: &Case, now: SimTime) {
        self.tracer.mark(id, case, Mark::Cleared, now);
        self.attended(case);
    }

    /// Books the response time (arrival to first unit on scene, minutes)
    /// of an attended incident.
    pub fn attended(&mut self, case: &Case) {
        let model = self.model;
        if let (Some(r), Some(on_scene)) = (self.recorder(case), case.first_on_scene) {
            let response_min = on_scene.minutes_since(case.arrival);
            r.attended(model, case.grade, case.urban, response_min);
            if self.places.is_empty() {
                return;
            }
            let g = &model.grades.attendance[case.grade.index()];
            let target = match case.urban {
                true => g.target_urban_min,
                false => g.target_rural_min,
            };
            let (atom, grade) = (usize::from(case.atom), case.grade.index());
            let year = year_of(case.arrival, self.recorders.len());
            let books = std::iter::once(&mut self.places)
                .chain(self.places_by_year.get_mut(year))
                .filter_map(|p| p.get_mut(atom).and_then(|b| b.get_mut(grade)));
            for book in books {
                book.0 += 1;
                book.1 += u64::from(response_min <= target);
                book.2 += response_min;
            }
        }
    }

    /// The resolution team finished a G4 at `now`: it escalates to a G3
    /// (`case.will_escalate`) or is resolved. Reported before the case
    /// changes grade.
    pub fn resolution_ended(&mut self, id: u32, case: &Case, now: SimTime) {
        self.tracer.mark(id, case, Mark::ResolutionEnded, now);
        let model = self.model;
        if let Some(r) = self.recorder(case) {
            if case.will_escalate {
                r.escalated();
            } else {
                r.resolved(model, now.minutes_since(case.arrival));
            }
        }
    }

    /// The incident closed at `now` and recorded a crime of `crime_type`,
    /// screened out or not.
    pub fn crime_recorded(&mut self, id: u32, case: &Case, now: SimTime) {
        self.tracer.mark(id, case, Mark::CrimeRecorded, now);
        let Some(crime) = case.crime else { return };
        let crime_type = usize::from(crime.crime_type);
        if let Some(r) = self.recorder(case) {
            r.crime_recorded(crime_type);
            if crime.screened_out {
                r.screened_out(crime_type);
            }
        }
    }

    /// Investigation team `team` (index into `Model::investigation_teams`)
    /// took the case at `now` (for digital forensics if `forensics`) after
    /// `wait_days` days in its queue.
    pub fn allocated(
        &mut self,
        id: u32,
        case: &Case,
        (team, forensics): (usize, bool),
        now: SimTime,
        wait_days: f64,
    ) {
        let mark = Mark::CaseworkAllocated {
            team: team as u16,
            forensics,
        };
        self.tracer.mark(id, case, mark, now);
        if let Some(r) = self.recorder(case) {
            r.allocated(team, wait_days);
        }
    }

    /// The investigation reached its outcome at `now`; the case ends.
    pub fn investigated(&mut self, id: u32, case: &Case, now: SimTime) {
        if let (Some(crime), Some(r)) = (case.crime, self.recorder(case)) {
            r.investigated(
                usize::from(crime.crime_type),
                crime.outcome,
                now.since(crime.recorded),
            );
        }
        self.tracer.mark(id, case, Mark::InvestigationFinished, now);
        self.tracer.ended(id, End::Investigated);
    }

    /// The run ended at `end` with `cases` still live (units still
    /// travelling brought up to date): each counted open case is booked as
    /// work left at its stage, and the tracer closes its records.
    pub fn finish(&mut self, cases: &CaseSlab, end: SimTime) {
        self.tracer.finish(cases, end);
        for (_, case) in cases.iter_live() {
            let Some(recorder) = self.recorder(case) else {
                continue;
            };
            match case.stage {
                Stage::Queued => recorder.waiting_at_end(case.channel.into()),
                Stage::Abandoned => {}
                Stage::Grading => recorder.awaiting_grading_at_end(),
                Stage::Resolution => recorder.g4_waiting_at_end(),
                Stage::Attendance => match case.first_on_scene {
                    Some(_) => self.attended(case),
                    None => recorder.unattended_at_end(case.grade),
                },
                Stage::Forensics | Stage::Investigation => {
                    if let Some(crime) = case.crime {
                        recorder.investigation_open_at_end(crime.crime_type.into());
                    }
                }
            }
        }
    }
}
