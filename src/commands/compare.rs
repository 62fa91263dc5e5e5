//! `forcesim compare`: scenarios side by side under common random numbers,
//! with the paired difference of each from the first (the base), and the
//! appraisal of what each costs when the scenarios have `[costs]`.

use super::output::say;
use super::progress::{Progress, runs_of};
use super::{Failure, batch_options, load_scenario, open_output, scenario_inputs, write_output};
use crate::cli::CompareArgs;
use forcesim::batch::{self, BatchResult};
use forcesim::finance::accounts::ledger;
use forcesim::finance::appraisal;
use forcesim::report::outputs::Kind;
use forcesim::report::{self, documents};
use forcesim::scenario::Model;

/// The metric that says a scenario has `[costs]`.
const COST: &str = forcesim::metrics::names::COST_TOTAL_PER_YEAR.pattern;

/// Gives scenarios that share a `name` distinct names, the name with its
/// file (`north (a/north.toml)`), and a numeral after that if the file is
/// named twice, so no two columns or rows of the outputs read alike;
/// returns a warning for each name shared.
fn disambiguate(models: &mut [Model], paths: &[std::path::PathBuf]) -> Vec<String> {
    let mut warnings = Vec::new();
    let names: Vec<String> = models.iter().map(|m| m.name.clone()).collect();
    let mut taken = std::collections::HashSet::new();
    for (i, name) in names.iter().enumerate() {
        let sharing: Vec<usize> = (0..names.len()).filter(|&j| &names[j] == name).collect();
        if sharing.len() < 2 {
            taken.insert(name.clone());
            continue;
        }
        let mut label = format!("{name} ({})", paths[i].display());
        let mut k = 2;
        while taken.contains(&label) {
            label = format!("{name} ({}) #{k}", paths[i].display());
            k += 1;
        }
        taken.insert(label.clone());
        if sharing[0] == i {
            warnings.push(format!(
                "{} scenarios are named `{name}` ({}); the outputs call each by its name and file",
                sharing.len(),
                sharing
                    .iter()
                    .map(|&j| paths[j].display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        models[i].name = label;
    }
    warnings
}

/// Runs every scenario with the same seed and replications, prints the
/// comparison table and the appraisal, and writes their files to `--out`.
pub fn compare(args: &CompareArgs) -> Result<(), Failure> {
    // Read and check every scenario before simulating any.
    let mut models = Vec::with_capacity(args.scenarios.len());
    let mut inputs = Vec::new();
    // The workbook's dates come from the base scenario's start.
    let mut date = (2000, 1, 1);
    for (i, path) in args.scenarios.iter().enumerate() {
        // The same --set overrides for every scenario compared.
        let (loaded, model, _) = load_scenario(Some(path), &args.overrides.set)?;
        if i == 0 {
            date = report::xlsx::tables::start_date(&loaded.merged);
        }
        inputs.extend(scenario_inputs(Some(path), &loaded));
        models.push(model);
    }
    for warning in disambiguate(&mut models, &args.scenarios) {
        eprintln!("warning: {warning}");
    }
    let base = &models[0];
    let options = batch_options(args.seed, args.replications, args.threads, base)?;
    // An unusable --out is found before simulating, not after.
    let folder = open_output(args.out.as_deref(), Kind::Comparison, &inputs, args.force)?;
    let (seed, replications) = (options.seed, options.replications);
    // The count is of scenario runs, not of the paired replications asked
    // for: say how they multiply.
    let progress = Progress::new(
        "compare",
        replications * models.len() as u64,
        &runs_of(
            replications,
            "paired replications",
            models.len(),
            "scenarios",
        ),
    );
    let mut results = Vec::with_capacity(models.len());
    for model in &models {
        results.push(batch::run(model, options, &|| progress.inc()).map_err(anyhow::Error::from)?);
    }
    progress.finish();
    let mut rows = Vec::new();
    for (model, result) in models.iter().zip(&results).skip(1) {
        rows.extend(forcesim::compare::paired_differences(
            &results[0],
            result,
            &model.name,
        ));
    }
    let appraisal = appraise(&models, &results);

    // Files first: a closed or full standard output must not cost them.
    if let Some(out) = &args.out {
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
                geography: report::charts::tiles::layout(m),
            })
            .collect();
        let mut doc = documents::ComparisonDoc::new(seed, replications, scenarios, &rows);
        if let Some(Appraisal::Rows(rows)) = &appraisal {
            doc.appraisal = documents::AppraisalEntry::from_rows(rows);
            let bytes = report::finance::appraisal_csv(rows).map_err(anyhow::Error::from)?;
            write_output(out, "appraisal.csv", &bytes)?;
        }
        report::files::write_comparison(out, &doc, date).map_err(anyhow::Error::from)?;
    }
    if let Some(folder) = &folder {
        let written = [
            "comparison.csv",
            "comparison.json",
            "results.xlsx",
            "report.html",
        ];
        let appraisal_file = ["appraisal.csv"];
        let extra: &[&str] = if matches!(appraisal, Some(Appraisal::Rows(_))) {
            &appraisal_file
        } else {
            &[]
        };
        folder.remove_stale(&[&written[..], extra].concat())?;
    }

    say!(
        "forcesim {} — {} against base `{}`: {replications} paired replications, seed {seed}",
        env!("CARGO_PKG_VERSION"),
        models[1..]
            .iter()
            .map(|m| format!("`{}`", m.name))
            .collect::<Vec<_>>()
            .join(", "),
        base.name
    )?;
    let keep = |name: &str| args.all || report::table::is_headline(name);
    say!("{}", report::table::comparison_table(&rows, keep))?;
    if let Some(note) = report::table::comparison_footnote(&rows, keep) {
        say!("{note}")?;
    }
    if let Some(out) = &args.out {
        say!(
            "wrote comparison.csv, comparison.json, results.xlsx, charts/ and report.html to {}",
            out.display()
        )?;
    }
    match &appraisal {
        Some(Appraisal::Rows(rows)) => {
            print_appraisal(&models, &results, rows)?;
            if let Some(out) = &args.out {
                say!("wrote {}", out.join("appraisal.csv").display())?;
            }
        }
        Some(Appraisal::NoBaseCosts) => say!(
            "No appraisal: the base scenario `{}` has no [costs] section.",
            base.name
        )?,
        None => {}
    }
    Ok(())
}

/// What a comparison can say about costs.
enum Appraisal {
    /// The base has no `[costs]` but some alternative has.
    NoBaseCosts,
    /// Each alternative's cost per unit of each headline outcome against
    /// the base.
    Rows(Vec<appraisal::AppraisalRow>),
}

/// The appraisal of the alternatives against the base; `None` when no
/// scenario has `[costs]`.
fn appraise(models: &[Model], results: &[BatchResult]) -> Option<Appraisal> {
    if results[0].metric(COST).is_none() {
        return results
            .iter()
            .any(|r| r.metric(COST).is_some())
            .then_some(Appraisal::NoBaseCosts);
    }
    let years = ledger::accounting_days(&models[0]).iter().sum::<f64>() / 365.0;
    let mut rows = Vec::new();
    for (model, result) in models.iter().zip(results).skip(1) {
        rows.extend(appraisal::appraise(&results[0], result, &model.name, years));
    }
    Some(Appraisal::Rows(rows))
}

/// Each scenario's cost and funding, the appraisal table and the budget
/// checks.
fn print_appraisal(
    models: &[Model],
    results: &[BatchResult],
    rows: &[appraisal::AppraisalRow],
) -> Result<(), Failure> {
    let base = &models[0].name;
    let names: Vec<String> = models.iter().map(|m| m.name.clone()).collect();
    say!("What each scenario costs (£ a year, mean over the run)")?;
    say!("{}", report::finance::cost_table(&names, results))?;
    for (model, result) in models.iter().zip(results).skip(1) {
        if result.metric(COST).is_none() {
            say!(
                "No appraisal of `{}`: it has no [costs] section.",
                model.name
            )?;
        }
    }
    say!(
        "Appraisal against `{base}`: the whole difference in cost a year set against each \
         outcome in turn (nothing is apportioned between outcomes); Fieller 95 % CIs from the \
         paired replications"
    )?;
    say!("{}", report::finance::appraisal_table(rows))?;
    for (model, result) in models.iter().zip(results) {
        if let Some(s) = report::finance::budget_statement(result) {
            say!("- {}: {s}", model.name)?;
        }
    }
    Ok(())
}
