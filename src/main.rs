//! The forcesim command line. Reads like a table of contents: parse
//! arguments, load the scenario, run the batch, print and write results.

mod cli;
mod finance_cmd;

use anyhow::Context;
use clap::Parser;
use cli::{Cli, Command, CompareArgs, RunArgs, SweepArgs};
use forcesim::batch::{self, BatchOptions};
use forcesim::report::{self, RunInfo};
use forcesim::scenario::{self, LoadedScenario, Model, ScenarioError};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::Path;
use std::process::ExitCode;

/// Exit code for bad input (scenario or arguments), as clap uses.
const EXIT_BAD_INPUT: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Run(args) => run(args),
        Command::Check { scenario } => check(&scenario),
        Command::Compare(args) => compare(args),
        Command::Sweep(args) => sweep(args),
        Command::Merge { dirs, out } => merge(&dirs, &out),
        Command::Validate { seed, threads, out } => validate(seed, threads, out.as_deref()),
        Command::Plot { results, out } => plot(&results, out.as_deref()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::BadInput(e)) => {
            eprintln!("{e}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
        Err(Failure::Runtime(e)) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

enum Failure {
    BadInput(ScenarioError),
    Runtime(anyhow::Error),
}

impl From<ScenarioError> for Failure {
    fn from(e: ScenarioError) -> Self {
        Failure::BadInput(e)
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Runtime(e)
    }
}

fn check(path: &Path) -> Result<(), Failure> {
    let (_, model) = scenario::from_file(path)?;
    println!(
        "{}: ok — scenario `{}`: {} streams, {} channels, {} categories, {} areas, {} teams, {} days",
        path.display(),
        model.name,
        model.streams.len(),
        model.channels.len(),
        model.categories.len(),
        model.areas.len(),
        model.teams.len(),
        model.days.len()
    );
    Ok(())
}

fn compare(args: CompareArgs) -> Result<(), Failure> {
    // Read and check every scenario before simulating any.
    let mut models = Vec::with_capacity(args.scenarios.len());
    for path in &args.scenarios {
        models.push(scenario::from_file(path)?.1);
    }
    let base = &models[0];
    let options = batch_options(args.seed, args.replications, args.threads, base)?;
    let (seed, replications) = (options.seed, options.replications);
    let progress = ProgressBar::new(replications * models.len() as u64);
    let mut results = Vec::with_capacity(models.len());
    for model in &models {
        results.push(batch::run(model, options, &|| progress.inc(1)).map_err(anyhow::Error::from)?);
    }
    progress.finish_and_clear();
    let mut rows = Vec::new();
    for (model, result) in models.iter().zip(&results).skip(1) {
        rows.extend(forcesim::compare::paired_differences(
            &results[0],
            result,
            &model.name,
        ));
    }
    println!(
        "forcesim {} — {} against base `{}`: {replications} paired replications, seed {seed}",
        env!("CARGO_PKG_VERSION"),
        models[1..]
            .iter()
            .map(|m| format!("`{}`", m.name))
            .collect::<Vec<_>>()
            .join(", "),
        base.name
    );
    let keep = |name: &str| args.all || report::table::is_headline(name);
    println!("{}", report::table::comparison_table(&rows, keep));
    if let Some(out) = &args.out {
        std::fs::create_dir_all(out)
            .with_context(|| format!("cannot create output folder {}", out.display()))?;
        let path = out.join("comparison.csv");
        let bytes = report::csv::comparison_csv(&rows).map_err(anyhow::Error::from)?;
        report::write::atomic_write(&path, &bytes)
            .with_context(|| format!("cannot write {}", path.display()))?;
        let scenarios = models
            .iter()
            .zip(&args.scenarios)
            .zip(&results)
            .map(|((m, path), r)| report::documents::ScenarioSummary {
                name: m.name.clone(),
                source: path.display().to_string(),
                metrics: report::documents::estimates(r),
            })
            .collect();
        let doc = report::documents::ComparisonDoc::new(seed, replications, scenarios, &rows);
        report::files::write_comparison(out, &doc).map_err(anyhow::Error::from)?;
        println!(
            "wrote comparison.csv, comparison.json, charts/ and report.html to {}",
            out.display()
        );
    }
    finance_cmd::appraisal(&models, &results, args.out.as_deref())?;
    Ok(())
}

fn sweep(args: SweepArgs) -> Result<(), Failure> {
    use forcesim::sweep::{grid, parse_axis, parse_target};
    if let Some(budget) = args.budget {
        return finance_cmd::budget_sweep(args, budget);
    }
    let bad = |what: &str, message: String| {
        Failure::BadInput(ScenarioError::single(what, None, "", message))
    };
    let (mut axes, mut fixed) = (Vec::new(), Vec::new());
    for spec in &args.set {
        if spec.contains("..") {
            axes.push(parse_axis(spec).map_err(|m| bad("--set", m))?);
        } else {
            fixed.push(spec.clone());
        }
    }
    if axes.is_empty() || axes.len() > 2 {
        return Err(bad(
            "--set",
            format!(
                "give one or two swept parameters KEY=FROM..TO:STEP (got {})",
                axes.len()
            ),
        ));
    }
    let target = args
        .target
        .as_deref()
        .map(parse_target)
        .transpose()
        .map_err(|m| bad("--target", m))?;
    let run_args = RunArgs {
        scenario: args.scenario.clone(),
        seed: args.seed,
        replications: args.replications,
        out: None,
        threads: args.threads,
        set: fixed,
        all: false,
        precision: None,
        max_replications: 0,
        shard: None,
        resume: false,
        trace: None,
        trace_replication: 0,
    };
    let (loaded, model, source) = load(&run_args)?;
    let options = batch_options(args.seed, args.replications, args.threads, &model)?;
    let (seed, replications) = (options.seed, options.replications);
    let points = grid(&axes);
    if points.len() > forcesim::sweep::MAX_GRID_POINTS {
        return Err(bad(
            "--set",
            format!("{} grid points is too many", points.len()),
        ));
    }
    // Check every grid point's scenario before running any.
    let mut models = Vec::with_capacity(points.len());
    for point in &points {
        let loaded = scenario::load::apply_overrides(&loaded, point)?;
        models.push(scenario::validate::compile(&loaded)?);
    }
    let progress = ProgressBar::new(replications * points.len() as u64);
    let mut results = Vec::with_capacity(points.len());
    for m in &models {
        results.push(batch::run(m, options, &|| progress.inc(1)).map_err(anyhow::Error::from)?);
    }
    progress.finish_and_clear();

    let shown: Vec<String> = if !args.metrics.is_empty() {
        args.metrics.clone()
    } else if let Some(t) = &target {
        vec![t.metric.clone()]
    } else {
        vec![
            "response.g1.within_target_share".into(),
            "response.g1.response_time_mean_min".into(),
        ]
    };
    println!(
        "forcesim {} — sweep of `{}` ({source}): {} grid points × {replications} replications, seed {seed}",
        env!("CARGO_PKG_VERSION"),
        model.name,
        points.len()
    );
    println!(
        "{}",
        report::table::sweep_table(&axes, &points, &results, &shown)
    );
    if let Some(t) = &target {
        if results.iter().all(|r| r.metric(&t.metric).is_none()) {
            return Err(bad("--target", format!("no metric named `{}`", t.metric)));
        }
        for line in report::table::target_lines(&axes, &points, &results, t) {
            println!("{line}");
        }
    }
    if let Some(out) = &args.out {
        std::fs::create_dir_all(out)
            .with_context(|| format!("cannot create output folder {}", out.display()))?;
        let path = out.join("sweep.csv");
        let bytes =
            report::csv::sweep_csv(&axes, &points, &results).map_err(anyhow::Error::from)?;
        report::write::atomic_write(&path, &bytes)
            .with_context(|| format!("cannot write {}", path.display()))?;
        let doc = report::documents::SweepDoc::new(
            &model.name,
            seed,
            replications,
            &axes,
            target.as_ref(),
            &shown,
            &points,
            &results,
        );
        report::files::write_sweep(out, &doc).map_err(anyhow::Error::from)?;
        println!(
            "wrote sweep.csv, sweep.json, charts/ and report.html to {}",
            out.display()
        );
    }
    Ok(())
}

fn merge(dirs: &[std::path::PathBuf], out: &Path) -> Result<(), Failure> {
    let (header, all) = report::shard::merge(dirs).map_err(|e| anyhow::anyhow!(e))?;
    let (loaded, model) = scenario::from_str(
        &header.scenario_source,
        &header.scenario_as_run,
        Path::new("."),
    )?;
    let result = batch::summarise(header.seed, all);
    std::fs::create_dir_all(out)
        .with_context(|| format!("cannot create output folder {}", out.display()))?;
    let info = RunInfo {
        scenario_name: model.name.clone(),
        scenario_source: header.scenario_source.clone(),
        scenario_as_run: loaded.merged.clone(),
        seed: header.seed,
        replications: header.replications,
    };
    let analysis = report::analyse(&model, &result);
    report::files::write_run(out, &info, &model, &result, &analysis)
        .map_err(anyhow::Error::from)?;
    report::shard::write_sorted(
        &out.join(report::shard::FILE),
        &header,
        &result.replications,
    )
    .map_err(|e| anyhow::anyhow!(e))?;
    println!("{}", report::table::summary_table(&result));
    println!(
        "merged {} replications from {} folders into {}",
        result.replications.len(),
        dirs.len(),
        out.display()
    );
    Ok(())
}

/// Redraws the charts and report of a results folder written by `run`,
/// `merge`, `compare` or `sweep`.
fn plot(results: &Path, out: Option<&Path>) -> Result<(), Failure> {
    use report::documents::{self, COMPARISON_KIND, SWEEP_KIND};
    let out = out.unwrap_or(results);
    let bad = |message: String| {
        Failure::BadInput(ScenarioError::single(
            "RESULTS",
            None,
            &results.display().to_string(),
            message,
        ))
    };
    let (comparison, sweep, logged) = (
        results.join("comparison.json"),
        results.join("sweep.json"),
        results.join(report::shard::FILE),
    );
    if !(comparison.exists() || sweep.exists() || logged.exists()) {
        return Err(bad(format!(
            "not a results folder: expected comparison.json, sweep.json or {} in it \
             (written by compare, sweep or run with --out)",
            report::shard::FILE
        )));
    }
    std::fs::create_dir_all(out)
        .with_context(|| format!("cannot create output folder {}", out.display()))?;
    if comparison.exists() {
        let doc = documents::read(&comparison, COMPARISON_KIND).map_err(bad)?;
        report::files::write_comparison_charts(out, &doc).map_err(anyhow::Error::from)?;
    } else if sweep.exists() {
        let doc = documents::read(&sweep, SWEEP_KIND).map_err(bad)?;
        report::files::write_sweep_charts(out, &doc).map_err(anyhow::Error::from)?;
    } else {
        let (header, all) = report::shard::merge(&[results.to_path_buf()]).map_err(bad)?;
        let (loaded, model) = scenario::from_str(
            &header.scenario_source,
            &header.scenario_as_run,
            Path::new("."),
        )?;
        let result = batch::summarise(header.seed, all);
        let info = RunInfo {
            scenario_name: model.name.clone(),
            scenario_source: header.scenario_source.clone(),
            scenario_as_run: loaded.merged.clone(),
            seed: header.seed,
            replications: result.replications.len() as u64,
        };
        let analysis = report::analyse(&model, &result);
        report::files::write_run_charts(out, &info, &model, &result, &analysis)
            .map_err(anyhow::Error::from)?;
    }
    println!("wrote charts/ and report.html to {}", out.display());
    Ok(())
}

fn validate(seed: u64, threads: Option<usize>, out: Option<&Path>) -> Result<(), Failure> {
    let checks = forcesim::validation::run_suite(seed, threads).map_err(anyhow::Error::from)?;
    println!("{}", report::table::validation_table(&checks));
    if let Some(out) = out {
        std::fs::create_dir_all(out)
            .with_context(|| format!("cannot create output folder {}", out.display()))?;
        let json = report::validation::validation_json(seed, &checks);
        let files = [
            (
                "validation.csv",
                report::validation::validation_csv(&checks).map_err(anyhow::Error::from)?,
            ),
            (
                "validation.json",
                serde_json::to_vec_pretty(&json).map_err(anyhow::Error::from)?,
            ),
        ];
        for (name, bytes) in files {
            let path = out.join(name);
            report::write::atomic_write(&path, &bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        println!(
            "wrote validation.csv and validation.json to {}",
            out.display()
        );
    }
    let failed = checks.iter().filter(|c| !c.pass).count();
    println!(
        "{} checks, {} passed, {failed} failed",
        checks.len(),
        checks.len() - failed
    );
    if failed > 0 {
        return Err(anyhow::anyhow!("{failed} validation checks failed").into());
    }
    Ok(())
}

/// Batch options from the command line, defaulting to the scenario's; the
/// replication count is bounded like the scenario's `run.replications`.
fn batch_options(
    seed: Option<u64>,
    replications: Option<u64>,
    threads: Option<usize>,
    model: &Model,
) -> Result<BatchOptions, Failure> {
    let replications = replications.unwrap_or(model.defaults.replications);
    let max = scenario::validate::MAX_REPLICATIONS;
    if !(1..=max).contains(&replications) {
        let message = format!("must be between 1 and {max} (got {replications})");
        return Err(ScenarioError::single("--replications", None, "", message).into());
    }
    Ok(BatchOptions {
        seed: seed.unwrap_or(model.defaults.seed),
        replications,
        threads,
    })
}

/// Loads the scenario named on the command line (or the embedded default)
/// and applies `--set` overrides.
fn load(args: &RunArgs) -> Result<(LoadedScenario, Model, String), Failure> {
    load_from(args.scenario.as_deref(), &args.set)
}

/// Loads `scenario` (or the embedded default) with `--set` overrides.
fn load_from(
    scenario: Option<&Path>,
    set: &[String],
) -> Result<(LoadedScenario, Model, String), Failure> {
    let (loaded, source) = match scenario {
        Some(path) => (scenario::load::load_file(path)?, path.display().to_string()),
        None => (
            scenario::load::load_str(
                scenario::DEFAULT_SCENARIO_NAME,
                scenario::DEFAULT_SCENARIO,
                Path::new("scenarios"),
            )?,
            format!("{} (embedded)", scenario::DEFAULT_SCENARIO_NAME),
        ),
    };
    let overrides = parse_overrides(set)?;
    let loaded = if overrides.is_empty() {
        loaded
    } else {
        scenario::load::apply_overrides(&loaded, &overrides)?
    };
    let model = scenario::validate::compile(&loaded)?;
    Ok((loaded, model, source))
}

fn parse_overrides(set: &[String]) -> Result<Vec<(String, String)>, ScenarioError> {
    set.iter()
        .map(|s| match s.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => {
                Ok((k.trim().to_string(), v.trim().to_string()))
            }
            _ => Err(ScenarioError::single(
                "--set",
                None,
                s,
                "expected KEY.PATH=VALUE".into(),
            )),
        })
        .collect()
}

fn run(args: RunArgs) -> Result<(), Failure> {
    let (loaded, model, source) = load(&args)?;
    let options = batch_options(args.seed, args.replications, args.threads, &model)?;
    let (seed, replications) = (options.seed, options.replications);
    if args.trace.is_some() && args.trace_replication >= replications {
        let message = format!(
            "must be one of this run's replications, 0 to {} (got {})",
            replications - 1,
            args.trace_replication
        );
        return Err(ScenarioError::single("--trace-replication", None, "", message).into());
    }
    if let Some(out) = &args.out {
        std::fs::create_dir_all(out)
            .with_context(|| format!("cannot create output folder {}", out.display()))?;
    }
    let progress = ProgressBar::new(replications).with_style(
        ProgressStyle::with_template(
            "{spinner} {pos}/{len} replications [{elapsed_precise}, {eta} left]",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let logged = args.shard.is_some() || args.resume;
    if logged && (args.out.is_none() || args.precision.is_some()) {
        let message =
            "--shard and --resume need --out and cannot be combined with --precision".to_string();
        return Err(ScenarioError::single("--shard/--resume", None, "", message).into());
    }
    let header = report::shard::Header {
        kind: "forcesim-replications".into(),
        schema_version: report::SCHEMA_VERSION,
        forcesim_version: env!("CARGO_PKG_VERSION").into(),
        scenario_name: model.name.clone(),
        scenario_source: source.clone(),
        scenario_as_run: toml::to_string_pretty(&loaded.merged).map_err(anyhow::Error::from)?,
        seed,
        replications,
    };
    let (result, precision) = match (args.precision, &args.out) {
        (None, Some(out)) => {
            let all = report::shard::run_logged(
                &model,
                options,
                &header,
                out,
                args.shard,
                args.resume,
                &|| progress.inc(1),
            )
            .map_err(|e| anyhow::anyhow!(e))?;
            (batch::summarise(seed, all), None)
        }
        (None, None) => (
            batch::run(&model, options, &|| progress.inc(1)).map_err(anyhow::Error::from)?,
            None,
        ),
        (Some(target), _) => {
            progress.set_length(args.max_replications);
            let (result, outcome) = batch::run_to_precision(
                &model,
                options,
                target,
                args.max_replications,
                &report::table::is_headline,
                &|| progress.inc(1),
            )
            .map_err(anyhow::Error::from)?;
            (result, Some((target, outcome)))
        }
    };
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
        let wanted = match target {
            batch::Precision::Relative(r) => format!("±{} % of the mean", r * 100.0),
            batch::Precision::Absolute(a) => format!("±{a} in each metric's unit"),
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
    let analysis = report::analyse(&model, &result);
    println!(
        "Analytic twin: steady-state Erlang C (and Cobham by priority class) at each team's average load and staffing"
    );
    println!("{}", report::table::twin_table(&analysis.twin));
    for statement in &analysis.statements {
        println!("- {statement}");
    }

    if let Some(out) = &args.out {
        let info = RunInfo {
            scenario_name: model.name.clone(),
            scenario_source: source,
            scenario_as_run: loaded.merged.clone(),
            seed,
            replications,
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
            "wrote summary.json, summary.csv, replications.csv, scenario_as_run.toml, charts/ and report.html to {0} \
             (to reproduce: forcesim run {0}/scenario_as_run.toml --seed {seed} -n {replications})",
            out.display()
        );
    }
    if let Some(path) = &args.trace {
        write_trace(&model, seed, args.trace_replication, path, &result)?;
    }
    Ok(())
}

/// Re-runs replication `replication` with the per-incident log on and
/// writes the log to `path`; checks that the traced run reproduces the
/// batch's figures for it (the log's promise), when the batch ran it.
fn write_trace(
    model: &Model,
    seed: u64,
    replication: u64,
    path: &Path,
    result: &batch::BatchResult,
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
