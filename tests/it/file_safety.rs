//! File safety: outputs never replace inputs or each other, a folder has
//! one writer at a time and one run's results, a damaged replication log
//! is resumed, merged and plotted from its whole records, and the log is
//! checked against its scenario before it is used.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

/// The forcesim binary run in `dir`, with a time limit so a hang fails.
fn forcesim(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("forcesim").expect("forcesim binary");
    cmd.current_dir(dir).timeout(Duration::from_secs(60));
    cmd
}

fn run(dir: &Path, args: &[&str]) -> Output {
    forcesim(dir).args(args).output().expect("run forcesim")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Asserts exit `code`; returns stderr.
fn expect_exit(out: &Output, code: i32, what: &str) -> String {
    assert_eq!(
        out.status.code(),
        Some(code),
        "{what}: expected exit {code}\nstdout:\n{}\nstderr:\n{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stderr)
}

/// A folder with the minimal scenario in it as `s.toml`.
fn with_scenario() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.toml");
    std::fs::write(&path, crate::common::MINIMAL).unwrap();
    (dir, path)
}

/// The default scenario, short: 5 replications of 20 days.
const RUN: [&str; 6] = ["run", "-n", "5", "--set", "horizon_days=20", "--seed=3"];

/// Runs RUN into `dir/name` and returns that folder.
fn logged_run(dir: &Path, name: &str) -> PathBuf {
    let out = dir.join(name);
    let o = run(dir, &[&RUN[..], &["--out", name]].concat());
    expect_exit(&o, 0, "the logged run");
    out
}

fn lines_of(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

fn write_lines(path: &Path, lines: &[String]) {
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

// --- 1. outputs never clobber inputs --------------------------------------

#[test]
fn output_paths_never_clobber_inputs() {
    let (dir, scenario) = with_scenario();
    let d = dir.path();
    let before = std::fs::read(&scenario).unwrap();
    // The scenario, named as given, as `./s.toml`, and through a link.
    let mut traces = vec!["s.toml".to_string(), "./s.toml".to_string()];
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&scenario, d.join("link.toml")).unwrap();
        traces.push("link.toml".into());
    }
    for trace in &traces {
        let o = run(
            d,
            &["run", "s.toml", "-n", "1", "--trace", trace, "--force"],
        );
        let err = expect_exit(&o, 2, &format!("--trace {trace}"));
        assert!(err.contains("never overwritten"), "{err}");
        assert_eq!(std::fs::read(&scenario).unwrap(), before, "--trace {trace}");
    }
    // Another output of the same run, even with --force; nothing written.
    let o = run(
        d,
        &[
            "run",
            "s.toml",
            "-n",
            "1",
            "--out",
            "r",
            "--trace",
            "r/replications.jsonl",
            "--force",
        ],
    );
    let err = expect_exit(&o, 2, "--trace onto the run's own log");
    assert!(
        err.contains("one of the files this command writes"),
        "{err}"
    );
    assert!(!d.join("r").exists(), "a refused run created its folder");
    // A folder whose outputs include the scenario being run.
    let o = run(d, &["run", "s.toml", "-n", "1", "--out", "r"]);
    expect_exit(&o, 0, "a first run");
    let as_run = std::fs::read(d.join("r/scenario_as_run.toml")).unwrap();
    std::fs::write(d.join("r/scenario_as_run.toml"), &before).unwrap();
    let o = run(
        d,
        &[
            "run",
            "r/scenario_as_run.toml",
            "-n",
            "1",
            "--out",
            "./r/",
            "--force",
        ],
    );
    let err = expect_exit(&o, 2, "running the folder's own scenario into it");
    assert!(err.contains("would overwrite or remove the input"), "{err}");
    assert_eq!(
        std::fs::read(d.join("r/scenario_as_run.toml")).unwrap(),
        before
    );
    assert_ne!(as_run, before);
    // Merging a shard into itself.
    let shard = logged_run(d, "shard");
    let o = run(d, &["merge", "shard", "--out", "shard"]);
    expect_exit(&o, 2, "merge into one of its inputs");
    assert!(shard.join("replications.jsonl").exists());
    // Comparing into a folder that holds one of the scenarios.
    let o = run(
        d,
        &[
            "compare",
            "-n",
            "1",
            "r/scenario_as_run.toml",
            "s.toml",
            "--out",
            "r",
        ],
    );
    expect_exit(
        &o,
        2,
        "compare into a folder whose outputs include an input",
    );
}

#[test]
fn unrelated_files_are_replaced_only_with_force() {
    let (dir, _) = with_scenario();
    let d = dir.path();
    // A single file: refused, then replaced with --force; a trace forcesim
    // wrote is replaced without it.
    std::fs::write(d.join("notes.csv"), "mine\n").unwrap();
    let o = run(d, &["run", "s.toml", "-n", "1", "--trace", "notes.csv"]);
    let err = expect_exit(&o, 2, "--trace over an unrelated file");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(
        std::fs::read_to_string(d.join("notes.csv")).unwrap(),
        "mine\n"
    );
    let o = run(
        d,
        &[
            "run",
            "s.toml",
            "-n",
            "1",
            "--trace",
            "notes.csv",
            "--force",
        ],
    );
    expect_exit(&o, 0, "--trace --force");
    let o = run(d, &["run", "s.toml", "-n", "1", "--trace", "notes.csv"]);
    expect_exit(&o, 0, "--trace over forcesim's own trace");
    // A folder of other files: refused by every command, written with
    // --force, its other files untouched.
    let foreign = d.join("thesis");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("chapter1.txt"), "words").unwrap();
    let commands: [&[&str]; 4] = [
        &["run", "s.toml", "-n", "1", "--out", "thesis"],
        &["compare", "-n", "1", "s.toml", "s.toml", "--out", "thesis"],
        &[
            "sweep",
            "s.toml",
            "-n",
            "1",
            "--set",
            "horizon_days=7..8:1",
            "--out",
            "thesis",
        ],
        &["merge", "shard", "--out", "thesis"],
    ];
    logged_run(d, "shard");
    for args in commands {
        let o = run(d, args);
        let err = expect_exit(&o, 2, &format!("{args:?}"));
        assert!(err.contains("did not write"), "{args:?}: {err}");
    }
    let o = run(
        d,
        &["run", "s.toml", "-n", "1", "--out", "thesis", "--force"],
    );
    expect_exit(&o, 0, "run --out --force");
    assert_eq!(
        std::fs::read_to_string(foreign.join("chapter1.txt")).unwrap(),
        "words"
    );
    assert!(foreign.join("summary.json").exists());
}

/// A folder is forcesim's only if it holds forcesim's lock file: a user's
/// own file that happens to share a result's name (`summary.csv`) does not
/// make the folder writable without `--force`. (A new user's `summary.csv`
/// was replaced this way.)
#[test]
fn a_file_with_a_result_name_does_not_make_a_folder_forcesims() {
    let (dir, _) = with_scenario();
    let d = dir.path();
    let mine = d.join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("summary.csv"), "x\n").unwrap();
    let o = run(d, &["run", "s.toml", "-n", "1", "--out", "mine"]);
    let err = expect_exit(&o, 2, "--out into a folder with a user's summary.csv");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(
        std::fs::read_to_string(mine.join("summary.csv")).unwrap(),
        "x\n"
    );
    // A folder forcesim wrote (it holds the lock file) is reused freely.
    logged_run(d, "ours");
    let o = run(d, &["run", "s.toml", "-n", "1", "--out", "ours"]);
    expect_exit(&o, 0, "--out into forcesim's own folder");
}

// --- 2. damaged logs ------------------------------------------------------

/// Starts forcesim with `args` in `dir` in the background.
fn spawn(dir: &Path, args: &[&str]) -> std::process::Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("forcesim"))
        .current_dir(dir)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

/// The lines of `path` once it has at least `n` whole lines.
fn when_lines(path: &Path, n: usize) -> Vec<String> {
    wait_for(|| {
        let t = std::fs::read_to_string(path).ok()?;
        let whole: Vec<String> = t.lines().map(String::from).collect();
        (t.ends_with('\n') && whole.len() >= n).then_some(whole)
    })
}

/// A long batch, slow enough to be interrupted on one thread (`ONE_THREAD`).
const LONG: [&str; 6] = ["run", "-n", "300", "--set", "horizon_days=20", "--seed=3"];
const ONE_THREAD: [&str; 2] = ["-j", "1"];

#[test]
fn resume_truncates_a_cut_record() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let log = d.join("cut/replications.jsonl");
    // A killed batch: the header, one record and half of the next.
    let mut first = spawn(d, &[&LONG[..], &ONE_THREAD, &["--out", "cut"]].concat());
    let lines = when_lines(&log, 3);
    first.kill().unwrap();
    first.wait().unwrap();
    let partial = &lines[2][..lines[2].len() / 2];
    std::fs::write(&log, format!("{}\n{}\n{partial}", lines[0], lines[1])).unwrap();
    // Resume, and kill the resume too once it has appended two records.
    let mut resume = spawn(
        d,
        &[&LONG[..], &ONE_THREAD, &["--resume", "--out", "cut"]].concat(),
    );
    let after = when_lines(&log, 4);
    resume.kill().unwrap();
    assert!(
        !resume.wait().unwrap().success(),
        "the resume ended before it was interrupted"
    );
    // No record was appended onto the cut one: every line is whole.
    for (i, line) in after.iter().enumerate() {
        assert!(
            serde_json::from_str::<serde_json::Value>(line).is_ok(),
            "line {} is not a whole record after an interrupted resume: {}…",
            i + 1,
            &line[..line.len().min(80)]
        );
    }
    // And the folder resumes again, to the uninterrupted result.
    let o = run(d, &[&LONG[..], &["--resume", "--out", "cut"]].concat());
    expect_exit(&o, 0, "a second resume");
    let o = run(d, &[&LONG[..], &["--out", "whole"]].concat());
    expect_exit(&o, 0, "the uninterrupted run");
    for f in ["summary.csv", "replications.jsonl"] {
        assert!(
            std::fs::read(d.join("whole").join(f)).unwrap()
                == std::fs::read(d.join("cut").join(f)).unwrap(),
            "{f} differs from the uninterrupted run's"
        );
    }
}

/// Polls `probe` until it gives a value (at most 60 s).
fn wait_for<T>(mut probe: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = probe() {
            return v;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn merge_and_plot_locate_damaged_lines_and_recover_whole_records() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = logged_run(d, "r");
    let log = out.join("replications.jsonl");
    let mut lines = lines_of(&log);
    lines[2] = lines[2][..lines[2].len() / 3].to_string(); // line 3 damaged
    write_lines(&log, &lines);
    let o = run(d, &["merge", "r", "--out", "m"]);
    let err = expect_exit(&o, 2, "merge of a damaged log");
    assert!(err.contains("replications.jsonl: line 3:"), "{err}");
    assert!(
        err.contains("recovered 4 whole records; dropped 1"),
        "{err}"
    );
    assert!(err.contains("1 of 5 replications are missing"), "{err}");
    let o = run(d, &["plot", "r"]);
    let err = expect_exit(&o, 0, "plot of a damaged log");
    assert!(
        err.contains("line 3:") && err.contains("recovered 4"),
        "{err}"
    );
    // Resuming rewrites the log whole, and then merge and plot are clean.
    let o = run(d, &[&RUN[..], &["--resume", "--out", "r"]].concat());
    expect_exit(&o, 0, "resume of a log damaged in the middle");
    let o = run(d, &["merge", "r", "--out", "m"]);
    let err = expect_exit(&o, 0, "merge after the resume");
    assert!(!err.contains("warning"), "{err}");
}

// --- 4. one writer at a time ----------------------------------------------

#[test]
fn concurrent_writers_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut first = spawn(d, &[&LONG[..], &ONE_THREAD, &["--out", "r"]].concat());
    wait_for(|| d.join("r/replications.jsonl").exists().then_some(()));
    let start = Instant::now();
    let o = run(d, &["run", "-n", "1", "--out", "r"]);
    let took = start.elapsed();
    let still_running = first.try_wait().unwrap().is_none();
    first.kill().unwrap();
    first.wait().unwrap();
    assert!(
        still_running,
        "the first run ended before the second started"
    );
    let err = expect_exit(&o, 2, "a second writer");
    assert!(err.contains("is writing into this folder"), "{err}");
    assert!(
        took < Duration::from_secs(20),
        "refused only after {took:?}"
    );
}

// --- 6. logs checked against their scenario -------------------------------

/// Replaces the header (line 1) of `log` by `edit` of its JSON.
fn edit_header(log: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let mut lines = lines_of(log);
    let mut header: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
    edit(&mut header);
    lines[0] = header.to_string();
    write_lines(log, &lines);
}

#[test]
fn replication_logs_are_checked_against_their_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A header claiming 10^18 replications: refused at once, not allocated.
    let out = logged_run(d, "huge");
    edit_header(&out.join("replications.jsonl"), |h| {
        h["replications"] = serde_json::json!(1_000_000_000_000_000_000u64);
    });
    for args in [&["merge", "huge", "--out", "m"][..], &["plot", "huge"]] {
        let start = Instant::now();
        let o = run(d, args);
        let err = expect_exit(&o, 2, &format!("{args:?} of a huge header"));
        assert!(err.contains("line 1") && err.contains("1000000"), "{err}");
        assert!(start.elapsed() < Duration::from_secs(20));
    }
    // A record missing most metrics: rejected with its line.
    let out = logged_run(d, "short");
    let log = out.join("replications.jsonl");
    let mut lines = lines_of(&log);
    let mut record: serde_json::Value = serde_json::from_str(&lines[3]).unwrap();
    record["metrics"].as_array_mut().unwrap().truncate(5);
    lines[3] = record.to_string();
    write_lines(&log, &lines);
    let o = run(d, &["merge", "short", "--out", "m"]);
    let err = expect_exit(&o, 2, "merge of a record missing metrics");
    assert!(err.contains("line 4: no metric"), "{err}");
    // A header whose scenario disagrees with its records: refused whole.
    let out = logged_run(d, "other");
    edit_header(&out.join("replications.jsonl"), |h| {
        let toml = h["scenario_as_run"].as_str().unwrap();
        let renamed = toml.replace("online_desk", "web_desk");
        assert_ne!(renamed, toml);
        h["scenario_as_run"] = serde_json::json!(renamed);
    });
    for args in [&["merge", "other", "--out", "m"][..], &["plot", "other"]] {
        let o = run(d, args);
        let err = expect_exit(&o, 2, &format!("{args:?} of a mismatched header"));
        assert!(err.contains("disagrees with every record"), "{err}");
    }
}

// --- 8. --out checked before simulating -----------------------------------

#[test]
fn unusable_out_is_refused_before_simulating() {
    let (dir, _) = with_scenario();
    let d = dir.path();
    std::fs::write(d.join("taken"), "a file").unwrap();
    let commands: [&[&str]; 4] = [
        &["compare", "-n", "2", "s.toml", "s.toml", "--out", "taken"],
        &[
            "sweep",
            "s.toml",
            "-n",
            "2",
            "--set",
            "horizon_days=7..9:1",
            "--out",
            "taken",
        ],
        &[
            "sweep",
            "--budget",
            "200000",
            "--maximise",
            "response.g1.within_target_share",
            "-n",
            "1",
            "--set",
            "horizon_days=7",
            "--out",
            "taken",
        ],
        &["validate", "--out", "taken"],
    ];
    for args in commands {
        let o = run(d, args);
        let err = expect_exit(&o, 2, &format!("{args:?}"));
        assert!(err.contains("is a file, not a folder"), "{args:?}: {err}");
        // Nothing was simulated: no table was printed.
        assert!(
            o.stdout.is_empty(),
            "{args:?} simulated first:\n{}",
            text(&o.stdout)
        );
    }
}

// --- 12. one run's results per folder -------------------------------------

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn reused_out_folders_hold_no_stale_outputs() {
    let (dir, _) = with_scenario();
    let d = dir.path();
    let fresh = [
        &["run", "s.toml", "-n", "2", "--out", "fresh_run"][..],
        &[
            "sweep",
            "s.toml",
            "-n",
            "1",
            "--set",
            "horizon_days=7..8:1",
            "--out",
            "fresh_sweep",
        ],
    ];
    for args in fresh {
        expect_exit(&run(d, args), 0, &format!("{args:?}"));
    }
    // One folder reused: a comparison, then a sweep, then a run.
    let steps: [(&[&str], &str); 3] = [
        (
            &["compare", "-n", "2", "s.toml", "s.toml", "--out", "reused"],
            "",
        ),
        (
            &[
                "sweep",
                "s.toml",
                "-n",
                "1",
                "--set",
                "horizon_days=7..8:1",
                "--out",
                "reused",
            ],
            "fresh_sweep",
        ),
        (
            &["run", "s.toml", "-n", "2", "--out", "reused"],
            "fresh_run",
        ),
    ];
    for (args, fresh) in steps {
        expect_exit(&run(d, args), 0, &format!("{args:?}"));
        if !fresh.is_empty() {
            let reused = d.join("reused");
            let fresh = d.join(fresh);
            assert_eq!(names_in(&reused), names_in(&fresh), "{args:?}");
            assert_eq!(
                names_in(&reused.join("charts")),
                names_in(&fresh.join("charts")),
                "{args:?}"
            );
        }
    }
}

#[test]
fn a_mismatched_resume_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    logged_run(d, "r");
    let o = run(
        d,
        &[
            "run",
            "-n",
            "5",
            "--set",
            "horizon_days=21",
            "--seed=3",
            "--resume",
            "--out",
            "r",
        ],
    );
    let err = expect_exit(&o, 2, "a resume of another run");
    assert!(err.contains("cannot resume"), "{err}");
}
