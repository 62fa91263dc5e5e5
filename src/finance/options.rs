//! The budget search of `forcesim sweep --budget`: which mix of the
//! options a scenario lists gives the most improvement in one outcome for
//! a fixed sum a year.
//!
//! An option (`[[costs.options]]`) adds to numbers in the scenario for each
//! unit bought (headcount and shift staff, say) or sets values (switching
//! on an investment and its effect). Its price is what the cost model says
//! the change costs: the planned cost per year (pay, on-costs, non-pay,
//! investments; not overtime, which only a simulation knows) of the
//! scenario with one unit bought, less the base's. A combination is
//! affordable when its planned extra cost is within the budget.
//!
//! By default only *full* combinations are run: those to which no further
//! unit of any option is affordable, on the premise that more resources do
//! not make an outcome worse (the premise of the metamorphic tests);
//! `--every-combination` runs every affordable one. Either way this is a
//! search over what was configured, not an optimisation over every use of
//! the money.

use super::model::BudgetOption;
use crate::batch::BatchResult;
use crate::stats::Estimate;
use std::collections::BTreeMap;
use toml::Value;

/// Units bought of each option, in the scenario's option order.
pub type Combination = Vec<u32>;

/// Most combinations enumerated (before the budget filter).
pub const MAX_ENUMERATED: u64 = 1_000_000;

/// Relative slack when comparing a cost with the budget (rounding).
const BUDGET_SLACK: f64 = 1e-9;

/// The affordable combinations and their planned extra cost per year, £,
/// given each option's cost per unit; with `full_only`, only those to
/// which no further unit is affordable. The empty purchase is included
/// (when nothing at all is affordable it is the only one).
pub fn affordable(
    options: &[BudgetOption],
    unit_costs: &[f64],
    budget: f64,
    full_only: bool,
) -> Result<Vec<(Combination, f64)>, String> {
    let total = options
        .iter()
        .try_fold(1u64, |acc, o| acc.checked_mul(u64::from(o.max_units) + 1))
        .filter(|&n| n <= MAX_ENUMERATED)
        .ok_or_else(|| {
            format!(
                "the options allow more than {MAX_ENUMERATED} combinations; lower their max_units"
            )
        })?;
    let limit = budget * (1.0 + BUDGET_SLACK);
    let cost = |c: &[u32]| -> f64 {
        c.iter()
            .zip(unit_costs)
            .map(|(&u, &k)| f64::from(u) * k)
            .sum()
    };
    let mut out = Vec::new();
    let mut c: Combination = vec![0; options.len()];
    for _ in 0..total {
        let spent = cost(&c);
        if spent <= limit {
            let full = options
                .iter()
                .enumerate()
                .all(|(i, o)| c[i] >= o.max_units || spent + unit_costs[i] > limit);
            if full || !full_only {
                out.push((c.clone(), spent));
            }
        }
        // Next combination (an odometer, last option fastest).
        for i in (0..c.len()).rev() {
            if c[i] < options[i].max_units {
                c[i] += 1;
                break;
            }
            c[i] = 0;
        }
    }
    Ok(out)
}

/// `response_officers × 2 + missing_persons_team`, or `nothing bought`.
pub fn label(options: &[BudgetOption], units: &[u32]) -> String {
    let parts: Vec<String> = options
        .iter()
        .zip(units)
        .filter(|(_, u)| **u > 0)
        .map(|(o, &u)| {
            if u == 1 {
                o.name.clone()
            } else {
                format!("{} × {u}", o.name)
            }
        })
        .collect();
    if parts.is_empty() {
        "nothing bought".into()
    } else {
        parts.join(" + ")
    }
}

/// The `--set`-style overrides (key path, value as TOML) that buy `units`
/// of each option on top of the scenario `merged`.
pub fn overrides(
    merged: &toml::Table,
    options: &[BudgetOption],
    units: &[u32],
) -> Result<Vec<(String, String)>, String> {
    let mut values: BTreeMap<String, Value> = BTreeMap::new();
    for (o, &u) in options.iter().zip(units) {
        if u == 0 {
            continue;
        }
        for (key, amount) in &o.add {
            let current = match values.get(key) {
                Some(v) => v.clone(),
                None => crate::scenario::load::get_path(merged, key)
                    .cloned()
                    .ok_or_else(|| format!("option `{}`: no value at `{key}`", o.name))?,
            };
            let added = add(&current, amount * f64::from(u))
                .map_err(|e| format!("option `{}`: `{key}`: {e}", o.name))?;
            values.insert(key.clone(), added);
        }
        for (key, value) in &o.set {
            values.insert(key.clone(), value.clone());
        }
    }
    Ok(values.into_iter().map(|(k, v)| (k, inline(&v))).collect())
}

/// `current + amount`, keeping a whole number whole.
fn add(current: &Value, amount: f64) -> Result<Value, String> {
    match current {
        Value::Integer(i) if amount.fract() == 0.0 => Ok(Value::Integer(i + amount as i64)),
        Value::Integer(_) => Err(format!("is a whole number; cannot add {amount}")),
        Value::Float(f) => Ok(Value::Float(f + amount)),
        other => Err(format!("is not a number (it is {})", other.type_str())),
    }
}

/// A value as inline TOML (what `--set` reads).
fn inline(v: &Value) -> String {
    match v {
        Value::Float(f) if f.fract() == 0.0 && f.is_finite() => format!("{f:.1}"),
        Value::Table(t) => {
            let parts: Vec<String> = t
                .iter()
                .map(|(k, v)| format!("{} = {}", toml_key(k), inline(v)))
                .collect();
            format!("{{ {} }}", parts.join(", "))
        }
        Value::Array(a) => {
            let parts: Vec<String> = a.iter().map(inline).collect();
            format!("[{}]", parts.join(", "))
        }
        other => other.to_string(),
    }
}

fn toml_key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        k.to_string()
    } else {
        format!("{:?}", k)
    }
}

/// One combination's result against the base.
#[derive(Clone, Debug)]
pub struct Ranked {
    /// Index into the combinations run.
    pub index: usize,
    /// Mean of the outcome metric.
    pub mean: f64,
    /// Combination − base, paired, with its 95 % CI.
    pub difference: Estimate,
    /// The difference's 95 % CI excludes zero.
    pub clear: bool,
}

/// The combinations' results ranked by their paired difference from the
/// base in `metric`, best first (highest with `maximise`, else lowest);
/// undefined differences last. `None` if the base has no such metric.
pub fn rank(
    base: &BatchResult,
    results: &[BatchResult],
    metric: &str,
    maximise: bool,
) -> Option<Vec<Ranked>> {
    base.metric(metric)?;
    let b = base.values(metric);
    let mut ranked: Vec<Ranked> = results
        .iter()
        .enumerate()
        .map(|(index, r)| {
            let difference = Estimate::paired_difference(&b, &r.values(metric));
            Ranked {
                index,
                mean: r.metric(metric).map_or(f64::NAN, |m| m.estimate.mean),
                clear: difference.excludes_zero(),
                difference,
            }
        })
        .collect();
    let sign = if maximise { 1.0 } else { -1.0 };
    let key = |r: &Ranked| {
        let x = sign * r.difference.mean;
        if x.is_nan() { f64::NEG_INFINITY } else { x }
    };
    ranked.sort_by(|a, b| key(b).total_cmp(&key(a)));
    Some(ranked)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn option(name: &str, max_units: u32) -> BudgetOption {
        BudgetOption {
            name: name.into(),
            description: String::new(),
            max_units,
            add: vec![("a.n".into(), 2.0)],
            set: Vec::new(),
        }
    }

    #[test]
    fn affordable_and_full_combinations() {
        let options = [option("x", 3), option("y", 1)];
        let costs = [1.0, 2.5];
        let all = affordable(&options, &costs, 3.0, false).unwrap();
        let combos: Vec<Combination> = all.iter().map(|(c, _)| c.clone()).collect();
        assert_eq!(
            combos,
            [vec![0, 0], vec![0, 1], vec![1, 0], vec![2, 0], vec![3, 0]]
        );
        let full = affordable(&options, &costs, 3.0, true).unwrap();
        let combos: Vec<Combination> = full.iter().map(|(c, _)| c.clone()).collect();
        // [0, 1] cannot take another x (2.5 + 1 > 3); [3, 0] is at its maximum.
        assert_eq!(combos, [vec![0, 1], vec![3, 0]]);
        assert_eq!(label(&options, &[2, 1]), "x × 2 + y");
        assert_eq!(label(&options, &[0, 0]), "nothing bought");
        let many = [option("x", 1000), option("y", 1000)];
        assert!(affordable(&many, &[1.0, 1.0], 5.0, true).is_err());
    }

    #[test]
    fn overrides_add_per_unit_and_keep_whole_numbers_whole() {
        let merged: toml::Table =
            toml::from_str("[a]\nn = 3\nx = 1.5\n[b]\nlist = [{ s = 4 }]\n").unwrap();
        let mut o = option("x", 3);
        o.add = vec![
            ("a.n".into(), 2.0),
            ("a.x".into(), 0.5),
            ("b.list[0].s".into(), 1.0),
        ];
        let mut t = toml::Table::new();
        t.insert("f".into(), Value::Float(0.67));
        let switch = BudgetOption {
            name: "s".into(),
            description: String::new(),
            max_units: 1,
            add: Vec::new(),
            set: vec![("c".into(), Value::Table(t))],
        };
        let got = overrides(&merged, &[o.clone(), switch.clone()], &[2, 1]).unwrap();
        assert_eq!(
            got,
            [
                ("a.n".to_string(), "7".to_string()),
                ("a.x".to_string(), "2.5".to_string()),
                ("b.list[0].s".to_string(), "6".to_string()),
                ("c".to_string(), "{ f = 0.67 }".to_string()),
            ]
        );
        o.add = vec![("a.n".into(), 0.5)];
        assert!(overrides(&merged, &[o.clone()], &[1]).is_err());
        o.add = vec![("a.missing".into(), 1.0)];
        assert!(overrides(&merged, &[o], &[1]).is_err());
    }
}
