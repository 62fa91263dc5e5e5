//! M/G/1: Pollaczek–Khinchine's mean wait, preemptive-resume priority
//! classes, and the squared coefficients of variation and second moments
//! they take.

use super::valid_rates;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytic::{close, some};

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
}
