//! The terminal view: a compact table of headline metrics with 95 % CIs.

use crate::batch::{BatchResult, MetricSummary};
use comfy_table::{Cell, CellAlignment, Table, presets::UTF8_FULL_CONDENSED};

/// A value in its unit, shares as percentages.
pub fn format_value(unit: &str, x: f64) -> String {
    if x.is_nan() {
        return "–".into();
    }
    match unit {
        "share" => format!("{:.1} %", 100.0 * x),
        "£" => super::finance::money(x),
        "count" | "people" if x.abs() >= 100.0 => format!("{x:.0}"),
        // Long durations read as hours and minutes (7316 s → 2 h 02 min).
        "s" if x.abs() >= 3600.0 => hours_minutes(x / 60.0),
        "min" if x.abs() >= 180.0 => hours_minutes(x),
        _ if x.abs() >= 100.0 => format!("{x:.0}"),
        _ => format!("{x:.2}"),
    }
}

/// A difference of a metric, signed: differences of shares in percentage
/// points (`−1.3 pts`), never in `%` (which would read as a percentage of
/// the base); others as [`format_value`] with a sign.
pub fn format_difference(unit: &str, x: f64) -> String {
    if x.is_nan() {
        return "–".into();
    }
    let sign = if x > 0.0 { "+" } else { "" };
    match unit {
        "share" => {
            let pts = 100.0 * x;
            // A difference that rounds to zero shows no sign (not −0.0).
            let sign = match pts {
                p if (p * 10.0).round() == 0.0 => "",
                p if p < 0.0 => "−",
                _ => sign,
            };
            format!("{sign}{:.1} pts", pts.abs())
        }
        _ => format!("{sign}{}", format_value(unit, x)),
    }
}

/// Whether a difference is marked "clear": its 95 % CI excludes zero
/// (`clear`) and it does not show as zero at the precision displayed (a
/// difference of 0.0 pts is never called clear).
pub fn shows_as_clear(clear: bool, unit: &str, difference: f64) -> bool {
    let zero = format_difference(unit, 0.0);
    let shown = format_difference(unit, difference).replace(['+', '−', '-'], "");
    clear && shown != zero
}

/// Minutes as `H h MM min`.
fn hours_minutes(minutes: f64) -> String {
    let sign = if minutes < 0.0 { "−" } else { "" };
    let total = minutes.abs().round() as u64;
    format!("{sign}{} h {:02} min", total / 60, total % 60)
}

/// A metric's 95 % CI as text (empty when undefined); `*` marks an
/// interval cut to the metric's range, `=` one of zero width (identical
/// replications), as the table's footnote says.
pub fn ci_text(m: &MetricSummary) -> String {
    let mark = match m.interval {
        crate::batch::IntervalNote::Plain => "",
        crate::batch::IntervalNote::Truncated => " *",
        crate::batch::IntervalNote::ZeroWidth => " =",
    };
    match (m.estimate.ci95_low, m.estimate.ci95_high) {
        (Some(lo), Some(hi)) => format!(
            "{} – {}{mark}",
            format_value(m.unit, lo),
            format_value(m.unit, hi)
        ),
        _ => String::new(),
    }
}

/// The footnote explaining [`ci_text`]'s marks, when any row of `result`
/// that passes `keep` carries one.
pub fn interval_footnote(result: &BatchResult, keep: impl Fn(&str) -> bool) -> Option<String> {
    use crate::batch::IntervalNote;
    let shown = || result.summary.iter().filter(|m| keep(&m.name));
    let cut = shown().any(|m| m.interval == IntervalNote::Truncated);
    let flat = shown().any(|m| m.interval == IntervalNote::ZeroWidth);
    let mut notes = Vec::new();
    if cut {
        notes.push("* CI cut to the metric's range (shares 0–100 %, counts and times ≥ 0)");
    }
    if flat {
        notes.push(
            "= zero-width CI: every replication gave the same value (no evidence of precision)",
        );
    }
    (!notes.is_empty()).then(|| notes.join("\n"))
}

/// The unit as shown beside a value (none for counts and shares).
pub fn unit_label(unit: &str) -> &str {
    match unit {
        "share" => "",
        "count" => "",
        "£" => "",
        other => other,
    }
}

/// Rows for the metrics whose names pass `keep`, in order.
pub fn metric_table(result: &BatchResult, keep: impl Fn(&str) -> bool) -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    table.set_header(["metric", "mean", "95 % CI", "unit"]);
    for m in result.summary.iter().filter(|m| keep(&m.name)) {
        table.add_row([
            Cell::new(&m.name),
            Cell::new(format_value(m.unit, m.estimate.mean)).set_alignment(CellAlignment::Right),
            Cell::new(ci_text(m)).set_alignment(CellAlignment::Right),
            Cell::new(unit_label(m.unit)),
        ]);
    }
    table
}

/// The summary shown after `forcesim run`.
pub fn summary_table(result: &BatchResult) -> Table {
    metric_table(result, is_headline)
}

/// Whether a metric belongs in the compact terminal view (and the
/// comparison report's table): with a geography, G1 by area and by atom,
/// the cross-area share and mean travel too.
pub fn is_headline(name: &str) -> bool {
    use crate::metrics::names as n;
    let any = |families: &[n::Family]| families.iter().any(|f| f.matches(name));
    let contact = any(&[
        n::CALLS_OFFERED,
        n::CALLS_ABANDONED_SHARE,
        n::CALLS_ANSWER_TIME_MEAN_S,
        n::CALLS_ANSWER_TIME_P90_S,
        n::CALLS_ANSWERED_WITHIN_TARGET_SHARE,
    ]);
    let incidents = [
        n::INCIDENTS_TOTAL.name(&[]),
        n::INCIDENTS_ATTENDED_SHARE.name(&[]),
        n::DEMAND_OFFERED.name(&["mental_health"]),
    ]
    .iter()
    .chain(&["g1", "g2", "g3", "g4"].map(|g| n::INCIDENTS_GRADE.name(&[g])))
    .any(|h| h == name);
    let response = any(&[
        n::RESPONSE_WITHIN_TARGET_SHARE,
        n::RESPONSE_RESPONSE_TIME_MEAN_MIN,
        n::RESPONSE_RESPONSE_TIME_P90_MIN,
    ]);
    let teams = any(&[
        n::TEAMS_UTILISATION,
        n::TEAMS_QUEUE_WAIT_MEAN_MIN,
        n::TEAMS_CLASS_QUEUE_WAIT_MEAN_MIN,
    ]);
    let money = any(&[
        n::COST_TOTAL_PER_YEAR,
        n::FUNDING_TOTAL_PER_YEAR,
        n::BUDGET_SURPLUS_PER_YEAR,
    ]);
    // With a geography: G1 by area and by atom, crossing and travel.
    let g1_by_place = [
        n::GEOGRAPHY_AREA_WITHIN_TARGET_SHARE,
        n::GEOGRAPHY_AREA_RESPONSE_TIME_MEAN_MIN,
        n::GEOGRAPHY_ATOM_WITHIN_TARGET_SHARE,
    ]
    .iter()
    .any(|f| f.parts(name).is_some_and(|p| p.get(1) == Some(&"g1")));
    let geography =
        g1_by_place || any(&[n::GEOGRAPHY_CROSS_AREA_SHARE, n::GEOGRAPHY_TRAVEL_MEAN_MIN]);
    contact || incidents || response || teams || money || geography
}

/// The table `forcesim validate` prints.
pub fn validation_table(checks: &[crate::validation::Check]) -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    table.set_header([
        "case",
        "quantity",
        "analytic",
        "simulated",
        "95 % CI",
        "result",
    ]);
    let fmt = |x: f64| {
        if x.is_nan() {
            "–".to_string()
        } else {
            format!("{x:.4}")
        }
    };
    for c in checks {
        let ci = match (c.simulated.ci95_low, c.simulated.ci95_high) {
            (Some(lo), Some(hi)) => format!("{} – {}", fmt(lo), fmt(hi)),
            _ => String::new(),
        };
        table.add_row([
            Cell::new(&c.case),
            Cell::new(&c.quantity),
            Cell::new(fmt(c.analytic)).set_alignment(CellAlignment::Right),
            Cell::new(fmt(c.simulated.mean)).set_alignment(CellAlignment::Right),
            Cell::new(ci).set_alignment(CellAlignment::Right),
            Cell::new(if c.pass {
                "pass".to_string()
            } else {
                format!("FAIL: {}", c.note)
            }),
        ]);
    }
    table
}

fn opt(x: Option<f64>) -> String {
    x.map_or_else(|| "unstable".to_string(), |v| format!("{v:.2}"))
}

/// The analytic twin beside the simulated waits.
pub fn twin_table(rows: &[crate::report::twin::TwinRow]) -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    table.set_header([
        "team / class",
        "load (erl)",
        "on duty",
        "ρ",
        "textbook wait (min)",
        "simulated wait (min)",
    ]);
    for r in rows {
        table.add_row([
            Cell::new(&r.team),
            Cell::new(format!("{:.2}", r.load_erlangs)).set_alignment(CellAlignment::Right),
            Cell::new(r.servers).set_alignment(CellAlignment::Right),
            Cell::new(format!("{:.2}", r.textbook_utilisation)).set_alignment(CellAlignment::Right),
            Cell::new(opt(r.textbook_wait_min)).set_alignment(CellAlignment::Right),
            Cell::new(format!("{:.2}", r.simulated_wait_min)).set_alignment(CellAlignment::Right),
        ]);
        if r.classes.len() > 1 {
            for c in &r.classes {
                table.add_row([
                    Cell::new(format!("  {} ({:.1}/h)", c.class, c.arrivals_per_hour)),
                    Cell::new(""),
                    Cell::new(""),
                    Cell::new(""),
                    Cell::new(opt(c.textbook_wait_min)).set_alignment(CellAlignment::Right),
                    Cell::new(format!("{:.2}", c.simulated_wait_min))
                        .set_alignment(CellAlignment::Right),
                ]);
            }
        }
    }
    table
}

/// Paired differences against the base scenario; `clear` marks a 95 % CI
/// that excludes zero.
pub fn comparison_table(rows: &[crate::compare::Difference], keep: impl Fn(&str) -> bool) -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    table.set_header([
        "metric",
        "scenario",
        "base",
        "other",
        "difference (95 % CI)",
        "",
        "better",
    ]);
    for d in rows.iter().filter(|d| keep(&d.metric)) {
        let diff = match (d.difference.ci95_low, d.difference.ci95_high) {
            (Some(lo), Some(hi)) => format!(
                "{} ({} – {})",
                format_difference(d.unit, d.difference.mean),
                format_difference(d.unit, lo),
                format_difference(d.unit, hi)
            ),
            _ => format_difference(d.unit, d.difference.mean),
        };
        let clear = shows_as_clear(d.clear, d.unit, d.difference.mean);
        table.add_row([
            Cell::new(&d.metric),
            Cell::new(&d.scenario),
            Cell::new(format_value(d.unit, d.base_mean)).set_alignment(CellAlignment::Right),
            Cell::new(format_value(d.unit, d.other_mean)).set_alignment(CellAlignment::Right),
            Cell::new(diff).set_alignment(CellAlignment::Right),
            Cell::new(if clear { "clear" } else { "" }),
            Cell::new(crate::metrics::labels::better(&d.metric).words()),
        ]);
    }
    table
}

/// One row per grid point: the swept values and each shown metric's mean
/// with its 95 % CI.
pub fn sweep_table(
    axes: &[crate::sweep::Axis],
    points: &[Vec<(String, String)>],
    results: &[BatchResult],
    shown: &[String],
) -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    let mut header: Vec<String> = axes.iter().map(|a| a.key.clone()).collect();
    header.extend(shown.iter().cloned());
    table.set_header(header);
    for (point, result) in points.iter().zip(results) {
        let mut row: Vec<Cell> = point
            .iter()
            .map(|(_, v)| Cell::new(v).set_alignment(CellAlignment::Right))
            .collect();
        for name in shown {
            let text = match result.metric(name) {
                Some(m) => match (m.estimate.ci95_low, m.estimate.ci95_high) {
                    (Some(lo), Some(hi)) => format!(
                        "{} ({} – {})",
                        format_value(m.unit, m.estimate.mean),
                        format_value(m.unit, lo),
                        format_value(m.unit, hi)
                    ),
                    _ => format_value(m.unit, m.estimate.mean),
                },
                None => "no such metric".into(),
            };
            row.push(Cell::new(text).set_alignment(CellAlignment::Right));
        }
        table.add_row(row);
    }
    table
}

/// For each value of the second axis (or once), the smallest value of the
/// first axis whose mean meets the target — a search over the grid given,
/// not beyond it.
pub fn target_lines(
    axes: &[crate::sweep::Axis],
    points: &[Vec<(String, String)>],
    results: &[BatchResult],
    target: &crate::sweep::Target,
) -> Vec<String> {
    let others: Vec<Option<&String>> = match axes.get(1) {
        Some(second) => second.values.iter().map(Some).collect(),
        None => vec![None],
    };
    others
        .into_iter()
        .map(|other| {
            let found = points.iter().zip(results).find(|(p, r)| {
                other.is_none_or(|v| p.get(1).is_some_and(|(_, pv)| pv == v))
                    && r.metric(&target.metric)
                        .is_some_and(|m| target.met_by(m.estimate.mean))
            });
            let within = other.map_or(String::new(), |v| format!(" with {} = {v}", axes[1].key));
            match found {
                Some((p, r)) => {
                    let m = r
                        .metric(&target.metric)
                        .map_or(f64::NAN, |m| m.estimate.mean);
                    format!(
                        "Target {target}{within}: smallest {} meeting it is {} (mean {m:.4}).",
                        axes[0].key, p[0].1
                    )
                }
                None => format!(
                    "Target {target}{within}: no value of {} in the grid meets it.",
                    axes[0].key
                ),
            }
        })
        .collect()
}

#[cfg(test)]
mod format_tests {
    use super::*;

    #[test]
    fn differences_of_shares_are_in_points_and_zero_is_never_clear() {
        assert_eq!(format_difference("share", -0.013), "−1.3 pts");
        assert_eq!(format_difference("share", 0.02), "+2.0 pts");
        assert_eq!(format_difference("share", -0.0001), "0.0 pts");
        assert_eq!(format_difference("min", -1.5), "-1.50");
        assert!(!shows_as_clear(true, "share", 1e-5));
        assert!(!shows_as_clear(true, "min", -1e-4));
        assert!(shows_as_clear(true, "share", 0.013));
        assert!(!shows_as_clear(false, "share", 0.013));
    }

    #[test]
    fn long_durations_are_hours_and_minutes() {
        assert_eq!(format_value("s", 7316.0), "2 h 02 min");
        assert_eq!(format_value("min", 272.0), "4 h 32 min");
        assert_eq!(format_value("s", 67.4), "67.40");
        assert_eq!(format_value("min", 90.8), "90.80");
    }
}
