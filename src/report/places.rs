//! The comparison report's section on places (scenarios with a
//! `[geography]`): G1 by area and by urban or rural setting, then by atom
//! with the bases each scenario puts there, every alternative against the
//! base with its paired difference and 95 % CI, read beside the maps.

use super::documents::{ComparisonDoc, DifferenceRow};
use super::html::escape;
use super::table::{Format, shows_as_clear_in};
use crate::metrics::names as n;
use std::fmt::Write;

/// The places section of a comparison report; empty when the base has no
/// geography.
pub fn places_section(doc: &ComparisonDoc) -> String {
    let base = &doc.scenarios[0];
    let Some(layout) = &base.geography else {
        return String::new();
    };
    let mut body = String::from(
        "<h2 id=\"places\">Places</h2>\n\
         <p>G1 (emergency) incidents by where they happen, each alternative against the base, paired by replication \
         (differences of shares in percentage points). The maps below (<i>charts</i>) show the same by atom: each \
         scenario's share within target, and each alternative's difference, outlined where its 95 % CI excludes zero. \
         Urban and rural are the incidents' own settings (their targets differ), over the whole force.</p>\n",
    );
    let mut areas: Vec<&str> = Vec::new();
    for p in &layout.atoms {
        if !areas.contains(&p.area.as_str()) {
            areas.push(&p.area);
        }
    }
    body.push_str(
        "<h3>G1 by area and setting</h3>\n<table>\n<tr><th>place</th><th>figure</th><th>scenario</th><th>base</th><th>other</th><th>difference</th><th>95 % CI</th><th></th></tr>\n",
    );
    let mut rows: Vec<(String, String)> = Vec::new();
    for area in &areas {
        for family in [
            n::GEOGRAPHY_AREA_WITHIN_TARGET_SHARE,
            n::GEOGRAPHY_AREA_RESPONSE_TIME_MEAN_MIN,
        ] {
            rows.push((format!("area {area}"), family.name(&[area, "g1"])));
        }
    }
    for setting in ["urban", "rural"] {
        rows.push((
            setting.to_string(),
            n::RESPONSE_AREA_WITHIN_TARGET_SHARE.name(&["g1", setting]),
        ));
    }
    for (place, metric) in &rows {
        for d in doc.differences.iter().filter(|d| &d.metric == metric) {
            let _ = writeln!(
                body,
                "<tr><td>{}</td><td>{}</td>{}</tr>",
                escape(place),
                figure(metric),
                cells(d)
            );
        }
    }
    body.push_str("</table>\n");
    body.push_str(
        "<h3>G1 within target by atom</h3>\n<table>\n<tr><th>atom</th><th>area</th><th>setting</th><th>bases</th><th>scenario</th><th>base</th><th>other</th><th>difference</th><th>95 % CI</th><th></th></tr>\n",
    );
    for p in &layout.atoms {
        let metric = n::GEOGRAPHY_ATOM_WITHIN_TARGET_SHARE.name(&[&p.atom, "g1"]);
        let setting = match p.urban {
            Some(true) => "urban",
            Some(false) => "rural",
            None => "by area",
        };
        for d in doc.differences.iter().filter(|d| d.metric == metric) {
            let bases_in = |name: &str| {
                doc.scenarios
                    .iter()
                    .find(|s| s.name == name)
                    .and_then(|s| s.geography.as_ref())
                    .and_then(|l| l.atoms.iter().find(|a| a.atom == p.atom))
                    .map_or(0, |a| a.bases.len())
            };
            let _ = writeln!(
                body,
                "<tr><td>{}</td><td>{}</td><td>{setting}</td><td class=\"n\">{} → {}</td>{}</tr>",
                escape(&p.atom),
                escape(&p.area),
                bases_in(&base.name),
                bases_in(&d.scenario),
                cells(d)
            );
        }
    }
    body.push_str("</table>\n");
    body
}

/// The figure a row shows, in words.
fn figure(metric: &str) -> &'static str {
    if metric.ends_with("response_time_mean_min") {
        "G1 mean response time (min)"
    } else {
        "G1 within target"
    }
}

/// The scenario, base, other, difference, CI and clear cells of a row.
fn cells(d: &DifferenceRow) -> String {
    let nan = |x: Option<f64>| x.unwrap_or(f64::NAN);
    let row = Format::for_row(&d.unit, &[nan(d.base_mean), nan(d.other_mean)]);
    let clear = shows_as_clear_in(&row, d.clear, d.difference.mean.unwrap_or(0.0));
    format!(
        "<td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"clear\">{}</td>",
        escape(&d.scenario),
        escape(&row.value(nan(d.base_mean))),
        escape(&row.value(nan(d.other_mean))),
        escape(&row.difference(nan(d.difference.mean))),
        escape(&row.difference_interval(d.difference.ci95_low, d.difference.ci95_high)),
        if clear { "clear" } else { "" }
    )
}
