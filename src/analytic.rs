//! Closed-form and exactly-computed queueing results a user can compare a
//! simulation against: Erlang B/C (M/M/c), staffing for a service level,
//! non-preemptive priority M/M/c (Cobham), preemptive-resume priority M/G/1,
//! Pollaczek–Khinchine M/G/1, and Erlang A (M/M/c+M).
//!
//! # Conventions
//!
//! * Rates are per unit time and times are in the reciprocal unit; use one
//!   unit throughout (e.g. arrivals per minute, service rate per minute,
//!   waits in minutes).
//! * Every function returns `Option`: `None` when an input is invalid
//!   (negative or non-finite rate, zero servers, ...) **or** when the queue is
//!   unstable (utilisation ρ ≥ 1) and the quantity would be infinite.
//! * Waits ("W_q") are times from arrival to start of service; responses
//!   (sojourn) are arrival to departure.
//! * Erlang B/C use the stable recursion `B(k) = a·B(k−1) / (k + a·B(k−1))`,
//!   with no factorials or powers, so thousands of servers are fine.

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

fn valid_rates(rates: &[f64]) -> bool {
    !rates.is_empty() && rates.iter().all(|r| r.is_finite() && *r >= 0.0)
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

/// Per-class means of a preemptive-resume priority M/G/1 queue.
struct PreemptiveClass {
    /// Arrival to first start of service.
    wait_to_first_service: f64,
    /// First start of service to departure (own service stretched by preemptions).
    residence_in_service: f64,
}

fn preemptive_resume_classes(
    arrival_rates: &[f64],
    mean_service: &[f64],
    second_moment_service: &[f64],
) -> Option<Vec<PreemptiveClass>> {
    let n = arrival_rates.len();
    let shapes_ok = mean_service.len() == n && second_moment_service.len() == n;
    let moments_ok = mean_service
        .iter()
        .zip(second_moment_service)
        .all(|(&m, &s)| m.is_finite() && m > 0.0 && s.is_finite() && s >= m * m);
    if !shapes_ok || !moments_ok || !valid_rates(arrival_rates) {
        return None;
    }
    let total_load: f64 = arrival_rates
        .iter()
        .zip(mean_service)
        .map(|(l, s)| l * s)
        .sum();
    if total_load >= 1.0 {
        return None;
    }
    let (mut sigma_before, mut residual) = (0.0, 0.0);
    let mut classes = Vec::with_capacity(n);
    for k in 0..n {
        let sigma = sigma_before + arrival_rates[k] * mean_service[k];
        residual += arrival_rates[k] * second_moment_service[k] / 2.0;
        classes.push(PreemptiveClass {
            wait_to_first_service: residual / ((1.0 - sigma_before) * (1.0 - sigma)),
            residence_in_service: mean_service[k] / (1.0 - sigma_before),
        });
        sigma_before = sigma;
    }
    Some(classes)
}

/// Mean response (sojourn: arrival to departure) time per class of a
/// preemptive-resume priority M/G/1 queue, FCFS within a class
/// (Kleinrock, *Queueing Systems* vol. 2, 1976, §3.7; Harchol-Balter 2013,
/// ch. 32):
///
/// `T_k = E[S_k] / (1 − σ_{k−1}) + R_k / ((1 − σ_{k−1})(1 − σ_k))`, with
/// `σ_k = Σ_{i≤k} λ_i E[S_i]` and `R_k = Σ_{i≤k} λ_i E[S_i²] / 2`.
///
/// Inputs per class, highest priority first: arrival rates (per unit time),
/// mean service times and second moments `E[S²]` (time², e.g. `2/μ²` for
/// exponential service; see [`second_moment_from_mean_scv`]). Output in time
/// units. With one class this is the M/G/1 FCFS response time.
///
/// Under pre-emption, `T_k − E[S_k]` is **not** the wait before first service:
/// it also includes time spent pre-empted. A simulator's "queue wait"
/// (arrival to first dispatch) should be compared with
/// [`preemptive_resume_mg1_mean_wait_to_first_service`]; its "time to
/// completion" with this function.
///
/// `None` if slice lengths differ, any slice is empty, any input is invalid
/// (`E[S] ≤ 0`, `E[S²] < E[S]²`, negative or non-finite values), or the total
/// load `Σ λ_i E[S_i] ≥ 1`.
pub fn preemptive_resume_mg1_mean_response(
    arrival_rates: &[f64],
    mean_service: &[f64],
    second_moment_service: &[f64],
) -> Option<Vec<f64>> {
    let classes = preemptive_resume_classes(arrival_rates, mean_service, second_moment_service)?;
    Some(
        classes
            .iter()
            .map(|c| c.wait_to_first_service + c.residence_in_service)
            .collect(),
    )
}

/// Mean time from arrival to **first** start of service, per class, in the
/// preemptive-resume priority M/G/1 queue of
/// [`preemptive_resume_mg1_mean_response`] (same inputs, same `None` cases):
///
/// `W_k = R_k / ((1 − σ_{k−1})(1 − σ_k))`.
///
/// Derivation: an arriving class-k job waits for the class ≤ k work present
/// (mean `R_k/(1 − σ_k)`, the FCFS M/G/1 workload of classes 1..k, which
/// classes > k cannot affect) plus all higher-priority work arriving meanwhile
/// (a delay busy period, dividing by `1 − σ_{k−1}`). This is what a
/// simulator's arrival-to-dispatch statistic estimates.
pub fn preemptive_resume_mg1_mean_wait_to_first_service(
    arrival_rates: &[f64],
    mean_service: &[f64],
    second_moment_service: &[f64],
) -> Option<Vec<f64>> {
    let classes = preemptive_resume_classes(arrival_rates, mean_service, second_moment_service)?;
    Some(classes.iter().map(|c| c.wait_to_first_service).collect())
}

/// Pollaczek–Khinchine mean wait in queue of an M/G/1 FCFS queue
/// (Pollaczek 1930, Khinchine 1932):
/// `W_q = ρ·E[S]·(1 + scv) / (2(1 − ρ))`, with `ρ = λ·E[S]`.
///
/// `arrival_rate` per unit time, `mean_service` in time units, `service_scv`
/// the squared coefficient of variation `Var[S]/E[S]²` (1 for exponential,
/// 0 for deterministic). Result in time units. `None` if invalid
/// (negative/non-finite, `mean_service ≤ 0`) or unstable (ρ ≥ 1).
pub fn mg1_mean_wait(arrival_rate: f64, mean_service: f64, service_scv: f64) -> Option<f64> {
    let valid = arrival_rate.is_finite()
        && arrival_rate >= 0.0
        && mean_service.is_finite()
        && mean_service > 0.0
        && service_scv.is_finite()
        && service_scv >= 0.0;
    let rho = arrival_rate * mean_service;
    (valid && rho < 1.0).then(|| rho * mean_service * (1.0 + service_scv) / (2.0 * (1.0 - rho)))
}

/// Squared coefficient of variation `(sd/mean)²` of any distribution with the
/// given mean (> 0) and standard deviation (≥ 0), in the same unit.
/// Dimensionless. `None` if invalid.
pub fn scv_from_mean_sd(mean: f64, sd: f64) -> Option<f64> {
    let valid = mean.is_finite() && mean > 0.0 && sd.is_finite() && sd >= 0.0;
    valid.then(|| (sd / mean).powi(2))
}

/// Squared coefficient of variation of a lognormal distribution whose log
/// has standard deviation `sigma_log` (≥ 0): `exp(σ²) − 1`, whatever the
/// log-mean. Dimensionless. `None` if invalid.
pub fn lognormal_scv(sigma_log: f64) -> Option<f64> {
    (sigma_log.is_finite() && sigma_log >= 0.0).then(|| sigma_log.powi(2).exp_m1())
}

/// Second moment `E[S²] = E[S]²·(1 + scv)` from a mean (time units, > 0) and
/// squared coefficient of variation (≥ 0); result in time². `None` if invalid.
pub fn second_moment_from_mean_scv(mean: f64, scv: f64) -> Option<f64> {
    let valid = mean.is_finite() && mean > 0.0 && scv.is_finite() && scv >= 0.0;
    valid.then_some(mean * mean * (1.0 + scv))
}

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
    use std::collections::VecDeque;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    fn some(x: Option<f64>) -> f64 {
        x.unwrap_or(f64::NAN)
    }

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

    #[test]
    fn preemptive_resume_priority() {
        // One exponential class: M/M/1 response 1/(μ − λ), first wait = P-K W_q.
        let (lambda, mean) = (0.7, 1.0);
        let m2 = 2.0 * mean * mean;
        let t = preemptive_resume_mg1_mean_response(&[lambda], &[mean], &[m2]).unwrap_or_default();
        assert!(close(t[0], 1.0 / (1.0 - lambda), 1e-12));
        let w = preemptive_resume_mg1_mean_wait_to_first_service(&[lambda], &[mean], &[m2])
            .unwrap_or_default();
        assert!(close(w[0], some(mg1_mean_wait(lambda, mean, 1.0)), 1e-12));
        // Two exponential classes, common μ = 1: class 1 sees an M/M/1 alone;
        // the number in system is that of FCFS M/M/1, so λ-weighted T is 1/(μ − λ).
        let rates = [0.3, 0.5];
        let t =
            preemptive_resume_mg1_mean_response(&rates, &[1.0; 2], &[2.0; 2]).unwrap_or_default();
        assert!(close(t[0], 1.0 / 0.7, 1e-12));
        let mean_t = (0.3 * t[0] + 0.5 * t[1]) / 0.8;
        assert!(close(mean_t, 1.0 / 0.2, 1e-12));
        let w = preemptive_resume_mg1_mean_wait_to_first_service(&rates, &[1.0; 2], &[2.0; 2])
            .unwrap_or_default();
        assert!(
            w[1] < t[1] - 1.0,
            "pre-emption adds time beyond first wait + service"
        );
        assert_eq!(
            preemptive_resume_mg1_mean_response(&[0.6, 0.5], &[1.0; 2], &[2.0; 2]),
            None
        );
        assert_eq!(
            preemptive_resume_mg1_mean_response(&[0.1], &[1.0], &[0.5]),
            None
        );
        assert_eq!(
            preemptive_resume_mg1_mean_response(&[0.1], &[1.0; 2], &[2.0; 2]),
            None
        );
    }

    #[test]
    fn pollaczek_khinchine() {
        // scv = 1 is M/M/1: W_q = ρ/(μ − λ); scv = 0 (M/D/1) is half of that.
        assert!(close(some(mg1_mean_wait(0.8, 1.0, 1.0)), 0.8 / 0.2, 1e-12));
        assert!(close(some(mg1_mean_wait(0.8, 1.0, 0.0)), 2.0, 1e-12));
        assert_eq!(mg1_mean_wait(1.0, 1.0, 1.0), None);
        // Lognormal with σ = 0.5: mean e^{σ²/2}, sd = mean·sqrt(e^{σ²} − 1).
        let sigma: f64 = 0.5;
        let m = (sigma * sigma / 2.0).exp();
        let sd = m * (sigma * sigma).exp_m1().sqrt();
        assert!(close(
            some(lognormal_scv(sigma)),
            some(scv_from_mean_sd(m, sd)),
            1e-14
        ));
        assert!(close(
            some(second_moment_from_mean_scv(2.0, 1.0)),
            8.0,
            1e-14
        ));
    }

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

    struct SplitMix(u64);
    impl SplitMix {
        fn uniform(&mut self) -> f64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            (((z ^ (z >> 31)) >> 11) as f64 + 1.0) / (1u64 << 53) as f64
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
