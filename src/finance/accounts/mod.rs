//! Per-replication accounts (after the simulation): what the force costs
//! and what funds it, in typed figures, from the scenario's `[costs]` and
//! `[funding]` and the overtime the replication worked.
//!
//! [`crate::metrics::accounts`] names these figures for output (`cost.…`,
//! `funding.…`, `budget.…`, £ unless said).

pub mod freed;
pub mod ledger;

use crate::scenario::Model;
use crate::sim::RunStats;
use ledger::{Ledger, accounting_days};

/// Years of the four-year medium-term plan the precept revenue is
/// reported for (more if the run is longer).
pub const PLAN_YEARS: usize = 4;

/// The accounts of one replication. Every amount is £ (a year, where the
/// field says so); `None` where the scenario lacks the section it needs.
#[derive(Clone, Debug, PartialEq)]
pub struct Accounts {
    /// Costs, with `[costs]`.
    pub costs: Option<CostAccounts>,
    /// Funding, with `[funding]`.
    pub funding: Option<FundingAccounts>,
    /// Funding − cost, £ a year (negative: over budget), with both.
    pub surplus_per_year: Option<f64>,
    /// Each simulated year that holds counted days, for runs of more than
    /// one simulated year (empty otherwise).
    pub years: Vec<YearAccounts>,
}

/// Mean annual costs over the run, £ a year.
#[derive(Clone, Debug, PartialEq)]
pub struct CostAccounts {
    /// Every item below except the overtime and workforce subtotals.
    pub total_per_year: f64,
    /// Per rostered team (model order): (pay, on-costs, non-pay and
    /// overtime; the overtime part, for a team with an overtime rule).
    pub teams: Vec<(f64, Option<f64>)>,
    /// Per investigation team (model order): pay, on-costs and non-pay.
    pub investigations: Vec<f64>,
    /// People in no simulated team.
    pub outside_teams_per_year: f64,
    /// Per investment (cost model order): recurring + one-off ÷ life.
    pub investments: Vec<f64>,
    /// Force non-pay not itemised elsewhere.
    pub force_non_pay_per_year: f64,
    /// Overtime of every team (a subtotal).
    pub overtime_per_year: f64,
    /// Pay, on-costs and overtime of every FTE (a subtotal).
    pub workforce_per_year: f64,
    /// FTE costed, mean over the run, people.
    pub fte: f64,
}

/// Funding, £ a year.
#[derive(Clone, Debug, PartialEq)]
pub struct FundingAccounts {
    /// Net budget + precept change revenue (+ tax base growth), mean over the run.
    pub total_per_year: f64,
    /// As given.
    pub net_budget_per_year: f64,
    /// As given.
    pub police_grant_per_year: f64,
    /// Band D before the change × tax base, year 1.
    pub precept_income_per_year: f64,
    /// Band D change × tax base, mean over the run.
    pub precept_change_revenue_per_year: f64,
    /// The same in each year 1…max([`PLAN_YEARS`], years): the plan.
    pub precept_change_revenue_by_year: Vec<f64>,
}

/// One simulated year's accounts, £ within that year.
#[derive(Clone, Debug, PartialEq)]
pub struct YearAccounts {
    /// The year, counted from 1.
    pub year: usize,
    /// (total cost, overtime cost), with `[costs]`.
    pub cost: Option<(f64, f64)>,
    /// Total funding, with `[funding]`.
    pub funding: Option<f64>,
    /// Funding − cost, with both.
    pub surplus: Option<f64>,
}

impl Accounts {
    /// The accounts of a replication with statistics `stats`; `None` for a
    /// scenario without `[costs]` and `[funding]`.
    pub fn of(model: &Model, stats: &RunStats) -> Option<Accounts> {
        Accounts::with_overtime(model, &ledger::overtime_hours(model, stats))
    }

    /// The planned accounts (no overtime, which only a simulation knows);
    /// `None` for a scenario without `[costs]` and `[funding]`.
    pub fn planned(model: &Model) -> Option<Accounts> {
        Accounts::with_overtime(model, &[])
    }

    /// The accounts given the overtime hours worked, `[year][team]`.
    pub fn with_overtime(model: &Model, overtime_hours: &[Vec<f64>]) -> Option<Accounts> {
        if model.costs.is_none() && model.funding.is_none() {
            return None;
        }
        let ledger = model
            .costs
            .as_ref()
            .map(|c| Ledger::new(model, c, overtime_hours));
        let days = accounting_days(model);
        let span = days.iter().sum::<f64>() / 365.0;
        let funding_by_year: Option<Vec<f64>> = model.funding.as_ref().map(|f| {
            (0..days.len())
                .map(|y| f.total_in_year(y) * days[y] / 365.0)
                .collect()
        });
        let costs = match (&ledger, &model.costs) {
            (Some(l), Some(costs)) => Some(CostAccounts {
                total_per_year: l.total_per_year(),
                teams: model
                    .teams
                    .iter()
                    .enumerate()
                    .map(|(t, team)| {
                        let all = l.per_year(|y| l.teams[y][t]);
                        let overtime = (team.overtime.is_some() || team.minimum.is_some())
                            .then(|| l.per_year(|y| l.team_overtime[y][t]));
                        (all, overtime)
                    })
                    .collect(),
                investigations: (0..model.investigation_teams.len())
                    .map(|t| l.per_year(|y| l.investigations[y][t]))
                    .collect(),
                outside_teams_per_year: l.per_year(|y| l.outside_teams[y]),
                investments: (0..costs.investments.len())
                    .map(|i| l.per_year(|y| l.investments[y][i]))
                    .collect(),
                force_non_pay_per_year: l.per_year(|y| l.force_non_pay[y]),
                overtime_per_year: l.per_year(|y| l.year_overtime(y)),
                workforce_per_year: l.per_year(|y| l.workforce[y]),
                fte: l.fte.iter().sum::<f64>() / span,
            }),
            _ => None,
        };
        let funding = match (&model.funding, &funding_by_year) {
            (Some(f), Some(by_year)) => {
                let change: f64 = (0..days.len())
                    .map(|y| f.precept_change_revenue(y) * days[y] / 365.0)
                    .sum();
                Some(FundingAccounts {
                    total_per_year: by_year.iter().sum::<f64>() / span,
                    net_budget_per_year: f.net_budget_per_year,
                    police_grant_per_year: f.police_grant_per_year,
                    precept_income_per_year: f.precept_income(0),
                    precept_change_revenue_per_year: change / span,
                    precept_change_revenue_by_year: (0..PLAN_YEARS.max(days.len()))
                        .map(|y| f.precept_change_revenue(y))
                        .collect(),
                })
            }
            _ => None,
        };
        let surplus_per_year = match (&ledger, &funding_by_year) {
            (Some(l), Some(by_year)) => {
                Some(by_year.iter().sum::<f64>() / span - l.total_per_year())
            }
            _ => None,
        };
        let mut years = Vec::new();
        if days.len() > 1 {
            for y in (0..days.len()).filter(|&y| days[y] > 0.0) {
                let cost = ledger
                    .as_ref()
                    .map(|l| (l.year_total(y), l.year_overtime(y)));
                let funding = funding_by_year.as_ref().map(|b| b[y]);
                let surplus = match (&ledger, &funding_by_year) {
                    (Some(l), Some(b)) => Some(b[y] - l.year_total(y)),
                    _ => None,
                };
                years.push(YearAccounts {
                    year: y + 1,
                    cost,
                    funding,
                    surplus,
                });
            }
        }
        Some(Accounts {
            costs,
            funding,
            surplus_per_year,
            years,
        })
    }
}
