//! The comparison's maps of a geography: every scenario's tile map side by
//! side (G1 within target by place, bases marked), and for each
//! alternative a map of its paired difference from the base in G1 within
//! target by place, with the difference's 95 % CI in each tile. Drawn from
//! `comparison.json` alone: each scenario carries its tile layout.

use super::legend::LegendPlan;
use super::tiles::{TileFace, TileLayout, TileMap, draw_tiles};
use super::{Drawn, Figure, text};
use crate::metrics::names::GEOGRAPHY_ATOM_WITHIN_TARGET_SHARE;
use crate::report::documents::{ComparisonDoc, find};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Every scenario's tile map in one figure, one panel each (base first).
#[derive(Clone, Debug)]
pub struct ComparisonTiles {
    /// One map per scenario with a geography, in the document's order.
    pub maps: Vec<TileMap>,
}

/// The side-by-side maps, if at least one scenario has a geography.
pub fn comparison_tiles(doc: &ComparisonDoc) -> Option<ComparisonTiles> {
    let maps: Vec<TileMap> = doc
        .scenarios
        .iter()
        .filter_map(|s| {
            let layout = s.geography.as_ref()?;
            let mean = |name: &str| {
                find(&s.metrics, name)
                    .and_then(|m| m.mean)
                    .unwrap_or(f64::NAN)
            };
            Some(TileMap::from_layout(&s.name, layout, mean))
        })
        .collect();
    (!maps.is_empty()).then_some(ComparisonTiles { maps })
}

impl Figure for ComparisonTiles {
    fn stem(&self) -> String {
        "comparison_tiles_g1".into()
    }

    fn title(&self) -> String {
        format!(
            "G1 incidents within target by place (tiles), bases marked ▲ — {}",
            self.maps
                .iter()
                .map(|m| m.scenario.as_str())
                .collect::<Vec<_>>()
                .join(" | ")
        )
    }

    fn size(&self) -> (u32, u32) {
        (120 + 620 * self.maps.len().max(1) as u32, 700)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let (w, _) = area.dim_in_pixel();
        let (maps, bar) = area.split_horizontally(w.saturating_sub(120));
        let panels = maps.split_evenly((1, self.maps.len().max(1)));
        let mut plans: Vec<LegendPlan> = Vec::new();
        for (m, panel) in self.maps.iter().zip(&panels) {
            plans.extend(draw_tiles(panel, Some(&m.scenario), m.grid, &m.faces())?);
        }
        super::hourly::draw_colour_bar(&bar, "G1 within target", "no G1")?;
        Ok(plans)
    }
}

/// One atom's paired difference in G1 within target.
#[derive(Clone, Debug)]
pub struct AtomDifference {
    /// Other − base, share (0–1), with its 95 % CI ends; `None` when
    /// undefined (no G1 attended in some replication).
    pub mean: Option<f64>,
    /// Low end of the 95 % CI, share.
    pub low: Option<f64>,
    /// High end of the 95 % CI, share.
    pub high: Option<f64>,
    /// The CI excludes zero.
    pub clear: bool,
}

/// The map of one alternative's paired difference from the base in G1
/// within target, by place.
#[derive(Clone, Debug)]
pub struct DifferenceTiles {
    /// The base's name.
    pub base: String,
    /// The alternative's name.
    pub other: String,
    /// Position of the alternative among the scenarios (1 for the first),
    /// for the file name.
    pub index: usize,
    /// The alternative's layout (its bases are the ones marked).
    pub layout: TileLayout,
    /// Per atom of `layout`, its difference (`None`: no such metric).
    pub differences: Vec<Option<AtomDifference>>,
}

/// One difference map per alternative that shares a geography with the
/// base.
pub fn difference_tiles(doc: &ComparisonDoc) -> Vec<DifferenceTiles> {
    let base = &doc.scenarios[0];
    if base.geography.is_none() {
        return Vec::new();
    }
    doc.scenarios
        .iter()
        .enumerate()
        .skip(1)
        .filter_map(|(index, s)| {
            let layout = s.geography.clone()?;
            let differences = layout
                .atoms
                .iter()
                .map(|p| {
                    let name = GEOGRAPHY_ATOM_WITHIN_TARGET_SHARE.name(&[&p.atom, "g1"]);
                    doc.differences
                        .iter()
                        .find(|d| d.scenario == s.name && d.metric == name)
                        .map(|d| AtomDifference {
                            mean: d.difference.mean,
                            low: d.difference.ci95_low,
                            high: d.difference.ci95_high,
                            clear: d.clear,
                        })
                })
                .collect();
            Some(DifferenceTiles {
                base: base.name.clone(),
                other: s.name.clone(),
                index,
                layout,
                differences,
            })
        })
        .collect()
}

/// Colours of the difference scale: worse (orange), none (near white),
/// better (blue) (Okabe and Ito's vermilion and blue).
const WORSE: RGBColor = RGBColor(213, 94, 0);
const NONE: RGBColor = RGBColor(245, 245, 245);
const BETTER: RGBColor = RGBColor(0, 114, 178);

/// The colour of a difference `d` (points) on a scale of ±`span` points.
fn diverging(d: f64, span: f64) -> RGBColor {
    let t = (d / span).clamp(-1.0, 1.0);
    let (to, t) = if t < 0.0 { (WORSE, -t) } else { (BETTER, t) };
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
    RGBColor(mix(NONE.0, to.0), mix(NONE.1, to.1), mix(NONE.2, to.2))
}

/// A difference of shares in points with its sign.
fn points(share: f64) -> String {
    format!("{:+.1}", 100.0 * share).replace('-', "−")
}

impl DifferenceTiles {
    /// Half the scale's width, percentage points: the largest absolute
    /// mean difference rounded up to a whole point (at least 1).
    pub fn span_pts(&self) -> f64 {
        self.differences
            .iter()
            .flatten()
            .filter_map(|d| d.mean)
            .map(|m| (100.0 * m).abs())
            .fold(1.0, f64::max)
            .ceil()
    }

    /// Every tile's face: coloured by the mean difference, with the
    /// difference and its CI in points, outlined when the CI excludes 0.
    pub fn faces(&self) -> Vec<TileFace> {
        let span = self.span_pts();
        self.layout
            .atoms
            .iter()
            .zip(&self.differences)
            .map(|(p, d)| {
                let mean = d.as_ref().and_then(|d| d.mean);
                let mut lines = vec![p.atom.replace('_', " ")];
                match (d, mean) {
                    (Some(d), Some(m)) => {
                        lines.push(format!("{} pts", points(m)));
                        if let (Some(lo), Some(hi)) = (d.low, d.high) {
                            lines.push(format!("CI {} to {}", points(lo), points(hi)));
                        }
                    }
                    _ => lines.push("no G1".into()),
                }
                TileFace {
                    cell: p.cell,
                    fill: mean.map(|m| diverging(100.0 * m, span)),
                    lines,
                    bases: p.bases.len(),
                    dark_text: mean.is_none_or(|m| (100.0 * m).abs() < 0.6 * span),
                    outline: d.as_ref().is_some_and(|d| d.clear),
                }
            })
            .collect()
    }
}

impl Figure for DifferenceTiles {
    fn stem(&self) -> String {
        format!("comparison_tiles_g1_difference_{}", self.index)
    }

    fn title(&self) -> String {
        format!(
            "G1 within target by place: {} − {} (paired, pts), clear differences outlined",
            self.other, self.base
        )
    }

    fn size(&self) -> (u32, u32) {
        (900, 760)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let (w, _) = area.dim_in_pixel();
        let (map, bar) = area.split_horizontally(w.saturating_sub(130));
        let plans = draw_tiles(&map, Some(&self.other), self.layout.grid, &self.faces())?;
        draw_diverging_bar(&bar, self.span_pts())?;
        Ok(plans)
    }
}

/// The key of a difference map: a vertical bar from −`span` to +`span`
/// points, worse below and better above, and the grey of a place with
/// no G1 difference.
fn draw_diverging_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    span: f64,
) -> super::DrawResult
where
    DB::ErrorType: 'static,
{
    let mut chart = ChartBuilder::on(area)
        .margin_top(30)
        .margin_bottom(60)
        .margin_right(50)
        .y_label_area_size(0)
        .right_y_label_area_size(50)
        .caption("difference (pts)", text(13))
        .build_cartesian_2d(0.0..1.0, -span..span)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .disable_x_axis()
        .y_label_formatter(&|v| points(v / 100.0))
        .label_style(text(11))
        .draw()?;
    chart.draw_series((0..100).map(|i| {
        let v = -span + 2.0 * span * f64::from(i) / 100.0;
        let step = 2.0 * span / 100.0;
        Rectangle::new(
            [(0.0, v), (1.0, v + step)],
            diverging(v + step / 2.0, span).filled(),
        )
    }))?;
    let (_, h) = area.dim_in_pixel();
    area.draw(&Rectangle::new(
        [(4, h as i32 - 45), (22, h as i32 - 30)],
        RGBColor(225, 225, 225).filled(),
    ))?;
    area.draw(&Text::new("no G1", (4, h as i32 - 22), text(11)))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::diverging;

    #[test]
    fn difference_colours_run_from_worse_through_none_to_better() {
        assert_eq!(diverging(0.0, 5.0), super::NONE);
        assert_eq!(diverging(-5.0, 5.0), super::WORSE);
        assert_eq!(diverging(9.0, 5.0), super::BETTER);
        let half = diverging(2.5, 5.0);
        assert!(half.2 > half.0, "{half:?}");
    }
}
