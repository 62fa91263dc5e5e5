//! `forcesim run`: simulates a scenario, prints the summary and the
//! analytic twin, and writes the run's files with `--out`; with `--trace`,
//! also the per-incident log of one replication.

use super::{Failure, bad_input, batch_options, create_output_folder, load_scenario};
use crate::cli::RunArgs;
use anyhow::Context;
use forcesim::batch::{self, BatchOptions, BatchResult, Precision, PrecisionOutcome};
use forcesim::report::{self, Analysis, RunInfo};
use forcesim::scenario::Model;
use indicatif::{ProgressBar, ProgressStyle};
use std::path::Path;

/// Simulates the scenario of `args` and reports it.
pub fn run(args: RunArgs) -> Result<(), Failure> {
    let (loaded, model, source) = load_scenario(args.scenario.as_deref(), &args.set)?;
    let options = batch_options(args.seed, args.replications, args.threads, &model)?;
    let seed = options.seed;
    if args.trace.is_some() && args.trace_replication >= options.replications {
        let message = format!(
            "must be one of this run's replications, 0 to {} (got {})",
            options.replications - 1,
            args.trace_replication
        );
        return Err(bad_input("--trace-replication", message));
    }
    if let Some(out) = &args.out {
        create_output_folder(out)?;
    }
    let progress = progress_bar(options.replications);
    let logged = args.shard.is_some() || args.resume;
    if logged && (args.out.is_none() || args.precision.is_some()) {
        let message =
            "--shard and --resume need --out and cannot be combined with --precision".to_string();
        return Err(bad_input("--shard/--resume", message));
    }
    let header = report::shard::Header {
        kind: "forcesim-replications".into(),
        schema_version: report::SCHEMA_VERSION,
        forcesim_version: env!("CARGO_PKG_VERSION").into(),
        scenario_name: model.name.clone(),
        scenario_source: source.clone(),
        scenario_as_run: toml::to_string_pretty(&loaded.merged).map_err(anyhow::Error::from)?,
        seed,
        replications: options.replications,
    };
    let (result, precision) = simulate(&args, &model, options, &header, &progress)?;
    progress.finish_and_clear();
    let replications = result.replications.len() as u64;

    println!(
        "forcesim {} — scenario `{}` ({source})",
        env!("CARGO_PKG_VERSION"),
        model.name
    );
    println!(
        "{replications} replications of {} days, seed {seed}",
        model.days.len()
    );
    let table = if args.all {
        report::table::metric_table(&result, |_| true)
    } else {
        report::table::summary_table(&result)
    };
    println!("{table}");
    if let Some((target, outcome)) = &precision {
        print_precision(target, outcome);
    }
    let analysis = report::analyse(&model, &result);
    print_analysis(&analysis);

    if let Some(out) = &args.out {
        let info = RunInfo {
            scenario_name: model.name.clone(),
            scenario_source: source,
            scenario_as_run: loaded.merged.clone(),
            seed,
            replications,
            shard: args.shard.map(|(k, n)| report::Shard {
                k,
                n,
                of: options.replications,
            }),
        };
        if precision.is_some() {
            // A run to precision is not logged as it goes: write its
            // replications now, so `forcesim plot` and `merge` can read them.
            report::shard::write_sorted(
                &out.join(report::shard::FILE),
                &header,
                &result.replications,
            )
            .map_err(|e| anyhow::anyhow!(e))?;
        }
        report::files::write_run(out, &info, &model, &result, &analysis)
            .map_err(anyhow::Error::from)?;
        println!(
            "wrote summary.json, summary.csv, replications.csv, results.xlsx, scenario_as_run.toml, charts/ and report.html to {} \
             (to reproduce: {})",
            out.display(),
            info.reproduce(&format!("{}/scenario_as_run.toml", out.display()))
        );
    }
    if let Some(path) = &args.trace {
        write_trace(&model, seed, args.trace_replication, path, &result)?;
    }
    Ok(())
}

/// The bar shown on the terminal while replications run.
fn progress_bar(replications: u64) -> ProgressBar {
    ProgressBar::new(replications).with_style(
        ProgressStyle::with_template(
            "{spinner} {pos}/{len} replications [{elapsed_precise}, {eta} left]",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    )
}

/// Runs the batch as `args` asks: logged to `--out` as it goes (so it can
/// be sharded or resumed), in memory, or until `--precision` is reached
/// (then also the target and how it went).
fn simulate(
    args: &RunArgs,
    model: &Model,
    options: BatchOptions,
    header: &report::shard::Header,
    progress: &ProgressBar,
) -> Result<(BatchResult, Option<(Precision, PrecisionOutcome)>), Failure> {
    Ok(match (args.precision, &args.out) {
        (None, Some(out)) => {
            let all = report::shard::run_logged(
                model,
                options,
                header,
                out,
                args.shard,
                args.resume,
                &|| progress.inc(1),
            )
            .map_err(|e| anyhow::anyhow!(e))?;
            (batch::summarise(options.seed, all), None)
        }
        (None, None) => (
            batch::run(model, options, &|| progress.inc(1)).map_err(anyhow::Error::from)?,
            None,
        ),
        (Some(target), _) => {
            progress.set_length(args.max_replications);
            let (result, outcome) = batch::run_to_precision(
                model,
                options,
                target,
                args.max_replications,
                &report::table::is_headline,
                &|| progress.inc(1),
            )
            .map_err(anyhow::Error::from)?;
            (result, Some((target, outcome)))
        }
    })
}

/// Whether a run to precision reached its target, and if not, where not.
fn print_precision(target: &Precision, outcome: &PrecisionOutcome) {
    let wanted = match target {
        Precision::Relative(r) => format!("±{} % of the mean", r * 100.0),
        Precision::Absolute(a) => format!("±{a} in each metric's unit"),
    };
    if outcome.unmet.is_empty() {
        println!(
            "Precision {wanted} reached for every headline metric after {} replications.",
            outcome.replications
        );
    } else {
        println!(
            "Stopped at the cap of {} replications; still wider than {wanted}: {}",
            outcome.replications,
            outcome.unmet.join(", ")
        );
    }
}

/// The analytic twin's table and the statements drawn from the run.
fn print_analysis(analysis: &Analysis) {
    println!(
        "Analytic twin: steady-state Erlang C (and Cobham by priority class) at each team's average load and staffing"
    );
    println!("{}", report::table::twin_table(&analysis.twin));
    for statement in &analysis.statements {
        println!("- {statement}");
    }
}

/// Re-runs replication `replication` with the per-incident log on and
/// writes the log to `path`; checks that the traced run reproduces the
/// batch's figures for it (the log's promise), when the batch ran it.
fn write_trace(
    model: &Model,
    seed: u64,
    replication: u64,
    path: &Path,
    result: &BatchResult,
) -> anyhow::Result<()> {
    let (traced, trace) = batch::replicate_traced(model, seed, replication);
    let bits = |r: &forcesim::sim::ReplicationResult| -> Vec<u64> {
        r.metrics.iter().map(|m| m.value.to_bits()).collect()
    };
    if let Some(r) = result
        .replications
        .iter()
        .find(|r| r.replication == replication)
    {
        anyhow::ensure!(
            bits(r) == bits(&traced),
            "internal error: the traced replication {replication} differs from the batch's"
        );
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create folder {}", dir.display()))?;
    }
    report::write::atomic_write_with(path, |w| {
        report::trace::write_csv(model, &trace, w).map_err(std::io::Error::from)
    })
    .with_context(|| format!("cannot write {}", path.display()))?;
    println!(
        "wrote the log of replication {replication} ({} cases) to {}",
        trace.records.len(),
        path.display()
    );
    Ok(())
}
