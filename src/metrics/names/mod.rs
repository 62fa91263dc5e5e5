//! Every metric family, once: its dotted pattern and its words. A metric
//! name is made only by filling a family's pattern
//! ([`Family::name`](super::labels::Family::name)), so no name exists
//! without a label; the families' order within a file is the order
//! [`describe`](super::labels::describe) tries them (more specific first).
//!
//! A pattern is a dotted name in which `*` stands for one segment (a
//! team, crime type, channel, grade, area or year) or part of one
//! (`answered_within_*s_share`).

/// Declares metric families as constants, and `$table`, the list of them
/// in order.
macro_rules! families {
    ($(#[$table_doc:meta])* $table:ident; $($id:ident : $pattern:expr, $label:expr, $description:expr, $unit:expr, $better:expr;)*) => {
        $(
            #[doc = concat!("`", $pattern, "`: ", $label, ".")]
            pub const $id: Family = Family {
                pattern: $pattern,
                label: $label,
                description: $description,
                unit: $unit,
                better: $better,
            };
        )*
        $(#[$table_doc])*
        pub(super) const $table: &[Family] = &[$($id),*];
    };
}

mod contact;
mod crime;
mod geography;
mod money;
mod prevention;
mod process;
mod response;
mod teams;
mod time;

pub use contact::*;
pub use crime::*;
pub use geography::*;
pub use money::*;
pub use prevention::*;
pub use process::*;
pub use response::*;
pub use teams::*;
pub use time::*;

pub use super::labels::Family;

/// Every family, more specific patterns first within each group.
#[allow(
    unused_qualifications,
    reason = "each file's `TABLE` comes in through a glob, so a bare `TABLE` is ambiguous (E0659); the lint misses that for the first one"
)]
pub(super) const TABLES: &[&[Family]] = &[
    contact::TABLE,
    response::TABLE,
    time::TABLE,
    teams::TABLE,
    crime::TABLE,
    prevention::TABLE,
    geography::TABLE,
    money::TABLE,
    process::TABLE,
];

/// Top-level groups of metric names, for readers that select a whole
/// group (`name.starts_with(names::group::CALLS)`). Each ends with a dot.
pub mod group {
    /// Contact channels (`calls.CHANNEL.…`).
    pub const CALLS: &str = "calls.";
    /// Incident counts (`incidents.…`).
    pub const INCIDENTS: &str = "incidents.";
    /// Attendance by grade (`response.GRADE.…`).
    pub const RESPONSE: &str = "response.";
    /// Rostered teams (`teams.TEAM.…`).
    pub const TEAMS: &str = "teams.";
    /// Investigation teams (`investigations.TEAM.…`).
    pub const INVESTIGATIONS: &str = "investigations.";
    /// Prevention programmes (`prevention.PROGRAMME.…`).
    pub const PREVENTION: &str = "prevention.";
    /// Geography by atom, area and base (`geography.…`).
    pub const GEOGRAPHY: &str = "geography.";
    /// One simulated year (`years.N.…`).
    pub const YEARS: &str = "years.";

    /// The team a `teams.TEAM.…` metric is of (`None` for other metrics).
    pub fn of_team(name: &str) -> Option<&str> {
        name.strip_prefix(TEAMS)?.split('.').next()
    }
}
