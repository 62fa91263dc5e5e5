//! Input files are read only when they are regular files, and never past a
//! size cap: a scenario, an `extends` target or a results folder's file
//! that is a device (`/dev/zero`, `/dev/urandom`), a FIFO or a folder is a
//! located error with exit code 2, never an endless read or a hang.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Runs forcesim with `args` (at most 30 s: a hang fails the test);
/// returns (exit code, stderr).
fn forcesim(args: &[&str]) -> (Option<i32>, String) {
    let out = Command::cargo_bin("forcesim")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A FIFO at `path` (Unix), made with `mkfifo`.
fn fifo(path: &Path) -> bool {
    std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

/// Things that are not regular files, named for messages.
fn not_regular(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![
        PathBuf::from("/dev/zero"),
        PathBuf::from("/dev/urandom"),
        dir.to_path_buf(),
    ];
    let f = dir.join("fifo");
    if fifo(&f) {
        out.push(f);
    }
    out.retain(|p| p.exists());
    out
}

#[test]
fn only_regular_files_are_read() {
    let dir = tempfile::tempdir().unwrap();
    for special in not_regular(dir.path()) {
        let special_str = special.to_str().unwrap();

        // The scenario itself.
        let (code, stderr) = forcesim(&["check", special_str]);
        assert_eq!(code, Some(2), "check {special_str}: {stderr}");
        assert!(stderr.contains("not a regular file"), "{stderr}");

        // An `extends` target: located at the `extends` line.
        let child = dir.path().join("child.toml");
        std::fs::write(&child, format!("name = \"x\"\nextends = {special_str:?}\n")).unwrap();
        let (code, stderr) = forcesim(&["check", child.to_str().unwrap()]);
        assert_eq!(code, Some(2), "extends {special_str}: {stderr}");
        assert!(
            stderr.contains(&format!("{}:2: extends:", child.display())),
            "not located at the extends line: {stderr}"
        );
        assert!(stderr.contains("not a regular file"), "{stderr}");

        // A results folder's files: `plot` and `merge`.
        for file in ["comparison.json", "replications.jsonl"] {
            let results = dir.path().join(format!("results-{file}"));
            let _ = std::fs::remove_dir_all(&results);
            std::fs::create_dir(&results).unwrap();
            #[cfg(unix)]
            std::os::unix::fs::symlink(&special, results.join(file)).unwrap();
            #[cfg(not(unix))]
            continue;
            let r = results.to_str().unwrap();
            let (code, stderr) = forcesim(&["plot", r]);
            assert_eq!(code, Some(2), "plot with {file} → {special_str}: {stderr}");
            assert!(stderr.contains("not a regular file"), "{stderr}");
            if file == "replications.jsonl" {
                let merged = dir.path().join("merged");
                let (code, stderr) = forcesim(&["merge", r, "--out", merged.to_str().unwrap()]);
                assert_eq!(code, Some(2), "merge with {special_str}: {stderr}");
                assert!(stderr.contains("not a regular file"), "{stderr}");
            }
        }
    }

    // A regular file past the cap is refused before it is read.
    let big = dir.path().join("big.toml");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(16 * 1024 * 1024 + 1).unwrap();
    let (code, stderr) = forcesim(&["check", big.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("larger than"), "{stderr}");
}
