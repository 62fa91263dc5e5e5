//! Memory a batch may take is bounded and stated (issue 12, item 7): what
//! cannot be streamed has a limit in `--help`, and a request beyond it is
//! bad input (exit 2) before anything is simulated or allocated.

use assert_cmd::Command;
use std::time::Duration;

fn forcesim(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("forcesim")
        .expect("forcesim binary")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .timeout(Duration::from_secs(60))
        .args(args)
        .output()
        .expect("run forcesim")
}

#[test]
fn batch_memory_is_bounded() {
    // Thread counts: every command that runs a batch.
    for args in [
        &[
            "run",
            "-n",
            "1",
            "--threads",
            "100000",
            "--set",
            "horizon_days=1",
        ][..],
        &["run", "-n", "1", "-j", "0", "--set", "horizon_days=1"][..],
        &["validate", "--threads", "100000"][..],
        &[
            "compare",
            "-n",
            "1",
            "--threads",
            "100000",
            "scenarios/staffordshire-2018.toml",
        ][..],
    ] {
        let out = forcesim(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("from 1 to 256"), "{args:?}: {stderr}");
    }
    // Replications: every result is held until the batch ends, so the count
    // is bounded (a million replications of the default force is ~200 GB).
    for args in [
        &["run", "-n", "1000000", "--set", "horizon_days=1"][..],
        &[
            "run",
            "-n",
            "2",
            "--precision",
            "1%",
            "--max-replications",
            "1000000",
            "--set",
            "horizon_days=1",
        ][..],
        &[
            "run",
            "-n",
            "1",
            "--set",
            "run.replications=20000",
            "--set",
            "horizon_days=1",
        ][..],
    ] {
        let out = forcesim(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("10000"), "{args:?}: {stderr}");
    }
    // The limits and the memory per replication are stated in --help.
    let help = String::from_utf8_lossy(&forcesim(&["run", "--help"]).stdout).into_owned();
    for needle in ["1 to 256", "1 to 10,000", "210 KB"] {
        assert!(
            help.contains(needle),
            "run --help lacks `{needle}`:\n{help}"
        );
    }
}

/// `--trace` writes the log as the replication runs (rows spilled as cases
/// end, then copied in arrival order) instead of holding ~160 bytes per case
/// until the end: the file must be byte for byte the in-memory log's.
#[test]
fn trace_is_written_as_it_goes_byte_for_byte() {
    let model = crate::trace::short_default();
    let (_, trace) = forcesim::sim::run_traced(&model, 4, 1);
    let mut in_memory = Vec::new();
    forcesim::report::trace::write_csv(&model, &trace, &mut in_memory).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let spill = dir.path().join("spill");
    let mut streamed = Vec::new();
    let (result, cases) =
        forcesim::report::trace_stream::write_streamed(&model, 4, 1, &spill, &mut streamed)
            .unwrap();
    assert_eq!(cases as usize, trace.records.len());
    assert!(cases > 10_000, "{cases} cases");
    assert!(
        in_memory == streamed,
        "the streamed log differs from the in-memory one"
    );
    assert!(!spill.exists(), "the spill file was left behind");
    let batch = forcesim::batch::replicate(&model, 4, 1);
    let bits = |r: &forcesim::sim::ReplicationResult| -> Vec<u64> {
        r.metrics.iter().map(|m| m.value.to_bits()).collect()
    };
    assert_eq!(bits(&result), bits(&batch));
}
