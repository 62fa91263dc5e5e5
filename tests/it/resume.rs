//! Interrupted batches: a folder holding the log of an interrupted run is
//! never replaced by a command that forgot `--resume`, a resume says what
//! it kept, and a resume or merge of another run says what differs.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

/// The default scenario, short: 5 replications of 20 days.
const RUN: [&str; 6] = ["run", "-n", "5", "--set", "horizon_days=20", "--seed=3"];

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("forcesim")
        .expect("forcesim binary")
        .current_dir(dir)
        .timeout(Duration::from_secs(120))
        .args(args)
        .output()
        .expect("run forcesim")
}

/// Asserts exit `code`; returns stderr.
fn expect_exit(out: &Output, code: i32, what: &str) -> String {
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    assert_eq!(
        out.status.code(),
        Some(code),
        "{what}: expected exit {code}\nstdout:\n{}\nstderr:\n{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stderr)
}

/// A folder `name` as a run of RUN killed after two replications leaves
/// it: the log's header and two whole records (no summary).
fn interrupted(dir: &Path, name: &str) -> PathBuf {
    let whole = format!("{name}-whole");
    let o = run(dir, &[&RUN[..], &["--out", &whole]].concat());
    expect_exit(&o, 0, "the whole run");
    let text = std::fs::read_to_string(dir.join(&whole).join("replications.jsonl")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let cut = dir.join(name);
    std::fs::create_dir_all(&cut).unwrap();
    std::fs::write(
        cut.join("replications.jsonl"),
        format!("{}\n{}\n{}\n", lines[0], lines[1], lines[2]),
    )
    .unwrap();
    cut
}

#[test]
fn a_run_without_resume_never_replaces_an_interrupted_batch() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cut = interrupted(d, "r4");
    let log = std::fs::read(cut.join("replications.jsonl")).unwrap();
    // Forgetting --resume (with other settings too), another command's
    // results, a run to precision, a merge: each refused, nothing touched.
    let attempts: [&[&str]; 5] = [
        &RUN,
        &["run", "-n", "5", "--set", "horizon_days=2"],
        &["run", "--precision", "0.5", "--set", "horizon_days=2"],
        &["sweep", "-n", "1", "--set", "horizon_days=2..3:1"],
        &["merge", "r4-whole"],
    ];
    for args in attempts {
        let o = run(d, &[args, &["--out", "r4"]].concat());
        let err = expect_exit(&o, 2, &format!("{args:?} into an interrupted batch"));
        assert!(
            err.contains(
                "r4 holds 2 of 5 replications of an interrupted run (scenario staffordshire-2018, seed 3)"
            ),
            "{args:?}: {err}"
        );
        assert!(err.contains("--force"), "{args:?}: {err}");
        if args[0] == "run" && !args.contains(&"--precision") {
            assert!(err.contains("add --resume to continue it"), "{err}");
        }
        assert_eq!(std::fs::read(cut.join("replications.jsonl")).unwrap(), log);
        let names: Vec<_> = std::fs::read_dir(&cut)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["replications.jsonl"], "{args:?}");
    }
    // --resume continues it; --force starts again.
    let o = run(d, &[&RUN[..], &["--resume", "--out", "r4"]].concat());
    expect_exit(&o, 0, "the resume");
    let cut = interrupted(d, "r5");
    let o = run(
        d,
        &[
            "run",
            "-n",
            "2",
            "--set",
            "horizon_days=2",
            "--force",
            "--out",
            "r5",
        ],
    );
    expect_exit(&o, 0, "--force");
    assert!(cut.join("summary.json").exists());
}

#[test]
fn finished_runs_shards_and_runs_to_precision_are_replaced_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let shard = [&RUN[..], &["--shard", "1/2", "--out", "s"]].concat();
    let precision = [
        "run",
        "--precision",
        "0.5",
        "--max-replications",
        "3",
        "-n",
        "5",
        "--set",
        "horizon_days=20",
        "--out",
        "p",
    ];
    for args in [
        &[&RUN[..], &["--out", "r"]].concat()[..],
        &shard,
        &precision,
    ] {
        expect_exit(&run(d, args), 0, &format!("{args:?}"));
        let o = run(d, args);
        expect_exit(&o, 0, &format!("{args:?} again into its finished folder"));
    }
}

#[test]
fn a_resume_of_another_run_says_which_setting_differs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    interrupted(d, "r1a");
    let cases: [(&[&str], &str); 3] = [
        (
            &["-n", "6", "--set", "horizon_days=20", "--seed=3"],
            "batch size: the log has 5, this run asks 6 (-n)",
        ),
        (
            &["-n", "5", "--set", "horizon_days=20", "--seed=4"],
            "seed: the log has 3, this run asks 4 (--seed)",
        ),
        (
            &["-n", "5", "--set", "horizon_days=21", "--seed=3"],
            "horizon_days: the log has 20, this run asks 21 (--set or the scenario file)",
        ),
    ];
    for (args, says) in cases {
        let o = run(d, &[&["run"], args, &["--resume", "--out", "r1a"]].concat());
        let err = expect_exit(&o, 2, &format!("{args:?}"));
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(
            err.starts_with("error: r1a/replications.jsonl: written by a different run"),
            "the log's path once, not behind a label: {err}"
        );
    }
    // Another version: the header says which wrote it.
    let log = d.join("r1a/replications.jsonl");
    let text = std::fs::read_to_string(&log).unwrap();
    let (first, rest) = text.split_once('\n').unwrap();
    let mut header: serde_json::Value = serde_json::from_str(first).unwrap();
    header["forcesim_version"] = serde_json::json!("0.0.1");
    std::fs::write(&log, format!("{header}\n{rest}")).unwrap();
    let o = run(d, &[&RUN[..], &["--resume", "--out", "r1a"]].concat());
    let err = expect_exit(&o, 2, "a log of another version");
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        err.contains(&format!(
            "forcesim version: the log has 0.0.1, this run asks {version}"
        )),
        "{err}"
    );
}

#[test]
fn a_merge_of_other_runs_says_what_differs_and_names_the_folders() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (name, seed) in [("s1", "--seed=3"), ("s2", "--seed=4")] {
        let args = ["run", "-n", "4", "--set", "horizon_days=5", seed, "--shard"];
        let shard = if name == "s1" { "1/2" } else { "2/2" };
        let o = run(d, &[&args[..], &[shard, "--out", name]].concat());
        expect_exit(&o, 0, name);
    }
    let o = run(d, &["merge", "s1", "s2", "--out", "m"]);
    let err = expect_exit(&o, 2, "a merge of two runs");
    assert!(
        err.contains("error: s2: from a different run than s1: seed: s1 has 3, s2 has 4"),
        "{err}"
    );
    let o = run(d, &["merge", "s1", "--out", "m"]);
    let err = expect_exit(&o, 2, "a merge of one shard");
    assert!(
        err.contains("error: s1: 2 of 4 replications are missing"),
        "{err}"
    );
    assert!(!err.contains("DIRS"), "{err}");
}

#[test]
fn a_resume_says_what_it_kept_and_counts_it_in_its_progress() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    interrupted(d, "r1");
    let o = run(d, &[&RUN[..], &["--resume", "--out", "r1"]].concat());
    let err = expect_exit(&o, 0, "the resume");
    let kept = format!(
        "resuming: 2 of 5 replications kept from {}",
        Path::new("r1").join("replications.jsonl").display()
    );
    assert!(err.contains(&kept), "{err}");
    assert!(err.contains("100 % (5/5 replications)"), "{err}");
    assert!(err.contains(" 60 % (3/5 replications)"), "{err}");
    assert!(!err.contains("/3 replications"), "{err}");
    // Nothing to resume: said, and a new run.
    for name in ["new", "empty"] {
        if name == "empty" {
            std::fs::create_dir(d.join(name)).unwrap();
        }
        let o = run(d, &[&RUN[..], &["--resume", "--out", name]].concat());
        let err = expect_exit(&o, 0, name);
        assert!(
            err.contains(&format!(
                "warning: nothing to resume in {name}: starting a new run"
            )),
            "{err}"
        );
        assert!(d.join(name).join("summary.json").exists());
    }
}
