//! Where a chart's legend goes: the corner whose legend box covers none of
//! the plotted data, or, when every corner is taken, the top of the plot
//! with the y axis stretched so the data sit below the legend ("headroom").
//!
//! [`place_legend`] is pure: it sees the plotted series in data
//! coordinates, the axis ranges, the plot's and the legend's size in
//! pixels, and returns a [`LegendPlan`]. Charts draw with the plan's y
//! range and corner, and hand the plan back so tests can check it.

use plotters::prelude::*;

/// Pixels between the legend box and the plot's edges (plotters' fixed
/// inset for a corner legend).
pub const INSET_PX: u32 = 5;

/// Pixels kept clear between the legend box and the highest data when
/// the y axis is stretched to make room for it.
pub const GAP_PX: u32 = 6;

/// One plotted series in data coordinates.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// The points drawn, in data coordinates (x, y).
    pub points: Vec<(f64, f64)>,
    /// Whether consecutive points are joined by lines (a line, a band's
    /// edge, an error bar), so a segment crossing the legend box counts
    /// even when neither end is inside it.
    pub joined: bool,
}

impl Series {
    /// A line through `points`, in order.
    pub fn line(points: impl IntoIterator<Item = (f64, f64)>) -> Self {
        Series {
            points: points.into_iter().collect(),
            joined: true,
        }
    }

    /// Unjoined markers at `points`.
    pub fn markers(points: impl IntoIterator<Item = (f64, f64)>) -> Self {
        Series {
            points: points.into_iter().collect(),
            joined: false,
        }
    }
}

/// An axis: the data range shown and whether it is logarithmic.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AxisRange {
    /// Low end of the axis, data units (positive on a log axis).
    pub lo: f64,
    /// High end of the axis, data units (above `lo`).
    pub hi: f64,
    /// Logarithmic (base 10) rather than linear.
    pub log: bool,
}

impl AxisRange {
    /// A linear axis from `lo` to `hi`.
    pub fn linear(lo: f64, hi: f64) -> Self {
        AxisRange { lo, hi, log: false }
    }

    /// A log axis from `lo` to `hi` (both positive).
    pub fn log(lo: f64, hi: f64) -> Self {
        AxisRange { lo, hi, log: true }
    }

    /// Where `v` falls on the axis, as a fraction: 0 at `lo`, 1 at `hi`
    /// (outside 0..1 when `v` is off the axis; `NaN` for a non-positive
    /// value on a log axis).
    pub fn fraction(&self, v: f64) -> f64 {
        if self.log {
            if v <= 0.0 {
                return f64::NAN;
            }
            (v.ln() - self.lo.ln()) / (self.hi.ln() - self.lo.ln())
        } else {
            (v - self.lo) / (self.hi - self.lo)
        }
    }
}

/// A corner of the plot area.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Corner {
    /// Top left.
    UpperLeft,
    /// Top right.
    UpperRight,
    /// Bottom left.
    LowerLeft,
    /// Bottom right.
    LowerRight,
}

impl Corner {
    /// Every corner, in the default order of preference.
    pub const ALL: [Corner; 4] = [
        Corner::UpperRight,
        Corner::UpperLeft,
        Corner::LowerRight,
        Corner::LowerLeft,
    ];

    /// Whether the corner is at the top of the plot.
    pub fn is_upper(self) -> bool {
        matches!(self, Corner::UpperLeft | Corner::UpperRight)
    }

    /// The plotters position of a legend in this corner.
    pub fn position(self) -> SeriesLabelPosition {
        match self {
            Corner::UpperLeft => SeriesLabelPosition::UpperLeft,
            Corner::UpperRight => SeriesLabelPosition::UpperRight,
            Corner::LowerLeft => SeriesLabelPosition::LowerLeft,
            Corner::LowerRight => SeriesLabelPosition::LowerRight,
        }
    }
}

/// A rectangle in plot fractions (0..1 on each axis, y upwards).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Left edge, fraction of the plot width.
    pub x0: f64,
    /// Right edge, fraction of the plot width (`x1 >= x0`).
    pub x1: f64,
    /// Bottom edge, fraction of the plot height.
    pub y0: f64,
    /// Top edge, fraction of the plot height (`y1 >= y0`).
    pub y1: f64,
}

impl Rect {
    /// Whether the point (in plot fractions) lies inside or on the edge.
    pub fn contains(&self, (x, y): (f64, f64)) -> bool {
        x >= self.x0 && x <= self.x1 && y >= self.y0 && y <= self.y1
    }

    /// Whether the segment from `a` to `b` (plot fractions) meets the
    /// rectangle (Liang–Barsky clipping).
    pub fn meets_segment(&self, a: (f64, f64), b: (f64, f64)) -> bool {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
        for (p, q) in [
            (-dx, a.0 - self.x0),
            (dx, self.x1 - a.0),
            (-dy, a.1 - self.y0),
            (dy, self.y1 - a.1),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return false;
                }
            } else {
                let r = q / p;
                if p < 0.0 {
                    t0 = t0.max(r);
                } else {
                    t1 = t1.min(r);
                }
                if t0 > t1 {
                    return false;
                }
            }
        }
        true
    }
}

/// Where a chart's legend goes and the y range to draw with.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendPlan {
    /// The corner the legend is drawn in.
    pub corner: Corner,
    /// The legend box, in plot fractions.
    pub rect: Rect,
    /// The y axis to draw with: the one given, or stretched upwards to
    /// leave room above the data for the legend.
    pub y_range: AxisRange,
    /// Whether `y_range` was stretched (no corner was free).
    pub headroom: bool,
    /// Plotted points and segments the legend box covers (0 unless no
    /// placement could avoid the data).
    pub overlaps: usize,
    /// The plotted series in plot fractions under the chosen axes (for
    /// checks); points off the axes or not finite are left out.
    pub series: Vec<Series>,
}

/// The legend box in a corner, in plot fractions, for a legend of
/// `legend_px` (width, height) on a plot of `plot_px`.
pub fn corner_rect(corner: Corner, plot_px: (u32, u32), legend_px: (u32, u32)) -> Rect {
    let (w, h) = (f64::from(plot_px.0.max(1)), f64::from(plot_px.1.max(1)));
    let (lw, lh) = (f64::from(legend_px.0) / w, f64::from(legend_px.1) / h);
    let (ix, iy) = (f64::from(INSET_PX) / w, f64::from(INSET_PX) / h);
    let (x0, x1) = match corner {
        Corner::UpperLeft | Corner::LowerLeft => (ix, ix + lw),
        Corner::UpperRight | Corner::LowerRight => (1.0 - ix - lw, 1.0 - ix),
    };
    let (y0, y1) = if corner.is_upper() {
        (1.0 - iy - lh, 1.0 - iy)
    } else {
        (iy, iy + lh)
    };
    Rect { x0, x1, y0, y1 }
}

fn normalise(series: &[Series], x: &AxisRange, y: &AxisRange) -> Vec<Series> {
    series
        .iter()
        .map(|s| Series {
            points: s
                .points
                .iter()
                .map(|(a, b)| (x.fraction(*a), y.fraction(*b)))
                .filter(|(a, b)| a.is_finite() && b.is_finite())
                .collect(),
            joined: s.joined,
        })
        .collect()
}

/// How many points of `series` (plot fractions) lie in `rect`, plus the
/// joining segments that cross it with neither end inside.
pub fn overlaps(rect: &Rect, series: &[Series]) -> usize {
    let mut n = 0;
    for s in series {
        let inside: Vec<bool> = s.points.iter().map(|p| rect.contains(*p)).collect();
        n += inside.iter().filter(|i| **i).count();
        if s.joined {
            n += s
                .points
                .windows(2)
                .zip(inside.windows(2))
                .filter(|(p, i)| !i[0] && !i[1] && rect.meets_segment(p[0], p[1]))
                .count();
        }
    }
    n
}

/// Chooses where the legend goes: the first corner in `preference` whose
/// box covers no plotted point or segment; if none is free, the top of
/// the plot with the y axis stretched upwards so that the data fit below
/// the legend (a linear y axis and a legend under half the plot's height
/// only); otherwise the corner covering the fewest.
///
/// `plot_px` is the plot area's size and `legend_px` the legend box's
/// size, both in pixels. Points off the axes are clipped when drawn, so
/// they count only within the axes. An empty `preference` means
/// [`Corner::ALL`].
pub fn place_legend(
    series: &[Series],
    x: AxisRange,
    y: AxisRange,
    plot_px: (u32, u32),
    legend_px: (u32, u32),
    preference: &[Corner],
) -> LegendPlan {
    let preference = if preference.is_empty() {
        &Corner::ALL[..]
    } else {
        preference
    };
    let plan = |corner: Corner, y_range: AxisRange, headroom: bool| {
        let normalised = normalise(series, &x, &y_range);
        let rect = corner_rect(corner, plot_px, legend_px);
        LegendPlan {
            corner,
            rect,
            y_range,
            headroom,
            overlaps: overlaps(&rect, &normalised),
            series: normalised,
        }
    };
    let candidates: Vec<LegendPlan> = preference.iter().map(|c| plan(*c, y, false)).collect();
    if let Some(free) = candidates.iter().find(|p| p.overlaps == 0) {
        return free.clone();
    }
    let h = f64::from(plot_px.1.max(1));
    let room = 1.0 - f64::from(legend_px.1 + INSET_PX + GAP_PX) / h;
    if !y.log && room >= 0.5 {
        // The highest plotted value within the x axis.
        let top = series
            .iter()
            .flat_map(|s| &s.points)
            .filter(|(a, b)| {
                let f = x.fraction(*a);
                (0.0..=1.0).contains(&f) && b.is_finite()
            })
            .map(|(_, b)| b.min(y.hi))
            .fold(y.lo, f64::max);
        let hi = y.lo + (top - y.lo) / room;
        let stretched = AxisRange::linear(y.lo, hi.max(y.hi));
        let upper = preference
            .iter()
            .copied()
            .find(|c| c.is_upper())
            .unwrap_or(Corner::UpperRight);
        let p = plan(upper, stretched, true);
        if p.overlaps == 0 {
            return p;
        }
    }
    candidates
        .into_iter()
        .min_by_key(|p| p.overlaps)
        .unwrap_or_else(|| plan(Corner::UpperRight, y, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLOT: (u32, u32) = (1000, 500);
    const LEGEND: (u32, u32) = (300, 100);

    fn unit() -> AxisRange {
        AxisRange::linear(0.0, 1.0)
    }

    #[test]
    fn a_rising_line_leaves_the_upper_left_and_lower_right_free() {
        let line = Series::line([(0.0, 0.0), (1.0, 1.0)]);
        let p = place_legend(&[line], unit(), unit(), PLOT, LEGEND, &Corner::ALL);
        // Upper right is taken by the line's end; upper left is next.
        assert_eq!(p.corner, Corner::UpperLeft);
        assert_eq!(p.overlaps, 0);
        assert!(!p.headroom);
    }

    #[test]
    fn a_segment_crossing_the_box_counts_though_no_point_is_inside() {
        // A horizontal line near the top from one side to the other: no
        // point within either upper corner, yet it crosses both.
        let line = Series::line([(0.0, 0.95), (1.0, 0.95)]);
        let p = place_legend(
            std::slice::from_ref(&line),
            unit(),
            unit(),
            PLOT,
            LEGEND,
            &[Corner::UpperRight, Corner::LowerRight],
        );
        assert_eq!(p.corner, Corner::LowerRight);
        // The same points unjoined cover nothing in the upper right.
        let markers = Series::markers(line.points);
        let p = place_legend(&[markers], unit(), unit(), PLOT, LEGEND, &[]);
        assert_eq!(p.corner, Corner::UpperRight);
    }

    #[test]
    fn data_in_every_corner_get_headroom_above_them() {
        // A weekly cycle: peaks and troughs touch all four corners.
        let wave = Series::line((0..=168).map(|h| {
            let t = f64::from(h) / 168.0;
            (t, 0.5 + 0.5 * (t * std::f64::consts::TAU * 7.0).cos())
        }));
        let p = place_legend(&[wave], unit(), unit(), PLOT, LEGEND, &[]);
        assert!(p.headroom);
        assert!(p.corner.is_upper());
        assert_eq!(p.overlaps, 0);
        // The data now end below the legend box.
        let top = p.series[0].points.iter().map(|q| q.1).fold(0.0, f64::max);
        assert!(
            top < p.rect.y0,
            "data reach {top}, legend from {}",
            p.rect.y0
        );
        assert!(p.y_range.hi > 1.0 && p.y_range.lo == 0.0);
    }

    #[test]
    fn with_no_free_corner_and_no_room_the_fewest_points_are_covered() {
        // A legend taller than half the plot cannot get headroom; the
        // lower left has one point, the others two.
        let tall = (300, 300);
        let pts = Series::markers([
            (0.01, 0.99),
            (0.02, 0.98),
            (0.99, 0.99),
            (0.98, 0.98),
            (0.99, 0.01),
            (0.98, 0.02),
            (0.01, 0.01),
        ]);
        let p = place_legend(&[pts], unit(), unit(), PLOT, tall, &[]);
        assert_eq!(p.corner, Corner::LowerLeft);
        assert_eq!(p.overlaps, 1);
        assert!(!p.headroom);
    }

    #[test]
    fn points_off_the_axes_do_not_count() {
        let far = Series::markers([(5.0, 5.0), (-1.0, 0.99)]);
        let p = place_legend(&[far], unit(), unit(), PLOT, LEGEND, &[Corner::UpperLeft]);
        assert_eq!(p.corner, Corner::UpperLeft);
        assert_eq!(p.overlaps, 0);
    }

    #[test]
    fn a_log_axis_places_by_log_distance() {
        // On a log axis from 1 to 1000, 30 is at about half the width:
        // outside a legend box 30 % wide in the upper right.
        let x = AxisRange::log(1.0, 1000.0);
        assert!((x.fraction(31.6) - 0.5).abs() < 0.01);
        let pts = Series::markers([(30.0, 0.99)]);
        let p = place_legend(&[pts], x, unit(), PLOT, LEGEND, &[Corner::UpperRight]);
        assert_eq!(p.overlaps, 0);
        // Linear, 30 of 1000 is at the far left and 990 in the box.
        let pts = Series::markers([(990.0, 0.99)]);
        let lin = AxisRange::linear(1.0, 1000.0);
        let p = place_legend(&[pts], lin, unit(), PLOT, LEGEND, &[Corner::UpperRight]);
        assert!(p.headroom);
    }

    #[test]
    fn segment_clipping() {
        let r = Rect {
            x0: 0.4,
            x1: 0.6,
            y0: 0.4,
            y1: 0.6,
        };
        assert!(r.meets_segment((0.0, 0.5), (1.0, 0.5)));
        assert!(r.meets_segment((0.5, 0.0), (0.5, 1.0)));
        assert!(!r.meets_segment((0.0, 0.0), (0.3, 1.0)));
        assert!(!r.meets_segment((0.0, 0.9), (1.0, 0.9)));
        assert!(r.meets_segment((0.0, 0.0), (1.0, 1.0)));
    }
}
