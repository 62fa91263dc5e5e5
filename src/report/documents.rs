//! `comparison.json` and `sweep.json`: what `compare` and `sweep` found, as
//! documents that charts and reports (and `forcesim plot`) are drawn from.
//! Undefined numbers are `null`.

use super::SCHEMA_VERSION;
use crate::batch::BatchResult;
use crate::compare::Difference;
use crate::stats::Estimate;
use crate::sweep::{Axis, Target};
use serde::{Deserialize, Serialize};

/// A metric's mean and 95 % CI over replications.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MetricEstimate {
    /// Dotted metric name.
    pub name: String,
    /// Unit (`share` for 0–1 shares, `£`, `min`, `s`, `count`, …).
    pub unit: String,
    /// Mean over replications, in `unit`; `None` when undefined.
    pub mean: Option<f64>,
    /// Lower end of the 95 % CI, in `unit`; `None` with fewer than two replications.
    pub ci95_low: Option<f64>,
    /// Upper end of the 95 % CI, in `unit`; `None` with fewer than two replications.
    pub ci95_high: Option<f64>,
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

impl MetricEstimate {
    /// The estimate `e` of metric `name` in `unit`; non-finite numbers become `None`.
    pub fn new(name: &str, unit: &str, e: &Estimate) -> Self {
        MetricEstimate {
            name: name.to_string(),
            unit: unit.to_string(),
            mean: finite(e.mean),
            ci95_low: e.ci95_low.and_then(finite),
            ci95_high: e.ci95_high.and_then(finite),
        }
    }

    /// `(low, mean, high)`, the mean standing in for a missing CI end.
    pub fn interval(&self) -> Option<(f64, f64, f64)> {
        let m = self.mean?;
        Some((self.ci95_low.unwrap_or(m), m, self.ci95_high.unwrap_or(m)))
    }
}

/// Every metric of one batch.
pub fn estimates(result: &BatchResult) -> Vec<MetricEstimate> {
    result
        .summary
        .iter()
        .map(|m| MetricEstimate::new(&m.name, m.unit, &m.estimate))
        .collect()
}

/// Finds a metric by name.
pub fn find<'a>(metrics: &'a [MetricEstimate], name: &str) -> Option<&'a MetricEstimate> {
    metrics.iter().find(|m| m.name == name)
}

/// One scenario of a comparison.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ScenarioSummary {
    /// The scenario's name.
    pub name: String,
    /// Where the scenario came from (a path, or the embedded default).
    pub source: String,
    /// Every metric's mean and 95 % CI.
    pub metrics: Vec<MetricEstimate>,
    /// The scenario's places as its tile map lays them out (atoms, their
    /// areas and bases); `None` without a `[geography]`, and absent from
    /// the JSON then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geography: Option<super::charts::tiles::TileLayout>,
}

/// A paired difference (other − base) of one metric.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DifferenceRow {
    /// Dotted metric name.
    pub metric: String,
    /// The metric's unit (differences of shares are in shares, 0–1).
    pub unit: String,
    /// The alternative's name.
    pub scenario: String,
    /// Base mean over replications, in `unit`.
    pub base_mean: Option<f64>,
    /// Alternative's mean over replications, in `unit`.
    pub other_mean: Option<f64>,
    /// Other − base, paired by replication, with its 95 % CI, in `unit`.
    pub difference: MetricEstimate,
    /// The 95 % CI of the difference excludes zero.
    pub clear: bool,
}

impl DifferenceRow {
    /// The row of a computed paired difference (non-finite numbers become `None`).
    pub fn from_difference(d: &Difference) -> Self {
        DifferenceRow {
            metric: d.metric.clone(),
            unit: d.unit.to_string(),
            scenario: d.scenario.clone(),
            base_mean: finite(d.base_mean),
            other_mean: finite(d.other_mean),
            difference: MetricEstimate::new(&d.metric, d.unit, &d.difference),
            clear: d.clear,
        }
    }
}

/// `comparison.json`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ComparisonDoc {
    /// Always [`COMPARISON_KIND`]: marks the file as forcesim's.
    pub kind: String,
    /// Version of this document's layout (bumped on incompatible change).
    pub schema_version: u32,
    /// Base seed shared by every scenario (common random numbers).
    pub seed: u64,
    /// Paired replications per scenario.
    pub replications: u64,
    /// The base first, then the alternatives.
    pub scenarios: Vec<ScenarioSummary>,
    /// Paired differences of every shared metric, per alternative.
    pub differences: Vec<DifferenceRow>,
    /// The appraisal of each costed alternative against the base (empty
    /// when the scenarios have no `[costs]`).
    #[serde(default)]
    pub appraisal: Vec<AppraisalEntry>,
}

/// One row of the appraisal: what an alternative costs per unit of one
/// outcome, as `appraisal.csv` has it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AppraisalEntry {
    /// The alternative's name.
    pub scenario: String,
    /// The outcome's key (`g1_response_time`, …).
    pub outcome: String,
    /// The outcome in words.
    pub label: String,
    /// The unit an improvement is counted in ("minute", "call", …).
    pub per: String,
    /// Mean cost a year of the base and of the alternative, £.
    pub base_cost: f64,
    /// Mean cost a year of the alternative, £.
    pub other_cost: f64,
    /// Other − base, £ a year, paired.
    pub cost_difference: MetricEstimate,
    /// Improvement in `per` units (per year for counts); positive is better.
    pub improvement: MetricEstimate,
    /// £ a year per unit of improvement with its Fieller 95 % CI (all
    /// `None` when the outcome does not clearly change).
    pub cost_per_unit: MetricEstimate,
    /// The cost per unit in words (or why there is none).
    pub text: String,
    /// A plain reading ("cheaper and better", …).
    pub reading: String,
    /// Another option (another alternative or the base itself) has a
    /// lower or equal mean cost and at least as large a mean improvement
    /// in this outcome, one of them strictly: no one should choose this
    /// option for this outcome.
    pub dominated: bool,
}

impl AppraisalEntry {
    /// The entries of `rows`, with dominance worked out per outcome among
    /// the base (no change, no cost) and every alternative.
    pub fn from_rows(rows: &[crate::finance::appraisal::AppraisalRow]) -> Vec<AppraisalEntry> {
        use crate::finance::appraisal::Ratio;
        let point = |r: &crate::finance::appraisal::AppraisalRow| {
            (r.cost_difference.mean, r.improvement.mean)
        };
        rows.iter()
            .map(|r| {
                let (c, y) = point(r);
                let others = rows
                    .iter()
                    .filter(|o| o.outcome.key == r.outcome.key && o.scenario != r.scenario)
                    .map(point)
                    .chain(std::iter::once((0.0, 0.0)));
                let dominated = others
                    .into_iter()
                    .any(|(oc, oy)| oc <= c && oy >= y && (oc < c || oy > y));
                let ratio = match r.cost_per_unit {
                    Ratio::Defined {
                        estimate,
                        low,
                        high,
                    } => MetricEstimate {
                        name: r.outcome.key.into(),
                        unit: "£".into(),
                        mean: finite(estimate),
                        ci95_low: finite(low),
                        ci95_high: finite(high),
                    },
                    Ratio::Undefined => MetricEstimate {
                        name: r.outcome.key.into(),
                        unit: "£".into(),
                        mean: None,
                        ci95_low: None,
                        ci95_high: None,
                    },
                };
                AppraisalEntry {
                    scenario: r.scenario.clone(),
                    outcome: r.outcome.key.into(),
                    label: r.outcome.label.into(),
                    per: r.outcome.per.into(),
                    base_cost: r.base_cost,
                    other_cost: r.other_cost,
                    cost_difference: MetricEstimate::new(
                        "cost_difference",
                        "£",
                        &r.cost_difference,
                    ),
                    improvement: MetricEstimate::new(r.outcome.per, "", &r.improvement),
                    cost_per_unit: ratio,
                    text: super::finance::ratio_text(r),
                    reading: r.verdict(),
                    dominated,
                }
            })
            .collect()
    }
}

/// The `kind` of a comparison document.
pub const COMPARISON_KIND: &str = "forcesim-comparison";
/// The `kind` of a sweep document.
pub const SWEEP_KIND: &str = "forcesim-sweep";

impl ComparisonDoc {
    /// The document of a comparison of `scenarios` (base first) run with `seed` and `replications`, with its paired differences `rows`.
    pub fn new(
        seed: u64,
        replications: u64,
        scenarios: Vec<ScenarioSummary>,
        differences: &[Difference],
    ) -> Self {
        ComparisonDoc {
            kind: COMPARISON_KIND.into(),
            schema_version: SCHEMA_VERSION,
            seed,
            replications,
            scenarios,
            differences: differences
                .iter()
                .map(DifferenceRow::from_difference)
                .collect(),
            appraisal: Vec::new(),
        }
    }
}

/// A swept parameter.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SweepAxis {
    /// The parameter's key path (as given to `--set`).
    pub key: String,
    /// The values swept, as written on the command line.
    pub values: Vec<String>,
}

/// A target on a metric.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SweepTarget {
    /// Dotted metric name.
    pub metric: String,
    /// Met by a mean at least `threshold` (else at most).
    pub at_least: bool,
    /// The threshold, in the metric's unit (shares 0–1).
    pub threshold: f64,
}

impl SweepTarget {
    /// Whether a mean (in the metric's unit) meets the target.
    pub fn met_by(&self, mean: f64) -> bool {
        Target {
            metric: self.metric.clone(),
            at_least: self.at_least,
            threshold: self.threshold,
        }
        .met_by(mean)
    }
}

/// One grid point: the axis values (in axis order) and every metric.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SweepPoint {
    /// The axis values of this point, in axis order.
    pub values: Vec<String>,
    /// Every metric's mean and 95 % CI at this point.
    pub metrics: Vec<MetricEstimate>,
}

/// `sweep.json`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SweepDoc {
    /// Always [`SWEEP_KIND`]: marks the file as forcesim's.
    pub kind: String,
    /// Version of this document's layout (bumped on incompatible change).
    pub schema_version: u32,
    /// The scenario swept.
    pub scenario: String,
    /// Base seed shared by every grid point (common random numbers).
    pub seed: u64,
    /// Replications per grid point.
    pub replications: u64,
    /// The swept parameters (one or two).
    pub axes: Vec<SweepAxis>,
    /// The target, if one was given.
    pub target: Option<SweepTarget>,
    /// Metrics the sweep was asked about (charts are drawn for these).
    pub shown: Vec<String>,
    /// Every grid point, in the order run.
    pub points: Vec<SweepPoint>,
}

impl SweepDoc {
    #[allow(clippy::too_many_arguments)]
    /// The document of a sweep over `axes` of `scenario` with its grid `points` and each point's batch result.
    pub fn new(
        scenario: &str,
        seed: u64,
        replications: u64,
        axes: &[Axis],
        target: Option<&Target>,
        shown: &[String],
        points: &[Vec<(String, String)>],
        results: &[BatchResult],
    ) -> Self {
        SweepDoc {
            kind: SWEEP_KIND.into(),
            schema_version: SCHEMA_VERSION,
            scenario: scenario.to_string(),
            seed,
            replications,
            axes: axes
                .iter()
                .map(|a| SweepAxis {
                    key: a.key.clone(),
                    values: a.values.clone(),
                })
                .collect(),
            target: target.map(|t| SweepTarget {
                metric: t.metric.clone(),
                at_least: t.at_least,
                threshold: t.threshold,
            }),
            shown: shown.to_vec(),
            points: points
                .iter()
                .zip(results)
                .map(|(p, r)| SweepPoint {
                    values: p.iter().map(|(_, v)| v.clone()).collect(),
                    metrics: estimates(r),
                })
                .collect(),
        }
    }
}

/// Largest `comparison.json` or `sweep.json` read, bytes.
pub const MAX_DOCUMENT_BYTES: u64 = 256 * 1024 * 1024;

/// Reads a document (a regular file of at most [`MAX_DOCUMENT_BYTES`]),
/// checking its kind and schema version.
pub fn read<T: for<'de> Deserialize<'de>>(path: &std::path::Path, kind: &str) -> Result<T, String> {
    let text = crate::input::read_to_string(path, MAX_DOCUMENT_BYTES)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    parse(&text, kind).map_err(|e| format!("{}: {e}", path.display()))
}

/// Parses a document from `text`, checking its kind and schema version.
pub fn parse<T: for<'de> Deserialize<'de>>(text: &str, kind: &str) -> Result<T, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let found_kind = value.get("kind").and_then(|k| k.as_str()).unwrap_or("");
    if found_kind != kind {
        return Err(format!(
            "expected a `{kind}` document, found kind `{found_kind}`"
        ));
    }
    let version = value
        .get("schema_version")
        .and_then(serde_json::Value::as_u64);
    if version != Some(u64::from(SCHEMA_VERSION)) {
        return Err(format!(
            "schema version {version:?}, this forcesim reads {SCHEMA_VERSION}"
        ));
    }
    serde_json::from_value(value).map_err(|e| e.to_string())
}
