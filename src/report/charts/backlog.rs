//! Investigation backlogs over time: the mean open caseload of each
//! investigation team week by week, with a 95 % confidence band across
//! replications, and year boundaries marked on multi-year runs.

use super::legend::{AxisRange, Corner, Series, place_legend};
use super::{Drawn, Figure, colour, legend, legend_px, plot_px, text, tick};
use crate::batch::{BatchResult, SeriesBand};
use crate::metrics::names::INVESTIGATIONS_BACKLOG_WEEKLY;
use crate::time::DAYS_PER_YEAR;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Every investigation team's backlog, one panel each.
#[derive(Clone, Debug)]
pub struct Backlogs {
    /// The scenario's name (for the title).
    pub scenario: String,
    /// Replications the bands are over.
    pub replications: usize,
    /// `(team, band)`.
    pub teams: Vec<(String, SeriesBand)>,
    /// Simulated days (for year boundaries).
    pub horizon_days: f64,
}

/// The backlog chart, if the scenario has investigation teams.
pub fn backlogs(scenario: &str, horizon_days: f64, result: &BatchResult) -> Option<Backlogs> {
    let teams: Vec<(String, SeriesBand)> = result
        .series
        .iter()
        .filter_map(|s| {
            let team = INVESTIGATIONS_BACKLOG_WEEKLY
                .parts(&s.name)?
                .first()
                .copied()?;
            let band = result.series_band(&s.name)?;
            (!band.estimates.is_empty()).then(|| (team.to_string(), band))
        })
        .collect();
    (!teams.is_empty()).then(|| Backlogs {
        scenario: scenario.to_string(),
        replications: result.replications.len(),
        teams,
        horizon_days,
    })
}

const COLUMNS: usize = 2;

impl Backlogs {
    fn rows(&self) -> usize {
        self.teams.len().div_ceil(COLUMNS)
    }
}

impl Figure for Backlogs {
    fn stem(&self) -> String {
        "investigation_backlog".into()
    }

    fn title(&self) -> String {
        format!("Open investigations by team over time — {}", self.scenario)
    }

    fn size(&self) -> (u32, u32) {
        (1100, 80 + 260 * self.rows() as u32)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let cells = area.split_evenly((self.rows(), COLUMNS));
        let years = (self.horizon_days / DAYS_PER_YEAR as f64).ceil() as u64;
        let mut plans = Vec::new();
        for (i, ((team, band), cell)) in self.teams.iter().zip(&cells).enumerate() {
            let points: Vec<(f64, f64, f64, f64)> = band
                .estimates
                .iter()
                .enumerate()
                .map(|(k, e)| {
                    let day = (k + 1) as f64 * band.step_days;
                    (
                        day,
                        e.mean,
                        e.ci95_low.unwrap_or(e.mean),
                        e.ci95_high.unwrap_or(e.mean),
                    )
                })
                .filter(|p| p.1.is_finite())
                .collect();
            let y_max = points.iter().map(|p| p.3).fold(1.0_f64, f64::max) * 1.1;
            let x_max = self.horizon_days.max(band.step_days);
            let mean_label = format!(
                "mean of {}",
                crate::report::format::count_of(
                    self.replications as u64,
                    "replication",
                    "replications"
                )
            );
            let labels = [
                "95 % CI across replications".to_string(),
                mean_label.clone(),
            ];
            let (margin, x_area, y_area, font) = (8, 36, 55, 11);
            let cell = cell.titled(team, text(15))?;
            // The legend avoids the band's edges and the year labels.
            let mut avoid = vec![
                Series::line(points.iter().map(|p| (p.0, p.3))),
                Series::line(points.iter().map(|p| (p.0, p.2))),
            ];
            // Year labels hang from 97 % of the data's axis, about 5 % deep.
            let label_y = y_max * 0.97;
            for year in 1..years {
                let day = (year * DAYS_PER_YEAR) as f64;
                for y in [label_y, label_y - 0.05 * y_max] {
                    avoid.push(Series::line([(day, y), (day + x_max * 0.07, y)]));
                }
            }
            let plan = place_legend(
                &avoid,
                AxisRange::linear(0.0, x_max),
                AxisRange::linear(0.0, y_max),
                plot_px(&cell, margin, x_area, y_area)?,
                legend_px(&labels, font),
                &[
                    Corner::LowerRight,
                    Corner::UpperLeft,
                    Corner::UpperRight,
                    Corner::LowerLeft,
                ],
            );
            let y_max = plan.y_range.hi;
            let mut chart = ChartBuilder::on(&cell)
                .margin(margin)
                .x_label_area_size(x_area)
                .y_label_area_size(y_area)
                .build_cartesian_2d(0.0..x_max, 0.0..y_max)?;
            chart
                .configure_mesh()
                .x_desc("day of the run")
                .x_label_formatter(&tick)
                .y_label_formatter(&tick)
                .y_desc("open investigations")
                .axis_desc_style(text(12))
                .label_style(text(11))
                .draw()?;
            let c = colour(i);
            let mut outline: Vec<(f64, f64)> = points.iter().map(|p| (p.0, p.3)).collect();
            outline.extend(points.iter().rev().map(|p| (p.0, p.2)));
            chart
                .draw_series(std::iter::once(Polygon::new(outline, c.mix(0.25).filled())))?
                .label("95 % CI across replications")
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 20, y + 5)], c.mix(0.25).filled())
                });
            chart
                .draw_series(LineSeries::new(
                    points.iter().map(|p| (p.0, p.1)),
                    c.stroke_width(2),
                ))?
                .label(mean_label)
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 20, y)], c.stroke_width(2))
                });
            for year in 1..years {
                let day = (year * DAYS_PER_YEAR) as f64;
                chart.draw_series(DashedLineSeries::new(
                    [(day, 0.0), (day, y_max)],
                    6,
                    4,
                    BLACK.mix(0.5).stroke_width(1),
                ))?;
                chart.draw_series(std::iter::once(Text::new(
                    format!("year {}", year + 1),
                    (day + x_max * 0.01, label_y),
                    text(11),
                )))?;
            }
            legend(&mut chart, plan.corner, font)?;
            plans.push(plan);
        }
        Ok(plans)
    }
}
