//! Sweep charts: a metric against one swept parameter with its 95 % CI band
//! and the target line (the smallest value meeting it marked), or a heat
//! map over two parameters with the cells that meet the target outlined.

use super::comparison::{COST_METRIC, CostOutcome, CostPoint, cost_outcome_of};
use super::legend::{AxisRange, Corner, Series, place_legend};
use super::{
    DrawResult, Drawn, Figure, axis_label, colour, format_value, legend, legend_px, padded_range,
    plot_px, text, tick,
};
use crate::report::documents::{SweepDoc, find};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::colors::colormaps::ViridisRGB;

/// A chart of one metric over the sweep grid.
#[derive(Clone, Debug)]
pub struct SweepChart {
    /// The sweep drawn.
    pub doc: SweepDoc,
    /// The dotted metric name drawn.
    pub metric: String,
}

/// One chart per metric the sweep was asked about.
pub fn sweep_charts(doc: &SweepDoc) -> Vec<SweepChart> {
    doc.shown
        .iter()
        .filter(|m| doc.points.iter().any(|p| find(&p.metrics, m).is_some()))
        .map(|m| SweepChart {
            doc: doc.clone(),
            metric: m.clone(),
        })
        .collect()
}

/// Cost against the target (or first shown) metric over the grid points,
/// if the scenario has costs.
pub fn sweep_cost(doc: &SweepDoc) -> Option<CostOutcome> {
    let points: Option<Vec<CostPoint>> = doc
        .points
        .iter()
        .map(|p| {
            let label = doc
                .axes
                .iter()
                .zip(&p.values)
                .map(|(a, v)| format!("{}={v}", a.key))
                .collect::<Vec<_>>()
                .join(", ");
            Some(CostPoint {
                label,
                cost: find(&p.metrics, COST_METRIC)?.clone(),
                outcomes: p.metrics.clone(),
            })
        })
        .collect();
    let extra: Vec<String> = doc.shown.iter().take(2).cloned().collect();
    cost_outcome_of(&doc.scenario, points?, &extra)
}

fn parse(v: &str) -> Option<f64> {
    v.trim().parse::<f64>().ok().filter(|x| x.is_finite())
}

impl SweepChart {
    fn unit(&self) -> String {
        self.doc
            .points
            .iter()
            .find_map(|p| find(&p.metrics, &self.metric))
            .map_or(String::new(), |m| m.unit.clone())
    }

    fn target_threshold(&self) -> Option<&crate::report::documents::SweepTarget> {
        self.doc.target.as_ref().filter(|t| t.metric == self.metric)
    }

    fn draw_curve<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let unit = self.unit();
        let scale = if unit == "share" { 100.0 } else { 1.0 };
        let axis = &self.doc.axes[0];
        let points: Vec<(f64, f64, f64, f64)> = self
            .doc
            .points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let x = parse(&p.values[0]).unwrap_or(i as f64);
                let (l, m, h) = find(&p.metrics, &self.metric)?.interval()?;
                Some((x, l * scale, m * scale, h * scale))
            })
            .collect();
        let target = self.target_threshold();
        let (x_lo, x_hi) = padded_range(points.iter().map(|p| p.0), 0.05);
        let (y_lo, y_hi) = padded_range(
            points
                .iter()
                .flat_map(|p| [p.1, p.3])
                .chain(target.map(|t| t.threshold * scale)),
            0.15,
        );
        let (margin, x_area, y_area, font) = (12, 45, 70, 12);
        let mean_label = format!(
            "mean of {}",
            crate::report::format::count_of(self.doc.replications, "replication", "replications")
        );
        let target_label = |t: &crate::report::documents::SweepTarget| {
            format!(
                "target: {} {}",
                if t.at_least { "≥" } else { "≤" },
                format_value(&unit, t.threshold)
            )
        };
        let first = target.and_then(|t| points.iter().find(|p| t.met_by(p.2 / scale)));
        let first_label =
            |p: &(f64, f64, f64, f64)| format!("smallest value meeting the target: {}", trim(p.0));
        let mut labels = vec!["95 % CI".to_string(), mean_label.clone()];
        let mut avoid = vec![
            Series::line(points.iter().map(|p| (p.0, p.1))),
            Series::line(points.iter().map(|p| (p.0, p.2))),
            Series::line(points.iter().map(|p| (p.0, p.3))),
        ];
        if let Some(t) = target {
            labels.push(target_label(t));
            avoid.push(Series::line([
                (x_lo, t.threshold * scale),
                (x_hi, t.threshold * scale),
            ]));
        }
        if let Some(p) = first {
            labels.push(first_label(p));
        }
        let plan = place_legend(
            &avoid,
            AxisRange::linear(x_lo, x_hi),
            AxisRange::linear(y_lo, y_hi),
            plot_px(area, margin, x_area, y_area)?,
            legend_px(&labels, font),
            &[
                Corner::LowerRight,
                Corner::UpperLeft,
                Corner::UpperRight,
                Corner::LowerLeft,
            ],
        );
        let y_hi = plan.y_range.hi;
        let mut chart = ChartBuilder::on(area)
            .margin(margin)
            .x_label_area_size(x_area)
            .y_label_area_size(y_area)
            .build_cartesian_2d(x_lo..x_hi, y_lo..y_hi)?;
        chart
            .configure_mesh()
            .x_desc(axis.key.as_str())
            .x_label_formatter(&tick)
            .y_label_formatter(&tick)
            .y_desc(axis_label(&self.metric, &unit))
            .axis_desc_style(text(14))
            .label_style(text(12))
            .draw()?;
        let c = colour(0);
        let mut outline: Vec<(f64, f64)> = points.iter().map(|p| (p.0, p.3)).collect();
        outline.extend(points.iter().rev().map(|p| (p.0, p.1)));
        chart
            .draw_series(std::iter::once(Polygon::new(outline, c.mix(0.2).filled())))?
            .label("95 % CI")
            .legend(move |(x, y)| {
                Rectangle::new([(x, y - 5), (x + 20, y + 5)], c.mix(0.2).filled())
            });
        chart
            .draw_series(LineSeries::new(
                points.iter().map(|p| (p.0, p.2)),
                c.stroke_width(2),
            ))?
            .label(mean_label)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], c.stroke_width(2)));
        chart.draw_series(
            points
                .iter()
                .map(|p| Circle::new((p.0, p.2), 3, c.filled())),
        )?;
        if let Some(t) = target {
            let tc = colour(1);
            let y = t.threshold * scale;
            chart
                .draw_series(DashedLineSeries::new(
                    [(x_lo, y), (x_hi, y)],
                    8,
                    5,
                    tc.stroke_width(2),
                ))?
                .label(target_label(t))
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 20, y)], tc.stroke_width(2))
                });
            if let Some(p) = first {
                let gc = colour(2);
                chart
                    .draw_series(std::iter::once(Circle::new(
                        (p.0, p.2),
                        8,
                        gc.stroke_width(3),
                    )))?
                    .label(first_label(p))
                    .legend(move |(x, y)| Circle::new((x + 10, y), 6, gc.stroke_width(3)));
            }
        }
        legend(&mut chart, plan.corner, font)?;
        Ok(vec![plan])
    }

    fn draw_heatmap<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let unit = self.unit();
        let (ax, ay) = (&self.doc.axes[0], &self.doc.axes[1]);
        let (nx, ny) = (ax.values.len(), ay.values.len());
        let cells: Vec<(usize, usize, Option<f64>)> = self
            .doc
            .points
            .iter()
            .filter_map(|p| {
                let i = ax.values.iter().position(|v| *v == p.values[0])?;
                let j = ay.values.iter().position(|v| *v == p.values[1])?;
                Some((i, j, find(&p.metrics, &self.metric).and_then(|m| m.mean)))
            })
            .collect();
        let (lo, hi) = padded_range(cells.iter().filter_map(|c| c.2), 0.0);
        let (w, _) = area.dim_in_pixel();
        let (plot, bar) = area.split_horizontally(w.saturating_sub(130));
        let mut chart = ChartBuilder::on(&plot)
            .margin(12)
            .x_label_area_size(45)
            .y_label_area_size(70)
            // Cell i spans 2i..2i + 2, so its centre 2i + 1 carries the label.
            .build_cartesian_2d(
                (0..2 * nx as u32).with_key_points((0..nx as u32).map(|i| 2 * i + 1).collect()),
                (0..2 * ny as u32).with_key_points((0..ny as u32).map(|j| 2 * j + 1).collect()),
            )?;
        let (xv, yv) = (ax.values.clone(), ay.values.clone());
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc(ax.key.as_str())
            .y_desc(ay.key.as_str())
            .x_label_formatter(&|i| label_at(&xv, *i))
            .y_label_formatter(&|j| label_at(&yv, *j))
            .axis_desc_style(text(14))
            .label_style(text(12))
            .draw()?;
        let norm = |v: f64| ((v - lo) / (hi - lo)).clamp(0.0, 1.0) as f32;
        chart.draw_series(cells.iter().map(|(i, j, v)| {
            let fill = v.map_or(RGBColor(225, 225, 225).filled(), |v| {
                ViridisRGB.get_color(norm(v)).filled()
            });
            Rectangle::new(cell_corners(*i, *j), fill)
        }))?;
        if let Some(t) = self.target_threshold() {
            chart.draw_series(
                cells
                    .iter()
                    .filter(|c| c.2.is_some_and(|v| t.met_by(v)))
                    .map(|(i, j, _)| Rectangle::new(cell_corners(*i, *j), RED.stroke_width(3))),
            )?;
        }
        for (i, j, v) in &cells {
            if let Some(v) = v {
                let style = text(12).color(if norm(*v) > 0.6 { &BLACK } else { &WHITE });
                let at = chart.backend_coord(&(2 * *i as u32, 2 * *j as u32 + 2));
                plot.draw(&Text::new(
                    format_value(&unit, *v),
                    (at.0 + 6, at.1 + 6),
                    style,
                ))?;
            }
        }
        // Colour bar with the metric's range, and the target legend.
        let mut legend = ChartBuilder::on(&bar)
            .margin_top(30)
            .margin_bottom(80)
            .margin_right(60)
            .y_label_area_size(0)
            .right_y_label_area_size(55)
            .caption(axis_label("mean", &unit), text(12))
            .build_cartesian_2d(0.0..1.0, lo..hi)?;
        legend
            .configure_mesh()
            .disable_mesh()
            .disable_x_axis()
            .y_label_formatter(&|v| format_value(&unit, *v))
            .label_style(text(11))
            .draw()?;
        legend.draw_series((0..100).map(|k| {
            let (a, b) = (
                lo + (hi - lo) * f64::from(k) / 100.0,
                lo + (hi - lo) * f64::from(k + 1) / 100.0,
            );
            Rectangle::new(
                [(0.0, a), (1.0, b)],
                ViridisRGB.get_color(k as f32 / 100.0).filled(),
            )
        }))?;
        if self.target_threshold().is_some() {
            let (_, h) = bar.dim_in_pixel();
            bar.draw(&Rectangle::new(
                [(4, h as i32 - 60), (22, h as i32 - 45)],
                RED.stroke_width(3),
            ))?;
            bar.draw(&Text::new("meets target", (4, h as i32 - 38), text(11)))?;
        }
        Ok(())
    }
}

impl Figure for SweepChart {
    fn stem(&self) -> String {
        format!("sweep_{}", self.metric.replace('.', "_"))
    }

    fn title(&self) -> String {
        format!("{} — sweep of {}", self.metric, self.doc.scenario)
    }

    fn size(&self) -> (u32, u32) {
        (1100, 560)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        if self.doc.axes.len() >= 2 {
            // A colour bar beside the grid, not a legend over it.
            self.draw_heatmap(area)?;
            Ok(vec![])
        } else {
            self.draw_curve(area)
        }
    }
}

/// The corners of grid cell `(i, j)` (cell `i` spans `2i..2i + 2`).
fn cell_corners(i: usize, j: usize) -> [(u32, u32); 2] {
    let (x, y) = (2 * i as u32, 2 * j as u32);
    [(x, y), (x + 2, y + 2)]
}

/// The axis value labelled at position `x` (a cell centre, `2i + 1`).
fn label_at(values: &[String], x: u32) -> String {
    if x % 2 == 1 {
        values.get((x / 2) as usize).cloned().unwrap_or_default()
    } else {
        String::new()
    }
}

fn trim(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}
