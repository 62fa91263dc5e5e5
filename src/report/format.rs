//! How numbers read in terminal and report text: one [`Format`] per table
//! row (a value, its CI, its difference from a base, all in one unit and
//! style) and one minus sign, [`MINUS`]. Machine-readable outputs (CSV,
//! JSON, workbook cells) keep plain numbers.

/// The minus sign of every negative number in terminal and report text:
/// U+2212 MINUS SIGN (as money has always used), never the ASCII hyphen.
/// Machine-readable outputs (CSV, JSON, the workbook's cells) keep their
/// plain numbers.
pub const MINUS: char = '\u{2212}';

/// The unit of counts (`count`).
const COUNT: &str = "count";

/// `digits` (an unsigned whole number as decimal digits) grouped in
/// thousands with commas: `39726` → `39,726`. For text only; CSV and JSON
/// keep plain numbers.
pub fn grouped(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// `n` and a noun in the singular or plural to agree with it, `n` grouped
/// in thousands: `1 replication`, `2,000 replications`.
pub fn count_of(n: u64, singular: &str, plural: &str) -> String {
    format!(
        "{} {}",
        grouped(&n.to_string()),
        if n == 1 { singular } else { plural }
    )
}

/// How the numbers of one row are written: a value, its CI bounds and its
/// difference from a base all in the same unit and style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Shares as percentages with one decimal (`78.9 %`); differences in
    /// percentage points (`−1.3 pts`).
    Percent,
    /// Pounds ([`super::finance::money`]: `£45,210`, `£1.20 m`).
    Money,
    /// Durations as hours and minutes (`2 h 02 min`), from a metric in
    /// seconds (`seconds`) or minutes; precision one minute.
    HoursMinutes {
        /// The metric's values are seconds (else minutes).
        seconds: bool,
    },
    /// Plain numbers in the metric's unit with this many decimals.
    Decimals(usize),
}

/// The one formatting rule of a row of a table: chosen from the row's
/// headline values (a mean; a base and an alternative), then used for
/// every number in the row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Format<'a> {
    /// The metric's unit (`share`, `£`, `s`, `min`, `count`, …).
    pub unit: &'a str,
    /// How the row's numbers are written.
    pub style: Style,
}

impl<'a> Format<'a> {
    /// The format of a row of a metric in `unit` whose headline values are
    /// `values`: by the largest finite magnitude among them, durations of
    /// an hour or more (seconds) or three hours or more (minutes) as hours
    /// and minutes, numbers of 100 or more without decimals, counts
    /// without decimals from 10 (or when every value is whole) and with
    /// one below, others with two; shares as percentages and pounds as
    /// money whatever their size. Whole parts of 1,000 or more are grouped
    /// in thousands with commas (text only: CSV keeps plain numbers).
    pub fn for_row(unit: &'a str, values: &[f64]) -> Self {
        let big = values
            .iter()
            .filter(|v| v.is_finite())
            .fold(0.0_f64, |m, v| m.max(v.abs()));
        let whole = values
            .iter()
            .filter(|v| v.is_finite())
            .all(|v| v.fract() == 0.0);
        let style = match unit {
            "share" => Style::Percent,
            "£" => Style::Money,
            "s" if big >= 3600.0 => Style::HoursMinutes { seconds: true },
            "min" if big >= 180.0 => Style::HoursMinutes { seconds: false },
            _ if big >= 100.0 => Style::Decimals(0),
            // Counts: whole numbers, or a mean over replications of a few
            // with one decimal (never "3.00 incidents").
            COUNT if whole || big >= 10.0 => Style::Decimals(0),
            COUNT => Style::Decimals(1),
            _ => Style::Decimals(2),
        };
        Format { unit, style }
    }

    /// The format of a row of metric `name` (data unit `unit`): its
    /// words' unit and decimals where the labels table gives them
    /// ([`crate::metrics::labels::text_unit`]: FTE with one decimal),
    /// else [`Self::for_row`].
    pub fn for_metric(name: &str, unit: &'a str, values: &[f64]) -> Self {
        match crate::metrics::labels::text_unit(name) {
            Some((unit, decimals)) => Format {
                unit,
                style: Style::Decimals(decimals),
            },
            None => Self::for_row(unit, values),
        }
    }

    /// `x` in the row's style, unsigned magnitude and whether it shows as
    /// zero at the displayed precision.
    fn magnitude(&self, x: f64) -> (String, bool) {
        let a = x.abs();
        match self.style {
            Style::Percent => {
                let s = format!("{:.1}", 100.0 * a);
                let zero = s == "0.0";
                (s, zero)
            }
            Style::Money => {
                let s = super::finance::money(a);
                let zero = s == "£0";
                (s, zero)
            }
            Style::HoursMinutes { seconds } => {
                let minutes = if seconds { a / 60.0 } else { a };
                let total = minutes.round() as u64;
                (
                    format!(
                        "{} h {:02} min",
                        grouped(&(total / 60).to_string()),
                        total % 60
                    ),
                    total == 0,
                )
            }
            Style::Decimals(d) => {
                let s = format!("{a:.d$}");
                let zero = s.chars().all(|c| c == '0' || c == '.');
                let s = match s.split_once('.') {
                    Some((whole, fraction)) => format!("{}.{fraction}", grouped(whole)),
                    None => grouped(&s),
                };
                (s, zero)
            }
        }
    }

    /// A value: [`MINUS`] before a negative one (none on a value that
    /// shows as zero), shares with ` %`; `–` for `NaN`.
    pub fn value(&self, x: f64) -> String {
        if x.is_nan() {
            return "–".into();
        }
        let (m, zero) = self.magnitude(x);
        let sign = if x < 0.0 && !zero {
            MINUS.to_string()
        } else {
            String::new()
        };
        match self.style {
            Style::Percent => format!("{sign}{m} %"),
            _ => format!("{sign}{m}"),
        }
    }

    /// A difference, signed (`+`, [`MINUS`], or no sign when it shows as
    /// zero): shares in percentage points (`−1.3 pts`, never `%`, which
    /// would read as a percentage of the base); others as [`Self::value`].
    pub fn difference(&self, x: f64) -> String {
        if x.is_nan() {
            return "–".into();
        }
        let (m, zero) = self.magnitude(x);
        let sign = match x {
            _ if zero => String::new(),
            x if x < 0.0 => MINUS.to_string(),
            _ => "+".to_string(),
        };
        match self.style {
            Style::Percent => format!("{sign}{m} pts"),
            _ => format!("{sign}{m}"),
        }
    }

    /// A 95 % CI as `low – high` in the row's style (empty when either end
    /// is missing).
    pub fn interval(&self, low: Option<f64>, high: Option<f64>) -> String {
        match (low, high) {
            (Some(lo), Some(hi)) => format!("{} – {}", self.value(lo), self.value(hi)),
            _ => String::new(),
        }
    }

    /// A CI of a difference as `low – high`, each signed as
    /// [`Self::difference`] (empty when either end is missing).
    pub fn difference_interval(&self, low: Option<f64>, high: Option<f64>) -> String {
        match (low, high) {
            (Some(lo), Some(hi)) => {
                format!("{} – {}", self.difference(lo), self.difference(hi))
            }
            _ => String::new(),
        }
    }

    /// The unit written in a table's unit column for this row: `h min` for
    /// hours and minutes, the metric's unit for plain numbers, nothing
    /// where the numbers carry their unit (`%`, `£`) or have none (counts).
    pub fn unit_label(&self) -> &'a str {
        match self.style {
            Style::HoursMinutes { .. } => "h min",
            Style::Percent | Style::Money => "",
            Style::Decimals(_) => super::table::unit_label(self.unit),
        }
    }
}

/// One value in its unit, in the style [`Format::for_row`] gives it alone
/// (shares as percentages, long durations as hours and minutes, negative
/// numbers with [`MINUS`]). Rows of tables use one [`Format`] for all
/// their numbers instead.
pub fn format_value(unit: &str, x: f64) -> String {
    Format::for_row(unit, &[x]).value(x)
}

/// A difference of a metric alone, signed, in the style
/// [`Format::for_row`] gives it (differences of shares in percentage
/// points). Rows of tables use one [`Format`] for all their numbers.
pub fn format_difference(unit: &str, x: f64) -> String {
    Format::for_row(unit, &[x]).difference(x)
}

/// Whether a difference is marked "clear": its 95 % CI excludes zero
/// (`clear`) and it does not show as zero at the precision displayed (a
/// difference of 0.0 pts is never called clear).
pub fn shows_as_clear(clear: bool, unit: &str, difference: f64) -> bool {
    shows_as_clear_in(&Format::for_row(unit, &[difference]), clear, difference)
}

/// [`shows_as_clear`] at the precision of the row's format `f`.
pub fn shows_as_clear_in(f: &Format<'_>, clear: bool, difference: f64) -> bool {
    clear && !difference.is_nan() && !f.magnitude(difference).1
}

/// Where a metric's 95 % CI lies against a target, on the side that meets
/// it (`≥` targets: above; `≤` targets: below).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgainstTarget {
    /// The whole CI meets the target.
    WhollyMeets,
    /// The CI contains the threshold: the target may or may not be met.
    Straddles,
    /// The whole CI misses the target.
    WhollyMisses,
    /// No CI (fewer than two replications).
    NoInterval,
}

impl AgainstTarget {
    /// The CI `low`–`high` against a target of at least (`at_least`) or at
    /// most `threshold`, all in the metric's unit.
    pub fn of(at_least: bool, threshold: f64, low: Option<f64>, high: Option<f64>) -> Self {
        let (Some(lo), Some(hi)) = (low, high) else {
            return AgainstTarget::NoInterval;
        };
        let (meets, misses) = if at_least {
            (lo >= threshold, hi < threshold)
        } else {
            (hi <= threshold, lo > threshold)
        };
        match (meets, misses) {
            (true, _) => AgainstTarget::WhollyMeets,
            (_, true) => AgainstTarget::WhollyMisses,
            _ => AgainstTarget::Straddles,
        }
    }

    /// In words, naming the side for a target of at least (`at_least`) or
    /// at most the threshold.
    pub fn words(self, at_least: bool) -> &'static str {
        match (self, at_least) {
            (AgainstTarget::WhollyMeets, true) | (AgainstTarget::WhollyMisses, false) => {
                "the 95 % CI lies wholly above the target"
            }
            (AgainstTarget::WhollyMeets, false) | (AgainstTarget::WhollyMisses, true) => {
                "the 95 % CI lies wholly below the target"
            }
            (AgainstTarget::Straddles, _) => {
                "the 95 % CI straddles the target, so it may not be met"
            }
            (AgainstTarget::NoInterval, _) => "no 95 % CI (one replication), judged on the mean",
        }
    }
}

/// A target as text in the metric's own format: `metric ≥ 70.0 %` for a
/// share (never the fraction `0.7` beside values shown in %).
pub fn target_text(metric: &str, unit: &str, at_least: bool, threshold: f64) -> String {
    format!(
        "{metric} {} {}",
        if at_least { "≥" } else { "≤" },
        Format::for_row(unit, &[threshold]).value(threshold)
    )
}

/// A mean with its CI in one style, and where the CI lies against the
/// target: `mean 72.3 % (95 % CI 70.1 % – 74.5 %; the 95 % CI lies wholly
/// above the target)`.
pub fn against_target_text(
    unit: &str,
    at_least: bool,
    threshold: f64,
    mean: f64,
    low: Option<f64>,
    high: Option<f64>,
) -> String {
    let f = Format::for_row(unit, &[mean, threshold]);
    let ci = f.interval(low, high);
    let words = AgainstTarget::of(at_least, threshold, low, high).words(at_least);
    if ci.is_empty() {
        format!("mean {} ({words})", f.value(mean))
    } else {
        format!("mean {} (95 % CI {ci}; {words})", f.value(mean))
    }
}

#[cfg(test)]
mod target_tests {
    use super::*;

    #[test]
    fn a_target_is_written_in_the_metrics_own_format() {
        // A share target read "≥ 0.7" beside means shown as "72.3 %".
        use crate::metrics::names as n;
        let share = n::RESPONSE_WITHIN_TARGET_SHARE.name(&["g1"]);
        assert_eq!(
            target_text(&share, "share", true, 0.7),
            format!("{share} ≥ 70.0 %")
        );
        let wait = n::CALLS_ANSWER_TIME_MEAN_S.name(&["101"]);
        assert_eq!(
            target_text(&wait, "s", false, 60.0),
            format!("{wait} ≤ 60.00")
        );
    }

    #[test]
    fn meeting_a_target_says_where_the_ci_lies() {
        use AgainstTarget::*;
        // At least 0.7: a mean of 0.72 meets it, but its CI may not.
        assert_eq!(
            AgainstTarget::of(true, 0.7, Some(0.71), Some(0.74)),
            WhollyMeets
        );
        assert_eq!(
            AgainstTarget::of(true, 0.7, Some(0.68), Some(0.76)),
            Straddles
        );
        assert_eq!(
            AgainstTarget::of(true, 0.7, Some(0.60), Some(0.69)),
            WhollyMisses
        );
        assert_eq!(AgainstTarget::of(true, 0.7, None, None), NoInterval);
        // At most 60 s.
        assert_eq!(
            AgainstTarget::of(false, 60.0, Some(40.0), Some(55.0)),
            WhollyMeets
        );
        assert_eq!(
            AgainstTarget::of(false, 60.0, Some(61.0), Some(70.0)),
            WhollyMisses
        );
        assert_eq!(
            against_target_text("share", true, 0.7, 0.723, Some(0.68), Some(0.766)),
            "mean 72.3 % (95 % CI 68.0 % – 76.6 %; the 95 % CI straddles the target, so it may not be met)"
        );
        assert_eq!(
            against_target_text("s", false, 60.0, 45.0, Some(40.0), Some(50.0)),
            "mean 45.00 (95 % CI 40.00 – 50.00; the 95 % CI lies wholly below the target)"
        );
    }
}

#[cfg(test)]
mod count_tests {
    use super::*;

    #[test]
    fn counts_are_whole_and_grouped_in_thousands_in_text() {
        // "39726 101 contacts abandoned" ran the count into the channel.
        assert_eq!(format_value("count", 39726.0), "39,726");
        assert_eq!(format_value("count", 1_234_567.4), "1,234,567");
        assert_eq!(format_value("hours", 155_012.6), "155,013");
        assert_eq!(format_value("count", 999.0), "999");
        // A mean count of a few has one decimal at most, never "3.00".
        assert_eq!(format_value("count", 3.0), "3");
        assert_eq!(format_value("count", 2.5), "2.5");
        assert_eq!(format_value("count", 42.6), "43");
        let f = Format::for_row("count", &[2.5]);
        assert_eq!(f.interval(Some(1.24), Some(3.76)), "1.2 – 3.8");
        // Non-counts keep their precision.
        assert_eq!(format_value("min", 14.25), "14.25");
        // Long durations group their hours.
        assert_eq!(format_value("min", 90_000.0), "1,500 h 00 min");
        assert_eq!(format_difference("count", -1500.0), "\u{2212}1,500");
    }

    #[test]
    fn nouns_agree_with_their_number() {
        assert_eq!(count_of(1, "replication", "replications"), "1 replication");
        assert_eq!(count_of(0, "replication", "replications"), "0 replications");
        assert_eq!(
            count_of(2000, "replication", "replications"),
            "2,000 replications"
        );
    }

    #[test]
    fn no_amount_shows_as_negative_zero() {
        assert_eq!(super::super::finance::money(-0.3), "£0");
        assert_eq!(
            super::super::finance::money(-1_200_000.0),
            "\u{2212}£1.20 m"
        );
        assert_eq!(super::super::finance::money(-45_210.0), "\u{2212}£45,210");
        assert_eq!(format_value("count", -0.04), "0.0");
        assert_eq!(format_difference("share", -0.0004), "0.0 pts");
    }
}
