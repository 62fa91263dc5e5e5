//! The words of every metric: plain-English labels, descriptions, units
//! and the direction that is better, from the one table of families in
//! [`super::names`]. Every output that shows a metric to a person (the
//! HTML report, the workbook, the comparison table) takes its words from
//! here; the dotted names stay the stable keys of the CSV and JSON files.
//!
//! A family's label and description refer to the segments matched by `*`
//! as `{1}`, `{2}`, … in order; a matched segment is shown in words
//! (`response_north` → "response north", `g1` → "G1").

/// Which way a metric improves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Lower is better (waits, abandoned calls, backlogs, cost).
    Lower,
    /// Higher is better (shares within target, outcomes).
    Higher,
    /// Neither: a volume or a setting (demand offered, staff on duty).
    Neither,
}

impl Direction {
    /// In words, for a table cell: "lower is better", or "".
    pub fn words(self) -> &'static str {
        match self {
            Direction::Lower => "lower is better",
            Direction::Higher => "higher is better",
            Direction::Neither => "",
        }
    }
}

/// A family of metrics: one dotted pattern and its words. The only way to
/// make a metric name is [`Family::name`], so every name has a label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Family {
    /// Dotted name with `*` for one segment or part of one.
    pub pattern: &'static str,
    /// Short label ("G1 mean response time").
    pub label: &'static str,
    /// What it counts and on what basis.
    pub description: &'static str,
    /// The unit in words ("minutes", "% of calls", "£ a year").
    pub unit: &'static str,
    /// Which way it improves.
    pub better: Direction,
}

impl Family {
    /// The metric name: the pattern with each `*` replaced by the next of
    /// `parts` (a team, channel, grade key, …). `parts` has exactly one
    /// entry per `*`.
    pub fn name(&self, parts: &[&str]) -> String {
        let mut out = String::with_capacity(self.pattern.len() + 16);
        let mut parts = parts.iter();
        for c in self.pattern.chars() {
            if c == '*' {
                let part = parts.next();
                debug_assert!(part.is_some(), "{}: too few parts", self.pattern);
                out.push_str(part.map_or("", |p| p));
            } else {
                out.push(c);
            }
        }
        debug_assert!(parts.next().is_none(), "{}: too many parts", self.pattern);
        out
    }

    /// The name of this family's metric for simulated year `year` (from 1):
    /// `years.N.` and the name.
    pub fn in_year(&self, year: usize, parts: &[&str]) -> String {
        in_year(year, &self.name(parts))
    }

    /// The name in simulated year `year` (from 1), or over the whole run
    /// when `year` is `None`.
    pub fn in_period(&self, year: Option<usize>, parts: &[&str]) -> String {
        match year {
            Some(y) => self.in_year(y, parts),
            None => self.name(parts),
        }
    }

    /// Whether `name` is a metric of this family.
    pub fn matches(&self, name: &str) -> bool {
        matches(self.pattern, name).is_some()
    }

    /// The parts of `name` standing for the pattern's `*`s, in order, if
    /// `name` is a metric of this family.
    pub fn parts<'a>(&self, name: &'a str) -> Option<Vec<&'a str>> {
        matches(self.pattern, name)
    }
}

/// Whether `name` fits `pattern`, a dotted name in which `*` stands for
/// one segment or part of one (as a family's pattern, partly filled).
pub fn glob(pattern: &str, name: &str) -> bool {
    matches(pattern, name).is_some()
}

/// The per-year form of metric `name` for simulated year `year` (from 1).
pub fn in_year(year: usize, name: &str) -> String {
    format!("{}{year}.{name}", super::names::group::YEARS)
}

/// `(year, metric)` of a per-year metric name `years.N.metric`.
pub fn split_year(name: &str) -> Option<(usize, &str)> {
    let rest = name.strip_prefix(super::names::group::YEARS)?;
    let (y, metric) = rest.split_once('.')?;
    if !y.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((y.parse().ok()?, metric))
}

/// Every family, in the order [`describe`] tries them.
pub fn families() -> impl Iterator<Item = &'static Family> {
    super::names::TABLES.iter().flat_map(|t| t.iter())
}

/// A metric described in words.
#[derive(Clone, Debug, PartialEq)]
pub struct Described {
    /// Short label, segments filled in words.
    pub label: String,
    /// What it counts, segments filled in words.
    pub description: String,
    /// The unit in words.
    pub unit: &'static str,
    /// Which way it improves.
    pub better: Direction,
}

/// A matched segment in words: `g1` → `G1`, `response_north` →
/// `response north`, `year_2` → `year 2`.
fn words(segment: &str) -> String {
    let grade = segment.len() == 2
        && segment.starts_with('g')
        && segment[1..].chars().all(|c| c.is_ascii_digit());
    if grade || matches!(segment, "pcso" | "cid" | "rasso" | "asb") {
        return segment.to_uppercase();
    }
    segment.replace('_', " ")
}

fn fill(template: &str, captures: &[&str]) -> String {
    let mut out = template.to_string();
    for (i, c) in captures.iter().enumerate() {
        out = out.replace(&format!("{{{}}}", i + 1), &words(c));
    }
    // A label opening with a capture starts with a capital letter.
    let mut chars = out.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => out,
    }
}

fn matches<'a>(pattern: &str, name: &'a str) -> Option<Vec<&'a str>> {
    let (p, n): (Vec<&str>, Vec<&str>) = (pattern.split('.').collect(), name.split('.').collect());
    if p.len() != n.len() {
        return None;
    }
    let mut captures = Vec::new();
    for (p, n) in p.iter().zip(&n) {
        if let Some((before, after)) = p.split_once('*') {
            let inner = n
                .strip_prefix(before)
                .and_then(|rest| rest.strip_suffix(after))
                .filter(|inner| !inner.is_empty())?;
            captures.push(inner);
        } else if p != n {
            return None;
        }
    }
    Some(captures)
}

/// The first rule matching `name`, in words. `years.N.<metric>` is the
/// metric for year N (by the year the demand arrived).
pub fn describe(name: &str) -> Option<Described> {
    if let Some((year, metric)) = split_year(name) {
        let d = describe(metric)?;
        return Some(Described {
            label: format!("Year {year}: {}", lower_first(&d.label)),
            description: format!(
                "{} Year {year} of the run, counted by the year the demand arrived.",
                d.description
            ),
            ..d
        });
    }
    families().find_map(|r| {
        let captures = matches(r.pattern, name)?;
        Some(Described {
            label: fill(r.label, &captures),
            description: fill(r.description, &captures),
            unit: r.unit,
            better: r.better,
        })
    })
}

fn lower_first(s: &str) -> String {
    // Keep capitals that are part of a name (G1, PCSO): only a capital
    // followed by a lower-case letter is lowered.
    let mut chars = s.chars();
    match (chars.next(), s.chars().nth(1)) {
        (Some(f), Some(second)) if second.is_lowercase() => f.to_lowercase().chain(chars).collect(),
        _ => s.to_string(),
    }
}

/// The label of a metric, or its dotted name when the table has none.
pub fn label(name: &str) -> String {
    describe(name).map_or_else(|| name.to_string(), |d| d.label)
}

/// Units whose figures are fractional by nature, written in text with
/// one decimal whatever their size: full-time equivalents (277.2 FTE,
/// never "277 people").
pub const ONE_DECIMAL_UNITS: [&str; 1] = ["FTE"];

/// How the numbers of metric `name` are written in text when its words
/// say more than its data unit: the unit word and the decimals, e.g.
/// (`FTE`, 1) for a headcount in FTE; `None` for the data unit's own style.
pub fn text_unit(name: &str) -> Option<(&'static str, usize)> {
    let unit = describe(name)?.unit;
    ONE_DECIMAL_UNITS.contains(&unit).then_some((unit, 1))
}

/// Whether metric `name` is a share: a fraction from 0 to 1 (shown as a
/// percentage), as every family whose unit in words is "% of …" is.
pub fn is_share(name: &str) -> bool {
    describe(name).is_some_and(|d| d.unit.starts_with("% of"))
}

/// Which way the metric improves ([`Direction::Neither`] when unknown).
pub fn better(name: &str) -> Direction {
    describe(name).map_or(Direction::Neither, |d| d.better)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_fill_segments_in_words() {
        let d = describe("response.g1.response_time_mean_min").unwrap();
        assert_eq!(d.label, "G1 mean response time");
        assert_eq!(d.unit, "minutes");
        assert_eq!(d.better, Direction::Lower);
        assert_eq!(
            label("teams.response_north.utilisation"),
            "Response north: utilisation on queued jobs"
        );
        assert_eq!(label("calls.999.abandoned"), "999 contacts abandoned");
        assert_eq!(
            label("teams.pcso.utilisation"),
            "PCSO: utilisation on queued jobs"
        );
        assert_eq!(
            label("years.2.crimes.investigated"),
            "Year 2: crimes investigated"
        );
        assert_eq!(better("response.g1.within_target_share"), Direction::Higher);
        assert_eq!(label("no.such.metric"), "no.such.metric");
    }

    #[test]
    fn every_family_describes_its_own_names() {
        for f in families() {
            let stars = f.pattern.matches('*').count();
            let parts: Vec<&str> = ["north", "g2", "x"][..stars].to_vec();
            let name = f.name(&parts);
            let d = describe(&name).unwrap_or_else(|| panic!("{name}: no words"));
            let first = families().find(|g| g.matches(&name)).unwrap();
            assert_eq!(
                first.pattern, f.pattern,
                "{name} is described by another family"
            );
            assert_eq!(d.unit, f.unit);
        }
    }

    #[test]
    fn more_specific_patterns_win() {
        assert_eq!(label("incidents.g4_resolved"), "G4 incidents resolved");
        assert_eq!(label("incidents.g2"), "G2 incidents created");
        assert_eq!(
            label("teams.contact_centre.999.queue_wait_mean_min"),
            "Contact centre: mean wait in the queue, 999"
        );
    }
}
