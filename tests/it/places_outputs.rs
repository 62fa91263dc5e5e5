//! Outputs by place (issue 16): the comparison report of a geography
//! pair (the three-hub and ten-LPA scenarios) with the places section (G1
//! by area, by urban or rural setting and by atom, paired CIs) and the
//! maps drawn from `comparison.json` alone (each scenario's tile map side
//! by side and the paired difference by place), legends clear of every
//! tile; and response by place in each simulated year of a longer run.

use crate::charts::{check_chart, check_legends};
use forcesim::report::charts;
use forcesim::report::documents::{self, COMPARISON_KIND, ComparisonDoc};
use std::path::Path;

/// The shipped scenario `name` cut to eight weeks, written into `dir`.
fn short(dir: &Path, name: &str) -> String {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(format!("{name}.toml"));
    let path = dir.join(format!("{name}-short.toml"));
    std::fs::write(
        &path,
        format!(
            "extends = {:?}\nname = \"{name}\"\nhorizon_days = 56\n",
            shipped.to_str().unwrap()
        ),
    )
    .unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn the_geography_comparison_report_has_places_and_maps() {
    let dir = tempfile::tempdir().unwrap();
    let hubs = short(dir.path(), "staffordshire-2018-hubs-geography");
    let lpas = short(dir.path(), "staffordshire-2018-lpas-geography");
    let out = dir.path().join("cmp");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_forcesim"))
        .args(["compare", &hubs, &lpas, "-n", "3", "--out"])
        .arg(&out)
        .output()
        .expect("forcesim runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    for words in [
        "id=\"places\"",
        "G1 by area and setting",
        "area north",
        "urban",
        "rural",
        "G1 within target by atom",
        "stoke_on_trent",
        "95 % CI",
        "comparison_tiles_g1",
        "comparison_tiles_g1_difference_1",
    ] {
        assert!(html.contains(words), "report.html lacks `{words}`");
    }
    // The maps come from the document alone, as `forcesim plot` draws them.
    let doc: ComparisonDoc =
        documents::read(&out.join("comparison.json"), COMPARISON_KIND).unwrap();
    let layout = doc.scenarios[1].geography.as_ref().expect("a layout");
    assert_eq!(layout.atoms.len(), 9);
    assert!(layout.atoms.iter().map(|a| a.bases.len()).sum::<usize>() == 10);
    let drawn = charts::for_comparison(&doc).unwrap();
    let find = |stem: &str| {
        drawn
            .iter()
            .find(|c| c.stem == stem)
            .unwrap_or_else(|| panic!("no chart `{stem}`"))
    };
    let side_by_side = find("comparison_tiles_g1");
    check_chart(
        side_by_side,
        &[
            "staffordshire-2018-hubs-geography",
            "staffordshire-2018-lpas-geography",
            "stoke on trent",
            "G1 within target",
            "response base (count beside it)",
        ],
    );
    let difference = find("comparison_tiles_g1_difference_1");
    check_chart(difference, &["difference (pts)", "pts", "CI ", "lichfield"]);
    // A legend on each panel, none over a tile.
    assert_eq!(side_by_side.legends.len(), 2);
    assert_eq!(difference.legends.len(), 1);
    let maps: Vec<charts::Chart> = drawn
        .iter()
        .filter(|c| c.stem.starts_with("comparison_tiles"))
        .cloned()
        .collect();
    assert_eq!(check_legends(&maps), 3);
    check_legends(&drawn);
}

#[test]
fn a_comparison_without_a_geography_has_no_places() {
    let doc_text = r#"{"kind":"forcesim-comparison","schema_version":1,"seed":1,"replications":2,
        "scenarios":[{"name":"a","source":"a.toml","metrics":[]},{"name":"b","source":"b.toml","metrics":[]}],
        "differences":[]}"#;
    let doc: ComparisonDoc = documents::parse(doc_text, COMPARISON_KIND).unwrap();
    assert!(doc.scenarios.iter().all(|s| s.geography.is_none()));
    assert!(forcesim::report::places::places_section(&doc).is_empty());
    assert!(charts::tiles_compare::comparison_tiles(&doc).is_none());
    assert!(charts::tiles_compare::difference_tiles(&doc).is_empty());
    // Written back, it has no geography key (older readers see nothing new).
    assert!(!serde_json::to_string(&doc).unwrap().contains("geography"));
}

/// Over a run of more than a year, response by atom and area is reported
/// per simulated year too, on the per-year basis (the incidents that
/// arrived in the year): the years' counts add up to the run's, their
/// within-target and response-time sums likewise, areas are their atoms
/// together, and each year's area figure counts what the year's response
/// figure counts. A run of a year or less has no per-year places.
#[test]
fn response_by_place_is_reported_per_year_by_arrival_year() {
    use crate::geography::{TWO_BASES, run, scenario};
    let text = scenario(8760.0, "[1.0]", &[("response", "all", 2)], TWO_BASES)
        .replace("horizon_days = 60", "horizon_days = 800");
    let model = crate::common::model_from(&text).expect("valid");
    let r = run(&model, 2);
    let v = |name: &str| {
        let v = r.values(name);
        assert_eq!(v.len(), 2, "no metric {name}");
        v
    };
    let years = [1, 2, 3];
    for rep in 0..2 {
        let whole = |m: &str| v(&format!("geography.atoms.near.g1.{m}"))[rep];
        let year = |y: usize, m: &str| v(&format!("years.{y}.geography.atoms.near.g1.{m}"))[rep];
        let n: f64 = years.iter().map(|&y| year(y, "attended")).sum();
        assert_eq!(n, whole("attended"));
        assert!(years.iter().all(|&y| year(y, "attended") > 0.0));
        let within: f64 = years
            .iter()
            .map(|&y| year(y, "attended") * year(y, "within_target_share"))
            .sum();
        assert!((within - n * whole("within_target_share")).abs() < 1e-6 * n);
        let minutes: f64 = years
            .iter()
            .map(|&y| year(y, "attended") * year(y, "response_time_mean_min"))
            .sum();
        let expected = n * whole("response_time_mean_min");
        assert!(
            (minutes - expected).abs() < 1e-9 * expected,
            "{minutes} {expected}"
        );
        for y in years {
            let area = v(&format!("years.{y}.geography.areas.all.g1.attended"))[rep];
            let far = v(&format!("years.{y}.geography.atoms.far.g1.attended"))[rep];
            assert_eq!(area, year(y, "attended") + far);
            assert_eq!(area, v(&format!("years.{y}.response.g1.attended"))[rep]);
        }
    }
    assert!(
        r.values("years.4.geography.atoms.near.g1.attended")
            .is_empty()
    );
    // One simulated year: no per-year places.
    let short = crate::common::model_from(&text.replace("horizon_days = 800", "horizon_days = 60"))
        .expect("valid");
    let r = run(&short, 1);
    assert!(r.summary.iter().all(|m| !m.name.starts_with("years.")));
}
