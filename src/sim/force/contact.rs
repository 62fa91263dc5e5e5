//! Contact: a new case's attributes, drawn when it arrives; its place in
//! the contact queue and the caller giving up; the call handler's grading,
//! which decides whether an incident exists and where it goes.

use super::{Event, Force};
use crate::dist::Dist;
use crate::scenario::model::{Grade, Model, Outcome};
use crate::sim::case::{Crime, Stage};
use crate::sim::dispatch;
use crate::sim::random::StreamRng;
use crate::sim::recorder::hour_of_week;
use crate::sim::team::Job;
use crate::sim::trace::{End, Tracer};
use crate::time::year_of;
use crate::time::{SimTime, minutes_to_ms};
use rand::RngExt;

impl<T: Tracer> Force<'_, T> {
    /// Draws every attribute of a new case from its stream's generator.
    fn new_case(&mut self, now: SimTime, s: usize) -> u32 {
        let model = self.model;
        let stream = &model.streams[s];
        let channel = &model.channels[stream.channel];
        let rng = &mut self.streams[s].attributes;
        let u: f64 = rng.random();
        let year = year_of(now, self.n_years);
        let mix = &stream.by_year[year.min(stream.by_year.len() - 1)].category_cumulative;
        let category = mix
            .iter()
            .find(|(_, c)| u < *c)
            .or(mix.last())
            .map_or(0, |(i, _)| *i);
        let cat = &model.categories[category];
        let grade = Grade::ALL[pick(&cat.grade_cumulative, rng.random())];
        // With a geography the same draw places the case in an atom (and so
        // an area), keeping every later draw of the stream where it was.
        let (area, atom, atom_urban) = match &model.geography {
            None => (pick(&model.area_cumulative, rng.random()), 0, None),
            Some(g) => {
                let atom = pick(&g.atom_cumulative[category], rng.random());
                (g.atoms[atom].area, atom, g.atoms[atom].urban)
            }
        };
        let urban_draw = rng.random::<f64>() < model.areas[area].urban_share;
        let urban = atom_urban.unwrap_or(urban_draw);
        let handling_min = channel.handling_min.sample(rng);
        let grading_min = channel.grading_min.sample(rng).min(handling_min);
        let patience_min = channel
            .patience_min
            .as_ref()
            .map_or(f64::INFINITY, |d| d.sample(rng));

        let id = self.cases.allocate();
        let case = self.cases.get_mut(id);
        case.arrival = now;
        case.counted = now >= model.warmup;
        case.stream = s as u16;
        case.channel = stream.channel as u16;
        case.category = category as u16;
        case.area = area as u16;
        case.atom = atom as u16;
        case.urban = urban;
        case.grade = grade;
        case.handling_min = handling_min;
        case.grading_min = grading_min;
        case.patience_min = patience_min;
        let attend_as = match grade {
            Grade::G4 => {
                case.resolution_min = model.grades.g4.handling_min.sample(rng);
                case.will_escalate = rng.random::<f64>() < model.grades.g4.escalate_share;
                case.will_escalate.then_some(Grade::G3)
            }
            Grade::NoIncident => None,
            g => Some(g),
        };
        if let Some(g) = attend_as {
            let area = &model.areas[area];
            let travel: &Dist = if urban {
                &area.travel_urban_min
            } else {
                &area.travel_rural_min
            };
            let factor = model.grades.attendance[g.index()].travel_factor;
            let units = pick(&cat.units_cumulative, rng.random()) + 1;
            case.units = units as u8;
            for u in 0..units {
                let travel_ms = minutes_to_ms(travel.sample(rng) * factor);
                let mut on_scene_min = cat.on_scene_min.sample(rng);
                if let (Some(_), Some((_, search))) =
                    (&cat.time_to_find_hours, model.missing_persons_team)
                {
                    on_scene_min *= search;
                }
                let on_scene_ms = minutes_to_ms(on_scene_min);
                case.travel_ms[u] = travel_ms;
                case.remaining_ms[u] = travel_ms + on_scene_ms;
            }
        }
        if grade != Grade::NoIncident {
            case.crime = draw_crime(model, category, year, rng);
        }
        if let Some(find) = &cat.time_to_find_hours {
            let factor = model.missing_persons_team.map_or(1.0, |(f, _)| f);
            case.time_to_find_hours = find.sample(rng) * factor;
        }
        id
    }

    /// A contact of stream `s` arrives: schedule the next, then the case is
    /// prevented, or joins its channel's queue with its patience running.
    pub(super) fn on_arrival(&mut self, now: SimTime, s: usize) {
        self.schedule_next_arrival(s);
        let id = self.new_case(now, s);
        let case = self.cases.get(id);
        self.observer.arrived(id, case);
        if self
            .prevention
            .avoids(self.model, case.category.into(), case.counted)
        {
            self.observer.ended(id, End::Prevented);
            self.cases.free(id);
            return;
        }
        let (team, class) = dispatch::contact_team(self.model, &self.teams, case.channel.into());
        self.observer.offered(case);
        if case.patience_min.is_finite() {
            let generation = case.generation;
            self.calendar.schedule(
                now.plus_minutes(case.patience_min),
                Event::Abandon {
                    case: id,
                    generation,
                },
            );
        }
        let how = hour_of_week(self.model, now);
        self.teams[team]
            .queue
            .enqueue(now, Job::Contact { case: id }, class, false, how);
        self.dispatch(now, team);
    }

    /// A caller's patience has run out: if still queued (and the case not
    /// reused since, by `generation`), they hang up.
    pub(super) fn on_abandon(&mut self, now: SimTime, id: u32, generation: u32) {
        let case = self.cases.get_mut(id);
        if case.generation != generation || case.stage != Stage::Queued {
            return;
        }
        case.stage = Stage::Abandoned;
        self.observer.abandoned(id, case, now);
        let (channel, arrival) = (case.channel as usize, case.arrival);
        let (team, _) = dispatch::contact_team(self.model, &self.teams, channel);
        self.teams[team].queue.forget_queued(now, arrival);
    }

    /// The call handler has graded the contact: no incident ends the case,
    /// a G4 goes to the resolution team, G1–G3 to the area's units.
    pub(super) fn on_graded(&mut self, now: SimTime, id: u32) {
        let case = self.cases.get(id);
        self.observer.graded(id, case, now);
        match case.grade {
            Grade::NoIncident => {
                self.observer.ended(id, End::NoIncident);
                self.cases.free(id);
            }
            Grade::G4 => {
                self.cases.get_mut(id).stage = Stage::Resolution;
                let team = dispatch::resolution_team(self.model, &self.teams);
                let how = hour_of_week(self.model, now);
                self.teams[team]
                    .queue
                    .enqueue(now, Job::Resolution { case: id }, 0, false, how);
                self.dispatch(now, team);
            }
            _ => self.send_units(now, id),
        }
    }
}

/// The crime an incident of `category` records, if any, with everything
/// its investigation will need.
fn draw_crime(model: &Model, category: usize, year: usize, rng: &mut StreamRng) -> Option<Crime> {
    let u: f64 = rng.random();
    let by_year = &model.categories[category].crime_cumulative;
    let (crime_type, _) = *by_year
        .get(year)
        .or(by_year.last())?
        .iter()
        .find(|(_, c)| u < *c)?;
    let ct = &model.crime_types[crime_type];
    let screened_out = rng.random::<f64>() < ct.screened_out_share;
    let outcome = Outcome::ALL[pick(&ct.outcome_cumulative, rng.random())];
    let work_hours = ct.work_hours.sample(rng);
    let forensics_hours = match &model.forensics {
        Some(f) if rng.random::<f64>() < ct.forensics_share => f.work_hours.sample(rng),
        _ => 0.0,
    };
    Some(Crime {
        crime_type: crime_type as u16,
        screened_out,
        outcome,
        work_hours,
        forensics_hours,
        recorded: SimTime::ZERO,
    })
}

/// Index of the first cumulative share above `u` (the last if none).
fn pick(cumulative: &[f64], u: f64) -> usize {
    cumulative
        .iter()
        .position(|&c| u < c)
        .unwrap_or(cumulative.len().saturating_sub(1))
}
