//! [`LogHistogram`]: a streaming, mergeable quantile estimator with a
//! fixed bucket layout and a stated error bound.

use serde::{Deserialize, Serialize};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::{SplitMix, close};

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
}
