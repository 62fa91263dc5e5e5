//! The validation suite behind `forcesim validate`: reduced scenarios with
//! known answers, run through the whole simulator, checked against theory.
//!
//! Each statistical check compares an analytic value with the mean over
//! independent replications. A check passes when the analytic value lies in
//! the replication mean's confidence interval at the Bonferroni-corrected
//! level 1 − 0.05/K for the K statistical checks of the suite (so the whole
//! suite has at most a 5 % chance of a false failure), *and* the 95 %
//! interval is narrow enough to be informative (half-width at most 10 % of
//! the analytic value, or 0.01 for shares). The 95 % interval is what is
//! shown. Identities (Little's law on the simulation's own books) must hold
//! to 1e-6.

mod cases;
pub mod hypercube;
mod places;
pub mod reduced;

pub use cases::{arrival_checks, little_checks, statistical_cases};
pub use places::{
    hypercube_cases, infinite_line_hypercube_cases, square_root_cases, zero_line_hypercube_cases,
};

use crate::batch::{self, BatchError, BatchOptions};
use crate::scenario::ScenarioError;
use crate::stats::{Estimate, student_t_quantile};

/// One quantity checked against theory.
#[derive(Clone, Debug)]
pub struct Check {
    /// The reduced model, e.g. `M/M/5, ρ = 0.90`.
    pub case: String,
    /// What is compared, e.g. `mean wait (min)`.
    pub quantity: String,
    /// The theoretical value.
    pub analytic: f64,
    /// The simulated estimate over replications (95 % CI).
    pub simulated: Estimate,
    /// Whether the simulation agrees with the theory (by the rule in `note`).
    pub pass: bool,
    /// Why it failed, or the rule it passed.
    pub note: String,
    /// The reduced model's parameters that the analytic value was computed
    /// from, named with their units (e.g. `servers`, `arrival_rate_per_min`),
    /// so that the theory can be recomputed outside forcesim; empty for
    /// checks without a closed-form model (identities, arrival tests).
    pub parameters: Vec<(String, f64)>,
}

/// A quantity read from a batch's metrics.
pub struct Quantity {
    /// What is compared, in words with its unit (`mean wait (min)`).
    pub label: String,
    /// Metric name in the batch summary.
    pub metric: String,
    /// Multiply the metric by this (e.g. 1/60 for seconds to minutes).
    pub scale: f64,
    /// Use 1 − value (e.g. P(wait) from the share answered without waiting).
    pub complement: bool,
    /// The theoretical value, in the label's unit (NaN when theory has none).
    pub analytic: f64,
    /// The quantity is a share (sets the informativeness floor).
    pub is_share: bool,
}

/// A reduced scenario and what theory says about it.
pub struct StatisticalCase {
    /// The case in words (the model and its load).
    pub name: String,
    /// The reduced scenario simulated.
    pub scenario: reduced::Reduced,
    /// Replications run.
    pub replications: u64,
    /// What is compared with theory.
    pub quantities: Vec<Quantity>,
    /// The parameters theory uses, copied into each [`Check`].
    pub parameters: Vec<(String, f64)>,
}

/// Why the suite could not run.
#[derive(Debug, thiserror::Error)]
pub enum SuiteError {
    /// A reduced scenario did not compile (a bug in forcesim).
    #[error("reduced scenario `{case}` is invalid (a bug in forcesim): {source}")]
    Scenario {
        /// The case's name.
        case: String,
        /// Why it did not compile.
        source: ScenarioError,
    },
    /// A batch could not run.
    #[error(transparent)]
    Batch(#[from] BatchError),
}

/// Runs the whole suite with base seed `seed`.
pub fn run_suite(seed: u64, threads: Option<usize>) -> Result<Vec<Check>, SuiteError> {
    run_suite_with_progress(seed, threads, &|| {})
}

/// The number of replications [`run_suite`] simulates: the statistical
/// cases' and Little's law's (the arrival checks simulate none). The
/// cases' horizons differ, so a replication is a rough unit of work.
pub fn suite_replications() -> u64 {
    let cases: u64 = statistical_cases().iter().map(|c| c.replications).sum();
    cases + cases::LITTLE_REPLICATIONS
}

/// [`run_suite`], calling `on_done` (from worker threads) as each of its
/// [`suite_replications`] replications finishes, for progress display.
pub fn run_suite_with_progress(
    seed: u64,
    threads: Option<usize>,
    on_done: &(dyn Fn() + Sync),
) -> Result<Vec<Check>, SuiteError> {
    let cases = statistical_cases();
    let k = cases.iter().map(|c| c.quantities.len()).sum::<usize>() + 2; // + arrival checks
    let alpha = 0.05 / k as f64;
    let mut checks = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let case_seed = seed.wrapping_add(i as u64);
        checks.extend(run_case_with_progress(
            case, case_seed, threads, alpha, on_done,
        )?);
    }
    checks.extend(cases::little_checks_with_progress(seed, threads, on_done)?);
    checks.extend(arrival_checks(seed, alpha));
    Ok(checks)
}

/// Runs one statistical case.
pub fn run_case(
    case: &StatisticalCase,
    seed: u64,
    threads: Option<usize>,
    alpha: f64,
) -> Result<Vec<Check>, SuiteError> {
    run_case_with_progress(case, seed, threads, alpha, &|| {})
}

/// [`run_case`], calling `on_done` as each replication finishes.
fn run_case_with_progress(
    case: &StatisticalCase,
    seed: u64,
    threads: Option<usize>,
    alpha: f64,
    on_done: &(dyn Fn() + Sync),
) -> Result<Vec<Check>, SuiteError> {
    let text = case.scenario.to_toml();
    let (_, model) = crate::scenario::from_str(&case.name, &text, std::path::Path::new("."))
        .map_err(|source| SuiteError::Scenario {
            case: case.name.clone(),
            source,
        })?;
    let options = BatchOptions {
        seed,
        replications: case.replications,
        threads,
    };
    let result = batch::run(&model, options, on_done)?;
    Ok(case
        .quantities
        .iter()
        .map(|q| {
            let values: Vec<f64> = result
                .values(&q.metric)
                .iter()
                .map(|v| if q.complement { 1.0 - v } else { *v } * q.scale)
                .collect();
            Check {
                parameters: case.parameters.clone(),
                ..judge(&case.name, q, &values, alpha)
            }
        })
        .collect())
}

/// Compares replication values with the analytic value.
fn judge(case: &str, q: &Quantity, values: &[f64], alpha: f64) -> Check {
    let simulated = Estimate::from_samples(values);
    let (pass, note) = verdict(q.analytic, &simulated, alpha, q.is_share);
    Check {
        case: case.to_string(),
        quantity: q.label.clone(),
        analytic: q.analytic,
        simulated,
        pass,
        note,
        parameters: Vec::new(),
    }
}

/// The pass rule described in the module documentation.
pub fn verdict(analytic: f64, e: &Estimate, alpha: f64, is_share: bool) -> (bool, String) {
    let (Some(sd), Some(half95)) = (e.sd, e.half_width()) else {
        return (false, "fewer than two replications".into());
    };
    let n = e.n as f64;
    let wide = student_t_quantile(1.0 - alpha / 2.0, n - 1.0) * sd / n.sqrt();
    let floor = if is_share { 0.01 } else { 0.1 * analytic.abs() };
    if !analytic.is_finite() {
        (false, "no analytic value (unstable?)".into())
    } else if half95 > floor.max(1e-9) {
        (
            false,
            format!("too imprecise: 95 % half-width {half95:.3} exceeds {floor:.3}"),
        )
    } else if (e.mean - analytic).abs() <= wide {
        (
            true,
            format!("inside the {:.2} % CI", 100.0 * (1.0 - alpha)),
        )
    } else {
        (
            false,
            format!("outside the {:.2} % CI ±{wide:.4}", 100.0 * (1.0 - alpha)),
        )
    }
}
