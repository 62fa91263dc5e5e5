//! A starting investigation backlog (`investigation_teams.NAME.starting_backlog`):
//! checked like every other key (located errors, exit code 2), absent by
//! default so nothing moves, and when set, the cases are open from day 0.

use assert_cmd::Command;
use std::path::Path;

/// The shipped 2018 scenario with extra TOML appended, written to `dir`.
fn scenario_with(dir: &Path, extra: &str) -> (std::path::PathBuf, String) {
    let text = format!("extends = \"staffordshire-2018.toml\"\nhorizon_days = 56\n{extra}");
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/staffordshire-2018.toml");
    std::fs::copy(&shipped, dir.join("staffordshire-2018.toml")).unwrap();
    let path = dir.join("with_backlog.toml");
    std::fs::write(&path, &text).unwrap();
    (path, text)
}

#[test]
fn a_bad_starting_backlog_is_a_located_error() {
    for (value, team, words) in [
        ("-3", "rasso", "whole number of open cases from 0 to 100000"),
        ("2.5", "rasso", "whole number"),
        ("1e9", "rasso", "from 0 to 100000"),
        ("10", "digital_forensics", "owns no crime type"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let extra = format!("[investigation_teams.{team}]\nstarting_backlog = {value}\n");
        let (path, text) = scenario_with(dir.path(), &extra);
        let err = match forcesim::scenario::from_file(&path) {
            Ok(_) => panic!("starting_backlog = {value} for {team} was accepted"),
            Err(e) => e,
        };
        let key = format!("investigation_teams.{team}.starting_backlog");
        let p = err
            .problems
            .iter()
            .find(|p| p.key_path == key)
            .unwrap_or_else(|| panic!("no problem at {key}:\n{err}"));
        assert!(p.message.contains(words), "{}", p.message);
        let line = text[..text.find("starting_backlog").unwrap()]
            .matches('\n')
            .count()
            + 1;
        assert_eq!(p.line, Some(line), "{err}");
        assert!(p.file.ends_with("with_backlog.toml"), "{}", p.file);
        // The command line exits with 2 and writes nothing.
        let out_dir = dir.path().join("out");
        let out = Command::cargo_bin("forcesim")
            .unwrap()
            .args(["run", path.to_str().unwrap(), "-n", "1", "--out"])
            .arg(&out_dir)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{value}");
        assert!(!out_dir.exists(), "nothing written for a bad scenario");
    }
}

#[test]
fn a_starting_backlog_is_open_from_day_0_and_absent_means_empty() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = scenario_with(
        dir.path(),
        "[investigation_teams.rasso]\nstarting_backlog = 540\n",
    );
    let seeded = forcesim::scenario::from_file(&path).unwrap().1;
    let plain =
        crate::common::model_from("extends = \"staffordshire-2018.toml\"\nhorizon_days = 56\n")
            .unwrap();
    let rasso = |m: &forcesim::scenario::Model| {
        m.investigation_teams
            .iter()
            .find(|t| t.name == "rasso")
            .unwrap()
            .starting_backlog
    };
    assert_eq!((rasso(&seeded), rasso(&plain)), (540, 0));
    assert!(
        plain
            .investigation_teams
            .iter()
            .all(|t| t.starting_backlog == 0)
    );
    let week1 = |m: &forcesim::scenario::Model| {
        let rep = forcesim::metrics::run(m, 7, 0);
        let s = rep
            .series
            .iter()
            .find(|s| s.name == "investigations.rasso.backlog_weekly")
            .unwrap();
        (s.values[0], rep.metrics.clone())
    };
    let (seeded_week1, seeded_metrics) = week1(&seeded);
    let (plain_week1, plain_metrics) = week1(&plain);
    // RASSO cases take months: after one week nearly all 540 are still open,
    // on top of the week's new cases (which the empty start also has).
    assert!(
        seeded_week1 >= plain_week1 + 500.0,
        "week 1 backlog {seeded_week1} with 540 at the start, {plain_week1} without"
    );
    // The starting cases were recorded before the run: they are not counted
    // as crimes recorded in it, and other teams' demand is untouched
    // (their streams draw the same numbers).
    let metric =
        |ms: &[forcesim::metrics::Metric], n: &str| ms.iter().find(|m| m.name == n).unwrap().value;
    for name in ["crimes.recorded", "calls.999.offered", "incidents.total"] {
        assert_eq!(
            metric(&seeded_metrics, name),
            metric(&plain_metrics, name),
            "{name}"
        );
    }
}
