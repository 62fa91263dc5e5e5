//! Charts drawn with plotters, as SVG (for the report and papers) and PNG
//! (for slides and email), from report data only: a [`BatchResult`], the
//! validated model, or the comparison and sweep documents. Nothing here
//! simulates.
//!
//! Every chart has a title naming the scenario, axes labelled with their
//! units and a legend (or a colour bar). Text is drawn with an embedded
//! font (DejaVu Sans, `assets/fonts/`), so charts render the same on a
//! machine with no fonts installed.
//!
//! [`BatchResult`]: crate::batch::BatchResult

pub mod backlog;
pub mod comparison;
pub mod hourly;
pub mod legend;
pub mod response;
pub mod sweep;
pub mod tiles;
pub mod tiles_compare;
pub mod time_shares;

use super::documents::{ComparisonDoc, SweepDoc};
use super::write::atomic_write;
use crate::batch::BatchResult;
use crate::scenario::Model;
use legend::{Corner, LegendPlan};
use plotters::coord::{CoordTranslate, Shift};
use plotters::prelude::*;
use std::error::Error;
use std::path::Path;
use std::sync::Once;

/// The font family every chart uses; registered from the embedded file.
pub const FONT: &str = "sans-serif";

/// DejaVu Sans (Bitstream Vera licence, `assets/fonts/LICENSE-DejaVu.txt`).
static FONT_BYTES: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

/// Colour-blind-safe categorical colours (Okabe and Ito, 2008).
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(120, 120, 120),
    RGBColor(240, 228, 66),
];

/// The `i`-th categorical colour (cycling).
pub fn colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// Result of drawing onto a backend.
pub type DrawResult = Result<(), Box<dyn Error>>;

/// Result of drawing a figure: where each of its legends went (one plan
/// per panel with a legend; empty for a chart without one).
pub type Drawn = Result<Vec<LegendPlan>, Box<dyn Error>>;

/// A chart that can draw itself on any plotters backend.
pub trait Figure {
    /// File name without extension, e.g. `response_cdf_g1`.
    fn stem(&self) -> String;
    /// Title drawn at the top (includes the scenario name).
    fn title(&self) -> String;
    /// Size in pixels (SVG user units).
    fn size(&self) -> (u32, u32) {
        (960, 540)
    }
    /// Draws the chart below its title, returning where its legends went.
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn
    where
        DB::ErrorType: 'static;
}

/// A drawn chart in both formats.
#[derive(Clone, Debug)]
pub struct Chart {
    /// File name without extension, e.g. `response_cdf_g1`.
    pub stem: String,
    /// The title drawn at the top.
    pub title: String,
    /// The chart as an SVG document.
    pub svg: String,
    /// The chart as a PNG file (RGB, 8 bits per channel).
    pub png: Vec<u8>,
    /// Where each legend went, with the plotted data it was placed
    /// against (one per panel with a legend), as drawn in the PNG.
    pub legends: Vec<LegendPlan>,
}

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
#[error("cannot draw chart `{stem}`: {message}")]
pub struct ChartError {
    /// The chart's file name without extension.
    pub stem: String,
    /// What went wrong, from the drawing backend.
    pub message: String,
}

fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The embedded file is a valid TrueType font; a failure here would
        // surface as a FontUnavailable error when drawing, not a panic.
        for style in [FontStyle::Normal, FontStyle::Bold] {
            let _ = plotters::style::register_font(FONT, style, FONT_BYTES);
        }
    });
}

fn draw_with_title<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, fig: &impl Figure) -> Drawn
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE)?;
    let title = fig.title();
    // Long titles (long scenario or parameter names) get a smaller font so
    // that they fit the width.
    let (w, _) = root.dim_in_pixel();
    let size = (f64::from(w) * 1.7 / title.chars().count().max(1) as f64).clamp(12.0, 22.0);
    let area = root.titled(&title, (FONT, size))?;
    let legends = fig.draw(&area)?;
    root.present()?;
    Ok(legends)
}

/// Draws `fig` as SVG and as PNG.
pub fn render(fig: &impl Figure) -> Result<Chart, ChartError> {
    register_font();
    let stem = fig.stem();
    let fail = |e: Box<dyn Error>| ChartError {
        stem: stem.clone(),
        message: e.to_string(),
    };
    let (w, h) = fig.size();
    let mut svg = String::new();
    draw_with_title(
        &SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area(),
        fig,
    )
    .map_err(fail)?;
    let mut pixels = vec![0_u8; (w as usize) * (h as usize) * 3];
    let legends = draw_with_title(
        &BitMapBackend::with_buffer(&mut pixels, (w, h)).into_drawing_area(),
        fig,
    )
    .map_err(fail)?;
    let png = encode_png(&pixels, w, h).map_err(|e| fail(e.into()))?;
    Ok(Chart {
        stem,
        title: fig.title(),
        svg,
        png,
        legends,
    })
}

fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, png::EncodingError> {
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        // Charts are mostly flat colour: the best deflate level with a
        // per-row adaptive filter makes them about a sixth of the size
        // of the default (fast) encoding, for the same pixels.
        encoder.set_compression(png::Compression::Best);
        encoder.set_adaptive_filter(png::AdaptiveFilterType::Adaptive);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(rgb)?;
    }
    Ok(bytes)
}

/// Renders each figure, collecting the charts (first error wins).
pub fn render_all<F: Figure>(figs: &[F]) -> Result<Vec<Chart>, ChartError> {
    figs.iter().map(render).collect()
}

/// Every chart of a run: response CDFs by grade, the tile map of G1 within
/// target by place (with a geography), demand against capacity by team,
/// people on duty against minimum staffing and demand by rostered team,
/// the utilisation heat map, where the hours go (teams with a time
/// budget) and investigation backlogs.
pub fn for_run(model: &Model, result: &BatchResult) -> Result<Vec<Chart>, ChartError> {
    let name = model.name.as_str();
    let mut charts = render_all(&response::response_cdfs(model, result))?;
    if let Some(t) = tiles::tile_map(model, result) {
        charts.push(render(&t)?);
    }
    if let Some(h) = hourly::utilisation_heatmap(name, result) {
        charts.push(render(&h)?);
    }
    charts.extend(render_all(&hourly::demand_capacity(name, result))?);
    charts.extend(render_all(&hourly::roster_charts(model, result))?);
    if let Some(w) = time_shares::where_hours_go(model, result) {
        charts.push(render(&w)?);
    }
    let horizon_days = model.days.len() as f64;
    if let Some(b) = backlog::backlogs(name, horizon_days, result) {
        charts.push(render(&b)?);
    }
    // No cost-against-outcome chart for one run: with a single scenario
    // it is one dot per panel, which shows nothing the summary's cost and
    // outcome rows do not (compare and sweep draw it, with a dot per option).
    Ok(charts)
}

/// Every chart of a comparison: each scenario's metrics, the paired
/// differences, cost against outcome (with costs) and, with a geography,
/// the scenarios' tile maps side by side and each alternative's map of
/// its paired difference in G1 within target by place.
pub fn for_comparison(doc: &ComparisonDoc) -> Result<Vec<Chart>, ChartError> {
    let metrics = comparison::chart_metric_names(&doc.scenarios[0].metrics);
    let mut charts = vec![
        render(&comparison::ScenarioMetrics {
            doc: doc.clone(),
            metrics: metrics.clone(),
        })?,
        render(&comparison::PairedDifferences {
            doc: doc.clone(),
            metrics,
        })?,
    ];
    if let Some(cost) = comparison::cost_outcome(doc) {
        charts.push(render(&cost)?);
    }
    if let Some(maps) = tiles_compare::comparison_tiles(doc) {
        charts.push(render(&maps)?);
    }
    charts.extend(render_all(&tiles_compare::difference_tiles(doc))?);
    Ok(charts)
}

/// Every chart of a sweep.
pub fn for_sweep(doc: &SweepDoc) -> Result<Vec<Chart>, ChartError> {
    let mut charts = render_all(&sweep::sweep_charts(doc))?;
    if let Some(cost) = sweep::sweep_cost(doc) {
        charts.push(render(&cost)?);
    }
    Ok(charts)
}

/// Writes each chart as `DIR/NAME.svg` and `DIR/NAME.png` (atomically),
/// then removes the other `.svg` and `.png` files in `DIR` (charts of an
/// earlier run that this one does not draw), so `DIR` holds this run's
/// charts only.
pub fn write(dir: &Path, charts: &[Chart]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut drawn = std::collections::BTreeSet::new();
    for c in charts {
        for (name, bytes) in [
            (format!("{}.svg", c.stem), c.svg.as_bytes()),
            (format!("{}.png", c.stem), c.png.as_slice()),
        ] {
            atomic_write(&dir.join(&name), bytes)?;
            drawn.insert(std::ffi::OsString::from(name));
        }
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let stale = crate::report::outputs::is_chart_file(&path)
            && path.file_name().is_some_and(|n| !drawn.contains(n));
        if stale {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}

/// Draws a chart's legend (its series labels) in `corner`, in the common
/// style: a light box with text of `size` points. Its size is
/// [`legend_px`] of the same labels and size.
pub fn legend<'a, DB: DrawingBackend + 'a, CT: CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    corner: Corner,
    size: u32,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    chart
        .configure_series_labels()
        .position(corner.position())
        .margin(LEGEND_MARGIN_PX)
        .legend_area_size(LEGEND_KEY_PX)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.3))
        .label_font(text(size))
        .draw()?;
    Ok(())
}

/// Pixels of padding inside the legend box, on every side.
pub const LEGEND_MARGIN_PX: u32 = 10;

/// Pixels of the legend's key (the line or marker before each label).
pub const LEGEND_KEY_PX: u32 = 30;

/// The size in pixels (width, height) of a legend with these labels in
/// text of `size` points, as [`legend()`] draws it: the text block, the
/// keys and the padding.
pub fn legend_px(labels: &[String], size: u32) -> (u32, u32) {
    register_font();
    let font = text(size);
    let mut block = MultiLineText::<(i32, i32), &str>::new((0, 0), &font);
    for l in labels {
        block.push_line(l.as_str());
    }
    let (w, h) = block.estimate_dimension().unwrap_or((
        labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) as i32 * size as i32,
        labels.len() as i32 * size as i32 * 5 / 4,
    ));
    (
        w.max(0) as u32 + LEGEND_KEY_PX + 2 * LEGEND_MARGIN_PX,
        h.max(0) as u32 + 2 * LEGEND_MARGIN_PX,
    )
}

/// The plot area's size in pixels (width, height) of a chart built on
/// `area` with this margin and these label areas (no caption): what
/// [`legend::place_legend`] needs before the y range is fixed.
pub fn plot_px<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    margin: u32,
    x_label_area: u32,
    y_label_area: u32,
) -> Result<(u32, u32), Box<dyn Error>>
where
    DB::ErrorType: 'static,
{
    let chart = ChartBuilder::on(area)
        .margin(margin)
        .x_label_area_size(x_label_area)
        .y_label_area_size(y_label_area)
        .build_cartesian_2d(0.0..1.0, 0.0..1.0)?;
    Ok(chart.plotting_area().dim_in_pixel())
}

/// A text style in the chart font.
pub fn text(size: u32) -> TextStyle<'static> {
    (FONT, size).into_font().into()
}

/// `(min, max)` of the finite values, padded by `pad` of the range (or by
/// 1 when the range is empty); `(0, 1)` when there are none.
pub fn padded_range(values: impl IntoIterator<Item = f64>, pad: f64) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.into_iter().filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let span = hi - lo;
    if span <= 0.0 {
        let d = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        return (lo - d, hi + d);
    }
    (lo - pad * span, hi + pad * span)
}

/// An axis tick: whole numbers without decimals, others with one to two.
pub fn tick(x: &f64) -> String {
    let r = x.round();
    if (x - r).abs() < 1e-9 * x.abs().max(1.0) {
        format!("{r:.0}")
    } else if x.abs() >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

/// Decimals that tell apart ticks on an axis spanning `lo..hi` (about ten
/// ticks).
pub fn decimals_for(lo: f64, hi: f64) -> usize {
    let step = (hi - lo).abs() / 10.0;
    if !(step.is_finite() && step > 0.0) {
        return 2;
    }
    (-step.log10().floor()).clamp(0.0, 6.0) as usize
}

/// Formats a value of a metric for an axis or label, by unit (as the
/// terminal table does, with pounds shortened).
pub fn format_value(unit: &str, x: f64) -> String {
    if unit == "£" {
        format_money(x)
    } else {
        super::table::format_value(unit, x)
    }
}

/// Pounds, in thousands or millions where that reads better.
pub fn format_money(x: f64) -> String {
    let sign = if x < 0.0 { "−" } else { "" };
    let a = x.abs();
    if a >= 1.0e6 {
        format!("{sign}£{:.2} m", a / 1.0e6)
    } else if a >= 1.0e3 {
        format!("{sign}£{:.0} k", a / 1.0e3)
    } else {
        format!("{sign}£{a:.0}")
    }
}

/// Axis label for a metric: its name and unit.
pub fn axis_label(metric: &str, unit: &str) -> String {
    match unit {
        "share" => format!("{metric} (%)"),
        "" | "count" => metric.to_string(),
        u => format!("{metric} ({u})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Square;
    impl Figure for Square {
        fn stem(&self) -> String {
            "square".into()
        }
        fn title(&self) -> String {
            "A square — test".into()
        }
        fn size(&self) -> (u32, u32) {
            (200, 120)
        }
        fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn
        where
            DB::ErrorType: 'static,
        {
            let mut chart = ChartBuilder::on(area)
                .x_label_area_size(30)
                .y_label_area_size(30)
                .build_cartesian_2d(0.0..1.0, 0.0..1.0)?;
            chart.configure_mesh().x_desc("x (min)").draw()?;
            Ok(vec![])
        }
    }

    #[test]
    fn renders_svg_with_text_and_a_valid_png() {
        let chart = render(&Square).unwrap();
        assert!(chart.svg.starts_with("<svg"));
        assert!(chart.svg.contains("A square — test"));
        assert!(chart.svg.contains("x (min)"));
        assert_eq!(&chart.png[..8], b"\x89PNG\r\n\x1a\n");
        let decoder = png::Decoder::new(std::io::Cursor::new(&chart.png));
        let reader = decoder.read_info().unwrap();
        assert_eq!((reader.info().width, reader.info().height), (200, 120));
    }

    #[test]
    fn the_legend_size_and_plot_size_match_what_plotters_draws() {
        // plot_px predicts the plotting area of a chart built the same way.
        let mut svg = String::new();
        let area = SVGBackend::with_string(&mut svg, (640, 400)).into_drawing_area();
        assert_eq!(
            plot_px(&area, 12, 45, 60).unwrap(),
            (640 - 24 - 60, 400 - 24 - 45)
        );
        // A longer label or one more line makes a bigger legend.
        let one = legend_px(&["units busy".to_string()], 13);
        let longer = legend_px(&["units busy after abstraction".to_string()], 13);
        let two = legend_px(&["units busy".to_string(), "units".to_string()], 13);
        assert!(longer.0 > one.0 && longer.1 == one.1);
        assert!(two.1 > one.1 && two.0 == one.0);
        assert!(one.0 > LEGEND_KEY_PX + 2 * LEGEND_MARGIN_PX);
    }

    #[test]
    fn ranges_and_formats() {
        assert_eq!(padded_range([1.0, 3.0], 0.5), (0.0, 4.0));
        assert_eq!(padded_range([f64::NAN], 0.1), (0.0, 1.0));
        assert_eq!(padded_range([2.0], 0.1), (1.8, 2.2));
        assert_eq!(format_value("share", 0.789), "78.9 %");
        assert_eq!(format_money(9_300_000.0), "£9.30 m");
        assert_eq!(format_money(-1_500_000.0), "−£1.50 m");
    }
}
