//! Reading the log back: rows by column name, times as exact milliseconds,
//! and comparisons with the replication's metrics.

use crate::common::metric;
use forcesim::metrics::run_traced;
use forcesim::metrics::{Metric, ReplicationResult};
use forcesim::scenario::Model;
use std::collections::HashMap;

/// The log of (model, seed, replication) as the CLI writes it, with the
/// replication's result.
pub fn traced_csv(model: &Model, seed: u64, replication: u64) -> (ReplicationResult, Log) {
    let (result, trace) = run_traced(model, seed, replication);
    let mut bytes = Vec::new();
    forcesim::report::trace::write_csv(model, &trace, &mut bytes).unwrap();
    (result, Log::parse(&bytes))
}

/// A parsed log: rows addressed by column name.
pub struct Log {
    columns: HashMap<String, usize>,
    rows: Vec<csv::StringRecord>,
}

impl Log {
    fn parse(bytes: &[u8]) -> Log {
        let mut reader = csv::Reader::from_reader(bytes);
        let columns = reader
            .headers()
            .unwrap()
            .iter()
            .enumerate()
            .map(|(i, name)| (name.to_string(), i))
            .collect();
        let rows = reader.records().map(Result::unwrap).collect();
        Log { columns, rows }
    }

    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.rows.iter().map(|record| Row { log: self, record })
    }

    /// The rows the metrics count: arrived after the warm-up, not prevented.
    pub fn counted(&self) -> impl Iterator<Item = Row<'_>> {
        self.rows()
            .filter(|r| r.flag("counted") && r.get("end_state") != "prevented")
    }
}

#[derive(Clone, Copy)]
pub struct Row<'a> {
    log: &'a Log,
    record: &'a csv::StringRecord,
}

impl Row<'_> {
    pub fn get(&self, column: &str) -> &str {
        let i = self.log.columns[column];
        &self.record[i]
    }

    pub fn flag(&self, column: &str) -> bool {
        match self.get(column) {
            "true" => true,
            "false" => false,
            other => panic!("{column}: `{other}` is not a bool"),
        }
    }

    /// A time column as whole milliseconds, read exactly from its decimal
    /// text (every time has exactly three decimals).
    pub fn ms(&self, column: &str) -> Option<u64> {
        let text = self.get(column);
        if text.is_empty() {
            return None;
        }
        let (whole, frac) = text.split_once('.').expect("a decimal point");
        assert_eq!(frac.len(), 3, "{column} = {text}: three decimals");
        Some(whole.parse::<u64>().unwrap() * 1000 + frac.parse::<u64>().unwrap())
    }

    pub fn has(&self, column: &str) -> bool {
        self.ms(column).is_some()
    }

    /// Milliseconds from `from` to `to` (both reached).
    pub fn span(&self, from: &str, to: &str) -> u64 {
        self.ms(to).unwrap() - self.ms(from).unwrap()
    }
}

/// How far two means of the same n values may differ: the recorder keeps a
/// running mean (m += (x − m)/k, a few roundings of size ε·max|x| per value)
/// and the test sums then divides ((n − 1) roundings of at most ε·Σ|x|), so
/// each is within about 3n·ε·max|x| of the exact mean and the two within
/// 8n·ε·max|x|. A single row more or less would move the mean by about
/// |x − mean|/n, many orders of magnitude more for the n here.
fn mean_tolerance(values: &[f64]) -> f64 {
    let max = values.iter().fold(0.0_f64, |m, x| m.max(x.abs()));
    8.0 * values.len() as f64 * f64::EPSILON * max
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

pub fn assert_mean(metrics: &[Metric], name: &str, values: &[f64]) {
    let expected = metric(metrics, name);
    assert!(!values.is_empty(), "{name}: nothing to average");
    let (got, tolerance) = (mean(values), mean_tolerance(values));
    assert!(
        (got - expected).abs() <= tolerance,
        "{name}: log gives {got}, metrics {expected} (tolerance {tolerance:e})"
    );
}

pub fn assert_count(metrics: &[Metric], name: &str, count: usize) {
    assert_eq!(metric(metrics, name), count as f64, "{name}");
}

/// `num / den` as the recorder computes it (the same two integers, so
/// exactly the same f64).
fn share(num: usize, den: usize) -> f64 {
    num as f64 / den as f64
}

pub fn assert_share(metrics: &[Metric], name: &str, num: usize, den: usize) {
    assert!(den > 0, "{name}: nothing to divide by");
    assert_eq!(
        metric(metrics, name),
        share(num, den),
        "{name}: {num}/{den}"
    );
}
