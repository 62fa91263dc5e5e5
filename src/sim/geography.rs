//! Positions and travel: the units of teams with bases, where each waits,
//! the travel a unit actually makes, and the books kept by atom, area and
//! base (see [`crate::scenario::geography`]).
//!
//! Only a model with `[geography]` builds a [`GeoState`]; without one
//! nothing here runs and results are those of the areas-only model, bit
//! for bit. Which unit goes is decided by [`crate::sim::dispatch`]
//! ([`dispatch::nearest_free_unit`](crate::sim::dispatch::nearest_free_unit));
//! this module keeps the state the rules read and carries their decisions
//! out.

use super::random::StreamRng;
use super::results::{GeographyFigures, GeographyYear, PlaceFigures};
use crate::dist::Dist;
use crate::scenario::geography::{AfterJob, Geography};
use crate::scenario::model::Model;
use crate::time::SimTime;

/// One unit of a team with bases.
#[derive(Clone, Debug)]
pub struct UnitState {
    /// Index into `Geography::bases`: where it belongs.
    pub base: u16,
    /// Index into `Geography::atoms`: where it is now (or was last sent).
    pub atom: u16,
    /// On duty (a server of its team).
    pub on_duty: bool,
    /// On duty but to go off duty when its job ends (its base's share of
    /// the team fell while it was busy).
    pub leaving: bool,
    /// The attendance it holds: (case, unit of the incident).
    pub job: Option<(u32, u8)>,
}

impl UnitState {
    /// True if on duty with no job (it may be sent).
    #[inline]
    pub fn is_free(&self) -> bool {
        self.on_duty && self.job.is_none()
    }
}

/// Time-weighted books of one base, ms.
#[derive(Clone, Debug, Default)]
struct BaseBooks {
    busy: u32,
    on_duty: u32,
    last: u64,
    busy_ms: f64,
    duty_ms: f64,
}

impl BaseBooks {
    fn advance(&mut self, now: SimTime) {
        let dt = now.0.saturating_sub(self.last) as f64;
        self.busy_ms += dt * f64::from(self.busy);
        self.duty_ms += dt * f64::from(self.on_duty);
        self.last = self.last.max(now.0);
    }
}

/// Per atom and grade G1–G3: (attended, within target, Σ response min).
pub type PlaceBook = [(u64, u64, f64); 3];

/// A job queued in its own area that a unit of another area may take.
#[derive(Clone, Copy, Debug)]
pub struct Crossing {
    /// The case's slot.
    pub case: u32,
    /// Which of its units.
    pub unit: u8,
    /// The case's generation when listed (stale once it moves on).
    pub generation: u32,
    /// Its area (index into `Model::areas`).
    pub area: u16,
    /// Priority class (0 = G1).
    pub class: u8,
    /// The rostered team it is queued at.
    pub team: u16,
    /// When it was queued there.
    pub enqueued: SimTime,
    /// True: any area's unit may take it (a G1, force-wide); false:
    /// only a neighbouring area's.
    pub force_wide: bool,
}

/// The geography's state in one replication.
pub struct GeoState {
    /// Per rostered team (model order): its units (empty if it has no
    /// bases).
    pub fleets: Vec<Vec<UnitState>>,
    /// Per rostered team: the area it attends for (first area naming it).
    pub team_area: Vec<Option<usize>>,
    /// Jobs that may cross an area boundary, oldest first.
    pub crossings: Vec<Crossing>,
    /// Draws each unit's travel about its mean.
    pub rng: StreamRng,
    /// Log-normal factor with mean 1 (`None` when `travel_cv` is 0).
    variability: Option<Dist>,
    bases: Vec<BaseBooks>,
    /// Counted attendances started at teams with bases.
    sent: u64,
    /// Of them, by a team of another area.
    crossed: u64,
    /// Σ travel minutes of the counted attendances started.
    travel_min: f64,
    /// Scratch for `set_units` (kept to avoid allocating at every change
    /// of capacity): the bases' shares of units, ...
    scratch_targets: Vec<u32>,
    /// ... and the order of their remainders.
    scratch_order: Vec<(f64, usize)>,
    /// Per rostered team: the units last set on duty (`None` before).
    units_set: Vec<Option<u32>>,
    /// Per base: its units on duty and not leaving (kept by every change
    /// of a unit, so `set_units` need not count the fleet).
    staying: Vec<u32>,
    /// Per base: its units on duty and leaving.
    leaving: Vec<u32>,
    /// Per base: the indices of its units in its team's fleet, in fleet
    /// order (so `set_units` visits only the base's units, in the order a
    /// scan of the whole fleet would).
    members: Vec<Vec<u32>>,
    /// Per atom: the free units there, of every team (kept by every change
    /// of a unit, so [`GeoState::free_in`] is a lookup, not a scan of
    /// every fleet at each dispatch).
    free_at: Vec<u32>,
}

impl GeoState {
    /// The state for `model`, or `None` without a geography. `rng` draws
    /// travel variability.
    pub fn new(model: &Model, rng: StreamRng) -> Option<GeoState> {
        let g = model.geography.as_ref()?;
        let mut team_area = vec![None; model.teams.len()];
        for (a, area) in model.areas.iter().enumerate() {
            for t in std::iter::once(area.response_team).chain(area.neighbourhood_team) {
                team_area[t].get_or_insert(a);
            }
        }
        Some(GeoState {
            fleets: vec![Vec::new(); model.teams.len()],
            team_area,
            crossings: Vec::new(),
            rng,
            variability: (g.travel_cv > 0.0)
                .then(|| Dist::lognormal(1.0, g.travel_cv).ok())
                .flatten(),
            bases: vec![BaseBooks::default(); g.bases.len()],
            sent: 0,
            crossed: 0,
            travel_min: 0.0,
            scratch_targets: Vec::new(),
            scratch_order: Vec::new(),
            units_set: vec![None; model.teams.len()],
            staying: vec![0; g.bases.len()],
            leaving: vec![0; g.bases.len()],
            members: vec![Vec::new(); g.bases.len()],
            free_at: vec![0; g.atoms.len()],
        })
    }

    /// Sets team `team`'s units on duty from `now` to `units`, shared among
    /// its bases by weight (largest remainder). Free units go off duty
    /// first; busy ones finish their job, then go.
    pub fn set_units(&mut self, g: &Geography, now: SimTime, team: usize, units: u32) {
        let bases = &g.team_bases[team];
        if bases.is_empty() || self.units_set[team] == Some(units) {
            // Unchanged: every base still holds its share (only `send` and
            // `release` touch units between calls, and neither moves a
            // unit on or off the map but one that was leaving), and the
            // bases' books advance exactly in whole milliseconds either way.
            return;
        }
        self.units_set[team] = Some(units);
        for &b in bases {
            self.bases[b].advance(now);
        }
        // Called at every change of a team's capacity (each break, briefing,
        // shift change and work after an incident), so no allocation and no
        // count of the fleet (the bases' counts are kept); a base already
        // at its share is left alone.
        let mut targets = std::mem::take(&mut self.scratch_targets);
        share_out_into(
            units,
            bases.iter().map(|&b| g.bases[b].units),
            &mut targets,
            &mut self.scratch_order,
        );
        let fleet = &mut self.fleets[team];
        for (&b, &target) in bases.iter().zip(&targets) {
            let mut have = self.staying[b];
            if have == target {
                continue;
            }
            let base_atom = g.bases[b].atom as u16;
            let on_duty = &mut self.bases[b].on_duty;
            let leaving = &mut self.leaving[b];
            let free_at = &mut self.free_at;
            let members = &mut self.members[b];
            // Too few: busy units about to leave stay, then units come on.
            if have < target && *leaving > 0 {
                for &i in members.iter() {
                    let u = &mut fleet[i as usize];
                    if have >= target {
                        break;
                    }
                    if u.leaving {
                        u.leaving = false;
                        *leaving -= 1;
                        have += 1;
                    }
                }
            }
            if have < target && (members.len() as u32) > *on_duty {
                for &i in members.iter() {
                    let u = &mut fleet[i as usize];
                    if have >= target {
                        break;
                    }
                    if !u.on_duty {
                        u.on_duty = true;
                        u.atom = base_atom;
                        *on_duty += 1;
                        free_at[usize::from(base_atom)] += 1;
                        have += 1;
                    }
                }
            }
            while have < target {
                members.push(fleet.len() as u32);
                fleet.push(UnitState {
                    base: b as u16,
                    atom: base_atom,
                    on_duty: true,
                    leaving: false,
                    job: None,
                });
                *on_duty += 1;
                free_at[usize::from(base_atom)] += 1;
                have += 1;
            }
            // Too many: free units go first, then busy ones when done.
            for &i in members.iter() {
                let u = &mut fleet[i as usize];
                if have <= target {
                    break;
                }
                if u.is_free() {
                    u.on_duty = false;
                    *on_duty -= 1;
                    free_at[usize::from(u.atom)] -= 1;
                    have -= 1;
                }
            }
            for &i in members.iter() {
                let u = &mut fleet[i as usize];
                if have <= target {
                    break;
                }
                if u.on_duty && !u.leaving {
                    u.leaving = true;
                    *leaving += 1;
                    have -= 1;
                }
            }
            self.staying[b] = have;
        }
        self.scratch_targets = targets;
    }

    /// Panics unless the kept counts (free units by atom, units staying
    /// and on duty by base) equal a count of the fleets: the invariant
    /// `set_units`, `send` and `release` keep.
    #[cfg(test)]
    pub fn assert_counts(&self) {
        let mut free_at = vec![0u32; self.free_at.len()];
        let mut staying = vec![0u32; self.staying.len()];
        let mut on_duty = vec![0u32; self.bases.len()];
        let mut leaving = vec![0u32; self.bases.len()];
        let mut members = vec![Vec::new(); self.bases.len()];
        for fleet in &self.fleets {
            for (i, u) in fleet.iter().enumerate() {
                members[usize::from(u.base)].push(i as u32);
            }
        }
        for u in self.fleets.iter().flatten() {
            leaving[usize::from(u.base)] += u32::from(u.on_duty && u.leaving);
            free_at[usize::from(u.atom)] += u32::from(u.is_free());
            staying[usize::from(u.base)] += u32::from(u.on_duty && !u.leaving);
            on_duty[usize::from(u.base)] += u32::from(u.on_duty);
        }
        assert_eq!(free_at, self.free_at, "free units by atom");
        assert_eq!(staying, self.staying, "units staying by base");
        assert_eq!(leaving, self.leaving, "units leaving by base");
        assert_eq!(members, self.members, "units of each base");
        let kept: Vec<u32> = self.bases.iter().map(|b| b.on_duty).collect();
        assert_eq!(on_duty, kept, "units on duty by base");
    }

    /// Free units of every team in atom `atom` (the square-root law's `n`).
    #[inline]
    pub fn free_in(&self, atom: usize) -> u32 {
        self.free_at[atom]
    }

    /// Unit `i` of `team` takes attendance `job` at `now` to atom `to`:
    /// returns its travel, minutes: the mean from where it is (with `free`
    /// units in `to`) × the grade's `factor` × the variability draw.
    #[allow(clippy::too_many_arguments)]
    pub fn send(
        &mut self,
        g: &Geography,
        now: SimTime,
        team: usize,
        i: usize,
        job: (u32, u8),
        to: usize,
        free: u32,
        factor: f64,
    ) -> f64 {
        let u = &mut self.fleets[team][i];
        debug_assert!(u.is_free(), "only a free unit is sent");
        let mean = g.mean_travel_min(usize::from(u.atom), to, free);
        self.free_at[usize::from(u.atom)] -= 1;
        u.job = Some(job);
        let base = usize::from(u.base);
        self.bases[base].advance(now);
        self.bases[base].busy += 1;
        let draw = self
            .variability
            .as_ref()
            .map_or(1.0, |d| d.sample(&mut self.rng));
        mean * factor * draw
    }

    /// Counts a started attendance of a counted case (`crossed`: by a
    /// team of another area) and its travel.
    pub fn note_sent(&mut self, crossed: bool, travel_min: f64) {
        self.sent += 1;
        self.crossed += u64::from(crossed);
        self.travel_min += travel_min;
    }

    /// The unit of `team` holding `job` is done with it at `now` (finished
    /// or pre-empted) at atom `at`: it waits at its base or there, or goes
    /// off duty if it was leaving.
    pub fn release(&mut self, g: &Geography, now: SimTime, team: usize, job: (u32, u8), at: usize) {
        let Some(u) = self.fleets[team].iter_mut().find(|u| u.job == Some(job)) else {
            return;
        };
        u.job = None;
        u.atom = match g.after_job {
            AfterJob::Base => g.bases[usize::from(u.base)].atom as u16,
            AfterJob::Stay => at as u16,
        };
        let base = usize::from(u.base);
        let goes_off = u.leaving;
        if goes_off {
            u.leaving = false;
            u.on_duty = false;
            self.leaving[base] -= 1;
        } else {
            self.free_at[usize::from(u.atom)] += 1;
        }
        let b = &mut self.bases[base];
        b.advance(now);
        b.busy -= 1;
        b.on_duty -= u32::from(goes_off);
    }

    /// Restarts the bases' time averages at `now` (the end of the warm-up).
    pub fn reset_time_averages(&mut self, now: SimTime) {
        for b in &mut self.bases {
            b.advance(now);
            b.busy_ms = 0.0;
            b.duty_ms = 0.0;
        }
    }

    /// The figures at `end`: response by atom from `places` (the
    /// observer's books) and by area (model order), workload by base, and
    /// response by atom and area in each simulated year of `years` (from 1)
    /// from `places_by_year` (indexed by year from 0).
    pub fn finish(
        &mut self,
        model: &Model,
        places: &[PlaceBook],
        places_by_year: &[Vec<PlaceBook>],
        years: &[usize],
        end: SimTime,
    ) -> GeographyFigures {
        for b in &mut self.bases {
            b.advance(end);
        }
        let (atoms, areas) = place_figures(model, places);
        let by_year = years
            .iter()
            .filter_map(|&y| {
                let (atoms, areas) = place_figures(model, places_by_year.get(y - 1)?);
                Some(GeographyYear {
                    year: y,
                    atoms,
                    areas,
                })
            })
            .collect();
        GeographyFigures {
            atoms,
            areas,
            by_year,
            base_utilisation: self
                .bases
                .iter()
                .map(|b| {
                    if b.duty_ms > 0.0 {
                        b.busy_ms / b.duty_ms
                    } else {
                        f64::NAN
                    }
                })
                .collect(),
            cross_area_share: if self.sent > 0 {
                self.crossed as f64 / self.sent as f64
            } else {
                f64::NAN
            },
            travel_mean_min: if self.sent > 0 {
                self.travel_min / self.sent as f64
            } else {
                f64::NAN
            },
        }
    }
}

/// Response by atom (the books' order) and by area (model order) from
/// per-atom books.
fn place_figures(model: &Model, places: &[PlaceBook]) -> (Vec<PlaceFigures>, Vec<PlaceFigures>) {
    let g = model.geography.as_ref().expect("a geography");
    let place = |book: &PlaceBook| PlaceFigures {
        by_grade: book.map(|(n, within, sum)| {
            let n_f = n as f64;
            (
                n,
                if n > 0 { sum / n_f } else { f64::NAN },
                if n > 0 { within as f64 / n_f } else { f64::NAN },
            )
        }),
    };
    let mut by_area = vec![[(0u64, 0u64, 0.0f64); 3]; model.areas.len()];
    for (atom, book) in g.atoms.iter().zip(places) {
        for (total, part) in by_area[atom.area].iter_mut().zip(book) {
            total.0 += part.0;
            total.1 += part.1;
            total.2 += part.2;
        }
    }
    (
        places.iter().map(place).collect(),
        by_area.iter().map(place).collect(),
    )
}

/// `total` shared in proportion to `weights` (each > 0) by largest
/// remainder; ties go to the earlier weight.
pub fn share_out(total: u32, weights: impl Iterator<Item = f64> + Clone) -> Vec<u32> {
    let mut out = Vec::new();
    share_out_into(total, weights, &mut out, &mut Vec::new());
    out
}

/// [`share_out`] into `out`, with `order` as scratch (both cleared first),
/// so a caller that keeps them allocates nothing.
pub fn share_out_into(
    total: u32,
    weights: impl Iterator<Item = f64> + Clone,
    out: &mut Vec<u32>,
    order: &mut Vec<(f64, usize)>,
) {
    let sum: f64 = weights.clone().sum();
    out.clear();
    order.clear();
    for (i, w) in weights.enumerate() {
        let exact = f64::from(total) * w / sum;
        let floor = exact.floor();
        out.push(floor as u32);
        order.push((exact - floor, i));
    }
    let mut left = total.saturating_sub(out.iter().sum());
    // Largest remainder first; equal remainders in weight order.
    order.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in order.iter() {
        if left == 0 {
            break;
        }
        out[i] += 1;
        left -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::share_out;

    #[test]
    fn units_are_shared_among_bases_by_largest_remainder() {
        assert_eq!(share_out(10, [1.0, 1.0, 1.0].into_iter()), [4, 3, 3]);
        assert_eq!(share_out(3, [1.0, 1.0, 1.0].into_iter()), [1, 1, 1]);
        assert_eq!(share_out(7, [3.0, 1.0].into_iter()), [5, 2]);
        assert_eq!(share_out(0, [3.0, 1.0].into_iter()), [0, 0]);
    }
}
