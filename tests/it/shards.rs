//! Long batches across machines and interruptions: shards merge, and an
//! interrupted batch resumes, to exactly the one-machine result.

use assert_cmd::Command;
use std::path::Path;

const FILES: [&str; 6] = [
    "summary.json",
    "results.xlsx",
    "summary.csv",
    "replications.csv",
    "replications.jsonl",
    "scenario_as_run.toml",
];

fn forcesim(args: &[&str], out: &Path) {
    Command::cargo_bin("forcesim")
        .unwrap()
        .args(args)
        .arg("--out")
        .arg(out)
        .assert()
        .success();
}

fn assert_same_outputs(a: &Path, b: &Path) {
    for f in FILES {
        let (x, y) = (
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
        );
        assert!(
            x == y,
            "{f} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}

const RUN: [&str; 6] = ["run", "-n", "5", "--set", "horizon_days=20", "--seed=3"];

#[test]
fn merged_shards_equal_the_one_machine_run_bit_for_bit() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one");
    forcesim(&RUN, &one);
    let mut shards = Vec::new();
    for k in 1..=3 {
        let out = dir.path().join(format!("shard{k}"));
        let shard = format!("--shard={k}/3");
        forcesim(&[&RUN[..], &[shard.as_str()]].concat(), &out);
        shards.push(out);
    }
    let merged = dir.path().join("merged");
    let mut cmd = Command::cargo_bin("forcesim").unwrap();
    cmd.arg("merge");
    for s in shards.iter().rev() {
        cmd.arg(s);
    }
    cmd.arg("--out").arg(&merged).assert().success();
    assert_same_outputs(&one, &merged);
}

#[test]
fn merging_incomplete_shards_is_an_error_naming_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let shard = dir.path().join("s1");
    forcesim(&[&RUN[..], &["--shard=1/2"]].concat(), &shard);
    let out = Command::cargo_bin("forcesim")
        .unwrap()
        .arg("merge")
        .arg(&shard)
        .arg("--out")
        .arg(dir.path().join("m"))
        .assert()
        .failure();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("2 of 5 replications are missing"),
        "{stderr}"
    );
}

#[test]
fn an_interrupted_batch_resumes_to_the_uninterrupted_result() {
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole");
    forcesim(&RUN, &whole);
    // Interrupt: keep the header and two replications, and half of a third
    // line, as a killed process leaves the file.
    let cut = dir.path().join("cut");
    std::fs::create_dir_all(&cut).unwrap();
    let text = std::fs::read_to_string(whole.join("replications.jsonl")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let partial = format!(
        "{}\n{}\n{}\n{}",
        lines[0],
        lines[3],
        lines[1],
        &lines[4][..lines[4].len() / 2]
    );
    std::fs::write(cut.join("replications.jsonl"), partial).unwrap();
    forcesim(&[&RUN[..], &["--resume"]].concat(), &cut);
    assert_same_outputs(&whole, &cut);
}

#[test]
fn resuming_a_different_run_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    forcesim(&RUN, &out);
    let result = Command::cargo_bin("forcesim")
        .unwrap()
        .args([
            "run",
            "-n",
            "5",
            "--set",
            "horizon_days=21",
            "--seed=3",
            "--resume",
            "--out",
        ])
        .arg(&out)
        .assert()
        .failure();
    let stderr = String::from_utf8(result.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("cannot resume"), "{stderr}");
}

#[test]
fn a_shard_says_the_command_that_reproduces_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("shard2");
    let output = Command::cargo_bin("forcesim")
        .unwrap()
        .args([
            "run",
            "-n",
            "4",
            "--set",
            "horizon_days=10",
            "--seed=3",
            "--shard=2/2",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    // The shard holds replications 1 and 3: the batch it belongs to has 4.
    for text in [
        &*stdout,
        &std::fs::read_to_string(out.join("report.html")).unwrap(),
    ] {
        assert!(
            text.contains("--seed 3 -n 4 --shard 2/2"),
            "the to-reproduce line must name the batch and the shard: {text}"
        );
        assert!(!text.contains("-n 2"), "not the shard's own count: {text}");
    }
}

/// A small force run for more than two simulated years after a warm-up of
/// more than one: every statistic that spans split periods (warm-up,
/// simulated years, shards, an interrupted and resumed shard) must count
/// each period exactly once.
fn long_scenario(dir: &Path) -> std::path::PathBuf {
    let text = crate::common::MINIMAL
        .replace("horizon_days = 28", "horizon_days = 800\nwarmup_days = 400")
        .replace("volume_per_year = 43800", "volume_per_year = 3000");
    let path = dir.join("long.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn shards_and_a_resume_over_a_long_warm_up_and_years_equal_the_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = long_scenario(dir.path());
    let scenario = scenario.to_str().unwrap();
    let run = ["run", scenario, "-n", "5", "--seed", "4", "--threads", "2"];
    let one = dir.path().join("one");
    forcesim(&run, &one);
    // The run spans years: per-year metrics for three simulated years.
    let summary = std::fs::read_to_string(one.join("summary.csv")).unwrap();
    assert!(summary.contains("years.3."), "no third year in:\n{summary}");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    forcesim(&[&run[..], &["--shard", "1/2"]].concat(), &a);
    forcesim(&[&run[..], &["--shard", "2/2"]].concat(), &b);
    // Shard 1 (replications 0, 2, 4) is killed after its first record,
    // halfway through writing its second.
    let log = a.join("replications.jsonl");
    let text = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "a header and three records");
    let cut = format!(
        "{}\n{}\n{}",
        lines[0],
        lines[1],
        &lines[2][..lines[2].len() / 2]
    );
    std::fs::write(&log, cut).unwrap();
    forcesim(&[&run[..], &["--shard", "1/2", "--resume"]].concat(), &a);
    let merged = dir.path().join("merged");
    Command::cargo_bin("forcesim")
        .unwrap()
        .arg("merge")
        .arg(&b)
        .arg(&a)
        .arg("--out")
        .arg(&merged)
        .assert()
        .success();
    assert_same_outputs(&one, &merged);
    // An unsharded run killed mid-batch resumes to the same files too.
    let resumed = dir.path().join("resumed");
    std::fs::create_dir_all(&resumed).unwrap();
    let text = std::fs::read_to_string(one.join("replications.jsonl")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let cut = format!("{}\n{}\n{}", lines[0], lines[4], &lines[2][..100]);
    std::fs::write(resumed.join("replications.jsonl"), cut).unwrap();
    forcesim(&[&run[..], &["--resume"]].concat(), &resumed);
    assert_same_outputs(&one, &resumed);
}

/// A run's log must be readable by every command that reads logs, whatever
/// the scenario: one that `extends` another was logged with the `extends`
/// key, which a log's scenario may not have, so its folder could be neither
/// plotted nor resumed.
#[test]
fn the_log_of_an_extending_scenario_is_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    let run = [
        "run",
        "scenarios/staffordshire-2019-operating-model.toml",
        "-n",
        "2",
        "--set",
        "horizon_days=3",
        "--seed=3",
    ];
    forcesim(&run, &out);
    Command::cargo_bin("forcesim")
        .unwrap()
        .arg("plot")
        .arg(&out)
        .assert()
        .success();
    let before = std::fs::read(out.join("summary.csv")).unwrap();
    forcesim(&[&run[..], &["--resume"]].concat(), &out);
    assert_eq!(before, std::fs::read(out.join("summary.csv")).unwrap());
}
