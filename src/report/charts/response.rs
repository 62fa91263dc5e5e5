//! Response time distribution per grade: the empirical CDF of call-to-
//! arrival times pooled over replications, with the attendance targets
//! drawn as lines and the share within target written on the chart.

use super::{DrawResult, Figure, colour, legend, text, tick};
use crate::batch::BatchResult;
use crate::metrics::names as n;
use crate::scenario::Model;
use crate::stats::Estimate;
use plotters::coord::Shift;
use plotters::prelude::*;

/// The CDF of one grade's response times.
#[derive(Clone, Debug)]
pub struct ResponseCdf {
    pub scenario: String,
    /// `g1`, `g2`, `g3`.
    pub grade: String,
    /// `(minutes, share attended within)`, increasing.
    pub points: Vec<(f64, f64)>,
    /// Attended incidents pooled over replications.
    pub attended: u64,
    pub replications: usize,
    /// Targets, minutes.
    pub target_urban_min: f64,
    pub target_rural_min: f64,
    /// Share attended within target, over replications (mean and CI).
    pub within_target: Option<Estimate>,
}

/// One CDF per attendance grade that had attended incidents.
pub fn response_cdfs(model: &Model, result: &BatchResult) -> Vec<ResponseCdf> {
    ["g1", "g2", "g3"]
        .into_iter()
        .zip(&model.grades.attendance)
        .filter_map(|(g, grade)| {
            let hist = result.pooled_histogram(&n::RESPONSE_RESPONSE_TIME_MIN.name(&[g]))?;
            let points = hist.cdf_points();
            if points.is_empty() {
                return None;
            }
            Some(ResponseCdf {
                scenario: model.name.clone(),
                grade: g.to_string(),
                points,
                attended: hist.count(),
                replications: result.replications.len(),
                target_urban_min: grade.target_urban_min,
                target_rural_min: grade.target_rural_min,
                within_target: result
                    .metric(&n::RESPONSE_WITHIN_TARGET_SHARE.name(&[g]))
                    .map(|m| m.estimate),
            })
        })
        .collect()
}

impl ResponseCdf {
    /// The time (minutes) by which `share` of attended incidents were reached.
    pub fn percentile(&self, share: f64) -> f64 {
        self.points
            .iter()
            .find(|(_, s)| *s >= share)
            .or(self.points.last())
            .map_or(1.0, |(x, _)| *x)
    }

    /// The x-axis limit, minutes: chosen from the data (a tenth past the
    /// 99th percentile), and stretched to show a target only when the
    /// target is near the data (within 1.5 times the 99th percentile). A
    /// far target (G3's 48 hours against responses of a few hours) would
    /// squeeze the curve into a sliver; it is named in the legend as
    /// beyond the axis instead.
    pub fn x_max(&self) -> f64 {
        let data = 1.1 * self.percentile(0.99);
        let near: Vec<f64> = [self.target_urban_min, self.target_rural_min]
            .into_iter()
            .filter(|t| *t <= 1.5 * data)
            .collect();
        near.iter().fold(data, |m, t| m.max(t * 1.1)).max(1.0)
    }
}

impl Figure for ResponseCdf {
    fn stem(&self) -> String {
        format!("response_cdf_{}", self.grade)
    }

    fn title(&self) -> String {
        format!(
            "{} response times — {}",
            self.grade.to_uppercase(),
            self.scenario
        )
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let x_max = self.x_max();
        let mut chart = ChartBuilder::on(area)
            .margin(12)
            .x_label_area_size(45)
            .y_label_area_size(60)
            .build_cartesian_2d(0.0..x_max, 0.0..100.0)?;
        chart
            .configure_mesh()
            .x_desc("time from call to arrival (minutes)")
            .x_label_formatter(&tick)
            .y_label_formatter(&tick)
            .y_desc("incidents attended within (%)")
            .axis_desc_style(text(16))
            .label_style(text(13))
            .draw()?;
        let line = colour(0).stroke_width(3);
        chart
            .draw_series(LineSeries::new(
                self.points
                    .iter()
                    .take_while(|(x, _)| *x <= x_max)
                    .map(|(x, s)| (*x, s * 100.0)),
                line,
            ))?
            .label(format!(
                "{} attended {} incidents, {} replications",
                self.grade.to_uppercase(),
                self.attended,
                self.replications
            ))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], line));
        let mut targets = vec![("urban target", self.target_urban_min, colour(1))];
        if self.target_rural_min != self.target_urban_min {
            targets.push(("rural target", self.target_rural_min, colour(2)));
        }
        for (name, minutes, c) in targets {
            let style = c.stroke_width(2);
            let beyond = if minutes > x_max {
                " (beyond the axis: every incident shown is within it)"
            } else {
                ""
            };
            let at = minutes.min(x_max);
            chart
                .draw_series(LineSeries::new(
                    [(at, 0.0), (at, 100.0)]
                        .into_iter()
                        .filter(|_| minutes <= x_max),
                    style,
                ))?
                .label(format!("{name}: {} min{beyond}", trim(minutes)))
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], style));
        }
        if let Some(e) = &self.within_target {
            let ci = match (e.ci95_low, e.ci95_high) {
                (Some(lo), Some(hi)) => {
                    format!(" (95 % CI {:.1}–{:.1} %)", lo * 100.0, hi * 100.0)
                }
                _ => String::new(),
            };
            let label = format!("within target: {:.1} %{ci}", e.mean * 100.0);
            chart.draw_series(std::iter::once(Text::new(
                label,
                (x_max * 0.02, 94.0),
                text(16),
            )))?;
        }
        legend(&mut chart, SeriesLabelPosition::LowerRight, 13)?;
        Ok(())
    }
}

fn trim(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}
