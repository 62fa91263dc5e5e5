//! Same scenario and seed → identical results, whatever the thread count;
//! staffing changes never change the arrivals (common random numbers); the
//! simulation core stays pure.

use crate::common::{default_model, metric};

/// Metric names and value bit patterns: equality that treats NaN (an
/// undefined share, a class with no jobs) as equal to itself.
fn bits(metrics: &[forcesim::metrics::Metric]) -> Vec<(&str, u64)> {
    metrics
        .iter()
        .map(|m| (m.name.as_str(), m.value.to_bits()))
        .collect()
}
use forcesim::batch::{self, BatchOptions};

#[test]
fn same_seed_same_replication() {
    let model = default_model();
    let a = forcesim::metrics::run(&model, 7, 3);
    let b = forcesim::metrics::run(&model, 7, 3);
    assert_eq!(bits(&a.metrics), bits(&b.metrics));
    assert_eq!(a.events, b.events);
    let c = forcesim::metrics::run(&model, 8, 3);
    assert_ne!(
        bits(&a.metrics),
        bits(&c.metrics),
        "a different seed must give different numbers"
    );
}

/// Every figure of a batch as bit patterns: metric values, summaries,
/// pooled percentiles and histograms, hour-of-week profiles and series
/// bands.
fn batch_bits(r: &batch::BatchResult) -> Vec<String> {
    let mut out: Vec<String> = r
        .replications
        .iter()
        .map(|v| {
            format!(
                "{} {:?}",
                v.replication,
                v.values.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
            )
        })
        .collect();
    out.extend(
        r.summary
            .iter()
            .map(|m| format!("{} {:?}", m.name, m.estimate)),
    );
    out.extend(r.pooled.iter().map(|p| format!("{p:?}")));
    out.extend(
        r.distributions
            .iter()
            .map(|d| format!("{} {:?}", d.name, d.histogram)),
    );
    for h in &r.hourly {
        for xs in [&h.utilisation, &h.capacity, &h.arrivals] {
            out.push(format!(
                "{} {:?}",
                h.team,
                xs.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
            ));
        }
    }
    out.extend(r.series.iter().map(|s| format!("{s:?}")));
    out
}

#[test]
fn identical_on_one_and_two_threads() {
    let mut model = default_model();
    model.horizon = forcesim::time::SimTime::from_days(60);
    // More replications than one chunk on one thread, so the in-order fold
    // crosses chunk boundaries that fall elsewhere on two threads.
    let n = 2 * batch::run::CHUNK_PER_THREAD as u64 + 1;
    let run = |threads| {
        batch::run(
            &model,
            BatchOptions {
                seed: 5,
                replications: n,
                threads: Some(threads),
            },
            &|| {},
        )
        .unwrap()
    };
    let (one, two) = (run(1), run(2));
    assert_eq!(one.replications.len() as u64, n);
    assert!(!one.series.is_empty() && !one.hourly.is_empty() && !one.pooled.is_empty());
    assert_eq!(batch_bits(&one), batch_bits(&two));
    // And the same as summarising every full replication at once.
    let all = (0..n).map(|i| batch::replicate(&model, 5, i));
    let at_once = batch::summarise(5, all).unwrap();
    assert_eq!(batch_bits(&one), batch_bits(&at_once));
}

#[test]
fn staffing_changes_do_not_move_arrivals() {
    let base = default_model();
    let mut fewer = default_model();
    // Fewer response officers: the same calls arrive and are graded the
    // same; only what happens after dispatch changes.
    let response: Vec<usize> = base.areas.iter().map(|a| a.response_team).collect();
    for (_, team) in fewer
        .teams
        .iter_mut()
        .enumerate()
        .filter(|(i, _)| response.contains(i))
    {
        for shift in &mut team.shifts {
            shift.staff = shift.staff * 3 / 4;
        }
        // A rota team takes its staff from the rota.
        for n in team
            .rota
            .iter_mut()
            .flat_map(|r| r.staff.iter_mut().flatten())
        {
            *n = *n * 3 / 4;
        }
    }
    let a = forcesim::metrics::run(&base, 99, 0);
    let b = forcesim::metrics::run(&fewer, 99, 0);
    for m in &a.metrics {
        if m.name.ends_with(".offered")
            || m.name.starts_with("incidents.g") && !m.name.contains("g4_")
        {
            assert_eq!(
                m.value,
                metric(&b.metrics, &m.name),
                "{} moved with staffing",
                m.name
            );
        }
    }
    assert_ne!(
        metric(&a.metrics, "response.g1.response_time_mean_min"),
        metric(&b.metrics, "response.g1.response_time_mean_min")
    );
}

#[test]
fn the_simulation_core_does_no_io_and_no_threads() {
    fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    rust_files(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/sim"),
        &mut files,
    );
    assert!(files.len() >= 10, "found only {files:?}");
    let forbidden = [
        "std::fs",
        "println!",
        "eprintln!",
        "rayon",
        "std::thread",
        "Instant::now",
        "SystemTime",
        "static mut",
    ];
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        for word in forbidden {
            assert!(!text.contains(word), "{} uses {word}", path.display());
        }
    }
}
