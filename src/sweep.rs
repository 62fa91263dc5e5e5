//! Sweeps: a scenario run over a grid of one or two parameters.
//!
//! `--set key.path=FROM..TO:STEP` names a parameter and its values; every
//! grid point is run with the same seed, so neighbouring points share their
//! random numbers and differences between them are not noise.

use std::fmt;

/// One swept parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    /// The scenario key path swept, e.g. `teams.x.shifts[2].staff`.
    pub key: String,
    /// Values in increasing order, as written into the scenario (TOML).
    pub values: Vec<String>,
}

/// A target a metric must meet: `metric>=0.9` or `metric<=15`.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    /// The metric's dotted name.
    pub metric: String,
    /// Whether the mean must be at least (`>=`) rather than at most (`<=`)
    /// the threshold.
    pub at_least: bool,
    /// The bound, in the metric's unit.
    pub threshold: f64,
}

impl Target {
    /// Whether a mean meets the target.
    pub fn met_by(&self, mean: f64) -> bool {
        if self.at_least {
            mean >= self.threshold
        } else {
            mean <= self.threshold
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {}",
            self.metric,
            if self.at_least { "≥" } else { "≤" },
            self.threshold
        )
    }
}

/// Largest grid the sweep accepts.
pub const MAX_GRID_POINTS: usize = 10_000;

/// Parses `key.path=FROM..TO:STEP` (STEP defaults to 1). Values are
/// integers when FROM and STEP are.
pub fn parse_axis(spec: &str) -> Result<Axis, String> {
    let (key, range) = spec
        .split_once('=')
        .ok_or_else(|| format!("`{spec}`: expected KEY.PATH=FROM..TO:STEP"))?;
    crate::scenario::overrides::KeyPath::parse(key.trim()).map_err(|m| format!("`{spec}`: {m}"))?;
    let (span, step) = match range.split_once(':') {
        Some((span, step)) => (span, step.trim()),
        None => (range, "1"),
    };
    let (from, to) = span
        .split_once("..")
        .ok_or_else(|| format!("`{spec}`: expected FROM..TO"))?;
    let parse = |s: &str| {
        s.trim()
            .parse::<f64>()
            .map_err(|_| format!("`{spec}`: `{}` is not a number", s.trim()))
    };
    let (a, b, s) = (parse(from)?, parse(to)?, parse(step)?);
    if !(s > 0.0 && a.is_finite() && b.is_finite() && b >= a) {
        return Err(format!("`{spec}`: need FROM ≤ TO and STEP > 0"));
    }
    let n = ((b - a) / s + 1e-9).floor() as usize + 1;
    if n > MAX_GRID_POINTS {
        return Err(format!(
            "`{spec}`: {n} values is more than {MAX_GRID_POINTS}"
        ));
    }
    let integral = [from, step].iter().all(|t| t.trim().parse::<i64>().is_ok());
    let values = (0..n)
        .map(|i| {
            let v = a + s * i as f64;
            if integral {
                format!("{}", v.round() as i64)
            } else {
                format!("{v}")
            }
        })
        .collect();
    Ok(Axis {
        key: key.trim().to_string(),
        values,
    })
}

/// Parses `metric>=value` or `metric<=value`.
pub fn parse_target(spec: &str) -> Result<Target, String> {
    let (metric, at_least, value) = if let Some((m, v)) = spec.split_once(">=") {
        (m, true, v)
    } else if let Some((m, v)) = spec.split_once("<=") {
        (m, false, v)
    } else {
        return Err(format!("`{spec}`: expected METRIC>=VALUE or METRIC<=VALUE"));
    };
    let threshold = value
        .trim()
        .parse::<f64>()
        .map_err(|_| format!("`{spec}`: `{}` is not a number", value.trim()))?;
    let metric = metric.trim();
    if crate::metrics::labels::is_share(metric) && !(0.0..=1.0).contains(&threshold) {
        let hint = if threshold > 1.0 && threshold <= 100.0 {
            format!(
                " (written as a percentage?): did you mean {}?",
                threshold / 100.0
            )
        } else {
            String::new()
        };
        return Err(format!(
            "`{spec}`: `{metric}` is a share, between 0 and 1, so {threshold} can never \
             be the target; hint: a share is between 0 and 1{hint}"
        ));
    }
    Ok(Target {
        metric: metric.to_string(),
        at_least,
        threshold,
    })
}

/// Every grid point as a list of (key, value) overrides, first axis slowest.
pub fn grid(axes: &[Axis]) -> Vec<Vec<(String, String)>> {
    let mut points = vec![Vec::new()];
    for axis in axes {
        points = points
            .into_iter()
            .flat_map(|p| {
                axis.values.iter().map(move |v| {
                    let mut q = p.clone();
                    q.push((axis.key.clone(), v.clone()));
                    q
                })
            })
            .collect();
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_and_grids() {
        let a = parse_axis("teams.x.shifts[2].staff=10..20:5").unwrap();
        assert_eq!(a.values, ["10", "15", "20"]);
        let b = parse_axis("grades.g2.travel_factor=1.0..1.5:0.25").unwrap();
        assert_eq!(b.values, ["1", "1.25", "1.5"]);
        assert_eq!(grid(&[a.clone(), b]).len(), 9);
        assert_eq!(
            grid(&[a])[0],
            [("teams.x.shifts[2].staff".to_string(), "10".to_string())]
        );
        assert!(parse_axis("k=5..1").is_err());
        assert!(parse_axis("k=1..5:0").is_err());
        assert!(parse_axis("k=1..1000000").is_err());
        assert!(parse_axis("k=a..b").is_err());
    }

    #[test]
    fn targets() {
        let t = parse_target("response.g1.within_target_share>=0.9").unwrap();
        assert!(t.at_least && t.met_by(0.95) && !t.met_by(0.85));
        let u = parse_target("x<=15").unwrap();
        assert!(u.met_by(14.0) && !u.met_by(16.0));
        assert!(parse_target("x=3").is_err());
        let e = parse_target("response.g1.within_target_share>=79").unwrap_err();
        assert!(e.contains("did you mean 0.79?"), "{e}");
        let e = parse_target("teams.response_north.utilisation<=-0.1").unwrap_err();
        assert!(
            e.contains("between 0 and 1") && !e.contains("did you mean"),
            "{e}"
        );
        assert!(parse_target("teams.response_north.utilisation<=1").is_ok());
        assert!(parse_target("response.g1.response_time_mean_min<=79").is_ok());
    }
}
