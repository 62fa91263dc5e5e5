//! What differs between two replication logs' headers (or a log and the
//! run that would resume it), in words, so that a refused resume or merge
//! says which setting differs and both values.

use super::Header;

/// Most differing scenario settings listed one by one.
const MAX_SETTINGS: usize = 5;

/// Longest value shown in full (longer ones are cut with `…`).
const MAX_VALUE_CHARS: usize = 60;

/// One side of a comparison: its name in messages (`the log`, `s1`) and
/// the verb before its value (`has`, `asks`).
#[derive(Clone, Copy)]
pub struct Side<'a> {
    /// How the side is named, e.g. `the log` or a folder.
    pub name: &'a str,
    /// The verb before its value, e.g. `has` or `asks`.
    pub verb: &'a str,
}

/// Each difference between `a` and `b`, e.g. `batch size: the log has
/// 40, this run asks 50 (-n)`; with `flags`, each ends with the
/// command-line argument that sets it. Empty when they agree.
pub fn differences(a: &Header, b: &Header, sa: Side, sb: Side, flags: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut say = |what: &str, x: &str, y: &str, flag: &str| {
        let flag = if flags && !flag.is_empty() {
            format!(" ({flag})")
        } else {
            String::new()
        };
        out.push(format!(
            "{what}: {} {} {x}, {} {} {y}{flag}",
            sa.name, sa.verb, sb.name, sb.verb
        ));
    };
    if a.replications != b.replications {
        let (x, y) = (a.replications.to_string(), b.replications.to_string());
        say("batch size", &x, &y, "-n");
    }
    if a.seed != b.seed {
        say("seed", &a.seed.to_string(), &b.seed.to_string(), "--seed");
    }
    if a.forcesim_version != b.forcesim_version {
        say(
            "forcesim version",
            &a.forcesim_version,
            &b.forcesim_version,
            "",
        );
    }
    if a.schema_version != b.schema_version {
        let (x, y) = (a.schema_version.to_string(), b.schema_version.to_string());
        say("log format version", &x, &y, "");
    }
    if a.scenario_name != b.scenario_name {
        let (x, y) = (quoted(&a.scenario_name), quoted(&b.scenario_name));
        say("scenario name", &x, &y, "the scenario file");
    }
    if a.scenario_source != b.scenario_source {
        say(
            "scenario",
            &a.scenario_source,
            &b.scenario_source,
            "the SCENARIO argument",
        );
    }
    if a.scenario_as_run != b.scenario_as_run {
        let parse = |t: &str| t.parse::<toml::Table>().ok();
        match (parse(&a.scenario_as_run), parse(&b.scenario_as_run)) {
            (Some(x), Some(y)) => {
                let mut settings = Vec::new();
                diff_tables("", &x, &y, &mut settings);
                let more = settings.len().saturating_sub(MAX_SETTINGS);
                for (key, x, y) in settings.iter().take(MAX_SETTINGS) {
                    say(key, x, y, "--set or the scenario file");
                }
                if more > 0 {
                    out.push(format!("and {more} more scenario settings"));
                }
            }
            _ => say(
                "scenario as run",
                "one scenario",
                "another",
                "--set or the scenario file",
            ),
        }
    }
    out
}

fn quoted(s: &str) -> String {
    format!("`{s}`")
}

/// A value as inline TOML, cut to [`MAX_VALUE_CHARS`]; `(absent)` for none.
fn shown(v: Option<&toml::Value>) -> String {
    let Some(v) = v else {
        return "(absent)".into();
    };
    let text = v.to_string();
    if text.chars().count() > MAX_VALUE_CHARS {
        let cut: String = text.chars().take(MAX_VALUE_CHARS).collect();
        format!("{cut}…")
    } else {
        text
    }
}

/// Appends to `out` each key path (below `prefix`) whose values differ
/// between `a` and `b`, with both values, tables compared key by key.
fn diff_tables(
    prefix: &str,
    a: &toml::Table,
    b: &toml::Table,
    out: &mut Vec<(String, String, String)>,
) {
    let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    for key in keys {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match (a.get(key), b.get(key)) {
            (Some(toml::Value::Table(x)), Some(toml::Value::Table(y))) => {
                diff_tables(&path, x, y, out);
            }
            (x, y) if x != y => out.push((path, shown(x), shown(y))),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(replications: u64, seed: u64, toml: &str) -> Header {
        Header {
            kind: "forcesim-replications".into(),
            schema_version: 1,
            forcesim_version: "0.1.0".into(),
            scenario_name: "s".into(),
            scenario_source: "s.toml".into(),
            scenario_as_run: toml.into(),
            seed,
            replications,
        }
    }

    #[test]
    fn each_difference_is_named_with_both_values() {
        let a = header(40, 3, "horizon_days = 20\n[teams.x]\nheadcount = 5\n");
        let b = header(50, 3, "horizon_days = 21\n[teams.x]\nheadcount = 5\n");
        let log = Side {
            name: "the log",
            verb: "has",
        };
        let run = Side {
            name: "this run",
            verb: "asks",
        };
        assert_eq!(
            differences(&a, &b, log, run, true),
            [
                "batch size: the log has 40, this run asks 50 (-n)",
                "horizon_days: the log has 20, this run asks 21 (--set or the scenario file)"
            ]
        );
        assert!(differences(&a, &a, log, run, true).is_empty());
    }
}
