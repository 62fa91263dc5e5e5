//! Reading scenario files: TOML syntax, `extends`, and where each key is.
//!
//! A scenario may say `extends = "base.toml"` (relative to itself) and give
//! only what differs: tables are merged key by key, any other value
//! (numbers, strings, arrays — including arrays of tables such as
//! `[[streams]]`) replaces the base's value whole. Every key's file and line
//! is remembered so that later errors can point at it.

use super::error::{Problem, ScenarioError};
use super::overrides::{KeyPath, Override};
use super::raw::RawScenario;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::de::{DeTable, DeValue};
use toml::{Spanned, Table, Value};

/// Most `extends` links followed before giving up (a guard, beside the
/// explicit cycle check).
const MAX_EXTENDS_DEPTH: usize = 16;
/// Largest scenario file read, bytes.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Where a key was written: file name and 1-based line (none for a value
/// given on the command line with `--set`).
#[derive(Debug, Clone, PartialEq)]
pub struct Location {
    /// The file the key was written in.
    pub file: String,
    /// Its line, 1-based, when known.
    pub line: Option<usize>,
}

/// Key path → where it was (last) written.
#[derive(Debug, Clone, Default)]
pub struct KeyLocations {
    map: BTreeMap<String, Location>,
    /// The file named by the user (errors with no better place go here).
    pub top_file: String,
}

impl KeyLocations {
    /// The files the scenario's keys were read from (the file named and
    /// its `extends` bases), each once; not `--set`.
    pub fn files(&self) -> Vec<&str> {
        let mut files: Vec<&str> = self
            .map
            .values()
            .filter(|l| l.line.is_some())
            .map(|l| l.file.as_str())
            .collect();
        files.sort_unstable();
        files.dedup();
        files
    }

    /// The location of `path` or of its nearest written ancestor.
    pub fn find(&self, path: &str) -> Option<&Location> {
        let mut p = path;
        loop {
            if let Some(loc) = self.map.get(p) {
                return Some(loc);
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }

    /// A [`Problem`] at `path` with `message`.
    pub fn problem(&self, path: &str, message: String) -> Problem {
        let loc = self.find(path);
        Problem {
            file: loc.map_or_else(|| self.top_file.clone(), |l| l.file.clone()),
            line: loc.and_then(|l| l.line),
            key_path: path.to_string(),
            message,
        }
    }

    /// Forgets everything under `path` (it was replaced whole).
    fn remove_under(&mut self, path: &str) {
        let dot = format!("{path}.");
        let bracket = format!("{path}[");
        self.map
            .retain(|k, _| !(k.starts_with(&dot) || k.starts_with(&bracket)));
    }
}

/// A scenario read from disk (or memory), merged and deserialised.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    /// The scenario as read, after `extends` and `--set`.
    pub raw: RawScenario,
    /// The merged TOML: the scenario as run, after `extends` and overrides.
    pub merged: Table,
    /// Where each key path was written (file and line).
    pub locations: KeyLocations,
}

/// Reads the scenario at `path`, following `extends`.
pub fn load_file(path: &Path) -> Result<LoadedScenario, ScenarioError> {
    let (merged, locations) = read_chain(path, &mut Vec::new())?;
    finish(merged, locations)
}

/// Reads a scenario from `text`, named `name` in messages; `extends` paths
/// are relative to `base_dir`.
pub fn load_str(name: &str, text: &str, base_dir: &Path) -> Result<LoadedScenario, ScenarioError> {
    let (merged, locations) = parse_with_extends(name, text, base_dir, &mut Vec::new())?;
    finish(merged, locations)
}

/// Applies `--set` overrides (see [`super::overrides`]) to a loaded
/// scenario and deserialises it again; each key set is located at its
/// `--set` argument in later messages.
pub fn apply_overrides(
    loaded: &LoadedScenario,
    overrides: &[Override],
) -> Result<LoadedScenario, ScenarioError> {
    let mut merged = loaded.merged.clone();
    let mut locations = loaded.locations.clone();
    for o in overrides {
        let path = o.path.to_string();
        let shown = super::overrides::one_line(&o.argument);
        o.path
            .set(&mut merged, o.value.clone())
            .map_err(|message| ScenarioError::single("--set", None, &shown, message))?;
        locations.remove_under(&path);
        let file = format!("--set {shown}");
        locations.map.insert(path, Location { file, line: None });
    }
    finish(merged, locations)
}

/// Replaces the values at some key paths of a loaded scenario (as a budget
/// option does) and deserialises it again; each key set is located at
/// the given [`Location`] in later messages.
pub fn apply_located(
    loaded: &LoadedScenario,
    changes: &[(KeyPath, Value, Location)],
) -> Result<LoadedScenario, ScenarioError> {
    let mut merged = loaded.merged.clone();
    let mut locations = loaded.locations.clone();
    for (path, value, at) in changes {
        let key = path.to_string();
        path.set(&mut merged, value.clone())
            .map_err(|message| ScenarioError::single(&at.file, at.line, &key, message))?;
        locations.remove_under(&key);
        locations.map.insert(key, at.clone());
    }
    finish(merged, locations)
}

/// The value at key path `a.b[2].c` in `table`, if the path is well
/// formed and there is a value there.
pub fn get_path<'t>(table: &'t Table, path: &str) -> Option<&'t Value> {
    KeyPath::parse(path).ok()?.get(table)
}

/// What a scenario needs at least, for a scenario missing a top-level key.
const MINIMAL_HINT: &str = "the smallest scenario extends a whole one and gives only what \
    differs: `extends = \"staffordshire-2018.toml\"` (a path from this file's folder to \
    scenarios/staffordshire-2018.toml of forcesim's repository, or to your own) and \
    `name = \"my-scenario\"`; the README's \"Scenarios\" section lists every table";

fn finish(merged: Table, locations: KeyLocations) -> Result<LoadedScenario, ScenarioError> {
    let value = Value::Table(merged.clone());
    let raw: RawScenario = serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        let mut message = with_hint(e.inner().message());
        if path.is_empty() && message.starts_with("missing field") {
            message.push_str(&format!("; hint: {MINIMAL_HINT}"));
            if merged.is_empty() {
                message = format!("the scenario is empty: {message}");
            }
        }
        ScenarioError {
            problems: vec![locations.problem(&path, message)],
        }
    })?;
    Ok(LoadedScenario {
        raw,
        merged,
        locations,
    })
}

/// What to do about an `extends = "base_name"` naming no file, read from
/// the folder `base_dir`: where it is looked for, a file of that folder
/// with a near name, and where the shipped default scenario is.
fn missing_base_hint(base_name: &str, base_dir: &Path) -> String {
    let folder = if base_dir.as_os_str().is_empty() {
        "the current folder".to_string()
    } else {
        format!("{}/", base_dir.display())
    };
    let mut hint = format!(
        "hint: `extends` is read relative to the folder of the file that says it ({folder})"
    );
    let wanted = Path::new(base_name);
    let file_name = wanted.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let near_dir = base_dir.join(wanted.parent().unwrap_or(Path::new("")));
    let tomls: Vec<String> = std::fs::read_dir(&near_dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| n.ends_with(".toml"))
                .collect()
        })
        .unwrap_or_default();
    if let Some(near) = crate::suggest::nearest(file_name, tomls.iter().map(String::as_str)) {
        let near = wanted.with_file_name(near);
        hint.push_str(&format!("; did you mean `{}`?", near.display()));
    }
    let default = Path::new(super::DEFAULT_SCENARIO_NAME);
    if default.file_name().and_then(|n| n.to_str()) == Some(file_name) {
        hint.push_str(&format!(
            "; `{file_name}` is forcesim's default scenario, {} in its repository: give its \
             path from {folder}, or copy it beside this file (`forcesim run -n 1 --out DIR` \
             writes it, as run, to DIR/scenario_as_run.toml)",
            super::DEFAULT_SCENARIO_NAME
        ));
    }
    hint
}

/// A deserialising error's message with a hint: for an unknown field or
/// variant (`unknown field `headcont`, expected one of `headcount`, …`),
/// the expected name nearest to it.
fn with_hint(message: &str) -> String {
    let unknown = ["unknown field `", "unknown variant `"]
        .iter()
        .find_map(|p| message.strip_prefix(p));
    let Some(rest) = unknown else {
        return message.to_string();
    };
    let Some((typed, expected)) = rest.split_once('`') else {
        return message.to_string();
    };
    // The expected names are the backticked words after the typed one.
    let candidates = expected.split('`').skip(1).step_by(2);
    match crate::suggest::did_you_mean(typed, candidates) {
        Some(hint) => format!("{message}; hint: {hint}"),
        None => message.to_string(),
    }
}

fn read_chain(
    path: &Path,
    stack: &mut Vec<PathBuf>,
) -> Result<(Table, KeyLocations), ScenarioError> {
    let name = path.display().to_string();
    let text = crate::input::read_to_string(path, MAX_FILE_BYTES)
        .map_err(|e| ScenarioError::single(&name, None, "", read_error(e)))?;
    let base_dir = path.parent().unwrap_or(Path::new("."));
    let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    if stack.contains(&canonical) {
        let chain: Vec<String> = stack.iter().map(|p| p.display().to_string()).collect();
        return Err(ScenarioError::single(
            &name,
            None,
            "extends",
            format!("circular `extends`: {} → {name}", chain.join(" → ")),
        ));
    }
    stack.push(canonical);
    let result = parse_with_extends(&name, &text, base_dir, stack);
    stack.pop();
    result
}

/// A read error's message, with the cap of a scenario file.
fn read_error(e: crate::input::InputError) -> String {
    match e {
        crate::input::InputError::TooLarge(_) => {
            format!("is larger than {MAX_FILE_BYTES} bytes, the most a scenario file may be")
        }
        crate::input::InputError::Io(e) => format!("cannot read file: {e}"),
        other => other.to_string(),
    }
}

fn parse_with_extends(
    name: &str,
    text: &str,
    base_dir: &Path,
    stack: &mut Vec<PathBuf>,
) -> Result<(Table, KeyLocations), ScenarioError> {
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let spanned = DeTable::parse(text).map_err(|e| {
        let line = e.span().map(|s| line_of(s.start));
        ScenarioError::single(name, line, "", format!("TOML syntax: {}", e.message()))
    })?;
    let table: Table = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(s.start));
        ScenarioError::single(name, line, "", format!("TOML: {}", e.message()))
    })?;
    let mut own = KeyLocations {
        top_file: name.to_string(),
        ..Default::default()
    };
    record_table(spanned.get_ref(), "", name, &line_of, &mut own.map);

    let Some(extends) = table.get("extends") else {
        return Ok((table, own));
    };
    let Some(base_name) = extends.as_str() else {
        return Err(ScenarioError {
            problems: vec![own.problem("extends", "must be a file path (a string)".into())],
        });
    };
    if stack.len() > MAX_EXTENDS_DEPTH {
        return Err(ScenarioError {
            problems: vec![own.problem(
                "extends",
                format!("more than {MAX_EXTENDS_DEPTH} levels of `extends`"),
            )],
        });
    }
    let base_path = base_dir.join(base_name);
    if let Ok(canonical) = base_path.canonicalize()
        && stack.contains(&canonical)
    {
        let chain: Vec<String> = stack.iter().map(|p| p.display().to_string()).collect();
        return Err(ScenarioError {
            problems: vec![own.problem(
                "extends",
                format!(
                    "circular `extends`: {} → {}",
                    chain.join(" → "),
                    base_path.display()
                ),
            )],
        });
    }
    if !base_path.exists() {
        return Err(ScenarioError {
            problems: vec![own.problem(
                "extends",
                format!(
                    "extended scenario `{}` does not exist; {}",
                    base_path.display(),
                    missing_base_hint(base_name, base_dir)
                ),
            )],
        });
    }
    if let Err(e) = crate::input::check_regular(&base_path) {
        return Err(ScenarioError {
            problems: vec![own.problem(
                "extends",
                format!(
                    "extended scenario `{}` {}",
                    base_path.display(),
                    read_error(e)
                ),
            )],
        });
    }
    let (mut merged, mut locations) = read_chain(&base_path, stack)?;
    merged.remove("extends");
    merge_into(&mut merged, table, "", &mut locations);
    for (k, v) in own.map {
        locations.map.insert(k, v);
    }
    locations.top_file = name.to_string();
    Ok((merged, locations))
}

/// Deep-merges `over` into `base`; a non-table value replaces whole, and the
/// locations recorded beneath it are forgotten.
fn merge_into(base: &mut Table, over: Table, prefix: &str, locations: &mut KeyLocations) {
    for (key, value) in over {
        let path = join(prefix, &key);
        match (base.get_mut(&key), value) {
            (Some(Value::Table(b)), Value::Table(o)) => merge_into(b, o, &path, locations),
            (_, value) => {
                locations.remove_under(&path);
                base.insert(key, value);
            }
        }
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn record_table(
    table: &DeTable<'_>,
    prefix: &str,
    file: &str,
    line_of: &dyn Fn(usize) -> usize,
    out: &mut BTreeMap<String, Location>,
) {
    for (key, value) in table.iter() {
        let path = join(prefix, key.get_ref());
        out.insert(
            path.clone(),
            Location {
                file: file.to_string(),
                line: Some(line_of(key.span().start)),
            },
        );
        record_value(value, &path, file, line_of, out);
    }
}

fn record_value(
    value: &Spanned<DeValue<'_>>,
    path: &str,
    file: &str,
    line_of: &dyn Fn(usize) -> usize,
    out: &mut BTreeMap<String, Location>,
) {
    match value.get_ref() {
        DeValue::Table(t) => record_table(t, path, file, line_of, out),
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let item_path = format!("{path}[{i}]");
                out.insert(
                    item_path.clone(),
                    Location {
                        file: file.to_string(),
                        line: Some(line_of(item.span().start)),
                    },
                );
                record_value(item, &item_path, file, line_of, out);
            }
        }
        _ => {}
    }
}
