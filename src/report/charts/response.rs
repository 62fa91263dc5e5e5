//! Response time distribution per grade: the empirical CDF of call-to-
//! arrival times pooled over replications, with the attendance targets
//! drawn as lines and the share within target written on the chart.

use super::legend::{AxisRange, Corner, Series, place_legend};
use super::{Drawn, Figure, colour, legend, legend_px, plot_px, text, tick};
use crate::batch::BatchResult;
use crate::metrics::names as n;
use crate::scenario::Model;
use crate::stats::Estimate;
use plotters::coord::Shift;
use plotters::coord::ranged1d::{AsRangedCoord, Ranged, ValueFormatter};
use plotters::prelude::*;

/// The CDF of one grade's response times.
#[derive(Clone, Debug)]
pub struct ResponseCdf {
    /// The scenario's name (for the title).
    pub scenario: String,
    /// `g1`, `g2`, `g3`.
    pub grade: String,
    /// `(minutes, share attended within)`, increasing.
    pub points: Vec<(f64, f64)>,
    /// Attended incidents pooled over replications.
    pub attended: u64,
    /// Replications pooled.
    pub replications: usize,
    /// Attendance target in urban areas, minutes.
    pub target_urban_min: f64,
    /// Attendance target in rural areas, minutes.
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

    /// The time axis, minutes: linear from 0 to [`Self::x_max`], or
    /// logarithmic when the tail is long ([`long_tail`] of the 50th and
    /// 99th percentiles), from a round value at or below the 1st
    /// percentile.
    pub fn time_axis(&self) -> AxisRange {
        time_axis(
            self.percentile(0.01),
            self.percentile(0.5),
            self.percentile(0.99),
            self.x_max(),
        )
    }
}

/// The ratio of the 99th to the 50th percentile above which a response-
/// time CDF is drawn on a log time axis: beyond it a linear axis spends
/// most of its width on the slowest 1 % and squeezes the bulk of the
/// curve against the left edge.
pub const LONG_TAIL_RATIO: f64 = 10.0;

/// Whether a distribution's tail is long: its 99th percentile is more
/// than [`LONG_TAIL_RATIO`] times its median (both in the same unit;
/// false for a non-positive median).
pub fn long_tail(p50: f64, p99: f64) -> bool {
    p50 > 0.0 && p99 / p50 > LONG_TAIL_RATIO
}

/// The time axis of a CDF from its 1st, 50th and 99th percentiles and the
/// axis end `x_max` (all minutes): linear from 0 to `x_max` unless the
/// tail is long, then logarithmic from the largest of 1, 2 or 5 × 10^k
/// at or below the 1st percentile (at least 0.1 min) to `x_max`.
pub fn time_axis(p01: f64, p50: f64, p99: f64, x_max: f64) -> AxisRange {
    if !long_tail(p50, p99) {
        return AxisRange::linear(0.0, x_max);
    }
    let floor = p01.max(0.1);
    let decade = 10_f64.powf(floor.log10().floor());
    let lo = [5.0, 2.0, 1.0]
        .into_iter()
        .map(|m| m * decade)
        .find(|v| *v <= floor * (1.0 + 1e-9))
        .unwrap_or(decade);
    AxisRange::log(lo, x_max.max(lo * 10.0))
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

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let axis = self.time_axis();
        if axis.log {
            self.draw_on(area, (axis.lo..axis.hi).log_scale(), axis)
        } else {
            self.draw_on(area, axis.lo..axis.hi, axis)
        }
    }
}

impl ResponseCdf {
    /// The targets drawn: `(name, minutes, colour)`.
    fn targets(&self) -> Vec<(&'static str, f64, RGBColor)> {
        let mut targets = vec![("urban target", self.target_urban_min, colour(1))];
        if self.target_rural_min != self.target_urban_min {
            targets.push(("rural target", self.target_rural_min, colour(2)));
        }
        targets
    }

    /// The label of the share within target (drawn at the top left).
    fn within_label(&self) -> Option<String> {
        let e = self.within_target.as_ref()?;
        let ci = match (e.ci95_low, e.ci95_high) {
            (Some(lo), Some(hi)) => {
                format!(" (95 % CI {:.1}–{:.1} %)", lo * 100.0, hi * 100.0)
            }
            _ => String::new(),
        };
        Some(format!("within target: {:.1} %{ci}", e.mean * 100.0))
    }

    fn draw_on<DB: DrawingBackend, X>(
        &self,
        area: &DrawingArea<DB, Shift>,
        x_spec: X,
        axis: AxisRange,
    ) -> Drawn
    where
        DB::ErrorType: 'static,
        X: AsRangedCoord<Value = f64>,
        X::CoordDescType: Ranged<ValueType = f64> + ValueFormatter<f64>,
    {
        let (margin, x_area, y_area, font) = (12, 45, 60, 13);
        let x_max = axis.hi;
        let shown: Vec<(f64, f64)> = self
            .points
            .iter()
            .take_while(|(x, _)| *x <= x_max)
            .map(|(x, s)| (*x, s * 100.0))
            .collect();
        let curve_label = format!(
            "{} attended {}, {}",
            self.grade.to_uppercase(),
            crate::report::format::count_of(self.attended, "incident", "incidents"),
            crate::report::format::count_of(
                self.replications as u64,
                "replication",
                "replications"
            )
        );
        let target_label = |name: &str, minutes: f64| {
            let beyond = if minutes > x_max {
                " (beyond the axis: every incident shown is within it)"
            } else {
                ""
            };
            format!("{name}: {} min{beyond}", trim(minutes))
        };
        let mut labels = vec![curve_label.clone()];
        labels.extend(self.targets().iter().map(|t| target_label(t.0, t.1)));
        // What the legend must not cover: the curve, the target lines and
        // the share-within-target text at the top left.
        let plot = plot_px(area, margin, x_area, y_area)?;
        let at_fraction = |f: f64| {
            if axis.log {
                axis.lo * (axis.hi / axis.lo).powf(f)
            } else {
                axis.lo + f * (axis.hi - axis.lo)
            }
        };
        let mut avoid = vec![Series::line(shown.iter().copied())];
        for (_, minutes, _) in self.targets() {
            if minutes <= x_max {
                avoid.push(Series::line([(minutes, 0.0), (minutes, 100.0)]));
            }
        }
        let within = self.within_label();
        if let Some(label) = &within {
            let (w, h) = legend_px(std::slice::from_ref(label), 16);
            let right = 0.02 + f64::from(w) / f64::from(plot.0.max(1));
            let bottom = 94.0 - 100.0 * f64::from(h) / f64::from(plot.1.max(1));
            avoid.push(Series::line([
                (at_fraction(0.02), 96.0),
                (at_fraction(right), 96.0),
                (at_fraction(right), bottom),
                (at_fraction(0.02), bottom),
            ]));
        }
        let plan = place_legend(
            &avoid,
            axis,
            AxisRange::linear(0.0, 100.0),
            plot,
            legend_px(&labels, font),
            &[Corner::LowerRight, Corner::UpperRight, Corner::LowerLeft],
        );
        let mut chart = ChartBuilder::on(area)
            .margin(margin)
            .x_label_area_size(x_area)
            .y_label_area_size(y_area)
            .build_cartesian_2d(x_spec, plan.y_range.lo..plan.y_range.hi)?;
        let x_desc = if axis.log {
            "time from call to arrival (minutes) — log scale: the tail is long"
        } else {
            "time from call to arrival (minutes)"
        };
        chart
            .configure_mesh()
            .x_desc(x_desc)
            .x_label_formatter(&tick)
            .y_label_formatter(&tick)
            .y_desc("incidents attended within (%)")
            .axis_desc_style(text(16))
            .label_style(text(13))
            .draw()?;
        let line = colour(0).stroke_width(3);
        chart
            .draw_series(LineSeries::new(shown.iter().copied(), line))?
            .label(curve_label)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], line));
        for (name, minutes, c) in self.targets() {
            let style = c.stroke_width(2);
            chart
                .draw_series(LineSeries::new(
                    [(minutes, 0.0), (minutes, 100.0)]
                        .into_iter()
                        .filter(|_| minutes <= x_max),
                    style,
                ))?
                .label(target_label(name, minutes))
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], style));
        }
        if let Some(label) = within {
            chart.draw_series(std::iter::once(Text::new(
                label,
                (at_fraction(0.02), 94.0),
                text(16),
            )))?;
        }
        legend(&mut chart, plan.corner, font)?;
        Ok(vec![plan])
    }
}

fn trim(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_tail_is_a_99th_percentile_over_ten_times_the_median() {
        assert!(long_tail(40.0, 650.0));
        assert!(!long_tail(13.0, 40.0));
        assert!(!long_tail(10.0, 100.0), "exactly ten times is not long");
        assert!(!long_tail(0.0, 5.0), "no median, no ratio");
    }

    #[test]
    fn the_time_axis_is_log_only_for_a_long_tail_and_starts_at_a_round_value() {
        let lin = time_axis(4.0, 13.0, 40.0, 44.0);
        assert_eq!(lin, AxisRange::linear(0.0, 44.0));
        let log = time_axis(6.3, 40.0, 650.0, 715.0);
        assert_eq!(log, AxisRange::log(5.0, 715.0));
        // A 1st percentile below 0.1 min is floored at 0.1.
        assert_eq!(time_axis(0.01, 1.0, 20.0, 22.0).lo, 0.1);
        // 1st percentile exactly on a round value.
        assert_eq!(time_axis(2.0, 3.0, 90.0, 99.0).lo, 2.0);
    }
}
