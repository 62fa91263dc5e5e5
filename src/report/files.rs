//! The files each command writes into its output folder. Every file is
//! written atomically; charts go to `charts/` beside `report.html`.

use super::charts;
use super::documents::{ComparisonDoc, SweepDoc};
use super::write::atomic_write;
use super::{Analysis, RunInfo};
use crate::batch::BatchResult;
use crate::scenario::Model;
use std::path::{Path, PathBuf};

/// Why an output file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Csv(#[from] csv::Error),
    #[error(transparent)]
    Toml(#[from] toml::ser::Error),
    #[error(transparent)]
    Chart(#[from] charts::ChartError),
    #[error("cannot build results.xlsx: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

type Result<T = ()> = std::result::Result<T, OutputError>;

/// Folder (inside the output folder) holding the charts.
pub const CHARTS_DIR: &str = "charts";
/// The self-contained report.
pub const REPORT: &str = "report.html";
/// The Excel workbook.
pub const WORKBOOK: &str = "results.xlsx";

fn put(path: &Path, bytes: &[u8]) -> Result {
    atomic_write(path, bytes).map_err(|source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// `scenario_as_run.toml`, `summary.json`, `summary.csv`,
/// `replications.csv`, `results.xlsx`, the charts and `report.html` of a
/// run.
pub fn write_run(
    out: &Path,
    info: &RunInfo,
    model: &Model,
    result: &BatchResult,
    analysis: &Analysis,
) -> Result {
    let json = serde_json::to_vec_pretty(&super::json::summary_json(info, result, analysis))?;
    // The scenario as run (after extends and --set): re-running it with the
    // same seed and replications reproduces every number.
    let scenario = toml::to_string_pretty(&info.scenario_as_run)?;
    put(&out.join("scenario_as_run.toml"), scenario.as_bytes())?;
    put(&out.join("summary.json"), &json)?;
    put(&out.join("summary.csv"), &super::csv::summary_csv(result)?)?;
    // Written as it is made: its size grows with replications × metrics.
    let path = out.join("replications.csv");
    super::write::atomic_write_with(&path, |w| {
        super::csv::write_replications_csv(result, w).map_err(std::io::Error::other)
    })
    .map_err(|source| OutputError::Io { path, source })?;
    let (cover, notes, tables) = super::xlsx::tables::run_workbook(info, model, result, analysis);
    put(
        &out.join(WORKBOOK),
        &super::xlsx::workbook(&cover, &notes, &tables)?,
    )?;
    write_run_charts(out, info, model, result, analysis)
}

/// The charts and `report.html` of a run.
pub fn write_run_charts(
    out: &Path,
    info: &RunInfo,
    model: &Model,
    result: &BatchResult,
    analysis: &Analysis,
) -> Result {
    let drawn = charts::for_run(model, result)?;
    write_charts(out, &drawn)?;
    let html = super::html::run_report(info, model, result, analysis, &drawn);
    put(&out.join(REPORT), html.as_bytes())
}

fn write_charts(out: &Path, drawn: &[charts::Chart]) -> Result {
    let dir = out.join(CHARTS_DIR);
    charts::write(&dir, drawn).map_err(|source| OutputError::Io { path: dir, source })
}

/// `comparison.json`, `results.xlsx`, the charts and `report.html` of a
/// comparison; `date` (the base scenario's start date) is the workbook's
/// creation date.
pub fn write_comparison(out: &Path, doc: &ComparisonDoc, date: (u16, u8, u8)) -> Result {
    put(
        &out.join("comparison.json"),
        &serde_json::to_vec_pretty(doc)?,
    )?;
    let (cover, notes, tables) = super::xlsx::tables::comparison_workbook(doc, date);
    put(
        &out.join(WORKBOOK),
        &super::xlsx::workbook(&cover, &notes, &tables)?,
    )?;
    write_comparison_charts(out, doc)
}

/// The charts and `report.html` of a comparison.
pub fn write_comparison_charts(out: &Path, doc: &ComparisonDoc) -> Result {
    let drawn = charts::for_comparison(doc)?;
    write_charts(out, &drawn)?;
    put(
        &out.join(REPORT),
        super::html::comparison_report(doc, &drawn).as_bytes(),
    )
}

/// `budget.json`, the chart and `report.html` of a budget search.
pub fn write_budget(out: &Path, doc: &super::budget::BudgetDoc) -> Result {
    put(&out.join("budget.json"), &serde_json::to_vec_pretty(doc)?)?;
    let drawn = super::budget::charts(doc)?;
    write_charts(out, &drawn)?;
    put(
        &out.join(REPORT),
        super::budget::report(doc, &drawn).as_bytes(),
    )
}

/// `sweep.json`, the charts and `report.html` of a sweep.
pub fn write_sweep(out: &Path, doc: &SweepDoc) -> Result {
    put(&out.join("sweep.json"), &serde_json::to_vec_pretty(doc)?)?;
    write_sweep_charts(out, doc)
}

/// The charts and `report.html` of a sweep.
pub fn write_sweep_charts(out: &Path, doc: &SweepDoc) -> Result {
    let drawn = charts::for_sweep(doc)?;
    write_charts(out, &drawn)?;
    put(
        &out.join(REPORT),
        super::html::sweep_report(doc, &drawn).as_bytes(),
    )
}
