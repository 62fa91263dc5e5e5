//! Validation cases for geography: the simulation configured as Larson's
//! hypercube model assumes, against the exact solver
//! ([`super::hypercube`]), and the square-root law's mean travel against
//! its formula over the number of free units.
//!
//! Hypercube set-up: one base atom per unit (no demand) and one demand
//! atom per preference list; travel from unit n's base to a demand atom is
//! 0.001 min × (1 + n's rank on that atom's list), so the nearest free
//! unit is the first free one on the list (fixed preference), and travel
//! is negligible against the exponential time on scene (service
//! independent of travel). Units return to base after each job; a call
//! finding every unit busy queues FCFS (infinite line capacity) and is
//! taken by the next unit to free.
//!
//! Zero line capacity (a call finding every unit busy is lost): forcesim
//! never drops an incident, so the loss is realised by the cross-area
//! policy. A second area (no demand) holds an overflow team of
//! [`OVERFLOW_UNITS`] units at its own base, and a G1 finding no free unit
//! in its area goes at once to the nearest free unit force-wide
//! (`g1_force_wide`): the overflow's. The hypercube's units never see it,
//! exactly as if it were lost, and the share of attendances made across the
//! boundary is the share of calls that found every unit busy (by PASTA).

use super::cases::channel;
use super::hypercube::{Hypercube, larson_odoni_three_units};
use super::reduced::{Reduced, exponential, fixed};
use super::{Quantity, StatisticalCase};
use crate::metrics::names as n;
use std::fmt::Write;

/// Mean time on scene in the hypercube cases, minutes (1/μ).
const ON_SCENE_MIN: f64 = 30.0;

/// Units of the overflow team that takes the calls a zero-line hypercube
/// loses: enough that all of them are busy with probability below 1e-30
/// at the offered loads of these cases (Erlang B at 40 servers, a ≤ 3).
pub const OVERFLOW_UNITS: u32 = 40;

/// The `[geography]` realising `cube`'s preference lists (see the module
/// documentation).
fn hypercube_geography(cube: &Hypercube) -> String {
    let total = cube.lambda();
    let base = |u: usize| format!("u{u}");
    let demand = |d: usize| format!("d{d}");
    let overflow = (!cube.infinite_line).then(|| "away".to_string());
    let atoms: Vec<String> = (0..cube.units)
        .map(base)
        .chain((0..cube.demand.len()).map(demand))
        .chain(overflow.clone())
        .collect();
    let mut t = String::new();
    if overflow.is_some() {
        let _ = writeln!(
            t,
            "\n[areas.elsewhere]\ndemand_share = 0.0\nurban_share = 1.0\nresponse_team = \"overflow\"\n\
             travel_urban_min = {{ dist = \"fixed\", value = 0.0 }}\ntravel_rural_min = {{ dist = \"fixed\", value = 0.0 }}\n\
             [teams.overflow]\nshifts = [{{ name = \"all day\", start_hour = 0, length_hours = 24, staff = {OVERFLOW_UNITS} }}]"
        );
    }
    let _ = write!(
        t,
        "\n[geography]\ntravel_cv = 0.0\nafter_job = \"base\"\ng1_force_wide = {}\n",
        overflow.is_some()
    );
    for (i, atom) in atoms.iter().enumerate() {
        let share = match i.checked_sub(cube.units) {
            Some(d) if d < cube.demand.len() => cube.demand[d].1 / total,
            _ => 0.0,
        };
        let area = if overflow.as_ref() == Some(atom) {
            "elsewhere"
        } else {
            "all"
        };
        let row: Vec<String> = atoms
            .iter()
            .enumerate()
            .map(|(j, to)| {
                let minutes = match (i < cube.units, j.checked_sub(cube.units)) {
                    (true, Some(d)) if d < cube.demand.len() => {
                        let rank = cube.demand[d].0.iter().position(|&u| u == i).unwrap_or(0);
                        0.001 * (1.0 + rank as f64)
                    }
                    _ => 0.001,
                };
                format!("{to} = {minutes}")
            })
            .collect();
        let _ = writeln!(
            t,
            "[geography.atoms.{atom}]\narea = \"{area}\"\ndemand_share = {share}\ntravel_min = {{ {} }}",
            row.join(", ")
        );
    }
    for u in 0..cube.units {
        let _ = writeln!(
            t,
            "[geography.bases.{0}]\natom = \"{0}\"\nteam = \"response\"\nunits = 1",
            base(u)
        );
    }
    if let Some(away) = &overflow {
        let _ = writeln!(
            t,
            "[geography.bases.overflow]\natom = \"{away}\"\nteam = \"overflow\"\nunits = {OVERFLOW_UNITS}"
        );
    }
    t
}

/// A hypercube case: each unit's workload (the busy share of its time)
/// against the exact solver's.
fn hypercube(name: &str, cube: &Hypercube, days: u32, replications: u64) -> StatisticalCase {
    let solution = cube.solve();
    let rate_per_min = cube.lambda() * cube.mu / ON_SCENE_MIN;
    let channel = channel("q", 1, rate_per_min, fixed(0.0));
    let mut scenario = Reduced::contact_only(vec![channel], 1, days);
    scenario.grade_mix = "{ g1 = 1.0 }";
    scenario.on_scene = exponential(ON_SCENE_MIN / cube.mu);
    scenario.units = cube.units as u32;
    scenario.extra = hypercube_geography(cube);
    let mut parameters = vec![
        ("units".to_string(), cube.units as f64),
        ("mean_service_min".to_string(), ON_SCENE_MIN / cube.mu),
    ];
    for (d, (prefs, rate)) in cube.demand.iter().enumerate() {
        let list: Vec<String> = prefs.iter().map(|u| (u + 1).to_string()).collect();
        parameters.push((
            format!("arrival_rate_per_min_list_{}_({})", d + 1, list.join("-")),
            rate / ON_SCENE_MIN,
        ));
    }
    let mut quantities: Vec<Quantity> = solution
        .workload
        .iter()
        .enumerate()
        .map(|(u, &w)| Quantity {
            label: format!("unit {} workload", u + 1),
            metric: n::GEOGRAPHY_BASE_UTILISATION.name(&[&format!("u{u}")]),
            scale: 1.0,
            complement: false,
            analytic: w,
            is_share: true,
        })
        .collect();
    if !cube.infinite_line {
        quantities.push(Quantity {
            label: "calls lost (every unit busy)".into(),
            metric: n::GEOGRAPHY_CROSS_AREA_SHARE.name(&[]),
            scale: 1.0,
            complement: false,
            analytic: solution.all_busy,
            is_share: true,
        });
    }
    StatisticalCase {
        name: name.to_string(),
        scenario,
        replications,
        parameters,
        quantities,
    }
}

/// Larson & Odoni's three-unit example and two more hypercube cases with
/// an infinite line, then the zero-line cases
/// ([`zero_line_hypercube_cases`]).
pub fn hypercube_cases() -> Vec<StatisticalCase> {
    let mut cases = infinite_line_hypercube_cases();
    cases.extend(zero_line_hypercube_cases());
    cases
}

/// Larson & Odoni's three-unit example with zero line capacity (calls
/// finding all three units busy are lost), and four units on a line with
/// zero line capacity, where about one call in seven is lost.
pub fn zero_line_hypercube_cases() -> Vec<StatisticalCase> {
    vec![
        hypercube(
            "hypercube, Larson & Odoni's 3 units, λ/μ = 1.5, zero line",
            &Hypercube {
                infinite_line: false,
                ..larson_odoni_three_units()
            },
            60,
            20,
        ),
        hypercube(
            "hypercube, 4 units on a line, λ/μ = 2.4, zero line",
            &Hypercube {
                infinite_line: false,
                ..four_units_on_a_line()
            },
            60,
            20,
        ),
    ]
}

/// Four units on a line, each atom preferring its own unit then the
/// nearer neighbours, λ/μ = 2.4 (infinite line).
fn four_units_on_a_line() -> Hypercube {
    Hypercube {
        units: 4,
        mu: 1.0,
        demand: vec![
            (vec![0, 1, 2, 3], 0.8),
            (vec![1, 0, 2, 3], 0.5),
            (vec![2, 1, 3, 0], 0.7),
            (vec![3, 2, 1, 0], 0.4),
        ],
        infinite_line: true,
    }
}

/// Larson & Odoni's three-unit example and two more hypercube cases, all
/// with an infinite line.
pub fn infinite_line_hypercube_cases() -> Vec<StatisticalCase> {
    vec![
        hypercube(
            "hypercube, Larson & Odoni's 3 units, λ/μ = 1.5, infinite line",
            &larson_odoni_three_units(),
            60,
            20,
        ),
        hypercube(
            "hypercube, 2 units, unequal areas, λ/μ = 1.2, infinite line",
            &Hypercube {
                units: 2,
                mu: 1.0,
                demand: vec![(vec![0, 1], 0.9), (vec![1, 0], 0.3)],
                infinite_line: true,
            },
            60,
            20,
        ),
        hypercube(
            "hypercube, 4 units on a line, λ/μ = 2.4, infinite line",
            &four_units_on_a_line(),
            60,
            20,
        ),
    ]
}

/// Square-root law: one 100 km² atom, `units` units based in it, time on
/// scene exponential (mean 60 min), travel at 600 km/h (negligible against
/// time on scene). A call finding `k` units free (the one sent included)
/// travels `c·√(A/k)/speed` on average, and one that waits travels with
/// one free; by PASTA, `k` is `units` minus the busy units of M/M/c.
fn square_root_law(units: u32, load: f64) -> StatisticalCase {
    let (area, speed, constant, on_scene) = (100.0_f64, 600.0, 0.63, 60.0);
    let c = units as usize;
    let a = load * f64::from(units);
    // M/M/c state probabilities, busy b < c, and P(wait).
    let mut terms: Vec<f64> = Vec::with_capacity(c + 1);
    let mut term = 1.0;
    for b in 0..=c {
        if b > 0 {
            term *= a / b as f64;
        }
        terms.push(term);
    }
    let wait_mass = terms[c] / (1.0 - load);
    let norm: f64 = terms[..c].iter().sum::<f64>() + wait_mass;
    let travel = |free: usize| constant * (area / free as f64).sqrt() / speed * 60.0;
    let mean = terms[..c]
        .iter()
        .enumerate()
        .map(|(b, p)| p / norm * travel(c - b))
        .sum::<f64>()
        + wait_mass / norm * travel(1);
    let rate_per_min = a / on_scene;
    let channel = channel("q", 1, rate_per_min, fixed(0.0));
    let mut scenario = Reduced::contact_only(vec![channel], 1, 60);
    scenario.grade_mix = "{ g1 = 1.0 }";
    scenario.on_scene = exponential(on_scene);
    scenario.units = units;
    scenario.extra = format!(
        "\n[geography]\nspeed_kmh = {speed}\nsqrt_law_constant = {constant}\ntravel_cv = 0.3\n\
         [geography.atoms.square]\narea = \"all\"\ndemand_share = 1.0\narea_km2 = {area}\n\
         [geography.bases.centre]\natom = \"square\"\nteam = \"response\"\nunits = 1\n"
    );
    StatisticalCase {
        name: format!(
            "square-root law, {units} unit{} in a 100 km² square, ρ = {load}",
            if units == 1 { "" } else { "s" }
        ),
        scenario,
        replications: 20,
        parameters: vec![
            ("units".into(), f64::from(units)),
            ("area_km2".into(), area),
            ("speed_kmh".into(), speed),
            ("sqrt_law_constant".into(), constant),
            ("arrival_rate_per_min".into(), rate_per_min),
            ("mean_service_min".into(), on_scene),
        ],
        quantities: vec![Quantity {
            label: "mean travel (min)".into(),
            metric: n::GEOGRAPHY_TRAVEL_MEAN_MIN.name(&[]),
            scale: 1.0,
            complement: false,
            analytic: mean,
            is_share: false,
        }],
    }
}

/// The square-root law at 1, 4 and 16 units (mean travel falls as
/// 1/√(free units)).
pub fn square_root_cases() -> Vec<StatisticalCase> {
    vec![
        square_root_law(1, 0.3),
        square_root_law(4, 0.3),
        square_root_law(16, 0.3),
    ]
}
