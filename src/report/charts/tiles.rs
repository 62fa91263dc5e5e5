//! The tile map of a scenario with a geography: each atom a square tile
//! placed on a grid near its centre (or in name order when it has none),
//! coloured by the share of its G1 incidents reached within target (mean
//! over replications), with the response bases marked and counted. A tile
//! map, not a map: tiles keep the places' rough arrangement, not their
//! shapes or sizes, so no boundary data (or network) is needed.
//!
//! The layout (where each atom's tile sits and which bases it holds) is
//! separate from the figures, so `comparison.json` carries it and the
//! comparison's maps ([`super::tiles_compare`]) are drawn from the
//! document alone.

use super::legend::{AxisRange, Corner, LegendPlan, Series, place_legend};
use super::{Drawn, Figure, legend, legend_px, plot_px, text};
use crate::batch::BatchResult;
use crate::metrics::names::GEOGRAPHY_ATOM_WITHIN_TARGET_SHARE;
use crate::scenario::Model;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::colors::colormaps::ViridisRGB;
use serde::{Deserialize, Serialize};

/// Where one atom's tile sits and what it holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TilePlace {
    /// The atom's name.
    pub atom: String,
    /// The name of the area the atom belongs to.
    pub area: String,
    /// Whether every incident in the atom is urban (`Some(true)`), rural
    /// (`Some(false)`), or drawn by its area's urban share (`None`).
    #[serde(default)]
    pub urban: Option<bool>,
    /// Grid cell (column from the west, row from the south), ≥ 0.
    pub cell: (i32, i32),
    /// Names of the bases in the atom (empty: none).
    pub bases: Vec<String>,
}

/// A geography's tile layout: every atom's tile, in the geography's atom
/// order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TileLayout {
    /// Every atom's place on the grid (distinct cells).
    pub atoms: Vec<TilePlace>,
    /// Grid width and height, cells (each ≥ 1).
    pub grid: (i32, i32),
}

/// The tile layout of `model`'s geography, if it has one.
pub fn layout(model: &Model) -> Option<TileLayout> {
    let g = model.geography.as_ref()?;
    let cells = place_on_grid(&g.atoms.iter().map(|a| a.centre_km).collect::<Vec<_>>());
    let atoms: Vec<TilePlace> = g
        .atoms
        .iter()
        .zip(&cells)
        .enumerate()
        .map(|(i, (a, &cell))| TilePlace {
            atom: a.name.clone(),
            area: model.areas[a.area].name.clone(),
            urban: a.urban,
            cell,
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
    Some(TileLayout {
        atoms,
        grid: (width, height),
    })
}

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

impl TileMap {
    /// The tile map of `scenario` laid out by `layout`, each atom's G1
    /// share within target read by `mean` from its metric name (NaN when
    /// the metric is missing or undefined).
    pub fn from_layout(scenario: &str, layout: &TileLayout, mean: impl Fn(&str) -> f64) -> Self {
        TileMap {
            scenario: scenario.to_string(),
            tiles: layout
                .atoms
                .iter()
                .map(|p| Tile {
                    atom: p.atom.clone(),
                    cell: p.cell,
                    g1_within: mean(&GEOGRAPHY_ATOM_WITHIN_TARGET_SHARE.name(&[&p.atom, "g1"])),
                    bases: p.bases.clone(),
                })
                .collect(),
            grid: layout.grid,
        }
    }
}

/// The tile map, if `model` has a geography.
pub fn tile_map(model: &Model, result: &BatchResult) -> Option<TileMap> {
    let layout = layout(model)?;
    let mean = |name: &str| {
        result
            .summary
            .iter()
            .find(|m| m.name == name)
            .map_or(f64::NAN, |m| m.estimate.mean)
    };
    Some(TileMap::from_layout(&model.name, &layout, mean))
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

/// What one tile shows.
#[derive(Clone, Debug)]
pub struct TileFace {
    /// Grid cell (column from the west, row from the south), ≥ 0.
    pub cell: (i32, i32),
    /// The tile's colour; `None`: light grey (no value).
    pub fill: Option<RGBColor>,
    /// Lines of text, top down (the atom's name first).
    pub lines: Vec<String>,
    /// Bases in the atom (a marker and their count when > 0).
    pub bases: usize,
    /// Text in black (on a light fill) rather than white.
    pub dark_text: bool,
    /// Drawn with a heavy black outline (e.g. a clear difference).
    pub outline: bool,
}

/// The label of the bases' marker in a tile map's legend.
pub const BASE_KEY: &str = "response base (count beside it)";

/// The plotted shapes of tiles for legend placement: five lines across
/// each tile, so a legend box over any part of a tile meets one.
fn tile_series(faces: &[TileFace]) -> Vec<Series> {
    faces
        .iter()
        .flat_map(|f| {
            let (x, y) = (f64::from(f.cell.0), f64::from(f.cell.1));
            (0..=4).map(move |k| {
                let yy = y + 0.04 + 0.92 * f64::from(k) / 4.0;
                Series::line([(x + 0.04, yy), (x + 0.96, yy)])
            })
        })
        .collect()
}

/// Draws `faces` on a `grid` (columns, rows) in `area`, under `caption`
/// when given, with the bases' marker explained in a legend placed clear
/// of every tile. Returns the legend's plan (none without bases).
pub fn draw_tiles<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    caption: Option<&str>,
    grid: (i32, i32),
    faces: &[TileFace],
) -> Drawn
where
    DB::ErrorType: 'static,
{
    const MARGIN: u32 = 20;
    const KEY_SIZE: u32 = 13;
    let (gw, gh) = (f64::from(grid.0), f64::from(grid.1));
    let with_bases = faces.iter().any(|f| f.bases > 0);
    let area = match caption {
        Some(c) => area.titled(c, text(15))?,
        None => area.clone(),
    };
    let plan = with_bases.then(|| -> Result<LegendPlan, Box<dyn std::error::Error>> {
        Ok(place_legend(
            &tile_series(faces),
            AxisRange::linear(0.0, gw),
            AxisRange::linear(0.0, gh),
            plot_px(&area, MARGIN, 0, 0)?,
            legend_px(&[BASE_KEY.to_string()], KEY_SIZE),
            &Corner::ALL,
        ))
    });
    let plan = plan.transpose()?;
    let y_hi = plan.as_ref().map_or(gh, |p| p.y_range.hi);
    let mut chart = ChartBuilder::on(&area)
        .margin(MARGIN)
        .build_cartesian_2d(0.0..gw, 0.0..y_hi)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .disable_axes()
        .draw()?;
    for f in faces {
        let (x, y) = (f64::from(f.cell.0), f64::from(f.cell.1));
        let fill = f.fill.unwrap_or(RGBColor(225, 225, 225));
        chart.draw_series(std::iter::once(Rectangle::new(
            [(x + 0.04, y + 0.04), (x + 0.96, y + 0.96)],
            fill.filled(),
        )))?;
        if f.outline {
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x + 0.04, y + 0.04), (x + 0.96, y + 0.96)],
                BLACK.stroke_width(3),
            )))?;
        }
        let colour = if f.dark_text { BLACK } else { WHITE };
        // A name wider than the tile goes onto more lines, word by word.
        let spec = chart.as_coord_spec();
        let room = (spec.translate(&(x + 0.92, y)).0 - spec.translate(&(x + 0.08, y)).0).max(0);
        let style = text(13);
        let fits = |s: &str| {
            area.estimate_text_size(s, &style)
                .map_or(true, |(w, _)| i64::from(w) <= i64::from(room))
        };
        let lines: Vec<String> = f.lines.iter().flat_map(|l| wrap_words(l, fits)).collect();
        for (i, line) in lines.into_iter().enumerate() {
            chart.draw_series(std::iter::once(Text::new(
                line,
                (x + 0.08, y + 0.88 - 0.14 * i as f64),
                style.color(&colour),
            )))?;
        }
        if f.bases > 0 {
            chart.draw_series(std::iter::once(Text::new(
                format!("{} base{}", f.bases, if f.bases == 1 { "" } else { "s" }),
                (x + 0.58, y + 0.23),
                text(12).color(&colour),
            )))?;
        }
    }
    let Some(plan) = plan else {
        return Ok(Vec::new());
    };
    chart
        .draw_series(faces.iter().filter(|f| f.bases > 0).map(|f| {
            TriangleMarker::new(
                (f64::from(f.cell.0) + 0.5, f64::from(f.cell.1) + 0.2),
                10,
                ShapeStyle::from(&RED).filled(),
            )
        }))?
        .label(BASE_KEY)
        .legend(|(x, y)| TriangleMarker::new((x + 12, y), 7, ShapeStyle::from(&RED).filled()));
    legend(&mut chart, plan.corner, KEY_SIZE)?;
    Ok(vec![plan])
}

/// `line` split into as few lines as keep each one `fits`, breaking only
/// between words (a single word too long stays whole).
fn wrap_words(line: &str, fits: impl Fn(&str) -> bool) -> Vec<String> {
    if fits(line) {
        return vec![line.to_string()];
    }
    let mut out: Vec<String> = Vec::new();
    for word in line.split_whitespace() {
        match out.last_mut() {
            Some(last) if fits(&format!("{last} {word}")) => {
                last.push(' ');
                last.push_str(word);
            }
            _ => out.push(word.to_string()),
        }
    }
    out
}

/// A tile's colour for a share within target (0–1), on the viridis scale
/// of the colour bar; `None` when not finite.
pub fn share_fill(share: f64) -> Option<RGBColor> {
    share
        .is_finite()
        .then(|| ViridisRGB.get_color(share.clamp(0.0, 1.0) as f32))
}

/// The face of a tile showing a G1 share within target.
fn share_face(t: &Tile) -> TileFace {
    let value = if t.g1_within.is_finite() {
        format!("{:.1} %", 100.0 * t.g1_within)
    } else {
        "no G1".into()
    };
    TileFace {
        cell: t.cell,
        fill: share_fill(t.g1_within),
        lines: vec![t.atom.replace('_', " "), value],
        bases: t.bases.len(),
        dark_text: t.g1_within.is_finite() && t.g1_within > 0.6,
        outline: false,
    }
}

impl TileMap {
    /// Every tile's face, coloured by its G1 share within target.
    pub fn faces(&self) -> Vec<TileFace> {
        self.tiles.iter().map(share_face).collect()
    }
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
        let plans = draw_tiles(&map, None, self.grid, &self.faces())?;
        // The colour bar beside the map is the colours' key.
        super::hourly::draw_colour_bar(&bar, "G1 within target", "no G1")?;
        Ok(plans)
    }
}

#[cfg(test)]
mod tests {
    use super::{place_on_grid, wrap_words};

    /// A place's name wider than its tile is drawn on two lines, broken
    /// between words ("staffordshire moorlands" ran off the tile's edge).
    #[test]
    fn names_too_wide_for_a_tile_wrap_between_words() {
        let fits = |s: &str| s.chars().count() <= 14;
        assert_eq!(wrap_words("stafford", fits), ["stafford"]);
        assert_eq!(
            wrap_words("staffordshire moorlands", fits),
            ["staffordshire", "moorlands"]
        );
        assert_eq!(
            wrap_words("newcastle under lyme", fits),
            ["newcastle", "under lyme"]
        );
        assert_eq!(wrap_words("stoke on trent", fits), ["stoke on trent"]);
        // One word too long stays whole rather than vanish.
        assert_eq!(
            wrap_words("aaaaaaaaaaaaaaaaaa b", fits),
            ["aaaaaaaaaaaaaaaaaa", "b"]
        );
    }

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
