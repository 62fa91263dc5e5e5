//! `forcesim sweep --budget`: the combinations of the options a scenario
//! lists in `[[costs.options]]` that fit a budget, run under common random
//! numbers and ranked by the outcome to improve.

use super::output::say;
use super::progress::Progress;
use super::{
    Failure, bad_input, batch_options, load_scenario, open_output, scenario_inputs, write_output,
};
use crate::cli::SweepArgs;
use forcesim::batch::{self, BatchResult};
use forcesim::finance::accounts::ledger;
use forcesim::finance::appraisal::{buy, options};
use forcesim::finance::model::BudgetOption;
use forcesim::report::budget::{BudgetDoc, BudgetEntry};
use forcesim::report::outputs::Kind;
use forcesim::report::{self, finance::BudgetRow};
use forcesim::scenario::{LoadedScenario, Model};

/// Replications per combination of a budget search unless `-n` says.
const BUDGET_REPLICATIONS: u64 = 4;

/// An affordable combination of options, ready to run.
struct Combination {
    /// Units bought of each option, in the order of `[[costs.options]]`.
    units: Vec<u32>,
    /// The scenario with those units bought.
    model: Model,
    /// Planned cost a year above the scenario's own, £.
    planned_extra: f64,
    /// Ranked by outcome: a full combination (or any, with
    /// `--every-combination`); the others are single units of one option,
    /// run so that the value-for-money ranking shows cheap options too.
    in_outcome_ranking: bool,
}

/// `forcesim sweep --budget`: the combinations of the scenario's options
/// that fit the budget (£ a year), run under common random numbers and
/// ranked.
pub fn budget_sweep(args: &SweepArgs, budget: f64) -> Result<(), Failure> {
    if !(budget.is_finite() && budget > 0.0) {
        return Err(bad_input(
            "--budget",
            format!("must be a sum greater than 0 (got {budget})"),
        ));
    }
    let (metric, maximise) = objective(args)?;
    if let Some(range) = args.set.iter().find(|s| s.contains("..")) {
        let m = format!("`{range}`: with --budget, --set takes fixed values only");
        return Err(bad_input("--set", m));
    }
    let (loaded, model, source) = load_scenario(args.scenario.as_deref(), &args.set)?;
    let Some(costs) = &model.costs else {
        return Err(bad_input(
            &source,
            "has no [costs] section: nothing can be priced".into(),
        ));
    };
    // An option already in effect (an investment the scenario has made)
    // would buy nothing: it is left out, and said.
    let (opts, in_effect): (Vec<BudgetOption>, Vec<BudgetOption>) = costs
        .options
        .iter()
        .cloned()
        .partition(|o| !buy::in_effect(&loaded.merged, o));
    let opts = &opts;
    if opts.is_empty() {
        let m = "lists no [[costs.options]] to buy: add some (see the README)".into();
        return Err(bad_input(&source, m));
    }
    let n = args.replications.unwrap_or(BUDGET_REPLICATIONS);
    let batch = batch_options(args.seed, Some(n), args.threads, &model)?;
    let base_cost = ledger::planned_cost_per_year(&model).unwrap_or(f64::NAN);
    let unit_costs = buy::unit_costs(&loaded, opts, base_cost)?;
    let full_only = !args.every_combination;
    let combos = combinations(args, &loaded, opts, &unit_costs, base_cost, budget)?;
    // An unusable --out is found before simulating, not after.
    let inputs = scenario_inputs(args.scenario.as_deref(), &loaded);
    let folder = open_output(args.out.as_deref(), Kind::Budget, &inputs, args.force)?;
    let total = batch.replications * (combos.len() as u64 + 1);
    let progress = Progress::new(
        "sweep --budget",
        total,
        &super::progress::runs_of(
            batch.replications,
            "replications",
            combos.len() + 1,
            "options (the base and each combination)",
        ),
    );
    let run = |m: &Model| batch::run(m, batch, &|| progress.inc()).map_err(anyhow::Error::from);
    let base = run(&model)?;
    if base.metric(&metric).is_none() {
        return Err(bad_input(
            "--maximise/--minimise",
            super::no_metric(&metric, &base),
        ));
    }
    let mut results = Vec::with_capacity(combos.len());
    for c in &combos {
        results.push(run(&c.model)?);
    }
    progress.finish();
    let n_ranked = combos.iter().take_while(|c| c.in_outcome_ranking).count();
    let ranked = options::rank(&base, &results[..n_ranked], &metric, maximise).unwrap_or_default();
    let rows: Vec<BudgetRow> = ranked
        .into_iter()
        .map(|r| {
            let combo = &combos[r.index];
            BudgetRow {
                label: options::label(opts, &combo.units),
                units: combo.units.clone(),
                planned_extra: combo.planned_extra,
                cost_per_year: results[r.index]
                    .metric(forcesim::metrics::names::COST_TOTAL_PER_YEAR.pattern)
                    .map_or(f64::NAN, |m| m.estimate.mean),
                ranked: r,
            }
        })
        .collect();
    let unit = base.metric(&metric).map_or("", |m| m.unit);
    let doc = budget_doc(
        &model.name,
        budget,
        (&metric, unit, maximise),
        (batch.replications, batch.seed),
        (opts, &unit_costs),
        (&combos, &base, &results),
        &rows,
    );

    // Files first: a closed or full standard output must not cost them.
    if let Some(out) = &args.out {
        let names: Vec<String> = opts.iter().map(|o| o.name.clone()).collect();
        let bytes =
            report::finance::budget_csv(&names, &metric, &rows).map_err(anyhow::Error::from)?;
        write_output(out, "budget.csv", &bytes)?;
        report::files::write_budget(out, &doc).map_err(anyhow::Error::from)?;
    }
    if let Some(folder) = &folder {
        folder.remove_stale(Kind::Budget.files())?;
    }
    say!(
        "forcesim {} — budget search on `{}` ({source}): {} a year over {} × {}, seed {}",
        env!("CARGO_PKG_VERSION"),
        model.name,
        report::finance::money(budget),
        report::format::count_of(rows.len() as u64, "combination", "combinations"),
        report::format::count_of(batch.replications, "replication", "replications"),
        batch.seed
    )?;
    for o in &in_effect {
        say!(
            "  option {}: already in effect in this scenario, left out ({})",
            o.name,
            o.description
        )?;
    }
    for (o, k) in opts.iter().zip(&unit_costs) {
        say!(
            "  option {}: {} a year a unit, at most {} ({})",
            o.name,
            report::finance::money(*k),
            o.max_units,
            o.description
        )?;
    }
    say!("{}", report::finance::budget_table(&metric, unit, &rows))?;
    for line in conclusions(&rows, &results, &metric, maximise, full_only, budget) {
        say!("{line}")?;
    }
    if let Some(best) = doc.by_value.first() {
        let fmt = |x: f64| report::table::format_difference(unit, x);
        if let Some([lo, m, hi]) = best.gain_per_million {
            say!(
                "Best value for money: {} ({} a year): {} {metric} gained per £1 m a year (95 % CI {} to {}).",
                best.bought,
                report::finance::money(best.planned_extra_cost_per_year),
                fmt(m),
                fmt(lo),
                fmt(hi)
            )?;
        }
    }
    if let Some(out) = &args.out {
        for name in Kind::Budget.files() {
            say!("wrote {}", out.join(name).display())?;
        }
    }
    Ok(())
}

/// The metric to improve and whether larger is better (`--maximise`) or
/// smaller (`--minimise`).
fn objective(args: &SweepArgs) -> Result<(String, bool), Failure> {
    match (&args.maximise, &args.minimise) {
        (Some(m), None) => Ok((m.clone(), true)),
        (None, Some(m)) => Ok((m.clone(), false)),
        _ => {
            let m = "give the outcome to improve: --maximise METRIC or --minimise METRIC";
            Err(bad_input("--budget", m.into()))
        }
    }
}

/// Relative slack on the budget, so that a combination whose planned cost
/// equals the budget up to rounding still fits.
const BUDGET_SLACK: f64 = 1e-9;

/// The scenario with `units` of each option bought, as a combination to run
/// if its planned cost a year above `base_cost` fits `budget` (both £ a
/// year); `None` if it does not (or, without a cost model, has no planned
/// cost: NaN fits nothing).
fn priced_within(
    loaded: &LoadedScenario,
    opts: &[BudgetOption],
    units: Vec<u32>,
    (base_cost, budget): (f64, f64),
    in_outcome_ranking: bool,
) -> Result<Option<Combination>, Failure> {
    let (_, model) = buy::buy(loaded, opts, &units)?;
    let planned = ledger::planned_cost_per_year(&model).unwrap_or(f64::NAN);
    let planned_extra = planned - base_cost;
    Ok(
        (planned_extra <= budget * (1.0 + BUDGET_SLACK)).then_some(Combination {
            units,
            model,
            planned_extra,
            in_outcome_ranking,
        }),
    )
}

/// The combinations that buy something and fit `budget` (£ a year) by
/// their planned cost; only those with no room for another unit unless
/// `--every-combination`, and no more than `--max-combinations`.
fn combinations(
    args: &SweepArgs,
    loaded: &LoadedScenario,
    opts: &[BudgetOption],
    unit_costs: &[f64],
    base_cost: f64,
    budget: f64,
) -> Result<Vec<Combination>, Failure> {
    let full_only = !args.every_combination;
    let found = options::affordable(opts, unit_costs, budget, full_only)
        .map_err(|m| bad_input("[[costs.options]]", m))?;
    let found: Vec<_> = found
        .into_iter()
        .filter(|(c, _)| c.iter().any(|&u| u > 0))
        .collect();
    if found.len() > args.max_combinations {
        return Err(bad_input(
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
        combos.extend(priced_within(
            loaded,
            opts,
            units,
            (base_cost, budget),
            true,
        )?);
    }
    // One unit of each option on its own, if affordable and not already
    // run: a cheap option that gives most of the gain must be visible in
    // the value-for-money ranking even when it leaves money unspent.
    for i in 0..opts.len() {
        let mut units = vec![0; opts.len()];
        units[i] = 1;
        if combos.iter().any(|c| c.units == units) || unit_costs[i] > budget * (1.0 + BUDGET_SLACK)
        {
            continue;
        }
        combos.extend(priced_within(
            loaded,
            opts,
            units,
            (base_cost, budget),
            false,
        )?);
    }
    if combos.is_empty() {
        let cheapest = unit_costs.iter().copied().fold(f64::INFINITY, f64::min);
        return Err(bad_input(
            "--budget",
            format!(
                "nothing fits {}: the cheapest option costs {} a year",
                report::finance::money(budget),
                report::finance::money(cheapest)
            ),
        ));
    }
    Ok(combos)
}

/// `budget.json`'s document: the outcome ranking (`rows`) and every
/// combination run ranked by outcome gained per £1 m a year.
fn budget_doc(
    scenario: &str,
    budget: f64,
    (metric, unit, maximise): (&str, &str, bool),
    (replications, seed): (u64, u64),
    (opts, unit_costs): (&[BudgetOption], &[f64]),
    (combos, base, results): (&[Combination], &BatchResult, &[BatchResult]),
    rows: &[BudgetRow],
) -> BudgetDoc {
    let entry = |c: &Combination, r: &BatchResult| {
        let d =
            forcesim::stats::Estimate::paired_difference(&base.values(metric), &r.values(metric));
        BudgetEntry {
            bought: options::label(opts, &c.units),
            units: c.units.clone(),
            planned_extra_cost_per_year: c.planned_extra,
            cost_total_per_year: r
                .metric(forcesim::metrics::names::COST_TOTAL_PER_YEAR.pattern)
                .map_or(f64::NAN, |m| m.estimate.mean),
            mean: r.metric(metric).map_or(f64::NAN, |m| m.estimate.mean),
            difference: d.mean,
            ci95_low: d.ci95_low,
            ci95_high: d.ci95_high,
            clear: d.excludes_zero(),
            gain_per_million: options::gain_per_million(&d, c.planned_extra, maximise),
            full: c.in_outcome_ranking,
        }
    };
    let all: Vec<BudgetEntry> = combos
        .iter()
        .zip(results)
        .map(|(c, r)| entry(c, r))
        .collect();
    let gains: Vec<Option<f64>> = all
        .iter()
        .map(|e| e.gain_per_million.map(|g| g[1]))
        .collect();
    BudgetDoc {
        scenario: scenario.to_string(),
        budget_per_year: budget,
        metric: metric.to_string(),
        unit: unit.to_string(),
        maximise,
        replications,
        seed,
        options: opts
            .iter()
            .zip(unit_costs)
            .map(|(o, &k)| (o.name.clone(), k))
            .collect(),
        by_outcome: rows.iter().map(|r| all[r.ranked.index].clone()).collect(),
        by_value: options::value_order(&gains)
            .into_iter()
            .map(|i| all[i].clone())
            .collect(),
    }
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
    // Differences in their base's style (points for shares), one format for
    // a difference and its interval.
    let row = |d: &forcesim::stats::Estimate| {
        report::format::Format::for_row(
            unit,
            &[
                d.mean,
                d.ci95_low.unwrap_or(f64::NAN),
                d.ci95_high.unwrap_or(f64::NAN),
            ],
        )
    };
    out.push(format!(
        "Best: {} (planned extra cost {} a year; total cost with overtime {} a year): {metric} {} against {} in the base, a change of {} (95 % CI {} to {}){}.",
        best.label,
        report::finance::money(best.planned_extra),
        report::finance::money(best.cost_per_year),
        value(best.ranked.mean),
        value(best.ranked.mean - d.mean),
        row(d).difference(d.mean),
        row(d).difference(d.ci95_low.unwrap_or(f64::NAN)),
        row(d).difference(d.ci95_high.unwrap_or(f64::NAN)),
        if best.ranked.clear { "" } else { " — not clearly different from spending nothing" }
    ));
    if let Some(second) = rows.get(1) {
        let gap = forcesim::stats::Estimate::paired_difference(
            &results[second.ranked.index].values(metric),
            &results[best.ranked.index].values(metric),
        );
        let f = row(&gap);
        let clear = report::format::shows_as_clear_in(&f, gap.excludes_zero(), gap.mean);
        let verdict = if clear {
            format!("clearly {way} it more than")
        } else {
            "is not clearly different from".into()
        };
        out.push(format!(
            "It {verdict} the runner-up, {} (paired difference {}, 95 % CI {} to {}){}.",
            second.label,
            f.difference(gap.mean),
            f.difference(gap.ci95_low.unwrap_or(f64::NAN)),
            f.difference(gap.ci95_high.unwrap_or(f64::NAN)),
            if clear {
                ""
            } else {
                "; more replications (-n) may separate them"
            }
        ));
    }
    out
}
