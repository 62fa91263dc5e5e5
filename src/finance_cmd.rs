//! The finance parts of the command line: the appraisal `compare` prints
//! and writes, and the budget search of `sweep --budget`.

use super::{Failure, batch_options, load_from};
use crate::cli::SweepArgs;
use anyhow::Context;
use forcesim::batch::{self, BatchResult};
use forcesim::finance::{appraisal, cost, options};
use forcesim::report::{self, finance::BudgetRow};
use forcesim::scenario::{self, Model, ScenarioError};
use indicatif::ProgressBar;
use std::path::Path;

/// Replications per combination of a budget search unless `-n` says.
const BUDGET_REPLICATIONS: u64 = 4;

fn bad(what: &str, message: String) -> Failure {
    Failure::BadInput(ScenarioError::single(what, None, "", message))
}

fn write(out: &Path, name: &str, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::create_dir_all(out)
        .with_context(|| format!("cannot create output folder {}", out.display()))?;
    let path = out.join(name);
    report::write::atomic_write(&path, bytes)
        .with_context(|| format!("cannot write {}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}

/// After a comparison: each scenario's cost and funding, each
/// alternative's cost per unit of each headline outcome against the base,
/// and the budget checks; `appraisal.csv` in `out`. Silent for scenarios
/// without `[costs]`.
pub fn appraisal(
    models: &[Model],
    results: &[BatchResult],
    out: Option<&Path>,
) -> anyhow::Result<()> {
    const COST: &str = "cost.total_per_year";
    let base = &models[0].name;
    if results[0].metric(COST).is_none() {
        if results.iter().any(|r| r.metric(COST).is_some()) {
            println!("No appraisal: the base scenario `{base}` has no [costs] section.");
        }
        return Ok(());
    }
    let names: Vec<String> = models.iter().map(|m| m.name.clone()).collect();
    println!("What each scenario costs (£ a year, mean over the run)");
    println!("{}", report::finance::cost_table(&names, results));
    let years = cost::accounting_days(&models[0]).iter().sum::<f64>() / 365.0;
    let mut rows = Vec::new();
    for (model, result) in models.iter().zip(results).skip(1) {
        if result.metric(COST).is_none() {
            println!(
                "No appraisal of `{}`: it has no [costs] section.",
                model.name
            );
        }
        rows.extend(appraisal::appraise(&results[0], result, &model.name, years));
    }
    println!(
        "Appraisal against `{base}`: the whole difference in cost a year set against each \
         outcome in turn (nothing is apportioned between outcomes); Fieller 95 % CIs from the \
         paired replications"
    );
    println!("{}", report::finance::appraisal_table(&rows));
    for (model, result) in models.iter().zip(results) {
        if let Some(s) = report::finance::budget_statement(result) {
            println!("- {}: {s}", model.name);
        }
    }
    if let Some(out) = out {
        write(
            out,
            "appraisal.csv",
            &report::finance::appraisal_csv(&rows)?,
        )?;
    }
    Ok(())
}

/// The planned cost a year of the scenario with `units` of each option.
fn priced(
    loaded: &scenario::LoadedScenario,
    opts: &[forcesim::finance::model::BudgetOption],
    units: &[u32],
) -> Result<(Model, f64), Failure> {
    let overrides =
        options::overrides(&loaded.merged, opts, units).map_err(|m| bad("[[costs.options]]", m))?;
    let changed = scenario::load::apply_overrides(loaded, &overrides)?;
    let model = scenario::validate::compile(&changed)?;
    let planned = cost::planned_cost_per_year(&model).unwrap_or(f64::NAN);
    Ok((model, planned))
}

/// `forcesim sweep --budget`: the combinations of the scenario's options
/// that fit the budget, run under common random numbers and ranked.
pub fn budget_sweep(args: SweepArgs, budget: f64) -> Result<(), Failure> {
    if !(budget.is_finite() && budget > 0.0) {
        return Err(bad(
            "--budget",
            format!("must be a sum greater than 0 (got {budget})"),
        ));
    }
    let (metric, maximise) = match (&args.maximise, &args.minimise) {
        (Some(m), None) => (m.clone(), true),
        (None, Some(m)) => (m.clone(), false),
        _ => {
            let m = "give the outcome to improve: --maximise METRIC or --minimise METRIC";
            return Err(bad("--budget", m.into()));
        }
    };
    if let Some(range) = args.set.iter().find(|s| s.contains("..")) {
        let m = format!("`{range}`: with --budget, --set takes fixed values only");
        return Err(bad("--set", m));
    }
    let (loaded, model, source) = load_from(args.scenario.as_deref(), &args.set)?;
    let Some(costs) = &model.costs else {
        return Err(bad(
            &source,
            "has no [costs] section: nothing can be priced".into(),
        ));
    };
    let opts = &costs.options;
    if opts.is_empty() {
        let m = "lists no [[costs.options]] to buy: add some (see the README)".into();
        return Err(bad(&source, m));
    }
    let n = args.replications.unwrap_or(BUDGET_REPLICATIONS);
    let batch = batch_options(args.seed, Some(n), args.threads, &model)?;
    let base_cost = cost::planned_cost_per_year(&model).unwrap_or(f64::NAN);
    let mut unit_costs = Vec::with_capacity(opts.len());
    for i in 0..opts.len() {
        let mut units = vec![0; opts.len()];
        units[i] = 1;
        let extra = priced(&loaded, opts, &units)?.1 - base_cost;
        if extra.is_nan() || extra <= 0.0 {
            return Err(bad(
                "[[costs.options]]",
                format!(
                    "option `{}` costs {} a year under the cost model: an option must add \
                     costed FTE (a headcount) or switch on an investment",
                    opts[i].name,
                    report::finance::money(extra)
                ),
            ));
        }
        unit_costs.push(extra);
    }
    let full_only = !args.every_combination;
    let found = options::affordable(opts, &unit_costs, budget, full_only)
        .map_err(|m| bad("[[costs.options]]", m))?;
    let found: Vec<_> = found
        .into_iter()
        .filter(|(c, _)| c.iter().any(|&u| u > 0))
        .collect();
    if found.len() > args.max_combinations {
        return Err(bad(
            "--budget",
            format!(
                "{} combinations fit the budget, more than --max-combinations {}: \
                 lower some options' max_units or raise the cap",
                found.len(),
                args.max_combinations
            ),
        ));
    }
    let mut combos = Vec::with_capacity(found.len());
    for (units, _) in found {
        let (m, planned) = priced(&loaded, opts, &units)?;
        if planned - base_cost <= budget * (1.0 + 1e-9) {
            combos.push((units, m, planned - base_cost));
        }
    }
    if combos.is_empty() {
        let cheapest = unit_costs.iter().copied().fold(f64::INFINITY, f64::min);
        return Err(bad(
            "--budget",
            format!(
                "nothing fits {}: the cheapest option costs {} a year",
                report::finance::money(budget),
                report::finance::money(cheapest)
            ),
        ));
    }
    let progress = ProgressBar::new(batch.replications * (combos.len() as u64 + 1));
    let run = |m: &Model| batch::run(m, batch, &|| progress.inc(1)).map_err(anyhow::Error::from);
    let base = run(&model)?;
    if base.metric(&metric).is_none() {
        return Err(bad(
            "--maximise/--minimise",
            format!("no metric named `{metric}`"),
        ));
    }
    let mut results = Vec::with_capacity(combos.len());
    for (_, m, _) in &combos {
        results.push(run(m)?);
    }
    progress.finish_and_clear();
    let ranked = options::rank(&base, &results, &metric, maximise).unwrap_or_default();
    let rows: Vec<BudgetRow> = ranked
        .into_iter()
        .map(|r| {
            let (units, _, planned) = &combos[r.index];
            BudgetRow {
                label: options::label(opts, units),
                units: units.clone(),
                planned_extra: *planned,
                cost_per_year: results[r.index]
                    .metric("cost.total_per_year")
                    .map_or(f64::NAN, |m| m.estimate.mean),
                ranked: r,
            }
        })
        .collect();
    let unit = base.metric(&metric).map_or("", |m| m.unit);
    println!(
        "forcesim {} — budget search on `{}` ({source}): {} a year over {} combinations × {} replications, seed {}",
        env!("CARGO_PKG_VERSION"),
        model.name,
        report::finance::money(budget),
        rows.len(),
        batch.replications,
        batch.seed
    );
    for (o, k) in opts.iter().zip(&unit_costs) {
        println!(
            "  option {}: {} a year a unit, at most {} ({})",
            o.name,
            report::finance::money(*k),
            o.max_units,
            o.description
        );
    }
    println!("{}", report::finance::budget_table(&metric, unit, &rows));
    for line in conclusions(&rows, &results, &metric, maximise, full_only, budget) {
        println!("{line}");
    }
    if let Some(out) = &args.out {
        let names: Vec<String> = opts.iter().map(|o| o.name.clone()).collect();
        let bytes =
            report::finance::budget_csv(&names, &metric, &rows).map_err(anyhow::Error::from)?;
        write(out, "budget.csv", &bytes)?;
    }
    Ok(())
}

/// What the search found, said plainly.
fn conclusions(
    rows: &[BudgetRow],
    results: &[BatchResult],
    metric: &str,
    maximise: bool,
    full_only: bool,
    budget: f64,
) -> Vec<String> {
    let mut out = vec![format!(
        "A search over the {} combinations of the options configured in [[costs.options]] that fit {} a year{}: \
         not a guarantee that no better use of the money exists.",
        rows.len(),
        report::finance::money(budget),
        if full_only {
            " and leave no room for another unit (--every-combination for all)"
        } else {
            ""
        }
    )];
    let Some(best) = rows.first() else {
        return out;
    };
    let d = &best.ranked.difference;
    let way = if maximise { "raises" } else { "lowers" };
    let unit = results[best.ranked.index]
        .metric(metric)
        .map_or("", |m| m.unit);
    let value = |x: f64| report::table::format_value(unit, x);
    let signed = |x: f64| format!("{}{}", if x >= 0.0 { "+" } else { "" }, value(x));
    out.push(format!(
        "Best: {} (planned extra cost {} a year; total cost with overtime {} a year): {metric} {} against {} in the base, a change of {} (95 % CI {} to {}){}.",
        best.label,
        report::finance::money(best.planned_extra),
        report::finance::money(best.cost_per_year),
        value(best.ranked.mean),
        value(best.ranked.mean - d.mean),
        signed(d.mean),
        signed(d.ci95_low.unwrap_or(f64::NAN)),
        signed(d.ci95_high.unwrap_or(f64::NAN)),
        if best.ranked.clear { "" } else { " — not clearly different from spending nothing" }
    ));
    if let Some(second) = rows.get(1) {
        let gap = forcesim::stats::Estimate::paired_difference(
            &results[second.ranked.index].values(metric),
            &results[best.ranked.index].values(metric),
        );
        let verdict = if options::clear(&gap) {
            format!("clearly {way} it more than")
        } else {
            "is not clearly different from".into()
        };
        out.push(format!(
            "It {verdict} the runner-up, {} (paired difference {}, 95 % CI {} to {}){}.",
            second.label,
            signed(gap.mean),
            signed(gap.ci95_low.unwrap_or(f64::NAN)),
            signed(gap.ci95_high.unwrap_or(f64::NAN)),
            if options::clear(&gap) {
                ""
            } else {
                "; more replications (-n) may separate them"
            }
        ));
    }
    out
}
