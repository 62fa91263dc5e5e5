//! The accounts of a replication ([`crate::finance::accounts`]) named for
//! output, after its other metrics.
//!
//! # Metrics (£ unless said)
//!
//! | name | meaning |
//! |---|---|
//! | `cost.total_per_year` | mean annual cost over the run: every item below except the overtime and workforce subtotals |
//! | `cost.teams.T.per_year` | rostered team T: pay, on-costs, non-pay and overtime |
//! | `cost.teams.T.overtime_per_year` | the overtime part (teams with an overtime rule or a minimum: queue overtime, and the escalation ladder's overtime and rest-day working) |
//! | `cost.investigations.T.per_year` | investigation team T: pay, on-costs and non-pay |
//! | `cost.outside_teams_per_year` | people in no simulated team |
//! | `cost.investments.I.per_year` | investment I: recurring + one-off ÷ life |
//! | `cost.force_non_pay_per_year` | force non-pay not itemised elsewhere |
//! | `cost.overtime_per_year` | overtime of every team (a subtotal) |
//! | `cost.workforce_per_year` | pay, on-costs and overtime of every FTE (a subtotal) |
//! | `cost.fte` | FTE costed, mean over the run (people) |
//! | `funding.total_per_year` | net budget + precept change revenue (+ tax base growth) |
//! | `funding.net_budget_per_year`, `funding.police_grant_per_year` | as given |
//! | `funding.precept_income_per_year` | Band D before the change × tax base, year 1 |
//! | `funding.precept_change_revenue_per_year` | Band D change × tax base, mean over the run |
//! | `funding.precept_change_revenue.year_K` | the same in year K = 1…max(4, years): the four-year plan |
//! | `budget.surplus_per_year` | funding − cost (negative: over budget) |
//! | `process.LEVER.hours_freed_per_year` | unit-hours a year the process change LEVER (records, supervision, right_care_right_person) frees, with `[after_incident]` (unit-hours) |
//! | `process.LEVER.value_per_year` | those hours at each team's employer cost per paid hour |
//! | `years.N.cost.total`, `years.N.cost.overtime`, `years.N.funding.total`, `years.N.budget.surplus` | each simulated year of a multi-year run, £ within that year |

use super::Metric;
use super::names as n;
use crate::finance::accounts::Accounts;
use crate::scenario::Model;
use crate::sim::Unit;

/// What each process change freed (`process.LEVER.hours_freed_per_year`,
/// unit-hours; `process.LEVER.value_per_year`, £ with `[costs]`).
pub fn freed_metrics(freed: &[crate::finance::accounts::freed::Freed]) -> Vec<Metric> {
    let mut out = Vec::new();
    for f in freed {
        let at = [f.lever.name()];
        out.push(Metric {
            name: n::PROCESS_HOURS_FREED_PER_YEAR.name(&at),
            unit: Unit::Hours.symbol(),
            value: f.hours_per_year,
        });
        if let Some(v) = f.value_per_year {
            out.push(Metric {
                name: n::PROCESS_VALUE_PER_YEAR.name(&at),
                unit: Unit::Pounds.symbol(),
                value: v,
            });
        }
    }
    out
}

/// The metrics of `accounts`, in output order.
pub fn metrics(model: &Model, accounts: &Accounts) -> Vec<Metric> {
    let mut out = Vec::new();
    let mut push = |name: String, unit: Unit, value: f64| {
        out.push(Metric {
            name,
            unit: unit.symbol(),
            value,
        });
    };
    let pounds = Unit::Pounds;
    if let (Some(c), Some(costs)) = (&accounts.costs, &model.costs) {
        push(n::COST_TOTAL_PER_YEAR.name(&[]), pounds, c.total_per_year);
        for (team, (all, overtime)) in model.teams.iter().zip(&c.teams) {
            push(n::COST_TEAMS_PER_YEAR.name(&[&team.name]), pounds, *all);
            if let Some(ot) = overtime {
                push(
                    n::COST_TEAMS_OVERTIME_PER_YEAR.name(&[&team.name]),
                    pounds,
                    *ot,
                );
            }
        }
        for (team, v) in model.investigation_teams.iter().zip(&c.investigations) {
            push(
                n::COST_INVESTIGATIONS_PER_YEAR.name(&[&team.name]),
                pounds,
                *v,
            );
        }
        push(
            n::COST_OUTSIDE_TEAMS_PER_YEAR.name(&[]),
            pounds,
            c.outside_teams_per_year,
        );
        for (inv, v) in costs.investments.iter().zip(&c.investments) {
            push(n::COST_INVESTMENTS_PER_YEAR.name(&[&inv.name]), pounds, *v);
        }
        push(
            n::COST_FORCE_NON_PAY_PER_YEAR.name(&[]),
            pounds,
            c.force_non_pay_per_year,
        );
        push(
            n::COST_OVERTIME_PER_YEAR.name(&[]),
            pounds,
            c.overtime_per_year,
        );
        push(
            n::COST_WORKFORCE_PER_YEAR.name(&[]),
            pounds,
            c.workforce_per_year,
        );
        push(n::COST_FTE.name(&[]), Unit::People, c.fte);
    }
    if let Some(f) = &accounts.funding {
        push(
            n::FUNDING_TOTAL_PER_YEAR.name(&[]),
            pounds,
            f.total_per_year,
        );
        push(
            n::FUNDING_NET_BUDGET_PER_YEAR.name(&[]),
            pounds,
            f.net_budget_per_year,
        );
        push(
            n::FUNDING_POLICE_GRANT_PER_YEAR.name(&[]),
            pounds,
            f.police_grant_per_year,
        );
        push(
            n::FUNDING_PRECEPT_INCOME_PER_YEAR.name(&[]),
            pounds,
            f.precept_income_per_year,
        );
        push(
            n::FUNDING_PRECEPT_CHANGE_REVENUE_PER_YEAR.name(&[]),
            pounds,
            f.precept_change_revenue_per_year,
        );
        for (y, v) in f.precept_change_revenue_by_year.iter().enumerate() {
            let year = format!("year_{}", y + 1);
            push(
                n::FUNDING_PRECEPT_CHANGE_REVENUE_YEAR.name(&[&year]),
                pounds,
                *v,
            );
        }
    }
    if let Some(surplus) = accounts.surplus_per_year {
        push(n::BUDGET_SURPLUS_PER_YEAR.name(&[]), pounds, surplus);
    }
    for y in &accounts.years {
        if let Some((total, overtime)) = y.cost {
            push(n::COST_TOTAL.in_year(y.year, &[]), pounds, total);
            push(n::COST_OVERTIME.in_year(y.year, &[]), pounds, overtime);
        }
        if let Some(funding) = y.funding {
            push(n::FUNDING_TOTAL.in_year(y.year, &[]), pounds, funding);
        }
        if let Some(surplus) = y.surplus {
            push(n::BUDGET_SURPLUS.in_year(y.year, &[]), pounds, surplus);
        }
    }
    out
}
