//! Abstraction as time, by reason: a team's `[teams.T.absence]` table
//! checked and compiled into [`Absence`], and the England and Wales bank
//! holidays of the simulated days.
//!
//! A team with this table loses rostered people to seven reasons, each its
//! own random draw in the simulation (see [`crate::sim::absence`]): annual
//! leave (with the team's month profile and a cap per shift), bank
//! holidays, training blocked in advance, sickness as spells, court,
//! student officers' protected learning time and secondments. A team
//! without it keeps the single `abstraction` shares, bit for bit.
//!
//! Days of leave, training or bank holiday are converted to a share of
//! rostered shifts over the 5 × 365 ÷ 7 ≈ 260.7 working days of a
//! full-time year (a day is one normal period of duty, whatever its length).

use super::checker::Checker;
use super::dates::days_from_civil;
use serde::Deserialize;

/// The reasons of [`Absence`], in the order the simulation draws them and
/// the outputs name them.
pub const ABSENCE_REASONS: [&str; 7] = [
    "secondment",
    "sickness",
    "training",
    "annual_leave",
    "bank_holiday",
    "court",
    "student_learning",
];

/// Index of secondment in [`ABSENCE_REASONS`].
pub const SECONDMENT: usize = 0;
/// Index of sickness in [`ABSENCE_REASONS`].
pub const SICKNESS: usize = 1;
/// Index of training in [`ABSENCE_REASONS`].
pub const TRAINING: usize = 2;
/// Index of annual leave in [`ABSENCE_REASONS`].
pub const ANNUAL_LEAVE: usize = 3;
/// Index of bank holidays in [`ABSENCE_REASONS`].
pub const BANK_HOLIDAY: usize = 4;
/// Index of court in [`ABSENCE_REASONS`].
pub const COURT: usize = 5;
/// Index of protected learning time in [`ABSENCE_REASONS`].
pub const STUDENT_LEARNING: usize = 6;

/// Working days in a full-time year: 5 a week × 365 ÷ 7.
pub const WORKING_DAYS_PER_YEAR: f64 = 5.0 * 365.0 / 7.0;

/// Bank holidays a year in England and Wales.
pub const BANK_HOLIDAYS_PER_YEAR: usize = 8;

/// `[teams.T.absence]` as written: abstraction by reason, as time.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawAbsence {
    /// Days of annual leave per FTE a year (officers: 22–30 by length of
    /// service under Police Regulations Annex F), ≥ 0.
    #[serde(default)]
    pub annual_leave_days_per_fte: f64,
    /// Most people of one shift on annual leave at once (a whole number).
    pub annual_leave_max_per_shift: Option<u32>,
    /// Most of one shift's rostered people on annual leave at once, a share
    /// in [0, 1] (rounded down to whole people).
    pub annual_leave_max_share_per_shift: Option<f64>,
    /// Share of the people rostered on a bank holiday who are given it off,
    /// in [0, 1].
    #[serde(default)]
    pub bank_holiday_off_share: f64,
    /// Training days per FTE a year, blocked before the run on weekdays, ≥ 0.
    #[serde(default)]
    pub training_days_per_fte: f64,
    /// Share of rostered time lost to sickness on average, in [0, 1).
    #[serde(default)]
    pub sickness_share: f64,
    /// Mean length of a short sickness spell, days (≥ 1 when sick).
    pub sickness_short_spell_days: Option<f64>,
    /// Mean length of a long sickness spell (28 days or more), days.
    pub sickness_long_spell_days: Option<f64>,
    /// Share of spells that are long, in [0, 1].
    #[serde(default)]
    pub sickness_long_spell_share: f64,
    /// Coefficient of variation of the weekly rate at which spells begin
    /// (winter waves, outbreaks), ≥ 0; 0 is a steady rate.
    #[serde(default)]
    pub sickness_onset_variation: f64,
    /// Share of rostered time at court, in [0, 1].
    #[serde(default)]
    pub court_share: f64,
    /// Share of the headcount who are student officers, in [0, 1].
    #[serde(default)]
    pub student_share: f64,
    /// Share of a student officer's rostered time protected for learning,
    /// in [0, 1].
    #[serde(default)]
    pub student_protected_share: f64,
    /// People seconded away for the whole year, FTE, ≥ 0 and below the
    /// headcount.
    #[serde(default)]
    pub seconded_fte: f64,
}

/// Sickness as spells: each begins on a day and keeps the person off for
/// its length.
#[derive(Debug, Clone, PartialEq)]
pub struct Sickness {
    /// Mean share of the team (after secondments) off sick, in [0, 1).
    pub share: f64,
    /// Mean short-spell length, days, ≥ 1.
    pub short_days: f64,
    /// Mean long-spell length, days, ≥ 1.
    pub long_days: f64,
    /// Share of spells that are long, in [0, 1].
    pub long_share: f64,
    /// Coefficient of variation of the weekly onset rate, ≥ 0.
    pub onset_variation: f64,
}

impl Sickness {
    /// Mean spell length, days (≥ 1).
    pub fn mean_spell_days(&self) -> f64 {
        (1.0 - self.long_share) * self.short_days + self.long_share * self.long_days
    }
}

/// A team's abstraction by reason, compiled. Every share is of the
/// people rostered on a shift, in [0, 1].
#[derive(Debug, Clone, PartialEq)]
pub struct Absence {
    /// Annual leave share of rostered shifts in January … December (the
    /// days a year over [`WORKING_DAYS_PER_YEAR`], shaped by the team's
    /// `annual_leave_by_month`).
    pub leave_by_month: [f64; 12],
    /// Most people of a shift on leave at once, if capped.
    pub leave_max_per_shift: Option<u32>,
    /// Most of a shift's people on leave at once, a share, if capped.
    pub leave_max_share_per_shift: Option<f64>,
    /// Per simulated day: true on an England and Wales bank holiday.
    pub bank_holidays: Vec<bool>,
    /// Share of those rostered on a bank holiday given it off.
    pub bank_holiday_off_share: f64,
    /// Training days per FTE a year over [`WORKING_DAYS_PER_YEAR`]: the
    /// share of rostered weekday shifts spent training (none at weekends).
    pub training_share: f64,
    /// Sickness spells, if any.
    pub sickness: Option<Sickness>,
    /// Share of rostered time at court.
    pub court_share: f64,
    /// Student share × protected share: rostered time in protected learning.
    pub student_learning_share: f64,
    /// Share of the headcount seconded away all year, in [0, 1).
    pub seconded_share: f64,
    /// People in post (FTE) the spells are drawn over, > 0.
    pub headcount: f64,
    /// Factor on every reason's share but secondment, in [0, 1]: 1 unless
    /// the team frees time (`time_freed_hours_per_year`), which gives that
    /// share of rostered hours back as time on duty (see [`Absence::freed`]).
    pub scale: f64,
}

impl Absence {
    /// The share of rostered shifts the reasons other than secondment take
    /// on average over a year (bank holidays: 8 days in 365 at the share
    /// given off; the reasons' interaction ignored).
    pub fn expected_share(&self) -> f64 {
        self.leave_by_month.iter().sum::<f64>() / 12.0
            + self.training_share
            + self.court_share
            + self.student_learning_share
            + self.sickness.as_ref().map_or(0.0, |s| s.share)
            + self.bank_holiday_off_share * BANK_HOLIDAYS_PER_YEAR as f64 / 365.0
    }

    /// Gives `share` of rostered hours back as time on duty (time freed
    /// from other duties): every reason but secondment is scaled down by
    /// the same factor, so the abstraction falls by about `share` and each
    /// reason keeps its part of it.
    pub fn freed(&mut self, share: f64) {
        let expected = self.expected_share();
        if share > 0.0 && expected > 0.0 {
            self.scale = (1.0 - share / expected).clamp(0.0, 1.0);
        }
    }
}

/// Checks `{p}.absence` given the team's headcount and its leave month
/// weights (already checked at `{p}.annual_leave_by_month`); `n_days`
/// simulated days from `first_day` get their bank holidays.
pub(super) fn compile(
    c: &mut Checker,
    p: &str,
    a: &RawAbsence,
    headcount: Option<f64>,
    leave_weights: &[f64],
    first_day: (i64, u32, u32),
    n_days: usize,
) -> Option<Absence> {
    let p = format!("{p}.absence");
    let Some(headcount) = headcount.filter(|h| *h > 0.0) else {
        c.fail(
            &p,
            "abstraction by reason is counted per person in post: give the team a `headcount` \
             or `headcount_by_role` above 0",
        );
        return None;
    };
    let days_share = |c: &mut Checker, key: &str, days: f64| {
        let days = c.non_negative(&format!("{p}.{key}"), days);
        if days > WORKING_DAYS_PER_YEAR {
            c.fail(
                &format!("{p}.{key}"),
                format!(
                    "must be at most the {WORKING_DAYS_PER_YEAR:.1} working days of a year (got \
                     {days})"
                ),
            );
        }
        (days / WORKING_DAYS_PER_YEAR).min(1.0)
    };
    let leave = days_share(c, "annual_leave_days_per_fte", a.annual_leave_days_per_fte);
    let mean = if leave_weights.len() == 12 {
        leave_weights.iter().sum::<f64>() / 12.0
    } else {
        0.0
    };
    let mut leave_by_month = [leave; 12];
    if mean > 0.0 {
        for (m, w) in leave_weights.iter().enumerate() {
            leave_by_month[m] = (leave * w / mean).min(1.0);
        }
    }
    let training_share = days_share(c, "training_days_per_fte", a.training_days_per_fte);
    let leave_max_share_per_shift = a
        .annual_leave_max_share_per_shift
        .map(|s| c.share(&format!("{p}.annual_leave_max_share_per_shift"), s));
    let bank_holiday_off_share = c.share(
        &format!("{p}.bank_holiday_off_share"),
        a.bank_holiday_off_share,
    );
    let court_share = c.share(&format!("{p}.court_share"), a.court_share);
    let student = c.share(&format!("{p}.student_share"), a.student_share);
    let protected = c.share(
        &format!("{p}.student_protected_share"),
        a.student_protected_share,
    );
    let seconded = c.people(&format!("{p}.seconded_fte"), a.seconded_fte);
    if seconded >= headcount {
        c.fail(
            &format!("{p}.seconded_fte"),
            format!(
                "is {seconded} FTE, not below the team's headcount of {headcount} FTE: no one \
                 would be left to roster; lower it"
            ),
        );
    }
    let sickness = compile_sickness(c, &p, a);
    let total = leave_by_month.iter().copied().fold(0.0, f64::max)
        + training_share
        + court_share
        + student * protected
        + sickness.as_ref().map_or(0.0, |s| s.share)
        + seconded / headcount;
    if total >= 1.0 {
        c.fail(
            &p,
            format!(
                "the reasons together take {:.1} % of the roster in the month with most leave; \
                 they must stay below 100 %",
                total * 100.0
            ),
        );
    }
    Some(Absence {
        leave_by_month,
        leave_max_per_shift: a.annual_leave_max_per_shift,
        leave_max_share_per_shift,
        bank_holidays: bank_holidays(first_day, n_days),
        bank_holiday_off_share,
        training_share,
        sickness,
        court_share,
        student_learning_share: student * protected,
        seconded_share: (seconded / headcount).min(0.999),
        headcount,
        scale: 1.0,
    })
}

fn compile_sickness(c: &mut Checker, p: &str, a: &RawAbsence) -> Option<Sickness> {
    let share = c.share(&format!("{p}.sickness_share"), a.sickness_share);
    let long_share = c.share(
        &format!("{p}.sickness_long_spell_share"),
        a.sickness_long_spell_share,
    );
    let onset_variation = c.non_negative(
        &format!("{p}.sickness_onset_variation"),
        a.sickness_onset_variation,
    );
    if share <= 0.0 {
        return None;
    }
    let mut days = |key: &str, given: Option<f64>, needed: bool| -> f64 {
        let path = format!("{p}.{key}");
        match given {
            Some(d) if !(d.is_finite() && d >= 1.0) => {
                c.fail(
                    &path,
                    format!("must be a mean length of at least 1 day (got {d})"),
                );
                1.0
            }
            Some(d) => d,
            None if needed => {
                c.fail(
                    &path,
                    "is needed with a sickness share: sickness comes in spells; give their \
                     mean length in days (e.g. 4 for short, 60 for long spells)",
                );
                1.0
            }
            None => 1.0,
        }
    };
    let short_days = days(
        "sickness_short_spell_days",
        a.sickness_short_spell_days,
        long_share < 1.0,
    );
    let long_days = days(
        "sickness_long_spell_days",
        a.sickness_long_spell_days,
        long_share > 0.0,
    );
    Some(Sickness {
        share,
        short_days,
        long_days,
        long_share,
        onset_variation,
    })
}

/// Per day from `first_day` for `n_days`: true on an England and Wales bank
/// holiday (New Year's Day, Good Friday, Easter Monday, the early May,
/// spring and summer bank holidays, Christmas Day and Boxing Day, with
/// the usual weekday substitutes). One-off holidays (jubilees, state
/// funerals, the 2020 move of the May holiday) are not included.
pub fn bank_holidays(first_day: (i64, u32, u32), n_days: usize) -> Vec<bool> {
    let start = days_from_civil(first_day.0, first_day.1, first_day.2);
    let mut out = vec![false; n_days];
    let last_year = first_day.0 + (n_days as i64) / 365 + 1;
    for y in first_day.0..=last_year {
        for day in bank_holidays_in(y) {
            let i = day - start;
            if (0..n_days as i64).contains(&i) {
                out[i as usize] = true;
            }
        }
    }
    out
}

/// Weekday of a day number since 1970-01-01, Monday = 0.
fn weekday(day: i64) -> i64 {
    (day + 3).rem_euclid(7)
}

/// Easter Sunday of `y` (the anonymous Gregorian algorithm), as a day number.
fn easter(y: i64) -> i64 {
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    days_from_civil(y, month as u32, day as u32)
}

/// The eight England and Wales bank holidays of year `y`, day numbers.
fn bank_holidays_in(y: i64) -> [i64; BANK_HOLIDAYS_PER_YEAR] {
    let first_monday = |m: u32| {
        let d = days_from_civil(y, m, 1);
        d + (7 - weekday(d)) % 7
    };
    let last_monday = |m: u32, last: u32| {
        let d = days_from_civil(y, m, last);
        d - weekday(d)
    };
    // New Year's Day moves to Monday from a weekend.
    let ny = days_from_civil(y, 1, 1);
    let ny = match weekday(ny) {
        5 => ny + 2,
        6 => ny + 1,
        _ => ny,
    };
    // Christmas and Boxing Day move to the next weekdays not taken.
    let xmas = days_from_civil(y, 12, 25);
    let (xmas, boxing) = match weekday(xmas) {
        4 => (xmas, xmas + 3),     // Fri: Boxing Day on Monday
        5 => (xmas + 2, xmas + 3), // Sat: Mon and Tue
        6 => (xmas + 2, xmas + 1), // Sun: Boxing Day Mon, Christmas Tue
        _ => (xmas, xmas + 1),
    };
    let e = easter(y);
    [
        ny,
        e - 2,
        e + 1,
        first_monday(5),
        last_monday(5, 31),
        last_monday(8, 31),
        xmas,
        boxing,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i64, m: u32, d: u32) -> i64 {
        days_from_civil(y, m, d)
    }

    #[test]
    fn bank_holidays_match_the_published_dates() {
        // gov.uk/bank-holidays, England and Wales, 2018 and 2021 (a year
        // with weekend substitutes).
        let mut y2018 = bank_holidays_in(2018);
        y2018.sort_unstable();
        assert_eq!(
            y2018,
            [
                ymd(2018, 1, 1),
                ymd(2018, 3, 30),
                ymd(2018, 4, 2),
                ymd(2018, 5, 7),
                ymd(2018, 5, 28),
                ymd(2018, 8, 27),
                ymd(2018, 12, 25),
                ymd(2018, 12, 26)
            ]
        );
        let mut y2021 = bank_holidays_in(2021);
        y2021.sort_unstable();
        assert_eq!(
            y2021,
            [
                ymd(2021, 1, 1),
                ymd(2021, 4, 2),
                ymd(2021, 4, 5),
                ymd(2021, 5, 3),
                ymd(2021, 5, 31),
                ymd(2021, 8, 30),
                ymd(2021, 12, 27),
                ymd(2021, 12, 28)
            ]
        );
        let days = bank_holidays((2018, 1, 1), 365);
        assert_eq!(days.iter().filter(|&&b| b).count(), BANK_HOLIDAYS_PER_YEAR);
        assert!(days[0] && days[88] && !days[1]);
    }
}
