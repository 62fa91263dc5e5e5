//! `report.html`: one self-contained file per run, comparison or sweep —
//! the key settings, the summary table, the plain statements (unmet demand
//! first among them), every chart inline as SVG, and the analytic twin.
//! No scripts, no external fonts, styles or images: it opens offline and
//! can be attached to an email.

use super::charts::Chart;
use super::documents::{ComparisonDoc, SweepDoc, find};
use super::table::{Format, ci_text, is_headline, shows_as_clear_in};
use super::twin::TwinRow;
use super::{Analysis, RunInfo};
use crate::batch::BatchResult;
use crate::metrics::labels;
use crate::scenario::Model;
use std::fmt::Write;

/// Escapes text for HTML.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;max-width:1200px;padding:0 1rem;color:#222}
h1{font-size:1.6rem}h2{margin-top:2.2rem;border-bottom:1px solid #ccc;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}th,td{padding:.25rem .6rem;border-bottom:1px solid #e4e4e4;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3}
.statements li{margin:.3rem 0}.meta{color:#555}figure{margin:1.5rem 0}figure svg{max-width:100%;height:auto;border:1px solid #eee}
figcaption{color:#555;font-size:.9rem}.clear{font-weight:bold}details{margin:.5rem 0}";

/// The document around the body.
pub(crate) fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"forcesim {} ({})\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n\
         <footer class=\"meta\"><p>forcesim {} · revision {} · report schema {}</p></footer>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        env!("FORCESIM_GIT_REVISION"),
        escape(title),
        env!("CARGO_PKG_VERSION"),
        env!("FORCESIM_GIT_REVISION"),
        super::SCHEMA_VERSION
    )
}

/// Every chart, inline, each with its title as caption and links to its
/// files beside the report.
pub(crate) fn charts_section(charts: &[Chart]) -> String {
    let mut s = String::from("<h2 id=\"charts\">Charts</h2>\n");
    for c in charts {
        let _ = writeln!(
            s,
            "<figure id=\"{0}\" class=\"chart\">\n{1}\n<figcaption>{2} — files: charts/{0}.svg, charts/{0}.png</figcaption>\n</figure>",
            escape(&c.stem),
            strip_xml_declaration(&c.svg),
            escape(&c.title)
        );
    }
    s
}

fn strip_xml_declaration(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => svg,
    }
}

fn statements_section(statements: &[String]) -> String {
    let mut s = String::from("<h2 id=\"statements\">Unmet demand and other statements</h2>\n");
    if statements.is_empty() {
        s.push_str("<p>No demand went unmet and no team was overloaded.</p>\n");
    } else {
        s.push_str("<ul class=\"statements\">\n");
        for st in statements {
            let _ = writeln!(s, "<li>{}</li>", escape(st));
        }
        s.push_str("</ul>\n");
    }
    s
}

fn metrics_table(result: &BatchResult, keep: impl Fn(&str) -> bool) -> String {
    let mut s = String::from(
        "<table>\n<tr><th>metric</th><th>name in the data files</th><th>mean</th><th>95 % CI</th><th>unit</th></tr>\n",
    );
    for m in result.summary.iter().filter(|m| keep(&m.name)) {
        let f = Format::for_metric(&m.name, m.unit, &[m.estimate.mean]);
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td><code>{}</code></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            escape(&labels::label(&m.name)),
            escape(&m.name),
            escape(&f.value(m.estimate.mean)),
            escape(&ci_text(m)),
            escape(f.unit_label())
        );
    }
    s.push_str("</table>\n");
    s
}

fn opt(x: Option<f64>) -> String {
    x.map_or_else(|| "unstable".into(), |v| format!("{v:.2}"))
}

fn twin_section(rows: &[TwinRow]) -> String {
    let mut s = String::from(
        "<h2 id=\"twin\">Analytic twin</h2>\n<p>Steady-state Erlang C (and Cobham by priority class) at each team's average load and staffing, beside the simulated mean waits. The gap is what time-of-day variation, rosters, travel and multi-unit incidents add to the textbook.</p>\n\
         <table>\n<tr><th>team / class</th><th>load (erlangs)</th><th>on duty</th><th>ρ</th><th>P(wait)</th><th>textbook wait (min)</th><th>simulated wait (min)</th></tr>\n",
    );
    for r in rows {
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td class=\"n\">{:.2}</td><td class=\"n\">{}</td><td class=\"n\">{:.2}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{:.2}</td></tr>",
            escape(&r.team),
            r.load_erlangs,
            r.servers,
            r.textbook_utilisation,
            r.textbook_prob_wait
                .map_or_else(String::new, |p| format!("{p:.3}")),
            opt(r.textbook_wait_min),
            r.simulated_wait_min
        );
        if r.classes.len() > 1 {
            for c in &r.classes {
                let _ = writeln!(
                    s,
                    "<tr><td>&nbsp;&nbsp;{} ({:.1}/h)</td><td></td><td></td><td></td><td></td><td class=\"n\">{}</td><td class=\"n\">{:.2}</td></tr>",
                    escape(&c.class),
                    c.arrivals_per_hour,
                    opt(c.textbook_wait_min),
                    c.simulated_wait_min
                );
            }
        }
    }
    s.push_str("</table>\n");
    s
}

fn settings_section(info: &RunInfo, model: &Model) -> String {
    let days = model.horizon_days();
    let warmup_days = model.warmup.as_hours() / 24.0;
    let mut s = format!(
        "<h2 id=\"settings\">Key settings</h2>\n<p>{}</p>\n<table>\n\
         <tr><th>scenario</th><td>{}</td></tr>\n<tr><th>source</th><td>{}</td></tr>\n\
         <tr><th>simulated days</th><td>{days} (warm-up {warmup_days:.0} days, excluded from every figure)</td></tr>\n\
         <tr><th>replications</th><td>{}</td></tr>\n<tr><th>seed</th><td>{}</td></tr>\n\
         <tr><th>to reproduce</th><td><code>{}</code></td></tr>\n</table>\n",
        escape(&model.description),
        escape(&info.scenario_name),
        escape(&info.scenario_source),
        info.replications,
        info.seed,
        escape(&info.reproduce("scenario_as_run.toml"))
    );
    s.push_str(
        "<table>\n<tr><th>team</th><th>people in post</th><th>shifts (start, hours, people rostered, crew)</th><th>abstraction</th></tr>\n",
    );
    for t in &model.teams {
        let shifts: Vec<String> = t
            .shifts
            .iter()
            .map(|sh| {
                let crew = if sh.crew_size > 1 {
                    format!(" in crews of {}", sh.crew_size)
                } else {
                    String::new()
                };
                format!(
                    "{} {:02}:00 {} h: {}{crew}",
                    sh.name, sh.start_hour, sh.length_hours, sh.staff
                )
            })
            .collect();
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{:.0} %</td></tr>",
            escape(&t.name),
            t.headcount
                .map_or_else(|| "–".into(), |h| format!("{h:.0}")),
            escape(&shifts.join("; ")),
            t.abstraction_share * 100.0
        );
    }
    for t in &model.investigation_teams {
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td class=\"n\">{:.0}</td><td>caseload cap {} per investigator</td><td></td></tr>",
            escape(&t.name),
            t.headcount,
            t.caseload_cap
        );
    }
    s.push_str("</table>\n");
    s
}

/// The report of one run.
pub fn run_report(
    info: &RunInfo,
    model: &Model,
    result: &BatchResult,
    analysis: &Analysis,
    charts: &[Chart],
) -> String {
    let mut body = format!(
        "<h1>forcesim report: {}</h1>\n<p class=\"meta\">{}, seed {}. Every figure is a mean over replications with its 95 % confidence interval.</p>\n",
        escape(&info.scenario_name),
        super::format::count_of(info.replications, "replication", "replications"),
        info.seed
    );
    body.push_str(&settings_section(info, model));
    body.push_str(&statements_section(&analysis.statements));
    body.push_str("<h2 id=\"summary\">Summary</h2>\n");
    body.push_str(&metrics_table(result, is_headline));
    body.push_str("<details><summary>Every metric</summary>\n");
    body.push_str(&metrics_table(result, |_| true));
    body.push_str("</details>\n");
    body.push_str(&charts_section(charts));
    body.push_str(&twin_section(&analysis.twin));
    page(&format!("forcesim — {}", info.scenario_name), &body)
}

/// The report of a comparison.
pub fn comparison_report(doc: &ComparisonDoc, charts: &[Chart]) -> String {
    let base = &doc.scenarios[0];
    let mut body = format!(
        "<h1>forcesim comparison against {}</h1>\n<p class=\"meta\">{} (common random numbers), seed {}. A difference is <span class=\"clear\">clear</span> when its 95 % CI excludes zero.</p>\n<h2 id=\"settings\">Scenarios</h2>\n<ul>\n",
        escape(&base.name),
        super::format::count_of(
            doc.replications,
            "paired replication",
            "paired replications"
        ),
        doc.seed
    );
    for s in &doc.scenarios {
        let _ = writeln!(body, "<li>{} ({})</li>", escape(&s.name), escape(&s.source));
    }
    body.push_str("</ul>\n");
    body.push_str(&differences_section(doc));
    body.push_str(&super::places::places_section(doc));
    body.push_str(&appraisal_section(doc));
    body.push_str(&charts_section(charts));
    page(
        &format!("forcesim — comparison against {}", base.name),
        &body,
    )
}

/// The sentence on a sweep's target: the target in the metric's format
/// (shares in %), the first grid point whose mean meets it with where its
/// 95 % CI lies against the target, and, when that CI straddles the
/// target, the first point whose whole CI meets it.
fn sweep_target_text(doc: &SweepDoc, t: &crate::report::documents::SweepTarget) -> String {
    use super::format::{AgainstTarget, against_target_text, target_text};
    let keys: Vec<&str> = doc.axes.iter().map(|a| a.key.as_str()).collect();
    fn estimate_of<'p>(
        p: &'p crate::report::documents::SweepPoint,
        metric: &str,
    ) -> Option<&'p crate::report::documents::MetricEstimate> {
        find(&p.metrics, metric)
    }
    let unit = doc
        .points
        .iter()
        .find_map(|p| estimate_of(p, &t.metric).map(|m| m.unit.clone()))
        .unwrap_or_default();
    let at = |p: &crate::report::documents::SweepPoint| {
        keys.iter()
            .zip(&p.values)
            .map(|(k, v)| format!("{k} = {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let against = |p: &crate::report::documents::SweepPoint| {
        estimate_of(p, &t.metric)
            .map(|m| AgainstTarget::of(t.at_least, t.threshold, m.ci95_low, m.ci95_high))
    };
    let shown = target_text(&t.metric, &unit, t.at_least, t.threshold);
    let first = doc.points.iter().find_map(|p| {
        let m = estimate_of(p, &t.metric)?;
        m.mean
            .filter(|&mean| t.met_by(mean))
            .map(|mean| (p, m, mean))
    });
    let Some((p, m, mean)) = first else {
        return format!("Target: {shown}: no grid point's mean meets it.");
    };
    let mut text = format!(
        "Target: {shown}: the first grid point whose mean meets it is {}: {}.",
        at(p),
        against_target_text(
            &unit,
            t.at_least,
            t.threshold,
            mean,
            m.ci95_low,
            m.ci95_high
        )
    );
    if against(p) == Some(AgainstTarget::Straddles) {
        match doc
            .points
            .iter()
            .find(|q| against(q) == Some(AgainstTarget::WhollyMeets))
        {
            Some(q) => {
                text.push_str(&format!(
                    " The first whose whole 95 % CI meets it is {}.",
                    at(q)
                ));
            }
            None => text.push_str(" No grid point meets it with its whole 95 % CI."),
        }
    }
    text
}

/// The report of a sweep.
pub fn sweep_report(doc: &SweepDoc, charts: &[Chart]) -> String {
    let keys: Vec<&str> = doc.axes.iter().map(|a| a.key.as_str()).collect();
    let mut body = format!(
        "<h1>forcesim sweep of {}: {}</h1>\n<p class=\"meta\">{} × {}, seed {}; every point uses the same random numbers. The sweep searches only the grid it was given.</p>\n",
        escape(&doc.scenario),
        escape(&keys.join(" × ")),
        super::format::count_of(doc.points.len() as u64, "grid point", "grid points"),
        super::format::count_of(doc.replications, "replication", "replications"),
        doc.seed
    );
    if let Some(t) = &doc.target {
        let _ = writeln!(body, "<p>{}</p>", escape(&sweep_target_text(doc, t)));
    }
    body.push_str("<h2 id=\"summary\">Results</h2>\n<table>\n<tr>");
    for k in &keys {
        let _ = write!(body, "<th>{}</th>", escape(k));
    }
    for m in &doc.shown {
        let _ = write!(body, "<th>{}</th>", escape(m));
    }
    body.push_str("</tr>\n");
    for p in &doc.points {
        body.push_str("<tr>");
        for v in &p.values {
            let _ = write!(body, "<td class=\"n\">{}</td>", escape(v));
        }
        for name in &doc.shown {
            let cell = find(&p.metrics, name).map_or_else(String::new, |m| {
                let mean = m.mean.unwrap_or(f64::NAN);
                let f = Format::for_metric(name, &m.unit, &[mean]);
                let ci = f.interval(m.ci95_low, m.ci95_high);
                if ci.is_empty() {
                    f.value(mean)
                } else {
                    format!("{} ({ci})", f.value(mean))
                }
            });
            let _ = write!(body, "<td class=\"n\">{}</td>", escape(&cell));
        }
        body.push_str("</tr>\n");
    }
    body.push_str("</table>\n");
    body.push_str(&charts_section(charts));
    page(&format!("forcesim — sweep of {}", doc.scenario), &body)
}

/// The paired differences of the headline metrics, with labels, the
/// direction that is better, and why a clear difference can sit beside
/// overlapping per-scenario intervals.
fn differences_section(doc: &ComparisonDoc) -> String {
    let mut body = String::from(
        "<h2 id=\"summary\">Paired differences</h2>\n\
         <p>Other minus base. Differences of shares are in percentage points (pts), not per cent of the base. \
         <em>Why a difference can be clear while the scenarios' own intervals overlap:</em> every scenario sees the same demand \
         in replication <i>i</i> (common random numbers), so the difference is estimated replication by replication and the \
         demand noise the scenarios share cancels out. The per-scenario intervals in the charts each carry that shared noise; \
         their overlap says nothing about the paired difference, whose own interval is the one to read.</p>\n\
         <table>\n<tr><th>metric</th><th>scenario</th><th>base</th><th>other</th><th>difference</th><th>95 % CI</th><th></th><th>better</th></tr>\n",
    );
    for d in doc.differences.iter().filter(|d| is_headline(&d.metric)) {
        // One style for the row: base, other, difference and its CI.
        let nan = |x: Option<f64>| x.unwrap_or(f64::NAN);
        let row = Format::for_metric(&d.metric, &d.unit, &[nan(d.base_mean), nan(d.other_mean)]);
        let f = |x: Option<f64>| escape(&row.value(nan(x)));
        let g = |x: Option<f64>| escape(&row.difference(nan(x)));
        let ci = escape(&row.difference_interval(d.difference.ci95_low, d.difference.ci95_high));
        let clear = shows_as_clear_in(&row, d.clear, d.difference.mean.unwrap_or(0.0));
        let _ = writeln!(
            body,
            "<tr><td>{}<br><code>{}</code></td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{ci}</td><td class=\"clear\">{}</td><td>{}</td></tr>",
            escape(&labels::label(&d.metric)),
            escape(&d.metric),
            escape(&d.scenario),
            f(d.base_mean),
            f(d.other_mean),
            g(d.difference.mean),
            if clear { "clear" } else { "" },
            labels::better(&d.metric).words()
        );
    }
    body.push_str("</table>\n");
    body
}

/// What each scenario costs and what each alternative buys per unit of
/// each headline outcome (empty without `[costs]`).
fn appraisal_section(doc: &ComparisonDoc) -> String {
    if doc.appraisal.is_empty() {
        return String::new();
    }
    let money = super::finance::money;
    let mut s = String::from(
        "<h2 id=\"appraisal\">Appraisal: what each option costs and buys</h2>\n\
         <table>\n<tr><th>scenario</th><th>cost a year (95 % CI)</th><th>funding a year</th><th>surplus a year</th></tr>\n",
    );
    for sc in &doc.scenarios {
        let cell = |name: &str| {
            find(&sc.metrics, name).map_or_else(
                || "–".to_string(),
                |m| match (m.mean, m.ci95_low, m.ci95_high) {
                    (Some(v), Some(l), Some(h)) if h > l => {
                        format!("{} ({} – {})", money(v), money(l), money(h))
                    }
                    (Some(v), ..) => money(v),
                    _ => "–".into(),
                },
            )
        };
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(&sc.name),
            escape(&cell(crate::metrics::names::COST_TOTAL_PER_YEAR.pattern)),
            escape(&cell(crate::metrics::names::FUNDING_TOTAL_PER_YEAR.pattern)),
            escape(&cell(
                crate::metrics::names::BUDGET_SURPLUS_PER_YEAR.pattern
            ))
        );
    }
    s.push_str(
        "</table>\n<p>Each alternative against the base: the whole difference in cost a year set against each outcome in turn \
         (nothing is apportioned between outcomes). Cost per unit of improvement with Fieller 95 % CIs from the paired \
         replications; undefined when the outcome does not clearly change. <strong>Dominated</strong>: another option \
         (or keeping the base) costs less and does at least as well on that outcome (means).</p>\n\
         <table>\n<tr><th>scenario</th><th>outcome</th><th>Δ cost a year (95 % CI)</th><th>improvement (95 % CI)</th><th>cost per unit of improvement (95 % CI)</th><th>dominated</th><th>reading</th></tr>\n",
    );
    for r in &doc.appraisal {
        let c = &r.cost_difference;
        let i = &r.improvement;
        let range = |l: Option<f64>, h: Option<f64>, f: &dyn Fn(f64) -> String| match (l, h) {
            // A cost that does not vary between replications has no interval worth showing.
            (Some(l), Some(h)) if h > l => format!(" ({} – {})", f(l), f(h)),
            _ => String::new(),
        };
        let num = |x: f64| format!("{x:.2}");
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}{}</td><td class=\"n\">{}{} {}</td><td class=\"n\">{}</td><td class=\"clear\">{}</td><td>{}</td></tr>",
            escape(&r.scenario),
            escape(&r.label),
            escape(&c.mean.map_or_else(|| "–".into(), money)),
            escape(&range(c.ci95_low, c.ci95_high, &money)),
            escape(&i.mean.map_or_else(|| "–".into(), num)),
            escape(&range(i.ci95_low, i.ci95_high, &num)),
            escape(&format!("{}s", r.per)),
            escape(&r.text),
            if r.dominated { "dominated" } else { "" },
            escape(&r.reading)
        );
    }
    s.push_str("</table>\n");
    s
}
