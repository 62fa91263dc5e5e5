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
fn check_chart(c: &Chart, expected_text: &[&str]) {
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
        "name = \"fewer-nights\"\n[teams.response_north]\nshifts = [\n  { name = \"early\", start_hour = 7, length_hours = 10, staff = 40 },\n  { name = \"late\", start_hour = 14, length_hours = 10, staff = 52 },\n  { name = \"night\", start_hour = 22, length_hours = 10, staff = 20, crew_size = 2 },\n]\n",
    );
    let (a, b) = (batch(&base), batch(&fewer));
    let rows = paired_differences(&a, &b, &fewer.name);
    let summary = |m: &forcesim::scenario::Model, r| ScenarioSummary {
        name: m.name.clone(),
        source: "test".into(),
        metrics: estimates(r),
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
            "difference from base (% of the base mean)",
            "difference clear",
            "response.g1.response_time_mean_min",
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
