//! `forcesim run`: simulates a scenario, prints the summary and the
//! analytic twin, and writes the run's files with `--out`; with `--trace`,
//! also the per-incident log of one replication.

use super::output::say;
use super::progress::Progress;
use super::{Failure, bad_input, batch_options, load_scenario, report_damage, scenario_inputs};
use crate::cli::RunArgs;
use anyhow::Context;
use forcesim::batch::{self, BatchOptions, BatchResult, Precision, PrecisionOutcome};
use forcesim::report::outputs::{self, Kind};
use forcesim::report::{self, Analysis, RunInfo};
use forcesim::scenario::Model;
use std::path::Path;

/// Simulates the scenario of `args` and reports it.
pub fn run(args: &RunArgs) -> Result<(), Failure> {
    let (loaded, model, source) = load_scenario(args.scenario.as_deref(), &args.overrides.set)?;
    let options = batch_options(args.seed, args.replications, args.threads, &model)?;
    let seed = options.seed;
    for warning in forcesim::scenario::coverage::unservable_demand(&model) {
        eprintln!("warning: {warning}");
    }
    let max = forcesim::scenario::validate::MAX_REPLICATIONS;
    if args.precision.is_some() && !(1..=max).contains(&args.max_replications) {
        let message = format!(
            "must be between 1 and {max} (got {})",
            args.max_replications
        );
        return Err(bad_input("--max-replications", message));
    }
    if args.trace.is_some() && args.trace_replication >= options.replications {
        let message = format!(
            "must be one of this run's replications, 0 to {} (got {})",
            options.replications - 1,
            args.trace_replication
        );
        return Err(bad_input("--trace-replication", message));
    }
    let logged = args.shard.is_some() || args.resume;
    if logged && (args.out.is_none() || args.precision.is_some()) {
        let message =
            "--shard and --resume need --out and cannot be combined with --precision".to_string();
        return Err(bad_input("--shard/--resume", message));
    }
    // Every output checked (and the folder locked) before simulating.
    let inputs = scenario_inputs(args.scenario.as_deref(), &loaded);
    if let Some(path) = &args.trace {
        if let Some(out) = &args.out {
            outputs::check_folder(out, Kind::Run, &inputs, args.force)?;
        }
        outputs::check_file(
            "--trace",
            path,
            &inputs,
            args.out.as_deref().map(|out| (out, Kind::Run)),
            report::trace::is_trace_file,
            args.force,
        )?;
    }
    if let Some(out) = args.out.as_deref().filter(|_| args.resume)
        && !out.join(report::shard::FILE).exists()
    {
        eprintln!(
            "warning: nothing to resume in {}: starting a new run",
            out.display()
        );
    }
    let folder = args
        .out
        .as_deref()
        .map(|dir| {
            outputs::OutputFolder::open_resuming(dir, Kind::Run, &inputs, args.force, args.resume)
        })
        .transpose()?;
    let progress = Progress::new("run", options.replications, "replications");
    // The log's scenario is the one run, with `extends` already resolved:
    // the key itself would make the log unreadable (a log's scenario must
    // read no other file).
    let mut as_run = loaded.merged.clone();
    as_run.remove("extends");
    let header = report::shard::Header {
        kind: "forcesim-replications".into(),
        schema_version: report::SCHEMA_VERSION,
        forcesim_version: env!("CARGO_PKG_VERSION").into(),
        scenario_name: model.name.clone(),
        scenario_source: source.clone(),
        scenario_as_run: toml::to_string_pretty(&as_run).map_err(anyhow::Error::from)?,
        seed,
        replications: options.replications,
    };
    let (result, precision) = simulate(args, &model, options, &header, &progress)?;
    progress.finish();
    let replications = result.replications.len() as u64;
    let analysis = report::analyse(&model, &result);

    // Files first: a closed or full standard output must not cost them.
    let mut reproduce = None;
    if let Some(out) = &args.out {
        let info = RunInfo {
            scenario_name: model.name.clone(),
            scenario_source: source.clone(),
            scenario_as_run: loaded.merged.clone(),
            seed,
            replications,
            shard: args.shard.map(|(k, n)| report::Shard {
                k,
                n,
                of: options.replications,
            }),
        };
        report::files::write_run(out, &info, &model, &result, &analysis)
            .map_err(anyhow::Error::from)?;
        if let Some(folder) = &folder {
            folder.remove_stale(Kind::Run.files())?;
        }
        reproduce = Some(info.reproduce(&format!("{}/scenario_as_run.toml", out.display())));
    }
    let traced = match &args.trace {
        Some(path) => Some(write_trace(
            &model,
            seed,
            args.trace_replication,
            path,
            &result,
        )?),
        None => None,
    };

    say!(
        "forcesim {} — scenario `{}` ({source})",
        env!("CARGO_PKG_VERSION"),
        model.name
    )?;
    say!(
        "{} of {} {}, seed {seed}",
        report::format::count_of(replications, "replication", "replications"),
        model.horizon_days(),
        if model.horizon_days() == 1.0 {
            "day"
        } else {
            "days"
        }
    )?;
    let table = if args.all {
        report::table::metric_table(&result, |_| true)
    } else {
        report::table::summary_table(&result)
    };
    say!("{table}")?;
    let all = args.all;
    if let Some(note) =
        report::table::interval_footnote(&result, |name| all || report::table::is_headline(name))
    {
        say!("{note}")?;
    }
    if let Some((target, outcome)) = &precision {
        print_precision(target, outcome)?;
    }
    print_analysis(&analysis)?;
    if let (Some(out), Some(reproduce)) = (&args.out, &reproduce) {
        say!(
            "wrote summary.json, summary.csv, replications.csv, results.xlsx, scenario_as_run.toml, charts/ and report.html to {} \
             (to reproduce: {reproduce})",
            out.display()
        )?;
    }
    if let (Some(path), Some(cases)) = (&args.trace, traced) {
        say!(
            "wrote the log of replication {} ({cases} cases) to {}",
            args.trace_replication,
            path.display()
        )?;
    }
    Ok(())
}

/// Runs the batch as `args` asks: logged to `--out` as it goes (so it can
/// be sharded or resumed), in memory, or until `--precision` is reached
/// (then also the target and how it went).
fn simulate(
    args: &RunArgs,
    model: &Model,
    options: BatchOptions,
    header: &report::shard::Header,
    progress: &Progress,
) -> Result<(BatchResult, Option<(Precision, PrecisionOutcome)>), Failure> {
    Ok(match (args.precision, &args.out) {
        (None, Some(out)) => {
            // Each replication is appended to the log as it finishes; the
            // result is then read back from the log in index order.
            let log = report::shard::OpenLog::open(out, header, args.resume)?;
            let damaged: Vec<_> = log
                .damaged
                .iter()
                .map(|d| (out.join(report::shard::FILE), d.clone()))
                .collect();
            report_damage(&damaged, log.recovered());
            let indices = batch::pending(header.replications, args.shard, &log.done);
            // The kept replications of this batch (or shard) count as done.
            let all = batch::pending(header.replications, args.shard, &Default::default());
            let kept = all.len() - indices.len();
            progress.set_total(all.len() as u64);
            if args.resume && log.existed {
                let of = match args.shard {
                    Some((k, n)) => format!(" (shard {k}/{n})"),
                    None => String::new(),
                };
                eprintln!(
                    "resuming: {kept} of {} replications{of} kept from {}",
                    all.len(),
                    out.join(report::shard::FILE).display()
                );
                progress.resume_from(kept as u64);
            }
            batch::run_logged(model, options, &indices, &|r| log.append(r), &|| {
                progress.inc()
            })
            .map_err(anyhow::Error::from)?;
            (log.finish()?, None)
        }
        (None, None) => (
            batch::run(model, options, &|| progress.inc()).map_err(anyhow::Error::from)?,
            None,
        ),
        (Some(target), out) => {
            progress.set_total(args.max_replications);
            let run = |in_order: &mut dyn FnMut(
                &forcesim::metrics::ReplicationResult,
            ) -> Result<(), String>| {
                batch::run_to_precision_with(
                    model,
                    options,
                    target,
                    args.max_replications,
                    &report::table::is_headline,
                    &|| progress.inc(),
                    in_order,
                )
            };
            let (result, outcome) = match out {
                None => run(&mut |_| Ok(())).map_err(anyhow::Error::from)?,
                // A run to precision is not resumable, but its replications
                // are logged, in index order as they are folded, so that
                // `forcesim plot` and `merge` can read them.
                Some(out) => {
                    let path = out.join(report::shard::FILE);
                    let mut ran = None;
                    report::write::atomic_write_with(&path, |w| {
                        report::shard::write_header(w, header)?;
                        let outcome = run(&mut |r| {
                            report::shard::write_record(w, r).map_err(|e| e.to_string())
                        })
                        .map_err(std::io::Error::other)?;
                        ran = Some(outcome);
                        Ok(())
                    })
                    .with_context(|| format!("cannot write {}", path.display()))?;
                    ran.context("internal error: the batch did not run")?
                }
            };
            (result, Some((target, outcome)))
        }
    })
}

/// Whether a run to precision reached its target, and if not, where not.
fn print_precision(target: &Precision, outcome: &PrecisionOutcome) -> Result<(), Failure> {
    let wanted = match target {
        Precision::Relative(r) => format!("±{} % of the mean", r * 100.0),
        Precision::Absolute(a) => format!("±{a} in each metric's unit"),
    };
    if outcome.unmet.is_empty() {
        say!(
            "Precision {wanted} reached for every headline metric after {}.",
            report::format::count_of(outcome.replications, "replication", "replications")
        )
    } else {
        say!(
            "Stopped at the cap of {}; still wider than {wanted}: {}",
            report::format::count_of(outcome.replications, "replication", "replications"),
            outcome.unmet.join(", ")
        )
    }
}

/// The analytic twin's table and the statements drawn from the run.
fn print_analysis(analysis: &Analysis) -> Result<(), Failure> {
    say!(
        "Analytic twin: steady-state Erlang C (and Cobham by priority class) at each team's average load and staffing"
    )?;
    say!("{}", report::table::twin_table(&analysis.twin))?;
    for statement in &analysis.statements {
        say!("- {statement}")?;
    }
    Ok(())
}

/// Re-runs replication `replication` with the per-incident log on and
/// writes the log to `path`; checks that the traced run reproduces the
/// batch's figures for it (the log's promise), when the batch ran it.
/// Returns the number of cases logged.
fn write_trace(
    model: &Model,
    seed: u64,
    replication: u64,
    path: &Path,
    result: &BatchResult,
) -> anyhow::Result<u64> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create folder {}", dir.display()))?;
    }
    // The log is written as the replication runs (rows spilled beside the
    // file as cases end, then put in arrival order), never held in memory.
    let batch_bits: Option<Vec<u64>> = result
        .replication(replication)
        .map(|r| r.values.iter().map(|v| v.to_bits()).collect());
    let bits = |r: &forcesim::metrics::ReplicationResult| -> Vec<u64> {
        r.metrics.iter().map(|m| m.value.to_bits()).collect()
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let spill = path.with_file_name(format!(".{name}.spill-{}", std::process::id()));
    let mut cases = 0;
    report::write::atomic_write_with(path, |w| {
        let (traced, logged) =
            report::trace_stream::write_streamed(model, seed, replication, &spill, w)?;
        if batch_bits.as_ref().is_some_and(|b| *b != bits(&traced)) {
            return Err(std::io::Error::other(format!(
                "internal error: the traced replication {replication} differs from the batch's"
            )));
        }
        cases = logged;
        Ok(())
    })
    .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(cases)
}
