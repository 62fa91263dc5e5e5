//! M/M/c: Erlang B and C, the [`MMc`] queue's waits and service level,
//! the staffing that meets a service level, and Cobham's non-preemptive
//! priority waits.

use super::valid_rates;

/// Erlang B blocking probability for `servers` servers and offered load
/// `offered_load` = λ/μ erlangs (Erlang 1917), by the stable recursion.
/// Defined for any load (a loss system is always stable). In `[0, 1]`.
/// `None` if `servers == 0` or the load is negative or non-finite.
pub fn erlang_b(servers: u32, offered_load: f64) -> Option<f64> {
    if servers == 0 || !offered_load.is_finite() || offered_load < 0.0 {
        return None;
    }
    let mut b = 1.0;
    for k in 1..=servers {
        b = offered_load * b / (f64::from(k) + offered_load * b);
    }
    Some(b)
}

/// Erlang C from Erlang B: `C = c·B / (c − a·(1 − B))`, valid for `a < c`.
fn erlang_c_from_b(servers: u32, offered_load: f64, b: f64) -> f64 {
    let c = f64::from(servers);
    c * b / (c - offered_load * (1.0 - b))
}

/// Erlang C probability that an arrival must wait in M/M/c (Erlang 1917),
/// for offered load `a` = λ/μ erlangs: `C = c·B(c,a) / (c − a·(1 − B(c,a)))`.
/// In `[0, 1]`. `None` if invalid or unstable (`a ≥ c`).
pub fn erlang_c(servers: u32, offered_load: f64) -> Option<f64> {
    let b = erlang_b(servers, offered_load)?;
    (offered_load < f64::from(servers)).then(|| erlang_c_from_b(servers, offered_load, b))
}

/// An M/M/c queue: Poisson arrivals, exponential service, `servers`
/// identical servers, first-come first-served, infinite waiting room.
///
/// Invariants for results: `arrival_rate ≥ 0`, `service_rate > 0` (both
/// finite, same time unit) and `servers ≥ 1`; otherwise methods return
/// `None`. Reference: Gross, Shortle, Thompson & Harris, *Fundamentals of
/// Queueing Theory*, 4th ed., §2.3.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MMc {
    /// λ, arrivals per unit time.
    pub arrival_rate: f64,
    /// μ, service completions per unit time per busy server (1 / mean service time).
    pub service_rate: f64,
    /// c, number of servers.
    pub servers: u32,
}

impl MMc {
    fn valid(&self) -> bool {
        self.arrival_rate.is_finite()
            && self.arrival_rate >= 0.0
            && self.service_rate.is_finite()
            && self.service_rate > 0.0
            && self.servers >= 1
    }

    /// Offered load a = λ/μ, in erlangs (mean number of busy servers if
    /// capacity were unlimited). `None` if inputs are invalid.
    pub fn offered_load(&self) -> Option<f64> {
        self.valid().then(|| self.arrival_rate / self.service_rate)
    }

    /// Utilisation ρ = a/c = λ/(cμ), dimensionless. May be ≥ 1 (unstable);
    /// `None` only if inputs are invalid.
    pub fn utilisation(&self) -> Option<f64> {
        Some(self.offered_load()? / f64::from(self.servers))
    }

    /// `cμ − λ` when stable, else `None`.
    fn spare_rate(&self) -> Option<f64> {
        let spare = f64::from(self.servers) * self.service_rate - self.arrival_rate;
        (self.utilisation()? < 1.0 && spare > 0.0).then_some(spare)
    }

    /// Erlang B blocking probability of the same servers run as a loss
    /// system (M/M/c/c). Defined at any load; `None` if inputs are invalid.
    pub fn erlang_b(&self) -> Option<f64> {
        erlang_b(self.servers, self.offered_load()?)
    }

    /// Erlang C: probability an arrival waits (all servers busy), in `[0, 1]`.
    /// `None` if invalid or unstable.
    pub fn prob_wait(&self) -> Option<f64> {
        erlang_c(self.servers, self.offered_load()?)
    }

    /// Mean wait in queue W_q = C / (cμ − λ), in time units. `None` if
    /// invalid or unstable.
    pub fn mean_wait(&self) -> Option<f64> {
        Some(self.prob_wait()? / self.spare_rate()?)
    }

    /// Service level P(W_q ≤ t) = 1 − C·exp(−(cμ − λ)·t) for a wait
    /// threshold `t` in time units (0 for `t < 0`, 1 for `t = +∞`).
    /// `None` if invalid, unstable, or `t` is `NaN`.
    pub fn prob_wait_at_most(&self, t: f64) -> Option<f64> {
        let c = self.prob_wait()?;
        let spare = self.spare_rate()?;
        if t.is_nan() {
            None
        } else if t < 0.0 {
            Some(0.0)
        } else {
            Some(1.0 - c * (-spare * t).exp())
        }
    }

    /// The `q`-quantile of the wait W_q, in time units: 0 when `q ≤ 1 − C`,
    /// otherwise `ln(C / (1 − q)) / (cμ − λ)` (`+∞` at `q = 1`). `None` if
    /// invalid, unstable, or `q` is not in `[0, 1]`.
    pub fn wait_quantile(&self, q: f64) -> Option<f64> {
        if !(0.0..=1.0).contains(&q) {
            return None;
        }
        let c = self.prob_wait()?;
        let spare = self.spare_rate()?;
        if q <= 1.0 - c {
            Some(0.0)
        } else {
            Some((c / (1.0 - q)).ln() / spare)
        }
    }

    /// Mean number waiting L_q = λ·W_q (Little's law), in customers.
    /// `None` if invalid or unstable.
    pub fn mean_queue_length(&self) -> Option<f64> {
        Some(self.arrival_rate * self.mean_wait()?)
    }

    /// Mean response (sojourn) time W = W_q + 1/μ, in time units. `None` if
    /// invalid or unstable.
    pub fn mean_response(&self) -> Option<f64> {
        Some(self.mean_wait()? + 1.0 / self.service_rate)
    }
}

/// Largest server count [`servers_for_target`] will try.
const MAX_SERVERS: u32 = 1_000_000;

/// Staffing estimate used by planners: the smallest number of servers `c`
/// for which an M/M/c queue meets the service level
/// P(W_q ≤ `wait_t`) ≥ `target_share` (e.g. 0.9 of calls answered within
/// 10 s). Rates per unit time; `wait_t` in the reciprocal time unit (≥ 0,
/// `+∞` allowed); `target_share` in `[0, 1]`. Only stable `c` (> a) count.
///
/// Non-decreasing in `arrival_rate` and `target_share`, non-increasing in
/// `wait_t`. `None` if inputs are invalid or no `c ≤ 1 000 000` suffices.
/// Cost O(c) (Erlang B recursion carried forward).
pub fn servers_for_target(
    arrival_rate: f64,
    service_rate: f64,
    wait_t: f64,
    target_share: f64,
) -> Option<u32> {
    let base = MMc {
        arrival_rate,
        service_rate,
        servers: 1,
    };
    let a = base.offered_load()?;
    if wait_t.is_nan() || wait_t < 0.0 || !(0.0..=1.0).contains(&target_share) {
        return None;
    }
    let mut b = 1.0;
    for c in 1..=MAX_SERVERS {
        b = a * b / (f64::from(c) + a * b);
        if a >= f64::from(c) {
            continue;
        }
        let prob_wait = erlang_c_from_b(c, a, b);
        let spare = f64::from(c) * service_rate - arrival_rate;
        let excess = if wait_t == f64::INFINITY {
            0.0
        } else {
            prob_wait * (-spare * wait_t).exp()
        };
        if 1.0 - excess >= target_share {
            return Some(c);
        }
    }
    None
}

/// Mean waits in queue, per priority class, of a non-preemptive priority
/// M/M/c queue where every class has the same exponential service rate μ
/// (Cobham 1954; used in the Patrol Car Allocation Model, Chaiken & Dormont
/// 1978):
///
/// `W_k = C(c, a) / (cμ · (1 − σ_{k−1}) · (1 − σ_k))`, with
/// `σ_k = Σ_{i≤k} λ_i / (cμ)` and `C(c, a)` the Erlang C probability for the
/// total load `a = Σλ_i / μ`.
///
/// `arrival_rates` are per unit time, highest priority first; result in time
/// units, same order. With one class this is the M/M/c mean wait; the
/// λ-weighted mean over classes equals the FCFS M/M/c mean wait (Kleinrock's
/// conservation law). `None` if any rate is invalid, the slice is empty,
/// `servers == 0`, or the total load is unstable (Σλ ≥ cμ).
pub fn priority_mmc_mean_waits(
    arrival_rates: &[f64],
    service_rate: f64,
    servers: u32,
) -> Option<Vec<f64>> {
    if !valid_rates(arrival_rates) {
        return None;
    }
    let total = MMc {
        arrival_rate: arrival_rates.iter().sum(),
        service_rate,
        servers,
    };
    let prob_wait = total.prob_wait()?;
    let capacity = f64::from(servers) * service_rate;
    let mut sigma_before = 0.0;
    let waits = arrival_rates
        .iter()
        .map(|&rate| {
            let sigma = sigma_before + rate / capacity;
            let w = prob_wait / (capacity * (1.0 - sigma_before) * (1.0 - sigma));
            sigma_before = sigma;
            w
        })
        .collect();
    Some(waits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytic::{close, some};

    /// Erlang B and C by the textbook sums Σ a^k/k!, terms built in logs.
    fn direct_erlang(c: u32, a: f64) -> (f64, f64) {
        let log_terms: Vec<f64> = (0..=c)
            .scan(0.0_f64, |acc, k| {
                if k > 0 {
                    *acc += a.ln() - f64::from(k).ln();
                }
                Some(*acc)
            })
            .collect();
        let top = log_terms.iter().copied().fold(f64::MIN, f64::max);
        let terms: Vec<f64> = log_terms.iter().map(|l| (l - top).exp()).collect();
        let last = terms[c as usize];
        let below: f64 = terms[..c as usize].iter().sum();
        let b = last / (below + last);
        let waiting = last * f64::from(c) / (f64::from(c) - a);
        (b, waiting / (below + waiting))
    }

    #[test]
    fn erlang_published_values() {
        // M/M/2 with λ = μ = 1: C = 1/3, W_q = 1/3.
        let q = MMc {
            arrival_rate: 1.0,
            service_rate: 1.0,
            servers: 2,
        };
        assert!(close(some(q.prob_wait()), 1.0 / 3.0, 1e-14));
        assert!(close(some(q.mean_wait()), 1.0 / 3.0, 1e-14));
        // c = 10, a = 8 erlangs: B = 0.1217, C = 0.4092 (Erlang tables).
        assert!(close(some(erlang_b(10, 8.0)), 0.1217, 5e-5));
        assert!(close(some(erlang_c(10, 8.0)), 0.4092, 5e-5));
        // Erlang B tables: 1 % blocking at 4.461 E on 10 lines, 20.337 E on 30 lines.
        assert!(close(some(erlang_b(10, 4.461)), 0.01, 2e-5));
        assert!(close(some(erlang_b(30, 20.337)), 0.01, 2e-5));
        for (c, a) in [
            (10, 8.0),
            (30, 25.0),
            (1, 0.5),
            (50, 49.9),
            (1000, 950.0),
            (1000, 999.0),
        ] {
            let (b, cc) = direct_erlang(c, a);
            assert!(
                close(some(erlang_b(c, a)), b, 1e-12 * b.max(1e-3)),
                "B {c} {a}"
            );
            assert!(close(some(erlang_c(c, a)), cc, 1e-10), "C {c} {a}");
        }
    }

    #[test]
    fn mm1_special_case_and_service_level() {
        let q = MMc {
            arrival_rate: 0.6,
            service_rate: 1.0,
            servers: 1,
        };
        assert!(close(some(q.prob_wait()), 0.6, 1e-14));
        assert!(close(some(q.mean_wait()), 1.5, 1e-12));
        assert!(close(some(q.mean_queue_length()), 0.9, 1e-12));
        assert!(close(some(q.mean_response()), 2.5, 1e-12));
        assert!(close(some(q.utilisation()), 0.6, 1e-15));
        let q = MMc {
            arrival_rate: 8.0,
            service_rate: 1.0,
            servers: 10,
        };
        let c = some(q.prob_wait());
        assert!(close(some(q.prob_wait_at_most(0.0)), 1.0 - c, 1e-14));
        assert_eq!(q.wait_quantile(0.5), Some(0.0));
        for p in [0.7, 0.9, 0.99] {
            let t = some(q.wait_quantile(p));
            assert!(close(some(q.prob_wait_at_most(t)), p, 1e-12));
        }
        assert_eq!(q.wait_quantile(1.0), Some(f64::INFINITY));
        assert_eq!(q.prob_wait_at_most(-1.0), Some(0.0));
        // Unstable or invalid: None.
        let unstable = MMc {
            arrival_rate: 10.0,
            service_rate: 1.0,
            servers: 10,
        };
        assert_eq!(unstable.mean_wait(), None);
        assert!(unstable.erlang_b().is_some());
        assert_eq!(MMc { servers: 0, ..q }.prob_wait(), None);
        assert_eq!(
            MMc {
                service_rate: -1.0,
                ..q
            }
            .offered_load(),
            None
        );
        assert_eq!(
            MMc {
                arrival_rate: f64::NAN,
                ..q
            }
            .utilisation(),
            None
        );
    }

    #[test]
    fn staffing_is_minimal_and_monotone() {
        let c = servers_for_target(8.0, 1.0, 0.1, 0.8);
        let n = c.unwrap_or(0);
        assert!(n > 8);
        let meets = |servers| {
            MMc {
                arrival_rate: 8.0,
                service_rate: 1.0,
                servers,
            }
            .prob_wait_at_most(0.1)
            .is_some_and(|p| p >= 0.8)
        };
        assert!(meets(n) && !meets(n - 1));
        let mut previous = 0;
        for step in 1..200 {
            let lambda = f64::from(step) * 0.5;
            let c = servers_for_target(lambda, 1.0, 0.2, 0.9).unwrap_or(u32::MAX);
            assert!(c >= previous && f64::from(c) > lambda);
            previous = c;
        }
        let by_target: Vec<u32> = [0.0, 0.5, 0.8, 0.9, 0.99, 1.0]
            .iter()
            .map(|&p| servers_for_target(50.0, 1.0, 0.05, p).unwrap_or(0))
            .collect();
        assert!(by_target.windows(2).all(|w| w[0] <= w[1]), "{by_target:?}");
        assert_eq!(by_target[0], 51);
        let by_time: Vec<u32> = [0.0, 0.01, 0.1, 1.0, f64::INFINITY]
            .iter()
            .map(|&t| servers_for_target(50.0, 1.0, t, 0.9).unwrap_or(0))
            .collect();
        assert!(by_time.windows(2).all(|w| w[0] >= w[1]), "{by_time:?}");
        assert_eq!(servers_for_target(5.0, 1.0, 1.0, 1.5), None);
        assert_eq!(servers_for_target(5.0, 0.0, 1.0, 0.5), None);
    }

    #[test]
    fn cobham_priority_waits() {
        let fcfs = MMc {
            arrival_rate: 7.0,
            service_rate: 1.0,
            servers: 9,
        };
        let one = priority_mmc_mean_waits(&[7.0], 1.0, 9).unwrap_or_default();
        assert!(close(one[0], some(fcfs.mean_wait()), 1e-14));
        // Conservation law: λ-weighted mean of class waits = FCFS wait.
        for rates in [[2.0, 5.0, 0.0], [1.0, 1.0, 5.0], [6.5, 0.25, 0.25]] {
            let w = priority_mmc_mean_waits(&rates, 1.0, 9).unwrap_or_default();
            let mean = rates.iter().zip(&w).map(|(l, w)| l * w).sum::<f64>() / 7.0;
            assert!(close(mean, some(fcfs.mean_wait()), 1e-12));
            assert!(w.windows(2).all(|p| p[0] <= p[1]));
        }
        assert_eq!(priority_mmc_mean_waits(&[5.0, 4.0], 1.0, 9), None);
        assert_eq!(priority_mmc_mean_waits(&[], 1.0, 9), None);
        assert_eq!(priority_mmc_mean_waits(&[1.0, -1.0], 1.0, 9), None);
    }
}
