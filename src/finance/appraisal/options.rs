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

use crate::batch::BatchResult;
use crate::finance::model::BudgetOption;
use crate::stats::Estimate;

/// Units bought of each option, in the scenario's option order.
pub type Combination = Vec<u32>;

pub use super::buy::MAX_ENUMERATED;

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
            let unit = base.metric(metric).map_or("", |m| m.unit);
            let (difference, _) =
                crate::batch::paired_difference(metric, unit, &b, &r.values(metric));
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

/// Outcome gained per £1 m a year of planned extra cost, with its 95 % CI:
/// `sign × difference / cost × 1e6`, where `sign` is +1 when larger is
/// better and −1 when smaller is better, so that a positive value is an
/// improvement. The planned cost is fixed (not simulated), so the CI is
/// the difference's CI scaled. `None` when the cost is not positive.
pub fn gain_per_million(difference: &Estimate, cost: f64, maximise: bool) -> Option<[f64; 3]> {
    if !(cost.is_finite() && cost > 0.0) {
        return None;
    }
    let sign = if maximise { 1.0 } else { -1.0 };
    let k = sign * 1e6 / cost;
    let (a, b) = (
        difference.ci95_low.map_or(f64::NAN, |x| x * k),
        difference.ci95_high.map_or(f64::NAN, |x| x * k),
    );
    Some([a.min(b), difference.mean * k, a.max(b)])
}

/// Indices of `gains` (outcome gained per £, larger better) best first;
/// undefined gains last, ties in their original order.
pub fn value_order(gains: &[Option<f64>]) -> Vec<usize> {
    let key = |i: usize| {
        gains[i]
            .filter(|g| !g.is_nan())
            .unwrap_or(f64::NEG_INFINITY)
    };
    let mut order: Vec<usize> = (0..gains.len()).collect();
    order.sort_by(|&a, &b| key(b).total_cmp(&key(a)));
    order
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
    fn value_for_money_ranks_gain_per_pound_not_total_gain() {
        let d = |mean: f64| Estimate {
            ci95_low: Some(mean - 1.0),
            ci95_high: Some(mean + 1.0),
            ..Estimate::from_samples(&[mean, mean])
        };
        // Smaller is better: a fall of 4 for £1 m beats a fall of 6 for £3 m.
        let cheap = gain_per_million(&d(-4.0), 1e6, false).unwrap();
        let dear = gain_per_million(&d(-6.0), 3e6, false).unwrap();
        let close = |a: [f64; 3], b: [f64; 3]| a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-12);
        assert!(close(cheap, [3.0, 4.0, 5.0]), "{cheap:?}");
        assert!(close(dear, [5.0 / 3.0, 2.0, 7.0 / 3.0]), "{dear:?}");
        assert_eq!(
            value_order(&[Some(dear[1]), None, Some(cheap[1])]),
            [2, 0, 1]
        );
        assert!(gain_per_million(&d(1.0), 0.0, true).is_none());
    }
}
