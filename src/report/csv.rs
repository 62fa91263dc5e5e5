//! Tidy CSV: one row per replication × metric, and one per metric summary.

use crate::batch::BatchResult;

/// A CSV cell: the number, or empty when undefined (`NaN`).
pub(crate) fn number(x: f64) -> String {
    if x.is_nan() {
        String::new()
    } else {
        format!("{x}")
    }
}

/// A CSV cell for an optional number (empty when absent or undefined).
pub(crate) fn option(x: Option<f64>) -> String {
    x.map_or_else(String::new, number)
}

/// `replication,metric,unit,value` rows (empty value = undefined).
pub fn replications_csv(result: &BatchResult) -> Result<Vec<u8>, csv::Error> {
    let mut bytes = Vec::new();
    write_replications_csv(result, &mut bytes)?;
    Ok(bytes)
}

/// Writes [`replications_csv`]'s rows to `out` as they are made (a row per
/// replication × metric: 66 MB for 2,000 replications of the default
/// year, so never built in memory whole).
pub fn write_replications_csv(
    result: &BatchResult,
    out: &mut dyn std::io::Write,
) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["replication", "metric", "unit", "value"])?;
    for r in &result.replications {
        for (m, value) in result.summary.iter().zip(&r.values) {
            w.write_record([
                r.replication.to_string(),
                m.name.clone(),
                m.unit.to_string(),
                number(*value),
            ])?;
        }
    }
    w.flush()?;
    Ok(())
}

/// `metric,unit,n,mean,sd,ci95_low,ci95_high,ci95_note` rows. The CI is cut
/// to the metric's range; `ci95_note` is `truncated` when it was,
/// `zero_width` when every replication gave the same value, else empty.
pub fn summary_csv(result: &BatchResult) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "metric",
        "unit",
        "n",
        "mean",
        "sd",
        "ci95_low",
        "ci95_high",
        "ci95_note",
    ])?;
    for m in &result.summary {
        let e = &m.estimate;
        w.write_record([
            m.name.clone(),
            m.unit.to_string(),
            e.n.to_string(),
            number(e.mean),
            option(e.sd),
            option(e.ci95_low),
            option(e.ci95_high),
            m.interval.as_str().to_string(),
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// `metric,unit,scenario,base_mean,other_mean,difference,ci95_low,ci95_high,clear` rows.
pub fn comparison_csv(rows: &[crate::compare::Difference]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "metric",
        "unit",
        "scenario",
        "base_mean",
        "other_mean",
        "difference",
        "ci95_low",
        "ci95_high",
        "clear",
    ])?;
    for d in rows {
        w.write_record([
            d.metric.clone(),
            d.unit.to_string(),
            d.scenario.clone(),
            number(d.base_mean),
            number(d.other_mean),
            number(d.difference.mean),
            option(d.difference.ci95_low),
            option(d.difference.ci95_high),
            d.clear.to_string(),
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// Tidy sweep table: one row per grid point and metric.
pub fn sweep_csv(
    axes: &[crate::sweep::Axis],
    points: &[Vec<(String, String)>],
    results: &[BatchResult],
) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = axes.iter().map(|a| a.key.clone()).collect();
    header.extend(["metric", "unit", "n", "mean", "ci95_low", "ci95_high"].map(String::from));
    w.write_record(&header)?;
    for (point, result) in points.iter().zip(results) {
        for m in &result.summary {
            let mut row: Vec<String> = point.iter().map(|(_, v)| v.clone()).collect();
            row.extend([
                m.name.clone(),
                m.unit.to_string(),
                m.estimate.n.to_string(),
                number(m.estimate.mean),
                option(m.estimate.ci95_low),
                option(m.estimate.ci95_high),
            ]);
            w.write_record(&row)?;
        }
    }
    w.into_inner().map_err(|e| e.into_error().into())
}
