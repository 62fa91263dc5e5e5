//! Travel times given as numbers: a CSV travel matrix read from a file
//! (relative to the scenario file that names it), each problem located by
//! the CSV's line, and the check on one travel time. Used by
//! [`super::geography`].

use super::checker::Checker;
use std::collections::BTreeMap;
use std::path::Path;

/// Largest CSV travel matrix read, bytes.
const MAX_MATRIX_BYTES: u64 = 64 * 1024 * 1024;
/// Longest travel accepted, minutes (a day): anything longer is a mistake.
const MAX_TRAVEL_MIN: f64 = 1440.0;

/// A travel time: finite, ≥ 0 and at most a day.
pub(super) fn travel_minutes(c: &mut Checker, path: &str, minutes: f64) -> f64 {
    if !(minutes.is_finite() && (0.0..=MAX_TRAVEL_MIN).contains(&minutes)) {
        c.fail(
            path,
            format!(
                "travel must be a number of minutes from 0 to {MAX_TRAVEL_MIN} (got {minutes})"
            ),
        );
        return 0.0;
    }
    minutes
}

/// Reads a CSV travel matrix (`from,ATOM,…` then one row per atom), each
/// problem located by the CSV file and line; `None` when it cannot be used.
pub(super) fn read_matrix(
    c: &mut Checker,
    file: &str,
    atom_index: &BTreeMap<String, usize>,
) -> Option<Vec<f64>> {
    let key = "geography.travel_matrix";
    let base = c
        .locations
        .find(key)
        .map(|l| Path::new(&l.file).parent().map(Path::to_path_buf))
        .unwrap_or_default()
        .unwrap_or_default();
    let path = base.join(file);
    let shown = path.display().to_string();
    let problems_before = c.problems.len();
    let fail_at = |c: &mut Checker, line: Option<usize>, message: String| {
        c.problems.push(super::error::Problem {
            file: shown.clone(),
            line,
            key_path: key.to_string(),
            message,
        });
    };
    let size = std::fs::metadata(&path).map(|m| m.len());
    match size {
        Err(e) => {
            c.fail(
                key,
                format!("cannot read the travel matrix `{shown}`: {e} (the path is relative to the scenario file)"),
            );
            return None;
        }
        Ok(s) if s > MAX_MATRIX_BYTES => {
            c.fail(
                key,
                format!("`{shown}` is larger than {MAX_MATRIX_BYTES} bytes"),
            );
            return None;
        }
        Ok(_) => {}
    }
    let mut reader = match csv::ReaderBuilder::new().has_headers(true).from_path(&path) {
        Ok(r) => r,
        Err(e) => {
            c.fail(key, format!("cannot read `{shown}`: {e}"));
            return None;
        }
    };
    let n = atom_index.len();
    let header = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            fail_at(c, Some(1), format!("bad header: {e}"));
            return None;
        }
    };
    let mut columns = Vec::new();
    for (i, name) in header.iter().enumerate().skip(1) {
        match atom_index.get(name.trim()) {
            Some(&a) => columns.push(a),
            None => {
                fail_at(
                    c,
                    Some(1),
                    format!(
                        "column {} `{name}` is not an atom of [geography.atoms]",
                        i + 1
                    ),
                );
                columns.push(usize::MAX);
            }
        }
    }
    let mut m = vec![f64::NAN; n * n];
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize);
                fail_at(c, line, format!("bad CSV row: {e}"));
                continue;
            }
        };
        let line = record.position().map(|p| p.line() as usize);
        let from_name = record.get(0).unwrap_or("").trim().to_string();
        let Some(&from) = atom_index.get(&from_name) else {
            fail_at(
                c,
                line,
                format!("row `{from_name}` is not an atom of [geography.atoms]"),
            );
            continue;
        };
        for (field, &to) in record.iter().skip(1).zip(&columns) {
            if to == usize::MAX {
                continue;
            }
            match field.trim().parse::<f64>() {
                Ok(x) if x.is_finite() && (0.0..=MAX_TRAVEL_MIN).contains(&x) => {
                    m[from * n + to] = x;
                }
                _ => fail_at(
                    c,
                    line,
                    format!(
                        "travel from `{from_name}` to `{}` must be minutes from 0 to {MAX_TRAVEL_MIN} (got `{field}`)",
                        header
                            .get(1 + columns.iter().position(|&t| t == to).unwrap_or(0))
                            .unwrap_or("")
                    ),
                ),
            }
        }
    }
    let missing = atom_index.iter().find_map(|(from_name, &from)| {
        atom_index
            .iter()
            .find(|&(_, &to)| m[from * n + to].is_nan())
            .map(|(to_name, _)| (from_name, to_name))
    });
    if let (Some((from_name, to_name)), true) = (missing, c.problems.len() == problems_before) {
        fail_at(
            c,
            None,
            format!(
                "no travel time from `{from_name}` to `{to_name}`: give a row and a column for \
                 every atom"
            ),
        );
    }
    (c.problems.len() == problems_before).then_some(m)
}
