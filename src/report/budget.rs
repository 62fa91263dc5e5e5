//! The budget search's outputs beyond `budget.csv`: `budget.json`, its
//! chart (each combination's change in the outcome, with its 95 % CI,
//! against its planned extra cost) and `report.html`, with the
//! combinations ranked both by the outcome and by value for money
//! (outcome gained per £1 m a year).

use super::charts::{self, Drawn, Figure, axis_label, colour, padded_range, text, tick};
use super::finance::money;
use super::html;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// One combination run by the budget search.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BudgetEntry {
    /// What was bought (`handler × 2 + kit`).
    pub bought: String,
    /// Units of each option, in the order of `options`.
    pub units: Vec<u32>,
    /// Planned extra cost a year over the base, £ (no overtime).
    pub planned_extra_cost_per_year: f64,
    /// Mean simulated `cost.total_per_year` (with overtime), £.
    pub cost_total_per_year: f64,
    /// Mean of the outcome metric.
    pub mean: f64,
    /// Combination − base, paired, in the metric's unit.
    pub difference: f64,
    /// Lower end of the 95 % CI of `difference`, in the metric's unit (`None` with fewer than two replications).
    pub ci95_low: Option<f64>,
    /// Upper end of the 95 % CI of `difference`, in the metric's unit.
    pub ci95_high: Option<f64>,
    /// The difference's 95 % CI excludes zero.
    pub clear: bool,
    /// Outcome gained (positive = better) per £1 m a year of planned extra
    /// cost, in the metric's unit: `[95 % CI low, mean, 95 % CI high]`.
    pub gain_per_million: Option<[f64; 3]>,
    /// Spends the budget as fully as the options allow (no room for
    /// another unit); the outcome ranking holds only these unless
    /// `--every-combination`.
    pub full: bool,
}

/// `budget.json`: everything the budget search found.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BudgetDoc {
    /// The base scenario's name.
    pub scenario: String,
    /// The budget, £ a year.
    pub budget_per_year: f64,
    /// The outcome metric searched on (dotted name).
    pub metric: String,
    /// The outcome metric's unit (`share`, `min`, `count`, …).
    pub unit: String,
    /// Larger is better (`--maximise`), else smaller.
    pub maximise: bool,
    /// Replications run for every combination (paired with the base).
    pub replications: u64,
    /// Base seed of the batch (common random numbers across combinations).
    pub seed: u64,
    /// The options and their planned cost a unit, £ a year.
    pub options: Vec<(String, f64)>,
    /// The combinations ranked by the outcome, best first.
    pub by_outcome: Vec<BudgetEntry>,
    /// Every combination run (the full ones and each option's single
    /// unit), ranked by outcome gained per £, best first.
    pub by_value: Vec<BudgetEntry>,
}

/// The chart of a budget search: change in the outcome against cost.
#[derive(Clone, Debug)]
pub struct BudgetChart {
    /// The budget search drawn.
    pub doc: BudgetDoc,
}

impl Figure for BudgetChart {
    fn stem(&self) -> String {
        "budget_outcome_against_cost".into()
    }

    fn title(&self) -> String {
        format!(
            "Change in {} against planned extra cost — {}",
            self.doc.metric, self.doc.scenario
        )
    }

    fn size(&self) -> (u32, u32) {
        (1100, 600)
    }

    fn draw<DB: plotters::prelude::DrawingBackend>(
        &self,
        area: &plotters::prelude::DrawingArea<DB, plotters::coord::Shift>,
    ) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        use plotters::prelude::*;
        let unit = self.doc.unit.as_str();
        let scale = if unit == "share" { 100.0 } else { 1.0 };
        let pts: Vec<(f64, f64, f64, f64, String)> = self
            .doc
            .by_value
            .iter()
            .map(|e| {
                let m = e.difference * scale;
                (
                    e.planned_extra_cost_per_year / 1e6,
                    e.ci95_low.map_or(m, |x| x * scale),
                    m,
                    e.ci95_high.map_or(m, |x| x * scale),
                    e.bought.clone(),
                )
            })
            .filter(|p| p.0.is_finite() && p.2.is_finite())
            .collect();
        let (x_lo, x_hi) = padded_range(
            pts.iter()
                .map(|p| p.0)
                .chain([0.0, self.doc.budget_per_year / 1e6]),
            0.08,
        );
        let (y_lo, y_hi) = padded_range(pts.iter().flat_map(|p| [p.1, p.3]).chain([0.0]), 0.15);
        let y_unit = if unit == "share" { "pts" } else { unit };
        let mut chart = ChartBuilder::on(area)
            .margin(14)
            .x_label_area_size(45)
            .y_label_area_size(80)
            .build_cartesian_2d(x_lo..x_hi, y_lo..y_hi)?;
        chart
            .configure_mesh()
            .x_desc("planned extra cost, £ m a year")
            .y_desc(format!(
                "change from base in {} ({})",
                axis_label(&self.doc.metric, y_unit),
                if self.doc.maximise {
                    "higher is better"
                } else {
                    "lower is better"
                }
            ))
            .x_label_formatter(&tick)
            .y_label_formatter(&tick)
            .axis_desc_style(text(14))
            .label_style(text(12))
            .draw()?;
        let grey = BLACK.mix(0.4);
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x_lo, 0.0), (x_hi, 0.0)],
            grey.stroke_width(1),
        )))?;
        let b = self.doc.budget_per_year / 1e6;
        chart.draw_series(DashedLineSeries::new(
            [(b, y_lo), (b, y_hi)],
            6,
            4,
            colour(1).stroke_width(1),
        ))?;
        let c = colour(0);
        for p in &pts {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(p.0, p.1), (p.0, p.3)],
                c.stroke_width(2),
            )))?;
            chart.draw_series(std::iter::once(Circle::new((p.0, p.2), 4, c.filled())))?;
            chart.draw_series(std::iter::once(Text::new(
                format!("  {}", p.4),
                (p.0, p.2),
                text(11),
            )))?;
        }
        // Each option is labelled beside its point: no legend.
        Ok(vec![])
    }
}

/// The budget search's charts.
pub fn charts(doc: &BudgetDoc) -> Result<Vec<charts::Chart>, charts::ChartError> {
    charts::render_all(&[BudgetChart { doc: doc.clone() }])
}

fn entry_rows(doc: &BudgetDoc, entries: &[BudgetEntry]) -> String {
    // One style for the table: every option's outcome, difference and CI.
    let means: Vec<f64> = entries.iter().map(|e| e.mean).collect();
    let row = super::table::Format::for_row(&doc.unit, &means);
    let fmt = |x: f64| row.value(x);
    let diff = |x: f64| row.difference(x);
    let fmt_opt = |x: Option<f64>| x.map_or_else(|| "–".into(), diff);
    let mut s = String::new();
    for (i, e) in entries.iter().enumerate() {
        let gain = e.gain_per_million.map_or_else(
            || "–".into(),
            |[lo, m, hi]| format!("{} ({} to {})", diff(m), diff(lo), diff(hi)),
        );
        let _ = writeln!(
            s,
            "<tr><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{} ({} to {})</td><td class=\"n\">{}</td><td>{}</td></tr>",
            i + 1,
            html::escape(&e.bought),
            money(e.planned_extra_cost_per_year),
            fmt(e.mean),
            diff(e.difference),
            fmt_opt(e.ci95_low),
            fmt_opt(e.ci95_high),
            gain,
            if e.clear {
                "<span class=\"clear\">clear</span>"
            } else {
                ""
            }
        );
    }
    s
}

/// `report.html` of a budget search.
pub fn report(doc: &BudgetDoc, drawn: &[charts::Chart]) -> String {
    let better = if doc.maximise { "higher" } else { "lower" };
    let mut body = format!(
        "<h1>forcesim budget search on {}: {} a year</h1>\n<p class=\"meta\">{} per combination, seed {}; every combination uses the same random numbers as the base. \
         Outcome: {} ({better} is better). A search over the options configured in [[costs.options]], not a guarantee that no better use of the money exists.</p>\n\
         <h2 id=\"settings\">Options</h2>\n<table>\n<tr><th>option</th><th>planned cost a unit a year</th></tr>\n",
        html::escape(&doc.scenario),
        money(doc.budget_per_year),
        super::format::count_of(doc.replications, "replication", "replications"),
        doc.seed,
        html::escape(&doc.metric),
    );
    for (name, k) in &doc.options {
        let _ = writeln!(
            body,
            "<tr><td>{}</td><td class=\"n\">{}</td></tr>",
            html::escape(name),
            money(*k)
        );
    }
    body.push_str("</table>\n");
    let header = format!(
        "<tr><th>rank</th><th>bought</th><th>planned extra cost a year</th><th>{} (mean)</th><th>difference from base (95 % CI)</th><th>gained per £1 m a year (95 % CI)</th><th></th></tr>\n",
        html::escape(&doc.metric)
    );
    let _ = write!(
        body,
        "<h2 id=\"value\">Value for money</h2>\n<p>Every combination run, including one unit of each option on its own, ranked by {} gained per £1 m a year of planned extra cost ({better} is better, so a gain is a {}).</p>\n<table>\n{header}{}</table>\n",
        html::escape(&doc.metric),
        if doc.maximise { "rise" } else { "fall" },
        entry_rows(doc, &doc.by_value)
    );
    let _ = write!(
        body,
        "<h2 id=\"summary\">Ranked by outcome</h2>\n<table>\n{header}{}</table>\n",
        entry_rows(doc, &doc.by_outcome)
    );
    body.push_str(&html::charts_section(drawn));
    html::page(
        &format!("forcesim — budget search on {}", doc.scenario),
        &body,
    )
}
