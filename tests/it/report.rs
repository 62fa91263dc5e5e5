//! `report.html`: self-contained (no network requests, no scripts), holds
//! the settings, summary, statements, twin and every chart, and renders in
//! headless Chromium with no console or load errors and every chart drawn.
//!
//! The browser check needs Chromium (Debian's `chromium`, installed by
//! `.ci/run`). Without it the check is skipped with a message, unless
//! `FORCESIM_REQUIRE_BROWSER=1` (set by `.ci/run`), when it fails.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

fn forcesim(args: &[&str]) {
    let out = Command::cargo_bin("forcesim")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "forcesim {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn browser() -> Option<PathBuf> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|d| d.join(name))
                    .find(|p| p.is_file())
            })
        });
    if found.is_none() {
        let required = std::env::var("FORCESIM_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "FORCESIM_REQUIRE_BROWSER=1 but no chromium on PATH"
        );
        eprintln!(
            "SKIPPED: report browser check (no chromium on PATH; `apt-get install chromium`)"
        );
    }
    found
}

/// A script that records every error (script errors, failed loads of any
/// resource, console.error) and what was drawn, into attributes of <body>
/// that `--dump-dom` prints.
const PROBE: &str = r#"<script>
window.__errors = [];
window.addEventListener('error', function (e) {
  var t = e.target && e.target !== window ? (e.target.src || e.target.href || e.target.tagName) : '';
  window.__errors.push('error: ' + (e.message || '') + ' ' + t);
}, true);
var __ce = console.error;
console.error = function () { window.__errors.push('console.error: ' + Array.prototype.join.call(arguments, ' ')); __ce.apply(console, arguments); };
window.addEventListener('load', function () {
  var svgs = document.querySelectorAll('figure.chart svg');
  var drawn = 0;
  svgs.forEach(function (s) { var r = s.getBoundingClientRect(); if (r.width > 100 && r.height > 100 && s.querySelectorAll('text').length > 3) drawn++; });
  var res = performance.getEntriesByType('resource').map(function (r) { return r.name; });
  document.body.setAttribute('data-errors', JSON.stringify(window.__errors));
  document.body.setAttribute('data-charts', String(svgs.length));
  document.body.setAttribute('data-drawn', String(drawn));
  document.body.setAttribute('data-requests', JSON.stringify(res));
});
</script>"#;

/// Runs Chromium headless on `html` and returns the DOM after load.
fn render(chromium: &Path, html: &Path, work: &Path) -> String {
    let mut child = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--virtual-time-budget=5000",
        ])
        .arg(format!(
            "--user-data-dir={}",
            work.join("profile").display()
        ))
        .arg("--dump-dom")
        .arg(format!("file://{}", html.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let start = Instant::now();
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut s).unwrap();
        s
    });
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("chromium did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    reader.join().unwrap()
}

fn attribute<'a>(dom: &'a str, name: &str) -> &'a str {
    let key = format!("{name}=\"");
    let start = dom
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} in the rendered DOM (did the load handler run?)"))
        + key.len();
    let end = dom[start..].find('"').unwrap() + start;
    &dom[start..end]
}

/// Static checks: no external references, no scripts, the sections and one
/// inline SVG per chart file.
fn check_self_contained(dir: &Path, html: &str, sections: &[&str]) {
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        !html.contains("<script"),
        "report.html must not need scripts"
    );
    for bad in [
        "src=\"http",
        "href=\"http",
        "@import",
        "url(http",
        "<link",
        "<img",
        "<iframe",
    ] {
        assert!(
            !html.contains(bad),
            "report.html refers to something outside itself: `{bad}`"
        );
    }
    for s in sections {
        assert!(
            html.contains(&format!("id=\"{s}\"")),
            "report.html lacks section `{s}`"
        );
    }
    let svg_files = std::fs::read_dir(dir.join("charts"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "svg")
        })
        .count();
    let inline = html.matches("<figure id=").count();
    assert!(svg_files > 0);
    assert_eq!(inline, svg_files, "one inline chart per charts/*.svg");
    assert_eq!(html.matches("<svg").count(), svg_files);
}

/// Opens a copy of the report with the probe in Chromium; checks that it
/// loaded with no errors and no requests and that every chart was drawn.
fn check_in_browser(dir: &Path, html: &str) {
    let Some(chromium) = browser() else { return };
    let probed = html.replacen("<head>", &format!("<head>\n{PROBE}"), 1);
    let path = dir.join("probed.html");
    std::fs::write(&path, probed).unwrap();
    let dom = render(&chromium, &path, dir);
    assert_eq!(
        attribute(&dom, "data-errors"),
        "[]",
        "errors while rendering"
    );
    assert_eq!(
        attribute(&dom, "data-requests"),
        "[]",
        "the report made requests"
    );
    let charts = attribute(&dom, "data-charts");
    assert_eq!(
        attribute(&dom, "data-drawn"),
        charts,
        "charts drawn of {charts}"
    );
    assert_eq!(charts, html.matches("<figure id=").count().to_string());
}

#[test]
fn run_report_is_self_contained_and_renders() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    forcesim(&[
        "run",
        "-n",
        "2",
        "--set",
        "horizon_days=28",
        "--out",
        out.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    check_self_contained(
        &out,
        &html,
        &["settings", "statements", "summary", "charts", "twin"],
    );
    for text in [
        "staffordshire-2018",
        "response_north",
        "calls.999.answered_within_10s_share",
        "Unmet demand",
        "Analytic twin",
        "G1 response times",
        "Utilisation on queued jobs by hour of day",
        "Open investigations by team",
        // Plain-English labels beside the dotted names.
        "G1 mean response time",
        "999 answered within 10 seconds",
    ] {
        assert!(html.contains(text), "report.html lacks `{text}`");
    }
    assert!(
        out.join("results.xlsx").is_file(),
        "run --out writes results.xlsx"
    );
    check_in_browser(&out, &html);

    // The browser check fails on a broken page (the check can fail).
    let broken = html.replacen("</body>", "<img src=\"missing.png\"></body>", 1);
    if let Some(chromium) = browser() {
        let path = out.join("broken.html");
        std::fs::write(
            &path,
            broken.replacen("<head>", &format!("<head>\n{PROBE}"), 1),
        )
        .unwrap();
        let dom = render(&chromium, &path, dir.path());
        assert_ne!(
            attribute(&dom, "data-errors"),
            "[]",
            "a missing image must be caught"
        );
    }

    // `forcesim plot` redraws the same report from the results folder.
    let again = dir.path().join("again");
    forcesim(&[
        "plot",
        out.to_str().unwrap(),
        "--out",
        again.to_str().unwrap(),
    ]);
    let redrawn = std::fs::read_to_string(again.join("report.html")).unwrap();
    assert_eq!(redrawn, html, "plot reproduces the run's report");
}

#[test]
fn comparison_and_sweep_reports_render() {
    let dir = tempfile::tempdir().unwrap();
    let scenarios = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let cmp = dir.path().join("compare");
    forcesim(&[
        "compare",
        scenarios.join("staffordshire-2018.toml").to_str().unwrap(),
        scenarios
            .join("staffordshire-2019-operating-model.toml")
            .to_str()
            .unwrap(),
        "-n",
        "2",
        "--out",
        cmp.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(cmp.join("report.html")).unwrap();
    check_self_contained(&cmp, &html, &["settings", "summary", "charts"]);
    assert!(html.contains("Paired differences"));
    // Finance where finance people look: the costed comparison's appraisal
    // (cost per unit of outcome with Fieller CIs, dominated options) is in
    // the report, not only on the terminal and in appraisal.csv.
    for text in [
        "id=\"appraisal\"",
        "cost per unit of improvement",
        "Fieller",
        "Dominated",
        "G1 attended within target",
        "Why a difference can be clear while the scenarios' own intervals overlap",
        "higher is better",
    ] {
        assert!(html.contains(text), "comparison report.html lacks `{text}`");
    }
    assert!(html.contains(" pts"), "differences of shares are in pts");
    for f in ["appraisal.csv", "results.xlsx"] {
        assert!(cmp.join(f).is_file(), "compare --out writes {f}");
    }
    check_in_browser(&cmp, &html);

    let sweep = dir.path().join("sweep");
    forcesim(&[
        "sweep",
        "--set",
        "teams.response_north.headcount_by_role.constable=160..240:80",
        "--set",
        "horizon_days=21",
        "-n",
        "2",
        "--target",
        "response.g1.within_target_share>=0.7",
        "--out",
        sweep.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(sweep.join("report.html")).unwrap();
    check_self_contained(&sweep, &html, &["summary", "charts"]);
    // The target in the metric's format (a share in %, not the fraction
    // 0.7 beside means in %), and where the CI lies against it.
    assert!(
        html.contains("Target: response.g1.within_target_share ≥ 70.0 %"),
        "the sweep report states the target as a percentage"
    );
    assert!(
        !html.contains("≥ 0.7"),
        "a share target shown as a fraction"
    );
    assert!(
        html.contains("no grid point&#39;s mean meets it")
            || html.contains("no grid point's mean meets it")
            || html.contains("95 % CI"),
        "the target verdict says where the CI lies"
    );
    check_in_browser(&sweep, &html);
}

#[test]
fn plot_rejects_a_folder_without_results() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("forcesim")
        .unwrap()
        .args(["plot", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not a results folder"), "{err}");
    assert!(
        std::fs::read_dir(dir.path()).unwrap().next().is_none(),
        "nothing written"
    );
}

#[test]
fn every_metric_of_the_shipped_scenarios_has_a_label() {
    use forcesim::batch::{self, BatchOptions};
    let options = BatchOptions {
        seed: 1,
        replications: 2,
        threads: None,
    };
    // Two years of the forecast (per-year metrics) and the default force.
    for text in [
        "extends = \"staffordshire-2018.toml\"\nhorizon_days = 14\n",
        "extends = \"staffordshire-2022-forecast.toml\"\nhorizon_days = 380\n",
        "extends = \"staffordshire-2018-surge.toml\"\nhorizon_days = 200\n",
        "extends = \"staffordshire-2019-precept.toml\"\nhorizon_days = 14\n",
        "extends = \"staffordshire-2019-operating-model.toml\"\nhorizon_days = 14\n",
    ] {
        let model = crate::common::model_from(text).unwrap();
        let result = batch::run(&model, options, &|| {}).unwrap();
        let missing: Vec<&str> = result
            .summary
            .iter()
            .map(|m| m.name.as_str())
            .filter(|n| forcesim::metrics::labels::describe(n).is_none())
            .collect();
        assert!(missing.is_empty(), "metrics with no label: {missing:?}");
    }
}

#[test]
fn multi_year_unmet_demand_is_stated_per_year_and_says_its_period() {
    use forcesim::batch::{self, BatchOptions};
    let model = crate::common::model_from(
        &crate::common::MINIMAL
            .replace("horizon_days = 28", "horizon_days = 740")
            .replace(
                "grading_min = { dist = \"fixed\", value = 0.0 }",
                "grading_min = { dist = \"fixed\", value = 0.0 }\npatience_min = { dist = \"exponential\", mean = 2.0 }",
            ),
    )
    .unwrap();
    let options = BatchOptions {
        seed: 1,
        replications: 2,
        threads: None,
    };
    let result = batch::run(&model, options, &|| {}).unwrap();
    let statements = forcesim::report::analyse(&model, &result).statements;
    let unmet = statements
        .iter()
        .find(|s| s.starts_with("Unmet demand"))
        .unwrap();
    assert!(unmet.contains("over the whole run (740 days"), "{unmet}");
    for y in 1..=3 {
        assert!(
            unmet.contains(&format!("Year {y} (demand arriving that year)")),
            "{unmet}"
        );
    }
    let rows = forcesim::report::notes::unmet_rows(&model, &result);
    let whole = rows
        .iter()
        .find(|r| r.year.is_none() && r.what.contains("abandoned"))
        .unwrap();
    let by_year: f64 = rows
        .iter()
        .filter(|r| r.year.is_some() && r.what == whole.what)
        .map(|r| r.count)
        .sum();
    assert!(
        (by_year - whole.count).abs() <= 1e-6 * whole.count.max(1.0),
        "the years add up to the whole run: {by_year} vs {}",
        whole.count
    );
}

#[test]
fn backlog_growth_is_flagged_by_one_rule_for_every_investigation_team() {
    // Only digital forensics was flagged (a whole-run slope, counted only
    // with crimes unallocated at the end) while RASSO and child protection
    // looked just as much like growing backlogs on the chart. Now every
    // team is judged by the trend of its weekly backlog over the second
    // half of the run, and the statement gives that trend with its CI.
    let model = crate::common::default_model();
    let options = forcesim::batch::BatchOptions {
        seed: 3,
        replications: 4,
        threads: None,
    };
    let result = forcesim::batch::run(&model, options, &|| {}).unwrap();
    let trends = forcesim::report::growth::backlog_trends(&model, &result);
    assert_eq!(
        trends.len(),
        model.investigation_teams.len(),
        "every investigation team is judged"
    );
    let statements = forcesim::report::notes::statements(&model, &result);
    for t in &trends {
        let flagged: Vec<&String> = statements
            .iter()
            .filter(|s| {
                s.starts_with(&format!(
                    "GROWING BACKLOG: open investigations for {} ",
                    t.team
                ))
            })
            .collect();
        assert_eq!(
            flagged.len(),
            usize::from(t.growing),
            "{}: trend {:?}, statements {flagged:?}",
            t.team,
            t.per_week
        );
        for s in flagged {
            assert!(s.contains("95 % CI"), "{s}");
            assert!(s.contains("second half of the run"), "{s}");
        }
    }
    assert!(
        !statements
            .iter()
            .any(|s| s.starts_with("UNSTABLE: investigations")),
        "no second, different rule for investigations"
    );
}
