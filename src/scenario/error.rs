//! Errors in scenario files, each located by file, line and key path.

use std::fmt;

/// One thing wrong with a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The file as the user named it (or the embedded scenario's name).
    pub file: String,
    /// 1-based line of the key, when it could be located.
    pub line: Option<usize>,
    /// Dotted key path, e.g. `teams.response_north.shifts[2].staff`; empty
    /// for a problem with the whole file.
    pub key_path: String,
    /// What was wrong and what was expected.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // An empty file and key path: the message says where.
        let mut place = self.file.clone();
        if let Some(line) = self.line {
            place.push_str(&format!(":{line}"));
        }
        if !self.key_path.is_empty() {
            if !place.is_empty() {
                place.push_str(": ");
            }
            place.push_str(&self.key_path);
        }
        if place.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{place}: {}", self.message)
        }
    }
}

/// A scenario that could not be read or is not valid. Every problem found
/// is reported, not only the first.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioError {
    /// Every problem found, each located; at least one.
    pub problems: Vec<Problem>,
}

impl ScenarioError {
    /// An error with one problem.
    pub fn single(file: &str, line: Option<usize>, key_path: &str, message: String) -> Self {
        ScenarioError {
            problems: vec![Problem {
                file: file.to_string(),
                line,
                key_path: key_path.to_string(),
                message,
            }],
        }
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ScenarioError {}
