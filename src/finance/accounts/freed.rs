//! What process changes free: the unit-hours of response work after
//! incidents that each lever of `[after_incident]` saved in a replication,
//! a year, and what they are worth at the teams' cost per paid hour.
//!
//! The value is capacity returned, not cash saved: the officers are still
//! paid; the hours go back to calls and proactive work.

use super::ledger::accounting_days;
use crate::finance::model::WEEKS_PER_YEAR;
use crate::scenario::Model;
use crate::sim::RunStats;
use crate::sim::team::time_books::AfterFigures;

/// A process change that shortens work after incidents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lever {
    /// A records system: minutes saved per crime record and per file.
    Records,
    /// A supervisory change: minutes saved per crime record.
    Supervision,
    /// Right Care Right Person: mental-health waiting cut after N hours.
    RightCareRightPerson,
}

impl Lever {
    /// Every lever, in output order.
    pub const ALL: [Lever; 3] = [
        Lever::Records,
        Lever::Supervision,
        Lever::RightCareRightPerson,
    ];

    /// Its name in metric names (`process.NAME.…`, `teams.T.hours_freed.NAME`).
    pub fn name(self) -> &'static str {
        match self {
            Lever::Records => "records",
            Lever::Supervision => "supervision",
            Lever::RightCareRightPerson => "right_care_right_person",
        }
    }

    /// The unit-hours it freed in `a`.
    pub fn hours(self, a: &AfterFigures) -> f64 {
        match self {
            Lever::Records => a.freed_records_hours,
            Lever::Supervision => a.freed_supervision_hours,
            Lever::RightCareRightPerson => a.freed_rcrp_hours,
        }
    }
}

/// One lever's figures for a replication.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Freed {
    /// The lever.
    pub lever: Lever,
    /// Unit-hours freed a year (the run's ÷ its accounting years), ≥ 0.
    pub hours_per_year: f64,
    /// Their value at each team's employer cost per paid hour (one officer
    /// per unit), £ a year; `None` without `[costs]`.
    pub value_per_year: Option<f64>,
}

/// Each lever's hours freed a year in replication `stats` of `model`;
/// empty without an `[after_incident]` section.
pub fn freed(model: &Model, stats: &RunStats) -> Vec<Freed> {
    if model.after_incident.is_none() {
        return Vec::new();
    }
    let years = accounting_days(model).iter().sum::<f64>() / 365.0;
    Lever::ALL
        .iter()
        .map(|&lever| {
            let mut hours = 0.0;
            let mut value = 0.0;
            for (t, f) in stats.whole.teams.iter().enumerate() {
                let Some(a) = f.time.as_ref().and_then(|x| x.after.as_ref()) else {
                    continue;
                };
                let h = lever.hours(a);
                hours += h;
                if let Some(c) = &model.costs {
                    let mix = &c.teams[t].role_mix;
                    let paid_hours: f64 = mix
                        .iter()
                        .map(|&(r, s)| s * c.roles[r].hours_per_week * WEEKS_PER_YEAR)
                        .sum();
                    if paid_hours > 0.0 {
                        value += h * c.cost_per_fte_of_mix(mix) / paid_hours;
                    }
                }
            }
            Freed {
                lever,
                hours_per_year: hours / years,
                value_per_year: model.costs.as_ref().map(|_| value / years),
            }
        })
        .collect()
}
