//! Charts: every chart of a small run, comparison and sweep is a valid,
//! non-empty SVG and PNG, titled with the scenario, with its axis labels
//! (units) and legend as text, and its PNG has text drawn in the title band
//! (the embedded font works with no system fonts).

use crate::common::model_from;
use forcesim::batch::{self, BatchOptions};
use forcesim::compare::paired_differences;
use forcesim::report::charts::{self, Chart};
use forcesim::report::documents::{ComparisonDoc, ScenarioSummary, SweepDoc, estimates};
use forcesim::sweep::{Axis, Target};

/// The default force over four weeks (enough for every chart to have data).
fn short_default(extra: &str) -> forcesim::scenario::Model {
    model_from(&format!(
        "extends = \"staffordshire-2018.toml\"\nhorizon_days = 28\n{extra}"
    ))
    .expect("valid scenario")
}

fn batch(model: &forcesim::scenario::Model) -> batch::BatchResult {
    let options = BatchOptions {
        seed: 5,
        replications: 3,
        threads: None,
    };
    batch::run(model, options, &|| {}).unwrap()
}

/// Decodes a PNG, returning (width, height, RGB pixels).
fn decode(png_bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().expect("PNG header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("PNG data");
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

/// Checks the formats and returns the SVG text.
pub(crate) fn check_chart(c: &Chart, expected_text: &[&str]) {
    assert!(c.svg.contains("<svg"), "{}: not an SVG", c.stem);
    assert!(
        c.svg.trim_end().ends_with("</svg>"),
        "{}: unterminated SVG",
        c.stem
    );
    let title = c
        .title
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    assert!(
        c.svg.contains(&title),
        "{}: SVG lacks its title `{}`",
        c.stem,
        c.title
    );
    for t in expected_text {
        let escaped = t
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        assert!(c.svg.contains(&escaped), "{}: SVG lacks `{t}`", c.stem);
    }
    let (w, h, rgb) = decode(&c.png);
    assert!(w >= 400 && h >= 300, "{}: PNG is {w}×{h}", c.stem);
    // Text in the title band (top 30 px): dark pixels exist there only if
    // the embedded font rendered the title.
    let dark_in_title = rgb[..(w as usize * 30 * 3)]
        .chunks(3)
        .filter(|p| p.iter().all(|v| *v < 100))
        .count();
    assert!(
        dark_in_title > 200,
        "{}: no title text in the PNG ({dark_in_title} dark pixels)",
        c.stem
    );
    // Something besides white in the plot.
    let non_white = rgb.chunks(3).filter(|p| p.iter().any(|v| *v < 250)).count();
    assert!(
        non_white > (w * h / 50) as usize,
        "{}: PNG nearly blank",
        c.stem
    );
}

/// Checks, independently of the placement code, that every legend box a
/// chart drew covers none of the data it was placed against: no plotted
/// point inside it and no line between two points crossing it. Returns
/// how many legends were checked.
pub(crate) fn check_legends(charts: &[Chart]) -> usize {
    let mut checked = 0;
    for c in charts {
        for plan in &c.legends {
            let r = plan.rect;
            assert!(
                r.x0 >= 0.0 && r.x1 <= 1.0 && r.y0 >= 0.0 && r.y1 <= 1.0 && r.x0 < r.x1,
                "{}: legend box {r:?} is not inside the plot",
                c.stem
            );
            let points = plan.series.iter().map(|s| s.points.len()).sum::<usize>();
            assert!(points > 0, "{}: legend placed against no data", c.stem);
            for s in &plan.series {
                for p in &s.points {
                    assert!(
                        !(p.0 >= r.x0 && p.0 <= r.x1 && p.1 >= r.y0 && p.1 <= r.y1),
                        "{}: legend {:?} at {r:?} covers the point {p:?}",
                        c.stem,
                        plan.corner
                    );
                }
                if s.joined {
                    for w in s.points.windows(2) {
                        // Sample the segment finely: a crossing shows as a
                        // sample inside the box.
                        for k in 0..=200 {
                            let t = f64::from(k) / 200.0;
                            let q = (
                                w[0].0 + t * (w[1].0 - w[0].0),
                                w[0].1 + t * (w[1].1 - w[0].1),
                            );
                            assert!(
                                !(q.0 > r.x0 && q.0 < r.x1 && q.1 > r.y0 && q.1 < r.y1),
                                "{}: legend at {r:?} is crossed by the line {:?}–{:?}",
                                c.stem,
                                w[0],
                                w[1]
                            );
                        }
                    }
                }
            }
            checked += 1;
        }
    }
    checked
}

fn find<'a>(charts: &'a [Chart], stem: &str) -> &'a Chart {
    charts.iter().find(|c| c.stem == stem).unwrap_or_else(|| {
        panic!(
            "no chart {stem}; have {:?}",
            charts.iter().map(|c| &c.stem).collect::<Vec<_>>()
        )
    })
}

#[test]
fn every_run_chart_is_valid_and_labelled() {
    let model = short_default("");
    let result = batch(&model);
    let charts = charts::for_run(&model, &result).unwrap();
    for c in &charts {
        assert!(
            c.title.contains("staffordshire-2018"),
            "{}: title lacks the scenario",
            c.stem
        );
    }
    for g in ["g1", "g2", "g3"] {
        check_chart(
            find(&charts, &format!("response_cdf_{g}")),
            &[
                "time from call to arrival (minutes)",
                "incidents attended within (%)",
                "urban target",
                "within target:",
            ],
        );
    }
    check_chart(
        find(&charts, "response_cdf_g1"),
        &["rural target: 20 min", "urban target: 15 min"],
    );
    for team in ["contact_centre", "response_north", "resolution_centre"] {
        check_chart(
            find(&charts, &format!("demand_capacity_{team}")),
            &[
                "hour of the week",
                "units (people or crews)",
                "units on duty (after abstraction)",
                "work offered",
                "Mon",
                "Sun",
            ],
        );
    }
    // A chart per team whose duty comes from its rota: people on duty and
    // available against the work offered, in people.
    for team in [
        "response_north",
        "response_south",
        "response_east",
        "neighbourhood_north",
        "pcso",
    ] {
        check_chart(
            find(&charts, &format!("roster_{team}")),
            &[
                "hour of the week",
                "people",
                "people on duty (after abstraction, escalation, backfill and overtime)",
                "people available (rostered less abstraction, before escalation)",
                "Mon",
                "Sun",
            ],
        );
    }
    check_chart(
        find(&charts, "roster_response_north"),
        &["work offered in people (arrivals × unit-hours per job × people per unit)"],
    );
    // No roster chart for a team without a rota or a minimum.
    assert!(
        charts.iter().all(|c| c.stem != "roster_contact_centre"),
        "the contact centre's hand-typed shifts have no roster chart"
    );
    let heat = find(&charts, "utilisation_heatmap");
    check_chart(
        heat,
        &[
            "hour of day",
            "utilisation",
            "no one on duty",
            "response_south",
            "Mon",
        ],
    );
    // Every time share of the default's response teams, in one chart.
    check_chart(
        find(&charts, "where_the_hours_go"),
        &[
            "Where the hours go",
            "share of on-duty unit-hours (%)",
            "response_north",
            "response_east",
            "on scene",
            "custody (after arrest)",
            "statements, records, files",
            "mental-health handover wait",
            "refreshment breaks",
            "available, not committed",
            "committed",
        ],
    );
    check_chart(
        find(&charts, "investigation_backlog"),
        &[
            "day of the run",
            "open investigations",
            "95 % CI across replications",
            "volume_crime",
            "rasso",
        ],
    );
}

#[test]
fn multi_year_backlog_marks_the_years() {
    let model = model_from("extends = \"staffordshire-2018.toml\"\nhorizon_days = 760\n").unwrap();
    let options = BatchOptions {
        seed: 1,
        replications: 2,
        threads: None,
    };
    let result = batch::run(&model, options, &|| {}).unwrap();
    let charts = charts::for_run(&model, &result).unwrap();
    check_chart(
        find(&charts, "investigation_backlog"),
        &["year 2", "year 3"],
    );
}

#[test]
fn comparison_and_sweep_charts_are_valid_and_labelled() {
    let base = short_default("");
    let fewer = short_default(
        "name = \"fewer-nights\"\n[teams.response_north]\nheadcount_by_role = { constable = 135, sergeant = 15 }\n",
    );
    let (a, b) = (batch(&base), batch(&fewer));
    let rows = paired_differences(&a, &b, &fewer.name);
    let summary = |m: &forcesim::scenario::Model, r| ScenarioSummary {
        name: m.name.clone(),
        source: "test".into(),
        metrics: estimates(r),
        geography: None,
    };
    let doc = ComparisonDoc::new(5, 3, vec![summary(&base, &a), summary(&fewer, &b)], &rows);
    // The document round-trips through JSON (what `forcesim plot` reads).
    let doc: ComparisonDoc = serde_json::from_str(&serde_json::to_string(&doc).unwrap()).unwrap();
    let charts = charts::for_comparison(&doc).unwrap();
    let metrics = find(&charts, "comparison_metrics");
    check_chart(
        metrics,
        &[
            "response.g1.within_target_share",
            "fewer-nights",
            "staffordshire-2018",
        ],
    );
    check_chart(
        find(&charts, "comparison_differences"),
        &[
            "percentage points (pts) for shares, % of the base mean otherwise",
            "difference clear",
            "response.g1.response_time_mean_min (% of base, lower is better)",
            "response.g1.within_target_share (pts, higher is better)",
        ],
    );

    // The shipped scenarios have costs: cost against outcome, per scenario.
    check_chart(
        find(&charts, "cost_vs_outcome"),
        &[
            "cost a year (£ million)",
            "response.g1.within_target_share",
            "fewer-nights",
        ],
    );

    let axes = vec![Axis {
        key: "teams.response_north.shifts[2].staff".into(),
        values: vec!["20".into(), "40".into()],
    }];
    let points: Vec<Vec<(String, String)>> = axes[0]
        .values
        .iter()
        .map(|v| vec![(axes[0].key.clone(), v.clone())])
        .collect();
    let target = Target {
        metric: "response.g1.within_target_share".into(),
        at_least: true,
        threshold: 0.5,
    };
    let shown = vec![target.metric.clone()];
    let sweep = SweepDoc::new(
        "staffordshire-2018",
        5,
        3,
        &axes,
        Some(&target),
        &shown,
        &points,
        &[b, a],
    );
    let charts = charts::for_sweep(&sweep).unwrap();
    let curve = find(&charts, "sweep_response_g1_within_target_share");
    assert_eq!(curve.legends.len(), 1, "the sweep curve has a legend");
    check_legends(&charts);
    check_chart(
        curve,
        &[
            "teams.response_north.shifts[2].staff",
            "target: ≥ 50.0 %",
            "95 % CI",
            "smallest value meeting the target: 20",
        ],
    );

    let mut two = sweep.clone();
    two.axes.push(forcesim::report::documents::SweepAxis {
        key: "teams.response_south.shifts[2].staff".into(),
        values: vec!["34".into()],
    });
    for p in &mut two.points {
        p.values.push("34".into());
    }
    let charts = charts::for_sweep(&two).unwrap();
    check_chart(
        find(&charts, "sweep_response_g1_within_target_share"),
        &["teams.response_south.shifts[2].staff", "meets target"],
    );
}

#[test]
fn the_roster_chart_draws_the_minimum_staffing_where_one_is_set() {
    // A minimum of 40 on each of the north hub's shifts, above what the
    // rota leaves after abstraction on some shifts: the chart draws the
    // minimum (the shifts running, summed: 80 where the early and late
    // overlap, 14:00–17:00) and its legend stays clear of every line.
    let model = short_default(
        "[teams.response_north.minimum_staffing]\npeople_per_shift = 40\n\
         escalation = [{ step = \"overtime\", probability = 0.5 }]\n",
    );
    let result = batch(&model);
    let charts = charts::for_run(&model, &result).unwrap();
    let roster = find(&charts, "roster_response_north");
    check_chart(
        roster,
        &[
            "minimum staffing (shifts running, summed)",
            "people available (rostered less abstraction, before escalation)",
            "people",
        ],
    );
    assert_eq!(check_legends(std::slice::from_ref(roster)), 1);
    let profile = result
        .hourly
        .iter()
        .find(|p| p.team == "response_north")
        .unwrap();
    // Monday 15:00 (early and late on duty) and Monday 03:00 (night only).
    assert_eq!(profile.minimum.len(), 168);
    assert!(
        (profile.minimum[15] - 80.0).abs() < 1e-9,
        "{}",
        profile.minimum[15]
    );
    assert!(
        (profile.minimum[3] - 40.0).abs() < 1e-9,
        "{}",
        profile.minimum[3]
    );
    // Escalation only adds people: on duty ≥ available in every hour.
    for h in 0..168 {
        assert!(profile.people[h] + 1e-9 >= profile.available[h], "hour {h}");
    }
}

#[test]
fn legends_sit_clear_of_the_plotted_data_on_every_shipped_scenario() {
    // Legends used to sit in a fixed corner over the data: the weekend
    // peaks of the hour-of-week charts, the forecast's domestic-abuse
    // backlog, the tail of the CDFs. Every shipped scenario, over its own
    // horizon, with every chart that has a legend.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut scenarios: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    scenarios.sort();
    assert!(scenarios.len() >= 5, "shipped scenarios: {scenarios:?}");
    let mut models = Vec::new();
    for path in &scenarios {
        let model = forcesim::scenario::from_file(path).unwrap().1;
        let options = BatchOptions {
            seed: 11,
            replications: 2,
            threads: None,
        };
        let result = batch::run(&model, options, &|| {}).unwrap();
        let charts = charts::for_run(&model, &result).unwrap();
        for c in &charts {
            let has_legend = c.stem.starts_with("response_cdf_")
                || c.stem.starts_with("demand_capacity_")
                || c.stem.starts_with("roster_")
                || c.stem == "investigation_backlog"
                || c.stem == "geography_tiles_g1"
                || c.stem == "where_the_hours_go";
            assert_eq!(
                !c.legends.is_empty(),
                has_legend,
                "{}: {} legends recorded",
                c.stem,
                c.legends.len()
            );
        }
        let checked = check_legends(&charts);
        assert!(checked >= 10, "{}: {checked} legends", model.name);
        models.push((model, result));
    }
    // Compare the first two shipped scenarios: the differences and the
    // cost-against-outcome panels.
    let (base, a) = &models[0];
    let (other, b) = &models[1];
    let rows = paired_differences(a, b, &other.name);
    let summary = |m: &forcesim::scenario::Model, r| ScenarioSummary {
        name: m.name.clone(),
        source: "test".into(),
        metrics: estimates(r),
        geography: None,
    };
    let doc = ComparisonDoc::new(11, 2, vec![summary(base, a), summary(other, b)], &rows);
    let charts = charts::for_comparison(&doc).unwrap();
    assert_eq!(
        find(&charts, "comparison_differences").legends.len(),
        1,
        "the differences chart has one legend"
    );
    assert!(
        find(&charts, "cost_vs_outcome").legends.len() >= 4,
        "a legend per outcome panel"
    );
    check_legends(&charts);
}

/// Re-encodes RGB pixels at the best deflate level with adaptive filtering.
fn best_png(w: u32, h: u32, rgb: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Best);
    encoder.set_adaptive_filter(png::AdaptiveFilterType::Adaptive);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(rgb).unwrap();
    writer.finish().unwrap();
    bytes
}

#[test]
fn chart_pngs_are_compressed_at_the_best_level() {
    let model = short_default("");
    let charts = charts::for_run(&model, &batch(&model)).unwrap();
    let (mut stored, mut best) = (0, 0);
    for c in &charts {
        let (w, h, rgb) = decode(&c.png);
        stored += c.png.len();
        best += best_png(w, h, &rgb).len();
    }
    // The same pixels: the stored files may not be more than 5 % larger
    // than the best encoding (the fast default was about 5 times larger).
    assert!(
        stored as f64 <= best as f64 * 1.05,
        "{} charts take {stored} bytes; the same pixels at best compression take {best}",
        charts.len()
    );
}

#[test]
fn paired_differences_draw_no_empty_rows_and_note_metrics_whose_base_is_zero() {
    let base = short_default("");
    let other = short_default("name = \"other\"\n");
    let (a, b) = (batch(&base), batch(&other));
    let rows = paired_differences(&a, &b, &other.name);
    let summary = |m: &forcesim::scenario::Model, r| ScenarioSummary {
        name: m.name.clone(),
        source: "test".into(),
        metrics: estimates(r),
        geography: None,
    };
    let mut doc = ComparisonDoc::new(5, 3, vec![summary(&base, &a), summary(&other, &b)], &rows);
    // A metric whose base mean is zero has no "% of base". It was first
    // dropped silently, then kept as an empty row with no bar; now every
    // row drawn has its bar and the metric is written in a note under the
    // plot with its difference in its own unit.
    let zero = "response.g1.response_time_mean_min";
    for d in doc.differences.iter_mut().filter(|d| d.metric == zero) {
        d.base_mean = Some(0.0);
    }
    let charts = charts::for_comparison(&doc).unwrap();
    let chart = find(&charts, "comparison_differences");
    check_chart(
        chart,
        &["response.g1.response_time_mean_min: base 0 (no % of it), so not drawn; difference"],
    );
    // The plotted data as the legend was placed against it (normalised to
    // the plot, 0 at the bottom and 1 at the top): one bar per row, then
    // the zero line spanning the rows. Row i of n is centred at
    // (i + 0.5) / n, so an empty row would leave a gap in the centres.
    let series = &chart.legends[0].series;
    let (zero_line, bars) = series.split_last().unwrap();
    assert_eq!(
        (zero_line.points[0].1, zero_line.points[1].1),
        (0.0, 1.0),
        "the zero line spans the rows"
    );
    let n = bars.len();
    assert!(n > 2, "{n} rows");
    let mut ys: Vec<f64> = bars.iter().map(|b| b.points[0].1).collect();
    ys.sort_by(f64::total_cmp);
    for (i, y) in ys.iter().enumerate() {
        assert!(
            (y - (i as f64 + 0.5) / n as f64).abs() < 1e-9,
            "an empty row among {n} bars: centres {ys:?}"
        );
    }
}

#[test]
fn utilisation_never_shows_a_working_team_as_idle() {
    // PCSOs take no queued jobs (their time goes to problem-solving): a
    // heat map panel or a bare 0 % would read as idle. The panel is left
    // out and named, and a statement says where their hours went.
    let model = short_default("");
    let result = batch(&model);
    let charts = charts::for_run(&model, &result).unwrap();
    let heat = find(&charts, "utilisation_heatmap");
    assert!(
        heat.title.contains("not shown (no queued jobs): pcso"),
        "{}",
        heat.title
    );
    assert!(!heat.svg.contains(">pcso<"), "no solid 0 % panel for pcso");
    let statements = forcesim::report::analyse(&model, &result).statements;
    let pcso = statements
        .iter()
        .find(|s| s.starts_with("pcso takes no queued jobs"))
        .unwrap_or_else(|| panic!("no statement on pcso: {statements:?}"));
    assert!(pcso.contains("h problem-solving"), "{pcso}");
}

#[test]
fn response_cdf_axes_come_from_the_data_not_a_far_target() {
    // G3's target is 48 hours while its responses take a few hours: an
    // axis stretched to the target squeezed the curve into a tenth of the
    // width. The axis ends a little past the 99th percentile.
    let model = short_default("");
    let result = batch(&model);
    let cdfs = charts::response::response_cdfs(&model, &result);
    for cdf in &cdfs {
        let (p99, x_max) = (cdf.percentile(0.99), cdf.x_max());
        assert!(
            x_max <= 1.5 * p99.max(cdf.target_urban_min.min(cdf.target_rural_min)) + 1.0,
            "{}: axis to {x_max} min for a 99th percentile of {p99} min",
            cdf.grade
        );
        assert!(x_max >= p99, "{}: the axis cuts the data", cdf.grade);
    }
    let g3 = cdfs.iter().find(|c| c.grade == "g3").unwrap();
    assert!(
        g3.x_max() < g3.target_urban_min,
        "G3 axis is not stretched to 48 h"
    );
    let chart = charts::render(g3).unwrap();
    assert!(
        chart.svg.contains("beyond the axis"),
        "the far target is named"
    );
}

#[test]
fn a_long_tailed_cdf_gets_a_log_time_axis() {
    // G3 responses: most within an hour, the slowest 1 % after many hours.
    // On a linear axis the bulk of the curve was squeezed into the left
    // tenth; a tail over ten times the median gets a log axis.
    use forcesim::report::charts::response::{LONG_TAIL_RATIO, response_cdfs};
    let model = short_default("");
    let result = batch(&model);
    let cdfs = response_cdfs(&model, &result);
    let g3 = cdfs.iter().find(|c| c.grade == "g3").unwrap();
    let (p50, p99) = (g3.percentile(0.5), g3.percentile(0.99));
    assert!(
        p99 / p50 > LONG_TAIL_RATIO,
        "the G3 tail is long here: p99 {p99} min, p50 {p50} min"
    );
    let axis = g3.time_axis();
    assert!(axis.log, "G3 axis {axis:?}");
    assert!(axis.lo > 0.0 && axis.lo <= g3.percentile(0.01) && axis.hi >= p99);
    let chart = charts::render(g3).unwrap();
    assert!(chart.svg.contains("log scale"), "the axis says it is log");
    // G1's tail is short: a linear axis from zero.
    let g1 = cdfs.iter().find(|c| c.grade == "g1").unwrap();
    assert!(g1.percentile(0.99) / g1.percentile(0.5) <= LONG_TAIL_RATIO);
    let axis = g1.time_axis();
    assert!(!axis.log && axis.lo == 0.0, "G1 axis {axis:?}");
}

#[test]
fn a_single_run_draws_no_chart_of_single_dots() {
    // Cost against outcome for one scenario was four panels with one dot
    // each: it is drawn only where there are options to set side by side.
    let model = short_default("");
    let charts = charts::for_run(&model, &batch(&model)).unwrap();
    assert!(charts.iter().all(|c| c.stem != "cost_vs_outcome"));
}
