//! A closed or full standard output: every command writes its files
//! first, then ends quietly with exit code 141 on a closed pipe (as a tool
//! stopped by SIGPIPE) or exit code 1 with the reason on a full device;
//! never a panic.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A short variant of the default scenario, written to `dir/name`.
fn short_scenario(dir: &Path, name: &str) -> PathBuf {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/staffordshire-2018.toml");
    let path = dir.join(name);
    let text = format!(
        "extends = {:?}\nname = {name:?}\nhorizon_days = 3\n",
        base.to_str().unwrap()
    );
    std::fs::write(&path, text).unwrap();
    path
}

/// Each command (its arguments) and the files it must have written.
fn commands(dir: &Path) -> Vec<(Vec<String>, Vec<PathBuf>)> {
    let a = short_scenario(dir, "a.toml");
    let b = short_scenario(dir, "b.toml");
    let s = |p: &Path| p.to_str().unwrap().to_string();
    let out = |name: &str| dir.join(name);
    let args = |v: &[&str]| v.iter().map(ToString::to_string).collect::<Vec<_>>();
    vec![
        (args(&["check", &s(&a)]), vec![]),
        (
            args(&["run", &s(&a), "-n", "2", "--out", &s(&out("run"))]),
            vec![out("run/summary.csv"), out("run/report.html")],
        ),
        (
            args(&[
                "compare",
                "-n",
                "2",
                &s(&a),
                &s(&b),
                "--out",
                &s(&out("cmp")),
            ]),
            vec![out("cmp/comparison.csv"), out("cmp/appraisal.csv")],
        ),
        (
            args(&[
                "sweep",
                &s(&a),
                "-n",
                "2",
                "--set",
                "teams.response_north.headcount_by_role.constable=180..220:40",
                "--out",
                &s(&out("sweep")),
            ]),
            vec![out("sweep/sweep.csv")],
        ),
        (args(&["--help"]), vec![]),
    ]
}

/// Waits for `child` (at most two minutes).
fn wait(child: &mut std::process::Child) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("forcesim did not end");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Standard output a pipe whose read end is closed before anything is
/// written (`forcesim … | true`): exit 141, nothing on standard error,
/// every file written. It used to panic (exit 101) before writing them.
#[test]
fn broken_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    for (args, files) in commands(dir.path()) {
        // The read end is closed before forcesim starts. Closing it after
        // the spawn (as this test once did) raced with the other test
        // threads: a child they forked meanwhile held a copy of the read end
        // until its exec, so under load forcesim's `--help` fitted in the
        // pipe and exited 0.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        // --quiet: no progress lines, so standard error must stay empty.
        let mut child = Command::new(env!("CARGO_BIN_EXE_forcesim"))
            .args(&args)
            .arg("--quiet")
            .stdout(writer)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = child.stderr.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut stderr, &mut text).unwrap();
            text
        });
        let status = wait(&mut child);
        let stderr = reader.join().unwrap();
        assert_eq!(status.code(), Some(141), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?} was not quiet: {stderr}");
        for f in files {
            assert!(f.is_file(), "{args:?} did not write {}", f.display());
        }
    }
}

/// Standard output a full device (`> /dev/full`): exit 1 with the reason,
/// no panic, every file written.
#[test]
fn full_stdout_fails_cleanly() {
    if !Path::new("/dev/full").exists() {
        return; // not Linux: no such device to test with
    }
    let dir = tempfile::tempdir().unwrap();
    for (args, files) in commands(dir.path()) {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_forcesim"))
            .args(&args)
            .stdout(full)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(stderr.contains("No space left"), "{args:?}: {stderr}");
        for f in files {
            assert!(f.is_file(), "{args:?} did not write {}", f.display());
        }
    }
}
