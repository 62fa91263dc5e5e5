//! Buying `[[costs.options]]`: the scenario with some units of each option
//! bought, and the check, run by every command that compiles a scenario
//! (`check` included), that every purchase the budget search may make
//! gives a valid scenario with a price.
//!
//! The changes an option makes are applied to the scenario's TOML values
//! directly (not as text), and every key they change is located at the
//! option's own line, so a problem in the bought scenario points at the
//! option that caused it.

use crate::finance::model::BudgetOption;
use crate::scenario::error::{Problem, ScenarioError};
use crate::scenario::load::{KeyLocations, Location};
use crate::scenario::overrides::KeyPath;
use crate::scenario::{LoadedScenario, Model, load, validate};
use std::collections::BTreeMap;
use toml::{Table, Value};

/// Most combinations of options the budget search enumerates (before the
/// budget filter): the product over options of (max_units + 1).
pub const MAX_ENUMERATED: u64 = 1_000_000;

/// One value a purchase changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Where in the scenario.
    pub path: KeyPath,
    /// The value after the purchase.
    pub value: Value,
    /// The option's own key that asks for it, e.g.
    /// `costs.options[0].add.teams.x.headcount` (for locating messages).
    pub option_key: String,
}

/// The values that buying `units[i]` of each option `i` changes in the
/// scenario `merged`; an `add` adds `amount × units` to the number there
/// (a whole number stays whole), a `set` writes its value. Errors name the
/// option's key (`costs.options[i].add.KEY`) and say what is wrong.
pub fn changes(
    merged: &Table,
    options: &[BudgetOption],
    units: &[u32],
) -> Result<Vec<Change>, (String, String)> {
    let mut values: BTreeMap<String, Change> = BTreeMap::new();
    for (i, (o, &u)) in options.iter().zip(units).enumerate() {
        if u == 0 {
            continue;
        }
        for (key, amount) in &o.add {
            let option_key = format!("costs.options[{i}].add.{key}");
            let fail = |m: String| (option_key.clone(), format!("option `{}`: {m}", o.name));
            let path = KeyPath::parse(key).map_err(fail)?;
            let current = match values.get(key) {
                Some(c) => c.value.clone(),
                None => path
                    .get(merged)
                    .cloned()
                    .ok_or_else(|| fail(format!("no value at `{key}` in the scenario")))?,
            };
            let added = add(&current, *amount, u).map_err(|e| fail(format!("`{key}` {e}")))?;
            values.insert(
                key.clone(),
                Change {
                    path,
                    value: added,
                    option_key,
                },
            );
        }
        for (key, value) in &o.set {
            let option_key = format!("costs.options[{i}].set.{key}");
            let path = KeyPath::parse(key)
                .map_err(|m| (option_key.clone(), format!("option `{}`: {m}", o.name)))?;
            values.insert(
                key.clone(),
                Change {
                    path,
                    value: value.clone(),
                    option_key,
                },
            );
        }
    }
    Ok(values.into_values().collect())
}

/// Whether buying `option` would change nothing in the scenario `merged`:
/// it only sets values, and each is already there (an investment the
/// scenario has already made, e.g. one that extends a base listing it).
/// The budget search leaves such an option out.
pub fn in_effect(merged: &Table, option: &BudgetOption) -> bool {
    option.add.is_empty()
        && option.set.iter().all(|(key, value)| {
            KeyPath::parse(key)
                .ok()
                .and_then(|p| p.get(merged).cloned())
                .is_some_and(|current| same_value(&current, value))
        })
}

/// Equal TOML values, a whole number equal to the same float.
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Integer(i), Value::Float(f)) | (Value::Float(f), Value::Integer(i)) => {
            *i as f64 == *f
        }
        (Value::Table(x), Value::Table(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_value(v, w)))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same_value(v, w))
        }
        _ => a == b,
    }
}

/// A number for messages: in full when it is of a sensible size.
fn number(x: f64) -> String {
    if x.abs() >= 1e15 {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// Largest whole number that an `f64` holds exactly (2^53).
const EXACT_WHOLE: f64 = 9_007_199_254_740_992.0;

/// `current + amount × units`, keeping a whole number whole and refusing
/// a sum that overflows or is not finite.
fn add(current: &Value, amount: f64, units: u32) -> Result<Value, String> {
    let total = amount * f64::from(units);
    match current {
        Value::Integer(i) => {
            if total.fract() != 0.0 {
                return Err(format!("is a whole number; cannot add {}", number(total)));
            }
            if !(total.is_finite() && total.abs() <= EXACT_WHOLE) {
                return Err(format!(
                    "is a whole number ({i}); adding {} ({units} units of {}) is far beyond any \
                     count of people or units",
                    number(total),
                    number(amount)
                ));
            }
            i.checked_add(total as i64)
                .map(Value::Integer)
                .ok_or_else(|| format!("is {i}; adding {} overflows a whole number", number(total)))
        }
        Value::Float(f) => {
            let sum = f + total;
            if sum.is_finite() {
                Ok(Value::Float(sum))
            } else {
                Err(format!(
                    "is {f}; adding {} is not a finite number",
                    number(total)
                ))
            }
        }
        other => Err(format!("is not a number (it is {})", other.type_str())),
    }
}

/// The scenario with `units[i]` of each option `i` bought, checked and
/// compiled (without checking the options again: they belong to the base).
/// A problem is located at the option's line and says what was bought.
pub fn buy(
    loaded: &LoadedScenario,
    options: &[BudgetOption],
    units: &[u32],
) -> Result<(LoadedScenario, Model), ScenarioError> {
    let what = super::options::label(options, units);
    let changes =
        changes(&loaded.merged, options, units).map_err(|(key, message)| ScenarioError {
            problems: vec![loaded.locations.problem(&key, message)],
        })?;
    let located: Vec<_> = changes
        .into_iter()
        .map(|c| {
            let at = location(&loaded.locations, &c.option_key);
            (c.path, c.value, at)
        })
        .collect();
    let with = |e: ScenarioError| ScenarioError {
        problems: e
            .problems
            .into_iter()
            .map(|p| Problem {
                message: format!(
                    "with {what} bought (sweep --budget may buy it): {}",
                    p.message
                ),
                ..p
            })
            .collect(),
    };
    let changed = load::apply_located(loaded, &located).map_err(with)?;
    let model = validate::compile_variant(&changed).map_err(with)?;
    Ok((changed, model))
}

/// Where `key` was written, or the file named by the user.
fn location(locations: &KeyLocations, key: &str) -> Location {
    locations.find(key).cloned().unwrap_or_else(|| Location {
        file: locations.top_file.clone(),
        line: None,
    })
}

/// What one unit of each option adds to the planned cost a year, £ (every
/// option must add something), given the base's planned cost. Leave out
/// the options [`in_effect`] first.
pub fn unit_costs(
    loaded: &LoadedScenario,
    options: &[BudgetOption],
    base_cost: f64,
) -> Result<Vec<f64>, ScenarioError> {
    let mut out = Vec::with_capacity(options.len());
    for i in 0..options.len() {
        let mut units = vec![0; options.len()];
        units[i] = 1;
        out.push(unit_cost(loaded, options, &units, i, base_cost)?);
    }
    Ok(out)
}

/// What buying `units` (one unit of option `i`) adds to `base_cost`, £ a
/// year; an error unless it is more than 0.
fn unit_cost(
    loaded: &LoadedScenario,
    options: &[BudgetOption],
    units: &[u32],
    i: usize,
    base_cost: f64,
) -> Result<f64, ScenarioError> {
    let (_, model) = buy(loaded, options, units)?;
    let extra = crate::finance::accounts::ledger::planned_cost_per_year(&model).unwrap_or(f64::NAN)
        - base_cost;
    if extra.is_finite() && extra > 0.0 {
        return Ok(extra);
    }
    let message = format!(
        "option `{}` costs {} a year under the cost model: an option must add costed FTE (a \
         headcount) or switch on an investment",
        options[i].name,
        crate::report::finance::money(extra)
    );
    Err(ScenarioError {
        problems: vec![
            loaded
                .locations
                .problem(&format!("costs.options[{i}]"), message),
        ],
    })
}

/// Every problem the budget search could meet with the options of
/// `model` (compiled from `loaded`): too many combinations, an option that
/// adds no cost, and any purchase (each option alone at one unit and at its
/// maximum, and every option at its maximum together) that does not give a
/// valid scenario. Empty when the scenario has no options.
pub fn check_options(loaded: &LoadedScenario, model: &Model) -> Vec<Problem> {
    let Some(costs) = &model.costs else {
        return Vec::new();
    };
    let options = &costs.options;
    if options.is_empty() {
        return Vec::new();
    }
    let mut problems = Vec::new();
    let total = options
        .iter()
        .try_fold(1u64, |acc, o| acc.checked_mul(u64::from(o.max_units) + 1))
        .filter(|&n| n <= MAX_ENUMERATED);
    if total.is_none() {
        problems.push(loaded.locations.problem(
            "costs.options",
            format!(
                "the options allow more than {MAX_ENUMERATED} combinations (the product of \
                 max_units + 1) for sweep --budget; lower their max_units"
            ),
        ));
    }
    // Options already in effect are left out of the search.
    let active: Vec<bool> = options
        .iter()
        .map(|o| !in_effect(&loaded.merged, o))
        .collect();
    let mut purchases: Vec<Vec<u32>> = Vec::new();
    for (i, o) in options.iter().enumerate().filter(|(i, _)| active[*i]) {
        let mut units = vec![0; options.len()];
        units[i] = o.max_units;
        purchases.push(units);
    }
    if active.iter().filter(|&&a| a).count() > 1 {
        let all = options
            .iter()
            .zip(&active)
            .map(|(o, &a)| if a { o.max_units } else { 0 })
            .collect();
        purchases.push(all);
    }
    for units in &purchases {
        if let Err(e) = buy(loaded, options, units) {
            problems.extend(e.problems);
        }
    }
    if problems.is_empty() {
        let base =
            crate::finance::accounts::ledger::planned_cost_per_year(model).unwrap_or(f64::NAN);
        for (i, _) in options.iter().enumerate().filter(|(i, _)| active[*i]) {
            let mut units = vec![0; options.len()];
            units[i] = 1;
            if let Err(e) = unit_cost(loaded, options, &units, i, base) {
                problems.extend(e.problems);
            }
        }
    }
    problems.dedup();
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn option(name: &str, add: Vec<(String, f64)>, set: Vec<(String, Value)>) -> BudgetOption {
        BudgetOption {
            name: name.into(),
            description: String::new(),
            max_units: 3,
            add,
            set,
        }
    }

    #[test]
    fn changes_add_per_unit_and_keep_whole_numbers_whole() {
        let merged: Table =
            toml::from_str("[a]\nn = 3\nx = 1.5\n[b]\nlist = [{ s = 4 }]\n").unwrap();
        let o = option(
            "x",
            vec![
                ("a.n".into(), 2.0),
                ("a.x".into(), 0.5),
                ("b.list[0].s".into(), 1.0),
            ],
            Vec::new(),
        );
        let mut t = Table::new();
        t.insert("f".into(), Value::Float(0.67));
        let switch = option("s", Vec::new(), vec![("c".into(), Value::Table(t.clone()))]);
        let got = changes(&merged, &[o.clone(), switch], &[2, 1]).unwrap();
        let got: Vec<(String, Value)> = got
            .into_iter()
            .map(|c| (c.path.to_string(), c.value))
            .collect();
        assert_eq!(
            got,
            [
                ("a.n".to_string(), Value::Integer(7)),
                ("a.x".to_string(), Value::Float(2.5)),
                ("b.list[0].s".to_string(), Value::Integer(6)),
                ("c".to_string(), Value::Table(t)),
            ]
        );
        let half = option("h", vec![("a.n".into(), 0.5)], Vec::new());
        assert!(changes(&merged, &[half], &[1]).is_err());
        let missing = option("m", vec![("a.missing".into(), 1.0)], Vec::new());
        assert!(changes(&merged, &[missing], &[1]).is_err());
    }

    #[test]
    fn adding_a_huge_amount_to_a_whole_number_is_refused_not_wrapped() {
        let merged: Table = toml::from_str("[a]\nn = 3\n").unwrap();
        for amount in [1e300, 1e18, -1e300, 9.3e18 / 3.0] {
            let o = option("big", vec![("a.n".into(), amount)], Vec::new());
            let e = changes(&merged, &[o], &[3]).unwrap_err();
            assert_eq!(e.0, "costs.options[0].add.a.n");
        }
    }
}
