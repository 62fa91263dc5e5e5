//! Appraisal: what a change costs per unit of what it buys.
//!
//! # Method
//!
//! Scenarios are compared under common random numbers: replication *i* of
//! each sees the same demand. For replication *i* let `c_i` be the paired
//! difference in `cost.total_per_year` (other − base, £ a year) and `y_i`
//! the paired difference in an outcome, written as an *improvement* in the
//! outcome's unit (positive is better: minutes saved, percentage points
//! gained, calls no longer abandoned). The cost per unit of improvement is
//! the ratio of the means, `R = c̄ / ȳ`.
//!
//! Its 95 % confidence interval is **Fieller's**: every `R` for which
//! `c̄ − R·ȳ` is not significantly different from zero,
//!
//! ```text
//! (c̄ − R ȳ)² ≤ t² (s_cc − 2R s_cy + R² s_yy) / n
//! ```
//!
//! with `t` the 0.975 quantile of Student's t on n − 1 degrees of freedom
//! and `s` the sample (co)variances of the pairs. The set is a bounded
//! interval exactly when `ȳ² > t² s_yy / n`, that is when the outcome's
//! own 95 % CI excludes zero. Otherwise it is unbounded (or the whole
//! line), and the ratio is reported as **undefined: the outcome does not
//! clearly change** rather than as a number. When costs do not vary
//! between replications (`s_cc = s_cy = 0`) the interval reduces to
//! `c̄ / (ȳ ± t·s_y/√n)`.
//!
//! Outcomes that are counts of events (calls abandoned, investigations
//! completed, demand avoided) are divided by the years the run covers, so a
//! cost per year is set against an outcome per year; levels (a mean
//! response time, a share, a backlog at the end) are not.

pub mod buy;
pub mod options;

use crate::batch::BatchResult;
use crate::metrics::names::{self as n, Family};
use crate::stats::{Estimate, RunningMoments, student_t_quantile};

/// Which way an outcome improves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Better {
    /// Lower is better (a response time, calls abandoned, a backlog).
    Lower,
    /// Higher is better (a share within target, investigations completed).
    Higher,
}

/// Where an outcome's value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// One metric: a family and its parts.
    Metric(Family, &'static [&'static str]),
    /// The sum of every metric of a family (e.g. every channel's abandoned
    /// calls), replication by replication.
    Sum(Family),
}

/// A headline outcome a finance user prices.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outcome {
    /// Stable key (in `appraisal.csv`).
    pub key: &'static str,
    /// What it is, in words.
    pub label: &'static str,
    /// The unit a cost is quoted per ("minute", "percentage point", …).
    pub per: &'static str,
    /// An improvement in words after its size ("minutes faster").
    pub gain: &'static str,
    /// A worsening in words after its size ("minutes slower").
    pub loss: &'static str,
    /// Metric units in one `per` unit (0.01 for a share per percentage point).
    pub metric_units_per_unit: f64,
    /// Which way the outcome improves.
    pub better: Better,
    /// A count over the run, divided by its years.
    pub per_year: bool,
    /// The metric (or metrics, summed) the outcome is read from.
    pub source: Source,
}

/// The headline outcomes, in the order reports show them.
pub const OUTCOMES: [Outcome; 6] = [
    Outcome {
        key: "g1_response_time",
        label: "G1 mean response time",
        per: "minute",
        gain: "minutes faster",
        loss: "minutes slower",
        metric_units_per_unit: 1.0,
        better: Better::Lower,
        per_year: false,
        source: Source::Metric(n::RESPONSE_RESPONSE_TIME_MEAN_MIN, &["g1"]),
    },
    Outcome {
        key: "g1_within_target",
        label: "G1 attended within target",
        per: "percentage point",
        gain: "percentage points more",
        loss: "percentage points fewer",
        metric_units_per_unit: 0.01,
        better: Better::Higher,
        per_year: false,
        source: Source::Metric(n::RESPONSE_WITHIN_TARGET_SHARE, &["g1"]),
    },
    Outcome {
        key: "calls_abandoned",
        label: "calls abandoned a year",
        per: "call",
        gain: "fewer calls abandoned",
        loss: "more calls abandoned",
        metric_units_per_unit: 1.0,
        better: Better::Lower,
        per_year: true,
        source: Source::Sum(n::CALLS_ABANDONED),
    },
    Outcome {
        key: "investigations_completed",
        label: "investigations completed a year",
        per: "investigation",
        gain: "more investigations",
        loss: "fewer investigations",
        metric_units_per_unit: 1.0,
        better: Better::Higher,
        per_year: true,
        source: Source::Metric(n::CRIMES_INVESTIGATED, &[]),
    },
    Outcome {
        key: "backlog",
        label: "open investigations at the end",
        per: "case",
        gain: "fewer open cases",
        loss: "more open cases",
        metric_units_per_unit: 1.0,
        better: Better::Lower,
        per_year: false,
        source: Source::Sum(n::INVESTIGATIONS_BACKLOG_AT_END),
    },
    Outcome {
        key: "demand_avoided",
        label: "demand avoided by prevention a year",
        per: "contact",
        gain: "more contacts avoided",
        loss: "fewer contacts avoided",
        metric_units_per_unit: 1.0,
        better: Better::Higher,
        per_year: true,
        source: Source::Sum(n::PREVENTION_DEMAND_AVOIDED),
    },
];

impl Outcome {
    /// The outcome in each replication (in metric units, over the run), or
    /// `None` if the batch has no metric it is made of.
    pub fn values(&self, result: &BatchResult) -> Option<Vec<f64>> {
        let indices: Vec<usize> = result
            .summary
            .iter()
            .enumerate()
            .filter(|(_, m)| match self.source {
                Source::Metric(family, parts) => m.name == family.name(parts),
                Source::Sum(family) => family.matches(&m.name),
            })
            .map(|(i, _)| i)
            .collect();
        if indices.is_empty() {
            return None;
        }
        Some(
            result
                .replications
                .iter()
                .map(|r| indices.iter().map(|&i| r.values[i]).sum())
                .collect(),
        )
    }

    /// The range a difference of the outcome's metric can take, in metric
    /// units ([`crate::batch::difference_range`]); unbounded for a sum of a
    /// family (counts) or a metric the batch lacks.
    pub fn difference_range(&self, result: &BatchResult) -> (f64, f64) {
        match self.source {
            Source::Metric(family, parts) => {
                let name = family.name(parts);
                result
                    .metric(&name)
                    .map_or((f64::NEG_INFINITY, f64::INFINITY), |m| {
                        crate::batch::difference_range(&name, m.unit)
                    })
            }
            Source::Sum(_) => (f64::NEG_INFINITY, f64::INFINITY),
        }
    }

    /// Turns a difference in metric units over a run of `years` into an
    /// improvement in `per` units (positive is better).
    pub fn improvement(&self, difference: f64, years: f64) -> f64 {
        let sign = match self.better {
            Better::Lower => -1.0,
            Better::Higher => 1.0,
        };
        let per_year = if self.per_year { years } else { 1.0 };
        sign * difference / self.metric_units_per_unit / per_year
    }
}

/// A ratio of two paired mean differences with its Fieller 95 % CI.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Ratio {
    /// The denominator's 95 % CI excludes zero: a bounded interval.
    Defined {
        /// The ratio of the means, `c̄ / ȳ`.
        estimate: f64,
        /// Lower end of the Fieller 95 % interval.
        low: f64,
        /// Upper end of the Fieller 95 % interval.
        high: f64,
    },
    /// The denominator is not clearly different from zero (or fewer than
    /// two pairs): no finite interval exists.
    Undefined,
}

/// `mean(numerator) / mean(denominator)` over pairs with Fieller's 95 %
/// interval (see the module docs). Pairs with a NaN on either side are
/// skipped.
pub fn fieller(numerator: &[f64], denominator: &[f64]) -> Ratio {
    let pairs: Vec<(f64, f64)> = numerator
        .iter()
        .zip(denominator)
        .map(|(&c, &y)| (c, y))
        .filter(|(c, y)| !c.is_nan() && !y.is_nan())
        .collect();
    let n = pairs.len();
    if n < 2 {
        return Ratio::Undefined;
    }
    let nf = n as f64;
    let (mut mc, mut my) = (RunningMoments::new(), RunningMoments::new());
    for &(c, y) in &pairs {
        mc.push(c);
        my.push(y);
    }
    let (c, y) = (mc.mean(), my.mean());
    let cov = pairs.iter().map(|&(a, b)| (a - c) * (b - y)).sum::<f64>() / (nf - 1.0);
    let (s_cc, s_yy) = (mc.variance(), my.variance());
    let t2 = student_t_quantile(0.975, nf - 1.0).powi(2);
    let a = y * y - t2 * s_yy / nf;
    if a <= 0.0 || y == 0.0 {
        return Ratio::Undefined;
    }
    let b = c * y - t2 * cov / nf;
    let k = c * c - t2 * s_cc / nf;
    let root = (b * b - a * k).max(0.0).sqrt();
    Ratio::Defined {
        estimate: c / y,
        low: (b - root) / a,
        high: (b + root) / a,
    }
}

/// One outcome of one alternative against the base, priced.
#[derive(Clone, Debug)]
pub struct AppraisalRow {
    /// Name of the alternative scenario.
    pub scenario: String,
    /// The outcome priced.
    pub outcome: Outcome,
    /// Mean `cost.total_per_year` of the base and the alternative, £.
    pub base_cost: f64,
    /// Mean `cost.total_per_year` of the alternative, £.
    pub other_cost: f64,
    /// Other − base, £ per year, paired, with its 95 % CI.
    pub cost_difference: Estimate,
    /// Improvement in the outcome's `per` unit (per year for counts),
    /// paired, with its 95 % CI; positive is better.
    pub improvement: Estimate,
    /// £ per year per unit of improvement.
    pub cost_per_unit: Ratio,
}

/// Prices every headline outcome both batches have. Empty unless both
/// have `cost.total_per_year`. `years` is the length of the run's
/// accounts (for counts per year). Batches must be paired (same seed and
/// replication indices).
pub fn appraise(
    base: &BatchResult,
    other: &BatchResult,
    scenario: &str,
    years: f64,
) -> Vec<AppraisalRow> {
    const COST: &str = n::COST_TOTAL_PER_YEAR.pattern;
    let (Some(bc), Some(oc)) = (base.metric(COST), other.metric(COST)) else {
        return Vec::new();
    };
    let (bcost, ocost) = (base.values(COST), other.values(COST));
    let cost_diffs: Vec<f64> = bcost.iter().zip(&ocost).map(|(b, o)| o - b).collect();
    OUTCOMES
        .iter()
        .filter_map(|outcome| {
            let (b, o) = (outcome.values(base)?, outcome.values(other)?);
            let improvements: Vec<f64> = b
                .iter()
                .zip(&o)
                .map(|(b, o)| outcome.improvement(o - b, years))
                .collect();
            // A difference of shares is at most ±100 points: the CI is cut
            // to the range, as every paired difference is
            // (`crate::batch::paired_difference`).
            let (low, high) = outcome.difference_range(base);
            let (improvement, _) = Estimate::from_samples(&improvements).within(
                outcome
                    .improvement(low, years)
                    .min(outcome.improvement(high, years)),
                outcome
                    .improvement(low, years)
                    .max(outcome.improvement(high, years)),
            );
            Some(AppraisalRow {
                scenario: scenario.to_string(),
                outcome: *outcome,
                base_cost: bc.estimate.mean,
                other_cost: oc.estimate.mean,
                cost_difference: Estimate::from_samples(&cost_diffs),
                improvement,
                cost_per_unit: fieller(&cost_diffs, &improvements),
            })
        })
        .collect()
}

/// Whether an estimate's 95 % CI lies wholly above (1) or below (−1) zero.
fn side(e: &Estimate) -> i8 {
    match (e.ci95_low, e.ci95_high) {
        (Some(lo), _) if lo > 0.0 => 1,
        (_, Some(hi)) if hi < 0.0 => -1,
        _ => 0,
    }
}

impl AppraisalRow {
    /// Whether the two options cost the same: the paired cost difference
    /// and both ends of its 95 % CI are under £0.50 a year in size (so each
    /// shows as £0), as when the scenarios differ in nothing priced.
    pub fn same_cost(&self) -> bool {
        let d = &self.cost_difference;
        let nil = |x: f64| x.abs() < 0.5;
        nil(d.mean) && d.ci95_low.is_none_or(nil) && d.ci95_high.is_none_or(nil)
    }

    /// A plain reading of the row.
    pub fn verdict(&self) -> String {
        if self.same_cost() {
            // No ratio to read: the outcome alone decides.
            return match side(&self.improvement) {
                _ if matches!(self.cost_per_unit, Ratio::Undefined) => {
                    "the same cost; no clear change in the outcome".into()
                }
                1 => "the same cost and better: the alternative is the better option".into(),
                -1 => "the same cost and worse: the base is the better option".into(),
                _ => "the same cost; no clear change in the outcome".into(),
            };
        }
        if matches!(self.cost_per_unit, Ratio::Undefined) {
            return "no clear change in the outcome".into();
        }
        match (side(&self.improvement), side(&self.cost_difference)) {
            (1, 1) => "dearer and better".into(),
            (1, -1) => "cheaper and better".into(),
            (1, _) => "better; the cost difference is not clear".into(),
            (_, 1) => "dearer and worse".into(),
            (_, -1) => "cheaper and worse: the ratio is the saving per unit lost".into(),
            _ => "worse; the cost difference is not clear".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fieller_with_constant_costs_is_the_cost_over_the_outcome_interval() {
        let c = [1000.0; 5];
        let y = [1.0, 2.0, 3.0, 2.0, 2.0];
        let Ratio::Defined {
            estimate,
            low,
            high,
        } = fieller(&c, &y)
        else {
            panic!("defined")
        };
        let e = Estimate::from_samples(&y);
        assert!((estimate - 500.0).abs() < 1e-9);
        assert!((low - 1000.0 / e.ci95_high.unwrap()).abs() < 1e-6);
        assert!((high - 1000.0 / e.ci95_low.unwrap()).abs() < 1e-6);
    }

    #[test]
    fn fieller_is_undefined_when_the_outcome_ci_spans_zero() {
        let c = [10.0, 11.0, 9.0, 10.0];
        assert_eq!(fieller(&c, &[1.0, -1.0, 0.5, -0.4]), Ratio::Undefined);
        assert_eq!(fieller(&c, &[0.0; 4]), Ratio::Undefined);
        assert_eq!(fieller(&c[..1], &[1.0]), Ratio::Undefined);
    }

    #[test]
    fn fieller_ends_are_where_the_difference_test_turns() {
        // Fieller's set is {R : (c̄ − Rȳ)² ≤ t² var(c − R y) / n}: at its
        // ends the two sides are equal, inside the left is smaller.
        let c = [100.0, 120.0, 90.0, 110.0, 105.0, 95.0];
        let y = [10.0, 10.5, 8.0, 11.0, 9.0, 10.0];
        let Ratio::Defined {
            estimate,
            low,
            high,
        } = fieller(&c, &y)
        else {
            panic!("defined")
        };
        let gap = |r: f64| {
            let d: Vec<f64> = c.iter().zip(&y).map(|(c, y)| c - r * y).collect();
            let e = Estimate::from_samples(&d);
            let t = student_t_quantile(0.975, 5.0);
            e.mean.powi(2) - (t * e.sd.unwrap()).powi(2) / 6.0
        };
        assert!(low < estimate && estimate < high);
        for end in [low, high] {
            assert!(gap(end).abs() < 1e-6 * gap(estimate).abs(), "{end}");
        }
        assert!(gap(estimate) < 0.0 && gap(0.5 * (low + estimate)) < 0.0);
        assert!(gap(low - 0.1) > 0.0 && gap(high + 0.1) > 0.0);
        // Noisier outcomes with the same costs give a wider interval.
        let width = |y: &[f64]| match fieller(&[50.0; 6], y) {
            Ratio::Defined { low, high, .. } => high - low,
            Ratio::Undefined => f64::INFINITY,
        };
        assert!(width(&[10.0, 10.1, 9.9, 10.0, 10.05, 9.95]) < width(&y));
    }
}
