//! Dates in scenario files: `YYYY-MM-DD` parsed and checked, days between
//! dates, and the weekday and month of each simulated day.

use super::model::Day;

/// Days in each month of a common year, January first.
pub(super) const DAYS_IN_MONTH: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// Parses `YYYY-MM-DD` into (year, month 1–12, day 1–31) if it is a real date.
pub(super) fn parse_date(s: &str) -> Option<(i64, u32, u32)> {
    let mut it = s.trim().splitn(3, '-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let d: u32 = it.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) || !(1900..=2200).contains(&y) {
        return None;
    }
    Some((y, m, d))
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    if m == 2 && is_leap(y) {
        29
    } else {
        DAYS_IN_MONTH[(m - 1) as usize]
    }
}

/// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
pub(super) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The weekday and month of each day from `start`, and day 0's weekday.
pub(super) fn build_days(start: (i64, u32, u32), n: usize) -> (Vec<Day>, usize) {
    // 1970-01-01 was a Thursday (weekday 3 with Monday = 0).
    let first_weekday = (days_from_civil(start.0, start.1, start.2) + 3).rem_euclid(7) as usize;
    let (mut y, mut m, mut d) = start;
    let mut days = Vec::with_capacity(n);
    for i in 0..n {
        days.push(Day {
            weekday: (first_weekday + i) % 7,
            month: (m - 1) as usize,
        });
        d += 1;
        if d > days_in_month(y, m) {
            d = 1;
            m += 1;
            if m > 12 {
                m = 1;
                y += 1;
            }
        }
    }
    (days, first_weekday)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_of_known_dates() {
        // 2018-01-01 was a Monday; 2019-03-01 a Friday.
        assert_eq!(build_days((2018, 1, 1), 1).1, 0);
        assert_eq!(build_days((2019, 3, 1), 1).1, 4);
        let (days, _) = build_days((2018, 1, 30), 3);
        assert_eq!(days.iter().map(|d| d.month).collect::<Vec<_>>(), [0, 0, 1]);
        assert_eq!(parse_date("2018-02-29"), None);
        assert_eq!(parse_date("2020-02-29"), Some((2020, 2, 29)));
        assert_eq!(parse_date("18-1-1"), None);
    }
}
