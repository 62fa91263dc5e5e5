//! Probability distributions of durations, as immutable values.
//!
//! A [`Dist`] is built once from validated parameters (its constructor
//! returns an error instead of panicking) and sampled with a generator passed
//! in. Each variant knows its analytic mean and variance, so tests can check
//! samples against theory. Units are whatever the scenario key says
//! (`_min`, `_hours`); the distribution itself is unitless.

use rand::Rng;
use rand_distr::{Distribution, Exp, Gamma, LogNormal};

/// A non-negative continuous or discrete distribution.
#[derive(Clone, Debug)]
pub enum Dist {
    /// Always `value`.
    Fixed(f64),
    /// Exponential with the given mean.
    Exponential {
        /// Mean, in the unit of the sampled quantity (> 0).
        mean: f64,
        /// The sampler.
        inner: Exp<f64>,
    },
    /// Log-normal parameterised by its own mean and standard deviation.
    LogNormal {
        /// Mean, in the unit of the sampled quantity (> 0).
        mean: f64,
        /// Standard deviation, same unit (> 0).
        sd: f64,
        /// The sampler (parameters of the underlying normal).
        inner: LogNormal<f64>,
    },
    /// Gamma parameterised by mean and standard deviation.
    Gamma {
        /// Mean, in the unit of the sampled quantity (> 0).
        mean: f64,
        /// Standard deviation, same unit (> 0).
        sd: f64,
        /// The sampler (shape and scale).
        inner: Gamma<f64>,
    },
    /// Discrete: `values[i]` with probability proportional to `weights[i]`.
    /// `cumulative` holds the normalised running sum of weights.
    Empirical {
        /// The values drawn (non-empty).
        values: Vec<f64>,
        /// Running share of the weights, ending at 1; same length as `values`.
        cumulative: Vec<f64>,
    },
}

/// Why a distribution's parameters were rejected.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DistError {
    /// A parameter (named) must be finite and > 0; the value given.
    #[error("{0} must be a finite number greater than 0 (got {1})")]
    NotPositive(&'static str, f64),
    /// A parameter (named) must be finite and ≥ 0; the value given.
    #[error("{0} must be a finite number at least 0 (got {1})")]
    Negative(&'static str, f64),
    /// An empirical distribution's values and weights differ in length
    /// or are empty: (values, weights) given.
    #[error(
        "values and weights must be non-empty and of equal length (got {0} values, {1} weights)"
    )]
    EmpiricalShape(usize, usize),
    /// An empirical distribution's weights sum to 0.
    #[error("weights must sum to more than 0")]
    EmpiricalWeights,
    /// A parameter (named) is above 1e9; the value given.
    #[error("{0} must be at most 1e9 (got {1})")]
    TooLarge(&'static str, f64),
}

/// Largest parameter accepted (in the scenario key's unit: a billion
/// minutes is about 1,900 years).
pub const MAX_PARAMETER: f64 = 1e9;

fn positive(name: &'static str, x: f64) -> Result<f64, DistError> {
    if x > MAX_PARAMETER {
        return Err(DistError::TooLarge(name, x));
    }
    if x.is_finite() && x > 0.0 {
        Ok(x)
    } else {
        Err(DistError::NotPositive(name, x))
    }
}

fn non_negative(name: &'static str, x: f64) -> Result<f64, DistError> {
    if x > MAX_PARAMETER {
        return Err(DistError::TooLarge(name, x));
    }
    if x.is_finite() && x >= 0.0 {
        Ok(x)
    } else {
        Err(DistError::Negative(name, x))
    }
}

impl Dist {
    /// A constant.
    pub fn fixed(value: f64) -> Result<Dist, DistError> {
        Ok(Dist::Fixed(non_negative("value", value)?))
    }

    /// Exponential with mean `mean` (> 0).
    pub fn exponential(mean: f64) -> Result<Dist, DistError> {
        let mean = positive("mean", mean)?;
        let inner = Exp::new(1.0 / mean).map_err(|_| DistError::NotPositive("mean", mean))?;
        Ok(Dist::Exponential { mean, inner })
    }

    /// Log-normal with the given mean (> 0) and standard deviation (> 0).
    pub fn lognormal(mean: f64, sd: f64) -> Result<Dist, DistError> {
        let (mean, sd) = (positive("mean", mean)?, positive("sd", sd)?);
        let sigma2 = (1.0 + (sd / mean).powi(2)).ln();
        let mu = mean.ln() - sigma2 / 2.0;
        let inner =
            LogNormal::new(mu, sigma2.sqrt()).map_err(|_| DistError::NotPositive("sd", sd))?;
        Ok(Dist::LogNormal { mean, sd, inner })
    }

    /// Gamma with the given mean (> 0) and standard deviation (> 0).
    pub fn gamma(mean: f64, sd: f64) -> Result<Dist, DistError> {
        let (mean, sd) = (positive("mean", mean)?, positive("sd", sd)?);
        let shape = (mean / sd).powi(2);
        let inner =
            Gamma::new(shape, mean / shape).map_err(|_| DistError::NotPositive("sd", sd))?;
        Ok(Dist::Gamma { mean, sd, inner })
    }

    /// Discrete distribution over `values` with relative `weights`.
    pub fn empirical(values: &[f64], weights: &[f64]) -> Result<Dist, DistError> {
        if values.is_empty() || values.len() != weights.len() {
            return Err(DistError::EmpiricalShape(values.len(), weights.len()));
        }
        for &v in values {
            non_negative("values", v)?;
        }
        for &w in weights {
            non_negative("weights", w)?;
        }
        let total: f64 = weights.iter().sum();
        if total <= 0.0 {
            return Err(DistError::EmpiricalWeights);
        }
        let mut running = 0.0;
        let cumulative = weights
            .iter()
            .map(|w| {
                running += w / total;
                running
            })
            .collect();
        Ok(Dist::Empirical {
            values: values.to_vec(),
            cumulative,
        })
    }

    /// Draws one value (always finite and ≥ 0).
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            Dist::Fixed(v) => *v,
            Dist::Exponential { inner, .. } => inner.sample(rng),
            Dist::LogNormal { inner, .. } => inner.sample(rng),
            Dist::Gamma { inner, .. } => inner.sample(rng),
            Dist::Empirical { values, cumulative } => {
                let u: f64 = rand_distr::StandardUniform.sample(rng);
                let i = cumulative.partition_point(|&c| c <= u);
                values[i.min(values.len() - 1)]
            }
        }
    }

    /// Whether every sample is 0: a fixed 0, or an empirical distribution
    /// whose values are all 0.
    pub fn is_always_zero(&self) -> bool {
        match self {
            Dist::Fixed(v) => *v == 0.0,
            Dist::Empirical { values, .. } => values.iter().all(|&v| v == 0.0),
            _ => false,
        }
    }

    /// The analytic mean.
    pub fn mean(&self) -> f64 {
        match self {
            Dist::Fixed(v) => *v,
            Dist::Exponential { mean, .. }
            | Dist::LogNormal { mean, .. }
            | Dist::Gamma { mean, .. } => *mean,
            Dist::Empirical { values, cumulative } => {
                let mut previous = 0.0;
                values
                    .iter()
                    .zip(cumulative)
                    .map(|(v, c)| {
                        let p = c - previous;
                        previous = *c;
                        v * p
                    })
                    .sum()
            }
        }
    }

    /// The analytic variance.
    pub fn variance(&self) -> f64 {
        match self {
            Dist::Fixed(_) => 0.0,
            Dist::Exponential { mean, .. } => mean * mean,
            Dist::LogNormal { sd, .. } | Dist::Gamma { sd, .. } => sd * sd,
            Dist::Empirical { values, cumulative } => {
                let m = self.mean();
                let mut previous = 0.0;
                values
                    .iter()
                    .zip(cumulative)
                    .map(|(v, c)| {
                        let p = c - previous;
                        previous = *c;
                        (v - m).powi(2) * p
                    })
                    .sum()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::random::stream;

    /// Sample mean and variance within 5 standard errors of the analytic ones.
    fn check_moments(d: &Dist) {
        let mut rng = stream(7, 0, "dist-test");
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|_| d.sample(&mut rng)).collect();
        let mean = xs.iter().sum::<f64>() / f64::from(n);
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / f64::from(n - 1);
        let se_mean = (d.variance() / f64::from(n)).sqrt();
        assert!(
            (mean - d.mean()).abs() <= 5.0 * se_mean + 1e-12,
            "{d:?}: mean {mean} vs {}",
            d.mean()
        );
        // Variance of the sample variance needs the 4th moment; a 5 % band is
        // generous for these light-tailed cases at n = 200k.
        assert!(
            (var - d.variance()).abs() <= 0.05 * d.variance() + 1e-12,
            "{d:?}: var {var} vs {}",
            d.variance()
        );
        assert!(xs.iter().all(|x| x.is_finite() && *x >= 0.0));
    }

    #[test]
    fn samples_match_analytic_moments() {
        check_moments(&Dist::exponential(3.0).unwrap());
        check_moments(&Dist::lognormal(10.0, 4.0).unwrap());
        check_moments(&Dist::gamma(5.0, 2.0).unwrap());
        check_moments(&Dist::empirical(&[1.0, 2.0, 10.0], &[1.0, 2.0, 1.0]).unwrap());
        check_moments(&Dist::fixed(4.0).unwrap());
    }

    #[test]
    fn bad_parameters_are_errors_not_panics() {
        assert!(Dist::exponential(0.0).is_err());
        assert!(Dist::exponential(f64::NAN).is_err());
        assert!(Dist::lognormal(5.0, -1.0).is_err());
        assert!(Dist::gamma(f64::INFINITY, 1.0).is_err());
        assert!(Dist::empirical(&[1.0], &[1.0, 2.0]).is_err());
        assert!(Dist::empirical(&[1.0], &[0.0]).is_err());
        assert!(Dist::fixed(-1.0).is_err());
    }
}
