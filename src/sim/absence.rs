//! Abstraction as time, by reason, for a team with
//! [`Absence`]: who of a shift's
//! rostered people is away, and why.
//!
//! Each reason is its own draw, in the order of
//! [`ABSENCE_REASONS`]:
//!
//! - **secondment**: the seconded share of the shift, away all year (whole
//!   people, the fraction rounded at random);
//! - **sickness**: spells over the whole team. Each day spells begin at a
//!   Poisson rate (times a Gamma factor per week when the onset rate
//!   varies) and each lasts a geometric number of days with the short or
//!   long mean. The day's sick share is spells ÷ people in post, so a
//!   person stays off for the spell's length: the daily absence is
//!   over-dispersed against an independent coin per shift;
//! - **training**: people on courses on each weekday, drawn for the whole
//!   run when the roster is made (fixed by the seed before the run);
//! - **annual leave**: the month's share, then capped per shift;
//! - **bank holiday**: the share given the day off on a bank holiday;
//! - **court** and **student learning**: their shares.
//!
//! A reason's draw is on the people the earlier reasons left, at its share
//! ÷ (1 − the earlier reasons' expected shares), so each reason removes its
//! configured share on average whatever the order (bank holidays apply to
//! those left). The draws depend only on the seed and the roster, never on
//! demand.

use super::random::StreamRng;
use crate::scenario::abstraction::{
    ABSENCE_REASONS, ANNUAL_LEAVE, Absence, BANK_HOLIDAY, COURT, SECONDMENT, SICKNESS,
    STUDENT_LEARNING, Sickness, TRAINING,
};
use crate::scenario::model::Day;
use rand::RngExt;
use rand_distr::{Binomial, Distribution, Gamma, Geometric, Poisson};

/// People lost to each reason of [`ABSENCE_REASONS`], in that order.
pub type Lost = [u32; ABSENCE_REASONS.len()];

/// Days of sickness simulated before the run so spells in progress on day
/// 0 are as they would be in a steady state, per day of mean long spell.
const BURN_IN_SPELL_LENGTHS: f64 = 5.0;

/// Sickness spells in progress over the team.
struct Spells {
    rng: StreamRng,
    /// Days left of each spell in progress (≥ 1).
    left: Vec<u32>,
    /// The next day whose onsets are still to be drawn (may be negative
    /// during the burn-in).
    next_day: i64,
    /// The current week's factor on the onset rate (mean 1).
    factor: f64,
    /// Spells beginning a day at factor 1.
    rate: f64,
    people: f64,
    sickness: Sickness,
}

impl Spells {
    fn new(sickness: &Sickness, people: f64, rng: StreamRng) -> Self {
        let burn_in = (BURN_IN_SPELL_LENGTHS * sickness.long_days.max(sickness.short_days))
            .ceil()
            .min(5_000.0) as i64;
        let mut spells = Spells {
            rng,
            left: Vec::new(),
            next_day: -burn_in,
            factor: 1.0,
            rate: sickness.share * people / sickness.mean_spell_days(),
            people,
            sickness: sickness.clone(),
        };
        spells.advance_to(0);
        spells
    }

    /// Moves on to `day` (0 = the run's first): ends spells, begins new.
    fn advance_to(&mut self, day: i64) {
        while self.next_day <= day {
            self.left.retain_mut(|d| {
                *d -= 1;
                *d > 0
            });
            let cv = self.sickness.onset_variation;
            if cv > 0.0 && self.next_day.rem_euclid(7) == 0 {
                let shape = 1.0 / (cv * cv);
                self.factor =
                    Gamma::new(shape, 1.0 / shape).map_or(1.0, |g| g.sample(&mut self.rng));
            }
            let mean = self.rate * self.factor;
            let onsets = if mean > 0.0 {
                Poisson::new(mean).map_or(0.0, |p| p.sample(&mut self.rng)) as u64
            } else {
                0
            };
            for _ in 0..onsets {
                let long = self.rng.random::<f64>() < self.sickness.long_share;
                let mean_days = if long {
                    self.sickness.long_days
                } else {
                    self.sickness.short_days
                };
                let extra =
                    Geometric::new(1.0 / mean_days.max(1.0)).map_or(0, |g| g.sample(&mut self.rng));
                self.left
                    .push(1 + extra.min(u64::from(u32::MAX - 1)) as u32);
            }
            self.next_day += 1;
        }
    }

    /// Share of the people in post off sick today, in [0, 1].
    fn share(&self) -> f64 {
        (self.left.len() as f64 / self.people.max(1e-9)).min(1.0)
    }
}

/// One team's abstraction by reason within one replication.
pub struct AbsenceState {
    absence: Absence,
    spells: Option<Spells>,
    /// Per simulated day: the share of the people in post on a course.
    training: Vec<f64>,
}

impl AbsenceState {
    /// The state of `absence` over `days`: the training days are drawn now
    /// from `training_rng`, sickness spells from `sickness_rng` as the run
    /// goes (each shift's draws from the generator given to
    /// [`AbsenceState::draw`]).
    pub fn new(
        absence: &Absence,
        days: &[Day],
        sickness_rng: StreamRng,
        mut training_rng: StreamRng,
    ) -> Self {
        let people = absence.headcount * (1.0 - absence.seconded_share);
        let whole = people.round().max(0.0) as u64;
        // Courses run on weekdays: a weekday's share is the year's share × 7/5.
        let p = (absence.training_share * 7.0 / 5.0).min(1.0);
        let training = days
            .iter()
            .map(|d| {
                if d.weekday >= 5 || p <= 0.0 || whole == 0 {
                    return 0.0;
                }
                let n = Binomial::new(whole, p).map_or(0, |b| b.sample(&mut training_rng));
                n as f64 / whole as f64
            })
            .collect();
        AbsenceState {
            spells: absence
                .sickness
                .as_ref()
                .map(|s| Spells::new(s, people, sickness_rng)),
            absence: absence.clone(),
            training,
        }
    }

    /// Share of the people in post off sick on `day` (0 = the run's first).
    pub fn sick_share_on(&mut self, day: u64) -> f64 {
        match &mut self.spells {
            Some(s) => {
                s.advance_to(day as i64);
                s.share()
            }
            None => 0.0,
        }
    }

    /// Of `staff` rostered on a shift starting on run day `day` (month
    /// `month`, 0 = January), the people lost to each reason, drawn from
    /// `rng`; their sum is at most `staff`.
    pub fn draw(&mut self, rng: &mut StreamRng, staff: u32, day: u64, month: usize) -> Lost {
        let mut lost = [0u32; ABSENCE_REASONS.len()];
        if staff == 0 {
            return lost;
        }
        let a = &self.absence;
        // Secondment: whole people, the fraction rounded at random.
        let seconded = f64::from(staff) * a.seconded_share;
        let mut whole = seconded.floor() as u32;
        if rng.random::<f64>() < seconded - seconded.floor() {
            whole += 1;
        }
        lost[SECONDMENT] = whole.min(staff);
        let mut left = staff - lost[SECONDMENT];
        let mut before = a.seconded_share;
        let sick = self.sick_share_on(day) * (1.0 - self.absence.seconded_share);
        let a = &self.absence;
        let training =
            self.training.get(day as usize).copied().unwrap_or(0.0) * (1.0 - a.seconded_share);
        let leave = a.leave_by_month[month % 12];
        let shares = [
            (SICKNESS, sick, true),
            (TRAINING, training, true),
            (ANNUAL_LEAVE, leave, true),
            (
                BANK_HOLIDAY,
                if a.bank_holidays.get(day as usize).copied().unwrap_or(false) {
                    a.bank_holiday_off_share
                } else {
                    0.0
                },
                false,
            ),
            (COURT, a.court_share, true),
            (STUDENT_LEARNING, a.student_learning_share, true),
        ];
        let cap = leave_cap(a, staff);
        for (reason, share, conditioned) in shares {
            let share = share * a.scale;
            let p = if conditioned {
                share / (1.0 - before).max(1e-9)
            } else {
                share
            };
            if conditioned {
                before += share;
            }
            let mut n = binomial(rng, left, p);
            if reason == ANNUAL_LEAVE {
                n = n.min(cap);
            }
            lost[reason] = n;
            left -= n;
        }
        lost
    }
}

/// Most people of a `staff`-strong shift allowed on leave at once.
fn leave_cap(a: &Absence, staff: u32) -> u32 {
    let by_share = a
        .leave_max_share_per_shift
        .map_or(staff, |s| (f64::from(staff) * s).floor() as u32);
    a.leave_max_per_shift.unwrap_or(staff).min(by_share)
}

fn binomial(rng: &mut StreamRng, n: u32, p: f64) -> u32 {
    if n == 0 || p <= 0.0 {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    Binomial::new(u64::from(n), p).map_or(0, |b| b.sample(rng) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::random::stream;

    fn absence() -> Absence {
        Absence {
            leave_by_month: [0.0; 12],
            leave_max_per_shift: None,
            leave_max_share_per_shift: None,
            bank_holidays: Vec::new(),
            bank_holiday_off_share: 0.0,
            training_share: 0.0,
            sickness: None,
            court_share: 0.0,
            student_learning_share: 0.0,
            seconded_share: 0.0,
            headcount: 200.0,
            scale: 1.0,
        }
    }

    fn days(n: usize) -> Vec<Day> {
        (0..n)
            .map(|d| Day {
                weekday: d % 7,
                month: (d / 31) % 12,
            })
            .collect()
    }

    fn state(a: &Absence, n: usize) -> AbsenceState {
        AbsenceState::new(a, &days(n), stream(5, 0, "s"), stream(5, 0, "t"))
    }

    #[test]
    fn sickness_in_spells_is_over_dispersed_against_a_coin_per_shift() {
        // 200 people, 5 % sick on average in spells of 4 or 60 days (1 in
        // 10 long), onset rate varying 50 % week to week: the daily count
        // of people off sick varies far more than Binomial(200, 0.05).
        let mut a = absence();
        a.sickness = Some(Sickness {
            share: 0.05,
            short_days: 4.0,
            long_days: 60.0,
            long_share: 0.1,
            onset_variation: 0.5,
        });
        let n = 20 * 365;
        let mut s = state(&a, n);
        let mut r = stream(5, 0, "a");
        let daily: Vec<f64> = (0..n as u64)
            .map(|d| f64::from(s.draw(&mut r, 200, d, 0)[SICKNESS]))
            .collect();
        let mean = daily.iter().sum::<f64>() / n as f64;
        let var = daily.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        // The mean: spells are autocorrelated over ~20 days, so about 365
        // independent blocks of 20 days; 4 standard errors of that.
        let se = (var / (n as f64 / 20.0)).sqrt();
        assert!((mean - 10.0).abs() < 4.0 * se, "mean {mean} ± {se}");
        let binomial_var = 200.0 * 0.05 * 0.95;
        assert!(
            var > 2.0 * binomial_var,
            "daily variance {var} vs binomial {binomial_var}"
        );
    }

    #[test]
    fn each_reason_removes_its_share_on_average() {
        let mut a = absence();
        a.leave_by_month = [0.12; 12];
        a.court_share = 0.02;
        a.student_learning_share = 0.03;
        a.seconded_share = 0.05;
        let n = 4000;
        let mut s = state(&a, n);
        let mut r = stream(5, 0, "a");
        let mut total = [0u64; 7];
        for d in 0..n as u64 {
            for (t, l) in total.iter_mut().zip(s.draw(&mut r, 100, d, 0)) {
                *t += u64::from(l);
            }
        }
        let people = 100.0 * n as f64;
        for (reason, want) in [
            (SECONDMENT, 0.05),
            (ANNUAL_LEAVE, 0.12),
            (COURT, 0.02),
            (STUDENT_LEARNING, 0.03),
        ] {
            let got = total[reason] as f64 / people;
            // Binomial standard error of a share over 400,000 person-shifts.
            let se = (want * (1.0 - want) / people).sqrt();
            assert!(
                (got - want).abs() < 4.0 * se + 1e-9,
                "{}: {got} vs {want}",
                ABSENCE_REASONS[reason]
            );
        }
    }

    #[test]
    fn the_leave_cap_limits_people_on_leave_per_shift() {
        let mut a = absence();
        a.leave_by_month = [0.3; 12];
        a.leave_max_per_shift = Some(4);
        a.leave_max_share_per_shift = Some(0.1);
        let mut s = state(&a, 100);
        let mut r = stream(5, 0, "a");
        for d in 0..100 {
            assert!(s.draw(&mut r, 60, d, 0)[ANNUAL_LEAVE] <= 4);
            assert!(s.draw(&mut r, 20, d, 0)[ANNUAL_LEAVE] <= 2);
        }
    }

    #[test]
    fn training_is_on_weekdays_only_and_fixed_before_the_run() {
        let mut a = absence();
        a.training_share = 0.05;
        let s = state(&a, 70);
        let t = state(&a, 70);
        assert_eq!(s.training, t.training);
        assert!(
            s.training
                .iter()
                .enumerate()
                .all(|(d, &x)| d % 7 < 5 || x == 0.0)
        );
        assert!(s.training.iter().any(|&x| x > 0.0));
    }
}
