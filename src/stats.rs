//! Numerics with no policing in them: streaming moments, a mergeable
//! quantile histogram, time-weighted averages, Student-t / chi-square helpers
//! and replication estimates with confidence intervals.
//!
//! Everything here is deterministic: no randomness, no clocks, no global state,
//! and no printing. Nothing panics on any input (invalid inputs give `NaN`,
//! `None` or an `Err`, as documented per item).

use serde::{Deserialize, Serialize};
use statrs::distribution::{ChiSquared, ContinuousCDF, Normal, StudentsT};

// ---------------------------------------------------------------------------
// RunningMoments
// ---------------------------------------------------------------------------

/// Streaming mean and variance of a sequence of `f64` values (Welford 1962),
/// mergeable with the parallel combination of Chan, Golub & LeVeque (1979).
///
/// Units are those of the pushed values (the variance is in units squared).
/// Invariant: `count()` is the number of values pushed (including `NaN`s,
/// which poison the mean; filter them first if they can occur).
#[derive(Clone, Debug, Default)]
pub struct RunningMoments {
    count: u64,
    mean: f64,
    /// Sum of squared deviations from the running mean.
    m2: f64,
    sum: f64,
}

impl RunningMoments {
    /// An empty accumulator (count 0).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one observation. O(1), no allocation.
    pub fn push(&mut self, x: f64) {
        self.count += 1;
        let delta = x - self.mean;
        self.mean += delta / self.count as f64;
        self.m2 += delta * (x - self.mean);
        self.sum += x;
    }

    /// Number of observations pushed (or merged in).
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Arithmetic mean, in the units of the values; `NaN` when empty.
    pub fn mean(&self) -> f64 {
        if self.count == 0 { f64::NAN } else { self.mean }
    }

    /// Sample variance (divisor n − 1), in units squared; `NaN` when
    /// `count() < 2`. Never negative.
    pub fn variance(&self) -> f64 {
        if self.count < 2 {
            f64::NAN
        } else {
            (self.m2 / (self.count - 1) as f64).max(0.0)
        }
    }

    /// Sample standard deviation, `variance().sqrt()`; `NaN` when `count() < 2`.
    pub fn sd(&self) -> f64 {
        self.variance().sqrt()
    }

    /// Plain sum of the observations (0 when empty).
    pub fn sum(&self) -> f64 {
        self.sum
    }

    /// Folds `other` into `self`, as if all of `other`'s observations had
    /// been pushed here (Chan et al. parallel formula). The result is exact up
    /// to rounding, but not bit-identical to pushing in sequence; merge in a
    /// fixed order if bit-reproducibility matters.
    pub fn merge(&mut self, other: &RunningMoments) {
        if other.count == 0 {
            return;
        }
        if self.count == 0 {
            *self = other.clone();
            return;
        }
        let n_a = self.count as f64;
        let n_b = other.count as f64;
        let n = n_a + n_b;
        let delta = other.mean - self.mean;
        self.mean += delta * n_b / n;
        self.m2 += other.m2 + delta * delta * n_a * n_b / n;
        self.count += other.count;
        self.sum += other.sum;
    }
}

// ---------------------------------------------------------------------------
// LogHistogram
// ---------------------------------------------------------------------------

/// Relative width of each logarithmic bucket: upper/lower = `GROWTH`.
const GROWTH: f64 = 1.01;
/// Number of equal-width buckets covering (0, `min_value`).
const LINEAR_BUCKETS: usize = 100;

/// Error from [`LogHistogram::new`]: the layout parameters were invalid.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InvalidLayout {
    /// The `min_value` passed in.
    pub min_value: f64,
    /// The `max_value` passed in.
    pub max_value: f64,
}

impl std::fmt::Display for InvalidLayout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "histogram layout needs 0 < min_value < max_value, both finite (got min_value {}, max_value {})",
            self.min_value, self.max_value
        )
    }
}

impl std::error::Error for InvalidLayout {}

/// Error from [`LogHistogram::merge`]: the two histograms were built with
/// different `min_value`/`max_value`, so their buckets do not line up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LayoutMismatch;

impl std::fmt::Display for LayoutMismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot merge histograms with different layouts")
    }
}

impl std::error::Error for LayoutMismatch {}

/// A streaming, mergeable quantile estimator for non-negative values (for
/// example waits in seconds or minutes; the unit is whatever you record, and
/// `min_value`/`max_value` are in the same unit).
///
/// # Layout (fixed at construction, storage allocated once)
///
/// * a **zero bucket** for values `<= 0` (exact zeros, e.g. no wait, and tiny
///   negative rounding residue), represented by `0`;
/// * **100 linear buckets** of width `min_value / 100` covering
///   `(0, min_value)`, each represented by its midpoint;
/// * **logarithmic buckets** `[min_value·1.01^k, min_value·1.01^(k+1))` up to
///   `max_value` (the last one is cut at `max_value`), each represented by its
///   geometric midpoint;
/// * an **overflow bucket** for values `> max_value` (including `+∞`),
///   represented by `max_value` in [`quantile`](Self::quantile) and counted by
///   [`overflow_count`](Self::overflow_count).
///
/// # Accuracy
///
/// The histogram answers as if each recorded value had been replaced by its
/// bucket's representative. Hence, for the same rank definition (see
/// [`quantile`](Self::quantile)), a reported quantile `v` of a true sample
/// quantile `x` satisfies `|v − x| ≤ 0.5 %·x` when
/// `min_value ≤ x ≤ max_value`, `|v − x| ≤ 0.005·min_value` when
/// `0 < x < min_value`, `v = 0` when `x = 0`, and `v = max_value < x` when
/// `x > max_value` (a lower bound).
///
/// `record` is O(1) (one `ln`, no search, no allocation); `quantile` and
/// `share_at_most` scan the buckets (≈ 100 + 232 per decade of range).
/// `NaN`s are not recorded; they are counted in [`nan_count`](Self::nan_count).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LogHistogram {
    min_value: f64,
    max_value: f64,
    /// Width of one linear bucket: `min_value / LINEAR_BUCKETS`.
    linear_width: f64,
    /// `1 / ln(GROWTH)`.
    inv_ln_growth: f64,
    /// Number of logarithmic buckets.
    log_buckets: usize,
    /// zero bucket, linear buckets, log buckets, overflow bucket.
    counts: Vec<u64>,
    total: u64,
    nan_count: u64,
}

impl LogHistogram {
    /// Builds an empty histogram for values measured in some unit, with
    /// relative resolution 1 % (±0.5 %) on `[min_value, max_value]`.
    ///
    /// Requires `0 < min_value < max_value`, both finite; otherwise returns
    /// [`InvalidLayout`]. Memory is about `8·(102 + 232·log10(max/min))` bytes.
    pub fn new(min_value: f64, max_value: f64) -> Result<Self, InvalidLayout> {
        let valid = min_value.is_finite()
            && max_value.is_finite()
            && min_value > 0.0
            && max_value > min_value;
        if !valid {
            return Err(InvalidLayout {
                min_value,
                max_value,
            });
        }
        let inv_ln_growth = 1.0 / GROWTH.ln();
        let log_buckets = (((max_value / min_value).ln() * inv_ln_growth).ceil() as usize).max(1);
        Ok(Self {
            min_value,
            max_value,
            linear_width: min_value / LINEAR_BUCKETS as f64,
            inv_ln_growth,
            log_buckets,
            counts: vec![0; LINEAR_BUCKETS + log_buckets + 2],
            total: 0,
            nan_count: 0,
        })
    }

    /// The layout forcesim uses for every duration (seconds or minutes):
    /// resolution ±0.5 % from 0.01 to 10⁷ units, about 17 KiB.
    pub fn for_durations() -> Self {
        Self::new(0.01, 1.0e7).unwrap_or_else(|_| Self::empty_fallback())
    }

    /// A minimal histogram, only reachable if the constant layout in
    /// [`for_durations`](Self::for_durations) were invalid.
    fn empty_fallback() -> Self {
        Self {
            min_value: 1.0,
            max_value: 2.0,
            linear_width: 1.0 / LINEAR_BUCKETS as f64,
            inv_ln_growth: 1.0 / GROWTH.ln(),
            log_buckets: 1,
            counts: vec![0; LINEAR_BUCKETS + 3],
            total: 0,
            nan_count: 0,
        }
    }

    /// The floor of the logarithmic region, in the recorded unit.
    pub fn min_value(&self) -> f64 {
        self.min_value
    }

    /// The top of the logarithmic region, in the recorded unit; larger values
    /// go to the overflow bucket.
    pub fn max_value(&self) -> f64 {
        self.max_value
    }

    fn overflow_index(&self) -> usize {
        self.counts.len() - 1
    }

    /// Bucket index of a non-NaN value. Monotone non-decreasing in `x`.
    fn index(&self, x: f64) -> usize {
        if x <= 0.0 {
            0
        } else if x < self.min_value {
            1 + ((x / self.linear_width) as usize).min(LINEAR_BUCKETS - 1)
        } else if x > self.max_value {
            self.overflow_index()
        } else {
            let k = ((x / self.min_value).ln() * self.inv_ln_growth) as usize;
            1 + LINEAR_BUCKETS + k.min(self.log_buckets - 1)
        }
    }

    /// Representative value of bucket `i` (see the type-level docs).
    fn representative(&self, i: usize) -> f64 {
        if i == 0 {
            0.0
        } else if i <= LINEAR_BUCKETS {
            (i as f64 - 0.5) * self.linear_width
        } else if i == self.overflow_index() {
            self.max_value
        } else {
            let k = (i - 1 - LINEAR_BUCKETS) as f64;
            let low = self.min_value * (k / self.inv_ln_growth).exp();
            let high =
                (self.min_value * ((k + 1.0) / self.inv_ln_growth).exp()).min(self.max_value);
            (low * high).sqrt()
        }
    }

    /// Records one value. O(1), no allocation. `NaN` is not recorded but
    /// counted in [`nan_count`](Self::nan_count); values `<= 0` go to the zero
    /// bucket; values `> max_value` (including `+∞`) to the overflow bucket.
    pub fn record(&mut self, x: f64) {
        if x.is_nan() {
            self.nan_count += 1;
            return;
        }
        let i = self.index(x);
        self.counts[i] += 1;
        self.total += 1;
    }

    /// Number of values recorded (excluding `NaN`s).
    pub fn count(&self) -> u64 {
        self.total
    }

    /// Number of `NaN`s passed to [`record`](Self::record).
    pub fn nan_count(&self) -> u64 {
        self.nan_count
    }

    /// Number of recorded values greater than `max_value`.
    pub fn overflow_count(&self) -> u64 {
        self.counts[self.overflow_index()]
    }

    /// The `q`-quantile, in the recorded unit: the representative of the
    /// bucket holding the value of rank `max(1, ⌈q·n⌉)` in sorted order (the
    /// "inverted CDF" definition, Hyndman & Fan type 1). Accuracy as in the
    /// type-level docs. Returns `NaN` when empty or when `q` is not in `[0, 1]`.
    pub fn quantile(&self, q: f64) -> f64 {
        if self.total == 0 || !(0.0..=1.0).contains(&q) {
            return f64::NAN;
        }
        let n = self.total;
        let rank = ((q * n as f64).ceil() as u64).clamp(1, n);
        let mut cumulative = 0_u64;
        for (i, &c) in self.counts.iter().enumerate() {
            cumulative += c;
            if cumulative >= rank {
                return self.representative(i);
            }
        }
        self.max_value
    }

    /// Approximate empirical CDF: the share (in `[0, 1]`) of recorded values
    /// whose bucket representative is `<= x`. Overflow values are never
    /// counted as `<= x` for finite `x` (so a share within a target is never
    /// overstated by overflow), and are counted for `x = +∞`. `NaN` when empty
    /// or when `x` is `NaN`. Consistent with [`quantile`](Self::quantile):
    /// `share_at_most(quantile(q)) >= q` whenever no overflow is involved.
    pub fn share_at_most(&self, x: f64) -> f64 {
        if self.total == 0 || x.is_nan() {
            return f64::NAN;
        }
        if x == f64::INFINITY {
            return 1.0;
        }
        let overflow = self.overflow_index();
        let mut at_most = 0_u64;
        for (i, &c) in self.counts[..overflow].iter().enumerate() {
            if self.representative(i) > x {
                break;
            }
            at_most += c;
        }
        at_most as f64 / self.total as f64
    }

    /// The empirical CDF at each occupied bucket: `(representative value,
    /// share of recorded values in this or lower buckets)`, in increasing
    /// order. Overflow values are not given a point (they are above
    /// `max_value`), so the last share is below 1 when there are any. Empty
    /// when nothing was recorded.
    pub fn cdf_points(&self) -> Vec<(f64, f64)> {
        if self.total == 0 {
            return Vec::new();
        }
        let mut points = Vec::new();
        let mut cumulative = 0_u64;
        for (i, &c) in self.counts[..self.overflow_index()].iter().enumerate() {
            if c > 0 {
                cumulative += c;
                points.push((
                    self.representative(i),
                    cumulative as f64 / self.total as f64,
                ));
            }
        }
        points
    }

    /// The layout (range bits and bucket count) as a key: histograms merge
    /// only if their keys are equal.
    pub fn layout_key(&self) -> (u64, u64, usize) {
        (
            self.min_value.to_bits(),
            self.max_value.to_bits(),
            self.counts.len(),
        )
    }

    /// Checks a histogram read from a file: its layout is the one
    /// [`new`](Self::new) builds for its range, its counts add up to its
    /// total, and the total is at most 2⁴⁰ (so a million such histograms
    /// merge without overflow). A histogram that fails is damaged.
    pub fn check(&self) -> Result<(), String> {
        let expected = Self::new(self.min_value, self.max_value).map_err(|e| e.to_string())?;
        let same_layout = expected.linear_width.to_bits() == self.linear_width.to_bits()
            && expected.inv_ln_growth.to_bits() == self.inv_ln_growth.to_bits()
            && expected.log_buckets == self.log_buckets
            && expected.counts.len() == self.counts.len();
        if !same_layout {
            return Err("histogram layout does not match its range".into());
        }
        const MAX_TOTAL: u64 = 1 << 40;
        let sum = self
            .counts
            .iter()
            .try_fold(0u64, |a, c| a.checked_add(*c).filter(|s| *s <= MAX_TOTAL));
        if sum != Some(self.total) || self.nan_count > MAX_TOTAL {
            return Err("histogram counts do not add up to its total".into());
        }
        Ok(())
    }

    /// Adds `other`'s counts into `self`. The result equals the histogram of
    /// the concatenated inputs exactly (integer counts). Fails, changing
    /// nothing, if the layouts (`min_value`, `max_value`) differ.
    pub fn merge(&mut self, other: &Self) -> Result<(), LayoutMismatch> {
        let same = self.min_value.to_bits() == other.min_value.to_bits()
            && self.max_value.to_bits() == other.max_value.to_bits()
            && self.counts.len() == other.counts.len();
        if !same {
            return Err(LayoutMismatch);
        }
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        self.total += other.total;
        self.nan_count += other.nan_count;
        Ok(())
    }

    /// Forgets all recorded values (and the `NaN` count), keeping the layout
    /// and the storage.
    pub fn clear(&mut self) {
        self.counts.fill(0);
        self.total = 0;
        self.nan_count = 0;
    }
}

// ---------------------------------------------------------------------------
// TimeWeighted
// ---------------------------------------------------------------------------

/// Time-average of a piecewise-constant quantity (queue length, busy
/// servers, officers on duty).
///
/// Times are `f64` in any one unit; the integral is in value × time units.
/// Invariant: times passed in must be non-decreasing; a time earlier than the
/// last change is treated as the last change time (contributes nothing).
#[derive(Clone, Debug)]
pub struct TimeWeighted {
    start_time: f64,
    last_time: f64,
    value: f64,
    /// ∫ value dt from `start_time` to `last_time`.
    area: f64,
}

impl TimeWeighted {
    /// Starts tracking at `start_time` with the quantity equal to `initial`.
    pub fn new(start_time: f64, initial: f64) -> Self {
        Self {
            start_time,
            last_time: start_time,
            value: initial,
            area: 0.0,
        }
    }

    fn advance(&mut self, now: f64) {
        if now > self.last_time {
            self.area += self.value * (now - self.last_time);
            self.last_time = now;
        }
    }

    /// At time `now`, the quantity changes to `value`: the old value is
    /// accumulated over `[last change, now)` first.
    pub fn set(&mut self, now: f64, value: f64) {
        self.advance(now);
        self.value = value;
    }

    /// At time `now`, the quantity changes by `delta` (e.g. +1 on arrival).
    pub fn add(&mut self, now: f64, delta: f64) {
        self.advance(now);
        self.value += delta;
    }

    /// The current value of the quantity.
    pub fn value(&self) -> f64 {
        self.value
    }

    /// ∫ value dt from the start (or last [`reset`](Self::reset)) to `now`,
    /// in value × time units. Does not modify the accumulator.
    pub fn integral(&self, now: f64) -> f64 {
        self.area + self.value * (now - self.last_time).max(0.0)
    }

    /// Time-average of the quantity over `[start, now]`, in value units;
    /// `NaN` when `now` is not after the start.
    pub fn mean(&self, now: f64) -> f64 {
        let span = now.max(self.last_time) - self.start_time;
        if span > 0.0 {
            self.integral(now) / span
        } else {
            f64::NAN
        }
    }

    /// Joins `later`, a period that starts where this one was last advanced
    /// to (call [`set`](Self::set) at the boundary first), so that this one
    /// then covers both.
    pub fn absorb(&mut self, later: &TimeWeighted) {
        self.area += later.area;
        self.last_time = later.last_time;
        self.value = later.value;
    }

    /// Restarts accumulation at `now`, keeping the current value (used to
    /// discard a warm-up period).
    pub fn reset(&mut self, now: f64) {
        self.start_time = now;
        self.last_time = now;
        self.area = 0.0;
    }
}

// ---------------------------------------------------------------------------
// Distribution helpers
// ---------------------------------------------------------------------------

/// The `p`-quantile of Student's t distribution with `df` degrees of freedom
/// (e.g. `student_t_quantile(0.975, 9) ≈ 2.262`). `df = +∞` gives the
/// standard normal quantile. Returns `NaN` when `p` is outside `[0, 1]` or
/// `df` is not positive (or either is `NaN`).
pub fn student_t_quantile(p: f64, df: f64) -> f64 {
    if !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if df == f64::INFINITY {
        return Normal::standard().inverse_cdf(p);
    }
    match StudentsT::new(0.0, 1.0, df) {
        Ok(t) => t.inverse_cdf(p),
        Err(_) => f64::NAN,
    }
}

/// Upper-tail probability P(X > x) for X ~ χ²(`df`): the p-value of a
/// chi-square statistic `x`. In `[0, 1]`; 1 for `x <= 0`. Returns `NaN` when
/// `x` is `NaN` or `df` is not positive and finite.
pub fn chi_square_sf(x: f64, df: f64) -> f64 {
    if x.is_nan() || !df.is_finite() {
        return f64::NAN;
    }
    if x <= 0.0 {
        return if df > 0.0 { 1.0 } else { f64::NAN };
    }
    match ChiSquared::new(df) {
        Ok(d) => d.sf(x),
        Err(_) => f64::NAN,
    }
}

// ---------------------------------------------------------------------------
// Estimate
// ---------------------------------------------------------------------------

/// A point estimate with a 95 % Student-t confidence interval for the mean,
/// typically over independent replications (one value per replication).
///
/// Units are those of the samples. Invariants: `n` counts the samples used;
/// `skipped` counts `NaN` samples left out (e.g. a share with a zero
/// denominator in some replication). `mean` is `NaN` when `n == 0`; `sd`
/// and the interval are `None` when `n < 2`. When present,
/// `ci95_low <= mean <= ci95_high`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// Number of samples used (non-`NaN`).
    pub n: usize,
    /// Number of `NaN` samples skipped (and, for
    /// [`paired_difference`](Self::paired_difference), unpaired samples).
    pub skipped: usize,
    /// Sample mean; `NaN` when `n == 0`.
    pub mean: f64,
    /// Sample standard deviation (divisor n − 1); `None` when `n < 2`.
    pub sd: Option<f64>,
    /// Lower end of the 95 % CI for the mean; `None` when `n < 2`.
    pub ci95_low: Option<f64>,
    /// Upper end of the 95 % CI for the mean; `None` when `n < 2`.
    pub ci95_high: Option<f64>,
}

impl Estimate {
    /// Mean, sample sd and the 95 % CI `mean ± t(0.975, n−1)·sd/√n` of the
    /// non-`NaN` values in `xs` (`NaN`s are counted in `skipped`).
    pub fn from_samples(xs: &[f64]) -> Estimate {
        Self::from_values(xs.iter().copied(), 0)
    }

    /// The same estimate for the per-pair difference `b[i] − a[i]` (e.g. an
    /// option minus the baseline under common random numbers). Pairs with a
    /// `NaN` on either side are skipped; if the lengths differ, the unpaired
    /// tail of the longer slice is also counted in `skipped`.
    pub fn paired_difference(a: &[f64], b: &[f64]) -> Estimate {
        let unpaired = a.len().abs_diff(b.len());
        Self::from_values(a.iter().zip(b).map(|(x, y)| y - x), unpaired)
    }

    fn from_values(values: impl Iterator<Item = f64>, extra_skipped: usize) -> Estimate {
        let mut acc = EstimateAccumulator {
            skipped: extra_skipped,
            ..EstimateAccumulator::default()
        };
        for x in values {
            acc.push(x);
        }
        acc.estimate()
    }

    /// Whether the 95 % CI lies wholly on one side of zero (a "clear"
    /// difference); false when the CI is undefined.
    pub fn excludes_zero(&self) -> bool {
        matches!((self.ci95_low, self.ci95_high), (Some(lo), Some(hi)) if lo > 0.0 || hi < 0.0)
    }

    /// The estimate with its CI cut to the metric's range `[low, high]`
    /// (e.g. `[0, 1]` for a share, `[0, ∞)` for a count or a duration): a
    /// t interval around a mean near a bound can reach past it (−225 % to
    /// 354 % for a share over two replications), which no value can. The
    /// mean and sd are unchanged; returns whether an end was cut. An
    /// interval wholly outside the range (impossible for means of values in
    /// it) collapses onto the nearer bound.
    pub fn within(self, low: f64, high: f64) -> (Estimate, bool) {
        let cut = |x: Option<f64>| x.map(|v| v.clamp(low, high));
        let (ci95_low, ci95_high) = (cut(self.ci95_low), cut(self.ci95_high));
        let truncated = ci95_low != self.ci95_low || ci95_high != self.ci95_high;
        (
            Estimate {
                ci95_low,
                ci95_high,
                ..self
            },
            truncated,
        )
    }

    /// Whether the CI exists and has zero width: every replication gave the
    /// same value (sd 0), so the interval says nothing about uncertainty
    /// (it is not evidence of an exact result).
    pub fn zero_width(&self) -> bool {
        self.half_width() == Some(0.0)
    }

    /// Half-width of the 95 % CI, `(ci95_high − ci95_low) / 2`, in sample
    /// units; `None` when `n < 2`.
    pub fn half_width(&self) -> Option<f64> {
        Some((self.ci95_high? - self.ci95_low?) / 2.0)
    }
}

/// An [`Estimate`] built one sample at a time, so samples need not be
/// kept: pushing `xs` in order and calling [`estimate`](Self::estimate)
/// gives [`Estimate::from_samples(xs)`](Estimate::from_samples) bit for bit.
///
/// Units are those of the samples. Invariant: every pushed sample is either
/// counted in the moments (non-`NaN`) or in `skipped` (`NaN`). Holds 40
/// bytes whatever the number of samples.
#[derive(Clone, Debug, Default)]
pub struct EstimateAccumulator {
    moments: RunningMoments,
    skipped: usize,
}

impl EstimateAccumulator {
    /// An empty accumulator (no samples).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one sample (`NaN` = undefined, counted as skipped). O(1).
    pub fn push(&mut self, x: f64) {
        if x.is_nan() {
            self.skipped += 1;
        } else {
            self.moments.push(x);
        }
    }

    /// The estimate of the samples pushed so far.
    pub fn estimate(&self) -> Estimate {
        let moments = &self.moments;
        let n = moments.count() as usize;
        let mean = moments.mean();
        let (sd, low, high) = if n >= 2 {
            let sd = moments.sd();
            let half = student_t_quantile(0.975, (n - 1) as f64) * sd / (n as f64).sqrt();
            (Some(sd), Some(mean - half), Some(mean + half))
        } else {
            (None, None, None)
        };
        Estimate {
            n,
            skipped: self.skipped,
            mean,
            sd,
            ci95_low: low,
            ci95_high: high,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SplitMix64, enough for tests.
    struct SplitMix(u64);
    impl SplitMix {
        fn next_u64(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }
        /// Uniform in (0, 1].
        fn uniform(&mut self) -> f64 {
            ((self.next_u64() >> 11) as f64 + 1.0) / (1u64 << 53) as f64
        }
        fn exponential(&mut self, mean: f64) -> f64 {
            -mean * self.uniform().ln()
        }
    }

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn moments_match_two_pass_and_merge() {
        let xs: Vec<f64> = (0..1000)
            .map(|i| 1e6 + (f64::from(i) * 0.37).sin())
            .collect();
        let mut m = RunningMoments::new();
        xs.iter().for_each(|&x| m.push(x));
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (xs.len() - 1) as f64;
        assert_eq!(m.count(), 1000);
        assert!(close(m.mean(), mean, 1e-9));
        assert!(close(m.variance(), var, 1e-9 * var));
        assert!(close(m.sd(), var.sqrt(), 1e-9));
        assert!(close(m.sum(), xs.iter().sum::<f64>(), 1e-6));

        let (mut a, mut b) = (RunningMoments::new(), RunningMoments::new());
        xs[..300].iter().for_each(|&x| a.push(x));
        xs[300..].iter().for_each(|&x| b.push(x));
        a.merge(&b);
        assert_eq!(a.count(), 1000);
        assert!(close(a.mean(), mean, 1e-9));
        assert!(close(a.variance(), var, 1e-9 * var));
        let mut empty = RunningMoments::default();
        empty.merge(&a);
        assert!(close(empty.variance(), var, 1e-9 * var));
    }

    #[test]
    fn moments_empty_and_single() {
        let mut m = RunningMoments::new();
        assert!(m.mean().is_nan() && m.variance().is_nan());
        m.push(4.0);
        assert_eq!(m.mean(), 4.0);
        assert!(m.variance().is_nan());
    }

    #[test]
    fn histogram_quantiles_within_one_percent_of_exact() {
        let mut rng = SplitMix(42);
        let mut h = LogHistogram::new(0.001, 1e4).expect("valid layout");
        let xs: Vec<f64> = (0..100_000).map(|_| rng.exponential(3.0)).collect();
        xs.iter().for_each(|&x| h.record(x));
        let mut sorted = xs.clone();
        sorted.sort_by(f64::total_cmp);
        for q in [0.5, 0.9, 0.95, 0.99] {
            let rank = (q * sorted.len() as f64).ceil() as usize;
            let exact = sorted[rank - 1];
            let got = h.quantile(q);
            assert!(
                (got - exact).abs() <= 0.005 * exact,
                "q {q}: {got} vs {exact}"
            );
            // The approximate CDF agrees with the quantile.
            assert!(h.share_at_most(got) >= q);
            let true_share = sorted.partition_point(|&x| x <= exact) as f64 / 1e5;
            assert!((h.share_at_most(exact) - true_share).abs() < 0.01);
        }
        assert_eq!(h.count(), 100_000);
    }

    #[test]
    fn histogram_merge_of_halves_equals_whole() {
        let mut rng = SplitMix(7);
        let xs: Vec<f64> = (0..100_000).map(|_| rng.exponential(1.0)).collect();
        let mut whole = LogHistogram::new(0.01, 100.0).expect("valid layout");
        let mut a = whole.clone();
        let mut b = whole.clone();
        xs.iter().for_each(|&x| whole.record(x));
        xs[..50_000].iter().for_each(|&x| a.record(x));
        xs[50_000..].iter().for_each(|&x| b.record(x));
        a.merge(&b).expect("same layout");
        assert_eq!(a.counts, whole.counts);
        assert_eq!(a.count(), whole.count());
        let other = LogHistogram::new(0.01, 1000.0).expect("valid layout");
        assert_eq!(a.merge(&other), Err(LayoutMismatch));
    }

    #[test]
    fn histogram_edges() {
        assert!(LogHistogram::new(0.0, 1.0).is_err());
        assert!(LogHistogram::new(2.0, 1.0).is_err());
        assert!(LogHistogram::new(1.0, f64::INFINITY).is_err());
        let mut h = LogHistogram::new(1.0, 10.0).expect("valid layout");
        assert!(h.quantile(0.5).is_nan());
        assert!(h.share_at_most(1.0).is_nan());
        h.record(f64::NAN);
        h.record(0.0);
        h.record(-1e-12);
        h.record(0.5);
        h.record(5.0);
        h.record(50.0);
        h.record(f64::INFINITY);
        assert_eq!((h.count(), h.nan_count(), h.overflow_count()), (6, 1, 2));
        assert_eq!(h.quantile(0.0), 0.0);
        assert_eq!(h.quantile(0.3), 0.0);
        assert!(close(h.quantile(0.5), 0.5, 0.005 + 1e-12));
        assert!(close(h.quantile(0.6), 5.0, 0.025));
        assert_eq!(h.quantile(1.0), 10.0);
        assert!(h.quantile(1.5).is_nan());
        assert!(close(h.share_at_most(0.0), 2.0 / 6.0, 1e-12));
        assert!(close(h.share_at_most(1e9), 4.0 / 6.0, 1e-12));
        assert_eq!(h.share_at_most(f64::INFINITY), 1.0);
        // Top of the log region is reported within 0.5 %.
        let mut top = LogHistogram::new(1.0, 10.0).expect("valid layout");
        top.record(10.0);
        assert!(close(top.quantile(0.5), 10.0, 0.05));
        h.clear();
        assert_eq!((h.count(), h.nan_count()), (0, 0));
    }

    #[test]
    fn time_weighted_average() {
        let mut t = TimeWeighted::new(0.0, 0.0);
        t.add(1.0, 2.0); // 0 on [0,1)
        t.set(3.0, 1.0); // 2 on [1,3)
        assert_eq!(t.value(), 1.0);
        assert!(close(t.integral(5.0), 4.0 + 2.0, 1e-12)); // 1 on [3,5)
        assert!(close(t.mean(5.0), 6.0 / 5.0, 1e-12));
        t.reset(5.0);
        assert!(t.mean(5.0).is_nan());
        t.set(7.0, 0.0);
        assert!(close(t.mean(9.0), 2.0 / 4.0, 1e-12));
    }

    #[test]
    fn published_t_and_chi_square_values() {
        // Student t table: t(0.975; 1) = 12.706, t(0.975; 9) = 2.262, t(0.95; 30) = 1.697.
        assert!(close(student_t_quantile(0.975, 1.0), 12.7062, 1e-3));
        assert!(close(student_t_quantile(0.975, 9.0), 2.2622, 1e-3));
        assert!(close(student_t_quantile(0.95, 30.0), 1.6973, 1e-3));
        assert!(close(
            student_t_quantile(0.975, f64::INFINITY),
            1.95996,
            1e-4
        ));
        assert!(student_t_quantile(1.5, 3.0).is_nan());
        assert!(student_t_quantile(0.5, 0.0).is_nan());
        // Chi-square table: 3.841 (df 1), 11.070 (df 5) are the 5 % points.
        assert!(close(chi_square_sf(3.841_459, 1.0), 0.05, 1e-5));
        assert!(close(chi_square_sf(11.070_498, 5.0), 0.05, 1e-5));
        assert!(close(chi_square_sf(23.209_251, 10.0), 0.01, 1e-5));
        assert_eq!(chi_square_sf(0.0, 3.0), 1.0);
        assert!(chi_square_sf(1.0, -1.0).is_nan());
    }

    #[test]
    fn estimate_ci_and_serde() {
        let e = Estimate::from_samples(&[1.0, 2.0, 3.0, 4.0, f64::NAN, 5.0]);
        assert_eq!((e.n, e.skipped), (5, 1));
        assert!(close(e.mean, 3.0, 1e-12));
        let sd = 2.5_f64.sqrt();
        assert!(close(e.sd.unwrap_or(f64::NAN), sd, 1e-12));
        let half = 2.776_445 * sd / 5.0_f64.sqrt(); // t(0.975; 4) = 2.776
        assert!(close(e.half_width().unwrap_or(f64::NAN), half, 1e-5));
        assert!(close(e.ci95_low.unwrap_or(f64::NAN), 3.0 - half, 1e-5));

        let one = Estimate::from_samples(&[2.0]);
        assert_eq!(
            (one.n, one.sd, one.ci95_low, one.half_width()),
            (1, None, None, None)
        );
        let json = serde_json::to_string(&one).expect("serializes");
        let back: Estimate = serde_json::from_str(&json).expect("deserializes");
        assert_eq!(back, one);
        assert!(Estimate::from_samples(&[]).mean.is_nan());

        let d = Estimate::paired_difference(&[1.0, 2.0, 3.0, 9.0], &[2.0, 4.0, f64::NAN]);
        assert_eq!((d.n, d.skipped), (2, 2));
        assert!(close(d.mean, 1.5, 1e-12));
    }
}
