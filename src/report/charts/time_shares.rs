//! "Where the hours go": one stacked bar per team with a time budget, its
//! on-duty unit-hours split into the time shares (attending, travel,
//! briefing, breaks, administration, the work after incidents, proactive
//! work, available), means over replications. The bars stand on the left and
//! the legend on the right, clear of them.

use super::legend::{AxisRange, Corner, Series, place_legend};
use super::{Drawn, Figure, colour, legend, legend_px, plot_px, text};
use crate::batch::BatchResult;
use crate::metrics::names::{self as n, Family};
use crate::scenario::Model;
use plotters::coord::Shift;
use plotters::prelude::*;

/// The items of the bars, bottom to top, with their legend labels.
const ITEMS: [(Family, &str); 12] = [
    (n::TEAMS_TIME_ATTENDING_SHARE, "on scene"),
    (n::TEAMS_TIME_TRAVEL_SHARE, "travelling to incidents"),
    (n::TEAMS_TIME_CUSTODY_SHARE, "custody (after arrest)"),
    (n::TEAMS_TIME_TRANSPORT_SHARE, "prisoner transport"),
    (n::TEAMS_TIME_PAPERWORK_SHARE, "statements, records, files"),
    (
        n::TEAMS_TIME_MENTAL_HEALTH_WAIT_SHARE,
        "mental-health handover wait",
    ),
    (n::TEAMS_TIME_FOLLOW_UP_SHARE, "victim follow-up"),
    (n::TEAMS_TIME_BRIEFING_SHARE, "briefing"),
    (n::TEAMS_TIME_BREAKS_SHARE, "refreshment breaks"),
    (n::TEAMS_TIME_ADMIN_SHARE, "end-of-shift administration"),
    (n::TEAMS_TIME_PROACTIVE_SHARE, PROACTIVE),
    (n::TEAMS_TIME_IDLE_SHARE, AVAILABLE),
];

/// The labels of the discretionary items (not in the committed share).
const PROACTIVE: &str = "proactive work";
const AVAILABLE: &str = "available, not committed";

/// The colour of item `i` of [`ITEMS`]: the categorical palette, then
/// darker tones, and light grey for available time (the last item).
fn item_colour(i: usize) -> RGBColor {
    const MORE: [RGBColor; 3] = [
        RGBColor(0, 73, 115),
        RGBColor(140, 60, 0),
        RGBColor(0, 100, 73),
    ];
    match i {
        _ if i + 1 == ITEMS.len() => RGBColor(215, 215, 215),
        _ if i < 8 => colour(i),
        _ => MORE[(i - 8) % MORE.len()],
    }
}

/// The chart: per team, each item's mean share of on-duty time.
#[derive(Clone, Debug)]
pub struct WhereHoursGo {
    /// The scenario's name (for the title).
    pub scenario: String,
    /// Item labels present in at least one team, with their colour.
    pub items: Vec<(String, RGBColor)>,
    /// `(team, share of each item in `items`)`, shares as fractions.
    pub teams: Vec<(String, Vec<f64>)>,
}

/// The chart, if some team of `model` has a time budget.
pub fn where_hours_go(model: &Model, result: &BatchResult) -> Option<WhereHoursGo> {
    let mean = |f: Family, team: &str| {
        result
            .metric(&f.name(&[team]))
            .map(|m| m.estimate.mean)
            .filter(|v| v.is_finite())
    };
    let teams: Vec<&str> = model
        .teams
        .iter()
        .map(|t| t.name.as_str())
        .filter(|t| mean(n::TEAMS_TIME_IDLE_SHARE, t).is_some())
        .collect();
    if teams.is_empty() {
        return None;
    }
    let present: Vec<usize> = (0..ITEMS.len())
        .filter(|&i| teams.iter().any(|t| mean(ITEMS[i].0, t).is_some()))
        .collect();
    Some(WhereHoursGo {
        scenario: model.name.clone(),
        items: present
            .iter()
            .map(|&i| (ITEMS[i].1.to_string(), item_colour(i)))
            .collect(),
        teams: teams
            .iter()
            .map(|t| {
                let shares = present
                    .iter()
                    .map(|&i| mean(ITEMS[i].0, t).unwrap_or(0.0))
                    .collect();
                (t.to_string(), shares)
            })
            .collect(),
    })
}

/// Half the width of a bar, in x units (one team per unit).
const HALF_BAR: f64 = 0.35;

impl Figure for WhereHoursGo {
    fn stem(&self) -> String {
        "where_the_hours_go".into()
    }

    fn title(&self) -> String {
        format!(
            "Where the hours go: on-duty time of the response teams — {}",
            self.scenario
        )
    }

    fn size(&self) -> (u32, u32) {
        (1100, 600)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let (margin, x_area, y_area, font) = (10, 40, 60, 12);
        let labels: Vec<String> = self.items.iter().map(|(l, _)| l.clone()).collect();
        let (plot_w, plot_h) = plot_px(area, margin, x_area, y_area)?;
        let (legend_w, legend_h) = legend_px(&labels, font);
        // Room on the right for the legend: the bars take the rest.
        let bars = self.teams.len() as f64;
        let free = (f64::from(legend_w) + 30.0) / f64::from(plot_w.max(1));
        let free = free.clamp(0.0, 0.8);
        let x_lo = -0.5;
        let x_hi = x_lo + bars / (1.0 - free);
        let outlines: Vec<Series> = (0..self.teams.len())
            .map(|i| {
                let x = i as f64;
                Series::line([
                    (x - HALF_BAR, 0.0),
                    (x - HALF_BAR, 100.0),
                    (x + HALF_BAR, 100.0),
                    (x + HALF_BAR, 0.0),
                ])
            })
            .collect();
        let plan = place_legend(
            &outlines,
            AxisRange::linear(x_lo, x_hi),
            AxisRange::linear(0.0, 100.0),
            (plot_w, plot_h),
            (legend_w, legend_h),
            &[Corner::UpperRight, Corner::LowerRight],
        );
        let y_hi = plan.y_range.hi;
        let mut chart = ChartBuilder::on(area)
            .margin(margin)
            .x_label_area_size(x_area)
            .y_label_area_size(y_area)
            .build_cartesian_2d(x_lo..x_hi, 0.0..y_hi)?;
        let names: Vec<String> = self.teams.iter().map(|(t, _)| t.clone()).collect();
        let team_label = |x: &f64| {
            let i = x.round();
            if (x - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < names.len() {
                names[i as usize].clone()
            } else {
                String::new()
            }
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(4 * names.len() + 8)
            .x_label_formatter(&team_label)
            .y_label_formatter(&|y| format!("{y:.0}"))
            .x_desc("team")
            .y_desc("share of on-duty unit-hours (%)")
            .axis_desc_style(text(13))
            .label_style(text(12))
            .draw()?;
        for (k, (label, c)) in self.items.iter().enumerate() {
            let c = *c;
            let rects: Vec<Rectangle<(f64, f64)>> = self
                .teams
                .iter()
                .enumerate()
                .map(|(i, (_, shares))| {
                    let below: f64 = shares[..k].iter().sum::<f64>() * 100.0;
                    let x = i as f64;
                    Rectangle::new(
                        [
                            (x - HALF_BAR, below),
                            (x + HALF_BAR, below + shares[k] * 100.0),
                        ],
                        c.filled(),
                    )
                })
                .collect();
            chart
                .draw_series(rects)?
                .label(label.clone())
                .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 20, y + 5)], c.filled()));
        }
        let discretionary: Vec<usize> = self
            .items
            .iter()
            .enumerate()
            .filter(|(_, (l, _))| l == PROACTIVE || l == AVAILABLE)
            .map(|(k, _)| k)
            .collect();
        for (i, (_, shares)) in self.teams.iter().enumerate() {
            let free: f64 = discretionary.iter().map(|&k| shares[k]).sum();
            let committed = (1.0 - free) * 100.0;
            chart.draw_series(std::iter::once(Text::new(
                format!("committed {committed:.0} %"),
                (i as f64 - HALF_BAR, 100.0 - 1.0),
                text(11),
            )))?;
        }
        legend(&mut chart, plan.corner, font)?;
        Ok(vec![plan])
    }
}
