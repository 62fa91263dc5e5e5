//! Fuzzes what `merge` and `plot` read from a results folder, as damaged
//! as it comes: any input must give Ok or Err, never a panic, hang, abort
//! or huge allocation.
//!
//! The first byte picks the file the rest of the input is (0:
//! `replications.jsonl`, 1: `comparison.json`, 2: `sweep.json`, modulo 3);
//! the rest goes through the library code `merge` and `plot` run on it:
//! the checked log reader, then the batch summary (its records folded
//! one at a time), the analysis, the
//! charts and the report of a run (only when every record is whole, to
//! keep executions fast); or the document reader, then the charts and the
//! report of a comparison or a sweep.

#![no_main]

use forcesim::report::{self, charts, documents, html, log_read};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    match which % 3 {
        0 => replication_log(rest),
        1 => {
            let text = String::from_utf8_lossy(rest);
            if let Ok(doc) = documents::parse(&text, documents::COMPARISON_KIND) {
                if let Ok(drawn) = charts::for_comparison(&doc) {
                    let _ = html::comparison_report(&doc, &drawn);
                }
            }
        }
        _ => {
            let text = String::from_utf8_lossy(rest);
            if let Ok(doc) = documents::parse(&text, documents::SWEEP_KIND) {
                if let Ok(drawn) = charts::for_sweep(&doc) {
                    let _ = html::sweep_report(&doc, &drawn);
                }
            }
        }
    }
});

fn replication_log(bytes: &[u8]) {
    let Ok(log) = log_read::read_from(bytes, "replications.jsonl") else {
        return;
    };
    if log.entries.is_empty() {
        return;
    }
    let draw = log.damaged.is_empty();
    let (seed, source) = (log.header.seed, log.header.scenario_source.clone());
    let mut sources = [report::shard::Source::new(
        "replications.jsonl",
        log,
        std::io::Cursor::new(bytes),
    )];
    let Ok(result) = report::shard::fold_sources(seed, &mut sources, None) else {
        return;
    };
    let model = &sources[0].contents.model;
    let analysis = report::analyse(model, &result);
    if draw {
        let info = report::RunInfo {
            scenario_name: model.name.clone(),
            scenario_source: source,
            scenario_as_run: toml::Table::new(),
            seed,
            replications: result.replications.len() as u64,
            shard: None,
        };
        if let Ok(drawn) = charts::for_run(model, &result) {
            let _ = html::run_report(&info, model, &result, &analysis, &drawn);
        }
    }
}
