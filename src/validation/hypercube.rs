//! An exact solver of Larson's hypercube queueing model, the oracle that
//! forcesim's geographic dispatch is checked against (`forcesim validate`
//! and `tests/it/hypercube.rs`).
//!
//! The model (Larson 1974, "A hypercube queuing model for facility location
//! and redistricting in urban emergency services", *Computers & Operations
//! Research* 1(1); Larson & Odoni, *Urban Operations Research*, 1981, §5.4):
//! N distinguishable units, each free or busy, so 2^N states (bit n set =
//! unit n busy). Calls arrive from atoms as Poisson streams; each atom has a
//! fixed dispatch preference list and the first free unit on it goes.
//! Service times are exponential with rate μ for every unit. When all units
//! are busy a call is lost (zero line capacity) or waits in one FCFS queue
//! (infinite line capacity), served by the next unit to free.
//!
//! The solver builds the generator on the 2^N states and solves the balance
//! equations by Gaussian elimination with partial pivoting (dense, so meant
//! for N up to about 10). With an infinite line, the queue states above "all
//! busy" form a birth–death tail with ratio ρ = λ / (N μ) that returns to the
//! all-busy state, so the chain censored on the 2^N states has the same
//! relative probabilities and the tail's mass is P(all busy) · ρ / (1 − ρ).

/// Preference lists (unit indices, most preferred first) with their
/// arrival rates (calls per unit time): atoms with the same list are added.
pub struct Hypercube {
    /// Units N (the state space has 2^N states).
    pub units: usize,
    /// Service rate of every unit, per unit time (> 0).
    pub mu: f64,
    /// (preference list of unit indices, most preferred first; arrival
    /// rate per unit time), one entry per distinct list.
    pub demand: Vec<(Vec<usize>, f64)>,
    /// True: calls finding every unit busy queue FCFS (needs λ < Nμ);
    /// false: they are lost.
    pub infinite_line: bool,
}

/// What the solver reports.
pub struct Solution {
    /// Per unit: the long-run fraction of time it is busy (its workload).
    pub workload: Vec<f64>,
    /// Probability that a call finds every unit busy (queued or lost).
    pub all_busy: f64,
    /// `dispatches[d][n]`: of the calls with preference list `d`, the
    /// fraction served by unit `n` (queued calls are split by the next unit
    /// to free, i.e. by workload share, as in Larson & Odoni (5.35)).
    pub dispatches: Vec<Vec<f64>>,
}

impl Hypercube {
    /// Total arrival rate λ, per unit time.
    pub fn lambda(&self) -> f64 {
        self.demand.iter().map(|(_, l)| l).sum()
    }

    /// The unit a call with preference list `prefs` gets in `state`.
    fn first_free(state: usize, prefs: &[usize]) -> Option<usize> {
        prefs.iter().copied().find(|&n| state & (1 << n) == 0)
    }

    /// The stationary solution.
    ///
    /// # Panics
    /// With an infinite line and λ ≥ Nμ (no stationary state).
    pub fn solve(&self) -> Solution {
        let states = 1usize << self.units;
        let full = states - 1;
        // Generator transposed: a[to][from] = rate, diagonal = -outflow.
        let mut a = vec![vec![0.0; states]; states];
        for s in 0..states {
            for (prefs, rate) in &self.demand {
                if let Some(n) = Self::first_free(s, prefs) {
                    a[s | (1 << n)][s] += rate;
                    a[s][s] -= rate;
                }
            }
            for n in 0..self.units {
                if s & (1 << n) != 0 {
                    a[s & !(1 << n)][s] += self.mu;
                    a[s][s] -= self.mu;
                }
            }
        }
        // Replace one balance equation by the normalisation Σ p = 1.
        let mut b = vec![0.0; states];
        a[full] = vec![1.0; states];
        b[full] = 1.0;
        let mut p = gauss(a, b);
        let lambda = self.lambda();
        let mut queue_mass = 0.0;
        if self.infinite_line {
            let rho = lambda / (self.units as f64 * self.mu);
            assert!(rho < 1.0, "infinite line needs λ < Nμ");
            queue_mass = p[full] * rho / (1.0 - rho);
            let total = 1.0 + queue_mass;
            p.iter_mut().for_each(|x| *x /= total);
            queue_mass /= total;
        }
        let workload: Vec<f64> = (0..self.units)
            .map(|n| {
                (0..states)
                    .filter(|s| s & (1 << n) != 0)
                    .map(|s| p[s])
                    .sum::<f64>()
                    + queue_mass
            })
            .collect();
        let all_busy = p[full] + queue_mass;
        let busy_total: f64 = workload.iter().sum();
        let dispatches = self
            .demand
            .iter()
            .map(|(prefs, _)| {
                let mut f = vec![0.0; self.units];
                for (s, &ps) in p.iter().enumerate().take(full) {
                    if let Some(n) = Self::first_free(s, prefs) {
                        f[n] += ps;
                    }
                }
                if self.infinite_line {
                    // A queued call goes to whichever unit frees first:
                    // in proportion to the units' workloads.
                    for (n, x) in f.iter_mut().enumerate() {
                        *x += all_busy * workload[n] / busy_total;
                    }
                } else {
                    let served = 1.0 - all_busy;
                    f.iter_mut().for_each(|x| *x /= served);
                }
                f
            })
            .collect();
        Solution {
            workload,
            all_busy,
            dispatches,
        }
    }
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting.
fn gauss(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))
            .unwrap();
        a.swap(col, pivot);
        b.swap(col, pivot);
        assert!(a[col][col].abs() > 1e-300, "singular system");
        for row in col + 1..n {
            let factor = a[row][col] / a[col][col];
            if factor != 0.0 {
                let (above, below) = a.split_at_mut(row);
                for (x, y) in below[0][col..].iter_mut().zip(&above[col][col..]) {
                    *x -= factor * y;
                }
                b[row] -= factor * b[col];
            }
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let tail: f64 = (row + 1..n).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - tail) / a[row][row];
    }
    x
}

/// Larson & Odoni §5.4.3: three units, ten atoms, λ = 1.5 calls per mean
/// service time, infinite line. The text gives unit 1's primary area as
/// half the city's workload (0.75), with unit 2 first backup for atoms 1–2
/// and unit 3 for atom 4; unit 2's area (atoms 3, 5, 6, with λ5 = 0.15)
/// and unit 3's area are both backed up by unit 1. The per-atom rates are
/// in the book's Figure 5.11; only their sums per preference list matter
/// (all units share one μ), and the sums used here, 0.50 / 0.25 / 0.35 /
/// 0.40, agree with every figure the text states. The exact workloads the
/// book reports (§5.5.3) are 0.5574, 0.4734 and 0.4693.
pub fn larson_odoni_three_units() -> Hypercube {
    Hypercube {
        units: 3,
        mu: 1.0,
        demand: vec![
            (vec![0, 1, 2], 0.50),
            (vec![0, 2, 1], 0.25),
            (vec![1, 0, 2], 0.35),
            (vec![2, 0, 1], 0.40),
        ],
        infinite_line: true,
    }
}
