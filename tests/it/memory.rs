//! Memory a batch may take is bounded and stated (issue 12, item 7): what
//! cannot be streamed has a limit in `--help`, and a request beyond it is
//! bad input (exit 2) before anything is simulated or allocated; what can
//! be streamed is (a batch keeps of each replication only its metric
//! values).

use assert_cmd::Command;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::time::Duration;

/// The system allocator, counting the bytes live on each thread that asks
/// (see [`live_bytes_of`]); other threads and other tests are not counted.
struct PerThreadCounting;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static LIVE: Cell<isize> = const { Cell::new(0) };
}

fn count(delta: isize) {
    let _ = COUNTING.try_with(|on| {
        if on.get() {
            let _ = LIVE.try_with(|live| live.set(live.get() + delta));
        }
    });
}

// SAFETY: every call is forwarded to the system allocator unchanged; the
// counting touches only const-initialised thread locals without destructors.
unsafe impl GlobalAlloc for PerThreadCounting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size() as isize);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count(-(layout.size() as isize));
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size() as isize);
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size as isize - layout.size() as isize);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: PerThreadCounting = PerThreadCounting;

/// Runs `work` on this thread and returns its value and the heap bytes it
/// left allocated (allocated minus freed, on this thread).
fn live_bytes_of<T>(work: impl FnOnce() -> T) -> (T, isize) {
    LIVE.with(|live| live.set(0));
    COUNTING.with(|on| on.set(true));
    let value = work();
    COUNTING.with(|on| on.set(false));
    (value, LIVE.with(Cell::get))
}

/// What a batch keeps of each replication is its metric values (8 bytes a
/// metric, and a few words), not its histograms, hour-of-week profiles and
/// series (about 200 KB a year for the default force): the memory a batch
/// holds grows by that much per replication, measured as the heap bytes
/// its result holds (replications run and summarised on this thread).
#[test]
fn a_batch_keeps_only_metric_values_per_replication() {
    let model = crate::trace::short_default();
    let held = |n: u64| {
        live_bytes_of(|| {
            let all: Vec<_> = (0..n)
                .map(|i| forcesim::batch::replicate(&model, 2, i))
                .collect();
            forcesim::batch::summarise(2, all).expect("one model, one shape")
        })
    };
    let (small, small_bytes) = held(2);
    let (large, large_bytes) = held(10);
    // A full replication result: what the batch must not keep.
    let (full_result, full) = live_bytes_of(|| forcesim::batch::replicate(&model, 2, 0));
    assert!(!full_result.distributions.is_empty() && !full_result.hourly.is_empty());
    let metrics = small.summary.len();
    let values = 8 * metrics + size_of::<forcesim::batch::ReplicationValues>();
    let per_replication = (large_bytes - small_bytes) / 8;
    assert!(
        per_replication as f64 <= values as f64 * 1.1,
        "a batch holds {per_replication} bytes more per replication; its metric values \
         are {values} bytes ({metrics} metrics) and a whole replication {full} bytes"
    );
    assert!(
        full > 10 * values as isize,
        "{full} bytes in a whole replication"
    );
    // What the result says it retains is what it holds.
    assert_eq!(large.retained_bytes() - small.retained_bytes(), 8 * values);
    // A batch run in parallel keeps the same per replication.
    let options = |replications| forcesim::batch::BatchOptions {
        seed: 2,
        replications,
        threads: Some(2),
    };
    let run = |n| forcesim::batch::run(&model, options(n), &|| {}).unwrap();
    let (a, b) = (run(2), run(10));
    assert_eq!(b.retained_bytes() - a.retained_bytes(), 8 * values);
}

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
    // Replications: each replication's metric values are held until the
    // batch ends, so the count is bounded (100,000 replications of a year
    // of the default force hold ~470 MB).
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
            "run.replications=200000",
            "--set",
            "horizon_days=1",
        ][..],
    ] {
        let out = forcesim(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("100000"), "{args:?}: {stderr}");
    }
    // The limits and the memory per replication are stated in --help.
    let help = String::from_utf8_lossy(&forcesim(&["run", "--help"]).stdout).into_owned();
    for needle in ["1 to 256", "1 to 100,000", "5 KB"] {
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
    let bits = |r: &forcesim::metrics::ReplicationResult| -> Vec<u64> {
        r.metrics.iter().map(|m| m.value.to_bits()).collect()
    };
    assert_eq!(bits(&result), bits(&batch));
}
