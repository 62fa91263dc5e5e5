//! `forcesim sweep`: a scenario over a grid of one or two parameters, with
//! the smallest value of the first that meets a target. With `--budget`,
//! the budget search instead ([`super::budget`]).

use super::output::say;
use super::progress::Progress;
use super::{
    Failure, bad_input, batch_options, load_scenario, open_output, scenario_inputs, write_output,
};
use crate::cli::SweepArgs;
use forcesim::batch;
use forcesim::report::outputs::Kind;
use forcesim::report::{self, documents};
use forcesim::scenario;
use forcesim::sweep::{Axis, MAX_GRID_POINTS, Target, grid, parse_axis, parse_target};

/// The metrics shown in the terminal unless `--metric` or `--target` say.
fn shown_by_default() -> Vec<String> {
    use forcesim::metrics::names as n;
    [
        n::RESPONSE_WITHIN_TARGET_SHARE,
        n::RESPONSE_RESPONSE_TIME_MEAN_MIN,
    ]
    .map(|f| f.name(&["g1"]))
    .to_vec()
}

/// Runs every grid point with the same seed and replications, prints the
/// sweep table (and the target's answer), and writes the files to `--out`.
pub fn sweep(args: &SweepArgs) -> Result<(), Failure> {
    if let Some(budget) = args.budget {
        return super::budget::budget_sweep(args, budget);
    }
    let (axes, fixed) = axes_and_fixed(&args.set)?;
    let target = args
        .target
        .as_deref()
        .map(parse_target)
        .transpose()
        .map_err(|m| bad_input("--target", m))?;
    let (loaded, model, source) = load_scenario(args.scenario.as_deref(), &fixed)?;
    let options = batch_options(args.seed, args.replications, args.threads, &model)?;
    let (seed, replications) = (options.seed, options.replications);
    let points = grid(&axes);
    if points.len() > MAX_GRID_POINTS {
        return Err(bad_input(
            "--set",
            format!("{} grid points is too many", points.len()),
        ));
    }
    // Check every grid point's scenario, and --out, before running any.
    let mut models = Vec::with_capacity(points.len());
    for point in &points {
        let overrides = point
            .iter()
            .map(|(k, v)| scenario::overrides::from_pair(k, v))
            .collect::<Result<Vec<_>, _>>()?;
        let loaded = scenario::load::apply_overrides(&loaded, &overrides)?;
        models.push(scenario::validate::compile_variant(&loaded)?);
    }
    let inputs = scenario_inputs(args.scenario.as_deref(), &loaded);
    let folder = open_output(args.out.as_deref(), Kind::Sweep, &inputs, args.force)?;
    let progress = Progress::new(
        "sweep",
        replications * points.len() as u64,
        &super::progress::runs_of(replications, "replications", points.len(), "grid points"),
    );
    let mut results = Vec::with_capacity(points.len());
    for m in &models {
        results.push(batch::run(m, options, &|| progress.inc()).map_err(anyhow::Error::from)?);
        // A target on a metric that does not exist is known after the
        // first grid point: stop before paying for the rest.
        if let (Some(t), [first]) = (&target, results.as_slice())
            && first.metric(&t.metric).is_none()
        {
            progress.finish();
            return Err(bad_input("--target", super::no_metric(&t.metric, first)));
        }
    }
    progress.finish();

    let shown = shown_metrics(args, target.as_ref());

    // Files first: a closed or full standard output must not cost them.
    if let (Some(out), Some(folder)) = (&args.out, &folder) {
        let bytes =
            report::csv::sweep_csv(&axes, &points, &results).map_err(anyhow::Error::from)?;
        write_output(out, "sweep.csv", &bytes)?;
        let doc = documents::SweepDoc::new(
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
        folder.remove_stale(Kind::Sweep.files())?;
    }
    say!(
        "forcesim {} — sweep of `{}` ({source}): {} × {}, seed {seed}",
        env!("CARGO_PKG_VERSION"),
        model.name,
        report::format::count_of(points.len() as u64, "grid point", "grid points"),
        report::format::count_of(replications, "replication", "replications")
    )?;
    say!(
        "{}",
        report::table::sweep_table(&axes, &points, &results, &shown)
    )?;
    if let Some(t) = &target {
        for line in report::table::target_lines(&axes, &points, &results, t) {
            say!("{line}")?;
        }
    }
    if let Some(out) = &args.out {
        say!(
            "wrote sweep.csv, sweep.json, charts/ and report.html to {}",
            out.display()
        )?;
    }
    Ok(())
}

/// The swept parameters (`KEY=FROM..TO:STEP`, one or two) and the fixed
/// overrides (`KEY=VALUE`) among the `--set` arguments.
fn axes_and_fixed(set: &[String]) -> Result<(Vec<Axis>, Vec<String>), Failure> {
    let (mut axes, mut fixed) = (Vec::new(), Vec::new());
    for spec in set {
        if spec.contains("..") {
            axes.push(parse_axis(spec).map_err(|m| bad_input("--set", m))?);
        } else {
            fixed.push(spec.clone());
        }
    }
    if axes.is_empty() || axes.len() > 2 {
        return Err(bad_input(
            "--set",
            format!(
                "give one or two swept parameters KEY=FROM..TO:STEP (got {})",
                axes.len()
            ),
        ));
    }
    Ok((axes, fixed))
}

/// The metrics shown in the terminal: `--metric`, else the target's, else
/// the default pair.
fn shown_metrics(args: &SweepArgs, target: Option<&Target>) -> Vec<String> {
    if !args.metrics.is_empty() {
        args.metrics.clone()
    } else if let Some(t) = target {
        vec![t.metric.clone()]
    } else {
        shown_by_default()
    }
}
