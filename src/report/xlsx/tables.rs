//! The tables of `results.xlsx` for a run and for a comparison, built from
//! the same results as `summary.csv` and `appraisal.csv` (the values are
//! the same numbers, unrounded).

use super::{Cell, Cover, NumFmt, SheetTable};
use crate::batch::{BatchResult, MetricSummary};
use crate::metrics::labels;
use crate::report::documents::{AppraisalEntry, ComparisonDoc, MetricEstimate};
use crate::report::notes::Unmet;
use crate::report::{Analysis, RunInfo};
use crate::scenario::Model;

/// The creation date recorded in a workbook: the scenario's `start_date`
/// (a run has no other date that does not change between runs), or
/// 1 January 2000 when it has none.
pub fn start_date(scenario_as_run: &toml::Table) -> (u16, u8, u8) {
    scenario_as_run
        .get("start_date")
        .map(|v| match v {
            toml::Value::Datetime(d) => d.to_string(),
            other => other.as_str().unwrap_or_default().to_string(),
        })
        .and_then(|s| parse_date(&s))
        .unwrap_or((2000, 1, 1))
}

fn parse_date(s: &str) -> Option<(u16, u8, u8)> {
    let mut parts = s.get(..10)?.split('-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let d = parts.next()?.parse().ok()?;
    Some((y, m, d))
}

fn version() -> String {
    format!(
        "forcesim {} (revision {})",
        env!("CARGO_PKG_VERSION"),
        env!("FORCESIM_GIT_REVISION")
    )
}

/// The unit header of a metric's values.
fn unit_words(name: &str, unit: &str) -> String {
    labels::describe(name).map_or_else(
        || match unit {
            "share" => "%".to_string(),
            "" => String::new(),
            u => u.to_string(),
        },
        |d| d.unit.to_string(),
    )
}

/// A metric summary as `[metric, label, unit, n, mean, sd, low, high]`.
fn summary_row(prefix: Vec<Cell>, m: &MetricSummary) -> Vec<Cell> {
    let f = NumFmt::for_metric(&m.name, m.unit);
    let e = &m.estimate;
    let mut row = prefix;
    row.extend([
        Cell::text(&m.name),
        Cell::text(labels::label(&m.name)),
        Cell::text(unit_words(&m.name, m.unit)),
        Cell::number(Some(e.n as f64), NumFmt::Count),
        Cell::number(Some(e.mean), f),
        Cell::number(e.sd, f),
        Cell::number(e.ci95_low, f),
        Cell::number(e.ci95_high, f),
    ]);
    row
}

const SUMMARY_HEADERS: [&str; 8] = [
    "Metric",
    "Label",
    "Unit",
    "Replications",
    "Mean",
    "Standard deviation",
    "95% CI lower",
    "95% CI upper",
];

fn headers(first: &[&str]) -> Vec<String> {
    first
        .iter()
        .chain(SUMMARY_HEADERS.iter())
        .map(ToString::to_string)
        .collect()
}

/// The notes (definitions) of every metric named.
fn notes<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<super::Note> {
    let mut out: Vec<super::Note> = Vec::new();
    for name in names {
        let key = labels::split_year(name).map_or(name, |(_, m)| m);
        if out.iter().any(|n| n.0 == key) {
            continue;
        }
        if let Some(d) = labels::describe(key) {
            out.push((key.to_string(), d.label, d.unit.to_string(), d.description));
        }
    }
    out
}

fn unmet_table(rows: &[Unmet]) -> SheetTable {
    SheetTable {
        sheet: "Unmet_demand".into(),
        title: "Unmet demand".into(),
        about: "Demand the force could not meet, means over replications: first over the whole run, then (in multi-year runs) for each year, counted by the year the demand arrived.".into(),
        headers: ["Period", "What went unmet", "Number", "Unit"].map(String::from).to_vec(),
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Cell::text(r.year.map_or_else(|| "whole run".into(), |y| format!("year {y}"))),
                    Cell::text(&r.what),
                    Cell::number(Some(r.count), NumFmt::Count),
                    Cell::text(r.unit),
                ]
            })
            .collect(),
    }
}

/// The cover, notes and tables of a run's workbook.
pub fn run_workbook(
    info: &RunInfo,
    model: &Model,
    result: &BatchResult,
    analysis: &Analysis,
) -> (Cover, Vec<super::Note>, Vec<SheetTable>) {
    let cover = Cover {
        title: format!("forcesim results: {}", info.scenario_name),
        about: vec![
            model.description.clone(),
            "Every figure is a mean over Monte Carlo replications with its 95% confidence interval. The tables hold the same numbers as summary.csv.".into(),
        ],
        facts: vec![
            ("Scenario".into(), info.scenario_name.clone()),
            ("Source".into(), info.scenario_source.clone()),
            ("Days simulated".into(), model.days.len().to_string()),
            ("Replications".into(), info.replications.to_string()),
            ("Seed".into(), info.seed.to_string()),
            ("Produced by".into(), version()),
            ("Scenario start date".into(), date_text(start_date(&info.scenario_as_run))),
            (
                "To reproduce".into(),
                info.reproduce("scenario_as_run.toml"),
            ),
        ],
        date: start_date(&info.scenario_as_run),
    };
    let (per_year, whole): (Vec<&MetricSummary>, Vec<&MetricSummary>) = result
        .summary
        .iter()
        .partition(|m| labels::split_year(&m.name).is_some());
    let mut tables = vec![SheetTable {
        sheet: "Summary".into(),
        title: "Summary: every metric with its 95% confidence interval".into(),
        about: "One row per metric over the whole run (after any warm-up); the same numbers as summary.csv.".into(),
        headers: headers(&[]),
        rows: whole.iter().map(|m| summary_row(Vec::new(), m)).collect(),
    }];
    if !per_year.is_empty() {
        tables.push(SheetTable {
            sheet: "Per_year".into(),
            title: "Each year of the run".into(),
            about: "One row per year and metric. Counts go by the year the demand arrived: work arriving late in a year and finished the next counts in its arrival year, so the last year's completed work looks low.".into(),
            headers: headers(&["Year"]),
            rows: per_year
                .iter()
                .map(|m| {
                    let (y, _) = labels::split_year(&m.name).unwrap_or((0, ""));
                    summary_row(vec![Cell::number(Some(y as f64), NumFmt::Count)], m)
                })
                .collect(),
        });
    }
    let team_rows: Vec<Vec<Cell>> = model
        .teams
        .iter()
        .flat_map(|t| {
            whole
                .iter()
                .filter(move |m| {
                    crate::metrics::names::group::of_team(&m.name) == Some(t.name.as_str())
                })
                .map(|m| summary_row(vec![Cell::text(&t.name)], m))
                .collect::<Vec<_>>()
        })
        .collect();
    tables.push(SheetTable {
        sheet: "Per_team".into(),
        title: "Each team".into(),
        about: "One row per team and metric over the whole run.".into(),
        headers: headers(&["Team"]),
        rows: team_rows,
    });
    if !model.areas.is_empty() {
        let mut rows = Vec::new();
        for a in &model.areas {
            let mut teams = vec![("response", a.response_team)];
            teams.extend(a.neighbourhood_team.map(|n| ("neighbourhood", n)));
            for (role, t) in teams {
                let name = &model.teams[t].name;
                use crate::metrics::names as n;
                for family in [
                    n::TEAMS_UTILISATION,
                    n::TEAMS_QUEUE_WAIT_MEAN_MIN,
                    n::TEAMS_QUEUE_WAIT_P90_MIN,
                ] {
                    if let Some(m) = result.metric(&family.name(&[name])) {
                        rows.push(summary_row(
                            vec![Cell::text(&a.name), Cell::text(format!("{role}: {name}"))],
                            m,
                        ));
                    }
                }
            }
        }
        tables.push(SheetTable {
            sheet: "Per_area".into(),
            title: "Each area: the teams serving it".into(),
            about: "One row per area, serving team and metric over the whole run.".into(),
            headers: headers(&["Area", "Serving team"]),
            rows,
        });
    }
    tables.push(unmet_table(&crate::report::notes::unmet_rows(
        model, result,
    )));
    tables.push(statements_table(&analysis.statements));
    let notes = notes(result.summary.iter().map(|m| m.name.as_str()));
    (cover, notes, tables)
}

fn statements_table(statements: &[String]) -> SheetTable {
    SheetTable {
        sheet: "Statements".into(),
        title: "Statements: overload, instability, closed hours, budget".into(),
        about: "The plain statements of the report, most serious first.".into(),
        headers: ["Number", "Statement"].map(String::from).to_vec(),
        rows: statements
            .iter()
            .enumerate()
            .map(|(i, s)| {
                vec![
                    Cell::number(Some(i as f64 + 1.0), NumFmt::Count),
                    Cell::text(s),
                ]
            })
            .collect(),
    }
}

fn date_text((y, m, d): (u16, u8, u8)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

fn estimate_cells(e: &MetricEstimate, f: NumFmt) -> [Cell; 3] {
    [
        Cell::number(e.mean, f),
        Cell::number(e.ci95_low, f),
        Cell::number(e.ci95_high, f),
    ]
}

/// The cover, notes and tables of a comparison's workbook.
pub fn comparison_workbook(
    doc: &ComparisonDoc,
    date: (u16, u8, u8),
) -> (Cover, Vec<super::Note>, Vec<SheetTable>) {
    let base = &doc.scenarios[0].name;
    let cover = Cover {
        title: format!("forcesim comparison against {base}"),
        about: vec![
            "Scenarios compared under common random numbers: replication i of each sees the same demand, so paired differences are estimated more precisely than the scenarios' own figures.".into(),
            "The tables hold the same numbers as comparison.csv and appraisal.csv.".into(),
        ],
        facts: vec![
            ("Base scenario".into(), base.clone()),
            (
                "Scenarios".into(),
                doc.scenarios.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join(", "),
            ),
            ("Replications".into(), doc.replications.to_string()),
            ("Seed".into(), doc.seed.to_string()),
            ("Produced by".into(), version()),
            ("Scenario start date".into(), date_text(date)),
        ],
        date,
    };
    let mut scenario_rows = Vec::new();
    for s in &doc.scenarios {
        for m in &s.metrics {
            let f = NumFmt::for_metric(&m.name, &m.unit);
            let mut row = vec![
                Cell::text(&s.name),
                Cell::text(&m.name),
                Cell::text(labels::label(&m.name)),
                Cell::text(unit_words(&m.name, &m.unit)),
            ];
            row.extend(estimate_cells(m, f));
            scenario_rows.push(row);
        }
    }
    let diff_rows = doc
        .differences
        .iter()
        .map(|d| {
            let f = NumFmt::for_metric(&d.metric, &d.unit);
            let mut row = vec![
                Cell::text(&d.scenario),
                Cell::text(&d.metric),
                Cell::text(labels::label(&d.metric)),
                Cell::text(if d.unit == "share" {
                    "percentage points".to_string()
                } else {
                    unit_words(&d.metric, &d.unit)
                }),
                Cell::text(labels::better(&d.metric).words()),
                Cell::number(d.base_mean, f),
                Cell::number(d.other_mean, f),
            ];
            row.extend(estimate_cells(&d.difference, f));
            row.push(Cell::text(if d.clear { "yes" } else { "no" }));
            row
        })
        .collect();
    let mut tables = vec![
        SheetTable {
            sheet: "Scenarios".into(),
            title: "Each scenario: every metric with its 95% confidence interval".into(),
            about: "One row per scenario and metric.".into(),
            headers: ["Scenario", "Metric", "Label", "Unit", "Mean", "95% CI lower", "95% CI upper"].map(String::from).to_vec(),
            rows: scenario_rows,
        },
        SheetTable {
            sheet: "Differences".into(),
            title: "Paired differences from the base".into(),
            about: "Other minus base, paired replication by replication. Differences of shares are in percentage points (shown with a % format). Clear: the 95% CI of the difference excludes zero.".into(),
            headers: [
                "Scenario", "Metric", "Label", "Unit", "Better", "Base mean", "Scenario mean",
                "Difference", "Difference 95% CI lower", "Difference 95% CI upper", "Clear",
            ]
            .map(String::from)
            .to_vec(),
            rows: diff_rows,
        },
    ];
    if !doc.appraisal.is_empty() {
        tables.push(appraisal_table(&doc.appraisal));
    }
    let names = doc.scenarios[0].metrics.iter().map(|m| m.name.as_str());
    (cover, notes(names), tables)
}

/// The appraisal, row for row as `appraisal.csv`.
pub fn appraisal_table(rows: &[AppraisalEntry]) -> SheetTable {
    let money = NumFmt::Pounds;
    SheetTable {
        sheet: "Appraisal".into(),
        title: "Appraisal: cost per unit of outcome against the base".into(),
        about: "One row per alternative and outcome: the whole difference in cost a year set against each outcome in turn (nothing is apportioned), with Fieller 95% CIs; the same numbers as appraisal.csv. Dominated: another option (or the base) costs less and does at least as well on this outcome.".into(),
        headers: [
            "Scenario", "Outcome", "Per", "Base cost a year (£)", "Scenario cost a year (£)",
            "Cost difference a year (£)", "Cost difference 95% CI lower (£)", "Cost difference 95% CI upper (£)",
            "Improvement", "Improvement 95% CI lower", "Improvement 95% CI upper",
            "Cost per unit (£)", "Cost per unit 95% CI lower (£)", "Cost per unit 95% CI upper (£)",
            "Dominated", "Reading",
        ]
        .map(String::from)
        .to_vec(),
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Cell::text(&r.scenario),
                    Cell::text(&r.outcome),
                    Cell::text(&r.per),
                    Cell::number(Some(r.base_cost), money),
                    Cell::number(Some(r.other_cost), money),
                    Cell::number(r.cost_difference.mean, money),
                    Cell::number(r.cost_difference.ci95_low, money),
                    Cell::number(r.cost_difference.ci95_high, money),
                    Cell::number(r.improvement.mean, NumFmt::Decimal),
                    Cell::number(r.improvement.ci95_low, NumFmt::Decimal),
                    Cell::number(r.improvement.ci95_high, NumFmt::Decimal),
                    Cell::number(r.cost_per_unit.mean, money),
                    Cell::number(r.cost_per_unit.ci95_low, money),
                    Cell::number(r.cost_per_unit.ci95_high, money),
                    Cell::text(if r.dominated { "yes" } else { "no" }),
                    Cell::text(&r.reading),
                ]
            })
            .collect(),
    }
}
