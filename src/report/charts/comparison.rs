//! Scenario comparison charts: each headline metric per scenario with its
//! 95 % CI, the paired differences from the base, and — where scenarios
//! have costs — cost against outcome.

use super::legend::{AxisRange, Corner, Series, place_legend};
use super::{
    Drawn, Figure, axis_label, colour, decimals_for, format_money, legend, padded_range, text, tick,
};
use super::{legend_px, plot_px};
use crate::metrics::names as n;
use crate::report::documents::{ComparisonDoc, MetricEstimate, find};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Metrics the comparison charts show, by name prefix, in order: the
/// headline service figures, then investigations and prevention.
/// Each is a family and its parts; `*` keeps the part open (the 999
/// answer target, whatever it is).
pub const CHART_METRICS: [(n::Family, &[&str]); 12] = [
    (n::CALLS_ANSWERED_WITHIN_TARGET_SHARE, &["999", "*"]),
    (n::CALLS_ANSWER_TIME_MEAN_S, &["999"]),
    (n::CALLS_ANSWER_TIME_MEAN_S, &["101"]),
    (n::CALLS_ABANDONED_SHARE, &["101"]),
    (n::INCIDENTS_ATTENDED_SHARE, &[]),
    (n::RESPONSE_WITHIN_TARGET_SHARE, &["g1"]),
    (n::RESPONSE_RESPONSE_TIME_MEAN_MIN, &["g1"]),
    (n::RESPONSE_WITHIN_TARGET_SHARE, &["g2"]),
    (n::RESPONSE_RESPONSE_TIME_MEAN_MIN, &["g3"]),
    (n::CRIMES_INVESTIGATED, &[]),
    (n::CRIMES_OPEN_AT_END, &[]),
    (n::PREVENTION_DEMAND_AVOIDED, &["harm_reduction"]),
];

/// Name of the scenario cost metric (£ a year), when a scenario has costs.
pub const COST_METRIC: &str = n::COST_TOTAL_PER_YEAR.pattern;

/// The charted metric names present in `metrics`, in [`CHART_METRICS`] order.
pub fn chart_metric_names(metrics: &[MetricEstimate]) -> Vec<String> {
    CHART_METRICS
        .iter()
        .filter_map(|(family, parts)| {
            let pattern = family.name(parts);
            metrics
                .iter()
                .find(|m| crate::metrics::labels::glob(&pattern, &m.name) && m.mean.is_some())
                .map(|m| m.name.clone())
        })
        .collect()
}

/// Shortens a scenario name for an axis label.
fn short(name: &str) -> String {
    const MAX: usize = 22;
    if name.chars().count() <= MAX {
        name.to_string()
    } else {
        let cut: String = name.chars().take(MAX - 1).collect();
        format!("{cut}…")
    }
}

/// Small multiples: one panel per headline metric, scenarios along x.
#[derive(Clone, Debug)]
pub struct ScenarioMetrics {
    /// The comparison drawn.
    pub doc: ComparisonDoc,
    /// Dotted metric names, one panel each, in order.
    pub metrics: Vec<String>,
}

const COLUMNS: usize = 3;

impl Figure for ScenarioMetrics {
    fn stem(&self) -> String {
        "comparison_metrics".into()
    }

    fn title(&self) -> String {
        format!(
            "Headline metrics by scenario (mean, 95 % CI, {}) — base {}",
            crate::report::format::count_of(self.doc.replications, "replication", "replications"),
            self.doc.scenarios[0].name
        )
    }

    fn size(&self) -> (u32, u32) {
        (1200, 80 + 270 * self.metrics.len().div_ceil(COLUMNS) as u32)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let rows = self.metrics.len().div_ceil(COLUMNS);
        let cells = area.split_evenly((rows, COLUMNS));
        let n = self.doc.scenarios.len();
        for (metric, cell) in self.metrics.iter().zip(&cells) {
            let values: Vec<Option<(f64, f64, f64)>> = self
                .doc
                .scenarios
                .iter()
                .map(|s| find(&s.metrics, metric).and_then(MetricEstimate::interval))
                .collect();
            let unit = self.doc.scenarios[0]
                .metrics
                .iter()
                .find(|m| &m.name == metric)
                .map_or("", |m| m.unit.as_str());
            let scale = if unit == "share" { 100.0 } else { 1.0 };
            let (lo, hi) = padded_range(
                values
                    .iter()
                    .flatten()
                    .flat_map(|v| [v.0 * scale, v.2 * scale]),
                0.15,
            );
            let mut chart = ChartBuilder::on(cell)
                .caption(metric, text(14))
                .margin(8)
                .x_label_area_size(30)
                .y_label_area_size(60)
                .build_cartesian_2d(-0.5..(n as f64 - 0.5), lo..hi)?;
            let names: Vec<String> = self.doc.scenarios.iter().map(|s| short(&s.name)).collect();
            chart
                .configure_mesh()
                .disable_x_mesh()
                .x_labels(n)
                .x_label_formatter(&|x| {
                    let i = x.round();
                    if (x - i).abs() < 1e-6 && i >= 0.0 {
                        names.get(i as usize).cloned().unwrap_or_default()
                    } else {
                        String::new()
                    }
                })
                .y_desc(axis_label("", unit).trim().to_string())
                .y_label_formatter(&|y| format!("{y:.0$}", decimals_for(lo, hi)))
                .axis_desc_style(text(12))
                .label_style(text(11))
                .draw()?;
            for (i, v) in values.iter().enumerate() {
                let Some((l, m, h)) = v else { continue };
                let c = colour(i);
                chart.draw_series(std::iter::once(ErrorBar::new_vertical(
                    i as f64,
                    l * scale,
                    m * scale,
                    h * scale,
                    c.stroke_width(2),
                    14,
                )))?;
                chart.draw_series(std::iter::once(Circle::new(
                    (i as f64, m * scale),
                    4,
                    c.filled(),
                )))?;
            }
        }
        // Scenarios are named on the x axis: no legend.
        Ok(vec![])
    }
}

/// A forest plot of paired differences: differences of shares in
/// percentage points (pts), other metrics as a percentage of the base
/// mean. Every row drawn has a bar: a metric whose base mean is zero (no
/// % of it exists) is not left as an empty row but written in a note
/// under the plot, with its difference and CI in its own unit.
#[derive(Clone, Debug)]
pub struct PairedDifferences {
    /// The comparison drawn.
    pub doc: ComparisonDoc,
    /// Dotted metric names, one row each (per alternative), in order.
    pub metrics: Vec<String>,
}

/// `(label, scenario index, (low, mean, high) on the chart's scale or
/// `None` when the base is zero, clear)`.
type ForestRow = (String, usize, Option<(f64, f64, f64)>, bool);

impl PairedDifferences {
    /// The rows drawn, each with its bar.
    fn rows(&self) -> Vec<ForestRow> {
        self.all_rows()
            .into_iter()
            .filter(|r| r.2.is_some())
            .collect()
    }

    /// The notes under the plot: one per metric whose base is zero.
    fn notes(&self) -> Vec<String> {
        self.all_rows()
            .into_iter()
            .filter(|r| r.2.is_none())
            .map(|r| {
                if self.doc.scenarios.len() > 2 {
                    format!("{} · {}", r.0, short(&self.doc.scenarios[r.1].name))
                } else {
                    r.0
                }
            })
            .collect()
    }

    fn all_rows(&self) -> Vec<ForestRow> {
        let mut rows = Vec::new();
        for metric in &self.metrics {
            for (k, s) in self.doc.scenarios.iter().enumerate().skip(1) {
                let Some(d) = self
                    .doc
                    .differences
                    .iter()
                    .find(|d| &d.metric == metric && d.scenario == s.name)
                else {
                    continue;
                };
                let Some((l, m, h)) = d.difference.interval() else {
                    continue;
                };
                let clear = crate::report::table::shows_as_clear(d.clear, &d.unit, m);
                let better = crate::metrics::labels::better(metric).words();
                let better = if better.is_empty() {
                    String::new()
                } else {
                    format!(", {better}")
                };
                if d.unit == "share" {
                    let pts = |x: f64| 100.0 * x;
                    let label = format!("{metric} (pts{better})");
                    rows.push((label, k, Some((pts(l), pts(m), pts(h))), clear));
                    continue;
                }
                match d.base_mean {
                    Some(base) if base != 0.0 => {
                        let pct = |x: f64| 100.0 * x / base.abs();
                        let label = format!("{metric} (% of base{better})");
                        rows.push((label, k, Some((pct(l), pct(m), pct(h))), clear));
                    }
                    _ => {
                        let f = crate::report::table::Format::for_row(&d.unit, &[l, m, h]);
                        let label = format!(
                            "{metric}: base 0 (no % of it), so not drawn; difference {} (95 % CI {}{better})",
                            f.difference(m),
                            f.difference_interval(Some(l), Some(h))
                        );
                        rows.push((label, k, None, clear));
                    }
                }
            }
        }
        rows
    }
}

impl Figure for PairedDifferences {
    fn stem(&self) -> String {
        "comparison_differences".into()
    }

    fn title(&self) -> String {
        format!(
            "Paired differences from base {} (shares in pts, others in % of base mean; 95 % CI)",
            self.doc.scenarios[0].name
        )
    }

    fn size(&self) -> (u32, u32) {
        let rows = self.rows().len().max(1) as u32;
        let notes = self.notes().len() as u32;
        (1200, 140 + 26 * (rows + 2) + NOTE_LINE_PX * notes)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let rows = self.rows();
        let notes = self.notes();
        let (_, h) = area.dim_in_pixel();
        let (area, note_area) =
            area.split_vertically(h.saturating_sub(NOTE_LINE_PX * notes.len() as u32));
        let area = &area;
        for (i, note) in notes.iter().enumerate() {
            note_area.draw(&Text::new(
                note.clone(),
                (12, (NOTE_LINE_PX as i32) * i as i32 + 4),
                text(12),
            ))?;
        }
        let (lo, hi) = padded_range(
            rows.iter()
                .filter_map(|r| r.2)
                .flat_map(|(l, _, h)| [l, h])
                .chain([0.0]),
            0.1,
        );
        let n = rows.len().max(1);
        let labels: Vec<String> = rows
            .iter()
            .map(|r| {
                if self.doc.scenarios.len() > 2 {
                    format!("{} · {}", r.0, short(&self.doc.scenarios[r.1].name))
                } else {
                    r.0.clone()
                }
            })
            .collect();
        let (margin, x_area, y_area, font) = (12, 45, 380, 12);
        let legend_labels = [
            "difference clear (95 % CI excludes zero)".to_string(),
            "not clear (95 % CI includes zero)".to_string(),
        ];
        // Row i is drawn at y = n - 1 - i; each bar is a line from its low
        // to its high end, and the zero line runs the full height.
        let mut avoid: Vec<Series> = rows
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                let (l, _, h) = r.2?;
                let y = (n - 1 - i) as f64;
                Some(Series::line([(l, y), (h, y)]))
            })
            .collect();
        avoid.push(Series::line([(0.0, -0.5), (0.0, n as f64 - 0.5)]));
        let plan = place_legend(
            &avoid,
            AxisRange::linear(lo, hi),
            AxisRange::linear(-0.5, n as f64 - 0.5),
            plot_px(area, margin, x_area, y_area)?,
            legend_px(&legend_labels, font),
            &[
                Corner::LowerRight,
                Corner::LowerLeft,
                Corner::UpperRight,
                Corner::UpperLeft,
            ],
        );
        let y_top = plan.y_range.hi;
        let mut chart = ChartBuilder::on(area)
            .margin(margin)
            .x_label_area_size(x_area)
            .y_label_area_size(y_area)
            .build_cartesian_2d(lo..hi, -0.5..y_top)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(n + 1 + (y_top - (n as f64 - 0.5)).ceil() as usize)
            .y_label_formatter(&|y| {
                let i = y.round();
                if (y - i).abs() < 1e-6 && i >= 0.0 {
                    (n - 1).checked_sub(i as usize).and_then(|k| labels.get(k)).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .x_desc("difference from base: percentage points (pts) for shares, % of the base mean otherwise")
            .x_label_formatter(&tick)
            .axis_desc_style(text(14))
            .label_style(text(12))
            .draw()?;
        chart.draw_series(LineSeries::new(
            [(0.0, -0.5), (0.0, n as f64 - 0.5)],
            BLACK.mix(0.6),
        ))?;
        for (i, (_, k, interval, clear)) in rows.iter().enumerate() {
            let y = (n - 1 - i) as f64;
            let Some((l, m, h)) = interval else {
                continue;
            };
            let c = colour(*k);
            chart.draw_series(std::iter::once(ErrorBar::new_horizontal(
                y,
                *l,
                *m,
                *h,
                c.stroke_width(2),
                10,
            )))?;
            let marker = if *clear { c.filled() } else { WHITE.filled() };
            chart.draw_series([
                Circle::new((*m, y), 5, marker),
                Circle::new((*m, y), 5, c.stroke_width(2)),
            ])?;
        }
        // Legend: filled = clear, hollow = not clear.
        let c = colour(1);
        chart
            .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())?
            .label(legend_labels[0].clone())
            .legend(move |(x, y)| Circle::new((x + 10, y), 5, c.filled()));
        chart
            .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())?
            .label(legend_labels[1].clone())
            .legend(move |(x, y)| Circle::new((x + 10, y), 5, c.stroke_width(2)));
        legend(&mut chart, plan.corner, font)?;
        Ok(vec![plan])
    }
}

/// Height of one note line under the paired-differences plot, pixels.
const NOTE_LINE_PX: u32 = 20;

/// One point of a cost-against-outcome chart.
#[derive(Clone, Debug)]
pub struct CostPoint {
    /// The option's name in the legend (a scenario or a grid point).
    pub label: String,
    /// Its `cost.total_per_year`, £ a year, mean and 95 % CI.
    pub cost: MetricEstimate,
    /// Its outcome metrics, means and 95 % CIs in their own units.
    pub outcomes: Vec<MetricEstimate>,
}

/// Cost a year against outcomes, one panel per outcome.
#[derive(Clone, Debug)]
pub struct CostOutcome {
    /// Scenario (or sweep) the chart is about.
    pub subject: String,
    /// One point per option, in legend order.
    pub points: Vec<CostPoint>,
    /// Outcome metric names (one panel each).
    pub outcomes: Vec<String>,
}

/// Outcomes a cost chart shows when present.
fn cost_outcomes() -> [String; 4] {
    [
        n::RESPONSE_WITHIN_TARGET_SHARE.name(&["g1"]),
        n::RESPONSE_RESPONSE_TIME_MEAN_MIN.name(&["g1"]),
        n::CALLS_ABANDONED_SHARE.name(&["101"]),
        n::CRIMES_OPEN_AT_END.name(&[]),
    ]
}

/// The cost chart of a comparison, if every scenario has a cost.
pub fn cost_outcome(doc: &ComparisonDoc) -> Option<CostOutcome> {
    let points: Option<Vec<CostPoint>> = doc
        .scenarios
        .iter()
        .map(|s| {
            Some(CostPoint {
                label: s.name.clone(),
                cost: find(&s.metrics, COST_METRIC)?.clone(),
                outcomes: s.metrics.clone(),
            })
        })
        .collect();
    let points = points?;
    let names: Vec<&str> = doc.scenarios.iter().map(|s| s.name.as_str()).collect();
    cost_outcome_of(&names.join(" vs "), points, &[])
}

/// A cost chart of labelled points; `extra` outcomes are shown first.
pub fn cost_outcome_of(
    subject: &str,
    points: Vec<CostPoint>,
    extra: &[String],
) -> Option<CostOutcome> {
    if points.is_empty() || points.iter().any(|p| p.cost.mean.is_none()) {
        return None;
    }
    let mut outcomes: Vec<String> = extra.to_vec();
    for o in cost_outcomes() {
        if !outcomes.contains(&o) {
            outcomes.push(o);
        }
    }
    outcomes.retain(|o| {
        points
            .iter()
            .all(|p| find(&p.outcomes, o).is_some_and(|m| m.mean.is_some()))
    });
    outcomes.truncate(4);
    (!outcomes.is_empty()).then(|| CostOutcome {
        subject: subject.to_string(),
        points,
        outcomes,
    })
}

impl Figure for CostOutcome {
    fn stem(&self) -> String {
        "cost_vs_outcome".into()
    }

    fn title(&self) -> String {
        format!("Cost a year against outcome — {}", self.subject)
    }

    fn size(&self) -> (u32, u32) {
        (1200, 80 + 360 * self.outcomes.len().div_ceil(2) as u32)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let cells = area.split_evenly((self.outcomes.len().div_ceil(2), 2));
        let mut plans = Vec::new();
        let (x_lo, x_hi) = padded_range(
            self.points
                .iter()
                .filter_map(|p| p.cost.interval())
                .flat_map(|(l, _, h)| [l / 1e6, h / 1e6]),
            0.15,
        );
        for (outcome, cell) in self.outcomes.iter().zip(&cells) {
            let values: Vec<(f64, f64, f64, f64)> = self
                .points
                .iter()
                .filter_map(|p| {
                    let (l, m, h) = find(&p.outcomes, outcome)?.interval()?;
                    Some((p.cost.mean? / 1e6, l, m, h))
                })
                .collect();
            let unit = self.points[0]
                .outcomes
                .iter()
                .find(|m| &m.name == outcome)
                .map_or("", |m| m.unit.as_str());
            let scale = if unit == "share" { 100.0 } else { 1.0 };
            let (y_lo, y_hi) =
                padded_range(values.iter().flat_map(|v| [v.1 * scale, v.3 * scale]), 0.2);
            let (margin, x_area, y_area, font) = (10, 40, 60, 11);
            let cell = cell.titled(outcome, text(14))?;
            let labels: Vec<String> = values
                .iter()
                .enumerate()
                .map(|(i, _)| self.points[i].label.clone())
                .collect();
            let bars: Vec<Series> = values
                .iter()
                .map(|(x, l, _, h)| Series::line([(*x, l * scale), (*x, h * scale)]))
                .collect();
            let plan = place_legend(
                &bars,
                AxisRange::linear(x_lo, x_hi),
                AxisRange::linear(y_lo, y_hi),
                plot_px(&cell, margin, x_area, y_area)?,
                legend_px(&labels, font),
                &Corner::ALL,
            );
            let y_hi = plan.y_range.hi;
            let mut chart = ChartBuilder::on(&cell)
                .margin(margin)
                .x_label_area_size(x_area)
                .y_label_area_size(y_area)
                .build_cartesian_2d(x_lo..x_hi, y_lo..y_hi)?;
            chart
                .configure_mesh()
                .x_desc("cost a year (£ million)")
                .y_desc(axis_label("", unit).trim().to_string())
                .x_label_formatter(&|x| format_money(x * 1e6))
                .y_label_formatter(&|y| format!("{y:.0$}", decimals_for(y_lo, y_hi)))
                .axis_desc_style(text(12))
                .label_style(text(11))
                .draw()?;
            for (i, (x, l, m, h)) in values.iter().enumerate() {
                let c = colour(i);
                chart.draw_series(std::iter::once(ErrorBar::new_vertical(
                    *x,
                    l * scale,
                    m * scale,
                    h * scale,
                    c.stroke_width(2),
                    12,
                )))?;
                chart
                    .draw_series(std::iter::once(Circle::new((*x, m * scale), 5, c.filled())))?
                    .label(self.points[i].label.clone())
                    .legend(move |(x, y)| Circle::new((x + 10, y), 5, c.filled()));
            }
            legend(&mut chart, plan.corner, font)?;
            plans.push(plan);
        }
        Ok(plans)
    }
}
