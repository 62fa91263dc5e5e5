//! The checker that collects every problem in a scenario with its key path.

use super::error::Problem;
use super::load::KeyLocations;
use super::raw::{RawAbstraction, RawDist};
use crate::dist::Dist;
use std::collections::{BTreeMap, BTreeSet};

/// Tolerance for a mix summing to 1.
pub(super) const MIX_TOLERANCE: f64 = 1e-6;

/// A sum of shares as written in messages: to the six decimals that
/// [`MIX_TOLERANCE`] tells apart, trailing zeros dropped (`1.13`, not
/// `1.1300000000000001`).
pub(super) fn sum_text(total: f64) -> String {
    let text = format!("{total:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.to_string()
    }
}

/// Most people in one team, role or group (a headcount, FTE).
pub const MAX_PEOPLE: f64 = 1_000_000.0;
/// Largest multiplier on a time (travel, time to find, search).
pub const MAX_FACTOR: f64 = 100.0;

pub(super) struct Checker<'a> {
    /// Where each key was written, for locating problems.
    pub locations: &'a KeyLocations,
    /// Every problem found so far, in the order found.
    pub problems: Vec<Problem>,
}

impl Checker<'_> {
    /// Whether a problem was already found at key path `path` or under it
    /// (`path.…`, `path[…]`). A check that depends on a value already found
    /// wrong is skipped on it, so one fault gives one error rather than a
    /// second, misleading one that follows from the first.
    pub fn failed_at(&self, path: &str) -> bool {
        self.problems.iter().any(|p| {
            p.key_path
                .strip_prefix(path)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
        })
    }

    /// Records a problem at key path `path` (located by file and line when known).
    pub fn fail(&mut self, path: &str, message: impl Into<String>) {
        let p = self.locations.problem(path, message.into());
        self.problems.push(p);
    }

    /// `x` finite and > 0.
    pub fn positive(&mut self, path: &str, x: f64) -> f64 {
        if !(x.is_finite() && x > 0.0) {
            self.fail(
                path,
                format!("must be {} greater than 0 (got {})", a_number(x), shown(x)),
            );
        }
        x
    }

    /// `x` finite and ≥ 0.
    pub fn non_negative(&mut self, path: &str, x: f64) -> f64 {
        if !(x.is_finite() && x >= 0.0) {
            self.fail(
                path,
                format!("must be {} at least 0 (got {})", a_number(x), shown(x)),
            );
        }
        x
    }

    /// A number of people (a headcount, FTE): finite, ≥ 0 and at most
    /// [`MAX_PEOPLE`].
    pub fn people(&mut self, path: &str, x: f64) -> f64 {
        let x = self.non_negative(path, x);
        if x.is_finite() && x > MAX_PEOPLE {
            let shown = shown(x);
            self.fail(
                path,
                format!(
                    "must be at most {MAX_PEOPLE} people (got {shown}); the largest force has \
                     about 35,000 officers"
                ),
            );
        }
        x
    }

    /// A multiplier on a time: finite, > 0 and at most [`MAX_FACTOR`].
    pub fn factor(&mut self, path: &str, x: f64) -> f64 {
        let x = self.positive(path, x);
        if x.is_finite() && x > MAX_FACTOR {
            self.fail(
                path,
                format!(
                    "must be a multiplier at most {MAX_FACTOR} (got {})",
                    shown(x)
                ),
            );
        }
        x
    }

    /// `x` in [0, 1].
    pub fn share(&mut self, path: &str, x: f64) -> f64 {
        if !(x.is_finite() && (0.0..=1.0).contains(&x)) {
            self.fail(
                path,
                format!("must be a share between 0 and 1 (got {})", shown(x)),
            );
        }
        x
    }

    /// A mix keyed by a closed set of names (grades, outcomes): a key not in
    /// `keys` is a problem (`unknown` says what is expected), a missing one
    /// has share 0. Returns the cumulative sums in the order of `keys`.
    pub fn keyed_mix(
        &mut self,
        path: &str,
        mix: &BTreeMap<String, f64>,
        keys: &[&str],
        unknown: &str,
    ) -> Vec<f64> {
        for key in mix.keys() {
            if !keys.contains(&key.as_str()) {
                self.fail(&format!("{path}.{key}"), unknown);
            }
        }
        let shares: Vec<(String, f64)> = keys
            .iter()
            .map(|k| (k.to_string(), mix.get(*k).copied().unwrap_or(0.0)))
            .collect();
        self.mix(&format!("{path}."), &shares)
    }

    /// A name that must be non-empty and not in `seen` (then added to it);
    /// `what` names the kind of thing in the message.
    pub fn unique_name(&mut self, path: &str, seen: &mut BTreeSet<String>, name: &str, what: &str) {
        if name.trim().is_empty() || !seen.insert(name.to_string()) {
            self.fail(
                path,
                format!("{what} names must be non-empty and unique (got `{name}`)"),
            );
        }
    }

    /// Shares that must each be in [0, 1] and sum to 1; returns cumulative sums.
    pub fn mix(&mut self, path: &str, shares: &[(String, f64)]) -> Vec<f64> {
        if shares.is_empty() {
            self.fail(path, "must have at least one entry");
            return vec![1.0];
        }
        let mut total = 0.0;
        let mut cumulative = Vec::with_capacity(shares.len());
        for (key, x) in shares {
            total += self.share(&format!("{path}{key}"), *x);
            cumulative.push(total);
        }
        if (total - 1.0).abs() > MIX_TOLERANCE {
            // Shares that are one field of each entry (`areas.*.demand_share`)
            // are named by that field.
            let field = shares
                .iter()
                .map(|(k, _)| k.rsplit_once('.').map(|(_, f)| f))
                .reduce(|a, b| if a == b { a } else { None })
                .flatten();
            let which = match field {
                Some(f) => format!("`{path}*.{f}`"),
                None => "they".into(),
            };
            self.fail(
                path.trim_end_matches(['.', '[']),
                format!("shares must sum to 1 ({which} sum to {})", sum_text(total)),
            );
        }
        if let Some(last) = cumulative.last_mut() {
            *last = 1.0;
        }
        cumulative
    }

    /// A checked distribution at `path`: parameters finite and valid for its kind.
    pub fn dist(&mut self, path: &str, raw: &RawDist) -> Dist {
        let built = match raw {
            RawDist::Fixed { value } => Dist::fixed(*value),
            RawDist::Exponential { mean } => Dist::exponential(*mean),
            RawDist::Lognormal { mean, sd } => Dist::lognormal(*mean, *sd),
            RawDist::Gamma { mean, sd } => Dist::gamma(*mean, *sd),
            RawDist::Empirical { values, weights } => Dist::empirical(values, weights),
        };
        built.unwrap_or_else(|e| {
            self.fail(path, e.to_string());
            Dist::Fixed(0.0)
        })
    }

    /// The index of `name` in `index` (a channel, category, area or team), or a problem at `path` naming the known ones (index 0 then).
    pub fn lookup(
        &mut self,
        path: &str,
        what: &str,
        name: &str,
        names: &BTreeMap<String, usize>,
    ) -> usize {
        match names.get(name) {
            Some(&i) => i,
            None => {
                let known: Vec<&str> = names.keys().map(String::as_str).collect();
                self.fail(
                    path,
                    format!("no {what} named `{name}` (defined: {})", known.join(", ")),
                );
                0
            }
        }
    }

    /// A compound growth rate per year, in [-0.9, 2].
    pub fn growth(&mut self, p: &str, g: f64) -> f64 {
        if !(g.is_finite() && (-0.9..=2.0).contains(&g)) {
            self.fail(p, format!("must be between -0.9 and 2 (got {g})"));
            return 0.0;
        }
        g
    }

    /// A staffing plan: multipliers in [0, 10].
    pub fn staffing_plan(&mut self, p: &str, plan: &[f64]) -> Vec<f64> {
        for (i, m) in plan.iter().enumerate() {
            if !(m.is_finite() && (0.0..=10.0).contains(m)) {
                self.fail(
                    &format!("{p}[{i}]"),
                    format!("must be a multiplier between 0 and 10 (got {m})"),
                );
            }
        }
        plan.to_vec()
    }

    /// Total abstraction share (sum of reasons, each in [0, 1]); an error
    /// unless it is below 1. Clamped below 1 so compilation can go on.
    pub fn abstraction(&mut self, p: &str, a: &RawAbstraction) -> f64 {
        let parts = [
            ("annual_leave", a.annual_leave),
            ("sickness", a.sickness),
            ("training", a.training),
            ("court", a.court),
            ("other", a.other),
        ];
        let total: f64 = parts
            .iter()
            .map(|(k, x)| self.share(&format!("{p}.abstraction.{k}"), *x))
            .sum();
        if total >= 1.0 {
            self.fail(
                &format!("{p}.abstraction"),
                format!(
                    "shares must sum to less than 1 (they sum to {})",
                    sum_text(total)
                ),
            );
        }
        total.clamp(0.0, 0.999)
    }
}

pub(super) fn index_of<T>(map: &BTreeMap<String, T>) -> BTreeMap<String, usize> {
    map.keys()
        .enumerate()
        .map(|(i, k)| (k.clone(), i))
        .collect()
}

/// `x` as an error message shows it: as written up to a billion, in
/// scientific notation beyond (1e300, not 301 digits).
fn shown(x: f64) -> String {
    if x.is_finite() && x.abs() >= 1e9 {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// "a finite number" for an infinite `x` (which is above 0 but still
/// refused), else "a number".
fn a_number(x: f64) -> &'static str {
    if x.is_infinite() {
        "a finite number"
    } else {
        "a number"
    }
}
