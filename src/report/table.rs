//! The terminal view: a compact table of headline metrics with 95 % CIs.

use crate::batch::{BatchResult, MetricSummary};
use comfy_table::{Cell, CellAlignment, Table, presets::UTF8_FULL_CONDENSED};

pub use super::format::{
    Format, MINUS, Style, format_difference, format_value, shows_as_clear, shows_as_clear_in,
};

/// A metric's 95 % CI as text (empty when undefined), in the style of its
/// mean ([`Format::for_row`]); `*` marks an
/// interval cut to the metric's range, `=` one of zero width (identical
/// replications), as the table's footnote says.
pub fn ci_text(m: &MetricSummary) -> String {
    let mark = match m.interval {
        crate::batch::IntervalNote::Plain => "",
        crate::batch::IntervalNote::Truncated => " *",
        crate::batch::IntervalNote::ZeroWidth => " =",
    };
    let f = Format::for_metric(&m.name, m.unit, &[m.estimate.mean]);
    match (m.estimate.ci95_low, m.estimate.ci95_high) {
        (Some(_), Some(_)) => format!(
            "{}{mark}",
            f.interval(m.estimate.ci95_low, m.estimate.ci95_high)
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
        "share" | "count" | "£" => "",
        other => other,
    }
}

/// Rows for the metrics whose names pass `keep`, in order.
pub fn metric_table(result: &BatchResult, keep: impl Fn(&str) -> bool) -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    table.set_header(["metric", "mean", "95 % CI", "unit"]);
    for m in result.summary.iter().filter(|m| keep(&m.name)) {
        let f = Format::for_metric(&m.name, m.unit, &[m.estimate.mean]);
        table.add_row([
            Cell::new(&m.name),
            Cell::new(f.value(m.estimate.mean)).set_alignment(CellAlignment::Right),
            Cell::new(ci_text(m)).set_alignment(CellAlignment::Right),
            Cell::new(f.unit_label()),
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
/// the cross-area share and mean travel too; with a time budget, each
/// team's committed share; with work after incidents, the hours each
/// process change frees a year and their value.
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
        n::TEAMS_COMMITTED_SHARE,
    ]);
    // With work after incidents: what each process change frees.
    let process = any(&[n::PROCESS_HOURS_FREED_PER_YEAR, n::PROCESS_VALUE_PER_YEAR]);
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
    contact || incidents || response || teams || process || money || geography
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

/// The footnote explaining the `*` of [`comparison_table`], when a shown
/// row's CI was cut to the range a difference can take.
pub fn comparison_footnote(
    rows: &[crate::compare::Difference],
    keep: impl Fn(&str) -> bool,
) -> Option<String> {
    rows.iter()
        .any(|d| d.truncated && keep(&d.metric))
        .then(|| {
            "* CI cut to the range a difference can take (±100 pts for a share): \
             the true difference lies in it, so the cut interval covers it as often"
                .to_string()
        })
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
        "unit",
        "",
        "better",
    ]);
    for d in rows.iter().filter(|d| keep(&d.metric)) {
        // One style for the row: base, other, difference and its CI.
        let f = Format::for_metric(&d.metric, d.unit, &[d.base_mean, d.other_mean]);
        let mut ci = f.difference_interval(d.difference.ci95_low, d.difference.ci95_high);
        if d.truncated && !ci.is_empty() {
            ci.push_str(" *");
        }
        let diff = if ci.is_empty() {
            f.difference(d.difference.mean)
        } else {
            format!("{} ({ci})", f.difference(d.difference.mean))
        };
        let clear = shows_as_clear_in(&f, d.clear, d.difference.mean);
        table.add_row([
            Cell::new(&d.metric),
            Cell::new(&d.scenario),
            Cell::new(f.value(d.base_mean)).set_alignment(CellAlignment::Right),
            Cell::new(f.value(d.other_mean)).set_alignment(CellAlignment::Right),
            Cell::new(diff).set_alignment(CellAlignment::Right),
            Cell::new(f.unit_label()),
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
                Some(m) => {
                    let f = Format::for_metric(name, m.unit, &[m.estimate.mean]);
                    let ci = f.interval(m.estimate.ci95_low, m.estimate.ci95_high);
                    if ci.is_empty() {
                        f.value(m.estimate.mean)
                    } else {
                        format!("{} ({ci})", f.value(m.estimate.mean))
                    }
                }
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
/// not beyond it — with where that point's 95 % CI lies against the
/// target, and, when the CI does not wholly meet it, the smallest value
/// whose whole CI does. The target and the means are written in the
/// metric's format (shares in %, never a fraction beside them).
pub fn target_lines(
    axes: &[crate::sweep::Axis],
    points: &[Vec<(String, String)>],
    results: &[BatchResult],
    target: &crate::sweep::Target,
) -> Vec<String> {
    use super::format::{AgainstTarget, against_target_text, target_text};
    let unit = results
        .iter()
        .find_map(|r| r.metric(&target.metric))
        .map_or("", |m| m.unit);
    let shown = target_text(&target.metric, unit, target.at_least, target.threshold);
    let others: Vec<Option<&String>> = match axes.get(1) {
        Some(second) => second.values.iter().map(Some).collect(),
        None => vec![None],
    };
    let against = |m: &MetricSummary| {
        AgainstTarget::of(
            target.at_least,
            target.threshold,
            m.estimate.ci95_low,
            m.estimate.ci95_high,
        )
    };
    others
        .into_iter()
        .map(|other| {
            let row = || {
                points
                    .iter()
                    .zip(results)
                    .filter(|(p, _)| other.is_none_or(|v| p.get(1).is_some_and(|(_, pv)| pv == v)))
            };
            let found = row().find_map(|(p, r)| {
                r.metric(&target.metric)
                    .filter(|m| target.met_by(m.estimate.mean))
                    .map(|m| (p, m))
            });
            let within = other.map_or(String::new(), |v| format!(" with {} = {v}", axes[1].key));
            let key = &axes[0].key;
            match found {
                Some((p, m)) => {
                    let e = &m.estimate;
                    let mut line = format!(
                        "Target {shown}{within}: smallest {key} whose mean meets it is {}: {}.",
                        p[0].1,
                        against_target_text(
                            unit,
                            target.at_least,
                            target.threshold,
                            e.mean,
                            e.ci95_low,
                            e.ci95_high
                        )
                    );
                    if matches!(against(m), AgainstTarget::Straddles) {
                        let sure = row().find(|(_, r)| {
                            r.metric(&target.metric)
                                .is_some_and(|m| against(m) == AgainstTarget::WhollyMeets)
                        });
                        line.push_str(&match sure {
                            Some((q, _)) => {
                                format!(" The smallest whose whole 95 % CI meets it is {}.", q[0].1)
                            }
                            None => " No value in the grid meets it with its whole 95 % CI.".into(),
                        });
                    }
                    line
                }
                None => format!("Target {shown}{within}: no value of {key} in the grid meets it."),
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
        assert_eq!(format_difference("min", -1.5), "−1.50");
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

    fn estimate(mean: f64, lo: f64, hi: f64) -> crate::stats::Estimate {
        crate::stats::Estimate {
            n: 8,
            skipped: 0,
            mean,
            sd: Some(1.0),
            ci95_low: Some(lo),
            ci95_high: Some(hi),
        }
    }

    /// The numbers of a rendered table's data rows (header and borders
    /// left out), cell by cell.
    fn cells(table: &Table) -> Vec<Vec<String>> {
        table
            .row_iter()
            .map(|r| r.cell_iter().map(Cell::content).collect())
            .collect()
    }

    /// Full-time equivalents are written with one decimal and the unit
    /// FTE, from the labels table, wherever a table shows them (it showed
    /// "277" for 277.2 with the unit "people"), in a year too.
    #[test]
    fn fte_figures_show_one_decimal_and_the_unit_fte() {
        use crate::metrics::names as n;
        for name in [
            n::TEAMS_HEADCOUNT_FTE.name(&["response_north"]),
            n::TEAMS_HEADCOUNT_FTE.in_year(2, &["response_north"]),
            n::COST_FTE.name(&[]),
        ] {
            let m = MetricSummary {
                name: name.clone(),
                unit: "people",
                estimate: estimate(1277.2, 1277.2, 1277.2),
                interval: crate::batch::IntervalNote::ZeroWidth,
            };
            let rows = cells(&metric_table(
                &BatchResult {
                    seed: 1,
                    replications: Vec::new(),
                    summary: vec![m],
                    pooled: Vec::new(),
                    hourly: Vec::new(),
                    distributions: Vec::new(),
                    series: Vec::new(),
                },
                |_| true,
            ));
            assert_eq!(rows[0][1], "1,277.2", "{name}");
            assert_eq!(rows[0][2], "1,277.2 – 1,277.2 =", "{name}");
            assert_eq!(rows[0][3], "FTE", "{name}");
            let d = crate::compare::Difference {
                metric: name.clone(),
                unit: "people",
                scenario: "other".into(),
                base_mean: 277.2,
                other_mean: 332.6,
                difference: estimate(55.4, 55.4, 55.4),
                clear: true,
                truncated: false,
            };
            let rows = cells(&comparison_table(&[d], |_| true));
            assert_eq!(
                &rows[0][2..6],
                ["277.2", "332.6", "+55.4 (+55.4 – +55.4)", "FTE"]
            );
        }
        // Other people counts keep their style.
        assert_eq!(
            Format::for_metric(&n::WORKFORCE_OFFICERS.name(&[]), "people", &[1277.0]).unit_label(),
            "people"
        );
    }

    #[test]
    fn a_value_and_its_ci_share_one_unit_and_style() {
        // A p90 of 4 h 35 min whose CI starts below 3 h read
        // "168 – 6 h 13 min" beside a unit column saying `min`.
        let m = MetricSummary {
            name: crate::metrics::names::RESPONSE_RESPONSE_TIME_P90_MIN.name(&["g3"]),
            unit: "min",
            estimate: estimate(275.0, 168.0, 373.0),
            interval: crate::batch::IntervalNote::Plain,
        };
        assert_eq!(ci_text(&m), "2 h 48 min – 6 h 13 min");
        let f = Format::for_row(m.unit, &[m.estimate.mean]);
        assert_eq!(f.value(m.estimate.mean), "4 h 35 min");
        // The unit column names the unit the numbers are written in.
        assert_eq!(f.unit_label(), "h min");
        // A seconds metric shown as hours and minutes is not labelled `s`.
        let s = Format::for_row("s", &[7316.0]);
        assert_eq!(
            (s.value(7316.0).as_str(), s.unit_label()),
            ("2 h 02 min", "h min")
        );
        // Plain numbers keep their unit and one number of decimals per
        // row, set by the mean: a CI end past 100 keeps the mean's two.
        let p = Format::for_row("min", &[95.0]);
        assert_eq!(p.interval(Some(88.4), Some(101.6)), "88.40 – 101.60");
        let p = Format::for_row("min", &[105.0]);
        assert_eq!(p.interval(Some(98.4), Some(111.6)), "98 – 112");
        assert_eq!(p.unit_label(), "min");
        let p = Format::for_row("min", &[14.2]);
        assert_eq!(p.interval(Some(14.02), Some(14.29)), "14.02 – 14.29");
    }

    #[test]
    fn a_difference_is_in_the_unit_and_style_of_its_base() {
        // Online answer times of about 2 h: the difference and its CI were
        // in seconds ("+45.20") beside a base in hours and minutes.
        let d = crate::compare::Difference {
            metric: crate::metrics::names::CALLS_ANSWER_TIME_MEAN_S.name(&["online"]),
            unit: "s",
            scenario: "other".into(),
            base_mean: 7316.0,
            other_mean: 7900.0,
            difference: estimate(584.0, 300.0, 868.0),
            clear: true,
            truncated: false,
        };
        let rows = cells(&comparison_table(std::slice::from_ref(&d), |_| true));
        let row = &rows[0];
        assert_eq!(row[2], "2 h 02 min");
        assert_eq!(row[3], "2 h 12 min");
        assert_eq!(row[4], "+0 h 10 min (+0 h 05 min – +0 h 14 min)");
        assert_eq!(row[5], "h min");
        assert_eq!(row[6], "clear");
        // A difference that shows as zero in the row's style is not clear.
        let small = crate::compare::Difference {
            difference: estimate(12.0, 5.0, 19.0),
            ..d
        };
        let rows = cells(&comparison_table(&[small], |_| true));
        assert_eq!(rows[0][4], "0 h 00 min (0 h 00 min – 0 h 00 min)");
        assert_eq!(rows[0][6], "");
    }

    #[test]
    fn negative_numbers_use_one_minus_sign_everywhere() {
        // A hyphen in some places ("-1.50") and U+2212 in others (money,
        // points): now U+2212 everywhere in text.
        assert_eq!(format_difference("min", -1.5), "\u{2212}1.50");
        assert_eq!(format_value("min", -2.0), "\u{2212}2.00");
        assert_eq!(format_value("count", -1500.0), "\u{2212}1,500");
        assert_eq!(format_value("min", -272.0), "\u{2212}4 h 32 min");
        assert_eq!(format_difference("£", -1_200_000.0), "\u{2212}£1.20 m");
        assert_eq!(format_difference("share", -0.013), "\u{2212}1.3 pts");
        // Nothing that rounds to zero carries a sign.
        assert_eq!(format_value("min", -0.001), "0.00");
        assert_eq!(format_difference("min", -0.001), "0.00");
        let d = crate::compare::Difference {
            metric: crate::metrics::names::RESPONSE_RESPONSE_TIME_MEAN_MIN.name(&["g1"]),
            unit: "min",
            scenario: "other".into(),
            base_mean: 14.2,
            other_mean: 13.1,
            difference: estimate(-1.1, -1.4, -0.8),
            clear: true,
            truncated: false,
        };
        let rendered = comparison_table(&[d], |_| true).to_string();
        assert!(
            !rendered
                .chars()
                .zip(rendered.chars().skip(1))
                .any(|(a, b)| a == '-' && b.is_ascii_digit()),
            "a hyphen used as a minus sign in:\n{rendered}"
        );
        assert!(
            rendered.contains("\u{2212}1.10 (\u{2212}1.40 – \u{2212}0.80)"),
            "{rendered}"
        );
    }
}
