//! Hour-of-week charts: demand against capacity for each team (is the
//! roster where the work is?), a heat map of utilisation by hour of day
//! and day of week, and each rostered team's people on duty against its
//! minimum staffing and its demand.

use super::legend::{AxisRange, Corner, Series, place_legend};
use super::{DrawResult, Drawn, Figure, colour, legend, legend_px, plot_px, text, tick};
use crate::batch::BatchResult;
use crate::metrics::names as n;
use crate::sim::HourlyProfile;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::colors::colormaps::ViridisRGB;

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const HOURS_PER_WEEK: usize = 168;

/// One team's work offered and units on duty, by hour of the week (mean
/// over replications).
#[derive(Clone, Debug)]
pub struct DemandCapacity {
    /// The scenario's name (for the title).
    pub scenario: String,
    /// The team drawn.
    pub team: String,
    /// Units (people or crews) on duty after abstraction, by hour of week.
    pub on_duty: Vec<f64>,
    /// Work offered per hour, in unit-hours: arrivals in the hour times the
    /// team's mean busy unit-hours per job started. An estimate: it spreads
    /// each job's work over the hour it arrived in.
    pub offered: Vec<f64>,
    /// Units busy (utilisation × units on duty).
    pub busy: Vec<f64>,
}

/// One chart per team that receives work.
pub fn demand_capacity(scenario: &str, result: &BatchResult) -> Vec<DemandCapacity> {
    result
        .hourly
        .iter()
        .filter(|p| p.arrivals.iter().any(|a| *a > 0.0) && p.arrivals.len() == HOURS_PER_WEEK)
        .map(|p| {
            let mean = |family: n::Family| {
                result
                    .metric(&family.name(&[&p.team]))
                    .map_or(f64::NAN, |m| m.estimate.mean)
            };
            let work_per_job = mean(n::TEAMS_BUSY_HOURS) / mean(n::TEAMS_JOBS_STARTED);
            DemandCapacity {
                scenario: scenario.to_string(),
                team: p.team.clone(),
                on_duty: p.capacity.clone(),
                offered: p.arrivals.iter().map(|a| a * work_per_job).collect(),
                busy: busy_units(p),
            }
        })
        .collect()
}

fn busy_units(p: &HourlyProfile) -> Vec<f64> {
    p.utilisation
        .iter()
        .zip(&p.capacity)
        .map(|(u, c)| if u.is_nan() { 0.0 } else { u * c })
        .collect()
}

impl Figure for DemandCapacity {
    fn stem(&self) -> String {
        format!("demand_capacity_{}", self.team)
    }

    fn title(&self) -> String {
        format!(
            "Work offered against units on duty: {} — {}",
            self.team, self.scenario
        )
    }

    fn size(&self) -> (u32, u32) {
        (1100, 480)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let series: [(&str, &Vec<f64>, RGBColor, u32); 3] = [
            (
                "units on duty (after abstraction)",
                &self.on_duty,
                colour(0),
                2,
            ),
            (
                "work offered (arrivals × mean unit-hours per job)",
                &self.offered,
                colour(1),
                2,
            ),
            ("units busy", &self.busy, colour(2), 2),
        ];
        draw_week_lines(
            area,
            &series,
            "hour of the week (labels at 00:00)",
            "units (people or crews)",
        )
    }
}

/// Utilisation by hour of day and day of week, one panel per team.
#[derive(Clone, Debug)]
pub struct UtilisationHeatmap {
    /// The scenario's name (for the title).
    pub scenario: String,
    /// `(team, utilisation by hour of week)`; `NaN` where no one was on duty.
    pub teams: Vec<(String, Vec<f64>)>,
    /// Teams left out because they take no queued jobs (utilisation counts
    /// queued jobs only, so theirs would be a solid 0 % panel although
    /// they work: PCSOs' problem-solving, for one).
    pub no_queued_work: Vec<String>,
}

/// Whether a team took no queued jobs over the run (zero busy hours) yet
/// worked (productive person-hours): its utilisation, which counts queued
/// jobs, says nothing about it.
pub fn takes_no_queued_jobs(result: &BatchResult, team: &str) -> bool {
    let mean = |family: n::Family| {
        result
            .metric(&family.name(&[team]))
            .map(|m| m.estimate.mean)
    };
    mean(n::TEAMS_BUSY_HOURS) == Some(0.0)
        && mean(n::TEAMS_PRODUCTIVE_PERSON_HOURS).is_some_and(|h| h > 0.0)
}

/// The heat map of every team with a full hour-of-week profile that
/// takes queued jobs.
pub fn utilisation_heatmap(scenario: &str, result: &BatchResult) -> Option<UtilisationHeatmap> {
    let (no_queued_work, teams): (Vec<_>, Vec<_>) = result
        .hourly
        .iter()
        .filter(|p| p.utilisation.len() == HOURS_PER_WEEK)
        .map(|p| (p.team.clone(), p.utilisation.clone()))
        .partition(|(team, _)| takes_no_queued_jobs(result, team));
    (!teams.is_empty()).then(|| UtilisationHeatmap {
        scenario: scenario.to_string(),
        teams,
        no_queued_work: no_queued_work.into_iter().map(|(t, _)| t).collect(),
    })
}

const COLUMNS: usize = 3;

impl UtilisationHeatmap {
    fn rows(&self) -> usize {
        self.teams.len().div_ceil(COLUMNS)
    }
}

impl Figure for UtilisationHeatmap {
    fn stem(&self) -> String {
        "utilisation_heatmap".into()
    }

    fn title(&self) -> String {
        let left_out = if self.no_queued_work.is_empty() {
            String::new()
        } else {
            format!(
                "; not shown (no queued jobs): {}",
                self.no_queued_work.join(", ")
            )
        };
        format!(
            "Utilisation on queued jobs by hour of day and day of week — {}{left_out}",
            self.scenario
        )
    }

    fn size(&self) -> (u32, u32) {
        (1100, 90 + 230 * self.rows() as u32)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let (w, _) = area.dim_in_pixel();
        let (panels, bar) = area.split_horizontally(w.saturating_sub(110));
        let cells = panels.split_evenly((self.rows(), COLUMNS));
        for ((team, util), cell) in self.teams.iter().zip(&cells) {
            let mut chart = ChartBuilder::on(cell)
                .caption(team, text(15))
                .margin(6)
                .x_label_area_size(34)
                .y_label_area_size(40)
                // Day d spans 2d..2d + 2 (Monday at the top), so its
                // label sits at the centre 2d + 1.
                .build_cartesian_2d(
                    0_u32..24_u32,
                    (0_u32..14_u32).with_key_points((0..7).map(|d| 2 * d + 1).collect()),
                )?;
            chart
                .configure_mesh()
                .disable_mesh()
                .x_desc("hour of day")
                .x_labels(7)
                .y_label_formatter(&|y| day_label(*y))
                .axis_desc_style(text(12))
                .label_style(text(11))
                .draw()?;
            chart.draw_series((0..HOURS_PER_WEEK).map(|h| {
                let (day, hour) = ((h / 24) as u32, (h % 24) as u32);
                let u = util[h];
                let fill = if u.is_finite() {
                    ViridisRGB.get_color(u.clamp(0.0, 1.0) as f32).filled()
                } else {
                    RGBColor(225, 225, 225).filled()
                };
                // Monday at the top.
                let row = 2 * (6 - day);
                Rectangle::new([(hour, row), (hour + 1, row + 2)], fill)
            }))?;
        }
        draw_colour_bar(&bar, "utilisation", "no one on duty")?;
        // A colour bar beside the panels, not a legend over them.
        Ok(vec![])
    }
}

/// The weekday labelled at heat-map row position `y` (Monday at the top).
fn day_label(y: u32) -> String {
    let row = (y / 2) as usize;
    if y % 2 == 1 && row < 7 {
        DAYS[6 - row].to_string()
    } else {
        String::new()
    }
}

/// The key of a Viridis-coloured chart of shares (the utilisation heat
/// map, the tile map of G1 within target): a vertical colour bar from 0 to
/// 100 % under `caption`, and the grey swatch of a cell with no value,
/// named `none`.
pub(super) fn draw_colour_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    caption: &str,
    none: &str,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let mut chart = ChartBuilder::on(area)
        .margin_top(30)
        .margin_bottom(60)
        .margin_right(40)
        .y_label_area_size(0)
        .right_y_label_area_size(40)
        .caption(caption, text(13))
        .build_cartesian_2d(0.0..1.0, 0.0..100.0)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .disable_x_axis()
        .y_label_formatter(&|v| format!("{v:.0} %"))
        .label_style(text(11))
        .draw()?;
    chart.draw_series((0..100).map(|i| {
        let v = f64::from(i);
        Rectangle::new(
            [(0.0, v), (1.0, v + 1.0)],
            ViridisRGB.get_color((v / 100.0) as f32).filled(),
        )
    }))?;
    let (_, h) = area.dim_in_pixel();
    area.draw(&Rectangle::new(
        [(4, h as i32 - 45), (22, h as i32 - 30)],
        RGBColor(225, 225, 225).filled(),
    ))?;
    area.draw(&Text::new(none, (4, h as i32 - 22), text(11)))?;
    Ok(())
}

/// One rostered team's people by hour of the week against its minimum
/// staffing and its demand (mean over the run and the replications).
#[derive(Clone, Debug)]
pub struct RosterChart {
    /// The scenario's name (for the title).
    pub scenario: String,
    /// The team drawn.
    pub team: String,
    /// People on duty: after abstraction, the escalation ladder, backfill
    /// and overtime.
    pub on_duty: Vec<f64>,
    /// People available: rostered less abstraction, before the ladder.
    pub available: Vec<f64>,
    /// The minimum staffing of the shifts running (summed); empty without
    /// a minimum.
    pub minimum: Vec<f64>,
    /// Work offered in people: arrivals × the team's mean busy unit-hours
    /// per job × people per unit on duty in that hour (the week's mean
    /// where no unit was on duty); empty for a team that takes no queued
    /// jobs.
    pub demand: Vec<f64>,
}

/// One roster chart per team whose duty comes from its establishment (a
/// `rota`) or that has a minimum staffing, when the batch recorded its
/// people by hour (replication files written before that did not).
pub fn roster_charts(model: &crate::scenario::Model, result: &BatchResult) -> Vec<RosterChart> {
    result
        .hourly
        .iter()
        .filter(|p| p.people.len() == HOURS_PER_WEEK && p.available.len() == HOURS_PER_WEEK)
        .filter(|p| {
            model
                .teams
                .iter()
                .any(|t| t.name == p.team && (t.rota.is_some() || t.minimum.is_some()))
        })
        .map(|p| {
            let mean = |family: n::Family| {
                result
                    .metric(&family.name(&[&p.team]))
                    .map_or(f64::NAN, |m| m.estimate.mean)
            };
            let work_per_job = mean(n::TEAMS_BUSY_HOURS) / mean(n::TEAMS_JOBS_STARTED);
            let sum = |xs: &[f64]| xs.iter().filter(|x| x.is_finite()).sum::<f64>();
            let week_ratio = sum(&p.people) / sum(&p.capacity);
            let takes_jobs = p.arrivals.iter().any(|a| *a > 0.0) && work_per_job.is_finite();
            let demand = if takes_jobs {
                (0..HOURS_PER_WEEK)
                    .map(|h| {
                        let units = p.capacity.get(h).copied().unwrap_or(f64::NAN);
                        let per_unit = if units > 0.0 {
                            p.people[h] / units
                        } else {
                            week_ratio
                        };
                        p.arrivals[h] * work_per_job * per_unit
                    })
                    .collect()
            } else {
                Vec::new()
            };
            RosterChart {
                scenario: model.name.clone(),
                team: p.team.clone(),
                on_duty: p.people.clone(),
                available: p.available.clone(),
                minimum: if p.minimum.len() == HOURS_PER_WEEK {
                    p.minimum.clone()
                } else {
                    Vec::new()
                },
                demand,
            }
        })
        .collect()
}

impl Figure for RosterChart {
    fn stem(&self) -> String {
        format!("roster_{}", self.team)
    }

    fn title(&self) -> String {
        format!(
            "People on duty against minimum staffing and demand: {} — {}",
            self.team, self.scenario
        )
    }

    fn size(&self) -> (u32, u32) {
        (1100, 520)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        // Available first, wide and light, so that on duty (the same line
        // where nothing was escalated, lent or worked over) shows on top.
        let mut series: Vec<(&str, &Vec<f64>, RGBColor, u32)> = vec![
            (
                "people available (rostered less abstraction, before escalation)",
                &self.available,
                colour(5),
                5,
            ),
            (
                "people on duty (after abstraction, escalation, backfill and overtime)",
                &self.on_duty,
                colour(0),
                2,
            ),
        ];
        if !self.minimum.is_empty() {
            series.push((
                "minimum staffing (shifts running, summed)",
                &self.minimum,
                colour(1),
                2,
            ));
        }
        if !self.demand.is_empty() {
            series.push((
                "work offered in people (arrivals × unit-hours per job × people per unit)",
                &self.demand,
                colour(2),
                2,
            ));
        }
        draw_week_lines(
            area,
            &series,
            "hour of the week (labels at 00:00), mean over the run",
            "people",
        )
    }
}

/// Draws `series` — `(label, value by hour of week, colour, stroke width)`,
/// 168 values each, `NaN` where undefined — as lines over the week from 0,
/// the y axis to 5 % above the largest finite value (at least 1), with the
/// legend in the corner that covers the least data.
///
/// # Errors
/// Whatever the backend reports while drawing.
fn draw_week_lines<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    series: &[(&str, &Vec<f64>, RGBColor, u32)],
    x_desc: &str,
    y_desc: &str,
) -> Drawn
where
    DB::ErrorType: 'static,
{
    let points = |values: &Vec<f64>| -> Vec<(f64, f64)> {
        values
            .iter()
            .enumerate()
            .filter(|(_, v)| v.is_finite())
            .map(|(h, v)| (h as f64, *v))
            .collect()
    };
    let y_max = series
        .iter()
        .flat_map(|s| s.1.iter())
        .copied()
        .filter(|v| v.is_finite())
        .fold(1.0_f64, f64::max)
        * 1.05;
    let labels: Vec<String> = series.iter().map(|s| s.0.to_string()).collect();
    let (margin, x_area, y_area, font) = (12, 45, 60, 13);
    let plan = place_legend(
        &series
            .iter()
            .map(|s| Series::line(points(s.1)))
            .collect::<Vec<_>>(),
        AxisRange::linear(0.0, HOURS_PER_WEEK as f64),
        AxisRange::linear(0.0, y_max),
        plot_px(area, margin, x_area, y_area)?,
        legend_px(&labels, font),
        &Corner::ALL,
    );
    let ticks: Vec<u32> = (0..=7).map(|d| d * 24).collect();
    let mut chart = ChartBuilder::on(area)
        .margin(margin)
        .x_label_area_size(x_area)
        .y_label_area_size(y_area)
        .build_cartesian_2d(
            (0_u32..168_u32).with_key_points(ticks),
            plan.y_range.lo..plan.y_range.hi,
        )?;
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .y_desc(y_desc)
        .y_label_formatter(&tick)
        .x_label_formatter(&|h| DAYS.get((*h / 24) as usize).unwrap_or(&"").to_string())
        .axis_desc_style(text(16))
        .label_style(text(13))
        .draw()?;
    for &(label, values, c, width) in series {
        let style = c.stroke_width(width);
        chart
            .draw_series(LineSeries::new(
                points(values).into_iter().map(|(h, v)| (h as u32, v)),
                style,
            ))?
            .label(label)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], style));
    }
    legend(&mut chart, plan.corner, font)?;
    Ok(vec![plan])
}
