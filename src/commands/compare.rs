//! `forcesim compare`: scenarios side by side under common random numbers,
//! with the paired difference of each from the first (the base), and the
//! appraisal of what each costs when the scenarios have `[costs]`.

use super::{Failure, batch_options, create_output_folder, write_output};
use crate::cli::CompareArgs;
use forcesim::batch::{self, BatchResult};
use forcesim::finance::appraisal::{self, AppraisalRow};
use forcesim::finance::cost;
use forcesim::report::{self, documents};
use forcesim::scenario::{self, Model};
use indicatif::ProgressBar;

/// Runs every scenario with the same seed and replications, prints the
/// comparison table and the appraisal, and writes their files to `--out`.
pub fn compare(args: CompareArgs) -> Result<(), Failure> {
    // Read and check every scenario before simulating any.
    let mut models = Vec::with_capacity(args.scenarios.len());
    let mut date = (2000, 1, 1);
    for (i, path) in args.scenarios.iter().enumerate() {
        let (loaded, model) = scenario::from_file(path)?;
        if i == 0 {
            date = report::xlsx::tables::start_date(&loaded.merged);
        }
        models.push(model);
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
    let appraisal = appraise(&models, &results)?;
    if let Some(out) = &args.out {
        create_output_folder(out)?;
        let bytes = report::csv::comparison_csv(&rows).map_err(anyhow::Error::from)?;
        write_output(out, "comparison.csv", &bytes)?;
        let scenarios = models
            .iter()
            .zip(&args.scenarios)
            .zip(&results)
            .map(|((m, path), r)| documents::ScenarioSummary {
                name: m.name.clone(),
                source: path.display().to_string(),
                metrics: documents::estimates(r),
            })
            .collect();
        let mut doc = documents::ComparisonDoc::new(seed, replications, scenarios, &rows);
        doc.appraisal = documents::AppraisalEntry::from_rows(&appraisal);
        if !appraisal.is_empty() {
            let bytes = report::finance::appraisal_csv(&appraisal).map_err(anyhow::Error::from)?;
            write_output(out, "appraisal.csv", &bytes)?;
        }
        report::files::write_comparison(out, &doc, date).map_err(anyhow::Error::from)?;
        println!(
            "wrote comparison.csv{}, comparison.json, results.xlsx, charts/ and report.html to {}",
            if appraisal.is_empty() {
                ""
            } else {
                ", appraisal.csv"
            },
            out.display()
        );
    }
    Ok(())
}

/// After a comparison: prints each scenario's cost and funding, each
/// alternative's cost per unit of each headline outcome against the base,
/// and the budget checks, and returns the appraisal rows. Silent (and
/// empty) for scenarios without `[costs]`.
fn appraise(models: &[Model], results: &[BatchResult]) -> anyhow::Result<Vec<AppraisalRow>> {
    const COST: &str = "cost.total_per_year";
    let base = &models[0].name;
    if results[0].metric(COST).is_none() {
        if results.iter().any(|r| r.metric(COST).is_some()) {
            println!("No appraisal: the base scenario `{base}` has no [costs] section.");
        }
        return Ok(Vec::new());
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
    Ok(rows)
}
