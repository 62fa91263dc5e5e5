//! How numbers read in terminal and report text: one [`Format`] per table
//! row (a value, its CI, its difference from a base, all in one unit and
//! style) and one minus sign, [`MINUS`]. Machine-readable outputs (CSV,
//! JSON, workbook cells) keep plain numbers.

/// The minus sign of every negative number in terminal and report text:
/// U+2212 MINUS SIGN (as money has always used), never the ASCII hyphen.
/// Machine-readable outputs (CSV, JSON, the workbook's cells) keep their
/// plain numbers.
pub const MINUS: char = '\u{2212}';

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
    /// and minutes, numbers of 100 or more without decimals, others with
    /// two; shares as percentages and pounds as money whatever their size.
    pub fn for_row(unit: &'a str, values: &[f64]) -> Self {
        let big = values
            .iter()
            .filter(|v| v.is_finite())
            .fold(0.0_f64, |m, v| m.max(v.abs()));
        let style = match unit {
            "share" => Style::Percent,
            "£" => Style::Money,
            "s" if big >= 3600.0 => Style::HoursMinutes { seconds: true },
            "min" if big >= 180.0 => Style::HoursMinutes { seconds: false },
            _ if big >= 100.0 => Style::Decimals(0),
            _ => Style::Decimals(2),
        };
        Format { unit, style }
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
                    format!("{} h {:02} min", total / 60, total % 60),
                    total == 0,
                )
            }
            Style::Decimals(d) => {
                let s = format!("{a:.d$}");
                let zero = s.chars().all(|c| c == '0' || c == '.');
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
