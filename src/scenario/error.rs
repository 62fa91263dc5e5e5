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
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if !self.key_path.is_empty() {
            write!(f, ": {}", self.key_path)?;
        }
        write!(f, ": {}", self.message)
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
