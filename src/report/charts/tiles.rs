//! The tile map of a scenario with a geography: each atom a square tile
//! placed on a grid near its centre (or in name order when it has none),
//! coloured by the share of its G1 incidents reached within target (mean
//! over replications), with the response bases marked and counted. A tile
//! map, not a map: tiles keep the places' rough arrangement, not their
//! shapes or sizes, so no boundary data (or network) is needed.

use super::{Drawn, Figure, text};
use crate::batch::BatchResult;
use crate::metrics::names::GEOGRAPHY_ATOM_WITHIN_TARGET_SHARE;
use crate::scenario::Model;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::colors::colormaps::ViridisRGB;

/// One atom's tile.
#[derive(Clone, Debug)]
pub struct Tile {
    /// The atom's name.
    pub atom: String,
    /// Grid cell (column from the west, row from the south), ≥ 0.
    pub cell: (i32, i32),
    /// Mean share of G1 incidents within target (NaN when none attended).
    pub g1_within: f64,
    /// Names of the bases in the atom.
    pub bases: Vec<String>,
}

/// The tile map of a run.
#[derive(Clone, Debug)]
pub struct TileMap {
    /// Scenario name, for the title.
    pub scenario: String,
    /// Every atom's tile.
    pub tiles: Vec<Tile>,
    /// Grid width and height, cells.
    pub grid: (i32, i32),
}

/// The tile map, if `model` has a geography.
pub fn tile_map(model: &Model, result: &BatchResult) -> Option<TileMap> {
    let g = model.geography.as_ref()?;
    let mean = |name: &str| {
        result
            .summary
            .iter()
            .find(|m| m.name == name)
            .map_or(f64::NAN, |m| m.estimate.mean)
    };
    let cells = place_on_grid(&g.atoms.iter().map(|a| a.centre_km).collect::<Vec<_>>());
    let tiles: Vec<Tile> = g
        .atoms
        .iter()
        .zip(&cells)
        .enumerate()
        .map(|(i, (a, &cell))| Tile {
            atom: a.name.clone(),
            cell,
            g1_within: mean(&GEOGRAPHY_ATOM_WITHIN_TARGET_SHARE.name(&[&a.name, "g1"])),
            bases: g
                .bases
                .iter()
                .filter(|b| b.atom == i)
                .map(|b| b.name.clone())
                .collect(),
        })
        .collect();
    let width = cells.iter().map(|c| c.0).max().unwrap_or(0) + 1;
    let height = cells.iter().map(|c| c.1).max().unwrap_or(0) + 1;
    Some(TileMap {
        scenario: model.name.clone(),
        tiles,
        grid: (width, height),
    })
}

/// Grid cells for places with optional centres: a k × k grid (k = ⌈√n⌉ + 1)
/// over the centres' extent, each place in its cell or, when that is taken,
/// the nearest free one (in order); places without a centre fill the next
/// free cells row by row.
pub fn place_on_grid(centres: &[Option<(f64, f64)>]) -> Vec<(i32, i32)> {
    let n = centres.len();
    let k = ((n as f64).sqrt().ceil() as i32 + 1).max(1);
    let known: Vec<(f64, f64)> = centres.iter().flatten().copied().collect();
    let span = |f: fn(&(f64, f64)) -> f64| {
        let lo = known.iter().map(f).fold(f64::INFINITY, f64::min);
        let hi = known.iter().map(f).fold(f64::NEG_INFINITY, f64::max);
        (lo, (hi - lo).max(1e-9))
    };
    let ((x0, xs), (y0, ys)) = (span(|c| c.0), span(|c| c.1));
    let mut taken: Vec<(i32, i32)> = Vec::with_capacity(n);
    let mut out = Vec::with_capacity(n);
    let all: Vec<(i32, i32)> = (0..k).flat_map(|r| (0..k).map(move |c| (c, r))).collect();
    for centre in centres {
        let want = match centre {
            Some((x, y)) => (
                ((x - x0) / xs * f64::from(k - 1)).round() as i32,
                ((y - y0) / ys * f64::from(k - 1)).round() as i32,
            ),
            None => (0, k - 1),
        };
        let cell = all
            .iter()
            .filter(|c| !taken.contains(c))
            .min_by_key(|c| ((c.0 - want.0).pow(2) + (c.1 - want.1).pow(2), -c.1, c.0))
            .copied()
            .unwrap_or(want);
        taken.push(cell);
        out.push(cell);
    }
    out
}

impl Figure for TileMap {
    fn stem(&self) -> String {
        "geography_tiles_g1".into()
    }

    fn title(&self) -> String {
        format!(
            "G1 incidents within target by place (tiles), bases marked ▲ — {}",
            self.scenario
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
        let (map, bar) = area.split_horizontally(w.saturating_sub(120));
        let (gw, gh) = self.grid;
        let mut chart = ChartBuilder::on(&map)
            .margin(20)
            .build_cartesian_2d(0.0..f64::from(gw), 0.0..f64::from(gh))?;
        chart
            .configure_mesh()
            .disable_mesh()
            .disable_axes()
            .draw()?;
        for t in &self.tiles {
            let (x, y) = (f64::from(t.cell.0), f64::from(t.cell.1));
            let fill = if t.g1_within.is_finite() {
                ViridisRGB
                    .get_color(t.g1_within.clamp(0.0, 1.0) as f32)
                    .filled()
            } else {
                RGBColor(225, 225, 225).filled()
            };
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x + 0.04, y + 0.04), (x + 0.96, y + 0.96)],
                fill,
            )))?;
            let label_colour = if t.g1_within.is_finite() && t.g1_within > 0.6 {
                BLACK
            } else {
                WHITE
            };
            let value = if t.g1_within.is_finite() {
                format!("{:.1} %", 100.0 * t.g1_within)
            } else {
                "no G1".into()
            };
            let name: String = t.atom.replace('_', " ");
            for (i, line) in [name, value].iter().enumerate() {
                chart.draw_series(std::iter::once(Text::new(
                    line.clone(),
                    (x + 0.08, y + 0.88 - 0.14 * i as f64),
                    text(13).color(&label_colour),
                )))?;
            }
            if !t.bases.is_empty() {
                chart.draw_series(std::iter::once(TriangleMarker::new(
                    (x + 0.5, y + 0.3),
                    10,
                    ShapeStyle::from(&RED).filled(),
                )))?;
                chart.draw_series(std::iter::once(Text::new(
                    format!(
                        "{} base{}",
                        t.bases.len(),
                        if t.bases.len() == 1 { "" } else { "s" }
                    ),
                    (x + 0.58, y + 0.33),
                    text(12).color(&label_colour),
                )))?;
            }
        }
        // The colour bar beside the map is its key; no legend box is drawn.
        super::hourly::draw_colour_bar(&bar, "G1 within target", "no G1")?;
        Ok(Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::place_on_grid;

    #[test]
    fn places_get_distinct_cells_near_their_centres() {
        // Two places 3 km apart share a cell's worth of space: the second
        // takes the nearest free cell; a place without a centre still gets one.
        let centres = [
            Some((388.0, 347.0)),
            Some((385.0, 346.0)),
            Some((424.0, 323.0)),
            Some((398.0, 310.0)),
            None,
        ];
        let cells = place_on_grid(&centres);
        for (i, a) in cells.iter().enumerate() {
            for b in &cells[i + 1..] {
                assert_ne!(a, b, "{cells:?}");
            }
        }
        // East stays east of the north-west pair; south stays south.
        assert!(
            cells[2].0 > cells[0].0 && cells[3].1 < cells[0].1,
            "{cells:?}"
        );
    }
}
