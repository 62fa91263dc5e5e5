//! Metric names are made in one place: `src/metrics/` (the naming layer,
//! whose families carry each name's label). Every other file reads or
//! builds a name through its families and constants.
//!
//! The rule checked: outside `src/metrics/` and `src/scenario/` (whose
//! dotted strings are TOML key paths of the input, a layer that cannot
//! know metric names), no Rust string literal in `src/` (comments and doc
//! comments aside) starts with a metric group (`calls.`, `teams.`,
//! `years.`, `cost.`, … see [`GROUPS`]) and continues with nothing but
//! name characters (letters, digits, `_`, `.`, `+`, `*`) and `format!`
//! braces (`{…}`), unless it names a file (`budget.csv`). So neither
//! `"cost.total_per_year"` nor `format!("teams.{}.utilisation", t)` nor
//! the prefix `"calls."` may appear there, while
//! `"teams.x.shifts[2].staff"` (a scenario path) and `"budget.json"` may.

use std::path::{Path, PathBuf};

/// The first segment of every metric name.
const GROUPS: &[&str] = &[
    "calls",
    "contacts",
    "demand",
    "incidents",
    "response",
    "teams",
    "crimes",
    "outcomes",
    "investigations",
    "missing",
    "surge",
    "prevention",
    "neighbourhood",
    "workforce",
    "run",
    "cost",
    "funding",
    "budget",
    "years",
];

const FILE_EXTENSIONS: &[&str] = &[
    ".csv", ".json", ".jsonl", ".html", ".xlsx", ".png", ".svg", ".toml", ".txt", ".log",
];

fn is_metric_name(s: &str) -> bool {
    let Some((group, rest)) = s.split_once('.') else {
        return false;
    };
    GROUPS.contains(&group)
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.+*{}:".contains(c))
        && !FILE_EXTENSIONS.iter().any(|e| s.ends_with(e))
}

/// The string literals of Rust source `src` (comments skipped), with the
/// line each starts on.
fn string_literals(src: &str) -> Vec<(usize, String)> {
    let b: Vec<char> = src.chars().collect();
    let (mut i, mut line, mut out) = (0, 1, Vec::new());
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == '*' && b[i + 1] == '/') {
                line += usize::from(b[i] == '\n');
                i += 1;
            }
            i += 2;
        } else if c == '\'' {
            // A char literal ('x', '\n', '"'), or a lifetime.
            if next == Some('\\') {
                i += 2;
                while i < b.len() && b[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if b.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
            }
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && !ident_before(&b, i) {
            let mut hashes = 0;
            let mut j = i + 1;
            while b.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                i += 1;
                continue;
            }
            let (start_line, mut text) = (line, String::new());
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == '"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                line += usize::from(b[j] == '\n');
                text.push(b[j]);
                j += 1;
            }
            out.push((start_line, text));
            i = j;
        } else if c == '"' {
            let (start_line, mut text) = (line, String::new());
            i += 1;
            while i < b.len() && b[i] != '"' {
                if b[i] == '\\' {
                    text.push(b[i]);
                    i += 1;
                }
                if i < b.len() {
                    line += usize::from(b[i] == '\n');
                    text.push(b[i]);
                }
                i += 1;
            }
            i += 1;
            out.push((start_line, text));
        } else {
            i += 1;
        }
    }
    out
}

fn ident_before(b: &[char], i: usize) -> bool {
    i > 0 && (b[i - 1].is_alphanumeric() || b[i - 1] == '_')
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn metric_names_are_built_only_by_the_naming_module() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = root.join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let exempt = [src.join("metrics"), src.join("scenario")];
    let mut found = Vec::new();
    for file in files
        .iter()
        .filter(|f| !exempt.iter().any(|e| f.starts_with(e)))
    {
        let text = std::fs::read_to_string(file).expect("read source");
        for (line, literal) in string_literals(&text) {
            if is_metric_name(&literal) {
                let shown = file.strip_prefix(root).unwrap_or(file).display();
                found.push(format!("{shown}:{line}: \"{literal}\""));
            }
        }
    }
    assert!(
        found.is_empty(),
        "metric names made outside src/metrics/ (use metrics::names):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_rule_tells_metric_names_from_other_dotted_strings() {
    let src = r##"
        // "teams.comment.utilisation" is a comment
        let a = "cost.total_per_year";
        let b = format!("teams.{}.utilisation", t);
        let c = '"'; let d = "teams.x.shifts[2].staff";
        let e = "budget.json"; let f = r#"calls."#;
        let g = "response.g1.within_target_share>=0.9";
    "##;
    let flagged: Vec<String> = string_literals(src)
        .into_iter()
        .filter(|(_, s)| is_metric_name(s))
        .map(|(_, s)| s)
        .collect();
    assert_eq!(
        flagged,
        ["cost.total_per_year", "teams.{}.utilisation", "calls."]
    );
}

/// A shipped scenario run for `days` (as `--set horizon_days=…` does).
fn shipped(file: &str, days: u32) -> forcesim::scenario::Model {
    use forcesim::scenario::{self, overrides};
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(file);
    let (loaded, _) = scenario::from_file(&path).expect("shipped scenario is valid");
    let set = overrides::parse_all(&[format!("horizon_days={days}")]).expect("override");
    scenario::with_overrides(loaded, &set)
        .expect("shortened scenario is valid")
        .1
}

/// Every name a replication reports (metrics, accounts included, time
/// distributions and series) in every shipped scenario has words: names
/// are made only from metric families, which carry their labels.
#[test]
fn every_name_a_replication_reports_has_a_label() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("scenarios")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|f| f.ends_with(".toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "{files:?}");
    let mut unlabelled = Vec::new();
    for file in &files {
        // 400 days: two simulated years, so `years.N.…` names are reported.
        let model = shipped(file, 400);
        let r = forcesim::batch::replicate(&model, 3, 0);
        let names = r
            .metrics
            .iter()
            .map(|m| &m.name)
            .chain(r.distributions.iter().map(|d| &d.name))
            .chain(r.series.iter().map(|s| &s.name));
        for name in names {
            if forcesim::metrics::labels::describe(name).is_none() {
                unlabelled.push(format!("{file}: {name}"));
            }
        }
    }
    assert!(
        unlabelled.is_empty(),
        "no label:\n{}",
        unlabelled.join("\n")
    );
}

/// Per-year results are a dimension of the typed statistics, and the
/// names read back exactly the typed values, year by year.
#[test]
fn typed_statistics_by_year_are_what_the_named_metrics_report() {
    use forcesim::metrics::names as n;
    let model = shipped("staffordshire-2022-forecast.toml", 400);
    let typed = forcesim::sim::run(&model, 5, 0);
    let named = forcesim::metrics::result(&model, typed.clone());
    let value = |name: &str| {
        named
            .metrics
            .iter()
            .find(|m| m.name == name)
            .unwrap_or_else(|| panic!("no metric {name}"))
            .value
    };
    let years: Vec<usize> = typed.stats.years.iter().map(|y| y.year).collect();
    assert_eq!(years, [1, 2], "two simulated years");
    let team = &model.teams[0].name;
    for y in &typed.stats.years {
        let s = &y.stats;
        assert_eq!(
            value(&n::INCIDENTS_TOTAL.in_year(y.year, &[])),
            s.incidents.total as f64
        );
        assert_eq!(
            value(&n::TEAMS_OVERTIME_UNIT_HOURS.in_year(y.year, &[team])).to_bits(),
            s.teams[0].overtime_unit_hours.to_bits()
        );
    }
    let whole = &typed.stats.whole;
    let by_year: u64 = typed
        .stats
        .years
        .iter()
        .map(|y| y.stats.incidents.total)
        .sum();
    assert_eq!(whole.incidents.total, by_year, "years add up to the run");
    assert_eq!(
        value(&n::INCIDENTS_TOTAL.name(&[])),
        whole.incidents.total as f64
    );
    assert_eq!(
        named.metrics.iter().filter(|m| m.unit == "£").count(),
        0,
        "no accounts without metrics::with_accounts"
    );
    for m in &named.metrics {
        assert!(
            [
                forcesim::sim::Unit::Count,
                forcesim::sim::Unit::Share,
                forcesim::sim::Unit::Seconds,
                forcesim::sim::Unit::Minutes,
                forcesim::sim::Unit::Hours,
                forcesim::sim::Unit::Days,
                forcesim::sim::Unit::Servers,
                forcesim::sim::Unit::People,
            ]
            .iter()
            .any(|u| u.symbol() == m.unit),
            "{}: unit {} is no Unit",
            m.name,
            m.unit
        );
    }
}
