//! `--set KEY.PATH=VALUE` overrides: a strict key-path grammar and one TOML
//! value per argument, each problem reported with the argument it is in,
//! what was expected and a hint.
//!
//! Grammar (whitespace around `=` and at either end is ignored):
//!
//! ```text
//! argument := key-path "=" value
//! key-path := key ( "." key | "[" digits "]" )*
//! key      := [A-Za-z0-9_-]+  |  '"' any character but '"', '\' and line breaks '"'
//! value    := one line of TOML: a number, a quoted string, true/false, a date,
//!             an array [..] or an inline table { .. }
//! ```
//!
//! `extends` cannot be set (it is followed when the file is read), and a
//! value must be valid TOML: a bare word is an error, not a string.

use super::error::ScenarioError;
use std::fmt;
use toml::{Table, Value};

/// One step of a key path: a table key or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A key of a table.
    Key(String),
    /// A 0-based index into an array.
    Index(usize),
}

/// A parsed key path such as `teams.response_north.shifts[2].staff`: at
/// least one segment, the first a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPath {
    segments: Vec<Segment>,
}

impl KeyPath {
    /// Parses `text` by the grammar above (no surrounding whitespace).
    pub fn parse(text: &str) -> Result<KeyPath, String> {
        let (path, rest) = parse_path(text)?;
        if !rest.is_empty() {
            let at = text.len() - rest.len();
            return Err(unexpected(text, at, "`.`, `[` or the end of the key path"));
        }
        Ok(path)
    }

    /// The segments, first to last.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The value at this path in `table`, if there is one.
    pub fn get<'t>(&self, table: &'t Table) -> Option<&'t Value> {
        let (first, rest) = self.segments.split_first()?;
        let Segment::Key(k) = first else {
            return None;
        };
        let mut current = table.get(k)?;
        for seg in rest {
            current = match (seg, current) {
                (Segment::Key(k), Value::Table(t)) => t.get(k)?,
                (Segment::Index(i), Value::Array(a)) => a.get(*i)?,
                _ => return None,
            };
        }
        Some(current)
    }

    /// Sets this path in `table` to `value`: every step but the last must
    /// exist; the last may add a key to an existing table or replace an
    /// existing array element.
    pub fn set(&self, table: &mut Table, value: Value) -> Result<(), String> {
        let Some((last, init)) = self.segments.split_last() else {
            return Err("empty key path".into());
        };
        let mut root = Value::Table(std::mem::take(table));
        let result = set_in(&mut root, init, last, value);
        if let Value::Table(t) = root {
            *table = t;
        }
        result
    }
}

impl fmt::Display for KeyPath {
    /// The canonical text (`a.b[2]."c.d"`), as used for key locations.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.segments.iter().enumerate() {
            match seg {
                Segment::Key(k) => {
                    if i > 0 {
                        write!(f, ".")?;
                    }
                    if is_bare(k) {
                        write!(f, "{k}")?;
                    } else {
                        write!(f, "\"{k}\"")?;
                    }
                }
                Segment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// One `--set`: where, what, and the argument as given (for messages and
/// for the location of the keys it sets).
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    /// The key path to set.
    pub path: KeyPath,
    /// The value to set there (one line of TOML).
    pub value: Value,
    /// The argument as given, e.g. `horizon_days=30`.
    pub argument: String,
}

/// Hint shown with a value that is not TOML.
const VALUE_HINT: &str = "hint: the value is TOML: a number (30, 0.5), true or false, a quoted \
     string ('name=\"North\"' in the shell), an array [1, 2] or an inline table { a = 1 }";

/// Parses one `--set` argument `KEY.PATH=VALUE`.
pub fn parse(argument: &str) -> Result<Override, ScenarioError> {
    parse_inner(argument).map_err(|message| error(argument, message))
}

/// Parses every `--set` argument, reporting every bad one (not only the
/// first).
pub fn parse_all(arguments: &[String]) -> Result<Vec<Override>, ScenarioError> {
    let mut problems = Vec::new();
    let mut out = Vec::with_capacity(arguments.len());
    for a in arguments {
        match parse(a) {
            Ok(o) => out.push(o),
            Err(e) => problems.extend(e.problems),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(ScenarioError { problems })
    }
}

/// An override of `key` with the TOML `value` text, as a sweep's grid
/// point or a budget option gives them; `argument` names it in messages.
pub fn from_pair(key: &str, value: &str) -> Result<Override, ScenarioError> {
    let argument = format!("{key}={value}");
    let inner = || -> Result<Override, String> {
        let path = KeyPath::parse(key.trim())?;
        check_settable(&path)?;
        Ok(Override {
            path,
            value: parse_value(value.trim())?,
            argument: argument.clone(),
        })
    };
    inner().map_err(|m| error(&argument, m))
}

/// The error for the `--set` argument `argument`, shown on one line.
fn error(argument: &str, message: String) -> ScenarioError {
    ScenarioError::single("--set", None, &one_line(argument), message)
}

/// `text` with line breaks and other control characters escaped (`\n`),
/// so a message about it stays on one line.
pub fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn parse_inner(argument: &str) -> Result<Override, String> {
    if argument.contains(['\n', '\r']) {
        return Err(
            "holds a line break: --set takes one KEY.PATH=VALUE on one line \
             (anything after the break would be lost); hint: give each value its own --set"
                .into(),
        );
    }
    let text = argument.trim_start();
    if text.is_empty() {
        return Err("is empty: expected KEY.PATH=VALUE".into());
    }
    let (path, rest) = parse_path(text)?;
    let spaced = rest.starts_with(char::is_whitespace);
    let rest = rest.trim_start();
    let Some(value) = rest.strip_prefix('=') else {
        let hint = format!(
            "hint: key and value are one argument, `--set {path}=VALUE`, not `--set {path} VALUE`"
        );
        if rest.is_empty() {
            return Err(format!("expected KEY.PATH=VALUE, found no `=`; {hint}"));
        }
        if spaced {
            return Err(format!(
                "expected `=` after the key path `{path}`, found a space; {hint}"
            ));
        }
        let at = text.len() - rest.len();
        return Err(unexpected(text, at, "`.`, `[` or `=`"));
    };
    check_settable(&path)?;
    let value = parse_value(value.trim())?;
    Ok(Override {
        path,
        value,
        argument: argument.to_string(),
    })
}

/// Keys that a `--set` may not change.
fn check_settable(path: &KeyPath) -> Result<(), String> {
    if path.segments.first() == Some(&Segment::Key("extends".into())) {
        return Err(
            "`extends` is followed when the scenario file is read, so --set cannot \
             change it; hint: write a scenario file with `extends = \"…\"` and the values \
             that differ, and run that"
                .into(),
        );
    }
    Ok(())
}

/// A value in TOML syntax: exactly one value, on one line.
pub fn parse_value(text: &str) -> Result<Value, String> {
    if text.is_empty() {
        return Err(format!("has no value after `=`; {VALUE_HINT}"));
    }
    if text.contains(['\n', '\r']) {
        return Err("the value holds a line break: a value is one line of TOML".into());
    }
    let doc = format!("v = {text}");
    match toml::from_str::<Table>(&doc) {
        Ok(mut t) if t.len() == 1 => t
            .remove("v")
            .ok_or_else(|| format!("`{text}` is not one TOML value; {VALUE_HINT}")),
        Ok(_) => Err(format!("`{text}` is not one TOML value; {VALUE_HINT}")),
        Err(e) => Err(format!(
            "`{text}` is not a TOML value ({}); {VALUE_HINT}",
            e.message().trim()
        )),
    }
}

/// Reads a key path from the start of `text`; returns it and what follows.
fn parse_path(text: &str) -> Result<(KeyPath, &str), String> {
    let mut segments = Vec::new();
    let (key, mut rest) = parse_key(text, 0)?;
    segments.push(Segment::Key(key));
    loop {
        let at = text.len() - rest.len();
        if rest.starts_with('.') {
            let (key, r) = parse_key(text, at + 1)?;
            segments.push(Segment::Key(key));
            rest = r;
        } else if let Some(after) = rest.strip_prefix('[') {
            let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if digits == 0 {
                return Err(unexpected(text, at + 1, "an index (0, 1, 2 …) after `[`"));
            }
            let index = after[..digits]
                .parse::<usize>()
                .map_err(|_| format!("index `{}` is too large", &after[..digits]))?;
            let Some(r) = after[digits..].strip_prefix(']') else {
                return Err(unexpected(text, at + 1 + digits, "`]` to close the index"));
            };
            segments.push(Segment::Index(index));
            rest = r;
        } else {
            return Ok((KeyPath { segments }, rest));
        }
    }
}

/// Reads one key at byte `at` of `text`; returns it and what follows.
fn parse_key(text: &str, at: usize) -> Result<(String, &str), String> {
    let s = &text[at..];
    if let Some(quoted) = s.strip_prefix('"') {
        let end = quoted
            .find(['"', '\\', '\n', '\r'])
            .filter(|&i| quoted[i..].starts_with('"'))
            .ok_or_else(|| {
                format!(
                    "key path `{text}`: the quoted key at column {} is not closed by `\"` \
                     (escapes and line breaks are not allowed in it)",
                    at + 1
                )
            })?;
        return Ok((quoted[..end].to_string(), &quoted[end + 1..]));
    }
    let len = s.len() - s.trim_start_matches(is_bare_char).len();
    if len == 0 {
        return Err(unexpected(
            text,
            at,
            "a key (letters, digits, `_` or `-`, or a \"quoted key\")",
        ));
    }
    Ok((s[..len].to_string(), &s[len..]))
}

fn is_bare_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

fn is_bare(k: &str) -> bool {
    !k.is_empty() && k.chars().all(is_bare_char)
}

/// "key path `text`: expected WHAT at column N, found …".
fn unexpected(text: &str, at: usize, what: &str) -> String {
    let found = match text[at..].chars().next() {
        Some(c) => format!("`{}`", one_line(&c.to_string())),
        None => "the end".into(),
    };
    let shown = one_line(text);
    format!(
        "key path `{shown}`: expected {what} at column {}, found {found}; \
         hint: a key path looks like teams.response_north.shifts[2].staff",
        at + 1
    )
}

fn set_in(root: &mut Value, init: &[Segment], last: &Segment, value: Value) -> Result<(), String> {
    let mut current = root;
    for seg in init {
        current = step(current, seg)?;
    }
    match (last, current) {
        (Segment::Key(k), Value::Table(t)) => {
            t.insert(k.clone(), value);
            Ok(())
        }
        (Segment::Index(i), Value::Array(a)) if *i < a.len() => {
            a[*i] = value;
            Ok(())
        }
        (Segment::Index(i), Value::Array(a)) => Err(format!(
            "index {i} out of range (the array has {} elements)",
            a.len()
        )),
        _ => Err(
            "no such key to set: the path must name a key of an existing table or an \
                  existing array element"
                .into(),
        ),
    }
}

fn step<'a>(v: &'a mut Value, seg: &Segment) -> Result<&'a mut Value, String> {
    match (seg, v) {
        (Segment::Key(k), Value::Table(t)) => {
            if !t.contains_key(k) {
                return Err(no_key(k, t));
            }
            t.get_mut(k)
                .ok_or_else(|| format!("no key `{k}` in the scenario"))
        }
        (Segment::Index(i), Value::Array(a)) => {
            let len = a.len();
            a.get_mut(*i)
                .ok_or_else(|| format!("index {i} out of range (length {len})"))
        }
        (Segment::Key(k), other) => Err(format!(
            "cannot take key `{k}` of a {}: the key path does not match the scenario's structure",
            other.type_str()
        )),
        (Segment::Index(i), other) => Err(format!(
            "cannot take index [{i}] of a {}: the key path does not match the scenario's structure",
            other.type_str()
        )),
    }
}

/// "no key `k` in the scenario", with the nearest key of `table` and, if
/// there are few, every key there (the teams, areas, … that exist).
fn no_key(k: &str, table: &Table) -> String {
    let keys = || table.keys().map(String::as_str);
    let mut message = format!("no key `{k}` in the scenario");
    let mut hints = Vec::new();
    if let Some(hint) = crate::suggest::did_you_mean(k, keys()) {
        hints.push(hint);
    }
    if let Some(list) = crate::suggest::names_list(keys()) {
        hints.push(format!("the keys there are {list}"));
    }
    if !hints.is_empty() {
        message.push_str(&format!("; hint: {}", hints.join("; ")));
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_paths_round_trip() {
        for text in [
            "horizon_days",
            "teams.response_north.shifts[2].staff",
            "a[0][1].b",
            "costs.options[0].add.\"teams.x.headcount\"",
        ] {
            assert_eq!(KeyPath::parse(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn malformed_key_paths_are_refused() {
        for text in [
            "shifts[0.staff",
            "a..b",
            ".a",
            "a.",
            "a[]",
            "a[-1]",
            "a[1",
            "a b",
            "[0]",
            "a.\"b",
            "a[99999999999999999999999]",
            "",
        ] {
            assert!(KeyPath::parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn values_are_one_toml_value() {
        assert_eq!(parse("a=30").unwrap().value, Value::Integer(30));
        assert_eq!(
            parse(" a = \"x y\" ").unwrap().value,
            Value::String("x y".into())
        );
        for bad in [
            "a=x y",
            "a=",
            "a=1\nb=2",
            "a",
            "extends=\"x.toml\"",
            "a=[1,",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }
}
