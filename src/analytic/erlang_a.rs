//! Erlang A (M/M/c+M): M/M/c with abandonment, solved exactly from its
//! birth–death chain.

/// The Erlang A queue M/M/c+M (Palm 1943; Garnett, Mandelbaum & Reiman
/// 2002): M/M/c FCFS where each waiting customer abandons after an
/// exponential patience with rate θ (mean patience 1/θ). Customers in
/// service do not abandon.
///
/// Computed exactly from the birth–death chain (birth rate λ, death rate
/// `min(n,c)μ + (n−c)⁺θ`), summed in the log domain relative to the largest
/// term, truncated once the geometric tail bound falls below 1e−16 of the
/// largest term: absolute error ≲ 1e−15 on probabilities. Cost O(states),
/// typically c + a few hundred; no allocation.
///
/// Invariants: `arrival_rate ≥ 0`, `service_rate > 0`, `abandonment_rate ≥ 0`
/// (all finite, one time unit), `servers ≥ 1`; with `abandonment_rate = 0`
/// it is M/M/c and needs λ < cμ. Otherwise methods return `None` (also if the
/// chain would need more than 10 million states).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ErlangA {
    /// λ, arrivals per unit time.
    pub arrival_rate: f64,
    /// μ, service completions per unit time per busy server.
    pub service_rate: f64,
    /// c, number of servers.
    pub servers: u32,
    /// θ, abandonment rate per waiting customer per unit time (1 / mean patience).
    pub abandonment_rate: f64,
}

/// Steady-state results of an [`ErlangA`] queue. Times in the time unit of
/// the rates; probabilities in `[0, 1]`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ErlangAMetrics {
    /// P(arrival finds all servers busy and must wait), by PASTA.
    pub prob_wait: f64,
    /// P(arrival abandons) = `θ·E[Q]/λ`.
    pub prob_abandon: f64,
    /// `E[Q]`, mean number waiting (not in service).
    pub mean_queue_length: f64,
    /// Mean time in queue over all arrivals (served, abandoned, or not
    /// delayed) = `E[Q]/λ` by Little's law.
    pub mean_wait_all: f64,
    /// Mean time in queue of arrivals that are eventually served (including
    /// the zero waits of those served at once).
    pub mean_wait_served: f64,
    /// Mean time in queue before abandoning, of arrivals that abandon
    /// (`NaN` if none abandon, i.e. θ = 0 or no waiting).
    pub mean_wait_abandoned: f64,
    /// Mean number of busy servers (= λ·P(served)/μ).
    pub mean_busy_servers: f64,
}

const ERLANG_A_MAX_STATES: u64 = 10_000_000;

impl ErlangA {
    fn valid(&self) -> bool {
        let rates_ok = [self.arrival_rate, self.abandonment_rate]
            .iter()
            .all(|r| r.is_finite() && *r >= 0.0)
            && self.service_rate.is_finite()
            && self.service_rate > 0.0
            && self.servers >= 1;
        let stable = self.abandonment_rate > 0.0
            || self.arrival_rate < f64::from(self.servers) * self.service_rate;
        rates_ok && stable
    }

    fn death_rate(&self, n: u64) -> f64 {
        let c = u64::from(self.servers);
        n.min(c) as f64 * self.service_rate + n.saturating_sub(c) as f64 * self.abandonment_rate
    }

    /// First pass: the largest log-term and the last state needed.
    fn truncation(&self) -> Option<(f64, u64)> {
        let ln_lambda = self.arrival_rate.ln();
        let (mut log_term, mut log_max) = (0.0_f64, 0.0_f64);
        let c = u64::from(self.servers);
        for n in 0..ERLANG_A_MAX_STATES {
            let ratio = self.arrival_rate / self.death_rate(n + 1);
            if ratio < 1.0 {
                let weight = 1.0 + n.saturating_sub(c) as f64;
                let tail = (log_term - log_max).exp() * weight * ratio / (1.0 - ratio).powi(2);
                if tail < 1e-16 {
                    return Some((log_max, n));
                }
            }
            log_term += ln_lambda - self.death_rate(n + 1).ln();
            log_max = log_max.max(log_term);
        }
        None
    }

    /// The metrics, plus two values computed from the tagged-customer chain
    /// independently of Little's law (cross-checks for the tests):
    /// Σ π_n E[W | n] and Σ π_n P(abandon | n).
    fn solve(&self) -> Option<(ErlangAMetrics, f64, f64)> {
        if !self.valid() {
            return None;
        }
        if self.arrival_rate == 0.0 {
            let zero = ErlangAMetrics {
                prob_wait: 0.0,
                prob_abandon: 0.0,
                mean_queue_length: 0.0,
                mean_wait_all: 0.0,
                mean_wait_served: 0.0,
                mean_wait_abandoned: f64::NAN,
                mean_busy_servers: 0.0,
            };
            return Some((zero, 0.0, 0.0));
        }
        let (log_max, last) = self.truncation()?;
        let ln_lambda = self.arrival_rate.ln();
        let c = u64::from(self.servers);
        let (cmu, theta) = (
            f64::from(self.servers) * self.service_rate,
            self.abandonment_rate,
        );
        // Tagged customer with m ahead in queue: P(served), P(abandon),
        // E[W], Σ 1/ν over stages 0..=m (ν_k = cμ + (k+1)θ).
        let (mut p_served, mut p_abandon, mut e_wait, mut s_time) = (1.0, 0.0, 0.0, 0.0);
        let mut sums = [0.0_f64; 7]; // Z, P(wait), E[Q], W·1{served}, W, abandon, busy
        let mut log_term = 0.0_f64;
        for n in 0..=last {
            let p = (log_term - log_max).exp();
            sums[0] += p;
            if n >= c {
                let m = (n - c) as f64;
                let nu = cmu + (m + 1.0) * theta;
                let q = (cmu + m * theta) / nu;
                p_served *= q;
                p_abandon = theta / nu + q * p_abandon;
                e_wait = 1.0 / nu + q * e_wait;
                s_time += 1.0 / nu;
                sums[1] += p;
                sums[2] += m * p;
                sums[3] += p * p_served * s_time;
                sums[4] += p * e_wait;
                sums[5] += p * p_abandon;
            }
            sums[6] += p * n.min(c) as f64;
            log_term += ln_lambda - self.death_rate(n + 1).ln();
        }
        let z = sums[0]; // >= 1: the largest term is exp(0)
        let [_, wait, queue, served_wait, all_wait, abandon, busy] = sums.map(|s| s / z);
        let prob_abandon = theta * queue / self.arrival_rate;
        let mean_wait_all = queue / self.arrival_rate;
        let metrics = ErlangAMetrics {
            prob_wait: wait,
            prob_abandon,
            mean_queue_length: queue,
            mean_wait_all,
            mean_wait_served: served_wait / (1.0 - abandon),
            mean_wait_abandoned: (all_wait - served_wait) / abandon,
            mean_busy_servers: busy,
        };
        Some((metrics, all_wait, abandon))
    }

    /// All steady-state results at once (one pass over the chain).
    pub fn metrics(&self) -> Option<ErlangAMetrics> {
        Some(self.solve()?.0)
    }

    /// P(an arrival abandons before service) = `θ·E[Q]/λ`.
    pub fn prob_abandon(&self) -> Option<f64> {
        Some(self.metrics()?.prob_abandon)
    }

    /// Mean wait in queue of customers who are served (zero waits included).
    pub fn mean_wait_served(&self) -> Option<f64> {
        Some(self.metrics()?.mean_wait_served)
    }

    /// Mean wait in queue over all arrivals = `E[Q]/λ` (Little's law).
    pub fn mean_wait_all(&self) -> Option<f64> {
        Some(self.metrics()?.mean_wait_all)
    }

    /// P(an arrival finds all servers busy), by PASTA.
    pub fn prob_wait(&self) -> Option<f64> {
        Some(self.metrics()?.prob_wait)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytic::{MMc, close, some};
    use crate::stats::SplitMix;
    use std::collections::VecDeque;

    /// Poisson(a) P(N ≥ c) and E[(N − c)⁺], in logs.
    fn poisson_tail(a: f64, c: u32) -> (f64, f64) {
        let (mut log_p, mut tail, mut excess) = (-a, 0.0, 0.0);
        for k in 0..(c as usize + 20 * a.sqrt() as usize + 200) {
            if k > 0 {
                log_p += a.ln() - (k as f64).ln();
            }
            if k >= c as usize {
                tail += log_p.exp();
                excess += (k - c as usize) as f64 * log_p.exp();
            }
        }
        (tail, excess)
    }

    #[test]
    fn erlang_a_exact_identities() {
        // θ = μ makes the chain M/M/∞: the number present is Poisson(a).
        for (c, a) in [(3, 3.0), (10, 8.0), (1000, 950.0)] {
            let q = ErlangA {
                arrival_rate: a,
                service_rate: 1.0,
                servers: c,
                abandonment_rate: 1.0,
            };
            let (metrics, chain_wait, chain_abandon) = q.solve().unwrap_or((
                ErlangAMetrics {
                    prob_wait: f64::NAN,
                    ..zero_metrics()
                },
                f64::NAN,
                f64::NAN,
            ));
            let (tail, excess) = poisson_tail(a, c);
            assert!(close(metrics.prob_wait, tail, 1e-12), "{c} {a}");
            assert!(close(metrics.mean_queue_length, excess, 1e-11));
            // Chain-computed values agree with Little's law.
            assert!(close(chain_wait, metrics.mean_wait_all, 1e-12));
            assert!(close(chain_abandon, metrics.prob_abandon, 1e-12));
            let served = 1.0 - metrics.prob_abandon;
            let split = served * metrics.mean_wait_served
                + metrics.prob_abandon * metrics.mean_wait_abandoned;
            assert!(close(split, metrics.mean_wait_all, 1e-12));
            assert!(close(metrics.mean_busy_servers, a * served, 1e-10));
        }
        // θ → 0 approaches Erlang C.
        let q = ErlangA {
            arrival_rate: 8.0,
            service_rate: 1.0,
            servers: 10,
            abandonment_rate: 1e-9,
        };
        let mmc = MMc {
            arrival_rate: 8.0,
            service_rate: 1.0,
            servers: 10,
        };
        assert!(close(some(q.prob_wait()), some(mmc.prob_wait()), 1e-8));
        assert!(close(
            some(q.mean_wait_served()),
            some(mmc.mean_wait()),
            1e-7
        ));
        let no_patience_loss = ErlangA {
            abandonment_rate: 0.0,
            ..q
        };
        assert!(close(
            some(no_patience_loss.mean_wait_all()),
            some(mmc.mean_wait()),
            1e-12
        ));
        assert_eq!(
            ErlangA {
                arrival_rate: 10.0,
                ..no_patience_loss
            }
            .metrics(),
            None
        );
        assert_eq!(ErlangA { servers: 0, ..q }.metrics(), None);
        // Overload is stable with abandonment.
        // Fluid approximation: P(abandon) ≈ (λ − cμ)/λ = 1/6.
        let over = ErlangA {
            arrival_rate: 12.0,
            abandonment_rate: 0.5,
            ..q
        };
        let p = some(over.prob_abandon());
        assert!(p > 0.1 && p < 0.25, "{p}");
        // A queue that would need ~2e9 states is refused, not approximated.
        assert_eq!(
            ErlangA {
                arrival_rate: 12.0,
                ..q
            }
            .metrics(),
            None
        );
    }

    fn zero_metrics() -> ErlangAMetrics {
        ErlangAMetrics {
            prob_wait: 0.0,
            prob_abandon: 0.0,
            mean_queue_length: 0.0,
            mean_wait_all: 0.0,
            mean_wait_served: 0.0,
            mean_wait_abandoned: 0.0,
            mean_busy_servers: 0.0,
        }
    }

    /// Customer-level CTMC simulation of M/M/c+M; per batch of `per_batch`
    /// decided customers: (abandon share, mean wait of served, mean wait of all).
    fn simulate(q: &ErlangA, per_batch: u32, batches: usize, seed: u64) -> Vec<[f64; 3]> {
        let mut rng = SplitMix(seed);
        let (mut now, mut busy, mut queue) = (0.0, 0_u32, VecDeque::<f64>::new());
        let mut out = Vec::new();
        let mut acc = [0.0_f64; 5]; // decided, abandoned, served, served wait, all wait
        while out.len() <= batches {
            let rates = [
                q.arrival_rate,
                f64::from(busy) * q.service_rate,
                queue.len() as f64 * q.abandonment_rate,
            ];
            let total: f64 = rates.iter().sum();
            now += -rng.uniform().ln() / total;
            let u = rng.uniform() * total;
            let decided_wait = if u < rates[0] {
                if busy < q.servers {
                    busy += 1;
                    Some((0.0, false))
                } else {
                    queue.push_back(now);
                    None
                }
            } else if u < rates[0] + rates[1] {
                match queue.pop_front() {
                    Some(arrived) => Some((now - arrived, false)),
                    None => {
                        busy -= 1;
                        None
                    }
                }
            } else {
                let i = ((rng.uniform() * queue.len() as f64) as usize).min(queue.len() - 1);
                queue.remove(i).map(|arrived| (now - arrived, true))
            };
            if let Some((wait, abandoned)) = decided_wait {
                acc[0] += 1.0;
                acc[4] += wait;
                if abandoned {
                    acc[1] += 1.0;
                } else {
                    acc[2] += 1.0;
                    acc[3] += wait;
                }
                if acc[0] >= f64::from(per_batch) {
                    out.push([acc[1] / acc[0], acc[3] / acc[2], acc[4] / acc[0]]);
                    acc = [0.0; 5];
                }
            }
        }
        out.remove(0); // warm-up batch
        out
    }

    #[test]
    fn erlang_a_against_monte_carlo() {
        let cases = [
            ErlangA {
                arrival_rate: 3.0,
                service_rate: 1.0,
                servers: 3,
                abandonment_rate: 0.5,
            },
            ErlangA {
                arrival_rate: 3.0,
                service_rate: 1.0,
                servers: 2,
                abandonment_rate: 2.0,
            },
        ];
        for (case, q) in cases.iter().enumerate() {
            let exact = q.metrics().unwrap_or_else(zero_metrics);
            let batches = simulate(q, 200_000, 20, 1234 + case as u64);
            let expected = [
                exact.prob_abandon,
                exact.mean_wait_served,
                exact.mean_wait_all,
            ];
            for (j, want) in expected.iter().enumerate() {
                let xs: Vec<f64> = batches.iter().map(|b| b[j]).collect();
                let n = xs.len() as f64;
                let mean = xs.iter().sum::<f64>() / n;
                let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
                let se = (var / n).sqrt();
                assert!(
                    (mean - want).abs() <= 4.0 * se,
                    "case {case} stat {j}: {mean} ± {se} vs {want}"
                );
            }
        }
    }
}
