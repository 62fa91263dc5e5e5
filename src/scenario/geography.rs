//! Geography: where demand arises (atoms), where units wait (bases), how
//! long travel takes between them, and the cross-area dispatch policy.
//!
//! Optional: a scenario without `[geography]` runs exactly as before (an
//! area is a label with a travel-time distribution). With it, each incident
//! is placed in an atom (drawn with the same random number that otherwise
//! draws its area, so streams stay aligned), the units of a team with bases
//! have positions, and [`crate::sim::dispatch`] sends the nearest free unit
//! by mean travel time.
//!
//! Travel times, minutes, come from one of:
//! - a matrix: every atom's `travel_min` row, or a CSV file
//!   (`travel_matrix`, relative to the scenario file: a header
//!   `from,ATOM,…` and one row per atom);
//! - by default, the square-root law (Kolesar & Blum 1973, "Square root
//!   laws for fire engine response distances", *Management Science*
//!   19(12)): the mean distance from an incident to the nearest of `n`
//!   available units spread over an area `A` is about `c·√(A/n)`. Within an
//!   atom the mean travel is `c·√(A/n)/speed`, `n` the free units in the
//!   atom (at least 1); between atoms it is
//!   `(detour × centre distance + c·√A_to) / speed`.
//!
//! The travel a unit actually makes is its mean × a log-normal factor with
//! mean 1 and coefficient of variation `travel_cv` (× the grade's
//! `travel_factor`).

use super::checker::{Checker, MIX_TOLERANCE, index_of};
use super::model::Area;
use super::raw::RawScenario;
use super::travel_matrix::{read_matrix, travel_minutes};
use serde::Deserialize;
use std::collections::BTreeMap;

/// `[geography]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGeography {
    /// Places where demand arises, keyed by name.
    pub atoms: BTreeMap<String, RawAtom>,
    /// Places where units wait, keyed by name.
    pub bases: BTreeMap<String, RawBase>,
    /// A CSV travel-time matrix in minutes (path relative to the scenario
    /// file); absent: atoms' `travel_min` rows, or the square-root law.
    pub travel_matrix: Option<String>,
    /// Emergency driving speed for the square-root law, km/h.
    #[serde(default = "default_speed")]
    pub speed_kmh: f64,
    /// `c` in `E[d] ≈ c·√(A/n)` (0.63 for right-angle travel between
    /// uniformly spread points, Larson & Odoni 1981, ch. 3; 0.5 Euclidean).
    #[serde(default = "default_constant")]
    pub sqrt_law_constant: f64,
    /// Road distance ÷ straight-line distance between atom centres.
    #[serde(default = "default_detour")]
    pub detour_factor: f64,
    /// Coefficient of variation of a unit's travel about its mean
    /// (log-normal with mean 1; 0 = always the mean).
    #[serde(default = "default_cv")]
    pub travel_cv: f64,
    /// Where a unit waits after a job: `base` (back at its base at once)
    /// or `stay` (where the job was, until sent again).
    #[serde(default = "default_after_job")]
    pub after_job: String,
    /// A job queued in its own area may be taken by a free unit of a
    /// neighbouring area once it has waited this long, minutes (absent:
    /// never).
    pub neighbour_after_min: Option<f64>,
    /// A G1 with no free unit in its area goes at once to the nearest free
    /// unit force-wide (and is taken by whichever unit frees first).
    #[serde(default)]
    pub g1_force_wide: bool,
    /// Pairs of neighbouring areas; absent: every area neighbours every
    /// other.
    pub neighbours: Option<Vec<[String; 2]>>,
}

fn default_speed() -> f64 {
    48.0
}
fn default_constant() -> f64 {
    0.63
}
fn default_detour() -> f64 {
    1.3
}
fn default_cv() -> f64 {
    0.3
}
fn default_after_job() -> String {
    "base".into()
}

/// One atom as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAtom {
    /// The area (a key of `[areas]`) the atom belongs to.
    pub area: String,
    /// Share of all demand arising here; atoms' shares sum to 1.
    pub demand_share: f64,
    /// Shares for named categories that differ from `demand_share`; for
    /// each category named anywhere, atoms' shares sum to 1.
    #[serde(default)]
    pub category_shares: BTreeMap<String, f64>,
    /// Land area, km² (needed by the square-root law).
    pub area_km2: Option<f64>,
    /// Urban (true) or rural (false) targets for every incident here;
    /// absent: drawn by the area's `urban_share`.
    pub urban: Option<bool>,
    /// Centre, km east on any flat grid (e.g. OS grid easting ÷ 1000).
    pub x_km: Option<f64>,
    /// Centre, km north on the same grid.
    pub y_km: Option<f64>,
    /// Mean travel from here to each atom, minutes (a row of the matrix).
    pub travel_min: Option<BTreeMap<String, f64>>,
}

/// One base as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBase {
    /// The atom the base stands in.
    pub atom: String,
    /// The team whose units wait here.
    pub team: String,
    /// Its weight among the team's bases: the team's units on duty are
    /// shared among its bases in proportion (largest remainder).
    pub units: f64,
}

/// A place where demand arises.
#[derive(Debug, Clone)]
pub struct Atom {
    /// Its name.
    pub name: String,
    /// Index into `Model::areas`.
    pub area: usize,
    /// Land area, km² (`None` when travel comes from a matrix).
    pub area_km2: Option<f64>,
    /// Urban or rural for every incident here; `None`: drawn by the area.
    pub urban: Option<bool>,
    /// Centre (x, y), km.
    pub centre_km: Option<(f64, f64)>,
}

/// A place where units wait.
#[derive(Debug, Clone)]
pub struct Base {
    /// Its name.
    pub name: String,
    /// Index into [`Geography::atoms`].
    pub atom: usize,
    /// Index into `Model::teams`.
    pub team: usize,
    /// Weight among the team's bases (> 0).
    pub units: f64,
}

/// How mean travel times are known.
#[derive(Debug, Clone)]
pub enum Travel {
    /// `minutes[from × atoms + to]`, each finite and ≥ 0.
    Matrix(Vec<f64>),
    /// The square-root law.
    SqrtLaw {
        /// km/h (> 0).
        speed_kmh: f64,
        /// `c` (> 0).
        constant: f64,
        /// Road ÷ straight-line distance (≥ 1).
        detour: f64,
    },
}

/// Where a unit waits after a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterJob {
    /// Back at its base at once (the return journey is not modelled).
    Base,
    /// Where the job was.
    Stay,
}

/// A validated geography.
#[derive(Debug, Clone)]
pub struct Geography {
    /// Atoms, in name order.
    pub atoms: Vec<Atom>,
    /// Bases, in name order; each in an atom, each of a response team.
    pub bases: Vec<Base>,
    /// Per category (model order): cumulative shares over atoms, ending at 1.
    pub atom_cumulative: Vec<Vec<f64>>,
    /// Mean travel times.
    pub travel: Travel,
    /// Coefficient of variation of travel about its mean (≥ 0).
    pub travel_cv: f64,
    /// Where a unit waits after a job.
    pub after_job: AfterJob,
    /// Minutes after which a neighbouring area's free unit may take a
    /// queued job (`None`: never).
    pub neighbour_after_min: Option<f64>,
    /// A G1 crosses area boundaries at once.
    pub g1_force_wide: bool,
    /// `neighbours[a][b]`: areas a and b neighbour (symmetric, false on
    /// the diagonal).
    pub neighbours: Vec<Vec<bool>>,
    /// Per rostered team (model order): its bases (empty: not geographic).
    pub team_bases: Vec<Vec<usize>>,
    /// `mean_min[from × atoms + to]`: mean travel, minutes, as
    /// [`Geography::mean_travel_min`] gives it with one free unit
    /// (computed once, so dispatch does no square roots but one).
    pub mean_min: Vec<f64>,
}

impl Geography {
    /// Mean travel from atom `from` to atom `to`, minutes, with `free` units
    /// available in `to` (the square-root law's `n`; ignored by a matrix).
    pub fn mean_travel_min(&self, from: usize, to: usize, free: u32) -> f64 {
        let one = self.mean_min[from * self.atoms.len() + to];
        match self.travel {
            Travel::SqrtLaw { .. } if from == to && free > 1 => one / f64::from(free).sqrt(),
            _ => one,
        }
    }

    /// True when travel within an atom depends on the free units there
    /// (the square-root law), so dispatch must count them.
    pub fn counts_free_units(&self) -> bool {
        matches!(self.travel, Travel::SqrtLaw { .. })
    }

    /// [`Geography::mean_travel_min`] computed from the travel model.
    fn compute_mean_travel_min(&self, from: usize, to: usize, free: u32) -> f64 {
        match &self.travel {
            Travel::Matrix(m) => m[from * self.atoms.len() + to],
            Travel::SqrtLaw {
                speed_kmh,
                constant,
                detour,
            } => {
                let area = self.atoms[to].area_km2.unwrap_or(0.0);
                let km = if from == to {
                    constant * (area / f64::from(free.max(1))).sqrt()
                } else {
                    let (a, b) = (self.atoms[from].centre_km, self.atoms[to].centre_km);
                    let (a, b) = (a.unwrap_or((0.0, 0.0)), b.unwrap_or((0.0, 0.0)));
                    detour * (a.0 - b.0).hypot(a.1 - b.1) + constant * area.sqrt()
                };
                km / speed_kmh * 60.0
            }
        }
    }

    /// True if rostered team `team` has bases (its units have positions).
    pub fn is_geographic(&self, team: usize) -> bool {
        self.team_bases.get(team).is_some_and(|b| !b.is_empty())
    }
}

/// Checks `[geography]` against the areas, teams and categories; `None`
/// when the scenario has none.
pub(super) fn compile(
    c: &mut Checker,
    raw: &RawScenario,
    areas: &[Area],
    attending: &std::collections::BTreeSet<usize>,
) -> Option<Geography> {
    let g = raw.geography.as_ref()?;
    let area_index = index_of(&raw.areas);
    let team_index = index_of(&raw.teams);
    let atom_index = index_of(&g.atoms);
    if g.atoms.is_empty() {
        c.fail("geography.atoms", "at least one atom is needed");
    }
    let atoms: Vec<Atom> = g
        .atoms
        .iter()
        .map(|(name, a)| {
            let p = format!("geography.atoms.{name}");
            let centre = match (a.x_km, a.y_km) {
                (Some(x), Some(y)) => {
                    if !(x.is_finite() && y.is_finite()) {
                        c.fail(&format!("{p}.x_km"), "coordinates must be finite numbers");
                    }
                    Some((x, y))
                }
                (None, None) => None,
                _ => {
                    c.fail(&p, "give both x_km and y_km, or neither");
                    None
                }
            };
            Atom {
                name: name.clone(),
                area: c.lookup(&format!("{p}.area"), "area", &a.area, &area_index),
                area_km2: a.area_km2.map(|k| c.positive(&format!("{p}.area_km2"), k)),
                urban: a.urban,
                centre_km: centre,
            }
        })
        .collect();
    let atom_cumulative = demand_shares(c, raw, g);
    let bases: Vec<Base> = g
        .bases
        .iter()
        .map(|(name, b)| {
            let p = format!("geography.bases.{name}");
            let team = c.lookup(&format!("{p}.team"), "team", &b.team, &team_index);
            if team_index.contains_key(&b.team) && !attending.contains(&team) {
                c.fail(
                    &format!("{p}.team"),
                    format!(
                        "team `{}` attends no area's incidents, so its units need no base",
                        b.team
                    ),
                );
            }
            Base {
                name: name.clone(),
                atom: c.lookup(&format!("{p}.atom"), "atom", &b.atom, &atom_index),
                team,
                units: c.positive(&format!("{p}.units"), b.units),
            }
        })
        .collect();
    let mut team_bases = vec![Vec::new(); raw.teams.len()];
    for (i, b) in bases.iter().enumerate() {
        if let Some(list) = team_bases.get_mut(b.team) {
            list.push(i);
        }
    }
    let travel = travel(c, g, &atoms, &atom_index);
    let cv = c.non_negative("geography.travel_cv", g.travel_cv);
    if cv > 3.0 {
        c.fail(
            "geography.travel_cv",
            format!("must be at most 3 (got {cv})"),
        );
    }
    let after_job = match g.after_job.as_str() {
        "base" => AfterJob::Base,
        "stay" => AfterJob::Stay,
        other => {
            c.fail(
                "geography.after_job",
                format!("must be `base` or `stay` (got `{other}`)"),
            );
            AfterJob::Base
        }
    };
    let neighbour_after_min = g
        .neighbour_after_min
        .map(|m| c.non_negative("geography.neighbour_after_min", m));
    let n = areas.len();
    let neighbours = match &g.neighbours {
        None => (0..n).map(|a| (0..n).map(|b| a != b).collect()).collect(),
        Some(pairs) => {
            let mut m = vec![vec![false; n]; n];
            for (i, [a, b]) in pairs.iter().enumerate() {
                let p = format!("geography.neighbours[{i}]");
                let a = c.lookup(&p, "area", a, &area_index);
                let b = c.lookup(&p, "area", b, &area_index);
                if a < n && b < n && a != b {
                    m[a][b] = true;
                    m[b][a] = true;
                }
            }
            m
        }
    };
    let mut geography = Geography {
        atoms,
        bases,
        atom_cumulative,
        travel,
        travel_cv: cv,
        after_job,
        neighbour_after_min,
        g1_force_wide: g.g1_force_wide,
        neighbours,
        team_bases,
        mean_min: Vec::new(),
    };
    let n = geography.atoms.len();
    geography.mean_min = (0..n * n)
        .map(|i| geography.compute_mean_travel_min(i / n, i % n, 1))
        .collect();
    Some(geography)
}

/// Per category: cumulative demand shares over atoms (checked to sum to 1).
fn demand_shares(c: &mut Checker, raw: &RawScenario, g: &RawGeography) -> Vec<Vec<f64>> {
    let category_index = index_of(&raw.categories);
    for (name, a) in &g.atoms {
        for k in a.category_shares.keys() {
            c.lookup(
                &format!("geography.atoms.{name}.category_shares.{k}"),
                "category",
                k,
                &category_index,
            );
        }
    }
    let overall: Vec<(String, f64)> = g
        .atoms
        .iter()
        .map(|(n, a)| (format!("{n}.demand_share"), a.demand_share))
        .collect();
    let cumulative = c.mix("geography.atoms.", &overall);
    raw.categories
        .keys()
        .map(|k| {
            if !g.atoms.values().any(|a| a.category_shares.contains_key(k)) {
                return cumulative.clone();
            }
            let shares: Vec<f64> = g
                .atoms
                .values()
                .map(|a| a.category_shares.get(k).copied().unwrap_or(a.demand_share))
                .collect();
            let total: f64 = shares.iter().sum();
            if (total - 1.0).abs() > MIX_TOLERANCE
                || shares.iter().any(|s| !(0.0..=1.0).contains(s))
            {
                c.fail(
                    "geography.atoms",
                    format!(
                        "category `{k}`: atoms' shares (category_shares.{k}, else demand_share) \
                         must each be in [0, 1] and sum to 1 (they sum to {})",
                        super::checker::sum_text(total)
                    ),
                );
            }
            let mut acc = 0.0;
            let mut out: Vec<f64> = shares
                .iter()
                .map(|s| {
                    acc += s;
                    acc
                })
                .collect();
            if let Some(last) = out.last_mut() {
                *last = 1.0;
            }
            out
        })
        .collect()
}

/// Mean travel times: a CSV matrix, atoms' rows, or the square-root law.
fn travel(
    c: &mut Checker,
    g: &RawGeography,
    atoms: &[Atom],
    atom_index: &BTreeMap<String, usize>,
) -> Travel {
    let n = atoms.len();
    let rows = g.atoms.values().filter(|a| a.travel_min.is_some()).count();
    if let Some(file) = &g.travel_matrix {
        if rows > 0 {
            c.fail(
                "geography.travel_matrix",
                "give travel either as a matrix file or as atoms' travel_min rows, not both",
            );
        }
        return match read_matrix(c, file, atom_index) {
            Some(m) => Travel::Matrix(m),
            None => Travel::Matrix(vec![0.0; n * n]),
        };
    }
    if rows > 0 {
        let mut m = vec![f64::NAN; n * n];
        for (from, (name, a)) in g.atoms.iter().enumerate() {
            let p = format!("geography.atoms.{name}.travel_min");
            let Some(row) = &a.travel_min else {
                c.fail(
                    &format!("geography.atoms.{name}"),
                    "travel_min is missing: when one atom gives a travel_min row, every atom must",
                );
                continue;
            };
            for (to_name, &minutes) in row {
                let to = c.lookup(&format!("{p}.{to_name}"), "atom", to_name, atom_index);
                m[from * n + to] = travel_minutes(c, &format!("{p}.{to_name}"), minutes);
            }
            for (to_name, &to) in atom_index {
                if !row.contains_key(to_name) {
                    c.fail(&p, format!("no travel time to atom `{to_name}`"));
                    m[from * n + to] = 0.0;
                }
            }
        }
        return Travel::Matrix(
            m.into_iter()
                .map(|x| if x.is_nan() { 0.0 } else { x })
                .collect(),
        );
    }
    let speed_kmh = c.positive("geography.speed_kmh", g.speed_kmh);
    let constant = c.positive("geography.sqrt_law_constant", g.sqrt_law_constant);
    let detour = c.positive("geography.detour_factor", g.detour_factor);
    if detour < 1.0 {
        c.fail(
            "geography.detour_factor",
            format!(
                "a road cannot be shorter than the straight line: must be at least 1 (got {detour})"
            ),
        );
    }
    for a in atoms {
        let p = format!("geography.atoms.{}", a.name);
        if a.area_km2.is_none() {
            c.fail(
                &p,
                "area_km2 is missing: without a travel matrix, travel comes from the square-root \
                 law on each atom's area",
            );
        }
        if n > 1 && a.centre_km.is_none() {
            c.fail(
                &p,
                "x_km and y_km are missing: without a travel matrix, travel between atoms comes \
                 from the distance between their centres",
            );
        }
    }
    Travel::SqrtLaw {
        speed_kmh,
        constant,
        detour,
    }
}
